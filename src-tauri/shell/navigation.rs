//! Keeps the window on Cairn's own pages: any navigation elsewhere (a link in a note, a redirect, a script) is
//! refused. External links will be opened in the system browser by a command, never in the app's window.

use tauri::plugin::TauriPlugin;
use tauri::{Runtime, Url};

pub fn guard<R: Runtime>() -> TauriPlugin<R> {
    tauri::plugin::Builder::new("navigation-guard")
        .on_navigation(|_webview, url| is_app_page(url))
        .build()
}

/// The bundled UI is served at `tauri://localhost` (Linux, macOS) or `http(s)://tauri.localhost` (Windows).
pub fn is_app_page(url: &Url) -> bool {
    matches!(
        (url.scheme(), url.host_str()),
        ("tauri", Some("localhost")) | ("http" | "https", Some("tauri.localhost"))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_apps_own_pages_can_be_shown() -> Result<(), Box<dyn std::error::Error>> {
        for allowed in [
            "tauri://localhost/",
            "tauri://localhost/index.html#/settings",
            "https://tauri.localhost/",
        ] {
            assert!(is_app_page(&Url::parse(allowed)?), "{allowed} is the app");
        }
        for refused in [
            "https://example.com/",
            "http://localhost:5173/",
            "file:///etc/passwd",
            "javascript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "tauri://evil.example/",
            "https://tauri.localhost.evil.example/",
        ] {
            assert!(!is_app_page(&Url::parse(refused)?), "{refused} is not the app");
        }
        Ok(())
    }
}
