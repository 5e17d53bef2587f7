//! The recovery tools at their edges: restoring the oldest backup, a backup file that vanished, backups that
//! hold their attachments, and databases from elsewhere (a foreign trigger, a stored name that is a path).
//! Real processes and the real store on real files; each test names the scenario it guards. Also: backups made
//! and restored through the command line, with bad backups refused.

use cairn_store::backup::{attachments_folder_of, list_backups, BackupKind};
use cairn_store::Store;
use jiff::{Timestamp, ZonedDateTime};
use rusqlite::Connection;
use std::path::Path;

mod common;
use common::*;

fn count(dir: &Path, sql: &str) -> Result<i64, Box<dyn std::error::Error>> {
    Ok(Connection::open(dir.join("cairn.sqlite3"))?.query_row(sql, [], |row| row.get(0))?)
}

/// A backup with a given name in the data folder's backups, written by `cairn backup --out` as of now.
fn backup_named(dir: &Path, name: &str) -> Result<std::path::PathBuf, Box<dyn std::error::Error>> {
    let path = dir.join("backups").join(name);
    std::fs::create_dir_all(path.parent().unwrap_or(dir))?;
    ok(dir, &["backup", "--out", &path.display().to_string()])?;
    Ok(path)
}

fn stamp(days_ago: i64, suffix: &str) -> String {
    let day = ZonedDateTime::now().date() - jiff::Span::new().days(days_ago);
    // Daily backups are taken at start (09:00 here); the manual one earlier that morning.
    let time = if suffix == "daily" { "090000" } else { "080000" };
    format!("cairn-{}-{time}-{suffix}.sqlite3", day.strftime("%Y%m%d"))
}

/// The scenario: daily backups for the last 14 days, a manual one on the 14th day back (earlier that
/// day), none today. Restoring the manual one used to prune it while backing up "before restore" (today became
/// the 15th day, and the day-14 daily was the newest of its week), then restore an empty database from the
/// vanished path.
#[test]
fn restoring_the_oldest_of_fourteen_days_of_backups_keeps_it_and_brings_every_note_back() -> TestResult {
    let tmp = tempfile::tempdir()?;
    let dir = small_demo(tmp.path())?;
    let notes = count(&dir, "SELECT count(*) FROM note")?;
    assert!(notes > 0);
    let oldest = backup_named(&dir, &stamp(14, "manual"))?;
    for days_ago in 1..=14 {
        backup_named(&dir, &stamp(days_ago, "daily"))?;
    }
    let oldest_bytes = std::fs::read(&oldest)?;
    let listed = list_backups(&dir)?;
    assert_eq!(listed.len(), 15);
    assert_eq!(
        listed.last().map(|b| b.path.clone()),
        Some(oldest.display().to_string()),
        "the oldest backup Settings lists is the manual one"
    );

    // Lose the notes, then restore the oldest backup.
    Connection::open(dir.join("cairn.sqlite3"))?
        .execute_batch("PRAGMA foreign_keys = OFF; DELETE FROM note;")?;
    assert_eq!(count(&dir, "SELECT count(*) FROM note")?, 0);
    let printed = ok(&dir, &["restore", &oldest.display().to_string()])?;
    assert!(printed.contains("restored"), "{printed}");

    assert_eq!(
        count(&dir, "SELECT count(*) FROM note")?,
        notes,
        "every note is back"
    );
    assert_eq!(
        std::fs::read(&oldest)?,
        oldest_bytes,
        "the restored backup is still there, byte for byte"
    );
    let after = list_backups(&dir)?;
    assert!(
        after
            .iter()
            .any(|b| b.kind == BackupKind::BeforeRestore && b.size_kib > 0),
        "a complete before-restore backup was taken"
    );
    assert_eq!(after.len(), 16, "nothing was pruned during the restore");
    ok(&dir, &["check"])?;
    Ok(())
}

