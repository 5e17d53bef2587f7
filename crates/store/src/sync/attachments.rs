//! Attachments travel as files named by their SHA-256 (`<folder>/cairn/files/<sha256>`), beside the changes
//! that name them: each device puts in the copies the folder lacks, and takes out the copies its records name
//! and its data folder lacks, checking each against its hash and size first (the folder is untrusted).

use crate::attachments::{file_sha256, is_stored_name_of};
use crate::Store;
use cairn_core::{Error, Result};
use std::path::{Path, PathBuf};

const FILES_SUBFOLDER: &str = "files";

fn files_dir(folder: &Path) -> PathBuf {
    folder.join(super::files::SYNC_SUBFOLDER).join(FILES_SUBFOLDER)
}

/// Copies `from` to `to` through a temporary file beside `to`, synced and renamed, never over an existing file.
/// With `sha256`, the copy is kept only when its content has that hash (`false` when it has not).
fn copy_whole(from: &Path, to: &Path, sha256: Option<&str>) -> std::io::Result<bool> {
    let dir = to.parent().unwrap_or(Path::new("."));
    let mut temporary = tempfile::Builder::new()
        .prefix(".")
        .suffix(".partial")
        .tempfile_in(dir)?;
    std::io::copy(&mut std::fs::File::open(from)?, temporary.as_file_mut())?;
    temporary.as_file().sync_all()?;
    if sha256.is_some_and(|expected| file_sha256(temporary.path()).as_deref() != Some(expected)) {
        return Ok(false);
    }
    temporary.persist_noclobber(to).map_err(|e| e.error)?;
    Ok(true)
}

impl Store {
    /// The attachment copies this database names: (sha256, size, stored name).
    fn named_copies(&self) -> Result<Vec<(String, i64, String)>> {
        self.read(|conn| {
            Ok(conn
                .prepare("SELECT sha256, size, stored_name FROM attachment_file ORDER BY sha256")?
                .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?
                .collect::<rusqlite::Result<_>>()?)
        })
    }

    /// Puts into the sync folder every attachment copy of this device that is not there yet; returns how many.
    pub(super) fn send_attachments(&self, folder: &Path) -> Result<u32> {
        let dir = files_dir(folder);
        std::fs::create_dir_all(&dir)
            .map_err(|e| Error::io(format!("Cannot write to the sync folder {}", folder.display()), e))?;
        let mut sent = 0;
        for (sha256, _, stored_name) in self.named_copies()? {
            let target = dir.join(&sha256);
            let Ok(source) = self.stored_copy_path(&stored_name) else {
                continue;
            };
            if target.exists() || !source.is_file() {
                continue;
            }
            copy_whole(&source, &target, None)
                .map_err(|e| Error::io(format!("Cannot write to the sync folder {}", folder.display()), e))?;
            sent += 1;
        }
        Ok(sent)
    }

    /// Takes from the sync folder every attachment copy this database names and lacks, when the folder's file
    /// has the right hash and size; returns (taken, still missing).
    pub(super) fn receive_attachments(&self, folder: &Path) -> Result<(u32, u32)> {
        let dir = files_dir(folder);
        let (mut taken, mut missing) = (0, 0);
        std::fs::create_dir_all(self.attachments_dir())
            .map_err(|e| Error::io(format!("Cannot write in {}", self.attachments_dir().display()), e))?;
        for (sha256, size, stored_name) in self.named_copies()? {
            if !is_stored_name_of(&stored_name, &sha256) {
                continue;
            }
            let target = self.stored_copy_path(&stored_name)?;
            if target.is_file() {
                continue;
            }
            let source = dir.join(&sha256);
            if std::fs::metadata(&source).map_or(true, |m| i64::try_from(m.len()).ok() != Some(size)) {
                missing += 1; // not arrived yet, or still being copied: a later sync tries again
                continue;
            }
            match copy_whole(&source, &target, Some(&sha256)) {
                Ok(true) => taken += 1,
                Ok(false) => missing += 1, // damaged on the way: a later sync tries again
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(Error::io(format!("Cannot write {}", target.display()), e)),
            }
        }
        Ok((taken, missing))
    }
}
