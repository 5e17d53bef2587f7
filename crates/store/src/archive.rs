//! "Export everything" as one archive: a zip file holding `cairn-export.json` (the JSON export's envelope and
//! tables, without `files`) and every attachment copy as a plain file under `attachments/<stored name>`.
//! Documented in `docs/export-format.md`.
//!
//! Both directions stream: the tables are written row by row and each attachment is copied through a small
//! buffer, so memory does not grow with the attachments, however large the portfolio. An import reads the
//! archive's directory, checks the data like a JSON import (every table, field and link), accepts only entries
//! it expects (the data, and one file per stored copy the data lists), and checks each attachment against the
//! hash in its name while copying it out; any refusal names the entry and leaves the data folder as it was.

use crate::attachments::{hex_digest, is_stored_name_of};
use crate::transfer::{self, invalid, Content, ImportSummary, ImportedFile};
use crate::{location, Store};
use cairn_core::portfolio::MAX_ATTACHMENT_BYTES;
use cairn_core::{Error, Result};
use sha2::{Digest, Sha256};
use std::collections::HashSet;
use std::fs::File;
use std::io::{Read, Write};
use std::path::Path;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

/// The entry holding the data.
pub const DATA_ENTRY: &str = "cairn-export.json";
/// The folder of attachment copies inside the archive.
pub const ATTACHMENTS_PREFIX: &str = "attachments/";
/// The data of ten years of heavy use is about 30 MB; only a hostile archive holds more than this.
const MAX_DATA_BYTES: u64 = 1024 * 1024 * 1024;
/// What every zip file starts with.
const ZIP_MAGIC: &[u8; 4] = b"PK\x03\x04";

/// An archive open for reading.
pub type Archive = ZipArchive<File>;

/// What an archive export wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArchiveExport {
    /// Attachment copies in the archive.
    pub files: usize,
    /// Attachments whose stored copy was missing or damaged, by the names they are shown under.
    pub left_out: Vec<String>,
}

fn zip_error(path: &Path, error: zip::result::ZipError) -> Error {
    match error {
        zip::result::ZipError::Io(e) => Error::io(format!("Cannot write {}", path.display()), e),
        other => Error::invalid("file", format!("{}: {other}", path.display())),
    }
}

impl Store {
    /// Writes everything (the data and every attachment copy) as an archive at `dest`, owner-only, through a
    /// temporary file beside it that is renamed into place when whole.
    pub fn export_archive(&self, dest: &Path, exported_at: jiff::Timestamp) -> Result<ArchiveExport> {
        let dir = dest
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let cannot = |e| Error::io(format!("Could not write {}", dest.display()), e);
        let mut temporary = cairn_core::files::partial_file_beside(dest)?;
        let mut zip = ZipWriter::new(temporary.as_file_mut());
        let (files, left_out) = match self.write_archive_entries(&mut zip, dest, exported_at) {
            Ok(written) => written,
            Err(error) => {
                // Dropping a ZipWriter whose file failed tries to finish it again and prints the failure; the
                // temporary file is removed below anyway, so the half-written writer is let go without that.
                std::mem::forget(zip);
                return Err(error);
            }
        };
        zip.finish().map_err(|e| zip_error(dest, e))?;
        temporary.as_file().sync_all().map_err(cannot)?;
        temporary.persist(dest).map_err(|e| cannot(e.error))?;
        cairn_core::files::sync_folder(dir).map_err(cannot)?;
        Ok(ArchiveExport { files, left_out })
    }

    /// The archive's entries: the data, then every attachment copy that is there and whole. Returns how many
    /// copies went in and the names of those left out.
    fn write_archive_entries(
        &self,
        zip: &mut ZipWriter<&mut File>,
        dest: &Path,
        exported_at: jiff::Timestamp,
    ) -> Result<(usize, Vec<String>)> {
        let cannot = |e| Error::io(format!("Could not write {}", dest.display()), e);
        let deflated = SimpleFileOptions::default()
            .compression_method(CompressionMethod::Deflated)
            .unix_permissions(0o600);
        // Attachments are mostly compressed already (PDF, DOCX, images): stored as they are.
        let stored = SimpleFileOptions::default()
            .compression_method(CompressionMethod::Stored)
            .unix_permissions(0o600);
        zip.start_file(DATA_ENTRY, deflated)
            .map_err(|e| zip_error(dest, e))?;
        {
            let mut buffered = std::io::BufWriter::new(&mut *zip);
            self.read(|conn| transfer::write_tables_json(conn, exported_at, &mut buffered))?;
            buffered.flush().map_err(cannot)?;
        }
        let folder = self.attachments_dir();
        let mut files = 0;
        let mut left_out = Vec::new();
        for (sha256, stored_name, names) in self.stored_copies()? {
            if !is_stored_name_of(&stored_name, &sha256) {
                left_out.push(names);
                continue;
            }
            let path = location::path_in_data_dir(&folder, &[&stored_name])?;
            let mut source = match File::open(&path) {
                Ok(file) => file,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    left_out.push(names);
                    continue;
                }
                Err(e) => return Err(Error::io(format!("Cannot read {}", path.display()), e)),
            };
            zip.start_file(format!("{ATTACHMENTS_PREFIX}{stored_name}"), stored)
                .map_err(|e| zip_error(dest, e))?;
            let copied = copy_hashing(&mut source, &mut *zip, MAX_ATTACHMENT_BYTES)
                .map_err(|e| Error::io(format!("Cannot read {}", path.display()), e))?;
            if copied.as_deref() == Some(sha256.as_str()) {
                files += 1;
            } else {
                // Damaged (or grown past the limit) since it was stored: left out, and named.
                zip.abort_file().map_err(|e| zip_error(dest, e))?;
                left_out.push(names);
            }
        }
        Ok((files, left_out))
    }
}

