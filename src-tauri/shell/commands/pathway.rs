//! The pathway's milestones and checklist items.

use crate::shell::state::AppState;
use cairn_core::checklist::ItemInput;
use cairn_core::Id;
use cairn_store::checklist::{ChecklistItem, MilestoneDetail, PathwayOverview};
use cairn_store::dashboard::Dashboard;
use jiff::Timestamp;
use tauri::State;

use super::{today, Reply};

/// Everything the dashboard shows, in one round trip (at start it comes with `start` instead).
#[tauri::command]
#[specta::specta]
pub async fn dashboard(state: State<'_, AppState>) -> Reply<Dashboard> {
    state.with_store(|store| store.dashboard(today()))
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
pub async fn set_item_done(state: State<'_, AppState>, id: Id, done: bool) -> Reply<ChecklistItem> {
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
pub async fn edit_item(state: State<'_, AppState>, id: Id, input: ItemInput) -> Reply<ChecklistItem> {
    state.with_store(|store| store.edit_item(id, &input, Timestamp::now()))
}

/// Puts a pathway item's text back to the pathway's wording.
#[tauri::command]
#[specta::specta]
pub async fn reset_item(state: State<'_, AppState>, id: Id) -> Reply<ChecklistItem> {
    state.with_store(|store| store.reset_item(id, Timestamp::now()))
}

/// Hides or shows a pathway item.
#[tauri::command]
#[specta::specta]
pub async fn set_item_hidden(state: State<'_, AppState>, id: Id, hidden: bool) -> Reply<ChecklistItem> {
    state.with_store(|store| store.set_item_hidden(id, hidden, Timestamp::now()))
}

/// Deletes one of the person's own items (undo with `restore_item`).
#[tauri::command]
#[specta::specta]
pub async fn delete_item(state: State<'_, AppState>, id: Id) -> Reply<ChecklistItem> {
    state.with_store(|store| store.delete_item(id, Timestamp::now()))
}

/// Brings back a deleted item.
#[tauri::command]
#[specta::specta]
pub async fn restore_item(state: State<'_, AppState>, id: Id) -> Reply<ChecklistItem> {
    state.with_store(|store| store.restore_item(id, Timestamp::now()))
}

/// Moves an item to a new place in its checklist; returns the checklist in its new order.
#[tauri::command]
#[specta::specta]
pub async fn move_item(state: State<'_, AppState>, id: Id, to_index: u32) -> Reply<Vec<ChecklistItem>> {
    state.with_store(|store| store.move_item(id, to_index, Timestamp::now()))
}
