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

/// A note that uses every construct, full of citations and a table.
const RICH_NOTE: &str = "## What I read

Smith *et al.*(2019) found that outcomes improved; see [ACCME](https://accme.org)(2024).

| Study | n | Effect |
|:--|--:|:-:|
| Smith *et al.*(2019) | 1,204 | 0.42 |
| Jones #2 | 88 | — |

1. First point
2. Second point with `dose`(mg)

- [x] Read the Standards
- [ ] Draft a needs assessment

> Adult learners bring their own experience.

```
objective = \"Apply the guideline\"
```

Seven levels of outcomes[^moore].

[^moore]: Moore DE Jr, Green JS, Gallis HA. 2009.
";

/// The parts of a Word file, read with the zip crate.
fn docx_parts(path: &Path) -> Result<std::collections::BTreeMap<String, String>, Box<dyn std::error::Error>> {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path)?)?;
    let mut parts = std::collections::BTreeMap::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i)?;
        let name = entry.name()?.into_owned();
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut entry, &mut bytes)?;
        parts.insert(name, String::from_utf8_lossy(&bytes).into_owned());
    }
    Ok(parts)
}

/// Every element's name and its `w:val` (or `Type`) attribute in an XML part, read by quick-xml, which also
/// insists the part is well formed.
fn xml_elements(xml: &str) -> Result<Vec<(String, String)>, Box<dyn std::error::Error>> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut elements = Vec::new();
    loop {
        match reader.read_event()? {
            quick_xml::events::Event::Eof => break,
            quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e) => {
                let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                let value = e
                    .attributes()
                    .flatten()
                    .find(|a| matches!(a.key.as_ref(), b"w:val" | b"Type"))
                    .map(|a| String::from_utf8_lossy(&a.value).into_owned())
                    .unwrap_or_default();
                elements.push((name, value));
            }
            _ => {}
        }
    }
    Ok(elements)
}

