-- Data in and out: imports keyed by the other system's ids, search, and a
-- client's erasure.
--
-- external_id: the key a row had in the spreadsheet or CRM it was imported
-- from (or a hash of its line). Unique in the agency, so an import run twice
-- creates each row once; NULL for rows made here.
ALTER TABLE cases ADD COLUMN external_id text
    CHECK (external_id IS NULL OR length(external_id) BETWEEN 1 AND 100);
ALTER TABLE attempts ADD COLUMN external_id text
    CHECK (external_id IS NULL OR length(external_id) BETWEEN 1 AND 100);
CREATE UNIQUE INDEX cases_external_idx ON cases (external_id) WHERE external_id IS NOT NULL;
CREATE UNIQUE INDEX attempts_external_idx ON attempts (external_id)
    WHERE external_id IS NOT NULL;

-- When the client's personal data was erased (rs_erase_client); NULL until.
ALTER TABLE clients ADD COLUMN erased_at timestamptz;

-- Search. rs_fold() (also in 040, the same definition: whichever migration
-- comes first creates it) is the form text is compared in: accents removed,
-- lower-cased under ICU's root collation, IMMUTABLE so indexes can use it.
CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public;
CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;
CREATE OR REPLACE FUNCTION rs_fold(t text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, t) COLLATE "und-x-icu") $$;
GRANT EXECUTE ON FUNCTION rs_fold(text) TO reinstate_app;

-- The searchable text of each kind, one definition used by the indexes and
-- by Search/Search (server/services/svc_search.c) alike.
CREATE FUNCTION rs_client_text(name text, email text, phone text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT rs_fold(name || ' ' || email || ' ' || phone) $$;
CREATE FUNCTION rs_case_text(company text, role_title text, manager_name text, hr_name text)
    RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT rs_fold(company || ' ' || role_title || ' ' || manager_name || ' ' || hr_name) $$;
CREATE FUNCTION rs_prose(body text) RETURNS tsvector
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT to_tsvector('simple'::regconfig, rs_fold(body)) $$;
GRANT EXECUTE ON FUNCTION rs_client_text(text, text, text), rs_case_text(text, text, text, text),
    rs_prose(text) TO reinstate_app;

-- Names and typos: trigram indexes. Prose: full-text indexes.
CREATE INDEX clients_search_idx ON clients USING gin (rs_client_text(name, email, phone) gin_trgm_ops);
CREATE INDEX cases_search_idx ON cases
    USING gin (rs_case_text(company, role_title, manager_name, hr_name) gin_trgm_ops);
-- case list --company: rs_fold(company) LIKE '%...%'.
CREATE INDEX cases_company_trgm_idx ON cases USING gin (rs_fold(company) gin_trgm_ops);
CREATE INDEX attempts_search_idx ON attempts USING gin (rs_prose(summary));
CREATE INDEX notes_search_idx ON notes USING gin (rs_prose(body));

-- Erases a client's personal data (admins only; the caller's role is the
-- one rs_authenticate set). Rows stay, so counts and reports do not change;
-- what identifies or describes a person is replaced. SECURITY DEFINER: the
-- app role may not update attempts, notes or stage history (append-only),
-- and this function is the single exception, audited by the caller's
-- request. Returns the counts of what was anonymised; erasing an erased
-- client changes nothing and returns the same counts.
CREATE FUNCTION rs_erase_client(p_client bigint)
    RETURNS TABLE (cases integer, attempts integer, notes integer, tasks integer,
                   stage_changes integer, codes_revoked integer, erased_at text)
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public
    AS $$
DECLARE
    v_name text;
    v_email text;
    v_at timestamptz;
    v_cases bigint[];
    v_needles text[];
