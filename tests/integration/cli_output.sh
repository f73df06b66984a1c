#!/usr/bin/env bash
# Output formats: -o table|wide|json|csv (--json kept), tables fitted to the
# terminal with cut cells ending in "…", colour only on a terminal (off with
# NO_COLOR or --no-color), a pager for list verbs on a terminal, CSV per
# RFC 4180 with a header row and a stable column order.
. "$RS_TESTS/lib.sh"
. "$RS_TESTS/cases_lib.sh"
rs_setup
rs_start_server
read -r _ TA <<<"$(mk_coach ana@example.com 'Ana')"
export REINSTATE_TOKEN=$TA

expect_exit 0 rs client add --name 'Lee, "JJ" Jordan' --email jj@example.com
CL=$OUT
expect_exit 0 rs client add --name "Sam Short"
LONG="Consolidated Intercontinental Widget Manufacturing and Distribution Company"
expect_exit 0 rs case open --client "$CL" --company "$LONG" --role "Staff Engineer" --manager "Dana Reyes"
K=$OUT

# CSV: a header row, every column in a fixed order, RFC 4180 quoting, CRLF.
expect_exit 0 rs -o csv client list
printf '%s' "$OUT" | head -1 | od -c | grep -q '\\r' || fail "CSV lines end in CRLF"
expect_eq "$(printf '%s' "$OUT" | head -1 | tr -d '\r')" "ID,NAME,EMAIL,PHONE,COACH,OPEN CASES,CREATED,ARCHIVED" "client list CSV header"
expect_contains "$OUT" '"Lee, ""JJ"" Jordan"' "quoted field"
expect_exit 0 rs --json client list
JSON=$OUT
expect_exit 0 rs --output=csv client list
python3 - "$OUT" "$JSON" <<'EOF' || fail "client list CSV does not match its JSON"
import csv, io, json, sys
rows = list(csv.reader(io.StringIO(sys.argv[1], newline="")))
clients = json.loads(sys.argv[2])["clients"]
assert len(rows) == 1 + len(clients), rows
for row, c in zip(rows[1:], clients):
    assert row[0] == str(c["id"]) and row[1] == c["name"] and row[2] == c.get("email", ""), (row, c)
EOF
expect_exit 0 rs case list -o csv
expect_eq "$(printf '%s' "$OUT" | head -1 | tr -d '\r')" "ID,CLIENT,COMPANY,ROLE,STAGE,OPENING,SINCE,NEXT,DUE,MANAGER,COACH,OPENED" "case list CSV header"
expect_contains "$OUT" "$LONG" "CSV cells are never cut"
# Every list verb speaks CSV; a verb printing one record says to use JSON.
for cmd in "client list" "case list" "case history $K" "attempt list $K" "note list $K" "task list" "today" "rpc list" "settings show" "case shares $K"; do
  # shellcheck disable=SC2086
  expect_exit 0 rs -o csv $cmd
  case "$OUT" in *$'\r') ;; *) fail "'$cmd -o csv' is not CSV: $OUT" ;; esac
done
expect_exit 2 rs -o csv case show "$K"
expect_contains "$ERR" "reinstate: case show: -o csv is for lists"
expect_exit 2 rs -o yaml client list
expect_contains "$ERR" "reinstate: client list: --output: yaml is not one of: table, wide, json, csv"