#[test]
fn the_word_report_uses_words_own_styles_and_reads_back_in_libreoffice() -> TestResult {
    let tmp = tempfile::tempdir()?;
    let dir = small_demo(tmp.path())?;
    let id = note_with(&dir, RICH_NOTE)?;
    let conn = rusqlite::Connection::open(dir.join("cairn.sqlite3"))?;
    conn.execute("UPDATE profile SET name = 'Dr Ada Obi & Co <MD>'", [])?;
    drop(conn);
    let docx = tmp.path().join("report.docx");
    let docx_arg = docx.display().to_string();
    ok(
        &dir,
        &["export", "--format", "docx", "--out", &docx_arg, "--note", &id],
    )?;

    let parts = docx_parts(&docx)?;
    let document = &parts["word/document.xml"];
    let elements = xml_elements(document)?;
    let styles_used: std::collections::BTreeSet<&str> = elements
        .iter()
        .filter(|(name, _)| name == "w:pStyle" || name == "w:rStyle" || name == "w:tblStyle")
        .map(|(_, value)| value.as_str())
        .collect();
    for style in [
        "Title",
        "Heading1",
        "Heading2",
        "Heading3",
        "ListBullet",
        "ListNumber",
        "Quote",
        "Hyperlink",
        "TableGrid",
        "HTMLCode",
    ] {
        assert!(
            styles_used.contains(style),
            "the document uses {style}: {styles_used:?}"
        );
    }
    // Each used style is defined, under Word's own name for it.
    let styles = &parts["word/styles.xml"];
    xml_elements(styles)?;
    for name in [
        "Title",
        "heading 1",
        "heading 2",
        "heading 3",
        "List Bullet",
        "List Number",
        "Hyperlink",
    ] {
        assert!(
            styles.contains(&format!("<w:name w:val=\"{name}\"")),
            "styles.xml names {name}"
        );
    }
    assert!(
        elements.iter().any(|(name, _)| name == "w:tblHeader"),
        "tables have header rows"
    );
    assert!(
        elements.iter().any(|(name, _)| name == "w:hyperlink"),
        "links are hyperlinks"
    );
    assert!(
        parts["word/_rels/document.xml.rels"].contains("https://accme.org"),
        "the link's target is a relationship"
    );
    assert!(
        elements.iter().any(|(name, _)| name == "w:numPr"),
        "lists are numbered by Word"
    );
    let media: Vec<&String> = parts
        .keys()
        .filter(|k| k.starts_with("word/media/") && !k.ends_with('/'))
        .collect();
    assert!(media.len() >= 2, "the charts are pictures: {:?}", parts.keys());
    for picture in &media {
        assert!(
            parts[*picture].get(..8).is_some_and(|head| head.contains("PNG")),
            "{picture} is a PNG"
        );
    }
    let core = &parts["docProps/core.xml"];
    let core_elements = xml_elements(core)?;
    assert!(core_elements.iter().any(|(name, _)| name == "dc:title"), "{core}");
    assert!(
        core.contains("<dc:title>CME writing: progress report</dc:title>"),
        "{core}"
    );
    assert!(
        core.contains("<dc:creator>Dr Ada Obi &amp; Co &lt;MD&gt;</dc:creator>"),
        "{core}"
    );
    for text in [
        "Smith ",
        "et al.",
        "(2019) found that outcomes improved; see ",
        "(mg)",
        "Jones #2",
    ] {
        assert!(document.contains(text), "the document holds {text:?}");
    }

    // LibreOffice reads it as a real word processor would, and its PDF holds the headings and the note.
    let converted = tmp.path().join("converted");
    let output = std::process::Command::new("soffice")
        .args(["--headless", "--norestore", "--convert-to", "pdf", "--outdir"])
        .arg(&converted)
        .arg(&docx)
        .env("HOME", tmp.path())
        .output()?;
    assert!(
        output.status.success(),
        "LibreOffice converts it: {}",
        text(&output.stderr)
    );
    let pdf = converted.join("report.pdf").display().to_string();
    let text = tool("pdftotext", &[&pdf, "-"])?;
    for heading in [
        "CME writing: progress report",
        "Milestones",
        "Competencies",
        "Study time",
        "Portfolio",
        "Network",
        "Notes",
        "What I read",
    ] {
        assert!(
            text.contains(heading),
            "LibreOffice's PDF holds {heading:?}:\n{text}"
        );
    }
    for words in [
        "Smith et al.(2019) found that outcomes improved",
        "Moore DE Jr, Green JS, Gallis HA",
        "Adult learners bring their own experience",
    ] {
        assert!(text.contains(words), "LibreOffice's PDF holds {words:?}:\n{text}");
    }
    Ok(())
}

#[test]
fn a_single_note_saves_as_word_and_pdf() -> TestResult {
    let tmp = tempfile::tempdir()?;
    let dir = small_demo(tmp.path())?;
    let id: cairn_core::Id = note_with(&dir, RICH_NOTE)?.parse()?;
    let store = cairn_store::Store::open_with_pathway(&dir, jiff::Timestamp::now())?;
    let now = jiff::ZonedDateTime::now();
    let word = cairn_report::note_file(&store, id, cairn_report::NoteFormat::Word, &now, "en-GB")?;
    let path = tmp.path().join("note.docx");
    std::fs::write(&path, word)?;
    let parts = docx_parts(&path)?;
    let elements = xml_elements(&parts["word/document.xml"])?;
    assert!(
        elements.iter().any(|(n, v)| n == "w:pStyle" && v == "Title"),
        "the note's title is the Title"
    );
    assert!(
        parts["word/document.xml"].contains("Moore DE Jr"),
        "the footnote's text is there"
    );
    let pdf = cairn_report::note_file(&store, id, cairn_report::NoteFormat::Pdf, &now, "en-GB")?;
    let pdf_path = tmp.path().join("note.pdf");
    std::fs::write(&pdf_path, pdf)?;
    let text = tool("pdftotext", &[&pdf_path.display().to_string(), "-"])?;
    assert!(
        text.contains("Smith et al.(2019) found that outcomes improved"),
        "{text}"
    );
    Ok(())
}

