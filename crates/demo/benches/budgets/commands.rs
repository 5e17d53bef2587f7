//! Every IPC command that reads, on `cairn demo --scale large` data in a real file, against its own SQL run
//! directly. The command is what the shell does (the store call) plus the JSON it sends; the floor
//! is the exact statements that call ran (recorded with their parameters, `Store::record_statements`), run
//! with nothing built from them. Calls alternate with their floor, 200 each, so the noise of this machine
//! falls on both. Budget (issue 18): p99 ≤ 5 ms and ≤ 2× the floor (or less than 0.05 ms above it).
//!
//! "Every" is checked against the window's generated bindings: a command there that neither appears below nor
//! is named as a change or an action (`is_change`) is reported as not measured, and the goal is not met.

use crate::{ms, Tails};
use cairn_core::{Id, Result};
use cairn_report::model::{ReportRequest, ReportSections};
use cairn_store::notes::{NoteFilter, SearchRequest};
use cairn_store::Store;
use jiff::{Timestamp, ZonedDateTime};
use std::time::{Duration, Instant};

const CALLS: usize = 200;
const WARM_UP: usize = 5;
const P99_BUDGET: Duration = Duration::from_millis(5);
const RATIO_BUDGET: f64 = 2.0;
/// What a command may add to its floor whatever the ratio: less than one IPC round trip costs, so a call of a
/// few microseconds is not held to twice its statements' microseconds.
const ADDED_BUDGET: Duration = Duration::from_micros(50);

type Run = Box<dyn Fn(&Store) -> Result<usize>>;

/// Every command the window can call, as tauri-specta generated them for it.
const BINDINGS: &str = include_str!("../../../../ui/src/lib/bindings.ts");

/// Whether a command changes something or acts (exports, opens a file, sends): by Cairn's naming, its name
/// starts with a verb; reads are named for what they return. `start` reads; `start_timer` starts one.
fn is_change(command: &str) -> bool {
    const VERBS: [&str; 24] = [
        "add_", "edit_", "update_", "delete_", "restore_", "remove_", "set_", "save_", "create_", "move_",
        "reset_", "record_", "export_", "open_", "pause_", "resume_", "stop_", "discard_", "snooze_",
        "send_", "back_up_", "skip_", "empty_", "resolve_",
    ];
    VERBS.iter().any(|verb| command.starts_with(verb))
        || ["app_ready", "start_timer", "sync_now"].contains(&command)
}

/// The commands in the bindings that are reads and have no line in `measured`.
fn not_measured(measured: &[&str]) -> Vec<String> {
    BINDINGS
        .lines()
        .filter_map(|line| {
            line.split_once("__TAURI_INVOKE<")?
                .1
                .split_once(">(\"")?
                .1
                .split_once('"')
        })
        .map(|(name, _)| name.to_owned())
        .filter(|name| !is_change(name))
        .filter(|name| {
            !measured
                .iter()
                .any(|line| line.split_whitespace().next() == Some(name.as_str()))
        })
        .collect()
}

/// The locale the shell writes dates in (`date_locale` there), with no system locale.
fn date_locale(store: &Store) -> Result<String> {
    Ok(cairn_core::time::effective_locale(
        store.profile()?.locale.as_deref(),
        None,
    ))
}

/// A read command as the shell runs it: the answer, serialized as the IPC layer does.
fn command<T: serde::Serialize>(call: impl Fn(&Store) -> Result<T> + 'static) -> Run {
    Box::new(move |store| {
        let value = call(store)?;
        Ok(serde_json::to_vec(&value).map(|json| json.len()).unwrap_or(0))
    })
}

/// What the read commands' run found.
pub struct Verdict {
    /// The commands over budget.
    pub over: Vec<&'static str>,
    /// How many were measured.
    pub count: usize,
    /// Read commands of the window's bindings with no line here.
    pub missing: Vec<String>,
}

