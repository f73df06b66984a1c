#!/usr/bin/env bash
# Bounded growth: the server's janitor deletes login_throttle rows and
# stored request_id replies older than their retention settings
# (throttle_retention_days, idempotency_retention_days), keeping recent
# ones and locked keys; a job seeker's status checks leave one audit row per
# code per hour, with the count; refused guesses (wrong access codes, wrong
# passwords) reach the server log at most once per interval per kind, with
# the number of lines left out.
. "$RS_TESTS/lib.sh"
. "$RS_TESTS/cases_lib.sh"
rs_setup
# A janitor pass every 300 ms (default: hourly), a guess line every 3 s.
export REINSTATE_MAIL_TICK_MS=200 REINSTATE_JANITOR_EVERY_MS=300 REINSTATE_GUESS_LOG_EVERY_MS=3000
rs_start_server
read -r _ TA <<<"$(mk_coach ana@example.com 'Ana Coach')"
ADMIN=$(cat "$T/cases-admin-token")
seeker() {
  env -u REINSTATE_TOKEN XDG_CONFIG_HOME="$T/seeker" "$RS_BIN/reinstate" --server "$RS_URL" "$@"
}
# wait_for SQL WANT WHAT: polls until SQL answers WANT (at most 60 s).
wait_for() {
  local got
  for _ in $(seq 1 300); do
    got=$(sql "$1")
    [ "$got" = "$2" ] && return 0
    sleep 0.2
  done
  fail "$3: '$got', expected '$2' (SQL: $1)"
}

# --- the settings, with their documented defaults.
expect_exit 0 as "$TA" --json settings show
expect_contains "$OUT" "throttle_retention_days"
expect_contains "$OUT" "idempotency_retention_days"
expect_eq "$(sql "SELECT value FROM settings WHERE key = 'throttle_retention_days'")" 1 "throttle retention default"
expect_eq "$(sql "SELECT value FROM settings WHERE key = 'idempotency_retention_days'")" 7 "idempotency retention default"
expect_exit 3 as "$ADMIN" settings set idempotency_retention_days 0

# --- stored replies: old ones go, recent ones stay.
for i in 1 2 3 4; do
  expect_exit 0 env REINSTATE_REQUEST_ID="keep-$i" REINSTATE_TOKEN="$TA" "$RS_BIN/reinstate" --server "$RS_URL" client add --name "Client $i"
done
expect_eq "$(sql "SELECT count(*) FROM idempotency WHERE request_id LIKE 'keep-%'")" 4 "claimed requests"
sql "UPDATE idempotency SET created_at = now() - interval '8 days' WHERE request_id IN ('keep-1', 'keep-2')" >/dev/null
sql "UPDATE idempotency SET created_at = now() - interval '6 days' WHERE request_id = 'keep-3'" >/dev/null
wait_for "SELECT string_agg(request_id, ',' ORDER BY request_id) FROM idempotency WHERE request_id LIKE 'keep-%'" \
  "keep-3,keep-4" "stored replies after the janitor"
# A request_id whose reply was purged runs again (documented).
expect_exit 0 env REINSTATE_REQUEST_ID=keep-1 REINSTATE_TOKEN="$TA" "$RS_BIN/reinstate" --server "$RS_URL" client add --name "Client 1"
expect_eq "$(sql "SELECT count(*) FROM clients WHERE name = 'Client 1'")" 2 "clients made by request keep-1"
# The setting counts: 30 days keeps a reply of 10 days; one of 40 goes.
expect_exit 0 as "$ADMIN" settings set idempotency_retention_days 30
sql "UPDATE idempotency SET created_at = now() - interval '10 days' WHERE request_id = 'keep-3'" >/dev/null
sql "UPDATE idempotency SET created_at = now() - interval '40 days' WHERE request_id = 'keep-4'" >/dev/null
wait_for "SELECT count(*) FROM idempotency WHERE request_id = 'keep-4'" 0 "a reply past 30 days"
expect_eq "$(sql "SELECT count(*) FROM idempotency WHERE request_id = 'keep-3'")" 1 "a reply of 10 days under a 30-day retention"

# --- throttle rows: old ones go, recent and locked ones stay.
for i in 1 2 3; do
  expect_exit 5 sh -c "echo wrong-password-$i | XDG_CONFIG_HOME=$T/guesser '$RS_BIN/reinstate' --server $RS_URL login --email nobody$i@example.com --password-stdin"
done
[ "$(sql "SELECT count(*) FROM login_throttle WHERE key LIKE 'nobody%'")" = 3 ] || fail "throttle rows: $(sql "SELECT key FROM login_throttle")"
# One statement, so that no janitor pass sees the one half-made.
sql "UPDATE login_throttle SET last_failure = now() - interval '2 days',
            locked_until = CASE WHEN key LIKE 'nobody2%' THEN now() + interval '1 hour' ELSE locked_until END
      WHERE key LIKE 'nobody1%' OR key LIKE 'nobody2%'" >/dev/null
