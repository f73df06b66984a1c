-- What the funnel report needs of each case, kept beside it so the report
-- reads one narrow row a case instead of the case, the row-level-security
-- function of cases (plpgsql, once per row) and the whole stage history
-- grouped and sorted by case on every call (~930 ms at 100k cases).
--
-- One row per case: its owner, opening moment and current stage (copied
-- from cases), and what its stage history says: the furthest stage it
-- entered (vocab_stage.position, lost aside; NULL without history), its
-- first history moment, its last move into reinstated, and every stay in a
-- stage as the report measures it (the stage left, and the days since the
-- row before in history (at, id) order, as the float8 the report's median
-- sorts: extract(epoch FROM stay) / 86400), in two parallel arrays.
--
-- Kept in the same transaction as every write, by triggers: a case
-- inserted, a case's stage, loss reason or opening moment changed, a stage
-- history row inserted, changed or deleted (each recomputes its cases
-- whole: a move dated by an attempt or an imported history may land
-- before rows already there), and the stage list reordered. A change of
-- owner follows the foreign key's cascade. The app role may only read it,
-- through the same policy as the stage history; the triggers write it as
-- the owner (SECURITY DEFINER), who reads all of the history.
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
    stay_stage     text[] NOT NULL DEFAULT '{}',
    stay_days      float8[] NOT NULL DEFAULT '{}',
    FOREIGN KEY (case_id, coach_id) REFERENCES cases (id, coach_id)
        ON UPDATE CASCADE ON DELETE CASCADE,
    CHECK (cardinality(stay_stage) = cardinality(stay_days))
);
CREATE INDEX case_funnel_coach_idx ON case_funnel (coach_id);

ALTER TABLE case_funnel ENABLE ROW LEVEL SECURITY;
ALTER TABLE case_funnel FORCE ROW LEVEL SECURITY;
CREATE POLICY case_funnel_own ON case_funnel FOR SELECT
    USING (coach_id = (SELECT rs_actor()) OR (SELECT rs_is_admin()));
CREATE POLICY case_funnel_definer ON case_funnel TO CURRENT_USER USING (true) WITH CHECK (true);
REVOKE ALL ON case_funnel FROM PUBLIC;
GRANT SELECT ON case_funnel TO reinstate_app;
-- The triggers read a case's whole history as the owner, whatever the
-- caller's context (cases already have cases_mailer).
CREATE POLICY stage_history_definer ON stage_history FOR SELECT TO CURRENT_USER USING (true);

-- Recomputes the rows of the given cases from cases and stage_history.
CREATE FUNCTION rs_funnel_refresh(ids bigint[]) RETURNS void
    LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
    INSERT INTO case_funnel AS f (case_id, coach_id, created_at, stage, loss_reason, furthest,
                                  opened_at, reinstated_at, stay_stage, stay_days)
    SELECT k.id, k.coach_id, k.created_at, k.stage, k.loss_reason, h.furthest, h.opened_at,
           h.reinstated_at, coalesce(h.stay_stage, '{}'), coalesce(h.stay_days, '{}')
      FROM cases k,
           LATERAL (SELECT max(v.position) FILTER (WHERE s.to_stage <> 'lost') AS furthest,
                           min(s.at) AS opened_at,
                           max(s.at) FILTER (WHERE s.to_stage = 'reinstated') AS reinstated_at,
                           array_agg(s.from_stage ORDER BY s.at, s.id)
                               FILTER (WHERE s.from_stage IS NOT NULL AND s.stay IS NOT NULL)
                               AS stay_stage,
                           array_agg((extract(epoch FROM s.stay) / 86400)::float8
                                     ORDER BY s.at, s.id)
                               FILTER (WHERE s.from_stage IS NOT NULL AND s.stay IS NOT NULL)
                               AS stay_days
                      FROM (SELECT h.id, h.at, h.from_stage, h.to_stage,
                                   h.at - lag(h.at) OVER (ORDER BY h.at, h.id) AS stay
                              FROM stage_history h WHERE h.case_id = k.id) s
                      LEFT JOIN vocab_stage v ON v.word = s.to_stage) h
     WHERE k.id = ANY (ids)
    ON CONFLICT (case_id) DO UPDATE
       SET coach_id = excluded.coach_id, created_at = excluded.created_at,
           stage = excluded.stage, loss_reason = excluded.loss_reason,
           furthest = excluded.furthest, opened_at = excluded.opened_at,
           reinstated_at = excluded.reinstated_at, stay_stage = excluded.stay_stage,
           stay_days = excluded.stay_days
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
