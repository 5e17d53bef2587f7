//! Instants and calendar dates as Cairn stores them. Logic never reads the clock: callers pass `now` in, so
//! tests can pin it.

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
