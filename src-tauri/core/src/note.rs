//! Rules for notes and tags, the search-box text turned into a safe full-text query, and a note as a
//! Markdown file. Nothing here touches the database.
//!
//! A note's body is stored exactly as typed (script, raw HTML, NUL bytes and all): it is only ever shown
//! through [`crate::markdown::render`], which makes it inert.

use crate::{Error, Result};
use serde::{Deserialize, Serialize};

pub const MAX_TITLE_CHARS: usize = 200;
/// 1 MiB of UTF-8: a long thesis chapter fits, a pasted database dump does not.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;
pub const MAX_TAG_CHARS: usize = 40;
pub const MAX_TAGS_PER_NOTE: usize = 20;

/// What a note is about: one milestone, one checklist item, one competency, or nothing.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, specta::Type)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum NoteTarget {
    #[default]
    None,
    Milestone {
        key: String,
    },
    Item {
        id: u32,
    },
    Competency {
        id: u32,
    },
}

/// A note as the editor sends it.
#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct NoteInput {
    pub title: String,
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub target: NoteTarget,
    /// Names of existing tags (see [`tag_name`]); matched without regard to case.
    #[serde(default)]
    pub tags: Vec<String>,
}

/// A [`NoteInput`] that passed every rule. The body is unchanged; title and tags are trimmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidNote {
    pub title: String,
    pub body: String,
    pub target: NoteTarget,
    pub tags: Vec<String>,
}

impl NoteInput {
    pub fn validate(&self) -> Result<ValidNote> {
        let title = self.title.trim();
        if title.is_empty() {
            return Err(Error::invalid("title", "Give the note a title."));
        }
        if title.chars().count() > MAX_TITLE_CHARS {
            return Err(Error::invalid(
                "title",
                format!("Keep the title under {MAX_TITLE_CHARS} characters."),
            ));
        }
        if title.chars().any(char::is_control) {
            return Err(Error::invalid(
                "title",
                "The title contains a control character (a line break, tab or NUL).",
            ));
        }
        if self.body.len() > MAX_BODY_BYTES {
            return Err(Error::invalid(
                "body",
                format!(
                    "This note is {:.1} MB; a note can hold up to 1 MB. Split it into several notes.",
                    self.body.len() as f64 / 1_048_576.0
                ),
            ));
        }
        if self.tags.len() > MAX_TAGS_PER_NOTE {
            return Err(Error::invalid(
                "tags",
                format!("A note can have up to {MAX_TAGS_PER_NOTE} tags."),
            ));
        }
        let mut tags: Vec<String> = Vec::with_capacity(self.tags.len());
        for raw in &self.tags {
            let name = tag_name("tags", raw)?;
            if !tags.iter().any(|seen| seen.to_lowercase() == name.to_lowercase()) {
                tags.push(name);
            }
        }
        Ok(ValidNote {
            title: title.to_owned(),
            body: self.body.clone(),
            target: self.target.clone(),
            tags,
        })
    }
}

/// A tag name as stored: trimmed, inner runs of spaces collapsed, 1–40 characters, no commas or control
/// characters (commas separate tags wherever they are typed as a list). Errors name `field`.
pub fn tag_name(field: &str, raw: &str) -> Result<String> {
    let name = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        return Err(Error::invalid(field, "A tag needs a name."));
    }
    if name.chars().count() > MAX_TAG_CHARS {
        return Err(Error::invalid(
            field,
            format!("Keep tag names under {MAX_TAG_CHARS} characters (\"{name}\" is longer)."),
        ));
    }
    if name.contains(',') || name.chars().any(char::is_control) {
        return Err(Error::invalid(
            field,
            format!("The tag \"{name}\" contains a comma or a control character."),
        ));
    }
    Ok(name)
}

