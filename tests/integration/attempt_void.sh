#!/usr/bin/env bash
# A mis-logged attempt can be voided: it stays in the attempt list (marked)
# and the audit, leaves the timeline and the next step, and the stage move
# it caused is undone when nothing later depends on it. The mis-logged
# `rejected` that closed a case is the case in point.
. "$RS_TESTS/lib.sh"
. "$RS_TESTS/cases_lib.sh"
rs_setup
rs_start_server
read -r _ TADM <<<"$(mk_coach boss@example.com 'Boss' admin)"
read -r _ TA <<<"$(mk_coach ana@example.com 'Ana')"
read -r _ TB <<<"$(mk_coach bo@example.com 'Bo')"
export REINSTATE_TOKEN=$TA
expect_exit 0 rs client add --name "Jordan"
CL=$OUT
expect_exit 0 rs case open --client "$CL" --company Acme --role Dev --manager Dana
K=$OUT
expect_exit 0 rs case opening "$K" open
log() { rs --json attempt log "$K" --channel phone --contact-role hiring_manager --contact Dana --outcome "$@"; }
expect_exit 0 log in_discussion --accepted-responsibility
before=$(json_get "$OUT" 'j["stage"]')
expect_exit 0 log rejected
BAD=$(json_get "$OUT" 'j["attempt"]["id"]')
expect_eq "$(json_get "$OUT" 'j["stage"]')" lost "the mis-logged rejected closed the case"
expect_exit 0 rs --json case share "$K"
CODE=$(json_get "$OUT" 'j["code"]')

# Another coach cannot void it; a voided attempt cannot be voided again.
expect_exit 4 env REINSTATE_TOKEN="$TB" "$RS_BIN/reinstate" --server "$RS_URL" attempt void "$BAD"
expect_exit 0 rs attempt void "$BAD" --why "logged on the wrong case"
expect_contains "$OUT" "attempt $BAD voided" "attempt void"
expect_contains "$OUT" "back at $before" "attempt void"
expect_exit 3 rs attempt void "$BAD"
expect_contains "$ERR" "already voided" "a second void"

expect_exit 0 rs --json case show "$K"
expect_eq "$(json_get "$OUT" 'j["case"]["stage"]')" "$before" "the stage after the void"
expect_eq "$(json_get "$OUT" 'j["case"].get("closed", False)')" False "the case is open again"
expect_not_contains "$(json_get "$OUT" '[e["text"] for e in j["entries"] if e["kind"] == "attempt"]')" \
  "rejected" "the timeline's attempts"
expect_contains "$(json_get "$OUT" '[e["text"] for e in j["entries"]]')" "attempt $BAD voided" "the timeline's stage changes"
rule=$(json_get "$OUT" 'j["next_step"]["rule_id"]')
expect_not_contains "$rule" "review" "the next step after the void"
expect_not_contains "$rule" "lesson" "the next step after the void"
expect_exit 0 rs attempt list "$K"
expect_contains "$OUT" "rejected (voided)" "the attempt list keeps it, marked"
expect_exit 0 env -u REINSTATE_TOKEN "$RS_BIN/reinstate" --server "$RS_URL" status --code "$CODE"
expect_not_contains "$OUT" "reviewing" "what the job seeker reads"
expect_exit 0 env REINSTATE_TOKEN="$TADM" "$RS_BIN/reinstate" --server "$RS_URL" audit list --record "case/$K"
expect_contains "$OUT" "attempt $BAD voided" "the audit"

# A move that later changes depend on stays, and the coach is told.
expect_exit 0 log reinterview_offered --offered-reinterview
RI=$(json_get "$OUT" 'j["attempt"]["id"]')
moved_to=$(json_get "$OUT" 'j["stage"]')
expect_exit 0 rs case move "$K" negotiating --why "terms"
expect_exit 0 rs attempt void "$RI"
expect_contains "$OUT" "the move to $moved_to it caused stays" "voiding an attempt a later move depends on"
expect_exit 0 rs --json case show "$K"
expect_eq "$(json_get "$OUT" 'j["case"]["stage"]')" negotiating "the stage"
pass
