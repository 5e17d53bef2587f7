//! End-to-end: the portfolio and the network in the real window. A piece and a contact with a follow-up,
//! added through the forms (the interaction corrected after it was logged), are on the dashboard after a
//! restart; bad input is refused at its field.

use cairn_e2e::{App, Result};

/// Sets a date input the way a person picking a date does (WebDriver cannot type into WebKit's date fields).
fn set_date(app: &App, id: &str, value: &str) -> Result<()> {
    app.execute(&format!(
        "const input = document.getElementById('{id}'); input.value = '{value}'; \
         input.dispatchEvent(new Event('input', {{ bubbles: true }})); return true;"
    ))?;
    Ok(())
}

fn local_date_in(app: &App, days: i64) -> Result<String> {
    let value = app.execute(&format!(
        "const d = new Date(); d.setDate(d.getDate() + {days}); \
         return `${{d.getFullYear()}}-${{String(d.getMonth() + 1).padStart(2, '0')}}-${{String(d.getDate()).padStart(2, '0')}}`;"
    ))?;
    Ok(value.as_str().unwrap_or_default().to_owned())
}

/// How many elements match `selector` on the page.
fn drawn(app: &App, selector: &str) -> Result<u64> {
    let script = format!("return document.querySelectorAll('{selector}').length");
    Ok(app.execute(&script)?.as_u64().unwrap_or_default())
}

