//! Portfolio pieces: the overview with evidence coverage, each piece with its competencies and files, and
//! adding, changing, removing (with undo) and purging the trash.

use crate::attachments::looks_like_stored_name;
use crate::dashboard::PortfolioSummary;
use crate::portfolio::files::piece_attachments;
use crate::portfolio::{CompetencyEvidence, CompetencyRef, Piece, Portfolio, StatusCount, TRASH_DAYS};
use crate::{Store, StoreError};
use cairn_core::portfolio::{PieceInput, PieceStatus, ValidPiece};
use cairn_core::time::instant_text;
use cairn_core::Id;
use cairn_core::{Error, Result};
use jiff::civil::Date;
use jiff::{SignedDuration, Timestamp};
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};

pub(super) const PIECE_COLUMNS: &str =
    "id, title, deliverable, status, started_on, finished_on, notes, updated_at, deleted_at IS NOT NULL, confidential";

pub(super) fn row_to_piece(row: &Row<'_>) -> rusqlite::Result<Piece> {
    Ok(Piece {
        id: row.get(0)?,
        title: row.get(1)?,
        deliverable: row.get(2)?,
        status: row.get(3)?,
        started_on: row.get(4)?,
        finished_on: row.get(5)?,
        notes: row.get(6)?,
        updated_at: row.get(7)?,
        deleted: row.get(8)?,
        confidential: row.get(9)?,
        competencies: Vec::new(),
        attachments: Vec::new(),
    })
}

pub(super) fn piece_competencies(conn: &Connection, id: Id) -> rusqlite::Result<Vec<CompetencyRef>> {
    conn.prepare_cached(
        "SELECT c.id, c.name FROM piece_competency pc JOIN competency c ON c.id = pc.competency_id
         WHERE pc.piece_id = ?1 ORDER BY c.position, c.id",
    )?
    .query_map([id], |row| {
        Ok(CompetencyRef {
            id: row.get(0)?,
            name: row.get(1)?,
        })
    })?
    .collect()
}

/// The pieces not in the trash, most recently changed first (`limit` of them, or all), with their links and
/// without their notes (a list does not show them).
fn newest_pieces(conn: &Connection, limit: Option<usize>) -> rusqlite::Result<Vec<Piece>> {
    let sql = format!(
        "SELECT {PIECE_COLUMNS} FROM portfolio_piece WHERE deleted_at IS NULL
         ORDER BY updated_at DESC, id DESC LIMIT ?1"
    );
    // SQLite reads a negative limit as none.
    let limit = limit.map_or(-1, |limit| limit as i64);
    conn.prepare_cached(&sql)?
        .query_map([limit], row_to_piece)?
        .collect::<rusqlite::Result<Vec<_>>>()?
        .into_iter()
        .map(|mut piece| {
            piece.notes.clear();
            with_links(conn, piece)
        })
        .collect()
}

/// Each competency shown (not retired, not hidden) with the pieces that evidence it, in the competencies' order.
fn competency_evidence(conn: &Connection) -> rusqlite::Result<Vec<CompetencyEvidence>> {
    conn.prepare_cached(
        "SELECT c.id, c.name,
            count(p.id),
            count(CASE WHEN p.status IN ('done', 'published') THEN 1 END)
         FROM competency c
         LEFT JOIN piece_competency pc ON pc.competency_id = c.id
         LEFT JOIN portfolio_piece p ON p.id = pc.piece_id AND p.deleted_at IS NULL
         WHERE c.retired_at IS NULL AND c.hidden_at IS NULL
         GROUP BY c.id ORDER BY c.position, c.id",
    )?
    .query_map([], |row| {
        Ok(CompetencyEvidence {
            id: row.get(0)?,
            name: row.get(1)?,
            pieces: row.get(2)?,
            finished: row.get(3)?,
        })
    })?
    .collect()
}

/// How many competencies have at least one piece.
fn covered(evidence: &[CompetencyEvidence]) -> u32 {
    evidence.iter().filter(|e| e.pieces > 0).count() as u32
}

pub(super) fn with_links(conn: &Connection, mut piece: Piece) -> rusqlite::Result<Piece> {
    piece.competencies = piece_competencies(conn, piece.id)?;
    piece.attachments = piece_attachments(conn, piece.id)?;
    Ok(piece)
}

