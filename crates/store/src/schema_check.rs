//! Checks a database Cairn did not just create (one opened, restored, chosen as another data folder) against
//! what Cairn's own migrations build, before anything is written to it or read from it as data.
//!
//! A file from elsewhere can carry a trigger or view that fires on Cairn's own writes, an index or table that
//! is not ours, a table with other columns under a known version, or a stored attachment name that is a path.
//! Each is refused with `db_corrupt` naming the object or row; nothing is changed.

use crate::attachments::is_stored_name_of;
use crate::error::sql_error;
use crate::migrations;
use cairn_core::{Error, Result};
use rusqlite::Connection;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::{Mutex, OnceLock};

/// One entry of `sqlite_schema`: its kind (`table`, `index`, `trigger`, `view`) and its SQL with runs of
/// white space made one space (SQLite keeps the text as written; the comparison is about meaning).
#[derive(Debug, Clone, PartialEq, Eq)]
struct SchemaObject {
    kind: String,
    table: String,
    sql: String,
}

type Schema = BTreeMap<String, SchemaObject>;

fn read_schema(conn: &Connection) -> rusqlite::Result<Schema> {
    let mut stmt = conn.prepare("SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_schema")?;
    let rows = stmt.query_map([], |row| {
        let sql: String = row.get(3)?;
        Ok((
            row.get::<_, String>(1)?,
            SchemaObject {
                kind: row.get(0)?,
                table: row.get(2)?,
                sql: sql.split_whitespace().collect::<Vec<_>>().join(" "),
            },
        ))
    })?;
    rows.filter(|row| {
        // The planner's statistics (ANALYZE, `PRAGMA optimize`) are SQLite's own and hold no code.
        !matches!(row, Ok((name, _)) if name.starts_with("sqlite_stat"))
    })
    .collect()
}

/// What the migrations build at `version`, computed once per version in an in-memory database.
fn expected_schema(version: u32) -> Result<Schema> {
    static BUILT: OnceLock<Mutex<HashMap<u32, Schema>>> = OnceLock::new();
    let built = BUILT.get_or_init(|| Mutex::new(HashMap::new()));
    let mut built = built.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(schema) = built.get(&version) {
        return Ok(schema.clone());
    }
    let memory = Path::new(":memory:");
    let mut conn = Connection::open_in_memory().map_err(|e| sql_error(memory, e))?;
    migrations::migrate_to(&mut conn, memory, version)?;
    let schema = read_schema(&conn).map_err(|e| sql_error(memory, e))?;
    built.insert(version, schema.clone());
    Ok(schema)
}

fn corrupt(path: &Path, detail: String) -> Error {
    Error::DbCorrupt {
        path: path.to_path_buf(),
        detail,
    }
}

/// Refuses a database at schema `version` whose tables, columns, indexes, triggers or views differ from what
/// Cairn's migrations build for that version, naming the first difference.
pub fn refuse_foreign_schema(conn: &Connection, path: &Path, version: u32) -> Result<()> {
    let expected = expected_schema(version)?;
    let found = read_schema(conn).map_err(|e| sql_error(path, e))?;
    for (name, object) in &found {
        match expected.get(name) {
            None => {
                return Err(corrupt(
                    path,
                    format!(
                        "it has a {} \"{name}\" (on \"{}\") that Cairn did not make",
                        object.kind, object.table
                    ),
                ))
            }
            Some(ours) if ours != object => {
                return Err(corrupt(
                    path,
                    format!(
                        "its {} \"{name}\" is not the one Cairn makes at schema version {version}",
                        object.kind
                    ),
                ))
            }
            Some(_) => {}
        }
    }
    if let Some((name, object)) = expected.iter().find(|(name, _)| !found.contains_key(*name)) {
        return Err(corrupt(
            path,
            format!(
                "its {} \"{name}\" is missing for schema version {version}",
                object.kind
            ),
        ));
    }
    Ok(())
}

