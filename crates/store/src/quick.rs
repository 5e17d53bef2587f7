//! The quick switcher's search (Ctrl+K): whatever the person types, the milestones, checklist items, notes (by
//! title, through the full-text index), competencies, portfolio pieces, contacts and organisations it names,
//! each with the page that opens it. The window adds its own pages.

use crate::Store;
use cairn_core::note::search_query;
pub use cairn_core::quick::QuickKind;
use cairn_core::Result;
use rusqlite::params;
use serde::Serialize;

/// At most this many hits of each kind, so one kind with hundreds of matches cannot hide the others.
pub const PER_KIND: u32 = 5;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct QuickHit {
    pub kind: QuickKind,
    pub title: String,
    /// Where it belongs (an item's milestone, a contact's organisation…), or empty.
    pub detail: String,
    /// The window's address that opens it (`#/notes/12`).
    pub target: String,
}

/// Characters LIKE treats as patterns, escaped so "50%" finds "50%" and nothing else.
fn like_pattern(text: &str) -> String {
    let escaped = text.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
    format!("%{escaped}%")
}

impl Store {
    /// Everything whose name contains `text` (any case), by kind in the switcher's order, then by name; notes
    /// whose title has the words typed (the last one as a prefix), best match first.
    pub fn quick_find(&self, text: &str) -> Result<Vec<QuickHit>> {
        let typed = text.trim();
        if typed.is_empty() {
            return Ok(Vec::new());
        }
        let pattern = like_pattern(typed);
        // (kind, SQL returning title, detail, target): the name is matched by LIKE ... ESCAPE, which ignores
        // ASCII case; ?2 is the limit.
        let named: [(QuickKind, &str); 6] = [
            (
                QuickKind::Milestone,
                "SELECT title, '', '#/milestones/' || key FROM milestone
                 WHERE retired_at IS NULL AND title LIKE ?1 ESCAPE '\\' ORDER BY position LIMIT ?2",
            ),
            (
                QuickKind::Item,
                "SELECT i.title, m.title, '#/milestones/' || m.key FROM checklist_item i
                 JOIN milestone m ON m.id = i.milestone_id
                 WHERE i.deleted_at IS NULL AND i.retired_at IS NULL AND i.hidden_at IS NULL
                   AND i.title LIKE ?1 ESCAPE '\\' ORDER BY m.position, i.position LIMIT ?2",
            ),
            (
                QuickKind::Competency,
                "SELECT name, '', '#/competencies/' || id FROM competency
                 WHERE retired_at IS NULL AND name LIKE ?1 ESCAPE '\\' ORDER BY position LIMIT ?2",
            ),
            (
                QuickKind::Piece,
                "SELECT title, '', '#/portfolio/' || id FROM portfolio_piece
                 WHERE deleted_at IS NULL AND title LIKE ?1 ESCAPE '\\' ORDER BY title COLLATE NOCASE LIMIT ?2",
            ),
            (
                QuickKind::Contact,
                "SELECT name, organisation, '#/network/' || id FROM contact
                 WHERE deleted_at IS NULL AND (name LIKE ?1 ESCAPE '\\' OR organisation LIKE ?1 ESCAPE '\\')
                 ORDER BY name COLLATE NOCASE LIMIT ?2",
            ),
            (
                QuickKind::Organisation,
                "SELECT name, stage, '#/network' FROM organisation
                 WHERE deleted_at IS NULL AND name LIKE ?1 ESCAPE '\\' ORDER BY name COLLATE NOCASE LIMIT ?2",
            ),
        ];
        self.read(|conn| {
            let mut hits = Vec::new();
            for (kind, sql) in named {
                let mut stmt = conn.prepare_cached(sql)?;
                let rows = stmt.query_map(params![pattern, PER_KIND], |row| {
                    Ok(QuickHit {
                        kind,
                        title: row.get(0)?,
                        detail: row.get(1)?,
                        target: row.get(2)?,
                    })
                })?;
                for hit in rows {
                    let mut hit = hit?;
                    if kind == QuickKind::Organisation {
                        // The stage as the window words it.
                        hit.detail = cairn_core::pipeline::PipelineStage::parse(&hit.detail)
                            .map_or(hit.detail, |stage| stage.label().to_owned());
                    }
                    hits.push(hit);
                }
                if kind == QuickKind::Item {
                    // Notes come after the checklist, before the competencies.
                    hits.extend(notes_titled(conn, typed)?);
                }
            }
            Ok(hits)
        })
    }
}

/// Notes whose title holds the words typed, best first, from the full-text index (trashed notes have no row).
fn notes_titled(conn: &rusqlite::Connection, typed: &str) -> rusqlite::Result<Vec<QuickHit>> {
    let Some(query) = search_query(typed) else {
        return Ok(Vec::new());
    };
    conn.prepare_cached(
        "SELECT n.title, coalesce(m.title, ''), '#/notes/' || n.id
         FROM (SELECT rowid AS id, rank FROM note_search WHERE note_search MATCH ?1 ORDER BY rank LIMIT ?2) hit
         JOIN note n ON n.id = hit.id LEFT JOIN milestone m ON m.id = n.milestone_id
         ORDER BY hit.rank",
    )?
    .query_map(params![format!("title : ({query})"), PER_KIND], |row| {
        Ok(QuickHit {
            kind: QuickKind::Note,
            title: row.get(0)?,
            detail: row.get(1)?,
            target: row.get(2)?,
        })
    })?
    .collect()
}
