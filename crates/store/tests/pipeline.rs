//! The prospect pipeline on a real database file holding the built-in pathway: an organisation moved forward
//! and back through the stages with what was sent, refused moves named at their field, the figures (counts,
//! time in stage, which outreach led where), next steps due, a period's activity, delete and undo, and the
//! pipeline surviving a reopen.

use cairn_core::network::{ContactInput, OrganisationKind};
use cairn_core::note::NoteInput;
use cairn_core::pipeline::{OrganisationInput, OutreachSource, PipelineStage, StageMoveInput};
use cairn_core::portfolio::{Deliverable, PieceInput, PieceStatus};
use cairn_core::{ErrorCode, Id};
use cairn_store::notes::NoteOrigin;
use cairn_store::Store;
use cairn_testkit::{field, TestResult};
use jiff::civil::{date, Date};
use jiff::Timestamp;

fn now() -> Timestamp {
    "2026-12-03T09:00:00Z".parse().expect("a valid instant")
}

fn organisation(name: &str, source: OutreachSource) -> OrganisationInput {
    OrganisationInput {
        name: name.into(),
        kind: OrganisationKind::MedicalEducationCompany,
        source,
        next_step: String::new(),
        next_step_on: None,
        notes: String::new(),
    }
}

fn to(stage: PipelineStage, on: &str) -> StageMoveInput {
    StageMoveInput {
        stage,
        moved_on: on.into(),
        closed_reason: String::new(),
        sent_piece_id: None,
        sent_note_id: None,
        next_step: None,
        next_step_on: None,
    }
}

fn added(store: &mut Store, name: &str, source: OutreachSource, on: Date) -> Result<Id, cairn_core::Error> {
    Ok(store
        .add_organisation(&organisation(name, source), PipelineStage::Researched, on, now())?
        .id)
}

#[test]
fn an_organisation_moves_forward_and_back_with_what_was_sent_and_survives_a_reopen() -> TestResult {
    let dir = tempfile::tempdir()?;
    let mut store = Store::open_with_pathway(dir.path(), now())?;
    let today = date(2026, 12, 3);
    let letter = store.create_note(
        &NoteInput {
            title: "Letter of introduction: Northbridge".into(),
            body: "Dear Dr Shah, …".into(),
            target: Default::default(),
            tags: Vec::new(),
        },
        NoteOrigin::default(),
        now(),
    )?;
    let sample = store.add_piece(
        &PieceInput {
            title: "Needs assessment: heart failure".into(),
            deliverable: Deliverable::NeedsAssessment,
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
            role: "Director of education".into(),
            organisation: "northbridge medical education".into(),
            organisation_kind: OrganisationKind::MedicalEducationCompany,
            where_met: String::new(),
            links: Vec::new(),
            notes: String::new(),
        },
        now(),
    )?;
    let id = added(
        &mut store,
        "Northbridge Medical Education",
        OutreachSource::LetterOfIntroduction,
        date(2026, 10, 1),
    )?;
    store.move_organisation(
        id,
        &StageMoveInput {
            sent_note_id: Some(letter.id),
            ..to(PipelineStage::Introduced, "2026-10-05")
        },
        today,
        now(),
    )?;
    store.move_organisation(id, &to(PipelineStage::InConversation, "2026-10-20"), today, now())?;
    store.move_organisation(
        id,
        &StageMoveInput {
            sent_piece_id: Some(sample.id),
            ..to(PipelineStage::TestSent, "2026-11-02")
        },
        today,
        now(),
    )?;
    // The test went to the wrong person: back a stage, then on again.
    store.move_organisation(id, &to(PipelineStage::InConversation, "2026-11-03"), today, now())?;
    let moved = store.move_organisation(id, &to(PipelineStage::Quoted, "2026-11-20"), today, now())?;
    assert_eq!(moved.stage, PipelineStage::Quoted);
    assert_eq!(moved.stage_since, "2026-11-20");
    drop(store);

    let store = Store::open_with_pathway(dir.path(), now())?;
    let organisation = store.organisation(id)?;
    let path: Vec<_> = organisation
        .moves
        .iter()
        .map(|m| (m.moved_on.as_str(), m.from_stage, m.to_stage))
        .collect();
    use PipelineStage::*;
    assert_eq!(
        path,
        [
            ("2026-10-01", None, Researched),
            ("2026-10-05", Some(Researched), Introduced),
            ("2026-10-20", Some(Introduced), InConversation),
            ("2026-11-02", Some(InConversation), TestSent),
            ("2026-11-03", Some(TestSent), InConversation),
            ("2026-11-20", Some(InConversation), Quoted),
        ]
    );
    assert_eq!(
        organisation.moves[1].sent_note_title.as_deref(),
        Some("Letter of introduction: Northbridge")
    );
    assert_eq!(
        organisation.moves[3].sent_piece_title.as_deref(),
        Some("Needs assessment: heart failure")
    );
    assert_eq!(
        organisation
            .contacts
            .iter()
            .map(|c| c.name.as_str())
            .collect::<Vec<_>>(),
        ["Dr Priya Shah"],
        "a contact belongs by the organisation's name, whatever its case"
    );
    Ok(())
}

