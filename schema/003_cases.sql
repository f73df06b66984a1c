-- Case management: clients, their cases (one declined offer each), the
-- reinstatement attempts logged on a case, coach-only notes, tasks and the
-- stage history.
--
-- Ownership is denormalised: every child row carries the coach_id of its
-- case, kept equal to the parent's by composite foreign keys with ON UPDATE
-- CASCADE, so reassigning a client (admin) moves its cases and everything
-- under them in one statement, and every row-level-security check and
-- per-coach list is a plain indexed equality, never a join.
--
-- Limits below are the ones documented in docs/cli.md and checked first in
-- C (server/validate.c); these CHECKs are the second lock.

-- Dates as the API spells them (YYYY-MM-DD) whatever the session's
-- DateStyle; NULL stays NULL. Timestamps use rs_ts() from 001.
CREATE FUNCTION rs_date(date) RETURNS text
    LANGUAGE sql STABLE
    AS $$ SELECT to_char($1, 'YYYY-MM-DD') $$;

-- Whether the caller may see a row owned by coach_id: its coach, or an
-- admin. Every policy below is this one call. It is plpgsql on purpose: an
-- inlined `coach_id = rs_actor() OR rs_is_admin()` is estimated as a second,
-- independent equality on coach_id next to the handler's own
-- `coach_id = $n`, so the planner expects a coach's 2,500 open cases to be
-- 12, sorts a bitmap scan instead of walking the (coach_id, id) index, and
-- `case list` takes 20 ms instead of 1 at 100k cases
-- (bench/cases_explain.sh). An opaque function gets the default selectivity.
CREATE FUNCTION rs_visible(owner bigint) RETURNS boolean
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    AS $$
BEGIN
    RETURN owner = nullif(current_setting('reinstate.coach_id', true), '')::bigint
        OR coalesce(current_setting('reinstate.role', true), '') = 'admin';
END
$$;

-- Bumps version (the etag) and updated_at on every change of a row.
CREATE FUNCTION rs_touch() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    NEW.version := OLD.version + 1;
    NEW.updated_at := now();
    RETURN NEW;
END
$$;

CREATE TABLE clients (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    coach_id     bigint NOT NULL REFERENCES coaches (id),
    name         text NOT NULL CHECK (length(name) <= 200 AND btrim(name) <> ''),
    email        text NOT NULL DEFAULT ''
                 CHECK (email = '' OR (length(email) <= 254 AND email LIKE '%_@_%')),
    phone        text NOT NULL DEFAULT '' CHECK (length(phone) <= 40),
    archived_at  timestamptz,
    version      integer NOT NULL DEFAULT 1 CHECK (version >= 1),
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (id, coach_id)
);
CREATE INDEX clients_coach_idx ON clients (coach_id, id);
CREATE TRIGGER clients_touch BEFORE UPDATE ON clients
    FOR EACH ROW EXECUTE FUNCTION rs_touch();

