-- Row-level security evaluated once per statement, not once per row.
--
-- The policies of 003 and 005 call rs_visible(coach_id), a plpgsql function
-- (opaque to the planner on purpose, see 003): PostgreSQL calls it for every
-- row a statement reads, ~3.5 µs each, so reading a coach's 2,500 open cases
-- and their 25,000 attempts for `today` spent ~100 ms in it. Here the caller
-- and the admin flag are uncorrelated sub-selects: each is an initplan, run
-- once per statement, and each row costs one integer comparison.
--
-- The estimates stay sound: `coach_id = (SELECT ...)` is an equality with a
-- value unknown at plan time (1 / distinct coaches) and the admin flag a
-- boolean of unknown value (one half), so the policy keeps about half the
-- rows in the planner's eyes and a handler's own `coach_id = $n` still
-- walks the (coach_id, id) indexes (bench/cases_explain.sh --check). The
-- shared-case policies of 005 get the same treatment.
ALTER POLICY clients_own ON clients
    USING (coach_id = (SELECT rs_actor()) OR (SELECT rs_is_admin()))
    WITH CHECK (coach_id = (SELECT rs_actor()) OR (SELECT rs_is_admin()));
ALTER POLICY cases_own ON cases
    USING (coach_id = (SELECT rs_actor()) OR (SELECT rs_is_admin()))
    WITH CHECK (coach_id = (SELECT rs_actor()) OR (SELECT rs_is_admin()));
ALTER POLICY attempts_own ON attempts
    USING (coach_id = (SELECT rs_actor()) OR (SELECT rs_is_admin()))
    WITH CHECK (coach_id = (SELECT rs_actor()) OR (SELECT rs_is_admin()));
ALTER POLICY notes_own ON notes
    USING (coach_id = (SELECT rs_actor()) OR (SELECT rs_is_admin()))
    WITH CHECK (coach_id = (SELECT rs_actor()) OR (SELECT rs_is_admin()));
ALTER POLICY tasks_own ON tasks
    USING (coach_id = (SELECT rs_actor()) OR (SELECT rs_is_admin()))
    WITH CHECK (coach_id = (SELECT rs_actor()) OR (SELECT rs_is_admin()));
ALTER POLICY stage_history_own ON stage_history
    USING (coach_id = (SELECT rs_actor()) OR (SELECT rs_is_admin()))
    WITH CHECK (coach_id = (SELECT rs_actor()) OR (SELECT rs_is_admin()));
ALTER POLICY access_codes_own ON access_codes
    USING (coach_id = (SELECT rs_actor()) OR (SELECT rs_is_admin()))
    WITH CHECK (coach_id = (SELECT rs_actor()) OR (SELECT rs_is_admin()));
ALTER POLICY case_agenda_own ON case_agenda
    USING (coach_id = (SELECT rs_actor()) OR (SELECT rs_is_admin()))
    WITH CHECK (coach_id = (SELECT rs_actor()) OR (SELECT rs_is_admin()));

ALTER POLICY cases_shared ON cases USING (id = (SELECT rs_shared_case()));
ALTER POLICY attempts_shared ON attempts USING (case_id = (SELECT rs_shared_case()));
