-- The vocabulary is in the lookup tables (006), filled from common/vocab.def
-- at start-up, so a word added there reaches the database with no other
-- edit. Two checks still spelled words of the lists and would refuse a new
-- one: 030 put the outcome list back as attempts_outcome_check, and 003's
-- rule that a case is closed exactly in its closed stages names them
-- ('reinstated', 'lost'). The outcome check goes (attempts_outcome_word, the
-- key into vocab_outcome, stays); the closed rule reads vocab_stage.closed.
ALTER TABLE attempts DROP CONSTRAINT IF EXISTS attempts_outcome_check;

DO $$
DECLARE
    c name;
BEGIN
    FOR c IN SELECT conname FROM pg_constraint
              WHERE conrelid = 'cases'::regclass AND contype = 'c'
                AND pg_get_constraintdef(oid) LIKE '%''reinstated''%closed_at IS NOT NULL%'
    LOOP
        EXECUTE format('ALTER TABLE cases DROP CONSTRAINT %I', c);
    END LOOP;
END
$$;

-- A case has closed_at exactly when its stage is a closed one. A stage that
-- is no word of the list is left to cases_stage_word to refuse.
CREATE FUNCTION rs_case_closed_rule() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
DECLARE
    closed boolean;
BEGIN
    SELECT v.closed INTO closed FROM public.vocab_stage v WHERE v.word = NEW.stage;
    IF FOUND AND closed <> (NEW.closed_at IS NOT NULL) THEN
        RAISE EXCEPTION USING ERRCODE = 'check_violation', CONSTRAINT = 'cases_closed_stage',
            MESSAGE = format('case %s: closed_at must be set exactly when the stage is a closed '
                             'one (stage %L is %s)', NEW.id, NEW.stage,
                             CASE WHEN closed THEN 'closed' ELSE 'open' END);
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER cases_closed_stage BEFORE INSERT OR UPDATE OF stage, closed_at ON cases
    FOR EACH ROW EXECUTE FUNCTION rs_case_closed_rule();
