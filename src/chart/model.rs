//! What the chart shows, before any drawing: each statement's date and topic, the scale
//! (a mark per statement, or counts per day, week or month) and the dates on the axis.
//! Pure functions over dates and words, tested by tables.

use std::collections::HashMap;

use chrono::{Datelike, Duration, NaiveDate};
use rust_stemmers::{Algorithm, Stemmer};

use crate::qa::{rank, CitedStatement};

/// The most topics with a colour of their own; the rest are "other". Five colours and a
/// grey tell apart at a glance; more need a legend lookup for every mark.
pub const MAX_TOPICS: usize = 5;
/// A word must be in this many statements to be a topic: once is an aside, not a subject.
const MIN_TOPIC_STATEMENTS: usize = 2;
/// Shorter words are rarely a subject ("war" is the exception worth keeping at three).
const MIN_TOPIC_CHARS: usize = 3;

/// How the statements are drawn along the time axis.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scale {
    /// A dot per statement, stacked where they fall on the same few pixels.
    Marks,
    /// A stacked bar of statements per day, week (from Monday) or calendar month.
    Day,
    Week,
    Month,
}

impl Scale {
    /// How the scale reads in a subtitle and a description.
    pub fn words(self) -> &'static str {
        match self {
            Scale::Marks => "a dot per statement",
            Scale::Day => "counted per day",
            Scale::Week => "counted per week",
            Scale::Month => "counted per month",
        }
    }
}

/// When a scale reads well: at most so many statements (marks stay countable) and at most
/// so many buckets across the span (a bar at least ~7 px wide on a 560 px plot).
struct ScaleRule {
    scale: Scale,
    max_statements: usize,
    max_buckets: usize,
}

/// Tried in order; the first that fits is used, and months always fit. Marks also need
/// their tallest stack to fit the plot (see [`Layout::max_stack`]).
const SCALE_RULES: [ScaleRule; 4] = [
    ScaleRule {
        scale: Scale::Marks,
        max_statements: 150,
        max_buckets: usize::MAX,
    },
    ScaleRule {
        scale: Scale::Day,
        max_statements: usize::MAX,
        max_buckets: 62,
    },
    ScaleRule {
        scale: Scale::Week,
        max_statements: usize::MAX,
        max_buckets: 80,
    },
    ScaleRule {
        scale: Scale::Month,
        max_statements: usize::MAX,
        max_buckets: usize::MAX,
    },
];

/// The horizontal room for marks: the plot's width and height in pixels and a dot's slot.
#[derive(Clone, Copy, Debug)]
pub struct Layout {
    pub width: f64,
    pub height: f64,
    /// A dot's diameter plus the gap to the next, horizontally and vertically.
    pub slot: f64,
}

impl Layout {
    /// The most dots one slot may stack before marks stop reading (they would leave the plot).
    pub fn max_stack(&self) -> usize {
        (self.height / self.slot).floor() as usize
    }
}

/// A statement as the chart sees it: its day and its topic (an index into the topics, or
/// `None` for "other").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Point {
    pub date: NaiveDate,
    pub topic: Option<usize>,
}

/// The day a statement is drawn on: the day it was said when the article says so (the
/// first day of a longer span, "in February"), else the day it was published; the order
/// `qa` lists statements in.
pub fn statement_date(st: &CitedStatement) -> Option<NaiveDate> {
    st.when
        .as_ref()
        .and_then(|w| w.start)
        .or(st.document.published)
}

/// The dates on the axis: first and last day drawn (the last included).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Range {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

impl Range {
    /// Days drawn, both ends included.
    pub fn days(&self) -> i64 {
        (self.end - self.start).num_days() + 1
    }
}

/// The first day of the bucket `d` falls in.
pub fn bucket_start(scale: Scale, d: NaiveDate) -> NaiveDate {
    match scale {
        Scale::Marks | Scale::Day => d,
        Scale::Week => d - Duration::days(i64::from(d.weekday().num_days_from_monday())),
        Scale::Month => d.with_day(1).unwrap_or(d),
    }
}

/// The first day of the bucket after the one starting on `start`.
pub fn next_bucket(scale: Scale, start: NaiveDate) -> NaiveDate {
    match scale {
        Scale::Marks | Scale::Day => start + Duration::days(1),
        Scale::Week => start + Duration::days(7),
        Scale::Month => add_months(start, 1),
    }
}

fn add_months(d: NaiveDate, n: u32) -> NaiveDate {
    d.checked_add_months(chrono::Months::new(n))
        .unwrap_or(NaiveDate::MAX)
}

