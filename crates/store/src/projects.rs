//! Paid work: the rate plan, projects quoted for organisations in the pipeline, the hours they really took
//! (the sessions logged against them), and how far estimates have been from those hours by kind of deliverable.

use crate::pipeline::live;
use crate::{Store, StoreError};
use cairn_core::portfolio::Deliverable;
use cairn_core::projects::{income_needed_rate, ProjectInput, ProjectStatus, RatePlanInput, ValidProject};
use cairn_core::time::instant_text;
use cairn_core::{Error, Id, Result};
use jiff::civil::Date;
use jiff::Timestamp;
use rusqlite::{params, OptionalExtension, Row};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RatePlan {
    pub currency: String,
    pub yearly_income_minor: u32,
    pub yearly_costs_minor: u32,
    pub working_weeks: u32,
    pub billable_minutes_per_week: u32,
    /// The rate the person set.
    pub hourly_rate_minor: u32,
    /// What the income-needed calculation gives for these figures.
    pub needed_rate_minor: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Project {
    pub id: Id,
    pub organisation_id: Id,
    pub organisation: String,
    pub title: String,
    pub deliverable: Deliverable,
    pub status: ProjectStatus,
    /// Quoted or under way ([`ProjectStatus::open`]).
    pub open: bool,
    pub estimate_minutes: u32,
    /// The time logged against it (sessions not in the trash).
    pub actual_seconds: u32,
    pub hourly_rate_minor: u32,
    pub fee_minor: u32,
    pub currency: String,
    pub quoted_on: String,
    pub due_on: Option<String>,
    pub notes: String,
    pub deleted: bool,
}

/// How the finished projects of one kind of deliverable went against their estimates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct EstimateFigure {
    pub deliverable: Deliverable,
    /// Finished (delivered or paid) projects with time logged.
    pub projects: u32,
    pub estimate_minutes: u32,
    pub actual_minutes: u32,
    /// The hours taken for every 100 estimated (130: a third more than quoted), rounded.
    pub actual_per_hundred_estimated: u32,
}

const COLUMNS: &str = "p.id, p.organisation_id, o.name, p.title, p.deliverable, p.status, p.estimate_minutes,
     (SELECT coalesce(sum(s.seconds), 0) FROM study_session s WHERE s.project_id = p.id AND s.deleted_at IS NULL),
     p.hourly_rate_minor, p.fee_minor, p.currency, p.quoted_on, p.due_on, p.notes, p.deleted_at IS NOT NULL
     FROM project p JOIN organisation o ON o.id = p.organisation_id";

fn row_to_project(row: &Row<'_>) -> rusqlite::Result<Project> {
    let status: ProjectStatus = row.get(5)?;
    Ok(Project {
        id: row.get(0)?,
        organisation_id: row.get(1)?,
        organisation: row.get(2)?,
        title: row.get(3)?,
        deliverable: row.get(4)?,
        status,
        open: status.open(),
        estimate_minutes: row.get(6)?,
        actual_seconds: row.get(7)?,
        hourly_rate_minor: row.get(8)?,
        fee_minor: row.get(9)?,
        currency: row.get(10)?,
        quoted_on: row.get(11)?,
        due_on: row.get(12)?,
        notes: row.get(13)?,
        deleted: row.get(14)?,
    })
}

impl Store {
    /// The rate plan, once the person has set one.
    pub fn rate_plan(&self) -> Result<Option<RatePlan>> {
        self.read(|conn| {
            Ok(conn
                .prepare_cached(
                    "SELECT currency, yearly_income_minor, yearly_costs_minor, working_weeks, billable_minutes_per_week,
                         hourly_rate_minor FROM rate_plan WHERE id = 1",
                )?
                .query_row([], |row| {
                    let (income, costs, weeks, minutes) =
                        (row.get(1)?, row.get(2)?, row.get(3)?, row.get(4)?);
                    Ok(RatePlan {
                        currency: row.get(0)?,
                        yearly_income_minor: income,
                        yearly_costs_minor: costs,
                        working_weeks: weeks,
                        billable_minutes_per_week: minutes,
                        hourly_rate_minor: row.get(5)?,
                        needed_rate_minor: income_needed_rate(income.into(), costs.into(), weeks, minutes.into())
                            .and_then(|rate| u32::try_from(rate).ok()),
                    })
                })
                .optional()?)
        })
    }

