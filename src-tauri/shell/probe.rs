//! The start-up probe, for `make bench` (`CAIRN_STARTUP_PROBE=blank|dashboard|pages`). The window tells Rust
//! when its first screen shows data (`app_ready`, which every run calls: it also starts the start-up work that
//! could wait). Under the probe, Cairn then prints that moment on stdout for the bench, which measures the
//! memory of the app and its WebKit processes and ends them. `blank` shows an empty page that only calls
//! `app_ready` (the floor); `pages` then opens every page and reports how long each took to be usable.

use serde::Deserialize;
use std::io::Write;
use std::time::{SystemTime, UNIX_EPOCH};

/// The environment variable that turns the probe on.
pub const PROBE_ENV: &str = "CAIRN_STARTUP_PROBE";

/// The probe's mode, when it is on and known.
pub fn mode() -> Option<&'static str> {
    let mode = std::env::var(PROBE_ENV).ok()?;
    ["blank", "dashboard", "pages"]
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

/// Prints what the window reported, when the probe is on: `cairn-probe ready <unix µs>` the first time, and
/// `cairn-probe pages <unix µs> <page>=<µs> …` when it sends page timings.
pub fn report(pages: &[PageTiming]) {
    if mode().is_none() {
        return;
    }
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|since| since.as_micros())
        .unwrap_or_default();
    let mut line = if pages.is_empty() {
        format!("cairn-probe ready {now}")
    } else {
        format!("cairn-probe pages {now}")
    };
    for timing in pages {
        line.push_str(&format!(" {}={}", timing.page, timing.micros));
    }
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{line}");
    let _ = out.flush();
}
