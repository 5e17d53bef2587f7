//! `make bench`: the pathway's reads and a checklist change on `cairn demo --scale large` data (every pathway
//! item done and 3,000 of the person's own items over ten years), in a real database file. Budgets (DESIGN.md):
//! every command answers in milliseconds.

use cairn_app::demo::{fill, Scale};
use cairn_store::Store;
use divan::Bencher;
use jiff::Timestamp;
use std::sync::{LazyLock, Mutex};

fn main() {
    divan::main();
}

/// One large demo database for all benchmarks (the temporary folder lives as long as the process).
static LARGE: LazyLock<Mutex<(tempfile::TempDir, Store)>> = LazyLock::new(|| {
    let tmp = tempfile::tempdir().expect("a temporary folder");
    let now = Timestamp::now();
    let mut store = cairn_pathway::open_store(tmp.path(), now).expect("the store opens");
    fill(&mut store, Scale::Large, now).expect("the large demo data is written");
    Mutex::new((tmp, store))
});

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
