#!/usr/bin/env bash
# The "more:" hint of a list cut short is the command as typed, filters and
# all, with the next page's token; it goes to stderr (stdout stays the
# table), and running it gives the next page of the same query.
. "$RS_TESTS/lib.sh"
. "$RS_TESTS/cases_lib.sh"
rs_setup
rs_start_server
read -r AID TADM <<<"$(mk_coach boss@example.com 'Boss' admin)"
read -r CA TA <<<"$(mk_coach ana@example.com 'Ana')"
read -r _ TB <<<"$(mk_coach bo@example.com 'Bo')"
export REINSTATE_TOKEN=$TA
expect_exit 0 rs client add --name "Jordan"
CL=$OUT
for co in "Acme One" "Acme Two" "Acme Three" "Globex" "Initech"; do
  expect_exit 0 rs case open --client "$CL" --company "$co" --role Dev --manager Dana
  K=$OUT
done
REINSTATE_TOKEN=$TB rs client add --name "Other" >/dev/null || fail "Bo's client"

# hint_of STDERR: the command after "more: ", checked to be there.
hint_of() {
  local h
  h=$(sed -n 's/^more: //p' <<<"$1")
  [ -n "$h" ] || fail "no 'more:' hint on stderr: $1"
  echo "$h"
}

# run_hint HINT: runs it (it starts with "reinstate") against the test's server.
run_hint() {
  local -a words
  eval "words=($1)"
  [ "${words[0]}" = reinstate ] || fail "the hint is not a reinstate command: $1"
  expect_exit 0 "$RS_BIN/reinstate" --server "$RS_URL" "${words[@]:1}"
}

# case list with a filter: each page, by the hint, stays within the filter.
expect_exit 0 rs case list --page-size 1 --company "acme"
expect_not_contains "$OUT" "more:" "stdout of case list"
seen=$(grep -c "Acme" <<<"$OUT")
h=$(hint_of "$ERR")
expect_contains "$h" "--company acme" "the hint"
for _ in 1 2; do
  run_hint "$h"
  expect_contains "$OUT" "Acme" "the next page of the acme cases"
  expect_not_contains "$OUT" "Globex" "the next page of the acme cases"
  seen=$((seen + $(grep -c "Acme" <<<"$OUT")))
  grep -q '^more: ' <<<"$ERR" && h=$(hint_of "$ERR")
done
expect_eq "$seen" 3 "acme cases seen over the pages"
expect_not_contains "$ERR" "more:" "after the last page"

# A positional argument is kept (attempt list CASE).
for o in no_answer left_message; do
  expect_exit 0 rs attempt log "$K" --channel phone --contact-role hiring_manager --contact Dana --outcome "$o"
done
expect_exit 0 rs attempt list "$K" --page-size 1
first=$OUT
h=$(hint_of "$ERR")
expect_contains "$h" "attempt list $K " "the attempt hint"
run_hint "$h"
if grep -q no_answer <<<"$first"; then want=left_message; else want=no_answer; fi
expect_contains "$OUT" "$want" "the second attempt page"

# audit list --actor: the hint keeps the actor, on stderr.
export REINSTATE_TOKEN=$TADM
expect_exit 0 rs audit list --actor "$CA" --limit 2
expect_not_contains "$OUT" "more:" "stdout of audit list"
h=$(hint_of "$ERR")
expect_contains "$h" "--actor $CA" "the audit hint"
run_hint "$h"
expect_contains "$OUT" "ana@example.com" "the next audit page"
expect_not_contains "$OUT" "bo@example.com" "the next audit page"
expect_not_contains "$OUT" "boss@example.com" "the next audit page"

