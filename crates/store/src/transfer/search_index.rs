//! The notes' search index during an import: its triggers are set aside while the rows go in, and the index is
//! built once, after the migrations.

use rusqlite::Connection;

/// Drops the triggers that keep the notes' search index (`note_search`) up to date, returning their SQL to put
/// them back. Row by row they would index each note once for itself and again for each of its tags (a tag's
/// trigger rewrites the note's whole row), so an import builds the index once, at the end, instead.
pub(super) fn set_aside_search_triggers(tx: &rusqlite::Transaction<'_>) -> rusqlite::Result<Vec<String>> {
    let triggers: Vec<(String, String)> = tx
        .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'note_search_%'")?
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (name, _) in &triggers {
        tx.execute_batch(&format!("DROP TRIGGER \"{name}\""))?;
    }
    Ok(triggers.into_iter().map(|(_, sql)| sql).collect())
}

/// Once the imported data is at the latest schema: indexes every note not in the trash, with its tags, as the
/// triggers would have one by one, then puts the triggers back. The index is built after the migrations, and
/// only when none of them built it (migration 9 rebuilds it whole), so it is built once. Nothing to do for an
/// export from before the index, whose migrations made it with its triggers.
pub(super) fn finish_search_index(conn: &mut Connection, triggers: &[String]) -> rusqlite::Result<()> {
    if triggers.is_empty() {
        return Ok(());
    }
    let tx = conn.transaction()?;
    // The triggers were set aside while the rows went in, so only a migration can have filled the index.
    let built: bool = tx.query_row("SELECT EXISTS (SELECT 1 FROM note_search)", [], |row| row.get(0))?;
    if !built {
        tx.execute(
            "INSERT INTO note_search (rowid, title, body, tags)
             SELECT n.id, n.title, n.body, (
                 SELECT coalesce(group_concat(t.name, ' '), '') FROM note_tag nt JOIN tag t ON t.id = nt.tag_id
                 WHERE nt.note_id = n.id
             ) FROM note n WHERE n.deleted_at IS NULL",
            [],
        )?;
    }
    for sql in triggers {
        tx.execute_batch(sql)?;
    }
    tx.commit()
}
