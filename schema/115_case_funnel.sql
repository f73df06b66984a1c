-- What the funnel report needs of each case, kept beside it so the report
-- reads narrow rows instead of every case through the row-level-security
-- function of cases (plpgsql, once per row) and the whole stage history
-- grouped and sorted by case on every call (~930 ms at 100k cases).
--
-- case_funnel, one row per case: its owner, opening moment and current
-- stage (copied from cases), and what its stage history says: the furthest
-- stage it entered (vocab_stage.position, lost aside; NULL without
-- history), its first history moment and its last move into reinstated.
-- case_stay, one row per stay in a stage as the report measures it: the
-- stage left, and the days since the history row before (history in (at,
-- id) order), as the float8 the report's median sorts (extract(epoch FROM
-- stay) / 86400), with the case's owner and opening moment for the
-- report's scope and range.
--
-- Kept in the same transaction as every write, by triggers: a case
-- inserted, a case's stage, loss reason or opening moment changed, a stage
-- history row inserted, changed or deleted (each recomputes its cases
-- whole: a move dated by an attempt or an imported history may land
-- before rows already there), and the stage list reordered. A change of
-- owner follows the foreign keys' cascades. The app role may only read
-- them, through the same policy as the stage history; the triggers write
-- them as the owner (SECURITY DEFINER), who reads all of the history.
-- tests/integration/funnel_summary.sh compares the report with the figures
-- computed from cases and stage_history over writes of every kind.
CREATE TABLE case_funnel (
    case_id        bigint PRIMARY KEY,
    coach_id       bigint NOT NULL,
    created_at     timestamptz NOT NULL,
    stage          text NOT NULL,
    loss_reason    text,
    furthest       integer,
    opened_at      timestamptz,
    reinstated_at  timestamptz,
    UNIQUE (case_id, coach_id),
    FOREIGN KEY (case_id, coach_id) REFERENCES cases (id, coach_id)
        ON UPDATE CASCADE ON DELETE CASCADE
);
CREATE INDEX case_funnel_coach_idx ON case_funnel (coach_id);
-- The median from opening to reinstated reads the won cases only.
CREATE INDEX case_funnel_won_idx ON case_funnel (coach_id) WHERE stage = 'reinstated';

CREATE TABLE case_stay (
    case_id     bigint NOT NULL,
    coach_id    bigint NOT NULL,
    created_at  timestamptz NOT NULL,
    stage       text NOT NULL,
    days        float8 NOT NULL,
    FOREIGN KEY (case_id, coach_id) REFERENCES case_funnel (case_id, coach_id)
        ON UPDATE CASCADE ON DELETE CASCADE
);
CREATE INDEX case_stay_case_idx ON case_stay (case_id);

ALTER TABLE case_funnel ENABLE ROW LEVEL SECURITY;
ALTER TABLE case_funnel FORCE ROW LEVEL SECURITY;
CREATE POLICY case_funnel_own ON case_funnel FOR SELECT
    USING (coach_id = (SELECT rs_actor()) OR (SELECT rs_is_admin()));
CREATE POLICY case_funnel_definer ON case_funnel TO CURRENT_USER USING (true) WITH CHECK (true);
REVOKE ALL ON case_funnel FROM PUBLIC;
GRANT SELECT ON case_funnel TO reinstate_app;
ALTER TABLE case_stay ENABLE ROW LEVEL SECURITY;
ALTER TABLE case_stay FORCE ROW LEVEL SECURITY;
CREATE POLICY case_stay_own ON case_stay FOR SELECT
    USING (coach_id = (SELECT rs_actor()) OR (SELECT rs_is_admin()));
CREATE POLICY case_stay_definer ON case_stay TO CURRENT_USER USING (true) WITH CHECK (true);
REVOKE ALL ON case_stay FROM PUBLIC;
GRANT SELECT ON case_stay TO reinstate_app;
-- The triggers read a case's whole history as the owner, whatever the
-- caller's context (cases already have cases_mailer).
CREATE POLICY stage_history_definer ON stage_history FOR SELECT TO CURRENT_USER USING (true);

