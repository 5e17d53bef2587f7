//! Demo study time, written through the store's API so every rule applies.
//!
//! - small: the last 15 weeks, four or five sessions most weeks, a four-day break a fortnight ago, and a target
//!   raised from 120 to 240 minutes six weeks ago.
//! - large: ten years, about 24,000 sessions (pomodoro-style: on three days in four, 4 to 14 short sessions),
//!   a summer and a winter break every year, and a target that changes every year.
//!
//! A day's sessions follow one another from the morning and start before 23:00 local time, so no demo start
//! falls in a daylight-saving gap; none is on the current day, so none ends in the future whatever the hour.

use crate::random::Seeded;
use cairn_core::study::{add_days, Activity, BreakInput, SessionInput};
use cairn_core::Id;
use cairn_core::Result;
use cairn_store::Store;
use jiff::civil::Date;
use jiff::ZonedDateTime;

/// Milestones in the order a person works through them; later years spread over more of them.
const MILESTONES: [&str; 5] = [
    "understand-cme",
    "adult-learning",
    "formats-deliverables",
    "core-competencies",
    "connect-network",
];

const NOTES: [&str; 8] = [
    "Chapter on Moore's levels of outcomes",
    "ACCME standards webinar",
    "Drafted learning objectives for a mock needs assessment",
    "Podcast: writing for medical education",
    "Course module on gap analysis",
    "Read two outcomes reports",
    "Coffee chat with a medical education writer",
    "",
];

fn activity(random: &mut Seeded) -> Activity {
    match random.below(20) {
        0..=6 => Activity::Reading,
        7..=9 => Activity::PodcastWebinar,
        10..=12 => Activity::Course,
        13..=16 => Activity::WritingPractice,
        17..=18 => Activity::Networking,
        _ => Activity::Other,
    }
}

/// How a person studies: on `chance` in 100 days, `sessions` a day, each `minutes` long.
struct Habit {
    chance: u64,
    sessions: (u64, u64),
    minutes: (i32, i32),
}

/// One study day's sessions on `day`, one after another from the morning, `progress` (0..1) of the way through
/// the person's story (later days spread over more milestones).
fn study_day(
    random: &mut Seeded,
    habit: &Habit,
    day: Date,
    progress: f64,
    competencies: &[Id],
) -> Vec<SessionInput> {
    let reached = (1 + (progress * MILESTONES.len() as f64) as usize).min(MILESTONES.len());
    let count = habit.sessions.0 + random.below(habit.sessions.1 - habit.sessions.0 + 1);
    let mut start = 6 * 60 + 5 * random.below(36) as i64; // 06:00 to 08:55
    let mut inputs = Vec::new();
    for _ in 0..count {
        let minutes = habit.minutes.0 + random.below((habit.minutes.1 - habit.minutes.0 + 1) as u64) as i32;
        let timed = random.below(10) < 8 && start + i64::from(minutes) < 23 * 60;
        inputs.push(SessionInput {
            date: day.to_string(),
            start_time: timed.then(|| format!("{:02}:{:02}", start / 60, start % 60)),
            end_time: None,
            duration_minutes: Some(minutes),
            activity: activity(random),
            milestone_key: (random.below(4) != 0)
                .then(|| MILESTONES[random.below(reached as u64) as usize].to_owned()),
            competency_id: (random.below(3) == 0 && !competencies.is_empty())
                .then(|| competencies[random.below(competencies.len() as u64) as usize]),
            project_id: None,
            note: NOTES[random.below(NOTES.len() as u64) as usize].to_owned(),
        });
        start += i64::from(minutes) + 5 + 5 * random.below(24) as i64;
    }
    inputs
}

/// Sessions on the `days` days before today, except on the breaks.
fn sessions(
    random: &mut Seeded,
    habit: &Habit,
    today: Date,
    days: i64,
    breaks: &[(Date, Date)],
    competencies: &[Id],
) -> Vec<SessionInput> {
    let mut inputs = Vec::new();
    for back in (1..=days).rev() {
        let day = add_days(today, -back);
        let on_break = breaks.iter().any(|(from, to)| *from <= day && day <= *to);
        if on_break || random.below(100) >= habit.chance {
            continue;
        }
        let progress = (days - back) as f64 / days as f64;
        inputs.extend(study_day(random, habit, day, progress, competencies));
    }
    inputs
}

fn add_breaks(store: &mut Store, breaks: &[(Date, Date, &str)], now: &ZonedDateTime) -> Result<()> {
    for (from, to, label) in breaks {
        store.add_break(
            &BreakInput {
                starts_on: from.to_string(),
                ends_on: to.to_string(),
                label: (*label).to_owned(),
            },
            now.timestamp(),
        )?;
    }
    Ok(())
}

fn competency_ids(store: &Store, today: Date) -> Result<Vec<Id>> {
    Ok(store
        .competency_overview(today)?
        .competencies
        .iter()
        .map(|c| c.id)
        .collect())
}

pub fn fill_small(store: &mut Store, now: &ZonedDateTime) -> Result<u32> {
    let today = now.date();
    let mut random = Seeded(7_2026);
    store.set_weekly_target(Some(120), add_days(today, -105), now.timestamp())?;
    store.set_weekly_target(Some(240), add_days(today, -42), now.timestamp())?;
    let holiday = (add_days(today, -16), add_days(today, -13));
    add_breaks(store, &[(holiday.0, holiday.1, "Family visit")], now)?;
    let competencies = competency_ids(store, today)?;
    let habit = Habit {
        chance: 50,
        sessions: (1, 2),
        minutes: (15, 60),
    };
    let inputs = sessions(&mut random, &habit, today, 105, &[holiday], &competencies);
    store.add_sessions(&inputs, now)
}

pub fn fill_large(store: &mut Store, now: &ZonedDateTime) -> Result<u32> {
    let today = now.date();
    let mut random = Seeded(10_2026);
    let days = 3_652;
    let targets = [90, 120, 150, 180, 240, 180, 210, 240, 300, 240];
    for (year, minutes) in targets.iter().enumerate() {
        let from = add_days(today, -days + 365 * year as i64);
        store.set_weekly_target(Some(*minutes), from, now.timestamp())?;
    }
    let mut breaks = Vec::new();
    for year in 0..10 {
        let summer = add_days(today, -days + 365 * year + 200);
        let winter = add_days(today, -days + 365 * year + 330);
        breaks.push((summer, add_days(summer, 13), "Summer holiday"));
        breaks.push((winter, add_days(winter, 6), "Winter break"));
    }
    add_breaks(store, &breaks, now)?;
    let ranges: Vec<(Date, Date)> = breaks.iter().map(|(from, to, _)| (*from, *to)).collect();
    let competencies = competency_ids(store, today)?;
    // Pomodoro-style: most days several short timed sessions.
    let habit = Habit {
        chance: 75,
        sessions: (4, 14),
        minutes: (15, 35),
    };
    let inputs = sessions(&mut random, &habit, today, days, &ranges, &competencies);
    store.add_sessions(&inputs, now)
}
