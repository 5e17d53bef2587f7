//! The manual pages the .deb installs (`packaging/man/`) are written from the command line's own clap
//! definition, so `man cairn` and `cairn --help` say the same. This test renders them again and compares;
//! `CAIRN_UPDATE_MAN=1 cargo test --test manpage` rewrites them after a change to the command line.

use cairn_app::cli::Cli;
use cairn_testkit::TestResult;
use clap::CommandFactory;
use std::collections::BTreeMap;
use std::path::Path;

fn pages_in(dir: &Path) -> std::io::Result<BTreeMap<String, String>> {
    let mut pages = BTreeMap::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let name = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        pages.insert(name, std::fs::read_to_string(&path)?);
    }
    Ok(pages)
}

#[test]
fn the_committed_manual_pages_match_the_command_line() -> TestResult {
    let rendered = tempfile::tempdir()?;
    clap_mangen::generate_to(Cli::command(), rendered.path())?;
    let fresh = pages_in(rendered.path())?;
    assert!(fresh.contains_key("cairn.1"), "{:?}", fresh.keys());
    assert!(fresh.contains_key("cairn-status.1"), "{:?}", fresh.keys());
    assert!(
        fresh.values().all(|page| !page.contains("automation")),
        "the WebDriver flag stays out of the manual as it does out of --help"
    );

    let committed_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("packaging/man");
    if std::env::var_os("CAIRN_UPDATE_MAN").is_some() {
        if committed_dir.exists() {
            std::fs::remove_dir_all(&committed_dir)?;
        }
        std::fs::create_dir_all(&committed_dir)?;
        for (name, page) in &fresh {
            std::fs::write(committed_dir.join(name), page)?;
        }
    }
    let committed = pages_in(&committed_dir)?;
    assert_eq!(
        committed.keys().collect::<Vec<_>>(),
        fresh.keys().collect::<Vec<_>>(),
        "packaging/man has a page for each command (CAIRN_UPDATE_MAN=1 rewrites them)"
    );
    for (name, page) in &fresh {
        assert_eq!(
            &committed[name], page,
            "packaging/man/{name} is out of date: run CAIRN_UPDATE_MAN=1 cargo test --test manpage"
        );
    }
    Ok(())
}
