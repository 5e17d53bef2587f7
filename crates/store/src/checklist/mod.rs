//! Milestones, checklist items and progress: the reads behind the dashboard and a milestone page, and every
//! change the person makes to a checklist. Each mutation is one transaction and returns what changed.
//!
//! Progress counts the items a person sees: hidden and deleted items are left out; retired items (dropped by
//! a pathway update after the person touched them) still count.

mod items;
mod progress;

use cairn_core::Id;
use rusqlite::{OptionalExtension, Row};
use serde::Serialize;

/// How many days ahead "due soon" looks.
pub const DUE_SOON_DAYS: i32 = 14;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
pub struct Progress {
    pub done: u32,
    pub total: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct SourceRef {
    pub title: String,
    pub url: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ChecklistItem {
    pub id: Id,
    pub milestone_key: String,
    pub title: String,
    pub details: String,
    /// A pathway item (it can be hidden and reset); false for the person's own items (they can be deleted).
    pub builtin: bool,
    /// A pathway item whose text the person changed.
    pub edited: bool,
    pub activity: Option<String>,
    pub effort_minutes: Option<u32>,
    pub sources: Vec<SourceRef>,
    pub position: u32,
    pub done_at: Option<String>,
    pub due_on: Option<String>,
    pub hidden: bool,
    /// Dropped from the pathway after the person touched it: kept, and shown as no longer in the pathway.
    pub retired: bool,
    /// The competency the pathway says the work builds (a session started from the item counts toward it).
    pub competency: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ItemBrief {
    pub id: Id,
    pub title: String,
    /// The kind of work (read, write, practise, contact, produce), for a timer started from it.
    pub activity: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct MilestoneSummary {
    pub key: String,
    pub position: u32,
    pub title: String,
    pub summary: String,
    pub progress: Progress,
    /// The first item, in the person's order, that is not done yet.
    pub next_item: Option<ItemBrief>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DueItem {
    pub id: Id,
    pub title: String,
    pub milestone_key: String,
    pub milestone_title: String,
    pub due_on: String,
    pub overdue: bool,
}

/// Everything the dashboard shows about the pathway.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PathwayOverview {
    pub overall: Progress,
    pub milestones: Vec<MilestoneSummary>,
    /// Undone items due within [`DUE_SOON_DAYS`] of today, or overdue, soonest first.
    pub due_soon: Vec<DueItem>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ReflectionPrompt {
    pub id: Id,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ResourceView {
    pub key: String,
    pub kind: String,
    pub title: String,
    pub purpose: String,
    pub sources: Vec<SourceRef>,
}

/// Everything a milestone page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct MilestoneDetail {
    pub milestone: MilestoneSummary,
    pub done_looks_like: String,
    pub sources: Vec<SourceRef>,
    /// In the person's order, hidden items included (flagged), deleted ones left out.
    pub items: Vec<ChecklistItem>,
    pub prompts: Vec<ReflectionPrompt>,
    pub resources: Vec<ResourceView>,
}

const ITEM_COLUMNS: &str = "c.id, m.key, c.title, c.details, c.key IS NOT NULL,
    c.key IS NOT NULL AND (c.title IS NOT c.pack_title OR c.details IS NOT c.pack_details),
    c.activity, c.effort_minutes, c.sources, c.position, c.done_at, c.due_on, c.hidden_at IS NOT NULL,
    c.retired_at IS NOT NULL, (SELECT k.name FROM competency k WHERE k.key = c.competency_key)";

/// Items a person sees and counts: not deleted, not hidden.
const COUNTED: &str = "c.deleted_at IS NULL AND c.hidden_at IS NULL";

/// Resolves a JSON list of source keys to titles and URLs, in the list's order.
pub(super) fn sources_of(conn: &rusqlite::Connection, keys_json: &str) -> rusqlite::Result<Vec<SourceRef>> {
    let mut stmt = conn.prepare_cached(
        "SELECT s.title, s.url FROM json_each(?1) AS k JOIN source AS s ON s.key = k.value ORDER BY k.key",
    )?;
    let rows = stmt.query_map([keys_json], |row| {
        Ok(SourceRef {
            title: row.get(0)?,
            url: row.get(1)?,
        })
    })?;
    rows.collect()
}

fn row_to_item(conn: &rusqlite::Connection, row: &Row<'_>) -> rusqlite::Result<ChecklistItem> {
    let sources_json: String = row.get(8)?;
    Ok(ChecklistItem {
        id: row.get(0)?,
        milestone_key: row.get(1)?,
        title: row.get(2)?,
        details: row.get(3)?,
        builtin: row.get(4)?,
        edited: row.get(5)?,
        activity: row.get(6)?,
        effort_minutes: row.get(7)?,
        sources: sources_of(conn, &sources_json)?,
        position: row.get(9)?,
        done_at: row.get(10)?,
        due_on: row.get(11)?,
        hidden: row.get(12)?,
        retired: row.get(13)?,
        competency: row.get(14)?,
    })
}

fn item_by_id(conn: &rusqlite::Connection, id: Id) -> rusqlite::Result<Option<ChecklistItem>> {
    let sql = format!(
        "SELECT {ITEM_COLUMNS} FROM checklist_item c JOIN milestone m ON m.id = c.milestone_id
         WHERE c.id = ?1 AND c.deleted_at IS NULL"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    stmt.query_row([id], |row| row_to_item(conn, row)).optional()
}

/// A ticked checklist item, for the progress report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DoneItem {
    /// When it was ticked (UTC, RFC 3339).
    pub done_at: String,
    pub milestone: String,
    pub title: String,
}
