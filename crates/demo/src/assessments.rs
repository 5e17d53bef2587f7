//! The self-assessment part of `cairn demo`: monthly ratings that mostly rise towards their targets, with the
//! odd skipped competency and the odd step back, as real self-ratings do.
//!
//! - small: four monthly assessments of every pathway competency.
//! - large: monthly for ten years, with three of the person's own competencies added along the way.

use crate::random::Seeded;
use cairn_core::competency::{AssessmentInput, CompetencyInput, RatingInput};
use cairn_core::Result;
use cairn_store::Store;
use jiff::civil::Date;
use jiff::{Span, Timestamp};

/// The person's own competencies in the large demo, added one, four and seven years in.
const OWN: &[(&str, &str)] = &[
    ("Podcast scripting", "formats-deliverables"),
    ("Grant budget narratives", "core-competencies"),
    ("Medical education agency pitching", "connect-network"),
];

fn months_before(today: Date, months: i64) -> Date {
    today.checked_sub(Span::new().months(months)).unwrap_or(today)
}

/// Writes `months` monthly assessments ending this month; returns how many.
fn monthly(
    store: &mut Store,
    today: Date,
    now: Timestamp,
    months: i64,
    seed: u64,
    own_from: &[i64],
) -> Result<u32> {
    let mut random = Seeded(seed);
    let mut levels: std::collections::HashMap<cairn_core::Id, u8> = std::collections::HashMap::new();
    let mut own_added = 0;
    let mut written = 0;
    for month in (0..months).rev() {
        let elapsed = months - month;
        while own_added < OWN.len() && own_from.get(own_added).is_some_and(|&at| elapsed >= at) {
            let (name, milestone) = OWN[own_added];
            store.add_competency(
                &CompetencyInput {
                    name: name.into(),
                    description: format!("{name}, as the work I want needs it."),
                    anchors: (1..=5)
                        .map(|level| {
                            format!(
                                "{name}: {}",
                                [
                                    "never tried",
                                    "tried with help",
                                    "do it alone",
                                    "do it well",
                                    "teach it"
                                ][level - 1]
                            )
                        })
                        .collect(),
                    target_level: Some(4),
                    milestones: vec![milestone.into()],
                },
                now,
            )?;
            own_added += 1;
        }
        let competencies = store.competency_overview(today)?.competencies;
        let mut ratings = Vec::new();
        for competency in competencies.iter().filter(|c| !c.hidden) {
            if random.below(8) == 0 {
                continue; // skipped this month
            }
            let level = levels.entry(competency.id).or_insert(1 + random.below(2) as u8);
            let target = competency.target_level.unwrap_or(4);
            match random.below(10) {
                0 => *level = level.saturating_sub(1).max(1),
                1..=3 if *level < target => *level += 1,
                _ => {}
            }
            ratings.push(RatingInput {
                competency_id: competency.id,
                level: *level,
                evidence: String::new(),
                note_id: None,
            });
        }
        if ratings.is_empty() {
            continue;
        }
        let input = AssessmentInput {
            taken_on: months_before(today, month).to_string(),
            milestone_key: None,
            ratings,
        };
        store.record_assessment(&input, today, now)?;
        written += 1;
    }
    Ok(written)
}

pub fn fill_small(store: &mut Store, today: Date, now: Timestamp) -> Result<u32> {
    monthly(store, today, now, 4, 31, &[])
}

pub fn fill_large(store: &mut Store, today: Date, now: Timestamp) -> Result<u32> {
    monthly(store, today, now, 120, 97, &[12, 48, 84])
}
