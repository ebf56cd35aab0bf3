//! `whosaid ask QUESTION` prints the answer as the bot would post it; `--json` prints the
//! design notes' JSON object; `--questions FILE` answers a batch (one question per line, or
//! JSON Lines with `id` and `question`), opening the index once.
//! Calls `engine`, `qa` and `nlp` types, and `super::common`.

use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use serde::Serialize;
use serde_json::Value;

use super::common;
use crate::engine::Engine;
use crate::qa::{Answer, CitedStatement, TimeWindow};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The question, e.g. "What did the Kremlin say about the summit?"
    pub question: Option<String>,
    /// Print one JSON object per answer instead of text.
    #[arg(long)]
    pub json: bool,
    /// Answer every question of FILE (one per line, or JSON Lines with "id" and "question").
    #[arg(long, value_name = "FILE", conflicts_with = "question")]
    pub questions: Option<PathBuf>,
    /// A directory of answer templates overriding the shipped ones.
    #[arg(long, env = "WHOSAID_TEMPLATES")]
    pub templates: Option<PathBuf>,
}

/// The `ask --json` object of the design notes.
#[derive(Serialize)]
pub struct JsonAnswer<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<Value>,
    pub question: &'a str,
    pub intent: &'static str,
    pub text: String,
    pub statements: Vec<JsonStatement<'a>>,
    /// Sentences quoted when no statement answers (a "when" or a search).
    pub passages: Vec<JsonPassage<'a>>,
    /// The time asked about when the speaker said nothing in it; `statements` are then
    /// their most recent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outside_window: Option<&'a TimeWindow>,
}

#[derive(Serialize)]
pub struct JsonPassage<'a> {
    pub text: &'a str,
    pub when: Option<&'a crate::nlp::DateSpan>,
    pub document: JsonDoc<'a>,
}

#[derive(Serialize)]
pub struct JsonStatement<'a> {
    pub speaker: Option<&'a str>,
    pub role: Option<&'a str>,
    pub cue: Option<&'a str>,
    pub content: &'a str,
    /// For content that points back ("this sentiment"): what it stands for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub antecedent: Option<&'a str>,
    pub kind: &'static str,
    pub when: Option<&'a crate::nlp::DateSpan>,
    pub document: JsonDoc<'a>,
}

#[derive(Serialize)]
pub struct JsonDoc<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub published: Option<chrono::NaiveDate>,
    pub url: Option<&'a str>,
}

pub fn json_answer<'a>(engine: &Engine, answer: &'a Answer, id: Option<Value>) -> JsonAnswer<'a> {
    JsonAnswer {
        id,
        question: &answer.question,
        intent: answer.intent.as_str(),
        text: engine.render(answer),
        statements: answer.statements.iter().map(json_statement).collect(),
        passages: answer
            .passages
            .iter()
            .map(|p| JsonPassage {
                text: &p.text,
                when: p.when.as_ref(),
                document: json_doc(&p.document),
            })
            .collect(),
        outside_window: answer.outside_window.as_ref(),
    }
}

fn json_statement(s: &CitedStatement) -> JsonStatement<'_> {
    JsonStatement {
        speaker: s.speaker.as_deref(),
        role: s.role.as_deref(),
        cue: s.cue.as_deref(),
        content: &s.content,
        antecedent: s.antecedent.as_deref(),
        kind: s.kind.as_str(),
        when: s.when.as_ref(),
        document: json_doc(&s.document),
    }
}

fn json_doc(d: &crate::qa::DocRef) -> JsonDoc<'_> {
    JsonDoc {
        id: &d.id,
        title: &d.title,
        published: d.published,
        url: d.url.as_deref(),
    }
}

pub fn run(data_dir: PathBuf, args: Args) -> Result<ExitCode> {
    let engine = common::open(data_dir, args.templates.clone(), true)?;
    let mut out = std::io::stdout().lock();
    if let Some(file) = &args.questions {
        return batch(&engine, file, args.json, &mut out);
    }
    let Some(question) = args.question.as_deref() else {
        bail!("give a question, e.g. whosaid ask \"What did the Kremlin say about the summit?\", or --questions FILE");
    };
    let answer = engine.ask(question)?;
    if args.json {
        serde_json::to_writer(&mut out, &json_answer(&engine, &answer, None))?;
        writeln!(out)?;
    } else {
        writeln!(out, "{}", engine.render(&answer))?;
    }
    Ok(ExitCode::SUCCESS)
}

fn batch(engine: &Engine, file: &PathBuf, json: bool, out: &mut impl Write) -> Result<ExitCode> {
    let reader = BufReader::new(
        std::fs::File::open(file).with_context(|| format!("cannot open {}", file.display()))?,
    );
    let mut failed = 0;
    for (n, line) in reader.lines().enumerate() {
        let line = line.with_context(|| format!("{}:{}: cannot read", file.display(), n + 1))?;
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let (id, question) = match parse_line(line) {
            Ok(pair) => pair,
            Err(msg) => {
                eprintln!("error: {}:{}: {msg}", file.display(), n + 1);
                failed += 1;
                continue;
            }
        };
        match engine.ask(&question) {
            Ok(answer) if json => {
                serde_json::to_writer(&mut *out, &json_answer(engine, &answer, id))?;
                writeln!(out)?;
            }
            Ok(answer) => writeln!(out, "{}\n", engine.render(&answer))?,
            Err(e) => {
                eprintln!("error: {}:{}: {e}", file.display(), n + 1);
                failed += 1;
            }
        }
    }
    Ok(if failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// A batch line: a JSON object with "question" (and "id"), or the question itself.
fn parse_line(line: &str) -> Result<(Option<Value>, String), String> {
    if !line.starts_with('{') {
        return Ok((None, line.to_string()));
    }
    let v: Value = serde_json::from_str(line).map_err(|e| format!("not a JSON object: {e}"))?;
    let question = v
        .get("question")
        .and_then(Value::as_str)
        .ok_or("the object has no \"question\" string")?;
    Ok((v.get("id").cloned(), question.to_string()))
}
