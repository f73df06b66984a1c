-- Search through its indexes under row-level security.
--
-- The search indexes of 050 were never used by the app role: the policies
-- are forced, and PostgreSQL evaluates a qual whose operator is not
-- leakproof (pg_trgm's <% and LIKE on text, the full-text @@) only after
-- the policy, so it cannot be an index condition. Every search and every
-- `case list --company` read all of the caller's rows (all rows for an
-- admin) and computed rs_fold() on each.
--
-- Here the searchable text of every client, case, attempt and note is kept
-- in one table of keys, maintained by triggers, that the app role cannot
-- read. Two SECURITY DEFINER functions read it through its indexes and
-- apply the caller's scope themselves, from the same accessors the
-- policies use (rs_actor(), rs_is_admin()): a coach gets their own rows,
-- an admin every row, anyone else nothing. The handlers then read the rows
-- found through the policies of their tables, as before: a second lock.
-- The table is owned by the migrations' role, row-level security is forced
-- as on every table, and its one policy is for that role (the functions
-- and triggers, SECURITY DEFINER): the app role has no grant on it and
-- would see nothing through one made by mistake. The policy is `true`, so
-- the functions' searches use the indexes.
CREATE EXTENSION IF NOT EXISTS btree_gin SCHEMA public;

CREATE TABLE search_keys (
    kind     "char" NOT NULL CHECK (kind IN ('c', 'k', 'a', 'n')), -- client, case, attempt, note
    id       bigint NOT NULL,
    coach_id bigint NOT NULL,
    name     text,     -- clients, cases: rs_client_text / rs_case_text (trigrams)
    company  text,     -- cases: rs_fold(company), for case list --company
    prose    tsvector, -- attempts, notes: rs_prose(summary / body)
    -- id first: a scan by kind alone is never an alternative to the
    -- indexes below.
    PRIMARY KEY (id, kind)
);
ALTER TABLE search_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE search_keys FORCE ROW LEVEL SECURITY;
CREATE POLICY search_keys_definer ON search_keys TO CURRENT_USER USING (true) WITH CHECK (true);
REVOKE ALL ON search_keys FROM PUBLIC;

-- With the coach first, a coach's search reads only the coach's entries.
CREATE INDEX search_keys_client_idx ON search_keys USING gin (coach_id, name gin_trgm_ops)
    WHERE kind = 'c';
CREATE INDEX search_keys_case_idx ON search_keys USING gin (coach_id, name gin_trgm_ops)
    WHERE kind = 'k';
-- The company alone: with the coach in it, the planner would take this
-- index for a coach's name search too, by the coach only.
CREATE INDEX search_keys_company_idx ON search_keys USING gin (company gin_trgm_ops)
    WHERE kind = 'k';
CREATE INDEX search_keys_attempt_idx ON search_keys USING gin (coach_id, prose) WHERE kind = 'a';
CREATE INDEX search_keys_note_idx ON search_keys USING gin (coach_id, prose) WHERE kind = 'n';

-- The base tables' search indexes are replaced by these.
DROP INDEX IF EXISTS clients_search_idx;
DROP INDEX IF EXISTS cases_search_idx;
DROP INDEX IF EXISTS cases_company_trgm_idx;
DROP INDEX IF EXISTS attempts_search_idx;
DROP INDEX IF EXISTS notes_search_idx;

-- The triggers: one statement-level trigger per table and event, over the
-- transition tables, so an import of a batch updates the keys in one
-- statement. An update rewrites only the keys whose text or coach changed.
CREATE FUNCTION rs_search_keys_clients() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO search_keys (kind, id, coach_id, name)
            SELECT 'c', n.id, n.coach_id, rs_client_text(n.name, n.email, n.phone) FROM new_rows n;
    ELSIF TG_OP = 'UPDATE' THEN
        INSERT INTO search_keys (kind, id, coach_id, name)
            SELECT 'c', n.id, n.coach_id, rs_client_text(n.name, n.email, n.phone)
              FROM new_rows n JOIN old_rows o ON o.id = n.id
             WHERE (o.coach_id, o.name, o.email, o.phone)
                   IS DISTINCT FROM (n.coach_id, n.name, n.email, n.phone)
        ON CONFLICT (kind, id) DO UPDATE SET coach_id = excluded.coach_id, name = excluded.name;
    ELSE
        DELETE FROM search_keys s USING old_rows o WHERE s.kind = 'c' AND s.id = o.id;
    END IF;
    RETURN NULL;
