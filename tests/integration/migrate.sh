#!/usr/bin/env bash
# Migrations are applied once, in order, recorded, and safe to run
# concurrently (advisory lock).
. "$RS_TESTS/lib.sh"
rs_setup

"$RS_BIN/reinstated" migrate >"$T/m1" 2>&1 &
a=$!
"$RS_BIN/reinstated" migrate >"$T/m2" 2>&1 &
b=$!
wait $a || fail "first migrate failed: $(cat "$T/m1")"
wait $b || fail "second migrate failed: $(cat "$T/m2")"
total=$(sql "SELECT count(*) FROM schema_migrations")
known=$(ls "$RS_TESTS/../schema"/*.sql | wc -l)
expect_eq "$total" "$known" "applied migrations"
expect_exit 0 "$RS_BIN/reinstated" migrate
expect_contains "$OUT" "applied 0 migrations"

# The application role owns nothing and row-level security is forced (the
# vocabulary's lookup tables hold no one's rows: read-only for the app).
owned=$(sql "SELECT count(*) FROM pg_tables WHERE schemaname='public' AND tableowner='reinstate_app'")
expect_eq "$owned" 0 "tables owned by the app role"
unforced=$(sql "SELECT string_agg(relname, ',') FROM pg_class c JOIN pg_namespace n ON n.oid=c.relnamespace
  WHERE n.nspname='public' AND c.relkind='r' AND c.relname NOT IN ('schema_migrations', 'login_throttle')
  AND c.relname NOT LIKE 'vocab\_%'
  AND NOT (c.relrowsecurity AND c.relforcerowsecurity)")
expect_eq "$unforced" "" "tables without forced row-level security"
pass
