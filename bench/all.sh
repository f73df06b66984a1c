#!/usr/bin/env bash
# Every performance figure of the server in one run, each beside a baseline
# measured in the same run on the same machine, so that load from other
# processes mostly cancels out in the ratios:
#
#   1. Health/Check at c=1/4/16/64 against a raw nng echo (bench_health);
#   2. Cases/GetCase at c=1/4/16 against pgbench running the same SQL in the
#      same round trips, with the CPU time per call of the server and of
#      PostgreSQL (from /proc) for both;
#   3. system calls per GetCase on the server (strace -c -f, c=4);
#   4. Attempts/LogAttempt at c=1/4/16 against pgbench running the same SQL
#      in the same round trips, commits durable (fsync on);
#   5. `today` for a coach with ~2,500 open cases (server time from its log,
#      p50/p99) beside `whoami`, the cheapest authenticated call (the floor);
#   6. `case list`, the funnel (admin and coach) and the per-coach report
#      through the CLI (wall time, p50) beside `whoami`;
#   7. the server's resident memory during a mixed load at c=64.
#
# The agency: 100k cases (20 coaches), 10 attempts per case (1M attempts).
#
#   bench/all.sh [--cases N] [--per N] [--seconds S] [--mix-seconds S]
#                [--runs N] [--baseline REV_OR_BUILD_DIR] [BUILD_DIR]
#
# --baseline runs a second reinstated (a build directory, or a git revision
# such as main, built here in Release) on the same database (one that knows
# every setting this build's migrations add: it refuses to start otherwise), and prints its
# GetCase figures (sections 2 and 3), `today`, the case list and the funnel
# (sections 5 and 6) beside this build's, in the same run:
# before and after a change without the machine's load moving in between.
#
# Needs pgbench and psql (postgresql), strace (optional: skipped without it).
# Listens on 127.0.0.1 ports RS_BENCH_PORT - 1 to + 2 (default 7795): set it
# when another run holds them.
set -euo pipefail
PORT=${RS_BENCH_PORT:-7795}
for p in $((PORT - 1)) $PORT $((PORT + 2)); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
    echo "all.sh: port $p is in use (set RS_BENCH_PORT)" >&2
    exit 1
  fi
done
CASES=100000 PER=10 SECS=3 MIXSECS=60 RUNS=21 BASELINE=
while [ $# -gt 0 ]; do
  case $1 in
  --cases) CASES=$2; shift 2 ;;
  --per) PER=$2; shift 2 ;;
  --seconds) SECS=$2; shift 2 ;;
  --mix-seconds) MIXSECS=$2; shift 2 ;;
  --runs) RUNS=$2; shift 2 ;;
  --baseline) BASELINE=$2; shift 2 ;;
  *) break ;;
  esac
done
HERE=$(cd "$(dirname "$0")" && pwd)
# Durable commits: the write benchmark compares fsync'd commits.
export RS_PG_FSYNC=on
# shellcheck source=bench/lib.sh
. "$HERE/lib.sh"

echo "== machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)," \
  "load average $(cut -d' ' -f1-3 /proc/loadavg) at start, $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "== commit $(git -C "$HERE/.." rev-parse --short HEAD 2>/dev/null || echo unknown)"
