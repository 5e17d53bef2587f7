//! Rules for the prospect pipeline: organisations that might hire the person (providers, education companies,
//! agencies, societies), each moving through stages from researched to repeat client, or closed with a reason.

use crate::network::{OrganisationKind, MAX_NAME_CHARS, MAX_NOTES_CHARS};
use crate::portfolio::{line, text};
use crate::time::parse_date;
use crate::{Error, Id, Result};
use jiff::civil::Date;
use serde::Deserialize;

pub const MAX_STEP_CHARS: usize = 300;
pub const MAX_REASON_CHARS: usize = 300;

crate::choices! {
    /// Where an organisation stands with the person, in the order a relationship usually moves.
    pub enum PipelineStage {
        Researched = ("researched", "Researched"),
        Introduced = ("introduced", "Introduced"),
        InConversation = ("in_conversation", "In conversation"),
        TestSent = ("test_sent", "Test or sample sent"),
        Quoted = ("quoted", "Quoted"),
        FirstProject = ("first_project", "First project"),
        RepeatClient = ("repeat_client", "Repeat client"),
        Closed = ("closed", "Closed"),
    }
}

impl PipelineStage {
    /// Its place on the way to a repeat client (closed comes last).
    pub fn rank(self) -> usize {
        PipelineStage::ALL.iter().position(|s| *s == self).unwrap_or(0)
    }
}

crate::choices! {
    /// How the person first reached the organisation: what the figures compare.
    pub enum OutreachSource {
        LetterOfIntroduction = ("letter_of_introduction", "Letter of introduction"),
        Referral = ("referral", "Referral"),
        Event = ("event", "Event"),
        Linkedin = ("linkedin", "LinkedIn"),
        JobAdvert = ("job_advert", "Job advert"),
        Inbound = ("inbound", "They contacted me"),
        Other = ("other", "Other"),
    }
}

#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct OrganisationInput {
    pub name: String,
    pub kind: OrganisationKind,
    pub source: OutreachSource,
    /// The next thing to do, and by when (both optional).
    #[serde(default)]
    pub next_step: String,
    #[serde(default)]
    pub next_step_on: Option<String>,
    #[serde(default)]
    pub notes: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidOrganisation {
    pub name: String,
    pub kind: OrganisationKind,
    pub source: OutreachSource,
    pub next_step: String,
    pub next_step_on: Option<Date>,
    pub notes: String,
}

impl OrganisationInput {
    pub fn validate(&self) -> Result<ValidOrganisation> {
        if matches!(self.kind, OrganisationKind::Peer | OrganisationKind::Mentor) {
            return Err(Error::invalid(
                "kind",
                "An organisation in the pipeline is a provider, a company, an agency, a society or other; peers and mentors are contacts.",
            ));
        }
        let (next_step, next_step_on) = next_step(&self.next_step, self.next_step_on.as_deref())?;
        Ok(ValidOrganisation {
            name: line("name", &self.name, MAX_NAME_CHARS, true)?,
            kind: self.kind,
            source: self.source,
            next_step,
            next_step_on,
            notes: text("notes", &self.notes, MAX_NOTES_CHARS)?,
        })
    }
}

/// Moving an organisation to another stage, on a day, with what was sent (a portfolio piece, a letter kept as
/// a note), when closing why, and the next step from there (saved with the move, in one transaction).
#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct StageMoveInput {
    pub stage: PipelineStage,
    pub moved_on: String,
    #[serde(default)]
    pub closed_reason: String,
    #[serde(default)]
    pub sent_piece_id: Option<Id>,
    #[serde(default)]
    pub sent_note_id: Option<Id>,
    /// The next step after the move (empty for none); absent to keep the one it had.
    #[serde(default)]
    pub next_step: Option<String>,
    #[serde(default)]
    pub next_step_on: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidStageMove {
    pub stage: PipelineStage,
    pub moved_on: Date,
    pub closed_reason: String,
    pub sent_piece_id: Option<Id>,
    pub sent_note_id: Option<Id>,
    /// The next step and its day, when the move sets them.
    pub next_step: Option<(String, Option<Date>)>,
}

/// A next step and its optional day: a day needs a step.
fn next_step(step: &str, on: Option<&str>) -> Result<(String, Option<Date>)> {
    let step = line("nextStep", step, MAX_STEP_CHARS, false)?;
    let on = on
        .filter(|t| !t.trim().is_empty())
        .map(|t| parse_date("nextStepOn", t))
        .transpose()?;
    if on.is_some() && step.is_empty() {
        return Err(Error::invalid(
            "nextStep",
            "Say what the next step is, for the date you gave.",
        ));
    }
    Ok((step, on))
}

