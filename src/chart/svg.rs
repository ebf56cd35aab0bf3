//! The chart drawn as SVG: the one definition both outputs come from.
//!
//! An opaque white card with rounded corners: Discord shows attachments on a light or a
//! dark background, and dark text on a card of its own reads on both. Colours are the
//! Okabe–Ito palette, told apart by people with the common colour-vision deficiencies;
//! "other" is grey. Every piece of corpus text (the name, the topics, the filter) is
//! escaped for XML and shortened to the room it has.

use std::collections::BTreeMap;
use std::fmt::Write;

use chrono::NaiveDate;

use super::model::{self, Layout, Range, Scale};
use super::{Timeline, HEIGHT, WIDTH};

/// The plot's box on the card, in pixels.
const PLOT_LEFT: f64 = 60.0;
const PLOT_RIGHT: f64 = 620.0;
const PLOT_TOP: f64 = 84.0;
const PLOT_BOTTOM: f64 = 344.0;
/// Where the legend starts.
const LEGEND_LEFT: f64 = 644.0;
const LEGEND_TOP: f64 = 96.0;

/// A dot's slot: 10 px dots 1 px apart, big enough to see in Discord's preview.
pub const MARKS_LAYOUT: Layout = Layout {
    width: PLOT_RIGHT - PLOT_LEFT,
    height: PLOT_BOTTOM - PLOT_TOP,
    slot: 11.0,
};

const CARD: &str = "#ffffff";
const CARD_EDGE: &str = "#d0d7de";
const INK: &str = "#1f2328";
const MUTED: &str = "#57606a";
const GRID: &str = "#e6e8eb";
const AXIS: &str = "#8c959f";
/// Topic colours, most frequent topic first (Okabe–Ito), then "other".
const TOPIC_COLOURS: [&str; model::MAX_TOPICS] =
    ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00"];
const OTHER_COLOUR: &str = "#8C959F";

/// Characters that fit: the title at 19 px bold across the card, a legend label at 13 px
/// in the legend's 140 px.
const TITLE_CHARS: usize = 62;
const SUBTITLE_CHARS: usize = 100;
const LEGEND_CHARS: usize = 16;

/// The whole chart as an SVG document.
pub fn draw(t: &Timeline) -> String {
    let mut s = String::with_capacity(16 * 1024 + t.points.len() * 120);
    let title = shorten(&t.title(), TITLE_CHARS);
    let _ = write!(
        s,
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="whosaid-chart-title whosaid-chart-desc" font-family="{}, Verdana, sans-serif">"##,
        super::png::FAMILY
    );
    let _ = write!(
        s,
        r#"<title id="whosaid-chart-title">{}</title><desc id="whosaid-chart-desc">{}</desc>"#,
        esc(&title),
        esc(&t.description())
    );
    let _ = write!(
        s,
        r#"<rect x="0.5" y="0.5" width="{}" height="{}" rx="12" fill="{CARD}" stroke="{CARD_EDGE}"/>"#,
        WIDTH - 1,
        HEIGHT - 1
    );
    text(&mut s, 24.0, 36.0, 19, "start", INK, true, &title);
    let Some(range) = t.range else {
        text(
            &mut s,
            24.0,
            84.0,
            15,
            "start",
            MUTED,
            false,
            &shorten(&t.nothing_to_draw().to_string(), SUBTITLE_CHARS),
        );
        s.push_str("</svg>");
        return s;
    };
    text(
        &mut s,
        24.0,
        58.0,
        13,
        "start",
        MUTED,
        false,
        &shorten(&t.subtitle(), SUBTITLE_CHARS),
    );
    match t.scale {
        Scale::Marks => marks(&mut s, t, range),
        scale => bars(&mut s, t, range, scale),
    }
    date_axis(&mut s, range);
    legend(&mut s, t);
    let mut notes = Vec::new();
    if t.undated > 0 {
        notes.push(format!("{} undated not shown", t.undated));
    }
    if t.truncated {
        notes.push("only the newest statements".to_string());
    }
    if !notes.is_empty() {
        text(
            &mut s,
            24.0,
            388.0,
            11,
            "start",
            MUTED,
            false,
            &notes.join(" · "),
        );
    }
    s.push_str("</svg>");
    s
}

/// The x of the start of day `d`.
fn x_of(d: NaiveDate, range: Range) -> f64 {
    let days = (d - range.start).num_days() as f64;
    PLOT_LEFT + days / range.days() as f64 * (PLOT_RIGHT - PLOT_LEFT)
}

fn colour(topic: Option<usize>) -> &'static str {
    topic
        .and_then(|i| TOPIC_COLOURS.get(i).copied())
        .unwrap_or(OTHER_COLOUR)
}

/// A dot per statement, stacked in slots a dot wide; in a slot, topics in legend order.
fn marks(s: &mut String, t: &Timeline, range: Range) {
    baseline(s);
    let mut points: Vec<(usize, &model::Point)> = t
        .points
        .iter()
        .map(|p| (model::slot_of(p.date, range, MARKS_LAYOUT), p))
        .collect();
    // "Other" (None) after the topics, then by date: the same statements, the same picture.
    points.sort_by_key(|(slot, p)| (*slot, p.topic.is_none(), p.topic, p.date));
    let slot = MARKS_LAYOUT.slot;
    let mut level = 0;
    let mut last_slot = None;
    for (at, p) in points {
        level = if last_slot == Some(at) { level + 1 } else { 0 };
        last_slot = Some(at);
        let cx = PLOT_LEFT + (at as f64 + 0.5) * slot;
        let cy = PLOT_BOTTOM - (level as f64 + 0.5) * slot;
        let _ = write!(
            s,
            r#"<circle cx="{cx:.1}" cy="{cy:.1}" r="5" fill="{}"/>"#,
            colour(p.topic)
        );
    }
}

