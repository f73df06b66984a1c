-- An import finds each line's client among the coach's clients: by e-mail,
-- or, for a client without one, by name (svc_imports.c: client_for_row).
-- The keys are stored columns compared with plain equality: under forced
-- row-level security an index on lower(email) is not used for the app role
-- (lower() is not leakproof, so the planner may not run it before the
-- policy), and every line scanned all of the coach's clients.
ALTER TABLE clients ADD COLUMN email_key text GENERATED ALWAYS AS (lower(email)) STORED;
ALTER TABLE clients ADD COLUMN name_key text GENERATED ALWAYS AS (rs_fold(btrim(name))) STORED;
CREATE INDEX clients_coach_email_key_idx ON clients (coach_id, email_key) WHERE email <> '';
CREATE INDEX clients_coach_name_key_idx ON clients (coach_id, name_key) WHERE email = '';
