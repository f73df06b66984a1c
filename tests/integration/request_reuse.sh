#!/usr/bin/env bash
# A request_id names one request. The same id with the same request replays
# the first answer; with a different request it is refused
# (FAILED_PRECONDITION) instead of answered with the first request's
# response. A mutation without a valid session claims no request_id: the
# database's log gets no row-level-security error for it.
. "$RS_TESTS/lib.sh"
. "$RS_TESTS/cases_lib.sh"
rs_setup
rs_start_server
read -r CA TA <<<"$(mk_coach ana@example.com 'Ana')"

with_id() { REINSTATE_REQUEST_ID=$1 REINSTATE_TOKEN=$TA "$RS_BIN/reinstate" --server "$RS_URL" "${@:2}"; }
expect_exit 0 with_id reuse-1 client add --name "First client"
FIRST=$OUT
expect_exit 0 with_id reuse-1 client add --name "First client"
expect_eq "$OUT" "$FIRST" "the replayed answer"
expect_exit 3 with_id reuse-1 client add --name "Second client"
expect_contains "$ERR" "request_id reused with a different request"
expect_not_contains "$OUT" "$FIRST" "answer to a reused request_id"
expect_eq "$(sql "SELECT string_agg(name, ',' ORDER BY id) FROM clients")" "First client" "clients stored"
# Another method under the same id is refused as before.
expect_exit 3 with_id reuse-1 case open --client "$FIRST" --company Acme --role Dev --manager Dana
expect_contains "$ERR" "already used for"

# Unauthenticated mutations: refused before anything is claimed.
log=$RS_PG_DIR/postgres.log
before=$(wc -c <"$log")
for i in 1 2 3; do
  expect_exit 5 env REINSTATE_TOKEN=rs1_not-a-session REINSTATE_REQUEST_ID=anon-$i \
    "$RS_BIN/reinstate" --server "$RS_URL" client add --name "Nobody $i"
done
expect_eq "$(sql "SELECT count(*) FROM idempotency WHERE request_id LIKE 'anon-%'")" 0 "anonymous claims"
rls_errors=$(tail -c +"$((before + 1))" "$log" | grep -c 'row-level security policy for table "idempotency"')
expect_eq "$rls_errors" 0 "row-level-security errors for idempotency in postgres.log"
pass
