-- The database as a second lock that holds against SQL of its own: the
-- request connections log in as reinstate_app (not a superuser, not the
-- owner, a member of no other role, so RESET ROLE leaves it reinstate_app),
-- and the row-level-security context is a row the app role cannot write.
--
-- Until now the context was three settings (reinstate.coach_id, .role,
-- .shared_case) that any role may set_config() to any value. Now
-- rs_authenticate() and the other checks record it in rs_context, one row
-- per backend, stamped with the transaction's id (xid8, never reused). Only
-- rs_context_set() writes it, a SECURITY DEFINER function that the app role
-- may not execute; the checks that call it (a valid session token, access
-- code, calendar feed token, or a login proof only the server can make) are
-- the only ways in. The accessors rs_actor(), rs_is_admin() and
-- rs_shared_case() read the row of this backend and this transaction; any
-- other transaction (the next call on the same connection included) sees
-- none. They are one primary-key lookup each, and the policies evaluate
-- them once per statement (initplans, schema/081 and below).

-- Owner-side only: the app role gets no privilege on these two tables.
CREATE UNLOGGED TABLE rs_context (
    pid          integer PRIMARY KEY,
    xact         xid8 NOT NULL,
    coach_id     bigint,
    role         text NOT NULL DEFAULT '',
    shared_case  bigint
);
REVOKE ALL ON rs_context FROM PUBLIC;

-- The key of the login proof (rs_session_open): 32 random bytes, read by
-- the server over the owner's connection at start, never by the app role.
CREATE EXTENSION IF NOT EXISTS pgcrypto SCHEMA public;
CREATE TABLE rs_login_key (
    only_row  boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    key       bytea NOT NULL CHECK (length(key) = 32)
);
REVOKE ALL ON rs_login_key FROM PUBLIC;
INSERT INTO rs_login_key (key) VALUES (public.gen_random_bytes(32));

-- Row-level security forced like everywhere else: no policy for the app
-- role (which has no privilege on them either), all rows for the owner,
-- who reads and writes them through the functions below.
ALTER TABLE rs_context ENABLE ROW LEVEL SECURITY;
ALTER TABLE rs_context FORCE ROW LEVEL SECURITY;
CREATE POLICY rs_context_owner ON rs_context TO CURRENT_USER USING (true) WITH CHECK (true);
ALTER TABLE rs_login_key ENABLE ROW LEVEL SECURITY;
ALTER TABLE rs_login_key FORCE ROW LEVEL SECURITY;
CREATE POLICY rs_login_key_owner ON rs_login_key TO CURRENT_USER USING (true) WITH CHECK (true);

