//! The prospect pipeline: organisations, their moves between stages, and the figures.

use crate::shell::state::AppState;
use cairn_core::pipeline::{OrganisationInput, PipelineStage, StageMoveInput};
use cairn_core::Id;
use cairn_store::pipeline::{Organisation, PipelineFigures};
use jiff::Timestamp;
use tauri::State;

use super::{today, Reply};

/// Every organisation in the pipeline, by stage then name.
#[tauri::command]
#[specta::specta]
pub async fn organisations(state: State<'_, AppState>) -> Reply<Vec<Organisation>> {
    state.with_store(|store| store.organisations())
}

/// One organisation with its moves and contacts.
#[tauri::command]
#[specta::specta]
pub async fn organisation(state: State<'_, AppState>, id: Id) -> Reply<Organisation> {
    state.with_store(|store| store.organisation(id))
}

/// Adds an organisation at `stage`, moved there today.
#[tauri::command]
#[specta::specta]
pub async fn add_organisation(
    state: State<'_, AppState>,
    input: OrganisationInput,
    stage: PipelineStage,
) -> Reply<Organisation> {
    state.with_store(|store| store.add_organisation(&input, stage, today(), Timestamp::now()))
}

#[tauri::command]
#[specta::specta]
pub async fn update_organisation(
    state: State<'_, AppState>,
    id: Id,
    input: OrganisationInput,
) -> Reply<Organisation> {
    state.with_store(|store| store.update_organisation(id, &input, Timestamp::now()))
}

/// Moves an organisation to another stage, forward or back.
#[tauri::command]
#[specta::specta]
pub async fn move_organisation(
    state: State<'_, AppState>,
    id: Id,
    input: StageMoveInput,
) -> Reply<Organisation> {
    state.with_store(|store| store.move_organisation(id, &input, today(), Timestamp::now()))
}

/// Removes an organisation from the pipeline (undo with `restore_organisation`).
#[tauri::command]
#[specta::specta]
pub async fn delete_organisation(state: State<'_, AppState>, id: Id) -> Reply<Organisation> {
    state.with_store(|store| store.delete_organisation(id, Timestamp::now()))
}

#[tauri::command]
#[specta::specta]
pub async fn restore_organisation(state: State<'_, AppState>, id: Id) -> Reply<Organisation> {
    state.with_store(|store| store.restore_organisation(id))
}

/// Counts and time per stage, and which outreach led to conversations and projects.
#[tauri::command]
#[specta::specta]
pub async fn pipeline_figures(state: State<'_, AppState>) -> Reply<PipelineFigures> {
    state.with_store(|store| store.pipeline_figures(today()))
}
