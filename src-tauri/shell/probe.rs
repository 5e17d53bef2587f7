//! The start-up probe, for `make bench` (`CAIRN_STARTUP_PROBE=blank|code|frame|dashboard|pages`). The window
//! tells Rust when its first screen shows data (`app_ready`, which every run calls: it also starts the start-up
//! work that could wait). Under the probe, Cairn then prints that moment on stdout for the bench, which measures
//! the memory of the app and its WebKit processes and ends them. `blank` shows an empty page that only calls
//! `app_ready` (the floor); `pages` then opens every page and reports how long each took to be usable. Two steps
//! between the floor and the dashboard tell where its start goes: `code` is the blank page that also loads the
//! app's code and shows nothing, `frame` the app (sidebar and all) with an empty first page and no dashboard read.
//!
//! For the profile of a start, Rust marks when it reached `main`, opened the store and built the window, and
//! the page sends its own marks (its script running, the app's code loaded, the first data back, painted).

use serde::Deserialize;
use std::io::Write;
use std::sync::Mutex;
use std::time::{SystemTime, UNIX_EPOCH};

/// Rust's marks of this start: a name and when (Unix µs).
static MARKS: Mutex<Vec<(&'static str, u128)>> = Mutex::new(Vec::new());

/// The environment variable that turns the probe on.
pub const PROBE_ENV: &str = "CAIRN_STARTUP_PROBE";

/// The probe's mode, when it is on and known.
pub fn mode() -> Option<&'static str> {
    let mode = std::env::var(PROBE_ENV).ok()?;
    ["blank", "code", "frame", "dashboard", "pages"]
        .into_iter()
        .find(|known| *known == mode)
}

/// The script that tells the page the probe's mode before any of its own code runs.
pub fn init_script(mode: &str) -> String {
    format!("window.__CAIRN_PROBE__ = {mode:?};")
}

/// How long one page took from navigation until its data was on screen.
#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PageTiming {
    pub page: String,
    pub micros: u32,
}

fn unix_micros() -> u128 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|since| since.as_micros())
        .unwrap_or_default()
}

/// Records that start-up reached `name` now (only under the probe).
pub fn mark(name: &'static str) {
    if mode().is_some() {
        MARKS
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .push((name, unix_micros()));
    }
}

/// Prints what the window reported, when the probe is on. The first report is the first screen with data:
/// `cairn-probe ready <unix µs> <rust mark>@<unix µs> … <page mark>=<µs after the page began> …`. Later ones
/// carry page timings: `cairn-probe pages <unix µs> <page>=<µs> …`.
pub fn report(timings: &[PageTiming]) {
    if mode().is_none() {
        return;
    }
    let mut marks = MARKS.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let first = !marks.iter().any(|(name, _)| *name == "ready");
    let now = unix_micros();
    let mut line = if first {
        let mut line = format!("cairn-probe ready {now}");
        for (name, at) in marks.iter() {
            line.push_str(&format!(" {name}@{at}"));
        }
        marks.push(("ready", now));
        line
    } else {
        format!("cairn-probe pages {now}")
    };
    for timing in timings {
        line.push_str(&format!(" {}={}", timing.page, timing.micros));
    }
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{line}");
    let _ = out.flush();
}
