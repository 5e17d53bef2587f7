//! Syncing packs into a real database file: first start, idempotence, updates that keep the person's work.

use cairn_core::Id;
use cairn_pathway::{builtin, load, Pack};
use cairn_store::Store;
use cairn_testkit::{at, count, TestResult};
use rusqlite::OptionalExtension;

fn text(store: &Store, sql: &str) -> rusqlite::Result<Option<String>> {
    store
        .connection()
        .query_row(sql, [], |row| row.get(0))
        .optional()
        .map(Option::flatten)
}

fn builtin_pack() -> Result<Pack, String> {
    builtin().map_err(|problems| format!("{problems:?}"))
}

#[test]
fn the_first_start_writes_the_whole_builtin_pathway() -> TestResult {
    let tmp = tempfile::tempdir()?;
    let mut store = Store::open(tmp.path())?;
    let report = store.sync_builtin_pathway(at("2026-11-24T08:00:00Z"))?;
    assert!(report.ran && report.changes > 0);

    let pack = builtin_pack()?;
    let items: usize = pack.milestones.iter().map(|m| m.items.len()).sum();
    let prompts: usize = pack.milestones.iter().map(|m| m.prompts.len()).sum();
    assert_eq!(
        count(&store, "SELECT count(*) FROM milestone")?,
        pack.milestones.len() as i64
    );
    assert_eq!(
        count(&store, "SELECT count(*) FROM checklist_item")?,
        items as i64
    );
    assert_eq!(
        count(&store, "SELECT count(*) FROM reflection_prompt")?,
        prompts as i64
    );
    assert_eq!(
        count(&store, "SELECT count(*) FROM competency")?,
        pack.competencies.len() as i64
    );
    assert_eq!(
        count(&store, "SELECT count(*) FROM competency_level")?,
        5 * pack.competencies.len() as i64
    );
    assert_eq!(
        count(&store, "SELECT count(*) FROM resource")?,
        pack.resources.len() as i64
    );
    assert_eq!(
        count(&store, "SELECT count(*) FROM source")?,
        pack.sources.len() as i64
    );
    assert_eq!(
        text(
            &store,
            "SELECT group_concat(key, ',') FROM (SELECT key FROM milestone ORDER BY position)"
        )?,
        Some("understand-cme,adult-learning,formats-deliverables,core-competencies,connect-network".into())
    );
    let first_items = text(
        &store,
        "SELECT group_concat(key, ',') FROM (SELECT c.key FROM checklist_item c JOIN milestone m ON m.id = c.milestone_id
         WHERE m.key = 'understand-cme' ORDER BY c.position LIMIT 2)",
    )?;
    assert_eq!(
        first_items,
        Some("m1-map-ecosystem,m1-accme-history".into()),
        "items keep the pack's order"
    );
    Ok(())
}

#[test]
fn syncing_the_same_pack_twice_changes_nothing() -> TestResult {
    let tmp = tempfile::tempdir()?;
    let mut store = Store::open(tmp.path())?;
    let pack = builtin_pack()?;
    store.sync_pathway(&pack, at("2026-11-24T08:00:00Z"))?;
    let again = store.sync_pathway(&pack, at("2026-11-25T08:00:00Z"))?;
    assert_eq!(
        again.changes, 0,
        "a full second sync of the same pack writes no row"
    );
    let skipped = store.sync_builtin_pathway(at("2026-11-26T08:00:00Z"))?;
    assert!(!skipped.ran, "the same version is not even parsed again");
    assert_eq!(
        text(&store, "SELECT synced_at FROM pathway_pack")?,
        Some("2026-11-24T08:00:00Z".into())
    );
    Ok(())
}

/// Version 1 of a small pack, and version 2 that rewords, adds, drops and moves entries.
const V1: &str = r#"
[pack]
key = "test-pack"
version = 1
title = "Test"

[[source]]
key = "src"
title = "Source"
url = "https://example.org/"

[[milestone]]
key = "one"
title = "One"
summary = "First"
done_looks_like = "Done"

[[milestone.item]]
key = "ticked"
title = "Ticked item"
details = "Old details"
activity = "read"
effort_minutes = 10
produces = "A note"
sources = ["src"]

[[milestone.item]]
key = "renamed"
title = "Pack title v1"
details = "Details"
activity = "write"
effort_minutes = 10
produces = "A note"

