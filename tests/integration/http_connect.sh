#!/usr/bin/env bash
# The web door over curl: every RPC in the Connect protocol's unary mapping
# (JSON and binary), through the same dispatcher as nng: sessions (401
# without the Bearer header), row-level security (another coach's case is
# 404), idempotency (Idempotency-Key is the request_id: a retry replays, a
# reused key on another method is refused), deadlines (Connect-Timeout-Ms),
# the nng path's size caps, content types, each reachable status code with
# the HTTP status Connect gives it, the security headers, /healthz,
# /metrics, the access-code and login throttles. (http_door_ops.sh: the
# deadline, no database, HTTPS, the connection limits.)
. "$RS_TESTS/lib.sh"
. "$RS_TESTS/cases_lib.sh"
command -v curl >/dev/null || fail "curl is needed (scripts/install-deps installs it)"
command -v jq >/dev/null || fail "jq is needed (scripts/install-deps installs it)"
# jf JSON FILTER: one value of a JSON answer.
jf() { jq -r "$2" <<<"$1"; }
rs_setup
HP=$(rs_free_port)
H=http://127.0.0.1:$HP
rs_start_server --http-listen "$H" --agency-name "Acme Careers & Co"
read -r CA TA <<<"$(mk_coach ana@example.com 'Ana Coach')"
read -r CB TB <<<"$(mk_coach bo@example.com 'Bo Coach')"
ADMIN=$(cat "$T/cases-admin-token")

# post PATH BODY [curl args...]: POSTs JSON (or $CT); sets CODE (HTTP status),
# BODY (the answer) and HDRS (the headers, lower-cased names).
post() {
  local path=$1 body=$2
  shift 2
  curl -sS -o "$T/body" -D "$T/hdrs" -w '%{http_code}' -X POST \
    -H "Content-Type: ${CT:-application/json}" --data-binary "$body" "$@" "$H$path" >"$T/code" ||
    fail "curl $path failed"
  CODE=$(cat "$T/code")
  BODY=$(cat "$T/body")
  HDRS=$(tr 'A-Z' 'a-z' <"$T/hdrs" | tr -d '\r')
}
# expect_connect HTTP CONNECT_CODE: the last answer was that Connect error.
expect_connect() {
  expect_eq "$CODE" "$1" "HTTP status for $2 (body: $BODY)"
  expect_eq "$(jf "$BODY" .code)" "$2" "Connect code"
  expect_contains "$HDRS" "content-type: application/json"
}

# --- the Done-means call: the case as JSON with the session; 401 without.
expect_exit 0 as "$TA" client add --name "Jordan Lee"
CL=$OUT
expect_exit 0 as "$TA" case open --client "$CL" --company "Acme Analytics" --role "Data Engineer" \
  --manager "Dana Reyes" --salary 98765 --currency USD
K=$OUT
post /reinstate.v1.Cases/GetCase "{\"id\":$K}" -H "Authorization: Bearer $TA"
expect_eq "$CODE" 200 "GetCase with a session ($BODY)"
expect_contains "$HDRS" "content-type: application/json"
expect_eq "$(jf "$BODY" '[.id, .company, .salary, .stage] | join(" ")')" \
  "$K Acme Analytics 98765 verify_opening" "the case"
post /reinstate.v1.Cases/GetCase "{\"id\":$K}"
expect_connect 401 unauthenticated
expect_contains "$(jf "$BODY" .message)" "log in"
post /reinstate.v1.Cases/GetCase "{\"id\":$K}" -H "Authorization: Bearer not-a-session"
expect_connect 401 unauthenticated
post /reinstate.v1.Cases/GetCase "{\"id\":$K}" -H "Authorization: Basic abc"
expect_connect 401 unauthenticated
# The same answer as the nng door gives.
expect_exit 0 as "$TA" --json case show "$K"
expect_contains "$OUT" "\"company\": \"Acme Analytics\""

# --- row-level security and ownership: another coach's case does not exist.
post /reinstate.v1.Cases/GetCase "{\"id\":$K}" -H "Authorization: Bearer $TB"
expect_connect 404 not_found
post /reinstate.v1.Cases/GetCase '{"id":987654321}' -H "Authorization: Bearer $TA"
expect_connect 404 not_found
# Admin-only calls.
post /reinstate.v1.Coaches/ListCoaches '{}' -H "Authorization: Bearer $TA"
expect_connect 403 permission_denied
post /reinstate.v1.Coaches/ListCoaches '{}' -H "Authorization: Bearer $ADMIN"
expect_eq "$CODE" 200 "ListCoaches as admin"
expect_contains "$BODY" "ana@example.com"

