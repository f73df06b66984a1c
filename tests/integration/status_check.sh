#!/usr/bin/env bash
# The job seeker's status check end to end: a coach shares a case, the job
# seeker reads its status with the code and no login, and sees the stage,
# the next step, the last activity and the coach, but nothing private.
# Revoked and expired codes fail (NOT_FOUND, exit 4), wrong codes are
# throttled per address, other coaches cannot share the case, row-level
# security alone keeps notes and other cases out of the shared-case
# context, and the code is never logged or stored.
. "$RS_TESTS/lib.sh"
. "$RS_TESTS/cases_lib.sh"
rs_setup
rs_start_server --login-max-failures 3 --login-lockout 30
read -r CA TA <<<"$(mk_coach ana@example.com 'Ana Coach')"
read -r CB TB <<<"$(mk_coach bo@example.com 'Bo Coach')"
ADMIN=$(cat "$T/cases-admin-token")

# The job seeker: no session, a config directory of their own.
seeker() {
  env -u REINSTATE_TOKEN XDG_CONFIG_HOME="$T/seeker" "$RS_BIN/reinstate" --server "$RS_URL" "$@"
}
code_of() { sed -n 's/^ *\([0-9A-Z]\{4\}-[0-9A-Z]\{4\}-[0-9A-Z]\{4\}-[0-9A-Z]\{4\}\)$/\1/p' <<<"$1"; }
# The stored form: BLAKE2b-256 of the normalised code.
hash_of() { python3 -c 'import hashlib,sys; print(hashlib.blake2b(sys.argv[1].replace("-","").encode(), digest_size=32).hexdigest())' "$1"; }

NOTE='SECRET-NOTE the client panics under pressure'
SUMMARY='SECRET-SUMMARY owned the decline on the call'
expect_exit 0 as "$TA" client add --name "Jordan Lee" --phone "+1 555 0100"
CL=$OUT
expect_exit 0 as "$TA" case open --client "$CL" --company "Acme Analytics" --role "Data Engineer" \
  --manager "Dana Reyes" --salary 98765 --currency USD --reason "PRIVATE-REASON waited for more"
K=$OUT
expect_exit 0 as "$TA" case opening "$K" open
expect_exit 0 as "$TA" attempt log "$K" --channel phone --contact-role hiring_manager \
  --contact "Dana Reyes" --outcome in_discussion --accepted-responsibility --conveyed-commitment \
  --summary "$SUMMARY"
expect_exit 0 as "$TA" note add "$K" "$NOTE"
expect_exit 0 as "$TA" task add "$K" --due 2099-01-10 "PRIVATE-TASK rehearse"
expect_exit 0 as "$TA" case open --client "$CL" --company "Globex Hidden" --role "Analyst" --manager "Hank"
K_OTHER=$OUT
expect_exit 0 as "$TB" client add --name "Sam Other"
expect_exit 0 as "$TB" case open --client "$OUT" --company "Initech Private" --role "SRE" --manager "Bill"
K_B=$OUT

# Sharing: the code is shown once; the server keeps its hash only.
expect_exit 0 as "$TA" case share "$K"
CODE=$(code_of "$OUT")
[ -n "$CODE" ] || fail "no code in the share output: $OUT"
expect_contains "$OUT" "shown only this once"
expect_eq "$(sql "SELECT count(*) FROM access_codes WHERE case_id = $K AND code_hash = '\\x$(hash_of "$CODE")'")" 1 "stored hash"
expect_eq "$(sql "SELECT count(*) FROM access_codes WHERE case_id = $K AND expires_at::date = (now() + interval '30 days')::date AND created_by = $CA")" 1 "expiry and author"

