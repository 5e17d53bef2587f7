//! Backups: whole-database copies taken with SQLite's online backup API (a plain file copy of a live WAL
//! database can miss committed pages), kept in `<data dir>/backups/`, each with the attachment copies it
//! refers to.
//!
//! A backup is the database file `cairn-20261124-093012-daily.sqlite3` and, when it refers to attachments, the
//! folder `cairn-20261124-093012-daily.attachments/` beside it holding their stored copies: hard links where
//! the file system allows (no extra space; the stored copies are named by their content and never changed),
//! plain copies otherwise. Both are written under temporary names and renamed when whole, the folder first, so
//! a backup file that exists is always complete and its files are there. Removing an attachment in the app
//! removes only the data folder's link; a backup's own link keeps the content for as long as the backup is kept.
//!
//! Keeping: every backup from the 14 most recent days that have one, then the newest of each of the 8 most
//! recent weeks before those. Only names like ours are ever deleted, and never the backup being restored.
//!
//! Restoring one is the `restore` module's work (it uses this one; this one never uses it).

use crate::connection;
use crate::error::sql_error;

use crate::attachments::ATTACHMENTS_DIR;
use crate::{location, Store};
use cairn_core::files::sync_folder;
use cairn_core::{Error, Result};
use jiff::civil::{Date, DateTime};
use jiff::ZonedDateTime;
use rusqlite::backup::{Backup, StepResult};
use rusqlite::Connection;
use serde::Serialize;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub const BACKUPS_DIR: &str = "backups";
const KEEP_DAYS: usize = 14;
const KEEP_WEEKS: usize = 8;

/// Why a backup was taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum BackupKind {
    /// The first start of the app on a day.
    Daily,
    /// "Back up now" or `cairn backup`.
    Manual,
    /// The database as it was just before a restore replaced it.
    BeforeRestore,
}

impl BackupKind {
    fn suffix(self) -> &'static str {
        match self {
            BackupKind::Daily => "daily",
            BackupKind::Manual => "manual",
            BackupKind::BeforeRestore => "before-restore",
        }
    }

    fn from_suffix(suffix: &str) -> Option<BackupKind> {
        [BackupKind::Daily, BackupKind::Manual, BackupKind::BeforeRestore]
            .into_iter()
            .find(|kind| kind.suffix() == suffix)
    }
}

/// One backup in the backups folder, as Settings lists it.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct BackupInfo {
    pub file_name: String,
    pub path: String,
    /// Local date and time it was taken, `YYYY-MM-DDTHH:MM:SS`.
    pub taken_at: String,
    pub kind: BackupKind,
    /// Size in KiB (rounded up) of the database and the attachment copies it holds.
    pub size_kib: u32,
    /// How many attachment copies the backup holds.
    pub files: u32,
}

fn backups_dir(data_dir: &Path) -> PathBuf {
    data_dir.join(BACKUPS_DIR)
}

/// The folder that holds the attachment copies of the backup database at `database`: its name without
/// `.sqlite3`, plus `.attachments`.
pub fn attachments_folder_of(database: &Path) -> PathBuf {
    let name = database
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = name.strip_suffix(".sqlite3").unwrap_or(&name);
    database.with_file_name(format!("{stem}.attachments"))
}

/// How many files a backup's attachments folder holds, and their bytes (a missing folder holds none).
fn folder_contents(folder: &Path) -> (u32, u64) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return (0, 0);
    };
    entries
        .flatten()
        .filter_map(|entry| entry.metadata().ok().filter(|m| m.is_file()))
        .fold((0, 0), |(count, bytes), m| (count + 1, bytes + m.len()))
}

fn file_name(taken_at: DateTime, kind: BackupKind) -> String {
    format!(
        "cairn-{}-{}.sqlite3",
        taken_at.strftime("%Y%m%d-%H%M%S"),
        kind.suffix()
    )
}

/// Reads a name written by [`file_name`]; anything else in the folder is not ours.
fn parse_file_name(name: &str) -> Option<(DateTime, BackupKind)> {
    let stem = name.strip_prefix("cairn-")?.strip_suffix(".sqlite3")?;
    let (stamp, suffix) = (stem.get(..15)?, stem.get(15..)?.strip_prefix('-')?);
    let taken_at = DateTime::strptime("%Y%m%d-%H%M%S", stamp).ok()?;
    Some((taken_at, BackupKind::from_suffix(suffix)?))
}

/// Every backup in `data_dir`'s backups folder, newest first. A missing folder is an empty list.
pub fn list_backups(data_dir: &Path) -> Result<Vec<BackupInfo>> {
    let dir = backups_dir(data_dir);
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io(format!("Cannot read {}", dir.display()), e)),
    };
    let mut backups = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some((taken_at, kind)) = parse_file_name(&name) else {
            continue;
        };
        let Ok(metadata) = entry.metadata() else {
            continue;
        };
        if !metadata.is_file() {
            continue;
        }
        let (files, file_bytes) = folder_contents(&attachments_folder_of(&entry.path()));
        backups.push(BackupInfo {
            path: entry.path().display().to_string(),
            file_name: name,
            taken_at: taken_at.strftime("%Y-%m-%dT%H:%M:%S").to_string(),
            kind,
            size_kib: u32::try_from((metadata.len() + file_bytes).div_ceil(1024)).unwrap_or(u32::MAX),
            files,
        });
    }
    backups.sort_by(|a, b| b.taken_at.cmp(&a.taken_at).then(b.file_name.cmp(&a.file_name)));
    Ok(backups)
}

