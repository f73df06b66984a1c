#!/usr/bin/env bash
# With no database configured the server runs its own PostgreSQL in the
# data directory, on a unix socket only, and stops it on exit.
. "$RS_TESTS/lib.sh"
rs_setup
unset DATABASE_URL PGHOST PGDATABASE PGSERVICE
data=$T/data/reinstate-embedded

# Started with no locale at all (a fresh container): the cluster is
# C.UTF-8 all the same, not C.
LC_ALL=C LANG= rs_start_server --data-dir "$data"
expect_exit 0 rs health --deep
[ -f "$data/pg/PG_VERSION" ] || fail "no cluster in the data directory"
ctype=$("$RS_PG_BINDIR/psql" -X -At -h "$data/run" -U reinstate -d reinstate -c "SHOW lc_ctype" 2>&1)
expect_eq "$ctype" "C.UTF-8" "the embedded cluster's lc_ctype"
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
rs_stop_server

# As an ordinary user too (when the test runs as root, as the postgres
# account): the cluster runs as that user, no privilege change needed.
if [ "$(id -u)" = 0 ] && id postgres >/dev/null 2>&1; then
  mine=$T/as-user
  mkdir -p "$mine"
  # The build may be where that user cannot go (root's clone in /root, mode
  # 0700): the user runs a copy of the server, as one installed would be.
  cp "$RS_BIN/reinstated" "$mine/reinstated"
  chown -R postgres: "$mine"
  # setpriv execs (runuser would stay in between and eat the signal).
  setpriv --reuid=postgres --regid=postgres --init-groups env HOME="$mine" XDG_DATA_HOME="$mine/share" \
    "$mine/reinstated" --listen "$RS_URL" >>"$T/server.log" 2>&1 &
  RS_SERVER_PID=$!
  ok=0
  for _ in $(seq 1 100); do
    rs_try --timeout 1000 health >/dev/null 2>&1 && { ok=1; break; }
    kill -0 "$RS_SERVER_PID" 2>/dev/null || break
    sleep 0.1
  done
  [ "$ok" = 1 ] || fail "the server did not start as an ordinary user"
  expect_exit 0 rs health --deep
  [ "$(stat -c %U "$mine/share/reinstate/pg")" = postgres ] || fail "cluster not in the user's XDG data directory"
  rs_stop_server || fail "server as an ordinary user did not stop cleanly"
fi
pass
