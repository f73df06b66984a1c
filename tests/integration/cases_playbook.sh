#!/usr/bin/env bash
# End to end through the CLI: one case walked through the playbook to a
# reinstated offer, another that ends when the position is filled. Asserts
# the stages, the stage history and the timeline.
. "$RS_TESTS/lib.sh"
. "$RS_TESTS/cases_lib.sh"
rs_setup
rs_start_server
read -r C1 T1 <<<"$(mk_coach ana@example.com 'Ana Coach')"
export REINSTATE_TOKEN=$T1

stage_of() {
  expect_exit 0 rs --json case show "$1"
  json_get "$OUT" 'j["case"]["stage"]'
}

expect_exit 0 rs client add --name "Jordan Lee" --email jordan@example.com --phone "+1 555 0100"
CL=$OUT
expect_exit 0 rs case open --client "$CL" --company "Acme Analytics" --role "Data Engineer" \
  --manager "Dana Reyes" --manager-email dana@acme.example --salary 98000 --currency USD \
  --offered-on 2025-01-06 --declined-on 2025-01-09 --reason "waited for a bigger offer" \
  --better-offer "Globex senior role (never came)"
K=$OUT
expect_eq "$(stage_of "$K")" verify_opening "stage after open"

# The playbook: first find out whether the job is still open.
expect_exit 3 rs case move "$K" awaiting_response
expect_contains "$ERR" "verify the opening first"
expect_exit 0 rs case opening "$K" open
expect_contains "$OUT" "stage contact_manager"
expect_exit 0 rs --json case show "$K"
expect_eq "$(json_get "$OUT" 'j["case"]["opening_status"]')" open
[ -n "$(json_get "$OUT" 'j["case"]["opening_verified_at"]')" ] || fail "opening_verified_at empty"

# HR is reached first; it does not move the case past contacting the manager.
expect_exit 0 rs attempt log "$K" --channel email --contact-role hr --contact "Hal Ito" \
  --outcome still_open --summary "HR confirms the seat is open; manager decides"
expect_eq "$(stage_of "$K")" contact_manager "stage after the HR contact"

# The hiring manager call: responsibility accepted, commitment conveyed.
expect_exit 0 rs attempt log "$K" --channel phone --contact-role hiring_manager \
  --contact "Dana Reyes" --outcome in_discussion --accepted-responsibility \
  --conveyed-commitment --summary "owned the decline; will not leave" --follow-up 2099-01-05
CALL=$OUT
expect_contains "$ERR" "contact_manager -> in_discussion"
expect_eq "$(stage_of "$K")" in_discussion

# Re-interview offered.
expect_exit 0 rs attempt log "$K" --channel video --contact-role hiring_manager \
  --contact "Dana Reyes" --outcome reinterview_offered --offered-reinterview
expect_eq "$(stage_of "$K")" reinterview
expect_exit 0 rs note add "$K" "Prepare a 30/60/90-day plan for the re-interview"
expect_exit 0 rs task add "$K" --due 2099-01-10 "Rehearse the re-interview"
TASK=$OUT

# Reinstated.
expect_exit 0 rs attempt log "$K" --channel in_person --contact-role hiring_manager \
  --contact "Dana Reyes" --outcome offer_reinstated --summary "offer is back"
expect_contains "$ERR" "reinterview -> reinstated"
expect_exit 0 rs --json case show "$K"
expect_eq "$(json_get "$OUT" 'j["case"]["stage"]')" reinstated
expect_eq "$(json_get "$OUT" 'j["case"]["closed"]')" True
[ -n "$(json_get "$OUT" 'j["case"]["closed_at"]')" ] || fail "closed_at empty"

# The stage history: every change with who and why, in order.
expect_exit 0 rs --json case history "$K"
expect_eq "$(json_get "$OUT" '" ".join(h["from_stage"] + ">" + h["to_stage"] for h in j["changes"])')" \
  ">verify_opening verify_opening>contact_manager contact_manager>in_discussion in_discussion>reinterview reinterview>reinstated" \
  "history"
expect_eq "$(json_get "$OUT" 'set(h["actor_id"] for h in j["changes"])')" "{$C1}" "history actors"
expect_eq "$(json_get "$OUT" 'j["changes"][3]["attempt_id"] > 0')" True "history attempt link"
expect_contains "$OUT" "opening verified open"

# The timeline: attempts, note, task and stage changes in time order, each
# attempt before the change it caused.
expect_exit 0 rs --json case show "$K"
expect_eq "$(json_get "$OUT" '" ".join(e["kind"] for e in j["entries"])')" \
  "stage stage attempt attempt stage attempt stage note task attempt stage" "timeline kinds"
