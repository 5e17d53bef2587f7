//! Applying another device's changes, by rules that lose nothing silently (the README's sync section says them
//! in words):
//!
//! - **Different fields** edited on two devices both survive: an update carries only the fields it changed,
//!   and a field this device has not changed since takes the other's value.
//! - **The same field** edited on both: the later edit wins, by each row's clock (the device clock of the last
//!   change to it, made here or applied), the device id breaking a tie; both devices decide alike. The value
//!   that lost goes to the conflict list, and for a note's title or text it is also kept as a version in the
//!   note's history (the same version, with the same id, on every device).
//! - **A row made on both devices** (the same pathway item ticked on each before they first synced, a tag made
//!   on each): field by field, the row edited later wins (`touched_at` for a checklist item, else
//!   `updated_at`), with the device id breaking a tie.
//! - **Deleting** in Cairn is moving to the trash, an edit like any other, so an edit and a delete both survive
//!   (the edit, in the trash). Deleting for good (emptying the trash) wins over an edit made meanwhile on
//!   another device, and that edit goes to the conflict list.
//! - A link to a record that is gone for good is cleared (or the row that cannot be without it removed), and
//!   noted in the conflict list.

use super::changes::{row_key, to_json, Change, Columns, Op};
use super::SYNCED_TABLES;
use cairn_core::time::instant_text;
use rusqlite::types::Value;
use rusqlite::{params, OptionalExtension, Transaction};

/// Who made the changes being applied, and when.
pub(crate) struct Origin<'a> {
    pub device: &'a str,
    pub made_at: i64,
}

/// How a set of changes went.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Applied {
    pub rows: u32,
    pub conflicts: u32,
}

/// A row clock: the device clock of a change and the device that made it. Later wins; the device breaks a tie.
type Clock = (i64, String);

struct Merge<'t, 'a> {
    tx: &'t Transaction<'t>,
    origin: &'a Origin<'a>,
    own: &'a str,
    noted_at: String,
    applied: Applied,
}

/// Applies `changes` from `origin` inside `tx` (this device is `own`).
pub(crate) fn apply(
    tx: &Transaction<'_>,
    changes: &[Change],
    origin: &Origin<'_>,
    own: &str,
    columns: &mut Columns,
    now: jiff::Timestamp,
) -> rusqlite::Result<Applied> {
    tx.execute_batch("PRAGMA defer_foreign_keys = ON")?;
    let mut merge = Merge {
        tx,
        origin,
        own,
        noted_at: instant_text(now),
        applied: Applied::default(),
    };
    for change in changes {
        if !SYNCED_TABLES.contains(&change.table.as_str()) {
            merge.note_refused(&change.table, "[]", "a table Cairn does not sync")?;
            continue;
        }
        let names = columns.of(tx, &change.table)?.to_vec();
        if names.len() != change.old.len() || names.len() != change.key_columns.len() {
            merge.note_refused(&change.table, "[]", "columns that do not match this schema")?;
            continue;
        }
        tx.execute_batch("SAVEPOINT change")?;
        match merge.one(change, &names) {
            Ok(()) => tx.execute_batch("RELEASE change")?,
            Err(e) => {
                // A change the database refuses (a check, a unique name) is set aside whole, not half-made.
                tx.execute_batch("ROLLBACK TO change; RELEASE change")?;
                merge.note_refused(&change.table, &row_key(&change.key()), &e.to_string())?;
            }
        }
    }
    merge.clear_broken_links()?;
    Ok(merge.applied)
}

fn quoted(names: &[&String]) -> Vec<String> {
    names.iter().map(|n| format!("\"{n}\"")).collect()
}

