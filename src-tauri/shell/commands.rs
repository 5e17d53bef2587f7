//! The IPC commands: each converts its arguments, delegates to the state or the store, and converts back.
//! They are `async` so database work runs off the window's main thread. The clock is read here, at the edge,
//! and passed in.

use super::state::{AppState, AppStatus};
use cairn_core::checklist::{ItemInput, ProfileInput, ReportPreferences};
use cairn_core::competency::{AssessmentInput, CompetencyInput};
use cairn_core::network::{ContactInput, InteractionInput};
use cairn_core::note::NoteInput;
use cairn_core::portfolio::PieceInput;
use cairn_core::study::{BreakInput, SessionInput, StopChoice, TimerInput, WeekStart};
use cairn_core::ErrorPayload;
use cairn_report::pack::PackRequest;
use cairn_report::progress::ReportRequest;
use cairn_report::{NoteFormat, ReportFormat};
use cairn_store::backup::{BackupInfo, BackupKind};
use cairn_store::checklist::{ChecklistItem, MilestoneDetail, PathwayOverview};
use cairn_store::competencies::{
    Assessment, AssessmentSummary, CompetencyGap, CompetencyOverview, CompetencyStatus, LevelAt,
};
use cairn_store::network::{Contact, FollowUps, Interaction};
use cairn_store::note_history::{NoteVersion, NoteVersionSummary, RestoredVersion};
use cairn_store::notes::{
    AttachmentChoices, Note, NoteFilter, NoteList, NoteOrigin, SearchRequest, SearchResults, TagUse,
};
use cairn_store::portfolio::{Attachment, Piece, Portfolio};
use cairn_store::profile::Profile;
use cairn_store::study::{Heatmap, Session, SessionList, StudyBreak, StudyTotals, StudyWeek, Timer};
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
    state.with_store(|store| store.save_profile(&input, today(), Timestamp::now()))
}

/// Saves the name on reports and the locale dates and numbers are written in; the window's date fields follow
/// the new locale at once.
#[tauri::command]
#[specta::specta]
pub async fn save_report_preferences(state: State<'_, AppState>, input: ReportPreferences) -> Reply<Profile> {
    let (profile, locale) = state.with_store(|store| {
        let profile = store.save_report_preferences(&input, Timestamp::now())?;
        Ok((profile, crate::date_locale(store)?))
    })?;
    super::apply_webview_locale(&locale);
    Ok(profile)
}

/// The locale dates are written in (the person's choice, else the system's), for the window to use too.
#[tauri::command]
#[specta::specta]
pub async fn date_locale(state: State<'_, AppState>) -> Reply<String> {
    state.with_store(|store| crate::date_locale(store))
}

/// The locales Settings offers (tag, description), besides the system's.
#[tauri::command]
#[specta::specta]
pub async fn locales() -> Reply<Vec<(String, String)>> {
    Ok(cairn_core::checklist::LOCALES
        .iter()
        .map(|(tag, label)| ((*tag).to_owned(), (*label).to_owned()))
        .collect())
}

/// Closes the welcome without answering it.
#[tauri::command]
#[specta::specta]
pub async fn skip_welcome(state: State<'_, AppState>) -> Reply<Profile> {
    state.with_store(|store| store.skip_welcome(Timestamp::now()))
}

/// A page of notes (or of the trash), most recently changed first.
#[tauri::command]
#[specta::specta]
pub async fn notes(state: State<'_, AppState>, filter: NoteFilter) -> Reply<NoteList> {
    state.with_store(|store| store.notes(&filter))
}

/// One note, in the trash or not.
#[tauri::command]
#[specta::specta]
pub async fn note(state: State<'_, AppState>, id: u32) -> Reply<Note> {
    state.with_store(|store| store.note(id))
}

/// Creates a note, optionally from a reflection prompt.
#[tauri::command]
#[specta::specta]
pub async fn create_note(
    state: State<'_, AppState>,
    input: NoteInput,
    prompt_id: Option<u32>,
) -> Reply<Note> {
    state.with_store(|store| store.create_note(&input, NoteOrigin { prompt_id }, Timestamp::now()))
}

/// Saves a note's title, body, attachment and tags (nothing is written when nothing changed).
#[tauri::command]
#[specta::specta]
pub async fn save_note(state: State<'_, AppState>, id: u32, input: NoteInput) -> Reply<Note> {
    state.with_store(|store| store.save_note(id, &input, Timestamp::now()))
}

/// Moves a note to the trash (undo with `restore_note`).
#[tauri::command]
#[specta::specta]
pub async fn delete_note(state: State<'_, AppState>, id: u32) -> Reply<Note> {
    state.with_store(|store| store.delete_note(id, Timestamp::now()))
}

