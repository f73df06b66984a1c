#!/usr/bin/env bash
# A client's personal data: `client export` holds everything about them,
# field by field, and only them; `client erase` is admin-only and two-step,
# anonymises every personal field of the client, their cases, attempts,
# notes, tasks and stage history, revokes their access codes, keeps the
# rows (the funnel does not change), writes one audit row without personal
# data, and leaves nothing of them anywhere in the database.
. "$RS_TESTS/lib.sh"
. "$RS_TESTS/cases_lib.sh"
rs_setup
rs_start_server
read -r CA TA <<<"$(mk_coach ana@example.com 'Ana Coach')"
read -r CB TB <<<"$(mk_coach bo@example.com 'Bo Coach')"
ADMIN=$(cat "$T/cases-admin-token")

expect_exit 0 as "$TA" client add --name "Quentin Marlowe" --email quentin.marlowe@example.com --phone "+1 555 0199"
CL=$OUT
expect_exit 0 as "$TA" case open --client "$CL" --company "Vandelay Industries" --role "Importer" \
  --manager "Art Vandelay" --manager-email art.vandelay@example.com --manager-phone "+1 555 0123" \
  --hr "Hedda Hopper" --hr-email hedda.hopper@example.com --reason "Quentin took Pendant Publishing" \
  --better-offer "Pendant Publishing"
K=$OUT
expect_exit 0 as "$TA" case opening "$K" open
expect_exit 0 as "$TA" attempt log "$K" --channel phone --contact-role hiring_manager --contact "Art Vandelay" \
  --outcome in_discussion --summary "Art remembers Quentin fondly" --accepted-responsibility
expect_exit 0 as "$TA" note add "$K" "Quentin lives on Elm Street"
expect_exit 0 as "$TA" task add "$K" --due 2030-01-01 "Call Quentin about Art"
expect_exit 0 as "$TA" case move "$K" reinterview --why "Quentin prepped with Art's notes"
expect_exit 0 as "$TA" case share "$K"
CODE=$(sed -n 's/^ *\([0-9A-Z]\{4\}-[0-9A-Z]\{4\}-[0-9A-Z]\{4\}-[0-9A-Z]\{4\}\)$/\1/p' <<<"$OUT")
[ -n "$CODE" ] || fail "no access code: $OUT"
# Another client of Ana's, and one of Bo's: they must stay untouched.
expect_exit 0 as "$TA" client add --name "Other Person" --email other@example.com
CL2=$OUT
expect_exit 0 as "$TA" case open --client "$CL2" --company "Kramerica" --role "Intern" --manager "Kramer"
K2=$OUT

# Export: everything held, field by field.
expect_exit 0 as "$TA" client export "$CL"
DOC=$OUT
# One pass over the document: every field as entered.
bad=$(python3 - "$DOC" <<'PY'
import json, sys
j = json.loads(sys.argv[1])
k = j["cases"][0]
want = [
    (j["client"]["name"], "Quentin Marlowe"), (j["client"]["email"], "quentin.marlowe@example.com"),
    (j["client"]["phone"], "+1 555 0199"), (j["coach"]["email"], "ana@example.com"),
    (len(j["cases"]), 1), (k["company"], "Vandelay Industries"), (k["role_title"], "Importer"),
    (k["manager_name"], "Art Vandelay"), (k["manager_email"], "art.vandelay@example.com"),
    (k["manager_phone"], "+1 555 0123"), (k["hr_name"], "Hedda Hopper"),
    (k["hr_email"], "hedda.hopper@example.com"),
    (k["decline_reason"], "Quentin took Pendant Publishing"), (k["better_offer"], "Pendant Publishing"),
    (k["attempts"][0]["contact_name"], "Art Vandelay"),
    (k["attempts"][0]["summary"], "Art remembers Quentin fondly"),
    (k["attempts"][0]["accepted_responsibility"], True),
    (k["notes"][0]["body"], "Quentin lives on Elm Street"),
    (k["tasks"][0]["title"], "Call Quentin about Art"),
    ([h["to_stage"] for h in k["stage_history"]],
     ["verify_opening", "contact_manager", "in_discussion", "reinterview"]),
    (k["stage_history"][-1]["why"], "Quentin prepped with Art's notes"),
    (len(k["access_codes"]), 1), ("code_hash" in k["access_codes"][0], False),
]
for i, (got, exp) in enumerate(want):
    if got != exp:
        print(f"check {i}: {got!r} != {exp!r}")
PY
)
[ -z "$bad" ] || fail "client export: $bad"
expect_not_contains "$DOC" "Kramerica" "the export (another client)"
# The admin's copy also holds the audit entries about the client.
expect_exit 0 as "$ADMIN" client export "$CL"
expect_contains "$(json_get "$OUT" "[l['record'] for l in j['audit_log']]")" "case/$K" "audit entries"
# Other coaches' clients are not found.
expect_exit 4 as "$TB" client export "$CL"

