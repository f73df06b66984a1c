# Helpers for the case-management integration tests; source after lib.sh
# and call after rs_start_server.
#
# Users are made the way an agency makes them: the first admin with
# `reinstated admin create`, coaches with `reinstate coach add` (as that
# admin), each logged in with `reinstate login` in a config directory of its
# own. mk_coach prints the id and the session token, so a test can act as
# several people at once with REINSTATE_TOKEN.

RS_CASES_PW='cases-test-password-1'

# login_token EMAIL: logs EMAIL in with its own config; prints the token.
login_token() {
  local cfg=$T/cfg-$1
  echo "$RS_CASES_PW" | XDG_CONFIG_HOME=$cfg rs login --email "$1" --password-stdin >/dev/null ||
    fail "login $1"
  sed -n 's/^token=//p' "$cfg/reinstate/config"
}

# mk_coach EMAIL NAME [ROLE]: prints "ID TOKEN".
mk_coach() {
  local email=$1 name=$2 role=${3:-coach} tok id
  # Called in $(...): the admin's token is kept in a file, not a variable.
  RS_CASES_ADMIN=$(cat "$T/cases-admin-token" 2>/dev/null)
  if [ "$role" = admin ] || [ -z "${RS_CASES_ADMIN:-}" ]; then
    local aemail=$email
    [ "$role" = admin ] || aemail=cases-admin@agency.test
    echo "$RS_CASES_PW" | "$RS_BIN/reinstated" admin create --email "$aemail" --name "$name" \
      --password-stdin >/dev/null 2>&1 || fail "admin create $aemail"
    if [ -z "${RS_CASES_ADMIN:-}" ]; then
      RS_CASES_ADMIN=$(login_token "$aemail")
      echo "$RS_CASES_ADMIN" >"$T/cases-admin-token"
    fi
    if [ "$role" = admin ]; then
      tok=$(login_token "$email")
      id=$(REINSTATE_TOKEN=$tok rs --json whoami | python3 -c 'import json,sys; print(json.load(sys.stdin)["coach"]["id"])')
      echo "$id $tok"
      return
    fi
  fi
  echo "$RS_CASES_PW" | REINSTATE_TOKEN=$RS_CASES_ADMIN rs coach add --email "$email" --name "$name" \
    --password-stdin >/dev/null || fail "coach add $email"
  tok=$(login_token "$email")
  id=$(REINSTATE_TOKEN=$tok rs --json whoami | python3 -c 'import json,sys; print(json.load(sys.stdin)["coach"]["id"])')
  echo "$id $tok"
}

# as TOKEN cmd...: runs the CLI with that session; fails the test when it
# fails, as rs does (inside expect_exit it may).
as() {
  local tok=$1
  shift
  REINSTATE_TOKEN=$tok rs "$@"
}

# json_get JSON EXPR: evaluates a python expression on the parsed JSON `j`.
json_get() {
  python3 -c 'import json,sys; j=json.loads(sys.argv[1]); print(eval(sys.argv[2]))' "$1" "$2"
}
