//! Notes, tags, the trash and full-text search.
//!
//! The search index (`note_search`, FTS5) is written only by triggers in the schema, so every change to a
//! note or its tags, in any transaction, keeps it exact. Deleting a note puts it in the trash (`deleted_at`),
//! which takes it out of the index (restoring puts it back); lists leave trashed notes out; only
//! [`Store::empty_trash`] removes them for good.

use crate::{Store, StoreError};
use cairn_core::note::{
    search_query, snippet, tag_name, NoteFile, NoteInput, NoteTarget, SnippetPart, ValidNote,
};
use cairn_core::time::instant_text;
use cairn_core::{Error, Result};
use jiff::Timestamp;
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Row, Transaction};
use serde::{Deserialize, Serialize};

/// What a note is attached to, with the names the UI shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum AttachedTo {
    None,
    #[serde(rename_all = "camelCase")]
    Milestone {
        key: String,
        title: String,
    },
    #[serde(rename_all = "camelCase")]
    Item {
        id: u32,
        title: String,
        milestone_key: String,
        milestone_title: String,
    },
    #[serde(rename_all = "camelCase")]
    Competency {
        id: u32,
        name: String,
    },
}

impl AttachedTo {
    pub fn target(&self) -> NoteTarget {
        match self {
            AttachedTo::None => NoteTarget::None,
            AttachedTo::Milestone { key, .. } => NoteTarget::Milestone { key: key.clone() },
            AttachedTo::Item { id, .. } => NoteTarget::Item { id: *id },
            AttachedTo::Competency { id, .. } => NoteTarget::Competency { id: *id },
        }
    }

    /// "Milestone: Understanding CME", for exports and reports.
    pub fn describe(&self) -> Option<String> {
        match self {
            AttachedTo::None => None,
            AttachedTo::Milestone { title, .. } => Some(format!("Milestone: {title}")),
            AttachedTo::Item { title, .. } => Some(format!("Checklist item: {title}")),
            AttachedTo::Competency { name, .. } => Some(format!("Competency: {name}")),
        }
    }
}

/// A whole note, as the editor opens it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Note {
    pub id: u32,
    pub title: String,
    pub body: String,
    pub attached_to: AttachedTo,
    pub tags: Vec<String>,
    /// The reflection prompt the note was started from, worded as it was then.
    pub prompt: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    /// When it went to the trash; `None` for a note that is not in the trash.
    pub deleted_at: Option<String>,
}

/// A note in a list: its title, the start of its text, and what it is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct NoteSummary {
    pub id: u32,
    pub title: String,
    /// The first characters of the body, on one line.
    pub excerpt: String,
    pub attached_to: AttachedTo,
    pub tags: Vec<String>,
    pub prompt: Option<String>,
    pub updated_at: String,
    pub deleted_at: Option<String>,
}

/// Which notes a list shows. Everything is optional; the default is every note not in the trash.
#[derive(Debug, Clone, Default, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct NoteFilter {
    /// Notes about this milestone or one of its checklist items.
    #[serde(default)]
    pub milestone_key: Option<String>,
    #[serde(default)]
    pub item_id: Option<u32>,
    #[serde(default)]
    pub competency_id: Option<u32>,
    #[serde(default)]
    pub tag: Option<String>,
    /// The trash instead of the notes.
    #[serde(default)]
    pub trashed: bool,
    #[serde(default)]
    pub offset: u32,
    /// At most this many (default [`DEFAULT_PAGE`], at most [`MAX_PAGE`]).
    #[serde(default)]
    pub limit: Option<u32>,
}

pub const DEFAULT_PAGE: u32 = 100;
/// Search results come a page at a time.
pub const DEFAULT_HITS: u32 = 25;
/// How many words of a note a search result shows around its first match.
const SNIPPET_WORDS: usize = 24;
pub const MAX_PAGE: u32 = 500;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct NoteList {
    /// Most recently changed first.
    pub notes: Vec<NoteSummary>,
    /// How many notes match the filter in all (the list may be one page of them).
    pub total: u32,
}

#[derive(Debug, Clone, Default, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SearchRequest {
    pub text: String,
    #[serde(default)]
    pub milestone_key: Option<String>,
    /// Only notes about this checklist item.
    #[serde(default)]
    pub item_id: Option<u32>,
    #[serde(default)]
    pub tag: Option<String>,
    #[serde(default)]
    pub limit: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SearchHit {
    pub note: NoteSummary,
    /// The best-matching passage, matched words marked.
    pub snippet: Vec<SnippetPart>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SearchResults {
    /// Best match first: words in the title count most, then tags, then the body.
    pub hits: Vec<SearchHit>,
    pub total: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TagUse {
    pub name: String,
    /// Notes (not in the trash) with this tag.
    pub notes: u32,
}

/// A note ready to be written to a Markdown file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct NoteMarkdown {
    pub file_name: String,
    pub text: String,
}

/// Where a note's reflection prompt and attachment come from when it is created.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoteOrigin {
    pub prompt_id: Option<u32>,
}

