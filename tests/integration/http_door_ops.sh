#!/usr/bin/env bash
# The web door's operations over curl: Connect-Timeout-Ms is the deadline
# (504), SIGTERM answers the web calls in flight while /healthz says
# draining, no database is 503 with Retry-After and /healthz 503, HTTPS with
# the server's certificate sends HSTS, /metrics moves to --metrics-listen,
# an unfinished request is closed after --http-timeout, and connections
# past --http-max-connections are refused while the server stays up.
. "$RS_TESTS/lib.sh"
. "$RS_TESTS/cases_lib.sh"
command -v curl >/dev/null || fail "curl is needed (scripts/install-deps installs it)"
command -v jq >/dev/null || fail "jq is needed (scripts/install-deps installs it)"
# jf JSON FILTER: one value of a JSON answer.
jf() { jq -r "$2" <<<"$1"; }
rs_setup
HP=$(rs_free_port)
H=http://127.0.0.1:$HP
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

# --- deadlines: Connect-Timeout-Ms is the call's deadline.
REINSTATE_FAULT_DELAY_MS=600 rs_start_server --http-listen "$H"
post /reinstate.v1.Health/Probe '{}' -H 'Connect-Timeout-Ms: 300'
expect_connect 504 deadline_exceeded
post /reinstate.v1.Health/Probe '{}' -H 'Connect-Timeout-Ms: 5000'
expect_eq "$CODE" 200 "Probe with time enough ($BODY)"
post /reinstate.v1.Health/Probe '{}' -H 'Connect-Timeout-Ms: soon'
expect_connect 400 invalid_argument
rs_stop_server

# --- SIGTERM: a web call in flight is answered; meanwhile /healthz says
# draining (503) so load balancers move away.
REINSTATE_FAULT_DELAY_MS=6000 rs_start_server --http-listen "$H"
curl -sS -o "$T/inflight.body" -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
  -H 'Connect-Timeout-Ms: 60000' -d '{}' "$H/reinstate.v1.Health/Probe" >"$T/inflight.code" &
probe=$!
for _ in $(seq 1 100); do
  curl -sS "$H/metrics" | grep -q '^reinstate_rpc_in_flight [1-9]' && break
  sleep 0.1
done
curl -sS "$H/metrics" | grep -q '^reinstate_rpc_in_flight [1-9]' || fail "the probe never got in flight"
kill -TERM "$RS_SERVER_PID"
for _ in $(seq 1 50); do
  [ "$(curl -sS -o /dev/null -w '%{http_code}' "$H/healthz")" = 503 ] && break
  sleep 0.1
done
expect_eq "$(curl -sS "$H/healthz")" draining "/healthz while draining"
wait "$probe"
expect_eq "$(cat "$T/inflight.code")" 200 "the call in flight at SIGTERM"
expect_contains "$(cat "$T/inflight.body")" "\"schema_version\":" "its answer"
rs_stop_server || fail "the server did not stop cleanly"

# --- no database: unavailable (503) with Retry-After; /healthz says 503.
# (rs_start_server waits for a healthy server: wait for the web door instead.)
DATABASE_URL="postgresql:///nodb?host=$T/nowhere&connect_timeout=1" "$RS_BIN/reinstated" \
  --listen "$RS_URL" --http-listen "$H" >>"$T/server.log" 2>&1 &
RS_SERVER_PID=$!
for _ in $(seq 1 100); do
  curl -s -o /dev/null "$H/healthz" && break
  sleep 0.1
done
post /reinstate.v1.Health/Probe '{}'
expect_connect 503 unavailable
grep -q '^retry-after: [0-9]' <<<"$HDRS" || fail "no Retry-After on unavailable: $HDRS"
CODE=$(curl -sS -o "$T/body" -w '%{http_code}' "$H/healthz")
expect_eq "$CODE" 503 "/healthz without a database"
rs_stop_server

# --- HTTPS with the server's certificate: HSTS; /metrics on its own port.
pki=$T/pki
mkdir -p "$pki"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj "/CN=localhost" \
  -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" -keyout "$pki/server.key" \
  -out "$pki/server.crt" 2>/dev/null || fail "cannot make a certificate"
MP=$(rs_free_port)
rs_start_server --http-listen "https://127.0.0.1:$HP" --metrics-listen "http://127.0.0.1:$MP" \
  --tls-cert "$pki/server.crt" --tls-key "$pki/server.key" --http-max-connections 4
curl -sS --cacert "$pki/server.crt" -D "$T/hdrs" -o "$T/body" -X POST -H 'Content-Type: application/json' \
  -d '{}' "https://127.0.0.1:$HP/reinstate.v1.Health/Check" || fail "https call"
HDRS=$(tr 'A-Z' 'a-z' <"$T/hdrs" | tr -d '\r')
expect_contains "$HDRS" "strict-transport-security: max-age="
expect_eq "$(jq -r .status "$T/body")" SERVING
CODE=$(curl -sS -o /dev/null -w '%{http_code}' "http://127.0.0.1:$HP/healthz" 2>/dev/null)
[ "$CODE" != 200 ] || fail "plain http answered on the https port"
CODE=$(curl -sS --cacert "$pki/server.crt" -o /dev/null -w '%{http_code}' "https://127.0.0.1:$HP/metrics")
expect_eq "$CODE" 404 "/metrics on the public port when --metrics-listen is set"
curl -sS "http://127.0.0.1:$MP/metrics" | grep -q '^reinstate_rpc_calls_total' ||
  fail "/metrics on the metrics port"
# The connection cap: idle connections past it are refused, the server stays up.
fds=()
for i in 1 2 3 4 5 6; do
  exec {fd}<>"/dev/tcp/127.0.0.1/$HP" || fail "cannot open idle connection $i"
  fds+=("$fd")
done
sleep 0.5
curl -sS --cacert "$pki/server.crt" -o /dev/null -m 5 -X POST -H 'Content-Type: application/json' -d '{}' \
  "https://127.0.0.1:$HP/reinstate.v1.Health/Check" 2>/dev/null && fail "a connection past the cap was served"
for fd in "${fds[@]}"; do exec {fd}>&-; done
sleep 0.5
CODE=$(curl -sS --cacert "$pki/server.crt" -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
  -d '{}' "https://127.0.0.1:$HP/reinstate.v1.Health/Check")
expect_eq "$CODE" 200 "a call once the idle connections are gone"
rs_stop_server

# --- a request that never finishes does not hold its connection: the
# server closes it after --http-timeout (2 s here).
rs_start_server --http-listen "$H" --http-timeout 2
exec {slow}<>"/dev/tcp/127.0.0.1/$HP" || fail "cannot connect to the web door"
printf 'GET /healthz HTTP/1.1\r\nHost: x\r\nX-Partial: ' >&"$slow"
if timeout 20 cat <&"$slow" >/dev/null; then :; else fail "a partial request kept its connection"; fi
exec {slow}>&-
pass
