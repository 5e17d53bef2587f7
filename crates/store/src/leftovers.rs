//! What a Cairn killed mid-write leaves behind, and its removal on a later start.
//!
//! Every write that could be interrupted goes through a temporary name and a rename, so an interrupted one
//! leaves the data as before plus, at most, a temporary file: a restore's or import's staged database (and its
//! journal) in the data folder, a backup's `.cairn-backup-…` file or folder (or a backup's attachments folder whose database
//! never followed) in `backups/`, an attachment copy being made (`.incoming-…`) in `attachments/`. Only those
//! names are ever removed, and only once they are [`STALE_AFTER`] old, so nothing another Cairn is writing right
//! now is touched.

use crate::attachments::ATTACHMENTS_DIR;
use crate::backup::BACKUPS_DIR;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// Older than any write takes: a temporary name this old belongs to a process that is gone.
pub const STALE_AFTER: Duration = Duration::from_secs(60 * 60);

fn is_stale(path: &Path, now: SystemTime) -> bool {
    std::fs::symlink_metadata(path)
        .and_then(|m| m.modified())
        .is_ok_and(|modified| now.duration_since(modified).is_ok_and(|age| age >= STALE_AFTER))
}

fn remove(path: &Path) -> bool {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.is_dir() => std::fs::remove_dir_all(path).is_ok(),
        Ok(_) => std::fs::remove_file(path).is_ok(),
        Err(_) => false,
    }
}

/// Removes the stale leftovers of interrupted writes in `data_dir`; returns what it removed.
pub fn sweep_leftovers(data_dir: &Path, now: SystemTime) -> Vec<PathBuf> {
    let mut removed = Vec::new();
    let mut sweep = |folder: &Path, is_leftover: &dyn Fn(&str, &Path) -> bool| {
        let Ok(entries) = std::fs::read_dir(folder) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let path = entry.path();
            if is_leftover(&name, &path) && is_stale(&path, now) && remove(&path) {
                removed.push(path);
            }
        }
    };
    sweep(data_dir, &|name, _| {
        // The staged database, and SQLite's journal beside it (`….partial-journal`).
        (name.starts_with(".cairn-restore-") || name.starts_with(".cairn-import-"))
            && name.contains(".partial")
    });
    sweep(&data_dir.join(BACKUPS_DIR), &|name, path| {
        // A backup's attachments folder is renamed into place just before its database: one without its
        // database is what a kill between the two left.
        let orphan_folder = name.strip_suffix(".attachments").is_some_and(|stem| {
            name.starts_with("cairn-")
                && path.is_dir()
                && !path.with_file_name(format!("{stem}.sqlite3")).is_file()
        });
        name.starts_with(".cairn-backup-") || orphan_folder
    });
    sweep(&data_dir.join(ATTACHMENTS_DIR), &|name, _| {
        name.starts_with(".incoming-")
    });
    removed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_stale_temporary_names_are_removed() -> std::io::Result<()> {
        let tmp = tempfile::tempdir()?;
        let dir = tmp.path();
        std::fs::create_dir_all(dir.join("backups/.cairn-backup-x.attachments-partial"))?;
        std::fs::create_dir_all(dir.join("backups/cairn-20261101-080000-daily.attachments"))?;
        std::fs::create_dir_all(dir.join("backups/cairn-20261102-080000-daily.attachments"))?;
        std::fs::write(dir.join("backups/cairn-20261102-080000-daily.sqlite3"), "kept")?;
        std::fs::create_dir_all(dir.join("attachments"))?;
        let leftovers = [
            ".cairn-restore-abc.partial",
            ".cairn-import-abc.partial",
            ".cairn-import-abc.partial-journal",
            "backups/.cairn-backup-abc.partial",
            "backups/.cairn-backup-x.attachments-partial",
            "backups/cairn-20261101-080000-daily.attachments",
            "attachments/.incoming-abc",
        ];
        let kept = [
            "cairn.sqlite3",
            "notes.txt",
            "backups/cairn-20261102-080000-daily.sqlite3",
            "backups/cairn-20261102-080000-daily.attachments",
            "attachments/aaaa.pdf",
        ];
        for name in leftovers.iter().chain(&kept) {
            let path = dir.join(name);
            if !path.exists() {
                std::fs::write(&path, "x")?;
            }
        }
        // Fresh: another Cairn may be writing them right now.
        assert!(sweep_leftovers(dir, SystemTime::now()).is_empty());
        let later = SystemTime::now() + STALE_AFTER + Duration::from_secs(1);
        let mut removed: Vec<String> = sweep_leftovers(dir, later)
            .iter()
            .map(|p| p.strip_prefix(dir).unwrap_or(p).display().to_string())
            .collect();
        removed.sort();
        let mut expected: Vec<String> = leftovers.iter().map(|s| s.to_string()).collect();
        expected.sort();
        assert_eq!(removed, expected);
        for name in kept {
            assert!(dir.join(name).exists(), "{name} is kept");
        }
        Ok(())
    }
}
