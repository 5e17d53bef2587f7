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
/// as the person set it up.
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

/// The one way a path inside the data folder is built from names: every part must be a single plain name (not
/// empty, not `.` or `..`, no separator, no NUL, not absolute), so a name read from a database or a file can
/// never point outside `data_dir`. Every file Cairn writes or deletes in the data folder goes through here.
pub fn path_in_data_dir(data_dir: &Path, parts: &[&str]) -> Result<PathBuf> {
    let mut path = data_dir.to_path_buf();
    for part in parts {
        if !is_plain_name(part) {
            return Err(Error::invalid(
                "path",
                format!(
                    "\"{part}\" is not a plain file name, so Cairn will not use it inside {}.",
                    data_dir.display()
                ),
            ));
        }
        path.push(part);
    }
    Ok(path)
}

/// A single path component that names something in its folder: no separators (either kind, whatever the
/// platform), not `.`/`..`, no NUL, no drive prefix.
pub fn is_plain_name(name: &str) -> bool {
    !name.is_empty() && name != "." && name != ".." && !name.contains(['/', '\\', '\0', ':']) && {
        let mut components = Path::new(name).components();
        matches!(components.next(), Some(std::path::Component::Normal(_))) && components.next().is_none()
    }
}

/// A folder that a file-syncing tool copies between machines, and which tool.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SyncedFolder {
    /// The tool's name as people know it ("Dropbox", "Syncthing").
    pub tool: String,
    /// The synced folder that holds the data folder.
    pub folder: String,
}

/// Whether `data_dir` lies inside a folder that Dropbox, OneDrive, iCloud Drive, Nextcloud (or ownCloud) or
/// Syncthing syncs. Such a tool copies a live SQLite database file while Cairn writes it (WAL and all), which is
/// a known way to lose it, so Cairn refuses to open a database there ([`refuse_synced_data_dir`]). Looks only at names on the way up: the tools'
/// marker files (`.stfolder`, `.dropbox`, the sync logs of Nextcloud and ownCloud) and their usual folder names.
pub fn synced_folder(data_dir: &Path) -> Option<SyncedFolder> {
    for folder in data_dir.ancestors() {
        let name = folder
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default();
        let has = |marker: &str| folder.join(marker).exists();
        let tool = if has(".stfolder") {
            Some("Syncthing")
        } else if has(".dropbox")
            || has(".dropbox.cache")
            || name == "Dropbox"
            || name.starts_with("Dropbox (")
        {
            Some("Dropbox")
        } else if name == "OneDrive" || name.starts_with("OneDrive - ") || name.starts_with("OneDrive-") {
            Some("OneDrive")
        } else if name == "iCloud Drive" || name == "com~apple~CloudDocs" {
            Some("iCloud Drive")
        } else if has(".owncloudsync.log") || name == "ownCloud" {
            Some("ownCloud")
        } else if has(".nextcloudsync.log") || name == "Nextcloud" {
            Some("Nextcloud")
        } else {
            None
        };
        if let Some(tool) = tool {
            return Some(SyncedFolder {
                tool: tool.to_owned(),
                folder: folder.display().to_string(),
            });
        }
    }
    None
}

/// Refuses a data folder inside a folder a sync tool copies (see [`synced_folder`]), saying why and what to do,
/// before anything is created or opened there.
pub fn refuse_synced_data_dir(data_dir: &Path) -> Result<()> {
    let Some(synced) = synced_folder(data_dir) else {
        return Ok(());
    };
    Err(Error::Conflict(format!(
        "Cairn will not open its database in {}: that folder is inside {} ({}), which copies files while \
         Cairn writes them, the way SQLite databases get damaged or lost. Your data there has not been changed. \
         Move it to a folder {} does not sync (Cairn can do it: \"Move my data\" in the window, or cairn move-data --to DIR), \
         then use sync in Settings to share it between devices.",
        data_dir.display(),
        synced.tool,
        synced.folder,
        synced.tool
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_names_make_a_path_inside_the_data_folder() {
        let dir = Path::new("/home/me/cairn");
        assert_eq!(
            path_in_data_dir(dir, &["attachments", "abc.pdf"]).ok(),
            Some(dir.join("attachments/abc.pdf"))
        );
        for bad in [
            "/home/me/thesis.docx",
            "../../x",
            "..",
            ".",
            "",
            "a/b",
            "a\\b",
            "C:x",
            "x\0y",
            "/",
        ] {
            let refused = path_in_data_dir(dir, &["attachments", bad]);
            assert!(refused.is_err(), "{bad:?} must be refused, got {refused:?}");
        }
    }

    #[test]
    fn a_data_folder_inside_a_synced_folder_is_named_with_its_tool() -> std::io::Result<()> {
        let tmp = tempfile::tempdir()?;
        let plain = tmp.path().join("plain/cairn");
        std::fs::create_dir_all(&plain)?;
        assert_eq!(synced_folder(&plain), None, "an ordinary folder is not synced");
        for (marker, tool) in [
            (".stfolder", "Syncthing"),
            (".dropbox", "Dropbox"),
            (".nextcloudsync.log", "Nextcloud"),
            (".owncloudsync.log", "ownCloud"),
        ] {
            let root = tmp.path().join(tool).join("shared");
            let data = root.join("notes/cairn");
            std::fs::create_dir_all(&data)?;
            if marker.starts_with(".st") {
                std::fs::create_dir(root.join(marker))?;
            } else {
                std::fs::write(root.join(marker), "")?;
            }
            let found = synced_folder(&data);
            assert_eq!(
                found.as_ref().map(|f| (f.tool.as_str(), f.folder.clone())),
                Some((tool, root.display().to_string())),
                "{marker}"
            );
        }
        for (folder, tool) in [
            ("OneDrive - Hospital Trust", "OneDrive"),
            ("Dropbox", "Dropbox"),
            ("iCloud Drive", "iCloud Drive"),
        ] {
            let data = tmp.path().join("names").join(folder).join("cairn");
            assert_eq!(
                synced_folder(&data).map(|f| f.tool),
                Some(tool.to_owned()),
                "{folder}"
            );
        }
        Ok(())
    }
}
