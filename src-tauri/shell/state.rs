//! The window's state: the data directory in use and the store opened there, or why it could not be opened.

use cairn_core::{ErrorPayload, Result};
use cairn_store::dashboard::Dashboard;
use cairn_store::profile::Profile;
use cairn_store::study::Timer;
use cairn_store::{Store, StoreInfo};
use serde::Serialize;
use std::path::PathBuf;
use std::sync::Mutex;

pub struct AppState {
    slot: Mutex<StoreSlot>,
    /// Tells the start-up work that could wait that the first screen is up (`start_deferred_work`).
    deferred: Mutex<Option<std::sync::mpsc::Sender<()>>>,
}

/// How long the start-up work waits for the first screen before it starts anyway (a window that never reports,
/// say).
const DEFERRED_WORK_WAIT: std::time::Duration = std::time::Duration::from_secs(10);

struct StoreSlot {
    data_dir: PathBuf,
    store: std::result::Result<Store, ErrorPayload>,
}

/// What the UI needs at start and in Settings.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AppStatus {
    pub app_version: String,
    pub data_dir: String,
    pub store: StoreStatus,
    /// The synced folder the data folder lies in (so Cairn refused to open it and offers to move it out).
    pub synced_by: Option<cairn_store::SyncedFolder>,
    /// Where Cairn keeps its data when told nothing else: the first place offered to move it to.
    pub default_data_dir: Option<String>,
}

/// What the window needs before its first screen, in one call (`start`).
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Start {
    pub status: AppStatus,
    /// The rest is `None` when the store did not open (the window then shows why).
    pub profile: Option<Profile>,
    /// The locale dates are written in.
    pub locale: Option<String>,
    pub timer: Option<Timer>,
    /// When asked for: the first page is the dashboard.
    pub dashboard: Option<Dashboard>,
    /// The desktop's interface font family, when it names one: the window's text is set in it.
    pub desktop_font: Option<String>,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(tag = "state", rename_all = "camelCase")]
pub enum StoreStatus {
    Open { info: StoreInfo },
    Failed { error: ErrorPayload },
}

impl AppState {
    pub fn open(data_dir: PathBuf) -> AppState {
        let store = cairn_store::Store::open_with_pathway(&data_dir, jiff::Timestamp::now())
            .map_err(ErrorPayload::from);
        let deferred = store.is_ok().then(|| {
            let (ready, wait) = std::sync::mpsc::channel();
            let dir = data_dir.clone();
            std::thread::spawn(move || {
                // The first screen is up (or never said so): the backup no longer competes with it.
                let _ = wait.recv_timeout(DEFERRED_WORK_WAIT);
                daily_backup(&dir);
            });
            ready
        });
        AppState {
            slot: Mutex::new(StoreSlot { data_dir, store }),
            deferred: Mutex::new(deferred),
        }
    }

    /// No data directory could even be worked out (no home folder, say): the window still opens and offers
    /// to choose one.
    pub fn without_data_dir(error: ErrorPayload) -> AppState {
        AppState {
            slot: Mutex::new(StoreSlot {
                data_dir: PathBuf::new(),
                store: Err(error),
            }),
            deferred: Mutex::new(None),
        }
    }

    /// The first screen shows its data: the start-up work that waited for it may begin (once).
    pub fn start_deferred_work(&self) {
        let waiting = self
            .deferred
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .take();
        if let Some(ready) = waiting {
            let _ = ready.send(());
        }
    }

    pub fn status(&self) -> Result<AppStatus, ErrorPayload> {
        let slot = self.lock();
        let store = match &slot.store {
            Ok(store) => StoreStatus::Open { info: store.info()? },
            Err(error) => StoreStatus::Failed { error: error.clone() },
        };
        let refused = matches!(store, StoreStatus::Failed { .. });
        let synced_by = refused
            .then(|| cairn_store::synced_folder(&slot.data_dir))
            .flatten();
        Ok(AppStatus {
            app_version: env!("CARGO_PKG_VERSION").to_owned(),
            data_dir: slot.data_dir.display().to_string(),
            store,
            // Offered only where no sync tool copies it either.
            default_data_dir: synced_by.as_ref().and_then(|_| {
                cairn_store::resolve_data_dir(None, None)
                    .ok()
                    .filter(|(dir, _)| cairn_store::synced_folder(dir).is_none())
                    .map(|(dir, _)| dir.display().to_string())
            }),
            synced_by,
        })
    }