#[test]
fn a_piece_and_a_contact_with_a_follow_up_are_on_the_dashboard_after_a_restart() -> Result<()> {
    let tmp = tempfile::tempdir()?;
    let data_dir = tmp.path().join("data");

    let app = App::launch("network-add", &data_dir)?;
    app.click("#welcome-skip")?;
    app.wait_for_text("#page h1", |text| text == "Dashboard")?;
    app.wait_for_text("#follow-ups-empty", |text| text.contains("No follow-ups"))?;

    // A portfolio piece: an empty title is refused at its field first.
    app.click("#nav-portfolio")?;
    app.click("#piece-new")?;
    app.wait_for_text("#piece-title-heading", |text| text == "New piece")?;
    app.click("#piece-save")?;
    app.wait_for_text("#piece-title-error", |text| text.contains("cannot be empty"))?;
    app.type_text(
        "#piece-title",
        "Needs assessment: anticoagulation in older adults",
    )?;
    app.execute(
        "const s = document.getElementById('piece-status'); s.value = 'done'; \
         s.dispatchEvent(new Event('change')); return true;",
    )?;
    app.click("input[data-competency]")?;
    app.click("#piece-save")?;
    app.wait_for_text("#piece-saved", |text| text == "Saved.")?;
    app.wait_for_text("#piece-title-heading", |text| {
        text.starts_with("Needs assessment")
    })?;
    app.screenshot("piece");

    // A contact, then an interaction whose follow-up is before it (refused), then a good one.
    app.click("#nav-network")?;
    app.click("#contact-new")?;
    app.type_text("#contact-name", "Dr Ada Obi")?;
    app.type_text("#contact-organisation", "Meridian Medical Education")?;
    app.type_text("#contact-links", "javascript:alert(1)")?;
    app.click("#contact-save")?;
    app.wait_for_text("#contact-links-error", |text| text.contains("https://"))?;
    app.execute("const l = document.getElementById('contact-links'); l.value = ''; l.dispatchEvent(new Event('input')); return true;")?;
    app.type_text("#contact-links", "https://www.linkedin.com/in/ada-obi")?;
    app.click("#contact-save")?;
    app.wait_for_text("#contact-saved", |text| text == "Saved.")?;

    let yesterday = local_date_in(&app, -1)?;
    let two_days_ago = local_date_in(&app, -2)?;
    let today = local_date_in(&app, 0)?;
    set_date(&app, "interaction-date", &yesterday)?;
    set_date(&app, "interaction-follow-up", &two_days_ago)?;
    app.type_text("#interaction-summary", "Asked how they brief freelance writers")?;
    app.click("#interaction-add")?;
    app.wait_for_text("#interaction-followUpOn-error", |text| {
        text.contains("after the interaction")
    })?;
    set_date(&app, "interaction-follow-up", &today)?;
    app.click("#interaction-add")?;
    app.wait_for_text("li[data-interaction]", |text| {
        text.contains("Asked how they brief")
    })?;

    // The logged interaction is corrected in the same form, the keyboard put on what happened. Cancel leaves
    // it as it was and the keyboard back on its Edit button.
    let focused = "return document.activeElement && document.activeElement.id";
    app.click("li[data-interaction] button[id^='interaction-edit-']")?;
    app.wait_for_text("#interaction-add", |text| text == "Save changes")?;
    assert_eq!(app.execute(focused)?.as_str(), Some("interaction-summary"));
    app.click("#interaction-cancel")?;
    app.wait_for_text("#interaction-add", |text| text == "Log it")?;
    assert!(app
        .execute(focused)?
        .as_str()
        .unwrap_or_default()
        .starts_with("interaction-edit-"));
    let summary = app.execute("return document.getElementById('interaction-summary').value")?;
    assert_eq!(summary.as_str(), Some(""));
    // A follow-up before its day is refused at its field, and the interaction is unchanged.
    app.click("li[data-interaction] button[id^='interaction-edit-']")?;
    set_date(&app, "interaction-follow-up", &two_days_ago)?;
    app.set_value(
        "#interaction-summary",
        "Asked how they brief and pay freelance writers",
        "input",
    )?;
    app.click("#interaction-add")?;
    app.wait_for_text("#interaction-followUpOn-error", |text| {
        text.contains("after the interaction")
    })?;
    let row = app.text("li[data-interaction]")?;
    assert!(row.contains("Asked how they brief freelance writers"), "{row}");
    set_date(&app, "interaction-follow-up", &today)?;
    app.click("#interaction-add")?;
    app.wait_for_text("#interaction-saved", |text| text.starts_with("Saved the changes"))?;
    app.wait_for_text("li[data-interaction]", |text| {
        text.contains("Asked how they brief and pay freelance writers")
    })?;
    assert_eq!(drawn(&app, "li[data-interaction]")?, 1);
    app.wait_for_text("#interaction-add", |text| text == "Log it")?;
    app.screenshot("contact");
    app.close_checked()?;

    let app = App::launch("network-restarted", &data_dir)?;
    app.wait_for_text("#page h1", |text| text == "Dashboard")?;
    let follow_up = app.wait_for_text("#follow-ups-this-week + ul li", |text| {
        text.contains("Dr Ada Obi")
    })?;
    assert!(follow_up.contains("Meridian Medical Education"), "{follow_up}");
    let portfolio = app.wait_for_text("#dashboard-portfolio", |text| text.contains("1 piece"))?;
    assert!(
        portfolio.contains("1 finished") && portfolio.contains("evidence for 1 of"),
        "{portfolio}"
    );
    app.execute("document.getElementById('dashboard-follow-ups-title').scrollIntoView(); return true;")?;
    app.screenshot("dashboard");

    // Done from the dashboard, and undone.
    app.click("li[data-follow-up] button[aria-label^='Mark the follow-up']")?;
    app.wait_for_text("#follow-up-undo", |text| text == "Undo")?;
    app.wait_for_text("#follow-ups-empty", |text| text.contains("No follow-ups"))?;
    app.click("#follow-up-undo")?;
    app.wait_for_text("#follow-ups-this-week + ul li", |text| {
        text.contains("Dr Ada Obi")
    })?;

    app.click("#nav-network")?;
    app.wait_for_text("tr[data-contact]", |text| text.contains("Dr Ada Obi"))?;
    app.screenshot("network");
    app.click("tr[data-contact] a")?;
    app.wait_for_text("li[data-interaction]", |text| {
        text.contains("Asked how they brief and pay freelance writers")
    })?;
    app.click("#nav-network")?;
    app.click("#nav-portfolio")?;
    app.wait_for_text("#evidence-summary", |text| text.contains("1 of"))?;
    app.screenshot("portfolio");
    app.close_checked()?;
    Ok(())
}

