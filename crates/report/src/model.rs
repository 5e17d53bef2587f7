//! What a progress report holds, as data: the request, the report's sections and rows, and the charts. Gathered
//! once (`progress::gather`) and laid out once as a document (`document::of`) that every renderer (PDF, HTML,
//! Markdown, Word) prints, so all formats say the same thing.

use cairn_core::Id;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// The most weeks the study chart shows; a longer range still counts every week in its totals.
pub const MAX_CHART_WEEKS: u32 = 26;

/// The most notes one report carries.
pub const MAX_NOTES: usize = 200;

/// Which parts the person wants in the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ReportSections {
    pub checklist: bool,
    pub competencies: bool,
    pub study: bool,
    pub portfolio: bool,
    pub network: bool,
    /// The prospect pipeline: counts and movement in the period.
    #[serde(default = "yes")]
    pub pipeline: bool,
    /// Whether the pipeline names the organisations (off unless the person turns it on).
    #[serde(default)]
    pub pipeline_names: bool,
    /// The reflections written after the period's study sessions, among the notes (off unless turned on).
    #[serde(default)]
    pub reflections: bool,
}

fn yes() -> bool {
    true
}

impl Default for ReportSections {
    fn default() -> Self {
        ReportSections {
            checklist: true,
            competencies: true,
            study: true,
            portfolio: true,
            network: true,
            pipeline: true,
            pipeline_names: false,
            reflections: false,
        }
    }
}

/// What to put in a report: a date range (`YYYY-MM-DD`, both optional), the sections, and chosen notes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ReportRequest {
    pub from: Option<String>,
    pub to: Option<String>,
    pub sections: ReportSections,
    pub note_ids: Vec<Id>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProgressReport {
    pub title: String,
    /// "All time up to 24 November 2026", "1 September 2026 – 24 November 2026".
    pub period: String,
    pub generated_on: String,
    /// The locale the dates are written in (a tag like `en-GB`).
    pub locale: String,
    pub person: Person,
    pub overall: Share,
    pub milestones: Vec<MilestoneProgress>,
    pub sections: ReportSections,
    pub items_done: Vec<ItemDone>,
    pub competencies: Vec<CompetencyRow>,
    pub assessments_in_period: u32,
    pub study: StudySummary,
    pub portfolio: PortfolioSummary,
    pub network: NetworkSummary,
    pub pipeline: PipelineSummary,
    pub notes: Vec<ReportNote>,
    pub charts: Charts,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Person {
    /// Their name as given in Settings ("" when not given): a Word document's author.
    pub name: String,
    /// "Pharmacist", or `None` when the welcome was skipped.
    pub background: Option<String>,
    /// The day they started with Cairn.
    pub started_on: String,
    pub weekly_target_minutes: Option<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Share {
    pub done: u32,
    pub total: u32,
    pub percent: u32,
}

impl Share {
    pub(crate) fn new(done: u32, total: u32) -> Share {
        let percent = (done * 100 + total / 2).checked_div(total).unwrap_or(0);
        Share { done, total, percent }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MilestoneProgress {
    pub title: String,
    pub progress: Share,
    /// Items of this milestone ticked within the period.
    pub done_in_period: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ItemDone {
    /// Written out in the report's locale, as every date a report shows.
    pub done_on: String,
    pub milestone: String,
    pub title: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CompetencyRow {
    pub name: String,
    /// The first and latest self-rating within the period (1–5) and when.
    pub first: Option<u8>,
    pub first_on: Option<String>,
    pub latest: Option<u8>,
    pub latest_on: Option<String>,
    pub target: Option<u8>,
    /// Target less latest, when both are known and the latest is short of the target.
    pub gap: Option<u8>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StudySummary {
    pub total_minutes: u32,
    pub sessions: u32,
    /// Sessions of the period with a written reflection.
    pub reflected_sessions: u32,
    pub by_activity: Vec<TimeRow>,
    pub by_milestone: Vec<TimeRow>,
    /// "On target N of M weeks in the last 12", as of the period's end.
    pub on_target_weeks: u32,
    pub measured_weeks: u32,
    pub weeks: Vec<WeekRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TimeRow {
    pub label: String,
    pub minutes: u32,
    pub sessions: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WeekRow {
    pub starts_on: String,
    pub planned_minutes: Option<u32>,
    pub actual_minutes: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PortfolioSummary {
    pub pieces: Vec<PieceRow>,
    pub finished: u32,
    /// Competencies with at least one piece of evidence, of all shown competencies.
    pub covered: Share,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PieceRow {
    pub title: String,
    pub deliverable: String,
    pub status: String,
    pub finished_on: Option<String>,
    pub competencies: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NetworkSummary {
    pub contacts: u32,
    pub interactions_in_period: u32,
    pub people_in_period: u32,
    pub by_channel: Vec<(String, u32)>,
    pub open_follow_ups: u32,
    /// The latest interactions in the period (at most ten).
    pub recent: Vec<InteractionRow>,
}

/// The prospect pipeline in the period: stage labels with counts; names only when the person asked for them.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PipelineSummary {
    /// Organisations at each stage at the end of the period.
    pub at_end: Vec<(String, u32)>,
    /// Moves in the period, by the stage moved into.
    pub moves_into: Vec<(String, u32)>,
    pub moves_in_period: u32,
    /// The period's moves, newest first (empty unless names were asked for).
    pub moves: Vec<MoveRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MoveRow {
    pub moved_on: String,
    pub organisation: String,
    pub from: String,
    pub to: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InteractionRow {
    pub happened_on: String,
    pub who: String,
    pub channel: String,
    pub summary: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReportNote {
    pub title: String,
    pub written_on: String,
    pub markdown: String,
    /// Sanitized HTML (the same renderer as the app's preview).
    pub html: String,
}

/// The charts, drawn once as SVG and used by both the PDF and the HTML report.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Charts {
    pub milestones: String,
    pub radar: Option<String>,
    pub weeks: Option<String>,
}

/// A date range checked and resolved: `to` is never after today.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub from: Option<Date>,
    pub to: Date,
}

impl Period {
    pub fn contains(&self, day: Date) -> bool {
        self.from.is_none_or(|from| day >= from) && day <= self.to
    }
}
