//! Scoring who-said-what answers against question files: a port of
//! `shared/eval/score_qa.py` (who: the first statement's speaker contains the key; what: one
//! of the first three statements has the speaker and a content with word-token F1 >= 0.5).
//!
//! Two extensions the script lacks, which leave its output unchanged on files without them:
//! kind `none` (right when the answer quotes no statement and no passage: nothing in the
//! articles answers the question), and a `style` on each row (one tally per style, printed
//! after the kinds; the overall line stays last).
//! Calls `super::python` only.

use std::collections::HashMap;

use anyhow::{bail, Result};
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};
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

/// The script's result object, in its key order; `none` and `styles` only when the questions
/// have them (so the object is the script's on the script's files).
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub who: Tally,
    pub what: Tally,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub none: Option<Tally>,
    pub all: Tally,
    #[serde(skip_serializing_if = "Styles::is_empty")]
    pub styles: Styles,
}

/// A tally per question style, in the order each style first occurs in the questions;
/// serialized as a JSON object in that order.
#[derive(Debug, Clone, Default)]
pub struct Styles(pub Vec<(String, Tally)>);

impl Styles {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn get(&self, style: &str) -> Option<&Tally> {
        self.0.iter().find(|(s, _)| s == style).map(|(_, t)| t)
    }
}

impl Serialize for Styles {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (style, tally) in &self.0 {
            map.serialize_entry(style, tally)?;
        }
        map.end()
    }
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
    let by_id = answers_by_id(&answers)?;
    let (mut who, mut what, mut none) = ((0u64, 0u64), (0u64, 0u64), (0u64, 0u64));
    let mut styles: Vec<(String, (u64, u64))> = Vec::new();
    for q in questions.rows {
        let asked = Asked::read(q, questions.name)?;
        let answer = by_id.get(&key(asked.obj.get("id"))).copied();
        let ok = asked.judge(answer, answers.name)?;
        let tally = match asked.kind {
            Some("who") => &mut who,
            Some("what") => &mut what,
            _ => &mut none,
        };
        tally.0 += u64::from(ok);
        tally.1 += 1;
        if let Some(style) = asked.style {
            let i = match styles.iter().position(|(s, _)| s == style) {
                Some(i) => i,
                None => {
                    styles.push((style.to_string(), (0, 0)));
                    styles.len() - 1
                }
            };
            styles[i].1 .0 += u64::from(ok);
            styles[i].1 .1 += 1;
        }
    }
    Ok(Report {
        who: Tally::new(who.0, who.1),
        what: Tally::new(what.0, what.1),
        none: (none.1 > 0).then(|| Tally::new(none.0, none.1)),
        all: Tally::new(who.0 + what.0 + none.0, who.1 + what.1 + none.1),
        styles: Styles(
            styles
                .into_iter()
                .map(|(s, (r, t))| (s, Tally::new(r, t)))
                .collect(),
        ),
    })
}

/// The answers by their question's id.
fn answers_by_id<'r>(answers: &Input<'r>) -> Result<HashMap<Key, &'r Row>> {
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
    Ok(by_id)
}

/// One question row, read: where it is, its kind, whose words it wants and its style.
struct Asked<'v> {
    at: String,
    obj: &'v serde_json::Map<String, Value>,
    kind: Option<&'v str>,
    speaker_key: &'v str,
    style: Option<&'v str>,
}

impl<'v> Asked<'v> {
    fn read(q: &'v Row, file: &str) -> Result<Asked<'v>> {
        let at = format!("{file}:{}", q.line);
        let Some(obj) = q.value.as_object() else {
            bail!("{at}: a question must be a JSON object");
        };
        if !obj.contains_key("id") {
            bail!("{at}: the question has no \"id\"");
        }
        let kind = obj.get("kind").and_then(Value::as_str);
        let speaker_key = match (kind, obj.get("speaker_key").and_then(Value::as_str)) {
            (Some("none"), _) => "",
            (_, Some(k)) => k,
            (_, None) => bail!("{at}: the question has no \"speaker_key\" string"),
        };
        let style = match obj.get("style") {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) if s.is_empty() => None,
            Some(Value::String(s)) => Some(s.as_str()),
            Some(v) => bail!("{at}: \"style\" must be a string, got {v}"),
        };
        Ok(Asked {
            at,
            obj,
            kind,
            speaker_key,
            style,
        })
    }

