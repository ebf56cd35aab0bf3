//! `whosaid eval extract` and `whosaid eval qa`: the project's self-measurement. They run our
//! extraction (exactly `whosaid extract`) or our engine (exactly `whosaid ask --json`) and
//! score the output with the ports of the reference scorers in `crate::eval`.
//! Calls `eval`, `corpus` (loading), and the same code paths as `whosaid extract` and `ask
//! --json`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Subcommand;
use serde_json::Value;

use super::{ask, common, extract};
use crate::corpus::LoadOptions;
use crate::eval::{attributions, followups, qa, read_jsonl, Row};

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(subcommand)]
    pub command: EvalCommand,
}

#[derive(Subcommand, Debug)]
pub enum EvalCommand {
    /// Score attributions against gold (as shared/eval/score_attributions.py does): our
    /// extraction of every gold article, or the predictions of --pred.
    Extract {
        /// Gold articles with attributions, JSON Lines (e.g. corpora/polnear/dev.jsonl).
        #[arg(long, value_name = "FILE")]
        gold: PathBuf,
        /// Score these predictions (JSON Lines, as `whosaid extract` prints) instead of
        /// extracting.
        #[arg(long, value_name = "FILE")]
        pred: Option<PathBuf>,
        /// Token-overlap F1 needed for a content or cue overlap match.
        #[arg(long, default_value_t = 0.5)]
        threshold: f64,
        /// Print the full result object as JSON instead of the table.
        #[arg(long)]
        json: bool,
    },
    /// Score answers to who/what questions (as shared/eval/score_qa.py does): the engine's
    /// answers over the data directory, or the answers of --answers. Also scores kind "none"
    /// (right when the answer quotes nothing) and prints a line per "style" of question when
    /// the rows have one; the last line is always the overall figure.
    Qa {
        /// Questions, JSON Lines (e.g. corpora/polnear/qa-dev.jsonl).
        #[arg(long, value_name = "FILE")]
        questions: PathBuf,
        /// Score these answers (JSON Lines, as `whosaid ask --json --questions` prints)
        /// instead of asking the engine.
        #[arg(long, value_name = "FILE")]
        answers: Option<PathBuf>,
        /// Also write the engine's answers here, one JSON line per question.
        #[arg(long, value_name = "FILE", conflicts_with = "answers")]
        write_answers: Option<PathBuf>,
        /// Print the result object as JSON instead of the lines.
        #[arg(long)]
        json: bool,
        /// A directory of answer templates overriding the shipped ones.
        #[arg(long, env = "WHOSAID_TEMPLATES")]
        templates: Option<PathBuf>,
    },
    /// Score follow-up questions: two-turn conversations (e.g.
    /// tests/fixtures/followups/dev.jsonl), each second turn answered after the first as in
    /// a channel; right when answered about the right person and topic.
    Followups {
        /// Conversations, JSON Lines (id, form, speaker_key, first, second, content).
        #[arg(long, value_name = "FILE")]
        conversations: PathBuf,
        /// Print the result object as JSON instead of the lines.
        #[arg(long)]
        json: bool,
        /// Also print the ids of the conversations scored wrong.
        #[arg(long)]
        wrong: bool,
    },
}