/// The range drawn for a scale: whole buckets, or for marks the statements' days with a
/// margin (a dot on the plot's edge looks cut off) and at least a week.
pub fn range_for(scale: Scale, first: NaiveDate, last: NaiveDate) -> Range {
    match scale {
        Scale::Marks => {
            let span = (last - first).num_days();
            let pad = (span / 20).max(1);
            let short = (7 - (span + 1 + 2 * pad)).max(0);
            Range {
                start: first - Duration::days(pad + short / 2),
                end: last + Duration::days(pad + short - short / 2),
            }
        }
        _ => Range {
            start: bucket_start(scale, first),
            end: next_bucket(scale, bucket_start(scale, last)) - Duration::days(1),
        },
    }
}

/// How many buckets of `scale` cover `first..=last`.
fn buckets_between(scale: Scale, first: NaiveDate, last: NaiveDate) -> usize {
    let mut n = 0;
    let mut at = bucket_start(scale, first);
    while at <= last {
        n += 1;
        at = next_bucket(scale, at);
    }
    n
}

/// The slot (a column `layout.slot` wide) each date's dot falls in, on `range`.
pub fn slot_of(d: NaiveDate, range: Range, layout: Layout) -> usize {
    let x = ((d - range.start).num_days() as f64 + 0.5) / range.days() as f64 * layout.width;
    (x / layout.slot).floor().max(0.0) as usize
}

/// The tallest stack of dots marks would draw.
fn tallest_stack(dates: &[NaiveDate], range: Range, layout: Layout) -> usize {
    let mut stacks: HashMap<usize, usize> = HashMap::new();
    for d in dates {
        *stacks.entry(slot_of(*d, range, layout)).or_default() += 1;
    }
    stacks.values().copied().max().unwrap_or(0)
}

/// The scale that reads best for these dates: the first of [`SCALE_RULES`] that fits.
pub fn choose_scale(dates: &[NaiveDate], layout: Layout) -> Scale {
    let (Some(first), Some(last)) = (dates.iter().min(), dates.iter().max()) else {
        return Scale::Marks;
    };
    for rule in &SCALE_RULES {
        if dates.len() > rule.max_statements {
            continue;
        }
        let fits = match rule.scale {
            Scale::Marks => {
                let range = range_for(Scale::Marks, *first, *last);
                tallest_stack(dates, range, layout) <= layout.max_stack()
            }
            s => buckets_between(s, *first, *last) <= rule.max_buckets,
        };
        if fits {
            return rule.scale;
        }
    }
    Scale::Month
}

/// A topic in the legend: the word as most often written, and how many statements it
/// colours.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Topic {
    pub label: String,
    pub statements: usize,
}

/// The words of a statement's content that can be a topic, as written: `qa`'s topic words
/// (no stop words, negations or modal verbs), not a number, not too short.
fn candidate_words(content: &str) -> impl Iterator<Item = &str> {
    content
        .split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .map(|w| w.trim_matches('-'))
        .filter(|w| w.chars().count() >= MIN_TOPIC_CHARS)
        .filter(|w| w.chars().any(char::is_alphabetic))
        .filter(|w| !rank::topic_words(w).is_empty())
}

/// The person's most frequent topics (by the number of statements whose content holds the
/// word, forms of one word counted together) and each statement's topic: the first chosen
/// topic it mentions. Words of the person's name and of the filter's topic say nothing
/// about the statement (every one of them has them), so they are left out.
pub fn topics(
    contents: &[&str],
    leave_out: &[String],
    max: usize,
) -> (Vec<Topic>, Vec<Option<usize>>) {
    let stemmer = Stemmer::create(Algorithm::English);
    let left_out: Vec<String> = leave_out
        .iter()
        .flat_map(|t| rank::content_words(t))
        .map(|w| stemmer.stem(&w).into_owned())
        .collect();
    // Per statement, the stems it holds; per stem, its written forms.
    let mut per_statement: Vec<Vec<String>> = Vec::with_capacity(contents.len());
    let mut forms: HashMap<String, HashMap<String, usize>> = HashMap::new();
    for content in contents {
        let mut stems: Vec<String> = Vec::new();
        for word in candidate_words(content) {
            let stem = stemmer.stem(&word.to_lowercase()).into_owned();
            if left_out.contains(&stem) {
                continue;
            }
            *forms
                .entry(stem.clone())
                .or_default()
                .entry(word.to_string())
                .or_default() += 1;
            if !stems.contains(&stem) {
                stems.push(stem);
            }
        }
        per_statement.push(stems);
    }
    // Greedy: the word most statements not yet coloured share, then the next among the
    // rest, so each topic in the legend colours statements of its own (a word that only
    // ever comes with a bigger topic, "percent" with "NATO", would colour nothing).
    let mut assigned: Vec<Option<usize>> = vec![None; per_statement.len()];
    let mut topics: Vec<Topic> = Vec::new();
    while topics.len() < max {
        let mut open: HashMap<&str, usize> = HashMap::new();
        for (stems, topic) in per_statement.iter().zip(&assigned) {
            if topic.is_none() {
                for s in stems {
                    *open.entry(s.as_str()).or_default() += 1;
                }
            }
        }
        // Most statements first; ties by stem, so the same statements give the same chart.
        let Some((stem, n)) = open
            .into_iter()
            .filter(|(_, n)| *n >= MIN_TOPIC_STATEMENTS)
            .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(a.0)))
        else {
            break;
        };
        let stem = stem.to_string();
        let i = topics.len();
        for (stems, topic) in per_statement.iter().zip(assigned.iter_mut()) {
            if topic.is_none() && stems.contains(&stem) {
                *topic = Some(i);
            }
        }
        let label = forms
            .get(&stem)
            .and_then(|f| {
                f.iter()
                    .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
                    .map(|(w, _)| w.clone())
            })
            .unwrap_or_else(|| stem.clone());
        topics.push(Topic {
            label,
            statements: n,
        });
    }
    (topics, assigned)
}

