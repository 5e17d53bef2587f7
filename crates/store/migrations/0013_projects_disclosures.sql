-- Version 13: paid work and the disclosure record (issue 20).
--
-- The rate plan: the hourly rate the person charges, with the figures the income-needed helper worked it out
-- from. Money is in minor units (cents, pence) of one currency; hours are in minutes.
CREATE TABLE rate_plan (
    id                        INTEGER PRIMARY KEY CHECK (id = 1),
    currency                  TEXT NOT NULL CHECK (length(currency) = 3 AND currency NOT GLOB '*[^A-Z]*'),
    yearly_income_minor       INTEGER NOT NULL CHECK (yearly_income_minor >= 0),
    yearly_costs_minor        INTEGER NOT NULL CHECK (yearly_costs_minor >= 0),
    working_weeks             INTEGER NOT NULL CHECK (working_weeks BETWEEN 1 AND 52),
    billable_minutes_per_week INTEGER NOT NULL CHECK (billable_minutes_per_week BETWEEN 1 AND 4800),
    hourly_rate_minor         INTEGER NOT NULL CHECK (hourly_rate_minor > 0),
    updated_at                TEXT NOT NULL
) STRICT;

-- A project for an organisation in the pipeline: what it is, the estimate and the rate it was quoted at (the
-- quote is their product, kept so a later change of rate does not rewrite it), and where it stands. The hours
-- it really took are the study sessions logged against it.
CREATE TABLE project (
    id                INTEGER PRIMARY KEY,
    organisation_id   INTEGER NOT NULL REFERENCES organisation (id),
    title             TEXT NOT NULL,
    deliverable       TEXT NOT NULL CHECK (deliverable IN ('needs_assessment', 'grant_proposal', 'learning_objectives',
                          'slide_deck', 'patient_case', 'assessment_questions', 'outcomes_report', 'script',
                          'enduring_material', 'other')),
    status            TEXT NOT NULL CHECK (status IN ('quoted', 'accepted', 'delivered', 'paid', 'declined')),
    estimate_minutes  INTEGER NOT NULL CHECK (estimate_minutes > 0),
    hourly_rate_minor INTEGER NOT NULL CHECK (hourly_rate_minor > 0),
    fee_minor         INTEGER NOT NULL CHECK (fee_minor >= 0),
    currency          TEXT NOT NULL CHECK (length(currency) = 3),
    quoted_on         TEXT NOT NULL,        -- local date
    due_on            TEXT,                 -- local date
    notes             TEXT NOT NULL DEFAULT '',
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    deleted_at        TEXT
) STRICT;
CREATE INDEX project_by_organisation ON project (organisation_id);

-- Time on a project is logged with the timer or by hand like any session.
ALTER TABLE study_session ADD COLUMN project_id INTEGER REFERENCES project (id);
ALTER TABLE study_timer ADD COLUMN project_id INTEGER REFERENCES project (id);
CREATE INDEX study_session_by_project ON study_session (project_id, seconds)
    WHERE project_id IS NOT NULL AND deleted_at IS NULL;

-- Financial relationships with ineligible companies, for the 24-month disclosure a writer makes as someone in
-- control of content. `ended_on` is NULL while it goes on.
CREATE TABLE disclosure (
    id          INTEGER PRIMARY KEY,
    company     TEXT NOT NULL,
    nature      TEXT NOT NULL CHECK (nature IN ('employment', 'consulting', 'advisory_board', 'speaking', 'research',
                    'ownership', 'royalties', 'other')),
    started_on  TEXT NOT NULL,
    ended_on    TEXT CHECK (ended_on IS NULL OR ended_on >= started_on),
    notes       TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted_at  TEXT
) STRICT;
