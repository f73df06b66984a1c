#!/usr/bin/env bash
# The database is a second lock even against SQL of one's own on the
# server's request connections: the runtime role (reinstate_app) is not a
# superuser, owns nothing and cannot RESET ROLE into anything else; it
# cannot forge the row-level-security context (set_config, the context
# table, the definer functions with made-up arguments, temporary tables),
# so it sees nothing of any coach.
. "$RS_TESTS/lib.sh"
. "$RS_TESTS/cases_lib.sh"
rs_setup
rs_start_server
read -r CA TA <<<"$(mk_coach ana@example.com 'Ana')"
read -r CX TX <<<"$(mk_coach boss@example.com 'Boss' admin)"
expect_exit 0 as "$TA" client add --name "Ana's client" --email client@example.com
CL=$OUT
expect_exit 0 as "$TA" case open --client "$CL" --company Acme --role Dev --manager Dana
K=$OUT
expect_exit 0 as "$TA" note add "$K" "SECRET-NOTE-1"
sql "UPDATE cases SET salary = 123456, currency = 'EUR' WHERE id = $K" >/dev/null

# The server's request connections log in as the runtime role itself.
users=$(sql "SELECT string_agg(DISTINCT usename, ',') FROM pg_stat_activity
             WHERE datname = current_database() AND application_name = 'reinstated'")
expect_eq "$users" "reinstate_app" "roles of the server's request connections"
expect_eq "$(sql "SELECT rolsuper, rolcanlogin, rolbypassrls, rolcreaterole FROM pg_roles
                  WHERE rolname = 'reinstate_app'")" "f|t|f|f" "the runtime role's attributes"
expect_eq "$(sql "SELECT count(*) FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.member
                  WHERE r.rolname = 'reinstate_app'")" 0 "roles the runtime role is a member of"
expect_eq "$(sql "SELECT count(*) FROM pg_class WHERE relowner = 'reinstate_app'::regrole")" 0 \
  "relations the runtime role owns"

# app SQL: runs SQL logged in as the runtime role; prints rows and errors.
app() {
  "$RS_PG_BINDIR/psql" -X -q -h "$RS_PG_DIR/sock" -U reinstate_app -d "$RS_DB" -At "$@" 2>&1
}
seen() {
  app <<SQL
SELECT 'notes:' || count(*) FROM notes;
SELECT 'cases:' || count(*) FROM cases;
SELECT 'clients:' || count(*) FROM clients;
SELECT 'coaches:' || count(*) FROM coaches;
SELECT 'sessions:' || count(*) FROM sessions;
SELECT 'codes:' || count(*) FROM access_codes;
SELECT 'audit:' || count(*) FROM audit_log;
SELECT 'attempts:' || count(*) FROM attempts;
SQL
}
nothing="notes:0
cases:0
clients:0
coaches:0
sessions:0
codes:0
audit:0
attempts:0"
[ "$(sql "SELECT count(*) FROM notes WHERE body = 'SECRET-NOTE-1'")" = 1 ] || fail "the note was not stored"

# RESET ROLE leaves it where it is; it can become no one else.
expect_eq "$(app -c "RESET ROLE" -c "SELECT current_user, session_user")" \
  "reinstate_app|reinstate_app" "RESET ROLE"
expect_contains "$(app -c "SET ROLE postgres")" "permission denied"
expect_contains "$(app -c "SET SESSION AUTHORIZATION postgres")" "permission denied"

# Direct reads: nothing.
expect_eq "$(seen)" "$nothing" "rows read with no context"

# set_config forgery, the way the old context was set: nothing.
R=$(app <<SQL
BEGIN;
SELECT set_config('reinstate.coach_id', '$CA', true) \g /dev/null
SELECT set_config('reinstate.role', 'admin', true) \g /dev/null
SELECT set_config('reinstate.shared_case', '$K', true) \g /dev/null
SELECT 'notes:' || count(*) FROM notes;
SELECT 'cases:' || count(*) FROM cases;
SELECT 'actor:' || coalesce(rs_actor()::text, 'none') || ',' || rs_is_admin();
COMMIT;
SQL
)
expect_eq "$R" "notes:0
cases:0
actor:none,false" "rows read after set_config"
R=$(app <<SQL
SET reinstate.coach_id = '$CA';
SET reinstate.role = 'admin';
SELECT 'notes:' || count(*) FROM notes;
SQL
)
expect_eq "$R" "notes:0" "rows read after SET"

# The context table and the login key: neither readable nor writable.
expect_contains "$(app -c "SELECT * FROM rs_context")" "permission denied"
expect_contains "$(app -c "INSERT INTO rs_context VALUES (pg_backend_pid(), pg_current_xact_id(), $CA, 'admin', NULL)")" \
  "permission denied"
expect_contains "$(app -c "SELECT * FROM rs_login_key")" "permission denied"
expect_contains "$(app -c "SELECT rs_context_set($CA, 'admin', NULL)")" "permission denied"

# The definer functions with forged arguments.
zero='\x'$(printf '0%.0s' $(seq 64))
expect_contains "$(app -c "SELECT rs_session_open($CA, '$zero', 3600, '$zero')")" \
  "login proof does not match"
expect_contains "$(app -c "SELECT rs_session_open($CX, '\\x01', 3600, NULL)")" \
  "login proof does not match"
R=$(app <<SQL
BEGIN;
SELECT 'auth:' || count(*) FROM rs_authenticate('$zero');
SELECT 'open:' || count(*) FROM rs_access_open('$zero');
SELECT 'feed:' || count(*) FROM rs_feed_open('nope');
SELECT 'facts:' || count(*) FROM rs_shared_case_facts();
SELECT 'status:' || count(*) FROM rs_shared_status();
SELECT 'notes:' || count(*) FROM notes;
COMMIT;
SQL
)
expect_eq "$R" "auth:0
open:0
feed:0
facts:0
status:0
notes:0" "definer functions with forged arguments"

# Temporary tables named like ours (read first by a careless definer
# function): the runtime role may not create any.
expect_contains "$(app -c "CREATE TEMP TABLE sessions (token_hash bytea)")" "permission denied"

# A forged audit row in a coach's name is refused.
expect_contains "$(app -c "INSERT INTO audit_log (actor_id, method, summary) VALUES ($CA, 'Forged', 'x')")" \
  "row-level security"
expect_eq "$(sql "SELECT count(*) FROM audit_log WHERE method = 'Forged'")" 0 "forged audit rows"
# Writes in a coach's name go nowhere.
expect_eq "$(app -c "UPDATE coaches SET display_name = 'hijacked' RETURNING id")" "" "update of coaches"
expect_eq "$(sql "SELECT count(*) FROM coaches WHERE display_name = 'hijacked'")" 0 "hijacked coaches"

# A context does not outlive its transaction: recorded (by the owner, as a
# session check would) and committed, the next transaction on the same
# connection has none.
R=$(psql_admin -d "$RS_DB" -At <<SQL
BEGIN;
SELECT rs_context_set($CA, 'coach', NULL) \g /dev/null
SET LOCAL ROLE reinstate_app;
SELECT 'in:' || count(*) FROM notes;
COMMIT;
SET ROLE reinstate_app;
SELECT 'after:' || count(*) FROM notes;
SQL
)
expect_eq "$R" "in:1
after:0" "notes inside and after the transaction with a context"

# And the server still works for the coach: the note is there.
expect_exit 0 as "$TA" note list "$K"
expect_contains "$OUT" "SECRET-NOTE-1"
pass
