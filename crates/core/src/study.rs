//! Study time: the rules for manual entries, the timer's arithmetic, and weeks measured against a target.
//!
//! Time is local and passed in (`now` is a [`ZonedDateTime`] in the person's time zone). A session belongs to
//! the local calendar day it started, and its length is elapsed real time between instants, so a session across
//! midnight counts on the day it began and one across a daylight-saving change counts the hours that passed.
//! Weeks start on the person's chosen day. A week's plan is the weekly target less the planned-break days
//! (pro rata); a week wholly on a break, or with no target, is not measured at all, so a break never counts as
//! a failure.

use crate::time::parse_date;
use crate::{Error, Result};
use jiff::civil::{Date, Time, Weekday};
use jiff::tz::AmbiguousOffset;
use jiff::{Timestamp, ToSpan, ZonedDateTime};
use serde::{Deserialize, Serialize};

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
    fn weekday(self) -> Weekday {
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
    pub competency_id: Option<u32>,
    #[serde(default)]
    pub note: String,
}

/// What a timer is for.
#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TimerInput {
    pub activity: Activity,
    #[serde(default)]
    pub milestone_key: Option<String>,
    #[serde(default)]
    pub competency_id: Option<u32>,
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
    pub competency_id: Option<u32>,
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
            milestone_key: blank_to_none(&self.milestone_key),
            competency_id: self.competency_id,
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

/// One week measured against its plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct WeekMeasure {
    /// The week's first day (`YYYY-MM-DD`).
    pub starts_on: String,
    /// The weekly target in force (before breaks).
    pub target_minutes: Option<u32>,
    /// The target less the break days; `None` when the week is not measured (no target, or all break).
    pub planned_minutes: Option<u32>,
    pub actual_minutes: u32,
    pub break_days: u8,
    /// `None` when the week is not measured.
    pub on_target: Option<bool>,
}

/// The plan for a week with `target` minutes and `break_days` of 7 on a break; `None` when not measured.
pub fn planned_minutes(target: Option<u32>, break_days: u8) -> Option<u32> {
    let target = target.filter(|&t| t > 0)?;
    let open_days = 7u32.checked_sub(u32::from(break_days)).filter(|&d| d > 0)?;
    // Rounded to the nearest minute; a week with any open day keeps a plan of at least a minute.
    Some(((target * open_days + 3) / 7).max(1))
}

/// Measures the week starting `starts_on` from its seconds, its target and the breaks.
pub fn measure_week(starts_on: Date, seconds: i64, target: Option<u32>, breaks: &[BreakDays]) -> WeekMeasure {
    let break_days = (0..7)
        .filter(|&offset| {
            let day = add_days(starts_on, offset);
            breaks.iter().any(|b| b.contains(day))
        })
        .count() as u8;
    let planned = planned_minutes(target, break_days);
    WeekMeasure {
        starts_on: starts_on.to_string(),
        target_minutes: target,
        planned_minutes: planned,
        actual_minutes: u32::try_from(seconds.max(0) / 60).unwrap_or(u32::MAX),
        break_days,
        on_target: planned.map(|p| seconds >= i64::from(p) * 60),
    }
}

/// "Weeks on target in the last 12, breaks left out".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Consistency {
    pub on_target: u32,
    /// Weeks measured: not a whole break, a target in force, and (for the week under way) already on target.
    pub measured: u32,
    pub weeks: u32,
    /// Weeks left out because they were wholly a planned break.
    pub break_weeks: u32,
}

