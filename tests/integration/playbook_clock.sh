#!/usr/bin/env bash
# The agency's clock and the facts the playbook needs, through the CLI:
# time zones (agency, coach) for attempt days, today and overdue tasks
# (B5); which contacts move a case (B1); still_open as a verification (B2);
# the re-interview date as a case field (B4); stage history and the funnel
# in event time (B6); a won case's start date (B3).
. "$RS_TESTS/lib.sh"
. "$RS_TESTS/cases_lib.sh"
rs_setup
rs_start_server
read -r C1 T1 <<<"$(mk_coach lena@example.com 'Lena Coach')"
ADMIN_TOKEN=$(cat "$T/cases-admin-token")
export REINSTATE_TOKEN=$T1
admin() { env REINSTATE_TOKEN="$ADMIN_TOKEN" "$RS_BIN/reinstate" --server "$RS_URL" "$@"; }

# --- Time zones: settings and coaches -----------------------------------
expect_exit 0 rs settings show
expect_contains "$OUT" "time_zone"
expect_exit 3 admin settings set time_zone Mars/Olympus_Mons
expect_contains "$ERR" "not a time zone"
expect_exit 5 rs settings set time_zone Europe/Berlin
expect_exit 0 admin settings set time_zone Europe/Berlin
expect_eq "$OUT" "time_zone = Europe/Berlin"
expect_exit 0 admin settings set holidays 2025-12-25,2025-12-26
expect_exit 3 admin settings set holidays 2025-12-26,2025-12-25
expect_exit 3 rs coach edit "$C1" --time-zone PST-not-a-zone
expect_exit 0 rs coach edit "$C1" --time-zone America/Los_Angeles
expect_contains "$OUT" "America/Los_Angeles"
expect_exit 5 rs coach edit 1 --time-zone UTC
expect_exit 0 rs whoami

expect_exit 0 rs client add --name "Ari Moss"
CL=$OUT
newcase() {
  expect_exit 0 rs case open --client "$CL" --company "$1" --role "Analyst" --manager "Dana Reyes" \
    --hr "Hal Ito"
  echo "$OUT"
}

# --- B5: 19:30 on a Friday in Los Angeles is that Friday ----------------
K=$(newcase Acme)
expect_exit 0 rs case opening "$K" open
expect_exit 0 rs attempt log "$K" --channel phone --contact-role hiring_manager --contact "Dana Reyes" \
  --outcome left_message --at 2025-03-07T19:30
expect_exit 0 rs --json attempt list "$K"
expect_contains "$OUT" '"at": "2025-03-08T03:30:00Z"' "19:30 PST is 03:30 UTC"
expect_exit 0 rs case next "$K" --as-of 2025-03-10
expect_contains "$OUT" "last contact with Dana Reyes on 2025-03-07" "the attempt's day is the coach's Friday"
expect_contains "$OUT" "(due 2025-03-12)"
# A date alone is that day in the coach's zone, whatever the zone.
expect_exit 0 rs coach edit "$C1" --time-zone Pacific/Auckland
K2=$(newcase Auck)
expect_exit 0 rs case opening "$K2" open
expect_exit 0 rs attempt log "$K2" --channel email --contact-role hiring_manager --contact "Dana Reyes" \
  --outcome no_answer --at 2025-03-10
expect_exit 0 rs case next "$K2" --as-of 2025-03-11
expect_contains "$OUT" "last contact with Dana Reyes on 2025-03-10" "a date-only --at in Auckland"
# An explicit offset is taken as given.
expect_exit 0 rs attempt log "$K2" --channel email --contact-role hiring_manager --contact "Dana Reyes" \
  --outcome no_answer --at 2025-03-12T23:30:00-05:00
expect_exit 0 rs --json attempt list "$K2"
expect_contains "$OUT" '"at": "2025-03-13T04:30:00Z"'
expect_exit 3 rs attempt log "$K2" --channel email --contact-role hiring_manager --contact "D" \
  --outcome no_answer --at 2025-03-12T25:00