END
$$;

CREATE FUNCTION rs_search_keys_cases() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO search_keys (kind, id, coach_id, name, company)
            SELECT 'k', n.id, n.coach_id, rs_case_text(n.company, n.role_title, n.manager_name, n.hr_name), rs_fold(n.company) FROM new_rows n;
    ELSIF TG_OP = 'UPDATE' THEN
        INSERT INTO search_keys (kind, id, coach_id, name, company)
            SELECT 'k', n.id, n.coach_id, rs_case_text(n.company, n.role_title, n.manager_name, n.hr_name), rs_fold(n.company)
              FROM new_rows n JOIN old_rows o ON o.id = n.id
             WHERE (o.coach_id, o.company, o.role_title, o.manager_name, o.hr_name)
                   IS DISTINCT FROM (n.coach_id, n.company, n.role_title, n.manager_name, n.hr_name)
        ON CONFLICT (kind, id) DO UPDATE SET coach_id = excluded.coach_id, name = excluded.name, company = excluded.company;
    ELSE
        DELETE FROM search_keys s USING old_rows o WHERE s.kind = 'k' AND s.id = o.id;
    END IF;
    RETURN NULL;
END
$$;

CREATE FUNCTION rs_search_keys_attempts() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO search_keys (kind, id, coach_id, prose)
            SELECT 'a', n.id, n.coach_id, rs_prose(n.summary) FROM new_rows n;
    ELSIF TG_OP = 'UPDATE' THEN
        INSERT INTO search_keys (kind, id, coach_id, prose)
            SELECT 'a', n.id, n.coach_id, rs_prose(n.summary)
              FROM new_rows n JOIN old_rows o ON o.id = n.id
             WHERE (o.coach_id, o.summary)
                   IS DISTINCT FROM (n.coach_id, n.summary)
        ON CONFLICT (kind, id) DO UPDATE SET coach_id = excluded.coach_id, prose = excluded.prose;
    ELSE
        DELETE FROM search_keys s USING old_rows o WHERE s.kind = 'a' AND s.id = o.id;
    END IF;
    RETURN NULL;
END
$$;

CREATE FUNCTION rs_search_keys_notes() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO search_keys (kind, id, coach_id, prose)
            SELECT 'n', n.id, n.coach_id, rs_prose(n.body) FROM new_rows n
             WHERE n.deleted_at IS NULL;
    ELSIF TG_OP = 'UPDATE' THEN
        -- A deleted note (043) is not found; one whose deletion is undone is.
        DELETE FROM search_keys s USING new_rows n
         WHERE s.kind = 'n' AND s.id = n.id AND n.deleted_at IS NOT NULL;
        INSERT INTO search_keys (kind, id, coach_id, prose)
            SELECT 'n', n.id, n.coach_id, rs_prose(n.body)
              FROM new_rows n JOIN old_rows o ON o.id = n.id
             WHERE n.deleted_at IS NULL
               AND (o.coach_id, o.body, o.deleted_at IS NULL)
                   IS DISTINCT FROM (n.coach_id, n.body, true)
        ON CONFLICT (kind, id) DO UPDATE SET coach_id = excluded.coach_id, prose = excluded.prose;
    ELSE
        DELETE FROM search_keys s USING old_rows o WHERE s.kind = 'n' AND s.id = o.id;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER clients_search_insert AFTER INSERT ON clients REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION rs_search_keys_clients();
CREATE TRIGGER clients_search_update AFTER UPDATE ON clients
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION rs_search_keys_clients();
CREATE TRIGGER clients_search_delete AFTER DELETE ON clients REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION rs_search_keys_clients();
CREATE TRIGGER cases_search_insert AFTER INSERT ON cases REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION rs_search_keys_cases();
CREATE TRIGGER cases_search_update AFTER UPDATE ON cases
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION rs_search_keys_cases();
CREATE TRIGGER cases_search_delete AFTER DELETE ON cases REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION rs_search_keys_cases();
CREATE TRIGGER attempts_search_insert AFTER INSERT ON attempts REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION rs_search_keys_attempts();
CREATE TRIGGER attempts_search_update AFTER UPDATE ON attempts
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION rs_search_keys_attempts();
CREATE TRIGGER attempts_search_delete AFTER DELETE ON attempts REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION rs_search_keys_attempts();
CREATE TRIGGER notes_search_insert AFTER INSERT ON notes REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION rs_search_keys_notes();
CREATE TRIGGER notes_search_update AFTER UPDATE ON notes
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION rs_search_keys_notes();
CREATE TRIGGER notes_search_delete AFTER DELETE ON notes REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION rs_search_keys_notes();