-- Recomputes the rows of the given cases from cases and stage_history.
CREATE FUNCTION rs_funnel_refresh(ids bigint[]) RETURNS void
    LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
    INSERT INTO case_funnel AS f (case_id, coach_id, created_at, stage, loss_reason, furthest,
                                  opened_at, reinstated_at)
    SELECT k.id, k.coach_id, k.created_at, k.stage, k.loss_reason, h.furthest, h.opened_at,
           h.reinstated_at
      FROM cases k,
           LATERAL (SELECT max(v.position) FILTER (WHERE s.to_stage <> 'lost') AS furthest,
                           min(s.at) AS opened_at,
                           max(s.at) FILTER (WHERE s.to_stage = 'reinstated') AS reinstated_at
                      FROM stage_history s
                      LEFT JOIN vocab_stage v ON v.word = s.to_stage
                     WHERE s.case_id = k.id) h
     WHERE k.id = ANY (ids)
    ON CONFLICT (case_id) DO UPDATE
       SET coach_id = excluded.coach_id, created_at = excluded.created_at,
           stage = excluded.stage, loss_reason = excluded.loss_reason,
           furthest = excluded.furthest, opened_at = excluded.opened_at,
           reinstated_at = excluded.reinstated_at;
    DELETE FROM case_stay WHERE case_id = ANY (ids);
    INSERT INTO case_stay (case_id, coach_id, created_at, stage, days)
    SELECT s.case_id, s.coach_id, s.created_at, s.from_stage,
           (extract(epoch FROM s.stay) / 86400)::float8
      FROM (SELECT h.case_id, k.coach_id, k.created_at, h.from_stage,
                   h.at - lag(h.at) OVER (PARTITION BY h.case_id ORDER BY h.at, h.id) AS stay
              FROM cases k JOIN stage_history h ON h.case_id = k.id
             WHERE k.id = ANY (ids)) s
     WHERE s.from_stage IS NOT NULL AND s.stay IS NOT NULL;
    $$;
REVOKE ALL ON FUNCTION rs_funnel_refresh(bigint[]) FROM PUBLIC;

-- Cases inserted: their rows (an import's history may come in the same
-- statement or later; its own trigger recomputes them then).
CREATE FUNCTION rs_funnel_cases_inserted() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
BEGIN
    PERFORM rs_funnel_refresh(ARRAY(SELECT id FROM new_rows));
    RETURN NULL;
END
$$;
CREATE TRIGGER cases_funnel_insert AFTER INSERT ON cases
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rs_funnel_cases_inserted();

-- A case's stage, loss reason or opening moment changed: copied. Per row
-- with a WHEN, so the many updates that change none of them (an etag bump,
-- the opening verified, details edited) queue nothing.
CREATE FUNCTION rs_funnel_case_changed() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
BEGIN
    UPDATE case_funnel
       SET stage = NEW.stage, loss_reason = NEW.loss_reason, created_at = NEW.created_at
     WHERE case_id = NEW.id;
    IF OLD.created_at IS DISTINCT FROM NEW.created_at THEN
        UPDATE case_stay SET created_at = NEW.created_at WHERE case_id = NEW.id;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER cases_funnel_update AFTER UPDATE ON cases FOR EACH ROW
    WHEN ((OLD.stage, OLD.loss_reason, OLD.created_at)
          IS DISTINCT FROM (NEW.stage, NEW.loss_reason, NEW.created_at))
    EXECUTE FUNCTION rs_funnel_case_changed();

-- Stage history written: its cases recomputed whole.
CREATE FUNCTION rs_funnel_history_changed() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM rs_funnel_refresh(ARRAY(SELECT DISTINCT case_id FROM new_rows));
    ELSIF TG_OP = 'UPDATE' THEN
        PERFORM rs_funnel_refresh(ARRAY(SELECT case_id FROM new_rows
                                        UNION SELECT case_id FROM old_rows));
    ELSE
        PERFORM rs_funnel_refresh(ARRAY(SELECT DISTINCT case_id FROM old_rows));
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER stage_history_funnel_insert AFTER INSERT ON stage_history
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
    EXECUTE FUNCTION rs_funnel_history_changed();
CREATE TRIGGER stage_history_funnel_update AFTER UPDATE ON stage_history
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
    EXECUTE FUNCTION rs_funnel_history_changed();
CREATE TRIGGER stage_history_funnel_delete AFTER DELETE ON stage_history
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
    EXECUTE FUNCTION rs_funnel_history_changed();

-- The stage list reordered (a stage added in vocab.def, synced at start-up):
-- every furthest stage is a position, so every row is recomputed. The
-- start-up's sync rewrites the rows unchanged: nothing to do then.
CREATE FUNCTION rs_funnel_stages_changed() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM new_rows n JOIN old_rows o ON o.word = n.word
                WHERE o.position <> n.position) THEN
        PERFORM rs_funnel_refresh(ARRAY(SELECT id FROM cases));
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER vocab_stage_funnel AFTER UPDATE ON vocab_stage
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
    EXECUTE FUNCTION rs_funnel_stages_changed();

-- The cases already there.
SELECT rs_funnel_refresh(ARRAY(SELECT id FROM cases));
