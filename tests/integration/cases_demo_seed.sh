#!/usr/bin/env bash
# scripts/demo-seed.sh runs cleanly against a fresh server as two coaches.
. "$RS_TESTS/lib.sh"
. "$RS_TESTS/cases_lib.sh"
rs_setup
rs_start_server
read -r CA TA <<<"$(mk_coach maya@demo.agency 'Maya')"
read -r CB TB <<<"$(mk_coach omar@demo.agency 'Omar')"
RS="$RS_BIN/reinstate --server $RS_URL" MAYA_CFG=$T/cfg-maya@demo.agency OMAR_CFG=$T/cfg-omar@demo.agency bash "$RS_TESTS/../scripts/demo-seed.sh" || fail seed
# What the seed made is there for its coach to see.
expect_exit 0 env XDG_CONFIG_HOME=$T/cfg-maya@demo.agency "$RS_BIN/reinstate" --server "$RS_URL" --json case list --all
[ "$(json_get "$OUT" 'len(j["cases"])')" -gt 0 ] || fail "the seed made no case for maya"
expect_exit 0 env XDG_CONFIG_HOME=$T/cfg-maya@demo.agency "$RS_BIN/reinstate" --server "$RS_URL" task list
expect_exit 0 env XDG_CONFIG_HOME=$T/cfg-omar@demo.agency "$RS_BIN/reinstate" --server "$RS_URL" --json case list --all
[ "$(json_get "$OUT" 'len(j["cases"])')" -gt 0 ] || fail "the seed made no case for omar"
pass
