#!/usr/bin/env bash
# The company filter matches the way people type: case and accents do not
# matter, under any locale of the database (rs_fold, schema/040), and LIKE
# wildcards typed by the user are literal.
. "$RS_TESTS/lib.sh"
. "$RS_TESTS/cases_lib.sh"
rs_setup
rs_start_server
read -r _ TA <<<"$(mk_coach ana@example.com 'Ana')"
export REINSTATE_TOKEN=$TA
expect_exit 0 rs client add --name "Zoë Ångström"
CL=$OUT
expect_exit 0 rs case open --client "$CL" --company "Société Générale" --role Analyst --manager Dana
expect_exit 0 rs case open --client "$CL" --company "Ørsted 100%" --role Engineer --manager Lars
expect_exit 0 rs case open --client "$CL" --company "Acme" --role Dev --manager Pat

for typed in "GÉNÉRALE" "generale" "societe gen" "Société Générale" "ÉNÉ"; do
  expect_exit 0 rs --json case list --company "$typed"
  n=$(json_get "$OUT" 'len(j.get("cases", []))')
  expect_eq "$n" 1 "cases found for '$typed'"
  expect_contains "$OUT" "Société Générale" "cases found for '$typed'"
done
expect_exit 0 rs --json case list --company "ørsted"
expect_eq "$(json_get "$OUT" 'len(j.get("cases", []))')" 1 "cases found for 'ørsted'"
expect_exit 0 rs --json case list --company "100%"
expect_eq "$(json_get "$OUT" 'len(j.get("cases", []))')" 1 "cases found for '100%'"
expect_exit 0 rs --json case list --company "%"
expect_eq "$(json_get "$OUT" 'len(j.get("cases", []))')" 1 "'%' is literal"
expect_exit 0 rs --json case list --company "_cme"
expect_eq "$(json_get "$OUT" 'len(j.get("cases", []))')" 0 "'_' is literal"
pass
