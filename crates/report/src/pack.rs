//! The writing-sample pack: one PDF for a prospect with a cover (the person's name and background, the kinds of
//! deliverable and the competencies the samples show), a contents page, and for each chosen portfolio piece a
//! page about it followed by the pages of its PDF attachments. Files that are not PDFs (Word, slides) are named
//! as sent separately. Pieces marked confidential are refused, with the reason.
//!
//! The attachments are read from their stored copies and handed to Typst as bytes; Typst reads nothing else.

use crate::note_tree::{self, Block};
use crate::pdf;
use cairn_core::time::long_date_in;
use cairn_core::Id;
use cairn_core::{Error, Result};
use cairn_store::Store;
use serde::{Deserialize, Serialize};

/// The most pieces one pack holds (a prospect reads three to five; this is only a guard).
pub const MAX_PIECES: usize = 30;

const TEMPLATE: &str = concat!(
    include_str!("templates/note_tree.typ"),
    include_str!("templates/pack.typ")
);

/// The pieces to put in a pack, in the order chosen.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PackRequest {
    pub piece_ids: Vec<Id>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SamplePack {
    pub title: String,
    pub name: String,
    pub background: Option<String>,
    pub prepared_on: String,
    /// The kinds of deliverable the pieces cover, in the order first met.
    pub deliverables: Vec<String>,
    /// The competencies the pieces show, in the order first met.
    pub competencies: Vec<String>,
    pub pieces: Vec<PackPiece>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PackPiece {
    pub title: String,
    pub deliverable: String,
    pub status: String,
    pub finished_on: Option<String>,
    pub competencies: Vec<String>,
    /// The piece's notes, as a document tree.
    pub description: Vec<Block>,
    /// PDF attachments whose pages follow the piece's page.
    pub files: Vec<PackFile>,
    /// Attachments sent separately, each with why.
    pub separate: Vec<SeparateFile>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PackFile {
    /// The name Typst reads it by (`piece-3-1.pdf`), not the person's file name.
    pub id: String,
    pub name: String,
    pub pages: usize,
    #[serde(skip)]
    pub bytes: Vec<u8>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SeparateFile {
    pub name: String,
    pub reason: String,
}

/// The pieces a pack offers by default: finished (done or published) and not confidential.
pub fn default_request(store: &Store) -> Result<PackRequest> {
    let portfolio = store.portfolio()?;
    Ok(PackRequest {
        piece_ids: portfolio
            .pieces
            .iter()
            .filter(|p| p.status.finished() && !p.confidential)
            .map(|p| p.id)
            .collect(),
    })
}

/// Gathers the pack: each piece checked (there, not in the trash, not confidential) and its attachments read.
pub fn gather(
    store: &Store,
    request: &PackRequest,
    today: jiff::civil::Date,
    locale: &str,
) -> Result<SamplePack> {
    let long_date = |day: jiff::civil::Date| long_date_in(locale, day);
    if request.piece_ids.is_empty() {
        return Err(Error::invalid(
            "pieceIds",
            "Choose at least one piece for the pack.",
        ));
    }
    if request.piece_ids.len() > MAX_PIECES {
        return Err(Error::invalid(
            "pieceIds",
            format!("A pack holds at most {MAX_PIECES} pieces; a prospect reads three to five."),
        ));
    }
    let profile = store.profile()?;
    let mut deliverables: Vec<String> = Vec::new();
    let mut competencies: Vec<String> = Vec::new();
    let mut pieces = Vec::new();
    for &id in &request.piece_ids {
        let piece = store.piece(id)?;
        if piece.deleted {
            return Err(Error::invalid(
                "pieceIds",
                format!("\"{}\" is in the trash.", piece.title),
            ));
        }
        if piece.confidential {
            return Err(Error::invalid(
                "pieceIds",
                format!(
                    "\"{}\" is marked confidential, so it cannot go in a sample pack. If the client has \
                     agreed to it being shown, untick \"Confidential\" on the piece first.",
                    piece.title
                ),
            ));
        }
        let deliverable = piece.deliverable.label().to_owned();
        if !deliverables.contains(&deliverable) {
            deliverables.push(deliverable.clone());
        }
        for c in &piece.competencies {
            if !competencies.contains(&c.name) {
                competencies.push(c.name.clone());
            }
        }
        let mut files = Vec::new();
        let mut separate = Vec::new();
        for attachment in piece.attachments.iter().filter(|a| !a.deleted) {
            match pdf_pages(store, attachment.id) {
                Ok((bytes, pages)) => files.push(PackFile {
                    id: format!("piece-{id}-{}.pdf", attachment.id),
                    name: attachment.name.clone(),
                    pages,
                    bytes,
                }),
                Err(reason) => separate.push(SeparateFile {
                    name: attachment.name.clone(),
                    reason,
                }),
            }
        }
        pieces.push(PackPiece {
            title: piece.title,
            deliverable,
            status: piece.status.label().to_owned(),
            finished_on: piece
                .finished_on
                .as_deref()
                .and_then(|d| d.parse::<jiff::civil::Date>().ok())
                .map(long_date),
            competencies: piece.competencies.into_iter().map(|c| c.name).collect(),
            description: note_tree::parse(&piece.notes),
            files,
            separate,
        });
    }
    Ok(SamplePack {
        title: "Writing samples".to_owned(),
        name: profile.name,
        background: profile.background.map(|b| b.in_report().to_owned()),
        prepared_on: long_date(today),
        deliverables,
        competencies,
        pieces,
    })
}

/// An attachment's bytes and page count when it is a PDF Typst can read; otherwise why it is sent separately.
fn pdf_pages(store: &Store, attachment_id: Id) -> std::result::Result<(Vec<u8>, usize), String> {
    let path = store
        .attachment_path(attachment_id)
        .map_err(|_| "Its stored copy is missing; attach it again.".to_owned())?;
    let is_pdf = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("pdf"));
    if !is_pdf {
        return Err("Attached separately (not a PDF).".to_owned());
    }
    let bytes = std::fs::read(&path).map_err(|e| format!("Could not be read ({e}); send it separately."))?;
    // Read with the same PDF reader Typst uses to show the pages, so a file counted here can be shown there.
    let document = hayro_syntax::Pdf::new(bytes.clone()).map_err(|_| {
        "Could not be read as a PDF (damaged or password-protected); send it separately.".to_owned()
    })?;
    match document.pages().len() {
        0 => Err("Has no pages; send it separately.".to_owned()),
        pages => Ok((bytes, pages)),
    }
}

/// Typesets the pack.
pub fn render(pack: &SamplePack, today: jiff::civil::Date) -> Result<Vec<u8>> {
    let data = serde_json::to_vec(pack).map_err(|e| Error::Report {
        what: "the sample pack".into(),
        detail: e.to_string(),
    })?;
    let mut files = vec![("data.json".to_owned(), data)];
    for file in pack.pieces.iter().flat_map(|p| &p.files) {
        files.push((file.id.clone(), file.bytes.clone()));
    }
    pdf::typeset_files(TEMPLATE, files, today).map_err(|detail| Error::Report {
        what: "the sample pack".into(),
        detail,
    })
}
