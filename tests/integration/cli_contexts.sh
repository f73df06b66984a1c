#!/usr/bin/env bash
# Contexts: several servers in one config file, each with its own session
# (config add-context/use-context/get-contexts/delete-context, --context,
# REINSTATE_CONTEXT); the file's old top-level lines stay the "default".
. "$RS_TESTS/lib.sh"
. "$RS_TESTS/cases_lib.sh"
rs_setup
rs_start_server
mk_coach ana@example.com 'Ana' >/dev/null
mk_coach ben@example.com 'Ben' >/dev/null
export XDG_CONFIG_HOME=$T/ctx
R=$RS_BIN/reinstate
CFG=$T/ctx/reinstate/config
DEAD="tcp://127.0.0.1:$(rs_free_port)"

expect_exit 0 "$R" config add-context agency-a --server "$RS_URL"
expect_exit 0 "$R" config add-context agency-b --server "$RS_URL"
expect_exit 0 "$R" config add-context staging --server "$DEAD"
expect_eq "$(stat -c %a "$CFG")" 600 "config file mode"
login() { echo "$RS_CASES_PW" | "$R" --context "$1" login --email "$2" --password-stdin; }
expect_exit 0 login agency-a ana@example.com
expect_exit 0 login agency-b ben@example.com

# Each context its own session.
expect_exit 0 "$R" --context agency-a whoami
expect_contains "$OUT" "ana@example.com"
expect_exit 0 "$R" --context agency-b whoami
expect_contains "$OUT" "ben@example.com"
expect_exit 0 env REINSTATE_CONTEXT=agency-b "$R" whoami
expect_contains "$OUT" "ben@example.com" "REINSTATE_CONTEXT"
expect_exit 0 env REINSTATE_CONTEXT=agency-b "$R" --context agency-a whoami
expect_contains "$OUT" "ana@example.com" "--context before REINSTATE_CONTEXT"
# Each context its own server.
expect_exit 7 "$R" --context staging --timeout 1500 health
expect_exit 5 "$R" --context staging --server "$RS_URL" whoami

# The current context.
expect_exit 5 "$R" --server "$RS_URL" whoami
expect_exit 0 "$R" config use-context agency-b
expect_exit 0 "$R" whoami
expect_contains "$OUT" "ben@example.com" "use-context"
expect_exit 0 "$R" config get-contexts
expect_contains "$OUT" "agency-a" "get-contexts"
expect_eq "$(printf '%s\n' "$OUT" | awk '$1 == "*" {print $2}')" "agency-b" "the current context is starred"
expect_eq "$(printf '%s\n' "$OUT" | awk '$1 == "agency-a" {print $3}')" "logged" "agency-a logged in"
expect_exit 0 "$R" --json config get-contexts
expect_eq "$(json_get "$OUT" '[(c["name"], c["logged_in"]) for c in j["contexts"]]')" \
  "[('default', False), ('agency-a', True), ('agency-b', True), ('staging', False)]" "get-contexts --json"
case "$OUT" in *rs1_*) fail "get-contexts shows a token" ;; esac

# Logging out of one context leaves the others.
expect_exit 0 "$R" --context agency-a logout
expect_exit 5 "$R" --context agency-a whoami
expect_exit 0 "$R" --context agency-b whoami

# Mistakes.
expect_exit 2 "$R" --context nowhere whoami
expect_contains "$ERR" "reinstate: whoami: no context 'nowhere'"
expect_exit 2 "$R" config use-context nowhere
expect_exit 2 "$R" config add-context "bad name" --server "$RS_URL"
expect_exit 2 "$R" config add-context x
expect_contains "$ERR" "--server URL is required"

# Completion offers the contexts.
expect_exit 0 "$R" __complete --context agency
expect_eq "$(printf '%s\n' "$OUT" | cut -f1 | tr '\n' ' ')" "agency-a agency-b " "contexts completed"

# delete-context forgets it; deleting the current one falls back to default.
expect_exit 0 "$R" config delete-context agency-b
expect_exit 2 "$R" --context agency-b whoami
expect_exit 0 "$R" --json config get-contexts
expect_eq "$(json_get "$OUT" 'j["current_context"]')" "default"
pass
