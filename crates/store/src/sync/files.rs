//! Change files in the sync folder: `<folder>/cairn/<device>/<seq>.changes`, one per recorded change, written
//! once under a temporary name and renamed, never edited. A file is a line of JSON (its header, with the
//! payload's length and SHA-256) and the changeset's bytes. Everything read from the folder is untrusted: a
//! file that is short, damaged, too large or for a newer schema is left where it is and reported, never applied.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::{Path, PathBuf};

pub(crate) const FILE_FORMAT: &str = "cairn-changes";
pub(crate) const FILE_FORMAT_VERSION: u32 = 1;
/// The folder inside the sync folder that holds every device's changes.
pub(crate) const SYNC_SUBFOLDER: &str = "cairn";
/// The largest change file read: far beyond the large demo's whole starting state (about 30 MB).
pub(crate) const MAX_FILE_BYTES: u64 = 512 * 1024 * 1024;
/// A header names at most every synced table's columns: a few kilobytes.
const MAX_HEADER_BYTES: usize = 64 * 1024;

/// What a change file says about itself.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Header {
    pub format: String,
    pub format_version: u32,
    /// The schema its changes were recorded against.
    pub schema: u32,
    pub device: String,
    /// The device's name, as its person called it.
    pub name: String,
    pub seq: i64,
    /// The device clock when the change was committed (microseconds since 1970).
    pub made_at: i64,
    /// How far its device had applied each other device's changes when it made this one: applied only after.
    #[serde(default)]
    pub after: std::collections::BTreeMap<String, i64>,
    /// The columns of each table the changes touch, as its schema had them: a device whose schema has added a
    /// column since lays the changes out by these names.
    #[serde(default)]
    pub columns: std::collections::BTreeMap<String, Vec<String>>,
    /// A snapshot (`<seq>.snapshot`): the device's whole synced state after its change `seq` and the other
    /// devices' changes as far as `after` says, with each field's clock (as `sync_clock` rows).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub snapshot: bool,
    /// A snapshot's names of the devices in `after`.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub names: std::collections::BTreeMap<String, String>,
    pub bytes: u64,
    pub sha256: String,
}

/// A device id: 32 lowercase hex digits (also the name of its folder).
pub(crate) fn is_device_id(text: &str) -> bool {
    text.len() == 32
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

pub(crate) fn device_dir(folder: &Path, device: &str) -> PathBuf {
    folder.join(SYNC_SUBFOLDER).join(device)
}

fn file_name(seq: i64) -> String {
    format!("{seq:010}.changes")
}

/// A snapshot's file name: the number of its device's last change it holds.
pub(crate) fn snapshot_name(seq: i64) -> String {
    format!("{seq:010}.snapshot")
}

/// The number a file name of `kind` (`changes` or `snapshot`) gives, if it is one.
fn numbered(name: &str, kind: &str) -> Option<i64> {
    name.strip_suffix(&format!(".{kind}"))
        .filter(|n| n.len() == 10 && n.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|n| n.parse::<i64>().ok())
}

/// The snapshots in `device`'s folder: (number, path), in order.
pub(crate) fn snapshots_of(folder: &Path, device: &str) -> Vec<(i64, PathBuf)> {
    let mut found: Vec<(i64, PathBuf)> = std::fs::read_dir(device_dir(folder, device))
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let seq = numbered(entry.file_name().to_str()?, "snapshot")?;
            Some((seq, entry.path()))
        })
        .collect();
    found.sort();
    found
}

pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether `device`'s change number `seq` is in the folder (whole or still arriving).
pub(crate) fn exists(folder: &Path, device: &str, seq: i64) -> bool {
    device_dir(folder, device).join(file_name(seq)).exists()
}

/// Why a change could not be written.
#[derive(Debug)]
pub(crate) enum WriteError {
    /// The folder already holds a different change under this device and number: this database was restored
    /// from a backup (or copied) after the device wrote it, so it must take a new device id.
    Taken,
    Io(std::io::Error),
}