/// Turns what the person typed in the search box into an FTS5 query that cannot be a syntax error: every
/// word becomes a quoted phrase (so `AND`, `-`, `*`, `"` and `:` are just text), all words must match, and
/// the last word matches as a prefix so results follow the typing. `None` when there is nothing to search.
pub fn search_query(typed: &str) -> Option<String> {
    let words: Vec<&str> = typed
        .split_whitespace()
        .filter(|word| word.chars().any(char::is_alphanumeric))
        .collect();
    let last = words.len().checked_sub(1)?;
    let phrases: Vec<String> = words
        .iter()
        .enumerate()
        .map(|(index, word)| {
            let quoted = format!("\"{}\"", word.replace('"', "\"\""));
            if index == last {
                quoted + "*"
            } else {
                quoted
            }
        })
        .collect();
    Some(phrases.join(" "))
}

/// Marks the store asks SQLite's `snippet()` to put around matched words; private-use characters, so a note's
/// own text can never be mistaken for them.
pub const HIT_START: char = '\u{E000}';
pub const HIT_END: char = '\u{E001}';

/// A piece of a search snippet: plain text, or a matched word to highlight.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct SnippetPart {
    pub text: String,
    pub hit: bool,
}

/// Splits a snippet with [`HIT_START`]/[`HIT_END`] marks into parts, so the UI highlights matches as text,
/// never as HTML.
pub fn snippet_parts(marked: &str) -> Vec<SnippetPart> {
    let mut parts: Vec<SnippetPart> = Vec::new();
    let mut hit = false;
    let mut current = String::new();
    let mut flush = |text: &mut String, hit: bool| {
        if !text.is_empty() {
            parts.push(SnippetPart {
                text: std::mem::take(text),
                hit,
            });
        }
    };
    for ch in marked.chars() {
        match ch {
            HIT_START => {
                flush(&mut current, hit);
                hit = true;
            }
            HIT_END => {
                flush(&mut current, hit);
                hit = false;
            }
            '\0' => current.push('\u{FFFD}'),
            other => current.push(other),
        }
    }
    flush(&mut current, hit);
    parts
}

/// What a note's Markdown file holds besides its body.
pub struct NoteFile<'a> {
    pub title: &'a str,
    pub body: &'a str,
    pub tags: &'a [String],
    /// "Milestone: Adult learning principles", say.
    pub about: Option<&'a str>,
    pub prompt: Option<&'a str>,
    pub created_at: &'a str,
    pub updated_at: &'a str,
}

