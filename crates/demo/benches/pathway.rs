//! `make bench`: the pathway's reads and a checklist change on `cairn demo --scale large` data (every pathway
//! item done and 3,000 of the person's own items over ten years), in a real database file. Budgets (DESIGN.md):
//! every command answers in milliseconds.

mod common;

use common::LARGE;
use divan::Bencher;
use jiff::Timestamp;

fn main() {
    divan::main();
}

fn today() -> jiff::civil::Date {
    jiff::ZonedDateTime::now().date()
}

#[divan::bench]
fn dashboard_overview(bencher: Bencher) {
    let guard = LARGE.lock().expect("the store lock");
    let store = &guard.1;
    bencher.bench_local(|| store.pathway_overview(today()).expect("the overview"));
}

#[divan::bench]
fn milestone_page(bencher: Bencher) {
    let guard = LARGE.lock().expect("the store lock");
    let store = &guard.1;
    bencher.bench_local(|| {
        store
            .milestone_detail("formats-deliverables")
            .expect("the milestone")
    });
}

/// A tick and an untick: two committed transactions with `synchronous=FULL`, so this includes the fsyncs.
#[divan::bench]
fn tick_and_untick_an_item(bencher: Bencher) {
    let mut guard = LARGE.lock().expect("the store lock");
    let store = &mut guard.1;
    let id = store
        .milestone_detail("adult-learning")
        .expect("the milestone")
        .items[0]
        .id;
    bencher.bench_local(|| {
        store.set_item_done(id, false, Timestamp::now()).expect("untick");
        store.set_item_done(id, true, Timestamp::now()).expect("tick");
    });
}

/// The Competencies page: every competency's first, previous and latest rating over ten years of monthly
/// assessments (about 2,000 ratings).
#[divan::bench]
fn competency_overview(bencher: Bencher) {
    let guard = LARGE.lock().expect("the store lock");
    let store = &guard.1;
    bencher.bench_local(|| store.competency_overview(today()).expect("the overview"));
}

#[divan::bench]
fn competency_gaps(bencher: Bencher) {
    let guard = LARGE.lock().expect("the store lock");
    let store = &guard.1;
    bencher.bench_local(|| store.competency_gaps(today()).expect("the gaps"));
}
