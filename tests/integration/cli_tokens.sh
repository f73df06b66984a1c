#!/usr/bin/env bash
# API tokens for scripts: `token create` prints a token once (stored as a
# hash), `token list` shows name, dates, last use and scope but never the
# secret, `token revoke` ends it; each change is audited. A token works
# wherever a session does (REINSTATE_TOKEN, a context's token= line, the
# web door's Bearer header). A read-only token is refused every method the
# server's table marks as changing data - checked over every method
# `rpc list` reports, through the web door - and answers every read
# exactly as a full token does.
. "$RS_TESTS/lib.sh"
. "$RS_TESTS/cases_lib.sh"
command -v curl >/dev/null || fail "curl is needed (scripts/install-deps installs it)"
command -v jq >/dev/null || fail "jq is needed (scripts/install-deps installs it)"
rs_setup
HP=$(rs_free_port)
H=http://127.0.0.1:$HP
rs_start_server --http-listen "$H"
read -r CA TA <<<"$(mk_coach ana@example.com 'Ana Coach')"
read -r AD TAD <<<"$(mk_coach boss@example.com 'Boss' admin)"

# --- create: the token alone on stdout, once; its facts on stderr.
expect_exit 0 as "$TA" token create --name "nightly report" --expires 30d --read-only
RO=$OUT
expect_contains "$RO" "rsk1_" "the token"
expect_eq "$(printf '%s\n' "$RO" | wc -l)" 1 "one line on stdout"
expect_contains "$ERR" "'nightly report' (read-only)"
expect_exit 0 as "$TA" token create --name sync
RW=$OUT
expect_exit 0 as "$TA" --json token list
expect_not_contains "$OUT" "rsk1_" "token list"
expect_eq "$(jq -r '[.tokens[] | [.name, (.read_only|tostring), .last_used_at] | join("|")] | join(",")' <<<"$OUT")" \
  "nightly report|true|,sync|false|" "the two tokens, never used"
ROID=$(jq -r '.tokens[0].id' <<<"$OUT")
RWID=$(jq -r '.tokens[1].id' <<<"$OUT")
# Expiry: 30 days for the first, the default 90 for the second.
days() { jq -r --argjson i "$1" '.tokens[$i] | ((.expires_at|fromdate) - (.created_at|fromdate)) / 86400 | round' <<<"$OUT"; }
expect_eq "$(days 0)" 30 "--expires 30d"
expect_eq "$(days 1)" 90 "default expiry"
# Stored as a hash: the secret is nowhere in the database.
expect_eq "$(sql "SELECT count(*) FROM sessions WHERE name IS NOT NULL AND length(token_hash) = 32")" 2 "hashed rows"
expect_eq "$(sql "SELECT count(*) FROM sessions WHERE position(convert_to('${RO#rsk1_}', 'UTF8') in token_hash) > 0")" 0 "no secret stored"

# --- bad input.
expect_exit 2 as "$TA" token create
expect_contains "$ERR" "--name"
expect_exit 2 as "$TA" token create --name x --expires 400d
expect_contains "$ERR" "366d"
expect_exit 2 as "$TA" token create --name x --expires soon
expect_exit 3 as "$TA" token create --name "   "
expect_contains "$ERR" "name"

# --- a token acts as its coach, over nng (REINSTATE_TOKEN and a context).
expect_exit 0 as "$RW" whoami
expect_contains "$OUT" "ana@example.com"
expect_exit 0 as "$RW" client add --name "Jordan Lee"
CL=$OUT
expect_exit 0 as "$RO" client show "$CL"
expect_contains "$OUT" "Jordan Lee"
expect_exit 0 as "$RO" --json token list
expect_eq "$(jq -r '.tokens[0].last_used_at != ""' <<<"$OUT")" true "last use noted"
mkdir -p "$T/script/reinstate"
printf 'server=%s\ntoken=%s\n' "$RS_URL" "$RO" >"$T/script/reinstate/config"
chmod 600 "$T/script/reinstate/config"
expect_exit 0 env XDG_CONFIG_HOME=$T/script "$RS_BIN/reinstate" client list
expect_contains "$OUT" "Jordan Lee" "a token in the config file"
# Read-only: refused every change, with the reason.
expect_exit 5 as "$RO" client add --name "Nope"
expect_contains "$ERR" "read-only"
expect_exit 5 env XDG_CONFIG_HOME=$T/script "$RS_BIN/reinstate" case open --client "$CL" \
  --company Acme --role Engineer --manager Dana
