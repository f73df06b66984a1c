#!/usr/bin/env bash
# The statements behind case list, case show and task list --overdue use
# their indexes, with row-level security on, on a generated agency of 20k
# cases and 200k attempts (bench/cases_explain.sh runs the same at 100k/1M
# and prints the timings).
. "$RS_TESTS/lib.sh"
rs_setup
PATH=$RS_PG_BINDIR:$PATH
out=$(bash "$RS_TESTS/../bench/cases_explain.sh" --cases 20000 --attempts-per-case 10 --check "$RS_BIN" 2>&1) ||
  fail "a plan scans a whole table:
$out"
echo "$out" | grep -v "info reinstated"
expect_contains "$out" "20000 cases, 200000 attempts"
expect_contains "$out" "cases_coach_open_idx"
expect_contains "$out" "tasks_coach_open_idx"
pass
