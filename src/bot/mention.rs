//! Questions asked by mentioning the bot ("@whosaid who proposed a peace plan?"), or by
//! replying to one of its messages: the same answer as `/ask`, posted as a reply. A reply
//! to an answer, or a mention in a thread started from one, follows up on that answer's
//! conversation ("and about Ukraine?", see [`super::conversation`]). Other messages,
//! messages from bots (the bot's own included), and, as the server's moderators decided,
//! messages from blocked members or in disabled channels, are ignored.
//! Where the bot may not answer (the cache says it lacks a permission of
//! [`permissions::TO_ANSWER`]), it stays silent rather than collect 403s.
//! Calls `bot::request`, `bot::reply`, `bot::permissions` and `bot::commands` (the
//! moderation admission check).

use std::time::Instant;

use serenity::all::{Cache, FullEvent, Message, UserId};
use tracing::{field, Instrument};

use crate::bot::conversation::{self, Posted};
use crate::bot::request::{self, Outcome, Request};
use crate::bot::{buttons, commands, permissions, reply, Data, Error};

/// New messages (from [`super::events`]): only those that mention the bot matter.
pub async fn on_event(
    framework: poise::FrameworkContext<'_, Data, Error>,
    event: &FullEvent,
) -> Result<(), Error> {
    let FullEvent::Message { new_message } = event else {
        return Ok(());
    };
    let data = framework.user_data;
    let Some(question) = question_for(new_message, framework.bot_id(), data.answer_mentions) else {
        return Ok(());
    };
    let span = tracing::info_span!(
        "question",
        user = %new_message.author.id,
        channel = %new_message.channel_id,
        via = "mention",
        follow_up = field::Empty,
        intent = field::Empty,
        statements = field::Empty,
        latency_ms = field::Empty,
    );
    answer(framework, new_message, &question)
        .instrument(span)
        .await
}

/// The question in `message` if it is one for the bot: a human's message that mentions
/// it, or replies to one of its messages, with the mention taken out.
pub fn question_for(message: &Message, bot: UserId, enabled: bool) -> Option<String> {
    if !enabled || message.author.bot || message.author.id == bot {
        return None;
    }
    let replies_to_bot = message
        .referenced_message
        .as_ref()
        .is_some_and(|m| m.author.id == bot);
    if !replies_to_bot && !message.mentions.iter().any(|u| u.id == bot) {
        return None;
    }
    let id = bot.get();
    let text = message
        .content
        .replace(&format!("<@{id}>"), " ")
        .replace(&format!("<@!{id}>"), " ");
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    // A reply without words (content hidden, or a sticker) asks nothing.
    (!text.is_empty() || !replies_to_bot).then_some(text)
}

async fn answer(
    framework: poise::FrameworkContext<'_, Data, Error>,
    message: &Message,
    question: &str,
) -> Result<(), Error> {
    let http = &framework.serenity_context.http;
    let data = framework.user_data;
    let started = Instant::now();
    let Some(_pass) = data.gate.enter() else {
        tracing::info!("stopping: question ignored");
        return Ok(());
    };
    let store = data.moderation.store();
    let following = conversation::for_message(store, message, crate::store::now());
    // A reply that does not mention the bot is a question only when it replies to an
    // answer: "thanks!" under an update post is not one.
    let mentioned = message.mentions.iter().any(|u| u.id == framework.bot_id());
    if !mentioned && following.is_none() {
        tracing::debug!("a reply to a message that is no answer: ignored");
        return Ok(());
    }
    let admitted = commands::moderation::admit(
        data,
        message.guild_id.map(|g| g.get()),
        message.channel_id.get(),
        message.author.id.get(),
        true,
    );
    let (scope, server_cooldown) = match admitted {
        commands::moderation::Admission::Answer {
            scope,
            cooldown_done,
        } => (scope, cooldown_done),
        commands::moderation::Admission::Refuse(why) => {
            tracing::info!(%why, "question ignored");
            return Ok(());
        }
    };
    if !server_cooldown {
        if let Err(wait) = data.cooldown.check(message.author.id.get()) {
            tracing::info!(wait_secs = wait.as_secs(), "cooldown: question ignored");
            return Ok(());
        }
    }
    let missing = missing_to_answer(&framework.serenity_context.cache, message);
    if !missing.is_empty() {
        tracing::info!(
            ?missing,
            "the bot may not answer in this channel: question ignored"
        );
        return Ok(());
    }
    let request = match Request::ask(question) {
        Ok(r) => r,
        Err(invalid) => {
            let refused = Outcome::Refused(invalid.0);
            reply::to_message(http, &data.metrics, message, refused, Vec::new()).await?;
            return Ok(());
        }
    };
    if let Err(e) = message.channel_id.broadcast_typing(http).await {
        tracing::debug!(error = %e, "typing indicator refused");
    }
    let span = tracing::Span::current();
    span.record("follow_up", following.is_some());
    let previous = following.as_ref().and_then(|f| f.last());
    let answered =
        request::answer_turn(data.engine.clone(), request, previous, scope, &data.metrics).await;
    if let Some(s) = &answered.summary {
        span.record("intent", s.intent);
        span.record("statements", s.statements);
    }
    let nonce = conversation::new_nonce();
    let rows = answered
        .turn
        .as_ref()
        .map(|t| buttons::answer_buttons(&nonce, t))
        .unwrap_or_default();
    let ids = reply::to_message(http, &data.metrics, message, answered.outcome, rows).await?;
    if let Some(turn) = answered.turn {
        let thread_id = following.as_ref().and_then(|f| f.thread_id);
        let conv = conversation::after(following.map(|f| f.conversation), turn);
        conversation::keep(
            store,
            &Posted {
                guild: conversation::guild_key(message.guild_id.map(|g| g.get())),
                channel: message.channel_id.get(),
                messages: &ids,
                thread_id,
                asker: message.author.id,
                nonce: &nonce,
            },
            &conv,
        );
    }
    span.record("latency_ms", started.elapsed().as_millis() as u64);
    tracing::info!("answered");
    Ok(())
}

