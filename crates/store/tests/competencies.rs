//! Competencies and self-assessments on a real database file holding the built-in pathway.

use cairn_core::competency::{AssessmentInput, CompetencyInput, RatingInput};
use cairn_core::ErrorCode;
use cairn_core::Id;
use cairn_store::competencies::CompetencyStatus;
use cairn_store::Store;
use cairn_testkit::{pathway_at, Fallible, TestResult};
use jiff::civil::{date, Date};
use jiff::Timestamp;

fn now() -> Timestamp {
    "2026-11-24T09:00:00Z".parse().expect("a valid instant")
}

fn today() -> Date {
    date(2026, 11, 24)
}

fn pathway() -> Fallible<(tempfile::TempDir, Store)> {
    pathway_at(now())
}

fn rate(taken_on: &str, ratings: &[(Id, u8)]) -> AssessmentInput {
    AssessmentInput {
        taken_on: taken_on.into(),
        milestone_key: None,
        ratings: ratings
            .iter()
            .map(|&(competency_id, level)| RatingInput {
                competency_id,
                level,
                evidence: String::new(),
                note_id: None,
            })
            .collect(),
    }
}

fn three(store: &Store) -> Result<[CompetencyStatus; 3], Box<dyn std::error::Error>> {
    let all = store.competency_overview(today())?.competencies;
    Ok([all[0].clone(), all[1].clone(), all[2].clone()])
}

fn latest(store: &Store, id: Id) -> Result<Option<u8>, cairn_core::Error> {
    Ok(store.competency(id)?.latest.map(|at| at.level))
}

#[test]
fn the_current_level_is_the_latest_rating_and_a_skipped_competency_keeps_its_own() -> TestResult {
    let (_tmp, mut store) = pathway()?;
    let [a, b, c] = three(&store)?;
    assert!(a.latest.is_none() && a.gap.is_none(), "nothing rated yet");
    store.record_assessment(
        &rate("2026-09-01", &[(a.id, 1), (b.id, 2), (c.id, 3)]),
        today(),
        now(),
    )?;
    store.record_assessment(&rate("2026-10-01", &[(a.id, 2)]), today(), now())?; // b and c skipped
    store.record_assessment(&rate("2026-11-01", &[(a.id, 4), (b.id, 3)]), today(), now())?;

    let a_now = store.competency(a.id)?;
    assert_eq!(
        a_now.first.as_ref().map(|at| (at.level, at.on.as_str())),
        Some((1, "2026-09-01"))
    );
    assert_eq!(a_now.previous.as_ref().map(|at| at.level), Some(2));
    assert_eq!(a_now.latest.as_ref().map(|at| at.level), Some(4));
    let target = a_now
        .target_level
        .ok_or("built-in competencies have a suggested target")?;
    assert_eq!(a_now.gap, Some(target as i8 - 4));
    assert_eq!(
        latest(&store, c.id)?,
        Some(3),
        "c was skipped since September and keeps its level"
    );
    assert_eq!(store.competency(c.id)?.previous, None);
    let history: Vec<u8> = store
        .competency_history(a.id)?
        .iter()
        .map(|at| at.level)
        .collect();
    assert_eq!(history, vec![1, 2, 4], "oldest first");
    Ok(())
}

#[test]
fn one_competencys_standing_agrees_with_the_overview_however_long_its_history() -> TestResult {
    let (_tmp, mut store) = pathway()?;
    let [a, _, _] = three(&store)?;
    // One to seven ratings, a month apart, with the third assessment put in the trash.
    for month in 1..=7u8 {
        let recorded = store.record_assessment(
            &rate(&format!("2026-0{month}-15"), &[(a.id, month % 5 + 1)]),
            today(),
            now(),
        )?;
        if month == 3 {
            store.delete_assessment(recorded.id, now())?;
        }
        let one = store.competency(a.id)?;
        let overview = store.competency_overview(today())?.competencies;
        assert_eq!(
            overview.iter().find(|c| c.id == a.id),
            Some(&one),
            "after {month} ratings"
        );
        let history = store.competency_history(a.id)?;
        assert!(
            history.iter().all(|at| at.on != "2026-03-15"),
            "the trashed rating is left out"
        );
        assert_eq!(one.first.as_ref(), history.first());
        assert_eq!(one.latest.as_ref(), history.last());
        assert_eq!(
            one.previous.as_ref(),
            history.iter().rev().nth(1),
            "after {month} ratings"
        );
    }
    assert_eq!(store.competency_history(a.id)?.len(), 6);
    Ok(())
}

