//! The timeline picture: one person's statements over time, coloured by the topics they
//! spoke on most, with dates on the axis and the person's name and span in the title.
//!
//! One definition, two outputs: [`Timeline::svg`] draws the chart as a self-contained SVG
//! (the web page shows it as is), and [`Timeline::png`] rasterises that same SVG with
//! resvg (Discord shows the PNG), with the DejaVu fonts shipped in the binary
//! (`fonts/`, licence beside them): no system fonts, no network, no browser.
//!
//! - `model`: what is drawn, before any drawing: each statement's day and topic, the
//!   scale (a dot per statement, or counts per day, week or month, chosen by a table of
//!   rules on count and span), the axis dates.
//! - `svg`: the drawing, on an opaque card so it reads on Discord's light and dark themes;
//!   every piece of corpus text escaped.
//! - `png`: the SVG to PNG.
//!
//! Calls `qa` (a person's statements, the topic words of the question reader) and
//! `render::phrasing` (dates in words); nothing of `bot` or `cli`, which call it.

mod model;
mod png;
mod svg;

use chrono::NaiveDate;

use crate::qa::{PersonFilter, PersonStatements};
use crate::render::phrasing::date_words;

pub use model::Scale;

/// The picture's size in pixels: what Discord previews without scaling it down much.
pub const WIDTH: u32 = 800;
pub const HEIGHT: u32 = 400;

/// Why a chart could not be drawn.
#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    /// Nothing to draw: no statement, or none with a date.
    #[error("no dated statements by {name} to draw{filter}")]
    NoStatements { name: String, filter: String },
    /// The SVG did not parse back, or the picture could not be encoded (a bug, not data).
    #[error("could not draw the chart as PNG: {0}")]
    Render(String),
}

/// A timeline chart of one person's statements, ready to draw.
#[derive(Clone, Debug)]
pub struct Timeline {
    name: String,
    filter: PersonFilter,
    points: Vec<model::Point>,
    /// Statements with no date at all (neither said nor published): not drawn, counted.
    undated: usize,
    /// `qa` listed only the newest statements.
    truncated: bool,
    topics: Vec<model::Topic>,
    scale: Scale,
    /// The dates on the axis; `None` when nothing is drawn.
    range: Option<model::Range>,
}

impl Timeline {
    /// The chart of `p`'s statements as `filter` selected them (the filter's topic is said
    /// in the subtitle and is no colour of its own: every statement is about it).
    #[tracing::instrument(skip_all, fields(name = %p.name, statements = p.statements.len()))]
    pub fn new(p: &PersonStatements, filter: &PersonFilter) -> Timeline {
        let dated: Vec<(NaiveDate, &str)> = p
            .statements
            .iter()
            .filter_map(|st| model::statement_date(st).map(|d| (d, st.content.as_str())))
            .collect();
        let undated = p.statements.len() - dated.len();
        let contents: Vec<&str> = dated.iter().map(|(_, c)| *c).collect();
        let mut leave_out = vec![p.name.clone()];
        leave_out.extend(filter.about.clone());
        let (topics, assigned) = model::topics(&contents, &leave_out, model::MAX_TOPICS);
        let points: Vec<model::Point> = dated
            .iter()
            .zip(assigned)
            .map(|((date, _), topic)| model::Point { date: *date, topic })
            .collect();
        let dates: Vec<NaiveDate> = points.iter().map(|p| p.date).collect();
        let scale = model::choose_scale(&dates, svg::MARKS_LAYOUT);
        let range = match (dates.iter().min(), dates.iter().max()) {
            (Some(first), Some(last)) => Some(model::range_for(scale, *first, *last)),
            _ => None,
        };
        Timeline {
            name: p.name.clone(),
            filter: filter.clone(),
            points,
            undated,
            truncated: p.truncated,
            topics,
            scale,
            range,
        }
    }

