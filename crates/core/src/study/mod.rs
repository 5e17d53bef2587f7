//! Study time: the rules for manual entries, the timer's arithmetic, and weeks measured against a target.
//!
//! Time is local and passed in (`now` is a [`ZonedDateTime`] in the person's time zone). A session belongs to
//! the local calendar day it started, and its length is elapsed real time between instants, so a session across
//! midnight counts on the day it began and one across a daylight-saving change counts the hours that passed.
//! Weeks start on the person's chosen day. A week's plan is the weekly target less the planned-break days
//! (pro rata); a week wholly on a break, or with no target, is not measured at all, so a break never counts as
//! a failure.

pub mod weeks;

use crate::time::parse_date;
use crate::Id;
use crate::{Error, Result};
use jiff::civil::{Date, Time, Weekday};
use jiff::tz::AmbiguousOffset;
use jiff::{Timestamp, ToSpan, ZonedDateTime};
use serde::Deserialize;

/// The longest session: a day. Anything longer is a forgotten timer or a typo.
pub const MAX_SESSION_SECONDS: i64 = 24 * 60 * 60;
/// A timer running longer than this asks the person to confirm or trim it before it is saved.
pub const LONG_TIMER_SECONDS: i64 = 12 * 60 * 60;
pub const MAX_NOTE_CHARS: usize = 2_000;
pub const MAX_BREAK_LABEL_CHARS: usize = 100;
/// A planned break longer than this is not a break but a stop; it would silence every measure for years.
pub const MAX_BREAK_DAYS: i64 = 366;
/// The consistency figure looks back this many weeks (the current one included).
pub const CONSISTENCY_WEEKS: usize = 12;

crate::choices! {
    /// What the time was spent on.
    pub enum Activity {
        Reading = ("reading", "Reading"),
        PodcastWebinar = ("podcast_webinar", "Podcast or webinar"),
        Course = ("course", "Course"),
        WritingPractice = ("writing_practice", "Writing practice"),
        Networking = ("networking", "Networking"),
        Other = ("other", "Other"),
    }
}

crate::choices! {
    /// The day weeks start on (Monday unless the person chose otherwise).
    #[derive(Default)]
    pub enum WeekStart {
        #[default]
        Monday = ("monday", "Monday"),
        Tuesday = ("tuesday", "Tuesday"),
        Wednesday = ("wednesday", "Wednesday"),
        Thursday = ("thursday", "Thursday"),
        Friday = ("friday", "Friday"),
        Saturday = ("saturday", "Saturday"),
        Sunday = ("sunday", "Sunday"),
    }
}

impl WeekStart {
    pub fn weekday(self) -> Weekday {
        match self {
            WeekStart::Monday => Weekday::Monday,
            WeekStart::Tuesday => Weekday::Tuesday,
            WeekStart::Wednesday => Weekday::Wednesday,
            WeekStart::Thursday => Weekday::Thursday,
            WeekStart::Friday => Weekday::Friday,
            WeekStart::Saturday => Weekday::Saturday,
            WeekStart::Sunday => Weekday::Sunday,
        }
    }

    /// The first day of the week that `date` is in.
    pub fn week_of(self, date: Date) -> Date {
        add_days(date, -i64::from(date.weekday().since(self.weekday())))
    }
}

/// `date` moved by `days` (saturating at jiff's range, which no real date reaches).
pub fn add_days(date: Date, days: i64) -> Date {
    date.checked_add(days.days()).unwrap_or(date)
}

/// A manual entry, or an edit of any session, as the person typed it. Give an end time (with a start time) or
/// a duration, not both.
#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SessionInput {
    /// The local calendar day it started (`YYYY-MM-DD`).
    pub date: String,
    /// Local start time (`HH:MM`), if known.
    #[serde(default)]
    pub start_time: Option<String>,
    /// Local end time (`HH:MM`) on the same day.
    #[serde(default)]
    pub end_time: Option<String>,
    #[serde(default)]
    pub duration_minutes: Option<i32>,
    pub activity: Activity,
    #[serde(default)]
    pub milestone_key: Option<String>,
    #[serde(default)]
    pub competency_id: Option<Id>,
    /// Time worked on a paid project (its actual hours).
    #[serde(default)]
    pub project_id: Option<Id>,
    #[serde(default)]
    pub note: String,
}

/// What a timer is for.
#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TimerInput {
    pub activity: Activity,
    /// The checklist item being studied; it sets the milestone (its own), whatever `milestone_key` says.
    #[serde(default)]
    pub item_id: Option<Id>,
    #[serde(default)]
    pub milestone_key: Option<String>,
    #[serde(default)]
    pub competency_id: Option<Id>,
    /// Time worked on a paid project (its actual hours).
    #[serde(default)]
    pub project_id: Option<Id>,
    #[serde(default)]
    pub note: String,
}

/// A session that passed every rule; its links are checked by the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidSession {
    pub started_on: Date,
    pub started_at: Option<Timestamp>,
    pub seconds: i64,
    pub activity: Activity,
    pub milestone_key: Option<String>,
    pub competency_id: Option<Id>,
    pub project_id: Option<Id>,
    pub note: String,
}

