//! The recovery tools in the real window: a note's history (view the changes, restore, undo), a data folder
//! inside a synced folder refused and moved out with its files, an attachment whose name claims
//! another type shown in its folder rather than run, and what a failed restore looks like.

use cairn_e2e::{App, Result};
use rusqlite::Connection;

fn body(app: &App) -> Result<String> {
    Ok(app
        .execute("return document.getElementById('note-body').value")?
        .as_str()
        .unwrap_or_default()
        .to_owned())
}

#[test]
fn a_note_edit_is_in_its_history_and_restoring_the_earlier_text_can_be_undone() -> Result<()> {
    let tmp = tempfile::tempdir()?;
    let data_dir = tmp.path().join("data");
    cairn_e2e::small_demo(&data_dir)?;

    let app = App::launch("history", &data_dir)?;
    app.click("#nav-notes")?;
    app.click("li[data-note] a.note-title")?;
    app.wait_for_text("#save-state", |text| text.starts_with("Saved"))?;
    let original = body(&app)?;
    app.type_text("#note-body", " An edit made by mistake")?;
    app.click("#note-title")?; // leaving the text saves it at once
    app.wait_for_text("#save-state", |text| text.starts_with("Saved"))?;
    assert!(body(&app)?.ends_with("An edit made by mistake"));

    app.click("#note-history-toggle")?;
    app.wait_for_text("#history-list", |text| text.contains("characters"))?;
    app.click("#history-list button.version")?;
    let diff = app.wait_for_text("#history-diff", |text| text.contains("An edit made by mistake"))?;
    assert!(diff.contains("+ "), "the edit shows as added since: {diff}");
    app.screenshot("history-diff");

    app.click("#history-restore")?;
    app.wait_for_text("#save-state", |text| text.starts_with("Saved"))?;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while body(&app)? != original && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert_eq!(body(&app)?, original, "the earlier text is back in the editor");
    app.wait_for_text(".undo", |text| text.contains("earlier version is back"))?;
    app.screenshot("history-restored");

    app.click("#history-undo")?;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while !body(&app)?.ends_with("An edit made by mistake") && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert!(
        body(&app)?.ends_with("An edit made by mistake"),
        "undo brings the edit back"
    );
    app.close_checked()?;

    // What the window showed is what the database holds.
    let stored: String = Connection::open(data_dir.join("cairn.sqlite3"))?.query_row(
        "SELECT body FROM note WHERE body LIKE '%An edit made by mistake'",
        [],
        |row| row.get(0),
    )?;
    assert!(stored.starts_with(original.trim_end()));
    Ok(())
}

#[test]
fn a_data_folder_inside_a_synced_folder_is_refused_and_moved_out_whole_with_its_files() -> Result<()> {
    let tmp = tempfile::tempdir()?;
    let synced = tmp.path().join("Work files");
    let data_dir = synced.join("data");
    cairn_e2e::small_demo(&data_dir)?;
    // The person later makes the folder around it a Syncthing folder.
    std::fs::create_dir_all(synced.join(".stfolder"))?;
    let before = cairn_testkit::folder_contents(&data_dir)?;

    let app = App::launch("synced", &data_dir)?;
    let message = app.wait_for_text("#store-problem-message", |text| text.contains("Syncthing"))?;
    assert!(message.contains(&synced.display().to_string()), "{message}");
    // Where Cairn keeps its data by default is not offered: this test's home is inside the synced folder too.
    let offered = app.execute("return document.getElementById('move-to').value")?;
    assert_eq!(offered, serde_json::json!(""));
    app.type_text("#move-to", &synced.join("moved").display().to_string())?;
    app.click("#store-problem-move")?;
    app.wait_for_text("#move-error", |text| text.contains("inside Syncthing"))?;
    app.screenshot("synced-refused");
    let moved_dir = tmp.path().join("Cairn data");
    app.execute(
        "const f = document.getElementById('move-to'); f.value = ''; \
         f.dispatchEvent(new Event('input', { bubbles: true })); return true;",
    )?;
    app.type_text("#move-to", &moved_dir.display().to_string())?;
    app.click("#store-problem-move")?;
    let moved = app.wait_for_text("#store-problem-moved", |text| {
        text.contains("Your data is now in")
    })?;
    assert!(
        moved.contains(&format!("--data-dir \"{}\"", moved_dir.display())),
        "{moved}"
    );
    app.screenshot("synced-moved");
    app.click("#store-problem-continue")?;
    app.wait_for_text("#page h1", |text| text == "Dashboard")?;

    // The moved data is whole, attached files included, and backs up with them.
    app.execute("window.location.hash = '#/settings'; return true;")?;
    let shown = app.wait_for_text("#settings-data-dir", |text| !text.is_empty())?;
    assert_eq!(shown, moved_dir.display().to_string());
    app.click("#backup-now")?;
    app.wait_for_text("#backup-message", |text| text.starts_with("Backed up to"))?;
    let list = app.wait_for_text("#backups-list", |text| text.contains("attached files"))?;
    assert!(list.contains("with 5 attached files"), "{list}");
    app.close_checked()?;
    assert!(
        cairn_testkit::folder_contents(&data_dir)? == before,
        "nothing in the synced folder changed"
    );
    Ok(())
}

