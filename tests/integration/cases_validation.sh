#!/usr/bin/env bash
# Every validation path reachable from the CLI answers INVALID_ARGUMENT
# (exit 3) with the flag named, and writes nothing; what the command table
# checks itself (types, dates, vocabulary, required options) is refused
# before any call (exit 2), the flag named the same way. The database refuses the
# same values on its own (CHECK, NOT NULL, foreign keys).
. "$RS_TESTS/lib.sh"
. "$RS_TESTS/cases_lib.sh"
rs_setup
rs_start_server
read -r CA TA <<<"$(mk_coach ana@example.com 'Ana')"
export REINSTATE_TOKEN=$TA
LONG201=$(printf 'x%.0s' $(seq 1 201))
LONG2001=$(printf 'y%.0s' $(seq 1 2001))
LONG4001=$(printf 'z%.0s' $(seq 1 4001))

# invalid FLAG cmd...: exit 3 naming the flag (or argument) the user typed,
# not the proto field the server named.
invalid() {
  local flag=$1
  shift
  if [ "$(type -t "$1")" = function ]; then expect_exit 3 "$@"; else expect_exit 3 rs "$@"; fi
  expect_contains "$ERR" "INVALID_ARGUMENT" "stderr of '$*'"
  expect_contains "$ERR" "  $flag: " "field violation of '$*'"
}

# refused FLAG cmd...: the command table refuses the value before any call
# (exit 2), naming the flag.
refused() {
  local flag=$1
  shift
  if [ "$(type -t "$1")" = function ]; then expect_exit 2 "$@"; else expect_exit 2 rs "$@"; fi
  expect_contains "$ERR" "reinstate: " "stderr of '$*'"
  expect_contains "$ERR" "$flag" "usage error of '$*'"
}

# Clients.
invalid --name client add --name ""
invalid --name client add --name "   "
invalid --name client add --name "$LONG201"
invalid --name client add --name "$(printf 'two\nlines')"
invalid --email client add --name N --email "not-an-email"
invalid --email client add --name N --email "a@b@c"
invalid --phone client add --name N --phone "call me maybe"
invalid --phone client add --name N --phone "+1 555 0100 0100 0100 0100 0100 0100 0100 0"
expect_eq "$(sql "SELECT count(*) FROM clients")" 0 "no client written"
expect_exit 0 rs client add --name "Jordan"
CL=$OUT
invalid --name client edit "$CL" --name ""
invalid --email client edit "$CL" --email "x"

# Cases.
open() { rs case open --client "$CL" --company Acme --role Dev --manager Dana "$@"; }
invalid --company case open --client "$CL" --company "" --role Dev --manager Dana
invalid --role case open --client "$CL" --company Acme --role "" --manager Dana
invalid --manager case open --client "$CL" --company Acme --role Dev --manager ""
invalid --company case open --client "$CL" --company "$LONG201" --role Dev --manager Dana
invalid --manager-email open --manager-email "dana-at-acme"
invalid --manager-phone open --manager-phone "ext. twelve"
invalid --hr open --hr "$LONG201"
invalid --hr-email open --hr-email "@acme.example"
invalid --currency open --salary 90000
invalid --currency open --salary 90000 --currency euro
invalid --currency open --currency EURO
invalid --salary open --salary 5000000000 --currency EUR
refused "--offered-on: 2025-13-01 is not a date (YYYY-MM-DD)" open --offered-on 2025-13-01
refused "--offered-on: 2025-02-30 is not a date" open --offered-on 2025-02-30
refused "--declined-on: 2025-03-32 is not a date" open --declined-on 2025-03-32
invalid --declined-on open --offered-on 2025-03-10 --declined-on 2025-03-01
invalid --reason open --reason "$LONG2001"
invalid --better-offer open --better-offer "$LONG2001"
expect_exit 3 open --company "" --manager-email bad --offered-on 2025-01-02 --declined-on 2025-01-01
expect_contains "$ERR" "  --company: must not be empty"
expect_contains "$ERR" "  --manager-email: "
expect_contains "$ERR" "  --declined-on: must not be before --offered-on"
expect_eq "$(sql "SELECT count(*) FROM cases")" 0 "no case written"
expect_exit 4 rs case open --client 999999 --company Acme --role Dev --manager Dana
expect_exit 0 open --offered-on 2025-03-01 --declined-on 2025-03-05
K=$OUT
invalid --declined-on case edit "$K" --declined-on 2025-02-01
invalid --company case edit "$K" --company " "
refused "STAGE: nowhere is not one of: verify_opening, contact_manager" case move "$K" nowhere
invalid STAGE case move "$K" lost
invalid --why case move "$K" contact_manager --why "$(printf 'w%.0s' $(seq 1 1001))"
refused "--lost: bored is not one of: position_filled" case close "$K" --lost bored
refused "STATUS: maybe is not one of: unknown, open, filled" case opening "$K" maybe
refused "--stage: nowhere is not one of" case list --stage nowhere
expect_exit 0 rs case opening "$K" open

