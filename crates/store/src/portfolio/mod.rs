//! The portfolio: writing samples by deliverable type and status, the competencies each demonstrates, attached
//! files, and which competencies have evidence.
//!
//! Attachments are copied into `<data dir>/attachments/` under the SHA-256 of their content (plus the
//! original's extension, so the system opens them with the right program): the original is only read, the same
//! content is stored once however often it is attached, and no name the person chose is ever part of a path.
//! The copy is written to a temporary file in that folder, flushed, then renamed, before the database row that
//! refers to it is committed; a copy the database never came to refer to is removed. Removing a piece or an
//! attachment only marks it (undo); rows marked more than [`TRASH_DAYS`] ago are purged on the next removal,
//! and a stored file goes with the last row that refers to it.

mod files;
mod pieces;

use cairn_core::portfolio::{Deliverable, PieceStatus};
use cairn_core::Id;
use serde::Serialize;
use std::path::PathBuf;

/// How long a removed piece or attachment can be brought back before it is purged.
pub const TRASH_DAYS: i64 = 30;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CompetencyRef {
    pub id: Id,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Attachment {
    pub id: Id,
    pub piece_id: Id,
    pub name: String,
    pub size: u32,
    pub deleted: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Piece {
    pub id: Id,
    pub title: String,
    pub deliverable: Deliverable,
    pub status: PieceStatus,
    pub started_on: Option<String>,
    pub finished_on: Option<String>,
    pub notes: String,
    /// Made under a confidentiality agreement: a sample pack refuses it.
    pub confidential: bool,
    pub competencies: Vec<CompetencyRef>,
    pub attachments: Vec<Attachment>,
    pub updated_at: String,
    pub deleted: bool,
}

/// One competency and the pieces that demonstrate it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CompetencyEvidence {
    pub id: Id,
    pub name: String,
    /// Pieces (any status) that demonstrate it.
    pub pieces: u32,
    /// Of those, done or published.
    pub finished: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct StatusCount {
    pub status: PieceStatus,
    pub pieces: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Portfolio {
    /// Most recently changed first; attachments listed, notes left out.
    pub pieces: Vec<Piece>,
    pub by_status: Vec<StatusCount>,
    /// Every competency the person has not hidden, in the rubric's order.
    pub evidence: Vec<CompetencyEvidence>,
    /// Competencies with at least one piece.
    pub covered: u32,
}

/// Where an attachment's copy is and how it may be opened (see [`crate::Store::attachment_opening`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachmentOpening {
    pub path: PathBuf,
    /// Why the copy is shown in its folder instead of opened; `None` when the default program may open it.
    pub show_in_folder_because: Option<String>,
}
