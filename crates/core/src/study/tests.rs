//! The study rules against hand-worked examples: entries, the timer's arithmetic, weeks, breaks and
//! consistency.

use super::weeks::*;
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
        project_id: None,
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
