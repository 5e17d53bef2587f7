//! The progress report and single notes as Word documents, written with docx-rs. They use Word's own styles
//! (Title, Heading 1–3, List Bullet, List Number, Quote, Hyperlink, Table Grid), so a person can restyle them in
//! Word in one step; charts are pictures; the title and author are the document's properties.
//!
//! Two things docx-rs cannot say are added to the parts it builds: the document's title and author (its core
//! properties are fixed to "unknown"; Cairn writes `docProps/core.xml` with docx-rs's own XML writer) and the
//! header row of a table (`w:tblHeader`, so the header repeats on every page; see `parts.rs`).

use crate::charts;
use crate::document;
use crate::model::{ProgressReport, ReportNote};
use crate::note_tree::{self, Align, Block, Inline};
use cairn_core::{Error, Result};
use docx_rs::{
    AlignmentType, BreakType, Docx, IndentLevel, LineSpacing, Numbering, NumberingId, Paragraph, Pic, Run,
    RunFonts, Table, TableCell, TableRow,
};
use parts::{code_font, core_properties, list_levels, mark_header_rows, styles, table_borders};

mod parts;
mod runs;
use runs::{inlines, paragraph_aligned, Format};

/// docx-rs always writes a numbering of its own as id 1, so Cairn's start at 10.
const BULLETS: usize = 10;
/// Numbered lists share this abstract numbering, and each gets a numbering of its own (so each starts at its
/// own number) from the next id on.
const FIRST_NUMBERED: usize = 11;
const MUTED: &str = "616E7C";
const ACCENT: &str = "2B6CB0";
/// The printable width of an A4 page with 2 cm margins, in EMU (for charts).
const TEXT_WIDTH_EMU: u32 = 6_120_000;
const CODE_FONT: &str = "Consolas";

/// The progress report as a `.docx` file's bytes.
pub fn report(report: &ProgressReport) -> Result<Vec<u8>> {
    let document = document::of(report);
    let mut doc = Writer::new();
    doc.paragraph(
        Paragraph::new()
            .style("Title")
            .add_run(Run::new().add_text(&document.title)),
    );
    doc.paragraph(
        Paragraph::new()
            .style("Subtitle")
            .add_run(Run::new().add_text(&document.subtitle))
            .add_run(
                Run::new()
                    .add_break(BreakType::TextWrapping)
                    .add_text(&document.period),
            ),
    );
    for (value, label) in &document.key_figures {
        doc.paragraph(
            Paragraph::new()
                .add_run(Run::new().bold().size(28).add_text(value))
                .add_run(Run::new().add_text(format!("  {label}"))),
        );
    }

    for section in &document.sections {
        doc.heading(1, &section.title);
        for block in &section.blocks {
            doc.report_block(block);
        }
    }
    doc.muted(&document.footer);
    doc.finish(
        &document.title,
        report.person.name.as_str(),
        &document.generated_on,
    )
}

/// One note as a `.docx` file's bytes: its title, when it was written, and its text.
pub fn note(note: &ReportNote, author: &str, generated_on: &str) -> Result<Vec<u8>> {
    let mut doc = Writer::new();
    doc.paragraph(
        Paragraph::new()
            .style("Title")
            .add_run(Run::new().add_text(&note.title)),
    );
    doc.muted(&format!("Written {}", note.written_on));
    doc.blocks(&note_tree::parse(&note.markdown), 0);
    doc.finish(&note.title, author, generated_on)
}

/// A document being written: docx-rs's builder plus the numbering of its lists.
struct Writer {
    docx: Docx,
    next_numbering: usize,
}

impl Writer {
    fn new() -> Writer {
        let mut docx = Docx::new()
            .default_fonts(RunFonts::new().ascii("Calibri").hi_ansi("Calibri").cs("Calibri"))
            .default_size(22)
            .default_line_spacing(LineSpacing::new().after(120))
            .add_abstract_numbering(list_levels(BULLETS, true))
            .add_numbering(Numbering::new(BULLETS, BULLETS))
            .add_abstract_numbering(list_levels(FIRST_NUMBERED, false));
        for style in styles() {
            docx = docx.add_style(style);
        }
        Writer {
            docx,
            next_numbering: FIRST_NUMBERED + 1,
        }
    }