/// Writes one change file (to a temporary name, synced, then renamed). A file already there with the same
/// content is fine: an earlier run wrote it and stopped before it could record that.
pub(crate) fn write(folder: &Path, header: &Header, payload: &[u8]) -> Result<(), WriteError> {
    let name = if header.snapshot {
        snapshot_name(header.seq)
    } else {
        file_name(header.seq)
    };
    let dir = device_dir(folder, &header.device);
    std::fs::create_dir_all(&dir).map_err(WriteError::Io)?;
    let path = dir.join(name);
    if path.exists() {
        return match read(&path) {
            Ok((found, _)) if found.sha256 == header.sha256 => Ok(()),
            _ => Err(WriteError::Taken),
        };
    }
    let mut file = tempfile::Builder::new()
        .prefix(".")
        .suffix(".partial")
        .tempfile_in(&dir)
        .map_err(WriteError::Io)?;
    let mut line = serde_json::to_vec(header).map_err(|e| WriteError::Io(e.into()))?;
    line.push(b'\n');
    file.write_all(&line).map_err(WriteError::Io)?;
    file.write_all(payload).map_err(WriteError::Io)?;
    file.as_file().sync_all().map_err(WriteError::Io)?;
    file.persist_noclobber(&path)
        .map_err(|e| WriteError::Io(e.error))?;
    Ok(())
}

/// Why a change file was not applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Unreadable {
    /// Not (yet) a whole change file: still being copied by the sync tool, cut short, or damaged.
    Incomplete(String),
    /// Written by a Cairn with a newer schema or file format: this one must be updated first.
    Newer { schema: u32 },
}

/// Reads and checks one change file: its header, its length and its checksum.
pub(crate) fn read(path: &Path) -> Result<(Header, Vec<u8>), Unreadable> {
    let incomplete = |why: &str| Unreadable::Incomplete(format!("{}: {why}", path.display()));
    let size = std::fs::metadata(path)
        .map_err(|e| incomplete(&e.to_string()))?
        .len();
    if size > MAX_FILE_BYTES {
        return Err(incomplete("larger than any change Cairn writes"));
    }
    let bytes = std::fs::read(path).map_err(|e| incomplete(&e.to_string()))?;
    let end = bytes
        .iter()
        .take(MAX_HEADER_BYTES)
        .position(|&b| b == b'\n')
        .ok_or_else(|| incomplete("no header"))?;
    let header: Header =
        serde_json::from_slice(&bytes[..end]).map_err(|e| incomplete(&format!("header: {e}")))?;
    if header.format != FILE_FORMAT {
        return Err(incomplete("not a Cairn change file"));
    }
    if header.format_version > FILE_FORMAT_VERSION || header.schema > crate::migrations::LATEST_VERSION {
        return Err(Unreadable::Newer {
            schema: header.schema,
        });
    }
    let payload = bytes[end + 1..].to_vec();
    if payload.len() as u64 != header.bytes || sha256_hex(&payload) != header.sha256 {
        return Err(incomplete("its content does not match its checksum"));
    }
    Ok((header, payload))
}

/// A device's id and its change files (number, path), in order.
pub(crate) type DeviceFiles = (String, Vec<(i64, PathBuf)>);

/// The change files of every other device in the folder, by device, in order of their numbers. Names that are
/// not change files (a sync tool's conflict copies, temporary files) are left alone.
pub(crate) fn others(folder: &Path, own: &str) -> std::io::Result<Vec<DeviceFiles>> {
    let root = folder.join(SYNC_SUBFOLDER);
    let entries = match std::fs::read_dir(&root) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    let mut devices = Vec::new();
    for entry in entries {
        let entry = entry?;
        let Some(device) = entry.file_name().to_str().map(str::to_owned) else {
            continue;
        };
        if device == own || !is_device_id(&device) || !entry.file_type()?.is_dir() {
            continue;
        }
        let mut files = Vec::new();
        for file in std::fs::read_dir(entry.path())? {
            let file = file?;
            let name = file.file_name();
            let Some(seq) = name.to_str().and_then(|n| numbered(n, "changes")) else {
                continue;
            };
            files.push((seq, file.path()));
        }
        files.sort();
        devices.push((device, files));
    }
    devices.sort();
    Ok(devices)
}
