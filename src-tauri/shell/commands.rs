//! The IPC commands: each converts its arguments, delegates to the state or the store, and converts back.
//! They are `async` so database work runs off the window's main thread. The clock is read here, at the edge,
//! and passed in.

use super::state::{AppState, AppStatus};
use cairn_core::checklist::{ItemInput, ProfileInput};
use cairn_core::ErrorPayload;
use cairn_store::checklist::{ChecklistItem, MilestoneDetail, PathwayOverview};
use cairn_store::profile::Profile;
use jiff::Timestamp;
use tauri::State;

type Reply<T> = Result<T, ErrorPayload>;

/// The person's calendar date now, in the system's time zone.
fn today() -> jiff::civil::Date {
    jiff::ZonedDateTime::now().date()
}

/// The app version, the data directory and the store's state (open with its details, or failed with why).
#[tauri::command]
#[specta::specta]
pub async fn app_status(state: State<'_, AppState>) -> Reply<AppStatus> {
    state.status()
}

/// Opens (or creates) Cairn's database in the folder the person chose, and uses it from now on.
#[tauri::command]
#[specta::specta]
pub async fn open_data_dir(state: State<'_, AppState>, path: String) -> Reply<AppStatus> {
    state.switch_data_dir(cairn_store::chosen_data_dir(&path)?)
}

/// Overall and per-milestone progress, each milestone's next item, and items due soon.
#[tauri::command]
#[specta::specta]
pub async fn pathway_overview(state: State<'_, AppState>) -> Reply<PathwayOverview> {
    state.with_store(|store| store.pathway_overview(today()))
}

/// One milestone: summary, checklist, reflection prompts and resources.
#[tauri::command]
#[specta::specta]
pub async fn milestone_detail(state: State<'_, AppState>, key: String) -> Reply<MilestoneDetail> {
    state.with_store(|store| store.milestone_detail(&key))
}

/// Ticks or unticks an item.
#[tauri::command]
#[specta::specta]
pub async fn set_item_done(state: State<'_, AppState>, id: u32, done: bool) -> Reply<ChecklistItem> {
    state.with_store(|store| store.set_item_done(id, done, Timestamp::now()))
}

/// Adds the person's own item to a milestone.
#[tauri::command]
#[specta::specta]
pub async fn add_item(
    state: State<'_, AppState>,
    milestone_key: String,
    input: ItemInput,
) -> Reply<ChecklistItem> {
    state.with_store(|store| store.add_item(&milestone_key, &input, Timestamp::now()))
}

/// Changes an item's title, details and due date.
#[tauri::command]
#[specta::specta]
pub async fn edit_item(state: State<'_, AppState>, id: u32, input: ItemInput) -> Reply<ChecklistItem> {
    state.with_store(|store| store.edit_item(id, &input, Timestamp::now()))
}

/// Puts a pathway item's text back to the pathway's wording.
#[tauri::command]
#[specta::specta]
pub async fn reset_item(state: State<'_, AppState>, id: u32) -> Reply<ChecklistItem> {
    state.with_store(|store| store.reset_item(id, Timestamp::now()))
}

/// Hides or shows a pathway item.
#[tauri::command]
#[specta::specta]
pub async fn set_item_hidden(state: State<'_, AppState>, id: u32, hidden: bool) -> Reply<ChecklistItem> {
    state.with_store(|store| store.set_item_hidden(id, hidden, Timestamp::now()))
}

/// Deletes one of the person's own items (undo with `restore_item`).
#[tauri::command]
#[specta::specta]
pub async fn delete_item(state: State<'_, AppState>, id: u32) -> Reply<ChecklistItem> {
    state.with_store(|store| store.delete_item(id, Timestamp::now()))
}

/// Brings back a deleted item.
#[tauri::command]
#[specta::specta]
pub async fn restore_item(state: State<'_, AppState>, id: u32) -> Reply<ChecklistItem> {
    state.with_store(|store| store.restore_item(id, Timestamp::now()))
}

/// Moves an item to a new place in its checklist; returns the checklist in its new order.
#[tauri::command]
#[specta::specta]
pub async fn move_item(state: State<'_, AppState>, id: u32, to_index: u32) -> Reply<Vec<ChecklistItem>> {
    state.with_store(|store| store.move_item(id, to_index, Timestamp::now()))
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
    state.with_store(|store| store.save_profile(&input, Timestamp::now()))
}

/// Closes the welcome without answering it.
#[tauri::command]
#[specta::specta]
pub async fn skip_welcome(state: State<'_, AppState>) -> Reply<Profile> {
    state.with_store(|store| store.skip_welcome(Timestamp::now()))
}
