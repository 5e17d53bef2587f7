//! Writing a pack into the store, by key, without touching what the person made their own.
//!
//! Rules, per entry the pack has:
//! - new key: inserted (checklist items go to the end of their milestone);
//! - known key: the pack's text is refreshed; the shown text follows it only while the person has not edited it;
//!   ticks, due dates, hidden flags and positions are never changed; a retired entry comes back;
//! - key gone from the pack: a checklist item the person never touched is removed, a touched one is kept and
//!   marked retired; milestones, prompts and competencies are marked retired (notes and ratings may point at
//!   them); resources are removed (nothing of the person's points at them).
//!
//! Every statement only writes when something differs, so syncing the same pack twice changes nothing.

use crate::Store;
use cairn_core::time::instant_text;
use cairn_core::{Error, Result};
use cairn_pathway::pack::{Pack, LEVELS};
use jiff::Timestamp;
use rusqlite::{params, OptionalExtension, Transaction};
use std::collections::BTreeSet;

/// What a sync did, for logs and tests.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct SyncReport {
    /// False when the store already had this pack version and nothing was done.
    pub ran: bool,
    /// Rows the sync inserted, updated or deleted.
    pub changes: u64,
}

impl Store {
    /// Opens the store in `data_dir` and brings the built-in pathway up to date: what the window does at start.
    pub fn open_with_pathway(data_dir: &std::path::Path, now: Timestamp) -> Result<Store> {
        let mut store = Store::open(data_dir)?;
        store.sync_builtin_pathway(now)?;
        Ok(store)
    }

    /// Syncs the built-in pack if the store has an older version of it (or none). Cheap when up to date: one
    /// query, and the pack is not even parsed.
    pub fn sync_builtin_pathway(&mut self, now: Timestamp) -> Result<SyncReport> {
        let stored: Option<u32> = self.read(|conn| {
            Ok(conn
                .query_row(
                    "SELECT version FROM pathway_pack WHERE key = ?1",
                    [cairn_pathway::CME_WRITER_KEY],
                    |row| row.get(0),
                )
                .optional()?)
        })?;
        if stored.is_some_and(|version| version >= cairn_pathway::CME_WRITER_VERSION) {
            return Ok(SyncReport::default());
        }
        let pack = cairn_pathway::builtin().map_err(|problems| {
            Error::Database(format!("the built-in pathway is invalid: {}", problems[0]))
        })?;
        self.sync_pathway(&pack, now)
    }

    /// Writes `pack` into the store in one transaction (see the module docs for the rules).
    pub fn sync_pathway(&mut self, pack: &Pack, now: Timestamp) -> Result<SyncReport> {
        let now = instant_text(now);
        self.transact_unrecorded(|tx| {
            let before = tx.total_changes();
            write_pack(tx, pack, &now)
                .map_err(|e| Error::Database(format!("syncing the pathway failed: {e}")))?;
            Ok(SyncReport {
                ran: true,
                changes: tx.total_changes() - before,
            })
        })
    }
}

fn json_list(values: &[String]) -> String {
    serde_json::to_string(values).unwrap_or_else(|_| "[]".to_owned())
}

