//! The JSON export and import through the command line, as real processes over real files: the large demo
//! round-trips, a missing attachment copy is named, and bad files are refused at their entry and field with
//! nothing written.

use std::path::{Path, PathBuf};

mod common;
use common::search_index::*;
use common::*;

fn export_json(dir: &Path, out: &Path) -> Result<serde_json::Value, Box<dyn std::error::Error>> {
    ok(
        dir,
        &["export", "--format", "json", "--out", &out.display().to_string()],
    )?;
    Ok(serde_json::from_slice(&std::fs::read(out)?)?)
}

#[test]
fn a_json_export_of_the_large_demo_imports_into_an_empty_folder_and_exports_the_same() -> TestResult {
    let tmp = tempfile::tempdir()?;
    let original = tmp.path().join("original");
    ok(&original, &["demo", "--scale", "large"])?;
    let first = export_json(&original, &tmp.path().join("first.json"))?;
    assert_eq!(first["format"], "cairn-export");
    assert_eq!(first["formatVersion"], 1);
    let sessions = first["tables"]["study_session"].as_array().map_or(0, Vec::len);
    assert!(
        sessions > 20_000,
        "the large demo's sessions are in the export: {sessions}"
    );

    let copy = tmp.path().join("copy");
    let stdout = ok(
        &copy,
        &["import", &tmp.path().join("first.json").display().to_string()],
    )?;
    assert!(stdout.contains("imported"), "{stdout}");
    let second = export_json(&copy, &tmp.path().join("second.json"))?;
    assert_eq!(first["schemaVersion"], second["schemaVersion"]);
    // Attachment contents travel in the file and come back byte for byte.
    let files = first["files"].as_array().ok_or("files")?;
    assert_eq!(
        files.len(),
        first["tables"]["attachment_file"].as_array().map_or(0, Vec::len),
        "every stored copy is in the export"
    );
    assert!(files.len() >= 40, "the large demo's attachments: {}", files.len());
    assert_eq!(first["files"], second["files"]);
    let stored = |dir: &Path| -> std::io::Result<Vec<(std::ffi::OsString, Vec<u8>)>> {
        let mut files = std::fs::read_dir(dir.join("attachments"))?
            .map(|entry| {
                let entry = entry?;
                Ok((entry.file_name(), std::fs::read(entry.path())?))
            })
            .collect::<std::io::Result<Vec<_>>>()?;
        files.sort();
        Ok(files)
    };
    assert_eq!(stored(&original)?, stored(&copy)?, "the same attachment files");
    let (a, b) = (&first["tables"], &second["tables"]);
    for (name, rows) in a.as_object().ok_or("tables")? {
        assert_eq!(
            rows, &b[name],
            "table {name} is the same after export → import → export"
        );
    }
    assert_eq!(
        a.as_object().map(|o| o.len()),
        b.as_object().map(|o| o.len()),
        "the same tables"
    );
    // The imported database is a working one: search found its notes again.
    let conn = rusqlite::Connection::open(copy.join("cairn.sqlite3"))?;
    let indexed: i64 = conn.query_row("SELECT count(*) FROM note_search", [], |row| row.get(0))?;
    let live: i64 = conn.query_row("SELECT count(*) FROM note WHERE deleted_at IS NULL", [], |row| {
        row.get(0)
    })?;
    assert_eq!(indexed, live, "every note is searchable after the import");
    // The index the import builds in one go holds what the triggers wrote note by note (tags included), and
    // the triggers are back to keep it so.
    let original_conn = rusqlite::Connection::open(original.join("cairn.sqlite3"))?;
    assert!(search_index(&original_conn)?
        .iter()
        .any(|row| row.as_ref().is_some_and(|(_, _, tags)| !tags.is_empty())));
    assert!(
        search_index(&original_conn)? == search_index(&conn)?,
        "the same search index"
    );
    assert_eq!(
        schema(&original_conn, "trigger")?,
        schema(&conn, "trigger")?,
        "the same triggers"
    );
    assert!(schema(&conn, "trigger")?.len() >= 7);
    // An export at the latest schema has its index built on a second thread and copied in (search_index.rs):
    // the copy is a whole index, and a search by a word finds the notes holding it.
    let with_word: i64 = original_conn.query_row(
        "SELECT count(*) FROM note WHERE deleted_at IS NULL AND body LIKE '%outcomes%'",
        [],
        |row| row.get(0),
    )?;
    let found: i64 = conn.query_row(
        "SELECT count(*) FROM note_search WHERE note_search MATCH 'body:outcomes'",
        [],
        |row| row.get(0),
    )?;
    assert!(
        with_word > 100 && found == with_word,
        "{found} of {with_word} notes found"
    );
    index_is_whole_and_kept(&conn)?;
    drop(conn);
    ok(&copy, &["check"])?;
    // A second import into the now used folder is refused and changes nothing.
    let before = std::fs::read(copy.join("cairn.sqlite3"))?;
    refused(
        &copy,
        &["import", &tmp.path().join("first.json").display().to_string()],
        "conflict",
    )?;
    assert_eq!(std::fs::read(copy.join("cairn.sqlite3"))?, before);
    Ok(())
}

