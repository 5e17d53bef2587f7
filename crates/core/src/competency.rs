//! Rules for competencies (the person's own, and edits to the pathway's) and for self-assessments, checked
//! before anything is written.
//!
//! A level is a Dreyfus stage on the pathway's rubric: 1 novice, 2 advanced beginner, 3 competent,
//! 4 proficient, 5 expert. An assessment is a dated snapshot of levels; competencies can be skipped in it.

use crate::time::parse_date;
use crate::Id;
use crate::{Error, Result};
use jiff::civil::{date, Date};
use serde::Deserialize;

pub const LEVELS: usize = 5;
pub const MAX_NAME_CHARS: usize = 200;
pub const MAX_DESCRIPTION_CHARS: usize = 2_000;
pub const MAX_ANCHOR_CHARS: usize = 500;
pub const MAX_EVIDENCE_CHARS: usize = 10_000;
/// Assessments dated before this are typos (a career does not reach back to the 1800s).
pub const EARLIEST_DATE: Date = date(1900, 1, 1);

/// A competency's text, rubric, target and milestones as the person typed them.
#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CompetencyInput {
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// One sentence per level, 1 to 5.
    pub anchors: Vec<String>,
    /// The level the person aims for; `None` keeps the pathway's suggestion (built-in ones) or none.
    #[serde(default)]
    pub target_level: Option<u8>,
    /// Keys of the milestones it belongs to.
    #[serde(default)]
    pub milestones: Vec<String>,
}

/// A [`CompetencyInput`] that passed every rule (text trimmed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidCompetency {
    pub name: String,
    pub description: String,
    pub anchors: [String; LEVELS],
    pub target_level: Option<u8>,
    pub milestones: Vec<String>,
}

fn single_line(field: &str, text: &str, max: usize, what: &str) -> Result<String> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(Error::invalid(field, format!("Give the {what}.")));
    }
    if trimmed.chars().count() > max {
        return Err(Error::invalid(
            field,
            format!("Keep the {what} under {max} characters."),
        ));
    }
    if trimmed.contains('\0') {
        return Err(Error::invalid(field, "The text contains a NUL character."));
    }
    Ok(trimmed.to_owned())
}

/// Checks a target or rated level.
pub fn level(field: &str, value: u8) -> Result<u8> {
    if (1..=LEVELS as u8).contains(&value) {
        Ok(value)
    } else {
        Err(Error::invalid(
            field,
            format!("Levels go from 1 (novice) to 5 (expert), not {value}."),
        ))
    }
}

impl CompetencyInput {
    pub fn validate(&self) -> Result<ValidCompetency> {
        let name = single_line("name", &self.name, MAX_NAME_CHARS, "competency a name")?;
        let description = self.description.trim();
        if description.chars().count() > MAX_DESCRIPTION_CHARS || description.contains('\0') {
            return Err(Error::invalid(
                "description",
                format!(
                    "Keep the description under {MAX_DESCRIPTION_CHARS} characters, without NUL characters."
                ),
            ));
        }
        if self.anchors.len() != LEVELS {
            return Err(Error::invalid(
                "anchors",
                format!(
                    "A rubric has one sentence for each of the {LEVELS} levels ({} given).",
                    self.anchors.len()
                ),
            ));
        }
        let mut anchors: [String; LEVELS] = Default::default();
        for (index, anchor) in self.anchors.iter().enumerate() {
            anchors[index] = single_line(
                &format!("anchors[{index}]"),
                anchor,
                MAX_ANCHOR_CHARS,
                &format!("sentence for level {}", index + 1),
            )?;
        }
        let target_level = self
            .target_level
            .map(|value| level("targetLevel", value))
            .transpose()?;
        let mut milestones: Vec<String> = Vec::new();
        for key in &self.milestones {
            if !milestones.contains(key) {
                milestones.push(key.clone());
            }
        }
        Ok(ValidCompetency {
            name,
            description: description.to_owned(),
            anchors,
            target_level,
            milestones,
        })
    }
}

/// One competency's rating in an assessment.
#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RatingInput {
    pub competency_id: Id,
    pub level: u8,
    #[serde(default)]
    pub evidence: String,
    /// A note that shows the evidence.
    #[serde(default)]
    pub note_id: Option<Id>,
}

