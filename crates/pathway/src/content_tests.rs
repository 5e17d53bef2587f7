//! Content rules for the built-in pack, and the validator's handling of broken packs.

use super::pack::*;
use super::*;
use std::collections::BTreeSet;

fn builtin_pack() -> Pack {
    match builtin() {
        Ok(pack) => pack,
        Err(problems) => panic!("the built-in pack is invalid:\n{}", join(&problems)),
    }
}

fn join(problems: &[PackProblem]) -> String {
    problems
        .iter()
        .map(|p| p.to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_builtin_key_and_version_constants_match_the_pack_file() {
    let pack = builtin_pack();
    assert_eq!(
        (pack.pack.key.as_str(), pack.pack.version),
        (CME_WRITER_KEY, CME_WRITER_VERSION)
    );
}

#[test]
fn the_builtin_pack_has_the_five_milestones_in_order() {
    let keys: Vec<_> = builtin_pack().milestones.iter().map(|m| m.key.clone()).collect();
    assert_eq!(
        keys,
        [
            "understand-cme",
            "adult-learning",
            "formats-deliverables",
            "core-competencies",
            "connect-network"
        ]
    );
}

#[test]
fn every_milestone_has_at_least_ten_items_and_three_prompts() {
    for milestone in builtin_pack().milestones {
        assert!(
            milestone.items.len() >= 10,
            "{} has {} items",
            milestone.key,
            milestone.items.len()
        );
        assert!(
            milestone.prompts.len() >= 3,
            "{} has {} prompts",
            milestone.key,
            milestone.prompts.len()
        );
    }
}

#[test]
fn there_are_at_least_twelve_competencies_each_with_five_anchors_and_a_target() {
    let pack = builtin_pack();
    assert!(
        pack.competencies.len() >= 12,
        "{} competencies",
        pack.competencies.len()
    );
    for competency in &pack.competencies {
        assert_eq!(competency.anchors.len(), 5, "{}", competency.key);
        assert!(
            competency.anchors.iter().all(|a| !a.trim().is_empty()),
            "{} has an empty anchor",
            competency.key
        );
        let distinct: BTreeSet<_> = competency.anchors.iter().collect();
        assert_eq!(
            distinct.len(),
            5,
            "{}: each level reads differently",
            competency.key
        );
        assert!((1..=5).contains(&competency.target_level), "{}", competency.key);
        assert!(!competency.milestones.is_empty(), "{}", competency.key);
        assert!(
            !competency.sources.is_empty(),
            "{}: drawn from a framework, so sourced",
            competency.key
        );
    }
}

#[test]
fn every_entry_that_states_a_fact_names_its_source() {
    // A figure (a year, a count, a duration) is a fact, and so is anything the person is sent to read.
    let states_a_fact = |text: &str| text.chars().any(|c| c.is_ascii_digit());
    let pack = builtin_pack();
    let mut unsourced = Vec::new();
    for milestone in &pack.milestones {
        if milestone.sources.is_empty() {
            unsourced.push(milestone.key.clone());
        }
        for item in &milestone.items {
            let factual =
                states_a_fact(&item.title) || states_a_fact(&item.details) || item.activity == Activity::Read;
            if factual && item.sources.is_empty() {
                unsourced.push(item.key.clone());
            }
        }
    }
    for resource in &pack.resources {
        if resource.sources.is_empty() {
            unsourced.push(resource.key.clone());
        }
    }
    assert!(
        unsourced.is_empty(),
        "entries stating facts without sources: {unsourced:?}"
    );
}

#[test]
fn every_source_is_cited_and_every_item_is_doable() {
    let pack = builtin_pack();
    let mut cited = BTreeSet::new();
    for milestone in &pack.milestones {
        cited.extend(milestone.sources.iter().cloned());
        for item in &milestone.items {
            cited.extend(item.sources.iter().cloned());
            assert!(
                item.effort_minutes >= 5,
                "{} has a real effort estimate",
                item.key
            );
        }
    }
    for competency in &pack.competencies {
        cited.extend(competency.sources.iter().cloned());
    }
    for resource in &pack.resources {
        cited.extend(resource.sources.iter().cloned());
    }
    let uncited: Vec<_> = pack
        .sources
        .iter()
        .filter(|s| !cited.contains(&s.key))
        .map(|s| &s.key)
        .collect();
    assert!(uncited.is_empty(), "sources nobody cites: {uncited:?}");
}

#[test]
fn the_resources_cover_organisations_events_credentials_and_readings() {
    let kinds: BTreeSet<_> = builtin_pack().resources.iter().map(|r| r.kind.as_str()).collect();
    for kind in ["organisation", "event", "credential", "reading"] {
        assert!(kinds.contains(kind), "no {kind} among the resources");
    }
}

const BROKEN: &str = r#"
[pack]
key = "broken"
version = 1
title = "Broken"

[[source]]
key = "a-source"
title = "A source"
url = "ftp://example.org"

[[milestone]]
key = "first"
title = ""
summary = "Summary"
done_looks_like = "Done"
sources = ["no-such-source"]

[[milestone.item]]
key = "first"
title = "Duplicate key"
details = "Details"
activity = "read"
effort_minutes = 10
produces = "A note"

[[milestone.item]]
key = "Bad Key"
title = "Item"
details = "Details"
activity = "write"
effort_minutes = 0
produces = ""
competency = "no-such-skill"

[[competency]]
key = "skill"
name = "Skill"
description = "Description"
milestones = ["nowhere"]
target_level = 7
anchors = ["one", "two", " "]
"#;

#[test]
fn a_broken_pack_reports_every_problem_with_its_key() {
    let problems = load(BROKEN).err().unwrap_or_default();
    let text = join(&problems);
    for expected in [
        "a-source: url must start with http:// or https://",
        "first: title is empty",
        "first: sources names \"no-such-source\", which is not in the pack",
        "first: the key is used twice (by a milestone and a item)",
        "Bad Key: a item key must be 1-64 characters",
        "Bad Key: effort_minutes must be between 1 and 2400",
        "Bad Key: produces is empty",
        "Bad Key: competency names \"no-such-skill\", which is not in the pack",
        "skill: milestones names \"nowhere\", which is not in the pack",
        "skill: target_level must be between 1 and 5",
        "skill: anchors needs 5 sentences, one per level",
        "skill: anchors[3] is empty",
    ] {
        assert!(
            text.contains(expected),
            "missing problem {expected:?} in:\n{text}"
        );
    }
}

#[test]
fn an_unknown_field_or_bad_toml_is_refused() {
    let typo = "[pack]\nkey = \"p\"\nversion = 1\ntitle = \"P\"\ntitel = \"typo\"\n";
    let problems = load(typo).err().unwrap_or_default();
    assert!(join(&problems).contains("titel"), "{problems:?}");
    let problems = load("[pack\n").err().unwrap_or_default();
    assert_eq!(problems.first().map(|p| p.key.as_str()), Some("(file)"));
}

/// Claims a review against primary sources found wrong in the first edition (issue 20), held corrected: the
/// Alliance's conference is usually in January, Joint Accreditation does not cover veterinary medicine, and its
/// 2022 paper is cited under the journal's name then, at its DOI rather than a retired host.
#[test]
fn claims_corrected_in_the_second_edition_stay_corrected() {
    let pack = builtin_pack();
    let mut texts: Vec<(String, String)> = Vec::new();
    for milestone in &pack.milestones {
        for item in &milestone.items {
            texts.push((item.key.clone(), format!("{} {}", item.title, item.details)));
        }
    }
    for resource in &pack.resources {
        texts.push((
            resource.key.clone(),
            format!("{} {}", resource.title, resource.purpose),
        ));
    }
    for (key, text) in &texts {
        assert!(
            !text.contains("every February"),
            "{key}: the conference is usually in January"
        );
        if text.contains("Joint Accreditation") {
            assert!(
                !text.contains(" vets") || text.contains("Veterinary medicine is not one of its professions"),
                "{key}: Joint Accreditation does not cover veterinary medicine"
            );
        }
    }
    for source in &pack.sources {
        assert!(
            !source.url.contains("informahealthcare.com"),
            "{}: a retired host",
            source.key
        );
        if source.url.contains("10.1080/21614083.2022") {
            assert!(
                source.title.contains("Journal of European CME"),
                "{}",
                source.title
            );
        }
    }
}

/// The pack tells people to avoid "know", "understand" and "appreciate" in learning objectives; its own items
/// are held to the same rule: each title starts with something a person does.
#[test]
fn no_item_title_starts_with_a_verb_the_pack_says_to_avoid() {
    for milestone in builtin_pack().milestones {
        for item in milestone.items {
            let first = item
                .title
                .split_whitespace()
                .next()
                .unwrap_or_default()
                .to_lowercase();
            assert!(
                !["know", "understand", "appreciate"].contains(&first.as_str()),
                "{}: {}",
                item.key,
                item.title
            );
        }
    }
}

/// At most a third of the items are "read": the rest have the person write, practise, contact or produce.
#[test]
fn at_most_a_third_of_the_items_are_reading() {
    let items: Vec<_> = builtin_pack()
        .milestones
        .into_iter()
        .flat_map(|m| m.items)
        .collect();
    let reading = items.iter().filter(|i| i.activity == Activity::Read).count();
    assert!(
        reading * 3 <= items.len(),
        "{reading} of {} items are reading",
        items.len()
    );
}

/// Every item leaves something a person can show (checked non-empty by the pack loader); it is named as a
/// thing, not as an instruction, because it is shown after "You will have:".
#[test]
fn every_item_says_what_the_person_will_have_to_show() {
    for milestone in builtin_pack().milestones {
        for item in milestone.items {
            let produces = item.produces.trim();
            assert!(
                produces.chars().next().is_some_and(char::is_uppercase) && !produces.ends_with('.'),
                "{}: {produces:?}",
                item.key
            );
            assert!(item
                .shown_details()
                .ends_with(&format!("You will have: {produces}.")));
        }
    }
}

/// Sources are the body's own page, the paper's DOI or the society's page: no document scrapers, podcast or
/// audiobook aggregators, vendor blogs, personal pages or second-hand summaries of rules (the review's list).
#[test]
fn no_source_is_a_scraper_an_aggregator_or_a_vendor_summary() {
    let second_hand = [
        "vdocuments",
        "docslib",
        "paperzz",
        "mofibo",
        "jest.pages.dev",
        "medtrainers",
        "medicineandtechnology",
        "liquisearch",
        "meilu",
        "aoeconsulting",
        "highmarksce",
        "policymed",
        "bumc.bu.edu",
        "usuhs.mil",
        "wright.edu",
        "education.aaap.org",
        "ama/pub/category",
        "uems.net/main.php",
        "filemaker.emwa.org",
        "wikipedia.org",
    ];
    for source in builtin_pack().sources {
        assert!(
            !second_hand.iter().any(|host| source.url.contains(host)),
            "{}: {}",
            source.key,
            source.url
        );
    }
}

/// Milestone 1 is mostly the US system; every item that cites a US body (the ACCME, the AMA, Joint
/// Accreditation) says it is a US rule, and one item compares the UK and Europe.
#[test]
fn us_only_rules_are_labelled_and_the_uk_and_europe_are_covered() {
    let pack = builtin_pack();
    let us_bodies = ["accme", "ama-", "ja-", "commercial-support-guide", "oig-"];
    let mut compared = false;
    for milestone in &pack.milestones {
        for item in &milestone.items {
            if item
                .sources
                .iter()
                .any(|s| us_bodies.iter().any(|b| s.starts_with(b)))
            {
                assert!(
                    item.details.contains("US ")
                        || item.details.contains("US,")
                        || item.details.contains("US."),
                    "{}: cites a US body without saying the rule is American",
                    item.key
                );
            }
            compared |= item.details.contains("ABPI") && item.details.contains("EACCME");
        }
    }
    assert!(compared, "an item compares the US rules with the UK and Europe");
}

/// The second edition adds the business of the work and the skills career-changers find hardest; these
/// items stay (their keys are stable, so a rename keeps them).
#[test]
fn the_pathway_covers_the_business_of_getting_a_first_client() {
    let keys: BTreeSet<String> = builtin_pack()
        .milestones
        .into_iter()
        .flat_map(|m| m.items.into_iter().map(|i| i.key))
        .collect();
    for key in [
        "m1-disclosure",
        "m1-europe",
        "m3-sample-from-guideline",
        "m4-literature-search",
        "m4-terminology",
        "m5-provider-directory",
        "m5-contact-providers",
        "m5-writing-test",
        "m5-rates",
        "m5-quote",
        "m5-contract-terms",
        "m5-subcontract",
    ] {
        assert!(keys.contains(key), "{key} is missing");
    }
}

#[test]
fn most_items_name_the_competency_they_build_and_every_competency_is_built_by_one() {
    let pack = builtin_pack();
    let items: Vec<&Item> = pack.milestones.iter().flat_map(|m| &m.items).collect();
    let linked = items.iter().filter(|item| item.competency.is_some()).count();
    // A study session started from an item counts toward its competency; the few without one (reading the
    // Delphi study, the first self-assessment, the credential decision) are about every competency at once.
    assert!(
        linked * 5 >= items.len() * 4,
        "{linked} of {} items name a competency",
        items.len()
    );
    let built: BTreeSet<&str> = items
        .iter()
        .filter_map(|item| item.competency.as_deref())
        .collect();
    for competency in &pack.competencies {
        assert!(
            built.contains(competency.key.as_str()),
            "no item builds {}",
            competency.key
        );
    }
}
