#!/usr/bin/env bash
# A database call through the whole stack against the database alone:
# Cases/GetCase through reinstated (envelope, session check with the
# row-level-security context, one indexed read, commit) beside pgbench
# running the same SQL in the same round trips (a pipelined BEGIN +
# statement_timeout + session check, the read, COMMIT), prepared as the
# server prepares them, as the same role,
# at the same concurrency, in the same run. Prints both and the ratio.
#
#   bench/db.sh [--cases N] [--seconds S] [--levels 1,4,16] [BUILD_DIR]
set -euo pipefail
CASES=20000 SECS=3 LEVELS=1,4,16
while [ $# -gt 0 ]; do
  case $1 in
  --cases) CASES=$2; shift 2 ;;
  --seconds) SECS=$2; shift 2 ;;
  --levels) LEVELS=$2; shift 2 ;;
  *) break ;;
  esac
done
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=bench/lib.sh
. "$HERE/lib.sh"
bench_agency "${1:-}" "$CASES" 10 7796 >/dev/null
CASE=$(q -c "SELECT id FROM cases WHERE coach_id = $COACH AND closed_at IS NULL ORDER BY id LIMIT 1")
HASH=$(printf %s "$TOKEN" | b2sum -l 256 | cut -d' ' -f1)

# The statements case_load (server/db/case_store.c) runs, in the dispatcher's
# round trips (server/transport/rpc_server.c: tx_begin, tx_commit).
cat >"$WORK/getcase.sql" <<SQL
\\startpipeline
BEGIN;
SELECT set_config('statement_timeout', '5000', true);
SELECT coach_id, role, email FROM rs_authenticate('\\x$HASH'::bytea);
\\endpipeline
SELECT k.id, k.client_id, cl.name, k.coach_id, k.company, k.role_title, k.manager_name,
  k.manager_email, k.manager_phone, k.hr_name, k.hr_email, coalesce(k.salary, 0),
  k.currency, rs_date(k.offered_on), rs_date(k.declined_on), k.decline_reason,
  k.better_offer, k.opening_status, rs_ts(k.opening_verified_at), k.stage,
  coalesce(k.loss_reason, ''), rs_ts(k.stage_changed_at), k.closed_at IS NOT NULL,
  rs_ts(k.closed_at), rs_ts(k.created_at), rs_ts(k.updated_at), k.version
  FROM cases k JOIN clients cl ON cl.id = k.client_id
  WHERE k.id = $CASE AND (false OR k.coach_id = $COACH);
COMMIT;
SQL

echo "Cases/GetCase of case $CASE as coach $COACH ($CASES cases), ${SECS} s per run"
printf '%-5s %12s %8s %8s %12s %8s\n' conc "rpc/s" p50_us p99_us "pgbench/s" ratio
for conc in ${LEVELS//,/ }; do
  read -r _ rate p50 p99 _ < <("$BUILD/bench_health" --server "$URL" --token "$TOKEN" \
    --case "$CASE" --levels "$conc" --seconds "$SECS")
  tps=$(PGOPTIONS="-c role=reinstate_app" "$RS_PG_BINDIR/pgbench" -n -M prepared \
    -c "$conc" -j "$(( conc < 2 ? conc : 2 ))" -T "$SECS" -f "$WORK/getcase.sql" "$DATABASE_URL" 2>&1 |
    sed -n 's/^tps = \([0-9.]*\) .*/\1/p')
  awk -v c="$conc" -v r="$rate" -v a="$p50" -v b="$p99" -v t="$tps" \
    'BEGIN { printf "%-5d %12.0f %8d %8d %12.0f %8.2f\n", c, r, a, b, t, (t > 0 ? r / t : 0) }'
done
