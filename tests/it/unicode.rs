//! Text that breaks naive code: bidi marks, zero-width joiners, combining characters, emoji
//! in names, NUL bytes, a 1 MB article on one line, and files that are not UTF-8.

use chrono::NaiveDate;
use whosaid::corpus::{load_paths, LoadOptions};
use whosaid::fuzzing::check_analysis;
use whosaid::nlp::{self, export};

use crate::support::local::write_file;
use crate::support::{cli, engine};

fn published() -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(2025, 10, 22)
}

/// The speakers the extractor finds, in order, after checking every span is on char
/// boundaries.
fn speakers(text: &str) -> Vec<String> {
    let analysis = nlp::analyze(text, published());
    check_analysis(text, &analysis).expect("spans on char boundaries");
    analysis
        .statements
        .iter()
        .filter_map(|s| s.speaker.as_ref().map(|sp| sp.name.clone()))
        .collect()
}

#[test]
fn names_with_combining_marks_bidi_marks_and_emoji_are_read_whole() {
    for (text, speaker) in [
        // Decomposed (NFD) letters, as pasted from some systems.
        (
            "“Merci,” said Zoe\u{308} Saldan\u{303}a on Friday.",
            "Zoe\u{308} Saldan\u{303}a",
        ),
        // Right-to-left marks around a name, as bidi-aware editors leave them.
        (
            "“We will not stop,” \u{200f}Benjamin Netanyahu\u{200f} said on Monday.",
            "Benjamin Netanyahu",
        ),
        ("“Yes,” said Marco Rubio\u{200e}.", "Marco Rubio"),
        ("“Ship it,” said Ferris Crab 🦀.", "Ferris Crab"),
        ("“👩‍👩‍👧 first,” said Anna Kowalski\u{feff}.", "Anna Kowalski"),
    ] {
        assert_eq!(speakers(text), [speaker], "{text:?}");
    }
}

#[test]
fn content_keeps_zero_width_joiner_sequences_intact() {
    let text = "“Family 👩‍👩‍👧 first,” said Anna Kowalski.";
    let analysis = nlp::analyze(text, published());
    let content = analysis.statements[0].content_text(text);
    assert!(content.contains("👩‍👩‍👧"), "{content}");
}

#[test]
fn extract_offsets_count_characters_and_index_the_same_text() {
    let text = "Zoe\u{308} said: “Cafe\u{301} 👩‍👩‍👧 au lait.” \u{200f}Netanyahu\u{200f} said the talks were “over”.";
    let analysis = nlp::analyze(text, published());
    let record = export::article("u", text, &analysis);
    assert!(!record.attributions.is_empty());
    let chars: Vec<char> = text.chars().collect();
    for a in &record.attributions {
        for span in [Some(&a.content), a.source.as_ref(), a.cue.as_ref()]
            .into_iter()
            .flatten()
        {
            let by_chars: String = chars[span.start..span.end].iter().collect();
            assert_eq!(by_chars, span.text, "{}..{}", span.start, span.end);
        }
    }
}

#[test]
fn nul_bytes_neither_hide_names_nor_break_spans() {
    assert_eq!(
        speakers("“Yes,\0” said Marco Rubio\0 on Monday."),
        ["Marco Rubio"]
    );
}

#[test]
fn a_one_megabyte_article_on_one_line_is_extracted_and_answered() {
    let dir = tempfile::tempdir().expect("dir");
    let filler = "The committee met again in the capital and reviewed the budget lines. ";
    let mut text = String::new();
    let mut quotes = 0;
    while text.len() < 1024 * 1024 {
        quotes += 1;
        text.push_str(&format!(
            "“Round {quotes} went well,” Marco Rubio said. {}",
            filler.repeat(12)
        ));
    }
    assert!(!text.contains('\n'));
    let analysis = nlp::analyze(&text, published());
    check_analysis(&text, &analysis).expect("spans on char boundaries");
    let by_rubio = analysis
        .statements
        .iter()
        .filter(|s| {
            s.speaker
                .as_ref()
                .is_some_and(|sp| sp.name == "Marco Rubio")
        })
        .count();
    assert_eq!(
        by_rubio, quotes,
        "every quote, on both sides of each window"
    );

    let file = write_file(dir.path(), "long.txt", text.as_bytes());
    let engine = engine::open(&dir.path().join("data"));
    let report = engine
        .ingest(load_paths(&[file], &LoadOptions::default()), |_| {})
        .expect("ingest");
    assert_eq!((report.documents, report.failed.len()), (1, 0));
    let answer = engine.render(&engine.ask("What did Marco Rubio say?").expect("ask"));
    assert!(answer.contains("went well"), "{answer}");
}

#[test]
fn invalid_utf8_files_are_reported_by_path_and_line_and_the_rest_ingested() {
    let dir = tempfile::tempdir().expect("dir");
    let src = dir.path().join("articles");
    std::fs::create_dir(&src).expect("dir");
    write_file(&src, "a.txt", b"Latin-1: caf\xe9 \xab Bonjour \xbb.");
    write_file(&src, "b.md", b"---\ntitle: ok\n---\nAlso \xff bad.");
    write_file(
        &src,
        "c.jsonl",
        b"{\"id\":\"c1\",\"text\":\"Fine.\"}\n{\"id\":\"c2\",\"text\":\"caf\xe9\"}\n{\"id\":\"c3\",\"text\":\"Also fine.\"}\n",
    );
    write_file(&src, "d.txt", "Good: “Yes,” said Zoë Saldaña.".as_bytes());
    let engine = engine::open(&dir.path().join("data"));
    let report = engine
        .ingest(load_paths(&[src], &LoadOptions::default()), |_| {})
        .expect("ingest");
    assert_eq!(report.documents, 3, "{:?}", report.failed);
    let failed = report.failed.join("\n");
    assert!(
        failed.contains("a.txt: not valid UTF-8 (at byte 12): save it as UTF-8"),
        "{failed}"
    );
    assert!(
        failed.contains("b.md: not valid UTF-8 (at byte 23)"),
        "{failed}"
    );
    assert!(
        failed.contains("c.jsonl:2: not valid UTF-8 (at byte 22)"),
        "{failed}"
    );
}

#[test]
fn extract_reports_a_line_that_is_not_utf8_and_goes_on() {
    let dir = tempfile::tempdir().expect("dir");
    let file = write_file(
        dir.path(),
        "x.jsonl",
        b"{\"id\":\"a\",\"text\":\"caf\xe9\"}\n{\"id\":\"b\",\"text\":\"\xe2\x80\x9cYes,\xe2\x80\x9d said Marco Rubio.\"}\n",
    );
    let out = cli::output(cli::command().arg("extract").arg(&file));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("x.jsonl:1: not valid UTF-8"), "{stderr}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("\"id\":\"b\"") && stdout.contains("Marco Rubio"),
        "{stdout}"
    );
    assert!(
        !out.status.success(),
        "a bad line makes the exit status a failure"
    );
}
