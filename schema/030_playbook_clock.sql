-- The agency's clock and the facts the playbook needs (docs/playbook.md).
--
-- Days are counted in a time zone: the coach's when they set one, else the
-- agency's `time_zone` setting, else UTC (rs_zone). Zones are IANA names
-- from the system's tz database, checked against pg_timezone_names.

-- Whether name is a zone of the tz database ('America/Los_Angeles' and
-- 'UTC' yes; an abbreviation like 'PST' or a POSIX string like 'UTC+3' no).
CREATE FUNCTION rs_zone_known(name text) RETURNS boolean
    LANGUAGE sql STABLE
    AS $$ SELECT EXISTS (SELECT 1 FROM pg_timezone_names z WHERE z.name = $1) $$;

-- Agency settings that are not a number of days: the time zone and the
-- holiday calendar (comma-separated YYYY-MM-DD, ascending). A row holds
-- either value or text_value.
ALTER TABLE settings DROP CONSTRAINT IF EXISTS settings_key_check;
ALTER TABLE settings ALTER COLUMN value DROP NOT NULL;
ALTER TABLE settings ADD COLUMN text_value text CHECK (length(text_value) <= 4000);
ALTER TABLE settings ADD CONSTRAINT settings_key_check
    CHECK (key IN ('reverify_after_days', 'follow_up_after_days', 'late_decline_days',
                   'stale_after_days', 'access_code_ttl_days', 'manager_attempts_max',
                   'cadence_days', 'channel_switch_after', 'time_zone', 'holidays'));
ALTER TABLE settings ADD CONSTRAINT settings_one_value
    CHECK ((value IS NULL) <> (text_value IS NULL));
ALTER TABLE settings ADD CONSTRAINT settings_time_zone_known
    CHECK (key <> 'time_zone' OR rs_zone_known(text_value));
INSERT INTO settings (key, value) VALUES
    ('manager_attempts_max', 3),
    ('cadence_days', 14),
    ('channel_switch_after', 2);

-- A coach's own zone (NULL: the agency's).
ALTER TABLE coaches ADD COLUMN IF NOT EXISTS time_zone text;
ALTER TABLE coaches ADD CONSTRAINT coaches_time_zone_known
    CHECK (time_zone IS NULL OR rs_zone_known(time_zone));

-- The zone a coach's days are counted in: theirs, else the agency's, else
-- UTC. SECURITY DEFINER: a coach reads only their own row of coaches, and
-- the job seeker's status check runs without a coach.
CREATE FUNCTION rs_zone(coach bigint) RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
    AS $$
    SELECT coalesce(nullif((SELECT time_zone FROM coaches WHERE id = coach), ''),
                    nullif((SELECT text_value FROM settings WHERE key = 'time_zone'), ''),
                    'UTC')
    $$;
REVOKE ALL ON FUNCTION rs_zone(bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rs_zone(bigint) TO reinstate_app;

-- The day (as the engine counts it, days since 1970-01-01) of a moment in
-- a zone.
CREATE FUNCTION rs_day(t timestamptz, zone text) RETURNS integer
    LANGUAGE sql STABLE
    AS $$ SELECT (t AT TIME ZONE zone)::date - DATE '1970-01-01' $$;

-- The facts the script needs: the start date of a won case, the booked
-- re-interview, the route in (the hiring manager, a skip-level manager, a
-- warm referral, or HR as a last resort) with that contact's name, and when
-- the client confirmed they really want this job (NULL: not confirmed).
ALTER TABLE cases
    ADD COLUMN start_on date,
    ADD COLUMN interview_on date,
    ADD COLUMN route text NOT NULL DEFAULT 'manager'
        CHECK (route IN ('manager', 'skip_level', 'referral', 'hr_last_resort')),
    ADD COLUMN route_contact text NOT NULL DEFAULT '' CHECK (length(route_contact) <= 200),
    ADD COLUMN motivation_confirmed_at timestamptz;

-- The person left the company or is away for long.
ALTER TABLE attempts DROP CONSTRAINT IF EXISTS attempts_outcome_check;
ALTER TABLE attempts ADD CONSTRAINT attempts_outcome_check
    CHECK (outcome IN ('no_answer', 'left_message', 'still_open', 'position_filled',
                       'callback_requested', 'in_discussion', 'reinterview_offered',
                       'offer_reinstated', 'rejected', 'contact_gone'));