    /// Whether `answer` (a row of the file `file`) answers the question right.
    fn judge(&self, answer: Option<&Row>, file: &str) -> Result<bool> {
        let empty = Vec::new();
        let (statements, ans_at) = match answer {
            Some(row) => {
                let ans_at = format!("{file}:{}", row.line);
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
        match self.kind {
            Some("who") => match statements.first() {
                Some(first) => speaker_ok(first, self.speaker_key, &ans_at),
                None => Ok(false),
            },
            Some("what") => {
                let gold = content_of(self.obj.get("content"), &self.at)?;
                for s in statements.iter().take(3) {
                    if speaker_ok(s, self.speaker_key, &ans_at)?
                        && f1(content_of(s.get("content"), &ans_at)?, gold) >= 0.5
                    {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            Some("none") => {
                // Nothing in the articles answers it: right only for an answer that quotes
                // no statement and shows no passage. No answer at all (the engine failed) is
                // wrong, as it is for the other kinds.
                let passages = answer
                    .and_then(|row| row.value.get("passages"))
                    .is_some_and(python::truthy);
                Ok(answer.is_some() && statements.is_empty() && !passages)
            }
            _ => bail!(
                "{}: \"kind\" must be \"who\", \"what\" or \"none\"",
                self.at
            ),
        }
    }
}

fn percent(t: &Tally) -> String {
    t.accuracy
        .map(python::float_repr)
        .unwrap_or_else(|| "None".into())
}

/// The script's printed lines, e.g. `who     12/20   60.0%`, without a trailing newline; then
/// `none` and one line per style (`style which-role      17/22   77.3%`) when the questions
/// have them, and always `all` last.
pub fn render(r: &Report) -> String {
    let line = |k: &str, t: &Tally| format!("{k:5} {:4}/{:<4} {}%", t.right, t.total, percent(t));
    let mut lines = vec![line("who", &r.who), line("what", &r.what)];
    if let Some(none) = &r.none {
        lines.push(line("none", none));
    }
    let width = r.styles.0.iter().map(|(s, _)| s.chars().count()).max();
    for (style, t) in &r.styles.0 {
        let width = width.unwrap_or(0);
        lines.push(format!(
            "style {style:<width$} {:4}/{:<4} {}%",
            t.right,
            t.total,
            percent(t)
        ));
    }
    lines.push(line("all", &r.all));
    lines.join("\n")
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

    fn rows(lines: &[&str]) -> Vec<Row> {
        lines
            .iter()
            .enumerate()
            .map(|(i, l)| Row {
                line: i + 1,
                raw: l.to_string(),
                value: serde_json::from_str(l).expect("test JSON"),
            })
            .collect()
    }

    fn score_lines(questions: &[&str], answers: &[&str]) -> Result<Report> {
        let (q, a) = (rows(questions), rows(answers));
        score(
            Input {
                name: "q.jsonl",
                rows: &q,
            },
            Input {
                name: "a.jsonl",
                rows: &a,
            },
        )
    }

    #[test]
    fn none_is_right_only_for_an_answer_without_statements_or_passages() {
        let report = score_lines(
            &[
                r#"{"id": 1, "kind": "none", "speaker_key": null, "question": "q"}"#,
                r#"{"id": 2, "kind": "none", "question": "q"}"#,
                r#"{"id": 3, "kind": "none", "question": "q"}"#,
                r#"{"id": 4, "kind": "none", "question": "q"}"#,
                r#"{"id": 5, "kind": "none", "question": "q"}"#,
                r#"{"id": 6, "kind": "who", "speaker_key": "Trump", "question": "q"}"#,
            ],
            &[
                r#"{"id": 1, "statements": []}"#,
                r#"{"id": 2, "statements": [{"speaker": "Kaine", "content": "x"}]}"#,
                r#"{"id": 3, "statements": [], "passages": [{"text": "p"}]}"#,
                r#"{"id": 4, "statements": null, "passages": []}"#,
                r#"{"id": 6, "statements": [{"speaker": "Donald Trump", "content": "y"}]}"#,
            ],
        )
        .expect("score");
        let none = report.none.as_ref().expect("a none tally");
        // 1 (nothing quoted) and 4 (null statements, empty passages) are right; 2 quotes a
        // statement, 3 shows a passage, 5 has no answer at all.
        assert_eq!((none.right, none.total), (2, 5));
        assert_eq!((report.who.right, report.who.total), (1, 1));
        assert_eq!((report.all.right, report.all.total), (3, 6));
        let text = render(&report);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[2], "none     2/5    40.0%");
        assert_eq!(lines.last().copied(), Some("all      3/6    50.0%"));
    }

    #[test]
    fn a_bad_kind_or_a_missing_key_is_still_an_error() {
        let err = score_lines(&[r#"{"id": 1, "kind": "when", "speaker_key": "X"}"#], &[])
            .expect_err("kind when");
        assert!(err.to_string().contains("q.jsonl:1"), "{err}");
        assert!(err.to_string().contains("\"none\""), "{err}");
        let err = score_lines(&[r#"{"id": 1, "kind": "who"}"#], &[]).expect_err("no key");
        assert!(err.to_string().contains("speaker_key"), "{err}");
        let err = score_lines(
            &[r#"{"id": 1, "kind": "who", "speaker_key": "X", "style": 3}"#],
            &[],
        )
        .expect_err("numeric style");
        assert!(
            err.to_string().contains("\"style\" must be a string"),
            "{err}"
        );
    }

    #[test]
    fn each_style_is_tallied_in_order_of_first_use_and_all_stays_last() {
        let report = score_lines(
            &[
                r#"{"id": "a", "style": "typo", "kind": "what", "speaker_key": "Trump", "content": "the wall will be built"}"#,
                r#"{"id": "b", "style": "which-role", "kind": "who", "speaker_key": "Kaine"}"#,
                r#"{"id": "c", "style": "typo", "kind": "what", "speaker_key": "Trump", "content": "taxes are too high"}"#,
                r#"{"id": "d", "style": "none-person", "kind": "none"}"#,
                r#"{"id": "e", "kind": "who", "speaker_key": "Kaine"}"#,
            ],
            &[
                r#"{"id": "a", "statements": [{"speaker": "Pence", "content": "x"}, {"speaker": "Trump", "content": "The wall will be built."}]}"#,
                r#"{"id": "b", "statements": [{"speaker": "Tim Kaine", "content": "x"}]}"#,
                r#"{"id": "c", "statements": [{"speaker": "Trump", "content": "the wall"}]}"#,
                r#"{"id": "d", "statements": [{"speaker": "Trump", "content": "x"}]}"#,
                r#"{"id": "e", "statements": []}"#,
            ],
        )
        .expect("score");
        let names: Vec<&str> = report.styles.0.iter().map(|(s, _)| s.as_str()).collect();
        assert_eq!(names, ["typo", "which-role", "none-person"]);
        let typo = report.styles.get("typo").expect("typo");
        assert_eq!((typo.right, typo.total, typo.accuracy), (1, 2, Some(50.0)));
        let role = report.styles.get("which-role").expect("which-role");
        assert_eq!((role.right, role.total), (1, 1));
        let person = report.styles.get("none-person").expect("none-person");
        assert_eq!(
            (person.right, person.total, person.accuracy),
            (0, 1, Some(0.0))
        );
        // "e" has no style: counted in its kind and overall, in no style line.
        assert_eq!((report.all.right, report.all.total), (2, 5));
        assert_eq!(
            render(&report),
            [
                "who      1/2    50.0%",
                "what     1/2    50.0%",
                "none     0/1    0.0%",
                "style typo           1/2    50.0%",
                "style which-role     1/1    100.0%",
                "style none-person    0/1    0.0%",
                "all      2/5    40.0%",
            ]
            .join("\n")
        );
        // Keys in the order printed (serde_json's Value would sort them).
        let text = serde_json::to_string(&report).expect("JSON");
        let at = |k: &str| text.find(&format!("\"{k}\":")).expect(k);
        let keys = ["who", "what", "none", "all", "styles", "typo", "which-role"];
        let order: Vec<usize> = keys.iter().map(|k| at(k)).collect();
        assert!(order.windows(2).all(|w| w[0] < w[1]), "{text}");
        let json: Value = serde_json::from_str(&text).expect("JSON");
        assert_eq!(json["styles"]["which-role"]["right"], 1);
        assert_eq!(json["none"]["total"], 1);
    }

    #[test]
    fn without_styles_or_none_the_output_is_the_scripts() {
        let report = score_lines(
            &[r#"{"id": 1, "kind": "who", "speaker_key": "Trump"}"#],
            &[r#"{"id": 1, "statements": [{"speaker": "Trump", "content": "x"}]}"#],
        )
        .expect("score");
        assert_eq!(
            render(&report),
            "who      1/1    100.0%\nwhat     0/0    None%\nall      1/1    100.0%"
        );
        let json = serde_json::to_string(&report).expect("JSON");
        assert!(!json.contains("none") && !json.contains("styles"), "{json}");
    }
}
