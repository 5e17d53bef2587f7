//! Three devices, three data folders, and a sync tool between them played by a random scheduler: random edits on
//! each device (often of the same records), files delivered late, in any order, twice under a sync tool's
//! "conflicted copy" name, or half-written first; device clocks hours apart; a device going back to an earlier
//! backup of itself; a fourth device joining late (from a snapshot when one has arrived). After every device has
//! seen every file, all hold the same data, nothing anyone wrote vanished without an entry in a conflict list,
//! no two notes or sessions were given one id, and the database is whole.
//!
//! `SYNC_SIMULATION_SEEDS` (default 6) and `SYNC_SIMULATION_STEPS` (default 250) set its size; `make soak` runs
//! it longer.

use cairn_core::network::{ContactInput, OrganisationKind};
use cairn_core::note::{NoteInput, NoteTarget};
use cairn_core::study::{Activity, SessionInput};
use cairn_core::Id;
use cairn_store::notes::{NoteFilter, NoteOrigin};
use cairn_store::Store;
use cairn_testkit::{pathway_at, synced_data, Fallible, TestResult};
use jiff::Timestamp;
use proptest::prelude::Rng;
use proptest::test_runner::{RngAlgorithm, TestRng};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

struct Device {
    data: tempfile::TempDir,
    store: Store,
    /// This device's view of the sync folder: what the sync tool has copied here so far.
    folder: PathBuf,
    /// How far this device's clock is off (hours, either way).
    skew: jiff::SignedDuration,
    /// A backup of this device's database the person may go back to.
    backup: Option<PathBuf>,
}

