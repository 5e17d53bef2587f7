//! A missing row is `not_found` in every kind of record: deleting, restoring or changing something that is not
//! there (never was, or is already in the trash, or already back) says so the same way, and changes nothing.

use cairn_core::study::{Activity, SessionInput};
use cairn_core::ErrorCode;
use cairn_core::Id;
use cairn_testkit::{at, pathway_at, TestResult};

const MISSING: Id = Id(9_999);

fn code<T>(outcome: cairn_core::Result<T>) -> Option<ErrorCode> {
    outcome.err().map(|e| e.code())
}

#[test]
fn every_kind_of_record_answers_not_found_for_a_missing_row() -> TestResult {
    let now = at("2026-11-24T09:00:00Z");
    let (_tmp, mut store) = pathway_at(now)?;
    let here = now.to_zoned_datetime(jiff::tz::TimeZone::UTC);
    let session = SessionInput {
        date: "2026-11-23".into(),
        start_time: None,
        end_time: None,
        duration_minutes: Some(30),
        activity: Activity::Reading,
        milestone_key: None,
        competency_id: None,
        project_id: None,
        note: String::new(),
    };
    let before = store.export_data(now)?.tables;
    let outcomes: Vec<(&str, Option<ErrorCode>)> = vec![
        ("delete_item", code(store.delete_item(MISSING, now))),
        ("restore_item", code(store.restore_item(MISSING, now))),
        ("delete_note", code(store.delete_note(MISSING, now))),
        ("restore_note", code(store.restore_note(MISSING))),
        ("delete_assessment", code(store.delete_assessment(MISSING, now))),
        ("restore_assessment", code(store.restore_assessment(MISSING))),
        (
            "update_session",
            code(store.update_session(MISSING, &session, &here)),
        ),
        ("delete_session", code(store.delete_session(MISSING, now))),
        ("restore_session", code(store.restore_session(MISSING))),
        ("delete_break", code(store.delete_break(MISSING, now))),
        ("restore_break", code(store.restore_break(MISSING))),
        ("delete_piece", code(store.delete_piece(MISSING, now))),
        ("restore_piece", code(store.restore_piece(MISSING))),
        ("remove_attachment", code(store.remove_attachment(MISSING, now))),
        ("restore_attachment", code(store.restore_attachment(MISSING))),
        ("delete_contact", code(store.delete_contact(MISSING, now))),
        ("restore_contact", code(store.restore_contact(MISSING))),
        ("delete_interaction", code(store.delete_interaction(MISSING, now))),
        ("restore_interaction", code(store.restore_interaction(MISSING))),
    ];
    for (what, outcome) in outcomes {
        assert_eq!(outcome, Some(ErrorCode::NotFound), "{what} of a missing row");
    }
    assert_eq!(store.export_data(now)?.tables, before, "nothing was written");
    Ok(())
}

#[test]
fn restoring_a_live_row_or_deleting_a_deleted_one_is_not_found_too() -> TestResult {
    let now = at("2026-11-24T09:00:00Z");
    let (_tmp, mut store) = pathway_at(now)?;
    let contact = store.add_contact(
        &cairn_core::network::ContactInput {
            name: "Dr Amaka Obi".into(),
            role: String::new(),
            organisation: String::new(),
            organisation_kind: cairn_core::network::OrganisationKind::MedicalEducationCompany,
            where_met: String::new(),
            links: vec![],
            notes: String::new(),
        },
        now,
    )?;
    assert_eq!(code(store.restore_contact(contact.id)), Some(ErrorCode::NotFound));
    store.delete_contact(contact.id, now)?;
    assert_eq!(
        code(store.delete_contact(contact.id, now)),
        Some(ErrorCode::NotFound)
    );
    let error = store.delete_contact(contact.id, now).err().ok_or("refused")?;
    assert!(
        error.to_string().contains(&format!("contact {}", contact.id)),
        "{error}"
    );
    assert!(
        store.restore_contact(contact.id).is_ok(),
        "a deleted contact comes back once"
    );
    Ok(())
}
