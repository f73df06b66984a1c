# Shared helpers for integration tests: source it, then call rs_setup.
#
# Each test gets its own database on the run's PostgreSQL (tests/pg_fixture.sh),
# its own temporary directory, its own CLI config (XDG_CONFIG_HOME) and a
# server on its own loopback port. Everything is removed on exit.
set -uo pipefail

: "${RS_BIN:?RS_BIN must point at the build directory}"
: "${RS_PG_STATE:?RS_PG_STATE must name the pg fixture state file}"
# shellcheck disable=SC1090
. "$RS_PG_STATE"

RS_SERVER_PID=
RS_FAILED=0
RS_EXIT_HOOKS=()
T=$(mktemp -d /tmp/reinstate-test.XXXXXX)
chmod 755 "$T"
export XDG_CONFIG_HOME=$T/config XDG_DATA_HOME=$T/data
unset REINSTATE_SERVER REINSTATE_TOKEN REINSTATE_CA_FILE

psql_admin() {
  "$RS_PG_BINDIR/psql" -X -q -v ON_ERROR_STOP=1 -h "$RS_PG_DIR/sock" -U postgres "$@"
}

# Runs SQL in the test's database as the superuser; prints rows unaligned.
# A failing statement fails the test (also inside $(...)); use sql_try when
# the statement is expected to fail.
sql() {
  psql_admin -d "$RS_DB" -At -c "$1" || fail "sql failed: $1"
}

# As sql, returning psql's status instead of failing the test.
sql_try() {
  psql_admin -d "$RS_DB" -At -c "$1"
}

# Runs SQL ($3) as the app role in one transaction whose row-level-security
# context is coach $1 with role $2 (coach, admin), recorded the way
# rs_authenticate records it (rs_context_set, which only the owner may
# call); prints its rows.
as_app_sql() {
  psql_admin -d "$RS_DB" -At <<SQL
BEGIN;
SELECT rs_context_set($1, '$2', NULL) \g /dev/null
SET LOCAL ROLE reinstate_app;
$3;
COMMIT;
SQL
}

# Sanitizer reports from any server of the test fail it.
rs_check_sanitizers() {
  if [ -f "$T/server.log" ] && grep -qE 'ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:' "$T/server.log"; then
    grep -A30 -E 'ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:' "$T/server.log" | head -60 >&2
    RS_FAILED=1
    echo "FAIL: sanitizer report in the server log" >&2
    return 1
  fi
}

rs_cleanup() {
  local st=$?
  # A check that failed inside $(...) only ended its subshell: it left a mark.
  if [ -f "$T/failed" ]; then RS_FAILED=1; st=1; fi
  rs_stop_server
  rs_check_sanitizers || st=1
  for hook in "${RS_EXIT_HOOKS[@]}"; do eval "$hook"; done
  [ -n "${RS_DB:-}" ] && psql_admin -d postgres -c "DROP DATABASE IF EXISTS \"$RS_DB\" WITH (FORCE)" >/dev/null 2>&1
  if [ "$RS_FAILED" = 0 ]; then rm -rf "$T"; else echo "kept $T for inspection"; fi
  exit $st
}

# Runs a command when the test ends, after its server stopped.
rs_on_exit() {
  RS_EXIT_HOOKS+=("$1")
}

