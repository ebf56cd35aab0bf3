//! `/subscriptions`: what this server follows, for the member alone, in pages when long.
//! Calls `store` through `bot::feeds`, `bot::embed`, `bot::reply` and the helpers of
//! `super::subscribe`.

use serenity::all::{
    CreateInteractionResponse, CreateInteractionResponseFollowup, CreateInteractionResponseMessage,
};

use crate::bot::{embed, reply, shutdown, Context, Error};

use super::subscribe::{describe, say};

/// What this server follows and where the posts go.
#[poise::command(slash_command, guild_only)]
pub async fn subscriptions(ctx: Context<'_>) -> Result<(), Error> {
    let poise::Context::Application(actx) = ctx else {
        return Ok(());
    };
    let interaction = actx.interaction;
    let http = &ctx.serenity_context().http;
    let done = |_: ()| {
        actx.has_sent_initial_response
            .store(true, std::sync::atomic::Ordering::SeqCst)
    };
    let Some(_pass) = ctx.data().gate.enter() else {
        return say(ctx, interaction, shutdown::STOPPING).await.map(done);
    };
    let Some(guild) = interaction.guild_id else {
        return say(ctx, interaction, "Subscriptions belong to a server.")
            .await
            .map(done);
    };
    let subs = match ctx.data().feeds.store.subscriptions(Some(guild.get())) {
        Ok(subs) => subs,
        Err(e) => {
            tracing::error!(error = %e, "listing subscriptions failed");
            return say(ctx, interaction, crate::bot::request::INTERNAL_ERROR)
                .await
                .map(done);
        }
    };
    if subs.is_empty() {
        return say(ctx,
            interaction,
            "This server follows nothing yet. `/subscribe person: Mark Rutte` (or topic:, feed:) posts new statements in a channel.",
        )
        .await
        .map(done);
    }
    let lines: Vec<String> = subs.iter().map(describe).collect();
    let footer = format!("{} subscription(s) · /unsubscribe ID stops one", subs.len());
    let pages = embed::paged("What this server follows", &lines.join("\n"), &footer);
    let mut pages = pages.iter();
    if let Some(first) = pages.next() {
        let message = CreateInteractionResponseMessage::new()
            .embed(first.to_embed())
            .ephemeral(true)
            .allowed_mentions(reply::no_pings());
        interaction
            .create_response(http, CreateInteractionResponse::Message(message))
            .await?;
        done(());
    }
    for page in pages {
        let followup = CreateInteractionResponseFollowup::new()
            .embed(page.to_embed())
            .ephemeral(true)
            .allowed_mentions(reply::no_pings());
        interaction.create_followup(http, followup).await?;
    }
    Ok(())
}
