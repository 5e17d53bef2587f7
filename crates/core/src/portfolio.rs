//! Rules for portfolio pieces (writing samples) and their attachments, checked before anything is written or
//! copied.
//!
//! An attachment is a copy of a file the person picked: the original is only read. The copy is named by its
//! content's hash inside the data directory, never by anything the person typed, so no name can reach outside
//! it; the name shown is the original file name made safe (or one the person gave, which must be a plain name).

use crate::time::parse_date;
use crate::Id;
use crate::{Error, Result};
use jiff::civil::Date;
use serde::Deserialize;

pub const MAX_TITLE_CHARS: usize = 200;
pub const MAX_NOTES_CHARS: usize = 20_000;
pub const MAX_ATTACHMENT_NAME_CHARS: usize = 200;
/// The largest file Cairn copies into the data directory (100 MB).
pub const MAX_ATTACHMENT_BYTES: u64 = 100 * 1024 * 1024;

crate::choices! {
    /// The kind of CME deliverable a piece is.
    pub enum Deliverable {
        NeedsAssessment = ("needs_assessment", "Needs assessment / gap analysis"),
        GrantProposal = ("grant_proposal", "Grant proposal"),
        LearningObjectives = ("learning_objectives", "Learning objectives"),
        SlideDeck = ("slide_deck", "Slide deck"),
        PatientCase = ("patient_case", "Patient case"),
        AssessmentQuestions = ("assessment_questions", "Assessment or outcomes questions"),
        OutcomesReport = ("outcomes_report", "Outcomes report"),
        Script = ("script", "Podcast or video script"),
        EnduringMaterial = ("enduring_material", "Enduring material"),
        Other = ("other", "Other"),
    }
}

crate::choices! {
    /// Where a piece stands.
    pub enum PieceStatus {
        Idea = ("idea", "Idea"),
        Drafting = ("drafting", "Drafting"),
        InReview = ("in_review", "In review"),
        Done = ("done", "Done"),
        Published = ("published", "Published"),
    }
}

impl PieceStatus {
    /// Done or published: a finished sample, evidence a prospect can read.
    pub fn finished(self) -> bool {
        matches!(self, PieceStatus::Done | PieceStatus::Published)
    }
}

/// A piece as the person typed it.
#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PieceInput {
    pub title: String,
    pub deliverable: Deliverable,
    pub status: PieceStatus,
    #[serde(default)]
    pub started_on: Option<String>,
    #[serde(default)]
    pub finished_on: Option<String>,
    /// The competencies this piece demonstrates.
    #[serde(default)]
    pub competency_ids: Vec<Id>,
    #[serde(default)]
    pub notes: String,
    /// Made for a client under a confidentiality agreement: kept out of sample packs.
    #[serde(default)]
    pub confidential: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidPiece {
    pub title: String,
    pub deliverable: Deliverable,
    pub status: PieceStatus,
    pub started_on: Option<Date>,
    pub finished_on: Option<Date>,
    pub competency_ids: Vec<Id>,
    pub notes: String,
    pub confidential: bool,
}

/// One line of text: required or not, trimmed, at most `max` characters, no control characters.
pub fn line(field: &str, text: &str, max: usize, required: bool) -> Result<String> {
    let trimmed = text.trim();
    if required && trimmed.is_empty() {
        return Err(Error::invalid(field, "This cannot be empty."));
    }
    if trimmed.chars().count() > max {
        return Err(Error::invalid(field, format!("Keep it under {max} characters.")));
    }
    if trimmed.chars().any(char::is_control) {
        return Err(Error::invalid(
            field,
            "Keep it to one line, without control characters.",
        ));
    }
    Ok(trimmed.to_owned())
}

/// Free text (notes): at most `max` characters, no NUL.
pub fn text(field: &str, text: &str, max: usize) -> Result<String> {
    if text.chars().count() > max || text.contains('\0') {
        return Err(Error::invalid(
            field,
            format!("Keep it under {max} characters, without NUL characters."),
        ));
    }
    Ok(text.trim_end().to_owned())
}

fn optional_date(field: &str, text: &Option<String>) -> Result<Option<Date>> {
    text.as_deref()
        .filter(|t| !t.trim().is_empty())
        .map(|t| parse_date(field, t))
        .transpose()
}

