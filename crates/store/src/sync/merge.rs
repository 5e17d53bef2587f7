//! Applying another device's changes, by rules that lose nothing silently (the README's sync section says them
//! in words):
//!
//! - **Different fields** edited on two devices both survive: an update carries only the fields it changed,
//!   and a field this device has not changed since takes the other's value.
//! - **The same field** edited on both: the later edit wins, by each row's clock (the device clock of the last
//!   change to it, made here or applied), the device id breaking a tie; both devices decide alike. The value
//!   that lost goes to the conflict list, and a note's title or text that lost is also kept as a version in
//!   the note's history by the device that wrote it, which syncs that version like any change.
//! - **A row made on both devices** (a tag made on each, the same pathway item edited on each before they
//!   first synced): merged field by field like an edit, by the same clocks (for what was made before sync was
//!   set up, the time it was set up).
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
    /// The columns of each table as the writer's schema had them (empty in files that do not name them).
    pub columns: &'a std::collections::BTreeMap<String, Vec<String>>,
    /// For a snapshot, each field's own clock (table, row, column): when it was last written and by which
    /// device, so a device starting from it decides later merges as one that applied every change would.
    pub clocks: Option<&'a FieldClocks>,
}

/// Field clocks by (table, row key, column).
pub(crate) type FieldClocks = std::collections::HashMap<(String, String, String), Clock>;

/// How a set of changes went.
#[derive(Debug, Default, Clone)]
pub(crate) struct Applied {
    pub rows: u32,
    pub conflicts: u32,
    /// Note texts written here that a later edit from another device replaced: kept as versions in the note's
    /// history by this device (the one that wrote them), which records them as its own change, so every device
    /// gets each once.
    pub replaced_texts: Vec<ReplacedText>,
}

/// A note's text as this device wrote it, before another device's later edit replaced it.
#[derive(Debug, Clone)]
pub(crate) struct ReplacedText {
    pub note_id: i64,
    pub title: Value,
    pub body: Value,
    /// When it was written (its clock).
    pub saved_at: i64,
}

/// A row clock: the device clock of a change and the device that made it. Later wins; the device breaks a tie.
pub(crate) type Clock = (i64, String);

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
        let sent = origin.columns.get(&change.table).map(Vec::as_slice);
        let Some(change) = change.in_columns(&names, sent) else {
            merge.note_refused(&change.table, "[]", "columns that do not match this schema")?;
            continue;
        };
        let counted = (
            merge.applied.rows,
            merge.applied.conflicts,
            merge.applied.replaced_texts.len(),
        );
        tx.execute_batch("SAVEPOINT change")?;
        let merged = merge
            .one(&change, &names)
            .map_err(|e| e.to_string())
            .and_then(|()| merge.check(&change, &names, columns));
        match merged {
            Ok(()) => tx.execute_batch("RELEASE change")?,
            Err(why) => {
                // A change the database or Cairn's rules refuse (a check, a unique name, a control character)
                // is set aside whole, not half-made.
                tx.execute_batch("ROLLBACK TO change; RELEASE change")?;
                (merge.applied.rows, merge.applied.conflicts) = (counted.0, counted.1);
                merge.applied.replaced_texts.truncate(counted.2);
                merge.note_refused(&change.table, &row_key(&change.key()), &why)?;
            }
        }
    }
    merge.clear_broken_links()?;
    Ok(merge.applied)
}

fn quoted(names: &[&String]) -> Vec<String> {
    names.iter().map(|n| format!("\"{n}\"")).collect()
}

/// The condition that finds a change's row by its key (`?1`, `?2` … in key order).
fn key_filter(change: &Change, names: &[String]) -> String {
    let key_names: Vec<&String> = names
        .iter()
        .zip(&change.key_columns)
        .filter(|(_, &k)| k)
        .map(|(n, _)| n)
        .collect();
    quoted(&key_names)
        .iter()
        .enumerate()
        .map(|(i, n)| format!("{n} IS ?{}", i + 1))
        .collect::<Vec<_>>()
        .join(" AND ")
}

impl Merge<'_, '_> {
    /// The row `change` names, as this device holds it.
    fn row(&self, change: &Change, names: &[String], filter: &str) -> rusqlite::Result<Option<Vec<Value>>> {
        self.tx
            .prepare_cached(&format!("SELECT * FROM \"{}\" WHERE {filter}", change.table))?
            .query_row(rusqlite::params_from_iter(&change.key()), |row| {
                (0..names.len()).map(|i| row.get::<_, Value>(i)).collect()
            })
            .optional()
    }

