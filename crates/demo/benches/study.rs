//! `make bench`: study time on `cairn demo --scale large` data (ten years, about 24,000 sessions, 20 breaks, a
//! target that changes every year), in a real database file. Budget (issue 7): the dashboard's week summary
//! and the 12-month heatmap in a few milliseconds each.

mod common;

use cairn_core::study::StopChoice;
use common::LARGE;
use divan::Bencher;
use jiff::{Timestamp, ZonedDateTime};

fn main() {
    divan::main();
}

fn today() -> jiff::civil::Date {
    ZonedDateTime::now().date()
}

/// The dashboard's "this week" with the consistency figure (12 weeks of sums, breaks, target history).
#[divan::bench]
fn week_summary(bencher: Bencher) {
    let guard = LARGE.lock().expect("the store lock");
    bencher.bench_local(|| guard.1.study_week(today()).expect("the week"));
}

/// Minutes for each of the last 12 months' days, with break days marked.
#[divan::bench]
fn heatmap_of_twelve_months(bencher: Bencher) {
    let guard = LARGE.lock().expect("the store lock");
    let today = today();
    let from = cairn_core::study::add_days(today, -364);
    bencher.bench_local(|| guard.1.study_heatmap(from, today).expect("the heatmap"));
}

/// Planned against actual for the last 12 weeks.
#[divan::bench]
fn planned_against_actual(bencher: Bencher) {
    let guard = LARGE.lock().expect("the store lock");
    bencher.bench_local(|| guard.1.study_weeks(today(), 12).expect("the weeks"));
}

/// Time by activity, milestone and competency over all ten years (the widest range the Study page offers).
#[divan::bench]
fn totals_over_all_time(bencher: Bencher) {
    let guard = LARGE.lock().expect("the store lock");
    bencher.bench_local(|| guard.1.study_totals(None, today()).expect("the totals"));
}

/// The Study page's first page of sessions, with the total.
#[divan::bench]
fn first_page_of_sessions(bencher: Bencher) {
    let guard = LARGE.lock().expect("the store lock");
    bencher.bench_local(|| guard.1.sessions(0, 50).expect("the sessions"));
}

/// Start and stop the timer: two committed (`synchronous=FULL`) transactions and one saved session.
#[divan::bench]
fn start_and_stop_the_timer(bencher: Bencher) {
    let mut guard = LARGE.lock().expect("the store lock");
    let store = &mut guard.1;
    let input = cairn_core::study::TimerInput {
        activity: cairn_core::study::Activity::Reading,
        item_id: None,
        milestone_key: Some("adult-learning".into()),
        competency_id: None,
        project_id: None,
        note: String::new(),
    };
    bencher.bench_local(|| {
        let started = ZonedDateTime::now();
        store.start_timer(&input, &started).expect("started");
        let later = started
            .timestamp()
            .checked_add(jiff::SignedDuration::from_mins(25))
            .unwrap_or(Timestamp::MAX);
        store.stop_timer(StopChoice::AsMeasured, later).expect("stopped")
    });
}
