//! The quick switcher's search on a real database holding the built-in pathway: every kind found by part of its
//! name in any case, notes by the words of their title through the full-text index (not their body), trashed
//! records left out, LIKE's pattern characters taken literally, at most a few of each kind.

use cairn_core::network::{ContactInput, OrganisationKind};
use cairn_core::note::NoteInput;
use cairn_core::pipeline::{OrganisationInput, OutreachSource, PipelineStage};
use cairn_core::portfolio::{Deliverable, PieceInput, PieceStatus};
use cairn_store::notes::NoteOrigin;
use cairn_store::quick::{QuickKind, PER_KIND};
use cairn_testkit::TestResult;
use jiff::civil::date;
use jiff::Timestamp;

fn now() -> Timestamp {
    "2026-12-03T09:00:00Z".parse().expect("a valid instant")
}

#[test]
fn every_kind_is_found_by_part_of_its_name_and_notes_by_their_title_words() -> TestResult {
    let (_dir, mut store) = cairn_testkit::pathway_at(now())?;
    let today = date(2026, 12, 3);
    let note = |title: &str, body: &str| NoteInput {
        title: title.into(),
        body: body.into(),
        target: Default::default(),
        tags: Vec::new(),
    };
    let heart = store.create_note(
        &note("Heart failure needs assessment", "Gaps in 50% of clinics."),
        NoteOrigin::default(),
        now(),
    )?;
    store.create_note(
        &note("Reading log", "Heart failure guideline, chapter 3."),
        NoteOrigin::default(),
        now(),
    )?;
    let trashed = store.create_note(&note("Heart failure draft two", ""), NoteOrigin::default(), now())?;
    store.delete_note(trashed.id, now())?;
    store.add_piece(
        &PieceInput {
            title: "Heart failure slide deck".into(),
            deliverable: Deliverable::SlideDeck,
            status: PieceStatus::Done,
            started_on: None,
            finished_on: None,
            competency_ids: Vec::new(),
            notes: String::new(),
            confidential: false,
        },
        today,
        now(),
    )?;
    store.add_contact(
        &ContactInput {
            name: "Dr Priya Shah".into(),
            role: "Medical director".into(),
            organisation: "Heartland CME".into(),
            organisation_kind: OrganisationKind::AccreditedProvider,
            where_met: String::new(),
            links: Vec::new(),
            notes: String::new(),
        },
        now(),
    )?;
    store.add_organisation(
        &OrganisationInput {
            name: "Heartland CME".into(),
            kind: OrganisationKind::AccreditedProvider,
            source: OutreachSource::Referral,
            next_step: String::new(),
            next_step_on: None,
            notes: String::new(),
        },
        PipelineStage::Introduced,
        today,
        now(),
    )?;

    let hits = store.quick_find("HEART")?;
    let of = |kind| {
        hits.iter()
            .filter(|h| h.kind == kind)
            .map(|h| h.title.as_str())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        of(QuickKind::Note),
        ["Heart failure needs assessment"],
        "by title words only, not the trashed one"
    );
    assert_eq!(of(QuickKind::Piece), ["Heart failure slide deck"]);
    assert_eq!(
        of(QuickKind::Contact),
        ["Dr Priya Shah"],
        "a contact by their organisation too"
    );
    assert_eq!(of(QuickKind::Organisation), ["Heartland CME"]);
    let organisation = hits
        .iter()
        .find(|h| h.kind == QuickKind::Organisation)
        .ok_or("an organisation")?;
    assert_eq!(
        (organisation.detail.as_str(), organisation.target.as_str()),
        ("Introduced", "#/network")
    );
    let note_hit = hits.iter().find(|h| h.kind == QuickKind::Note).ok_or("a note")?;
    assert_eq!(note_hit.target, format!("#/notes/{}", heart.id));

    // Milestones, items and competencies of the built-in pathway, each opening its page.
    let milestone = store.quick_find("adult learn")?;
    assert!(
        milestone
            .iter()
            .any(|h| h.kind == QuickKind::Milestone && h.target == "#/milestones/adult-learning"),
        "{milestone:?}"
    );
    let items = store.quick_find("needs assessment")?;
    assert!(
        items
            .iter()
            .any(|h| h.kind == QuickKind::Item && !h.detail.is_empty()),
        "{items:?}"
    );
    let competency = store.quick_find("terminology")?;
    assert!(
        competency
            .iter()
            .any(|h| h.kind == QuickKind::Competency && h.target.starts_with("#/competencies/")),
        "{competency:?}"
    );

    // A kind with many matches shows a few; LIKE's wildcards are only characters; nothing typed, nothing found.
    let many = store.quick_find("e")?;
    assert!(many.iter().filter(|h| h.kind == QuickKind::Item).count() as u32 == PER_KIND);
    assert!(store.quick_find("%")?.is_empty(), "no title holds a percent sign");
    assert!(store.quick_find("_")?.is_empty());
    assert!(store.quick_find("   ")?.is_empty());
    assert!(
        store
            .quick_find("\"*(")?
            .iter()
            .all(|h| h.kind != QuickKind::Note),
        "FTS syntax typed is not a query"
    );
    Ok(())
}
