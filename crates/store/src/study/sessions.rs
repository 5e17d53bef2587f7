//! Study sessions: listing, manual entries (one or many), edits, and delete with undo.

use crate::study::{Session, SessionList, SessionSource};
use crate::{Store, StoreError};
use cairn_core::study::{SessionInput, ValidSession};
use cairn_core::time::instant_text;
use cairn_core::Id;
use cairn_core::{Error, Result};
use jiff::{Timestamp, ZonedDateTime};
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};

pub(super) const SESSION_COLUMNS: &str =
    "s.id, s.started_on, s.started_at, s.seconds, s.activity, m.key, m.title, \
     s.competency_id, c.name, s.note, s.source, s.deleted_at IS NOT NULL, s.project_id, p.title, s.item_id, i.title, \
     (SELECT id FROM note WHERE id = s.scratch_note_id AND deleted_at IS NULL), \
     (SELECT id FROM note WHERE id = s.reflection_note_id AND deleted_at IS NULL)";

pub(super) const SESSION_JOINS: &str =
    "FROM study_session s LEFT JOIN milestone m ON m.id = s.milestone_id LEFT JOIN competency c ON c.id = s.competency_id \
     LEFT JOIN project p ON p.id = s.project_id LEFT JOIN checklist_item i ON i.id = s.item_id";

pub(super) fn row_to_session(row: &Row<'_>) -> rusqlite::Result<Session> {
    Ok(Session {
        id: row.get(0)?,
        started_on: row.get(1)?,
        started_at: row.get(2)?,
        seconds: row.get(3)?,
        activity: row.get(4)?,
        milestone_key: row.get(5)?,
        milestone_title: row.get(6)?,
        competency_id: row.get(7)?,
        competency_name: row.get(8)?,
        note: row.get(9)?,
        source: if row.get::<_, String>(10)? == "timer" {
            SessionSource::Timer
        } else {
            SessionSource::Manual
        },
        deleted: row.get(11)?,
        project_id: row.get(12)?,
        project_title: row.get(13)?,
        item_id: row.get(14)?,
        item_title: row.get(15)?,
        scratch_note_id: row.get(16)?,
        reflection_note_id: row.get(17)?,
    })
}

pub(super) fn session_by_id(conn: &Connection, id: Id) -> rusqlite::Result<Option<Session>> {
    let sql = format!("SELECT {SESSION_COLUMNS} {SESSION_JOINS} WHERE s.id = ?1");
    conn.prepare_cached(&sql)?
        .query_row([id], row_to_session)
        .optional()
}

/// The milestone and competency ids a session or timer links to; unknown ones are refused at their field.
pub(super) fn resolve_links(
    tx: &Transaction<'_>,
    milestone_key: Option<&str>,
    competency_id: Option<Id>,
) -> Result<(Option<i64>, Option<Id>), StoreError> {
    let milestone = match milestone_key {
        None => None,
        Some(key) => Some(
            tx.prepare_cached("SELECT id FROM milestone WHERE key = ?1 AND retired_at IS NULL")?
                .query_row([key], |row| row.get(0))
                .optional()?
                .ok_or_else(|| {
                    StoreError::field("milestoneKey", format!("There is no milestone \"{key}\"."))
                })?,
        ),
    };
    let competency = match competency_id {
        None => None,
        Some(id) => Some(
            tx.prepare_cached("SELECT id FROM competency WHERE id = ?1 AND retired_at IS NULL")?
                .query_row([id], |row| row.get(0))
                .optional()?
                .ok_or_else(|| StoreError::field("competencyId", format!("There is no competency {id}.")))?,
        ),
    };
    Ok((milestone, competency))
}

/// A project a session or timer logs time against must be there (not deleted); refused at `projectId`.
pub(super) fn check_project(tx: &Transaction<'_>, project_id: Option<Id>) -> Result<(), StoreError> {
    crate::pipeline::live(tx, "project", project_id, "projectId", "project")
}

/// Checks a session's links and inserts it.
pub(super) fn insert_session(
    tx: &Transaction<'_>,
    session: &ValidSession,
    source: SessionSource,
    now: &str,
) -> Result<Id, StoreError> {
    let (milestone_id, _) = resolve_links(tx, session.milestone_key.as_deref(), session.competency_id)?;
    check_project(tx, session.project_id)?;
    Ok(insert_session_row(tx, session, milestone_id, source, now)?)
}

