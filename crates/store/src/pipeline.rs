//! The prospect pipeline: organisations that might hire the person, each in one stage, with every move kept.
//!
//! A move is dated by the person (the day the letter went out, not the day it was logged), may name what was
//! sent, and may go back a stage as well as forward. The figures read the moves: how many organisations are at
//! each stage, how long they stayed in each, and which kind of outreach led to conversations and projects.

use crate::{Store, StoreError};
use cairn_core::network::OrganisationKind;
use cairn_core::pipeline::{
    OrganisationInput, OutreachSource, PipelineStage, StageMoveInput, ValidOrganisation,
};
use cairn_core::time::instant_text;
use cairn_core::{Error, Id, Result};
use jiff::civil::Date;
use jiff::Timestamp;
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Organisation {
    pub id: Id,
    pub name: String,
    pub kind: OrganisationKind,
    pub source: OutreachSource,
    pub stage: PipelineStage,
    /// The day it moved into `stage`.
    pub stage_since: String,
    pub closed_reason: String,
    pub next_step: String,
    pub next_step_on: Option<String>,
    pub notes: String,
    /// Oldest first (with [`Store::organisation`]; empty in lists).
    pub moves: Vec<StageMove>,
    /// The contacts whose organisation has this name (with [`Store::organisation`]; empty in lists).
    pub contacts: Vec<OrganisationContact>,
    pub deleted: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct StageMove {
    pub id: Id,
    pub moved_on: String,
    /// `None` for the stage it was added at.
    pub from_stage: Option<PipelineStage>,
    pub to_stage: PipelineStage,
    pub sent_piece_id: Option<Id>,
    pub sent_piece_title: Option<String>,
    pub sent_note_id: Option<Id>,
    pub sent_note_title: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct OrganisationContact {
    pub id: Id,
    pub name: String,
    pub role: String,
}

/// A next step with its organisation, for the dashboard and the calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct NextStep {
    pub organisation_id: Id,
    pub organisation: String,
    pub stage: PipelineStage,
    pub step: String,
    pub due_on: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct StageFigure {
    pub stage: PipelineStage,
    /// Organisations there now.
    pub count: u32,
    /// The median number of days organisations spent in this stage (finished stays, and current ones up to
    /// today); `None` when none has been in it.
    pub median_days: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SourceFigure {
    pub source: OutreachSource,
    pub organisations: u32,
    /// Of those, how many ever reached a conversation, and a first project.
    pub conversations: u32,
    pub projects: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PipelineFigures {
    /// Every stage, in order.
    pub stages: Vec<StageFigure>,
    /// Every source that has an organisation, the most organisations first.
    pub sources: Vec<SourceFigure>,
}

/// The pipeline in a period, as a progress report tells it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PipelineActivity {
    /// Organisations at each stage at the end of the period (stages with none left out).
    pub at_end: Vec<(PipelineStage, u32)>,
    /// Moves in the period by the stage moved into, in stage order.
    pub moves_into: Vec<(PipelineStage, u32)>,
    /// The moves of the period, newest first: (day, organisation, from, to).
    pub moves: Vec<(String, String, Option<PipelineStage>, PipelineStage)>,
}

const COLUMNS: &str =
    "id, name, kind, source, stage, stage_since, closed_reason, next_step, next_step_on, notes,
     deleted_at IS NOT NULL";

fn row_to_organisation(row: &Row<'_>) -> rusqlite::Result<Organisation> {
    Ok(Organisation {
        id: row.get(0)?,
        name: row.get(1)?,
        kind: row.get(2)?,
        source: row.get(3)?,
        stage: row.get(4)?,
        stage_since: row.get(5)?,
        closed_reason: row.get(6)?,
        next_step: row.get(7)?,
        next_step_on: row.get(8)?,
        notes: row.get(9)?,
        deleted: row.get(10)?,
        moves: Vec::new(),
        contacts: Vec::new(),
    })
}

fn organisation_params(
    o: &ValidOrganisation,
) -> (String, &'static str, &'static str, String, Option<String>, String) {
    (
        o.name.clone(),
        o.kind.as_str(),
        o.source.as_str(),
        o.next_step.clone(),
        o.next_step_on.map(|d| d.to_string()),
        o.notes.clone(),
    )
}

fn live_stage(tx: &Transaction<'_>, id: Id) -> Result<(PipelineStage, String), StoreError> {
    tx.prepare_cached("SELECT stage, stage_since FROM organisation WHERE id = ?1 AND deleted_at IS NULL")?
        .query_row([id], |row| Ok((row.get(0)?, row.get(1)?)))
        .optional()?
        .ok_or_else(|| {
            Error::NotFound {
                what: format!("Organisation {id}"),
            }
            .into()
        })
}

/// `id` names a live row of `table`, or the change is refused at `field`.
pub(crate) fn live(
    tx: &Transaction<'_>,
    table: &str,
    id: Option<Id>,
    field: &str,
    what: &str,
) -> Result<(), StoreError> {
    let Some(id) = id else { return Ok(()) };
    let found: Option<i64> = tx
        .prepare_cached(&format!(
            "SELECT 1 FROM {table} WHERE id = ?1 AND deleted_at IS NULL"
        ))?
        .query_row([id], |row| row.get(0))
        .optional()?;
    found.map(drop).ok_or_else(|| {
        StoreError::Field(
            field.into(),
            format!("That {what} is not there any more; pick another."),
        )
    })
}

fn moves_of(conn: &Connection, id: Id) -> rusqlite::Result<Vec<StageMove>> {
    conn.prepare_cached(
        "SELECT m.id, m.moved_on, m.from_stage, m.to_stage, m.sent_piece_id, p.title, m.sent_note_id, n.title
         FROM stage_move m
         LEFT JOIN portfolio_piece p ON p.id = m.sent_piece_id AND p.deleted_at IS NULL
         LEFT JOIN note n ON n.id = m.sent_note_id AND n.deleted_at IS NULL
         WHERE m.organisation_id = ?1 ORDER BY m.moved_on, m.id",
    )?
    .query_map([id], |row| {
        Ok(StageMove {
            id: row.get(0)?,
            moved_on: row.get(1)?,
            from_stage: row.get(2)?,
            to_stage: row.get(3)?,
            sent_piece_id: row.get(4)?,
            sent_piece_title: row.get(5)?,
            sent_note_id: row.get(6)?,
            sent_note_title: row.get(7)?,
        })
    })?
    .collect()
}

fn median(mut days: Vec<u32>) -> Option<u32> {
    days.sort_unstable();
    let n = days.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(days[n / 2]),
        _ => Some((days[n / 2 - 1] + days[n / 2]) / 2),
    }
}

impl Store {
    /// Every organisation in the pipeline, by stage (closed last), then by name.
    pub fn organisations(&self) -> Result<Vec<Organisation>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM organisation WHERE deleted_at IS NULL ORDER BY name COLLATE NOCASE, id"
        );
        let mut list: Vec<Organisation> = self.read(|conn| {
            Ok(conn
                .prepare_cached(&sql)?
                .query_map([], row_to_organisation)?
                .collect::<rusqlite::Result<_>>()?)
        })?;
        list.sort_by_key(|o| o.stage.rank());
        Ok(list)
    }

    /// One organisation with its moves and contacts.
    pub fn organisation(&self, id: Id) -> Result<Organisation> {
        self.read(|conn| {
            let sql = format!("SELECT {COLUMNS} FROM organisation WHERE id = ?1");
            let mut organisation = conn
                .prepare_cached(&sql)?
                .query_row([id], row_to_organisation)
                .optional()?
                .ok_or_else(|| Error::NotFound { what: format!("Organisation {id}") })?;
            organisation.moves = moves_of(conn, id)?;
            organisation.contacts = conn
                .prepare_cached(
                    "SELECT id, name, role FROM contact WHERE deleted_at IS NULL AND organisation = ?1 COLLATE NOCASE
                     ORDER BY name COLLATE NOCASE, id",
                )?
                .query_map([&organisation.name], |row| {
                    Ok(OrganisationContact { id: row.get(0)?, name: row.get(1)?, role: row.get(2)? })
                })?
                .collect::<rusqlite::Result<_>>()?;
            Ok(organisation)
        })
    }

    /// Adds an organisation at `stage` (usually researched), its first move dated `today`.
    pub fn add_organisation(
        &mut self,
        input: &OrganisationInput,
        stage: PipelineStage,
        today: Date,
        now: Timestamp,
    ) -> Result<Organisation> {
        let organisation = input.validate()?;
        let at = instant_text(now);
        let id = self.transact(|tx| {
            let (name, kind, source, next_step, next_step_on, notes) = organisation_params(&organisation);
            tx.execute(
                "INSERT INTO organisation (id, name, kind, source, stage, stage_since, next_step, next_step_on, notes,
                     created_at, updated_at) VALUES (cairn_id(), ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
                params![name, kind, source, stage.as_str(), today.to_string(), next_step, next_step_on, notes, at],
            )?;
            let id = Id(tx.last_insert_rowid());
            tx.execute(
                "INSERT INTO stage_move (id, organisation_id, moved_on, to_stage, created_at)
                 VALUES (cairn_id(), ?1, ?2, ?3, ?4)",
                params![id, today.to_string(), stage.as_str(), at],
            )?;
            Ok(id)
        })?;
        self.organisation(id)
    }

    pub fn update_organisation(
        &mut self,
        id: Id,
        input: &OrganisationInput,
        now: Timestamp,
    ) -> Result<Organisation> {
        let organisation = input.validate()?;
        let at = instant_text(now);
        self.transact(|tx| {
            let (name, kind, source, next_step, next_step_on, notes) = organisation_params(&organisation);
            let changed = tx.execute(
                "UPDATE organisation SET name = ?2, kind = ?3, source = ?4, next_step = ?5, next_step_on = ?6,
                     notes = ?7, updated_at = ?8 WHERE id = ?1 AND deleted_at IS NULL",
                params![id, name, kind, source, next_step, next_step_on, notes, at],
            )?;
            if changed == 0 {
                return Err(Error::NotFound {
                    what: format!("Organisation {id}"),
                }
                .into());
            }
            Ok(())
        })?;
        self.organisation(id)
    }

    /// Moves an organisation to another stage (forward or back), on a day no earlier than its last move.
    pub fn move_organisation(
        &mut self,
        id: Id,
        input: &StageMoveInput,
        today: Date,
        now: Timestamp,
    ) -> Result<Organisation> {
        let stage_move = input.validate(today)?;
        let at = instant_text(now);
        self.transact(|tx| {
            let (stage, since) = live_stage(tx, id)?;
            if stage == stage_move.stage {
                return Err(StoreError::Field("stage".into(), format!("It is already at \"{}\".", stage.label())));
            }
            let moved_on = stage_move.moved_on.to_string();
            if moved_on < since {
                return Err(StoreError::Field(
                    "movedOn".into(),
                    format!("Its last move was on {since}; a move cannot come before it."),
                ));
            }
            live(tx, "portfolio_piece", stage_move.sent_piece_id, "sentPieceId", "portfolio piece")?;
            live(tx, "note", stage_move.sent_note_id, "sentNoteId", "note")?;
            tx.execute(
                "INSERT INTO stage_move (id, organisation_id, moved_on, from_stage, to_stage, sent_piece_id,
                     sent_note_id, created_at) VALUES (cairn_id(), ?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    id,
                    moved_on,
                    stage.as_str(),
                    stage_move.stage.as_str(),
                    stage_move.sent_piece_id,
                    stage_move.sent_note_id,
                    at
                ],
            )?;
            tx.execute(
                "UPDATE organisation SET stage = ?2, stage_since = ?3, closed_reason = ?4, updated_at = ?5 WHERE id = ?1",
                params![id, stage_move.stage.as_str(), moved_on, stage_move.closed_reason, at],
            )?;
            if let Some((step, on)) = &stage_move.next_step {
                tx.execute(
                    "UPDATE organisation SET next_step = ?2, next_step_on = ?3 WHERE id = ?1",
                    params![id, step, on.map(|d| d.to_string())],
                )?;
            }
            Ok(())
        })?;
        self.organisation(id)
    }

    /// Removes an organisation from the pipeline (undo with [`Store::restore_organisation`]); its moves stay.
    pub fn delete_organisation(&mut self, id: Id, now: Timestamp) -> Result<Organisation> {
        self.mark_deleted("organisation", "organisation", id, Some(instant_text(now)))?;
        self.organisation(id)
    }

    pub fn restore_organisation(&mut self, id: Id) -> Result<Organisation> {
        self.mark_deleted("organisation", "organisation", id, None)?;
        self.organisation(id)
    }

    /// Next steps due on or before `until`, earliest first, of organisations still open.
    pub fn next_steps_due(&self, until: Date) -> Result<Vec<NextStep>> {
        self.read(|conn| {
            Ok(conn
                .prepare_cached(
                    "SELECT id, name, stage, next_step, next_step_on FROM organisation
                     WHERE next_step_on IS NOT NULL AND deleted_at IS NULL AND next_step_on <= ?1 AND stage <> 'closed'
                     ORDER BY next_step_on, name COLLATE NOCASE, id",
                )?
                .query_map([until.to_string()], |row| {
                    Ok(NextStep {
                        organisation_id: row.get(0)?,
                        organisation: row.get(1)?,
                        stage: row.get(2)?,
                        step: row.get(3)?,
                        due_on: row.get(4)?,
                    })
                })?
                .collect::<rusqlite::Result<_>>()?)
        })
    }

    /// How many organisations are at each stage, how long they stay, and which outreach works.
    pub fn pipeline_figures(&self, today: Date) -> Result<PipelineFigures> {
        self.read(|conn| {
            let counts: Vec<(PipelineStage, u32)> = conn
                .prepare_cached("SELECT stage, count(*) FROM organisation WHERE deleted_at IS NULL GROUP BY stage")?
                .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            // Each stay in a stage runs from the move into it to the next move, or to today.
            let stays: Vec<(PipelineStage, u32)> = conn
                .prepare_cached(
                    "SELECT to_stage, CAST(julianday(coalesce(lead(moved_on) OVER (PARTITION BY organisation_id
                         ORDER BY moved_on, id), ?1)) - julianday(moved_on) AS INTEGER)
                     FROM stage_move WHERE organisation_id IN (SELECT id FROM organisation WHERE deleted_at IS NULL)",
                )?
                .query_map([today.to_string()], |row| Ok((row.get(0)?, row.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            let stages = PipelineStage::ALL
                .iter()
                .map(|&stage| StageFigure {
                    stage,
                    count: counts.iter().find(|(s, _)| *s == stage).map_or(0, |(_, n)| *n),
                    median_days: median(stays.iter().filter(|(s, _)| *s == stage).map(|(_, d)| *d).collect()),
                })
                .collect();
            let sources = conn
                .prepare_cached(
                    "SELECT o.source, count(*),
                         sum(EXISTS (SELECT 1 FROM stage_move m WHERE m.organisation_id = o.id AND m.to_stage IN
                             ('in_conversation', 'test_sent', 'quoted', 'first_project', 'repeat_client'))),
                         sum(EXISTS (SELECT 1 FROM stage_move m WHERE m.organisation_id = o.id AND m.to_stage IN
                             ('first_project', 'repeat_client')))
                     FROM organisation o WHERE o.deleted_at IS NULL GROUP BY o.source ORDER BY count(*) DESC, o.source",
                )?
                .query_map([], |row| {
                    Ok(SourceFigure {
                        source: row.get(0)?,
                        organisations: row.get(1)?,
                        conversations: row.get(2)?,
                        projects: row.get(3)?,
                    })
                })?
                .collect::<rusqlite::Result<_>>()?;
            Ok(PipelineFigures { stages, sources })
        })
    }

    /// The pipeline between `from` (open when `None`) and `to`, both included.
    pub fn pipeline_activity(&self, from: Option<Date>, to: Date) -> Result<PipelineActivity> {
        self.read(|conn| {
            let (from, to) = (from.map(|d| d.to_string()), to.to_string());
            // The stage each organisation was at on `to`: its last move on or before it.
            let at_end: Vec<(PipelineStage, u32)> = conn
                .prepare_cached(
                    "SELECT to_stage, count(*) FROM (
                         SELECT m.to_stage, row_number() OVER (PARTITION BY m.organisation_id
                             ORDER BY m.moved_on DESC, m.id DESC) AS latest
                         FROM stage_move m JOIN organisation o ON o.id = m.organisation_id
                         WHERE o.deleted_at IS NULL AND m.moved_on <= ?1)
                     WHERE latest = 1 GROUP BY to_stage",
                )?
                .query_map([&to], |row| Ok((row.get(0)?, row.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            let moves: Vec<(String, String, Option<PipelineStage>, PipelineStage)> = conn
                .prepare_cached(
                    "SELECT m.moved_on, o.name, m.from_stage, m.to_stage
                     FROM stage_move m JOIN organisation o ON o.id = m.organisation_id
                     WHERE o.deleted_at IS NULL AND (?1 IS NULL OR m.moved_on >= ?1) AND m.moved_on <= ?2
                     ORDER BY m.moved_on DESC, m.id DESC",
                )?
                .query_map((&from, &to), |row| {
                    Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
                })?
                .collect::<rusqlite::Result<_>>()?;
            let in_order = |pairs: &dyn Fn(PipelineStage) -> u32| {
                PipelineStage::ALL
                    .iter()
                    .map(|&s| (s, pairs(s)))
                    .filter(|(_, n)| *n > 0)
                    .collect::<Vec<_>>()
            };
            let at_end = in_order(&|s| at_end.iter().find(|(x, _)| *x == s).map_or(0, |(_, n)| *n));
            let moves_into = in_order(&|s| moves.iter().filter(|m| m.3 == s).count() as u32);
            Ok(PipelineActivity {
                at_end,
                moves_into,
                moves,
            })
        })
    }
}
