//! Competencies, their self-assessments and the person's own competencies.

use crate::shell::state::AppState;
use cairn_core::competency::{AssessmentInput, CompetencyInput};
use cairn_core::Id;
use cairn_store::competencies::{
    Assessment, AssessmentSummary, CompetencyGap, CompetencyOverview, CompetencyStatus, LevelAt,
};
use jiff::Timestamp;
use tauri::State;

use super::{today, Reply};

/// Where every competency stands: first, previous and latest ratings, targets, gaps, and whether to reassess.
#[tauri::command]
#[specta::specta]
pub async fn competency_overview(state: State<'_, AppState>) -> Reply<CompetencyOverview> {
    state.with_store(|store| store.competency_overview(today()))
}

/// One competency's standing and rubric.
#[tauri::command]
#[specta::specta]
pub async fn competency(state: State<'_, AppState>, id: Id) -> Reply<CompetencyStatus> {
    state.with_store(|store| store.competency(id))
}

/// One competency's ratings over time, oldest first.
#[tauri::command]
#[specta::specta]
pub async fn competency_history(state: State<'_, AppState>, id: Id) -> Reply<Vec<LevelAt>> {
    state.with_store(|store| store.competency_history(id))
}

/// Competencies below their target, widest gap first, with what helps close each.
#[tauri::command]
#[specta::specta]
pub async fn competency_gaps(state: State<'_, AppState>) -> Reply<Vec<CompetencyGap>> {
    state.with_store(|store| store.competency_gaps(today()))
}

/// Records a dated self-assessment.
#[tauri::command]
#[specta::specta]
pub async fn record_assessment(state: State<'_, AppState>, input: AssessmentInput) -> Reply<Assessment> {
    state.with_store(|store| store.record_assessment(&input, today(), Timestamp::now()))
}

/// Corrects a past assessment's date and ratings.
#[tauri::command]
#[specta::specta]
pub async fn update_assessment(
    state: State<'_, AppState>,
    id: Id,
    input: AssessmentInput,
) -> Reply<Assessment> {
    state.with_store(|store| store.update_assessment(id, &input, today(), Timestamp::now()))
}

/// Deletes an assessment (undo with `restore_assessment`).
#[tauri::command]
#[specta::specta]
pub async fn delete_assessment(state: State<'_, AppState>, id: Id) -> Reply<Assessment> {
    state.with_store(|store| store.delete_assessment(id, Timestamp::now()))
}

/// Brings back a deleted assessment.
#[tauri::command]
#[specta::specta]
pub async fn restore_assessment(state: State<'_, AppState>, id: Id) -> Reply<Assessment> {
    state.with_store(|store| store.restore_assessment(id))
}

/// One assessment with its ratings.
#[tauri::command]
#[specta::specta]
pub async fn assessment(state: State<'_, AppState>, id: Id) -> Reply<Assessment> {
    state.with_store(|store| store.assessment(id))
}

/// Past assessments, newest first.
#[tauri::command]
#[specta::specta]
pub async fn assessments(state: State<'_, AppState>) -> Reply<Vec<AssessmentSummary>> {
    state.with_store(|store| store.assessments())
}

/// Adds one of the person's own competencies.
#[tauri::command]
#[specta::specta]
pub async fn add_competency(state: State<'_, AppState>, input: CompetencyInput) -> Reply<CompetencyStatus> {
    state.with_store(|store| store.add_competency(&input, Timestamp::now()))
}

/// Changes a competency's text, rubric and target.
#[tauri::command]
#[specta::specta]
pub async fn edit_competency(
    state: State<'_, AppState>,
    id: Id,
    input: CompetencyInput,
) -> Reply<CompetencyStatus> {
    state.with_store(|store| store.edit_competency(id, &input, Timestamp::now()))
}

/// Puts a pathway competency's wording back.
#[tauri::command]
#[specta::specta]
pub async fn reset_competency(state: State<'_, AppState>, id: Id) -> Reply<CompetencyStatus> {
    state.with_store(|store| store.reset_competency(id, Timestamp::now()))
}

/// Sets (or clears) the person's own target level.
#[tauri::command]
#[specta::specta]
pub async fn set_competency_target(
    state: State<'_, AppState>,
    id: Id,
    target: Option<u8>,
) -> Reply<CompetencyStatus> {
    state.with_store(|store| store.set_competency_target(id, target, Timestamp::now()))
}

/// Hides or shows a competency.
#[tauri::command]
#[specta::specta]
pub async fn set_competency_hidden(
    state: State<'_, AppState>,
    id: Id,
    hidden: bool,
) -> Reply<CompetencyStatus> {
    state.with_store(|store| store.set_competency_hidden(id, hidden, Timestamp::now()))
}

/// Sets after how many weeks a new self-assessment is suggested.
#[tauri::command]
#[specta::specta]
pub async fn set_reassess_weeks(state: State<'_, AppState>, weeks: u8) -> Reply<u8> {
    state.with_store(|store| store.set_reassess_weeks(weeks, Timestamp::now()))
}
