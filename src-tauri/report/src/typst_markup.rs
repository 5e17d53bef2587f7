//! A note's Markdown as Typst markup, for the PDF report. Every piece of the note's text is escaped
//! character by character, so nothing in a note can run Typst code or reach a file: the only functions in
//! the output are the ones written here. Raw HTML is dropped and images keep only their description, as in
//! the HTML preview.

use pulldown_cmark::{Alignment, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// Escapes text so Typst shows it literally in markup (every character with a meaning is backslashed).
pub fn escape_markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\\' | '#' | '*' | '_' | '`' | '$' | '<' | '>' | '@' | '[' | ']' | '~' | '/' | '-' | '+'
            | '=' | '.' | '"' | '\'' | ':' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Escapes text for a Typst string literal.
pub fn string_literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Converts a note's Markdown to Typst markup (headings inside a note sit at level 4, under its title).
pub fn from_markdown(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    let mut out = String::with_capacity(markdown.len() * 2);
    let mut code: Option<String> = None;
    for event in Parser::new_ext(markdown, options) {
        if let Some(buffer) = code.as_mut() {
            match event {
                Event::Text(text) => buffer.push_str(&text),
                Event::End(TagEnd::CodeBlock) => {
                    out.push_str(&format!(
                        "#raw(block: true, {})\n\n",
                        string_literal(buffer.trim_end_matches('\n'))
                    ));
                    code = None;
                }
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(tag) => match tag {
                Tag::Paragraph => {}
                Tag::Heading { level, .. } => {
                    let level = match level {
                        HeadingLevel::H1 | HeadingLevel::H2 => 4,
                        _ => 5,
                    };
                    out.push_str(&format!("#heading(level: {level}, outlined: false)["));
                }
                Tag::BlockQuote(_) => out.push_str("#quote(block: true)["),
                Tag::CodeBlock(_) => code = Some(String::new()),
                Tag::List(Some(start)) => out.push_str(&format!("#enum(start: {start}, tight: false, ")),
                Tag::List(None) => out.push_str("#list(tight: false, "),
                Tag::Item => out.push('['),
                Tag::Emphasis => out.push_str("#emph["),
                Tag::Strong => out.push_str("#strong["),
                Tag::Strikethrough => out.push_str("#strike["),
                Tag::Link { dest_url, .. } => {
                    let safe = ["https://", "http://", "mailto:"]
                        .iter()
                        .any(|s| dest_url.starts_with(s));
                    if safe {
                        out.push_str(&format!("#link({})[", string_literal(&dest_url)));
                    } else {
                        out.push('[');
                    }
                }
                Tag::Image { .. } => out.push('['),
                Tag::Table(alignments) => {
                    let align: Vec<&str> = alignments
                        .iter()
                        .map(|a| match a {
                            Alignment::Right => "right",
                            Alignment::Center => "center",
                            _ => "left",
                        })
                        .collect();
                    out.push_str(&format!(
                        "#table(columns: {}, align: ({},), ",
                        align.len(),
                        align.join(", ")
                    ));
                }
                Tag::TableHead => out.push_str("table.header("),
                Tag::TableRow => {}
                Tag::TableCell => out.push('['),
                _ => {}
            },
            Event::End(end) => match end {
                TagEnd::Paragraph => out.push_str("\n\n"),
                TagEnd::Heading(_) => out.push_str("]\n\n"),
                TagEnd::BlockQuote(_) => out.push_str("]\n\n"),
                TagEnd::List(_) => out.push_str(")\n\n"),
                TagEnd::Item => out.push_str("], "),
                TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link | TagEnd::Image => {
                    out.push(']')
                }
                TagEnd::Table => out.push_str(")\n\n"),
                TagEnd::TableHead => out.push_str("), "),
                TagEnd::TableCell => out.push_str("], "),
                _ => {}
            },
            Event::Text(text) => out.push_str(&escape_markup(&text)),
            Event::Code(text) => out.push_str(&format!("#raw({})", string_literal(&text))),
            Event::SoftBreak => out.push(' '),
            Event::HardBreak => out.push_str("#linebreak()"),
            Event::Rule => out.push_str("#line(length: 100%)\n\n"),
            Event::TaskListMarker(done) => out.push_str(if done { "☑ " } else { "☐ " }),
            // Raw HTML and anything else is left out, as the sanitized HTML preview leaves it out.
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typst_syntax_in_a_note_is_only_text() {
        let markup =
            from_markdown("#read(\"/etc/passwd\") and $x$ <label> @ref // not a comment\n\n= not a heading");
        let unescaped = markup
            .match_indices('#')
            .any(|(at, _)| !markup[..at].ends_with('\\'));
        assert!(!unescaped, "every # is text, not code: {markup}");
        assert!(markup.contains("\\#read"), "{markup}");
        assert!(markup.contains("\\/\\/"), "{markup}");
        assert!(markup.contains("\\= not a heading"), "{markup}");
    }

    #[test]
    fn markdown_structure_becomes_typst_functions() {
        let markup = from_markdown("## Plan\n\n- **bold** and *it*\n- `code` [link](https://example.org)\n\n```\nfn main() {}\n```\n");
        assert!(
            markup.contains("#heading(level: 4, outlined: false)[Plan]"),
            "{markup}"
        );
        assert!(
            markup.contains("#list(tight: false, [#strong[bold] and #emph[it]], "),
            "{markup}"
        );
        assert!(markup.contains("#raw(\"code\")"), "{markup}");
        assert!(
            markup.contains("#link(\"https://example.org\")[link]"),
            "{markup}"
        );
        assert!(markup.contains("#raw(block: true, \"fn main() {}\")"), "{markup}");
        let javascript = from_markdown("[x](javascript:alert(1))");
        assert!(!javascript.contains("#link"), "{javascript}");
    }
}