expect_contains "$ERR" "YYYY-MM-DDTHH:MM"

# The client's default zone from its config file: words typed for --at are
# read in it (TZ unset), and login keeps the line.
cfg=$T/cfg-zone
mkdir -p "$cfg/reinstate"
printf 'time_zone=Pacific/Auckland\n' >"$cfg/reinstate/config"
echo "$RS_CASES_PW" | env -u TZ XDG_CONFIG_HOME="$cfg" "$RS_BIN/reinstate" --server "$RS_URL" \
  login --email lena@example.com --password-stdin >/dev/null || fail "login with a zone"
grep -q '^time_zone=Pacific/Auckland$' "$cfg/reinstate/config" || fail "login dropped time_zone"
expect_exit 0 env -u TZ -u REINSTATE_TOKEN XDG_CONFIG_HOME="$cfg" "$RS_BIN/reinstate" --server "$RS_URL" \
  attempt log "$K2" --channel email --contact-role hiring_manager --contact "Dana Reyes" \
  --outcome no_answer --at "yesterday 15:30"
want_at=$(TZ=UTC date -d "TZ=\"Pacific/Auckland\" $(TZ=Pacific/Auckland date -d yesterday +%F) 15:30" +%Y-%m-%dT%H:%M:%SZ)
expect_exit 0 rs --json attempt list "$K2"
expect_contains "$OUT" "\"at\": \"$want_at\"" "yesterday 15:30 in the config's zone"

# Overdue tasks and today count in the coach's zone: pick a zone whose date
# differs from UTC's right now.
if [ "$(date -u +%H)" -lt 10 ]; then ZONE=Pacific/Pago_Pago; else ZONE=Pacific/Kiritimati; fi
expect_exit 0 rs coach edit "$C1" --time-zone "$ZONE"
local_today=$(TZ=$ZONE date +%F)
[ "$local_today" != "$(date -u +%F)" ] || fail "the zone's date should differ from UTC's"
K3=$(newcase Tasks)
expect_exit 0 rs task add "$K3" --due "$local_today" "Call the client"
expect_exit 0 rs task list --overdue
expect_not_contains "$OUT" "Call the client" "a task due today (local) is not overdue"
expect_exit 0 rs task list
expect_contains "$OUT" "open" "status against the local day"
expect_not_contains "$OUT" "overdue"
expect_exit 0 rs case next "$K3"
expect_contains "$OUT" "(due $local_today)" "today is the coach's day"

# --- B1: only the decision path moves a case into awaiting_response ----
expect_exit 0 rs coach edit "$C1" --time-zone UTC
K4=$(newcase Globex)
expect_exit 0 rs case opening "$K4" open
expect_exit 0 rs attempt log "$K4" --channel phone --contact-role hr --contact "Hal Ito" --outcome no_answer
expect_contains "$ERR" "not the hiring manager"
expect_exit 0 rs case show "$K4"
expect_contains "$OUT" "stage           contact_manager"
expect_exit 0 rs attempt log "$K4" --channel email --contact-role recruiter --contact "Rita" --outcome callback_requested
expect_exit 0 rs case show "$K4"
expect_contains "$OUT" "stage           contact_manager"
# The route in the coach chose counts: a warm referral.
expect_exit 3 rs case edit "$K4" --route referral
expect_contains "$ERR" "--route-contact"
expect_exit 2 rs case edit "$K4" --route sideways --route-contact "Pat Lee"
expect_exit 0 rs case edit "$K4" --route referral --route-contact "Pat Lee"
expect_exit 0 rs attempt log "$K4" --channel phone --contact-role referral --contact "Pat Lee" --outcome in_discussion
expect_contains "$ERR" "moved: contact_manager -> in_discussion"
K5=$(newcase Initech)
expect_exit 0 rs case opening "$K5" open
expect_exit 0 rs attempt log "$K5" --channel phone --contact-role hiring_manager --contact "Dana Reyes" --outcome no_answer
expect_contains "$ERR" "moved: contact_manager -> awaiting_response"

