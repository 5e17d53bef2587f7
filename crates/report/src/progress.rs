//! The progress report's content, gathered once from the store and then written out as PDF, HTML or Markdown
//! (so the three formats always say the same thing). Charts are drawn here too, as SVG, for PDF and HTML.
//!
//! A date range narrows what *happened*: items ticked, ratings, study time, pieces worked on and interactions
//! inside it. Where things stand (milestone progress, targets, evidence coverage, contacts) is as of today.

use crate::charts;
use cairn_core::markdown;
use cairn_core::time::{long_date_in, parse_date};
use cairn_core::{Error, Result};
use cairn_store::Store;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The most weeks the study chart shows; a longer range still counts every week in its totals.
pub const MAX_CHART_WEEKS: u32 = 26;
/// The most notes one report carries.
pub const MAX_NOTES: usize = 200;

/// Which parts the person wants in the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ReportSections {
    pub checklist: bool,
    pub competencies: bool,
    pub study: bool,
    pub portfolio: bool,
    pub network: bool,
}

impl Default for ReportSections {
    fn default() -> Self {
        ReportSections {
            checklist: true,
            competencies: true,
            study: true,
            portfolio: true,
            network: true,
        }
    }
}

/// What to put in a report: a date range (`YYYY-MM-DD`, both optional), the sections, and chosen notes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ReportRequest {
    pub from: Option<String>,
    pub to: Option<String>,
    pub sections: ReportSections,
    pub note_ids: Vec<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProgressReport {
    pub title: String,
    /// "All time up to 24 November 2026", "1 September 2026 – 24 November 2026".
    pub period: String,
    pub generated_on: String,
    /// The locale the dates are written in (a tag like `en-GB`).
    pub locale: String,
    pub person: Person,
    pub overall: Share,
    pub milestones: Vec<MilestoneProgress>,
    pub sections: ReportSections,
    pub items_done: Vec<ItemDone>,
    pub competencies: Vec<CompetencyRow>,
    pub assessments_in_period: u32,
    pub study: StudySummary,
    pub portfolio: PortfolioSummary,
    pub network: NetworkSummary,
    pub notes: Vec<ReportNote>,
    pub charts: Charts,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Person {
    /// Their name as given in Settings ("" when not given): a Word document's author.
    pub name: String,
    /// "Pharmacist", or `None` when the welcome was skipped.
    pub background: Option<String>,
    /// The day they started with Cairn.
    pub started_on: String,
    pub weekly_target_minutes: Option<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Share {
    pub done: u32,
    pub total: u32,
    pub percent: u32,
}

impl Share {
    fn new(done: u32, total: u32) -> Share {
        let percent = (done * 100 + total / 2).checked_div(total).unwrap_or(0);
        Share { done, total, percent }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MilestoneProgress {
    pub title: String,
    pub progress: Share,
    /// Items of this milestone ticked within the period.
    pub done_in_period: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ItemDone {
    /// Written out in the report's locale, as every date a report shows.
    pub done_on: String,
    pub milestone: String,
    pub title: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CompetencyRow {
    pub name: String,
    /// The first and latest self-rating within the period (1–5) and when.
    pub first: Option<u8>,
    pub first_on: Option<String>,
    pub latest: Option<u8>,
    pub latest_on: Option<String>,
    pub target: Option<u8>,
    /// Target less latest, when both are known and the latest is short of the target.
    pub gap: Option<u8>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StudySummary {
    pub total_minutes: u32,
    pub sessions: u32,
    pub by_activity: Vec<TimeRow>,
    pub by_milestone: Vec<TimeRow>,
    /// "On target N of M weeks in the last 12", as of the period's end.
    pub on_target_weeks: u32,
    pub measured_weeks: u32,
    pub weeks: Vec<WeekRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TimeRow {
    pub label: String,
    pub minutes: u32,
    pub sessions: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WeekRow {
    pub starts_on: String,
    pub planned_minutes: Option<u32>,
    pub actual_minutes: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PortfolioSummary {
    pub pieces: Vec<PieceRow>,
    pub finished: u32,
    /// Competencies with at least one piece of evidence, of all shown competencies.
    pub covered: Share,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PieceRow {
    pub title: String,
    pub deliverable: String,
    pub status: String,
    pub finished_on: Option<String>,
    pub competencies: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NetworkSummary {
    pub contacts: u32,
    pub interactions_in_period: u32,
    pub people_in_period: u32,
    pub by_channel: Vec<(String, u32)>,
    pub open_follow_ups: u32,
    /// The latest interactions in the period (at most ten).
    pub recent: Vec<InteractionRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InteractionRow {
    pub happened_on: String,
    pub who: String,
    pub channel: String,
    pub summary: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReportNote {
    pub title: String,
    pub written_on: String,
    pub markdown: String,
    /// Sanitized HTML (the same renderer as the app's preview).
    pub html: String,
}

/// The charts, drawn once as SVG and used by both the PDF and the HTML report.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Charts {
    pub milestones: String,
    pub radar: Option<String>,
    pub weeks: Option<String>,
}

/// A date range checked and resolved: `to` is never after today.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub from: Option<Date>,
    pub to: Date,
}

impl Period {
    pub fn contains(&self, day: Date) -> bool {
        self.from.is_none_or(|from| day >= from) && day <= self.to
    }
}

/// Resolves `from`/`to` against `today`: refused at the field when unreadable or when `from` is after `to`.
pub fn period(from: Option<&str>, to: Option<&str>, today: Date) -> Result<Period> {
    let from = from
        .filter(|t| !t.trim().is_empty())
        .map(|t| parse_date("from", t))
        .transpose()?;
    let to = to
        .filter(|t| !t.trim().is_empty())
        .map(|t| parse_date("to", t))
        .transpose()?;
    let to = to.map_or(today, |to| to.min(today));
    if let Some(from) = from {
        if from > to {
            return Err(Error::invalid(
                "from",
                "The start of the period is after its end.",
            ));
        }
    }
    Ok(Period { from, to })
}

/// A note as a report (or a document of its own) shows it; a note in the trash is refused.
pub fn report_note(store: &Store, id: u32, tz: &TimeZone, locale: &str) -> Result<ReportNote> {
    let note = store.note(id)?;
    if note.deleted_at.is_some() {
        return Err(Error::invalid(
            "noteIds",
            format!("The note \"{}\" is in the trash.", note.title),
        ));
    }
    Ok(ReportNote {
        written_on: local_day(&note.created_at, tz)
            .map(|day| long_date_in(locale, day))
            .unwrap_or_default(),
        html: markdown::render(&note.body),
        markdown: note.body,
        title: note.title,
    })
}

fn local_day(instant: &str, tz: &TimeZone) -> Option<Date> {
    instant
        .parse::<Timestamp>()
        .ok()
        .map(|t| t.to_zoned_datetime(tz.clone()).date())
}

/// Gathers everything a report shows. `now` gives today and the time zone for instants; `locale` how dates
/// are written (see [`cairn_core::time::effective_locale`]).
pub fn gather(
    store: &Store,
    request: &ReportRequest,
    now: &jiff::ZonedDateTime,
    locale: &str,
) -> Result<ProgressReport> {
    let today = now.date();
    let tz = now.time_zone();
    let long_date = |day: Date| long_date_in(locale, day);
    let period = period(request.from.as_deref(), request.to.as_deref(), today)?;
    let profile = store.profile()?;
    let started_on = local_day(&store.started_at()?, tz)
        .map(long_date)
        .unwrap_or_default();

    // Milestones and items, as of the period's end for what is done.
    let overview = store.pathway_overview(period.to)?;
    let mut items_done = Vec::new();
    let mut done_by_milestone: HashMap<String, u32> = HashMap::new();
    for item in store.items_done()? {
        let Some(day) = local_day(&item.done_at, tz) else {
            continue;
        };
        if !period.contains(day) {
            continue;
        }
        *done_by_milestone.entry(item.milestone.clone()).or_default() += 1;
        items_done.push(ItemDone {
            done_on: long_date(day),
            milestone: item.milestone,
            title: item.title,
        });
    }
    let milestones: Vec<MilestoneProgress> = overview
        .milestones
        .iter()
        .map(|m| MilestoneProgress {
            title: m.title.clone(),
            progress: Share::new(m.progress.done, m.progress.total),
            done_in_period: done_by_milestone.get(&m.title).copied().unwrap_or(0),
        })
        .collect();

    // Competencies: first and latest rating inside the period.
    let competency_overview = store.competency_overview(today)?;
    let rated = store.ratings_between(period.from, period.to)?;
    let assessments_in_period = rated.assessments;
    let ratings = rated.by_competency;
    let competencies: Vec<CompetencyRow> = competency_overview
        .competencies
        .iter()
        .filter(|c| !c.hidden)
        .map(|c| {
            let rated = ratings.get(&c.id);
            let first = rated.and_then(|r| r.first()).cloned();
            let latest = rated.and_then(|r| r.last()).cloned();
            let target = c.target_level.or(c.suggested_level);
            let gap = match (latest.as_ref(), target) {
                (Some(latest), Some(target)) if latest.level < target => Some(target - latest.level),
                _ => None,
            };
            CompetencyRow {
                name: c.name.clone(),
                first: first.as_ref().map(|f| f.level),
                first_on: first.map(|f| f.on),
                latest: latest.as_ref().map(|l| l.level),
                latest_on: latest.map(|l| l.on),
                target,
                gap,
            }
        })
        .collect();

    // Study time.
    let totals = store.study_totals(period.from, period.to)?;
    let chart_weeks = match period.from {
        Some(from) => {
            let days = (period.to - from).get_days().max(0) as u32;
            (days / 7 + 1).clamp(4, MAX_CHART_WEEKS)
        }
        None => 12,
    };
    let weeks = store.study_weeks(period.to, chart_weeks)?;
    let week = store.study_week(period.to)?;
    let time_rows = |shares: &[cairn_store::study::TimeShare]| {
        shares
            .iter()
            .map(|s| TimeRow {
                label: s.label.clone(),
                minutes: s.minutes,
                sessions: s.sessions,
            })
            .collect::<Vec<_>>()
    };
    let study = StudySummary {
        total_minutes: totals.total_minutes,
        sessions: totals.sessions,
        by_activity: time_rows(&totals.by_activity),
        by_milestone: time_rows(&totals.by_milestone),
        on_target_weeks: week.consistency.on_target,
        measured_weeks: week.consistency.measured,
        weeks: weeks
            .iter()
            .map(|w| WeekRow {
                starts_on: w.starts_on.clone(),
                planned_minutes: w.planned_minutes,
                actual_minutes: w.actual_minutes,
            })
            .collect(),
    };

    // Portfolio: pieces worked on in the period (started or finished in it, or under way through it).
    let portfolio = store.portfolio()?;
    let day = |text: &Option<String>| text.as_deref().and_then(|t| t.parse::<Date>().ok());
    let pieces: Vec<PieceRow> = portfolio
        .pieces
        .iter()
        .filter(|p| !p.deleted)
        .filter(|p| {
            let started = day(&p.started_on);
            let finished = day(&p.finished_on);
            let began_in_time = started.is_none_or(|s| s <= period.to);
            let not_over_before = finished.is_none_or(|f| period.from.is_none_or(|from| f >= from));
            began_in_time && not_over_before
        })
        .map(|p| PieceRow {
            title: p.title.clone(),
            deliverable: p.deliverable.label().to_owned(),
            status: p.status.label().to_owned(),
            finished_on: day(&p.finished_on).map(long_date),
            competencies: p.competencies.iter().map(|c| c.name.clone()).collect(),
        })
        .collect();
    let finished = portfolio
        .pieces
        .iter()
        .filter(|p| !p.deleted && p.status.finished())
        .count() as u32;
    let portfolio = PortfolioSummary {
        finished,
        covered: Share::new(portfolio.covered, portfolio.evidence.len() as u32),
        pieces,
    };

    // Network.
    let activity = store.network_activity(period.from, period.to)?;
    let network = NetworkSummary {
        contacts: activity.contacts,
        interactions_in_period: activity.interactions,
        people_in_period: activity.people,
        by_channel: activity
            .by_channel
            .into_iter()
            .map(|(channel, count)| (channel.label().to_owned(), count))
            .collect(),
        open_follow_ups: store.open_follow_ups()?.len() as u32,
        recent: activity
            .recent
            .into_iter()
            .map(|i| InteractionRow {
                happened_on: i.happened_on.parse::<Date>().map_or(i.happened_on, long_date),
                who: if i.organisation.is_empty() {
                    i.contact_name
                } else {
                    format!("{} · {}", i.contact_name, i.organisation)
                },
                channel: i.channel.label().to_owned(),
                summary: i.summary,
            })
            .collect(),
    };

    // Notes the person chose, in the order chosen.
    if request.note_ids.len() > MAX_NOTES {
        return Err(Error::invalid(
            "noteIds",
            format!("A report can carry at most {MAX_NOTES} notes."),
        ));
    }
    let notes = request
        .note_ids
        .iter()
        .map(|&id| report_note(store, id, tz, locale))
        .collect::<Result<Vec<_>>>()?;

    let charts = Charts {
        milestones: charts::milestone_bars(&milestones),
        radar: charts::radar(&competencies),
        weeks: charts::weeks(&study.weeks),
    };
    let period_text = match period.from {
        Some(from) => format!("{} – {}", long_date(from), long_date(period.to)),
        None => format!("All time up to {}", long_date(period.to)),
    };
    Ok(ProgressReport {
        title: "CME writing: progress report".to_owned(),
        period: period_text,
        generated_on: long_date(today),
        locale: locale.to_owned(),
        person: Person {
            name: profile.name.clone(),
            background: profile.background.map(|b| b.in_report().to_owned()),
            started_on,
            weekly_target_minutes: week.weekly_minutes,
        },
        overall: Share::new(overview.overall.done, overview.overall.total),
        milestones,
        sections: request.sections.clone(),
        items_done,
        competencies,
        assessments_in_period,
        study,
        portfolio,
        network,
        notes,
        charts,
    })
}

/// "3 h 20 min", "45 min", "0 min".
pub fn hours(minutes: u32) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m} min"),
    }
}

impl ProgressReport {
    /// The line under the title: who, since when, which period.
    pub fn subtitle(&self) -> String {
        let who = self.person.background.as_deref().unwrap_or("Health professional");
        format!(
            "{who} moving into CME writing · with Cairn since {}",
            self.person.started_on
        )
    }

    /// The headline figures every format opens with: (value, what it counts).
    pub fn key_figures(&self) -> Vec<(String, String)> {
        let mut figures = vec![(
            format!("{}%", self.overall.percent),
            format!(
                "of the pathway done ({} of {} items)",
                self.overall.done, self.overall.total
            ),
        )];
        if self.sections.checklist {
            figures.push((
                self.items_done.len().to_string(),
                "items ticked in the period".to_owned(),
            ));
        }
        if self.sections.study {
            figures.push((
                hours(self.study.total_minutes),
                format!("studied in {} sessions", self.study.sessions),
            ));
        }
        if self.sections.portfolio {
            figures.push((
                self.portfolio.finished.to_string(),
                format!(
                    "finished portfolio pieces, evidence for {} of {} competencies",
                    self.portfolio.covered.done, self.portfolio.covered.total
                ),
            ));
        }
        if self.sections.network {
            figures.push((
                self.network.interactions_in_period.to_string(),
                format!(
                    "conversations with {} people in the period",
                    self.network.people_in_period
                ),
            ));
        }
        figures
    }

    /// "On target 7 of 10 weeks in the last 12", or why there is no figure.
    pub fn consistency(&self) -> String {
        if self.study.measured_weeks == 0 {
            "No weekly target measured yet".to_owned()
        } else {
            format!(
                "On target {} of {} weeks in the last 12",
                self.study.on_target_weeks, self.study.measured_weeks
            )
        }
    }

    /// "4 self-assessments in the period."
    pub fn assessments_sentence(&self) -> String {
        let n = self.assessments_in_period;
        format!("{n} self-assessment{} in the period.", plural(n))
    }

    /// "38 h 20 min in 70 sessions. On target 4 of 11 weeks in the last 12."
    pub fn study_sentence(&self) -> String {
        format!(
            "{} in {} sessions. {}.",
            hours(self.study.total_minutes),
            self.study.sessions,
            self.consistency()
        )
    }

    /// "2 finished pieces; evidence for 9 of 15 competencies."
    pub fn portfolio_sentence(&self) -> String {
        let p = &self.portfolio;
        format!(
            "{} finished piece{}; evidence for {} of {} competencies.",
            p.finished,
            plural(p.finished),
            p.covered.done,
            p.covered.total
        )
    }

    /// "12 contacts; 23 conversations with 12 people in the period (Email 9, Call 5). 3 follow-ups open."
    pub fn network_sentence(&self) -> String {
        let n = &self.network;
        let channels = n
            .by_channel
            .iter()
            .map(|(channel, count)| format!("{channel} {count}"))
            .collect::<Vec<_>>()
            .join(", ");
        format!(
            "{} contacts; {} conversations with {} people in the period{}. {} follow-up{} open.",
            n.contacts,
            n.interactions_in_period,
            n.people_in_period,
            if channels.is_empty() {
                String::new()
            } else {
                format!(" ({channels})")
            },
            n.open_follow_ups,
            plural(n.open_follow_ups)
        )
    }

    pub fn footer(&self) -> String {
        format!(
            "Made with Cairn on {}. Competency levels (1 to 5) are the person's own ratings against a rubric that \
             describes each level of each competency.",
            self.generated_on
        )
    }
}

fn plural(n: u32) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// A level as a report shows it: "3", or "–" when not rated.
pub fn level(level: Option<u8>) -> String {
    level.map_or_else(|| "–".to_owned(), |l| l.to_string())
}
