#!/usr/bin/env bash
# The throwaway PostgreSQL of a test run: `start STATE` initialises a cluster
# in a fresh temporary directory and starts it on a unix socket only;
# `stop STATE` stops it and removes everything. STATE (a file) records where
# the cluster lives so the tests can find it. Works as root (PostgreSQL then
# runs as the postgres user) and as an ordinary user.
set -euo pipefail
cmd=$1 state=$2

bindir=${REINSTATE_PG_BINDIR:-}
if [ -z "$bindir" ]; then
  for v in 17 16 15 14 13; do
    [ -x /usr/lib/postgresql/$v/bin/initdb ] && { bindir=/usr/lib/postgresql/$v/bin; break; }
  done
fi
[ -n "$bindir" ] || { echo "pg_fixture: no PostgreSQL server binaries found" >&2; exit 1; }

as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case $cmd in
start)
  if [ -f "$state" ]; then
    # A previous run that did not clean up.
    bash "$0" stop "$state" || true
  fi
  dir=$(mktemp -d /tmp/reinstate-test-pg.XXXXXX)
  chmod 755 "$dir"
  mkdir -p "$dir/data" "$dir/sock"
  [ "$(id -u)" = 0 ] && chown -R postgres: "$dir"
  # A failure shows its cause here, not only in the files left behind.
  trap 'st=$?; [ $st = 0 ] || { echo "pg_fixture: PostgreSQL did not start (exit $st):" >&2; tail -n 20 "$dir"/initdb.log "$dir"/postgres.log >&2 2>/dev/null; }' EXIT
  as_pg "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --no-instructions >"$dir/initdb.log" 2>&1
  # Test settings: no fsync (speed; RS_PG_FSYNC=on for durable benchmarks),
  # more connections for parallel tests.
  as_pg "$bindir/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 60 \
    -o "-k $dir/sock -c listen_addresses= -c fsync=${RS_PG_FSYNC:-off} -c max_connections=300 -c unix_socket_permissions=0777" start >/dev/null
  printf 'RS_PG_DIR=%s\nRS_PG_BINDIR=%s\n' "$dir" "$bindir" >"$state"
  echo "postgres ready in $dir"
  ;;
stop)
  [ -f "$state" ] || exit 0
  # shellcheck disable=SC1090
  . "$state"
  as_pg "$RS_PG_BINDIR/pg_ctl" -D "$RS_PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$RS_PG_DIR" "$state"
  ;;
*)
  echo "usage: pg_fixture.sh start|stop STATE" >&2; exit 2 ;;
esac