# The status, with no login.
expect_exit 0 seeker status --code "$CODE"
STATUS=$OUT
expect_contains "$STATUS" "Data Engineer at Acme Analytics"
expect_contains "$STATUS" "In talks with the hiring manager"
expect_contains "$STATUS" "$(date -u +%F)" "last activity"
expect_contains "$STATUS" "Ana Coach <ana@example.com>"
# The coach can see that the job seeker looked (never the code).
[ "$(sql "SELECT count(*) FROM audit_log WHERE record = 'case/$K' AND summary LIKE 'status viewed by the job seeker % this hour (access code %)' AND actor_id IS NULL")" -ge 1 ] ||
  fail "the status check is not in the audit log"
expect_exit 0 seeker --json status --code "$CODE"
JSTATUS=$OUT
expect_eq "$(json_get "$JSTATUS" 'j["stage"]')" in_discussion
expect_eq "$(json_get "$JSTATUS" 'j["last_activity_on"]')" "$(date -u +%F)"
expect_eq "$(json_get "$JSTATUS" 'j["coach_email"]')" ana@example.com
expect_eq "$(json_get "$JSTATUS" 'sorted(j)')" \
  "['closed', 'coach_email', 'coach_name', 'code_expires_at', 'company', 'last_activity_on', 'next_step', 'role_title', 'stage', 'stage_words']" \
  "status keys"