[[milestone.item]]
key = "hidden"
title = "Hidden item"
details = "Details"
activity = "write"
effort_minutes = 10
produces = "A note"

[[milestone.item]]
key = "dropped-untouched"
title = "Dropped, never touched"
details = "Details"
activity = "write"
effort_minutes = 10
produces = "A note"

[[milestone.item]]
key = "dropped-touched"
title = "Dropped, but ticked"
details = "Details"
activity = "write"
effort_minutes = 10
produces = "A note"

[[milestone.prompt]]
key = "prompt"
text = "Why?"

[[competency]]
key = "skill"
name = "Skill"
description = "A skill"
milestones = ["one"]
target_level = 3
anchors = ["a", "b", "c", "d", "e"]

[[competency]]
key = "old-skill"
name = "Old skill"
description = "Going away"
milestones = ["one"]
target_level = 3
anchors = ["a", "b", "c", "d", "e"]

[[resource]]
key = "old-resource"
kind = "reading"
title = "Old reading"
purpose = "Going away"
milestones = ["one"]
sources = ["src"]
"#;

fn v2() -> String {
    // Drops the two "dropped-*" items (their blocks run up to the prompt), adds one, rewords two, and swaps a
    // competency and a resource for new ones.
    let start = V1
        .find("[[milestone.item]]\nkey = \"dropped-untouched\"")
        .expect("the block exists");
    let end = V1.find("[[milestone.prompt]]").expect("the prompt exists");
    let added = "[[milestone.item]]\nkey = \"added\"\ntitle = \"Added in v2\"\ndetails = \"New\"\n\
                 activity = \"read\"\neffort_minutes = 5\nproduces = \"A note\"\nsources = [\"src\"]\n\n";
    format!("{}{added}{}", &V1[..start], &V1[end..])
        .replace("version = 1", "version = 2")
        .replace("Old details", "New details")
        .replace("Pack title v1", "Pack title v2")
        .replace(
            "[[competency]]\nkey = \"old-skill\"",
            "[[competency]]\nkey = \"new-skill\"",
        )
        .replace(
            "[[resource]]\nkey = \"old-resource\"",
            "[[resource]]\nkey = \"new-resource\"",
        )
}

#[test]
fn a_newer_pack_adds_and_rewords_without_touching_the_persons_changes() -> TestResult {
    let tmp = tempfile::tempdir()?;
    let mut store = Store::open(tmp.path())?;
    let v1 = load(V1).map_err(|p| format!("{p:?}"))?;
    store.sync_pathway(&v1, at("2026-01-01T00:00:00Z"))?;

    // What the person did with version 1.
    store.connection().execute_batch(
        "UPDATE checklist_item SET done_at = '2026-02-01T09:00:00Z', touched_at = '2026-02-01T09:00:00Z' WHERE key = 'ticked';
         UPDATE checklist_item SET title = 'My own words', touched_at = '2026-02-02T09:00:00Z' WHERE key = 'renamed';
         UPDATE checklist_item SET hidden_at = '2026-02-03T09:00:00Z', touched_at = '2026-02-03T09:00:00Z' WHERE key = 'hidden';
         UPDATE checklist_item SET done_at = '2026-02-04T09:00:00Z', touched_at = '2026-02-04T09:00:00Z' WHERE key = 'dropped-touched';
         UPDATE checklist_item SET position = 0, touched_at = '2026-02-05T09:00:00Z' WHERE key = 'hidden';",
    )?;

    let v2 = load(&v2()).map_err(|p| format!("{p:?}"))?;
    let report = store.sync_pathway(&v2, at("2026-03-01T00:00:00Z"))?;
    assert!(report.changes > 0);

    let item = |key: &str, column: &str| {
        text(
            &store,
            &format!("SELECT {column} FROM checklist_item WHERE key = '{key}'"),
        )
    };
    assert_eq!(
        item("ticked", "done_at")?,
        Some("2026-02-01T09:00:00Z".into()),
        "the tick survives"
    );
    assert_eq!(
        item("ticked", "details")?,
        Some("New details\n\nYou will have: A note.".into()),
        "unedited text follows the pack"
    );
    assert_eq!(
        item("renamed", "title")?,
        Some("My own words".into()),
        "the person's wording survives"
    );
    assert_eq!(
        item("renamed", "pack_title")?,
        Some("Pack title v2".into()),
        "the pack's wording is kept for reset"
    );
    assert!(item("hidden", "hidden_at")?.is_some(), "the item stays hidden");
    let hidden_position = count(&store, "SELECT position FROM checklist_item WHERE key = 'hidden'")?;
    assert_eq!(hidden_position, 0, "the person's order survives");
    assert_eq!(
        item("dropped-untouched", "title")?,
        None,
        "an untouched dropped item is removed"
    );
    assert!(
        item("dropped-touched", "retired_at")?.is_some(),
        "a ticked dropped item stays, retired"
    );
    assert_eq!(
        item("dropped-touched", "done_at")?,
        Some("2026-02-04T09:00:00Z".into())
    );
    let added_position: i64 = store.connection().query_row(
        "SELECT position FROM checklist_item WHERE key = 'added'",
        [],
        |row| row.get(0),
    )?;
    let last: i64 = store.connection().query_row(
        "SELECT max(position) FROM checklist_item WHERE key IS NOT 'added'",
        [],
        |row| row.get(0),
    )?;
    assert!(
        added_position > last,
        "a new item goes to the end of its milestone"
    );

    assert!(text(
        &store,
        "SELECT retired_at FROM competency WHERE key = 'old-skill'"
    )?
    .is_some());
    assert_eq!(
        count(
            &store,
            "SELECT count(*) FROM competency WHERE key = 'new-skill' AND retired_at IS NULL"
        )?,
        1
    );
    assert_eq!(
        count(&store, "SELECT count(*) FROM resource WHERE key = 'old-resource'")?,
        0
    );
    assert_eq!(
        count(&store, "SELECT count(*) FROM resource WHERE key = 'new-resource'")?,
        1
    );

    let again = store.sync_pathway(&v2, at("2026-03-02T00:00:00Z"))?;
    assert_eq!(again.changes, 0, "the update is idempotent too");
    Ok(())
}

