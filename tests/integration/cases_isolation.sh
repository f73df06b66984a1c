#!/usr/bin/env bash
# A coach cannot reach another coach's clients, cases, attempts, notes or
# tasks by id through any command: always NOT_FOUND (exit 4), never a
# permission error that would reveal the record exists. Row-level security
# holds on its own too. Admins see everything and can reassign a client,
# which moves its cases along. Archive and restore.
. "$RS_TESTS/lib.sh"
. "$RS_TESTS/cases_lib.sh"
rs_setup
rs_start_server
# cases_isolation_handlers.sh runs this matrix with row-level security off
# on every table, so each handler's own scoping is proven on its own.
if [ "${RS_WITHOUT_RLS:-0}" = 1 ]; then
  sql "DO \$\$ DECLARE t record; BEGIN
         FOR t IN SELECT relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                  WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relrowsecurity LOOP
           EXECUTE format('ALTER TABLE %I DISABLE ROW LEVEL SECURITY', t.relname);
         END LOOP; END \$\$" >/dev/null || fail "could not turn row-level security off"
  expect_eq "$(sql "SELECT count(*) FROM pg_class WHERE relrowsecurity")" 0 "tables with RLS on"
fi
read -r CA TA <<<"$(mk_coach ana@example.com 'Ana')"
read -r CB TB <<<"$(mk_coach ben@example.com 'Ben')"
read -r CX TX <<<"$(mk_coach boss@example.com 'Boss' admin)"

expect_exit 0 as "$TA" client add --name "Ana's client"
CL=$OUT
expect_exit 0 as "$TA" case open --client "$CL" --company Acme --role Dev --manager Dana
K=$OUT
expect_exit 0 as "$TA" attempt log "$K" --channel phone --contact-role hr --contact Hal --outcome no_answer
expect_exit 0 as "$TA" note add "$K" "private remark"
expect_exit 0 as "$TA" task add "$K" --due 2000-01-01 "call back"
TASK=$OUT

# Every command Ben could aim at Ana's records.
not_found() {
  expect_exit 4 as "$TB" "$@"
  expect_contains "$ERR" "not found" "stderr of '$*'"
  expect_not_contains "$ERR" "permission" "stderr of '$*'"
}
not_found client show "$CL"
not_found client edit "$CL" --name "Stolen"
not_found client edit "$CL" --name "Stolen" --etag 1
not_found client archive "$CL"
not_found client restore "$CL"
not_found case open --client "$CL" --company X --role Y --manager Z
not_found case show "$K"
not_found case history "$K"
not_found case edit "$K" --company Evil
not_found case edit "$K" --company Evil --etag 1
not_found case opening "$K" open
not_found case move "$K" contact_manager
not_found case close "$K" --won
not_found case close "$K" --lost other
not_found attempt log "$K" --channel phone --contact-role hr --contact Hal --outcome no_answer
not_found attempt list "$K"
not_found note add "$K" "snooping"
not_found note list "$K"
not_found task add "$K" --due 2030-01-01 "snoop"
not_found task list --case "$K"
not_found task done "$TASK"
# Reopening is for admins only, whatever the id: no existence is revealed.
expect_exit 5 as "$TB" case reopen "$K"
expect_exit 5 as "$TB" case reopen 987654

# Nothing of Ana's shows up in Ben's lists, even with her ids as filters.
expect_exit 0 as "$TB" --json case list --all --client "$CL"
expect_eq "$(json_get "$OUT" 'len(j["cases"])')" 0
expect_exit 0 as "$TB" --json case list --all --coach "$CA"
expect_eq "$(json_get "$OUT" 'len(j["cases"])')" 0
expect_exit 0 as "$TB" --json client list --coach "$CA"
expect_eq "$(json_get "$OUT" 'len(j["clients"])')" 0
expect_exit 0 as "$TB" --json task list --overdue
expect_eq "$(json_get "$OUT" 'len(j["tasks"])')" 0
# Nothing was changed by Ben's attempts.
expect_eq "$(sql "SELECT count(*) FROM attempts") $(sql "SELECT count(*) FROM notes") $(sql "SELECT count(*) FROM tasks WHERE done")" "1 1 0"
expect_eq "$(sql "SELECT name FROM clients WHERE id = $CL")" "Ana's client"

