//! Reports made from whatever a person wrote, through the command line as a person runs it: the PDF with notes
//! that used to break it, the Word report read back as a zip of XML and converted by LibreOffice, and the
//! writing-sample pack.

use std::path::Path;

mod common;
use common::*;

/// Writes `body` into the first note of the demo and returns its id.
fn note_with(dir: &Path, body: &str) -> Result<String, Box<dyn std::error::Error>> {
    let conn = rusqlite::Connection::open(dir.join("cairn.sqlite3"))?;
    let id: i64 = conn.query_row("SELECT min(id) FROM note WHERE deleted_at IS NULL", [], |row| {
        row.get(0)
    })?;
    conn.execute(
        "UPDATE note SET body = ?1 WHERE id = ?2",
        rusqlite::params![body, id],
    )?;
    Ok(id.to_string())
}

/// The inputs that made `cairn export --format pdf --note ID` fail, or lose a character, before notes reached
/// Typst as data.
const BROKE_THE_PDF: [(&str, &str); 5] = [
    (
        "Smith *et al.*(2019) found that outcomes improved.",
        "Smith et al.(2019) found that outcomes improved.",
    ),
    ("**Note:**(see p. 4)", "Note:(see p. 4)"),
    ("[ACCME](https://accme.org)(2024)", "ACCME(2024)"),
    ("`dose`(mg)", "dose(mg)"),
    ("*x*; y", "x; y"),
];

#[test]
fn notes_that_used_to_break_the_pdf_report_print_exactly() -> TestResult {
    let tmp = tempfile::tempdir()?;
    let dir = small_demo(tmp.path())?;
    let pdf = tmp.path().join("report.pdf");
    let pdf_arg = pdf.display().to_string();
    for (markdown, shown) in BROKE_THE_PDF {
        let id = note_with(&dir, markdown)?;
        ok(
            &dir,
            &["export", "--format", "pdf", "--out", &pdf_arg, "--note", &id],
        )?;
        let text = tool("pdftotext", &[&pdf_arg, "-"])?;
        assert!(
            text.contains(shown),
            "the PDF shows {shown:?} for {markdown:?}:\n{text}"
        );
    }
    Ok(())
}