impl NoteFile<'_> {
    /// The note as a Markdown file: YAML front matter (which Obsidian and most static-site tools read) with
    /// the title, tags, dates and what it is about, then the prompt as a quote, then the body exactly.
    pub fn to_markdown(&self) -> String {
        let quoted = |text: &str| {
            let mut out = String::from("\"");
            for ch in text.chars() {
                match ch {
                    '"' => out.push_str("\\\""),
                    '\\' => out.push_str("\\\\"),
                    c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
                    c => out.push(c),
                }
            }
            out + "\""
        };
        let mut text = String::from("---\n");
        text += &format!("title: {}\n", quoted(self.title));
        let tags: Vec<String> = self.tags.iter().map(|tag| quoted(tag)).collect();
        text += &format!("tags: [{}]\n", tags.join(", "));
        if let Some(about) = self.about {
            text += &format!("about: {}\n", quoted(about));
        }
        text += &format!(
            "created: {}\nupdated: {}\n---\n\n",
            self.created_at, self.updated_at
        );
        text += &format!("# {}\n\n", self.title);
        if let Some(prompt) = self.prompt {
            for line in prompt.lines() {
                text += &format!("> {line}\n");
            }
            text.push('\n');
        }
        text += self.body;
        if !self.body.ends_with('\n') {
            text.push('\n');
        }
        text
    }

    /// A file name for the save dialog: the title with characters that file systems refuse replaced.
    pub fn file_name(&self) -> String {
        let cleaned: String = self
            .title
            .chars()
            .map(|c| match c {
                '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '-',
                c if c.is_control() => '-',
                c => c,
            })
            .collect();
        let trimmed = cleaned.trim().trim_matches('.');
        let stem: String = trimmed.chars().take(80).collect();
        format!("{}.md", if stem.is_empty() { "note" } else { &stem })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(title: &str, body: &str) -> NoteInput {
        NoteInput {
            title: title.into(),
            body: body.into(),
            target: NoteTarget::None,
            tags: vec![],
        }
    }

    fn field_of(result: Result<ValidNote>) -> Option<String> {
        result.err().and_then(|e| e.field().map(str::to_owned))
    }

    #[test]
    fn a_body_up_to_one_megabyte_is_accepted_and_kept_exactly() -> Result<()> {
        let body = "é".repeat(MAX_BODY_BYTES / 2);
        assert_eq!(input("Long", &body).validate()?.body, body);
        let hostile = "<script>alert(1)</script>\0 🎉 مرحبا\n\n  trailing  ";
        assert_eq!(
            input("Hostile", hostile).validate()?.body,
            hostile,
            "bodies are not trimmed or cleaned"
        );
        Ok(())
    }

    #[test]
    fn a_body_over_one_megabyte_is_refused_at_the_body() {
        let body = "a".repeat(MAX_BODY_BYTES + 1);
        assert_eq!(field_of(input("Long", &body).validate()).as_deref(), Some("body"));
    }

    #[test]
    fn titles_must_be_present_short_and_on_one_line() {
        for bad in ["", "   ", &"t".repeat(201), "two\nlines", "nul\0"] {
            assert_eq!(
                field_of(input(bad, "").validate()).as_deref(),
                Some("title"),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn tags_are_trimmed_deduplicated_and_checked() -> Result<()> {
        let mut note = input("Tags", "");
        note.tags = vec![" Moore  levels ".into(), "moore levels".into(), "ACCME".into()];
        assert_eq!(note.validate()?.tags, vec!["Moore levels", "ACCME"]);
        for bad in ["", "a,b", &"x".repeat(41)] {
            note.tags = vec![bad.into()];
            assert_eq!(field_of(note.validate()).as_deref(), Some("tags"), "{bad:?}");
        }
        note.tags = (0..21).map(|n| format!("tag {n}")).collect();
        assert_eq!(field_of(note.validate()).as_deref(), Some("tags"));
        Ok(())
    }

    #[test]
    fn search_text_becomes_quoted_phrases_with_a_prefix_on_the_last_word() {
        assert_eq!(search_query("moore lev").as_deref(), Some("\"moore\" \"lev\"*"));
        assert_eq!(
            search_query("AND \"x\" -y NEAR(").as_deref(),
            Some("\"AND\" \"\"\"x\"\"\" \"-y\" \"NEAR(\"*")
        );
        assert_eq!(search_query("  - * \" "), None);
        assert_eq!(search_query(""), None);
    }

    #[test]
    fn snippets_split_into_plain_and_matched_parts() {
        let marked = format!("a {HIT_START}Moore{HIT_END} level <b>\0");
        assert_eq!(
            snippet_parts(&marked),
            vec![
                SnippetPart {
                    text: "a ".into(),
                    hit: false
                },
                SnippetPart {
                    text: "Moore".into(),
                    hit: true
                },
                SnippetPart {
                    text: " level <b>\u{FFFD}".into(),
                    hit: false
                },
            ]
        );
    }

    #[test]
    fn a_note_file_has_front_matter_the_prompt_and_the_exact_body() {
        let tags = vec!["ACCME".to_owned(), "say \"hi\"".to_owned()];
        let file = NoteFile {
            title: "Moore's: levels?",
            body: "Body *text*",
            tags: &tags,
            about: Some("Milestone: Adult learning"),
            prompt: Some("What surprised you?"),
            created_at: "2026-11-24T08:00:00Z",
            updated_at: "2026-11-24T09:00:00Z",
        };
        let text = file.to_markdown();
        assert!(
            text.starts_with("---\ntitle: \"Moore's: levels?\"\ntags: [\"ACCME\", \"say \\\"hi\\\"\"]\n"),
            "{text}"
        );
        assert!(text.contains("about: \"Milestone: Adult learning\"\n"), "{text}");
        assert!(
            text.contains("\n> What surprised you?\n\nBody *text*\n"),
            "{text}"
        );
        assert_eq!(file.file_name(), "Moore's- levels-.md");
    }
}