    /// The chart as a standalone SVG document, [`WIDTH`]×[`HEIGHT`], with its title and
    /// [`Timeline::description`] inside for screen readers. With nothing to draw, a card
    /// that says so in words (never empty axes).
    pub fn svg(&self) -> String {
        svg::draw(self)
    }

    /// The chart as PNG, [`WIDTH`]×[`HEIGHT`]: [`Timeline::svg`] rasterised.
    #[tracing::instrument(skip_all, fields(name = %self.name))]
    pub fn png(&self) -> Result<Vec<u8>, ChartError> {
        self.ready()?;
        png::rasterise(&self.svg())
    }

    /// The chart in words, for the attachment's description and the SVG's `<desc>`: whose
    /// statements, when, how many, the top topics and the busiest period.
    pub fn description(&self) -> String {
        let Some((first, last)) = self.first_last() else {
            return format!("{}.", self.nothing_to_draw());
        };
        let mut out = format!(
            "Timeline of statements by {}{}, {}: {} {}, {}.",
            self.name,
            self.about_words(),
            span_words(first, last),
            self.points.len(),
            plural(self.points.len(), "statement"),
            self.scale.words()
        );
        if !self.topics.is_empty() {
            let named: Vec<String> = self
                .topics
                .iter()
                .map(|t| format!("{} ({})", t.label, t.statements))
                .collect();
            out.push_str(&format!(" Topics: {}", named.join(", ")));
            let other = self.count_of(None);
            if other > 0 {
                out.push_str(&format!(", other ({other})"));
            }
            out.push('.');
        }
        if let Some((start, n)) = self.busiest() {
            out.push_str(&format!(
                " Busiest {}: {} {}.",
                self.period_words(start),
                n,
                plural(n, "statement")
            ));
        }
        if self.undated > 0 {
            out.push_str(&format!(
                " {} without a date not shown.",
                plural_count(self.undated, "statement")
            ));
        }
        if self.truncated {
            out.push_str(" Only the newest statements are included.");
        }
        out
    }

    /// `Err` when there is nothing to draw (no statement has a date): what
    /// [`Timeline::png`] refuses with, for a caller that wants the SVG only when it shows
    /// something.
    pub fn ready(&self) -> Result<(), ChartError> {
        if self.is_empty() {
            return Err(self.nothing_to_draw());
        }
        Ok(())
    }

    /// Nothing to draw: [`Timeline::png`] refuses and [`Timeline::svg`] says so.
    pub fn is_empty(&self) -> bool {
        self.points.is_empty()
    }

    /// How the statements are drawn (chosen by count and span).
    pub fn scale(&self) -> Scale {
        self.scale
    }

    /// The topics in the legend, most frequent first ("other" not included).
    pub fn topics(&self) -> Vec<&str> {
        self.topics.iter().map(|t| t.label.as_str()).collect()
    }

    /// The title: the person's name and the span of the statements drawn.
    pub fn title(&self) -> String {
        match self.first_last() {
            Some((first, last)) => format!("{} · {}", self.name, span_words(first, last)),
            None => self.name.clone(),
        }
    }

    fn nothing_to_draw(&self) -> ChartError {
        ChartError::NoStatements {
            name: self.name.clone(),
            filter: self.filter_words(),
        }
    }

    fn first_last(&self) -> Option<(NaiveDate, NaiveDate)> {
        let first = self.points.iter().map(|p| p.date).min()?;
        let last = self.points.iter().map(|p| p.date).max()?;
        Some((first, last))
    }

    fn count_of(&self, topic: Option<usize>) -> usize {
        self.points.iter().filter(|p| p.topic == topic).count()
    }

