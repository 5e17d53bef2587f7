//! Sync through a folder (Settings → Sync): this device's sync, setting it up, syncing now, and the conflict
//! list.

use crate::shell::state::AppState;
use cairn_core::Id;
use cairn_store::sync::{SyncConflict, SyncReport, SyncStatus};
use jiff::Timestamp;
use std::path::PathBuf;
use tauri::State;

use super::Reply;

/// This device's sync, or `null` when it is not set up.
#[tauri::command]
#[specta::specta]
pub async fn sync_status(state: State<'_, AppState>) -> Reply<Option<SyncStatus>> {
    state.with_store(|store| store.sync_status())
}

/// Sets up sync with `folder` under this device's `name` (or changes them), then syncs once.
#[tauri::command]
#[specta::specta]
pub async fn set_up_sync(state: State<'_, AppState>, folder: String, name: String) -> Reply<SyncReport> {
    state.with_store(|store| {
        store.set_up_sync(&PathBuf::from(folder), &name, Timestamp::now())?;
        store.sync_now(Timestamp::now())
    })
}

/// Writes this device's changes to the sync folder and applies the other devices'.
#[tauri::command]
#[specta::specta]
pub async fn sync_now(state: State<'_, AppState>) -> Reply<SyncReport> {
    state.with_store(|store| store.sync_now(Timestamp::now()))
}

/// The values merges set aside, newest first.
#[tauri::command]
#[specta::specta]
pub async fn sync_conflicts(state: State<'_, AppState>) -> Reply<Vec<SyncConflict>> {
    state.with_store(|store| store.sync_conflicts())
}

/// Takes a set-aside value back into its record (`take_back`), or dismisses it.
#[tauri::command]
#[specta::specta]
pub async fn resolve_sync_conflict(state: State<'_, AppState>, id: Id, take_back: bool) -> Reply<()> {
    state.with_store(|store| store.resolve_sync_conflict(id, take_back, Timestamp::now()))
}