rs_free_port() {
  local p
  while :; do
    # Below Linux's ephemeral range (32768+), so an outgoing connection
    # cannot be holding the port the server is about to bind.
    p=$((20000 + RANDOM % 12000))
    (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null || { echo $p; return; }
  done
}

rs_setup() {
  local name
  name=$(basename "$0" .sh | tr -c 'a-z0-9_\n' '_')
  RS_DB="t_${name}_$$"
  psql_admin -d postgres -c "CREATE DATABASE \"$RS_DB\"" >/dev/null
  export DATABASE_URL="postgresql:///$RS_DB?host=$RS_PG_DIR/sock&user=postgres"
  RS_PORT=$(rs_free_port)
  RS_URL="tcp://127.0.0.1:$RS_PORT"
  trap rs_cleanup EXIT
}

# Starts reinstated on the test's port with extra args; waits until it
# answers health. The log is $T/server.log.
rs_start_server() {
  "$RS_BIN/reinstated" --listen "$RS_URL" "$@" >>"$T/server.log" 2>&1 &
  RS_SERVER_PID=$!
  for _ in $(seq 1 100); do
    if "$RS_BIN/reinstate" --server "$RS_URL" --timeout 1000 health >/dev/null 2>&1; then
      return 0
    fi
    kill -0 "$RS_SERVER_PID" 2>/dev/null || break
    sleep 0.1
  done
  cat "$T/server.log" >&2
  fail "server did not become healthy"
}

# SIGTERM and wait (at most 30 s); returns the server's exit status.
rs_stop_server() {
  local st=0
  [ -n "$RS_SERVER_PID" ] || return 0
  kill -TERM "$RS_SERVER_PID" 2>/dev/null
  for _ in $(seq 1 300); do
    kill -0 "$RS_SERVER_PID" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$RS_SERVER_PID" 2>/dev/null
  wait "$RS_SERVER_PID" 2>/dev/null || st=$?
  RS_SERVER_PID=
  return $st
}

# Runs the CLI with these arguments. A setup call must succeed: a non-zero
# exit fails the test with the command and its stderr (git's test-lib
# discipline), unless RS_MAY_FAIL is set, as expect_exit (which checks the
# status itself) and rs_try do.
rs_cli() {
  local st=0 err
  if [ -n "${RS_MAY_FAIL:-}" ]; then
    "$RS_BIN/reinstate" "$@"
    return
  fi
  err=$(mktemp "$T/cli-stderr.XXXXXX")
  "$RS_BIN/reinstate" "$@" 2>"$err" || st=$?
  if [ "$st" != 0 ]; then
    fail "'reinstate $*' exited $st (use expect_exit or rs_try where that is expected)
stderr: $(cat "$err")"
  fi
  cat "$err" >&2
  rm -f "$err"
}

# The CLI against the test's server; fails the test when it fails (rs_cli).
rs() {
  rs_cli --server "$RS_URL" "$@"
}

# As rs, for a call that may fail: returns its exit status.
rs_try() {
  RS_MAY_FAIL=1 rs "$@"
}

# Fails the test with a reason; the end of the server's log follows, so the
# cause is on screen and not only in the kept directory. Inside $(...) this
# ends only the subshell, so the failure is also marked in $T/failed, which
# pass and the cleanup honour.
fail() {
  RS_FAILED=1
  echo "FAIL: $*" >&2
  : >"$T/failed"
  if [ -s "$T/server.log" ]; then
    echo "--- last lines of the server log ($T/server.log):" >&2
    tail -n 15 "$T/server.log" >&2
  fi
  exit 1
}

# expect_exit CODE cmd...: runs cmd, keeps its stdout in $OUT and stderr in
# $ERR, and fails unless it exits with CODE.
expect_exit() {
  local want=$1 got=0
  shift
  OUT=$(RS_MAY_FAIL=1 "$@" 2>"$T/stderr") || got=$?
  ERR=$(cat "$T/stderr")
  if [ "$got" != "$want" ]; then
    fail "'$*' exited $got, expected $want
stdout: $OUT
stderr: $ERR"
  fi
}

# expect_contains HAYSTACK NEEDLE [what]
expect_contains() {
  case "$1" in
  *"$2"*) ;;
  *) fail "${3:-output} does not contain '$2':
$1" ;;
  esac
}

expect_not_contains() {
  case "$1" in
  *"$2"*) fail "${3:-output} contains '$2':
$1" ;;
  *) ;;
  esac
}

expect_eq() {
  [ "$1" = "$2" ] || fail "${3:-value} is '$1', expected '$2'"
}

pass() {
  [ ! -f "$T/failed" ] || { echo "FAIL: a check failed in a subshell (see above)" >&2; exit 1; }
  echo "PASS: $(basename "$0" .sh)"
  exit 0
}
