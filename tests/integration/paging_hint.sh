#!/usr/bin/env bash
# The "more:" hint of a list cut short is the command as typed, filters and
# all, with the next page's token; it goes to stderr (stdout stays the
# table), and running it gives the next page of the same query.
. "$RS_TESTS/lib.sh"
. "$RS_TESTS/cases_lib.sh"
rs_setup
rs_start_server
read -r AID TADM <<<"$(mk_coach boss@example.com 'Boss' admin)"
read -r CA TA <<<"$(mk_coach ana@example.com 'Ana')"
read -r _ TB <<<"$(mk_coach bo@example.com 'Bo')"
export REINSTATE_TOKEN=$TA
expect_exit 0 rs client add --name "Jordan"
CL=$OUT
for co in "Acme One" "Acme Two" "Acme Three" "Globex" "Initech"; do
  expect_exit 0 rs case open --client "$CL" --company "$co" --role Dev --manager Dana
  K=$OUT
done
REINSTATE_TOKEN=$TB rs client add --name "Other" >/dev/null || fail "Bo's client"

# hint_of STDERR: the command after "more: ", checked to be there.
hint_of() {
  local h
  h=$(sed -n 's/^more: //p' <<<"$1")
  [ -n "$h" ] || fail "no 'more:' hint on stderr: $1"
  echo "$h"
}

# run_hint HINT: runs it (it starts with "reinstate") against the test's server.
run_hint() {
  local -a words
  eval "words=($1)"
  [ "${words[0]}" = reinstate ] || fail "the hint is not a reinstate command: $1"
  expect_exit 0 "$RS_BIN/reinstate" --server "$RS_URL" "${words[@]:1}"
}

# case list with a filter: each page, by the hint, stays within the filter.
expect_exit 0 rs case list --page-size 1 --company "acme"
expect_not_contains "$OUT" "more:" "stdout of case list"
seen=$(grep -c "Acme" <<<"$OUT")
h=$(hint_of "$ERR")
expect_contains "$h" "--company acme" "the hint"
for _ in 1 2; do
  run_hint "$h"
  expect_contains "$OUT" "Acme" "the next page of the acme cases"
  expect_not_contains "$OUT" "Globex" "the next page of the acme cases"
  seen=$((seen + $(grep -c "Acme" <<<"$OUT")))
  grep -q '^more: ' <<<"$ERR" && h=$(hint_of "$ERR")
done
expect_eq "$seen" 3 "acme cases seen over the pages"
expect_not_contains "$ERR" "more:" "after the last page"

# A positional argument is kept (attempt list CASE).
for o in no_answer left_message; do
  expect_exit 0 rs attempt log "$K" --channel phone --contact-role hiring_manager --contact Dana --outcome "$o"
done
expect_exit 0 rs attempt list "$K" --page-size 1
first=$OUT
h=$(hint_of "$ERR")
expect_contains "$h" "attempt list $K " "the attempt hint"
run_hint "$h"
if grep -q no_answer <<<"$first"; then want=left_message; else want=no_answer; fi
expect_contains "$OUT" "$want" "the second attempt page"

# audit list --actor: the hint keeps the actor, on stderr.
export REINSTATE_TOKEN=$TADM
expect_exit 0 rs audit list --actor "$CA" --limit 2
expect_not_contains "$OUT" "more:" "stdout of audit list"
h=$(hint_of "$ERR")
expect_contains "$h" "--actor $CA" "the audit hint"
run_hint "$h"
expect_contains "$OUT" "ana@example.com" "the next audit page"
expect_not_contains "$OUT" "bo@example.com" "the next audit page"
expect_not_contains "$OUT" "boss@example.com" "the next audit page"
pass
