//! The portfolio: writing samples by deliverable type and status, the competencies each demonstrates, attached
//! files, and which competencies have evidence.
//!
//! Attachments are copied into `<data dir>/attachments/` under the SHA-256 of their content (plus the
//! original's extension, so the system opens them with the right program): the original is only read, the same
//! content is stored once however often it is attached, and no name the person chose is ever part of a path.
//! The copy is written to a temporary file in that folder, flushed, then renamed, before the database row that
//! refers to it is committed; a copy the database never came to refer to is removed. Removing a piece or an
//! attachment only marks it (undo); rows marked more than [`TRASH_DAYS`] ago are purged on the next removal,
//! and a stored file goes with the last row that refers to it.

use crate::{Store, StoreError};
use cairn_core::portfolio::{
    agreeing_name, attachment_name, opens_with_default_program, safe_file_name, stored_extension,
    Deliverable, PieceInput, PieceStatus, ValidPiece, MAX_ATTACHMENT_BYTES,
};
use cairn_core::time::instant_text;
use cairn_core::{Error, Result};
use jiff::civil::Date;
use jiff::{SignedDuration, Timestamp};
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// The folder inside the data directory that holds attachment copies.
pub const ATTACHMENTS_DIR: &str = "attachments";
/// How long a removed piece or attachment can be brought back before it is purged.
pub const TRASH_DAYS: i64 = 30;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CompetencyRef {
    pub id: u32,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Attachment {
    pub id: u32,
    pub piece_id: u32,
    pub name: String,
    pub size: u32,
    pub deleted: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Piece {
    pub id: u32,
    pub title: String,
    pub deliverable: Deliverable,
    pub status: PieceStatus,
    pub started_on: Option<String>,
    pub finished_on: Option<String>,
    pub notes: String,
    /// Made under a confidentiality agreement: a sample pack refuses it.
    pub confidential: bool,
    pub competencies: Vec<CompetencyRef>,
    pub attachments: Vec<Attachment>,
    pub updated_at: String,
    pub deleted: bool,
}

/// One competency and the pieces that demonstrate it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CompetencyEvidence {
    pub id: u32,
    pub name: String,
    /// Pieces (any status) that demonstrate it.
    pub pieces: u32,
    /// Of those, done or published.
    pub finished: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct StatusCount {
    pub status: PieceStatus,
    pub pieces: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Portfolio {
    /// Most recently changed first; attachments listed, notes left out.
    pub pieces: Vec<Piece>,
    pub by_status: Vec<StatusCount>,
    /// Every competency the person has not hidden, in the rubric's order.
    pub evidence: Vec<CompetencyEvidence>,
    /// Competencies with at least one piece.
    pub covered: u32,
}

const PIECE_COLUMNS: &str =
    "id, title, deliverable, status, started_on, finished_on, notes, updated_at, deleted_at IS NOT NULL, confidential";

fn row_to_piece(row: &Row<'_>) -> rusqlite::Result<Piece> {
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

fn piece_competencies(conn: &Connection, id: u32) -> rusqlite::Result<Vec<CompetencyRef>> {
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

fn piece_attachments(conn: &Connection, id: u32) -> rusqlite::Result<Vec<Attachment>> {
    conn.prepare_cached(
        "SELECT a.id, a.piece_id, a.name, f.size, a.deleted_at IS NOT NULL FROM piece_attachment a
         JOIN attachment_file f ON f.sha256 = a.sha256 WHERE a.piece_id = ?1 AND a.deleted_at IS NULL ORDER BY a.id",
    )?
    .query_map([id], row_to_attachment)?
    .collect()
}

fn row_to_attachment(row: &Row<'_>) -> rusqlite::Result<Attachment> {
    Ok(Attachment {
        id: row.get(0)?,
        piece_id: row.get(1)?,
        name: row.get(2)?,
        size: row.get(3)?,
        deleted: row.get(4)?,
    })
}

fn with_links(conn: &Connection, mut piece: Piece) -> rusqlite::Result<Piece> {
    piece.competencies = piece_competencies(conn, piece.id)?;
    piece.attachments = piece_attachments(conn, piece.id)?;
    Ok(piece)
}

/// Replaces a piece's competencies, refusing an unknown one at `competencyIds`.
fn set_competencies(tx: &Transaction<'_>, piece_id: u32, ids: &[u32]) -> Result<(), StoreError> {
    tx.execute("DELETE FROM piece_competency WHERE piece_id = ?1", [piece_id])?;
    for id in ids {
        let known: Option<u32> = tx
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

/// Where an attachment's copy is and how it may be opened (see [`Store::attachment_opening`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachmentOpening {
    pub path: PathBuf,
    /// Why the copy is shown in its folder instead of opened; `None` when the default program may open it.
    pub show_in_folder_because: Option<String>,
}

/// A file copied into the attachments folder (or found there already).
struct StoredCopy {
    sha256: String,
    size: u64,
    stored_name: String,
    /// The copy was made by this call, so it is removed again if the database does not come to refer to it.
    new_file: Option<PathBuf>,
}

/// A SHA-256 digest as the lower-case hex that names stored copies.
pub(crate) fn hex_digest(digest: &[u8]) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The SHA-256 of a file's content (read as a stream), or `None` when it cannot be read.
pub(crate) fn file_sha256(path: &Path) -> Option<String> {
    let mut file = std::fs::File::open(path).ok()?;
    let mut hasher = Sha256::new();
    std::io::copy(&mut file, &mut hasher).ok()?;
    Some(hex_digest(&hasher.finalize()))
}

/// Whether `text` is a SHA-256 as Cairn writes it: 64 lower-case hex digits.
pub(crate) fn is_sha256_hex(text: &str) -> bool {
    text.len() == 64
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Whether `stored_name` is a name Cairn gives the stored copy of content `sha256`: the hash, or the hash and
/// a plain extension. Nothing else (no folder, no `..`) is ever joined to the attachments folder.
pub(crate) fn is_stored_name_of(stored_name: &str, sha256: &str) -> bool {
    is_sha256_hex(sha256)
        && match stored_name.strip_prefix(sha256) {
            Some("") => true,
            Some(rest) => rest
                .strip_prefix('.')
                .is_some_and(|extension| stored_extension(stored_name).as_deref() == Some(extension)),
            None => false,
        }
}

/// Whether `name` has the shape of a stored copy's name (a SHA-256, optionally with a plain extension).
pub(crate) fn looks_like_stored_name(name: &str) -> bool {
    name.get(..64).is_some_and(|sha| is_stored_name_of(name, sha))
}

fn attachment_error(path: &Path, what: impl std::fmt::Display) -> Error {
    Error::invalid("path", format!("{} {what}", path.display()))
}

/// Copies `source` into `folder` under its content's hash, refusing what is not a readable regular file of at
/// most [`MAX_ATTACHMENT_BYTES`]. Only `source` is read and only `folder` is written.
fn copy_in(source: &Path, folder: &Path, existing: impl Fn(&str) -> Option<String>) -> Result<StoredCopy> {
    if !source.is_absolute() {
        return Err(attachment_error(source, "is not a full path to a file."));
    }
    let metadata = std::fs::metadata(source).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => attachment_error(source, "does not exist."),
        _ => attachment_error(source, format_args!("cannot be read: {e}.")),
    })?;
    if metadata.is_dir() {
        return Err(attachment_error(source, "is a folder; choose a file."));
    }
    if !metadata.is_file() {
        return Err(attachment_error(source, "is not a regular file."));
    }
    let too_big = || {
        attachment_error(
            source,
            format_args!(
                "is larger than {} MB, the most Cairn copies.",
                MAX_ATTACHMENT_BYTES / (1024 * 1024)
            ),
        )
    };
    if metadata.len() > MAX_ATTACHMENT_BYTES {
        return Err(too_big());
    }
    let mut input = std::fs::File::open(source)
        .map_err(|e| attachment_error(source, format_args!("cannot be read: {e}.")))?;
    crate::location::create_data_dir(folder)?;
    let mut temporary = tempfile::Builder::new()
        .prefix(".incoming-")
        .tempfile_in(folder)
        .map_err(|e| Error::io(format!("Cannot write in {}", folder.display()), e))?;
    let mut hasher = Sha256::new();
    let mut size: u64 = 0;
    let mut buffer = vec![0u8; 64 * 1024];
    loop {
        let read = input
            .read(&mut buffer)
            .map_err(|e| attachment_error(source, format_args!("cannot be read: {e}.")))?;
        if read == 0 {
            break;
        }
        size += read as u64;
        // A file that grows while it is copied is held to the same limit.
        if size > MAX_ATTACHMENT_BYTES {
            return Err(too_big());
        }
        hasher.update(&buffer[..read]);
        temporary
            .write_all(&buffer[..read])
            .map_err(|e| Error::io(format!("Cannot write in {}", folder.display()), e))?;
    }
    let sha256 = hex_digest(&hasher.finalize());
    let in_folder = |name: &str| crate::location::path_in_data_dir(folder, &[name]);
    if let Some(stored_name) =
        existing(&sha256).filter(|name| in_folder(name).is_ok_and(|path| path.is_file()))
    {
        return Ok(StoredCopy {
            sha256,
            size,
            stored_name,
            new_file: None,
        });
    }
    let original = source
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stored_name = match stored_extension(&original) {
        Some(extension) => format!("{sha256}.{extension}"),
        None => sha256.clone(),
    };
    let target = in_folder(&stored_name)?;
    temporary
        .as_file()
        .sync_all()
        .map_err(|e| Error::io(format!("Cannot write in {}", folder.display()), e))?;
    temporary
        .persist(&target)
        .map_err(|e| Error::io(format!("Cannot save {}", target.display()), e.error))?;
    Ok(StoredCopy {
        sha256,
        size,
        stored_name,
        new_file: Some(target),
    })
}

impl Store {
    pub(crate) fn attachments_dir(&self) -> PathBuf {
        self.data_dir().join(ATTACHMENTS_DIR)
    }

    /// Where the stored copy named `stored_name` is: always inside the attachments folder, or refused.
    pub(crate) fn stored_copy_path(&self, stored_name: &str) -> Result<PathBuf> {
        crate::location::path_in_data_dir(self.data_dir(), &[ATTACHMENTS_DIR, stored_name])
    }

    /// Every piece (newest change first), counts by status and the evidence for each competency.
    pub fn portfolio(&self) -> Result<Portfolio> {
        self.read(|conn| {
            let sql = format!("SELECT {PIECE_COLUMNS} FROM portfolio_piece WHERE deleted_at IS NULL ORDER BY updated_at DESC, id DESC");
            let pieces = conn
                .prepare_cached(&sql)?
                .query_map([], row_to_piece)?
                .collect::<rusqlite::Result<Vec<_>>>()?
                .into_iter()
                .map(|mut piece| {
                    piece.notes.clear();
                    with_links(conn, piece)
                })
                .collect::<rusqlite::Result<Vec<_>>>()?;
            let by_status = PieceStatus::ALL
                .into_iter()
                .map(|status| StatusCount {
                    status,
                    pieces: pieces.iter().filter(|p| p.status == status).count() as u32,
                })
                .collect();
            let evidence = conn
                .prepare_cached(
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
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(Portfolio {
                covered: evidence.iter().filter(|e| e.pieces > 0).count() as u32,
                pieces,
                by_status,
                evidence,
            })
        })
    }

    pub fn piece(&self, id: u32) -> Result<Piece> {
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
                "INSERT INTO portfolio_piece (title, deliverable, status, started_on, finished_on, notes, created_at,
                     updated_at, confidential) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8)",
                params![title, deliverable, status, started_on, finished_on, notes, at, piece.confidential],
            )?;
            let id = tx.last_insert_rowid() as u32;
            set_competencies(tx, id, &piece.competency_ids)?;
            Ok(id)
        })?;
        self.piece(id)
    }

    pub fn update_piece(
        &mut self,
        id: u32,
        input: &PieceInput,
        today: Date,
        now: Timestamp,
    ) -> Result<Piece> {
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
    pub fn delete_piece(&mut self, id: u32, now: Timestamp) -> Result<Piece> {
        self.mark_deleted("portfolio_piece", "portfolio piece", id, Some(instant_text(now)))?;
        self.purge_portfolio_trash(now)?;
        self.piece(id)
    }

    pub fn restore_piece(&mut self, id: u32) -> Result<Piece> {
        self.mark_deleted("portfolio_piece", "portfolio piece", id, None)?;
        self.piece(id)
    }

    /// Copies the file at `source` into the data directory and attaches it to piece `piece_id`, shown as
    /// `name` (default: the file's own name, made safe).
    pub fn add_attachment(
        &mut self,
        piece_id: u32,
        source: &Path,
        name: Option<&str>,
        now: Timestamp,
    ) -> Result<Attachment> {
        let name = match name.filter(|n| !n.trim().is_empty()) {
            // A name the person typed must not claim another type than the file's own ending.
            Some(given) => agreeing_name(
                &attachment_name(given)?,
                stored_extension(
                    &source
                        .file_name()
                        .map(|n| n.to_string_lossy())
                        .unwrap_or_default(),
                )
                .as_deref(),
                "name",
            )?,
            None => safe_file_name(
                &source
                    .file_name()
                    .map(|n| n.to_string_lossy())
                    .unwrap_or_default(),
            ),
        };
        self.piece(piece_id).and_then(|piece| {
            if piece.deleted {
                Err(Error::NotFound {
                    what: format!("Portfolio piece {piece_id}"),
                })
            } else {
                Ok(piece)
            }
        })?;
        let folder = self.attachments_dir();
        let copy = {
            let conn = self.connection();
            copy_in(source, &folder, |sha| {
                conn.query_row(
                    "SELECT stored_name FROM attachment_file WHERE sha256 = ?1",
                    [sha],
                    |row| row.get(0),
                )
                .ok()
            })?
        };
        let at = instant_text(now);
        let inserted = self.transact(|tx| {
            tx.execute(
                "INSERT INTO attachment_file (sha256, size, stored_name) VALUES (?1, ?2, ?3)
                 ON CONFLICT (sha256) DO UPDATE SET stored_name = excluded.stored_name",
                params![copy.sha256, copy.size as i64, copy.stored_name],
            )?;
            tx.execute(
                "INSERT INTO piece_attachment (piece_id, sha256, name, added_at) VALUES (?1, ?2, ?3, ?4)",
                params![piece_id, copy.sha256, name, at],
            )?;
            tx.execute(
                "UPDATE portfolio_piece SET updated_at = ?2 WHERE id = ?1",
                params![piece_id, at],
            )?;
            Ok(tx.last_insert_rowid() as u32)
        });
        let id = match inserted {
            Ok(id) => id,
            Err(error) => {
                if let Some(path) = copy.new_file {
                    let _ = std::fs::remove_file(path);
                }
                return Err(error);
            }
        };
        self.attachment(id)
    }

    fn attachment(&self, id: u32) -> Result<Attachment> {
        self.read(|conn| {
            Ok(conn
            .prepare_cached(
                "SELECT a.id, a.piece_id, a.name, f.size, a.deleted_at IS NOT NULL FROM piece_attachment a
                 JOIN attachment_file f ON f.sha256 = a.sha256 WHERE a.id = ?1",
            )
            .and_then(|mut stmt| stmt.query_row([id], row_to_attachment).optional())?)
        })?
        .ok_or_else(|| Error::NotFound {
            what: format!("Attachment {id}"),
        })
    }

    /// Detaches a file (undo with [`Store::restore_attachment`]); the copy stays until purged.
    pub fn remove_attachment(&mut self, id: u32, now: Timestamp) -> Result<Attachment> {
        self.mark_deleted("piece_attachment", "attachment", id, Some(instant_text(now)))?;
        self.purge_portfolio_trash(now)?;
        self.attachment(id)
    }

    pub fn restore_attachment(&mut self, id: u32) -> Result<Attachment> {
        self.mark_deleted("piece_attachment", "attachment", id, None)?;
        self.attachment(id)
    }

    /// Where the copy of attachment `id` is, for opening it with the system's program. Only a path inside the
    /// attachments folder is ever returned.
    pub fn attachment_path(&self, id: u32) -> Result<PathBuf> {
        self.read(|conn| {
            let stored_name: String = conn
                .query_row(
                    "SELECT f.stored_name FROM piece_attachment a JOIN attachment_file f ON f.sha256 = a.sha256
                     JOIN portfolio_piece p ON p.id = a.piece_id
                     WHERE a.id = ?1 AND a.deleted_at IS NULL AND p.deleted_at IS NULL",
                    [id],
                    |row| row.get(0),
                )
                .optional()?
                .ok_or_else(|| Error::NotFound {
                    what: format!("Attachment {id}"),
                })?;
            let path = self.stored_copy_path(&stored_name)?;
            if !path.is_file() {
                return Err(Error::NotFound {
                    what: format!("The stored copy of attachment {id}"),
                }
                .into());
            }
            Ok(path)
        })
    }

    /// How attachment `id` may be opened: with the system's default program only when its stored copy is a
    /// document or image and its shown name says the same type; otherwise it is shown in its folder, with why.
    pub fn attachment_opening(&self, id: u32) -> Result<AttachmentOpening> {
        let path = self.attachment_path(id)?;
        let attachment = self.attachment(id)?;
        let extension = path
            .file_name()
            .and_then(|name| stored_extension(&name.to_string_lossy()));
        let shown = stored_extension(&attachment.name);
        let reason = if !opens_with_default_program(extension.as_deref()) {
            Some(match &extension {
                Some(extension) => format!(
                    "Not opened: a .{extension} file is not a document or image, and \
                     opening it could run a program."
                ),
                None => "Not opened: the file has no ending that says what it is.".to_owned(),
            })
        } else if shown != extension {
            Some(format!(
                "Not opened: \"{}\" does not end in .{}, the type of the stored file.",
                attachment.name,
                extension.as_deref().unwrap_or_default()
            ))
        } else {
            None
        };
        Ok(AttachmentOpening {
            path,
            show_in_folder_because: reason,
        })
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

fn piece_params(piece: &ValidPiece, at: &str) -> [Option<String>; 7] {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_hash_with_a_plain_extension_is_a_stored_name() {
        let sha = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
        assert!(is_stored_name_of(sha, sha));
        assert!(is_stored_name_of(&format!("{sha}.pdf"), sha));
        for bad in [
            format!("{sha}.PDF"),
            format!("{sha}."),
            format!("{sha}.p/df"),
            format!("{sha}.tar.gz"),
            format!("{sha}/../../x"),
            format!("../{sha}"),
            "notes.pdf".to_owned(),
        ] {
            assert!(!is_stored_name_of(&bad, sha), "{bad}");
        }
        assert!(!is_stored_name_of("ABC", "ABC"), "the hash itself is checked");
        assert!(!is_sha256_hex(&sha.to_uppercase()));
        assert!(!is_sha256_hex(&sha[1..]));
    }
}
