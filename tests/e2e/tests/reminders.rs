//! End-to-end: reminders. Settings' choices saved (a missing time refused at its field) and kept; "Show a test
//! reminder" reaches the desktop: a real notification daemon (dunst) on the test's own display and D-Bus
//! session receives it, and the screenshot shows it.

use cairn_e2e::{App, Result};
use std::process::{Command, Stdio};

/// The notification daemon, for as long as the test runs.
struct Daemon(std::process::Child);

impl Drop for Daemon {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn history() -> Result<String> {
    let out = Command::new("dunstctl").arg("history").output()?;
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn reminder_choices_are_kept_and_a_test_reminder_reaches_the_desktop() -> Result<()> {
    let _daemon = Daemon(
        Command::new("dunst")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| {
                format!("dunst (a notification daemon) is needed: scripts/setup.sh test installs it: {e}")
            })?,
    );
    let tmp = tempfile::tempdir()?;
    let app = App::launch("reminders", &tmp.path().join("data"))?;
    app.click("#welcome-skip")?;
    app.wait_for_text("#page h1", |text| text == "Dashboard")?;
    app.click("#nav-settings")?;
    app.find("#reminders")?;
    assert_eq!(
        app.execute("return [document.getElementById('remind-due').checked, document.getElementById('remind-week-at').value];")?,
        serde_json::json!([true, "17:00"]),
        "all on, the week's on Friday at 17:00, to start with"
    );

    app.click("#remind-due")?;
    app.set_value("#remind-week-on", "monday", "change")?;
    app.set_value("#remind-week-at", "", "input")?;
    app.click("#reminders-save")?;
    app.wait_for_text("#reminders-weekAt-error", |text| text.contains("time of day"))?;
    app.set_value("#remind-week-at", "08:30", "input")?;
    app.click("#reminders-save")?;
    app.wait_for_text("#reminders-saved", |text| text.contains("saved"))?;
    app.click("#nav-dashboard")?;
    app.click("#nav-settings")?;
    app.find("#reminders")?;
    app.wait_until("return document.getElementById('remind-week-at')?.value === '08:30';")?;
    assert_eq!(
        app.execute("return [document.getElementById('remind-due').checked, document.getElementById('remind-week-on').value];")?,
        serde_json::json!([false, "monday"])
    );

    // A notification the desktop really receives.
    app.click("#reminders-test")?;
    app.wait_for_text("#reminders-tested", |text| text.starts_with("Sent"))?;
    let mut received = String::new();
    for _ in 0..50 {
        received = history()?;
        if received.contains("Cairn reminders work") {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    app.execute("document.getElementById('reminders').scrollIntoView({ block: 'start' }); return true;")?;
    app.screenshot("test-reminder");
    // dunst lists a notification in its history once it has been shown (or closed); the screen shows it now.
    let shown = Command::new("dunstctl").arg("count").output()?;
    let counts = String::from_utf8_lossy(&shown.stdout).into_owned();
    assert!(
        received.contains("Cairn reminders work")
            || counts.contains("Currently displayed:  1")
            || counts.contains("Currently displayed: 1"),
        "the desktop received the reminder: history {received}, counts {counts}"
    );
    app.close_checked()
}
