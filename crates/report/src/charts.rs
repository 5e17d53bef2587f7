//! The report's charts as SVG, drawn once and used by both the PDF (Typst reads SVG) and the HTML report
//! (inline). Plain SVG with presentation attributes only (no `style`, no scripts, no external references),
//! so it passes the HTML report's rules and Typst's SVG reader alike. Text is escaped here.

use crate::model::{CompetencyRow, MilestoneProgress, WeekRow};
use cairn_core::chart::{HourAxis, Radar, RadarPoint, RADAR_RIM};
use std::fmt::Write;

const FONT: &str = "Libertinus Serif, Georgia, serif";
const INK: &str = "#1f2933";
const MUTED: &str = "#616e7c";
const TRACK: &str = "#e4e7eb";
const ACCENT: &str = "#2b6cb0";
const TARGET: &str = "#c05621";

/// Escapes text for SVG/HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A radar label's lines: at the sides two of up to 22 characters; straight above or below the centre, where
/// the neighbours' names come close on both sides, three narrower ones. And the distance between lines.
const SIDE_LABEL: (usize, usize) = (22, 2);
const MIDDLE_LABEL: (usize, usize) = (14, 3);
const LABEL_LEADING: f64 = 13.0;
/// Where the names sit: a little outside the rim (level 5).
const LABEL_LEVEL: f64 = 5.9;

/// A competency's name as at most `most` lines of about `width` characters, broken between words; what does
/// not fit ends the last line with an ellipsis.
fn label_lines(name: &str, (width, most): (usize, usize)) -> Vec<String> {
    let mut lines: Vec<String> = vec![String::new()];
    for word in name.split_whitespace() {
        let line = lines.last_mut().expect("there is always a line");
        if line.is_empty() || line.chars().count() + 1 + word.chars().count() <= width {
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        } else {
            lines.push(word.to_owned());
        }
    }
    let rest = lines.split_off(lines.len().min(most));
    if let Some(last) = lines.last_mut() {
        if !rest.is_empty() {
            last.push(' ');
            last.push_str(&rest.join(" "));
        }
    }
    // A single word longer than a line is cut too.
    lines.iter().map(|line| shorten(line, width)).collect()
}

/// `text` in `max` characters at most: cut after the last whole word that fits (inside a lone long word), "…".
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let kept: String = text.chars().take(max - 1).collect();
    let ends_a_word = text.chars().nth(max - 1) == Some(' ');
    let cut = kept.rfind(' ').filter(|_| !ends_a_word).unwrap_or(kept.len());
    format!("{}…", kept[..cut].trim_end())
}

fn open(width: u32, height: u32, label: &str) -> String {
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" \
         role=\"img\" aria-label=\"{}\" font-family=\"{FONT}\" font-size=\"13\" fill=\"{INK}\">",
        escape(label)
    )
}

/// One bar per milestone: its title, the share of items done, and the percentage.
pub fn milestone_bars(milestones: &[MilestoneProgress]) -> String {
    let width = 640;
    let row = 42;
    // The figures beside each bar get 148 units: "100% · 999 of 999" in the widest serif a reader may have
    // (DejaVu Serif, where the report's own faces are missing) takes 120, and SVG cuts off what passes its edge.
    let track = 480;
    let height = (milestones.len() as u32 * row).max(row);
    let mut svg = open(width, height, "Progress by milestone");
    for (i, m) in milestones.iter().enumerate() {
        let y = i as u32 * row;
        let bar = f64::from(track) * f64::from(m.progress.percent) / 100.0;
        let _ = write!(
            svg,
            "<text x=\"0\" y=\"{}\">{}</text>\
             <rect x=\"0\" y=\"{}\" width=\"{track}\" height=\"12\" rx=\"6\" fill=\"{TRACK}\"/>\
             <rect x=\"0\" y=\"{}\" width=\"{bar:.1}\" height=\"12\" rx=\"6\" fill=\"{ACCENT}\"/>\
             <text x=\"{}\" y=\"{}\" fill=\"{MUTED}\">{}% · {} of {}</text>",
            y + 14,
            escape(&shorten(&m.title, 70)),
            y + 21,
            y + 21,
            track + 12,
            y + 32,
            m.progress.percent,
            m.progress.done,
            m.progress.total
        );
    }
    svg.push_str("</svg>");
    svg
}

