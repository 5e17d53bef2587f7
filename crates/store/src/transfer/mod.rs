//! The JSON export of everything, and its import into an empty data folder.
//!
//! The format (documented in `docs/export-format.md`) is the database's own tables, row by row: an envelope
//! (`format`, `formatVersion`, `schemaVersion`, `exportedAt`) and `tables`, where each table of schema
//! `schemaVersion` is a list of objects keyed by column. Being the schema itself, it loses nothing and needs
//! no second description to keep in step; an export from an older Cairn is imported by building the schema it
//! was written against, filling it, and migrating it like any old database.
//!
//! An import is checked completely before the data folder is touched: it is built in a temporary file beside
//! the database and renamed into place only once every row is in, every link resolves and the migrations ran.
//! Any problem names the entry and field (`note[12].title`) and leaves the folder as it was.
//!
//! The contents of portfolio attachments travel in `files`, base64 beside their SHA-256, so one file holds
//! everything; an import checks each against its hash before writing it into the attachments folder.
//!
//! This module describes the tables and writes the export; [`import`] reads one back, holding each record to
//! the rules in [`rules`] (the schema's types and the window's own rules for what a person types).

use crate::attachments::{file_sha256, hex_digest, is_sha256_hex, is_stored_name_of, ATTACHMENTS_DIR};
use crate::error::sql_error;
use crate::migrations::{self, LATEST_VERSION};
use crate::{location, Store, StoreError, StoreResult, DATABASE_FILE};
use base64::Engine as _;
use cairn_core::portfolio::{agreeing_name, stored_extension, MAX_ATTACHMENT_BYTES};
use cairn_core::{Error, Result};
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OptionalExtension};
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};

mod import;
mod rules;
mod search_index;

pub(crate) use import::{build, parse_export, Content, ImportedFile};
pub use import::{import_file, import_json};
pub(crate) use rules::check_synced_record;
pub(crate) use rules::stored_names;
use rules::{check_row, core_rules};

pub const EXPORT_FORMAT: &str = "cairn-export";
pub const EXPORT_FORMAT_VERSION: u64 = 1;
/// Larger than any text Cairn itself accepts (a note body is at most 1 MiB), so only a hostile file meets it.
pub const MAX_TEXT_BYTES: usize = 2 * 1024 * 1024;
/// Far beyond ten years of heavy use (the large demo exports to about 27 MB), with room for a portfolio's
/// worth of attachments (each at most 100 MB, a third larger as base64).
pub const MAX_IMPORT_BYTES: u64 = 2 * 1024 * 1024 * 1024;
/// Tables that describe the file rather than the person's data: rebuilt, not carried.
/// (The `sync_` tables are this device's own sync state: another device, or this one restored, makes its own;
/// `reminder_shown` is which reminders this device has shown.)
const NOT_EXPORTED: &[&str] = &[
    "schema_history",
    "sync_device",
    "sync_outbox",
    "sync_peer",
    "sync_clock",
    "sync_conflict",
    "reminder_shown",
];

/// One column as the schema declares it.
pub(crate) struct Column {
    pub(crate) name: String,
    pub(crate) declared_type: String,
    pub(crate) required: bool,
}

/// A table carried by the export, in the order the schema created it (so links point backwards).
pub(crate) struct Table {
    pub(crate) name: String,
    pub(crate) columns: Vec<Column>,
    pub(crate) order_by: String,
    /// The single `id` column every record kind has, checked for duplicates before anything is written.
    pub(crate) has_id: bool,
}

