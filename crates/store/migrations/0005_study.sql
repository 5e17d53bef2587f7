-- Version 5: study time. Sessions (from the timer or typed in), the one timer, planned breaks, the weekly target's
-- history (so a past week is measured against the target it had), and the day weeks start on.
--
-- A session belongs to the local calendar day it started (`started_on`); `seconds` is the real time studied.
-- Deleted sessions and breaks keep their row (`deleted_at`) so the deletion can be undone.

CREATE TABLE study_session (
    id            INTEGER PRIMARY KEY,
    started_on    TEXT NOT NULL CHECK (started_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    started_at    TEXT,              -- UTC instant; NULL for an entry given only as a duration
    seconds       INTEGER NOT NULL CHECK (seconds BETWEEN 1 AND 86400),
    activity      TEXT NOT NULL CHECK (activity IN ('reading', 'podcast_webinar', 'course', 'writing_practice', 'networking', 'other')),
    milestone_id  INTEGER REFERENCES milestone (id),
    competency_id INTEGER REFERENCES competency (id),
    note          TEXT NOT NULL DEFAULT '',
    source        TEXT NOT NULL CHECK (source IN ('timer', 'manual')),
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    deleted_at    TEXT
) STRICT;
-- Every measure sums seconds per day, activity, milestone or competency over a date range: this index covers
-- those queries, so they never read the table's rows (with their notes).
CREATE INDEX study_session_by_day ON study_session (started_on, seconds, activity, milestone_id, competency_id)
    WHERE deleted_at IS NULL;

-- At most one timer (id = 1). Its state is here, not in the window, so it survives a close, a crash or a reboot.
-- A discarded timer keeps its row until the next start, so the discard can be undone.
CREATE TABLE study_timer (
    id             INTEGER PRIMARY KEY CHECK (id = 1),
    activity       TEXT NOT NULL CHECK (activity IN ('reading', 'podcast_webinar', 'course', 'writing_practice', 'networking', 'other')),
    milestone_id   INTEGER REFERENCES milestone (id),
    competency_id  INTEGER REFERENCES competency (id),
    note           TEXT NOT NULL DEFAULT '',
    started_at     TEXT NOT NULL,    -- UTC instant
    started_on     TEXT NOT NULL,    -- the local day it started: the day its session will belong to
    paused_at      TEXT,             -- set while paused
    paused_seconds INTEGER NOT NULL DEFAULT 0 CHECK (paused_seconds >= 0),  -- finished pauses
    discarded_at   TEXT
) STRICT;

CREATE TABLE study_break (
    id         INTEGER PRIMARY KEY,
    starts_on  TEXT NOT NULL,
    ends_on    TEXT NOT NULL CHECK (ends_on >= starts_on),
    label      TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    deleted_at TEXT
) STRICT;

-- The weekly target from a local date on (the first day of the week it was set in); NULL minutes = no target.
-- A week is measured against the latest row that starts on or before its last day.
CREATE TABLE weekly_target (
    effective_from TEXT PRIMARY KEY,
    minutes        INTEGER CHECK (minutes BETWEEN 0 AND 10080),
    set_at         TEXT NOT NULL
) STRICT;
INSERT INTO weekly_target (effective_from, minutes, set_at)
    SELECT substr(coalesce(welcomed_at, updated_at), 1, 10), weekly_minutes, updated_at
    FROM profile WHERE weekly_minutes IS NOT NULL;

-- NULL means Monday.
ALTER TABLE profile ADD COLUMN week_start TEXT
    CHECK (week_start IN ('monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'));
