//! Rules for checklist items and the profile, checked before anything is written.

use crate::time::parse_date;
use crate::{Error, Result};
use jiff::civil::Date;
use serde::Deserialize;

pub const MAX_TITLE_CHARS: usize = 200;
pub const MAX_DETAILS_CHARS: usize = 10_000;
/// A weekly study budget above this (50 hours) is a typo, not a plan.
pub const MAX_WEEKLY_MINUTES: u32 = 3_000;

/// A checklist item's text and due date as the person typed them.
#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ItemInput {
    pub title: String,
    #[serde(default)]
    pub details: String,
    /// `YYYY-MM-DD`, or empty/absent for no due date.
    #[serde(default)]
    pub due_on: Option<String>,
}

/// An [`ItemInput`] that passed every rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidItem {
    pub title: String,
    pub details: String,
    pub due_on: Option<Date>,
}

impl ItemInput {
    pub fn validate(&self) -> Result<ValidItem> {
        let title = self.title.trim();
        if title.is_empty() {
            return Err(Error::invalid("title", "Give the item a title."));
        }
        if title.chars().count() > MAX_TITLE_CHARS {
            return Err(Error::invalid(
                "title",
                format!("Keep the title under {MAX_TITLE_CHARS} characters."),
            ));
        }
        if title.contains('\0') || self.details.contains('\0') {
            let field = if title.contains('\0') { "title" } else { "details" };
            return Err(Error::invalid(field, "The text contains a NUL character."));
        }
        let details = self.details.trim();
        if details.chars().count() > MAX_DETAILS_CHARS {
            return Err(Error::invalid(
                "details",
                format!("Keep the details under {MAX_DETAILS_CHARS} characters."),
            ));
        }
        let due_on = match self.due_on.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(text) => Some(parse_date("dueOn", text)?),
        };
        Ok(ValidItem {
            title: title.to_owned(),
            details: details.to_owned(),
            due_on,
        })
    }
}

crate::choices! {
    /// The person's professional background, asked on first run.
    pub enum Background {
        Physician = ("physician", "Physician"),
        Nurse = ("nurse", "Nurse"),
        Pharmacist = ("pharmacist", "Pharmacist"),
        Vet = ("vet", "Veterinarian"),
        Academic = ("academic", "Academic"),
        Researcher = ("researcher", "Science researcher"),
        Other = ("other", "Something else"),
    }
}

impl Background {
    /// How it reads in a report's "A pharmacist …" line, where the picker's "Something else" would not.
    pub fn in_report(self) -> &'static str {
        match self {
            Background::Other => "Health professional",
            named => named.label(),
        }
    }
}

/// What the welcome screen and Settings save.
#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ProfileInput {
    pub background: Option<Background>,
    pub weekly_minutes: Option<u32>,
}

impl ProfileInput {
    pub fn validate(&self) -> Result<()> {
        if let Some(minutes) = self.weekly_minutes {
            if minutes > MAX_WEEKLY_MINUTES {
                return Err(Error::invalid(
                    "weeklyMinutes",
                    format!(
                        "A weekly budget above {} hours is not a plan you can keep.",
                        MAX_WEEKLY_MINUTES / 60
                    ),
                ));
            }
        }
        Ok(())
    }
}

/// The longest name a person can give for their reports.
pub const MAX_NAME_CHARS: usize = 120;

/// The locales dates and numbers can be written in, besides the system's: (tag, what Settings calls it).
/// Reports are in English; the choice is how dates (and, in the window, numbers) are written.
pub const LOCALES: &[(&str, &str)] = &[
    ("en-GB", "English (UK): 26 November 2026"),
    ("en-US", "English (US): November 26, 2026"),
    ("en-CA", "English (Canada): November 26, 2026"),
    ("en-AU", "English (Australia): 26 November 2026"),
    ("en-IE", "English (Ireland): 26 November 2026"),
    ("en-IN", "English (India): 26 November 2026"),
    ("de-DE", "German: 26. November 2026"),
    ("fr-FR", "French: 26 novembre 2026"),
    ("es-ES", "Spanish: 26 de noviembre de 2026"),
    ("nl-NL", "Dutch: 26 november 2026"),
];

/// Who the person is on the documents they send, and how dates and numbers are written for them.
#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ReportPreferences {
    /// Their name as it should appear on a Word document or a sample pack's cover; may be empty.
    pub name: String,
    /// One of [`LOCALES`], or `None` for the system's.
    pub locale: Option<String>,
}

