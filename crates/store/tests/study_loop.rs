//! A study session that closes the loop, on a real database file holding the built-in pathway: a timer started
//! for a checklist item, its scratch pad kept as a note while it runs (across a crash), and the reflection
//! written after it stops, linked both ways.

use cairn_core::study::{Activity, StopChoice, TimerInput};
use cairn_core::{ErrorCode, Id};
use cairn_store::notes::AttachedTo;
use cairn_store::study::ReflectionInput;
use cairn_store::Store;
use cairn_testkit::{at, count, field, first_item, TestResult};
use jiff::{Timestamp, ZonedDateTime};
use std::path::Path;

fn london(local: &str) -> ZonedDateTime {
    format!("{local}[Europe/London]")
        .parse()
        .expect("a valid London time")
}

fn open(dir: &Path) -> Result<Store, Box<dyn std::error::Error>> {
    Ok(Store::open_with_pathway(dir, Timestamp::UNIX_EPOCH)?)
}

fn studying(item_id: Option<Id>) -> TimerInput {
    TimerInput {
        activity: Activity::Reading,
        item_id,
        // The item's own milestone wins over whatever the form still had chosen.
        milestone_key: Some("understand-cme".into()),
        competency_id: None,
        project_id: None,
        note: String::new(),
    }
}

fn live_notes(store: &Store) -> rusqlite::Result<i64> {
    count(store, "SELECT count(*) FROM note WHERE deleted_at IS NULL")
}

#[test]
fn a_timer_for_an_item_keeps_its_scratch_pad_as_a_note_through_a_crash_and_the_session_keeps_both(
) -> TestResult {
    let tmp = tempfile::tempdir()?;
    let item;
    let note_id;
    {
        let mut store = open(tmp.path())?;
        item = first_item(&store, "adult-learning")?;
        let item_title = store.item(item)?.title;
        let timer = store.start_timer(&studying(Some(item)), &london("2026-12-03T09:00:00"))?;
        assert_eq!(timer.item_id, Some(item));
        assert_eq!(timer.item_title.as_deref(), Some(item_title.as_str()));
        assert_eq!(timer.milestone_key.as_deref(), Some("adult-learning"));
        assert_eq!(
            timer.competency_name.as_deref(),
            Some("Instructional design and adult learning"),
            "the competency the pathway says the item builds"
        );
        assert_eq!(timer.scratch_note_id, None);

        let nothing = store.save_timer_scratch("  \n", at("2026-12-03T09:01:00Z"))?;
        assert!(nothing.is_none(), "an empty pad makes no note");
        assert_eq!(live_notes(&store)?, 0);

        let note = store
            .save_timer_scratch("Adults bring their experience.", at("2026-12-03T09:05:00Z"))?
            .ok_or("the first text makes the note")?;
        assert!(note.title.starts_with("Study notes: "), "{}", note.title);
        assert!(note.title.ends_with("(2026-12-03)"), "{}", note.title);
        assert!(matches!(note.attached_to, AttachedTo::Item { id, .. } if id == item));
        assert_eq!(
            store
                .timer(at("2026-12-03T09:05:00Z"))?
                .and_then(|t| t.scratch_note_id),
            Some(note.id)
        );
        note_id = note.id;
        // Dropped without stopping: the window was killed.
    }

    let mut store = open(tmp.path())?;
    let timer = store
        .timer(at("2026-12-03T09:30:00Z"))?
        .ok_or("the timer survives")?;
    assert_eq!(
        (timer.item_id, timer.scratch_note_id),
        (Some(item), Some(note_id))
    );
    assert_eq!(store.note(note_id)?.body, "Adults bring their experience.");
    let again = store
        .save_timer_scratch(
            "Adults bring their experience.\n\nThey want to use it at once.",
            at("2026-12-03T09:31:00Z"),
        )?
        .ok_or("saved")?;
    assert_eq!(again.id, note_id, "later saves change the same note");
    assert_eq!(live_notes(&store)?, 1);

    let session = store.stop_timer(StopChoice::AsMeasured, at("2026-12-03T09:45:00Z"))?;
    assert_eq!(session.item_id, Some(item));
    assert_eq!(session.scratch_note_id, Some(note_id));
    assert_eq!(session.reflection_note_id, None);
    let from_note = store.note(note_id)?.session.ok_or("the note names its session")?;
    assert_eq!(
        (from_note.id, from_note.reflection, from_note.seconds),
        (session.id, false, 45 * 60)
    );
    assert!(
        store
            .save_timer_scratch("late", at("2026-12-03T09:46:00Z"))
            .is_err(),
        "no timer, no scratch pad"
    );
    Ok(())
}

