//! End-to-end: the Reports page in the real window on small demo data. The preview is the report; a report
//! saved from the page is a real file, and so is the archive of everything (which imports again); "Back up now" lists a backup in Settings.
//!
//! The system's save dialog is answered as a person would, with the keyboard (see `save_through_dialog`).

use cairn_e2e::{save_through_dialog, small_demo, wait_for_file, App, Result};
use std::process::Command;

#[test]
fn a_report_previewed_and_saved_from_the_reports_page_is_a_real_pdf_and_html_file() -> Result<()> {
    let tmp = tempfile::tempdir()?;
    let data_dir = tmp.path().join("data");
    small_demo(&data_dir)?;
    let app = App::launch("reports", &data_dir)?;
    app.click("#nav-reports")?;
    app.wait_for_text("#page h1", |text| text == "Reports")?;
    // The preview is the report, with the five milestones' chart and every section.
    let preview = app.wait_for_text("#report-preview", |text| {
        text.contains("CME writing: progress report")
    })?;
    for section in [
        "Milestones",
        "Checklist items done",
        "Competencies",
        "Study time",
        "Portfolio",
        "Network",
    ] {
        assert!(preview.contains(section), "the preview has {section}");
    }
    // The preview is set in the generic serif face (each missing face of the report's own stack cost a font
    // lookup per size and weight); the saved HTML keeps the stack, checked below.
    let face = app.execute(
        "return getComputedStyle(document.querySelector('#report-preview .cairn-report')).fontFamily",
    )?;
    assert_eq!(face.as_str(), Some("serif"), "the preview's face");
    let charts = app.execute("return document.querySelectorAll('#report-preview svg').length")?;
    assert!(
        charts.as_u64().unwrap_or(0) >= 3,
        "the preview draws the charts: {charts}"
    );

    // Leaving the network out takes it out of the preview.
    app.click("#report-section-network")?;
    app.wait_for_text("#report-preview", |text| !text.contains("Latest conversations"))?;

    // A note chosen from the list goes into the report.
    app.find(".note-choices input")?;
    let note_title = app.execute(
        "const first = document.querySelector('.note-choices label'); first.querySelector('input').click(); \
         return first.textContent.trim();",
    )?;
    let note_title = note_title.as_str().unwrap_or_default().to_owned();
    app.wait_for_text("#report-notes-chosen", |text| text.contains(&note_title))?;
    app.wait_for_text("#report-preview", |text| {
        text.contains("Notes") && text.contains(&note_title)
    })?;
    app.screenshot("reports-preview");

    // Save as PDF (the default format).
    let pdf = tmp.path().join("progress.pdf");
    save_through_dialog(&app, "#report-save", &pdf)?;
    app.wait_for_text("#report-saved", |text| text.contains("progress.pdf"))?;
    let bytes = wait_for_file(&pdf)?;
    assert!(bytes.starts_with(b"%PDF-"), "a PDF was written");
    let text = Command::new("pdftotext").arg(&pdf).arg("-").output()?;
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains(&note_title), "the chosen note is in the saved PDF");
    assert!(
        !text.contains("Latest conversations"),
        "the left-out section is not"
    );

    // And as HTML.
    app.click("#report-format-html")?;
    let html = tmp.path().join("progress.html");
    save_through_dialog(&app, "#report-save", &html)?;
    app.wait_for_text("#report-saved", |text| text.contains("progress.html"))?;
    let html = String::from_utf8(wait_for_file(&html)?)?;
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains(&note_title));
    assert!(
        html.contains("font-family: Georgia"),
        "the saved report keeps its font stack"
    );

    // Everything as one archive, attachment files included: it imports into an empty folder with every file.
    let archive = tmp.path().join("everything.zip");
    save_through_dialog(&app, "#export-json", &archive)?;
    app.wait_for_text("#data-message", |text| {
        text.contains("Saved everything to") && text.contains("everything.zip")
    })?;
    app.execute("document.querySelector('#data-message').scrollIntoView({ block: 'center' })")?;
    app.screenshot("archive-saved");
    assert!(
        wait_for_file(&archive)?.starts_with(b"PK\x03\x04"),
        "a zip archive"
    );
    let imported = tmp.path().join("imported");
    let import = std::process::Command::new(cairn_e2e::app_binary())
        .arg("--data-dir")
        .arg(&imported)
        .arg("import")
        .arg(&archive)
        .output()?;
    assert!(
        import.status.success(),
        "{}",
        String::from_utf8_lossy(&import.stderr)
    );
    assert_eq!(
        std::fs::read_dir(imported.join("attachments"))?.count(),
        5,
        "the small demo's five stored attachment copies came back"
    );

    // Settings: "Back up now" adds a backup to the list.
    app.click("#nav-settings")?;
    app.click("#backup-now")?;
    app.wait_for_text("#backup-message", |text| text.contains("Backed up"))?;
    app.wait_for_text("#backups-list", |text| text.contains("Made by you"))?;
    app.execute("document.querySelector('#backups-list').scrollIntoView({ block: 'center' })")?;
    app.screenshot("settings-backups");
    let problems = app.execute("return window.__cairnProblems()")?;
    assert_eq!(
        problems,
        serde_json::json!([]),
        "no console problems (a CSP violation would show here)"
    );
    app.close();
    Ok(())
}
