#!/usr/bin/env bash
# A word added to common/vocab.def reaches the database with no other edit:
# the server's start-up fills the lookup tables, and no CHECK constraint
# spells the list again. Here the start-up's insert is done by hand (the
# words are not in this build's vocab.def): a new outcome is then accepted
# on an attempt, and a new stage is closed or open as its row says.
. "$RS_TESTS/lib.sh"
. "$RS_TESTS/cases_lib.sh"
rs_setup
rs_start_server
read -r _ TA <<<"$(mk_coach ana@example.com 'Ana')"
export REINSTATE_TOKEN=$TA
expect_exit 0 rs client add --name "Jordan"
CL=$OUT
expect_exit 0 rs case open --client "$CL" --company Acme --role Dev --manager Dana
K=$OUT

sql "INSERT INTO vocab_outcome (word, position) VALUES ('left_voicemail', 99)" >/dev/null
expect_exit 0 sql_try "INSERT INTO attempts (case_id, coach_id, channel, contact_role, contact_name,
  outcome, logged_by) SELECT id, coach_id, 'phone', 'hr', 'Kim', 'left_voicemail', coach_id
  FROM cases WHERE id = $K"
# A word in no list is still refused, by the lookup table's key.
expect_exit 1 sql_try "INSERT INTO attempts (case_id, coach_id, channel, contact_role, contact_name,
  outcome, logged_by) SELECT id, coach_id, 'phone', 'hr', 'Kim', 'waved', coach_id
  FROM cases WHERE id = $K"
expect_contains "$ERR" "attempts_outcome_word"

# A new closed stage closes a case; a new open one keeps it open.
sql "INSERT INTO vocab_stage (word, position, closed) VALUES ('withdrawn', 98, true),
  ('on_hold', 99, false)" >/dev/null
expect_exit 0 sql_try "UPDATE cases SET stage = 'withdrawn', closed_at = now() WHERE id = $K"
expect_exit 1 sql_try "UPDATE cases SET stage = 'withdrawn', closed_at = NULL WHERE id = $K"
expect_contains "$ERR" "closed"
expect_exit 0 sql_try "UPDATE cases SET stage = 'on_hold', closed_at = NULL WHERE id = $K"
expect_exit 1 sql_try "UPDATE cases SET stage = 'on_hold', closed_at = now() WHERE id = $K"
# The two closed stages of vocab.def keep their rule.
expect_exit 1 sql_try "UPDATE cases SET stage = 'reinstated', closed_at = NULL WHERE id = $K"
expect_exit 0 sql_try "UPDATE cases SET stage = 'reinstated', closed_at = now() WHERE id = $K"

# No CHECK constraint on a vocabulary column lists words (PostgreSQL shows an
# IN list as "= ANY (ARRAY[...])").
expect_eq "$(sql "SELECT string_agg(conname, ', ') FROM pg_constraint WHERE contype = 'c'
  AND conrelid IN ('cases'::regclass, 'attempts'::regclass, 'stage_history'::regclass)
  AND pg_get_constraintdef(oid) ~ '(stage|outcome|channel|contact_role|opening_status|loss_reason)\\)? = ANY'")" \
  "" "check constraints that list vocabulary words"
pass
