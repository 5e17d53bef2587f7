//! Faults caused on purpose against the real `cairn` process and real files: SIGKILL in the middle of a
//! restore, a backup, an archive export and an import; a full disk (a size-limited tmpfs) during a note save, a
//! backup and an export; a read-only data folder; a database locked by another process. Each test prints its
//! figures (trials, outcomes) and asserts that the data folder is as before or as after, never between, and
//! that what an interrupted write left behind is removed on a later start.

use rusqlite::Connection;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

mod common;
use common::disk::{fill_disk, running_as_root, Tmpfs};
use common::*;

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    let status = Command::new("cp").arg("-a").arg(from).arg(to).status()?;
    if status.success() {
        Ok(())
    } else {
        Err(std::io::Error::other("cp -a failed"))
    }
}

/// Starts `cairn args` on `dir`, sends SIGKILL after `delay` (if it is still running), and says whether it
/// was killed before it finished.
fn kill_after(dir: &Path, args: &[&str], delay: Duration) -> std::io::Result<bool> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_cairn"))
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .env_remove("CAIRN_DATA_DIR")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()?;
    std::thread::sleep(delay);
    let killed = child.try_wait()?.is_none();
    if killed {
        child.kill()?; // SIGKILL on Unix
    }
    child.wait()?;
    Ok(killed)
}

/// How long `cairn args` takes on a copy of `template`, for spreading the kills over its whole run.
fn duration_of(
    template: &Path,
    scratch: &Path,
    args: &[&str],
) -> Result<Duration, Box<dyn std::error::Error>> {
    let dir = scratch.join("timing");
    copy_dir(template, &dir)?;
    let start = Instant::now();
    ok(&dir, args)?;
    let taken = start.elapsed();
    std::fs::remove_dir_all(&dir)?;
    Ok(taken)
}

fn integrity(db: &Path) -> rusqlite::Result<String> {
    Connection::open(db)?.query_row("PRAGMA integrity_check", [], |row| row.get(0))
}

/// The names under `dir` (recursively) that are temporary: what an interrupted write leaves.
fn temporaries(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return found;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        if name.starts_with(".cairn-") || name.starts_with(".incoming-") || name.ends_with(".cairn-partial") {
            found.push(path.clone());
        } else if path.is_dir() {
            found.extend(temporaries(&path));
        }
    }
    found
}

/// Ages every file under `dir` by two hours, as if the next start came later.
fn age(dir: &Path) -> std::io::Result<()> {
    let then = SystemTime::now() - Duration::from_secs(2 * 60 * 60);
    for entry in std::fs::read_dir(dir)?.flatten() {
        let path = entry.path();
        if path.is_dir() {
            age(&path)?;
        }
        // A file that cannot be opened (a socket, say) is simply left as it is.
        let _ = std::fs::File::options()
            .read(true)
            .open(&path)
            .and_then(|file| file.set_modified(then));
    }
    Ok(())
}

/// Delay for trial `n` of `trials`: spread evenly over 30% to 120% of the whole command's time, since the
/// first part of it is the process starting (killing it there proves little).
fn delay(n: usize, trials: usize, whole: Duration) -> Duration {
    whole.mul_f64(0.3 + 0.9 * n as f64 / trials as f64)
}

const TRIALS: usize = 20;

/// The end of a trial: its leftovers are made old enough to tidy, `cairn check` opens the folder and tidies them,
/// nothing is left behind, and the folder goes.
fn tidied_and_removed(dir: &Path, n: usize) -> TestResult {
    age(dir)?;
    ok(dir, &["check"])?;
    assert_eq!(
        temporaries(dir),
        Vec::<PathBuf>::new(),
        "trial {n}: leftovers removed"
    );
    std::fs::remove_dir_all(dir)?;
    Ok(())
}