bench_agency "${1:-}" "$CASES" "$PER" "$PORT"
SRVPID=$SRV
# The baseline server, when asked for: same database, its own port.
BASEPID= BASEURL=tcp://127.0.0.1:$((PORT + 2))
if [ -n "$BASELINE" ]; then
  if [ -x "$BASELINE/reinstated" ]; then
    BASEBUILD=$BASELINE
  else
    BASEBUILD=$WORK/base/build
    mkdir -p "$WORK/base/src"
    git -C "$HERE/.." archive "$BASELINE" | tar -x -C "$WORK/base/src"
    cmake -S "$WORK/base/src" -B "$BASEBUILD" -DCMAKE_BUILD_TYPE=Release -DREINSTATE_TESTS=OFF >/dev/null
    cmake --build "$BASEBUILD" -j"$(nproc)" --target reinstated >/dev/null
  fi
  "$BASEBUILD/reinstated" --listen "$BASEURL" >"$WORK/base.log" 2>&1 &
  BASEPID=$!
  trap '[ -n "$BASEPID" ] && kill -TERM $BASEPID 2>/dev/null; [ -n "$SRV" ] && kill -TERM $SRV 2>/dev/null; wait 2>/dev/null; bash "$HERE/../tests/pg_fixture.sh" stop "$STATE"; rm -rf "$WORK"' EXIT
  # Its start-up brings the settings in line, which marks every open case of
  # a big agency for the agenda: up to a minute on a busy machine.
  for _ in $(seq 1 1200); do
    kill -0 "$BASEPID" 2>/dev/null || break
    "$BUILD/reinstate" --server "$BASEURL" health >/dev/null 2>&1 && break
    sleep 0.1
  done
  "$BUILD/reinstate" --server "$BASEURL" health >/dev/null || { echo "all.sh: the baseline server did not start:" >&2; tail -5 "$WORK/base.log" >&2; exit 1; }
  echo "== baseline: $BASELINE ($(git -C "$HERE/.." rev-parse --short "$BASELINE" 2>/dev/null || echo build)) on $BASEURL"
fi
PGPID=$(head -1 "$RS_PG_DIR/data/postmaster.pid")
# A settled database, as in production: statistics and visibility maps up
# to date, and no autovacuum run landing in a measurement.
q -c "ALTER SYSTEM SET autovacuum = off" -c "SELECT pg_reload_conf()" >/dev/null
q -c "VACUUM ANALYZE" >/dev/null
# The seed's dirty pages on disk before measuring: a checkpoint flushing
# gigabytes with fsync on would stall every backend mid-run.
q -c "CHECKPOINT" >/dev/null
sync
TICK=$(getconf CLK_TCK)
# The admin's own CLI configuration, for the admin report.
ADMIN_CFG=$WORK/admin-config
mkdir -p "$ADMIN_CFG"
echo 'bench-password-123' | XDG_CONFIG_HOME=$ADMIN_CFG "$BUILD/reinstate" --server "$URL" \
  login --email admin@bench.example --password-stdin >/dev/null

# CPU ticks (user + system) of a process and its threads.
ticks_of() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
# CPU ticks of PostgreSQL's backends: the live ones serving a client, and
# those that have exited (cutime/cstime of the postmaster: pgbench's).
pg_ticks() {
  local t
  t=$(awk '{print $16 + $17}' "/proc/$PGPID/stat")
  for c in $(pgrep -P "$PGPID"); do
    grep -q '\[local\]' "/proc/$c/cmdline" 2>/dev/null && t=$((t + $(ticks_of "$c")))
  done
  echo "$t"
}
us_per() { awk -v t="$1" -v n="$2" -v k="$TICK" 'BEGIN { printf "%.0f", (n > 0 ? t * 1e6 / k / n : 0) }'; }

pick_cases() { # N open cases of the coach, comma-separated
  q -c "SELECT string_agg(id::text, ',') FROM (SELECT id FROM cases WHERE coach_id = $COACH
        AND closed_at IS NULL ORDER BY id LIMIT $1) s"
}
CASE=$(pick_cases 1)
HASH=$(printf %s "$TOKEN" | b2sum -l 256 | cut -d' ' -f1)
OPEN=$(q -c "SELECT count(*) FROM cases WHERE coach_id = $COACH AND closed_at IS NULL")
ATTS=$(q -c "SELECT count(*) FROM attempts a JOIN cases c ON c.id = a.case_id WHERE c.coach_id = $COACH AND c.closed_at IS NULL")
echo "== agency: $CASES cases, $PER attempts per case; coach $COACH has $OPEN open cases with $ATTS attempts"

# pgbench_run CONC SCRIPT: prints "tps pg_ticks"
pgbench_run() {
  local p0 p1 tps
  p0=$(pg_ticks)
  tps=$(PGOPTIONS="-c role=reinstate_app" "$RS_PG_BINDIR/pgbench" -n -M prepared \
    -c "$1" -j "$(($1 < 2 ? $1 : 2))" -T "$SECS" -f "$2" "$DATABASE_URL" 2>&1 |
    sed -n 's/^tps = \([0-9.]*\) .*/\1/p')
  p1=$(pg_ticks)
  echo "${tps:-0} $((p1 - p0))"
}

