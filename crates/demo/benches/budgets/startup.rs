//! Start-up in the real window: the release app launched under the start-up probe (`CAIRN_STARTUP_PROBE`), from
//! the moment before the process is spawned until the window says its first screen shows data, and the memory
//! (PSS) of the app and every WebKit process it started at that moment. The floor is the same binary showing a
//! blank page that calls one command. Launches of every kind alternate, so the machine's noise falls on all.
//! Then `pages` mode: every page opened in turn, from navigation until its data is on screen.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Launches of each kind (after one warm-up launch of each, not counted).
pub const LAUNCHES: usize = 7;
const PROBE_ENV: &str = "CAIRN_STARTUP_PROBE";
const GIVE_UP: Duration = Duration::from_secs(60);

/// What one launch measured.
pub struct Launch {
    pub to_data: Duration,
    pub pss_kib: u64,
    /// In `pages` mode: each page and how long it took to be usable.
    pub pages: Vec<(String, Duration)>,
    /// The profile: each mark of the start (Rust's and the page's) and when it came after the spawn.
    pub marks: Vec<(String, Duration)>,
}

/// Launches `app` on `data_dir` in probe `mode` and waits for its report (and the page timings in `pages`
/// mode), measures its memory, then ends it and its WebKit processes.
pub fn launch(app: &Path, data_dir: &Path, mode: &str) -> Result<Launch, String> {
    let started = now_micros();
    let mut child = Command::new(app)
        .arg("--data-dir")
        .arg(data_dir)
        .env(PROBE_ENV, mode)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("{} could not start: {e}", app.display()))?;
    let result = read_report(&mut child, mode, started);
    end_tree(&mut child);
    result
}

fn read_report(child: &mut Child, mode: &str, started: u128) -> Result<Launch, String> {
    let stdout = child.stdout.take().ok_or("no stdout")?;
    let (lines, receive) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if lines.send(line).is_err() {
                break;
            }
        }
    });
    let mut to_data = None;
    let mut pss_kib = 0;
    let mut marks = Vec::new();
    loop {
        let line = receive
            .recv_timeout(GIVE_UP)
            .map_err(|_| format!("no report from the probe ({mode}) within {GIVE_UP:?}"))?;
        let mut words = line.split_whitespace();
        if words.next() != Some("cairn-probe") {
            continue;
        }
        let kind = words.next().unwrap_or_default();
        let at: u128 = words
            .next()
            .and_then(|w| w.parse().ok())
            .ok_or("a probe line without a time")?;
        match kind {
            "ready" if to_data.is_none() => {
                to_data = Some(Duration::from_micros((at.saturating_sub(started)) as u64));
                marks = profile(words.clone(), started, at);
                // Measured at once, while the first screen is up and before anything else is opened.
                pss_kib = tree_pss_kib(child.id());
                if mode != "pages" {
                    return Ok(Launch {
                        to_data: to_data.unwrap_or_default(),
                        pss_kib,
                        pages: Vec::new(),
                        marks,
                    });
                }
            }
            "pages" => {
                let pages = words
                    .filter_map(|pair| {
                        let (page, micros) = pair.split_once('=')?;
                        Some((page.to_owned(), Duration::from_micros(micros.parse().ok()?)))
                    })
                    .collect();
                return Ok(Launch {
                    to_data: to_data.unwrap_or_default(),
                    pss_kib,
                    pages,
                    marks,
                });
            }
            _ => {}
        }
    }
}

/// The marks of a `ready` line as times after the spawn. Rust's are `name@<unix µs>`; the page's are
/// `name=<µs after the page began>`, placed by its last mark (`painted`), which came just before the report.
fn profile<'a>(words: impl Iterator<Item = &'a str>, started: u128, ready: u128) -> Vec<(String, Duration)> {
    let mut rust = Vec::new();
    let mut page = Vec::new();
    for word in words {
        if let Some((name, at)) = word.split_once('@') {
            if let Ok(at) = at.parse::<u128>() {
                rust.push((name.to_owned(), at.saturating_sub(started)));
            }
        } else if let Some((name, micros)) = word.split_once('=') {
            if let Ok(micros) = micros.parse::<u128>() {
                page.push((format!("page: {name}"), micros));
            }
        }
    }
    let began = page
        .last()
        .map(|(_, painted)| ready.saturating_sub(started).saturating_sub(*painted))
        .unwrap_or_default();
    let mut marks: Vec<(String, u128)> = rust;
    marks.push(("page: began loading".to_owned(), began));
    marks.extend(page.into_iter().map(|(name, micros)| (name, began + micros)));
    marks.push(("reported ready".to_owned(), ready.saturating_sub(started)));
    marks
        .into_iter()
        .map(|(name, micros)| (name, Duration::from_micros(micros as u64)))
        .collect()
}

fn now_micros() -> u128 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|since| since.as_micros())
        .unwrap_or_default()
}

/// `pid` and every process below it.
fn tree(pid: u32) -> Vec<u32> {
    let mut parents: Vec<(u32, u32)> = Vec::new();
    if let Ok(entries) = std::fs::read_dir("/proc") {
        for entry in entries.flatten() {
            let Some(child) = entry.file_name().to_str().and_then(|n| n.parse::<u32>().ok()) else {
                continue;
            };
            // The parent is the 2nd field after the command name, which is in parentheses and may hold spaces.
            let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
                continue;
            };
            let parent = stat
                .rsplit_once(')')
                .and_then(|(_, rest)| rest.split_whitespace().nth(1))
                .and_then(|p| p.parse().ok());
            if let Some(parent) = parent {
                parents.push((child, parent));
            }
        }
    }
    let mut found = vec![pid];
    let mut index = 0;
    while index < found.len() {
        let parent = found[index];
        found.extend(parents.iter().filter(|(_, p)| *p == parent).map(|(c, _)| *c));
        index += 1;
    }
    found
}

/// The proportional set size of `pid` and its descendants, in KiB.
fn tree_pss_kib(pid: u32) -> u64 {
    tree(pid)
        .into_iter()
        .filter_map(|p| std::fs::read_to_string(format!("/proc/{p}/smaps_rollup")).ok())
        .filter_map(|rollup| {
            rollup
                .lines()
                .find(|line| line.starts_with("Pss:"))
                .and_then(|line| line.split_whitespace().nth(1))
                .and_then(|kib| kib.parse::<u64>().ok())
        })
        .sum()
}

fn end_tree(child: &mut Child) {
    let pids = tree(child.id());
    for pid in pids.iter().rev() {
        let _ = Command::new("kill").arg("-KILL").arg(pid.to_string()).status();
    }
    let _ = child.wait();
}

/// Where the app is: `CAIRN_APP`, as `make bench` sets it after building the release binary.
pub fn app() -> Option<PathBuf> {
    std::env::var_os("CAIRN_APP")
        .map(PathBuf::from)
        .filter(|p| p.exists())
}
