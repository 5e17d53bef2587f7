//! What a note can be attached to, for the editor's pickers.

use crate::notes::{AttachmentChoices, CompetencyChoice, MilestoneChoice};
use crate::Store;
use cairn_core::Result;

impl Store {
    /// What the editor's "About" picker offers: the pathway's milestones and the competencies, in order.
    pub fn attachment_choices(&self) -> Result<AttachmentChoices> {
        self.read(|conn| {
            let milestones = conn
                .prepare_cached(
                    "SELECT key, title FROM milestone WHERE retired_at IS NULL ORDER BY position",
                )?
                .query_map([], |row| {
                    Ok(MilestoneChoice {
                        key: row.get(0)?,
                        title: row.get(1)?,
                    })
                })?
                .collect::<rusqlite::Result<_>>()?;
            let competencies = conn
                .prepare_cached(
                    "SELECT id, name FROM competency WHERE retired_at IS NULL AND hidden_at IS NULL ORDER BY position",
                )?
                .query_map([], |row| {
                    Ok(CompetencyChoice {
                        id: row.get(0)?,
                        name: row.get(1)?,
                    })
                })?
                .collect::<rusqlite::Result<_>>()?;
            Ok(AttachmentChoices {
                milestones,
                competencies,
            })
        })
    }
}