#[test]
fn a_bad_move_is_refused_at_its_field_and_changes_nothing() -> TestResult {
    let (_dir, mut store) = cairn_testkit::pathway_at(now())?;
    let today = date(2026, 12, 3);
    let id = added(
        &mut store,
        "Helix CME",
        OutreachSource::Referral,
        date(2026, 11, 10),
    )?;
    let before = store.organisation(id)?;
    let refused =
        |store: &mut Store, input: StageMoveInput| store.move_organisation(id, &input, today, now()).err();
    assert_eq!(
        field(refused(&mut store, to(PipelineStage::Researched, "2026-11-12"))),
        Some("stage".into())
    );
    assert_eq!(
        field(refused(&mut store, to(PipelineStage::Introduced, "2026-11-09"))),
        Some("movedOn".into())
    );
    assert_eq!(
        field(refused(&mut store, to(PipelineStage::Introduced, "2026-12-04"))),
        Some("movedOn".into())
    );
    assert_eq!(
        field(refused(&mut store, to(PipelineStage::Closed, "2026-11-12"))),
        Some("closedReason".into())
    );
    let gone_piece = StageMoveInput {
        sent_piece_id: Some(Id(42)),
        ..to(PipelineStage::Introduced, "2026-11-12")
    };
    assert_eq!(field(refused(&mut store, gone_piece)), Some("sentPieceId".into()));
    let dated_but_no_step = StageMoveInput {
        next_step: Some(String::new()),
        next_step_on: Some("2026-11-20".into()),
        ..to(PipelineStage::Introduced, "2026-11-12")
    };
    assert_eq!(
        field(refused(&mut store, dated_but_no_step)),
        Some("nextStep".into())
    );
    assert_eq!(store.organisation(id)?, before, "nothing half-written");

    let closed = store.move_organisation(
        id,
        &StageMoveInput {
            closed_reason: "No budget this year".into(),
            ..to(PipelineStage::Closed, "2026-11-12")
        },
        today,
        now(),
    )?;
    assert_eq!(
        (closed.stage, closed.closed_reason.as_str()),
        (PipelineStage::Closed, "No budget this year")
    );
    let reopened = store.move_organisation(
        id,
        &StageMoveInput {
            next_step: Some("Send the revised sample".into()),
            next_step_on: Some("2026-12-07".into()),
            ..to(PipelineStage::Introduced, "2026-11-30")
        },
        today,
        now(),
    )?;
    assert_eq!(reopened.closed_reason, "", "reopening clears the reason");
    assert_eq!(
        (reopened.next_step.as_str(), reopened.next_step_on.as_deref()),
        ("Send the revised sample", Some("2026-12-07")),
        "the next step is saved with the move"
    );
    let kept = store.move_organisation(id, &to(PipelineStage::InConversation, "2026-12-01"), today, now())?;
    assert_eq!(
        kept.next_step, "Send the revised sample",
        "a move without a step keeps the one it had"
    );
    let cleared = store.move_organisation(
        id,
        &StageMoveInput {
            next_step: Some(String::new()),
            ..to(PipelineStage::Introduced, "2026-12-01")
        },
        today,
        now(),
    )?;
    assert_eq!((cleared.next_step.as_str(), cleared.next_step_on), ("", None));

    let deleted = store.delete_organisation(id, now())?;
    assert!(deleted.deleted);
    assert!(store.organisations()?.is_empty());
    assert_eq!(
        store
            .move_organisation(id, &to(PipelineStage::Quoted, "2026-12-01"), today, now())
            .err()
            .map(|e| e.code()),
        Some(ErrorCode::NotFound)
    );
    store.restore_organisation(id)?;
    assert_eq!(store.organisations()?.len(), 1, "delete is undone");
    Ok(())
}

