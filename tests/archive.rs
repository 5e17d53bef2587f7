//! The archive of everything: a round trip that loses nothing, archives that must be refused (each naming its
//! entry, the data folder left empty), and memory that stays flat with half a gigabyte of attachments, measured
//! as the peak resident size the kernel reports for the real `cairn` process (GNU time's `%M`).

use rusqlite::Connection;
use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::Path;
use std::process::Command;

mod common;
use common::*;

/// Exports everything as JSON (a stable, comparable view of the database) with the export time blanked.
fn json_view(dir: &Path, scratch: &Path) -> Result<serde_json::Value, Box<dyn std::error::Error>> {
    let out = scratch.join(format!("view-{}.json", std::process::id()));
    ok(
        dir,
        &["export", "--format", "json", "--out", &out.display().to_string()],
    )?;
    let mut value: serde_json::Value = serde_json::from_slice(&std::fs::read(&out)?)?;
    value["exportedAt"] = serde_json::Value::Null;
    std::fs::remove_file(&out)?;
    Ok(value)
}

/// Each file in a folder by name, with its bytes.
type FolderContents = Vec<(String, Vec<u8>)>;

fn folder_bytes(dir: &Path) -> Result<FolderContents, Box<dyn std::error::Error>> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| {
            Ok((
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path())?,
            ))
        })
        .collect::<std::io::Result<_>>()?;
    files.sort();
    Ok(files)
}

#[test]
fn an_archive_of_the_small_demo_imports_into_an_empty_folder_with_nothing_lost() -> TestResult {
    let tmp = tempfile::tempdir()?;
    let dir = small_demo(tmp.path())?;
    let archive = tmp.path().join("everything.zip");
    let printed = export_archive(&dir, &archive)?;
    assert!(printed.contains("5 attachment files"), "{printed}");
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&archive)?.permissions().mode() & 0o777,
        0o600,
        "owner-only"
    );
    // A standard zip: the system's own reader lists the data and the copies.
    let listing = Command::new("python3")
        .args([
            "-c",
            "import sys, zipfile; print('\\n'.join(zipfile.ZipFile(sys.argv[1]).namelist()))",
        ])
        .arg(&archive)
        .output()?;
    let listing = text(&listing.stdout);
    assert!(listing.lines().any(|l| l == "cairn-export.json"), "{listing}");
    assert_eq!(
        listing.lines().filter(|l| l.starts_with("attachments/")).count(),
        5,
        "{listing}"
    );

    let imported = tmp.path().join("imported");
    let printed = ok(&imported, &["import", &archive.display().to_string()])?;
    assert!(printed.contains("5 attachment files"), "{printed}");
    assert_eq!(
        json_view(&imported, tmp.path())?,
        json_view(&dir, tmp.path())?,
        "every table the same"
    );
    assert_eq!(
        folder_bytes(&imported.join("attachments"))?,
        folder_bytes(&dir.join("attachments"))?,
        "every attachment copy byte for byte"
    );
    ok(&imported, &["check"])?;
    // The JSON export of before still imports.
    let json = tmp.path().join("everything.json");
    ok(
        &dir,
        &["export", "--format", "json", "--out", &json.display().to_string()],
    )?;
    let from_json = tmp.path().join("from-json");
    ok(&from_json, &["import", &json.display().to_string()])?;
    assert_eq!(json_view(&from_json, tmp.path())?, json_view(&dir, tmp.path())?);
    Ok(())
}

/// Rewrites an archive with python's zipfile: each entry passed through `change` (None drops it), plus `extra`.
fn rewrite(from: &Path, to: &Path, script: &str) -> TestResult {
    let status = Command::new("python3")
        .args([
            "-c",
            &format!(
                "import sys, zipfile\nsrc = zipfile.ZipFile(sys.argv[1])\ndst = zipfile.ZipFile(sys.argv[2], 'w')\n{script}\ndst.close()"
            ),
        ])
        .arg(from)
        .arg(to)
        .status()?;
    assert!(status.success(), "python rewrote the archive");
    Ok(())
}

#[test]
fn bad_archives_are_refused_at_their_entry_and_leave_the_folder_empty() -> TestResult {
    let tmp = tempfile::tempdir()?;
    let dir = small_demo(tmp.path())?;
    let archive = tmp.path().join("good.zip");
    export_archive(&dir, &archive)?;
    let copy_all = "for i in src.infolist():\n    dst.writestr(i, src.read(i))";
    let cases: &[(&str, String, &str)] = &[
        (
            "no data",
            "for i in src.infolist():\n    if i.filename != 'cairn-export.json': dst.writestr(i, src.read(i))".into(),
            "cairn-export.json",
        ),
        (
            "a stranger",
            format!("{copy_all}\ndst.writestr('notes/../../.bashrc', b'echo hi')"),
            "notes/../../.bashrc",
        ),
        (
            "an unlisted attachment",
            format!("{copy_all}\ndst.writestr('attachments/{}', b'x')", "0".repeat(64)),
            "attachments/0000",
        ),
        (
            "a changed attachment",
            "for i in src.infolist():\n    data = src.read(i)\n    if i.filename.startswith('attachments/') and not done:\n        data = data + b'tampered'; done = True\n    dst.writestr(i, data)".into(),
            "does not have the SHA-256",
        ),
        (
            "a damaged data entry",
            "for i in src.infolist():\n    data = src.read(i)\n    if i.filename == 'cairn-export.json': data = data[:len(data)//2]\n    dst.writestr(i, data)".into(),
            "not a complete JSON file",
        ),
        ("not a zip at all", "".into(), "file"),
    ];
    for (what, script, named) in cases {
        let bad = tmp.path().join("bad.zip");
        if script.is_empty() {
            std::fs::write(&bad, b"PK\x03\x04 but nothing after")?;
        } else {
            rewrite(&archive, &bad, &format!("done = False\n{script}"))?;
        }
        let target = tmp.path().join(format!("target-{}", what.replace(' ', "-")));
        let stderr = refused(&target, &["import", &bad.display().to_string()], "invalid_input")?;
        assert!(stderr.contains(named), "{what}: {stderr}");
        let left: Vec<_> = match std::fs::read_dir(&target) {
            Ok(entries) => entries.filter_map(Result::ok).map(|e| e.file_name()).collect(),
            Err(_) => Vec::new(),
        };
        assert!(
            left.is_empty(),
            "{what}: the folder is left empty, found {left:?}"
        );
    }
    Ok(())
}

