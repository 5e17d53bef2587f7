//! The study timer, sessions, breaks and the weekly target.

use crate::shell::state::AppState;
use cairn_core::study::{BreakInput, SessionInput, StopChoice, TimerInput, WeekStart};
use cairn_core::Id;
use cairn_store::notes::Note;
use cairn_store::study::{
    Heatmap, ReflectionInput, Session, SessionList, StudyBreak, StudyTotals, StudyWeek, Timer,
};
use jiff::Timestamp;
use tauri::State;

use super::{now_here, today, Reply};

/// The running or paused timer, if any (read on start, so a timer left running shows at once).
#[tauri::command]
#[specta::specta]
pub async fn study_timer(state: State<'_, AppState>) -> Reply<Option<Timer>> {
    state.with_store(|store| store.timer(Timestamp::now()))
}

/// Starts the timer for an activity (and optionally a milestone and competency); `conflict` if one is running.
#[tauri::command]
#[specta::specta]
pub async fn start_timer(state: State<'_, AppState>, input: TimerInput) -> Reply<Timer> {
    state.with_store(|store| store.start_timer(&input, &now_here()))
}

#[tauri::command]
#[specta::specta]
pub async fn pause_timer(state: State<'_, AppState>) -> Reply<Timer> {
    state.with_store(|store| store.pause_timer(Timestamp::now()))
}

#[tauri::command]
#[specta::specta]
pub async fn resume_timer(state: State<'_, AppState>) -> Reply<Timer> {
    state.with_store(|store| store.resume_timer(Timestamp::now()))
}

/// Stops the timer and saves one session (a timer over 12 hours needs `keepLong` or `trim`).
#[tauri::command]
#[specta::specta]
pub async fn stop_timer(state: State<'_, AppState>, choice: StopChoice) -> Reply<Session> {
    state.with_store(|store| store.stop_timer(choice, Timestamp::now()))
}

/// Throws the timer away without saving (undo with `restore_timer`).
#[tauri::command]
#[specta::specta]
pub async fn discard_timer(state: State<'_, AppState>) -> Reply<()> {
    state.with_store(|store| store.discard_timer(Timestamp::now()))
}

#[tauri::command]
#[specta::specta]
pub async fn restore_timer(state: State<'_, AppState>) -> Reply<Timer> {
    state.with_store(|store| store.restore_timer(Timestamp::now()))
}

/// Saves the running timer's scratch pad into its note (created by the first save with text); `None` when
/// there was nothing to save.
#[tauri::command]
#[specta::specta]
pub async fn save_timer_scratch(state: State<'_, AppState>, body: String) -> Reply<Option<Note>> {
    state.with_store(|store| store.save_timer_scratch(&body, Timestamp::now()))
}

/// Saves the reflection on a stopped session into its note (created by the first save with text).
#[tauri::command]
#[specta::specta]
pub async fn save_session_reflection(
    state: State<'_, AppState>,
    session_id: Id,
    input: ReflectionInput,
) -> Reply<Option<Note>> {
    state.with_store(|store| store.save_session_reflection(session_id, &input, Timestamp::now()))
}

/// Study sessions, newest first, `limit` from `offset`.
#[tauri::command]
#[specta::specta]
pub async fn study_sessions(state: State<'_, AppState>, offset: u32, limit: u32) -> Reply<SessionList> {
    state.with_store(|store| store.sessions(offset, limit))
}

/// Logs time studied without the timer.
#[tauri::command]
#[specta::specta]
pub async fn add_session(state: State<'_, AppState>, input: SessionInput) -> Reply<Session> {
    state.with_store(|store| store.add_session(&input, &now_here()))
}

#[tauri::command]
#[specta::specta]
pub async fn update_session(state: State<'_, AppState>, id: Id, input: SessionInput) -> Reply<Session> {
    state.with_store(|store| store.update_session(id, &input, &now_here()))
}

/// Deletes a session (undo with `restore_session`).
#[tauri::command]
#[specta::specta]
pub async fn delete_session(state: State<'_, AppState>, id: Id) -> Reply<Session> {
    state.with_store(|store| store.delete_session(id, Timestamp::now()))
}

#[tauri::command]
#[specta::specta]
pub async fn restore_session(state: State<'_, AppState>, id: Id) -> Reply<Session> {
    state.with_store(|store| store.restore_session(id))
}

/// This week against its plan, and the last 12 weeks with how many were on target.
#[tauri::command]
#[specta::specta]
pub async fn study_week(state: State<'_, AppState>) -> Reply<StudyWeek> {
    state.with_store(|store| store.study_week(today()))
}

/// Minutes per day from `from` (`YYYY-MM-DD`, at most a year back) up to today.
#[tauri::command]
#[specta::specta]
pub async fn study_heatmap(state: State<'_, AppState>, from: String) -> Reply<Heatmap> {
    let from = cairn_core::time::parse_date("from", &from)?;
    state.with_store(|store| store.study_heatmap(from, today()))
}

/// Time by activity, milestone and competency since `from` (`YYYY-MM-DD`; none = all time) up to today.
#[tauri::command]
#[specta::specta]
pub async fn study_totals(state: State<'_, AppState>, from: Option<String>) -> Reply<StudyTotals> {
    let from = from
        .map(|text| cairn_core::time::parse_date("from", &text))
        .transpose()?;
    state.with_store(|store| store.study_totals(from, today()))
}

/// Planned breaks, latest first.
#[tauri::command]
#[specta::specta]
pub async fn study_breaks(state: State<'_, AppState>) -> Reply<Vec<StudyBreak>> {
    state.with_store(|store| store.breaks())
}

#[tauri::command]
#[specta::specta]
pub async fn add_break(state: State<'_, AppState>, input: BreakInput) -> Reply<StudyBreak> {
    state.with_store(|store| store.add_break(&input, Timestamp::now()))
}

/// Deletes a planned break (undo with `restore_break`).
#[tauri::command]
#[specta::specta]
pub async fn delete_break(state: State<'_, AppState>, id: Id) -> Reply<StudyBreak> {
    state.with_store(|store| store.delete_break(id, Timestamp::now()))
}

#[tauri::command]
#[specta::specta]
pub async fn restore_break(state: State<'_, AppState>, id: Id) -> Reply<StudyBreak> {
    state.with_store(|store| store.restore_break(id))
}

/// Sets the weekly study target from this week on (earlier weeks keep theirs).
#[tauri::command]
#[specta::specta]
pub async fn set_weekly_target(state: State<'_, AppState>, minutes: Option<u32>) -> Reply<StudyWeek> {
    state.with_store(|store| store.set_weekly_target(minutes, today(), Timestamp::now()))
}

/// Sets the day study weeks start on.
#[tauri::command]
#[specta::specta]
pub async fn set_week_start(state: State<'_, AppState>, week_start: WeekStart) -> Reply<WeekStart> {
    state.with_store(|store| store.set_week_start(week_start, Timestamp::now()))
}
