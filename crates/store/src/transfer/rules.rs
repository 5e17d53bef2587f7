//! What every imported record is held to: the stored names of attachment copies (and the type their shown
//! names claim), the schema's column types, ids in range, no control characters, and the rules the window
//! applies to what a person types.

use super::*;

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

pub(super) fn check_row(table: &Table, entry: &str, row: &Map<String, Value>) -> Result<()> {
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
            // Ids and links are whole numbers the window's JavaScript holds exactly: a larger or negative one
            // would break lists.
            Value::Number(n) if column.declared_type == "INTEGER" && is_id_column(&column.name) => n
                .as_i64()
                .is_some_and(|id| (1..=cairn_core::id::MAX_ID).contains(&id)),
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
                "INTEGER" if is_id_column(&column.name) => "an id from 1 to 9007199254740991 (2^53 - 1)",
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
/// title and notes, an attachment's name, an interaction's summary, an organisation in the pipeline (name, next
/// step, reason for closing, notes), the person's own checklist items (title,
/// details, due date), a study session's note, a break's label and a rating's evidence. A refusal names the record and field
/// (`contact[2].links[0]`). Dates and links between records are the schema's to check.
pub(super) fn core_rules(table: &str, entry: &str, row: &Map<String, Value>) -> Result<()> {
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
        "profile" => cairn_core::checklist::ReportPreferences {
            name: column("name"),
            locale: row.get("locale").and_then(Value::as_str).map(str::to_owned),
        }
        .validate()
        .map(drop),
        "organisation" => {
            let kind = serde_json::from_value(Value::String(column("kind")))
                .map_err(|_| invalid(format!("{entry}.kind"), "is not a kind Cairn knows."))?;
            let source = serde_json::from_value(Value::String(column("source")))
                .map_err(|_| invalid(format!("{entry}.source"), "is not a source Cairn knows."))?;
            cairn_core::pipeline::OrganisationInput {
                name: column("name"),
                kind,
                source,
                next_step: column("next_step"),
                next_step_on: row.get("next_step_on").and_then(Value::as_str).map(str::to_owned),
                notes: column("notes"),
            }
            .validate()
            .and_then(|_| {
                line(
                    "closed_reason",
                    &column("closed_reason"),
                    cairn_core::pipeline::MAX_REASON_CHARS,
                    false,
                )
            })
            .map(drop)
        }
        "project" => line("title", &column("title"), MAX_TITLE_CHARS, true)
            .and_then(|_| text("notes", &column("notes"), MAX_NOTES_CHARS))
            .map(drop),
        "disclosure" => line(
            "company",
            &column("company"),
            cairn_core::disclosure::MAX_COMPANY_CHARS,
            true,
        )
        .and_then(|_| text("notes", &column("notes"), MAX_NOTES_CHARS))
        .map(drop),
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

/// The checks an imported record meets, for one record as another device's change left it (sync): the
/// schema's types, ids in range, no control characters, the window's rules, and attachment names that are their
/// hash and claim the type of their stored copy. A refusal names the table and field.
pub(crate) fn check_synced_record(conn: &Connection, table: &Table, row: &Map<String, Value>) -> Result<()> {
    let entry = table.name.as_str();
    check_row(table, entry, row)?;
    core_rules(entry, entry, row)?;
    let one = |row: Map<String, Value>| Value::Array(vec![Value::Object(row)]);
    let mut data = Map::new();
    match entry {
        "attachment_file" => {
            data.insert(entry.to_owned(), one(row.clone()));
        }
        "piece_attachment" => {
            let sha256 = row.get("sha256").and_then(Value::as_str).unwrap_or_default();
            let stored_name: Option<String> = conn
                .query_row(
                    "SELECT stored_name FROM attachment_file WHERE sha256 = ?1",
                    [sha256],
                    |r| r.get(0),
                )
                .optional()
                .map_err(|e| Error::Database(e.to_string()))?;
            if let Some(stored_name) = stored_name {
                let mut file = Map::new();
                file.insert("sha256".into(), sha256.into());
                file.insert("stored_name".into(), stored_name.into());
                data.insert("attachment_file".into(), one(file));
            }
            data.insert(entry.to_owned(), one(row.clone()));
        }
        _ => return Ok(()),
    }
    stored_names(&data).map(drop)
}

/// Whether a column holds a record id or a link to one.
fn is_id_column(name: &str) -> bool {
    name == "id" || name.ends_with("_id")
}
