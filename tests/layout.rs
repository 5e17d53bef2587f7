//! The shape of the tree, kept by tests so it does not drift: no hand-written source file over 500 lines, no
//! module of a crate that uses a module which uses it back, and Tauri only in the app (`src-tauri/`), never in
//! the crates under `crates/`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use cairn_testkit::TestResult;

const MAX_LINES: usize = 500;

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every file below `dir` whose name ends with one of `extensions`, skipping build output and dependencies.
fn sources(dir: &Path, extensions: &[&str], found: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        if path.is_dir() {
            if !matches!(name, "target" | "node_modules" | "dist" | "gen") && !name.starts_with('.') {
                sources(&path, extensions, found)?;
            }
        } else if extensions.iter().any(|ext| name.ends_with(ext)) {
            found.push(path);
        }
    }
    Ok(())
}

#[test]
fn no_hand_written_source_file_is_longer_than_500_lines() -> TestResult {
    let root = repo_root();
    let mut files = Vec::new();
    for dir in ["crates", "src-tauri", "tests", "ui/src"] {
        sources(&root.join(dir), &[".rs", ".ts", ".svelte"], &mut files)?;
    }
    assert!(
        files.len() > 150,
        "the walk found the tree: {} files",
        files.len()
    );
    let generated = root.join("ui/src/lib/bindings.ts");
    let too_long: Vec<String> = files
        .iter()
        .filter(|path| **path != generated)
        .filter_map(|path| {
            let lines = std::fs::read_to_string(path).ok()?.lines().count();
            (lines > MAX_LINES).then(|| {
                format!(
                    "{} ({lines} lines)",
                    path.strip_prefix(&root).unwrap_or(path).display()
                )
            })
        })
        .collect();
    assert_eq!(
        too_long,
        Vec::<String>::new(),
        "files over {MAX_LINES} lines: split them along their seams"
    );
    Ok(())
}

/// The modules of a crate's `src` folder by path (`study::timer`), each with its file.
fn modules(src: &Path) -> std::io::Result<BTreeMap<String, PathBuf>> {
    let mut files = Vec::new();
    sources(src, &[".rs"], &mut files)?;
    Ok(files
        .into_iter()
        .filter_map(|path| {
            let relative = path.strip_prefix(src).ok()?.with_extension("");
            let mut parts: Vec<String> = relative
                .iter()
                .map(|p| p.to_string_lossy().into_owned())
                .collect();
            if matches!(parts.last().map(String::as_str), Some("mod" | "lib" | "main")) {
                parts.pop();
            }
            Some((parts.join("::"), path))
        })
        .collect())
}

/// The modules `text` names through `crate::…`, resolved to the longest module path that exists.
fn uses(text: &str, modules: &BTreeMap<String, PathBuf>) -> BTreeSet<String> {
    let mut used = BTreeSet::new();
    for (at, _) in text.match_indices("crate::") {
        let path: String = text[at + "crate::".len()..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == ':')
            .collect();
        let parts: Vec<&str> = path.split("::").filter(|p| !p.is_empty()).collect();
        if let Some(found) = (1..=parts.len())
            .rev()
            .map(|k| parts[..k].join("::"))
            .find(|candidate| modules.contains_key(candidate))
        {
            used.insert(found);
        }
    }
    used
}