fn note_text(text: &str) -> Result<String> {
    let trimmed = text.trim();
    if trimmed.chars().count() > MAX_NOTE_CHARS || trimmed.contains('\0') {
        return Err(Error::invalid(
            "note",
            format!("Keep the note under {MAX_NOTE_CHARS} characters, without NUL characters."),
        ));
    }
    Ok(trimmed.to_owned())
}

fn blank_to_none(key: &Option<String>) -> Option<String> {
    key.as_deref()
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .map(str::to_owned)
}

impl TimerInput {
    /// The note trimmed and checked, and empty links dropped.
    pub fn validate(&self) -> Result<TimerInput> {
        Ok(TimerInput {
            activity: self.activity,
            item_id: self.item_id,
            milestone_key: blank_to_none(&self.milestone_key),
            competency_id: self.competency_id,
            project_id: self.project_id,
            note: note_text(&self.note)?,
        })
    }
}

/// A local wall-clock time (`HH:MM`, or `HH:MM:SS` as a time input may send).
fn parse_time(field: &str, text: &str) -> Result<Time> {
    let trimmed = text.trim();
    let well_formed = (trimmed.len() == 5 || trimmed.len() == 8) && trimmed.as_bytes()[2] == b':';
    let parsed = if well_formed {
        trimmed.parse::<Time>().ok()
    } else {
        None
    };
    parsed.ok_or_else(|| Error::invalid(field, format!("\"{text}\" is not a time of day (use HH:MM).")))
}

/// The instant a local date and time name in `now`'s time zone. A time skipped by a daylight-saving change
/// does not exist and is refused; a repeated one means its first occurrence.
fn local_instant(field: &str, date: Date, time: Time, now: &ZonedDateTime) -> Result<Timestamp> {
    let ambiguous = now
        .time_zone()
        .to_ambiguous_zoned_datetime(date.to_datetime(time));
    if let AmbiguousOffset::Gap { .. } = ambiguous.offset() {
        return Err(Error::invalid(
            field,
            format!(
                "{} on {date} did not happen here: the clocks went forward.",
                time.strftime("%H:%M")
            ),
        ));
    }
    ambiguous
        .earlier()
        .map(|zoned| zoned.timestamp())
        .map_err(|e| Error::invalid(field, format!("That time cannot be used: {e}.")))
}

impl SessionInput {
    pub fn validate(&self, now: &ZonedDateTime) -> Result<ValidSession> {
        let started_on = parse_date("date", &self.date)?;
        if started_on > now.date() {
            return Err(Error::invalid(
                "date",
                "That day has not come yet; log time you have already spent.",
            ));
        }
        if started_on < crate::competency::EARLIEST_DATE {
            return Err(Error::invalid("date", "That date is too long ago to be right."));
        }
        let start_time = self
            .start_time
            .as_deref()
            .filter(|t| !t.trim().is_empty())
            .map(|t| parse_time("startTime", t))
            .transpose()?;
        let end_time = self
            .end_time
            .as_deref()
            .filter(|t| !t.trim().is_empty())
            .map(|t| parse_time("endTime", t))
            .transpose()?;
        let started_at = start_time
            .map(|time| local_instant("startTime", started_on, time, now))
            .transpose()?;
        if started_at.is_some_and(|at| at > now.timestamp()) {
            return Err(Error::invalid("startTime", "That time has not come yet."));
        }
        let seconds = match (end_time, self.duration_minutes) {
            (Some(_), Some(_)) => {
                return Err(Error::invalid(
                    "durationMinutes",
                    "Give an end time or a duration, not both.",
                ))
            }
            (None, None) => {
                return Err(Error::invalid(
                    "durationMinutes",
                    "Give how long you studied (or when you stopped).",
                ))
            }
            (Some(end), None) => {
                let Some(start) = started_at else {
                    return Err(Error::invalid(
                        "endTime",
                        "An end time needs a start time; or give a duration instead.",
                    ));
                };
                let end = local_instant("endTime", started_on, end, now)?;
                if end <= start {
                    return Err(Error::invalid(
                        "endTime",
                        "It ends before it starts. For a session past midnight, give its duration instead.",
                    ));
                }
                if end > now.timestamp() {
                    return Err(Error::invalid("endTime", "That time has not come yet."));
                }
                end.as_second() - start.as_second()
            }
            (None, Some(minutes)) => {
                let minutes = i64::from(minutes);
                if minutes <= 0 {
                    return Err(Error::invalid(
                        "durationMinutes",
                        "A session lasts at least a minute.",
                    ));
                }
                if minutes * 60 > MAX_SESSION_SECONDS {
                    return Err(Error::invalid(
                        "durationMinutes",
                        "A session is at most 24 hours (1440 minutes). Log longer stretches day by day.",
                    ));
                }
                let seconds = minutes * 60;
                if started_at.is_some_and(|at| at.as_second() + seconds > now.timestamp().as_second()) {
                    return Err(Error::invalid(
                        "durationMinutes",
                        "Started then, it would still be going on; shorten it or change the start.",
                    ));
                }
                seconds
            }
        };
        Ok(ValidSession {
            started_on,
            started_at,
            seconds,
            activity: self.activity,
            milestone_key: blank_to_none(&self.milestone_key),
            competency_id: self.competency_id,
            project_id: self.project_id,
            note: note_text(&self.note)?,
        })
    }
}