/// Measures every read command and prints its line.
pub fn run(store: &mut Store) -> Result<Verdict> {
    let now = ZonedDateTime::now();
    let today = now.date();
    let ids = Ids::find(store)?;

    let commands: Vec<(&'static str, Run)> = vec![
        ("app_status", command(|s| s.info())),
        ("profile", command(|s| s.profile())),
        ("date_locale", command(date_locale)),
        (
            "locales",
            command(|_| Ok(cairn_core::checklist::LOCALES.to_vec())),
        ),
        (
            "backups",
            command(|s| cairn_store::backup::list_backups(s.data_dir())),
        ),
        // The app's first call with the dashboard in it, as the shell answers it (less the desktop font, which
        // GTK read once at start).
        ("start (with the dashboard)", {
            let now = now.clone();
            command(move |s| {
                Ok((
                    s.info()?,
                    s.profile()?,
                    date_locale(s)?,
                    s.timer(now.timestamp())?,
                    s.dashboard(today)?,
                ))
            })
        }),
        ("dashboard", command(move |s| s.dashboard(today))),
        // Nothing matches, so every list is read to its end: the slowest answer.
        ("quick_find (no match)", command(|s| s.quick_find("zqxw"))),
        ("reminder_settings", command(|s| s.reminder_settings())),
        ("pathway_overview", command(move |s| s.pathway_overview(today))),
        ("milestone_detail", {
            let key = ids.milestone.clone();
            command(move |s| s.milestone_detail(&key))
        }),
        (
            "notes",
            command(|s| {
                s.notes(&NoteFilter {
                    limit: Some(100),
                    ..NoteFilter::default()
                })
            }),
        ),
        ("note", command(move |s| s.note(ids.note))),
        (
            "search_notes (a word in most notes)",
            command(|s| {
                s.search_notes(&SearchRequest {
                    text: "outcomes".into(),
                    limit: Some(50),
                    ..SearchRequest::default()
                })
            }),
        ),
        ("tags", command(|s| s.tags())),
        ("attachment_choices", command(|s| s.attachment_choices())),
        ("render_markdown", {
            let body = store.note(ids.note)?.body;
            command(move |_| Ok(cairn_core::markdown::render(&body)))
        }),
        ("note_file_name", command(move |s| s.note_file_name(ids.note))),
        (
            "note_versions",
            command(move |s| s.note_versions(ids.versioned_note)),
        ),
        ("note_version", command(move |s| s.note_version(ids.version))),
        (
            "competency_overview",
            command(move |s| s.competency_overview(today)),
        ),
        ("competency", command(move |s| s.competency(ids.competency))),
        (
            "competency_history",
            command(move |s| s.competency_history(ids.competency)),
        ),
        ("competency_gaps", command(move |s| s.competency_gaps(today))),
        ("assessment", command(move |s| s.assessment(ids.assessment))),
        ("assessments", command(|s| s.assessments())),
        ("study_timer", command(|s| s.timer(Timestamp::now()))),
        ("study_sessions", command(|s| s.sessions(0, 25))),
        ("study_week", command(move |s| s.study_week(today))),
        (
            "study_heatmap",
            command(move |s| s.study_heatmap(cairn_core::study::add_days(today, -364), today)),
        ),
        ("study_totals", command(move |s| s.study_totals(None, today))),
        ("study_breaks", command(|s| s.breaks())),
        ("portfolio", command(|s| s.portfolio())),
        ("piece", command(move |s| s.piece(ids.piece))),
        ("contacts", command(|s| s.contacts())),
        ("contact", command(move |s| s.contact(ids.contact))),
        ("follow_ups", command(move |s| s.follow_ups(today))),
        ("organisations", command(|s| s.organisations())),
        ("organisation", command(move |s| s.organisation(ids.organisation))),
        ("pipeline_figures", command(move |s| s.pipeline_figures(today))),
        ("rate_plan", command(|s| s.rate_plan())),
        ("projects", command(|s| s.projects())),
        ("estimate_figures", command(|s| s.estimate_figures())),
        (
            "disclosure_record",
            command(move |s| s.disclosure_record(today, &date_locale(s)?)),
        ),
        ("sync_status", command(|s| s.sync_status())),
        ("sync_conflicts", command(|s| s.sync_conflicts())),
        ("report_preview (all time, every part)", {
            let now = now.clone();
            command(move |s| {
                let request = ReportRequest {
                    from: None,
                    to: None,
                    sections: ReportSections::default(),
                    note_ids: Vec::new(),
                };
                let locale = date_locale(s)?;
                let report = cairn_report::progress::gather(s, &request, &now, &locale)?;
                Ok(cairn_report::html::preview(&report))
            })
        }),
        (
            "sample_pack_default",
            command(cairn_report::pack::default_request),
        ),
    ];

    println!(
        "Read commands on the large demo, {CALLS} calls each, alternating with their floor (the same SQL run directly)."
    );
    println!(
        "{:<40} {:>8} {:>8} {:>8} {:>10} {:>10} {:>7} {:>7}  verdict",
        "command", "p50 ms", "p99 ms", "max ms", "floor p50", "floor p99", "×p50", "×p99"
    );
    let mut failing = Vec::new();
    for (name, run) in &commands {
        let (_, statements) = store.record_statements(|s| run(s))?;
        for _ in 0..WARM_UP {
            run(store)?;
            store.replay_statements(&statements)?;
        }
        let mut calls = Vec::with_capacity(CALLS);
        let mut floors = Vec::with_capacity(CALLS);
        for _ in 0..CALLS {
            let start = Instant::now();
            std::hint::black_box(run(store)?);
            calls.push(start.elapsed());
            if !statements.is_empty() {
                let start = Instant::now();
                std::hint::black_box(store.replay_statements(&statements)?);
                floors.push(start.elapsed());
            }
        }
        let call = Tails::of(calls);
        let line = if statements.is_empty() {
            let verdict = if call.p99 <= P99_BUDGET {
                "ok (no SQL)"
            } else {
                "OVER"
            };
            format!(
                "{name:<40} {:>8.3} {:>8.3} {:>8.3} {:>10} {:>10} {:>7} {:>7}  {verdict}",
                ms(call.p50),
                ms(call.p99),
                ms(call.max),
                "–",
                "–",
                "–",
                "–"
            )
        } else {
            let floor = Tails::of(floors);
            let ratio50 = call.p50.as_secs_f64() / floor.p50.as_secs_f64().max(1e-9);
            let ratio99 = call.p99.as_secs_f64() / floor.p99.as_secs_f64().max(1e-9);
            let over_time = call.p99 > P99_BUDGET;
            let over_ratio = ratio50 > RATIO_BUDGET && call.p50.saturating_sub(floor.p50) > ADDED_BUDGET;
            let verdict = match (over_time, over_ratio) {
                (false, false) => "ok".to_owned(),
                (true, false) => "OVER 5 ms".to_owned(),
                (false, true) => format!("OVER 2× ({} statements)", statements.len()),
                (true, true) => format!("OVER both ({} statements)", statements.len()),
            };
            format!(
                "{name:<40} {:>8.3} {:>8.3} {:>8.3} {:>10.3} {:>10.3} {:>7.2} {:>7.2}  {verdict}",
                ms(call.p50),
                ms(call.p99),
                ms(call.max),
                ms(floor.p50),
                ms(floor.p99),
                ratio50,
                ratio99
            )
        };
        println!("{line}");
        if line.contains("OVER") {
            failing.push(*name);
            slowest_statements(store, &statements)?;
        }
    }
    let names: Vec<&str> = commands.iter().map(|(name, _)| *name).collect();
    Ok(Verdict {
        over: failing,
        count: commands.len(),
        missing: not_measured(&names),
    })
}

