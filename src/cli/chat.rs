//! `whosaid chat`: an interactive prompt for trying questions, answered as the bot would,
//! follow-ups included: the prompt keeps the previous turn, so "and about Ukraine?", "what
//! else did he say?" or "when was that?" read against the last answer, as a reply to one of
//! the bot's answers does in Discord. Each follow-up shows the question it was read as.
//! Calls `super::common` and the engine it opens.

use std::collections::HashSet;
use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;

use super::common;
use crate::qa::{Conversation, LeaveOut};

pub fn run(data_dir: PathBuf) -> Result<ExitCode> {
    let engine = common::open(data_dir, None, true)?;
    let stdin = std::io::stdin();
    let mut out = std::io::stdout();
    writeln!(out, "Ask who said what (empty line or Ctrl-D to quit). Try: What did the Kremlin say about the summit? Then follow up: \"what else did they say?\", \"when was that?\", \"who else said so?\"")?;
    let mut conversation = Conversation::default();
    let (hidden, demoted) = (HashSet::new(), LeaveOut::default());
    loop {
        write!(out, "> ")?;
        out.flush()?;
        let mut line = String::new();
        if stdin.lock().read_line(&mut line)? == 0 || line.trim().is_empty() {
            break;
        }
        match engine.ask_in_conversation(&line, conversation.last(), &hidden, &demoted) {
            Ok(followed) => {
                if followed.form.is_some() {
                    writeln!(out, "(read as: {})", followed.answer.question)?;
                }
                writeln!(out, "{}\n", engine.render(&followed.answer))?;
                conversation.push(followed.turn);
            }
            Err(e) => writeln!(out, "{e}\n")?,
        }
    }
    Ok(ExitCode::SUCCESS)
}
