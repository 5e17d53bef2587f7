//! The desktop's interface font, by name. The window's text used CSS `system-ui`, which WebKitGTK resolves
//! through a slower path than a named family each time it lays text out at a new size or weight: the first
//! screen's paint and every page took longer (issue 18). GTK's `gtk-font-name` setting is the same font
//! `system-ui` stands for, so the window names that family instead and keeps `system-ui` only as its fallback.

use std::sync::OnceLock;

static FAMILY: OnceLock<Option<String>> = OnceLock::new();

/// Reads the desktop's font family from GTK's settings. On the main thread, once GTK is up (Tauri's setup).
pub fn read_on_main_thread() {
    #[cfg(target_os = "linux")]
    {
        use gtk::prelude::GtkSettingsExt;
        let name = gtk::Settings::default().and_then(|settings| settings.gtk_font_name());
        let _ = FAMILY.set(name.and_then(|name| family_of(&name)));
    }
}

/// The family read at start, if the desktop named one.
pub fn family() -> Option<String> {
    FAMILY.get().cloned().flatten()
}

/// The family of a Pango font name such as "Cantarell 11" or "Noto Sans, Bold 10", without control
/// characters (it goes into a CSS string).
#[cfg(target_os = "linux")]
fn family_of(font_name: &str) -> Option<String> {
    let family = gtk::pango::FontDescription::from_string(font_name).family()?;
    let family: String = family.chars().filter(|c| !c.is_control()).collect();
    let family = family.trim();
    (!family.is_empty()).then(|| family.to_owned())
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::family_of;

    #[test]
    fn the_family_is_the_font_name_without_its_size_and_style() {
        assert_eq!(family_of("Cantarell 11").as_deref(), Some("Cantarell"));
        assert_eq!(family_of("Noto Sans, Bold 10").as_deref(), Some("Noto Sans"));
        assert_eq!(family_of("Adwaita Sans 11").as_deref(), Some("Adwaita Sans"));
        assert_eq!(
            family_of("DejaVu Serif Italic 12").as_deref(),
            Some("DejaVu Serif")
        );
        assert_eq!(family_of(""), None);
    }
}
