//! The files attached to pieces: attaching a copy, removing and restoring it, and where it is for opening.

use crate::attachments::copy_in;
use crate::portfolio::{Attachment, AttachmentOpening};
use crate::Store;
use cairn_core::portfolio::{
    agreeing_name, attachment_name, opens_with_default_program, safe_file_name, stored_extension,
};
use cairn_core::time::instant_text;
use cairn_core::Id;
use cairn_core::{Error, Result};
use jiff::Timestamp;
use rusqlite::{params, Connection, OptionalExtension, Row};
use std::path::{Path, PathBuf};

pub(super) fn piece_attachments(conn: &Connection, id: Id) -> rusqlite::Result<Vec<Attachment>> {
    conn.prepare_cached(
        "SELECT a.id, a.piece_id, a.name, f.size, a.deleted_at IS NOT NULL FROM piece_attachment a
         JOIN attachment_file f ON f.sha256 = a.sha256 WHERE a.piece_id = ?1 AND a.deleted_at IS NULL ORDER BY a.id",
    )?
    .query_map([id], row_to_attachment)?
    .collect()
}

pub(super) fn row_to_attachment(row: &Row<'_>) -> rusqlite::Result<Attachment> {
    Ok(Attachment {
        id: row.get(0)?,
        piece_id: row.get(1)?,
        name: row.get(2)?,
        size: row.get(3)?,
        deleted: row.get(4)?,
    })
}

impl Store {
    /// Copies the file at `source` into the data directory and attaches it to piece `piece_id`, shown as
    /// `name` (default: the file's own name, made safe).
    pub fn add_attachment(
        &mut self,
        piece_id: Id,
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
                "INSERT INTO piece_attachment (id, piece_id, sha256, name, added_at) VALUES (cairn_id(), ?1, ?2, ?3, ?4)",
                params![piece_id, copy.sha256, name, at],
            )?;
            tx.execute(
                "UPDATE portfolio_piece SET updated_at = ?2 WHERE id = ?1",
                params![piece_id, at],
            )?;
            Ok(Id(tx.last_insert_rowid()))
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

    pub(super) fn attachment(&self, id: Id) -> Result<Attachment> {
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
    pub fn remove_attachment(&mut self, id: Id, now: Timestamp) -> Result<Attachment> {
        self.mark_deleted("piece_attachment", "attachment", id, Some(instant_text(now)))?;
        self.purge_portfolio_trash(now)?;
        self.attachment(id)
    }

    pub fn restore_attachment(&mut self, id: Id) -> Result<Attachment> {
        self.mark_deleted("piece_attachment", "attachment", id, None)?;
        self.attachment(id)
    }

    /// Where the copy of attachment `id` is, for opening it with the system's program. Only a path inside the
    /// attachments folder is ever returned.
    pub fn attachment_path(&self, id: Id) -> Result<PathBuf> {
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
    pub fn attachment_opening(&self, id: Id) -> Result<AttachmentOpening> {
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
}