/// Under a command over budget: its three slowest statements, each the median of 21 runs on its own, so the
/// line says where its time goes.
fn slowest_statements(store: &Store, statements: &[String]) -> Result<()> {
    let mut timed = Vec::new();
    for sql in statements {
        let one = [sql.clone()];
        let mut times: Vec<Duration> = (0..21)
            .map(|_| {
                let start = Instant::now();
                store.replay_statements(&one).map(|_| start.elapsed())
            })
            .collect::<Result<_>>()?;
        times.sort();
        timed.push((times[times.len() / 2], sql));
    }
    timed.sort_by_key(|(time, _)| std::cmp::Reverse(*time));
    for (time, sql) in timed.iter().take(3) {
        let sql: String = sql.split_whitespace().collect::<Vec<_>>().join(" ");
        let shown: String = sql.chars().take(110).collect();
        println!("    {:>8.3} ms  {shown}", ms(*time));
    }
    Ok(())
}

/// Records the commands that take an id are asked about: the ones with the most behind them.
struct Ids {
    milestone: String,
    note: Id,
    versioned_note: Id,
    version: Id,
    competency: Id,
    assessment: Id,
    piece: Id,
    contact: Id,
    organisation: Id,
}

impl Ids {
    fn find(store: &mut Store) -> Result<Ids> {
        let overview = store.pathway_overview(ZonedDateTime::now().date())?;
        let milestone = overview
            .milestones
            .iter()
            .max_by_key(|m| m.progress.total)
            .map(|m| m.key.clone())
            .unwrap_or_default();
        let notes = store.notes(&NoteFilter {
            limit: Some(200),
            ..NoteFilter::default()
        })?;
        // The longest of the newest notes; and a note with 1,000 versions, the worst case of its history.
        let mut note = Id(0);
        let mut longest = 0;
        for summary in &notes.notes {
            let length = store.note(summary.id)?.body.len();
            if length > longest {
                (note, longest) = (summary.id, length);
            }
        }
        let versioned_note = crate::common::note_with_history(store);
        let version = store
            .note_versions(versioned_note)?
            .first()
            .map(|v| v.id)
            .unwrap_or_default();
        let competency = store
            .competency_overview(ZonedDateTime::now().date())?
            .competencies
            .first()
            .map(|c| c.id)
            .unwrap_or_default();
        let assessment = store.assessments()?.first().map(|a| a.id).unwrap_or_default();
        let piece = store
            .portfolio()?
            .pieces
            .first()
            .map(|p| p.id)
            .unwrap_or_default();
        let contact = store.contacts()?.first().map(|c| c.id).unwrap_or_default();
        let organisation = store.organisations()?.first().map(|o| o.id).unwrap_or_default();
        Ok(Ids {
            milestone,
            note,
            versioned_note,
            version,
            competency,
            assessment,
            piece,
            contact,
            organisation,
        })
    }
}
