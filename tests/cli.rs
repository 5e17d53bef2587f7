//! The command line, run as a real process over real files.

use std::path::Path;
use std::process::{Command, Output};

use cairn_testkit::{write_newer_database, TestResult};

fn cairn(args: &[&str]) -> std::io::Result<Output> {
    Command::new(env!("CARGO_BIN_EXE_cairn"))
        .args(args)
        .env_remove("CAIRN_DATA_DIR")
        .output()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn version_and_help_print_without_opening_a_window() -> TestResult {
    let version = cairn(&["--version"])?;
    assert!(version.status.success());
    assert_eq!(
        text(&version.stdout).trim(),
        format!("cairn {}", env!("CARGO_PKG_VERSION"))
    );

    let help = cairn(&["--help"])?;
    assert!(help.status.success());
    let help = text(&help.stdout);
    for expected in ["check", "demo", "--data-dir", "CAIRN_DATA_DIR", "CME"] {
        assert!(help.contains(expected), "--help mentions {expected}:\n{help}");
    }
    assert!(!help.contains("--automation"), "the WebDriver flag stays hidden");
    Ok(())
}

#[test]
fn check_creates_the_store_and_reports_its_version_and_location() -> TestResult {
    let tmp = tempfile::tempdir()?;
    let dir = tmp.path().join("data");
    let dir_arg = dir.display().to_string();
    let output = cairn(&["check", "--data-dir", &dir_arg])?;
    let stdout = text(&output.stdout);
    assert!(
        output.status.success(),
        "check passes on a new store: {stdout}{}",
        text(&output.stderr)
    );
    assert!(
        stdout.contains(&format!("data directory: {dir_arg} (--data-dir)")),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!("schema version: {}", cairn_store::LATEST_VERSION)),
        "{stdout}"
    );
    assert!(stdout.contains("integrity:      ok"), "{stdout}");
    assert!(dir.join(cairn_store::DATABASE_FILE).is_file());
    Ok(())
}

#[test]
fn check_reads_the_data_folder_from_the_environment() -> TestResult {
    let tmp = tempfile::tempdir()?;
    let output = Command::new(env!("CARGO_BIN_EXE_cairn"))
        .arg("check")
        .env("CAIRN_DATA_DIR", tmp.path())
        .output()?;
    let stdout = text(&output.stdout);
    assert!(output.status.success(), "{stdout}");
    assert!(
        stdout.contains(&format!("{} (CAIRN_DATA_DIR)", tmp.path().display())),
        "{stdout}"
    );
    Ok(())
}

#[test]
fn check_refuses_a_newer_database_with_its_code_and_leaves_it_unchanged() -> TestResult {
    let tmp = tempfile::tempdir()?;
    let path = tmp.path().join(cairn_store::DATABASE_FILE);
    write_newer_database(&path, i64::from(cairn_store::LATEST_VERSION) + 1)?;
    let before = std::fs::read(&path)?;
    let output = cairn(&["check", "--data-dir", &tmp.path().display().to_string()])?;
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert!(stderr.starts_with("cairn: error [db_too_new]:"), "{stderr}");
    assert_eq!(std::fs::read(&path)?, before, "unchanged");
    Ok(())
}

#[test]
fn check_refuses_a_file_that_is_not_a_database() -> TestResult {
    let tmp = tempfile::tempdir()?;
    std::fs::write(tmp.path().join(cairn_store::DATABASE_FILE), "hello")?;
    let output = cairn(&["check", "--data-dir", &tmp.path().display().to_string()])?;
    assert_eq!(output.status.code(), Some(1));
    assert!(
        text(&output.stderr).contains("[db_corrupt]"),
        "{}",
        text(&output.stderr)
    );
    Ok(())
}

#[test]
fn an_unknown_subcommand_is_an_error_not_a_window() -> TestResult {
    let output = cairn(&["frobnicate"])?;
    assert_eq!(output.status.code(), Some(2), "clap's usage error");
    assert!(text(&output.stderr).contains("frobnicate"));
    Ok(())
}

#[test]
fn the_app_identifier_and_the_default_data_folder_agree_with_tauri_conf() -> TestResult {
    let conf: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tauri.conf.json"),
    )?)?;
    assert_eq!(conf["identifier"], cairn_core::APP_IDENTIFIER);
    Ok(())
}

