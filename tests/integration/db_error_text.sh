#!/usr/bin/env bash
# PostgreSQL's own error text never reaches a client: a page token forged
# to carry a value the database cannot read gets a plain "invalid value",
# while the server's log keeps PostgreSQL's message with the request id.
. "$RS_TESTS/lib.sh"
. "$RS_TESTS/cases_lib.sh"
rs_setup
rs_start_server
read -r CA TA <<<"$(mk_coach ana@example.com 'Ana')"
expect_exit 0 as "$TA" client add --name "Client"
CL=$OUT
expect_exit 0 as "$TA" case open --client "$CL" --company Acme --role Dev --manager Dana
K=$OUT
expect_exit 0 as "$TA" task add "$K" --due 2030-01-01 "first"
expect_exit 0 as "$TA" task add "$K" --due 2030-01-02 "second"
expect_exit 0 as "$TA" task list --page-size 1
token=$(grep -o -- '--page-token [^ ]*' <<<"$ERR" | head -1 | cut -d' ' -f2)
[ -n "$token" ] || fail "no next page token in: $ERR"
# The token is p1.<fingerprint>.<id>.<due date>: the date becomes text the
# database cannot read as one.
forged=$(python3 - "$token" <<'PY'
import base64, sys
t = sys.argv[1]
raw = base64.urlsafe_b64decode(t + "=" * (-len(t) % 4)).decode()
head, _, _ = raw.rpartition(".")
print(base64.urlsafe_b64encode((head + ".not-a-date").encode()).decode().rstrip("="))
PY
)
expect_exit 3 env REINSTATE_REQUEST_ID=forged-page-1 REINSTATE_TOKEN="$TA" \
  "$RS_BIN/reinstate" --server "$RS_URL" task list --page-token "$forged"
expect_contains "$ERR" "invalid value"
expect_not_contains "$ERR" "invalid input syntax" "the client's message"
expect_not_contains "$ERR" "not-a-date" "the client's message"
# The detail is in the server's log, with the request id.
grep -q 'request_id=forged-page-1.*invalid input syntax' "$T/server.log" ||
  fail "the server log has no detail for request forged-page-1"
pass
