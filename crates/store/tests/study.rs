//! Study sessions, the timer, breaks and weekly measures on a real database file holding the built-in pathway.
//! The clock is pinned: every call gets its `now` in a real time zone (Europe/London, which changes its clocks).

use cairn_core::study::{Activity, BreakInput, SessionInput, StopChoice, TimerInput, WeekStart};
use cairn_core::ErrorCode;
use cairn_store::Store;
use cairn_testkit::{count_rows, field, TestResult};
use jiff::civil::date;
use jiff::{Timestamp, ZonedDateTime};
use std::path::Path;

/// A local instant in London.
fn london(local: &str) -> ZonedDateTime {
    format!("{local}[Europe/London]")
        .parse()
        .expect("a valid London time")
}

fn open(dir: &Path) -> Result<Store, Box<dyn std::error::Error>> {
    Ok(cairn_store::Store::open_with_pathway(dir, Timestamp::UNIX_EPOCH)?)
}

fn reading() -> TimerInput {
    TimerInput {
        activity: Activity::Reading,
        item_id: None,
        milestone_key: None,
        competency_id: None,
        project_id: None,
        note: String::new(),
    }
}

fn minutes_on(day: &str, minutes: i32) -> SessionInput {
    SessionInput {
        date: day.into(),
        start_time: None,
        end_time: None,
        duration_minutes: Some(minutes),
        activity: Activity::Reading,
        milestone_key: None,
        competency_id: None,
        project_id: None,
        note: String::new(),
    }
}

#[test]
fn a_timer_survives_reopening_the_file_paused_or_running_and_stopping_saves_exactly_one_session() -> TestResult
{
    let tmp = tempfile::tempdir()?;
    let mut input = reading();
    input.milestone_key = Some("adult-learning".into());
    input.note = "Moore's levels of outcomes".into();
    {
        let mut store = open(tmp.path())?;
        let timer = store.start_timer(&input, &london("2026-11-24T08:00:00"))?;
        assert_eq!((timer.paused, timer.elapsed_seconds), (false, 0));
        assert_eq!(timer.milestone_key.as_deref(), Some("adult-learning"));
        // The store is dropped without stopping the timer: a closed window or a crash.
    }
    let mut store = open(tmp.path())?;
    let timer = store
        .timer(london("2026-11-24T08:25:00").timestamp())?
        .ok_or("the timer is still there after reopening")?;
    assert_eq!((timer.paused, timer.elapsed_seconds), (false, 25 * 60));
    store.pause_timer(london("2026-11-24T08:25:00").timestamp())?;
    drop(store);

    let mut store = open(tmp.path())?;
    let paused = store
        .timer(london("2026-11-24T12:00:00").timestamp())?
        .ok_or("a paused timer survives too")?;
    assert_eq!(
        (paused.paused, paused.elapsed_seconds),
        (true, 25 * 60),
        "paused time does not count"
    );
    store.resume_timer(london("2026-11-24T12:00:00").timestamp())?;
    let session = store.stop_timer(StopChoice::AsMeasured, london("2026-11-24T12:10:30").timestamp())?;
    assert_eq!(session.seconds, 35 * 60 + 30);
    assert_eq!(session.started_on, "2026-11-24");
    assert_eq!(session.started_at.as_deref(), Some("2026-11-24T08:00:00Z"));
    assert_eq!(session.note, "Moore's levels of outcomes");
    assert!(store.timer(Timestamp::now())?.is_none());
    let again = store.stop_timer(StopChoice::AsMeasured, london("2026-11-24T12:11:00").timestamp());
    assert_eq!(
        again.err().map(|e| e.code()),
        Some(ErrorCode::NotFound),
        "a second stop saves nothing"
    );
    assert_eq!(store.sessions(0, 50)?.total, 1, "exactly one session");
    drop(store);
    assert_eq!(open(tmp.path())?.sessions(0, 50)?.total, 1, "and it is on disk");
    Ok(())
}

