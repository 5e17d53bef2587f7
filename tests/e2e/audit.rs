//! Accessibility audits in the real window with axe-core (the copy npm installs for the UI's tests), and the
//! pages every audit visits. axe runs inside the page through WebDriver, which the page's CSP does not govern,
//! so nothing about the app is loosened for it.

use crate::{repo_root, App, Result};
use serde_json::Value;

/// One rule axe found broken on a page, with the elements that break it.
#[derive(Debug, Clone)]
pub struct Violation {
    pub rule: String,
    /// "minor", "moderate", "serious" or "critical".
    pub impact: String,
    pub help: String,
    pub targets: Vec<String>,
}

impl Violation {
    /// Serious and critical violations fail a test; the others are listed.
    pub fn blocking(&self) -> bool {
        matches!(self.impact.as_str(), "serious" | "critical")
    }
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} ({}): {} at {}",
            self.rule,
            self.impact,
            self.help,
            self.targets.join(", ")
        )
    }
}

/// Regions that scroll sideways by design, inside their card: the pipeline board, the projects table and the
/// heatmap on a narrow window. Anything else that scrolls sideways is a layout that does not fit.
const SIDEWAYS: &str = "#pipeline-board-view, section.projects, .heatmap .scroller";

/// Cairn's own rule beside axe's (WCAG 1.4.10, reflow): at any window size from the minimum up, neither the
/// window nor a part of the page scrolls sideways, except the regions in `SIDEWAYS`.
fn sideways(app: &App) -> Result<Option<Violation>> {
    let found = app.execute(&format!(
        "const allowed = (e) => e.matches('{SIDEWAYS}');
         const name = (e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
           [...e.classList].filter((c) => !c.startsWith('svelte-')).map((c) => '.' + c).join('');
         const wide = [];
         if (document.documentElement.scrollWidth > window.innerWidth) wide.push('the window');
         for (const e of document.querySelectorAll('#app *')) {{
           const x = getComputedStyle(e).overflowX;
           if ((x === 'auto' || x === 'scroll') && e.scrollWidth > e.clientWidth + 1 && !allowed(e))
             wide.push(`${{name(e)}} (${{e.scrollWidth}} px in ${{e.clientWidth}})`);
         }}
         return wide;"
    ))?;
    let targets: Vec<String> = found
        .as_array()
        .map(|list| list.iter().filter_map(Value::as_str).map(str::to_owned).collect())
        .unwrap_or_default();
    Ok((!targets.is_empty()).then(|| Violation {
        rule: "cairn-sideways-scroll".into(),
        impact: "serious".into(),
        help: "The page must fit the window without scrolling sideways".into(),
        targets,
    }))
}

/// Runs axe on the page as it is now, and Cairn's own `sideways` rule.
pub fn audit(app: &App) -> Result<Vec<Violation>> {
    let loaded = app.execute("return typeof window.axe === 'object';")?;
    if loaded.as_bool() != Some(true) {
        let source = std::fs::read_to_string(repo_root().join("ui/node_modules/axe-core/axe.min.js"))
            .map_err(|e| format!("axe-core is not installed (run `npm ci` in ui/): {e}"))?;
        app.execute(&format!("{source}\nreturn true;"))?;
    }
    let found = app.execute_async(
        "const done = arguments[arguments.length - 1];
         axe.run(document, { resultTypes: ['violations'] })
           .then((r) => done(r.violations.map((v) => ({
             rule: v.id, impact: v.impact ?? 'minor', help: v.help,
             targets: v.nodes.map((n) => n.target.join(' ')),
           }))))
           .catch((e) => done({ error: String(e) }));",
    )?;
    if let Some(error) = found.get("error") {
        return Err(format!("axe failed: {error}").into());
    }
    let text = |v: &Value, key: &str| v.get(key).and_then(Value::as_str).unwrap_or_default().to_owned();
    let mut violations: Vec<Violation> = found
        .as_array()
        .map(|list| {
            list.iter()
                .map(|v| Violation {
                    rule: text(v, "rule"),
                    impact: text(v, "impact"),
                    help: text(v, "help"),
                    targets: v
                        .get("targets")
                        .and_then(Value::as_array)
                        .map(|t| t.iter().filter_map(Value::as_str).map(str::to_owned).collect())
                        .unwrap_or_default(),
                })
                .collect()
        })
        .unwrap_or_default();
    violations.extend(sideways(app)?);
    Ok(violations)
}

/// The pages of the small demo an audit visits: (label, hash, a selector that shows the page has its data).
pub const PAGES: &[(&str, &str, &str)] = &[
    ("dashboard", "#/dashboard", "#dashboard-next-steps"),
    ("milestones", "#/milestones", "#page h1"),
    ("milestone", "#/milestones/understand-cme", "[data-item]"),
    ("notes", "#/notes", "li[data-note]"),
    ("competencies", "#/competencies", "#page h1"),
    ("study", "#/study", "#timer-title"),
    ("portfolio", "#/portfolio", "[data-disclosure]"),
    ("network", "#/network", "[data-project]"),
    ("reports", "#/reports", "#report-preview"),
    ("settings", "#/settings", "#page h1"),
];

/// Audits every page (and, on the pages that have them, an open note, piece and contact) at the window's
/// current size; returns every violation by page, and prints them.
pub fn audit_every_page(app: &App, label: &str) -> Result<Vec<(String, Violation)>> {
    let mut found = Vec::new();
    let mut visit = |page: String, app: &App| -> Result<()> {
        for v in audit(app)? {
            println!("{label} {page}: {v}");
            found.push((page.clone(), v));
        }
        Ok(())
    };
    for (page, hash, ready) in PAGES {
        app.execute(&format!("window.location.hash = '{hash}'; return true;"))?;
        app.find(ready)?;
        std::thread::sleep(std::time::Duration::from_millis(300)); // let charts and late lists settle
        visit((*page).to_owned(), app)?;
    }
    for (page, list, link) in [
        ("note", "#/notes", "li[data-note] a.note-title"),
        ("piece", "#/portfolio", "li[data-piece] a.title"),
        (
            "contact",
            "#/network",
            "section[aria-labelledby='contacts-title'] td a[href^='#/network/']",
        ),
    ] {
        app.execute(&format!("window.location.hash = '{list}'; return true;"))?;
        app.find(link)?;
        // Opened by its link's address (what a click does), so the audit does not depend on where it is drawn.
        let href = app.execute(&format!(
            "return document.querySelector(\"{link}\").getAttribute('href');"
        ))?;
        let href = href.as_str().ok_or("the link has an address")?.to_owned();
        app.execute(&format!("window.location.hash = '{href}'; return true;"))?;
        app.wait_until(&format!("return window.location.hash === '{href}';"))?;
        app.find("#page h1")?;
        std::thread::sleep(std::time::Duration::from_millis(500));
        visit(page.to_owned(), app)?;
    }
    Ok(found)
}