#[test]
fn an_attachment_whose_stored_copy_is_gone_is_named_and_the_rest_still_round_trips() -> TestResult {
    let tmp = tempfile::tempdir()?;
    let dir = small_demo(tmp.path())?;
    let mut copies: Vec<PathBuf> = std::fs::read_dir(dir.join("attachments"))?
        .map(|entry| entry.map(|e| e.path()))
        .collect::<std::io::Result<_>>()?;
    copies.sort();
    std::fs::remove_file(&copies[0])?;
    std::fs::write(&copies[1], b"changed on disk")?;

    let out = tmp.path().join("export.json");
    let output = cairn(
        &dir,
        &["export", "--format", "json", "--out", &out.display().to_string()],
    )?;
    assert!(output.status.success(), "{}", text(&output.stderr));
    let warnings: Vec<String> = text(&output.stderr)
        .lines()
        .filter(|line| line.starts_with("warning: the stored copy of the attachment"))
        .map(str::to_owned)
        .collect();
    assert_eq!(
        warnings.len(),
        2,
        "the missing and the changed copy: {warnings:?}"
    );
    let export: serde_json::Value = serde_json::from_slice(&std::fs::read(&out)?)?;
    assert_eq!(
        export["files"].as_array().map(Vec::len),
        Some(copies.len() - 2),
        "every other copy is carried"
    );

    // A damaged copy of the same name already in the folder is replaced by the exported content.
    let whole = copies.get(2).ok_or("a third stored copy")?;
    let name = whole.file_name().ok_or("a file name")?;
    let copy = tmp.path().join("copy");
    std::fs::create_dir_all(copy.join("attachments"))?;
    std::fs::write(copy.join("attachments").join(name), b"damaged")?;
    let stdout = ok(&copy, &["import", &out.display().to_string()])?;
    let carried = format!("and {} attachment files", copies.len() - 2);
    assert!(stdout.contains(&carried), "{stdout}");
    assert_eq!(
        std::fs::read_dir(copy.join("attachments"))?.count(),
        copies.len() - 2
    );
    assert_eq!(
        std::fs::read(copy.join("attachments").join(name))?,
        std::fs::read(whole)?
    );
    let conn = rusqlite::Connection::open(copy.join("cairn.sqlite3"))?;
    let listed: i64 = conn.query_row("SELECT count(*) FROM piece_attachment", [], |row| row.get(0))?;
    assert_eq!(listed, 6, "every attachment is still listed");
    Ok(())
}