WORDING=$(json_get "$JSTATUS" 'j["next_step"]')
[ ${#WORDING} -gt 20 ] || fail "no next-step wording: $JSTATUS"
expect_contains "$STATUS" "$WORDING" "the human status"
# The wording is the playbook's client wording for this case's step.
expect_contains "$WORDING" "Acme Analytics"
for private in "$NOTE" SECRET-NOTE "$SUMMARY" SECRET-SUMMARY 98765 USD PRIVATE-REASON PRIVATE-TASK \
  "Globex Hidden" "Initech Private" "Jordan Lee" "555 0100" "Dana Reyes"; do
  expect_not_contains "$STATUS" "$private" "the status"
  expect_not_contains "$JSTATUS" "$private" "the JSON status"
done

# Typing is forgiving: lower case, no dashes, spaces.
lower=$(tr 'A-Z' 'a-z' <<<"$CODE" | tr -d -)
expect_exit 0 seeker status --code "$lower"
expect_contains "$OUT" "Acme Analytics"
expect_exit 0 seeker status --code "${CODE:0:4} ${CODE:5:4} ${CODE:10:4} ${CODE:15:4}"
expect_exit 0 sh -c "echo '$lower' | env -u REINSTATE_TOKEN XDG_CONFIG_HOME=$T/seeker '$RS_BIN/reinstate' --server $RS_URL status --code -"
# Not a code at all: a usage-level error, not a guess.
expect_exit 3 seeker status --code "not-a-code"
expect_contains "$ERR" "code"
expect_exit 2 seeker status

# Other coaches' cases cannot be shared or unshared.
expect_exit 4 as "$TB" case share "$K"
expect_exit 4 as "$TB" case unshare "$K"
expect_exit 4 as "$TA" case share "$K_B"
expect_exit 0 as "$ADMIN" case share "$K_B"
expect_exit 5 env -u REINSTATE_TOKEN XDG_CONFIG_HOME="$T/seeker" "$RS_BIN/reinstate" --server "$RS_URL" case share "$K"

# --json share carries the code, which the server made and returns once.
expect_exit 0 as "$TA" --json case share "$K"
CODE2=$(json_get "$OUT" 'j["code"]')
expect_eq "$(json_get "$OUT" 'sorted(j)')" "['access_code_id', 'case_id', 'code', 'expires_at']" "share keys"

# A request id names one request: a second run with the same id is a
# replay, and a replay does not show the code again (share_codes.sh).
expect_exit 0 env REINSTATE_REQUEST_ID=share-replay-1 REINSTATE_TOKEN="$TA" "$RS_BIN/reinstate" --server "$RS_URL" case share "$K"
CODE3=$(code_of "$OUT")
expect_exit 3 env REINSTATE_REQUEST_ID=share-replay-1 REINSTATE_TOKEN="$TA" "$RS_BIN/reinstate" --server "$RS_URL" case share "$K"
expect_contains "$ERR" "already shown"
expect_not_contains "$OUT$ERR" "$CODE3" "the replay"
expect_eq "$(sql "SELECT count(*) FROM access_codes WHERE case_id = $K")" 3 "codes after the replay"
expect_exit 0 seeker status --code "$CODE3"

# The RLS second lock: with only the shared-case context, the app role
# reads no table row at all; the status check's functions give the inputs
# of the next step and the coach's name and email, never the salary, notes,
# summaries or the coach's password hash.
expect_exit 0 as "$TA" note add "$K_OTHER" "SECRET-NOTE-2 other case"
rls_shared() {
  psql_admin -d "$RS_DB" -At <<SQL
BEGIN;
SET LOCAL ROLE reinstate_app;
SELECT 'open:' || count(*) FROM rs_access_open('\\x$(hash_of "$1")');
SELECT 'notes:' || count(*) FROM notes;
SELECT 'cases:' || coalesce(string_agg(id::text, ','), '') FROM cases;
SELECT 'clients:' || count(*) FROM clients;
SELECT 'coaches:' || coalesce(string_agg(email, ','), '') FROM coaches;
SELECT 'attempts:' || count(*) FROM attempts;
SELECT 'tasks:' || count(*) FROM tasks;
SELECT 'history:' || count(*) FROM stage_history;
SELECT 'codes:' || count(*) FROM access_codes;
SELECT 'settings:' || (count(*) > 0) FROM settings;
SELECT 'updated:' || count(*) FROM (SELECT 1 FROM cases WHERE id = $K FOR UPDATE) x;
SELECT 'facts:' || coalesce(string_agg(id::text, ','), '') FROM rs_shared_case_facts();
SELECT 'attempt-facts:' || count(*) FROM rs_shared_attempt_facts();
SELECT 'status:' || coalesce(string_agg(coach_email, ','), '') FROM rs_shared_status();
ROLLBACK;
SQL
}
[ "$(sql "SELECT count(*) FROM notes")" -ge 2 ] || fail "notes were not stored"
R=$(rls_shared "$CODE")
for want in open:1 notes:0 "cases:" clients:0 coaches: attempts:0 tasks:0 \
  history:0 codes:0 settings:true updated:0 "facts:$K" attempt-facts:1 status:ana@example.com; do
  grep -qx -- "$want" <<<"$R" || fail "shared-case context: expected $want in:
$R"
done
# The functions' columns: nothing private among them.
cols=$(sql "SELECT string_agg(a, ',') FROM (SELECT unnest(proargnames) a FROM pg_proc
            WHERE proname IN ('rs_shared_case_facts', 'rs_shared_attempt_facts', 'rs_shared_status')) x")
for secret in salary summary password_hash phone notes body; do
  expect_not_contains "$cols" "$secret" "columns the shared-case functions return"
done
# Without a valid code there is no context, and nothing is visible.
R=$(rls_shared "AAAA-BBBB-CCCC-DDDD")
for want in open:0 notes:0 cases: clients:0 coaches: attempts:0 facts: attempt-facts:0 status:; do
  grep -qx -- "$want" <<<"$R" || fail "no context: expected $want in:
$R"
done
# No policy lets notes through the shared-case context.
expect_eq "$(sql "SELECT count(*) FROM pg_policies WHERE tablename = 'notes'")" 1 "notes policies"

# The coach sees the case's codes (never the codes themselves).
expect_exit 0 as "$TA" case shares "$K"
[ "$(grep -c ' active ' <<<"$OUT")" = 3 ] || fail "three active codes expected:
$OUT"
for c in "$CODE" "$CODE2" "$CODE3"; do expect_not_contains "$OUT" "$c" "case shares"; done
expect_exit 4 as "$TB" case shares "$K"

# Revoking: every active code of the case stops working.
expect_exit 0 as "$TA" case unshare "$K"
expect_contains "$OUT" "3 access codes revoked"
expect_exit 0 as "$TA" --json case shares "$K"
expect_contains "$OUT" '"state": "revoked"'
expect_not_contains "$OUT" '"state": "active"' "case shares after unshare"
for c in "$CODE" "$CODE2" "$CODE3"; do
  expect_exit 4 seeker status --code "$c"
done
expect_contains "$ERR" "NOT_FOUND"
expect_not_contains "$ERR" "log in"
sql "DELETE FROM login_throttle" >/dev/null

# Expiry: the setting sets the lifetime; an expired code fails.
expect_exit 0 as "$ADMIN" settings set access_code_ttl_days 2
expect_exit 0 as "$TA" --json case share "$K"
CODE4=$(json_get "$OUT" 'j["code"]')
ID4=$(json_get "$OUT" 'j["access_code_id"]')
expect_eq "$(sql "SELECT expires_at::date = (now() + interval '2 days')::date FROM access_codes WHERE id = $ID4")" t "lifetime from the setting"
expect_exit 0 seeker status --code "$CODE4"
sql "UPDATE access_codes SET created_at = now() - interval '3 days', expires_at = now() - interval '1 second' WHERE id = $ID4" >/dev/null
expect_exit 4 seeker status --code "$CODE4"

# Wrong codes from one address: 80-bit codes leave room for a crowd's
# typos behind one address (30 in 10 minutes, docs/security.md); past that
# the address is refused for a while, even the right code; coaches' logins
# from that address are not affected.
sql "DELETE FROM login_throttle" >/dev/null
expect_exit 0 as "$TA" --json case share "$K"
CODE5=$(json_get "$OUT" 'j["code"]')
for i in $(seq 10 39); do
  expect_exit 4 seeker status --code "0000-1111-2222-33$i"
  [ "$i" = 12 ] && expect_exit 0 seeker status --code "$CODE5"
done
expect_exit 7 seeker status --code "0000-1111-2222-4444"
expect_contains "$ERR" "RESOURCE_EXHAUSTED"
expect_contains "$ERR" "try again in"
expect_exit 7 seeker status --code "$CODE5"
expect_eq "$(sql "SELECT key FROM login_throttle WHERE locked_until > now()")" "access-code|127.0.0.1" "throttle key"
login_token ana@example.com >/dev/null
sql "DELETE FROM login_throttle" >/dev/null
expect_exit 0 seeker status --code "$CODE5"
# All addresses together: past 3000 wrong codes in 10 minutes (a botnet's
# guesses, counted here beforehand) every code check waits, whatever the
# address.
sql "INSERT INTO login_throttle (key, failures) VALUES ('access-code-global', 2999)" >/dev/null
expect_exit 4 seeker status --code "0000-1111-2222-5555"
expect_exit 7 seeker status --code "$CODE5"
expect_contains "$ERR" "too many wrong access codes; try again in"
sql "DELETE FROM login_throttle" >/dev/null
expect_exit 0 seeker status --code "$CODE5"

# Sharing is audited, without the code.
expect_eq "$(sql "SELECT count(*) FROM audit_log WHERE record = 'case/$K' AND method LIKE '%Access/%' AND summary NOT LIKE 'status viewed by the job seeker%'")" 6 "audit records: 5 shares, 1 unshare"

# The codes are never logged or kept in the replay store.
rs_stop_server
for c in "$CODE" "$CODE2" "$CODE3" "$CODE4" "$CODE5"; do
  for form in "$c" "${c//-/}" "$(tr 'A-Z' 'a-z' <<<"${c//-/}")"; do
    grep -qiF -- "$form" "$T/server.log" && fail "an access code appears in the server log"
    expect_eq "$(sql "SELECT count(*) FROM audit_log WHERE summary ILIKE '%$form%'")" 0 "code in the audit log"
    expect_eq "$(sql "SELECT count(*) FROM idempotency WHERE position(convert_to('$form', 'UTF8') IN response) > 0")" 0 "code in the replay store"
  done
done
pass
