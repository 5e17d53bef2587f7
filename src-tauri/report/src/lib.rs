//! Cairn's exports, built from what the store returns: nothing here reads the database directly or knows about
//! tauri, so the app and the CLI produce the same files.
//!
//! To add an export: a module with a function from store values to the file's bytes (or text), and a test that
//! reads the output back with an independent reader for that format.

pub mod ics;
