//! What the command-line tests share: running `cairn` as a real process on a data folder, and reading what it
//! printed. Each test binary uses only some of it.
#![allow(dead_code)]

pub mod disk;
pub mod search_index;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub use cairn_testkit::TestResult;

pub fn cairn(data_dir: &Path, args: &[&str]) -> std::io::Result<Output> {
    Command::new(env!("CARGO_BIN_EXE_cairn"))
        .arg("--data-dir")
        .arg(data_dir)
        .args(args)
        .env_remove("CAIRN_DATA_DIR")
        .output()
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Runs cairn and insists it succeeded.
pub fn ok(data_dir: &Path, args: &[&str]) -> Result<String, Box<dyn std::error::Error>> {
    let output = cairn(data_dir, args)?;
    assert!(
        output.status.success(),
        "cairn {args:?} failed: {}{}",
        text(&output.stdout),
        text(&output.stderr)
    );
    Ok(text(&output.stdout))
}

/// Runs cairn and insists it failed with `code`; returns stderr.
pub fn refused(data_dir: &Path, args: &[&str], code: &str) -> Result<String, Box<dyn std::error::Error>> {
    let output = cairn(data_dir, args)?;
    let stderr = text(&output.stderr);
    assert!(
        !output.status.success(),
        "cairn {args:?} should fail: {}",
        text(&output.stdout)
    );
    assert!(
        stderr.contains(&format!("[{code}]")),
        "cairn {args:?} fails with {code}: {stderr}"
    );
    Ok(stderr)
}

/// Exports everything in `data_dir` as an archive at `archive` through the command line.
pub fn export_archive(data_dir: &Path, archive: &Path) -> Result<String, Box<dyn std::error::Error>> {
    ok(
        data_dir,
        &[
            "export",
            "--format",
            "archive",
            "--out",
            &archive.display().to_string(),
        ],
    )
}

pub fn small_demo(root: &Path) -> Result<PathBuf, Box<dyn std::error::Error>> {
    let dir = root.join("data");
    ok(&dir, &["demo", "--scale", "small"])?;
    Ok(dir)
}

pub fn tool(program: &str, args: &[&str]) -> Result<String, Box<dyn std::error::Error>> {
    let output = Command::new(program).args(args).output()?;
    assert!(
        output.status.success(),
        "{program} {args:?}: {}",
        text(&output.stderr)
    );
    Ok(text(&output.stdout))
}
