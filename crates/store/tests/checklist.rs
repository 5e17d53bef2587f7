//! Checklist changes and progress, on a real database file holding the built-in pathway.

use cairn_core::checklist::ItemInput;
use cairn_core::ErrorCode;
use cairn_core::Id;
use cairn_store::Store;
use cairn_testkit::{first_item, pathway_at, Fallible, TestResult};
use jiff::civil::date;
use jiff::Timestamp;

const NOW: &str = "2026-11-24T09:30:00Z";

fn now() -> Timestamp {
    NOW.parse().expect("a valid instant")
}

fn pathway() -> Fallible<(tempfile::TempDir, Store)> {
    pathway_at(now())
}

fn input(title: &str, details: &str, due_on: Option<&str>) -> ItemInput {
    ItemInput {
        title: title.into(),
        details: details.into(),
        due_on: due_on.map(Into::into),
    }
}

fn item_rows(store: &Store) -> rusqlite::Result<i64> {
    store
        .connection()
        .query_row("SELECT count(*) FROM checklist_item", [], |row| row.get(0))
}

#[test]
fn ticking_an_item_records_the_time_and_moves_progress_and_the_next_item() -> TestResult {
    let (_tmp, mut store) = pathway()?;
    let before = store.milestone_detail("understand-cme")?.milestone;
    assert_eq!(before.progress.done, 0);
    let first = first_item(&store, "understand-cme")?;
    assert_eq!(before.next_item.as_ref().map(|n| n.id), Some(first));

    let ticked = store.set_item_done(first, true, now())?;
    assert_eq!(ticked.done_at.as_deref(), Some(NOW));
    let overview = store.pathway_overview(date(2026, 11, 24))?;
    let milestone = overview
        .milestones
        .iter()
        .find(|m| m.key == "understand-cme")
        .ok_or("listed")?;
    assert_eq!(milestone.progress.done, 1);
    assert_eq!(milestone.progress.total, before.progress.total);
    assert_ne!(
        milestone.next_item.as_ref().map(|n| n.id),
        Some(first),
        "the next item moves on"
    );
    assert_eq!(overview.overall.done, 1);

    let later: Timestamp = "2026-11-25T10:00:00Z".parse()?;
    assert_eq!(
        store.set_item_done(first, true, later)?.done_at.as_deref(),
        Some(NOW),
        "ticking twice keeps the first time"
    );
    assert_eq!(store.set_item_done(first, false, later)?.done_at, None);
    assert_eq!(store.pathway_overview(date(2026, 11, 24))?.overall.done, 0);
    Ok(())
}

#[test]
fn the_persons_own_item_goes_to_the_end_and_counts() -> TestResult {
    let (_tmp, mut store) = pathway()?;
    let total = store.milestone_detail("adult-learning")?.milestone.progress.total;
    let added = store.add_item(
        "adult-learning",
        &input("Shadow a CME planner", "Ask Dr Ng", Some("2026-12-01")),
        now(),
    )?;
    assert!(!added.builtin && !added.edited);
    assert_eq!(added.due_on.as_deref(), Some("2026-12-01"));
    let detail = store.milestone_detail("adult-learning")?;
    assert_eq!(detail.items.last().map(|i| i.id), Some(added.id));
    assert_eq!(detail.milestone.progress.total, total + 1);
    Ok(())
}

