//! Planned breaks: days that no weekly measure counts against.

use crate::study::StudyBreak;
use crate::Store;
use cairn_core::study::{BreakDays, BreakInput};
use cairn_core::time::instant_text;
use cairn_core::Id;
use cairn_core::{Error, Result};
use jiff::civil::Date;
use jiff::Timestamp;
use rusqlite::{params, Connection, OptionalExtension, Row};

impl Store {
    /// Planned breaks, latest first (trash left out).
    pub fn breaks(&self) -> Result<Vec<StudyBreak>> {
        self.read(|conn| {
            Ok(conn
                .prepare_cached(
                    "SELECT id, starts_on, ends_on, label, deleted_at IS NOT NULL FROM study_break
                 WHERE deleted_at IS NULL ORDER BY starts_on DESC, id DESC",
                )?
                .query_map([], row_to_break)?
                .collect::<rusqlite::Result<_>>()?)
        })
    }

    pub fn add_break(&mut self, input: &BreakInput, now: Timestamp) -> Result<StudyBreak> {
        let (days, label) = input.validate()?;
        let at = instant_text(now);
        let id = self.transact(|tx| {
            tx.execute(
                "INSERT INTO study_break (id, starts_on, ends_on, label, created_at) VALUES (cairn_id(), ?1, ?2, ?3, ?4)",
                params![days.starts_on.to_string(), days.ends_on.to_string(), label, at],
            )?;
            Ok(Id(tx.last_insert_rowid()))
        })?;
        self.study_break(id)
    }

    pub fn delete_break(&mut self, id: Id, now: Timestamp) -> Result<StudyBreak> {
        self.mark_deleted("study_break", "break", id, Some(instant_text(now)))?;
        self.study_break(id)
    }

    pub fn restore_break(&mut self, id: Id) -> Result<StudyBreak> {
        self.mark_deleted("study_break", "break", id, None)?;
        self.study_break(id)
    }

    pub(super) fn study_break(&self, id: Id) -> Result<StudyBreak> {
        self.read(|conn| {
            Ok(conn
            .prepare_cached(
                "SELECT id, starts_on, ends_on, label, deleted_at IS NOT NULL FROM study_break WHERE id = ?1",
            )
            .and_then(|mut stmt| stmt.query_row([id], row_to_break).optional())?)
        })?
        .ok_or_else(|| Error::NotFound {
            what: format!("Break {id}"),
        })
    }

    /// The breaks that touch `from..=to`, as day ranges.
    pub(super) fn break_days(conn: &Connection, from: Date, to: Date) -> rusqlite::Result<Vec<BreakDays>> {
        let mut stmt = conn.prepare_cached(
            "SELECT starts_on, ends_on FROM study_break
             WHERE deleted_at IS NULL AND starts_on <= ?2 AND ends_on >= ?1",
        )?;
        let rows = stmt.query_map([from.to_string(), to.to_string()], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
        })?;
        let mut breaks = Vec::new();
        for row in rows {
            let (starts_on, ends_on) = row?;
            if let (Ok(starts_on), Ok(ends_on)) = (starts_on.parse(), ends_on.parse()) {
                breaks.push(BreakDays { starts_on, ends_on });
            }
        }
        Ok(breaks)
    }
}

pub(super) fn row_to_break(row: &Row<'_>) -> rusqlite::Result<StudyBreak> {
    Ok(StudyBreak {
        id: row.get(0)?,
        starts_on: row.get(1)?,
        ends_on: row.get(2)?,
        label: row.get(3)?,
        deleted: row.get(4)?,
    })
}
