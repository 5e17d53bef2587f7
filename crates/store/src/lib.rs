//! Cairn's store: one SQLite file in the person's data directory.
//!
//! [`Store::open`] is the only way in. It checks an existing file *before* writing anything (so a database from
//! a newer Cairn, or a file that is not a Cairn database, is refused and left byte-for-byte unchanged), sets
//! every pragma in one place ([`connection::configure`]) and applies the embedded migrations in one transaction.
//!
//! To add a table or aggregate: add a migration (see [`migrations`]), then a module (or a folder, split along its
//! seams) with its queries: reads inside [`Store::read`], changes only inside [`Store::transact`] (or
//! `Store::execute` for one statement). In both, `?` works on SQLite's errors and Cairn's alike ([`error`]);
//! a missing row is `not_found`; enums are columns (`cairn_core::choices!`). Every SQL statement Cairn runs is in
//! this crate, and its behaviour tests are in `tests/`.

pub mod archive;
pub mod attachments;
pub mod backfill;
pub mod backup;
pub mod checklist;
pub mod competencies;
pub mod connection;
pub mod dashboard;
pub mod disclosures;
pub mod error;
pub mod ids;
pub mod leftovers;
pub mod location;
pub mod migrations;
pub mod network;
pub mod note_history;
pub mod notes;
pub mod pathway_sync;
pub mod pipeline;
pub mod portfolio;
pub mod profile;
pub mod projects;
pub mod quick;
pub mod records;
pub mod reminders;
pub mod restore;
pub mod schema_check;
#[cfg(feature = "trace")]
pub mod statements;
pub mod study;
pub mod sync;
pub mod transfer;

use cairn_core::Id;
use cairn_core::Result;
use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior};
use serde::Serialize;
use std::path::{Path, PathBuf};

pub use error::{StoreError, StoreResult};
pub use location::{
    chosen_data_dir, resolve_data_dir, synced_folder, DataDirSource, SyncedFolder, DATABASE_FILE,
    DATA_DIR_ENV,
};
pub use migrations::LATEST_VERSION;

/// An open, migrated Cairn database.
pub struct Store {
    conn: Connection,
    data_dir: PathBuf,
    database_path: PathBuf,
    /// Whether transactions record their changes for sync (`sync`): once sync is set up.
    recording: bool,
}

/// What Settings and `cairn check` show about the store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct StoreInfo {
    pub data_dir: String,
    pub database_path: String,
    pub schema_version: u32,
    /// When this database was first created (UTC, RFC 3339).
    pub created_at: String,
    pub sqlite_version: String,
}

