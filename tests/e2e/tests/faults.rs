//! The real window killed with SIGKILL in the middle of bursts of writes: notes created, checklist items ticked
//! and study timers stopped, as fast as the IPC answers. Every write the window had acknowledged (its promise
//! resolved) when the test last looked, just before the kill, must be on disk after it, and the database must
//! pass SQLite's integrity check. Prints the trials, acknowledged writes, lost and damaged.

#[path = "../../common/disk.rs"]
#[allow(dead_code)] // shared with the command-line fault tests, which use all of it
mod disk;

use cairn_e2e::{App, Result};
use disk::{fill_disk, running_as_root, Tmpfs};
use rusqlite::Connection;
use std::time::Duration;

/// Starts three loops in the page, each recording the writes Rust acknowledged: notes `burst-T-N`; checklist
/// items of the person's own, each added and then ticked (the ids whose tick was acknowledged); and timers of
/// a second stopped one after another (tagged `burst-T`).
fn start_bursts(app: &App, trial: usize) -> Result<()> {
    let script = format!(
        r#"
        const invoke = window.__TAURI_INTERNALS__.invoke;
        const acked = window.__acked = {{ notes: 0, ticked: [], stops: 0 }};
        (async () => {{
          for (let n = 0; ; n++) {{
            await invoke("create_note", {{ input: {{ title: "burst-{trial}-" + n, body: "Written in burst {trial}, note " + n, target: {{ kind: "none" }}, tags: [] }}, promptId: null }});
            acked.notes = n + 1;
          }}
        }})();
        (async () => {{
          for (let n = 0; ; n++) {{
            const item = await invoke("add_item", {{ milestoneKey: "understand-cme", input: {{ title: "burst-{trial}-item-" + n }} }});
            await invoke("set_item_done", {{ id: item.id, done: true }});
            acked.ticked.push(item.id);
          }}
        }})();
        (async () => {{
          // A timer the previous kill left running is saved first (to the previous burst).
          await invoke("stop_timer", {{ choice: {{ kind: "asMeasured" }} }}).catch(() => null);
          for (let n = 0; ; n++) {{
            await invoke("start_timer", {{ input: {{ activity: "reading", note: "burst-{trial}" }} }});
            await new Promise((resolve) => setTimeout(resolve, 1100));
            await invoke("stop_timer", {{ choice: {{ kind: "asMeasured" }} }});
            acked.stops = n + 1;
          }}
        }})();
        return true;
        "#
    );
    app.execute(&script)?;
    Ok(())
}

#[test]
fn killing_the_window_during_bursts_of_writes_loses_no_acknowledged_write() -> Result<()> {
    let tmp = tempfile::tempdir()?;
    let data_dir = tmp.path().join("data");
    cairn_e2e::small_demo(&data_dir)?;
    let database = data_dir.join("cairn.sqlite3");
    let trials = 4;
    let (mut acked_notes, mut acked_ticks, mut acked_stops, mut lost, mut damaged) = (0, 0, 0, 0, 0);
    for trial in 0..trials {
        let mut app = App::launch(&format!("burst-{trial}"), &data_dir)?;
        app.wait_for_text("#page h1", |text| text == "Dashboard")?;
        start_bursts(&app, trial)?;
        // Kill at a different moment in each trial, mid-burst.
        std::thread::sleep(Duration::from_millis(1500 + 700 * trial as u64));
        let acked = app.execute("return window.__acked")?;
        app.kill_app()?;
        drop(app);

        let count = |key: &str| acked[key].as_u64().unwrap_or_default() as usize;
        let (notes, stops) = (count("notes"), count("stops"));
        let ticked: Vec<i64> = acked["ticked"]
            .as_array()
            .map(|ids| ids.iter().filter_map(serde_json::Value::as_i64).collect())
            .unwrap_or_default();
        let ticks = ticked.len();
        acked_notes += notes;
        acked_ticks += ticks;
        acked_stops += stops;
        let conn = Connection::open(&database)?;
        let check: String = conn.query_row("PRAGMA integrity_check", [], |row| row.get(0))?;
        if check != "ok" {
            damaged += 1;
        }
        for n in 0..notes {
            let there: i64 = conn.query_row(
                "SELECT count(*) FROM note WHERE title = ?1",
                [format!("burst-{trial}-{n}")],
                |row| row.get(0),
            )?;
            lost += usize::from(there != 1);
        }
        for item in &ticked {
            let done: bool = conn.query_row(
                "SELECT done_at IS NOT NULL FROM checklist_item WHERE id = ?1",
                [item],
                |row| row.get(0),
            )?;
            lost += usize::from(!done);
        }
        let sessions: usize = conn.query_row(
            "SELECT count(*) FROM study_session WHERE note = ?1 AND source = 'timer'",
            [format!("burst-{trial}")],
            |row| row.get::<_, i64>(0).map(|n| n as usize),
        )?;
        lost += stops.saturating_sub(sessions);
        assert!(
            notes > 0 && ticks > 0,
            "trial {trial}: the bursts were running ({acked})"
        );
    }
    println!(
        "window killed {trials} times mid-burst: {acked_notes} notes, {acked_ticks} ticks and {acked_stops} timer stops acknowledged; {lost} lost; {damaged} damaged databases"
    );
    assert_eq!(lost, 0, "every acknowledged write is on disk");
    assert_eq!(damaged, 0, "the database passes its integrity check");

    // The window opens on what survived, with the timer left running by the last kill still there.
    let app = App::launch("burst-after", &data_dir)?;
    app.wait_for_text("#page h1", |text| text == "Dashboard")?;
    app.close_checked()?;
    Ok(())
}

