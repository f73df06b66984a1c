-- Reminders: the outbox of outgoing mail, the coaches' digest choices, the
-- job seekers' opt-in updates and the coaches' calendar feeds.
--
-- Mail is never sent from a request: a request (or the scheduler) inserts
-- a row here in its own transaction, and the sender delivers it later. A
-- row is claimed with FOR UPDATE SKIP LOCKED inside the transaction that
-- marks it sent, so several replicas never send the same row at once and a
-- crash before COMMIT leaves it queued. The one duplicate that cannot be
-- avoided (the relay accepted the message, the server died before COMMIT)
-- carries the same Message-ID, so mail clients show it once.

CREATE TABLE outbox (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    message_id      text NOT NULL UNIQUE CHECK (message_id LIKE '<%@%>'),
    kind            text NOT NULL CHECK (kind IN ('digest', 'admin_digest', 'seeker_update')),
    -- At most one message per key: "digest/3/2026-11-29".
    dedupe_key      text NOT NULL UNIQUE CHECK (length(dedupe_key) BETWEEN 1 AND 200),
    coach_id        bigint REFERENCES coaches (id),
    case_id         bigint,
    recipient       text NOT NULL CHECK (length(recipient) BETWEEN 3 AND 254
                                         AND recipient LIKE '%_@_%'),
    subject         text NOT NULL CHECK (length(subject) BETWEEN 1 AND 300),
    body_text       text NOT NULL,
    body_html       text NOT NULL DEFAULT '',
    -- The one-click unsubscribe link of a job seeker's update.
    list_unsubscribe text,
    status          text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'failed')),
    attempts        integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    last_error      text NOT NULL DEFAULT '',
    created_at      timestamptz NOT NULL DEFAULT now(),
    sent_at         timestamptz,
    CHECK ((status = 'sent') = (sent_at IS NOT NULL))
);
-- The sender's scan: queued rows whose time has come.
CREATE INDEX outbox_due_idx ON outbox (next_attempt_at, id) WHERE status = 'queued';
CREATE INDEX outbox_created_idx ON outbox (created_at DESC, id DESC);

-- Admins read the outbox through the app role; only the server's own
-- connection (the owner) writes it.
ALTER TABLE outbox ENABLE ROW LEVEL SECURITY;
ALTER TABLE outbox FORCE ROW LEVEL SECURITY;
CREATE POLICY outbox_admin_read ON outbox FOR SELECT USING (rs_is_admin());
CREATE POLICY outbox_owner ON outbox TO CURRENT_USER USING (true) WITH CHECK (true);
GRANT SELECT ON outbox TO reinstate_app;

-- Each coach's digest: a local time of day (NULL: no digest), whether an
-- empty day still sends one, and for admins the weekly overview's weekday
-- (ISO: 1 = Monday; NULL: none). The coach's zone, when the coach has one.
ALTER TABLE coaches ADD COLUMN IF NOT EXISTS time_zone text;
ALTER TABLE coaches
    ADD COLUMN digest_at time DEFAULT '07:30'
        CHECK (digest_at IS NULL OR date_trunc('minute', digest_at) = digest_at),
    ADD COLUMN digest_when_empty boolean NOT NULL DEFAULT false,
    ADD COLUMN weekly_digest_dow smallint DEFAULT 1
        CHECK (weekly_digest_dow IS NULL OR weekly_digest_dow BETWEEN 1 AND 7);
GRANT UPDATE (digest_at, digest_when_empty, weekly_digest_dow) ON coaches TO reinstate_app;

-- The zone a coach's day is counted in: theirs, else UTC.
CREATE FUNCTION rs_mail_zone(coach_zone text) RETURNS text
    LANGUAGE sql STABLE
    AS $$ SELECT coalesce(nullif(coach_zone, ''), 'UTC') $$;

-- One row per coach and local day (or ISO week for the weekly overview) the
-- scheduler has handled, whether or not it queued a message: the guard
-- that makes "one digest a day" hold across restarts and replicas.
CREATE TABLE digest_runs (
    coach_id   bigint NOT NULL REFERENCES coaches (id),
    period     text NOT NULL CHECK (period ~ '^(day|week)/'),
    outbox_id  bigint REFERENCES outbox (id),
    items      integer NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (coach_id, period)
);
ALTER TABLE digest_runs ENABLE ROW LEVEL SECURITY;
ALTER TABLE digest_runs FORCE ROW LEVEL SECURITY;
CREATE POLICY digest_runs_owner ON digest_runs TO CURRENT_USER USING (true) WITH CHECK (true);

-- The job seeker's updates, opted in per access code: where to write, the
-- stage last told (no mail for the stage the case was in when shared), the
-- local day of the last mail (at most one a day), and the unsubscribe
-- token's hash (the link works without a login; the token is shown once,
-- in the mail).
ALTER TABLE access_codes
    ADD COLUMN notify_email text CHECK (notify_email IS NULL OR (length(notify_email) BETWEEN 3
                                        AND 254 AND notify_email LIKE '%_@_%')),
    ADD COLUMN notified_stage text,
    ADD COLUMN notified_on date,
    ADD COLUMN unsubscribed_at timestamptz;
