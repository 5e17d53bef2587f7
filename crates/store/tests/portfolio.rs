//! The portfolio on a real database file holding the built-in pathway, with real files as attachments: copies
//! are made safely and once, originals are never touched, bad files and names are refused with nothing written
//! anywhere.

use cairn_core::portfolio::{Deliverable, PieceInput, PieceStatus};
use cairn_core::ErrorCode;
use cairn_core::Id;
use cairn_store::attachments::ATTACHMENTS_DIR;
use cairn_store::Store;
use cairn_testkit::{field, TestResult};
use jiff::civil::{date, Date};
use jiff::{SignedDuration, Timestamp};
use std::path::{Path, PathBuf};

fn now() -> Timestamp {
    "2026-11-24T09:00:00Z".parse().expect("a valid instant")
}

fn today() -> Date {
    date(2026, 11, 24)
}

fn open(dir: &Path) -> Result<Store, Box<dyn std::error::Error>> {
    Ok(cairn_store::Store::open_with_pathway(dir, now())?)
}

fn piece(title: &str, status: PieceStatus, competency_ids: Vec<Id>) -> PieceInput {
    PieceInput {
        title: title.into(),
        deliverable: Deliverable::NeedsAssessment,
        status,
        started_on: Some("2026-10-01".into()),
        finished_on: None,
        competency_ids,
        notes: String::new(),
        confidential: false,
    }
}

/// Every file below `dir`, with its bytes.
fn files_below(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(next) = pending.pop() {
        for entry in std::fs::read_dir(&next).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if let Ok(bytes) = std::fs::read(&path) {
                found.push((path, bytes));
            }
        }
    }
    found.sort();
    found
}

fn stored_copies(data: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    files_below(&data.join(ATTACHMENTS_DIR))
}

#[test]
fn attachments_are_copied_once_by_content_under_safe_names_and_the_originals_are_untouched() -> TestResult {
    let tmp = tempfile::tempdir()?;
    let data = tmp.path().join("data");
    let outside = tmp.path().join("originals");
    std::fs::create_dir_all(&outside)?;
    let mut store = open(&data)?;
    let first = store.add_piece(
        &piece("Needs assessment", PieceStatus::Drafting, vec![]),
        today(),
        now(),
    )?;
    let second = store.add_piece(&piece("Slides", PieceStatus::Idea, vec![]), today(), now())?;

    let report = outside.join("Outcomes report..v2.PDF");
    std::fs::write(&report, b"%PDF-1.7 a small sample")?;
    let same_content = outside.join("copy of the report.pdf");
    std::fs::write(&same_content, b"%PDF-1.7 a small sample")?;
    let before = std::fs::metadata(&report)?;

    let a = store.add_attachment(first.id, &report, None, now())?;
    assert_eq!(
        a.name, "Outcomes report_v2.PDF",
        "the shown name is the original's, made safe"
    );
    assert_eq!(a.size, 23);
    let b = store.add_attachment(second.id, &same_content, None, now())?;
    let c = store.add_attachment(first.id, &same_content, Some("Final report.pdf"), now())?;
    assert_eq!(c.name, "Final report.pdf");
    let copies = stored_copies(&data);
    assert_eq!(copies.len(), 1, "one copy of one content: {copies:?}");
    let (path, bytes) = &copies[0];
    assert_eq!(bytes, b"%PDF-1.7 a small sample");
    let stored = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    assert!(
        stored.len() == 64 + 4
            && stored.ends_with(".pdf")
            && stored[..64].chars().all(|c| c.is_ascii_hexdigit()),
        "named by its SHA-256 and extension: {stored}"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(path)?.permissions().mode() & 0o077,
            0,
            "owner-only copy"
        );
    }
    // The originals are exactly as they were.
    let after = std::fs::metadata(&report)?;
    assert_eq!(std::fs::read(&report)?, b"%PDF-1.7 a small sample");
    assert_eq!(
        (before.len(), before.modified()?),
        (after.len(), after.modified()?)
    );
    assert!(same_content.is_file());

    assert_eq!(store.attachment_path(a.id)?, *path);
    assert_eq!(store.piece(first.id)?.attachments.len(), 2);

    // Removing one attachment keeps the copy the others still use; undo brings it back.
    store.remove_attachment(a.id, now())?;
    assert_eq!(store.piece(first.id)?.attachments.len(), 1);
    assert!(
        store.attachment_path(a.id).is_err(),
        "a removed attachment does not open"
    );
    store.restore_attachment(a.id)?;
    assert_eq!(store.piece(first.id)?.attachments.len(), 2);

    // Removing the pieces hides their attachments; the copy stays for undo until the trash is purged.
    store.delete_piece(first.id, now())?;
    store.delete_piece(second.id, now())?;
    assert!(store.attachment_path(b.id).is_err());
    assert_eq!(stored_copies(&data).len(), 1, "kept while it can be undone");
    store.restore_piece(second.id)?;
    assert_eq!(store.attachment_path(b.id)?, *path);
    store.delete_piece(second.id, now())?;
    let later = now().checked_add(SignedDuration::from_hours(24 * 31))?;
    store.purge_portfolio_trash(later)?;
    assert!(
        stored_copies(&data).is_empty(),
        "the last reference gone, the copy goes"
    );
    assert!(store.piece(first.id).is_err(), "purged");
    assert!(
        report.is_file() && same_content.is_file(),
        "originals never removed"
    );
    Ok(())
}

