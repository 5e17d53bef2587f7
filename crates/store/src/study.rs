//! Study time: sessions (from the timer or typed in), the one timer, planned breaks, the weekly target and its
//! history, and the measures built from them (this week, consistency, planned against actual, the heatmap,
//! time by milestone, competency and activity).
//!
//! The timer lives in the `study_timer` row, so a closed window, a crash or a reboot leave it exactly as it
//! was; stopping it inserts the session and deletes the row in one transaction, so a stop saves exactly one
//! session. Every measure reads per-day sums through the `study_session_by_day` partial index; trashed
//! sessions are left out everywhere. The rules themselves (weeks, plans, breaks) are in
//! [`cairn_core::study`].

use crate::{Store, StoreError};
use cairn_core::study::{
    self, add_days, Activity, BreakDays, BreakInput, Consistency, SessionInput, StopChoice, TimerInput,
    ValidSession, WeekMeasure, WeekStart, CONSISTENCY_WEEKS, LONG_TIMER_SECONDS,
};
use cairn_core::time::instant_text;
use cairn_core::{Error, Result};
use jiff::civil::Date;
use jiff::{Timestamp, ZonedDateTime};
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};
use serde::Serialize;
use std::collections::HashMap;

/// How a session was recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum SessionSource {
    Timer,
    Manual,
}

/// A study session as the UI shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Session {
    pub id: u32,
    /// The local day it started (`YYYY-MM-DD`).
    pub started_on: String,
    /// When it started (UTC, RFC 3339), if known.
    pub started_at: Option<String>,
    pub seconds: u32,
    pub activity: Activity,
    pub milestone_key: Option<String>,
    pub milestone_title: Option<String>,
    pub competency_id: Option<u32>,
    pub competency_name: Option<String>,
    pub note: String,
    pub source: SessionSource,
    pub deleted: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SessionList {
    /// Newest first.
    pub sessions: Vec<Session>,
    /// All sessions (not in the trash).
    pub total: u32,
}

/// The running or paused timer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Timer {
    pub activity: Activity,
    pub milestone_key: Option<String>,
    pub milestone_title: Option<String>,
    pub competency_id: Option<u32>,
    pub competency_name: Option<String>,
    pub note: String,
    pub started_at: String,
    /// The local day it started, which its session will belong to.
    pub started_on: String,
    pub paused: bool,
    /// Running time so far (pauses left out), at the moment this was read.
    pub elapsed_seconds: u32,
    /// Above this the stop asks to confirm or trim.
    pub confirm_after_seconds: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct StudyBreak {
    pub id: u32,
    pub starts_on: String,
    pub ends_on: String,
    pub label: String,
    pub deleted: bool,
}

/// This week against its plan, with the consistency figure and the weeks it measures: the dashboard and the
/// Study page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct StudyWeek {
    pub week: WeekMeasure,
    pub ends_on: String,
    pub today_minutes: u32,
    pub week_start: WeekStart,
    /// The weekly target in force now.
    pub weekly_minutes: Option<u32>,
    pub consistency: Consistency,
    /// The weeks the consistency is measured over, oldest first, this one last (planned against actual).
    pub weeks: Vec<WeekMeasure>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct HeatDay {
    pub date: String,
    pub minutes: u32,
    pub on_break: bool,
}

/// Minutes per day for the last 12 months, every day present, from the first day of a week.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Heatmap {
    pub days: Vec<HeatDay>,
    pub week_start: WeekStart,
    pub total_minutes: u32,
    pub study_days: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TimeShare {
    /// The activity name, milestone key or competency id as text; empty for "not linked".
    pub key: String,
    pub label: String,
    pub minutes: u32,
    pub sessions: u32,
}

/// Time by activity, milestone and competency over a range, largest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct StudyTotals {
    pub from: Option<String>,
    pub to: String,
    pub total_minutes: u32,
    pub sessions: u32,
    pub by_activity: Vec<TimeShare>,
    pub by_milestone: Vec<TimeShare>,
    pub by_competency: Vec<TimeShare>,
}

