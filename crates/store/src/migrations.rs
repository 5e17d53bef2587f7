//! Embedded, ordered schema migrations.
//!
//! To change the schema: add `migrations/NNNN_what.sql` and the line `migration!(NNNN, what)` to [`MIGRATIONS`].
//! Never edit a migration that has been released: people's databases have already run it. Prefer additive
//! changes (new tables, new nullable columns). Before a release, put a database made by the released version
//! in `tests/fixtures/` so the migration tests prove every row survives the upgrade.
//!
//! An import (`transfer`) runs the migrations after its rows with the notes' search triggers set aside, and
//! builds the search index at the end only if it is empty. So a migration that changes notes' text or tags must
//! rebuild `note_search` whole itself (as migration 9 does), not rely on the triggers.
//!
//! The schema version is SQLite's `user_version`; `application_id` marks the file as Cairn's. All pending
//! migrations run in one immediate transaction with the version recorded inside it, so a failure leaves the
//! database exactly at its old version.

use crate::error::sql_error;
use cairn_core::{Error, Result};
use rusqlite::{Connection, TransactionBehavior};
use std::path::Path;

/// "CAIR" in ASCII: the `application_id` that says a SQLite file is a Cairn database.
pub const APPLICATION_ID: i64 = 0x4341_4952;

pub struct Migration {
    pub version: u32,
    pub name: &'static str,
    pub sql: &'static str,
}

/// One migration, named once: `migration!(0007, note_history)` is `migrations/0007_note_history.sql`, version 7.
macro_rules! migration {
    ($number:literal, $name:ident) => {
        Migration {
            version: $number,
            name: stringify!($name),
            sql: include_str!(concat!(
                "../migrations/",
                stringify!($number),
                "_",
                stringify!($name),
                ".sql"
            )),
        }
    };
}

// The numbers are written as the files are named (0007), which is what the macro needs to find them.
#[allow(clippy::zero_prefixed_literal)]
pub const MIGRATIONS: &[Migration] = &[
    migration!(0001, schema_history),
    migration!(0002, pathway),
    migration!(0003, notes),
    migration!(0004, assessments),
    migration!(0005, study),
    migration!(0006, portfolio_network),
    migration!(0007, note_history),
    migration!(0008, profile_name_locale_confidential),
    migration!(0009, note_search_without_prefix_indexes),
    migration!(0010, global_ids),
    migration!(0011, sync),
    migration!(0012, pipeline),
    migration!(0013, projects_disclosures),
    migration!(0014, reminders),
    migration!(0015, study_loop),
    migration!(0016, list_indexes),
];

/// The schema version this build of Cairn writes and understands.
pub const LATEST_VERSION: u32 = MIGRATIONS[MIGRATIONS.len() - 1].version;

pub fn user_version(conn: &Connection) -> rusqlite::Result<u32> {
    conn.query_row("PRAGMA user_version", [], |row| row.get(0))
}

/// Brings the database up to [`LATEST_VERSION`]. Refuses a newer database without changing it (the check is
/// repeated here, inside the write lock, in case another process upgraded it since the file was probed).
pub fn migrate(conn: &mut Connection, path: &Path) -> Result<()> {
    migrate_to(conn, path, LATEST_VERSION)
}

/// Brings the database up to `target` (at most [`LATEST_VERSION`]): an import of an older export builds the
/// schema it was written against, fills it, then migrates the rest of the way like any old database.
pub fn migrate_to(conn: &mut Connection, path: &Path, target: u32) -> Result<()> {
    let err = |e| sql_error(path, e);
    // Migration 10 gives every record its global id through these functions.
    crate::ids::register(conn).map_err(err)?;
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(err)?;
    let current = user_version(&tx).map_err(err)?;
    if current > LATEST_VERSION {
        return Err(Error::DbTooNew {
            path: path.to_path_buf(),
            found: i64::from(current),
            supported: i64::from(LATEST_VERSION),
        });
    }
    if current >= target {
        return Ok(()); // dropping the transaction writes nothing
    }
    for migration in MIGRATIONS
        .iter()
        .filter(|m| m.version > current && m.version <= target)
    {
        tx.execute_batch(migration.sql).map_err(|e| {
            Error::Database(format!(
                "migration {} ({}) failed: {e}",
                migration.version, migration.name
            ))
        })?;
        tx.execute(
            "INSERT INTO schema_history (version, name, applied_at)
             VALUES (?1, ?2, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
            (migration.version, migration.name),
        )
        .map_err(err)?;
    }
    tx.pragma_update(None, "application_id", APPLICATION_ID)
        .map_err(err)?;
    tx.pragma_update(None, "user_version", target).map_err(err)?;
    tx.commit().map_err(err)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_numbered_from_one_without_gaps() {
        for (index, migration) in MIGRATIONS.iter().enumerate() {
            assert_eq!(
                migration.version as usize,
                index + 1,
                "migration {} is out of order",
                migration.name
            );
        }
    }
}