impl Store {
    /// Opens (creating if needed) the database in `data_dir`, which is created with owner-only permissions
    /// when it does not exist yet.
    pub fn open(data_dir: &Path) -> Result<Store> {
        location::refuse_synced_data_dir(data_dir)?;
        location::create_data_dir(data_dir)?;
        let database_path = data_dir.join(DATABASE_FILE);
        connection::refuse_unless_openable(&database_path)?;
        connection::create_owner_only_file(&database_path)?;
        let mut conn = connection::open_read_write(&database_path)?;
        connection::configure(&conn, &database_path)?;
        migrations::migrate(&mut conn, &database_path)?;
        let recording = Store::recording_enabled(&conn).map_err(|e| error::sql_error(&database_path, e))?;
        Ok(Store {
            conn,
            data_dir: data_dir.to_path_buf(),
            database_path,
            recording,
        })
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    pub fn database_path(&self) -> &Path {
        &self.database_path
    }

    /// Runs `f` over the connection for queries that need no transaction; its error is converted once, naming
    /// this store's file.
    pub fn read<T>(&self, f: impl FnOnce(&Connection) -> StoreResult<T>) -> Result<T> {
        f(&self.conn).map_err(|e| e.at(&self.database_path))
    }

    /// Runs `f` in an immediate transaction: committed when `f` returns `Ok`, rolled back on `Err` (a refusal
    /// at a field, SQLite's error or any other) and on panic, when the transaction is dropped. Every mutation goes
    /// through here, so nothing is half-written. Once sync is set up, what `f` changed is recorded for the other
    /// devices in the same transaction.
    pub fn transact<T>(&mut self, f: impl FnOnce(&Transaction<'_>) -> StoreResult<T>) -> Result<T> {
        let record = self.recording;
        self.transact_as(record, f)
    }

    /// [`Store::transact`] without recording for sync: for what every device does by itself (the pathway's
    /// own sync).
    pub(crate) fn transact_unrecorded<T>(
        &mut self,
        f: impl FnOnce(&Transaction<'_>) -> StoreResult<T>,
    ) -> Result<T> {
        self.transact_as(false, f)
    }

    fn transact_as<T>(
        &mut self,
        record: bool,
        f: impl FnOnce(&Transaction<'_>) -> StoreResult<T>,
    ) -> Result<T> {
        let path = self.database_path.clone();
        let run = |conn: &mut Connection| -> StoreResult<T> {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let value = if record {
                let recorder = sync::Recorder::start(&tx)?;
                let value = f(&tx)?;
                recorder.finish(&tx)?;
                value
            } else {
                f(&tx)?
            };
            tx.commit()?;
            Ok(value)
        };
        run(&mut self.conn).map_err(|e| e.at(&path))
    }

    /// The connection, for the store's own work that is not one transaction of `transact`.
    pub(crate) fn connection_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }

    /// Runs one statement in a transaction of its own (a change that is one statement); returns the rows it
    /// changed.
    pub(crate) fn execute(&mut self, sql: &str, params: impl rusqlite::Params) -> Result<usize> {
        self.transact(|tx| Ok(tx.execute(sql, params)?))
    }

    /// Sets (`Some(now)`: into the trash) or clears (`None`: back) `deleted_at` of row `id` in `table`;
    /// `not_found` when there is no such row to change (missing, or already in the trash, or already back).
    pub(crate) fn mark_deleted(
        &mut self,
        table: &str,
        what: &str,
        id: Id,
        deleted_at: Option<String>,
    ) -> Result<()> {
        let sql = format!(
            "UPDATE {table} SET deleted_at = ?2 WHERE id = ?1 AND (deleted_at IS NULL) = (?2 IS NOT NULL)"
        );
        let restoring = deleted_at.is_none();
        self.transact(|tx| {
            if tx.execute(&sql, rusqlite::params![id, deleted_at])? == 0 {
                let what = match restoring {
                    true => format!("A deleted {what} {id}"),
                    false => format!("The {what} {id}"),
                };
                return Err(cairn_core::Error::NotFound { what }.into());
            }
            Ok(())
        })
    }

    /// Read access for queries that need no transaction.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    pub fn schema_version(&self) -> Result<u32> {
        self.read(|conn| Ok(migrations::user_version(conn)?))
    }

    pub fn info(&self) -> Result<StoreInfo> {
        let created_at: Option<String> = self.read(|conn| {
            Ok(conn
                .prepare_cached("SELECT applied_at FROM schema_history WHERE version = 1")?
                .query_row([], |row| row.get(0))
                .optional()?)
        })?;
        Ok(StoreInfo {
            data_dir: self.data_dir.display().to_string(),
            database_path: self.database_path.display().to_string(),
            schema_version: self.schema_version()?,
            created_at: created_at.unwrap_or_default(),
            sqlite_version: rusqlite::version().to_owned(),
        })
    }

    /// Runs SQLite's full `PRAGMA integrity_check`. Returns the problems it reports; empty means healthy.
    pub fn integrity_problems(&self) -> Result<Vec<String>> {
        self.read(|conn| {
            let mut statement = conn.prepare("PRAGMA integrity_check")?;
            let lines = statement.query_map([], |row| row.get::<_, String>(0))?;
            Ok(lines
                .filter(|line| !matches!(line.as_deref(), Ok("ok")))
                .collect::<rusqlite::Result<_>>()?)
        })
    }
}
