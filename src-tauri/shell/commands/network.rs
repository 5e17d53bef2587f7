//! Contacts, interactions and follow-ups.

use crate::shell::state::AppState;
use cairn_core::network::{ContactInput, InteractionInput};
use cairn_core::Id;
use cairn_store::network::{Contact, FollowUps, Interaction};
use jiff::Timestamp;
use tauri::State;

use super::{today, Reply};

/// Every contact, by name, with counts and dates.
#[tauri::command]
#[specta::specta]
pub async fn contacts(state: State<'_, AppState>) -> Reply<Vec<Contact>> {
    state.with_store(|store| store.contacts())
}

/// One contact with their interactions, newest first.
#[tauri::command]
#[specta::specta]
pub async fn contact(state: State<'_, AppState>, id: Id) -> Reply<Contact> {
    state.with_store(|store| store.contact(id))
}

#[tauri::command]
#[specta::specta]
pub async fn add_contact(state: State<'_, AppState>, input: ContactInput) -> Reply<Contact> {
    state.with_store(|store| store.add_contact(&input, Timestamp::now()))
}

#[tauri::command]
#[specta::specta]
pub async fn update_contact(state: State<'_, AppState>, id: Id, input: ContactInput) -> Reply<Contact> {
    state.with_store(|store| store.update_contact(id, &input, Timestamp::now()))
}

/// Removes a contact with their interactions (undo with `restore_contact`).
#[tauri::command]
#[specta::specta]
pub async fn delete_contact(state: State<'_, AppState>, id: Id) -> Reply<Contact> {
    state.with_store(|store| store.delete_contact(id, Timestamp::now()))
}

#[tauri::command]
#[specta::specta]
pub async fn restore_contact(state: State<'_, AppState>, id: Id) -> Reply<Contact> {
    state.with_store(|store| store.restore_contact(id))
}

#[tauri::command]
#[specta::specta]
pub async fn add_interaction(
    state: State<'_, AppState>,
    contact_id: Id,
    input: InteractionInput,
) -> Reply<Interaction> {
    state.with_store(|store| store.add_interaction(contact_id, &input, today(), Timestamp::now()))
}

#[tauri::command]
#[specta::specta]
pub async fn update_interaction(
    state: State<'_, AppState>,
    id: Id,
    input: InteractionInput,
) -> Reply<Interaction> {
    state.with_store(|store| store.update_interaction(id, &input, today(), Timestamp::now()))
}

/// Removes an interaction (undo with `restore_interaction`).
#[tauri::command]
#[specta::specta]
pub async fn delete_interaction(state: State<'_, AppState>, id: Id) -> Reply<Interaction> {
    state.with_store(|store| store.delete_interaction(id, Timestamp::now()))
}

#[tauri::command]
#[specta::specta]
pub async fn restore_interaction(state: State<'_, AppState>, id: Id) -> Reply<Interaction> {
    state.with_store(|store| store.restore_interaction(id))
}

/// Open follow-ups: overdue, the rest of this week, later.
#[tauri::command]
#[specta::specta]
pub async fn follow_ups(state: State<'_, AppState>) -> Reply<FollowUps> {
    state.with_store(|store| store.follow_ups(today()))
}

/// Marks a follow-up done, or open again (undo).
#[tauri::command]
#[specta::specta]
pub async fn set_follow_up_done(state: State<'_, AppState>, id: Id, done: bool) -> Reply<Interaction> {
    state.with_store(|store| store.set_follow_up_done(id, done, Timestamp::now()))
}

/// Moves a follow-up to a later day (`YYYY-MM-DD`).
#[tauri::command]
#[specta::specta]
pub async fn snooze_follow_up(state: State<'_, AppState>, id: Id, until: String) -> Reply<Interaction> {
    let until = cairn_core::time::parse_date("until", &until)?;
    state.with_store(|store| store.snooze_follow_up(id, until, today(), Timestamp::now()))
}

/// Writes the open follow-ups and the pipeline's dated next steps as an iCalendar file to the path chosen in the save dialog; returns how many.
#[tauri::command]
#[specta::specta]
pub async fn export_follow_ups(state: State<'_, AppState>, path: String) -> Reply<u32> {
    let (follow_ups, next_steps) = state.with_store(|store| {
        // Every dated next step of an open organisation, however far ahead.
        let until = jiff::civil::date(9999, 12, 31);
        Ok((store.open_follow_ups()?, store.next_steps_due(until)?))
    })?;
    let calendar = cairn_report::ics::follow_ups_calendar(&follow_ups, &next_steps, Timestamp::now());
    cairn_core::files::write_atomically(std::path::Path::new(&path), calendar.as_bytes())?;
    Ok((follow_ups.len() + next_steps.len()) as u32)
}
