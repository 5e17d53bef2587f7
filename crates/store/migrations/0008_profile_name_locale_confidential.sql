-- Reports for other people: the person's name (the author of Word documents, the sample pack's cover), the
-- locale dates and numbers are written in (NULL: the system's), and portfolio pieces a person marks as
-- confidential, which a sample pack refuses to include.

ALTER TABLE profile ADD COLUMN name TEXT NOT NULL DEFAULT '';
ALTER TABLE profile ADD COLUMN locale TEXT;
ALTER TABLE portfolio_piece ADD COLUMN confidential INTEGER NOT NULL DEFAULT 0 CHECK (confidential IN (0, 1));
