//! The IPC layer without a window: the committed TypeScript bindings match the Rust commands, and the commands
//! answer through Tauri's real invoke path (mock runtime) over a real database file.

use cairn_app::shell::{self, AppState};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use tauri::test::{get_ipc_response, mock_builder, mock_context, noop_assets, INVOKE_KEY};
use tauri::webview::InvokeRequest;

use cairn_testkit::TestResult;

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn the_committed_typescript_bindings_match_the_rust_commands() -> TestResult {
    let committed_path = repo_root().join(shell::BINDINGS_PATH);
    if std::env::var_os("CAIRN_UPDATE_BINDINGS").is_some() {
        shell::export_bindings(&committed_path)?;
    }
    let fresh_dir = tempfile::tempdir()?;
    let fresh_path = fresh_dir.path().join("bindings.ts");
    shell::export_bindings(&fresh_path)?;
    let fresh = std::fs::read_to_string(&fresh_path)?;
    let committed = std::fs::read_to_string(&committed_path).unwrap_or_default();
    assert!(
        fresh == committed,
        "{} is stale: run `make bindings` and commit the result",
        shell::BINDINGS_PATH
    );
    for command in ["appStatus", "openDataDir"] {
        assert!(fresh.contains(command), "the bindings expose {command}");
    }
    Ok(())
}

type MockWindow = tauri::WebviewWindow<tauri::test::MockRuntime>;

/// The app over a real data directory, and its window (the app must outlive the window's use).
fn app_over(data_dir: &Path) -> (tauri::App<tauri::test::MockRuntime>, MockWindow) {
    let app = shell::configure(mock_builder(), AppState::open(data_dir.to_path_buf()))
        .build(mock_context(noop_assets()))
        .expect("the mock app builds");
    let window = tauri::WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .expect("the mock window builds");
    (app, window)
}

