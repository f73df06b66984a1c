#!/usr/bin/env bash
# First start of the db service only (/docker-entrypoint-initdb.d): the
# database roles of reinstate, made by the bootstrap superuser
# (POSTGRES_USER), which then loses its password: nothing logs in as a
# superuser over the network afterwards.
#
#   REINSTATE_DB_USER (reinstate)  the owner: owns the database and its
#       objects, applies the migrations, runs backups. Not a superuser.
#       BYPASSRLS, so pg_dump and the server's own work (mailer, admin
#       create) read every row; CREATEROLE only until the migrations have
#       made reinstate_app what it must be (schema/090 drops it).
#   reinstate_app  the runtime role the server's request connections log in
#       as: not a superuser, not the owner, a member of no other role;
#       row-level security applies to it. Password: db_app_password.
#
# The owner's password is POSTGRES_PASSWORD (the db_password secret), read
# by the image's entrypoint; the app role's is read from
# REINSTATE_APP_DB_PASSWORD_FILE. Sourced or run by the entrypoint: no exit.
reinstate_roles() {
  local owner=${REINSTATE_DB_USER:-reinstate} db=${POSTGRES_DB:-reinstate}
  local appfile=${REINSTATE_APP_DB_PASSWORD_FILE:-/run/secrets/db_app_password} app_pw
  if [ ! -r "$appfile" ]; then
    echo "reinstate-roles: cannot read '$appfile' (the db_app_password secret) as uid $(id -u)" >&2
    return 1
  fi
  app_pw=$(head -n 1 "$appfile")
  psql -v ON_ERROR_STOP=1 --no-psqlrc --dbname "$db" --set owner="$owner" --set db="$db" \
    --set owner_pw="$POSTGRES_PASSWORD" --set app_pw="$app_pw" >/dev/null <<'SQL'
CREATE ROLE :"owner" LOGIN NOSUPERUSER CREATEROLE BYPASSRLS PASSWORD :'owner_pw';
CREATE ROLE reinstate_app LOGIN NOSUPERUSER NOINHERIT PASSWORD :'app_pw';
ALTER DATABASE :"db" OWNER TO :"owner";
REVOKE TEMPORARY ON DATABASE :"db" FROM PUBLIC;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
ALTER ROLE CURRENT_USER PASSWORD NULL;
SQL
}
reinstate_roles
