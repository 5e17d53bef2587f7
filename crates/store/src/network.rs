//! The network: contacts, interactions with them, and the follow-ups those interactions set.
//!
//! A follow-up is an interaction's `follow_up_on` date until it is marked done; snoozing moves the date. The
//! follow-ups list holds the open ones of contacts and interactions that are not deleted, earliest first,
//! split into overdue, the rest of this week (the person's week) and later.

use crate::{Store, StoreError};
use cairn_core::network::{
    ContactInput, InteractionChannel, InteractionInput, OrganisationKind, ValidContact, ValidInteraction,
};
use cairn_core::study::add_days;
use cairn_core::time::instant_text;
use cairn_core::Id;
use cairn_core::{Error, Result};
use jiff::civil::Date;
use jiff::Timestamp;
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Interaction {
    pub id: Id,
    pub contact_id: Id,
    pub happened_on: String,
    pub channel: InteractionChannel,
    pub summary: String,
    pub follow_up_on: Option<String>,
    pub follow_up_done: bool,
    pub deleted: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Contact {
    pub id: Id,
    pub name: String,
    pub role: String,
    pub organisation: String,
    pub organisation_kind: OrganisationKind,
    pub where_met: String,
    pub links: Vec<String>,
    pub notes: String,
    /// Newest first (with [`Store::contact`]; empty in lists).
    pub interactions: Vec<Interaction>,
    pub interaction_count: u32,
    pub last_interaction_on: Option<String>,
    /// The earliest open follow-up.
    pub next_follow_up_on: Option<String>,
    pub deleted: bool,
}

/// An open follow-up with who it is with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct FollowUp {
    pub interaction_id: Id,
    pub contact_id: Id,
    pub contact_name: String,
    pub organisation: String,
    pub due_on: String,
    pub happened_on: String,
    pub channel: InteractionChannel,
    pub summary: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct FollowUps {
    /// Due before today, earliest first.
    pub overdue: Vec<FollowUp>,
    /// Due from today to the last day of this week.
    pub this_week: Vec<FollowUp>,
    pub later: Vec<FollowUp>,
}

const CONTACT_COLUMNS: &str =
    "c.id, c.name, c.role, c.organisation, c.organisation_kind, c.where_met, c.links, c.notes,
     c.deleted_at IS NOT NULL,
     (SELECT count(*) FROM interaction i WHERE i.contact_id = c.id AND i.deleted_at IS NULL),
     (SELECT max(happened_on) FROM interaction i WHERE i.contact_id = c.id AND i.deleted_at IS NULL),
     (SELECT min(follow_up_on) FROM interaction i WHERE i.contact_id = c.id AND i.deleted_at IS NULL
          AND i.follow_up_done_at IS NULL)";

fn row_to_contact(row: &Row<'_>) -> rusqlite::Result<Contact> {
    let links: String = row.get(6)?;
    Ok(Contact {
        id: row.get(0)?,
        name: row.get(1)?,
        role: row.get(2)?,
        organisation: row.get(3)?,
        organisation_kind: row.get(4)?,
        where_met: row.get(5)?,
        links: serde_json::from_str(&links).unwrap_or_default(),
        notes: row.get(7)?,
        deleted: row.get(8)?,
        interaction_count: row.get(9)?,
        last_interaction_on: row.get(10)?,
        next_follow_up_on: row.get(11)?,
        interactions: Vec::new(),
    })
}

/// How many of the latest interactions [`Store::network_activity`] lists.
pub const RECENT_INTERACTIONS: usize = 10;

/// Contacts and interactions in a period, as a progress report tells them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetworkActivity {
    /// Contacts now (not in the trash).
    pub contacts: u32,
    /// Interactions in the period, and with how many different people.
    pub interactions: u32,
    pub people: u32,
    /// Interactions in the period by channel, the most used first.
    pub by_channel: Vec<(InteractionChannel, u32)>,
    /// The latest interactions of the period, newest first.
    pub recent: Vec<RecentInteraction>,
}

/// An interaction with who it was with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecentInteraction {
    pub happened_on: String,
    pub contact_name: String,
    pub organisation: String,
    pub channel: InteractionChannel,
    pub summary: String,
}

const INTERACTION_COLUMNS: &str =
    "id, contact_id, happened_on, channel, summary, follow_up_on, follow_up_done_at IS NOT NULL, deleted_at IS NOT NULL";

