//! The Markdown report: the same content as the PDF and HTML, with tables in place of charts.

use crate::model::ProgressReport;
use crate::wording::{hours, level};
use cairn_core::time::long_date_in;
use std::fmt::Write;

/// Makes text safe inside a Markdown table cell or line: no pipes or line breaks to break the table, and
/// Markdown's own characters escaped so a title reads as written.
fn cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '|' | '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

pub fn document(report: &ProgressReport) -> String {
    let mut out = String::with_capacity(32 * 1024);
    let s = &report.sections;
    let _ = writeln!(
        out,
        "# {}\n\n{}  \n{}\n",
        cell(&report.title),
        cell(&report.subtitle()),
        cell(&report.period)
    );
    for (value, label) in report.key_figures() {
        let _ = writeln!(out, "- **{}** {}", cell(&value), cell(&label));
    }
    out.push_str("\n## Milestones\n\n| Milestone | Done | Progress | Ticked in the period |\n| --- | ---: | ---: | ---: |\n");
    for m in &report.milestones {
        let _ = writeln!(
            out,
            "| {} | {} of {} | {}% | {} |",
            cell(&m.title),
            m.progress.done,
            m.progress.total,
            m.progress.percent,
            m.done_in_period
        );
    }
    if s.checklist {
        out.push_str("\n## Checklist items done\n\n");
        if report.items_done.is_empty() {
            out.push_str("No items were ticked in this period.\n");
        } else {
            out.push_str("| Done on | Milestone | Item |\n| --- | --- | --- |\n");
            for item in &report.items_done {
                let _ = writeln!(
                    out,
                    "| {} | {} | {} |",
                    item.done_on,
                    cell(&item.milestone),
                    cell(&item.title)
                );
            }
        }
    }
    if s.competencies {
        let _ = write!(out, "\n## Competencies\n\n{}\n\n| Competency | First | Latest | Target | Gap |\n| --- | ---: | ---: | ---: | ---: |\n", report.assessments_sentence());
        for c in &report.competencies {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                cell(&c.name),
                level(c.first),
                level(c.latest),
                level(c.target),
                c.gap.map(|g| g.to_string()).unwrap_or_default()
            );
        }
    }
    if s.study {
        let study = &report.study;
        let _ = write!(
            out,
            "\n## Study time\n\n{}\n\n| Week starting | Planned | Studied |\n| --- | ---: | ---: |\n",
            report.study_sentence()
        );
        for week in &study.weeks {
            let _ = writeln!(
                out,
                "| {} | {} | {} |",
                week.starts_on.parse().map_or_else(
                    |_| week.starts_on.clone(),
                    |day| long_date_in(&report.locale, day)
                ),
                week.planned_minutes.map(hours).unwrap_or_else(|| "–".to_owned()),
                hours(week.actual_minutes)
            );
        }
        for (title, rows) in [
            ("By milestone", &study.by_milestone),
            ("By activity", &study.by_activity),
        ] {
            let _ = write!(out, "\n### {title}\n\n");
            if rows.is_empty() {
                out.push_str("No study time in this period.\n");
                continue;
            }
            out.push_str("| | Time | Sessions |\n| --- | ---: | ---: |\n");
            for row in rows {
                let _ = writeln!(
                    out,
                    "| {} | {} | {} |",
                    cell(&row.label),
                    hours(row.minutes),
                    row.sessions
                );
            }
        }
    }
    if s.portfolio {
        let p = &report.portfolio;
        let _ = write!(out, "\n## Portfolio\n\n{}\n\n", report.portfolio_sentence());
        if p.pieces.is_empty() {
            out.push_str("No pieces were worked on in this period.\n");
        } else {
            out.push_str("| Piece | Deliverable | Status | Finished | Competencies shown |\n| --- | --- | --- | --- | --- |\n");
            for piece in &p.pieces {
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {} | {} |",
                    cell(&piece.title),
                    cell(&piece.deliverable),
                    cell(&piece.status),
                    piece.finished_on.as_deref().unwrap_or(""),
                    cell(&piece.competencies.join(", "))
                );
            }
        }
    }
    if s.network {
        let n = &report.network;
        let _ = writeln!(out, "\n## Network\n\n{}", report.network_sentence());
        if !n.recent.is_empty() {
            out.push_str("\n### Latest conversations\n\n| Date | Who | How | What happened |\n| --- | --- | --- | --- |\n");
            for row in &n.recent {
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {} |",
                    row.happened_on,
                    cell(&row.who),
                    cell(&row.channel),
                    cell(&row.summary)
                );
            }
        }
    }
    if !report.notes.is_empty() {
        out.push_str("\n## Notes\n");
        for note in &report.notes {
            // The person's own Markdown, as written; its headings sit under the note's.
            let _ = write!(
                out,
                "\n### {}\n\n*Written {}*\n\n{}\n",
                cell(&note.title),
                note.written_on,
                note.markdown.trim_end()
            );
        }
    }
    let _ = writeln!(out, "\n---\n\n{}", report.footer());
    out
}
