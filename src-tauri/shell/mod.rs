//! The only part of Cairn that knows about Tauri: it wires the plugins, the state and the commands, converts
//! between IPC and the store, and delegates. No rule of the product lives here.
//!
//! To add a command: write it in its area's file under `commands/` (async, returning `Result<_, ErrorPayload>`),
//! name it in [`specta_builder`] (the build fails until you do), then run `make bindings` to regenerate
//! `ui/src/lib/bindings.ts` (a test fails until you do).

mod commands;
mod desktop_font;
pub mod navigation;
pub mod probe;
mod reminders;
pub mod state;

use std::path::{Path, PathBuf};
use tauri::{Manager, Runtime};
use tauri_specta::{collect_commands, ErrorHandlingMode};

pub use state::AppState;

/// Where the generated TypeScript bindings live, relative to the repository root.
pub const BINDINGS_PATH: &str = "ui/src/lib/bindings.ts";

const BINDINGS_HEADER: &str =
    "// Generated from the Rust commands by tauri-specta. Do not edit: run `make bindings`.";

/// Every command the UI can call, with its types, for both the invoke handler and the generated bindings.
pub fn specta_builder<R: Runtime>() -> tauri_specta::Builder<R> {
    tauri_specta::Builder::<R>::new()
        .commands(collect_commands![
            commands::app::start,
            commands::app::app_status,
            commands::app::app_ready,
            commands::app::open_data_dir,
            commands::app::move_data_dir,
            commands::app::profile,
            commands::app::save_profile,
            commands::app::save_report_preferences,
            commands::app::date_locale,
            commands::app::locales,
            commands::app::skip_welcome,
            commands::app::export_data,
            commands::app::export_csv,
            commands::app::backups,
            commands::app::back_up_now,
            commands::app::restore_backup,
            commands::sync::sync_status,
            commands::sync::set_up_sync,
            commands::sync::sync_now,
            commands::sync::sync_conflicts,
            commands::sync::resolve_sync_conflict,
            commands::pathway::dashboard,
            commands::pathway::pathway_overview,
            commands::pathway::milestone_detail,
            commands::pathway::set_item_done,
            commands::pathway::add_item,
            commands::pathway::edit_item,
            commands::pathway::reset_item,
            commands::pathway::set_item_hidden,
            commands::pathway::delete_item,
            commands::pathway::restore_item,
            commands::pathway::move_item,
            commands::notes::notes,
            commands::notes::note,
            commands::notes::create_note,
            commands::notes::save_note,
            commands::notes::delete_note,
            commands::notes::restore_note,
            commands::notes::empty_trash,
            commands::notes::search_notes,
            commands::notes::tags,
            commands::notes::create_tag,
            commands::notes::attachment_choices,
            commands::notes::render_markdown,
            commands::notes::note_file_name,
            commands::notes::export_note,
            commands::notes::note_versions,
            commands::notes::note_version,
            commands::notes::restore_note_version,
            commands::competencies::competency_overview,
            commands::competencies::competency,
            commands::competencies::competency_history,
            commands::competencies::competency_gaps,
            commands::competencies::record_assessment,
            commands::competencies::update_assessment,
            commands::competencies::delete_assessment,
            commands::competencies::restore_assessment,
            commands::competencies::assessment,
            commands::competencies::assessments,
            commands::competencies::add_competency,
            commands::competencies::edit_competency,
            commands::competencies::reset_competency,
            commands::competencies::set_competency_target,
            commands::competencies::set_competency_hidden,
            commands::competencies::set_reassess_weeks,
            commands::study::study_timer,
            commands::study::start_timer,
            commands::study::pause_timer,
            commands::study::resume_timer,
            commands::study::stop_timer,
            commands::study::save_timer_scratch,
            commands::study::save_session_reflection,
            commands::study::discard_timer,
            commands::study::restore_timer,
            commands::study::study_sessions,
            commands::study::add_session,
            commands::study::update_session,
            commands::study::delete_session,
            commands::study::restore_session,
            commands::study::study_week,
            commands::study::study_heatmap,
            commands::study::study_totals,
            commands::study::study_breaks,
            commands::study::add_break,
            commands::study::delete_break,
            commands::study::restore_break,
            commands::study::set_weekly_target,
            commands::study::set_week_start,
            commands::portfolio::portfolio,
            commands::portfolio::piece,
            commands::portfolio::add_piece,
            commands::portfolio::update_piece,
            commands::portfolio::delete_piece,
            commands::portfolio::restore_piece,
            commands::portfolio::add_attachment,
            commands::portfolio::remove_attachment,
            commands::portfolio::restore_attachment,
            commands::portfolio::open_attachment,
            commands::network::contacts,
            commands::network::contact,
            commands::network::add_contact,
            commands::network::update_contact,
            commands::network::delete_contact,
            commands::network::restore_contact,
            commands::network::add_interaction,
            commands::network::update_interaction,
            commands::network::delete_interaction,
            commands::network::restore_interaction,
            commands::network::follow_ups,
            commands::network::set_follow_up_done,
            commands::network::snooze_follow_up,
            commands::network::export_follow_ups,
            commands::pipeline::organisations,
            commands::pipeline::organisation,
            commands::pipeline::add_organisation,
            commands::pipeline::update_organisation,
            commands::pipeline::move_organisation,
            commands::pipeline::delete_organisation,
            commands::pipeline::restore_organisation,
            commands::pipeline::pipeline_figures,
            commands::app::quick_find,
            commands::app::reminder_settings,
            commands::app::set_reminder_settings,
            commands::app::send_test_reminder,
            commands::work::rate_plan,
            commands::work::set_rate_plan,
            commands::work::projects,
            commands::work::add_project,
            commands::work::update_project,
            commands::work::delete_project,
            commands::work::restore_project,
            commands::work::estimate_figures,
            commands::work::disclosure_record,
            commands::work::add_disclosure,
            commands::work::update_disclosure,
            commands::work::delete_disclosure,
            commands::work::restore_disclosure,
            commands::reports::report_preview,
            commands::reports::export_report,
            commands::reports::sample_pack_default,
            commands::reports::export_sample_pack,
        ])
        // The pickers' choices and labels, declared once in Rust (`cairn_core::choices!`).
        .constant("ACTIVITIES", cairn_core::study::Activity::choices())
        .constant("WEEK_STARTS", cairn_core::study::WeekStart::choices())
        .constant("BACKGROUNDS", cairn_core::checklist::Background::choices())
        .constant("DELIVERABLES", cairn_core::portfolio::Deliverable::choices())
        .constant("PIECE_STATUSES", cairn_core::portfolio::PieceStatus::choices())
        .constant(
            "ORGANISATION_KINDS",
            cairn_core::network::OrganisationKind::choices(),
        )
        .constant("CHANNELS", cairn_core::network::InteractionChannel::choices())
        .constant("PIPELINE_STAGES", cairn_core::pipeline::PipelineStage::choices())
        .constant(
            "OUTREACH_SOURCES",
            cairn_core::pipeline::OutreachSource::choices(),
        )
        .constant("PROJECT_STATUSES", cairn_core::projects::ProjectStatus::choices())
        .constant(
            "RELATIONSHIP_NATURES",
            cairn_core::disclosure::RelationshipNature::choices(),
        )
        .constant("QUICK_KINDS", cairn_core::quick::QuickKind::choices())
        .constant("RADAR_RIM", cairn_core::chart::RADAR_RIM)
        // Rejections reach the UI as thrown `ErrorPayload`s; `ui/src/lib/ipc.ts` wraps them in `CommandError`.
        .error_handling(ErrorHandlingMode::Throw)
        // One TypeScript type per Rust type: our IPC types only travel one way, so separate serialize and
        // deserialize shapes would only add noise.
        .disable_serde_phases()
}

