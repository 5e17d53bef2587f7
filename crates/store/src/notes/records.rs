//! A note's life: reading one, creating, saving (only when something changed), trash and restore, and the
//! Markdown file it exports as.

use crate::notes::tags::{set_tags, tag_ids, tags_of};
use crate::notes::{
    AttachedTo, AttachmentColumns, Note, NoteMarkdown, NoteOrigin, NoteSession, NoteSummary, EXCERPT_CHARS,
    NOTE_COLUMNS, NOTE_JOINS,
};
use crate::{Store, StoreError};
use cairn_core::note::{NoteFile, NoteInput, NoteTarget, ValidNote};
use cairn_core::time::instant_text;
use cairn_core::Id;
use cairn_core::{Error, Result};
use jiff::Timestamp;
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};

pub(super) fn attached_from_row(row: &Row<'_>) -> rusqlite::Result<AttachedTo> {
    if row.get::<_, Option<Id>>(2)?.is_some() {
        return Ok(AttachedTo::Milestone {
            key: row.get(3)?,
            title: row.get(4)?,
        });
    }
    if let Some(id) = row.get::<_, Option<Id>>(5)? {
        return Ok(AttachedTo::Item {
            id,
            title: row.get(6)?,
            milestone_key: row.get(7)?,
            milestone_title: row.get(8)?,
        });
    }
    if let Some(id) = row.get::<_, Option<Id>>(9)? {
        return Ok(AttachedTo::Competency {
            id,
            name: row.get(10)?,
        });
    }
    Ok(AttachedTo::None)
}

/// The start of a body as one line of plain-ish text (Markdown marks left in; it is a hint, not a render).
pub(super) fn excerpt(body_start: &str) -> String {
    let flat: String = body_start
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    // Markdown's structural marks (list bullets, task boxes, heading and quote marks) say nothing in a
    // one-line hint; emphasis marks are dropped from the words.
    let words: Vec<&str> = flat
        .split_whitespace()
        .filter(|word| {
            !matches!(*word, "-" | "*" | "+" | ">" | "[x]" | "[X]" | "[" | "]")
                && !word.chars().all(|c| c == '#')
        })
        .map(|word| word.trim_matches(|c| c == '*' || c == '_' || c == '`'))
        .filter(|word| !word.is_empty())
        .collect();
    let mut text = words.join(" ");
    if text.chars().count() > EXCERPT_CHARS {
        text = text.chars().take(EXCERPT_CHARS).collect::<String>() + "…";
    }
    text
}

/// Reads a summary from a row of [`NOTE_COLUMNS`] followed by `substr(n.body, 1, 400)`.
pub(super) fn row_to_summary(conn: &Connection, row: &Row<'_>) -> rusqlite::Result<NoteSummary> {
    let id: Id = row.get(0)?;
    let body_start: String = row.get(15)?;
    Ok(NoteSummary {
        id,
        title: row.get(1)?,
        excerpt: excerpt(&body_start),
        attached_to: attached_from_row(row)?,
        tags: tags_of(conn, id)?,
        prompt: row.get(11)?,
        updated_at: row.get(12)?,
        deleted_at: row.get(13)?,
    })
}

/// Reads a whole note from a row of [`NOTE_COLUMNS`] followed by `n.body`.
pub(super) fn row_to_note(conn: &Connection, row: &Row<'_>) -> rusqlite::Result<Note> {
    let id: Id = row.get(0)?;
    Ok(Note {
        id,
        title: row.get(1)?,
        body: row.get(15)?,
        attached_to: attached_from_row(row)?,
        tags: tags_of(conn, id)?,
        prompt: row.get(11)?,
        created_at: row.get(14)?,
        updated_at: row.get(12)?,
        deleted_at: row.get(13)?,
        session: session_of(conn, id)?,
    })
}

/// The session (not in the trash) whose scratch pad or reflection the note is.
fn session_of(conn: &Connection, note: Id) -> rusqlite::Result<Option<NoteSession>> {
    conn.prepare_cached(
        "SELECT id, started_on, seconds, reflection_note_id IS ?1 FROM study_session
         WHERE (scratch_note_id = ?1 OR reflection_note_id = ?1) AND deleted_at IS NULL
         ORDER BY started_on DESC LIMIT 1",
    )?
    .query_row([note], |row| {
        Ok(NoteSession {
            id: row.get(0)?,
            started_on: row.get(1)?,
            seconds: row.get(2)?,
            reflection: row.get(3)?,
        })
    })
    .optional()
}