#[test]
fn an_attachment_whose_name_claims_another_type_is_shown_in_its_folder_not_run() -> Result<()> {
    let tmp = tempfile::tempdir()?;
    let data_dir = tmp.path().join("data");
    cairn_e2e::small_demo(&data_dir)?;
    // A database from elsewhere: "Outcomes report.pdf" whose stored copy is a .jar.
    let (attachment, piece) = {
        let conn = Connection::open(data_dir.join("cairn.sqlite3"))?;
        let (id, piece, sha, stored): (i64, i64, String, String) = conn.query_row(
            "SELECT a.id, a.piece_id, f.sha256, f.stored_name FROM piece_attachment a
             JOIN attachment_file f ON f.sha256 = a.sha256 WHERE a.deleted_at IS NULL ORDER BY a.id LIMIT 1",
            [],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)),
        )?;
        let attachments = data_dir.join("attachments");
        std::fs::copy(attachments.join(&stored), attachments.join(format!("{sha}.jar")))?;
        conn.execute(
            "UPDATE attachment_file SET stored_name = ?1 WHERE sha256 = ?2",
            [format!("{sha}.jar"), sha.clone()],
        )?;
        conn.execute(
            "UPDATE piece_attachment SET name = 'Outcomes report.pdf' WHERE id = ?1",
            [id],
        )?;
        (id, piece)
    };

    let app = App::launch("attachment-type", &data_dir)?;
    app.execute(&format!(
        "window.location.hash = '#/portfolio/{piece}'; return true;"
    ))?;
    app.click(&format!("li[data-attachment='{attachment}'] button.open"))?;
    let line = app.wait_for_text("#attachment-shown-in-folder, .action-error", |text| {
        !text.is_empty()
    })?;
    assert!(
        line.starts_with("Not opened: a .jar file is not a document or image") && line.contains(".jar"),
        "{line}"
    );
    app.execute("document.getElementById('attachment-shown-in-folder').scrollIntoView({block: 'center'}); return true;")?;
    app.screenshot("shown-in-folder");
    app.close();
    Ok(())
}

#[test]
fn a_backup_that_vanished_before_the_restore_is_reported_and_nothing_changes() -> Result<()> {
    let tmp = tempfile::tempdir()?;
    let data_dir = tmp.path().join("data");
    cairn_e2e::small_demo(&data_dir)?;

    let app = App::launch("restore-vanished", &data_dir)?;
    app.execute("window.location.hash = '#/settings'; return true;")?;
    app.click("#backup-now")?;
    app.wait_for_text("#backup-message", |text| text.starts_with("Backed up to"))?;
    // The backup disappears (another program, a full clean-up) after the list showed it.
    let backups = data_dir.join("backups");
    for entry in std::fs::read_dir(&backups)?.flatten() {
        if entry.path().is_file() {
            std::fs::remove_file(entry.path())?;
        }
    }
    let before = std::fs::read(data_dir.join("cairn.sqlite3"))?.len();
    app.click("#backups-list button.link")?;
    app.click("#restore-confirm")?;
    let failure = app.wait_for_text(".card .action-error", |text| !text.is_empty())?;
    assert!(failure.contains("Cannot read the backup"), "{failure}");
    app.screenshot("restore-failed");
    assert_eq!(std::fs::read(data_dir.join("cairn.sqlite3"))?.len(), before);
    // The failed command is reported to the person; nothing went uncaught.
    app.close_checked()?;
    Ok(())
}
