//! The CSV export: one file per kind of record (RFC 4180: comma-separated, CRLF line ends, fields quoted when
//! they hold a comma, quote or line break; UTF-8 with a byte-order mark, which spreadsheet programs need to
//! read accents and non-Latin names correctly).

use cairn_core::files::write_atomically;
use cairn_core::{Error, Result};
use cairn_store::records::{RecordTable, RECORD_KINDS};
use cairn_store::Store;
use jiff::civil::Date;
use std::path::{Path, PathBuf};

const BYTE_ORDER_MARK: &[u8] = b"\xEF\xBB\xBF";

/// One table as CSV bytes.
pub fn to_csv(table: &RecordTable) -> Result<Vec<u8>> {
    let failed = |e: csv::Error| Error::Database(format!("Could not write CSV: {e}"));
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(BYTE_ORDER_MARK.to_vec());
    writer.write_record(&table.headers).map_err(failed)?;
    for row in &table.rows {
        writer.write_record(row).map_err(failed)?;
    }
    writer
        .into_inner()
        .map_err(|e| Error::Database(format!("Could not write CSV: {e}")))
}

/// Writes every kind of record as `<kind>.csv` into `dir` (created if missing, its parent must exist); each
/// file is written whole or not at all. Returns the files written.
pub fn write_all(store: &Store, dir: &Path, from: Option<Date>, to: Option<Date>) -> Result<Vec<PathBuf>> {
    if !dir.is_dir() {
        std::fs::create_dir(dir)
            .map_err(|e| Error::io(format!("Cannot create the folder {}", dir.display()), e))?;
    }
    let mut written = Vec::new();
    for &kind in RECORD_KINDS {
        let table = store.record_table(kind, from, to)?;
        let path = dir.join(format!("{}.csv", kind.file_stem()));
        write_atomically(&path, &to_csv(&table)?)?;
        written.push(path);
    }
    Ok(written)
}