CREATE TABLE cases (
    id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    client_id            bigint NOT NULL,
    coach_id             bigint NOT NULL,
    company              text NOT NULL CHECK (length(company) <= 200 AND btrim(company) <> ''),
    role_title           text NOT NULL
                         CHECK (length(role_title) <= 200 AND btrim(role_title) <> ''),
    manager_name         text NOT NULL
                         CHECK (length(manager_name) <= 200 AND btrim(manager_name) <> ''),
    manager_email        text NOT NULL DEFAULT ''
                         CHECK (manager_email = '' OR (length(manager_email) <= 254
                                                       AND manager_email LIKE '%_@_%')),
    manager_phone        text NOT NULL DEFAULT '' CHECK (length(manager_phone) <= 40),
    hr_name              text NOT NULL DEFAULT '' CHECK (length(hr_name) <= 200),
    hr_email             text NOT NULL DEFAULT ''
                         CHECK (hr_email = '' OR (length(hr_email) <= 254
                                                  AND hr_email LIKE '%_@_%')),
    salary               bigint CHECK (salary BETWEEN 1 AND 1000000000),
    currency             text NOT NULL DEFAULT '' CHECK (currency = '' OR currency ~ '^[A-Z]{3}$'),
    offered_on           date,
    declined_on          date,
    decline_reason       text NOT NULL DEFAULT '' CHECK (length(decline_reason) <= 2000),
    better_offer         text NOT NULL DEFAULT '' CHECK (length(better_offer) <= 2000),
    opening_status       text NOT NULL DEFAULT 'unknown'
                         CHECK (opening_status IN ('unknown', 'open', 'filled')),
    opening_verified_at  timestamptz,
    stage                text NOT NULL DEFAULT 'verify_opening'
                         CHECK (stage IN ('verify_opening', 'contact_manager', 'awaiting_response',
                                          'in_discussion', 'reinterview', 'negotiating',
                                          'reinstated', 'lost')),
    loss_reason          text CHECK (loss_reason IN ('position_filled', 'manager_declined',
                                                     'client_withdrew', 'no_response', 'other')),
    stage_changed_at     timestamptz NOT NULL DEFAULT now(),
    closed_at            timestamptz,
    version              integer NOT NULL DEFAULT 1 CHECK (version >= 1),
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now(),
    UNIQUE (id, coach_id),
    FOREIGN KEY (client_id, coach_id) REFERENCES clients (id, coach_id) ON UPDATE CASCADE,
    CHECK (salary IS NULL OR currency <> ''),
    CHECK (declined_on >= offered_on),
    CHECK ((stage = 'lost') = (loss_reason IS NOT NULL)),
    CHECK ((stage IN ('reinstated', 'lost')) = (closed_at IS NOT NULL)),
    CHECK (opening_status = 'unknown' OR opening_verified_at IS NOT NULL)
);
-- case list: a coach's open cases (the daily view), all of a coach's cases
-- (closed ones), by stage, by client; admins: the primary key and by stage.
CREATE INDEX cases_coach_idx ON cases (coach_id, id);
CREATE INDEX cases_coach_open_idx ON cases (coach_id, id) WHERE closed_at IS NULL;
CREATE INDEX cases_coach_stage_idx ON cases (coach_id, stage, id);
CREATE INDEX cases_stage_idx ON cases (stage, id);
CREATE INDEX cases_client_idx ON cases (client_id, id);
CREATE TRIGGER cases_touch BEFORE UPDATE ON cases
    FOR EACH ROW EXECUTE FUNCTION rs_touch();

CREATE TABLE attempts (
    id                       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id                  bigint NOT NULL,
    coach_id                 bigint NOT NULL,
    at                       timestamptz NOT NULL DEFAULT now(),
    channel                  text NOT NULL
                             CHECK (channel IN ('phone', 'email', 'video', 'in_person', 'letter',
                                                'linkedin', 'other')),
    contact_role             text NOT NULL
                             CHECK (contact_role IN ('hiring_manager', 'hr', 'recruiter',
                                                     'referral', 'other')),
    contact_name             text NOT NULL
                             CHECK (length(contact_name) <= 200 AND btrim(contact_name) <> ''),
    summary                  text NOT NULL DEFAULT '' CHECK (length(summary) <= 4000),
    accepted_responsibility  boolean NOT NULL DEFAULT false,
    conveyed_commitment      boolean NOT NULL DEFAULT false,
    offered_reinterview      boolean NOT NULL DEFAULT false,
    outcome                  text NOT NULL
                             CHECK (outcome IN ('no_answer', 'left_message', 'still_open',
                                                'position_filled', 'callback_requested',
                                                'in_discussion', 'reinterview_offered',
                                                'offer_reinstated', 'rejected')),
    follow_up_on             date,
    logged_by                bigint NOT NULL REFERENCES coaches (id),
    created_at               timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (case_id, coach_id) REFERENCES cases (id, coach_id) ON UPDATE CASCADE,
    CHECK (follow_up_on >= (at AT TIME ZONE 'UTC')::date - 1)
);
-- attempt list and the case timeline: one case's attempts in time order.
CREATE INDEX attempts_case_idx ON attempts (case_id, at, id);

CREATE TABLE notes (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id     bigint NOT NULL,
    coach_id    bigint NOT NULL,
    author_id   bigint NOT NULL REFERENCES coaches (id),
    body        text NOT NULL CHECK (length(body) <= 10000 AND btrim(body) <> ''),
    version     integer NOT NULL DEFAULT 1 CHECK (version >= 1),
    created_at  timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (case_id, coach_id) REFERENCES cases (id, coach_id) ON UPDATE CASCADE
);
CREATE INDEX notes_case_idx ON notes (case_id, id);

