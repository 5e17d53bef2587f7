//! Competencies and self-assessments: the rubric (the pathway's and the person's own), dated ratings, where
//! each competency stands (first, previous and latest rating against its target), the gaps, and history.
//!
//! "Current level" is the latest rating of a competency in an assessment that is not in the trash (by date,
//! then by when the assessment was recorded); an assessment that skipped the competency does not change it.
//! Hidden and retired competencies keep their history but are left out of gaps.

mod assessments;
mod editing;
mod standing;

use cairn_core::chart::{Radar, RadarFrame, RadarLine};
use cairn_core::Id;
use serde::Serialize;
use std::collections::HashMap;

/// The default number of weeks after an assessment before Cairn suggests another.
pub const DEFAULT_REASSESS_WEEKS: u8 = 4;

/// A rating at a point in time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct LevelAt {
    pub level: u8,
    /// The assessment's date (`YYYY-MM-DD`).
    pub on: String,
    pub assessment_id: Id,
}

/// Where one competency stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CompetencyStatus {
    pub id: Id,
    pub name: String,
    pub description: String,
    /// From the pathway (its text can be reset); false for the person's own.
    pub builtin: bool,
    /// A pathway competency whose text the person changed.
    pub edited: bool,
    pub hidden: bool,
    pub milestones: Vec<String>,
    /// The rubric: one sentence per level, 1 to 5.
    pub anchors: Vec<String>,
    /// The pathway's suggested target, for built-in ones.
    pub suggested_level: Option<u8>,
    /// The person's own target if set, else the suggestion.
    pub target_level: Option<u8>,
    pub first: Option<LevelAt>,
    pub previous: Option<LevelAt>,
    pub latest: Option<LevelAt>,
    /// Target minus latest level, when both are known (negative when past the target).
    pub gap: Option<i8>,
}

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CompetencyOverview {
    /// In the pathway's order, the person's own after; hidden ones included (flagged), retired ones left out.
    pub competencies: Vec<CompetencyStatus>,
    pub assessments: u32,
    pub last_assessed_on: Option<String>,
    pub reassess_weeks: u8,
    /// The last assessment is at least `reassess_weeks` old (false before the first one).
    pub reassess_due: bool,
    /// The radar of the competencies that are not hidden, in `competencies`' order.
    pub radar: CompetencyRadar,
}

/// Where the radar's lines go (`cairn_core::chart`): one spoke per shown competency, and a line for each of the
/// first, previous and latest ratings and the targets.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CompetencyRadar {
    pub frame: RadarFrame,
    pub first: RadarLine,
    pub previous: RadarLine,
    pub latest: RadarLine,
    pub target: RadarLine,
}

impl CompetencyRadar {
    /// The radar of `shown`, one spoke each in order.
    pub fn of(shown: &[&CompetencyStatus]) -> CompetencyRadar {
        let radar = Radar::new(shown.len());
        let line = |level: fn(&CompetencyStatus) -> Option<u8>| {
            radar.line(&shown.iter().map(|c| level(c)).collect::<Vec<_>>())
        };
        CompetencyRadar {
            frame: radar.frame(),
            first: line(|c| c.first.as_ref().map(|at| at.level)),
            previous: line(|c| c.previous.as_ref().map(|at| at.level)),
            latest: line(|c| c.latest.as_ref().map(|at| at.level)),
            target: line(|c| c.target_level),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct HelpItem {
    pub id: Id,
    pub title: String,
    pub milestone_key: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct HelpResource {
    pub key: String,
    pub kind: String,
    pub title: String,
}

/// A competency below its target, with what in the pathway helps close the gap.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CompetencyGap {
    pub competency: CompetencyStatus,
    pub gap: u8,
    /// Checklist items not done yet in the competency's milestones, in the person's order.
    pub items: Vec<HelpItem>,
    pub resources: Vec<HelpResource>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RatingView {
    pub competency_id: Id,
    pub competency_name: String,
    pub level: u8,
    pub evidence: String,
    pub note_id: Option<Id>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Assessment {
    pub id: Id,
    pub taken_on: String,
    pub milestone_key: Option<String>,
    pub ratings: Vec<RatingView>,
    pub created_at: String,
    pub updated_at: String,
    pub deleted_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AssessmentSummary {
    pub id: Id,
    pub taken_on: String,
    pub milestone_key: Option<String>,
    pub rated: u32,
}

/// The self-assessments taken in a period, and the ratings they gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeriodRatings {
    pub assessments: u32,
    /// Oldest first, by competency id.
    pub by_competency: HashMap<Id, Vec<LevelAt>>,
}
