//! `whosaid invite`: print the link that adds the bot to a server, with the scopes `bot`
//! and `applications.commands` and exactly the permissions the bot uses.
//!
//! The application id comes from `--client-id`, or from Discord with the token `serve`
//! uses (`DISCORD_TOKEN` or `[discord] token`). The token is never printed.
//! Calls `config` and `bot`.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};

use crate::bot;
use crate::config::Config;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The application id ("Application ID" on the developer portal's General Information
    /// page). Default: asked of Discord with the bot token.
    #[arg(long)]
    pub client_id: Option<u64>,
    /// The configuration file (TOML), read for the token and the API base URL.
    #[arg(long, env = "WHOSAID_CONFIG")]
    pub config: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let client_id = match args.client_id {
        Some(id) => id,
        None => {
            let config = Config::load(args.config.as_deref())?;
            let runtime =
                tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
            runtime
                .block_on(bot::application_id(&config.discord))
                .context("cannot find the application id (pass --client-id ID, the Application ID from the developer portal)")?
        }
    };
    println!("{}", bot::permissions::invite_url(client_id));
    Ok(ExitCode::SUCCESS)
}
