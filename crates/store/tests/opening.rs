//! The store against real files in temporary directories.

use cairn_core::ErrorCode;
use cairn_store::migrations::APPLICATION_ID;
use cairn_store::*;
use cairn_testkit::{write_newer_database, TestResult};
use rusqlite::Connection;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

fn mode_of(path: &Path) -> std::io::Result<u32> {
    Ok(std::fs::metadata(path)?.permissions().mode() & 0o777)
}

#[test]
fn opening_a_new_folder_creates_it_and_the_database_for_the_owner_only() -> TestResult {
    let tmp = tempfile::tempdir()?;
    let dir = tmp.path().join("nested").join("cairn-data");
    let store = Store::open(&dir)?;
    assert_eq!(mode_of(&dir)?, 0o700, "the data folder is owner-only");
    assert_eq!(
        mode_of(&dir.join(DATABASE_FILE))?,
        0o600,
        "the database file is owner-only"
    );
    assert_eq!(store.database_path(), dir.join(DATABASE_FILE));
    assert_eq!(store.schema_version()?, LATEST_VERSION);
    for sidecar in ["cairn.sqlite3-wal", "cairn.sqlite3-shm"] {
        let path = dir.join(sidecar);
        if path.exists() {
            assert_eq!(mode_of(&path)?, 0o600, "{sidecar} inherits the owner-only mode");
        }
    }
    Ok(())
}

#[test]
fn every_pragma_is_set_on_open() -> TestResult {
    let tmp = tempfile::tempdir()?;
    let store = Store::open(tmp.path())?;
    let conn = store.connection();
    let text = |sql: &str| conn.query_row(sql, [], |r| r.get::<_, String>(0));
    let number = |sql: &str| conn.query_row(sql, [], |r| r.get::<_, i64>(0));
    assert_eq!(text("PRAGMA journal_mode")?, "wal");
    assert_eq!(number("PRAGMA synchronous")?, 2, "synchronous=FULL is 2");
    assert_eq!(number("PRAGMA foreign_keys")?, 1);
    assert_eq!(number("PRAGMA busy_timeout")?, 5000);
    assert_eq!(number("PRAGMA application_id")?, APPLICATION_ID);
    Ok(())
}

#[test]
fn reopening_keeps_the_version_and_the_creation_time_and_runs_no_migration_twice() -> TestResult {
    let tmp = tempfile::tempdir()?;
    let first = Store::open(tmp.path())?.info()?;
    let second = Store::open(tmp.path())?;
    let info = second.info()?;
    assert_eq!(info.created_at, first.created_at);
    assert!(
        info.created_at.ends_with('Z') && info.created_at.len() == 20,
        "RFC 3339 UTC: {}",
        info.created_at
    );
    assert_eq!(info.schema_version, LATEST_VERSION);
    let applied: i64 = second
        .connection()
        .query_row("SELECT count(*) FROM schema_history", [], |r| r.get(0))?;
    assert_eq!(
        applied,
        i64::from(LATEST_VERSION),
        "one history row per migration"
    );
    Ok(())
}

#[test]
fn a_database_from_a_newer_cairn_is_refused_and_left_byte_for_byte_unchanged() -> TestResult {
    let tmp = tempfile::tempdir()?;
    let path = tmp.path().join(DATABASE_FILE);
    write_newer_database(&path, i64::from(LATEST_VERSION) + 7)?;
    let before = std::fs::read(&path)?;
    let modified = std::fs::metadata(&path)?.modified()?;

    let error = Store::open(tmp.path())
        .err()
        .ok_or("a newer database must be refused")?;
    assert_eq!(error.code(), ErrorCode::DbTooNew, "{error}");
    assert!(
        error
            .to_string()
            .contains(&format!("schema version {}", LATEST_VERSION + 7)),
        "{error}"
    );
    assert_eq!(std::fs::read(&path)?, before, "the database bytes are unchanged");
    assert_eq!(
        std::fs::metadata(&path)?.modified()?,
        modified,
        "the file was not even rewritten"
    );
    Ok(())
}

#[test]
fn a_file_that_is_not_a_database_is_refused_as_corrupt_and_left_unchanged() -> TestResult {
    let tmp = tempfile::tempdir()?;
    let path = tmp.path().join(DATABASE_FILE);
    let text = b"Dear diary, this is not a database.\n".repeat(200);
    std::fs::write(&path, &text)?;
    let error = Store::open(tmp.path())
        .err()
        .ok_or("a text file must be refused")?;
    assert_eq!(error.code(), ErrorCode::DbCorrupt, "{error}");
    assert_eq!(std::fs::read(&path)?, text);
    assert!(
        !tmp.path().join("cairn.sqlite3-wal").exists(),
        "no WAL file was created next to it"
    );
    Ok(())
}

#[test]
fn a_damaged_database_is_refused_as_corrupt_and_left_unchanged() -> TestResult {
    let tmp = tempfile::tempdir()?;
    let path = tmp.path().join(DATABASE_FILE);
    // A real SQLite header followed by garbage where the rest of the header and the pages should be.
    let mut bytes = b"SQLite format 3\0".to_vec();
    bytes.extend((0..8192u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8));
    std::fs::write(&path, &bytes)?;
    let error = Store::open(tmp.path())
        .err()
        .ok_or("a damaged database must be refused")?;
    assert_eq!(error.code(), ErrorCode::DbCorrupt, "{error}");
    assert_eq!(std::fs::read(&path)?, bytes);
    Ok(())
}

