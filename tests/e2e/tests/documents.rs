//! End-to-end: documents for other people, made in the real window on small demo data and saved through the
//! real save dialog. The name and date style chosen in Settings reach the Word report (as its author), the
//! window's own dates and its WebKit's language; the sample pack leaves confidential pieces out; a note saves as
//! a Word document.

use cairn_e2e::{save_through_dialog, small_demo, wait_for_file, App, Result};
use std::process::Command;

/// One part of a zip file (a Word document), read with Python's zipfile, a reader that is not Cairn's.
fn zip_part(path: &std::path::Path, part: &str) -> Result<String> {
    let output = Command::new("python3")
        .args([
            "-c",
            "import sys, zipfile; print(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]).decode())",
        ])
        .arg(path)
        .arg(part)
        .output()?;
    if !output.status.success() {
        return Err(format!(
            "{part} of {}: {}",
            path.display(),
            String::from_utf8_lossy(&output.stderr)
        )
        .into());
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

fn pdf_text(path: &std::path::Path) -> Result<String> {
    let output = Command::new("pdftotext").arg(path).arg("-").output()?;
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

#[test]
fn a_word_report_a_sample_pack_and_a_word_note_are_saved_through_the_dialog_with_the_chosen_name_and_dates(
) -> Result<()> {
    let tmp = tempfile::tempdir()?;
    let data_dir = tmp.path().join("data");
    small_demo(&data_dir)?;
    let app = App::launch("documents", &data_dir)?;

    // Settings: the name on documents, and dates written the British way (this machine's own is unset, which
    // WebKit takes as US English).
    app.click("#nav-settings")?;
    app.find("#prefs-name")?;
    app.type_text("#prefs-name", "Dr Ada Obi")?;
    app.execute(
        "const select = document.getElementById('prefs-locale'); select.value = 'en-GB'; \
         select.dispatchEvent(new Event('change', { bubbles: true })); return true;",
    )?;
    app.click("#prefs-save")?;
    app.wait_for_text("#prefs-saved", |text| text.starts_with("Saved"))?;
    app.execute("document.getElementById('prefs-save').scrollIntoView({ block: 'center' }); return true;")?;
    app.screenshot("documents-settings");

    // The window's own WebKit follows at once (its native date fields are written as WebKit's language says).
    assert_eq!(
        app.execute("return navigator.language")?,
        serde_json::json!("en-GB")
    );
    // The window writes dates as the reports do: the Reports preview's date is the British long date.
    let gb_today = app.execute("return new Date().toLocaleDateString('en-GB', { dateStyle: 'long' });")?;
    let gb_today = gb_today.as_str().unwrap_or_default().to_owned();
    app.click("#nav-reports")?;
    app.wait_for_text("#report-preview", |text| {
        text.contains(&format!("Made with Cairn on {gb_today}"))
    })?;

    // The progress report as Word, with the person as its author.
    app.click("#report-format-word")?;
    let docx = tmp.path().join("progress.docx");
    save_through_dialog(&app, "#report-save", &docx)?;
    app.wait_for_text("#report-saved", |text| text.contains("progress.docx"))?;
    assert!(
        wait_for_file(&docx)?.starts_with(b"PK\x03\x04"),
        "a Word document (a zip)"
    );
    let core = zip_part(&docx, "docProps/core.xml")?;
    assert!(core.contains("<dc:creator>Dr Ada Obi</dc:creator>"), "{core}");
    let document = zip_part(&docx, "word/document.xml")?;
    assert!(
        document.contains(&gb_today),
        "the Word report's dates are British dates too"
    );

    // The sample pack: finished pieces offered, the confidential one shown but not choosable.
    app.click("#nav-portfolio")?;
    app.click("#pack-start")?;
    app.find("input[data-pack-piece]")?;
    let disabled =
        app.execute("return document.querySelectorAll('input[data-pack-piece]:disabled').length")?;
    assert!(
        disabled.as_u64().unwrap_or(0) >= 1,
        "the demo's confidential piece cannot be chosen"
    );
    let chosen = app.execute("return document.querySelectorAll('input[data-pack-piece]:checked').length")?;
    assert!(
        chosen.as_u64().unwrap_or(0) >= 1,
        "finished pieces are chosen to start with"
    );
    app.execute("document.getElementById('pack-title').scrollIntoView(); return true;")?;
    app.screenshot("documents-pack");
    let pack = tmp.path().join("samples.pdf");
    save_through_dialog(&app, "#pack-save", &pack)?;
    app.wait_for_text("#pack-saved", |text| text.contains("samples.pdf"))?;
    assert!(wait_for_file(&pack)?.starts_with(b"%PDF-"), "a PDF");
    let text = pdf_text(&pack)?;
    assert!(text.contains("Dr Ada Obi") && text.contains("Contents"), "{text}");
    assert!(
        text.contains("Practice gaps in"),
        "the attached sample's pages are in the pack"
    );

    // A new piece's date fields are written day first.
    app.click("#piece-new")?;
    app.find("#piece-started")?;
    app.screenshot("documents-date-fields");

    // A note, from the note editor's export menu, as a Word document.
    app.click("#nav-notes")?;
    app.click("li[data-note] a.note-title")?;
    app.click("#note-export")?;
    app.find("#note-export-word")?;
    app.screenshot("documents-note-export-menu");
    let note = tmp.path().join("note.docx");
    save_through_dialog(&app, "#note-export-word", &note)?;
    app.wait_for_text(".exported", |text| text.contains("note.docx"))?;
    assert!(
        wait_for_file(&note)?.starts_with(b"PK\x03\x04"),
        "a Word document"
    );
    let document = zip_part(&note, "word/document.xml")?;
    assert!(
        document.contains("w:val=\"Title\""),
        "the note's title is Word's Title style"
    );
    app.close();
    Ok(())
}
