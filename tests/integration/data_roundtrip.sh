#!/usr/bin/env bash
# Export and import round trip: an agency's data, exported as CSV by an
# admin, imports into an empty agency (same coaches) and the funnel report
# there is the same, stage by stage; a second import changes nothing; the
# JSON export holds the same rows.
. "$RS_TESTS/lib.sh"
. "$RS_TESTS/cases_lib.sh"
rs_setup
rs_start_server
read -r CA TA <<<"$(mk_coach ana@example.com 'Ana Coach')"
read -r CB TB <<<"$(mk_coach bo@example.com 'Bo Coach')"
ADMIN=$(cat "$T/cases-admin-token")

new_case() {
  local cl
  cl=$(as "$1" client add --name "Client of $2" --email "$(tr 'A-Z' 'a-z' <<<"$2")@example.com") || fail "client add"
  as "$1" case open --client "$cl" --company "$2" --role "Engineer" --manager "M. Anager" \
    --offered-on 2026-01-05 --declined-on 2026-01-09 --salary 50000 --currency EUR || fail "case open"
}
run() { as "$@" >/dev/null || fail "$*"; }
A1=$(new_case "$TA" Alpha)
run "$TA" case opening "$A1" open
run "$TA" attempt log "$A1" --channel phone --contact-role hiring_manager --contact "M. Anager" --outcome in_discussion --summary "talked, with a comma, and \"quotes\""
run "$TA" case move "$A1" reinterview
run "$TA" case close "$A1" --won
A2=$(new_case "$TA" Beta)
run "$TA" case close "$A2" --lost position_filled
A3=$(new_case "$TA" Gamma)
run "$TA" case opening "$A3" open
run "$TA" case move "$A3" awaiting_response
run "$TA" note add "$A3" "a note
on two lines"
run "$TA" task add "$A3" --due 2030-01-01 "call back"
B1=$(new_case "$TB" Delta)
run "$TB" case opening "$B1" filled
B2=$(new_case "$TB" Epsilon)
run "$TB" case opening "$B2" open
run "$TB" attempt log "$B2" --channel email --contact-role hr --contact "H. R." --outcome left_message --at 2026-02-01T10:00:00Z
run "$TB" case move "$B2" negotiating

FUNNEL=$(as "$ADMIN" --json report funnel) || fail "funnel"
expect_contains "$FUNNEL" '"cases": 5'

# Export (admins only).
expect_exit 5 as "$TA" export "$T/nope"
expect_exit 0 as "$ADMIN" export "$T/out"
for f in clients cases attempts notes tasks stage_history; do
  [ -s "$T/out/$f.csv" ] || fail "no $f.csv"
done
expect_contains "$OUT" "cases.csv"
expect_eq "$(head -1 "$T/out/cases.csv" | tr -d '\r')" \
  "reinstate_id,external_id,reinstate_client_id,client_name,client_email,client_phone,coach_email,company,role,manager,manager_email,manager_phone,hr,hr_email,salary,currency,offered_on,declined_on,reason,better_offer,opening,stage,loss_reason,opened_on,stage_on" "cases header"
expect_eq "$(python3 -c 'import csv,sys; print(len(list(csv.DictReader(open(sys.argv[1], newline="")))))' "$T/out/cases.csv")" 5 "cases.csv rows"
expect_eq "$(python3 -c 'import csv,sys; print([r["body"] for r in csv.DictReader(open(sys.argv[1], newline=""))][0])' "$T/out/notes.csv")" "a note
on two lines" "a multi-line note"
expect_exit 0 as "$ADMIN" export --format json "$T/json"
expect_eq "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(len(d), d[0]["company"])' "$T/json/cases.json")" "5 Alpha" "cases.json"

# An empty agency with the same coaches.
DB2="${RS_DB}_copy"
psql_admin -d postgres -c "CREATE DATABASE \"$DB2\"" >/dev/null || fail "create database"
rs_on_exit "psql_admin -d postgres -c 'DROP DATABASE IF EXISTS \"$DB2\" WITH (FORCE)' >/dev/null 2>&1"
URL2="tcp://127.0.0.1:$(rs_free_port)"
DBURL2="postgresql:///$DB2?host=$RS_PG_DIR/sock&user=postgres"
echo "$RS_CASES_PW" | DATABASE_URL=$DBURL2 "$RS_BIN/reinstated" admin create --email boss@example.com --password-stdin >/dev/null 2>&1 ||
  fail "admin create in the copy"
DATABASE_URL=$DBURL2 "$RS_BIN/reinstated" --listen "$URL2" >>"$T/server2.log" 2>&1 &
SRV2=$!
rs_on_exit "kill -TERM $SRV2 2>/dev/null; wait $SRV2 2>/dev/null"
rs2() { XDG_CONFIG_HOME=$T/cfg2 "$RS_BIN/reinstate" --server "$URL2" "$@"; }
for _ in $(seq 1 100); do rs2 health >/dev/null 2>&1 && break; sleep 0.1; done
echo "$RS_CASES_PW" | rs2 login --email boss@example.com --password-stdin >/dev/null || fail "login to the copy"
for c in ana@example.com bo@example.com; do
  echo "$RS_CASES_PW" | rs2 coach add --email "$c" --name "$c" --password-stdin >/dev/null || fail "coach add $c"
done

expect_exit 0 rs2 import --dry-run "$T/out"
expect_contains "$OUT" "5 to create, 0 already imported, 0 invalid"
expect_exit 0 rs2 import "$T/out"
expect_contains "$OUT" "cases.csv: 5 created"
expect_contains "$OUT" "attempts.csv: 2 created"
expect_eq "$(rs2 --json report funnel)" "$FUNNEL" "the funnel of the copy"
# Owners, stages and history dates came along.
q2() { psql_admin -d "$DB2" -At -c "$1"; }
expect_eq "$(q2 "SELECT string_agg(co.email || ':' || k.company || ':' || k.stage, ' ' ORDER BY k.company) FROM cases k JOIN coaches co ON co.id = k.coach_id")" \
  "$(sql "SELECT string_agg(co.email || ':' || k.company || ':' || k.stage, ' ' ORDER BY k.company) FROM cases k JOIN coaches co ON co.id = k.coach_id")" "owners and stages"
expect_eq "$(q2 "SELECT string_agg(k.company || rs_ts(h.at) || h.to_stage, ' ' ORDER BY k.company, h.id) FROM stage_history h JOIN cases k ON k.id = h.case_id")" \
  "$(sql "SELECT string_agg(k.company || rs_ts(h.at) || h.to_stage, ' ' ORDER BY k.company, h.id) FROM stage_history h JOIN cases k ON k.id = h.case_id")" "stage history"
expect_eq "$(q2 "SELECT string_agg(rs_ts(at) || summary, ' ' ORDER BY at) FROM attempts")" \
  "$(sql "SELECT string_agg(rs_ts(at) || summary, ' ' ORDER BY at) FROM attempts")" "attempts"
# Again: nothing twice.
expect_exit 0 rs2 import "$T/out"
expect_contains "$OUT" "cases.csv: 0 created, 5 already imported"
expect_contains "$OUT" "attempts.csv: 0 created, 2 already imported"
expect_eq "$(rs2 --json report funnel)" "$FUNNEL" "the funnel after a second import"
pass
