//! The business side of `cairn demo`: organisations moving through the prospect pipeline (with the samples
//! sent and the next steps), the rate worked out from the income needed, projects quoted from it with time
//! logged against them, and a disclosure record.
//!
//! - small: the six organisations the demo's contacts work for, from just researched to a repeat client and one
//!   closed; three projects (one paid, one under way, one quoted); three relationships, one older than 24 months.
//! - large: 60 organisations over ten years and 120 projects with their hours.

use crate::random::Seeded;
use cairn_core::disclosure::{DisclosureInput, RelationshipNature};
use cairn_core::network::OrganisationKind;
use cairn_core::pipeline::{OrganisationInput, OutreachSource, PipelineStage, StageMoveInput};
use cairn_core::portfolio::Deliverable;
use cairn_core::projects::{ProjectInput, ProjectStatus, RatePlanInput};
use cairn_core::study::{add_days, Activity, SessionInput};
use cairn_core::{Id, Result};
use cairn_store::Store;
use jiff::civil::Date;
use jiff::{Timestamp, ZonedDateTime};

/// The contacts' employers (see `network.rs`), so an organisation's contacts show on it, and a few more.
const ORGANISATIONS: [(&str, OrganisationKind, OutreachSource); 8] = [
    (
        "Meridian Medical Education",
        OrganisationKind::MedicalEducationCompany,
        OutreachSource::LetterOfIntroduction,
    ),
    (
        "Northgate CME Institute",
        OrganisationKind::AccreditedProvider,
        OutreachSource::Event,
    ),
    (
        "Pulse Health Communications",
        OrganisationKind::Agency,
        OutreachSource::JobAdvert,
    ),
    (
        "Society for Clinical Educators",
        OrganisationKind::Association,
        OutreachSource::Referral,
    ),
    (
        "University Hospital CPD Office",
        OrganisationKind::AccreditedProvider,
        OutreachSource::Linkedin,
    ),
    (
        "Brightline Learning",
        OrganisationKind::MedicalEducationCompany,
        OutreachSource::LetterOfIntroduction,
    ),
    (
        "Keystone Medical Communications",
        OrganisationKind::Agency,
        OutreachSource::Referral,
    ),
    (
        "Halcyon Education Partners",
        OrganisationKind::MedicalEducationCompany,
        OutreachSource::Inbound,
    ),
];

const CLOSED_REASONS: [&str; 4] = [
    "No reply after two follow-ups",
    "They only hire writers with two years in CME",
    "Budget moved to next year",
    "Therapeutic area not a fit",
];

const PROJECTS: [(&str, Deliverable, f64); 8] = [
    (
        "Needs assessment: anticoagulation in older adults",
        Deliverable::NeedsAssessment,
        14.0,
    ),
    (
        "Learning objectives and quiz: atrial fibrillation webinar",
        Deliverable::LearningObjectives,
        6.0,
    ),
    (
        "Slide deck review: heart failure grand rounds",
        Deliverable::SlideDeck,
        10.0,
    ),
    (
        "Grant proposal: type 2 diabetes in primary care",
        Deliverable::GrantProposal,
        24.0,
    ),
    (
        "Patient cases: asthma in adolescents",
        Deliverable::PatientCase,
        8.0,
    ),
    (
        "Outcomes report: antimicrobial stewardship series",
        Deliverable::OutcomesReport,
        16.0,
    ),
    (
        "Podcast script: chronic kidney disease staging",
        Deliverable::Script,
        5.0,
    ),
    (
        "Assessment questions: atopic dermatitis module",
        Deliverable::AssessmentQuestions,
        7.0,
    ),
];

fn day(today: Date, days_ago: i64) -> Date {
    add_days(today, -days_ago)
}

/// Adds an organisation at `path[0]` and moves it along the rest of `path` (stage, days ago).
fn walk(
    store: &mut Store,
    (name, kind, source): (&str, OrganisationKind, OutreachSource),
    path: &[(PipelineStage, i64)],
    here: &ZonedDateTime,
    sample: Option<Id>,
) -> Result<Id> {
    let (today, now) = (here.date(), here.timestamp());
    let (first, researched) = path[0];
    let input = OrganisationInput {
        name: name.into(),
        kind,
        source,
        next_step: String::new(),
        next_step_on: None,
        notes: String::new(),
    };
    let id = store
        .add_organisation(&input, first, day(today, researched), now)?
        .id;
    for (index, &(stage, days_ago)) in path.iter().enumerate().skip(1) {
        store.move_organisation(
            id,
            &StageMoveInput {
                stage,
                moved_on: day(today, days_ago).to_string(),
                closed_reason: if stage == PipelineStage::Closed {
                    CLOSED_REASONS[index % CLOSED_REASONS.len()].into()
                } else {
                    String::new()
                },
                sent_piece_id: (stage == PipelineStage::TestSent).then_some(sample).flatten(),
                sent_note_id: None,
                next_step: None,
                next_step_on: None,
            },
            today,
            now,
        )?;
    }
    Ok(id)
}

