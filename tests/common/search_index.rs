//! Reading a store's notes search index, for the tests that import and migrate it.

use super::TestResult;

/// The search index's rows (title, body, tags) in order of the note each belongs to, or `None` when a row
/// belongs to no note.
pub fn search_index(conn: &rusqlite::Connection) -> rusqlite::Result<Vec<Option<(String, String, String)>>> {
    conn.prepare(
        "SELECT n.id IS NOT NULL, s.title, s.body, s.tags FROM note_search s LEFT JOIN note n ON n.id = s.rowid
         ORDER BY n.created_at, s.title, s.body",
    )?
    .query_map([], |row| {
        Ok(row
            .get::<_, bool>(0)?
            .then_some((row.get(1)?, row.get(2)?, row.get(3)?)))
    })?
    .collect()
}

/// The name and SQL of every schema object of one `kind` ("table", "trigger"), by name.
pub fn schema(conn: &rusqlite::Connection, kind: &str) -> rusqlite::Result<Vec<(String, String)>> {
    conn.prepare("SELECT name, sql FROM sqlite_master WHERE type = ?1 ORDER BY name")?
        .query_map([kind], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect()
}

/// The imported search index passes FTS5's own check of its storage against its documents, and its triggers
/// work: a note saved after the import is found by the words in it.
pub fn index_is_whole_and_kept(conn: &rusqlite::Connection) -> TestResult {
    conn.execute(
        "INSERT INTO note_search (note_search) VALUES ('integrity-check')",
        [],
    )?;
    conn.execute(
        "INSERT INTO note (id, title, body, created_at, updated_at)
         VALUES (?1, 'Quokka', 'marsupial', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
        [cairn_store::ids::new_id()],
    )?;
    let found: i64 = conn.query_row(
        "SELECT count(*) FROM note_search WHERE note_search MATCH 'marsupial'",
        [],
        |row| row.get(0),
    )?;
    assert_eq!(found, 1);
    Ok(())
}
