//! Demo portfolio pieces (with small attachments, copied in through the store like a picked file) and contacts
//! with interactions and follow-ups.
//!
//! - small: 6 pieces at every status, 4 attachments (two with the same content, stored once); 12 contacts, about
//!   30 interactions, follow-ups overdue, this week and later.
//! - large: 150 pieces with 60 attachments; 400 contacts with about 4,000 interactions over ten years.

use crate::random::Seeded;
use cairn_core::network::{ContactInput, InteractionChannel, InteractionInput, OrganisationKind};
use cairn_core::portfolio::{Deliverable, PieceInput, PieceStatus};
use cairn_core::study::add_days;
use cairn_core::Id;
use cairn_core::{Error, Result};
use cairn_store::Store;
use jiff::civil::Date;
use jiff::Timestamp;

const TOPICS: [&str; 8] = [
    "anticoagulation in older adults",
    "heart failure with preserved ejection fraction",
    "type 2 diabetes and GLP-1 receptor agonists",
    "antimicrobial stewardship",
    "opioid tapering in primary care",
    "atopic dermatitis in children",
    "vaccine hesitancy conversations",
    "chronic kidney disease staging",
];

const FIRST: [&str; 12] = [
    "Ada", "Ben", "Chiara", "Dev", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jonah", "Kemi", "Lars",
];
const LAST: [&str; 10] = [
    "Obi", "Ng", "Rossi", "Patel", "Novak", "Haddad", "Kim", "Tanaka", "Silva", "Berg",
];
const ORGANISATIONS: [(&str, OrganisationKind); 8] = [
    (
        "Meridian Medical Education",
        OrganisationKind::MedicalEducationCompany,
    ),
    ("Northgate CME Institute", OrganisationKind::AccreditedProvider),
    ("Pulse Health Communications", OrganisationKind::Agency),
    ("Society for Clinical Educators", OrganisationKind::Association),
    (
        "University Hospital CPD Office",
        OrganisationKind::AccreditedProvider,
    ),
    ("Brightline Learning", OrganisationKind::MedicalEducationCompany),
    ("", OrganisationKind::Peer),
    ("", OrganisationKind::Mentor),
];
const ROLES: [&str; 5] = [
    "Medical director",
    "Head of content",
    "Project manager",
    "Freelance CME writer",
    "Education lead",
];
const PLACES: [&str; 4] = [
    "LinkedIn",
    "ACEhp annual conference",
    "Alumni network",
    "Webinar Q&A",
];
const SUMMARIES: [&str; 6] = [
    "Connected and sent a short note about my background",
    "Asked how they brief freelance writers on needs assessments",
    "Shared my anticoagulation sample; they suggested tightening the objectives",
    "Talked about their upcoming outcomes projects",
    "Met at the conference poster session",
    "Sent a thank-you and the slide deck we discussed",
];

/// How many finished pieces also carry a PDF sample (typesetting each takes a moment, so not every one does).
const PDF_SAMPLES: usize = 2;

/// A writing sample's text, as a finished piece's PDF attachment shows it.
const SAMPLE: &str = "## Background

Practice gaps in {topic} persist despite current guidelines. Audits in community settings report that fewer
than half of eligible patients receive guideline-directed care, and clinicians name time, uncertainty about
the evidence and patient preferences as the main barriers.

## Learning objectives

After this activity, participants will be able to:

1. Apply the current guideline recommendations on {topic} to a patient presenting in primary care.
2. Compare the benefits and risks of the main treatment options, using absolute risk figures.
3. Plan a shared decision-making conversation that addresses the patient's priorities.

## Evidence summary

| Source | Design | Main finding |
|:--|:--|:--|
| National audit, 2024 | Cross-sectional | 46% received guideline-directed care |
| Smith *et al.* (2023) | Cluster RCT | Audit and feedback raised uptake by 12 points |
| Clinician survey, 2025 | Survey, n = 412 | 61% unsure of the latest thresholds |

## Format

A 45-minute case-based webinar with two polling questions and a downloadable algorithm, followed by a
commitment-to-change question and a 60-day follow-up survey.[^outcomes]

[^outcomes]: Outcomes are measured at Moore levels 3 to 5 (learning, competence and performance).
";

fn deliverable(random: &mut Seeded) -> Deliverable {
    Deliverable::ALL[random.below(Deliverable::ALL.len() as u64) as usize]
}

fn write_sample(folder: &std::path::Path, name: &str, text: &str) -> Result<std::path::PathBuf> {
    let path = folder.join(name);
    std::fs::write(&path, text).map_err(|e| Error::io(format!("Cannot write {}", path.display()), e))?;
    Ok(path)
}