-- Records the context of the current transaction. Not executable by the
-- app role; called by the checks below (and by the owner's own tools).
CREATE FUNCTION rs_context_set(p_coach bigint, p_role text, p_shared bigint) RETURNS void
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
    AS $$
    INSERT INTO public.rs_context AS x (pid, xact, coach_id, role, shared_case)
    VALUES (pg_backend_pid(), pg_current_xact_id(), p_coach, coalesce(p_role, ''), p_shared)
    ON CONFLICT (pid) DO UPDATE
       SET xact = excluded.xact, coach_id = excluded.coach_id, role = excluded.role,
           shared_case = excluded.shared_case
    $$;
REVOKE ALL ON FUNCTION rs_context_set(bigint, text, bigint) FROM PUBLIC;

-- The accessors. SECURITY DEFINER to read rs_context; every name is
-- qualified, so the caller's search_path cannot redirect them.
-- pg_current_xact_id_if_assigned() is NULL until the transaction writes:
-- a transaction that never passed a check matches no row.
CREATE OR REPLACE FUNCTION rs_actor() RETURNS bigint
    LANGUAGE sql STABLE SECURITY DEFINER PARALLEL RESTRICTED
    AS $$
    SELECT x.coach_id FROM public.rs_context x
     WHERE x.pid = pg_catalog.pg_backend_pid()
       AND x.xact = pg_catalog.pg_current_xact_id_if_assigned()
    $$;

CREATE OR REPLACE FUNCTION rs_is_admin() RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER PARALLEL RESTRICTED
    AS $$
    SELECT coalesce((SELECT x.role = 'admin'
                       FROM public.rs_context x
                      WHERE x.pid = pg_catalog.pg_backend_pid()
                        AND x.xact = pg_catalog.pg_current_xact_id_if_assigned()), false)
    $$;

CREATE OR REPLACE FUNCTION rs_shared_case() RETURNS bigint
    LANGUAGE sql STABLE SECURITY DEFINER PARALLEL RESTRICTED
    AS $$
    SELECT x.shared_case FROM public.rs_context x
     WHERE x.pid = pg_catalog.pg_backend_pid()
       AND x.xact = pg_catalog.pg_current_xact_id_if_assigned()
    $$;

-- rs_visible() of 003 with the caller and the admin flag as arguments, so
-- the policies pass them as initplans (one lookup per statement) while the
-- function stays opaque to the planner, as 003 explains.
CREATE FUNCTION rs_visible(owner bigint, actor bigint, admin boolean) RETURNS boolean
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    AS $$
BEGIN
    RETURN owner = actor OR coalesce(admin, false);
END
$$;

CREATE OR REPLACE FUNCTION rs_visible(owner bigint) RETURNS boolean
    LANGUAGE plpgsql STABLE PARALLEL RESTRICTED
    AS $$
BEGIN
    RETURN owner = rs_actor() OR rs_is_admin();
END
$$;

ALTER POLICY cases_own ON cases
    USING (rs_visible(coach_id, (SELECT rs_actor()), (SELECT rs_is_admin())))
    WITH CHECK (rs_visible(coach_id, (SELECT rs_actor()), (SELECT rs_is_admin())));
ALTER POLICY clients_own ON clients
    USING (rs_visible(coach_id, (SELECT rs_actor()), (SELECT rs_is_admin())))
    WITH CHECK (rs_visible(coach_id, (SELECT rs_actor()), (SELECT rs_is_admin())));
ALTER POLICY coaches_self_or_admin ON coaches
    USING (id = (SELECT rs_actor()) OR (SELECT rs_is_admin()))
    WITH CHECK (id = (SELECT rs_actor()) OR (SELECT rs_is_admin()));
ALTER POLICY sessions_own ON sessions
    USING (coach_id = (SELECT rs_actor()) OR (SELECT rs_is_admin()))
    WITH CHECK (coach_id = (SELECT rs_actor()) OR (SELECT rs_is_admin()));
ALTER POLICY idempotency_own ON idempotency
    USING (coach_id = (SELECT rs_actor())) WITH CHECK (coach_id = (SELECT rs_actor()));

-- The checks, as before, recording the context in rs_context.
CREATE OR REPLACE FUNCTION rs_authenticate(p_hash bytea)
    RETURNS TABLE (coach_id bigint, role text, email text)
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
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
    PERFORM rs_context_set(r.id, r.role, NULL);
    coach_id := r.id;
    role := r.role;
    email := r.email;
    RETURN NEXT;
END
$$;

CREATE OR REPLACE FUNCTION rs_feed_open(p_token text)
    RETURNS TABLE (coach_id bigint, time_zone text)
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
DECLARE
    r record;
BEGIN
    IF rs_actor() IS NOT NULL THEN
        RETURN;
    END IF;
    SELECT c.id, c.time_zone INTO r
      FROM calendar_feeds f JOIN coaches c ON c.id = f.coach_id
     WHERE f.token = p_token AND f.revoked_at IS NULL AND NOT c.disabled;
    IF NOT FOUND THEN
        RETURN;
    END IF;
    PERFORM rs_context_set(r.id, 'coach', NULL);
    coach_id := r.id;
    time_zone := r.time_zone;
    RETURN NEXT;
END
$$;

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
    RETURNING a.case_id, a.expires_at INTO r;
    IF NOT FOUND THEN
        RETURN;
    END IF;
    PERFORM rs_context_set(NULL, '', r.case_id);
    case_id := r.case_id;
    expires_at := rs_ts(r.expires_at);
    RETURN NEXT;
END
$$;

-- A login: the server checked the password (Argon2id, in C) and proves it
-- with HMAC-SHA-256(rs_login_key, '<coach id>:<token hash as \x hex>'),
-- which only a holder of the key can make. The session is opened and the
-- context set to its coach; a proof opens one session only (token hashes
-- are unique). A wrong proof or a disabled coach is refused.
CREATE FUNCTION rs_session_open(p_coach bigint, p_token_hash bytea, p_ttl_s integer,
                                p_proof bytea)
    RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
DECLARE
    r record;
    k bytea;
    t timestamptz;
BEGIN
    SELECT key INTO k FROM rs_login_key;
    IF k IS NULL OR p_proof IS NULL OR p_proof <> public.hmac(
           convert_to(p_coach::text || ':\x' || encode(p_token_hash, 'hex'), 'UTF8'),
           k, 'sha256') THEN
        RAISE EXCEPTION 'login proof does not match' USING ERRCODE = '42501';
    END IF;
    SELECT c.id, c.role INTO r FROM coaches c WHERE c.id = p_coach AND NOT c.disabled;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no such coach' USING ERRCODE = '42501';
    END IF;
    PERFORM rs_context_set(r.id, r.role, NULL);
    INSERT INTO sessions (coach_id, token_hash, expires_at)
    VALUES (r.id, p_token_hash, now() + make_interval(secs => p_ttl_s))
    RETURNING expires_at INTO t;
    RETURN rs_ts(t);
END
$$;
REVOKE ALL ON FUNCTION rs_session_open(bigint, bytea, integer, bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rs_session_open(bigint, bytea, integer, bytea) TO reinstate_app;

-- The job seeker's status check reads through these functions only: the
-- inputs of the next step (no salary, no notes, no attempt summaries, no
-- client email or phone) and the coach's name and email. The policies
-- that opened whole rows of cases, clients, coaches and attempts to the
-- shared-case context are gone.
DROP POLICY cases_shared ON cases;
DROP POLICY clients_shared ON clients;
DROP POLICY coaches_shared ON coaches;
DROP POLICY attempts_shared ON attempts;

CREATE FUNCTION rs_shared_case_facts()
    RETURNS TABLE (id bigint, coach_id bigint, client_name text, company text, role_title text,
                   manager_name text, hr_name text, stage text, loss_reason text,
                   opening_status text, opening_verified_day integer, declined_day integer,
                   created_day integer, stage_changed_day integer, start_day integer,
                   interview_day integer, offered_day integer, decline_reason text,
                   better_offer text, route text, route_contact text, motivation_day integer)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
    WITH k AS (SELECT c.*, rs_zone(c.coach_id) AS zone FROM cases c WHERE c.id = rs_shared_case())
    SELECT c.id, c.coach_id, cl.name, c.company, c.role_title,
           c.manager_name, c.hr_name, c.stage, coalesce(c.loss_reason, 'other'),
           c.opening_status, rs_day(c.opening_verified_at, c.zone),
           c.declined_on - DATE '1970-01-01', rs_day(c.created_at, c.zone),
           rs_day(c.stage_changed_at, c.zone), c.start_on - DATE '1970-01-01',
           c.interview_on - DATE '1970-01-01', c.offered_on - DATE '1970-01-01',
           c.decline_reason, c.better_offer, c.route, c.route_contact,
           rs_day(c.motivation_confirmed_at, c.zone)
      FROM k c JOIN clients cl ON cl.id = c.client_id
    $$;

CREATE FUNCTION rs_shared_attempt_facts()
    RETURNS TABLE (case_id bigint, on_day integer, id bigint, channel text, contact_role text,
                   contact_name text, accepted_responsibility boolean,
                   conveyed_commitment boolean, offered_reinterview boolean, outcome text,
                   follow_up_day integer, ord bigint)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
    SELECT a.case_id, rs_day(a.at, rs_zone(a.coach_id)), a.id, a.channel, a.contact_role,
           a.contact_name, a.accepted_responsibility, a.conveyed_commitment,
           a.offered_reinterview, a.outcome, a.follow_up_on - DATE '1970-01-01',
           row_number() OVER (ORDER BY a.at, a.id)
      FROM attempts a
     WHERE a.case_id = rs_shared_case() AND a.voided_at IS NULL
    $$;

CREATE FUNCTION rs_shared_status()
    RETURNS TABLE (case_id bigint, coach_id bigint, role_title text, closed boolean,
                   coach_name text, coach_email text)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
    SELECT k.id, k.coach_id, k.role_title, k.closed_at IS NOT NULL, co.display_name, co.email
      FROM cases k JOIN coaches co ON co.id = k.coach_id
     WHERE k.id = rs_shared_case()
    $$;

REVOKE ALL ON FUNCTION rs_shared_case_facts() FROM PUBLIC;
REVOKE ALL ON FUNCTION rs_shared_attempt_facts() FROM PUBLIC;
REVOKE ALL ON FUNCTION rs_shared_status() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rs_shared_case_facts() TO reinstate_app;
GRANT EXECUTE ON FUNCTION rs_shared_attempt_facts() TO reinstate_app;
GRANT EXECUTE ON FUNCTION rs_shared_status() TO reinstate_app;

-- Every SECURITY DEFINER function searches pg_temp last: with pg_temp
-- first (its implicit place), a caller's temporary table named like one of
-- ours would be read in its stead.
DO $$
DECLARE
    f record;
BEGIN
    FOR f IN SELECT p.oid::regprocedure AS sig FROM pg_proc p
              JOIN pg_namespace n ON n.oid = p.pronamespace
             WHERE n.nspname = 'public' AND p.prosecdef
               AND p.proname NOT IN ('rs_actor', 'rs_is_admin', 'rs_shared_case') LOOP
        EXECUTE format('ALTER FUNCTION %s SET search_path = public, pg_temp', f.sig);
    END LOOP;
END
$$;

-- The app role logs in itself (no owner session to RESET ROLE back to) and
-- may not make temporary objects. Both need privileges the owner may lack
-- (Compose's init script does the first; docs/deploy.md): then they are
-- left to whoever set the database up.
DO $$
BEGIN
    IF NOT (SELECT rolcanlogin FROM pg_roles WHERE rolname = 'reinstate_app') THEN
        ALTER ROLE reinstate_app LOGIN;
    END IF;
EXCEPTION
    WHEN insufficient_privilege THEN
        RAISE NOTICE 'reinstate_app cannot log in: give it LOGIN (docs/deploy.md)';
END
$$;
DO $$
BEGIN
    EXECUTE format('REVOKE TEMPORARY ON DATABASE %I FROM PUBLIC', current_database());
EXCEPTION
    WHEN insufficient_privilege THEN
        RAISE NOTICE 'could not revoke TEMPORARY from PUBLIC on this database';
END
$$;
-- The owner needed CREATEROLE (when not a superuser) only to create
-- reinstate_app in 001 and let it log in above: it keeps no more than it
-- needs.
DO $$
BEGIN
    IF (SELECT rolcreaterole AND NOT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
        EXECUTE format('ALTER ROLE %I NOCREATEROLE', current_user);
    END IF;
EXCEPTION
    WHEN insufficient_privilege THEN
        RAISE NOTICE 'could not drop CREATEROLE from %', current_user;
END
$$;