#[test]
fn correcting_deleting_and_restoring_assessments_keeps_history_right() -> TestResult {
    let (_tmp, mut store) = pathway()?;
    let [a, b, _] = three(&store)?;
    let early = store.record_assessment(&rate("2026-09-01", &[(a.id, 2), (b.id, 2)]), today(), now())?;
    let late = store.record_assessment(&rate("2026-10-01", &[(a.id, 3)]), today(), now())?;
    assert_eq!(latest(&store, a.id)?, Some(3));

    // Redating the later one before the other makes the other the latest.
    store.update_assessment(late.id, &rate("2026-08-01", &[(a.id, 3)]), today(), now())?;
    assert_eq!(latest(&store, a.id)?, Some(2));
    let history: Vec<(u8, String)> = store
        .competency_history(a.id)?
        .into_iter()
        .map(|at| (at.level, at.on))
        .collect();
    assert_eq!(history, vec![(3, "2026-08-01".into()), (2, "2026-09-01".into())]);

    // Two assessments on one day: the one recorded later counts as later.
    store.record_assessment(&rate("2026-09-01", &[(a.id, 5)]), today(), now())?;
    assert_eq!(latest(&store, a.id)?, Some(5));

    store.delete_assessment(early.id, now())?;
    assert_eq!(
        latest(&store, b.id)?,
        None,
        "b's only rating left with the deleted assessment"
    );
    assert_eq!(store.assessments()?.len(), 2);
    let restored = store.restore_assessment(early.id)?;
    assert_eq!(restored.deleted_at, None);
    assert_eq!(latest(&store, b.id)?, Some(2), "undo brings the ratings back");
    assert_eq!(store.assessment(early.id)?.ratings.len(), 2);

    store.delete_assessment(early.id, now())?;
    let refused = store.update_assessment(early.id, &rate("2026-09-01", &[(a.id, 1)]), today(), now());
    assert_eq!(refused.err().map(|e| e.code()), Some(ErrorCode::Conflict));
    Ok(())
}

#[test]
fn gaps_are_widest_first_without_hidden_ones_and_list_what_helps() -> TestResult {
    let (_tmp, mut store) = pathway()?;
    let [a, b, c] = three(&store)?;
    store.set_competency_target(a.id, Some(5), now())?;
    store.set_competency_target(b.id, Some(4), now())?;
    store.set_competency_target(c.id, Some(3), now())?;
    store.record_assessment(
        &rate("2026-11-01", &[(a.id, 4), (b.id, 1), (c.id, 3)]),
        today(),
        now(),
    )?;
    let gaps = store.competency_gaps(today())?;
    let order: Vec<(Id, u8)> = gaps.iter().map(|gap| (gap.competency.id, gap.gap)).collect();
    assert_eq!(order, vec![(b.id, 3), (a.id, 1)], "c is at its target, so no gap");
    let widest = &gaps[0];
    assert!(
        !widest.items.is_empty(),
        "the pathway's items in b's milestones help"
    );
    assert!(
        widest
            .items
            .iter()
            .all(|item| b.milestones.contains(&item.milestone_key)),
        "{:?}",
        widest.items
    );
    // A done item is no longer offered as help.
    let first_help = widest.items[0].id;
    store.set_item_done(first_help, true, now())?;
    assert!(store.competency_gaps(today())?[0]
        .items
        .iter()
        .all(|item| item.id != first_help));

    store.set_competency_hidden(b.id, true, now())?;
    let after: Vec<Id> = store
        .competency_gaps(today())?
        .iter()
        .map(|gap| gap.competency.id)
        .collect();
    assert_eq!(after, vec![a.id], "a hidden competency is not a gap");
    assert_eq!(latest(&store, b.id)?, Some(1), "hiding keeps the history");
    store.set_competency_target(a.id, None, now())?;
    assert_eq!(
        store.competency(a.id)?.target_level,
        a.suggested_level,
        "back to the pathway's suggestion"
    );
    Ok(())
}

