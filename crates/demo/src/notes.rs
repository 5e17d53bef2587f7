//! The notes part of `cairn demo`: a few dozen believable notes for the small demo, and thousands (about
//! 10 MB of text) for the large one, so search and lists are measured on a realistic index.

use cairn_core::note::{NoteInput, NoteTarget};
use cairn_core::Result;
use cairn_store::notes::NoteOrigin;
use cairn_store::Store;
use jiff::{Span, Timestamp};

use crate::random::Seeded;
use cairn_store::backfill::DatedNote;

const TAGS: &[&str] = &[
    "accreditation",
    "adult learning",
    "needs assessment",
    "outcomes",
    "objectives",
    "networking",
    "writing craft",
    "reading log",
    "portfolio idea",
    "questions",
];

/// Sentences the generated notes are made of: what a career-changer actually writes down. `{condition}`,
/// `{drug}` and `{format}` are filled with the note's own topic, so, as in real notes, a clinical term appears
/// in the notes about it rather than in every note, while words like "objectives" or "outcomes" are common.
const SENTENCES: &[&str] = &[
    "Read the ACCME Standards for Integrity and Independence again; the part on managing relevant financial relationships is stricter than I remembered.",
    "Moore's outcome levels go from participation through satisfaction, learning, competence and performance to patient and community health.",
    "A good needs assessment for {condition} starts from a practice gap: the difference between what clinicians do and what the evidence says.",
    "Wrote three learning objectives for the {format} on {condition} with measurable verbs and checked each against its gap.",
    "Adults learn best when the material is tied to problems they meet at work, so the {condition} case should open the {format}.",
    "Spoke to an agency writer who said most of the work is needs assessments and grant proposals, not slide decks.",
    "Knowles' assumptions about adult learners: self-direction, experience as a resource, readiness tied to roles, and a problem-centred orientation.",
    "The Alliance for Continuing Education in the Health Professions has a writers' community worth joining before the annual meeting.",
    "My pharmacy background helps with {drug} interactions, but I need practice writing about {condition} for physicians.",
    "Outcomes data from the {condition} series showed a competence gain but no measured change in performance.",
    "Grant reviewers look for a clear line from gap to objectives to format to outcomes measurement.",
    "The {format} needs a review date, and the {drug} references must be current at the time of release.",
    "Spaced repetition and interleaving help retention; a {format} could revisit the {condition} cases from earlier weeks.",
    "Asked a former colleague to review my sample on {drug} in {condition}; she suggested cutting the introduction by half.",
    "The gap statement should name the population with {condition}, the behaviour and the evidence, with a citation for each claim.",
    "The independence rules mean the supporter never sees the {format} before it is final.",
    "Competence is knowing how to apply knowledge in practice; performance is doing it with real patients.",
    "Idea for the portfolio: a needs assessment on {drug} prescribing in {condition}, with a short outcomes plan.",
    "Next step: follow up with the hospital's continuing education office about a {format} on {condition}.",
    "The best objectives start with the learner and a verb, and say what they will be able to do after the {format}.",
    "Guidelines on {condition} changed last year; the {drug} dosing section of my draft needs the new evidence.",
    "Found three recent trials of {drug} in {condition}; summarised them in a table for the {format}.",
];