#[test]
fn a_restore_killed_at_any_moment_leaves_the_database_before_or_after_and_no_leftovers() -> TestResult {
    let tmp = tempfile::tempdir()?;
    let template = small_demo(tmp.path())?;
    let backup = tmp.path().join("backup.sqlite3");
    ok(&template, &["backup", "--out", &backup.display().to_string()])?;
    Connection::open(template.join("cairn.sqlite3"))?.execute("UPDATE note SET title = 'changed'", [])?;
    let notes: i64 = Connection::open(template.join("cairn.sqlite3"))?.query_row(
        "SELECT count(*) FROM note",
        [],
        |row| row.get(0),
    )?;
    let args = ["restore", &backup.display().to_string()];
    let whole = duration_of(&template, tmp.path(), &args)?;
    let (mut before, mut after, mut killed) = (0, 0, 0);
    for n in 0..TRIALS {
        let dir = tmp.path().join(format!("trial-{n}"));
        copy_dir(&template, &dir)?;
        killed += usize::from(kill_after(&dir, &args, delay(n, TRIALS, whole))?);
        let db = dir.join("cairn.sqlite3");
        assert_eq!(integrity(&db)?, "ok", "trial {n}");
        let changed: i64 = Connection::open(&db)?.query_row(
            "SELECT count(*) FROM note WHERE title = 'changed'",
            [],
            |row| row.get(0),
        )?;
        match changed {
            0 => after += 1,
            c if c == notes => before += 1,
            c => panic!("trial {n}: {c} of {notes} notes restored: between before and after"),
        }
        tidied_and_removed(&dir, n)?;
    }
    println!(
        "restore: {TRIALS} trials over {whole:?}, {killed} killed mid-run: {before} as before, {after} as after, 0 between, 0 damaged"
    );
    Ok(())
}

#[test]
fn a_backup_killed_at_any_moment_leaves_only_complete_backups() -> TestResult {
    let tmp = tempfile::tempdir()?;
    let template = small_demo(tmp.path())?;
    let whole = duration_of(&template, tmp.path(), &["backup"])?;
    let (mut complete, mut none, mut killed) = (0, 0, 0);
    for n in 0..TRIALS {
        let dir = tmp.path().join(format!("trial-{n}"));
        copy_dir(&template, &dir)?;
        killed += usize::from(kill_after(&dir, &["backup"], delay(n, TRIALS, whole))?);
        let listed = cairn_store::backup::list_backups(&dir)?;
        for backup in &listed {
            assert_eq!(integrity(Path::new(&backup.path))?, "ok", "trial {n}");
            assert_eq!(backup.files, 5, "trial {n}: a listed backup holds all its files");
        }
        if listed.is_empty() {
            none += 1;
        } else {
            complete += 1;
        }
        assert_eq!(integrity(&dir.join("cairn.sqlite3"))?, "ok");
        tidied_and_removed(&dir, n)?;
    }
    println!("backup: {TRIALS} trials over {whole:?}, {killed} killed mid-run: {complete} complete backups, {none} with none yet, 0 partial");
    Ok(())
}

#[test]
fn an_import_or_an_archive_export_killed_at_any_moment_is_all_or_nothing() -> TestResult {
    let tmp = tempfile::tempdir()?;
    let source = small_demo(tmp.path())?;
    let archive = tmp.path().join("everything.zip");
    export_archive(&source, &archive)?;
    let notes: i64 = Connection::open(source.join("cairn.sqlite3"))?.query_row(
        "SELECT count(*) FROM note",
        [],
        |row| row.get(0),
    )?;

    // Import into an empty folder.
    let empty = tmp.path().join("empty");
    std::fs::create_dir(&empty)?;
    let args = ["import", &archive.display().to_string()];
    let whole = duration_of(&empty, tmp.path(), &args)?;
    let (mut nothing, mut everything, mut killed) = (0, 0, 0);
    for n in 0..TRIALS {
        let dir = tmp.path().join(format!("import-{n}"));
        copy_dir(&empty, &dir)?;
        killed += usize::from(kill_after(&dir, &args, delay(n, TRIALS, whole))?);
        let db = dir.join("cairn.sqlite3");
        if db.exists() {
            assert_eq!(integrity(&db)?, "ok", "trial {n}");
            let imported: i64 =
                Connection::open(&db)?.query_row("SELECT count(*) FROM note", [], |row| row.get(0))?;
            assert_eq!(imported, notes, "trial {n}: a database that is there is whole");
            everything += 1;
        } else {
            nothing += 1;
            // With no database, a new import still works.
            ok(&dir, &args)?;
        }
        tidied_and_removed(&dir, n)?;
    }
    println!("import: {TRIALS} trials over {whole:?}, {killed} killed mid-run: {nothing} left nothing, {everything} everything, 0 between");

    // Archive export to a folder outside the data folder.
    let out_dir = tmp.path().join("out");
    std::fs::create_dir(&out_dir)?;
    let out = out_dir.join("export.zip");
    let args = [
        "export",
        "--format",
        "archive",
        "--out",
        &out.display().to_string(),
    ];
    let start = Instant::now();
    ok(&source, &args)?;
    let whole = start.elapsed();
    std::fs::remove_file(&out)?;
    let (mut absent, mut whole_files, mut killed) = (0, 0, 0);
    for n in 0..TRIALS {
        killed += usize::from(kill_after(&source, &args, delay(n, TRIALS, whole))?);
        if out.exists() {
            let check = Command::new("python3")
                .args(["-c", "import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; print(len(z.namelist()))"])
                .arg(&out)
                .output()?;
            assert!(
                check.status.success(),
                "trial {n}: the archive at the final name is whole"
            );
            assert_eq!(
                text(&check.stdout).trim(),
                "6",
                "trial {n}: data and 5 attachments"
            );
            whole_files += 1;
            std::fs::remove_file(&out)?;
        } else {
            absent += 1;
        }
    }
    age(&out_dir)?;
    ok(&source, &args)?; // the next export of that name removes stale leftovers of killed ones
    assert_eq!(
        temporaries(&out_dir),
        Vec::<PathBuf>::new(),
        "export leftovers removed"
    );
    println!("archive export: {TRIALS} trials over {whole:?}, {killed} killed mid-run: {absent} no file, {whole_files} whole files, 0 partial");
    Ok(())
}