echo
echo "== 1. Health/Check (no database) against a raw nng echo, ${SECS} s per run"
"$BUILD/bench_health" --server "$URL" --levels 1,4,16,64 --seconds "$SECS" | tail -n +3

echo
echo "== 2. Cases/GetCase against pgbench, same SQL in the same round trips, ${SECS} s per run"
getcase_sql "$WORK/getcase.sql"
printf '%-5s %10s %8s %8s %10s %8s | %9s %9s %9s %9s\n' conc "rpc/s" p50_us p99_us "pgbench/s" ratio \
  "srv_us" "pg_us" "pgb_pg_us" "pg_ratio"
# getcase_run PID URL CONC: prints "rate p50 p99 srv_us pg_us" for GetCase
getcase_run() {
  local s0 s1 p0 p1 rate p50 p99 n
  s0=$(ticks_of "$1")
  p0=$(pg_ticks)
  read -r _ rate p50 p99 n _ < <("$BUILD/bench_health" --server "$2" --token "$TOKEN" \
    --case "$CASE" --levels "$3" --seconds "$SECS")
  s1=$(ticks_of "$1")
  p1=$(pg_ticks)
  echo "$rate $p50 $p99 $(us_per $((s1 - s0)) "$n") $(us_per $((p1 - p0)) "$n")"
}
for conc in 1 4 16; do
  read -r rate p50 p99 srv_us pg_us < <(getcase_run "$SRVPID" "$URL" "$conc")
  read -r tps pgb < <(pgbench_run "$conc" "$WORK/getcase.sql")
  pgb_us=$(us_per "$pgb" "$(awk -v t="$tps" -v s="$SECS" 'BEGIN { printf "%.0f", t * s }')")
  awk -v c="$conc" -v r="$rate" -v a="$p50" -v b="$p99" -v t="$tps" -v su="$srv_us" -v pu="$pg_us" -v bu="$pgb_us" \
    'BEGIN { printf "%-5d %10.0f %8d %8d %10.0f %8.2f | %9d %9d %9d %9.2f\n", c, r, a, b, t, (t > 0 ? r / t : 0), su, pu, bu, (bu > 0 ? pu / bu : 0) }'
  if [ -n "$BASEPID" ]; then
    read -r rate p50 p99 srv_us pg_us < <(getcase_run "$BASEPID" "$BASEURL" "$conc")
    awk -v c="$conc" -v r="$rate" -v a="$p50" -v b="$p99" -v t="$tps" -v su="$srv_us" -v pu="$pg_us" -v bu="$pgb_us" \
      'BEGIN { printf "%-5s %10.0f %8d %8d %10.0f %8.2f | %9d %9d %9d %9.2f\n", c "b", r, a, b, t, (t > 0 ? r / t : 0), su, pu, bu, (bu > 0 ? pu / bu : 0) }'
  fi
done
echo "srv_us, pg_us: CPU per GetCase of reinstated and of PostgreSQL; pgb_pg_us: PostgreSQL's per pgbench transaction"
echo "target: srv_us <= 30, pg_ratio <= 1.1${BASEPID:+; rows NNb: the baseline ($BASELINE), same run}"