    pub fn set_rate_plan(&mut self, input: &RatePlanInput, now: Timestamp) -> Result<RatePlan> {
        let plan = input.validate()?;
        self.transact(|tx| {
            tx.execute(
                "INSERT INTO rate_plan (id, currency, yearly_income_minor, yearly_costs_minor, working_weeks,
                     billable_minutes_per_week, hourly_rate_minor, updated_at) VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT (id) DO UPDATE SET currency = excluded.currency,
                     yearly_income_minor = excluded.yearly_income_minor, yearly_costs_minor = excluded.yearly_costs_minor,
                     working_weeks = excluded.working_weeks,
                     billable_minutes_per_week = excluded.billable_minutes_per_week,
                     hourly_rate_minor = excluded.hourly_rate_minor, updated_at = excluded.updated_at",
                params![
                    plan.currency,
                    plan.yearly_income_minor,
                    plan.yearly_costs_minor,
                    plan.working_weeks,
                    plan.billable_minutes_per_week,
                    plan.hourly_rate_minor,
                    instant_text(now)
                ],
            )?;
            Ok(())
        })?;
        self.rate_plan()?.ok_or_else(|| Error::NotFound {
            what: "The rate plan".into(),
        })
    }

    /// Every project not in the trash: open ones (quoted, accepted) first, then the newest quote first.
    pub fn projects(&self) -> Result<Vec<Project>> {
        let sql = format!(
            "SELECT {COLUMNS} WHERE p.deleted_at IS NULL
             ORDER BY p.status NOT IN ('quoted', 'accepted'), p.quoted_on DESC, p.id DESC"
        );
        self.read(|conn| {
            Ok(conn
                .prepare_cached(&sql)?
                .query_map([], row_to_project)?
                .collect::<rusqlite::Result<_>>()?)
        })
    }

    pub fn project(&self, id: Id) -> Result<Project> {
        let sql = format!("SELECT {COLUMNS} WHERE p.id = ?1");
        self.read(|conn| {
            Ok(conn
                .prepare_cached(&sql)?
                .query_row([id], row_to_project)
                .optional()?
                .ok_or_else(|| Error::NotFound {
                    what: format!("Project {id}"),
                })?)
        })
    }

    /// Adds a project quoted at `input`'s rate for an organisation in the pipeline.
    pub fn add_project(&mut self, input: &ProjectInput, today: Date, now: Timestamp) -> Result<Project> {
        let project = input.validate(today)?;
        let at = instant_text(now);
        let id = self.transact(|tx| {
            live(
                tx,
                "organisation",
                Some(project.organisation_id),
                "organisationId",
                "organisation",
            )?;
            tx.execute(
                "INSERT INTO project (id, organisation_id, title, deliverable, status, estimate_minutes,
                     hourly_rate_minor, fee_minor, currency, quoted_on, due_on, notes, created_at, updated_at)
                 VALUES (cairn_id(), ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12)",
                rusqlite::params_from_iter(project_values(&project).into_iter().chain([at.into()])),
            )?;
            Ok(Id(tx.last_insert_rowid()))
        })?;
        self.project(id)
    }

    pub fn update_project(
        &mut self,
        id: Id,
        input: &ProjectInput,
        today: Date,
        now: Timestamp,
    ) -> Result<Project> {
        let project = input.validate(today)?;
        let at = instant_text(now);
        self.transact(|tx| {
            live(tx, "organisation", Some(project.organisation_id), "organisationId", "organisation")?;
            let changed = tx.execute(
                "UPDATE project SET organisation_id = ?1, title = ?2, deliverable = ?3, status = ?4,
                     estimate_minutes = ?5, hourly_rate_minor = ?6, fee_minor = ?7, currency = ?8, quoted_on = ?9,
                     due_on = ?10, notes = ?11, updated_at = ?12 WHERE id = ?13 AND deleted_at IS NULL",
                rusqlite::params_from_iter(project_values(&project).into_iter().chain([at.into(), id.0.into()])),
            )?;
            if changed == 0 {
                return Err(StoreError::from(Error::NotFound { what: format!("Project {id}") }));
            }
            Ok(())
        })?;
        self.project(id)
    }

    /// Puts a project in the trash (undo with [`Store::restore_project`]); its sessions keep their time.
    pub fn delete_project(&mut self, id: Id, now: Timestamp) -> Result<Project> {
        self.mark_deleted("project", "project", id, Some(instant_text(now)))?;
        self.project(id)
    }

    pub fn restore_project(&mut self, id: Id) -> Result<Project> {
        self.mark_deleted("project", "project", id, None)?;
        self.project(id)
    }

    /// Estimate against actual hours of finished projects, by deliverable (the most projects first).
    pub fn estimate_figures(&self) -> Result<Vec<EstimateFigure>> {
        self.read(|conn| {
            Ok(conn
                .prepare_cached(
                    "SELECT deliverable, count(*), sum(estimate_minutes), sum(actual) / 60 FROM (
                         SELECT p.deliverable, p.estimate_minutes,
                             (SELECT sum(s.seconds) FROM study_session s
                              WHERE s.project_id = p.id AND s.deleted_at IS NULL) AS actual
                         FROM project p JOIN organisation o ON o.id = p.organisation_id
                         WHERE p.deleted_at IS NULL AND p.status IN ('delivered', 'paid'))
                     WHERE actual > 0 GROUP BY deliverable ORDER BY count(*) DESC, deliverable",
                )?
                .query_map([], |row| {
                    let (estimate, actual): (u32, u32) = (row.get(2)?, row.get(3)?);
                    let per_hundred =
                        (u64::from(actual) * 100 + u64::from(estimate) / 2) / u64::from(estimate.max(1));
                    Ok(EstimateFigure {
                        deliverable: row.get(0)?,
                        projects: row.get(1)?,
                        estimate_minutes: estimate,
                        actual_minutes: actual,
                        actual_per_hundred_estimated: u32::try_from(per_hundred).unwrap_or(u32::MAX),
                    })
                })?
                .collect::<rusqlite::Result<_>>()?)
        })
    }
}

/// A project's columns in the order the INSERT and UPDATE name them.
fn project_values(p: &ValidProject) -> Vec<rusqlite::types::Value> {
    use rusqlite::types::Value;
    vec![
        Value::Integer(p.organisation_id.0),
        Value::Text(p.title.clone()),
        Value::Text(p.deliverable.as_str().into()),
        Value::Text(p.status.as_str().into()),
        Value::Integer(p.estimate_minutes),
        Value::Integer(p.hourly_rate_minor),
        Value::Integer(p.fee_minor),
        Value::Text(p.currency.clone()),
        Value::Text(p.quoted_on.to_string()),
        p.due_on.map_or(Value::Null, |d| Value::Text(d.to_string())),
        Value::Text(p.notes.clone()),
    ]
}
