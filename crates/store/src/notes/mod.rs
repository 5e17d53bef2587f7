//! Notes, tags, the trash and full-text search.
//!
//! The search index (`note_search`, FTS5) is written only by triggers in the schema, so every change to a
//! note or its tags, in any transaction, keeps it exact. Deleting a note puts it in the trash (`deleted_at`),
//! which takes it out of the index (restoring puts it back); lists leave trashed notes out; only
//! [`crate::Store::empty_trash`] removes them for good.

mod choices;
mod records;
pub(crate) use records::insert_note;
mod search;
mod tags;

use cairn_core::note::{NoteTarget, SnippetPart};
use cairn_core::Id;
use serde::{Deserialize, Serialize};

/// What a note is attached to, with the names the UI shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum AttachedTo {
    None,
    #[serde(rename_all = "camelCase")]
    Milestone {
        key: String,
        title: String,
    },
    #[serde(rename_all = "camelCase")]
    Item {
        id: Id,
        title: String,
        milestone_key: String,
        milestone_title: String,
    },
    #[serde(rename_all = "camelCase")]
    Competency {
        id: Id,
        name: String,
    },
}

impl AttachedTo {
    pub fn target(&self) -> NoteTarget {
        match self {
            AttachedTo::None => NoteTarget::None,
            AttachedTo::Milestone { key, .. } => NoteTarget::Milestone { key: key.clone() },
            AttachedTo::Item { id, .. } => NoteTarget::Item { id: *id },
            AttachedTo::Competency { id, .. } => NoteTarget::Competency { id: *id },
        }
    }

    /// "Milestone: Understanding CME", for exports and reports.
    pub fn describe(&self) -> Option<String> {
        match self {
            AttachedTo::None => None,
            AttachedTo::Milestone { title, .. } => Some(format!("Milestone: {title}")),
            AttachedTo::Item { title, .. } => Some(format!("Checklist item: {title}")),
            AttachedTo::Competency { name, .. } => Some(format!("Competency: {name}")),
        }
    }
}

/// A whole note, as the editor opens it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Note {
    pub id: Id,
    pub title: String,
    pub body: String,
    pub attached_to: AttachedTo,
    pub tags: Vec<String>,
    /// The reflection prompt the note was started from, worded as it was then.
    pub prompt: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    /// When it went to the trash; `None` for a note that is not in the trash.
    pub deleted_at: Option<String>,
    /// The study session it was written during (its scratch pad) or reflects on.
    pub session: Option<NoteSession>,
}

/// A study session a note belongs to, as the editor names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct NoteSession {
    pub id: Id,
    /// The local day it started (`YYYY-MM-DD`).
    pub started_on: String,
    pub seconds: u32,
    /// True when the note is the session's reflection, false when it is the scratch pad kept during it.
    pub reflection: bool,
}

/// A note in a list: its title, the start of its text, and what it is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct NoteSummary {
    pub id: Id,
    pub title: String,
    /// The first characters of the body, on one line.
    pub excerpt: String,
    pub attached_to: AttachedTo,
    pub tags: Vec<String>,
    pub prompt: Option<String>,
    pub updated_at: String,
    pub deleted_at: Option<String>,
}

/// Which notes a list shows. Everything is optional; the default is every note not in the trash.
#[derive(Debug, Clone, Default, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct NoteFilter {
    /// Notes about this milestone or one of its checklist items.
    #[serde(default)]
    pub milestone_key: Option<String>,
    #[serde(default)]
    pub item_id: Option<Id>,
    #[serde(default)]
    pub competency_id: Option<Id>,
    #[serde(default)]
    pub tag: Option<String>,
    /// The trash instead of the notes.
    #[serde(default)]
    pub trashed: bool,
    #[serde(default)]
    pub offset: u32,
    /// At most this many (default [`DEFAULT_PAGE`], at most [`MAX_PAGE`]).
    #[serde(default)]
    pub limit: Option<u32>,
}

pub const DEFAULT_PAGE: u32 = 100;

/// Search results come a page at a time.
pub const DEFAULT_HITS: u32 = 25;

pub const MAX_PAGE: u32 = 500;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct NoteList {
    /// Most recently changed first.
    pub notes: Vec<NoteSummary>,
    /// How many notes match the filter in all (the list may be one page of them).
    pub total: u32,
}

#[derive(Debug, Clone, Default, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SearchRequest {
    pub text: String,
    #[serde(default)]
    pub milestone_key: Option<String>,
    /// Only notes about this checklist item.
    #[serde(default)]
    pub item_id: Option<Id>,
    #[serde(default)]
    pub tag: Option<String>,
    #[serde(default)]
    pub limit: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SearchHit {
    pub note: NoteSummary,
    /// The best-matching passage, matched words marked.
    pub snippet: Vec<SnippetPart>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SearchResults {
    /// Best match first: words in the title count most, then tags, then the body.
    pub hits: Vec<SearchHit>,
    pub total: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TagUse {
    pub name: String,
    /// Notes (not in the trash) with this tag.
    pub notes: u32,
}

/// A note ready to be written to a Markdown file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct NoteMarkdown {
    pub file_name: String,
    pub text: String,
}

/// Where a note's reflection prompt and attachment come from when it is created.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoteOrigin {
    pub prompt_id: Option<Id>,
}

const EXCERPT_CHARS: usize = 160;

/// Columns every note read selects, in the order [`row_to_summary`] and [`row_to_note`] expect.
const NOTE_COLUMNS: &str =
    "n.id, n.title, n.milestone_id, ms.key, ms.title, n.item_id, it.title, itm.key, itm.title,
    n.competency_id, cp.name, n.prompt_text, n.updated_at, n.deleted_at, n.created_at";

/// What [`NOTE_COLUMNS`] needs joined to `note n`.
const NOTE_JOINS: &str = "LEFT JOIN milestone ms ON ms.id = n.milestone_id
    LEFT JOIN checklist_item it ON it.id = n.item_id
    LEFT JOIN milestone itm ON itm.id = it.milestone_id
    LEFT JOIN competency cp ON cp.id = n.competency_id";

/// `note`'s (milestone_id, item_id, competency_id); at most one is set.
type AttachmentColumns = (Option<i64>, Option<i64>, Option<i64>);

/// A milestone or competency a note can be attached to (items are chosen from their milestone's checklist).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AttachmentChoices {
    pub milestones: Vec<MilestoneChoice>,
    pub competencies: Vec<CompetencyChoice>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct MilestoneChoice {
    pub key: String,
    pub title: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct CompetencyChoice {
    pub id: Id,
    pub name: String,
}
