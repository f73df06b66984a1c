#!/usr/bin/env bash
# A backup restores: pg_dump's custom format of a database with every kind
# of record (and the search indexes built over them) goes back into an
# empty database with pg_restore --exit-on-error --single-transaction, the
# way docker/backup.sh restores, and a server started on the copy serves
# the same records and finds them by search.
. "$RS_TESTS/lib.sh"
. "$RS_TESTS/cases_lib.sh"
rs_setup
rs_start_server
read -r CA TA <<<"$(mk_coach ana@example.com 'Ana Coach')"

expect_exit 0 as "$TA" client add --name "Zoë Ångström" --email zoe@example.com --phone "+1 555 0100"
CL=$OUT
expect_exit 0 as "$TA" case open --client "$CL" --company "Acmé Corp" --role "Engineer" --manager "Dana Whitfield"
K=$OUT
expect_exit 0 as "$TA" attempt log "$K" --channel phone --contact-role hiring_manager --contact "Dana Whitfield" \
  --outcome in_discussion --summary "Dana remembered the portfolio review"
expect_exit 0 as "$TA" note add "$K" "Prefers mornings for calls"
expect_exit 0 as "$TA" task add "$K" --due 2030-01-01 "Send the thank-you letter"

"$RS_PG_BINDIR/pg_dump" -h "$RS_PG_DIR/sock" -U postgres --format=custom --file="$T/backup.dump" "$RS_DB" ||
  fail "pg_dump failed"
COPY_DB="${RS_DB}_restored"
psql_admin -d postgres -c "CREATE DATABASE \"$COPY_DB\"" >/dev/null || fail "create database $COPY_DB"
rs_on_exit "psql_admin -d postgres -c \"DROP DATABASE IF EXISTS \\\"$COPY_DB\\\"  WITH (FORCE)\" >/dev/null 2>&1"
if ! "$RS_PG_BINDIR/pg_restore" -h "$RS_PG_DIR/sock" -U postgres --dbname="$COPY_DB" \
  --exit-on-error --single-transaction "$T/backup.dump" >"$T/restore.log" 2>&1; then
  fail "pg_restore of the backup failed: $(cat "$T/restore.log")"
fi

for table in clients cases attempts notes tasks stage_history; do
  expect_eq "$(psql_admin -d "$COPY_DB" -At -c "SELECT count(*) FROM $table")" \
    "$(sql "SELECT count(*) FROM $table")" "$table rows in the restored copy"
done

# The server runs on the copy: the same case, found by search through the
# rebuilt indexes.
rs_stop_server
export DATABASE_URL="postgresql:///$COPY_DB?host=$RS_PG_DIR/sock&user=postgres"
rs_start_server
expect_exit 0 as "$TA" case show "$K"
expect_contains "$OUT" "Acmé Corp"
expect_exit 0 as "$TA" search acme
expect_contains "$OUT" "Acmé Corp"
expect_exit 0 as "$TA" search portfolio
expect_contains "$OUT" "portfolio review"
pass
