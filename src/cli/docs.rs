//! `whosaid docs hide ID | unhide ID | hidden`: documents the operator hides everywhere.
//! A hidden document is never cited by the bot in any server (on top of each server's own
//! hidden documents) nor shown by the statement explorer; it stays in the index, so
//! `unhide` brings it back at once. Kept in the state store (`state.sqlite` in the data
//! directory, or `[store] url`), which `serve` and `web` read on every answer.
//! Calls `config`, `engine` (the document's title) and `store`.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Result};
use clap::Subcommand;

use crate::config::Config;
use crate::engine::{Engine, EngineOptions};
use crate::store::{self, Store};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The configuration file (TOML). Default: none, every setting at its default.
    #[arg(long, global = true, env = "WHOSAID_CONFIG")]
    pub config: Option<PathBuf>,

    #[command(subcommand)]
    pub command: DocsCommand,
}

#[derive(Subcommand, Debug)]
pub enum DocsCommand {
    /// Hide a document (by id) from every answer in every server and from the explorer.
    Hide { id: String },
    /// Show a hidden document again.
    Unhide { id: String },
    /// The documents hidden everywhere.
    Hidden {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
}

pub fn run(args: Args, data_dir_flag: Option<PathBuf>, default_dir: PathBuf) -> Result<ExitCode> {
    let config = Config::load(args.config.as_deref())?;
    let data_dir = super::common::configured_data_dir(&config, data_dir_flag, default_dir);
    let store = Store::open_configured(config.store_url(), &data_dir)?;
    match args.command {
        DocsCommand::Hide { id } => {
            let id = id.trim();
            // The index names the document; one it does not hold cannot be hidden by mistake.
            let engine = Engine::open(EngineOptions {
                sample_if_empty: false,
                ..EngineOptions::new(data_dir.clone())
            })?;
            let Some(doc) = engine.document(id) else {
                bail!("the index holds no document with the id {id:?} (see `whosaid ask --json` for ids)");
            };
            if store.hide_doc_everywhere(id, &doc.title, store::now())? {
                println!("Hidden everywhere: {id} ({}).", doc.title);
            } else {
                println!("Already hidden everywhere: {id} ({}).", doc.title);
            }
        }
        DocsCommand::Unhide { id } => {
            store.unhide_doc_everywhere(id.trim())?;
            println!("Shown again: {}.", id.trim());
        }
        DocsCommand::Hidden { json } => {
            let hidden = store.operator_hidden()?;
            if json {
                println!("{}", serde_json::to_string_pretty(&hidden)?);
            } else if hidden.is_empty() {
                println!("No document is hidden everywhere.");
            } else {
                for h in hidden {
                    println!("{}\t{}", h.doc_id, h.title);
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