/// Conditions with medicines actually used for them, so a note's drug belongs to its condition: a clinician
/// reading "denosumab in venous thromboembolism" would stop trusting every other line.
const TOPICS: &[(&str, &[&str])] = &[
    (
        "heart failure",
        &["sacubitril/valsartan", "empagliflozin", "bisoprolol"],
    ),
    ("atrial fibrillation", &["apixaban", "warfarin", "bisoprolol"]),
    ("type 2 diabetes", &["metformin", "semaglutide", "empagliflozin"]),
    ("asthma", &["salbutamol", "inhaled budesonide", "dupilumab"]),
    ("COPD", &["tiotropium", "salbutamol"]),
    ("hypertension", &["amlodipine", "ramipril"]),
    ("chronic kidney disease", &["dapagliflozin", "ramipril"]),
    ("rheumatoid arthritis", &["methotrexate", "adalimumab"]),
    ("psoriasis", &["adalimumab", "methotrexate"]),
    ("migraine", &["sumatriptan", "erenumab"]),
    ("epilepsy", &["levetiracetam", "lamotrigine"]),
    ("depression", &["sertraline", "mirtazapine"]),
    ("schizophrenia", &["clozapine", "aripiprazole"]),
    ("Parkinson's disease", &["levodopa"]),
    ("multiple sclerosis", &["ocrelizumab"]),
    ("osteoporosis", &["alendronate", "denosumab"]),
    ("sepsis", &["piperacillin-tazobactam", "vancomycin"]),
    ("community-acquired pneumonia", &["amoxicillin", "clarithromycin"]),
    ("HIV", &["dolutegravir"]),
    ("hepatitis C", &["sofosbuvir/velpatasvir"]),
    ("breast cancer", &["tamoxifen", "letrozole"]),
    ("lung cancer", &["pembrolizumab", "osimertinib"]),
    ("prostate cancer", &["enzalutamide"]),
    ("lymphoma", &["rituximab"]),
    (
        "iron-deficiency anaemia",
        &["ferrous sulfate", "ferric carboxymaltose"],
    ),
    ("obesity", &["semaglutide", "tirzepatide"]),
    ("chronic pain", &["gabapentin", "opioids"]),
    ("gout", &["allopurinol", "colchicine"]),
    ("Crohn's disease", &["infliximab", "ustekinumab"]),
    ("ulcerative colitis", &["mesalazine", "vedolizumab"]),
    ("atopic dermatitis", &["dupilumab"]),
    ("glaucoma", &["latanoprost"]),
    ("macular degeneration", &["aflibercept"]),
    ("Alzheimer's disease", &["donepezil"]),
    ("secondary stroke prevention", &["clopidogrel", "atorvastatin"]),
    (
        "venous thromboembolism",
        &["apixaban", "rivaroxaban", "enoxaparin"],
    ),
    ("hypothyroidism", &["levothyroxine"]),
    ("urinary tract infection", &["nitrofurantoin"]),
];

const FORMATS: &[&str] = &[
    "webinar",
    "podcast",
    "enduring article",
    "grand rounds talk",
    "case-based module",
    "slide deck",
    "newsletter",
    "workshop",
    "quiz",
    "infographic",
    "live symposium",
    "journal club guide",
];

/// One note's topic: the condition, one of its drugs, and the format its sentences are about.
struct Topic {
    condition: &'static str,
    drug: &'static str,
    format: &'static str,
}

impl Topic {
    fn pick(random: &mut Seeded) -> Topic {
        let (condition, drugs) = TOPICS[random.below(TOPICS.len() as u64) as usize];
        Topic {
            condition,
            drug: drugs[random.below(drugs.len() as u64) as usize],
            format: FORMATS[random.below(FORMATS.len() as u64) as usize],
        }
    }

    fn sentence(&self, random: &mut Seeded) -> String {
        SENTENCES[random.below(SENTENCES.len() as u64) as usize]
            .replace("{condition}", self.condition)
            .replace("{drug}", self.drug)
            .replace("{format}", self.format)
    }
}

const TITLES: &[&str] = &[
    "Reading notes",
    "Reflection after today's reading",
    "Call with an agency writer",
    "Needs assessment draft thoughts",
    "Objectives practice",
    "Outcomes and measurement",
    "Networking follow-up",
    "Ideas for a writing sample",
    "Questions to ask",
    "Week in review",
];

/// A note body of roughly `target_bytes` about one topic: paragraphs, sometimes a heading, a list or a task
/// list.
fn body(random: &mut Seeded, target_bytes: usize) -> String {
    let topic = Topic::pick(random);
    let mut text = String::new();
    while text.len() < target_bytes {
        match random.below(6) {
            0 => text += &format!("## {}\n\n", TITLES[random.below(TITLES.len() as u64) as usize]),
            1 => {
                for _ in 0..3 {
                    text += &format!("- {}\n", topic.sentence(random));
                }
                text.push('\n');
            }
            2 => text += "- [x] Re-read my notes\n- [ ] Turn this into a portfolio piece\n\n",
            _ => {
                let sentences: Vec<String> =
                    (0..2 + random.below(3)).map(|_| topic.sentence(random)).collect();
                text += &format!("{}\n\n", sentences.join(" "));
            }
        }
    }
    text
}

fn days_before(now: Timestamp, days: i64) -> Timestamp {
    now.checked_sub(Span::new().hours(24 * days)).unwrap_or(now)
}

