//! Change files are untrusted input, like a file to import: another device (or whoever can write to the sync
//! folder) may send records Cairn would never write. Each test here writes a change file by hand, as a hostile
//! or older writer would, and checks what the receiving device keeps: every record that breaks a rule of an
//! import is set aside whole into the conflict list, named by its table and field, and the rest is applied.

use cairn_store::Store;
use cairn_testkit::{at, pathway_at, Fallible, TestResult};
use proptest::prelude::*;
use rusqlite::session::Session;
use rusqlite::types::Value;
use rusqlite::Connection;
use sha2::{Digest, Sha256};
use std::path::Path;

const SENDER: &str = "5e4de75e4de75e4de75e4de75e4de75e";
const NOTE_COLUMNS: &str = "id, title, created_at, updated_at, deleted_at, body";

/// A changeset that inserts `rows` into `table`, recorded by the session extension on a scratch table made by
/// `create` (the receiving store's own definition, or an older one).
fn changeset(create: &str, table: &str, rows: &[Vec<Value>]) -> Fallible<Vec<u8>> {
    let scratch = Connection::open_in_memory()?;
    // Only this table is here, so its links point nowhere.
    scratch.pragma_update(None, "foreign_keys", false)?;
    scratch.execute_batch(create)?;
    let mut session = Session::new(&scratch)?;
    session.attach(Some(table))?;
    for row in rows {
        let marks = vec!["?"; row.len()].join(", ");
        scratch.execute(
            &format!("INSERT INTO \"{table}\" VALUES ({marks})"),
            rusqlite::params_from_iter(row),
        )?;
    }
    let mut bytes = Vec::new();
    session.changeset_strm(&mut bytes)?;
    Ok(bytes)
}

/// The receiving store's definition of `table`.
fn create_sql(store: &Store, table: &str) -> Fallible<String> {
    Ok(store.connection().query_row(
        "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?1",
        [table],
        |row| row.get(0),
    )?)
}

/// Writes change number `seq` of the sending device into the sync folder, as Cairn lays a change file out.
fn send(folder: &Path, seq: i64, columns: serde_json::Value, payload: &[u8]) -> TestResult {
    let header = serde_json::json!({
        "format": "cairn-changes",
        "formatVersion": 1,
        "schema": cairn_store::LATEST_VERSION,
        "device": SENDER,
        "name": "Somebody else",
        "seq": seq,
        "madeAt": at("2026-11-24T09:00:00Z").as_microsecond(),
        "after": {},
        "columns": columns,
        "bytes": payload.len(),
        "sha256": Sha256::digest(payload).iter().map(|b| format!("{b:02x}")).collect::<String>(),
    });
    let dir = folder.join("cairn").join(SENDER);
    std::fs::create_dir_all(&dir)?;
    let mut bytes = serde_json::to_vec(&header)?;
    bytes.push(b'\n');
    bytes.extend_from_slice(payload);
    std::fs::write(dir.join(format!("{seq:010}.changes")), bytes)?;
    Ok(())
}

fn receiver(folder: &Path) -> Fallible<(tempfile::TempDir, Store)> {
    let now = at("2026-11-24T08:00:00Z");
    let (dir, mut store) = pathway_at(now)?;
    store.set_up_sync(folder, "Desktop", now)?;
    Ok((dir, store))
}

fn note_row(id: i64, title: &str, body: &str) -> Vec<Value> {
    let when = Value::Text("2026-11-24T09:00:00Z".into());
    let mut row = vec![Value::Integer(id), Value::Text(title.into())];
    row.extend([Value::Null, Value::Null, Value::Null, Value::Null, Value::Null]);
    row.extend([when.clone(), when, Value::Null, Value::Text(body.into())]);
    row
}

