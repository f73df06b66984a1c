#!/usr/bin/env bash
# Shell completion generated from the command table: bash's completion
# function, driven the way bash drives it (COMP_WORDS, COMP_CWORD,
# COMPREPLY; `complete -p`), offers nouns, verbs, options, enum values and
# the coach's own open cases with their companies (asked from the server
# through the hidden __complete verb).
. "$RS_TESTS/lib.sh"
. "$RS_TESTS/cases_lib.sh"
rs_setup
rs_start_server
read -r _ TA <<<"$(mk_coach ana@example.com 'Ana')"
read -r _ TB <<<"$(mk_coach ben@example.com 'Ben')"
export REINSTATE_TOKEN=$TA REINSTATE_SERVER=$RS_URL PATH="$RS_BIN:$PATH"

expect_exit 0 rs client add --name "Jordan Lee"
CL=$OUT
expect_exit 0 rs case open --client "$CL" --company Acme --role Dev --manager Dana
K1=$OUT
expect_exit 0 rs case open --client "$CL" --company Globex --role Ops --manager Hank
K2=$OUT
expect_exit 0 rs case open --client "$CL" --company Initech --role QA --manager Bill
K3=$OUT
expect_exit 0 rs case close "$K3" --lost other
# Another coach's case is never offered.
expect_exit 0 as "$TB" client add --name "Other"
expect_exit 0 as "$TB" case open --client "$OUT" --company Umbrella --role X --manager Y
KB=$OUT

expect_exit 0 reinstate completion bash
printf '%s\n' "$OUT" >"$T/completion.bash"
expect_eq "$(bash -c ". '$T/completion.bash'; complete -p reinstate")" \
  "complete -o default -o nosort -F _reinstate reinstate" "complete -p"

# comp WORD...: the candidates bash offers with the cursor at the end of the
# last word (an empty last word: after a space).
comp() {
  bash -c '. "$1"; shift; COMP_WORDS=(reinstate "$@"); COMP_CWORD=$#; _reinstate; [ ${#COMPREPLY[@]} -eq 0 ] || printf "%s\n" "${COMPREPLY[@]}"' \
    _ "$T/completion.bash" "$@" | sort | tr '\n' ' '
}
expect_eq "$(comp ca)" "calendar case " "nouns"
expect_eq "$(comp case s)" "share shares show " "verbs"
expect_eq "$(comp case show "")" "$K1 $K2 " "open cases"
expect_eq "$(comp case show "$K2")" "$K2 " "an id prefix"
expect_eq "$(comp case list --st)" "--stage " "options"
expect_eq "$(comp case list --stage "")" "awaiting_response contact_manager in_discussion lost negotiating reinstated reinterview verify_opening " "stage vocabulary"
expect_eq "$(comp attempt log "$K1" --channel "")" "email in_person letter linkedin other phone video " "channels"
expect_eq "$(comp --server "$RS_URL" -o "")" "csv json table wide " "a global option's values"
expect_eq "$(comp case close "$K1" --lost m)" "manager_declined " "loss reasons"
expect_eq "$(comp case open --client "")" "$CL " "client ids"
expect_eq "$(comp case open --client "$CL" --comp)" "--company " "options not yet given"
expect_eq "$(comp case open --company A --comp)" "" "an option given is not offered again"
expect_eq "$(comp completion "")" "bash fish zsh " "completion's shells"
expect_eq "$(comp __com)" "" "hidden verbs are not offered"

# The candidates carry descriptions for zsh and fish: the case's company.
expect_exit 0 reinstate __complete case show ""
expect_contains "$OUT" "$K1	Acme, Dev (Jordan Lee)" "case description"
case "$OUT" in *Umbrella*|*Initech*) fail "offered a closed or another coach's case: $OUT" ;; esac
# Logged out: nothing, and no error on the terminal.
expect_exit 0 env -u REINSTATE_TOKEN XDG_CONFIG_HOME="$T/none" "$RS_BIN/reinstate" __complete case show ""
expect_eq "$OUT" "" "no candidates without a session"
expect_eq "$ERR" "" "no noise without a session"

# zsh and fish scripts are at least well-formed for their shells, when
# the shells are there.
expect_exit 0 reinstate completion zsh
expect_contains "$OUT" "compdef _reinstate reinstate"
if command -v zsh >/dev/null; then zsh -n <<<"$OUT" || fail "zsh script does not parse"; fi
expect_exit 0 reinstate completion fish
expect_contains "$OUT" "complete -c reinstate"
if command -v fish >/dev/null; then fish -n <<<"$OUT" || fail "fish script does not parse"; fi
pass
