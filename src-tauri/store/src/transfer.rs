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

use crate::connection::sql_error;
use crate::migrations::{self, LATEST_VERSION};
use crate::portfolio::{file_sha256, hex_digest, is_sha256_hex, is_stored_name_of, ATTACHMENTS_DIR};
use crate::{location, Store, DATABASE_FILE};
use base64::Engine as _;
use cairn_core::portfolio::{agreeing_name, stored_extension, MAX_ATTACHMENT_BYTES};
use cairn_core::{Error, Result};
use rusqlite::types::{Value as SqlValue, ValueRef};
use rusqlite::Connection;
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};

pub const EXPORT_FORMAT: &str = "cairn-export";
pub const EXPORT_FORMAT_VERSION: u64 = 1;
/// Larger than any text Cairn itself accepts (a note body is at most 1 MiB), so only a hostile file meets it.
pub const MAX_TEXT_BYTES: usize = 2 * 1024 * 1024;
/// Far beyond ten years of heavy use (the large demo exports to about 27 MB), with room for a portfolio's
/// worth of attachments (each at most 100 MB, a third larger as base64).
pub const MAX_IMPORT_BYTES: u64 = 2 * 1024 * 1024 * 1024;
/// Tables that describe the file rather than the person's data: rebuilt, not carried.
const NOT_EXPORTED: &[&str] = &["schema_history"];

/// One column as the schema declares it.
struct Column {
    name: String,
    declared_type: String,
    required: bool,
}

/// A table carried by the export, in the order the schema created it (so links point backwards).
struct Table {
    name: String,
    columns: Vec<Column>,
    order_by: String,
    /// The single `id` column every record kind has, checked for duplicates before anything is written.
    has_id: bool,
}

