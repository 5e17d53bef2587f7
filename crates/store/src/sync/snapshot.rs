//! Snapshots, so a new device starts without replaying years of change files. Every [`SNAPSHOT_EVERY`] changes
//! a device writes, it also writes its whole synced state, `<folder>/cairn/<device>/<seq>.snapshot`, taken right
//! after writing its changes, so it holds exactly its own changes up to `seq` and the other devices' as far as
//! its header's `after` says, with every field's clock (its `sync_clock` rows). A device that has applied
//! nothing yet starts from the newest whole snapshot: merged field by field with what it has by those clocks,
//! exactly as replaying every file would decide, and then applies only the files after it. Change files are
//! never removed (a device away for months still needs them); a device keeps only its latest snapshot.

use super::changes::{insert_changeset, Change, Columns, Op};
use super::files::{self, Header, Unreadable};
use super::merge::FieldClocks;
use crate::Store;
use cairn_core::{Error, Result};
use jiff::Timestamp;
use rusqlite::types::Value;
use std::collections::BTreeMap;
use std::path::Path;

/// How many changes a device writes between two snapshots.
const SNAPSHOT_EVERY: i64 = 500;

/// Takes the field clocks (`sync_clock` rows) out of a snapshot's changes.
pub(crate) fn take_clocks(changes: &mut Vec<Change>, columns: &BTreeMap<String, Vec<String>>) -> FieldClocks {
    let names = columns.get("sync_clock");
    let at = |name: &str, fallback: usize| {
        names
            .and_then(|names| names.iter().position(|n| n == name))
            .unwrap_or(fallback)
    };
    let (tbl, row, column, when, device) = (
        at("tbl", 0),
        at("row_key", 1),
        at("column_name", 2),
        at("at", 3),
        at("device", 4),
    );
    let mut clocks = FieldClocks::new();
    changes.retain(|change| {
        if change.table != "sync_clock" {
            return true;
        }
        let value = |i: usize| change.new.get(i).cloned().flatten();
        if let (
            Op::Insert,
            Some(Value::Text(tbl)),
            Some(Value::Text(row)),
            Some(Value::Text(column)),
            Some(Value::Integer(when)),
            Some(Value::Text(device)),
        ) = (
            change.op,
            value(tbl),
            value(row),
            value(column),
            value(when),
            value(device),
        ) {
            clocks.insert((tbl, row, column), (when, device));
        }
        false
    });
    clocks
}

impl Store {
    /// Writes this device's snapshot now, when every change it recorded is in the folder (else `false`: the
    /// next sync writes them first). Sync writes one by itself every 500 changes.
    pub fn write_sync_snapshot(&mut self) -> Result<bool> {
        let (folder, device) = self.sync_folder()?;
        self.write_snapshot(&folder, &device)
    }

    /// Writes a snapshot when this device has written [`SNAPSHOT_EVERY`] changes since its last one.
    pub(super) fn snapshot_if_due(&mut self, folder: &Path) -> Result<bool> {
        let (_, device) = self.sync_folder()?;
        let last = files::snapshots_of(folder, &device)
            .last()
            .map_or(0, |(seq, _)| *seq);
        let written = self.read(|conn| {
            Ok(conn.query_row("SELECT written_seq FROM sync_device", [], |row| {
                row.get::<_, i64>(0)
            })?)
        })?;
        if written - last < SNAPSHOT_EVERY {
            return Ok(false);
        }
        self.write_snapshot(folder, &device)
    }

