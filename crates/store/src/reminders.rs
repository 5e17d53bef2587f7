//! Reminders on the desktop: the person's choices (kept with the profile), and the reminders due now, each
//! recorded as shown on this device in the same transaction that hands it out, so it is shown once.

use crate::{Store, StoreError};
use cairn_core::reminders::{self, Reminder, ReminderKind, ReminderSettings};
use cairn_core::study::{add_days, WeekStart};
use cairn_core::time::instant_text;
use cairn_core::Result;
use jiff::{Timestamp, ZonedDateTime};
use rusqlite::{params, OptionalExtension};

impl Store {
    /// The reminder choices (all on, the week's on Friday at 17:00, until the person changes them).
    pub fn reminder_settings(&self) -> Result<ReminderSettings> {
        let stored = self.read(|conn| {
            Ok(conn
                .query_row(
                    "SELECT remind_due, remind_reassess, remind_week, remind_week_on, remind_week_at
                     FROM profile WHERE id = 1",
                    [],
                    |row| {
                        Ok(ReminderSettings {
                            due: row.get(0)?,
                            reassess: row.get(1)?,
                            week: row.get(2)?,
                            week_on: row.get(3)?,
                            week_at: row.get(4)?,
                        })
                    },
                )
                .optional()?)
        })?;
        Ok(stored.unwrap_or(ReminderSettings {
            due: true,
            reassess: true,
            week: true,
            week_on: WeekStart::Friday,
            week_at: "17:00".into(),
        }))
    }

    pub fn set_reminder_settings(
        &mut self,
        settings: &ReminderSettings,
        now: Timestamp,
    ) -> Result<ReminderSettings> {
        let time = settings.week_time()?;
        let at = instant_text(now);
        self.transact(|tx| {
            tx.execute(
                "INSERT INTO profile (id, remind_due, remind_reassess, remind_week, remind_week_on, remind_week_at,
                     updated_at) VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT (id) DO UPDATE SET remind_due = excluded.remind_due,
                     remind_reassess = excluded.remind_reassess, remind_week = excluded.remind_week,
                     remind_week_on = excluded.remind_week_on, remind_week_at = excluded.remind_week_at,
                     updated_at = excluded.updated_at",
                params![
                    settings.due,
                    settings.reassess,
                    settings.week,
                    settings.week_on.as_str(),
                    time.strftime("%H:%M").to_string(),
                    at
                ],
            )?;
            Ok(())
        })?;
        self.reminder_settings()
    }

    /// The reminders due at `now` that this device has not shown yet, recorded as shown.
    pub fn take_reminders(&mut self, now: &ZonedDateTime) -> Result<Vec<Reminder>> {
        let settings = self.reminder_settings()?;
        let today = now.date();
        let week_start = self.week_start()?.week_of(today);
        // This runs every minute while the window is open: a kind already shown for its period is not gathered
        // again (its queries read the pathway, the network and the week).
        let shown = |kind: ReminderKind, period: String| -> Result<bool> {
            self.read(|conn| {
                Ok(conn
                    .prepare_cached("SELECT 1 FROM reminder_shown WHERE kind = ?1 AND period = ?2")?
                    .query_row(params![kind.as_str(), period], |_| Ok(()))
                    .optional()?
                    .is_some())
            })
        };
        let settings = ReminderSettings {
            due: settings.due && !shown(ReminderKind::Due, today.to_string())?,
            reassess: settings.reassess && !shown(ReminderKind::Reassess, week_start.to_string())?,
            week: settings.week && !shown(ReminderKind::Week, week_start.to_string())?,
            ..settings
        };
        let mut due = Vec::new();
        if settings.due {
            let items: Vec<String> = self
                .pathway_overview(today)?
                .due_soon
                .into_iter()
                .filter(|item| item.due_on <= today.to_string())
                .map(|item| item.title)
                .collect();
            let follow_ups = self.follow_ups(today)?;
            let people: Vec<String> = follow_ups
                .overdue
                .into_iter()
                .chain(
                    follow_ups
                        .this_week
                        .into_iter()
                        .filter(|f| f.due_on == today.to_string()),
                )
                .map(|f| f.contact_name)
                .collect();
            let steps: Vec<String> = self
                .next_steps_due(today)?
                .into_iter()
                .map(|s| s.organisation)
                .collect();
            due.extend(reminders::due_today(today, &items, &people, &steps));
        }
        if settings.reassess {
            let overview = self.competency_overview(today)?;
            if let (true, Some(last)) = (overview.reassess_due, overview.last_assessed_on.as_deref()) {
                due.push(reminders::reassess(week_start, last, overview.reassess_weeks));
            }
        }
        if settings.week {
            // The week's reminder day is the day of this study week with the chosen weekday.
            let day = (0..7)
                .map(|offset| add_days(week_start, offset))
                .find(|d| d.weekday() == settings.week_on.weekday())
                .unwrap_or(week_start);
            let time = settings.week_time()?;
            if today > day || (today == day && now.time() >= time) {
                let week = self.study_week(today)?.week;
                due.extend(reminders::week_study(
                    week_start,
                    week.actual_minutes,
                    week.planned_minutes,
                ));
            }
        }
        let at = instant_text(now.timestamp());
        self.transact(|tx| {
            let mut shown = Vec::new();
            for reminder in due {
                let new = tx.execute(
                    "INSERT OR IGNORE INTO reminder_shown (kind, period, shown_at) VALUES (?1, ?2, ?3)",
                    params![reminder.kind.as_str(), reminder.period, at],
                )?;
                if new == 1 {
                    shown.push(reminder);
                }
            }
            Ok::<_, StoreError>(shown)
        })
    }
}
