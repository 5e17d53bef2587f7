-- Note history: a note's earlier text, kept when an editing session replaces it (at most one version per
-- 10 minutes of saving, so autosave does not store every keystroke). Thinned like the backups (all of the last
-- 14 days, then the newest of each week); removed only with the note itself.

CREATE TABLE note_version (
    id          INTEGER PRIMARY KEY,
    note_id     INTEGER NOT NULL REFERENCES note (id) ON DELETE CASCADE,
    -- When this text was last saved as the note's text (the note's updated_at then).
    saved_at    TEXT NOT NULL,
    -- When a later save replaced it (what coalescing and keeping go by).
    replaced_at TEXT NOT NULL,
    title       TEXT NOT NULL,
    body        TEXT NOT NULL
) STRICT;
CREATE INDEX note_version_by_note ON note_version (note_id, replaced_at);
