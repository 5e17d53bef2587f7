//! The one error type of Cairn. Every failure the user can meet has a stable [`ErrorCode`]; the UI and the CLI
//! switch on the code, never on the message, so messages can be reworded freely.
//!
//! To add a failure: add a variant, give it a code in [`Error::code`] (reuse an existing code when the UI would
//! react the same way), and say in its message what happened and what the person can do.

use serde::Serialize;
use std::path::PathBuf;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Input that breaks a rule; `field` names the form field (or import path) that caused it.
    #[error("{message}")]
    InvalidInput { field: String, message: String },

    #[error("{what} was not found")]
    NotFound { what: String },

    /// The action cannot happen in the current state (a second timer, a duplicate name).
    #[error("{0}")]
    Conflict(String),

    /// The database was written by a newer Cairn. It is never changed by this version.
    #[error(
        "The database at {path} was written by a newer version of Cairn (schema version {found}; this \
         version understands up to {supported}). It has not been changed. Update Cairn, or choose another \
         data folder."
    )]
    DbTooNew {
        path: PathBuf,
        found: i64,
        supported: i64,
    },

    /// The file is not a readable Cairn database (not SQLite, damaged, or another program's).
    #[error("The file at {path} is not a readable Cairn database: {detail}. It has not been changed.")]
    DbCorrupt { path: PathBuf, detail: String },

    /// Another program (or another Cairn) holds a lock on the database for longer than we wait.
    #[error(
        "The database at {path} is locked by another program. Close other copies of Cairn and try again."
    )]
    DbLocked { path: PathBuf },

    /// Any other database failure; a bug or an environmental problem (disk full, permissions).
    #[error("Database error: {0}")]
    Database(String),

    /// A report or export could not be written from what the person wrote: `what` names the note or piece.
    #[error("Could not make {what}: {detail}")]
    Report { what: String, detail: String },

    #[error("{context}: {source}")]
    Io {
        context: String,
        #[source]
        source: std::io::Error,
    },
}

crate::choices! {
    /// The stable codes the UI and scripts rely on, with the name they are sent under (`db_too_new`).
    pub enum ErrorCode {
        InvalidInput = ("invalid_input", "Invalid input"),
        NotFound = ("not_found", "Not found"),
        Conflict = ("conflict", "Conflict"),
        DbTooNew = ("db_too_new", "Database from a newer Cairn"),
        DbCorrupt = ("db_corrupt", "Database damaged"),
        DbLocked = ("db_locked", "Database in use"),
        Database = ("database", "Database error"),
        Report = ("report", "Report error"),
        Io = ("io", "File error"),
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Error {
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::InvalidInput { .. } => ErrorCode::InvalidInput,
            Error::NotFound { .. } => ErrorCode::NotFound,
            Error::Conflict(_) => ErrorCode::Conflict,
            Error::DbTooNew { .. } => ErrorCode::DbTooNew,
            Error::DbCorrupt { .. } => ErrorCode::DbCorrupt,
            Error::DbLocked { .. } => ErrorCode::DbLocked,
            Error::Database(_) => ErrorCode::Database,
            Error::Report { .. } => ErrorCode::Report,
            Error::Io { .. } => ErrorCode::Io,
        }
    }

    /// The field that caused the error, when one did.
    pub fn field(&self) -> Option<&str> {
        match self {
            Error::InvalidInput { field, .. } => Some(field),
            _ => None,
        }
    }

    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Error::InvalidInput {
            field: field.into(),
            message: message.into(),
        }
    }

    pub fn io(context: impl Into<String>, source: std::io::Error) -> Self {
        Error::Io {
            context: context.into(),
            source,
        }
    }
}

/// What crosses the IPC boundary to the UI: `{code, message, field?}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct ErrorPayload {
    pub code: ErrorCode,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

impl From<&Error> for ErrorPayload {
    fn from(error: &Error) -> Self {
        ErrorPayload {
            code: error.code(),
            message: error.to_string(),
            field: error.field().map(str::to_owned),
        }
    }
}

impl From<Error> for ErrorPayload {
    fn from(error: Error) -> Self {
        ErrorPayload::from(&error)
    }
}

impl std::fmt::Display for ErrorPayload {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.message, self.code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_invalid_input_error_serializes_with_its_field() -> Result<(), serde_json::Error> {
        let payload = ErrorPayload::from(Error::invalid("title", "A title is required."));
        let json = serde_json::to_value(&payload)?;
        assert_eq!(
            json,
            serde_json::json!({"code": "invalid_input", "message": "A title is required.", "field": "title"}),
            "the UI reads code, message and field"
        );
        Ok(())
    }

    #[test]
    fn an_error_without_a_field_leaves_the_field_out() -> Result<(), serde_json::Error> {
        let error = Error::DbTooNew {
            path: PathBuf::from("/data/cairn.sqlite3"),
            found: 9,
            supported: 1,
        };
        let json = serde_json::to_value(ErrorPayload::from(&error))?;
        assert_eq!(json["code"], "db_too_new");
        assert!(json.get("field").is_none(), "field is omitted, not null: {json}");
        let message = json["message"].as_str().unwrap_or_default();
        assert!(
            message.contains("schema version 9") && message.contains("up to 1"),
            "message: {message}"
        );
        Ok(())
    }
}