# --- bad input: each with its Connect code and a message naming the field.
post /reinstate.v1.Cases/GetCase '{"id":' -H "Authorization: Bearer $TA"
expect_connect 400 invalid_argument
expect_contains "$BODY" "not valid JSON"
post /reinstate.v1.Cases/GetCase '{"idd":1}' -H "Authorization: Bearer $TA"
expect_connect 400 invalid_argument
expect_contains "$BODY" "idd: is not a field"
post /reinstate.v1.Cases/GetCase '{"id":"seven"}' -H "Authorization: Bearer $TA"
expect_connect 400 invalid_argument
expect_contains "$BODY" "id: must be a 64-bit integer"
# 64-bit integers may come as strings (proto3 JSON); camelCase names too.
post /reinstate.v1.Cases/GetCase "{\"id\":\"$K\"}" -H "Authorization: Bearer $TA"
expect_eq "$CODE" 200 "id as a string"
post /reinstate.v1.Cases/ListCases "{\"pageSize\":1,\"clientId\":$CL}" -H "Authorization: Bearer $TA"
expect_eq "$CODE" 200 "camelCase field names ($BODY)"
expect_contains "$BODY" "Acme Analytics"
# A handler's field violation: the field in a google.rpc.BadRequest detail.
post /reinstate.v1.Clients/CreateClient '{"client":{"name":""}}' -H "Authorization: Bearer $TA" \
  -H "Idempotency-Key: bad-client-1"
expect_connect 400 invalid_argument
expect_eq "$(jf "$BODY" '.details[0].type')" "google.rpc.BadRequest"
expect_contains "$(jf "$BODY" '.details[0].debug.fieldViolations[0].field')" "name"
# A NUL byte in a string is refused by the wire check, with the field named.
post /reinstate.v1.Clients/CreateClient '{"client":{"name":"a\u0000b"}}' \
  -H "Authorization: Bearer $TA" -H "Idempotency-Key: nul-1"
expect_connect 400 invalid_argument
expect_contains "$BODY" "client.name"

# --- unknown methods: unimplemented (501); GET is not a Connect unary call.
post /reinstate.v1.Cases/NoSuchMethod '{}' -H "Authorization: Bearer $TA"
expect_connect 501 unimplemented
post /reinstate.v1.NoSuchService/Get '{}'
expect_connect 501 unimplemented
CODE=$(curl -sS -o /dev/null -w '%{http_code}' "$H/reinstate.v1.Health/Check")
expect_eq "$CODE" 405 "GET on a Connect path"

# --- content types: JSON with a charset, binary protobuf, anything else 415.
CT='application/json; charset=utf-8' post /reinstate.v1.Health/Check '{}'
expect_eq "$CODE" 200 "JSON with charset"
expect_eq "$(jf "$BODY" .status)" SERVING
CT=text/plain post /reinstate.v1.Health/Check '{}'
expect_eq "$CODE" 415 "text/plain"
expect_contains "$HDRS" "accept-post: application/json, application/proto"
CT=application/x-www-form-urlencoded post /reinstate.v1.Health/Check 'a=b'
expect_eq "$CODE" 415 "a form"
post /reinstate.v1.Health/Check '{}' -H 'Content-Encoding: gzip'
expect_connect 501 unimplemented
# GetCase {id: K} in binary: field 1, varint.
varint() {
  local k=$1 b
  while :; do
    b=$((k & 127)); k=$((k >> 7))
    [ "$k" -gt 0 ] && b=$((b | 128))
    printf "\\x$(printf %02x "$b")"
    [ "$k" -gt 0 ] || break
  done
}
{ printf '\x08'; varint "$K"; } >"$T/getcase.bin"
curl -sS -o "$T/case.bin" -D "$T/hdrs" -w '%{http_code}' -X POST -H 'Content-Type: application/proto' \
  -H "Authorization: Bearer $TA" --data-binary @"$T/getcase.bin" "$H/reinstate.v1.Cases/GetCase" >"$T/code"
