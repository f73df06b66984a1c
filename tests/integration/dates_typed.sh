#!/usr/bin/env bash
# Dates as people type them (--due tomorrow, --follow-up +3d, --at
# "yesterday 15:30", weekday names), read in the coach's time zone and
# said back as the date they became.
. "$RS_TESTS/lib.sh"
. "$RS_TESTS/cases_lib.sh"
rs_setup
rs_start_server
read -r _ TA <<<"$(mk_coach ana@example.com 'Ana')"
export REINSTATE_TOKEN=$TA TZ=Pacific/Auckland
expect_exit 0 rs client add --name "Jordan"
CL=$OUT
expect_exit 0 rs case open --client "$CL" --company Acme --role Dev --manager Dana
K=$OUT
tomorrow=$(date -d tomorrow +%F)
expect_exit 0 rs task add "$K" --due tomorrow "Send the thank-you note"
T1=$OUT
expect_contains "$ERR" "--due tomorrow: $tomorrow" "what tomorrow became"
expect_exit 0 rs --json task list --case "$K"
expect_contains "$OUT" "\"due_on\": \"$tomorrow\"" "the task's due date"

friday=$(date -d "$( [ "$(date +%u)" = 5 ] && echo today || echo friday)" +%F)
expect_exit 0 rs task add "$K" --due Friday "Call Dana"
expect_contains "$ERR" "$friday (Friday)" "what friday became"

expect_exit 0 rs attempt log "$K" --channel phone --contact-role hiring_manager --contact Dana \
  --outcome left_message --at "yesterday 15:30" --follow-up +3d
expect_contains "$ERR" "--follow-up +3d: $(date -d '+3 days' +%F)" "what +3d became"
want_at=$(TZ=UTC date -d "TZ=\"Pacific/Auckland\" $(date -d yesterday +%F) 15:30" +%Y-%m-%dT%H:%M:%SZ)
expect_exit 0 rs --json attempt list "$K"
expect_eq "$(json_get "$OUT" 'j["attempts"][0]["at"]')" "$want_at" "the attempt's time (yesterday 15:30 in Auckland)"
expect_eq "$(json_get "$OUT" 'j["attempts"][0]["follow_up_on"]')" "$(date -d '+3 days' +%F)" "the follow-up"

# Mistyped: a usage error that shows what works, nothing sent.
expect_exit 2 rs task add "$K" --due tomorow "x"
expect_contains "$ERR" "unknown date 'tomorow'" "the error"
expect_contains "$ERR" "tomorrow, yesterday, +3d" "the error"
expect_exit 2 rs task add "$K" --due "tomorrow 10:00" "x"
expect_exit 0 rs --json task list --case "$K"
expect_eq "$(json_get "$OUT" 'len(j["tasks"])')" 2 "tasks written"
pass