#[test]
fn bad_attachments_are_refused_and_nothing_is_written_anywhere() -> TestResult {
    let tmp = tempfile::tempdir()?;
    let data = tmp.path().join("data");
    let outside = tmp.path().join("originals");
    std::fs::create_dir_all(&outside)?;
    let mut store = open(&data)?;
    let target = store.add_piece(&piece("Case", PieceStatus::Drafting, vec![]), today(), now())?;

    let folder = outside.join("a folder");
    std::fs::create_dir(&folder)?;
    let loop_a = outside.join("loop-a");
    let loop_b = outside.join("loop-b");
    std::os::unix::fs::symlink(&loop_b, &loop_a)?;
    std::os::unix::fs::symlink(&loop_a, &loop_b)?;
    let huge = outside.join("huge.mp4");
    std::fs::File::create(&huge)?.set_len(100 * 1024 * 1024 + 1)?; // sparse: no disk used
    let socket_path = outside.join("socket");
    let _socket = std::os::unix::net::UnixListener::bind(&socket_path)?;
    let good = outside.join("ok.txt");
    std::fs::write(&good, "fine")?;
    let before_outside = files_below(tmp.path());

    let refused_paths: Vec<PathBuf> = vec![
        outside.join("missing.pdf"),
        folder.clone(),
        loop_a.clone(),
        huge.clone(),
        socket_path.clone(),
        PathBuf::from("relative/ok.txt"),
        // A file even root cannot read: reading /proc/self/mem from offset 0 fails.
        PathBuf::from("/proc/self/mem"),
    ];
    for path in &refused_paths {
        let refused = store.add_attachment(target.id, path, None, now());
        assert_eq!(
            field(refused.err()),
            Some("path".into()),
            "{} is refused at path",
            path.display()
        );
    }
    for name in ["../../outside.txt", "a/b.txt", "..", "x\\y"] {
        let refused = store.add_attachment(target.id, &good, Some(name), now());
        assert_eq!(
            field(refused.err()),
            Some("name".into()),
            "{name:?} is refused at name"
        );
    }
    let missing_piece = store.add_attachment(Id(9_999), &good, None, now());
    assert_eq!(missing_piece.err().map(|e| e.code()), Some(ErrorCode::NotFound));

    assert!(store.piece(target.id)?.attachments.is_empty());
    assert!(stored_copies(&data).is_empty(), "no copy, not even a partial one");
    let attachment_rows: i64 =
        store
            .connection()
            .query_row("SELECT count(*) FROM piece_attachment", [], |row| row.get(0))?;
    assert_eq!(attachment_rows, 0);
    let after_outside: Vec<_> = files_below(tmp.path())
        .into_iter()
        .filter(|(path, _)| !path.starts_with(&data))
        .collect();
    let before_outside: Vec<_> = before_outside
        .into_iter()
        .filter(|(path, _)| !path.starts_with(&data))
        .collect();
    assert_eq!(
        before_outside, after_outside,
        "nothing outside the data directory changed"
    );
    Ok(())
}

