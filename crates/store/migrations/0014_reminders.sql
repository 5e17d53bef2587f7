-- Version 14: reminders on the desktop (issue 21). The person's choices travel with the profile; which reminders
-- this device has shown stays on it (every device reminds its own screen, once), and is neither synced nor
-- exported.
ALTER TABLE profile ADD COLUMN remind_due INTEGER NOT NULL DEFAULT 1 CHECK (remind_due IN (0, 1));
ALTER TABLE profile ADD COLUMN remind_reassess INTEGER NOT NULL DEFAULT 1 CHECK (remind_reassess IN (0, 1));
ALTER TABLE profile ADD COLUMN remind_week INTEGER NOT NULL DEFAULT 1 CHECK (remind_week IN (0, 1));
ALTER TABLE profile ADD COLUMN remind_week_on TEXT NOT NULL DEFAULT 'friday'
    CHECK (remind_week_on IN ('monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'));
ALTER TABLE profile ADD COLUMN remind_week_at TEXT NOT NULL DEFAULT '17:00'
    CHECK (remind_week_at GLOB '[0-2][0-9]:[0-5][0-9]');

CREATE TABLE reminder_shown (
    kind     TEXT NOT NULL CHECK (kind IN ('due', 'reassess', 'week')),
    period   TEXT NOT NULL,          -- the day (due) or the week's first day (reassess, week) it was for
    shown_at TEXT NOT NULL,
    PRIMARY KEY (kind, period)
) STRICT, WITHOUT ROWID;
