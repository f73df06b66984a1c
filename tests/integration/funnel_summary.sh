#!/usr/bin/env bash
# The funnel report equals the funnel its stage history gives, whatever path
# wrote the history: stage moves, attempts logged with a past time (a move
# dated before rows already there), a voided attempt (the move undone), a
# reopened case, a client reassigned with its cases, cases imported with
# their own history, attempts imported, and dates rewritten in the database.
# The expected figures come from the report's original statements over
# cases and stage_history (kept below, run as the app role with the
# caller's row-level-security context), for the admin and a coach, with and
# without a date range.
. "$RS_TESTS/lib.sh"
. "$RS_TESTS/cases_lib.sh"
rs_setup
rs_start_server
read -r CA TA <<<"$(mk_coach ana@example.com 'Ana Coach')"
read -r CB TB <<<"$(mk_coach bo@example.com 'Bo Coach')"
ADMIN=$(cat "$T/cases-admin-token")
AID=$(as "$ADMIN" --json whoami | python3 -c 'import json,sys; print(json.load(sys.stdin)["coach"]["id"])') ||
  fail "admin id"

new_case() {
  local cl
  cl=$(as "$1" client add --name "Client of $2") || fail "client add"
  as "$1" case open --client "$cl" --company "$2" --role "Engineer" --manager "M. Anager" || fail "case open"
}
run() { as "$@" >/dev/null || fail "$*"; }
attempt() { # TOKEN CASE OUTCOME [--at WHEN]: prints the attempt's id
  as "$1" --json attempt log "$2" --channel phone --contact-role hiring_manager --contact "M. Anager" \
    --outcome "$3" "${@:4}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["attempt"]["id"])' ||
    fail "attempt log $2 $3"
}
DAY() { date -u -d "$1" +%FT%H:%M:%SZ; }

# Ana: a win through a move dated by a backdated attempt; a re-interview
# offer voided, then lost; a win reopened and worked on again; a case
# reassigned to Bo with its history; one left where it started.
A1=$(new_case "$TA" A1)
run "$TA" case opening "$A1" open
attempt "$TA" "$A1" in_discussion --at "$(DAY '-3 days')" >/dev/null
run "$TA" case move "$A1" reinterview
run "$TA" case close "$A1" --won
A2=$(new_case "$TA" A2)
run "$TA" case opening "$A2" open
V=$(attempt "$TA" "$A2" reinterview_offered --at "$(DAY '-2 days')")
run "$TA" attempt void "$V" --why "wrong case"
run "$TA" case close "$A2" --lost client_withdrew
A3=$(new_case "$TA" A3)
run "$TA" case opening "$A3" open
attempt "$TA" "$A3" offer_reinstated >/dev/null
run "$ADMIN" case reopen "$A3" --stage contact_manager --why "the offer fell through"
attempt "$TA" "$A3" no_answer >/dev/null
A4=$(new_case "$TA" A4)
run "$TA" case opening "$A4" open
run "$TA" case move "$A4" awaiting_response
A4CL=$(sql "SELECT client_id FROM cases WHERE id = $A4")
run "$ADMIN" client edit "$A4CL" --coach "$CB"
A5=$(new_case "$TA" A5)
# Bo: lost to a rejection logged a week back; one in negotiation.
B1=$(new_case "$TB" B1)
run "$TB" case opening "$B1" open
attempt "$TB" "$B1" rejected --at "$(DAY '-7 days')" >/dev/null
B2=$(new_case "$TB" B2)
run "$TB" case opening "$B2" open
run "$TB" case move "$B2" awaiting_response
run "$TB" case move "$B2" negotiating

# Imported cases keep their own history (Bo's), and imported attempts move
# nothing.
cat >"$T/cases.csv" <<'CSV'
external_id,client_name,coach_email,company,role,manager,stage,loss_reason,opened_on,stage_on
imp-1,Imported One,bo@example.com,I1,Engineer,M. Anager,reinstated,,2025-02-01,2025-03-01
imp-2,Imported Two,bo@example.com,I2,Engineer,M. Anager,lost,no_response,2025-02-03,2025-02-20
imp-3,Imported Three,bo@example.com,I3,Engineer,M. Anager,in_discussion,,2025-02-05,2025-02-06
CSV
cat >"$T/history.csv" <<'CSV'
case_external_id,at,from_stage,to_stage,loss_reason,why
imp-1,2025-02-01T09:00:00Z,,verify_opening,,
imp-1,2025-02-04T09:00:00Z,verify_opening,contact_manager,,
imp-1,2025-02-10T15:30:00Z,contact_manager,in_discussion,,
imp-1,2025-02-17T09:00:00Z,in_discussion,reinterview,,
imp-1,2025-03-01T09:00:00Z,reinterview,reinstated,,
imp-2,2025-02-03T09:00:00Z,,verify_opening,,
imp-2,2025-02-05T09:00:00Z,verify_opening,contact_manager,,
imp-2,2025-02-20T09:00:00Z,contact_manager,lost,no_response,
imp-3,2025-02-05T09:00:00Z,,verify_opening,,
imp-3,2025-02-06T09:00:00Z,verify_opening,in_discussion,,
CSV
run "$ADMIN" import "$T/cases.csv" --history "$T/history.csv"
cat >"$T/attempts.csv" <<'CSV'
external_id,case_external_id,at,channel,contact_role,contact,outcome
att-1,imp-3,2025-02-07T10:00:00Z,phone,hiring_manager,M. Anager,offer_reinstated
att-2,imp-3,2025-02-08T10:00:00Z,email,hr,H. R.,rejected
CSV
run "$TB" import --attempts "$T/attempts.csv"

