#!/usr/bin/env bash
# With no database configured the server runs its own PostgreSQL in the
# data directory, on a unix socket only, and stops it on exit.
. "$RS_TESTS/lib.sh"
rs_setup
unset DATABASE_URL PGHOST PGDATABASE PGSERVICE
data=$T/data/reinstate-embedded

rs_start_server --data-dir "$data"
expect_exit 0 rs health --deep
[ -f "$data/pg/PG_VERSION" ] || fail "no cluster in the data directory"
[ -S "$data/run/.s.PGSQL.5432" ] || fail "no unix socket in the data directory"
grep -q "^listen_addresses\|listen_addresses=" "$data/pg/postmaster.opts" || fail "postgres options not recorded"
grep -q "listen_addresses=" "$data/pg/postmaster.opts" || fail "tcp not disabled"
if [ "$(id -u)" = 0 ]; then
  [ "$(stat -c %U "$data/pg")" != root ] || fail "cluster owned by root"
fi
pgpid=$(head -1 "$data/pg/postmaster.pid")
kill -0 "$pgpid" || fail "postmaster not running"
rs_stop_server || fail "server did not stop cleanly"
sleep 0.5
! kill -0 "$pgpid" 2>/dev/null || fail "postmaster still running after the server stopped"

# Second start reuses the cluster.
rs_start_server --data-dir "$data"
expect_exit 0 rs health --deep
expect_contains "$OUT" "migrations"
grep -c "initialising the embedded database" "$T/server.log" | grep -qx 1 || fail "initdb ran twice"
pass
