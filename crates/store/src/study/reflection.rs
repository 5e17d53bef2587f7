//! The notes a study session writes: the scratch pad kept while the timer runs, and the reflection written
//! after it stops. Both are ordinary notes (listed, searched, versioned, trashed like any other), attached to
//! the item studied (else its milestone, else its competency); the timer and the session only point at them.
//!
//! Each is created by its first save with text in it, in the same transaction that links it, so a crash
//! leaves either no note or a linked one; later saves go through [`Store::save_note`] and keep its history.

use crate::notes::{insert_note, Note};
use crate::study::timer::no_timer;
use crate::{Store, StoreError};
use cairn_core::note::{NoteInput, NoteTarget, MAX_TITLE_CHARS};
use cairn_core::study::Activity;
use cairn_core::time::instant_text;
use cairn_core::{Error, Id, Result};
use jiff::civil::Date;
use jiff::Timestamp;
use rusqlite::{params, OptionalExtension};
use serde::Deserialize;

/// The reflection written after a session, as the window sends it while the person types.
#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ReflectionInput {
    /// The milestone's reflection prompt it answers (its wording is kept with the note); `None` for the
    /// general question.
    #[serde(default)]
    pub prompt_id: Option<Id>,
    pub body: String,
}

/// What a session's notes are about: the item, else the milestone, else the competency.
struct Studied {
    what: String,
    target: NoteTarget,
}

fn studied(
    activity: Activity,
    item: Option<(Id, &str)>,
    milestone: Option<(&str, &str)>,
    competency: Option<(Id, &str)>,
) -> Studied {
    let (what, target) = if let Some((id, title)) = item {
        (title.to_owned(), NoteTarget::Item { id })
    } else if let Some((key, title)) = milestone {
        (title.to_owned(), NoteTarget::Milestone { key: key.to_owned() })
    } else if let Some((id, name)) = competency {
        (name.to_owned(), NoteTarget::Competency { id })
    } else {
        (activity.label().to_owned(), NoteTarget::None)
    };
    Studied { what, target }
}

/// "Study notes: Write ten learning objectives (2026-12-03)", cut to fit a note's title.
fn title(kind: &str, what: &str, day: &str) -> String {
    // ": ", " (" and ")" take five characters.
    let room = MAX_TITLE_CHARS - kind.chars().count() - day.chars().count() - 5;
    let what = if what.chars().count() > room {
        what.chars().take(room - 1).collect::<String>() + "…"
    } else {
        what.to_owned()
    };
    format!("{kind}: {what} ({day})")
}

impl Store {
    /// Saves the running timer's scratch pad. The first save with text creates its note; later saves change
    /// its text (through [`Store::save_note`], so its history is kept). Nothing is created for an empty pad;
    /// a pad whose note went to the trash starts a new one. `None` when there was nothing to save.
    pub fn save_timer_scratch(&mut self, body: &str, now: Timestamp) -> Result<Option<Note>> {
        let timer = self.timer(now)?.ok_or_else(no_timer)?;
        if let Some(note) = self.live_note(timer.scratch_note_id)? {
            return self.save_body(&note, body, now).map(Some);
        }
        if body.trim().is_empty() {
            return Ok(None);
        }
        let at = instant_text(now);
        let id = self.transact(|tx| {
            let timer = Store::live_timer(tx)?;
            let studied = studied(
                timer.activity,
                timer.item_id.zip(timer.item_title.as_deref()),
                timer
                    .milestone_key
                    .as_deref()
                    .zip(timer.milestone_title.as_deref()),
                timer.competency_id.zip(timer.competency_name.as_deref()),
            );
            let note = NoteInput {
                title: title("Study notes", &studied.what, &timer.started_on.to_string()),
                body: body.to_owned(),
                target: studied.target,
                tags: Vec::new(),
            }
            .validate()?;
            let id = insert_note(tx, &note, None, &at)?;
            tx.execute("UPDATE study_timer SET scratch_note_id = ?1 WHERE id = 1", [id])?;
            Ok(id)
        })?;
        self.note(id).map(Some)
    }