const SESSION_COLUMNS: &str = "s.id, s.started_on, s.started_at, s.seconds, s.activity, m.key, m.title, \
     s.competency_id, c.name, s.note, s.source, s.deleted_at IS NOT NULL";
const SESSION_JOINS: &str =
    "FROM study_session s LEFT JOIN milestone m ON m.id = s.milestone_id LEFT JOIN competency c ON c.id = s.competency_id";

fn row_to_session(row: &Row<'_>) -> rusqlite::Result<Session> {
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
    })
}

fn session_by_id(conn: &Connection, id: u32) -> rusqlite::Result<Option<Session>> {
    let sql = format!("SELECT {SESSION_COLUMNS} {SESSION_JOINS} WHERE s.id = ?1");
    conn.prepare_cached(&sql)?
        .query_row([id], row_to_session)
        .optional()
}

/// The timer row as stored.
struct TimerRow {
    activity: Activity,
    milestone_key: Option<String>,
    milestone_title: Option<String>,
    milestone_id: Option<i64>,
    competency_id: Option<u32>,
    competency_name: Option<String>,
    note: String,
    started_at: Timestamp,
    started_on: Date,
    paused_at: Option<Timestamp>,
    paused_seconds: i64,
    discarded: bool,
}

/// A stored instant or date read back (the columns hold only what Cairn wrote).
fn parse_stored<T: std::str::FromStr<Err = jiff::Error>>(text: &str) -> rusqlite::Result<T> {
    text.parse()
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e)))
}

fn timer_row(conn: &Connection) -> rusqlite::Result<Option<TimerRow>> {
    conn.prepare_cached(
        "SELECT t.activity, m.key, m.title, t.milestone_id, t.competency_id, c.name, t.note, t.started_at,
                t.started_on, t.paused_at, t.paused_seconds, t.discarded_at IS NOT NULL
         FROM study_timer t LEFT JOIN milestone m ON m.id = t.milestone_id
              LEFT JOIN competency c ON c.id = t.competency_id WHERE t.id = 1",
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
            milestone_key: self.milestone_key.clone(),
            milestone_title: self.milestone_title.clone(),
            competency_id: self.competency_id,
            competency_name: self.competency_name.clone(),
            note: self.note.clone(),
            started_at: instant_text(self.started_at),
            started_on: self.started_on.to_string(),
            paused: self.paused_at.is_some(),
            elapsed_seconds: u32::try_from(self.seconds(now)).unwrap_or(u32::MAX),
            confirm_after_seconds: LONG_TIMER_SECONDS as u32,
        }
    }
}

/// The milestone and competency ids a session or timer links to; unknown ones are refused at their field.
fn resolve_links(
    tx: &Transaction<'_>,
    milestone_key: Option<&str>,
    competency_id: Option<u32>,
) -> Result<(Option<i64>, Option<u32>), StoreError> {
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

/// Checks a session's links and inserts it.
fn insert_session(
    tx: &Transaction<'_>,
    session: &ValidSession,
    source: SessionSource,
    now: &str,
) -> Result<u32, StoreError> {
    let (milestone_id, _) = resolve_links(tx, session.milestone_key.as_deref(), session.competency_id)?;
    Ok(insert_session_row(tx, session, milestone_id, source, now)?)
}

/// The one INSERT of a session, its milestone already resolved to an id (the timer holds the id itself).
fn insert_session_row(
    tx: &Transaction<'_>,
    session: &ValidSession,
    milestone_id: Option<i64>,
    source: SessionSource,
    now: &str,
) -> rusqlite::Result<u32> {
    tx.prepare_cached(
        "INSERT INTO study_session (started_on, started_at, seconds, activity, milestone_id, competency_id, note,
             source, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
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
    ])?;
    Ok(tx.last_insert_rowid() as u32)
}

