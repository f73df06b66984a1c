-- The attempts the next-step engine reads, from the index alone.
--
-- `today` and the case list load every attempt of the cases they show
-- (server/domain/next_step.c): for a coach's agenda ~8,000 rows spread over
-- as many heap pages, since a case's attempts are logged days apart. This
-- index has the same key as attempts_case_idx (one case's attempts in time
-- order) and carries the columns the engine and the row-level-security
-- policy read, so those statements are index-only scans (attempts are
-- append-only: their pages stay all-visible). It replaces attempts_case_idx:
-- one index to keep up on every insert, as before.
CREATE INDEX attempts_case_cover_idx ON attempts (case_id, at, id)
    INCLUDE (coach_id, channel, contact_role, contact_name, accepted_responsibility,
             conveyed_commitment, offered_reinterview, outcome, follow_up_on);
DROP INDEX attempts_case_idx;
