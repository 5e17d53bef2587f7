-- Competency self-assessments: an assessment is a dated snapshot of rubric ratings (1-5), each with optional
-- evidence or a note. Deleting one puts it in a trash (`deleted_at`) so it can be undone; history queries leave
-- trashed ones out. The person's own competencies use the existing `competency` table (key NULL).

CREATE TABLE assessment (
    id           INTEGER PRIMARY KEY,
    taken_on     TEXT NOT NULL CHECK (taken_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),  -- local date
    milestone_id INTEGER REFERENCES milestone (id),   -- only this milestone's competencies were offered; NULL = all
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    deleted_at   TEXT
) STRICT;
CREATE INDEX assessment_by_date ON assessment (deleted_at, taken_on);

CREATE TABLE rating (
    assessment_id INTEGER NOT NULL REFERENCES assessment (id) ON DELETE CASCADE,
    competency_id INTEGER NOT NULL REFERENCES competency (id),
    level         INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
    evidence      TEXT NOT NULL DEFAULT '',
    note_id       INTEGER REFERENCES note (id) ON DELETE SET NULL,
    PRIMARY KEY (assessment_id, competency_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX rating_by_competency ON rating (competency_id);

-- Weeks after the last assessment before Cairn suggests another; NULL means the default (4).
ALTER TABLE profile ADD COLUMN reassess_weeks INTEGER CHECK (reassess_weeks BETWEEN 1 AND 52);