const EXCERPT_CHARS: usize = 160;

/// Columns every note read selects, in the order [`row_to_summary`] and [`row_to_note`] expect.
const NOTE_COLUMNS: &str =
    "n.id, n.title, n.milestone_id, ms.key, ms.title, n.item_id, it.title, itm.key, itm.title,
    n.competency_id, cp.name, n.prompt_text, n.updated_at, n.deleted_at, n.created_at";

/// What [`NOTE_COLUMNS`] needs joined to `note n`.
const NOTE_JOINS: &str = "LEFT JOIN milestone ms ON ms.id = n.milestone_id
    LEFT JOIN checklist_item it ON it.id = n.item_id
    LEFT JOIN milestone itm ON itm.id = it.milestone_id
    LEFT JOIN competency cp ON cp.id = n.competency_id";

fn attached_from_row(row: &Row<'_>) -> rusqlite::Result<AttachedTo> {
    if row.get::<_, Option<u32>>(2)?.is_some() {
        return Ok(AttachedTo::Milestone {
            key: row.get(3)?,
            title: row.get(4)?,
        });
    }
    if let Some(id) = row.get::<_, Option<u32>>(5)? {
        return Ok(AttachedTo::Item {
            id,
            title: row.get(6)?,
            milestone_key: row.get(7)?,
            milestone_title: row.get(8)?,
        });
    }
    if let Some(id) = row.get::<_, Option<u32>>(9)? {
        return Ok(AttachedTo::Competency {
            id,
            name: row.get(10)?,
        });
    }
    Ok(AttachedTo::None)
}

fn tags_of(conn: &Connection, note_id: u32) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT t.name FROM note_tag nt JOIN tag t ON t.id = nt.tag_id WHERE nt.note_id = ?1
         ORDER BY t.name COLLATE NOCASE",
    )?;
    let rows = stmt.query_map([note_id], |row| row.get(0))?;
    rows.collect()
}

/// The start of a body as one line of plain-ish text (Markdown marks left in; it is a hint, not a render).
fn excerpt(body_start: &str) -> String {
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
fn row_to_summary(conn: &Connection, row: &Row<'_>) -> rusqlite::Result<NoteSummary> {
    let id: u32 = row.get(0)?;
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
fn row_to_note(conn: &Connection, row: &Row<'_>) -> rusqlite::Result<Note> {
    let id: u32 = row.get(0)?;
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
    })
}

fn note_by_id(conn: &Connection, id: u32) -> rusqlite::Result<Option<Note>> {
    let sql = format!("SELECT {NOTE_COLUMNS}, n.body FROM note n {NOTE_JOINS} WHERE n.id = ?1");
    let mut stmt = conn.prepare_cached(&sql)?;
    stmt.query_row([id], |row| row_to_note(conn, row)).optional()
}

/// `note`'s (milestone_id, item_id, competency_id); at most one is set.
type AttachmentColumns = (Option<i64>, Option<i64>, Option<i64>);