impl StageMoveInput {
    pub fn validate(&self, today: Date) -> Result<ValidStageMove> {
        let moved_on = parse_date("movedOn", &self.moved_on)?;
        if moved_on > today {
            return Err(Error::invalid(
                "movedOn",
                "That day has not come yet; plan it as the next step instead.",
            ));
        }
        let closed_reason = line("closedReason", &self.closed_reason, MAX_REASON_CHARS, false)?;
        if self.stage == PipelineStage::Closed && closed_reason.is_empty() {
            return Err(Error::invalid(
                "closedReason",
                "Say why it closed (no budget, not a fit, no reply…): the figures learn from it.",
            ));
        }
        Ok(ValidStageMove {
            stage: self.stage,
            moved_on,
            closed_reason: if self.stage == PipelineStage::Closed {
                closed_reason
            } else {
                String::new()
            },
            sent_piece_id: self.sent_piece_id,
            sent_note_id: self.sent_note_id,
            next_step: self
                .next_step
                .as_deref()
                .map(|step| next_step(step, self.next_step_on.as_deref()))
                .transpose()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn field(result: Result<impl Sized>) -> Option<String> {
        result.err().and_then(|e| e.field().map(str::to_owned))
    }

    #[test]
    fn an_organisation_needs_a_name_a_kind_of_employer_and_a_step_for_its_date() {
        let input = OrganisationInput {
            name: "Northbridge Medical Education".into(),
            kind: OrganisationKind::MedicalEducationCompany,
            source: OutreachSource::LetterOfIntroduction,
            next_step: "Send the needs assessment sample".into(),
            next_step_on: Some("2026-12-10".into()),
            notes: String::new(),
        };
        assert_eq!(
            input.validate().ok().and_then(|o| o.next_step_on),
            Some(date(2026, 12, 10))
        );
        assert_eq!(
            field(
                OrganisationInput {
                    name: " ".into(),
                    ..input.clone()
                }
                .validate()
            ),
            Some("name".into())
        );
        assert_eq!(
            field(
                OrganisationInput {
                    kind: OrganisationKind::Mentor,
                    ..input.clone()
                }
                .validate()
            ),
            Some("kind".into())
        );
        assert_eq!(
            field(
                OrganisationInput {
                    next_step: String::new(),
                    ..input.clone()
                }
                .validate()
            ),
            Some("nextStep".into())
        );
        assert_eq!(
            field(
                OrganisationInput {
                    next_step_on: Some("10/12/2026".into()),
                    ..input
                }
                .validate()
            ),
            Some("nextStepOn".into())
        );
    }

    #[test]
    fn a_move_is_dated_no_later_than_today_and_closing_says_why() {
        let today = date(2026, 12, 3);
        let mv = |stage, on: &str, reason: &str| StageMoveInput {
            stage,
            moved_on: on.into(),
            closed_reason: reason.into(),
            sent_piece_id: None,
            sent_note_id: None,
            next_step: None,
            next_step_on: None,
        };
        assert!(mv(PipelineStage::Introduced, "2026-12-03", "")
            .validate(today)
            .is_ok());
        assert_eq!(
            field(mv(PipelineStage::Introduced, "2026-12-04", "").validate(today)),
            Some("movedOn".into())
        );
        assert_eq!(
            field(mv(PipelineStage::Closed, "2026-12-01", " ").validate(today)),
            Some("closedReason".into())
        );
        let kept = mv(PipelineStage::Quoted, "2026-12-01", "ignored").validate(today);
        assert_eq!(
            kept.ok().map(|m| m.closed_reason),
            Some(String::new()),
            "a reason belongs to closing only"
        );
        let with_step = |step: &str, on: Option<&str>| StageMoveInput {
            next_step: Some(step.into()),
            next_step_on: on.map(str::to_owned),
            ..mv(PipelineStage::Quoted, "2026-12-01", "")
        };
        assert_eq!(
            with_step("Chase the quote", Some("2026-12-08"))
                .validate(today)
                .ok()
                .and_then(|m| m.next_step),
            Some(("Chase the quote".to_owned(), Some(date(2026, 12, 8))))
        );
        assert_eq!(
            field(with_step(" ", Some("2026-12-08")).validate(today)),
            Some("nextStep".into())
        );
        assert_eq!(
            mv(PipelineStage::Quoted, "2026-12-01", "")
                .validate(today)
                .ok()
                .map(|m| m.next_step),
            Some(None),
            "no step given keeps the one it had"
        );
    }
}
