//! Sync through a folder the person already syncs (Dropbox, OneDrive, Syncthing, a USB stick): changes, never
//! the live database.
//!
//! Once sync is set up, every transaction records what it changed in the synced tables with SQLite's session
//! extension, in the same transaction, into `sync_outbox` (so a change is recorded exactly when it is
//! committed). [`Store::sync_now`] writes the outbox to `<folder>/cairn/<device>/<seq>.changes` (written once,
//! never edited), then applies the other devices' files in order, each in one transaction, by the rules in
//! [`merge`]. Setting up starts the outbox with this device's data as it stands (only what the person made or
//! changed: the pathway itself every device already has), so another device can start from it.

mod attachments;
mod changes;
mod conflicts;
mod exchange;
mod files;
mod merge;
mod snapshot;

use crate::{Store, StoreResult};
use cairn_core::time::instant_text;
use cairn_core::{Error, Result};
use changes::{insert_changeset, read_changes, row_key, Columns};
pub use conflicts::SyncConflict;
use files::Unreadable;
use jiff::Timestamp;
use rusqlite::session::Session;
use rusqlite::types::Value;
use rusqlite::{params, Connection, OptionalExtension, Transaction, TransactionBehavior};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// The tables whose changes travel, parents before children. Not synced: the pathway's own tables (every
/// device writes the same pathway), the running timer (one per device), the search index (rebuilt from the
/// notes by its triggers) and the sync tables.
pub const SYNCED_TABLES: &[&str] = &[
    "profile",
    "weekly_target",
    "checklist_item",
    "competency",
    "competency_level",
    "tag",
    "note",
    "note_tag",
    "note_version",
    "assessment",
    "rating",
    "study_break",
    "portfolio_piece",
    "piece_competency",
    "attachment_file",
    "piece_attachment",
    "organisation",
    "stage_move",
    "project",
    "study_session",
    "rate_plan",
    "disclosure",
    "contact",
    "interaction",
];

/// This device's sync, as Settings shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SyncStatus {
    pub device: String,
    pub name: String,
    pub folder: String,
    /// Changes recorded here and not yet written to the folder.
    pub unwritten: u32,
    pub devices: Vec<PeerStatus>,
    /// Values a merge set aside that the person has not dealt with.
    pub open_conflicts: u32,
}

/// Another device seen in the folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PeerStatus {
    pub device: String,
    pub name: String,
    /// When its latest change applied here was made (UTC), if any.
    pub last_change_at: Option<String>,
    pub applied: u32,
}

/// What one sync did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SyncReport {
    /// Change files this device wrote.
    pub written: u32,
    /// Other devices' change files applied.
    pub applied: u32,
    /// Rows those changes touched.
    pub rows: u32,
    /// Values set aside into the conflict list.
    pub conflicts: u32,
    /// Files left for a later sync: not whole yet, after a missing one, or from a newer Cairn (said in
    /// `notices`).
    pub waiting: u32,
    /// Attachment copies put into the sync folder, taken from it, and named by records but not there yet.
    pub attachments_sent: u32,
    pub attachments_received: u32,
    pub attachments_waiting: u32,
    pub notices: Vec<String>,
}

/// The open session of a transaction that records its changes.
pub(crate) struct Recorder<'conn> {
    session: Session<'conn>,
}

impl<'conn> Recorder<'conn> {
    /// Starts recording the synced tables' changes on `conn` (inside its transaction).
    pub(crate) fn start(conn: &'conn Connection) -> rusqlite::Result<Self> {
        let mut session = Session::new(conn)?;
        for table in SYNCED_TABLES {
            session.attach(Some(*table))?;
        }
        Ok(Recorder { session })
    }

    /// Puts what was changed, if anything, into the outbox, in the same transaction.
    pub(crate) fn finish(mut self, tx: &Transaction<'_>) -> rusqlite::Result<()> {
        if self.session.is_empty() {
            return Ok(());
        }
        let mut bytes = Vec::new();
        self.session.changeset_strm(&mut bytes)?;
        drop(self.session);
        if bytes.is_empty() {
            return Ok(());
        }
        record_outgoing(tx, &bytes).map(|_| ())
    }
}

thread_local! {
    /// How far this thread's sync clock is off the machine's (microseconds): zero except in simulations.
    static CLOCK_SKEW: std::cell::Cell<i64> = const { std::cell::Cell::new(0) };
}

