//! `make bench` budgets (issue 18), printed as tables a person can read, each figure beside the floor it is
//! held to, measured in the same run: start-up and memory against a blank page of the same binary; each page
//! of the window; every read command against its own SQL run directly; import and backup; and sizes. The
//! last table says, goal by goal, whether the budget is met. Read the ratios and the tails rather than one
//! absolute time: this kind of machine is noisy.
//!
//! The start-up and page figures need the release app (`CAIRN_APP`, which `make bench` sets) and a display
//! (`make bench` runs under Xvfb); without them those rows say "not measured".

mod commands;
#[path = "../common/mod.rs"]
mod common;
mod sizes;
mod startup;
mod sync;
mod transfer;

use cairn_demo::{fill, Scale};
use cairn_store::Store;
use std::path::Path;
use std::time::Duration;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut verdicts: Vec<(String, String, String, bool)> = Vec::new();
    let mut goal = |name: &str, budget: &str, measured: String, met: bool| {
        verdicts.push((name.to_owned(), budget.to_owned(), measured, met));
    };

    // Start-up and pages, in the real window.
    match (startup::app(), std::env::var_os("DISPLAY")) {
        (Some(app), Some(_)) => {
            let small = tempfile::tempdir()?;
            let large = tempfile::tempdir()?;
            demo(small.path(), Scale::Small)?;
            demo(large.path(), Scale::Large)?;
            // The floor, two steps towards the dashboard (what the app's code alone adds, then its frame with an
            // empty page: see `src-tauri/shell/probe.rs`), the dashboard on both demos, and the pages.
            let kinds: [(&str, &Path, &str); 6] = [
                ("blank page (floor), large demo", large.path(), "blank"),
                ("  + the app's code, nothing shown", large.path(), "code"),
                ("  + the app's frame, empty page", large.path(), "frame"),
                ("dashboard, small demo", small.path(), "dashboard"),
                ("dashboard, large demo", large.path(), "dashboard"),
                ("every page, large demo", large.path(), "pages"),
            ];
            let (dashboard_large, every_page) = (4, 5);
            let mut launches: Vec<Vec<startup::Launch>> = kinds.iter().map(|_| Vec::new()).collect();
            for round in 0..=startup::LAUNCHES {
                for (index, (_, dir, mode)) in kinds.iter().enumerate() {
                    let launch = startup::launch(&app, dir, mode)?;
                    if round > 0 {
                        launches[index].push(launch);
                    }
                }
            }
            println!(
                "\nStart-up: process start to first screen with data, {} launches each (after a warm-up), alternating",
                startup::LAUNCHES
            );
            println!(
                "{:<34} {:>8} {:>8} {:>8} {:>9} {:>9} {:>8}",
                "launch", "p50 s", "max s", "× floor", "PSS MiB", "max MiB", "× floor"
            );
            let floor_time = median(launches[0].iter().map(|l| l.to_data).collect());
            let floor_pss = median(launches[0].iter().map(|l| l.pss_kib).collect());
            let mut ratios = Vec::new();
            for ((name, _, _), runs) in kinds.iter().zip(&launches).take(every_page) {
                let times: Vec<Duration> = runs.iter().map(|l| l.to_data).collect();
                let pss: Vec<u64> = runs.iter().map(|l| l.pss_kib).collect();
                let time_ratio = median(times.clone()).as_secs_f64() / floor_time.as_secs_f64();
                let pss_ratio = median(pss.clone()) as f64 / floor_pss as f64;
                ratios.push((time_ratio, pss_ratio));
                println!(
                    "{name:<34} {:>8.3} {:>8.3} {:>8.2} {:>9.1} {:>9.1} {:>8.2}",
                    median(times.clone()).as_secs_f64(),
                    times.iter().max().copied().unwrap_or_default().as_secs_f64(),
                    time_ratio,
                    median(pss.clone()) as f64 / 1024.0,
                    pss.iter().max().copied().unwrap_or_default() as f64 / 1024.0,
                    pss_ratio,
                );
            }
            // Where the time of the large demo's start went: each mark's median time after the spawn.
            println!("\nWhere a start goes (dashboard, large demo): median time after the spawn, and since the mark before");
            println!("{:<34} {:>8} {:>8}", "mark", "at ms", "+ms");
            let names: Vec<String> = launches[dashboard_large]
                .first()
                .map(|l| l.marks.iter().map(|(name, _)| name.clone()).collect())
                .unwrap_or_default();
            let mut before = Duration::ZERO;
            for (index, name) in names.iter().enumerate() {
                let at = median(
                    launches[dashboard_large]
                        .iter()
                        .filter_map(|l| l.marks.get(index).map(|(_, t)| *t))
                        .collect(),
                );
                println!(
                    "{name:<34} {:>8.1} {:>8.1}",
                    ms(at),
                    ms(at.saturating_sub(before))
                );
                before = at;
            }
            let (time_ratio, pss_ratio) = ratios[dashboard_large];
            goal(
                "start to dashboard, large demo",
                "≤ 1.10× blank",
                format!("{time_ratio:.2}×"),
                time_ratio <= 1.10,
            );
            goal(
                "memory at first data, large demo",
                "≤ 1.10× blank",
                format!("{pss_ratio:.2}×"),
                pss_ratio <= 1.10,
            );

            println!(
                "\nPages: navigation to data on screen, large demo, {} runs",
                startup::LAUNCHES
            );
            println!("{:<14} {:>8} {:>8}", "page", "p50 ms", "max ms");
            let mut slowest = Duration::ZERO;
            let names: Vec<String> = launches[every_page]
                .first()
                .map(|l| l.pages.iter().map(|(page, _)| page.clone()).collect())
                .unwrap_or_default();
            for (index, page) in names.iter().enumerate() {
                let times: Vec<Duration> = launches[every_page]
                    .iter()
                    .filter_map(|l| l.pages.get(index).map(|(_, t)| *t))
                    .collect();
                let max = times.iter().max().copied().unwrap_or_default();
                slowest = slowest.max(median(times.clone()));
                println!("{page:<14} {:>8.1} {:>8.1}", ms(median(times)), ms(max));
            }
            goal(
                "every page usable (slowest p50)",
                "≤ 150 ms",
                format!("{:.0} ms", ms(slowest)),
                slowest <= Duration::from_millis(150),
            );
        }
        _ => {
            println!("\nStart-up and pages: not measured (set CAIRN_APP to the release app and run under a display: `make bench`).");
            goal(
                "start to dashboard, large demo",
                "≤ 1.10× blank",
                "not measured".into(),
                false,
            );
        }
    }

    let mut guard = common::LARGE.lock().map_err(|_| "the store lock")?;
    let store = &mut guard.1;

    println!();
    let read = commands::run(store)?;
    let measured = if read.missing.is_empty() {
        format!("{} of {}", read.count - read.over.len(), read.count)
    } else {
        format!(
            "{} of {} + {} unmeasured",
            read.count - read.over.len(),
            read.count,
            read.missing.len()
        )
    };
    goal(
        "read commands: p99 ≤ 5 ms and ≤ 2× SQL",
        "all",
        measured,
        read.over.is_empty() && read.missing.is_empty(),
    );
    if !read.over.is_empty() {
        println!("over budget: {}", read.over.join(", "));
    }
    if !read.missing.is_empty() {
        println!(
            "read commands of the window not measured here: {}",
            read.missing.join(", ")
        );
    }

    let imports = transfer::import_times(store)?;
    let backups = transfer::backup_times(store)?;
    println!("\nWhole store, large demo, {} runs each", transfer::RUNS);
    println!("{:<34} {:>8} {:>8}", "", "p50 s", "max s");
    for (name, times) in [("cairn import of its export", &imports), ("backup", &backups)] {
        println!(
            "{name:<34} {:>8.3} {:>8.3}",
            median(times.clone()).as_secs_f64(),
            times.iter().max().copied().unwrap_or_default().as_secs_f64()
        );
    }
    let year = sync::year_of_changes()?;
    let join = sync::join_ten_years()?;
    println!("\nSync: another device applying changes, against a floor measured in the same run (count: the");
    println!("files or records applied; from a snapshot, the files replayed after it)");
    println!(
        "{:<64} {:>7} {:>8} {:>8} {:>8}",
        "", "count", "apply s", "floor s", "× floor"
    );
    for (name, figures) in [
        (
            "a year of small changes replayed (files) vs making them",
            &year.replayed,
        ),
        (
            "a device set up after that year, from a snapshot, vs replay",
            &year.joined,
        ),
        ("a device joining ten years (records) vs cairn import", &join),
    ] {
        println!(
            "{name:<64} {:>7} {:>8.2} {:>8.2} {:>8.2}",
            figures.count,
            figures.apply.as_secs_f64(),
            figures.floor.as_secs_f64(),
            figures.apply.as_secs_f64() / figures.floor.as_secs_f64()
        );
    }

    let import = median(imports);
    let backup = median(backups);
    goal(
        "cairn import, large demo",
        "≤ 1 s",
        format!("{:.2} s", import.as_secs_f64()),
        import <= Duration::from_secs(1),
    );
    goal(
        "backup, large demo",
        "≤ 0.5 s",
        format!("{:.2} s", backup.as_secs_f64()),
        backup <= Duration::from_millis(500),
    );

    println!("\nSizes");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(Into::into)
        .unwrap_or_else(|| root.join("target"));
    if let Some(app) = startup::app() {
        let size = std::fs::metadata(&app)?.len();
        println!("release binary {:>8.1} MiB  {}", sizes::mib(size), app.display());
        goal(
            "release binary",
            "≤ 30 MiB",
            format!("{:.1} MiB", sizes::mib(size)),
            sizes::mib(size) <= 30.0,
        );
    }
    match sizes::deb(&target) {
        Some((path, size)) => {
            println!(".deb           {:>8.1} MiB  {}", sizes::mib(size), path.display());
            goal(
                ".deb",
                "≤ 15 MiB",
                format!("{:.1} MiB", sizes::mib(size)),
                sizes::mib(size) <= 15.0,
            );
        }
        None => println!(".deb           not built (`make bundle`)"),
    }
    if let Some(js) = sizes::js_gzipped(&root.join("ui/dist")) {
        println!("UI JavaScript  {:>8.1} KB gzipped", js as f64 / 1000.0);
        goal(
            "UI JavaScript, gzipped",
            "≤ 120 KB",
            format!("{:.0} KB", js as f64 / 1000.0),
            js <= 120_000,
        );
    }

    println!("\nBudgets");
    println!("{:<42} {:<16} {:<14} verdict", "goal", "budget", "measured");
    for (name, budget, measured, met) in &verdicts {
        println!(
            "{name:<42} {budget:<16} {measured:<14} {}",
            if *met { "met" } else { "NOT MET" }
        );
    }
    Ok(())
}

/// A demo database of `scale` in `dir`, as `cairn demo` makes it.
fn demo(dir: &Path, scale: Scale) -> Result<(), Box<dyn std::error::Error>> {
    let now = jiff::Timestamp::now();
    let mut store = Store::open_with_pathway(dir, now)?;
    fill(&mut store, scale, now)?;
    Ok(())
}

pub fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

fn median<T: Ord + Copy + Default>(mut values: Vec<T>) -> T {
    values.sort();
    values.get(values.len() / 2).copied().unwrap_or_default()
}

/// The median, the 99th percentile and the slowest of a set of timings.
pub struct Tails {
    pub p50: Duration,
    pub p99: Duration,
    pub max: Duration,
}

impl Tails {
    pub fn of(mut times: Vec<Duration>) -> Tails {
        times.sort();
        let at = |fraction: f64| times[((times.len() - 1) as f64 * fraction).round() as usize];
        Tails {
            p50: at(0.50),
            p99: at(0.99),
            max: at(1.0),
        }
    }
}
