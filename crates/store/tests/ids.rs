//! Global record ids (migration 10, `ids.rs`): two devices agree on the ids of the records they both name (the
//! pathway's, tags), the person's own records get ids in the order they were made, and the database refuses
//! a new record without a global id.

use cairn_core::note::{NoteInput, NoteTarget};
use cairn_store::ids::{keyed_id, SMALLEST_GLOBAL_ID};
use cairn_store::notes::NoteOrigin;
use cairn_store::Store;
use cairn_testkit::{at, pathway_at, Fallible, TestResult};

/// Every (key, id) of a table of named records.
fn keyed(store: &Store, table: &str) -> Fallible<Vec<(String, i64)>> {
    Ok(store
        .connection()
        .prepare(&format!(
            "SELECT key, id FROM {table} WHERE key IS NOT NULL ORDER BY key"
        ))?
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?)
}

fn note(title: &str, tags: &[&str]) -> NoteInput {
    NoteInput {
        title: title.into(),
        body: String::new(),
        target: NoteTarget::None,
        tags: tags.iter().map(|&t| t.to_owned()).collect(),
    }
}

fn tag_id(store: &Store, name: &str) -> rusqlite::Result<i64> {
    store
        .connection()
        .query_row("SELECT id FROM tag WHERE name = ?1", [name], |row| row.get(0))
}

#[test]
fn two_devices_give_the_pathway_and_a_tag_the_same_ids() -> TestResult {
    // Two devices, set up a day apart: the pathway's records, made on each, have the same ids.
    let (_laptop_dir, mut laptop) = pathway_at(at("2026-11-24T08:00:00Z"))?;
    let (_desktop_dir, mut desktop) = pathway_at(at("2026-11-25T12:30:00Z"))?;
    for table in [
        "milestone",
        "checklist_item",
        "reflection_prompt",
        "competency",
        "resource",
    ] {
        let on_laptop = keyed(&laptop, table)?;
        assert!(!on_laptop.is_empty(), "the pathway has {table} records");
        assert_eq!(on_laptop, keyed(&desktop, table)?, "{table}");
        for (key, id) in &on_laptop {
            assert_eq!(*id, keyed_id(table, key), "{table} {key}");
        }
    }

    // A tag made on each device, in a different case: one tag, one id.
    laptop.create_tag("Ethics", at("2026-11-26T08:00:00Z"))?;
    desktop.create_tag("ethics", at("2026-11-26T12:00:00Z"))?;
    laptop.create_note(
        &note("On the train", &["Ethics"]),
        NoteOrigin::default(),
        at("2026-11-26T08:00:00Z"),
    )?;
    desktop.create_note(
        &note("At lunch", &["ethics"]),
        NoteOrigin::default(),
        at("2026-11-26T12:00:00Z"),
    )?;
    assert_eq!(tag_id(&laptop, "Ethics")?, tag_id(&desktop, "ethics")?);
    Ok(())
}

#[test]
fn a_persons_records_get_global_ids_in_the_order_they_were_made() -> TestResult {
    let (_dir, mut store) = pathway_at(at("2026-11-24T08:00:00Z"))?;
    let mut ids = Vec::new();
    for title in ["First", "Second", "Third"] {
        let made = store.create_note(
            &note(title, &[]),
            NoteOrigin::default(),
            at("2026-11-24T09:00:00Z"),
        )?;
        ids.push(made.id.0);
    }
    assert!(ids.windows(2).all(|pair| pair[0] < pair[1]), "{ids:?}");
    assert!(
        ids.iter().all(|id| (SMALLEST_GLOBAL_ID..1 << 53).contains(id)),
        "{ids:?}"
    );
    Ok(())
}

#[test]
fn the_database_refuses_a_new_record_without_a_global_id() -> TestResult {
    let (_dir, store) = pathway_at(at("2026-11-24T08:00:00Z"))?;
    for sql in [
        // Left to SQLite, which would count from the largest id plus one.
        "INSERT INTO note (title, created_at, updated_at) VALUES ('x', '2026-11-24', '2026-11-24')",
        // A counted id, as schema 9 and earlier gave.
        "INSERT INTO note (id, title, created_at, updated_at) VALUES (7, 'x', '2026-11-24', '2026-11-24')",
        "INSERT INTO contact (name, organisation_kind, created_at, updated_at) VALUES ('x', 'peer', 'a', 'a')",
    ] {
        let refused = store.connection().execute(sql, []).err().ok_or(sql)?;
        assert!(refused.to_string().contains("needs a global id"), "{sql}: {refused}");
    }
    Ok(())
}
