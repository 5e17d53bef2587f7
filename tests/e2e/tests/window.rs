//! End-to-end: the real binary, its bundled UI, a real window under Xvfb, a real database file.

use cairn_e2e::{App, Result};
use serde_json::Value;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

/// Every path below `dir`.
fn walk(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            found.extend(walk(&path)?);
        }
        found.push(path);
    }
    Ok(found)
}

const SECTIONS: [&str; 9] = [
    "Dashboard",
    "Milestones",
    "Notes",
    "Competencies",
    "Study",
    "Portfolio",
    "Network",
    "Reports",
    "Settings",
];

#[test]
fn the_shell_renders_and_settings_shows_the_real_data_directory() -> Result<()> {
    let tmp = tempfile::tempdir()?;
    let data_dir = tmp.path().join("cairn-data");
    let app = App::launch("shell", &data_dir)?;

    for section in SECTIONS {
        let id = format!("#nav-{}", section.to_lowercase());
        assert_eq!(app.text(&id)?, section, "the sidebar links to {section}");
    }
    assert_eq!(
        app.text("#welcome-title")?,
        "Welcome to Cairn",
        "a new database opens on the welcome"
    );
    // While the welcome is open the sections wait: inert (a click on one does nothing) and none marked current.
    let waiting = app.execute(
        "const nav = document.querySelector('nav.sidebar'); \
         return [nav.inert, document.querySelectorAll('nav.sidebar [aria-current]').length];",
    )?;
    assert_eq!(
        waiting,
        serde_json::json!([true, 0]),
        "the sidebar waits for the welcome"
    );
    // A person's click (WebDriver may also refuse it outright as not interactable).
    let _ = app.click("#nav-notes");
    assert_ne!(
        app.execute("return window.location.hash;")?,
        serde_json::json!("#/notes")
    );
    assert_eq!(app.text("#welcome-title")?, "Welcome to Cairn");
    app.click("#welcome-skip")?;
    app.wait_for_text("#page h1", |text| text == "Dashboard")?;
    let current =
        app.execute("return document.querySelector('nav.sidebar [aria-current=page]')?.id ?? null;")?;
    assert_eq!(
        current,
        serde_json::json!("nav-dashboard"),
        "after the welcome the sidebar marks the page"
    );
    // An empty database still makes a report (nothing done yet), not an error.
    app.click("#nav-reports")?;
    app.wait_for_text("#report-preview", |text| text.contains("0%"))?;

    for section in SECTIONS {
        app.click(&format!("#nav-{}", section.to_lowercase()))?;
        app.wait_for_text("#page h1", |text| text == section)?;
    }
    let problems = app.execute("return window.__cairnProblems()")?;
    assert_eq!(
        problems,
        serde_json::json!([]),
        "no uncaught error or CSP violation on any page"
    );
    app.screenshot("settings");
    let shown_dir = app.text("#settings-data-dir")?;
    assert_eq!(
        shown_dir,
        data_dir.display().to_string(),
        "Settings shows the data directory in use"
    );
    let version = app.text("#settings-schema-version")?;
    assert_eq!(
        version,
        cairn_store::LATEST_VERSION.to_string(),
        "Settings shows the store's schema version"
    );
    let database = data_dir.join(cairn_store::DATABASE_FILE);
    assert!(database.is_file(), "the app created {}", database.display());
    assert_eq!(
        app.text("#settings-database-path")?,
        database.display().to_string()
    );
    app.screenshot("settings");
    app.close();

    let mode = std::fs::metadata(&data_dir)?.permissions().mode() & 0o777;
    assert_eq!(mode, 0o700, "the data folder is readable only by its owner");
    // GTK's own settings cache (dconf) may appear in the home folder; nothing of Cairn's or its webview's may.
    let home = App::home_for(&data_dir);
    let ours: Vec<_> = walk(&home)?
        .into_iter()
        .filter(|path| path.to_string_lossy().to_lowercase().contains("cairn.desktop"))
        .collect();
    assert!(
        ours.is_empty(),
        "nothing is written outside the data folder, but found {ours:?}"
    );
    assert!(
        data_dir.join("webview").is_dir(),
        "the webview keeps its storage in the data folder"
    );
    Ok(())
}

