#!/usr/bin/env bash
# EXPLAIN ANALYZE of the statements behind `case list`, `case show` and
# `task list --overdue`, run exactly as the server runs them (as the
# application role, row-level security on, the caller's context set), on a
# generated agency: by default 20 coaches, 100k cases, 1M attempts, 200k
# tasks, 300k stage changes and 200k notes.
#
#   bench/cases_explain.sh [--cases N] [--attempts-per-case N] [--check] BUILD_DIR
#
# Needs DATABASE_URL naming an empty database the caller owns (superuser, as
# in the tests), or runs on a throwaway PostgreSQL of its own. With --check
# it exits 1 when any plan scans a whole case-management table.
set -euo pipefail
CASES=100000 PER=10 CHECK=0
while [ $# -gt 1 ]; do
  case $1 in
  --cases) CASES=$2; shift 2 ;;
  --attempts-per-case) PER=$2; shift 2 ;;
  --check) CHECK=1; shift ;;
  *) break ;;
  esac
done
BUILD=${1:?usage: cases_explain.sh [--cases N] [--attempts-per-case N] [--check] BUILD_DIR}
HERE=$(cd "$(dirname "$0")" && pwd)

if [ -z "${DATABASE_URL:-}" ]; then
  STATE=$(mktemp -u /tmp/reinstate-bench-pg.XXXXXX)
  bash "$HERE/../tests/pg_fixture.sh" start "$STATE" >/dev/null
  trap 'bash "$HERE/../tests/pg_fixture.sh" stop "$STATE"' EXIT
  # shellcheck disable=SC1090
  . "$STATE"
  export DATABASE_URL="postgresql:///postgres?host=$RS_PG_DIR/sock&user=postgres"
fi
q() { psql -X -q -v ON_ERROR_STOP=1 -At "$DATABASE_URL" "$@"; }

# shellcheck source=bench/seed_agency.sh
. "$HERE/seed_agency.sh"
seed_agency "$BUILD" "$CASES" "$PER"

COACH=$(q -c "SELECT min(id) + 7 FROM coaches")
MID=$(q -c "SELECT id FROM cases WHERE coach_id = $COACH ORDER BY id OFFSET $((CASES / 50)) LIMIT 1")
CASE=$(q -c "SELECT id FROM cases WHERE coach_id = $COACH AND closed_at IS NULL ORDER BY id OFFSET 100 LIMIT 1")
CLIENT=$(q -c "SELECT client_id FROM cases WHERE id = $CASE")
COLS="k.id, k.client_id, cl.name, k.coach_id, k.company, k.role_title, k.manager_name, k.manager_email,
  k.manager_phone, k.hr_name, k.hr_email, coalesce(k.salary, 0), k.currency, rs_date(k.offered_on),
  rs_date(k.declined_on), k.decline_reason, k.better_offer, k.opening_status,
  rs_ts(k.opening_verified_at), k.stage, coalesce(k.loss_reason, ''), rs_ts(k.stage_changed_at),
  k.closed_at IS NOT NULL, rs_ts(k.closed_at), rs_ts(k.created_at), rs_ts(k.updated_at), k.version"
LIST="SELECT $COLS FROM cases k JOIN clients cl ON cl.id = k.client_id WHERE true"

bad=0
# explain NAME ROLE SQL
explain() {
  local name=$1 role=$2 sql=$3 plan ms
  plan=$(q <<SQL
BEGIN;
SELECT rs_context_set($COACH, '$role', NULL) \g /dev/null
SET LOCAL ROLE reinstate_app;
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) $sql;
COMMIT;
SQL
)
  ms=$(printf '%s\n' "$plan" | sed -n 's/^Execution Time: \(.*\) ms$/\1/p')
  printf '%-34s %9s ms  %s\n' "$name" "$ms" \
    "$(printf '%s\n' "$plan" | grep -oE '(Index Only Scan|Index Scan|Bitmap Index Scan|Seq Scan) (Backward )?(using [a-z_]+ )?on [a-z_]+' | sort -u | paste -sd';')"
  if printf '%s\n' "$plan" | grep -qE 'Seq Scan on (cases|attempts|tasks|notes|stage_history|clients)'; then
    echo "  ^ scans a whole table:"; printf '%s\n' "$plan" | sed 's/^/    /'
    bad=1
  fi
  [ -z "${VERBOSE:-}" ] || printf '%s\n' "$plan" | sed 's/^/    /'
}

