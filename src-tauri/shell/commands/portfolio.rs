//! Portfolio pieces and their attachments.

use crate::shell::state::AppState;
use cairn_core::portfolio::PieceInput;
use cairn_core::ErrorPayload;
use cairn_core::Id;
use cairn_store::portfolio::{Attachment, Piece, Portfolio};
use jiff::Timestamp;
use tauri::State;

use super::{today, Reply};

/// Every portfolio piece, counts by status, and which competencies have evidence.
#[tauri::command]
#[specta::specta]
pub async fn portfolio(state: State<'_, AppState>) -> Reply<Portfolio> {
    state.with_store(|store| store.portfolio())
}

#[tauri::command]
#[specta::specta]
pub async fn piece(state: State<'_, AppState>, id: Id) -> Reply<Piece> {
    state.with_store(|store| store.piece(id))
}

#[tauri::command]
#[specta::specta]
pub async fn add_piece(state: State<'_, AppState>, input: PieceInput) -> Reply<Piece> {
    state.with_store(|store| store.add_piece(&input, today(), Timestamp::now()))
}

#[tauri::command]
#[specta::specta]
pub async fn update_piece(state: State<'_, AppState>, id: Id, input: PieceInput) -> Reply<Piece> {
    state.with_store(|store| store.update_piece(id, &input, today(), Timestamp::now()))
}

/// Removes a piece with its attachments (undo with `restore_piece`).
#[tauri::command]
#[specta::specta]
pub async fn delete_piece(state: State<'_, AppState>, id: Id) -> Reply<Piece> {
    state.with_store(|store| store.delete_piece(id, Timestamp::now()))
}

#[tauri::command]
#[specta::specta]
pub async fn restore_piece(state: State<'_, AppState>, id: Id) -> Reply<Piece> {
    state.with_store(|store| store.restore_piece(id))
}

/// Copies the file the person picked (a full path from the open dialog) into the data folder and attaches it.
#[tauri::command]
#[specta::specta]
pub async fn add_attachment(
    state: State<'_, AppState>,
    piece_id: Id,
    path: String,
    name: Option<String>,
) -> Reply<Attachment> {
    state.with_store(|store| {
        store.add_attachment(
            piece_id,
            std::path::Path::new(&path),
            name.as_deref(),
            Timestamp::now(),
        )
    })
}

/// Detaches a file (undo with `restore_attachment`).
#[tauri::command]
#[specta::specta]
pub async fn remove_attachment(state: State<'_, AppState>, id: Id) -> Reply<Attachment> {
    state.with_store(|store| store.remove_attachment(id, Timestamp::now()))
}

#[tauri::command]
#[specta::specta]
pub async fn restore_attachment(state: State<'_, AppState>, id: Id) -> Reply<Attachment> {
    state.with_store(|store| store.restore_attachment(id))
}

/// Opens an attachment's copy with the system's default program when it is a document or image whose name
/// agrees with its type; otherwise shows it in its folder (or, where no file manager answers, says where it is)
/// and returns why it was not opened.
#[tauri::command]
#[specta::specta]
pub async fn open_attachment(state: State<'_, AppState>, id: Id) -> Reply<Option<String>> {
    let opening = state.with_store(|store| store.attachment_opening(id))?;
    let path = &opening.path;
    let Some(reason) = opening.show_in_folder_because else {
        return tauri_plugin_opener::open_path(path, None::<&str>)
            .map(|()| None)
            .map_err(|e| {
                ErrorPayload::from(cairn_core::Error::io(
                    format!("Could not open {}", path.display()),
                    std::io::Error::other(e.to_string()),
                ))
            });
    };
    // Without a file manager on D-Bus to select the file, the folder itself is opened: a folder never runs.
    let folder = path.parent().unwrap_or(path);
    let shown = tauri_plugin_opener::reveal_item_in_dir(path)
        .or_else(|_| tauri_plugin_opener::open_path(folder, None::<&str>));
    Ok(Some(match shown {
        Ok(()) => format!("{reason} It is shown in its folder instead."),
        Err(_) => format!(
            "{reason} It is at {} (no file manager answered to show it).",
            path.display()
        ),
    }))
}