/// Hundreds of contacts: the table draws 25 rows, a button draws the next 25, and finding a contact searches
/// every one of them, drawn or not.
#[test]
fn a_long_contact_list_draws_twenty_five_rows_at_a_time_and_finding_searches_them_all() -> Result<()> {
    let tmp = tempfile::tempdir()?;
    let data_dir = tmp.path().join("data");
    cairn_e2e::small_demo(&data_dir)?;
    let before = {
        let mut store = cairn_store::Store::open(&data_dir)?;
        let before = store.contacts()?.len();
        for n in 1..=230 {
            let input = cairn_core::network::ContactInput {
                name: format!("Zed Contact {n:03}"),
                role: "Content lead".into(),
                organisation: format!("Provider {n:03}"),
                organisation_kind: cairn_core::network::OrganisationKind::AccreditedProvider,
                where_met: String::new(),
                links: vec![],
                notes: String::new(),
            };
            store.add_contact(&input, jiff::Timestamp::now())?;
        }
        before
    };
    let total = before + 230;

    let app = App::launch("network-long-list", &data_dir)?;
    app.click("#nav-network")?;
    app.wait_for_text("#contacts-count", |text| {
        text == format!("{total} of {total} contacts")
    })?;
    let rows = || drawn(&app, "tr[data-contact]");
    assert_eq!(rows()?, 25, "the first 25 rows are drawn");
    let more = app.text("#contacts-more")?;
    assert_eq!(more, format!("Show more ({} more)", total - 25));
    app.click("#contacts-more")?;
    app.wait_for_text("#contacts-more", |text| {
        text == format!("Show more ({} more)", total - 50)
    })?;
    assert_eq!(rows()?, 50);
    app.execute(
        "document.getElementById('contacts-more').scrollIntoView({ block: 'center' }); return true;",
    )?;
    app.screenshot("network-long-list-more");

    // The last contact added is in no drawn row, and finding it searches them all.
    app.type_text("#contacts-filter", "Zed Contact 230")?;
    app.wait_for_text("#contacts-count", |text| text == format!("1 of {total} contacts"))?;
    app.wait_for_text("tr[data-contact]", |text| text.contains("Zed Contact 230"))?;
    assert_eq!(rows()?, 1);
    let more_left = app.execute("return document.getElementById('contacts-more') !== null")?;
    assert_eq!(more_left, serde_json::Value::Bool(false), "nothing more to show");
    app.screenshot("network-long-list-found");
    app.close_checked()
}

#[test]
fn a_long_project_list_draws_twenty_five_rows_at_a_time_open_work_first() -> Result<()> {
    let tmp = tempfile::tempdir()?;
    let data_dir = tmp.path().join("data");
    cairn_e2e::small_demo(&data_dir)?;
    let total = {
        let mut store = cairn_store::Store::open(&data_dir)?;
        let organisation = store
            .organisations()?
            .first()
            .ok_or("the demo's organisations")?
            .id;
        let today = jiff::ZonedDateTime::now().date();
        for n in 1..=60 {
            let input = cairn_core::projects::ProjectInput {
                organisation_id: organisation,
                title: format!("Delivered module {n:02}"),
                deliverable: cairn_core::portfolio::Deliverable::NeedsAssessment,
                status: cairn_core::projects::ProjectStatus::Paid,
                estimate_hours: 10.0,
                hourly_rate: 60.0,
                currency: "GBP".into(),
                quoted_on: "2020-01-01".into(),
                due_on: None,
                notes: String::new(),
            };
            store.add_project(&input, today, jiff::Timestamp::now())?;
        }
        store.projects()?.len()
    };
    assert!(total > 50, "{total} projects");

    let app = App::launch("network-long-projects", &data_dir)?;
    app.click("#nav-network")?;
    let more = app.wait_for_text("#projects-more", |text| !text.is_empty())?;
    assert_eq!(more, format!("Show more ({} more)", total - 25));
    let rows = || drawn(&app, "tr[data-project]");
    assert_eq!(rows()?, 25, "the first 25 rows are drawn");
    // Open work comes first: the demo's quoted and accepted projects are drawn, not the old paid ones.
    let first = app.text("tr[data-project] strong")?;
    assert!(!first.starts_with("Delivered module"), "{first}");
    app.execute(
        "document.getElementById('projects-more').scrollIntoView({ block: 'center' }); return true;",
    )?;
    app.wait_until(
        "const r = document.getElementById('projects-more').getBoundingClientRect(); return r.top > 0 && r.bottom < innerHeight;",
    )?;
    app.screenshot("network-long-projects-more");
    app.click("#projects-more")?;
    app.wait_until("return document.querySelectorAll('tr[data-project]').length === 50;")?;
    app.click("#projects-more")?;
    app.wait_until(&format!(
        "return document.querySelectorAll('tr[data-project]').length === {total} && !document.getElementById('projects-more');"
    ))?;
    app.close_checked()
}
