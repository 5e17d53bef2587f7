//! Every database a released Cairn wrote (`tests/fixtures/schema-vN.sqlite3`) opens in this version, is
//! migrated to the latest schema, and keeps every row it had and every link between rows. Migration 10 gave
//! every record a new, global id, so rows are compared without their ids, and each link by the rows at its
//! two ends. (`schema-v6` is the small demo written by the
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

/// Whether a column holds an id or a link to one: compared through the rows they name, not as numbers.
fn is_id(column: &str) -> bool {
    column == "id" || column.ends_with("_id")
}

/// The columns of `columns` that are not ids, quoted and prefixed with `alias`.
fn values(alias: &str, columns: &[String]) -> String {
    let list: Vec<String> = columns
        .iter()
        .filter(|c| !is_id(c))
        .map(|c| format!("{alias}.\"{c}\""))
        .collect();
    if list.is_empty() {
        "NULL".to_owned()
    } else {
        list.join(", ")
    }
}

/// The rows `sql` returns, each as one line of text, sorted (a multiset).
fn lines(conn: &Connection, sql: &str) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare(sql)?;
    let width = stmt.column_count();
    let mut found = stmt
        .query_map([], |row| {
            (0..width)
                .map(|i| row.get_ref(i).map(|v| format!("{v:?}")))
                .collect::<rusqlite::Result<Vec<_>>>()
                .map(|cells| cells.join("|"))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    found.sort();
    Ok(found)
}

/// Every row of `table` without its ids, reading only `columns` (so a column added by a later migration does
/// not make an old row look different).
fn rows(conn: &Connection, table: &str, columns: &[String]) -> rusqlite::Result<Vec<String>> {
    lines(
        conn,
        &format!("SELECT {} FROM \"{table}\" t", values("t", columns)),
    )
}

/// Every link of `table` (its foreign keys to another table's id) as the pair of rows it joins, without ids,
/// by the referring column: a link that pointed at one record before the migration points at the same after.
fn links(
    conn: &Connection,
    table: &str,
    all_columns: &BTreeMap<String, Vec<String>>,
) -> rusqlite::Result<BTreeMap<String, Vec<String>>> {
    let keys: Vec<(String, String, String)> = conn
        .prepare(&format!(
            "SELECT \"table\", \"from\", \"to\" FROM pragma_foreign_key_list('{table}')"
        ))?
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut found = BTreeMap::new();
    for (parent, from, to) in keys {
        if to != "id" {
            continue; // a link by a hash or a key, compared with the row itself
        }
        // A link a later migration added (a new column to a new table) is not in the old rows to compare.
        let (Some(columns), Some(parent_columns)) = (all_columns.get(table), all_columns.get(&parent)) else {
            continue;
        };
        if !columns.contains(&from) {
            continue;
        }
        let sql = format!(
            "SELECT {}, {} FROM \"{table}\" c JOIN \"{parent}\" p ON p.id = c.\"{from}\"",
            values("c", columns),
            values("p", parent_columns)
        );
        found.insert(format!("{table}.{from}"), lines(conn, &sql)?);
    }
    Ok(found)
}

/// The search index's rows as (title, body, tags in order): a rebuild may list a note's tags in another order.
fn search_rows(conn: &Connection) -> rusqlite::Result<Vec<(String, String, Vec<String>)>> {
    let mut found: Vec<(String, String, Vec<String>)> = conn
        .prepare("SELECT title, body, tags FROM note_search")?
        .query_map([], |row| {
            let tags: String = row.get(2)?;
            let mut tags: Vec<String> = tags.split_whitespace().map(str::to_owned).collect();
            tags.sort();
            Ok((row.get(0)?, row.get(1)?, tags))
        })?
        .collect::<rusqlite::Result<_>>()?;
    found.sort();
    Ok(found)
}

/// Whether `after` holds every line of `before`, as many times (a migration may add rows, never lose one).
fn holds_all(after: &[String], before: &[String]) -> Option<String> {
    let mut left: BTreeMap<&str, i64> = BTreeMap::new();
    for line in after {
        *left.entry(line).or_default() += 1;
    }
    before.iter().find_map(|line| {
        let count = left.entry(line).or_default();
        *count -= 1;
        (*count < 0).then(|| line.clone())
    })
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
            if table == "note_search" {
                continue; // below, by its words
            }
            let before = rows(&old, table, table_columns)?;
            let migrated = rows(store.connection(), table, table_columns).map_err(|e| {
                format!(
                    "{table} lost a column or vanished from {}: {e}",
                    fixture.display()
                )
            })?;
            if let Some(row) = holds_all(&migrated, &before) {
                panic!("{}: {table} lost the row {row}", fixture.display());
            }
            let links_before = links(&old, table, &before_columns)?;
            // Both sides read the old schema's columns, as the rows do.
            let links_after = links(store.connection(), table, &before_columns)?;
            for (link, pairs) in &links_before {
                if let Some(pair) = holds_all(&links_after[link], pairs) {
                    panic!("{}: the link {link} lost {pair}", fixture.display());
                }
            }
        }
        if before_columns.contains_key("note_search") {
            assert!(
                search_rows(store.connection())? == search_rows(&old)?,
                "{}: the search index holds the same notes",
                fixture.display()
            );
        }
        global_ids(store.connection()).map_err(|e| format!("{}: {e}", fixture.display()))?;

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

/// Every record's id is global: named records have their key's id, the person's own a made one (2^32 and up).
fn global_ids(conn: &Connection) -> Result<(), String> {
    let keyed = [
        ("milestone", "key"),
        ("checklist_item", "key"),
        ("reflection_prompt", "key"),
        ("competency", "key"),
        ("resource", "key"),
        ("tag", "name"),
    ];
    for (table, key) in keyed {
        let pairs: Vec<(i64, Option<String>)> = conn
            .prepare(&format!("SELECT id, {key} FROM {table}"))
            .and_then(|mut stmt| {
                stmt.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
                    .collect()
            })
            .map_err(|e| e.to_string())?;
        for (id, name) in pairs {
            match name {
                Some(name) => assert_eq!(id, cairn_store::ids::keyed_id(table, &name), "{table} {name}"),
                None => assert!(id >= cairn_store::ids::SMALLEST_GLOBAL_ID, "{table} {id}"),
            }
        }
    }
    for table in [
        "note",
        "assessment",
        "study_session",
        "study_break",
        "portfolio_piece",
        "piece_attachment",
        "contact",
        "interaction",
        "note_version",
    ] {
        let smallest: Option<i64> = conn
            .query_row(&format!("SELECT min(id) FROM {table}"), [], |row| row.get(0))
            .map_err(|e| e.to_string())?;
        if let Some(smallest) = smallest {
            assert!(
                smallest >= cairn_store::ids::SMALLEST_GLOBAL_ID,
                "{table} keeps a counted id: {smallest}"
            );
        }
    }
    Ok(())
}

/// The person's side of each checklist item, by its pack key (or its title, for their own items): the title
/// when they reworded it (otherwise it is the pack's to change), when it was ticked, its due date, hidden and
/// deleted.
type ItemState = BTreeMap<String, [Option<String>; 5]>;

fn item_states(conn: &Connection) -> rusqlite::Result<ItemState> {
    let mut stmt = conn.prepare(
        "SELECT coalesce(key, 'own: ' || title), CASE WHEN title IS NOT pack_title THEN title END, done_at,
             due_on, hidden_at, deleted_at
         FROM checklist_item",
    )?;
    let rows = stmt.query_map([], |row| {
        Ok((
            row.get(0)?,
            [row.get(1)?, row.get(2)?, row.get(3)?, row.get(4)?, row.get(5)?],
        ))
    })?;
    rows.collect()
}

#[test]
fn the_second_edition_of_the_pathway_syncs_over_a_first_edition_database_without_undoing_anything(
) -> TestResult {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schema-v8.sqlite3");
    let tmp = tempfile::tempdir()?;
    let reference = tmp.path().join("reference.sqlite3");
    std::fs::copy(&fixture, &reference)?;
    let old = Connection::open(&reference)?;
    let version: i64 = old.query_row("SELECT version FROM pathway_pack", [], |row| row.get(0))?;
    assert_eq!(version, 1, "the fixture holds the first edition");
    let before = item_states(&old)?;
    let edited_title: String = old.query_row(
        "SELECT key FROM checklist_item WHERE key IS NOT NULL AND title IS NOT pack_title LIMIT 1",
        [],
        |row| row.get(0),
    )?;
    let count = |conn: &Connection, table: &str| -> rusqlite::Result<i64> {
        conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |row| row.get(0))
    };

    std::fs::copy(&fixture, tmp.path().join(cairn_store::DATABASE_FILE))?;
    let store = cairn_store::Store::open_with_pathway(tmp.path(), jiff::Timestamp::now())?;
    let conn = store.connection();
    let version: i64 = conn.query_row("SELECT version FROM pathway_pack", [], |row| row.get(0))?;
    assert!(version >= 2, "the built-in edition is newer: {version}");
    // Every tick, due date, hidden item, own item and edited title is as the person left it.
    let after = item_states(conn)?;
    for (key, state) in &before {
        assert_eq!(after.get(key), Some(state), "{key}");
    }
    assert!(before.contains_key(&edited_title));
    for table in ["note", "study_session", "assessment", "rating"] {
        assert_eq!(count(conn, table)?, count(&old, table)?, "{table}");
    }
    // The corrected texts reached the items the person had not reworded, ticked or not.
    let details = |key: &str| -> rusqlite::Result<(String, Option<String>)> {
        conn.query_row(
            "SELECT details, done_at FROM checklist_item WHERE key = ?1",
            [key],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
    };
    let (joint, ticked) = details("m1-joint-accreditation")?;
    assert!(
        joint.contains("Veterinary medicine is not one of its professions"),
        "{joint}"
    );
    assert!(ticked.is_some(), "still ticked");
    assert!(details("m5-alliance")?.0.contains("usually in January"));
    let title: String = conn.query_row(
        "SELECT title FROM checklist_item WHERE key = 'm1-ineligible-company'",
        [],
        |row| row.get(0),
    )?;
    assert!(
        title.starts_with("Decide"),
        "a title the person had not reworded takes the new one: {title}"
    );
    assert!(store.integrity_problems()?.is_empty());
    Ok(())
}