FUNNEL_BEFORE=$(as "$ADMIN" --json report funnel)
ROWS="SELECT (SELECT count(*) FROM clients), (SELECT count(*) FROM cases), (SELECT count(*) FROM attempts), (SELECT count(*) FROM notes), (SELECT count(*) FROM tasks), (SELECT count(*) FROM stage_history)"
COUNTS_BEFORE=$(sql "$ROWS")

# Erasing: admins only; without --confirm nothing changes.
expect_exit 5 as "$TA" client erase "$CL" --confirm
expect_exit 0 as "$ADMIN" client erase "$CL"
expect_contains "$OUT" "erasing would anonymise client $CL: 1 cases, 1 attempts, 1 notes, 1 tasks, 4 stage changes; 1 active access codes to revoke"
expect_contains "$OUT" "--confirm"
expect_eq "$(sql "SELECT name FROM clients WHERE id = $CL")" "Quentin Marlowe" "name after the preview"
expect_exit 0 as "$ADMIN" client erase "$CL" --confirm
expect_contains "$OUT" "erased client $CL"

# Field by field.
expect_eq "$(sql "SELECT name, email, phone, erased_at IS NOT NULL FROM clients WHERE id = $CL")" "erased client $CL|||t"
expect_eq "$(sql "SELECT company, role_title, manager_name, manager_email, manager_phone, hr_name, hr_email, decline_reason, better_offer FROM cases WHERE id = $K")" \
  "erased|erased|erased||||||"
expect_eq "$(sql "SELECT contact_name, summary, accepted_responsibility, outcome FROM attempts WHERE case_id = $K")" "erased||t|in_discussion"
expect_eq "$(sql "SELECT body FROM notes WHERE case_id = $K")" "erased"
expect_eq "$(sql "SELECT title FROM tasks WHERE case_id = $K")" "erased"
expect_eq "$(sql "SELECT string_agg(why, '|' ORDER BY id) FROM stage_history WHERE case_id = $K")" "|||"
expect_eq "$(sql "SELECT count(*) FROM access_codes WHERE case_id = $K AND revoked_at IS NULL")" 0 "active codes"
expect_exit 4 env -u REINSTATE_TOKEN XDG_CONFIG_HOME="$T/seeker" "$RS_BIN/reinstate" --server "$RS_URL" status --code "$CODE"
# Counts and the funnel are unchanged; the stage is kept.
expect_eq "$(sql "$ROWS")" "$COUNTS_BEFORE" "row counts"
expect_eq "$(as "$ADMIN" --json report funnel)" "$FUNNEL_BEFORE" "funnel"
expect_eq "$(sql "SELECT stage FROM cases WHERE id = $K")" reinterview
# One audit row, without personal data.
expect_eq "$(sql "SELECT count(*) FROM audit_log WHERE record = 'client/$CL' AND summary LIKE 'personal data erased%'")" 1 "audit row"
# Nothing of them left anywhere in the database (stored replies included).
"$RS_PG_BINDIR/pg_dump" -h "$RS_PG_DIR/sock" -U postgres --data-only "$RS_DB" >"$T/dump.sql" || fail "pg_dump"
sql "SELECT encode(response, 'escape') FROM idempotency WHERE response IS NOT NULL" >>"$T/dump.sql" 2>/dev/null ||
  sql "SELECT encode(response, 'escape') FROM idempotency WHERE response IS NOT NULL" >>"$T/dump.sql"
for s in Quentin Marlowe quentin.marlowe "555 0199" Vandelay "Art " art.vandelay "555 0123" Hedda hedda.hopper Pendant "Elm Street"; do
  if grep -q -- "$s" "$T/dump.sql"; then fail "'$s' is still in the database: $(grep -- "$s" "$T/dump.sql" | head -3)"; fi
done
# The other clients are untouched.
expect_eq "$(sql "SELECT name, email FROM clients WHERE id = $CL2")" "Other Person|other@example.com"
expect_eq "$(sql "SELECT company FROM cases WHERE id = $K2")" "Kramerica"
# The app role still cannot change attempts or notes itself.
expect_eq "$(sql "SELECT has_table_privilege('reinstate_app', 'attempts', 'UPDATE'), has_table_privilege('reinstate_app', 'notes', 'UPDATE')")" "f|f"
# Erasing again changes nothing; the erased client's export says so.
expect_exit 0 as "$ADMIN" client erase "$CL" --confirm
expect_exit 0 as "$ADMIN" client export "$CL"
expect_eq "$(json_get "$OUT" "j['client']['name']")" "erased client $CL"
expect_exit 4 as "$ADMIN" client erase 999999 --confirm
rs health >/dev/null || fail "server down"
pass
