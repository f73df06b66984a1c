-- Agency-wide settings the playbook's rules read (durations in days). One
-- row per known key; admins change values, everyone logged in reads them.
CREATE TABLE settings (
    key         text PRIMARY KEY
                CHECK (key IN ('reverify_after_days', 'follow_up_after_days',
                               'late_decline_days', 'stale_after_days',
                               'access_code_ttl_days')),
    value       integer NOT NULL CHECK (value BETWEEN 1 AND 3650),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    updated_by  bigint REFERENCES coaches (id)
);
INSERT INTO settings (key, value) VALUES
    ('reverify_after_days', 7),
    ('follow_up_after_days', 3),
    ('late_decline_days', 30),
    ('stale_after_days', 14),
    ('access_code_ttl_days', 30);

ALTER TABLE settings ENABLE ROW LEVEL SECURITY;
ALTER TABLE settings FORCE ROW LEVEL SECURITY;
CREATE POLICY settings_read ON settings FOR SELECT USING (rs_actor() IS NOT NULL);
CREATE POLICY settings_admin_write ON settings FOR UPDATE
    USING (rs_is_admin()) WITH CHECK (rs_is_admin());
GRANT SELECT, INSERT, UPDATE ON settings TO reinstate_app;
CREATE POLICY settings_admin_insert ON settings FOR INSERT WITH CHECK (rs_is_admin());
