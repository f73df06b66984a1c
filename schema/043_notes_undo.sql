-- A note written by mistake can be corrected or deleted. Both keep the
-- history honest: the audit log records the text an edit replaced or a
-- deletion removed, and a deleted note's row stays (with who deleted it and
-- when) but leaves the note list, the case's timeline, search and exports.
-- Tasks are updatable already (title, due date, reopen).
ALTER TABLE notes
    ADD COLUMN edited_at timestamptz,
    ADD COLUMN deleted_at timestamptz,
    ADD COLUMN deleted_by bigint REFERENCES coaches (id),
    ADD CONSTRAINT notes_deleted_by CHECK ((deleted_at IS NULL) = (deleted_by IS NULL));
GRANT UPDATE (body, version, edited_at, deleted_at, deleted_by) ON notes TO reinstate_app;