impl ReportPreferences {
    /// The name trimmed and the locale checked.
    pub fn validate(&self) -> Result<(String, Option<String>)> {
        let name = crate::portfolio::line("name", &self.name, MAX_NAME_CHARS, false)?;
        if let Some(locale) = &self.locale {
            if !LOCALES.iter().any(|(tag, _)| tag == locale) {
                return Err(Error::invalid(
                    "locale",
                    "Choose one of the listed ways to write dates.",
                ));
            }
        }
        Ok((name, self.locale.clone()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_locale_is_described_by_the_date_it_writes() {
        let day = jiff::civil::date(2026, 11, 26);
        for (tag, label) in LOCALES {
            let written = crate::time::long_date_in(tag, day);
            assert!(
                label.ends_with(&format!(": {written}")),
                "{tag}: {label} vs {written}"
            );
        }
    }

    #[test]
    fn report_preferences_take_a_plain_name_and_a_listed_locale() {
        let prefs = |name: &str, locale: Option<&str>| ReportPreferences {
            name: name.into(),
            locale: locale.map(Into::into),
        };
        assert_eq!(
            prefs("  Dr Ada Obi ", Some("en-GB")).validate().unwrap(),
            ("Dr Ada Obi".to_owned(), Some("en-GB".to_owned()))
        );
        assert!(prefs("", None).validate().is_ok());
        let field = |p: ReportPreferences| p.validate().err().and_then(|e| e.field().map(str::to_owned));
        assert_eq!(field(prefs("Ada\nObi", None)).as_deref(), Some("name"));
        assert_eq!(field(prefs(&"a".repeat(121), None)).as_deref(), Some("name"));
        assert_eq!(field(prefs("Ada", Some("xx-YY"))).as_deref(), Some("locale"));
    }

    fn input(title: &str, details: &str, due_on: Option<&str>) -> ItemInput {
        ItemInput {
            title: title.into(),
            details: details.into(),
            due_on: due_on.map(Into::into),
        }
    }

    fn field_of(result: Result<ValidItem>) -> Option<String> {
        result.err().and_then(|e| e.field().map(str::to_owned))
    }

    #[test]
    fn an_item_needs_a_title_of_sensible_length() {
        assert_eq!(field_of(input("   ", "", None).validate()), Some("title".into()));
        assert_eq!(
            field_of(input(&"x".repeat(201), "", None).validate()),
            Some("title".into())
        );
        assert!(
            input(&"é".repeat(200), "", None).validate().is_ok(),
            "200 characters, not bytes"
        );
    }

    #[test]
    fn details_are_limited_and_trimmed() {
        assert_eq!(
            field_of(input("Read", &"d".repeat(10_001), None).validate()),
            Some("details".into())
        );
        let valid = input("  Read the standards  ", "  notes  ", None).validate();
        assert_eq!(
            valid.map(|v| (v.title, v.details)).ok(),
            Some(("Read the standards".into(), "notes".into()))
        );
    }

    #[test]
    fn a_due_date_must_exist() {
        assert_eq!(
            field_of(input("Read", "", Some("2026-02-30")).validate()),
            Some("dueOn".into())
        );
        assert_eq!(
            input("Read", "", Some("")).validate().map(|v| v.due_on).ok(),
            Some(None)
        );
        let due = input("Read", "", Some("2026-12-01"))
            .validate()
            .map(|v| v.due_on.map(|d| d.to_string()));
        assert_eq!(due.ok().flatten(), Some("2026-12-01".into()));
    }

    #[test]
    fn nul_characters_are_refused_at_their_field() {
        assert_eq!(
            field_of(input("Re\0ad", "", None).validate()),
            Some("title".into())
        );
        assert_eq!(
            field_of(input("Read", "a\0b", None).validate()),
            Some("details".into())
        );
    }

    #[test]
    fn an_absurd_weekly_budget_is_refused() {
        let profile = ProfileInput {
            background: Some(Background::Vet),
            weekly_minutes: Some(3_001),
        };
        assert_eq!(
            profile
                .validate()
                .err()
                .and_then(|e| e.field().map(str::to_owned)),
            Some("weeklyMinutes".into())
        );
        assert!(ProfileInput {
            background: None,
            weekly_minutes: Some(180)
        }
        .validate()
        .is_ok());
    }
}
