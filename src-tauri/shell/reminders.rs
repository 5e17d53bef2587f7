//! Reminders on the desktop while the window is open: a minute after start (never during it), then every
//! minute, the store hands out the reminders due that this device has not shown, and each becomes a desktop
//! notification. Nothing is promised while Cairn is closed (Settings says so; the calendar export is for that).

use crate::shell::state::AppState;
use cairn_core::reminders::Reminder;
use std::sync::OnceLock;
use std::time::Duration;
use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_notification::NotificationExt;

const FIRST_CHECK: Duration = Duration::from_secs(60);
const EVERY: Duration = Duration::from_secs(60);

/// Shows one reminder as a desktop notification.
pub fn show<R: Runtime>(app: &AppHandle<R>, reminder: &Reminder) -> Result<(), String> {
    app.notification()
        .builder()
        .title(&reminder.title)
        .body(&reminder.body)
        .show()
        .map_err(|e| e.to_string())
}

type Notifier = Box<dyn Fn(&Reminder) -> Result<(), String> + Send + Sync>;

/// How the running window shows a notification (set when it starts; commands have no app handle of their own).
static NOTIFIER: OnceLock<Notifier> = OnceLock::new();

/// Shows `reminder` through the running window.
pub fn notify(reminder: &Reminder) -> Result<(), String> {
    match NOTIFIER.get() {
        Some(notifier) => notifier(reminder),
        None => Err("the window has not started".into()),
    }
}

pub fn start<R: Runtime>(app: AppHandle<R>) {
    let shown_by = app.clone();
    let _ = NOTIFIER.set(Box::new(move |reminder| show(&shown_by, reminder)));
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
                if let Err(error) = show(&app, &reminder) {
                    eprintln!("cairn: a reminder could not be shown: {error}");
                }
            }
            std::thread::sleep(EVERY);
        }
    });
}