# Ben cannot hand himself a client of Ana's either, nor give his own away.
expect_exit 0 as "$TB" client add --name "Ben's client"
CLB=$OUT
expect_exit 5 as "$TB" client edit "$CLB" --coach "$CA"
expect_exit 5 as "$TB" client add --name "Gift" --coach "$CA"

if [ "${RS_WITHOUT_RLS:-0}" != 1 ]; then
# Row-level security alone: as the application role with Ben's context and
# no WHERE clause at all, Ana's rows do not exist.
rls_count() {
  sql "BEGIN; SELECT rs_context_set($1, '$2', NULL); SET LOCAL ROLE reinstate_app;
       SELECT (SELECT count(*) FROM clients) || ' ' || (SELECT count(*) FROM cases) || ' ' ||
              (SELECT count(*) FROM attempts) || ' ' || (SELECT count(*) FROM notes) || ' ' ||
              (SELECT count(*) FROM tasks) || ' ' || (SELECT count(*) FROM stage_history);
       COMMIT;" | tail -1
}
expect_eq "$(rls_count "$CB" coach)" "1 0 0 0 0 0" "rows Ben sees under RLS"
expect_eq "$(rls_count "$CA" coach)" "1 1 1 1 1 1" "rows Ana sees under RLS"
expect_eq "$(rls_count "$CX" admin)" "2 1 1 1 1 1" "rows an admin sees under RLS"
# RLS also refuses writes into another coach's case.
if sql_try "BEGIN; SELECT rs_context_set($CB, 'coach', NULL); SET LOCAL ROLE reinstate_app;
        INSERT INTO notes (case_id, coach_id, author_id, body) VALUES ($K, $CA, $CB, 'x');
        COMMIT;" >/dev/null 2>&1; then
  fail "RLS let Ben write a note on Ana's case"
fi
fi

# Admins see both coaches' records and may reassign a client: its cases and
# everything under them move along.
expect_exit 0 as "$TX" --json case list --all
expect_eq "$(json_get "$OUT" 'len(j["cases"])')" 1
expect_exit 0 as "$TX" case show "$K"
expect_exit 0 as "$TX" client edit "$CL" --coach "$CB"
expect_eq "$(sql "SELECT DISTINCT coach_id FROM (SELECT coach_id FROM cases WHERE client_id = $CL
               UNION ALL SELECT coach_id FROM attempts WHERE case_id = $K
               UNION ALL SELECT coach_id FROM notes WHERE case_id = $K
               UNION ALL SELECT coach_id FROM tasks WHERE case_id = $K
               UNION ALL SELECT coach_id FROM stage_history WHERE case_id = $K) o")" "$CB" "owner after reassignment"
expect_exit 0 as "$TB" case show "$K"
expect_exit 4 as "$TA" case show "$K"
expect_exit 0 as "$TX" client edit "$CL" --coach "$CA"
expect_exit 4 as "$TX" client edit "$CL" --coach 987654

# Archive and restore.
expect_exit 0 as "$TA" client archive "$CL"
expect_exit 3 as "$TA" client archive "$CL"
expect_contains "$ERR" "already archived"
expect_exit 0 as "$TA" --json client list
expect_eq "$(json_get "$OUT" '[c["id"] for c in j["clients"]]')" "[]"
expect_exit 0 as "$TA" --json client list --archived
expect_eq "$(json_get "$OUT" '[c["id"] for c in j["clients"]]')" "[$CL]"
expect_exit 0 as "$TA" --json client show "$CL"
expect_eq "$(json_get "$OUT" 'j["archived"]')" True
expect_exit 3 as "$TA" case open --client "$CL" --company New --role R --manager M
expect_contains "$ERR" "is archived"
expect_exit 0 as "$TA" case show "$K"   # its cases stay readable
expect_exit 0 as "$TA" client restore "$CL"
expect_exit 3 as "$TA" client restore "$CL"
expect_contains "$ERR" "not archived"
expect_exit 0 as "$TA" --json client list
expect_eq "$(json_get "$OUT" '[c["id"] for c in j["clients"]]')" "[$CL]"
expect_exit 0 as "$TA" case open --client "$CL" --company New --role R --manager M
pass
