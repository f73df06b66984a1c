#!/usr/bin/env bash
# Access codes are made by the server and give no oracle: `case share`
# prints a code the server drew (80 random bits, XXXX-XXXX-XXXX-XXXX), two
# shares never collide, the code works for the status check, a replay of
# the request_id does not show the code again (FAILED_PRECONDITION, "already
# shown") and the stored reply holds no code, and ShareCase answers the
# same whatever codes other cases hold: a code chosen by the client is
# refused alike whether it exists or not.
. "$RS_TESTS/lib.sh"
. "$RS_TESTS/cases_lib.sh"
command -v curl >/dev/null || fail "curl is needed (scripts/install-deps installs it)"
command -v jq >/dev/null || fail "jq is needed (scripts/install-deps installs it)"
rs_setup
HP=$(rs_free_port)
H=http://127.0.0.1:$HP
rs_start_server --http-listen "$H"
read -r _ TA <<<"$(mk_coach ana@example.com 'Ana Coach')"
read -r _ TB <<<"$(mk_coach bo@example.com 'Bo Coach')"

seeker() {
  env -u REINSTATE_TOKEN XDG_CONFIG_HOME="$T/seeker" "$RS_BIN/reinstate" --server "$RS_URL" "$@"
}
FORMAT='^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$'

expect_exit 0 as "$TA" client add --name "Jordan Lee"
expect_exit 0 as "$TA" case open --client "$OUT" --company "Acme" --role "Dev" --manager "Dana"
K=$OUT
expect_exit 0 as "$TB" client add --name "Sam Other"
expect_exit 0 as "$TB" case open --client "$OUT" --company "Globex" --role "Ops" --manager "Hank"
KB=$OUT

# --- the server makes the code and returns it once, in the reply.
expect_exit 0 as "$TA" --json case share "$K"
expect_eq "$(jq -c 'keys' <<<"$OUT")" '["access_code_id","case_id","code","expires_at"]' "share keys"
C1=$(jq -r .code <<<"$OUT")
[[ $C1 =~ $FORMAT ]] || fail "code '$C1' is not in the display format"
expect_exit 0 as "$TA" case share "$K"
C2=$(sed -n 's/^ *\([0-9A-Z]\{4\}-[0-9A-Z]\{4\}-[0-9A-Z]\{4\}-[0-9A-Z]\{4\}\)$/\1/p' <<<"$OUT")
[[ $C2 =~ $FORMAT ]] || fail "no code printed by case share:
$OUT"
[ "$C1" != "$C2" ] || fail "two shares gave the same code $C1"
for c in "$C1" "$C2"; do
  expect_exit 0 seeker status --code "$c"
  expect_contains "$OUT" "Acme"
done

# Entropy: 60 codes from the server are all different and use the whole
# alphabet of 32 symbols (a symbol missing from 960 random ones: p < 1e-12).
ALL=$T/codes
: >"$ALL"
for _ in $(seq 1 60); do
  expect_exit 0 as "$TB" --json case share "$KB"
  c=$(jq -r .code <<<"$OUT")
  [[ $c =~ $FORMAT ]] || fail "code '$c' is not in the display format"
  echo "$c" >>"$ALL"
done
expect_eq "$(sort -u "$ALL" | wc -l)" 60 "distinct codes among 60"
expect_eq "$(tr -d '\n-' <"$ALL" | fold -w1 | sort -u | wc -l)" 32 "symbols used by 60 codes"
expect_eq "$(sql "SELECT count(DISTINCT code_hash) FROM access_codes WHERE case_id = $KB")" 60 "stored hashes"
# Only the hash is stored: no column of the table holds the code.
expect_eq "$(sql "SELECT count(*) FROM access_codes a WHERE position('$(tr -d - <<<"$C1")' in a::text) > 0 OR position('$C1' in a::text) > 0")" 0 "codes stored in clear"

