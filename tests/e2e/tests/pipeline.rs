//! End-to-end: the prospect pipeline in the real window. Two organisations are added (an empty name refused at
//! its field), one is moved forward by keyboard and by dragging, back a stage from the list, the other closed
//! (refused without a reason); the board, the list and the dashboard's next steps show it.

use cairn_e2e::{App, Result};

fn in_column(app: &App, stage: &str) -> Result<String> {
    let value = app.execute(&format!(
        "return [...document.querySelectorAll('[data-stage=\"{stage}\"] .org strong')].map(e => e.textContent).join('|');"
    ))?;
    Ok(value.as_str().unwrap_or_default().to_owned())
}

/// Picks `stage` in the list row's "Move to…" picker of the organisation whose name contains `name`.
fn pick_in_row(app: &App, name: &str, stage: &str) -> Result<()> {
    app.execute(&format!(
        "const row = [...document.querySelectorAll('[data-organisation-row]')].find(r => r.textContent.includes('{name}')); \
         const s = row.querySelector('select'); s.value = '{stage}'; s.dispatchEvent(new Event('change', {{ bubbles: true }})); \
         return true;"
    ))?;
    Ok(())
}

#[test]
fn an_organisation_moves_through_the_pipeline_by_keyboard_drag_and_list_and_back() -> Result<()> {
    let tmp = tempfile::tempdir()?;
    let app = App::launch("pipeline", &tmp.path().join("data"))?;
    app.click("#welcome-skip")?;
    app.wait_for_text("#page h1", |text| text == "Dashboard")?;
    app.wait_for_text("#dashboard-next-steps-empty", |text| text.contains("Nothing due"))?;

    app.click("#nav-network")?;
    app.wait_for_text("#pipeline-empty", |text| text.contains("No organisations yet"))?;
    app.click("#organisation-add")?;
    app.wait_for_text("#organisation-name-error", |text| {
        text.contains("cannot be empty")
    })?;
    app.type_text("#organisation-name", "Northbridge Medical Education")?;
    app.click("#organisation-add")?;
    app.wait_until("return document.querySelectorAll('.org').length === 1;")?;
    app.type_text("#organisation-name", "Helix CME")?;
    app.set_value("#organisation-source", "referral", "change")?;
    app.click("#organisation-add")?;
    app.wait_until("return document.querySelectorAll('[data-stage=\"researched\"] .org').length === 2;")?;

    // By keyboard: Alt+→ on the focused card opens the move at the next stage.
    app.execute(
        "const card = [...document.querySelectorAll('.org')].find(c => c.textContent.includes('Northbridge')); \
         card.focus(); card.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', altKey: true, bubbles: true })); \
         return true;",
    )?;
    app.wait_for_text("#move-title", |text| {
        text.contains("Move Northbridge Medical Education from Researched")
    })?;
    assert_eq!(
        app.execute("return document.getElementById('move-stage').value;")?
            .as_str(),
        Some("introduced")
    );
    app.type_text("#move-next-step", "Send the heart failure needs assessment")?;
    let soon = app.execute(
        "const d = new Date(); d.setDate(d.getDate() + 2); \
         return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;",
    )?;
    app.set_value("#move-next-step-on", soon.as_str().unwrap_or_default(), "input")?;
    app.click("#move-confirm")?;
    app.wait_until("return !document.getElementById('move-form');")?;
    assert_eq!(in_column(&app, "introduced")?, "Northbridge Medical Education");

    // By dragging the card onto the Quoted column.
    app.execute(
        "const card = [...document.querySelectorAll('.org')].find(c => c.textContent.includes('Northbridge')); \
         card.dispatchEvent(new DragEvent('dragstart', { bubbles: true })); \
         document.querySelector('[data-stage=\"quoted\"]').dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true })); \
         return true;",
    )?;
    app.wait_for_text("#move-title", |text| text.contains("from Introduced"))?;
    app.click("#move-confirm")?;
    app.wait_until("return !document.getElementById('move-form');")?;
    assert_eq!(in_column(&app, "quoted")?, "Northbridge Medical Education");
    app.screenshot("board");

    // From the list: back to "In conversation", and Helix closed, which needs a reason.
    app.click("#pipeline-list")?;
    app.find("#pipeline-list-view")?;
    pick_in_row(&app, "Northbridge", "in_conversation")?;
    app.wait_for_text("#move-title", |text| {
        text.contains("Northbridge Medical Education from Quoted")
    })?;
    app.click("#move-confirm")?;
    app.wait_until("return !document.getElementById('move-form');")?;
    pick_in_row(&app, "Helix", "closed")?;
    app.wait_for_text("#move-title", |text| text.contains("Move Helix CME"))?;
    app.click("#move-confirm")?;
    app.wait_for_text("#move-closedReason-error", |text| {
        text.contains("Say why it closed")
    })?;
    app.type_text("#move-reason", "No freelance budget this year")?;
    app.click("#move-confirm")?;
    app.wait_until("return !document.getElementById('move-form');")?;
    let stages = app.execute(
        "return [...document.querySelectorAll('[data-organisation-row]')].map(r => r.children[0].textContent.split(/Letter|Referral/)[0].trim() + ':' + r.children[2].textContent).join('|');",
    )?;
    assert_eq!(
        stages.as_str(),
        Some("Northbridge Medical Education:In conversation|Helix CME:Closed"),
        "moved back a stage, and closed"
    );
    app.wait_for_text("#pipeline-source-figures", |text| {
        text.contains("Letter of introduction")
    })?;
    app.screenshot("list");

    // Opened from the list: its moves, its people (none yet), an edit refused at its field and then saved, and a
    // removal undone.
    app.execute(
        "[...document.querySelectorAll('[data-organisation-row] button.link')].find(b => b.textContent.includes('Helix')).click(); return true;",
    )?;
    app.wait_for_text("#organisation-moves", |text| text.contains("Closed"))?;
    let moves = app.execute("return document.querySelectorAll('#organisation-moves li').length;")?;
    assert_eq!(moves.as_u64(), Some(2), "added at Researched, then closed");
    app.find("#organisation-no-contacts")?;
    app.set_value("#organisation-edit-name", " ", "input")?;
    app.click("#organisation-edit-save")?;
    app.wait_for_text("#organisation-edit-name-error", |text| {
        text.contains("cannot be empty")
    })?;
    app.set_value("#organisation-edit-name", "Helix CME Group", "input")?;
    app.set_value(
        "#organisation-edit-notes",
        "Try again in the new financial year.",
        "input",
    )?;
    app.click("#organisation-edit-save")?;
    app.wait_for_text("#organisation-edit-saved", |text| !text.is_empty())?;
    app.wait_until(
        "return [...document.querySelectorAll('[data-organisation-row]')].some(r => r.textContent.includes('Helix CME Group'));",
    )?;
    app.screenshot("organisation");
    app.click("#organisation-remove")?;
    app.wait_until("return document.querySelectorAll('[data-organisation-row]').length === 1;")?;
    app.click("#organisation-undo")?;
    app.wait_until("return document.querySelectorAll('[data-organisation-row]').length === 2;")?;

    app.click("#nav-dashboard")?;
    app.wait_for_text("#dashboard-next-steps", |text| {
        text.contains("Northbridge Medical Education")
            && text.contains("Send the heart failure needs assessment")
    })?;
    app.execute("document.getElementById('dashboard-next-steps').scrollIntoView(); return true;")?;
    app.screenshot("dashboard");
    app.close_checked()
}