#[test]
fn pieces_refuse_unknown_competencies_and_the_portfolio_shows_evidence_coverage() -> TestResult {
    let tmp = tempfile::tempdir()?;
    let mut store = open(tmp.path())?;
    let competencies = store.competency_overview(today())?.competencies;
    let (a, b) = (competencies[0].id, competencies[1].id);
    let refused = store.add_piece(
        &piece("Orphan", PieceStatus::Idea, vec![a, Id(9_999)]),
        today(),
        now(),
    );
    assert_eq!(field(refused.err()), Some("competencyIds".into()));
    assert!(store.portfolio()?.pieces.is_empty(), "nothing half-written");

    let draft = store.add_piece(&piece("Draft", PieceStatus::Drafting, vec![a]), today(), now())?;
    let mut done = piece("Published case", PieceStatus::Published, vec![a, b]);
    done.finished_on = Some("2026-11-20".into());
    store.add_piece(&done, today(), now())?;
    let portfolio = store.portfolio()?;
    assert_eq!(portfolio.pieces.len(), 2);
    assert_eq!(portfolio.covered, 2);
    let evidence_a = portfolio.evidence.iter().find(|e| e.id == a).ok_or("a")?;
    assert_eq!((evidence_a.pieces, evidence_a.finished), (2, 1));
    let without = portfolio.evidence.iter().filter(|e| e.pieces == 0).count();
    assert_eq!(
        without,
        competencies.iter().filter(|c| !c.hidden).count() - 2,
        "the rest have no evidence"
    );
    let published = portfolio
        .by_status
        .iter()
        .find(|s| s.status == PieceStatus::Published)
        .ok_or("status")?;
    assert_eq!(published.pieces, 1);

    // Editing replaces the competencies; a bad edit changes nothing.
    let bad = store.update_piece(
        draft.id,
        &piece("Draft", PieceStatus::Drafting, vec![b, Id(4_242)]),
        today(),
        now(),
    );
    assert_eq!(field(bad.err()), Some("competencyIds".into()));
    assert_eq!(
        store
            .piece(draft.id)?
            .competencies
            .iter()
            .map(|c| c.id)
            .collect::<Vec<_>>(),
        vec![a]
    );
    let edited = store.update_piece(
        draft.id,
        &piece("Draft 2", PieceStatus::InReview, vec![b]),
        today(),
        now(),
    )?;
    assert_eq!((edited.title.as_str(), edited.competencies[0].id), ("Draft 2", b));
    // A deleted piece is no evidence.
    store.delete_piece(edited.id, now())?;
    let evidence_b = store
        .portfolio()?
        .evidence
        .into_iter()
        .find(|e| e.id == b)
        .ok_or("b")?;
    assert_eq!(evidence_b.pieces, 1);
    Ok(())
}

#[test]
fn confidentiality_and_the_name_on_reports_are_kept_and_survive_reopening() -> TestResult {
    let tmp = tempfile::tempdir()?;
    let mut store = open(tmp.path())?;
    let mut input = piece("Client needs assessment", PieceStatus::Done, vec![]);
    input.confidential = true;
    let added = store.add_piece(&input, today(), now())?;
    assert!(added.confidential);
    input.confidential = false;
    let open_piece = store.add_piece(&input, today(), now())?;
    assert!(!open_piece.confidential);
    input.confidential = false;
    assert!(!store.update_piece(added.id, &input, today(), now())?.confidential);
    input.confidential = true;
    assert!(store.update_piece(added.id, &input, today(), now())?.confidential);

    let prefs = cairn_core::checklist::ReportPreferences {
        name: " Dr Ada Obi ".into(),
        locale: Some("en-GB".into()),
    };
    let profile = store.save_report_preferences(&prefs, now())?;
    assert_eq!(
        (profile.name.as_str(), profile.locale.as_deref()),
        ("Dr Ada Obi", Some("en-GB"))
    );
    let bad = cairn_core::checklist::ReportPreferences {
        name: "Ada".into(),
        locale: Some("tlh-QO".into()),
    };
    assert_eq!(
        field(store.save_report_preferences(&bad, now()).err()).as_deref(),
        Some("locale")
    );
    drop(store);

    let store = open(tmp.path())?;
    assert!(store.piece(added.id)?.confidential);
    assert!(!store.piece(open_piece.id)?.confidential);
    let profile = store.profile()?;
    assert_eq!(
        (profile.name.as_str(), profile.locale.as_deref()),
        ("Dr Ada Obi", Some("en-GB"))
    );
    assert!(
        !profile.welcomed,
        "saving report preferences does not count as the welcome"
    );
    Ok(())
}