GRANT UPDATE (notify_email, notified_stage) ON access_codes TO reinstate_app;

CREATE TABLE unsubscribe_tokens (
    token_hash      bytea PRIMARY KEY CHECK (length(token_hash) = 32),
    access_code_id  bigint NOT NULL REFERENCES access_codes (id),
    created_at      timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE unsubscribe_tokens ENABLE ROW LEVEL SECURITY;
ALTER TABLE unsubscribe_tokens FORCE ROW LEVEL SECURITY;
CREATE POLICY unsubscribe_tokens_owner ON unsubscribe_tokens TO CURRENT_USER
    USING (true) WITH CHECK (true);

-- The unsubscribe link: anyone holding a token may stop that code's mail,
-- and nothing else. Returns whether a subscription ended.
CREATE FUNCTION rs_unsubscribe(p_hash bytea) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public
    AS $$
DECLARE
    n integer;
BEGIN
    UPDATE access_codes a SET unsubscribed_at = now()
      FROM unsubscribe_tokens u
     WHERE u.token_hash = p_hash AND a.id = u.access_code_id AND a.unsubscribed_at IS NULL;
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n > 0 OR EXISTS (SELECT 1 FROM unsubscribe_tokens WHERE token_hash = p_hash);
END
$$;
REVOKE ALL ON FUNCTION rs_unsubscribe(bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rs_unsubscribe(bytea) TO reinstate_app;

-- Calendar feeds: one secret per coach at a time, revocable. The token is
-- kept as is (not hashed) so `reinstate calendar url` can show the same
-- address again; it grants reading that coach's calendar and nothing else.
CREATE TABLE calendar_feeds (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    coach_id    bigint NOT NULL REFERENCES coaches (id),
    token       text NOT NULL UNIQUE CHECK (token ~ '^[A-Za-z0-9_-]{32,64}$'),
    created_at  timestamptz NOT NULL DEFAULT now(),
    revoked_at  timestamptz
);
CREATE UNIQUE INDEX calendar_feeds_active_key ON calendar_feeds (coach_id) WHERE revoked_at IS NULL;
ALTER TABLE calendar_feeds ENABLE ROW LEVEL SECURITY;
ALTER TABLE calendar_feeds FORCE ROW LEVEL SECURITY;
CREATE POLICY calendar_feeds_own ON calendar_feeds
    USING (coach_id = rs_actor()) WITH CHECK (coach_id = rs_actor());
GRANT SELECT, INSERT ON calendar_feeds TO reinstate_app;
GRANT UPDATE (revoked_at) ON calendar_feeds TO reinstate_app;

-- The feed check, like rs_authenticate for a session: returns the coach
-- when p_token is an active feed and sets the row-level-security context
-- to that coach, as a coach (an admin's feed shows their own cases only).
CREATE FUNCTION rs_feed_open(p_token text)
    RETURNS TABLE (coach_id bigint, time_zone text)
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public
    AS $$
DECLARE
    r record;
BEGIN
    IF rs_actor() IS NOT NULL THEN
        RETURN;
    END IF;
    SELECT c.id, c.time_zone INTO r
      FROM calendar_feeds f JOIN coaches c ON c.id = f.coach_id
     WHERE f.token = p_token AND f.revoked_at IS NULL AND NOT c.disabled;
    IF NOT FOUND THEN
        RETURN;
    END IF;
    PERFORM set_config('reinstate.coach_id', r.id::text, true);
    PERFORM set_config('reinstate.role', 'coach', true);
    coach_id := r.id;
    time_zone := r.time_zone;
    RETURN NEXT;
END
$$;
REVOKE ALL ON FUNCTION rs_feed_open(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rs_feed_open(text) TO reinstate_app;

-- `reinstate digest send`: an admin asks for a digest now; the scheduler
-- takes the request on its next pass.
CREATE TABLE digest_requests (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    coach_id      bigint NOT NULL REFERENCES coaches (id),
    requested_by  bigint NOT NULL REFERENCES coaches (id),
    requested_at  timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE digest_requests ENABLE ROW LEVEL SECURITY;
ALTER TABLE digest_requests FORCE ROW LEVEL SECURITY;
CREATE POLICY digest_requests_admin ON digest_requests FOR INSERT WITH CHECK (rs_is_admin());
CREATE POLICY digest_requests_owner ON digest_requests TO CURRENT_USER USING (true) WITH CHECK (true);
GRANT INSERT ON digest_requests TO reinstate_app;

-- The scheduler and the sender run on the server's own connection (the
-- owner's, not the app role's). Should that role not bypass row-level
-- security, these policies give it exactly what they need: to read coaches,
-- cases and access codes, to mark codes notified, and to open the short
-- sessions under which digests are composed through the ordinary RPCs.
CREATE POLICY coaches_mailer ON coaches FOR SELECT TO CURRENT_USER USING (true);
CREATE POLICY cases_mailer ON cases FOR SELECT TO CURRENT_USER USING (true);
CREATE POLICY access_codes_mailer ON access_codes TO CURRENT_USER USING (true) WITH CHECK (true);
CREATE POLICY sessions_mailer ON sessions TO CURRENT_USER USING (true) WITH CHECK (true);
