-- Matching text the way people type it, and the coach's view of when the
-- job seeker looked.
--
-- rs_fold(text): the form text is compared in by every "contains" filter
-- (case list --company, and search built on it): accents removed with the
-- unaccent extension, then lower-cased under ICU's root collation, so
-- "GÉNÉRALE", "generale" and "Générale" match "Société Générale" whatever
-- the database's or the host's locale. IMMUTABLE (unaccent itself is only
-- STABLE because it looks its dictionary up by search_path; the wrapper
-- names it), so expression and trigram indexes can be built on it. pg_trgm
-- is created here too, for those indexes.
CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public;
CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;

CREATE FUNCTION rs_fold(t text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, t) COLLATE "und-x-icu") $$;
GRANT EXECUTE ON FUNCTION rs_fold(text) TO reinstate_app;

-- Each code counts the status checks made with it and keeps the last one's
-- time, so the coach sees in `case shares` and `case show` when the job
-- seeker looked (the audit log, admin-only, keeps every check).
ALTER TABLE access_codes ADD COLUMN views integer NOT NULL DEFAULT 0 CHECK (views >= 0);
ALTER TABLE access_codes ADD COLUMN last_viewed_at timestamptz;

-- As in 005, and the check is counted on the code that matched.
CREATE OR REPLACE FUNCTION rs_access_open(p_hash bytea)
    RETURNS TABLE (case_id bigint, expires_at text)
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public
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
    PERFORM set_config('reinstate.shared_case', r.case_id::text, true);
    case_id := r.case_id;
    expires_at := rs_ts(r.expires_at);
    RETURN NEXT;
END
$$;