    /// The bucket (or, for marks, the day) with most statements, earliest on a tie.
    fn busiest(&self) -> Option<(NaiveDate, usize)> {
        let scale = match self.scale {
            Scale::Marks => Scale::Day,
            s => s,
        };
        let mut counts: std::collections::BTreeMap<NaiveDate, usize> = Default::default();
        for p in &self.points {
            *counts
                .entry(model::bucket_start(scale, p.date))
                .or_default() += 1;
        }
        counts
            .into_iter()
            .fold(None, |best, (d, n)| match best {
                Some((_, m)) if m >= n => best,
                _ => Some((d, n)),
            })
            .filter(|(_, n)| *n > 1)
    }

    fn period_words(&self, start: NaiveDate) -> String {
        match self.scale {
            Scale::Marks | Scale::Day => format!("day: {}", date_words(start)),
            Scale::Week => format!("week: the week of {}", date_words(start)),
            Scale::Month => format!("month: {}", start.format("%B %Y")),
        }
    }

    /// " about NATO" for a filtered chart.
    fn about_words(&self) -> String {
        match &self.filter.about {
            Some(a) if !a.trim().is_empty() => format!(" about {}", a.trim()),
            _ => String::new(),
        }
    }

    /// The whole filter in words, for an error: " about NATO since 1 January 2025".
    fn filter_words(&self) -> String {
        let mut out = self.about_words();
        if let Some(s) = self.filter.since {
            out.push_str(&format!(" since {}", date_words(s)));
        }
        if let Some(u) = self.filter.until {
            out.push_str(&format!(" until {}", date_words(u)));
        }
        out
    }

    /// The subtitle: how many, how drawn, the filter.
    fn subtitle(&self) -> String {
        let mut parts = vec![
            plural_count(self.points.len(), "statement"),
            self.scale.words().to_string(),
        ];
        let filter = self.filter_words();
        if !filter.is_empty() {
            parts.push(filter.trim().to_string());
        }
        parts.join(" · ")
    }
}

fn span_words(first: NaiveDate, last: NaiveDate) -> String {
    if first == last {
        date_words(first)
    } else {
        format!("{} – {}", date_words(first), date_words(last))
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        word.to_string()
    } else {
        format!("{word}s")
    }
}

fn plural_count(n: usize, word: &str) -> String {
    format!("{n} {}", plural(n, word))
}

/// `n` made-up statements by `name` spread over `days` days up to 31 December 2025, on a
/// few topics: the chart's benchmark and tests draw these without building an index.
#[doc(hidden)]
pub fn sample(name: &str, n: usize, days: i64) -> PersonStatements {
    use crate::nlp::StatementKind;
    use crate::qa::{CitedStatement, DocRef};
    const SAYINGS: [&str; 7] = [
        "sanctions on Russia must stay",
        "Ukraine needs more air defence",
        "NATO spending must rise to two percent",
        "the alliance stands with Ukraine",
        "sanctions are working",
        "the summit in The Hague was a success",
        "we will keep talking",
    ];
    let end = NaiveDate::from_ymd_opt(2025, 12, 31).unwrap_or(NaiveDate::MIN);
    let statements = (0..n)
        .map(|i| {
            // Newest first, as `qa` lists them.
            let back = i as i64 * days.max(1) / n.max(1) as i64;
            let published = end - chrono::Duration::days(back);
            let content = SAYINGS[(i * 5 + i / 3) % SAYINGS.len()].to_string();
            CitedStatement {
                id: None,
                speaker: Some(name.to_string()),
                role: None,
                cue: Some("said".to_string()),
                sentence: format!("{name} said {content}."),
                content,
                antecedent: None,
                kind: StatementKind::Indirect,
                when: None,
                when_text: None,
                setting: None,
                document: DocRef {
                    id: format!("doc-{i}"),
                    title: format!("Article {i}"),
                    published: Some(published),
                    url: None,
                    source: None,
                },
                score: 1.0,
            }
        })
        .collect();
    PersonStatements {
        name: name.to_string(),
        keys: vec![name.to_lowercase()],
        statements,
        truncated: false,
    }
}

#[cfg(test)]
mod tests;