# --all-pages follows the page tokens to the end at --page-size N a call:
# 5 clients in pages of 2 are 3 calls, every row once, one header.
for n in 3 4 5; do expect_exit 0 rs client add --name "Paged $n"; done
expect_exit 0 rs -o csv client list --page-size 2
expect_eq "$(printf '%s\n' "$OUT" | tr -d '\r' | wc -l)" "3" "--page-size 2 alone is one page"
list_calls() { grep -c 'method=reinstate.v1.Clients/ListClients' "$T/server.log"; }
calls=$(list_calls)
expect_exit 0 rs -o csv client list --page-size 2 --all-pages
python3 - "$OUT" <<'EOF' || fail "--all-pages CSV: $OUT"
import csv, io, sys
rows = list(csv.reader(io.StringIO(sys.argv[1], newline="")))
assert rows[0][0] == "ID" and sum(r[0] == "ID" for r in rows) == 1, rows
ids = [r[0] for r in rows[1:]]
assert len(ids) == 5 and len(set(ids)) == 5, ids
EOF
expect_eq "$(($(list_calls) - calls))" "3" "5 rows in pages of 2 are 3 calls"
expect_not_contains "$ERR" "more:" "--all-pages leaves no page to ask for"
expect_exit 0 rs --json client list --page-size 2 --all-pages
expect_eq "$(printf '%s' "$OUT" | python3 -c 'import json,sys; print(len({c["id"] for c in json.load(sys.stdin)["clients"]}))')" "5" "--all-pages JSON"
expect_exit 0 rs client list --page-size 2 --all-pages
expect_eq "$(printf '%s\n' "$OUT" | grep -c 'Paged\|Sam Short\|Jordan')" "5" "--all-pages table"
expect_eq "$(printf '%s\n' "$OUT" | grep -c '^ID')" "1" "--all-pages table: one header"
expect_exit 0 rs -o csv case list --page-size 1 --all-pages
expect_eq "$(printf '%s\n' "$OUT" | tr -d '\r' | wc -l)" "2" "case list --all-pages"

# -o json is --json.
expect_exit 0 rs -o json case show "$K"
A=$OUT
expect_exit 0 rs --json case show "$K"
expect_eq "$A" "$OUT" "-o json is --json"

# table and wide: wide adds columns and never cuts.
expect_exit 0 rs case list
case "$OUT" in *MANAGER*) fail "the table shows wide-only columns" ;; esac
expect_exit 0 rs -o wide case list
expect_contains "$OUT" "MANAGER" "wide columns"
expect_contains "$OUT" "Dana Reyes" "wide cell"
# Fitted to $COLUMNS: no line longer, long cells cut with "…".
expect_exit 0 env COLUMNS=60 "$RS_BIN/reinstate" --server "$RS_URL" case list
python3 - "$OUT" <<'EOF' || fail "case list is not fitted to 60 columns: $OUT"
import sys
lines = sys.argv[1].split("\n")
assert all(len(l) <= 60 for l in lines), [len(l) for l in lines]
assert "\u2026" in sys.argv[1]
EOF
expect_exit 0 env COLUMNS=60 "$RS_BIN/reinstate" --server "$RS_URL" -o wide case list
expect_contains "$OUT" "$LONG" "wide is never cut"

# Not a terminal: no colour codes, no pager.
expect_exit 0 env PAGER="sed s/^/PAGED:/" "$RS_BIN/reinstate" --server "$RS_URL" case list
case "$OUT" in *$'\033'*) fail "colour codes on a pipe" ;; esac
case "$OUT" in *PAGED:*) fail "paged on a pipe" ;; esac

# On a terminal (script(1) gives one): colour, off with NO_COLOR or
# --no-color; the pager for lists, not with --no-pager nor for single records.
on_tty() {
  OUT=$(script -qec "$*" /dev/null </dev/null) || fail "on a terminal: $*"
}
R="'$RS_BIN/reinstate' --server $RS_URL"
on_tty env -u NO_COLOR PAGER=cat "$R" case list
case "$OUT" in *$'\033[1m'ID*) ;; *) fail "no bold header on a terminal: $OUT" ;; esac
on_tty env NO_COLOR=1 PAGER=cat "$R" case list
case "$OUT" in *$'\033'*) fail "colour despite NO_COLOR" ;; esac
on_tty env -u NO_COLOR PAGER=cat "$R" --no-color case list
case "$OUT" in *$'\033'*) fail "colour despite --no-color" ;; esac
on_tty env -u REINSTATE_PAGER PAGER="'sed s/^/PAGED:/'" "$R" --no-color case list
expect_contains "$OUT" "PAGED:ID" "the pager on a terminal"
on_tty env REINSTATE_PAGER="'sed s/^/MINE:/'" PAGER="'sed s/^/PAGED:/'" "$R" --no-color case list
expect_contains "$OUT" "MINE:ID" "REINSTATE_PAGER before PAGER"
on_tty env PAGER="'sed s/^/PAGED:/'" "$R" --no-pager case list
case "$OUT" in *PAGED:*) fail "paged despite --no-pager" ;; esac
on_tty env PAGER="'sed s/^/PAGED:/'" "$R" whoami
case "$OUT" in *PAGED:*) fail "whoami was paged" ;; esac
pass
