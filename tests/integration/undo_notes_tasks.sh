#!/usr/bin/env bash
# Mistakes in notes and tasks can be undone, and the history stays honest: an
# edited note keeps its old text in the audit log; a deleted note leaves the
# note list, the timeline, search and exports but not the audit log; a task
# can be moved, renamed and reopened. Another coach can do none of it, a
# retried request does it once, and a stale etag is refused.
. "$RS_TESTS/lib.sh"
. "$RS_TESTS/cases_lib.sh"
rs_setup
rs_start_server
read -r _ TADM <<<"$(mk_coach boss@example.com 'Boss' admin)"
read -r _ TA <<<"$(mk_coach ana@example.com 'Ana')"
read -r _ TB <<<"$(mk_coach bo@example.com 'Bo')"
export REINSTATE_TOKEN=$TA
bo() { REINSTATE_TOKEN=$TB rs "$@"; }
admin() { REINSTATE_TOKEN=$TADM rs "$@"; }
expect_exit 0 rs client add --name "Jordan"
CL=$OUT
expect_exit 0 rs case open --client "$CL" --company Acme --role Dev --manager Dana
K=$OUT

# ---- Notes ----
expect_exit 0 rs note add "$K" "Dana prefers calls before 9, kumquat"
N=$OUT
expect_exit 0 rs note add "$K" "Second note stays"
N2=$OUT
expect_exit 4 bo note edit "$N" "Bo was here"
expect_exit 4 bo note delete "$N"
expect_exit 2 rs note edit "$N"
expect_exit 3 rs note edit "$N" "   "
expect_exit 0 rs --json note list "$K"
ETAG=$(json_get "$OUT" '[n["etag"] for n in j["notes"] if n["id"] == "'"$N"'" or n["id"] == '"$N"'][0]')
expect_exit 0 rs note edit "$N" "Dana prefers calls after 10, persimmon"
expect_contains "$OUT" "note $N edited"
expect_exit 6 rs note edit "$N" "stale write" --etag "$ETAG"
expect_exit 0 rs note list "$K"
expect_contains "$OUT" "persimmon" "the note list after the edit"
expect_not_contains "$OUT" "kumquat" "the note list after the edit"
expect_exit 0 rs --json case show "$K"
expect_contains "$OUT" "persimmon" "the timeline after the edit"
expect_not_contains "$OUT" "kumquat" "the timeline after the edit"
expect_exit 0 admin audit list --record "case/$K"
expect_contains "$OUT" "note $N edited" "the audit log"
expect_contains "$OUT" "kumquat" "the audit log keeps the replaced text"
expect_exit 0 rs --json search persimmon
expect_eq "$(json_get "$OUT" 'len([h for h in j.get("hits", []) if h["kind"] == "note"])')" 1 \
  "notes search finds before the delete"

# A retried delete (same request id) deletes once and answers the same.
expect_exit 0 env REINSTATE_REQUEST_ID=undo-delete-1 "$RS_BIN/reinstate" --server "$RS_URL" note delete "$N"
FIRST=$OUT
expect_contains "$OUT" "note $N deleted"
expect_exit 0 env REINSTATE_REQUEST_ID=undo-delete-1 "$RS_BIN/reinstate" --server "$RS_URL" note delete "$N"
expect_eq "$OUT" "$FIRST" "the retried delete's answer"
expect_exit 3 rs note delete "$N"
expect_contains "$ERR" "was deleted"
expect_exit 3 rs note edit "$N" "too late"
expect_exit 0 rs note list "$K"
expect_not_contains "$OUT" "persimmon" "the note list after the delete"
expect_contains "$OUT" "Second note stays" "the note list after the delete"
expect_exit 0 rs --json case show "$K"
expect_not_contains "$OUT" "persimmon" "the timeline after the delete"
expect_exit 0 rs --json search persimmon
expect_eq "$(json_get "$OUT" 'len([h for h in j.get("hits", []) if h["kind"] == "note"])')" 0 \
  "notes search finds after the delete"
expect_exit 0 admin audit list --record "case/$K"
expect_contains "$OUT" "note $N deleted" "the audit log"
expect_contains "$OUT" "persimmon" "the audit log keeps the deleted text"
expect_eq "$(sql "SELECT count(*) FROM audit_log WHERE summary LIKE 'note $N deleted%'")" 1 \
  "audit records of the retried delete"
expect_exit 0 rs note delete "$N2"

# ---- Tasks ----
expect_exit 0 rs task add "$K" --due 2030-01-05 "Call Dana"
TK=$OUT
expect_exit 4 bo task edit "$TK" --due 2030-02-01
expect_exit 4 bo task reopen "$TK"
expect_exit 3 rs task edit "$TK"
expect_contains "$ERR" "nothing to change"
expect_exit 3 rs task reopen "$TK"
expect_contains "$ERR" "not done"
expect_exit 0 rs task edit "$TK" --due 2030-01-09
expect_contains "$OUT" "due 2030-01-09: Call Dana"
expect_exit 0 rs task edit "$TK" --title "Call Dana about the start date"
expect_contains "$OUT" "due 2030-01-09: Call Dana about the start date"
expect_exit 0 rs task done "$TK"
expect_exit 0 rs task list --case "$K"
expect_not_contains "$OUT" "Call Dana" "the open tasks after done"
expect_exit 0 rs task reopen "$TK"
expect_contains "$OUT" "task $TK open"
expect_exit 0 rs --json task list --case "$K"
expect_eq "$(json_get "$OUT" '[(t["title"], t["dueOn"] if "dueOn" in t else t["due_on"], t.get("done", False)) for t in j["tasks"]]')" \
  "[('Call Dana about the start date', '2030-01-09', False)]" "the task after edit and reopen"
expect_exit 0 admin audit list --record "case/$K"
expect_contains "$OUT" "task $TK edited; it was due 2030-01-05: Call Dana" "the audit log"
expect_contains "$OUT" "task $TK reopened" "the audit log"
# An admin may correct any coach's task.
expect_exit 0 admin task edit "$TK" --due 2030-01-10
pass
