//! End-to-end: study time in the real window. A running timer survives the app being killed; time logged by
//! hand shows in the week, the sessions and the dashboard; bad input is refused at its field. The cards below the
//! first screen are drawn when they scroll into view. On a narrow window the heatmap scrolls on its own, by
//! keyboard too, and agrees with the totals card.

use cairn_e2e::{App, Result};
use std::time::{Duration, Instant};

#[test]
fn a_timer_survives_the_app_being_killed_and_stopping_it_saves_one_session_of_the_elapsed_time() -> Result<()>
{
    let tmp = tempfile::tempdir()?;
    let data_dir = tmp.path().join("data");

    let mut app = App::launch("study-kill", &data_dir)?;
    app.click("#welcome-skip")?;
    app.wait_for_text("#page h1", |text| text == "Dashboard")?;
    app.click("#nav-study")?;
    app.wait_for_text("#timer-title", |text| text == "Timer")?;
    app.execute(
        "const s = document.getElementById('timer-activity-choice'); s.value = 'course'; \
         s.dispatchEvent(new Event('change')); return true;",
    )?;
    app.type_text("#timer-note", "Moore's levels of outcomes")?;
    let before_start = Instant::now();
    app.click("#timer-start")?;
    app.wait_for_text("#timer-state", |text| text.starts_with("Running"))?;
    let started = Instant::now();
    app.wait_for_text("#timer-badge", |text| text.contains("Course"))?;
    std::thread::sleep(Duration::from_secs(2));
    app.screenshot("running");

    // A crash: no close request, nothing flushed by the window.
    app.kill_app()?;
    app.close();
    std::thread::sleep(Duration::from_secs(3));

    let app = App::launch("study-kill-relaunched", &data_dir)?;
    // Shown at start on every page: the sidebar badge on the dashboard, without visiting Study.
    app.wait_for_text("#page h1", |text| text == "Dashboard")?;
    let badge = app.wait_for_text("#timer-badge", |text| text.contains("Course"))?;
    app.wait_for_text("#dashboard-timer", |text| text.starts_with("Timer running"))?;
    app.screenshot("dashboard-after-restart");
    app.click("#timer-badge")?;
    app.wait_for_text(".running .what", |text| text.contains("Moore"))?;
    let clock = app.text("#timer-clock")?;
    app.click("#timer-stop")?;
    let stopped = Instant::now();
    let saved = app.wait_for_text("#timer-saved", |text| text.starts_with("Saved"))?;
    let after_stop = Instant::now();
    app.wait_for_text("#sessions-count", |text| text.starts_with("1 session"))?;
    app.screenshot("stopped");
    app.close_checked()?;

    let store = cairn_store::Store::open(&data_dir)?;
    let sessions = store.sessions(0, 10)?;
    assert_eq!(
        sessions.total, 1,
        "exactly one session ({badge:?}, {clock:?}, {saved:?})"
    );
    let session = &sessions.sessions[0];
    assert_eq!(session.note, "Moore's levels of outcomes");
    // The timer ran from the start click to the stop click, through the kill and the restart. Rust stores
    // whole seconds, so allow a second either side of what the test measured around the clicks.
    let shortest = stopped.duration_since(started).as_secs().saturating_sub(1);
    let longest = after_stop.duration_since(before_start).as_secs() + 1;
    let seconds = u64::from(session.seconds);
    assert!(
        (shortest..=longest).contains(&seconds),
        "the session lasted {seconds} s; the test measured {shortest}–{longest} s"
    );
    assert!(seconds >= 5, "it includes the time the app was dead: {seconds} s");
    let timers: i64 = store
        .connection()
        .query_row("SELECT count(*) FROM study_timer", [], |row| row.get(0))?;
    assert_eq!(timers, 0, "no timer is left");
    Ok(())
}

