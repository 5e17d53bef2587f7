//! Markdown to safe HTML, done once in Rust and used by the note preview and the reports.
//!
//! CommonMark (plus tables, strikethrough, task lists and footnotes: [`OPTIONS`], which every export reads
//! too) is rendered by pulldown-cmark, then everything goes
//! through ammonia's allow-list sanitizer: whatever a note contains (script, event handlers, `javascript:` or
//! `data:` links, iframes, styles, raw HTML), the result can only format text. Images are dropped, because an
//! image is a request for a remote resource; links keep only http, https and mailto targets, and the window
//! opens them in the system browser, never in itself.

use pulldown_cmark::{html, Options, Parser};
use std::collections::HashSet;

/// The Markdown Cairn reads, in the preview and in every report format alike.
pub const OPTIONS: Options = Options::ENABLE_TABLES
    .union(Options::ENABLE_STRIKETHROUGH)
    .union(Options::ENABLE_TASKLISTS)
    .union(Options::ENABLE_FOOTNOTES);

/// Tags a rendered note may contain; anything else is removed (its text kept, for harmless tags).
const ALLOWED_TAGS: &[&str] = &[
    "a",
    "blockquote",
    "br",
    "code",
    "del",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
    "input",
    // Footnotes: the reference and the definition's label are superscripts (the definition's own `div` goes,
    // its words stay).
    "sup",
];

/// Renders `markdown` to HTML that is safe to put in the page.
pub fn render(markdown: &str) -> String {
    let mut unsafe_html = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut unsafe_html, Parser::new_ext(markdown, OPTIONS));
    sanitizer().clean(&unsafe_html).to_string()
}

fn sanitizer() -> ammonia::Builder<'static> {
    let mut builder = ammonia::Builder::empty();
    builder
        .tags(ALLOWED_TAGS.iter().copied().collect::<HashSet<_>>())
        .clean_content_tags(
            [
                "script", "style", "iframe", "object", "embed", "noscript", "template",
            ]
            .into(),
        )
        .add_tag_attributes("a", ["href", "title"])
        .add_tag_attributes("th", ["align"])
        .add_tag_attributes("td", ["align"])
        .add_tag_attributes("ol", ["start"])
        // Task-list boxes are shown ticked or not, never editable in the preview.
        .add_tag_attributes("input", ["type", "checked", "disabled"])
        .set_tag_attribute_value("input", "disabled", "")
        .url_schemes(["http", "https", "mailto"].into())
        .url_relative(ammonia::UrlRelative::Deny)
        .link_rel(Some("noopener noreferrer"))
        .strip_comments(true);
    builder
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_inert(html: &str) {
        let lower = html.to_lowercase();
        for forbidden in [
            "<script",
            "onerror",
            "onclick",
            "onload",
            "javascript:",
            "<iframe",
            "<img",
            "<style",
            "data:",
        ] {
            assert!(!lower.contains(forbidden), "{forbidden:?} survived in {html}");
        }
    }

    #[test]
    fn plain_markdown_renders_as_expected() {
        let html = render("# Moore's levels\n\n*Competence* is **level 4**.\n\n- one\n- two\n");
        assert!(
            html.contains("<h1>Moore's levels</h1>") || html.contains("<h1>Moore’s levels</h1>"),
            "{html}"
        );
        assert!(
            html.contains("<em>Competence</em>") && html.contains("<strong>level 4</strong>"),
            "{html}"
        );
        assert!(html.contains("<li>one</li>"), "{html}");
    }

    #[test]
    fn script_in_a_note_never_runs() {
        let html = render("Before\n\n<script>alert('x')</script>\n\nAfter");
        assert_inert(&html);
        assert!(html.contains("Before") && html.contains("After"), "{html}");
        assert!(
            !html.contains("alert"),
            "the script's text is dropped too: {html}"
        );
    }

    #[test]
    fn event_handlers_and_images_are_removed() {
        assert_inert(&render("<img src=x onerror=alert(1)>"));
        assert_inert(&render("<p onclick=\"alert(1)\">click</p>"));
        assert_inert(&render("![tracker](https://example.com/pixel.png)"));
        assert_inert(&render("<svg onload=alert(1)><circle/></svg>"));
    }

    #[test]
    fn javascript_and_data_links_lose_their_target() {
        let html =
            render("[click](javascript:alert(1)) and [data](data:text/html,<script>alert(1)</script>)");
        assert_inert(&html);
        assert!(
            html.contains("click") && html.contains("data"),
            "the link text stays: {html}"
        );
        let html = render("<a href=\"JaVaScRiPt:alert(1)\">x</a>");
        assert_inert(&html);
    }

    #[test]
    fn web_links_stay_and_open_nothing_in_the_app() {
        let html = render("See [the standards](https://accme.org/standards).");
        assert!(html.contains("href=\"https://accme.org/standards\""), "{html}");
        assert!(html.contains("rel=\"noopener noreferrer\""), "{html}");
        let relative = render("[home](../../etc/passwd)");
        assert!(
            !relative.contains("href"),
            "relative links are dropped: {relative}"
        );
    }

    #[test]
    fn footnotes_show_their_number_and_text() {
        let html = render("Seven levels[^moore].\n\n[^moore]: Moore DE 2009.");
        assert!(html.contains("<sup>"), "{html}");
        assert!(html.contains("Moore DE 2009."), "{html}");
        assert!(!html.contains("[^moore]"), "{html}");
    }

    #[test]
    fn raw_html_frames_and_styles_are_removed() {
        for hostile in [
            "<iframe src=\"https://evil.example\"></iframe>",
            "<style>body { display: none }</style>",
            "<div style=\"background:url(https://evil.example/x)\">styled</div>",
            "<object data=\"x.swf\"></object><embed src=\"x\">",
            "<form action=\"https://evil.example\"><input name=q></form>",
            "<!-- a comment --><base href=\"https://evil.example/\">",
        ] {
            let html = render(hostile);
            assert_inert(&html);
            for tag in ["<div", "<form", "<base", "<object", "<embed", "style=", "<!--"] {
                assert!(!html.contains(tag), "{tag} survived {hostile:?}: {html}");
            }
        }
    }

    #[test]
    fn emoji_right_to_left_text_and_nul_bytes_render_safely() {
        let html = render("Done 🎉 — مرحبا بالعالم — שלום\0end");
        assert!(
            html.contains("🎉") && html.contains("مرحبا") && html.contains("שלום"),
            "{html}"
        );
        assert!(!html.contains('\0'), "NUL is replaced, per CommonMark");
    }

    #[test]
    fn task_lists_render_as_boxes_that_cannot_be_edited() {
        let html = render("- [x] read the standards\n- [ ] write objectives\n");
        assert!(html.contains("checked"), "{html}");
        assert!(html.matches("disabled").count() == 2, "{html}");
    }

    #[test]
    fn a_huge_table_renders() {
        let mut table = String::from("| a | b | c |\n|---|---|---|\n");
        for row in 0..5_000 {
            table.push_str(&format!("| {row} | <b onmouseover=x>{row}</b> | `x` |\n"));
        }
        let html = render(&table);
        assert_eq!(html.matches("<tr>").count(), 5_001);
        assert_inert(&html);
        assert!(!html.contains("onmouseover"));
    }
}
