-- Which open cases can be on a coach's agenda ("today"), so that the agenda
-- reads an index range instead of running the playbook engine over every
-- open case.
--
-- One row per open case. agenda_on is the first day from which the case may
-- show on an agenda: as of any day T >= the day it was computed, the case
-- can have an item due by T + horizon only if agenda_on <= T + horizon. The
-- server computes it with the engine (server/domain/next_step.c) and stores
-- it when it computes the agenda; the step shown is always computed afresh,
-- so agenda_on only selects which cases to compute.
--
-- Every write to what the engine reads (the case, its attempts, the
-- settings, the coach's time zone) marks the row "to compute again" (agenda_on = -2147483648, the
-- smallest integer: always selected) and bumps gen, in the same transaction,
-- through the statement triggers below. The server stores a computed day
-- only if gen is still the one it read, so a write that commits meanwhile
-- is never overwritten by a day computed from older data.
CREATE TABLE case_agenda (
    case_id    bigint PRIMARY KEY,
    coach_id   bigint NOT NULL,
    agenda_on  integer NOT NULL DEFAULT -2147483648,
    gen        bigint NOT NULL DEFAULT 1,
    FOREIGN KEY (case_id, coach_id) REFERENCES cases (id, coach_id)
        ON UPDATE CASCADE ON DELETE CASCADE
);
CREATE INDEX case_agenda_coach_idx ON case_agenda (coach_id, agenda_on, case_id);

ALTER TABLE case_agenda ENABLE ROW LEVEL SECURITY;
ALTER TABLE case_agenda FORCE ROW LEVEL SECURITY;
CREATE POLICY case_agenda_own ON case_agenda
    USING (rs_visible(coach_id)) WITH CHECK (rs_visible(coach_id));
GRANT SELECT, INSERT, UPDATE, DELETE ON case_agenda TO reinstate_app;

INSERT INTO case_agenda (case_id, coach_id)
    SELECT id, coach_id FROM cases WHERE closed_at IS NULL;

-- Cases: an open case has a row, to compute; a closed one has none.
CREATE FUNCTION rs_agenda_cases_changed() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    DELETE FROM case_agenda a USING changed k WHERE a.case_id = k.id AND k.closed_at IS NOT NULL;
    INSERT INTO case_agenda AS a (case_id, coach_id)
        SELECT id, coach_id FROM changed WHERE closed_at IS NULL
    ON CONFLICT (case_id) DO UPDATE
        SET coach_id = excluded.coach_id, agenda_on = -2147483648, gen = a.gen + 1;
    RETURN NULL;
END
$$;
CREATE TRIGGER cases_agenda_insert AFTER INSERT ON cases
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION rs_agenda_cases_changed();
CREATE TRIGGER cases_agenda_update AFTER UPDATE ON cases
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION rs_agenda_cases_changed();

-- Attempts: their case is computed again.
CREATE FUNCTION rs_agenda_attempts_changed() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    UPDATE case_agenda a SET agenda_on = -2147483648, gen = a.gen + 1
     WHERE a.case_id IN (SELECT DISTINCT case_id FROM changed);
    RETURN NULL;
END
$$;
CREATE TRIGGER attempts_agenda_insert AFTER INSERT ON attempts
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION rs_agenda_attempts_changed();
CREATE TRIGGER attempts_agenda_update AFTER UPDATE ON attempts
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION rs_agenda_attempts_changed();
CREATE TRIGGER attempts_agenda_delete AFTER DELETE ON attempts
    REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION rs_agenda_attempts_changed();

-- Settings (the playbook's durations): every open case is computed again.
CREATE FUNCTION rs_agenda_settings_changed() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    UPDATE case_agenda a SET agenda_on = -2147483648, gen = a.gen + 1;
    RETURN NULL;
END
$$;
CREATE TRIGGER settings_agenda AFTER INSERT OR UPDATE OR DELETE ON settings
    FOR EACH STATEMENT EXECUTE FUNCTION rs_agenda_settings_changed();

-- A coach's time zone: the days of all their cases move.
CREATE FUNCTION rs_agenda_coach_zone_changed() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    UPDATE case_agenda a SET agenda_on = -2147483648, gen = a.gen + 1 WHERE a.coach_id = NEW.id;
    RETURN NULL;
END
$$;
CREATE TRIGGER coaches_agenda_zone AFTER UPDATE OF time_zone ON coaches
    FOR EACH ROW WHEN (OLD.time_zone IS DISTINCT FROM NEW.time_zone)
    EXECUTE FUNCTION rs_agenda_coach_zone_changed();
