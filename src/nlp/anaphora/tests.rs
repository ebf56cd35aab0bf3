//! The anaphora table (`tests/fixtures/extraction/anaphora.tsv`) and the rules' edges.

use super::{pointer, Pointer};
use crate::nlp::lexicon::lexicon;
use crate::nlp::{analyze, Statement, WINDOW_BYTES};

const TABLE: &str = include_str!("../../../tests/fixtures/extraction/anaphora.tsv");

/// One line of the table.
struct Case<'a> {
    line: usize,
    source: &'a str,
    text: &'a str,
    content: &'a str,
    expect: &'a str,
}

fn cases() -> Vec<Case<'static>> {
    TABLE
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|(i, l)| {
            let cols: Vec<&str> = l.split('\t').collect();
            assert_eq!(cols.len(), 4, "line {}: four tab-separated columns", i + 1);
            Case {
                line: i + 1,
                source: cols[0],
                text: cols[1],
                content: cols[2],
                expect: cols[3],
            }
        })
        .collect()
}

/// What the analysis made of a statement, in the table's terms.
fn outcome(text: &str, st: &Statement) -> String {
    match &st.anaphor {
        None => "ALONE".to_string(),
        Some(_) => st
            .antecedent_text(text)
            .unwrap_or_else(|| "UNRESOLVED".to_string()),
    }
}

#[test]
fn anaphora_table() {
    let cases = cases();
    assert!(cases.len() >= 30, "the table holds {} cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let a = analyze(case.text, None);
        let found: Vec<&Statement> = a
            .statements
            .iter()
            .filter(|st| st.content_text(case.text) == case.content)
            .collect();
        let got: Vec<String> = found.iter().map(|st| outcome(case.text, st)).collect();
        if got.is_empty() || got.iter().any(|g| g != case.expect) {
            let all: Vec<String> = a
                .statements
                .iter()
                .map(|st| {
                    format!(
                        "{:?} → {:?}",
                        st.content_text(case.text),
                        outcome(case.text, st)
                    )
                })
                .collect();
            failures.push(format!(
                "line {} ({}): {:?} should be {:?}, got {got:?}\n  statements: {}",
                case.line,
                case.source,
                case.content,
                case.expect,
                all.join("; ")
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases fail:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn phrases_point_back_only_when_whole() {
    let words = &lexicon().anaphora;
    let kind = |p: &str| pointer(&p.split(' ').collect::<Vec<_>>(), words);
    let yes = |p: &str| kind(p).is_some();
    assert_eq!(kind("this sentiment"), Some(Pointer::NounPhrase));
    assert_eq!(kind("the same"), Some(Pointer::Pronoun));
    assert!(yes("those earlier remarks"));
    assert!(yes("the same view"));
    assert!(!yes("this week"));
    assert!(!yes("the claim that taxes rose"));
    assert!(!yes("the president's remarks"));
    assert!(!yes("this very long winded sentiment"));
    assert!(!yes("sentiment"));
}

#[test]
fn an_antecedent_in_a_later_window_keeps_its_offsets() {
    // Articles longer than a window are analysed in parts and shifted back into place; the
    // antecedent's spans must move with the rest.
    let filler = "Nothing was said here. ".repeat(WINDOW_BYTES / 20);
    let text =
        format!("{filler}\n\nRubio said the talks were productive. Lavrov echoed this sentiment.");
    let a = analyze(&text, None);
    let echoed = a
        .statements
        .iter()
        .find(|st| st.content_text(&text) == "this sentiment")
        .expect("the echo is extracted");
    assert_eq!(
        echoed.antecedent_text(&text).as_deref(),
        Some("that the talks were productive")
    );
}

#[test]
fn content_spans_stay_as_written() {
    let text = "Rubio said the talks were productive. Lavrov echoed this sentiment.";
    let a = analyze(text, None);
    let contents: Vec<String> = a
        .statements
        .iter()
        .map(|st| st.content_text(text))
        .collect();
    assert_eq!(contents, ["the talks were productive", "this sentiment"]);
}