#[test]
fn a_second_timer_is_a_conflict_and_changes_nothing() -> TestResult {
    let tmp = tempfile::tempdir()?;
    let mut store = open(tmp.path())?;
    store.start_timer(&reading(), &london("2026-11-24T08:00:00"))?;
    let mut other = reading();
    other.activity = Activity::Course;
    let second = store.start_timer(&other, &london("2026-11-24T08:30:00"));
    assert_eq!(second.err().map(|e| e.code()), Some(ErrorCode::Conflict));
    store.pause_timer(london("2026-11-24T08:40:00").timestamp())?;
    let paused_second = store.start_timer(&other, &london("2026-11-24T08:45:00"));
    assert_eq!(
        paused_second.err().map(|e| e.code()),
        Some(ErrorCode::Conflict),
        "paused counts as one"
    );
    let timer = store
        .timer(london("2026-11-24T09:00:00").timestamp())?
        .ok_or("kept")?;
    assert_eq!(
        (timer.activity, timer.elapsed_seconds),
        (Activity::Reading, 40 * 60)
    );
    Ok(())
}

#[test]
fn a_timer_over_twelve_hours_is_confirmed_or_trimmed_before_it_is_saved() -> TestResult {
    let tmp = tempfile::tempdir()?;
    let mut store = open(tmp.path())?;
    store.start_timer(&reading(), &london("2026-11-23T19:00:00"))?;
    let morning = london("2026-11-24T08:00:00").timestamp();
    let refused = store.stop_timer(StopChoice::AsMeasured, morning);
    assert_eq!(refused.err().map(|e| e.code()), Some(ErrorCode::Conflict));
    assert!(
        store.timer(morning)?.is_some(),
        "the timer is still there to decide on"
    );
    assert_eq!(count_rows(&store, "study_session")?, 0);
    let too_much = store.stop_timer(StopChoice::Trim { minutes: 14 * 60 }, morning);
    assert_eq!(field(too_much.err()), Some("keepMinutes".into()));
    let session = store.stop_timer(StopChoice::Trim { minutes: 90 }, morning)?;
    assert_eq!(
        (session.seconds, session.started_on.as_str()),
        (90 * 60, "2026-11-23")
    );

    store.start_timer(&reading(), &london("2026-11-24T09:00:00"))?;
    let kept = store.stop_timer(StopChoice::KeepLong, london("2026-11-24T22:00:00").timestamp())?;
    assert_eq!(kept.seconds, 13 * 3600);

    // Forgotten over a weekend: more than a day must be trimmed.
    store.start_timer(&reading(), &london("2026-11-20T09:00:00"))?;
    let days = store.stop_timer(StopChoice::KeepLong, london("2026-11-23T09:00:00").timestamp());
    assert_eq!(field(days.err()), Some("keepMinutes".into()));
    assert_eq!(store.sessions(0, 50)?.total, 2);
    Ok(())
}

#[test]
fn discarding_a_timer_saves_nothing_and_can_be_undone_until_another_starts() -> TestResult {
    let tmp = tempfile::tempdir()?;
    let mut store = open(tmp.path())?;
    store.start_timer(&reading(), &london("2026-11-24T08:00:00"))?;
    store.discard_timer(london("2026-11-24T08:05:00").timestamp())?;
    assert!(store.timer(london("2026-11-24T08:05:00").timestamp())?.is_none());
    let paused_nothing = store.pause_timer(london("2026-11-24T08:06:00").timestamp());
    assert_eq!(paused_nothing.err().map(|e| e.code()), Some(ErrorCode::NotFound));
    let back = store.restore_timer(london("2026-11-24T08:10:00").timestamp())?;
    assert_eq!(back.elapsed_seconds, 10 * 60);
    store.discard_timer(london("2026-11-24T08:11:00").timestamp())?;
    store.start_timer(&reading(), &london("2026-11-24T08:12:00"))?;
    assert!(store
        .restore_timer(london("2026-11-24T08:13:00").timestamp())
        .is_err());
    assert_eq!(count_rows(&store, "study_session")?, 0);
    Ok(())
}

#[test]
fn a_timer_across_midnight_and_the_autumn_clock_change_counts_real_time_on_the_day_it_started() -> TestResult
{
    let tmp = tempfile::tempdir()?;
    let mut store = open(tmp.path())?;
    // Saturday 24 October 2026, 23:30 BST; clocks go back at 02:00 BST on Sunday; stopped 02:30 GMT.
    store.start_timer(&reading(), &london("2026-10-24T23:30:00"))?;
    let session = store.stop_timer(
        StopChoice::AsMeasured,
        london("2026-10-25T02:30:00+00:00").timestamp(),
    )?;
    assert_eq!(session.seconds, 4 * 3600, "23:30 BST to 02:30 GMT is four hours");
    assert_eq!(
        session.started_on, "2026-10-24",
        "it belongs to the day it started"
    );

    // With weeks starting on Sunday the session is in the week of 18 October, not that of the 25th.
    store.set_week_start(WeekStart::Sunday, Timestamp::UNIX_EPOCH)?;
    let weeks = store.study_weeks(date(2026, 10, 27), 2)?;
    assert_eq!(weeks[0].starts_on, "2026-10-18");
    assert_eq!(weeks[0].actual_minutes, 240);
    assert_eq!(weeks[1].actual_minutes, 0);
    Ok(())
}

