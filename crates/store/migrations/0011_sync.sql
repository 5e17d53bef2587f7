-- Sync through a folder the person already syncs (issue 19). These tables are this device's own state: they
-- are never synced themselves, nor exported. Every change to a synced table is recorded, in the same
-- transaction, as an SQLite session changeset in `sync_outbox`; `cairn sync` writes the outbox to the folder and
-- applies the other devices' changes (`src/sync/`).

-- This device, once sync is set up: its id (its folder's name in the sync folder), its name, the folder, and its
-- clock: microseconds since 1970, never behind a change it made or applied (a hybrid clock).
CREATE TABLE sync_device (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    device      TEXT NOT NULL CHECK (length(device) = 32 AND device NOT GLOB '*[^0-9a-f]*'),
    name        TEXT NOT NULL,
    folder      TEXT NOT NULL,
    clock       INTEGER NOT NULL,
    written_seq INTEGER NOT NULL DEFAULT 0,   -- the last outbox change written to the folder
    set_up_at   TEXT NOT NULL
) STRICT;

-- The changes made here, in order; a change's file is `<device>/<seq>.changes`.
CREATE TABLE sync_outbox (
    seq       INTEGER PRIMARY KEY,
    made_at   INTEGER NOT NULL,              -- the device clock when it was committed
    -- How far this device had applied each other device's changes then (JSON: device -> seq): another device
    -- applies this change only after those, so a change never arrives before what it built on.
    after     TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(after)),
    changeset BLOB NOT NULL
) STRICT;

-- The other devices seen in the folder, and how far this one has applied each one's changes (they are applied in
-- order, so a missing file holds back the ones after it until it arrives).
CREATE TABLE sync_peer (
    device      TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    applied_seq INTEGER NOT NULL DEFAULT 0,
    last_made_at INTEGER,                    -- the device clock of its latest change applied here
    seen_at     TEXT NOT NULL
) STRICT;

-- The last change to each field of each synced row, made here or applied: what "the latest edit wins" compares.
CREATE TABLE sync_clock (
    tbl         TEXT NOT NULL,
    row_key     TEXT NOT NULL,               -- the row's primary key, as JSON
    column_name TEXT NOT NULL,
    at          INTEGER NOT NULL,
    device      TEXT NOT NULL,
    PRIMARY KEY (tbl, row_key, column_name)
) STRICT, WITHOUT ROWID;

-- Values a merge set aside: the person can read them and take one back.
CREATE TABLE sync_conflict (
    id          INTEGER PRIMARY KEY,
    tbl         TEXT NOT NULL,
    row_key     TEXT NOT NULL,
    column_name TEXT NOT NULL,
    kept        TEXT,                        -- the value kept, as JSON
    set_aside   TEXT,                        -- the value set aside, as JSON
    from_device TEXT NOT NULL,               -- the device whose value was set aside
    made_at     INTEGER NOT NULL,            -- when that value was written (its device's clock)
    noted_at    TEXT NOT NULL,
    reason      TEXT NOT NULL CHECK (reason IN ('both_edited', 'edited_after_delete', 'deleted_after_edit', 'refused')),
    resolved_at TEXT
) STRICT;
