//! Where the person stands: each competency's current level and history, the overview with its reassessment
//! hint, the widest gaps with what helps close them, and the ratings of a period for the report.

use crate::competencies::{
    CompetencyGap, CompetencyOverview, CompetencyRadar, CompetencyStatus, HelpItem, HelpResource, LevelAt,
    PeriodRatings, DEFAULT_REASSESS_WEEKS,
};
use crate::Store;
use cairn_core::Id;
use cairn_core::{Error, Result};
use jiff::civil::Date;
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::HashMap;

/// How many checklist items and resources a gap lists as help.
pub(super) const HELP_ITEMS: usize = 5;

pub(super) const HELP_RESOURCES: usize = 3;

pub(super) struct CompetencyRow {
    id: Id,
    name: String,
    description: String,
    builtin: bool,
    edited: bool,
    hidden: bool,
    milestones: Vec<String>,
    suggested_level: Option<u8>,
    own_target: Option<u8>,
}

pub(super) fn competency_rows(conn: &Connection, only: Option<Id>) -> rusqlite::Result<Vec<CompetencyRow>> {
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

pub(super) fn anchors_of(conn: &Connection, competency_id: Id) -> rusqlite::Result<Vec<String>> {
    conn.prepare_cached("SELECT anchor FROM competency_level WHERE competency_id = ?1 ORDER BY level")?
        .query_map([competency_id], |row| row.get(0))?
        .collect()
}

/// Days an assessment may have been taken on: from `from` (open when `None`) to `to`, both included.
pub(super) type Days = (Option<String>, Option<String>);

pub(super) const ALL_DAYS: Days = (None, None);

pub(super) fn days(from: Option<Date>, to: Date) -> Days {
    (from.map(|d| d.to_string()), Some(to.to_string()))
}

fn level_at(row: &rusqlite::Row<'_>) -> rusqlite::Result<LevelAt> {
    Ok(LevelAt {
        level: row.get(0)?,
        on: row.get(1)?,
        assessment_id: row.get(2)?,
    })
}

/// Every rating in assessments outside the trash taken on `days`, oldest first, by competency.
pub(super) fn ratings_by_competency(
    conn: &Connection,
    (from, to): &Days,
) -> rusqlite::Result<HashMap<Id, Vec<LevelAt>>> {
    let mut stmt = conn.prepare_cached(
        "SELECT r.level, a.taken_on, a.id, r.competency_id FROM rating r JOIN assessment a ON a.id = r.assessment_id
         WHERE a.deleted_at IS NULL AND (?1 IS NULL OR a.taken_on >= ?1) AND (?2 IS NULL OR a.taken_on <= ?2)
         ORDER BY a.taken_on, a.id",
    )?;
    let mut by_competency: HashMap<Id, Vec<LevelAt>> = HashMap::new();
    let rows = stmt.query_map(params![from, to], |row| {
        Ok((row.get::<_, Id>(3)?, level_at(row)?))
    })?;
    for row in rows {
        let (competency, level) = row?;
        by_competency.entry(competency).or_default().push(level);
    }
    Ok(by_competency)
}

/// One competency's ratings in assessments outside the trash, oldest first.
fn ratings_of(conn: &Connection, competency_id: Id) -> rusqlite::Result<Vec<LevelAt>> {
    conn.prepare_cached(
        "SELECT r.level, a.taken_on, a.id FROM rating r JOIN assessment a ON a.id = r.assessment_id
         WHERE a.deleted_at IS NULL AND r.competency_id = ?1
         ORDER BY a.taken_on, a.id",
    )?
    .query_map([competency_id], level_at)?
    .collect()
}

/// The ratings a standing shows, oldest first: the first and the last two (fewer when there are fewer).
/// Each end walks the assessments by date (`CROSS JOIN` keeps that order) and stops at its first match, so a
/// history of years costs what a new one does (reading every rating took nearly three times as long).
fn standing_ratings(conn: &Connection, competency_id: Id) -> rusqlite::Result<Vec<LevelAt>> {
    let first = conn
        .prepare_cached(
            "SELECT r.level, a.taken_on, a.id
             FROM assessment a CROSS JOIN rating r ON r.assessment_id = a.id AND r.competency_id = ?1
             WHERE a.deleted_at IS NULL ORDER BY a.taken_on, a.id LIMIT 1",
        )?
        .query_row([competency_id], level_at)
        .optional()?;
    let mut last_two = conn
        .prepare_cached(
            "SELECT r.level, a.taken_on, a.id
             FROM assessment a CROSS JOIN rating r ON r.assessment_id = a.id AND r.competency_id = ?1
             WHERE a.deleted_at IS NULL ORDER BY a.taken_on DESC, a.id DESC LIMIT 2",
        )?
        .query_map([competency_id], level_at)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    last_two.reverse();
    // With one or two ratings the first is also among the last two.
    Ok(match first {
        Some(first) if last_two.first() != Some(&first) => std::iter::once(first).chain(last_two).collect(),
        _ => last_two,
    })
}

fn competency_not_found(id: Id) -> Error {
    Error::NotFound {
        what: format!("The competency {id}"),
    }
}

pub(super) fn status(
    conn: &Connection,
    row: CompetencyRow,
    history: &[LevelAt],
) -> rusqlite::Result<CompetencyStatus> {
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
                by_competency: ratings_by_competency(conn, &days)?,
            })
        })
    }

    /// Where every competency stands on `today` (the person's local date).
    pub fn competency_overview(&self, today: Date) -> Result<CompetencyOverview> {
        self.read(|conn| {
            let history = ratings_by_competency(conn, &ALL_DAYS)?;
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
            let shown: Vec<&CompetencyStatus> = competencies.iter().filter(|c| !c.hidden).collect();
            let radar = CompetencyRadar::of(&shown);
            Ok(CompetencyOverview {
                radar,
                competencies,
                assessments,
                last_assessed_on: last,
                reassess_weeks,
                reassess_due,
            })
        })
    }

    /// One competency's standing.
    pub fn competency(&self, id: Id) -> Result<CompetencyStatus> {
        self.read(|conn| {
            let found = competency_rows(conn, Some(id))?
                .into_iter()
                .next()
                .map(|row| status(conn, row, &standing_ratings(conn, id)?))
                .transpose()?;
            Ok(found.ok_or_else(|| competency_not_found(id))?)
        })
    }

    /// One competency's ratings over time, oldest first.
    pub fn competency_history(&self, id: Id) -> Result<Vec<LevelAt>> {
        self.read(|conn| {
            let exists: bool = conn
                .prepare_cached(
                    "SELECT EXISTS (SELECT 1 FROM competency WHERE id = ?1 AND retired_at IS NULL)",
                )?
                .query_row([id], |row| row.get(0))?;
            if !exists {
                return Err(competency_not_found(id).into());
            }
            Ok(ratings_of(conn, id)?)
        })
    }

    /// Competencies below their target (not hidden), the widest gap first, each with the pathway's undone
    /// items and resources from its milestones.
    pub fn competency_gaps(&self, today: Date) -> Result<Vec<CompetencyGap>> {
        self.gaps_of(&self.competency_overview(today)?)
    }

    /// The gaps of an overview already read (the dashboard shows both).
    pub(crate) fn gaps_of(&self, overview: &CompetencyOverview) -> Result<Vec<CompetencyGap>> {
        self.read(|conn| {
            let mut gaps: Vec<CompetencyGap> = Vec::new();
            for competency in overview.competencies.iter().cloned() {
                let Some(gap) = competency.gap.filter(|&gap| gap > 0 && !competency.hidden) else {
                    continue;
                };
                let milestones = serde_json::to_string(&competency.milestones).unwrap_or_else(|_| "[]".into());
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
}