#[test]
fn another_programs_sqlite_database_is_refused_and_left_unchanged() -> TestResult {
    let tmp = tempfile::tempdir()?;
    let path = tmp.path().join(DATABASE_FILE);
    {
        let conn = Connection::open(&path)?;
        conn.execute_batch("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT);")?;
    }
    let before = std::fs::read(&path)?;
    let error = Store::open(tmp.path())
        .err()
        .ok_or("a foreign database must be refused")?;
    assert_eq!(error.code(), ErrorCode::DbCorrupt, "{error}");
    assert!(error.to_string().contains("another program"), "{error}");
    assert_eq!(std::fs::read(&path)?, before);
    Ok(())
}

#[test]
fn an_empty_file_becomes_a_new_database() -> TestResult {
    let tmp = tempfile::tempdir()?;
    std::fs::write(tmp.path().join(DATABASE_FILE), b"")?;
    let store = Store::open(tmp.path())?;
    assert_eq!(store.schema_version()?, LATEST_VERSION);
    Ok(())
}

#[test]
fn a_folder_where_the_database_should_be_is_refused() -> TestResult {
    let tmp = tempfile::tempdir()?;
    std::fs::create_dir(tmp.path().join(DATABASE_FILE))?;
    let error = Store::open(tmp.path())
        .err()
        .ok_or("a folder is not a database")?;
    assert_eq!(error.code(), ErrorCode::DbCorrupt, "{error}");
    Ok(())
}

#[test]
fn a_database_locked_by_another_program_gives_db_locked() -> TestResult {
    let tmp = tempfile::tempdir()?;
    drop(Store::open(tmp.path())?);
    let holder = Connection::open(tmp.path().join(DATABASE_FILE))?;
    holder.execute_batch("PRAGMA locking_mode=EXCLUSIVE; BEGIN EXCLUSIVE;")?;
    let error = Store::open(tmp.path())
        .err()
        .ok_or("an exclusively locked database cannot be opened")?;
    assert_eq!(error.code(), ErrorCode::DbLocked, "{error}");
    holder.execute_batch("ROLLBACK;")?;
    Ok(())
}

#[test]
fn a_transaction_that_fails_writes_nothing() -> TestResult {
    let tmp = tempfile::tempdir()?;
    let mut store = Store::open(tmp.path())?;
    let outcome: cairn_core::Result<()> = store.transact(|tx| {
        tx.execute(
            "INSERT INTO schema_history (version, name, applied_at) VALUES (900, 'x', 'y')",
            [],
        )?;
        Err(StoreError::field("name", "rejected after the first write"))
    });
    assert_eq!(outcome.err().map(|e| e.code()), Some(ErrorCode::InvalidInput));
    let rows: i64 = store.connection().query_row(
        "SELECT count(*) FROM schema_history WHERE version = 900",
        [],
        |r| r.get(0),
    )?;
    assert_eq!(rows, 0, "the first write was rolled back");

    store.transact(|tx| {
        tx.execute(
            "INSERT INTO schema_history (version, name, applied_at) VALUES (901, 'x', 'y')",
            [],
        )?;
        Ok(())
    })?;
    let reopened = Store::open(tmp.path())?;
    let rows: i64 = reopened.connection().query_row(
        "SELECT count(*) FROM schema_history WHERE version = 901",
        [],
        |r| r.get(0),
    )?;
    assert_eq!(rows, 1, "a committed write is on disk for the next connection");
    Ok(())
}

#[test]
fn a_healthy_database_has_no_integrity_problems() -> TestResult {
    let tmp = tempfile::tempdir()?;
    let store = Store::open(tmp.path())?;
    assert_eq!(store.integrity_problems()?, Vec::<String>::new());
    Ok(())
}

#[test]
fn the_data_folder_comes_from_the_flag_then_the_environment_then_the_platform() -> TestResult {
    let flag = Path::new("/tmp/from-flag");
    let env = std::ffi::OsStr::new("/tmp/from-env");
    assert_eq!(
        resolve_data_dir(Some(flag), Some(env))?,
        (flag.to_path_buf(), DataDirSource::Flag)
    );
    assert_eq!(
        resolve_data_dir(None, Some(env))?,
        (PathBuf::from(env), DataDirSource::Environment)
    );
    let empty = std::ffi::OsStr::new("");
    let (default_dir, source) = resolve_data_dir(None, Some(empty))?;
    assert_eq!(
        source,
        DataDirSource::Default,
        "an empty variable counts as unset"
    );
    assert!(
        default_dir.ends_with(cairn_core::APP_IDENTIFIER),
        "{}",
        default_dir.display()
    );
    let (relative, _) = resolve_data_dir(Some(Path::new("relative/dir")), None)?;
    assert!(
        relative.is_absolute() && relative.ends_with("relative/dir"),
        "{}",
        relative.display()
    );
    Ok(())
}

#[test]
fn an_existing_data_folder_keeps_the_mode_its_owner_gave_it() -> TestResult {
    let tmp = tempfile::tempdir()?;
    std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o750))?;
    Store::open(tmp.path())?;
    assert_eq!(mode_of(tmp.path())?, 0o750);
    Ok(())
}

#[test]
fn a_chosen_folder_must_be_named_and_absolute() {
    let field = |path: &str| {
        chosen_data_dir(path)
            .err()
            .and_then(|e| e.field().map(str::to_owned))
    };
    assert_eq!(
        field(""),
        Some("path".to_owned()),
        "an empty choice is an error at the path field"
    );
    assert_eq!(field("   "), Some("path".to_owned()));
    assert_eq!(field("relative/folder"), Some("path".to_owned()));
    assert_eq!(
        chosen_data_dir("/media/usb/cairn").ok(),
        Some(PathBuf::from("/media/usb/cairn"))
    );
}
