//! `cairn demo`: fills an empty data directory with a believable person's data, for screenshots, tests and
//! benchmarks. Later features add their own data here.
//!
//! - small: a pharmacist four months into the switch: most of milestone 1, part of 2 and 3, a few items of
//!   their own (one overdue, one due soon), one hidden and one reworded pathway item, 36 notes, four monthly
//!   self-assessments, 15 weeks of study sessions with a short break (`study`), and six portfolio pieces
//!   and twelve contacts (`network`).
//! - large: ten years of heavy use: every pathway item done, thousands of the person's own items, and 4,000
//!   notes (about 10 MB of text; see `notes`), and monthly self-assessments for ten years with three
//!   competencies of the person's own (`assessments`), and ten years of study sessions, about 24,000, with
//!   breaks and a changing weekly target (`study`), 150 portfolio pieces and 400 contacts with about 4,000
//!   interactions (`network`).
//!
//! The data is deterministic for a given `now` (a fixed-seed generator), so runs can be compared.

use cairn_core::checklist::{Background, ProfileInput};
use cairn_core::Id;
use cairn_core::{Error, Result};
use cairn_store::{Store, DATABASE_FILE};
use jiff::{Span, Timestamp};
use std::path::Path;

mod assessments;
mod network;
mod notes;
mod random;
mod study;
mod work;

use cairn_store::backfill::DatedItem;
use random::Seeded;

/// How much data: a few months of one person's start, or ten years of heavy use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    Small,
    Large,
}

impl std::str::FromStr for Scale {
    type Err = String;

    fn from_str(text: &str) -> std::result::Result<Self, String> {
        match text {
            "small" => Ok(Scale::Small),
            "large" => Ok(Scale::Large),
            other => Err(format!("the scale is small or large, not {other:?}")),
        }
    }
}

/// What `cairn demo` wrote, for its report.
#[derive(Debug, Default)]
pub struct DemoSummary {
    pub items_done: u32,
    pub own_items: u32,
    pub notes: u32,
    pub assessments: u32,
    pub sessions: u32,
    pub pieces: u32,
    pub contacts: u32,
    pub organisations: u32,
    pub projects: u32,
}

/// Refuses a data directory that already holds a database, unless `force` (then that database is replaced).
pub fn prepare(data_dir: &Path, force: bool) -> Result<()> {
    let database = data_dir.join(DATABASE_FILE);
    if !database.exists() {
        return Ok(());
    }
    if !force {
        return Err(Error::Conflict(format!(
            "{} already has a Cairn database; demo data only goes into an empty folder (use --force to replace it)",
            data_dir.display()
        )));
    }
    for suffix in ["", "-wal", "-shm"] {
        let path = data_dir.join(format!("{DATABASE_FILE}{suffix}"));
        if path.exists() {
            std::fs::remove_file(&path)
                .map_err(|e| Error::io(format!("Cannot remove {}", path.display()), e))?;
        }
    }
    Ok(())
}

pub fn fill(store: &mut Store, scale: Scale, now: Timestamp) -> Result<DemoSummary> {
    let profile = ProfileInput {
        background: Some(Background::Pharmacist),
        weekly_minutes: Some(240),
    };
    // The person began with Cairn when the demo's history begins (the welcome keeps its first time), so the
    // report's "with Cairn since" agrees with the dates in it.
    let began = match scale {
        Scale::Small => days_before(now, 120),
        Scale::Large => days_before(now, 365 * 10),
    };
    store.skip_welcome(began)?;
    store.save_profile(&profile, jiff::ZonedDateTime::now().date(), now)?;
    let mut summary = match scale {
        Scale::Small => fill_small(store, now)?,
        Scale::Large => fill_large(store, now)?,
    };
    summary.notes = match scale {
        Scale::Small => notes::fill_small(store, now)?,
        Scale::Large => notes::fill_large(store, now)?,
    };
    let today = jiff::ZonedDateTime::now().date();
    summary.assessments = match scale {
        Scale::Small => assessments::fill_small(store, today, now)?,
        Scale::Large => assessments::fill_large(store, today, now)?,
    };
    let here = now.to_zoned_datetime(jiff::tz::TimeZone::system());
    summary.sessions = match scale {
        Scale::Small => study::fill_small(store, &here)?,
        Scale::Large => study::fill_large(store, &here)?,
    };
    (summary.pieces, summary.contacts) = match scale {
        Scale::Small => network::fill_small(store, today, now)?,
        Scale::Large => network::fill_large(store, today, now)?,
    };
    (summary.organisations, summary.projects) = match scale {
        Scale::Small => work::fill_small(store, &here)?,
        Scale::Large => work::fill_large(store, &here)?,
    };
    Ok(summary)
}