fn row_to_interaction(row: &Row<'_>) -> rusqlite::Result<Interaction> {
    Ok(Interaction {
        id: row.get(0)?,
        contact_id: row.get(1)?,
        happened_on: row.get(2)?,
        channel: row.get(3)?,
        summary: row.get(4)?,
        follow_up_on: row.get(5)?,
        follow_up_done: row.get(6)?,
        deleted: row.get(7)?,
    })
}

fn contact_params(contact: &ValidContact) -> [String; 7] {
    [
        contact.name.clone(),
        contact.role.clone(),
        contact.organisation.clone(),
        contact.organisation_kind.as_str().to_owned(),
        contact.where_met.clone(),
        serde_json::to_string(&contact.links).unwrap_or_else(|_| "[]".into()),
        contact.notes.clone(),
    ]
}

/// The live contact `id` in `tx`, or `not_found`.
fn live_contact(tx: &Transaction<'_>, id: Id) -> Result<(), StoreError> {
    let found: Option<Id> = tx
        .prepare_cached("SELECT id FROM contact WHERE id = ?1 AND deleted_at IS NULL")?
        .query_row([id], |row| row.get(0))
        .optional()?;
    found.map(|_| ()).ok_or_else(|| {
        Error::NotFound {
            what: format!("Contact {id}"),
        }
        .into()
    })
}

fn interaction_by_id(conn: &Connection, id: Id) -> rusqlite::Result<Option<Interaction>> {
    let sql = format!("SELECT {INTERACTION_COLUMNS} FROM interaction WHERE id = ?1");
    conn.prepare_cached(&sql)?
        .query_row([id], row_to_interaction)
        .optional()
}

impl Store {
    /// Every contact, by name (case-insensitive), with counts and dates; interactions left out.
    pub fn contacts(&self) -> Result<Vec<Contact>> {
        let sql = format!("SELECT {CONTACT_COLUMNS} FROM contact c WHERE c.deleted_at IS NULL ORDER BY c.name COLLATE NOCASE, c.id");
        self.read(|conn| {
            Ok(conn
                .prepare_cached(&sql)
                .and_then(|mut stmt| stmt.query_map([], row_to_contact)?.collect())?)
        })
    }

    /// One contact with its interactions, newest first.
    pub fn contact(&self, id: Id) -> Result<Contact> {
        self.read(|conn| {
            let sql = format!("SELECT {CONTACT_COLUMNS} FROM contact c WHERE c.id = ?1");
            let mut contact = conn
                .prepare_cached(&sql)
                .and_then(|mut stmt| stmt.query_row([id], row_to_contact).optional())?
                .ok_or_else(|| Error::NotFound {
                    what: format!("Contact {id}"),
                })?;
            let sql = format!(
                "SELECT {INTERACTION_COLUMNS} FROM interaction WHERE contact_id = ?1 AND deleted_at IS NULL
                 ORDER BY happened_on DESC, id DESC"
            );
            contact.interactions = conn
                .prepare_cached(&sql)
                .and_then(|mut stmt| stmt.query_map([id], row_to_interaction)?.collect())?;
            Ok(contact)
        })
    }

    pub fn add_contact(&mut self, input: &ContactInput, now: Timestamp) -> Result<Contact> {
        let contact = input.validate()?;
        let at = instant_text(now);
        let id = self.transact(|tx| {
            let [name, role, organisation, kind, where_met, links, notes] = contact_params(&contact);
            tx.execute(
                "INSERT INTO contact (id, name, role, organisation, organisation_kind, where_met, links, notes, created_at,
                     updated_at) VALUES (cairn_id(), ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
                params![name, role, organisation, kind, where_met, links, notes, at],
            )?;
            Ok(Id(tx.last_insert_rowid()))
        })?;
        self.contact(id)
    }

    pub fn update_contact(&mut self, id: Id, input: &ContactInput, now: Timestamp) -> Result<Contact> {
        let contact = input.validate()?;
        let at = instant_text(now);
        self.transact(|tx| {
            let [name, role, organisation, kind, where_met, links, notes] = contact_params(&contact);
            let changed = tx.execute(
                "UPDATE contact SET name = ?2, role = ?3, organisation = ?4, organisation_kind = ?5, where_met = ?6,
                     links = ?7, notes = ?8, updated_at = ?9 WHERE id = ?1 AND deleted_at IS NULL",
                params![id, name, role, organisation, kind, where_met, links, notes, at],
            )?;
            if changed == 0 {
                return Err(Error::NotFound { what: format!("Contact {id}") }.into());
            }
            Ok(())
        })?;
        self.contact(id)
    }

