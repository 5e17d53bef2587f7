//! The two halves of a sync that touch the folder: writing this device's outbox to it, and applying one of
//! another device's change files.

use super::changes::{read_changes, Columns};
use super::files::{self, Header, WriteError};
use super::{merge, new_device_id};
use crate::{Store, StoreError, StoreResult};
use cairn_core::time::instant_text;
use cairn_core::{Error, Result};
use jiff::Timestamp;
use rusqlite::session::Session;
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use std::collections::BTreeMap;
use std::path::Path;

/// The columns, by name and in order, of each table a changeset touches.
pub(super) fn changed_columns(
    conn: &Connection,
    changeset: &[u8],
) -> rusqlite::Result<BTreeMap<String, Vec<String>>> {
    let mut columns = Columns::default();
    let mut found = BTreeMap::new();
    for change in read_changes(changeset)? {
        if let std::collections::btree_map::Entry::Vacant(entry) = found.entry(change.table) {
            let names = columns.of(conn, entry.key())?.to_vec();
            entry.insert(names);
        }
    }
    Ok(found)
}

impl Store {
    /// Writes the outbox's changes not yet in the folder. If the folder already holds a different change under
    /// this device's id and number, this database was restored from a backup (or copied) since it wrote it: it
    /// takes a new id, and applies what its old id wrote after the backup like any other device's changes.
    pub(super) fn write_outbox(&mut self, folder: &Path) -> Result<u32> {
        let mut written = 0;
        loop {
            let next = self.read(|conn| {
                Ok(conn
                    .query_row(
                        "SELECT o.seq, o.made_at, o.changeset, d.device, d.name, o.after FROM sync_outbox o, sync_device d
                         WHERE o.seq > d.written_seq ORDER BY o.seq LIMIT 1",
                        [],
                        |row| {
                            Ok((
                                row.get::<_, i64>(0)?,
                                row.get::<_, i64>(1)?,
                                row.get::<_, Vec<u8>>(2)?,
                                row.get::<_, String>(3)?,
                                row.get::<_, String>(4)?,
                                row.get::<_, String>(5)?,
                            ))
                        },
                    )
                    .optional()?)
            })?;
            let Some((seq, made_at, payload, device, name, after)) = next else {
                // Everything here is written; a file numbered after it under this id was written by another
                // copy of this database (this one was restored or copied since), which this one must apply.
                if self.written_elsewhere(folder)? {
                    self.take_new_device_id()?;
                    continue;
                }
                return Ok(written);
            };
            let columns = self.read(|conn| Ok(changed_columns(conn, &payload)?))?;
            let header = Header {
                format: files::FILE_FORMAT.to_owned(),
                format_version: files::FILE_FORMAT_VERSION,
                schema: crate::migrations::LATEST_VERSION,
                device,
                name,
                seq,
                made_at,
                after: serde_json::from_str(&after).unwrap_or_default(),
                columns,
                snapshot: false,
                names: BTreeMap::new(),
                bytes: payload.len() as u64,
                sha256: files::sha256_hex(&payload),
            };
            match files::write(folder, &header, &payload) {
                Ok(()) => {
                    // Written and synced: the outbox no longer needs it.
                    self.transact(|tx| {
                        tx.execute("UPDATE sync_device SET written_seq = ?1", [seq])?;
                        tx.execute("DELETE FROM sync_outbox WHERE seq <= ?1", [seq])?;
                        Ok(())
                    })?;
                    written += 1;
                }
                Err(WriteError::Taken) => self.take_new_device_id()?,
                Err(WriteError::Io(e)) => {
                    return Err(Error::io(
                        format!("Cannot write to the sync folder {}", folder.display()),
                        e,
                    ))
                }
            }
        }
    }

    /// Whether the folder holds a change file under this device's id numbered after the last one it wrote.
    fn written_elsewhere(&self, folder: &Path) -> Result<bool> {
        let (device, written): (String, i64) = self.read(|conn| {
            Ok(
                conn.query_row("SELECT device, written_seq FROM sync_device", [], |row| {
                    Ok((row.get(0)?, row.get(1)?))
                })?,
            )
        })?;
        Ok(files::exists(folder, &device, written + 1))
    }