#[test]
fn bad_manual_entries_and_unknown_links_are_refused_at_their_field_and_nothing_is_written() -> TestResult {
    let tmp = tempfile::tempdir()?;
    let mut store = open(tmp.path())?;
    let now = london("2026-11-24T10:00:00");
    let mut unknown_milestone = minutes_on("2026-11-24", 30);
    unknown_milestone.milestone_key = Some("no-such-milestone".into());
    let mut unknown_competency = minutes_on("2026-11-24", 30);
    unknown_competency.competency_id = Some(cairn_core::Id(9_999));
    let mut end_before_start = minutes_on("2026-11-24", 0);
    end_before_start.duration_minutes = None;
    end_before_start.start_time = Some("09:00".into());
    end_before_start.end_time = Some("08:30".into());
    let mut future_start = minutes_on("2026-11-24", 30);
    future_start.start_time = Some("11:00".into());
    let cases = [
        (minutes_on("2026-11-24", 0), "durationMinutes"),
        (minutes_on("2026-11-24", -15), "durationMinutes"),
        (minutes_on("2026-11-23", 25 * 60), "durationMinutes"),
        (minutes_on("2026-11-25", 30), "date"),
        (end_before_start, "endTime"),
        (future_start, "startTime"),
        (unknown_milestone, "milestoneKey"),
        (unknown_competency, "competencyId"),
    ];
    for (input, expected) in cases {
        let described = format!("{input:?}");
        assert_eq!(
            field(store.add_session(&input, &now).err()),
            Some(expected.into()),
            "{described}"
        );
    }
    let batch = [minutes_on("2026-11-20", 30), minutes_on("2026-11-21", 0)];
    assert_eq!(
        field(store.add_sessions(&batch, &now).err()),
        Some("sessions[1].durationMinutes".into()),
        "a batch names the entry"
    );
    let mut batch_link = batch.clone();
    batch_link[1] = minutes_on("2026-11-21", 10);
    batch_link[1].competency_id = Some(cairn_core::Id(9_999));
    assert_eq!(
        field(store.add_sessions(&batch_link, &now).err()),
        Some("sessions[1].competencyId".into())
    );
    assert_eq!(
        count_rows(&store, "study_session")?,
        0,
        "nothing written by any refusal"
    );
    // Also no timer for unknown links.
    let mut timer = reading();
    timer.milestone_key = Some("nowhere".into());
    assert_eq!(
        field(store.start_timer(&timer, &now).err()),
        Some("milestoneKey".into())
    );
    assert_eq!(count_rows(&store, "study_timer")?, 0);
    Ok(())
}