    fn paragraph(&mut self, paragraph: Paragraph) {
        self.docx = std::mem::take(&mut self.docx).add_paragraph(paragraph);
    }

    fn heading(&mut self, level: usize, text: &str) {
        let style = format!("Heading{}", level.clamp(1, 3));
        self.paragraph(Paragraph::new().style(&style).add_run(Run::new().add_text(text)));
    }

    fn text(&mut self, text: &str) {
        self.paragraph(Paragraph::new().add_run(Run::new().add_text(text)));
    }

    fn muted(&mut self, text: &str) {
        self.paragraph(Paragraph::new().add_run(Run::new().color(MUTED).italic().add_text(text)));
    }

    /// A chart as a picture the width of the text, with its description as the caption (and alt text).
    fn chart(&mut self, svg: &str, caption: &str) {
        let Some((png, width, height)) = charts::png(svg) else {
            return self.muted(&format!("(The chart \"{caption}\" could not be drawn.)"));
        };
        let height_emu = (u64::from(TEXT_WIDTH_EMU) * u64::from(height) / u64::from(width.max(1))) as u32;
        let pic = Pic::new_with_dimensions(png, width, height).size(TEXT_WIDTH_EMU, height_emu);
        self.paragraph(Paragraph::new().add_run(Run::new().add_image(pic)));
        self.paragraph(
            Paragraph::new()
                .style("Caption")
                .add_run(Run::new().add_text(caption)),
        );
    }

    fn table(&mut self, head: &[&str], align: &[Align], rows: Vec<Vec<String>>) {
        let cell = |text: &str, align: Align| {
            TableCell::new().add_paragraph(paragraph_aligned(align).add_run(Run::new().add_text(text)))
        };
        let header = TableRow::new(
            head.iter()
                .zip(align)
                .map(|(text, &a)| {
                    TableCell::new()
                        .add_paragraph(paragraph_aligned(a).add_run(Run::new().bold().add_text(*text)))
                })
                .collect(),
        )
        .cant_split();
        let mut all = vec![header];
        all.extend(
            rows.iter()
                .map(|row| TableRow::new(row.iter().zip(align).map(|(text, &a)| cell(text, a)).collect())),
        );
        self.add_table(Table::new(all));
    }

    fn add_table(&mut self, table: Table) {
        let table = table.style("TableGrid").set_borders(table_borders());
        self.docx = std::mem::take(&mut self.docx).add_table(table);
        // An empty paragraph after a table keeps two tables in a row apart, as Word does.
        self.paragraph(Paragraph::new());
    }

    /// One block of the report's document (see `document.rs`).
    fn report_block(&mut self, block: &document::Block) {
        use document::Block as Part;
        match block {
            Part::Text { text } => self.text(text),
            Part::Aside { text } | Part::Empty { text } => self.muted(text),
            Part::Subheading { text } => self.heading(2, text),
            Part::Chart {
                svg,
                caption,
                figures,
                ..
            } => {
                self.chart(svg, caption);
                // The figures under the picture, for whoever cannot see it.
                if let Some(table) = figures {
                    self.report_table(table);
                }
            }
            Part::Table { table } => self.report_table(table),
            Part::Note { note } => {
                self.heading(2, &note.title);
                self.muted(&format!("Written {}", note.written_on));
                self.blocks(&note_tree::parse(&note.markdown), 0);
            }
        }
    }

    fn report_table(&mut self, table: &document::Table) {
        let head: Vec<&str> = table.columns.iter().map(|c| c.header.as_str()).collect();
        let align: Vec<Align> = table
            .columns
            .iter()
            .map(|c| if c.numeric { Align::Right } else { Align::Left })
            .collect();
        let rows = table
            .rows
            .iter()
            .map(|row| row.iter().map(|cell| cell.text.clone()).collect())
            .collect();
        self.table(&head, &align, rows);
    }

    /// A note's blocks; `depth` is how deep in lists they sit.
    fn blocks(&mut self, blocks: &[Block], depth: usize) {
        for block in blocks {
            self.block(block, depth, None);
        }
    }