fn pieces(
    store: &mut Store,
    count: usize,
    attachments: usize,
    today: Date,
    now: Timestamp,
    random: &mut Seeded,
) -> Result<u32> {
    let competencies: Vec<Id> = store
        .competency_overview(today)?
        .competencies
        .iter()
        .map(|c| c.id)
        .collect();
    let samples = tempfile::tempdir().map_err(|e| Error::io("Cannot make a temporary folder", e))?;
    let mut attached = 0;
    let mut pdfs = 0;
    for index in 0..count {
        let topic = TOPICS[index % TOPICS.len()];
        let kind = if index < Deliverable::ALL.len() {
            Deliverable::ALL[index]
        } else {
            deliverable(random)
        };
        let status = PieceStatus::ALL[(index + random.below(2) as usize) % PieceStatus::ALL.len()];
        let started = add_days(
            today,
            -(20 + (index as i64 * 23) % 3_400) - random.below(10) as i64,
        );
        let finished = status
            .finished()
            .then(|| add_days(started, 10 + random.below(40) as i64).min(today));
        let picked: Vec<Id> = (0..1 + random.below(3))
            .map(|_| competencies[random.below(competencies.len() as u64) as usize])
            .collect();
        let piece = store.add_piece(
            &PieceInput {
                title: format!("{}: {topic}", kind.label()),
                deliverable: kind,
                status,
                started_on: Some(started.to_string()),
                finished_on: finished.map(|d| d.to_string()),
                competency_ids: picked,
                notes: format!("Written for practice on {topic}. Feedback from a mentor is in the notes."),
                // Every fifth piece was written for a client under a confidentiality agreement.
                confidential: index % 5 == 4,
            },
            today,
            now,
        )?;
        if status.finished() && pdfs < PDF_SAMPLES {
            // The first finished pieces carry their sample as a PDF, as a real portfolio would (and as a
            // sample pack shows page by page).
            let title = format!("{}: {topic}", kind.label());
            let pdf = cairn_report::pdf::note(
                &cairn_report::progress::ReportNote {
                    title: title.clone(),
                    written_on: cairn_core::time::long_date_in(
                        cairn_core::time::FALLBACK_LOCALE,
                        finished.unwrap_or(today),
                    ),
                    markdown: SAMPLE.replace("{topic}", topic),
                    html: String::new(),
                },
                "",
                today,
            )?;
            let file = samples
                .path()
                .join(format!("{} {}.pdf", kind.label().replace('/', "-"), index + 1));
            std::fs::write(&file, pdf)
                .map_err(|e| Error::io(format!("Cannot write {}", file.display()), e))?;
            store.add_attachment(piece.id, &file, None, now)?;
            pdfs += 1;
        }
        if attached < attachments {
            // Every fourth attachment repeats earlier content, which is stored once.
            let content_index = if attached % 4 == 3 { attached - 1 } else { attached };
            let file = write_sample(
                samples.path(),
                &format!("{} {}.md", kind.label().replace('/', "-"), index + 1),
                &format!(
                    "# Writing sample {content_index}\n\n- Learning objective 1\n- Learning objective 2\n"
                ),
            )?;
            store.add_attachment(piece.id, &file, None, now)?;
            attached += 1;
        }
    }
    Ok(count as u32)
}

fn contacts(
    store: &mut Store,
    count: usize,
    interactions: (u64, u64),
    days: i64,
    today: Date,
    now: Timestamp,
    random: &mut Seeded,
) -> Result<u32> {
    for index in 0..count {
        let (organisation, kind) = ORGANISATIONS[index % ORGANISATIONS.len()];
        let first = FIRST[index % FIRST.len()];
        let last = LAST[(index / FIRST.len() + index) % LAST.len()];
        let contact = store.add_contact(
            &ContactInput {
                name: format!("{first} {last}"),
                role: ROLES[random.below(ROLES.len() as u64) as usize].into(),
                organisation: organisation.into(),
                organisation_kind: kind,
                where_met: PLACES[random.below(PLACES.len() as u64) as usize].into(),
                links: vec![format!(
                    "https://www.linkedin.com/in/{}-{}-{index}",
                    first.to_lowercase(),
                    last.to_lowercase()
                )],
                notes: String::new(),
            },
            now,
        )?;
        let count = interactions.0 + random.below(interactions.1 - interactions.0 + 1);
        let mut day = add_days(today, -(random.below(days as u64) as i64) - 1);
        for step in 0..count {
            let last = step + 1 == count;
            // The latest interaction with two in three recent contacts sets a follow-up, some already overdue.
            // Only recent ones, so the overdue list is a handful, not years of them.
            let recent = day >= add_days(today, -45);
            let follow_up =
                (last && recent && random.below(3) != 0).then(|| add_days(day, 3 + random.below(30) as i64));
            store.add_interaction(
                contact.id,
                &InteractionInput {
                    happened_on: day.to_string(),
                    channel: InteractionChannel::ALL
                        [random.below(InteractionChannel::ALL.len() as u64) as usize],
                    summary: SUMMARIES[random.below(SUMMARIES.len() as u64) as usize].into(),
                    follow_up_on: follow_up.map(|d| d.to_string()),
                },
                today,
                now,
            )?;
            day = add_days(day, 1 + random.below(40) as i64).min(today);
        }
    }
    Ok(count as u32)
}

/// Pieces and contacts written; returns (pieces, contacts).
pub fn fill_small(store: &mut Store, today: Date, now: Timestamp) -> Result<(u32, u32)> {
    let mut random = Seeded(8_2026);
    let pieces = pieces(store, 6, 4, today, now, &mut random)?;
    let contacts = contacts(store, 12, (1, 4), 90, today, now, &mut random)?;
    Ok((pieces, contacts))
}

pub fn fill_large(store: &mut Store, today: Date, now: Timestamp) -> Result<(u32, u32)> {
    let mut random = Seeded(9_2026);
    let pieces = pieces(store, 150, 60, today, now, &mut random)?;
    let contacts = contacts(store, 400, (4, 16), 3_650, today, now, &mut random)?;
    Ok((pieces, contacts))
}
