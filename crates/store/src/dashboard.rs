//! The dashboard in one call: the first screen most people see asks for its data in one round trip, and each
//! part is read once (the gaps from the same standing the radar shows).

use crate::checklist::PathwayOverview;
use crate::competencies::{CompetencyGap, CompetencyOverview};
use crate::network::FollowUps;
use crate::pipeline::NextStep;
use crate::portfolio::Piece;
use crate::study::StudyWeek;
use crate::Store;
use cairn_core::Result;
use jiff::civil::Date;
use serde::Serialize;

/// The widest gaps the dashboard lists.
pub const DASHBOARD_GAPS: usize = 3;
/// The pieces the dashboard lists, most recently changed first.
pub const DASHBOARD_PIECES: usize = 3;

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Dashboard {
    pub pathway: PathwayOverview,
    pub competencies: CompetencyOverview,
    /// The widest gaps, at most [`DASHBOARD_GAPS`].
    pub gaps: Vec<CompetencyGap>,
    pub week: StudyWeek,
    pub portfolio: PortfolioSummary,
    pub follow_ups: FollowUps,
    /// The pipeline's next steps due within [`NEXT_STEP_DAYS`] days (or overdue), earliest first.
    pub next_steps: Vec<NextStep>,
}

/// How far ahead the dashboard lists the pipeline's next steps.
pub const NEXT_STEP_DAYS: i64 = 7;

/// The portfolio in a line: how many pieces, how many finished, evidence coverage, and the latest pieces.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PortfolioSummary {
    pub pieces: u32,
    pub finished: u32,
    /// Competencies with at least one piece, of `competencies` (those not hidden).
    pub covered: u32,
    pub competencies: u32,
    /// At most [`DASHBOARD_PIECES`], most recently changed first.
    pub recent: Vec<Piece>,
}

impl Store {
    /// Everything the dashboard shows, as of `today` (the timer, which every page shows, is read apart).
    pub fn dashboard(&self, today: Date) -> Result<Dashboard> {
        let competencies = self.competency_overview(today)?;
        let mut gaps = self.gaps_of(&competencies)?;
        gaps.truncate(DASHBOARD_GAPS);
        Ok(Dashboard {
            pathway: self.pathway_overview(today)?,
            gaps,
            competencies,
            week: self.study_week(today)?,
            portfolio: self.portfolio_summary(DASHBOARD_PIECES)?,
            follow_ups: self.follow_ups(today)?,
            next_steps: self.next_steps_due(cairn_core::study::add_days(today, NEXT_STEP_DAYS))?,
        })
    }
}
