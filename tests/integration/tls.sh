#!/usr/bin/env bash
# TLS: a round trip with a CA made here; refused with the wrong CA and when
# the certificate does not name the host dialled.
. "$RS_TESTS/lib.sh"
rs_setup
command -v openssl >/dev/null || fail "openssl is needed (scripts/install-deps installs it)"

pki=$T/pki
mkdir -p "$pki"
mkca() {
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
    -subj "/CN=$1" -keyout "$pki/$1.key" -out "$pki/$1.crt" 2>/dev/null
}
mkca test-ca
mkca other-ca
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=localhost" \
  -keyout "$pki/server.key" -out "$pki/server.csr" 2>/dev/null
printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' >"$pki/ext"
openssl x509 -req -in "$pki/server.csr" -CA "$pki/test-ca.crt" -CAkey "$pki/test-ca.key" \
  -CAcreateserial -days 2 -extfile "$pki/ext" -out "$pki/server.crt" 2>/dev/null ||
  fail "cannot sign the server certificate"

port=$(rs_free_port)
# Certificates are checked by host name (nng's mbedTLS 2 does not match IP
# address SANs), so clients dial the name the certificate carries.
tls_url="tls+tcp://localhost:$port"
"$RS_BIN/reinstated" --listen "tls+tcp://127.0.0.1:$port" --tls-cert "$pki/server.crt" --tls-key "$pki/server.key" \
  >>"$T/server.log" 2>&1 &
RS_SERVER_PID=$!
ok=0
for _ in $(seq 1 100); do
  if "$RS_BIN/reinstate" --server "$tls_url" --ca-file "$pki/test-ca.crt" --timeout 1000 health >/dev/null 2>&1; then
    ok=1
    break
  fi
  sleep 0.1
done
[ "$ok" = 1 ] || { cat "$T/server.log"; fail "no TLS round trip with the right CA"; }

expect_exit 0 "$RS_BIN/reinstate" --server "$tls_url" --ca-file "$pki/test-ca.crt" health --deep
expect_exit 0 env REINSTATE_CA_FILE="$pki/test-ca.crt" REINSTATE_SERVER="$tls_url" "$RS_BIN/reinstate" health
# Wrong CA: refused.
expect_exit 7 "$RS_BIN/reinstate" --server "$tls_url" --ca-file "$pki/other-ca.crt" --timeout 2000 health
# Right CA, but a name the certificate does not carry.
expect_exit 7 "$RS_BIN/reinstate" --server "tls+tcp://127.0.0.1:$port" --ca-file "$pki/test-ca.crt" --timeout 2000 health
expect_contains "$ERR" "host name"
# Plain TCP to a TLS listener gets nowhere.
expect_exit 7 "$RS_BIN/reinstate" --server "tcp://127.0.0.1:$port" --timeout 1500 health
# A missing CA file is a clear error.
expect_exit 3 "$RS_BIN/reinstate" --server "$tls_url" --ca-file "$pki/nope.crt" health
expect_contains "$ERR" "nope.crt"

# A TLS listener without a certificate does not start.
expect_exit 1 "$RS_BIN/reinstated" --listen "tls+tcp://127.0.0.1:$(rs_free_port)"
pass
