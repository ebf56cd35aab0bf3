//! The acceptance questions of `../shared/corpora/seed/questions.json`, answered through
//! the same path as `whosaid ask` (Engine::ask, then the templates), over the sample corpus
//! with the seed article dated as each case says.

use std::collections::BTreeMap;

use serde::Deserialize;
use whosaid::engine::Engine;

use crate::support::engine::{self, fold};
use crate::support::local;

#[derive(Deserialize)]
struct Cases {
    cases: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    id: String,
    question: String,
    published: Option<String>,
    #[serde(default)]
    must_contain: Vec<String>,
    #[serde(default)]
    must_not_contain: Vec<String>,
}

/// The sample corpus with the seed article published as a case says.
fn engine_with_seed(published: Option<&str>) -> (tempfile::TempDir, Engine) {
    let date = published.map(|p| whosaid::corpus::parse_published(p).expect("case date"));
    engine::with_seed(date, Vec::new())
}

#[test]
fn every_seed_question_is_answered() {
    let Some(questions) = local::shared_or_skip("corpora/seed/questions.json") else {
        return;
    };
    let raw = std::fs::read_to_string(questions).expect("questions.json");
    let cases: Cases = serde_json::from_str(&raw).expect("questions.json parses");
    let mut by_date: BTreeMap<Option<String>, Vec<&Case>> = BTreeMap::new();
    for case in &cases.cases {
        by_date
            .entry(case.published.clone())
            .or_default()
            .push(case);
    }
    let mut failures = Vec::new();
    for (published, cases) in by_date {
        let (_dir, engine) = engine_with_seed(published.as_deref());
        for case in cases {
            let answer = engine.ask(&case.question).expect("ask");
            let text = engine.render(&answer);
            let folded = fold(&text);
            let missing: Vec<&String> = case
                .must_contain
                .iter()
                .filter(|m| !folded.contains(&fold(m)))
                .collect();
            let forbidden: Vec<&String> = case
                .must_not_contain
                .iter()
                .filter(|m| folded.contains(&fold(m)))
                .collect();
            if !missing.is_empty() || !forbidden.is_empty() {
                failures.push(format!(
                    "{} {:?}\n  missing {missing:?}, forbidden present {forbidden:?}\n  answer:\n{text}\n",
                    case.id, case.question
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} seed cases failed:\n{}",
        failures.len(),
        cases.cases.len(),
        failures.join("\n")
    );
}

/// "The Kremlin echoed this sentiment" is stored with the content "this sentiment"; the
/// answer says what it echoed, the statement before it in the article.
#[test]
fn an_echoed_sentiment_is_answered_with_what_it_echoes() {
    let (_dir, engine) = engine_with_seed(None);
    let answer = engine
        .ask("What did the Kremlin say about the summit?")
        .expect("ask");
    let text = engine.render(&answer);
    assert!(
        text.contains("**Kremlin** echoed this: that an in-person meeting was unnecessary."),
        "{text}"
    );
    assert!(!text.contains("echoed this sentiment"), "{text}");
    // What the article wrote stays the statement's content.
    let echoed = answer
        .statements
        .iter()
        .find(|s| s.cue.as_deref() == Some("echoed"))
        .expect("the echo is among the statements");
    assert_eq!(echoed.content, "this sentiment");
}