fn tables(conn: &Connection) -> rusqlite::Result<Vec<Table>> {
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

enum RowError {
    Sql(rusqlite::Error),
    Other(Error),
}

/// One row of `table` as the export's object, keyed by column.
fn row_object(row: &rusqlite::Row<'_>, table: &Table) -> std::result::Result<Map<String, Value>, RowError> {
    let mut object = Map::new();
    for (i, column) in table.columns.iter().enumerate() {
        let value = match row.get_ref(i).map_err(RowError::Sql)? {
            ValueRef::Null => Value::Null,
            ValueRef::Integer(n) => Value::from(n),
            ValueRef::Real(x) => Value::from(x),
            ValueRef::Text(text) => Value::from(String::from_utf8_lossy(text).into_owned()),
            ValueRef::Blob(_) => {
                return Err(RowError::Other(Error::Database(format!(
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
    path: &Path,
    exported_at: jiff::Timestamp,
    out: &mut dyn Write,
) -> Result<()> {
    let err = |e| sql_error(path, e);
    let io = |e: std::io::Error| Error::io("Could not write the export", e);
    let json = |e: serde_json::Error| Error::Database(format!("Could not write JSON: {e}"));
    let version = migrations::user_version(conn).map_err(err)?;
    write!(
        out,
        "{{\"format\":\"{EXPORT_FORMAT}\",\"formatVersion\":{EXPORT_FORMAT_VERSION},\"schemaVersion\":{version},\"exportedAt\":\"{}\",\"tables\":{{",
        exported_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    )
    .map_err(io)?;
    for (index, table) in tables(conn).map_err(err)?.iter().enumerate() {
        if index > 0 {
            out.write_all(b",").map_err(io)?;
        }
        serde_json::to_writer(&mut *out, &table.name).map_err(json)?;
        out.write_all(b":[").map_err(io)?;
        let mut stmt = conn.prepare(&table.select_all()).map_err(err)?;
        let mut rows = stmt.query([]).map_err(err)?;
        let mut first = true;
        while let Some(row) = rows.next().map_err(err)? {
            let object = row_object(row, table).map_err(|e| match e {
                RowError::Sql(e) => err(e),
                RowError::Other(e) => e,
            })?;
            if !first {
                out.write_all(b",\n").map_err(io)?;
            }
            first = false;
            serde_json::to_writer(&mut *out, &object).map_err(json)?;
        }
        out.write_all(b"]").map_err(io)?;
    }
    out.write_all(b"}}\n").map_err(io)
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
        let err = |e| self.sql_error(e);
        let mut exported = Vec::new();
        for table in tables(&self.conn).map_err(err)? {
            let mut stmt = self.conn.prepare(&table.select_all()).map_err(err)?;
            let mut rows = stmt.query([]).map_err(err)?;
            let mut out = Vec::new();
            while let Some(row) = rows.next().map_err(err)? {
                out.push(row_object(row, &table).map_err(|e| match e {
                    RowError::Sql(e) => err(e),
                    RowError::Other(e) => e,
                })?);
            }
            exported.push((table.name, out));
        }
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
        self.conn
            .prepare(
                "SELECT f.sha256, f.stored_name, coalesce((SELECT group_concat(a.name, ', ')
                     FROM piece_attachment a WHERE a.sha256 = f.sha256), f.stored_name)
                 FROM attachment_file f ORDER BY f.sha256",
            )
            .and_then(|mut stmt| {
                stmt.query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?
                    .collect()
            })
            .map_err(|e| self.sql_error(e))
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

fn invalid(field: impl Into<String>, message: impl Into<String>) -> Error {
    let field = field.into();
    let message = message.into();
    Error::invalid(field.clone(), format!("{field}: {message}"))
}

/// Reads `file` (an archive or a JSON export) into a new database in `data_dir`, which must not have one yet.
pub fn import_file(data_dir: &Path, file: &Path) -> Result<ImportSummary> {
    if crate::archive::is_archive(file)? {
        return crate::archive::import_archive(data_dir, file);
    }
    let size = std::fs::metadata(file)
        .map_err(|e| Error::io(format!("Cannot read {}", file.display()), e))?
        .len();
    if size > MAX_IMPORT_BYTES {
        return Err(invalid(
            "file",
            format!(
                "{} is {size} bytes, more than an export can be ({MAX_IMPORT_BYTES}).",
                file.display()
            ),
        ));
    }
    let bytes = std::fs::read(file).map_err(|e| Error::io(format!("Cannot read {}", file.display()), e))?;
    import_json(data_dir, &bytes)
}

/// Imports an export held in memory; see [`import_file`].
pub fn import_json(data_dir: &Path, bytes: &[u8]) -> Result<ImportSummary> {
    let parsed = parse_export(bytes)?;
    let files = attachment_files(parsed.files, &stored_names(&parsed.data)?)?;
    build(data_dir, parsed.schema_version, parsed.data, files, None)
}

/// An export's envelope, checked, with its tables and (JSON export only) its `files`.
pub(crate) struct ParsedExport {
    pub schema_version: u32,
    pub data: Map<String, Value>,
    pub files: Option<Value>,
}

/// Reads and checks the envelope of an export (`format`, versions, `exportedAt`, `tables`, `files`).
pub(crate) fn parse_export(bytes: &[u8]) -> Result<ParsedExport> {
    // serde_json refuses nesting deeper than 128 levels, so a hostile file cannot exhaust the stack.
    let document: Value = serde_json::from_slice(bytes)
        .map_err(|e| invalid("file", format!("this is not a complete JSON file ({e}).")))?;
    let Value::Object(mut envelope) = document else {
        return Err(invalid("file", "a Cairn export is a JSON object."));
    };
    let format = envelope.remove("format");
    if format.as_ref().and_then(Value::as_str) != Some(EXPORT_FORMAT) {
        return Err(invalid(
            "format",
            format!("this is not a Cairn export (expected \"{EXPORT_FORMAT}\")."),
        ));
    }
    match envelope.remove("formatVersion").as_ref().and_then(Value::as_u64) {
        Some(EXPORT_FORMAT_VERSION) => {}
        Some(newer) if newer > EXPORT_FORMAT_VERSION => {
            return Err(invalid(
                "formatVersion",
                format!("version {newer} was written by a newer Cairn; this one reads version {EXPORT_FORMAT_VERSION}."),
            ))
        }
        _ => return Err(invalid("formatVersion", "must be the whole number 1.")),
    }
    let schema_version = match envelope.remove("schemaVersion").as_ref().and_then(Value::as_u64) {
        Some(v) if v >= 1 && v <= u64::from(LATEST_VERSION) => v as u32,
        Some(v) if v > u64::from(LATEST_VERSION) => {
            return Err(invalid(
                "schemaVersion",
                format!("schema {v} comes from a newer Cairn (this one understands up to {LATEST_VERSION})."),
            ))
        }
        _ => return Err(invalid("schemaVersion", "must be a schema version number.")),
    };
    if !envelope.remove("exportedAt").is_some_and(|v| v.is_string()) {
        return Err(invalid("exportedAt", "must be the time of the export."));
    }
    let Some(Value::Object(data)) = envelope.remove("tables") else {
        return Err(invalid("tables", "must be an object of tables."));
    };
    let files = envelope.remove("files");
    if let Some(unknown) = envelope.keys().next() {
        return Err(invalid(unknown.clone(), "is not part of a Cairn export."));
    }
    Ok(ParsedExport {
        schema_version,
        data,
        files,
    })
}

/// Builds the checked export into a new database beside `data_dir`'s (see the module docs), writes the
/// attachment copies (from memory, or streamed out of `archive`), and renames the database into place.
pub(crate) fn build(
    data_dir: &Path,
    schema_version: u32,
    data: Map<String, Value>,
    files: Vec<ImportedFile>,
    archive: Option<&mut crate::archive::Archive>,
) -> Result<ImportSummary> {
    let database = data_dir.join(DATABASE_FILE);
    if database.exists() {
        return Err(Error::Conflict(format!(
            "{} already holds a Cairn database. Import into an empty data folder (choose one with --data-dir), \
             or move the database away first.",
            data_dir.display()
        )));
    }
    location::create_data_dir(data_dir)?;
    let temporary = tempfile::Builder::new()
        .prefix(".cairn-import-")
        .suffix(".partial")
        .tempfile_in(data_dir)
        .map_err(|e| Error::io(format!("Cannot write in {}", data_dir.display()), e))?;
    let path = temporary.path().to_path_buf();
    let summary = {
        let mut conn = Connection::open(&path).map_err(|e| sql_error(&path, e))?;
        crate::connection::harden(&conn, &path)?;
        // A rollback journal, not WAL: the file renamed into place must hold everything by itself.
        conn.execute_batch(
            "PRAGMA journal_mode = DELETE; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;",
        )
        .map_err(|e| sql_error(&path, e))?;
        migrations::migrate_to(&mut conn, &path, schema_version)?;
        let summary = fill(&mut conn, &path, schema_version, data)?;
        migrations::migrate(&mut conn, &path)?;
        summary
    };
    temporary
        .as_file()
        .sync_all()
        .map_err(|e| Error::io(format!("Cannot write {}", path.display()), e))?;
    // The copies go in before the database that refers to them; if the database cannot follow, they go again.
    let written = WrittenFiles::write(
        &location::path_in_data_dir(data_dir, &[ATTACHMENTS_DIR])?,
        &files,
        archive,
    )?;
    temporary.persist_noclobber(&database).map_err(|e| {
        Error::io(
            format!("Cannot put the imported database at {}", database.display()),
            e.error,
        )
    })?;
    written.keep();
    Ok(ImportSummary {
        files: files.len(),
        ..summary
    })
}

/// The stored name of each attachment copy the file lists, by SHA-256. A name that is not the hash (with at
/// most a plain extension) is refused here, before it could be joined to a folder.
pub(crate) fn stored_names(data: &Map<String, Value>) -> Result<HashMap<String, String>> {
    let mut names = HashMap::new();
    let Some(Value::Array(rows)) = data.get("attachment_file") else {
        return Ok(names);
    };
    for (index, row) in rows.iter().enumerate() {
        // Fields of the wrong type are named by the table check that follows.
        let (Some(sha256), Some(stored_name)) = (
            row.get("sha256").and_then(Value::as_str),
            row.get("stored_name").and_then(Value::as_str),
        ) else {
            continue;
        };
        if !is_sha256_hex(sha256) {
            return Err(invalid(
                format!("attachment_file[{index}].sha256"),
                "must be a SHA-256: 64 lower-case hex digits.",
            ));
        }
        if !is_stored_name_of(stored_name, sha256) {
            return Err(invalid(
                format!("attachment_file[{index}].stored_name"),
                "must be the SHA-256, with at most a plain extension (\"<sha256>.pdf\").",
            ));
        }
        names.insert(sha256.to_owned(), stored_name.to_owned());
    }
    // The name an attachment is shown under must claim the same type as its stored copy, which decides the
    // program that opens it ("Outcomes report.pdf" stored as `<sha>.jar` would run a program).
    if let Some(Value::Array(rows)) = data.get("piece_attachment") {
        for (index, row) in rows.iter().enumerate() {
            let (Some(sha256), Some(name)) = (
                row.get("sha256").and_then(Value::as_str),
                row.get("name").and_then(Value::as_str),
            ) else {
                continue;
            };
            let Some(stored_name) = names.get(sha256) else {
                continue; // a link to no file is named by the foreign key check
            };
            let field = format!("piece_attachment[{index}].name");
            let shown = agreeing_name(name, stored_extension(stored_name).as_deref(), &field)
                .map_err(|e| invalid(field.clone(), e.to_string()))?;
            if shown != name {
                return Err(invalid(
                    field,
                    format!(
                        "must end in .{}, like its stored copy.",
                        stored_extension(stored_name).unwrap_or_default()
                    ),
                ));
            }
        }
    }
    Ok(names)
}

/// An attachment copy to write: its stored name and where its content is.
pub(crate) struct ImportedFile {
    pub stored_name: String,
    pub content: Content,
}

/// Where an imported copy's content comes from.
pub(crate) enum Content {
    /// Decoded from the JSON export's `files` and checked against its hash.
    Bytes(Vec<u8>),
    /// The archive's entry with this index, streamed and checked against its hash as it is written.
    ArchiveEntry(usize),
}

/// Decodes `files`, checking each entry's content against its SHA-256 and that an `attachment_file` record
/// lists it.
fn attachment_files(
    files: Option<Value>,
    stored_names: &HashMap<String, String>,
) -> Result<Vec<ImportedFile>> {
    let entries = match files {
        None => return Ok(Vec::new()),
        Some(Value::Array(entries)) => entries,
        Some(_) => return Err(invalid("files", "must be a list of attachment contents.")),
    };
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut decoded = Vec::with_capacity(entries.len());
    for (index, entry) in entries.into_iter().enumerate() {
        let entry_name = format!("files[{index}]");
        let Value::Object(mut entry) = entry else {
            return Err(invalid(entry_name, "must be an object with sha256 and content."));
        };
        let Some(Value::String(sha256)) = entry.remove("sha256") else {
            return Err(invalid(
                format!("{entry_name}.sha256"),
                "must be the content's SHA-256.",
            ));
        };
        let Some(Value::String(content)) = entry.remove("content") else {
            return Err(invalid(
                format!("{entry_name}.content"),
                "must be the content, in base64.",
            ));
        };
        if let Some(unknown) = entry.keys().next() {
            return Err(invalid(
                format!("{entry_name}.{unknown}"),
                "files have no such field.",
            ));
        }
        let Some(stored_name) = stored_names.get(&sha256) else {
            return Err(invalid(
                format!("{entry_name}.sha256"),
                "no attachment_file record has this SHA-256.",
            ));
        };
        if let Some(first) = seen.insert(sha256.clone(), index) {
            return Err(invalid(
                format!("{entry_name}.sha256"),
                format!("files[{first}] has the same content."),
            ));
        }
        // Base64 is four characters for three bytes: refuse the oversized before decoding it.
        if content.len() as u64 / 4 * 3 > MAX_ATTACHMENT_BYTES + 3 {
            return Err(invalid(
                format!("{entry_name}.content"),
                format!(
                    "is larger than {} MB, the most an attachment can be.",
                    MAX_ATTACHMENT_BYTES / (1024 * 1024)
                ),
            ));
        }
        let content = base64::engine::general_purpose::STANDARD
            .decode(content.as_bytes())
            .map_err(|e| invalid(format!("{entry_name}.content"), format!("is not base64 ({e}).")))?;
        if hex_digest(&Sha256::digest(&content)) != sha256 {
            return Err(invalid(
                format!("{entry_name}.content"),
                "does not have the SHA-256 given beside it; the file was changed or damaged.",
            ));
        }
        decoded.push(ImportedFile {
            stored_name: stored_name.clone(),
            content: Content::Bytes(content),
        });
    }
    Ok(decoded)
}

/// Copies written by an import, removed again (with the folder, if the import made it) unless kept.
struct WrittenFiles {
    folder: PathBuf,
    made_folder: bool,
    written: Vec<PathBuf>,
    kept: bool,
}

impl WrittenFiles {
    /// Writes each copy not already in `folder` with the same content to a temporary file, flushed, then renamed
    /// into place (over a damaged copy of the same name).
    fn write(
        folder: &Path,
        files: &[ImportedFile],
        mut archive: Option<&mut crate::archive::Archive>,
    ) -> Result<Self> {
        let mut written = WrittenFiles {
            folder: folder.to_path_buf(),
            made_folder: !folder.is_dir() && !files.is_empty(),
            written: Vec::new(),
            kept: false,
        };
        if files.is_empty() {
            return Ok(written);
        }
        location::create_data_dir(folder)?;
        let cannot = |e| Error::io(format!("Cannot write in {}", folder.display()), e);
        for file in files {
            let target = location::path_in_data_dir(folder, &[&file.stored_name])?;
            let sha256 = file.stored_name.get(..64).unwrap_or_default();
            if file_sha256(&target).is_some_and(|there| there == sha256) {
                continue; // the same content is there already
            }
            let mut temporary = tempfile::Builder::new()
                .prefix(".incoming-")
                .tempfile_in(folder)
                .map_err(cannot)?;
            match (&file.content, archive.as_deref_mut()) {
                (Content::Bytes(bytes), _) => temporary.write_all(bytes).map_err(cannot)?,
                (Content::ArchiveEntry(index), Some(archive)) => {
                    crate::archive::copy_entry(archive, *index, &file.stored_name, temporary.as_file_mut())?
                }
                (Content::ArchiveEntry(_), None) => {
                    return Err(Error::Database("an archive entry without its archive".into()))
                }
            }
            temporary.as_file().sync_all().map_err(cannot)?;
            temporary
                .persist(&target)
                .map_err(|e| Error::io(format!("Cannot save {}", target.display()), e.error))?;
            written.written.push(target);
        }
        Ok(written)
    }

    fn keep(mut self) {
        self.kept = true;
    }
}

impl Drop for WrittenFiles {
    fn drop(&mut self) {
        if self.kept {
            return;
        }
        for path in &self.written {
            let _ = std::fs::remove_file(path);
        }
        if self.made_folder {
            // Only when empty: nothing but what this import wrote is ever removed.
            let _ = std::fs::remove_dir(&self.folder);
        }
    }
}

/// Checks every row against the schema, then inserts them all in one transaction with links checked at the
/// end (so rows may come in any order within the file).
fn fill(
    conn: &mut Connection,
    path: &Path,
    schema_version: u32,
    mut data: Map<String, Value>,
) -> Result<ImportSummary> {
    let err = |e| sql_error(path, e);
    let tables = tables(conn).map_err(err)?;
    if let Some(unknown) = data.keys().find(|name| !tables.iter().any(|t| &t.name == *name)) {
        return Err(invalid(
            format!("tables.{unknown}"),
            format!("there is no such kind of record in schema {schema_version}."),
        ));
    }
    let mut checked: Vec<(&Table, Vec<Map<String, Value>>)> = Vec::new();
    for table in &tables {
        let rows = match data.remove(&table.name) {
            None => Vec::new(),
            Some(Value::Array(rows)) => rows,
            Some(_) => {
                return Err(invalid(
                    format!("tables.{}", table.name),
                    "must be a list of records.",
                ))
            }
        };
        let mut objects = Vec::with_capacity(rows.len());
        let mut ids = HashMap::new();
        for (index, row) in rows.into_iter().enumerate() {
            let entry = format!("{}[{index}]", table.name);
            let Value::Object(object) = row else {
                return Err(invalid(entry, "must be a record (a JSON object)."));
            };
            check_row(table, &entry, &object)?;
            core_rules(&table.name, &entry, &object)?;
            if table.has_id {
                if let Some(id) = object.get("id").and_then(Value::as_i64) {
                    if let Some(first) = ids.insert(id, index) {
                        return Err(invalid(
                            format!("{entry}.id"),
                            format!("{id} is also the id of {}[{first}].", table.name),
                        ));
                    }
                }
            }
            objects.push(object);
        }
        checked.push((table, objects));
    }

    let tx = conn.transaction().map_err(err)?;
    tx.execute_batch("PRAGMA defer_foreign_keys = ON").map_err(err)?;
    let mut rowids: HashMap<(&str, i64), usize> = HashMap::new();
    let mut counts = Vec::new();
    for (table, rows) in &checked {
        for (index, row) in rows.iter().enumerate() {
            let names: Vec<&String> = row.keys().collect();
            let sql = format!(
                "INSERT INTO \"{}\" ({}) VALUES ({})",
                table.name,
                names
                    .iter()
                    .map(|n| format!("\"{n}\""))
                    .collect::<Vec<_>>()
                    .join(", "),
                (1..=names.len())
                    .map(|i| format!("?{i}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            let values = row.values().map(to_sql).collect::<Vec<_>>();
            tx.prepare_cached(&sql)
                .and_then(|mut stmt| stmt.execute(rusqlite::params_from_iter(values)))
                .map_err(|e| invalid(format!("{}[{index}]", table.name), format!("{e}.")))?;
            rowids.insert((table.name.as_str(), tx.last_insert_rowid()), index);
        }
        if !rows.is_empty() {
            counts.push((table.name.clone(), rows.len()));
        }
    }
    // A link to a record that is not in the file: name the entry and the field holding it.
    let dangling = tx
        .prepare("PRAGMA foreign_key_check")
        .and_then(|mut stmt| {
            stmt.query_row([], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, Option<i64>>(1)?,
                    row.get::<_, String>(2)?,
                    row.get::<_, i64>(3)?,
                ))
            })
            .map(Some)
            .or_else(|e| match e {
                rusqlite::Error::QueryReturnedNoRows => Ok(None),
                e => Err(e),
            })
        })
        .map_err(err)?;
    if let Some((table, rowid, parent, fk)) = dangling {
        let column: String = tx
            .prepare(&format!("PRAGMA foreign_key_list(\"{table}\")"))
            .and_then(|mut stmt| {
                let links = stmt
                    .query_map([], |row| {
                        Ok((row.get::<_, i64>("id")?, row.get::<_, String>("from")?))
                    })?
                    .collect::<rusqlite::Result<Vec<_>>>()?;
                Ok(links
                    .into_iter()
                    .find(|(id, _)| *id == fk)
                    .map(|(_, from)| from)
                    .unwrap_or_default())
            })
            .map_err(err)?;
        let entry = match rowid.and_then(|r| rowids.get(&(table.as_str(), r))) {
            Some(index) => format!("{table}[{index}].{column}"),
            None => format!("{table}.{column}"),
        };
        return Err(invalid(
            entry,
            format!("refers to a {parent} that is not in the file."),
        ));
    }
    tx.commit().map_err(err)?;
    Ok(ImportSummary {
        schema_version,
        rows: counts,
        files: 0,
    })
}

fn check_row(table: &Table, entry: &str, row: &Map<String, Value>) -> Result<()> {
    let known: HashSet<&str> = table.columns.iter().map(|c| c.name.as_str()).collect();
    if let Some(unknown) = row.keys().find(|k| !known.contains(k.as_str())) {
        return Err(invalid(
            format!("{entry}.{unknown}"),
            format!("{} records have no such field.", table.name),
        ));
    }
    for column in &table.columns {
        let field = || format!("{entry}.{}", column.name);
        let value = row.get(&column.name).unwrap_or(&Value::Null);
        let fits = match value {
            Value::Null => !column.required,
            // Ids and links are u32 everywhere above the store: a larger or negative one would break lists.
            Value::Number(n) if column.declared_type == "INTEGER" && is_id_column(&column.name) => n
                .as_u64()
                .is_some_and(|id| (1..=u64::from(u32::MAX)).contains(&id)),
            Value::Number(n) if column.declared_type == "INTEGER" => n.is_i64(),
            Value::Number(n) if column.declared_type == "REAL" => n.as_f64().is_some(),
            Value::String(s) if column.declared_type == "TEXT" => {
                if s.len() > MAX_TEXT_BYTES {
                    return Err(invalid(
                        field(),
                        format!("is {} bytes long; the most is {MAX_TEXT_BYTES}.", s.len()),
                    ));
                }
                // The window never stores control characters but line breaks and tabs.
                if let Some(c) = s
                    .chars()
                    .find(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
                {
                    return Err(invalid(
                        field(),
                        format!(
                            "holds the control character U+{:04X}, which Cairn never stores.",
                            c as u32
                        ),
                    ));
                }
                true
            }
            _ => false,
        };
        if !fits {
            let expected = match column.declared_type.as_str() {
                "INTEGER" if is_id_column(&column.name) => "an id from 1 to 4294967295",
                "INTEGER" => "a whole number",
                "REAL" => "a number",
                _ => "text",
            };
            let found = match value {
                Value::Null if row.contains_key(&column.name) => "null",
                Value::Null => "nothing",
                Value::Bool(_) => "true/false",
                Value::Number(_) => "a number",
                Value::String(_) => "text",
                Value::Array(_) => "a list",
                Value::Object(_) => "an object",
            };
            let required = if column.required { "" } else { " or null" };
            return Err(invalid(
                field(),
                format!("must be {expected}{required}, found {found}."),
            ));
        }
    }
    Ok(())
}

/// The rules the window applies to what a person types, applied to the imported records that hold such text:
/// a note's title and body, a tag's name, a contact (name, links and their schemes, notes), a portfolio piece's
/// title and notes, an attachment's name, an interaction's summary, the person's own checklist items (title,
/// details, due date), a study session's note, a break's label and a rating's evidence. A refusal names the record and field
/// (`contact[2].links[0]`). Dates and links between records are the schema's to check.
fn core_rules(table: &str, entry: &str, row: &Map<String, Value>) -> Result<()> {
    use cairn_core::portfolio::{line, text, MAX_NOTES_CHARS, MAX_TITLE_CHARS};
    let column = |name: &str| {
        row.get(name)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    let checked = match table {
        "note" => cairn_core::note::NoteInput {
            title: column("title"),
            body: column("body"),
            target: Default::default(),
            tags: Vec::new(),
        }
        .validate()
        .map(drop),
        "tag" => cairn_core::note::tag_name("name", &column("name")).map(drop),
        "contact" => {
            let links: Vec<String> = serde_json::from_str(&column("links"))
                .map_err(|_| invalid(format!("{entry}.links"), "must be a JSON list of links."))?;
            let kind = serde_json::from_value(Value::String(column("organisation_kind")))
                .map_err(|_| invalid(format!("{entry}.organisation_kind"), "is not a kind Cairn knows."))?;
            cairn_core::network::ContactInput {
                name: column("name"),
                role: column("role"),
                organisation: column("organisation"),
                organisation_kind: kind,
                where_met: column("where_met"),
                links,
                notes: column("notes"),
            }
            .validate()
            .map(drop)
        }
        "portfolio_piece" => line("title", &column("title"), MAX_TITLE_CHARS, true)
            .and_then(|_| text("notes", &column("notes"), MAX_NOTES_CHARS))
            .map(drop),
        "piece_attachment" => cairn_core::portfolio::attachment_name(&column("name")).map(drop),
        "interaction" => text(
            "summary",
            column("summary").trim(),
            cairn_core::network::MAX_SUMMARY_CHARS,
        )
        .map(drop),
        // The person's own items (no pack key) were typed in the window; the pack's come from the pack.
        "checklist_item" if row.get("key").is_none_or(Value::is_null) => cairn_core::checklist::ItemInput {
            title: column("title"),
            details: column("details"),
            due_on: row.get("due_on").and_then(Value::as_str).map(str::to_owned),
        }
        .validate()
        .map(|_| ())
        .map_err(|error| match error {
            Error::InvalidInput { field, message } if field == "dueOn" => Error::invalid("due_on", message),
            other => other,
        }),
        "study_session" => text("note", &column("note"), cairn_core::study::MAX_NOTE_CHARS).map(drop),
        "study_break" => line(
            "label",
            &column("label"),
            cairn_core::study::MAX_BREAK_LABEL_CHARS,
            false,
        )
        .map(drop),
        "rating" => text(
            "evidence",
            &column("evidence"),
            cairn_core::competency::MAX_EVIDENCE_CHARS,
        )
        .map(drop),
        _ => Ok(()),
    };
    checked.map_err(|error| match error {
        Error::InvalidInput { field, message } => {
            // The window's field names are camelCase; the export's are the columns.
            let column = match field.as_str() {
                "whereMet" => "where_met".to_owned(),
                other => other.to_owned(),
            };
            invalid(format!("{entry}.{column}"), message)
        }
        other => other,
    })
}

/// Whether a column holds a record id or a link to one.
fn is_id_column(name: &str) -> bool {
    name == "id" || name.ends_with("_id")
}

fn to_sql(value: &Value) -> SqlValue {
    match value {
        Value::Null => SqlValue::Null,
        Value::Number(n) => n
            .as_i64()
            .map(SqlValue::Integer)
            .unwrap_or_else(|| SqlValue::Real(n.as_f64().unwrap_or_default())),
        Value::String(s) => SqlValue::Text(s.clone()),
        // check_row lets no other kind through.
        Value::Bool(b) => SqlValue::Integer(i64::from(*b)),
        Value::Array(_) | Value::Object(_) => SqlValue::Null,
    }
}