/// Runs `f` as if this machine's clock were `skew` off (ahead when positive). Only for simulations of devices
/// whose clocks disagree by hours: the merge rules must keep devices identical and lose nothing even then.
pub fn with_clock_skew<T>(skew: jiff::SignedDuration, f: impl FnOnce() -> T) -> T {
    let micros = i64::try_from(skew.as_micros()).unwrap_or(0);
    let before = CLOCK_SKEW.with(|c| c.replace(micros));
    let result = f();
    CLOCK_SKEW.with(|c| c.set(before));
    result
}

/// Microseconds since 1970 on this machine's clock (as skewed by [`with_clock_skew`]).
fn wall_clock() -> i64 {
    Timestamp::now().as_microsecond() + CLOCK_SKEW.with(std::cell::Cell::get)
}

/// Adds a changeset made here to the outbox at the device's next clock reading, and stamps its rows' clocks.
pub(super) fn record_outgoing(tx: &Transaction<'_>, bytes: &[u8]) -> rusqlite::Result<i64> {
    let (device, clock): (String, i64) =
        tx.query_row("SELECT device, clock FROM sync_device", [], |row| {
            Ok((row.get(0)?, row.get(1)?))
        })?;
    let made_at = wall_clock().max(clock + 1);
    tx.execute("UPDATE sync_device SET clock = ?1", [made_at])?;
    // Numbered on from the last change written too: written changes leave the outbox, and a number is never
    // given twice (it names a file in the folder).
    tx.execute(
        "INSERT INTO sync_outbox (seq, made_at, after, changeset)
         SELECT max(coalesce((SELECT max(seq) FROM sync_outbox), 0), written_seq) + 1, ?1,
             (SELECT json_group_object(device, applied_seq) FROM sync_peer), ?2
         FROM sync_device",
        params![made_at, bytes],
    )?;
    let mut columns = Columns::default();
    for change in read_changes(bytes)? {
        let row = row_key(&change.key());
        if change.op == changes::Op::Delete {
            tx.execute(
                "DELETE FROM sync_clock WHERE tbl = ?1 AND row_key = ?2",
                params![change.table, row],
            )?;
            continue;
        }
        let names = columns.of(tx, &change.table)?;
        for (i, name) in names.iter().enumerate() {
            if change.new[i].is_some() && !change.key_columns[i] {
                merge::stamp(tx, &change.table, &row, name, &(made_at, device.clone()))?;
            }
        }
    }
    Ok(made_at)
}

fn new_device_id() -> String {
    let mut bytes = [0u8; 16];
    if getrandom::fill(&mut bytes).is_err() {
        bytes = wall_clock().to_le_bytes().repeat(2).try_into().unwrap_or([7; 16]);
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The rows of each synced table that the person made or changed: the starting state another device needs.
/// The pathway's own items and competencies, untouched, are left out: every device has them.
fn starting_rows(conn: &Connection) -> rusqlite::Result<Vec<(String, Vec<Vec<Value>>)>> {
    let mut found = Vec::new();
    for table in SYNCED_TABLES {
        let only = match *table {
            "checklist_item" => "WHERE key IS NULL OR touched_at IS NOT NULL",
            "competency" => {
                "WHERE key IS NULL OR target_level IS NOT NULL OR hidden_at IS NOT NULL
                 OR name IS NOT pack_name OR description IS NOT pack_description"
            }
            "competency_level" => {
                "WHERE anchor IS NOT pack_anchor
                 OR competency_id IN (SELECT id FROM competency WHERE key IS NULL)"
            }
            _ => "",
        };
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{table}\" {only}"))?;
        let width = stmt.column_count();
        let rows = stmt
            .query_map([], |row| (0..width).map(|i| row.get::<_, Value>(i)).collect())?
            .collect::<rusqlite::Result<Vec<Vec<Value>>>>()?;
        found.push(((*table).to_owned(), rows));
    }
    Ok(found)
}

fn not_set_up() -> Error {
    Error::Conflict("Sync is not set up on this device: choose a sync folder first.".to_owned())
}

impl Store {
    /// Whether this device records its changes for sync (read when the store opens).
    pub(crate) fn recording_enabled(conn: &Connection) -> rusqlite::Result<bool> {
        conn.query_row("SELECT EXISTS (SELECT 1 FROM sync_device)", [], |row| row.get(0))
    }

