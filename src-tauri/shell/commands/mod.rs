//! The IPC commands: each converts its arguments, delegates to the state or the store, and converts back.
//! They are `async` so database work runs off the window's main thread. The clock is read here, at the edge,
//! and passed in.
//!
//! One file per area of the app. `specta_builder` (in `shell/mod.rs`) is the one list of them: it registers
//! each command with Tauri and writes its TypeScript binding. A command left out of it is dead code, an error
//! here, so a command cannot exist without being callable.
#![deny(dead_code)]

pub mod app;
pub mod competencies;
pub mod network;
pub mod notes;
pub mod pathway;
pub mod pipeline;
pub mod portfolio;
pub mod reports;
pub mod study;
pub mod sync;
pub mod work;

use cairn_core::ErrorPayload;

type Reply<T> = Result<T, ErrorPayload>;

/// The person's calendar date now, in the system's time zone.
fn today() -> jiff::civil::Date {
    jiff::ZonedDateTime::now().date()
}

/// The person's local date and time now, in the system's time zone.
fn now_here() -> jiff::ZonedDateTime {
    jiff::ZonedDateTime::now()
}
