//! The HTML report: one self-contained file (inline CSS and SVG; no script, no external reference), and the
//! same markup without the page around it for the app's preview.

use crate::charts::escape;
use crate::model::ProgressReport;
use crate::wording::{hours, level};
use std::fmt::Write;

/// The report's stylesheet, scoped to `.cairn-report`; the app's preview imports the same file.
pub const REPORT_CSS: &str = include_str!("templates/report.css");

/// A whole HTML document.
pub fn document(report: &ProgressReport) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
         <title>{}</title>\n<style>\n{REPORT_CSS}</style>\n</head>\n<body>\n{}\n</body>\n</html>\n",
        escape(&report.title),
        article(report)
    )
}

/// The report as an `<article class="cairn-report">`.
pub fn article(report: &ProgressReport) -> String {
    let mut out = String::with_capacity(64 * 1024);
    let s = &report.sections;
    let _ = write!(
        out,
        "<article class=\"cairn-report\">\n<header><h1>{}</h1><p class=\"meta\">{}</p><p class=\"meta\">{}</p></header>\n",
        escape(&report.title),
        escape(&report.subtitle()),
        escape(&report.period)
    );
    out.push_str("<ul class=\"figures\">");
    for (value, label) in report.key_figures() {
        let _ = write!(
            out,
            "<li><strong>{}</strong><span>{}</span></li>",
            escape(&value),
            escape(&label)
        );
    }
    out.push_str("</ul>\n");

    out.push_str("<section><h2>Milestones</h2>");
    out.push_str(&report.charts.milestones);
    out.push_str("</section>\n");

    if s.checklist {
        out.push_str("<section><h2>Checklist items done</h2>");
        if report.items_done.is_empty() {
            out.push_str("<p class=\"empty\">No items were ticked in this period.</p>");
        } else {
            out.push_str(
                "<table><thead><tr><th>Done on</th><th>Milestone</th><th>Item</th></tr></thead><tbody>",
            );
            for item in &report.items_done {
                let _ = write!(
                    out,
                    "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                    escape(&item.done_on),
                    escape(&item.milestone),
                    escape(&item.title)
                );
            }
            out.push_str("</tbody></table>");
        }
        out.push_str("</section>\n");
    }

    if s.competencies {
        let _ = write!(
            out,
            "<section><h2>Competencies</h2><p class=\"meta\">{}</p>",
            escape(&report.assessments_sentence())
        );
        if let Some(radar) = &report.charts.radar {
            out.push_str(radar);
        }
        out.push_str(
            "<table><thead><tr><th>Competency</th><th class=\"number\">First</th><th class=\"number\">Latest</th>\
             <th class=\"number\">Target</th><th class=\"number\">Gap</th></tr></thead><tbody>",
        );
        for c in &report.competencies {
            let gap = c
                .gap
                .map_or_else(String::new, |g| format!("<span class=\"gap\">{g}</span>"));
            let _ = write!(
                out,
                "<tr><td>{}</td><td class=\"number\">{}</td><td class=\"number\">{}</td><td class=\"number\">{}</td><td class=\"number\">{gap}</td></tr>",
                escape(&c.name),
                level(c.first),
                level(c.latest),
                level(c.target)
            );
        }
        out.push_str("</tbody></table></section>\n");
    }

    if s.study {
        let study = &report.study;
        let _ = write!(
            out,
            "<section><h2>Study time</h2><p>{}</p>",
            escape(&report.study_sentence())
        );
        if let Some(weeks) = &report.charts.weeks {
            out.push_str(weeks);
        }
        for (title, rows) in [
            ("By milestone", &study.by_milestone),
            ("By activity", &study.by_activity),
        ] {
            let _ = write!(out, "<h3>{title}</h3>");
            if rows.is_empty() {
                out.push_str("<p class=\"empty\">No study time in this period.</p>");
                continue;
            }
            out.push_str("<table><thead><tr><th></th><th class=\"number\">Time</th><th class=\"number\">Sessions</th></tr></thead><tbody>");
            for row in rows {
                let _ = write!(
                    out,
                    "<tr><td>{}</td><td class=\"number\">{}</td><td class=\"number\">{}</td></tr>",
                    escape(&row.label),
                    hours(row.minutes),
                    row.sessions
                );
            }
            out.push_str("</tbody></table>");
        }
        out.push_str("</section>\n");
    }

    if s.portfolio {
        let p = &report.portfolio;
        let _ = write!(
            out,
            "<section><h2>Portfolio</h2><p>{}</p>",
            escape(&report.portfolio_sentence())
        );
        if p.pieces.is_empty() {
            out.push_str("<p class=\"empty\">No pieces were worked on in this period.</p>");
        } else {
            out.push_str("<table><thead><tr><th>Piece</th><th>Deliverable</th><th>Status</th><th>Finished</th><th>Competencies shown</th></tr></thead><tbody>");
            for piece in &p.pieces {
                let _ = write!(
                    out,
                    "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                    escape(&piece.title),
                    escape(&piece.deliverable),
                    escape(&piece.status),
                    escape(piece.finished_on.as_deref().unwrap_or_default()),
                    escape(&piece.competencies.join(", "))
                );
            }
            out.push_str("</tbody></table>");
        }
        out.push_str("</section>\n");
    }

    if s.network {
        let n = &report.network;
        let _ = write!(
            out,
            "<section><h2>Network</h2><p>{}</p>",
            escape(&report.network_sentence())
        );
        if !n.recent.is_empty() {
            out.push_str("<h3>Latest conversations</h3><table><thead><tr><th>Date</th><th>Who</th><th>How</th><th>What happened</th></tr></thead><tbody>");
            for row in &n.recent {
                let _ = write!(
                    out,
                    "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                    escape(&row.happened_on),
                    escape(&row.who),
                    escape(&row.channel),
                    escape(&row.summary)
                );
            }
            out.push_str("</tbody></table>");
        }
        out.push_str("</section>\n");
    }

    if !report.notes.is_empty() {
        out.push_str("<section><h2>Notes</h2>");
        for note in &report.notes {
            let _ = write!(
                out,
                "<div class=\"note\"><h3>{}</h3><p class=\"meta\">Written {}</p><div class=\"note-body\">{}</div></div>",
                escape(&note.title),
                escape(&note.written_on),
                note.html // sanitized by cairn_core::markdown
            );
        }
        out.push_str("</section>\n");
    }
    let _ = write!(out, "<footer>{}</footer>\n</article>", escape(&report.footer()));
    out
}
