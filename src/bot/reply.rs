//! Everything the bot posts goes through here, so every message, interaction response,
//! followup and edit carries empty `allowed_mentions` (nothing the bot posts can ping
//! anyone, whatever an article or a question contains) and errors go to the asker alone.
//!
//! Interactions: [`defer`] first (Discord refuses a response later than 3 s, and a burst
//! of questions queues behind the blocking pool), then [`finish`] edits the deferred
//! response with the first page and sends the other pages as followups. A refusal after
//! deferring deletes the public "thinking…" message and tells the asker in an ephemeral
//! followup.
//!
//! A response Discord refuses (5xx) is not retried: the 3-second window leaves no room
//! for backoff, and a deferral Discord did not take cannot be edited later. The command
//! fails, `on_error` tells the asker privately, and the next question is answered as usual
//! (`tests/it/discord_faults.rs`).

use serenity::all::{
    CommandInteraction, ComponentInteraction, CreateActionRow, CreateAllowedMentions,
    CreateInteractionResponse, CreateInteractionResponseFollowup, CreateInteractionResponseMessage,
    CreateMessage, EditInteractionResponse, Http, InteractionId, Message,
};
use serenity::builder::Builder;

use crate::bot::embed::Page;
use crate::bot::metrics::Metrics;
use crate::bot::picture::Picture;
use crate::bot::request::Outcome;

/// Allowed mentions that allow nothing: no `@everyone`/`@here`, no roles, no users, and no
/// ping of the member replied to.
pub fn no_pings() -> CreateAllowedMentions {
    CreateAllowedMentions::new().replied_user(false)
}

/// Tell the asker alone, as the first response to the interaction.
pub async fn ephemeral(
    http: &Http,
    metrics: &Metrics,
    interaction: &CommandInteraction,
    text: &str,
) -> serenity::Result<()> {
    let message = CreateInteractionResponseMessage::new()
        .content(crate::bot::embed::shorten_words(text, 1_900))
        .ephemeral(true)
        .allowed_mentions(no_pings());
    let sent = interaction
        .create_response(http, CreateInteractionResponse::Message(message))
        .await;
    metrics.observe("respond", &sent);
    sent
}

/// Acknowledge the interaction now ("whosaid is thinking…"); the answer follows.
pub async fn defer(
    http: &Http,
    metrics: &Metrics,
    interaction: &CommandInteraction,
) -> serenity::Result<()> {
    let message = CreateInteractionResponseMessage::new().allowed_mentions(no_pings());
    let sent = interaction
        .create_response(http, CreateInteractionResponse::Defer(message))
        .await;
    metrics.observe("defer", &sent);
    sent
}

/// Reply to a deferred interaction with the outcome.
pub async fn finish(
    http: &Http,
    metrics: &Metrics,
    interaction: &CommandInteraction,
    outcome: Outcome,
) -> serenity::Result<()> {
    finish_token(http, metrics, &interaction.token, outcome, Vec::new())
        .await
        .map(|_| ())
}

/// Reply to the deferred interaction of `token` with the outcome, `components` (an
/// answer's buttons) under its last page; the ids of the messages the pages became (none
/// for a refusal).
pub async fn finish_token(
    http: &Http,
    metrics: &Metrics,
    token: &str,
    outcome: Outcome,
    components: Vec<CreateActionRow>,
) -> serenity::Result<Vec<u64>> {
    match outcome {
        Outcome::Pages(pages, mut picture) => {
            let last = pages.len().saturating_sub(1);
            let mut ids = Vec::with_capacity(pages.len());
            for (i, page) in pages.iter().enumerate() {
                let rows = if i == last {
                    components.clone()
                } else {
                    Vec::new()
                };
                let sent = if i == 0 {
                    let edit = |picture: Option<&Picture>| {
                        let mut edit = EditInteractionResponse::new()
                            .embed(embed_of(page, picture))
                            .allowed_mentions(no_pings());
                        if let Some(p) = picture {
                            edit = edit.new_attachment(p.attachment());
                        }
                        if !rows.is_empty() {
                            edit = edit.components(rows.clone());
                        }
                        edit
                    };
                    // The picture goes with the first page only.
                    let picture = picture.take();
                    let mut sent = edit(picture.as_ref()).execute(http, token).await;
                    if let (Err(e), Some(_)) = (&sent, &picture) {
                        // The picture is a bonus: an upload Discord refused must not lose
                        // the answer, which goes again as text alone.
                        metrics.observe("followup", &sent);
                        tracing::warn!(error = %e, "the answer with its picture was refused; sending it without");
                        sent = edit(None).execute(http, token).await;
                    }
                    sent
                } else {
                    let mut followup = CreateInteractionResponseFollowup::new()
                        .embed(page.to_embed())
                        .allowed_mentions(no_pings());
                    if !rows.is_empty() {
                        followup = followup.components(rows);
                    }
                    followup.execute(http, (None, token)).await
                };
                metrics.observe("followup", &sent);
                ids.push(sent?.id.get());
            }
            Ok(ids)
        }
        Outcome::Refused(text) => {
            let deleted = http.delete_original_interaction_response(token).await;
            metrics.observe("followup", &deleted);
            deleted?;
            let followup = CreateInteractionResponseFollowup::new()
                .content(crate::bot::embed::shorten_words(&text, 1_900))
                .ephemeral(true)
                .allowed_mentions(no_pings());
            let sent = followup.execute(http, (None, token)).await;
            metrics.observe("followup", &sent);
            sent?;
            Ok(Vec::new())
        }
    }
}

