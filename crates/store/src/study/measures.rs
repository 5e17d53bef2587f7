//! The figures made from sessions: weeks against their plan, the twelve-month heatmap and time totals.

use crate::study::targets::{target_for, targets_in, week_start_in};
use crate::study::{HeatDay, Heatmap, StudyTotals, StudyWeek, TimeShare};
use crate::{Store, StoreError};
use cairn_core::chart::HourAxis;
use cairn_core::study::weeks::{self, WeekMeasure};
use cairn_core::study::{add_days, Activity, CONSISTENCY_WEEKS};
use cairn_core::{Error, Result};
use jiff::civil::Date;
use rusqlite::{Connection, OptionalExtension};
use std::collections::HashMap;

/// How far back a heatmap may start: a year of days, one more when it holds a 29 February.
const HEATMAP_DAYS: i64 = 366;

impl Store {
    /// Seconds studied per local day in `from..=to` (days without study left out).
    pub(super) fn seconds_by_day(
        conn: &Connection,
        from: Date,
        to: Date,
    ) -> rusqlite::Result<HashMap<Date, i64>> {
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
                    weeks::measure_week(starts_on, seconds, target_for(&targets, starts_on), &breaks)
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
            consistency: weeks::consistency(&weeks),
            axis: HourAxis::for_weeks(weeks.iter().map(|w| (w.actual_minutes, w.planned_minutes))),
            week,
            weeks,
        })
    }

    /// Minutes per day from `from` to `today` (the person's local date), with the days of `from`'s week before
    /// it so that the grid starts on the first day of a week. The totals count `from..=today` only, like
    /// [`Store::study_totals`] for the same days, so the heatmap and the totals card agree. `from` may be at most
    /// 366 days before `today` (a year including a 29 February).
    pub fn study_heatmap(&self, from: Date, today: Date) -> Result<Heatmap> {
        self.read(|conn| {
            if from > today || add_days(from, HEATMAP_DAYS) < today {
                return Err(StoreError::field(
                    "from",
                    "A heatmap shows a day up to a year back.",
                ));
            }
            let week_start = week_start_in(conn)?;
            let first = week_start.week_of(from);
            let days = Self::seconds_by_day(conn, first, today)?;
            let breaks = Self::break_days(conn, first, today)?;
            let mut heat = Vec::with_capacity(373);
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
            let counted = days.iter().filter(|(day, _)| **day >= from);
            Ok(Heatmap {
                from: from.to_string(),
                total_minutes: (counted.clone().map(|(_, seconds)| seconds).sum::<i64>() / 60) as u32,
                study_days: counted.count() as u32,
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
            // From all the seconds, not the sum of the rounded shares, so it is the heatmap's figure for the same days.
            let total_minutes = (by_kind.iter().map(|(seconds, _)| seconds).sum::<i64>() / 60) as u32;
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

pub(super) fn share(label: String, key: String, (seconds, sessions): (i64, u32)) -> TimeShare {
    TimeShare {
        key,
        label,
        minutes: (seconds / 60) as u32,
        sessions,
    }
}

/// Largest share first; ties by label, so the order is stable.
pub(super) fn largest_first(mut shares: Vec<TimeShare>) -> Vec<TimeShare> {
    shares.sort_by(|a, b| b.minutes.cmp(&a.minutes).then_with(|| a.label.cmp(&b.label)));
    shares
}
