-- Coaches (the users), their sessions, the idempotency records and the
-- append-only audit log.

CREATE TABLE coaches (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email          text NOT NULL CHECK (length(email) BETWEEN 3 AND 254 AND email LIKE '%_@_%'),
    display_name   text NOT NULL CHECK (length(btrim(display_name)) BETWEEN 1 AND 200),
    role           text NOT NULL DEFAULT 'coach' CHECK (role IN ('admin', 'coach')),
    password_hash  text NOT NULL,
    disabled       boolean NOT NULL DEFAULT false,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX coaches_email_key ON coaches (lower(email));

CREATE TABLE sessions (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    coach_id    bigint NOT NULL REFERENCES coaches (id),
    token_hash  bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    revoked_at  timestamptz,
    CHECK (expires_at > created_at)
);
CREATE INDEX sessions_coach_idx ON sessions (coach_id) WHERE revoked_at IS NULL;

-- One row per (caller, request_id) of a mutation: claimed at the start of
-- the transaction, filled with the response before commit. A repeat of the
-- id replays the response instead of executing again.
CREATE TABLE idempotency (
    coach_id    bigint NOT NULL REFERENCES coaches (id),
    request_id  text NOT NULL CHECK (length(request_id) BETWEEN 1 AND 64),
    method      text NOT NULL,
    response    bytea,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (coach_id, request_id)
);
CREATE INDEX idempotency_created_idx ON idempotency (created_at);

CREATE TABLE audit_log (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at          timestamptz NOT NULL DEFAULT now(),
    actor_id    bigint REFERENCES coaches (id),
    method      text NOT NULL,
    record      text NOT NULL DEFAULT '',
    request_id  text NOT NULL DEFAULT '',
    summary     text NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_record_idx ON audit_log (record, id);
CREATE INDEX audit_log_actor_idx ON audit_log (actor_id, id);

-- The session check. SECURITY DEFINER: the app role cannot read sessions of
-- others, but any caller may present a token. Sets the row-level-security
-- context for the rest of the transaction.
CREATE FUNCTION rs_authenticate(p_hash bytea)
    RETURNS TABLE (coach_id bigint, role text, email text)
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public
    AS $$
DECLARE
    r record;
BEGIN
    SELECT c.id, c.role, c.email INTO r
      FROM sessions s JOIN coaches c ON c.id = s.coach_id
     WHERE s.token_hash = p_hash AND s.revoked_at IS NULL AND s.expires_at > now()
       AND NOT c.disabled;
    IF NOT FOUND THEN
        RETURN;
    END IF;
    PERFORM set_config('reinstate.coach_id', r.id::text, true);
    PERFORM set_config('reinstate.role', r.role, true);
    coach_id := r.id;
    role := r.role;
    email := r.email;
    RETURN NEXT;
END
$$;
REVOKE ALL ON FUNCTION rs_authenticate(bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rs_authenticate(bytea) TO reinstate_app;

-- Row-level security, forced so that it holds even for the owner.
ALTER TABLE coaches ENABLE ROW LEVEL SECURITY;
ALTER TABLE coaches FORCE ROW LEVEL SECURITY;
CREATE POLICY coaches_self_or_admin ON coaches
    USING (id = rs_actor() OR rs_is_admin())
    WITH CHECK (id = rs_actor() OR rs_is_admin());

ALTER TABLE sessions ENABLE ROW LEVEL SECURITY;
ALTER TABLE sessions FORCE ROW LEVEL SECURITY;
CREATE POLICY sessions_own ON sessions
    USING (coach_id = rs_actor() OR rs_is_admin())
    WITH CHECK (coach_id = rs_actor() OR rs_is_admin());

ALTER TABLE idempotency ENABLE ROW LEVEL SECURITY;
ALTER TABLE idempotency FORCE ROW LEVEL SECURITY;
CREATE POLICY idempotency_own ON idempotency
    USING (coach_id = rs_actor()) WITH CHECK (coach_id = rs_actor());

ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_log FORCE ROW LEVEL SECURITY;
CREATE POLICY audit_log_read_admin ON audit_log FOR SELECT USING (rs_is_admin());
CREATE POLICY audit_log_append ON audit_log FOR INSERT
    WITH CHECK (actor_id IS NOT DISTINCT FROM rs_actor());

GRANT SELECT, INSERT, UPDATE ON coaches, sessions, idempotency TO reinstate_app;
-- Append-only: the app role can never change or remove an audit record.
GRANT SELECT, INSERT ON audit_log TO reinstate_app;
