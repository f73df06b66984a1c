-- Reminders count a coach's day in the same zone as the playbook: the
-- coach's, else the agency's time_zone setting, else UTC (rs_zone, 030).
CREATE OR REPLACE FUNCTION rs_mail_zone(coach_zone text) RETURNS text
    LANGUAGE sql STABLE
    AS $$
    SELECT coalesce(nullif(coach_zone, ''),
                    nullif((SELECT text_value FROM settings WHERE key = 'time_zone'), ''),
                    'UTC')
    $$;

-- The scheduler reads the agency's zone on the server's own connection.
CREATE POLICY settings_mailer ON settings FOR SELECT TO CURRENT_USER USING (true);
