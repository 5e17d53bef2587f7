//! Where the data lives: `--data-dir`, then `CAIRN_DATA_DIR`, then the platform's app data directory
//! (`~/.local/share/org.cairn.desktop` on Linux, the same folder Tauri's `app_data_dir` names).

use cairn_core::{Error, Result, APP_IDENTIFIER};
use std::ffi::OsStr;
use std::path::{Path, PathBuf};

pub const DATA_DIR_ENV: &str = "CAIRN_DATA_DIR";
pub const DATABASE_FILE: &str = "cairn.sqlite3";

/// Which setting chose the data directory (shown by `cairn check`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DataDirSource {
    Flag,
    Environment,
    Default,
}

/// Picks the data directory: the flag wins over the environment, which wins over the platform default. An
/// empty value counts as unset. The result is absolute, so what Settings shows is where the file really is.
pub fn resolve_data_dir(flag: Option<&Path>, env: Option<&OsStr>) -> Result<(PathBuf, DataDirSource)> {
    let (dir, source) = if let Some(dir) = flag.filter(|d| !d.as_os_str().is_empty()) {
        (dir.to_path_buf(), DataDirSource::Flag)
    } else if let Some(dir) = env.filter(|d| !d.is_empty()) {
        (PathBuf::from(dir), DataDirSource::Environment)
    } else {
        let base = dirs::data_dir().ok_or_else(|| {
            Error::invalid(
                "data_dir",
                "This system has no app data folder (is HOME set?). Start Cairn with --data-dir DIR.",
            )
        })?;
        (base.join(APP_IDENTIFIER), DataDirSource::Default)
    };
    let absolute = std::path::absolute(&dir)
        .map_err(|e| Error::io(format!("Cannot resolve the data folder {}", dir.display()), e))?;
    Ok((absolute, source))
}

/// Creates the data directory (and missing parents) readable only by its owner. An existing directory is left
/// as the person set it up (it may be a synced folder they share between their own machines).
pub fn create_data_dir(dir: &Path) -> Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder
        .create(dir)
        .map_err(|e| Error::io(format!("Cannot create the data folder {}", dir.display()), e))
}

/// A folder the person picked in the app (the "choose another data folder" choice): it must be named and
/// absolute, since there is no working directory a person could mean.
pub fn chosen_data_dir(path: &str) -> Result<PathBuf> {
    if path.trim().is_empty() {
        return Err(Error::invalid("path", "Choose a folder for Cairn's data."));
    }
    let dir = PathBuf::from(path);
    if !dir.is_absolute() {
        return Err(Error::invalid(
            "path",
            format!("\"{path}\" is not a full folder path."),
        ));
    }
    Ok(dir)
}
