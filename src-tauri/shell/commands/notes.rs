//! Notes, their tags, search, Markdown preview, export and version history.

use crate::shell::state::AppState;
use cairn_core::note::NoteInput;
use cairn_core::Id;
use cairn_report::NoteFormat;
use cairn_store::note_history::{NoteVersion, NoteVersionSummary, RestoredVersion};
use cairn_store::notes::{
    AttachmentChoices, Note, NoteFilter, NoteList, NoteOrigin, SearchRequest, SearchResults, TagUse,
};
use jiff::Timestamp;
use tauri::State;

use super::{now_here, Reply};

/// A page of notes (or of the trash), most recently changed first.
#[tauri::command]
#[specta::specta]
pub async fn notes(state: State<'_, AppState>, filter: NoteFilter) -> Reply<NoteList> {
    state.with_store(|store| store.notes(&filter))
}

/// One note, in the trash or not.
#[tauri::command]
#[specta::specta]
pub async fn note(state: State<'_, AppState>, id: Id) -> Reply<Note> {
    state.with_store(|store| store.note(id))
}

/// Creates a note, optionally from a reflection prompt.
#[tauri::command]
#[specta::specta]
pub async fn create_note(state: State<'_, AppState>, input: NoteInput, prompt_id: Option<Id>) -> Reply<Note> {
    state.with_store(|store| store.create_note(&input, NoteOrigin { prompt_id }, Timestamp::now()))
}

/// Saves a note's title, body, attachment and tags (nothing is written when nothing changed).
#[tauri::command]
#[specta::specta]
pub async fn save_note(state: State<'_, AppState>, id: Id, input: NoteInput) -> Reply<Note> {
    state.with_store(|store| store.save_note(id, &input, Timestamp::now()))
}

/// Moves a note to the trash (undo with `restore_note`).
#[tauri::command]
#[specta::specta]
pub async fn delete_note(state: State<'_, AppState>, id: Id) -> Reply<Note> {
    state.with_store(|store| store.delete_note(id, Timestamp::now()))
}

/// Takes a note out of the trash.
#[tauri::command]
#[specta::specta]
pub async fn restore_note(state: State<'_, AppState>, id: Id) -> Reply<Note> {
    state.with_store(|store| store.restore_note(id))
}

/// Deletes the notes in the trash for good; returns how many.
#[tauri::command]
#[specta::specta]
pub async fn empty_trash(state: State<'_, AppState>) -> Reply<u32> {
    state.with_store(|store| store.empty_trash())
}

/// Full-text search over notes' titles, bodies and tags.
#[tauri::command]
#[specta::specta]
pub async fn search_notes(state: State<'_, AppState>, request: SearchRequest) -> Reply<SearchResults> {
    state.with_store(|store| store.search_notes(&request))
}

/// Every tag, with how many notes carry it.
#[tauri::command]
#[specta::specta]
pub async fn tags(state: State<'_, AppState>) -> Reply<Vec<TagUse>> {
    state.with_store(|store| store.tags())
}

/// Creates a tag (or returns the one that exists with that name).
#[tauri::command]
#[specta::specta]
pub async fn create_tag(state: State<'_, AppState>, name: String) -> Reply<TagUse> {
    state.with_store(|store| store.create_tag(&name, Timestamp::now()))
}

/// The milestones and competencies a note can be about.
#[tauri::command]
#[specta::specta]
pub async fn attachment_choices(state: State<'_, AppState>) -> Reply<AttachmentChoices> {
    state.with_store(|store| store.attachment_choices())
}

/// Markdown to sanitized HTML, for the note preview.
#[tauri::command]
#[specta::specta]
pub async fn render_markdown(text: String) -> Reply<String> {
    Ok(cairn_core::markdown::render(&text))
}

/// The file name the save dialog suggests for a note.
#[tauri::command]
#[specta::specta]
pub async fn note_file_name(state: State<'_, AppState>, id: Id) -> Reply<String> {
    state.with_store(|store| store.note_file_name(id))
}

/// Writes a note as a Markdown or Word file to the path the person chose in the save dialog.
#[tauri::command]
#[specta::specta]
pub async fn export_note(state: State<'_, AppState>, id: Id, path: String, format: NoteFormat) -> Reply<()> {
    let now = now_here();
    let bytes = state
        .with_store(|store| cairn_report::note_file(store, id, format, &now, &crate::date_locale(store)?))?;
    Ok(cairn_core::files::write_atomically(
        std::path::Path::new(&path),
        &bytes,
    )?)
}

/// A note's earlier versions, newest first.
#[tauri::command]
#[specta::specta]
pub async fn note_versions(state: State<'_, AppState>, note_id: Id) -> Reply<Vec<NoteVersionSummary>> {
    state.with_store(|store| store.note_versions(note_id))
}

/// One earlier version with its text and a diff against the current text.
#[tauri::command]
#[specta::specta]
pub async fn note_version(state: State<'_, AppState>, id: Id) -> Reply<NoteVersion> {
    state.with_store(|store| store.note_version(id))
}

/// Makes an earlier version the note's text again (undo: restore the version it returns).
#[tauri::command]
#[specta::specta]
pub async fn restore_note_version(state: State<'_, AppState>, id: Id) -> Reply<RestoredVersion> {
    state.with_store(|store| store.restore_note_version(id, Timestamp::now()))
}