expect_eq "$(json_get "$OUT" '[e["at"] for e in j["entries"]] == sorted(e["at"] for e in j["entries"])')" True "timeline order"
expect_exit 0 rs case show "$K"
expect_contains "$OUT" "hiring_manager Dana Reyes: in_discussion [accepted responsibility, conveyed commitment]"
expect_contains "$OUT" "reinterview -> reinstated: attempt"
expect_contains "$OUT" "Prepare a 30/60/90-day plan"
expect_contains "$OUT" "due 2099-01-10: Rehearse the re-interview"

# A closed case does not move and its details are frozen; another outcome
# is stored and the case stays.
expect_exit 3 rs case move "$K" negotiating
expect_contains "$ERR" "is closed"
expect_exit 3 rs case edit "$K" --company "Acme Renamed"
expect_contains "$ERR" "case '$K' is closed (reinstated)"
expect_exit 3 rs case opening "$K" filled
expect_contains "$ERR" "is closed"
expect_exit 0 rs attempt log "$K" --channel email --contact-role hr --contact "Hal Ito" \
  --outcome position_filled
expect_contains "$ERR" "the case stays reinstated"
expect_eq "$(stage_of "$K")" reinstated
expect_eq "$(sql "SELECT count(*) FROM attempts WHERE case_id = $K")" 5 "attempts stored"

expect_exit 0 rs attempt list "$K"
expect_contains "$OUT" "responsibility commitment"
expect_exit 0 rs task done "$TASK"

# The second case: the manager is reached, but the seat was filled.
expect_exit 0 rs case open --client "$CL" --company "Initech" --role "Analyst" --manager "Bill L"
K2=$OUT
expect_exit 0 rs attempt log "$K2" --channel phone --contact-role recruiter --contact "Rita" \
  --outcome still_open
expect_eq "$(stage_of "$K2")" contact_manager
expect_exit 0 rs attempt log "$K2" --channel phone --contact-role hiring_manager --contact "Bill L" \
  --outcome left_message --follow-up 2099-02-01
expect_eq "$(stage_of "$K2")" awaiting_response
expect_exit 0 rs attempt log "$K2" --channel phone --contact-role hiring_manager --contact "Bill L" \
  --outcome position_filled --summary "hired someone last week"
expect_exit 0 rs --json case show "$K2"
expect_eq "$(json_get "$OUT" 'j["case"]["stage"]')" lost
expect_eq "$(json_get "$OUT" 'j["case"]["loss_reason"]')" position_filled
expect_exit 0 rs --json case history "$K2"
expect_eq "$(json_get "$OUT" 'j["changes"][-1]["to_stage"] + "/" + j["changes"][-1]["loss_reason"]')" \
  lost/position_filled

# Lists: open cases by default, closed ones with --closed, stage filter.
expect_exit 0 rs case list
expect_not_contains "$OUT" "Acme"
expect_exit 0 rs case list --closed
expect_contains "$OUT" "Acme Analytics"
expect_contains "$OUT" "lost: position_filled"
expect_exit 0 rs --json case list --stage lost
expect_eq "$(json_get "$OUT" '[k["id"] for k in j["cases"]]')" "[$K2]"

# Closing by hand and reopening (admins only).
expect_exit 0 rs case open --client "$CL" --company "Hooli" --role "SRE" --manager "Gavin"
K3=$OUT
expect_exit 3 rs case close "$K3" --won
expect_exit 0 rs case opening "$K3" open
expect_exit 0 rs case move "$K3" negotiating --why "manager called back directly"
expect_exit 0 rs case close "$K3" --lost client_withdrew --why "accepted elsewhere"
expect_contains "$OUT" "lost: client_withdrew"
expect_exit 5 rs case reopen "$K3"
read -r A1 TA <<<"$(mk_coach boss@example.com 'Agency Admin' admin)"
expect_exit 0 as "$TA" case reopen "$K3" --stage contact_manager --why "client changed their mind"
expect_contains "$OUT" "contact_manager"
expect_eq "$(sql "SELECT closed_at IS NULL AND loss_reason IS NULL FROM cases WHERE id = $K3")" t
expect_eq "$(sql "SELECT actor_id FROM stage_history WHERE case_id = $K3 ORDER BY id DESC LIMIT 1")" "$A1"
expect_eq "$(sql "SELECT count(*) FROM audit_log WHERE record = 'case/$K3'")" 5 "audit records: open, opening, move, close, reopen"
pass
