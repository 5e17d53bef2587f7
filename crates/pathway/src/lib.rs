//! Cairn's pathways: packs of milestones, checklist items, reflection prompts, competencies and resources,
//! written as data (`packs/*.toml`, compiled in) and synced into the store by stable keys.
//!
//! To change the built-in pathway: edit `packs/cme-writer.toml`, bump its `version`, and run
//! `cargo test -p cairn-pathway`: the content tests check counts, sources and anchors, and the sync tests check
//! that people's changes survive the update.

pub mod pack;
pub mod sync;

pub use pack::{load, Pack, PackProblem};
pub use sync::{sync_builtin, sync_pack, SyncReport};

/// The built-in "CME writer" pathway.
pub const CME_WRITER: &str = include_str!("../packs/cme-writer.toml");
/// The built-in pack's key and version, known without parsing it, so an up-to-date store costs one query at
/// start. A content test checks they match the file; bump the version here with the one in the file.
pub const CME_WRITER_KEY: &str = "cme-writer";
pub const CME_WRITER_VERSION: u32 = 1;

/// Loads the built-in pack. It is checked by the tests, so a failure here is a bug in the build.
pub fn builtin() -> Result<Pack, Vec<PackProblem>> {
    load(CME_WRITER)
}

#[cfg(test)]
mod content_tests;

/// Opens the store in `data_dir` and brings the built-in pathway up to date: what the window does at start.
pub fn open_store(
    data_dir: &std::path::Path,
    now: jiff::Timestamp,
) -> cairn_core::Result<cairn_store::Store> {
    let mut store = cairn_store::Store::open(data_dir)?;
    sync_builtin(&mut store, now)?;
    Ok(store)
}
