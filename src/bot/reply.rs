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
    CommandInteraction, CreateAllowedMentions, CreateInteractionResponse,
    CreateInteractionResponseFollowup, CreateInteractionResponseMessage, CreateMessage,
    EditInteractionResponse, Http, Message,
};

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
    match outcome {
        Outcome::Pages(pages, picture) => {
            let mut pages = pages.iter();
            if let Some(first) = pages.next() {
                let edit = |picture: Option<&Picture>| {
                    let mut edit = EditInteractionResponse::new()
                        .embed(embed_of(first, picture))
                        .allowed_mentions(no_pings());
                    if let Some(p) = picture {
                        edit = edit.new_attachment(p.attachment());
                    }
                    edit
                };
                let mut sent = interaction
                    .edit_response(http, edit(picture.as_ref()))
                    .await;
                metrics.observe("followup", &sent);
                if let (Err(e), Some(_)) = (&sent, &picture) {
                    // The picture is a bonus: an upload Discord refused must not lose the
                    // answer, which goes again as text alone.
                    tracing::warn!(error = %e, "the answer with its picture was refused; sending it without");
                    sent = interaction.edit_response(http, edit(None)).await;
                    metrics.observe("followup", &sent);
                }
                sent?;
            }
            for page in pages {
                let followup = CreateInteractionResponseFollowup::new()
                    .embed(page.to_embed())
                    .allowed_mentions(no_pings());
                let sent = interaction.create_followup(http, followup).await;
                metrics.observe("followup", &sent);
                sent?;
            }
            Ok(())
        }
        Outcome::Refused(text) => {
            let deleted = interaction.delete_response(http).await;
            metrics.observe("followup", &deleted);
            deleted?;
            let followup = CreateInteractionResponseFollowup::new()
                .content(crate::bot::embed::shorten_words(&text, 1_900))
                .ephemeral(true)
                .allowed_mentions(no_pings());
            let sent = interaction.create_followup(http, followup).await;
            metrics.observe("followup", &sent);
            sent?;
            Ok(())
        }
    }
}

/// Reply to a message that asked a question: the first page as a reply, the rest after it.
pub async fn to_message(
    http: &Http,
    metrics: &Metrics,
    message: &Message,
    outcome: Outcome,
) -> serenity::Result<()> {
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
            return Ok(());
        }
    };
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
        sent?;
    }
    Ok(())
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
