//! Changing checklist items: ticking, the person's own items, rewording and reset, hiding, delete with undo,
//! and moving.

use crate::checklist::{item_by_id, ChecklistItem};
use crate::Store;
use cairn_core::checklist::{ItemInput, ValidItem};
use cairn_core::time::instant_text;
use cairn_core::Id;
use cairn_core::{Error, Result};
use jiff::Timestamp;
use rusqlite::{params, OptionalExtension, Transaction};

impl Store {
    /// Ticks (with the time) or unticks an item.
    pub fn set_item_done(&mut self, id: Id, done: bool, now: Timestamp) -> Result<ChecklistItem> {
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
                "INSERT INTO checklist_item (id, milestone_id, title, details, due_on, position, touched_at,
                     created_at, updated_at)
                 VALUES (cairn_id(), ?1, ?2, ?3, ?4,
                     (SELECT coalesce(max(position), 0) + 1 FROM checklist_item WHERE milestone_id = ?1), ?5, ?5, ?5)",
                params![milestone_id, valid.title, valid.details, valid.due_on.map(|d| d.to_string()), now],
            )?;
            Ok(Id(tx.last_insert_rowid()))
        })?;
        self.item(id)
    }

    /// Changes an item's title, details and due date (a pathway item keeps its original text for reset).
    pub fn edit_item(&mut self, id: Id, input: &ItemInput, now: Timestamp) -> Result<ChecklistItem> {
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
    pub fn reset_item(&mut self, id: Id, now: Timestamp) -> Result<ChecklistItem> {
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
    pub fn set_item_hidden(&mut self, id: Id, hidden: bool, now: Timestamp) -> Result<ChecklistItem> {
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
    pub fn delete_item(&mut self, id: Id, now: Timestamp) -> Result<ChecklistItem> {
        let now = instant_text(now);
        let item = self.item(id)?;
        if item.builtin {
            return Err(Error::Conflict(
                "Pathway items are hidden rather than deleted.".into(),
            ));
        }
        self.execute(
            "UPDATE checklist_item SET deleted_at = ?2, touched_at = ?2, updated_at = ?2 WHERE id = ?1",
            params![id, now],
        )?;
        Ok(item)
    }

    /// Brings back a deleted item, in its old place.
    pub fn restore_item(&mut self, id: Id, now: Timestamp) -> Result<ChecklistItem> {
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
    pub fn move_item(&mut self, id: Id, to_index: u32, now: Timestamp) -> Result<Vec<ChecklistItem>> {
        let item = self.item(id)?;
        let now = instant_text(now);
        self.transact(|tx| {
            let mut order: Vec<Id> = tx
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
    pub fn item(&self, id: Id) -> Result<ChecklistItem> {
        self.read(|conn| {
            Ok(item_by_id(conn, id)?.ok_or_else(|| Error::NotFound {
                what: format!("The checklist item {id}"),
            })?)
        })
    }

    /// Checks `rule` against the item, then runs `change` in one transaction, and returns the item as it is
    /// afterwards.
    pub(super) fn change_item(
        &mut self,
        id: Id,
        rule: impl FnOnce(&ChecklistItem) -> Result<()>,
        change: impl FnOnce(&Transaction<'_>) -> rusqlite::Result<()>,
    ) -> Result<ChecklistItem> {
        rule(&self.item(id)?)?;
        self.transact(|tx| Ok(change(tx)?))?;
        self.item(id)
    }
}

/// The rule for changes any item may have.
pub(super) fn any_item(_: &ChecklistItem) -> Result<()> {
    Ok(())
}
