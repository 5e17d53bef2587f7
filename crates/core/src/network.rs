//! Rules for contacts (the people who hire CME writers, and peers and mentors) and interactions with them, each
//! with an optional follow-up date, checked before anything is written.

use crate::portfolio::{line, text};
use crate::time::parse_date;
use crate::{Error, Result};
use jiff::civil::Date;
use serde::Deserialize;

pub const MAX_NAME_CHARS: usize = 200;
pub const MAX_LINKS: usize = 10;
pub const MAX_LINK_CHARS: usize = 500;
pub const MAX_NOTES_CHARS: usize = 20_000;
pub const MAX_SUMMARY_CHARS: usize = 2_000;

crate::choices! {
    /// What kind of organisation a contact is with (or what they are to the person).
    pub enum OrganisationKind {
        AccreditedProvider = ("accredited_provider", "Accredited provider"),
        MedicalEducationCompany = ("medical_education_company", "Medical education company"),
        Agency = ("agency", "Agency"),
        Association = ("association", "Association"),
        Peer = ("peer", "Peer"),
        Mentor = ("mentor", "Mentor"),
        Other = ("other", "Other"),
    }
}

crate::choices! {
    /// How an interaction happened.
    pub enum InteractionChannel {
        Linkedin = ("linkedin", "LinkedIn"),
        Email = ("email", "Email"),
        Call = ("call", "Call"),
        Event = ("event", "Event"),
        Meeting = ("meeting", "Meeting"),
    }
}

#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ContactInput {
    pub name: String,
    #[serde(default)]
    pub role: String,
    #[serde(default)]
    pub organisation: String,
    pub organisation_kind: OrganisationKind,
    #[serde(default)]
    pub where_met: String,
    /// Web pages (LinkedIn profile, company site) or `mailto:` addresses.
    #[serde(default)]
    pub links: Vec<String>,
    #[serde(default)]
    pub notes: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidContact {
    pub name: String,
    pub role: String,
    pub organisation: String,
    pub organisation_kind: OrganisationKind,
    pub where_met: String,
    pub links: Vec<String>,
    pub notes: String,
}

/// A link Cairn can open in the system browser or mail program: http, https or mailto, one line, no spaces.
fn link(field: &str, text: &str) -> Result<String> {
    let trimmed = line(field, text, MAX_LINK_CHARS, true)?;
    let lower = trimmed.to_ascii_lowercase();
    let scheme_ok = ["https://", "http://", "mailto:"]
        .iter()
        .any(|scheme| lower.starts_with(scheme) && lower.len() > scheme.len());
    if !scheme_ok || trimmed.contains(char::is_whitespace) {
        return Err(Error::invalid(
            field,
            "A link starts with https://, http:// or mailto: and has no spaces.",
        ));
    }
    Ok(trimmed)
}

impl ContactInput {
    pub fn validate(&self) -> Result<ValidContact> {
        if self.links.len() > MAX_LINKS {
            return Err(Error::invalid(
                "links",
                format!("Keep at most {MAX_LINKS} links."),
            ));
        }
        let links = self
            .links
            .iter()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
            .map(|(index, l)| link(&format!("links[{index}]"), l))
            .collect::<Result<Vec<_>>>()?;
        Ok(ValidContact {
            name: line("name", &self.name, MAX_NAME_CHARS, true)?,
            role: line("role", &self.role, MAX_NAME_CHARS, false)?,
            organisation: line("organisation", &self.organisation, MAX_NAME_CHARS, false)?,
            organisation_kind: self.organisation_kind,
            where_met: line("whereMet", &self.where_met, MAX_NAME_CHARS, false)?,
            links,
            notes: text("notes", &self.notes, MAX_NOTES_CHARS)?,
        })
    }
}

#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct InteractionInput {
    pub happened_on: String,
    pub channel: InteractionChannel,
    /// What happened.
    pub summary: String,
    /// When to follow up, if at all: on or after the interaction.
    #[serde(default)]
    pub follow_up_on: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidInteraction {
    pub happened_on: Date,
    pub channel: InteractionChannel,
    pub summary: String,
    pub follow_up_on: Option<Date>,
}