impl PieceInput {
    pub fn validate(&self, today: Date) -> Result<ValidPiece> {
        let title = line("title", &self.title, MAX_TITLE_CHARS, true)?;
        let started_on = optional_date("startedOn", &self.started_on)?;
        let finished_on = optional_date("finishedOn", &self.finished_on)?;
        if let (Some(start), Some(end)) = (started_on, finished_on) {
            if end < start {
                return Err(Error::invalid(
                    "finishedOn",
                    "It was finished before it was started.",
                ));
            }
        }
        if finished_on.is_some_and(|end| end > today) {
            return Err(Error::invalid("finishedOn", "That day has not come yet."));
        }
        let mut competency_ids = Vec::new();
        for id in &self.competency_ids {
            if !competency_ids.contains(id) {
                competency_ids.push(*id);
            }
        }
        Ok(ValidPiece {
            title,
            deliverable: self.deliverable,
            status: self.status,
            started_on,
            finished_on,
            competency_ids,
            notes: text("notes", &self.notes, MAX_NOTES_CHARS)?,
            confidential: self.confidential,
        })
    }
}

/// The name an attachment is shown by, from a name the person gave: a plain file name, nothing that could
/// name a folder.
pub fn attachment_name(name: &str) -> Result<String> {
    let trimmed = name.trim();
    if trimmed.is_empty() {
        return Err(Error::invalid("name", "Give the attachment a name."));
    }
    if trimmed.contains(['/', '\\']) || trimmed == "." || trimmed == ".." || trimmed.contains("..") {
        return Err(Error::invalid(
            "name",
            "A name cannot contain / or \\ or \"..\": it is a file name, not a path.",
        ));
    }
    line("name", trimmed, MAX_ATTACHMENT_NAME_CHARS, true)
}

