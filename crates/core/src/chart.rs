//! Chart geometry the window and the reports both draw with, so a chart reads the same on screen, in the PDF
//! and in Word: the hours axis of the weeks chart and the competency radar. (The window draws its charts in
//! Svelte and the reports as SVG, each in its own style and size; where the lines go is decided here.)

use crate::competency::LEVELS;
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

/// A place on a radar, in ten-thousandths of its radius: the centre is `[0, 0]`, level 5 lies at distance
/// 10,000 (`RADAR_RIM`), the first axis points up and the rest follow clockwise (y grows downwards, as on
/// screen). A drawing scales it to its size. Whole numbers, so they cross to the window exactly.
pub type RadarPoint = [i32; 2];

/// The distance from the centre to level 5, in a `RadarPoint`'s units.
pub const RADAR_RIM: i32 = 10_000;

/// One rating on a radar line: which axis, the level, and where its dot goes.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RadarDot {
    pub axis: u32,
    pub level: u8,
    pub at: RadarPoint,
}

/// One series on a radar (the first, previous or latest ratings, or the targets). A missing rating is a gap in
/// the line, never a rating of zero: a line drawn to the centre would read as "knows nothing".
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RadarLine {
    /// Every axis has a level: `runs` is one closed outline, and it may be filled.
    pub closed: bool,
    /// The pieces of line to draw, each through neighbouring axes that have a level. When `closed`, one outline
    /// to close back to its start; otherwise open lines (a run can wrap from the last axis to the first), and an
    /// axis with no rated neighbour is a dot alone.
    pub runs: Vec<Vec<RadarPoint>>,
    pub dots: Vec<RadarDot>,
}

/// The frame of a radar with `axes` spokes: its rings (levels 1 to 5) and where each spoke ends.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RadarFrame {
    pub rings: Vec<Vec<RadarPoint>>,
    pub spokes: Vec<RadarPoint>,
}

/// A radar of `axes` spokes, one per competency.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Radar {
    axes: usize,
}

impl Radar {
    pub fn new(axes: usize) -> Radar {
        Radar { axes }
    }

    /// Where `level` lies on spoke `axis`. Levels above 5 reach past the rim (where a label goes).
    pub fn point(&self, axis: usize, level: f64) -> RadarPoint {
        let angle =
            -std::f64::consts::FRAC_PI_2 + axis as f64 * std::f64::consts::TAU / self.axes.max(1) as f64;
        // The rubric's highest level is at the rim.
        let distance = f64::from(RADAR_RIM) * level / LEVELS as f64;
        // Within ±(rim × level / 5): no level a radar draws comes near i32's range.
        [
            (distance * angle.cos()).round() as i32,
            (distance * angle.sin()).round() as i32,
        ]
    }

    pub fn frame(&self) -> RadarFrame {
        RadarFrame {
            rings: (1..=LEVELS)
                .map(|level| {
                    (0..self.axes)
                        .map(|axis| self.point(axis, level as f64))
                        .collect()
                })
                .collect(),
            spokes: (0..self.axes)
                .map(|axis| self.point(axis, LEVELS as f64))
                .collect(),
        }
    }

    /// The line through `levels`, one per axis (extra levels are ignored, missing ones are gaps).
    pub fn line(&self, levels: &[Option<u8>]) -> RadarLine {
        let level_at = |axis: usize| levels.get(axis).copied().flatten();
        let dots: Vec<RadarDot> = (0..self.axes)
            .filter_map(|axis| {
                level_at(axis).map(|level| RadarDot {
                    axis: axis as u32,
                    level,
                    at: self.point(axis, f64::from(level)),
                })
            })
            .collect();
        if dots.len() == self.axes && self.axes > 0 {
            return RadarLine {
                closed: true,
                runs: vec![dots.iter().map(|dot| dot.at).collect()],
                dots,
            };
        }
        // Start just after a gap, so a run that wraps from the last axis to the first stays one run.
        let start = (0..self.axes).find(|&axis| level_at(axis).is_none()).unwrap_or(0);
        let mut runs: Vec<Vec<RadarPoint>> = Vec::new();
        let mut run: Vec<RadarPoint> = Vec::new();
        for step in 1..=self.axes {
            let axis = (start + step) % self.axes;
            match level_at(axis) {
                Some(level) => run.push(self.point(axis, f64::from(level))),
                None if !run.is_empty() => runs.push(std::mem::take(&mut run)),
                None => {}
            }
        }
        if !run.is_empty() {
            runs.push(run);
        }
        RadarLine {
            closed: false,
            runs,
            dots,
        }
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

    fn near(a: RadarPoint, b: RadarPoint) -> bool {
        (a[0] - b[0]).abs() <= 1 && (a[1] - b[1]).abs() <= 1
    }

    #[test]
    fn the_first_spoke_points_up_and_level_five_is_the_rim() {
        let radar = Radar::new(4);
        assert!(near(radar.point(0, 5.0), [0, -RADAR_RIM]));
        assert!(near(radar.point(1, 5.0), [RADAR_RIM, 0]), "clockwise on screen");
        assert!(near(radar.point(2, 2.5), [0, RADAR_RIM / 2]));
        let frame = radar.frame();
        assert_eq!(frame.rings.len(), 5);
        assert!(frame.rings.iter().all(|ring| ring.len() == 4));
        assert!(near(frame.rings[0][0], [0, -RADAR_RIM / 5]));
        assert_eq!(frame.spokes.len(), 4);
    }

    #[test]
    fn a_fully_rated_line_is_one_closed_outline() {
        let radar = Radar::new(3);
        let line = radar.line(&[Some(1), Some(3), Some(5)]);
        assert!(line.closed);
        assert_eq!(line.runs.len(), 1);
        assert_eq!(line.runs[0].len(), 3);
        assert_eq!(line.dots.len(), 3);
        assert!(near(line.runs[0][2], radar.point(2, 5.0)));
    }

    #[test]
    fn a_missing_rating_is_a_gap_in_the_line_not_a_point_at_the_centre() {
        let radar = Radar::new(6);
        let line = radar.line(&[Some(2), Some(3), None, Some(4), None, Some(1)]);
        assert!(!line.closed);
        // Axes 5 and 0 and 1 join across the end; axis 3 stands alone.
        assert_eq!(
            line.runs,
            vec![
                vec![radar.point(3, 4.0)],
                vec![radar.point(5, 1.0), radar.point(0, 2.0), radar.point(1, 3.0)],
            ]
        );
        assert!(line.runs.iter().flatten().all(|point| !near(*point, [0, 0])));
        assert_eq!(
            line.dots
                .iter()
                .map(|dot| (dot.axis, dot.level))
                .collect::<Vec<_>>(),
            vec![(0, 2), (1, 3), (3, 4), (5, 1)]
        );
    }

    #[test]
    fn an_unrated_series_draws_nothing() {
        let line = Radar::new(5).line(&[None; 5]);
        assert!(!line.closed);
        assert!(line.runs.is_empty() && line.dots.is_empty());
        let empty = Radar::new(0).line(&[]);
        assert!(!empty.closed && empty.runs.is_empty());
    }
}
