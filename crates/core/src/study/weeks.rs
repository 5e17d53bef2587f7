//! Weeks measured against their plan: the planned minutes (the target less planned-break days, pro rata), each
//! week's measure, and the consistency over the last weeks.

use super::{add_days, BreakDays};
use jiff::civil::Date;
use serde::Serialize;

/// One week measured against its plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct WeekMeasure {
    /// The week's first day (`YYYY-MM-DD`).
    pub starts_on: String,
    /// The weekly target in force (before breaks).
    pub target_minutes: Option<u32>,
    /// The target less the break days; `None` when the week is not measured (no target, or all break).
    pub planned_minutes: Option<u32>,
    pub actual_minutes: u32,
    pub break_days: u8,
    /// `None` when the week is not measured.
    pub on_target: Option<bool>,
}

/// The plan for a week with `target` minutes and `break_days` of 7 on a break; `None` when not measured.
pub fn planned_minutes(target: Option<u32>, break_days: u8) -> Option<u32> {
    let target = target.filter(|&t| t > 0)?;
    let open_days = 7u32.checked_sub(u32::from(break_days)).filter(|&d| d > 0)?;
    // Rounded to the nearest minute; a week with any open day keeps a plan of at least a minute.
    Some(((target * open_days + 3) / 7).max(1))
}

/// Measures the week starting `starts_on` from its seconds, its target and the breaks.
pub fn measure_week(starts_on: Date, seconds: i64, target: Option<u32>, breaks: &[BreakDays]) -> WeekMeasure {
    let break_days = (0..7)
        .filter(|&offset| {
            let day = add_days(starts_on, offset);
            breaks.iter().any(|b| b.contains(day))
        })
        .count() as u8;
    let planned = planned_minutes(target, break_days);
    WeekMeasure {
        starts_on: starts_on.to_string(),
        target_minutes: target,
        planned_minutes: planned,
        actual_minutes: u32::try_from(seconds.max(0) / 60).unwrap_or(u32::MAX),
        break_days,
        on_target: planned.map(|p| seconds >= i64::from(p) * 60),
    }
}

/// "Weeks on target in the last 12, breaks left out".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Consistency {
    pub on_target: u32,
    /// Weeks measured: not a whole break, a target in force, and (for the week under way) already on target.
    pub measured: u32,
    pub weeks: u32,
    /// Weeks left out because they were wholly a planned break.
    pub break_weeks: u32,
}

/// Consistency over `weeks` (oldest first, the last one the week under way): the week under way counts only
/// once it is on target, since it is not over.
pub fn consistency(weeks: &[WeekMeasure]) -> Consistency {
    let last = weeks.len().saturating_sub(1);
    let mut figure = Consistency {
        on_target: 0,
        measured: 0,
        weeks: weeks.len() as u32,
        break_weeks: 0,
    };
    for (index, week) in weeks.iter().enumerate() {
        if week.break_days == 7 {
            figure.break_weeks += 1;
        }
        match week.on_target {
            Some(true) => {
                figure.on_target += 1;
                figure.measured += 1;
            }
            Some(false) if index != last => figure.measured += 1,
            _ => {}
        }
    }
    figure
}
