-- A reply that carries a secret shown once (the access code ShareCase
-- makes) is not kept for request_id replays. The claim's row keeps instead
-- the message a replay gets (FAILED_PRECONDITION): "the code was already
-- shown; revoke it and share again". response stays NULL for such a row.
ALTER TABLE idempotency ADD COLUMN replay_refusal text
    CHECK (replay_refusal IS NULL OR length(replay_refusal) BETWEEN 1 AND 500);
