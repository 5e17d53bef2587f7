//! Sync through a folder (issue 19): two devices, each with its own data folder, and one sync folder between
//! them, as Dropbox or Syncthing would carry it.

use cairn_core::note::{NoteInput, NoteTarget};
use cairn_core::Id;
use cairn_store::notes::NoteOrigin;
use cairn_store::Store;
use cairn_testkit::{at, first_item, pathway_at, synced_data, Fallible, TestResult};
use jiff::Timestamp;
use std::path::Path;

fn note(title: &str, body: &str) -> NoteInput {
    NoteInput {
        title: title.into(),
        body: body.into(),
        target: NoteTarget::None,
        tags: Vec::new(),
    }
}

fn piece(title: &str) -> cairn_core::portfolio::PieceInput {
    use cairn_core::portfolio::{Deliverable, PieceInput, PieceStatus};
    PieceInput {
        title: title.into(),
        deliverable: Deliverable::NeedsAssessment,
        status: PieceStatus::Drafting,
        started_on: None,
        finished_on: None,
        competency_ids: Vec::new(),
        notes: String::new(),
        confidential: false,
    }
}

fn device(name: &str, folder: &Path, now: Timestamp) -> Fallible<(tempfile::TempDir, Store)> {
    let (dir, mut store) = pathway_at(now)?;
    store.set_up_sync(folder, name, now)?;
    Ok((dir, store))
}

#[test]
fn a_note_written_on_one_device_is_on_the_other_after_both_sync() -> TestResult {
    let folder = tempfile::tempdir()?;
    let now = at("2026-11-24T08:00:00Z");
    let (_a, mut laptop) = device("Laptop", folder.path(), now)?;
    let (_b, mut desktop) = device("Desktop", folder.path(), now)?;

    let written = laptop.create_note(
        &note("On the train", "Moore's levels, again."),
        NoteOrigin::default(),
        now,
    )?;
    let item = first_item(&laptop, "adult-learning")?;
    laptop.set_item_done(item, true, now)?;
    assert!(laptop.sync_now(now)?.written >= 2);
    let report = desktop.sync_now(now)?;
    assert!(report.applied >= 2, "{report:?}");

    assert_eq!(desktop.note(written.id)?.body, "Moore's levels, again.");
    assert!(desktop.item(item)?.done_at.is_some());
    laptop.sync_now(now)?;
    assert_eq!(synced_data(&laptop)?, synced_data(&desktop)?);
    let status = desktop.sync_status()?.ok_or("set up")?;
    assert_eq!(status.devices.len(), 1);
    assert_eq!(status.devices[0].name, "Laptop");
    Ok(())
}

