//! `cairn demo`: fills an empty data directory with a believable person's data, for screenshots, tests and
//! benchmarks. Later features add their own data here.
//!
//! - small: a pharmacist four months into the switch: most of milestone 1, part of 2 and 3, a few items of
//!   their own (one overdue, one due soon), one hidden and one reworded pathway item, 36 notes, four monthly
//!   self-assessments, 15 weeks of study sessions with a short break (`demo_study`), and six portfolio pieces
//!   and twelve contacts (`demo_network`).
//! - large: ten years of heavy use: every pathway item done, thousands of the person's own items, and 4,000
//!   notes (about 10 MB of text; see `demo_notes`), and monthly self-assessments for ten years with three
//!   competencies of the person's own (`demo_assessments`), and ten years of study sessions, about 24,000, with
//!   breaks and a changing weekly target (`demo_study`), 150 portfolio pieces and 400 contacts with about 4,000
//!   interactions (`demo_network`).
//!
//! The data is deterministic for a given `now` (a fixed-seed generator), so runs can be compared.

use cairn_core::checklist::{Background, ProfileInput};
use cairn_core::time::instant_text;
use cairn_core::{Error, Result};
use cairn_store::{Store, DATABASE_FILE};
use jiff::{Span, Timestamp};
use rusqlite::params;
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Scale {
    Small,
    Large,
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
}

/// A small fixed-seed generator (SplitMix64): demo data must be repeatable, not random.
pub(crate) struct Seeded(pub(crate) u64);

impl Seeded {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub(crate) fn below(&mut self, bound: u64) -> u64 {
        self.next() % bound.max(1)
    }
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
        Scale::Small => crate::demo_notes::fill_small(store, now)?,
        Scale::Large => crate::demo_notes::fill_large(store, now)?,
    };
    let today = jiff::ZonedDateTime::now().date();
    summary.assessments = match scale {
        Scale::Small => crate::demo_assessments::fill_small(store, today, now)?,
        Scale::Large => crate::demo_assessments::fill_large(store, today, now)?,
    };
    let here = now.to_zoned_datetime(jiff::tz::TimeZone::system());
    summary.sessions = match scale {
        Scale::Small => crate::demo_study::fill_small(store, &here)?,
        Scale::Large => crate::demo_study::fill_large(store, &here)?,
    };
    (summary.pieces, summary.contacts) = match scale {
        Scale::Small => crate::demo_network::fill_small(store, today, now)?,
        Scale::Large => crate::demo_network::fill_large(store, today, now)?,
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
    let path = store.database_path().to_path_buf();
    let sql = |e| cairn_store::connection::sql_error(&path, e);
    store.transact(|tx| {
        let milestones: Vec<i64> = tx
            .prepare("SELECT id FROM milestone ORDER BY position")
            .and_then(|mut stmt| stmt.query_map([], |row| row.get(0))?.collect())
            .map_err(sql)?;
        // Every pathway item was done at some point in the first two years.
        let builtin: Vec<i64> = tx
            .prepare("SELECT id FROM checklist_item WHERE key IS NOT NULL ORDER BY milestone_id, position")
            .and_then(|mut stmt| stmt.query_map([], |row| row.get(0))?.collect())
            .map_err(sql)?;
        for (index, id) in builtin.iter().enumerate() {
            let done = instant_text(days_before(now, 365 * YEARS - 14 * index as i64));
            tx.execute(
                "UPDATE checklist_item SET done_at = ?2, touched_at = ?2, updated_at = ?2 WHERE id = ?1",
                params![id, done],
            )
            .map_err(sql)?;
        }
        let verbs = ["Draft", "Review", "Outline", "Read", "Email", "Plan", "Revise", "Summarise"];
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
        let mut insert = tx
            .prepare(
                "INSERT INTO checklist_item (milestone_id, title, details, position, done_at, due_on, touched_at,
                     created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?7)",
            )
            .map_err(sql)?;
        let mut done = builtin.len() as u32;
        for n in 0..OWN_ITEMS {
            let milestone = milestones[random.below(milestones.len() as u64) as usize];
            let created = days_before(now, random.below(365 * YEARS as u64) as i64 + 1);
            let title = format!(
                "{} the {} ({})",
                verbs[random.below(verbs.len() as u64) as usize],
                topics[random.below(topics.len() as u64) as usize],
                n + 1
            );
            let finished = random.below(10) < 9;
            let done_at = finished.then(|| instant_text(created.checked_add(Span::new().hours(72)).unwrap_or(created)));
            let due_on = (!finished && random.below(2) == 0).then(|| {
                let date = jiff::ZonedDateTime::now().date();
                date.checked_add(Span::new().days(random.below(60) as i64 - 20)).unwrap_or(date).to_string()
            });
            insert
                .execute(params![
                    milestone,
                    title,
                    "Notes on scope, client and deadline.",
                    100 + n,
                    done_at,
                    due_on,
                    instant_text(created)
                ])
                .map_err(sql)?;
            done += u32::from(finished);
        }
        Ok(DemoSummary { items_done: done, own_items: OWN_ITEMS, ..DemoSummary::default() })
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
