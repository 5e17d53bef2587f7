//! Note history: the text a note had before an editing session replaced it.
//!
//! [`keep_replaced_text`] runs inside [`Store::save_note`]'s transaction, so a version and the save that made
//! it commit together. Coalescing and thinning are `cairn_core::history`'s rules; versions go only with their
//! note (`ON DELETE CASCADE` when the trash is emptied). Listing reads the index `(note_id, replaced_at)` and
//! never the bodies, and opening a note never reads its versions, so a long history costs nothing until it is
//! looked at.

use crate::notes::Note;
use crate::{Store, StoreError};
use cairn_core::history::{line_diff, starts_a_version, versions_to_remove, DiffLine};
use cairn_core::time::instant_text;
use cairn_core::Id;
use cairn_core::{Error, Result};
use jiff::civil::Date;
use jiff::Timestamp;
use rusqlite::{params, OptionalExtension, Transaction};
use serde::Serialize;

/// One earlier version, as the history list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct NoteVersionSummary {
    pub id: Id,
    pub note_id: Id,
    /// When this text was saved (UTC, RFC 3339).
    pub saved_at: String,
    /// When a later edit replaced it.
    pub replaced_at: String,
    pub title: String,
    /// Its length in characters.
    pub chars: u32,
}

/// One earlier version with its text and how it differs from the note's current text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct NoteVersion {
    pub summary: NoteVersionSummary,
    pub body: String,
    /// Line by line, from this version to the current text.
    pub diff: Vec<DiffLine>,
}

/// The note after a version was brought back, and the version that now holds the text it replaced (restoring
/// that one undoes the restore).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RestoredVersion {
    pub note: Note,
    pub undo_version_id: Id,
}

fn utc_day(at: &str) -> Option<Date> {
    at.parse::<Timestamp>()
        .ok()
        .map(|t| t.to_zoned_datetime(jiff::tz::TimeZone::UTC).date())
}

/// Keeps `current` (the note's text before this save) as a version when the save starts a new editing session,
/// then thins the note's versions. Runs in the caller's transaction.
pub(crate) fn keep_replaced_text(
    tx: &Transaction<'_>,
    current: &Note,
    now: Timestamp,
) -> Result<(), StoreError> {
    let newest: Option<String> = tx
        .prepare_cached("SELECT max(replaced_at) FROM note_version WHERE note_id = ?1")?
        .query_row([current.id], |row| row.get(0))?;
    let newest = newest.and_then(|at| at.parse::<Timestamp>().ok());
    if !starts_a_version(newest, now) {
        return Ok(());
    }
    insert_version(tx, current, now)?;
    thin(tx, current.id, now)?;
    Ok(())
}

fn insert_version(tx: &Transaction<'_>, current: &Note, now: Timestamp) -> rusqlite::Result<Id> {
    tx.prepare_cached(
        "INSERT INTO note_version (id, note_id, saved_at, replaced_at, title, body) VALUES (cairn_id(), ?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        current.id,
        current.updated_at,
        instant_text(now),
        current.title,
        current.body
    ])?;
    Ok(Id(tx.last_insert_rowid()))
}

fn thin(tx: &Transaction<'_>, note_id: Id, now: Timestamp) -> rusqlite::Result<()> {
    let versions: Vec<(Id, Date)> = tx
        .prepare_cached(
            "SELECT id, replaced_at FROM note_version WHERE note_id = ?1 ORDER BY replaced_at DESC, id DESC",
        )?
        .query_map([note_id], |row| {
            Ok((row.get::<_, Id>(0)?, row.get::<_, String>(1)?))
        })?
        .filter_map(|row| row.ok().and_then(|(id, at)| utc_day(&at).map(|day| (id, day))))
        .collect();
    let today = now.to_zoned_datetime(jiff::tz::TimeZone::UTC).date();
    let mut delete = tx.prepare_cached("DELETE FROM note_version WHERE id = ?1")?;
    for id in versions_to_remove(&versions, today) {
        delete.execute([id])?;
    }
    Ok(())
}

const SUMMARY_COLUMNS: &str = "id, note_id, saved_at, replaced_at, title, length(body)";

fn row_to_summary(row: &rusqlite::Row<'_>) -> rusqlite::Result<NoteVersionSummary> {
    Ok(NoteVersionSummary {
        id: row.get(0)?,
        note_id: row.get(1)?,
        saved_at: row.get(2)?,
        replaced_at: row.get(3)?,
        title: row.get(4)?,
        chars: row.get(5)?,
    })
}

impl Store {
    /// A note's earlier versions, newest first.
    pub fn note_versions(&self, note_id: Id) -> Result<Vec<NoteVersionSummary>> {
        self.note(note_id)?;
        self.read(|conn| Ok(conn
            .prepare_cached(&format!(
                "SELECT {SUMMARY_COLUMNS} FROM note_version WHERE note_id = ?1 ORDER BY replaced_at DESC, id DESC"
            ))
            .and_then(|mut stmt| stmt.query_map([note_id], row_to_summary)?.collect())?))
    }

    /// One earlier version with its text and a line diff against the note's current text.
    pub fn note_version(&self, version_id: Id) -> Result<NoteVersion> {
        self.read(|conn| {
            let (summary, body) = conn
                .prepare_cached(&format!(
                    "SELECT {SUMMARY_COLUMNS}, body FROM note_version WHERE id = ?1"
                ))
                .and_then(|mut stmt| {
                    stmt.query_row([version_id], |row| {
                        Ok((row_to_summary(row)?, row.get::<_, String>(6)?))
                    })
                    .optional()
                })?
                .ok_or_else(|| Error::NotFound {
                    what: format!("Note version {version_id}"),
                })?;
            let current = self.note(summary.note_id)?;
            Ok(NoteVersion {
                diff: line_diff(&body, &current.body),
                summary,
                body,
            })
        })
    }

    /// Makes an earlier version the note's text again. The text it replaces is kept as a version first
    /// (whatever the coalescing rule says), and its id is returned: restoring that one is the undo.
    pub fn restore_note_version(&mut self, version_id: Id, now: Timestamp) -> Result<RestoredVersion> {
        let version = self.note_version(version_id)?;
        let current = self.note(version.summary.note_id)?;
        if current.deleted_at.is_some() {
            return Err(Error::Conflict(
                "This note is in the trash. Restore it to change it.".into(),
            ));
        }
        let undo_version_id = self.transact(|tx| {
            let kept = insert_version(tx, &current, now)?;
            tx.execute(
                "UPDATE note SET title = ?2, body = ?3, updated_at = ?4 WHERE id = ?1",
                params![current.id, version.summary.title, version.body, instant_text(now)],
            )?;
            Ok(kept)
        })?;
        Ok(RestoredVersion {
            note: self.note(current.id)?,
            undo_version_id,
        })
    }
}
