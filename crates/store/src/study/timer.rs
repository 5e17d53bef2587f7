//! The one study timer: start, pause, resume, stop (saving exactly one session) and discard with undo. Its
//! state lives in the database, so a timer survives a restart or a crash.

use crate::study::sessions::{check_project, insert_session_row, resolve_links};
use crate::study::{Session, SessionSource, Timer};
use crate::{Store, StoreError};
use cairn_core::study::{self, Activity, StopChoice, TimerInput, ValidSession, LONG_TIMER_SECONDS};
use cairn_core::time::instant_text;
use cairn_core::Id;
use cairn_core::{Error, Result};
use jiff::civil::Date;
use jiff::{Timestamp, ZonedDateTime};
use rusqlite::{params, Connection, OptionalExtension, Transaction};

/// The timer row as stored.
pub(super) struct TimerRow {
    activity: Activity,
    item_id: Option<Id>,
    item_title: Option<String>,
    scratch_note_id: Option<Id>,
    milestone_key: Option<String>,
    milestone_title: Option<String>,
    milestone_id: Option<i64>,
    competency_id: Option<Id>,
    competency_name: Option<String>,
    project_id: Option<Id>,
    project_title: Option<String>,
    note: String,
    started_at: Timestamp,
    started_on: Date,
    paused_at: Option<Timestamp>,
    paused_seconds: i64,
    discarded: bool,
}

/// A stored instant or date read back (the columns hold only what Cairn wrote).
pub(super) fn parse_stored<T: std::str::FromStr<Err = jiff::Error>>(text: &str) -> rusqlite::Result<T> {
    text.parse()
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e)))
}

pub(super) fn timer_row(conn: &Connection) -> rusqlite::Result<Option<TimerRow>> {
    conn.prepare_cached(
        "SELECT t.activity, m.key, m.title, t.milestone_id, t.competency_id, c.name, t.note, t.started_at,
                t.started_on, t.paused_at, t.paused_seconds, t.discarded_at IS NOT NULL, t.project_id, p.title,
                t.item_id, i.title, t.scratch_note_id
         FROM study_timer t LEFT JOIN milestone m ON m.id = t.milestone_id
              LEFT JOIN competency c ON c.id = t.competency_id LEFT JOIN project p ON p.id = t.project_id
              LEFT JOIN checklist_item i ON i.id = t.item_id
         WHERE t.id = 1",
    )?
    .query_row([], |row| {
        Ok(TimerRow {
            activity: row.get(0)?,
            milestone_key: row.get(1)?,
            milestone_title: row.get(2)?,
            milestone_id: row.get(3)?,
            competency_id: row.get(4)?,
            competency_name: row.get(5)?,
            note: row.get(6)?,
            started_at: parse_stored(&row.get::<_, String>(7)?)?,
            started_on: parse_stored(&row.get::<_, String>(8)?)?,
            paused_at: row
                .get::<_, Option<String>>(9)?
                .as_deref()
                .map(parse_stored)
                .transpose()?,
            paused_seconds: row.get(10)?,
            discarded: row.get(11)?,
            project_id: row.get(12)?,
            project_title: row.get(13)?,
            item_id: row.get(14)?,
            item_title: row.get(15)?,
            scratch_note_id: row.get(16)?,
        })
    })
    .optional()
}

impl TimerRow {
    fn seconds(&self, now: Timestamp) -> i64 {
        study::timer_seconds(self.started_at, self.paused_seconds, self.paused_at, now)
    }

    fn view(&self, now: Timestamp) -> Timer {
        Timer {
            activity: self.activity,
            item_id: self.item_id,
            item_title: self.item_title.clone(),
            scratch_note_id: self.scratch_note_id,
            milestone_key: self.milestone_key.clone(),
            milestone_title: self.milestone_title.clone(),
            competency_id: self.competency_id,
            competency_name: self.competency_name.clone(),
            project_id: self.project_id,
            project_title: self.project_title.clone(),
            note: self.note.clone(),
            started_at: instant_text(self.started_at),
            started_on: self.started_on.to_string(),
            paused: self.paused_at.is_some(),
            elapsed_seconds: u32::try_from(self.seconds(now)).unwrap_or(u32::MAX),
            confirm_after_seconds: LONG_TIMER_SECONDS as u32,
        }
    }
}

impl Store {
    /// The timer, if one is running or paused (a discarded one is not shown).
    pub fn timer(&self, now: Timestamp) -> Result<Option<Timer>> {
        self.read(|conn| {
            let row = timer_row(conn)?;
            Ok(row.filter(|t| !t.discarded).map(|t| t.view(now)))
        })
    }