/// The groups of modules that use each other in a circle (Tarjan's strongly connected components).
fn circles(edges: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct Walk<'a> {
        edges: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        next: usize,
        found: Vec<Vec<String>>,
    }
    fn visit<'a>(walk: &mut Walk<'a>, node: &'a str) {
        walk.index.insert(node, walk.next);
        walk.low.insert(node, walk.next);
        walk.next += 1;
        walk.stack.push(node);
        for next in walk.edges.get(node).into_iter().flatten() {
            let next = next.as_str();
            if !walk.index.contains_key(next) {
                visit(walk, next);
                let low = walk.low[node].min(walk.low[next]);
                walk.low.insert(node, low);
            } else if walk.stack.contains(&next) {
                let low = walk.low[node].min(walk.index[next]);
                walk.low.insert(node, low);
            }
        }
        if walk.low[node] == walk.index[node] {
            let mut group = Vec::new();
            while let Some(member) = walk.stack.pop() {
                group.push(member.to_owned());
                if member == node {
                    break;
                }
            }
            if group.len() > 1 {
                group.sort();
                walk.found.push(group);
            }
        }
    }
    let mut walk = Walk {
        edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        next: 0,
        found: Vec::new(),
    };
    for node in edges.keys() {
        if !walk.index.contains_key(node.as_str()) {
            visit(&mut walk, node);
        }
    }
    walk.found
}

/// Which modules of the crate in `src` use which (a module naming its own ancestors is not counted: a child
/// may use its parent's types, as the parent declares the child).
fn module_uses(src: &Path) -> std::io::Result<BTreeMap<String, BTreeSet<String>>> {
    let modules = modules(src)?;
    let mut edges = BTreeMap::new();
    for (module, path) in &modules {
        let text = std::fs::read_to_string(path)?;
        let used = uses(&text, &modules)
            .into_iter()
            .filter(|other| {
                other != module && !other.is_empty() && !module.starts_with(&format!("{other}::"))
            })
            .collect();
        edges.insert(module.clone(), used);
    }
    Ok(edges)
}

#[test]
fn the_circle_finder_finds_a_circle_and_no_false_one() {
    let edges = |pairs: &[(&str, &str)]| {
        let mut map: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (from, to) in pairs {
            map.entry((*from).to_owned())
                .or_default()
                .insert((*to).to_owned());
            map.entry((*to).to_owned()).or_default();
        }
        map
    };
    assert_eq!(
        circles(&edges(&[
            ("charts", "progress"),
            ("progress", "charts"),
            ("html", "progress")
        ])),
        vec![vec!["charts".to_owned(), "progress".to_owned()]]
    );
    assert!(circles(&edges(&[("a", "b"), ("b", "c"), ("a", "c")])).is_empty());
}

#[test]
fn no_module_uses_a_module_that_uses_it_back() -> TestResult {
    let root = repo_root();
    let mut sources_dirs: Vec<PathBuf> = std::fs::read_dir(root.join("crates"))?
        .filter_map(|entry| Some(entry.ok()?.path().join("src")))
        .filter(|src| src.is_dir())
        .collect();
    sources_dirs.push(root.join("src-tauri"));
    assert!(sources_dirs.len() >= 7, "{sources_dirs:?}");
    let mut found = Vec::new();
    for src in &sources_dirs {
        let edges = module_uses(src)?;
        assert!(!edges.is_empty(), "modules found in {}", src.display());
        for circle in circles(&edges) {
            found.push(format!(
                "{}: {}",
                src.strip_prefix(&root)?.display(),
                circle.join(" <-> ")
            ));
        }
    }
    assert_eq!(
        found,
        Vec::<String>::new(),
        "modules that use each other in a circle"
    );
    Ok(())
}

#[test]
fn only_the_app_depends_on_tauri() -> TestResult {
    let root = repo_root();
    let mut checked = 0;
    for entry in std::fs::read_dir(root.join("crates"))? {
        let manifest = entry?.path().join("Cargo.toml");
        if !manifest.is_file() {
            continue;
        }
        let text = std::fs::read_to_string(&manifest)?;
        let depends: Vec<&str> = text
            .lines()
            .filter(|line| !line.trim_start().starts_with('#'))
            .filter(|line| line.trim_start().starts_with("tauri"))
            .collect();
        assert_eq!(
            depends,
            Vec::<&str>::new(),
            "{} depends on Tauri",
            manifest.display()
        );
        checked += 1;
    }
    assert!(checked >= 6, "the crates' manifests were read: {checked}");
    Ok(())
}
