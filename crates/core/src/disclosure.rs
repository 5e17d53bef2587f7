//! The disclosure record: the person's financial relationships with ineligible companies (those whose main
//! business is healthcare products used on or by patients). In US accredited education, everyone who controls
//! content, writers included, discloses every such relationship of the past 24 months, whatever its amount
//! (ACCME Standards for Integrity and Independence, Standard 3). The statement is written from the record.

use crate::portfolio::{line, text, MAX_NOTES_CHARS};
use crate::time::{long_date_in, parse_date};
use crate::{Error, Result};
use jiff::civil::Date;
use jiff::ToSpan;
use serde::Deserialize;

pub const MAX_COMPANY_CHARS: usize = 200;
/// How far back a disclosure looks (ACCME Standard 3).
pub const LOOK_BACK_MONTHS: i32 = 24;

crate::choices! {
    /// What the relationship was, in the kinds a provider's disclosure form usually asks about.
    pub enum RelationshipNature {
        Employment = ("employment", "Employment"),
        Consulting = ("consulting", "Consulting or advisory fees"),
        AdvisoryBoard = ("advisory_board", "Advisory board"),
        Speaking = ("speaking", "Speakers' bureau or promotional talks"),
        Research = ("research", "Research funding paid to you"),
        Ownership = ("ownership", "Stock, options or other ownership"),
        Royalties = ("royalties", "Royalties or intellectual property"),
        Other = ("other", "Other"),
    }
}

#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DisclosureInput {
    pub company: String,
    pub nature: RelationshipNature,
    pub started_on: String,
    /// Empty while it goes on.
    #[serde(default)]
    pub ended_on: Option<String>,
    #[serde(default)]
    pub notes: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidDisclosure {
    pub company: String,
    pub nature: RelationshipNature,
    pub started_on: Date,
    pub ended_on: Option<Date>,
    pub notes: String,
}

impl DisclosureInput {
    pub fn validate(&self, today: Date) -> Result<ValidDisclosure> {
        let started_on = parse_date("startedOn", &self.started_on)?;
        if started_on > today {
            return Err(Error::invalid(
                "startedOn",
                "That day has not come yet; record a relationship once it has begun.",
            ));
        }
        let ended_on = self
            .ended_on
            .as_deref()
            .filter(|t| !t.trim().is_empty())
            .map(|t| parse_date("endedOn", t))
            .transpose()?;
        if ended_on.is_some_and(|end| end < started_on) {
            return Err(Error::invalid("endedOn", "It cannot end before it started."));
        }
        Ok(ValidDisclosure {
            company: line("company", &self.company, MAX_COMPANY_CHARS, true)?,
            nature: self.nature,
            started_on,
            ended_on,
            notes: text("notes", &self.notes, MAX_NOTES_CHARS)?,
        })
    }
}

/// The first day of the look-back window that ends on `today`.
pub fn window_start(today: Date) -> Date {
    today.checked_sub(LOOK_BACK_MONTHS.months()).unwrap_or(Date::MIN)
}

/// Whether a relationship from `started_on` to `ended_on` (open when ongoing) falls in the window ending `today`.
pub fn in_window(started_on: Date, ended_on: Option<Date>, today: Date) -> bool {
    started_on <= today && ended_on.is_none_or(|end| end >= window_start(today))
}

/// A relationship as the statement lists it.
pub struct StatementLine<'a> {
    pub company: &'a str,
    pub nature: RelationshipNature,
    pub started_on: Date,
    pub ended_on: Option<Date>,
}

