//! Tauri's build step: the context (config, icons, the capability's plugin grants) for `generate_context!`.
//!
//! The app's own commands get no per-command permissions: the one window loads only Cairn's bundled pages and
//! needs every command, so a list of `allow-` lines would grant exactly what Tauri grants by default. The
//! capability in `tauri.conf.json` names the plugin commands the window may call, and nothing else.
fn main() {
    tauri_build::build();
}
