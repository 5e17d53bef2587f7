//! A small harness that drives the real Cairn binary in a real window through `tauri-driver` (W3C WebDriver,
//! proxied to WebKitWebDriver). Run it inside `dbus-run-session -- xvfb-run ...`; `make test` does.
//!
//! Each [`App`] gets its own `tauri-driver` on free ports, in its own process group, and the app its own data
//! directory. Dropping the [`App`] ends the WebDriver session, then the whole process group, then anything still
//! running with that data directory on its command line, so a failed test never leaves an app behind (which
//! would hold the next test's ports or database).

use serde_json::{json, Value};
use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub type Result<T, E = Box<dyn std::error::Error>> = std::result::Result<T, E>;

/// How long to wait for the app to show something before a test fails.
pub const WAIT: Duration = Duration::from_secs(20);

mod audit;
mod files;
pub use audit::{audit, audit_every_page, Violation, PAGES};
pub use files::{save_through_dialog, wait_for_file};

const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// The repository root (this crate lives in `tests/e2e`).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("the repository root exists")
}

/// The binary under test: `CAIRN_E2E_BINARY`, else the debug build that `make test` makes (with the bundled UI).
pub fn app_binary() -> PathBuf {
    std::env::var_os("CAIRN_E2E_BINARY")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("target/debug/cairn"))
}

/// Where screenshots go for a person to look at (git-ignored).
pub fn artifacts_dir() -> PathBuf {
    let dir = repo_root().join("target/e2e");
    std::fs::create_dir_all(&dir).expect("target/e2e can be created");
    dir
}

/// Saves a PNG of the whole virtual screen (WebDriver's own screenshot hangs under Xvfb; ImageMagick's
/// `import` in the same display works).
pub fn screenshot(name: &str) -> Option<PathBuf> {
    let path = artifacts_dir().join(format!("{name}.png"));
    let status = Command::new("import")
        .args(["-window", "root"])
        .arg(&path)
        .status()
        .ok()?;
    status.success().then_some(path)
}

/// Fills `data_dir` with `cairn demo --scale small`, run by the binary under test.
pub fn small_demo(data_dir: &Path) -> Result<()> {
    let demo = Command::new(app_binary())
        .arg("--data-dir")
        .arg(data_dir)
        .args(["demo", "--scale", "small"])
        .output()?;
    if !demo.status.success() {
        return Err(format!("cairn demo failed: {}", String::from_utf8_lossy(&demo.stderr)).into());
    }
    Ok(())
}

fn free_port() -> Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// A running Cairn window under WebDriver control.
pub struct App {
    name: String,
    data_dir: PathBuf,
    driver: Child,
    base: String,
    session: Option<String>,
    http: ureq::Agent,
    shut_down: bool,
}

