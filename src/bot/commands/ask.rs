//! `/ask question`: answer a question in the member's own words, with the member's cooldown.
//! Calls `super::answer` with a `bot::request::Request`; no logic of its own.

use crate::bot::request::Request;
use crate::bot::{Context, Error};

/// Ask who said what, and when, in the news.
#[poise::command(slash_command)]
pub async fn ask(
    ctx: Context<'_>,
    #[description = "e.g. What did the Kremlin say about the summit?"]
    #[max_length = 1000]
    question: String,
) -> Result<(), Error> {
    super::answer(ctx, Request::ask(&question), true).await
}