wait_for "SELECT count(*) FROM login_throttle WHERE key LIKE 'nobody1%'" 0 "an old throttle row"
expect_eq "$(sql "SELECT count(*) FROM login_throttle WHERE key LIKE 'nobody2%'")" 1 "a locked throttle row"
expect_eq "$(sql "SELECT count(*) FROM login_throttle WHERE key LIKE 'nobody3%'")" 1 "a recent throttle row"
grep -q "janitor: removed" "$T/server.log" || fail "the janitor said nothing in the log"

# --- status checks: one audit row per code per hour, with the count.
expect_exit 0 as "$TA" client add --name "Jordan Lee"
expect_exit 0 as "$TA" case open --client "$OUT" --company "Acme" --role "Dev" --manager "Dana"
K=$OUT
expect_exit 0 as "$TA" --json case share "$K"
CODE=$(json_get "$OUT" 'j["code"]')
ID=$(json_get "$OUT" 'j["access_code_id"]')
for _ in $(seq 1 25); do expect_exit 0 seeker status --code "$CODE"; done
VIEWS="SELECT count(*) || ':' || coalesce(sum(repeats), 0) FROM audit_log WHERE record = 'case/$K' AND method = 'reinstate.v1.Access/GetStatus'"
expect_eq "$(sql "$VIEWS")" "1:25" "status-view audit rows and their count"
expect_contains "$(sql "SELECT summary FROM audit_log WHERE record = 'case/$K' AND method = 'reinstate.v1.Access/GetStatus'")" "25 times"
expect_exit 0 as "$ADMIN" audit list --record "case/$K"
expect_contains "$OUT" "status viewed by the job seeker 25 times this hour"
expect_exit 0 as "$TA" --json case shares "$K"
expect_eq "$(json_get "$OUT" 'j["shares"][0]["views"]')" 25 "the code's own count"
# Another code of the case: a row of its own.
expect_exit 0 as "$TA" --json case share "$K"
CODE2=$(json_get "$OUT" 'j["code"]')
expect_exit 0 seeker status --code "$CODE2"
expect_eq "$(sql "$VIEWS")" "2:26" "rows after another code's check"
# The hour before is a row of its own: the next check starts a new one.
sql "UPDATE audit_log SET at = at - interval '1 hour' WHERE record = 'case/$K' AND method = 'reinstate.v1.Access/GetStatus' AND access_code_id = $ID" >/dev/null
expect_exit 0 seeker status --code "$CODE"
expect_exit 0 seeker status --code "$CODE"
expect_eq "$(sql "$VIEWS")" "3:28" "rows after a check in a new hour"

# --- refused guesses reach the log at a bounded rate.
guess_lines() { grep -c 'method=reinstate.v1.Access/GetStatus code=\(NOT_FOUND\|RESOURCE_EXHAUSTED\)' "$T/server.log"; }
before=$(guess_lines)
start=$(date +%s%N)
N=45
for i in $(seq 1 $N); do
  RS_MAY_FAIL=1 seeker status --code "ZZZZ-ZZZZ-ZZZZ-$(printf '%04d' "$i")" >/dev/null 2>&1
  st=$?
  [ "$st" = 4 ] || [ "$st" = 7 ] || fail "a wrong code exited $st"
done
elapsed_ms=$((($(date +%s%N) - start) / 1000000))
lines=$(($(guess_lines) - before))
bound=$((2 + elapsed_ms / 3000))
[ "$lines" -le "$bound" ] || fail "$lines log lines for $N refused codes in $elapsed_ms ms (at most $bound)"
[ "$lines" -lt "$N" ] || fail "every refused code was logged ($lines lines)"
echo "$N refused codes in $elapsed_ms ms: $lines log lines (at most $bound)"
# After the interval, the next refused guess's line says how many were left out:
# the lines and the counts add up to every refused guess.
sleep 3.2
RS_MAY_FAIL=1 seeker status --code "ZZZZ-ZZZZ-ZZZZ-9999" >/dev/null 2>&1
lines=$(($(guess_lines) - before))
suppressed=$(grep 'method=reinstate.v1.Access/GetStatus code=\(NOT_FOUND\|RESOURCE_EXHAUSTED\)' "$T/server.log" | tail -n "$lines" |
  sed -n 's/.* suppressed=\([0-9]*\).*/\1/p' | awk '{s += $1} END {print s + 0}')
expect_eq "$((lines + ${suppressed:-0}))" "$((N + 1))" "logged plus left-out refused codes"
echo "$((N + 1)) refused codes: $lines lines, $suppressed left out and counted"
# Wrong passwords are a kind of their own, logged as such.
grep -q 'method=reinstate.v1.Auth/Login code=UNAUTHENTICATED.* guess=login' "$T/server.log" ||
  fail "a refused login is not logged as a guess"
pass
