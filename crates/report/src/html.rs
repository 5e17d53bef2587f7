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

/// The report as an `<article class="cairn-report">`.
pub fn article(report: &ProgressReport) -> String {
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
            write_block(&mut out, block);
        }
        out.push_str("</section>\n");
    }
    let _ = write!(out, "<footer>{}</footer>\n</article>", escape(&document.footer));
    out
}

fn write_block(out: &mut String, block: &Block) {
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
        Block::Table { table } => write_table(out, table),
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

fn write_table(out: &mut String, table: &Table) {
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
    for row in &table.rows {
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
}
