//! What a person downloads and what the window parses: the release binary, the `.deb` if `make bundle` made
//! one, and the UI's JavaScript gzipped.

use std::io::Write;
use std::path::{Path, PathBuf};

pub fn mib(bytes: u64) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

/// The newest `.deb` under the target folder's bundle output, if any.
pub fn deb(target: &Path) -> Option<(PathBuf, u64)> {
    let folder = target.join("release/bundle/deb");
    std::fs::read_dir(folder)
        .ok()?
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|e| e == "deb"))
        .filter_map(|path| Some((path.metadata().ok()?.len(), path)))
        .max()
        .map(|(size, path)| (path, size))
}

/// The UI's JavaScript in `dist`, gzipped at the default level, in bytes (all chunks together).
pub fn js_gzipped(dist: &Path) -> Option<u64> {
    let mut total = 0;
    for entry in std::fs::read_dir(dist.join("assets")).ok()?.flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "js") {
            let bytes = std::fs::read(&path).ok()?;
            let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
            encoder.write_all(&bytes).ok()?;
            total += encoder.finish().ok()?.len() as u64;
        }
    }
    Some(total)
}