#[test]
fn a_full_disk_while_writing_a_note_says_so_keeps_the_text_and_saves_once_there_is_room() -> Result<()> {
    if !running_as_root() {
        println!("full disk in the window: skipped, mounting a tmpfs needs root");
        return Ok(());
    }
    let tmp = tempfile::tempdir()?;
    // Room for the window's own caches (its home and `webview/` are on this disk too) until it is filled.
    let mount = Tmpfs::mount(&tmp.path().join("disk"), "64m")?;
    let disk = mount.0.clone();
    let data_dir = disk.join("data");
    cairn_e2e::small_demo(&data_dir)?;

    let app = App::launch("full-disk", &data_dir)?;
    app.wait_for_text("#page h1", |text| text == "Dashboard")?;
    fill_disk(&disk, 8 * 1024)?;

    // "Back up now" on a full disk: a clear error, and the page keeps working.
    app.execute("window.location.hash = '#/settings'; return true;")?;
    app.click("#backup-now")?;
    let failure = app.wait_for_text(".card .action-error", |text| !text.is_empty())?;
    assert!(failure.contains("full") || failure.contains("space"), "{failure}");
    app.execute(
        "document.querySelector('.card .action-error').scrollIntoView({ block: 'center' }); return true;",
    )?;
    app.screenshot("backup-disk-full");

    // A note edit that does not fit: "Not saved" with the reason, and the text stays in the editor.
    app.click("#nav-notes")?;
    app.click("li[data-note] a.note-title")?;
    app.wait_for_text("#save-state", |text| text.starts_with("Saved"))?;
    app.execute(
        "const body = document.getElementById('note-body');
         body.value += ' ' + 'Written while the disk was full. '.repeat(2000);
         body.dispatchEvent(new Event('input', { bubbles: true }));
         return true;",
    )?;
    app.click("#note-title")?;
    let state = app.wait_for_text("#save-state", |text| text.starts_with("Not saved"))?;
    assert!(state.contains("full"), "{state}");
    app.screenshot("note-not-saved");
    let body = app.execute("return document.getElementById('note-body').value")?;
    assert!(
        body.as_str().is_some_and(|b| b.ends_with("disk was full. ")),
        "the text stays in the editor"
    );

    // With room again, the same text saves.
    std::fs::remove_file(disk.join("filler"))?;
    app.type_text("#note-body", " And saved once there was room.")?;
    app.click("#note-title")?;
    app.wait_for_text("#save-state", |text| text.starts_with("Saved"))?;
    app.close();
    let stored: String = Connection::open(data_dir.join("cairn.sqlite3"))?.query_row(
        "SELECT body FROM note WHERE body LIKE '%once there was room.'",
        [],
        |row| row.get(0),
    )?;
    assert!(
        stored.contains("Written while the disk was full."),
        "the text kept in the editor was saved"
    );
    Ok(())
}
