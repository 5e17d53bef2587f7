//! The pack format: a TOML file compiled into the binary (see `packs/cme-writer.toml`).
//!
//! ```toml
//! [pack]                 # key, version (bump on every change), title, description
//! [[source]]             # key, title, url: cited by key from any entry's `sources`
//! [[milestone]]          # key, title, summary, done_looks_like, sources
//! [[milestone.item]]     # key, title, details, activity, effort_minutes, sources (optional when no fact is stated),
//!                        # produces: what the person has to show for it (a note, a table, a draft, a sent message),
//!                        # competency (optional): the key of the competency the work builds (a study session
//!                        # started from the item counts toward it)
//! [[milestone.prompt]]   # key, text: reflection prompts
//! [[competency]]         # key, name, description, milestones, target_level, sources, anchors (5 sentences)
//! [[resource]]           # key, kind, title, purpose, milestones, sources
//! ```
//!
//! Keys are stable identities: the sync matches entries by key, so a key must never be reused for something
//! else. Unknown fields are errors, so a typo never silently drops content. [`load`] checks everything and
//! reports every problem with the key of the entry it is in, so a broken pack never reaches a database.

use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

pub const MAX_TITLE: usize = 200;
pub const MAX_TEXT: usize = 10_000;
pub const LEVELS: usize = 5;
/// The Dreyfus stages a competency is rated on, from level 1 to level 5.
pub const LEVEL_NAMES: [&str; LEVELS] = ["Novice", "Advanced beginner", "Competent", "Proficient", "Expert"];

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pack {
    pub pack: PackInfo,
    #[serde(default, rename = "source")]
    pub sources: Vec<Source>,
    #[serde(default, rename = "milestone")]
    pub milestones: Vec<Milestone>,
    #[serde(default, rename = "competency")]
    pub competencies: Vec<Competency>,
    #[serde(default, rename = "resource")]
    pub resources: Vec<Resource>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackInfo {
    pub key: String,
    pub version: u32,
    pub title: String,
    #[serde(default)]
    pub description: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub key: String,
    pub title: String,
    pub url: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Milestone {
    pub key: String,
    pub title: String,
    pub summary: String,
    pub done_looks_like: String,
    #[serde(default)]
    pub sources: Vec<String>,
    #[serde(default, rename = "item")]
    pub items: Vec<Item>,
    #[serde(default, rename = "prompt")]
    pub prompts: Vec<Prompt>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Activity {
    Read,
    Write,
    Practise,
    Contact,
    Produce,
}

impl Activity {
    pub fn as_str(self) -> &'static str {
        match self {
            Activity::Read => "read",
            Activity::Write => "write",
            Activity::Practise => "practise",
            Activity::Contact => "contact",
            Activity::Produce => "produce",
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    pub key: String,
    pub title: String,
    pub details: String,
    pub activity: Activity,
    pub effort_minutes: u32,
    #[serde(default)]
    pub sources: Vec<String>,
    /// What the person has to show for the item when it is done, in a few words.
    pub produces: String,
    /// The competency the work builds, by key.
    #[serde(default)]
    pub competency: Option<String>,
}

impl Item {
    /// The text a person sees: the details, then what they will have to show for the item.
    pub fn shown_details(&self) -> String {
        format!(
            "{}

You will have: {}.",
            self.details.trim(),
            self.produces.trim()
        )
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Prompt {
    pub key: String,
    pub text: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Competency {
    pub key: String,
    pub name: String,
    pub description: String,
    pub milestones: Vec<String>,
    pub target_level: u8,
    #[serde(default)]
    pub sources: Vec<String>,
    pub anchors: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ResourceKind {
    Organisation,
    Event,
    Credential,
    Reading,
    Community,
}

impl ResourceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ResourceKind::Organisation => "organisation",
            ResourceKind::Event => "event",
            ResourceKind::Credential => "credential",
            ResourceKind::Reading => "reading",
            ResourceKind::Community => "community",
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Resource {
    pub key: String,
    pub kind: ResourceKind,
    pub title: String,
    pub purpose: String,
    pub milestones: Vec<String>,
    #[serde(default)]
    pub sources: Vec<String>,
}

/// One thing wrong with a pack: where (the entry's key, or the file) and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackProblem {
    pub key: String,
    pub problem: String,
}

impl fmt::Display for PackProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.key, self.problem)
    }
}

/// Parses and validates a pack, returning every problem found (not just the first).
pub fn load(text: &str) -> Result<Pack, Vec<PackProblem>> {
    let pack: Pack = toml::from_str(text).map_err(|e| {
        vec![PackProblem {
            key: "(file)".into(),
            problem: e.to_string(),
        }]
    })?;
    let problems = validate(&pack);
    if problems.is_empty() {
        Ok(pack)
    } else {
        Err(problems)
    }
}

/// Checks keys (present, well-formed, unique across the pack), required text and lengths, and every link
/// between entries (sources and milestones cited by key).
pub fn validate(pack: &Pack) -> Vec<PackProblem> {
    let mut check = Checker::default();
    check.key(&pack.pack.key, "pack");
    check.text(&pack.pack.key, "title", &pack.pack.title, MAX_TITLE);
    if pack.pack.version == 0 {
        check.problem(&pack.pack.key, "version must be 1 or more");
    }

    let source_keys: BTreeSet<&str> = pack.sources.iter().map(|s| s.key.as_str()).collect();
    let milestone_keys: BTreeSet<&str> = pack.milestones.iter().map(|m| m.key.as_str()).collect();
    let competency_keys: BTreeSet<&str> = pack.competencies.iter().map(|c| c.key.as_str()).collect();
    for source in &pack.sources {
        check.key(&source.key, "source");
        check.text(&source.key, "title", &source.title, MAX_TITLE);
        if !(source.url.starts_with("https://") || source.url.starts_with("http://")) {
            check.problem(&source.key, "url must start with http:// or https://");
        }
    }
    if pack.milestones.is_empty() {
        check.problem(&pack.pack.key, "a pack needs at least one milestone");
    }
    for milestone in &pack.milestones {
        check.key(&milestone.key, "milestone");
        check.text(&milestone.key, "title", &milestone.title, MAX_TITLE);
        check.text(&milestone.key, "summary", &milestone.summary, MAX_TEXT);
        check.text(
            &milestone.key,
            "done_looks_like",
            &milestone.done_looks_like,
            MAX_TEXT,
        );
        check.links(&milestone.key, "sources", &milestone.sources, &source_keys);
        for item in &milestone.items {
            check.key(&item.key, "item");
            check.text(&item.key, "title", &item.title, MAX_TITLE);
            check.text(&item.key, "details", &item.details, MAX_TEXT);
            check.text(&item.key, "produces", &item.produces, MAX_TITLE);
            check.links(&item.key, "sources", &item.sources, &source_keys);
            if let Some(competency) = &item.competency {
                check.links(
                    &item.key,
                    "competency",
                    std::slice::from_ref(competency),
                    &competency_keys,
                );
            }
            if item.effort_minutes == 0 || item.effort_minutes > 60 * 40 {
                check.problem(&item.key, "effort_minutes must be between 1 and 2400");
            }
        }
        for prompt in &milestone.prompts {
            check.key(&prompt.key, "prompt");
            check.text(&prompt.key, "text", &prompt.text, MAX_TITLE * 2);
        }
    }
    for competency in &pack.competencies {
        check.key(&competency.key, "competency");
        check.text(&competency.key, "name", &competency.name, MAX_TITLE);
        check.text(&competency.key, "description", &competency.description, MAX_TEXT);
        check.links(
            &competency.key,
            "milestones",
            &competency.milestones,
            &milestone_keys,
        );
        check.links(&competency.key, "sources", &competency.sources, &source_keys);
        if competency.milestones.is_empty() {
            check.problem(&competency.key, "milestones must name at least one milestone");
        }
        if !(1..=LEVELS as u8).contains(&competency.target_level) {
            check.problem(&competency.key, "target_level must be between 1 and 5");
        }
        if competency.anchors.len() != LEVELS {
            check.problem(
                &competency.key,
                format!("anchors needs {LEVELS} sentences, one per level"),
            );
        }
        for (index, anchor) in competency.anchors.iter().enumerate() {
            check.text(
                &competency.key,
                &format!("anchors[{}]", index + 1),
                anchor,
                MAX_TITLE * 2,
            );
        }
    }
    for resource in &pack.resources {
        check.key(&resource.key, "resource");
        check.text(&resource.key, "title", &resource.title, MAX_TITLE);
        check.text(&resource.key, "purpose", &resource.purpose, MAX_TEXT);
        check.links(&resource.key, "milestones", &resource.milestones, &milestone_keys);
        check.links(&resource.key, "sources", &resource.sources, &source_keys);
    }
    check.problems
}

#[derive(Default)]
struct Checker {
    /// Every key seen so far and what kind of entry had it: keys are unique across the whole pack.
    seen: BTreeMap<String, &'static str>,
    problems: Vec<PackProblem>,
}

impl Checker {
    fn problem(&mut self, key: &str, problem: impl Into<String>) {
        let key = if key.is_empty() { "(missing key)" } else { key };
        self.problems.push(PackProblem {
            key: key.to_owned(),
            problem: problem.into(),
        });
    }

    fn key(&mut self, key: &str, kind: &'static str) {
        let well_formed = !key.is_empty()
            && key.len() <= 64
            && key
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !well_formed {
            self.problem(
                key,
                format!("a {kind} key must be 1-64 characters of a-z, 0-9 and -"),
            );
        }
        if let Some(previous) = self.seen.insert(key.to_owned(), kind) {
            self.problem(
                key,
                format!("the key is used twice (by a {previous} and a {kind})"),
            );
        }
    }

    fn text(&mut self, key: &str, field: &str, value: &str, max: usize) {
        if value.trim().is_empty() {
            self.problem(key, format!("{field} is empty"));
        } else if value.chars().count() > max {
            self.problem(key, format!("{field} is longer than {max} characters"));
        }
    }

    fn links(&mut self, key: &str, field: &str, targets: &[String], known: &BTreeSet<&str>) {
        for target in targets {
            if !known.contains(target.as_str()) {
                self.problem(
                    key,
                    format!("{field} names \"{target}\", which is not in the pack"),
                );
            }
        }
    }
}