/// A few dozen notes through the store's own API (the same path as the editor): attached to milestones, items
/// and prompts, tagged, two of them in the trash.
pub fn fill_small(store: &mut Store, now: Timestamp) -> Result<u32> {
    let mut random = Seeded(5_150);
    for tag in TAGS {
        store.create_tag(tag, days_before(now, 120))?;
    }
    let milestones: Vec<_> = store.attachment_choices()?.milestones;
    let mut written = 0;
    for n in 0..36u32 {
        let milestone = &milestones[n as usize % milestones.len()];
        let detail = store.milestone_detail(&milestone.key)?;
        let (target, prompt_id) = match n % 4 {
            0 => (
                NoteTarget::Milestone {
                    key: milestone.key.clone(),
                },
                detail.prompts.first().map(|p| p.id),
            ),
            1 => (
                NoteTarget::Item {
                    id: detail.items[n as usize % detail.items.len()].id,
                },
                None,
            ),
            2 => (
                NoteTarget::Milestone {
                    key: milestone.key.clone(),
                },
                None,
            ),
            _ => (NoteTarget::None, None),
        };
        let title = match prompt_id.and_then(|id| detail.prompts.iter().find(|p| p.id == id)) {
            Some(prompt) => prompt.text.chars().take(200).collect(),
            None => TITLES[n as usize % TITLES.len()].to_owned(),
        };
        let tags = (0..1 + random.below(3))
            .map(|_| TAGS[random.below(TAGS.len() as u64) as usize].to_owned())
            .collect();
        let size = 300 + random.below(900) as usize;
        let input = NoteInput {
            title,
            body: body(&mut random, size),
            target,
            tags,
        };
        let note = store.create_note(
            &input,
            NoteOrigin { prompt_id },
            days_before(now, 120 - 3 * i64::from(n)),
        )?;
        if n == 7 || n == 19 {
            store.delete_note(note.id, days_before(now, 2))?;
        }
        written += 1;
    }
    Ok(written)
}

/// Thousands of notes, about 10 MB of text, over ten years, in one transaction (the index triggers run for
/// every row, exactly as for notes typed in the editor).
pub fn fill_large(store: &mut Store, now: Timestamp) -> Result<u32> {
    const NOTES: u32 = 4_000;
    const YEARS: i64 = 10;
    let mut random = Seeded(77_777);
    let tags = store.backfill_tags(TAGS, days_before(now, 365 * YEARS))?;
    let milestones = store.milestone_ids()?;
    let items = store.first_item_ids(500)?;
    let mut notes = Vec::with_capacity(NOTES as usize);
    for n in 0..NOTES {
        let created_at = days_before(now, random.below(365 * YEARS as u64) as i64 + 1);
        let updated_at = created_at
            .checked_add(Span::new().hours(random.below(200) as i64))
            .unwrap_or(created_at);
        let (milestone_id, item_id) = match random.below(3) {
            0 => (
                Some(milestones[random.below(milestones.len() as u64) as usize]),
                None,
            ),
            1 => (None, Some(items[random.below(items.len() as u64) as usize])),
            _ => (None, None),
        };
        let deleted_at = (random.below(50) == 0).then_some(updated_at);
        let size = 1_500 + random.below(2_000) as usize;
        let title = format!(
            "{} ({})",
            TITLES[random.below(TITLES.len() as u64) as usize],
            n + 1
        );
        let body = body(&mut random, size);
        let tag_ids = (0..random.below(4))
            .map(|_| tags[random.below(tags.len() as u64) as usize])
            .collect();
        notes.push(DatedNote {
            title,
            body,
            milestone_id,
            item_id,
            created_at,
            updated_at,
            deleted_at,
            tag_ids,
        });
    }
    store.backfill_notes(&notes)?;
    Ok(NOTES)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every drug a generated note names is one used for the condition it is about (the large demo once wrote
    /// of denosumab trials in venous thromboembolism).
    #[test]
    fn a_note_names_only_drugs_used_for_its_condition() {
        let mut random = Seeded(1);
        for _ in 0..500 {
            let text = body(&mut random, 2_000);
            let conditions: Vec<_> = TOPICS.iter().filter(|(c, _)| text.contains(c)).collect();
            assert_eq!(conditions.len(), 1, "one condition per note: {text}");
            let (condition, drugs) = conditions[0];
            for named in TOPICS
                .iter()
                .flat_map(|(_, d)| d.iter())
                .filter(|d| text.contains(*d))
            {
                assert!(
                    drugs.contains(named),
                    "{named} is not used for {condition}: {text}"
                );
            }
        }
    }
}