fn write_pack(tx: &Transaction<'_>, pack: &Pack, now: &str) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT INTO pathway_pack (key, version, title, synced_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (key) DO UPDATE SET version = excluded.version, title = excluded.title,
             synced_at = excluded.synced_at
         WHERE version IS NOT excluded.version OR title IS NOT excluded.title",
        params![pack.pack.key, pack.pack.version, pack.pack.title, now],
    )?;

    for source in &pack.sources {
        tx.execute(
            "INSERT INTO source (key, title, url) VALUES (?1, ?2, ?3)
             ON CONFLICT (key) DO UPDATE SET title = excluded.title, url = excluded.url
             WHERE title IS NOT excluded.title OR url IS NOT excluded.url",
            params![source.key, source.title, source.url],
        )?;
    }

    for (index, milestone) in pack.milestones.iter().enumerate() {
        tx.execute(
            "INSERT INTO milestone (id, key, position, title, summary, done_looks_like, sources)
             VALUES (cairn_keyed_id('milestone', ?1), ?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (key) DO UPDATE SET position = excluded.position, title = excluded.title,
                 summary = excluded.summary, done_looks_like = excluded.done_looks_like,
                 sources = excluded.sources, retired_at = NULL
             WHERE position IS NOT excluded.position OR title IS NOT excluded.title
                 OR summary IS NOT excluded.summary OR done_looks_like IS NOT excluded.done_looks_like
                 OR sources IS NOT excluded.sources OR retired_at IS NOT NULL",
            params![
                milestone.key,
                index as i64 + 1,
                milestone.title,
                milestone.summary.trim(),
                milestone.done_looks_like.trim(),
                json_list(&milestone.sources)
            ],
        )?;
        let milestone_id: i64 = tx.query_row(
            "SELECT id FROM milestone WHERE key = ?1",
            [&milestone.key],
            |row| row.get(0),
        )?;
        for item in &milestone.items {
            write_item(tx, milestone_id, item, now)?;
        }
        for (position, prompt) in milestone.prompts.iter().enumerate() {
            tx.execute(
                "INSERT INTO reflection_prompt (id, milestone_id, key, text, position)
                 VALUES (cairn_keyed_id('reflection_prompt', ?2), ?1, ?2, ?3, ?4)
                 ON CONFLICT (key) DO UPDATE SET milestone_id = excluded.milestone_id, text = excluded.text,
                     position = excluded.position, retired_at = NULL
                 WHERE milestone_id IS NOT excluded.milestone_id OR text IS NOT excluded.text
                     OR position IS NOT excluded.position OR retired_at IS NOT NULL",
                params![milestone_id, prompt.key, prompt.text, position as i64 + 1],
            )?;
        }
    }

    for (index, competency) in pack.competencies.iter().enumerate() {
        write_competency(tx, index, competency, now)?;
    }

    for (index, resource) in pack.resources.iter().enumerate() {
        tx.execute(
            "INSERT INTO resource (id, key, kind, title, purpose, milestones, sources, position)
             VALUES (cairn_keyed_id('resource', ?1), ?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT (key) DO UPDATE SET kind = excluded.kind, title = excluded.title,
                 purpose = excluded.purpose, milestones = excluded.milestones, sources = excluded.sources,
                 position = excluded.position
             WHERE kind IS NOT excluded.kind OR title IS NOT excluded.title OR purpose IS NOT excluded.purpose
                 OR milestones IS NOT excluded.milestones OR sources IS NOT excluded.sources
                 OR position IS NOT excluded.position",
            params![
                resource.key,
                resource.kind.as_str(),
                resource.title,
                resource.purpose,
                json_list(&resource.milestones),
                json_list(&resource.sources),
                index as i64 + 1
            ],
        )?;
    }

    retire_what_the_pack_dropped(tx, pack, now)
}

fn write_item(
    tx: &Transaction<'_>,
    milestone_id: i64,
    item: &cairn_pathway::pack::Item,
    now: &str,
) -> rusqlite::Result<()> {
    let details = item.shown_details();
    let sources = json_list(&item.sources);
    let exists: Option<i64> = tx
        .query_row(
            "SELECT id FROM checklist_item WHERE key = ?1",
            [&item.key],
            |row| row.get(0),
        )
        .optional()?;
    if exists.is_none() {
        tx.execute(
            "INSERT INTO checklist_item (id, milestone_id, key, title, details, pack_title, pack_details, activity,
                 effort_minutes, sources, position, created_at, updated_at, competency_key)
             VALUES (cairn_keyed_id('checklist_item', ?2), ?1, ?2, ?3, ?4, ?3, ?4, ?5, ?6, ?7,
                 (SELECT coalesce(max(position), 0) + 1 FROM checklist_item WHERE milestone_id = ?1), ?8, ?8, ?9)",
            params![
                milestone_id,
                item.key,
                item.title,
                details,
                item.activity.as_str(),
                item.effort_minutes,
                sources,
                now,
                item.competency
            ],
        )?;
        return Ok(());
    }
    // The shown text follows the pack only where the person has not changed it; an untouched item may also
    // move to the milestone the pack now puts it in.
    tx.execute(
        "UPDATE checklist_item SET
             title = CASE WHEN title IS pack_title THEN ?2 ELSE title END,
             details = CASE WHEN details IS pack_details THEN ?3 ELSE details END,
             pack_title = ?2, pack_details = ?3, activity = ?4, effort_minutes = ?5, sources = ?6,
             milestone_id = CASE WHEN touched_at IS NULL THEN ?7 ELSE milestone_id END,
             retired_at = NULL, updated_at = ?8, competency_key = ?9
         WHERE key = ?1 AND (pack_title IS NOT ?2 OR pack_details IS NOT ?3 OR activity IS NOT ?4
             OR effort_minutes IS NOT ?5 OR sources IS NOT ?6 OR retired_at IS NOT NULL
             OR (touched_at IS NULL AND milestone_id IS NOT ?7) OR competency_key IS NOT ?9)",
        params![
            item.key,
            item.title,
            details,
            item.activity.as_str(),
            item.effort_minutes,
            sources,
            milestone_id,
            now,
            item.competency
        ],
    )?;
    Ok(())
}