#[test]
fn bad_input_gets_a_field_error_and_writes_nothing() -> TestResult {
    let (_tmp, mut store) = pathway()?;
    let rows = item_rows(&store)?;
    let first = first_item(&store, "understand-cme")?;
    let cases: Vec<(cairn_core::Result<_>, ErrorCode, Option<&str>)> = vec![
        (
            store.add_item("understand-cme", &input(" ", "", None), now()),
            ErrorCode::InvalidInput,
            Some("title"),
        ),
        (
            store.add_item("understand-cme", &input(&"t".repeat(201), "", None), now()),
            ErrorCode::InvalidInput,
            Some("title"),
        ),
        (
            store.add_item("understand-cme", &input("Ok", &"d".repeat(10_001), None), now()),
            ErrorCode::InvalidInput,
            Some("details"),
        ),
        (
            store.add_item("understand-cme", &input("Ok", "", Some("2026-02-29")), now()),
            ErrorCode::InvalidInput,
            Some("dueOn"),
        ),
        (
            store.add_item("no-such-milestone", &input("Ok", "", None), now()),
            ErrorCode::NotFound,
            None,
        ),
        (
            store.edit_item(first, &input("", "", None), now()),
            ErrorCode::InvalidInput,
            Some("title"),
        ),
        (
            store.edit_item(Id(999_999), &input("Ok", "", None), now()),
            ErrorCode::NotFound,
            None,
        ),
        (
            store.set_item_done(Id(999_999), true, now()),
            ErrorCode::NotFound,
            None,
        ),
    ];
    for (index, (result, code, field)) in cases.into_iter().enumerate() {
        let error = result.err().ok_or(format!("case {index} must fail"))?;
        assert_eq!(
            (error.code(), error.field()),
            (code, field),
            "case {index}: {error}"
        );
    }
    assert_eq!(item_rows(&store)?, rows, "nothing was written");
    let unchanged = store.item(first)?;
    assert!(!unchanged.edited);
    Ok(())
}

#[test]
fn an_edited_pathway_item_can_be_reset_to_its_original_wording() -> TestResult {
    let (_tmp, mut store) = pathway()?;
    let id = first_item(&store, "understand-cme")?;
    let original = store.item(id)?;
    let edited = store.edit_item(id, &input("Map who does what in CME", "My version", None), now())?;
    assert!(edited.edited && edited.builtin);
    assert_eq!(edited.title, "Map who does what in CME");
    let reset = store.reset_item(id, now())?;
    assert!(!reset.edited);
    assert_eq!((reset.title, reset.details), (original.title, original.details));

    let own = store.add_item("understand-cme", &input("Mine", "", None), now())?;
    assert_eq!(
        store.reset_item(own.id, now()).err().map(|e| e.code()),
        Some(ErrorCode::Conflict)
    );
    Ok(())
}

#[test]
fn hidden_items_leave_progress_and_come_back_when_shown() -> TestResult {
    let (_tmp, mut store) = pathway()?;
    let id = first_item(&store, "formats-deliverables")?;
    let total = store
        .milestone_detail("formats-deliverables")?
        .milestone
        .progress
        .total;
    assert!(store.set_item_hidden(id, true, now())?.hidden);
    let detail = store.milestone_detail("formats-deliverables")?;
    assert_eq!(detail.milestone.progress.total, total - 1);
    assert!(
        detail.items.iter().any(|i| i.id == id && i.hidden),
        "a hidden item is still listed, flagged"
    );
    assert_ne!(
        detail.milestone.next_item.map(|n| n.id),
        Some(id),
        "a hidden item is never next"
    );
    assert!(!store.set_item_hidden(id, false, now())?.hidden);
    assert_eq!(
        store
            .milestone_detail("formats-deliverables")?
            .milestone
            .progress
            .total,
        total
    );

    let own = store.add_item("formats-deliverables", &input("Mine", "", None), now())?;
    assert_eq!(
        store.set_item_hidden(own.id, true, now()).err().map(|e| e.code()),
        Some(ErrorCode::Conflict)
    );
    Ok(())
}

