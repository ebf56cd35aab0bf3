//! `/help`: what the bot does and how to ask, from the `help.j2` template.
//! Calls the engine's renderer, `bot::embed` and `super::post` only.

use crate::bot::embed;
use crate::bot::request::Outcome;
use crate::bot::{Context, Error};

/// How to ask whosaid questions.
#[poise::command(slash_command)]
pub async fn help(ctx: Context<'_>) -> Result<(), Error> {
    let text = ctx.data().engine.renderer().help();
    let pages = embed::paged("whosaid: who said what, and when", &text, "");
    super::post(ctx, Outcome::Pages(pages, None)).await
}