impl Merge<'_, '_> {
    fn one(&mut self, change: &Change, names: &[String]) -> rusqlite::Result<()> {
        let key = change.key();
        let key_names: Vec<&String> = names
            .iter()
            .zip(&change.key_columns)
            .filter(|(_, &k)| k)
            .map(|(n, _)| n)
            .collect();
        let filter = quoted(&key_names)
            .iter()
            .enumerate()
            .map(|(i, n)| format!("{n} IS ?{}", i + 1))
            .collect::<Vec<_>>()
            .join(" AND ");
        let table = &change.table;
        let local: Option<Vec<Value>> = self
            .tx
            .prepare_cached(&format!("SELECT * FROM \"{table}\" WHERE {filter}"))?
            .query_row(rusqlite::params_from_iter(&key), |row| {
                (0..names.len()).map(|i| row.get::<_, Value>(i)).collect()
            })
            .optional()?;
        let row = row_key(&key);
        let remote: Clock = (self.origin.made_at, self.origin.device.to_owned());
        let local_clock = self.clock(table, &row)?;
        match (change.op, local) {
            (Op::Insert, None) => {
                let values: Vec<Value> = change
                    .new
                    .iter()
                    .map(|v| v.clone().unwrap_or(Value::Null))
                    .collect();
                let marks = vec!["?"; values.len()].join(", ");
                self.tx
                    .prepare_cached(&format!("INSERT INTO \"{table}\" VALUES ({marks})"))?
                    .execute(rusqlite::params_from_iter(&values))?;
                self.set_clock(table, &row, &remote)?;
            }
            (Op::Insert, Some(local)) => {
                // Made on both devices: the row edited later wins, field by field.
                let edited = |values: &[Value]| edited_at(table, names, values);
                let remote_values: Vec<Value> = change
                    .new
                    .iter()
                    .map(|v| v.clone().unwrap_or(Value::Null))
                    .collect();
                let local_owner = local_clock.as_ref().map_or(self.own, |c| c.1.as_str()).to_owned();
                let remote_wins =
                    (edited(&remote_values), self.origin.device) > (edited(&local), local_owner.as_str());
                let differing: Vec<usize> = (0..names.len())
                    .filter(|&i| !change.key_columns[i] && local[i] != remote_values[i])
                    .collect();
                let mut take = Vec::new();
                for &i in &differing {
                    if remote_wins {
                        take.push((i, remote_values[i].clone()));
                        let at = local_clock.as_ref().map_or(0, |c| c.0);
                        self.note(
                            table,
                            &row,
                            &names[i],
                            &remote_values[i],
                            &local[i],
                            &local_owner,
                            at,
                            "both_edited",
                        )?;
                    } else {
                        self.note(
                            table,
                            &row,
                            &names[i],
                            &local[i],
                            &remote_values[i],
                            self.origin.device,
                            self.origin.made_at,
                            "both_edited",
                        )?;
                    }
                }
                self.update(table, names, &filter, &key, &take)?;
                if remote_wins || local_clock.is_none() {
                    self.set_clock(table, &row, &remote)?;
                }
            }
            (Op::Update, None) => {
                for (i, value) in change.new.iter().enumerate() {
                    if let (Some(value), false) = (value, change.key_columns[i]) {
                        self.note(
                            table,
                            &row,
                            &names[i],
                            &Value::Null,
                            value,
                            self.origin.device,
                            self.origin.made_at,
                            "edited_after_delete",
                        )?;
                    }
                }
            }
            (Op::Update, Some(local)) => {
                let local_side: Clock = local_clock.clone().unwrap_or((i64::MIN, String::new()));
                let remote_wins = remote > local_side;
                let mut take = Vec::new();
                let mut lost_text = Vec::new();
                for (i, new) in change.new.iter().enumerate() {
                    let Some(new) = new else { continue };
                    if change.key_columns[i] || local[i] == *new {
                        continue;
                    }
                    let unchanged_here = change.old[i].as_ref() == Some(&local[i]);
                    if unchanged_here || remote_wins {
                        take.push((i, new.clone()));
                    }
                    if unchanged_here {
                        continue;
                    }
                    // Both devices changed this field since they last agreed.
                    let (kept, set_aside, from, at) = if remote_wins {
                        (new, &local[i], local_side.1.as_str(), local_side.0)
                    } else {
                        (&local[i], new, self.origin.device, self.origin.made_at)
                    };
                    let from = if from.is_empty() { self.own } else { from }.to_owned();
                    self.note(table, &row, &names[i], kept, set_aside, &from, at, "both_edited")?;
                    lost_text.push((i, set_aside.clone()));
                }
                self.update(table, names, &filter, &key, &take)?;
                if table == "note" && !lost_text.is_empty() {
                    self.keep_note_version(names, &local, &take, &lost_text, remote_wins, &local_side)?;
                }
                if remote_wins {
                    self.set_clock(table, &row, &remote)?;
                }
            }
            (Op::Delete, None) => {}
            (Op::Delete, Some(local)) => {
                // Deleting for good wins; what was changed here meanwhile goes to the conflict list.
                let from = local_clock.as_ref().map_or(self.own, |c| c.1.as_str()).to_owned();
                let at = local_clock.as_ref().map_or(0, |c| c.0);
                for (i, old) in change.old.iter().enumerate() {
                    if let Some(old) = old {
                        if *old != local[i] {
                            self.note(
                                table,
                                &row,
                                &names[i],
                                &Value::Null,
                                &local[i],
                                &from,
                                at,
                                "deleted_after_edit",
                            )?;
                        }
                    }
                }
                self.tx
                    .prepare_cached(&format!("DELETE FROM \"{table}\" WHERE {filter}"))?
                    .execute(rusqlite::params_from_iter(&key))?;
                self.tx.execute(
                    "DELETE FROM sync_clock WHERE tbl = ?1 AND row_key = ?2",
                    params![table, row],
                )?;
            }
        }
        self.applied.rows += 1;
        Ok(())
    }

