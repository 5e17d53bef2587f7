//! One document, four formats: [`of`] turns a gathered report into sections of blocks (sentences, tables,
//! charts, notes), and every renderer prints those blocks: HTML (`html.rs`), Markdown (`markdown.rs`), Word
//! (`docx/`) and the PDF's template (`templates/report.typ`). A new section, or a new column, is written here
//! once; a renderer only decides how a kind of block looks.

use crate::model::{ProgressReport, ReportNote};
use crate::wording::{hours, level};
use cairn_core::time::long_date_in;
use serde::Serialize;

/// The report as the formats print it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Document {
    pub title: String,
    pub subtitle: String,
    pub period: String,
    /// (figure, what it counts), shown large under the title.
    pub key_figures: Vec<(String, String)>,
    pub sections: Vec<Section>,
    pub footer: String,
    /// The day it was made, for the PDF's page footer.
    pub generated_on: String,
}

/// A titled part of the report.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Section {
    pub title: String,
    pub blocks: Vec<Block>,
}

/// What a section is made of.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Block {
    /// A sentence of the report.
    Text {
        text: String,
    },
    /// A line in a quieter voice (how many self-assessments there were).
    Aside {
        text: String,
    },
    /// What stands where there is nothing to show ("No items were ticked in this period.").
    Empty {
        text: String,
    },
    Subheading {
        text: String,
    },
    /// A chart drawn as SVG, its caption, the share of the text width it takes, and the figures it draws: a
    /// format that cannot show the picture shows those instead, and Word shows them under it.
    #[serde(rename_all = "camelCase")]
    Chart {
        svg: String,
        caption: String,
        width_percent: u8,
        figures: Option<Table>,
    },
    Table {
        table: Table,
    },
    /// One of the person's notes, with its own text.
    Note {
        note: ReportNote,
    },
}

