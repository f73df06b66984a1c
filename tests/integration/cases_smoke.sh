#!/usr/bin/env bash
# Smoke: a coach adds a client, opens a case, and reads it back.
. "$RS_TESTS/lib.sh"
. "$RS_TESTS/cases_lib.sh"
rs_setup
rs_start_server
read -r C1 T1 <<<"$(mk_coach ana@example.com 'Ana Coach')"

expect_exit 0 as "$T1" client add --name "Jordan Lee" --email jordan@example.com
CL=$OUT
expect_exit 0 as "$T1" case open --client "$CL" --company Acme --role "Data Engineer" --manager "Dana Reyes"
K=$OUT
expect_exit 0 as "$T1" case show "$K"
expect_contains "$OUT" "verify_opening"
expect_exit 0 as "$T1" --json case list
echo "$OUT"
pass