#[test]
fn a_newer_schema_database_shows_the_error_screen_and_the_file_is_unchanged() -> Result<()> {
    let tmp = tempfile::tempdir()?;
    let data_dir = tmp.path().join("from-the-future");
    std::fs::create_dir(&data_dir)?;
    let database = data_dir.join(cairn_store::DATABASE_FILE);
    {
        let conn = rusqlite::Connection::open(&database)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.execute_batch("CREATE TABLE future (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO future (body) VALUES ('mine');")?;
        conn.pragma_update(None, "application_id", cairn_store::migrations::APPLICATION_ID)?;
        conn.pragma_update(None, "user_version", 999)?;
    }
    let before = std::fs::read(&database)?;

    let app = App::launch("newer-schema", &data_dir)?;
    let code = app.text("#store-problem-code")?;
    assert_eq!(code, "db_too_new");
    let message = app.text("#store-problem-message")?;
    assert!(
        message.contains("newer version of Cairn") && message.contains("999"),
        "{message}"
    );
    for (button, label) in [
        ("#store-problem-choose", "Choose another data folder…"),
        ("#store-problem-retry", "Try again"),
        ("#store-problem-quit", "Quit Cairn"),
    ] {
        assert_eq!(app.text(button)?, label, "the error screen offers {label:?}");
    }
    app.screenshot("error-screen");
    app.click("#store-problem-retry")?; // still refused, still unchanged
    app.wait_for_text("#store-problem-attempt", |text| text.contains("db_too_new"))?;
    // The window closes while WebDriver is still answering the click, so the click may report an error; the
    // app process ending is what shows the quit worked.
    let _ = app.click("#store-problem-quit");
    app.wait_for_exit()?;
    app.close();

    assert_eq!(
        std::fs::read(&database)?,
        before,
        "the newer database is byte-for-byte unchanged"
    );
    Ok(())
}

#[test]
fn the_window_answers_ipc_only_for_granted_commands_and_stays_on_its_own_pages() -> Result<()> {
    let tmp = tempfile::tempdir()?;
    let data_dir = tmp.path().join("data");
    let app = App::launch("security", &data_dir)?;
    app.find("#nav-dashboard")?;

    let invoke = |cmd: &str| {
        app.execute_async(&format!(
            "const done = arguments[arguments.length - 1];
             window.__TAURI_INTERNALS__.invoke({cmd:?}, {{}})
               .then(value => done({{ok: value}}), error => done({{error: String(error && error.message || error)}}));"
        ))
    };
    let status = invoke("app_status")?;
    assert_eq!(
        status["ok"]["dataDir"],
        Value::String(data_dir.display().to_string()),
        "{status}"
    );

    for ungranted in [
        "plugin:dialog|message",
        "plugin:opener|open_path",
        "plugin:window|set_title",
    ] {
        let denied = invoke(ungranted)?;
        let reason = denied["error"].as_str().unwrap_or_default();
        assert!(
            reason.contains("not allowed"),
            "{ungranted} is not granted: {denied}"
        );
    }

    app.execute("window.location.href = 'https://example.com/'; return null;")?;
    std::thread::sleep(std::time::Duration::from_millis(1500));
    let location = app.execute("return window.location.href")?;
    assert!(
        location
            .as_str()
            .is_some_and(|href| href.starts_with("tauri://localhost")),
        "navigation away from the app is blocked: {location}"
    );
    app.find("#nav-settings")?;
    app.close();
    Ok(())
}

/// The window's text is set in the desktop's interface font, named (read from GTK's settings): what `system-ui`
/// stands for, without WebKitGTK's slower way of resolving it.
#[test]
fn the_window_is_set_in_the_desktops_interface_font() -> Result<()> {
    let tmp = tempfile::tempdir()?;
    let data_dir = tmp.path().join("data");
    cairn_e2e::small_demo(&data_dir)?;
    let gtk_config = App::home_for(&data_dir).join(".config/gtk-3.0");
    std::fs::create_dir_all(&gtk_config)?;
    std::fs::write(
        gtk_config.join("settings.ini"),
        "[Settings]\ngtk-font-name=DejaVu Serif 11\n",
    )?;

    let app = App::launch("desktop-font", &data_dir)?;
    app.wait_for_text("#page h1", |text| text == "Dashboard")?;
    for (element, selector) in [
        ("heading", "#page h1"),
        ("button", "button.study"),
        ("link", "nav a"),
    ] {
        let family = app.execute(&format!(
            "return getComputedStyle(document.querySelector({selector:?})).fontFamily"
        ))?;
        assert_eq!(
            family,
            Value::from("\"DejaVu Serif\", system-ui, sans-serif"),
            "the {element}'s font"
        );
    }
    app.screenshot("dashboard");
    app.close_checked()
}
