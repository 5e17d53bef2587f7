//! Restoring a backup: the most careful code in Cairn, since it replaces the person's data.
//!
//! The chosen file is read without ever being created, and copied to a temporary file in the data folder.
//! That copy is checked completely (a Cairn database of a version this build knows, undamaged, with exactly
//! Cairn's schema and safe stored names). Its attachment copies are brought back, each checked against its
//! hash. A complete "before restore" backup is taken, and only then is the live database replaced. The file
//! restored is never written or pruned.

use crate::attachments::{file_sha256, ATTACHMENTS_DIR};
use crate::backup::{
    attachments_folder_of, back_up_into_folder, copy_pages, link_or_copy, stored_names, BackupInfo,
    BackupKind, Pruning,
};
use crate::connection;
use crate::error::sql_error;
use crate::{location, migrations, Store};
use cairn_core::files::sync_folder;
use cairn_core::{Error, Result};
use jiff::ZonedDateTime;
use rusqlite::Connection;
use std::path::Path;

impl Store {
    /// Replaces this database's contents with the backup at `source` (see the module docs for the order of
    /// steps); `source` itself is never written, created or pruned. The restored data is migrated to the
    /// current schema. Returns the backup of what was replaced.
    pub fn restore_from(&mut self, source: &Path, now: &ZonedDateTime) -> Result<BackupInfo> {
        check_backup_file(source)?;
        let staged = stage_restore(source, &attachments_folder_of(source), &self.data_dir)?;
        let before = back_up_into_folder(
            &self.conn,
            &self.database_path,
            &self.data_dir,
            BackupKind::BeforeRestore,
            now,
            Pruning::Skip,
        )?;
        {
            let copy = connection::open_read_only(staged.path())?;
            copy_pages(&copy, &mut self.conn, &self.database_path)?;
        }
        connection::configure(&self.conn, &self.database_path)?;
        migrations::migrate(&mut self.conn, &self.database_path)?;
        // The backup says whether sync was set up then (a restored copy that syncs takes a new device id at
        // its next sync: `sync::Store::write_outbox`).
        self.recording =
            Store::recording_enabled(&self.conn).map_err(|e| sql_error(&self.database_path, e))?;
        Ok(before)
    }
}

/// Moves Cairn's data out of the folder `from` (one Cairn refuses to open, inside a synced folder) into the new
/// data folder `to`: the database through the same checked copy a restore makes, then every attachment copy it
/// refers to, each checked against its hash. `from` is only read, and stays as it was for the person to remove;
/// `to` must be outside any synced folder and hold no Cairn database. Sync, if set up, carries on from `to` as
/// the same device.
pub fn move_data_folder(from: &Path, to: &Path) -> Result<()> {
    let source = from.join(crate::DATABASE_FILE);
    if !source.is_file() {
        return Err(Error::invalid(
            "path",
            format!("{} holds no Cairn database to move.", from.display()),
        ));
    }
    if let Some(synced) = location::synced_folder(to) {
        return Err(Error::invalid(
            "path",
            format!(
                "That folder is inside {} ({}) too: choose one no sync tool copies.",
                synced.tool, synced.folder
            ),
        ));
    }
    let (from_real, to_real) = (
        from.canonicalize().unwrap_or_else(|_| from.to_path_buf()),
        std::path::absolute(to).unwrap_or_else(|_| to.to_path_buf()),
    );
    if to_real.starts_with(&from_real) || from_real.starts_with(&to_real) {
        return Err(Error::invalid(
            "path",
            "Choose a folder apart from the old one, neither inside it nor around it.",
        ));
    }
    let target = to.join(crate::DATABASE_FILE);
    if target.exists() {
        return Err(Error::invalid(
            "path",
            "That folder already holds Cairn data, which a move would replace: choose an empty folder.",
        ));
    }
    location::create_data_dir(to)?;
    let from_attachments = location::path_in_data_dir(from, &[ATTACHMENTS_DIR])?;
    // SQLite is never pointed at the old folder (even reading, it would leave its -shm and -wal files there):
    // the database and its write-ahead log, if one was left, are copied as bytes and read from the copy.
    let cannot = |e| {
        Error::io(
            format!("Cannot copy {} into {}", source.display(), to.display()),
            e,
        )
    };
    let scratch = tempfile::Builder::new()
        .prefix(".cairn-move-")
        .tempdir_in(to)
        .map_err(cannot)?;
    let copy = scratch.path().join(crate::DATABASE_FILE);
    std::fs::copy(&source, &copy).map_err(cannot)?;
    let log = from.join(format!("{}-wal", crate::DATABASE_FILE));
    if log.is_file() {
        std::fs::copy(&log, scratch.path().join(format!("{}-wal", crate::DATABASE_FILE))).map_err(cannot)?;
    }
    let staged = stage_restore(&copy, &from_attachments, to)?;
    staged
        .persist_noclobber(&target)
        .map_err(|e| Error::io(format!("Cannot save {}", target.display()), e.error))?;
    sync_folder(to).map_err(|e| Error::io(format!("Cannot write in {}", to.display()), e))
}

