#!/usr/bin/env bash
# After an admin reassigns a client to another coach, the new coach's
# `case shares` lists the codes the former coach made, still active.
. "$RS_TESTS/lib.sh"
. "$RS_TESTS/cases_lib.sh"
rs_setup
rs_start_server
read -r CA TA <<<"$(mk_coach ana@example.com 'Ana')"
read -r CB TB <<<"$(mk_coach ben@example.com 'Ben')"
read -r CX TX <<<"$(mk_coach boss@example.com 'Boss' admin)"
expect_exit 0 as "$TA" client add --name "Moving client"
CL=$OUT
expect_exit 0 as "$TA" case open --client "$CL" --company Acme --role Dev --manager Dana
K=$OUT
expect_exit 0 as "$TA" --json case share "$K"
expect_exit 0 as "$TA" --json case shares "$K"
expect_eq "$(json_get "$OUT" 'len(j["shares"])')" 1 "Ana's shares"

expect_exit 0 as "$TX" client edit "$CL" --coach "$CB"
expect_exit 0 as "$TB" --json case shares "$K"
expect_eq "$(json_get "$OUT" '[s["state"] for s in j["shares"]]')" "['active']" "Ben's shares after the move"
expect_contains "$OUT" '"created_by": "coach '"$CA"'"'
expect_exit 4 as "$TA" case shares "$K"
pass
