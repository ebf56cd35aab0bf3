//! `/said person [about] [since]`: what a person said over time.
//! Calls `super::answer` with a `bot::request::Request`; no logic of its own.

use crate::bot::request::Request;
use crate::bot::{Context, Error};

/// What a person said over time, optionally about a topic and since a date.
#[poise::command(slash_command)]
pub async fn said(
    ctx: Context<'_>,
    #[description = "Who, e.g. Zelensky"]
    #[max_length = 200]
    person: String,
    #[description = "About what, e.g. the summit"]
    #[max_length = 200]
    about: Option<String>,
    #[description = "Since when, as YYYY-MM-DD"]
    #[max_length = 10]
    since: Option<String>,
) -> Result<(), Error> {
    let request = Request::said(&person, about.as_deref(), since.as_deref());
    super::answer(ctx, request, true).await
}
