-- Version 12: the prospect pipeline (issue 20). Organisations that might hire the person move through stages;
-- every move is kept, dated, with what was sent (a portfolio piece, a letter kept as a note), so the figures can
-- say how long each stage took and which kind of outreach led to conversations and projects. An organisation's
-- contacts are the contacts whose organisation has its name. Deletions keep the row (`deleted_at`) so they can
-- be undone.

CREATE TABLE organisation (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('accredited_provider', 'medical_education_company', 'agency',
                     'association', 'other')),
    source       TEXT NOT NULL CHECK (source IN ('letter_of_introduction', 'referral', 'event', 'linkedin',
                     'job_advert', 'inbound', 'other')),
    stage        TEXT NOT NULL CHECK (stage IN ('researched', 'introduced', 'in_conversation', 'test_sent', 'quoted',
                     'first_project', 'repeat_client', 'closed')),
    stage_since  TEXT NOT NULL,            -- local date of the move into `stage`
    closed_reason TEXT NOT NULL DEFAULT '',
    next_step    TEXT NOT NULL DEFAULT '',
    next_step_on TEXT,                     -- local date
    notes        TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    deleted_at   TEXT
) STRICT;
-- The dashboard and the calendar read the next steps by date.
CREATE INDEX organisation_next_step ON organisation (next_step_on)
    WHERE next_step_on IS NOT NULL AND deleted_at IS NULL;

CREATE TABLE stage_move (
    id              INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
    moved_on        TEXT NOT NULL,          -- local date
    from_stage      TEXT,                   -- NULL for the first stage it was added at
    to_stage        TEXT NOT NULL,
    sent_piece_id   INTEGER REFERENCES portfolio_piece (id) ON DELETE SET NULL,
    sent_note_id    INTEGER REFERENCES note (id) ON DELETE SET NULL,
    created_at      TEXT NOT NULL
) STRICT;
CREATE INDEX stage_move_by_organisation ON stage_move (organisation_id, moved_on);
CREATE INDEX stage_move_by_day ON stage_move (moved_on);
CREATE INDEX stage_move_by_piece ON stage_move (sent_piece_id) WHERE sent_piece_id IS NOT NULL;
CREATE INDEX stage_move_by_note ON stage_move (sent_note_id) WHERE sent_note_id IS NOT NULL;
