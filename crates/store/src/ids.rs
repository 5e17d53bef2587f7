//! Record ids that two devices can never both give out: the ground sync stands on (issue 19).
//!
//! Every id is a whole number below 2^53, so the UI's JavaScript numbers hold it exactly, and stays an SQLite
//! `INTEGER PRIMARY KEY` (the rowid: no wider keys, no slower joins). There are two kinds:
//!
//! - **New records** ([`new_id`], SQL `cairn_id()`): the seconds since 2000-01-01 in the high bits, then 21
//!   bits that start at a random point each second and count up for the records made in that second. Ids
//!   therefore sort in the order records were made (the lists' tie-breaks rely on it) and never repeat within
//!   one process, even if the clock goes back. Two devices collide only if they make a record in the same
//!   second and land on the same point of a million: with the few records a person makes, never in practice.
//!   They stay below 2^52 until 2068.
//! - **Records named by a key** ([`keyed_id`], SQL `cairn_keyed_id(kind, key)`): the pathway's milestones,
//!   items, prompts, competencies and resources, and tags (by their name, folded like the `NOCASE` they are
//!   unique by). The id is a hash of the key, in [2^52, 2^53), so every device that writes the same pathway item
//!   or makes the same tag gives it the same id, and a note on one device links to the item the other has.
//!
//! Every table of records refuses a new row without such an id (the `*_global_id` triggers of migration 10),
//! so a forgotten `cairn_id()` fails the first test that makes that record.

use rusqlite::functions::FunctionFlags;
use rusqlite::Connection;
use sha2::{Digest, Sha256};
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// 2000-01-01T00:00:00Z in Unix seconds: the zero of a new id's seconds.
pub const ID_EPOCH: i64 = 946_684_800;
/// The bits below a new id's seconds.
pub const SEQUENCE_BITS: u32 = 21;
/// The first id of a record named by a key; every new record's id is below it (until 2068).
pub const KEYED_ID_BASE: i64 = 1 << 52;
/// The smallest id a record of this schema can have: below it are the counters of schema 9 and earlier.
pub const SMALLEST_GLOBAL_ID: i64 = 1 << 32;

/// Gives out new ids: the last one given, so the next never repeats it.
struct IdClock {
    last: AtomicI64,
}

/// The process's one clock: every connection's `cairn_id()` draws from it.
static CLOCK: IdClock = IdClock {
    last: AtomicI64::new(0),
};

/// A new record's id (see the module's notes).
pub fn new_id() -> i64 {
    let seconds = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs() as i64);
    CLOCK.next(seconds)
}

impl IdClock {
    fn next(&self, unix_seconds: i64) -> i64 {
        let floor = (unix_seconds - ID_EPOCH).max(1) << SEQUENCE_BITS;
        let mut last = self.last.load(Ordering::Relaxed);
        loop {
            // A new second starts at a random point in its lower half, so the second's records rarely spill into
            // the next second's ids; a second already begun (or a clock that went back) counts on from the last.
            let next = if last < floor {
                floor | i64::from(random_u32() & ((1 << (SEQUENCE_BITS - 1)) - 1))
            } else {
                last + 1
            };
            match self
                .last
                .compare_exchange_weak(last, next, Ordering::Relaxed, Ordering::Relaxed)
            {
                Ok(_) => return next,
                Err(current) => last = current,
            }
        }
    }
}

fn random_u32() -> u32 {
    // The operating system's generator cannot fail on the platforms Cairn runs on; if it ever did, the
    // clock's nanoseconds are random enough for a point within one second.
    getrandom::u32().unwrap_or_else(|_| {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |elapsed| elapsed.subsec_nanos())
    })
}

/// The id of the record of `kind` named `key`: the same on every device (see the module's notes).
pub fn keyed_id(kind: &str, key: &str) -> i64 {
    let folded;
    let key = if kind == "tag" {
        // Tags are unique by name under SQLite's NOCASE, which folds ASCII letters only.
        folded = key.to_ascii_lowercase();
        &folded
    } else {
        key
    };
    let digest = Sha256::new()
        .chain_update(b"cairn record\0")
        .chain_update(kind.as_bytes())
        .chain_update(b"\0")
        .chain_update(key.as_bytes())
        .finalize();
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    KEYED_ID_BASE | (u64::from_be_bytes(first) >> 12) as i64
}

/// Gives `conn` the SQL functions `cairn_id()` and `cairn_keyed_id(kind, key)`. Every connection that writes
/// records or runs migrations goes through here (`connection::configure`, `migrations::migrate_to`).
pub fn register(conn: &Connection) -> rusqlite::Result<()> {
    conn.create_scalar_function("cairn_id", 0, FunctionFlags::SQLITE_UTF8, |_| Ok(new_id()))?;
    conn.create_scalar_function(
        "cairn_keyed_id",
        2,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            let kind: String = ctx.get(0)?;
            let key: String = ctx.get(1)?;
            Ok(keyed_id(&kind, &key))
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const MAX_SAFE_INTEGER: i64 = (1 << 53) - 1;

    fn clock() -> IdClock {
        IdClock {
            last: AtomicI64::new(0),
        }
    }

    #[test]
    fn new_ids_count_up_within_a_second_and_stay_in_their_range() {
        let clock = clock();
        let now = 1_796_200_000; // 2026-12-02
        let ids: Vec<i64> = (0..10_000).map(|_| clock.next(now)).collect();
        assert!(ids.windows(2).all(|pair| pair[0] < pair[1]), "ids only grow");
        assert!(ids
            .iter()
            .all(|&id| (SMALLEST_GLOBAL_ID..KEYED_ID_BASE).contains(&id)));
        assert_eq!(ids[0] >> SEQUENCE_BITS, now - ID_EPOCH);
    }

    #[test]
    fn a_clock_that_goes_back_never_repeats_an_id() {
        let clock = clock();
        let later = clock.next(1_796_200_100);
        let earlier = clock.next(1_796_000_000);
        assert!(earlier > later);
    }

    #[test]
    fn a_new_second_starts_at_a_random_point() {
        let clock = clock();
        let starts: std::collections::BTreeSet<i64> = (0..8)
            .map(|i| clock.next(1_900_000_000 + i * 1000) & ((1 << SEQUENCE_BITS) - 1))
            .collect();
        assert!(starts.len() > 1, "{starts:?}");
    }

    #[test]
    fn keyed_ids_are_stable_safe_for_javascript_and_apart_from_new_ids() {
        let item = keyed_id("checklist_item", "m1.read-accme-standards");
        assert_eq!(item, keyed_id("checklist_item", "m1.read-accme-standards"));
        assert_ne!(item, keyed_id("milestone", "m1.read-accme-standards"));
        assert!((KEYED_ID_BASE..=MAX_SAFE_INTEGER).contains(&item));
        assert_eq!(keyed_id("tag", "Ethics"), keyed_id("tag", "ethics"));
        assert_ne!(
            keyed_id("tag", "Éthique"),
            keyed_id("tag", "éthique"),
            "NOCASE folds ASCII only"
        );
    }
}
