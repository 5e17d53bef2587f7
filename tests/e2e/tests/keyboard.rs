//! End-to-end: the app by keyboard alone, with real key presses. Ctrl+K opens the finder, which finds a page, a
//! contact (by their organisation) and a note (by its title) and opens each with ↑/↓ and Enter; `?` shows the
//! shortcut sheet; Alt+5 goes to Study, Alt+T starts the timer, Alt+F opens its focus view and Escape leaves it,
//! Alt+T stops it and Escape skips the reflection it offers, Alt+N starts a note.

use cairn_e2e::{App, Result};

const CTRL: &str = "\u{E009}";
const ALT: &str = "\u{E00A}";
const ENTER: &str = "\u{E007}";
const DOWN: &str = "\u{E015}";
const ESCAPE: &str = "\u{E00C}";

/// Presses keys with the page's main area focused (as after moving between pages).
fn press(app: &App, keys: &str) -> Result<()> {
    app.execute("document.getElementById('page').focus(); return true;")?;
    app.type_text("#page", keys)
}

fn hash(app: &App) -> Result<String> {
    Ok(app
        .execute("return window.location.hash;")?
        .as_str()
        .unwrap_or_default()
        .to_owned())
}

#[test]
fn pages_records_and_the_timer_are_reached_by_keyboard_alone() -> Result<()> {
    let tmp = tempfile::tempdir()?;
    let data_dir = tmp.path().join("data");
    cairn_e2e::small_demo(&data_dir)?;
    let app = App::launch("keyboard", &data_dir)?;
    app.wait_for_text("#page h1", |text| text == "Dashboard")?;

    // A page, by part of its name.
    press(&app, &format!("{CTRL}k"))?;
    app.wait_until("return document.activeElement?.id === 'finder-input';")?;
    app.type_text("#finder-input", "portf")?;
    app.wait_for_text("#finder-hits", |text| text.contains("Portfolio"))?;
    app.type_text("#finder-input", ENTER)?;
    app.wait_for_text("#page h1", |text| text == "Portfolio")?;
    assert!(
        app.execute("return !document.querySelector('dialog.finder');")?
            .as_bool()
            == Some(true)
    );

    // A contact, found by the organisation they work for, chosen with ↓.
    press(&app, &format!("{CTRL}k"))?;
    app.type_text("#finder-input", "meridian")?;
    app.wait_for_text("#finder-hits", |text| text.contains("Meridian Medical Education"))?;
    app.screenshot("finder");
    let kinds = app.execute(
        "return [...document.querySelectorAll('#finder-hits li')].map(li => li.textContent.replace(/\\s+/g, ' ').trim());",
    )?;
    let kinds: Vec<String> = serde_json::from_value(kinds)?;
    assert!(
        kinds
            .iter()
            .any(|k| k.contains("Contact · Meridian Medical Education")),
        "{kinds:?}"
    );
    assert!(kinds.iter().any(|k| k.contains("Organisation")), "{kinds:?}");
    let second_target =
        app.execute("return document.querySelectorAll('#finder-hits li')[1].dataset.target;")?;
    app.type_text("#finder-input", &format!("{DOWN}{ENTER}"))?;
    app.wait_until(&format!("return window.location.hash === {second_target};"))?;

    // A note, by the words of its title.
    press(&app, &format!("{CTRL}k"))?;
    app.type_text("#finder-input", "objectives pract")?;
    app.wait_for_text("#finder-hits", |text| text.contains("Objectives practice"))?;
    let first = app.execute("return document.querySelector('#finder-hits li').textContent;")?;
    assert!(first.as_str().unwrap_or_default().contains("Note"), "{first}");
    app.type_text("#finder-input", ENTER)?;
    app.wait_until("return /^#\\/notes\\/\\d+$/.test(window.location.hash);")?;
    app.wait_for_text("#note-title", |_| true)?;

    // Escape closes the finder and leaves the page as it was.
    let before = hash(&app)?;
    app.execute("document.getElementById('page').focus(); return true;")?;
    press(&app, &format!("{CTRL}k"))?;
    app.find("#finder-input")?;
    app.type_text("#finder-input", ESCAPE)?;
    app.wait_until("return !document.querySelector('dialog.finder');")?;
    assert_eq!(hash(&app)?, before);

    // The shortcut sheet lists what the keys do.
    press(&app, "?")?;
    app.wait_for_text("#shortcut-sheet", |text| {
        text.contains("Ctrl+K") && text.contains("Alt+5")
    })?;
    app.screenshot("shortcut-sheet");
    app.click("#shortcuts-close")?;
    app.wait_until("return !document.getElementById('shortcut-sheet');")?;

    // Pages by number, the timer started and stopped, a new note.
    press(&app, &format!("{ALT}5"))?;
    app.wait_for_text("#page h1", |text| text == "Study")?;
    press(&app, &format!("{ALT}t"))?;
    // The announcement is for screen readers (visually hidden), so it is read as text, not as drawn.
    app.wait_until(
        "return document.getElementById('shortcut-status').textContent.includes('Timer started');",
    )?;
    app.find("#timer-clock")?;
    // Alt+F opens the running timer's focus view; Escape leaves it and the timer runs on.
    press(&app, &format!("{ALT}f"))?;
    app.find("#focus-pad")?;
    app.type_text("#focus-pad", ESCAPE)?;
    app.wait_until("return !document.getElementById('focus-view');")?;
    app.find("#timer-clock")?;
    std::thread::sleep(std::time::Duration::from_secs(1));
    press(&app, &format!("{ALT}t"))?;
    app.wait_until(
        "return document.getElementById('shortcut-status').textContent.includes('stopped and saved');",
    )?;
    // The stop offers the reflection; Escape skips it.
    app.find("#reflection-text")?;
    app.type_text("#reflection-text", ESCAPE)?;
    app.wait_until("return !document.getElementById('reflection-step');")?;
    app.find("#timer-start")?;
    press(&app, &format!("{ALT}n"))?;
    app.wait_until("return window.location.hash.startsWith('#/notes/new');")?;
    app.close_checked()
}
