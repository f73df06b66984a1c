# Shared set-up of the benchmark scripts: source it after setting HERE (the
# bench/ folder). bench_agency builds (Release) unless given a build
# directory, starts a throwaway PostgreSQL, seeds an agency, starts
# reinstated on PORT and logs one coach in. It sets BUILD, WORK, URL,
# COACH, EMAIL and TOKEN, defines q (psql) and rs (the CLI), and cleans
# everything up on exit.

# bench_agency BUILD_DIR_OR_EMPTY CASES ATTEMPTS_PER_CASE PORT
bench_agency() {
  BUILD=$1
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

  # shellcheck source=bench/seed_agency.sh
  . "$HERE/seed_agency.sh"
  seed_agency "$BUILD" "$2" "$3"

  local pw='bench-password-123'
  echo "$pw" | "$BUILD/reinstated" admin create --email admin@bench.example --password-stdin >/dev/null
  COACH=$(q -c "SELECT min(id) + 7 FROM coaches WHERE role = 'coach'")
  EMAIL=$(q -c "SELECT email FROM coaches WHERE id = $COACH")
  URL=tcp://127.0.0.1:$4
  # Logs go to a file, as in production; one line per call is part of the cost.
  "$BUILD/reinstated" --listen "$URL" >"$WORK/server.log" 2>&1 &
  SRV=$!
  for _ in $(seq 1 1200); do
    kill -0 "$SRV" 2>/dev/null || break
    rs health >/dev/null 2>&1 && break
    sleep 0.1
  done
  echo "$pw" | rs login --email admin@bench.example --password-stdin >/dev/null
  echo "$pw" | rs coach reset-password "$COACH" --password-stdin >/dev/null
  echo "$pw" | rs login --email "$EMAIL" --password-stdin >/dev/null
  TOKEN=$(sed -n 's/^token=//p' "$XDG_CONFIG_HOME/reinstate/config")
}

q() { "$RS_PG_BINDIR/psql" -X -q -v ON_ERROR_STOP=1 -At "$DATABASE_URL" "$@"; }
rs() { "$BUILD/reinstate" --server "$URL" "$@"; }

# getcase_sql FILE: writes the pgbench script of one Cases/GetCase of $CASE as
# $COACH (token hash $HASH): the statements case_load
# (server/db/case_store.c) runs, in the dispatcher's round trips
# (server/transport/rpc_server.c).
# The server's case read (case_store.c), for the pgbench scripts.
CASE_SELECT="SELECT k.id, k.client_id, cl.name, k.coach_id, k.company, k.role_title, k.manager_name,
  k.manager_email, k.manager_phone, k.hr_name, k.hr_email, coalesce(k.salary, 0),
  k.currency, rs_date(k.offered_on), rs_date(k.declined_on), k.decline_reason,
  k.better_offer, k.opening_status, rs_ts(k.opening_verified_at), k.stage,
  coalesce(k.loss_reason, ''), rs_ts(k.stage_changed_at), k.closed_at IS NOT NULL,
  rs_ts(k.closed_at), rs_ts(k.created_at), rs_ts(k.updated_at), k.version
  FROM cases k JOIN clients cl ON cl.id = k.client_id"

getcase_sql() {
  cat >"$1" <<SQL
\\startpipeline
BEGIN;
SELECT set_config('statement_timeout', '5000', true);
SELECT coach_id, role, email FROM rs_authenticate('\\x$HASH'::bytea);
\\endpipeline
$CASE_SELECT
  WHERE k.id = $CASE AND (false OR k.coach_id = $COACH);
COMMIT;
SQL
}
