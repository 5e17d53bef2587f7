//! Notes, tags, trash and search, on a real database file holding the built-in pathway.

use cairn_core::note::{NoteInput, NoteTarget, MAX_BODY_BYTES};
use cairn_core::ErrorCode;
use cairn_core::Id;
use cairn_store::notes::{AttachedTo, NoteFilter, NoteOrigin, SearchRequest};
use cairn_store::Store;
use cairn_testkit::{at, count, first_item, pathway_at, Fallible, TestResult};

fn pathway() -> Fallible<(tempfile::TempDir, Store)> {
    pathway_at(at("2026-11-24T09:00:00Z"))
}

fn note(title: &str, body: &str) -> NoteInput {
    NoteInput {
        title: title.into(),
        body: body.into(),
        target: NoteTarget::None,
        tags: vec![],
    }
}

fn search(store: &Store, text: &str) -> Result<Vec<Id>, cairn_core::Error> {
    Ok(store
        .search_notes(&SearchRequest {
            text: text.into(),
            ..Default::default()
        })?
        .hits
        .into_iter()
        .map(|hit| hit.note.id)
        .collect())
}

/// The search index holds exactly the notes outside the trash, with their current text and tags, and FTS5's
/// own check passes.
fn assert_index_consistent(store: &Store) -> TestResult {
    store.connection().execute(
        "INSERT INTO note_search (note_search) VALUES ('integrity-check')",
        [],
    )?;
    let mismatched = count(
        store,
        "SELECT count(*) FROM (SELECT * FROM note WHERE deleted_at IS NULL) n FULL JOIN note_search s ON s.rowid = n.id
         WHERE n.id IS NULL OR s.rowid IS NULL OR s.title IS NOT n.title OR s.body IS NOT n.body
            OR s.tags IS NOT (SELECT coalesce(group_concat(t.name, ' '), '') FROM note_tag nt JOIN tag t ON t.id = nt.tag_id
                              WHERE nt.note_id = n.id)",
    )?;
    assert_eq!(
        mismatched, 0,
        "every note outside the trash has exactly its index row, and nothing else has one"
    );
    Ok(())
}

#[test]
fn a_note_keeps_its_attachment_tags_and_the_prompt_it_started_from() -> TestResult {
    let (_tmp, mut store) = pathway()?;
    let detail = store.milestone_detail("adult-learning")?;
    let prompt = detail.prompts.first().ok_or("the milestone has prompts")?;
    store.create_tag("Moore", at("2026-11-24T10:00:00Z"))?;
    store.create_tag("reflection", at("2026-11-24T10:00:00Z"))?;
    let mut input = note("What I learned", "Adults bring *experience*.");
    input.target = NoteTarget::Milestone {
        key: "adult-learning".into(),
    };
    input.tags = vec!["reflection".into(), "MOORE".into()];
    let created = store.create_note(
        &input,
        NoteOrigin {
            prompt_id: Some(prompt.id),
        },
        at("2026-11-24T10:00:00Z"),
    )?;
    assert_eq!(created.title, "What I learned");
    assert_eq!(created.prompt.as_deref(), Some(prompt.text.as_str()));
    assert_eq!(
        created.tags,
        vec!["Moore", "reflection"],
        "stored names, in name order"
    );
    assert!(matches!(&created.attached_to, AttachedTo::Milestone { key, .. } if key == "adult-learning"));
    assert_eq!(created.created_at, "2026-11-24T10:00:00Z");

    // The pathway rewording its prompt later does not change what the note was written against.
    store.connection().execute(
        "UPDATE reflection_prompt SET text = 'Reworded' WHERE id = ?1",
        [prompt.id],
    )?;
    assert_eq!(
        store.note(created.id)?.prompt.as_deref(),
        Some(prompt.text.as_str())
    );

    let item = first_item(&store, "adult-learning")?;
    let mut on_item = note("About one item", "");
    on_item.target = NoteTarget::Item { id: item };
    let item_note = store.create_note(&on_item, NoteOrigin::default(), at("2026-11-24T11:00:00Z"))?;
    let for_milestone = store.notes(&NoteFilter {
        milestone_key: Some("adult-learning".into()),
        ..Default::default()
    })?;
    assert_eq!(
        for_milestone.notes.iter().map(|n| n.id).collect::<Vec<_>>(),
        vec![item_note.id, created.id],
        "a milestone's notes include its items' notes, newest first"
    );
    let for_item = store.notes(&NoteFilter {
        item_id: Some(item),
        ..Default::default()
    })?;
    assert_eq!(for_item.total, 1);
    let searched = store.search_notes(&SearchRequest {
        text: "about".into(),
        item_id: Some(item),
        ..Default::default()
    })?;
    assert_eq!(
        searched.hits.iter().map(|hit| hit.note.id).collect::<Vec<_>>(),
        vec![item_note.id],
        "a search can keep to one item's notes"
    );
    Ok(())
}