impl App {
    /// Starts `tauri-driver` and, through it, Cairn with `--data-dir data_dir`.
    pub fn launch(name: &str, data_dir: &Path) -> Result<App> {
        let binary = app_binary();
        if !binary.is_file() {
            return Err(format!("{} is missing: build it first (make test does)", binary.display()).into());
        }
        let home = App::home_for(data_dir);
        std::fs::create_dir_all(&home)?;
        let port = free_port()?;
        let native_port = free_port()?;
        let driver = Command::new("tauri-driver")
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native_port.to_string(),
            ])
            // A home of its own, so a test can show that nothing is written outside its data directory.
            .env("HOME", &home)
            .env_remove("XDG_DATA_HOME")
            .env_remove("XDG_CACHE_HOME")
            .env_remove("XDG_CONFIG_HOME")
            .env("WEBKIT_DISABLE_COMPOSITING_MODE", "1")
            .env("NO_AT_BRIDGE", "1")
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .process_group(0)
            .spawn()
            .map_err(|e| format!("cannot start tauri-driver (cargo install tauri-driver --locked): {e}"))?;
        let http: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(90)))
            .build()
            .into();
        let mut app = App {
            name: name.to_owned(),
            data_dir: data_dir.to_path_buf(),
            driver,
            base: format!("http://127.0.0.1:{port}"),
            session: None,
            http,
            shut_down: false,
        };
        app.wait_for_driver()?;
        let capabilities = json!({"capabilities": {"alwaysMatch": {"tauri:options": {
            "application": binary,
            "args": ["--data-dir", data_dir],
        }}}});
        let created = app.request("POST", "/session", Some(capabilities))?;
        let session = created["sessionId"]
            .as_str()
            .ok_or_else(|| format!("no session id in {created}"))?;
        app.session = Some(session.to_owned());
        Ok(app)
    }

    /// The home folder the app runs with: beside its data directory, inside the test's temporary folder.
    pub fn home_for(data_dir: &Path) -> PathBuf {
        data_dir.with_file_name(format!(
            "{}-home",
            data_dir.file_name().and_then(|n| n.to_str()).unwrap_or("data")
        ))
    }

    fn wait_for_driver(&mut self) -> Result<()> {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Ok(response) = self.http.get(format!("{}/status", self.base)).call() {
                if response.status().is_success() {
                    return Ok(());
                }
            }
            if let Some(status) = self.driver.try_wait()? {
                return Err(format!("tauri-driver exited early: {status}").into());
            }
            if Instant::now() > deadline {
                return Err("tauri-driver did not answer /status in time".into());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// One W3C WebDriver call; returns its `value`, or the WebDriver error as an `Err`.
    fn request(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value> {
        let url = format!("{}{path}", self.base);
        let mut response = match (method, body) {
            ("GET", _) => self.http.get(&url).call()?,
            ("DELETE", _) => self.http.delete(&url).call()?,
            (_, Some(body)) => self.http.post(&url).send_json(&body)?,
            (_, None) => self.http.post(&url).send_json(json!({}))?,
        };
        let status = response.status();
        let text = response.body_mut().read_to_string()?;
        let parsed: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
        if !status.is_success() {
            return Err(format!("WebDriver {method} {path} failed ({status}): {text}").into());
        }
        Ok(parsed.get("value").cloned().unwrap_or(Value::Null))
    }

    fn session_path(&self, rest: &str) -> Result<String> {
        let id = self.session.as_deref().ok_or("no WebDriver session")?;
        Ok(format!("/session/{id}{rest}"))
    }

    /// The element matching a CSS selector, once it exists.
    pub fn find(&self, selector: &str) -> Result<String> {
        let deadline = Instant::now() + WAIT;
        let path = self.session_path("/element")?;
        loop {
            match self.request(
                "POST",
                &path,
                Some(json!({"using": "css selector", "value": selector})),
            ) {
                Ok(found) => {
                    let id = found[ELEMENT_KEY]
                        .as_str()
                        .ok_or_else(|| format!("odd element reply {found}"))?;
                    return Ok(id.to_owned());
                }
                Err(error) if Instant::now() > deadline => {
                    return Err(format!("no element matched `{selector}` within {WAIT:?}: {error}").into())
                }
                Err(_) => std::thread::sleep(Duration::from_millis(150)),
            }
        }
    }

    /// Runs `action` on the element matching `selector`, finding it again if the page re-rendered it in between
    /// (a "stale element reference"), until [`WAIT`] runs out.
    fn on_element<T>(&self, selector: &str, action: impl Fn(&str) -> Result<T>) -> Result<T> {
        let deadline = Instant::now() + WAIT;
        loop {
            let element = self.find(selector)?;
            match action(&element) {
                Err(error) if error.to_string().contains("stale element") && Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(100));
                }
                outcome => return outcome,
            }
        }
    }

    /// The visible text of the element matching `selector`.
    pub fn text(&self, selector: &str) -> Result<String> {
        self.on_element(selector, |element| {
            let value = self.request(
                "GET",
                &self.session_path(&format!("/element/{element}/text"))?,
                None,
            )?;
            Ok(value.as_str().unwrap_or_default().to_owned())
        })
    }

    /// Waits until the element's text satisfies `accept`, and returns that text.
    pub fn wait_for_text(&self, selector: &str, accept: impl Fn(&str) -> bool) -> Result<String> {
        let deadline = Instant::now() + WAIT;
        loop {
            let text = self.text(selector)?;
            if accept(&text) {
                return Ok(text);
            }
            if Instant::now() > deadline {
                return Err(format!("`{selector}` still reads {text:?} after {WAIT:?}").into());
            }
            std::thread::sleep(Duration::from_millis(150));
        }
    }

    /// Scrolls an element WebKit has not drawn yet (a part of the page below the first screen, drawn when it
    /// scrolls near the view: `.drawn-when-seen`) into view and waits two frames for it to be drawn, as a person
    /// scrolls to what they want to press. WebDriver's own scrolling goes by the part's stand-in size and finds
    /// the element "not interactable".
    fn reveal(&self, element: &str) -> Result<()> {
        self.request(
            "POST",
            &self.session_path("/execute/async")?,
            Some(json!({
                "script": "const [element, done] = arguments;
                  if (element.checkVisibility({ contentVisibilityAuto: true })) return done(true);
                  element.scrollIntoView({ block: 'nearest' });
                  requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
                "args": [{ ELEMENT_KEY: element }],
            })),
        )?;
        Ok(())
    }

    /// The script that says whether WebKit has drawn the element matching `selector`: false while it sits in a
    /// card skipped until it scrolls near the view (`.drawn-when-seen`).
    fn drawn_script(selector: &str) -> String {
        format!(
            "return document.querySelector({selector:?}).checkVisibility({{ contentVisibilityAuto: true }});"
        )
    }

    /// Whether WebKit has drawn the element matching `selector` yet.
    pub fn drawn(&self, selector: &str) -> Result<bool> {
        let drawn = self.execute(&Self::drawn_script(selector))?;
        drawn
            .as_bool()
            .ok_or_else(|| format!("no answer for {selector}: {drawn}").into())
    }

    /// Waits until WebKit has drawn the element matching `selector`.
    pub fn wait_until_drawn(&self, selector: &str) -> Result<()> {
        self.wait_until(&Self::drawn_script(selector))
    }

    pub fn click(&self, selector: &str) -> Result<()> {
        self.on_element(selector, |element| {
            self.reveal(element)?;
            self.request(
                "POST",
                &self.session_path(&format!("/element/{element}/click"))?,
                Some(json!({})),
            )?;
            Ok(())
        })
    }

    /// Types `text` into the element, as key presses (WebDriver "element send keys").
    pub fn type_text(&self, selector: &str, text: &str) -> Result<()> {
        self.on_element(selector, |element| {
            self.reveal(element)?;
            self.request(
                "POST",
                &self.session_path(&format!("/element/{element}/value"))?,
                Some(json!({"text": text})),
            )?;
            Ok(())
        })
    }

    /// Runs a script in the page (`return ...` to get a value back).
    pub fn execute(&self, script: &str) -> Result<Value> {
        self.request(
            "POST",
            &self.session_path("/execute/sync")?,
            Some(json!({"script": script, "args": []})),
        )
    }

    /// Sets a form control's value as a person choosing it would, announcing it with `event` ("change" for a
    /// select or date field, "input" for a text field). The value is passed as JSON, so any text is safe.
    pub fn set_value(&self, selector: &str, value: &str, event: &str) -> Result<()> {
        self.request(
            "POST",
            &self.session_path("/execute/sync")?,
            Some(json!({
                "script": "const el = document.querySelector(arguments[0]); el.value = arguments[1]; \
                           el.dispatchEvent(new Event(arguments[2], { bubbles: true })); return true;",
                "args": [selector, value, event],
            })),
        )?;
        Ok(())
    }

    /// Resizes the window, as a person dragging its corner would.
    pub fn set_window_size(&self, width: u32, height: u32) -> Result<()> {
        self.request(
            "POST",
            &self.session_path("/window/rect")?,
            Some(json!({ "width": width, "height": height })),
        )?;
        Ok(())
    }

    /// Waits until `script` returns `true`.
    pub fn wait_until(&self, script: &str) -> Result<()> {
        let deadline = Instant::now() + WAIT;
        loop {
            if self.execute(script)?.as_bool() == Some(true) {
                return Ok(());
            }
            if Instant::now() > deadline {
                return Err(format!("never true: {script}").into());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Runs an async script; it calls `arguments[arguments.length - 1](value)` when done.
    pub fn execute_async(&self, script: &str) -> Result<Value> {
        self.request(
            "POST",
            &self.session_path("/execute/async")?,
            Some(json!({"script": script, "args": []})),
        )
    }

    /// Waits until no process runs with this app's data directory (the app quit by itself).
    pub fn wait_for_exit(&self) -> Result<()> {
        let deadline = Instant::now() + WAIT;
        while !processes_mentioning(&self.data_dir).is_empty() {
            if Instant::now() > deadline {
                return Err(format!("the app is still running after {WAIT:?}").into());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Ok(())
    }

    /// Kills the app itself with SIGKILL, as a crash or a power cut would: no close request, no flush, no
    /// clean-up. The driver stays up; the WebDriver session is gone, so [`App::close`] only cleans up after.
    pub fn kill_app(&mut self) -> Result<()> {
        let binary = app_binary().canonicalize()?;
        let app_pids: Vec<u32> = processes_mentioning(&self.data_dir)
            .into_iter()
            .filter(|pid| std::fs::read_link(format!("/proc/{pid}/exe")).is_ok_and(|exe| exe == binary))
            .collect();
        if app_pids.is_empty() {
            return Err("no running app process to kill".into());
        }
        for pid in &app_pids {
            let status = Command::new("kill").args(["-KILL", &pid.to_string()]).status()?;
            if !status.success() {
                return Err(format!("kill -KILL {pid} failed").into());
            }
        }
        self.session = None;
        self.wait_for_exit()
    }

    /// Saves a screenshot named after this test and `label`.
    pub fn screenshot(&self, label: &str) -> Option<PathBuf> {
        screenshot(&format!("{}-{label}", self.name))
    }

    /// Insists the page logged no error or warning (`window.__cairnProblems`, see `ui/src/lib/diagnostics.ts`),
    /// then closes the app as [`App::close`] does.
    pub fn close_checked(self) -> Result<()> {
        let problems = self.execute("return window.__cairnProblems()")?;
        assert_eq!(
            problems,
            Value::Array(vec![]),
            "{}: the page logged problems",
            self.name
        );
        self.close();
        Ok(())
    }

    /// Ends the session (closing the window) and everything this app started. Call it when the test passed.
    pub fn close(mut self) {
        self.shut_down();
    }

    fn shut_down(&mut self) {
        if std::mem::replace(&mut self.shut_down, true) {
            return;
        }
        if let Ok(path) = self.session_path("") {
            let _ = self.request("DELETE", &path, None);
        }
        self.session = None;
        let group = format!("-{}", self.driver.id());
        let _ = Command::new("kill").args(["-TERM", "--", &group]).status();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline && matches!(self.driver.try_wait(), Ok(None)) {
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
        let _ = self.driver.wait();
        kill_processes_mentioning(&self.data_dir);
    }
}

/// An `App` dropped without [`App::close`] means the test failed (a panic or an early `?` return): the
/// screen is saved first, so the failure can be looked at.
impl Drop for App {
    fn drop(&mut self) {
        if self.session.is_some() {
            if let Some(path) = self.screenshot("failure") {
                eprintln!("screenshot of the failure: {}", path.display());
            }
        }
        self.shut_down();
    }
}

/// The processes whose command line contains `needle`, other than this one.
fn processes_mentioning(needle: &Path) -> Vec<u32> {
    let needle = needle.as_os_str().as_encoded_bytes();
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|entry| {
            let pid = entry.file_name().to_str()?.parse::<u32>().ok()?;
            let cmdline = std::fs::read(entry.path().join("cmdline")).ok()?;
            let mentions = !needle.is_empty() && cmdline.windows(needle.len()).any(|window| window == needle);
            (pid != std::process::id() && mentions).then_some(pid)
        })
        .collect()
}

/// Kills any process whose command line contains `needle` (the test's own data directory), in case the app
/// escaped the driver's process group.
fn kill_processes_mentioning(needle: &Path) {
    for pid in processes_mentioning(needle) {
        let _ = Command::new("kill").args(["-KILL", &pid.to_string()]).status();
    }
}