# --- B2: still_open is a verification -----------------------------------
K6=$(newcase Umbrella)
expect_exit 0 rs attempt log "$K6" --channel email --contact-role hr --contact "Hal Ito" --outcome still_open \
  --at "$(date -u -d '-2 days' +%F)"
expect_exit 0 rs case show "$K6"
expect_contains "$OUT" "opening         open, verified $(date -u -d '-2 days' +%F)"
expect_exit 0 rs case next "$K6"
expect_not_contains "$OUT" "PB-04-verify-opening" "no more 'verify first'"
expect_contains "$OUT" "PB-18-confirm-motivation" "the client's motivation before the manager call"

# --- B4: the re-interview date is a field -------------------------------
K7=$(newcase Hooli)
expect_exit 0 rs case opening "$K7" open
iv=$(date -u -d '+10 days' +%F)
expect_exit 0 rs attempt log "$K7" --channel video --contact-role hiring_manager --contact "Dana Reyes" \
  --outcome reinterview_offered --conveyed-commitment --offered-reinterview --interview-on "$iv"
# The call's written recap (PB-19) first, so the preparation is the step.
expect_exit 0 rs attempt log "$K7" --channel email --contact-role hiring_manager --contact "Dana Reyes" \
  --outcome no_answer
expect_exit 0 rs case show "$K7"
expect_contains "$OUT" "re-interview    $iv"
expect_contains "$OUT" "(due $(date -u -d "$iv -1 day" +%F))"
iv2=$(date -u -d '+12 days' +%F)
expect_exit 0 rs case edit "$K7" --interview-on "$iv2"
expect_exit 0 rs case next "$K7"
expect_contains "$OUT" "(due $(date -u -d "$iv2 -1 day" +%F))"
# A follow-up date is not an interview date.
K8=$(newcase Vandelay)
expect_exit 0 rs case opening "$K8" open
expect_exit 0 rs attempt log "$K8" --channel video --contact-role hiring_manager --contact "Dana Reyes" \
  --outcome reinterview_offered --follow-up "$iv"
expect_exit 0 rs attempt log "$K8" --channel email --contact-role hiring_manager --contact "Dana Reyes" \
  --outcome no_answer
expect_exit 0 rs case next "$K8"
expect_contains "$OUT" "PB-09-prepare-reinterview"
expect_not_contains "$OUT" "(due $(date -u -d "$iv -1 day" +%F))"

# --- B6: stage changes carry the attempt's time ------------------------
# A coach of their own, so the funnel holds this case alone.
read -r C2 T2 <<<"$(mk_coach sam@example.com 'Sam Coach')"
export REINSTATE_TOKEN=$T2
CL1=$CL
expect_exit 0 rs client add --name "Bo Stark"
CL=$OUT
K9=$(newcase Stark)
d10=$(date -u -d '-10 days' +%F)
d6=$(date -u -d '-6 days' +%F)
d2=$(date -u -d '-2 days' +%F)
expect_exit 0 rs attempt log "$K9" --channel email --contact-role hiring_manager --contact "Dana Reyes" \
  --outcome in_discussion --at "${d2}T12:00:00Z"
expect_contains "$ERR" "not a valid move"
expect_exit 0 rs attempt log "$K9" --channel email --contact-role hr --contact "Hal Ito" \
  --outcome still_open --at "${d10}T12:00:00Z"
expect_exit 0 rs attempt log "$K9" --channel phone --contact-role hiring_manager --contact "Dana Reyes" \
  --outcome left_message --at "${d6}T12:00:00Z"
expect_exit 0 rs attempt log "$K9" --channel phone --contact-role hiring_manager --contact "Dana Reyes" \
  --outcome in_discussion --at "${d2}T12:00:00Z"
expect_exit 0 rs --json case history "$K9"
expect_contains "$OUT" "\"at\": \"${d10}T12:00:00Z\""
expect_contains "$OUT" "\"at\": \"${d6}T12:00:00Z\""
expect_exit 0 rs report funnel
expect_contains "$(echo "$OUT" | grep '^ *contact_manager')" "4.0" "4 days in contact_manager"
expect_contains "$(echo "$OUT" | grep '^ *awaiting_response')" "4.0" "4 days awaiting a reply"
export REINSTATE_TOKEN=$T1
CL=$CL1