#[test]
fn an_item_the_pack_brings_back_is_no_longer_retired() -> TestResult {
    let tmp = tempfile::tempdir()?;
    let mut store = Store::open(tmp.path())?;
    let v1 = load(V1).map_err(|p| format!("{p:?}"))?;
    store.sync_pathway(&v1, at("2026-01-01T00:00:00Z"))?;
    store.connection().execute(
        "UPDATE checklist_item SET touched_at = 'x' WHERE key = 'dropped-touched'",
        [],
    )?;
    store.sync_pathway(
        &load(&v2()).map_err(|p| format!("{p:?}"))?,
        at("2026-02-01T00:00:00Z"),
    )?;
    store.sync_pathway(&v1, at("2026-03-01T00:00:00Z"))?;
    let retired = text(
        &store,
        "SELECT retired_at FROM checklist_item WHERE key = 'dropped-touched'",
    )?;
    assert_eq!(retired, None);
    Ok(())
}

#[test]
fn an_item_with_a_note_is_kept_when_the_pack_drops_it() -> TestResult {
    let tmp = tempfile::tempdir()?;
    let mut store = Store::open(tmp.path())?;
    store.sync_pathway(
        &load(V1).map_err(|p| format!("{p:?}"))?,
        at("2026-01-01T00:00:00Z"),
    )?;
    let item_id: Id = store.connection().query_row(
        "SELECT id FROM checklist_item WHERE key = 'dropped-untouched'",
        [],
        |row| row.get(0),
    )?;
    let note = store.create_note(
        &cairn_core::note::NoteInput {
            title: "About the dropped item".into(),
            body: "Still mine".into(),
            target: cairn_core::note::NoteTarget::Item { id: item_id },
            tags: vec![],
        },
        Default::default(),
        at("2026-01-02T00:00:00Z"),
    )?;
    store.sync_pathway(
        &load(&v2()).map_err(|p| format!("{p:?}"))?,
        at("2026-02-01T00:00:00Z"),
    )?;
    assert!(
        text(
            &store,
            "SELECT retired_at FROM checklist_item WHERE key = 'dropped-untouched'"
        )?
        .is_some(),
        "the item is retired, not deleted, because a note is about it"
    );
    assert_eq!(
        store.note(note.id)?.attached_to.target(),
        cairn_core::note::NoteTarget::Item { id: item_id }
    );
    Ok(())
}