/// A table: its columns, and its rows of cells (one per column).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Table {
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Column {
    pub header: String,
    /// Figures, aligned right.
    pub numeric: bool,
    /// Its share of the width left once the other columns have theirs; 0 is as wide as its content.
    pub share: f32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Cell {
    pub text: String,
    /// Drawn attention to (a gap to a target).
    pub flagged: bool,
}

fn column(header: &str, numeric: bool, share: f32) -> Column {
    Column {
        header: header.to_owned(),
        numeric,
        share,
    }
}

fn cells(texts: impl IntoIterator<Item = String>) -> Vec<Cell> {
    texts
        .into_iter()
        .map(|text| Cell { text, flagged: false })
        .collect()
}

fn text(text: String) -> Block {
    Block::Text { text }
}

fn empty(text: &str) -> Block {
    Block::Empty {
        text: text.to_owned(),
    }
}

fn table(columns: Vec<Column>, rows: Vec<Vec<Cell>>) -> Block {
    Block::Table {
        table: Table { columns, rows },
    }
}

/// The report as sections of blocks, in the order every format prints them.
pub fn of(report: &ProgressReport) -> Document {
    let chosen = &report.sections;
    let mut sections = vec![milestones(report)];
    if chosen.checklist {
        sections.push(checklist(report));
    }
    if chosen.competencies {
        sections.push(competencies(report));
    }
    if chosen.study {
        sections.push(study(report));
    }
    if chosen.portfolio {
        sections.push(portfolio(report));
    }
    if chosen.network {
        sections.push(network(report));
    }
    if chosen.pipeline {
        sections.push(pipeline(report));
    }
    if !report.notes.is_empty() {
        sections.push(Section {
            title: "Notes".into(),
            blocks: report
                .notes
                .iter()
                .map(|note| Block::Note { note: note.clone() })
                .collect(),
        });
    }
    Document {
        title: report.title.clone(),
        subtitle: report.subtitle(),
        period: report.period.clone(),
        key_figures: report.key_figures(),
        sections,
        footer: report.footer(),
        generated_on: report.generated_on.clone(),
    }
}

fn milestones(report: &ProgressReport) -> Section {
    let figures = Table {
        columns: vec![
            column("Milestone", false, 1.0),
            column("Done", true, 0.0),
            column("Items", true, 0.0),
            column("Ticked in the period", true, 0.0),
        ],
        rows: report
            .milestones
            .iter()
            .map(|m| {
                cells([
                    m.title.clone(),
                    format!("{}%", m.progress.percent),
                    format!("{} of {}", m.progress.done, m.progress.total),
                    m.done_in_period.to_string(),
                ])
            })
            .collect(),
    };
    Section {
        title: "Milestones".into(),
        blocks: vec![Block::Chart {
            svg: report.charts.milestones.clone(),
            caption: "Progress through the milestones".into(),
            width_percent: 100,
            figures: Some(figures),
        }],
    }
}

fn checklist(report: &ProgressReport) -> Section {
    let block = if report.items_done.is_empty() {
        empty("No items were ticked in this period.")
    } else {
        table(
            vec![
                column("Done on", false, 0.0),
                column("Milestone", false, 0.0),
                column("Item", false, 1.0),
            ],
            report
                .items_done
                .iter()
                .map(|i| cells([i.done_on.clone(), i.milestone.clone(), i.title.clone()]))
                .collect(),
        )
    };
    Section {
        title: "Checklist items done".into(),
        blocks: vec![block],
    }
}

fn competencies(report: &ProgressReport) -> Section {
    let mut blocks = vec![Block::Aside {
        text: report.assessments_sentence(),
    }];
    if let Some(radar) = &report.charts.radar {
        blocks.push(Block::Chart {
            svg: radar.clone(),
            caption: "Self-ratings against targets".into(),
            width_percent: 88,
            figures: None,
        });
    }
    blocks.push(table(
        vec![
            column("Competency", false, 1.0),
            column("First", true, 0.0),
            column("Latest", true, 0.0),
            column("Target", true, 0.0),
            column("Gap", true, 0.0),
        ],
        report
            .competencies
            .iter()
            .map(|c| {
                let mut row = cells([c.name.clone(), level(c.first), level(c.latest), level(c.target)]);
                row.push(Cell {
                    text: c.gap.map(|g| g.to_string()).unwrap_or_default(),
                    flagged: c.gap.is_some(),
                });
                row
            })
            .collect(),
    ));
    Section {
        title: "Competencies".into(),
        blocks,
    }
}

fn study(report: &ProgressReport) -> Section {
    let study = &report.study;
    let mut blocks = vec![text(report.study_sentence())];
    if let Some(weeks) = &report.charts.weeks {
        let figures = Table {
            columns: vec![
                column("Week starting", false, 1.0),
                column("Planned", true, 0.0),
                column("Studied", true, 0.0),
            ],
            rows: study
                .weeks
                .iter()
                .map(|week| {
                    cells([
                        week.starts_on.parse().map_or_else(
                            |_| week.starts_on.clone(),
                            |day| long_date_in(&report.locale, day),
                        ),
                        week.planned_minutes.map(hours).unwrap_or_else(|| "–".to_owned()),
                        hours(week.actual_minutes),
                    ])
                })
                .collect(),
        };
        blocks.push(Block::Chart {
            svg: weeks.clone(),
            caption: "Study time per week against the plan".into(),
            width_percent: 100,
            figures: Some(figures),
        });
    }
    for (title, first_column, rows) in [
        ("By milestone", "Milestone", &study.by_milestone),
        ("By activity", "Activity", &study.by_activity),
    ] {
        blocks.push(Block::Subheading { text: title.into() });
        blocks.push(if rows.is_empty() {
            empty("No study time in this period.")
        } else {
            table(
                vec![
                    column(first_column, false, 1.0),
                    column("Time", true, 0.0),
                    column("Sessions", true, 0.0),
                ],
                rows.iter()
                    .map(|r| cells([r.label.clone(), hours(r.minutes), r.sessions.to_string()]))
                    .collect(),
            )
        });
    }
    Section {
        title: "Study time".into(),
        blocks,
    }
}

fn portfolio(report: &ProgressReport) -> Section {
    let pieces = &report.portfolio.pieces;
    let list = if pieces.is_empty() {
        empty("No pieces were worked on in this period.")
    } else {
        table(
            vec![
                column("Piece", false, 1.4),
                column("Deliverable", false, 1.0),
                column("Status", false, 0.0),
                column("Finished", false, 0.0),
                column("Competencies shown", false, 1.2),
            ],
            pieces
                .iter()
                .map(|p| {
                    cells([
                        p.title.clone(),
                        p.deliverable.clone(),
                        p.status.clone(),
                        p.finished_on.clone().unwrap_or_default(),
                        p.competencies.join(", "),
                    ])
                })
                .collect(),
        )
    };
    Section {
        title: "Portfolio".into(),
        blocks: vec![text(report.portfolio_sentence()), list],
    }
}

fn network(report: &ProgressReport) -> Section {
    let recent = &report.network.recent;
    let mut blocks = vec![text(report.network_sentence())];
    if !recent.is_empty() {
        blocks.push(Block::Subheading {
            text: "Latest conversations".into(),
        });
        blocks.push(table(
            vec![
                column("Date", false, 0.0),
                column("Who", false, 1.0),
                column("How", false, 0.0),
                column("What happened", false, 1.6),
            ],
            recent
                .iter()
                .map(|r| {
                    cells([
                        r.happened_on.clone(),
                        r.who.clone(),
                        r.channel.clone(),
                        r.summary.clone(),
                    ])
                })
                .collect(),
        ));
    }
    Section {
        title: "Network".into(),
        blocks,
    }
}

fn pipeline(report: &ProgressReport) -> Section {
    let p = &report.pipeline;
    let mut blocks = vec![text(report.pipeline_sentence())];
    if !p.at_end.is_empty() || !p.moves_into.is_empty() {
        let stages: Vec<&String> = p.at_end.iter().chain(&p.moves_into).map(|(stage, _)| stage).fold(
            Vec::new(),
            |mut seen, stage| {
                if !seen.contains(&stage) {
                    seen.push(stage);
                }
                seen
            },
        );
        let count = |pairs: &[(String, u32)], stage: &String| {
            pairs
                .iter()
                .find(|(s, _)| s == stage)
                .map_or(0, |(_, n)| *n)
                .to_string()
        };
        blocks.push(table(
            vec![
                column("Stage", false, 1.0),
                column("At the end of the period", true, 0.0),
                column("Moved into it in the period", true, 0.0),
            ],
            stages
                .into_iter()
                .map(|stage| {
                    cells([
                        stage.clone(),
                        count(&p.at_end, stage),
                        count(&p.moves_into, stage),
                    ])
                })
                .collect(),
        ));
    }
    if !p.moves.is_empty() {
        blocks.push(Block::Subheading {
            text: "Moves in the period".into(),
        });
        blocks.push(table(
            vec![
                column("Date", false, 0.0),
                column("Organisation", false, 1.2),
                column("From", false, 0.0),
                column("To", false, 0.0),
            ],
            p.moves
                .iter()
                .map(|m| {
                    cells([
                        m.moved_on.clone(),
                        m.organisation.clone(),
                        m.from.clone(),
                        m.to.clone(),
                    ])
                })
                .collect(),
        ));
    }
    Section {
        title: "Prospect pipeline".into(),
        blocks,
    }
}
