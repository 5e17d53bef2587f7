//! Files the app writes through the system's save dialog, which WebDriver cannot reach: the dialog is answered
//! with the keyboard through `xdotool`, and the file is waited for on disk.

use crate::{App, Result};
use std::process::Command;
use std::time::{Duration, Instant};

fn visible_windows() -> Result<Vec<String>> {
    let output = Command::new("xdotool")
        .args(["search", "--onlyvisible", "--name", ".*"])
        .output()?;
    Ok(String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(str::to_owned)
        .collect())
}

/// Clicks `button`, waits for the save dialog it opens, and saves as `path`. The system's save dialog is a
/// separate GTK window that WebDriver cannot reach, so it is answered as a person would, with the keyboard,
/// through `xdotool` (focus the new window, type the path, press Enter).
pub fn save_through_dialog(app: &App, button: &str, path: &std::path::Path) -> Result<()> {
    let before = visible_windows()?;
    app.click(button)?;
    let deadline = Instant::now() + Duration::from_secs(20);
    let dialog = loop {
        if let Some(window) = visible_windows()?.into_iter().find(|w| !before.contains(w)) {
            break window;
        }
        if Instant::now() > deadline {
            return Err("the save dialog never opened".into());
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    std::thread::sleep(Duration::from_millis(800)); // let GTK settle its focus on the name field
    let run = |args: &[&str]| -> Result<()> {
        let status = Command::new("xdotool").args(args).status()?;
        if !status.success() {
            return Err(format!("xdotool {args:?} failed").into());
        }
        Ok(())
    };
    run(&["windowfocus", "--sync", &dialog])?;
    run(&["key", "--window", &dialog, "ctrl+a"])?;
    run(&["type", "--delay", "15", &path.display().to_string()])?;
    run(&["key", "Return"])?;
    Ok(())
}

/// The file's bytes once it has been written (not empty), or an error after 30 seconds.
pub fn wait_for_file(path: &std::path::Path) -> Result<Vec<u8>> {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Ok(bytes) = std::fs::read(path) {
            if !bytes.is_empty() {
                return Ok(bytes);
            }
        }
        if Instant::now() > deadline {
            return Err(format!("{} was never written", path.display()).into());
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}
