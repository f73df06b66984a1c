#!/bin/sh
# Entrypoint of the reinstate image.
#
# `reinstated` with no subcommand (the default command) starts the server the
# way the Compose stack needs it:
#   1. read the database password from a file (a Docker secret) into
#      PGPASSWORD, so it never sits in the compose file or in DATABASE_URL;
#   2. wait for PostgreSQL and apply the migrations (`reinstated migrate`,
#      under the server's advisory lock, so replicas may race safely);
#   3. on first boot only, create the first admin from a secret
#      (`reinstated admin create --if-no-admin`);
#   4. add the TLS certificate and key when REINSTATE_LISTEN is tls+tcp://
#      and exec the server, which then owns the process (SIGTERM stops it
#      gracefully).
# Any other command (`reinstated migrate`, `reinstate ...`, `sh`) is run as
# given, with the database password loaded the same way.
#
# Environment:
#   DATABASE_URL                    libpq URI without the password
#   REINSTATE_DB_PASSWORD_FILE      default /run/secrets/db_password
#   REINSTATE_DB_WAIT               seconds to wait for the database (120)
#   REINSTATE_ADMIN_EMAIL           first admin's e-mail (no admin if empty)
#   REINSTATE_ADMIN_NAME            first admin's name (default "Administrator")
#   REINSTATE_ADMIN_PASSWORD_FILE   default /run/secrets/admin_password
#   REINSTATE_LISTEN                default tls+tcp://0.0.0.0:7443 (image)
#   REINSTATE_TLS_DIR               server.crt and server.key (image default
#                                   /var/lib/reinstate/tls)
#   REINSTATE_TLS_WAIT              seconds to wait for the certificate (60)
set -eu

log() { printf 'reinstate-entrypoint: %s\n' "$*" >&2; }
die() {
  log "error: $*"
  exit 1
}

pwfile=${REINSTATE_DB_PASSWORD_FILE:-/run/secrets/db_password}
if [ -z "${PGPASSWORD:-}" ] && [ -f "$pwfile" ]; then
  [ -r "$pwfile" ] || die "cannot read '$pwfile' as uid $(id -u): make the secret file readable (see docs/deploy.md)"
  PGPASSWORD=$(cat "$pwfile")
  export PGPASSWORD
fi

# Only a plain server start gets the start-up work; everything else runs as is.
server_start=0
if [ "${1:-}" = reinstated ]; then
  case ${2:-} in
  serve | '' | -*) server_start=1 ;;
  esac
  for a in "$@"; do
    case $a in
    -h | --help | --version) server_start=0 ;;
    esac
  done
fi
if [ "$server_start" = 0 ]; then
  exec "$@"
fi
shift
[ "${1:-}" != serve ] || shift

[ -n "${DATABASE_URL:-}" ] || die "DATABASE_URL is not set (postgresql://USER@HOST:5432/DB)"

# 1. Database reachable and migrated. The server retries on its own once
# running; here a clear failure beats a restart loop.
wait_s=${REINSTATE_DB_WAIT:-120}
started=$(date +%s)
attempt=1
while ! reinstated migrate; do
  if [ $(($(date +%s) - started)) -ge "$wait_s" ]; then
    die "the database did not accept the migrations within ${wait_s}s"
  fi
  log "database not ready (attempt $attempt); retrying"
  attempt=$((attempt + 1))
  sleep 2
done

# 2. First admin, first boot only.
if [ -n "${REINSTATE_ADMIN_EMAIL:-}" ]; then
  adminfile=${REINSTATE_ADMIN_PASSWORD_FILE:-/run/secrets/admin_password}
  [ -f "$adminfile" ] || die "REINSTATE_ADMIN_EMAIL is set but '$adminfile' does not exist"
  [ -r "$adminfile" ] || die "cannot read '$adminfile' as uid $(id -u): make the secret file readable (see docs/deploy.md)"
  create_admin() {
    printf '%s\n' "$(cat "$adminfile")" |
      reinstated admin create --email "$REINSTATE_ADMIN_EMAIL" \
        --name "${REINSTATE_ADMIN_NAME:-Administrator}" --password-stdin --if-no-admin
  }
  # A second try covers two replicas creating the first admin at once: the
  # loser's retry sees the winner's admin and does nothing.
  create_admin || { sleep 1 && create_admin; } || die "creating the first admin failed"
fi

# 3. TLS material from the certs service (it may still be writing it),
# unless the command line or REINSTATE_TLS_CERT names a certificate.
need_tls=0
case ${REINSTATE_LISTEN:-} in
tls+*) [ -n "${REINSTATE_TLS_CERT:-}" ] || need_tls=1 ;;
esac
case " $* " in
*" --tls-cert "* | *" --tls-cert="*) need_tls=0 ;;
esac
if [ "$need_tls" = 1 ]; then
  tlsdir=${REINSTATE_TLS_DIR:-/var/lib/reinstate/tls}
  tls_wait=${REINSTATE_TLS_WAIT:-60}
  started=$(date +%s)
  while [ ! -s "$tlsdir/server.crt" ] || [ ! -s "$tlsdir/server.key" ]; do
    if [ $(($(date +%s) - started)) -ge "$tls_wait" ]; then
      die "no server.crt/server.key in $tlsdir after ${tls_wait}s (is the certs service done?)"
    fi
    sleep 1
  done
  set -- --tls-cert "$tlsdir/server.crt" --tls-key "$tlsdir/server.key" "$@"
fi

log "starting reinstated on ${REINSTATE_LISTEN:-its default address}"
exec reinstated "$@"
