//! Records as flat tables, one per kind, for the CSV export and the progress report: what a spreadsheet or a
//! report needs, in people's words (titles and labels, not ids), leaving out the trash. A date range
//! narrows the kinds that have a date.

use crate::Store;
use cairn_core::Result;
use jiff::civil::Date;
use rusqlite::types::ValueRef;

/// The kinds of record the CSV export writes, each as `<name>.csv`.
pub const RECORD_KINDS: &[RecordKind] = &[
    RecordKind::ChecklistItems,
    RecordKind::Notes,
    RecordKind::Ratings,
    RecordKind::StudySessions,
    RecordKind::PortfolioPieces,
    RecordKind::Contacts,
    RecordKind::Interactions,
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordKind {
    ChecklistItems,
    Notes,
    Ratings,
    StudySessions,
    PortfolioPieces,
    Contacts,
    Interactions,
}

impl RecordKind {
    pub fn file_stem(self) -> &'static str {
        match self {
            RecordKind::ChecklistItems => "checklist-items",
            RecordKind::Notes => "notes",
            RecordKind::Ratings => "competency-ratings",
            RecordKind::StudySessions => "study-sessions",
            RecordKind::PortfolioPieces => "portfolio-pieces",
            RecordKind::Contacts => "contacts",
            RecordKind::Interactions => "interactions",
        }
    }

    /// The query: `?1`/`?2` are the period's first and last day (`NULL` for open ends); a kind without a date
    /// takes none. With a period, checklist items are those ticked in it (by the UTC day of the tick).
    fn sql(self) -> &'static str {
        match self {
            RecordKind::ChecklistItems => {
                "SELECT m.title AS milestone, ci.title AS item, ci.details AS details,
                        CASE WHEN ci.key IS NULL THEN 'own' ELSE 'built-in' END AS origin,
                        ci.due_on AS due_on, ci.done_at AS done_at,
                        CASE WHEN ci.hidden_at IS NULL THEN '' ELSE 'hidden' END AS hidden
                 FROM checklist_item ci JOIN milestone m ON m.id = ci.milestone_id
                 WHERE ci.deleted_at IS NULL AND ci.retired_at IS NULL
                   AND ((?1 IS NULL AND ?2 IS NULL) OR (ci.done_at IS NOT NULL
                        AND (?1 IS NULL OR substr(ci.done_at, 1, 10) >= ?1) AND (?2 IS NULL OR substr(ci.done_at, 1, 10) <= ?2)))
                 ORDER BY m.position, ci.position, ci.id"
            }
            RecordKind::Notes => {
                "SELECT n.id AS id, n.title AS title, n.created_at AS created_at, n.updated_at AS updated_at,
                        m.title AS milestone, c.name AS competency, ci.title AS checklist_item,
                        (SELECT group_concat(t.name, ', ') FROM note_tag nt JOIN tag t ON t.id = nt.tag_id
                          WHERE nt.note_id = n.id) AS tags,
                        n.body AS body
                 FROM note n LEFT JOIN milestone m ON m.id = n.milestone_id
                   LEFT JOIN competency c ON c.id = n.competency_id LEFT JOIN checklist_item ci ON ci.id = n.item_id
                 WHERE n.deleted_at IS NULL
                   AND (?1 IS NULL OR substr(n.created_at, 1, 10) >= ?1) AND (?2 IS NULL OR substr(n.created_at, 1, 10) <= ?2)
                 ORDER BY n.created_at, n.id"
            }
            RecordKind::Ratings => {
                "SELECT a.taken_on AS taken_on, c.name AS competency, r.level AS level,
                        coalesce(c.target_level, c.suggested_level) AS target, r.evidence AS evidence
                 FROM rating r JOIN assessment a ON a.id = r.assessment_id JOIN competency c ON c.id = r.competency_id
                 WHERE a.deleted_at IS NULL AND (?1 IS NULL OR a.taken_on >= ?1) AND (?2 IS NULL OR a.taken_on <= ?2)
                 ORDER BY a.taken_on, a.id, c.position"
            }
            RecordKind::StudySessions => {
                "SELECT s.started_on AS day, s.started_at AS started_at, round(s.seconds / 60.0, 1) AS minutes,
                        s.activity AS activity, m.title AS milestone, c.name AS competency, s.note AS note,
                        s.source AS source
                 FROM study_session s LEFT JOIN milestone m ON m.id = s.milestone_id
                   LEFT JOIN competency c ON c.id = s.competency_id
                 WHERE s.deleted_at IS NULL AND (?1 IS NULL OR s.started_on >= ?1) AND (?2 IS NULL OR s.started_on <= ?2)
                 ORDER BY s.started_on, s.started_at, s.id"
            }
            RecordKind::PortfolioPieces => {
                "SELECT p.title AS title, p.deliverable AS deliverable, p.status AS status, p.started_on AS started_on,
                        p.finished_on AS finished_on,
                        (SELECT group_concat(c.name, ', ') FROM piece_competency pc JOIN competency c ON c.id = pc.competency_id
                          WHERE pc.piece_id = p.id) AS competencies,
                        (SELECT group_concat(pa.name, ', ') FROM piece_attachment pa
                          WHERE pa.piece_id = p.id AND pa.deleted_at IS NULL) AS files,
                        p.notes AS notes
                 FROM portfolio_piece p
                 WHERE p.deleted_at IS NULL
                   AND (?1 IS NULL OR p.finished_on IS NULL OR p.finished_on >= ?1)
                   AND (?2 IS NULL OR p.started_on IS NULL OR p.started_on <= ?2)
                 ORDER BY coalesce(p.started_on, p.finished_on), p.id"
            }
            RecordKind::Contacts => {
                "SELECT name, role, organisation, organisation_kind, where_met,
                        (SELECT group_concat(value, ' ') FROM json_each(contact.links)) AS links, notes
                 FROM contact WHERE deleted_at IS NULL
                 ORDER BY name COLLATE NOCASE, id"
            }
            RecordKind::Interactions => {
                "SELECT i.happened_on AS happened_on, c.name AS contact, c.organisation AS organisation,
                        i.channel AS channel, i.summary AS summary, i.follow_up_on AS follow_up_on,
                        CASE WHEN i.follow_up_done_at IS NULL THEN '' ELSE 'done' END AS follow_up_done
                 FROM interaction i JOIN contact c ON c.id = i.contact_id
                 WHERE i.deleted_at IS NULL AND c.deleted_at IS NULL
                   AND (?1 IS NULL OR i.happened_on >= ?1) AND (?2 IS NULL OR i.happened_on <= ?2)
                 ORDER BY i.happened_on, i.id"
            }
        }
    }
}

