-- The search keys of 053 had a primary key on (id, kind). A scan of that
-- btree by kind alone (every case's key, say) was cheaper in the planner's
-- eyes than the trigram indexes for a small table, and at agency scale it
-- was still chosen for a coach's name search: all 100,000 case keys read
-- and filtered. Without kind in any btree, the indexes of 053 are the only
-- way in. The triggers replace a changed key (delete, insert) instead of
-- an upsert, which needed the key.
ALTER TABLE search_keys DROP CONSTRAINT search_keys_pkey;
CREATE INDEX search_keys_id_idx ON search_keys (id);

CREATE OR REPLACE FUNCTION rs_search_keys_clients() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO search_keys (kind, id, coach_id, name)
            SELECT 'c', n.id, n.coach_id, rs_client_text(n.name, n.email, n.phone) FROM new_rows n;
    ELSIF TG_OP = 'UPDATE' THEN
        DELETE FROM search_keys s USING new_rows n JOIN old_rows o ON o.id = n.id
         WHERE s.kind = 'c' AND s.id = n.id AND (o.coach_id, o.name, o.email, o.phone) IS DISTINCT FROM (n.coach_id, n.name, n.email, n.phone);
        INSERT INTO search_keys (kind, id, coach_id, name)
            SELECT 'c', n.id, n.coach_id, rs_client_text(n.name, n.email, n.phone)
              FROM new_rows n JOIN old_rows o ON o.id = n.id
             WHERE (o.coach_id, o.name, o.email, o.phone) IS DISTINCT FROM (n.coach_id, n.name, n.email, n.phone);
    ELSE
        DELETE FROM search_keys s USING old_rows o WHERE s.kind = 'c' AND s.id = o.id;
    END IF;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION rs_search_keys_cases() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO search_keys (kind, id, coach_id, name, company)
            SELECT 'k', n.id, n.coach_id, rs_case_text(n.company, n.role_title, n.manager_name, n.hr_name),
                   rs_fold(n.company) FROM new_rows n;
    ELSIF TG_OP = 'UPDATE' THEN
        DELETE FROM search_keys s USING new_rows n JOIN old_rows o ON o.id = n.id
         WHERE s.kind = 'k' AND s.id = n.id AND (o.coach_id, o.company, o.role_title, o.manager_name, o.hr_name) IS DISTINCT FROM (n.coach_id, n.company, n.role_title, n.manager_name, n.hr_name);
        INSERT INTO search_keys (kind, id, coach_id, name, company)
            SELECT 'k', n.id, n.coach_id, rs_case_text(n.company, n.role_title, n.manager_name, n.hr_name),
                   rs_fold(n.company)
              FROM new_rows n JOIN old_rows o ON o.id = n.id
             WHERE (o.coach_id, o.company, o.role_title, o.manager_name, o.hr_name) IS DISTINCT FROM (n.coach_id, n.company, n.role_title, n.manager_name, n.hr_name);
    ELSE
        DELETE FROM search_keys s USING old_rows o WHERE s.kind = 'k' AND s.id = o.id;
    END IF;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION rs_search_keys_attempts() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO search_keys (kind, id, coach_id, prose)
            SELECT 'a', n.id, n.coach_id, rs_prose(n.summary) FROM new_rows n;
    ELSIF TG_OP = 'UPDATE' THEN
        DELETE FROM search_keys s USING new_rows n JOIN old_rows o ON o.id = n.id
         WHERE s.kind = 'a' AND s.id = n.id AND (o.coach_id, o.summary) IS DISTINCT FROM (n.coach_id, n.summary);
        INSERT INTO search_keys (kind, id, coach_id, prose)
            SELECT 'a', n.id, n.coach_id, rs_prose(n.summary)
              FROM new_rows n JOIN old_rows o ON o.id = n.id
             WHERE (o.coach_id, o.summary) IS DISTINCT FROM (n.coach_id, n.summary);
    ELSE
        DELETE FROM search_keys s USING old_rows o WHERE s.kind = 'a' AND s.id = o.id;
    END IF;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION rs_search_keys_notes() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO search_keys (kind, id, coach_id, prose)
            SELECT 'n', n.id, n.coach_id, rs_prose(n.body) FROM new_rows n
             WHERE n.deleted_at IS NULL;
    ELSIF TG_OP = 'UPDATE' THEN
        -- A deleted note (043) is not found; one whose deletion is undone is.
        DELETE FROM search_keys s USING new_rows n JOIN old_rows o ON o.id = n.id
         WHERE s.kind = 'n' AND s.id = n.id
           AND (o.coach_id, o.body, o.deleted_at IS NULL)
               IS DISTINCT FROM (n.coach_id, n.body, n.deleted_at IS NULL);
        INSERT INTO search_keys (kind, id, coach_id, prose)
            SELECT 'n', n.id, n.coach_id, rs_prose(n.body)
              FROM new_rows n JOIN old_rows o ON o.id = n.id
             WHERE n.deleted_at IS NULL
               AND (o.coach_id, o.body, o.deleted_at IS NULL)
                   IS DISTINCT FROM (n.coach_id, n.body, true);
    ELSE
        DELETE FROM search_keys s USING old_rows o WHERE s.kind = 'n' AND s.id = o.id;
    END IF;
    RETURN NULL;
END
$$;