/// Replaces a piece's competencies, refusing an unknown one at `competencyIds`.
pub(super) fn set_competencies(tx: &Transaction<'_>, piece_id: Id, ids: &[Id]) -> Result<(), StoreError> {
    tx.execute("DELETE FROM piece_competency WHERE piece_id = ?1", [piece_id])?;
    for id in ids {
        let known: Option<Id> = tx
            .prepare_cached("SELECT id FROM competency WHERE id = ?1 AND retired_at IS NULL")?
            .query_row([id], |row| row.get(0))
            .optional()?;
        if known.is_none() {
            return Err(StoreError::field(
                "competencyIds",
                format!("There is no competency {id}."),
            ));
        }
        tx.prepare_cached("INSERT INTO piece_competency (piece_id, competency_id) VALUES (?1, ?2)")?
            .execute([piece_id, *id])?;
    }
    Ok(())
}

impl Store {
    /// Every piece (newest change first), counts by status and the evidence for each competency.
    pub fn portfolio(&self) -> Result<Portfolio> {
        self.read(|conn| {
            let pieces = newest_pieces(conn, None)?;
            let by_status = PieceStatus::ALL
                .into_iter()
                .map(|status| StatusCount {
                    status,
                    pieces: pieces.iter().filter(|p| p.status == status).count() as u32,
                })
                .collect();
            let evidence = competency_evidence(conn)?;
            Ok(Portfolio {
                covered: covered(&evidence),
                pieces,
                by_status,
                evidence,
            })
        })
    }