/// Copies the database at `source` into a temporary file in `data_dir` (opened read-only: a file that vanished
/// is an error, never an empty database), checks the copy as an untrusted database, and brings back the
/// attachment copies it refers to from `attachments_from` (a backup's folder). The live database is not touched.
fn stage_restore(source: &Path, attachments_from: &Path, data_dir: &Path) -> Result<tempfile::NamedTempFile> {
    let staged = tempfile::Builder::new()
        .prefix(".cairn-restore-")
        .suffix(".partial")
        .tempfile_in(data_dir)
        .map_err(|e| Error::io(format!("Cannot write in {}", data_dir.display()), e))?;
    {
        let from = connection::open_read_only(source)?;
        let mut to = Connection::open(staged.path()).map_err(|e| sql_error(staged.path(), e))?;
        connection::harden(&to, staged.path())?;
        copy_pages(&from, &mut to, source)?;
        let _: String = to
            .pragma_update_and_check(None, "journal_mode", "DELETE", |row| row.get(0))
            .map_err(|e| sql_error(staged.path(), e))?;
    }
    // What is restored is this copy, so this copy is what is checked; problems are named on the file chosen.
    check_backup_file(staged.path()).map_err(|error| match error {
        Error::DbCorrupt { detail, .. } => Error::DbCorrupt {
            path: source.to_path_buf(),
            detail,
        },
        Error::DbTooNew { found, supported, .. } => Error::DbTooNew {
            path: source.to_path_buf(),
            found,
            supported,
        },
        other => other,
    })?;
    let names = stored_names(&connection::open_read_only(staged.path())?, source)?;
    bring_back_attachments(attachments_from, data_dir, &names)?;
    Ok(staged)
}

/// Puts each stored copy a restored database refers to back into the data folder's attachments, from the
/// backup's folder, when it is missing there or damaged. A copy is used only if its content matches the hash
/// in its name; a copy the backup does not hold (or an older backup without a folder) stays as it is.
fn bring_back_attachments(backup_folder: &Path, data_dir: &Path, names: &[String]) -> Result<()> {
    if names.is_empty() || !backup_folder.is_dir() {
        return Ok(());
    }
    let target = location::path_in_data_dir(data_dir, &[ATTACHMENTS_DIR])?;
    location::create_data_dir(&target)?;
    let cannot = |e| Error::io(format!("Cannot write in {}", target.display()), e);
    for name in names {
        let sha256 = name.get(..64).unwrap_or_default();
        let live = location::path_in_data_dir(&target, &[name])?;
        if file_sha256(&live).is_some_and(|sha| sha == sha256) {
            continue;
        }
        let held = location::path_in_data_dir(backup_folder, &[name])?;
        if file_sha256(&held).is_none_or(|sha| sha != sha256) {
            continue;
        }
        let temporary = tempfile::Builder::new()
            .prefix(".incoming-")
            .tempfile_in(&target)
            .map_err(cannot)?;
        let temporary_path = temporary.into_temp_path();
        std::fs::remove_file(&temporary_path).map_err(cannot)?;
        link_or_copy(&held, &temporary_path).map_err(cannot)?;
        temporary_path
            .persist(&live)
            .map_err(|e| Error::io(format!("Cannot save {}", live.display()), e.error))?;
    }
    sync_folder(&target).map_err(cannot)
}

/// Refuses (without changing it) a file that cannot be restored: missing, not SQLite, another program's
/// database, damaged, empty, or from a newer Cairn.
pub fn check_backup_file(path: &Path) -> Result<()> {
    let metadata = std::fs::metadata(path)
        .map_err(|e| Error::io(format!("Cannot read the backup {}", path.display()), e))?;
    let corrupt = |detail: &str| Error::DbCorrupt {
        path: path.to_path_buf(),
        detail: detail.to_owned(),
    };
    if !metadata.is_file() || metadata.len() == 0 {
        return Err(corrupt("it is not a Cairn backup"));
    }
    // Not SQLite, another program's, newer, or a schema that is not Cairn's: refused here.
    connection::refuse_unless_openable(path)?;
    let conn = connection::open_read_only(path)?;
    let application_id: i64 = conn
        .query_row("PRAGMA application_id", [], |row| row.get(0))
        .map_err(|e| sql_error(path, e))?;
    if application_id != migrations::APPLICATION_ID {
        return Err(corrupt("it is not a Cairn database"));
    }
    let check: String = conn
        .query_row("PRAGMA quick_check", [], |row| row.get(0))
        .map_err(|e| sql_error(path, e))?;
    if check != "ok" {
        return Err(corrupt(&format!("it is damaged ({check})")));
    }
    Ok(())
}
