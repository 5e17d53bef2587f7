//! Moving a whole store: `cairn import` of the large demo's export (the archive "Export everything" makes) into
//! an empty folder, and a backup of the large demo, each timed several times.

use cairn_core::Result;
use cairn_store::backup::BackupKind;
use cairn_store::Store;
use std::time::{Duration, Instant};

pub const RUNS: usize = 5;

/// Import times: what `cairn import` does (the import, then opening the store as any start does).
pub fn import_times(store: &Store) -> Result<Vec<Duration>> {
    let tmp = tempfile::tempdir().map_err(|e| cairn_core::Error::io("a temporary folder", e))?;
    let archive = tmp.path().join("export.zip");
    store.export_archive(&archive, jiff::Timestamp::now())?;
    let mut times = Vec::new();
    for run in 0..RUNS {
        let into = tmp.path().join(format!("import-{run}"));
        let start = Instant::now();
        cairn_store::transfer::import_file(&into, &archive)?;
        Store::open_with_pathway(&into, jiff::Timestamp::now())?;
        times.push(start.elapsed());
        let _ = std::fs::remove_dir_all(&into);
    }
    Ok(times)
}

/// Backup times of `store` (each a manual backup into its backups folder, removed after).
pub fn backup_times(store: &Store) -> Result<Vec<Duration>> {
    let mut times = Vec::new();
    for _ in 0..RUNS {
        let start = Instant::now();
        let made = store.back_up(BackupKind::Manual, &jiff::ZonedDateTime::now())?;
        times.push(start.elapsed());
        let _ = std::fs::remove_file(&made.path);
        let _ = std::fs::remove_dir_all(cairn_store::backup::attachments_folder_of(std::path::Path::new(
            &made.path,
        )));
    }
    Ok(times)
}
