//! How a report's figures read: the subtitle, the key figures, the sentences under each section, hours and
//! levels. Shared by every renderer.

use crate::model::ProgressReport;

pub use cairn_core::time::hours;

fn plural(n: u32) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// A level as a report shows it: "3", or "–" when not rated.
pub fn level(level: Option<u8>) -> String {
    level.map_or_else(|| "–".to_owned(), |l| l.to_string())
}

impl ProgressReport {
    /// The line under the title: who, since when, which period.
    pub fn subtitle(&self) -> String {
        let who = self.person.background.as_deref().unwrap_or("Health professional");
        format!(
            "{who} moving into CME writing · with Cairn since {}",
            self.person.started_on
        )
    }

    /// The headline figures every format opens with: (value, what it counts).
    pub fn key_figures(&self) -> Vec<(String, String)> {
        let mut figures = vec![(
            format!("{}%", self.overall.percent),
            format!(
                "of the pathway done ({} of {} items)",
                self.overall.done, self.overall.total
            ),
        )];
        if self.sections.checklist {
            figures.push((
                self.items_done.len().to_string(),
                "items ticked in the period".to_owned(),
            ));
        }
        if self.sections.study {
            figures.push((
                hours(self.study.total_minutes),
                format!("studied in {} sessions", self.study.sessions),
            ));
        }
        if self.sections.portfolio {
            figures.push((
                self.portfolio.finished.to_string(),
                format!(
                    "finished portfolio pieces, evidence for {} of {} competencies",
                    self.portfolio.covered.done, self.portfolio.covered.total
                ),
            ));
        }
        if self.sections.network {
            figures.push((
                self.network.interactions_in_period.to_string(),
                format!(
                    "conversations with {} people in the period",
                    self.network.people_in_period
                ),
            ));
        }
        figures
    }

    /// "On target 7 of 10 weeks in the last 12", or why there is no figure.
    pub fn consistency(&self) -> String {
        if self.study.measured_weeks == 0 {
            "No weekly target measured yet".to_owned()
        } else {
            format!(
                "On target {} of {} weeks in the last 12",
                self.study.on_target_weeks, self.study.measured_weeks
            )
        }
    }

    /// "4 self-assessments in the period."
    pub fn assessments_sentence(&self) -> String {
        let n = self.assessments_in_period;
        format!("{n} self-assessment{} in the period.", plural(n))
    }

    /// "38 h 20 min in 70 sessions, 12 with a written reflection. On target 4 of 11 weeks in the last 12."
    pub fn study_sentence(&self) -> String {
        format!(
            "{} in {} sessions, {} with a written reflection. {}.",
            hours(self.study.total_minutes),
            self.study.sessions,
            self.study.reflected_sessions,
            self.consistency()
        )
    }

    /// "2 finished pieces; evidence for 9 of 15 competencies."
    pub fn portfolio_sentence(&self) -> String {
        let p = &self.portfolio;
        format!(
            "{} finished piece{}; evidence for {} of {} competencies.",
            p.finished,
            plural(p.finished),
            p.covered.done,
            p.covered.total
        )
    }

    /// "12 contacts; 23 conversations with 12 people in the period (Email 9, Call 5). 3 follow-ups open."
    pub fn network_sentence(&self) -> String {
        let n = &self.network;
        let channels = n
            .by_channel
            .iter()
            .map(|(channel, count)| format!("{channel} {count}"))
            .collect::<Vec<_>>()
            .join(", ");
        format!(
            "{} contacts; {} conversations with {} people in the period{}. {} follow-up{} open.",
            n.contacts,
            n.interactions_in_period,
            n.people_in_period,
            if channels.is_empty() {
                String::new()
            } else {
                format!(" ({channels})")
            },
            n.open_follow_ups,
            plural(n.open_follow_ups)
        )
    }

    /// "9 organisations in the pipeline at the end of the period; 6 moves in the period." (no names)
    pub fn pipeline_sentence(&self) -> String {
        let p = &self.pipeline;
        let organisations: u32 = p.at_end.iter().map(|(_, n)| n).sum();
        if organisations == 0 && p.moves_in_period == 0 {
            return "No organisations in the pipeline yet: add the providers and companies you research on the Network page.".into();
        }
        format!(
            "{organisations} organisation{} in the pipeline at the end of the period; {} move{} in the period.",
            plural(organisations),
            p.moves_in_period,
            plural(p.moves_in_period)
        )
    }

    pub fn footer(&self) -> String {
        format!(
            "Made with Cairn on {}. Competency levels (1 to 5) are the person's own ratings against a rubric that \
             describes each level of each competency.",
            self.generated_on
        )
    }
}