#[test]
fn hostile_text_is_stored_exactly_and_renders_inert() -> TestResult {
    let (_tmp, mut store) = pathway()?;
    let mut table = String::from("| a | b |\n|---|---|\n");
    for row in 0..2_000 {
        table.push_str(&format!("| {row} | x |\n"));
    }
    for body in [
        "<script>alert('x')</script>".to_owned(),
        "<img src=x onerror=alert(1)>".to_owned(),
        "[click](javascript:alert(1))".to_owned(),
        "<div style=\"color:red\"><iframe src=\"https://evil.example\"></iframe></div>".to_owned(),
        table,
        "Emoji 🎉👩🏽‍⚕️ and مرحبا بالعالم and עברית".to_owned(),
        "NUL here:\0and after".to_owned(),
    ] {
        let saved = store.create_note(
            &note("Hostile", &body),
            NoteOrigin::default(),
            at("2026-11-24T10:00:00Z"),
        )?;
        let read = store.note(saved.id)?;
        assert_eq!(read.body, body, "stored byte for byte");
        let html = cairn_core::markdown::render(&read.body);
        for forbidden in ["<script", "onerror", "javascript:", "<iframe", "style=", "<img"] {
            assert!(!html.contains(forbidden), "{forbidden} in {html:.200}");
        }
    }
    assert_eq!(
        search(&store, "مرحبا")?.len(),
        1,
        "right-to-left words are searchable"
    );
    assert_eq!(
        search(&store, "after")?.len(),
        1,
        "text after a NUL is searchable"
    );
    assert_index_consistent(&store)
}

