#!/bin/sh
# Docker health check of the reinstate server: `reinstate health` against
# the address the server listens on, exit 0 when it answers SERVING.
#
# The server listens on REINSTATE_LISTEN (tls+tcp://0.0.0.0:7443 in the
# image); the check dials the same port on localhost, which the generated
# certificate names. With a certificate of the agency's own that does not
# name localhost, set REINSTATE_HEALTH_SERVER to a URL whose host it names
# (and map that name to 127.0.0.1 with the service's extra_hosts).
set -eu

url=${REINSTATE_HEALTH_SERVER:-}
if [ -z "$url" ]; then
  listen=${REINSTATE_LISTEN:-tcp://127.0.0.1:7700}
  scheme=${listen%%://*}
  port=${listen##*:}
  url="$scheme://localhost:$port"
fi

case $url in
tls+*)
  ca=${REINSTATE_HEALTH_CA_FILE:-${REINSTATE_TLS_DIR:-/var/lib/reinstate/tls}/ca.crt}
  [ -s "$ca" ] || ca=/etc/ssl/certs/ca-certificates.crt
  exec reinstate --server "$url" --ca-file "$ca" health
  ;;
*)
  exec reinstate --server "$url" health
  ;;
esac