#[test]
fn bad_imports_name_the_entry_and_field_and_write_nothing() -> TestResult {
    let tmp = tempfile::tempdir()?;
    let dir = small_demo(tmp.path())?;
    let good: serde_json::Value = export_json(&dir, &tmp.path().join("good.json"))?;
    let note_id = good["tables"]["note"][0]["id"].clone();

    let mutate = |f: &dyn Fn(&mut serde_json::Value)| {
        let mut value = good.clone();
        f(&mut value);
        serde_json::to_vec(&value)
    };
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let good_bytes = serde_json::to_vec(&good)?;
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("truncated", good_bytes[..good_bytes.len() / 2].to_vec(), "file"),
        ("not JSON", b"hello, world".to_vec(), "file"),
        ("deep nesting", deep.into_bytes(), "file"),
        (
            "another format",
            mutate(&|v| v["format"] = "something-else".into())?,
            "format",
        ),
        (
            "a newer format",
            mutate(&|v| v["formatVersion"] = 2.into())?,
            "formatVersion",
        ),
        (
            "a newer schema",
            mutate(&|v| v["schemaVersion"] = 99.into())?,
            "schemaVersion",
        ),
        (
            "an unknown envelope field",
            mutate(&|v| v["extra"] = true.into())?,
            "extra",
        ),
        (
            "an unknown table",
            mutate(&|v| v["tables"]["secrets"] = serde_json::json!([]))?,
            "tables.secrets",
        ),
        (
            "an unknown field",
            mutate(&|v| v["tables"]["note"][0]["colour"] = "red".into())?,
            "note[0].colour",
        ),
        (
            "a wrong type",
            mutate(&|v| v["tables"]["note"][1]["title"] = 7.into())?,
            "note[1].title",
        ),
        (
            "a missing required field",
            mutate(&|v| {
                v["tables"]["study_session"][2]
                    .as_object_mut()
                    .map(|o| o.remove("seconds"));
            })?,
            "study_session[2].seconds",
        ),
        (
            "a huge string",
            mutate(&|v| v["tables"]["note"][0]["body"] = "x".repeat(3 * 1024 * 1024).into())?,
            "note[0].body",
        ),
        (
            "a duplicate id",
            mutate(&|v| v["tables"]["note"][3]["id"] = note_id.clone())?,
            "note[3].id",
        ),
        (
            "a dangling link",
            mutate(&|v| v["tables"]["study_session"][0]["milestone_id"] = 9999.into())?,
            "study_session[0].milestone_id",
        ),
        (
            "a broken rule",
            mutate(&|v| v["tables"]["study_session"][4]["seconds"] = (-5).into())?,
            "study_session[4]",
        ),
        (
            "records not a list",
            mutate(&|v| v["tables"]["contact"] = serde_json::json!({"a": 1}))?,
            "tables.contact",
        ),
        (
            "attachment content that is not its hash's",
            // "tampered", in base64
            mutate(&|v| v["files"][1]["content"] = "dGFtcGVyZWQ=".into())?,
            "files[1].content",
        ),
        (
            "attachment content that is not base64",
            mutate(&|v| v["files"][0]["content"] = "not base64!".into())?,
            "files[0].content",
        ),
        (
            "attachment content no record lists",
            mutate(&|v| v["files"][0]["sha256"] = "0".repeat(64).into())?,
            "files[0].sha256",
        ),
        (
            "attachment content twice",
            mutate(&|v| {
                let first = v["files"][0].clone();
                if let Some(files) = v["files"].as_array_mut() {
                    files.push(first);
                }
            })?,
            "files[5].sha256",
        ),
        (
            "a stored name that leaves the attachments folder",
            mutate(&|v| v["tables"]["attachment_file"][0]["stored_name"] = "../../.bashrc".into())?,
            "attachment_file[0].stored_name",
        ),
        (
            "an id larger than any Cairn gives",
            mutate(&|v| v["tables"]["note"][0]["id"] = (cairn_core::id::MAX_ID + 1).into())?,
            "note[0].id",
        ),
        (
            "a control character in a title",
            mutate(&|v| v["tables"]["note"][0]["title"] = "Moore\u{7}s levels".into())?,
            "note[0].title",
        ),
        (
            "an empty note title (the window's own rule)",
            mutate(&|v| v["tables"]["note"][0]["title"] = "   ".into())?,
            "note[0].title",
        ),
        (
            "a contact link that would run script",
            mutate(&|v| v["tables"]["contact"][0]["links"] = "[\"javascript:alert(1)\"]".into())?,
            "contact[0].links[0]",
        ),
        (
            "a study session note longer than the window allows",
            mutate(&|v| v["tables"]["study_session"][0]["note"] = "n".repeat(2_001).into())?,
            "study_session[0].note",
        ),
        (
            "an own checklist item without a title",
            mutate(&|v| {
                let items = v["tables"]["checklist_item"].as_array_mut().expect("items");
                if let Some(own) = items.iter_mut().find(|i| i["key"].is_null()) {
                    own["title"] = " ".into();
                }
            })?,
            "].title",
        ),
        (
            "an attachment named as another type than its copy",
            mutate(&|v| {
                let sha = v["tables"]["attachment_file"][0]["sha256"].clone();
                let attachments = v["tables"]["piece_attachment"]
                    .as_array_mut()
                    .expect("attachments");
                if let Some(a) = attachments.iter_mut().find(|a| a["sha256"] == sha) {
                    a["name"] = "Outcomes report.jar".into();
                }
            })?,
            ".name",
        ),
    ];
    assert_eq!(
        good["files"].as_array().map(Vec::len),
        Some(5),
        "the small demo's six attachments are five stored copies"
    );
    for (what, bytes, field) in cases {
        let target = tmp.path().join(format!("target-{}", what.replace(' ', "-")));
        let file = tmp.path().join("bad.json");
        std::fs::write(&file, &bytes)?;
        let stderr = refused(&target, &["import", &file.display().to_string()], "invalid_input")?;
        assert!(
            stderr.contains(field),
            "{what}: the error names {field}: {stderr}"
        );
        let left: Vec<_> = std::fs::read_dir(&target)
            .map(|entries| entries.filter_map(Result::ok).map(|e| e.file_name()).collect())
            .unwrap_or_default();
        assert!(
            left.is_empty(),
            "{what}: nothing is written into the folder: {left:?}"
        );
    }
    Ok(())
}

