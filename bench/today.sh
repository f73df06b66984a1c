#!/usr/bin/env bash
# How long `reinstate today` takes for one coach of a busy agency: 100k
# cases (20 coaches, half the cases open: ~2,500 open cases and ~25,000
# attempts for the coach), measured through the real CLI and server, beside
# a baseline of the cheapest authenticated call (`whoami`) in the same run.
#
#   bench/today.sh [--cases N] [--runs N] [BUILD_DIR]
set -euo pipefail
CASES=100000 PER=10 RUNS=15
while [ $# -gt 0 ]; do
  case $1 in
  --cases) CASES=$2; shift 2 ;;
  --runs) RUNS=$2; shift 2 ;;
  *) break ;;
  esac
done
HERE=$(cd "$(dirname "$0")" && pwd)
BUILD=${1:-}
if [ -z "$BUILD" ]; then
  BUILD=$HERE/../build-bench
  cmake -S "$HERE/.." -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DREINSTATE_TESTS=OFF >/dev/null
  cmake --build "$BUILD" -j"$(nproc)" >/dev/null
fi

STATE=$(mktemp -u /tmp/reinstate-bench-pg.XXXXXX)
WORK=$(mktemp -d /tmp/reinstate-bench.XXXXXX)
bash "$HERE/../tests/pg_fixture.sh" start "$STATE" >/dev/null
# shellcheck disable=SC1090
. "$STATE"
export DATABASE_URL="postgresql:///postgres?host=$RS_PG_DIR/sock&user=postgres"
export XDG_CONFIG_HOME=$WORK/config
SRV=
trap '[ -n "$SRV" ] && kill -TERM $SRV 2>/dev/null; wait 2>/dev/null; bash "$HERE/../tests/pg_fixture.sh" stop "$STATE"; rm -rf "$WORK"' EXIT
q() { psql -X -q -v ON_ERROR_STOP=1 -At "$DATABASE_URL" "$@"; }

# shellcheck source=bench/seed_agency.sh
. "$HERE/seed_agency.sh"
seed_agency "$BUILD" "$CASES" "$PER"

# One coach who can log in.
PW='bench-password-123'
echo "$PW" | "$BUILD/reinstated" admin create --email admin@bench.example --password-stdin >/dev/null
COACH=$(q -c "SELECT min(id) + 7 FROM coaches WHERE role = 'coach'")
EMAIL=$(q -c "SELECT email FROM coaches WHERE id = $COACH")
PORT=7797
URL=tcp://127.0.0.1:$PORT
"$BUILD/reinstated" --listen "$URL" >"$WORK/server.log" 2>&1 &
SRV=$!
for _ in $(seq 1 100); do "$BUILD/reinstate" --server "$URL" health >/dev/null 2>&1 && break; sleep 0.1; done
rs() { "$BUILD/reinstate" --server "$URL" "$@"; }
echo "$PW" | rs login --email admin@bench.example --password-stdin >/dev/null
echo "$PW" | rs coach reset-password "$COACH" --password-stdin >/dev/null
echo "$PW" | rs login --email "$EMAIL" --password-stdin >/dev/null
OPEN=$(q -c "SELECT count(*) FROM cases WHERE coach_id = $COACH AND closed_at IS NULL")
ATTS=$(q -c "SELECT count(*) FROM attempts a JOIN cases c ON c.id = a.case_id WHERE c.coach_id = $COACH AND c.closed_at IS NULL")

# median_ms CMD...: wall time of RUNS runs, median in milliseconds.
median_ms() {
  local t=()
  for _ in $(seq 1 "$RUNS"); do
    local s e
    s=$(date +%s%N)
    "$@" >/dev/null
    e=$(date +%s%N)
    t+=($(((e - s) / 1000000)))
  done
  printf '%s\n' "${t[@]}" | sort -n | sed -n "$(((RUNS + 1) / 2))p"
}
rs today >/dev/null # warm the plan cache
base=$(median_ms rs whoami)
today=$(median_ms rs today)
items=$(rs --json today | grep -c '"kind"')
server=$(grep 'Playbook/Today' "$WORK/server.log" | sed -n 's/.* ms=\([0-9]*\) .*/\1/p' | sort -n |
  sed -n "$(((RUNS + 1) / 2))p")
echo
echo "agency: $CASES cases; coach $COACH has $OPEN open cases with $ATTS attempts; agenda of $items items"
printf '%-28s %8s\n' "call (median of $RUNS)" "ms"
printf '%-28s %8s\n' "whoami (baseline)" "$base"
printf '%-28s %8s\n' "today (CLI, wall)" "$today"
printf '%-28s %8s\n' "today (server, from its log)" "$server"
awk -v a="$today" -v b="$base" 'BEGIN { if (b > 0) printf "ratio today / whoami: %.1f\n", a / b }'
