//! The parts of a Word document that do not depend on its content: Word's own styles, the list numbering, the
//! table borders, and the two things docx-rs cannot say (header rows and the document's title and author).

use super::{ACCENT, CODE_FONT, MUTED};
use docx_rs::{
    AbstractNumbering, Level, LevelJc, LevelText, LineSpacing, NumberFormat, RunFonts, Start, Style,
    StyleType, TableBorder, TableBorderPosition, TableBorders, VertAlignType,
};

pub(super) fn code_font() -> RunFonts {
    RunFonts::new().ascii(CODE_FONT).hi_ansi(CODE_FONT).cs(CODE_FONT)
}

pub(super) fn table_borders() -> TableBorders {
    TableBorders::new()
        .set(TableBorder::new(TableBorderPosition::Top).size(4).color("D9DEE4"))
        .set(
            TableBorder::new(TableBorderPosition::Bottom)
                .size(4)
                .color("D9DEE4"),
        )
        .set(
            TableBorder::new(TableBorderPosition::InsideH)
                .size(4)
                .color("D9DEE4"),
        )
        .clear(TableBorderPosition::Left)
        .clear(TableBorderPosition::Right)
        .clear(TableBorderPosition::InsideV)
}

/// Nine levels of a bulleted or numbered list, indented a quarter inch each.
pub(super) fn list_levels(id: usize, bullets: bool) -> AbstractNumbering {
    let mut numbering = AbstractNumbering::new(id);
    for level in 0..9 {
        let (format, text) = if bullets {
            ("bullet", ["•", "◦", "▪"][level % 3].to_owned())
        } else {
            (
                ["decimal", "lowerLetter", "lowerRoman"][level % 3],
                format!("%{}.", level + 1),
            )
        };
        let indent = 360 * (level as i32 + 1);
        numbering = numbering.add_level(
            Level::new(
                level,
                Start::new(1),
                NumberFormat::new(format),
                LevelText::new(text),
                LevelJc::new("left"),
            )
            .indent(
                Some(indent),
                Some(docx_rs::SpecialIndentType::Hanging(360)),
                None,
                None,
            ),
        );
    }
    numbering
}

/// Word's built-in styles, by their built-in ids and names, so Word treats them as its own.
pub(super) fn styles() -> Vec<Style> {
    let paragraph = |id: &str, name: &str| {
        Style::new(id, StyleType::Paragraph)
            .name(name)
            .based_on("Normal")
            .next("Normal")
            .q_format(true)
    };
    let heading = |level: usize, size: usize| {
        paragraph(&format!("Heading{level}"), &format!("heading {level}"))
            .line_spacing(
                LineSpacing::new()
                    .before(if level == 1 { 360 } else { 200 })
                    .after(80),
            )
            .bold()
            .size(size)
            .color(if level == 1 { ACCENT } else { "1F2933" })
            .outline_lvl(level - 1)
    };
    vec![
        paragraph("Title", "Title").size(52).color("1F2933"),
        paragraph("Subtitle", "Subtitle").size(24).color(MUTED),
        heading(1, 32),
        heading(2, 26),
        heading(3, 24),
        heading(4, 22),
        paragraph("ListBullet", "List Bullet").line_spacing(LineSpacing::new().after(40)),
        paragraph("ListNumber", "List Number").line_spacing(LineSpacing::new().after(40)),
        paragraph("ListContinue", "List Continue").indent(Some(720), None, None, None),
        paragraph("Quote", "Quote")
            .italic()
            .color(MUTED)
            .indent(Some(720), None, Some(720), None),
        paragraph("Caption", "caption").italic().size(18).color(MUTED),
        paragraph("HTMLPreformatted", "HTML Preformatted")
            .fonts(code_font())
            .size(19),
        paragraph("FootnoteText", "footnote text").size(18),
        Style::new("Hyperlink", StyleType::Character)
            .name("Hyperlink")
            .color(ACCENT)
            .underline("single"),
        Style::new("HTMLCode", StyleType::Character)
            .name("HTML Code")
            .fonts(code_font()),
        superscript(Style::new("FootnoteReference", StyleType::Character).name("footnote reference")),
        Style::new("TableGrid", StyleType::Table)
            .name("Table Grid")
            .set_borders(table_borders()),
    ]
}

fn superscript(mut style: Style) -> Style {
    style.run_property = style.run_property.vert_align(VertAlignType::SuperScript);
    style
}

/// Marks the rows built with `cant_split` (Cairn gives it only to header rows) as header rows, which repeat
/// at the top of every page a table runs onto. docx-rs has no setting for `w:tblHeader`.
pub(super) fn mark_header_rows(document: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(document);
    text.replace("<w:cantSplit />", "<w:cantSplit /><w:tblHeader />")
        .replace("<w:cantSplit/>", "<w:cantSplit/><w:tblHeader/>")
        .into_bytes()
}

/// `docProps/core.xml` with the document's title and author, written with docx-rs's XML writer (which escapes).
pub(super) fn core_properties(
    title: &str,
    author: &str,
    generated_on: &str,
) -> docx_rs::xml::writer::Result<Vec<u8>> {
    use docx_rs::xml::common::XmlVersion;
    use docx_rs::xml::writer::{EmitterConfig, XmlEvent};
    let mut writer = EmitterConfig::default().create_writer(Vec::new());
    writer.write(XmlEvent::StartDocument {
        version: XmlVersion::Version10,
        encoding: Some("UTF-8"),
        standalone: Some(true),
    })?;
    writer.write(
        XmlEvent::start_element("cp:coreProperties")
            .attr(
                "xmlns:cp",
                "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
            )
            .attr("xmlns:dc", "http://purl.org/dc/elements/1.1/")
            .attr("xmlns:dcterms", "http://purl.org/dc/terms/")
            .attr("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
    )?;
    let creator = if author.trim().is_empty() { "Cairn" } else { author };
    for (element, value) in [
        ("dc:title", title),
        ("dc:creator", creator),
        ("cp:lastModifiedBy", creator),
        ("dc:description", &format!("Made with Cairn on {generated_on}")),
    ] {
        writer.write(XmlEvent::start_element(element))?;
        writer.write(value)?;
        writer.write(XmlEvent::end_element())?;
    }
    writer.write(XmlEvent::end_element())?;
    writer.into_inner()
}
