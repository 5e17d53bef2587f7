//! Note history on a real database file: coalescing by editing session, viewing and diffing, restoring with
//! undo, thinning, and removal only with the note.

use cairn_core::history::LineChange;
use cairn_core::note::{NoteInput, NoteTarget};
use cairn_store::notes::NoteOrigin;
use cairn_store::Store;
use cairn_testkit::{at, pathway_at, Fallible, TestResult};
use jiff::SignedDuration;

fn pathway() -> Fallible<(tempfile::TempDir, Store)> {
    pathway_at(at("2026-11-24T09:00:00Z"))
}

fn text(body: &str) -> NoteInput {
    NoteInput {
        title: "Moore's levels".into(),
        body: body.into(),
        target: NoteTarget::None,
        tags: vec![],
    }
}

#[test]
fn autosaves_within_ten_minutes_keep_one_version_and_a_new_session_keeps_another() -> TestResult {
    let (_tmp, mut store) = pathway()?;
    let start = at("2026-11-24T09:00:00Z");
    let note = store.create_note(
        &text("Intro\nThe paragraph I will lose\nEnd\n"),
        NoteOrigin::default(),
        start,
    )?;
    // A first session: 30 autosaves over 5 minutes keep only the text from before the session.
    for second in 1..=30 {
        let body = format!("Intro\nEnd\n{}", "x".repeat(second));
        store.save_note(
            note.id,
            &text(&body),
            start + SignedDuration::from_secs(second as i64 * 10),
        )?;
    }
    let versions = store.note_versions(note.id)?;
    assert_eq!(
        versions.len(),
        1,
        "one version for one editing session: {versions:?}"
    );
    let first = store.note_version(versions[0].id)?;
    assert!(first.body.contains("The paragraph I will lose"));
    assert!(
        first
            .diff
            .iter()
            .any(|line| line.change == LineChange::Removed && line.text == "The paragraph I will lose"),
        "the diff shows what the current text lost: {:?}",
        first.diff
    );
    // A save an hour later starts a new session.
    store.save_note(
        note.id,
        &text("Rewritten\n"),
        start + SignedDuration::from_hours(1),
    )?;
    assert_eq!(store.note_versions(note.id)?.len(), 2);
    // Saving what is stored (autosave with nothing new) keeps nothing.
    store.save_note(
        note.id,
        &text("Rewritten\n"),
        start + SignedDuration::from_hours(2),
    )?;
    assert_eq!(store.note_versions(note.id)?.len(), 2);
    Ok(())
}

#[test]
fn restoring_a_version_brings_its_text_back_and_restoring_the_undo_version_undoes_it() -> TestResult {
    let (tmp, mut store) = pathway()?;
    let start = at("2026-11-24T09:00:00Z");
    let note = store.create_note(&text("Original words\n"), NoteOrigin::default(), start)?;
    store.save_note(
        note.id,
        &text("Careless edit\n"),
        start + SignedDuration::from_mins(1),
    )?;
    let original = store.note_versions(note.id)?[0].id;

    let restored = store.restore_note_version(original, start + SignedDuration::from_mins(2))?;
    assert_eq!(restored.note.body, "Original words\n");
    // The restore is undoable: the text it replaced is a version of its own.
    let undone =
        store.restore_note_version(restored.undo_version_id, start + SignedDuration::from_mins(3))?;
    assert_eq!(undone.note.body, "Careless edit\n");

    // It is all on disk.
    drop(store);
    let store = cairn_store::Store::open_with_pathway(tmp.path(), start + SignedDuration::from_mins(4))?;
    assert_eq!(store.note(note.id)?.body, "Careless edit\n");
    assert_eq!(store.note_versions(note.id)?.len(), 3);
    Ok(())
}

#[test]
fn old_versions_thin_to_one_a_week_and_go_only_with_the_note() -> TestResult {
    let (_tmp, mut store) = pathway()?;
    let start = at("2026-09-01T09:00:00Z");
    let note = store.create_note(&text("v0"), NoteOrigin::default(), start)?;
    // An edit every day for 90 days: one version a day.
    for day in 1..=90 {
        let when = start + SignedDuration::from_hours(24 * day);
        store.save_note(note.id, &text(&format!("v{day}")), when)?;
    }
    let versions = store.note_versions(note.id)?;
    // The last 14 days whole, then one per ISO week over the other ~76 days.
    assert!(
        (14 + 10..=14 + 13).contains(&versions.len()),
        "{} versions kept",
        versions.len()
    );
    // Trashing keeps the history (undo); emptying the trash removes it with the note.
    store.delete_note(note.id, start + SignedDuration::from_hours(24 * 91))?;
    assert_eq!(store.note_versions(note.id)?.len(), versions.len());
    store.empty_trash()?;
    let left: i64 = store
        .connection()
        .query_row("SELECT count(*) FROM note_version", [], |row| row.get(0))?;
    assert_eq!(left, 0);
    Ok(())
}

#[test]
fn a_note_with_a_thousand_versions_opens_without_reading_them() -> TestResult {
    let (_tmp, mut store) = pathway()?;
    let start = at("2026-11-20T00:00:00Z");
    let note = store.create_note(&text("v0"), NoteOrigin::default(), start)?;
    for step in 1..=1000 {
        store.save_note(
            note.id,
            &text(&format!("v{step}")),
            start + SignedDuration::from_mins(10 * step),
        )?;
    }
    assert!(store.note_versions(note.id)?.len() >= 1000);
    // Opening the note is one indexed row, whatever its history: the plan never touches note_version.
    let plan: Vec<String> = store
        .connection()
        .prepare("EXPLAIN QUERY PLAN SELECT id, note_id, saved_at, replaced_at, title, length(body) FROM note_version WHERE note_id = ?1 ORDER BY replaced_at DESC, id DESC")?
        .query_map([note.id], |row| row.get::<_, String>(3))?
        .collect::<rusqlite::Result<_>>()?;
    assert!(
        plan.iter().any(|step| step.contains("note_version_by_note")),
        "the history list uses its index: {plan:?}"
    );
    assert_eq!(store.note(note.id)?.body, "v1000");
    Ok(())
}