    /// Starts the timer; `conflict` when one is already running or paused.
    pub fn start_timer(&mut self, input: &TimerInput, now: &ZonedDateTime) -> Result<Timer> {
        let input = input.validate()?;
        let at = now.timestamp();
        let started_on = now.date().to_string();
        self.transact(|tx| {
            if let Some(existing) = timer_row(tx)?.filter(|t| !t.discarded) {
                return Err(Error::Conflict(format!(
                    "A timer is already {} (started {}). Stop it before starting another.",
                    if existing.paused_at.is_some() { "paused" } else { "running" },
                    instant_text(existing.started_at)
                ))
                .into());
            }
            let (mut milestone_id, mut competency_id) =
                resolve_links(tx, input.milestone_key.as_deref(), input.competency_id)?;
            if let Some(item_id) = input.item_id {
                let (milestone, competency) = item_links(tx, item_id)?;
                milestone_id = Some(milestone);
                // A competency the person chose stays; otherwise the one the pathway says the item builds.
                competency_id = competency_id.or(competency);
            }
            check_project(tx, input.project_id)?;
            tx.execute("DELETE FROM study_timer", [])?;
            tx.execute(
                "INSERT INTO study_timer (id, activity, milestone_id, competency_id, note, started_at, started_on,
                     project_id, item_id)
                 VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    input.activity,
                    milestone_id,
                    competency_id,
                    input.note,
                    instant_text(at),
                    started_on,
                    input.project_id,
                    input.item_id
                ],
            )?;
            Ok(())
        })?;
        self.live_timer_view(at)
    }

    pub(super) fn live_timer_view(&self, now: Timestamp) -> Result<Timer> {
        self.timer(now)?.ok_or_else(no_timer)
    }

    /// The live timer in `tx`, or `not_found`.
    pub(super) fn live_timer(tx: &Transaction<'_>) -> Result<TimerRow, StoreError> {
        Ok(timer_row(tx)?.filter(|t| !t.discarded).ok_or_else(no_timer)?)
    }

    pub fn pause_timer(&mut self, now: Timestamp) -> Result<Timer> {
        let at = instant_text(now);
        self.transact(|tx| {
            let timer = Store::live_timer(tx)?;
            if timer.paused_at.is_none() {
                tx.execute("UPDATE study_timer SET paused_at = ?1 WHERE id = 1", [&at])?;
            }
            Ok(())
        })?;
        self.live_timer_view(now)
    }

    pub fn resume_timer(&mut self, now: Timestamp) -> Result<Timer> {
        self.transact(|tx| {
            let timer = Store::live_timer(tx)?;
            if let Some(paused_at) = timer.paused_at {
                // A clock that went backwards adds no pause.
                let pause = (now.as_second() - paused_at.as_second()).max(0);
                tx.execute(
                    "UPDATE study_timer SET paused_at = NULL, paused_seconds = paused_seconds + ?1 WHERE id = 1",
                    [pause],
                )?;
            }
            Ok(())
        })?;
        self.live_timer_view(now)
    }

    /// Stops the timer and saves its time as one session (see [`StopChoice`] for a timer over 12 hours).
    pub fn stop_timer(&mut self, choice: StopChoice, now: Timestamp) -> Result<Session> {
        let at = instant_text(now);
        let id = self.transact(|tx| {
            let timer = Store::live_timer(tx)?;
            let session = ValidSession {
                started_on: timer.started_on,
                started_at: Some(timer.started_at),
                seconds: study::stopped_seconds(timer.seconds(now), choice)?,
                activity: timer.activity,
                milestone_key: timer.milestone_key,
                competency_id: timer.competency_id,
                project_id: timer.project_id,
                note: timer.note,
            };
            let id = insert_session_row(tx, &session, timer.milestone_id, SessionSource::Timer, &at)?;
            // The item studied and the scratch pad's note go with the session.
            tx.execute(
                "UPDATE study_session SET item_id = ?2, scratch_note_id = ?3 WHERE id = ?1",
                params![id, timer.item_id, timer.scratch_note_id],
            )?;
            tx.execute("DELETE FROM study_timer", [])?;
            Ok(id)
        })?;
        self.session(id)
    }

    /// Throws the timer away without saving; [`Store::restore_timer`] undoes it until another timer starts.
    pub fn discard_timer(&mut self, now: Timestamp) -> Result<()> {
        let at = instant_text(now);
        self.transact(|tx| {
            Store::live_timer(tx)?;
            tx.execute("UPDATE study_timer SET discarded_at = ?1 WHERE id = 1", [&at])?;
            Ok(())
        })
    }

    pub fn restore_timer(&mut self, now: Timestamp) -> Result<Timer> {
        self.transact(|tx| {
            let restored = tx.execute(
                "UPDATE study_timer SET discarded_at = NULL WHERE id = 1 AND discarded_at IS NOT NULL",
                [],
            )?;
            if restored == 0 {
                return Err(StoreError::field(
                    "timer",
                    "There is no discarded timer to bring back.",
                ));
            }
            Ok(())
        })?;
        self.live_timer_view(now)
    }
}

/// The milestone of a checklist item a timer is started for, and the competency the pathway says it builds
/// (if that competency is still offered); a deleted or unknown item is refused at `itemId`.
fn item_links(tx: &Transaction<'_>, item_id: Id) -> Result<(i64, Option<Id>), StoreError> {
    tx.prepare_cached(
        "SELECT i.milestone_id, c.id FROM checklist_item i
         LEFT JOIN competency c ON c.key = i.competency_key AND c.retired_at IS NULL AND c.hidden_at IS NULL
         WHERE i.id = ?1 AND i.deleted_at IS NULL",
    )?
    .query_row([item_id], |row| Ok((row.get(0)?, row.get(1)?)))
    .optional()?
    .ok_or_else(|| StoreError::field("itemId", format!("There is no checklist item {item_id}.")))
}

pub(super) fn no_timer() -> Error {
    Error::NotFound {
        what: "A running or paused timer".into(),
    }
}