/// The attachment columns for `target`, checking it exists; an unknown one is refused at `attachment`.
fn resolve_target(tx: &Transaction<'_>, target: &NoteTarget) -> Result<AttachmentColumns, StoreError> {
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

/// The ids of `names`, which must all exist already; an unknown name is refused at `tags`.
fn tag_ids(tx: &Transaction<'_>, names: &[String]) -> Result<Vec<i64>, StoreError> {
    let mut stmt = tx.prepare_cached("SELECT id FROM tag WHERE name = ?1")?;
    names
        .iter()
        .map(|name| {
            stmt.query_row([name], |row| row.get(0))
                .optional()?
                .ok_or_else(|| {
                    StoreError::field("tags", format!("There is no tag \"{name}\"; create it first."))
                })
        })
        .collect()
}

impl Store {
    /// One note, in the trash or not.
    pub fn note(&self, id: u32) -> Result<Note> {
        self.read(|conn| {
            Ok(note_by_id(conn, id)?.ok_or_else(|| Error::NotFound {
                what: format!("The note {id}"),
            })?)
        })
    }

    /// Creates a note; `origin.prompt_id` names the reflection prompt it starts from (its wording is kept).
    pub fn create_note(&mut self, input: &NoteInput, origin: NoteOrigin, now: Timestamp) -> Result<Note> {
        let valid = input.validate()?;
        let now = instant_text(now);
        let id = self.transact(|tx| {
            let (milestone_id, item_id, competency_id) = resolve_target(tx, &valid.target)?;
            let prompt_text: Option<String> = match origin.prompt_id {
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
                "INSERT INTO note (title, body, milestone_id, item_id, competency_id, prompt_id, prompt_text,
                     created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
                params![
                    valid.title,
                    valid.body,
                    milestone_id,
                    item_id,
                    competency_id,
                    origin.prompt_id,
                    prompt_text,
                    now
                ],
            )?;
            let id = tx.last_insert_rowid() as u32;
            set_tags(tx, id, &tags)?;
            Ok(id)
        })?;
        self.note(id)
    }

    /// Saves the editor's title, body, attachment and tags. Saving what is already stored writes nothing and
    /// keeps the note's `updated_at`, so autosave can call this as often as it likes.
    pub fn save_note(&mut self, id: u32, input: &NoteInput, now: Timestamp) -> Result<Note> {
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
    pub fn delete_note(&mut self, id: u32, now: Timestamp) -> Result<Note> {
        let now = instant_text(now);
        self.note(id)?;
        self.transact(|tx| {
            tx.execute(
                "UPDATE note SET deleted_at = coalesce(deleted_at, ?2) WHERE id = ?1",
                params![id, now],
            )?;
            Ok(())
        })?;
        self.note(id)
    }

    /// Takes a note out of the trash.
    pub fn restore_note(&mut self, id: u32) -> Result<Note> {
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

    /// A page of notes, most recently changed first.
    pub fn notes(&self, filter: &NoteFilter) -> Result<NoteList> {
        self.read(|conn| {
            let tag = match &filter.tag {
                Some(name) => Some(tag_name("tag", name)?),
                None => None,
            };
            self.check_filters(filter.milestone_key.as_deref(), tag.as_deref())?;
            let mut conditions = Conditions::default();
            conditions.push(
                if filter.trashed {
                    "n.deleted_at IS NOT NULL"
                } else {
                    "n.deleted_at IS NULL"
                },
                None,
            );
            conditions.about("n.id", filter.milestone_key.as_deref(), tag.as_deref());
            if let Some(id) = filter.item_id {
                conditions.push("n.item_id = ?", Some(Value::from(i64::from(id))));
            }
            if let Some(id) = filter.competency_id {
                conditions.push("n.competency_id = ?", Some(Value::from(i64::from(id))));
            }
            let limit = filter.limit.unwrap_or(DEFAULT_PAGE).clamp(1, MAX_PAGE);
            let order = if filter.trashed {
                "n.deleted_at DESC, n.id DESC"
            } else {
                "n.updated_at DESC, n.id DESC"
            };
            let sql = format!(
                "SELECT {NOTE_COLUMNS}, substr(n.body, 1, 400) FROM note n {NOTE_JOINS} WHERE {where_}
                 ORDER BY {order} LIMIT {limit} OFFSET {offset}",
                where_ = conditions.sql(),
                offset = filter.offset
            );
            let result: rusqlite::Result<NoteList> = (|| {
                let notes = conn
                    .prepare_cached(&sql)?
                    .query_map(params_from_iter(&conditions.values), |row| {
                        row_to_summary(conn, row)
                    })?
                    .collect::<rusqlite::Result<Vec<_>>>()?;
                let total = conn
                    .prepare_cached(&format!("SELECT count(*) FROM note n WHERE {}", conditions.sql()))?
                    .query_row(params_from_iter(&conditions.values), |row| row.get(0))?;
                Ok(NoteList { notes, total })
            })();
            Ok(result?)
        })
    }

    /// Notes matching the words typed, best first, each with its best passage; trashed notes left out.
    ///
    /// Ranking looks at every match, so it selects only ids and scores; the summary and snippet (the costly
    /// part) are read for the page of best matches alone.
    pub fn search_notes(&self, request: &SearchRequest) -> Result<SearchResults> {
        self.read(|conn| {
            let tag = match &request.tag {
                Some(name) => Some(tag_name("tag", name)?),
                None => None,
            };
            self.check_filters(request.milestone_key.as_deref(), tag.as_deref())?;
            let Some(query) = search_query(&request.text) else {
                return Ok(SearchResults {
                    hits: vec![],
                    total: 0,
                });
            };
            let limit = request.limit.unwrap_or(DEFAULT_HITS).clamp(1, MAX_PAGE);
            // The query is ?1; filters follow. Matches are ranked first, in the index alone, then filtered, so a
            // filter never makes SQLite run the full-text query once per note it allows.
            let mut filters = Conditions {
                values: vec![Value::from(query.clone())],
                ..Conditions::default()
            };
            filters.about("hit.id", request.milestone_key.as_deref(), tag.as_deref());
            if let Some(id) = request.item_id {
                filters.push(
                    "hit.id IN (SELECT id FROM note WHERE item_id = ?)",
                    Some(Value::from(i64::from(id))),
                );
            }

            let filtered = match filters.clauses.is_empty() {
                true => String::new(),
                false => format!("WHERE {}", filters.sql()),
            };
            // Title words weigh most, then tags, then the body (bm25 column weights; lower is better). Trashed notes
            // have no index row, so nothing here needs to look at `note`.
            let best_sql = format!(
                "WITH hit AS MATERIALIZED (
                     SELECT rowid AS id, bm25(note_search, 10.0, 1.0, 4.0) AS score FROM note_search
                     WHERE note_search MATCH ?1)
                 SELECT id, count(*) OVER () FROM hit {filtered} ORDER BY score LIMIT {limit}"
            );
            let summary_sql = format!(
                "SELECT {NOTE_COLUMNS}, substr(n.body, 1, 400), n.body FROM note n {NOTE_JOINS} WHERE n.id = ?1"
            );
            let result: rusqlite::Result<SearchResults> = (|| {
                // Each row carries the number of matches in all, counted in the same pass as the ranking.
                let best: Vec<(u32, u32)> = conn
                    .prepare_cached(&best_sql)?
                    .query_map(params_from_iter(&filters.values), |row| {
                        Ok((row.get(0)?, row.get(1)?))
                    })?
                    .collect::<rusqlite::Result<_>>()?;
                let total = best.first().map_or(0, |&(_, total)| total);
                let mut summary = conn.prepare_cached(&summary_sql)?;
                let mut hits = Vec::with_capacity(best.len());
                for (id, _) in best {
                    let (note, body) = summary.query_row([id], |row| {
                        Ok((row_to_summary(conn, row)?, row.get::<_, String>(16)?))
                    })?;
                    hits.push(SearchHit {
                        note,
                        snippet: snippet(&body, &request.text, SNIPPET_WORDS),
                    });
                }
                Ok(SearchResults { hits, total })
            })();
            Ok(result?)
        })
    }

    /// A filter naming a milestone or tag that does not exist is a mistake worth saying, not an empty list.
    fn check_filters(&self, milestone_key: Option<&str>, tag: Option<&str>) -> Result<()> {
        self.read(|conn| {
            let exists = |sql: &str, value: &str| -> rusqlite::Result<bool> {
                conn.prepare_cached(sql).and_then(|mut stmt| stmt.exists([value]))
            };
            if let Some(key) = milestone_key {
                if !exists("SELECT 1 FROM milestone WHERE key = ?1", key)? {
                    return Err(StoreError::field(
                        "milestoneKey",
                        format!("There is no milestone \"{key}\"."),
                    ));
                }
            }
            if let Some(name) = tag {
                if !exists("SELECT 1 FROM tag WHERE name = ?1", name)? {
                    return Err(StoreError::field("tag", format!("There is no tag \"{name}\".")));
                }
            }
            Ok(())
        })
    }

    /// Every tag with how many notes (not in the trash) carry it, by name.
    pub fn tags(&self) -> Result<Vec<TagUse>> {
        self.read(|conn| {
            Ok(conn
                .prepare_cached(
                    "SELECT t.name, (SELECT count(*) FROM note_tag nt JOIN note n ON n.id = nt.note_id
                                 WHERE nt.tag_id = t.id AND n.deleted_at IS NULL)
                 FROM tag t ORDER BY t.name COLLATE NOCASE",
                )
                .and_then(|mut stmt| {
                    stmt.query_map([], |row| {
                        Ok(TagUse {
                            name: row.get(0)?,
                            notes: row.get(1)?,
                        })
                    })?
                    .collect()
                })?)
        })
    }

    /// Creates a tag (or returns the existing one with that name, in any case).
    pub fn create_tag(&mut self, name: &str, now: Timestamp) -> Result<TagUse> {
        let name = tag_name("name", name)?;
        let now = instant_text(now);
        let stored: String = self.transact(|tx| {
            tx.execute(
                "INSERT INTO tag (name, created_at) VALUES (?1, ?2) ON CONFLICT (name) DO NOTHING",
                params![name, now],
            )?;
            Ok(tx.query_row("SELECT name FROM tag WHERE name = ?1", [&name], |row| row.get(0))?)
        })?;
        Ok(self
            .tags()?
            .into_iter()
            .find(|tag| tag.name == stored)
            .unwrap_or(TagUse {
                name: stored,
                notes: 0,
            }))
    }

    /// The note as a Markdown file (front matter, prompt, body), for export.
    pub fn note_markdown(&self, id: u32) -> Result<NoteMarkdown> {
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

fn set_tags(tx: &Transaction<'_>, note_id: u32, tag_ids: &[i64]) -> rusqlite::Result<()> {
    let ids_json = format!(
        "[{}]",
        tag_ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
    );
    tx.execute(
        "DELETE FROM note_tag WHERE note_id = ?1 AND tag_id NOT IN (SELECT value FROM json_each(?2))",
        params![note_id, ids_json],
    )?;
    let mut insert =
        tx.prepare_cached("INSERT INTO note_tag (note_id, tag_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING")?;
    for tag_id in tag_ids {
        insert.execute(params![note_id, tag_id])?;
    }
    Ok(())
}

fn unchanged(current: &Note, valid: &ValidNote) -> bool {
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

/// A milestone or competency a note can be attached to (items are chosen from their milestone's checklist).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AttachmentChoices {
    pub milestones: Vec<MilestoneChoice>,
    pub competencies: Vec<CompetencyChoice>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct MilestoneChoice {
    pub key: String,
    pub title: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct CompetencyChoice {
    pub id: u32,
    pub name: String,
}

impl Store {
    /// What the editor's "About" picker offers: the pathway's milestones and the competencies, in order.
    pub fn attachment_choices(&self) -> Result<AttachmentChoices> {
        self.read(|conn| {
            let result: rusqlite::Result<AttachmentChoices> = (|| {
                let milestones = conn
                    .prepare_cached(
                        "SELECT key, title FROM milestone WHERE retired_at IS NULL ORDER BY position",
                    )?
                    .query_map([], |row| {
                        Ok(MilestoneChoice {
                            key: row.get(0)?,
                            title: row.get(1)?,
                        })
                    })?
                    .collect::<rusqlite::Result<_>>()?;
                let competencies = conn
                    .prepare_cached(
                        "SELECT id, name FROM competency WHERE retired_at IS NULL AND hidden_at IS NULL ORDER BY position",
                    )?
                    .query_map([], |row| {
                        Ok(CompetencyChoice {
                            id: row.get(0)?,
                            name: row.get(1)?,
                        })
                    })?
                    .collect::<rusqlite::Result<_>>()?;
                Ok(AttachmentChoices {
                    milestones,
                    competencies,
                })
            })();
            Ok(result?)
        })
    }
}

/// The `WHERE` clause of a list or search, with only the filters in use (so SQLite can use the indexes for
/// them), and its parameter values in order.
#[derive(Default)]
struct Conditions {
    clauses: Vec<String>,
    values: Vec<Value>,
}

impl Conditions {
    fn push(&mut self, clause: impl Into<String>, value: Option<Value>) {
        self.clauses.push(clause.into());
        self.values.extend(value);
    }

    /// Notes (whose id is `id_column`) about a milestone (the milestone or one of its items) and with a tag.
    fn about(&mut self, id_column: &str, milestone_key: Option<&str>, tag: Option<&str>) {
        if let Some(key) = milestone_key {
            self.push(
                format!(
                    "{id_column} IN (SELECT id FROM note WHERE milestone_id = (SELECT id FROM milestone WHERE key = ?1)
                         OR item_id IN (SELECT c.id FROM checklist_item c JOIN milestone m ON m.id = c.milestone_id
                                        WHERE m.key = ?1))"
                ),
                Some(Value::from(key.to_owned())),
            );
        }
        if let Some(name) = tag {
            self.push(
                format!(
                    "{id_column} IN (SELECT nt.note_id FROM note_tag nt JOIN tag t ON t.id = nt.tag_id WHERE t.name = ?)"
                ),
                Some(Value::from(name.to_owned())),
            );
        }
    }

    /// The clauses joined with AND; every `?` (and the milestone clause's `?1`) numbered in order, after the
    /// values that were there before any clause (a search's query).
    fn sql(&self) -> String {
        let mut number = self.values.len() - self.clauses.iter().filter(|c| c.contains('?')).count();
        self.clauses
            .iter()
            .map(|clause| {
                if clause.contains('?') {
                    number += 1;
                }
                clause.replace("?1", "?").replace('?', &format!("?{number}"))
            })
            .collect::<Vec<_>>()
            .join(" AND ")
    }
}