#[test]
fn manual_entries_are_listed_newest_first_edited_and_deleted_with_undo() -> TestResult {
    let tmp = tempfile::tempdir()?;
    let mut store = open(tmp.path())?;
    let now = london("2026-11-24T20:00:00");
    let competency = store.competency_overview(date(2026, 11, 24))?.competencies[0].clone();
    let mut first = minutes_on("2026-11-22", 45);
    first.activity = Activity::PodcastWebinar;
    first.milestone_key = Some("understand-cme".into());
    first.competency_id = Some(competency.id);
    first.note = "ACCME webinar".into();
    let first = store.add_session(&first, &now)?;
    assert!(first.milestone_title.is_some(), "the link is shown by name");
    assert_eq!(first.competency_name.as_deref(), Some(competency.name.as_str()));
    let mut timed = minutes_on("2026-11-24", 0);
    timed.duration_minutes = None;
    timed.start_time = Some("18:00".into());
    timed.end_time = Some("19:15".into());
    let second = store.add_session(&timed, &now)?;
    assert_eq!(second.seconds, 75 * 60);
    assert_eq!(
        second.started_at.as_deref(),
        Some("2026-11-24T18:00:00Z"),
        "GMT in November"
    );

    let list = store.sessions(0, 10)?;
    assert_eq!(list.total, 2);
    assert_eq!(
        list.sessions.iter().map(|s| s.id).collect::<Vec<_>>(),
        vec![second.id, first.id]
    );

    let mut changed = minutes_on("2026-11-23", 50);
    changed.activity = Activity::WritingPractice;
    let edited = store.update_session(first.id, &changed, &now)?;
    assert_eq!(
        (edited.seconds, edited.started_on.as_str()),
        (50 * 60, "2026-11-23")
    );
    assert_eq!(edited.milestone_key, None, "the edit replaced the links");

    store.delete_session(first.id, now.timestamp())?;
    assert_eq!(store.sessions(0, 10)?.total, 1);
    assert_eq!(
        store.study_week(date(2026, 11, 24))?.week.actual_minutes,
        75,
        "trash is left out"
    );
    let restored = store.restore_session(first.id)?;
    assert!(!restored.deleted);
    assert_eq!(store.study_week(date(2026, 11, 24))?.week.actual_minutes, 125);
    assert!(
        store.restore_session(first.id).is_err(),
        "restoring twice is refused"
    );
    Ok(())
}

#[test]
fn past_weeks_keep_their_target_breaks_are_left_out_and_consistency_does_not_reset() -> TestResult {
    let tmp = tempfile::tempdir()?;
    let mut store = open(tmp.path())?;
    let now = london("2026-11-25T21:00:00"); // a Wednesday
                                             // A target of 120 minutes set eight weeks ago, raised to 180 this week.
    store.set_weekly_target(Some(120), date(2026, 9, 28), Timestamp::UNIX_EPOCH)?;
    let week = store.set_weekly_target(Some(180), date(2026, 11, 24), Timestamp::UNIX_EPOCH)?;
    assert_eq!(week.weekly_minutes, Some(180));
    assert_eq!(
        store.profile()?.weekly_minutes,
        Some(180),
        "the profile's budget follows"
    );

    // Weeks from Monday 28 September: on target, missed, a two-week holiday, on target...
    let sessions = [
        minutes_on("2026-09-29", 130), // week of 28 Sep: on target (120)
        minutes_on("2026-10-06", 60),  // week of 5 Oct: missed
        minutes_on("2026-10-14", 20),  // week of 12 Oct: wholly on the break (studied anyway)
        minutes_on("2026-10-26", 125), // week of 26 Oct: on target
        minutes_on("2026-11-03", 70),  // week of 2 Nov: three break days, plan 69: on target
        minutes_on("2026-11-24", 100), // this week: under way, not yet on target (180)
    ];
    store.add_sessions(&sessions, &now)?;
    for (starts, ends) in [("2026-10-12", "2026-10-25"), ("2026-11-06", "2026-11-08")] {
        store.add_break(
            &BreakInput {
                starts_on: starts.into(),
                ends_on: ends.into(),
                label: "Holiday".into(),
            },
            Timestamp::UNIX_EPOCH,
        )?;
    }
    let weeks = store.study_weeks(date(2026, 11, 25), 9)?;
    let summary: Vec<_> = weeks
        .iter()
        .map(|w| (w.starts_on.as_str(), w.planned_minutes, w.on_target))
        .collect();
    assert_eq!(
        summary,
        vec![
            ("2026-09-28", Some(120), Some(true)),
            ("2026-10-05", Some(120), Some(false)),
            ("2026-10-12", None, None),
            ("2026-10-19", None, None),
            ("2026-10-26", Some(120), Some(true)),
            ("2026-11-02", Some(69), Some(true)),
            ("2026-11-09", Some(120), Some(false)),
            ("2026-11-16", Some(120), Some(false)),
            ("2026-11-23", Some(180), Some(false)),
        ]
    );
    assert_eq!(
        weeks[2].actual_minutes, 20,
        "time studied on a break still counts as time"
    );

    let this_week = store.study_week(date(2026, 11, 25))?;
    assert_eq!(this_week.week.actual_minutes, 100);
    assert_eq!(this_week.week.planned_minutes, Some(180));
    assert_eq!(this_week.today_minutes, 0);
    // Of the last 12 weeks: 4 before any target, 2 on a break, this week not over: 3 of 6 measured.
    let figure = this_week.consistency;
    assert_eq!(
        (
            figure.on_target,
            figure.measured,
            figure.break_weeks,
            figure.weeks
        ),
        (3, 6, 2, 12)
    );

    // Taking the breaks away brings those weeks back into the measure, at the full plan: the week of
    // 2 November (70 of 120) is now missed.
    for b in store.breaks()? {
        store.delete_break(b.id, Timestamp::UNIX_EPOCH)?;
    }
    let figure = store.study_week(date(2026, 11, 25))?.consistency;
    assert_eq!((figure.on_target, figure.measured, figure.break_weeks), (2, 8, 0));
    Ok(())
}

