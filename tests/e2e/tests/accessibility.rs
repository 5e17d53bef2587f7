//! Accessibility in the real window: axe-core audits the first-run welcome and every page of the small demo
//! (with an open note, piece and contact, and the forms, panels and menus that open over them) at 1280 × 800
//! and 800 × 600, in the light theme (`dark.rs` audits the dark one), with Cairn's own rule that nothing scrolls
//! sideways (`audit::sideways`). Serious and critical violations fail; the rest are printed.

use cairn_e2e::{audit, audit_every_page, App, Result, Violation};

fn blocking(found: &[(String, Violation)]) -> Vec<String> {
    found
        .iter()
        .filter(|(_, v)| v.blocking())
        .map(|(page, v)| format!("{page}: {v}"))
        .collect()
}

#[test]
fn every_page_has_no_serious_or_critical_accessibility_violation_at_both_sizes() -> Result<()> {
    let tmp = tempfile::tempdir()?;
    let first_run = App::launch("accessibility-welcome", &tmp.path().join("fresh"))?;
    first_run.find("#welcome-skip")?;
    first_run.screenshot("welcome");
    let welcome: Vec<_> = audit(&first_run)?
        .into_iter()
        .map(|v| ("welcome".to_owned(), v))
        .collect();
    for (_, v) in &welcome {
        println!("welcome: {v}");
    }
    first_run.close_checked()?;

    let data_dir = tmp.path().join("demo");
    cairn_e2e::small_demo(&data_dir)?;
    let app = App::launch("accessibility", &data_dir)?;
    app.wait_for_text("#page h1", |text| text == "Dashboard")?;
    let mut wide = audit_every_page(&app, "1280x800")?;
    // The forms and panels that open over a page: a new quote, an organisation, a pipeline move, a note's export
    // menu and its history.
    app.execute("window.location.hash = '#/network'; return true;")?;
    app.click("#project-new")?;
    app.find("#project-form")?;
    app.click(".org")?;
    app.find("#organisation-panel")?;
    app.execute(
        "const card = document.querySelector('.org'); card.focus(); \
         card.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', altKey: true, bubbles: true })); return true;",
    )?;
    app.find("#move-form")?;
    wide.extend(audit(&app)?.into_iter().map(|v| ("network forms".to_owned(), v)));
    app.execute("window.location.hash = '#/notes'; return true;")?;
    app.click("li[data-note] a.note-title")?;
    app.click("#note-export")?;
    app.find("#note-export-pdf")?;
    app.click("#note-history-toggle")?;
    app.find("#note-history")?;
    wide.extend(audit(&app)?.into_iter().map(|v| ("note menus".to_owned(), v)));
    // The finder with results, and the shortcut sheet.
    app.execute("document.getElementById('page').focus(); return true;")?;
    app.type_text("#page", "\u{E009}k")?;
    app.type_text("#finder-input", "meridian")?;
    app.wait_for_text("#finder-hits", |text| text.contains("Meridian"))?;
    wide.extend(audit(&app)?.into_iter().map(|v| ("finder dialog".to_owned(), v)));
    app.type_text("#finder-input", "\u{E00C}")?;
    app.wait_until("return !document.querySelector('dialog.finder');")?;
    app.execute("document.getElementById('page').focus(); return true;")?;
    app.type_text("#page", "?")?;
    app.find("#shortcut-sheet")?;
    wide.extend(
        audit(&app)?
            .into_iter()
            .map(|v| ("shortcut dialog".to_owned(), v)),
    );
    app.click("#shortcuts-close")?;
    for (page, v) in &wide {
        if page.ends_with("forms") || page.ends_with("menus") || page.ends_with("dialog") {
            println!("1280x800 {page}: {v}");
        }
    }
    app.set_window_size(800, 600)?;
    let narrow = audit_every_page(&app, "800x600")?;
    app.close_checked()?;

    let mut failures = blocking(&welcome);
    failures.extend(blocking(&wide));
    failures.extend(blocking(&narrow));
    println!(
        "axe: {} violations at 1280x800, {} at 800x600, {} on the welcome; {} serious or critical",
        wide.len(),
        narrow.len(),
        welcome.len(),
        failures.len()
    );
    assert!(
        failures.is_empty(),
        "serious or critical violations:\n{}",
        failures.join("\n")
    );
    Ok(())
}