# --- B3: a won case records its start date after closing ---------------
K10=$(newcase Wayne)
expect_exit 0 rs case opening "$K10" open
expect_exit 0 rs attempt log "$K10" --channel phone --contact-role hiring_manager --contact "Dana Reyes" \
  --outcome offer_reinstated
expect_exit 0 rs case edit "$K10" --start-on "$(date -u -d '+7 days' +%F)"
expect_exit 0 rs case show "$K10"
expect_contains "$OUT" "starts          $(date -u -d '+7 days' +%F)"
expect_exit 3 rs case edit "$K10" --company "Wayne Enterprises"
expect_contains "$ERR" "is closed"

# --- The written recap after a manager conversation ---------------------
# Due the next business day in the agency's zone (Europe/Berlin; this coach
# has no zone of their own). 00:30 on Friday 2025-03-07 in Berlin is 23:30
# on Thursday in UTC: the conversation is on Friday, the recap due Monday.
read -r C4 T4 <<<"$(mk_coach ivo@example.com 'Ivo Coach')"
export REINSTATE_TOKEN=$T4
expect_exit 0 rs client add --name "Eda Lin"
CL=$OUT
K11=$(newcase Cyberdyne)
expect_exit 0 rs case opening "$K11" open
expect_exit 0 rs case next "$K11" --as-of 2025-03-06
expect_contains "$OUT" "PB-18-confirm-motivation" "motivation first"
expect_exit 0 rs case edit "$K11" --motivation-confirmed
expect_exit 0 rs case next "$K11" --as-of 2025-03-06
expect_contains "$OUT" "PB-06-contact-manager" "then the manager call"
expect_exit 0 rs attempt log "$K11" --channel phone --contact-role hiring_manager --contact "Dana Reyes" \
  --outcome in_discussion --accepted-responsibility --conveyed-commitment --at 2025-03-07T00:30:00+01:00
expect_exit 0 rs --json attempt list "$K11"
expect_contains "$OUT" '"at": "2025-03-06T23:30:00Z"'
expect_exit 0 rs case next "$K11" --as-of 2025-03-07
expect_contains "$OUT" "rule          PB-19-send-recap"
expect_contains "$OUT" "(due 2025-03-10)" "Friday in Berlin: due Monday"
expect_contains "$OUT" "conversation with Dana Reyes on 2025-03-07 by phone (in_discussion)"
# On the agenda from its due day, not before.
expect_exit 0 rs --json today --as-of 2025-03-07 --days 0
expect_not_contains "$OUT" "PB-19-send-recap" "the recap is not due on Friday"
expect_exit 0 rs --json today --as-of 2025-03-07 --days 3
expect_contains "$OUT" '"rule_id": "PB-19-send-recap"'
expect_contains "$OUT" '"due_on": "2025-03-10"'
expect_exit 0 rs case next "$K11" --as-of 2025-03-12
expect_contains "$OUT" "rule          PB-19-send-recap" "overdue, still the step"
# An e-mail to HR is not the recap; one to the manager is.
expect_exit 0 rs attempt log "$K11" --channel email --contact-role hr --contact "Hal Ito" \
  --outcome no_answer --at 2025-03-10T09:00:00+01:00
expect_exit 0 rs case next "$K11" --as-of 2025-03-10
expect_contains "$OUT" "rule          PB-19-send-recap" "an e-mail to HR"
expect_exit 0 rs attempt log "$K11" --channel email --contact-role hiring_manager --contact "Dana Reyes" \
  --outcome no_answer --at 2025-03-10T09:30:00+01:00
expect_exit 0 rs case next "$K11" --as-of 2025-03-10
expect_not_contains "$OUT" "PB-19-send-recap" "the recap was sent"
expect_contains "$OUT" "rule          PB-12-offer-reinterview"
pass
