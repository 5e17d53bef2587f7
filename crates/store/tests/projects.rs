//! Paid work and the disclosure record on a real database file: a rate set with the income-needed helper, a
//! project quoted from it for an organisation in the pipeline, timed with the timer and by hand, its actual hours
//! against the estimate by deliverable, delete and undo; the disclosure record's 24-month window and statement.

use cairn_core::disclosure::{DisclosureInput, RelationshipNature};
use cairn_core::network::OrganisationKind;
use cairn_core::pipeline::{OrganisationInput, OutreachSource, PipelineStage};
use cairn_core::portfolio::Deliverable;
use cairn_core::projects::{ProjectInput, ProjectStatus, RatePlanInput};
use cairn_core::study::{Activity, SessionInput, StopChoice, TimerInput};
use cairn_core::ErrorCode;
use cairn_store::Store;
use cairn_testkit::{field, TestResult};
use jiff::civil::date;
use jiff::{Timestamp, ToSpan, ZonedDateTime};

fn london(local: &str) -> ZonedDateTime {
    format!("{local}[Europe/London]")
        .parse()
        .expect("a valid London time")
}

fn quote(organisation_id: cairn_core::Id, deliverable: Deliverable, hours: f64) -> ProjectInput {
    ProjectInput {
        organisation_id,
        title: "Heart failure update: needs assessment".into(),
        deliverable,
        status: ProjectStatus::Quoted,
        estimate_hours: hours,
        hourly_rate: 75.0,
        currency: "GBP".into(),
        quoted_on: "2026-11-20".into(),
        due_on: Some("2026-12-20".into()),
        notes: String::new(),
    }
}

fn worked(project_id: cairn_core::Id, day: &str, minutes: i32) -> SessionInput {
    SessionInput {
        date: day.into(),
        start_time: None,
        end_time: None,
        duration_minutes: Some(minutes),
        activity: Activity::WritingPractice,
        milestone_key: None,
        competency_id: None,
        project_id: Some(project_id),
        note: String::new(),
    }
}

#[test]
fn a_project_is_quoted_from_the_rate_timed_and_measured_against_its_estimate() -> TestResult {
    let dir = tempfile::tempdir()?;
    let start = london("2026-12-01T09:00:00");
    let mut store = Store::open_with_pathway(dir.path(), start.timestamp())?;
    let today = start.date();

    // The rate: 60,000 income and 6,000 costs over 44 weeks of 25 billable hours needs 60.00 an hour; they
    // charge 75.
    let plan = store.set_rate_plan(
        &RatePlanInput {
            currency: "gbp".into(),
            yearly_income: 60_000.0,
            yearly_costs: 6_000.0,
            working_weeks: 44,
            billable_hours_per_week: 25.0,
            hourly_rate: Some(75.0),
        },
        start.timestamp(),
    )?;
    assert_eq!(
        (
            plan.needed_rate_minor,
            plan.hourly_rate_minor,
            plan.currency.as_str()
        ),
        (Some(6_000), 7_500, "GBP")
    );

    let northbridge = store
        .add_organisation(
            &OrganisationInput {
                name: "Northbridge Medical Education".into(),
                kind: OrganisationKind::MedicalEducationCompany,
                source: OutreachSource::LetterOfIntroduction,
                next_step: String::new(),
                next_step_on: None,
                notes: String::new(),
            },
            PipelineStage::Quoted,
            today,
            start.timestamp(),
        )?
        .id;

    // 12 hours at 75.00 is a 900.00 quote.
    let project = store.add_project(
        &quote(northbridge, Deliverable::NeedsAssessment, 12.0),
        today,
        start.timestamp(),
    )?;
    assert_eq!(
        (
            project.estimate_minutes,
            project.fee_minor,
            project.organisation.as_str(),
            project.actual_seconds
        ),
        (720, 90_000, "Northbridge Medical Education", 0)
    );
    assert!(project.open, "a quote can still be timed");
    // A project for an organisation not there is refused at its field, and nothing is written.
    let refused = store.add_project(
        &quote(cairn_core::Id(999), Deliverable::SlideDeck, 3.0),
        today,
        start.timestamp(),
    );
    assert_eq!(field(refused.err()), Some("organisationId".into()));
    assert_eq!(store.projects()?.len(), 1);

    // Timed: two hours on the timer (a pause left out), and 9 h 30 min typed in.
    store.start_timer(
        &TimerInput {
            activity: Activity::WritingPractice,
            item_id: None,
            milestone_key: None,
            competency_id: None,
            project_id: Some(project.id),
            note: "Literature search".into(),
        },
        &london("2026-12-01T10:00:00"),
    )?;
    assert_eq!(
        store.timer(start.timestamp())?.and_then(|t| t.project_title),
        Some(project.title.clone()),
        "the timer says what it is timing"
    );
    let session = store.stop_timer(StopChoice::AsMeasured, london("2026-12-01T12:00:00").timestamp())?;
    assert_eq!((session.project_id, session.seconds), (Some(project.id), 7_200));
    let typed = store.add_session(
        &worked(project.id, "2026-12-01", 570),
        &london("2026-12-01T20:00:00"),
    )?;
    assert_eq!(store.project(project.id)?.actual_seconds, 7_200 + 570 * 60);

    // Figures count finished projects only: none yet.
    assert!(store.estimate_figures()?.is_empty());
    store.update_project(
        project.id,
        &ProjectInput {
            status: ProjectStatus::Delivered,
            ..quote(northbridge, Deliverable::NeedsAssessment, 12.0)
        },
        today,
        start.timestamp(),
    )?;
    assert!(
        !store.project(project.id)?.open,
        "delivered, it is no longer offered to the timer"
    );
    let figures = store.estimate_figures()?;
    assert_eq!(figures.len(), 1);
    assert_eq!(
        (
            figures[0].deliverable,
            figures[0].projects,
            figures[0].estimate_minutes,
            figures[0].actual_minutes
        ),
        (Deliverable::NeedsAssessment, 1, 720, 690)
    );
    assert_eq!(
        figures[0].actual_per_hundred_estimated, 96,
        "11.5 h for 12 estimated"
    );

    // A session in the trash stops counting, and counts again when restored.
    store.delete_session(typed.id, start.timestamp())?;
    assert_eq!(store.project(project.id)?.actual_seconds, 7_200);
    store.restore_session(typed.id)?;
    assert_eq!(store.project(project.id)?.actual_seconds, 7_200 + 570 * 60);

    // Deleted, the project leaves the list and takes no more time; undone, it is back with its hours.
    store.delete_project(project.id, start.timestamp())?;
    assert!(store.projects()?.is_empty());
    let refused = store.add_session(
        &worked(project.id, "2026-12-01", 30),
        &london("2026-12-01T21:00:00"),
    );
    assert_eq!(field(refused.err()), Some("projectId".into()));
    assert!(store.estimate_figures()?.is_empty());
    let restored = store.restore_project(project.id)?;
    assert_eq!(
        (restored.deleted, restored.actual_seconds),
        (false, 7_200 + 570 * 60)
    );

    // Reopened, everything is still there.
    drop(store);
    let store = Store::open(dir.path())?;
    assert_eq!(store.rate_plan()?.map(|p| p.hourly_rate_minor), Some(7_500));
    assert_eq!(
        store.projects()?.first().map(|p| (p.status, p.fee_minor)),
        Some((ProjectStatus::Delivered, 90_000))
    );
    Ok(())
}

