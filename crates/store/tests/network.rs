//! The network on a real database file holding the built-in pathway: contacts and interactions, follow-ups
//! ordered and split by week, activity in a period, and bad contacts refused at their field.

use cairn_core::network::{ContactInput, InteractionChannel, InteractionInput, OrganisationKind};
use cairn_core::ErrorCode;
use cairn_store::Store;
use cairn_testkit::{field, TestResult};
use jiff::civil::{date, Date};
use jiff::Timestamp;
use std::path::Path;

fn now() -> Timestamp {
    "2026-11-24T09:00:00Z".parse().expect("a valid instant")
}

fn today() -> Date {
    date(2026, 11, 24)
}

fn open(dir: &Path) -> Result<Store, Box<dyn std::error::Error>> {
    Ok(cairn_store::Store::open_with_pathway(dir, now())?)
}

fn contact(name: &str, organisation: &str) -> ContactInput {
    ContactInput {
        name: name.into(),
        role: "Medical director".into(),
        organisation: organisation.into(),
        organisation_kind: OrganisationKind::AccreditedProvider,
        where_met: "LinkedIn".into(),
        links: vec!["https://example.org/team".into()],
        notes: String::new(),
    }
}

fn met(on: &str, follow_up: Option<&str>) -> InteractionInput {
    InteractionInput {
        happened_on: on.into(),
        channel: InteractionChannel::Email,
        summary: format!("Wrote on {on}"),
        follow_up_on: follow_up.map(Into::into),
    }
}

#[test]
fn follow_ups_are_ordered_split_by_week_done_undone_and_snoozed() -> TestResult {
    let tmp = tempfile::tempdir()?;
    let mut store = open(tmp.path())?;
    // Tuesday 24 November 2026; weeks start on Monday, so this week ends on Sunday the 29th.
    let ada = store.add_contact(&contact("Ada Obi", "Meded Partners"), now())?;
    let ben = store.add_contact(&contact("ben Ng", ""), now())?;
    let overdue = store.add_interaction(ada.id, &met("2026-11-10", Some("2026-11-20")), today(), now())?;
    let this_week = store.add_interaction(ben.id, &met("2026-11-23", Some("2026-11-29")), today(), now())?;
    let today_one = store.add_interaction(ada.id, &met("2026-11-23", Some("2026-11-24")), today(), now())?;
    let later = store.add_interaction(ben.id, &met("2026-11-24", Some("2026-11-30")), today(), now())?;
    store.add_interaction(ada.id, &met("2026-11-01", None), today(), now())?;

    let refused = store.add_interaction(ada.id, &met("2026-11-20", Some("2026-11-19")), today(), now());
    assert_eq!(field(refused.err()), Some("followUpOn".into()));
    let nobody = store.add_interaction(cairn_core::Id(4_242), &met("2026-11-20", None), today(), now());
    assert_eq!(nobody.err().map(|e| e.code()), Some(ErrorCode::NotFound));

    let split = store.follow_ups(today())?;
    let ids =
        |list: &[cairn_store::network::FollowUp]| list.iter().map(|f| f.interaction_id).collect::<Vec<_>>();
    assert_eq!(ids(&split.overdue), vec![overdue.id]);
    assert_eq!(ids(&split.this_week), vec![today_one.id, this_week.id]);
    assert_eq!(ids(&split.later), vec![later.id]);

    let listed = store.contacts()?;
    assert_eq!(
        listed.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(),
        vec!["Ada Obi", "ben Ng"]
    );
    assert_eq!(listed[0].next_follow_up_on.as_deref(), Some("2026-11-20"));
    assert_eq!(listed[0].interaction_count, 3);
    assert_eq!(listed[0].last_interaction_on.as_deref(), Some("2026-11-23"));

    // Done, then undone.
    store.set_follow_up_done(overdue.id, true, now())?;
    assert!(store.follow_ups(today())?.overdue.is_empty());
    store.set_follow_up_done(overdue.id, false, now())?;
    assert_eq!(ids(&store.follow_ups(today())?.overdue), vec![overdue.id]);

    // Snoozed a week; not into the past, not before the interaction.
    let past = store.snooze_follow_up(overdue.id, date(2026, 11, 23), today(), now());
    assert_eq!(field(past.err()), Some("until".into()));
    store.snooze_follow_up(overdue.id, date(2026, 12, 1), today(), now())?;
    let split = store.follow_ups(today())?;
    assert!(split.overdue.is_empty());
    assert_eq!(ids(&split.later), vec![later.id, overdue.id]);

    // A deleted contact's follow-ups leave the list; undo brings them back.
    store.delete_contact(ben.id, now())?;
    assert_eq!(ids(&store.follow_ups(today())?.this_week), vec![today_one.id]);
    store.restore_contact(ben.id)?;
    assert_eq!(store.follow_ups(today())?.this_week.len(), 2);

    // Weeks starting on Sunday: Sunday the 29th begins next week.
    store.set_week_start(cairn_core::study::WeekStart::Sunday, now())?;
    assert_eq!(ids(&store.follow_ups(today())?.this_week), vec![today_one.id]);
    Ok(())
}

