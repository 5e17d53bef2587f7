//! Rows written in bulk with their own dates: history as it was, not as it happens now (the large demo's ten
//! years, for benchmarks). Each call is one transaction; the indexes' triggers run for every row exactly as for
//! rows typed in the window. Nothing here checks input the way the editors' commands do: callers are Cairn's own
//! generators, never a person or a file.

use crate::Store;
use cairn_core::time::instant_text;
use cairn_core::Id;
use cairn_core::Result;
use jiff::civil::Date;
use jiff::Timestamp;
use rusqlite::params;

/// A checklist item of the person's own, with the dates it had.
#[derive(Debug, Clone)]
pub struct DatedItem {
    pub milestone_id: Id,
    pub title: String,
    pub details: String,
    pub position: u32,
    pub created_at: Timestamp,
    pub done_at: Option<Timestamp>,
    pub due_on: Option<Date>,
}

/// A note with the dates it had (and the trash date, if it is there), and the ids of its tags.
#[derive(Debug, Clone)]
pub struct DatedNote {
    pub title: String,
    pub body: String,
    pub milestone_id: Option<Id>,
    pub item_id: Option<Id>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub deleted_at: Option<Timestamp>,
    pub tag_ids: Vec<Id>,
}

impl Store {
    /// The milestones' ids, in pathway order.
    pub fn milestone_ids(&self) -> Result<Vec<Id>> {
        self.ids("SELECT id FROM milestone ORDER BY position")
    }

    /// The built-in pathway's items, by milestone and position.
    pub fn builtin_item_ids(&self) -> Result<Vec<Id>> {
        self.ids("SELECT id FROM checklist_item WHERE key IS NOT NULL ORDER BY milestone_id, position")
    }

    /// The first `limit` checklist items by id.
    pub fn first_item_ids(&self, limit: u32) -> Result<Vec<Id>> {
        self.ids(&format!(
            "SELECT id FROM checklist_item ORDER BY id LIMIT {limit}"
        ))
    }

    fn ids(&self, sql: &str) -> Result<Vec<Id>> {
        self.read(|conn| {
            Ok(conn
                .prepare(sql)
                .and_then(|mut statement| statement.query_map([], |row| row.get(0))?.collect())?)
        })
    }

    /// Marks each item done at its instant (and touched then).
    pub fn backfill_done(&mut self, done: &[(Id, Timestamp)]) -> Result<()> {
        self.transact(|tx| {
            let mut update = tx.prepare(
                "UPDATE checklist_item SET done_at = ?2, touched_at = ?2, updated_at = ?2 WHERE id = ?1",
            )?;
            for (id, at) in done {
                update.execute(params![id, instant_text(*at)])?;
            }
            Ok(())
        })
    }

    /// Adds the person's own items.
    pub fn backfill_items(&mut self, items: &[DatedItem]) -> Result<()> {
        self.transact(|tx| {
            let mut insert = tx
                .prepare(
                    "INSERT INTO checklist_item (id, milestone_id, title, details, position, done_at, due_on, touched_at,
                         created_at, updated_at)
                     VALUES (cairn_id(), ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?7)",
                )?;
            for item in items {
                insert
                    .execute(params![
                        item.milestone_id,
                        item.title,
                        item.details,
                        item.position,
                        item.done_at.map(instant_text),
                        item.due_on.map(|date| date.to_string()),
                        instant_text(item.created_at),
                    ])?;
            }
            Ok(())
        })
    }

    /// Adds tags created at `at`, returning their ids in order.
    pub fn backfill_tags(&mut self, names: &[&str], at: Timestamp) -> Result<Vec<Id>> {
        let created = instant_text(at);
        self.transact(|tx| {
            let mut ids = Vec::with_capacity(names.len());
            for name in names {
                tx.execute(
                    "INSERT INTO tag (id, name, created_at) VALUES (cairn_keyed_id('tag', ?1), ?1, ?2)",
                    params![name, created],
                )?;
                ids.push(Id(tx.last_insert_rowid()));
            }
            Ok(ids)
        })
    }

    /// Adds notes with their tags.
    pub fn backfill_notes(&mut self, notes: &[DatedNote]) -> Result<()> {
        self.transact(|tx| {
            let mut insert = tx.prepare(
                "INSERT INTO note (id, title, body, milestone_id, item_id, created_at, updated_at, deleted_at)
                     VALUES (cairn_id(), ?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?;
            let mut tag_note =
                tx.prepare("INSERT OR IGNORE INTO note_tag (note_id, tag_id) VALUES (?1, ?2)")?;
            for note in notes {
                insert.execute(params![
                    note.title,
                    note.body,
                    note.milestone_id,
                    note.item_id,
                    instant_text(note.created_at),
                    instant_text(note.updated_at),
                    note.deleted_at.map(instant_text),
                ])?;
                let note_id = tx.last_insert_rowid();
                for tag_id in &note.tag_ids {
                    tag_note.execute(params![note_id, tag_id])?;
                }
            }
            Ok(())
        })
    }
}
