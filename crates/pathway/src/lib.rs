//! Cairn's pathways: packs of milestones, checklist items, reflection prompts, competencies and resources,
//! written as data (`packs/*.toml`, compiled in). The store syncs them into its tables by stable keys
//! (`cairn_store::pathway_sync`); this crate knows the format and the content, not the database.
//!
//! To change the built-in pathway: edit `packs/cme-writer.toml`, bump its `version`, and run
//! `cargo test -p cairn-pathway -p cairn-store`: the content tests check counts, sources and anchors, and the
//! store's sync tests check that people's changes survive the update.

pub mod pack;

pub use pack::{load, Pack, PackProblem};

/// The built-in "CME writer" pathway.
pub const CME_WRITER: &str = include_str!("../packs/cme-writer.toml");
/// The built-in pack's key and version, known without parsing it, so an up-to-date store costs one query at
/// start. A content test checks they match the file; bump the version here with the one in the file.
pub const CME_WRITER_KEY: &str = "cme-writer";
pub const CME_WRITER_VERSION: u32 = 5;

/// Loads the built-in pack. It is checked by the tests, so a failure here is a bug in the build.
pub fn builtin() -> Result<Pack, Vec<PackProblem>> {
    load(CME_WRITER)
}

#[cfg(test)]
mod content_tests;