/// Takes a note out of the trash.
#[tauri::command]
#[specta::specta]
pub async fn restore_note(state: State<'_, AppState>, id: u32) -> Reply<Note> {
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
pub async fn note_file_name(state: State<'_, AppState>, id: u32) -> Reply<String> {
    state.with_store(|store| Ok(store.note_markdown(id)?.file_name))
}

/// Writes a note as a Markdown or Word file to the path the person chose in the save dialog.
#[tauri::command]
#[specta::specta]
pub async fn export_note(state: State<'_, AppState>, id: u32, path: String, format: NoteFormat) -> Reply<()> {
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
pub async fn note_versions(state: State<'_, AppState>, note_id: u32) -> Reply<Vec<NoteVersionSummary>> {
    state.with_store(|store| store.note_versions(note_id))
}

/// One earlier version with its text and a diff against the current text.
#[tauri::command]
#[specta::specta]
pub async fn note_version(state: State<'_, AppState>, id: u32) -> Reply<NoteVersion> {
    state.with_store(|store| store.note_version(id))
}

/// Makes an earlier version the note's text again (undo: restore the version it returns).
#[tauri::command]
#[specta::specta]
pub async fn restore_note_version(state: State<'_, AppState>, id: u32) -> Reply<RestoredVersion> {
    state.with_store(|store| store.restore_note_version(id, Timestamp::now()))
}

/// Where every competency stands: first, previous and latest ratings, targets, gaps, and whether to reassess.
#[tauri::command]
#[specta::specta]
pub async fn competency_overview(state: State<'_, AppState>) -> Reply<CompetencyOverview> {
    state.with_store(|store| store.competency_overview(today()))
}

/// One competency's standing and rubric.
#[tauri::command]
#[specta::specta]
pub async fn competency(state: State<'_, AppState>, id: u32) -> Reply<CompetencyStatus> {
    state.with_store(|store| store.competency(id))
}

/// One competency's ratings over time, oldest first.
#[tauri::command]
#[specta::specta]
pub async fn competency_history(state: State<'_, AppState>, id: u32) -> Reply<Vec<LevelAt>> {
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
    id: u32,
    input: AssessmentInput,
) -> Reply<Assessment> {
    state.with_store(|store| store.update_assessment(id, &input, today(), Timestamp::now()))
}

/// Deletes an assessment (undo with `restore_assessment`).
#[tauri::command]
#[specta::specta]
pub async fn delete_assessment(state: State<'_, AppState>, id: u32) -> Reply<Assessment> {
    state.with_store(|store| store.delete_assessment(id, Timestamp::now()))
}

/// Brings back a deleted assessment.
#[tauri::command]
#[specta::specta]
pub async fn restore_assessment(state: State<'_, AppState>, id: u32) -> Reply<Assessment> {
    state.with_store(|store| store.restore_assessment(id))
}

/// One assessment with its ratings.
#[tauri::command]
#[specta::specta]
pub async fn assessment(state: State<'_, AppState>, id: u32) -> Reply<Assessment> {
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
    id: u32,
    input: CompetencyInput,
) -> Reply<CompetencyStatus> {
    state.with_store(|store| store.edit_competency(id, &input, Timestamp::now()))
}

/// Puts a pathway competency's wording back.
#[tauri::command]
#[specta::specta]
pub async fn reset_competency(state: State<'_, AppState>, id: u32) -> Reply<CompetencyStatus> {
    state.with_store(|store| store.reset_competency(id, Timestamp::now()))
}

/// Sets (or clears) the person's own target level.
#[tauri::command]
#[specta::specta]
pub async fn set_competency_target(
    state: State<'_, AppState>,
    id: u32,
    target: Option<u8>,
) -> Reply<CompetencyStatus> {
    state.with_store(|store| store.set_competency_target(id, target, Timestamp::now()))
}

/// Hides or shows a competency.
#[tauri::command]
#[specta::specta]
pub async fn set_competency_hidden(
    state: State<'_, AppState>,
    id: u32,
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

/// The person's local date and time now, in the system's time zone.
fn now_here() -> jiff::ZonedDateTime {
    jiff::ZonedDateTime::now()
}

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
pub async fn update_session(state: State<'_, AppState>, id: u32, input: SessionInput) -> Reply<Session> {
    state.with_store(|store| store.update_session(id, &input, &now_here()))
}

/// Deletes a session (undo with `restore_session`).
#[tauri::command]
#[specta::specta]
pub async fn delete_session(state: State<'_, AppState>, id: u32) -> Reply<Session> {
    state.with_store(|store| store.delete_session(id, Timestamp::now()))
}

#[tauri::command]
#[specta::specta]
pub async fn restore_session(state: State<'_, AppState>, id: u32) -> Reply<Session> {
    state.with_store(|store| store.restore_session(id))
}

/// This week against its plan, and the last 12 weeks with how many were on target.
#[tauri::command]
#[specta::specta]
pub async fn study_week(state: State<'_, AppState>) -> Reply<StudyWeek> {
    state.with_store(|store| store.study_week(today()))
}

/// Minutes per day over the last 12 months.
#[tauri::command]
#[specta::specta]
pub async fn study_heatmap(state: State<'_, AppState>) -> Reply<Heatmap> {
    state.with_store(|store| store.study_heatmap(today()))
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
pub async fn delete_break(state: State<'_, AppState>, id: u32) -> Reply<StudyBreak> {
    state.with_store(|store| store.delete_break(id, Timestamp::now()))
}

#[tauri::command]
#[specta::specta]
pub async fn restore_break(state: State<'_, AppState>, id: u32) -> Reply<StudyBreak> {
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

/// Every portfolio piece, counts by status, and which competencies have evidence.
#[tauri::command]
#[specta::specta]
pub async fn portfolio(state: State<'_, AppState>) -> Reply<Portfolio> {
    state.with_store(|store| store.portfolio())
}

#[tauri::command]
#[specta::specta]
pub async fn piece(state: State<'_, AppState>, id: u32) -> Reply<Piece> {
    state.with_store(|store| store.piece(id))
}

#[tauri::command]
#[specta::specta]
pub async fn add_piece(state: State<'_, AppState>, input: PieceInput) -> Reply<Piece> {
    state.with_store(|store| store.add_piece(&input, today(), Timestamp::now()))
}

#[tauri::command]
#[specta::specta]
pub async fn update_piece(state: State<'_, AppState>, id: u32, input: PieceInput) -> Reply<Piece> {
    state.with_store(|store| store.update_piece(id, &input, today(), Timestamp::now()))
}

/// Removes a piece with its attachments (undo with `restore_piece`).
#[tauri::command]
#[specta::specta]
pub async fn delete_piece(state: State<'_, AppState>, id: u32) -> Reply<Piece> {
    state.with_store(|store| store.delete_piece(id, Timestamp::now()))
}

#[tauri::command]
#[specta::specta]
pub async fn restore_piece(state: State<'_, AppState>, id: u32) -> Reply<Piece> {
    state.with_store(|store| store.restore_piece(id))
}

/// Copies the file the person picked (a full path from the open dialog) into the data folder and attaches it.
#[tauri::command]
#[specta::specta]
pub async fn add_attachment(
    state: State<'_, AppState>,
    piece_id: u32,
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
pub async fn remove_attachment(state: State<'_, AppState>, id: u32) -> Reply<Attachment> {
    state.with_store(|store| store.remove_attachment(id, Timestamp::now()))
}

#[tauri::command]
#[specta::specta]
pub async fn restore_attachment(state: State<'_, AppState>, id: u32) -> Reply<Attachment> {
    state.with_store(|store| store.restore_attachment(id))
}

/// Opens an attachment's copy with the system's default program when it is a document or image whose name
/// agrees with its type; otherwise shows it in its folder (or, where no file manager answers, says where it is)
/// and returns why it was not opened.
#[tauri::command]
#[specta::specta]
pub async fn open_attachment(state: State<'_, AppState>, id: u32) -> Reply<Option<String>> {
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

/// Every contact, by name, with counts and dates.
#[tauri::command]
#[specta::specta]
pub async fn contacts(state: State<'_, AppState>) -> Reply<Vec<Contact>> {
    state.with_store(|store| store.contacts())
}

/// One contact with their interactions, newest first.
#[tauri::command]
#[specta::specta]
pub async fn contact(state: State<'_, AppState>, id: u32) -> Reply<Contact> {
    state.with_store(|store| store.contact(id))
}

#[tauri::command]
#[specta::specta]
pub async fn add_contact(state: State<'_, AppState>, input: ContactInput) -> Reply<Contact> {
    state.with_store(|store| store.add_contact(&input, Timestamp::now()))
}

#[tauri::command]
#[specta::specta]
pub async fn update_contact(state: State<'_, AppState>, id: u32, input: ContactInput) -> Reply<Contact> {
    state.with_store(|store| store.update_contact(id, &input, Timestamp::now()))
}

/// Removes a contact with their interactions (undo with `restore_contact`).
#[tauri::command]
#[specta::specta]
pub async fn delete_contact(state: State<'_, AppState>, id: u32) -> Reply<Contact> {
    state.with_store(|store| store.delete_contact(id, Timestamp::now()))
}

#[tauri::command]
#[specta::specta]
pub async fn restore_contact(state: State<'_, AppState>, id: u32) -> Reply<Contact> {
    state.with_store(|store| store.restore_contact(id))
}

#[tauri::command]
#[specta::specta]
pub async fn add_interaction(
    state: State<'_, AppState>,
    contact_id: u32,
    input: InteractionInput,
) -> Reply<Interaction> {
    state.with_store(|store| store.add_interaction(contact_id, &input, today(), Timestamp::now()))
}

#[tauri::command]
#[specta::specta]
pub async fn update_interaction(
    state: State<'_, AppState>,
    id: u32,
    input: InteractionInput,
) -> Reply<Interaction> {
    state.with_store(|store| store.update_interaction(id, &input, today(), Timestamp::now()))
}

/// Removes an interaction (undo with `restore_interaction`).
#[tauri::command]
#[specta::specta]
pub async fn delete_interaction(state: State<'_, AppState>, id: u32) -> Reply<Interaction> {
    state.with_store(|store| store.delete_interaction(id, Timestamp::now()))
}

#[tauri::command]
#[specta::specta]
pub async fn restore_interaction(state: State<'_, AppState>, id: u32) -> Reply<Interaction> {
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
pub async fn set_follow_up_done(state: State<'_, AppState>, id: u32, done: bool) -> Reply<Interaction> {
    state.with_store(|store| store.set_follow_up_done(id, done, Timestamp::now()))
}

/// Moves a follow-up to a later day (`YYYY-MM-DD`).
#[tauri::command]
#[specta::specta]
pub async fn snooze_follow_up(state: State<'_, AppState>, id: u32, until: String) -> Reply<Interaction> {
    let until = cairn_core::time::parse_date("until", &until)?;
    state.with_store(|store| store.snooze_follow_up(id, until, today(), Timestamp::now()))
}

/// Writes the open follow-ups as an iCalendar file to the path chosen in the save dialog; returns how many.
#[tauri::command]
#[specta::specta]
pub async fn export_follow_ups(state: State<'_, AppState>, path: String) -> Reply<u32> {
    let follow_ups = state.with_store(|store| store.open_follow_ups())?;
    let calendar = cairn_report::ics::follow_ups_calendar(&follow_ups, Timestamp::now());
    cairn_core::files::write_atomically(std::path::Path::new(&path), calendar.as_bytes())?;
    Ok(follow_ups.len() as u32)
}

/// The progress report as HTML (the same markup the HTML export holds), for the Reports page's preview.
#[tauri::command]
#[specta::specta]
pub async fn report_preview(state: State<'_, AppState>, request: ReportRequest) -> Reply<String> {
    let now = now_here();
    let report = state.with_store(|store| {
        cairn_report::progress::gather(store, &request, &now, &crate::date_locale(store)?)
    })?;
    Ok(cairn_report::html::article(&report))
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

/// Writes everything (data and attachment files) as the archive export to the chosen path; returns the
/// attachments whose stored copy was missing or damaged, so their content is not in the archive.
#[tauri::command]
#[specta::specta]
pub async fn export_data(state: State<'_, AppState>, path: String) -> Reply<Vec<String>> {
    let written =
        state.with_store(|store| store.export_archive(std::path::Path::new(&path), Timestamp::now()))?;
    Ok(written.left_out)
}

/// Writes one CSV file per kind of record into a new folder inside the chosen one; returns that folder.
#[tauri::command]
#[specta::specta]
pub async fn export_csv(state: State<'_, AppState>, folder: String) -> Reply<String> {
    let parent = cairn_store::chosen_data_dir(&folder)?;
    let today = now_here().date();
    let (made, _) =
        state.with_store(|store| cairn_report::csv_files::write_all(store, &parent, today, None, None))?;
    Ok(made.display().to_string())
}

/// The backups in the data folder, newest first.
#[tauri::command]
#[specta::specta]
pub async fn backups(state: State<'_, AppState>) -> Reply<Vec<BackupInfo>> {
    state.with_store(|store| cairn_store::backup::list_backups(store.data_dir()))
}

/// "Back up now".
#[tauri::command]
#[specta::specta]
pub async fn back_up_now(state: State<'_, AppState>) -> Reply<BackupInfo> {
    state.with_store(|store| store.back_up(BackupKind::Manual, &now_here()))
}

/// Replaces the database with the backup at `path` (after the UI's confirmation); the current database is
/// backed up first. The store is then reopened, as at start.
#[tauri::command]
#[specta::specta]
pub async fn restore_backup(state: State<'_, AppState>, path: String) -> Reply<AppStatus> {
    let data_dir = state.with_store(|store| {
        store.restore_from(std::path::Path::new(&path), &now_here())?;
        Ok(store.data_dir().to_path_buf())
    })?;
    state.switch_data_dir(data_dir)
}