echo
echo "== 3. System calls per call (strace -c -f on the serving process, c=4, ${SECS} s each)"
# traced PID CMD...: runs CMD (a bench_health printing "conc rate p50 p99
# calls") while strace counts PID's system calls; prints the top ones per call.
traced() {
  local pid=$1 st n
  shift
  strace -c -f -q -p "$pid" -o "$WORK/strace.txt" &
  st=$!
  sleep 1
  read -r _ _ _ _ n _ < <("$@")
  kill -INT "$st" 2>/dev/null
  wait "$st" 2>/dev/null || true
  awk -v n="$n" '$NF ~ /^[a-z_0-9]+$/ && $4 ~ /^[0-9]+$/ && $NF != "total" {
      printf "%s %.1f\n", $NF, $4 / n }' "$WORK/strace.txt" | sort -k2 -rn | head -8 | tr '\n' ' '
  awk -v n="$n" '$NF == "total" { printf "| all %.1f", $4 / n }' "$WORK/strace.txt"
  echo
}
if command -v strace >/dev/null; then
  "$BUILD/bench_health" --serve-echo tcp://127.0.0.1:$((PORT - 1)) --seconds $((SECS + 3)) &
  ECHO=$!
  sleep 0.5
  printf '%-34s ' "nng REP echo (the floor)"
  traced "$ECHO" "$BUILD/bench_health" --server tcp://127.0.0.1:$((PORT - 1)) --raw --levels 4 --seconds "$SECS"
  kill "$ECHO" 2>/dev/null
  wait "$ECHO" 2>/dev/null || true
  printf '%-34s ' "Health/Check (inline)"
  traced "$SRVPID" "$BUILD/bench_health" --server "$URL" --health --levels 4 --seconds "$SECS"
  printf '%-34s ' "Cases/GetCase (database)"
  traced "$SRVPID" "$BUILD/bench_health" --server "$URL" --token "$TOKEN" --case "$CASE" --levels 4 --seconds "$SECS"
  if [ -n "$BASEPID" ]; then
    printf '%-34s ' "Health/Check, baseline"
    traced "$BASEPID" "$BUILD/bench_health" --server "$BASEURL" --health --levels 4 --seconds "$SECS"
    printf '%-34s ' "Cases/GetCase, baseline"
    traced "$BASEPID" "$BUILD/bench_health" --server "$BASEURL" --token "$TOKEN" --case "$CASE" --levels 4 --seconds "$SECS"
  fi
  echo "target for GetCase: futex <= 8 per call"
else
  echo "strace not installed: skipped"
fi

echo
echo "== 4. Attempts/LogAttempt against pgbench, same SQL in the same round trips, durable commits, ${SECS} s per run"
IDS=$(pick_cases 16)
IFS=, read -r -a IDARR <<<"$IDS"
# The transaction LogAttempt runs (no stage move: outcome no_answer): the
# opening round trip with the request_id claim, the case locked, the
# attempt inserted, then the response stored, the audit row and COMMIT.
{
  echo '\set rid random(1, 1000000000000)'
  echo '\set k :client_id % 16'
  for i in "${!IDARR[@]}"; do
    [ "$i" = 0 ] && echo "\\if :k = $i" || echo "\\elif :k = $i"
    echo "\\set cid ${IDARR[$i]}"
  done
  echo '\endif'
  cat <<SQL
\\startpipeline
BEGIN;
SELECT set_config('statement_timeout', '5000', true);
SELECT coach_id, role, email FROM rs_authenticate('\\x$HASH'::bytea);
INSERT INTO idempotency (coach_id, request_id, method) VALUES (rs_actor(), 'pgb-' || :client_id || '-' || :rid, 'reinstate.v1.Attempts/LogAttempt') ON CONFLICT DO NOTHING RETURNING true;
\\endpipeline
$CASE_SELECT
  WHERE k.id = :cid AND (false OR k.coach_id = $COACH) FOR UPDATE OF k;
WITH a AS (INSERT INTO attempts (case_id, coach_id, at, channel, contact_role, contact_name, summary,
  accepted_responsibility, conveyed_commitment, offered_reinterview, outcome, follow_up_on, logged_by)
  VALUES (:cid, $COACH, coalesce(NULL::timestamptz, now()), 'phone', 'hiring_manager', btrim('Manager'),
  'left a message with the assistant', false, false, false, 'no_answer', NULL::date, rs_actor()) RETURNING *)
  SELECT a.id, a.case_id, rs_ts(a.at), a.channel, a.contact_role, a.contact_name, a.summary,
  a.accepted_responsibility, a.conveyed_commitment, a.offered_reinterview, a.outcome,
  rs_date(a.follow_up_on), a.logged_by, rs_ts(a.created_at), (extract(epoch FROM a.at) * 1000000)::bigint FROM a;
\\startpipeline
UPDATE idempotency SET response = '\\x0a4a08011002' WHERE coach_id = rs_actor() AND request_id = 'pgb-' || :client_id || '-' || :rid;
INSERT INTO audit_log (actor_id, method, record, request_id, summary) VALUES (rs_actor(), 'reinstate.v1.Attempts/LogAttempt', 'case/' || :cid, 'pgb-' || :client_id || '-' || :rid, 'attempt logged: no_answer');
COMMIT;
\\endpipeline
SQL
} >"$WORK/logattempt.sql"
printf '%-5s %10s %8s %8s %10s %8s | %9s %9s %9s %9s\n' conc "rpc/s" p50_us p99_us "pgbench/s" ratio \
  "srv_us" "pg_us" "pgb_pg_us" "pg_ratio"