/// What the bot lacks to answer in `message`'s channel, as the cache knows it: nothing
/// when the cache does not know the server, the bot's member or the channel (a thread, a
/// direct message), where Discord decides.
fn missing_to_answer(cache: &Cache, message: &Message) -> Vec<&'static str> {
    let Some(guild) = message.guild_id.and_then(|g| cache.guild(g)) else {
        return Vec::new();
    };
    let me = cache.current_user().id;
    match (
        guild.members.get(&me),
        guild.channels.get(&message.channel_id),
    ) {
        (Some(member), Some(channel)) => {
            permissions::missing_to_answer(guild.user_permissions_in(channel, member))
        }
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn message(author: u64, bot: bool, content: &str, mentions: &[u64]) -> Message {
        let mentions: Vec<_> = mentions
            .iter()
            .map(|id| json!({"id": id.to_string(), "username": "u", "discriminator": "0", "avatar": null}))
            .collect();
        let v = json!({
            "id": "1", "channel_id": "2",
            "author": {"id": author.to_string(), "username": "a", "discriminator": "0", "avatar": null, "bot": bot},
            "content": content, "timestamp": "2025-10-22T10:00:00+00:00", "tts": false,
            "mention_everyone": false, "mentions": mentions, "mention_roles": [],
            "attachments": [], "embeds": [], "pinned": false, "type": 0,
        });
        serde_json::from_value(v).expect("message fixture")
    }

    const BOT: u64 = 99;

    #[test]
    fn a_mention_is_a_question_without_the_mention() {
        let m = message(5, false, "<@99>  who proposed a peace plan?", &[BOT]);
        assert_eq!(
            question_for(&m, UserId::new(BOT), true).as_deref(),
            Some("who proposed a peace plan?")
        );
        let m = message(5, false, "hey <@!99> who?", &[BOT]);
        assert_eq!(
            question_for(&m, UserId::new(BOT), true).as_deref(),
            Some("hey who?")
        );
    }

    #[test]
    fn a_reply_to_the_bot_is_a_question_without_a_mention_unless_it_has_no_words() {
        let reply = |content: &str, to: u64| {
            let mut v = serde_json::to_value(message(5, false, content, &[])).expect("json");
            v["referenced_message"] =
                serde_json::to_value(message(to, to == BOT, "answer", &[])).expect("json");
            serde_json::from_value::<Message>(v).expect("reply fixture")
        };
        assert_eq!(
            question_for(&reply("and about Ukraine?", BOT), UserId::new(BOT), true).as_deref(),
            Some("and about Ukraine?")
        );
        assert_eq!(question_for(&reply("", BOT), UserId::new(BOT), true), None);
        assert_eq!(
            question_for(&reply("and about Ukraine?", 7), UserId::new(BOT), true),
            None
        );
    }

    #[test]
    fn other_messages_are_ignored() {
        let plain = message(5, false, "who proposed a peace plan?", &[]);
        assert_eq!(question_for(&plain, UserId::new(BOT), true), None);
        let other = message(5, false, "<@7> hi", &[7]);
        assert_eq!(question_for(&other, UserId::new(BOT), true), None);
        let own = message(BOT, true, "<@99> answer", &[BOT]);
        assert_eq!(question_for(&own, UserId::new(BOT), true), None);
        let bot = message(6, true, "<@99> who?", &[BOT]);
        assert_eq!(question_for(&bot, UserId::new(BOT), true), None);
        let disabled = message(5, false, "<@99> who?", &[BOT]);
        assert_eq!(question_for(&disabled, UserId::new(BOT), false), None);
    }
}
