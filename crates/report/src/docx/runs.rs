//! A note's inline content as Word runs: text with its emphasis, code, links and footnote numbers.

use super::parts::code_font;
use crate::note_tree::{self, Align, Block, Inline};
use docx_rs::{AlignmentType, BreakType, Hyperlink, HyperlinkType, Paragraph, Run};

/// Formatting carried down into nested inline content.
#[derive(Clone, Copy, Default)]
pub(super) struct Format {
    pub(super) bold: bool,
    pub(super) italic: bool,
    pub(super) strike: bool,
}

impl Format {
    pub(super) fn run(self) -> Run {
        let mut run = Run::new();
        if self.bold {
            run = run.bold();
        }
        if self.italic {
            run = run.italic();
        }
        if self.strike {
            run = run.strike();
        }
        run
    }
}

pub(super) fn inlines(mut p: Paragraph, content: &[Inline], format: Format) -> Paragraph {
    for inline in content {
        p = match inline {
            Inline::Text { text } => p.add_run(format.run().add_text(text)),
            Inline::Emphasis { content } => inlines(
                p,
                content,
                Format {
                    italic: true,
                    ..format
                },
            ),
            Inline::Strong { content } => inlines(p, content, Format { bold: true, ..format }),
            Inline::Strikethrough { content } => inlines(
                p,
                content,
                Format {
                    strike: true,
                    ..format
                },
            ),
            Inline::Code { text } => {
                p.add_run(format.run().style("HTMLCode").fonts(code_font()).add_text(text))
            }
            Inline::Link {
                url: Some(url),
                content,
            } => {
                let mut link = Hyperlink::new(url, HyperlinkType::External);
                let text = note_tree::plain_text(&[Block::Paragraph {
                    content: content.clone(),
                }]);
                link = link.add_run(format.run().style("Hyperlink").add_text(text.trim_end()));
                p.add_hyperlink(link)
            }
            Inline::Link { url: None, content } => inlines(p, content, format),
            Inline::LineBreak => p.add_run(Run::new().add_break(BreakType::TextWrapping)),
            Inline::FootnoteReference { number } => {
                p.add_run(Run::new().style("FootnoteReference").add_text(number.to_string()))
            }
            Inline::TaskBox { done } => p.add_run(format.run().add_text(if *done { "☑ " } else { "☐ " })),
        };
    }
    p
}

pub(super) fn paragraph_aligned(align: Align) -> Paragraph {
    Paragraph::new().align(match align {
        Align::Left => AlignmentType::Left,
        Align::Center => AlignmentType::Center,
        Align::Right => AlignmentType::Right,
    })
}
