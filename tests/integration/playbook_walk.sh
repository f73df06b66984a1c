#!/usr/bin/env bash
# The next step along the playbook, end to end through the CLI: at every
# stage of a case the rule that fires and the key words of its advice; then
# a case lost to a filled position; then the coach's agenda (today).
. "$RS_TESTS/lib.sh"
. "$RS_TESTS/cases_lib.sh"
rs_setup
rs_start_server
read -r C1 T1 <<<"$(mk_coach maya@example.com 'Maya Coach')"
read -r C2 T2 <<<"$(mk_coach omar@example.com 'Omar Coach')"
export REINSTATE_TOKEN=$T1

# next CASE RULE WORDS...: the rule that fires and words its advice carries.
next() {
  local k=$1 rule=$2
  shift 2
  expect_exit 0 rs case next "$k"
  expect_contains "$OUT" "rule          $rule" "case next $k"
  for w in "$@"; do expect_contains "$OUT" "$w" "case next $k"; done
}

expect_exit 0 rs client add --name "Jordan Lee"
CL=$OUT
expect_exit 0 rs case open --client "$CL" --company "Acme Analytics" --role "Data Engineer" \
  --manager "Dana Reyes" --hr "Hal Ito" --declined-on "$(date -u -d '-5 days' +%F)"
K=$OUT

# 1. Verify the opening before contacting anyone, due today.
next "$K" PB-04-verify-opening "still open" "Do not call the hiring manager or HR yet" "(due $(date -u +%F))"
# The short form shows in the list, and the whole step in case show.
expect_exit 0 rs case list
expect_contains "$OUT" "verify_opening"
expect_exit 0 rs case show "$K"
expect_contains "$OUT" "next step       verify the job is still open"

# 2. Open: first the client's motivation (the manager must believe they are
# not taking the job because it is the only one left), due today; then the
# hiring manager, not HR, with the script, names filled in.
expect_exit 0 rs case opening "$K" open
next "$K" PB-18-confirm-motivation "Jordan Lee really wants this job" "other offer is really gone" \
  "\"not taking this job because it's the only one left\"" "(due $(date -u +%F))" \
  "case edit --motivation-confirmed"
expect_contains "$OUT" "client sees   Before anyone contacts Acme Analytics, your coach will check with you that you really want this job"
expect_exit 0 rs case list
expect_contains "$OUT" "confirm_motivation"
expect_exit 0 rs --json today
expect_contains "$OUT" '"rule_id": "PB-18-confirm-motivation"'
expect_exit 0 rs case edit "$K" --motivation-confirmed
next "$K" PB-06-contact-manager "Dana Reyes" "Jordan Lee" "Acme Analytics" "not HR"
expect_not_contains "$OUT" "PB-18-confirm-motivation"
expect_contains "$OUT" "first" "the accept-responsibility script"
expect_contains "$OUT" "interview again" "the accept-responsibility script"

# 3. HR was reached instead: a warning naming the hiring manager.
expect_exit 0 rs attempt log "$K" --channel email --contact-role hr --contact "Hal Ito" --outcome still_open
next "$K" PB-06-contact-manager "PW-01-contact-not-manager" "Dana Reyes"

# 4. The manager call: responsibility accepted, commitment not conveyed.
# First the written recap, due the next business day (UTC here); an e-mail
# to HR is not it, one to the manager is.
next_bday() {
  case $(date -u -d "$1" +%u) in
    5) date -u -d "$1 +3 days" +%F ;;
    6) date -u -d "$1 +2 days" +%F ;;
    *) date -u -d "$1 +1 day" +%F ;;
  esac
}
recap_due=$(next_bday "$(date -u +%F)")
expect_exit 0 rs attempt log "$K" --channel phone --contact-role hiring_manager --contact "Dana Reyes" \
  --outcome in_discussion --accepted-responsibility
next "$K" PB-19-send-recap "send Dana Reyes a written recap of the conversation (due $recap_due)" \
  "thank Dana Reyes" "won't leave" "No contact has conveyed commitment yet" \
  "client sees   After your recent conversation at Acme Analytics, your coach will help you send a short written thank-you"
expect_exit 0 rs case show "$K"
expect_contains "$OUT" "next step       send Dana Reyes a written recap"
expect_exit 0 rs case list
expect_contains "$OUT" "send_recap"
expect_exit 0 rs today --as-of "$recap_due"
expect_contains "$OUT" "send Dana Reyes a written recap"
expect_exit 0 rs calendar export
expect_contains "$OUT" "send Dana Reyes a written recap"
# The job seeker reads it in their own words.
expect_exit 0 rs case share "$K"
CODE=$(sed -n 's/^ *\([0-9A-Z]\{4\}-[0-9A-Z]\{4\}-[0-9A-Z]\{4\}-[0-9A-Z]\{4\}\)$/\1/p' <<<"$OUT")
[ -n "$CODE" ] || fail "no code in the share output: $OUT"
expect_exit 0 env -u REINSTATE_TOKEN XDG_CONFIG_HOME="$T/seeker" "$RS_BIN/reinstate" --server "$RS_URL" \
  status --code "$CODE"
