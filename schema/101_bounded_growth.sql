-- Bounded growth.
--
-- A job seeker's status checks are counted, not listed: one audit row per
-- access code per hour (UTC), whose repeats column counts the checks and
-- whose summary says how many. rs_access_open() keeps it, as the owner,
-- through the two policies below, which let the owner read and count up
-- only those rows; the app role still only appends to audit_log.
ALTER TABLE audit_log ADD COLUMN access_code_id bigint;
ALTER TABLE audit_log ADD COLUMN repeats integer NOT NULL DEFAULT 1 CHECK (repeats >= 1);
CREATE UNIQUE INDEX audit_log_status_hour_idx
    ON audit_log (access_code_id, date_trunc('hour', at AT TIME ZONE 'UTC'))
    WHERE access_code_id IS NOT NULL;
CREATE POLICY audit_log_status_views_read ON audit_log FOR SELECT TO CURRENT_USER
    USING (access_code_id IS NOT NULL);
CREATE POLICY audit_log_status_views_count ON audit_log FOR UPDATE TO CURRENT_USER
    USING (access_code_id IS NOT NULL) WITH CHECK (access_code_id IS NOT NULL);

CREATE OR REPLACE FUNCTION rs_access_open(p_hash bytea)
    RETURNS TABLE (case_id bigint, expires_at text)
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
DECLARE
    r record;
BEGIN
    IF rs_actor() IS NOT NULL THEN
        RETURN;
    END IF;
    UPDATE access_codes a SET views = a.views + 1, last_viewed_at = now()
     WHERE a.code_hash = p_hash AND a.revoked_at IS NULL AND a.expires_at > now()
    RETURNING a.id, a.case_id, a.expires_at INTO r;
    IF NOT FOUND THEN
        RETURN;
    END IF;
    PERFORM rs_context_set(NULL, '', r.case_id);
    INSERT INTO audit_log AS l (actor_id, method, record, summary, access_code_id)
    VALUES (NULL, 'reinstate.v1.Access/GetStatus', 'case/' || r.case_id,
            format('status viewed by the job seeker 1 time this hour (access code %s)', r.id),
            r.id)
    ON CONFLICT (access_code_id, date_trunc('hour', at AT TIME ZONE 'UTC'))
       WHERE access_code_id IS NOT NULL
    DO UPDATE SET repeats = l.repeats + 1,
                  summary = format('status viewed by the job seeker %s times this hour '
                                   '(access code %s)', l.repeats + 1, r.id);
    case_id := r.case_id;
    expires_at := rs_ts(r.expires_at);
    RETURN NEXT;
END
$$;

-- The janitor (server/ops/janitor.c) runs as the owner: it deletes stored
-- replies of every coach past idempotency_retention_days, so it may read
-- them (the delete policy of schema/050 lets it delete them).
CREATE POLICY idempotency_janitor ON idempotency FOR SELECT TO CURRENT_USER USING (true);
