//! Instants and calendar dates as Cairn stores them, and dates as a person reads them. Logic never reads the
//! clock or the system's locale: callers pass `now` and the locale in, so tests can pin them.

use crate::{Error, Result};
use jiff::civil::Date;
use jiff::Timestamp;

/// An instant as stored: UTC, RFC 3339, whole seconds (`2026-11-24T08:00:00Z`), so text order is time order.
pub fn instant_text(at: Timestamp) -> String {
    at.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// A calendar date from the UI or an import (`YYYY-MM-DD`), refusing dates that do not exist.
pub fn parse_date(field: &str, text: &str) -> Result<Date> {
    let trimmed = text.trim();
    let well_formed = trimmed.len() == 10 && trimmed.as_bytes()[4] == b'-' && trimmed.as_bytes()[7] == b'-';
    let parsed = if well_formed {
        trimmed.parse::<Date>().ok()
    } else {
        None
    };
    parsed.ok_or_else(|| Error::invalid(field, format!("\"{text}\" is not a real date (use YYYY-MM-DD).")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instants_are_stored_as_whole_second_utc_text() -> std::result::Result<(), jiff::Error> {
        let at: Timestamp = "2026-11-24T08:00:00.750+01:00".parse()?;
        assert_eq!(instant_text(at), "2026-11-24T07:00:00Z");
        Ok(())
    }

    #[test]
    fn only_real_dates_parse() {
        assert_eq!(
            parse_date("due_on", "2028-02-29").map(|d| d.to_string()).ok(),
            Some("2028-02-29".into())
        );
        for bad in [
            "2027-02-29",
            "2026-13-01",
            "2026-1-5",
            "tomorrow",
            "",
            "2026-11-24T10:00",
        ] {
            let error = parse_date("due_on", bad).err();
            assert_eq!(
                error.as_ref().and_then(|e| e.field()),
                Some("due_on"),
                "{bad:?} is refused at its field"
            );
        }
    }
}

/// The locale a date is written in when the person chose none and the system's is unknown.
pub const FALLBACK_LOCALE: &str = "en-GB";

/// The locale dates are written in: the person's choice (Settings), else the system's, else [`FALLBACK_LOCALE`].
/// Only the language and region are kept (`de_DE.UTF-8` and `de-DE-u-ca-gregory` are both `de-DE`).
pub fn effective_locale(chosen: Option<&str>, system: Option<&str>) -> String {
    let tag = chosen.or(system).unwrap_or(FALLBACK_LOCALE);
    let mut parts = tag.split(['.', '@']).next().unwrap_or_default().split(['-', '_']);
    let language = parts.next().unwrap_or_default().to_ascii_lowercase();
    let region = parts.find(|p| p.len() == 2 && p.chars().all(|c| c.is_ascii_alphabetic()));
    match (language.as_str(), region) {
        ("", _) | ("c", _) | ("posix", _) => FALLBACK_LOCALE.to_owned(),
        (language, Some(region)) => format!("{language}-{}", region.to_ascii_uppercase()),
        (language, None) => language.to_owned(),
    }
}

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const MONTHS_DE: [&str; 12] = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
];
const MONTHS_FR: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];
const MONTHS_ES: [&str; 12] = [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
];
const MONTHS_NL: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];

/// "3 h 20 min", "45 min", "0 min": study time and estimates, in the reports, reminders and the terminal.
pub fn hours(minutes: u32) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m} min"),
    }
}

/// A date written out in full as `locale` writes it, the way the window's `Intl.DateTimeFormat` with
/// `dateStyle: "long"` does for the same locale ("26 November 2026", "November 26, 2026", "26. November 2026").
/// Locales Cairn has no rule for are written the British way.
pub fn long_date_in(locale: &str, day: Date) -> String {
    let (d, m, y) = (day.day(), day.month() as usize - 1, day.year());
    let language = locale.split('-').next().unwrap_or_default();
    match language {
        "de" => format!("{d}. {} {y}", MONTHS_DE[m]),
        "fr" => format!("{d} {} {y}", MONTHS_FR[m]),
        "es" => format!("{d} de {} de {y}", MONTHS_ES[m]),
        "nl" => format!("{d} {} {y}", MONTHS_NL[m]),
        _ if matches!(locale, "en-US" | "en-CA" | "en-PH") => format!("{} {d}, {y}", MONTHS_EN[m]),
        _ => format!("{d} {} {y}", MONTHS_EN[m]),
    }
}

#[cfg(test)]
mod locale_tests {
    use super::*;

    #[test]
    fn the_system_locale_is_read_down_to_language_and_region() {
        assert_eq!(effective_locale(None, Some("de_DE.UTF-8")), "de-DE");
        assert_eq!(effective_locale(None, Some("en-US")), "en-US");
        assert_eq!(effective_locale(Some("en-GB"), Some("en-US")), "en-GB");
        assert_eq!(effective_locale(None, Some("C")), "en-GB");
        assert_eq!(effective_locale(None, None), "en-GB");
        assert_eq!(effective_locale(None, Some("fr")), "fr");
        assert_eq!(effective_locale(None, Some("sr-Latn-RS")), "sr-RS");
    }

    /// The same table the window's test checks `Intl.DateTimeFormat` against, so both write dates alike.
    #[test]
    fn long_dates_match_the_windows_table() {
        let table: Vec<(String, String, String)> =
            serde_json::from_str(include_str!("../../../ui/src/lib/long-dates.json")).unwrap();
        assert!(table.len() >= 10);
        for (locale, iso, expected) in table {
            let day: Date = iso.parse().unwrap();
            assert_eq!(long_date_in(&locale, day), expected, "{locale} {iso}");
        }
    }
}