fn next_step(store: &mut Store, id: Id, step: &str, in_days: i64, today: Date, now: Timestamp) -> Result<()> {
    let organisation = store.organisation(id)?;
    store.update_organisation(
        id,
        &OrganisationInput {
            name: organisation.name,
            kind: organisation.kind,
            source: organisation.source,
            next_step: step.into(),
            next_step_on: Some(add_days(today, in_days).to_string()),
            notes: organisation.notes,
        },
        now,
    )?;
    Ok(())
}

/// A project quoted `quoted_days_ago`, and `minutes` of work logged over the days after the quote.
#[allow(clippy::too_many_arguments)]
fn project(
    store: &mut Store,
    organisation_id: Id,
    (title, deliverable, hours): (&str, Deliverable, f64),
    status: ProjectStatus,
    quoted_days_ago: i64,
    minutes: i64,
    rate: f64,
    here: &ZonedDateTime,
    random: &mut Seeded,
) -> Result<()> {
    let today = here.date();
    let quoted_on = day(today, quoted_days_ago);
    let project = store.add_project(
        &ProjectInput {
            organisation_id,
            title: title.into(),
            deliverable,
            status,
            estimate_hours: hours,
            hourly_rate: rate,
            currency: "GBP".into(),
            quoted_on: quoted_on.to_string(),
            due_on: Some(add_days(quoted_on, 30).to_string()),
            notes: "Two rounds of revisions included; payment within 30 days of the invoice.".into(),
        },
        today,
        here.timestamp(),
    )?;
    let mut sessions = Vec::new();
    let mut left = minutes;
    let mut on = add_days(quoted_on, 2);
    while left > 0 && on <= today {
        let chunk = left.min(60 + 30 * random.below(5) as i64);
        sessions.push(SessionInput {
            date: on.to_string(),
            start_time: None,
            end_time: None,
            duration_minutes: Some(chunk as i32),
            activity: Activity::WritingPractice,
            milestone_key: None,
            competency_id: None,
            project_id: Some(project.id),
            note: String::new(),
        });
        left -= chunk;
        on = add_days(on, 1 + random.below(3) as i64);
    }
    store.add_sessions(&sessions, here)?;
    Ok(())
}

fn rate_plan(store: &mut Store, now: Timestamp) -> Result<f64> {
    // 55,000 + 5,000 over 44 weeks of 22 billable hours needs £61.99 an hour; the person charges £65.
    let plan = store.set_rate_plan(
        &RatePlanInput {
            currency: "GBP".into(),
            yearly_income: 55_000.0,
            yearly_costs: 5_000.0,
            working_weeks: 44,
            billable_hours_per_week: 22.0,
            hourly_rate: Some(65.0),
        },
        now,
    )?;
    Ok(f64::from(plan.hourly_rate_minor) / 100.0)
}

fn disclosures(store: &mut Store, today: Date, now: Timestamp) -> Result<()> {
    let relationships = [
        (
            "Orrin Biologics",
            RelationshipNature::AdvisoryBoard,
            1_400,
            Some(1_000),
        ),
        ("Vance Therapeutics", RelationshipNature::Speaking, 400, Some(400)),
        ("Halden Pharma", RelationshipNature::Ownership, 2_000, None),
    ];
    for (company, nature, from, to) in relationships {
        store.add_disclosure(
            &DisclosureInput {
                company: company.into(),
                nature,
                started_on: day(today, from).to_string(),
                ended_on: to.map(|to| day(today, to).to_string()),
                notes: String::new(),
            },
            today,
            now,
        )?;
    }
    Ok(())
}

/// A finished piece the letters can say was sent.
fn a_sample(store: &Store) -> Result<Option<Id>> {
    Ok(store
        .portfolio()?
        .pieces
        .iter()
        .find(|p| p.status.finished())
        .map(|p| p.id))
}