expect_contains "$ERR" "read-only"
expect_eq "$(sql "SELECT count(*) FROM clients WHERE name = 'Nope'")" 0 "nothing written"
# Tokens are made from a login session only.
expect_exit 5 as "$RW" token create --name child
expect_contains "$ERR" "login session"

# --- every method: a read-only token is refused each one that changes data
# and answers each read as a full token does (an admin's, so admin reads
# run too). Logout ends the token it is called with: called last.
expect_exit 0 as "$TAD" token create --name "admin ro" --read-only
ARO=$OUT
expect_exit 0 as "$TAD" token create --name "admin rw"
ARW=$OUT
expect_exit 0 as "$TAD" --json rpc list
jq -r '.services[].methods[] | select(.requires_auth) | [.full_name, (.mutates|tostring)] | join(" ")' \
  <<<"$OUT" | sort -k1,1 | awk '$1 ~ /Auth\/Logout$/ {last=$0; next} {print} END {if (last) print last}' \
  >"$T/methods"
# call TOKEN METHOD: the Connect code of calling METHOD with {} ("ok" on success).
call() {
  curl -sS -o "$T/body" -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
    -H "Authorization: Bearer $1" -H "Idempotency-Key: ro-$RANDOM-$RANDOM-$$" --data-binary '{}' \
    "$H/$2" >"$T/code" || fail "curl $2"
  if [ "$(cat "$T/code")" = 200 ]; then echo ok; else jq -r .code "$T/body"; fi
}
writes=0 reads=0
while read -r m mut; do
  got=$(call "$ARO" "$m")
  if [ "$mut" = true ]; then
    writes=$((writes + 1))
    expect_eq "$got" permission_denied "$m with a read-only token"
    expect_contains "$(jq -r .message "$T/body")" "read-only" "$m's refusal"
  else
    reads=$((reads + 1))
    [ "$got" != permission_denied ] || fail "$m refused to a read-only token: $(cat "$T/body")"
    want=$(call "$ARW" "$m")
    expect_eq "$got" "$want" "$m: a read-only token answers as a full one"
  fi
done <"$T/methods"
echo "methods checked: $writes that change data, $reads reads"
[ "$writes" -ge 30 ] || fail "only $writes methods that change data in 'rpc list'"
[ "$reads" -ge 20 ] || fail "only $reads read methods in 'rpc list'"
grep -q "Tokens/CreateToken true" "$T/methods" || fail "CreateToken not among the methods that change data"
grep -q "Cases/CreateCase true" "$T/methods" || fail "CreateCase not among the methods that change data"

# --- revoke: the token stops working at once; audited.
expect_exit 0 as "$TA" token revoke "$RWID"
expect_contains "$OUT" "revoked"
expect_exit 5 as "$RW" whoami
expect_exit 4 as "$TA" token revoke 999999
expect_exit 4 as "$TAD" token revoke "$ROID"
expect_exit 0 as "$TA" --json token list
expect_eq "$(jq -r '[.tokens[].name] | join(",")' <<<"$OUT")" "nightly report" "revoked tokens leave the list"
expect_exit 0 as "$TA" --json token list --all
expect_eq "$(jq -r '[.tokens[] | [.name, (.revoked|tostring)] | join("|")] | join(",")' <<<"$OUT")" \
  "nightly report|false,sync|true" "--all shows them"
expect_exit 0 as "$TAD" --json audit list --record token/
expect_contains "$OUT" "token 'sync' revoked"
expect_contains "$OUT" "token 'nightly report' made (read-only)"
expect_not_contains "$OUT" "rsk1_" "the audit log"
expect_exit 0 as "$TA" token list -o csv
expect_eq "$(head -1 <<<"$OUT" | tr -d '\r')" "ID,NAME,CREATED,EXPIRES,LAST USED,READ-ONLY,STATE" "csv header"

pass