    /// Sets up sync with `folder` (created if needed) under this device's `name`, or changes them. The first
    /// time, this device gets its id and its outbox starts with the person's data as it stands.
    pub fn set_up_sync(&mut self, folder: &Path, name: &str, now: Timestamp) -> Result<SyncStatus> {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 80 {
            return Err(Error::invalid(
                "name",
                "Give this device a name of 1 to 80 characters.",
            ));
        }
        let folder = self.check_sync_folder(folder)?;
        let folder_text = folder.display().to_string();
        let set_up_at = instant_text(now);
        let database_path = self.database_path.clone();
        let conn = self.connection_mut();
        let run = |conn: &mut Connection| -> StoreResult<()> {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            if Store::recording_enabled(&tx)? {
                tx.execute(
                    "UPDATE sync_device SET name = ?1, folder = ?2",
                    params![name, folder_text],
                )?;
            } else {
                tx.execute(
                    "INSERT INTO sync_device (id, device, name, folder, clock, set_up_at)
                     VALUES (1, ?1, ?2, ?3, ?4, ?5)",
                    params![new_device_id(), name, folder_text, wall_clock(), set_up_at],
                )?;
                let start = insert_changeset(&tx, &starting_rows(&tx)?)?;
                if !start.is_empty() {
                    record_outgoing(&tx, &start)?;
                }
            }
            tx.commit()?;
            Ok(())
        };
        run(conn).map_err(|e| e.at(&database_path))?;
        self.recording = true;
        self.sync_status()?.ok_or_else(not_set_up)
    }

    /// Refuses a sync folder that holds the data folder or lies inside it: the live database must never be in
    /// the folder a sync tool copies.
    fn check_sync_folder(&self, folder: &Path) -> Result<PathBuf> {
        if !folder.is_absolute() {
            return Err(Error::invalid(
                "folder",
                "Choose the sync folder by its full path.",
            ));
        }
        let data = self
            .data_dir
            .canonicalize()
            .unwrap_or_else(|_| self.data_dir.clone());
        // The data folder itself is never in a synced folder: `Store::open` refuses one.
        std::fs::create_dir_all(folder)
            .map_err(|e| Error::io(format!("Cannot use {} as the sync folder", folder.display()), e))?;
        let folder = folder
            .canonicalize()
            .map_err(|e| Error::io(format!("Cannot use {} as the sync folder", folder.display()), e))?;
        if folder.join(crate::DATABASE_FILE).exists() {
            return Err(Error::invalid(
                "folder",
                "That folder holds a Cairn database: it is a data folder. Choose an empty folder for sync.",
            ));
        }
        if data.starts_with(&folder) || folder.starts_with(&data) {
            return Err(Error::invalid(
                "folder",
                "The sync folder and the data folder must be apart: the live database never goes where a sync \
                 tool copies files.",
            ));
        }
        std::fs::create_dir_all(folder.join(files::SYNC_SUBFOLDER))
            .map_err(|e| Error::io(format!("Cannot use {} as the sync folder", folder.display()), e))?;
        Ok(folder)
    }

    /// This device's sync, or `None` when it is not set up.
    pub fn sync_status(&self) -> Result<Option<SyncStatus>> {
        self.read(|conn| {
            let Some((device, name, folder, written)) = conn
                .query_row(
                    "SELECT device, name, folder, written_seq FROM sync_device",
                    [],
                    |row| {
                        Ok((
                            row.get::<_, String>(0)?,
                            row.get(1)?,
                            row.get(2)?,
                            row.get::<_, i64>(3)?,
                        ))
                    },
                )
                .optional()?
            else {
                return Ok(None);
            };
            let unwritten: u32 = conn.query_row(
                "SELECT count(*) FROM sync_outbox WHERE seq > ?1",
                [written],
                |row| row.get(0),
            )?;
            let devices = conn
                .prepare(
                    "SELECT device, name, last_made_at, applied_seq FROM sync_peer ORDER BY name, device",
                )?
                .query_map([], |row| {
                    Ok(PeerStatus {
                        device: row.get(0)?,
                        name: row.get(1)?,
                        last_change_at: row.get::<_, Option<i64>>(2)?.map(merge::micros_text),
                        applied: row.get(3)?,
                    })
                })?
                .collect::<rusqlite::Result<_>>()?;
            let open_conflicts: u32 = conn.query_row(
                "SELECT count(*) FROM sync_conflict WHERE resolved_at IS NULL",
                [],
                |row| row.get(0),
            )?;
            Ok(Some(SyncStatus {
                device,
                name,
                folder,
                unwritten,
                devices,
                open_conflicts,
            }))
        })
    }

