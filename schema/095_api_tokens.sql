-- API tokens for scripts: sessions with a name, an expiry of the coach's
-- choosing and an optional read-only scope. They live in the sessions
-- table, so the one session check (rs_authenticate) admits them and sets
-- the row-level-security context exactly as for a login; the server asks
-- rs_token_scope for the scope in the same round trip and refuses every
-- call that changes data to a read-only token.
ALTER TABLE sessions
    ADD COLUMN name text CHECK (name IS NULL OR length(btrim(name)) BETWEEN 1 AND 100),
    ADD COLUMN read_only boolean NOT NULL DEFAULT false,
    ADD COLUMN last_used_at timestamptz;

-- A read-only scope makes sense only on a named token.
ALTER TABLE sessions ADD CONSTRAINT sessions_read_only_named CHECK (NOT read_only OR name IS NOT NULL);

CREATE INDEX sessions_tokens_idx ON sessions (coach_id, id) WHERE name IS NOT NULL;

-- The scope of the token whose hash is p_hash, called right after
-- rs_authenticate in the same transaction: runs as the caller, so it sees
-- only the caller's own sessions. Notes the use of a named token (at most
-- once a minute, so a busy script does not rewrite its row on every call).
-- Returns true for a read-only token, false otherwise (NULL: no such
-- session visible, which rs_authenticate has already refused).
CREATE FUNCTION rs_token_scope(p_hash bytea) RETURNS boolean
    LANGUAGE plpgsql
    AS $$
DECLARE
    ro boolean;
BEGIN
    UPDATE sessions SET last_used_at = now()
     WHERE token_hash = p_hash AND name IS NOT NULL
       AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')
    RETURNING read_only INTO ro;
    IF NOT FOUND THEN
        SELECT read_only INTO ro FROM sessions WHERE token_hash = p_hash;
    END IF;
    RETURN ro;
END
$$;
REVOKE ALL ON FUNCTION rs_token_scope(bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rs_token_scope(bytea) TO reinstate_app;