/// Writes a complete backup of the live database behind `source` (in `data_dir`) to `dest`, with the
/// attachment copies it refers to in [`attachments_folder_of`]`(dest)`, readable only by its owner. `dest`
/// appears only once everything is written.
fn write_backup(source: &Connection, source_path: &Path, data_dir: &Path, dest: &Path) -> Result<()> {
    let dir = dest
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let io = |what: &str, e| Error::io(format!("Could not {what} the backup {}", dest.display()), e);
    // tempfile creates the file 0600 with an unpredictable name, so the copy is owner-only from its first byte
    // and nothing planted under a guessable name is followed.
    let temporary = tempfile::Builder::new()
        .prefix(".cairn-backup-")
        .suffix(".partial")
        .tempfile_in(dir)
        .map_err(|e| io("create", e))?;
    let stored_names = {
        let mut target = Connection::open(temporary.path()).map_err(|e| sql_error(dest, e))?;
        connection::harden(&target, dest)?;
        copy_pages(source, &mut target, source_path)?;
        // The copy inherits WAL from its source; a backup is one file, with no -wal beside it.
        let _: String = target
            .pragma_update_and_check(None, "journal_mode", "DELETE", |row| row.get(0))
            .map_err(|e| sql_error(dest, e))?;
        stored_names(&target, dest)?
    };
    temporary.as_file().sync_all().map_err(|e| io("write", e))?;
    let folder = attachments_folder_of(dest);
    if !stored_names.is_empty() {
        let staging = tempfile::Builder::new()
            .prefix(".cairn-backup-")
            .suffix(".attachments-partial")
            .tempdir_in(dir)
            .map_err(|e| io("create", e))?;
        let from = location::path_in_data_dir(data_dir, &[ATTACHMENTS_DIR])?;
        for name in &stored_names {
            let original = location::path_in_data_dir(&from, &[name])?;
            if !original.is_file() {
                continue; // a copy already missing cannot be backed up; the database still names it
            }
            link_or_copy(&original, &location::path_in_data_dir(staging.path(), &[name])?)
                .map_err(|e| io("write", e))?;
        }
        sync_folder(staging.path()).map_err(|e| io("write", e))?;
        if folder.exists() {
            std::fs::remove_dir_all(&folder).map_err(|e| io("replace", e))?;
        }
        std::fs::rename(staging.path(), &folder).map_err(|e| io("save", e))?;
        let _ = staging.keep();
    } else if folder.is_dir() {
        std::fs::remove_dir_all(&folder).map_err(|e| io("replace", e))?;
    }
    temporary.persist(dest).map_err(|e| io("save", e.error))?;
    sync_folder(dir).map_err(|e| io("save", e))?;
    Ok(())
}

/// Copies every page of `source` into `target` with SQLite's online backup API. A lock another process holds
/// is waited for up to [`connection::BUSY_TIMEOUT`] and then ends the copy with `db_locked` naming
/// `locked_path` (rusqlite's `run_to_completion` would retry for ever, hanging a restore behind another
/// program's lock).
pub(crate) fn copy_pages(source: &Connection, target: &mut Connection, locked_path: &Path) -> Result<()> {
    let backup = Backup::new(source, target).map_err(|e| sql_error(locked_path, e))?;
    let mut waiting_since: Option<Instant> = None;
    loop {
        match backup.step(1024).map_err(|e| sql_error(locked_path, e))? {
            StepResult::Done => return Ok(()),
            StepResult::More => waiting_since = None,
            _busy_or_locked => {
                let since = *waiting_since.get_or_insert_with(Instant::now);
                if since.elapsed() >= connection::BUSY_TIMEOUT {
                    return Err(Error::DbLocked {
                        path: locked_path.to_path_buf(),
                    });
                }
                std::thread::sleep(Duration::from_millis(50));
            }
        }
    }
}

/// The stored names of every attachment copy a database refers to (trashed ones too: undo needs them).
pub(crate) fn stored_names(conn: &Connection, path: &Path) -> Result<Vec<String>> {
    let has_table: bool = conn
        .query_row(
            "SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'attachment_file')",
            [],
            |row| row.get(0),
        )
        .map_err(|e| sql_error(path, e))?;
    if !has_table {
        return Ok(Vec::new());
    }
    conn.prepare("SELECT stored_name FROM attachment_file ORDER BY stored_name")
        .and_then(|mut stmt| stmt.query_map([], |row| row.get(0))?.collect())
        .map_err(|e| sql_error(path, e))
}