    /// Writes this device's new changes to the sync folder, then applies every other device's new changes.
    /// Files that are not whole yet, or that follow a missing one, wait for a later sync; a file from a newer
    /// Cairn is refused with a notice until this one is updated.
    pub fn sync_now(&mut self, now: Timestamp) -> Result<SyncReport> {
        let (folder, _) = self.sync_folder()?;
        let mut report = SyncReport {
            written: self.write_outbox(&folder)?,
            attachments_sent: self.send_attachments(&folder)?,
            ..SyncReport::default()
        };
        self.snapshot_if_due(&folder)?;
        let (_, own) = self.sync_folder()?;
        let mut columns = Columns::default();
        if let Some(whose) = self.start_from_snapshot(&folder, &own, &mut columns, now)? {
            report.notices.push(format!(
                "Started from {whose}'s snapshot, without replaying the changes it holds."
            ));
        }
        let peers = files::others(&folder, &own)
            .map_err(|e| Error::io(format!("Cannot read the sync folder {}", folder.display()), e))?;
        // Each device's files apply in order, and each only once this device has applied what it was built
        // on (its `after`), so passes repeat while any device moves on.
        let mut next: Vec<usize> = vec![0; peers.len()];
        let mut blocked: Vec<bool> = vec![false; peers.len()];
        loop {
            let mut moved = false;
            for (p, (device, found)) in peers.iter().enumerate() {
                while !blocked[p] && next[p] < found.len() {
                    let (seq, path) = &found[next[p]];
                    let applied_seq = self.applied_seq(device)?;
                    if *seq <= applied_seq {
                        next[p] += 1;
                        continue;
                    }
                    if *seq != applied_seq + 1 {
                        break; // a file missing before this one: wait for it
                    }
                    match files::read(path) {
                        Ok((header, payload)) if header.device == *device && header.seq == *seq => {
                            if !self.has_applied(&header.after, &own)? {
                                break;
                            }
                            let applied = self.apply_file(&header, &payload, &own, &mut columns, now)?;
                            report.applied += 1;
                            report.rows += applied.rows;
                            report.conflicts += applied.conflicts;
                            next[p] += 1;
                            moved = true;
                        }
                        Ok(_) => {
                            report
                                .notices
                                .push(format!("{} names another device or number.", path.display()));
                            blocked[p] = true;
                        }
                        Err(Unreadable::Incomplete(_)) => blocked[p] = true,
                        Err(Unreadable::Newer { schema }) => {
                            report.notices.push(format!(
                                "Another device writes changes for a newer Cairn (schema {schema}); update Cairn \
                                 on this device to apply them."
                            ));
                            blocked[p] = true;
                        }
                    }
                }
            }
            if !moved {
                break;
            }
        }
        (report.attachments_received, report.attachments_waiting) = self.receive_attachments(&folder)?;
        for (p, (device, found)) in peers.iter().enumerate() {
            let applied_seq = self.applied_seq(device)?;
            report.waiting += found[next[p].min(found.len())..]
                .iter()
                .filter(|(seq, _)| *seq > applied_seq)
                .count() as u32;
        }
        Ok(report)
    }

    fn applied_seq(&self, device: &str) -> Result<i64> {
        self.read(|conn| {
            Ok(conn
                .query_row(
                    "SELECT applied_seq FROM sync_peer WHERE device = ?1",
                    [device],
                    |row| row.get(0),
                )
                .optional()?
                .unwrap_or(0))
        })
    }

    /// Whether this device has applied every change `after` names (its own are always here).
    fn has_applied(&self, after: &std::collections::BTreeMap<String, i64>, own: &str) -> Result<bool> {
        for (device, seq) in after {
            if device != own && self.applied_seq(device)? < *seq {
                return Ok(false);
            }
        }
        Ok(true)
    }

    fn sync_folder(&self) -> Result<(PathBuf, String)> {
        self.read(|conn| {
            Ok(conn
                .query_row("SELECT folder, device FROM sync_device", [], |row| {
                    Ok((PathBuf::from(row.get::<_, String>(0)?), row.get(1)?))
                })
                .optional()?)
        })?
        .ok_or_else(not_set_up)
    }
}
