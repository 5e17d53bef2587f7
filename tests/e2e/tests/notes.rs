//! End-to-end: notes in the real window. Writing and closing at once loses nothing; search, trash and undo
//! work on real data.

use cairn_e2e::{App, Result};
use serde_json::Value;

/// Typed into the editor: Markdown, accents, symbols, right-to-left text, HTML that must stay inert.
const TYPED: &str = "Moore's levels — café, naïve ✓ ±½\nשלום مرحبا\n**Bold** <script>window.__pwned = 1</script> <img src=x onerror=\"window.__pwned = 2\">\nLast line";

/// Closes the window the way its close button does (a close request the app can intercept), not by killing it.
fn request_close(app: &App) -> Result<()> {
    // The window goes away while WebDriver is still answering, so the call may report an error; the app
    // process ending is what shows the close happened.
    let _ = app
        .execute("window.__TAURI_INTERNALS__.invoke('plugin:window|close', { label: 'main' }); return true;");
    app.wait_for_exit()
}

#[test]
fn text_typed_just_before_closing_the_window_is_all_there_after_a_restart() -> Result<()> {
    let tmp = tempfile::tempdir()?;
    let data_dir = tmp.path().join("data");

    let app = App::launch("notes-close", &data_dir)?;
    app.click("#welcome-skip")?;
    app.wait_for_text("#page h1", |text| text == "Dashboard")?;
    app.execute("window.location.hash = '#/milestones/adult-learning'; return true;")?;
    app.wait_for_text("#prompts-title", |text| text == "Reflection prompts")?;
    let prompt = app.text(".prompts li")?;
    app.click(".prompts li a.write")?;
    app.wait_for_text(".prompt", |text| {
        text.to_lowercase().contains("reflection prompt")
    })?;
    app.wait_for_text("#save-state", |text| text.starts_with("New note"))?;

    // The note is about a checklist item of its milestone, and tagged (a new tag, created on Enter).
    app.execute(
        "const about = document.getElementById('note-about'); about.value = 'item';
         about.dispatchEvent(new Event('change', { bubbles: true })); return true;",
    )?;
    app.wait_for_text("#note-item option", |text| !text.is_empty())?;
    let item = app.text("#note-item option")?;
    app.type_text("#note-tag-input", "reading log\u{E007}")?;
    app.wait_for_text(".chip", |text| text.contains("reading log"))?;
    // WebDriver types a line break as the Enter key (U+E007), not as "\n".
    app.type_text("#note-body", &TYPED.replace('\n', "\u{E007}"))?;
    app.screenshot("typed");
    // No pause for the autosave: the close request must flush the text itself.
    request_close(&app)?;
    app.close();

    let app = App::launch("notes-close-restarted", &data_dir)?;
    app.wait_for_text("#page h1", |text| text == "Dashboard")?;
    app.execute("window.location.hash = '#/notes'; return true;")?;
    let first = app.find("li[data-note] a.note-title")?;
    let _ = first;
    let title = app.text("li[data-note] a.note-title")?;
    assert!(
        prompt.starts_with(&title.trim_end_matches('…')[..title.len().min(20)]),
        "a note from a prompt is titled with it: {title:?} / {prompt:?}"
    );
    app.click("li[data-note] a.note-title")?;
    app.wait_for_text("#save-state", |text| text.starts_with("Saved"))?;
    let body = app.execute("return document.getElementById('note-body').value")?;
    assert_eq!(body, Value::from(TYPED), "every character survived the close");
    app.wait_for_text("#note-preview", |text| text.contains("Last line"))?;
    let preview = app.execute("return document.getElementById('note-preview').innerHTML")?;
    let preview = preview.as_str().unwrap_or_default();
    assert!(preview.contains("<strong>Bold</strong>"), "{preview}");
    assert!(
        !preview.contains("<script") && !preview.contains("onerror"),
        "{preview}"
    );
    assert_eq!(
        app.execute("return window.__pwned ?? null")?,
        Value::Null,
        "nothing in the note ran"
    );
    assert!(
        app.text(".prompt")?.contains(&prompt[..20.min(prompt.len())]),
        "the prompt is kept with the note"
    );
    assert!(app.text(".chip")?.contains("reading log"), "the tag was kept");
    assert_eq!(
        app.execute("return document.getElementById('note-about').value")?,
        Value::from("item")
    );
    let chosen = app.execute(
        "const select = document.getElementById('note-item'); return select.options[select.selectedIndex].text",
    )?;
    assert_eq!(
        chosen,
        Value::from(item.as_str()),
        "the note is still about the item"
    );
    app.screenshot("reopened");
    app.close_checked()?;
    Ok(())
}