    /// After a restore: the old id becomes another device, applied as far as this copy had written; the
    /// changes not written yet are renumbered from 1 under a new id.
    fn take_new_device_id(&mut self) -> Result<()> {
        let now = instant_text(Timestamp::now());
        self.transact(|tx| {
            let (old, name, written): (String, String, i64) =
                tx.query_row("SELECT device, name, written_seq FROM sync_device", [], |row| {
                    Ok((row.get(0)?, row.get(1)?, row.get(2)?))
                })?;
            tx.execute(
                "INSERT INTO sync_peer (device, name, applied_seq, seen_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (device) DO NOTHING",
                params![old, name, written, now],
            )?;
            tx.execute("DELETE FROM sync_outbox WHERE seq <= ?1", [written])?;
            // They were made on top of the old id's changes this copy holds, which other devices must apply
            // first (as their own, this copy did not need to say so).
            tx.execute(
                "UPDATE sync_outbox SET seq = seq - ?1, after = json_set(after, '$.\"' || ?2 || '\"', ?1)",
                params![written, old],
            )?;
            let new = new_device_id();
            // The fields those changes wrote carry the clock the other devices will read in their files.
            tx.execute(
                "UPDATE sync_clock SET device = ?1
                 WHERE device = ?2 AND at >= (SELECT min(made_at) FROM sync_outbox)",
                params![new, old],
            )?;
            tx.execute("UPDATE sync_device SET device = ?1, written_seq = 0", [new])?;
            Ok(())
        })
    }

    pub(super) fn apply_file(
        &mut self,
        header: &Header,
        payload: &[u8],
        own: &str,
        columns: &mut Columns,
        now: Timestamp,
    ) -> Result<merge::Applied> {
        let database_path = self.database_path.clone();
        let seen_at = instant_text(now);
        let mut run = |conn: &mut Connection| -> StoreResult<merge::Applied> {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let mut changes = read_changes(payload).map_err(|e| {
                StoreError::Other(Error::Database(format!(
                    "a damaged change file from {}: {e}",
                    header.name
                )))
            })?;
            let clocks = header
                .snapshot
                .then(|| super::snapshot::take_clocks(&mut changes, &header.columns));
            let origin = merge::Origin {
                device: &header.device,
                made_at: header.made_at,
                columns: &header.columns,
                clocks: clocks.as_ref(),
            };
            let applied = merge::apply(&tx, &changes, &origin, own, columns, now)?;
            tx.execute("UPDATE sync_device SET clock = max(clock, ?1)", [header.made_at])?;
            if header.snapshot {
                // A snapshot holds every change its device had applied: this device has them now too.
                for (device, seq) in header.after.iter().filter(|(device, _)| *device != own) {
                    tx.execute(
                        "INSERT INTO sync_peer (device, name, applied_seq, seen_at) VALUES (?1, ?2, ?3, ?4)
                         ON CONFLICT (device) DO UPDATE SET applied_seq = max(applied_seq, excluded.applied_seq)",
                        params![
                            device,
                            header.names.get(device).map_or("", String::as_str),
                            seq,
                            seen_at
                        ],
                    )?;
                }
            }
            tx.execute(
                "INSERT INTO sync_peer (device, name, applied_seq, last_made_at, seen_at) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (device) DO UPDATE SET name = excluded.name, applied_seq = excluded.applied_seq,
                     last_made_at = excluded.last_made_at, seen_at = excluded.seen_at",
                params![header.device, header.name, header.seq, header.made_at, seen_at],
            )?;
            if !applied.replaced_texts.is_empty() {
                // After the peer's changes, so recorded as this device's own (its outbox then says it had
                // applied them): the versions travel to every device once.
                let mut session = Session::new(&tx)?;
                session.attach(Some("note_version"))?;
                for text in &applied.replaced_texts {
                    tx.execute(
                        "INSERT INTO note_version (id, note_id, saved_at, replaced_at, title, body)
                         VALUES (cairn_id(), ?1, ?2, ?3, ?4, ?5)",
                        params![
                            text.note_id,
                            merge::micros_text(text.saved_at),
                            seen_at,
                            text.title,
                            text.body
                        ],
                    )?;
                }
                let mut bytes = Vec::new();
                session.changeset_strm(&mut bytes)?;
                drop(session);
                super::record_outgoing(&tx, &bytes)?;
            }
            tx.commit()?;
            Ok(applied)
        };
        run(self.connection_mut()).map_err(|e| e.at(&database_path))
    }
}
