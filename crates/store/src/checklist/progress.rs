//! Reading the pathway: the dashboard's overview (progress, next items, what is due soon), a milestone's page
//! with its checklist, prompts, resources and sources, and the items done in order.

use crate::checklist::{
    row_to_item, sources_of, DoneItem, DueItem, ItemBrief, MilestoneDetail, MilestoneSummary,
    PathwayOverview, Progress, ReflectionPrompt, ResourceView, COUNTED, DUE_SOON_DAYS, ITEM_COLUMNS,
};
use crate::Store;
use cairn_core::Id;
use cairn_core::{Error, Result};
use jiff::civil::Date;

pub(super) fn milestone_summaries(
    conn: &rusqlite::Connection,
    only_key: Option<&str>,
) -> rusqlite::Result<Vec<MilestoneSummary>> {
    let sql = format!(
        "SELECT m.key, m.position, m.title, m.summary,
             (SELECT count(*) FROM checklist_item c WHERE c.milestone_id = m.id AND {COUNTED} AND c.done_at IS NOT NULL),
             (SELECT count(*) FROM checklist_item c WHERE c.milestone_id = m.id AND {COUNTED}),
             (SELECT c.id FROM checklist_item c WHERE c.milestone_id = m.id AND {COUNTED} AND c.done_at IS NULL
                  ORDER BY c.position, c.id LIMIT 1),
             (SELECT c.title FROM checklist_item c WHERE c.milestone_id = m.id AND {COUNTED} AND c.done_at IS NULL
                  ORDER BY c.position, c.id LIMIT 1),
             (SELECT c.activity FROM checklist_item c WHERE c.milestone_id = m.id AND {COUNTED} AND c.done_at IS NULL
                  ORDER BY c.position, c.id LIMIT 1)
         FROM milestone m
         WHERE m.retired_at IS NULL AND (?1 IS NULL OR m.key = ?1)
         ORDER BY m.position"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([only_key], |row| {
        let next_id: Option<Id> = row.get(6)?;
        let next_title: Option<String> = row.get(7)?;
        let activity: Option<String> = row.get(8)?;
        Ok(MilestoneSummary {
            key: row.get(0)?,
            position: row.get(1)?,
            title: row.get(2)?,
            summary: row.get(3)?,
            progress: Progress {
                done: row.get(4)?,
                total: row.get(5)?,
            },
            next_item: next_id
                .zip(next_title)
                .map(|(id, title)| ItemBrief { id, title, activity }),
        })
    })?;
    rows.collect()
}

impl Store {
    /// Every ticked item (outside the trash, not hidden), in the order they were ticked.
    pub fn items_done(&self) -> Result<Vec<DoneItem>> {
        self.read(|conn| Ok(conn
            .prepare_cached(
                "SELECT ci.done_at, m.title, ci.title FROM checklist_item ci JOIN milestone m ON m.id = ci.milestone_id
                 WHERE ci.done_at IS NOT NULL AND ci.deleted_at IS NULL AND ci.hidden_at IS NULL
                 ORDER BY ci.done_at, ci.id",
            )
            .and_then(|mut stmt| {
                stmt.query_map([], |row| {
                    Ok(DoneItem {
                        done_at: row.get(0)?,
                        milestone: row.get(1)?,
                        title: row.get(2)?,
                    })
                })?
                .collect()
            })?))
    }

    /// The dashboard's view of the pathway on `today` (the person's local date).
    pub fn pathway_overview(&self, today: Date) -> Result<PathwayOverview> {
        self.read(|conn| {
            let milestones = milestone_summaries(conn, None)?;
            let overall = milestones
                .iter()
                .fold(Progress { done: 0, total: 0 }, |sum, m| Progress {
                    done: sum.done + m.progress.done,
                    total: sum.total + m.progress.total,
                });
            let horizon = today
                .checked_add(jiff::Span::new().days(DUE_SOON_DAYS))
                .unwrap_or(today);
            let sql = format!(
                "SELECT c.id, c.title, m.key, m.title, c.due_on FROM checklist_item c
                 JOIN milestone m ON m.id = c.milestone_id
                 WHERE {COUNTED} AND c.done_at IS NULL AND c.due_on IS NOT NULL AND c.due_on <= ?1
                     AND m.retired_at IS NULL
                 ORDER BY c.due_on, m.position, c.position"
            );
            let mut stmt = conn.prepare_cached(&sql)?;
            let today_text = today.to_string();
            let due_soon = stmt
                .query_map([horizon.to_string()], |row| {
                    let due_on: String = row.get(4)?;
                    Ok(DueItem {
                        id: row.get(0)?,
                        title: row.get(1)?,
                        milestone_key: row.get(2)?,
                        milestone_title: row.get(3)?,
                        overdue: due_on < today_text,
                        due_on,
                    })
                })
                .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())?;
            Ok(PathwayOverview {
                overall,
                milestones,
                due_soon,
            })
        })
    }

    /// One milestone with its checklist, prompts and resources.
    pub fn milestone_detail(&self, key: &str) -> Result<MilestoneDetail> {
        self.read(|conn| {
            let milestone = milestone_summaries(conn, Some(key))?
                .into_iter()
                .next()
                .ok_or_else(|| Error::NotFound {
                    what: format!("The milestone \"{key}\""),
                })?;
            let (milestone_id, done_looks_like, sources_json): (i64, String, String) = conn.query_row(
                "SELECT id, done_looks_like, sources FROM milestone WHERE key = ?1",
                [key],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
            )?;
            let sql = format!(
                "SELECT {ITEM_COLUMNS} FROM checklist_item c JOIN milestone m ON m.id = c.milestone_id
                 WHERE c.milestone_id = ?1 AND c.deleted_at IS NULL ORDER BY c.position, c.id"
            );
            let items = conn.prepare_cached(&sql).and_then(|mut stmt| {
                stmt.query_map([milestone_id], |row| row_to_item(conn, row))?
                    .collect()
            })?;
            let prompts = conn
                .prepare_cached(
                    "SELECT id, text FROM reflection_prompt WHERE milestone_id = ?1 AND retired_at IS NULL ORDER BY position",
                )
                .and_then(|mut stmt| {
                    stmt.query_map([milestone_id], |row| Ok(ReflectionPrompt { id: row.get(0)?, text: row.get(1)? }))?
                        .collect()
                })?;
            let resources = conn
                .prepare_cached(
                    "SELECT r.key, r.kind, r.title, r.purpose, r.sources FROM resource r
                     WHERE EXISTS (SELECT 1 FROM json_each(r.milestones) WHERE value = ?1) ORDER BY r.position",
                )
                .and_then(|mut stmt| {
                    stmt.query_map([key], |row| {
                        let sources_json: String = row.get(4)?;
                        Ok(ResourceView {
                            key: row.get(0)?,
                            kind: row.get(1)?,
                            title: row.get(2)?,
                            purpose: row.get(3)?,
                            sources: sources_of(conn, &sources_json)?,
                        })
                    })?
                    .collect()
                })?;
            let sources = sources_of(conn, &sources_json)?;
            Ok(MilestoneDetail {
                milestone,
                done_looks_like,
                sources,
                items,
                prompts,
                resources,
            })
        })
    }
}
