//! The timeline picture attached to an answer about one person's statements (`/said`, and
//! a "timeline" question in `/ask`): [`crate::chart`]'s PNG, with its description as the
//! attachment's text for screen readers, shown by the answer's first embed.
//!
//! Drawing is a bonus: when it fails (nothing dated, an error) the failure is logged and
//! the answer goes out as text alone, never lost for want of a picture.
//! Calls `engine` (the person's statements) and `chart`.

use std::collections::HashSet;

use serenity::all::CreateAttachment;

use crate::chart::Timeline;
use crate::engine::Engine;
use crate::qa::{Answer, Intent, PersonFilter};

/// The file name the embed refers to (`attachment://timeline.png`).
pub const FILE_NAME: &str = "timeline.png";
/// Discord's limit on an attachment's description.
pub const DESCRIPTION_CHARS: usize = 1_024;

/// A drawn chart, ready to upload.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Picture {
    pub png: Vec<u8>,
    /// The chart in words (alt text).
    pub description: String,
}

impl Picture {
    /// The upload, with its description.
    pub fn attachment(&self) -> CreateAttachment {
        CreateAttachment::bytes(self.png.clone(), FILE_NAME).description(
            crate::bot::embed::shorten_words(&self.description, DESCRIPTION_CHARS),
        )
    }

    /// What an embed's image points at to show the upload.
    pub fn url() -> String {
        format!("attachment://{FILE_NAME}")
    }
}

/// Whose statements, and which, a picture of an answer draws; `None` when the answer is
/// not about one person's statements over time, or has none.
pub fn subject_of(
    answer: &Answer,
    said: Option<(&str, PersonFilter)>,
) -> Option<(String, PersonFilter)> {
    if answer.statements.is_empty() {
        return None;
    }
    if let Some((person, filter)) = said {
        return Some((person.to_string(), filter));
    }
    if answer.intent != Intent::Timeline {
        return None;
    }
    let person = answer.subject.clone()?;
    let filter = PersonFilter {
        about: answer.topic.clone().filter(|t| !t.trim().is_empty()),
        ..PersonFilter::default()
    };
    Some((person, filter))
}

/// The chart of `person`'s statements as `filter` selects them, or `None` (logged) when
/// it cannot be drawn.
#[tracing::instrument(skip(engine, filter, hidden))]
pub fn draw(
    engine: &Engine,
    person: &str,
    filter: &PersonFilter,
    hidden: &HashSet<String>,
) -> Option<Picture> {
    let statements = match engine.person_statements(person, filter, hidden) {
        Ok(Some(s)) => s,
        Ok(None) => {
            tracing::info!("no one by that name to draw");
            return None;
        }
        Err(e) => {
            tracing::warn!(error = %e, "listing statements for the chart failed; answering without it");
            return None;
        }
    };
    let timeline = Timeline::new(&statements, filter);
    match timeline.png() {
        Ok(png) => Some(Picture {
            png,
            description: timeline.description(),
        }),
        Err(e) => {
            tracing::warn!(error = %e, "the chart was not drawn; answering without it");
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(intent: Intent, statements: usize) -> Answer {
        Answer {
            question: "Timeline of Mark Rutte about NATO".to_string(),
            intent,
            subject: Some("Mark Rutte".to_string()),
            topic: Some("NATO".to_string()),
            statements: crate::chart::sample("Mark Rutte", statements, 30).statements,
            passages: Vec::new(),
            entity: None,
            yes_no: false,
            unresolved: None,
            outside_window: None,
        }
    }

    #[test]
    fn said_and_timeline_answers_get_a_picture_others_do_not() {
        let said = PersonFilter {
            about: Some("drones".to_string()),
            ..PersonFilter::default()
        };
        let nato = PersonFilter {
            about: Some("NATO".to_string()),
            ..PersonFilter::default()
        };
        let cases = [
            (
                "said",
                answer(Intent::WhatSaid, 3),
                Some(("Rutte", said.clone())),
                Some(("Rutte", said.clone())),
            ),
            (
                "timeline",
                answer(Intent::Timeline, 3),
                None,
                Some(("Mark Rutte", nato)),
            ),
            ("another question", answer(Intent::WhatSaid, 3), None, None),
            ("nothing found", answer(Intent::Timeline, 0), None, None),
            (
                "said, nothing found",
                answer(Intent::WhatSaid, 0),
                Some(("Rutte", said)),
                None,
            ),
        ];
        for (what, a, asked, want) in cases {
            let got = subject_of(&a, asked);
            let want = want.map(|(p, f)| (p.to_string(), f));
            assert_eq!(got, want, "{what}");
        }
    }

    #[test]
    fn the_attachment_is_described_within_discords_limit() {
        let p = Picture {
            png: vec![1, 2, 3],
            description: "word ".repeat(400),
        };
        let json = serde_json::to_value(p.attachment()).expect("serialize");
        let d = json["description"].as_str().unwrap_or_default();
        assert!(
            !d.is_empty() && d.chars().count() <= DESCRIPTION_CHARS,
            "{}",
            d.len()
        );
        assert_eq!(json["filename"], "timeline.png");
        assert_eq!(Picture::url(), "attachment://timeline.png");
    }
}