    fn block(&mut self, block: &Block, depth: usize, style: Option<&str>) {
        match block {
            Block::Paragraph { content } => {
                let p = Paragraph::new().style(style.unwrap_or("Normal"));
                self.paragraph(inlines(p, content, Format::default()));
            }
            Block::Heading { level, content } => {
                // A note's headings sit under its title (Heading 2 in the report): Heading 3.
                let p = Paragraph::new().style(if *level <= 2 { "Heading3" } else { "Heading4" });
                self.paragraph(inlines(p, content, Format::default()));
            }
            Block::Quote { blocks } => {
                for inner in blocks {
                    self.block(inner, depth, Some("Quote"));
                }
            }
            Block::Code { text } => {
                let mut run = Run::new().fonts(code_font());
                for (i, line) in text.split('\n').enumerate() {
                    if i > 0 {
                        run = run.add_break(BreakType::TextWrapping);
                    }
                    run = run.add_text(line);
                }
                self.paragraph(Paragraph::new().style("HTMLPreformatted").add_run(run));
            }
            Block::List { start, items } => {
                let (numbering, style) = match start {
                    None => (BULLETS, "ListBullet"),
                    Some(start) => {
                        let id = self.next_numbering;
                        self.next_numbering += 1;
                        let restart = docx_rs::LevelOverride::new(depth).start(*start as usize);
                        self.docx = std::mem::take(&mut self.docx)
                            .add_numbering(Numbering::new(id, FIRST_NUMBERED).add_override(restart));
                        (id, "ListNumber")
                    }
                };
                for item in items {
                    let mut first = true;
                    for inner in item {
                        match inner {
                            Block::Paragraph { content } if first => {
                                let p = Paragraph::new()
                                    .style(style)
                                    .numbering(NumberingId::new(numbering), IndentLevel::new(depth));
                                self.paragraph(inlines(p, content, Format::default()));
                            }
                            Block::List { .. } => self.block(inner, depth + 1, None),
                            other => self.block(other, depth, Some("ListContinue")),
                        }
                        first = false;
                    }
                }
            }
            Block::Table { align, head, rows } => {
                let columns = align.len().max(1);
                let row = |cells: &[Vec<Inline>], bold: bool| {
                    TableRow::new(
                        (0..columns)
                            .map(|i| {
                                let content = cells.get(i).map(Vec::as_slice).unwrap_or_default();
                                let a = align.get(i).copied().unwrap_or(Align::Left);
                                let format = Format {
                                    bold,
                                    ..Format::default()
                                };
                                TableCell::new().add_paragraph(inlines(paragraph_aligned(a), content, format))
                            })
                            .collect(),
                    )
                };
                let mut all = vec![row(head, true).cant_split()];
                all.extend(rows.iter().map(|r| row(r, false)));
                self.add_table(Table::new(all));
            }
            Block::Rule => self.paragraph(
                Paragraph::new()
                    .align(AlignmentType::Center)
                    .add_run(Run::new().color(MUTED).add_text("* * *")),
            ),
            Block::Footnotes { notes } => {
                for note in notes {
                    for (i, inner) in note.blocks.iter().enumerate() {
                        let mut p = Paragraph::new().style("FootnoteText");
                        if i == 0 {
                            p = p.add_run(
                                Run::new()
                                    .style("FootnoteReference")
                                    .add_text(format!("{} ", note.number)),
                            );
                        }
                        match inner {
                            Block::Paragraph { content } => {
                                self.paragraph(inlines(p, content, Format::default()))
                            }
                            other => self.block(other, depth, Some("FootnoteText")),
                        }
                    }
                }
            }
        }
    }

    fn finish(self, title: &str, author: &str, generated_on: &str) -> Result<Vec<u8>> {
        let failed = |e: &dyn std::fmt::Display| Error::Report {
            what: format!("the Word document \"{title}\""),
            detail: e.to_string(),
        };
        let mut xml = self.docx.build();
        xml.document = mark_header_rows(&xml.document);
        xml.doc_props.core = core_properties(title, author, generated_on).map_err(|e| failed(&e))?;
        let mut bytes = std::io::Cursor::new(Vec::new());
        xml.pack(&mut bytes).map_err(|e| failed(&e))?;
        Ok(bytes.into_inner())
    }
}