#[test]
fn a_full_disk_and_a_read_only_folder_give_io_errors_and_leave_the_data_whole() -> TestResult {
    if !running_as_root() {
        println!("full disk: skipped, mounting a tmpfs needs root");
        return Ok(());
    }
    let tmp = tempfile::tempdir()?;
    let demo = small_demo(tmp.path())?;
    let mount = Tmpfs::mount(&tmp.path().join("disk"), "8m")?;
    let dir = mount.0.join("data");
    copy_dir(&demo, &dir)?;
    let database = std::fs::read(dir.join("cairn.sqlite3"))?;

    // The app is open (its -wal and -shm files exist) when the disk fills up: only 8 KiB left.
    let mut store = cairn_store::Store::open(&dir)?;
    fill_disk(&mount.0, 8 * 1024)?;
    let stderr = refused(&dir, &["backup"], "io")?;
    println!("full disk, backup: {}", stderr.trim());
    let stderr = refused(
        &dir,
        &[
            "export",
            "--format",
            "archive",
            "--out",
            &mount.0.join("x.zip").display().to_string(),
        ],
        "io",
    )?;
    println!("full disk, export: {}", stderr.trim());
    assert!(!mount.0.join("x.zip").exists(), "no half-written export");
    assert_eq!(
        temporaries(&mount.0),
        Vec::<PathBuf>::new(),
        "no temporary file left"
    );
    assert!(store.integrity_problems()?.is_empty());

    // A note save that does not fit: refused with `io`, the note as it was, and the store goes on working.
    {
        let note = store
            .notes(&Default::default())?
            .notes
            .first()
            .map(|n| n.id)
            .ok_or("a note")?;
        let before = store.note(note)?;
        let input = cairn_core::note::NoteInput {
            title: before.title.clone(),
            body: "x".repeat(900 * 1024),
            target: cairn_core::note::NoteTarget::None,
            tags: before.tags.clone(),
        };
        let failed = store.save_note(note, &input, jiff::Timestamp::now());
        let code = failed.as_ref().err().map(|e| e.code());
        println!(
            "full disk, note save: {:?}",
            failed.as_ref().err().map(ToString::to_string)
        );
        assert_eq!(
            code,
            Some(cairn_core::ErrorCode::Io),
            "a full disk is an io error"
        );
        assert_eq!(store.note(note)?.body, before.body, "the note is as it was");
        std::fs::remove_file(mount.0.join("filler"))?;
        let saved = store.save_note(note, &input, jiff::Timestamp::now())?;
        assert_eq!(
            saved.body.len(),
            900 * 1024,
            "with room again, the same save works"
        );
    }
    drop(store);
    ok(&dir, &["backup"])?;
    ok(&dir, &["check"])?;

    // The folder turns read-only: writes are refused with `io`, reads still work, nothing changes.
    let database_now = std::fs::read(dir.join("cairn.sqlite3"))?;
    assert_ne!(database_now, database, "the save above is in the file");
    mount.remount_read_only()?;
    let stderr = refused(&dir, &["backup"], "io")?;
    println!("read-only folder, backup: {}", stderr.trim());
    refused(
        &dir,
        &[
            "export",
            "--format",
            "archive",
            "--out",
            &mount.0.join("y.zip").display().to_string(),
        ],
        "io",
    )?;
    assert_eq!(
        std::fs::read(dir.join("cairn.sqlite3"))?,
        database_now,
        "unchanged"
    );
    Ok(())
}