/// The one INSERT of a note (with its tags), for the editor and for the notes a study session writes;
/// `prompt_id` names the reflection prompt it starts from, whose wording is kept with it.
pub(crate) fn insert_note(
    tx: &Transaction<'_>,
    valid: &ValidNote,
    prompt_id: Option<Id>,
    now: &str,
) -> Result<Id, StoreError> {
    let (milestone_id, item_id, competency_id) = resolve_target(tx, &valid.target)?;
    let prompt_text: Option<String> = match prompt_id {
        None => None,
        Some(prompt_id) => Some(
            tx.query_row(
                "SELECT text FROM reflection_prompt WHERE id = ?1",
                [prompt_id],
                |row| row.get(0),
            )
            .optional()?
            .ok_or_else(|| {
                StoreError::field("prompt", format!("There is no reflection prompt {prompt_id}."))
            })?,
        ),
    };
    let tags = tag_ids(tx, &valid.tags)?;
    tx.execute(
        "INSERT INTO note (id, title, body, milestone_id, item_id, competency_id, prompt_id, prompt_text,
             created_at, updated_at)
         VALUES (cairn_id(), ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
        params![
            valid.title,
            valid.body,
            milestone_id,
            item_id,
            competency_id,
            prompt_id,
            prompt_text,
            now
        ],
    )?;
    let id = Id(tx.last_insert_rowid());
    set_tags(tx, id, &tags)?;
    Ok(id)
}

pub(super) fn note_by_id(conn: &Connection, id: Id) -> rusqlite::Result<Option<Note>> {
    let sql = format!("SELECT {NOTE_COLUMNS}, n.body FROM note n {NOTE_JOINS} WHERE n.id = ?1");
    let mut stmt = conn.prepare_cached(&sql)?;
    stmt.query_row([id], |row| row_to_note(conn, row)).optional()
}

/// The attachment columns for `target`, checking it exists; an unknown one is refused at `attachment`.
pub(super) fn resolve_target(
    tx: &Transaction<'_>,
    target: &NoteTarget,
) -> Result<AttachmentColumns, StoreError> {
    let found = |sql: &str, param: &dyn rusqlite::ToSql, missing: String| -> Result<i64, StoreError> {
        tx.query_row(sql, [param], |row| row.get(0))
            .optional()?
            .ok_or_else(|| StoreError::field("attachment", missing))
    };
    Ok(match target {
        NoteTarget::None => (None, None, None),
        NoteTarget::Milestone { key } => {
            let sql = "SELECT id FROM milestone WHERE key = ?1 AND retired_at IS NULL";
            (
                Some(found(sql, key, format!("There is no milestone \"{key}\"."))?),
                None,
                None,
            )
        }
        NoteTarget::Item { id } => {
            let sql = "SELECT id FROM checklist_item WHERE id = ?1 AND deleted_at IS NULL";
            (
                None,
                Some(found(sql, id, format!("There is no checklist item {id}."))?),
                None,
            )
        }
        NoteTarget::Competency { id } => {
            let sql = "SELECT id FROM competency WHERE id = ?1";
            (
                None,
                None,
                Some(found(sql, id, format!("There is no competency {id}."))?),
            )
        }
    })
}

/// What a read of a note that does not exist says.
fn note_not_found(id: Id) -> Error {
    Error::NotFound {
        what: format!("The note {id}"),
    }
}

impl Store {
    /// One note, in the trash or not.
    pub fn note(&self, id: Id) -> Result<Note> {
        self.read(|conn| Ok(note_by_id(conn, id)?.ok_or_else(|| note_not_found(id))?))
    }

    /// Creates a note; `origin.prompt_id` names the reflection prompt it starts from (its wording is kept).
    pub fn create_note(&mut self, input: &NoteInput, origin: NoteOrigin, now: Timestamp) -> Result<Note> {
        let valid = input.validate()?;
        let now = instant_text(now);
        let id = self.transact(|tx| insert_note(tx, &valid, origin.prompt_id, &now))?;
        self.note(id)
    }

