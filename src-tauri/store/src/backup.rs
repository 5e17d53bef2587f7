//! Backups: whole-database copies taken with SQLite's online backup API (a plain file copy of a live WAL
//! database can miss committed pages), kept in `<data dir>/backups/`.
//!
//! A backup is written to a temporary file in that folder, switched out of WAL (so it is one self-contained
//! file), flushed, and renamed: a backup file is always complete. Names carry the local time and why it was
//! taken (`cairn-20261124-093012-daily.sqlite3`), so the folder sorts by age and the list needs no index.
//!
//! Keeping: every backup from the 14 most recent days that have one, then the newest of each of the 8 most
//! recent weeks before those. Only files named like ours are ever deleted.

use crate::connection::{self, sql_error};
use crate::migrations::{self, APPLICATION_ID};
use crate::{location, Store};
use cairn_core::{Error, Result};
use jiff::civil::{Date, DateTime};
use jiff::ZonedDateTime;
use rusqlite::backup::Backup;
use rusqlite::{Connection, OpenFlags};
use serde::Serialize;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Duration;

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
    /// Size in KiB (rounded up).
    pub size_kib: u32,
}

fn backups_dir(data_dir: &Path) -> PathBuf {
    data_dir.join(BACKUPS_DIR)
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
        backups.push(BackupInfo {
            path: entry.path().display().to_string(),
            file_name: name,
            taken_at: taken_at.strftime("%Y-%m-%dT%H:%M:%S").to_string(),
            kind,
            size_kib: u32::try_from(metadata.len().div_ceil(1024)).unwrap_or(u32::MAX),
        });
    }
    backups.sort_by(|a, b| b.taken_at.cmp(&a.taken_at).then(b.file_name.cmp(&a.file_name)));
    Ok(backups)
}

/// Copies the live database behind `source` into a complete, self-contained file at `dest` (replacing it
/// only once the copy is whole), readable only by its owner.
fn copy_database(source: &Connection, source_path: &Path, dest: &Path) -> Result<()> {
    let dir = dest
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let io = |what: &str, e| Error::io(format!("Could not {what} the backup {}", dest.display()), e);
    // tempfile creates the file 0600, so the copy is owner-only from its first byte.
    let temporary = tempfile::Builder::new()
        .prefix(".cairn-backup-")
        .suffix(".partial")
        .tempfile_in(dir)
        .map_err(|e| io("create", e))?;
    {
        let mut target = Connection::open(temporary.path()).map_err(|e| sql_error(dest, e))?;
        Backup::new(source, &mut target)
            .and_then(|backup| backup.run_to_completion(1024, Duration::ZERO, None))
            .map_err(|e| sql_error(source_path, e))?;
        // The copy inherits WAL from its source; a backup is one file, with no -wal beside it.
        let _: String = target
            .pragma_update_and_check(None, "journal_mode", "DELETE", |row| row.get(0))
            .map_err(|e| sql_error(dest, e))?;
    }
    temporary.as_file().sync_all().map_err(|e| io("write", e))?;
    temporary.persist(dest).map_err(|e| io("save", e.error))?;
    Ok(())
}

impl Store {
    /// Writes a backup of this database to `dest` (a file the person named, `cairn backup --out`).
    pub fn backup_to(&self, dest: &Path) -> Result<()> {
        copy_database(&self.conn, &self.database_path, dest)
    }

    /// Takes a backup into the backups folder, then thins the folder out. Returns the new backup.
    pub fn back_up(&self, kind: BackupKind, now: &ZonedDateTime) -> Result<BackupInfo> {
        back_up_into_folder(&self.conn, &self.database_path, &self.data_dir, kind, now)
    }

    /// Replaces this database's contents with the backup at `source`, after checking that it is a readable
    /// Cairn database this version understands and backing up the current contents first. The restored data
    /// is migrated to the current schema. Returns the backup of what was replaced.
    pub fn restore_from(&mut self, source: &Path, now: &ZonedDateTime) -> Result<BackupInfo> {
        check_backup_file(source)?;
        let before = self.back_up(BackupKind::BeforeRestore, now)?;
        self.conn
            .restore(rusqlite::MAIN_DB, source, None::<fn(rusqlite::backup::Progress)>)
            .map_err(|e| sql_error(source, e))?;
        connection::configure(&self.conn, &self.database_path)?;
        migrations::migrate(&mut self.conn, &self.database_path)?;
        Ok(before)
    }
}

fn back_up_into_folder(
    conn: &Connection,
    database_path: &Path,
    data_dir: &Path,
    kind: BackupKind,
    now: &ZonedDateTime,
) -> Result<BackupInfo> {
    let dir = backups_dir(data_dir);
    location::create_data_dir(&dir)?;
    let name = file_name(now.datetime(), kind);
    copy_database(conn, database_path, &dir.join(&name))?;
    prune_backups(data_dir)?;
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
    let conn = Connection::open_with_flags(&database_path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|e| sql_error(&database_path, e))?;
    conn.busy_timeout(connection::BUSY_TIMEOUT)
        .map_err(|e| sql_error(&database_path, e))?;
    back_up_into_folder(&conn, &database_path, data_dir, BackupKind::Daily, now).map(Some)
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
    connection::refuse_unless_openable(path)?;
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|e| sql_error(path, e))?;
    let application_id: i64 = conn
        .query_row("PRAGMA application_id", [], |row| row.get(0))
        .map_err(|e| sql_error(path, e))?;
    if application_id != APPLICATION_ID {
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
