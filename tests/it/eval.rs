//! `whosaid eval` against the reference scorers of `../shared/eval/`: on the fixtures of
//! `tests/fixtures/eval/` (always against the stored outputs of the scripts, and against the
//! scripts themselves when python3 and ../shared are present) and on the PolNeAR dev set.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

use crate::support::{cli, local};

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/eval")
}

fn fixture(name: &str) -> String {
    fixtures().join(name).display().to_string()
}

/// `../shared/eval`, when it and python3 are there; else why the comparison is skipped.
fn reference() -> Result<PathBuf, String> {
    let shared = local::shared_dir();
    if !shared.join("eval/score_attributions.py").is_file() {
        return Err(format!("{} is absent", shared.display()));
    }
    match Command::new("python3").arg("--version").output() {
        Ok(o) if o.status.success() => Ok(shared),
        _ => Err("python3 is absent".to_string()),
    }
}

fn skip(test: &str, why: &str) {
    eprintln!("{test}: skipped the comparison with the reference scorer: {why}");
}

fn run(cmd: &mut Command) -> String {
    let o: Output = cmd.output().expect("run");
    assert!(
        o.status.success(),
        "{cmd:?} failed:\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).expect("UTF-8 output")
}

fn whosaid(args: &[&str]) -> String {
    run(cli::command().args(args))
}

fn python(script: &Path, args: &[&str]) -> String {
    run(Command::new("python3").arg(script).args(args))
}

/// Every number equal to 1e-9, everything else equal, the same keys.
fn assert_same(want: &Value, got: &Value, at: &str) {
    match (want, got) {
        (Value::Number(a), Value::Number(b)) => {
            let (a, b) = (
                a.as_f64().unwrap_or(f64::NAN),
                b.as_f64().unwrap_or(f64::NAN),
            );
            assert!((a - b).abs() <= 1e-9, "{at}: reference {a}, ours {b}");
        }
        (Value::Object(a), Value::Object(b)) => {
            let (ka, kb): (Vec<_>, Vec<_>) = (a.keys().collect(), b.keys().collect());
            assert_eq!(ka, kb, "{at}: keys");
            for (k, v) in a {
                assert_same(v, &b[k], &format!("{at}.{k}"));
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            assert_eq!(a.len(), b.len(), "{at}: length");
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                assert_same(x, y, &format!("{at}[{i}]"));
            }
        }
        _ => assert_eq!(want, got, "{at}"),
    }
}

/// The `"key":` names of a JSON text in order: our key order is the script's.
fn key_order(json: &str) -> Vec<String> {
    let re = regex::Regex::new(r#""([a-z_]+)":"#).expect("regex");
    re.captures_iter(json).map(|c| c[1].to_string()).collect()
}

fn parse(json: &str, what: &str) -> Value {
    serde_json::from_str(json).unwrap_or_else(|e| panic!("{what} is not JSON: {e}\n{json}"))
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn attribution_scores_on_the_fixture_equal_the_reference_scorer() {
    let (gold, pred) = (fixture("gold.jsonl"), fixture("pred.jsonl"));
    let args = ["eval", "extract", "--gold", &gold, "--pred", &pred];
    let table = whosaid(&args);
    let json = whosaid(&[&args[..], &["--json"]].concat());
    let ours = parse(&json, "eval extract --json");

    // The stored output of the script on these files (tests/fixtures/eval/expected-*).
    let stored_table = read(&fixtures().join("expected-attributions.txt"));
    let stored_json = read(&fixtures().join("expected-attributions.json"));
    assert_eq!(table, stored_table);
    assert_same(&parse(&stored_json, "stored JSON"), &ours, "result");
    assert_eq!(key_order(&stored_json), key_order(&json));
    // The fixture exercises what it is for.
    assert_eq!(
        ours["unknown_pred_ids"],
        serde_json::json!(["b", "c", "x'y", "zz"])
    );
    assert!(table.contains(r#"e.g. ['b', 'c', "x'y"]"#), "{table}");

    match reference() {
        Err(why) => skip("attribution fixture", &why),
        Ok(shared) => {
            let dir = tempfile::tempdir().expect("temp dir");
            let out = dir.path().join("result.json");
            let script = shared.join("eval/score_attributions.py");
            let out_s = out.display().to_string();
            let py_table = python(
                &script,
                &["--gold", &gold, "--pred", &pred, "--json", &out_s],
            );
            assert_eq!(table, py_table);
            let py_json = read(&out);
            assert_same(&parse(&py_json, "reference JSON"), &ours, "result");
            assert_eq!(key_order(&py_json), key_order(&json));
        }
    }
}

#[test]
fn qa_scores_on_the_fixture_equal_the_reference_scorer() {
    let (questions, answers) = (fixture("questions.jsonl"), fixture("answers.jsonl"));
    let args = [
        "eval",
        "qa",
        "--questions",
        &questions,
        "--answers",
        &answers,
    ];
    let lines = whosaid(&args);
    let json = whosaid(&[&args[..], &["--json"]].concat());
    let ours = parse(&json, "eval qa --json");
    assert_eq!(lines, read(&fixtures().join("expected-qa.txt")));
    let stored_json = read(&fixtures().join("expected-qa.json"));
    assert_same(&parse(&stored_json, "stored JSON"), &ours, "result");
    assert_eq!(key_order(&stored_json), key_order(&json));

    match reference() {
        Err(why) => skip("qa fixture", &why),
        Ok(shared) => {
            let dir = tempfile::tempdir().expect("temp dir");
            let out = dir.path().join("result.json");
            let out_s = out.display().to_string();
            let py_lines = python(
                &shared.join("eval/score_qa.py"),
                &[
                    "--questions",
                    &questions,
                    "--answers",
                    &answers,
                    "--json",
                    &out_s,
                ],
            );
            assert_eq!(lines, py_lines);
            assert_same(&parse(&read(&out), "reference JSON"), &ours, "result");
        }
    }
}

/// Without --answers, `eval qa` asks the engine exactly as `ask --json --questions` does.
#[test]
fn qa_over_the_engine_scores_the_answers_ask_prints() {
    let data = tempfile::tempdir().expect("temp dir");
    let data_s = data.path().display().to_string();
    let questions = fixture("qa-sample.jsonl");
    let asked = whosaid(&[
        "--data-dir",
        &data_s,
        "ask",
        "--json",
        "--questions",
        &questions,
    ]);
    let written = data.path().join("answers.jsonl");
    let written_s = written.display().to_string();
    let base = [
        "--data-dir",
        &data_s,
        "eval",
        "qa",
        "--questions",
        &questions,
    ];
    let ours = whosaid(&[&base[..], &["--write-answers", &written_s]].concat());
    assert_eq!(read(&written), asked, "the answers of ask --json");
    let asked_file = data.path().join("asked.jsonl");
    std::fs::write(&asked_file, &asked).expect("write");
    let asked_s = asked_file.display().to_string();
    let scored = whosaid(&[&base[..], &["--answers", &asked_s]].concat());
    assert_eq!(ours, scored);
    assert!(ours.starts_with("who "), "{ours}");

    match reference() {
        Err(why) => skip("qa over the engine", &why),
        Ok(shared) => {
            let py = python(
                &shared.join("eval/score_qa.py"),
                &["--questions", &questions, "--answers", &asked_s],
            );
            assert_eq!(ours, py);
        }
    }
}

/// Kind "none" and a line per style, on the natural-question fixtures: an engine that never
/// answers gets exactly the "none" questions right, each style has its line, and the overall
/// figure stays the last line (a hook reads only that).
#[test]
fn qa_with_styles_scores_none_and_prints_a_line_per_style() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    for name in ["natural-dev.jsonl", "natural-heldout.jsonl"] {
        let questions = root.join(name);
        let rows: Vec<Value> = read(&questions)
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| parse(l, name))
            .collect();
        let dir = tempfile::tempdir().expect("temp dir");
        let answers = dir.path().join("answers.jsonl");
        let silent: String = rows
            .iter()
            .map(|r| format!("{}\n", serde_json::json!({"id": r["id"], "statements": []})))
            .collect();
        std::fs::write(&answers, silent).expect("write");
        let (q_s, a_s) = (
            questions.display().to_string(),
            answers.display().to_string(),
        );
        let args = ["eval", "qa", "--questions", &q_s, "--answers", &a_s];
        let out = whosaid(&args);
        let lines: Vec<&str> = out.lines().collect();

        let mut styles: Vec<(String, usize, usize)> = Vec::new();
        for r in &rows {
            let style = r["style"].as_str().expect("style").to_string();
            let none = usize::from(r["kind"] == "none");
            match styles.iter_mut().find(|(s, _, _)| *s == style) {
                Some(e) => (e.1, e.2) = (e.1 + none, e.2 + 1),
                None => styles.push((style, none, 1)),
            }
        }
        let nones: usize = styles.iter().map(|s| s.1).sum();
        assert!(styles.len() >= 16 && nones > 0, "{name}: {styles:?}");
        assert_eq!(lines.len(), 3 + styles.len() + 1, "{out}");
        assert!(lines[0].starts_with("who      0/"), "{out}");
        assert!(lines[1].starts_with("what     0/"), "{out}");
        assert!(
            lines[2].starts_with(&format!("none  {nones:4}/{nones:<4} 100.0%")),
            "{out}"
        );
        for ((style, right, total), line) in styles.iter().zip(&lines[3..]) {
            let words: Vec<&str> = line.split_whitespace().collect();
            assert_eq!(
                words[..3],
                ["style", style, &format!("{right}/{total}")],
                "{line}"
            );
        }
        let last = lines.last().copied().unwrap_or("");
        assert!(
            last.starts_with(&format!("all   {nones:4}/{:<4} ", rows.len())),
            "{out}"
        );

        let json = parse(
            &whosaid(&[&args[..], &["--json"]].concat()),
            "eval qa --json",
        );
        assert_eq!(json["none"]["right"], nones);
        assert_eq!(json["all"]["total"], rows.len());
        for (style, right, total) in &styles {
            assert_eq!(json["styles"][style]["right"], *right, "{style}");
            assert_eq!(json["styles"][style]["total"], *total, "{style}");
        }
    }
}

/// "Its numbers on dev equal the reference scorer's": `eval extract` (which runs our
/// extraction) against the script on the output of `whosaid extract`.
#[test]
fn extraction_scores_on_polnear_dev_equal_the_reference_scorer() {
    let shared = match reference() {
        Err(why) => return skip("PolNeAR dev", &why),
        Ok(s) => s,
    };
    let dev = shared.join("corpora/polnear/dev.jsonl");
    if !dev.is_file() {
        return skip("PolNeAR dev", &format!("{} is absent", dev.display()));
    }
    let dev_s = dev.display().to_string();
    let dir = tempfile::tempdir().expect("temp dir");
    let pred = dir.path().join("pred.jsonl");
    std::fs::write(&pred, whosaid(&["extract", &dev_s])).expect("write");
    let out = dir.path().join("result.json");
    let (pred_s, out_s) = (pred.display().to_string(), out.display().to_string());
    let py_table = python(
        &shared.join("eval/score_attributions.py"),
        &["--gold", &dev_s, "--pred", &pred_s, "--json", &out_s],
    );
    let table = whosaid(&["eval", "extract", "--gold", &dev_s]);
    assert_eq!(table, py_table);
    let json = whosaid(&["eval", "extract", "--gold", &dev_s, "--json"]);
    let ours = parse(&json, "eval extract --json");
    assert_same(&parse(&read(&out), "reference JSON"), &ours, "result");
    assert_eq!(ours["articles"], 84);
    assert!(ours["content_overlap"]["tp"].as_u64().unwrap_or(0) > 0);
}

/// The same for the answers on PolNeAR dev: `eval qa` over an index of dev.jsonl against the
/// script on what `ask --json --questions` prints.
#[test]
fn qa_scores_on_polnear_dev_equal_the_reference_scorer() {
    let shared = match reference() {
        Err(why) => return skip("PolNeAR dev questions", &why),
        Ok(s) => s,
    };
    let polnear = shared.join("corpora/polnear");
    let (dev, questions) = (polnear.join("dev.jsonl"), polnear.join("qa-dev.jsonl"));
    if !dev.is_file() || !questions.is_file() {
        return skip(
            "PolNeAR dev questions",
            "dev.jsonl or qa-dev.jsonl is absent",
        );
    }
    let data = tempfile::tempdir().expect("temp dir");
    let data_s = data.path().display().to_string();
    let (dev_s, q_s) = (dev.display().to_string(), questions.display().to_string());
    whosaid(&["--data-dir", &data_s, "ingest", &dev_s]);
    let asked = data.path().join("asked.jsonl");
    let asked_s = asked.display().to_string();
    let answers = whosaid(&["--data-dir", &data_s, "ask", "--json", "--questions", &q_s]);
    std::fs::write(&asked, answers).expect("write");
    let py = python(
        &shared.join("eval/score_qa.py"),
        &["--questions", &q_s, "--answers", &asked_s],
    );
    let ours = whosaid(&["--data-dir", &data_s, "eval", "qa", "--questions", &q_s]);
    assert_eq!(ours, py);
    assert!(ours.contains("/150"), "{ours}");
}

#[test]
fn bad_input_is_reported_with_file_and_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let gold = dir.path().join("gold.jsonl");
    std::fs::write(
        &gold,
        concat!(
            "{\"id\": \"a\", \"text\": \"He said so.\", \"attributions\": []}\n",
            "\n",
            "{\"id\": \"b\", \"text\": \"Hi.\", \"attributions\": [{\"content\": {\"start\": 0, \"end\": 9}}]}\n",
        ),
    )
    .expect("write");
    let not_json = dir.path().join("pred.jsonl");
    std::fs::write(&not_json, "{\"id\": \"a\"}\n{oops\n").expect("write");
    let g = gold.display().to_string();
    let cases = [
        (
            vec!["--gold", &g, "--pred", &g],
            "gold.jsonl:3",
            "outside text of length 3",
        ),
        (
            vec!["--gold", &g, "--pred", not_json.to_str().unwrap_or("")],
            "pred.jsonl:2",
            "not JSON",
        ),
    ];
    for (args, place, why) in cases {
        let o = cli::output(cli::command().args(["eval", "extract"]).args(&args));
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(!o.status.success(), "{args:?} succeeded");
        assert!(err.contains(place) && err.contains(why), "{args:?}: {err}");
    }
}
