#!/usr/bin/env bash
# Text that cannot attack a terminal (issue row M5): control characters,
# C1 controls and bidirectional overrides are refused in every name, email
# and free-text field (tabs and newlines only where a field spans lines),
# and the CLI escapes whatever non-printable text it prints (rows stored
# before, a server's messages); --json stays exact.
. "$RS_TESTS/lib.sh"
. "$RS_TESTS/cases_lib.sh"
rs_setup
rs_start_server
read -r _ TADM <<<"$(mk_coach boss@agency.test 'Boss' admin)"
read -r CA TA <<<"$(mk_coach ana@agency.test 'Ana')"
ESC=$(printf '\033')
guess() { timeout 60 "$RS_BIN/tests/guess" "$RS_URL" "$@"; }

# No login needed: an email with an escape sequence is refused before it
# can reach the audit log.
expect_exit 0 guess login "$(printf '\033[31mred\033[0m@agency.test')" wrong-password-1
expect_contains "$OUT" "code=INVALID_ARGUMENT" "login email with ESC"
expect_exit 0 guess login "$(printf 'back\bspace@agency.test')" wrong-password-1
expect_contains "$OUT" "code=INVALID_ARGUMENT" "login email with a backspace"
expect_exit 0 as "$TADM" audit list
expect_not_contains "$OUT" "$ESC" "audit list"

# Names: bidi override, C1 control, escape; refused with the field named.
for bad in "$(printf 'Evil\xe2\x80\xaeeman')" "$(printf 'C1\xc2\x85name')" "$(printf 'Esc\033]0;x\007')" \
  "$(printf 'Iso\xe2\x81\xa6late')"; do
  expect_exit 3 as "$TADM" coach add --email "x$RANDOM@agency.test" --name "$bad"
  expect_contains "$ERR" "name: contains a control character"
  expect_exit 3 as "$TA" client add --name "$bad"
  expect_contains "$ERR" "name: contains a control character"
done
expect_exit 3 as "$TA" client add --name "Tab$(printf '\t')bed"
expect_contains "$ERR" "name: contains a control character (U+0009)"

# A free-text field that spans lines keeps its tabs and newlines, and
# nothing else.
expect_exit 0 as "$TA" client add --name "Jo Lines"
CL=$OUT
expect_exit 0 as "$TA" case open --client "$CL" --company Acme --role Dev --manager Dana
K=$OUT
expect_exit 0 as "$TA" note add "$K" "$(printf 'first line\n\tindented second')"
expect_exit 3 as "$TA" note add "$K" "$(printf 'hidden \033[8m text')"
expect_contains "$ERR" "TEXT: contains a control character (U+001B)"

# Rows stored before (or by another program): the CLI escapes them on a
# terminal's output and keeps them exact in --json.
sql "UPDATE clients SET name = E'Old\\x1b[2Jrow\\u202e' WHERE id = $CL"
expect_exit 0 as "$TA" client list
expect_not_contains "$OUT" "$ESC" "client list"
expect_not_contains "$OUT" "$(printf '\xe2\x80\xae')" "client list (bidi)"
expect_contains "$OUT" 'Old\x1b[2Jrow\u202e' "escaped name"
expect_exit 0 as "$TA" --json client list
expect_eq "$(json_get "$OUT" 'j["clients"][0]["name"] == "Old\x1b[2Jrow\u202e"')" True "exact name in --json"
pass