#[test]
fn edits_of_different_fields_both_survive_and_the_same_field_keeps_the_later_with_the_other_set_aside(
) -> TestResult {
    let folder = tempfile::tempdir()?;
    let now = at("2026-11-24T08:00:00Z");
    let (_a, mut laptop) = device("Laptop", folder.path(), now)?;
    let (_b, mut desktop) = device("Desktop", folder.path(), now)?;
    let id: Id = laptop
        .create_note(&note("Draft", "First text."), NoteOrigin::default(), now)?
        .id;
    laptop.sync_now(now)?;
    desktop.sync_now(now)?;

    // Offline, each device edits the note: the laptop its title, the desktop its text, then both the text.
    laptop.save_note(id, &note("Needs assessment", "First text."), now)?;
    desktop.save_note(id, &note("Draft", "Desktop text."), now)?;
    laptop.sync_now(now)?;
    desktop.sync_now(now)?;
    laptop.sync_now(now)?;
    for store in [&laptop, &desktop] {
        let merged = store.note(id)?;
        assert_eq!(
            (merged.title.as_str(), merged.body.as_str()),
            ("Needs assessment", "Desktop text.")
        );
    }

    laptop.save_note(id, &note("Needs assessment", "Laptop's version."), now)?;
    std::thread::sleep(std::time::Duration::from_millis(5));
    desktop.save_note(id, &note("Needs assessment", "Desktop's later version."), now)?;
    // Three rounds: the laptop keeps its losing text as a version when it applies the desktop's edit, and
    // that version travels on the laptop's next sync.
    for _ in 0..3 {
        laptop.sync_now(now)?;
        desktop.sync_now(now)?;
    }
    let (l, d) = (synced_data(&laptop)?, synced_data(&desktop)?);
    let diff: Vec<_> = l.lines().zip(d.lines()).filter(|(a, b)| a != b).take(8).collect();
    assert!(
        diff.is_empty() && l.lines().count() == d.lines().count(),
        "both devices hold the same data: {diff:#?}"
    );
    assert_eq!(laptop.note(id)?.body, "Desktop's later version.");
    // The text that lost is in the note's history on both devices, and in the conflict list.
    for store in [&laptop, &desktop] {
        let kept = store.connection().query_row(
            "SELECT count(*) FROM note_version WHERE note_id = ?1 AND body = 'Laptop''s version.'",
            [id],
            |row| row.get::<_, i64>(0),
        )?;
        assert_eq!(kept, 1);
        let set_aside = store.connection().query_row(
            "SELECT count(*) FROM sync_conflict WHERE column_name = 'body' AND set_aside = '\"Laptop''s version.\"'",
            [],
            |row| row.get::<_, i64>(0),
        )?;
        assert_eq!(set_aside, 1);
    }

    // The laptop takes its text back from the conflict list: an edit like any other, so the desktop gets it.
    let conflict = laptop
        .sync_conflicts()?
        .into_iter()
        .find(|c| c.field == "body" && c.set_aside.as_deref() == Some("\"Laptop's version.\""))
        .ok_or("the laptop lists the text it lost")?;
    assert_eq!(conflict.from_device, "Laptop");
    laptop.resolve_sync_conflict(conflict.id, true, now)?;
    assert!(laptop.sync_conflicts()?.iter().all(|c| c.id != conflict.id));
    laptop.sync_now(now)?;
    desktop.sync_now(now)?;
    assert_eq!(desktop.note(id)?.body, "Laptop's version.");
    Ok(())
}

#[test]
fn a_sync_folder_around_the_data_folder_is_refused() -> TestResult {
    let (dir, mut store) = pathway_at(at("2026-11-24T08:00:00Z"))?;
    let inside = store.set_up_sync(dir.path(), "Laptop", at("2026-11-24T08:00:00Z"));
    assert_eq!(cairn_testkit::field(inside.err()).as_deref(), Some("folder"));
    Ok(())
}

#[test]
fn a_new_device_starts_from_everything_the_first_one_had_before_sync_was_set_up() -> TestResult {
    let folder = tempfile::tempdir()?;
    let now = at("2026-11-24T08:00:00Z");
    let (_a, mut laptop) = pathway_at(now)?;
    cairn_demo::fill(&mut laptop, cairn_demo::Scale::Small, now)?;
    laptop.set_up_sync(folder.path(), "Laptop", now)?;
    // The new device skipped its welcome (so it has a profile of blanks) and is set up later. (Its pathway is
    // installed at the same moment: when each device installed the pathway is its own bookkeeping.)
    let later = at("2026-11-25T08:00:00Z");
    let (_b, mut desktop) = pathway_at(now)?;
    desktop.skip_welcome(later)?;
    desktop.set_up_sync(folder.path(), "Desktop", later)?;
    laptop.sync_now(now)?;
    let report = desktop.sync_now(later)?;
    assert!(report.rows > 100, "{report:?}");
    laptop.sync_now(later)?;
    desktop.sync_now(later)?;
    // Its blanks did not replace the laptop's profile, on either device.
    let profile = laptop.profile()?;
    assert_eq!(
        (profile.background.is_some(), profile.weekly_minutes.is_some()),
        (true, true)
    );
    assert_eq!(desktop.profile()?.weekly_minutes, profile.weekly_minutes);
    let (l, d) = (synced_data(&laptop)?, synced_data(&desktop)?);
    let diff: Vec<_> = l.lines().zip(d.lines()).filter(|(a, b)| a != b).take(8).collect();
    assert!(
        diff.is_empty() && l.lines().count() == d.lines().count(),
        "{diff:#?}"
    );
    Ok(())
}

