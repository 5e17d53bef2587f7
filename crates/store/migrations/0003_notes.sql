-- Notes: Markdown text the person writes, attached to at most one thing (a milestone, a checklist item or a
-- competency), with tags, a trash (soft delete) and a full-text index kept in step by triggers.

CREATE TABLE note (
    id            INTEGER PRIMARY KEY,
    title         TEXT NOT NULL,
    milestone_id  INTEGER REFERENCES milestone (id),
    item_id       INTEGER REFERENCES checklist_item (id),
    competency_id INTEGER REFERENCES competency (id),
    -- The reflection prompt the note was started from, and its wording then (kept if the pathway rewords it).
    prompt_id     INTEGER REFERENCES reflection_prompt (id),
    prompt_text   TEXT,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    deleted_at    TEXT,           -- in the trash since; NULL when not
    -- Last, so lists and filters read the short columns above without walking a long body's overflow pages.
    body          TEXT NOT NULL DEFAULT '',
    CHECK ((milestone_id IS NOT NULL) + (item_id IS NOT NULL) + (competency_id IS NOT NULL) <= 1),
    CHECK ((prompt_id IS NULL) = (prompt_text IS NULL))
) STRICT;
CREATE INDEX note_by_updated ON note (deleted_at, updated_at);
CREATE INDEX note_by_milestone ON note (milestone_id) WHERE milestone_id IS NOT NULL;
CREATE INDEX note_by_item ON note (item_id) WHERE item_id IS NOT NULL;
CREATE INDEX note_by_competency ON note (competency_id) WHERE competency_id IS NOT NULL;

CREATE TABLE tag (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE COLLATE NOCASE,
    created_at TEXT NOT NULL
) STRICT;

CREATE TABLE note_tag (
    note_id INTEGER NOT NULL REFERENCES note (id) ON DELETE CASCADE,
    tag_id  INTEGER NOT NULL REFERENCES tag (id),
    PRIMARY KEY (note_id, tag_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX note_tag_by_tag ON note_tag (tag_id);

-- The search index: one row per note that is not in the trash, rowid = note.id, so a search needs no look at
-- the notes table to leave trashed notes out. `tags` is the note's tag names separated by spaces. Only these
-- triggers write it, so it cannot drift from the notes.
CREATE VIRTUAL TABLE note_search USING fts5 (
    title, body, tags,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
);

CREATE TRIGGER note_search_after_insert AFTER INSERT ON note WHEN new.deleted_at IS NULL BEGIN
    INSERT INTO note_search (rowid, title, body, tags) VALUES (new.id, new.title, new.body, '');
END;
CREATE TRIGGER note_search_after_edit AFTER UPDATE OF title, body ON note WHEN new.deleted_at IS NULL BEGIN
    UPDATE note_search SET title = new.title, body = new.body WHERE rowid = new.id;
END;
CREATE TRIGGER note_search_after_trash AFTER UPDATE OF deleted_at ON note
    WHEN old.deleted_at IS NULL AND new.deleted_at IS NOT NULL BEGIN
    DELETE FROM note_search WHERE rowid = new.id;
END;
CREATE TRIGGER note_search_after_restore AFTER UPDATE OF deleted_at ON note
    WHEN old.deleted_at IS NOT NULL AND new.deleted_at IS NULL BEGIN
    INSERT INTO note_search (rowid, title, body, tags) VALUES (new.id, new.title, new.body, (
        SELECT coalesce(group_concat(t.name, ' '), '') FROM note_tag nt JOIN tag t ON t.id = nt.tag_id
        WHERE nt.note_id = new.id
    ));
END;
CREATE TRIGGER note_search_after_delete AFTER DELETE ON note BEGIN
    DELETE FROM note_search WHERE rowid = old.id;
END;
-- Tag changes update the note's row if it has one (a trashed note has none: the UPDATE matches nothing).
CREATE TRIGGER note_search_after_tag_insert AFTER INSERT ON note_tag BEGIN
    UPDATE note_search SET tags = (
        SELECT coalesce(group_concat(t.name, ' '), '') FROM note_tag nt JOIN tag t ON t.id = nt.tag_id
        WHERE nt.note_id = new.note_id
    ) WHERE rowid = new.note_id;
END;
CREATE TRIGGER note_search_after_tag_delete AFTER DELETE ON note_tag BEGIN
    UPDATE note_search SET tags = (
        SELECT coalesce(group_concat(t.name, ' '), '') FROM note_tag nt JOIN tag t ON t.id = nt.tag_id
        WHERE nt.note_id = old.note_id
    ) WHERE rowid = old.note_id;
END;