/// A planned break as typed.
#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct BreakInput {
    pub starts_on: String,
    pub ends_on: String,
    #[serde(default)]
    pub label: String,
}

/// A planned break: both days included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BreakDays {
    pub starts_on: Date,
    pub ends_on: Date,
}

impl BreakDays {
    pub fn contains(&self, day: Date) -> bool {
        self.starts_on <= day && day <= self.ends_on
    }
}

impl BreakInput {
    pub fn validate(&self) -> Result<(BreakDays, String)> {
        let starts_on = parse_date("startsOn", &self.starts_on)?;
        let ends_on = parse_date("endsOn", &self.ends_on)?;
        if ends_on < starts_on {
            return Err(Error::invalid("endsOn", "The break ends before it starts."));
        }
        if i64::from((ends_on - starts_on).get_days()) >= MAX_BREAK_DAYS {
            return Err(Error::invalid(
                "endsOn",
                format!("A planned break is at most {MAX_BREAK_DAYS} days."),
            ));
        }
        let label = self.label.trim();
        if label.chars().count() > MAX_BREAK_LABEL_CHARS || label.contains('\0') || label.contains('\n') {
            return Err(Error::invalid(
                "label",
                format!("Keep the label to one line under {MAX_BREAK_LABEL_CHARS} characters."),
            ));
        }
        Ok((BreakDays { starts_on, ends_on }, label.to_owned()))
    }
}

/// Checks a weekly target (minutes; `None` = no target).
pub fn weekly_target(minutes: Option<u32>) -> Result<Option<u32>> {
    match minutes {
        Some(m) if m > 7 * 24 * 60 => Err(Error::invalid(
            "weeklyMinutes",
            "A week has 10,080 minutes; choose a target below that.",
        )),
        other => Ok(other),
    }
}

/// The timer's active seconds at `now`: time since it started, less every pause (including the one going on).
/// A clock that went backwards gives zero, never a negative length.
pub fn timer_seconds(
    started_at: Timestamp,
    paused_seconds: i64,
    paused_at: Option<Timestamp>,
    now: Timestamp,
) -> i64 {
    let end = paused_at.unwrap_or(now).min(now).max(started_at);
    (end.as_second() - started_at.as_second() - paused_seconds).max(0)
}

/// How a stopped timer's time is saved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, specta::Type)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum StopChoice {
    /// Save the time as measured (only allowed up to [`LONG_TIMER_SECONDS`]).
    AsMeasured,
    /// The person confirmed a timer over 12 hours really was study (still at most 24 hours).
    KeepLong,
    /// Save only this many minutes (at most what was measured).
    Trim { minutes: i32 },
}

/// The seconds to save when a timer that measured `measured` seconds is stopped with `choice`.
pub fn stopped_seconds(measured: i64, choice: StopChoice) -> Result<i64> {
    let seconds = match choice {
        StopChoice::Trim { minutes } => {
            let minutes = i64::from(minutes);
            if minutes <= 0 {
                return Err(Error::invalid("keepMinutes", "Keep at least a minute."));
            }
            // Up to the measured time rounded up to the minute the person sees.
            if minutes * 60 >= measured + 60 {
                return Err(Error::invalid(
                    "keepMinutes",
                    format!(
                        "The timer measured {}; keep that or less.",
                        duration_words(measured)
                    ),
                ));
            }
            (minutes * 60).min(measured)
        }
        StopChoice::AsMeasured if measured > LONG_TIMER_SECONDS => {
            return Err(Error::Conflict(format!(
                "The timer has run for {}. Confirm you studied that long, or trim it, before it is saved.",
                duration_words(measured)
            )))
        }
        StopChoice::AsMeasured | StopChoice::KeepLong => measured,
    };
    if seconds < 1 {
        return Err(Error::Conflict(
            "The timer has not run yet; discard it instead.".into(),
        ));
    }
    if seconds > MAX_SESSION_SECONDS {
        return Err(Error::invalid(
            "keepMinutes",
            format!(
                "The timer ran for {}, longer than a day; trim it to the time you studied.",
                duration_words(measured)
            ),
        ));
    }
    Ok(seconds)
}

/// "2 h 05 min", "45 min", "3 days 4 h" for messages.
pub fn duration_words(seconds: i64) -> String {
    let minutes = seconds.max(0) / 60;
    let (days, hours, mins) = (minutes / 1440, minutes / 60 % 24, minutes % 60);
    match (days, hours) {
        (0, 0) => format!("{mins} min"),
        (0, _) => format!("{hours} h {mins:02} min"),
        (1, _) => format!("1 day {hours} h"),
        _ => format!("{days} days {hours} h"),
    }
}

#[cfg(test)]
mod tests;
