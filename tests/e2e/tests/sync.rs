//! End-to-end: two windows on two data folders and one sync folder between them, as two computers sharing a
//! Dropbox folder. Sync is set up in Settings on each; a note written in one window is in the other after
//! "Sync now"; the same text edited in both waits in the conflict list and is taken back from there; and the data
//! folders never enter the sync folder.

use cairn_e2e::{small_demo, App, Result};

/// Sets up sync in `app`'s Settings with `folder` under `name`.
fn set_up(app: &App, folder: &std::path::Path, name: &str) -> Result<()> {
    app.execute("window.location.hash = '#/settings'; return true;")?;
    app.wait_for_text("#sync-title", |text| text == "Sync")?;
    app.type_text("#sync-folder", &folder.display().to_string())?;
    app.type_text("#sync-name", name)?;
    app.click("#sync-set-up")?;
    app.wait_for_text("#sync-device", |text| text == name)?;
    Ok(())
}

#[test]
fn a_note_written_in_one_window_appears_in_the_other_after_sync_now() -> Result<()> {
    let tmp = tempfile::tempdir()?;
    let laptop_dir = tmp.path().join("laptop");
    let desktop_dir = tmp.path().join("desktop");
    let folder = tmp.path().join("Dropbox").join("Cairn sync");
    small_demo(&laptop_dir)?;

    let laptop = App::launch("sync-laptop", &laptop_dir)?;
    laptop.wait_for_text("#page h1", |text| text == "Dashboard")?;
    let desktop = App::launch("sync-desktop", &desktop_dir)?;
    desktop.click("#welcome-skip")?;
    desktop.wait_for_text("#page h1", |text| text == "Dashboard")?;

    // A folder that holds the data folder is refused at its field, and nothing is set up.
    desktop.execute("window.location.hash = '#/settings'; return true;")?;
    desktop.wait_for_text("#sync-title", |text| text == "Sync")?;
    desktop.type_text("#sync-folder", &tmp.path().display().to_string())?;
    desktop.type_text("#sync-name", "Desktop")?;
    desktop.click("#sync-set-up")?;
    let refused = desktop.wait_for_text("#sync-folder-error", |text| !text.is_empty())?;
    assert!(refused.contains("apart"), "{refused}");
    desktop.execute(
        "for (const id of ['sync-folder', 'sync-name']) { const field = document.getElementById(id);
         field.value = ''; field.dispatchEvent(new Event('input', { bubbles: true })); } return true;",
    )?;

    set_up(&laptop, &folder, "Laptop")?;
    laptop.wait_for_text("#sync-no-devices", |text| text.starts_with("None yet"))?;
    set_up(&desktop, &folder, "Desktop")?;
    // The desktop started from the laptop's data: the demo's notes are there.
    desktop.wait_for_text("#sync-devices", |text| text.contains("Laptop"))?;
    desktop.screenshot("settings");

    // A note written on the laptop...
    laptop.execute("window.location.hash = '#/notes/new'; return true;")?;
    laptop.wait_for_text("#save-state", |text| text.starts_with("New note"))?;
    laptop.type_text("#note-title", "Written on the train")?;
    laptop.type_text("#note-body", "Moore's levels 5 to 7 need outcomes data.")?;
    laptop.wait_for_text("#save-state", |text| text.starts_with("Saved"))?;
    let note_page = laptop.execute("return window.location.hash")?;
    let note_page = note_page.as_str().unwrap_or_default().to_owned();
    assert!(note_page.starts_with("#/notes/"), "{note_page}");
    laptop.execute("window.location.hash = '#/settings'; return true;")?;
    laptop.click("#sync-now")?;
    laptop.wait_for_text("#sync-message", |text| text.starts_with("Synced"))?;

    // ...is in the desktop's notes after "Sync now" there.
    desktop.click("#sync-now")?;
    desktop.wait_for_text("#sync-message", |text| text.contains("applied"))?;
    desktop.execute("window.location.hash = '#/notes'; return true;")?;
    desktop.wait_for_text("#notes-search", |_| true)?;
    desktop.execute(
        "const search = document.getElementById('notes-search'); search.value = 'outcomes data';
         search.dispatchEvent(new Event('input', { bubbles: true })); return true;",
    )?;
    let found = desktop.wait_for_text("li[data-note] a.note-title", |text| {
        text.contains("Written on the train")
    })?;
    assert!(found.contains("Written on the train"));
    desktop.screenshot("note-arrived");

    // The same note's text edited on both before they sync: the later edit (the desktop's) is kept, the
    // laptop's waits in the desktop's list, and "Take back" brings it back as an edit like any other.
    laptop.execute(&format!("window.location.hash = '{note_page}'; return true;"))?;
    laptop.wait_for_text("#save-state", |text| text.starts_with("Saved"))?;
    laptop.type_text("#note-body", " Laptop's thought.")?;
    laptop.wait_for_text("#save-state", |text| text.starts_with("Saved"))?;
    desktop.click("li[data-note] a.note-title")?;
    desktop.wait_for_text("#save-state", |text| text.starts_with("Saved"))?;
    desktop.type_text("#note-body", " Desktop's thought.")?;
    desktop.wait_for_text("#save-state", |text| text.starts_with("Saved"))?;
    laptop.execute("window.location.hash = '#/settings'; return true;")?;
    laptop.click("#sync-now")?;
    laptop.wait_for_text("#sync-message", |text| text.starts_with("Synced"))?;
    desktop.execute("window.location.hash = '#/settings'; return true;")?;
    desktop.click("#sync-now")?;
    desktop.wait_for_text("#sync-message", |text| text.contains("set aside below"))?;
    let row = desktop.wait_for_text("#sync-conflicts tbody tr", |text| {
        text.contains("Laptop's thought")
    })?;
    assert!(
        row.contains("Note, text") && row.contains("Desktop's thought") && row.contains("Laptop"),
        "{row}"
    );
    desktop.execute(
        "document.getElementById('conflicts-title').scrollIntoView({ block: 'start' }); return true;",
    )?;
    desktop.screenshot("conflict-list");
    desktop.click("#sync-conflicts tbody tr button")?;
    desktop.wait_for_text("#sync-no-conflicts", |text| text.starts_with("Nothing"))?;
    let body: String = rusqlite::Connection::open(desktop_dir.join("cairn.sqlite3"))?.query_row(
        "SELECT body FROM note WHERE title = 'Written on the train'",
        [],
        |row| row.get(0),
    )?;
    assert!(body.ends_with("Laptop's thought."), "{body}");

    // The sync folder holds only change files and attached files named by their hash: no database.
    let (mut changes, mut attached) = (0, 0);
    for entry in std::fs::read_dir(folder.join("cairn"))? {
        let entry = entry?;
        let is_files = entry.file_name() == "files";
        for file in std::fs::read_dir(entry.path())? {
            let name = file?.file_name().to_string_lossy().into_owned();
            if is_files {
                assert!(
                    name.len() == 64 && name.bytes().all(|b| b.is_ascii_hexdigit()),
                    "{name}"
                );
                attached += 1;
            } else {
                assert!(name.ends_with(".changes"), "{name}");
                changes += 1;
            }
        }
    }
    assert!(
        changes > 0 && attached > 0,
        "{changes} change files, {attached} attached files"
    );
    // The demo's attached files reached the desktop's data folder.
    let arrived = std::fs::read_dir(desktop_dir.join("attachments"))?.count();
    assert_eq!(arrived, attached);

    laptop.close_checked()?;
    desktop.close_checked()?;
    Ok(())
}
