//! Self-assessments: recording one (ratings at a date against the rubric), correcting, deleting with undo, and
//! reading them back.

use crate::competencies::{Assessment, AssessmentSummary, RatingView};
use crate::{Store, StoreError};
use cairn_core::competency::{AssessmentInput, ValidAssessment};
use cairn_core::time::instant_text;
use cairn_core::Id;
use cairn_core::{Error, Result};
use jiff::civil::Date;
use jiff::Timestamp;
use rusqlite::{params, Connection, OptionalExtension, Transaction};

pub(super) fn assessment_by_id(conn: &Connection, id: Id) -> rusqlite::Result<Option<Assessment>> {
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
pub(super) fn check_assessment_refs(
    tx: &Transaction<'_>,
    valid: &ValidAssessment,
) -> Result<Option<i64>, StoreError> {
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

pub(super) fn write_ratings(
    tx: &Transaction<'_>,
    assessment_id: Id,
    valid: &ValidAssessment,
) -> rusqlite::Result<()> {
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

impl Store {
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
                "INSERT INTO assessment (id, taken_on, milestone_id, created_at, updated_at) VALUES (cairn_id(), ?1, ?2, ?3, ?3)",
                params![valid.taken_on.to_string(), milestone_id, now],
            )?;
            let id = Id(tx.last_insert_rowid());
            write_ratings(tx, id, &valid)?;
            Ok(id)
        })?;
        self.assessment(id)
    }

    /// Corrects a past assessment: its date and ratings are replaced by `input`.
    pub fn update_assessment(
        &mut self,
        id: Id,
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
    pub fn delete_assessment(&mut self, id: Id, now: Timestamp) -> Result<Assessment> {
        self.assessment(id)?;
        let now = instant_text(now);
        self.execute(
            "UPDATE assessment SET deleted_at = coalesce(deleted_at, ?2) WHERE id = ?1",
            params![id, now],
        )?;
        self.assessment(id)
    }

    pub fn restore_assessment(&mut self, id: Id) -> Result<Assessment> {
        self.assessment(id)?;
        self.transact(|tx| {
            tx.execute("UPDATE assessment SET deleted_at = NULL WHERE id = ?1", [id])?;
            Ok(())
        })?;
        self.assessment(id)
    }

    /// One assessment, deleted or not.
    pub fn assessment(&self, id: Id) -> Result<Assessment> {
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
}
