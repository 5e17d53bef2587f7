//! The Markdown sanitizer over generated input and a committed corpus of hostile snippets: whatever a note
//! says, the HTML the preview and reports show runs no script, loads nothing remote and cannot navigate.

use cairn_core::markdown::render;
use proptest::prelude::*;

/// What must never be in rendered HTML: elements that run, load or navigate, event handlers, and links or
/// sources that run script or reach the network. Text that merely mentions them (escaped) is fine.
fn assert_inert(source: &str, html: &str) {
    let lower = html.to_lowercase();
    let mut rest = lower.as_str();
    while let Some(start) = rest.find('<') {
        let end = rest[start..].find('>').map_or(rest.len(), |end| start + end);
        let tag = &rest[start + 1..end];
        let name = tag
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .trim_start_matches('/');
        assert!(
            !["script", "iframe", "style", "base", "meta", "form", "object", "embed", "svg", "math", "link"]
                .contains(&name),
            "<{name}> in {html:?} from {source:?}"
        );
        for attribute in tag.split_whitespace().skip(1) {
            assert!(
                !attribute.starts_with("on"),
                "an event handler in <{tag}> from {source:?}"
            );
            assert!(
                !attribute.starts_with("style="),
                "a style attribute in <{tag}> from {source:?}"
            );
            if let Some(value) = attribute.strip_prefix("href=") {
                let value = value.trim_matches('"').trim();
                assert!(
                    !["javascript:", "data:", "vbscript:", "file:"]
                        .iter()
                        .any(|s| value.starts_with(s)),
                    "a link that runs or reads: <{tag}> from {source:?}"
                );
            }
            if let Some(value) = attribute.strip_prefix("src=") {
                let value = value.trim_matches('"').trim();
                assert!(
                    !value.starts_with("http") && !value.starts_with("//"),
                    "remote content: <{tag}> from {source:?}"
                );
            }
        }
        rest = &rest[end.min(rest.len())..];
        if rest.is_empty() {
            break;
        }
    }
}

#[test]
fn every_hostile_snippet_in_the_corpus_renders_inert() {
    let corpus = include_str!("corpus/hostile-markdown.txt");
    for line in corpus.lines() {
        assert_inert(line, &render(line));
    }
    assert_inert("corpus", &render(corpus));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn any_text_renders_inert(text in "\\PC{0,300}") {
        assert_inert(&text, &render(&text));
    }

    #[test]
    fn text_built_from_risky_pieces_renders_inert(
        pieces in proptest::collection::vec(
            prop_oneof![
                proptest::sample::select(vec![
                    "<", ">", "script", " onerror=", "javascript:", "[a](", ")", "![", "\"", "'", "`", "\n", "*",
                    "<img src=x", "&#106;avascript:", "<a href=", "</", "data:text/html,", "http://x/",
                ])
                .prop_map(str::to_owned),
                "[a-z]{1,6}",
            ],
            0..40,
        )
    ) {
        let text: String = pieces.concat();
        assert_inert(&text, &render(&text));
    }
}