/// The competency radar: first rating (grey, dashed), latest (blue, filled) and target (orange outline) on
/// one axis per competency, levels 1–5. `None` when fewer than three competencies (no shape to draw).
pub fn radar(competencies: &[CompetencyRow]) -> Option<String> {
    let n = competencies.len();
    if n < 3 {
        return None;
    }
    let (width, height) = (640.0, 440.0);
    // The names need the room around the rim (`SIDE_LABEL`).
    let (cx, cy, radius) = (320.0, 220.0, 135.0);
    let radar = Radar::new(n);
    let scale = radius / f64::from(RADAR_RIM);
    let at = |[x, y]: RadarPoint| (cx + scale * f64::from(x), cy + scale * f64::from(y));
    let points = |run: &[RadarPoint]| {
        run.iter()
            .map(|point| {
                let (x, y) = at(*point);
                format!("{x:.1},{y:.1}")
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut svg = open(
        width as u32,
        height as u32,
        "Competency self-ratings: first, latest and target",
    );
    let frame = radar.frame();
    for ring in &frame.rings {
        let _ = write!(
            svg,
            "<polygon points=\"{}\" fill=\"none\" stroke=\"{TRACK}\"/>",
            points(ring)
        );
    }
    for (i, (c, spoke)) in competencies.iter().zip(&frame.spokes).enumerate() {
        let (x, y) = at(*spoke);
        let _ = write!(
            svg,
            "<line x1=\"{cx}\" y1=\"{cy}\" x2=\"{x:.1}\" y2=\"{y:.1}\" stroke=\"{TRACK}\"/>"
        );
        let (lx, ly) = at(radar.point(i, LABEL_LEVEL));
        let anchor = if (lx - cx).abs() < 8.0 {
            "middle"
        } else if lx > cx {
            "start"
        } else {
            "end"
        };
        // A name of several lines grows away from the rim: upwards above the centre, downwards below it.
        let lines = label_lines(
            &c.name,
            if anchor == "middle" {
                MIDDLE_LABEL
            } else {
                SIDE_LABEL
            },
        );
        let away = (ly - cy) / (radius * LABEL_LEVEL / 5.0);
        let first_y = ly + 4.0 - LABEL_LEADING * (lines.len() - 1) as f64 * (1.0 - away) / 2.0;
        let _ = write!(
            svg,
            "<text x=\"{lx:.1}\" y=\"{first_y:.1}\" font-size=\"11\" text-anchor=\"{anchor}\">"
        );
        for (line, text) in lines.iter().enumerate() {
            let dy = if line == 0 { 0.0 } else { LABEL_LEADING };
            let _ = write!(svg, "<tspan x=\"{lx:.1}\" dy=\"{dy}\">{}</tspan>", escape(text));
        }
        svg.push_str("</text>");
    }
    // A missing rating is a gap in its line (`RadarLine`); a closed outline may be filled, open runs are not.
    let mut shape = |levels: Vec<Option<u8>>, colour: &str, stroke: &str, fill: &str| {
        let line = radar.line(&levels);
        for run in &line.runs {
            let element = if line.closed { "polygon" } else { "polyline" };
            let fill = if line.closed { fill } else { "fill=\"none\"" };
            let _ = write!(svg, "<{element} points=\"{}\" {fill} {stroke}/>", points(run));
        }
        for dot in &line.dots {
            let (x, y) = at(dot.at);
            let _ = write!(
                svg,
                "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"2.5\" fill=\"{colour}\"/>"
            );
        }
    };
    shape(
        competencies.iter().map(|c| c.target).collect(),
        TARGET,
        &format!("stroke=\"{TARGET}\" stroke-width=\"2\" stroke-dasharray=\"2 3\""),
        "fill=\"none\"",
    );
    shape(
        competencies.iter().map(|c| c.first).collect(),
        MUTED,
        &format!("stroke=\"{MUTED}\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\""),
        "fill=\"none\"",
    );
    shape(
        competencies.iter().map(|c| c.latest).collect(),
        ACCENT,
        &format!("stroke=\"{ACCENT}\" stroke-width=\"2\""),
        &format!("fill=\"{ACCENT}\" fill-opacity=\"0.18\""),
    );
    // Legend.
    let legend = [
        (MUTED, "6 4", "First rating"),
        (ACCENT, "none", "Latest rating"),
        (TARGET, "2 3", "Target"),
    ];
    for (i, (colour, dashes, label)) in legend.iter().enumerate() {
        let x = 20.0 + i as f64 * 150.0;
        let _ = write!(
            svg,
            "<line x1=\"{x}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\" stroke=\"{colour}\" stroke-width=\"2\" stroke-dasharray=\"{dashes}\"/>\
             <text x=\"{}\" y=\"{}\" font-size=\"12\">{label}</text>",
            x + 28.0,
            x + 36.0,
            height - 12.0 + 4.0,
            y = height - 12.0
        );
    }
    svg.push_str("</svg>");
    Some(svg)
}

/// Study time per week against the plan: a bar per week, the plan as a mark across it. `None` when there
/// are no weeks, or no time and no plan in any of them.
pub fn weeks(weeks: &[WeekRow]) -> Option<String> {
    if weeks.is_empty()
        || weeks
            .iter()
            .all(|w| w.actual_minutes == 0 && w.planned_minutes.is_none())
    {
        return None;
    }
    let (width, height) = (640.0, 230.0);
    let (left, top, bottom) = (44.0, 10.0, 40.0);
    let plot_height = height - top - bottom;
    let axis = HourAxis::for_weeks(weeks.iter().map(|w| (w.actual_minutes, w.planned_minutes)));
    let scale = plot_height / f64::from(axis.top_minutes);
    let slot = (width - left) / weeks.len() as f64;
    let mut svg = open(
        width as u32,
        height as u32,
        "Study time per week against the plan",
    );
    for minutes in axis.ticks() {
        let hours = minutes / 60;
        let y = top + plot_height - f64::from(minutes) * scale;
        let _ = write!(
            svg,
            "<line x1=\"{left}\" y1=\"{y:.1}\" x2=\"{width}\" y2=\"{y:.1}\" stroke=\"{TRACK}\"/>\
             <text x=\"{}\" y=\"{:.1}\" font-size=\"11\" fill=\"{MUTED}\" text-anchor=\"end\">{hours} h</text>",
            left - 6.0,
            y + 4.0
        );
    }
    let label_every = weeks.len().div_ceil(8).max(1);
    for (i, week) in weeks.iter().enumerate() {
        let x = left + i as f64 * slot;
        let bar_height = f64::from(week.actual_minutes) * scale;
        let met = week.planned_minutes.is_some_and(|p| week.actual_minutes >= p);
        let colour = if met { ACCENT } else { "#90cdf4" };
        let _ = write!(
            svg,
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{bar_height:.1}\" fill=\"{colour}\"/>",
            x + slot * 0.18,
            top + plot_height - bar_height,
            slot * 0.64
        );
        if let Some(planned) = week.planned_minutes {
            let y = top + plot_height - f64::from(planned) * scale;
            let _ = write!(
                svg,
                "<line x1=\"{:.1}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\" stroke=\"{TARGET}\" stroke-width=\"2.5\"/>",
                x + slot * 0.08,
                x + slot * 0.92
            );
        }
        if i % label_every == 0 {
            let label = week
                .starts_on
                .parse::<jiff::civil::Date>()
                .map(|d| d.strftime("%-d %b").to_string())
                .unwrap_or_else(|_| week.starts_on.clone());
            let _ = write!(
                svg,
                "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\" fill=\"{MUTED}\" text-anchor=\"middle\">{}</text>",
                x + slot / 2.0,
                top + plot_height + 16.0,
                escape(&label)
            );
        }
    }
    let y = height - 6.0;
    let _ = write!(
        svg,
        "<rect x=\"{left}\" y=\"{}\" width=\"12\" height=\"10\" fill=\"{ACCENT}\"/>\
         <text x=\"{}\" y=\"{y}\" font-size=\"12\">Time studied (plan met)</text>\
         <rect x=\"{}\" y=\"{}\" width=\"12\" height=\"10\" fill=\"#90cdf4\"/>\
         <text x=\"{}\" y=\"{y}\" font-size=\"12\">Below plan</text>\
         <line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{TARGET}\" stroke-width=\"2.5\"/>\
         <text x=\"{}\" y=\"{y}\" font-size=\"12\">Planned</text>",
        y - 9.0,
        left + 18.0,
        left + 190.0,
        y - 9.0,
        left + 208.0,
        left + 300.0,
        y - 4.0,
        left + 320.0,
        y - 4.0,
        left + 326.0,
    );
    svg.push_str("</svg>");
    Some(svg)
}

/// A chart as a PNG at twice its drawn size (crisp when printed), with its width and height in pixels; for
/// formats that cannot hold SVG (Word). Text is set in the fonts embedded in Cairn, as in the PDF.
pub fn png(svg: &str) -> Option<(Vec<u8>, u32, u32)> {
    use resvg::{tiny_skia, usvg};
    use std::sync::{Arc, OnceLock};
    static FONTS: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    let fonts = FONTS.get_or_init(|| {
        let mut db = usvg::fontdb::Database::new();
        for font in crate::fonts::ALL {
            db.load_font_data(font.to_vec());
        }
        Arc::new(db)
    });
    let options = usvg::Options {
        fontdb: fonts.clone(),
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(svg, &options).ok()?;
    let size = tree.size().to_int_size().scale_by(2.0)?;
    let mut pixmap = tiny_skia::Pixmap::new(size.width(), size.height())?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(2.0, 2.0),
        &mut pixmap.as_mut(),
    );
    Some((pixmap.encode_png().ok()?, size.width(), size.height()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(name: &str, first: Option<u8>, latest: Option<u8>, target: Option<u8>) -> CompetencyRow {
        CompetencyRow {
            name: name.into(),
            first,
            first_on: None,
            latest,
            latest_on: None,
            target,
            gap: None,
        }
    }

    #[test]
    fn the_charts_text_stays_inside_them_in_the_widest_serif_a_reader_may_have() {
        // The HTML report names faces a reader may lack; on a Linux desktop its text then falls to DejaVu Serif,
        // wider than any of them, and SVG cuts off what passes its edge. The figures of a long pathway, three
        // digits each, must still show whole.
        use resvg::usvg;
        let dejavu = std::fs::read("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")
            .expect("DejaVu Serif (fonts-dejavu-core, installed by scripts/setup.sh)");
        let mut fonts = usvg::fontdb::Database::new();
        fonts.load_font_data(dejavu);
        fonts.set_serif_family("DejaVu Serif");
        let options = usvg::Options {
            fontdb: std::sync::Arc::new(fonts),
            ..usvg::Options::default()
        };
        let long = MilestoneProgress {
            title: "Connect with prospects and network".into(),
            progress: crate::model::Share::new(999, 999),
            done_in_period: 0,
        };
        let svg = milestone_bars(&[long]);
        let tree = usvg::Tree::from_str(&svg, &options).expect("the chart is valid SVG");
        let drawn = tree.root().abs_bounding_box();
        assert!(
            drawn.right() <= tree.size().width(),
            "the figures end at {} of {} units",
            drawn.right(),
            tree.size().width()
        );

        // The radar's names, long ones on every spoke: inside the chart on all four sides, and apart.
        let long_names = [
            "Instructional design and adult learning",
            "Needs assessment and gap analysis with a long tail of words",
            "Pharmacoepidemiologically-minded outcomes work",
            "Medical education agency pitching",
        ];
        for spokes in [3, 5, 8, 18] {
            let rows: Vec<CompetencyRow> = (0..spokes)
                .map(|i| row(long_names[i % long_names.len()], Some(1), Some(3), Some(5)))
                .collect();
            let svg = radar(&rows).expect("three or more competencies make a radar");
            let tree = usvg::Tree::from_str(&svg, &options).expect("the chart is valid SVG");
            let drawn = tree.root().abs_bounding_box();
            let size = tree.size();
            assert!(
                drawn.left() >= 0.0
                    && drawn.top() >= 0.0
                    && drawn.right() <= size.width()
                    && drawn.bottom() <= size.height(),
                "{spokes} spokes: drawn over {drawn:?}, the chart is {size:?}"
            );
            let names: Vec<usvg::Rect> = tree
                .root()
                .children()
                .iter()
                .filter_map(|node| match node {
                    usvg::Node::Text(text) => Some(text.abs_bounding_box()),
                    _ => None,
                })
                .collect();
            assert!(names.len() >= spokes, "a name per spoke");
            for (i, a) in names.iter().enumerate() {
                for b in &names[i + 1..] {
                    assert!(
                        a.intersect(b).is_none(),
                        "{spokes} spokes: names at {a:?} and {b:?} overlap"
                    );
                }
            }
        }
    }

    #[test]
    fn a_radar_label_is_a_few_short_lines_broken_between_words() {
        assert_eq!(label_lines("Slide decks", SIDE_LABEL), ["Slide decks"]);
        let long = "Instructional design and adult learning";
        assert_eq!(
            label_lines(long, SIDE_LABEL),
            ["Instructional design", "and adult learning"]
        );
        assert_eq!(
            label_lines(long, MIDDLE_LABEL),
            ["Instructional", "design and", "adult learning"]
        );
        assert_eq!(
            label_lines(
                "Needs assessment and gap analysis with a long tail of words",
                SIDE_LABEL
            ),
            ["Needs assessment and", "gap analysis with a…"]
        );
        assert_eq!(
            label_lines("Pharmacoepidemiologically-minded", SIDE_LABEL),
            ["Pharmacoepidemiologic…"]
        );
        assert_eq!(shorten("Writing for learners online", 20), "Writing for…");
    }

    #[test]
    fn the_report_radar_leaves_a_gap_for_a_missing_rating_and_fills_only_a_whole_outline() {
        let rows = [
            row("Writing", Some(2), Some(3), Some(4)),
            row("Evidence", None, Some(4), Some(4)),
            row("Design", Some(1), Some(2), Some(5)),
        ];
        let svg = radar(&rows).expect("three competencies make a radar");
        // The centre is (320, 220): no line of ratings may reach it.
        assert!(!svg.contains("320.0,220.0"), "{svg}");
        // Latest is rated everywhere: one filled outline. First misses "Evidence": an open line, unfilled.
        assert_eq!(svg.matches("fill-opacity=\"0.18\"").count(), 1);
        assert!(svg.contains("<polyline"), "first is open");
        assert_eq!(svg.matches("<circle").count(), 3 + 2 + 3, "a dot per rating");
        assert!(radar(&rows[..2]).is_none(), "two spokes make no shape");
    }
}
