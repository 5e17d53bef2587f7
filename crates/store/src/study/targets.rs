//! The day weeks start on and the weekly target, with its history (a changed target counts from its week on).

use crate::study::StudyWeek;
use crate::Store;
use cairn_core::study::{self, add_days, WeekStart};
use cairn_core::time::instant_text;
use cairn_core::Result;
use jiff::civil::Date;
use jiff::Timestamp;
use rusqlite::{params, Connection, OptionalExtension, Transaction};

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

pub(super) fn week_start_in(conn: &Connection) -> rusqlite::Result<WeekStart> {
    let stored: Option<Option<WeekStart>> = conn
        .prepare_cached("SELECT week_start FROM profile WHERE id = 1")?
        .query_row([], |row| row.get(0))
        .optional()?;
    Ok(stored.flatten().unwrap_or_default())
}

/// The target history, oldest first.
pub(super) fn targets_in(conn: &Connection) -> rusqlite::Result<Vec<(Date, Option<u32>)>> {
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
pub(super) fn target_for(targets: &[(Date, Option<u32>)], starts_on: Date) -> Option<u32> {
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
        self.execute(
            "INSERT INTO profile (id, week_start, updated_at) VALUES (1, ?1, ?2)
             ON CONFLICT (id) DO UPDATE SET week_start = excluded.week_start, updated_at = excluded.updated_at",
            params![week_start, now],
        )?;
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
}
