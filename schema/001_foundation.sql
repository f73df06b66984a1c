-- The application role. The server connects with the database owner's
-- credentials, applies migrations, then switches every request connection
-- to reinstate_app, which owns nothing: row-level security applies to it
-- and it holds only the privileges granted below and in later migrations.
DO $$
BEGIN
    CREATE ROLE reinstate_app NOLOGIN;
EXCEPTION
    WHEN duplicate_object OR unique_violation THEN NULL;
END
$$;

GRANT reinstate_app TO CURRENT_USER;
GRANT USAGE ON SCHEMA public TO reinstate_app;
GRANT SELECT ON schema_migrations TO reinstate_app;

-- The caller of the current transaction, set by rs_authenticate(); NULL
-- when anonymous. Row-level security policies are written against these.
CREATE FUNCTION rs_actor() RETURNS bigint
    LANGUAGE sql STABLE
    AS $$ SELECT nullif(current_setting('reinstate.coach_id', true), '')::bigint $$;

CREATE FUNCTION rs_is_admin() RETURNS boolean
    LANGUAGE sql STABLE
    AS $$ SELECT coalesce(current_setting('reinstate.role', true), '') = 'admin' $$;

-- Timestamps on the wire: RFC 3339 in UTC with second precision.
CREATE FUNCTION rs_ts(t timestamptz) RETURNS text
    LANGUAGE sql STABLE
    AS $$ SELECT to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') $$;