#[test]
fn bad_input_is_refused_at_its_field_and_writes_nothing() -> TestResult {
    let (_tmp, mut store) = pathway()?;
    let now = at("2026-11-24T10:00:00Z");
    let original = store.create_note(&note("Keep me", "Original body"), NoteOrigin::default(), now)?;
    let before = count(&store, "SELECT count(*) FROM note")?;

    let too_big = note("Big", &"a".repeat(MAX_BODY_BYTES + 1));
    let mut unknown_milestone = note("x", "");
    unknown_milestone.target = NoteTarget::Milestone { key: "nope".into() };
    let mut unknown_item = note("x", "");
    unknown_item.target = NoteTarget::Item { id: Id(999_999) };
    let mut unknown_competency = note("x", "");
    unknown_competency.target = NoteTarget::Competency { id: Id(999_999) };
    let mut unknown_tag = note("x", "");
    unknown_tag.tags = vec!["never-created".into()];
    let cases = [
        (too_big, "body"),
        (note(&"t".repeat(201), ""), "title"),
        (note("", "body"), "title"),
        (unknown_milestone, "attachment"),
        (unknown_item, "attachment"),
        (unknown_competency, "attachment"),
        (unknown_tag, "tags"),
    ];
    for (input, field) in &cases {
        let created = store.create_note(input, NoteOrigin::default(), now);
        let error = created.err().ok_or("refused")?;
        assert_eq!(
            (error.code(), error.field()),
            (ErrorCode::InvalidInput, Some(*field)),
            "{error}"
        );
        let saved = store.save_note(original.id, input, now);
        let error = saved.err().ok_or("refused")?;
        assert_eq!(error.field(), Some(*field), "saving refuses it too: {error}");
    }
    let prompt = store.create_note(
        &note("x", ""),
        NoteOrigin {
            prompt_id: Some(Id(999_999)),
        },
        now,
    );
    assert_eq!(
        prompt.err().and_then(|e| e.field().map(str::to_owned)).as_deref(),
        Some("prompt")
    );

    assert_eq!(
        count(&store, "SELECT count(*) FROM note")?,
        before,
        "no note was added"
    );
    let kept = store.note(original.id)?;
    assert_eq!(
        (kept.title.as_str(), kept.body.as_str()),
        ("Keep me", "Original body")
    );
    assert_eq!(kept.updated_at, original.updated_at);
    let exactly_one_megabyte = note("Big", &"a".repeat(MAX_BODY_BYTES));
    store.create_note(&exactly_one_megabyte, NoteOrigin::default(), now)?;
    Ok(())
}

#[test]
fn search_stays_correct_through_edit_tag_delete_restore_and_emptying_the_trash() -> TestResult {
    let (_tmp, mut store) = pathway()?;
    let now = at("2026-11-24T10:00:00Z");
    store.create_tag("accreditation", now)?;
    let first = store.create_note(
        &note("Gap analysis", "Practice gaps drive needs."),
        NoteOrigin::default(),
        now,
    )?;
    let second = store.create_note(
        &note("Outcomes", "Moore levels of outcomes."),
        NoteOrigin::default(),
        now,
    )?;
    assert_eq!(search(&store, "gaps")?, vec![first.id]);
    assert_index_consistent(&store)?;

    // Edit: the old word is gone, the new one found.
    let mut edited = note("Gap analysis", "Needs assessment comes first.");
    store.save_note(first.id, &edited, at("2026-11-24T10:05:00Z"))?;
    assert_eq!(search(&store, "gaps")?, Vec::<Id>::new());
    assert_eq!(search(&store, "assessment")?, vec![first.id]);
    assert_index_consistent(&store)?;

    // Tags are searched too, and removing one takes it out of the index.
    edited.tags = vec!["accreditation".into()];
    store.save_note(first.id, &edited, at("2026-11-24T10:06:00Z"))?;
    assert_eq!(search(&store, "accredit")?, vec![first.id], "prefix of a tag");
    assert_index_consistent(&store)?;
    edited.tags = vec![];
    store.save_note(first.id, &edited, at("2026-11-24T10:07:00Z"))?;
    assert_eq!(search(&store, "accreditation")?, Vec::<Id>::new());
    assert_index_consistent(&store)?;

    // Delete hides it from search and lists; restore brings it back.
    store.delete_note(second.id, at("2026-11-24T10:08:00Z"))?;
    assert_eq!(search(&store, "moore")?, Vec::<Id>::new());
    assert_index_consistent(&store)?;
    assert_eq!(store.notes(&NoteFilter::default())?.total, 1);
    let trash = store.notes(&NoteFilter {
        trashed: true,
        ..Default::default()
    })?;
    assert_eq!(
        trash.notes.iter().map(|n| n.id).collect::<Vec<_>>(),
        vec![second.id]
    );
    store.restore_note(second.id)?;
    assert_eq!(search(&store, "moore")?, vec![second.id]);
    assert_index_consistent(&store)?;

    // Emptying the trash removes only trashed notes, and their index rows.
    store.delete_note(second.id, at("2026-11-24T10:09:00Z"))?;
    // Tags changed while a note is in the trash (a tag added straight in the database, as an import might)
    // are in the index when it comes back.
    store.connection().execute(
        "INSERT INTO note_tag (note_id, tag_id) SELECT ?1, id FROM tag WHERE name = 'accreditation'",
        [second.id],
    )?;
    assert_index_consistent(&store)?;
    store.restore_note(second.id)?;
    assert_eq!(search(&store, "accreditation")?, vec![second.id]);
    assert_index_consistent(&store)?;
    store.delete_note(second.id, at("2026-11-24T10:09:30Z"))?;
    assert_eq!(store.empty_trash()?, 1);
    assert_eq!(
        store.note(second.id).err().map(|e| e.code()),
        Some(ErrorCode::NotFound)
    );
    assert_eq!(store.note(first.id)?.deleted_at, None);
    assert_eq!(count(&store, "SELECT count(*) FROM note_search")?, 1);
    assert_eq!(
        count(&store, "SELECT count(*) FROM note_tag")?,
        0,
        "its tags went with it"
    );
    assert_index_consistent(&store)?;

    // A trashed note cannot be edited until it is restored.
    store.delete_note(first.id, at("2026-11-24T10:10:00Z"))?;
    let refused = store.save_note(first.id, &note("Changed", ""), at("2026-11-24T10:11:00Z"));
    assert_eq!(refused.err().map(|e| e.code()), Some(ErrorCode::Conflict));
    Ok(())
}