#[test]
fn deleting_the_persons_own_item_can_be_undone() -> TestResult {
    let (_tmp, mut store) = pathway()?;
    let own = store.add_item("connect-network", &input("Call Priya", "", None), now())?;
    let total = store
        .milestone_detail("connect-network")?
        .milestone
        .progress
        .total;
    store.delete_item(own.id, now())?;
    let detail = store.milestone_detail("connect-network")?;
    assert!(detail.items.iter().all(|i| i.id != own.id));
    assert_eq!(detail.milestone.progress.total, total - 1);
    assert_eq!(
        store.item(own.id).err().map(|e| e.code()),
        Some(ErrorCode::NotFound)
    );

    let restored = store.restore_item(own.id, now())?;
    assert_eq!(
        (restored.title.as_str(), restored.position),
        ("Call Priya", own.position)
    );
    assert_eq!(
        store
            .milestone_detail("connect-network")?
            .milestone
            .progress
            .total,
        total
    );

    let builtin = first_item(&store, "connect-network")?;
    assert_eq!(
        store.delete_item(builtin, now()).err().map(|e| e.code()),
        Some(ErrorCode::Conflict)
    );
    assert_eq!(
        store.restore_item(builtin, now()).err().map(|e| e.code()),
        Some(ErrorCode::NotFound)
    );
    Ok(())
}

#[test]
fn moving_an_item_renumbers_the_checklist_in_the_new_order() -> TestResult {
    let (_tmp, mut store) = pathway()?;
    let ids: Vec<Id> = store
        .milestone_detail("core-competencies")?
        .items
        .iter()
        .map(|i| i.id)
        .collect();
    let last = *ids.last().ok_or("items")?;
    let moved = store.move_item(last, 0, now())?;
    assert_eq!(moved.first().map(|i| i.id), Some(last), "moved to the top");
    assert_eq!(
        moved.iter().map(|i| i.position).collect::<Vec<_>>(),
        (1..=ids.len() as u32).collect::<Vec<_>>()
    );
    let down_one = store.move_item(last, 1, now())?;
    assert_eq!(
        down_one.iter().map(|i| i.id).take(2).collect::<Vec<_>>(),
        vec![ids[0], last],
        "keyboard: one step down"
    );
    let past_the_end = store.move_item(ids[0], 10_000, now())?;
    assert_eq!(past_the_end.last().map(|i| i.id), Some(ids[0]));
    assert_eq!(
        store.milestone_detail("core-competencies")?.items,
        past_the_end,
        "the order is stored"
    );
    Ok(())
}

#[test]
fn due_soon_lists_overdue_and_upcoming_undone_items_soonest_first() -> TestResult {
    let (_tmp, mut store) = pathway()?;
    let today = date(2026, 11, 24);
    let overdue = store.add_item("understand-cme", &input("Overdue", "", Some("2026-11-20")), now())?;
    let soon = store.add_item("adult-learning", &input("Soon", "", Some("2026-12-01")), now())?;
    let later = store.add_item("adult-learning", &input("Later", "", Some("2027-01-15")), now())?;
    let done = store.add_item("adult-learning", &input("Done", "", Some("2026-11-25")), now())?;
    store.set_item_done(done.id, true, now())?;

    let due = store.pathway_overview(today)?.due_soon;
    let listed: Vec<(Id, bool)> = due.iter().map(|d| (d.id, d.overdue)).collect();
    assert_eq!(listed, vec![(overdue.id, true), (soon.id, false)]);
    assert!(due.iter().all(|d| d.id != later.id && d.id != done.id));
    assert_eq!(due[0].milestone_title, "Understand the CME landscape");
    Ok(())
}

#[test]
fn a_milestone_page_has_its_sources_prompts_and_resources() -> TestResult {
    let (_tmp, store) = pathway()?;
    let detail = store.milestone_detail("understand-cme")?;
    assert!(!detail.done_looks_like.is_empty());
    assert!(detail.prompts.len() >= 3);
    assert!(detail.resources.iter().any(|r| r.key == "accme"));
    let history = detail
        .items
        .iter()
        .find(|i| i.title == "Read how accreditation began")
        .ok_or("item")?;
    assert_eq!(
        history.sources.first().map(|s| s.url.as_str()),
        Some("https://accme.org/about-us/our-history")
    );
    assert_eq!(
        store.milestone_detail("nope").err().map(|e| e.code()),
        Some(ErrorCode::NotFound)
    );
    Ok(())
}

