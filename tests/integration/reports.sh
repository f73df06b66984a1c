#!/usr/bin/env bash
# Reports on a small agency with known stage paths and dates: the funnel
# (reached stages, conversion, median days in stage, loss reasons) for the
# agency, one coach and a date range; the per-coach report (admins only)
# with overdue next steps from the playbook engine; --json keys.
. "$RS_TESTS/lib.sh"
. "$RS_TESTS/cases_lib.sh"
rs_setup
rs_start_server
read -r CA TA <<<"$(mk_coach ana@example.com 'Ana Coach')"
read -r CB TB <<<"$(mk_coach bo@example.com 'Bo Coach')"
ADMIN=$(cat "$T/cases-admin-token")

# new_case TOKEN COMPANY: opens a case for a fresh client; prints its id.
new_case() {
  local cl
  cl=$(as "$1" client add --name "Client of $2") || fail "client add"
  as "$1" case open --client "$cl" --company "$2" --role "Engineer" --manager "M. Anager" || fail "case open"
}
run() { as "$@" >/dev/null || fail "$*"; }

# Coach A: won through a re-interview; lost while verifying; lost waiting
# for an answer; still open.
A1=$(new_case "$TA" A1)
run "$TA" case opening "$A1" open
run "$TA" case move "$A1" in_discussion
run "$TA" case move "$A1" reinterview
run "$TA" case close "$A1" --won
A2=$(new_case "$TA" A2)
run "$TA" case close "$A2" --lost position_filled
A3=$(new_case "$TA" A3)
run "$TA" case opening "$A3" open
run "$TA" case move "$A3" awaiting_response
run "$TA" case close "$A3" --lost no_response
A4=$(new_case "$TA" A4)
run "$TA" case opening "$A4" open
# The manager says the seat is open and to call back tomorrow (no stage
# change): from the day after, the follow-up is overdue.
TOMORROW=$(date -u -d '+1 day' +%F)
LATER=$(date -u -d '+5 days' +%F)
run "$TA" attempt log "$A4" --channel phone --contact-role hiring_manager --contact "M. Anager" \
  --outcome still_open --follow-up "$TOMORROW"
# Coach B: won after negotiating; declined by the manager; a later case
# lost while verifying.
B1=$(new_case "$TB" B1)
run "$TB" case opening "$B1" open
run "$TB" case move "$B1" awaiting_response
run "$TB" case move "$B1" in_discussion
run "$TB" case move "$B1" negotiating
run "$TB" case close "$B1" --won
B2=$(new_case "$TB" B2)
run "$TB" case opening "$B2" open
run "$TB" case close "$B2" --lost manager_declined
B3=$(new_case "$TB" B3)
run "$TB" case close "$B3" --lost position_filled

# Deterministic dates: every stay in a stage lasts 2 days for A's cases and
# 5 for B's; all cases opened on 2025-01-10 except B3 (2025-03-15).
sql "UPDATE stage_history h SET at = timestamptz '2025-01-10 12:00:00+00' + (x.rn - 1) *
       (CASE WHEN h.coach_id = $CA THEN 2 ELSE 5 END) * interval '1 day'
     FROM (SELECT id, row_number() OVER (PARTITION BY case_id ORDER BY id) AS rn
             FROM stage_history) x WHERE x.id = h.id" >/dev/null
sql "UPDATE cases SET created_at = CASE WHEN id = $B3 THEN timestamptz '2025-03-15 09:00:00+00'
                                        ELSE timestamptz '2025-01-10 09:00:00+00' END" >/dev/null

stages() { json_get "$1" '" ".join("%s:%d" % (s["stage"], s["reached"]) for s in j["stages"])'; }

# The agency's funnel. Reached = entered the stage or a later one.
expect_exit 0 as "$ADMIN" --json report funnel
F=$OUT
expect_eq "$(json_get "$F" '(j["cases"], j["open"], j["reinstated"], j["lost"])')" "(7, 1, 2, 4)" "outcomes"
expect_eq "$(stages "$F")" \
  "verify_opening:7 contact_manager:5 awaiting_response:3 in_discussion:2 reinterview:2 negotiating:2 reinstated:2" \
  "reached"
expect_eq "$(json_get "$F" '(j["conversion"], j["win_rate"])')" "(0.286, 0.333)" "conversion"
expect_eq "$(json_get "$F" '[s["conversion"] for s in j["stages"]]')" "[0.286, 0.4, 0.667, 1.0, 1.0, 1.0, 1.0]" "conversion by stage"
expect_eq "$(json_get "$F" '[(l["loss_reason"], l["cases"]) for l in j["loss_reasons"]]')" \
  "[('position_filled', 2), ('manager_declined', 1), ('no_response', 1)]" "loss reasons"
# Stays: verify_opening 2,2,2,2,5,5,5; contact_manager 2,2,5,5;
# awaiting_response 2,5; in_discussion 2,5; reinterview 2; negotiating 5.
expect_eq "$(json_get "$F" '[(s["median_days_in_stage"], s["left"]) for s in j["stages"]]')" \
  "[(2.0, 7), (3.5, 4), (3.5, 2), (3.5, 2), (2.0, 1), (5.0, 1), (0.0, 0)]" "median days in stage"
