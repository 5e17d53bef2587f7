//! Note history's rules, without storage: when an edit keeps the text it replaces (coalescing), which old
//! versions are kept (thinning), and a line diff for comparing a version with the current text.

use crate::Id;
use jiff::civil::Date;
use jiff::{SignedDuration, Timestamp};
use serde::Serialize;

/// Saves closer together than this belong to one editing session: only the first keeps the text it replaced.
pub const COALESCE_MINUTES: i64 = 10;
/// Every version from this many most recent days is kept; before that, the newest of each week.
pub const KEEP_ALL_DAYS: i64 = 14;

/// Whether a save at `now` keeps the text it replaces as a version, given when the newest version was made.
pub fn starts_a_version(newest_version_replaced_at: Option<Timestamp>, now: Timestamp) -> bool {
    newest_version_replaced_at
        .is_none_or(|newest| now.duration_since(newest) >= SignedDuration::from_mins(COALESCE_MINUTES))
}

/// Which versions to remove, given each version's id and the local day it was replaced, newest first: every
/// version of the last [`KEEP_ALL_DAYS`] days before `today` stays, and before that the newest of each ISO
/// week.
pub fn versions_to_remove(versions: &[(Id, Date)], today: Date) -> Vec<Id> {
    let cutoff = today
        .checked_sub(jiff::Span::new().days(KEEP_ALL_DAYS))
        .unwrap_or(today);
    let mut weeks_kept = Vec::new();
    let mut remove = Vec::new();
    for &(id, day) in versions {
        if day > cutoff {
            continue;
        }
        let week = {
            let iso = day.iso_week_date();
            (iso.year(), iso.week())
        };
        if weeks_kept.contains(&week) {
            remove.push(id);
        } else {
            weeks_kept.push(week);
        }
    }
    remove
}

/// One line of a diff between an earlier version and the current text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DiffLine {
    pub change: LineChange,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum LineChange {
    /// In both.
    Same,
    /// Only in the earlier version (the current text lost it).
    Removed,
    /// Only in the current text.
    Added,
}

/// The lines of `earlier` and `current`, marked as kept, removed or added (Myers' diff by line).
pub fn line_diff(earlier: &str, current: &str) -> Vec<DiffLine> {
    similar::TextDiff::from_lines(earlier, current)
        .iter_all_changes()
        .map(|change| DiffLine {
            change: match change.tag() {
                similar::ChangeTag::Equal => LineChange::Same,
                similar::ChangeTag::Delete => LineChange::Removed,
                similar::ChangeTag::Insert => LineChange::Added,
            },
            text: change.value().trim_end_matches(['\n', '\r']).to_owned(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn saves_within_ten_minutes_of_the_last_version_belong_to_it() {
        let first: Timestamp = "2026-12-01T09:00:00Z".parse().unwrap();
        assert!(starts_a_version(None, first), "the first edit keeps the original");
        let nine = first + SignedDuration::from_mins(9);
        assert!(!starts_a_version(Some(first), nine));
        let ten = first + SignedDuration::from_mins(10);
        assert!(starts_a_version(Some(first), ten));
    }

    #[test]
    fn the_last_fourteen_days_stay_whole_and_older_weeks_keep_their_newest() {
        let today = date(2026, 12, 2);
        let versions = [
            (10, date(2026, 12, 1)),
            (9, date(2026, 12, 1)),
            (8, date(2026, 11, 19)), // 13 days back: kept
            (7, date(2026, 11, 18)), // 14 days back: first of its week, kept
            (6, date(2026, 11, 17)), // same ISO week as 7: removed
            (5, date(2026, 11, 10)), // the week before: kept
            (4, date(2026, 11, 9)),  // same week: removed
            (3, date(2025, 1, 1)),   // a week long ago: kept
        ]
        .map(|(id, day)| (Id(id), day));
        assert_eq!(versions_to_remove(&versions, today), vec![Id(6), Id(4)]);
    }

    #[test]
    fn a_diff_marks_the_lost_paragraph_as_removed() {
        let diff = line_diff("Intro\nLost paragraph\nEnd\n", "Intro\nEnd\nNew line\n");
        let marked: Vec<(LineChange, &str)> = diff.iter().map(|l| (l.change, l.text.as_str())).collect();
        assert_eq!(
            marked,
            vec![
                (LineChange::Same, "Intro"),
                (LineChange::Removed, "Lost paragraph"),
                (LineChange::Same, "End"),
                (LineChange::Added, "New line"),
            ]
        );
    }
}
