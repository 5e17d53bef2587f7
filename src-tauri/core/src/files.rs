//! Writing files the person asked for (an exported note, later reports), so that a crash or a full disk never
//! leaves a half-written file under the chosen name.

use crate::{Error, Result};
use std::io::Write;
use std::path::Path;

/// Writes `bytes` to `path` through a temporary file beside it, flushed to disk and then renamed over the
/// target: the file at `path` is either the old one or the complete new one.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let name = path
        .file_name()
        .ok_or_else(|| Error::invalid("path", format!("{} is not a file name.", path.display())))?;
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let temporary = dir.join(format!(".{}.cairn-partial", name.to_string_lossy()));
    let context = |what: &str| format!("Could not {what} {}", path.display());
    let written = (|| {
        let mut file = std::fs::File::create(&temporary)?;
        file.write_all(bytes)?;
        file.sync_all()
    })();
    if let Err(error) = written {
        let _ = std::fs::remove_file(&temporary);
        return Err(Error::io(context("write"), error));
    }
    std::fs::rename(&temporary, path).map_err(|error| {
        let _ = std::fs::remove_file(&temporary);
        Error::io(context("save"), error)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let missing = write_atomically(&dir.join("no-such-dir/x.md"), b"x");
        assert_eq!(missing.err().map(|e| e.code()), Some(crate::ErrorCode::Io));
        std::fs::remove_dir_all(&dir)?;
        Ok(())
    }
}