/// A picked file's own name made safe to show and to offer when saving: separators, control characters and
/// leading dots go, and it is cut to a sensible length; never empty.
pub fn safe_file_name(original: &str) -> String {
    let cleaned: String = original
        .chars()
        .map(|c| {
            if c == '/' || c == '\\' || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect();
    let cleaned = cleaned.replace("..", "_");
    let cleaned = cleaned.trim().trim_start_matches('.').trim();
    let cut: String = cleaned.chars().take(MAX_ATTACHMENT_NAME_CHARS).collect();
    if cut.is_empty() {
        "attachment".into()
    } else {
        cut
    }
}

/// The extension a stored copy keeps (so the system opens it with the right program): letters and digits only,
/// at most 10, lower case; none if the name has none.
pub fn stored_extension(name: &str) -> Option<String> {
    let (_, extension) = name.rsplit_once('.')?;
    let valid = !extension.is_empty()
        && extension.len() <= 10
        && extension.chars().all(|c| c.is_ascii_alphanumeric());
    valid.then(|| extension.to_ascii_lowercase())
}

/// Extensions of documents and images, which the system's default program shows rather than runs. Anything
/// else (a program, a script, a `.desktop` launcher, a web page that could run script, a document with macros)
/// is shown in its folder instead of opened.
pub const OPENABLE_EXTENSIONS: &[&str] = &[
    "pdf", "doc", "docx", "odt", "rtf", "txt", "md", "ppt", "pptx", "odp", "xls", "xlsx", "ods", "csv",
    "epub", "png", "jpg", "jpeg", "gif", "webp", "bmp", "tif", "tiff", "heic",
];

/// Whether a stored copy with this extension may be opened with the system's default program.
pub fn opens_with_default_program(extension: Option<&str>) -> bool {
    extension.is_some_and(|extension| OPENABLE_EXTENSIONS.contains(&extension))
}

/// The name an attachment is shown under, agreeing with the extension its stored copy keeps (which decides
/// the program that opens it): a name without an extension gets the file's, and a name that claims another
/// type ("Outcomes report.pdf" for a `.jar`) is refused at `field`.
pub fn agreeing_name(name: &str, stored_extension: Option<&str>, field: &str) -> Result<String> {
    let claimed = self::stored_extension(name);
    if claimed.as_deref() == stored_extension {
        return Ok(name.to_owned());
    }
    match (claimed.as_deref(), stored_extension) {
        (None, None) => Ok(name.to_owned()),
        (None, Some(extension)) => Ok(format!("{name}.{extension}")),
        (Some(_), Some(extension)) => Err(Error::invalid(
            field,
            format!("\"{name}\" must end in .{extension}, like the file it names."),
        )),
        (Some(_), None) => Err(Error::invalid(
            field,
            format!("\"{name}\" has an ending the file it names does not have."),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn a_shown_name_must_agree_with_the_stored_copys_type() {
        assert_eq!(
            agreeing_name("Report.pdf", Some("pdf"), "name").ok().as_deref(),
            Some("Report.pdf")
        );
        assert_eq!(
            agreeing_name("Report.PDF", Some("pdf"), "name").ok().as_deref(),
            Some("Report.PDF")
        );
        assert_eq!(
            agreeing_name("Report", Some("pdf"), "name").ok().as_deref(),
            Some("Report.pdf")
        );
        assert_eq!(
            agreeing_name("Report", None, "name").ok().as_deref(),
            Some("Report")
        );
        let refused = agreeing_name("Outcomes report.pdf", Some("jar"), "piece_attachment[0].name");
        assert_eq!(
            refused
                .err()
                .and_then(|e| e.field().map(str::to_owned))
                .as_deref(),
            Some("piece_attachment[0].name")
        );
        assert!(agreeing_name("Slides.pptx", None, "name").is_err());
    }

    #[test]
    fn only_documents_and_images_open_with_the_default_program() {
        for openable in ["pdf", "docx", "png", "jpeg", "txt"] {
            assert!(opens_with_default_program(Some(openable)), "{openable}");
        }
        for risky in ["jar", "exe", "desktop", "sh", "html", "svg", "docm", "appimage"] {
            assert!(!opens_with_default_program(Some(risky)), "{risky}");
        }
        assert!(
            !opens_with_default_program(None),
            "no extension: the system would guess"
        );
    }

    fn piece() -> PieceInput {
        PieceInput {
            title: "Needs assessment: anticoagulation in older adults".into(),
            deliverable: Deliverable::NeedsAssessment,
            status: PieceStatus::Drafting,
            started_on: Some("2026-10-01".into()),
            finished_on: None,
            competency_ids: vec![Id(3), Id(3), Id(5)],
            notes: String::new(),
            confidential: false,
        }
    }

    fn field(result: Result<ValidPiece>) -> Option<String> {
        result.err().and_then(|e| e.field().map(str::to_owned))
    }

    #[test]
    fn a_piece_keeps_its_competencies_once_and_its_dates_in_order() -> Result<()> {
        let today = date(2026, 11, 24);
        assert_eq!(piece().validate(today)?.competency_ids, vec![Id(3), Id(5)]);
        let mut backwards = piece();
        backwards.finished_on = Some("2026-09-01".into());
        assert_eq!(field(backwards.validate(today)), Some("finishedOn".into()));
        let mut future = piece();
        future.finished_on = Some("2026-12-01".into());
        assert_eq!(field(future.validate(today)), Some("finishedOn".into()));
        let mut untitled = piece();
        untitled.title = "  ".into();
        assert_eq!(field(untitled.validate(today)), Some("title".into()));
        let mut long = piece();
        long.title = "x".repeat(MAX_TITLE_CHARS + 1);
        assert_eq!(field(long.validate(today)), Some("title".into()));
        let mut notes = piece();
        notes.notes = "n".repeat(MAX_NOTES_CHARS + 1);
        assert_eq!(field(notes.validate(today)), Some("notes".into()));
        let mut bad_date = piece();
        bad_date.started_on = Some("2026-02-30".into());
        assert_eq!(field(bad_date.validate(today)), Some("startedOn".into()));
        Ok(())
    }

    #[test]
    fn attachment_names_are_plain_file_names() {
        assert_eq!(
            attachment_name(" Slides v2.pptx ").ok(),
            Some("Slides v2.pptx".into())
        );
        for bad in [
            "../secret",
            "a/b.txt",
            "a\\b.txt",
            "..",
            ".",
            "",
            "x..y",
            "two\nlines",
        ] {
            assert_eq!(
                attachment_name(bad)
                    .err()
                    .and_then(|e| e.field().map(str::to_owned)),
                Some("name".into()),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn picked_file_names_are_made_safe() {
        assert_eq!(safe_file_name("Outcomes report.pdf"), "Outcomes report.pdf");
        assert_eq!(safe_file_name("../../etc/passwd"), "____etc_passwd");
        assert_eq!(safe_file_name(".hidden"), "hidden");
        assert_eq!(safe_file_name("a\u{7}b"), "a_b");
        assert_eq!(safe_file_name("..."), "_.");
        assert_eq!(safe_file_name(""), "attachment");
        assert_eq!(
            safe_file_name(&"é".repeat(300)).chars().count(),
            MAX_ATTACHMENT_NAME_CHARS
        );
        assert_eq!(stored_extension("Deck.PPTX"), Some("pptx".into()));
        assert_eq!(stored_extension("archive.tar.gz"), Some("gz".into()));
        assert_eq!(stored_extension("no extension"), None);
        assert_eq!(stored_extension("evil.p/d"), None);
        assert_eq!(stored_extension("x.verylongextension"), None);
    }
}
