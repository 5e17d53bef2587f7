//! The dashboard's one read is the same as its parts read one by one, on the small demo's data.

use cairn_store::dashboard::{DASHBOARD_GAPS, DASHBOARD_PIECES};
use cairn_testkit::TestResult;
use jiff::civil::date;

#[test]
fn the_dashboard_holds_what_each_part_says_on_its_own() -> TestResult {
    let tmp = tempfile::tempdir()?;
    let now: jiff::Timestamp = "2026-11-24T09:00:00Z".parse()?;
    let today = date(2026, 11, 24);
    let mut store = cairn_store::Store::open_with_pathway(tmp.path(), now)?;
    cairn_demo::fill(&mut store, cairn_demo::Scale::Small, now)?;
    // A piece in the trash is in none of the dashboard's figures: the latest changed, and a finished one.
    let pieces = store.portfolio()?.pieces;
    let finished = pieces
        .iter()
        .find(|p| p.status.finished())
        .ok_or("a finished piece")?;
    store.delete_piece(finished.id, now)?;
    store.delete_piece(pieces[0].id, now)?;

    let dashboard = store.dashboard(today)?;
    assert_eq!(dashboard.pathway, store.pathway_overview(today)?);
    assert_eq!(dashboard.competencies, store.competency_overview(today)?);
    let gaps = store.competency_gaps(today)?;
    assert!(
        gaps.len() > DASHBOARD_GAPS,
        "the demo has more gaps than the dashboard lists"
    );
    assert_eq!(dashboard.gaps, gaps[..DASHBOARD_GAPS]);
    assert_eq!(dashboard.week, store.study_week(today)?);
    assert_eq!(dashboard.follow_ups, store.follow_ups(today)?);
    let portfolio = store.portfolio()?;
    assert_eq!(portfolio.pieces.len(), pieces.len() - 2);
    assert_eq!(dashboard.portfolio.pieces as usize, portfolio.pieces.len());
    assert_eq!(
        dashboard.portfolio.finished as usize,
        portfolio.pieces.iter().filter(|p| p.status.finished()).count()
    );
    assert_eq!(dashboard.portfolio.covered, portfolio.covered);
    assert_eq!(
        dashboard.portfolio.competencies as usize,
        portfolio.evidence.len()
    );
    assert_eq!(
        dashboard.portfolio.recent,
        portfolio.pieces[..DASHBOARD_PIECES.min(portfolio.pieces.len())]
    );
    Ok(())
}