#[test]
fn the_heatmap_covers_twelve_months_of_whole_weeks_and_agrees_with_the_totals_of_those_days() -> TestResult {
    let tmp = tempfile::tempdir()?;
    let mut store = open(tmp.path())?;
    let now = london("2026-11-25T21:00:00");
    let competency = store.competency_overview(date(2026, 11, 25))?.competencies[1].clone();
    let mut linked = minutes_on("2026-11-20", 40);
    linked.milestone_key = Some("formats-deliverables".into());
    linked.competency_id = Some(competency.id);
    linked.activity = Activity::Course;
    let sessions = [
        minutes_on("2025-11-01", 300), // too old for the heatmap
        minutes_on("2025-11-25", 20),  // in its first week, the day before its 12 months
        minutes_on("2026-01-15", 30),
        minutes_on("2026-01-15", 15),
        linked,
        minutes_on("2026-11-25", 10),
    ];
    store.add_sessions(&sessions, &now)?;
    store.add_break(
        &BreakInput {
            starts_on: "2026-08-01".into(),
            ends_on: "2026-08-03".into(),
            label: String::new(),
        },
        Timestamp::UNIX_EPOCH,
    )?;
    let (from, today) = (date(2025, 11, 26), date(2026, 11, 25));
    let heatmap = store.study_heatmap(from, today)?;
    let first = heatmap.days.first().ok_or("days")?;
    assert_eq!(
        first.date, "2025-11-24",
        "the Monday of the week the 12 months start in"
    );
    assert_eq!(heatmap.from, "2025-11-26");
    assert_eq!(heatmap.days.last().map(|d| d.date.as_str()), Some("2026-11-25"));
    assert_eq!(heatmap.days.len(), 367);
    let day = |d: &str| heatmap.days.iter().find(|h| h.date == d).cloned();
    assert_eq!(day("2026-01-15").map(|d| d.minutes), Some(45));
    assert_eq!(day("2026-08-02").map(|d| d.on_break), Some(true));
    assert_eq!(
        day("2025-11-25").map(|d| d.minutes),
        Some(20),
        "drawn in its week"
    );
    assert_eq!(
        (heatmap.total_minutes, heatmap.study_days),
        (95, 3),
        "but not counted"
    );
    let year = store.study_totals(Some(from), today)?;
    assert_eq!(
        year.total_minutes, heatmap.total_minutes,
        "the totals card's 12 months"
    );
    for refused in [date(2026, 11, 26), date(2025, 11, 23)] {
        let error = store.study_heatmap(refused, today).err().ok_or("refused")?;
        assert_eq!(error.field(), Some("from"), "{refused}: {error}");
    }
    assert!(
        store.study_heatmap(date(2025, 11, 24), today).is_ok(),
        "366 days back, for a leap year"
    );

    let all = store.study_totals(None, date(2026, 11, 25))?;
    assert_eq!((all.total_minutes, all.sessions), (415, 6));
    assert_eq!(all.by_activity[0].key, "reading");
    assert_eq!(
        (all.by_activity[1].label.as_str(), all.by_activity[1].minutes),
        ("Course", 40)
    );
    let formats = all
        .by_milestone
        .iter()
        .find(|s| s.key == "formats-deliverables")
        .ok_or("formats-deliverables")?;
    assert_eq!(formats.minutes, 40);
    assert!(all
        .by_milestone
        .iter()
        .any(|s| s.key.is_empty() && s.minutes == 375));
    assert!(all
        .by_competency
        .iter()
        .any(|s| s.label == competency.name && s.minutes == 40));
    let recent = store.study_totals(Some(date(2026, 11, 1)), date(2026, 11, 25))?;
    assert_eq!(recent.total_minutes, 50);
    Ok(())
}
