#!/usr/bin/env bash
# The database is checked against the code at start-up: the vocabulary's
# lookup tables hold exactly the words of common/vocab.def (a word the code
# lacks stops the server; a word the database lacks is added), settings keys
# match server/domain/settings.def, and an applied migration that changed
# stops the server (docs/deploy.md).
. "$RS_TESTS/lib.sh"
rs_setup

# The words of one vocab.def row kind, in order, comma-separated.
def_words() {
  sed -n "s/^$1(\([A-Z_]*\), *\([a-z_]*\)[,)].*/\2/p" "$RS_TESTS/../common/vocab.def" | paste -sd, -
}

# A copy of the schema, so a test can edit what the server applies.
cp -r "$RS_TESTS/../schema" "$T/schema"
export REINSTATE_SCHEMA_DIR=$T/schema
rs_start_server
rs_stop_server || fail "server did not stop cleanly"

for pair in STAGE:vocab_stage OPENING:vocab_opening CHANNEL:vocab_channel ROLE:vocab_contact_role \
  OUTCOME:vocab_outcome LOSS:vocab_loss_reason; do
  kind=${pair%%:*} table=${pair#*:}
  want=$(def_words "$kind")
  [ -n "$want" ] || fail "no $kind rows in vocab.def"
  got=$(sql "SELECT string_agg(word, ',' ORDER BY position) FROM $table")
  expect_eq "$got" "$want" "$table"
done
expect_eq "$(sql "SELECT string_agg(word, ',' ORDER BY position) FROM vocab_stage WHERE closed")" \
  "reinstated,lost" "closed stages"

# Every applied migration has its checksum recorded.
expect_eq "$(sql "SELECT count(*) FROM schema_migrations WHERE checksum IS NULL")" 0 \
  "migrations without a checksum"

# A word the database lacks is added back at start-up, where it belongs.
sql "DELETE FROM vocab_loss_reason WHERE word = 'client_withdrew'" >/dev/null
rs_start_server
rs_stop_server || fail "server did not stop cleanly"
expect_eq "$(sql "SELECT string_agg(word, ',' ORDER BY position) FROM vocab_loss_reason")" \
  "$(def_words LOSS)" "loss reasons after the restart"

# The columns take only words of the lists: stage history too.
expect_exit 1 sql_try "INSERT INTO vocab_outcome (word, position) VALUES ('Bad Word', 99)"
case_fk=$(sql "SELECT count(*) FROM pg_constraint WHERE conrelid = 'stage_history'::regclass AND contype = 'f' AND confrelid IN ('vocab_stage'::regclass, 'vocab_loss_reason'::regclass)")
expect_eq "$case_fk" 3 "stage_history's references to the word lists"

# A word the code does not know: the server refuses to start, naming it.
sql "INSERT INTO vocab_outcome (word, position) VALUES ('contact_vanished', 99)" >/dev/null
expect_exit 1 timeout 60 "$RS_BIN/reinstated" --listen "$RS_URL"
expect_contains "$ERR" "outcome 'contact_vanished'"
expect_contains "$ERR" "refusing to start"
sql "DELETE FROM vocab_outcome WHERE word = 'contact_vanished'" >/dev/null

# A missing setting comes back with its default.
sql "DELETE FROM settings WHERE key = 'stale_after_days'" >/dev/null

# An applied migration edited afterwards: the server refuses to start and
# says which one; restored, it starts again.
cp "$T/schema/003_cases.sql" "$T/003.orig"
echo "-- an afterthought" >>"$T/schema/003_cases.sql"
expect_exit 1 timeout 60 "$RS_BIN/reinstated" --listen "$RS_URL"
expect_contains "$ERR" "migration 003_cases.sql changed after it was applied"
expect_exit 1 "$RS_BIN/reinstated" migrate
cp "$T/003.orig" "$T/schema/003_cases.sql"
rs_start_server
expect_eq "$(sql "SELECT value FROM settings WHERE key = 'stale_after_days'")" 14 \
  "a missing setting's default"
pass