#[test]
fn a_reflection_is_a_note_answering_the_prompt_linked_to_the_session_and_the_item() -> TestResult {
    let tmp = tempfile::tempdir()?;
    let mut store = open(tmp.path())?;
    let item = first_item(&store, "adult-learning")?;
    let prompt = store.milestone_detail("adult-learning")?.prompts[0].clone();
    let chosen = store
        .attachment_choices()?
        .competencies
        .into_iter()
        .find(|c| c.name == "Slide decks")
        .ok_or("a competency")?;
    let mut input = studying(Some(item));
    input.competency_id = Some(chosen.id);
    let timer = store.start_timer(&input, &london("2026-12-03T09:00:00"))?;
    assert_eq!(
        timer.competency_id,
        Some(chosen.id),
        "a competency the person chose stays"
    );
    let session = store.stop_timer(StopChoice::AsMeasured, at("2026-12-03T09:20:00Z"))?;

    let unknown_prompt = ReflectionInput {
        prompt_id: Some(Id(987_654_321)),
        body: "Text".into(),
    };
    let refused = store.save_session_reflection(session.id, &unknown_prompt, at("2026-12-03T09:21:00Z"));
    assert_eq!(field(refused.err()), Some("prompt".into()));
    assert_eq!(live_notes(&store)?, 0, "nothing half-written");
    assert_eq!(store.session(session.id)?.reflection_note_id, None);

    let mut input = ReflectionInput {
        prompt_id: Some(prompt.id),
        body: String::new(),
    };
    assert!(store
        .save_session_reflection(session.id, &input, at("2026-12-03T09:21:00Z"))?
        .is_none());
    input.body = "Start from what they already do on the ward.".into();
    let note = store
        .save_session_reflection(session.id, &input, at("2026-12-03T09:22:00Z"))?
        .ok_or("made")?;
    assert_eq!(note.prompt.as_deref(), Some(prompt.text.as_str()));
    assert!(note.title.starts_with("Reflection: "), "{}", note.title);
    assert!(matches!(note.attached_to, AttachedTo::Item { id, .. } if id == item));
    assert_eq!(store.session(session.id)?.reflection_note_id, Some(note.id));
    let link = store.note(note.id)?.session.ok_or("linked back")?;
    assert_eq!((link.id, link.reflection), (session.id, true));

    input.body.push_str(" And ask them.");
    let saved = store
        .save_session_reflection(session.id, &input, at("2026-12-03T09:23:00Z"))?
        .ok_or("saved")?;
    assert_eq!(saved.id, note.id);
    drop(store);
    let mut store = open(tmp.path())?;
    assert_eq!(
        store.note(note.id)?.body,
        "Start from what they already do on the ward. And ask them."
    );

    // A reflection sent to the trash no longer counts; writing again starts a new one.
    store.delete_note(note.id, at("2026-12-03T10:00:00Z"))?;
    assert_eq!(store.session(session.id)?.reflection_note_id, None);
    let fresh = store
        .save_session_reflection(session.id, &input, at("2026-12-03T10:01:00Z"))?
        .ok_or("a new one")?;
    assert_ne!(fresh.id, note.id);

    store.delete_session(session.id, at("2026-12-03T10:02:00Z"))?;
    let on_trashed = store.save_session_reflection(session.id, &input, at("2026-12-03T10:03:00Z"));
    assert_eq!(on_trashed.err().map(|e| e.code()), Some(ErrorCode::Conflict));
    Ok(())
}

#[test]
fn a_session_without_an_item_reflects_on_its_milestone_and_an_unknown_item_is_refused() -> TestResult {
    let tmp = tempfile::tempdir()?;
    let mut store = open(tmp.path())?;
    let refused = store.start_timer(&studying(Some(Id(424_242))), &london("2026-12-03T09:00:00"));
    assert_eq!(field(refused.err()), Some("itemId".into()));
    assert!(
        store.timer(at("2026-12-03T09:00:00Z"))?.is_none(),
        "no timer half-started"
    );

    store.start_timer(&studying(None), &london("2026-12-03T09:00:00"))?;
    let session = store.stop_timer(StopChoice::AsMeasured, at("2026-12-03T09:10:00Z"))?;
    let input = ReflectionInput {
        prompt_id: None,
        body: "Credit rules differ by country.".into(),
    };
    let note = store
        .save_session_reflection(session.id, &input, at("2026-12-03T09:11:00Z"))?
        .ok_or("made")?;
    assert!(matches!(&note.attached_to, AttachedTo::Milestone { key, .. } if key == "understand-cme"));
    assert_eq!(note.prompt, None);
    Ok(())
}
