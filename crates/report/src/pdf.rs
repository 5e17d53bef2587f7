//! The PDF report, typeset by Typst used as a library: the template (`templates/report.typ`) and the report as
//! `data.json` are the only files the document can see; the fonts are Typst's own, embedded in Cairn, so the
//! PDF looks the same on every machine and nothing is read from the system or the network. [`typeset`] is the
//! same for every PDF Cairn makes (the sample pack too): a template, and the files it may read, given as bytes.

use crate::document;
use crate::model::{ProgressReport, ReportNote};
use crate::note_tree;
use cairn_core::{Error, Result};
use std::sync::OnceLock;
use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;

const TEMPLATE: &str = concat!(
    include_str!("templates/note_tree.typ"),
    include_str!("templates/report.typ")
);

/// Typst's standard library and the embedded fonts, built once per process (parsing fonts is the slow part).
struct Shared {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

fn shared() -> &'static Shared {
    static SHARED: OnceLock<Shared> = OnceLock::new();
    SHARED.get_or_init(|| {
        let fonts: Vec<Font> = crate::fonts::ALL
            .into_iter()
            .flat_map(|data| Font::iter(Bytes::new(data)))
            .collect();
        Shared {
            library: LazyHash::new(Library::default()),
            book: LazyHash::new(FontBook::from_fonts(&fonts)),
            fonts,
        }
    })
}

fn file_id(name: &str) -> FileId {
    let path = VirtualPath::new(name).expect("a plain file name is a valid virtual path");
    RootedPath::new(VirtualRoot::Project, path).intern()
}

/// The world one document is typeset in: its template and the only files it can read.
struct ReportWorld {
    main: Source,
    files: Vec<(FileId, Bytes)>,
    today: Option<Datetime>,
}

impl World for ReportWorld {
    fn library(&self) -> &LazyHash<Library> {
        &shared().library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &shared().book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        self.files
            .iter()
            .find(|(file, _)| *file == id)
            .map(|(_, bytes)| bytes.clone())
            .ok_or(FileError::AccessDenied)
    }

    fn font(&self, index: usize) -> Option<Font> {
        shared().fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        self.today
    }
}

/// What the template reads: the report's document (see `document.rs`), with each note as a document tree (data
/// the template walks, never markup) in place of its Markdown and HTML.
fn template_data(report: &ProgressReport) -> Result<Vec<u8>> {
    let document = document::of(report);
    let mut data = serde_json::to_value(&document).map_err(|e| data_error(&e))?;
    let sections = data["sections"].as_array_mut().into_iter().flatten();
    for block in sections.flat_map(|section| section["blocks"].as_array_mut().into_iter().flatten()) {
        if block["kind"] != "note" {
            continue;
        }
        let Some(note) = block["note"].as_object_mut() else {
            continue;
        };
        let markdown = note
            .remove("markdown")
            .and_then(|m| m.as_str().map(str::to_owned))
            .unwrap_or_default();
        note.remove("html");
        let tree = note_tree::parse(&markdown);
        note.insert(
            "blocks".into(),
            serde_json::to_value(tree).map_err(|e| data_error(&e))?,
        );
    }
    serde_json::to_vec(&data).map_err(|e| data_error(&e))
}

fn data_error(error: &serde_json::Error) -> Error {
    Error::Report {
        what: "the PDF report".into(),
        detail: format!("its data could not be written ({error})"),
    }
}

/// Typesets the report and returns the PDF's bytes. Should typesetting ever fail, the error names the note
/// that makes it fail (each chosen note is tried alone), so the person knows which one to look at.
pub fn render(report: &ProgressReport, today: jiff::civil::Date) -> Result<Vec<u8>> {
    render_with(TEMPLATE, report, today)
}

fn render_with(template: &str, report: &ProgressReport, today: jiff::civil::Date) -> Result<Vec<u8>> {
    typeset(template, report, today).map_err(|detail| {
        let culprit = report.notes.iter().find(|note| {
            let alone = ProgressReport {
                notes: vec![(*note).clone()],
                ..report.clone()
            };
            typeset(template, &alone, today).is_err()
        });
        Error::Report {
            what: match culprit {
                Some(note) => format!("the PDF report with the note \"{}\"", note.title),
                None => "the PDF report".into(),
            },
            detail,
        }
    })
}

