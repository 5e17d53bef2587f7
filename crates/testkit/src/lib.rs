//! What Cairn's tests share, so each test file holds only its own helpers: a store on a real file in a
//! temporary folder, instants from text, row counts, the field of an error, and a database as a newer Cairn
//! would leave it. A dev-dependency of the store and the app; never part of the app.

use cairn_core::Error;
use cairn_store::Store;
use jiff::Timestamp;
use std::path::Path;

/// What a test returns: any error fails it with its message.
pub type TestResult = Result<(), Box<dyn std::error::Error>>;
/// A helper's result in a test.
pub type Fallible<T> = Result<T, Box<dyn std::error::Error>>;

/// The instant written in `text` (RFC 3339); a typo in a test is a panic.
pub fn at(text: &str) -> Timestamp {
    text.parse().expect("a valid instant")
}

/// A new store holding the built-in pathway, synced at `now`, in its own temporary folder (kept alive by the
/// returned guard).
pub fn pathway_at(now: Timestamp) -> Fallible<(tempfile::TempDir, Store)> {
    let tmp = tempfile::tempdir()?;
    let store = Store::open_with_pathway(tmp.path(), now)?;
    Ok((tmp, store))
}

/// The first item of the milestone with `key`.
pub fn first_item(store: &Store, milestone: &str) -> Fallible<cairn_core::Id> {
    Ok(store
        .milestone_detail(milestone)?
        .items
        .first()
        .ok_or("the milestone has items")?
        .id)
}

/// The person's data as an export carries it, as pretty JSON, without the running timer (each device's own):
/// what two synced devices must hold alike.
pub fn synced_data(store: &Store) -> Fallible<String> {
    let export = store.export_data(at("2026-12-01T00:00:00Z"))?;
    let tables: Vec<_> = export
        .tables
        .into_iter()
        .filter(|(name, _)| name != "study_timer")
        .collect();
    Ok(serde_json::to_string_pretty(&tables)?)
}

/// The one number `sql` selects.
pub fn count(store: &Store, sql: &str) -> rusqlite::Result<i64> {
    store.connection().query_row(sql, [], |row| row.get(0))
}

/// The rows of `table`.
pub fn count_rows(store: &Store, table: &str) -> rusqlite::Result<i64> {
    count(store, &format!("SELECT count(*) FROM {table}"))
}

/// The field a refusal names, if it was refused at one.
pub fn field(error: Option<Error>) -> Option<String> {
    error.and_then(|e| e.field().map(str::to_owned))
}

/// Writes at `path` a database as a newer Cairn would leave it: Cairn's application id, schema `version`, WAL
/// mode, and a table of its own with one row.
pub fn write_newer_database(path: &Path, version: i64) -> rusqlite::Result<()> {
    let conn = rusqlite::Connection::open(path)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.execute_batch("CREATE TABLE future_things (id INTEGER PRIMARY KEY, body TEXT);")?;
    conn.execute(
        "INSERT INTO future_things (body) VALUES ('written by a newer Cairn')",
        [],
    )?;
    conn.pragma_update(None, "application_id", cairn_store::migrations::APPLICATION_ID)?;
    conn.pragma_update(None, "user_version", version)?;
    conn.close().map_err(|(_, e)| e)
}

/// Every file under `dir` (recursively) with its bytes, in path order: to show a folder was left as it was.
pub fn folder_contents(dir: &Path) -> Fallible<Vec<(std::path::PathBuf, Vec<u8>)>> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            found.extend(folder_contents(&path)?);
        } else {
            found.push((path.clone(), std::fs::read(&path)?));
        }
    }
    found.sort();
    Ok(found)
}
