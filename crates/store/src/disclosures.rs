//! The disclosure record: financial relationships with ineligible companies, the ones a 24-month disclosure
//! takes in, and the statement written from them.

use crate::{Store, StoreError};
use cairn_core::disclosure::{self, DisclosureInput, RelationshipNature, StatementLine, ValidDisclosure};
use cairn_core::time::{instant_text, parse_date};
use cairn_core::{Error, Id, Result};
use jiff::civil::Date;
use jiff::Timestamp;
use rusqlite::{params, OptionalExtension, Row};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Disclosure {
    pub id: Id,
    pub company: String,
    pub nature: RelationshipNature,
    pub started_on: String,
    pub ended_on: Option<String>,
    pub notes: String,
    /// Whether it falls in the 24 months up to the day the record was read.
    pub in_window: bool,
    pub deleted: bool,
}

/// The record as the window shows it: every relationship, the window's first day, and the statement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DisclosureRecord {
    /// Newest first; those outside the window are kept but left out of the statement.
    pub relationships: Vec<Disclosure>,
    pub window_from: String,
    pub window_to: String,
    pub statement: String,
}

const COLUMNS: &str =
    "id, company, nature, started_on, ended_on, notes, deleted_at IS NOT NULL FROM disclosure";

fn row_to_disclosure(today: Date) -> impl Fn(&Row<'_>) -> rusqlite::Result<Disclosure> {
    move |row| {
        let (started_on, ended_on): (String, Option<String>) = (row.get(3)?, row.get(4)?);
        // The columns hold only dates Cairn wrote; one that does not read counts as in the window.
        let day = |text: &str| parse_date("date", text).ok();
        let in_window = match day(&started_on) {
            Some(start) => disclosure::in_window(start, ended_on.as_deref().and_then(day), today),
            None => true,
        };
        Ok(Disclosure {
            id: row.get(0)?,
            company: row.get(1)?,
            nature: row.get(2)?,
            started_on,
            ended_on,
            notes: row.get(5)?,
            in_window,
            deleted: row.get(6)?,
        })
    }
}

fn values(d: &ValidDisclosure) -> (String, &'static str, String, Option<String>, String) {
    (
        d.company.clone(),
        d.nature.as_str(),
        d.started_on.to_string(),
        d.ended_on.map(|e| e.to_string()),
        d.notes.clone(),
    )
}

impl Store {
    /// Every relationship and the statement for the 24 months up to `today`, signed with the profile's name and
    /// written in its locale's dates.
    pub fn disclosure_record(&self, today: Date, locale: &str) -> Result<DisclosureRecord> {
        let relationships: Vec<Disclosure> = self.read(|conn| {
            Ok(conn
                .prepare_cached(&format!(
                    "SELECT {COLUMNS} WHERE deleted_at IS NULL
                     ORDER BY ended_on IS NOT NULL, ended_on DESC, started_on DESC, id"
                ))?
                .query_map([], row_to_disclosure(today))?
                .collect::<rusqlite::Result<_>>()?)
        })?;
        let name = self.profile()?.name;
        let lines: Vec<StatementLine<'_>> = relationships
            .iter()
            .filter(|d| d.in_window)
            .filter_map(|d| {
                Some(StatementLine {
                    company: &d.company,
                    nature: d.nature,
                    started_on: parse_date("startedOn", &d.started_on).ok()?,
                    ended_on: d.ended_on.as_deref().and_then(|e| parse_date("endedOn", e).ok()),
                })
            })
            .collect();
        let statement = disclosure::statement(&name, &lines, today, locale);
        Ok(DisclosureRecord {
            window_from: disclosure::window_start(today).to_string(),
            window_to: today.to_string(),
            statement,
            relationships,
        })
    }

    pub fn disclosure(&self, id: Id, today: Date) -> Result<Disclosure> {
        self.read(|conn| {
            Ok(conn
                .prepare_cached(&format!("SELECT {COLUMNS} WHERE id = ?1"))?
                .query_row([id], row_to_disclosure(today))
                .optional()?
                .ok_or_else(|| Error::NotFound {
                    what: format!("Relationship {id}"),
                })?)
        })
    }

    pub fn add_disclosure(
        &mut self,
        input: &DisclosureInput,
        today: Date,
        now: Timestamp,
    ) -> Result<Disclosure> {
        let (company, nature, started_on, ended_on, notes) = values(&input.validate(today)?);
        let at = instant_text(now);
        let id = self.transact(|tx| {
            tx.execute(
                "INSERT INTO disclosure (id, company, nature, started_on, ended_on, notes, created_at, updated_at)
                 VALUES (cairn_id(), ?1, ?2, ?3, ?4, ?5, ?6, ?6)",
                params![company, nature, started_on, ended_on, notes, at],
            )?;
            Ok(Id(tx.last_insert_rowid()))
        })?;
        self.disclosure(id, today)
    }

    pub fn update_disclosure(
        &mut self,
        id: Id,
        input: &DisclosureInput,
        today: Date,
        now: Timestamp,
    ) -> Result<Disclosure> {
        let (company, nature, started_on, ended_on, notes) = values(&input.validate(today)?);
        let at = instant_text(now);
        self.transact(|tx| {
            let changed = tx.execute(
                "UPDATE disclosure SET company = ?2, nature = ?3, started_on = ?4, ended_on = ?5, notes = ?6,
                     updated_at = ?7 WHERE id = ?1 AND deleted_at IS NULL",
                params![id, company, nature, started_on, ended_on, notes, at],
            )?;
            if changed == 0 {
                return Err(StoreError::from(Error::NotFound {
                    what: format!("Relationship {id}"),
                }));
            }
            Ok(())
        })?;
        self.disclosure(id, today)
    }

    /// Puts a relationship in the trash (undo with [`Store::restore_disclosure`]).
    pub fn delete_disclosure(&mut self, id: Id, today: Date, now: Timestamp) -> Result<Disclosure> {
        self.mark_deleted("disclosure", "relationship", id, Some(instant_text(now)))?;
        self.disclosure(id, today)
    }

    pub fn restore_disclosure(&mut self, id: Id, today: Date) -> Result<Disclosure> {
        self.mark_deleted("disclosure", "relationship", id, None)?;
        self.disclosure(id, today)
    }
}