/// The webview's own storage (caches; Cairn keeps nothing of the person's there) goes in this folder of the data
/// directory, so everything Cairn writes stays in the one owner-only folder and `--data-dir` isolates it all.
pub const WEBVIEW_DIR: &str = "webview";

/// Opens the main window as `tauri.conf.json` describes it (`create: false` there, so it is made here), with
/// the webview's storage in `webview_dir`.
fn open_main_window<R: Runtime>(app: &tauri::App<R>, webview_dir: Option<PathBuf>) -> tauri::Result<()> {
    let probe = probe::mode();
    let config = app
        .config()
        .app
        .windows
        .iter()
        .find(|window| window.label == "main")
        .cloned();
    let config = config.ok_or_else(|| tauri::Error::WindowNotFound)?;
    let mut window = tauri::WebviewWindowBuilder::from_config(app.handle(), &config)?;
    if let Some(dir) = webview_dir {
        window = window.data_directory(dir);
    }
    if let Some(mode) = probe {
        window = window.initialization_script(probe::init_script(mode));
    }
    window.build()?;
    probe::mark("window");
    Ok(())
}

/// How the running window's locale is changed (set once the window exists; tests over a mock window leave it
/// unset, and then changing it does nothing).
static WEBVIEW_LOCALE: std::sync::OnceLock<LocaleSetter> = std::sync::OnceLock::new();
type LocaleSetter = Box<dyn Fn(&str) + Send + Sync>;

