//! Reminders on the desktop while the window is open: a minute after start (never during it), then every
//! minute, the store hands out the reminders due that this device has not shown, and each becomes a desktop
//! notification. Nothing is promised while Cairn is closed (Settings says so; the calendar export is for that).

use crate::shell::state::AppState;
use cairn_core::reminders::Reminder;
use std::time::Duration;
use tauri::{AppHandle, Manager, Runtime};

const FIRST_CHECK: Duration = Duration::from_secs(60);
const EVERY: Duration = Duration::from_secs(60);

/// Shows one reminder as a desktop notification (through the desktop's notification service on D-Bus), with the
/// app's icon.
pub fn show(reminder: &Reminder) -> Result<(), String> {
    notify_rust::Notification::new()
        .summary(&reminder.title)
        .body(&reminder.body)
        .auto_icon()
        .show()
        .map(drop)
        .map_err(|e| e.to_string())
}

pub fn start<R: Runtime>(app: AppHandle<R>) {
    std::thread::spawn(move || {
        std::thread::sleep(FIRST_CHECK);
        loop {
            let due = app
                .state::<AppState>()
                .with_store(|store| store.take_reminders(&jiff::ZonedDateTime::now()));
            let due = due.unwrap_or_else(|error| {
                // The store refused (it was switched, or is being restored): the next minute asks again.
                eprintln!("cairn: reminders could not be read: {}", error.message);
                Vec::new()
            });
            for reminder in due {
                if let Err(error) = show(&reminder) {
                    eprintln!("cairn: a reminder could not be shown: {error}");
                }
            }
            std::thread::sleep(EVERY);
        }
    });
}
