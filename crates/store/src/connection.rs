//! Opening the database file: the checks made before anything is written, and the one place every pragma is
//! set.

use crate::error::sql_error;
use crate::migrations::{APPLICATION_ID, LATEST_VERSION};
use cairn_core::{Error, Result};
use rusqlite::{Connection, ErrorCode as SqliteCode, OpenFlags};
use std::io::Read;
use std::path::Path;
use std::time::Duration;

/// How long a statement waits for another connection's lock before giving up with `db_locked`.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// Sets every connection pragma Cairn relies on. Every connection goes through here.
///
/// - WAL: readers never block the writer, and a crash mid-write leaves the last commit intact.
/// - `synchronous=FULL`: a commit is on disk before the UI says "saved" (writes are human-paced, so the cost of
///   the extra fsync is invisible, and WAL with NORMAL can lose the last commits on power loss).
/// - `foreign_keys=ON`: links between records are enforced by the database, not by hope.
/// - `busy_timeout`: a second Cairn (or a backup tool) holding a lock makes us wait, not fail at once.
/// - `cairn_id()` and `cairn_keyed_id()`: the ids of new records ([`crate::ids`]).
pub fn configure(conn: &Connection, path: &Path) -> Result<()> {
    let err = |e| sql_error(path, e);
    harden(conn, path)?;
    crate::ids::register(conn).map_err(err)?;
    conn.busy_timeout(BUSY_TIMEOUT).map_err(err)?;
    let mode: String = conn
        .pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0))
        .map_err(err)?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(Error::Database(format!(
            "could not switch {} to WAL mode (got {mode})",
            path.display()
        )));
    }
    conn.pragma_update(None, "synchronous", "FULL").map_err(err)?;
    conn.pragma_update(None, "foreign_keys", true).map_err(err)?;
    Ok(())
}

/// Makes a connection safe against a database Cairn did not create, and against its own mistakes; every
/// connection, read-only ones included, goes through here.
///
/// - `trusted_schema=OFF`: functions and virtual tables in a view or trigger run only when SQLite marks them
///   harmless, so a schema from elsewhere cannot call out through them.
/// - Defensive mode: nothing (not even Cairn's own SQL) can write the schema table directly or corrupt the
///   file through pragmas like `writable_schema`.
pub fn harden(conn: &Connection, path: &Path) -> Result<()> {
    use rusqlite::config::DbConfig;
    let err = |e| sql_error(path, e);
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_TRUSTED_SCHEMA, false)
        .map_err(err)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_DEFENSIVE, true)
        .map_err(err)?;
    Ok(())
}

/// Opens an existing database file read-only (never creating it: a vanished file is an error, not an empty
/// database), hardened like every connection.
pub fn open_read_only(path: &Path) -> Result<Connection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| match e.sqlite_error_code() {
        Some(SqliteCode::CannotOpen) if !path.exists() => Error::io(
            format!("Cannot read {}", path.display()),
            std::io::Error::from(std::io::ErrorKind::NotFound),
        ),
        _ => sql_error(path, e),
    })?;
    harden(&conn, path)?;
    conn.busy_timeout(BUSY_TIMEOUT).map_err(|e| sql_error(path, e))?;
    Ok(conn)
}

/// Looks at an existing file without writing to it, and refuses it when Cairn must not open it: not SQLite,
/// damaged, another program's database, or a Cairn database from a newer schema. A missing or empty file is
/// fine (it becomes a new database).
pub fn refuse_unless_openable(path: &Path) -> Result<()> {
    let corrupt = |detail: &str| Error::DbCorrupt {
        path: path.to_path_buf(),
        detail: detail.to_owned(),
    };
    let metadata = match std::fs::metadata(path) {
        Ok(metadata) => metadata,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(Error::io(format!("Cannot read {}", path.display()), e)),
    };
    if metadata.is_dir() {
        return Err(corrupt("it is a folder, not a file"));
    }
    if metadata.len() == 0 {
        return Ok(());
    }
    let mut header = [0u8; 16];
    let mut file =
        std::fs::File::open(path).map_err(|e| Error::io(format!("Cannot read {}", path.display()), e))?;
    if file.read_exact(&mut header).is_err() || &header != SQLITE_MAGIC {
        return Err(corrupt("it is not an SQLite database"));
    }
    drop(file);

    // Read-only: this connection cannot change the file, whatever it finds.
    let conn = open_read_only(path)?;
    let probe = |sql: &str| {
        conn.query_row(sql, [], |row| row.get::<_, i64>(0))
            .map_err(|e| sql_error(path, e))
    };
    let application_id = probe("PRAGMA application_id")?;
    let version = probe("PRAGMA user_version")?.max(0);
    let objects = probe("SELECT count(*) FROM sqlite_schema")?;

    if application_id == APPLICATION_ID {
        if version > i64::from(LATEST_VERSION) {
            return Err(Error::DbTooNew {
                path: path.to_path_buf(),
                found: version,
                supported: i64::from(LATEST_VERSION),
            });
        }
        // Known version: the schema must be exactly what Cairn's migrations build for it, and every value that
        // becomes a path must be a plain name, before anything is written.
        crate::schema_check::refuse_foreign_schema(&conn, path, version as u32)?;
        crate::schema_check::refuse_unsafe_stored_names(&conn, path, version as u32)?;
        return Ok(());
    }
    if application_id == 0 && version == 0 && objects == 0 {
        return Ok(()); // an empty SQLite file: ours to initialise
    }
    Err(corrupt("it is another program's SQLite database"))
}

/// Creates the database file with owner-only permissions before SQLite does, so it (and the `-wal` and `-shm`
/// files, which SQLite gives the same mode) is never readable by other users.
pub fn create_owner_only_file(path: &Path) -> Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(Error::io(
            format!("Cannot create the database {}", path.display()),
            e,
        )),
    }
}

pub fn open_read_write(path: &Path) -> Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    Connection::open_with_flags(path, flags).map_err(|e| sql_error(path, e))
}
