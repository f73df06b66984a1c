-- The searchable-text functions of 050 named rs_fold without its schema.
-- pg_restore runs with an empty search_path, so rebuilding the indexes that
-- use them failed ("function rs_fold(text) does not exist") and a backup
-- could not be restored. Every name in a function an index, a generated
-- column or a constraint calls is schema-qualified from here on.
CREATE OR REPLACE FUNCTION rs_client_text(name text, email text, phone text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT public.rs_fold(name || ' ' || email || ' ' || phone) $$;
CREATE OR REPLACE FUNCTION rs_case_text(company text, role_title text, manager_name text, hr_name text)
    RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT public.rs_fold(company || ' ' || role_title || ' ' || manager_name || ' ' || hr_name) $$;
CREATE OR REPLACE FUNCTION rs_prose(body text) RETURNS tsvector
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT pg_catalog.to_tsvector('pg_catalog.simple'::pg_catalog.regconfig, public.rs_fold(body)) $$;