#[test]
fn search_ranks_title_matches_first_highlights_and_filters() -> TestResult {
    let (_tmp, mut store) = pathway()?;
    let now = at("2026-11-24T10:00:00Z");
    store.create_tag("outcomes", now)?;
    let in_body = store.create_note(
        &note(
            "Weekly log",
            "Long day. Read about Moore and his outcome levels for planning.",
        ),
        NoteOrigin::default(),
        now,
    )?;
    let mut titled = note("Moore levels", "Seven levels.");
    titled.target = NoteTarget::Milestone {
        key: "core-competencies".into(),
    };
    titled.tags = vec!["outcomes".into()];
    let in_title = store.create_note(&titled, NoteOrigin::default(), now)?;

    let results = store.search_notes(&SearchRequest {
        text: "moore".into(),
        ..Default::default()
    })?;
    assert_eq!(results.total, 2);
    let ids: Vec<Id> = results.hits.iter().map(|hit| hit.note.id).collect();
    assert_eq!(ids, vec![in_title.id, in_body.id], "a title match ranks first");
    let body_hit = &results.hits[1];
    assert!(
        body_hit
            .snippet
            .iter()
            .any(|part| part.hit && part.text == "Moore"),
        "the matched word is marked: {:?}",
        body_hit.snippet
    );

    let filtered = |milestone: Option<&str>, tag: Option<&str>| {
        store.search_notes(&SearchRequest {
            text: "moore".into(),
            milestone_key: milestone.map(Into::into),
            tag: tag.map(Into::into),
            ..Default::default()
        })
    };
    assert_eq!(filtered(Some("core-competencies"), None)?.total, 1);
    assert_eq!(
        filtered(None, Some("OUTCOMES"))?.total,
        1,
        "tags match in any case"
    );
    assert_eq!(filtered(Some("understand-cme"), None)?.total, 0);
    let unknown = filtered(None, Some("nothing-like-this")).err().ok_or("refused")?;
    assert_eq!(unknown.field(), Some("tag"));

    // Search syntax typed by a person is text, never an FTS5 error.
    for typed in ["\"", "moore AND", "NEAR(", "-x", "col:moore", "*", "a'b"] {
        store.search_notes(&SearchRequest {
            text: typed.into(),
            ..Default::default()
        })?;
    }
    assert_eq!(
        search(&store, "moo")?.len(),
        2,
        "the last word matches as a prefix"
    );
    Ok(())
}