/// The reasons the receiving store set changes aside for.
fn refusals(store: &Store) -> Fallible<Vec<String>> {
    let mut stmt = store
        .connection()
        .prepare("SELECT set_aside FROM sync_conflict WHERE reason = 'refused' ORDER BY id")?;
    let found = stmt
        .query_map([], |row| row.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(found)
}

const FIRST: i64 = 1_781_000_000_000_001;

#[test]
fn records_that_break_the_rules_of_an_import_are_set_aside_and_the_rest_applied() -> TestResult {
    let folder = tempfile::tempdir()?;
    let (_d, mut store) = receiver(folder.path())?;
    let notes = changeset(
        &create_sql(&store, "note")?,
        "note",
        &[
            note_row(FIRST, "A fair note", "Kept."),
            note_row(FIRST + 1, "A bell \u{7} in the title", "Refused."),
            note_row(FIRST + 2, "", "A note needs a title."),
            note_row(
                FIRST + 3,
                &"long ".repeat(100),
                "A title past the window's limit.",
            ),
        ],
    )?;
    send(folder.path(), 1, serde_json::json!({}), &notes)?;
    let sha = "ab".repeat(32);
    let files = changeset(
        &create_sql(&store, "attachment_file")?,
        "attachment_file",
        &[vec![
            Value::Text(sha.clone()),
            Value::Integer(3),
            Value::Text("../../outside.sh".into()),
        ]],
    )?;
    send(folder.path(), 2, serde_json::json!({}), &files)?;

    let report = store.sync_now(at("2026-11-24T10:00:00Z"))?;
    assert_eq!(report.applied, 2, "both files are read: {report:?}");
    assert_eq!(store.note(cairn_core::Id(FIRST))?.body, "Kept.");
    for refused in 1..=3 {
        assert!(
            store.note(cairn_core::Id(FIRST + refused)).is_err(),
            "note {refused}"
        );
    }
    let attachments: i64 =
        store
            .connection()
            .query_row("SELECT count(*) FROM attachment_file", [], |row| row.get(0))?;
    assert_eq!(attachments, 0, "a stored name that leaves the folder is refused");
    let why = refusals(&store)?;
    assert_eq!(why.len(), 4, "{why:#?}");
    // A changeset orders rows by its own hash of their keys, so the reasons are matched, not ordered.
    let naming = |field: &str| why.iter().filter(|reason| reason.contains(field)).count();
    assert_eq!(naming("note.title"), 3, "{why:#?}");
    assert_eq!(naming("attachment_file[0].stored_name"), 1, "{why:#?}");
    assert_eq!(naming("U+0007"), 1, "{why:#?}");
    assert!(store.integrity_problems()?.is_empty());
    Ok(())
}

#[test]
fn changes_from_a_schema_without_a_column_are_laid_out_by_name_and_the_column_keeps_its_default() -> TestResult
{
    let folder = tempfile::tempdir()?;
    let (_d, mut store) = receiver(folder.path())?;
    // An older writer's note: fewer columns, in another order than this schema's.
    let older = "CREATE TABLE note (id INTEGER PRIMARY KEY, title TEXT NOT NULL, created_at TEXT NOT NULL, \
                 updated_at TEXT NOT NULL, deleted_at TEXT, body TEXT NOT NULL DEFAULT '')";
    let when = Value::Text("2026-11-24T09:00:00Z".into());
    let row = vec![
        Value::Integer(FIRST),
        Value::Text("From an older Cairn".into()),
        when.clone(),
        when,
        Value::Null,
        Value::Text("Its body.".into()),
    ];
    let payload = changeset(older, "note", &[row])?;
    let names: Vec<&str> = NOTE_COLUMNS.split(", ").collect();
    send(folder.path(), 1, serde_json::json!({ "note": names }), &payload)?;
    // The same layout without the names: it cannot be placed, so it is set aside, not misread.
    send(folder.path(), 2, serde_json::json!({}), &payload)?;

    store.sync_now(at("2026-11-24T10:00:00Z"))?;
    let note = store.note(cairn_core::Id(FIRST))?;
    assert_eq!(
        (note.title.as_str(), note.body.as_str()),
        ("From an older Cairn", "Its body.")
    );
    let prompt: Option<String> =
        store
            .connection()
            .query_row("SELECT prompt_text FROM note WHERE id = ?1", [FIRST], |row| {
                row.get(0)
            })?;
    assert_eq!(prompt, None);
    let why = refusals(&store)?;
    assert_eq!(why.len(), 1, "{why:#?}");
    assert!(why[0].contains("columns that do not match"), "{}", why[0]);

    // A column this schema does not have, from a writer claiming the same schema: set aside.
    let mut wider = names.clone();
    wider.push("mood");
    let strange =
        "CREATE TABLE note (id INTEGER PRIMARY KEY, title TEXT NOT NULL, created_at TEXT NOT NULL, \
                   updated_at TEXT NOT NULL, deleted_at TEXT, body TEXT NOT NULL DEFAULT '', mood TEXT)";
    let mut row = note_row(FIRST + 1, "Moody", "b");
    row = vec![
        row[0].clone(),
        row[1].clone(),
        row[7].clone(),
        row[8].clone(),
        Value::Null,
        row[10].clone(),
    ];
    row.push(Value::Text("calm".into()));
    send(
        folder.path(),
        3,
        serde_json::json!({ "note": wider }),
        &changeset(strange, "note", &[row])?,
    )?;
    store.sync_now(at("2026-11-24T10:00:00Z"))?;
    assert!(store.note(cairn_core::Id(FIRST + 1)).is_err());
    assert_eq!(refusals(&store)?.len(), 2);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Whatever text another device puts in a note, the receiving device either keeps a note the window would
    /// have accepted or sets it aside, and its database stays whole.
    #[test]
    fn any_note_text_from_another_device_is_kept_only_if_the_window_would_accept_it(
        title in prop_oneof![".{0,40}", "\\PC{0,300}", "[\\x00-\\x1f a-z]{0,20}"],
        body in prop_oneof![".{0,80}", "[\\x00-\\x1f\\x7f a-z]{0,40}"],
    ) {
        let run = || -> Fallible<()> {
            let folder = tempfile::tempdir()?;
            let (_d, mut store) = receiver(folder.path())?;
            let payload = changeset(&create_sql(&store, "note")?, "note", &[note_row(FIRST, &title, &body)])?;
            send(folder.path(), 1, serde_json::json!({}), &payload)?;
            store.sync_now(at("2026-11-24T10:00:00Z"))?;
            let acceptable = cairn_core::note::NoteInput {
                title: title.clone(),
                body: body.clone(),
                target: cairn_core::note::NoteTarget::None,
                tags: Vec::new(),
            }
            .validate()
            .is_ok()
                && !title.chars().chain(body.chars()).any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'));
            let kept = store.note(cairn_core::Id(FIRST)).is_ok();
            assert_eq!(kept, acceptable, "title {title:?} body {body:?}");
            assert_eq!(refusals(&store)?.len(), usize::from(!acceptable));
            assert!(store.integrity_problems()?.is_empty());
            Ok(())
        };
        run().map_err(|e| TestCaseError::fail(e.to_string()))?;
    }
}
