//! `make bench`: reports, exports and backups on `cairn demo --scale large` data (ten years of heavy use), in a
//! real database file. Budgets (issues 9 and 16): the HTML report ≤ 100 ms, the PDF and the Word report ≤ 1 s
//! each, the full JSON export and a backup in about a second; a sample pack of ten pieces, each with a 20-page
//! PDF, ≤ 3 s.

mod common;

use cairn_core::Id;
use cairn_report::progress::{gather, ReportRequest};
use cairn_report::ReportFormat;
use cairn_store::backup::BackupKind;
use common::LARGE;
use divan::Bencher;
use jiff::{Timestamp, ZonedDateTime};

fn main() {
    divan::main();
}

/// A report of everything with ten notes chosen (the notes' Markdown is rendered for each format).
fn request(store: &cairn_store::Store) -> ReportRequest {
    let ids: Vec<Id> = store
        .connection()
        .prepare("SELECT id FROM note WHERE deleted_at IS NULL ORDER BY id LIMIT 10")
        .and_then(|mut stmt| stmt.query_map([], |row| row.get(0))?.collect())
        .expect("note ids");
    ReportRequest {
        note_ids: ids,
        ..ReportRequest::default()
    }
}

/// Gathering and writing the HTML report (what the Reports page preview and the HTML export do).
#[divan::bench(sample_count = 20)]
fn html_report(bencher: Bencher) {
    let guard = LARGE.lock().expect("the store lock");
    let request = request(&guard.1);
    bencher.bench_local(|| {
        let now = ZonedDateTime::now();
        let report = gather(&guard.1, &request, &now, "en-GB").expect("the report");
        cairn_report::render(&report, ReportFormat::Html, now.date()).expect("the HTML")
    });
}

/// Gathering and typesetting the PDF report, cold: Typst's memoized work is thrown away before each run, so
/// this is what the first PDF of a session costs (a second one of the same report is several times faster).
#[divan::bench(sample_count = 10)]
fn pdf_report(bencher: Bencher) {
    let guard = LARGE.lock().expect("the store lock");
    let request = request(&guard.1);
    bencher.with_inputs(|| comemo::evict(0)).bench_local_values(|()| {
        let now = ZonedDateTime::now();
        let report = gather(&guard.1, &request, &now, "en-GB").expect("the report");
        cairn_report::render(&report, ReportFormat::Pdf, now.date()).expect("the PDF")
    });
}

/// Gathering and writing the Word report (charts drawn as PNG pictures).
#[divan::bench(sample_count = 10)]
fn word_report(bencher: Bencher) {
    let guard = LARGE.lock().expect("the store lock");
    let request = request(&guard.1);
    bencher.bench_local(|| {
        let now = ZonedDateTime::now();
        let report = gather(&guard.1, &request, &now, "en-GB").expect("the report");
        cairn_report::render(&report, ReportFormat::Word, now.date()).expect("the Word document")
    });
}

/// Ten portfolio pieces, each with a PDF sample of 20 pages of its own, in a store of their own.
fn pack_store() -> (tempfile::TempDir, cairn_store::Store, Vec<Id>) {
    use cairn_core::portfolio::{Deliverable, PieceInput, PieceStatus};
    let tmp = tempfile::tempdir().expect("a temporary folder");
    let now = Timestamp::now();
    let today = ZonedDateTime::now().date();
    let mut store = cairn_store::Store::open_with_pathway(tmp.path(), now).expect("the store opens");
    let paragraph = "Practice gaps persist despite current guidelines; audits report that fewer than half of \
                     eligible patients receive guideline-directed care, and clinicians name time and uncertainty. ";
    let mut ids = Vec::new();
    for n in 0..10 {
        let markdown: String = (0..20)
            .map(|page| format!("## Page {page} of sample {n}\n\n{}\n\n", paragraph.repeat(27)))
            .collect();
        let note = cairn_report::progress::ReportNote {
            title: format!("Needs assessment {n}"),
            written_on: "1 December 2026".into(),
            markdown,
            html: String::new(),
        };
        let pdf = cairn_report::pdf::note(&note, "", today).expect("a sample PDF");
        let file = tmp.path().join(format!("sample {n}.pdf"));
        std::fs::write(&file, pdf).expect("the sample is written");
        let piece = store
            .add_piece(
                &PieceInput {
                    title: format!("Needs assessment {n}"),
                    deliverable: Deliverable::NeedsAssessment,
                    status: PieceStatus::Done,
                    started_on: None,
                    finished_on: None,
                    competency_ids: Vec::new(),
                    notes: "Written for practice; feedback from a mentor.".into(),
                    confidential: false,
                },
                today,
                now,
            )
            .expect("the piece");
        store
            .add_attachment(piece.id, &file, None, now)
            .expect("the attachment");
        ids.push(piece.id);
    }
    (tmp, store, ids)
}

/// Gathering (reading ten attachments) and typesetting a sample pack of ten pieces with 20-page PDFs, cold as
/// the PDF report is.
#[divan::bench(sample_count = 5)]
fn sample_pack(bencher: Bencher) {
    let (_tmp, store, ids) = pack_store();
    let request = cairn_report::pack::PackRequest { piece_ids: ids };
    let today = ZonedDateTime::now().date();
    let pack = cairn_report::pack::gather(&store, &request, today, "en-GB").expect("the pack");
    let pages: usize = pack.pieces.iter().flat_map(|p| &p.files).map(|f| f.pages).sum();
    assert!(pages >= 200, "ten 20-page samples: {pages} pages");
    bencher.with_inputs(|| comemo::evict(0)).bench_local_values(|()| {
        let pack = cairn_report::pack::gather(&store, &request, today, "en-GB").expect("the pack");
        cairn_report::pack::render(&pack, today).expect("the PDF")
    });
}

/// Everything as JSON bytes.
#[divan::bench(sample_count = 10)]
fn json_export(bencher: Bencher) {
    let guard = LARGE.lock().expect("the store lock");
    bencher.bench_local(|| {
        guard
            .1
            .export_data(Timestamp::now())
            .and_then(|e| e.to_json())
            .expect("the export")
    });
}

/// One backup into the backups folder with the online backup API (including the fsync and the thinning).
#[divan::bench(sample_count = 10)]
fn backup(bencher: Bencher) {
    let guard = LARGE.lock().expect("the store lock");
    bencher.bench_local(|| {
        guard
            .1
            .back_up(BackupKind::Manual, &ZonedDateTime::now())
            .expect("the backup")
    });
}
