-- The vocabulary as lookup tables, one per word list, instead of IN (...)
-- lists repeated in CHECK constraints. The words are declared once, in
-- common/vocab.def: the server fills these tables from it at start-up (a
-- word added there arrives here with no migration) and refuses to start
-- when a table holds a word it does not know (server/db/vocab_sync.c). The
-- rows below are the words as of this migration. position is the word's
-- place in its list (the funnel's order for stages).
CREATE TABLE vocab_stage (
    word      text PRIMARY KEY CHECK (word ~ '^[a-z][a-z_]*$'),
    position  integer NOT NULL CHECK (position >= 0),
    closed    boolean NOT NULL DEFAULT false
);
CREATE TABLE vocab_opening (
    word      text PRIMARY KEY CHECK (word ~ '^[a-z][a-z_]*$'),
    position  integer NOT NULL CHECK (position >= 0)
);
CREATE TABLE vocab_channel (LIKE vocab_opening INCLUDING ALL);
CREATE TABLE vocab_contact_role (LIKE vocab_opening INCLUDING ALL);
CREATE TABLE vocab_outcome (LIKE vocab_opening INCLUDING ALL);
CREATE TABLE vocab_loss_reason (LIKE vocab_opening INCLUDING ALL);

INSERT INTO vocab_stage (word, position, closed) VALUES
    ('verify_opening', 0, false), ('contact_manager', 1, false),
    ('awaiting_response', 2, false), ('in_discussion', 3, false),
    ('reinterview', 4, false), ('negotiating', 5, false),
    ('reinstated', 6, true), ('lost', 7, true);
INSERT INTO vocab_opening (word, position) VALUES ('unknown', 0), ('open', 1), ('filled', 2);
INSERT INTO vocab_channel (word, position) VALUES
    ('phone', 0), ('email', 1), ('video', 2), ('in_person', 3), ('letter', 4),
    ('linkedin', 5), ('other', 6);
INSERT INTO vocab_contact_role (word, position) VALUES
    ('hiring_manager', 0), ('hr', 1), ('recruiter', 2), ('referral', 3), ('other', 4);
INSERT INTO vocab_outcome (word, position) VALUES
    ('no_answer', 0), ('left_message', 1), ('still_open', 2), ('position_filled', 3),
    ('callback_requested', 4), ('in_discussion', 5), ('reinterview_offered', 6),
    ('offer_reinstated', 7), ('rejected', 8);
INSERT INTO vocab_loss_reason (word, position) VALUES
    ('position_filled', 0), ('manager_declined', 1), ('client_withdrew', 2),
    ('no_response', 3), ('other', 4);

-- The columns reference the lists instead of spelling them.
ALTER TABLE cases
    DROP CONSTRAINT cases_stage_check,
    DROP CONSTRAINT cases_loss_reason_check,
    DROP CONSTRAINT cases_opening_status_check,
    ADD CONSTRAINT cases_stage_word FOREIGN KEY (stage) REFERENCES vocab_stage (word),
    ADD CONSTRAINT cases_loss_reason_word FOREIGN KEY (loss_reason)
        REFERENCES vocab_loss_reason (word),
    ADD CONSTRAINT cases_opening_status_word FOREIGN KEY (opening_status)
        REFERENCES vocab_opening (word);
ALTER TABLE attempts
    DROP CONSTRAINT attempts_channel_check,
    DROP CONSTRAINT attempts_contact_role_check,
    DROP CONSTRAINT attempts_outcome_check,
    ADD CONSTRAINT attempts_channel_word FOREIGN KEY (channel) REFERENCES vocab_channel (word),
    ADD CONSTRAINT attempts_contact_role_word FOREIGN KEY (contact_role)
        REFERENCES vocab_contact_role (word),
    ADD CONSTRAINT attempts_outcome_word FOREIGN KEY (outcome) REFERENCES vocab_outcome (word);

-- Stage history gets the constraints its sibling tables have: its stages
-- and loss reason are words of the lists, and a loss reason goes with
-- 'lost' only.
ALTER TABLE stage_history
    ADD CONSTRAINT stage_history_from_word FOREIGN KEY (from_stage) REFERENCES vocab_stage (word),
    ADD CONSTRAINT stage_history_to_word FOREIGN KEY (to_stage) REFERENCES vocab_stage (word),
    ADD CONSTRAINT stage_history_loss_reason_word FOREIGN KEY (loss_reason)
        REFERENCES vocab_loss_reason (word);

-- Settings keys, defaults and bounds are declared once too
-- (server/domain/settings.def); the server adds missing keys at start-up.
ALTER TABLE settings DROP CONSTRAINT settings_key_check;

-- Everyone may read the lists; only the owner (migrations, start-up) writes.
GRANT SELECT ON vocab_stage, vocab_opening, vocab_channel, vocab_contact_role, vocab_outcome,
    vocab_loss_reason TO reinstate_app;