#[test]
fn the_sample_pack_shows_the_cover_contents_and_each_pieces_pages_and_refuses_confidential_pieces(
) -> TestResult {
    let tmp = tempfile::tempdir()?;
    let dir = small_demo(tmp.path())?;
    let conn = rusqlite::Connection::open(dir.join("cairn.sqlite3"))?;
    conn.execute("UPDATE profile SET name = 'Dr Ada Obi'", [])?;
    let (confidential, title): (i64, String) = conn.query_row(
        "SELECT id, title FROM portfolio_piece WHERE confidential = 1 AND deleted_at IS NULL ORDER BY id LIMIT 1",
        [],
        |row| Ok((row.get(0)?, row.get(1)?)),
    )?;
    let shown: Vec<(i64, String)> = conn
        .prepare(
            "SELECT id, title FROM portfolio_piece WHERE status IN ('done', 'published') AND confidential = 0
             AND deleted_at IS NULL",
        )?
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<Result<_, _>>()?;
    drop(conn);
    assert!(!shown.is_empty(), "the demo has finished pieces");

    let pack = tmp.path().join("pack.pdf");
    let pack_arg = pack.display().to_string();
    let printed = ok(&dir, &["export", "--format", "pack", "--out", &pack_arg])?;
    assert!(
        printed.contains(&format!("sample pack of {} pieces", shown.len())),
        "{printed}"
    );
    let text = tool("pdftotext", &[&pack_arg, "-"])?;
    assert!(text.contains("Dr Ada Obi"), "the cover names the person:\n{text}");
    assert!(text.contains("Contents"), "{text}");
    for (_, title) in &shown {
        // Once on the contents page, once on its own page, once in its attached sample.
        assert!(
            text.matches(title.as_str()).count() >= 2,
            "the pack shows {title:?}:\n{text}"
        );
    }
    assert!(
        text.contains("Practice gaps in"),
        "the attached PDF's pages are in the pack:\n{text}"
    );
    assert!(
        !text.contains(&title),
        "the confidential piece is left out by default"
    );

    // Asked for by name, a confidential piece is refused with the reason, and nothing is written.
    std::fs::remove_file(&pack)?;
    let confidential = confidential.to_string();
    let refused = refused(
        &dir,
        &[
            "export",
            "--format",
            "pack",
            "--out",
            &pack_arg,
            "--piece",
            &confidential,
        ],
        "invalid_input",
    )?;
    assert!(refused.contains("marked confidential"), "{refused}");
    assert!(!pack.exists(), "nothing is written");
    Ok(())
}

#[test]
fn every_report_writes_dates_in_the_chosen_locale() -> TestResult {
    let tmp = tempfile::tempdir()?;
    let dir = small_demo(tmp.path())?;
    let today = jiff::ZonedDateTime::now().date();
    for locale in ["en-US", "de-DE", "en-GB"] {
        let conn = rusqlite::Connection::open(dir.join("cairn.sqlite3"))?;
        conn.execute("UPDATE profile SET locale = ?1", [locale])?;
        drop(conn);
        let written = cairn_core::time::long_date_in(locale, today);
        for (format, file) in [
            ("html", "r.html"),
            ("md", "r.md"),
            ("pdf", "r.pdf"),
            ("docx", "r.docx"),
        ] {
            let out = tmp.path().join(file);
            let out_arg = out.display().to_string();
            ok(&dir, &["export", "--format", format, "--out", &out_arg])?;
            let text = match format {
                "pdf" => tool("pdftotext", &[&out_arg, "-"])?,
                "docx" => docx_parts(&out)?.remove("word/document.xml").unwrap_or_default(),
                _ => std::fs::read_to_string(&out)?,
            };
            assert!(
                text.contains(&written),
                "the {format} report in {locale} says {written:?}"
            );
        }
    }
    Ok(())
}