/// Refuses a database whose stored attachment names are anything but the content's hash with at most a plain
/// extension: such a name is joined to the attachments folder, so it must not be a path.
pub fn refuse_unsafe_stored_names(conn: &Connection, path: &Path, version: u32) -> Result<()> {
    if version < ATTACHMENTS_SINCE {
        return Ok(());
    }
    let mut stmt = conn
        .prepare("SELECT sha256, stored_name FROM attachment_file")
        .map_err(|e| sql_error(path, e))?;
    let mut rows = stmt.query([]).map_err(|e| sql_error(path, e))?;
    while let Some(row) = rows.next().map_err(|e| sql_error(path, e))? {
        let sha256: String = row.get(0).unwrap_or_default();
        let stored_name: String = row.get(1).unwrap_or_default();
        if !is_stored_name_of(&stored_name, &sha256) {
            return Err(corrupt(
                path,
                format!("its attachment_file.stored_name \"{stored_name}\" is not a name Cairn gives a stored copy"),
            ));
        }
    }
    Ok(())
}

/// The schema version whose migration made `attachment_file`.
const ATTACHMENTS_SINCE: u32 = 6;

#[cfg(test)]
mod tests {
    use super::*;

    fn cairn_database(version: u32) -> Connection {
        let mut conn = Connection::open_in_memory().unwrap();
        migrations::migrate_to(&mut conn, Path::new(":memory:"), version).unwrap();
        conn
    }

    fn refusal(conn: &Connection, version: u32) -> Option<String> {
        refuse_foreign_schema(conn, Path::new("x"), version)
            .err()
            .map(|e| e.to_string())
    }

    #[test]
    fn every_version_cairn_builds_passes_its_own_check() {
        for version in 0..=migrations::LATEST_VERSION {
            let conn = cairn_database(version);
            assert_eq!(refusal(&conn, version), None, "version {version}");
        }
    }

    #[test]
    fn a_foreign_trigger_view_index_table_or_column_is_refused_by_name() {
        let latest = migrations::LATEST_VERSION;
        for (sql, named) in [
            (
                "CREATE TRIGGER spy AFTER INSERT ON note BEGIN DELETE FROM note; END",
                "trigger \"spy\"",
            ),
            (
                "CREATE VIEW everything AS SELECT * FROM note",
                "view \"everything\"",
            ),
            ("CREATE INDEX extra ON note (title)", "index \"extra\""),
            ("CREATE TABLE secrets (x)", "table \"secrets\""),
            ("ALTER TABLE note ADD COLUMN colour TEXT", "table \"note\""),
            ("DROP TABLE interaction", "missing for schema"),
        ] {
            let conn = cairn_database(latest);
            conn.execute_batch("PRAGMA foreign_keys = OFF").unwrap();
            conn.execute_batch(sql).unwrap();
            let refused = refusal(&conn, latest);
            assert!(
                refused.as_deref().is_some_and(|message| message.contains(named)),
                "{sql}: expected a refusal naming {named}, got {refused:?}"
            );
        }
    }

    #[test]
    fn a_stored_name_that_is_a_path_is_refused() {
        let conn = cairn_database(migrations::LATEST_VERSION);
        let sha = "a".repeat(64);
        conn.execute(
            "INSERT INTO attachment_file (sha256, size, stored_name) VALUES (?1, 1, ?2)",
            [&sha, &format!("{sha}.pdf")],
        )
        .unwrap();
        assert!(refuse_unsafe_stored_names(&conn, Path::new("x"), migrations::LATEST_VERSION).is_ok());
        for bad in ["/home/me/thesis.docx", "../../x"] {
            conn.execute("UPDATE attachment_file SET stored_name = ?1", [bad])
                .unwrap();
            let refused = refuse_unsafe_stored_names(&conn, Path::new("x"), migrations::LATEST_VERSION);
            assert!(
                refused.as_ref().is_err_and(|e| e.to_string().contains(bad)),
                "{bad}: {refused:?}"
            );
        }
    }
}
