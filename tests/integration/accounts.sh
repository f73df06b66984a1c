#!/usr/bin/env bash
# Coaches, sessions, roles, throttling, revocation, expiry, the audit log,
# row-level security as the second lock, and no secrets in the log.
. "$RS_TESTS/lib.sh"
rs_setup

ADMIN_PW='admin-secret-pw-1'
A_PW='coach-a-secret-pw'
B_PW='coach-b-secret-pw'
echo "$ADMIN_PW" | "$RS_BIN/reinstated" admin create --email admin@agency.test --name "Ada Admin" --password-stdin >/dev/null ||
  fail "admin create"
expect_exit 0 "$RS_BIN/reinstated" admin create --email other@agency.test --if-no-admin
expect_contains "$OUT" "already exists"

rs_start_server --login-max-failures 3 --login-lockout 2

# Each user has their own config directory.
as() {
  local who=$1
  shift
  XDG_CONFIG_HOME=$T/cfg-$who rs "$@"
}

echo "$ADMIN_PW" | as admin login --email admin@agency.test --password-stdin >/dev/null || fail "admin login"
cfg=$T/cfg-admin/reinstate/config
[ "$(stat -c %a "$cfg")" = 600 ] || fail "config file mode is $(stat -c %a "$cfg")"
expect_exit 0 as admin whoami
expect_contains "$OUT" "admin@agency.test"
expect_contains "$OUT" "admin"

expect_exit 0 sh -c "echo '$A_PW' | XDG_CONFIG_HOME=$T/cfg-admin '$RS_BIN/reinstate' --server $RS_URL --json coach add --email a@agency.test --name 'Coach A' --password-stdin"
A_ID=$(echo "$OUT" | sed -n 's/.*"id": \([0-9]*\).*/\1/p' | head -1)
expect_exit 0 as admin coach add --email b@agency.test --name "Coach B"
expect_contains "$OUT" "temporary password:"
B_ID=$(echo "$OUT" | sed -n 's/^created coach \([0-9]*\).*/\1/p')
B_TMP=$(echo "$OUT" | sed -n 's/^temporary password: //p')
[ -n "$A_ID" ] && [ -n "$B_ID" ] && [ -n "$B_TMP" ] || fail "ids or temporary password missing"
expect_exit 6 as admin coach add --email A@agency.test --name "Dup"
expect_contains "$ERR" "already exists"
expect_exit 3 as admin coach add --email not-an-email --name "X"
expect_contains "$ERR" "email"

# Temporary password, then the coach chooses their own.
echo "$B_TMP" | as b login --email b@agency.test --password-stdin >/dev/null || fail "b login with temporary password"
printf '%s\n%s\n' "$B_TMP" "$B_PW" | as b passwd --password-stdin >/dev/null || fail "b passwd"
expect_exit 0 as b whoami
printf '%s\n%s\n' "wrong-current-pw" "another-pw-123" | XDG_CONFIG_HOME=$T/cfg-b rs_try passwd --password-stdin >/dev/null 2>&1 &&
  fail "passwd accepted a wrong current password"

expect_exit 0 sh -c "echo '$A_PW' | XDG_CONFIG_HOME=$T/cfg-a '$RS_BIN/reinstate' --server $RS_URL login --email a@agency.test --password-stdin"
expect_contains "$OUT" "logged in as a@agency.test"

# Coaches cannot use admin calls.
expect_exit 5 as a coach list
expect_contains "$ERR" "PERMISSION_DENIED"
expect_exit 5 as a audit list

# Wrong password: UNAUTHENTICATED, the same message for unknown emails.
expect_exit 5 sh -c "echo wrong-password-1 | '$RS_BIN/reinstate' --server $RS_URL login --email a@agency.test --password-stdin"
expect_contains "$ERR" "UNAUTHENTICATED"
msg1=$ERR
expect_exit 5 sh -c "echo wrong-password-1 | '$RS_BIN/reinstate' --server $RS_URL login --email nobody@agency.test --password-stdin"
expect_eq "$ERR" "$msg1" "message for an unknown email"

# A burst of wrong passwords is refused for a while, even the right one;
# after the window the right password works again.
for i in 2 3; do
  echo wrong-password-$i | XDG_CONFIG_HOME=$T/cfg-x rs_try login --email a@agency.test --password-stdin >/dev/null 2>&1
done
expect_exit 7 sh -c "echo '$A_PW' | XDG_CONFIG_HOME=$T/cfg-x '$RS_BIN/reinstate' --server $RS_URL login --email a@agency.test --password-stdin"
expect_contains "$ERR" "RESOURCE_EXHAUSTED"
expect_contains "$ERR" "try again in"
# Another email from the same place is not affected.
expect_exit 0 sh -c "echo '$B_PW' | XDG_CONFIG_HOME=$T/cfg-b2 '$RS_BIN/reinstate' --server $RS_URL login --email b@agency.test --password-stdin"
sleep 2.5
expect_exit 0 sh -c "echo '$A_PW' | XDG_CONFIG_HOME=$T/cfg-x '$RS_BIN/reinstate' --server $RS_URL login --email a@agency.test --password-stdin"

