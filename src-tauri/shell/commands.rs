//! The IPC commands: each converts its arguments, delegates to the state or the store, and converts back.
//! They are `async` so database work runs off the window's main thread.

use super::state::{AppState, AppStatus};
use cairn_core::ErrorPayload;
use tauri::State;

/// The app version, the data directory and the store's state (open with its details, or failed with why).
#[tauri::command]
#[specta::specta]
pub async fn app_status(state: State<'_, AppState>) -> Result<AppStatus, ErrorPayload> {
    state.status()
}

/// Opens (or creates) Cairn's database in the folder the person chose, and uses it from now on.
#[tauri::command]
#[specta::specta]
pub async fn open_data_dir(state: State<'_, AppState>, path: String) -> Result<AppStatus, ErrorPayload> {
    state.switch_data_dir(cairn_store::chosen_data_dir(&path)?)
}