# Attempts.
log() { rs attempt log "$K" --channel phone --contact-role hiring_manager --contact Dana --outcome no_answer "$@"; }
refused "--channel: pigeon is not one of: phone, email" attempt log "$K" --channel pigeon --contact-role hr --contact Hal --outcome no_answer
refused "--contact-role: boss is not one of: hiring_manager" attempt log "$K" --channel phone --contact-role boss --contact Hal --outcome no_answer
refused "--outcome: maybe is not one of: no_answer" attempt log "$K" --channel phone --contact-role hr --contact Hal --outcome maybe
refused "--channel CHANNEL is required" attempt log "$K" --contact-role hr --contact Hal --outcome no_answer
refused "--contact NAME is required" attempt log "$K" --channel phone --contact-role hr --outcome no_answer
invalid --contact log --contact "$LONG201"
invalid --summary log --summary "$LONG4001"
refused "--follow-up: 2025-99-01 is not a date" log --follow-up 2025-99-01
invalid --follow-up log --at 2025-03-10T10:00:00Z --follow-up 2025-03-09
invalid --follow-up log --follow-up 2001-01-01
refused "--at: unknown date 'yesterday-ish'" log --at "yesterday-ish"
invalid --at log --at 2999-01-01T00:00:00Z
expect_eq "$(sql "SELECT count(*) FROM attempts")" 0 "no attempt written"
expect_exit 0 log --at 2025-03-10T23:30:00-05:00 --follow-up 2025-03-10

# Notes and tasks.
invalid TEXT note add "$K" ""
invalid TEXT note add "$K" "$(printf 'n%.0s' $(seq 1 10001))"
refused "--due: 2025-02-29 is not a date" task add "$K" --due 2025-02-29 "x"
refused "--due: unknown date 'someday'" task add "$K" --due someday "x"
invalid TEXT task add "$K" --due 2030-01-01 " "
invalid TEXT task add "$K" --due 2030-01-01 "$(printf 't%.0s' $(seq 1 501))"
expect_eq "$(sql "SELECT count(*) FROM notes") $(sql "SELECT count(*) FROM tasks")" "0 0"

# Command-line mistakes are usage errors (exit 2), before any call.
refused "reinstate: case show: ID: abc is not an id (a positive whole number)" case show abc
refused "reinstate: case show: ID: 0 is not an id" case show 0
refused "reinstate: case close: give --won or --lost REASON" case close "$K" --won --lost other
refused "reinstate: client add: --name TEXT is required" client add --email a@b.c
refused "reinstate: task add: --due DATE is required" task add "$K" "no due date"
refused "reinstate: case show: unknown option '--frobnicate'" case show "$K" --frobnicate
refused "reinstate: case show: unexpected argument '7'" case show "$K" 7

# The database refuses the same values by itself (second lock), as the
# application role.
expect_exit 0 rs task add "$K" --due 2030-01-01 "a task"
db_refuses() {
  if sql_try "BEGIN; SELECT rs_context_set($CA, 'coach', NULL); SET LOCAL ROLE reinstate_app;
          $1; COMMIT;" >/dev/null 2>&1; then
    fail "the database accepted: $1"
  fi
}
db_refuses "INSERT INTO clients (coach_id, name) VALUES ($CA, ' ')"
db_refuses "INSERT INTO clients (coach_id, name) VALUES ($CA, repeat('x', 201))"
db_refuses "INSERT INTO clients (coach_id, name, email) VALUES ($CA, 'n', 'nope')"
db_refuses "UPDATE cases SET stage = 'nowhere' WHERE id = $K"
db_refuses "UPDATE cases SET stage = 'lost' WHERE id = $K"
db_refuses "UPDATE cases SET offered_on = '2025-03-10', declined_on = '2025-03-01' WHERE id = $K"
db_refuses "UPDATE cases SET salary = 100 WHERE id = $K"
db_refuses "UPDATE cases SET currency = 'eur' WHERE id = $K"
db_refuses "UPDATE cases SET company = NULL WHERE id = $K"
db_refuses "INSERT INTO attempts (case_id, coach_id, channel, contact_role, contact_name, outcome, logged_by)
            VALUES ($K, $CA, 'pigeon', 'hr', 'x', 'no_answer', $CA)"
db_refuses "INSERT INTO attempts (case_id, coach_id, channel, contact_role, contact_name, outcome, logged_by, at, follow_up_on)
            VALUES ($K, $CA, 'phone', 'hr', 'x', 'no_answer', $CA, '2025-03-10', '2025-01-01')"
db_refuses "INSERT INTO attempts (case_id, coach_id, channel, contact_role, contact_name, outcome, logged_by)
            VALUES (999999, $CA, 'phone', 'hr', 'x', 'no_answer', $CA)"
db_refuses "INSERT INTO tasks (case_id, coach_id, title, due_on, created_by) VALUES ($K, $CA, 't', NULL, $CA)"
db_refuses "UPDATE tasks SET done = true"
db_refuses "DELETE FROM attempts"
db_refuses "UPDATE stage_history SET why = 'rewritten'"
# A child row's owner must match its case's.
read -r CB TB <<<"$(mk_coach ben@example.com 'Ben')"
if sql_try "INSERT INTO notes (case_id, coach_id, author_id, body) VALUES ($K, $CB, $CB, 'x')" >/dev/null 2>&1; then
  fail "a note was stored under another owner than its case's"
fi
pass
