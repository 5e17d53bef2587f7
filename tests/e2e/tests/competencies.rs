//! End-to-end: a self-assessment in the real window, the radar and the gaps, across a restart; and the radar
//! drawn from the demo's history.

use cairn_e2e::{App, Result};

fn count(app: &App, selector: &str) -> Result<u64> {
    let value = app.execute(&format!("return document.querySelectorAll({selector:?}).length"))?;
    value
        .as_u64()
        .ok_or_else(|| format!("no count for {selector}: {value}").into())
}

#[test]
fn rating_three_competencies_shows_them_on_the_radar_and_in_the_gaps_after_a_restart() -> Result<()> {
    let tmp = tempfile::tempdir()?;
    let data_dir = tmp.path().join("data");
    let app = App::launch("competencies", &data_dir)?;
    app.click("#welcome-skip")?;
    app.click("#nav-competencies")?;
    app.wait_for_text("#competencies-title", |text| text == "Competencies")?;
    app.wait_for_text("#gaps-title", |text| text == "Gaps to close")?;
    app.click("#assess-start")?;
    app.wait_for_text("#assess-progress", |text| text.starts_with("0 of "))?;

    app.screenshot("step");
    // Levels chosen with the keys 1-5 (typed at the first level's radio button), then Next.
    for level in ["2", "1", "3"] {
        app.type_text(".step input[type=radio]", level)?;
        app.wait_for_text(".level.chosen .level-name", |text| text.starts_with(level))?;
        app.click("#assess-next")?;
    }
    app.wait_for_text("#assess-progress", |text| text.starts_with("3 of "))?;
    app.click("#assess-review")?;
    app.wait_for_text("#review-title", |text| text == "Review")?;
    assert_eq!(count(&app, ".review li")?, 3);
    app.click("#assess-save")?;

    app.wait_for_text("#competencies-title", |text| text == "Competencies")?;
    app.wait_for_text("#competency-table tbody", |text| !text.is_empty())?;
    assert_eq!(
        count(&app, "[data-series=latest] circle")?,
        3,
        "three points on the latest line"
    );
    let latest = app.execute(
        "return [...document.querySelectorAll('#competency-table tbody tr')].slice(0, 3).map(r => r.querySelector('.latest').textContent)",
    )?;
    assert_eq!(latest, serde_json::json!(["2", "1", "3"]));
    assert!(
        count(&app, "#gaps-list li")? >= 2,
        "rated below their targets, they are gaps"
    );
    app.screenshot("rated");
    app.close_checked()?;

    let app = App::launch("competencies-restarted", &data_dir)?;
    app.click("#nav-competencies")?;
    app.wait_for_text("#competency-table tbody", |text| !text.is_empty())?;
    let latest = app.execute(
        "return [...document.querySelectorAll('#competency-table tbody tr')].slice(0, 3).map(r => r.querySelector('.latest').textContent)",
    )?;
    assert_eq!(
        latest,
        serde_json::json!(["2", "1", "3"]),
        "the ratings survived the restart"
    );
    assert_eq!(count(&app, "[data-series=latest] circle")?, 3);
    app.close();
    Ok(())
}

#[test]
fn the_radar_shows_the_demo_history_with_first_previous_latest_and_target() -> Result<()> {
    let tmp = tempfile::tempdir()?;
    let data_dir = tmp.path().join("data");
    cairn_e2e::small_demo(&data_dir)?;
    let app = App::launch("competencies-demo", &data_dir)?;
    app.click("#nav-competencies")?;
    app.wait_for_text("#competency-table tbody", |text| !text.is_empty())?;
    app.click(".toggle-first input")?;
    for series in ["first", "previous", "latest", "target"] {
        assert!(
            count(&app, &format!("[data-series={series}] :is(polygon, polyline)"))? >= 1,
            "{series} is drawn"
        );
    }
    // Not every competency was rated twice in the demo: its missing "previous" is a gap in the line, never a
    // point at the centre (a rating of zero).
    let at_centre = app.execute(
        "const svg = document.querySelector('#page .radar'); const c = svg.viewBox.baseVal.width / 2; \
         return [...svg.querySelectorAll('.series :is(polygon, polyline)')].flatMap(shape => [...shape.points]) \
           .filter(p => Math.abs(p.x - c) < 1 && Math.abs(p.y - c) < 1).length",
    )?;
    assert_eq!(at_centre, serde_json::json!(0));
    assert!(
        count(&app, "[data-series=previous] polyline")? >= 1,
        "the demo's previous ratings have a gap"
    );
    assert!(
        count(&app, "#competency-table tbody tr")? >= 12,
        "a dozen or more axes"
    );
    app.screenshot("radar");

    // One competency's history as a line: a point per rating.
    app.click("#competency-table tbody tr:nth-child(2) th a")?;
    app.wait_for_text("#history-title", |text| text == "Over time")?;
    assert!(
        count(&app, ".history-chart circle")? >= 2,
        "the demo rated it monthly"
    );
    app.screenshot("history");

    // The dashboard shows the radar in small and the top three gaps.
    app.click("#nav-dashboard")?;
    app.wait_for_text("#dashboard-competencies-title", |text| text == "Competencies")?;
    let gaps = count(&app, "#dashboard-gaps li")?;
    assert!((1..=3).contains(&gaps), "the top gaps, at most three: {gaps}");
    assert_eq!(count(&app, "#page .radar [data-series=latest] polygon")?, 1);
    app.execute("document.getElementById('dashboard-competencies-title').scrollIntoView(); return true;")?;
    app.screenshot("dashboard");
    app.close_checked()?;
    Ok(())
}