impl InteractionInput {
    pub fn validate(&self, today: Date) -> Result<ValidInteraction> {
        let happened_on = parse_date("happenedOn", &self.happened_on)?;
        if happened_on > today {
            return Err(Error::invalid(
                "happenedOn",
                "That day has not come yet; log what has happened, and plan the rest as a follow-up.",
            ));
        }
        let summary = text("summary", self.summary.trim(), MAX_SUMMARY_CHARS)?;
        if summary.is_empty() {
            return Err(Error::invalid("summary", "Say briefly what happened."));
        }
        let follow_up_on = self
            .follow_up_on
            .as_deref()
            .filter(|t| !t.trim().is_empty())
            .map(|t| parse_date("followUpOn", t))
            .transpose()?;
        if follow_up_on.is_some_and(|due| due < happened_on) {
            return Err(Error::invalid(
                "followUpOn",
                "A follow-up comes after the interaction, not before it.",
            ));
        }
        Ok(ValidInteraction {
            happened_on,
            channel: self.channel,
            summary,
            follow_up_on,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn contact() -> ContactInput {
        ContactInput {
            name: "Dr Ada Obi".into(),
            role: "Head of content".into(),
            organisation: "Meded Partners".into(),
            organisation_kind: OrganisationKind::MedicalEducationCompany,
            where_met: "ACEhp annual conference".into(),
            links: vec![
                "https://www.linkedin.com/in/ada".into(),
                " ".into(),
                "mailto:ada@example.org".into(),
            ],
            notes: String::new(),
        }
    }

    #[test]
    fn contacts_keep_openable_links_and_refuse_others_at_their_index() -> Result<()> {
        assert_eq!(contact().validate()?.links.len(), 2, "blank links are dropped");
        for (bad, field) in [
            ("javascript:alert(1)", "links[0]"),
            ("file:///etc/passwd", "links[0]"),
            ("https://", "links[0]"),
            ("https://exa mple.org", "links[0]"),
        ] {
            let mut input = contact();
            input.links = vec![bad.into()];
            assert_eq!(
                input.validate().err().and_then(|e| e.field().map(str::to_owned)),
                Some(field.into()),
                "{bad}"
            );
        }
        let mut unnamed = contact();
        unnamed.name = String::new();
        assert_eq!(
            unnamed
                .validate()
                .err()
                .and_then(|e| e.field().map(str::to_owned)),
            Some("name".into())
        );
        let mut long = contact();
        long.organisation = "o".repeat(MAX_NAME_CHARS + 1);
        assert_eq!(
            long.validate().err().and_then(|e| e.field().map(str::to_owned)),
            Some("organisation".into())
        );
        Ok(())
    }

    #[test]
    fn a_follow_up_cannot_come_before_its_interaction() {
        let today = date(2026, 11, 24);
        let input = |happened: &str, follow: Option<&str>| InteractionInput {
            happened_on: happened.into(),
            channel: InteractionChannel::Linkedin,
            summary: "Connected after the webinar".into(),
            follow_up_on: follow.map(Into::into),
        };
        assert!(input("2026-11-20", Some("2026-11-20")).validate(today).is_ok());
        assert!(input("2026-11-20", Some("2027-01-05")).validate(today).is_ok());
        let field = |i: InteractionInput| i.validate(today).err().and_then(|e| e.field().map(str::to_owned));
        assert_eq!(
            field(input("2026-11-20", Some("2026-11-19"))),
            Some("followUpOn".into())
        );
        assert_eq!(field(input("2026-11-25", None)), Some("happenedOn".into()));
        assert_eq!(field(input("2026-13-01", None)), Some("happenedOn".into()));
        let mut empty = input("2026-11-20", None);
        empty.summary = " ".into();
        assert_eq!(field(empty), Some("summary".into()));
    }
}
