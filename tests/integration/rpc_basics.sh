#!/usr/bin/env bash
# Health, reflection, unknown methods and the CLI's usage errors.
. "$RS_TESTS/lib.sh"
rs_setup
rs_start_server

expect_exit 0 rs health
expect_contains "$OUT" "SERVING" "health"
expect_exit 0 rs health --json
expect_contains "$OUT" '"status": "SERVING"' "health --json"
expect_exit 0 rs --json health --deep
expect_contains "$OUT" '"schema_version"' "deep health --json"

expect_exit 0 rs rpc list
expect_contains "$OUT" "reinstate.v1.Health/Check" "rpc list"
expect_contains "$OUT" "reinstate.v1.Reflection/ListServices" "rpc list"

expect_exit 0 "$RS_BIN/tests/rawsend" "$RS_URL" method reinstate.v1.Health/Nope
expect_contains "$OUT" "code=UNIMPLEMENTED" "unknown method"
expect_exit 0 "$RS_BIN/tests/rawsend" "$RS_URL" method reinstate.v1.Nothing/Check
expect_contains "$OUT" "code=UNIMPLEMENTED" "unknown service"
expect_exit 0 "$RS_BIN/tests/rawsend" "$RS_URL" method no-slash
expect_contains "$OUT" "code=UNIMPLEMENTED" "malformed method name"

# Usage errors exit 2; help exits 0 at every level.
expect_exit 2 rs
expect_exit 2 rs frobnicate
expect_contains "$ERR" "unknown command 'frobnicate'"
expect_exit 2 rs rpc frob
expect_exit 2 rs --timeout 0 health
expect_exit 0 rs --help
expect_exit 0 rs rpc --help
expect_exit 0 rs rpc list --help
expect_exit 0 rs health --help

# Nothing listening: UNAVAILABLE family, exit 7, a clear message.
expect_exit 7 "$RS_BIN/reinstate" --server "tcp://127.0.0.1:$(rs_free_port)" --timeout 1500 health
expect_contains "$ERR" "UNAVAILABLE"

# One log line per request, with method, code, time and request id.
grep -q 'method=reinstate.v1.Health/Check code=OK ms=[0-9]* request_id=[0-9a-f]\{32\}' "$T/server.log" ||
  fail "no per-request log line"
pass
