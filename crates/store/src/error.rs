//! The store's one way from SQLite's errors to Cairn's: [`StoreError`] is what the work inside
//! [`Store::read`](crate::Store::read) and [`Store::transact`](crate::Store::transact) returns, so `?` works on
//! SQLite's results, on Cairn's errors and on refusals at a field alike; the store converts it once, naming its
//! file, when the work ends.

use cairn_core::Error;
use rusqlite::ErrorCode as SqliteCode;
use std::path::Path;

/// Why the work on the database stopped.
#[derive(Debug)]
pub enum StoreError {
    /// The input names something that is not there, or is refused: an error at `field` with `message`.
    Field(String, String),
    /// SQLite failed.
    Sql(rusqlite::Error),
    /// Any other of Cairn's errors (`not_found`, `conflict`, `io`, ...).
    Other(Error),
}

/// The result of work inside the store's helpers.
pub type StoreResult<T> = std::result::Result<T, StoreError>;

impl StoreError {
    /// A refusal at `field`.
    pub fn field(field: impl Into<String>, message: impl Into<String>) -> Self {
        StoreError::Field(field.into(), message.into())
    }

    /// Cairn's error for this, naming the database at `path` where SQLite failed.
    pub fn at(self, path: &Path) -> Error {
        match self {
            StoreError::Field(field, message) => Error::invalid(field, message),
            StoreError::Sql(e) => sql_error(path, e),
            StoreError::Other(error) => error,
        }
    }
}

impl From<Error> for StoreError {
    fn from(error: Error) -> Self {
        StoreError::Other(error)
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(error: rusqlite::Error) -> Self {
        StoreError::Sql(error)
    }
}

/// Maps SQLite failures to Cairn's error codes: damage to `db_corrupt`, lock contention to `db_locked`, a full
/// disk or a file that cannot be written to `io`, and anything else to `database`.
pub fn sql_error(path: &Path, error: rusqlite::Error) -> Error {
    match error.sqlite_error_code() {
        Some(SqliteCode::DatabaseCorrupt | SqliteCode::NotADatabase) => Error::DbCorrupt {
            path: path.to_path_buf(),
            detail: error.to_string(),
        },
        Some(SqliteCode::DatabaseBusy | SqliteCode::DatabaseLocked) => Error::DbLocked {
            path: path.to_path_buf(),
        },
        Some(SqliteCode::CannotOpen | SqliteCode::PermissionDenied | SqliteCode::ReadOnly) => Error::Io {
            context: format!("Cannot open {} for writing", path.display()),
            source: std::io::Error::new(std::io::ErrorKind::PermissionDenied, error.to_string()),
        },
        Some(SqliteCode::DiskFull) => Error::Io {
            context: format!(
                "The disk holding {} is full; free some space and try again",
                path.display()
            ),
            source: std::io::Error::new(std::io::ErrorKind::StorageFull, "nothing was changed"),
        },
        Some(SqliteCode::SystemIoFailure) => Error::Io {
            context: format!("Cannot write {}", path.display()),
            source: std::io::Error::other(error.to_string()),
        },
        _ => Error::Database(error.to_string()),
    }
}
