//! What every benchmark file shares: one `cairn demo --scale large` database in a real file, built once per
//! process (the temporary folder lives as long as the process).
// Each bench file includes this module and uses part of it.
#![allow(dead_code)]

use cairn_core::note::{NoteInput, NoteTarget};
use cairn_core::Id;
use cairn_demo::{fill, Scale};
use cairn_store::Store;
use jiff::Timestamp;
use std::sync::{LazyLock, Mutex};

pub static LARGE: LazyLock<Mutex<(tempfile::TempDir, Store)>> = LazyLock::new(|| {
    let tmp = tempfile::tempdir().expect("a temporary folder");
    let now = Timestamp::now();
    let mut store = cairn_store::Store::open_with_pathway(tmp.path(), now).expect("the store opens");
    fill(&mut store, Scale::Large, now).expect("the large demo data is written");
    Mutex::new((tmp, store))
});

/// The `n`th note written (counting from 1): ids sort in the order records were made.
pub fn nth_note(store: &Store, n: u32) -> Id {
    store
        .connection()
        .query_row(
            "SELECT id FROM note ORDER BY id LIMIT 1 OFFSET ?1",
            [n - 1],
            |row| row.get(0),
        )
        .expect("the large demo has that many notes")
}

/// The 2,001st note written given 1,000 earlier versions (an edit
/// every 10 minutes over the last week), once per process.
pub fn note_with_history(store: &mut Store) -> Id {
    let id = nth_note(store, 2_001);
    if store.note_versions(id).expect("the versions").len() >= 1_000 {
        return id;
    }
    let note = store.note(id).expect("the note");
    let start = Timestamp::now() - jiff::SignedDuration::from_hours(24 * 7);
    for step in 1..=1_000i64 {
        let input = NoteInput {
            title: note.title.clone(),
            body: format!("{}\n\nRevision {step}", note.body),
            target: NoteTarget::None,
            tags: note.tags.clone(),
        };
        store
            .save_note(id, &input, start + jiff::SignedDuration::from_mins(10 * step))
            .expect("the save");
    }
    id
}
