//! The progress report (preview and export) and the writing-sample pack.

use crate::shell::state::AppState;
use cairn_report::pack::PackRequest;
use cairn_report::progress::ReportRequest;
use cairn_report::ReportFormat;
use tauri::State;

use super::{now_here, Reply};

/// The progress report as HTML (the same markup the HTML export holds), for the Reports page's preview.
#[tauri::command]
#[specta::specta]
pub async fn report_preview(state: State<'_, AppState>, request: ReportRequest) -> Reply<String> {
    let now = now_here();
    let report = state.with_store(|store| {
        cairn_report::progress::gather(store, &request, &now, &crate::date_locale(store)?)
    })?;
    Ok(cairn_report::html::preview(&report))
}

/// Writes the progress report in `format` to the path chosen in the save dialog.
#[tauri::command]
#[specta::specta]
pub async fn export_report(
    state: State<'_, AppState>,
    request: ReportRequest,
    format: ReportFormat,
    path: String,
) -> Reply<()> {
    let now = now_here();
    let report = state.with_store(|store| {
        cairn_report::progress::gather(store, &request, &now, &crate::date_locale(store)?)
    })?;
    // Typesetting happens outside the store's lock: other commands go on answering meanwhile.
    let bytes = cairn_report::render(&report, format, now.date())?;
    cairn_core::files::write_atomically(std::path::Path::new(&path), &bytes)?;
    Ok(())
}

/// The pieces a sample pack offers at first: finished and not confidential.
#[tauri::command]
#[specta::specta]
pub async fn sample_pack_default(state: State<'_, AppState>) -> Reply<PackRequest> {
    state.with_store(|store| cairn_report::pack::default_request(store))
}

/// Writes a writing-sample pack of the chosen pieces to the path chosen in the save dialog.
#[tauri::command]
#[specta::specta]
pub async fn export_sample_pack(state: State<'_, AppState>, request: PackRequest, path: String) -> Reply<()> {
    let today = now_here().date();
    let pack = state.with_store(|store| {
        cairn_report::pack::gather(store, &request, today, &crate::date_locale(store)?)
    })?;
    // Typesetting happens outside the store's lock, as for the report.
    let bytes = cairn_report::pack::render(&pack, today)?;
    cairn_core::files::write_atomically(std::path::Path::new(&path), &bytes)?;
    Ok(())
}