for conc in 1 4 16; do
  s0=$(ticks_of "$SRVPID")
  p0=$(pg_ticks)
  read -r _ rate p50 p99 n _ < <("$BUILD/bench_health" --server "$URL" --token "$TOKEN" \
    --attempt "$IDS" --levels "$conc" --seconds "$SECS")
  s1=$(ticks_of "$SRVPID")
  p1=$(pg_ticks)
  read -r tps pgb < <(pgbench_run "$conc" "$WORK/logattempt.sql")
  srv_us=$(us_per $((s1 - s0)) "$n")
  pg_us=$(us_per $((p1 - p0)) "$n")
  pgb_us=$(us_per "$pgb" "$(awk -v t="$tps" -v s="$SECS" 'BEGIN { printf "%.0f", t * s }')")
  awk -v c="$conc" -v r="$rate" -v a="$p50" -v b="$p99" -v t="$tps" -v su="$srv_us" -v pu="$pg_us" -v bu="$pgb_us" \
    'BEGIN { printf "%-5d %10.0f %8d %8d %10.0f %8.2f | %9d %9d %9d %9.2f\n", c, r, a, b, t, (t > 0 ? r / t : 0), su, pu, bu, (bu > 0 ? pu / bu : 0) }'
done

# pct P RUNS-values...: the P-th percentile (nearest rank) of the values.
pct() {
  local p=$1
  shift
  printf '%s\n' "$@" | sort -n | awk -v p="$p" '{ v[NR] = $1 } END { i = int((NR * p + 99) / 100); if (i < 1) i = 1; print v[i] }'
}
# wall_ms CMD...: wall times of RUNS runs in ms, space-separated.
wall_ms() {
  local t=() s e
  for _ in $(seq 1 "$RUNS"); do
    s=$(date +%s%N)
    "$@" >/dev/null 2>&1
    e=$(date +%s%N)
    t+=($(((e - s) / 1000000)))
  done
  echo "${t[@]}"
}
# server_ms METHOD [LOG]: the server's own times of the last RUNS calls of METHOD.
server_ms() {
  grep "method=[^ ]*$1 " "${2:-$WORK/server.log}" | tail -n "$RUNS" | sed -n 's/.* ms=\([0-9]*\) .*/\1/p' | tr '\n' ' '
}
admin() { XDG_CONFIG_HOME=$ADMIN_CFG "$BUILD/reinstate" --server "$URL" "$@"; }
# The same calls on the baseline server (same database, same sessions).
rsb() { "$BUILD/reinstate" --server "$BASEURL" "$@"; }
adminb() { XDG_CONFIG_HOME=$ADMIN_CFG "$BUILD/reinstate" --server "$BASEURL" "$@"; }
# row "WALL_MS..." "SERVER_MS..." LABEL [NOTE]: p50 and p99 of the wall
# times, p50 of the server's, and the wall p50 over whoami's ($FLOOR).
row() {
  local w=$1 s=$2
  # shellcheck disable=SC2086
  printf '%-38s %7s %7s %9s %9s   %s\n' "$3" "$(pct 50 $w)" "$(pct 99 $w)" "$([ -n "$s" ] && pct 50 $s || echo -)" \
    "$(awk -v a="$(pct 50 $w)" -v b="$FLOOR" 'BEGIN { printf "%.1f", (b > 0 ? a / b : 0) }')" "${4:-}"
}
header() { printf '%-38s %7s %7s %9s %9s\n' "call (CLI, wall)" p50_ms p99_ms server_ms x_whoami; }