/// The one INSERT of a session, its milestone already resolved to an id (the timer holds the id itself).
pub(super) fn insert_session_row(
    tx: &Transaction<'_>,
    session: &ValidSession,
    milestone_id: Option<i64>,
    source: SessionSource,
    now: &str,
) -> rusqlite::Result<Id> {
    tx.prepare_cached(
        "INSERT INTO study_session (id, started_on, started_at, seconds, activity, milestone_id, competency_id, note,
             source, created_at, updated_at, project_id)
         VALUES (cairn_id(), ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?10)",
    )?
    .execute(params![
        session.started_on.to_string(),
        session.started_at.map(instant_text),
        session.seconds,
        session.activity,
        milestone_id,
        session.competency_id,
        session.note,
        match source {
            SessionSource::Timer => "timer",
            SessionSource::Manual => "manual",
        },
        now,
        session.project_id,
    ])?;
    Ok(Id(tx.last_insert_rowid()))
}

impl Store {
    pub fn session(&self, id: Id) -> Result<Session> {
        self.read(|conn| {
            Ok(session_by_id(conn, id)?.ok_or_else(|| Error::NotFound {
                what: format!("Session {id}"),
            })?)
        })
    }

    /// Sessions newest first (by day, then start), `limit` from `offset`; trashed ones left out.
    pub fn sessions(&self, offset: u32, limit: u32) -> Result<SessionList> {
        self.read(|conn| {
            let sql = format!(
                "SELECT {SESSION_COLUMNS} {SESSION_JOINS} WHERE s.deleted_at IS NULL
                 ORDER BY s.started_on DESC, s.started_at DESC, s.id DESC LIMIT ?1 OFFSET ?2"
            );
            let sessions = conn
                .prepare_cached(&sql)?
                .query_map([limit.min(500), offset], row_to_session)?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            let total = conn
                .prepare_cached("SELECT count(*) FROM study_session WHERE deleted_at IS NULL")?
                .query_row([], |row| row.get(0))?;
            Ok(SessionList { sessions, total })
        })
    }

    /// Logs time studied without the timer.
    pub fn add_session(&mut self, input: &SessionInput, now: &ZonedDateTime) -> Result<Session> {
        let session = input.validate(now)?;
        let at = instant_text(now.timestamp());
        let id = self.transact(|tx| insert_session(tx, &session, SessionSource::Manual, &at))?;
        self.session(id)
    }

    /// Logs many sessions in one transaction (all or none); a refusal names the entry (`sessions[3].date`).
    pub fn add_sessions(&mut self, inputs: &[SessionInput], now: &ZonedDateTime) -> Result<u32> {
        let sessions = inputs
            .iter()
            .enumerate()
            .map(|(index, input)| input.validate(now).map_err(|e| at_entry(index, e)))
            .collect::<Result<Vec<_>>>()?;
        let at = instant_text(now.timestamp());
        self.transact(|tx| {
            for (index, session) in sessions.iter().enumerate() {
                insert_session(tx, session, SessionSource::Manual, &at).map_err(|refusal| match refusal {
                    StoreError::Field(field, message) => {
                        StoreError::Field(format!("sessions[{index}].{field}"), message)
                    }
                    other => other,
                })?;
            }
            Ok(sessions.len() as u32)
        })
    }

    /// Changes a session's day, times, length, links or note (from the timer or typed in).
    pub fn update_session(&mut self, id: Id, input: &SessionInput, now: &ZonedDateTime) -> Result<Session> {
        let session = input.validate(now)?;
        let at = instant_text(now.timestamp());
        self.transact(|tx| {
            let (milestone_id, competency_id) =
                resolve_links(tx, session.milestone_key.as_deref(), session.competency_id)?;
            check_project(tx, session.project_id)?;
            let changed = tx.execute(
                "UPDATE study_session SET started_on = ?2, started_at = ?3, seconds = ?4, activity = ?5,
                     milestone_id = ?6, competency_id = ?7, note = ?8, updated_at = ?9, project_id = ?10
                 WHERE id = ?1 AND deleted_at IS NULL",
                params![
                    id,
                    session.started_on.to_string(),
                    session.started_at.map(instant_text),
                    session.seconds,
                    session.activity,
                    milestone_id,
                    competency_id,
                    session.note,
                    at,
                    session.project_id
                ],
            )?;
            if changed == 0 {
                return Err(Error::NotFound {
                    what: format!("The session {id}"),
                }
                .into());
            }
            Ok(())
        })?;
        self.session(id)
    }

    /// Moves a session to the trash; [`Store::restore_session`] undoes it.
    pub fn delete_session(&mut self, id: Id, now: Timestamp) -> Result<Session> {
        self.mark_deleted("study_session", "session", id, Some(instant_text(now)))?;
        self.session(id)
    }

    pub fn restore_session(&mut self, id: Id) -> Result<Session> {
        self.mark_deleted("study_session", "session", id, None)?;
        self.session(id)
    }
}

/// An entry's error renamed to say which entry of a batch it is about.
pub(super) fn at_entry(index: usize, error: Error) -> Error {
    match error {
        Error::InvalidInput { field, message } => {
            Error::invalid(format!("sessions[{index}].{field}"), message)
        }
        other => other,
    }
}
