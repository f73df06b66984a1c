-- The settings' keys, kinds and bounds, declared once in the code
-- (server/domain/settings.def): the list of keys the database accepts is a
-- lookup table the server fills at start-up (server/db/vocab_sync.c), like
-- the vocabulary's (schema/006), instead of a key list spelled again here.
-- A numeric value outside its bounds is refused by the database too. Like
-- the vocabulary's tables it holds no one's rows: read-only for the app.
CREATE TABLE vocab_setting (
    key        text PRIMARY KEY,
    position   integer NOT NULL DEFAULT 0,
    kind       text NOT NULL DEFAULT 'days' CHECK (kind IN ('days', 'count', 'zone', 'dates')),
    min_value  integer,
    max_value  integer,
    CHECK ((min_value IS NULL) = (max_value IS NULL) AND (min_value IS NULL OR min_value <= max_value))
);

-- The keys already stored; start-up adds the others with their kinds and
-- bounds, and refuses keys the code does not declare.
INSERT INTO vocab_setting (key) SELECT key FROM settings;

ALTER TABLE settings DROP CONSTRAINT IF EXISTS settings_key_check;
ALTER TABLE settings ADD CONSTRAINT settings_key_declared
    FOREIGN KEY (key) REFERENCES vocab_setting (key);

-- A number within its setting's bounds (the Settings service checks the same
-- bounds first, from the same table, with a clearer message).
CREATE FUNCTION rs_setting_in_bounds() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
DECLARE
    k vocab_setting%ROWTYPE;
BEGIN
    SELECT * INTO k FROM vocab_setting WHERE key = NEW.key;
    IF NEW.value IS NOT NULL AND k.min_value IS NOT NULL
       AND (NEW.value < k.min_value OR NEW.value > k.max_value) THEN
        RAISE EXCEPTION 'setting % must be %-%', NEW.key, k.min_value, k.max_value
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER settings_in_bounds BEFORE INSERT OR UPDATE ON settings
    FOR EACH ROW EXECUTE FUNCTION rs_setting_in_bounds();

GRANT SELECT ON vocab_setting TO reinstate_app;