# Disabling a coach stops their existing token at once; enabling restores login.
expect_exit 0 as a whoami
expect_exit 0 as admin coach disable "$A_ID"
expect_contains "$OUT" "disabled coach $A_ID"
expect_exit 5 as a whoami
expect_contains "$ERR" "UNAUTHENTICATED"
expect_exit 5 sh -c "echo '$A_PW' | '$RS_BIN/reinstate' --server $RS_URL login --email a@agency.test --password-stdin"
expect_exit 3 as admin coach disable "$(sql "SELECT id FROM coaches WHERE email='admin@agency.test'")"
expect_contains "$ERR" "cannot disable yourself"
expect_exit 4 as admin coach disable 99999
expect_exit 0 as admin coach enable "$A_ID"
expect_exit 0 sh -c "echo '$A_PW' | XDG_CONFIG_HOME=$T/cfg-a '$RS_BIN/reinstate' --server $RS_URL login --email a@agency.test --password-stdin"
expect_exit 0 as admin coach list --all
expect_contains "$OUT" "b@agency.test"

# Logout revokes the token on the server, not only in the config file.
A_TOKEN=$(sed -n 's/^token=//p' "$T/cfg-a/reinstate/config")
[ -n "$A_TOKEN" ] || fail "no token in the config file"
expect_exit 0 as a logout
grep -q '^token=' "$T/cfg-a/reinstate/config" && fail "token left in the config after logout"
expect_exit 5 env REINSTATE_TOKEN="$A_TOKEN" "$RS_BIN/reinstate" --server "$RS_URL" whoami
expect_exit 5 env REINSTATE_TOKEN="rs1_forged-token-value" "$RS_BIN/reinstate" --server "$RS_URL" whoami

# The audit log: who did what to which record, with request ids; the app
# role can append but never change or delete.
expect_exit 0 as admin audit list
expect_contains "$OUT" "DisableCoach"
expect_contains "$OUT" "coach/$A_ID"
expect_exit 0 as admin --json audit list --record "coach/$A_ID"
expect_contains "$OUT" '"request_id": "'
expect_not_contains "$OUT" "coach/$B_ID" "audit filtered by record"
upd=$(psql_admin -d "$RS_DB" -At -c "SET ROLE reinstate_app; UPDATE audit_log SET summary = 'x'" 2>&1)
expect_contains "$upd" "permission denied"
del=$(psql_admin -d "$RS_DB" -At -c "SET ROLE reinstate_app; DELETE FROM audit_log" 2>&1)
expect_contains "$del" "permission denied"

# Row-level security alone: as the app role with coach B's context, coach
# A's rows are invisible even without a WHERE clause.
rls() { as_app_sql "$1" coach "$2"; }
expect_eq "$(rls "$B_ID" "SELECT count(*) FROM sessions WHERE coach_id = $A_ID")" 0 "A's sessions seen by B"
expect_eq "$(rls "$B_ID" "SELECT count(*) FROM coaches")" 1 "coaches visible to B"
expect_eq "$(rls "$B_ID" "UPDATE coaches SET display_name = 'hijacked' WHERE id = $A_ID RETURNING id")" "" "update of A by B"
expect_eq "$(sql "SELECT display_name FROM coaches WHERE id = $A_ID")" "Coach A" "A's name after B's update"
[ "$(rls "$A_ID" "SELECT count(*) FROM sessions WHERE coach_id = $A_ID")" -gt 0 ] || fail "A cannot see own sessions"

# Secrets never reach the log.
rs_stop_server
for secret in "$ADMIN_PW" "$A_PW" "$B_PW" "$B_TMP" "$A_TOKEN" "$(sed -n 's/^token=//p' "$T/cfg-admin/reinstate/config")"; do
  grep -qF -- "$secret" "$T/server.log" && fail "a secret appears in the server log"
done

# Sessions expire. (This server keeps the default login policy.)
rs_start_server --session-ttl 4

# Default policy: from the third wrong password, guesses are slowed down
# (a short wait) before any real lockout; the owner gets in after the wait.
login_b() { echo "$1" | XDG_CONFIG_HOME=$T/cfg-slow "$RS_BIN/reinstate" --server "$RS_URL" login --email b@agency.test --password-stdin; }
expect_exit 5 login_b wrong-password-x1
expect_exit 5 login_b wrong-password-x2
expect_exit 5 login_b wrong-password-x3
expect_exit 7 login_b wrong-password-x4
expect_contains "$ERR" "try again in 1 s"
sleep 1.2
expect_exit 0 login_b "$B_PW"

echo "$B_PW" | as b login --email b@agency.test --password-stdin >/dev/null || fail "b login"
expect_exit 0 as b whoami
sleep 5
expect_exit 5 as b whoami
expect_contains "$ERR" "expired"
pass
