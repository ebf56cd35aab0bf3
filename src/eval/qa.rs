//! Scoring who-said-what answers against question files: a port of
//! `shared/eval/score_qa.py` (who: the first statement's speaker contains the key; what: one
//! of the first three statements has the speaker and a content with word-token F1 >= 0.5).
//! Calls `super::python` only.

use std::collections::HashMap;

use anyhow::{bail, Result};
use serde::Serialize;
use serde_json::Value;

use super::python::{self, Row};

/// A file of JSON Lines rows and the name to report errors under.
pub struct Input<'a> {
    pub name: &'a str,
    pub rows: &'a [Row],
}

/// Lowercased `\w+` tokens.
fn toks(s: &str) -> Vec<String> {
    python::WORD
        .find_iter(s)
        .map(|m| m.as_str().to_lowercase())
        .collect()
}

/// Multiset word-token overlap F1.
pub fn f1(a: &str, b: &str) -> f64 {
    let (ta, tb) = (toks(a), toks(b));
    if ta.is_empty() || tb.is_empty() {
        return 0.0;
    }
    let mut common: HashMap<&str, usize> = HashMap::new();
    for t in &ta {
        *common.entry(t).or_default() += 1;
    }
    let mut hit = 0usize;
    for t in &tb {
        if let Some(n) = common.get_mut(t.as_str()).filter(|n| **n > 0) {
            hit += 1;
            *n -= 1;
        }
    }
    (2 * hit) as f64 / (ta.len() + tb.len()) as f64
}

/// A question or answer id as a Python dict key: `1`, `1.0` and `true` are the same key.
#[derive(Debug, PartialEq, Eq, Hash)]
enum Key {
    None,
    Int(i64),
    Float(u64),
    Str(String),
    Other(String),
}

fn key(v: Option<&Value>) -> Key {
    match v {
        None | Some(Value::Null) => Key::None,
        Some(Value::Bool(b)) => Key::Int(i64::from(*b)),
        Some(Value::String(s)) => Key::Str(s.clone()),
        Some(Value::Number(n)) => match (n.as_i64(), n.as_f64()) {
            (Some(i), _) => Key::Int(i),
            (None, Some(x)) if x.fract() == 0.0 && x.abs() < 9.2e18 => Key::Int(x as i64),
            (None, Some(x)) => Key::Float(x.to_bits()),
            _ => Key::Other(n.to_string()),
        },
        Some(other) => Key::Other(other.to_string()),
    }
}

/// Right answers, questions, and accuracy in percent rounded to one decimal (None when
/// there are no questions of the kind).
#[derive(Debug, Clone, Serialize)]
pub struct Tally {
    pub right: u64,
    pub total: u64,
    pub accuracy: Option<f64>,
}

impl Tally {
    fn new(right: u64, total: u64) -> Tally {
        Tally {
            right,
            total,
            accuracy: (total > 0).then(|| round1((100 * right) as f64 / total as f64)),
        }
    }
}

/// Python's `round(x, 1)`: the correctly rounded one-decimal string, read back.
fn round1(x: f64) -> f64 {
    format!("{x:.1}").parse().unwrap_or(x)
}

/// The script's result object, in its key order.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub who: Tally,
    pub what: Tally,
    pub all: Tally,
}

fn speaker_ok(stmt: &Value, key: &str, at: &str) -> Result<bool> {
    let speaker = match stmt.get("speaker") {
        Some(v) if python::truthy(v) => match v.as_str() {
            Some(s) => s,
            None => bail!("{at}: \"speaker\" must be a string or null, got {v}"),
        },
        _ => "",
    };
    Ok(speaker.to_lowercase().contains(&key.to_lowercase()))
}

fn content_of<'v>(v: Option<&'v Value>, at: &str) -> Result<&'v str> {
    match v {
        Some(v) if python::truthy(v) => match v.as_str() {
            Some(s) => Ok(s),
            None => bail!("{at}: \"content\" must be a string, got {v}"),
        },
        _ => Ok(""),
    }
}