#[test]
fn a_backup_that_vanished_is_an_io_error_and_nothing_is_created_or_changed() -> TestResult {
    let tmp = tempfile::tempdir()?;
    let dir = small_demo(tmp.path())?;
    let database = std::fs::read(dir.join("cairn.sqlite3"))?;
    let gone = dir.join("backups").join(stamp(3, "daily"));
    let stderr = refused(&dir, &["restore", &gone.display().to_string()], "io")?;
    assert!(stderr.contains(&gone.display().to_string()), "{stderr}");
    assert!(!gone.exists(), "the missing backup was not created");
    assert_eq!(std::fs::read(dir.join("cairn.sqlite3"))?, database);
    Ok(())
}

/// Every attachment copy under the data folder, by name.
fn stored_copies(dir: &Path) -> Result<Vec<String>, Box<dyn std::error::Error>> {
    let mut names: Vec<String> = std::fs::read_dir(dir.join("attachments"))?
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    Ok(names)
}

/// The scenario: restore an older backup, remove any attachment (the sweep then removes the copies the
/// restored database does not know), restore the "before restore" backup: its copies must come back.
#[test]
fn a_backup_holds_its_attachments_and_restoring_it_brings_them_back() -> TestResult {
    let tmp = tempfile::tempdir()?;
    let dir = small_demo(tmp.path())?;
    let now = Timestamp::now();
    let here = ZonedDateTime::now();
    let mut store = Store::open(&dir)?;
    let original_copies = stored_copies(&dir)?;
    assert!(!original_copies.is_empty(), "the demo has attachments");

    // An older backup without any attachment: the demo before its pieces had files.
    let older = tmp.path().join("older.sqlite3");
    {
        let empty = tmp.path().join("empty");
        ok(&empty, &["check"])?;
        ok(&empty, &["backup", "--out", &older.display().to_string()])?;
    }
    let piece = store.portfolio()?.pieces.first().map(|p| p.id).ok_or("a piece")?;
    let backup = store.back_up(BackupKind::Manual, &here)?;
    assert_eq!(backup.files as usize, original_copies.len(), "{backup:?}");
    let held = attachments_folder_of(Path::new(&backup.path));
    assert_eq!(
        std::fs::read_dir(&held)?.count(),
        original_copies.len(),
        "the backup's folder holds every copy"
    );

    let before_restore = store.restore_from(&older, &here)?;
    assert!(before_restore.files > 0, "{before_restore:?}");
    // Any removal sweeps copies no row refers to: with the older database, that is all of them.
    let extra = store.add_piece(
        &cairn_core::portfolio::PieceInput {
            title: "Scratch".into(),
            deliverable: cairn_core::portfolio::Deliverable::SlideDeck,
            status: cairn_core::portfolio::PieceStatus::Idea,
            started_on: None,
            finished_on: None,
            competency_ids: Vec::new(),
            notes: String::new(),
            confidential: false,
        },
        here.date(),
        now,
    )?;
    store.delete_piece(extra.id, now)?;
    assert!(
        stored_copies(&dir)?.is_empty(),
        "the sweep removed the copies the older database does not know"
    );

    store.restore_from(Path::new(&before_restore.path), &here)?;
    assert_eq!(stored_copies(&dir)?, original_copies, "every copy is back");
    let restored = store.piece(piece)?;
    for attachment in restored.attachments.iter().filter(|a| !a.deleted) {
        let path = store.attachment_path(attachment.id)?;
        assert!(path.is_file(), "{} opens", attachment.name);
    }
    // The backup's own links outlived the sweep.
    assert_eq!(std::fs::read_dir(&held)?.count(), original_copies.len());
    Ok(())
}