# Opened to reinstated: A1 4 stays of 2 days, B1 5 of 5: median of 8 and 25.
expect_eq "$(json_get "$F" 'j["median_days_to_reinstated"]')" 16.5 "median days to reinstated"
expect_eq "$(json_get "$F" 'sorted(j)')" \
  "['cases', 'coach_id', 'conversion', 'from', 'loss_reasons', 'lost', 'median_days_to_reinstated', 'open', 'reinstated', 'stages', 'to', 'win_rate']" \
  "funnel keys"
expect_eq "$(json_get "$F" 'sorted(j["stages"][0])')" \
  "['conversion', 'left', 'median_days_in_stage', 'reached', 'share_of_cases', 'stage']" "stage keys"
expect_exit 0 as "$ADMIN" report funnel
expect_contains "$OUT" "funnel of the agency, all cases: 7 cases"
expect_contains "$OUT" "conversion to reinstated 28.6% of cases, 33.3% of closed cases"
expect_contains "$OUT" "position_filled"

# The date range is on the day a case was opened, both ends included.
expect_exit 0 as "$ADMIN" --json report funnel --from 2025-01-10 --to 2025-01-10
expect_eq "$(json_get "$OUT" '(j["cases"], j["lost"], j["from"], j["to"])')" "(6, 3, '2025-01-10', '2025-01-10')" "range"
expect_eq "$(json_get "$OUT" '[(l["loss_reason"], l["cases"]) for l in j["loss_reasons"]]')" \
  "[('manager_declined', 1), ('no_response', 1), ('position_filled', 1)]" "loss reasons in range"
expect_exit 0 as "$ADMIN" --json report funnel --from 2025-03-01
expect_eq "$(json_get "$OUT" '(j["cases"], j["lost"])')" "(1, 1)" "from only"
expect_exit 0 as "$ADMIN" --json report funnel --to 2024-12-31
expect_eq "$(json_get "$OUT" '(j["cases"], j["conversion"], j["stages"][0]["reached"])')" "(0, 0.0, 0)" "empty range"
expect_exit 3 as "$ADMIN" report funnel --from 2025-02-01 --to 2025-01-01
expect_contains "$ERR" "must not be before from"
expect_exit 2 as "$ADMIN" report funnel --from 2025-02-30
expect_contains "$ERR" "reinstate: report funnel: --from: 2025-02-30 is not a date (YYYY-MM-DD)"

# A coach's funnel covers their own cases; another coach's is refused.
expect_exit 0 as "$TA" --json report funnel
expect_eq "$(json_get "$OUT" '(j["coach_id"], j["cases"], j["open"], j["reinstated"], j["lost"])')" "($CA, 4, 1, 1, 2)" "A's funnel"
expect_eq "$(stages "$OUT")" \
  "verify_opening:4 contact_manager:3 awaiting_response:2 in_discussion:1 reinterview:1 negotiating:1 reinstated:1" \
  "A's reached"
expect_exit 0 as "$TA" --json report funnel --coach "$CA"
expect_eq "$(json_get "$OUT" 'j["cases"]')" 4
expect_exit 5 as "$TA" report funnel --coach "$CB"
expect_exit 0 as "$ADMIN" --json report funnel --coach "$CB"
expect_eq "$(json_get "$OUT" '(j["cases"], j["reinstated"], j["lost"])')" "(3, 1, 2)" "B's funnel for the admin"

# Per coach (admins): outcomes and overdue next steps from the engine: A4's
# follow-up, four days late on $LATER.
expect_exit 0 as "$ADMIN" --json report coaches --as-of "$LATER"
C=$OUT
row() { json_get "$C" "[(r['cases'], r['open_cases'], r['overdue_steps'], r['reinstated'], r['lost'], r['win_rate']) for r in j['coaches'] if r['coach_id'] == $1][0]"; }
expect_eq "$(row "$CA")" "(4, 1, 1, 1, 2, 0.333)" "A in the coach report"
expect_eq "$(row "$CB")" "(3, 0, 0, 1, 2, 0.333)" "B in the coach report"
expect_eq "$(json_get "$C" 'len(j["coaches"])')" 3 "coaches listed (with the admin)"
expect_eq "$(json_get "$C" 'sorted(j["coaches"][0])')" \
  "['cases', 'coach_id', 'disabled', 'email', 'lost', 'name', 'open_cases', 'overdue_steps', 'reinstated', 'win_rate']" \
  "coach report keys"
expect_eq "$(json_get "$C" 'sorted(j)')" "['as_of', 'coaches', 'from', 'to']" "coach report top-level keys"
expect_exit 0 as "$ADMIN" --json report coaches
C=$OUT
expect_eq "$(row "$CA")" "(4, 1, 0, 1, 2, 0.333)" "nothing overdue before it is due"
expect_exit 0 as "$ADMIN" --json report coaches --from 2025-03-01 --as-of "$LATER"
C=$OUT
expect_eq "$(row "$CA")" "(0, 0, 0, 0, 0, 0.0)" "A outside the range"
expect_eq "$(row "$CB")" "(1, 0, 0, 0, 1, 0.0)" "B in the range"
expect_exit 0 as "$ADMIN" report coaches --as-of "$LATER"
expect_contains "$OUT" "Ana Coach"
expect_contains "$OUT" "OVERDUE"
expect_exit 5 as "$TA" report coaches
expect_contains "$ERR" "PERMISSION_DENIED"
pass