#[test]
fn a_data_folder_inside_a_synced_folder_is_refused_untouched_and_moves_out_whole() -> TestResult {
    let now = at("2026-11-24T08:00:00Z");
    let home = tempfile::tempdir()?;
    let data = home.path().join("Sync").join("cairn");
    let sync = home.path().join("elsewhere");
    let (written, attached, device) = {
        let mut store = Store::open_with_pathway(&data, now)?;
        store.set_up_sync(&sync, "Laptop", now)?;
        let written = store.create_note(&note("Kept", "through the move"), NoteOrigin::default(), now)?;
        let piece = store.add_piece(&piece("Sample"), "2026-11-24".parse()?, now)?;
        let sample = home.path().join("sample.pdf");
        std::fs::write(&sample, b"%PDF-1.4 a sample")?;
        let attached = store.add_attachment(piece.id, &sample, None, now)?.id;
        let device = store.sync_status()?.ok_or("set up")?.device;
        (written.id, attached, device)
    };
    // The person then turns the folder around it into a Syncthing folder.
    std::fs::create_dir(home.path().join("Sync").join(".stfolder"))?;
    let before = cairn_testkit::folder_contents(&data)?;

    let refused = Store::open(&data).err().ok_or("refused")?;
    assert_eq!(refused.code(), cairn_core::ErrorCode::Conflict);
    assert!(refused.to_string().contains("Syncthing"), "{refused}");
    assert!(
        cairn_testkit::folder_contents(&data)? == before,
        "nothing in the refused folder changed"
    );

    let moved = home.path().join("Cairn data");
    for (to, field) in [
        (home.path().join("Sync").join("other"), "inside Syncthing"),
        (home.path().to_path_buf(), "apart from the old one"),
    ] {
        let refused = cairn_store::restore::move_data_folder(&data, &to).err();
        assert!(
            refused.as_ref().is_some_and(|e| e.to_string().contains(field)),
            "{refused:?}"
        );
        assert!(!to.join("cairn.sqlite3").exists(), "a refused move makes nothing");
    }
    cairn_store::restore::move_data_folder(&data, &moved)?;
    assert!(
        cairn_testkit::folder_contents(&data)? == before,
        "the old folder is only read (not even a -shm file left)"
    );
    let mut store = Store::open(&moved)?;
    assert_eq!(store.note(written)?.body, "through the move");
    let path = store.attachment_path(attached)?;
    assert_eq!(std::fs::read(path)?, b"%PDF-1.4 a sample");
    assert!(store.integrity_problems()?.is_empty());
    assert_eq!(
        store.sync_status()?.ok_or("still set up")?.device,
        device,
        "the same device"
    );
    store.sync_now(now)?;

    let again = cairn_store::restore::move_data_folder(&data, &moved).err();
    assert!(
        again
            .as_ref()
            .is_some_and(|e| e.to_string().contains("already holds Cairn data")),
        "{again:?}"
    );

    let (_a, mut laptop) = pathway_at(now)?;
    let (other, _desktop) = pathway_at(now)?;
    let refused = laptop.set_up_sync(other.path(), "Laptop", now).err();
    assert_eq!(cairn_testkit::field(refused).as_deref(), Some("folder"));
    assert!(laptop.sync_status()?.is_none(), "nothing was set up");
    Ok(())
}