fn days_before(now: Timestamp, days: i64) -> Timestamp {
    now.checked_sub(Span::new().hours(24 * days)).unwrap_or(now)
}

fn fill_small(store: &mut Store, now: Timestamp) -> Result<DemoSummary> {
    // How far into each milestone the person is, after about four months.
    let done_per_milestone = [
        ("understand-cme", 9),
        ("adult-learning", 6),
        ("formats-deliverables", 3),
    ];
    let mut random = Seeded(2026);
    let mut summary = DemoSummary::default();
    let mut day = 120;
    for (milestone, count) in done_per_milestone {
        let items = store.milestone_detail(milestone)?.items;
        for item in items.iter().take(count) {
            day -= 1 + random.below(4) as i64;
            store.set_item_done(item.id, true, days_before(now, day.max(1)))?;
            summary.items_done += 1;
        }
    }
    let today = jiff::ZonedDateTime::now().date();
    let own = [
        (
            "adult-learning",
            "Ask the hospital's education lead about their CME planning",
            Some(-3),
        ),
        (
            "formats-deliverables",
            "Draft a needs assessment on anticoagulation in older adults",
            Some(9),
        ),
        (
            "connect-network",
            "Message two former colleagues who now work in medical education",
            None,
        ),
    ];
    for (milestone, title, due_in_days) in own {
        let due_on = due_in_days.and_then(|days| today.checked_add(Span::new().days(days)).ok());
        let input = cairn_core::checklist::ItemInput {
            title: title.to_owned(),
            details: String::new(),
            due_on: due_on.map(|date| date.to_string()),
        };
        store.add_item(milestone, &input, days_before(now, 20))?;
        summary.own_items += 1;
    }
    let network = store.milestone_detail("connect-network")?.items;
    if let Some(item) = network.iter().find(|item| item.title.contains("CMEpalooza")) {
        store.set_item_hidden(item.id, true, days_before(now, 10))?;
    }
    if let Some(item) = store.milestone_detail("core-competencies")?.items.first() {
        let reworded = cairn_core::checklist::ItemInput {
            title: "Read Kassis & Harting (2024) with my journal club".into(),
            details: item.details.clone(),
            due_on: None,
        };
        store.edit_item(item.id, &reworded, days_before(now, 5))?;
    }
    Ok(summary)
}

