-- Version 1: the record of applied migrations. Later features add their own tables in later migrations.
CREATE TABLE schema_history (
    version    INTEGER PRIMARY KEY,
    name       TEXT    NOT NULL,
    applied_at TEXT    NOT NULL  -- UTC, RFC 3339
) STRICT;
