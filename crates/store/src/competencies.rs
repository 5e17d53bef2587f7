//! Competencies and self-assessments: the rubric (the pathway's and the person's own), dated ratings, where
//! each competency stands (first, previous and latest rating against its target), the gaps, and history.
//!
//! "Current level" is the latest rating of a competency in an assessment that is not in the trash (by date,
//! then by when the assessment was recorded); an assessment that skipped the competency does not change it.
//! Hidden and retired competencies keep their history but are left out of gaps.

use crate::{Store, StoreError};
use cairn_core::competency::{AssessmentInput, CompetencyInput, ValidAssessment, ValidCompetency, LEVELS};
use cairn_core::time::instant_text;
use cairn_core::{Error, Result};
use jiff::civil::Date;
use jiff::Timestamp;
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::Serialize;
use std::collections::HashMap;

/// The default number of weeks after an assessment before Cairn suggests another.
pub const DEFAULT_REASSESS_WEEKS: u8 = 4;
/// How many checklist items and resources a gap lists as help.
const HELP_ITEMS: usize = 5;
const HELP_RESOURCES: usize = 3;

/// A rating at a point in time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct LevelAt {
    pub level: u8,
    /// The assessment's date (`YYYY-MM-DD`).
    pub on: String,
    pub assessment_id: u32,
}