#[test]
fn changes_are_on_disk_for_the_next_start() -> TestResult {
    let tmp = tempfile::tempdir()?;
    let id = {
        let mut store = cairn_store::Store::open_with_pathway(tmp.path(), now())?;
        let id = first_item(&store, "adult-learning")?;
        store.set_item_done(id, true, now())?;
        id
    };
    let store = cairn_store::Store::open_with_pathway(tmp.path(), now())?;
    assert_eq!(store.item(id)?.done_at.as_deref(), Some(NOW));
    Ok(())
}

#[test]
fn the_profile_starts_empty_and_keeps_what_the_welcome_saved() -> TestResult {
    use cairn_core::checklist::{Background, ProfileInput};
    let (_tmp, mut store) = pathway()?;
    let empty = store.profile()?;
    assert_eq!(
        (empty.background, empty.weekly_minutes, empty.welcomed),
        (None, None, false)
    );

    let saved = store.save_profile(
        &ProfileInput {
            background: Some(Background::Pharmacist),
            weekly_minutes: Some(240),
        },
        jiff::civil::date(2026, 11, 24),
        now(),
    )?;
    assert_eq!(
        (saved.background, saved.weekly_minutes, saved.welcomed),
        (Some(Background::Pharmacist), Some(240), true)
    );

    let refused = store.save_profile(
        &ProfileInput {
            background: None,
            weekly_minutes: Some(5_000),
        },
        jiff::civil::date(2026, 11, 24),
        now(),
    );
    assert_eq!(
        refused.err().and_then(|e| e.field().map(str::to_owned)),
        Some("weeklyMinutes".into())
    );
    assert_eq!(
        store.profile()?.weekly_minutes,
        Some(240),
        "a refused change writes nothing"
    );

    let (_tmp2, mut other) = pathway()?;
    let skipped = other.skip_welcome(now())?;
    assert_eq!((skipped.background, skipped.welcomed), (None, true));
    Ok(())
}

#[test]
fn items_done_lists_ticked_items_in_the_order_they_were_ticked() -> TestResult {
    let (_tmp, mut store) = pathway()?;
    let mut items: Vec<Id> = store
        .milestone_detail("adult-learning")?
        .items
        .iter()
        .take(3)
        .map(|item| item.id)
        .collect();
    // Only the person's own items can be deleted.
    items.push(
        store
            .add_item("adult-learning", &input("Read Knowles", "", None), now())?
            .id,
    );
    let at =
        |minute: u32| -> Result<Timestamp, jiff::Error> { format!("2026-11-24T09:{minute:02}:00Z").parse() };
    store.set_item_done(items[2], true, at(1)?)?;
    store.set_item_done(items[0], true, at(2)?)?;
    store.set_item_done(items[1], true, at(3)?)?;
    store.set_item_done(items[3], true, at(4)?)?;
    store.set_item_hidden(items[1], true, at(5)?)?;
    store.delete_item(items[3], at(6)?)?;

    let done = store.items_done()?;
    let titles = store.milestone_detail("adult-learning")?.items;
    let title = |id: Id| {
        titles
            .iter()
            .find(|item| item.id == id)
            .map(|item| item.title.clone())
    };
    assert_eq!(
        done.iter().map(|d| Some(d.title.clone())).collect::<Vec<_>>(),
        vec![title(items[2]), title(items[0])],
        "hidden and deleted items are left out"
    );
    assert_eq!(done[0].done_at, "2026-11-24T09:01:00Z");
    let milestone = store.milestone_detail("adult-learning")?.milestone.title;
    assert!(done.iter().all(|d| d.milestone == milestone));
    Ok(())
}
