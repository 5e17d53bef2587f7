/// The app's own commands. Listing them makes Tauri generate an `allow-<command>` permission for each, so
/// the capability in `tauri.conf.json` gates them like any plugin command.
const APP_COMMANDS: &[&str] = &[
    "app_status",
    "open_data_dir",
    "pathway_overview",
    "milestone_detail",
    "set_item_done",
    "add_item",
    "edit_item",
    "reset_item",
    "set_item_hidden",
    "delete_item",
    "restore_item",
    "move_item",
    "profile",
    "save_profile",
    "skip_welcome",
    "notes",
    "note",
    "create_note",
    "save_note",
    "delete_note",
    "restore_note",
    "empty_trash",
    "search_notes",
    "tags",
    "create_tag",
    "attachment_choices",
    "render_markdown",
    "note_file_name",
    "export_note",
    "competency_overview",
    "competency",
    "competency_history",
    "competency_gaps",
    "record_assessment",
    "update_assessment",
    "delete_assessment",
    "restore_assessment",
    "assessment",
    "assessments",
    "add_competency",
    "edit_competency",
    "reset_competency",
    "set_competency_target",
    "set_competency_hidden",
];

fn main() {
    let attributes =
        tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(APP_COMMANDS));
    tauri_build::try_build(attributes).expect("tauri-build failed");
}