/// Counts per bucket as bars, stacked by topic in legend order with "other" on top.
fn bars(s: &mut String, t: &Timeline, range: Range, scale: Scale) {
    let slots = t.topics.len() + 1;
    let mut buckets: BTreeMap<NaiveDate, Vec<usize>> = BTreeMap::new();
    for p in &t.points {
        let counts = buckets
            .entry(model::bucket_start(scale, p.date))
            .or_insert_with(|| vec![0; slots]);
        let i = p.topic.unwrap_or(slots - 1).min(slots - 1);
        counts[i] += 1;
    }
    let tallest = buckets
        .values()
        .map(|c| c.iter().sum::<usize>())
        .max()
        .unwrap_or(0);
    let (step, top) = model::count_axis(tallest);
    let per = (PLOT_BOTTOM - PLOT_TOP) / top as f64;
    let mut n = step;
    while n <= top {
        let y = PLOT_BOTTOM - n as f64 * per;
        let _ = write!(
            s,
            r#"<line x1="{PLOT_LEFT}" y1="{y:.1}" x2="{PLOT_RIGHT}" y2="{y:.1}" stroke="{GRID}"/>"#
        );
        text(
            s,
            PLOT_LEFT - 8.0,
            y + 4.0,
            11,
            "end",
            MUTED,
            false,
            &n.to_string(),
        );
        n += step;
    }
    text(
        s,
        PLOT_LEFT - 8.0,
        PLOT_BOTTOM + 4.0,
        11,
        "end",
        MUTED,
        false,
        "0",
    );
    for (start, counts) in &buckets {
        let x0 = x_of(*start, range);
        let x1 = x_of(model::next_bucket(scale, *start), range);
        let gap = ((x1 - x0) * 0.2).min(2.0);
        let width = (x1 - x0 - gap).max(1.0);
        let mut y = PLOT_BOTTOM;
        for (i, c) in counts.iter().enumerate().filter(|(_, c)| **c > 0) {
            let h = *c as f64 * per;
            y -= h;
            let topic = (i < t.topics.len()).then_some(i);
            let _ = write!(
                s,
                r#"<rect x="{:.1}" y="{y:.1}" width="{width:.1}" height="{h:.1}" fill="{}"/>"#,
                x0 + gap / 2.0,
                colour(topic)
            );
        }
    }
    baseline(s);
}

fn baseline(s: &mut String) {
    let _ = write!(
        s,
        r#"<line x1="{PLOT_LEFT}" y1="{PLOT_BOTTOM}" x2="{PLOT_RIGHT}" y2="{PLOT_BOTTOM}" stroke="{AXIS}"/>"#
    );
}

/// Round dates under the plot, each with a tick.
fn date_axis(s: &mut String, range: Range) {
    for (d, label) in model::ticks(range) {
        let x = x_of(d, range);
        let _ = write!(
            s,
            r#"<line x1="{x:.1}" y1="{PLOT_BOTTOM}" x2="{x:.1}" y2="{}" stroke="{AXIS}"/>"#,
            PLOT_BOTTOM + 5.0
        );
        text(s, x, PLOT_BOTTOM + 20.0, 11, "middle", MUTED, false, &label);
    }
}

/// The topics, most frequent first, then "other" when any statement is.
fn legend(s: &mut String, t: &Timeline) {
    let mut entries: Vec<(&str, Option<usize>, usize)> = t
        .topics
        .iter()
        .enumerate()
        .map(|(i, topic)| (topic.label.as_str(), Some(i), topic.statements))
        .collect();
    let other = t.count_of(None);
    if other > 0 {
        entries.push(("other", None, other));
    }
    text(s, LEGEND_LEFT, LEGEND_TOP, 13, "start", INK, true, "Topics");
    for (row, (label, topic, n)) in entries.into_iter().enumerate() {
        let y = LEGEND_TOP + 14.0 + row as f64 * 22.0;
        let _ = write!(
            s,
            r#"<rect x="{LEGEND_LEFT}" y="{y:.1}" width="12" height="12" rx="2" fill="{}"/>"#,
            colour(topic)
        );
        let label = format!("{} ({n})", shorten(label, LEGEND_CHARS));
        text(
            s,
            LEGEND_LEFT + 18.0,
            y + 11.0,
            13,
            "start",
            INK,
            false,
            &label,
        );
    }
}

#[allow(clippy::too_many_arguments)]
fn text(
    s: &mut String,
    x: f64,
    y: f64,
    size: u32,
    anchor: &str,
    fill: &str,
    bold: bool,
    content: &str,
) {
    let weight = if bold { r#" font-weight="bold""# } else { "" };
    let _ = write!(
        s,
        r#"<text x="{x:.1}" y="{y:.1}" font-size="{size}" text-anchor="{anchor}" fill="{fill}"{weight}>{}</text>"#,
        esc(content)
    );
}

/// At most `max` characters, with an ellipsis when cut.
fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// Text as XML character data or an attribute value: markup characters escaped, and the
/// characters XML 1.0 forbids (most control characters) dropped, so no article can break
/// or script the document.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(' '),
            c if c.is_control() || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}
