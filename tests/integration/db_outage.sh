#!/usr/bin/env bash
# PostgreSQL goes away: calls answer UNAVAILABLE, health says NOT_SERVING,
# and the server recovers by itself when the database is back.
. "$RS_TESTS/lib.sh"
rs_setup

# This test stops its database, so it runs its own cluster.
state=$T/own-pg
bash "$RS_TESTS/pg_fixture.sh" start "$state" >/dev/null || fail "cannot start own postgres"
. "$state"
own_dir=$RS_PG_DIR
rs_on_exit 'bash "$RS_TESTS/pg_fixture.sh" stop "$state"'
pg_ctl_own() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$RS_PG_BINDIR/pg_ctl" "$@"; else "$RS_PG_BINDIR/pg_ctl" "$@"; fi
}
export DATABASE_URL="postgresql:///postgres?host=$own_dir/sock&user=postgres"

rs_start_server
expect_exit 0 rs health --deep

pg_ctl_own -D "$own_dir/data" -m fast -w stop >/dev/null
expect_exit 7 rs --timeout 3000 health --deep
expect_contains "$ERR" "UNAVAILABLE"
expect_contains "$ERR" "database is unavailable"
expect_exit 7 rs health
expect_contains "$OUT" "NOT_SERVING"
kill -0 "$RS_SERVER_PID" || fail "server died with the database"

pg_ctl_own -D "$own_dir/data" -l "$own_dir/postgres.log" -w \
  -o "-k $own_dir/sock -c listen_addresses= -c unix_socket_permissions=0777" start >/dev/null
ok=0
for _ in $(seq 1 50); do
  if rs_try --timeout 2000 health --deep >/dev/null 2>&1; then ok=1; break; fi
  sleep 0.2
done
[ "$ok" = 1 ] || fail "server did not recover after the database came back"
expect_exit 0 rs health
expect_contains "$OUT" "SERVING"
grep -q "database is reachable again" "$T/server.log" || fail "recovery not logged"
pass
