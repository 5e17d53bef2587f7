//! End-to-end: a study session that closes the loop, in the real window. "Study this" on a checklist item
//! starts the timer for it and opens the focus view; the scratch pad survives the app being killed; stopping
//! offers the reflection, whose text survives a kill too; a reflection with "Mark the item done" ticks the
//! item; sessions list their reflection and the note names its session. Then the same views in the dark theme,
//! audited by axe-core.

use cairn_e2e::{audit, App, Result};
use std::time::Duration;

const SCRATCH: &str = "Adults learn best from problems they already have.";
const REFLECTION: &str = "Start every module from a case the learner has met on the ward.";

fn killed(mut app: App) -> Result<()> {
    app.kill_app()?;
    app.close();
    std::thread::sleep(Duration::from_secs(2));
    Ok(())
}

#[test]
fn study_this_focus_reflect_and_tick_with_the_text_surviving_kills() -> Result<()> {
    let tmp = tempfile::tempdir()?;
    let data_dir = tmp.path().join("data");

    let app = App::launch("study-loop", &data_dir)?;
    app.click("#welcome-skip")?;
    app.wait_for_text("#page h1", |text| text == "Dashboard")?;
    app.execute("window.location.hash = '#/milestones/adult-learning'; return true;")?;
    app.find("[data-item]")?;
    let item_id = app
        .execute("return document.querySelector('[data-item]').dataset.item")?
        .as_str()
        .ok_or("an item id")?
        .to_owned();
    let item_title = app.text(&format!("label[for='item-{item_id}']"))?;
    app.click(&format!("#study-item-{item_id}"))?;

    // The focus view: the item, its clock, and the scratch pad, saved as the person types.
    app.wait_for_text("#focus-title", |text| text == item_title)?;
    app.wait_for_text("#focus-state", |text| text == "Running")?;
    // The item brings its milestone and the competency the pathway says it builds.
    app.wait_for_text("#focus-kicker", |text| {
        text.contains("Adult learning principles")
            && text.contains("builds Instructional design and adult learning")
    })?;
    app.screenshot("focus");
    app.type_text("#focus-pad", SCRATCH)?;
    app.wait_for_text("#focus-pad-state", |text| text.starts_with("Saved"))?;
    app.set_window_size(800, 600)?;
    app.screenshot("focus-800x600");
    killed(app)?;

    // After the crash: the timer runs on, named by its item, and the pad holds what was typed.
    let app = App::launch("study-loop-relaunched", &data_dir)?;
    app.wait_for_text("#timer-badge-what", |text| text.contains(&item_title))?;
    app.click("#nav-study")?;
    app.wait_for_text("#timer-item", |text| text == item_title)?;
    app.click("#timer-focus")?;
    app.wait_until(&format!(
        "return document.getElementById('focus-pad')?.value === {}",
        serde_json::to_string(SCRATCH)?
    ))?;
    app.click("#focus-stop")?;

    // The reflection step, the session already saved; its text survives a kill as well.
    app.wait_for_text("#reflection-title", |text| text.starts_with("Saved"))?;
    app.find("#reflection-mark-done")?;
    app.screenshot("reflection");
    app.type_text("#reflection-text", REFLECTION)?;
    app.wait_for_text("#reflection-state", |text| text.starts_with("Saved"))?;
    app.wait_for_text("#reflection-words", |text| text == "13 words")?;
    killed(app)?;

    let app = App::launch("study-loop-reflected", &data_dir)?;
    app.wait_for_text("#page h1", |text| text == "Dashboard")?;
    assert!(
        app.find("#timer-badge").is_err(),
        "the stop was saved before the reflection opened: no timer after the kill"
    );
    app.click("#nav-study")?;
    app.wait_for_text("#sessions-count", |text| text.starts_with("1 session"))?;
    app.click(".sessions a.reflected")?;
    app.wait_until(&format!(
        "return document.getElementById('note-body')?.value === {}",
        serde_json::to_string(REFLECTION)?
    ))?;
    app.wait_for_text("#note-session", |text| {
        text.starts_with("Reflection on the study session of")
    })?;

    // From the dashboard's next item: focus, stop, answer a milestone prompt and tick the item in one step.
    app.click("#nav-dashboard")?;
    let next_title = app.text("[data-milestone='understand-cme'] .next")?;
    app.click("#study-next-understand-cme")?;
    app.wait_for_text("#focus-state", |text| text == "Running")?;
    // A session needs a second on the clock (a timer stopped at once is refused, and says so in the view).
    app.wait_for_text("#focus-clock", |text| text != "0:00:00")?;
    app.click("#focus-stop")?;
    app.wait_for_text("#reflection-title", |text| text.starts_with("Saved"))?;
    let prompt = app
        .execute("return document.querySelector('#reflection-prompt option:nth-child(2)').value")?
        .as_str()
        .ok_or("a milestone prompt")?
        .to_owned();
    app.set_value("#reflection-prompt", &prompt, "change")?;
    app.type_text("#reflection-text", "Credit rules are the client's, not mine.")?;
    app.click("#reflection-mark-done")?;
    app.click("#reflection-done")?;
    app.wait_until("return document.getElementById('reflection-step') === null")?;
    app.wait_for_text("[data-milestone='understand-cme'] .count", |text| {
        text.starts_with("1 of")
    })?;
    app.close_checked()?;

    let store = cairn_store::Store::open(&data_dir)?;
    let sessions = store.sessions(0, 10)?.sessions;
    assert_eq!(sessions.len(), 2, "one session per stop");
    let first = sessions
        .iter()
        .find(|s| s.item_id.map(|id| id.to_string()) == Some(item_id.clone()))
        .ok_or("the first session names its item")?;
    let scratch = store.note(first.scratch_note_id.ok_or("the scratch pad's note")?)?;
    assert_eq!(scratch.body, SCRATCH);
    let reflection = store.note(first.reflection_note_id.ok_or("the reflection")?)?;
    assert_eq!(reflection.body, REFLECTION);
    let ticked = sessions
        .iter()
        .find(|s| s.item_id.map(|id| id.to_string()) != Some(item_id.clone()))
        .ok_or("the second session")?;
    let answered = store.note(ticked.reflection_note_id.ok_or("its reflection")?)?;
    assert!(answered.prompt.is_some(), "it answers the milestone's prompt");
    let item = store.item(ticked.item_id.ok_or("its item")?)?;
    assert!(next_title.contains(&item.title), "{next_title} / {}", item.title);
    assert!(item.done_at.is_some(), "Mark the item done ticked it");
    assert!(
        store.item(first.item_id.ok_or("item")?)?.done_at.is_none(),
        "the first item was not ticked: its box was left clear"
    );
    Ok(())
}