# audit list and outbox list, logs of --limit N: --all-pages follows the
# pages to the end at N rows a call and prints one list (one CSV header,
# one JSON array, one table), every row once.
audit_calls() { grep -c 'method=reinstate.v1.Audit/ListAudit' "$T/server.log"; }
expect_exit 0 rs --json audit list --actor "$CA"
n_audit=$(printf '%s' "$OUT" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["entries"]))')
[ "$n_audit" -ge 3 ] || fail "Ana has only $n_audit audit entries"
calls=$(audit_calls)
expect_exit 0 rs -o csv audit list --actor "$CA" --limit 2 --all-pages
python3 - "$OUT" "$n_audit" <<'EOF' || fail "audit list --all-pages CSV: $OUT"
import csv, io, sys
rows = list(csv.reader(io.StringIO(sys.argv[1], newline="")))
assert rows[0][0] == "WHEN" and sum(r[0] == "WHEN" for r in rows) == 1, rows
assert len(rows) - 1 == int(sys.argv[2]), rows
EOF
expect_eq "$(($(audit_calls) - calls))" "$(((n_audit + 1) / 2))" "$n_audit entries in pages of 2"
expect_not_contains "$ERR" "more:" "audit list --all-pages leaves no page to ask for"
expect_exit 0 rs --json audit list --actor "$CA" --limit 2 --all-pages
expect_eq "$(printf '%s' "$OUT" | python3 -c 'import json,sys; print(len({e["id"] for e in json.load(sys.stdin)["entries"]}))')" "$n_audit" "audit list --all-pages JSON"
expect_exit 0 rs audit list --actor "$CA" --limit 2 --all-pages
expect_eq "$(printf '%s\n' "$OUT" | grep -c '^WHEN')" "1" "audit list --all-pages table: one header"
expect_eq "$(printf '%s\n' "$OUT" | grep -c 'ana@example.com')" "$n_audit" "audit list --all-pages table"
# Without --all-pages it is still one page.
expect_exit 0 rs -o csv audit list --actor "$CA" --limit 2
expect_eq "$(printf '%s\n' "$OUT" | tr -d '\r' | wc -l)" "3" "audit list --limit 2 alone is one page"

# The outbox: three failed messages (as the mailer leaves them). The
# mailer may queue digests of its own meanwhile: --status failed leaves
# them out, and the filter holds on every page.
sql "INSERT INTO outbox (message_id, kind, dedupe_key, coach_id, recipient, subject, body_text,
                         status, attempts, last_error)
     SELECT '<digest.' || g || '@example.com>', 'digest', 'digest/' || g, $CA, 'ana@example.com',
            'Your day', 'digest ' || g, 'failed', 5, 'relay refused' FROM generate_series(1, 3) g" >/dev/null || fail "the outbox rows"
n_out=3
expect_exit 0 rs outbox list --status failed --limit 1
expect_contains "$(hint_of "$ERR")" "outbox list --status failed --limit 1 --page-token" "the outbox hint"
outbox_calls() { grep -c 'method=reinstate.v1.Outbox/ListOutbox' "$T/server.log"; }
calls=$(outbox_calls)
expect_exit 0 rs -o csv outbox list --status failed --limit 1 --all-pages
python3 - "$OUT" "$n_out" <<'EOF' || fail "outbox list --all-pages CSV: $OUT"
import csv, io, sys
rows = list(csv.reader(io.StringIO(sys.argv[1], newline="")))
assert rows[0][0] == "ID" and sum(r[0] == "ID" for r in rows) == 1, rows
ids = [r[0] for r in rows[1:]]
assert len(ids) == int(sys.argv[2]) and len(set(ids)) == len(ids), ids
EOF
expect_eq "$(($(outbox_calls) - calls))" "$n_out" "$n_out messages in pages of 1 are as many calls"
expect_not_contains "$ERR" "more:" "outbox list --all-pages leaves no page to ask for"
expect_exit 0 rs --json outbox list --status failed --limit 1 --all-pages
expect_eq "$(printf '%s' "$OUT" | python3 -c 'import json,sys; j=json.load(sys.stdin); print(len({m["id"] for m in j["messages"]}), bool(j["relay"]))')" "$n_out True" "outbox list --all-pages JSON, with the relay"
expect_exit 0 rs outbox list --status failed --limit 1 --all-pages
expect_eq "$(printf '%s\n' "$OUT" | grep -c '^ID')" "1" "outbox list --all-pages table: one header"
expect_eq "$(printf '%s\n' "$OUT" | grep -c '^relay: ')" "1" "outbox list --all-pages table: one relay line"
expect_eq "$(printf '%s\n' "$OUT" | grep -c '^ *[0-9]')" "$n_out" "outbox list --all-pages table"
pass