echo
echo "== 5. today (coach $COACH: $OPEN open cases, $ATTS attempts), $RUNS runs"
rs today >/dev/null || echo "(the warm-up call of today failed; measuring anyway)" # warms the plan cache
base=$(wall_ms rs whoami)
# shellcheck disable=SC2086
FLOOR=$(pct 50 $base)
wall=$(wall_ms rs today)
srv=$(server_ms Playbook/Today)
items=$(rs --json today | grep -c '"kind"' || true)
header
row "$base" "" "whoami (the floor)"
# shellcheck disable=SC2086
row "$wall" "$srv" "today" "(target: server <= 30 p50, <= 60 p99: $(pct 99 $srv) p99)"
if [ -n "$BASEPID" ]; then
  rsb today >/dev/null || true
  row "$(wall_ms rsb today)" "$(server_ms Playbook/Today "$WORK/base.log")" "today, baseline"
fi
echo "agenda: $items items"

echo
echo "== 6. lists and reports through the CLI ($CASES cases, $(q -c 'SELECT count(*) FROM attempts') attempts), $RUNS runs"
rs case list >/dev/null || echo "(the warm-up case list failed)"
admin report funnel >/dev/null || echo "(the warm-up funnel failed)"
base=$(wall_ms rs whoami)
# shellcheck disable=SC2086
FLOOR=$(pct 50 $base)
header
row "$base" "" "whoami (the floor)"
row "$(wall_ms rs case list --page-size 50)" "$(server_ms Cases/ListCases)" "case list --page-size 50 (coach)" "(target <= 20)"
row "$(wall_ms rs case list)" "" "case list (coach, every open case)" "(pages of 500, each with its next step)"
row "$(wall_ms admin report funnel)" "$(server_ms Reports/Funnel)" "report funnel (admin)" "(target <= 150)"
row "$(wall_ms rs report funnel)" "$(server_ms Reports/Funnel)" "report funnel (coach)"
if [ -n "$BASEPID" ]; then
  rsb case list --page-size 50 >/dev/null 2>&1 || true
  adminb report funnel >/dev/null 2>&1 || true
  row "$(wall_ms rsb case list --page-size 50)" "$(server_ms Cases/ListCases "$WORK/base.log")" "case list --page-size 50, baseline"
  row "$(wall_ms adminb report funnel)" "$(server_ms Reports/Funnel "$WORK/base.log")" "report funnel (admin), baseline"
  row "$(wall_ms rsb report funnel)" "$(server_ms Reports/Funnel "$WORK/base.log")" "report funnel (coach), baseline"
fi
# The per-coach report runs the engine over every case on an agenda of
# the day (every coach's): a few runs.
RUNS_ALL=$RUNS RUNS=3
row "$(wall_ms admin report coaches)" "$(server_ms Reports/Coaches)" "report coaches (admin, 3 runs)" "(the engine over each coach's agenda of the day)"
RUNS=$RUNS_ALL

echo
echo "== 7. server memory: mixed calls (Health/Check, GetCase, LogAttempt) at c=64 for ${MIXSECS} s"
rss() { awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$SRVPID/status"; }
r0=$(rss)
"$BUILD/bench_health" --server "$URL" --token "$TOKEN" --mix "$IDS" --levels 64 --seconds "$MIXSECS" >"$WORK/mix.txt" &
MIX=$!
samples=()
while kill -0 "$MIX" 2>/dev/null; do
  samples+=("$(rss)")
  sleep 1
done
wait "$MIX"
read -r _ mrate _ mp99 mn _ <"$WORK/mix.txt"
half=$((${#samples[@]} / 2))
printf 'RSS MiB: before %s, after 1 s %s, at half time %s, at the end %s, peak %s (target < 100, flat)\n' \
  "$r0" "${samples[1]:-?}" "${samples[$half]:-?}" "${samples[-1]:-?}" "$(pct 100 "${samples[@]}")"
echo "mixed load: $mn calls, $mrate calls/s, p99 ${mp99} us"
echo
echo "== load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