explain "case list (coach, open)" coach "$LIST AND k.coach_id = $COACH AND k.closed_at IS NULL ORDER BY k.id LIMIT 51"
explain "case list (coach, open, page 40)" coach "$LIST AND k.coach_id = $COACH AND k.closed_at IS NULL AND k.id > $MID ORDER BY k.id LIMIT 51"
explain "case list --closed (coach)" coach "$LIST AND k.coach_id = $COACH AND k.closed_at IS NOT NULL ORDER BY k.id LIMIT 51"
explain "case list --stage (coach)" coach "$LIST AND k.coach_id = $COACH AND k.stage = 'negotiating' ORDER BY k.id LIMIT 51"
explain "case list --client (coach)" coach "$LIST AND k.coach_id = $COACH AND k.closed_at IS NULL AND k.client_id = $CLIENT ORDER BY k.id LIMIT 51"
explain "case list --company (coach)" coach "$LIST AND k.coach_id = $COACH AND k.closed_at IS NULL AND k.company ILIKE '%any 42%' ORDER BY k.id LIMIT 51"
explain "case list --stage (admin)" admin "$LIST AND k.stage = 'reinterview' ORDER BY k.id LIMIT 51"
explain "case list --coach (admin)" admin "$LIST AND k.coach_id = $COACH AND k.closed_at IS NULL ORDER BY k.id LIMIT 51"
explain "case show: the case" coach "SELECT $COLS FROM cases k JOIN clients cl ON cl.id = k.client_id WHERE k.id = $CASE AND (false OR k.coach_id = $COACH)"
explain "case show: the timeline" coach "SELECT * FROM (
  SELECT a.at, 1 AS rank, a.id, a.outcome AS text FROM attempts a WHERE a.case_id = $CASE
  UNION ALL SELECT h.at, 2, h.id, h.to_stage FROM stage_history h WHERE h.case_id = $CASE
  UNION ALL SELECT n.created_at, 3, n.id, n.body FROM notes n WHERE n.case_id = $CASE
  UNION ALL SELECT t.created_at, 4, t.id, t.title FROM tasks t WHERE t.case_id = $CASE
  ) e ORDER BY at DESC, rank DESC, id DESC LIMIT 2001"
explain "attempt list CASE" coach "SELECT a.* FROM attempts a WHERE a.case_id = $CASE AND a.coach_id = $COACH ORDER BY a.at, a.id LIMIT 51"
explain "task list --overdue (coach)" coach "SELECT t.*, (SELECT company FROM cases k WHERE k.id = t.case_id) FROM tasks t WHERE true AND t.coach_id = $COACH AND NOT t.done AND t.due_on < current_date ORDER BY t.due_on, t.id LIMIT 51"
explain "task list --overdue (admin)" admin "SELECT t.*, (SELECT company FROM cases k WHERE k.id = t.case_id) FROM tasks t WHERE true AND NOT t.done AND t.due_on < current_date ORDER BY t.due_on, t.id LIMIT 51"
explain "task list (coach, open)" coach "SELECT t.* FROM tasks t WHERE true AND t.coach_id = $COACH AND NOT t.done ORDER BY t.due_on, t.id LIMIT 51"
explain "task list --case" coach "SELECT t.* FROM tasks t WHERE true AND t.coach_id = $COACH AND t.case_id = $CASE AND NOT t.done ORDER BY t.due_on, t.id LIMIT 51"
explain "client list (coach)" coach "SELECT c.*, (SELECT count(*) FROM cases k WHERE k.client_id = c.id AND k.closed_at IS NULL) FROM clients c WHERE c.archived_at IS NULL AND c.coach_id = $COACH ORDER BY c.id LIMIT 51"
[ "$CHECK" = 0 ] || exit $bad