expect_contains "$OUT" "After your recent conversation at Acme Analytics, your coach will help you send a short written thank-you that restates your commitment, by $recap_due."
expect_not_contains "$OUT" "PB-19"
expect_not_contains "$OUT" "Dana Reyes" "no names in the job seeker's wording"
expect_exit 0 rs attempt log "$K" --channel email --contact-role hr --contact "Hal Ito" --outcome no_answer
next "$K" PB-19-send-recap "(due $recap_due)"
expect_exit 0 rs attempt log "$K" --channel email --contact-role hiring_manager --contact "Dana Reyes" \
  --outcome no_answer
next "$K" PB-11-reassure-commitment "something better"

# 5. Re-interview offered on a video call: the recap again (a letter this
# time), then prepare, with a 30/60/90-day plan, before the interview.
interview=$(date -u -d '+10 days' +%F)
expect_exit 0 rs attempt log "$K" --channel video --contact-role hiring_manager --contact "Dana Reyes" \
  --outcome reinterview_offered --conveyed-commitment --offered-reinterview --interview-on "$interview"
next "$K" PB-19-send-recap "(due $recap_due)"
expect_exit 0 rs attempt log "$K" --channel letter --contact-role hiring_manager --contact "Dana Reyes" \
  --outcome no_answer
next "$K" PB-09-prepare-reinterview "30/60/90" "(due $(date -u -d "$interview -1 day" +%F))"

# 6. Negotiating: agree terms, in writing.
expect_exit 0 rs case move "$K" negotiating --why "re-interview went well"
next "$K" PB-07-negotiate-terms "writing"

# 7. Reinstated: close as won, check in after the start.
expect_exit 0 rs attempt log "$K" --channel phone --contact-role hiring_manager --contact "Dana Reyes" \
  --outcome offer_reinstated
next "$K" PB-01-close-won "check-in"

# A second case: the position was filled. Close as lost with the lesson.
expect_exit 0 rs case open --client "$CL" --company "Globex" --role "Analyst" --manager "Sam Wu"
K2=$OUT
expect_exit 0 rs case opening "$K2" filled
next "$K2" PB-03-position-filled "think"
expect_exit 0 rs case close "$K2" --lost position_filled
next "$K2" PB-02-record-lesson "think"

# Another coach's case is not there at all.
expect_exit 4 env REINSTATE_TOKEN="$T2" "$RS_BIN/reinstate" --server "$RS_URL" case next "$K"
expect_exit 2 rs case next "$K" --as-of 2025-02-30
expect_contains "$ERR" "reinstate: case next: --as-of: 2025-02-30 is not a date (YYYY-MM-DD)"

# Settings change the rules: re-verify after one day instead of seven.
expect_exit 0 rs client add --name "Kim Park"
expect_exit 0 rs case open --client "$OUT" --company "Initech" --role "Engineer" --manager "Lou" \
  --motivation-confirmed
K3=$OUT
expect_exit 0 rs case opening "$K3" open
next "$K3" PB-06-contact-manager
expect_exit 0 rs case next "$K3" --as-of "$(date -u -d '+3 days' +%F)"
expect_not_contains "$OUT" "PB-05-reverify-opening"
ADMIN_TOKEN=$(cat "$T/cases-admin-token")
expect_exit 0 env REINSTATE_TOKEN="$ADMIN_TOKEN" "$RS_BIN/reinstate" --server "$RS_URL" settings set reverify_after_days 1
expect_exit 0 rs case next "$K3" --as-of "$(date -u -d '+3 days' +%F)"
expect_contains "$OUT" "PB-05-reverify-opening"

# The day's agenda: most urgent first; an overdue task; a planned follow-up;
# a stale case.
expect_exit 0 rs task add "$K3" --due "$(date -u -d '-2 days' +%F)" "Send the thank-you note"
expect_exit 0 rs attempt log "$K3" --channel email --contact-role recruiter --contact "Rita Ruiz" \
  --outcome still_open --follow-up "$(date -u -d '-1 day' +%F)"