#[test]
fn searching_trashing_undoing_and_emptying_the_trash_on_demo_data() -> Result<()> {
    let tmp = tempfile::tempdir()?;
    let data_dir = tmp.path().join("data");
    cairn_e2e::small_demo(&data_dir)?;

    let app = App::launch("notes-search", &data_dir)?;
    app.click("#nav-notes")?;
    app.wait_for_text("#notes-count", |text| {
        text.contains("notes, most recently changed first")
    })?;
    app.screenshot("list");

    app.type_text("#notes-search", "objectives")?;
    let count = app.wait_for_text("#notes-count", |text| text.contains("match “objectives”"))?;
    let marked = app.text("li[data-note] mark")?;
    assert!(
        marked.to_lowercase().starts_with("objective"),
        "the match is highlighted: {marked:?} ({count})"
    );
    app.screenshot("search");

    // Open the best match, move it to the trash, and undo from the list.
    let title = app.text("li[data-note] a.note-title")?;
    app.click("li[data-note] a.note-title")?;
    app.wait_for_text("#save-state", |text| text.starts_with("Saved"))?;
    app.click("#note-trash")?;
    app.wait_for_text(".undo", |text| text.contains(&title))?;
    app.click("#note-undo")?;
    app.wait_for_text("#notes-count", |text| {
        text.contains("most recently changed first")
    })?;
    let titles = app.execute(
        "return [...document.querySelectorAll('li[data-note] a.note-title')].map(a => a.textContent)",
    )?;
    assert!(
        titles
            .as_array()
            .is_some_and(|all| all.iter().any(|t| t.as_str() == Some(title.as_str()))),
        "the note is back: {titles}"
    );

    // The demo has two notes in the trash; emptying asks first, and "Keep them" keeps them.
    app.click("#trash-tab")?;
    app.wait_for_text("#notes-count", |text| text.starts_with("2 notes in the trash"))?;
    app.click("#trash-empty")?;
    app.screenshot("confirm-empty");
    app.click("#trash-empty-cancel")?;
    app.wait_for_text("#notes-count", |text| text.starts_with("2 notes in the trash"))?;
    app.click("#trash-empty")?;
    app.click("#trash-empty-confirm")?;
    app.wait_for_text("#notes-count", |text| {
        text.contains("The trash is empty") && text.contains("Deleted 2 notes")
    })?;

    // A milestone page lists the notes about it and its items, and offers its prompts to write from.
    app.click("#nav-milestones")?;
    app.click("a[href='#/milestones/understand-cme']")?;
    app.wait_for_text("#notes-title", |text| text == "Your notes")?;
    let listed = app.execute("return document.querySelectorAll('.milestone-notes li').length")?;
    assert!(
        listed.as_u64().is_some_and(|n| n > 0),
        "notes about the milestone are listed: {listed}"
    );
    app.execute("document.getElementById('prompts-title').scrollIntoView(); return true;")?;
    app.screenshot("milestone");
    app.close_checked()?;
    Ok(())
}

#[test]
fn a_note_that_cannot_be_saved_keeps_the_window_open_until_the_person_lets_it_go() -> Result<()> {
    let tmp = tempfile::tempdir()?;
    let data_dir = tmp.path().join("data");

    let app = App::launch("notes-close-blocked", &data_dir)?;
    app.click("#welcome-skip")?;
    app.wait_for_text("#page h1", |text| text == "Dashboard")?;
    app.execute("window.location.hash = '#/notes/new'; return true;")?;
    app.wait_for_text("#save-state", |text| text.starts_with("New note"))?;
    // A title over the 200-character limit: the store refuses it, so the note cannot be saved.
    app.set_value("#note-title", &"t".repeat(201), "input")?;
    app.wait_for_text("#save-state", |text| {
        text.starts_with("Not saved") && text.contains("200 characters")
    })?;

    // The close request is refused while the text is unsaved, and the editor says why.
    app.execute("window.__TAURI_INTERNALS__.invoke('plugin:window|close', { label: 'main' }); return true;")?;
    app.wait_for_text(".blocked p", |text| text.contains("stayed open"))?;
    app.screenshot("close-blocked");

    // Choosing to leave it closes the window, and nothing half-written is left behind.
    let _ = app.click("#close-without-saving");
    app.wait_for_exit()?;
    app.close();
    let app = App::launch("notes-close-blocked-restarted", &data_dir)?;
    app.wait_for_text("#page h1", |text| text == "Dashboard")?;
    app.execute("window.location.hash = '#/notes'; return true;")?;
    app.wait_for_text(".empty h2", |text| text == "No notes yet")?;
    app.close_checked()
}