# Dates rewritten in the database: A1's history a month back, the opening
# days spread over two months.
sql "UPDATE stage_history SET at = at - interval '31 days' WHERE case_id = $A1" >/dev/null
sql "UPDATE cases SET created_at = timestamptz '2025-01-15 23:30:00+00' WHERE id IN ($A2, $B1)" >/dev/null
sql "UPDATE cases SET created_at = timestamptz '2025-03-02 08:00:00+00' WHERE id = $A5" >/dev/null
expect_eq "$(sql "SELECT count(*) FROM cases")" 10 "cases written"

# The report's original statements, over cases and stage_history: $1 coach
# (NULL: all), $2 from, $3 to; printed as one line per figure.
FUNNEL_STAGES='{verify_opening,contact_manager,awaiting_response,in_discussion,reinterview,negotiating,reinstated}'
reference() { # CTX_ID CTX_ROLE COACH FROM TO (NULL for none)
  local k="k AS (SELECT id, coach_id, stage, loss_reason, closed_at FROM cases
    WHERE ($3::bigint IS NULL OR coach_id = $3::bigint)
    AND (created_at AT TIME ZONE (SELECT rs_zone(rs_actor())))::date BETWEEN
    coalesce($4::date, '-infinity') AND coalesce($5::date, 'infinity'))"
  as_app_sql "$1" "$2" "
    WITH $k, f AS (SELECT k.id, k.stage,
      coalesce(max(array_position('$FUNNEL_STAGES'::text[], h.to_stage)), 1) AS furthest
      FROM k LEFT JOIN stage_history h ON h.case_id = k.id GROUP BY k.id, k.stage)
    SELECT 'furthest', furthest, count(*), count(*) FILTER (WHERE stage = 'reinstated'),
      count(*) FILTER (WHERE stage = 'lost'),
      count(*) FILTER (WHERE stage IN (SELECT word FROM vocab_stage WHERE NOT closed))
      FROM f GROUP BY furthest;
    WITH $k, s AS (SELECT h.from_stage, h.at - lag(h.at)
      OVER (PARTITION BY h.case_id ORDER BY h.at, h.id) AS stay FROM stage_history h
      WHERE h.case_id IN (SELECT id FROM k))
    SELECT 'stay', from_stage, round(percentile_cont(0.5) WITHIN GROUP (ORDER BY
      extract(epoch FROM stay) / 86400)::numeric, 1)::float8, count(*) FROM s
      WHERE from_stage IS NOT NULL AND stay IS NOT NULL GROUP BY from_stage;
    WITH $k, d AS (SELECT max(h.at) FILTER (WHERE h.to_stage = 'reinstated') - min(h.at) AS took
      FROM k JOIN stage_history h ON h.case_id = k.id WHERE k.stage = 'reinstated' GROUP BY k.id)
    SELECT 'took', coalesce(round(percentile_cont(0.5) WITHIN GROUP (ORDER BY
      extract(epoch FROM took) / 86400)::numeric, 1), 0)::float8 FROM d WHERE took IS NOT NULL;
    WITH $k SELECT 'loss', loss_reason, count(*) FROM k WHERE stage = 'lost'
      GROUP BY loss_reason ORDER BY 3 DESC, 2"
}

cat >"$T/compare.py" <<'PY'
import json, sys
stages = sys.argv[3].strip("{}").split(",")
rows = [l.split("|") for l in open(sys.argv[2]).read().splitlines() if l]
by = [[0, 0] for _ in stages]
exp = {"cases": 0, "reinstated": 0, "lost": 0, "open": 0, "stays": {}, "took": 0.0, "losses": []}
for r in rows:
    if r[0] == "furthest":
        i = int(r[1]) - 1
        by[i][0] += int(r[2]); by[i][1] += int(r[3])
        exp["cases"] += int(r[2]); exp["reinstated"] += int(r[3])
        exp["lost"] += int(r[4]); exp["open"] += int(r[5])
    elif r[0] == "stay":
        exp["stays"][r[1]] = (float(r[2]), int(r[3]))
    elif r[0] == "took":
        exp["took"] = float(r[1])
    elif r[0] == "loss":
        exp["losses"].append((r[1], int(r[2])))
