#!/usr/bin/env bash
# The coach sees when the job seeker looked: `case shares` counts each code's
# status checks and shows the last one, `case show` says it for the case;
# a wrong code counts nothing.
. "$RS_TESTS/lib.sh"
. "$RS_TESTS/cases_lib.sh"
rs_setup
rs_start_server
read -r _ TA <<<"$(mk_coach ana@example.com 'Ana')"
export REINSTATE_TOKEN=$TA
expect_exit 0 rs client add --name "Jordan"
CL=$OUT
expect_exit 0 rs case open --client "$CL" --company Acme --role Dev --manager Dana
K=$OUT
expect_exit 0 rs case show "$K"
expect_not_contains "$OUT" "checked the status" "case show before any share"
expect_exit 0 rs --json case share "$K"
CODE=$(json_get "$OUT" 'j["code"]')
expect_exit 0 rs case shares "$K"
expect_contains "$OUT" "LAST VIEWED" "case shares header"
expect_contains "$OUT" "never" "a code never used"

for _ in 1 2; do
  expect_exit 0 env -u REINSTATE_TOKEN "$RS_BIN/reinstate" --server "$RS_URL" status --code "$CODE"
done
expect_exit 4 env -u REINSTATE_TOKEN "$RS_BIN/reinstate" --server "$RS_URL" status --code ABCD-EFGH-JKMN-PQRS
expect_exit 0 rs --json case shares "$K"
expect_eq "$(json_get "$OUT" 'j["shares"][0]["views"]')" 2 "views of the code"
viewed=$(json_get "$OUT" 'j["shares"][0]["last_viewed_at"]')
[ -n "$viewed" ] || fail "no last view time: $OUT"
expect_exit 0 rs case show "$K"
expect_contains "$OUT" "the job seeker checked the status 2 times, last on $viewed" "case show"
expect_exit 0 rs --json case show "$K"
expect_eq "$(json_get "$OUT" 'j["job_seeker_views"]')" 2 "case show --json views"
pass
