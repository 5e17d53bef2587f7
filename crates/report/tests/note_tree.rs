//! The note tree: what a note's Markdown becomes before the PDF and Word writers see it.

use cairn_report::note_tree::{parse, plain_text, Align, Block, Inline, MAX_DEPTH};

fn text(t: &str) -> Inline {
    Inline::Text { text: t.into() }
}

#[test]
fn a_bracket_after_emphasis_is_just_text() {
    let blocks = parse("Smith *et al.*(2019) found; `dose`(mg) and **Note:**(see p. 4)");
    let Block::Paragraph { content } = &blocks[0] else {
        panic!("{blocks:?}")
    };
    assert_eq!(content[0], text("Smith "));
    assert_eq!(
        content[1],
        Inline::Emphasis {
            content: vec![text("et al.")]
        }
    );
    assert_eq!(content[2], text("(2019) found; "));
    assert_eq!(content[3], Inline::Code { text: "dose".into() });
    assert_eq!(content[4], text("(mg) and "));
    assert_eq!(content[6], text("(see p. 4)"));
}

#[test]
fn lists_tables_footnotes_and_tasks_keep_their_shape() {
    let blocks = parse(
        "1. one\n2. two\n\n- [x] done\n- [ ] open\n\n| A | B |\n|:-|-:|\n| 1 | 2 |\n\nSee[^s].\n\n[^s]: Moore 2009.\n",
    );
    assert!(matches!(&blocks[0], Block::List { start: Some(1), items } if items.len() == 2));
    let Block::List { start: None, items } = &blocks[1] else {
        panic!("{blocks:?}")
    };
    assert_eq!(
        items[0],
        vec![Block::Paragraph {
            content: vec![Inline::TaskBox { done: true }, text("done")]
        }]
    );
    let Block::Table { align, head, rows } = &blocks[2] else {
        panic!("{blocks:?}")
    };
    assert_eq!(align, &vec![Align::Left, Align::Right]);
    assert_eq!(head[1], vec![text("B")]);
    assert_eq!(rows[0][0], vec![text("1")]);
    let Block::Paragraph { content } = &blocks[3] else {
        panic!("{blocks:?}")
    };
    assert_eq!(content[1], Inline::FootnoteReference { number: 1 });
    let Block::Footnotes { notes } = blocks.last().unwrap() else {
        panic!("{blocks:?}")
    };
    assert_eq!(
        notes[0].blocks,
        vec![Block::Paragraph {
            content: vec![text("Moore 2009.")]
        }]
    );
}

#[test]
fn nesting_deeper_than_a_document_needs_joins_its_parent() {
    fn depth(blocks: &[Block]) -> usize {
        blocks
            .iter()
            .map(|b| match b {
                Block::Quote { blocks } => 1 + depth(blocks),
                Block::List { items, .. } => 1 + items.iter().map(|i| depth(i)).max().unwrap_or(0),
                _ => 0,
            })
            .max()
            .unwrap_or(0)
    }
    let quotes = format!("{} deep words", ">".repeat(200));
    let blocks = parse(&quotes);
    assert!(depth(&blocks) <= MAX_DEPTH, "{}", depth(&blocks));
    assert!(plain_text(&blocks).contains("deep words"));
    let lists: String = (0..60)
        .map(|i| format!("{}- level {i}\n", "  ".repeat(i)))
        .collect();
    let blocks = parse(&lists);
    assert!(depth(&blocks) <= MAX_DEPTH, "{}", depth(&blocks));
    assert!(plain_text(&blocks).contains("level 59"));
}

#[test]
fn unsafe_links_and_raw_html_leave_only_words() {
    let blocks = parse("[click](javascript:alert(1)) <b>bold</b>\n\n<div>gone</div>\n\n![a chart](x.png)");
    let Block::Paragraph { content } = &blocks[0] else {
        panic!("{blocks:?}")
    };
    assert_eq!(
        content[0],
        Inline::Link {
            url: None,
            content: vec![text("click")]
        }
    );
    assert!(!plain_text(&blocks).contains("gone"), "{blocks:?}");
    assert!(plain_text(&blocks).contains("a chart"), "{blocks:?}");
}