/// Records the weekly target from the week `today` is in (replacing a change made earlier that week) and keeps
/// the profile's budget equal to the latest target. Called by the target setting and by the welcome / Settings
/// profile; a `today` in the past (the demo data) sets the target from that week on.
pub(crate) fn record_weekly_target(
    tx: &Transaction<'_>,
    minutes: Option<u32>,
    today: Date,
    now: &str,
) -> rusqlite::Result<()> {
    let from = week_start_in(tx)?.week_of(today);
    let targets = targets_in(tx)?;
    let in_force = targets.iter().rev().find(|(start, _)| *start <= from);
    if in_force.map(|(_, m)| *m) == Some(minutes) {
        return Ok(());
    }
    tx.execute(
        "INSERT INTO weekly_target (effective_from, minutes, set_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (effective_from) DO UPDATE SET minutes = excluded.minutes, set_at = excluded.set_at",
        params![from.to_string(), minutes, now],
    )?;
    tx.execute(
        "INSERT INTO profile (id, weekly_minutes, updated_at)
             VALUES (1, (SELECT minutes FROM weekly_target ORDER BY effective_from DESC LIMIT 1), ?1)
         ON CONFLICT (id) DO UPDATE SET weekly_minutes = excluded.weekly_minutes, updated_at = excluded.updated_at",
        params![now],
    )?;
    Ok(())
}

fn week_start_in(conn: &Connection) -> rusqlite::Result<WeekStart> {
    let stored: Option<Option<WeekStart>> = conn
        .prepare_cached("SELECT week_start FROM profile WHERE id = 1")?
        .query_row([], |row| row.get(0))
        .optional()?;
    Ok(stored.flatten().unwrap_or_default())
}

/// The target history, oldest first.
fn targets_in(conn: &Connection) -> rusqlite::Result<Vec<(Date, Option<u32>)>> {
    let mut stmt =
        conn.prepare_cached("SELECT effective_from, minutes FROM weekly_target ORDER BY effective_from")?;
    let rows = stmt.query_map([], |row| {
        Ok((row.get::<_, String>(0)?, row.get::<_, Option<u32>>(1)?))
    })?;
    let mut targets = Vec::new();
    for row in rows {
        let (from, minutes) = row?;
        if let Ok(from) = from.parse::<Date>() {
            targets.push((from, minutes));
        }
    }
    Ok(targets)
}

/// The target in force for the week `starts_on`: the latest set on or before the week's last day.
fn target_for(targets: &[(Date, Option<u32>)], starts_on: Date) -> Option<u32> {
    let last_day = add_days(starts_on, 6);
    targets
        .iter()
        .rev()
        .find(|(from, _)| *from <= last_day)
        .and_then(|(_, minutes)| *minutes)
}

impl Store {
    /// The day weeks start on.
    pub fn week_start(&self) -> Result<WeekStart> {
        self.read(|conn| Ok(week_start_in(conn)?))
    }

    pub fn set_week_start(&mut self, week_start: WeekStart, now: Timestamp) -> Result<WeekStart> {
        let now = instant_text(now);
        self.transact(|tx| {
            tx.execute(
                "INSERT INTO profile (id, week_start, updated_at) VALUES (1, ?1, ?2)
                 ON CONFLICT (id) DO UPDATE SET week_start = excluded.week_start, updated_at = excluded.updated_at",
                params![week_start, now],
            )?;
            Ok(())
        })?;
        self.week_start()
    }

    /// Sets the weekly target (minutes; `None` = none) from the week `today` is in; earlier weeks keep theirs.
    pub fn set_weekly_target(
        &mut self,
        minutes: Option<u32>,
        today: Date,
        now: Timestamp,
    ) -> Result<StudyWeek> {
        let minutes = study::weekly_target(minutes)?;
        let now = instant_text(now);
        self.transact(|tx| Ok(record_weekly_target(tx, minutes, today, &now)?))?;
        self.study_week(today)
    }