/// Makes the window write dates in `locale` from now on (after Settings changed it, or at start).
pub fn apply_webview_locale(locale: &str) {
    if let Some(apply) = WEBVIEW_LOCALE.get() {
        apply(locale);
    }
}

/// Makes the window's WebKit write dates in `locale` too: its native date fields follow WebKit's preferred
/// language, not the page's `Intl` calls or a `lang` attribute. (Elsewhere the system's web view already
/// follows the system's locale.)
pub fn set_webview_locale<R: Runtime>(window: &tauri::WebviewWindow<R>, locale: &str) {
    #[cfg(target_os = "linux")]
    {
        let locale = locale.to_owned();
        let _ = window.with_webview(move |webview| {
            use webkit2gtk::{WebContextExt, WebViewExt};
            if let Some(context) = webview.inner().context() {
                context.set_preferred_languages(&[locale.as_str()]);
            }
        });
    }
    #[cfg(not(target_os = "linux"))]
    let _ = (window, locale);
}

/// Writes the TypeScript bindings to `path`.
pub fn export_bindings(path: &Path) -> Result<(), String> {
    specta_builder::<tauri::Wry>()
        .export(
            specta_typescript::Typescript::default().header(BINDINGS_HEADER),
            path,
        )
        .map_err(|e| e.to_string())
}

/// Adds Cairn's plugins, state and commands to a Tauri builder (the real one, or the mock one in tests).
pub fn configure<R: Runtime>(builder: tauri::Builder<R>, state: AppState) -> tauri::Builder<R> {
    builder
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .plugin(navigation::guard())
        .manage(state)
        .invoke_handler(specta_builder::<R>().invoke_handler())
}

/// Opens the store in `data_dir` and runs the window until it is closed. A store that cannot be opened (or a
/// data directory that could not be worked out) does not stop the window: the UI shows what happened and the
/// person's choices.
pub fn run(data_dir: Result<PathBuf, cairn_core::Error>) {
    // Not in a data folder Cairn refuses (inside a synced folder): nothing is written there.
    let webview_dir = data_dir
        .as_ref()
        .ok()
        .filter(|dir| cairn_store::synced_folder(dir).is_none())
        .map(|dir| dir.join(WEBVIEW_DIR));
    let state = match data_dir {
        Ok(dir) => AppState::open(dir),
        Err(error) => AppState::without_data_dir(error.into()),
    };
    probe::mark("store");
    let app = configure(tauri::Builder::default(), state).setup(move |app| {
        // Before the page can ask for it (`start`).
        desktop_font::read_on_main_thread();
        open_main_window(app, webview_dir)?;
        reminders::start(app.handle().clone());
        if let Some(window) = app.get_webview_window("main") {
            let _ = WEBVIEW_LOCALE.set(Box::new(move |locale| set_webview_locale(&window, locale)));
            if let Ok(locale) = app
                .state::<AppState>()
                .with_store(|store| crate::date_locale(store))
            {
                apply_webview_locale(&locale);
            }
        }
        Ok(())
    });
    match app.build(tauri::generate_context!("tauri.conf.json")) {
        Ok(app) => app.run(|handle, event| {
            // The last sync, as the app closes, so the other devices get the last changes.
            if let tauri::RunEvent::Exit = event {
                handle.state::<AppState>().sync_at_close();
            }
        }),
        Err(error) => {
            eprintln!("cairn: the window could not start: {error}");
            std::process::exit(1);
        }
    }
}