    fn update(
        &self,
        table: &str,
        names: &[String],
        filter: &str,
        key: &[Value],
        take: &[(usize, Value)],
    ) -> rusqlite::Result<()> {
        if take.is_empty() {
            return Ok(());
        }
        let offset = key.len();
        let sets = take
            .iter()
            .enumerate()
            .map(|(n, (i, _))| format!("\"{}\" = ?{}", names[*i], offset + n + 1))
            .collect::<Vec<_>>()
            .join(", ");
        let mut values: Vec<Value> = key.to_vec();
        values.extend(take.iter().map(|(_, v)| v.clone()));
        self.tx
            .prepare_cached(&format!("UPDATE \"{table}\" SET {sets} WHERE {filter}"))?
            .execute(rusqlite::params_from_iter(&values))?;
        Ok(())
    }

    /// Keeps the note text that lost as a version in the note's history: the merged note with the losing title
    /// or text. Its id, times and text come only from the two changes, so every device keeps the same version.
    fn keep_note_version(
        &self,
        names: &[String],
        local: &[Value],
        take: &[(usize, Value)],
        lost: &[(usize, Value)],
        remote_wins: bool,
        local_side: &Clock,
    ) -> rusqlite::Result<()> {
        let mut merged = local.to_vec();
        for (i, value) in take {
            merged[*i] = value.clone();
        }
        let mut losing = merged;
        for (i, value) in lost {
            losing[*i] = value.clone();
        }
        let column = |name: &str| names.iter().position(|n| n == name).map(|i| losing[i].clone());
        let (Some(Value::Integer(note_id)), Some(title), Some(body)) =
            (column("id"), column("title"), column("body"))
        else {
            return Ok(());
        };
        let (loser, winner) = if remote_wins {
            (
                local_side.clone(),
                (self.origin.made_at, self.origin.device.to_owned()),
            )
        } else {
            (
                (self.origin.made_at, self.origin.device.to_owned()),
                local_side.clone(),
            )
        };
        let id = crate::ids::keyed_id("note_version", &format!("{note_id}|{}|{}", loser.1, loser.0));
        self.tx.execute(
            "INSERT OR IGNORE INTO note_version (id, note_id, saved_at, replaced_at, title, body)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                id,
                note_id,
                micros_text(loser.0),
                micros_text(winner.0.max(loser.0)),
                title,
                body
            ],
        )?;
        Ok(())
    }

    fn clock(&self, table: &str, row: &str) -> rusqlite::Result<Option<Clock>> {
        self.tx
            .prepare_cached("SELECT at, device FROM sync_clock WHERE tbl = ?1 AND row_key = ?2")?
            .query_row(params![table, row], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()
    }

    fn set_clock(&self, table: &str, row: &str, clock: &Clock) -> rusqlite::Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO sync_clock (tbl, row_key, at, device) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (tbl, row_key) DO UPDATE SET at = excluded.at, device = excluded.device
                 WHERE (excluded.at, excluded.device) > (sync_clock.at, sync_clock.device)",
            )?
            .execute(params![table, row, clock.0, clock.1])?;
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    fn note(
        &mut self,
        table: &str,
        row: &str,
        column: &str,
        kept: &Value,
        set_aside: &Value,
        from: &str,
        made_at: i64,
        reason: &str,
    ) -> rusqlite::Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO sync_conflict (tbl, row_key, column_name, kept, set_aside, from_device, made_at,
                     noted_at, reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?
            .execute(params![
                table,
                row,
                column,
                to_json(kept).to_string(),
                to_json(set_aside).to_string(),
                from,
                made_at,
                self.noted_at,
                reason
            ])?;
        self.applied.conflicts += 1;
        Ok(())
    }

    fn note_refused(&mut self, table: &str, row: &str, why: &str) -> rusqlite::Result<()> {
        let device = self.origin.device.to_owned();
        self.note(
            table,
            row,
            "",
            &Value::Null,
            &Value::Text(why.to_owned()),
            &device,
            self.origin.made_at,
            "refused",
        )
    }

    /// Links left pointing at a record deleted for good on one device while the other linked to it: a link
    /// that may be empty is cleared, a row that cannot be without it is removed. Both are noted.
    fn clear_broken_links(&mut self) -> rusqlite::Result<()> {
        for table in SYNCED_TABLES {
            let links: Vec<(String, String, String)> = self
                .tx
                .prepare_cached("SELECT \"table\", \"from\", \"to\" FROM pragma_foreign_key_list(?1)")?
                .query_map([table], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?
                .collect::<rusqlite::Result<_>>()?;
            for (parent, from, to) in links {
                let nullable: bool = self.tx.query_row(
                    "SELECT NOT \"notnull\" FROM pragma_table_info(?1) WHERE name = ?2",
                    params![table, from],
                    |row| row.get(0),
                )?;
                let broken = format!(
                    "\"{from}\" IS NOT NULL AND \"{from}\" NOT IN (SELECT \"{to}\" FROM \"{parent}\")"
                );
                let fixed = if nullable {
                    self.tx.execute(
                        &format!("UPDATE \"{table}\" SET \"{from}\" = NULL WHERE {broken}"),
                        [],
                    )?
                } else {
                    self.tx
                        .execute(&format!("DELETE FROM \"{table}\" WHERE {broken}"), [])?
                };
                if fixed > 0 {
                    let why = format!("{fixed} links from {table}.{from} to a {parent} deleted for good");
                    self.note_refused(table, "[]", &why)?;
                }
            }
        }
        Ok(())
    }
}

/// When a row was last edited, by its own fields (for a row made on two devices): a checklist item's
/// `touched_at` (an untouched pathway item was never edited), else `updated_at`; none is oldest.
fn edited_at(table: &str, names: &[String], values: &[Value]) -> Option<String> {
    let column = if table == "checklist_item" {
        "touched_at"
    } else {
        "updated_at"
    };
    names
        .iter()
        .position(|n| n == column)
        .and_then(|i| match &values[i] {
            Value::Text(text) => Some(text.clone()),
            _ => None,
        })
}

/// A device clock reading as stored text (UTC, whole seconds).
pub(crate) fn micros_text(micros: i64) -> String {
    jiff::Timestamp::from_microsecond(micros).map_or_else(|_| String::new(), instant_text)
}
