//! Milestones, checklist items and progress: the reads behind the dashboard and a milestone page, and every
//! change the person makes to a checklist. Each mutation is one transaction and returns what changed.
//!
//! Progress counts the items a person sees: hidden and deleted items are left out; retired items (dropped by
//! a pathway update after the person touched them) still count.

use crate::Store;
use cairn_core::checklist::{ItemInput, ValidItem};
use cairn_core::time::instant_text;
use cairn_core::{Error, Result};
use jiff::civil::Date;
use jiff::Timestamp;
use rusqlite::{params, OptionalExtension, Row, Transaction};
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
    pub id: u32,
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
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ItemBrief {
    pub id: u32,
    pub title: String,
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
    pub id: u32,
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
    pub id: u32,
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
    c.retired_at IS NOT NULL";

/// Items a person sees and counts: not deleted, not hidden.
const COUNTED: &str = "c.deleted_at IS NULL AND c.hidden_at IS NULL";

/// Resolves a JSON list of source keys to titles and URLs, in the list's order.
fn sources_of(conn: &rusqlite::Connection, keys_json: &str) -> rusqlite::Result<Vec<SourceRef>> {
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
    })
}

fn item_by_id(conn: &rusqlite::Connection, id: u32) -> rusqlite::Result<Option<ChecklistItem>> {
    let sql = format!(
        "SELECT {ITEM_COLUMNS} FROM checklist_item c JOIN milestone m ON m.id = c.milestone_id
         WHERE c.id = ?1 AND c.deleted_at IS NULL"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    stmt.query_row([id], |row| row_to_item(conn, row)).optional()
}

fn milestone_summaries(
    conn: &rusqlite::Connection,
    only_key: Option<&str>,
) -> rusqlite::Result<Vec<MilestoneSummary>> {
    let sql = format!(
        "SELECT m.key, m.position, m.title, m.summary,
             (SELECT count(*) FROM checklist_item c WHERE c.milestone_id = m.id AND {COUNTED} AND c.done_at IS NOT NULL),
             (SELECT count(*) FROM checklist_item c WHERE c.milestone_id = m.id AND {COUNTED}),
             (SELECT c.id FROM checklist_item c WHERE c.milestone_id = m.id AND {COUNTED} AND c.done_at IS NULL
                  ORDER BY c.position, c.id LIMIT 1),
             (SELECT c.title FROM checklist_item c WHERE c.milestone_id = m.id AND {COUNTED} AND c.done_at IS NULL
                  ORDER BY c.position, c.id LIMIT 1)
         FROM milestone m
         WHERE m.retired_at IS NULL AND (?1 IS NULL OR m.key = ?1)
         ORDER BY m.position"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([only_key], |row| {
        let next_id: Option<u32> = row.get(6)?;
        let next_title: Option<String> = row.get(7)?;
        Ok(MilestoneSummary {
            key: row.get(0)?,
            position: row.get(1)?,
            title: row.get(2)?,
            summary: row.get(3)?,
            progress: Progress {
                done: row.get(4)?,
                total: row.get(5)?,
            },
            next_item: next_id.zip(next_title).map(|(id, title)| ItemBrief { id, title }),
        })
    })?;
    rows.collect()
}

/// A ticked checklist item, for the progress report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DoneItem {
    /// When it was ticked (UTC, RFC 3339).
    pub done_at: String,
    pub milestone: String,
    pub title: String,
}

impl Store {
    /// Every ticked item (outside the trash, not hidden), in the order they were ticked.
    pub fn items_done(&self) -> Result<Vec<DoneItem>> {
        self.read(|conn| Ok(conn
            .prepare_cached(
                "SELECT ci.done_at, m.title, ci.title FROM checklist_item ci JOIN milestone m ON m.id = ci.milestone_id
                 WHERE ci.done_at IS NOT NULL AND ci.deleted_at IS NULL AND ci.hidden_at IS NULL
                 ORDER BY ci.done_at, ci.id",
            )
            .and_then(|mut stmt| {
                stmt.query_map([], |row| {
                    Ok(DoneItem {
                        done_at: row.get(0)?,
                        milestone: row.get(1)?,
                        title: row.get(2)?,
                    })
                })?
                .collect()
            })?))
    }

