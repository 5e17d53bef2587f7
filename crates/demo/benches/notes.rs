//! `make bench`: notes on `cairn demo --scale large` data (4,000 notes, about 10 MB of text, over ten years),
//! in a real database file. Budgets (issue 5): a search well under 10 ms, saving a note and opening the
//! notes list in a few ms. Note history (issue 15): a note with 1,000 versions opens as fast as one without
//! (`open_a_note_with_1000_versions` beside `open_a_note`).

mod common;

use cairn_core::note::{NoteInput, NoteTarget};
use cairn_store::notes::{NoteFilter, SearchRequest};
use cairn_store::Store;
use common::{note_with_history, nth_note, LARGE};
use divan::Bencher;
use jiff::Timestamp;

fn main() {
    divan::main();
}

fn search(store: &Store, text: &str, tag: Option<&str>) -> u32 {
    store
        .search_notes(&SearchRequest {
            text: text.into(),
            milestone_key: None,
            tag: tag.map(Into::into),
            item_id: None,
            limit: None,
        })
        .expect("the search")
        .total
}

/// A word in most notes ("outcomes" is in most of the generated sentences): ranking and counting thousands of
/// matches, snippets for the first page of 25. The worst case.
#[divan::bench]
fn search_a_common_word(bencher: Bencher) {
    let guard = LARGE.lock().expect("the store lock");
    bencher.bench_local(|| search(&guard.1, "outcomes", None));
}

/// What the search box sends while "moo" is being typed: a prefix query.
#[divan::bench]
fn search_as_typed_prefix(bencher: Bencher) {
    let guard = LARGE.lock().expect("the store lock");
    bencher.bench_local(|| search(&guard.1, "moo", None));
}

#[divan::bench]
fn search_two_words_with_a_tag_filter(bencher: Bencher) {
    let guard = LARGE.lock().expect("the store lock");
    bencher.bench_local(|| search(&guard.1, "needs assessment", Some("outcomes")));
}

/// A clinical topic: a phrase found in the few hundred notes about it.
#[divan::bench]
fn search_a_topic(bencher: Bencher) {
    let guard = LARGE.lock().expect("the store lock");
    bencher.bench_local(|| search(&guard.1, "atrial fibrillation", None));
}

/// The notes page: the first 100 notes, newest first, with excerpts, attachments and tags, and the count.
#[divan::bench]
fn open_the_notes_list(bencher: Bencher) {
    let guard = LARGE.lock().expect("the store lock");
    bencher.bench_local(|| guard.1.notes(&NoteFilter::default()).expect("the list").total);
}

#[divan::bench]
fn open_a_note(bencher: Bencher) {
    let guard = LARGE.lock().expect("the store lock");
    let id = nth_note(&guard.1, 2_000);
    bencher.bench_local(|| guard.1.note(id).expect("the note").body.len());
}

/// An autosave of a ~3 KB note whose body changed: one committed `synchronous=FULL` transaction, including
/// the search index update its trigger makes.
#[divan::bench]
fn save_a_changed_note(bencher: Bencher) {
    let mut guard = LARGE.lock().expect("the store lock");
    let store = &mut guard.1;
    let id = nth_note(store, 2_000);
    let note = store.note(id).expect("the note");
    let mut input = NoteInput {
        title: note.title.clone(),
        body: note.body.clone(),
        target: NoteTarget::None,
        tags: note.tags.clone(),
    };
    let mut round = 0u64;
    bencher.bench_local(|| {
        round += 1;
        input.body = format!("{}\n\nEdit {round}", note.body);
        store
            .save_note(id, &input, Timestamp::now())
            .expect("the save")
            .id
    });
}

/// Opening a note with 1,000 versions: compare with `open_a_note` (none); the history is not read.
#[divan::bench]
fn open_a_note_with_1000_versions(bencher: Bencher) {
    let mut guard = LARGE.lock().expect("the store lock");
    let id = note_with_history(&mut guard.1);
    bencher.bench_local(|| guard.1.note(id).expect("the note").body.len());
}

/// The history list of that note (times and sizes, no bodies).
#[divan::bench]
fn list_1000_versions_of_a_note(bencher: Bencher) {
    let mut guard = LARGE.lock().expect("the store lock");
    let id = note_with_history(&mut guard.1);
    bencher.bench_local(|| guard.1.note_versions(id).expect("the versions").len());
}

/// One version with its diff against the current text, as the history shows it when chosen.
#[divan::bench]
fn view_a_version_with_its_diff(bencher: Bencher) {
    let mut guard = LARGE.lock().expect("the store lock");
    let id = note_with_history(&mut guard.1);
    let oldest = guard
        .1
        .note_versions(id)
        .expect("the versions")
        .last()
        .expect("a version")
        .id;
    bencher.bench_local(|| guard.1.note_version(oldest).expect("the version").diff.len());
}
