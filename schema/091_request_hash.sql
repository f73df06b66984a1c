-- A request_id names one request: its payload's BLAKE2b-256, kept with the
-- claim, lets a repeat with a different payload be refused
-- (FAILED_PRECONDITION, "request_id reused with a different request")
-- instead of answered with the first request's response.
ALTER TABLE idempotency ADD COLUMN request_hash bytea CHECK (length(request_hash) = 32);