#[test]
fn bad_assessments_are_refused_at_their_field_and_write_nothing() -> TestResult {
    let (_tmp, mut store) = pathway()?;
    let [a, _, _] = three(&store)?;
    let cases = [
        (rate("2026-11-01", &[(a.id, 0)]), "ratings[0].level"),
        (rate("2026-11-01", &[(a.id, 6)]), "ratings[0].level"),
        (rate("2026-11-25", &[(a.id, 3)]), "takenOn"),
        (rate("1899-06-01", &[(a.id, 3)]), "takenOn"),
        (
            rate("2026-11-01", &[(a.id, 3), (Id(999_999), 2)]),
            "ratings[1].competencyId",
        ),
        (rate("2026-11-01", &[]), "ratings"),
    ];
    for (input, field) in &cases {
        let error = store
            .record_assessment(input, today(), now())
            .err()
            .ok_or("refused")?;
        assert_eq!(
            (error.code(), error.field()),
            (ErrorCode::InvalidInput, Some(*field)),
            "{error}"
        );
    }
    let mut with_note = rate("2026-11-01", &[(a.id, 3)]);
    with_note.ratings[0].note_id = Some(Id(424_242));
    let error = store
        .record_assessment(&with_note, today(), now())
        .err()
        .ok_or("refused")?;
    assert_eq!(error.field(), Some("ratings[0].noteId"));
    let mut unknown_milestone = rate("2026-11-01", &[(a.id, 3)]);
    unknown_milestone.milestone_key = Some("nope".into());
    let error = store
        .record_assessment(&unknown_milestone, today(), now())
        .err()
        .ok_or("refused")?;
    assert_eq!(error.field(), Some("milestoneKey"));

    let written: i64 = store.connection().query_row(
        "SELECT (SELECT count(*) FROM assessment) + (SELECT count(*) FROM rating)",
        [],
        |row| row.get(0),
    )?;
    assert_eq!(written, 0, "no assessment or rating was half-written");
    Ok(())
}

fn own(name: &str) -> CompetencyInput {
    CompetencyInput {
        name: name.into(),
        description: "Scripts for audio CME".into(),
        anchors: (1..=5)
            .map(|n| format!("Level {n}: what it looks like."))
            .collect(),
        target_level: Some(3),
        milestones: vec!["formats-deliverables".into()],
    }
}

#[test]
fn own_competencies_are_added_checked_and_rated_like_the_pathways() -> TestResult {
    let (_tmp, mut store) = pathway()?;
    let added = store.add_competency(&own("Podcast scripting"), now())?;
    assert!(!added.builtin);
    assert_eq!(added.anchors.len(), 5);
    assert_eq!(added.target_level, Some(3));
    let overview = store.competency_overview(today())?;
    assert_eq!(
        overview.competencies.last().map(|c| c.id),
        Some(added.id),
        "own ones come after the pathway's"
    );

    let before: i64 = store
        .connection()
        .query_row("SELECT count(*) FROM competency", [], |row| row.get(0))?;
    let mut missing_anchor = own("Another");
    missing_anchor.anchors.truncate(4);
    let mut unknown_milestone = own("Another");
    unknown_milestone.milestones = vec!["nope".into()];
    let pathway_name = overview.competencies[0].name.to_uppercase();
    for (input, field) in [
        (own("podcast SCRIPTING"), "name"),
        (own(&pathway_name), "name"),
        (own("  "), "name"),
        (missing_anchor, "anchors"),
        (unknown_milestone, "milestones"),
    ] {
        let error = store.add_competency(&input, now()).err().ok_or("refused")?;
        assert_eq!(error.field(), Some(field), "{error}");
    }
    let after: i64 = store
        .connection()
        .query_row("SELECT count(*) FROM competency", [], |row| row.get(0))?;
    assert_eq!(before, after);

    store.record_assessment(&rate("2026-11-01", &[(added.id, 2)]), today(), now())?;
    assert_eq!(store.competency(added.id)?.gap, Some(1));
    Ok(())
}

#[test]
fn a_pathway_competency_can_be_reworded_and_reset_but_keeps_its_milestones() -> TestResult {
    let (_tmp, mut store) = pathway()?;
    let [a, _, _] = three(&store)?;
    let mut input = CompetencyInput {
        name: "My words for it".into(),
        description: a.description.clone(),
        anchors: a.anchors.clone(),
        target_level: Some(5),
        milestones: a.milestones.clone(),
    };
    input.anchors[0] = "Where I started.".into();
    let edited = store.edit_competency(a.id, &input, now())?;
    assert!(edited.edited);
    assert_eq!(
        (edited.name.as_str(), edited.anchors[0].as_str()),
        ("My words for it", "Where I started.")
    );
    assert_eq!(edited.target_level, Some(5));

    let mut moved = input.clone();
    moved.milestones = vec!["connect-network".into()];
    let refused = store
        .edit_competency(a.id, &moved, now())
        .err()
        .ok_or("refused")?;
    assert_eq!(refused.field(), Some("milestones"));

    let reset = store.reset_competency(a.id, now())?;
    assert_eq!((reset.name, reset.anchors), (a.name, a.anchors));
    assert!(!reset.edited);
    assert_eq!(
        reset.target_level,
        Some(5),
        "the target is the person's and stays"
    );
    Ok(())
}

