# Helpers for the case-management integration tests; source after lib.sh.
#
# Coaches and sessions are made directly in the test's database: a coach
# row, and a session whose token_hash is the BLAKE2b-256 of a random token
# (what the server computes), so a test can act as several coaches at once
# by setting REINSTATE_TOKEN per command.

# mk_coach EMAIL NAME [ROLE]: prints "ID TOKEN".
mk_coach() {
  local email=$1 name=$2 role=${3:-coach} id tok hash
  id=$(sql "INSERT INTO coaches (email, display_name, role, password_hash)
            VALUES ('$email', '$name', '$role', 'unused') RETURNING id") || fail "mk_coach $email"
  tok="rs1_test$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
  hash=$(printf %s "$tok" | b2sum -l 256 | cut -d' ' -f1)
  sql "INSERT INTO sessions (coach_id, token_hash, expires_at)
       VALUES ($id, '\\x$hash', now() + interval '1 day')" >/dev/null || fail "session $email"
  echo "$id $tok"
}

# as TOKEN cmd...: runs the CLI with that session.
as() {
  local tok=$1
  shift
  REINSTATE_TOKEN=$tok "$RS_BIN/reinstate" --server "$RS_URL" "$@"
}

# json_get JSON EXPR: evaluates a python expression on the parsed JSON `j`.
json_get() {
  python3 -c 'import json,sys; j=json.loads(sys.argv[1]); print(eval(sys.argv[2]))' "$1" "$2"
}
