#!/usr/bin/env bash
# scripts/demo-seed.sh gives a fresh server a month that reads like a real
# agency's: each coach sees their cases, the stage history spans weeks (cases
# were opened, verified and moved on the days it happened), and the funnel
# report's medians are whole days, not the 0.0 of a history made in one
# minute.
. "$RS_TESTS/lib.sh"
. "$RS_TESTS/cases_lib.sh"
rs_setup
rs_start_server
read -r _ TADM <<<"$(mk_coach boss@demo.agency 'Boss' admin)"
read -r _ _ <<<"$(mk_coach maya@demo.agency 'Maya')"
read -r _ _ <<<"$(mk_coach omar@demo.agency 'Omar')"
RS="$RS_BIN/reinstate --server $RS_URL" MAYA_CFG=$T/cfg-maya@demo.agency OMAR_CFG=$T/cfg-omar@demo.agency \
  bash "$RS_TESTS/../scripts/demo-seed.sh" >"$T/seed.out" 2>&1 || fail "seed: $(cat "$T/seed.out")"
maya() { XDG_CONFIG_HOME=$T/cfg-maya@demo.agency rs "$@"; }
omar() { XDG_CONFIG_HOME=$T/cfg-omar@demo.agency rs "$@"; }

# What the seed made is there for its coach to see, and only for them.
expect_exit 0 maya --json case list --all
expect_eq "$(json_get "$OUT" 'sorted({c["company"] for c in j["cases"]})')" \
  "['Acme Analytics', 'Brightline Logistics', 'Contoso Bank', 'Helix Robotics', 'Northwind Health']" \
  "maya's cases"
expect_eq "$(json_get "$OUT" 'sorted(c["stage"] for c in j["cases"])')" \
  "['awaiting_response', 'lost', 'reinstated', 'reinterview', 'verify_opening']" "maya's stages"
expect_exit 0 omar --json case list --all
expect_eq "$(json_get "$OUT" 'sorted({c["company"] for c in j["cases"]})')" "['Fabrikam', 'Tailspin Toys']" \
  "omar's cases"
expect_exit 0 maya task list --overdue
expect_contains "$OUT" "Call Marcus Bell again" "maya's overdue tasks"

# The history spans weeks: the oldest stage change is more than four weeks
# old, and no case entered its stage in the last minute (every "since").
expect_ge() { [ "$1" -ge "$2" ] 2>/dev/null || fail "$3 is '$1', expected at least $2"; }
oldest=$(sql "SELECT floor(extract(epoch FROM now() - min(at)) / 86400)::int FROM stage_history")
expect_ge "$oldest" 28 "days since the oldest stage change"
expect_eq "$(sql "SELECT count(*) FROM cases WHERE stage <> 'negotiating' AND stage_changed_at > now() - interval '1 day'")" 0 \
  "cases that entered their stage in the last day (only Wei's move is today's)"
expect_eq "$(sql "SELECT count(*) FROM attempts WHERE at > now() - interval '1 day'")" 0 \
  "attempts logged today"

# The agency's funnel: every stage a case left took whole days, and the
# reinstated case took weeks.
expect_exit 0 env REINSTATE_TOKEN="$TADM" "$RS_BIN/reinstate" --server "$RS_URL" --json report funnel
expect_eq "$(json_get "$OUT" '[s["stage"] for s in j["stages"] if s.get("left", 0) > 0 and s.get("medianDaysInStage", s.get("median_days_in_stage", 0)) < 1]')" \
  "[]" "stages left in under a day"
expect_eq "$(json_get "$OUT" 'len([s for s in j["stages"] if s.get("left", 0) > 0]) >= 3')" True \
  "stages with a median"
expect_eq "$(json_get "$OUT" '(j.get("medianDaysToReinstated", j.get("median_days_to_reinstated", 0))) >= 14')" True \
  "median days to reinstated"
pass
