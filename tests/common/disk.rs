//! Disks that fail on purpose, for the fault tests of both test crates (`tests/faults.rs` and the end-to-end
//! `tests/e2e/tests/faults.rs` include this file): a size-limited tmpfs that can be filled up or turned
//! read-only. Mounting needs root, which the machines that run `make test` have.

use std::path::{Path, PathBuf};
use std::process::Command;

type Failure = Box<dyn std::error::Error>;

/// Whether this process runs as root (needed to mount).
pub fn running_as_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Uid:"))
                .map(|l| l.split_whitespace().nth(1) == Some("0"))
        })
        .unwrap_or(false)
}

/// A tmpfs of a given size mounted at a folder, unmounted when dropped.
pub struct Tmpfs(pub PathBuf);

impl Tmpfs {
    pub fn mount(at: &Path, size: &str) -> Result<Tmpfs, Failure> {
        std::fs::create_dir_all(at)?;
        let status = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size},mode=0700"), "tmpfs"])
            .arg(at)
            .status()?;
        if !status.success() {
            return Err("mount -t tmpfs failed".into());
        }
        Ok(Tmpfs(at.to_path_buf()))
    }

    pub fn remount_read_only(&self) -> Result<(), Failure> {
        let status = Command::new("mount")
            .args(["-o", "remount,ro"])
            .arg(&self.0)
            .status()?;
        if !status.success() {
            return Err("remount read-only failed".into());
        }
        Ok(())
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        // Lazily: a window killed a moment ago may still hold a file open.
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

/// Writes `filler` into `dir` until the file system holding it has less than `room` bytes free.
pub fn fill_disk(dir: &Path, room: u64) -> Result<(), Failure> {
    let out = Command::new("df")
        .args(["--output=avail", "-B1"])
        .arg(dir)
        .output()?;
    let available: u64 = String::from_utf8_lossy(&out.stdout)
        .lines()
        .nth(1)
        .ok_or("df printed no figure")?
        .trim()
        .parse()?;
    if available > room {
        let mut file = std::fs::File::create(dir.join("filler"))?;
        let chunk = vec![0x5au8; 4096];
        let mut left = available - room;
        while left > 0 {
            let n = left.min(chunk.len() as u64) as usize;
            if std::io::Write::write_all(&mut file, &chunk[..n]).is_err() {
                break; // the disk is as full as it gets
            }
            left -= n as u64;
        }
        let _ = file.sync_all();
    }
    Ok(())
}
