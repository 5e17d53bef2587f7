//! The person's profile: background and weekly study budget, asked once by the welcome screen, and the name and
//! locale their reports are written with (Settings).

use crate::Store;
use cairn_core::checklist::{Background, ProfileInput, ReportPreferences};
use cairn_core::study::WeekStart;
use cairn_core::time::instant_text;
use cairn_core::Result;
use jiff::civil::Date;
use jiff::Timestamp;
use rusqlite::{params, OptionalExtension};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Profile {
    pub background: Option<Background>,
    pub weekly_minutes: Option<u32>,
    /// The day study weeks start on.
    pub week_start: WeekStart,
    /// The welcome was finished or skipped, so it is not shown again.
    pub welcomed: bool,
    /// The name on their Word documents and sample packs ("" when not given).
    pub name: String,
    /// How dates and numbers are written (a tag of `cairn_core::checklist::LOCALES`); `None`: the system's.
    pub locale: Option<String>,
}

impl Store {
    /// When the person began with Cairn (UTC, RFC 3339): the welcome, or else the database's creation.
    pub fn started_at(&self) -> Result<String> {
        let welcomed_at: Option<String> = self.read(|conn| {
            Ok(conn
                .query_row("SELECT welcomed_at FROM profile WHERE id = 1", [], |row| {
                    row.get(0)
                })
                .optional()?
                .flatten())
        })?;
        match welcomed_at {
            Some(at) => Ok(at),
            None => Ok(self.info()?.created_at),
        }
    }

    pub fn profile(&self) -> Result<Profile> {
        type Row = (Option<Background>, Option<u32>, bool, String, Option<String>);
        let row: Option<Row> = self.read(|conn| {
            Ok(conn
                .query_row(
                    "SELECT background, weekly_minutes, welcomed_at IS NOT NULL, name, locale FROM profile WHERE id = 1",
                    [],
                    |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?, row.get(4)?)),
                )
                .optional()?)
        })?;
        let (background, weekly_minutes, welcomed, name, locale) =
            row.unwrap_or((None, None, false, String::new(), None));
        Ok(Profile {
            background,
            weekly_minutes,
            week_start: self.week_start()?,
            welcomed,
            name,
            locale,
        })
    }

    /// Saves the background and weekly budget (from the welcome or Settings); the welcome counts as done. A
    /// changed budget is the weekly target from the week `today` is in (earlier weeks keep theirs).
    pub fn save_profile(&mut self, input: &ProfileInput, today: Date, now: Timestamp) -> Result<Profile> {
        input.validate()?;
        let now = instant_text(now);
        self.transact(|tx| {
            tx.execute(
                "INSERT INTO profile (id, background, weekly_minutes, welcomed_at, updated_at) VALUES (1, ?1, ?2, ?3, ?3)
                 ON CONFLICT (id) DO UPDATE SET background = excluded.background,
                     weekly_minutes = excluded.weekly_minutes,
                     welcomed_at = coalesce(profile.welcomed_at, excluded.welcomed_at), updated_at = excluded.updated_at",
                params![input.background, input.weekly_minutes, now],
            )?;
            Ok(crate::study::targets::record_weekly_target(tx, input.weekly_minutes, today, &now)?)
        })?;
        self.profile()
    }

    /// Marks the welcome as seen without answering it.
    pub fn skip_welcome(&mut self, now: Timestamp) -> Result<Profile> {
        let now = instant_text(now);
        self.execute(
            "INSERT INTO profile (id, welcomed_at, updated_at) VALUES (1, ?1, ?1)
             ON CONFLICT (id) DO UPDATE SET welcomed_at = coalesce(profile.welcomed_at, excluded.welcomed_at)",
            [now],
        )?;
        self.profile()
    }

    /// Saves the name and locale reports are written with (Settings); the welcome is not affected.
    pub fn save_report_preferences(&mut self, input: &ReportPreferences, now: Timestamp) -> Result<Profile> {
        let (name, locale) = input.validate()?;
        let now = instant_text(now);
        self.execute(
            "INSERT INTO profile (id, name, locale, updated_at) VALUES (1, ?1, ?2, ?3)
                 ON CONFLICT (id) DO UPDATE SET name = excluded.name, locale = excluded.locale,
                     updated_at = excluded.updated_at",
            params![name, locale, now],
        )?;
        self.profile()
    }
}