expect_eq "$(cat "$T/code")" 200 "GetCase in binary"
grep -qi '^content-type: application/proto' "$T/hdrs" || fail "binary answer is not application/proto"
grep -q "Acme Analytics" "$T/case.bin" || fail "the binary answer does not hold the case"
# An undecodable binary payload: invalid_argument, as on nng.
printf '\x0a\xff\xff' >"$T/junk.bin"
curl -sS -o "$T/body" -w '%{http_code}' -X POST -H 'Content-Type: application/proto' \
  -H "Authorization: Bearer $TA" --data-binary @"$T/junk.bin" "$H/reinstate.v1.Cases/GetCase" >"$T/code"
expect_eq "$(cat "$T/code")" 400 "junk protobuf"
expect_eq "$(jq -r .code "$T/body")" invalid_argument

# --- size caps: the nng path's 256 KiB request cap answers resource_exhausted.
{ printf '{"client":{"name":"'; head -c 300000 /dev/zero | tr '\0' x; printf '"}}'; } >"$T/big.json"
post /reinstate.v1.Clients/CreateClient @"$T/big.json" -H "Authorization: Bearer $TA" \
  -H "Idempotency-Key: big-1"
expect_connect 429 resource_exhausted
expect_contains "$BODY" "larger than 262144 bytes"
head -c 3000000 /dev/zero | tr '\0' 'x' >"$T/huge.json"
post /reinstate.v1.Health/Check @"$T/huge.json"
expect_connect 429 resource_exhausted
# The server is still up.
post /reinstate.v1.Health/Check '{}'
expect_eq "$CODE" 200 "health after oversized bodies"

# --- idempotency: Idempotency-Key is the request_id.
post /reinstate.v1.Clients/CreateClient '{"client":{"name":"Riley Idem"}}' -H "Authorization: Bearer $TA"
expect_connect 400 invalid_argument
expect_contains "$BODY" "idempotency-key"
post /reinstate.v1.Clients/CreateClient '{"client":{"name":"Riley Idem"}}' -H "Authorization: Bearer $TA" \
  -H "Idempotency-Key: create-riley-1"
expect_eq "$CODE" 200 "CreateClient ($BODY)"
ID1=$(jf "$BODY" .id)
post /reinstate.v1.Clients/CreateClient '{"client":{"name":"Riley Idem"}}' -H "Authorization: Bearer $TA" \
  -H "Idempotency-Key: create-riley-1"
expect_eq "$CODE" 200 "CreateClient retried"
expect_eq "$(jf "$BODY" .id)" "$ID1" "the retry's answer"
expect_eq "$(sql "SELECT count(*) FROM clients WHERE name = 'Riley Idem'")" 1 "clients made by two tries"
expect_eq "$(sql "SELECT count(*) FROM idempotency WHERE request_id = 'create-riley-1'")" 1 "idempotency record"
expect_eq "$(sql "SELECT count(*) FROM audit_log WHERE request_id = 'create-riley-1' AND actor_id = $CA")" 1 "audited once"
post /reinstate.v1.Clients/ArchiveClient "{\"id\":$ID1}" -H "Authorization: Bearer $TA" \
  -H "Idempotency-Key: create-riley-1"
expect_connect 400 failed_precondition
post /reinstate.v1.Clients/CreateClient '{"client":{"name":"Riley Idem"}}' -H "Authorization: Bearer $TA" \
  -H "Idempotency-Key: has spaces"
expect_connect 400 invalid_argument
# Another coach's use of the same key is another record.
post /reinstate.v1.Clients/CreateClient '{"client":{"name":"Bo Client"}}' -H "Authorization: Bearer $TB" \
  -H "Idempotency-Key: create-riley-1"
expect_eq "$CODE" 200 "the same key for another coach"

# --- already_exists and aborted (etag) through real handlers.
post /reinstate.v1.Coaches/CreateCoach '{"email":"ana@example.com","display_name":"Ana Again","password":"another-password-1"}' \
  -H "Authorization: Bearer $ADMIN" -H "Idempotency-Key: coach-dup-1"
expect_connect 409 already_exists
post /reinstate.v1.Cases/UpdateCase "{\"case\":{\"id\":$K,\"etag\":\"stale\",\"company\":\"Acme Two\"},\"update_mask\":[\"company\"]}" \
  -H "Authorization: Bearer $TA" -H "Idempotency-Key: etag-1"
