//! Scoring follow-up questions (`whosaid eval followups`): two-turn conversations, each a
//! question about a speaker then a follow-up (`tests/fixtures/followups/`, made from the
//! PolNeAR dev gold by `make.py`). A second turn is right when it was answered about the
//! right person and the right topic:
//!
//! - `and-about`, `pronoun-about` ("and about B?", "what did he say about B?"): the answer is
//!   about the first answer's person (its subject, and every statement is theirs) and its
//!   topic is B;
//! - `what-else`: about the same person, at least one statement, none cited before;
//! - `who-else`: on the first answer's topic, at least one statement, none by the first
//!   answer's person.
//!
//! Also counted, apart: for the "about" forms, whether one of the first three statements is
//! the gold one (speaker key and content F1 ≥ 0.5, as `eval qa` scores "what"), which
//! measures retrieval more than the follow-up.
//! Calls `engine` (the conversation, as the bot and `whosaid chat` run it) and `eval::qa`.

use std::collections::HashSet;

use anyhow::{bail, Result};
use serde::Serialize;

use super::python::Row;
use super::qa::f1;
use crate::engine::Engine;
use crate::qa::{Answer, CitedStatement, LeaveOut};

/// Right second turns out of all, in total and per form.
#[derive(Debug, Default, Clone, Serialize)]
pub struct Report {
    pub right: u64,
    pub total: u64,
    pub forms: Vec<(String, u64, u64)>,
    /// "About" forms whose answer cites the gold statement among its first three.
    pub gold_right: u64,
    pub gold_total: u64,
    /// Ids of the conversations scored wrong, for reading.
    pub wrong: Vec<String>,
}

impl Report {
    fn count(&mut self, form: &str, right: bool) {
        self.total += 1;
        self.right += u64::from(right);
        match self.forms.iter_mut().find(|(f, _, _)| f == form) {
            Some((_, r, t)) => {
                *r += u64::from(right);
                *t += 1;
            }
            None => self.forms.push((form.to_string(), u64::from(right), 1)),
        }
    }

    /// The lines `whosaid eval followups` prints; the overall figure last.
    pub fn render(&self) -> String {
        let pct = |r: u64, t: u64| {
            if t == 0 {
                "n/a".to_string()
            } else {
                format!("{:.1}%", 100.0 * r as f64 / t as f64)
            }
        };
        let mut out = String::new();
        for (form, r, t) in &self.forms {
            out.push_str(&format!("{form:<14} {r}/{t} ({})\n", pct(*r, *t)));
        }
        out.push_str(&format!(
            "gold statement (about forms) {}/{} ({})\n",
            self.gold_right,
            self.gold_total,
            pct(self.gold_right, self.gold_total)
        ));
        out.push_str(&format!(
            "right person and topic {}/{} ({})",
            self.right,
            self.total,
            pct(self.right, self.total)
        ));
        out
    }
}

fn field<'a>(row: &'a Row, name: &str, key: &str) -> Result<&'a str> {
    match row.value.get(key).and_then(serde_json::Value::as_str) {
        Some(s) => Ok(s),
        None => bail!("{name}:{}: no \"{key}\" string", row.line),
    }
}

/// Whether `speaker` is `person` (either names the other, or holds the gold key).
fn same_person(person: &str, speaker: Option<&str>, key: &str) -> bool {
    speaker.is_some_and(|s| {
        crate::nlp::names::matches(person, s)
            || crate::nlp::names::matches(s, person)
            || s.to_lowercase().contains(&key.to_lowercase())
    })
}

fn by(answer: &Answer, person: &str, key: &str) -> bool {
    answer
        .statements
        .iter()
        .all(|s| same_person(person, s.speaker.as_deref(), key))
}

/// Lowercased words, with curly apostrophes straight (the question reader straightens
/// them).
fn words(text: &str) -> Vec<String> {
    text.to_lowercase()
        .replace('’', "'")
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '-'))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Whether `topic` (the answer's) is the topic a follow-up of an "about" form asks about
/// (its words after "about"): not empty, and only words of it. The reader may take a word
/// as a time ("today"), which is still that topic.
fn topic_asked(topic: &str, second: &str) -> bool {
    let lower = second.to_lowercase();
    let at = lower.rfind("about ").map_or(0, |i| i + "about ".len());
    let asked = words(&lower[at..]);
    let got = words(topic);
    !got.is_empty() && got.iter().all(|w| asked.contains(w))
}

/// Score every conversation of `rows` (read from `name`) with `engine`.
pub fn score(engine: &Engine, name: &str, rows: &[Row]) -> Result<Report> {
    let mut report = Report::default();
    let none = HashSet::new();
    let nothing = LeaveOut::default();
    for row in rows {
        let id = field(row, name, "id")?;
        let form = field(row, name, "form")?;
        let key = field(row, name, "speaker_key")?;
        let first_q = field(row, name, "first")?;
        let second_q = field(row, name, "second")?;
        let first = engine.ask_in_conversation(first_q, None, &none, &nothing)?;
        let second = engine.ask_in_conversation(second_q, Some(&first.turn), &none, &nothing)?;
        let (a1, a2) = (&first.answer, &second.answer);
        let person = a1.subject.clone().unwrap_or_else(|| key.to_string());
        let same_subject = a2
            .subject
            .as_deref()
            .is_some_and(|s| same_person(&person, Some(s), key));
        let right = match form {
            "and-about" | "pronoun-about" => {
                let on_topic = topic_asked(a2.topic.as_deref().unwrap_or(""), second_q);
                if let Some(gold) = row.value.get("content").and_then(|v| v.as_str()) {
                    report.gold_total += 1;
                    let hit = a2.statements.iter().take(3).any(|s| {
                        same_person(key, s.speaker.as_deref(), key) && f1(&s.content, gold) >= 0.5
                    });
                    report.gold_right += u64::from(hit);
                }
                same_subject && on_topic && by(a2, &person, key)
            }
            "what-else" => {
                let before: HashSet<String> =
                    a1.statements.iter().map(CitedStatement::key).collect();
                same_subject
                    && !a2.statements.is_empty()
                    && by(a2, &person, key)
                    && a2.statements.iter().all(|s| !before.contains(&s.key()))
            }
            "who-else" => {
                a2.topic.is_some()
                    && a2.topic == a1.topic
                    && !a2.statements.is_empty()
                    && a2
                        .statements
                        .iter()
                        .all(|s| !same_person(&person, s.speaker.as_deref(), key))
            }
            other => bail!("{name}:{}: unknown form {other:?}", row.line),
        };
        if !right {
            report.wrong.push(id.to_string());
        }
        report.count(form, right);
    }
    Ok(report)
}
