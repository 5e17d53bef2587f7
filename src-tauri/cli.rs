//! The command line. With no subcommand Cairn opens its window; every subcommand runs headless, prints what
//! it did, and exits non-zero with the error code on failure.

use cairn_core::files::write_atomically;
use cairn_core::{Error, ErrorPayload};
use cairn_report::progress::ReportRequest;
use cairn_report::ReportFormat;
use cairn_store::backup::BackupKind;
use cairn_store::{resolve_data_dir, DataDirSource, Store, DATA_DIR_ENV};
use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(
    name = "cairn",
    version,
    about = "Cairn: your offline path from clinic or lab to CME writing",
    long_about = "Cairn keeps your CME-writer pathway (milestones, checklists, notes, competency \
                  self-assessments, study time, portfolio and contacts) in one SQLite file on this computer.\n\n\
                  Run without a command to open the window."
)]
pub struct Cli {
    /// Folder that holds Cairn's database [default: $CAIRN_DATA_DIR, else the platform's app data folder]
    #[arg(long, value_name = "DIR", global = true)]
    pub data_dir: Option<PathBuf>,

    /// Accepted and ignored: WebKit's WebDriver adds it when it starts the app under automation
    #[arg(long, hide = true)]
    pub automation: bool,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Open the database, check its integrity, and print its schema version and location
    Check,
    /// Print where you stand: the pathway, this week's study against its target, and what is due (--json: the
    /// same as JSON, its fields listed in the README)
    Status {
        #[arg(long)]
        json: bool,
    },
    /// Fill an empty data folder with a believable person's data (for trying Cairn out, and benchmarks)
    Demo {
        /// small: a few months of progress; large: ten years of heavy use
        #[arg(long, default_value = "small")]
        scale: cairn_demo::Scale,
        /// Replace a database that is already in the folder
        #[arg(long)]
        force: bool,
    },
    /// Write a progress report (pdf, html, md, docx), a writing-sample pack (pack), every record kind as CSV files (csv: --out is a folder), or
    /// everything as JSON (json: ignores no data, so takes no dates)
    Export {
        #[arg(long, value_enum)]
        format: ExportFormat,
        /// The file to write (replaced whole, never half-written); for csv, the folder to make a new CSV folder in
        #[arg(long, value_name = "PATH")]
        out: PathBuf,
        /// First day of the period (YYYY-MM-DD)
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
        /// Last day of the period (YYYY-MM-DD) [default: today]
        #[arg(long, value_name = "DATE")]
        to: Option<String>,
        /// A note to include in the report, by id (repeat for more)
        #[arg(long = "note", value_name = "ID")]
        notes: Vec<cairn_core::Id>,
        /// A portfolio piece for the sample pack, by id (repeat for more) [default: every finished piece that
        /// is not confidential]
        #[arg(long = "piece", value_name = "ID")]
        pieces: Vec<cairn_core::Id>,
    },
    /// Read a JSON export into an empty data folder (checked completely before anything is written)
    Import {
        /// The export (.json) to read
        file: PathBuf,
    },
    /// Back up the database now, into the backups folder or to --out
    Backup {
        /// Write the backup to this file instead of the backups folder
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Replace the database with a backup (the current database is backed up first)
    Restore {
        /// The backup to restore
        file: PathBuf,
    },
    /// Write this device's changes to the sync folder and apply the other devices' (the first time, give the
    /// folder and this device's name)
    Sync {
        /// The folder your sync tool (Dropbox, OneDrive, Syncthing...) or a USB stick carries between your
        /// devices; never the data folder
        #[arg(long, value_name = "DIR")]
        folder: Option<PathBuf>,
        /// What to call this device in the other devices' lists [default: the machine's name]
        #[arg(long)]
        name: Option<String>,
    },
    /// Move Cairn's data (database and attached files) to a new, empty data folder: for a data folder inside a
    /// synced folder, which Cairn will not open. The old folder is only read; remove it once you are satisfied
    MoveData {
        /// The new data folder (outside any synced folder); start Cairn with --data-dir DIR afterwards
        #[arg(long, value_name = "DIR")]
        to: PathBuf,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    Pdf,
    Html,
    Md,
    /// The progress report as a Word document
    Docx,
    Csv,
    Json,
    /// Everything as one zip archive (data and attachment files), written as a stream.
    Archive,
    /// A writing-sample pack (PDF) of portfolio pieces for a prospect
    Pack,
}

pub fn main() -> ExitCode {
    crate::shell::probe::mark("main");
    let cli = Cli::parse();
    match cli.command {
        None => {
            crate::shell::run(data_dir(cli.data_dir).map(|(dir, _source)| dir));
            ExitCode::SUCCESS
        }
        Some(Command::Check) => match check(cli.data_dir) {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => fail(&error),
        },
        Some(Command::Status { json }) => finish(status(cli.data_dir, json)),
        Some(Command::Demo { scale, force }) => finish(demo(cli.data_dir, scale, force)),
        Some(Command::Export {
            format,
            out,
            from,
            to,
            notes,
            pieces,
        }) => finish(export(cli.data_dir, format, &out, from, to, notes, pieces)),
        Some(Command::Import { file }) => finish(import(cli.data_dir, &file)),
        Some(Command::Backup { out }) => finish(backup(cli.data_dir, out.as_deref())),
        Some(Command::Restore { file }) => finish(restore(cli.data_dir, &file)),
        Some(Command::Sync { folder, name }) => finish(sync(cli.data_dir, folder, name)),
        Some(Command::MoveData { to }) => finish(move_data(cli.data_dir, &to)),
    }
}

/// `cairn move-data --to DIR`: the data folder's database and attached files, checked, into a new folder.
fn move_data(flag: Option<PathBuf>, to: &Path) -> Result<(), Error> {
    let (from, _) = data_dir(flag)?;
    let to = std::path::absolute(to)
        .map_err(|e| Error::io(format!("Cannot resolve the folder {}", to.display()), e))?;
    cairn_store::restore::move_data_folder(&from, &to)?;
    let store = cairn_store::Store::open(&to)?;
    let problems = store.integrity_problems()?;
    if !problems.is_empty() {
        return Err(Error::Database(problems.join("; ")));
    }
    println!(
        "Your data is now in {}. Start Cairn with --data-dir \"{}\" (or set {} to it). The old folder {} is \
         unchanged: remove it once you have checked your data.",
        to.display(),
        to.display(),
        cairn_store::DATA_DIR_ENV,
        from.display()
    );
    Ok(())
}

/// `cairn status [--json]`: the dashboard's figures as text or JSON, on standard output.
fn status(flag: Option<PathBuf>, json: bool) -> Result<(), Error> {
    let (data_dir, _) = data_dir(flag)?;
    let now = jiff::ZonedDateTime::now();
    let store = cairn_store::Store::open_with_pathway(&data_dir, now.timestamp())?;
    let status = cairn_report::status::gather(&store, now.date())?;
    match json {
        true => println!(
            "{}",
            serde_json::to_string_pretty(&status).map_err(|e| Error::Report {
                what: "the status".into(),
                detail: e.to_string()
            })?
        ),
        false => print!("{}", status.text(&crate::date_locale(&store)?)),
    }
    Ok(())
}

fn finish(result: Result<(), Error>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => fail(&error),
    }
}

/// `cairn export`: the output is written whole through a temporary file, or not at all.
fn export(
    flag: Option<PathBuf>,
    format: ExportFormat,
    out: &Path,
    from: Option<String>,
    to: Option<String>,
    notes: Vec<cairn_core::Id>,
    pieces: Vec<cairn_core::Id>,
) -> Result<(), Error> {
    let (data_dir, _) = data_dir(flag)?;
    let now = jiff::ZonedDateTime::now();
    let store = cairn_store::Store::open_with_pathway(&data_dir, now.timestamp())?;
    let report_format = match format {
        ExportFormat::Pdf => Some(ReportFormat::Pdf),
        ExportFormat::Html => Some(ReportFormat::Html),
        ExportFormat::Md => Some(ReportFormat::Markdown),
        ExportFormat::Docx => Some(ReportFormat::Word),
        ExportFormat::Csv | ExportFormat::Json | ExportFormat::Archive | ExportFormat::Pack => None,
    };
    if !pieces.is_empty() && format != ExportFormat::Pack {
        return Err(Error::invalid(
            "piece",
            "--piece is for the sample pack (--format pack).",
        ));
    }
    if let Some(report_format) = report_format {
        let request = ReportRequest {
            from,
            to,
            sections: Default::default(),
            note_ids: notes,
        };
        let report = cairn_report::progress::gather(&store, &request, &now, &crate::date_locale(&store)?)?;
        let bytes = cairn_report::render(&report, report_format, now.date())?;
        write_atomically(out, &bytes)?;
        println!("progress report ({}) written to {}", report.period, out.display());
        return Ok(());
    }
    if !notes.is_empty() {
        return Err(Error::invalid(
            "note",
            "--note is for reports (pdf, html, md, docx).",
        ));
    }
    if format == ExportFormat::Pack {
        if from.is_some() || to.is_some() {
            return Err(Error::invalid(
                "from",
                "A sample pack shows the pieces chosen, whenever they were written, so it takes no --from or --to.",
            ));
        }
        let request = match pieces.is_empty() {
            true => cairn_report::pack::default_request(&store)?,
            false => cairn_report::pack::PackRequest { piece_ids: pieces },
        };
        let pack = cairn_report::pack::gather(&store, &request, now.date(), &crate::date_locale(&store)?)?;
        let bytes = cairn_report::pack::render(&pack, now.date())?;
        write_atomically(out, &bytes)?;
        let pages: usize = pack.pieces.iter().flat_map(|p| &p.files).map(|f| f.pages).sum();
        println!(
            "sample pack of {} pieces ({pages} attached pages) written to {}",
            pack.pieces.len(),
            out.display()
        );
        return Ok(());
    }
    if matches!(format, ExportFormat::Json | ExportFormat::Archive) && (from.is_some() || to.is_some()) {
        return Err(Error::invalid(
            "from",
            "An export of everything carries everything, so it takes no --from or --to.",
        ));
    }
    if format == ExportFormat::Archive {
        let written = store.export_archive(out, now.timestamp())?;
        let size = std::fs::metadata(out).map(|m| m.len()).unwrap_or_default();
        println!(
            "everything written to {} ({} attachment files, {size} bytes)",
            out.display(),
            written.files
        );
        for names in &written.left_out {
            eprintln!("warning: the stored copy of the attachment {names} is missing or damaged; its content is not in the export");
        }
        return Ok(());
    }
    if format == ExportFormat::Json {
        let export = store.export_data(now.timestamp())?;
        let bytes = export.to_json()?;
        write_atomically(out, &bytes)?;
        println!("everything written to {} ({} bytes)", out.display(), bytes.len());
        for names in &export.left_out {
            eprintln!("warning: the stored copy of the attachment {names} is missing or damaged; its content is not in the export");
        }
        return Ok(());
    }
    let period = cairn_report::progress::period(from.as_deref(), to.as_deref(), now.date())?;
    let to = to.is_some().then_some(period.to);
    let (folder, written) = cairn_report::csv_files::write_all(&store, out, now.date(), period.from, to)?;
    println!("{} CSV files written to {}", written.len(), folder.display());
    Ok(())
}

/// `cairn import`: into an empty data folder only.
fn import(flag: Option<PathBuf>, file: &Path) -> Result<(), Error> {
    let (data_dir, _) = data_dir(flag)?;
    let summary = cairn_store::transfer::import_file(&data_dir, file)?;
    // Opening brings the built-in pathway up to this version, as at any start.
    let store = cairn_store::Store::open_with_pathway(&data_dir, jiff::Timestamp::now())?;
    let rows: usize = summary.rows.iter().map(|(_, n)| n).sum();
    println!(
        "imported {rows} records and {} attachment files (schema {}) into {}",
        summary.files,
        summary.schema_version,
        store.database_path().display()
    );
    Ok(())
}

/// `cairn backup`: into the backups folder (kept like the automatic ones), or to the file named.
fn backup(flag: Option<PathBuf>, out: Option<&Path>) -> Result<(), Error> {
    let (data_dir, _) = data_dir(flag)?;
    let store = Store::open(&data_dir)?;
    match out {
        Some(out) => {
            store.backup_to(out)?;
            println!("backup written to {}", out.display());
        }
        None => {
            let backup = store.back_up(BackupKind::Manual, &jiff::ZonedDateTime::now())?;
            println!("backup written to {}", backup.path);
        }
    }
    Ok(())
}

/// `cairn sync`: sets sync up when given a folder (or a new name), then syncs once.
fn sync(flag: Option<PathBuf>, folder: Option<PathBuf>, name: Option<String>) -> Result<(), Error> {
    let (data_dir, _) = data_dir(flag)?;
    let now = jiff::Timestamp::now();
    let mut store = Store::open_with_pathway(&data_dir, now)?;
    let current = store.sync_status()?;
    if folder.is_some() || name.is_some() {
        let folder = match (folder, &current) {
            (Some(folder), _) => std::path::absolute(&folder)
                .map_err(|e| Error::io(format!("Cannot use {} as the sync folder", folder.display()), e))?,
            (None, Some(status)) => PathBuf::from(&status.folder),
            (None, None) => {
                return Err(Error::invalid(
                    "folder",
                    "Give the sync folder with --folder DIR.",
                ))
            }
        };
        let name = name
            .or_else(|| current.as_ref().map(|status| status.name.clone()))
            .unwrap_or_else(machine_name);
        let status = store.set_up_sync(&folder, &name, now)?;
        println!("syncing as \"{}\" through {}", status.name, status.folder);
    }
    let report = store.sync_now(now)?;
    println!(
        "sync: {} changes written, {} applied ({} records), {} values set aside as conflicts, {} waiting",
        report.written, report.applied, report.rows, report.conflicts, report.waiting
    );
    if report.attachments_sent + report.attachments_received + report.attachments_waiting > 0 {
        println!(
            "attached files: {} sent, {} received, {} still arriving",
            report.attachments_sent, report.attachments_received, report.attachments_waiting
        );
    }
    for notice in &report.notices {
        println!("  {notice}");
    }
    Ok(())
}

/// This machine's name, for a device name nobody gave.
fn machine_name() -> String {
    std::fs::read_to_string("/etc/hostname")
        .ok()
        .or_else(|| std::env::var("COMPUTERNAME").ok())
        .map(|name| name.trim().to_owned())
        .filter(|name| !name.is_empty())
        .unwrap_or_else(|| "This computer".to_owned())
}

/// `cairn restore`: checks the backup, backs up the current database, then restores.
fn restore(flag: Option<PathBuf>, file: &Path) -> Result<(), Error> {
    let (data_dir, _) = data_dir(flag)?;
    let mut store = Store::open(&data_dir)?;
    let before = store.restore_from(file, &jiff::ZonedDateTime::now())?;
    drop(store);
    cairn_store::Store::open_with_pathway(&data_dir, jiff::Timestamp::now())?;
    println!(
        "restored {} into {} (the database as it was is kept in {})",
        file.display(),
        data_dir.display(),
        before.path
    );
    Ok(())
}

/// The data directory from the flag, else `CAIRN_DATA_DIR`, else the platform default.
fn data_dir(flag: Option<PathBuf>) -> Result<(PathBuf, DataDirSource), Error> {
    resolve_data_dir(flag.as_deref(), std::env::var_os(DATA_DIR_ENV).as_deref())
}

fn fail(error: &Error) -> ExitCode {
    eprintln!(
        "cairn: error [{}]: {}",
        error.code(),
        ErrorPayload::from(error).message
    );
    ExitCode::FAILURE
}

/// `cairn demo`: demo data in an empty data folder (or a replaced one, with `--force`).
fn demo(flag: Option<PathBuf>, scale: cairn_demo::Scale, force: bool) -> Result<(), Error> {
    let (data_dir, _) = data_dir(flag)?;
    cairn_demo::prepare(&data_dir, force)?;
    let now = jiff::Timestamp::now();
    let mut store = cairn_store::Store::open_with_pathway(&data_dir, now)?;
    let summary = cairn_demo::fill(&mut store, scale, now)?;
    println!(
        "demo data ({scale:?}) written to {}: {} items done, {} items of the person's own, {} notes, {} self-assessments, {} study sessions, {} portfolio pieces, {} contacts, {} organisations in the pipeline, {} projects",
        store.database_path().display(),
        summary.items_done,
        summary.own_items,
        summary.notes,
        summary.assessments,
        summary.sessions,
        summary.pieces,
        summary.contacts,
        summary.organisations,
        summary.projects
    );
    Ok(())
}

/// `cairn check`: opens the store (creating it if needed), runs the full integrity check, and reports.
fn check(flag: Option<PathBuf>) -> Result<(), Error> {
    let (data_dir, source) = data_dir(flag)?;
    let store = Store::open(&data_dir)?;
    for leftover in cairn_store::leftovers::sweep_leftovers(&data_dir, std::time::SystemTime::now()) {
        println!(
            "removed:        {} (left by an interrupted write)",
            leftover.display()
        );
    }
    let info = store.info()?;
    let problems = store.integrity_problems()?;
    let source = match source {
        DataDirSource::Flag => "--data-dir",
        DataDirSource::Environment => DATA_DIR_ENV,
        DataDirSource::Default => "default",
    };
    println!("data directory: {} ({source})", info.data_dir);
    println!("database:       {}", info.database_path);
    println!("schema version: {}", info.schema_version);
    println!("created:        {}", info.created_at);
    println!("sqlite:         {}", info.sqlite_version);
    if problems.is_empty() {
        println!("integrity:      ok");
        Ok(())
    } else {
        println!("integrity:      {} problem(s)", problems.len());
        for problem in &problems {
            println!("  {problem}");
        }
        Err(Error::DbCorrupt {
            path: store.database_path().to_path_buf(),
            detail: format!("the integrity check found {} problem(s)", problems.len()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
