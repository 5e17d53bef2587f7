//! Every database a released Cairn wrote (`tests/fixtures/schema-vN.sqlite3`) opens in this version, is
//! migrated to the latest schema, and keeps every row it had. (`schema-v6` is the small demo written by the
//! version that introduced schema 7, with the one table of schema 7 dropped and the version set back to 6:
//! schema 6's tables are untouched by that migration, so their rows are what a schema-6 Cairn wrote.)

use rusqlite::Connection;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use cairn_testkit::TestResult;

fn fixtures() -> std::io::Result<Vec<PathBuf>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)?
        .map(|entry| entry.map(|e| e.path()))
        .collect::<std::io::Result<_>>()?;
    found.retain(|path| {
        path.file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with("schema-v"))
    });
    found.sort();
    Ok(found)
}

/// The columns of every table, by table name.
fn columns(conn: &Connection) -> rusqlite::Result<BTreeMap<String, Vec<String>>> {
    // The search index's own storage (`note_search_data` and the rest) is left out: it is derived from the notes,
    // and a migration may rebuild it in another layout. The index's rows (`note_search`) are compared.
    let mut tables = conn.prepare(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
         AND name NOT LIKE 'note_search_%'",
    )?;
    let names: Vec<String> = tables
        .query_map([], |row| row.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut found = BTreeMap::new();
    for name in names {
        let stmt = conn.prepare(&format!("SELECT * FROM \"{name}\""))?;
        let columns = stmt.column_names().map(str::to_owned).collect();
        found.insert(name, columns);
    }
    Ok(found)
}

/// Every row of `table`, as text, reading only `columns` (so a column added by a later migration does not make
/// an old row look different).
fn rows(conn: &Connection, table: &str, columns: &[String]) -> rusqlite::Result<Vec<String>> {
    let list = columns
        .iter()
        .map(|c| format!("\"{c}\""))
        .collect::<Vec<_>>()
        .join(", ");
    let mut stmt = conn.prepare(&format!("SELECT {list} FROM \"{table}\" ORDER BY 1"))?;
    let width = stmt.column_count();
    let rows = stmt
        .query_map([], |row| {
            (0..width)
                .map(|i| row.get_ref(i).map(|v| format!("{v:?}")))
                .collect::<rusqlite::Result<Vec<_>>>()
                .map(|cells| cells.join("|"))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

#[test]
fn every_released_schema_migrates_to_the_latest_with_every_row_intact() -> TestResult {
    let fixtures = fixtures()?;
    assert!(!fixtures.is_empty(), "there is at least the schema-v1 fixture");
    for fixture in fixtures {
        // Work on copies: even reading a WAL-mode database leaves -wal and -shm files beside it.
        let tmp = tempfile::tempdir()?;
        let reference = tmp.path().join("reference.sqlite3");
        std::fs::copy(&fixture, &reference)?;
        let old = Connection::open(&reference)?;
        let before_columns = columns(&old)?;
        std::fs::copy(&fixture, tmp.path().join(cairn_store::DATABASE_FILE))?;

        let store = cairn_store::Store::open(tmp.path())
            .map_err(|e| format!("{} does not open: {e}", fixture.display()))?;
        assert_eq!(
            store.schema_version()?,
            cairn_store::LATEST_VERSION,
            "{}",
            fixture.display()
        );
        assert!(store.integrity_problems()?.is_empty(), "{}", fixture.display());
        // The notes' search index agrees with its rows (FTS5's own check), without the prefix indexes
        // migration 9 removed.
        store
            .connection()
            .execute(
                "INSERT INTO note_search (note_search) VALUES ('integrity-check')",
                [],
            )
            .map_err(|e| format!("{}: the search index is damaged: {e}", fixture.display()))?;
        let index_sql: String = store.connection().query_row(
            "SELECT sql FROM sqlite_schema WHERE name = 'note_search'",
            [],
            |row| row.get(0),
        )?;
        assert!(
            !index_sql.contains("prefix"),
            "{}: {index_sql}",
            fixture.display()
        );

        for (table, table_columns) in &before_columns {
            let before = rows(&old, table, table_columns)?;
            let migrated = rows(store.connection(), table, table_columns).map_err(|e| {
                format!(
                    "{table} lost a column or vanished from {}: {e}",
                    fixture.display()
                )
            })?;
            for row in &before {
                assert!(
                    migrated.contains(row),
                    "{}: {table} lost the row {row}",
                    fixture.display()
                );
            }
        }

        // Version 5 keeps targets by week: a budget from the welcome becomes the first weekly target.
        // (A v1 database has no profile table at all; from v5 on, the targets are the database's own.)
        let old_version: u32 = old.query_row("PRAGMA user_version", [], |row| row.get(0))?;
        if old_version >= 5 {
            continue;
        }
        let budget: Option<u32> = old
            .query_row("SELECT weekly_minutes FROM profile WHERE id = 1", [], |row| {
                row.get(0)
            })
            .ok()
            .flatten();
        let targets: Vec<Option<u32>> = store
            .connection()
            .prepare("SELECT minutes FROM weekly_target")?
            .query_map([], |row| row.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        assert_eq!(
            targets,
            budget.map(Some).into_iter().collect::<Vec<_>>(),
            "{}: the budget is the weekly target",
            fixture.display()
        );
    }
    Ok(())
}