#[derive(Default)]
struct Tally {
    operations: u32,
    syncs: u32,
    deliveries: u32,
    partial: u32,
    duplicates: u32,
    note_writes: u32,
    restores: u32,
    snapshots: u32,
    /// Devices that joined late started from a snapshot.
    joined_from_snapshot: u32,
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn below(rng: &mut TestRng, bound: usize) -> usize {
    (rng.next_u64() % bound.max(1) as u64) as usize
}

fn now() -> Timestamp {
    Timestamp::now()
}

fn zoned() -> jiff::ZonedDateTime {
    jiff::ZonedDateTime::now()
}

/// Every change file under `folder` (relative path, bytes).
fn files(folder: &Path) -> Fallible<Vec<(PathBuf, Vec<u8>)>> {
    let mut found = Vec::new();
    let root = folder.join("cairn");
    if !root.exists() {
        return Ok(found);
    }
    for device in std::fs::read_dir(&root)? {
        let device = device?;
        for file in std::fs::read_dir(device.path())? {
            let file = file?;
            let name = file.file_name().to_string_lossy().into_owned();
            let carried = name.ends_with(".changes") || name.ends_with(".snapshot");
            if carried && !name.contains("conflicted") {
                let relative = PathBuf::from(device.file_name()).join(&name);
                found.push((relative, std::fs::read(file.path())?));
            }
        }
    }
    found.sort();
    Ok(found)
}

/// The sync tool: copies some of the files one view has and another lacks (all of them when `everything`),
/// sometimes half-written first (a later delivery completes it), sometimes twice under a conflict-copy name.
fn deliver(rng: &mut TestRng, from: &Path, to: &Path, everything: bool, tally: &mut Tally) -> TestResult {
    for (relative, bytes) in files(from)? {
        let target = to.join("cairn").join(&relative);
        // A sync tool carries a file's newest state: never a half-written copy over a longer one.
        let there = std::fs::read(&target).ok().map_or(0, |there| there.len());
        if there >= bytes.len() || (!everything && below(rng, 3) == 0) {
            continue;
        }
        std::fs::create_dir_all(target.parent().ok_or("a parent")?)?;
        if !everything && below(rng, 5) == 0 {
            std::fs::write(&target, &bytes[..bytes.len() / 2])?;
            tally.partial += 1;
            continue;
        }
        std::fs::write(&target, &bytes)?;
        tally.deliveries += 1;
        if below(rng, 8) == 0 {
            let copy = target.with_file_name(format!(
                "{} (conflicted copy).changes",
                relative.file_stem().and_then(|s| s.to_str()).unwrap_or("x")
            ));
            std::fs::write(copy, &bytes)?;
            tally.duplicates += 1;
        }
    }
    Ok(())
}

fn live_notes(store: &Store) -> Fallible<Vec<Id>> {
    Ok(store
        .notes(&NoteFilter::default())?
        .notes
        .iter()
        .map(|n| n.id)
        .collect())
}

/// What each device wrote into a note's text, and which of those texts a device replaced knowing it.
#[derive(Default)]
struct Writes {
    /// (note, device) → the last text that device wrote there.
    last: BTreeMap<(i64, usize), String>,
    /// Texts replaced by a device that had them on screen: superseded, not lost.
    replaced: BTreeSet<String>,
    /// The id of every note and session made anywhere: no two records may share one.
    made: BTreeSet<i64>,
}

/// One random operation, on a random device, at that device's (skewed) clock.
fn step(
    devices: &mut [Device],
    rng: &mut TestRng,
    writes: &mut Writes,
    tally: &mut Tally,
    n: u64,
) -> TestResult {
    let d = below(rng, devices.len());
    tally.operations += 1;
    cairn_store::sync::with_clock_skew(devices[d].skew, || operate(devices, d, rng, writes, tally, n))
}

fn operate(
    devices: &mut [Device],
    d: usize,
    rng: &mut TestRng,
    writes: &mut Writes,
    tally: &mut Tally,
    n: u64,
) -> TestResult {
    let store = &mut devices[d].store;
    let op = below(rng, 13);
    match op {
        0 | 1 => {
            let input = NoteInput {
                title: format!("Note {n} from {d}"),
                body: format!("first text {n}/{d}"),
                target: NoteTarget::None,
                tags: Vec::new(),
            };
            let made = store.create_note(&input, NoteOrigin::default(), now())?;
            assert!(writes.made.insert(made.id.0), "note id {} made twice", made.id.0);
            writes.last.insert((made.id.0, d), input.body);
            tally.note_writes += 1;
        }
        2..=4 => {
            let notes = live_notes(store)?;
            if let Some(&id) = notes.get(below(rng, notes.len().max(1))) {
                let note = store.note(id)?;
                writes.replaced.insert(note.body.clone());
                let body = format!("text {n} by {d}");
                let title = if below(rng, 3) == 0 {
                    format!("Title {n}")
                } else {
                    note.title.clone()
                };
                let input = NoteInput {
                    title,
                    body: body.clone(),
                    target: NoteTarget::None,
                    tags: note.tags.clone(),
                };
                store.save_note(id, &input, now())?;
                writes.last.insert((id.0, d), body);
                tally.note_writes += 1;
            }
        }
        5 => {
            let notes = live_notes(store)?;
            if let Some(&id) = notes.get(below(rng, notes.len().max(1))) {
                store.delete_note(id, now())?;
            }
        }
        6 => {
            let overview = store.milestone_detail("adult-learning")?;
            let item = &overview.items[below(rng, overview.items.len())];
            store.set_item_done(item.id, item.done_at.is_none(), now())?;
        }
        7 => {
            let input = SessionInput {
                date: "2026-11-30".into(),
                start_time: None,
                end_time: None,
                duration_minutes: Some(5 + below(rng, 90) as i32),
                activity: Activity::Reading,
                milestone_key: None,
                competency_id: None,
                project_id: None,
                note: format!("session {n}"),
            };
            let made = store.add_session(&input, &zoned())?;
            assert!(
                writes.made.insert(made.id.0),
                "session id {} made twice",
                made.id.0
            );
        }
        8 => {
            let input = ContactInput {
                name: format!("Contact {n}"),
                role: String::new(),
                organisation: "Provider".into(),
                organisation_kind: OrganisationKind::AccreditedProvider,
                where_met: String::new(),
                links: Vec::new(),
                notes: format!("met {n}"),
            };
            store.add_contact(&input, now())?;
        }
        9 => {
            let contacts = store.contacts()?;
            if let Some(contact) = contacts.get(below(rng, contacts.len().max(1))) {
                let input = ContactInput {
                    name: contact.name.clone(),
                    role: format!("role {n}"),
                    organisation: contact.organisation.clone(),
                    organisation_kind: contact.organisation_kind,
                    where_met: contact.where_met.clone(),
                    links: contact.links.clone(),
                    notes: contact.notes.clone(),
                };
                store.update_contact(contact.id, &input, now())?;
            }
        }
        10 => {
            tally.syncs += 1;
            devices[d].store.sync_now(now())?;
            if below(rng, 4) == 0 && devices[d].store.write_sync_snapshot()? {
                tally.snapshots += 1;
            }
        }
        11 => {
            // The person backs up, or later goes back to that backup: what the device wrote to the folder
            // since is caught up from there (what it had not written yet, a restore gives up knowingly, so it
            // syncs first).
            let device = &mut devices[d];
            match &device.backup {
                Some(backup) if below(rng, 2) == 0 => {
                    device.store.sync_now(now())?;
                    device.store.restore_from(backup, &zoned())?;
                    tally.restores += 1;
                }
                _ => {
                    let backup = device.data.path().join(format!("backup-{n}.sqlite3"));
                    device.store.backup_to(&backup)?;
                    device.backup = Some(backup);
                }
            }
        }
        _ => {
            let to = below(rng, devices.len());
            let (from, to) = (devices[d].folder.clone(), devices[to].folder.clone());
            if from != to {
                deliver(rng, &from, &to, false, tally)?;
            }
        }
    }
    Ok(())
}

/// Every text set aside into any device's conflict list.
fn set_aside(devices: &[Device]) -> Fallible<BTreeSet<String>> {
    let mut found = BTreeSet::new();
    for device in devices {
        let mut stmt = device
            .store
            .connection()
            .prepare("SELECT set_aside FROM sync_conflict WHERE set_aside IS NOT NULL")?;
        for text in stmt.query_map([], |row| row.get::<_, String>(0))? {
            if let Ok(serde_json::Value::String(text)) = serde_json::from_str(&text?) {
                found.insert(text);
            }
        }
    }
    Ok(found)
}

fn run(seed: u64, steps: u64) -> Fallible<(Tally, u32)> {
    let mut rng = TestRng::from_seed(RngAlgorithm::ChaCha, &[seed as u8; 32]);
    let views = tempfile::tempdir()?;
    let mut devices = Vec::new();
    for (i, name) in ["Laptop", "Desktop", "Tablet"].iter().enumerate() {
        // The pathway installed at the same moment on each: when a device installed it is its own bookkeeping.
        let (data, mut store) = pathway_at("2026-11-24T08:00:00Z".parse()?)?;
        let folder = views.path().join(format!("view-{i}"));
        // Clocks up to four hours apart, either way.
        let skew = jiff::SignedDuration::from_mins(below(&mut rng, 480) as i64 - 240);
        cairn_store::sync::with_clock_skew(skew, || store.set_up_sync(&folder, name, now()))?;
        devices.push(Device {
            data,
            store,
            folder,
            skew,
            backup: None,
        });
    }
    let mut tally = Tally::default();
    let mut writes = Writes::default();
    for n in 0..steps {
        step(&mut devices, &mut rng, &mut writes, &mut tally, n)?;
    }
    // A fourth device joins late, with a note of its own, from what the sync tool has carried to it so far
    // (a snapshot, if one arrived whole), and then takes part like the others.
    let (data, mut store) = pathway_at("2026-11-24T08:00:00Z".parse()?)?;
    let folder = views.path().join("view-3");
    store.set_up_sync(&folder, "Phone", now())?;
    let own = NoteInput {
        title: "Phone's own".into(),
        body: format!("from the phone {seed}"),
        target: NoteTarget::None,
        tags: Vec::new(),
    };
    let made = store.create_note(&own, NoteOrigin::default(), now())?;
    writes.last.insert((made.id.0, 3), own.body);
    let from = devices[below(&mut rng, devices.len())].folder.clone();
    deliver(&mut rng, &from, &folder, true, &mut tally)?;
    let report = store.sync_now(now())?;
    if report.notices.iter().any(|n| n.contains("snapshot")) {
        tally.joined_from_snapshot += 1;
    }
    devices.push(Device {
        data,
        store,
        folder,
        skew: jiff::SignedDuration::ZERO,
        backup: None,
    });
    for n in steps..steps + steps / 5 {
        step(&mut devices, &mut rng, &mut writes, &mut tally, n)?;
    }
    // Every device writes what it has, the sync tool delivers everything, every device applies it.
    for _ in 0..3 {
        for device in &mut devices {
            cairn_store::sync::with_clock_skew(device.skew, || device.store.sync_now(now()))?;
        }
        for from in 0..devices.len() {
            for to in 0..devices.len() {
                if from != to {
                    let (a, b) = (devices[from].folder.clone(), devices[to].folder.clone());
                    deliver(&mut rng, &a, &b, true, &mut tally)?;
                }
            }
        }
    }
    for device in &mut devices {
        let report = cairn_store::sync::with_clock_skew(device.skew, || device.store.sync_now(now()))?;
        assert_eq!(report.waiting, 0, "seed {seed}: {report:?}");
    }

    let first = synced_data(&devices[0].store)?;
    for (i, device) in devices.iter().enumerate().skip(1) {
        let other = synced_data(&device.store)?;
        if other != first {
            let diff: Vec<_> = first
                .lines()
                .zip(other.lines())
                .filter(|(a, b)| a != b)
                .take(6)
                .collect();
            // What each device set aside tells why they differ.
            let mut conflicts = Vec::new();
            for device in &devices {
                let mut stmt = device.store.connection().prepare(
                    "SELECT tbl || ' ' || row_key || ' ' || column_name || ': ' || reason || ', kept ' \
                     || coalesce(kept, '-') || ', set aside ' || coalesce(set_aside, '-') FROM sync_conflict",
                )?;
                let rows = stmt
                    .query_map([], |row| row.get::<_, String>(0))?
                    .collect::<Result<Vec<_>, _>>()?;
                conflicts.push(rows);
            }
            panic!("seed {seed}: device {i} holds other data than device 0: {diff:#?} {conflicts:#?}");
        }
        assert!(device.store.integrity_problems()?.is_empty(), "seed {seed}");
    }
    // No text anyone wrote is gone without a trace: it is a note's text, in a note's history, in a conflict
    // list, or a device replaced it knowing it.
    let kept: BTreeSet<String> = {
        let conn = devices[0].store.connection();
        let mut texts = BTreeSet::new();
        for sql in ["SELECT body FROM note", "SELECT body FROM note_version"] {
            let mut stmt = conn.prepare(sql)?;
            for text in stmt.query_map([], |row| row.get::<_, String>(0))? {
                texts.insert(text?);
            }
        }
        texts
    };
    let aside = set_aside(&devices)?;
    let lost: Vec<&String> = writes
        .last
        .values()
        .filter(|text| !kept.contains(*text) && !aside.contains(*text) && !writes.replaced.contains(*text))
        .collect();
    assert!(
        lost.is_empty(),
        "seed {seed}: texts lost without a trace: {lost:?}"
    );
    let conflicts = devices
        .iter()
        .map(|d| {
            d.store
                .sync_status()
                .ok()
                .flatten()
                .map_or(0, |s| s.open_conflicts)
        })
        .sum();
    Ok((tally, conflicts))
}

#[test]
fn three_devices_with_a_random_sync_tool_end_with_the_same_data_and_lose_no_write() -> TestResult {
    let seeds = env_number("SYNC_SIMULATION_SEEDS", 6);
    let steps = env_number("SYNC_SIMULATION_STEPS", 250);
    let mut totals = Tally::default();
    let mut conflicts = 0;
    for seed in 1..=seeds {
        let (tally, found) = run(seed, steps)?;
        totals.operations += tally.operations;
        totals.syncs += tally.syncs;
        totals.deliveries += tally.deliveries;
        totals.partial += tally.partial;
        totals.duplicates += tally.duplicates;
        totals.note_writes += tally.note_writes;
        totals.restores += tally.restores;
        totals.snapshots += tally.snapshots;
        totals.joined_from_snapshot += tally.joined_from_snapshot;
        conflicts += found;
    }
    println!(
        "sync simulation: {seeds} runs of 3 devices and a late fourth, {} operations ({} note texts written), {} syncs, {} files \
         delivered ({} half-written first, {} duplicated), {} restores from a backup, clocks up to 4 h apart, \
         {} snapshots, a late fourth device started from one in {} runs, {conflicts} conflict entries, 0 lost writes",
        totals.operations,
        totals.note_writes,
        totals.syncs,
        totals.deliveries,
        totals.partial,
        totals.duplicates,
        totals.restores,
        totals.snapshots,
        totals.joined_from_snapshot
    );
    Ok(())
}
