#!/usr/bin/env bash
# Messages a new user reads: never cut mid-word, never said twice, a bad
# server address is a usage error naming what works, and the command a coach
# hands the job seeker works on the job seeker's machine.
. "$RS_TESTS/lib.sh"
. "$RS_TESTS/cases_lib.sh"
rs_setup
rs_start_server
read -r _ TA <<<"$(mk_coach ana@example.com 'Ana')"
export REINSTATE_TOKEN=$TA
expect_exit 0 rs client add --name "Jordan"
CL=$OUT
expect_exit 0 rs case open --client "$CL" --company Acme --role Dev --manager Dana
K=$OUT

# The list of valid outcomes is whole: the last ones are there, in full
# (the command table knows them: a usage error before anything is sent).
expect_exit 2 rs attempt log "$K" --channel phone --contact-role hiring_manager --outcome bogus
expect_contains "$ERR" "offer_reinstated" "the outcomes listed"
expect_contains "$ERR" "rejected" "the outcomes listed"
# ... and said once, naming the flag typed.
n=$(grep -c "bogus" <<<"$ERR")
expect_eq "$n" 1 "times the outcome error is printed"
expect_contains "$ERR" "reinstate: attempt log: --outcome: bogus is not one of: no_answer" "the error"

# Several invalid fields: each once, by the flag typed.
expect_exit 3 rs client add --name "" --email nope
expect_eq "$(grep -c '^  --email: ' <<<"$ERR")" 1 "email lines"
expect_eq "$(grep -c '^  --name: ' <<<"$ERR")" 1 "name lines"
expect_eq "$(wc -l <<<"$ERR")" 3 "lines of the error (headline, two fields)"

# A server address with a scheme the client cannot dial: a usage error (2),
# naming the schemes that work; the server is never asked.
for url in http://127.0.0.1:7700 https://agency.example 127.0.0.1:7700 tcp://; do
  expect_exit 2 "$RS_BIN/reinstate" --server "$url" health
  expect_contains "$ERR" "tcp://" "error for $url"
  expect_contains "$ERR" "tls+tcp://" "error for $url"
  expect_not_contains "$ERR" "UNIMPLEMENTED" "error for $url"
done
expect_exit 2 env REINSTATE_SERVER=http://x "$RS_BIN/reinstate" whoami
expect_exit 0 rs health

# case share prints a status command with the server in it, and that very
# command works for someone who has no config and no session.
expect_exit 0 rs case share "$K"
cmd=$(sed -n 's/^ *\(reinstate --server .* status --code .*\)$/\1/p' <<<"$OUT")
[ -n "$cmd" ] || fail "case share printed no status command with --server:
$OUT"
expect_contains "$cmd" "--server $RS_URL" "the printed command"
expect_contains "$OUT" "this machine only" "the note on a loopback address"
read -r -a words <<<"$cmd"
expect_exit 0 env -u REINSTATE_TOKEN XDG_CONFIG_HOME="$T/job-seeker" "$RS_BIN/${words[@]}"
expect_contains "$OUT" "Dev at Acme" "what the job seeker sees"
pass