/// One kind of record as a table of text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordTable {
    pub kind: RecordKind,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl Store {
    /// The records of `kind`, within `from`..=`to` where the kind has a date (contacts have none).
    pub fn record_table(
        &self,
        kind: RecordKind,
        from: Option<Date>,
        to: Option<Date>,
    ) -> Result<RecordTable> {
        self.read(|conn| {
            let mut stmt = conn.prepare_cached(kind.sql())?;
            let headers: Vec<String> = stmt.column_names().map(str::to_owned).collect();
            let columns = headers.len();
            let range = (from.map(|d| d.to_string()), to.map(|d| d.to_string()));
            let mut rows = if stmt.parameter_count() == 0 {
                stmt.query([])
            } else {
                stmt.query(range)
            }?;
            let mut out = Vec::new();
            while let Some(row) = rows.next()? {
                let mut cells = Vec::with_capacity(columns);
                for i in 0..columns {
                    cells.push(match row.get_ref(i)? {
                        ValueRef::Null => String::new(),
                        ValueRef::Integer(n) => n.to_string(),
                        ValueRef::Real(x) => format!("{x}"),
                        ValueRef::Text(t) | ValueRef::Blob(t) => String::from_utf8_lossy(t).into_owned(),
                    });
                }
                out.push(cells);
            }
            Ok(RecordTable {
                kind,
                headers,
                rows: out,
            })
        })
    }
}