expect_connect 409 aborted

# --- throttles apply to the web door: wrong access codes from this address.
for i in $(seq 1 40); do
  post /reinstate.v1.Access/GetStatus '{"code":"ABCD-EFGH-JKMN-PQRS"}'
  [ "$CODE" = 429 ] && break
  expect_connect 404 not_found
done
expect_connect 429 resource_exhausted
grep -q '^retry-after: [0-9]' <<<"$HDRS" || fail "no Retry-After on a throttled call: $HDRS"

# --- security headers, on Connect answers and on the page.
for url in "$H/" "$H/healthz" "$H/status.css"; do
  curl -sS -D "$T/hdrs" -o "$T/page" "$url" || fail "GET $url"
  HDRS=$(tr 'A-Z' 'a-z' <"$T/hdrs" | tr -d '\r')
  expect_contains "$HDRS" "content-security-policy: default-src 'none'; style-src 'self'"
  expect_contains "$HDRS" "frame-ancestors 'none'"
  expect_not_contains "$HDRS" "unsafe-inline"
  expect_contains "$HDRS" "x-content-type-options: nosniff"
  expect_contains "$HDRS" "referrer-policy: no-referrer"
  expect_contains "$HDRS" "cache-control: no-store"
  expect_not_contains "$HDRS" "strict-transport-security" "plain http headers"
done
expect_contains "$(cat "$T/page")" "font-family: system-ui"
curl -sS "$H/" >"$T/page"
expect_contains "$(cat "$T/page")" "<title>Check your case — Acme Careers &amp; Co</title>"
expect_contains "$(cat "$T/page")" '<form method="post" action="/status"'
post /reinstate.v1.Health/Check '{}'
expect_contains "$HDRS" "x-content-type-options: nosniff"
expect_contains "$HDRS" "cache-control: no-store"
CODE=$(curl -sS -o /dev/null -w '%{http_code}' "$H/no/such/page")
expect_eq "$CODE" 404 "an unknown page"

# --- operations endpoints.
CODE=$(curl -sS -o "$T/body" -w '%{http_code}' "$H/healthz")
expect_eq "$CODE" 200 "/healthz"
curl -sS "$H/metrics" >"$T/metrics" || fail "GET /metrics"
M=$(cat "$T/metrics")
expect_contains "$M" 'reinstate_rpc_calls_total{method="reinstate.v1.Cases/GetCase",code="OK"}'
expect_contains "$M" 'reinstate_rpc_calls_total{method="reinstate.v1.Cases/GetCase",code="NOT_FOUND"}'
expect_contains "$M" 'reinstate_rpc_duration_seconds_bucket{method="reinstate.v1.Cases/GetCase",le="+Inf"}'
expect_contains "$M" 'reinstate_rpc_in_flight '
expect_contains "$M" 'reinstate_db_up 1'
grep -q '^reinstate_throttle_refusals_total [1-9]' "$T/metrics" || fail "no throttle refusal counted"
# Calls by nng count in the same series.
before=$(sed -n 's/^reinstate_rpc_calls_total{method="reinstate.v1.Health\/Check",code="OK"} //p' "$T/metrics")
rs health >/dev/null || fail "health over nng"
after=$(curl -sS "$H/metrics" | sed -n 's/^reinstate_rpc_calls_total{method="reinstate.v1.Health\/Check",code="OK"} //p')
[ "$after" -gt "$before" ] || fail "an nng call is not counted ($before -> $after)"
# Each call's one log line names the door; the log never holds a token.
grep -q "method=reinstate.v1.Cases/GetCase code=NOT_FOUND .* door=http" "$T/server.log" ||
  fail "no log line for the web door's calls"
! grep -q -e "$TA" -e "$TB" "$T/server.log" || fail "a session token is in the log"
# --- login floods: the login throttle holds on this door too.
for i in $(seq 1 12); do
  post /reinstate.v1.Auth/Login '{"email":"ana@example.com","password":"wrong-password-x"}'
  [ "$CODE" = 429 ] && break
  expect_connect 401 unauthenticated
done
expect_connect 429 resource_exhausted
expect_contains "$BODY" "try again in"
rs_stop_server
pass