/// Fills `dir/attachments` with `count` stored copies of `size` bytes each (different content, written in
/// chunks) attached to the first piece, as the store would have stored them.
fn large_attachments(dir: &Path, count: usize, size: usize) -> TestResult {
    let conn = Connection::open(dir.join("cairn.sqlite3"))?;
    let piece: i64 = conn.query_row("SELECT min(id) FROM portfolio_piece", [], |row| row.get(0))?;
    let mut chunk = vec![0u8; 1 << 20];
    for n in 0..count {
        let temporary = dir.join("attachments").join(format!(".large-{n}"));
        let mut file = std::io::BufWriter::new(std::fs::File::create(&temporary)?);
        let mut hasher = Sha256::new();
        let mut state = 0x9E37_79B9_7F4A_7C15u64 ^ (n as u64 + 1);
        for _ in 0..size / chunk.len() {
            for word in chunk.chunks_exact_mut(8) {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                word.copy_from_slice(&state.to_le_bytes());
            }
            hasher.update(&chunk);
            file.write_all(&chunk)?;
        }
        file.flush()?;
        drop(file);
        let sha: String = hasher.finalize().iter().map(|b| format!("{b:02x}")).collect();
        let stored = format!("{sha}.pdf");
        std::fs::rename(&temporary, dir.join("attachments").join(&stored))?;
        conn.execute(
            "INSERT INTO attachment_file (sha256, size, stored_name) VALUES (?1, ?2, ?3)",
            rusqlite::params![sha, size as i64, stored],
        )?;
        conn.execute(
            "INSERT INTO piece_attachment (id, piece_id, sha256, name, added_at)
             VALUES (?1, ?2, ?3, ?4, '2026-11-30T10:00:00Z')",
            rusqlite::params![
                cairn_store::ids::new_id(),
                piece,
                sha,
                format!("Large sample {n}.pdf")
            ],
        )?;
    }
    Ok(())
}

/// Runs cairn under GNU time and returns its peak resident size in MB.
fn peak_mb(data_dir: &Path, args: &[&str]) -> Result<f64, Box<dyn std::error::Error>> {
    let output = Command::new("/usr/bin/time")
        .args(["-f", "peak-kb %M"])
        .arg(env!("CARGO_BIN_EXE_cairn"))
        .arg("--data-dir")
        .arg(data_dir)
        .args(args)
        .env_remove("CAIRN_DATA_DIR")
        .output()?;
    let stderr = text(&output.stderr);
    assert!(output.status.success(), "cairn {args:?}: {stderr}");
    let kb: f64 = stderr
        .lines()
        .find_map(|line| line.strip_prefix("peak-kb "))
        .ok_or("GNU time printed the peak")?
        .trim()
        .parse()?;
    Ok(kb / 1024.0)
}

#[test]
fn exporting_and_importing_half_a_gigabyte_of_attachments_stays_under_300_mb() -> TestResult {
    let tmp = tempfile::tempdir()?;
    let dir = small_demo(tmp.path())?;
    large_attachments(&dir, 5, 100 * 1024 * 1024)?;
    let archive = tmp.path().join("large.zip");
    let export_peak = peak_mb(
        &dir,
        &[
            "export",
            "--format",
            "archive",
            "--out",
            &archive.display().to_string(),
        ],
    )?;
    let archive_mb = std::fs::metadata(&archive)?.len() as f64 / (1024.0 * 1024.0);
    // The copies are not needed any more: free the disk before the import writes its own.
    std::fs::remove_dir_all(dir.join("attachments"))?;
    let imported = tmp.path().join("imported");
    let import_peak = peak_mb(&imported, &["import", &archive.display().to_string()])?;
    let imported_files = std::fs::read_dir(imported.join("attachments"))?.count();
    println!(
        "archive of {archive_mb:.0} MB: export peak {export_peak:.0} MB, import peak {import_peak:.0} MB, {imported_files} copies imported"
    );
    assert!(
        archive_mb > 500.0,
        "the archive holds the attachments ({archive_mb:.0} MB)"
    );
    assert_eq!(imported_files, 5 + 5, "the five large files and the demo's five");
    assert!(export_peak < 300.0, "export peak {export_peak:.0} MB");
    assert!(import_peak < 300.0, "import peak {import_peak:.0} MB");
    Ok(())
}