/// Organisations and projects written; returns (organisations, projects).
pub fn fill_small(store: &mut Store, here: &ZonedDateTime) -> Result<(u32, u32)> {
    use PipelineStage::*;
    let (today, now) = (here.date(), here.timestamp());
    let mut random = Seeded(20_2026);
    let rate = rate_plan(store, now)?;
    let sample = a_sample(store)?;
    let paths: [&[(PipelineStage, i64)]; 8] = [
        &[
            (Researched, 100),
            (Introduced, 95),
            (InConversation, 82),
            (TestSent, 74),
            (Quoted, 64),
            (FirstProject, 58),
            (RepeatClient, 12),
        ],
        &[
            (Researched, 60),
            (Introduced, 58),
            (InConversation, 41),
            (Quoted, 20),
        ],
        &[(Researched, 90), (Introduced, 88), (Closed, 60)],
        &[(Researched, 30), (Introduced, 25)],
        &[(Researched, 14)],
        &[
            (Researched, 45),
            (Introduced, 44),
            (InConversation, 30),
            (TestSent, 21),
        ],
        &[
            (Researched, 70),
            (Introduced, 66),
            (InConversation, 50),
            (Introduced, 35),
        ],
        &[(InConversation, 8)],
    ];
    let mut ids = Vec::new();
    for (&(name, kind, source), path) in ORGANISATIONS.iter().zip(paths) {
        ids.push(walk(store, (name, kind, source), path, here, sample)?);
    }
    next_step(
        store,
        ids[1],
        "Ask whether the quote works for their budget",
        2,
        today,
        now,
    )?;
    next_step(store, ids[3], "Send the outcomes report sample", -1, today, now)?;
    next_step(store, ids[4], "Write a letter of introduction", 5, today, now)?;
    next_step(
        store,
        ids[5],
        "Ask for feedback on the writing test",
        3,
        today,
        now,
    )?;
    // The paid first project took longer than quoted; the repeat one is under way; one quote is waiting.
    project(
        store,
        ids[0],
        PROJECTS[0],
        ProjectStatus::Paid,
        64,
        17 * 60 + 30,
        rate,
        here,
        &mut random,
    )?;
    project(
        store,
        ids[0],
        PROJECTS[1],
        ProjectStatus::Accepted,
        11,
        150,
        rate,
        here,
        &mut random,
    )?;
    project(
        store,
        ids[1],
        PROJECTS[2],
        ProjectStatus::Quoted,
        20,
        0,
        rate,
        here,
        &mut random,
    )?;
    disclosures(store, today, now)?;
    Ok((ids.len() as u32, 3))
}

pub fn fill_large(store: &mut Store, here: &ZonedDateTime) -> Result<(u32, u32)> {
    const ORGANISATIONS_COUNT: usize = 60;
    const PROJECTS_COUNT: usize = 120;
    let (today, now) = (here.date(), here.timestamp());
    let mut random = Seeded(21_2026);
    let rate = rate_plan(store, now)?;
    let sample = a_sample(store)?;
    let mut clients = Vec::new();
    let mut organisations = 0;
    for index in 0..ORGANISATIONS_COUNT {
        let (name, kind, source) = ORGANISATIONS[index % ORGANISATIONS.len()];
        let name = if index < ORGANISATIONS.len() {
            name.to_owned()
        } else {
            format!("{name} ({})", index / ORGANISATIONS.len() + 1)
        };
        // Each walks some way along the stages over a few months, starting any time in ten years.
        let mut days_ago = 200 + random.below(3_400) as i64;
        let mut path = vec![(PipelineStage::Researched, days_ago)];
        let reach = 1 + random.below(6) as usize;
        for stage in &PipelineStage::ALL[1..=reach] {
            days_ago = (days_ago - 3 - random.below(40) as i64).max(1);
            path.push((*stage, days_ago));
        }
        if reach < 5 && random.below(3) == 0 {
            path.push((PipelineStage::Closed, (days_ago - 20).max(0)));
        }
        let id = walk(store, (&name, kind, source), &path, here, sample)?;
        if reach >= 5 {
            clients.push((id, path[5].1));
        }
        organisations += 1;
    }
    for index in 0..PROJECTS_COUNT {
        let Some(&(client, since)) = clients.get(index % clients.len().max(1)) else {
            break;
        };
        let quoted_days_ago = (since - random.below(since.max(1) as u64) as i64).max(1);
        let (title, deliverable, hours) = PROJECTS[index % PROJECTS.len()];
        let title = format!("{title} ({})", index + 1);
        // Estimates run short by a different amount for each kind of work.
        let overrun = 90 + 10 * (index % PROJECTS.len()) as i64 + random.below(30) as i64;
        let minutes = (hours * 60.0) as i64 * overrun / 100;
        let status = if quoted_days_ago > 40 {
            ProjectStatus::Paid
        } else {
            ProjectStatus::Accepted
        };
        project(
            store,
            client,
            (&title, deliverable, hours),
            status,
            quoted_days_ago,
            minutes,
            rate,
            here,
            &mut random,
        )?;
    }
    disclosures(store, today, now)?;
    Ok((organisations, PROJECTS_COUNT as u32))
}