fn invoke(window: &MockWindow, cmd: &str, body: Value) -> Result<Value, Value> {
    get_ipc_response(
        window,
        InvokeRequest {
            cmd: cmd.into(),
            callback: tauri::ipc::CallbackFn(0),
            error: tauri::ipc::CallbackFn(1),
            url: "tauri://localhost".parse().expect("a valid URL"),
            body: tauri::ipc::InvokeBody::Json(body),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .map(|response| response.deserialize::<Value>().expect("a JSON response"))
}

#[test]
fn app_status_reports_the_open_store_in_the_chosen_folder() -> TestResult {
    let tmp = tempfile::tempdir()?;
    let (_app, window) = app_over(tmp.path());
    let status = invoke(&window, "app_status", json!({})).map_err(|e| format!("app_status failed: {e}"))?;
    assert_eq!(status["dataDir"], json!(tmp.path().display().to_string()));
    assert_eq!(status["store"]["state"], "open", "{status}");
    assert_eq!(
        status["store"]["info"]["schemaVersion"],
        json!(cairn_store::LATEST_VERSION)
    );
    assert_eq!(status["appVersion"], env!("CARGO_PKG_VERSION"));
    assert!(
        tmp.path().join(cairn_store::DATABASE_FILE).is_file(),
        "the database file exists on disk"
    );
    Ok(())
}

#[test]
fn start_answers_everything_the_first_screen_needs_in_one_call() -> TestResult {
    let tmp = tempfile::tempdir()?;
    let (_app, window) = app_over(tmp.path());
    let start =
        invoke(&window, "start", json!({"withDashboard": true})).map_err(|e| format!("start failed: {e}"))?;
    assert_eq!(start["status"]["store"]["state"], "open", "{start}");
    assert_eq!(
        start["profile"]["welcomed"], false,
        "a new store has not shown its welcome"
    );
    assert!(start["locale"].is_string(), "{start}");
    assert!(start["timer"].is_null(), "no timer runs");
    let dashboard = &start["dashboard"];
    let milestones = dashboard["pathway"]["milestones"]
        .as_array()
        .ok_or("the milestones")?;
    assert_eq!(milestones.len(), 5);
    assert!(
        dashboard["competencies"]["radar"]["frame"]["spokes"].is_array(),
        "{dashboard}"
    );
    assert!(dashboard["gaps"].is_array() && dashboard["week"].is_object());
    assert_eq!(dashboard["portfolio"]["pieces"], 0);
    assert!(dashboard["followUps"]["overdue"].is_array());

    let without = invoke(&window, "start", json!({"withDashboard": false})).map_err(|e| format!("{e}"))?;
    assert!(
        without["dashboard"].is_null(),
        "the dashboard only when asked for"
    );
    assert_eq!(
        invoke(&window, "dashboard", json!({})).map_err(|e| format!("{e}"))?,
        *dashboard,
        "the dashboard command answers what start did"
    );
    Ok(())
}

#[test]
fn a_store_that_cannot_open_is_reported_and_another_folder_can_be_chosen() -> TestResult {
    let tmp = tempfile::tempdir()?;
    let broken = tmp.path().join("broken");
    std::fs::create_dir(&broken)?;
    std::fs::write(
        broken.join(cairn_store::DATABASE_FILE),
        b"not a database at all, just text",
    )?;
    let (_app, window) = app_over(&broken);

    let status = invoke(&window, "app_status", json!({})).map_err(|e| format!("app_status failed: {e}"))?;
    assert_eq!(status["store"]["state"], "failed", "{status}");
    assert_eq!(status["store"]["error"]["code"], "db_corrupt", "{status}");
    let start =
        invoke(&window, "start", json!({"withDashboard": true})).map_err(|e| format!("start failed: {e}"))?;
    assert_eq!(start["status"], status, "start says why, as app_status does");
    assert!(
        start["profile"].is_null() && start["dashboard"].is_null(),
        "{start}"
    );

    let refused = invoke(&window, "open_data_dir", json!({"path": "relative/folder"}))
        .err()
        .ok_or("a relative folder is refused")?;
    assert_eq!(refused["code"], "invalid_input", "{refused}");
    assert_eq!(refused["field"], "path", "{refused}");

    let fresh = tmp.path().join("fresh");
    let status = invoke(
        &window,
        "open_data_dir",
        json!({"path": fresh.display().to_string()}),
    )
    .map_err(|e| format!("open_data_dir failed: {e}"))?;
    assert_eq!(status["store"]["state"], "open", "{status}");
    assert_eq!(status["dataDir"], json!(fresh.display().to_string()));
    assert_eq!(
        std::fs::read(broken.join(cairn_store::DATABASE_FILE))?,
        b"not a database at all, just text",
        "the broken file was left alone"
    );
    Ok(())
}

#[test]
fn a_note_round_trips_through_the_commands_and_exports_as_a_markdown_file() -> TestResult {
    let tmp = tempfile::tempdir()?;
    let (_app, window) = app_over(&tmp.path().join("data"));
    let created = invoke(
        &window,
        "create_note",
        json!({"input": {"title": "Gap analysis", "body": "<script>x</script>\n\n**Gaps** é", "target": {"kind": "milestone", "key": "understand-cme"}, "tags": []}, "promptId": null}),
    )
    .map_err(|e| format!("create_note failed: {e}"))?;
    let id = created["id"].as_u64().ok_or("the note has an id")?;
    assert_eq!(created["attachedTo"]["kind"], "milestone");

    let refused = invoke(
        &window,
        "save_note",
        json!({"id": id, "input": {"title": "Gap analysis", "body": "", "tags": ["unknown"]}}),
    )
    .err()
    .ok_or("an unknown tag is refused")?;
    assert_eq!(
        (refused["code"].as_str(), refused["field"].as_str()),
        (Some("invalid_input"), Some("tags"))
    );

    let html = invoke(&window, "render_markdown", json!({"text": created["body"]}))
        .map_err(|e| format!("render_markdown failed: {e}"))?;
    let html = html.as_str().unwrap_or_default();
    assert!(
        html.contains("<strong>Gaps</strong>") && !html.contains("<script"),
        "{html}"
    );

    let found = invoke(&window, "search_notes", json!({"request": {"text": "gap"}}))
        .map_err(|e| format!("search_notes failed: {e}"))?;
    assert_eq!(found["total"], 1);

    let path = tmp.path().join("export.md");
    invoke(
        &window,
        "export_note",
        json!({"id": id, "path": path.display().to_string(), "format": "markdown"}),
    )
    .map_err(|e| format!("export_note failed: {e}"))?;
    let text = std::fs::read_to_string(&path)?;
    assert!(text.starts_with("---\ntitle: \"Gap analysis\"\n"), "{text}");
    assert!(
        text.ends_with("<script>x</script>\n\n**Gaps** é\n"),
        "the body is exported exactly: {text}"
    );
    let name = invoke(&window, "note_file_name", json!({"id": id})).map_err(|e| format!("{e}"))?;
    assert_eq!(name, "Gap analysis.md");
    // The same note as a Word document and as a PDF.
    for (format, file, magic) in [
        ("word", "export.docx", &b"PK\x03\x04"[..]),
        ("pdf", "export.pdf", &b"%PDF-"[..]),
    ] {
        let path = tmp.path().join(file);
        invoke(
            &window,
            "export_note",
            json!({"id": id, "path": path.display().to_string(), "format": format}),
        )
        .map_err(|e| format!("export_note as {format} failed: {e}"))?;
        assert!(std::fs::read(&path)?.starts_with(magic), "{file}");
    }
    Ok(())
}

#[test]
fn the_study_timer_and_sessions_answer_through_the_commands_with_their_error_codes() -> TestResult {
    let tmp = tempfile::tempdir()?;
    let (_app, window) = app_over(&tmp.path().join("data"));
    let timer = invoke(
        &window,
        "start_timer",
        json!({"input": {"activity": "podcast_webinar", "milestoneKey": "adult-learning"}}),
    )
    .map_err(|e| format!("start_timer failed: {e}"))?;
    assert_eq!(timer["activity"], "podcast_webinar");
    assert_eq!(timer["paused"], false);
    let second = invoke(&window, "start_timer", json!({"input": {"activity": "reading"}}))
        .err()
        .ok_or("a second timer is refused")?;
    assert_eq!(second["code"], "conflict");
    let shown = invoke(&window, "study_timer", json!({})).map_err(|e| format!("{e}"))?;
    assert_eq!(shown["milestoneKey"], "adult-learning");
    invoke(&window, "discard_timer", json!({})).map_err(|e| format!("{e}"))?;
    assert_eq!(
        invoke(&window, "study_timer", json!({})).map_err(|e| format!("{e}"))?,
        Value::Null
    );

    let refused = invoke(
        &window,
        "add_session",
        json!({"input": {"date": "2026-11-20", "durationMinutes": -5, "activity": "reading"}}),
    )
    .err()
    .ok_or("a negative duration is refused")?;
    assert_eq!(
        (refused["code"].as_str(), refused["field"].as_str()),
        (Some("invalid_input"), Some("durationMinutes"))
    );
    let stop = invoke(&window, "stop_timer", json!({"choice": {"kind": "asMeasured"}}))
        .err()
        .ok_or("no timer to stop")?;
    assert_eq!(stop["code"], "not_found");

    let session = invoke(
        &window,
        "add_session",
        json!({"input": {"date": "2026-11-20", "durationMinutes": 40, "activity": "course", "note": "ACCME module"}}),
    )
    .map_err(|e| format!("add_session failed: {e}"))?;
    assert_eq!(session["seconds"], 2400);
    assert_eq!(session["source"], "manual");
    let list =
        invoke(&window, "study_sessions", json!({"offset": 0, "limit": 10})).map_err(|e| format!("{e}"))?;
    assert_eq!(list["total"], 1);
    let totals = invoke(&window, "study_totals", json!({"from": null})).map_err(|e| format!("{e}"))?;
    assert_eq!(totals["byActivity"][0]["key"], "course");
    let bad_from = invoke(&window, "study_totals", json!({"from": "2026-02-30"}))
        .err()
        .ok_or("an impossible date is refused")?;
    assert_eq!(bad_from["field"], "from");
    Ok(())
}

#[test]
fn a_piece_gets_an_attachment_and_follow_ups_export_as_a_calendar_file_through_the_commands() -> TestResult {
    let tmp = tempfile::tempdir()?;
    let data = tmp.path().join("data");
    let (_app, window) = app_over(&data);
    let piece = invoke(
        &window,
        "add_piece",
        json!({"input": {"title": "Slide deck", "deliverable": "slide_deck", "status": "drafting"}}),
    )
    .map_err(|e| format!("add_piece failed: {e}"))?;
    let piece_id = piece["id"].as_u64().ok_or("a piece id")?;
    let original = tmp.path().join("deck.pdf");
    std::fs::write(&original, b"%PDF-1.7 deck")?;
    let attachment = invoke(
        &window,
        "add_attachment",
        json!({"pieceId": piece_id, "path": original.display().to_string(), "name": null}),
    )
    .map_err(|e| format!("add_attachment failed: {e}"))?;
    assert_eq!(attachment["name"], "deck.pdf");
    let copies: Vec<_> = std::fs::read_dir(data.join("attachments"))?.collect();
    assert_eq!(copies.len(), 1, "copied into the data folder");
    let escape = invoke(
        &window,
        "add_attachment",
        json!({"pieceId": piece_id, "path": original.display().to_string(), "name": "../escape.pdf"}),
    )
    .err()
    .ok_or("a name with .. is refused")?;
    assert_eq!(
        (escape["code"].as_str(), escape["field"].as_str()),
        (Some("invalid_input"), Some("name"))
    );

    let contact = invoke(
        &window,
        "add_contact",
        json!({"input": {"name": "Ada Obi", "organisationKind": "agency", "links": ["mailto:ada@example.org"]}}),
    )
    .map_err(|e| format!("add_contact failed: {e}"))?;
    let contact_id = contact["id"].as_u64().ok_or("a contact id")?;
    let before = invoke(
        &window,
        "add_interaction",
        json!({"contactId": contact_id, "input": {"happenedOn": "2026-11-20", "channel": "email", "summary": "Wrote", "followUpOn": "2026-11-19"}}),
    )
    .err()
    .ok_or("a follow-up before its interaction is refused")?;
    assert_eq!(before["field"], "followUpOn");
    invoke(
        &window,
        "add_interaction",
        json!({"contactId": contact_id, "input": {"happenedOn": "2026-11-20", "channel": "email", "summary": "Wrote", "followUpOn": "2030-01-15"}}),
    )
    .map_err(|e| format!("add_interaction failed: {e}"))?;
    let later = invoke(&window, "follow_ups", json!({})).map_err(|e| format!("{e}"))?;
    assert_eq!(later["later"][0]["contactName"], "Ada Obi");

    let path = tmp.path().join("follow-ups.ics");
    let count = invoke(
        &window,
        "export_follow_ups",
        json!({"path": path.display().to_string()}),
    )
    .map_err(|e| format!("export_follow_ups failed: {e}"))?;
    assert_eq!(count, 1);
    let calendar = std::fs::read_to_string(&path)?;
    assert!(calendar.starts_with("BEGIN:VCALENDAR\r\n"), "{calendar}");
    assert!(calendar.contains("DTSTART;VALUE=DATE:20300115\r\n"), "{calendar}");
    Ok(())
}