/// Consistency over `weeks` (oldest first, the last one the week under way): the week under way counts only
/// once it is on target, since it is not over.
pub fn consistency(weeks: &[WeekMeasure]) -> Consistency {
    let last = weeks.len().saturating_sub(1);
    let mut figure = Consistency {
        on_target: 0,
        measured: 0,
        weeks: weeks.len() as u32,
        break_weeks: 0,
    };
    for (index, week) in weeks.iter().enumerate() {
        if week.break_days == 7 {
            figure.break_weeks += 1;
        }
        match week.on_target {
            Some(true) => {
                figure.on_target += 1;
                figure.measured += 1;
            }
            Some(false) if index != last => figure.measured += 1,
            _ => {}
        }
    }
    figure
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn at(text: &str) -> ZonedDateTime {
        text.parse().expect("a zoned date-time")
    }

    fn entry(date: &str, start: Option<&str>, end: Option<&str>, minutes: Option<i32>) -> SessionInput {
        SessionInput {
            date: date.into(),
            start_time: start.map(Into::into),
            end_time: end.map(Into::into),
            duration_minutes: minutes,
            activity: Activity::Reading,
            milestone_key: None,
            competency_id: None,
            note: String::new(),
        }
    }

    fn field_of(result: Result<ValidSession>) -> Option<String> {
        result.err().and_then(|e| e.field().map(str::to_owned))
    }

    #[test]
    fn weeks_start_on_the_chosen_day() {
        let wednesday = date(2026, 11, 25);
        assert_eq!(WeekStart::Monday.week_of(wednesday), date(2026, 11, 23));
        assert_eq!(WeekStart::Sunday.week_of(wednesday), date(2026, 11, 22));
        assert_eq!(WeekStart::Wednesday.week_of(wednesday), wednesday);
        assert_eq!(WeekStart::Thursday.week_of(wednesday), date(2026, 11, 19));
        // Across a year end.
        assert_eq!(WeekStart::Monday.week_of(date(2027, 1, 1)), date(2026, 12, 28));
    }

    #[test]
    fn a_manual_entry_across_the_spring_daylight_saving_change_counts_the_hours_that_passed() {
        // London's clocks went from 01:00 to 02:00 on 2026-03-29: 00:30 to 03:30 is two hours, not three.
        let now = at("2026-03-30T12:00:00[Europe/London]");
        let session = entry("2026-03-29", Some("00:30"), Some("03:30"), None).validate(&now);
        assert_eq!(session.map(|s| s.seconds).ok(), Some(2 * 3600));
        // And 01:30 that day never happened.
        let gap = entry("2026-03-29", Some("01:30"), None, Some(30)).validate(&now);
        assert_eq!(field_of(gap), Some("startTime".into()));
    }

    #[test]
    fn a_manual_entry_across_the_autumn_change_counts_the_repeated_hour() {
        // On 2026-10-25 London's clocks went back from 02:00 BST to 01:00 GMT: 00:30 to 02:30 is three hours.
        let now = at("2026-10-26T09:00:00[Europe/London]");
        let session = entry("2026-10-25", Some("00:30"), Some("02:30"), None).validate(&now);
        assert_eq!(session.map(|s| s.seconds).ok(), Some(3 * 3600));
    }

    #[test]
    fn bad_manual_entries_are_refused_at_their_field() {
        let now = at("2026-11-24T10:00:00[Europe/Paris]");
        let cases = [
            (entry("2026-11-24", None, None, Some(0)), "durationMinutes"),
            (entry("2026-11-24", None, None, Some(-30)), "durationMinutes"),
            (entry("2026-11-23", None, None, Some(1441)), "durationMinutes"),
            (entry("2026-11-24", None, None, None), "durationMinutes"),
            (
                entry("2026-11-24", Some("08:00"), Some("09:00"), Some(60)),
                "durationMinutes",
            ),
            (entry("2026-11-24", Some("09:00"), Some("08:00"), None), "endTime"),
            (entry("2026-11-24", Some("09:00"), Some("09:00"), None), "endTime"),
            (entry("2026-11-24", None, Some("09:00"), None), "endTime"),
            (entry("2026-11-24", Some("08:00"), Some("11:00"), None), "endTime"),
            (entry("2026-11-24", Some("10:30"), None, Some(20)), "startTime"),
            (
                entry("2026-11-24", Some("09:30"), None, Some(60)),
                "durationMinutes",
            ),
            (entry("2026-11-25", None, None, Some(20)), "date"),
            (entry("2026-02-30", None, None, Some(20)), "date"),
            (entry("2026-11-24", Some("25:00"), None, Some(20)), "startTime"),
            (entry("2026-11-24", Some("9am"), None, Some(20)), "startTime"),
        ];
        for (input, field) in cases {
            let described = format!("{input:?}");
            assert_eq!(field_of(input.validate(&now)), Some(field.into()), "{described}");
        }
        let mut long_note = entry("2026-11-24", None, None, Some(20));
        long_note.note = "x".repeat(MAX_NOTE_CHARS + 1);
        assert_eq!(field_of(long_note.validate(&now)), Some("note".into()));
    }

    #[test]
    fn a_good_entry_keeps_its_day_start_and_length() -> Result<()> {
        let now = at("2026-11-24T10:00:00[Europe/Paris]");
        let session = entry("2026-11-24", Some("08:15"), None, Some(45)).validate(&now)?;
        assert_eq!(session.started_on, date(2026, 11, 24));
        assert_eq!(
            session.started_at.map(|t| t.to_string()),
            Some("2026-11-24T07:15:00Z".into())
        );
        assert_eq!(session.seconds, 45 * 60);
        let whole_day = entry("2026-11-23", None, None, Some(1440)).validate(&now)?;
        assert_eq!(whole_day.seconds, MAX_SESSION_SECONDS);
        Ok(())
    }

    #[test]
    fn the_timer_counts_running_time_only() -> std::result::Result<(), jiff::Error> {
        let start: Timestamp = "2026-11-24T08:00:00Z".parse()?;
        let now: Timestamp = "2026-11-24T09:00:00Z".parse()?;
        let paused: Timestamp = "2026-11-24T08:50:00Z".parse()?;
        assert_eq!(timer_seconds(start, 0, None, now), 3600);
        // 10 minutes of earlier pauses, and paused for the last 10.
        assert_eq!(timer_seconds(start, 600, Some(paused), now), 2400);
        // A clock that went backwards.
        assert_eq!(timer_seconds(now, 0, None, start), 0);
        Ok(())
    }

    #[test]
    fn the_twelve_hour_rule() {
        let hour = 3600;
        assert_eq!(
            stopped_seconds(2 * hour, StopChoice::AsMeasured).ok(),
            Some(2 * hour)
        );
        assert_eq!(
            stopped_seconds(LONG_TIMER_SECONDS, StopChoice::AsMeasured).ok(),
            Some(LONG_TIMER_SECONDS)
        );
        let long = stopped_seconds(13 * hour, StopChoice::AsMeasured);
        assert_eq!(long.err().map(|e| e.code()), Some(crate::ErrorCode::Conflict));
        assert_eq!(
            stopped_seconds(13 * hour, StopChoice::KeepLong).ok(),
            Some(13 * hour)
        );
        assert_eq!(
            stopped_seconds(13 * hour, StopChoice::Trim { minutes: 90 }).ok(),
            Some(90 * 60)
        );
        // A forgotten timer over a day must be trimmed.
        let days = stopped_seconds(30 * hour, StopChoice::KeepLong);
        assert_eq!(
            days.err().and_then(|e| e.field().map(str::to_owned)),
            Some("keepMinutes".into())
        );
        // Trimming keeps at most what was measured, and at least a minute.
        assert!(stopped_seconds(13 * hour, StopChoice::Trim { minutes: 13 * 60 + 1 }).is_err());
        assert!(stopped_seconds(13 * hour, StopChoice::Trim { minutes: 0 }).is_err());
        assert_eq!(
            stopped_seconds(90, StopChoice::Trim { minutes: 2 }).ok(),
            Some(90)
        );
        assert!(stopped_seconds(0, StopChoice::AsMeasured).is_err());
    }

    #[test]
    fn breaks_lower_the_plan_pro_rata_and_a_whole_break_week_is_not_measured() {
        let monday = date(2026, 11, 23);
        let two_days = [BreakDays {
            starts_on: date(2026, 11, 27),
            ends_on: date(2026, 12, 10),
        }];
        // Friday to Sunday of this week are on the break: 4 open days of 7.
        let week = measure_week(monday, 100 * 60, Some(175), &two_days);
        assert_eq!(week.break_days, 3);
        assert_eq!(week.planned_minutes, Some(100));
        assert_eq!(week.on_target, Some(true));
        let next = measure_week(add_days(monday, 7), 0, Some(175), &two_days);
        assert_eq!(
            (next.break_days, next.planned_minutes, next.on_target),
            (7, None, None)
        );
        let no_target = measure_week(monday, 0, None, &[]);
        assert_eq!(no_target.on_target, None);
    }

    #[test]
    fn consistency_leaves_out_breaks_and_does_not_fail_the_week_under_way() {
        let week = |on: Option<bool>, break_days: u8| WeekMeasure {
            starts_on: String::new(),
            target_minutes: Some(60),
            planned_minutes: on.map(|_| 60),
            actual_minutes: 0,
            break_days,
            on_target: on,
        };
        let weeks = [
            week(Some(true), 0),
            week(None, 7),
            week(Some(false), 0),
            week(Some(true), 2),
            week(Some(false), 0), // under way, not yet on target: not counted
        ];
        assert_eq!(
            consistency(&weeks),
            Consistency {
                on_target: 2,
                measured: 3,
                weeks: 5,
                break_weeks: 1
            }
        );
        let mut done = weeks.to_vec();
        done[4] = week(Some(true), 0);
        assert_eq!(consistency(&done).on_target, 3);
        assert_eq!(consistency(&done).measured, 4);
    }

    #[test]
    fn breaks_are_checked() {
        let input = |s: &str, e: &str| BreakInput {
            starts_on: s.into(),
            ends_on: e.into(),
            label: "Holiday".into(),
        };
        assert!(input("2026-12-20", "2027-01-03").validate().is_ok());
        assert!(input("2026-12-20", "2026-12-20").validate().is_ok());
        let field = |r: Result<(BreakDays, String)>| r.err().and_then(|e| e.field().map(str::to_owned));
        assert_eq!(
            field(input("2026-12-20", "2026-12-19").validate()),
            Some("endsOn".into())
        );
        assert_eq!(
            field(input("2026-12-20", "2028-12-19").validate()),
            Some("endsOn".into())
        );
        assert_eq!(
            field(input("2026-12-32", "2026-12-19").validate()),
            Some("startsOn".into())
        );
    }
}
