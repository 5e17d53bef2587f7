//! `make bench`: reports, exports and backups on `cairn demo --scale large` data (ten years of heavy use), in a
//! real database file. Budgets (issue 9): the HTML report well under a second, the PDF within about two
//! seconds, the full JSON export and a backup in about a second.

mod common;

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
    let ids: Vec<u32> = store
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

/// Gathering and typesetting the PDF report (the fonts are parsed once per process, on the first run).
#[divan::bench(sample_count = 10)]
fn pdf_report(bencher: Bencher) {
    let guard = LARGE.lock().expect("the store lock");
    let request = request(&guard.1);
    bencher.bench_local(|| {
        let now = ZonedDateTime::now();
        let report = gather(&guard.1, &request, &now, "en-GB").expect("the report");
        cairn_report::render(&report, ReportFormat::Pdf, now.date()).expect("the PDF")
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