#[test]
fn a_restore_behind_another_programs_lock_ends_with_db_locked_and_changes_nothing() -> TestResult {
    let tmp = tempfile::tempdir()?;
    let dir = small_demo(tmp.path())?;
    let backup = tmp.path().join("backup.sqlite3");
    ok(&dir, &["backup", "--out", &backup.display().to_string()])?;
    let holder = Connection::open(dir.join("cairn.sqlite3"))?;
    holder.execute_batch("BEGIN EXCLUSIVE; UPDATE note SET title = title;")?;
    let started = Instant::now();
    let stderr = refused(&dir, &["restore", &backup.display().to_string()], "db_locked")?;
    let waited = started.elapsed();
    println!("locked database, restore: {} after {waited:?}", stderr.trim());
    assert!(
        waited < Duration::from_secs(30),
        "it gave up instead of waiting for ever"
    );
    holder.execute_batch("ROLLBACK")?;
    drop(holder);
    assert_eq!(integrity(&dir.join("cairn.sqlite3"))?, "ok");
    ok(&dir, &["restore", &backup.display().to_string()])?;
    Ok(())
}

#[test]
fn a_sync_killed_while_it_applies_another_devices_changes_applies_them_whole_or_not_at_all() -> TestResult {
    let tmp = tempfile::tempdir()?;
    let laptop = small_demo(tmp.path())?;
    let shared = tmp.path().join("shared");
    ok(
        &laptop,
        &[
            "sync",
            "--folder",
            &shared.display().to_string(),
            "--name",
            "Laptop",
        ],
    )?;
    let count = |db: &Path| -> rusqlite::Result<i64> {
        Connection::open(db)?.query_row("SELECT count(*) FROM note", [], |row| row.get(0))
    };
    let notes = count(&laptop.join("cairn.sqlite3"))?;
    // A second device, set up on a folder of its own, then pointed at the laptop's: that sync applies the
    // laptop's whole starting state in one transaction.
    let desktop = tmp.path().join("desktop");
    let empty = tmp.path().join("empty");
    ok(
        &desktop,
        &[
            "sync",
            "--folder",
            &empty.display().to_string(),
            "--name",
            "Desktop",
        ],
    )?;
    let trial_args = |folder: &Path| {
        vec![
            "sync".to_owned(),
            "--folder".to_owned(),
            folder.display().to_string(),
        ]
    };
    let timing_folder = tmp.path().join("timing-shared");
    copy_dir(&shared, &timing_folder)?;
    let timing_args = trial_args(&timing_folder);
    let whole = duration_of(
        &desktop,
        tmp.path(),
        &timing_args.iter().map(String::as_str).collect::<Vec<_>>(),
    )?;
    const SYNC_TRIALS: usize = 10;
    let (mut nothing, mut everything, mut killed) = (0, 0, 0);
    for n in 0..SYNC_TRIALS {
        let (dir, folder) = (
            tmp.path().join(format!("trial-{n}")),
            tmp.path().join(format!("shared-{n}")),
        );
        copy_dir(&desktop, &dir)?;
        copy_dir(&shared, &folder)?;
        let args = trial_args(&folder);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        killed += usize::from(kill_after(&dir, &args, delay(n, SYNC_TRIALS, whole))?);
        let db = dir.join("cairn.sqlite3");
        assert_eq!(integrity(&db)?, "ok", "trial {n}");
        match count(&db)? {
            0 => nothing += 1,
            found if found == notes => everything += 1,
            found => panic!("trial {n}: {found} of {notes} notes, half a change file applied"),
        }
        // The next sync (asked for the same way, as the kill may have come before the folder was saved)
        // finishes the work: every note is there.
        ok(&dir, &args)?;
        assert_eq!(count(&db)?, notes, "trial {n}");
        std::fs::remove_dir_all(&dir)?;
        std::fs::remove_dir_all(&folder)?;
    }
    println!("sync: {SYNC_TRIALS} trials over {whole:?}, {killed} killed mid-run: {nothing} applied nothing, {everything} everything, 0 between; every one whole after the next sync");
    Ok(())
}
