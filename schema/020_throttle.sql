-- Guess limits that hold under concurrency, and one normal form for emails.
--
-- rs_throttle_claim() takes the key's row lock before a guess is checked:
-- parallel guesses on one key run one after the other, each seeing the
-- failures the previous ones counted, so "5 failures" means 5 under any
-- concurrency. It waits at most lock_wait_ms for the lock and then answers
-- -1 ("busy") instead of holding a worker longer.
--
-- Locks count from the moment of the failure (clock_timestamp), not from the
-- start of its transaction: a password hash can take a second or more on a
-- busy host, which would eat a short slow-down before the reply is sent.
--
-- rs_throttle_failed() generalises rs_login_failed() (002) with the count
-- from which guesses are slowed down, so a key shared by many people (an
-- address, an account, every code) can start slowing later than a key for
-- one email from one address.

CREATE FUNCTION rs_throttle_claim(p_key text, lock_wait_ms int) RETURNS int
    LANGUAGE plpgsql
    AS $$
DECLARE
    secs int;
BEGIN
    PERFORM set_config('lock_timeout', lock_wait_ms::text, true);
    BEGIN
        INSERT INTO login_throttle (key) VALUES (p_key) ON CONFLICT (key) DO NOTHING;
        SELECT ceil(extract(epoch FROM t.locked_until - clock_timestamp()))::int INTO secs
          FROM login_throttle t WHERE t.key = p_key FOR UPDATE;
    EXCEPTION
        WHEN lock_not_available THEN
            PERFORM set_config('lock_timeout', '0', true);
            RETURN -1;
    END;
    PERFORM set_config('lock_timeout', '0', true);
    IF secs IS NULL OR secs <= 0 THEN
        RETURN 0;
    END IF;
    RETURN secs;
END
$$;

CREATE FUNCTION rs_throttle_failed(p_key text, window_s int, slow_from int, max_failures int,
                                   lockout_s int, lockout_max_s int) RETURNS void
    LANGUAGE plpgsql
    AS $$
DECLARE
    n int;
BEGIN
    INSERT INTO login_throttle AS t (key, failures) VALUES (p_key, 1)
    ON CONFLICT (key) DO UPDATE
        SET failures = CASE WHEN t.last_failure < now() - make_interval(secs => window_s)
                                  OR t.failures = 0
                            THEN 1 ELSE t.failures + 1 END,
            last_failure = now()
    RETURNING failures INTO n;
    IF n >= max_failures THEN
        UPDATE login_throttle
           SET locked_until = clock_timestamp() + make_interval(secs =>
                   least(lockout_max_s, lockout_s * power(2, least(n - max_failures, 20))::int))
         WHERE key = p_key;
    ELSIF n >= slow_from THEN
        UPDATE login_throttle
           SET locked_until = clock_timestamp() + make_interval(secs =>
                   least(lockout_s, power(2, least(n - slow_from, 20))::int))
         WHERE key = p_key;
    END IF;
END
$$;

GRANT EXECUTE ON FUNCTION rs_throttle_claim(text, int) TO reinstate_app;
GRANT EXECUTE ON FUNCTION rs_throttle_failed(text, int, int, int, int, int) TO reinstate_app;

-- Emails are ASCII (the server refuses others), compared in ASCII lower
-- case: PostgreSQL's lower() maps U+212A KELVIN SIGN to 'k' and U+0130 to
-- 'i', which let one account answer to many spellings.
CREATE OR REPLACE FUNCTION rs_login_lookup(p_email text)
    RETURNS TABLE (id bigint, role text, password_hash text, disabled boolean)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
    AS $$
        SELECT id, role, password_hash, disabled FROM coaches
         WHERE p_email ~ '^[!-~]+$' AND lower(email) = lower(p_email)
    $$;

-- The same rule for stored emails (NOT VALID: rows from before are kept).
ALTER TABLE coaches ADD CONSTRAINT coaches_email_ascii CHECK (email ~ '^[!-~]+$') NOT VALID;

-- A mutation that fails but keeps its bookkeeping (a wrong current password
-- is counted) gives its request_id back, so a retry is not answered with an
-- empty replay.
GRANT DELETE ON idempotency TO reinstate_app;
