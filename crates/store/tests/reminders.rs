//! Reminders on a real database holding the built-in pathway, on a pinned clock in London: what is due today
//! (an item, a follow-up, a next step) reminded once that day; the week's study on the chosen day and time and
//! not before; a kind switched off stays quiet; the choices survive a reopen and a bad time is refused.

use cairn_core::checklist::{ItemInput, ProfileInput};
use cairn_core::network::{ContactInput, InteractionChannel, InteractionInput, OrganisationKind};
use cairn_core::pipeline::{OrganisationInput, OutreachSource, PipelineStage};
use cairn_core::reminders::{ReminderKind, ReminderSettings};
use cairn_core::study::WeekStart;
use cairn_store::Store;
use cairn_testkit::{field, TestResult};
use jiff::ZonedDateTime;

fn london(local: &str) -> ZonedDateTime {
    format!("{local}[Europe/London]")
        .parse()
        .expect("a valid London time")
}

#[test]
fn what_is_due_is_reminded_once_a_day_and_the_week_at_its_time() -> TestResult {
    let dir = tempfile::tempdir()?;
    // Wednesday 2 December 2026.
    let wednesday = london("2026-12-02T09:00:00");
    let now = wednesday.timestamp();
    let today = wednesday.date();
    let mut store = Store::open_with_pathway(dir.path(), now)?;
    store.save_profile(
        &ProfileInput {
            background: None,
            weekly_minutes: Some(240),
        },
        today,
        now,
    )?;
    assert!(
        store.take_reminders(&wednesday)?.is_empty(),
        "nothing due, and the week's time has not come"
    );

    store.add_item(
        "understand-cme",
        &ItemInput {
            title: "Send the timeline to my mentor".into(),
            details: String::new(),
            due_on: Some("2026-12-02".into()),
        },
        now,
    )?;
    let contact = store.add_contact(
        &ContactInput {
            name: "Ines Silva".into(),
            role: String::new(),
            organisation: String::new(),
            organisation_kind: OrganisationKind::Peer,
            where_met: String::new(),
            links: Vec::new(),
            notes: String::new(),
        },
        now,
    )?;
    store.add_interaction(
        contact.id,
        &InteractionInput {
            happened_on: "2026-11-20".into(),
            channel: InteractionChannel::ALL[0],
            summary: "Coffee".into(),
            follow_up_on: Some("2026-12-02".into()),
        },
        today,
        now,
    )?;
    store.add_organisation(
        &OrganisationInput {
            name: "Northgate CME Institute".into(),
            kind: OrganisationKind::AccreditedProvider,
            source: OutreachSource::Event,
            next_step: "Chase the quote".into(),
            next_step_on: Some("2026-12-01".into()),
            notes: String::new(),
        },
        PipelineStage::Quoted,
        today,
        now,
    )?;

    let reminders = store.take_reminders(&london("2026-12-02T10:00:00"))?;
    assert_eq!(reminders.len(), 1, "{reminders:?}");
    assert_eq!(reminders[0].kind, ReminderKind::Due);
    assert_eq!(
        reminders[0].body,
        "1 checklist item (Send the timeline to my mentor); 1 follow-up (Ines Silva); 1 next step (Northgate CME Institute)."
    );
    assert!(
        store.take_reminders(&london("2026-12-02T15:00:00"))?.is_empty(),
        "once a day"
    );

    // The week's study: Friday at 17:00 by default, not a minute before; once. What is still overdue on Friday is
    // Friday's own reminder.
    let before = store.take_reminders(&london("2026-12-04T16:59:00"))?;
    assert_eq!(
        before.iter().map(|r| r.kind).collect::<Vec<_>>(),
        [ReminderKind::Due]
    );
    let friday = store.take_reminders(&london("2026-12-04T17:00:00"))?;
    assert_eq!(friday.len(), 1, "{friday:?}");
    assert_eq!(friday[0].kind, ReminderKind::Week);
    assert_eq!(
        friday[0].body,
        "You have studied 0 min of the 4 h you planned this week: 4 h to go."
    );
    assert!(store
        .take_reminders(&london("2026-12-05T10:00:00"))?
        .iter()
        .all(|r| r.kind != ReminderKind::Week));

    // Switched off, the things due stay quiet; a bad time is refused at its field, and nothing changes.
    let quiet = ReminderSettings {
        due: false,
        reassess: true,
        week: true,
        week_on: WeekStart::Monday,
        week_at: "08:30".into(),
    };
    store.set_reminder_settings(&quiet, now)?;
    assert!(store
        .take_reminders(&london("2026-12-06T10:00:00"))?
        .iter()
        .all(|r| r.kind != ReminderKind::Due));
    let refused = store.set_reminder_settings(
        &ReminderSettings {
            week_at: "half past".into(),
            ..quiet.clone()
        },
        now,
    );
    assert_eq!(field(refused.err()), Some("weekAt".into()));
    drop(store);
    let store = Store::open(dir.path())?;
    assert_eq!(store.reminder_settings()?, quiet);
    Ok(())
}
