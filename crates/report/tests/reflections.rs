//! The progress report and the reflections written after study sessions, gathered from a real database file:
//! the study section counts the period's sessions with a reflection, and the reflections themselves are
//! carried among the notes only when the person asks for them.

use cairn_core::study::{Activity, StopChoice, TimerInput};
use cairn_report::markdown;
use cairn_report::progress::{gather, ReportRequest};
use cairn_store::study::ReflectionInput;
use cairn_store::Store;

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn timer() -> TimerInput {
    TimerInput {
        activity: Activity::Reading,
        item_id: None,
        milestone_key: Some("adult-learning".into()),
        competency_id: None,
        project_id: None,
        note: String::new(),
    }
}

#[test]
fn the_report_counts_reflected_sessions_and_carries_the_periods_reflections_when_asked() -> TestResult {
    let dir = tempfile::tempdir()?;
    let now: jiff::Timestamp = "2026-12-03T09:00:00Z".parse()?;
    let mut store = Store::open_with_pathway(dir.path(), now)?;
    let mut sessions = Vec::new();
    for (day, reflection) in [
        ("2026-11-10", Some("Adults want the why before the what.")),
        ("2026-11-20", None),
        ("2026-10-05", Some("Outside the period.")),
    ] {
        let start: jiff::ZonedDateTime = format!("{day}T08:00:00[UTC]").parse()?;
        store.start_timer(&timer(), &start)?;
        let session = store.stop_timer(
            StopChoice::AsMeasured,
            start.timestamp() + jiff::SignedDuration::from_mins(30),
        )?;
        if let Some(body) = reflection {
            let input = ReflectionInput {
                prompt_id: None,
                body: body.into(),
            };
            store.save_session_reflection(session.id, &input, now)?;
        }
        sessions.push(session);
    }

    let zoned = now.in_tz("UTC")?;
    let mut request = ReportRequest {
        from: Some("2026-11-01".into()),
        to: Some("2026-11-30".into()),
        ..ReportRequest::default()
    };
    let text = markdown::document(&gather(&store, &request, &zoned, "en-GB")?);
    assert!(
        text.contains("1 h in 2 sessions, 1 with a written reflection."),
        "{text}"
    );
    assert!(
        !text.contains("Adults want the why"),
        "reflections only when asked:\n{text}"
    );

    request.sections.reflections = true;
    let with = markdown::document(&gather(&store, &request, &zoned, "en-GB")?);
    assert!(with.contains("Adults want the why before the what."), "{with}");
    assert!(!with.contains("Outside the period."), "{with}");
    Ok(())
}
