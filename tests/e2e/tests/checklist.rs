//! End-to-end: the pathway's checklist in the real window, across a restart.

use cairn_e2e::{App, Result};
use serde_json::Value;

fn progress_value(app: &App, selector: &str) -> Result<f64> {
    let value = app.execute(&format!("return document.querySelector({selector:?}).value"))?;
    value
        .as_f64()
        .ok_or_else(|| format!("{selector} has no numeric value: {value}").into())
}

#[test]
fn ticking_an_item_moves_the_progress_bar_and_survives_a_restart() -> Result<()> {
    let tmp = tempfile::tempdir()?;
    let data_dir = tmp.path().join("data");

    let app = App::launch("checklist", &data_dir)?;
    app.click("#welcome-skip")?;
    app.wait_for_text("#page h1", |text| text == "Dashboard")?;
    app.click("#nav-milestones")?;
    app.click("a[href='#/milestones/understand-cme']")?;
    app.wait_for_text("#milestone-title", |text| text == "Understand the CME landscape")?;
    let before = app.text("#milestone-count")?;
    assert!(before.starts_with("0 of "), "{before}");
    assert_eq!(progress_value(&app, ".done-looks-like progress")?, 0.0);

    let id = app.execute("return document.querySelector('li[data-item]').dataset.item")?;
    let id = id.as_str().ok_or("the first item has an id")?.to_owned();
    app.click(&format!("#item-{id}"))?;
    app.wait_for_text("#milestone-count", |text| text.starts_with("1 of "))?;
    assert_eq!(
        progress_value(&app, ".done-looks-like progress")?,
        1.0,
        "the bar moved"
    );
    app.screenshot("milestone");

    // An item of the person's own: a refused title says why at the field and keeps the form; then it is added.
    let items_before = app.execute("return document.querySelectorAll('li[data-item]').length")?;
    let count_before = app.text("#milestone-count")?;
    app.click("#add-item")?;
    app.click(".add-form button[type=submit]")?;
    let error = app.wait_for_text(".add-form .field-error", |text| !text.is_empty())?;
    assert_eq!(error, "Give the item a title.");
    let tied = app.execute(
        "const input = document.querySelector('.add-form input[name=title]'); \
         return [input.getAttribute('aria-invalid'), document.getElementById(input.getAttribute('aria-describedby'))?.textContent]",
    )?;
    assert_eq!(tied, serde_json::json!(["true", "Give the item a title."]));
    app.execute("document.querySelector('.add-form').scrollIntoView(); return true;")?;
    app.screenshot("item-refused");
    app.type_text(
        ".add-form input[name=title]",
        "Read the ACCME's standards for integrity",
    )?;
    app.click(".add-form button[type=submit]")?;
    let count_after = app.wait_for_text("#milestone-count", |text| text != count_before)?;
    assert!(count_after.starts_with("1 of "), "{count_after}");
    let items_after = app.execute("return document.querySelectorAll('li[data-item]').length")?;
    assert_eq!(
        items_after.as_u64(),
        items_before.as_u64().map(|n| n + 1),
        "the new item is on the list"
    );
    assert_eq!(
        app.execute("return document.querySelector('.add-form') === null")?,
        Value::Bool(true),
        "the form closed"
    );

    app.click("#nav-dashboard")?;
    app.wait_for_text("#overall-count", |text| text.starts_with("1 of "))?;
    assert_eq!(
        progress_value(&app, "[data-milestone=understand-cme] progress")?,
        1.0
    );
    app.screenshot("dashboard");
    app.close_checked()?;

    let app = App::launch("checklist-restarted", &data_dir)?;
    app.wait_for_text("#page h1", |text| text == "Dashboard")?; // the welcome is not shown twice
    app.click("a[href='#/milestones/understand-cme']")?;
    app.wait_for_text("#milestone-count", |text| text.starts_with("1 of "))?;
    let checked = app.execute(&format!("return document.getElementById('item-{id}').checked"))?;
    assert_eq!(checked, Value::Bool(true), "the tick survived the restart");
    app.close();
    Ok(())
}

/// Dozens of items overdue: the dashboard lists the eight most overdue first, and one click shows the rest.
#[test]
fn the_dashboard_lists_the_eight_most_overdue_items_and_shows_the_rest_on_request() -> Result<()> {
    let tmp = tempfile::tempdir()?;
    let data_dir = tmp.path().join("data");
    cairn_e2e::small_demo(&data_dir)?;
    let today = jiff::ZonedDateTime::now().date();
    let due = {
        let mut store = cairn_store::Store::open(&data_dir)?;
        for days in 1..=30 {
            let input = cairn_core::checklist::ItemInput {
                title: format!("Overdue by {days:02} days"),
                details: String::new(),
                due_on: Some(today.checked_sub(jiff::Span::new().days(days))?.to_string()),
            };
            store.add_item("understand-cme", &input, jiff::Timestamp::now())?;
        }
        store.pathway_overview(today)?.due_soon
    };
    assert!(due.len() >= 30, "{} items due", due.len());

    let app = App::launch("dashboard-due", &data_dir)?;
    app.wait_for_text("#due-title", |text| text == "Due soon")?;
    let drawn = || -> Result<Vec<String>> {
        let texts =
            app.execute("return [...document.querySelectorAll('ul.due li a')].map(a => a.textContent)")?;
        Ok(serde_json::from_value(texts)?)
    };
    let first = drawn()?;
    let wanted: Vec<String> = due.iter().take(8).map(|item| item.title.clone()).collect();
    assert_eq!(first, wanted, "the eight due first, in order");
    assert_eq!(first[0], "Overdue by 30 days");
    assert_eq!(
        app.text("#due-more")?,
        format!("Show more ({} more)", due.len() - 8)
    );
    app.execute("document.getElementById('due-more').scrollIntoView({ block: 'center' }); return true;")?;
    app.screenshot("more");
    app.click("#due-more")?;
    app.wait_until(&format!(
        "return document.querySelectorAll('ul.due li').length === {};",
        due.len()
    ))?;
    let gone = app.execute("return document.getElementById('due-more') === null")?;
    assert_eq!(gone, Value::Bool(true), "nothing more to show");
    app.close_checked()
}
