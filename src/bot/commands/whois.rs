//! `/whois name`: who someone is, from the articles.
//! Calls `super::answer` with a `bot::request::Request`; no logic of its own.

use crate::bot::request::Request;
use crate::bot::{Context, Error};

/// Who someone is, according to the articles.
#[poise::command(slash_command)]
pub async fn whois(
    ctx: Context<'_>,
    #[description = "A person or organisation, e.g. Marco Rubio"]
    #[max_length = 200]
    name: String,
) -> Result<(), Error> {
    super::answer(ctx, Request::who_is(&name), false).await
}