expect_exit 0 rs today
expect_contains "$OUT" "2 days overdue"
expect_contains "$OUT" "Send the thank-you note"
expect_contains "$OUT" "next_step"
expect_contains "$OUT" "follow up with Rita Ruiz as planned"
first=$(echo "$OUT" | sed -n '4p')
expect_contains "$first" "2 days overdue" "the most urgent item first"
expect_exit 0 rs --json today --as-of "$(date -u -d '+20 days' +%F)"
expect_contains "$OUT" '"kind": "stale"'
expect_contains "$OUT" '"kind": "task"'
# Another coach's day is theirs alone; an admin may look.
expect_exit 5 rs today --coach "$C2"
expect_exit 0 env REINSTATE_TOKEN="$ADMIN_TOKEN" "$RS_BIN/reinstate" --server "$RS_URL" today --coach "$C1"
expect_contains "$OUT" "Send the thank-you note"
expect_exit 0 env REINSTATE_TOKEN="$T2" "$RS_BIN/reinstate" --server "$RS_URL" today
expect_contains "$OUT" "nothing due"
# --- Second edition: a coach in Los Angeles, a manager who left, a route
# through the skip-level manager, the stopping rule, and a won case's
# check-ins in today.
read -r C3 T3 <<<"$(mk_coach lee@example.com 'Lee Coach')"
export REINSTATE_TOKEN=$T3
expect_exit 0 rs coach edit "$C3" --time-zone America/Los_Angeles
expect_exit 0 rs client add --name "Rio Vega"
CL3=$OUT
expect_exit 0 rs case open --client "$CL3" --company "Soylent" --role "Planner" --manager "Mo Park" \
  --hr "Hal Ito" --declined-on 2025-02-28 --better-offer "Initrode, lead planner"
K4=$OUT
# Verified open now, so the March dates below never need a re-check.
expect_exit 0 rs case opening "$K4" open
# Before the first manager contact: motivation, expectations, the script
# from the better offer.
next_as_of() {
  local k=$1 day=$2 rule=$3
  shift 3
  expect_exit 0 rs case next "$k" --as-of "$day"
  expect_contains "$OUT" "rule          $rule" "case next $k on $day"
  for w in "$@"; do expect_contains "$OUT" "$w" "case next $k on $day"; done
}
next_as_of "$K4" 2025-03-03 PB-18-confirm-motivation "Rio Vega really wants this job" \
  "reneging twice burns Soylent for good" "keep the job search going" "(due 2025-03-03)"
expect_exit 0 rs case edit "$K4" --motivation-confirmed
next_as_of "$K4" 2025-03-03 PB-06-contact-manager \
  "waiting on another offer (Initrode, lead planner)" "keep the job search going"
expect_not_contains "$OUT" "PB-18-confirm-motivation"
# The manager left: another route in.
expect_exit 0 rs attempt log "$K4" --channel phone --contact-role hiring_manager --contact "Mo Park" \
  --outcome contact_gone --at 2025-03-04T10:00
next_as_of "$K4" 2025-03-04 PB-15-change-route "skip-level manager" "HR only as a last resort"
expect_exit 0 rs case edit "$K4" --route skip_level --route-contact "Ana Ruiz"
next_as_of "$K4" 2025-03-04 PB-06-contact-manager "Ana Ruiz" "the skip-level manager"
# Three unanswered attempts on the route, one at 19:30 on a Friday in
# Los Angeles (03:30 on Saturday in UTC): the coach sees that Friday.
expect_exit 0 rs attempt log "$K4" --channel phone --contact-role other --contact "Ana Ruiz" \
  --outcome no_answer --at 2025-03-05T09:00
expect_contains "$ERR" "moved: contact_manager -> awaiting_response"
expect_exit 0 rs attempt log "$K4" --channel phone --contact-role other --contact "Ana Ruiz" \
  --outcome left_message --at 2025-03-07T19:30
next_as_of "$K4" 2025-03-10 PB-13-wait "last contact with Ana Ruiz on 2025-03-07"
next_as_of "$K4" 2025-03-12 PB-10-follow-up "switch channel and follow up by email" \
  "attempt 3 of at most 3"
expect_exit 0 rs attempt log "$K4" --channel email --contact-role other --contact "Ana Ruiz" \
  --outcome no_answer --at 2025-03-12T08:15
next_as_of "$K4" 2025-03-14 PB-13-wait
next_as_of "$K4" 2025-03-17 PB-16-close-out "gracious close-out note" "--lost no_response"
expect_exit 0 rs case close "$K4" --lost no_response
next_as_of "$K4" 2025-03-17 PB-02-record-lesson "close-out note"

# Won: the check-ins after the start are in today, in the coach's day.
la_today=$(TZ=America/Los_Angeles date +%F)
expect_exit 0 rs case open --client "$CL3" --company "Umbrella" --role "Chemist" --manager "Ada Wu"
K5=$OUT
expect_exit 0 rs case opening "$K5" open
expect_exit 0 rs attempt log "$K5" --channel phone --contact-role hiring_manager --contact "Ada Wu" \
  --outcome offer_reinstated --accepted-responsibility --conveyed-commitment
expect_exit 0 rs case edit "$K5" --start-on "$(date -d "$la_today -30 days" +%F)"
expect_exit 0 rs today
expect_contains "$(echo "$OUT" | grep Umbrella)" "today" "the 30-day check-in is due today"
expect_contains "$(echo "$OUT" | grep Umbrella)" "check in after the start"
expect_exit 0 rs case next "$K5"
expect_contains "$OUT" "(due $la_today)"
expect_contains "$OUT" "30 days after you started"
expect_exit 0 rs case edit "$K5" --start-on "$(date -d "$la_today -95 days" +%F)"
expect_exit 0 rs today
expect_not_contains "$OUT" "Umbrella" "no check-in left after 90 days"
pass