#[test]
fn logging_time_by_hand_refuses_bad_input_and_shows_in_the_week_the_sessions_and_the_dashboard() -> Result<()>
{
    let tmp = tempfile::tempdir()?;
    let data_dir = tmp.path().join("data");
    cairn_e2e::small_demo(&data_dir)?;

    let app = App::launch("study-log", &data_dir)?;
    app.click("#nav-study")?;
    let before = app.wait_for_text("#study-week-figures", |text| text.contains("this week"))?;
    let total_before = app.wait_for_text("#sessions-count", |text| text.contains("sessions"))?;
    app.wait_for_text("#heatmap-summary", |text| text.contains("days"))?;
    app.screenshot("page");

    // Zero minutes: refused at the field, nothing logged.
    app.execute("const m = document.getElementById('session-new-minutes'); m.value = ''; m.dispatchEvent(new Event('input')); return true;")?;
    app.type_text("#session-new-minutes", "0")?;
    app.click("#session-new-save")?;
    let error = app.wait_for_text("#session-new-durationMinutes-error", |text| !text.is_empty())?;
    assert!(error.contains("at least a minute"), "{error}");
    assert_eq!(app.text("#sessions-count")?, total_before, "nothing was logged");
    app.screenshot("refused");

    // 45 minutes today.
    app.execute("const m = document.getElementById('session-new-minutes'); m.value = ''; m.dispatchEvent(new Event('input')); return true;")?;
    app.type_text("#session-new-minutes", "45")?;
    app.type_text("#session-new-note", "Needs assessment practice")?;
    app.click("#session-new-save")?;
    app.wait_for_text("#session-logged", |text| text.contains("45 min"))?;
    let after = app.wait_for_text("#study-week-figures", |text| text != before)?;
    assert_ne!(before, after, "the week's figure moved");
    app.wait_for_text("li[data-session] .note", |text| {
        text == "Needs assessment practice"
    })?;

    // Delete it and undo.
    app.click("li[data-session] .row-actions button[aria-label^='Delete']")?;
    app.wait_for_text(".undo", |text| text.contains("Deleted 45 min"))?;
    app.wait_for_text("#study-week-figures", |text| text == before)?;
    app.click("#session-undo")?;
    app.wait_for_text("#study-week-figures", |text| text == after)?;

    app.execute("document.getElementById('heatmap-title').scrollIntoView(); return true;")?;
    // Pointing at a day's square names it and its time beside the legend; a gap between squares names none.
    let point_at = |column: f64, row: f64| {
        app.execute(&format!(
            "const svg = document.querySelector('.heatmap svg[role=img]'); const box = svg.getBoundingClientRect();
             const view = svg.viewBox.baseVal; const scale = box.width / view.width;
             svg.dispatchEvent(new PointerEvent('pointermove', {{ bubbles: true,
               clientX: box.left + (30 + {column} * 15) * scale, clientY: box.top + (18 + {row} * 15) * scale }}));
             return true;"
        ))
    };
    // The second week: the first may begin before the 12 months, and those days have no square.
    point_at(1.5, 0.5)?;
    let first_day = app.wait_for_text("[data-heatmap-day]", |text| !text.starts_with("Point at"))?;
    assert!(
        first_day.ends_with(" min")
            || first_day.ends_with("no study")
            || first_day.ends_with("(planned break)"),
        "{first_day}"
    );
    app.screenshot("heatmap");
    point_at(1.9, 0.5)?;
    app.wait_for_text("[data-heatmap-day]", |text| text.starts_with("Point at"))?;
    app.click("#nav-dashboard")?;
    app.wait_for_text("#dashboard-study-title", |text| text == "Study time")?;
    app.wait_for_text("#page #study-week-figures", |text| text == after)?;
    app.execute("document.getElementById('dashboard-study-title').scrollIntoView(); return true;")?;
    app.screenshot("dashboard");
    app.close_checked()?;
    Ok(())
}