fn fill_large(store: &mut Store, now: Timestamp) -> Result<DemoSummary> {
    const YEARS: i64 = 10;
    const OWN_ITEMS: u32 = 3_000;
    let mut random = Seeded(1_000_003);
    let milestones = store.milestone_ids()?;
    // Every pathway item was done at some point in the first two years.
    let builtin = store.builtin_item_ids()?;
    let done: Vec<(Id, Timestamp)> = builtin
        .iter()
        .enumerate()
        .map(|(index, id)| (*id, days_before(now, 365 * YEARS - 14 * index as i64)))
        .collect();
    store.backfill_done(&done)?;
    let verbs = [
        "Draft",
        "Review",
        "Outline",
        "Read",
        "Email",
        "Plan",
        "Revise",
        "Summarise",
    ];
    let topics = [
        "needs assessment on heart failure",
        "objectives for a diabetes webinar",
        "patient case on asthma in children",
        "outcomes report for an oncology series",
        "podcast script on antimicrobial stewardship",
        "slide deck on atrial fibrillation",
        "grant proposal for a pain management programme",
        "question set for a dermatology enduring activity",
    ];
    let mut items = Vec::with_capacity(OWN_ITEMS as usize);
    let mut done = builtin.len() as u32;
    for n in 0..OWN_ITEMS {
        let milestone_id = milestones[random.below(milestones.len() as u64) as usize];
        let created_at = days_before(now, random.below(365 * YEARS as u64) as i64 + 1);
        let title = format!(
            "{} the {} ({})",
            verbs[random.below(verbs.len() as u64) as usize],
            topics[random.below(topics.len() as u64) as usize],
            n + 1
        );
        let finished = random.below(10) < 9;
        let done_at = finished.then(|| {
            created_at
                .checked_add(Span::new().hours(72))
                .unwrap_or(created_at)
        });
        let due_on = (!finished && random.below(2) == 0).then(|| {
            let date = jiff::ZonedDateTime::now().date();
            date.checked_add(Span::new().days(random.below(60) as i64 - 20))
                .unwrap_or(date)
        });
        items.push(DatedItem {
            milestone_id,
            title,
            details: "Notes on scope, client and deadline.".into(),
            position: 100 + n,
            created_at,
            done_at,
            due_on,
        });
        done += u32::from(finished);
    }
    store.backfill_items(&items)?;
    Ok(DemoSummary {
        items_done: done,
        own_items: OWN_ITEMS,
        ..DemoSummary::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> Timestamp {
        "2026-11-24T09:00:00Z".parse().expect("a valid instant")
    }

    #[test]
    fn small_demo_data_shows_believable_progress() -> std::result::Result<(), Box<dyn std::error::Error>> {
        let tmp = tempfile::tempdir()?;
        let mut store = cairn_store::Store::open_with_pathway(tmp.path(), now())?;
        let summary = fill(&mut store, Scale::Small, now())?;
        let overview = store.pathway_overview(jiff::ZonedDateTime::now().date())?;
        assert_eq!(overview.overall.done, summary.items_done);
        assert!(overview.overall.done >= 15 && overview.overall.done < overview.overall.total / 2);
        assert!(
            overview.due_soon.iter().any(|item| item.overdue),
            "one item is overdue"
        );
        assert!(store.profile()?.welcomed);
        // The business side: organisations at many stages, a paid project whose hours ran over its estimate,
        // and a disclosure statement that leaves out the relationship older than 24 months.
        assert_eq!((summary.organisations, summary.projects), (8, 3));
        let stages: std::collections::HashSet<_> = store.organisations()?.iter().map(|o| o.stage).collect();
        assert!(stages.len() >= 6, "{stages:?}");
        let figures = store.estimate_figures()?;
        assert_eq!(figures.len(), 1);
        assert!(figures[0].actual_per_hundred_estimated > 100, "{figures:?}");
        let statement = store
            .disclosure_record(jiff::ZonedDateTime::now().date(), "en-GB")?
            .statement;
        assert!(
            statement.contains("Vance Therapeutics") && !statement.contains("Orrin"),
            "{statement}"
        );
        assert_eq!(
            store.started_at()?,
            "2026-07-27T09:00:00Z",
            "the person began when the demo's history begins, 120 days back"
        );
        Ok(())
    }

    #[test]
    fn a_folder_with_a_database_is_refused_unless_forced(
    ) -> std::result::Result<(), Box<dyn std::error::Error>> {
        let tmp = tempfile::tempdir()?;
        drop(Store::open(tmp.path())?);
        assert_eq!(
            prepare(tmp.path(), false).err().map(|e| e.code()),
            Some(cairn_core::ErrorCode::Conflict)
        );
        assert!(
            tmp.path().join(DATABASE_FILE).exists(),
            "refusing leaves the database alone"
        );
        prepare(tmp.path(), true)?;
        assert!(!tmp.path().join(DATABASE_FILE).exists());
        Ok(())
    }
}