fn typeset(template: &str, report: &ProgressReport, today: jiff::civil::Date) -> Result<Vec<u8>, String> {
    let data = template_data(report).map_err(|e| e.to_string())?;
    typeset_files(template, vec![("data.json".into(), data)], today)
}

const NOTE_TEMPLATE: &str = concat!(
    include_str!("templates/note_tree.typ"),
    include_str!("templates/note.typ")
);

/// One note as a PDF of its own: its title, when it was written, by whom, and its text.
pub fn note(note: &ReportNote, author: &str, today: jiff::civil::Date) -> Result<Vec<u8>> {
    let data = serde_json::json!({
        "title": note.title,
        "author": author,
        "writtenOn": note.written_on,
        "blocks": note_tree::parse(&note.markdown),
    });
    let data = serde_json::to_vec(&data).map_err(|e| data_error(&e))?;
    typeset_files(NOTE_TEMPLATE, vec![("data.json".into(), data)], today).map_err(|detail| Error::Report {
        what: format!("the PDF of the note \"{}\"", note.title),
        detail,
    })
}

/// Typesets `template` as `main.typ` with `files` (name, bytes) as the only files it can read.
pub(crate) fn typeset_files(
    template: &str,
    files: Vec<(String, Vec<u8>)>,
    today: jiff::civil::Date,
) -> Result<Vec<u8>, String> {
    let world = ReportWorld {
        main: Source::new(file_id("main.typ"), template.to_owned()),
        files: files
            .into_iter()
            .map(|(name, bytes)| (file_id(&name), Bytes::new(bytes)))
            .collect(),
        today: Datetime::from_ymd(i32::from(today.year()), today.month() as u8, today.day() as u8),
    };
    let messages = |diagnostics: &[typst::diag::SourceDiagnostic]| {
        let messages: Vec<String> = diagnostics.iter().map(|d| d.message.to_string()).collect();
        messages.join("; ")
    };
    let document: PagedDocument = typst::compile(&world).output.map_err(|d| messages(&d))?;
    typst_pdf::pdf(&document, &typst_pdf::PdfOptions::default()).map_err(|d| messages(&d))
}

#[cfg(test)]
mod tests {
    use super::*;
    use cairn_core::note::{NoteInput, NoteTarget};
    use cairn_core::ErrorCode;
    use cairn_store::notes::NoteOrigin;

    #[test]
    fn a_report_that_cannot_be_typeset_is_a_report_error_naming_the_note() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = cairn_store::Store::open(dir.path()).unwrap();
        let now: jiff::ZonedDateTime = "2026-11-24T09:00:00Z[UTC]".parse().unwrap();
        let mut ids = Vec::new();
        for title in ["Fine", "Broken", "Also fine"] {
            let input = NoteInput {
                title: title.into(),
                body: "Some words.".into(),
                target: NoteTarget::None,
                tags: vec![],
            };
            ids.push(
                store
                    .create_note(&input, NoteOrigin::default(), now.timestamp())
                    .unwrap()
                    .id,
            );
        }
        let request = crate::progress::ReportRequest {
            note_ids: ids,
            ..Default::default()
        };
        let report = crate::progress::gather(&store, &request, &now, "en-GB").unwrap();
        // A template that fails on one note stands in for a typesetting failure no real note should cause.
        let failing = format!(
            "{TEMPLATE}\n#for part in data.sections.map(s => s.blocks).flatten() {{ if part.kind == \"note\" and part.note.title == \"Broken\" {{ panic(\"cannot set this\") }} }}"
        );
        let error = render_with(&failing, &report, now.date()).unwrap_err();
        assert_eq!(error.code(), ErrorCode::Report);
        let message = error.to_string();
        assert!(message.contains("the note \"Broken\""), "{message}");
        assert!(message.contains("cannot set this"), "{message}");
        assert!(render(&report, now.date()).is_ok());
    }
}