    // ---- the timer ----

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
            let (milestone_id, competency_id) =
                resolve_links(tx, input.milestone_key.as_deref(), input.competency_id)?;
            tx.execute("DELETE FROM study_timer", [])?;
            tx.execute(
                "INSERT INTO study_timer (id, activity, milestone_id, competency_id, note, started_at, started_on)
                 VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    input.activity,
                    milestone_id,
                    competency_id,
                    input.note,
                    instant_text(at),
                    started_on
                ],
            )?;
            Ok(())
        })?;
        self.live_timer_view(at)
    }

    fn live_timer_view(&self, now: Timestamp) -> Result<Timer> {
        self.timer(now)?.ok_or_else(no_timer)
    }

    /// The live timer in `tx`, or `not_found`.
    fn live_timer(tx: &Transaction<'_>) -> Result<TimerRow, StoreError> {
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
                note: timer.note,
            };
            let id = insert_session_row(tx, &session, timer.milestone_id, SessionSource::Timer, &at)?;
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

    // ---- sessions ----

    pub fn session(&self, id: u32) -> Result<Session> {
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
    pub fn update_session(&mut self, id: u32, input: &SessionInput, now: &ZonedDateTime) -> Result<Session> {
        let session = input.validate(now)?;
        let at = instant_text(now.timestamp());
        self.transact(|tx| {
            let (milestone_id, competency_id) =
                resolve_links(tx, session.milestone_key.as_deref(), session.competency_id)?;
            let changed = tx.execute(
                "UPDATE study_session SET started_on = ?2, started_at = ?3, seconds = ?4, activity = ?5,
                     milestone_id = ?6, competency_id = ?7, note = ?8, updated_at = ?9
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
                    at
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
    pub fn delete_session(&mut self, id: u32, now: Timestamp) -> Result<Session> {
        self.mark_deleted("study_session", "session", id, Some(instant_text(now)))?;
        self.session(id)
    }

    pub fn restore_session(&mut self, id: u32) -> Result<Session> {
        self.mark_deleted("study_session", "session", id, None)?;
        self.session(id)
    }

    // ---- planned breaks ----

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
                "INSERT INTO study_break (starts_on, ends_on, label, created_at) VALUES (?1, ?2, ?3, ?4)",
                params![days.starts_on.to_string(), days.ends_on.to_string(), label, at],
            )?;
            Ok(tx.last_insert_rowid() as u32)
        })?;
        self.study_break(id)
    }

    pub fn delete_break(&mut self, id: u32, now: Timestamp) -> Result<StudyBreak> {
        self.mark_deleted("study_break", "break", id, Some(instant_text(now)))?;
        self.study_break(id)
    }

    pub fn restore_break(&mut self, id: u32) -> Result<StudyBreak> {
        self.mark_deleted("study_break", "break", id, None)?;
        self.study_break(id)
    }

    fn study_break(&self, id: u32) -> Result<StudyBreak> {
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
    fn break_days(conn: &Connection, from: Date, to: Date) -> rusqlite::Result<Vec<BreakDays>> {
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

    // ---- measures ----

    /// Seconds studied per local day in `from..=to` (days without study left out).
    fn seconds_by_day(conn: &Connection, from: Date, to: Date) -> rusqlite::Result<HashMap<Date, i64>> {
        let mut stmt = conn.prepare_cached(
            "SELECT started_on, sum(seconds) FROM study_session INDEXED BY study_session_by_day
             WHERE deleted_at IS NULL AND started_on BETWEEN ?1 AND ?2 GROUP BY started_on",
        )?;
        let rows = stmt.query_map([from.to_string(), to.to_string()], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)?))
        })?;
        let mut days = HashMap::new();
        for row in rows {
            let (day, seconds) = row?;
            if let Ok(day) = day.parse::<Date>() {
                days.insert(day, seconds);
            }
        }
        Ok(days)
    }

    /// The `count` weeks up to and including the one `today` is in, oldest first, each against its plan.
    pub fn study_weeks(&self, today: Date, count: u32) -> Result<Vec<WeekMeasure>> {
        self.read(|conn| {
            let week_start = week_start_in(conn)?;
            let this_week = week_start.week_of(today);
            let first = add_days(this_week, -7 * i64::from(count.max(1) - 1));
            let last_day = add_days(this_week, 6);
            let days = Self::seconds_by_day(conn, first, last_day)?;
            let breaks = Self::break_days(conn, first, last_day)?;
            let targets = targets_in(conn)?;
            Ok((0..i64::from(count.max(1)))
                .map(|index| {
                    let starts_on = add_days(first, 7 * index);
                    let seconds = (0..7).filter_map(|d| days.get(&add_days(starts_on, d))).sum();
                    study::measure_week(starts_on, seconds, target_for(&targets, starts_on), &breaks)
                })
                .collect())
        })
    }

    /// This week against its plan, today's minutes and the consistency over the last 12 weeks.
    pub fn study_week(&self, today: Date) -> Result<StudyWeek> {
        let weeks = self.study_weeks(today, CONSISTENCY_WEEKS as u32)?;
        let week = weeks
            .last()
            .cloned()
            .ok_or_else(|| Error::Database("no week measured".into()))?;
        let week_start = self.week_start()?;
        let today_seconds = self
            .read(|conn| Ok(Self::seconds_by_day(conn, today, today)?))?
            .get(&today)
            .copied()
            .unwrap_or(0);
        Ok(StudyWeek {
            ends_on: add_days(week_start.week_of(today), 6).to_string(),
            today_minutes: (today_seconds / 60) as u32,
            week_start,
            weekly_minutes: week.target_minutes,
            consistency: study::consistency(&weeks),
            week,
            weeks,
        })
    }

    /// Minutes per day for the 12 months up to `today`, starting on the first day of a week (a full grid).
    pub fn study_heatmap(&self, today: Date) -> Result<Heatmap> {
        self.read(|conn| {
            let week_start = week_start_in(conn)?;
            let first = week_start.week_of(add_days(today, -364));
            let days = Self::seconds_by_day(conn, first, today)?;
            let breaks = Self::break_days(conn, first, today)?;
            let mut heat = Vec::with_capacity(371);
            let mut day = first;
            while day <= today {
                let seconds = days.get(&day).copied().unwrap_or(0);
                heat.push(HeatDay {
                    date: day.to_string(),
                    minutes: (seconds / 60) as u32,
                    on_break: breaks.iter().any(|b| b.contains(day)),
                });
                day = add_days(day, 1);
            }
            Ok(Heatmap {
                total_minutes: (days.values().sum::<i64>() / 60) as u32,
                study_days: days.len() as u32,
                days: heat,
                week_start,
            })
        })
    }

    /// Time by activity, milestone and competency for sessions started in `from..=to` (`from` None = all).
    /// One pass over the covering index, grouped by all three at once (a few hundred groups even over ten years),
    /// then summed three ways here; names are looked up for the groups only.
    pub fn study_totals(&self, from: Option<Date>, to: Date) -> Result<StudyTotals> {
        self.read(|conn| {
            // Plain rows summed here: SQLite's GROUP BY sorts every row in a temporary b-tree first, which
            // measured four times slower than this scan over ten years of sessions.
            let mut stmt = conn.prepare_cached(
                "SELECT activity, milestone_id, competency_id, seconds
                 FROM study_session INDEXED BY study_session_by_day
                 WHERE deleted_at IS NULL AND started_on BETWEEN ?1 AND ?2",
            )?;
            let from_text = from.map(|d| d.to_string()).unwrap_or_else(|| "0000-00-00".into());
            let mut rows = stmt.query([from_text, to.to_string()])?;
            let mut by_kind = [(0i64, 0u32); Activity::ALL.len()];
            let mut milestone: HashMap<Option<i64>, (i64, u32)> = HashMap::new();
            let mut competency: HashMap<Option<i64>, (i64, u32)> = HashMap::new();
            while let Some(row) = rows.next()? {
                let kind: Activity = row.get(0)?;
                let seconds: i64 = row.get(3)?;
                let index = Activity::ALL.iter().position(|a| *a == kind).unwrap_or(0);
                for sum in [
                    &mut by_kind[index],
                    milestone.entry(row.get(1)?).or_default(),
                    competency.entry(row.get(2)?).or_default(),
                ] {
                    sum.0 += seconds;
                    sum.1 += 1;
                }
            }
            let activity = Activity::ALL
                .iter()
                .zip(by_kind)
                .filter(|(_, (_, count))| *count > 0)
                .map(|(kind, sum)| (*kind, sum));
            let by_activity = largest_first(
                activity
                    .map(|(kind, sum)| share(kind.label().to_owned(), kind.as_str().to_owned(), sum))
                    .collect(),
            );
            let mut milestone_names =
                conn.prepare_cached("SELECT key, title FROM milestone WHERE id = ?1")?;
            let mut by_milestone = Vec::new();
            for (id, sum) in milestone {
                let named: Option<(String, String)> = match id {
                    Some(id) => milestone_names
                        .query_row([id], |row| Ok((row.get(0)?, row.get(1)?)))
                        .optional()?,
                    None => None,
                };
                let (key, label) = named.unwrap_or_else(|| (String::new(), "No milestone".into()));
                by_milestone.push(share(label, key, sum));
            }
            let mut competency_names = conn.prepare_cached("SELECT name FROM competency WHERE id = ?1")?;
            let mut by_competency = Vec::new();
            for (id, sum) in competency {
                let name: Option<String> = match id {
                    Some(id) => competency_names.query_row([id], |row| row.get(0)).optional()?,
                    None => None,
                };
                let key = id
                    .filter(|_| name.is_some())
                    .map(|id| id.to_string())
                    .unwrap_or_default();
                by_competency.push(share(name.unwrap_or_else(|| "No competency".into()), key, sum));
            }
            let total_minutes = by_activity.iter().map(|s| s.minutes).sum();
            let sessions = by_activity.iter().map(|s| s.sessions).sum();
            Ok(StudyTotals {
                from: from.map(|d| d.to_string()),
                to: to.to_string(),
                total_minutes,
                sessions,
                by_activity,
                by_milestone: largest_first(by_milestone),
                by_competency: largest_first(by_competency),
            })
        })
    }
}

fn share(label: String, key: String, (seconds, sessions): (i64, u32)) -> TimeShare {
    TimeShare {
        key,
        label,
        minutes: (seconds / 60) as u32,
        sessions,
    }
}

/// Largest share first; ties by label, so the order is stable.
fn largest_first(mut shares: Vec<TimeShare>) -> Vec<TimeShare> {
    shares.sort_by(|a, b| b.minutes.cmp(&a.minutes).then_with(|| a.label.cmp(&b.label)));
    shares
}

fn row_to_break(row: &Row<'_>) -> rusqlite::Result<StudyBreak> {
    Ok(StudyBreak {
        id: row.get(0)?,
        starts_on: row.get(1)?,
        ends_on: row.get(2)?,
        label: row.get(3)?,
        deleted: row.get(4)?,
    })
}

fn no_timer() -> Error {
    Error::NotFound {
        what: "A running or paused timer".into(),
    }
}

/// An entry's error renamed to say which entry of a batch it is about.
fn at_entry(index: usize, error: Error) -> Error {
    match error {
        Error::InvalidInput { field, message } => {
            Error::invalid(format!("sessions[{index}].{field}"), message)
        }
        other => other,
    }
}