/// An export from before migration 9 (which rebuilt the notes' search index without its prefix indexes) and
/// migration 10 (which gave every record a global id): the import fills the tables at schema 8, migrates, and
/// the index is whole, on the notes' new ids, with its triggers back, as in a database never exported.
#[test]
fn an_export_from_an_older_schema_is_searchable_after_the_import_migrates_it() -> TestResult {
    let tmp = tempfile::tempdir()?;
    let original = tmp.path().join("original");
    ok(&original, &["demo", "--scale", "small"])?;
    let mut export = export_json(&original, &tmp.path().join("latest.json"))?;
    assert_eq!(
        export["schemaVersion"], 16,
        "this test describes the steps from 8 to 16"
    );
    // Schema 9 changed only the search index, which an export does not carry, schema 10 only the ids and the
    // triggers that guard them, and schema 11 added the sync tables, which an export does not carry either:
    // the same tables are schema 8's. Schemas 12 and 13 added the pipeline's and paid work's tables and a
    // session's project: they go, and the sessions logged against a project with them. Schema 14 added the
    // profile's reminder choices (the device's shown reminders are not exported), schema 15 a session's item,
    // scratch pad and reflection (the demo's sessions have none) and the competency an item builds. Schema 16
    // changed only an index.
    let tables = export
        .get_mut("tables")
        .and_then(|t| t.as_object_mut())
        .ok_or("the export has tables")?;
    for added in ["organisation", "stage_move", "project", "rate_plan", "disclosure"] {
        tables.remove(added).ok_or(format!("the export has {added}"))?;
    }
    let sessions = tables
        .get_mut("study_session")
        .and_then(|rows| rows.as_array_mut())
        .ok_or("the export has sessions")?;
    sessions.retain(|row| row.get("project_id").is_none_or(serde_json::Value::is_null));
    for row in sessions.iter_mut() {
        if let Some(fields) = row.as_object_mut() {
            for added in ["project_id", "item_id", "scratch_note_id", "reflection_note_id"] {
                fields.remove(added);
            }
        }
    }
    for row in tables
        .get_mut("checklist_item")
        .and_then(|rows| rows.as_array_mut())
        .ok_or("the export has items")?
    {
        row.as_object_mut().map(|fields| fields.remove("competency_key"));
    }
    for row in tables
        .get_mut("profile")
        .and_then(|rows| rows.as_array_mut())
        .ok_or("the export has a profile")?
    {
        if let Some(fields) = row.as_object_mut() {
            fields.retain(|name, _| !name.starts_with("remind_"));
        }
    }
    export["schemaVersion"] = 8.into();
    let older = tmp.path().join("older.json");
    std::fs::write(&older, serde_json::to_vec(&export)?)?;

    let copy = tmp.path().join("copy");
    let stdout = ok(&copy, &["import", &older.display().to_string()])?;
    assert!(stdout.contains("(schema 8)"), "{stdout}");

    let conn = rusqlite::Connection::open(copy.join("cairn.sqlite3"))?;
    let original_conn = rusqlite::Connection::open(original.join("cairn.sqlite3"))?;
    let version: u32 = conn.query_row("PRAGMA user_version", [], |row| row.get(0))?;
    assert_eq!(version, cairn_store::LATEST_VERSION);
    let indexed = search_index(&conn)?;
    assert!(
        indexed.len() >= 30,
        "the small demo's notes are indexed: {}",
        indexed.len()
    );
    assert!(
        indexed.iter().all(Option::is_some),
        "every row of the index is a note's"
    );
    assert!(indexed == search_index(&original_conn)?, "the same search index");
    assert_eq!(
        (
            schema(&original_conn, "table")?,
            schema(&original_conn, "trigger")?
        ),
        (schema(&conn, "table")?, schema(&conn, "trigger")?),
        "the same tables and triggers"
    );
    index_is_whole_and_kept(&conn)
}
