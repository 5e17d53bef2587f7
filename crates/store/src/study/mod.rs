//! Study time: sessions (from the timer or typed in), the one timer, planned breaks, the weekly target and its
//! history, and the measures built from them (this week, consistency, planned against actual, the heatmap,
//! time by milestone, competency and activity).
//!
//! The timer lives in the `study_timer` row, so a closed window, a crash or a reboot leave it exactly as it
//! was; stopping it inserts the session and deletes the row in one transaction, so a stop saves exactly one
//! session. Every measure reads per-day sums through the `study_session_by_day` partial index; trashed
//! sessions are left out everywhere. The rules themselves (weeks, plans, breaks) are in
//! [`cairn_core::study`].

mod breaks;
mod measures;
mod reflection;
pub use reflection::{PeriodReflections, ReflectionInput};
mod sessions;
pub(crate) mod targets;
mod timer;

use cairn_core::chart::HourAxis;
use cairn_core::study::weeks::{Consistency, WeekMeasure};
use cairn_core::study::{Activity, WeekStart};
use cairn_core::Id;
use serde::Serialize;

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
    pub id: Id,
    /// The local day it started (`YYYY-MM-DD`).
    pub started_on: String,
    /// When it started (UTC, RFC 3339), if known.
    pub started_at: Option<String>,
    pub seconds: u32,
    pub activity: Activity,
    pub milestone_key: Option<String>,
    pub milestone_title: Option<String>,
    pub competency_id: Option<Id>,
    pub competency_name: Option<String>,
    pub note: String,
    pub source: SessionSource,
    pub deleted: bool,
    /// The paid project this was time on.
    pub project_id: Option<Id>,
    pub project_title: Option<String>,
    /// The checklist item studied.
    pub item_id: Option<Id>,
    pub item_title: Option<String>,
    /// The note the scratch pad kept during it, and the reflection written after it (neither in the trash).
    pub scratch_note_id: Option<Id>,
    pub reflection_note_id: Option<Id>,
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
    /// The checklist item being studied.
    pub item_id: Option<Id>,
    pub item_title: Option<String>,
    /// The note the scratch pad writes to, once something was typed in it.
    pub scratch_note_id: Option<Id>,
    pub milestone_key: Option<String>,
    pub milestone_title: Option<String>,
    pub competency_id: Option<Id>,
    pub competency_name: Option<String>,
    pub project_id: Option<Id>,
    pub project_title: Option<String>,
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
    pub id: Id,
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
    /// The hours axis their chart is drawn on (the reports use the same rule).
    pub axis: HourAxis,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct HeatDay {
    pub date: String,
    pub minutes: u32,
    pub on_break: bool,
}

/// Minutes per day for a period of up to a year, every day present, from the first day of the week the
/// period starts in; the days before `from` are there to fill that week and are not in the totals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Heatmap {
    /// The period's first day (`YYYY-MM-DD`).
    pub from: String,
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
