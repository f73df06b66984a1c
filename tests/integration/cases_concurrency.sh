#!/usr/bin/env bash
# Etags and idempotency: an update carrying a stale etag is ABORTED (exit 6)
# and changes nothing; a repeated request_id returns the first response and
# writes no second row.
. "$RS_TESTS/lib.sh"
. "$RS_TESTS/cases_lib.sh"
rs_setup
rs_start_server
read -r CA TA <<<"$(mk_coach ana@example.com 'Ana')"
export REINSTATE_TOKEN=$TA

expect_exit 0 rs --json client add --name "Jordan"
CL=$(json_get "$OUT" 'j["id"]')
E1=$(json_get "$OUT" 'j["etag"]')
expect_exit 0 rs --json client edit "$CL" --phone "+44 20 7946 0000" --etag "$E1"
E2=$(json_get "$OUT" 'j["etag"]')
[ "$E1" != "$E2" ] || fail "etag did not change on update"
expect_exit 6 rs client edit "$CL" --name "Lost update" --etag "$E1"
expect_contains "$ERR" "client '$CL' was changed by someone else (etag mismatch)"
expect_contains "$ERR" "ABORTED"
expect_exit 6 rs client archive "$CL" --etag "$E1"
expect_eq "$(sql "SELECT name FROM clients WHERE id = $CL")" "Jordan"
# Without --etag the CLI reads the current one first.
expect_exit 0 rs client edit "$CL" --name "Jordan Lee"

expect_exit 0 rs --json case open --client "$CL" --company Acme --role Dev --manager Dana
K=$(json_get "$OUT" 'j["id"]')
KE=$(json_get "$OUT" 'j["etag"]')
expect_exit 0 rs case opening "$K" open
for cmd in "case edit $K --company Other --etag $KE" "case move $K awaiting_response --etag $KE" \
           "case close $K --won --etag $KE" "case opening $K filled --etag $KE"; do
  # shellcheck disable=SC2086
  expect_exit 6 rs $cmd
  expect_contains "$ERR" "case '$K' was changed by someone else (etag mismatch)"
done
expect_eq "$(sql "SELECT company || ' ' || stage || ' ' || opening_status FROM cases WHERE id = $K")" \
  "Acme contact_manager open"
expect_exit 0 rs --json case show "$K"
KE=$(json_get "$OUT" 'j["case"]["etag"]')
expect_exit 0 rs case edit "$K" --company "Acme Inc" --etag "$KE"
expect_exit 0 rs task add "$K" --due 2030-01-01 "call"
TASK=$OUT
expect_exit 6 rs task done "$TASK" --etag 999
expect_exit 0 rs task done "$TASK" --etag 1

# Repeated request_id: the first response comes back, one row is written;
# the same id with another request is refused (request_reuse.sh).
export REINSTATE_REQUEST_ID=retry-client-1
expect_exit 0 rs client add --name "Once Only"
FIRST=$OUT
expect_exit 0 rs client add --name "Once Only"
expect_eq "$OUT" "$FIRST" "replayed client id"
expect_exit 3 rs client add --name "Different body, same key"
expect_contains "$ERR" "request_id reused with a different request"
expect_eq "$(sql "SELECT count(*) FROM clients WHERE name = 'Once Only'")" 1
expect_eq "$(sql "SELECT count(*) FROM clients WHERE name LIKE 'Different%'")" 0

for what in "case open --client $CL --company Dup --role R --manager M" \
            "attempt log $K --channel phone --contact-role hiring_manager --contact Dana --outcome in_discussion" \
            "note add $K dup-note" "task add $K --due 2030-02-02 dup-task"; do
  export REINSTATE_REQUEST_ID="retry-$RANDOM-$RANDOM"
  # shellcheck disable=SC2086
  expect_exit 0 rs $what
  FIRST=$OUT
  # shellcheck disable=SC2086
  expect_exit 0 rs $what
  expect_eq "$OUT" "$FIRST" "replay of '$what'"
done
expect_eq "$(sql "SELECT count(*) FROM cases WHERE company = 'Dup'")" 1
expect_eq "$(sql "SELECT count(*) FROM attempts WHERE case_id = $K")" 1
expect_eq "$(sql "SELECT count(*) FROM stage_history WHERE case_id = $K AND to_stage = 'in_discussion'")" 1
expect_eq "$(sql "SELECT count(*) FROM notes WHERE body = 'dup-note'")" 1
expect_eq "$(sql "SELECT count(*) FROM tasks WHERE title = 'dup-task'")" 1
# The same key on another method is refused, not replayed.
expect_exit 3 rs note add "$K" "another"
expect_contains "$ERR" "was already used"
unset REINSTATE_REQUEST_ID
pass
