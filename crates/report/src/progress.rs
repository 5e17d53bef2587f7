//! Gathering a progress report from the store, once, into [`crate::model`]; [`crate::document`] lays it out as
//! the sections every renderer (PDF, HTML, Markdown, Word) prints, so the formats always agree. The charts are
//! drawn here too (as SVG, by [`crate::charts`]).
//!
//! A date range narrows what *happened*: items ticked, ratings, study time, pieces worked on and interactions
//! inside it. Where things stand (milestone progress, targets, evidence coverage, contacts) is as of today.

use crate::charts;
pub use crate::model::*;
use cairn_core::markdown;
use cairn_core::time::{long_date_in, parse_date};
use cairn_core::Id;
use cairn_core::{Error, Result};
use cairn_store::Store;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::Timestamp;
use std::collections::HashMap;

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
pub fn report_note(store: &Store, id: Id, tz: &TimeZone, locale: &str) -> Result<ReportNote> {
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
    let reflections = store.session_reflections(period.from, period.to)?;
    let study = StudySummary {
        total_minutes: totals.total_minutes,
        sessions: totals.sessions,
        reflected_sessions: reflections.sessions,
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

    // Pipeline: counts and movement; organisation names only when asked for.
    let movement = store.pipeline_activity(period.from, period.to)?;
    let labelled = |pairs: Vec<(cairn_core::pipeline::PipelineStage, u32)>| {
        pairs
            .into_iter()
            .map(|(stage, n)| (stage.label().to_owned(), n))
            .collect()
    };
    let pipeline = PipelineSummary {
        at_end: labelled(movement.at_end),
        moves_into: labelled(movement.moves_into),
        moves_in_period: movement.moves.len() as u32,
        moves: match request.sections.pipeline_names {
            true => movement
                .moves
                .into_iter()
                .map(|(on, organisation, from, to)| MoveRow {
                    moved_on: on.parse::<Date>().map_or(on, long_date),
                    organisation,
                    from: from.map_or("(added)", |s| s.label()).to_owned(),
                    to: to.label().to_owned(),
                })
                .collect(),
            false => Vec::new(),
        },
    };

    // Notes the person chose, in the order chosen, then (if asked) the period's reflections not chosen already.
    if request.note_ids.len() > MAX_NOTES {
        return Err(Error::invalid(
            "noteIds",
            format!("A report can carry at most {MAX_NOTES} notes."),
        ));
    }
    let mut note_ids = request.note_ids.clone();
    if request.sections.reflections {
        let room = MAX_NOTES - note_ids.len();
        let more: Vec<Id> = reflections
            .note_ids
            .iter()
            .copied()
            .filter(|id| !note_ids.contains(id))
            .take(room)
            .collect();
        note_ids.extend(more);
    }
    let notes = note_ids
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
        pipeline,
        notes,
        charts,
    })
}