/// Tell the member who clicked a button, alone, as the first response to the click.
pub async fn ephemeral_to_click(
    http: &Http,
    metrics: &Metrics,
    click: &ComponentInteraction,
    text: &str,
    components: Vec<CreateActionRow>,
) -> serenity::Result<()> {
    let mut message = CreateInteractionResponseMessage::new()
        .content(crate::bot::embed::shorten_words(text, 1_900))
        .ephemeral(true)
        .allowed_mentions(no_pings());
    if !components.is_empty() {
        message = message.components(components);
    }
    respond(
        http,
        metrics,
        click.id,
        &click.token,
        CreateInteractionResponse::Message(message),
    )
    .await
}

/// Acknowledge a click now ("whosaid is thinking…"); what it asked for follows publicly.
pub async fn defer_click(
    http: &Http,
    metrics: &Metrics,
    click: &ComponentInteraction,
) -> serenity::Result<()> {
    let message = CreateInteractionResponseMessage::new().allowed_mentions(no_pings());
    respond(
        http,
        metrics,
        click.id,
        &click.token,
        CreateInteractionResponse::Defer(message),
    )
    .await
}

async fn respond(
    http: &Http,
    metrics: &Metrics,
    id: InteractionId,
    token: &str,
    response: CreateInteractionResponse,
) -> serenity::Result<()> {
    let sent = response.execute(http, (id, token)).await;
    metrics.observe("respond", &sent);
    sent
}

/// Reply to a message that asked a question: the first page as a reply, the rest after it,
/// `components` under the last; the ids of the messages posted for the pages (none for a
/// refusal).
pub async fn to_message(
    http: &Http,
    metrics: &Metrics,
    message: &Message,
    outcome: Outcome,
    components: Vec<CreateActionRow>,
) -> serenity::Result<Vec<u64>> {
    let (pages, mut picture): (Vec<Page>, Option<Picture>) = match outcome {
        Outcome::Pages(pages, picture) => (pages, picture),
        Outcome::Refused(text) => {
            let reply = CreateMessage::new()
                .content(crate::bot::embed::shorten_words(&text, 1_900))
                .reference_message(message)
                .allowed_mentions(no_pings());
            let sent = message.channel_id.send_message(http, reply).await;
            metrics.observe("reply", &sent);
            sent?;
            return Ok(Vec::new());
        }
    };
    let last = pages.len().saturating_sub(1);
    let mut ids = Vec::with_capacity(pages.len());
    for (i, page) in pages.iter().enumerate() {
        let post = |picture: Option<&Picture>| {
            let mut post = CreateMessage::new()
                .embed(embed_of(page, picture))
                .allowed_mentions(no_pings());
            if i == 0 {
                post = post.reference_message(message);
            }
            if let Some(p) = picture {
                post = post.add_file(p.attachment());
            }
            if i == last && !components.is_empty() {
                post = post.components(components.clone());
            }
            post
        };
        // The picture goes with the first page only.
        let picture = picture.take();
        let mut sent = message
            .channel_id
            .send_message(http, post(picture.as_ref()))
            .await;
        metrics.observe("reply", &sent);
        if let (Err(e), Some(_)) = (&sent, &picture) {
            tracing::warn!(error = %e, "the answer with its picture was refused; sending it without");
            sent = message.channel_id.send_message(http, post(None)).await;
            metrics.observe("reply", &sent);
        }
        ids.push(sent?.id.get());
    }
    Ok(ids)
}

/// A page's embed, showing the picture uploaded with it.
fn embed_of(page: &Page, picture: Option<&Picture>) -> serenity::all::CreateEmbed {
    match picture {
        Some(_) => page.to_embed().image(Picture::url()),
        None => page.to_embed(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_pings_allows_nothing() {
        let json = serde_json::to_value(no_pings()).expect("serialize");
        assert_eq!(
            json,
            serde_json::json!({"parse": [], "users": [], "roles": [], "replied_user": false})
        );
    }
}