reached, acc = [], 0
for i in reversed(range(len(stages))):
    acc += by[i][0]
    reached.insert(0, acc)
want = (exp["cases"], exp["open"], exp["reinstated"], exp["lost"], reached,
        [exp["stays"].get(s, (0.0, 0)) for s in stages], exp["took"], exp["losses"])
j = json.load(open(sys.argv[1]))
got = (j.get("cases", 0), j.get("open", 0), j.get("reinstated", 0), j.get("lost", 0),
       [s.get("reached", 0) for s in j["stages"]],
       [(float(s.get("median_days_in_stage", 0)), s.get("left", 0)) for s in j["stages"]],
       float(j.get("median_days_to_reinstated", 0)),
       [(l["loss_reason"], l["cases"]) for l in j.get("loss_reasons", [])])
if got != want:
    print("report:   %r\nexpected: %r" % (got, want))
    sys.exit(1)
print("same: %d cases, reached %r" % (want[0], reached))
PY

# same_funnel WHAT TOKEN CTX_ID CTX_ROLE COACH FROM TO [report args...]
same_funnel() {
  local what=$1 tok=$2 id=$3 role=$4 coach=$5 from=$6 to=$7
  shift 7
  as "$tok" --json report funnel "$@" >"$T/report.json" || fail "report funnel $*"
  reference "$id" "$role" "$coach" "$from" "$to" >"$T/reference.txt" || fail "reference $what"
  python3 "$T/compare.py" "$T/report.json" "$T/reference.txt" "$FUNNEL_STAGES" >"$T/compare.txt" 2>&1 ||
    fail "$what: $(cat "$T/compare.txt")"
  echo "ok: $what: $(cat "$T/compare.txt")"
}
same_funnel "agency" "$ADMIN" "$AID" admin NULL NULL NULL
same_funnel "agency in a range" "$ADMIN" "$AID" admin NULL "'2025-01-15'" "'2025-02-28'" --from 2025-01-15 --to 2025-02-28
same_funnel "agency from a day" "$ADMIN" "$AID" admin NULL "'2025-02-04'" NULL --from 2025-02-04
same_funnel "Bo for the admin" "$ADMIN" "$AID" admin "$CB" NULL NULL --coach "$CB"
same_funnel "Ana" "$TA" "$CA" coach "$CA" NULL NULL
same_funnel "Bo" "$TB" "$CB" coach "$CB" NULL NULL
same_funnel "Bo until a day" "$TB" "$CB" coach "$CB" NULL "'2025-02-03'" --to 2025-02-03
# The figures are not all zero: the comparison has something to compare.
expect_eq "$(json_get "$(as "$ADMIN" --json report funnel)" '(j["cases"], j["reinstated"], j["lost"], j["open"])')" \
  "(10, 2, 3, 5)" "the agency's outcomes"

# Later writes move the report with them: a case moved on and lost by an
# attempt, a reassignment back, a case closed, a history row dated anew.
run "$TB" case move "$A4" in_discussion
attempt "$TB" "$B2" position_filled >/dev/null
run "$ADMIN" client edit "$A4CL" --coach "$CA"
run "$TA" case close "$A5" --lost other
sql "UPDATE stage_history SET at = at + interval '2 days 3 hours' WHERE case_id = $B2 AND to_stage = 'awaiting_response'" >/dev/null
same_funnel "agency (after more writes)" "$ADMIN" "$AID" admin NULL NULL NULL
same_funnel "Ana (after more writes)" "$TA" "$CA" coach "$CA" NULL NULL
same_funnel "Bo (after more writes)" "$TB" "$CB" coach "$CB" NULL NULL
# The range is on the opening day in the caller's zone: +14 hours moves
# A2 and B1 (opened 2025-01-15 23:30 UTC) to the 16th.
sql "UPDATE coaches SET time_zone = 'Pacific/Kiritimati' WHERE id = $AID" >/dev/null
same_funnel "agency on the 16th, in the admin's zone" "$ADMIN" "$AID" admin NULL "'2025-01-16'" "'2025-01-16'" --from 2025-01-16 --to 2025-01-16
expect_eq "$(json_get "$(as "$ADMIN" --json report funnel --from 2025-01-16 --to 2025-01-16)" 'j["cases"]')" 2 \
  "cases opened on the 16th in the admin's zone"
pass
