//! Sync (issue 19): how long another device takes to apply a year of one person's small changes, each its own
//! change file, against the floor of making those same changes here; and a new device joining someone with ten
//! years (the large demo, one starting change), against `cairn import` of the same data.

use cairn_core::network::{ContactInput, OrganisationKind};
use cairn_core::note::{NoteInput, NoteTarget};
use cairn_core::study::{Activity, SessionInput};
use cairn_core::Result;
use cairn_demo::{fill, Scale};
use cairn_store::notes::NoteOrigin;
use cairn_store::Store;
use jiff::Timestamp;
use std::path::Path;
use std::time::{Duration, Instant};

/// A year of the large demo, as separate edits (its ten years hold about 23,400 sessions, 4,000 notes, 400
/// contacts and 2,800 ticks): sessions, notes made and then edited twice, ticks and contacts.
const SESSIONS: usize = 2_340;
const NOTES: usize = 400;
const NOTE_EDITS: usize = 800;
const TICKS: usize = 280;
const CONTACTS: usize = 40;

pub struct Applied {
    /// Change files (or records, for a join) applied.
    pub count: usize,
    /// Making the changes on the first device (the floor), and applying them on the other.
    pub floor: Duration,
    pub apply: Duration,
}

fn device(dir: &Path, folder: &Path, name: &str, now: Timestamp) -> Result<Store> {
    let mut store = Store::open_with_pathway(dir, now)?;
    store.set_up_sync(folder, name, now)?;
    Ok(store)
}

/// A year of small changes made on a laptop, one transaction each, then applied on a desktop.
pub fn year_of_changes() -> Result<Year> {
    let tmp = tempfile::tempdir().map_err(|e| cairn_core::Error::io("a temporary folder", e))?;
    let now = Timestamp::now();
    let folder = tmp.path().join("sync");
    let mut laptop = device(&tmp.path().join("laptop"), &folder, "Laptop", now)?;
    let mut desktop = device(&tmp.path().join("desktop"), &folder, "Desktop", now)?;
    // The desktop has synced with the laptop once already, so it replays what follows (a device that has
    // applied nothing would start from the laptop's snapshot instead: `joined` below).
    let first = NoteInput {
        title: "Before the year".into(),
        body: String::new(),
        target: NoteTarget::None,
        tags: Vec::new(),
    };
    laptop.create_note(&first, NoteOrigin::default(), now)?;
    laptop.sync_now(now)?;
    desktop.sync_now(now)?;

    let zoned = jiff::ZonedDateTime::now();
    let items: Vec<_> = laptop
        .milestone_detail("adult-learning")?
        .items
        .iter()
        .map(|item| item.id)
        .collect();
    let start = Instant::now();
    let mut notes = Vec::new();
    for n in 0..NOTES {
        let input = NoteInput {
            title: format!("Reading notes {n}"),
            body: format!("What the paper said, and what I make of it ({n})."),
            target: NoteTarget::None,
            tags: Vec::new(),
        };
        notes.push((laptop.create_note(&input, NoteOrigin::default(), now)?.id, input));
    }
    for n in 0..NOTE_EDITS {
        let (id, input) = &mut notes[n % NOTES];
        input.body.push_str(" Another thought.");
        laptop.save_note(*id, input, now)?;
    }
    for n in 0..SESSIONS {
        let input = SessionInput {
            date: format!("2026-{:02}-{:02}", 1 + n % 11, 1 + n % 28),
            start_time: None,
            end_time: None,
            duration_minutes: Some(20 + (n % 70) as i32),
            activity: Activity::Reading,
            milestone_key: None,
            competency_id: None,
            project_id: None,
            note: String::new(),
        };
        laptop.add_session(&input, &zoned)?;
    }
    for n in 0..TICKS {
        laptop.set_item_done(items[n % items.len()], (n / items.len()) % 2 == 0, now)?;
    }
    for n in 0..CONTACTS {
        let input = ContactInput {
            name: format!("Contact {n}"),
            role: "Education manager".into(),
            organisation: "A provider".into(),
            organisation_kind: OrganisationKind::AccreditedProvider,
            where_met: String::new(),
            links: Vec::new(),
            notes: String::new(),
        };
        laptop.add_contact(&input, now)?;
    }
    let floor = start.elapsed();
    let written = laptop.sync_now(now)?.written as usize;

    let start = Instant::now();
    let report = desktop.sync_now(now)?;
    let apply = start.elapsed();
    assert_eq!(report.applied as usize, written, "every file applied: {report:?}");

    // A tablet set up after that year starts from the laptop's snapshot (written every 500 changes) and
    // replays only what came after it.
    let mut tablet = device(&tmp.path().join("tablet"), &folder, "Tablet", now)?;
    let start = Instant::now();
    let joined = tablet.sync_now(now)?;
    let join = start.elapsed();
    assert!(
        joined.notices.iter().any(|n| n.contains("snapshot")),
        "the tablet started from a snapshot: {joined:?}"
    );
    Ok(Year {
        replayed: Applied {
            count: written,
            floor,
            apply,
        },
        joined: Applied {
            count: joined.applied as usize,
            floor: apply,
            apply: join,
        },
    })
}

/// A year replayed by a device that had synced before, and the same year joined from a snapshot (its floor:
/// the replay).
pub struct Year {
    pub replayed: Applied,
    pub joined: Applied,
}

/// A desktop joining a laptop that holds the large demo's ten years: the laptop's starting change applied,
/// against importing the same data from its export.
pub fn join_ten_years() -> Result<Applied> {
    let tmp = tempfile::tempdir().map_err(|e| cairn_core::Error::io("a temporary folder", e))?;
    let now = Timestamp::now();
    let folder = tmp.path().join("sync");
    let mut laptop = Store::open_with_pathway(&tmp.path().join("laptop"), now)?;
    fill(&mut laptop, Scale::Large, now)?;
    let archive = tmp.path().join("export.zip");
    laptop.export_archive(&archive, now)?;
    let start = Instant::now();
    cairn_store::transfer::import_file(&tmp.path().join("imported"), &archive)?;
    Store::open_with_pathway(&tmp.path().join("imported"), now)?;
    let floor = start.elapsed();

    laptop.set_up_sync(&folder, "Laptop", now)?;
    laptop.sync_now(now)?;
    let mut desktop = device(&tmp.path().join("desktop"), &folder, "Desktop", now)?;
    let start = Instant::now();
    let report = desktop.sync_now(now)?;
    let apply = start.elapsed();
    Ok(Applied {
        count: report.rows as usize,
        floor,
        apply,
    })
}