    /// Saves the editor's title, body, attachment and tags. Saving what is already stored writes nothing and
    /// keeps the note's `updated_at`, so autosave can call this as often as it likes.
    pub fn save_note(&mut self, id: Id, input: &NoteInput, now: Timestamp) -> Result<Note> {
        let valid = input.validate()?;
        let current = self.note(id)?;
        if current.deleted_at.is_some() {
            return Err(Error::Conflict(
                "This note is in the trash. Restore it to change it.".into(),
            ));
        }
        if unchanged(&current, &valid) {
            return Ok(current);
        }
        let at = now;
        let now = instant_text(now);
        self.transact(|tx| {
            let (milestone_id, item_id, competency_id) = resolve_target(tx, &valid.target)?;
            let tags = tag_ids(tx, &valid.tags)?;
            // The text this save replaces is kept as a version, once per editing session.
            if current.title != valid.title || current.body != valid.body {
                crate::note_history::keep_replaced_text(tx, &current, at)?;
            }
            tx.execute(
                "UPDATE note SET title = ?2, body = ?3, milestone_id = ?4, item_id = ?5, competency_id = ?6,
                     updated_at = ?7
                 WHERE id = ?1",
                params![
                    id,
                    valid.title,
                    valid.body,
                    milestone_id,
                    item_id,
                    competency_id,
                    now
                ],
            )?;
            Ok(set_tags(tx, id, &tags)?)
        })?;
        self.note(id)
    }

    /// Moves a note to the trash; [`Store::restore_note`] undoes it.
    pub fn delete_note(&mut self, id: Id, now: Timestamp) -> Result<Note> {
        let now = instant_text(now);
        self.note(id)?;
        self.execute(
            "UPDATE note SET deleted_at = coalesce(deleted_at, ?2) WHERE id = ?1",
            params![id, now],
        )?;
        self.note(id)
    }

    /// Takes a note out of the trash.
    pub fn restore_note(&mut self, id: Id) -> Result<Note> {
        let note = self.note(id)?;
        if note.deleted_at.is_none() {
            return Ok(note);
        }
        self.transact(|tx| {
            tx.execute("UPDATE note SET deleted_at = NULL WHERE id = ?1", [id])?;
            Ok(())
        })?;
        self.note(id)
    }

    /// Deletes every note in the trash for good, and returns how many there were.
    pub fn empty_trash(&mut self) -> Result<u32> {
        self.transact(|tx| Ok(tx.execute("DELETE FROM note WHERE deleted_at IS NOT NULL", [])? as u32))
    }

    /// The file name the save dialog offers for a note's Markdown (the same as [`Store::note_markdown`]'s),
    /// from its title alone.
    pub fn note_file_name(&self, id: Id) -> Result<String> {
        let title: Option<String> = self.read(|conn| {
            conn.prepare_cached("SELECT title FROM note WHERE id = ?1")?
                .query_row([id], |row| row.get(0))
                .optional()
                .map_err(StoreError::from)
        })?;
        Ok(cairn_core::note::file_name_for(
            &title.ok_or_else(|| note_not_found(id))?,
        ))
    }

    /// The note as a Markdown file (front matter, prompt, body), for export.
    pub fn note_markdown(&self, id: Id) -> Result<NoteMarkdown> {
        let note = self.note(id)?;
        let about = note.attached_to.describe();
        let file = NoteFile {
            title: &note.title,
            body: &note.body,
            tags: &note.tags,
            about: about.as_deref(),
            prompt: note.prompt.as_deref(),
            created_at: &note.created_at,
            updated_at: &note.updated_at,
        };
        Ok(NoteMarkdown {
            file_name: file.file_name(),
            text: file.to_markdown(),
        })
    }
}

pub(super) fn unchanged(current: &Note, valid: &ValidNote) -> bool {
    let same_tags = current.tags.len() == valid.tags.len()
        && valid
            .tags
            .iter()
            .all(|tag| current.tags.iter().any(|have| have.eq_ignore_ascii_case(tag)));
    current.title == valid.title
        && current.body == valid.body
        && current.attached_to.target() == valid.target
        && same_tags
}