    /// Holds the row a change left to the rules an imported record meets (the database has checked its types,
    /// links and CHECKs already): what another device sends is untrusted, like a file to import.
    fn check(&self, change: &Change, names: &[String], columns: &mut Columns) -> Result<(), String> {
        if change.op == Op::Delete {
            return Ok(());
        }
        let failed = |e: rusqlite::Error| e.to_string();
        let Some(row) = self
            .row(change, names, &key_filter(change, names))
            .map_err(failed)?
        else {
            return Ok(()); // an edit of a row gone for good: noted, nothing written
        };
        let Some(rules) = columns.rules(self.tx, &change.table).map_err(failed)? else {
            return Ok(());
        };
        let record = names.iter().cloned().zip(row.iter().map(to_json)).collect();
        crate::transfer::check_synced_record(self.tx, rules, &record).map_err(|e| e.to_string())
    }

    fn one(&mut self, change: &Change, names: &[String]) -> rusqlite::Result<()> {
        let key = change.key();
        let filter = key_filter(change, names);
        let table = &change.table;
        let local = self.row(change, names, &filter)?;
        let row = row_key(&key);
        match (change.op, local) {
            (Op::Insert, None) => {
                // Every column the change carries: one this schema added since its writer's keeps its default.
                let carried: Vec<usize> = (0..names.len()).filter(|&i| change.new[i].is_some()).collect();
                let values: Vec<Value> = carried.iter().filter_map(|&i| change.new[i].clone()).collect();
                let into = carried
                    .iter()
                    .map(|&i| format!("\"{}\"", names[i]))
                    .collect::<Vec<_>>();
                let marks = vec!["?"; values.len()].join(", ");
                self.tx
                    .prepare_cached(&format!(
                        "INSERT INTO \"{table}\" ({}) VALUES ({marks})",
                        into.join(", ")
                    ))?
                    .execute(rusqlite::params_from_iter(&values))?;
                for (i, name) in names.iter().enumerate() {
                    if !change.key_columns[i] {
                        stamp(self.tx, table, &row, name, &self.remote(table, &row, name))?;
                    }
                }
            }
            // Made on both devices (a tag, a pathway item's first edit), or edited here and there: field by
            // field, the later write wins.
            (Op::Insert | Op::Update, Some(local)) => {
                self.merge_fields(change, names, &row, &filter, &key, &local)?;
            }
            (Op::Update, None) => {
                for (i, value) in change.new.iter().enumerate() {
                    if let (Some(value), false) = (value, change.key_columns[i]) {
                        let (device, made_at) = (self.origin.device, self.origin.made_at);
                        self.note(
                            table,
                            &row,
                            &names[i],
                            &Value::Null,
                            value,
                            device,
                            made_at,
                            "edited_after_delete",
                        )?;
                    }
                }
            }
            (Op::Delete, None) => {}
            (Op::Delete, Some(local)) => {
                // Deleting for good wins; what was changed here meanwhile goes to the conflict list.
                for (i, old) in change.old.iter().enumerate() {
                    if let Some(old) = old {
                        if *old != local[i] {
                            let (at, from) = self
                                .clock(table, &row, &names[i])?
                                .unwrap_or((0, self.own.to_owned()));
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

    /// Merges a change into the row `local` field by field: a field takes the change's value when the change
    /// wrote it later than this device's last write of it (each field has its own clock, so a later edit of
    /// another field does not decide), which gives every device the same value. When both wrote the field
    /// since they last agreed, the value that lost goes to the conflict list; a note's text that this device
    /// wrote and lost is kept as a version (`Applied::replaced_texts`).
    #[allow(clippy::too_many_arguments)]
    fn merge_fields(
        &mut self,
        change: &Change,
        names: &[String],
        row: &str,
        filter: &str,
        key: &[Value],
        local: &[Value],
    ) -> rusqlite::Result<()> {
        let table = change.table.as_str();
        let mut take = Vec::new();
        let mut replaced_own_text = None;
        for (i, new) in change.new.iter().enumerate() {
            let Some(new) = new else { continue };
            if change.key_columns[i] {
                continue;
            }
            let remote = &self.remote(table, row, &names[i]);
            if local[i] == *new {
                // Both wrote the same value: its clock is the later of the two writes, here as there.
                stamp(self.tx, table, row, &names[i], remote)?;
                continue;
            }
            let local_side: Clock = self
                .clock(table, row, &names[i])?
                .unwrap_or((i64::MIN, String::new()));
            if change.op == Op::Insert && (local[i] == Value::Null) != (*new == Value::Null) {
                // A record made on both devices (a device's data as it stood when sync was set up): a value
                // beats no value, whichever is later, so a new device's blanks never replace what the other
                // had. Nothing is lost, so nothing is noted.
                if local[i] == Value::Null {
                    take.push((i, new.clone()));
                    stamp(self.tx, table, row, &names[i], remote)?;
                }
                continue;
            }
            let remote_wins = *remote > local_side;
            if remote_wins {
                take.push((i, new.clone()));
                stamp(self.tx, table, row, &names[i], remote)?;
            }
            // The change's writer had this device's value when it wrote: nothing was overlooked. A value never
            // written since sync was set up here (the pathway's own, untouched) is not a conflict either.
            let seen_here = change.op == Op::Update && change.old[i].as_ref() == Some(&local[i]);
            let never_written_here = local_side.0 == i64::MIN;
            // When a record was made or edited is bookkeeping that follows the edit, not something to take back.
            let bookkeeping = matches!(
                names[i].as_str(),
                "created_at" | "updated_at" | "touched_at" | "welcomed_at"
            );
            if (remote_wins && (seen_here || never_written_here)) || bookkeeping {
                continue;
            }
            let (kept, set_aside, from, at) = if remote_wins {
                (new, &local[i], local_side.1.as_str(), local_side.0)
            } else {
                (&local[i], new, remote.1.as_str(), remote.0)
            };
            let from = if from.is_empty() { self.own } else { from }.to_owned();
            self.note(table, row, &names[i], kept, set_aside, &from, at, "both_edited")?;
            if remote_wins && (names[i] == "title" || names[i] == "body") && local_side.1 == self.own {
                replaced_own_text = Some(local_side.0);
            }
        }
        self.update(table, names, filter, key, &take)?;
        if let (true, Some(saved_at)) = (table == "note", replaced_own_text) {
            let column = |name: &str| names.iter().position(|n| n == name).map(|i| local[i].clone());
            if let (Some(Value::Integer(note_id)), Some(title), Some(body)) =
                (column("id"), column("title"), column("body"))
            {
                self.applied.replaced_texts.push(ReplacedText {
                    note_id,
                    title,
                    body,
                    saved_at,
                });
            }
        }
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

    /// When the change wrote a field, and which device: its own clock in a snapshot, else the file's.
    fn remote(&self, table: &str, row: &str, column: &str) -> Clock {
        self.origin
            .clocks
            .and_then(|clocks| clocks.get(&(table.to_owned(), row.to_owned(), column.to_owned())))
            .cloned()
            .unwrap_or_else(|| (self.origin.made_at, self.origin.device.to_owned()))
    }

    fn clock(&self, table: &str, row: &str, column: &str) -> rusqlite::Result<Option<Clock>> {
        self.tx
            .prepare_cached(
                "SELECT at, device FROM sync_clock WHERE tbl = ?1 AND row_key = ?2 AND column_name = ?3",
            )?
            .query_row(params![table, row, column], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()
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

/// Records that `clock` wrote the field `column` of a row, unless a later write is already recorded.
pub(crate) fn stamp(
    tx: &Transaction<'_>,
    table: &str,
    row: &str,
    column: &str,
    clock: &Clock,
) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT INTO sync_clock (tbl, row_key, column_name, at, device) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (tbl, row_key, column_name) DO UPDATE SET at = excluded.at, device = excluded.device
         WHERE (excluded.at, excluded.device) > (sync_clock.at, sync_clock.device)",
    )?
    .execute(params![table, row, column, clock.0, clock.1])?;
    Ok(())
}

/// A device clock reading as stored text (UTC, whole seconds).
pub(crate) fn micros_text(micros: i64) -> String {
    jiff::Timestamp::from_microsecond(micros).map_or_else(|_| String::new(), instant_text)
}