-- The rows there are already (read by the migrations' role, as 080 does).
INSERT INTO search_keys (kind, id, coach_id, name)
    SELECT 'c', id, coach_id, rs_client_text(name, email, phone) FROM clients;
INSERT INTO search_keys (kind, id, coach_id, name, company)
    SELECT 'k', id, coach_id, rs_case_text(company, role_title, manager_name, hr_name), rs_fold(company)
      FROM cases;
INSERT INTO search_keys (kind, id, coach_id, prose)
    SELECT 'a', id, coach_id, rs_prose(summary) FROM attempts;
INSERT INTO search_keys (kind, id, coach_id, prose)
    SELECT 'n', id, coach_id, rs_prose(body) FROM notes WHERE deleted_at IS NULL;

-- Search/Search: the best `lim` hits of each kind in the caller's scope,
-- (kind, id, score), through the indexes above. Names match by trigram word
-- similarity (pg_trgm.word_similarity_threshold, set by the caller's
-- transaction), prose by full-text search. Scores are those of 050's query.
CREATE FUNCTION rs_search(p_query text, p_limit integer)
    RETURNS TABLE (kind text, id bigint, score float8)
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp ROWS 40
    AS $$
DECLARE
    -- A coach's entries only, through the coach_id column of the indexes;
    -- an admin's: every entry.
    v_scope text := CASE WHEN coalesce(rs_is_admin(), false) THEN ''
                         ELSE 'AND s.coach_id = $4' END;
BEGIN
    IF v_scope <> '' AND rs_actor() IS NULL THEN
        RETURN;
    END IF;
    RETURN QUERY EXECUTE format($q$
    (SELECT 'client'::text, s.id, word_similarity($1, s.name)::float8 AS score FROM search_keys s
      WHERE s.kind = 'c' AND $1 <%% s.name %1$s ORDER BY 3 DESC, s.id LIMIT $3)
    UNION ALL
    (SELECT 'case', s.id, word_similarity($1, s.name)::float8 FROM search_keys s
      WHERE s.kind = 'k' AND $1 <%% s.name %1$s ORDER BY 3 DESC, s.id LIMIT $3)
    UNION ALL
    (SELECT 'attempt', s.id, ((ts_rank(s.prose, $2) / (1 + ts_rank(s.prose, $2)) + 0.5) / 1.5)::float8
       FROM search_keys s WHERE s.kind = 'a' AND s.prose @@ $2 %1$s ORDER BY 3 DESC, s.id DESC LIMIT $3)
    UNION ALL
    (SELECT 'note', s.id, ((ts_rank(s.prose, $2) / (1 + ts_rank(s.prose, $2)) + 0.5) / 1.5)::float8
       FROM search_keys s WHERE s.kind = 'n' AND s.prose @@ $2 %1$s ORDER BY 3 DESC, s.id DESC LIMIT $3)
    $q$, v_scope)
    USING rs_fold(p_query), plainto_tsquery('simple', rs_fold(p_query)), p_limit, rs_actor();
END
$$;

-- case list --company: the ids of the caller's cases whose company, folded,
-- is LIKE p_pattern (folded here; the caller escapes the wildcards).
CREATE FUNCTION rs_case_ids_by_company(p_pattern text) RETURNS SETOF bigint
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp ROWS 100
    AS $$
BEGIN
    IF coalesce(rs_is_admin(), false) THEN
        RETURN QUERY EXECUTE
            'SELECT s.id FROM search_keys s WHERE s.kind = ''k'' AND s.company LIKE $1'
            USING rs_fold(p_pattern);
    ELSIF rs_actor() IS NOT NULL THEN
        RETURN QUERY EXECUTE
            'SELECT s.id FROM search_keys s WHERE s.kind = ''k'' AND s.company LIKE $1 '
            'AND s.coach_id = $2'
            USING rs_fold(p_pattern), rs_actor();
    END IF;
END
$$;

REVOKE ALL ON FUNCTION rs_search(text, integer), rs_case_ids_by_company(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rs_search(text, integer), rs_case_ids_by_company(text) TO reinstate_app;
REVOKE ALL ON FUNCTION rs_search_keys_clients(), rs_search_keys_cases(), rs_search_keys_attempts(),
    rs_search_keys_notes() FROM PUBLIC;