#[test]
fn a_bad_rate_plan_or_project_is_refused_at_its_field_and_nothing_is_written() -> TestResult {
    let dir = tempfile::tempdir()?;
    let now = Timestamp::from_second(1_796_000_000)?;
    let mut store = Store::open_with_pathway(dir.path(), now)?;
    let refused = store.set_rate_plan(
        &RatePlanInput {
            currency: "GBP".into(),
            yearly_income: 50_000.0,
            yearly_costs: 0.0,
            working_weeks: 0,
            billable_hours_per_week: 20.0,
            hourly_rate: Some(60.0),
        },
        now,
    );
    assert_eq!(field(refused.err()), Some("workingWeeks".into()));
    assert_eq!(store.rate_plan()?, None);
    let missing = store.project(cairn_core::Id(5)).err().map(|e| e.code());
    assert_eq!(missing, Some(ErrorCode::NotFound));
    Ok(())
}

#[test]
fn the_disclosure_statement_lists_the_relationships_of_the_last_24_months_and_none_older() -> TestResult {
    let dir = tempfile::tempdir()?;
    let now: Timestamp = "2026-12-03T09:00:00Z".parse()?;
    let mut store = Store::open_with_pathway(dir.path(), now)?;
    let today = date(2026, 12, 3);
    let relationship = |company: &str, nature, from: &str, to: Option<&str>| DisclosureInput {
        company: company.into(),
        nature,
        started_on: from.into(),
        ended_on: to.map(str::to_owned),
        notes: String::new(),
    };
    let empty = store.disclosure_record(today, "en-GB")?;
    assert!(
        empty.statement.contains("no financial relationships"),
        "{}",
        empty.statement
    );

    let employer = store.add_disclosure(
        &relationship(
            "Halden Pharma",
            RelationshipNature::Employment,
            "2019-04-01",
            Some("2025-06-30"),
        ),
        today,
        now,
    )?;
    let old = store.add_disclosure(
        &relationship(
            "Vance Devices",
            RelationshipNature::Speaking,
            "2018-01-01",
            Some("2024-12-02"),
        ),
        today,
        now,
    )?;
    store.add_disclosure(
        &relationship(
            "Orrin Biologics",
            RelationshipNature::Ownership,
            "2021-02-10",
            None,
        ),
        today,
        now,
    )?;
    assert!(employer.in_window);
    assert!(!old.in_window, "it ended the day before the window opened");
    let refused = store.add_disclosure(
        &relationship(
            "Late Co",
            RelationshipNature::Other,
            "2026-01-01",
            Some("2025-01-01"),
        ),
        today,
        now,
    );
    assert_eq!(field(refused.err()), Some("endedOn".into()));

    let record = store.disclosure_record(today, "en-GB")?;
    assert_eq!(
        record.relationships.len(),
        3,
        "older ones are kept, only left out of the statement"
    );
    assert_eq!(
        (record.window_from.as_str(), record.window_to.as_str()),
        ("2024-12-03", "2026-12-03")
    );
    assert!(
        record
            .statement
            .contains("- Halden Pharma: employment (1 April 2019 to 30 June 2025)"),
        "{}",
        record.statement
    );
    assert!(record
        .statement
        .contains("- Orrin Biologics: stock, options or other ownership (since 10 February 2021, ongoing)"));
    assert!(!record.statement.contains("Vance Devices"));

    // A day later than 2 December 2026 + 24 months, the employer falls out too.
    let later = today.checked_add(2.years())?;
    let record = store.disclosure_record(later, "en-GB")?;
    assert!(!record.statement.contains("Halden"), "{}", record.statement);

    // Deleted and undone.
    store.delete_disclosure(employer.id, today, now)?;
    assert!(!store
        .disclosure_record(today, "en-GB")?
        .statement
        .contains("Halden"));
    store.restore_disclosure(employer.id, today)?;
    assert!(store
        .disclosure_record(today, "en-GB")?
        .statement
        .contains("Halden"));
    Ok(())
}