/// The plain-text statement a provider asks for, in `locale`'s dates: the relationships in the window ending
/// `today` (the caller passes those [`in_window`]), or a statement that there were none. `name` leads it when
/// given.
pub fn statement(name: &str, lines: &[StatementLine<'_>], today: Date, locale: &str) -> String {
    let from = long_date_in(locale, window_start(today));
    let to = long_date_in(locale, today);
    let who = if name.trim().is_empty() {
        "I".to_owned()
    } else {
        format!("I, {},", name.trim())
    };
    if lines.is_empty() {
        return format!(
            "{who} have had no financial relationships with ineligible companies in the past 24 months \
             ({from} to {to})."
        );
    }
    let mut out = format!(
        "{who} have had the following financial relationships with ineligible companies in the past 24 months \
         ({from} to {to}):\n"
    );
    for l in lines {
        let since = long_date_in(locale, l.started_on);
        let span = match l.ended_on {
            Some(end) if end < today => format!("{since} to {}", long_date_in(locale, end)),
            _ => format!("since {since}, ongoing"),
        };
        out.push_str(&format!(
            "- {}: {} ({span})\n",
            l.company,
            l.nature.label().to_lowercase()
        ));
    }
    out.push_str(&format!("Correct as of {to}."));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn the_window_is_the_24_months_up_to_today_and_takes_in_anything_that_touched_them() {
        let today = date(2026, 12, 3);
        assert_eq!(window_start(today), date(2024, 12, 3));
        assert!(in_window(date(2020, 1, 1), None, today), "ongoing since long ago");
        assert!(
            in_window(date(2020, 1, 1), Some(date(2024, 12, 3)), today),
            "ended on the window's first day"
        );
        assert!(
            !in_window(date(2020, 1, 1), Some(date(2024, 12, 2)), today),
            "ended the day before"
        );
        assert!(!in_window(date(2026, 12, 4), None, today), "not begun");
        assert_eq!(
            window_start(date(2028, 2, 29)),
            date(2026, 2, 28),
            "a leap day looks back to 28 February"
        );
    }

    #[test]
    fn the_statement_lists_each_relationship_with_its_dates_or_says_there_were_none() {
        let today = date(2026, 12, 3);
        let none = statement("Dr Ada Obi", &[], today, "en-GB");
        assert_eq!(
            none,
            "I, Dr Ada Obi, have had no financial relationships with ineligible companies in the past 24 months \
             (3 December 2024 to 3 December 2026)."
        );
        let lines = [
            StatementLine {
                company: "Halden Pharma",
                nature: RelationshipNature::Employment,
                started_on: date(2019, 4, 1),
                ended_on: Some(date(2025, 6, 30)),
            },
            StatementLine {
                company: "Orrin Biologics",
                nature: RelationshipNature::Ownership,
                started_on: date(2021, 2, 10),
                ended_on: None,
            },
        ];
        let listed = statement("", &lines, today, "en-US");
        assert_eq!(
            listed,
            "I have had the following financial relationships with ineligible companies in the past 24 months \
             (December 3, 2024 to December 3, 2026):\n\
             - Halden Pharma: employment (April 1, 2019 to June 30, 2025)\n\
             - Orrin Biologics: stock, options or other ownership (since February 10, 2021, ongoing)\n\
             Correct as of December 3, 2026."
        );
    }

    #[test]
    fn a_relationship_needs_a_company_and_an_end_no_earlier_than_its_start() {
        let today = date(2026, 12, 3);
        let input = DisclosureInput {
            company: "Halden Pharma".into(),
            nature: RelationshipNature::Consulting,
            started_on: "2025-01-10".into(),
            ended_on: Some("2025-03-01".into()),
            notes: String::new(),
        };
        assert!(input.validate(today).is_ok());
        let field = |i: DisclosureInput| i.validate(today).err().and_then(|e| e.field().map(str::to_owned));
        assert_eq!(
            field(DisclosureInput {
                company: "".into(),
                ..input.clone()
            }),
            Some("company".into())
        );
        assert_eq!(
            field(DisclosureInput {
                ended_on: Some("2025-01-09".into()),
                ..input.clone()
            }),
            Some("endedOn".into())
        );
        assert_eq!(
            field(DisclosureInput {
                started_on: "2026-12-04".into(),
                ..input
            }),
            Some("startedOn".into())
        );
    }
}