#[test]
fn demo_fills_an_empty_folder_and_refuses_a_used_one_without_force() -> TestResult {
    let tmp = tempfile::tempdir()?;
    let dir = tmp.path().display().to_string();
    let first = cairn(&["demo", "--scale", "small", "--data-dir", &dir])?;
    assert!(first.status.success(), "{}", text(&first.stderr));
    assert!(
        text(&first.stdout).contains("items done"),
        "{}",
        text(&first.stdout)
    );
    let store = cairn_store::Store::open(tmp.path())?;
    let ticked: i64 = store.connection().query_row(
        "SELECT count(*) FROM checklist_item WHERE done_at IS NOT NULL",
        [],
        |row| row.get(0),
    )?;
    assert!(ticked > 10, "demo progress is in the database: {ticked}");
    let notes = store.notes(&Default::default())?;
    assert!(
        (24..=60).contains(&notes.total),
        "a few dozen notes: {}",
        notes.total
    );
    let overview = store.competency_overview(jiff::ZonedDateTime::now().date())?;
    assert_eq!(overview.assessments, 4, "monthly for four months");
    assert!(
        overview.competencies.iter().all(|c| c.latest.is_some()),
        "every competency has a rating"
    );
    let sessions = store.sessions(0, 1)?.total;
    assert!(
        (40..=120).contains(&sessions),
        "a few months of study: {sessions}"
    );
    let week = store.study_week(jiff::ZonedDateTime::now().date())?;
    assert_eq!(week.weekly_minutes, Some(240), "the target raised six weeks ago");
    assert_eq!(store.breaks()?.len(), 1, "one short break");
    let portfolio = store.portfolio()?;
    assert_eq!(portfolio.pieces.len(), 6);
    let attachments: usize = portfolio.pieces.iter().map(|p| p.attachments.len()).sum();
    let copies = std::fs::read_dir(tmp.path().join(cairn_store::attachments::ATTACHMENTS_DIR))?.count();
    assert_eq!(
        (attachments, copies),
        (6, 5),
        "four text samples (one repeated content stored once) and two PDFs"
    );
    assert_eq!(store.contacts()?.len(), 12);
    drop(store);
    let before = std::fs::read(tmp.path().join(cairn_store::DATABASE_FILE))?;

    let again = cairn(&["demo", "--data-dir", &dir])?;
    assert_eq!(again.status.code(), Some(1));
    assert!(
        text(&again.stderr).contains("[conflict]"),
        "{}",
        text(&again.stderr)
    );
    assert_eq!(
        std::fs::read(tmp.path().join(cairn_store::DATABASE_FILE))?,
        before,
        "a refused demo changes nothing"
    );

    let forced = cairn(&["demo", "--scale", "large", "--force", "--data-dir", &dir])?;
    assert!(forced.status.success(), "{}", text(&forced.stderr));
    let store = cairn_store::Store::open(tmp.path())?;
    let (notes, text_bytes): (i64, i64) = store.connection().query_row(
        "SELECT count(*), sum(length(CAST(body AS BLOB))) FROM note",
        [],
        |row| Ok((row.get(0)?, row.get(1)?)),
    )?;
    assert!(notes >= 1_000, "thousands of notes: {notes}");
    let (assessments, own): (i64, i64) = store.connection().query_row(
        "SELECT (SELECT count(*) FROM assessment), (SELECT count(*) FROM competency WHERE key IS NULL)",
        [],
        |row| Ok((row.get(0)?, row.get(1)?)),
    )?;
    assert_eq!(
        (assessments, own),
        (120, 3),
        "monthly for ten years, with competencies of the person's own"
    );
    let sessions = store.sessions(0, 1)?.total;
    assert!(
        (20_000..=60_000).contains(&sessions),
        "tens of thousands of sessions: {sessions}"
    );
    let (contacts, interactions): (i64, i64) = store.connection().query_row(
        "SELECT (SELECT count(*) FROM contact), (SELECT count(*) FROM interaction)",
        [],
        |row| Ok((row.get(0)?, row.get(1)?)),
    )?;
    assert_eq!(contacts, 400, "hundreds of contacts");
    assert!(interactions >= 3_000, "thousands of interactions: {interactions}");
    assert_eq!(store.portfolio()?.pieces.len(), 150);
    let first_day: String =
        store
            .connection()
            .query_row("SELECT min(started_on) FROM study_session", [], |row| row.get(0))?;
    let nine_years_ago = jiff::ZonedDateTime::now()
        .date()
        .checked_sub(jiff::Span::new().years(9))?
        .to_string();
    assert!(first_day < nine_years_ago, "ten years of them: {first_day}");
    assert!(
        (8_000_000..=14_000_000).contains(&text_bytes),
        "about 10 MB of text: {text_bytes}"
    );
    Ok(())
}

