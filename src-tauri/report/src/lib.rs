//! Cairn's exports, built from what the store returns; nothing here knows about tauri, so the app and the CLI
//! produce the same files.
//!
//! - [`progress`] gathers a progress report once; [`pdf`], [`html`] and [`markdown`] write it out, with the
//!   [`charts`] drawn as SVG for both PDF and HTML.
//! - [`csv_files`]: one CSV file per kind of record. (The JSON export of everything is the store's
//!   `transfer` module, since it is the schema itself.)
//! - [`ics`]: follow-ups as a calendar.
//!
//! To add an export: a module with a function from store values to the file's bytes (or text), and a test that
//! reads the output back with an independent reader for that format.

pub mod charts;
pub mod csv_files;
pub mod html;
pub mod ics;
pub mod markdown;
pub mod note_tree;
pub mod pdf;
pub mod progress;

use cairn_core::Result;
use serde::{Deserialize, Serialize};

/// The formats a progress report is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum ReportFormat {
    Pdf,
    Html,
    Markdown,
}

impl ReportFormat {
    pub const ALL: [ReportFormat; 3] = [ReportFormat::Pdf, ReportFormat::Html, ReportFormat::Markdown];

    pub fn extension(self) -> &'static str {
        match self {
            ReportFormat::Pdf => "pdf",
            ReportFormat::Html => "html",
            ReportFormat::Markdown => "md",
        }
    }
}

/// The report as the file's bytes.
pub fn render(
    report: &progress::ProgressReport,
    format: ReportFormat,
    today: jiff::civil::Date,
) -> Result<Vec<u8>> {
    match format {
        ReportFormat::Pdf => pdf::render(report, today),
        ReportFormat::Html => Ok(html::document(report).into_bytes()),
        ReportFormat::Markdown => Ok(markdown::document(report).into_bytes()),
    }
}