/// A step between dates on the axis.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Step {
    Days(i64),
    Weeks(i64),
    Months(u32),
    Years(i32),
}

/// Tried in order; the first that puts at most [`MAX_TICKS`] dates on the axis is used.
const TICK_STEPS: [Step; 11] = [
    Step::Days(1),
    Step::Days(2),
    Step::Weeks(1),
    Step::Weeks(2),
    Step::Months(1),
    Step::Months(3),
    Step::Months(6),
    Step::Years(1),
    Step::Years(2),
    Step::Years(5),
    Step::Years(10),
];
/// The most dates on the axis: each label needs ~70 px on a 560 px plot.
pub const MAX_TICKS: usize = 7;

/// The dates marked on the axis and their labels ("3 Oct", "Oct 2025", "2025").
pub fn ticks(range: Range) -> Vec<(NaiveDate, String)> {
    for step in TICK_STEPS {
        let dates = tick_dates(step, range);
        if dates.len() <= MAX_TICKS {
            let format = match step {
                Step::Days(_) | Step::Weeks(_) => "%-d %b",
                Step::Months(_) => "%b %Y",
                Step::Years(_) => "%Y",
            };
            return dates
                .into_iter()
                .map(|d| (d, d.format(format).to_string()))
                .collect();
        }
    }
    Vec::new()
}

/// Dates of one step within the range, on round days: Mondays, the first of a month
/// (January, April… for quarters), the first of January.
fn tick_dates(step: Step, range: Range) -> Vec<NaiveDate> {
    let mut out = Vec::new();
    let mut at = match step {
        Step::Days(n) => {
            let offset = range.start.num_days_from_ce().rem_euclid(n as i32);
            if offset == 0 {
                range.start
            } else {
                range.start + Duration::days(n - i64::from(offset))
            }
        }
        Step::Weeks(_) => {
            let back = i64::from(range.start.weekday().num_days_from_monday());
            if back == 0 {
                range.start
            } else {
                range.start + Duration::days(7 - back)
            }
        }
        Step::Months(n) => {
            let mut d = bucket_start(Scale::Month, range.start);
            if d < range.start {
                d = add_months(d, 1);
            }
            while d.month0() % n != 0 {
                d = add_months(d, 1);
            }
            d
        }
        Step::Years(n) => {
            let mut y = range.start.year();
            if NaiveDate::from_ymd_opt(y, 1, 1).is_some_and(|d| d < range.start) {
                y += 1;
            }
            y += (n - y.rem_euclid(n)) % n;
            NaiveDate::from_ymd_opt(y, 1, 1).unwrap_or(NaiveDate::MAX)
        }
    };
    // Bounded: a step never yields more dates than the range has days.
    while at <= range.end && out.len() <= range.days() as usize {
        out.push(at);
        at = match step {
            Step::Days(n) => at + Duration::days(n),
            Step::Weeks(n) => at + Duration::days(7 * n),
            Step::Months(n) => add_months(at, n),
            Step::Years(n) => at.with_year(at.year() + n).unwrap_or(NaiveDate::MAX),
        };
    }
    out
}