# --- a replay of the request_id says the code was shown, never shows it.
expect_exit 0 env REINSTATE_REQUEST_ID=share-once-1 REINSTATE_TOKEN="$TA" "$RS_BIN/reinstate" --server "$RS_URL" --json case share "$K"
C3=$(jq -r .code <<<"$OUT")
[[ $C3 =~ $FORMAT ]] || fail "code '$C3' is not in the display format"
expect_exit 3 env REINSTATE_REQUEST_ID=share-once-1 REINSTATE_TOKEN="$TA" "$RS_BIN/reinstate" --server "$RS_URL" --json case share "$K"
expect_contains "$ERR" "FAILED_PRECONDITION"
expect_contains "$ERR" "already shown"
expect_contains "$ERR" "unshare $K"
expect_not_contains "$OUT$ERR" "$C3" "the replay"
expect_eq "$(sql "SELECT count(*) FROM access_codes WHERE case_id = $K")" 3 "codes after the replay"
# The stored reply of the request holds no code, in any form.
expect_eq "$(sql "SELECT count(*) FROM idempotency WHERE request_id = 'share-once-1'")" 1 "the claimed request"
expect_eq "$(sql "SELECT count(*) FROM idempotency WHERE position(convert_to('$C3', 'UTF8') in coalesce(response, ''::bytea)) > 0
                  OR position(convert_to('$(tr -d - <<<"$C3")', 'UTF8') in coalesce(response, ''::bytea)) > 0")" 0 "stored replies holding the code"
expect_exit 0 seeker status --code "$C3"
# The same through the web door: the Idempotency-Key replay says the same.
post() {
  curl -sS -o "$T/body" -w '%{http_code}' -X POST -H "Content-Type: application/json" \
    --data-binary "$2" "${@:3}" "$H$1" >"$T/code" || fail "curl $1 failed"
  CODE=$(cat "$T/code")
  BODY=$(cat "$T/body")
}
post /reinstate.v1.Access/ShareCase "{\"case_id\":$K}" -H "Authorization: Bearer $TA" -H "Idempotency-Key: web-share-1"
expect_eq "$CODE" 200 "web share ($BODY)"
C4=$(jq -r .code <<<"$BODY")
[[ $C4 =~ $FORMAT ]] || fail "web share code '$C4' is not in the display format"
post /reinstate.v1.Access/ShareCase "{\"case_id\":$K}" -H "Authorization: Bearer $TA" -H "Idempotency-Key: web-share-1"
expect_eq "$(jq -r .code <<<"$BODY")" failed_precondition "web replay ($BODY)"
expect_contains "$(jq -r .message <<<"$BODY")" "already shown"
expect_not_contains "$BODY" "$C4" "the web replay"

# --- no oracle: a client-chosen code is refused the same way whether it
# belongs to another case, or to none; ShareCase never says ALREADY_EXISTS.
answer() {
  post /reinstate.v1.Access/ShareCase "{\"case_id\":$K,\"code\":\"$1\"}" -H "Authorization: Bearer $TA" \
    -H "Idempotency-Key: oracle-$2"
  echo "$CODE $(jq -c '{code, message}' <<<"$BODY")"
}
TAKEN=$(answer "$(head -n1 "$ALL")" 1)
FRESH=$(answer "0000-0000-0001-2345" 2)
RANDOM_CODE=$(answer "7K3M-9QWX-ZT4R-8HJN" 3)
expect_eq "$TAKEN" "$FRESH" "answers for a taken and a made-up code"
expect_eq "$TAKEN" "$RANDOM_CODE" "answers for a taken and a random code"
expect_contains "$TAKEN" "invalid_argument"
expect_not_contains "$TAKEN" "already_exists"
expect_exit 0 as "$TA" --json case shares "$K"
expect_eq "$(jq '.shares | length' <<<"$OUT")" 4 "codes of the case after the refused ones"
# Other cases' codes change nothing in a share's answer: the same fields,
# only the values differ.
expect_exit 0 as "$TA" --json case share "$K"
expect_eq "$(jq -c 'keys' <<<"$OUT")" '["access_code_id","case_id","code","expires_at"]' "share keys with many codes about"
# The log never holds a code.
for c in "$C1" "$C2" "$C3" "$C4"; do expect_not_contains "$(cat "$T/server.log")" "$c" "the server log"; done
pass
