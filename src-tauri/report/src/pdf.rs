//! The PDF report, typeset by Typst used as a library: the template (`templates/report.typ`) and the report as
//! `data.json` are the only files the document can see; the fonts are Typst's own, embedded in Cairn, so the
//! PDF looks the same on every machine and nothing is read from the system or the network.

use crate::progress::ProgressReport;
use crate::typst_markup;
use cairn_core::{Error, Result};
use std::sync::OnceLock;
use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;

const TEMPLATE: &str = include_str!("templates/report.typ");

/// Typst's standard library and the embedded fonts, built once per process (parsing fonts is the slow part).
struct Shared {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

fn shared() -> &'static Shared {
    static SHARED: OnceLock<Shared> = OnceLock::new();
    SHARED.get_or_init(|| {
        let fonts: Vec<Font> = typst_assets::fonts()
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

/// The world one report is typeset in.
struct ReportWorld {
    main: Source,
    data: Bytes,
    data_id: FileId,
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
        if id == self.data_id {
            Ok(self.data.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        shared().fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        self.today
    }
}

/// What the template reads: the report, plus the sentences the three formats share and each note as Typst.
fn template_data(report: &ProgressReport) -> Result<Vec<u8>> {
    let mut data = serde_json::to_value(report).map_err(|e| Error::Database(format!("report data: {e}")))?;
    let object = data.as_object_mut().expect("a report serializes to an object");
    object.insert("subtitle".into(), report.subtitle().into());
    object.insert(
        "keyFigures".into(),
        serde_json::to_value(report.key_figures()).unwrap_or_default(),
    );
    object.insert("assessmentsSentence".into(), report.assessments_sentence().into());
    object.insert("studySentence".into(), report.study_sentence().into());
    object.insert("portfolioSentence".into(), report.portfolio_sentence().into());
    object.insert("networkSentence".into(), report.network_sentence().into());
    object.insert("footer".into(), report.footer().into());
    if let Some(notes) = object.get_mut("notes").and_then(|n| n.as_array_mut()) {
        for (note, source) in notes.iter_mut().zip(&report.notes) {
            if let Some(note) = note.as_object_mut() {
                note.insert(
                    "typst".into(),
                    typst_markup::from_markdown(&source.markdown).into(),
                );
                note.remove("html");
            }
        }
    }
    serde_json::to_vec(&data).map_err(|e| Error::Database(format!("report data: {e}")))
}

/// Typesets the report and returns the PDF's bytes.
pub fn render(report: &ProgressReport, today: jiff::civil::Date) -> Result<Vec<u8>> {
    let world = ReportWorld {
        main: Source::new(file_id("report.typ"), TEMPLATE.to_owned()),
        data: Bytes::new(template_data(report)?),
        data_id: file_id("data.json"),
        today: Datetime::from_ymd(i32::from(today.year()), today.month() as u8, today.day() as u8),
    };
    let failed = |what: &str, diagnostics: &[typst::diag::SourceDiagnostic]| {
        let messages: Vec<String> = diagnostics.iter().map(|d| d.message.to_string()).collect();
        Error::Database(format!(
            "Could not {what} the PDF report: {}",
            messages.join("; ")
        ))
    };
    let document: PagedDocument = typst::compile(&world)
        .output
        .map_err(|diagnostics| failed("typeset", &diagnostics))?;
    let options = typst_pdf::PdfOptions::default();
    typst_pdf::pdf(&document, &options).map_err(|diagnostics| failed("write", &diagnostics))
}
