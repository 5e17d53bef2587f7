//! The progress report's pipeline section, gathered from a real database file: counts and movement in the
//! period, and organisation names only when the person asks for them.

use cairn_core::network::OrganisationKind;
use cairn_core::pipeline::{OrganisationInput, OutreachSource, PipelineStage, StageMoveInput};
use cairn_report::markdown;
use cairn_report::progress::{gather, ReportRequest};
use cairn_store::Store;
use jiff::civil::date;

type TestResult = Result<(), Box<dyn std::error::Error>>;

#[test]
fn the_pipeline_section_counts_moves_and_names_organisations_only_when_asked() -> TestResult {
    let dir = tempfile::tempdir()?;
    let now: jiff::Timestamp = "2026-12-03T09:00:00Z".parse()?;
    let mut store = Store::open_with_pathway(dir.path(), now)?;
    let today = date(2026, 12, 3);
    let input = OrganisationInput {
        name: "Quillfeather Health Learning".into(),
        kind: OrganisationKind::AccreditedProvider,
        source: OutreachSource::LetterOfIntroduction,
        next_step: String::new(),
        next_step_on: None,
        notes: String::new(),
    };
    let id = store
        .add_organisation(&input, PipelineStage::Researched, date(2026, 10, 1), now)?
        .id;
    let move_to = StageMoveInput {
        stage: PipelineStage::Introduced,
        moved_on: "2026-11-10".into(),
        closed_reason: String::new(),
        sent_piece_id: None,
        sent_note_id: None,
        next_step: None,
        next_step_on: None,
    };
    store.move_organisation(id, &move_to, today, now)?;

    let zoned = now.in_tz("UTC")?;
    let mut request = ReportRequest {
        from: Some("2026-11-01".into()),
        to: Some("2026-11-30".into()),
        ..ReportRequest::default()
    };
    let text = markdown::document(&gather(&store, &request, &zoned, "en-GB")?);
    assert!(text.contains("Prospect pipeline"), "{text}");
    assert!(
        text.contains("1 organisation in the pipeline at the end of the period; 1 move in the period."),
        "{text}"
    );
    assert!(!text.contains("Quillfeather"), "no names unless asked:\n{text}");

    request.sections.pipeline_names = true;
    let named = markdown::document(&gather(&store, &request, &zoned, "en-GB")?);
    assert!(named.contains("Quillfeather Health Learning"), "{named}");
    assert!(named.contains("10 November 2026"), "{named}");

    request.sections.pipeline = false;
    let without = markdown::document(&gather(&store, &request, &zoned, "en-GB")?);
    assert!(!without.contains("Prospect pipeline"));
    Ok(())
}
