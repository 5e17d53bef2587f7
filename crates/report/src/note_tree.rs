//! A note's Markdown as a document tree: the form in which notes reach the PDF (as data in `data.json`, walked by
//! the template's own functions) and the Word document. Nothing a person writes is ever turned into markup or
//! code, so no text can break a report or run anything: a `(` after emphasis, a `#`, a `$` are just characters.
//!
//! The tree has a form for everything the HTML preview shows (the same [`cairn_core::markdown::OPTIONS`]).
//! Raw HTML is dropped and images keep only their description, as in the preview; links keep only web and mail
//! targets. Footnotes are numbered in the order they are first referred to and listed after the note.

use pulldown_cmark::{Alignment, CowStr, Event, Parser, Tag};
use serde::Serialize;
use std::collections::HashMap;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Block {
    Paragraph {
        content: Vec<Inline>,
    },
    /// Level 1–6 as written; each format places it under the note's own title.
    Heading {
        level: u8,
        content: Vec<Inline>,
    },
    Quote {
        blocks: Vec<Block>,
    },
    Code {
        text: String,
    },
    /// `start` is the first number of a numbered list, `None` for bullets.
    List {
        start: Option<u64>,
        items: Vec<Vec<Block>>,
    },
    Table {
        align: Vec<Align>,
        head: Vec<Vec<Inline>>,
        rows: Vec<Vec<Vec<Inline>>>,
    },
    Rule,
    /// The note's footnotes, after everything else.
    Footnotes {
        notes: Vec<Footnote>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Inline {
    Text {
        text: String,
    },
    Emphasis {
        content: Vec<Inline>,
    },
    Strong {
        content: Vec<Inline>,
    },
    Strikethrough {
        content: Vec<Inline>,
    },
    Code {
        text: String,
    },
    /// `url` is `None` when the target was not a web or mail address: the words stay, the link does not.
    Link {
        url: Option<String>,
        content: Vec<Inline>,
    },
    LineBreak,
    FootnoteReference {
        number: u32,
    },
    TaskBox {
        done: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Align {
    Left,
    Center,
    Right,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Footnote {
    pub number: u32,
    pub blocks: Vec<Block>,
}

/// The link targets a report keeps; the same schemes the preview's sanitizer allows.
pub fn safe_url(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    ["https://", "http://", "mailto:"]
        .iter()
        .any(|scheme| lower.starts_with(scheme))
}

/// Reads a note's Markdown into blocks.
pub fn parse(markdown: &str) -> Vec<Block> {
    let mut reader = Reader {
        events: Parser::new_ext(markdown, cairn_core::markdown::OPTIONS),
        depth: 0,
        numbers: HashMap::new(),
        definitions: HashMap::new(),
    };
    let mut blocks = reader.blocks();
    let Reader {
        numbers,
        mut definitions,
        ..
    } = reader;
    // Referenced footnotes in order of first reference, then any that nothing refers to, so no words are lost.
    let mut referenced: Vec<(u32, String)> = numbers.into_iter().map(|(label, n)| (n, label)).collect();
    referenced.sort();
    let mut notes: Vec<Footnote> = Vec::new();
    for (number, label) in referenced {
        let blocks = definitions.remove(&label).map(|(_, b)| b).unwrap_or_default();
        notes.push(Footnote { number, blocks });
    }
    let mut unreferenced: Vec<(usize, Vec<Block>)> = definitions.into_values().collect();
    unreferenced.sort_by_key(|(order, _)| *order);
    for (_, blocks) in unreferenced {
        notes.push(Footnote {
            number: notes.len() as u32 + 1,
            blocks,
        });
    }
    if !notes.is_empty() {
        blocks.push(Block::Footnotes { notes });
    }
    blocks
}

/// How deep quotes, lists and emphasis nest in the tree; anything deeper joins its parent's content. Markdown
/// nests without limit, but a document (and Typst's call depth) should not, and no note needs more.
pub const MAX_DEPTH: usize = 8;

struct Reader<'a> {
    events: Parser<'a>,
    /// Containers open around the current event.
    depth: usize,
    /// Footnote label → its number, given at the first reference.
    numbers: HashMap<String, u32>,
    /// Footnote label → (order of definition, its blocks).
    definitions: HashMap<String, (usize, Vec<Block>)>,
}

impl<'a> Reader<'a> {
    /// Blocks until the end of the enclosing container (or of the note). Text outside a paragraph (a tight
    /// list's items) becomes a paragraph of its own.
    fn blocks(&mut self) -> Vec<Block> {
        let mut blocks = Vec::new();
        let mut loose: Vec<Inline> = Vec::new();
        let flush = |loose: &mut Vec<Inline>, blocks: &mut Vec<Block>| {
            if !loose.is_empty() {
                blocks.push(Block::Paragraph {
                    content: std::mem::take(loose),
                });
            }
        };
        while let Some(event) = self.events.next() {
            match event {
                Event::End(_) => break,
                Event::Start(tag) if is_inline(&tag) => {
                    self.depth += 1;
                    if let Some(inline) = self.inline_container(tag) {
                        push_inline(&mut loose, inline);
                    }
                    self.depth -= 1;
                }
                Event::Start(tag) => {
                    flush(&mut loose, &mut blocks);
                    self.depth += 1;
                    self.block(tag, &mut blocks);
                    self.depth -= 1;
                }
                Event::Rule => {
                    flush(&mut loose, &mut blocks);
                    blocks.push(Block::Rule);
                }
                other => {
                    if let Some(inline) = self.leaf(other) {
                        push_inline(&mut loose, inline);
                    }
                }
            }
        }
        flush(&mut loose, &mut blocks);
        blocks
    }

    /// Reads the block `tag` starts into `out` (a block nested too deep gives its content instead).
    fn block(&mut self, tag: Tag<'a>, out: &mut Vec<Block>) {
        let too_deep = self.depth > MAX_DEPTH;
        let block = match tag {
            Tag::Paragraph => Block::Paragraph {
                content: self.inlines(),
            },
            Tag::Heading { level, .. } => Block::Heading {
                level: level as u8,
                content: self.inlines(),
            },
            Tag::BlockQuote(_) if too_deep => return out.extend(self.blocks()),
            Tag::BlockQuote(_) => Block::Quote {
                blocks: self.blocks(),
            },
            Tag::CodeBlock(_) => {
                let mut text = String::new();
                for event in self.events.by_ref() {
                    match event {
                        Event::Text(t) => text.push_str(&t),
                        Event::End(_) => break,
                        _ => {}
                    }
                }
                Block::Code {
                    text: text.trim_end_matches('\n').to_owned(),
                }
            }
            Tag::List(start) => {
                let mut items = Vec::new();
                while let Some(event) = self.events.next() {
                    match event {
                        Event::Start(Tag::Item) => items.push(self.blocks()),
                        Event::End(_) => break,
                        _ => {}
                    }
                }
                if too_deep {
                    return out.extend(items.into_iter().flatten());
                }
                Block::List { start, items }
            }
            Tag::Table(alignments) => {
                let align = alignments
                    .iter()
                    .map(|a| match a {
                        Alignment::Right => Align::Right,
                        Alignment::Center => Align::Center,
                        _ => Align::Left,
                    })
                    .collect();
                let mut head = Vec::new();
                let mut rows = Vec::new();
                while let Some(event) = self.events.next() {
                    match event {
                        Event::Start(Tag::TableHead) => head = self.cells(),
                        Event::Start(Tag::TableRow) => rows.push(self.cells()),
                        Event::End(_) => break,
                        _ => {}
                    }
                }
                Block::Table { align, head, rows }
            }
            Tag::FootnoteDefinition(label) => {
                let order = self.definitions.len();
                let blocks = self.blocks();
                self.definitions
                    .entry(label.into_string())
                    .or_insert((order, blocks));
                return;
            }
            // Raw HTML blocks and anything else: skipped whole, as the preview leaves them out.
            _ => return self.skip(),
        };
        out.push(block);
    }

    fn cells(&mut self) -> Vec<Vec<Inline>> {
        let mut cells = Vec::new();
        while let Some(event) = self.events.next() {
            match event {
                Event::Start(Tag::TableCell) => cells.push(self.inlines()),
                Event::End(_) => break,
                _ => {}
            }
        }
        cells
    }

    /// Inline content until the end of the enclosing tag.
    fn inlines(&mut self) -> Vec<Inline> {
        let mut content = Vec::new();
        while let Some(event) = self.events.next() {
            match event {
                Event::End(_) => break,
                Event::Start(tag) if is_inline(&tag) => {
                    self.depth += 1;
                    if let Some(inline) = self.inline_container(tag) {
                        match inline {
                            Inline::Emphasis { content: inner }
                            | Inline::Strong { content: inner }
                            | Inline::Strikethrough { content: inner }
                                if self.depth > MAX_DEPTH =>
                            {
                                inner.into_iter().for_each(|i| push_inline(&mut content, i))
                            }
                            inline => push_inline(&mut content, inline),
                        }
                    }
                    self.depth -= 1;
                }
                // A block inside inline content cannot happen in CommonMark; its text is kept all the same.
                Event::Start(_) => content.extend(self.inlines()),
                other => {
                    if let Some(inline) = self.leaf(other) {
                        push_inline(&mut content, inline);
                    }
                }
            }
        }
        content
    }

    fn inline_container(&mut self, tag: Tag<'a>) -> Option<Inline> {
        Some(match tag {
            Tag::Emphasis => Inline::Emphasis {
                content: self.inlines(),
            },
            Tag::Strong => Inline::Strong {
                content: self.inlines(),
            },
            Tag::Strikethrough => Inline::Strikethrough {
                content: self.inlines(),
            },
            Tag::Link { dest_url, .. } => {
                let url = safe_url(&dest_url).then(|| dest_url.into_string());
                Inline::Link {
                    url,
                    content: self.inlines(),
                }
            }
            // An image is a request for a file or the network: only its description stays, as words.
            Tag::Image { .. } => {
                let content = self.inlines();
                return (!content.is_empty()).then_some(Inline::Emphasis { content });
            }
            _ => {
                self.skip();
                return None;
            }
        })
    }

    fn leaf(&mut self, event: Event<'a>) -> Option<Inline> {
        Some(match event {
            Event::Text(text) => Inline::Text { text: clean(text) },
            Event::Code(text) => Inline::Code { text: clean(text) },
            Event::SoftBreak => Inline::Text { text: " ".into() },
            Event::HardBreak => Inline::LineBreak,
            Event::TaskListMarker(done) => Inline::TaskBox { done },
            Event::FootnoteReference(label) => {
                let next = self.numbers.len() as u32 + 1;
                let number = *self.numbers.entry(label.into_string()).or_insert(next);
                Inline::FootnoteReference { number }
            }
            // Raw HTML, and anything the options do not enable.
            _ => return None,
        })
    }

    /// Skips to the end of a tag that was just started.
    fn skip(&mut self) {
        let mut depth = 1usize;
        for event in self.events.by_ref() {
            match event {
                Event::Start(_) => depth += 1,
                Event::End(_) => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                _ => {}
            }
        }
    }
}

fn is_inline(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. } | Tag::Image { .. }
    )
}

/// Control characters (other than the tab and line ends the parser has already dealt with) are not text a
/// person can see, and some formats cannot hold them at all.
fn clean(text: CowStr) -> String {
    text.chars()
        .map(|c| if c == '\t' { ' ' } else { c })
        .filter(|c| !c.is_control() || *c == '\n')
        .collect()
}

/// Appends, joining neighbouring text so each format sees whole runs of words.
fn push_inline(content: &mut Vec<Inline>, inline: Inline) {
    if let (Some(Inline::Text { text: last }), Inline::Text { text }) = (content.last_mut(), &inline) {
        last.push_str(text);
        return;
    }
    content.push(inline);
}

/// Every word of the blocks, in order, as plain text (for tests and for a document's description).
pub fn plain_text(blocks: &[Block]) -> String {
    fn inlines(out: &mut String, content: &[Inline]) {
        for inline in content {
            match inline {
                Inline::Text { text } | Inline::Code { text } => out.push_str(text),
                Inline::Emphasis { content }
                | Inline::Strong { content }
                | Inline::Strikethrough { content }
                | Inline::Link { content, .. } => inlines(out, content),
                Inline::LineBreak => out.push('\n'),
                Inline::FootnoteReference { .. } | Inline::TaskBox { .. } => {}
            }
        }
    }
    fn blocks_into(out: &mut String, blocks: &[Block]) {
        for block in blocks {
            match block {
                Block::Paragraph { content } | Block::Heading { content, .. } => inlines(out, content),
                Block::Quote { blocks } => blocks_into(out, blocks),
                Block::Code { text } => out.push_str(text),
                Block::List { items, .. } => items.iter().for_each(|item| blocks_into(out, item)),
                Block::Table { head, rows, .. } => {
                    for cell in head.iter().chain(rows.iter().flatten()) {
                        inlines(out, cell);
                        out.push(' ');
                    }
                }
                Block::Rule => {}
                Block::Footnotes { notes } => notes.iter().for_each(|n| blocks_into(out, &n.blocks)),
            }
            out.push('\n');
        }
    }
    let mut out = String::new();
    blocks_into(&mut out, blocks);
    out
}