fn write_competency(
    tx: &Transaction<'_>,
    index: usize,
    competency: &cairn_pathway::pack::Competency,
    now: &str,
) -> rusqlite::Result<()> {
    let milestones = json_list(&competency.milestones);
    let sources = json_list(&competency.sources);
    tx.execute(
        "INSERT INTO competency (id, key, name, description, pack_name, pack_description, suggested_level,
             milestones, sources, position, created_at, updated_at)
         VALUES (cairn_keyed_id('competency', ?1), ?1, ?2, ?3, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)
         ON CONFLICT (key) DO UPDATE SET
             name = CASE WHEN name IS pack_name THEN excluded.name ELSE name END,
             description = CASE WHEN description IS pack_description THEN excluded.description ELSE description END,
             pack_name = excluded.pack_name, pack_description = excluded.pack_description,
             suggested_level = excluded.suggested_level, milestones = excluded.milestones,
             sources = excluded.sources, retired_at = NULL, updated_at = excluded.updated_at
         WHERE pack_name IS NOT excluded.pack_name OR pack_description IS NOT excluded.pack_description
             OR suggested_level IS NOT excluded.suggested_level OR milestones IS NOT excluded.milestones
             OR sources IS NOT excluded.sources OR retired_at IS NOT NULL",
        params![
            competency.key,
            competency.name,
            competency.description,
            competency.target_level,
            milestones,
            sources,
            index as i64 + 1,
            now
        ],
    )?;
    let competency_id: i64 = tx.query_row(
        "SELECT id FROM competency WHERE key = ?1",
        [&competency.key],
        |row| row.get(0),
    )?;
    for (index, anchor) in competency.anchors.iter().take(LEVELS).enumerate() {
        tx.execute(
            "INSERT INTO competency_level (competency_id, level, anchor, pack_anchor) VALUES (?1, ?2, ?3, ?3)
             ON CONFLICT (competency_id, level) DO UPDATE SET
                 anchor = CASE WHEN anchor IS pack_anchor THEN excluded.anchor ELSE anchor END,
                 pack_anchor = excluded.pack_anchor
             WHERE pack_anchor IS NOT excluded.pack_anchor",
            params![competency_id, index as i64 + 1, anchor],
        )?;
    }
    Ok(())
}

/// Entries whose keys the pack no longer has: see the module docs for what happens to each kind.
fn retire_what_the_pack_dropped(tx: &Transaction<'_>, pack: &Pack, now: &str) -> rusqlite::Result<()> {
    let keys = |list: Vec<&String>| json_list(&list.into_iter().cloned().collect::<Vec<_>>());
    let milestones = keys(pack.milestones.iter().map(|m| &m.key).collect());
    let items = keys(
        pack.milestones
            .iter()
            .flat_map(|m| m.items.iter().map(|i| &i.key))
            .collect(),
    );
    let prompts = keys(
        pack.milestones
            .iter()
            .flat_map(|m| m.prompts.iter().map(|p| &p.key))
            .collect(),
    );
    let competencies = keys(pack.competencies.iter().map(|c| &c.key).collect());
    let resources = keys(pack.resources.iter().map(|r| &r.key).collect());
    let cited: BTreeSet<&String> = pack.sources.iter().map(|s| &s.key).collect();
    let sources = keys(cited.into_iter().collect());

    let dropped = "key NOT IN (SELECT value FROM json_each(?1))";
    tx.execute(
        &format!(
            "DELETE FROM checklist_item WHERE key IS NOT NULL AND {dropped} AND touched_at IS NULL
                 AND done_at IS NULL AND hidden_at IS NULL AND due_on IS NULL
                 AND NOT EXISTS (SELECT 1 FROM note WHERE note.item_id = checklist_item.id)"
        ),
        [&items],
    )?;
    tx.execute(
        &format!("UPDATE checklist_item SET retired_at = ?2 WHERE key IS NOT NULL AND {dropped} AND retired_at IS NULL"),
        params![items, now],
    )?;
    tx.execute(
        &format!("UPDATE milestone SET retired_at = ?2 WHERE {dropped} AND retired_at IS NULL"),
        params![milestones, now],
    )?;
    tx.execute(
        &format!("UPDATE reflection_prompt SET retired_at = ?2 WHERE {dropped} AND retired_at IS NULL"),
        params![prompts, now],
    )?;
    tx.execute(
        &format!("UPDATE competency SET retired_at = ?2 WHERE key IS NOT NULL AND {dropped} AND retired_at IS NULL"),
        params![competencies, now],
    )?;
    tx.execute(&format!("DELETE FROM resource WHERE {dropped}"), [&resources])?;
    tx.execute(&format!("DELETE FROM source WHERE {dropped}"), [&sources])?;
    Ok(())
}