BEGIN
    IF NOT rs_is_admin() THEN
        RAISE EXCEPTION 'only admins can erase a client' USING ERRCODE = '42501';
    END IF;
    SELECT c.name, c.email, c.erased_at INTO v_name, v_email, v_at
        FROM clients c WHERE c.id = p_client FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'client % not found', p_client USING ERRCODE = 'P0002';
    END IF;
    v_at := coalesce(v_at, now());
    v_cases := ARRAY(SELECT k.id FROM cases k WHERE k.client_id = p_client);
    -- What identifies or describes the people involved, to find stored
    -- copies by (replies kept for replays quote what a call created).
    v_needles := ARRAY(
        SELECT DISTINCT n FROM (
            SELECT v_name UNION ALL SELECT v_email
            UNION ALL SELECT c.phone FROM clients c WHERE c.id = p_client
            UNION ALL SELECT unnest(ARRAY[k.manager_name, k.manager_email, k.manager_phone,
                                          k.hr_name, k.hr_email, k.decline_reason,
                                          k.better_offer])
                FROM cases k WHERE k.id = ANY (v_cases)
            UNION ALL SELECT unnest(ARRAY[a.contact_name, a.summary])
                FROM attempts a WHERE a.case_id = ANY (v_cases)
            UNION ALL SELECT n.body FROM notes n WHERE n.case_id = ANY (v_cases)
            UNION ALL SELECT t.title FROM tasks t WHERE t.case_id = ANY (v_cases)
            UNION ALL SELECT h.why FROM stage_history h WHERE h.case_id = ANY (v_cases)
        ) t(n)
        WHERE length(n) >= 3 AND n NOT IN ('erased', 'erased@invalid'));

    UPDATE clients c SET name = 'erased client ' || c.id, email = '', phone = '',
                         erased_at = v_at
        WHERE c.id = p_client AND c.erased_at IS NULL;
    UPDATE cases k SET company = 'erased', role_title = 'erased', manager_name = 'erased',
                       manager_email = '', manager_phone = '', hr_name = '', hr_email = '',
                       decline_reason = '', better_offer = '',
                       external_id = CASE WHEN k.external_id IS NULL OR k.external_id LIKE 'erased:%'
                                          THEN k.external_id
                                          ELSE 'erased:' || md5(k.external_id) END
        WHERE k.id = ANY (v_cases);
    UPDATE attempts a SET contact_name = 'erased', summary = '',
                          external_id = CASE WHEN a.external_id IS NULL
                                                  OR a.external_id LIKE 'erased:%'
                                             THEN a.external_id
                                             ELSE 'erased:' || md5(a.external_id) END
        WHERE a.case_id = ANY (v_cases);
    UPDATE notes n SET body = 'erased' WHERE n.case_id = ANY (v_cases);
    UPDATE tasks t SET title = 'erased' WHERE t.case_id = ANY (v_cases);
    UPDATE stage_history h SET why = '' WHERE h.case_id = ANY (v_cases);
    UPDATE access_codes ac SET revoked_at = now()
        WHERE ac.case_id = ANY (v_cases) AND ac.revoked_at IS NULL;
    GET DIAGNOSTICS codes_revoked = ROW_COUNT;
    -- Mail about the client: queued messages are not sent, every copy loses
    -- its text and recipient.
    UPDATE outbox o SET recipient = 'erased@invalid', subject = 'erased', body_text = '',
                        body_html = '', list_unsubscribe = NULL,
                        status = CASE WHEN o.status = 'queued' THEN 'failed' ELSE o.status END,
                        last_error = CASE WHEN o.status = 'queued' THEN 'client erased'
                                          ELSE o.last_error END
        WHERE o.case_id = ANY (v_cases);
    -- Stored responses kept for replays may quote the client.
    DELETE FROM idempotency i
        WHERE i.response IS NOT NULL
          AND EXISTS (SELECT 1 FROM unnest(v_needles) n
                       WHERE position(convert_to(n, 'UTF8') IN i.response) > 0);

    cases := cardinality(v_cases);
    SELECT count(*) INTO attempts FROM attempts a WHERE a.case_id = ANY (v_cases);
    SELECT count(*) INTO notes FROM notes n WHERE n.case_id = ANY (v_cases);
    SELECT count(*) INTO tasks FROM tasks t WHERE t.case_id = ANY (v_cases);
    SELECT count(*) INTO stage_changes FROM stage_history h
        WHERE h.case_id = ANY (v_cases);
    erased_at := rs_ts(v_at);
    RETURN NEXT;
END
$$;
REVOKE ALL ON FUNCTION rs_erase_client(bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rs_erase_client(bigint) TO reinstate_app;

-- rs_erase_client() runs as the owner, under the forced policies: it may
-- remove any caller's stored responses that quote the erased client.
CREATE POLICY idempotency_erase ON idempotency FOR DELETE TO CURRENT_USER USING (true);