CREATE TABLE tasks (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id     bigint NOT NULL,
    coach_id    bigint NOT NULL,
    title       text NOT NULL CHECK (length(title) <= 500 AND btrim(title) <> ''),
    due_on      date NOT NULL,
    done        boolean NOT NULL DEFAULT false,
    done_at     timestamptz,
    created_by  bigint NOT NULL REFERENCES coaches (id),
    version     integer NOT NULL DEFAULT 1 CHECK (version >= 1),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (case_id, coach_id) REFERENCES cases (id, coach_id) ON UPDATE CASCADE,
    CHECK (done = (done_at IS NOT NULL))
);
-- task list --case and the timeline; task list [--overdue] for a coach and
-- for admins: open tasks by due date.
CREATE INDEX tasks_case_idx ON tasks (case_id, due_on, id);
CREATE INDEX tasks_coach_open_idx ON tasks (coach_id, due_on, id) WHERE NOT done;
CREATE INDEX tasks_open_idx ON tasks (due_on, id) WHERE NOT done;
CREATE INDEX tasks_coach_idx ON tasks (coach_id, due_on, id);
CREATE TRIGGER tasks_touch BEFORE UPDATE ON tasks
    FOR EACH ROW EXECUTE FUNCTION rs_touch();

-- Every stage a case has been in: from (NULL when the case was opened), to,
-- who, when, why, and the attempt that caused it, if one did.
CREATE TABLE stage_history (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id      bigint NOT NULL,
    coach_id     bigint NOT NULL,
    actor_id     bigint NOT NULL REFERENCES coaches (id),
    at           timestamptz NOT NULL DEFAULT now(),
    from_stage   text,
    to_stage     text NOT NULL,
    loss_reason  text,
    why          text NOT NULL DEFAULT '' CHECK (length(why) <= 1000),
    attempt_id   bigint REFERENCES attempts (id),
    FOREIGN KEY (case_id, coach_id) REFERENCES cases (id, coach_id) ON UPDATE CASCADE,
    CHECK (from_stage IS DISTINCT FROM to_stage),
    CHECK ((to_stage = 'lost') = (loss_reason IS NOT NULL))
);
CREATE INDEX stage_history_case_idx ON stage_history (case_id, id);

-- Row-level security: the coach who owns the row, or an admin. Forced, so
-- it holds for the owner too; the handlers also scope every statement.
ALTER TABLE clients ENABLE ROW LEVEL SECURITY;
ALTER TABLE clients FORCE ROW LEVEL SECURITY;
CREATE POLICY clients_own ON clients
    USING (rs_visible(coach_id)) WITH CHECK (rs_visible(coach_id));

ALTER TABLE cases ENABLE ROW LEVEL SECURITY;
ALTER TABLE cases FORCE ROW LEVEL SECURITY;
CREATE POLICY cases_own ON cases
    USING (rs_visible(coach_id)) WITH CHECK (rs_visible(coach_id));

ALTER TABLE attempts ENABLE ROW LEVEL SECURITY;
ALTER TABLE attempts FORCE ROW LEVEL SECURITY;
CREATE POLICY attempts_own ON attempts
    USING (rs_visible(coach_id)) WITH CHECK (rs_visible(coach_id));

ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
ALTER TABLE notes FORCE ROW LEVEL SECURITY;
CREATE POLICY notes_own ON notes
    USING (rs_visible(coach_id)) WITH CHECK (rs_visible(coach_id));

ALTER TABLE tasks ENABLE ROW LEVEL SECURITY;
ALTER TABLE tasks FORCE ROW LEVEL SECURITY;
CREATE POLICY tasks_own ON tasks
    USING (rs_visible(coach_id)) WITH CHECK (rs_visible(coach_id));

ALTER TABLE stage_history ENABLE ROW LEVEL SECURITY;
ALTER TABLE stage_history FORCE ROW LEVEL SECURITY;
CREATE POLICY stage_history_own ON stage_history
    USING (rs_visible(coach_id)) WITH CHECK (rs_visible(coach_id));

-- Attempts and stage history are a record of what happened: never changed
-- or removed (a reassignment rewrites coach_id through the cascades, which
-- run with the owner's rights). Notes are append-only too.
GRANT SELECT, INSERT, UPDATE ON clients, cases, tasks TO reinstate_app;
GRANT SELECT, INSERT ON attempts, notes, stage_history TO reinstate_app;
