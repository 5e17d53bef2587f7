//! Reading an export back: the envelope, the attachment contents, and the new database built beside the data
//! folder's and renamed into place only when whole.

use super::search_index::{finish_search_index, set_aside_search_triggers, start_side_index};
use super::*;
use rusqlite::types::ToSqlOutput;

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
        // No journal and no syncing while it is filled: this file is a scratch copy, deleted on any failure and
        // made durable with `sync_all` before it is renamed into place, so SQLite's own care would only be paid
        // twice. (Not WAL either: the file renamed into place must hold everything by itself.)
        conn.execute_batch("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA foreign_keys = ON;")
            .map_err(|e| sql_error(&path, e))?;
        migrations::migrate_to(&mut conn, &path, schema_version)?;
        let side_index = start_side_index(&conn, data_dir, schema_version, &data);
        let (summary, search_triggers) = fill(&mut conn, schema_version, data).map_err(|e| e.at(&path))?;
        migrations::migrate(&mut conn, &path)?;
        finish_search_index(&mut conn, &search_triggers, side_index).map_err(|e| sql_error(&path, e))?;
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
    schema_version: u32,
    mut data: Map<String, Value>,
) -> StoreResult<(ImportSummary, Vec<String>)> {
    let tables = tables(conn)?;
    if let Some(unknown) = data.keys().find(|name| !tables.iter().any(|t| &t.name == *name)) {
        return Err(invalid(
            format!("tables.{unknown}"),
            format!("there is no such kind of record in schema {schema_version}."),
        )
        .into());
    }
    let mut checked: Vec<(&Table, Vec<Map<String, Value>>)> = Vec::new();
    for table in &tables {
        let rows = match data.remove(&table.name) {
            None => Vec::new(),
            Some(Value::Array(rows)) => rows,
            Some(_) => {
                return Err(invalid(format!("tables.{}", table.name), "must be a list of records.").into())
            }
        };
        let mut objects = Vec::with_capacity(rows.len());
        let mut ids = HashMap::new();
        for (index, row) in rows.into_iter().enumerate() {
            let entry = format!("{}[{index}]", table.name);
            let Value::Object(object) = row else {
                return Err(invalid(entry, "must be a record (a JSON object).").into());
            };
            check_row(table, &entry, &object)?;
            core_rules(&table.name, &entry, &object)?;
            if table.has_id {
                if let Some(id) = object.get("id").and_then(Value::as_i64) {
                    if let Some(first) = ids.insert(id, index) {
                        return Err(invalid(
                            format!("{entry}.id"),
                            format!("{id} is also the id of {}[{first}].", table.name),
                        )
                        .into());
                    }
                }
            }
            objects.push(object);
        }
        checked.push((table, objects));
    }

    // Links are not enforced row by row while the rows go in, in whatever order the file has them: each
    // insert would look its parents up, and each parent its waiting children (a third of the import's time).
    // `foreign_key_check` below checks every link once, before the commit, and names the first that fails.
    conn.execute_batch("PRAGMA foreign_keys = OFF")?;
    let tx = conn.transaction()?;
    let search_triggers = set_aside_search_triggers(&tx)?;
    let mut rowids: HashMap<(&str, i64), usize> = HashMap::new();
    let mut counts = Vec::new();
    for (table, rows) in &checked {
        // Rows of a table usually name the same fields: the statement is prepared again only when they change.
        let mut names: Vec<&String> = Vec::new();
        let mut statement: Option<rusqlite::CachedStatement<'_>> = None;
        for (index, row) in rows.iter().enumerate() {
            let entry = || format!("{}[{index}]", table.name);
            if statement.is_none() || !row.keys().eq(names.iter().copied()) {
                names = row.keys().collect();
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
                statement = Some(
                    tx.prepare_cached(&sql)
                        .map_err(|e| invalid(entry(), format!("{e}.")))?,
                );
            }
            if let Some(statement) = statement.as_mut() {
                statement
                    .execute(rusqlite::params_from_iter(row.values().map(to_sql)))
                    .map_err(|e| invalid(entry(), format!("{e}.")))?;
            }
            rowids.insert((table.name.as_str(), tx.last_insert_rowid()), index);
        }
        if !rows.is_empty() {
            counts.push((table.name.clone(), rows.len()));
        }
    }
    // A link to a record that is not in the file: name the entry and the field holding it.
    let dangling = tx.prepare("PRAGMA foreign_key_check").and_then(|mut stmt| {
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
    })?;
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
            })?;
        let entry = match rowid.and_then(|r| rowids.get(&(table.as_str(), r))) {
            Some(index) => format!("{table}[{index}].{column}"),
            None => format!("{table}.{column}"),
        };
        return Err(invalid(entry, format!("refers to a {parent} that is not in the file.")).into());
    }
    tx.commit()?;
    conn.execute_batch("PRAGMA foreign_keys = ON")?;
    Ok((
        ImportSummary {
            schema_version,
            rows: counts,
            files: 0,
        },
        search_triggers,
    ))
}

/// A field's value as SQLite takes it, borrowing the text rather than copying it.
fn to_sql(value: &Value) -> ToSqlOutput<'_> {
    ToSqlOutput::Borrowed(match value {
        Value::Null => ValueRef::Null,
        Value::Number(n) => n
            .as_i64()
            .map(ValueRef::Integer)
            .unwrap_or_else(|| ValueRef::Real(n.as_f64().unwrap_or_default())),
        Value::String(s) => ValueRef::Text(s.as_bytes()),
        // check_row lets no other kind through.
        Value::Bool(b) => ValueRef::Integer(i64::from(*b)),
        Value::Array(_) | Value::Object(_) => ValueRef::Null,
    })
}
