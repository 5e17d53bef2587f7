//! Tags: created once by name, counted without the trash, and the links between notes and tags.

use crate::notes::TagUse;
use crate::{Store, StoreError};
use cairn_core::note::tag_name;
use cairn_core::time::instant_text;
use cairn_core::Id;
use cairn_core::Result;
use jiff::Timestamp;
use rusqlite::{params, Connection, OptionalExtension, Transaction};

pub(super) fn tags_of(conn: &Connection, note_id: Id) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT t.name FROM note_tag nt JOIN tag t ON t.id = nt.tag_id WHERE nt.note_id = ?1
         ORDER BY t.name COLLATE NOCASE",
    )?;
    let rows = stmt.query_map([note_id], |row| row.get(0))?;
    rows.collect()
}

/// The ids of `names`, which must all exist already; an unknown name is refused at `tags`.
pub(super) fn tag_ids(tx: &Transaction<'_>, names: &[String]) -> Result<Vec<i64>, StoreError> {
    let mut stmt = tx.prepare_cached("SELECT id FROM tag WHERE name = ?1")?;
    names
        .iter()
        .map(|name| {
            stmt.query_row([name], |row| row.get(0))
                .optional()?
                .ok_or_else(|| {
                    StoreError::field("tags", format!("There is no tag \"{name}\"; create it first."))
                })
        })
        .collect()
}

impl Store {
    /// Every tag with how many notes (not in the trash) carry it, by name.
    pub fn tags(&self) -> Result<Vec<TagUse>> {
        self.read(|conn| {
            Ok(conn
                .prepare_cached(
                    // The notes not in the trash come from an index in one pass, and each one's tags by the
                    // key: reading `deleted_at` from each tagged note's own row walked the long note rows and
                    // took a third longer on ten years of notes.
                    "SELECT t.name, coalesce(used.notes, 0)
                     FROM tag t
                     LEFT JOIN (SELECT tag_id, count(*) AS notes FROM note_tag
                                WHERE note_id IN (SELECT id FROM note WHERE deleted_at IS NULL)
                                GROUP BY tag_id) used ON used.tag_id = t.id
                     ORDER BY t.name COLLATE NOCASE",
                )
                .and_then(|mut stmt| {
                    stmt.query_map([], |row| {
                        Ok(TagUse {
                            name: row.get(0)?,
                            notes: row.get(1)?,
                        })
                    })?
                    .collect()
                })?)
        })
    }

    /// Creates a tag (or returns the existing one with that name, in any case).
    pub fn create_tag(&mut self, name: &str, now: Timestamp) -> Result<TagUse> {
        let name = tag_name("name", name)?;
        let now = instant_text(now);
        let stored: String = self.transact(|tx| {
            tx.execute(
                "INSERT INTO tag (id, name, created_at) VALUES (cairn_keyed_id('tag', ?1), ?1, ?2) ON CONFLICT (name) DO NOTHING",
                params![name, now],
            )?;
            Ok(tx.query_row("SELECT name FROM tag WHERE name = ?1", [&name], |row| row.get(0))?)
        })?;
        Ok(self
            .tags()?
            .into_iter()
            .find(|tag| tag.name == stored)
            .unwrap_or(TagUse {
                name: stored,
                notes: 0,
            }))
    }
}

pub(super) fn set_tags(tx: &Transaction<'_>, note_id: Id, tag_ids: &[i64]) -> rusqlite::Result<()> {
    let ids_json = format!(
        "[{}]",
        tag_ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
    );
    tx.execute(
        "DELETE FROM note_tag WHERE note_id = ?1 AND tag_id NOT IN (SELECT value FROM json_each(?2))",
        params![note_id, ids_json],
    )?;
    let mut insert =
        tx.prepare_cached("INSERT INTO note_tag (note_id, tag_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING")?;
    for tag_id in tag_ids {
        insert.execute(params![note_id, tag_id])?;
    }
    Ok(())
}
