//! The command line end to end: the binary run as a user would, on a fresh data directory.

use std::path::Path;
use std::process::Output;

use serde_json::Value;
use whosaid::corpus::{load_paths, LoadOptions};

use crate::support;
use crate::support::cli::{self, stderr, stdout};

fn stats(data: &Path) -> Value {
    let o = cli::run(data, &["stats", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    serde_json::from_str(&stdout(&o)).expect("stats JSON")
}

#[test]
fn first_question_indexes_the_sample_corpus_and_answers_it() {
    let data = tempfile::tempdir().unwrap();
    let o = cli::run(
        data.path(),
        &["ask", "What did the Kremlin say about the summit?"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(
        text.contains("Kremlin") && text.contains("no set timeline"),
        "{text}"
    );
    assert!(
        text.contains("Plans for a Trump–Putin summit"),
        "cites its article: {text}"
    );
    assert!(stderr(&o).contains("Indexed the sample corpus"));
    assert_eq!(stats(data.path())["documents"], 25);
}

#[test]
fn ingest_reports_bad_lines_keeps_the_rest_and_replaces_on_reingest() {
    let data = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let jsonl = dir.path().join("news.jsonl");
    std::fs::write(
        &jsonl,
        concat!(
            r#"{"id":"a","title":"Talks","published":"2025-10-22","text":"Mayor Jane Doe said the bridge will reopen in May."}"#,
            "\n{broken\n",
            r#"{"id":"b","published":"2025-10-23","text":"The council said the budget was balanced."}"#,
            "\n"
        ),
    )
    .unwrap();
    let md = dir.path().join("note.md");
    std::fs::write(
        &md,
        "---\ntitle: A note\n---\nThe minister said taxes would not rise.",
    )
    .unwrap();

    let o = cli::run(
        data.path(),
        &[
            "ingest",
            jsonl.to_str().unwrap(),
            md.to_str().unwrap(),
            "--published",
            "2025-10-20",
        ],
    );
    assert!(
        !o.status.success(),
        "a bad line makes the exit code non-zero"
    );
    let err = stderr(&o);
    assert!(
        err.contains("news.jsonl:2: not a JSON article object"),
        "{err}"
    );
    assert!(err.contains("Ingested 3 documents"), "{err}");
    assert_eq!(stats(data.path())["documents"], 3);

    // The same files again: replaced, not duplicated.
    let o = cli::run(
        data.path(),
        &["ingest", jsonl.to_str().unwrap(), md.to_str().unwrap()],
    );
    assert!(!o.status.success());
    assert_eq!(stats(data.path())["documents"], 3);

    let o = cli::run(data.path(), &["ask", "--json", "What did Jane Doe say?"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let a: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(a["intent"], "what-said");
    let s = &a["statements"][0];
    assert_eq!(s["speaker"], "Jane Doe");
    assert!(s["content"]
        .as_str()
        .unwrap()
        .contains("bridge will reopen"));
    assert_eq!(s["document"]["id"], "a");
    assert_eq!(s["document"]["published"], "2025-10-22");
    assert!(a["text"].as_str().unwrap().contains("Jane Doe"));
    assert!(a.get("outside_window").is_none(), "{a}");

    // Nothing from the time asked: the window is flagged, the most recent offered.
    let o = cli::run(
        data.path(),
        &["ask", "--json", "What did Jane Doe say in 2019?"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let a: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(a["outside_window"]["text"], "in 2019", "{a}");
    assert_eq!(a["outside_window"]["start"], "2019-01-01", "{a}");
    assert_eq!(a["statements"][0]["speaker"], "Jane Doe");
    assert!(a["text"].as_str().unwrap().contains("in 2019"), "{a}");
}

#[test]
fn batch_questions_echo_their_ids_in_order() {
    let data = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let qs = dir.path().join("q.jsonl");
    std::fs::write(
        &qs,
        "{\"id\":\"q1\",\"question\":\"Who proposed a peace plan?\"}\n{\"id\":7,\"question\":\"What did Angela Merkel say?\"}\nnot json {\n",
    )
    .unwrap();
    let o = cli::run(
        data.path(),
        &["ask", "--json", "--questions", qs.to_str().unwrap()],
    );
    let lines: Vec<Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(
        lines.len(),
        3,
        "a line that is not JSON is asked as a question"
    );
    assert_eq!(lines[0]["id"], "q1");
    assert_eq!(lines[0]["statements"][0]["speaker"], "Keir Starmer");
    assert_eq!(lines[1]["id"], 7);
    assert!(lines[1]["statements"].as_array().unwrap().is_empty());
    assert!(lines[1]["text"].as_str().unwrap().contains("Angela Merkel"));
}

#[test]
fn extract_writes_character_offsets() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("a.jsonl");
    let text = "Café owners’ union leader Marie Dupont said prices would rise.";
    std::fs::write(
        &input,
        serde_json::json!({"id": "x", "text": text}).to_string(),
    )
    .unwrap();
    let o = cli::run(dir.path(), &["extract", input.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let rec: Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    let a = &rec["attributions"][0];
    let chars: Vec<char> = text.chars().collect();
    for role in ["source", "cue", "content"] {
        let span = &a[role];
        let (s, e) = (
            span["start"].as_u64().unwrap() as usize,
            span["end"].as_u64().unwrap() as usize,
        );
        let by_chars: String = chars[s..e].iter().collect();
        assert_eq!(
            by_chars,
            span["text"].as_str().unwrap(),
            "{role} offsets count chars"
        );
    }
    assert_eq!(a["content"]["text"], "prices would rise");
}

/// What `whosaid extract` printed, every stdout line read as a JSON record (a line that is
/// not one fails the test: nothing but records may reach stdout).
fn records(o: &Output) -> Vec<Value> {
    stdout(o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l:?}")))
        .collect()
}

/// The contents of a record's statements.
fn contents(record: &Value) -> Vec<String> {
    record["attributions"]
        .as_array()
        .unwrap_or_else(|| panic!("no attributions: {record}"))
        .iter()
        .map(|a| {
            a["content"]["text"]
                .as_str()
                .unwrap_or_default()
                .to_string()
        })
        .collect()
}

/// The ids `ingest` gives the articles of `path`, in the order it reads them.
fn ingest_ids(path: &Path) -> Vec<String> {
    load_paths(&[path.to_path_buf()], &LoadOptions::default())
        .filter_map(Result::ok)
        .map(|d| d.id.to_string())
        .collect()
}

/// `whosaid ingest` on `paths` into a fresh data directory: whether it succeeded.
fn ingest_succeeds(paths: &[&str]) -> bool {
    let data = tempfile::tempdir().unwrap();
    let mut args = vec!["ingest"];
    args.extend(paths);
    cli::run(data.path(), &args).status.success()
}

#[test]
fn extract_reads_the_seed_article_txt_under_the_id_ingest_gives_it() {
    let dir = tempfile::tempdir().unwrap();
    let seed = support::local::seed_article();
    let o = cli::run(dir.path(), &["extract", seed.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));
    let recs = records(&o);
    assert_eq!(recs.len(), 1, "one article, one record: {recs:?}");
    assert_eq!(recs[0]["id"], ingest_ids(&seed)[0]);
    let said = contents(&recs[0]);
    assert!(
        said.iter()
            .any(|c| c.contains("no set timeline for a summit")),
        "{said:?}"
    );
}

#[test]
fn extract_reads_markdown_front_matter() {
    let dir = tempfile::tempdir().unwrap();
    let md = dir.path().join("bridge.md");
    std::fs::write(
        &md,
        "---\ntitle: Bridge\nid: bridge-1\npublished: 2025-10-22\n---\nMayor Jane Doe said on Monday that the bridge will reopen in May.\n",
    )
    .unwrap();
    let o = cli::run(dir.path(), &["extract", md.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let recs = records(&o);
    assert_eq!(recs.len(), 1, "{recs:?}");
    assert_eq!(recs[0]["id"], "bridge-1", "the front matter's id");
    let a = &recs[0]["attributions"][0];
    assert_eq!(a["content"]["text"], "the bridge will reopen in May", "{a}");
    // Offsets count in the text after the front matter, not in the file.
    assert_eq!(a["source"]["start"], 0, "{a}");
    assert_eq!(a["source"]["text"], "Mayor Jane Doe", "{a}");
    // "on Monday" is read against the front matter's date.
    assert_eq!(a["when"]["basis"], "2025-10-22", "{a}");
    assert_eq!(a["when"]["start"], "2025-10-20", "{a}");
}

#[test]
fn extract_reads_a_directory_mixing_formats_as_ingest_does() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(corpus.join("sub")).unwrap();
    std::fs::copy(support::local::seed_article(), corpus.join("article.txt")).unwrap();
    std::fs::write(
        corpus.join("news.jsonl"),
        concat!(
            r#"{"id":"council","text":"The council said the budget was balanced."}"#,
            "\n\n",
            r#"{"id":"dam","published":"2025-10-23","text":"Governor Ann Lee said the dam is safe."}"#,
            "\n"
        ),
    )
    .unwrap();
    std::fs::write(
        corpus.join("sub/note.md"),
        "---\ntitle: A note\n---\nThe minister said taxes would not rise.",
    )
    .unwrap();
    // Neither is an article: skipped inside a directory, as ingest skips them.
    std::fs::write(corpus.join("notes.csv"), "a,b\n").unwrap();
    std::fs::write(
        corpus.join(".hidden.txt"),
        "Senator Hugh Hidden said the hidden file was read.",
    )
    .unwrap();

    let o = cli::run(dir.path(), &["extract", corpus.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));
    let recs = records(&o);
    let ids: Vec<&str> = recs.iter().filter_map(|r| r["id"].as_str()).collect();
    assert_eq!(ids, ingest_ids(&corpus), "ingest's ids, in its order");
    assert_eq!(ids.len(), 4, "{ids:?}");
    assert!(
        ids[0].starts_with("article-"),
        "a .txt is named by its file: {ids:?}"
    );
    assert_eq!(ids[1..3], ["council", "dam"], "{ids:?}");
    let said: Vec<String> = recs.iter().flat_map(contents).collect();
    for expected in [
        "no set timeline for a summit",
        "the budget was balanced",
        "the dam is safe",
        "taxes would not rise",
    ] {
        assert!(
            said.iter().any(|c| c.contains(expected)),
            "{expected}: {said:?}"
        );
    }
    assert!(!said.iter().any(|c| c.contains("hidden file")), "{said:?}");
    assert!(ingest_succeeds(&[corpus.to_str().unwrap()]));
}

#[test]
fn extract_reports_a_malformed_jsonl_line_and_extracts_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let jsonl = dir.path().join("news.jsonl");
    std::fs::write(
        &jsonl,
        concat!(
            r#"{"id":"a","text":"Mayor Jane Doe said the bridge will reopen in May."}"#,
            "\n{broken\n",
            r#"{"id":"b","text":"The council said the budget was balanced."}"#,
            "\n"
        ),
    )
    .unwrap();
    let path = jsonl.to_str().unwrap();
    let o = cli::run(dir.path(), &["extract", path]);
    let err = stderr(&o);
    assert!(
        err.contains("error: ") && err.contains("news.jsonl:2: not a JSON article object"),
        "what was wrong, and where: {err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
    let recs = records(&o);
    let ids: Vec<&str> = recs.iter().filter_map(|r| r["id"].as_str()).collect();
    assert_eq!(
        ids,
        ["a", "b"],
        "the lines around the bad one are extracted"
    );
    assert!(contents(&recs[1])
        .iter()
        .any(|c| c.contains("the budget was balanced")));
    assert!(!o.status.success(), "a bad line fails the exit status");
    assert_eq!(
        o.status.success(),
        ingest_succeeds(&[path]),
        "as it does for ingest"
    );
}

#[test]
fn asking_works_while_another_process_ingests() {
    let data = tempfile::tempdir().unwrap();
    let writer = support::engine::with_sample(data.path(), Vec::new());
    // The writer process holds the index lock after this ingest (no finish_ingest).
    let doc = whosaid::corpus::loader::parse_jsonl_line(
        r#"{"id":"n","text":"Governor Ann Lee said the dam is safe."}"#,
        &Default::default(),
    )
    .unwrap();
    writer.ingest([Ok(doc)], |_| {}).unwrap();
    let o = cli::run(data.path(), &["ask", "What did Ann Lee say?"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("the dam is safe"), "{}", stdout(&o));
    let file = data.path().join("more.txt");
    std::fs::write(&file, "Mayor Bo Chen said the roads are clear.").unwrap();
    let o = cli::run(data.path(), &["ingest", file.to_str().unwrap()]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("being written by another whosaid process"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn errors_are_one_clear_line() {
    let data = tempfile::tempdir().unwrap();
    let o = cli::run(data.path(), &["ask", "   "]);
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(
        err.trim_end()
            .lines()
            .last()
            .unwrap()
            .starts_with("error: the question is empty"),
        "{err}"
    );
}

#[test]
fn a_damaged_index_is_an_error_not_nothing_found() {
    use std::io::Write;
    let data = tempfile::tempdir().unwrap();
    let file = data.path().join("news.txt");
    std::fs::write(&file, "Mayor Bo Chen said the roads are clear.").unwrap();
    let o = cli::run(data.path(), &["ingest", file.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    // Zero the start of every doc store: the stored records no longer decompress, while
    // the index still opens and searches.
    for entry in std::fs::read_dir(data.path().join("index")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "store") {
            let mut f = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
            f.write_all(&[0u8; 16]).unwrap();
        }
    }
    let o = cli::run(data.path(), &["ask", "What did Bo Chen say?"]);
    assert!(!o.status.success(), "answered: {}", stdout(&o));
    assert!(stdout(&o).is_empty(), "{}", stdout(&o));
    let err = stderr(&o);
    assert!(
        err.contains("error: the index could not be read") && err.contains("whosaid ingest"),
        "{err}"
    );
}
