-- Version 6: the portfolio (writing samples, the competencies each demonstrates, attached files) and the
-- network (contacts, interactions and their follow-ups). Deletions keep the row (`deleted_at`) so they can be
-- undone.

CREATE TABLE portfolio_piece (
    id          INTEGER PRIMARY KEY,
    title       TEXT NOT NULL,
    deliverable TEXT NOT NULL CHECK (deliverable IN ('needs_assessment', 'grant_proposal', 'learning_objectives',
                    'slide_deck', 'patient_case', 'assessment_questions', 'outcomes_report', 'script',
                    'enduring_material', 'other')),
    status      TEXT NOT NULL CHECK (status IN ('idea', 'drafting', 'in_review', 'done', 'published')),
    started_on  TEXT,                -- local dates
    finished_on TEXT CHECK (finished_on IS NULL OR started_on IS NULL OR finished_on >= started_on),
    notes       TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted_at  TEXT
) STRICT;

CREATE TABLE piece_competency (
    piece_id      INTEGER NOT NULL REFERENCES portfolio_piece (id) ON DELETE CASCADE,
    competency_id INTEGER NOT NULL REFERENCES competency (id),
    PRIMARY KEY (piece_id, competency_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX piece_competency_by_competency ON piece_competency (competency_id);

-- One copy per distinct content, in `<data dir>/attachments/<stored_name>` (the SHA-256 of the content and the
-- original's extension), however many pieces attach it.
CREATE TABLE attachment_file (
    sha256      TEXT PRIMARY KEY,
    size        INTEGER NOT NULL CHECK (size >= 0),
    stored_name TEXT NOT NULL UNIQUE
) STRICT;

CREATE TABLE piece_attachment (
    id         INTEGER PRIMARY KEY,
    piece_id   INTEGER NOT NULL REFERENCES portfolio_piece (id) ON DELETE CASCADE,
    sha256     TEXT NOT NULL REFERENCES attachment_file (sha256),
    name       TEXT NOT NULL,        -- the name shown: the original's, made safe
    added_at   TEXT NOT NULL,
    deleted_at TEXT
) STRICT;
CREATE INDEX piece_attachment_by_piece ON piece_attachment (piece_id);
CREATE INDEX piece_attachment_by_file ON piece_attachment (sha256);

CREATE TABLE contact (
    id                INTEGER PRIMARY KEY,
    name              TEXT NOT NULL,
    role              TEXT NOT NULL DEFAULT '',
    organisation      TEXT NOT NULL DEFAULT '',
    organisation_kind TEXT NOT NULL CHECK (organisation_kind IN ('accredited_provider', 'medical_education_company',
                          'agency', 'association', 'peer', 'mentor', 'other')),
    where_met         TEXT NOT NULL DEFAULT '',
    links             TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(links)),
    notes             TEXT NOT NULL DEFAULT '',
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    deleted_at        TEXT
) STRICT;

CREATE TABLE interaction (
    id                INTEGER PRIMARY KEY,
    contact_id        INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
    happened_on       TEXT NOT NULL,
    channel           TEXT NOT NULL CHECK (channel IN ('linkedin', 'email', 'call', 'event', 'meeting')),
    summary           TEXT NOT NULL,
    follow_up_on      TEXT CHECK (follow_up_on IS NULL OR follow_up_on >= happened_on),
    follow_up_done_at TEXT,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    deleted_at        TEXT
) STRICT;
CREATE INDEX interaction_by_contact ON interaction (contact_id, happened_on);
-- The follow-ups list reads only open ones, by date.
CREATE INDEX open_follow_up ON interaction (follow_up_on)
    WHERE follow_up_on IS NOT NULL AND follow_up_done_at IS NULL AND deleted_at IS NULL;