#[test]
fn the_study_pages_cards_below_the_first_screen_are_drawn_when_they_scroll_into_view() -> Result<()> {
    let tmp = tempfile::tempdir()?;
    let data_dir = tmp.path().join("data");
    cairn_e2e::small_demo(&data_dir)?;
    let app = App::launch("study-drawn-when-seen", &data_dir)?;

    // The sessions are stored and counted, but their card is drawn only once it is scrolled to.
    app.click("#nav-study")?;
    app.wait_for_text("#sessions-count", |text| text.contains("sessions"))?;
    assert!(app.drawn("#study-title")?, "the first screen is drawn");
    assert!(
        !app.drawn("#sessions-title")?,
        "the sessions are below the first screen and not drawn yet"
    );
    app.execute("document.getElementById('sessions-title').scrollIntoView(); return true;")?;
    app.wait_until_drawn("#sessions-title")?;
    let height =
        app.execute("return document.querySelector('li[data-session]').getBoundingClientRect().height;")?;
    assert!(
        height.as_f64().unwrap_or_default() > 10.0,
        "a drawn session row has its height: {height}"
    );
    app.screenshot("sessions");

    app.close_checked()?;
    Ok(())
}

#[test]
fn on_a_narrow_window_the_heatmap_scrolls_on_its_own_by_keyboard_opens_on_the_newest_weeks_and_agrees_with_the_totals(
) -> Result<()> {
    let tmp = tempfile::tempdir()?;
    let data_dir = tmp.path().join("data");
    cairn_e2e::small_demo(&data_dir)?;
    let app = App::launch("study-heatmap-narrow", &data_dir)?;
    app.set_window_size(800, 600)?;
    app.click("#nav-study")?;
    app.wait_for_text("#heatmap-summary", |text| text.contains("days"))?;

    // The drawing is wider than its card here: the region scrolls, is a named tab stop, and shows the
    // newest weeks (its right end) first; the page itself stays the window's width.
    let region = ".heatmap .scroller";
    app.wait_until(&format!(
        "return document.querySelector('{region}').getAttribute('tabindex') === '0';"
    ))?;
    let state = app.execute(&format!(
        "const r = document.querySelector('{region}');
         return [r.getAttribute('role'), r.getAttribute('aria-label'), r.scrollWidth - r.clientWidth - r.scrollLeft,
                 r.scrollLeft, document.documentElement.scrollWidth - window.innerWidth];"
    ))?;
    assert_eq!(state[0], "region", "{state}");
    assert!(
        state[1].as_str().is_some_and(|name| name.contains("heatmap")),
        "{state}"
    );
    assert!(
        state[2].as_f64().is_some_and(|left| left < 2.0),
        "opens at the newest weeks: {state}"
    );
    assert!(
        state[3].as_f64().is_some_and(|scrolled| scrolled > 50.0),
        "{state}"
    );
    assert_eq!(
        state[4].as_f64(),
        Some(0.0),
        "the window does not scroll sideways: {state}"
    );
    app.execute("document.getElementById('heatmap-title').scrollIntoView(); return true;")?;
    app.screenshot("heatmap-narrow");

    // Its figure is the totals card's for the same 12 months (the card opens on "Last 12 months").
    let heatmap_total = app.text("#heatmap-summary")?;
    app.execute("document.getElementById('totals-title').scrollIntoView(); return true;")?;
    app.wait_until_drawn("#totals-summary")?;
    let year_total = app.wait_for_text("#totals-summary strong", |text| !text.is_empty())?;
    assert_eq!(
        app.execute("return document.getElementById('totals-year').getAttribute('aria-pressed');")?,
        "true"
    );
    assert!(
        heatmap_total.starts_with(&format!("{year_total} on ")),
        "the heatmap says {heatmap_total:?}, the totals {year_total:?}"
    );

    // The arrow keys scroll it back to earlier months.
    let before = state[3].as_f64().unwrap_or_default();
    app.type_text(region, "\u{E012}\u{E012}\u{E012}")?;
    app.screenshot("heatmap-narrow-focused");
    app.wait_until(&format!(
        "return document.querySelector('{region}').scrollLeft < {before};"
    ))?;

    // Wide enough for the whole year: nothing to scroll, so no tab stop that does nothing.
    app.set_window_size(1280, 800)?;
    app.wait_until(&format!(
        "const r = document.querySelector('{region}');
         return r.scrollWidth <= r.clientWidth && !r.hasAttribute('tabindex') && !r.hasAttribute('role');"
    ))?;
    app.close_checked()?;
    Ok(())
}
