//! `cairn status`: where the person stands, in a few lines for a terminal or a cron mail, or as JSON for a
//! shell prompt or a status bar. The JSON's field names are a promise (listed in the README): fields may be
//! added, never renamed or removed, and `format` changes only if that promise has to break.

use crate::model::Share;
use crate::wording::hours;
use cairn_core::time::long_date_in;
use cairn_core::Result;
use cairn_store::dashboard::NEXT_STEP_DAYS;
use cairn_store::Store;
use jiff::civil::Date;
use serde::Serialize;
use std::fmt::Write;

/// The JSON's version: bumped only if a field had to change meaning or go.
pub const STATUS_FORMAT: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Status {
    pub format: u32,
    pub today: String,
    pub pathway: Share,
    pub milestones: Vec<MilestoneStatus>,
    pub week: WeekStatus,
    /// Undone items due within two weeks or overdue, soonest first.
    pub due_items: Vec<DueStatus>,
    /// Follow-ups with contacts due by the end of this week, or overdue, soonest first.
    pub follow_ups: Vec<FollowUpStatus>,
    /// The pipeline's next steps due within a week, or overdue, soonest first.
    pub next_steps: Vec<NextStepStatus>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MilestoneStatus {
    pub key: String,
    pub title: String,
    pub done: u32,
    pub total: u32,
    pub percent: u32,
    /// The first item not done yet, in the person's order.
    pub next_item: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WeekStatus {
    pub starts_on: String,
    pub studied_minutes: u32,
    /// The weekly target less break days; `null` when there is no target.
    pub planned_minutes: Option<u32>,
    pub on_target: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DueStatus {
    pub title: String,
    pub milestone: String,
    pub due_on: String,
    pub overdue: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FollowUpStatus {
    pub contact: String,
    pub summary: String,
    pub due_on: String,
    pub overdue: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NextStepStatus {
    pub organisation: String,
    pub step: String,
    pub due_on: String,
    pub overdue: bool,
}

/// Reads the status as of `today` (the dashboard's one read).
pub fn gather(store: &Store, today: Date) -> Result<Status> {
    let dashboard = store.dashboard(today)?;
    let today_text = today.to_string();
    let overall = &dashboard.pathway.overall;
    let week = &dashboard.week.week;
    let follow_ups = &dashboard.follow_ups;
    Ok(Status {
        format: STATUS_FORMAT,
        pathway: Share::new(overall.done, overall.total),
        milestones: dashboard
            .pathway
            .milestones
            .iter()
            .map(|m| {
                let share = Share::new(m.progress.done, m.progress.total);
                MilestoneStatus {
                    key: m.key.clone(),
                    title: m.title.clone(),
                    done: share.done,
                    total: share.total,
                    percent: share.percent,
                    next_item: m.next_item.as_ref().map(|i| i.title.clone()),
                }
            })
            .collect(),
        week: WeekStatus {
            starts_on: week.starts_on.clone(),
            studied_minutes: week.actual_minutes,
            planned_minutes: week.planned_minutes,
            on_target: week.on_target,
        },
        due_items: dashboard
            .pathway
            .due_soon
            .iter()
            .map(|d| DueStatus {
                title: d.title.clone(),
                milestone: d.milestone_title.clone(),
                due_on: d.due_on.clone(),
                overdue: d.overdue,
            })
            .collect(),
        follow_ups: follow_ups
            .overdue
            .iter()
            .chain(&follow_ups.this_week)
            .map(|f| FollowUpStatus {
                contact: f.contact_name.clone(),
                summary: f.summary.clone(),
                due_on: f.due_on.clone(),
                overdue: f.due_on < today_text,
            })
            .collect(),
        next_steps: dashboard
            .next_steps
            .iter()
            .map(|n| NextStepStatus {
                organisation: n.organisation.clone(),
                step: n.step.clone(),
                due_on: n.due_on.clone(),
                overdue: n.due_on < today_text,
            })
            .collect(),
        today: today_text,
    })
}

impl Status {
    /// The status for a person reading a terminal, dates written as `locale` writes them.
    pub fn text(&self, locale: &str) -> String {
        let date = |iso: &str| {
            iso.parse()
                .map_or_else(|_| iso.to_owned(), |d| long_date_in(locale, d))
        };
        let when = |iso: &str, overdue: bool| {
            if overdue {
                format!("overdue since {}", date(iso))
            } else {
                date(iso)
            }
        };
        let mut out = String::new();
        let p = &self.pathway;
        let _ = writeln!(out, "Cairn, {}", date(&self.today));
        let _ = writeln!(out, "Pathway: {}% ({} of {} items)", p.percent, p.done, p.total);
        for m in &self.milestones {
            let _ = write!(out, "  {}: {}% ({} of {})", m.title, m.percent, m.done, m.total);
            match &m.next_item {
                Some(next) => {
                    let _ = writeln!(out, "; next: {next}");
                }
                None => out.push('\n'),
            }
        }
        let w = &self.week;
        let _ = match w.planned_minutes {
            Some(planned) => writeln!(
                out,
                "This week: {} studied of {} planned{}",
                hours(w.studied_minutes),
                hours(planned),
                if w.on_target == Some(true) {
                    " (on target)"
                } else {
                    ""
                }
            ),
            None => writeln!(
                out,
                "This week: {} studied (no weekly target)",
                hours(w.studied_minutes)
            ),
        };
        let section = |out: &mut String, title: &str, lines: Vec<String>| {
            if lines.is_empty() {
                let _ = writeln!(out, "{title}: none");
            } else {
                let _ = writeln!(out, "{title}:");
                for line in lines {
                    let _ = writeln!(out, "  - {line}");
                }
            }
        };
        section(
            &mut out,
            "Items due",
            self.due_items
                .iter()
                .map(|d| format!("{} ({}), {}", d.title, d.milestone, when(&d.due_on, d.overdue)))
                .collect(),
        );
        section(
            &mut out,
            "Follow-ups this week",
            self.follow_ups
                .iter()
                .map(|f| format!("{}: {}, {}", f.contact, f.summary, when(&f.due_on, f.overdue)))
                .collect(),
        );
        section(
            &mut out,
            &format!("Next steps with prospects (due within {NEXT_STEP_DAYS} days)"),
            self.next_steps
                .iter()
                .map(|n| format!("{}: {}, {}", n.organisation, n.step, when(&n.due_on, n.overdue)))
                .collect(),
        );
        out
    }
}
