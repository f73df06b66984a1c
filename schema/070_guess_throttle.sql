-- Wrong access codes are counted without the login slow-down: an access
-- code has 80 random bits, so guessing is hopeless at any rate a server
-- answers and the limits only bound load (docs/security.md has the
-- numbers). Failures older than window_s start a new count; from the
-- max_failures-th on, each failure locks the key for lockout_s, doubling
-- per further failure, at most lockout_max_s. Same table as logins; keys
-- carry their own prefix.
CREATE FUNCTION rs_guess_failed(p_key text, window_s int, max_failures int, lockout_s int,
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
    END IF;
END
$$;

GRANT EXECUTE ON FUNCTION rs_guess_failed(text, int, int, int, int) TO reinstate_app;
