//! Cairn's domain: types, validation and errors shared by the store, the reports, the CLI and the shell.
//! Nothing here knows about tauri or SQL, so every rule is tested without a window or a database.
pub mod chart;
pub mod checklist;
pub mod choice;
pub mod competency;
pub mod disclosure;
pub mod error;
pub mod files;
pub mod history;
pub mod id;
pub mod markdown;
pub mod network;
pub mod note;
pub mod pipeline;
pub mod portfolio;
pub mod projects;
pub mod quick;
pub mod reminders;
pub mod study;
pub mod time;
pub use error::{Error, ErrorCode, ErrorPayload, Result};
pub use id::Id;

/// The reverse-domain identifier of the app. The default data directory is named after it, exactly as
/// Tauri's `app_data_dir` would name it; `tauri.conf.json` carries the same string (a test checks).
pub const APP_IDENTIFIER: &str = "org.cairn.desktop";