#[test]
fn the_figures_count_stages_time_in_stage_and_which_outreach_led_to_projects() -> TestResult {
    let (_dir, mut store) = cairn_testkit::pathway_at(now())?;
    let today = date(2026, 12, 3);
    let move_to =
        |store: &mut Store, id, stage, on: &str| store.move_organisation(id, &to(stage, on), today, now());
    use PipelineStage::*;
    let a = added(
        &mut store,
        "A",
        OutreachSource::LetterOfIntroduction,
        date(2026, 9, 1),
    )?;
    move_to(&mut store, a, Introduced, "2026-09-11")?; // researched 10 days
    move_to(&mut store, a, InConversation, "2026-09-21")?;
    move_to(&mut store, a, FirstProject, "2026-10-21")?;
    let b = added(
        &mut store,
        "B",
        OutreachSource::LetterOfIntroduction,
        date(2026, 9, 1),
    )?;
    move_to(&mut store, b, Introduced, "2026-09-21")?; // researched 20 days
    let c = added(&mut store, "C", OutreachSource::JobAdvert, date(2026, 11, 3))?; // researched 30 days to today
    let _ = c;

    let figures = store.pipeline_figures(today)?;
    let stage = |s: PipelineStage| figures.stages.iter().find(|f| f.stage == s).cloned();
    assert_eq!(figures.stages.len(), PipelineStage::ALL.len());
    assert_eq!(
        stage(Researched).map(|f| (f.count, f.median_days)),
        Some((1, Some(20)))
    );
    assert_eq!(stage(Introduced).map(|f| f.count), Some(1));
    assert_eq!(stage(FirstProject).map(|f| f.count), Some(1));
    assert_eq!(stage(Quoted).map(|f| (f.count, f.median_days)), Some((0, None)));
    let letters = figures
        .sources
        .iter()
        .find(|s| s.source == OutreachSource::LetterOfIntroduction)
        .cloned();
    assert_eq!(
        letters.map(|s| (s.organisations, s.conversations, s.projects)),
        Some((2, 1, 1))
    );
    let adverts = figures
        .sources
        .iter()
        .find(|s| s.source == OutreachSource::JobAdvert)
        .cloned();
    assert_eq!(
        adverts.map(|s| (s.organisations, s.conversations, s.projects)),
        Some((1, 0, 0))
    );

    // The period October–November: A moved twice into it... once (first project), C was added.
    let period = store.pipeline_activity(Some(date(2026, 10, 1)), date(2026, 11, 30))?;
    assert_eq!(period.moves_into, [(Researched, 1), (FirstProject, 1)]);
    assert_eq!(
        period.at_end,
        [(Researched, 1), (Introduced, 1), (FirstProject, 1)]
    );
    let september = store.pipeline_activity(None, date(2026, 9, 15))?;
    assert_eq!(
        september.at_end,
        [(Researched, 1), (Introduced, 1)],
        "B was still researched then"
    );
    Ok(())
}

#[test]
fn next_steps_due_are_the_open_organisations_by_date() -> TestResult {
    let (_dir, mut store) = cairn_testkit::pathway_at(now())?;
    let today = date(2026, 12, 3);
    let with_step = |name: &str, on: &str| OrganisationInput {
        next_step: format!("Follow up with {name}"),
        next_step_on: Some(on.into()),
        ..organisation(name, OutreachSource::Event)
    };
    store.add_organisation(
        &with_step("Later", "2026-12-20"),
        PipelineStage::Introduced,
        today,
        now(),
    )?;
    store.add_organisation(
        &with_step("Overdue", "2026-11-28"),
        PipelineStage::Introduced,
        today,
        now(),
    )?;
    store.add_organisation(
        &with_step("This week", "2026-12-06"),
        PipelineStage::Quoted,
        today,
        now(),
    )?;
    let closed = store.add_organisation(
        &with_step("Closed", "2026-12-01"),
        PipelineStage::Introduced,
        today,
        now(),
    )?;
    store.move_organisation(
        closed.id,
        &StageMoveInput {
            closed_reason: "Not a fit".into(),
            ..to(PipelineStage::Closed, "2026-12-03")
        },
        today,
        now(),
    )?;
    let due: Vec<_> = store
        .next_steps_due(date(2026, 12, 10))?
        .into_iter()
        .map(|s| s.organisation)
        .collect();
    assert_eq!(due, ["Overdue", "This week"]);
    Ok(())
}