    /// The portfolio in a line, for the dashboard: what [`Store::portfolio`] would give it, without reading
    /// every piece (on ten years of pieces that was most of the dashboard's time).
    pub fn portfolio_summary(&self, recent: usize) -> Result<PortfolioSummary> {
        self.read(|conn| {
            let mut pieces = 0;
            let mut finished = 0;
            let counts = conn
                .prepare_cached(
                    "SELECT status, count(*) FROM portfolio_piece WHERE deleted_at IS NULL GROUP BY status",
                )?
                .query_map([], |row| {
                    Ok((row.get::<_, PieceStatus>(0)?, row.get::<_, u32>(1)?))
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            for (status, count) in counts {
                pieces += count;
                if status.finished() {
                    finished += count;
                }
            }
            let recent = newest_pieces(conn, Some(recent))?;
            let evidence = competency_evidence(conn)?;
            Ok(PortfolioSummary {
                pieces,
                finished,
                covered: covered(&evidence),
                competencies: evidence.len() as u32,
                recent,
            })
        })
    }

    pub fn piece(&self, id: Id) -> Result<Piece> {
        self.read(|conn| {
            let sql = format!("SELECT {PIECE_COLUMNS} FROM portfolio_piece WHERE id = ?1");
            let piece = conn
                .prepare_cached(&sql)
                .and_then(|mut stmt| stmt.query_row([id], row_to_piece).optional())?
                .ok_or_else(|| Error::NotFound {
                    what: format!("Portfolio piece {id}"),
                })?;
            Ok(with_links(conn, piece)?)
        })
    }

    pub fn add_piece(&mut self, input: &PieceInput, today: Date, now: Timestamp) -> Result<Piece> {
        let piece = input.validate(today)?;
        let at = instant_text(now);
        let id = self.transact(|tx| {
            let [title, deliverable, status, started_on, finished_on, notes, at] = piece_params(&piece, &at);
            tx.execute(
                "INSERT INTO portfolio_piece (id, title, deliverable, status, started_on, finished_on, notes, created_at,
                     updated_at, confidential) VALUES (cairn_id(), ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8)",
                params![title, deliverable, status, started_on, finished_on, notes, at, piece.confidential],
            )?;
            let id = Id(tx.last_insert_rowid());
            set_competencies(tx, id, &piece.competency_ids)?;
            Ok(id)
        })?;
        self.piece(id)
    }

    pub fn update_piece(&mut self, id: Id, input: &PieceInput, today: Date, now: Timestamp) -> Result<Piece> {
        let piece = input.validate(today)?;
        let at = instant_text(now);
        self.transact(|tx| {
            let [title, deliverable, status, started_on, finished_on, notes, at] = piece_params(&piece, &at);
            let changed = tx.execute(
                "UPDATE portfolio_piece SET title = ?2, deliverable = ?3, status = ?4, started_on = ?5,
                     finished_on = ?6, notes = ?7, updated_at = ?8, confidential = ?9
                 WHERE id = ?1 AND deleted_at IS NULL",
                params![
                    id,
                    title,
                    deliverable,
                    status,
                    started_on,
                    finished_on,
                    notes,
                    at,
                    piece.confidential
                ],
            )?;
            if changed == 0 {
                return Err(Error::NotFound {
                    what: format!("Portfolio piece {id}"),
                }
                .into());
            }
            set_competencies(tx, id, &piece.competency_ids)
        })?;
        self.piece(id)
    }

    /// Removes a piece with its attachments (undo with [`Store::restore_piece`]).
    pub fn delete_piece(&mut self, id: Id, now: Timestamp) -> Result<Piece> {
        self.mark_deleted("portfolio_piece", "portfolio piece", id, Some(instant_text(now)))?;
        self.purge_portfolio_trash(now)?;
        self.piece(id)
    }

    pub fn restore_piece(&mut self, id: Id) -> Result<Piece> {
        self.mark_deleted("portfolio_piece", "portfolio piece", id, None)?;
        self.piece(id)
    }

    /// Purges pieces and attachments removed more than [`TRASH_DAYS`] before `now`, then every stored copy
    /// no row refers to any more (including copies a crash left without a row).
    pub fn purge_portfolio_trash(&mut self, now: Timestamp) -> Result<u32> {
        let cutoff = instant_text(
            now.checked_sub(SignedDuration::from_hours(24 * TRASH_DAYS))
                .unwrap_or(now),
        );
        let unreferenced: Vec<String> = self.transact(|tx| {
            tx.execute(
                "DELETE FROM piece_attachment WHERE deleted_at < ?1
                    OR piece_id IN (SELECT id FROM portfolio_piece WHERE deleted_at < ?1)",
                [&cutoff],
            )?;
            tx.execute("DELETE FROM portfolio_piece WHERE deleted_at < ?1", [&cutoff])?;
            let names = tx
                .prepare(
                    "SELECT stored_name FROM attachment_file f
                     WHERE NOT EXISTS (SELECT 1 FROM piece_attachment a WHERE a.sha256 = f.sha256)",
                )?
                .query_map([], |row| row.get(0))?
                .collect::<rusqlite::Result<Vec<String>>>()?;
            tx.execute(
                "DELETE FROM attachment_file
                 WHERE NOT EXISTS (SELECT 1 FROM piece_attachment a WHERE a.sha256 = attachment_file.sha256)",
                [],
            )?;
            Ok(names)
        })?;
        // Files go only after the rows are gone for good (committed above).
        let folder = self.attachments_dir();
        let known: std::collections::HashSet<String> = self.read(|conn| {
            let mut statement = conn.prepare("SELECT stored_name FROM attachment_file")?;
            let names = statement.query_map([], |row| row.get(0))?;
            Ok(names.collect::<rusqlite::Result<_>>()?)
        })?;
        let mut removed = 0;
        for name in &unreferenced {
            // A name that is not a plain file name (a database from elsewhere) is never joined to a path.
            let Ok(path) = self.stored_copy_path(name) else {
                continue;
            };
            if std::fs::remove_file(path).is_ok() {
                removed += 1;
            }
        }
        if let Ok(entries) = std::fs::read_dir(&folder) {
            for entry in entries.flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                // Copies a crash left behind: named like a stored copy, with no row. Anything else in the
                // folder (and copies being made right now, `.incoming-…`) is not ours to remove. Backups keep
                // their own links to the copies they hold, so removing one here never empties a backup.
                if !known.contains(&name)
                    && looks_like_stored_name(&name)
                    && entry.path().is_file()
                    && std::fs::remove_file(entry.path()).is_ok()
                {
                    removed += 1;
                }
            }
        }
        Ok(removed)
    }
}

pub(super) fn piece_params(piece: &ValidPiece, at: &str) -> [Option<String>; 7] {
    [
        Some(piece.title.clone()),
        Some(piece.deliverable.as_str().to_owned()),
        Some(piece.status.as_str().to_owned()),
        piece.started_on.map(|d| d.to_string()),
        piece.finished_on.map(|d| d.to_string()),
        Some(piece.notes.clone()),
        Some(at.to_owned()),
    ]
}