#[test]
fn network_activity_counts_the_interactions_of_a_period_and_lists_the_latest() -> TestResult {
    let tmp = tempfile::tempdir()?;
    let mut store = open(tmp.path())?;
    let ada = store.add_contact(&contact("Ada Obi", "Meded Partners"), now())?;
    let ben = store.add_contact(&contact("Ben Ng", ""), now())?;
    let gone = store.add_contact(&contact("Cy Gone", ""), now())?;
    let call = |on: &str| InteractionInput {
        channel: InteractionChannel::Call,
        ..met(on, None)
    };
    store.add_interaction(ada.id, &met("2026-09-30", None), today(), now())?;
    store.add_interaction(ada.id, &met("2026-10-01", None), today(), now())?;
    store.add_interaction(ada.id, &call("2026-10-20"), today(), now())?;
    store.add_interaction(ben.id, &met("2026-10-31", None), today(), now())?;
    let removed = store.add_interaction(ben.id, &call("2026-10-25"), today(), now())?;
    store.delete_interaction(removed.id, now())?;
    store.add_interaction(gone.id, &met("2026-10-10", None), today(), now())?;
    store.delete_contact(gone.id, now())?;

    let october = store.network_activity(Some(date(2026, 10, 1)), date(2026, 10, 31))?;
    assert_eq!(october.contacts, 2);
    assert_eq!(
        october.interactions, 3,
        "both ends of the period count; the trash does not"
    );
    assert_eq!(october.people, 2);
    assert_eq!(
        october.by_channel,
        vec![(InteractionChannel::Email, 2), (InteractionChannel::Call, 1)]
    );
    let recent: Vec<(&str, &str)> = october
        .recent
        .iter()
        .map(|i| (i.happened_on.as_str(), i.contact_name.as_str()))
        .collect();
    assert_eq!(
        recent,
        vec![
            ("2026-10-31", "Ben Ng"),
            ("2026-10-20", "Ada Obi"),
            ("2026-10-01", "Ada Obi")
        ]
    );
    assert_eq!(october.recent[1].organisation, "Meded Partners");

    let ever = store.network_activity(None, today())?;
    assert_eq!(ever.interactions, 4);
    for day in 1..=12 {
        store.add_interaction(ben.id, &met(&format!("2026-11-{day:02}"), None), today(), now())?;
    }
    let ever = store.network_activity(None, today())?;
    assert_eq!(ever.recent.len(), cairn_store::network::RECENT_INTERACTIONS);
    assert_eq!(ever.recent[0].happened_on, "2026-11-12");
    Ok(())
}

#[test]
fn bad_contacts_are_refused_at_their_field_and_nothing_is_written() -> TestResult {
    let tmp = tempfile::tempdir()?;
    let mut store = open(tmp.path())?;
    let mut long = contact("Ada", "Org");
    long.role = "r".repeat(201);
    assert_eq!(field(store.add_contact(&long, now()).err()), Some("role".into()));
    let mut script_link = contact("Ada", "Org");
    script_link.links = vec!["https://ok.example".into(), "javascript:alert(1)".into()];
    assert_eq!(
        field(store.add_contact(&script_link, now()).err()),
        Some("links[1]".into())
    );
    assert!(store.contacts()?.is_empty());
    let ada = store.add_contact(&contact("Ada", "Org"), now())?;
    let mut unnamed = contact("", "Org");
    unnamed.name = "   ".into();
    assert_eq!(
        field(store.update_contact(ada.id, &unnamed, now()).err()),
        Some("name".into())
    );
    assert_eq!(store.contact(ada.id)?.name, "Ada", "unchanged");
    Ok(())
}