    /// The dashboard's view of the pathway on `today` (the person's local date).
    pub fn pathway_overview(&self, today: Date) -> Result<PathwayOverview> {
        self.read(|conn| {
            let milestones = milestone_summaries(conn, None)?;
            let overall = milestones
                .iter()
                .fold(Progress { done: 0, total: 0 }, |sum, m| Progress {
                    done: sum.done + m.progress.done,
                    total: sum.total + m.progress.total,
                });
            let horizon = today
                .checked_add(jiff::Span::new().days(DUE_SOON_DAYS))
                .unwrap_or(today);
            let sql = format!(
                "SELECT c.id, c.title, m.key, m.title, c.due_on FROM checklist_item c
                 JOIN milestone m ON m.id = c.milestone_id
                 WHERE {COUNTED} AND c.done_at IS NULL AND c.due_on IS NOT NULL AND c.due_on <= ?1
                     AND m.retired_at IS NULL
                 ORDER BY c.due_on, m.position, c.position"
            );
            let mut stmt = conn.prepare_cached(&sql)?;
            let today_text = today.to_string();
            let due_soon = stmt
                .query_map([horizon.to_string()], |row| {
                    let due_on: String = row.get(4)?;
                    Ok(DueItem {
                        id: row.get(0)?,
                        title: row.get(1)?,
                        milestone_key: row.get(2)?,
                        milestone_title: row.get(3)?,
                        overdue: due_on < today_text,
                        due_on,
                    })
                })
                .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())?;
            Ok(PathwayOverview {
                overall,
                milestones,
                due_soon,
            })
        })
    }

    /// One milestone with its checklist, prompts and resources.
    pub fn milestone_detail(&self, key: &str) -> Result<MilestoneDetail> {
        self.read(|conn| {
            let milestone = milestone_summaries(conn, Some(key))?
                .into_iter()
                .next()
                .ok_or_else(|| Error::NotFound {
                    what: format!("The milestone \"{key}\""),
                })?;
            let (milestone_id, done_looks_like, sources_json): (i64, String, String) = conn.query_row(
                "SELECT id, done_looks_like, sources FROM milestone WHERE key = ?1",
                [key],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
            )?;
            let sql = format!(
                "SELECT {ITEM_COLUMNS} FROM checklist_item c JOIN milestone m ON m.id = c.milestone_id
                 WHERE c.milestone_id = ?1 AND c.deleted_at IS NULL ORDER BY c.position, c.id"
            );
            let items = conn.prepare_cached(&sql).and_then(|mut stmt| {
                stmt.query_map([milestone_id], |row| row_to_item(conn, row))?
                    .collect()
            })?;
            let prompts = conn
                .prepare_cached(
                    "SELECT id, text FROM reflection_prompt WHERE milestone_id = ?1 AND retired_at IS NULL ORDER BY position",
                )
                .and_then(|mut stmt| {
                    stmt.query_map([milestone_id], |row| Ok(ReflectionPrompt { id: row.get(0)?, text: row.get(1)? }))?
                        .collect()
                })?;
            let resources = conn
                .prepare_cached(
                    "SELECT r.key, r.kind, r.title, r.purpose, r.sources FROM resource r
                     WHERE EXISTS (SELECT 1 FROM json_each(r.milestones) WHERE value = ?1) ORDER BY r.position",
                )
                .and_then(|mut stmt| {
                    stmt.query_map([key], |row| {
                        let sources_json: String = row.get(4)?;
                        Ok(ResourceView {
                            key: row.get(0)?,
                            kind: row.get(1)?,
                            title: row.get(2)?,
                            purpose: row.get(3)?,
                            sources: sources_of(conn, &sources_json)?,
                        })
                    })?
                    .collect()
                })?;
            let sources = sources_of(conn, &sources_json)?;
            Ok(MilestoneDetail {
                milestone,
                done_looks_like,
                sources,
                items,
                prompts,
                resources,
            })
        })
    }

    /// Ticks (with the time) or unticks an item.
    pub fn set_item_done(&mut self, id: u32, done: bool, now: Timestamp) -> Result<ChecklistItem> {
        let now = instant_text(now);
        self.change_item(id, any_item, |tx| {
            tx.execute(
                "UPDATE checklist_item SET done_at = CASE WHEN ?2 THEN coalesce(done_at, ?3) END,
                     touched_at = ?3, updated_at = ?3 WHERE id = ?1",
                params![id, done, now],
            )?;
            Ok(())
        })
    }

    /// Adds the person's own item at the end of a milestone's checklist.
    pub fn add_item(
        &mut self,
        milestone_key: &str,
        input: &ItemInput,
        now: Timestamp,
    ) -> Result<ChecklistItem> {
        let valid = input.validate()?;
        let now = instant_text(now);
        let id = self.transact(|tx| {
            let milestone_id: i64 = tx
                .query_row("SELECT id FROM milestone WHERE key = ?1 AND retired_at IS NULL", [milestone_key], |row| {
                    row.get(0)
                })
                .optional()?
                .ok_or_else(|| Error::NotFound { what: format!("The milestone \"{milestone_key}\"") })?;
            tx.execute(
                "INSERT INTO checklist_item (milestone_id, title, details, due_on, position, touched_at,
                     created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4,
                     (SELECT coalesce(max(position), 0) + 1 FROM checklist_item WHERE milestone_id = ?1), ?5, ?5, ?5)",
                params![milestone_id, valid.title, valid.details, valid.due_on.map(|d| d.to_string()), now],
            )?;
            Ok(tx.last_insert_rowid() as u32)
        })?;
        self.item(id)
    }

    /// Changes an item's title, details and due date (a pathway item keeps its original text for reset).
    pub fn edit_item(&mut self, id: u32, input: &ItemInput, now: Timestamp) -> Result<ChecklistItem> {
        let ValidItem {
            title,
            details,
            due_on,
        } = input.validate()?;
        let now = instant_text(now);
        self.change_item(id, any_item, |tx| {
            tx.execute(
                "UPDATE checklist_item SET title = ?2, details = ?3, due_on = ?4, touched_at = ?5, updated_at = ?5
                 WHERE id = ?1",
                params![id, title, details, due_on.map(|d| d.to_string()), now],
            )?;
            Ok(())
        })
    }

    /// Puts a pathway item's text back to the pathway's wording.
    pub fn reset_item(&mut self, id: u32, now: Timestamp) -> Result<ChecklistItem> {
        let now = instant_text(now);
        let rule = |item: &ChecklistItem| match item.builtin {
            true => Ok(()),
            false => Err(Error::Conflict(
                "Only pathway items have original wording to go back to.".into(),
            )),
        };
        self.change_item(id, rule, |tx| {
            tx.execute(
                "UPDATE checklist_item SET title = pack_title, details = pack_details, touched_at = ?2, updated_at = ?2
                 WHERE id = ?1",
                params![id, now],
            )?;
            Ok(())
        })
    }

    /// Hides or shows a pathway item (the person's own items are deleted instead).
    pub fn set_item_hidden(&mut self, id: u32, hidden: bool, now: Timestamp) -> Result<ChecklistItem> {
        let now = instant_text(now);
        let rule = |item: &ChecklistItem| match item.builtin {
            true => Ok(()),
            false => Err(Error::Conflict(
                "Your own items are deleted rather than hidden.".into(),
            )),
        };
        self.change_item(id, rule, |tx| {
            tx.execute(
                "UPDATE checklist_item SET hidden_at = CASE WHEN ?2 THEN coalesce(hidden_at, ?3) END,
                     touched_at = ?3, updated_at = ?3 WHERE id = ?1",
                params![id, hidden, now],
            )?;
            Ok(())
        })
    }

    /// Deletes one of the person's own items; [`Store::restore_item`] undoes it.
    pub fn delete_item(&mut self, id: u32, now: Timestamp) -> Result<ChecklistItem> {
        let now = instant_text(now);
        let item = self.item(id)?;
        if item.builtin {
            return Err(Error::Conflict(
                "Pathway items are hidden rather than deleted.".into(),
            ));
        }
        self.transact(|tx| {
            tx.execute(
                "UPDATE checklist_item SET deleted_at = ?2, touched_at = ?2, updated_at = ?2 WHERE id = ?1",
                params![id, now],
            )?;
            Ok(())
        })?;
        Ok(item)
    }

    /// Brings back a deleted item, in its old place.
    pub fn restore_item(&mut self, id: u32, now: Timestamp) -> Result<ChecklistItem> {
        let now = instant_text(now);
        let restored = self.transact(|tx| {
            Ok(tx.execute(
                "UPDATE checklist_item SET deleted_at = NULL, touched_at = ?2, updated_at = ?2
                 WHERE id = ?1 AND deleted_at IS NOT NULL",
                params![id, now],
            )?)
        })?;
        if restored == 0 {
            return Err(Error::NotFound {
                what: format!("A deleted item with id {id}"),
            });
        }
        self.item(id)
    }

    /// Moves an item to `to_index` (0-based) among its milestone's items, and returns the checklist in its new
    /// order. Positions are renumbered 1..n, so the order is exactly what the person sees.
    pub fn move_item(&mut self, id: u32, to_index: u32, now: Timestamp) -> Result<Vec<ChecklistItem>> {
        let item = self.item(id)?;
        let now = instant_text(now);
        self.transact(|tx| {
            let mut order: Vec<u32> = tx
                .prepare_cached(
                    "SELECT c.id FROM checklist_item c JOIN milestone m ON m.id = c.milestone_id
                     WHERE m.key = ?1 AND c.deleted_at IS NULL ORDER BY c.position, c.id",
                )
                .and_then(|mut stmt| stmt.query_map([&item.milestone_key], |row| row.get(0))?.collect())?;
            order.retain(|&other| other != id);
            let index = (to_index as usize).min(order.len());
            order.insert(index, id);
            let mut update = tx.prepare_cached(
                "UPDATE checklist_item SET position = ?2,
                         touched_at = CASE WHEN id = ?3 THEN ?4 ELSE touched_at END,
                         updated_at = CASE WHEN id = ?3 THEN ?4 ELSE updated_at END
                     WHERE id = ?1 AND position IS NOT ?2",
            )?;
            for (position, other) in order.iter().enumerate() {
                update.execute(params![other, position as u32 + 1, id, now])?;
            }
            Ok(())
        })?;
        Ok(self.milestone_detail(&item.milestone_key)?.items)
    }

    /// One item (not deleted).
    pub fn item(&self, id: u32) -> Result<ChecklistItem> {
        self.read(|conn| {
            Ok(item_by_id(conn, id)?.ok_or_else(|| Error::NotFound {
                what: format!("The checklist item {id}"),
            })?)
        })
    }

    /// Checks `rule` against the item, then runs `change` in one transaction, and returns the item as it is
    /// afterwards.
    fn change_item(
        &mut self,
        id: u32,
        rule: impl FnOnce(&ChecklistItem) -> Result<()>,
        change: impl FnOnce(&Transaction<'_>) -> rusqlite::Result<()>,
    ) -> Result<ChecklistItem> {
        rule(&self.item(id)?)?;
        self.transact(|tx| Ok(change(tx)?))?;
        self.item(id)
    }
}

/// The rule for changes any item may have.
fn any_item(_: &ChecklistItem) -> Result<()> {
    Ok(())
}
