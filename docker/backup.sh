#!/bin/sh
# reinstate-backup: PostgreSQL backups for the Compose stack.
#
# Runs in the database image (its pg_dump matches the server's version) as
# the compose service "backup", with the backups volume on BACKUP_DIR.
#
#   loop            (default) a backup now if the newest is older than
#                   BACKUP_INTERVAL, then one every BACKUP_INTERVAL, keeping
#                   the newest BACKUP_KEEP
#   once            one backup now (and the same pruning)
#   list            the backups, oldest first
#   restore NAME    restore a backup ("latest", a file name in BACKUP_DIR or
#                   a path) into the database, which must be empty unless
#                   --clean is given (then existing objects are replaced)
#
# A backup is two files: reinstate-<UTC time>.dump (pg_dump custom format:
# schema, data, row-level-security policies, grants) and
# reinstate-<UTC time>.roles.sql (the roles those grants name, without
# passwords: pg_dump leaves roles out). Both are written under a temporary
# name and renamed when complete.
#
# Environment: PGHOST, PGPORT, PGUSER, PGDATABASE (libpq), the password in
# REINSTATE_DB_PASSWORD_FILE (default /run/secrets/db_password);
# BACKUP_DIR (/backups), BACKUP_INTERVAL (seconds, or with a suffix s, m,
# h, d; default 1d), BACKUP_KEEP (14), BACKUP_WAIT (seconds to wait for the
# database, 120).
set -eu

dir=${BACKUP_DIR:-/backups}
keep=${BACKUP_KEEP:-14}
wait_s=${BACKUP_WAIT:-120}

log() { printf '%s reinstate-backup: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*" >&2; }
die() {
  log "error: $*"
  exit 1
}

seconds() { # 90, 90s, 15m, 6h, 1d -> seconds
  case $1 in
  *[!0-9smhd]* | '' | [smhd]*) die "bad interval '$1' (use e.g. 3600, 30m, 6h, 1d)" ;;
  *d) echo $((${1%d} * 86400)) ;;
  *h) echo $((${1%h} * 3600)) ;;
  *m) echo $((${1%m} * 60)) ;;
  *s) echo "${1%s}" ;;
  *) echo "$1" ;;
  esac
}
interval=$(seconds "${BACKUP_INTERVAL:-1d}")
[ "$interval" -ge 60 ] || die "BACKUP_INTERVAL must be at least 60 seconds"
case $keep in '' | *[!0-9]* | 0) die "BACKUP_KEEP must be a positive number" ;; esac

pwfile=${REINSTATE_DB_PASSWORD_FILE:-/run/secrets/db_password}
if [ -z "${PGPASSWORD:-}" ] && [ -r "$pwfile" ]; then
  PGPASSWORD=$(cat "$pwfile")
  export PGPASSWORD
fi
PGHOST=${PGHOST:-db}
PGPORT=${PGPORT:-5432}
PGUSER=${PGUSER:-reinstate}
PGDATABASE=${PGDATABASE:-$PGUSER}
export PGHOST PGPORT PGUSER PGDATABASE

wait_for_db() {
  started=$(date +%s)
  until psql -X -q -t -c 'SELECT 1' >/dev/null 2>&1; do
    [ $(($(date +%s) - started)) -lt "$wait_s" ] ||
      die "cannot connect to $PGUSER@$PGHOST:$PGPORT/$PGDATABASE within ${wait_s}s"
    sleep 2
  done
}

# Newest first, one per line, names only.
backups_newest_first() {
  for f in "$dir"/reinstate-*.dump; do
    f=${f##*/}
    case $f in
    reinstate-[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]T[0-9][0-9][0-9][0-9][0-9][0-9]Z.dump) echo "$f" ;;
    esac
  done | sort -r
}

prune() {
  n=0
  for f in $(backups_newest_first); do
    n=$((n + 1))
    if [ "$n" -gt "$keep" ]; then
      rm -f "$dir/$f" "$dir/${f%.dump}.roles.sql"
      log "removed old backup $f"
    fi
  done
}

