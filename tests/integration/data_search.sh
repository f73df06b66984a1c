#!/usr/bin/env bash
# Search: a misspelt manager's name finds the case; accents and case do not
# matter; attempts' summaries and notes match by their words; every hit
# names its kind and id; a coach never finds another coach's records, an
# admin finds everyone's; case list --company goes through the same folding.
. "$RS_TESTS/lib.sh"
. "$RS_TESTS/cases_lib.sh"
rs_setup
rs_start_server
read -r CA TA <<<"$(mk_coach ana@example.com 'Ana Coach')"
read -r CB TB <<<"$(mk_coach bo@example.com 'Bo Coach')"
ADMIN=$(cat "$T/cases-admin-token")

expect_exit 0 as "$TA" client add --name "Zoë Okafor" --email zoe@example.com --phone "+44 20 7946 0001"
CLA=$OUT
expect_exit 0 as "$TA" case open --client "$CLA" --company "Société Acme" --role "Data Engineer" --manager "Dana Whitfield" --hr "Ravi Patel"
KA=$OUT
expect_exit 0 as "$TA" attempt log "$KA" --channel phone --contact-role hiring_manager --contact "Dana Whitfield" --outcome in_discussion --summary "Dana agreed to a reinterview next Tuesday"
ATT=$OUT
expect_exit 0 as "$TA" note add "$KA" "Prefers morning calls; mention the relocation"
NOTE=$OUT
# Bo has a case with the same manager: Ana must never see it.
expect_exit 0 as "$TB" client add --name "Bea Secret"
expect_exit 0 as "$TB" case open --client "$OUT" --company "Globex" --role "Analyst" --manager "Dana Whitfield"
KB=$OUT
expect_exit 0 as "$TB" note add "$KB" "Bo's private reinterview plan"

# hits_of JSON: "kind/id kind/id ..." in rank order.
hits_of() {
  python3 -c 'import json,sys; print(" ".join(h["kind"] + "/" + str(h["id"]) for h in json.loads(sys.argv[1]).get("hits", [])))' "$1"
}

# The typo finds the case, with its kind and id, first.
expect_exit 0 as "$TA" --json search Dana Whitfeld
hits=$(hits_of "$OUT")
expect_contains " $hits " " case/$KA " "Ana's hits"
expect_not_contains " $hits " " case/$KB " "Ana's hits"
expect_eq "${hits%% *}" "case/$KA" "best hit"
expect_exit 0 as "$TA" search Dana Whitfeld
expect_contains "$OUT" "Société Acme — Data Engineer"
expect_not_contains "$OUT" "Globex"

# Bo finds only his; the admin finds both.
expect_exit 0 as "$TB" --json search "dana whitfeld"
hits=$(hits_of "$OUT")
expect_contains " $hits " " case/$KB " "Bo's hits"
expect_not_contains " $hits " " case/$KA " "Bo's hits"
expect_not_contains "$hits" "attempt/" "Bo's hits"
expect_exit 0 as "$ADMIN" --json search "Dana Whitfeld"
hits=$(hits_of "$OUT")
expect_contains " $hits " " case/$KA " "admin's hits"
expect_contains " $hits " " case/$KB " "admin's hits"

# Clients by name without accents, by e-mail, by phone.
expect_exit 0 as "$TA" --json search zoe okafor
hits=$(hits_of "$OUT")
expect_eq "${hits%% *}" "client/$CLA" "client by name"
expect_exit 0 as "$TA" --json search "zoe@example.com"
expect_contains "$OUT" "\"client\"" "client by e-mail"
expect_exit 0 as "$TA" --json search "7946 0001"
expect_contains "$OUT" "\"client\"" "client by phone"
# HR contact, company without its accent.
expect_exit 0 as "$TA" --json search "ravi patel"
expect_contains " $(hits_of "$OUT") " " case/$KA " "by HR name"
expect_exit 0 as "$TA" --json search "societe acme"
expect_contains " $(hits_of "$OUT") " " case/$KA " "by company"

# Prose: an attempt's summary, a note; never Bo's note.
expect_exit 0 as "$TA" --json search reinterview
found=$(hits_of "$OUT")
expect_contains " $found " " attempt/$ATT " "summary search"
expect_not_contains "$found" "note/" "Ana's prose hits (Bo's note)"
expect_exit 0 as "$TA" --json search "morning relocation"
expect_contains " $(hits_of "$OUT") " " note/$NOTE " "note search"

# Nothing found is not an error; bad queries are.
expect_exit 0 as "$TA" search "xylophone quartet"
expect_contains "$OUT" "no matches"
expect_exit 3 as "$TA" search x
# The server names the field; the CLI names the argument it came from.
expect_contains "$ERR" "TEXT: must be at least 2 characters"
expect_exit 2 as "$TA" search

# case list --company folds the same way.
expect_exit 0 as "$TA" --json case list --company "SOCIETE"
expect_contains "$OUT" "Société Acme"
rs health >/dev/null || fail "server down"
pass
