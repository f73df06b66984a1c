-- Job seekers' access codes, and the "shared case" row-level-security
-- context their status check runs in.
--
-- A code is stored only as the BLAKE2b-256 hash of its normalised form
-- (like session tokens). The status check has no coach: it presents the
-- hash to rs_access_open(), which checks it (SECURITY DEFINER: the app role
-- cannot read codes without a coach context) and sets
-- reinstate.shared_case for the rest of the transaction. Extra SELECT
-- policies honour that context on exactly four tables: the case itself,
-- its client, its attempts and its coach. Notes, tasks, stage history,
-- other cases and access codes have no such policy, so even a query the
-- handler got wrong returns nothing private.

CREATE TABLE access_codes (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id     bigint NOT NULL,
    coach_id    bigint NOT NULL,
    code_hash   bytea NOT NULL UNIQUE CHECK (length(code_hash) = 32),
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    revoked_at  timestamptz,
    created_by  bigint NOT NULL REFERENCES coaches (id),
    FOREIGN KEY (case_id, coach_id) REFERENCES cases (id, coach_id) ON UPDATE CASCADE,
    CHECK (expires_at > created_at)
);
-- case unshare: a case's active codes.
CREATE INDEX access_codes_case_idx ON access_codes (case_id) WHERE revoked_at IS NULL;

ALTER TABLE access_codes ENABLE ROW LEVEL SECURITY;
ALTER TABLE access_codes FORCE ROW LEVEL SECURITY;
CREATE POLICY access_codes_own ON access_codes
    USING (rs_visible(coach_id)) WITH CHECK (rs_visible(coach_id));
-- Codes are issued and revoked, never edited or removed.
GRANT SELECT, INSERT ON access_codes TO reinstate_app;
GRANT UPDATE (revoked_at) ON access_codes TO reinstate_app;

-- The case shared with the current transaction's job seeker; NULL otherwise.
CREATE FUNCTION rs_shared_case() RETURNS bigint
    LANGUAGE sql STABLE
    AS $$ SELECT nullif(current_setting('reinstate.shared_case', true), '')::bigint $$;

-- The code check. Returns the case and the code's expiry when p_hash is a
-- code that is neither revoked nor expired, and sets the shared-case
-- context; returns no row otherwise (wrong, revoked and expired codes look
-- the same). Refuses to mix with a coach's context.
CREATE FUNCTION rs_access_open(p_hash bytea)
    RETURNS TABLE (case_id bigint, expires_at text)
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public
    AS $$
DECLARE
    r record;
BEGIN
    IF rs_actor() IS NOT NULL THEN
        RETURN;
    END IF;
    SELECT a.case_id, a.expires_at INTO r
      FROM access_codes a
     WHERE a.code_hash = p_hash AND a.revoked_at IS NULL AND a.expires_at > now();
    IF NOT FOUND THEN
        RETURN;
    END IF;
    PERFORM set_config('reinstate.shared_case', r.case_id::text, true);
    case_id := r.case_id;
    expires_at := rs_ts(r.expires_at);
    RETURN NEXT;
END
$$;
REVOKE ALL ON FUNCTION rs_access_open(bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rs_access_open(bytea) TO reinstate_app;

-- The shared case, readable only. Policies are permissive: these add to
-- the coach policies of 002 and 003, which see nothing without a coach.
CREATE POLICY cases_shared ON cases FOR SELECT
    USING (id = rs_shared_case());
-- Its client (the handler reads the name only) and its coach (name and
-- email only), through the shared case row the policy above lets through.
CREATE POLICY clients_shared ON clients FOR SELECT
    USING (id = (SELECT k.client_id FROM cases k WHERE k.id = rs_shared_case()));
CREATE POLICY coaches_shared ON coaches FOR SELECT
    USING (id = (SELECT k.coach_id FROM cases k WHERE k.id = rs_shared_case()));
-- Its attempts, which the next-step engine reads (never the summaries).
CREATE POLICY attempts_shared ON attempts FOR SELECT
    USING (case_id = rs_shared_case());
-- The playbook's durations, so the job seeker's next step is computed as
-- the coach's is. Settings hold no personal data.
CREATE POLICY settings_read_shared ON settings FOR SELECT
    USING (rs_shared_case() IS NOT NULL);
-- Deliberately no policy for notes, tasks, stage_history, access_codes,
-- sessions, idempotency or audit_log.