backup_once() {
  mkdir -p "$dir"
  stamp=$(date -u +%Y%m%dT%H%M%SZ)
  base=$dir/reinstate-$stamp
  [ ! -e "$base.dump" ] || sleep 1
  stamp=$(date -u +%Y%m%dT%H%M%SZ)
  base=$dir/reinstate-$stamp
  started=$(date +%s)
  if ! pg_dumpall --roles-only --no-role-passwords >"$base.roles.sql.partial"; then
    rm -f "$base.roles.sql.partial"
    log "backup failed: pg_dumpall --roles-only"
    return 1
  fi
  if ! pg_dump --format=custom --compress=6 --file="$base.dump.partial"; then
    rm -f "$base.roles.sql.partial" "$base.dump.partial"
    log "backup failed: pg_dump"
    return 1
  fi
  mv "$base.roles.sql.partial" "$base.roles.sql"
  mv "$base.dump.partial" "$base.dump"
  log "backup $(basename "$base.dump") written ($(wc -c <"$base.dump") bytes, $(($(date +%s) - started)) s)"
  prune
}

newest_age() { # seconds since the newest backup, or a large number
  f=$(backups_newest_first | head -n 1)
  if [ -z "$f" ]; then
    echo 999999999
    return
  fi
  echo $(($(date +%s) - $(date -r "$dir/$f" +%s)))
}

cmd=${1:-loop}
[ $# -eq 0 ] || shift

case $cmd in
loop)
  trap 'log "stopping"; exit 0' INT TERM
  log "every ${interval}s into $dir, keeping $keep"
  wait_for_db
  while :; do
    age=$(newest_age)
    if [ "$age" -ge "$interval" ]; then
      backup_once || log "will try again in 5 minutes"
      age=$(newest_age)
      if [ "$age" -ge "$interval" ]; then
        age=$((interval - 300))
      fi
    fi
    # sleep in the background so that a stop signal is handled at once
    sleep $((interval - age)) &
    wait $! || true
  done
  ;;
once)
  wait_for_db
  backup_once
  ;;
list)
  for f in $(backups_newest_first | sort); do
    printf '%s\t%s bytes\n' "$f" "$(wc -c <"$dir/$f")"
  done
  ;;
restore)
  clean=0
  name=
  for a in "$@"; do
    case $a in
    --clean) clean=1 ;;
    -*) die "restore: unknown option '$a'" ;;
    *) name=$a ;;
    esac
  done
  [ -n "$name" ] || die "usage: restore latest|FILE [--clean]"
  case $name in
  latest)
    name=$(backups_newest_first | head -n 1)
    [ -n "$name" ] || die "no backups in $dir"
    file=$dir/$name
    ;;
  */*) file=$name ;;
  *) file=$dir/$name ;;
  esac
  [ -s "$file" ] || die "no backup '$file'"
  roles=${file%.dump}.roles.sql
  wait_for_db
  tables=$(psql -X -q -t -A -c "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r','p') AND n.nspname NOT IN ('pg_catalog','information_schema') AND n.nspname NOT LIKE 'pg_toast%'")
  if [ "$tables" != 0 ] && [ "$clean" = 0 ]; then
    die "database '$PGDATABASE' has $tables tables: restore into an empty database, or pass --clean to replace them"
  fi
  if [ -s "$roles" ]; then
    # Roles are cluster-wide: ones that exist already are kept as they are.
    log "restoring roles from $(basename "$roles")"
    psql -X -q -v ON_ERROR_STOP=0 -f "$roles" 2>&1 | grep -v -E 'already exists|^$' >&2 || true
  fi
  log "restoring $(basename "$file") into $PGDATABASE"
  set -- --dbname="$PGDATABASE" --exit-on-error --single-transaction
  [ "$clean" = 0 ] || set -- "$@" --clean --if-exists
  pg_restore "$@" "$file"
  # The migrations are in the backup, so schema/090 does not run again: drop
  # the CREATEROLE a fresh stack's owner starts with here instead.
  psql -X -q -c "DO \$\$ BEGIN IF (SELECT rolcreaterole AND NOT rolsuper FROM pg_roles
      WHERE rolname = current_user) THEN EXECUTE format('ALTER ROLE %I NOCREATEROLE', current_user);
      END IF; END \$\$" || log "could not drop CREATEROLE from $PGUSER"
  log "restore complete"
  ;;
*)
  die "unknown command '$cmd' (loop, once, list, restore)"
  ;;
esac