#[test]
fn a_device_restored_from_a_backup_takes_a_new_id_and_catches_up_with_what_it_wrote_after_the_backup(
) -> TestResult {
    let folder = tempfile::tempdir()?;
    let now = at("2026-11-24T08:00:00Z");
    let (laptop_dir, mut laptop) = device("Laptop", folder.path(), now)?;
    let (_b, mut desktop) = device("Desktop", folder.path(), now)?;
    let before = laptop.create_note(&note("Before the backup", "a"), NoteOrigin::default(), now)?;
    laptop.sync_now(now)?;
    let backup = laptop_dir.path().join("laptop-backup.sqlite3");
    laptop.backup_to(&backup)?;
    let after = laptop.create_note(&note("After the backup", "b"), NoteOrigin::default(), now)?;
    laptop.sync_now(now)?;
    desktop.sync_now(now)?;
    let old_id = laptop.sync_status()?.ok_or("set up")?.device;

    // The laptop goes back to the backup (the note written after it is gone here) and writes another.
    laptop.restore_from(&backup, &jiff::ZonedDateTime::now())?;
    assert!(laptop.note(after.id).is_err());
    let restored = laptop.create_note(&note("After the restore", "c"), NoteOrigin::default(), now)?;
    laptop.sync_now(now)?;
    let status = laptop.sync_status()?.ok_or("set up")?;
    assert_ne!(status.device, old_id, "a new device id");
    assert!(
        status.devices.iter().any(|d| d.device == old_id),
        "its old id is another device now"
    );
    desktop.sync_now(now)?;
    laptop.sync_now(now)?;

    for store in [&laptop, &desktop] {
        for id in [before.id, after.id, restored.id] {
            store.note(id)?;
        }
    }
    let (l, d) = (synced_data(&laptop)?, synced_data(&desktop)?);
    assert!(l == d, "both devices hold the same data");
    Ok(())
}

#[test]
fn an_attachment_travels_as_a_file_named_by_its_hash_and_arrives_whole() -> TestResult {
    let folder = tempfile::tempdir()?;
    let now = at("2026-11-24T08:00:00Z");
    let (laptop_dir, mut laptop) = device("Laptop", folder.path(), now)?;
    let (_b, mut desktop) = device("Desktop", folder.path(), now)?;
    let piece = laptop.add_piece(&piece("Needs assessment"), "2026-11-24".parse()?, now)?;
    let sample = laptop_dir.path().join("sample.pdf");
    std::fs::write(&sample, b"%PDF-1.4 a sample of my writing")?;
    let attached = laptop.add_attachment(piece.id, &sample, None, now)?.id;
    let report = laptop.sync_now(now)?;
    assert_eq!(report.attachments_sent, 1, "{report:?}");

    // The sync tool has copied the change but not yet the file: the record arrives, the file waits.
    let files = folder.path().join("cairn").join("files");
    let hidden = folder.path().join("not yet");
    std::fs::rename(&files, &hidden)?;
    let report = desktop.sync_now(now)?;
    assert_eq!(
        (report.attachments_received, report.attachments_waiting),
        (0, 1),
        "{report:?}"
    );
    std::fs::rename(&hidden, &files)?;
    let report = desktop.sync_now(now)?;
    assert_eq!(
        (report.attachments_received, report.attachments_waiting),
        (1, 0),
        "{report:?}"
    );
    assert_eq!(
        std::fs::read(desktop.attachment_path(attached)?)?,
        b"%PDF-1.4 a sample of my writing"
    );
    Ok(())
}

#[test]
fn a_device_restored_from_a_backup_taken_before_it_first_synced_writes_nothing_twice_and_loses_nothing(
) -> TestResult {
    // Device ids are random and devices apply each other in the order of their ids: several rounds make sure
    // the order that would apply the restored copy's edit before the note it edits comes up.
    for _ in 0..6 {
        restored_before_first_sync()?;
    }
    Ok(())
}

fn restored_before_first_sync() -> TestResult {
    let folder = tempfile::tempdir()?;
    let now = at("2026-11-24T08:00:00Z");
    let (laptop_dir, mut laptop) = device("Laptop", folder.path(), now)?;
    let (_b, mut desktop) = device("Desktop", folder.path(), now)?;
    // Changes recorded but not yet written when the backup is taken.
    let early = laptop.create_note(&note("Before the backup", "a"), NoteOrigin::default(), now)?;
    let backup = laptop_dir.path().join("laptop-backup.sqlite3");
    laptop.backup_to(&backup)?;
    laptop.save_note(early.id, &note("Before the backup", "edited after it"), now)?;
    laptop.sync_now(now)?;
    laptop.restore_from(&backup, &jiff::ZonedDateTime::now())?;
    // Back at the backup: the same note edited again, and a new one, before the next sync.
    laptop.save_note(
        early.id,
        &note("Before the backup", "edited after the restore"),
        now,
    )?;
    let later = laptop.create_note(&note("After the restore", "c"), NoteOrigin::default(), now)?;
    laptop.sync_now(now)?;
    desktop.sync_now(now)?;
    laptop.sync_now(now)?;

    for store in [&laptop, &desktop] {
        assert_eq!(store.note(early.id)?.body, "edited after the restore");
        store.note(later.id)?;
    }
    assert!(
        synced_data(&laptop)? == synced_data(&desktop)?,
        "both hold the same data"
    );
    for store in [&laptop, &desktop] {
        let refused: i64 = store.connection().query_row(
            "SELECT count(*) FROM sync_conflict WHERE reason <> 'both_edited'",
            [],
            |row| row.get(0),
        )?;
        assert_eq!(refused, 0, "nothing refused or edited after a delete");
    }
    Ok(())
}

