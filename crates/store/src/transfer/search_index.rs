//! The notes' search index during an import: its triggers are set aside while the rows go in, and the index is
//! built once, after the migrations.
//!
//! Building the index took half of an import's time (tokenising every note), and it needs only the notes and
//! their tags. So when the export is at the latest schema, its index is built on a second thread into a
//! scratch database of its own while the main thread checks and inserts every row, and the finished index's
//! storage tables are copied into the import whole: the same FTS5 declaration, the same documents and the same
//! SQLite, so it is the index the import would have built (FTS5's `integrity-check` holds it against the notes
//! in `tests/imports.rs`). Anything unexpected in the notes (a field of the wrong type, a tag that is not
//! there) leaves them to the import's own checks, which name the entry, and to the one-thread build.

use crate::migrations::LATEST_VERSION;
use rusqlite::config::DbConfig;
use rusqlite::Connection;
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::path::Path;
use std::thread::JoinHandle;

/// The tables in which FTS5 keeps `note_search`: everything the index is, copied whole.
const STORAGE_TABLES: [&str; 5] = ["data", "idx", "content", "docsize", "config"];

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

/// A search index being built on another thread into a scratch database beside the import. Dropped unused
/// (the import failed), it waits for the thread, so the scratch file is gone when the import returns.
pub(super) struct SideIndex(Option<JoinHandle<Option<tempfile::NamedTempFile>>>);

impl SideIndex {
    /// Waits for the thread: the scratch database holding the finished index, or `None` if it failed.
    fn finish(mut self) -> Option<tempfile::NamedTempFile> {
        self.0.take()?.join().ok().flatten()
    }
}

impl Drop for SideIndex {
    fn drop(&mut self) {
        if let Some(thread) = self.0.take() {
            let _ = thread.join();
        }
    }
}

/// One note as the index holds it: rowid, title, body and its tag names separated by spaces.
type Document = (i64, String, String, String);

/// Starts building the index of `data`'s notes on another thread, when the export is at the latest schema
/// (`conn`, already made at that schema, gives the index's declaration) and its notes read as expected.
pub(super) fn start_side_index(
    conn: &Connection,
    dir: &Path,
    schema_version: u32,
    data: &Map<String, Value>,
) -> Option<SideIndex> {
    if schema_version != LATEST_VERSION {
        return None;
    }
    let declaration: String = conn
        .query_row(
            "SELECT sql FROM sqlite_master WHERE name = 'note_search'",
            [],
            |row| row.get(0),
        )
        .ok()?;
    let documents = documents(data)?;
    let scratch = tempfile::Builder::new()
        .prefix(".cairn-import-index-")
        .suffix(".partial")
        .tempfile_in(dir)
        .ok()?;
    Some(SideIndex(Some(std::thread::spawn(move || {
        build_side_index(scratch.path(), &declaration, &documents).ok()?;
        Some(scratch)
    }))))
}

/// The notes not in the trash with their tag names in `tag_id` order, the order in which the tag triggers
/// and the one-thread build join them (the tag link's primary key is `(note_id, tag_id)`); `None` when a
/// field is not what the schema holds.
fn documents(data: &Map<String, Value>) -> Option<Vec<Document>> {
    let rows = |table: &str| match data.get(table) {
        None => Some(&[][..]),
        Some(Value::Array(rows)) => Some(rows.as_slice()),
        Some(_) => None,
    };
    let tag_names: HashMap<i64, &str> = rows("tag")?
        .iter()
        .map(|tag| Some((tag.get("id")?.as_i64()?, tag.get("name")?.as_str()?)))
        .collect::<Option<_>>()?;
    let mut links: Vec<(i64, i64)> = rows("note_tag")?
        .iter()
        .map(|link| Some((link.get("note_id")?.as_i64()?, link.get("tag_id")?.as_i64()?)))
        .collect::<Option<_>>()?;
    links.sort_unstable();
    let mut tags: HashMap<i64, String> = HashMap::new();
    for (note, tag) in links {
        let name = tag_names.get(&tag)?;
        let joined = tags.entry(note).or_default();
        if !joined.is_empty() {
            joined.push(' ');
        }
        joined.push_str(name);
    }
    let mut documents = Vec::new();
    for note in rows("note")? {
        match note.get("deleted_at") {
            None | Some(Value::Null) => {}
            Some(Value::String(_)) => continue,
            Some(_) => return None,
        }
        let id = note.get("id")?.as_i64()?;
        let title = note.get("title")?.as_str()?.to_owned();
        let body = note.get("body")?.as_str()?.to_owned();
        documents.push((id, title, body, tags.remove(&id).unwrap_or_default()));
    }
    Some(documents)
}

/// Makes the index (`declaration`) in the scratch database at `path` and fills it with `documents`.
fn build_side_index(path: &Path, declaration: &str, documents: &[Document]) -> rusqlite::Result<()> {
    let mut conn = Connection::open(path)?;
    // A scratch file read once by the import and deleted after, so it needs no journal and no syncing.
    conn.execute_batch("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;")?;
    let tx = conn.transaction()?;
    tx.execute_batch(declaration)?;
    {
        let mut insert =
            tx.prepare("INSERT INTO note_search (rowid, title, body, tags) VALUES (?1, ?2, ?3, ?4)")?;
        for (id, title, body, tags) in documents {
            insert.execute((id, title, body, tags))?;
        }
    }
    tx.commit()
}

/// Once the imported data is at the latest schema: indexes every note not in the trash, with its tags, as the
/// triggers would have one by one, then puts the triggers back. The index is built after the migrations, and
/// only when none of them built it (migration 9 rebuilds it whole), so it is built once: copied from `side`
/// when that finished, or else here. Nothing to do for an export from before the index, whose migrations made
/// it with its triggers.
pub(super) fn finish_search_index(
    conn: &mut Connection,
    triggers: &[String],
    side: Option<SideIndex>,
) -> rusqlite::Result<()> {
    let side = side.and_then(SideIndex::finish);
    if triggers.is_empty() {
        return Ok(());
    }
    if let Some(scratch) = side.as_ref().and_then(|file| file.path().to_str()) {
        conn.execute("ATTACH DATABASE ?1 AS side", [scratch])?;
        // FTS5's storage tables are read-only to SQL in defensive mode; the import's scratch database lifts it
        // for this copy only.
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_DEFENSIVE, false)?;
        let copied = copy_side_index(conn);
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_DEFENSIVE, true)?;
        conn.execute_batch("DETACH DATABASE side")?;
        copied?;
    }
    let tx = conn.transaction()?;
    // The triggers were set aside while the rows went in, so only a migration or the copy can have filled it.
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

/// Replaces the import's (empty) index with the side database's, table by table, in one transaction.
fn copy_side_index(conn: &mut Connection) -> rusqlite::Result<()> {
    let tx = conn.transaction()?;
    for table in STORAGE_TABLES {
        tx.execute_batch(&format!(
            "DELETE FROM main.note_search_{table}; \
             INSERT INTO main.note_search_{table} SELECT * FROM side.note_search_{table};"
        ))?;
    }
    tx.commit()
}
