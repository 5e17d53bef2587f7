//! End-to-end: paid work and the disclosure record in the real window. A rate is worked out from the income
//! needed; a quote is written for an organisation in the pipeline (a bad estimate refused at its field), timed
//! with the timer and by hand, delivered, and its estimate measured; its quote text is shown and copied; a removal
//! is undone. On the Portfolio page a relationship ending before it began is refused at its field, and the
//! statement lists the relationships of the last 24 months and leaves the older one out.

use cairn_e2e::{App, Result};

fn project_row(app: &App) -> Result<String> {
    let text = app.execute(
        "const row = document.querySelector('[data-project]'); return row ? row.textContent.replace(/\\s+/g, ' ') : '';",
    )?;
    Ok(text.as_str().unwrap_or_default().to_owned())
}

#[test]
fn a_project_is_quoted_from_the_rate_timed_delivered_and_the_disclosure_statement_is_written() -> Result<()> {
    let tmp = tempfile::tempdir()?;
    let app = App::launch("projects", &tmp.path().join("data"))?;
    app.click("#welcome-skip")?;
    app.wait_for_text("#page h1", |text| text == "Dashboard")?;

    // Without an organisation there is nothing to quote for, and the page says what to do.
    app.click("#nav-network")?;
    app.wait_for_text("#projects-empty", |text| {
        text.contains("add the provider or company")
    })?;
    app.type_text("#organisation-name", "Northbridge Medical Education")?;
    app.click("#organisation-add")?;
    app.wait_until("return document.querySelectorAll('.org').length === 1;")?;

    // The rate from the income needed: 60,000 + 6,000 over 44 weeks of 25 hours is £60.00 an hour.
    app.wait_until("return document.getElementById('rate-plan').open;")?;
    app.set_value("#rate-currency", "GBP", "input")?;
    app.set_value("#rate-income", "60,000", "input")?;
    app.set_value("#rate-costs", "6000", "input")?;
    app.set_value("#rate-weeks", "44", "input")?;
    app.set_value("#rate-hours", "25", "input")?;
    app.click("#rate-save")?;
    app.wait_for_text("#rate-summary", |text| text.contains("£60.00 an hour"))?;
    assert_eq!(
        app.execute("return document.getElementById('rate-hourly').value;")?
            .as_str(),
        Some("60"),
        "the empty rate took what the income needs"
    );

    // A quote: a bad estimate is refused at its field; 12 hours at the rate is £720.00.
    app.wait_for_text("#projects-empty", |text| text.contains("No quotes yet"))?;
    app.click("#project-new")?;
    app.type_text("#project-title", "Heart failure update: needs assessment")?;
    app.set_value("#project-hours", "lots", "input")?;
    app.click("#project-save")?;
    app.wait_for_text("#project-estimateHours-error", |text| {
        text.contains("Estimate the hours")
    })?;
    assert_eq!(
        app.execute("return document.querySelectorAll('[data-project]').length;")?
            .as_u64(),
        Some(0)
    );
    app.set_value("#project-hours", "12", "input")?;
    app.wait_for_text("#project-fee-preview", |text| text.contains("£720.00"))?;
    app.screenshot("projects-quote-form");
    app.click("#project-save")?;
    app.wait_until("return document.querySelectorAll('[data-project]').length === 1;")?;
    let row = project_row(&app)?;
    assert!(
        row.contains("£720.00") && row.contains("Quoted") && row.contains("12 h"),
        "{row}"
    );

    // The quote as text to paste into an email.
    app.click("[data-project] button[aria-label^='Quote for']")?;
    app.wait_until("return (document.getElementById('quote-text')?.value ?? '').includes('Fee');")?;
    let quote = app.execute("return document.getElementById('quote-text').value;")?;
    let quote = quote.as_str().unwrap_or_default();
    assert!(quote.contains("For: Northbridge Medical Education"), "{quote}");
    assert!(
        quote.contains("Estimated time: 12 hours at £60.00 an hour"),
        "{quote}"
    );
    assert!(quote.contains("Fee: £720.00"), "{quote}");
    app.click("#quote-copy")?;
    app.wait_for_text("#quote-copied", |text| !text.is_empty())?;
    app.screenshot("projects-quote");
    app.click("#quote-close")?;

    // Timed: the timer started from the project says what it is for; two seconds of it are saved.
    app.click("[data-project] button[aria-label^='Time it']")?;
    app.click("#nav-study")?;
    app.wait_for_text("#timer-project", |text| text.contains("Heart failure update"))?;
    std::thread::sleep(std::time::Duration::from_secs(2));
    app.click("#timer-stop")?;
    app.wait_for_text("#timer-saved", |text| !text.is_empty())?;
    // And 90 minutes typed in against it.
    app.wait_until("return !!document.getElementById('session-new-project');")?;
    let project_id = app.execute(
        "const s = document.getElementById('session-new-project'); return s ? s.options[1].value : '';",
    )?;
    app.set_value(
        "#session-new-project",
        project_id.as_str().unwrap_or_default(),
        "change",
    )?;
    app.set_value("#session-new-minutes", "90", "input")?;
    app.click("#session-new-save")?;
    app.wait_until("return [...document.querySelectorAll('li, tr')].some(e => e.textContent.includes('for Heart failure update'));")?;

    // Back on Network the hours are logged; delivered, the estimate is measured: 1.5 h of 12 is 13 per 100.
    app.click("#nav-network")?;
    app.wait_until("return (document.querySelector('[data-project] [data-logged]')?.textContent ?? '').includes('1 h 30 min');")?;
    app.click("[data-project] button[aria-label^='Edit']")?;
    app.set_value("#project-status", "delivered", "change")?;
    app.click("#project-save")?;
    app.wait_for_text("#estimate-figures", |text| text.contains("Needs assessment"))?;
    let figures = app.text("#estimate-figures")?;
    assert!(figures.contains("13"), "{figures}");
    // The next quote for the same kind of work suggests a better estimate from it.
    app.click("#project-new")?;
    app.set_value("#project-hours", "10", "input")?;
    app.wait_for_text("#project-estimate-hint", |text| {
        text.contains("13 hours for every 100")
    })?;
    app.click("#project-cancel")?;
    app.screenshot("projects-list");

    // Removed, then undone.
    app.click("[data-project] button[aria-label^='Remove']")?;
    app.wait_until("return document.querySelectorAll('[data-project]').length === 0;")?;
    app.click("#project-undo")?;
    app.wait_until("return document.querySelectorAll('[data-project]').length === 1;")?;

    // The disclosure record on the Portfolio page.
    app.click("#nav-portfolio")?;
    app.wait_until("return (document.getElementById('disclosure-statement')?.value ?? '') !== '';")?;
    let statement = app.execute("return document.getElementById('disclosure-statement').value;")?;
    assert!(
        statement
            .as_str()
            .unwrap_or_default()
            .contains("no financial relationships"),
        "{statement}"
    );
    app.click("#disclosure-new")?;
    app.type_text("#disclosure-company", "Halden Pharma")?;
    app.set_value("#disclosure-nature", "employment", "change")?;
    app.set_value("#disclosure-started-on", "2019-04-01", "input")?;
    app.set_value("#disclosure-ended-on", "2018-06-30", "input")?;
    app.click("#disclosure-save")?;
    app.wait_for_text("#disclosure-endedOn-error", |text| {
        text.contains("before it started")
    })?;
    app.set_value("#disclosure-ended-on", "", "input")?;
    app.click("#disclosure-save")?;
    app.wait_until("return document.querySelectorAll('[data-disclosure]').length === 1;")?;
    app.click("#disclosure-new")?;
    app.type_text("#disclosure-company", "Vance Devices")?;
    app.set_value("#disclosure-nature", "speaking", "change")?;
    app.set_value("#disclosure-started-on", "2015-01-01", "input")?;
    app.set_value("#disclosure-ended-on", "2016-01-01", "input")?;
    app.click("#disclosure-save")?;
    app.wait_until("return document.querySelectorAll('[data-disclosure]').length === 2;")?;
    let statement = app.execute("return document.getElementById('disclosure-statement').value;")?;
    let statement = statement.as_str().unwrap_or_default();
    assert!(
        statement.contains("- Halden Pharma: employment (since 1 April 2019, ongoing)"),
        "{statement}"
    );
    assert!(!statement.contains("Vance"), "older than 24 months: {statement}");
    app.click("#disclosure-copy")?;
    app.wait_for_text("#disclosure-copied", |text| !text.is_empty())?;
    app.execute("document.getElementById('disclosure').scrollIntoView({ block: 'start' }); return true;")?;
    app.screenshot("projects-disclosure");
    app.close_checked()
}
