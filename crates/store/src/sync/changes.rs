//! Changesets as Cairn reads them: SQLite's session extension records them (`Session`), this module turns one
//! into owned rows of values, names a row by its primary key, and builds a changeset from rows.

use rusqlite::fallible_streaming_iterator::FallibleStreamingIterator;
use rusqlite::hooks::Action;
use rusqlite::session::{ChangesetIter, Session};
use rusqlite::types::Value;
use rusqlite::Connection;
use std::collections::HashMap;
use std::io::Read;

/// What a change does to its row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Op {
    Insert,
    Update,
    Delete,
}

/// One row's change: the values before (`old`) and after (`new`), column by column in the table's order.
/// `None` is a value the change does not carry (an update carries only the columns it changed, and the key).
#[derive(Debug, Clone)]
pub(crate) struct Change {
    pub table: String,
    pub op: Op,
    pub old: Vec<Option<Value>>,
    pub new: Vec<Option<Value>>,
    /// Which columns make the primary key.
    pub key_columns: Vec<bool>,
}

impl Change {
    /// The row's primary key values, in column order.
    pub fn key(&self) -> Vec<Value> {
        let side = match self.op {
            Op::Insert => &self.new,
            Op::Update | Op::Delete => &self.old,
        };
        side.iter()
            .zip(&self.key_columns)
            .filter(|(_, &is_key)| is_key)
            .map(|(value, _)| value.clone().unwrap_or(Value::Null))
            .collect()
    }
}

/// A row's primary key as text (JSON), the name `sync_clock` and the conflict list know it by.
pub(crate) fn row_key(values: &[Value]) -> String {
    let json: Vec<serde_json::Value> = values.iter().map(to_json).collect();
    serde_json::Value::Array(json).to_string()
}

/// A value as JSON, for the conflict list (a blob as its length: Cairn's synced tables hold none).
pub(crate) fn to_json(value: &Value) -> serde_json::Value {
    match value {
        Value::Null => serde_json::Value::Null,
        Value::Integer(n) => (*n).into(),
        Value::Real(x) => serde_json::Number::from_f64(*x).map_or(serde_json::Value::Null, Into::into),
        Value::Text(text) => text.clone().into(),
        Value::Blob(bytes) => format!("{} bytes", bytes.len()).into(),
    }
}

/// The changes in a changeset's bytes, in its order.
pub(crate) fn read_changes(bytes: &[u8]) -> rusqlite::Result<Vec<Change>> {
    let mut input: &[u8] = bytes;
    let reader: &mut dyn Read = &mut input;
    let mut changes = ChangesetIter::start_strm(&reader)?;
    let mut found = Vec::new();
    while let Some(item) = changes.next()? {
        let op = item.op()?;
        let width = usize::try_from(op.number_of_columns()).unwrap_or(0);
        let table = op.table_name().to_owned();
        let code = match op.code() {
            Action::SQLITE_INSERT => Op::Insert,
            Action::SQLITE_UPDATE => Op::Update,
            Action::SQLITE_DELETE => Op::Delete,
            _ => continue,
        };
        let key_columns = item.pk()?.iter().map(|&flag| flag != 0).collect();
        let old = match code {
            Op::Insert => vec![None; width],
            _ => (0..width)
                .map(|i| item.old_value(i).ok().and_then(|v| Value::try_from(v).ok()))
                .collect(),
        };
        let new = match code {
            Op::Delete => vec![None; width],
            _ => (0..width)
                .map(|i| item.new_value(i).ok().and_then(|v| Value::try_from(v).ok()))
                .collect(),
        };
        found.push(Change {
            table,
            op: code,
            old,
            new,
            key_columns,
        });
    }
    Ok(found)
}

impl Change {
    /// This change laid out in this schema's columns (`local`), from the columns its writer's schema had
    /// (`sent`, by name; files that do not name them were written by the same schema). A column this schema
    /// added is not carried (so an insert leaves it at its default); `None` when the change names a column this
    /// schema lacks, or its width does not match.
    pub fn in_columns(&self, local: &[String], sent: Option<&[String]>) -> Option<Change> {
        let width = self.old.len();
        let Some(sent) = sent else {
            return (local.len() == width).then(|| self.clone());
        };
        if sent.len() != width {
            return None;
        }
        let mut laid = Change {
            table: self.table.clone(),
            op: self.op,
            old: vec![None; local.len()],
            new: vec![None; local.len()],
            key_columns: vec![false; local.len()],
        };
        for (i, name) in sent.iter().enumerate() {
            let at = local.iter().position(|n| n == name)?;
            laid.old[at] = self.old[i].clone();
            laid.new[at] = self.new[i].clone();
            laid.key_columns[at] = self.key_columns[i];
        }
        Some(laid)
    }
}

/// The columns of each synced table, in order, and the rules its records are held to, read once per sync.
#[derive(Default)]
pub(crate) struct Columns {
    by_table: HashMap<String, Vec<String>>,
    rules: Option<HashMap<String, crate::transfer::Table>>,
}

impl Columns {
    /// The schema's description of `table` that an imported record of it is checked against.
    pub fn rules(
        &mut self,
        conn: &Connection,
        table: &str,
    ) -> rusqlite::Result<Option<&crate::transfer::Table>> {
        if self.rules.is_none() {
            let tables = crate::transfer::tables(conn)?;
            self.rules = Some(tables.into_iter().map(|t| (t.name.clone(), t)).collect());
        }
        Ok(self.rules.as_ref().and_then(|rules| rules.get(table)))
    }

    pub fn of(&mut self, conn: &Connection, table: &str) -> rusqlite::Result<&[String]> {
        if !self.by_table.contains_key(table) {
            let names = conn
                .prepare("SELECT name FROM pragma_table_info(?1) ORDER BY cid")?
                .query_map([table], |row| row.get(0))?
                .collect::<rusqlite::Result<Vec<String>>>()?;
            self.by_table.insert(table.to_owned(), names);
        }
        Ok(&self.by_table[table])
    }
}

/// A changeset that inserts `rows` into each of their tables, made by the session extension on a scratch copy
/// of those tables, so a starting state travels exactly as changes do. `rows` are whole rows, in the order of
/// each table's columns.
pub(crate) fn insert_changeset(
    conn: &Connection,
    rows: &[(String, Vec<Vec<Value>>)],
) -> rusqlite::Result<Vec<u8>> {
    let scratch = Connection::open_in_memory()?;
    // Only some tables are copied, so their links point nowhere here.
    scratch.pragma_update(None, "foreign_keys", false)?;
    for (table, _) in rows {
        let create: String = conn.query_row(
            "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?1",
            [table],
            |row| row.get(0),
        )?;
        scratch.execute_batch(&create)?;
    }
    let mut session = Session::new(&scratch)?;
    for (table, table_rows) in rows {
        session.attach(Some(table.as_str()))?;
        let Some(width) = table_rows.first().map(Vec::len) else {
            continue;
        };
        let marks = vec!["?"; width].join(", ");
        let mut insert = scratch.prepare(&format!("INSERT INTO \"{table}\" VALUES ({marks})"))?;
        for row in table_rows {
            insert.execute(rusqlite::params_from_iter(row))?;
        }
    }
    let mut bytes = Vec::new();
    session.changeset_strm(&mut bytes)?;
    Ok(bytes)
}