#[test]
fn status_prints_the_dashboard_as_text_and_as_json_with_the_fields_the_readme_lists() -> TestResult {
    let tmp = tempfile::tempdir()?;
    let dir = tmp.path().display().to_string();
    assert!(cairn(&["demo", "--data-dir", &dir])?.status.success());

    let json = cairn(&["status", "--json", "--data-dir", &dir])?;
    assert!(json.status.success(), "{}", text(&json.stderr));
    let status: serde_json::Value = serde_json::from_slice(&json.stdout)?;
    let store = cairn_store::Store::open(tmp.path())?;
    let today = jiff::ZonedDateTime::now().date();
    let overview = store.pathway_overview(today)?;
    assert_eq!(status["format"], 1);
    assert_eq!(status["today"], today.to_string());
    assert_eq!(status["pathway"]["done"], overview.overall.done);
    assert_eq!(status["pathway"]["total"], overview.overall.total);
    let milestones = status["milestones"].as_array().ok_or("milestones")?;
    assert_eq!(milestones.len(), overview.milestones.len());
    for m in milestones {
        for field in ["key", "title", "done", "total", "percent", "next_item"] {
            assert!(m.get(field).is_some(), "milestones[].{field}: {m}");
        }
    }
    assert_eq!(
        status["week"]["planned_minutes"], 240,
        "the demo's weekly target, no break this week"
    );
    assert!(status["week"]["studied_minutes"].is_u64());
    assert!(status["due_items"]
        .as_array()
        .is_some_and(|d| d.iter().any(|i| i["overdue"] == true)));
    assert!(status["follow_ups"].as_array().is_some_and(|f| !f.is_empty()));
    let steps = status["next_steps"].as_array().ok_or("next_steps")?;
    assert!(steps
        .iter()
        .any(|s| s["organisation"] == "Northgate CME Institute" && s["overdue"] == false));
    // The README documents every field, at the top level and inside.
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))?;
    let mut names: Vec<String> = status.as_object().ok_or("an object")?.keys().cloned().collect();
    for list in ["milestones", "due_items", "follow_ups", "next_steps"] {
        if let Some(first) = status[list]
            .as_array()
            .and_then(|l| l.first())
            .and_then(|v| v.as_object())
        {
            names.extend(first.keys().cloned());
        }
    }
    names.extend(status["week"].as_object().ok_or("week")?.keys().cloned());
    for name in names {
        let listed = readme.contains(&format!("`{name}`")) || readme.contains(&format!("`{name}[]`"));
        assert!(listed, "the README does not list `{name}`");
    }

    let plain = cairn(&["status", "--data-dir", &dir])?;
    assert!(plain.status.success());
    let plain = text(&plain.stdout);
    let expected = format!(
        "Pathway: {}% ({} of {} items)",
        status["pathway"]["percent"], overview.overall.done, overview.overall.total
    );
    assert!(plain.contains(&expected), "{plain}");
    assert!(
        plain.contains("Northgate CME Institute: Ask whether the quote works for their budget"),
        "{plain}"
    );

    // A folder with nothing in it yet has a status too.
    let empty = tmp.path().join("empty").display().to_string();
    let fresh = cairn(&["status", "--json", "--data-dir", &empty])?;
    assert!(fresh.status.success(), "{}", text(&fresh.stderr));
    let fresh: serde_json::Value = serde_json::from_slice(&fresh.stdout)?;
    assert_eq!(
        (
            fresh["pathway"]["done"].as_u64(),
            fresh["week"]["planned_minutes"].is_null()
        ),
        (Some(0), true)
    );
    Ok(())
}
