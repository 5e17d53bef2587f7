//! Follow-ups as an iCalendar file (RFC 5545) for any calendar app: one all-day event per open follow-up and per
//! dated next step in the prospect pipeline.
//!
//! Each event's UID is derived from the interaction (or the organisation), so exporting again and importing into the same calendar
//! updates the events instead of duplicating them. Text is escaped (`\`, `;`, `,`, line breaks) and lines are
//! folded at 75 octets without splitting a character, with CRLF line ends, as the RFC requires.

use cairn_store::network::FollowUp;
use cairn_store::pipeline::NextStep;
use jiff::Timestamp;

/// The calendar for `follow_ups` and the pipeline's `next_steps`, stamped `now`.
pub fn follow_ups_calendar(follow_ups: &[FollowUp], next_steps: &[NextStep], now: Timestamp) -> String {
    let stamp = now.strftime("%Y%m%dT%H%M%SZ").to_string();
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_owned(),
        "VERSION:2.0".to_owned(),
        "PRODID:-//Cairn//Follow-ups//EN".to_owned(),
        "CALSCALE:GREGORIAN".to_owned(),
        "METHOD:PUBLISH".to_owned(),
        "X-WR-CALNAME:Cairn follow-ups".to_owned(),
    ];
    for follow_up in follow_ups {
        let with = if follow_up.organisation.is_empty() {
            follow_up.contact_name.clone()
        } else {
            format!("{} ({})", follow_up.contact_name, follow_up.organisation)
        };
        let description = format!(
            "{} on {}: {}",
            follow_up.channel.label(),
            follow_up.happened_on,
            follow_up.summary
        );
        let uid = format!("cairn-follow-up-{}", follow_up.interaction_id);
        event(
            &mut lines,
            &stamp,
            &uid,
            &follow_up.due_on,
            &format!("Follow up with {with}"),
            &description,
        );
    }
    for step in next_steps {
        let uid = format!("cairn-next-step-{}", step.organisation_id);
        let summary = format!("{}: {}", step.organisation, step.step);
        let description = format!("Next step in the pipeline ({})", step.stage.label());
        event(&mut lines, &stamp, &uid, &step.due_on, &summary, &description);
    }
    lines.push("END:VCALENDAR".to_owned());
    lines.iter().map(|line| fold(line)).collect()
}

/// One all-day event on `due_on` (skipped if the day is not a date), its UID stable across exports.
fn event(lines: &mut Vec<String>, stamp: &str, uid: &str, due_on: &str, summary: &str, description: &str) {
    let Ok(day) = due_on.parse::<jiff::civil::Date>() else {
        return;
    };
    let next_day = cairn_core::study::add_days(day, 1);
    lines.extend([
        "BEGIN:VEVENT".to_owned(),
        format!("UID:{uid}@{}", cairn_core::APP_IDENTIFIER),
        format!("DTSTAMP:{stamp}"),
        format!("DTSTART;VALUE=DATE:{}", day.strftime("%Y%m%d")),
        format!("DTEND;VALUE=DATE:{}", next_day.strftime("%Y%m%d")),
        format!("SUMMARY:{}", escape(summary)),
        format!("DESCRIPTION:{}", escape(description)),
        "TRANSP:TRANSPARENT".to_owned(),
        "END:VEVENT".to_owned(),
    ]);
}

/// TEXT value escaping (RFC 5545 §3.3.11).
fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => escaped.push_str("\\\\"),
            ';' => escaped.push_str("\\;"),
            ',' => escaped.push_str("\\,"),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => escaped.push_str("\\n"),
            c if c.is_control() => {}
            c => escaped.push(c),
        }
    }
    escaped
}

/// One content line folded to at most 75 octets per physical line (continuations start with a space), ending
/// in CRLF (RFC 5545 §3.1).
fn fold(line: &str) -> String {
    let mut folded = String::with_capacity(line.len() + line.len() / 70 * 3 + 2);
    let mut width = 0;
    for c in line.chars() {
        let size = c.len_utf8();
        if width + size > 75 {
            folded.push_str("\r\n ");
            width = 1;
        }
        folded.push(c);
        width += size;
    }
    folded.push_str("\r\n");
    folded
}

#[cfg(test)]
mod tests {
    use super::*;
    use cairn_core::network::InteractionChannel;
    use cairn_core::Id;
    use icalendar::{Calendar, CalendarComponent, Component, DatePerhapsTime};

    fn follow_up(id: Id, due: &str, summary: &str) -> FollowUp {
        FollowUp {
            interaction_id: id,
            contact_id: Id(1),
            contact_name: "Dr Ada Obi".into(),
            organisation: "Meded Partners, Inc.".into(),
            due_on: due.into(),
            happened_on: "2026-11-20".into(),
            channel: InteractionChannel::Linkedin,
            summary: summary.into(),
        }
    }

    #[test]
    fn follow_ups_parse_back_as_all_day_events_with_their_text_intact(
    ) -> Result<(), Box<dyn std::error::Error>> {
        let long = "Ask about their needs-assessment template; mention the anticoagulation sample, \
                    the outcomes report and the grant proposal — ça va? שלום\nSecond line \\ with a backslash";
        let text = follow_ups_calendar(
            &[
                follow_up(Id(7), "2026-12-01", long),
                follow_up(Id(9), "2026-12-31", "Send the deck"),
            ],
            &[NextStep {
                organisation_id: Id(11),
                organisation: "Helix CME".into(),
                stage: cairn_core::pipeline::PipelineStage::Quoted,
                step: "Chase the quote; offer a call".into(),
                due_on: "2026-12-05".into(),
            }],
            "2026-11-24T09:00:00Z".parse()?,
        );
        for line in text.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(line.len() <= 75, "a physical line is at most 75 octets: {line:?}");
        }
        assert!(text.ends_with("END:VCALENDAR\r\n"));
        let calendar: Calendar = text.parse()?;
        let events: Vec<_> = calendar
            .components
            .iter()
            .filter_map(|c| match c {
                CalendarComponent::Event(event) => Some(event),
                _ => None,
            })
            .collect();
        assert_eq!(events.len(), 3);
        assert_eq!(events[2].get_uid(), Some("cairn-next-step-11@org.cairn.desktop"));
        assert_eq!(
            events[2].get_summary(),
            Some("Helix CME: Chase the quote; offer a call")
        );
        let first = events[0];
        assert_eq!(first.get_uid(), Some("cairn-follow-up-7@org.cairn.desktop"));
        assert_eq!(
            first.get_summary(),
            Some("Follow up with Dr Ada Obi (Meded Partners, Inc.)")
        );
        assert_eq!(
            first.get_description(),
            Some(format!("LinkedIn on 2026-11-20: {long}").as_str()),
            "escaping and folding round-trip the text"
        );
        match first.get_start() {
            Some(DatePerhapsTime::Date(date)) => assert_eq!(date.to_string(), "2026-12-01"),
            other => panic!("an all-day start, not {other:?}"),
        }
        match events[1].get_end() {
            Some(DatePerhapsTime::Date(date)) => assert_eq!(date.to_string(), "2027-01-01"),
            other => panic!("an all-day end the next day, not {other:?}"),
        }
        Ok(())
    }

    #[test]
    fn no_follow_ups_is_an_empty_but_valid_calendar() -> Result<(), Box<dyn std::error::Error>> {
        let calendar: Calendar = follow_ups_calendar(&[], &[], Timestamp::UNIX_EPOCH).parse()?;
        assert!(calendar.components.is_empty());
        Ok(())
    }
}