/// Where one competency stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CompetencyStatus {
    pub id: u32,
    pub name: String,
    pub description: String,
    /// From the pathway (its text can be reset); false for the person's own.
    pub builtin: bool,
    /// A pathway competency whose text the person changed.
    pub edited: bool,
    pub hidden: bool,
    pub milestones: Vec<String>,
    /// The rubric: one sentence per level, 1 to 5.
    pub anchors: Vec<String>,
    /// The pathway's suggested target, for built-in ones.
    pub suggested_level: Option<u8>,
    /// The person's own target if set, else the suggestion.
    pub target_level: Option<u8>,
    pub first: Option<LevelAt>,
    pub previous: Option<LevelAt>,
    pub latest: Option<LevelAt>,
    /// Target minus latest level, when both are known (negative when past the target).
    pub gap: Option<i8>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CompetencyOverview {
    /// In the pathway's order, the person's own after; hidden ones included (flagged), retired ones left out.
    pub competencies: Vec<CompetencyStatus>,
    pub assessments: u32,
    pub last_assessed_on: Option<String>,
    pub reassess_weeks: u8,
    /// The last assessment is at least `reassess_weeks` old (false before the first one).
    pub reassess_due: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct HelpItem {
    pub id: u32,
    pub title: String,
    pub milestone_key: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct HelpResource {
    pub key: String,
    pub kind: String,
    pub title: String,
}

/// A competency below its target, with what in the pathway helps close the gap.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CompetencyGap {
    pub competency: CompetencyStatus,
    pub gap: u8,
    /// Checklist items not done yet in the competency's milestones, in the person's order.
    pub items: Vec<HelpItem>,
    pub resources: Vec<HelpResource>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RatingView {
    pub competency_id: u32,
    pub competency_name: String,
    pub level: u8,
    pub evidence: String,
    pub note_id: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Assessment {
    pub id: u32,
    pub taken_on: String,
    pub milestone_key: Option<String>,
    pub ratings: Vec<RatingView>,
    pub created_at: String,
    pub updated_at: String,
    pub deleted_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AssessmentSummary {
    pub id: u32,
    pub taken_on: String,
    pub milestone_key: Option<String>,
    pub rated: u32,
}

struct CompetencyRow {
    id: u32,
    name: String,
    description: String,
    builtin: bool,
    edited: bool,
    hidden: bool,
    milestones: Vec<String>,
    suggested_level: Option<u8>,
    own_target: Option<u8>,
}

fn competency_rows(conn: &Connection, only: Option<u32>) -> rusqlite::Result<Vec<CompetencyRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT c.id, c.name, c.description, c.key IS NOT NULL,
             c.key IS NOT NULL AND (c.name IS NOT c.pack_name OR c.description IS NOT c.pack_description
                 OR EXISTS (SELECT 1 FROM competency_level l WHERE l.competency_id = c.id AND l.anchor IS NOT l.pack_anchor)),
             c.hidden_at IS NOT NULL, c.milestones, c.suggested_level, c.target_level
         FROM competency c
         WHERE c.retired_at IS NULL AND (?1 IS NULL OR c.id = ?1)
         ORDER BY c.key IS NULL, c.position, c.id",
    )?;
    let rows = stmt.query_map([only], |row| {
        let milestones: String = row.get(6)?;
        Ok(CompetencyRow {
            id: row.get(0)?,
            name: row.get(1)?,
            description: row.get(2)?,
            builtin: row.get(3)?,
            edited: row.get(4)?,
            hidden: row.get(5)?,
            milestones: serde_json::from_str(&milestones).unwrap_or_default(),
            suggested_level: row.get(7)?,
            own_target: row.get(8)?,
        })
    })?;
    rows.collect()
}

fn anchors_of(conn: &Connection, competency_id: u32) -> rusqlite::Result<Vec<String>> {
    conn.prepare_cached("SELECT anchor FROM competency_level WHERE competency_id = ?1 ORDER BY level")?
        .query_map([competency_id], |row| row.get(0))?
        .collect()
}

/// Days an assessment may have been taken on: from `from` (open when `None`) to `to`, both included.
type Days = (Option<String>, Option<String>);
const ALL_DAYS: Days = (None, None);

fn days(from: Option<Date>, to: Date) -> Days {
    (from.map(|d| d.to_string()), Some(to.to_string()))
}

/// Every rating in assessments outside the trash taken on `days`, oldest first, by competency.
fn ratings_by_competency(
    conn: &Connection,
    only: Option<u32>,
    (from, to): &Days,
) -> rusqlite::Result<HashMap<u32, Vec<LevelAt>>> {
    let mut stmt = conn.prepare_cached(
        "SELECT r.competency_id, r.level, a.taken_on, a.id FROM rating r JOIN assessment a ON a.id = r.assessment_id
         WHERE a.deleted_at IS NULL AND (?1 IS NULL OR r.competency_id = ?1)
           AND (?2 IS NULL OR a.taken_on >= ?2) AND (?3 IS NULL OR a.taken_on <= ?3)
         ORDER BY a.taken_on, a.id",
    )?;
    let mut by_competency: HashMap<u32, Vec<LevelAt>> = HashMap::new();
    let rows = stmt.query_map(params![only, from, to], |row| {
        Ok((
            row.get::<_, u32>(0)?,
            LevelAt {
                level: row.get(1)?,
                on: row.get(2)?,
                assessment_id: row.get(3)?,
            },
        ))
    })?;
    for row in rows {
        let (competency, level) = row?;
        by_competency.entry(competency).or_default().push(level);
    }
    Ok(by_competency)
}

fn status(conn: &Connection, row: CompetencyRow, history: &[LevelAt]) -> rusqlite::Result<CompetencyStatus> {
    let target_level = row.own_target.or(row.suggested_level);
    let latest = history.last().cloned();
    let gap = target_level
        .zip(latest.as_ref())
        .map(|(target, latest)| target as i8 - latest.level as i8);
    Ok(CompetencyStatus {
        anchors: anchors_of(conn, row.id)?,
        id: row.id,
        name: row.name,
        description: row.description,
        builtin: row.builtin,
        edited: row.edited,
        hidden: row.hidden,
        milestones: row.milestones,
        suggested_level: row.suggested_level,
        target_level,
        first: history.first().cloned(),
        previous: history.len().checked_sub(2).map(|index| history[index].clone()),
        latest,
        gap,
    })
}

fn assessment_by_id(conn: &Connection, id: u32) -> rusqlite::Result<Option<Assessment>> {
    let head = conn
        .prepare_cached(
            "SELECT a.taken_on, m.key, a.created_at, a.updated_at, a.deleted_at FROM assessment a
             LEFT JOIN milestone m ON m.id = a.milestone_id WHERE a.id = ?1",
        )?
        .query_row([id], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?, row.get(4)?))
        })
        .optional()?;
    let Some((taken_on, milestone_key, created_at, updated_at, deleted_at)) = head else {
        return Ok(None);
    };
    let ratings = conn
        .prepare_cached(
            "SELECT r.competency_id, c.name, r.level, r.evidence, r.note_id FROM rating r
             JOIN competency c ON c.id = r.competency_id WHERE r.assessment_id = ?1
             ORDER BY c.key IS NULL, c.position, c.id",
        )?
        .query_map([id], |row| {
            Ok(RatingView {
                competency_id: row.get(0)?,
                competency_name: row.get(1)?,
                level: row.get(2)?,
                evidence: row.get(3)?,
                note_id: row.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Some(Assessment {
        id,
        taken_on,
        milestone_key,
        ratings,
        created_at,
        updated_at,
        deleted_at,
    }))
}

/// Checks what an assessment refers to, inside the transaction that writes it.
fn check_assessment_refs(tx: &Transaction<'_>, valid: &ValidAssessment) -> Result<Option<i64>, StoreError> {
    let milestone_id = match &valid.milestone_key {
        None => None,
        Some(key) => Some(
            tx.query_row(
                "SELECT id FROM milestone WHERE key = ?1 AND retired_at IS NULL",
                [key],
                |row| row.get(0),
            )
            .optional()?
            .ok_or_else(|| StoreError::field("milestoneKey", format!("There is no milestone \"{key}\".")))?,
        ),
    };
    for (index, rating) in valid.ratings.iter().enumerate() {
        let known: bool = tx
            .prepare_cached("SELECT 1 FROM competency WHERE id = ?1 AND retired_at IS NULL")?
            .exists([rating.competency_id])?;
        if !known {
            return Err(StoreError::field(
                format!("ratings[{index}].competencyId"),
                format!("There is no competency {}.", rating.competency_id),
            ));
        }
        if let Some(note_id) = rating.note_id {
            let note: bool = tx
                .prepare_cached("SELECT 1 FROM note WHERE id = ?1 AND deleted_at IS NULL")?
                .exists([note_id])?;
            if !note {
                return Err(StoreError::field(
                    format!("ratings[{index}].noteId"),
                    format!("There is no note {note_id}."),
                ));
            }
        }
    }
    Ok(milestone_id)
}

fn write_ratings(tx: &Transaction<'_>, assessment_id: u32, valid: &ValidAssessment) -> rusqlite::Result<()> {
    tx.execute("DELETE FROM rating WHERE assessment_id = ?1", [assessment_id])?;
    let mut insert = tx.prepare_cached(
        "INSERT INTO rating (assessment_id, competency_id, level, evidence, note_id) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for rating in &valid.ratings {
        insert.execute(params![
            assessment_id,
            rating.competency_id,
            rating.level,
            rating.evidence,
            rating.note_id
        ])?;
    }
    Ok(())
}

/// The self-assessments taken in a period, and the ratings they gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeriodRatings {
    pub assessments: u32,
    /// Oldest first, by competency id.
    pub by_competency: HashMap<u32, Vec<LevelAt>>,
}

impl Store {
    /// Assessments (outside the trash) taken from `from` (open when `None`) to `to`, both included.
    pub fn ratings_between(&self, from: Option<Date>, to: Date) -> Result<PeriodRatings> {
        self.read(|conn| {
            let days = days(from, to);
            Ok(PeriodRatings {
                assessments: conn
                    .prepare_cached(
                        "SELECT count(*) FROM assessment
                         WHERE deleted_at IS NULL AND (?1 IS NULL OR taken_on >= ?1) AND taken_on <= ?2",
                    )?
                    .query_row((&days.0, &days.1), |row| row.get(0))?,
                by_competency: ratings_by_competency(conn, None, &days)?,
            })
        })
    }

    /// Where every competency stands on `today` (the person's local date).
    pub fn competency_overview(&self, today: Date) -> Result<CompetencyOverview> {
        self.read(|conn| {
            let result: rusqlite::Result<CompetencyOverview> = (|| {
                let history = ratings_by_competency(conn, None, &ALL_DAYS)?;
                let competencies = competency_rows(conn, None)?
                    .into_iter()
                    .map(|row| {
                        let levels = history.get(&row.id).map(Vec::as_slice).unwrap_or_default();
                        status(conn, row, levels)
                    })
                    .collect::<rusqlite::Result<Vec<_>>>()?;
                let (assessments, last): (u32, Option<String>) = conn.query_row(
                    "SELECT count(*), max(taken_on) FROM assessment WHERE deleted_at IS NULL",
                    [],
                    |row| Ok((row.get(0)?, row.get(1)?)),
                )?;
                let weeks: Option<u8> = conn
                    .query_row("SELECT reassess_weeks FROM profile WHERE id = 1", [], |row| {
                        row.get(0)
                    })
                    .optional()?
                    .flatten();
                let reassess_weeks = weeks.unwrap_or(DEFAULT_REASSESS_WEEKS);
                let reassess_due = last
                    .as_deref()
                    .and_then(|text| text.parse::<Date>().ok())
                    .and_then(|date| {
                        date.checked_add(jiff::Span::new().weeks(i64::from(reassess_weeks)))
                            .ok()
                    })
                    .is_some_and(|due| due <= today);
                Ok(CompetencyOverview {
                    competencies,
                    assessments,
                    last_assessed_on: last,
                    reassess_weeks,
                    reassess_due,
                })
            })();
            Ok(result?)
        })
    }

    /// One competency's standing.
    pub fn competency(&self, id: u32) -> Result<CompetencyStatus> {
        self.read(|conn| {
            let result: rusqlite::Result<Option<CompetencyStatus>> = (|| {
                let history = ratings_by_competency(conn, Some(id), &ALL_DAYS)?;
                competency_rows(conn, Some(id))?
                    .into_iter()
                    .next()
                    .map(|row| status(conn, row, history.get(&id).map(Vec::as_slice).unwrap_or_default()))
                    .transpose()
            })();
            Ok(result?.ok_or_else(|| Error::NotFound {
                what: format!("The competency {id}"),
            })?)
        })
    }

    /// One competency's ratings over time, oldest first.
    pub fn competency_history(&self, id: u32) -> Result<Vec<LevelAt>> {
        self.read(|conn| {
            self.competency(id)?;
            let history = ratings_by_competency(conn, Some(id), &ALL_DAYS)?;
            Ok(history.get(&id).cloned().unwrap_or_default())
        })
    }

    /// Competencies below their target (not hidden), the widest gap first, each with the pathway's undone
    /// items and resources from its milestones.
    pub fn competency_gaps(&self, today: Date) -> Result<Vec<CompetencyGap>> {
        self.read(|conn| {
            let mut gaps: Vec<CompetencyGap> = Vec::new();
            for competency in self.competency_overview(today)?.competencies {
                let Some(gap) = competency.gap.filter(|&gap| gap > 0 && !competency.hidden) else {
                    continue;
                };
                let milestones = serde_json::to_string(&competency.milestones).unwrap_or_else(|_| "[]".into());
                let result: rusqlite::Result<(Vec<HelpItem>, Vec<HelpResource>)> = (|| {
                    let items = conn
                        .prepare_cached(
                            "SELECT c.id, c.title, m.key FROM checklist_item c JOIN milestone m ON m.id = c.milestone_id
                             WHERE m.key IN (SELECT value FROM json_each(?1)) AND c.deleted_at IS NULL
                                 AND c.hidden_at IS NULL AND c.done_at IS NULL AND c.retired_at IS NULL
                             ORDER BY m.position, c.position, c.id LIMIT ?2",
                        )?
                        .query_map(params![milestones, HELP_ITEMS as i64], |row| {
                            Ok(HelpItem {
                                id: row.get(0)?,
                                title: row.get(1)?,
                                milestone_key: row.get(2)?,
                            })
                        })?
                        .collect::<rusqlite::Result<_>>()?;
                    let resources = conn
                        .prepare_cached(
                            "SELECT r.key, r.kind, r.title FROM resource r
                             WHERE EXISTS (SELECT 1 FROM json_each(r.milestones) WHERE value IN (SELECT value FROM json_each(?1)))
                             ORDER BY r.position LIMIT ?2",
                        )?
                        .query_map(params![milestones, HELP_RESOURCES as i64], |row| {
                            Ok(HelpResource {
                                key: row.get(0)?,
                                kind: row.get(1)?,
                                title: row.get(2)?,
                            })
                        })?
                        .collect::<rusqlite::Result<_>>()?;
                    Ok((items, resources))
                })();
                let (items, resources) = result?;
                gaps.push(CompetencyGap {
                    gap: gap as u8,
                    competency,
                    items,
                    resources,
                });
            }
            gaps.sort_by(|a, b| {
                b.gap
                    .cmp(&a.gap)
                    .then_with(|| a.competency.name.cmp(&b.competency.name))
            });
            Ok(gaps)
        })
    }

    /// Records a dated assessment.
    pub fn record_assessment(
        &mut self,
        input: &AssessmentInput,
        today: Date,
        now: Timestamp,
    ) -> Result<Assessment> {
        let valid = input.validate(today)?;
        let now = instant_text(now);
        let id = self.transact(|tx| {
            let milestone_id = check_assessment_refs(tx, &valid)?;
            tx.execute(
                "INSERT INTO assessment (taken_on, milestone_id, created_at, updated_at) VALUES (?1, ?2, ?3, ?3)",
                params![valid.taken_on.to_string(), milestone_id, now],
            )?;
            let id = tx.last_insert_rowid() as u32;
            write_ratings(tx, id, &valid)?;
            Ok(id)
        })?;
        self.assessment(id)
    }

    /// Corrects a past assessment: its date and ratings are replaced by `input`.
    pub fn update_assessment(
        &mut self,
        id: u32,
        input: &AssessmentInput,
        today: Date,
        now: Timestamp,
    ) -> Result<Assessment> {
        let valid = input.validate(today)?;
        if self.assessment(id)?.deleted_at.is_some() {
            return Err(Error::Conflict(
                "This assessment is deleted. Restore it to correct it.".into(),
            ));
        }
        let now = instant_text(now);
        self.transact(|tx| {
            let milestone_id = check_assessment_refs(tx, &valid)?;
            tx.execute(
                "UPDATE assessment SET taken_on = ?2, milestone_id = ?3, updated_at = ?4 WHERE id = ?1",
                params![id, valid.taken_on.to_string(), milestone_id, now],
            )?;
            write_ratings(tx, id, &valid)?;
            Ok(())
        })?;
        self.assessment(id)
    }

    /// Deletes an assessment (its ratings leave every view); [`Store::restore_assessment`] undoes it.
    pub fn delete_assessment(&mut self, id: u32, now: Timestamp) -> Result<Assessment> {
        self.assessment(id)?;
        let now = instant_text(now);
        self.transact(|tx| {
            tx.execute(
                "UPDATE assessment SET deleted_at = coalesce(deleted_at, ?2) WHERE id = ?1",
                params![id, now],
            )?;
            Ok(())
        })?;
        self.assessment(id)
    }

    pub fn restore_assessment(&mut self, id: u32) -> Result<Assessment> {
        self.assessment(id)?;
        self.transact(|tx| {
            tx.execute("UPDATE assessment SET deleted_at = NULL WHERE id = ?1", [id])?;
            Ok(())
        })?;
        self.assessment(id)
    }

    /// One assessment, deleted or not.
    pub fn assessment(&self, id: u32) -> Result<Assessment> {
        self.read(|conn| {
            Ok(assessment_by_id(conn, id)?.ok_or_else(|| Error::NotFound {
                what: format!("The assessment {id}"),
            })?)
        })
    }

    /// Assessments outside the trash, newest first.
    pub fn assessments(&self) -> Result<Vec<AssessmentSummary>> {
        self.read(|conn| {
            Ok(conn
            .prepare_cached(
                "SELECT a.id, a.taken_on, m.key, (SELECT count(*) FROM rating r WHERE r.assessment_id = a.id)
                 FROM assessment a LEFT JOIN milestone m ON m.id = a.milestone_id
                 WHERE a.deleted_at IS NULL ORDER BY a.taken_on DESC, a.id DESC",
            )
            .and_then(|mut stmt| {
                stmt.query_map([], |row| {
                    Ok(AssessmentSummary {
                        id: row.get(0)?,
                        taken_on: row.get(1)?,
                        milestone_key: row.get(2)?,
                        rated: row.get(3)?,
                    })
                })?
                .collect()
            })?)
        })
    }

    /// Adds one of the person's own competencies, after the pathway's.
    pub fn add_competency(&mut self, input: &CompetencyInput, now: Timestamp) -> Result<CompetencyStatus> {
        let valid = input.validate()?;
        let now = instant_text(now);
        let id = self.transact(|tx| {
            check_competency(tx, &valid, None)?;
            tx.execute(
                "INSERT INTO competency (name, description, target_level, milestones, position, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, (SELECT coalesce(max(position), 0) + 1 FROM competency), ?5, ?5)",
                params![valid.name, valid.description, valid.target_level, json_list(&valid.milestones), now],
            )?;
            let id = tx.last_insert_rowid() as u32;
            let mut anchor = tx.prepare_cached(
                "INSERT INTO competency_level (competency_id, level, anchor) VALUES (?1, ?2, ?3)",
            )?;
            for (index, text) in valid.anchors.iter().enumerate() {
                anchor.execute(params![id, index as i64 + 1, text])?;
            }
            Ok(id)
        })?;
        self.competency(id)
    }

    /// Changes a competency's name, description, rubric and target. A pathway competency keeps the pathway's
    /// text beside the person's (for [`Store::reset_competency`]) and the pathway's milestones.
    pub fn edit_competency(
        &mut self,
        id: u32,
        input: &CompetencyInput,
        now: Timestamp,
    ) -> Result<CompetencyStatus> {
        let valid = input.validate()?;
        let current = self.competency(id)?;
        if current.builtin && valid.milestones != current.milestones {
            return Err(Error::invalid(
                "milestones",
                "The pathway decides which milestones its competencies belong to.",
            ));
        }
        let now = instant_text(now);
        self.transact(|tx| {
            check_competency(tx, &valid, Some(id))?;
            tx.execute(
                "UPDATE competency SET name = ?2, description = ?3, target_level = ?4, milestones = ?5, updated_at = ?6
                 WHERE id = ?1",
                params![id, valid.name, valid.description, valid.target_level, json_list(&valid.milestones), now],
            )?;
            let mut anchor =
                tx.prepare_cached("UPDATE competency_level SET anchor = ?3 WHERE competency_id = ?1 AND level = ?2")?;
            for (index, text) in valid.anchors.iter().enumerate() {
                anchor.execute(params![id, index as i64 + 1, text])?;
            }
            Ok(())
        })?;
        self.competency(id)
    }

    /// Puts a pathway competency's name, description and rubric back to the pathway's wording (the target
    /// stays the person's).
    pub fn reset_competency(&mut self, id: u32, now: Timestamp) -> Result<CompetencyStatus> {
        if !self.competency(id)?.builtin {
            return Err(Error::Conflict(
                "Only pathway competencies have original wording to go back to.".into(),
            ));
        }
        let now = instant_text(now);
        self.transact(|tx| {
            tx.execute(
                "UPDATE competency SET name = pack_name, description = pack_description, updated_at = ?2 WHERE id = ?1",
                params![id, now],
            )?;
            tx.execute("UPDATE competency_level SET anchor = pack_anchor WHERE competency_id = ?1", [id])?;
            Ok(())
        })?;
        self.competency(id)
    }

    /// Sets the person's own target level (`None`: back to the pathway's suggestion).
    pub fn set_competency_target(
        &mut self,
        id: u32,
        target: Option<u8>,
        now: Timestamp,
    ) -> Result<CompetencyStatus> {
        let target = target
            .map(|value| cairn_core::competency::level("targetLevel", value))
            .transpose()?;
        self.competency(id)?;
        let now = instant_text(now);
        self.transact(|tx| {
            tx.execute(
                "UPDATE competency SET target_level = ?2, updated_at = ?3 WHERE id = ?1",
                params![id, target, now],
            )?;
            Ok(())
        })?;
        self.competency(id)
    }

    /// Sets after how many weeks (1–52) a new self-assessment is suggested.
    pub fn set_reassess_weeks(&mut self, weeks: u8, now: Timestamp) -> Result<u8> {
        if !(1..=52).contains(&weeks) {
            return Err(Error::invalid("reassessWeeks", "Choose between 1 and 52 weeks."));
        }
        let now = instant_text(now);
        self.transact(|tx| {
            tx.execute(
                "INSERT INTO profile (id, reassess_weeks, updated_at) VALUES (1, ?1, ?2)
                 ON CONFLICT (id) DO UPDATE SET reassess_weeks = excluded.reassess_weeks, updated_at = excluded.updated_at",
                params![weeks, now],
            )?;
            Ok(())
        })?;
        Ok(weeks)
    }

    /// Hides a competency from assessments, the radar and gaps (its history is kept), or shows it again.
    pub fn set_competency_hidden(
        &mut self,
        id: u32,
        hidden: bool,
        now: Timestamp,
    ) -> Result<CompetencyStatus> {
        self.competency(id)?;
        let now = instant_text(now);
        self.transact(|tx| {
            tx.execute(
                "UPDATE competency SET hidden_at = CASE WHEN ?2 THEN coalesce(hidden_at, ?3) END, updated_at = ?3
                 WHERE id = ?1",
                params![id, hidden, now],
            )?;
            Ok(())
        })?;
        self.competency(id)
    }
}

/// A competency's milestones exist and its name is not another competency's (ignoring case).
fn check_competency(
    tx: &Transaction<'_>,
    valid: &ValidCompetency,
    this: Option<u32>,
) -> Result<(), StoreError> {
    for key in &valid.milestones {
        let known = tx
            .prepare_cached("SELECT 1 FROM milestone WHERE key = ?1 AND retired_at IS NULL")?
            .exists([key])?;
        if !known {
            return Err(StoreError::field(
                "milestones",
                format!("There is no milestone \"{key}\"."),
            ));
        }
    }
    let taken = tx
        .prepare_cached(
            "SELECT 1 FROM competency WHERE lower(name) = lower(?1) AND retired_at IS NULL AND (?2 IS NULL OR id != ?2)",
        )?
        .exists(params![valid.name, this])?;
    if taken {
        return Err(StoreError::field(
            "name",
            format!("You already have a competency called \"{}\".", valid.name),
        ));
    }
    debug_assert_eq!(valid.anchors.len(), LEVELS);
    Ok(())
}

fn json_list(values: &[String]) -> String {
    serde_json::to_string(values).unwrap_or_else(|_| "[]".into())
}