    /// Removes a contact with their interactions and follow-ups (undo with [`Store::restore_contact`]).
    pub fn delete_contact(&mut self, id: Id, now: Timestamp) -> Result<Contact> {
        self.mark_deleted("contact", "contact", id, Some(instant_text(now)))?;
        self.contact(id)
    }

    pub fn restore_contact(&mut self, id: Id) -> Result<Contact> {
        self.mark_deleted("contact", "contact", id, None)?;
        self.contact(id)
    }

    pub fn interaction(&self, id: Id) -> Result<Interaction> {
        self.read(|conn| {
            Ok(interaction_by_id(conn, id)?.ok_or_else(|| Error::NotFound {
                what: format!("Interaction {id}"),
            })?)
        })
    }

    pub fn add_interaction(
        &mut self,
        contact_id: Id,
        input: &InteractionInput,
        today: Date,
        now: Timestamp,
    ) -> Result<Interaction> {
        let interaction = input.validate(today)?;
        let at = instant_text(now);
        let id = self.transact(|tx| {
            live_contact(tx, contact_id)?;
            tx.execute(
                "INSERT INTO interaction (id, contact_id, happened_on, channel, summary, follow_up_on, created_at, updated_at)
                 VALUES (cairn_id(), ?1, ?2, ?3, ?4, ?5, ?6, ?6)",
                params![
                    contact_id,
                    interaction.happened_on.to_string(),
                    interaction.channel,
                    interaction.summary,
                    interaction.follow_up_on.map(|d| d.to_string()),
                    at
                ],
            )?;
            Ok(Id(tx.last_insert_rowid()))
        })?;
        self.interaction(id)
    }

    /// Corrects an interaction; a changed follow-up date opens the follow-up again.
    pub fn update_interaction(
        &mut self,
        id: Id,
        input: &InteractionInput,
        today: Date,
        now: Timestamp,
    ) -> Result<Interaction> {
        let ValidInteraction {
            happened_on,
            channel,
            summary,
            follow_up_on,
        } = input.validate(today)?;
        let at = instant_text(now);
        self.transact(|tx| {
            let changed = tx.execute(
                "UPDATE interaction SET happened_on = ?2, channel = ?3, summary = ?4,
                     follow_up_done_at = CASE WHEN follow_up_on IS ?5 THEN follow_up_done_at END,
                     follow_up_on = ?5, updated_at = ?6
                 WHERE id = ?1 AND deleted_at IS NULL",
                params![
                    id,
                    happened_on.to_string(),
                    channel,
                    summary,
                    follow_up_on.map(|d| d.to_string()),
                    at
                ],
            )?;
            if changed == 0 {
                return Err(Error::NotFound {
                    what: format!("Interaction {id}"),
                }
                .into());
            }
            Ok(())
        })?;
        self.interaction(id)
    }

    pub fn delete_interaction(&mut self, id: Id, now: Timestamp) -> Result<Interaction> {
        self.mark_deleted("interaction", "interaction", id, Some(instant_text(now)))?;
        self.interaction(id)
    }

    pub fn restore_interaction(&mut self, id: Id) -> Result<Interaction> {
        self.mark_deleted("interaction", "interaction", id, None)?;
        self.interaction(id)
    }