#[test]
fn a_restored_device_that_changes_nothing_still_catches_up_with_what_it_wrote_after_the_backup() -> TestResult
{
    let folder = tempfile::tempdir()?;
    let now = at("2026-11-24T08:00:00Z");
    let (laptop_dir, mut laptop) = device("Laptop", folder.path(), now)?;
    laptop.sync_now(now)?;
    let backup = laptop_dir.path().join("laptop-backup.sqlite3");
    laptop.backup_to(&backup)?;
    let after = laptop.create_note(&note("After the backup", "b"), NoteOrigin::default(), now)?;
    laptop.sync_now(now)?;
    laptop.restore_from(&backup, &jiff::ZonedDateTime::now())?;
    assert!(laptop.note(after.id).is_err());
    let report = laptop.sync_now(now)?;
    assert_eq!(report.applied, 1, "{report:?}");
    assert_eq!(laptop.note(after.id)?.body, "b");
    Ok(())
}

#[test]
fn a_new_device_starts_from_a_snapshot_and_then_merges_as_if_it_had_replayed_every_change() -> TestResult {
    let folder = tempfile::tempdir()?;
    let now = at("2026-11-24T08:00:00Z");
    let (_a, mut laptop) = device("Laptop", folder.path(), now)?;
    let (_b, mut desktop) = device("Desktop", folder.path(), now)?;
    let shared = laptop.create_note(&note("Shared", "first"), NoteOrigin::default(), now)?;
    for n in 0..5 {
        laptop.create_note(&note(&format!("Laptop {n}"), "x"), NoteOrigin::default(), now)?;
    }
    laptop.sync_now(now)?;
    desktop.sync_now(now)?;
    laptop.sync_now(now)?;
    // The desktop edits the shared note and keeps it to itself for now: the edit is older than the snapshot
    // the laptop then writes, yet not in it.
    desktop.save_note(shared.id, &note("Shared", "the desktop's text"), now)?;
    // The laptop's snapshot is taken after a later change of its own, so it is newer than the desktop's edit.
    laptop.create_note(&note("Before the snapshot", "w"), NoteOrigin::default(), now)?;
    laptop.sync_now(now)?;
    assert!(laptop.write_sync_snapshot()?, "everything written, so a snapshot");
    laptop.create_note(&note("After the snapshot", "y"), NoteOrigin::default(), now)?;
    laptop.sync_now(now)?;

    let (_c, mut tablet) = device("Tablet", folder.path(), now)?;
    let report = tablet.sync_now(now)?;
    assert!(
        report.notices.iter().any(|n| n.contains("Laptop's snapshot")),
        "{report:?}"
    );
    assert_eq!(
        report.applied, 1,
        "only the laptop's change after its snapshot is replayed: {report:?}"
    );
    assert_eq!(tablet.note(shared.id)?.body, "first");

    // The desktop's edit arrives: it is later than the text's own clock in the snapshot (not the snapshot's
    // time), so it wins on the tablet as on the laptop.
    for _ in 0..2 {
        for store in [&mut desktop, &mut laptop, &mut tablet] {
            store.sync_now(now)?;
        }
    }
    assert_eq!(tablet.note(shared.id)?.body, "the desktop's text");
    let first = synced_data(&laptop)?;
    for other in [&desktop, &tablet] {
        assert!(synced_data(other)? == first, "all three hold the same data");
    }
    Ok(())
}
