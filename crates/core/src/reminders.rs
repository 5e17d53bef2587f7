//! Reminders on the desktop while Cairn is open: what is due today, the reassessment hint, and the weekly
//! target at a time the person picks. Each kind can be switched off; each is shown once for its day or week.
//! The words are made here from counts and names, so every device and test writes them alike.

use crate::study::WeekStart;
use crate::time::hours;
use crate::{Error, Result};
use jiff::civil::{Date, Time};
use serde::{Deserialize, Serialize};

crate::choices! {
    /// The kinds of reminder.
    pub enum ReminderKind {
        Due = ("due", "Due today"),
        Reassess = ("reassess", "Time to reassess"),
        Week = ("week", "The week's study"),
    }
}

/// The person's reminder choices (Settings).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ReminderSettings {
    /// Checklist items, follow-ups and next steps due today or overdue.
    pub due: bool,
    /// The competencies' reassessment is due.
    pub reassess: bool,
    /// The week's study against its target, on `week_on` at `week_at`.
    pub week: bool,
    pub week_on: WeekStart,
    /// Local time, `HH:MM`.
    pub week_at: String,
}

impl ReminderSettings {
    /// The time of the weekly reminder, refused at `weekAt` unless it is a time of day.
    pub fn week_time(&self) -> Result<Time> {
        let text = self.week_at.trim();
        let well_formed = text.len() == 5 && text.as_bytes()[2] == b':';
        well_formed
            .then(|| text.parse::<Time>().ok())
            .flatten()
            .ok_or_else(|| Error::invalid("weekAt", "Give a time of day as HH:MM, such as 17:00."))
    }
}

/// One reminder to show, and the day or week it is for (shown once per kind and period).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Reminder {
    pub kind: ReminderKind,
    pub period: String,
    pub title: String,
    pub body: String,
}

fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// What is due today or overdue, as one reminder; `None` when nothing is. Names are listed up to three.
pub fn due_today(
    today: Date,
    items: &[String],
    follow_ups: &[String],
    next_steps: &[String],
) -> Option<Reminder> {
    if items.is_empty() && follow_ups.is_empty() && next_steps.is_empty() {
        return None;
    }
    let part = |n: usize, one: &str, many: &str, names: &[String]| {
        let mut shown: Vec<&str> = names.iter().take(3).map(String::as_str).collect();
        if names.len() > 3 {
            shown.push("…");
        }
        format!("{} ({})", counted(n, one, many), shown.join(", "))
    };
    let mut parts = Vec::new();
    if !items.is_empty() {
        parts.push(part(items.len(), "checklist item", "checklist items", items));
    }
    if !follow_ups.is_empty() {
        parts.push(part(follow_ups.len(), "follow-up", "follow-ups", follow_ups));
    }
    if !next_steps.is_empty() {
        parts.push(part(next_steps.len(), "next step", "next steps", next_steps));
    }
    Some(Reminder {
        kind: ReminderKind::Due,
        period: today.to_string(),
        title: "Due today in Cairn".into(),
        body: format!("{}.", parts.join("; ")),
    })
}

/// The week's study against its plan, once the week's reminder time has come.
pub fn week_study(
    week_starts_on: Date,
    studied_minutes: u32,
    planned_minutes: Option<u32>,
) -> Option<Reminder> {
    let planned = planned_minutes.filter(|p| *p > 0)?;
    let body = if studied_minutes >= planned {
        format!(
            "You studied {} this week, meeting your plan of {}.",
            hours(studied_minutes),
            hours(planned)
        )
    } else {
        format!(
            "You have studied {} of the {} you planned this week: {} to go.",
            hours(studied_minutes),
            hours(planned),
            hours(planned - studied_minutes)
        )
    };
    Some(Reminder {
        kind: ReminderKind::Week,
        period: week_starts_on.to_string(),
        title: "This week's study".into(),
        body,
    })
}

/// The reassessment hint, once a week while it is due.
pub fn reassess(week_starts_on: Date, last_assessed_on: &str, weeks: u8) -> Reminder {
    Reminder {
        kind: ReminderKind::Reassess,
        period: week_starts_on.to_string(),
        title: "Time to reassess your competencies".into(),
        body: format!(
            "Your last self-assessment was on {last_assessed_on}; you asked to reassess every {}. Rate them again to see what moved.",
            counted(usize::from(weeks), "week", "weeks")
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn due_today_counts_each_kind_and_names_up_to_three() {
        let today = date(2026, 12, 3);
        assert_eq!(due_today(today, &[], &[], &[]), None);
        let items: Vec<String> = ["A", "B", "C", "D"].map(String::from).to_vec();
        let reminder = due_today(today, &items, &["Ines Silva".into()], &[]).expect("a reminder");
        assert_eq!(reminder.period, "2026-12-03");
        assert_eq!(
            reminder.body,
            "4 checklist items (A, B, C, …); 1 follow-up (Ines Silva)."
        );
    }

    #[test]
    fn the_week_says_how_far_the_plan_is_and_nothing_without_one() {
        let monday = date(2026, 11, 30);
        assert_eq!(week_study(monday, 90, None), None);
        assert_eq!(
            week_study(monday, 90, Some(240)).map(|r| r.body),
            Some("You have studied 1 h 30 min of the 4 h you planned this week: 2 h 30 min to go.".into())
        );
        assert!(week_study(monday, 250, Some(240)).is_some_and(|r| r.body.contains("meeting your plan")));
    }

    #[test]
    fn a_week_time_is_a_time_of_day() {
        let settings = |at: &str| ReminderSettings {
            due: true,
            reassess: true,
            week: true,
            week_on: WeekStart::Friday,
            week_at: at.into(),
        };
        assert_eq!(
            settings("17:00").week_time().ok(),
            Some(Time::constant(17, 0, 0, 0))
        );
        for bad in ["5pm", "25:00", "17:0", ""] {
            assert_eq!(
                settings(bad)
                    .week_time()
                    .err()
                    .and_then(|e| e.field().map(str::to_owned)),
                Some("weekAt".into()),
                "{bad}"
            );
        }
    }
}