    /// Contacts and what happened with them between `from` (open when `None`) and `to`, both included.
    pub fn network_activity(&self, from: Option<Date>, to: Date) -> Result<NetworkActivity> {
        self.read(|conn| {
            let (from, to) = (from.map(|d| d.to_string()), to.to_string());
            let range = (&from, &to);
            let in_period = "FROM interaction i JOIN contact c ON c.id = i.contact_id
                 WHERE i.deleted_at IS NULL AND c.deleted_at IS NULL AND (?1 IS NULL OR i.happened_on >= ?1) AND i.happened_on <= ?2";
            let contacts = conn
                .prepare_cached("SELECT count(*) FROM contact WHERE deleted_at IS NULL")?
                .query_row([], |row| row.get(0))?;
            let (interactions, people) = conn
                .prepare_cached(&format!(
                    "SELECT count(*), count(DISTINCT i.contact_id) {in_period}"
                ))?
                .query_row(range, |row| Ok((row.get(0)?, row.get(1)?)))?;
            let by_channel = conn
                .prepare_cached(&format!(
                    "SELECT i.channel, count(*) {in_period} GROUP BY i.channel ORDER BY count(*) DESC, i.channel"
                ))?
                .query_map(range, |row| Ok((row.get(0)?, row.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            let recent = conn
                .prepare_cached(&format!(
                    "SELECT i.happened_on, c.name, c.organisation, i.channel, i.summary {in_period}
                     ORDER BY i.happened_on DESC, i.id DESC LIMIT {RECENT_INTERACTIONS}"
                ))?
                .query_map(range, |row| {
                    Ok(RecentInteraction {
                        happened_on: row.get(0)?,
                        contact_name: row.get(1)?,
                        organisation: row.get(2)?,
                        channel: row.get(3)?,
                        summary: row.get(4)?,
                    })
                })?
                .collect::<rusqlite::Result<_>>()?;
            Ok(NetworkActivity {
                contacts,
                interactions,
                people,
                by_channel,
                recent,
            })
        })
    }

    /// Every open follow-up, earliest first (then by name).
    pub fn open_follow_ups(&self) -> Result<Vec<FollowUp>> {
        self.read(|conn| Ok(conn
            .prepare_cached(
                "SELECT i.id, c.id, c.name, c.organisation, i.follow_up_on, i.happened_on, i.channel, i.summary
                 FROM interaction i INDEXED BY open_follow_up JOIN contact c ON c.id = i.contact_id
                 WHERE i.follow_up_on IS NOT NULL AND i.follow_up_done_at IS NULL AND i.deleted_at IS NULL
                     AND c.deleted_at IS NULL
                 ORDER BY i.follow_up_on, c.name COLLATE NOCASE, i.id",
            )
            .and_then(|mut stmt| {
                stmt.query_map([], |row| {
                    Ok(FollowUp {
                        interaction_id: row.get(0)?,
                        contact_id: row.get(1)?,
                        contact_name: row.get(2)?,
                        organisation: row.get(3)?,
                        due_on: row.get(4)?,
                        happened_on: row.get(5)?,
                        channel: row.get(6)?,
                        summary: row.get(7)?,
                    })
                })?
                .collect()
            })?))
    }

    /// Open follow-ups split into overdue, the rest of this week (from `today`) and later.
    pub fn follow_ups(&self, today: Date) -> Result<FollowUps> {
        let week_end = add_days(self.week_start()?.week_of(today), 6).to_string();
        let today = today.to_string();
        let mut split = FollowUps {
            overdue: Vec::new(),
            this_week: Vec::new(),
            later: Vec::new(),
        };
        for follow_up in self.open_follow_ups()? {
            if follow_up.due_on < today {
                split.overdue.push(follow_up);
            } else if follow_up.due_on <= week_end {
                split.this_week.push(follow_up);
            } else {
                split.later.push(follow_up);
            }
        }
        Ok(split)
    }

    /// Marks a follow-up done (`done`) or open again (undo).
    pub fn set_follow_up_done(
        &mut self,
        interaction_id: Id,
        done: bool,
        now: Timestamp,
    ) -> Result<Interaction> {
        let at = done.then(|| instant_text(now));
        self.transact(|tx| {
            let changed = tx.execute(
                "UPDATE interaction SET follow_up_done_at = ?2 WHERE id = ?1 AND follow_up_on IS NOT NULL
                     AND deleted_at IS NULL",
                params![interaction_id, at],
            )?;
            if changed == 0 {
                return Err(Error::NotFound {
                    what: format!("A follow-up on interaction {interaction_id}"),
                }
                .into());
            }
            Ok(())
        })?;
        self.interaction(interaction_id)
    }

    /// Moves an open follow-up to `until`: not before today, nor before its interaction.
    pub fn snooze_follow_up(
        &mut self,
        interaction_id: Id,
        until: Date,
        today: Date,
        now: Timestamp,
    ) -> Result<Interaction> {
        if until < today {
            return Err(Error::invalid("until", "Snooze to today or later."));
        }
        let at = instant_text(now);
        self.transact(|tx| {
            let happened_on: Option<String> = tx
                .query_row(
                    "SELECT happened_on FROM interaction WHERE id = ?1 AND follow_up_on IS NOT NULL
                         AND follow_up_done_at IS NULL AND deleted_at IS NULL",
                    [interaction_id],
                    |row| row.get(0),
                )
                .optional()?;
            let happened_on = happened_on.ok_or_else(|| Error::NotFound {
                what: format!("An open follow-up on interaction {interaction_id}"),
            })?;
            if until.to_string() < happened_on {
                return Err(StoreError::field(
                    "until",
                    "A follow-up comes after the interaction, not before it.",
                ));
            }
            tx.execute(
                "UPDATE interaction SET follow_up_on = ?2, updated_at = ?3 WHERE id = ?1",
                params![interaction_id, until.to_string(), at],
            )?;
            Ok(())
        })?;
        self.interaction(interaction_id)
    }
}