#[test]
fn a_new_assessment_is_suggested_after_the_chosen_number_of_weeks() -> TestResult {
    let (_tmp, mut store) = pathway()?;
    let [a, _, _] = three(&store)?;
    assert!(
        !store.competency_overview(today())?.reassess_due,
        "not before the first assessment"
    );
    store.record_assessment(&rate("2026-10-27", &[(a.id, 2)]), today(), now())?;
    let overview = store.competency_overview(today())?;
    assert_eq!(overview.reassess_weeks, 4);
    assert!(overview.reassess_due, "four weeks have passed");
    assert!(
        !store.competency_overview(date(2026, 11, 23))?.reassess_due,
        "a day earlier they had not"
    );
    store.set_reassess_weeks(8, now())?;
    assert!(
        !store.competency_overview(today())?.reassess_due,
        "eight weeks have not passed"
    );
    assert_eq!(store.competency_overview(today())?.reassess_weeks, 8);
    for bad in [0, 53] {
        let error = store.set_reassess_weeks(bad, now()).err().ok_or("refused")?;
        assert_eq!(error.field(), Some("reassessWeeks"));
    }
    Ok(())
}

#[test]
fn ratings_between_two_days_count_only_assessments_taken_in_them() -> TestResult {
    let (_tmp, mut store) = pathway()?;
    let [a, b, _] = three(&store)?;
    store.record_assessment(&rate("2026-08-31", &[(a.id, 1)]), today(), now())?;
    store.record_assessment(&rate("2026-09-01", &[(a.id, 2), (b.id, 2)]), today(), now())?;
    let dropped = store.record_assessment(&rate("2026-10-15", &[(a.id, 5)]), today(), now())?;
    store.delete_assessment(dropped.id, now())?;
    store.record_assessment(&rate("2026-11-01", &[(a.id, 3)]), today(), now())?;
    store.record_assessment(&rate("2026-11-02", &[(b.id, 4)]), today(), now())?;

    let levels = |rated: &cairn_store::competencies::PeriodRatings, id: Id| -> Vec<(String, u8)> {
        rated
            .by_competency
            .get(&id)
            .map(|at| at.iter().map(|l| (l.on.clone(), l.level)).collect())
            .unwrap_or_default()
    };
    let autumn = store.ratings_between(Some(date(2026, 9, 1)), date(2026, 11, 1))?;
    assert_eq!(
        autumn.assessments, 2,
        "the first day and the last are in; the deleted one is not"
    );
    assert_eq!(
        levels(&autumn, a.id),
        vec![("2026-09-01".to_owned(), 2), ("2026-11-01".to_owned(), 3)]
    );
    assert_eq!(levels(&autumn, b.id), vec![("2026-09-01".to_owned(), 2)]);

    let ever = store.ratings_between(None, today())?;
    assert_eq!(ever.assessments, 4);
    assert_eq!(levels(&ever, a.id).first(), Some(&("2026-08-31".to_owned(), 1)));
    assert!(store
        .ratings_between(Some(date(2026, 12, 1)), date(2026, 12, 31))?
        .by_competency
        .is_empty());
    Ok(())
}

#[test]
fn the_radar_has_a_spoke_per_shown_competency_and_an_unrated_one_is_a_gap_not_zero() -> TestResult {
    let (_tmp, mut store) = pathway()?;
    let [a, b, c] = three(&store)?;
    let all = store.competency_overview(today())?.competencies.len();
    store.set_competency_hidden(c.id, true, now())?;
    store.record_assessment(&rate("2026-10-01", &[(a.id, 2), (b.id, 3)]), today(), now())?;
    store.record_assessment(&rate("2026-11-01", &[(a.id, 4)]), today(), now())?;

    let overview = store.competency_overview(today())?;
    let radar = &overview.radar;
    assert_eq!(
        radar.frame.spokes.len(),
        all - 1,
        "the hidden competency has no spoke"
    );
    assert_eq!(radar.frame.rings.len(), 5);
    // Only a has a previous rating: one dot on the first spoke, at level 2, and no line to the centre.
    assert!(!radar.previous.closed);
    assert_eq!(
        radar
            .previous
            .dots
            .iter()
            .map(|dot| (dot.axis, dot.level))
            .collect::<Vec<_>>(),
        vec![(0, 2)]
    );
    assert_eq!(radar.previous.runs.len(), 1);
    let rim = f64::from(cairn_core::chart::RADAR_RIM);
    assert!(radar
        .previous
        .runs
        .iter()
        .flatten()
        .all(|[x, y]| f64::from(*x).hypot(f64::from(*y)) > rim / 10.0));
    // The latest: a at 4, b at 3, joined; the rest unrated.
    assert_eq!(radar.latest.runs.len(), 1);
    assert_eq!(radar.latest.runs[0].len(), 2);
    // Every shown pathway competency has a suggested target, so the target line is one closed outline.
    assert!(radar.target.closed);
    assert_eq!(radar.target.dots.len(), all - 1);
    Ok(())
}