pub(crate) fn tables(conn: &Connection) -> rusqlite::Result<Vec<Table>> {
    let mut stmt = conn.prepare(
        "SELECT name FROM sqlite_schema
         WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%'
         ORDER BY rowid",
    )?;
    let names: Vec<String> = stmt
        .query_map([], |row| row.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    // FTS5 keeps its index in shadow tables named after it; the triggers rebuild them on import.
    let virtual_tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE sql LIKE 'CREATE VIRTUAL TABLE%'")?
        .query_map([], |row| row.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut tables = Vec::new();
    for name in names {
        if NOT_EXPORTED.contains(&name.as_str())
            || virtual_tables.iter().any(|v| name.starts_with(&format!("{v}_")))
        {
            continue;
        }
        let mut info = conn.prepare(&format!("PRAGMA table_info(\"{name}\")"))?;
        let mut primary_key = Vec::new();
        let columns = info
            .query_map([], |row| {
                let name: String = row.get("name")?;
                let declared_type: String = row.get("type")?;
                let not_null: bool = row.get("notnull")?;
                let default: Option<String> = row.get("dflt_value")?;
                let pk: u32 = row.get("pk")?;
                Ok((name, declared_type, not_null, default, pk))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?
            .into_iter()
            .map(|(name, declared_type, not_null, default, pk)| {
                if pk > 0 {
                    primary_key.push((pk, name.clone()));
                }
                // An INTEGER PRIMARY KEY of a rowid table is given by SQLite when missing.
                let rowid_alias = pk > 0 && declared_type.eq_ignore_ascii_case("INTEGER");
                Column {
                    required: not_null && default.is_none() && !rowid_alias,
                    declared_type: declared_type.to_ascii_uppercase(),
                    name,
                }
            })
            .collect::<Vec<_>>();
        primary_key.sort();
        let order_by = if primary_key.is_empty() {
            "rowid".to_owned()
        } else {
            primary_key
                .iter()
                .map(|(_, column)| format!("\"{column}\""))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let has_id = primary_key.len() == 1 && primary_key[0].1 == "id";
        tables.push(Table {
            name,
            columns,
            order_by,
            has_id,
        });
    }
    Ok(tables)
}

impl Table {
    /// Every row, every column, in primary key order.
    fn select_all(&self) -> String {
        let columns = self
            .columns
            .iter()
            .map(|c| format!("\"{}\"", c.name))
            .collect::<Vec<_>>()
            .join(", ");
        format!(
            "SELECT {columns} FROM \"{}\" ORDER BY {}",
            self.name, self.order_by
        )
    }
}

/// One row of `table` as the export's object, keyed by column.
fn row_object(row: &rusqlite::Row<'_>, table: &Table) -> StoreResult<Map<String, Value>> {
    let mut object = Map::new();
    for (i, column) in table.columns.iter().enumerate() {
        let value = match row.get_ref(i)? {
            ValueRef::Null => Value::Null,
            ValueRef::Integer(n) => Value::from(n),
            ValueRef::Real(x) => Value::from(x),
            ValueRef::Text(text) => Value::from(String::from_utf8_lossy(text).into_owned()),
            ValueRef::Blob(_) => {
                return Err(StoreError::Other(Error::Database(format!(
                    "{}.{} holds binary data, which the export does not carry",
                    table.name, column.name
                ))))
            }
        };
        object.insert(column.name.clone(), value);
    }
    Ok(object)
}

/// Writes the export's envelope and tables (no `files`) to `out` row by row, so memory does not grow with the
/// data: the archive's `cairn-export.json`.
pub(crate) fn write_tables_json(
    conn: &Connection,
    exported_at: jiff::Timestamp,
    out: &mut dyn Write,
) -> StoreResult<()> {
    let io = |e: std::io::Error| Error::io("Could not write the export", e);
    // serde_json wraps the writer's own failures (a full disk): those are the disk's errors, not the data's.
    let json = |e: serde_json::Error| {
        if e.is_io() {
            Error::io("Could not write the export", e.into())
        } else {
            Error::Database(format!("Could not write JSON: {e}"))
        }
    };
    let version = migrations::user_version(conn)?;
    write!(
        out,
        "{{\"format\":\"{EXPORT_FORMAT}\",\"formatVersion\":{EXPORT_FORMAT_VERSION},\"schemaVersion\":{version},\"exportedAt\":\"{}\",\"tables\":{{",
        exported_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    )
    .map_err(io)?;
    for (index, table) in tables(conn)?.iter().enumerate() {
        if index > 0 {
            out.write_all(b",").map_err(io)?;
        }
        serde_json::to_writer(&mut *out, &table.name).map_err(json)?;
        out.write_all(b":[").map_err(io)?;
        let mut stmt = conn.prepare(&table.select_all())?;
        let mut rows = stmt.query([])?;
        let mut first = true;
        while let Some(row) = rows.next()? {
            let object = row_object(row, table)?;
            if !first {
                out.write_all(b",\n").map_err(io)?;
            }
            first = false;
            serde_json::to_writer(&mut *out, &object).map_err(json)?;
        }
        out.write_all(b"]").map_err(io)?;
    }
    Ok(out.write_all(b"}}\n").map_err(io)?)
}

/// The export in memory: serialized as the documented JSON with tables in schema order.
pub struct DataExport {
    pub schema_version: u32,
    pub exported_at: String,
    pub tables: Vec<(String, Vec<Map<String, Value>>)>,
    /// The stored copy of each attachment, in SHA-256 order.
    pub files: Vec<ExportedFile>,
    /// Attachments whose stored copy is missing or damaged, so their content could not be carried: each as
    /// the names the person gave it.
    pub left_out: Vec<String>,
}

/// The content of one stored attachment copy.
pub struct ExportedFile {
    pub sha256: String,
    pub content: Vec<u8>,
}

impl Serialize for ExportedFile {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(2))?;
        map.serialize_entry("sha256", &self.sha256)?;
        map.serialize_entry(
            "content",
            &base64::engine::general_purpose::STANDARD.encode(&self.content),
        )?;
        map.end()
    }
}

impl DataExport {
    /// Rows of `table`, or none.
    pub fn rows(&self, table: &str) -> &[Map<String, Value>] {
        self.tables
            .iter()
            .find(|(name, _)| name == table)
            .map(|(_, rows)| rows.as_slice())
            .unwrap_or_default()
    }

    pub fn to_json(&self) -> Result<Vec<u8>> {
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Envelope<'a> {
            format: &'static str,
            format_version: u64,
            schema_version: u32,
            exported_at: &'a str,
            tables: InOrder<'a>,
            files: &'a [ExportedFile],
        }
        struct InOrder<'a>(&'a [(String, Vec<Map<String, Value>>)]);
        impl Serialize for InOrder<'_> {
            fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
                let mut map = serializer.serialize_map(Some(self.0.len()))?;
                for (name, rows) in self.0 {
                    map.serialize_entry(name, rows)?;
                }
                map.end()
            }
        }
        let envelope = Envelope {
            format: EXPORT_FORMAT,
            format_version: EXPORT_FORMAT_VERSION,
            schema_version: self.schema_version,
            exported_at: &self.exported_at,
            tables: InOrder(&self.tables),
            files: &self.files,
        };
        serde_json::to_vec_pretty(&envelope)
            .map_err(|e| Error::Database(format!("Could not write JSON: {e}")))
    }
}

