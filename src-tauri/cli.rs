//! The command line. With no subcommand Cairn opens its window; every subcommand runs headless, prints what
//! it did, and exits non-zero with the error code on failure.

use cairn_core::{Error, ErrorPayload};
use cairn_store::{resolve_data_dir, DataDirSource, Store, DATA_DIR_ENV};
use clap::{Parser, Subcommand};
use std::path::PathBuf;
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
    /// Fill an empty data folder with a believable person's data (for trying Cairn out, and benchmarks)
    Demo {
        /// small: a few months of progress; large: ten years of heavy use
        #[arg(long, value_enum, default_value = "small")]
        scale: crate::demo::Scale,
        /// Replace a database that is already in the folder
        #[arg(long)]
        force: bool,
    },
}

pub fn main() -> ExitCode {
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
        Some(Command::Demo { scale, force }) => match demo(cli.data_dir, scale, force) {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => fail(&error),
        },
    }
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
fn demo(flag: Option<PathBuf>, scale: crate::demo::Scale, force: bool) -> Result<(), Error> {
    let (data_dir, _) = data_dir(flag)?;
    crate::demo::prepare(&data_dir, force)?;
    let now = jiff::Timestamp::now();
    let mut store = cairn_pathway::open_store(&data_dir, now)?;
    let summary = crate::demo::fill(&mut store, scale, now)?;
    println!(
        "demo data ({scale:?}) written to {}: {} items done, {} items of the person's own, {} notes, {} self-assessments, {} study sessions, {} portfolio pieces, {} contacts",
        store.database_path().display(),
        summary.items_done,
        summary.own_items,
        summary.notes,
        summary.assessments,
        summary.sessions,
        summary.pieces,
        summary.contacts
    );
    Ok(())
}

/// `cairn check`: opens the store (creating it if needed), runs the full integrity check, and reports.
fn check(flag: Option<PathBuf>) -> Result<(), Error> {
    let (data_dir, source) = data_dir(flag)?;
    let store = Store::open(&data_dir)?;
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
