//! Writing files the person asked for (an exported note, later reports), so that a crash or a full disk never
//! leaves a half-written file under the chosen name.

use crate::{Error, Result};
use std::io::Write;
use std::path::Path;

/// Writes `bytes` to `path` through a temporary file beside it, flushed to disk and then renamed over the
/// target: the file at `path` is either the old one or the complete new one. The temporary file has an
/// unpredictable name and is created new (never following a link planted in the folder), readable only by its
/// owner; the folder is flushed after the rename so the new name survives a power cut.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let context = |what: &str| format!("Could not {what} {}", path.display());
    let mut temporary = partial_file_beside(path)?;
    // A failed write drops the temporary file, which removes it.
    temporary
        .write_all(bytes)
        .and_then(|()| temporary.as_file().sync_all())
        .map_err(|error| Error::io(context("write"), error))?;
    temporary
        .persist(path)
        .map_err(|error| Error::io(context("save"), error.error))?;
    sync_folder(dir).map_err(|error| Error::io(context("save"), error))
}

/// How old a `.NAME.….cairn-partial` file must be before a later write of NAME removes it: older than any write
/// takes, so it belongs to a process that was killed.
const STALE_PARTIAL: std::time::Duration = std::time::Duration::from_secs(60 * 60);

/// A new temporary file beside `path` (unpredictable name, created new, owner-only) for writing it whole; first
/// removes the stale temporaries of earlier writes of the same name that were killed before their rename.
pub fn partial_file_beside(path: &Path) -> Result<tempfile::NamedTempFile> {
    let name = path
        .file_name()
        .ok_or_else(|| Error::invalid("path", format!("{} is not a file name.", path.display())))?
        .to_string_lossy()
        .into_owned();
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let prefix = format!(".{name}.");
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let entry_name = entry.file_name().to_string_lossy().into_owned();
            let stale = entry
                .metadata()
                .and_then(|m| m.modified())
                .is_ok_and(|at| at.elapsed().is_ok_and(|age| age >= STALE_PARTIAL));
            if entry_name.starts_with(&prefix) && entry_name.ends_with(".cairn-partial") && stale {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
    tempfile::Builder::new()
        .prefix(&prefix)
        .suffix(".cairn-partial")
        .tempfile_in(dir)
        .map_err(|error| Error::io(format!("Could not write {}", path.display()), error))
}

/// Flushes a folder's entries to disk, so a file renamed into it is there after a power cut.
pub fn sync_folder(folder: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    std::fs::File::open(folder)?.sync_all()?;
    #[cfg(not(unix))]
    let _ = folder;
    Ok(())
}

/// Creates a new folder named `stem` in `parent`, or `stem-2`, `stem-3`, … when that name is taken: an export
/// never writes into (or over) a folder that is already there. Returns the folder made.
pub fn create_new_folder(parent: &Path, stem: &str) -> Result<std::path::PathBuf> {
    for number in 1..10_000u32 {
        let name = if number == 1 {
            stem.to_owned()
        } else {
            format!("{stem}-{number}")
        };
        let folder = parent.join(name);
        let mut builder = std::fs::DirBuilder::new();
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        match builder.create(&folder) {
            Ok(()) => return Ok(folder),
            Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(error) => {
                return Err(Error::io(
                    format!("Cannot create a folder in {}", parent.display()),
                    error,
                ))
            }
        }
    }
    Err(Error::Conflict(format!(
        "{} already has 9,999 folders named {stem}; choose another folder.",
        parent.display()
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_folder_is_numbered_when_the_name_is_taken() -> std::result::Result<(), Box<dyn std::error::Error>>
    {
        let dir = tempfile::tempdir()?;
        let first = create_new_folder(dir.path(), "cairn-csv-2026-11-26")?;
        let second = create_new_folder(dir.path(), "cairn-csv-2026-11-26")?;
        assert_eq!(first, dir.path().join("cairn-csv-2026-11-26"));
        assert_eq!(second, dir.path().join("cairn-csv-2026-11-26-2"));
        Ok(())
    }

    #[test]
    fn a_file_is_written_whole_and_replaces_the_old_one(
    ) -> std::result::Result<(), Box<dyn std::error::Error>> {
        let dir = std::env::temp_dir().join(format!("cairn-files-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir)?;
        let path = dir.join("note.md");
        std::fs::write(&path, "old")?;
        write_atomically(&path, "new ✓".as_bytes())?;
        assert_eq!(std::fs::read_to_string(&path)?, "new ✓");
        let leftovers = std::fs::read_dir(&dir)?.count();
        assert_eq!(leftovers, 1, "no temporary file is left behind");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path)?.permissions().mode() & 0o777;
            assert_eq!(mode, 0o600, "owner-only");
            // A link planted under the old predictable temporary name is not followed.
            let target = dir.join("elsewhere.txt");
            std::fs::write(&target, "untouched")?;
            std::os::unix::fs::symlink(&target, dir.join(".note.md.cairn-partial"))?;
            write_atomically(&path, b"newer")?;
            assert_eq!(std::fs::read_to_string(&target)?, "untouched");
            assert_eq!(std::fs::read_to_string(&path)?, "newer");
        }
        let missing = write_atomically(&dir.join("no-such-dir/x.md"), b"x");
        assert_eq!(missing.err().map(|e| e.code()), Some(crate::ErrorCode::Io));
        std::fs::remove_dir_all(&dir)?;
        Ok(())
    }
}
