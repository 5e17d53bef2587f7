//! The recovery screens in the dark theme (GTK's dark Adwaita, which WebKitGTK reports to the page as
//! `prefers-color-scheme: dark`): a data folder inside Dropbox refused with the offer to move it, the note
//! history with its diff, Settings with backups and a sync folder refused at its field; and the documents: Settings' name and dates, the sample pack, the note's export menu. A binary of its own, because the theme is chosen by the environment the window inherits.

use cairn_e2e::{App, Result};

#[test]
fn the_refusal_the_history_and_settings_read_well_in_the_dark_theme() -> Result<()> {
    // Only this test runs in this process, so changing the environment here affects nothing else.
    std::env::set_var("GTK_THEME", "Adwaita:dark");
    let tmp = tempfile::tempdir()?;
    let dropbox = tmp.path().join("Dropbox").join("cairn");
    std::fs::create_dir_all(&dropbox)?;
    let refused = App::launch("dark-synced", &dropbox)?;
    refused.wait_for_text("#store-problem-message", |text| text.contains("Dropbox"))?;
    refused.find("#store-problem-move")?;
    refused.screenshot("synced-refused");
    refused.close_checked()?;
    assert!(
        std::fs::read_dir(&dropbox)?.next().is_none(),
        "nothing was made in the refused folder"
    );

    let data_dir = tmp.path().join("cairn");
    cairn_e2e::small_demo(&data_dir)?;
    let app = App::launch("dark", &data_dir)?;
    app.wait_for_text("#page h1", |text| text == "Dashboard")?;
    assert_eq!(
        app.execute("return matchMedia('(prefers-color-scheme: dark)').matches")?,
        serde_json::json!(true),
        "the page sees the dark theme"
    );
    app.click("#nav-notes")?;
    app.click("li[data-note] a.note-title")?;
    app.wait_for_text("#save-state", |text| text.starts_with("Saved"))?;
    app.type_text("#note-body", " A line added in the dark.")?;
    app.click("#note-title")?;
    app.wait_for_text("#save-state", |text| text.starts_with("Saved"))?;
    app.click("#note-history-toggle")?;
    app.click("#history-list button.version")?;
    app.wait_for_text("#history-diff", |text| text.contains("added in the dark"))?;
    app.execute("document.getElementById('note-history').scrollIntoView({ block: 'start' }); return true;")?;
    app.screenshot("history");

    app.execute("window.location.hash = '#/settings'; return true;")?;
    app.click("#backup-now")?;
    app.wait_for_text("#backups-list", |text| text.contains("attached files"))?;
    app.execute(
        "document.getElementById('settings-data-dir').scrollIntoView({ block: 'start' }); return true;",
    )?;
    app.screenshot("settings");
    // A sync folder around the data folder is refused: the refusal says why, at the folder field.
    app.type_text("#sync-folder", &tmp.path().display().to_string())?;
    app.type_text("#sync-name", "Laptop")?;
    app.click("#sync-set-up")?;
    app.wait_for_text("#sync-folder-error", |text| text.contains("must be apart"))?;
    app.execute("document.getElementById('sync-title').scrollIntoView({ block: 'start' }); return true;")?;
    app.screenshot("settings-sync");

    // The documents: the name and dates card, the sample pack's choices and the note's export menu.
    app.execute(
        "document.getElementById('documents-title').scrollIntoView({ block: 'start' }); return true;",
    )?;
    app.screenshot("settings-documents");
    app.click("#nav-portfolio")?;
    app.click("#pack-start")?;
    app.find("input[data-pack-piece]")?;
    app.execute("document.getElementById('pack-title').scrollIntoView({ block: 'start' }); return true;")?;
    app.screenshot("sample-pack");
    app.click("#nav-notes")?;
    app.click("li[data-note] a.note-title")?;
    app.click("#note-export")?;
    app.find("#note-export-pdf")?;
    app.screenshot("note-export-menu");

    // The demo's business side: the pipeline's board, its projects and the disclosure record.
    app.click("#nav-network")?;
    app.wait_until("return document.querySelectorAll('.org').length >= 6;")?;
    app.execute(
        "document.getElementById('pipeline-title').scrollIntoView({ block: 'start' }); return true;",
    )?;
    app.screenshot("pipeline-board");
    app.wait_until("return document.querySelectorAll('[data-project]').length === 3;")?;
    app.execute(
        "document.getElementById('projects-title').scrollIntoView({ block: 'start' }); return true;",
    )?;
    app.screenshot("projects");
    app.click("#nav-portfolio")?;
    app.wait_until("return document.querySelectorAll('[data-disclosure]').length === 3;")?;
    app.execute("document.getElementById('disclosure').scrollIntoView({ block: 'start' }); return true;")?;
    app.screenshot("disclosure");
    // In a small window (800 × 600) the board scrolls inside its card and the page never sideways.
    app.set_window_size(800, 600)?;
    app.click("#nav-network")?;
    app.wait_until("return document.querySelectorAll('.org').length >= 6;")?;
    app.execute(
        "document.getElementById('pipeline-title').scrollIntoView({ block: 'start' }); return true;",
    )?;
    let sideways = app.execute(
        "const main = document.querySelector('main'); return main.scrollWidth - main.clientWidth;",
    )?;
    assert_eq!(
        sideways.as_i64(),
        Some(0),
        "the page does not scroll sideways at 800 × 600"
    );
    app.screenshot("pipeline-small-window");

    // axe-core in the dark theme, at this size and at 1280 × 800: no serious or critical violation.
    let mut found = cairn_e2e::audit_every_page(&app, "dark 800x600")?;
    app.set_window_size(1280, 800)?;
    found.extend(cairn_e2e::audit_every_page(&app, "dark 1280x800")?);
    let blocking: Vec<String> = found
        .iter()
        .filter(|(_, v)| v.blocking())
        .map(|(page, v)| format!("{page}: {v}"))
        .collect();
    println!(
        "axe in the dark: {} violations, {} serious or critical",
        found.len(),
        blocking.len()
    );
    assert!(
        blocking.is_empty(),
        "serious or critical violations in the dark:\n{}",
        blocking.join("\n")
    );
    app.close_checked()?;
    Ok(())
}