/// An assessment as the walkthrough sends it: the date and the competencies rated (skipped ones left out).
#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AssessmentInput {
    /// `YYYY-MM-DD`, the person's local date.
    pub taken_on: String,
    /// The milestone whose competencies were offered; `None` for all.
    #[serde(default)]
    pub milestone_key: Option<String>,
    pub ratings: Vec<RatingInput>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidRating {
    pub competency_id: Id,
    pub level: u8,
    pub evidence: String,
    pub note_id: Option<Id>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidAssessment {
    pub taken_on: Date,
    pub milestone_key: Option<String>,
    pub ratings: Vec<ValidRating>,
}

impl AssessmentInput {
    /// Checks the input against every rule; `today` is the person's local date (no assessment in the future).
    pub fn validate(&self, today: Date) -> Result<ValidAssessment> {
        let taken_on = parse_date("takenOn", &self.taken_on)?;
        if taken_on > today {
            return Err(Error::invalid(
                "takenOn",
                "An assessment cannot be dated in the future.",
            ));
        }
        if taken_on < EARLIEST_DATE {
            return Err(Error::invalid(
                "takenOn",
                "An assessment cannot be dated before 1900.",
            ));
        }
        if self.ratings.is_empty() {
            return Err(Error::invalid(
                "ratings",
                "Rate at least one competency (the others can be skipped).",
            ));
        }
        let mut ratings: Vec<ValidRating> = Vec::with_capacity(self.ratings.len());
        for (index, rating) in self.ratings.iter().enumerate() {
            if ratings
                .iter()
                .any(|seen| seen.competency_id == rating.competency_id)
            {
                return Err(Error::invalid(
                    format!("ratings[{index}].competencyId"),
                    "This competency is rated twice in one assessment.",
                ));
            }
            let evidence = rating.evidence.trim();
            if evidence.chars().count() > MAX_EVIDENCE_CHARS || evidence.contains('\0') {
                return Err(Error::invalid(
                    format!("ratings[{index}].evidence"),
                    format!(
                        "Keep the evidence under {MAX_EVIDENCE_CHARS} characters, without NUL characters."
                    ),
                ));
            }
            ratings.push(ValidRating {
                competency_id: rating.competency_id,
                level: level(&format!("ratings[{index}].level"), rating.level)?,
                evidence: evidence.to_owned(),
                note_id: rating.note_id,
            });
        }
        Ok(ValidAssessment {
            taken_on,
            milestone_key: self.milestone_key.clone(),
            ratings,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> Date {
        date(2026, 11, 24)
    }

    fn rating(competency_id: i64, level: u8) -> RatingInput {
        RatingInput {
            competency_id: Id(competency_id),
            level,
            evidence: String::new(),
            note_id: None,
        }
    }

    fn assessment(taken_on: &str, ratings: Vec<RatingInput>) -> AssessmentInput {
        AssessmentInput {
            taken_on: taken_on.into(),
            milestone_key: None,
            ratings,
        }
    }

    fn field_of<T>(result: Result<T>) -> Option<String> {
        result.err().and_then(|e| e.field().map(str::to_owned))
    }

    #[test]
    fn an_assessment_is_dated_between_1900_and_today_with_levels_one_to_five() -> Result<()> {
        let valid = assessment("2026-11-24", vec![rating(1, 1), rating(2, 5)]).validate(today())?;
        assert_eq!(valid.ratings.len(), 2);
        for (input, field) in [
            (assessment("2026-11-25", vec![rating(1, 3)]), "takenOn"),
            (assessment("1899-12-31", vec![rating(1, 3)]), "takenOn"),
            (assessment("2026-02-30", vec![rating(1, 3)]), "takenOn"),
            (assessment("2026-11-24", vec![]), "ratings"),
            (
                assessment("2026-11-24", vec![rating(1, 3), rating(2, 0)]),
                "ratings[1].level",
            ),
            (assessment("2026-11-24", vec![rating(1, 6)]), "ratings[0].level"),
            (
                assessment("2026-11-24", vec![rating(1, 3), rating(1, 4)]),
                "ratings[1].competencyId",
            ),
        ] {
            assert_eq!(
                field_of(input.validate(today())).as_deref(),
                Some(field),
                "{input:?}"
            );
        }
        Ok(())
    }

    #[test]
    fn a_competency_needs_a_name_and_all_five_anchor_sentences() -> Result<()> {
        let anchors: Vec<String> = (1..=5).map(|n| format!("Level {n} looks like this.")).collect();
        let input = CompetencyInput {
            name: "  Podcast scripting ".into(),
            description: String::new(),
            anchors: anchors.clone(),
            target_level: Some(4),
            milestones: vec!["formats-deliverables".into(), "formats-deliverables".into()],
        };
        let valid = input.validate()?;
        assert_eq!(valid.name, "Podcast scripting");
        assert_eq!(valid.milestones, vec!["formats-deliverables"]);
        let mut bad = input.clone();
        bad.name = " ".into();
        assert_eq!(field_of(bad.validate()).as_deref(), Some("name"));
        let mut bad = input.clone();
        bad.anchors.pop();
        assert_eq!(field_of(bad.validate()).as_deref(), Some("anchors"));
        let mut bad = input.clone();
        bad.anchors[2] = "  ".into();
        assert_eq!(field_of(bad.validate()).as_deref(), Some("anchors[2]"));
        let mut bad = input;
        bad.target_level = Some(0);
        assert_eq!(field_of(bad.validate()).as_deref(), Some("targetLevel"));
        Ok(())
    }
}