    /// Saves the reflection on a stopped session, as the person types it. The first save with text creates
    /// the note (answering `prompt_id`, if given) and links it to the session; later saves change its text.
    /// `None` when there was nothing to save.
    pub fn save_session_reflection(
        &mut self,
        session_id: Id,
        input: &ReflectionInput,
        now: Timestamp,
    ) -> Result<Option<Note>> {
        let session = self.session(session_id)?;
        if session.deleted {
            return Err(Error::Conflict(
                "This session is in the trash. Restore it to reflect on it.".into(),
            ));
        }
        if let Some(note) = self.live_note(session.reflection_note_id)? {
            return self.save_body(&note, &input.body, now).map(Some);
        }
        if input.body.trim().is_empty() {
            return Ok(None);
        }
        let studied = studied(
            session.activity,
            session.item_id.zip(session.item_title.as_deref()),
            session
                .milestone_key
                .as_deref()
                .zip(session.milestone_title.as_deref()),
            session.competency_id.zip(session.competency_name.as_deref()),
        );
        let note = NoteInput {
            title: title("Reflection", &studied.what, &session.started_on),
            body: input.body.clone(),
            target: studied.target,
            tags: Vec::new(),
        }
        .validate()?;
        let at = instant_text(now);
        let id = self.transact(|tx| {
            let id = insert_note(tx, &note, input.prompt_id, &at)?;
            let linked = tx.execute(
                "UPDATE study_session SET reflection_note_id = ?2, updated_at = ?3
                 WHERE id = ?1 AND deleted_at IS NULL",
                params![session_id, id, at],
            )?;
            if linked == 0 {
                return Err(StoreError::from(Error::NotFound {
                    what: format!("The session {session_id}"),
                }));
            }
            Ok(id)
        })?;
        self.note(id).map(Some)
    }

    /// The note `id`, if there is one and it is not in the trash.
    fn live_note(&self, id: Option<Id>) -> Result<Option<Note>> {
        let Some(id) = id else { return Ok(None) };
        let live = self.read(|conn| {
            Ok(conn
                .prepare_cached("SELECT 1 FROM note WHERE id = ?1 AND deleted_at IS NULL")?
                .query_row([id], |_| Ok(()))
                .optional()?
                .is_some())
        })?;
        if live {
            self.note(id).map(Some)
        } else {
            Ok(None)
        }
    }

    /// `note` with a new body, everything else as it is.
    fn save_body(&mut self, note: &Note, body: &str, now: Timestamp) -> Result<Note> {
        let input = NoteInput {
            title: note.title.clone(),
            body: body.to_owned(),
            target: note.attached_to.target(),
            tags: note.tags.clone(),
        };
        self.save_note(note.id, &input, now)
    }
}

/// The reflections written after a period's study sessions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeriodReflections {
    /// Sessions in the period with a reflection (not in the trash).
    pub sessions: u32,
    /// Those reflections' notes, in the order of their sessions.
    pub note_ids: Vec<Id>,
}

impl Store {
    /// The reflections on the sessions that started between `from` (or the beginning) and `to`, both days
    /// included; trashed sessions and reflections are left out.
    pub fn session_reflections(&self, from: Option<Date>, to: Date) -> Result<PeriodReflections> {
        self.read(|conn| {
            let note_ids = conn
                .prepare_cached(
                    "SELECT s.reflection_note_id FROM study_session s
                     JOIN note n ON n.id = s.reflection_note_id AND n.deleted_at IS NULL
                     WHERE s.deleted_at IS NULL AND s.started_on >= ?1 AND s.started_on <= ?2
                     ORDER BY s.started_on, s.started_at, s.id",
                )?
                .query_map(
                    params![from.map_or_else(String::new, |d| d.to_string()), to.to_string()],
                    |row| row.get(0),
                )?
                .collect::<rusqlite::Result<Vec<Id>>>()?;
            Ok(PeriodReflections {
                sessions: note_ids.len() as u32,
                note_ids,
            })
        })
    }
}