/// Round numbers for a count axis: a step of 1, 2 or 5 times a power of ten giving at most
/// five gridlines above zero, and the top of the axis (a multiple of the step).
pub fn count_axis(max: usize) -> (usize, usize) {
    let max = max.max(1);
    let mut base = 1;
    loop {
        for m in [1, 2, 5] {
            let step = m * base;
            if max.div_ceil(step) <= 5 {
                return (step, max.div_ceil(step) * step);
            }
        }
        base *= 10;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
    }

    const LAYOUT: Layout = Layout {
        width: 560.0,
        height: 260.0,
        slot: 11.0,
    };

    /// `n` statements spread evenly over `days` days from 2024-01-01.
    fn spread(n: usize, days: i64) -> Vec<NaiveDate> {
        (0..n)
            .map(|i| d("2024-01-01") + Duration::days(i as i64 * days / n.max(1) as i64))
            .collect()
    }

    #[test]
    fn the_scale_follows_count_and_span() {
        let cases: [(&str, Vec<NaiveDate>, Scale); 8] = [
            ("one statement", spread(1, 1), Scale::Marks),
            ("a dozen over two years", spread(12, 730), Scale::Marks),
            ("150 over two years", spread(150, 730), Scale::Marks),
            ("60 on one day stack too high", spread(60, 1), Scale::Day),
            ("200 over a month", spread(200, 30), Scale::Day),
            ("500 over a year", spread(500, 365), Scale::Week),
            ("500 over three years", spread(500, 3 * 365), Scale::Month),
            ("1,000 over ten years", spread(1_000, 3_650), Scale::Month),
        ];
        for (what, dates, want) in cases {
            assert_eq!(choose_scale(&dates, LAYOUT), want, "{what}");
        }
    }

    #[test]
    fn buckets_start_on_round_days() {
        let cases = [
            (Scale::Day, "2025-10-08", "2025-10-08", "2025-10-09"),
            (Scale::Week, "2025-10-08", "2025-10-06", "2025-10-13"),
            (Scale::Week, "2025-10-06", "2025-10-06", "2025-10-13"),
            (Scale::Month, "2025-12-31", "2025-12-01", "2026-01-01"),
        ];
        for (scale, day, start, next) in cases {
            assert_eq!(bucket_start(scale, d(day)), d(start), "{scale:?} {day}");
            assert_eq!(next_bucket(scale, d(start)), d(next), "{scale:?} {day}");
        }
    }

    #[test]
    fn marks_have_a_margin_and_at_least_a_week() {
        let r = range_for(Scale::Marks, d("2025-10-08"), d("2025-10-08"));
        assert_eq!(r.days(), 7);
        assert!(r.start < d("2025-10-08") && r.end > d("2025-10-08"));
        let r = range_for(Scale::Marks, d("2024-01-01"), d("2024-12-31"));
        assert!(r.start < d("2024-01-01") && r.end > d("2024-12-31"));
        let r = range_for(Scale::Month, d("2024-01-15"), d("2024-03-02"));
        assert_eq!((r.start, r.end), (d("2024-01-01"), d("2024-03-31")));
    }

    #[test]
    fn axis_dates_are_few_and_round() {
        let cases = [
            ("2025-10-01", "2025-10-05", "1 Oct", 5),
            ("2025-09-01", "2025-10-31", "1 Sep", 5),
            ("2024-01-01", "2024-12-31", "Jan 2024", 4),
            ("2015-01-01", "2025-06-30", "2016", 5),
        ];
        for (start, end, first, n) in cases {
            let t = ticks(Range {
                start: d(start),
                end: d(end),
            });
            assert!(t.len() <= MAX_TICKS, "{start}..{end}: {t:?}");
            assert_eq!(t.len(), n, "{start}..{end}: {t:?}");
            assert_eq!(t[0].1, first, "{start}..{end}: {t:?}");
        }
    }

    #[test]
    fn count_axes_are_round() {
        for (max, want) in [
            (0, (1, 1)),
            (3, (1, 3)),
            (7, (2, 8)),
            (10, (2, 10)),
            (19, (5, 20)),
            (231, (50, 250)),
        ] {
            assert_eq!(count_axis(max), want, "{max}");
        }
    }

    #[test]
    fn topics_are_the_words_most_statements_share() {
        let contents = [
            "Sanctions on Russia must stay until Ukraine is free.",
            "The sanction regime against Russia works.",
            "Ukraine needs air defence now.",
            "NATO spending must rise.",
            "Rutte said NATO was united.",
        ];
        let (topics, assigned) = topics(&contents, &["Mark Rutte".to_string()], 4);
        let labels: Vec<&str> = topics.iter().map(|t| t.label.as_str()).collect();
        // Forms of one word count together ("Sanctions", "sanction"); the person's own name
        // is not a topic; once Russia colours its two statements, Sanctions and Ukraine
        // have one statement each left, too few for a topic.
        assert_eq!(labels, ["NATO", "Russia"]);
        assert_eq!(topics[1].statements, 2);
        assert_eq!(assigned, [Some(1), Some(1), None, Some(0), Some(0)]);
        // Leaving out the filter's topic: about Russia, Russia colours nothing.
        let (topics, _) = super::topics(&contents, &["Russia".to_string()], 3);
        assert!(topics.iter().all(|t| t.label != "Russia"), "{topics:?}");
    }
}