/// Score the answers against the questions, as the script does.
pub fn score(questions: Input, answers: Input) -> Result<Report> {
    let mut by_id: HashMap<Key, &Row> = HashMap::new();
    for row in answers.rows {
        if !row.value.is_object() {
            bail!(
                "{}:{}: an answer must be a JSON object",
                answers.name,
                row.line
            );
        }
        by_id.insert(key(row.value.get("id")), row);
    }
    let (mut who, mut what) = ((0u64, 0u64), (0u64, 0u64));
    for q in questions.rows {
        let at = format!("{}:{}", questions.name, q.line);
        let Some(obj) = q.value.as_object() else {
            bail!("{at}: a question must be a JSON object");
        };
        if !obj.contains_key("id") {
            bail!("{at}: the question has no \"id\"");
        }
        let Some(speaker_key) = obj.get("speaker_key").and_then(Value::as_str) else {
            bail!("{at}: the question has no \"speaker_key\" string");
        };
        let empty = Vec::new();
        let (statements, ans_at) = match by_id.get(&key(obj.get("id"))) {
            Some(row) => {
                let ans_at = format!("{}:{}", answers.name, row.line);
                match row.value.get("statements") {
                    Some(Value::Array(a)) => (a, ans_at),
                    Some(v) if python::truthy(v) => {
                        bail!("{ans_at}: \"statements\" must be a list")
                    }
                    _ => (&empty, ans_at),
                }
            }
            None => (&empty, String::new()),
        };
        let kind = obj.get("kind").and_then(Value::as_str);
        match kind {
            Some("who") => {
                let ok = match statements.first() {
                    Some(first) => speaker_ok(first, speaker_key, &ans_at)?,
                    None => false,
                };
                who.0 += u64::from(ok);
                who.1 += 1;
            }
            Some("what") => {
                let gold = content_of(obj.get("content"), &at)?;
                let mut ok = false;
                for s in statements.iter().take(3) {
                    if speaker_ok(s, speaker_key, &ans_at)?
                        && f1(content_of(s.get("content"), &ans_at)?, gold) >= 0.5
                    {
                        ok = true;
                        break;
                    }
                }
                what.0 += u64::from(ok);
                what.1 += 1;
            }
            _ => bail!("{at}: \"kind\" must be \"who\" or \"what\""),
        }
    }
    Ok(Report {
        who: Tally::new(who.0, who.1),
        what: Tally::new(what.0, what.1),
        all: Tally::new(who.0 + what.0, who.1 + what.1),
    })
}

/// The script's printed lines, e.g. `who     12/20   60.0%`, without a trailing newline.
pub fn render(r: &Report) -> String {
    [("who", &r.who), ("what", &r.what), ("all", &r.all)]
        .iter()
        .map(|(k, t)| {
            let acc = t
                .accuracy
                .map(python::float_repr)
                .unwrap_or_else(|| "None".into());
            format!("{k:5} {:4}/{:<4} {acc}%", t.right, t.total)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn f1_counts_repeated_tokens_once_each() {
        assert_eq!(f1("the the cat", "The cat"), 0.8);
        assert_eq!(f1("", "x"), 0.0);
        assert_eq!(f1("a b", "c d"), 0.0);
    }

    #[test]
    fn accuracy_rounds_like_python() {
        assert_eq!(Tally::new(1, 3).accuracy, Some(33.3));
        assert_eq!(Tally::new(2, 3).accuracy, Some(66.7));
        assert_eq!(Tally::new(1, 8).accuracy, Some(12.5));
        assert_eq!(Tally::new(0, 0).accuracy, None);
    }

    #[test]
    fn numeric_ids_are_equal_across_types() {
        assert_eq!(
            key(Some(&serde_json::json!(1))),
            key(Some(&serde_json::json!(1.0)))
        );
        assert_eq!(
            key(Some(&serde_json::json!(true))),
            key(Some(&serde_json::json!(1)))
        );
        assert_ne!(
            key(Some(&serde_json::json!("1"))),
            key(Some(&serde_json::json!(1)))
        );
    }
}
