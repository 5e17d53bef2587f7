//! The only part of Cairn that knows about Tauri: it wires the plugins, the state and the commands, converts
//! between IPC and the store, and delegates. No rule of the product lives here.
//!
//! To add a command: write it in [`commands`] (async, returning `Result<_, ErrorPayload>`), add it to
//! [`specta_builder`] and to `APP_COMMANDS` in `src-tauri/build.rs`, grant `allow-<name>` in the capability in
//! `tauri.conf.json`, then run `make bindings` to regenerate `ui/src/lib/bindings.ts`.

pub mod commands;
pub mod navigation;
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
            commands::app_status,
            commands::open_data_dir,
            commands::pathway_overview,
            commands::milestone_detail,
            commands::set_item_done,
            commands::add_item,
            commands::edit_item,
            commands::reset_item,
            commands::set_item_hidden,
            commands::delete_item,
            commands::restore_item,
            commands::move_item,
            commands::profile,
            commands::save_profile,
            commands::save_report_preferences,
            commands::locales,
            commands::date_locale,
            commands::skip_welcome,
            commands::notes,
            commands::note,
            commands::create_note,
            commands::save_note,
            commands::delete_note,
            commands::restore_note,
            commands::empty_trash,
            commands::search_notes,
            commands::tags,
            commands::create_tag,
            commands::attachment_choices,
            commands::render_markdown,
            commands::note_file_name,
            commands::export_note,
            commands::note_versions,
            commands::note_version,
            commands::restore_note_version,
            commands::competency_overview,
            commands::competency,
            commands::competency_history,
            commands::competency_gaps,
            commands::record_assessment,
            commands::update_assessment,
            commands::delete_assessment,
            commands::restore_assessment,
            commands::assessment,
            commands::assessments,
            commands::add_competency,
            commands::edit_competency,
            commands::reset_competency,
            commands::set_competency_target,
            commands::set_competency_hidden,
            commands::set_reassess_weeks,
            commands::study_timer,
            commands::start_timer,
            commands::pause_timer,
            commands::resume_timer,
            commands::stop_timer,
            commands::discard_timer,
            commands::restore_timer,
            commands::study_sessions,
            commands::add_session,
            commands::update_session,
            commands::delete_session,
            commands::restore_session,
            commands::study_week,
            commands::study_heatmap,
            commands::study_totals,
            commands::study_breaks,
            commands::add_break,
            commands::delete_break,
            commands::restore_break,
            commands::set_weekly_target,
            commands::set_week_start,
            commands::portfolio,
            commands::piece,
            commands::add_piece,
            commands::update_piece,
            commands::delete_piece,
            commands::restore_piece,
            commands::add_attachment,
            commands::remove_attachment,
            commands::restore_attachment,
            commands::open_attachment,
            commands::contacts,
            commands::contact,
            commands::add_contact,
            commands::update_contact,
            commands::delete_contact,
            commands::restore_contact,
            commands::add_interaction,
            commands::update_interaction,
            commands::delete_interaction,
            commands::restore_interaction,
            commands::follow_ups,
            commands::set_follow_up_done,
            commands::snooze_follow_up,
            commands::export_follow_ups,
            commands::report_preview,
            commands::export_report,
            commands::export_sample_pack,
            commands::sample_pack_default,
            commands::export_data,
            commands::export_csv,
            commands::backups,
            commands::back_up_now,
            commands::restore_backup,
        ])
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
    window.build()?;
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
    let webview_dir = data_dir.as_ref().ok().map(|dir| dir.join(WEBVIEW_DIR));
    let state = match data_dir {
        Ok(dir) => AppState::open(dir),
        Err(error) => AppState::without_data_dir(error.into()),
    };
    let app = configure(tauri::Builder::default(), state).setup(move |app| {
        open_main_window(app, webview_dir)?;
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
    if let Err(error) = app.run(tauri::generate_context!("tauri.conf.json")) {
        eprintln!("cairn: the window could not start: {error}");
        std::process::exit(1);
    }
}
