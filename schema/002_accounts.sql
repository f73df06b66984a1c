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

-- Failed-login bookkeeping, keyed by email and client address, so a
-- stranger's guesses cannot lock the owner of an address out elsewhere.
CREATE TABLE login_throttle (
    key            text PRIMARY KEY CHECK (length(key) <= 600),
    failures       integer NOT NULL DEFAULT 0 CHECK (failures >= 0),
    last_failure   timestamptz NOT NULL DEFAULT now(),
    locked_until   timestamptz
);

-- Counts a failed login for key. Failures older than window_s start a new
-- count. From the 3rd failure the key is slowed down: locked for 1 s, then
-- 2 s, ... (never longer than lockout_s); from the max_failures-th on, each
-- failure locks it for lockout_s, doubling per further failure, at most
-- lockout_max_s.
CREATE FUNCTION rs_login_failed(p_key text, window_s int, max_failures int, lockout_s int,
                                lockout_max_s int) RETURNS void
    LANGUAGE plpgsql
    AS $$
DECLARE
    n int;
BEGIN
    INSERT INTO login_throttle AS t (key, failures) VALUES (p_key, 1)
    ON CONFLICT (key) DO UPDATE
        SET failures = CASE WHEN t.last_failure < now() - make_interval(secs => window_s)
                            THEN 1 ELSE t.failures + 1 END,
            last_failure = now()
    RETURNING failures INTO n;
    IF n >= max_failures THEN
        UPDATE login_throttle
           SET locked_until = now() + make_interval(secs =>
                   least(lockout_max_s, lockout_s * power(2, least(n - max_failures, 20))::int))
         WHERE key = p_key;
    ELSIF n >= 3 THEN
        UPDATE login_throttle
           SET locked_until = now() + make_interval(secs =>
                   least(lockout_s, power(2, least(n - 3, 20))::int))
         WHERE key = p_key;
    END IF;
END
$$;

-- Login lookup by email, before any session exists. Returns the hash only
-- to the server process, which runs as the app role.
CREATE FUNCTION rs_login_lookup(p_email text)
    RETURNS TABLE (id bigint, role text, password_hash text, disabled boolean)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
    AS $$
        SELECT id, role, password_hash, disabled FROM coaches WHERE lower(email) = lower(p_email)
    $$;
REVOKE ALL ON FUNCTION rs_login_lookup(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rs_login_lookup(text) TO reinstate_app;

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
-- Throttling state is not coach-owned: the server manages it before login.
GRANT SELECT, INSERT, UPDATE, DELETE ON login_throttle TO reinstate_app;
-- Append-only: the app role can never change or remove an audit record.
GRANT SELECT, INSERT ON audit_log TO reinstate_app;
