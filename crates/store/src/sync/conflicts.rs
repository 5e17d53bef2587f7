//! The conflict list: values a merge set aside, and taking one back.

use super::changes::Columns;
use super::SYNCED_TABLES;
use crate::Store;
use cairn_core::time::instant_text;
use cairn_core::{Error, Id, Result};
use jiff::Timestamp;
use rusqlite::params;
use rusqlite::types::Value;
use serde::Serialize;

/// A value a merge set aside.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SyncConflict {
    pub id: Id,
    /// What kind of record (`note`, `checklist_item`, ...) and which field.
    pub table: String,
    pub field: String,
    /// The record, by its key (JSON): for a note, `[id]`.
    pub record: String,
    /// What the record holds, and what was set aside (as JSON text).
    pub kept: Option<String>,
    pub set_aside: Option<String>,
    /// The device that wrote the value set aside (its name when known), and when (UTC).
    pub from_device: String,
    pub written_at: String,
    /// `both_edited`, `edited_after_delete`, `deleted_after_edit` or `refused`.
    pub reason: String,
}

impl Store {
    /// The values set aside and not yet dealt with, newest first.
    pub fn sync_conflicts(&self) -> Result<Vec<SyncConflict>> {
        self.read(|conn| {
            Ok(conn
                .prepare(
                    "SELECT c.id, c.tbl, c.column_name, c.row_key, c.kept, c.set_aside,
                         coalesce(p.name, CASE WHEN c.from_device = d.device THEN d.name END, c.from_device),
                         c.made_at, c.reason
                     FROM sync_conflict c LEFT JOIN sync_peer p ON p.device = c.from_device
                     LEFT JOIN sync_device d ON 1
                     WHERE c.resolved_at IS NULL ORDER BY c.id DESC",
                )?
                .query_map([], |row| {
                    Ok(SyncConflict {
                        id: row.get(0)?,
                        table: row.get(1)?,
                        field: row.get(2)?,
                        record: row.get(3)?,
                        kept: row.get(4)?,
                        set_aside: row.get(5)?,
                        from_device: row.get(6)?,
                        written_at: super::merge::micros_text(row.get(7)?),
                        reason: row.get(8)?,
                    })
                })?
                .collect::<rusqlite::Result<_>>()?)
        })
    }

    /// Takes a set-aside value back into its record (an edit like any other, so it syncs), or, with `take_back`
    /// false, dismisses it. Either way it leaves the list.
    pub fn resolve_sync_conflict(&mut self, id: Id, take_back: bool, now: Timestamp) -> Result<()> {
        let conflict = self
            .sync_conflicts()?
            .into_iter()
            .find(|c| c.id == id)
            .ok_or_else(|| Error::NotFound {
                what: format!("The conflict {id}"),
            })?;
        let resolved_at = instant_text(now);
        self.transact(|tx| {
            if take_back {
                let table = conflict.table.as_str();
                let names = Columns::default().of(tx, table)?.to_vec();
                if !SYNCED_TABLES.contains(&table) || !names.contains(&conflict.field) {
                    return Err(Error::Conflict(
                        "That value cannot be taken back: its field is gone.".into(),
                    )
                    .into());
                }
                let keys: Vec<String> = tx
                    .prepare("SELECT name FROM pragma_table_info(?1) WHERE pk > 0 ORDER BY pk")?
                    .query_map([table], |row| row.get(0))?
                    .collect::<rusqlite::Result<_>>()?;
                let key: Vec<serde_json::Value> = serde_json::from_str(&conflict.record).unwrap_or_default();
                if key.len() != keys.len() {
                    return Err(Error::Conflict("That record is not known here.".into()).into());
                }
                let filter = keys
                    .iter()
                    .enumerate()
                    .map(|(i, k)| format!("\"{k}\" IS ?{}", i + 2))
                    .collect::<Vec<_>>()
                    .join(" AND ");
                let mut values = vec![from_json(conflict.set_aside.as_deref())];
                values.extend(key.iter().map(json_value));
                let field = &conflict.field;
                let changed = tx
                    .prepare(&format!("UPDATE \"{table}\" SET \"{field}\" = ?1 WHERE {filter}"))?
                    .execute(rusqlite::params_from_iter(&values))?;
                if changed == 0 {
                    return Err(Error::Conflict(
                        "That record is gone; the value cannot go back into it.".into(),
                    )
                    .into());
                }
            }
            tx.execute(
                "UPDATE sync_conflict SET resolved_at = ?2 WHERE id = ?1",
                params![id, resolved_at],
            )?;
            Ok(())
        })
    }
}

fn json_value(value: &serde_json::Value) -> Value {
    match value {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Number(n) => n
            .as_i64()
            .map(Value::Integer)
            .or_else(|| n.as_f64().map(Value::Real))
            .unwrap_or(Value::Null),
        serde_json::Value::String(text) => Value::Text(text.clone()),
        other => Value::Text(other.to_string()),
    }
}

fn from_json(text: Option<&str>) -> Value {
    text.and_then(|t| serde_json::from_str::<serde_json::Value>(t).ok())
        .as_ref()
        .map_or(Value::Null, json_value)
}
