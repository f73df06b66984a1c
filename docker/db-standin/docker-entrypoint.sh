#!/usr/bin/env bash
# Entrypoint of the PostgreSQL stand-in image: the behaviour of the official
# postgres image's entrypoint that the reinstate deployment relies on.
#   - first start (no PG_VERSION in $PGDATA): initdb as POSTGRES_USER with the
#     password from POSTGRES_PASSWORD or POSTGRES_PASSWORD_FILE, host
#     connections with scram-sha-256, create POSTGRES_DB, run the files in
#     /docker-entrypoint-initdb.d (*.sh, *.sql), all on a unix socket only
#   - every start: drop root to the postgres user, exec postgres listening
#     on all addresses
set -Eeo pipefail

# VAR or VAR_FILE, not both (as the official image).
file_env() {
  local var=$1 def=${2:-} fvar="${1}_FILE" val
  if [ -n "${!var:-}" ] && [ -n "${!fvar:-}" ]; then
    echo "error: both $var and $fvar are set (but are exclusive)" >&2
    exit 1
  fi
  val=$def
  if [ -n "${!var:-}" ]; then
    val=${!var}
  elif [ -n "${!fvar:-}" ]; then
    val=$(<"${!fvar}")
  fi
  export "$var"="$val"
  unset "$fvar"
}

if [ "${1:0:1}" = '-' ]; then
  set -- postgres "$@"
fi

if [ "$1" != postgres ]; then
  exec "$@"
fi

if [ "$(id -u)" = 0 ]; then
  mkdir -p "$PGDATA" /var/run/postgresql
  chown -R postgres:postgres "$PGDATA" /var/run/postgresql
  chmod 0700 "$PGDATA"
  chmod 3777 /var/run/postgresql
  export HOME=/var/lib/postgresql
  exec setpriv --reuid=postgres --regid=postgres --init-groups "${BASH_SOURCE[0]}" "$@"
fi

file_env POSTGRES_PASSWORD
file_env POSTGRES_USER postgres
file_env POSTGRES_DB "$POSTGRES_USER"
file_env POSTGRES_INITDB_ARGS
auth=${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}

if [ ! -s "$PGDATA/PG_VERSION" ]; then
  if [ -z "$POSTGRES_PASSWORD" ] && [ "$auth" != trust ]; then
    cat >&2 <<'MSG'
error: database is uninitialized and superuser password is not specified.
       Set POSTGRES_PASSWORD or POSTGRES_PASSWORD_FILE (or
       POSTGRES_HOST_AUTH_METHOD=trust to allow all connections without one).
MSG
    exit 1
  fi

  echo "initializing database cluster in $PGDATA"
  # shellcheck disable=SC2086
  initdb --username="$POSTGRES_USER" --pwfile=<(printf '%s\n' "$POSTGRES_PASSWORD") \
    --encoding=UTF8 --locale=C.UTF-8 --auth-local=trust --auth-host="$auth" \
    $POSTGRES_INITDB_ARGS >/dev/null
  {
    echo
    echo "listen_addresses = '*'"
    echo "password_encryption = scram-sha-256"
  } >>"$PGDATA/postgresql.conf"
  printf '\nhost all all all %s\n' "$auth" >>"$PGDATA/pg_hba.conf"

  pg_ctl -D "$PGDATA" -o "-c listen_addresses='' -p 5432" -w start >/dev/null
  export PGUSER=$POSTGRES_USER PGHOST=/var/run/postgresql PGPORT=5432
  if [ "$POSTGRES_DB" != postgres ]; then
    psql -v ON_ERROR_STOP=1 --no-psqlrc --dbname postgres --set db="$POSTGRES_DB" \
      >/dev/null <<<'CREATE DATABASE :"db";'
  fi
  for f in /docker-entrypoint-initdb.d/*; do
    case $f in
    *.sh)
      echo "running $f"
      # shellcheck disable=SC1090
      if [ -x "$f" ]; then "$f"; else . "$f"; fi
      ;;
    *.sql)
      echo "running $f"
      psql -v ON_ERROR_STOP=1 --no-psqlrc --dbname "$POSTGRES_DB" -f "$f"
      ;;
    *.sql.gz)
      echo "running $f"
      gunzip -c "$f" | psql -v ON_ERROR_STOP=1 --no-psqlrc --dbname "$POSTGRES_DB"
      ;;
    esac
  done
  pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
  unset PGUSER PGHOST PGPORT
  echo "database cluster initialized; starting"
fi

exec "$@"
