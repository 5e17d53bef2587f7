//! The person's own competencies and their changes to the pathway's: add, reword, reset, target, hide, and how
//! often to reassess.

use crate::competencies::CompetencyStatus;
use crate::{Store, StoreError};
use cairn_core::competency::{CompetencyInput, ValidCompetency, LEVELS};
use cairn_core::time::instant_text;
use cairn_core::Id;
use cairn_core::{Error, Result};
use jiff::Timestamp;
use rusqlite::{params, Transaction};

impl Store {
    /// Adds one of the person's own competencies, after the pathway's.
    pub fn add_competency(&mut self, input: &CompetencyInput, now: Timestamp) -> Result<CompetencyStatus> {
        let valid = input.validate()?;
        let now = instant_text(now);
        let id = self.transact(|tx| {
            check_competency(tx, &valid, None)?;
            tx.execute(
                "INSERT INTO competency (id, name, description, target_level, milestones, position, created_at, updated_at)
                 VALUES (cairn_id(), ?1, ?2, ?3, ?4, (SELECT coalesce(max(position), 0) + 1 FROM competency), ?5, ?5)",
                params![valid.name, valid.description, valid.target_level, json_list(&valid.milestones), now],
            )?;
            let id = Id(tx.last_insert_rowid());
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
        id: Id,
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
    pub fn reset_competency(&mut self, id: Id, now: Timestamp) -> Result<CompetencyStatus> {
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
        id: Id,
        target: Option<u8>,
        now: Timestamp,
    ) -> Result<CompetencyStatus> {
        let target = target
            .map(|value| cairn_core::competency::level("targetLevel", value))
            .transpose()?;
        self.competency(id)?;
        let now = instant_text(now);
        self.execute(
            "UPDATE competency SET target_level = ?2, updated_at = ?3 WHERE id = ?1",
            params![id, target, now],
        )?;
        self.competency(id)
    }

    /// Sets after how many weeks (1–52) a new self-assessment is suggested.
    pub fn set_reassess_weeks(&mut self, weeks: u8, now: Timestamp) -> Result<u8> {
        if !(1..=52).contains(&weeks) {
            return Err(Error::invalid("reassessWeeks", "Choose between 1 and 52 weeks."));
        }
        let now = instant_text(now);
        self.execute(
            "INSERT INTO profile (id, reassess_weeks, updated_at) VALUES (1, ?1, ?2)
             ON CONFLICT (id) DO UPDATE SET reassess_weeks = excluded.reassess_weeks, updated_at = excluded.updated_at",
            params![weeks, now],
        )?;
        Ok(weeks)
    }

    /// Hides a competency from assessments, the radar and gaps (its history is kept), or shows it again.
    pub fn set_competency_hidden(
        &mut self,
        id: Id,
        hidden: bool,
        now: Timestamp,
    ) -> Result<CompetencyStatus> {
        self.competency(id)?;
        let now = instant_text(now);
        self.execute(
            "UPDATE competency SET hidden_at = CASE WHEN ?2 THEN coalesce(hidden_at, ?3) END, updated_at = ?3
                 WHERE id = ?1",
            params![id, hidden, now],
        )?;
        self.competency(id)
    }
}

/// A competency's milestones exist and its name is not another competency's (ignoring case).
pub(super) fn check_competency(
    tx: &Transaction<'_>,
    valid: &ValidCompetency,
    this: Option<Id>,
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

pub(super) fn json_list(values: &[String]) -> String {
    serde_json::to_string(values).unwrap_or_else(|_| "[]".into())
}
