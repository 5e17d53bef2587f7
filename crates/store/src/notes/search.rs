//! Listing and searching notes: pages of the list (or the trash) by filter, and full-text search over the FTS5
//! index with ranked, highlighted hits.

use crate::notes::records::row_to_summary;
use crate::notes::{
    NoteFilter, NoteList, SearchHit, SearchRequest, SearchResults, DEFAULT_HITS, DEFAULT_PAGE, MAX_PAGE,
    NOTE_COLUMNS, NOTE_JOINS,
};
use crate::{Store, StoreError};
use cairn_core::note::{search_query, snippet, tag_name};
use cairn_core::{Id, Result};
use rusqlite::params_from_iter;
use rusqlite::types::Value;

/// How many words of a note a search result shows around its first match.
pub(super) const SNIPPET_WORDS: usize = 24;

impl Store {
    /// A page of notes, most recently changed first.
    pub fn notes(&self, filter: &NoteFilter) -> Result<NoteList> {
        self.read(|conn| {
            let tag = match &filter.tag {
                Some(name) => Some(tag_name("tag", name)?),
                None => None,
            };
            self.check_filters(filter.milestone_key.as_deref(), tag.as_deref())?;
            let mut conditions = Conditions::default();
            conditions.push(
                if filter.trashed {
                    "n.deleted_at IS NOT NULL"
                } else {
                    "n.deleted_at IS NULL"
                },
                None,
            );
            conditions.about("n.id", filter.milestone_key.as_deref(), tag.as_deref());
            if let Some(id) = filter.item_id {
                conditions.push("n.item_id = ?", Some(Value::from(i64::from(id))));
            }
            if let Some(id) = filter.competency_id {
                conditions.push("n.competency_id = ?", Some(Value::from(i64::from(id))));
            }
            let limit = filter.limit.unwrap_or(DEFAULT_PAGE).clamp(1, MAX_PAGE);
            let order = if filter.trashed {
                "n.deleted_at DESC, n.id DESC"
            } else {
                "n.updated_at DESC, n.id DESC"
            };
            let sql = format!(
                "SELECT {NOTE_COLUMNS}, substr(n.body, 1, 400) FROM note n {NOTE_JOINS} WHERE {where_}
                 ORDER BY {order} LIMIT {limit} OFFSET {offset}",
                where_ = conditions.sql(),
                offset = filter.offset
            );
            let notes = conn
                .prepare_cached(&sql)?
                .query_map(params_from_iter(&conditions.values), |row| {
                    row_to_summary(conn, row)
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            let total = conn
                .prepare_cached(&format!("SELECT count(*) FROM note n WHERE {}", conditions.sql()))?
                .query_row(params_from_iter(&conditions.values), |row| row.get(0))?;
            Ok(NoteList { notes, total })
        })
    }

    /// Notes matching the words typed, best first, each with its best passage; trashed notes left out.
    ///
    /// Ranking looks at every match, so it selects only ids and scores; the summary and snippet (the costly
    /// part) are read for the page of best matches alone.
    pub fn search_notes(&self, request: &SearchRequest) -> Result<SearchResults> {
        self.read(|conn| {
            let tag = match &request.tag {
                Some(name) => Some(tag_name("tag", name)?),
                None => None,
            };
            self.check_filters(request.milestone_key.as_deref(), tag.as_deref())?;
            let Some(query) = search_query(&request.text) else {
                return Ok(SearchResults {
                    hits: vec![],
                    total: 0,
                });
            };
            let limit = request.limit.unwrap_or(DEFAULT_HITS).clamp(1, MAX_PAGE);
            // The query is ?1; filters follow. Matches are ranked first, in the index alone, then filtered, so a
            // filter never makes SQLite run the full-text query once per note it allows.
            let mut filters = Conditions {
                values: vec![Value::from(query.clone())],
                ..Conditions::default()
            };
            filters.about("hit.id", request.milestone_key.as_deref(), tag.as_deref());
            if let Some(id) = request.item_id {
                filters.push(
                    "hit.id IN (SELECT id FROM note WHERE item_id = ?)",
                    Some(Value::from(i64::from(id))),
                );
            }

            let filtered = match filters.clauses.is_empty() {
                true => String::new(),
                false => format!("WHERE {}", filters.sql()),
            };
            // Title words weigh most, then tags, then the body (bm25 column weights; lower is better). Trashed notes
            // have no index row, so nothing here needs to look at `note`.
            let best_sql = format!(
                "WITH hit AS MATERIALIZED (
                     SELECT rowid AS id, bm25(note_search, 10.0, 1.0, 4.0) AS score FROM note_search
                     WHERE note_search MATCH ?1)
                 SELECT id, count(*) OVER () FROM hit {filtered} ORDER BY score LIMIT {limit}"
            );
            let summary_sql = format!(
                "SELECT {NOTE_COLUMNS}, substr(n.body, 1, 400), n.body FROM note n {NOTE_JOINS} WHERE n.id = ?1"
            );
            // Each row carries the number of matches in all, counted in the same pass as the ranking.
            let best: Vec<(Id, u32)> = conn
                .prepare_cached(&best_sql)?
                .query_map(params_from_iter(&filters.values), |row| {
                    Ok((row.get(0)?, row.get(1)?))
                })?
                .collect::<rusqlite::Result<_>>()?;
            let total = best.first().map_or(0, |&(_, total)| total);
            let mut summary = conn.prepare_cached(&summary_sql)?;
            let mut hits = Vec::with_capacity(best.len());
            for (id, _) in best {
                let (note, body) = summary.query_row([id], |row| {
                    Ok((row_to_summary(conn, row)?, row.get::<_, String>(16)?))
                })?;
                hits.push(SearchHit {
                    note,
                    snippet: snippet(&body, &request.text, SNIPPET_WORDS),
                });
            }
            Ok(SearchResults { hits, total })
        })
    }

    /// A filter naming a milestone or tag that does not exist is a mistake worth saying, not an empty list.
    pub(super) fn check_filters(&self, milestone_key: Option<&str>, tag: Option<&str>) -> Result<()> {
        self.read(|conn| {
            let exists = |sql: &str, value: &str| -> rusqlite::Result<bool> {
                conn.prepare_cached(sql).and_then(|mut stmt| stmt.exists([value]))
            };
            if let Some(key) = milestone_key {
                if !exists("SELECT 1 FROM milestone WHERE key = ?1", key)? {
                    return Err(StoreError::field(
                        "milestoneKey",
                        format!("There is no milestone \"{key}\"."),
                    ));
                }
            }
            if let Some(name) = tag {
                if !exists("SELECT 1 FROM tag WHERE name = ?1", name)? {
                    return Err(StoreError::field("tag", format!("There is no tag \"{name}\".")));
                }
            }
            Ok(())
        })
    }
}

/// The `WHERE` clause of a list or search, with only the filters in use (so SQLite can use the indexes for
/// them), and its parameter values in order.
#[derive(Default)]
pub(super) struct Conditions {
    clauses: Vec<String>,
    values: Vec<Value>,
}

impl Conditions {
    fn push(&mut self, clause: impl Into<String>, value: Option<Value>) {
        self.clauses.push(clause.into());
        self.values.extend(value);
    }