    fn write_snapshot(&mut self, folder: &Path, device: &str) -> Result<bool> {
        let made = self.read(|conn| {
            let (name, written, clock): (String, i64, i64) =
                conn.query_row("SELECT name, written_seq, clock FROM sync_device", [], |row| {
                    Ok((row.get(0)?, row.get(1)?, row.get(2)?))
                })?;
            let unwritten: i64 = conn.query_row(
                "SELECT count(*) FROM sync_outbox WHERE seq > ?1",
                [written],
                |row| row.get(0),
            )?;
            if unwritten > 0 || written == 0 {
                return Ok(None);
            }
            let mut peers = BTreeMap::new();
            let mut names = BTreeMap::new();
            let mut stmt = conn.prepare("SELECT device, name, applied_seq FROM sync_peer")?;
            let rows = stmt.query_map([], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, i64>(2)?,
                ))
            })?;
            for row in rows {
                let (peer, peer_name, applied) = row?;
                peers.insert(peer.clone(), applied);
                names.insert(peer, peer_name);
            }
            let mut rows = super::starting_rows(conn)?;
            let mut stmt = conn.prepare("SELECT * FROM sync_clock")?;
            let width = stmt.column_count();
            let clocks = stmt
                .query_map([], |row| (0..width).map(|i| row.get::<_, Value>(i)).collect())?
                .collect::<rusqlite::Result<Vec<Vec<Value>>>>()?;
            rows.push(("sync_clock".to_owned(), clocks));
            let payload = insert_changeset(conn, &rows)?;
            let columns = super::exchange::changed_columns(conn, &payload)?;
            Ok(Some((name, written, clock, peers, names, payload, columns)))
        })?;
        let Some((name, written, clock, after, names, payload, columns)) = made else {
            return Ok(false);
        };
        let header = Header {
            format: files::FILE_FORMAT.to_owned(),
            format_version: files::FILE_FORMAT_VERSION,
            schema: crate::migrations::LATEST_VERSION,
            device: device.to_owned(),
            name,
            seq: written,
            made_at: clock,
            after,
            columns,
            snapshot: true,
            names,
            bytes: payload.len() as u64,
            sha256: files::sha256_hex(&payload),
        };
        match files::write(folder, &header, &payload) {
            Ok(()) => {}
            // Another copy of this database wrote a snapshot at this number: its next sync takes a new id.
            Err(files::WriteError::Taken) => return Ok(false),
            Err(files::WriteError::Io(e)) => {
                return Err(Error::io(
                    format!("Cannot write to the sync folder {}", folder.display()),
                    e,
                ))
            }
        }
        // Only the latest is kept; a device reading an older one at this moment finds it gone and waits.
        for (seq, path) in files::snapshots_of(folder, device) {
            if seq < written {
                let _ = std::fs::remove_file(path);
            }
        }
        Ok(true)
    }

    /// A device that has applied nothing yet starts from the snapshot in the folder that holds the most, if
    /// any is whole; says whose it was.
    pub(super) fn start_from_snapshot(
        &mut self,
        folder: &Path,
        own: &str,
        columns: &mut Columns,
        now: Timestamp,
    ) -> Result<Option<String>> {
        let fresh = self.read(|conn| {
            Ok(
                conn.query_row("SELECT NOT EXISTS (SELECT 1 FROM sync_peer)", [], |row| {
                    row.get::<_, bool>(0)
                })?,
            )
        })?;
        if !fresh {
            return Ok(None);
        }
        let peers = files::others(folder, own)
            .map_err(|e| Error::io(format!("Cannot read the sync folder {}", folder.display()), e))?;
        let mut best: Option<(i64, Header, Vec<u8>)> = None;
        for (device, _) in &peers {
            for (seq, path) in files::snapshots_of(folder, device) {
                let (header, payload) = match files::read(&path) {
                    Ok(read) => read,
                    Err(Unreadable::Incomplete(_) | Unreadable::Newer { .. }) => continue,
                };
                if !header.snapshot || header.device != *device || header.seq != seq {
                    continue;
                }
                let holds = header.seq + header.after.values().sum::<i64>();
                if best.as_ref().is_none_or(|(most, _, _)| holds > *most) {
                    best = Some((holds, header, payload));
                }
            }
        }
        let Some((_, header, payload)) = best else {
            return Ok(None);
        };
        self.apply_file(&header, &payload, own, columns, now)?;
        Ok(Some(header.name))
    }
}
