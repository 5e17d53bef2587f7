//! The HTML report: one self-contained file (inline CSS and SVG; no script, no external reference), and the
//! same markup without the page around it for the app's preview.

use crate::charts::escape;
use crate::document::{self, Block, Table};
use crate::model::ProgressReport;
use std::fmt::Write;

/// The report's stylesheet, scoped to `.cairn-report`; the app's preview imports the same file.
pub const REPORT_CSS: &str = include_str!("templates/report.css");

/// A whole HTML document.
pub fn document(report: &ProgressReport) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
         <title>{}</title>\n<style>\n{REPORT_CSS}</style>\n</head>\n<body>\n{}\n</body>\n</html>\n",
        escape(&report.title),
        article(report)
    )
}

/// How many rows of a table the app's preview shows. Ten years of ticked items is a table of thousands of rows
/// (400 KB of markup); laying it all out made the Reports page take most of a second to show. The exported
/// report keeps every row.
pub const PREVIEW_ROWS: usize = 50;

/// The report as an `<article class="cairn-report">`, every row of every table.
pub fn article(report: &ProgressReport) -> String {
    article_with(report, usize::MAX)
}

/// The report for the app's preview: as [`article`], but a table longer than [`PREVIEW_ROWS`] shows its first
/// rows and says how many more the exported report has.
pub fn preview(report: &ProgressReport) -> String {
    article_with(report, PREVIEW_ROWS)
}

fn article_with(report: &ProgressReport, rows_shown: usize) -> String {
    let document = document::of(report);
    let mut out = String::with_capacity(64 * 1024);
    let _ = write!(
        out,
        "<article class=\"cairn-report\">\n<header><h1>{}</h1><p class=\"meta\">{}</p><p class=\"meta\">{}</p></header>\n",
        escape(&document.title),
        escape(&document.subtitle),
        escape(&document.period)
    );
    out.push_str("<ul class=\"figures\">");
    for (value, label) in &document.key_figures {
        let _ = write!(
            out,
            "<li><strong>{}</strong><span>{}</span></li>",
            escape(value),
            escape(label)
        );
    }
    out.push_str("</ul>\n");
    for section in &document.sections {
        let _ = write!(out, "<section><h2>{}</h2>", escape(&section.title));
        for block in &section.blocks {
            write_block(&mut out, block, rows_shown);
        }
        out.push_str("</section>\n");
    }
    let _ = write!(out, "<footer>{}</footer>\n</article>", escape(&document.footer));
    out
}

fn write_block(out: &mut String, block: &Block, rows_shown: usize) {
    match block {
        Block::Text { text } => {
            let _ = write!(out, "<p>{}</p>", escape(text));
        }
        Block::Aside { text } => {
            let _ = write!(out, "<p class=\"meta\">{}</p>", escape(text));
        }
        Block::Empty { text } => {
            let _ = write!(out, "<p class=\"empty\">{}</p>", escape(text));
        }
        Block::Subheading { text } => {
            let _ = write!(out, "<h3>{}</h3>", escape(text));
        }
        // The chart is drawn by Cairn (`charts.rs`), never from the person's text; its figures are in its title.
        Block::Chart { svg, .. } => out.push_str(svg),
        Block::Table { table } => write_table(out, table, rows_shown),
        Block::Note { note } => {
            let _ = write!(
                out,
                "<div class=\"note\"><h3>{}</h3><p class=\"meta\">Written {}</p><div class=\"note-body\">{}</div></div>",
                escape(&note.title),
                escape(&note.written_on),
                note.html // sanitized by cairn_core::markdown
            );
        }
    }
}

fn write_table(out: &mut String, table: &Table, rows_shown: usize) {
    let class = |numeric: bool| if numeric { " class=\"number\"" } else { "" };
    out.push_str("<table><thead><tr>");
    for column in &table.columns {
        let _ = write!(
            out,
            "<th{}>{}</th>",
            class(column.numeric),
            escape(&column.header)
        );
    }
    out.push_str("</tr></thead><tbody>");
    for row in table.rows.iter().take(rows_shown) {
        out.push_str("<tr>");
        for (cell, column) in row.iter().zip(&table.columns) {
            let text = escape(&cell.text);
            match cell.flagged {
                true => {
                    let _ = write!(
                        out,
                        "<td{}><span class=\"gap\">{text}</span></td>",
                        class(column.numeric)
                    );
                }
                false => {
                    let _ = write!(out, "<td{}>{text}</td>", class(column.numeric));
                }
            }
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>");
    let hidden = table.rows.len().saturating_sub(rows_shown);
    if hidden > 0 {
        let _ = write!(
            out,
            "<p class=\"meta more-rows\">The first {rows_shown} of {} rows. The exported report has all of them \
             ({hidden} more).</p>",
            table.rows.len()
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Cell, Column};

    fn table_of(rows: usize) -> Table {
        Table {
            columns: vec![Column {
                header: "Item".into(),
                numeric: false,
                share: 1.0,
            }],
            rows: (0..rows)
                .map(|n| {
                    vec![Cell {
                        text: format!("item {n}"),
                        flagged: false,
                    }]
                })
                .collect(),
        }
    }

    fn rendered(table: &Table, rows_shown: usize) -> String {
        let mut out = String::new();
        write_table(&mut out, table, rows_shown);
        out
    }

    #[test]
    fn the_preview_shows_a_long_tables_first_rows_and_says_how_many_more_the_file_has() {
        let long = table_of(PREVIEW_ROWS + 70);
        let preview = rendered(&long, PREVIEW_ROWS);
        assert_eq!(
            preview.matches("<tr>").count(),
            PREVIEW_ROWS + 1,
            "header and rows"
        );
        assert!(preview.contains("item 49</td>") && !preview.contains("item 50</td>"));
        assert!(
            preview.contains("The first 50 of 120 rows. The exported report has all of them (70 more)."),
            "{preview}"
        );

        // The exported report keeps every row and says nothing of a limit.
        let whole = rendered(&long, usize::MAX);
        assert_eq!(whole.matches("<tr>").count(), PREVIEW_ROWS + 71);
        assert!(!whole.contains("more-rows"));

        // A table that fits is shown whole, without the line.
        let short = rendered(&table_of(PREVIEW_ROWS), PREVIEW_ROWS);
        assert_eq!(short.matches("<tr>").count(), PREVIEW_ROWS + 1);
        assert!(!short.contains("more-rows"));
    }
}