pub fn run(data_dir: PathBuf, args: Args) -> Result<ExitCode> {
    match args.command {
        EvalCommand::Extract {
            gold,
            pred,
            threshold,
            json,
        } => run_extract(&gold, pred.as_deref(), threshold, json),
        EvalCommand::Qa {
            questions,
            answers,
            write_answers,
            json,
            templates,
        } => run_qa(
            data_dir,
            &questions,
            answers.as_deref(),
            write_answers.as_deref(),
            templates,
            json,
        ),
        EvalCommand::Followups {
            conversations,
            json,
            wrong,
        } => {
            let name = conversations.display().to_string();
            let rows = read_jsonl(&conversations)?;
            let engine = common::open(data_dir, None, true)?;
            let report = followups::score(&engine, &name, &rows)?;
            let mut text = String::new();
            if wrong {
                text.push_str(&format!("wrong: {}\n", report.wrong.join(" ")));
            }
            text.push_str(&report.render());
            print(json, &report, text)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn print(json: bool, value: &impl serde::Serialize, text: String) -> Result<()> {
    let mut out = std::io::stdout().lock();
    if json {
        serde_json::to_writer_pretty(&mut out, value)?;
        writeln!(out)?;
    } else {
        writeln!(out, "{text}")?;
    }
    Ok(())
}

fn run_extract(gold: &Path, pred: Option<&Path>, threshold: f64, json: bool) -> Result<ExitCode> {
    let gold_name = gold.display().to_string();
    let gold_rows = read_jsonl(gold)?;
    let (pred_name, pred_rows) = match pred {
        Some(p) => (p.display().to_string(), read_jsonl(p)?),
        None => (
            format!("our extraction of {gold_name}"),
            extract_all(&gold_name, &gold_rows),
        ),
    };
    let report = attributions::score(
        attributions::Input {
            name: &gold_name,
            rows: &gold_rows,
        },
        attributions::Input {
            name: &pred_name,
            rows: &pred_rows,
        },
        threshold,
    )?;
    print(json, &report, attributions::render(&report))?;
    Ok(ExitCode::SUCCESS)
}

/// `whosaid extract` over every gold article; an article it refuses is reported on stderr and
/// counts as predicted empty, as it would when scoring the command's output.
fn extract_all(name: &str, rows: &[Row]) -> Vec<Row> {
    let opts = LoadOptions::default();
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let parsed = extract::record(&row.raw, &opts).and_then(|json| {
            serde_json::from_str::<Value>(&json)
                .map(|value| (json, value))
                .map_err(|e| format!("cannot read back our own record: {e}"))
        });
        match parsed {
            Ok((raw, value)) => out.push(Row {
                line: row.line,
                raw,
                value,
            }),
            Err(msg) => eprintln!("{name}:{}: {msg} (scored as no attributions)", row.line),
        }
    }
    out
}

fn run_qa(
    data_dir: PathBuf,
    questions: &Path,
    answers: Option<&Path>,
    write_answers: Option<&Path>,
    templates: Option<PathBuf>,
    json: bool,
) -> Result<ExitCode> {
    let q_name = questions.display().to_string();
    let q_rows = read_jsonl(questions)?;
    let (a_name, a_rows) = match answers {
        Some(a) => (a.display().to_string(), read_jsonl(a)?),
        None => {
            let rows = ask_all(data_dir, templates, &q_name, &q_rows)?;
            if let Some(path) = write_answers {
                let mut text = String::new();
                for r in &rows {
                    text.push_str(&r.raw);
                    text.push('\n');
                }
                std::fs::write(path, text)
                    .with_context(|| format!("cannot write {}", path.display()))?;
            }
            ("our answers".to_string(), rows)
        }
    };
    let report = qa::score(
        qa::Input {
            name: &q_name,
            rows: &q_rows,
        },
        qa::Input {
            name: &a_name,
            rows: &a_rows,
        },
    )?;
    print(json, &report, qa::render(&report))?;
    Ok(ExitCode::SUCCESS)
}

/// Each question asked of the engine; the answer as the JSON line `whosaid ask --json
/// --questions` prints for it. A question the engine fails on is reported and has no answer.
fn ask_all(
    data_dir: PathBuf,
    templates: Option<PathBuf>,
    name: &str,
    rows: &[Row],
) -> Result<Vec<Row>> {
    let engine = common::open(data_dir, templates, true)?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let Some(question) = row.value.get("question").and_then(Value::as_str) else {
            anyhow::bail!(
                "{name}:{}: the question has no \"question\" string",
                row.line
            );
        };
        let answer = match engine.ask(question) {
            Ok(a) => a,
            Err(e) => {
                eprintln!("error: {name}:{}: {e}", row.line);
                continue;
            }
        };
        let json = ask::json_answer(&engine, &answer, row.value.get("id").cloned());
        let raw = serde_json::to_string(&json)?;
        let value = serde_json::from_str(&raw)?;
        out.push(Row {
            line: row.line,
            raw,
            value,
        });
    }
    Ok(out)
}