    /// Notes (whose id is `id_column`) about a milestone (the milestone or one of its items) and with a tag.
    fn about(&mut self, id_column: &str, milestone_key: Option<&str>, tag: Option<&str>) {
        if let Some(key) = milestone_key {
            self.push(
                format!(
                    "{id_column} IN (SELECT id FROM note WHERE milestone_id = (SELECT id FROM milestone WHERE key = ?1)
                         OR item_id IN (SELECT c.id FROM checklist_item c JOIN milestone m ON m.id = c.milestone_id
                                        WHERE m.key = ?1))"
                ),
                Some(Value::from(key.to_owned())),
            );
        }
        if let Some(name) = tag {
            self.push(
                format!(
                    "{id_column} IN (SELECT nt.note_id FROM note_tag nt JOIN tag t ON t.id = nt.tag_id WHERE t.name = ?)"
                ),
                Some(Value::from(name.to_owned())),
            );
        }
    }

    /// The clauses joined with AND; every `?` (and the milestone clause's `?1`) numbered in order, after the
    /// values that were there before any clause (a search's query).
    fn sql(&self) -> String {
        let mut number = self.values.len() - self.clauses.iter().filter(|c| c.contains('?')).count();
        self.clauses
            .iter()
            .map(|clause| {
                if clause.contains('?') {
                    number += 1;
                }
                clause.replace("?1", "?").replace('?', &format!("?{number}"))
            })
            .collect::<Vec<_>>()
            .join(" AND ")
    }
}