/// A hard link to `original` at `link` (the same bytes, no extra space), or a copy where links are not
/// possible (another file system, a FAT stick).
pub(crate) fn link_or_copy(original: &Path, link: &Path) -> std::io::Result<()> {
    if std::fs::hard_link(original, link).is_ok() {
        return Ok(());
    }
    std::fs::copy(original, link)?;
    std::fs::File::open(link)?.sync_all()
}

impl Store {
    /// Writes a backup of this database to `dest` (a file the person named, `cairn backup --out`).
    pub fn backup_to(&self, dest: &Path) -> Result<()> {
        write_backup(&self.conn, &self.database_path, &self.data_dir, dest)
    }

    /// Takes a backup into the backups folder, then thins the folder out. Returns the new backup.
    pub fn back_up(&self, kind: BackupKind, now: &ZonedDateTime) -> Result<BackupInfo> {
        back_up_into_folder(
            &self.conn,
            &self.database_path,
            &self.data_dir,
            kind,
            now,
            Pruning::Run,
        )
    }
}

/// Whether taking a backup also thins out the folder. A "before restore" backup does not: the backup being
/// restored may be one the rule would remove, and nothing may go while a restore is under way.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Pruning {
    Run,
    Skip,
}

pub(crate) fn back_up_into_folder(
    conn: &Connection,
    database_path: &Path,
    data_dir: &Path,
    kind: BackupKind,
    now: &ZonedDateTime,
    pruning: Pruning,
) -> Result<BackupInfo> {
    let dir = backups_dir(data_dir);
    location::create_data_dir(&dir)?;
    let name = file_name(now.datetime(), kind);
    write_backup(
        conn,
        database_path,
        data_dir,
        &location::path_in_data_dir(&dir, &[&name])?,
    )?;
    if pruning == Pruning::Run {
        prune_backups(data_dir)?;
    }
    list_backups(data_dir)?
        .into_iter()
        .find(|backup| backup.file_name == name)
        .ok_or_else(|| Error::NotFound {
            what: format!("The backup {name}"),
        })
}

/// The backup at start: taken when no backup of any kind exists for today yet (`None` when one does). It
/// opens its own read-only connection, so the app can run it on a thread while the window starts.
pub fn daily_backup(data_dir: &Path, now: &ZonedDateTime) -> Result<Option<BackupInfo>> {
    let today = now.date().strftime("%Y-%m-%d").to_string();
    if list_backups(data_dir)?
        .iter()
        .any(|backup| backup.taken_at.starts_with(&today))
    {
        return Ok(None);
    }
    let database_path = data_dir.join(crate::DATABASE_FILE);
    let conn = connection::open_read_only(&database_path)?;
    back_up_into_folder(
        &conn,
        &database_path,
        data_dir,
        BackupKind::Daily,
        now,
        Pruning::Run,
    )
    .map(Some)
}

/// Deletes the backups the keeping rule no longer needs (see the module docs).
pub fn prune_backups(data_dir: &Path) -> Result<Vec<String>> {
    let backups = list_backups(data_dir)?; // newest first
    let day = |backup: &BackupInfo| backup.taken_at.get(..10).unwrap_or_default().to_owned();
    let mut days = Vec::<String>::new();
    for backup in &backups {
        let day = day(backup);
        if !days.contains(&day) {
            days.push(day);
        }
    }
    let kept_days: BTreeSet<&String> = days.iter().take(KEEP_DAYS).collect();
    let mut kept_weeks = Vec::<(i16, i8)>::new();
    let mut removed = Vec::new();
    for backup in &backups {
        if kept_days.contains(&day(backup)) {
            continue;
        }
        let week = day(backup)
            .parse::<Date>()
            .map(|date| {
                let iso = date.iso_week_date();
                (iso.year(), iso.week())
            })
            .unwrap_or((0, 0));
        if !kept_weeks.contains(&week) && kept_weeks.len() < KEEP_WEEKS {
            kept_weeks.push(week); // the newest backup of a week not kept yet
            continue;
        }
        let path = Path::new(&backup.path);
        std::fs::remove_file(path)
            .map_err(|e| Error::io(format!("Cannot remove the old backup {}", path.display()), e))?;
        let folder = attachments_folder_of(path);
        if folder.is_dir() {
            std::fs::remove_dir_all(&folder)
                .map_err(|e| Error::io(format!("Cannot remove the old backup {}", folder.display()), e))?;
        }
        removed.push(backup.file_name.clone());
    }
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backup_names_read_back_and_strangers_are_ignored() {
        let at: DateTime = "2026-11-24T09:30:12".parse().unwrap();
        let name = file_name(at, BackupKind::BeforeRestore);
        assert_eq!(name, "cairn-20261124-093012-before-restore.sqlite3");
        assert_eq!(parse_file_name(&name), Some((at, BackupKind::BeforeRestore)));
        for stranger in [
            "cairn.sqlite3",
            "cairn-20261124-093012-weekly.sqlite3",
            "cairn-2026112-093012-daily.sqlite3",
            "notes.txt",
            "cairn-20261124-093012-daily.sqlite3.partial",
        ] {
            assert_eq!(parse_file_name(stranger), None, "{stranger} is not ours");
        }
    }
}
