//! Chart geometry the window and the reports both draw with, so a chart reads the same on screen, in the PDF
//! and in Word: the hours axis of the weeks chart. (The window draws its charts in Svelte and the reports as
//! SVG, each in its own style; where the lines go is decided here.)

use serde::Serialize;

/// The steps an hours axis may take, in minutes: whole hours, coarser as the values grow.
const STEPS: [u32; 8] = [60, 120, 180, 300, 600, 1_200, 3_000, 6_000];

/// A vertical axis of whole hours: gridlines every `step_minutes` from 0 to `top_minutes`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct HourAxis {
    pub step_minutes: u32,
    pub top_minutes: u32,
}

impl HourAxis {
    /// The axis for values up to `most` minutes: the finest step that needs at most five steps (so three to six
    /// gridlines), and a top a little above the largest value, at a step. At least an hour tall.
    pub fn for_minutes(most: u32) -> HourAxis {
        let most = most.max(60);
        let step_minutes = STEPS
            .into_iter()
            .find(|step| most <= step * 5)
            .unwrap_or(STEPS[STEPS.len() - 1]);
        // 5 % headroom, so the largest bar never touches the top line.
        let headroom = most + most.div_ceil(20);
        HourAxis {
            step_minutes,
            top_minutes: headroom.div_ceil(step_minutes) * step_minutes,
        }
    }

    /// The axis for weeks given as (minutes studied, minutes planned): tall enough for the larger of the two in
    /// every week, so neither a bar nor a plan line leaves the chart.
    pub fn for_weeks(weeks: impl IntoIterator<Item = (u32, Option<u32>)>) -> HourAxis {
        let most = weeks
            .into_iter()
            .map(|(studied, planned)| studied.max(planned.unwrap_or(0)))
            .max()
            .unwrap_or(0);
        HourAxis::for_minutes(most)
    }

    /// The gridlines, in minutes, from 0 to the top.
    pub fn ticks(&self) -> Vec<u32> {
        (0..=self.top_minutes / self.step_minutes)
            .map(|i| i * self.step_minutes)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_axis_takes_the_finest_whole_hour_step_with_room_above_the_largest_value() {
        let cases = [
            (0, 60, 120),
            (45, 60, 120),
            (60, 60, 120),
            (200, 60, 240),
            (300, 60, 360),
            (301, 120, 360),
            (599, 120, 720),
            (900, 180, 1_080),
            (1_500, 300, 1_800),
            (2_900, 600, 3_600),
            (100_000, 6_000, 108_000),
        ];
        for (most, step, top) in cases {
            let axis = HourAxis::for_minutes(most);
            assert_eq!(
                (axis.step_minutes, axis.top_minutes),
                (step, top),
                "for {most} minutes"
            );
            assert!(axis.top_minutes > most.max(60), "the top is above {most}");
            let ticks = axis.ticks();
            assert!(
                (3..=7).contains(&ticks.len()) || most > 30_000,
                "{most}: {ticks:?}"
            );
            assert_eq!(ticks.first(), Some(&0));
            assert_eq!(ticks.last(), Some(&axis.top_minutes));
        }
    }

    #[test]
    fn weeks_are_measured_by_the_larger_of_time_studied_and_time_planned() {
        let weeks = [(100, Some(240)), (400, None), (30, Some(60))];
        assert_eq!(HourAxis::for_weeks(weeks), HourAxis::for_minutes(400));
        assert_eq!(
            HourAxis::for_weeks([(100, Some(700))]),
            HourAxis::for_minutes(700)
        );
        assert_eq!(HourAxis::for_weeks([]), HourAxis::for_minutes(0));
    }
}
