//! The Cairn app: the command line (`cli`) and the window (`shell`) over the Tauri-free crates in `crates/`.
pub mod cli;
pub mod shell;

/// The locale the person's dates are written in: their choice in Settings, else the system's.
pub fn date_locale(store: &cairn_store::Store) -> cairn_core::Result<String> {
    Ok(locale_of(&store.profile()?))
}

/// The locale `profile` writes dates in: its choice, else the system's.
pub fn locale_of(profile: &cairn_store::profile::Profile) -> String {
    cairn_core::time::effective_locale(profile.locale.as_deref(), sys_locale::get_locale().as_deref())
}
