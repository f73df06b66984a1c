-- A mis-logged attempt can be voided, never deleted: the row stays (with
-- who voided it, when and why) for the audit and the attempt list, and
-- drops out of the next-step engine's facts and the case timeline. The
-- stage change it caused is undone when it is still the case's last.
ALTER TABLE attempts ADD COLUMN voided_at timestamptz;
ALTER TABLE attempts ADD COLUMN voided_by bigint REFERENCES coaches (id);
ALTER TABLE attempts ADD COLUMN void_reason text NOT NULL DEFAULT ''
    CHECK (length(void_reason) <= 1000);
ALTER TABLE attempts ADD CHECK ((voided_at IS NULL) = (voided_by IS NULL));
GRANT UPDATE (voided_at, voided_by, void_reason) ON attempts TO reinstate_app;
