-- Row-level security evaluated once per statement, not once per row.
--
-- The policies of 003 and 005 call rs_visible(coach_id), a plpgsql function
-- (opaque to the planner on purpose, see 003): PostgreSQL calls it for every
-- row a statement reads, ~3.5 µs each, so reading a coach's 2,500 open cases
-- and their 25,000 attempts for `today` spent ~100 ms in it. Here the caller
-- and the admin flag are uncorrelated sub-selects: each is an initplan, run
-- once per statement, and each row costs one integer comparison.
--
-- Cases and clients keep rs_visible(): their plans (the case list joins
-- them and walks the (coach_id, id) indexes) rely on its planner cost,
-- without which a page of a coach's list hash-joins the whole clients
-- table (tests/integration/cases_indexes.sh). They are read a page or an
-- agenda at a time; the tables below are read by the thousand rows (the
-- attempts behind `today` and the case list's next steps, the stage
-- history behind the funnel). The estimates stay sound there:
-- `coach_id = (SELECT ...)` is an equality with a value unknown at plan
-- time (1 / distinct coaches) and the admin flag a boolean of unknown value
-- (one half), and their statements select by case (an index on case_id).
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

ALTER POLICY attempts_shared ON attempts USING (case_id = (SELECT rs_shared_case()));