#[test]
fn a_database_with_a_foreign_trigger_is_refused_on_open_and_on_restore_by_name() -> TestResult {
    let tmp = tempfile::tempdir()?;
    let dir = small_demo(tmp.path())?;
    let elsewhere = tmp.path().join("elsewhere");
    std::fs::create_dir(&elsewhere)?;
    std::fs::copy(dir.join("cairn.sqlite3"), elsewhere.join("cairn.sqlite3"))?;
    Connection::open(elsewhere.join("cairn.sqlite3"))?
        .execute_batch("CREATE TRIGGER wipe AFTER INSERT ON note BEGIN DELETE FROM checklist_item; END;")?;
    let foreign = std::fs::read(elsewhere.join("cairn.sqlite3"))?;

    let stderr = refused(&elsewhere, &["check"], "db_corrupt")?;
    assert!(stderr.contains("trigger \"wipe\""), "{stderr}");
    assert_eq!(
        std::fs::read(elsewhere.join("cairn.sqlite3"))?,
        foreign,
        "the foreign database is left as it was"
    );

    let live = std::fs::read(dir.join("cairn.sqlite3"))?;
    let stderr = refused(
        &dir,
        &["restore", &elsewhere.join("cairn.sqlite3").display().to_string()],
        "db_corrupt",
    )?;
    assert!(stderr.contains("trigger \"wipe\""), "{stderr}");
    assert_eq!(
        std::fs::read(dir.join("cairn.sqlite3"))?,
        live,
        "the live database is unchanged"
    );
    Ok(())
}

#[test]
fn a_stored_name_that_points_outside_the_data_folder_is_refused_and_its_file_survives() -> TestResult {
    let tmp = tempfile::tempdir()?;
    let dir = small_demo(tmp.path())?;
    let victim = tmp.path().join("thesis.docx");
    std::fs::write(&victim, "years of work")?;
    for stored_name in [victim.display().to_string(), "../../thesis.docx".to_owned()] {
        Connection::open(dir.join("cairn.sqlite3"))?.execute(
            "UPDATE attachment_file SET stored_name = ?1
             WHERE sha256 = (SELECT min(sha256) FROM attachment_file)",
            [&stored_name],
        )?;
        let stderr = refused(&dir, &["check"], "db_corrupt")?;
        assert!(stderr.contains("stored_name"), "{stderr}");
    }
    assert_eq!(std::fs::read_to_string(&victim)?, "years of work");
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

#[test]
fn a_data_folder_inside_a_synced_folder_is_refused_by_every_command_and_move_data_carries_it_out(
) -> TestResult {
    let tmp = tempfile::tempdir()?;
    let dir = small_demo(tmp.path())?;
    let notes = count(&dir, "SELECT count(*) FROM note")?;
    // The folder around it becomes a Dropbox folder (its marker file).
    std::fs::write(tmp.path().join(".dropbox"), "")?;
    let before = cairn_testkit::folder_contents(&dir)?;
    let why = refused(&dir, &["check"], "conflict")?;
    assert!(why.contains("inside Dropbox"), "{why}");
    refused(&dir, &["backup"], "conflict")?;
    assert!(
        cairn_testkit::folder_contents(&dir)? == before,
        "nothing changed in it"
    );

    let elsewhere = tempfile::tempdir()?;
    let moved = elsewhere.path().join("Cairn data");
    let said = ok(&dir, &["move-data", "--to", &moved.display().to_string()])?;
    assert!(
        said.contains(&format!("--data-dir \"{}\"", moved.display())),
        "{said}"
    );
    assert!(
        cairn_testkit::folder_contents(&dir)? == before,
        "the old folder is only read"
    );
    assert!(ok(&moved, &["check"])?.contains("integrity:      ok"));
    assert_eq!(count(&moved, "SELECT count(*) FROM note")?, notes);
    let attached = std::fs::read_dir(moved.join("attachments"))?.count();
    assert_eq!(attached, std::fs::read_dir(dir.join("attachments"))?.count());
    // Moving into a folder that already holds Cairn data would replace it: refused.
    refused(
        &dir,
        &["move-data", "--to", &moved.display().to_string()],
        "invalid_input",
    )?;
    Ok(())
}