impl Store {
    /// Everything in the database, as the JSON export carries it.
    pub fn export_data(&self, exported_at: jiff::Timestamp) -> Result<DataExport> {
        let exported = self.read(|conn| {
            let mut exported = Vec::new();
            for table in tables(conn)? {
                let mut statement = conn.prepare(&table.select_all())?;
                let mut rows = statement.query([])?;
                let mut out = Vec::new();
                while let Some(row) = rows.next()? {
                    out.push(row_object(row, &table)?);
                }
                exported.push((table.name, out));
            }
            Ok(exported)
        })?;
        let (files, left_out) = self.attachment_contents()?;
        Ok(DataExport {
            schema_version: self.schema_version()?,
            exported_at: exported_at.strftime("%Y-%m-%dT%H:%M:%SZ").to_string(),
            tables: exported,
            files,
            left_out,
        })
    }

    /// Every stored attachment copy the database lists: (SHA-256, stored name, the names it is shown under).
    pub(crate) fn stored_copies(&self) -> Result<Vec<(String, String, String)>> {
        self.read(|conn| {
            let mut statement = conn.prepare(
                "SELECT f.sha256, f.stored_name, coalesce((SELECT group_concat(a.name, ', ')
                     FROM piece_attachment a WHERE a.sha256 = f.sha256), f.stored_name)
                 FROM attachment_file f ORDER BY f.sha256",
            )?;
            let rows = statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// Every stored attachment copy that is there and whole (its content has its hash); the others are named.
    fn attachment_contents(&self) -> Result<(Vec<ExportedFile>, Vec<String>)> {
        let stored = self.stored_copies()?;
        let folder = self.attachments_dir();
        let mut files = Vec::new();
        let mut left_out = Vec::new();
        for (sha256, stored_name, names) in stored {
            if !is_stored_name_of(&stored_name, &sha256) {
                left_out.push(names);
                continue;
            }
            let path = location::path_in_data_dir(&folder, &[&stored_name])?;
            let content = match std::fs::read(&path) {
                Ok(content) => content,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    left_out.push(names);
                    continue;
                }
                Err(e) => return Err(Error::io(format!("Cannot read {}", path.display()), e)),
            };
            if hex_digest(&Sha256::digest(&content)) == sha256 {
                files.push(ExportedFile { sha256, content });
            } else {
                left_out.push(names);
            }
        }
        Ok((files, left_out))
    }
}

/// What an import brought in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportSummary {
    pub schema_version: u32,
    /// Rows per table, in schema order (tables with none left out).
    pub rows: Vec<(String, usize)>,
    /// Attachment copies written into the attachments folder.
    pub files: usize,
}

pub(crate) fn invalid(field: impl Into<String>, message: impl Into<String>) -> Error {
    let field = field.into();
    let message = message.into();
    Error::invalid(field.clone(), format!("{field}: {message}"))
}
