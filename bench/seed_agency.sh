# Generates a busy agency into $DATABASE_URL (migrated first): 20 coaches,
# CASES cases (two per client, most closed, as in an agency that has run for
# years), PER attempts per case, tasks, notes and stage changes. Shared by
# the benchmarks; needs q() (psql on $DATABASE_URL).
#   seed_agency BUILD_DIR CASES PER
seed_agency() {
  "$1/reinstated" migrate >/dev/null
  t0=$(date +%s)
  q <<SQL
SET client_min_messages = warning;
INSERT INTO coaches (email, display_name, role, password_hash)
  SELECT 'coach' || g || '@bench.example', 'Coach ' || g, 'coach', 'x' FROM generate_series(1, 20) g;
INSERT INTO clients (coach_id, name)
  SELECT (SELECT min(id) FROM coaches) + g % 20, 'Client ' || g FROM generate_series(1, $2 / 2) g;
-- Two cases a client; most closed, as in an agency that has run for years.
INSERT INTO cases (client_id, coach_id, company, role_title, manager_name, stage, loss_reason,
                   closed_at, created_at)
  SELECT cl.id, cl.coach_id, 'Company ' || ((cl.id * 7 + g) % 5000), 'Engineer', 'Manager', s.st,
         CASE WHEN s.st = 'lost' THEN 'position_filled' END,
         CASE WHEN s.st IN ('reinstated', 'lost') THEN now() END, now()
    FROM clients cl, generate_series(1, 2) g,
         LATERAL (SELECT (ARRAY['verify_opening', 'contact_manager', 'awaiting_response',
                                'in_discussion', 'reinterview', 'negotiating', 'reinstated',
                                'lost', 'lost', 'lost', 'lost', 'lost'])[1 + (cl.id * 2 + g) % 12] AS st) s;
INSERT INTO attempts (case_id, coach_id, at, channel, contact_role, contact_name, outcome, logged_by)
  SELECT k.id, k.coach_id, now() - (g || ' days')::interval, 'phone', 'hiring_manager', 'Manager',
         'no_answer', k.coach_id
    FROM cases k, generate_series(1, $3) g;
INSERT INTO stage_history (case_id, coach_id, actor_id, at, from_stage, to_stage, loss_reason)
  SELECT k.id, k.coach_id, k.coach_id, now() - ((4 - g) || ' days')::interval,
         CASE WHEN g > 1 THEN 'contact_manager' END, CASE WHEN g = 1 THEN 'contact_manager' ELSE k.stage END,
         CASE WHEN g > 1 AND k.stage = 'lost' THEN 'position_filled' END
    FROM cases k, generate_series(1, 2) g WHERE g = 1 OR k.stage <> 'contact_manager';
INSERT INTO notes (case_id, coach_id, author_id, body)
  SELECT k.id, k.coach_id, k.coach_id, 'note ' || g FROM cases k, generate_series(1, 2) g;
INSERT INTO tasks (case_id, coach_id, title, due_on, done, done_at, created_by)
  SELECT k.id, k.coach_id, 'task ' || g, current_date + ((k.id * 13 + g * 7) % 400 - 200)::int,
         (k.id + g) % 5 <> 0, CASE WHEN (k.id + g) % 5 <> 0 THEN now() END, k.coach_id
    FROM cases k, generate_series(1, 2) g;
ANALYZE;
SQL
echo "loaded in $(( $(date +%s) - t0 )) s: $(q -c "SELECT (SELECT count(*) FROM cases) || ' cases, ' ||
  (SELECT count(*) FROM attempts) || ' attempts, ' || (SELECT count(*) FROM tasks) || ' tasks, ' ||
  (SELECT count(*) FROM stage_history) || ' stage changes'")"
}
