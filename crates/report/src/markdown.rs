//! The Markdown report: the same document as every format (see `document.rs`), with a chart's figures in place of
//! the chart.

use crate::document::{self, Block, Table};
use crate::model::ProgressReport;
use std::fmt::Write;

/// Makes text safe inside a Markdown table cell or line: no pipes or line breaks to break the table, and
/// Markdown's own characters escaped so a title reads as written.
fn cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '|' | '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

pub fn document(report: &ProgressReport) -> String {
    let document = document::of(report);
    let mut out = String::with_capacity(32 * 1024);
    let _ = writeln!(
        out,
        "# {}\n\n{}  \n{}\n",
        cell(&document.title),
        cell(&document.subtitle),
        cell(&document.period)
    );
    for (value, label) in &document.key_figures {
        let _ = writeln!(out, "- **{}** {}", cell(value), cell(label));
    }
    for section in &document.sections {
        let _ = write!(out, "\n## {}\n", cell(&section.title));
        for block in &section.blocks {
            write_block(&mut out, block);
        }
    }
    let _ = writeln!(out, "\n---\n\n{}", cell(&document.footer));
    out
}

fn write_block(out: &mut String, block: &Block) {
    match block {
        Block::Text { text } | Block::Aside { text } | Block::Empty { text } => {
            let _ = write!(out, "\n{}\n", cell(text));
        }
        Block::Subheading { text } => {
            let _ = write!(out, "\n### {}\n", cell(text));
        }
        // Markdown has no pictures of Cairn's own: a chart is its figures.
        Block::Chart { figures, .. } => {
            if let Some(table) = figures {
                write_table(out, table);
            }
        }
        Block::Table { table } => write_table(out, table),
        // The person's own Markdown, as written; its headings sit under the note's.
        Block::Note { note } => {
            let _ = write!(
                out,
                "\n### {}\n\n*Written {}*\n\n{}\n",
                cell(&note.title),
                note.written_on,
                note.markdown.trim_end()
            );
        }
    }
}

fn write_table(out: &mut String, table: &Table) {
    out.push('\n');
    let headers: Vec<String> = table.columns.iter().map(|c| cell(&c.header)).collect();
    let _ = writeln!(out, "| {} |", headers.join(" | "));
    let rules: Vec<&str> = table
        .columns
        .iter()
        .map(|c| if c.numeric { "---:" } else { "---" })
        .collect();
    let _ = writeln!(out, "| {} |", rules.join(" | "));
    for row in &table.rows {
        let texts: Vec<String> = row.iter().map(|c| cell(&c.text)).collect();
        let _ = writeln!(out, "| {} |", texts.join(" | "));
    }
}
