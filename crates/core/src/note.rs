//! Rules for notes and tags, the search-box text turned into a safe full-text query, and a note as a
//! Markdown file. Nothing here touches the database.
//!
//! A note's body is stored exactly as typed (script, raw HTML, NUL bytes and all): it is only ever shown
//! through [`crate::markdown::render`], which makes it inert.

use crate::Id;
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
        id: Id,
    },
    Competency {
        id: Id,
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

/// A piece of a search snippet: plain text, or a matched word to highlight.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct SnippetPart {
    pub text: String,
    pub hit: bool,
}

/// The passage of `body` around the first word that matches what was typed, about `width` words long, with
/// the matching words marked, so the UI highlights them as text, never as HTML. A word matches when it starts
/// with one of the typed words, ignoring case (as the search does). When only the title or tags matched, the
/// passage is the start of the body, unmarked.
///
/// This is done here rather than with SQLite's `snippet()`, which re-runs the full-text query for every
/// result and made a page of results several times slower than the search itself.
pub fn snippet(body: &str, typed: &str, width: usize) -> Vec<SnippetPart> {
    let terms: Vec<String> = typed
        .split_whitespace()
        .map(|word| word.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase())
        .filter(|word| !word.is_empty())
        .collect();
    // Words as byte ranges: runs of letters and digits (an apostrophe inside a word keeps it whole).
    let mut words: Vec<(usize, usize)> = Vec::new();
    let mut start: Option<usize> = None;
    for (index, ch) in body.char_indices() {
        let in_word = ch.is_alphanumeric() || (ch == '\'' && start.is_some());
        match (in_word, start) {
            (true, None) => start = Some(index),
            (false, Some(from)) => {
                words.push((from, index));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(from) = start {
        words.push((from, body.len()));
    }
    let matches = |&(from, to): &(usize, usize)| {
        let word = body[from..to].to_lowercase();
        terms.iter().any(|term| word.starts_with(term.as_str()))
    };
    let first = words.iter().position(matches);
    let begin = first.map_or(0, |index| index.saturating_sub(width / 4));
    let end = (begin + width).min(words.len());
    let mut parts: Vec<SnippetPart> = Vec::new();
    let mut push = |text: &str, hit: bool| {
        // One line of text: line breaks, tabs and NULs become spaces, runs of spaces one.
        let flat: String = text
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        let mut clean = flat.split_whitespace().collect::<Vec<_>>().join(" ");
        if flat.starts_with(char::is_whitespace) && !clean.is_empty() {
            clean.insert(0, ' ');
        }
        if flat.ends_with(char::is_whitespace) && !flat.trim().is_empty() {
            clean.push(' ');
        }
        if flat.trim().is_empty() && !flat.is_empty() {
            clean = " ".into();
        }
        match parts.last_mut() {
            Some(last) if last.hit == hit => last.text.push_str(&clean),
            _ if clean.is_empty() => {}
            _ => parts.push(SnippetPart { text: clean, hit }),
        }
    };
    if begin >= end {
        return parts;
    }
    if begin > 0 {
        push("… ", false);
    }
    for index in begin..end {
        let (from, to) = words[index];
        push(&body[from..to], first.is_some() && matches(&words[index]));
        if index + 1 < end {
            push(&body[to..words[index + 1].0], false);
        } else if let Some(tail) = body[to..].chars().next().filter(|c| c.is_ascii_punctuation()) {
            push(&tail.to_string(), false);
        }
    }
    if end < words.len() {
        push(" …", false);
    }
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

    /// A file name for the save dialog: see [`file_name_for`].
    pub fn file_name(&self) -> String {
        file_name_for(self.title)
    }
}

/// A note's file name for the save dialog: its title with characters that file systems refuse replaced, at
/// most 80 characters, and `.md`. The save dialog asks only for this, so it needs only the title.
pub fn file_name_for(title: &str) -> String {
    let cleaned: String = title
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

    fn rendered(parts: &[SnippetPart]) -> String {
        parts
            .iter()
            .map(|part| match part.hit {
                true => format!("[{}]", part.text),
                false => part.text.clone(),
            })
            .collect()
    }

    #[test]
    fn a_snippet_marks_the_matching_words_around_the_first_match() {
        let body = "First line.\n\nAdults bring experience; Moore's levels\tand MOORE again.\0 End";
        assert_eq!(
            rendered(&snippet(body, "moore lev", 6)),
            "… experience; [Moore's] [levels] and [MOORE] again. …"
        );
        assert_eq!(
            rendered(&snippet(body, "end", 40)),
            "First line. Adults bring experience; Moore's levels and MOORE again. [End]"
        );
        assert_eq!(
            rendered(&snippet(body, "title-only", 3)),
            "First line. Adults …",
            "no match in the body: its start, unmarked"
        );
        assert_eq!(snippet("", "x", 5), vec![]);
        assert_eq!(
            rendered(&snippet("مرحبا بالعالم", "بالعالم", 5)),
            "مرحبا [بالعالم]"
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
