//! The window's own state and the person's settings: the data folder, the profile, report preferences,
//! locales, exports of all data and backups.

use crate::shell::probe::PageTiming;
use crate::shell::state::{AppState, AppStatus, Start};
use cairn_core::checklist::{ProfileInput, ReportPreferences};
use cairn_core::reminders::ReminderSettings;
use cairn_store::backup::{BackupInfo, BackupKind};
use cairn_store::profile::Profile;
use jiff::Timestamp;
use tauri::State;

use super::{now_here, today, Reply};

/// The app version, the data directory and the store's state (open with its details, or failed with why).
#[tauri::command]
#[specta::specta]
pub async fn app_status(state: State<'_, AppState>) -> Reply<AppStatus> {
    state.status()
}

/// All the window needs before its first screen, in one round trip: the store's state, the profile, the locale,
/// the timer and, when the first page is the dashboard, its data.
#[tauri::command]
#[specta::specta]
pub async fn start(state: State<'_, AppState>, with_dashboard: bool) -> Reply<Start> {
    state.start(with_dashboard, today(), Timestamp::now())
}

/// The first screen shows its data: Cairn starts the start-up work that could wait (the day's backup, tidying
/// what an interrupted write left). Under the start-up probe it also reports the moment, and `pages` (page
/// timings, from the probe's `pages` mode, or at first the page's own marks of its start).
#[tauri::command]
#[specta::specta]
pub async fn app_ready(state: State<'_, AppState>, pages: Vec<PageTiming>) -> Reply<()> {
    state.start_deferred_work();
    crate::shell::probe::report(&pages);
    Ok(())
}

/// Opens (or creates) Cairn's database in the folder the person chose, and uses it from now on.
#[tauri::command]
#[specta::specta]
pub async fn open_data_dir(state: State<'_, AppState>, path: String) -> Reply<AppStatus> {
    state.switch_data_dir(cairn_store::chosen_data_dir(&path)?)
}

/// Moves the data out of the data folder Cairn refused to open (it lies in a synced folder) into `path`, a new
/// folder, and opens it there; the old folder is only read.
#[tauri::command]
#[specta::specta]
pub async fn move_data_dir(state: State<'_, AppState>, path: String) -> Reply<AppStatus> {
    state.move_data_dir(cairn_store::chosen_data_dir(&path)?)
}

/// The person's background and weekly budget, and whether the welcome was seen.
#[tauri::command]
#[specta::specta]
pub async fn profile(state: State<'_, AppState>) -> Reply<Profile> {
    state.with_store(|store| store.profile())
}

/// Saves the background and weekly budget.
#[tauri::command]
#[specta::specta]
pub async fn save_profile(state: State<'_, AppState>, input: ProfileInput) -> Reply<Profile> {
    state.with_store(|store| store.save_profile(&input, today(), Timestamp::now()))
}

/// Saves the name on reports and the locale dates and numbers are written in; the window's date fields follow
/// the new locale at once.
#[tauri::command]
#[specta::specta]
pub async fn save_report_preferences(state: State<'_, AppState>, input: ReportPreferences) -> Reply<Profile> {
    let (profile, locale) = state.with_store(|store| {
        let profile = store.save_report_preferences(&input, Timestamp::now())?;
        Ok((profile, crate::date_locale(store)?))
    })?;
    crate::shell::apply_webview_locale(&locale);
    Ok(profile)
}

/// The locale dates are written in (the person's choice, else the system's), for the window to use too.
#[tauri::command]
#[specta::specta]
pub async fn date_locale(state: State<'_, AppState>) -> Reply<String> {
    state.with_store(|store| crate::date_locale(store))
}

/// The locales Settings offers (tag, description), besides the system's.
#[tauri::command]
#[specta::specta]
pub async fn locales() -> Reply<Vec<(String, String)>> {
    Ok(cairn_core::checklist::LOCALES
        .iter()
        .map(|(tag, label)| ((*tag).to_owned(), (*label).to_owned()))
        .collect())
}

/// Closes the welcome without answering it.
#[tauri::command]
#[specta::specta]
pub async fn skip_welcome(state: State<'_, AppState>) -> Reply<Profile> {
    state.with_store(|store| store.skip_welcome(Timestamp::now()))
}

/// Writes everything (data and attachment files) as the archive export to the chosen path; returns the
/// attachments whose stored copy was missing or damaged, so their content is not in the archive.
#[tauri::command]
#[specta::specta]
pub async fn export_data(state: State<'_, AppState>, path: String) -> Reply<Vec<String>> {
    let written =
        state.with_store(|store| store.export_archive(std::path::Path::new(&path), Timestamp::now()))?;
    Ok(written.left_out)
}

/// Writes one CSV file per kind of record into a new folder inside the chosen one; returns that folder.
#[tauri::command]
#[specta::specta]
pub async fn export_csv(state: State<'_, AppState>, folder: String) -> Reply<String> {
    let parent = cairn_store::chosen_data_dir(&folder)?;
    let today = now_here().date();
    let (made, _) =
        state.with_store(|store| cairn_report::csv_files::write_all(store, &parent, today, None, None))?;
    Ok(made.display().to_string())
}

/// The backups in the data folder, newest first.
#[tauri::command]
#[specta::specta]
pub async fn backups(state: State<'_, AppState>) -> Reply<Vec<BackupInfo>> {
    state.with_store(|store| cairn_store::backup::list_backups(store.data_dir()))
}

/// "Back up now".
#[tauri::command]
#[specta::specta]
pub async fn back_up_now(state: State<'_, AppState>) -> Reply<BackupInfo> {
    state.with_store(|store| store.back_up(BackupKind::Manual, &now_here()))
}

/// Replaces the database with the backup at `path` (after the UI's confirmation); the current database is
/// backed up first. The store is then reopened, as at start.
#[tauri::command]
#[specta::specta]
pub async fn restore_backup(state: State<'_, AppState>, path: String) -> Reply<AppStatus> {
    let data_dir = state.with_store(|store| {
        store.restore_from(std::path::Path::new(&path), &now_here())?;
        Ok(store.data_dir().to_path_buf())
    })?;
    state.switch_data_dir(data_dir)
}

/// The quick switcher's search: the records whose name holds `text`, with the address that opens each.
#[tauri::command]
#[specta::specta]
pub async fn quick_find(
    state: State<'_, AppState>,
    text: String,
) -> Reply<Vec<cairn_store::quick::QuickHit>> {
    state.with_store(|store| store.quick_find(&text))
}

/// The reminder choices (Settings).
#[tauri::command]
#[specta::specta]
pub async fn reminder_settings(state: State<'_, AppState>) -> Reply<ReminderSettings> {
    state.with_store(|store| store.reminder_settings())
}

#[tauri::command]
#[specta::specta]
pub async fn set_reminder_settings(
    state: State<'_, AppState>,
    settings: ReminderSettings,
) -> Reply<ReminderSettings> {
    state.with_store(|store| store.set_reminder_settings(&settings, Timestamp::now()))
}

/// Shows a sample reminder now, so the person can see how (and whether) their desktop shows them.
#[tauri::command]
#[specta::specta]
pub async fn send_test_reminder() -> Reply<()> {
    let sample = cairn_core::reminders::Reminder {
        kind: cairn_core::reminders::ReminderKind::Due,
        period: String::new(),
        title: "Cairn reminders work".into(),
        body: "This is how Cairn reminds you of what is due, while it is open.".into(),
    };
    crate::shell::reminders::show(&sample).map_err(|detail| {
        cairn_core::ErrorPayload::from(cairn_core::Error::Report {
            what: "the reminder".into(),
            detail,
        })
    })
}
