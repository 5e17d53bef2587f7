//! The notes a study session writes: the scratch pad kept while the timer runs, and the reflection written
//! after it stops. Both are ordinary notes (listed, searched, versioned, trashed like any other), attached to
//! the item studied (else its milestone, else its competency); the timer and the session only point at them.
//!
//! Each is created by its first save with text in it, in the same transaction that links it, so a crash
//! leaves either no note or a linked one; later saves go through [`Store::save_note`] and keep its history.

use crate::notes::{insert_note, Note};
use crate::study::timer::no_timer;
use crate::study::{Session, Timer};
use crate::{Store, StoreError};
use cairn_core::note::{NoteInput, NoteTarget, ValidNote, MAX_TITLE_CHARS};
use cairn_core::study::Activity;
use cairn_core::time::instant_text;
use cairn_core::{Error, Id, Result};
use jiff::civil::Date;
use jiff::Timestamp;
use rusqlite::params;
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

/// What a session (or the running timer) was about, as its notes name it.
struct Studied<'a> {
    activity: Activity,
    item: Option<(Id, &'a str)>,
    milestone: Option<(&'a str, &'a str)>,
    competency: Option<(Id, &'a str)>,
}

impl<'a> From<&'a Timer> for Studied<'a> {
    fn from(timer: &'a Timer) -> Self {
        Studied {
            activity: timer.activity,
            item: timer.item_id.zip(timer.item_title.as_deref()),
            milestone: timer
                .milestone_key
                .as_deref()
                .zip(timer.milestone_title.as_deref()),
            competency: timer.competency_id.zip(timer.competency_name.as_deref()),
        }
    }
}

impl<'a> From<&'a Session> for Studied<'a> {
    fn from(session: &'a Session) -> Self {
        Studied {
            activity: session.activity,
            item: session.item_id.zip(session.item_title.as_deref()),
            milestone: session
                .milestone_key
                .as_deref()
                .zip(session.milestone_title.as_deref()),
            competency: session.competency_id.zip(session.competency_name.as_deref()),
        }
    }
}

impl Studied<'_> {
    /// The note "<kind>: <what was studied> (<day>)" holding `body`, attached to the item, else the milestone,
    /// else the competency.
    fn note(&self, kind: &str, day: &str, body: &str) -> Result<ValidNote> {
        let (what, target) = if let Some((id, title)) = self.item {
            (title, NoteTarget::Item { id })
        } else if let Some((key, title)) = self.milestone {
            (title, NoteTarget::Milestone { key: key.to_owned() })
        } else if let Some((id, name)) = self.competency {
            (name, NoteTarget::Competency { id })
        } else {
            (self.activity.label(), NoteTarget::None)
        };
        NoteInput {
            title: title(kind, what, day),
            body: body.to_owned(),
            target,
            tags: Vec::new(),
        }
        .validate()
    }
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
        let note = Studied::from(&timer).note("Study notes", &timer.started_on, body)?;
        let at = instant_text(now);
        let id = self.transact(|tx| {
            Store::live_timer(tx)?;
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
        let note = Studied::from(&session).note("Reflection", &session.started_on, &input.body)?;
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

    /// The note `id` (a session's or the timer's link, so it exists), unless it is in the trash.
    fn live_note(&self, id: Option<Id>) -> Result<Option<Note>> {
        let Some(id) = id else { return Ok(None) };
        Ok(Some(self.note(id)?).filter(|note| note.deleted_at.is_none()))
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