#[test]
fn saving_what_is_stored_writes_nothing() -> TestResult {
    let (_tmp, mut store) = pathway()?;
    let input = note("Same", "Same body");
    let created = store.create_note(&input, NoteOrigin::default(), at("2026-11-24T10:00:00Z"))?;
    let again = store.save_note(created.id, &input, at("2026-11-24T12:00:00Z"))?;
    assert_eq!(again.updated_at, "2026-11-24T10:00:00Z");
    let changed = store.save_note(created.id, &note("Same", "New body"), at("2026-11-24T12:00:00Z"))?;
    assert_eq!(changed.updated_at, "2026-11-24T12:00:00Z");
    Ok(())
}

#[test]
fn notes_and_the_trash_survive_reopening_the_file() -> TestResult {
    let (tmp, mut store) = pathway()?;
    let kept = store.create_note(
        &note("Kept", "Text ✓"),
        NoteOrigin::default(),
        at("2026-11-24T10:00:00Z"),
    )?;
    let trashed = store.create_note(
        &note("Trashed", ""),
        NoteOrigin::default(),
        at("2026-11-24T10:00:00Z"),
    )?;
    store.delete_note(trashed.id, at("2026-11-24T10:01:00Z"))?;
    drop(store);
    let store = cairn_store::Store::open_with_pathway(tmp.path(), at("2026-11-25T09:00:00Z"))?;
    assert_eq!(store.note(kept.id)?.body, "Text ✓");
    assert_eq!(
        store.note(trashed.id)?.deleted_at.as_deref(),
        Some("2026-11-24T10:01:00Z")
    );
    assert_eq!(search(&store, "text")?, vec![kept.id]);
    Ok(())
}

#[test]
fn a_note_exports_as_markdown_with_its_details() -> TestResult {
    let (_tmp, mut store) = pathway()?;
    let now = at("2026-11-24T10:00:00Z");
    store.create_tag("ACCME", now)?;
    let mut input = note("Standards: first read", "My *notes*.");
    input.tags = vec!["accme".into()];
    input.target = NoteTarget::Milestone {
        key: "understand-cme".into(),
    };
    let created = store.create_note(&input, NoteOrigin::default(), now)?;
    let file = store.note_markdown(created.id)?;
    assert_eq!(file.file_name, "Standards- first read.md");
    // The save dialog's name is read from the title alone, and is the export's.
    assert_eq!(store.note_file_name(created.id)?, file.file_name);
    let missing = store
        .note_file_name(cairn_core::Id(created.id.0 + 1))
        .err()
        .ok_or("refused")?;
    assert!(
        matches!(missing, cairn_core::Error::NotFound { .. }),
        "{missing:?}"
    );
    assert!(file.text.contains("tags: [\"ACCME\"]"), "{}", file.text);
    assert!(file.text.contains("about: \"Milestone: "), "{}", file.text);
    assert!(file.text.ends_with("My *notes*.\n"), "{}", file.text);
    Ok(())
}

#[test]
fn tags_are_created_once_and_counted_without_the_trash() -> TestResult {
    let (_tmp, mut store) = pathway()?;
    let now = at("2026-11-24T10:00:00Z");
    assert_eq!(
        store.create_tag(" Needs  assessment ", now)?.name,
        "Needs assessment"
    );
    assert_eq!(
        store.create_tag("needs assessment", now)?.name,
        "Needs assessment",
        "same tag"
    );
    let bad = store.create_tag("a,b", now).err().ok_or("refused")?;
    assert_eq!(bad.field(), Some("name"));
    let mut input = note("Tagged", "");
    input.tags = vec!["needs assessment".into()];
    let tagged = store.create_note(&input, NoteOrigin::default(), now)?;
    assert_eq!(store.tags()?[0].notes, 1);
    store.delete_note(tagged.id, now)?;
    assert_eq!(store.tags()?[0].notes, 0);
    assert_eq!(count(&store, "SELECT count(*) FROM tag")?, 1);
    Ok(())
}
