//! The command line end to end: the binary run as a user would, on a fresh data directory.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

fn whosaid(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_whosaid"))
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .env_remove("RUST_LOG")
        .output()
        .expect("run whosaid")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stats(data: &Path) -> Value {
    let o = whosaid(data, &["stats", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    serde_json::from_str(&stdout(&o)).expect("stats JSON")
}

#[test]
fn first_question_indexes_the_sample_corpus_and_answers_it() {
    let data = tempfile::tempdir().unwrap();
    let o = whosaid(
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

    let o = whosaid(
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
    let o = whosaid(
        data.path(),
        &["ingest", jsonl.to_str().unwrap(), md.to_str().unwrap()],
    );
    assert!(!o.status.success());
    assert_eq!(stats(data.path())["documents"], 3);

    let o = whosaid(data.path(), &["ask", "--json", "What did Jane Doe say?"]);
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
    let o = whosaid(
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
    let o = whosaid(
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
    let o = whosaid(dir.path(), &["extract", input.to_str().unwrap()]);
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

#[test]
fn asking_works_while_another_process_ingests() {
    use whosaid::engine::{Engine, EngineOptions};
    let data = tempfile::tempdir().unwrap();
    let writer = Engine::open(EngineOptions::new(data.path())).unwrap();
    // The writer process holds the index lock after this ingest (no finish_ingest).
    let doc = whosaid::corpus::loader::parse_jsonl_line(
        r#"{"id":"n","text":"Governor Ann Lee said the dam is safe."}"#,
        &Default::default(),
    )
    .unwrap();
    writer.ingest([Ok(doc)], |_| {}).unwrap();
    let o = whosaid(data.path(), &["ask", "What did Ann Lee say?"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("the dam is safe"), "{}", stdout(&o));
    let file = data.path().join("more.txt");
    std::fs::write(&file, "Mayor Bo Chen said the roads are clear.").unwrap();
    let o = whosaid(data.path(), &["ingest", file.to_str().unwrap()]);
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
    let o = whosaid(data.path(), &["ask", "   "]);
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
    let o = whosaid(data.path(), &["ingest", file.to_str().unwrap()]);
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
    let o = whosaid(data.path(), &["ask", "What did Bo Chen say?"]);
    assert!(!o.status.success(), "answered: {}", stdout(&o));
    assert!(stdout(&o).is_empty(), "{}", stdout(&o));
    let err = stderr(&o);
    assert!(
        err.contains("error: the index could not be read") && err.contains("whosaid ingest"),
        "{err}"
    );
}