/// Copies at most `limit` bytes from `from` to `to`, returning the SHA-256 of what was copied, or `None` when
/// there was more than `limit`.
fn copy_hashing(from: &mut dyn Read, to: &mut dyn Write, limit: u64) -> std::io::Result<Option<String>> {
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 256 * 1024];
    let mut total: u64 = 0;
    loop {
        let read = match from.read(&mut buffer) {
            Ok(0) => break,
            Ok(read) => read,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        total += read as u64;
        if total > limit {
            return Ok(None);
        }
        hasher.update(&buffer[..read]);
        to.write_all(&buffer[..read])?;
    }
    Ok(Some(hex_digest(&hasher.finalize())))
}

/// Whether `file` is a zip archive (by its first bytes, whatever its name).
pub fn is_archive(file: &Path) -> Result<bool> {
    let mut start = [0u8; 4];
    let mut opened = File::open(file).map_err(|e| Error::io(format!("Cannot read {}", file.display()), e))?;
    Ok(opened.read_exact(&mut start).is_ok() && &start == ZIP_MAGIC)
}

/// Reads an archive written by [`Store::export_archive`] into a new database in `data_dir` (see the module
/// docs for what is checked).
pub fn import_archive(data_dir: &Path, file: &Path) -> Result<ImportSummary> {
    let opened = File::open(file).map_err(|e| Error::io(format!("Cannot read {}", file.display()), e))?;
    let mut archive = ZipArchive::new(opened)
        .map_err(|e| invalid("file", format!("this is not a readable archive ({e}).")))?;
    let data = {
        let mut entry = archive
            .by_name(DATA_ENTRY)
            .map_err(|_| invalid(DATA_ENTRY, "is missing: this archive was not written by Cairn."))?;
        if entry.size() > MAX_DATA_BYTES {
            return Err(invalid(DATA_ENTRY, "is larger than any Cairn export."));
        }
        let mut bytes = Vec::with_capacity(entry.size() as usize);
        (&mut entry)
            .take(MAX_DATA_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| invalid(DATA_ENTRY, format!("cannot be read ({e}).")))?;
        if bytes.len() as u64 > MAX_DATA_BYTES {
            return Err(invalid(DATA_ENTRY, "is larger than any Cairn export."));
        }
        bytes
    };
    let parsed = transfer::parse_export(&data)?;
    drop(data);
    if parsed.files.is_some() {
        return Err(invalid(
            format!("{DATA_ENTRY}: files"),
            "an archive carries attachments as files, not inside its data.",
        ));
    }
    let stored_names = transfer::stored_names(&parsed.data)?;
    let listed: HashSet<&str> = stored_names.values().map(String::as_str).collect();
    let mut files = Vec::new();
    let mut seen = HashSet::new();
    for index in 0..archive.len() {
        let entry = archive
            .by_index_raw(index)
            .map_err(|e| invalid("file", format!("entry {index} cannot be read ({e}).")))?;
        let name = entry
            .name()
            .map_err(|e| invalid("file", format!("entry {index} has no readable name ({e}).")))?
            .into_owned();
        if name == DATA_ENTRY || name == ATTACHMENTS_PREFIX {
            continue;
        }
        let Some(stored_name) = name
            .strip_prefix(ATTACHMENTS_PREFIX)
            .filter(|n| listed.contains(n))
        else {
            return Err(invalid(
                name,
                "is not part of a Cairn export (only the data and the attachments it lists).",
            ));
        };
        if !seen.insert(stored_name.to_owned()) {
            return Err(invalid(name, "is in the archive twice."));
        }
        if entry.size() > MAX_ATTACHMENT_BYTES {
            return Err(invalid(
                name,
                format!(
                    "is larger than {} MB, the most an attachment can be.",
                    MAX_ATTACHMENT_BYTES / (1024 * 1024)
                ),
            ));
        }
        files.push(ImportedFile {
            stored_name: stored_name.to_owned(),
            content: Content::ArchiveEntry(index),
        });
    }
    transfer::build(
        data_dir,
        parsed.schema_version,
        parsed.data,
        files,
        Some(&mut archive),
    )
}

/// Streams archive entry `index` (the copy named `stored_name`) into `to`, refusing, at the entry, content
/// larger than an attachment can be or without the hash its name gives.
pub(crate) fn copy_entry(
    archive: &mut Archive,
    index: usize,
    stored_name: &str,
    to: &mut File,
) -> Result<()> {
    let entry_name = format!("{ATTACHMENTS_PREFIX}{stored_name}");
    let mut entry = archive
        .by_index(index)
        .map_err(|e| invalid(entry_name.clone(), format!("cannot be read ({e}).")))?;
    let copied = copy_hashing(&mut entry, to, MAX_ATTACHMENT_BYTES).map_err(|e| match e.kind() {
        std::io::ErrorKind::InvalidData | std::io::ErrorKind::UnexpectedEof => {
            invalid(entry_name.clone(), format!("is damaged ({e})."))
        }
        _ => Error::io(format!("Cannot write the copy of {entry_name}"), e),
    })?;
    match copied {
        None => Err(invalid(entry_name, "is larger than an attachment can be.")),
        Some(sha256) if stored_name.starts_with(&sha256) => Ok(()),
        Some(_) => Err(invalid(
            entry_name,
            "does not have the SHA-256 its name gives; the archive was changed or damaged.",
        )),
    }
}
