//! Stored attachment copies on disk, shared by the portfolio, backups, restore, the export and the import: the
//! `attachments/` folder, copies named by the SHA-256 of their content, and copying a file in safely.

use crate::Store;
use cairn_core::portfolio::{stored_extension, MAX_ATTACHMENT_BYTES};
use cairn_core::{Error, Result};
use sha2::{Digest, Sha256};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// The folder inside the data directory that holds attachment copies.
pub const ATTACHMENTS_DIR: &str = "attachments";

/// A file copied into the attachments folder (or found there already).
pub(crate) struct StoredCopy {
    pub(crate) sha256: String,
    pub(crate) size: u64,
    pub(crate) stored_name: String,
    /// The copy was made by this call, so it is removed again if the database does not come to refer to it.
    pub(crate) new_file: Option<PathBuf>,
}

/// A SHA-256 digest as the lower-case hex that names stored copies.
pub(crate) fn hex_digest(digest: &[u8]) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The SHA-256 of a file's content (read as a stream), or `None` when it cannot be read.
pub(crate) fn file_sha256(path: &Path) -> Option<String> {
    let mut file = std::fs::File::open(path).ok()?;
    let mut hasher = Sha256::new();
    std::io::copy(&mut file, &mut hasher).ok()?;
    Some(hex_digest(&hasher.finalize()))
}

/// Whether `text` is a SHA-256 as Cairn writes it: 64 lower-case hex digits.
pub(crate) fn is_sha256_hex(text: &str) -> bool {
    text.len() == 64
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Whether `stored_name` is a name Cairn gives the stored copy of content `sha256`: the hash, or the hash and
/// a plain extension. Nothing else (no folder, no `..`) is ever joined to the attachments folder.
pub(crate) fn is_stored_name_of(stored_name: &str, sha256: &str) -> bool {
    is_sha256_hex(sha256)
        && match stored_name.strip_prefix(sha256) {
            Some("") => true,
            Some(rest) => rest
                .strip_prefix('.')
                .is_some_and(|extension| stored_extension(stored_name).as_deref() == Some(extension)),
            None => false,
        }
}

/// Whether `name` has the shape of a stored copy's name (a SHA-256, optionally with a plain extension).
pub(crate) fn looks_like_stored_name(name: &str) -> bool {
    name.get(..64).is_some_and(|sha| is_stored_name_of(name, sha))
}

pub(crate) fn attachment_error(path: &Path, what: impl std::fmt::Display) -> Error {
    Error::invalid("path", format!("{} {what}", path.display()))
}

/// Copies `source` into `folder` under its content's hash, refusing what is not a readable regular file of at
/// most [`MAX_ATTACHMENT_BYTES`]. Only `source` is read and only `folder` is written.
pub(crate) fn copy_in(
    source: &Path,
    folder: &Path,
    existing: impl Fn(&str) -> Option<String>,
) -> Result<StoredCopy> {
    if !source.is_absolute() {
        return Err(attachment_error(source, "is not a full path to a file."));
    }
    let metadata = std::fs::metadata(source).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => attachment_error(source, "does not exist."),
        _ => attachment_error(source, format_args!("cannot be read: {e}.")),
    })?;
    if metadata.is_dir() {
        return Err(attachment_error(source, "is a folder; choose a file."));
    }
    if !metadata.is_file() {
        return Err(attachment_error(source, "is not a regular file."));
    }
    let too_big = || {
        attachment_error(
            source,
            format_args!(
                "is larger than {} MB, the most Cairn copies.",
                MAX_ATTACHMENT_BYTES / (1024 * 1024)
            ),
        )
    };
    if metadata.len() > MAX_ATTACHMENT_BYTES {
        return Err(too_big());
    }
    let mut input = std::fs::File::open(source)
        .map_err(|e| attachment_error(source, format_args!("cannot be read: {e}.")))?;
    crate::location::create_data_dir(folder)?;
    let mut temporary = tempfile::Builder::new()
        .prefix(".incoming-")
        .tempfile_in(folder)
        .map_err(|e| Error::io(format!("Cannot write in {}", folder.display()), e))?;
    let mut hasher = Sha256::new();
    let mut size: u64 = 0;
    let mut buffer = vec![0u8; 64 * 1024];
    loop {
        let read = input
            .read(&mut buffer)
            .map_err(|e| attachment_error(source, format_args!("cannot be read: {e}.")))?;
        if read == 0 {
            break;
        }
        size += read as u64;
        // A file that grows while it is copied is held to the same limit.
        if size > MAX_ATTACHMENT_BYTES {
            return Err(too_big());
        }
        hasher.update(&buffer[..read]);
        temporary
            .write_all(&buffer[..read])
            .map_err(|e| Error::io(format!("Cannot write in {}", folder.display()), e))?;
    }
    let sha256 = hex_digest(&hasher.finalize());
    let in_folder = |name: &str| crate::location::path_in_data_dir(folder, &[name]);
    if let Some(stored_name) =
        existing(&sha256).filter(|name| in_folder(name).is_ok_and(|path| path.is_file()))
    {
        return Ok(StoredCopy {
            sha256,
            size,
            stored_name,
            new_file: None,
        });
    }
    let original = source
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stored_name = match stored_extension(&original) {
        Some(extension) => format!("{sha256}.{extension}"),
        None => sha256.clone(),
    };
    let target = in_folder(&stored_name)?;
    temporary
        .as_file()
        .sync_all()
        .map_err(|e| Error::io(format!("Cannot write in {}", folder.display()), e))?;
    temporary
        .persist(&target)
        .map_err(|e| Error::io(format!("Cannot save {}", target.display()), e.error))?;
    Ok(StoredCopy {
        sha256,
        size,
        stored_name,
        new_file: Some(target),
    })
}

impl Store {
    pub(crate) fn attachments_dir(&self) -> PathBuf {
        self.data_dir().join(ATTACHMENTS_DIR)
    }

    /// Where the stored copy named `stored_name` is: always inside the attachments folder, or refused.
    pub(crate) fn stored_copy_path(&self, stored_name: &str) -> Result<PathBuf> {
        crate::location::path_in_data_dir(self.data_dir(), &[ATTACHMENTS_DIR, stored_name])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_hash_with_a_plain_extension_is_a_stored_name() {
        let sha = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
        assert!(is_stored_name_of(sha, sha));
        assert!(is_stored_name_of(&format!("{sha}.pdf"), sha));
        for bad in [
            format!("{sha}.PDF"),
            format!("{sha}."),
            format!("{sha}.p/df"),
            format!("{sha}.tar.gz"),
            format!("{sha}/../../x"),
            format!("../{sha}"),
            "notes.pdf".to_owned(),
        ] {
            assert!(!is_stored_name_of(&bad, sha), "{bad}");
        }
        assert!(!is_stored_name_of("ABC", "ABC"), "the hash itself is checked");
        assert!(!is_sha256_hex(&sha.to_uppercase()));
        assert!(!is_sha256_hex(&sha[1..]));
    }
}
