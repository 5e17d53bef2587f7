//! Paid work and the disclosure record: the rate plan, projects and their figures, and the financial
//! relationships a disclosure statement is written from.

use crate::shell::state::AppState;
use cairn_core::disclosure::DisclosureInput;
use cairn_core::projects::{ProjectInput, RatePlanInput};
use cairn_core::Id;
use cairn_store::disclosures::{Disclosure, DisclosureRecord};
use cairn_store::projects::{EstimateFigure, Project, RatePlan};
use jiff::Timestamp;
use tauri::State;

use super::{today, Reply};

/// The rate plan, once one is set.
#[tauri::command]
#[specta::specta]
pub async fn rate_plan(state: State<'_, AppState>) -> Reply<Option<RatePlan>> {
    state.with_store(|store| store.rate_plan())
}

#[tauri::command]
#[specta::specta]
pub async fn set_rate_plan(state: State<'_, AppState>, input: RatePlanInput) -> Reply<RatePlan> {
    state.with_store(|store| store.set_rate_plan(&input, Timestamp::now()))
}

/// Every project, open ones first.
#[tauri::command]
#[specta::specta]
pub async fn projects(state: State<'_, AppState>) -> Reply<Vec<Project>> {
    state.with_store(|store| store.projects())
}

#[tauri::command]
#[specta::specta]
pub async fn add_project(state: State<'_, AppState>, input: ProjectInput) -> Reply<Project> {
    state.with_store(|store| store.add_project(&input, today(), Timestamp::now()))
}

#[tauri::command]
#[specta::specta]
pub async fn update_project(state: State<'_, AppState>, id: Id, input: ProjectInput) -> Reply<Project> {
    state.with_store(|store| store.update_project(id, &input, today(), Timestamp::now()))
}

/// Puts a project in the trash (undo with `restore_project`).
#[tauri::command]
#[specta::specta]
pub async fn delete_project(state: State<'_, AppState>, id: Id) -> Reply<Project> {
    state.with_store(|store| store.delete_project(id, Timestamp::now()))
}

#[tauri::command]
#[specta::specta]
pub async fn restore_project(state: State<'_, AppState>, id: Id) -> Reply<Project> {
    state.with_store(|store| store.restore_project(id))
}

/// Estimate against actual hours of finished projects, by deliverable.
#[tauri::command]
#[specta::specta]
pub async fn estimate_figures(state: State<'_, AppState>) -> Reply<Vec<EstimateFigure>> {
    state.with_store(|store| store.estimate_figures())
}

/// Every financial relationship and the statement for the 24 months up to today.
#[tauri::command]
#[specta::specta]
pub async fn disclosure_record(state: State<'_, AppState>) -> Reply<DisclosureRecord> {
    state.with_store(|store| store.disclosure_record(today(), &crate::date_locale(store)?))
}

#[tauri::command]
#[specta::specta]
pub async fn add_disclosure(state: State<'_, AppState>, input: DisclosureInput) -> Reply<Disclosure> {
    state.with_store(|store| store.add_disclosure(&input, today(), Timestamp::now()))
}

#[tauri::command]
#[specta::specta]
pub async fn update_disclosure(
    state: State<'_, AppState>,
    id: Id,
    input: DisclosureInput,
) -> Reply<Disclosure> {
    state.with_store(|store| store.update_disclosure(id, &input, today(), Timestamp::now()))
}

/// Puts a relationship in the trash (undo with `restore_disclosure`).
#[tauri::command]
#[specta::specta]
pub async fn delete_disclosure(state: State<'_, AppState>, id: Id) -> Reply<Disclosure> {
    state.with_store(|store| store.delete_disclosure(id, today(), Timestamp::now()))
}

#[tauri::command]
#[specta::specta]
pub async fn restore_disclosure(state: State<'_, AppState>, id: Id) -> Reply<Disclosure> {
    state.with_store(|store| store.restore_disclosure(id, today()))
}