    /// The store's state, and when it is open the profile, the locale, the timer and (`with_dashboard`) the
    /// dashboard, as of `today` and `now`.
    pub fn start(
        &self,
        with_dashboard: bool,
        today: jiff::civil::Date,
        now: jiff::Timestamp,
    ) -> Result<Start, ErrorPayload> {
        let status = self.status()?;
        if matches!(status.store, StoreStatus::Failed { .. }) {
            return Ok(Start {
                status,
                profile: None,
                locale: None,
                timer: None,
                dashboard: None,
                desktop_font: super::desktop_font::family(),
            });
        }
        self.with_store(|store| {
            let profile = store.profile()?;
            Ok(Start {
                locale: Some(crate::locale_of(&profile)),
                profile: Some(profile),
                timer: store.timer(now)?,
                dashboard: with_dashboard.then(|| store.dashboard(today)).transpose()?,
                desktop_font: super::desktop_font::family(),
                status,
            })
        })
    }

    /// Switches to the store in `data_dir` if it opens; otherwise keeps the current one and returns the error.
    pub fn switch_data_dir(&self, data_dir: PathBuf) -> Result<AppStatus, ErrorPayload> {
        let store = cairn_store::Store::open_with_pathway(&data_dir, jiff::Timestamp::now())?;
        let dir = data_dir.clone();
        std::thread::spawn(move || daily_backup(&dir));
        *self.lock() = StoreSlot {
            data_dir,
            store: Ok(store),
        };
        self.status()
    }

    /// Moves the data of the folder in use (one Cairn refused to open) into `to` and switches to it.
    pub fn move_data_dir(&self, to: PathBuf) -> Result<AppStatus, ErrorPayload> {
        let from = self.lock().data_dir.clone();
        cairn_store::restore::move_data_folder(&from, &to)?;
        self.switch_data_dir(to)
    }

    /// Runs `f` on the open store. When the store could not be opened, the UI only shows the problem screen,
    /// so a command reaching here gets the same error back.
    pub fn with_store<T>(&self, f: impl FnOnce(&mut Store) -> Result<T>) -> Result<T, ErrorPayload> {
        let mut slot = self.lock();
        match &mut slot.store {
            Ok(store) => f(store).map_err(ErrorPayload::from),
            Err(error) => Err(error.clone()),
        }
    }

    /// Syncs once more when the app closes, if sync is set up; a failure is only reported (the next start
    /// syncs again).
    pub fn sync_at_close(&self) {
        let result = self.with_store(|store| match store.sync_status()? {
            Some(_) => store.sync_now(jiff::Timestamp::now()).map(|_| ()),
            None => Ok(()),
        });
        if let Err(error) = result {
            eprintln!("cairn: the sync at close did not finish: {}", error.message);
        }
    }

    /// A panic while the lock was held cannot leave the store half-written (every write is a transaction),
    /// so a poisoned lock is safe to keep using.
    fn lock(&self) -> std::sync::MutexGuard<'_, StoreSlot> {
        self.slot.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// The day's first backup (on its own thread and connection, so the window never waits for it), then the
/// removal of what an interrupted write left behind. A failure is reported on stderr and shows in Settings as
/// a missing backup; it never stops the app.
fn daily_backup(data_dir: &std::path::Path) {
    if let Err(error) = cairn_store::backup::daily_backup(data_dir, &jiff::ZonedDateTime::now()) {
        eprintln!("cairn: the daily backup could not be taken: {error}");
    }
    cairn_store::leftovers::sweep_leftovers(data_dir, std::time::SystemTime::now());
}
