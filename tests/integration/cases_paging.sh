#!/usr/bin/env bash
# Keyset pagination: page through clients, cases, attempts, notes and tasks
# while rows are inserted between pages; nothing is repeated or skipped.
# Tokens are opaque and bound to their query.
. "$RS_TESTS/lib.sh"
. "$RS_TESTS/cases_lib.sh"
rs_setup
rs_start_server
read -r CA TA <<<"$(mk_coach ana@example.com 'Ana')"
export REINSTATE_TOKEN=$TA

for i in 1 2 3 4 5; do rs client add --name "Client $i" >/dev/null || fail "client $i"; done
CL=$(sql "SELECT min(id) FROM clients")
for i in 1 2 3 4 5; do
  rs case open --client "$CL" --company "Co $i" --role R --manager M >/dev/null || fail "case $i"
done
K=$(sql "SELECT min(id) FROM cases")
for i in 1 2 3 4 5; do
  rs attempt log "$K" --channel email --contact-role hr --contact "H$i" --outcome no_answer \
    --at "2025-03-0${i}T10:00:00Z" >/dev/null || fail "attempt $i"
  rs note add "$K" "note $i" >/dev/null || fail "note $i"
  rs task add "$K" --due "2030-01-0$i" "task $i" >/dev/null || fail "task $i"
done

# walk NOUN-ARGS FIELD KEY INSERT-CMD: pages of 2, inserting a row after
# the first page; prints the keys seen in order.
walk() {
  local args=$1 field=$2 key=$3 insert=$4 token="" seen="" page=0
  while :; do
    # shellcheck disable=SC2086
    if [ -n "$token" ]; then expect_exit 0 rs --json $args --page-size 2 --page-token "$token"
    else expect_exit 0 rs --json $args --page-size 2; fi
    seen="$seen $(json_get "$OUT" "' '.join(str(x[\"$key\"]) for x in j[\"$field\"])")"
    token=$(json_get "$OUT" 'j["next_page_token"]')
    page=$((page + 1))
    [ $page = 1 ] && { eval "$insert" >/dev/null || fail "insert during paging"; }
    [ -n "$token" ] || break
    [ $page -lt 20 ] || fail "paging does not end"
  done
  echo "$seen" | xargs
}

expect_eq "$(walk "client list" clients name 'rs client add --name "Client 6"')" \
  "Client 1 Client 2 Client 3 Client 4 Client 5 Client 6" "clients paged"
expect_eq "$(walk "case list" cases company "rs case open --client $CL --company 'Co 6' --role R --manager M")" \
  "Co 1 Co 2 Co 3 Co 4 Co 5 Co 6" "cases paged"
# Attempts sort by time: one inserted before the cursor is not shown (it was
# not there when that part was read), one after it is; nothing repeats.
expect_eq "$(walk "attempt list $K" attempts contact_name "rs attempt log $K --channel email --contact-role hr --contact H0 --outcome no_answer --at 2025-03-01T09:00:00Z; rs attempt log $K --channel email --contact-role hr --contact H6 --outcome no_answer --at 2025-03-06T10:00:00Z")" \
  "H1 H2 H3 H4 H5 H6" "attempts paged"
expect_eq "$(walk "note list $K" notes text "rs note add $K 'note 6'")" \
  "note 1 note 2 note 3 note 4 note 5 note 6" "notes paged"
expect_eq "$(walk "task list --case $K" tasks title "rs task add $K --due 2030-01-06 'task 6'; rs task add $K --due 2029-12-31 'task 0'")" \
  "task 1 task 2 task 3 task 4 task 5 task 6" "tasks paged"

# Without --page-size the CLI follows every page.
expect_exit 0 rs --json note list "$K"
expect_eq "$(json_get "$OUT" 'len(j["notes"])')" 6
expect_eq "$(json_get "$OUT" 'j["next_page_token"]')" ""

# Tokens are opaque and belong to their query.
expect_exit 0 rs --json client list --page-size 2
TOK=$(json_get "$OUT" 'j["next_page_token"]')
expect_exit 3 rs case list --page-size 2 --page-token "$TOK"
expect_contains "$ERR" "page_token"
expect_exit 3 rs client list --archived --page-token "$TOK"
expect_exit 3 rs client list --page-token "not-a-token"
expect_contains "$ERR" "page_token: is not a page token"
# page_size above the maximum is capped, not refused.
expect_exit 0 rs --json client list --page-size 100000
expect_eq "$(json_get "$OUT" 'len(j["clients"])')" 6
pass
