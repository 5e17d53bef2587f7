//! Property tests over what comes from outside: the import reader over mutated exports (never a panic, never a
//! half-written folder, and what it accepts is a healthy database), and the schema check over foreign objects
//! added to a Cairn database (always refused, by name). Each also runs a committed corpus of known-hostile cases
//! (`tests/corpus/`), so those are checked on every run whatever the generator draws.

use cairn_core::note::{NoteInput, NoteTarget};
use cairn_store::notes::NoteOrigin;
use cairn_store::Store;
use proptest::prelude::*;
use serde_json::Value;

/// A small real export: notes with tags and Markdown, as the JSON export writes it.
fn export() -> Value {
    let tmp = tempfile::tempdir().expect("a temporary folder");
    let mut store = Store::open(tmp.path()).expect("a new store");
    let now: jiff::Timestamp = "2026-11-30T10:00:00Z".parse().expect("an instant");
    for (title, body) in [
        ("Moore's levels", "# Outcomes\n- level 1"),
        ("Gap analysis", "Needs *evidence*."),
    ] {
        let input = NoteInput {
            title: title.into(),
            body: body.into(),
            target: NoteTarget::None,
            tags: vec!["cme".into()],
        };
        store.create_tag("cme", now).ok();
        store
            .create_note(&input, NoteOrigin::default(), now)
            .expect("a note");
    }
    let bytes = store
        .export_data(now)
        .expect("an export")
        .to_json()
        .expect("JSON");
    serde_json::from_slice(&bytes).expect("the export parses")
}

/// Every leaf's path in a JSON document.
fn leaves(value: &Value, path: Vec<String>, out: &mut Vec<Vec<String>>) {
    match value {
        Value::Object(map) => map.iter().for_each(|(k, v)| {
            let mut p = path.clone();
            p.push(k.clone());
            leaves(v, p, out)
        }),
        Value::Array(items) => items.iter().enumerate().for_each(|(i, v)| {
            let mut p = path.clone();
            p.push(i.to_string());
            leaves(v, p, out)
        }),
        _ => out.push(path),
    }
}

/// Imports `document` into a new folder: refused with nothing left behind, or imported into a healthy database.
/// Says which (true: imported).
fn refused_cleanly_or_imported_whole(document: &Value, what: &str) -> Result<bool, TestCaseError> {
    let bytes = serde_json::to_vec(document).expect("JSON");
    let target = tempfile::tempdir().expect("a temporary folder");
    match cairn_store::transfer::import_json(target.path(), &bytes) {
        Ok(_) => {
            let store = Store::open(target.path()).expect("what was imported opens");
            prop_assert!(store.integrity_problems().expect("a check").is_empty(), "{what}");
            Ok(true)
        }
        Err(error) => {
            let left: Vec<_> = std::fs::read_dir(target.path())
                .expect("the folder")
                .flatten()
                .map(|e| e.file_name())
                .collect();
            prop_assert!(left.is_empty(), "{what}: {error} left {left:?}");
            Ok(false)
        }
    }
}

#[test]
fn every_committed_import_mutation_is_refused_cleanly_or_imported_whole() -> Result<(), TestCaseError> {
    let corpus: Vec<Value> =
        serde_json::from_str(include_str!("corpus/import-mutations.json")).expect("the corpus parses");
    let base = export();
    for case in &corpus {
        let path: Vec<String> = case["path"]
            .as_array()
            .expect("a path")
            .iter()
            .map(|p| p.as_str().map(str::to_owned).unwrap_or_else(|| p.to_string()))
            .collect();
        let mut document = base.clone();
        replace(&mut document, &path, case["value"].clone());
        let why = case["why"].as_str().unwrap_or_default();
        let imported = refused_cleanly_or_imported_whole(&document, why)?;
        prop_assert_eq!(imported, case["expect"] == "imported", "{}", why);
    }
    Ok(())
}

#[test]
fn every_committed_foreign_statement_makes_the_database_refused() {
    for sql in include_str!("corpus/foreign-ddl.sql")
        .lines()
        .filter(|l| !l.trim().is_empty())
    {
        let tmp = tempfile::tempdir().expect("a temporary folder");
        drop(Store::open(tmp.path()).expect("a new store"));
        rusqlite::Connection::open(tmp.path().join("cairn.sqlite3"))
            .expect("open")
            .execute_batch(sql)
            .expect("the statement runs");
        let refused = Store::open(tmp.path())
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            refused.contains("Cairn did not make") || refused.contains("is not the one Cairn makes"),
            "{sql}: {refused:?}"
        );
    }
}

fn replace(value: &mut Value, path: &[String], new: Value) {
    let mut at = value;
    for key in path {
        at = match at {
            Value::Object(map) => map.entry(key.clone()).or_insert(Value::Null),
            Value::Array(items) => &mut items[key.parse::<usize>().expect("an index")],
            _ => unreachable!("leaves end paths"),
        };
    }
    *at = new;
}

fn any_json() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        prop_oneof![
            Just(0i64),
            Just(-1),
            Just(i64::from(u32::MAX) + 1),
            Just(cairn_core::id::MAX_ID + 1),
            Just(i64::MAX),
            any::<i64>()
        ]
        .prop_map(Value::from),
        any::<f64>().prop_map(|x| serde_json::Number::from_f64(x).map_or(Value::Null, Value::Number)),
        "\\PC{0,40}".prop_map(Value::from),
        "[\\x00-\\x1f]{1,4}".prop_map(Value::from),
        Just(Value::from("../../etc/passwd")),
        Just(Value::from("2026-02-30")),
        Just(Value::Array(vec![])),
        Just(Value::Object(Default::default())),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn a_mutated_export_is_refused_cleanly_or_imported_whole(choice in any::<prop::sample::Index>(), new in any_json()) {
        let mut document = export();
        let mut paths = Vec::new();
        leaves(&document, Vec::new(), &mut paths);
        let path = choice.get(&paths).clone();
        replace(&mut document, &path, new);
        refused_cleanly_or_imported_whole(&document, &format!("{path:?}"))?;
    }


    #[test]
    fn any_foreign_object_in_a_cairn_database_is_refused_by_name(
        kind in 0..3usize,
        name in "[a-z][a-z_]{0,12}",
        table in prop::sample::select(vec!["note", "tag", "study_session", "contact", "portfolio_piece"]),
    ) {
        let tmp = tempfile::tempdir().expect("a temporary folder");
        drop(Store::open(tmp.path()).expect("a new store"));
        let object = format!("x_{name}");
        let sql = match kind {
            0 => format!("CREATE TRIGGER {object} AFTER INSERT ON {table} BEGIN SELECT 1; END"),
            1 => format!("CREATE VIEW {object} AS SELECT * FROM {table}"),
            _ => format!("CREATE INDEX {object} ON {table} (id)"),
        };
        rusqlite::Connection::open(tmp.path().join("cairn.sqlite3")).expect("open").execute_batch(&sql).expect("DDL");
        let refused = Store::open(tmp.path()).err().map(|e| e.to_string()).unwrap_or_default();
        prop_assert!(refused.contains(&format!("\"{object}\"")), "{sql}: {refused}");
    }
}