#[test]
fn the_focus_view_and_the_reflection_read_well_in_the_dark_theme() -> Result<()> {
    // The theme is chosen by the environment the window inherits; this test's launch sets it for its app only.
    let tmp = tempfile::tempdir()?;
    let data_dir = tmp.path().join("data");
    cairn_e2e::small_demo(&data_dir)?;
    std::env::set_var("GTK_THEME", "Adwaita:dark");
    let app = App::launch("study-loop-dark", &data_dir);
    std::env::remove_var("GTK_THEME");
    let app = app?;
    app.wait_for_text("#page h1", |text| text == "Dashboard")?;
    assert_eq!(
        app.execute("return matchMedia('(prefers-color-scheme: dark)').matches")?,
        serde_json::json!(true)
    );
    let button = app
        .execute("return document.querySelector('button[id^=study-next-]:not([disabled])')?.id ?? null")?
        .as_str()
        .ok_or("an open item on the dashboard")?
        .to_owned();
    app.click(&format!("#{button}"))?;
    app.wait_for_text("#focus-state", |text| text == "Running")?;
    app.type_text("#focus-pad", "Read the section on needs assessment twice.")?;
    app.wait_for_text("#focus-pad-state", |text| text.starts_with("Saved"))?;
    app.screenshot("focus");
    let mut blocking: Vec<String> = Vec::new();
    let mut check = |view: &str, found: Vec<cairn_e2e::Violation>| {
        for violation in found {
            println!("dark {view}: {violation}");
            if violation.blocking() {
                blocking.push(format!("{view}: {violation}"));
            }
        }
    };
    check("focus view", audit(&app)?);
    app.wait_for_text("#focus-clock", |text| text != "0:00:00")?;
    app.click("#focus-stop")?;
    app.wait_for_text("#reflection-title", |text| text.starts_with("Saved"))?;
    app.type_text("#reflection-text", "Gaps come first, then objectives.")?;
    app.wait_for_text("#reflection-state", |text| text.starts_with("Saved"))?;
    app.screenshot("reflection");
    check("reflection step", audit(&app)?);
    assert!(
        blocking.is_empty(),
        "serious or critical violations: {blocking:#?}"
    );
    app.click("#reflection-skip")?;
    app.wait_until("return document.getElementById('reflection-step') === null")?;
    app.close_checked()?;
    Ok(())
}
