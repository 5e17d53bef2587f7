//! Cairn's exports, built from what the store returns; nothing here knows about tauri, so the app and the CLI
//! produce the same files.
//!
//! - [`progress`] gathers a progress report once into the [`model`]; [`document`] lays it out as sections of
//!   blocks; [`pdf`], [`html`], [`markdown`] and [`docx`] (Word) print those blocks, with the [`charts`] drawn as
//!   SVG for PDF and HTML (and as PNG for Word). Notes reach PDF and Word as the [`note_tree`] of their
//!   Markdown.
//! - [`pack`]: the writing-sample pack, a PDF of chosen portfolio pieces for a prospect.
//! - [`csv_files`]: one CSV file per kind of record. (The JSON export of everything is the store's
//!   `transfer` module, since it is the schema itself.)
//! - [`ics`]: follow-ups as a calendar.
//!
//! To add an export: a module with a function from store values to the file's bytes (or text), and a test that
//! reads the output back with an independent reader for that format.

pub mod charts;
pub mod csv_files;
pub mod document;
pub mod docx;
pub mod fonts;
pub mod html;
pub mod ics;
pub mod markdown;
pub mod model;
pub mod note_tree;
pub mod pack;
pub mod pdf;
pub mod progress;
pub mod status;
pub mod wording;

use cairn_core::time::long_date_in;
use cairn_core::Id;
use cairn_core::Result;
use serde::{Deserialize, Serialize};

/// The formats a progress report is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum ReportFormat {
    Pdf,
    Html,
    Markdown,
    Word,
}

impl ReportFormat {
    pub const ALL: [ReportFormat; 4] = [
        ReportFormat::Pdf,
        ReportFormat::Html,
        ReportFormat::Markdown,
        ReportFormat::Word,
    ];

    pub fn extension(self) -> &'static str {
        match self {
            ReportFormat::Pdf => "pdf",
            ReportFormat::Html => "html",
            ReportFormat::Markdown => "md",
            ReportFormat::Word => "docx",
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
        ReportFormat::Word => docx::report(report),
    }
}

/// The formats one note is saved in from the note editor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum NoteFormat {
    /// The note's own Markdown, with its title and details as front matter.
    Markdown,
    Word,
    Pdf,
}

/// Note `id` as a file's bytes in `format`, its dates written in `locale`.
pub fn note_file(
    store: &cairn_store::Store,
    id: Id,
    format: NoteFormat,
    now: &jiff::ZonedDateTime,
    locale: &str,
) -> Result<Vec<u8>> {
    match format {
        NoteFormat::Markdown => Ok(store.note_markdown(id)?.text.into_bytes()),
        NoteFormat::Word | NoteFormat::Pdf => {
            let note = progress::report_note(store, id, now.time_zone(), locale)?;
            let author = store.profile()?.name;
            match format {
                NoteFormat::Word => docx::note(&note, &author, &long_date_in(locale, now.date())),
                _ => pdf::note(&note, &author, now.date()),
            }
        }
    }
}
