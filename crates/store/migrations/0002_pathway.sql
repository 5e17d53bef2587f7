-- Version 2: the pathway (milestones, checklist items, prompts, competencies, resources, sources), synced from
-- packs by stable keys, and the person's profile. Pack text is kept beside the person's own text so an edited
-- built-in entry can be reset. Source lists are JSON arrays of source keys.

CREATE TABLE profile (
    id             INTEGER PRIMARY KEY CHECK (id = 1),
    background     TEXT CHECK (background IN ('physician', 'nurse', 'pharmacist', 'vet', 'academic', 'researcher', 'other')),
    weekly_minutes INTEGER CHECK (weekly_minutes BETWEEN 0 AND 10080),
    welcomed_at    TEXT,             -- when the welcome was finished or skipped (UTC)
    updated_at     TEXT NOT NULL
) STRICT;

CREATE TABLE pathway_pack (
    key        TEXT PRIMARY KEY,
    version    INTEGER NOT NULL,
    title      TEXT NOT NULL,
    synced_at  TEXT NOT NULL
) STRICT;

CREATE TABLE source (
    key   TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    url   TEXT NOT NULL
) STRICT;

CREATE TABLE milestone (
    id              INTEGER PRIMARY KEY,
    key             TEXT NOT NULL UNIQUE,
    position        INTEGER NOT NULL,
    title           TEXT NOT NULL,
    summary         TEXT NOT NULL,
    done_looks_like TEXT NOT NULL,
    sources         TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(sources)),
    retired_at      TEXT
) STRICT;

CREATE TABLE checklist_item (
    id             INTEGER PRIMARY KEY,
    milestone_id   INTEGER NOT NULL REFERENCES milestone (id),
    key            TEXT UNIQUE,      -- the pack's key; NULL for the person's own items
    title          TEXT NOT NULL,
    details        TEXT NOT NULL DEFAULT '',
    pack_title     TEXT,             -- the pack's text, for "reset"; NULL for the person's own items
    pack_details   TEXT,
    activity       TEXT,
    effort_minutes INTEGER,
    sources        TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(sources)),
    position       INTEGER NOT NULL,
    done_at        TEXT,             -- UTC instant it was ticked
    due_on         TEXT,             -- local calendar date, YYYY-MM-DD
    hidden_at      TEXT,
    deleted_at     TEXT,             -- soft delete of the person's own items, undoable
    retired_at     TEXT,             -- dropped from the pack after the person touched it
    touched_at     TEXT,             -- last change by the person: the sync never deletes a touched item
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    CHECK ((key IS NULL) = (pack_title IS NULL))
) STRICT;
CREATE INDEX checklist_item_by_milestone ON checklist_item (milestone_id, position);

CREATE TABLE reflection_prompt (
    id           INTEGER PRIMARY KEY,
    milestone_id INTEGER NOT NULL REFERENCES milestone (id),
    key          TEXT NOT NULL UNIQUE,
    text         TEXT NOT NULL,
    position     INTEGER NOT NULL,
    retired_at   TEXT
) STRICT;

CREATE TABLE competency (
    id              INTEGER PRIMARY KEY,
    key             TEXT UNIQUE,     -- NULL for the person's own competencies
    name            TEXT NOT NULL,
    description     TEXT NOT NULL DEFAULT '',
    pack_name       TEXT,
    pack_description TEXT,
    suggested_level INTEGER CHECK (suggested_level BETWEEN 1 AND 5),
    target_level    INTEGER CHECK (target_level BETWEEN 1 AND 5),  -- the person's own target; NULL = suggested
    milestones      TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(milestones)),  -- milestone keys
    sources         TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(sources)),
    position        INTEGER NOT NULL,
    hidden_at       TEXT,
    retired_at      TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
) STRICT;

CREATE TABLE competency_level (
    competency_id INTEGER NOT NULL REFERENCES competency (id) ON DELETE CASCADE,
    level         INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
    anchor        TEXT NOT NULL,
    pack_anchor   TEXT,
    PRIMARY KEY (competency_id, level)
) STRICT;

CREATE TABLE resource (
    id         INTEGER PRIMARY KEY,
    key        TEXT NOT NULL UNIQUE,
    kind       TEXT NOT NULL CHECK (kind IN ('organisation', 'event', 'credential', 'reading', 'community')),
    title      TEXT NOT NULL,
    purpose    TEXT NOT NULL,
    milestones TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(milestones)),
    sources    TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(sources)),
    position   INTEGER NOT NULL
) STRICT;
