//! The slash commands, one per file, and what they share: answering a [`Request`] to an
//! interaction (cooldown, deferral, the tracing span per question) and `on_error`.
//! Calls `bot::request` (which asks the engine), `bot::reply` and `bot::shutdown`.

mod ask;
mod help;
pub mod moderation;
mod said;
mod sources;
mod subscribe;
mod subscriptions;
mod unsubscribe;
mod whois;

use std::sync::atomic::Ordering;
use std::time::Instant;

use tracing::{field, Instrument};

use crate::bot::conversation::{self, Posted};
use crate::bot::request::{self, Invalid, Outcome, Request};
use crate::bot::{buttons, reply, shutdown, Context, Data, Error};

/// Every command, for registration.
pub fn all() -> Vec<poise::Command<Data, Error>> {
    vec![
        ask::ask(),
        said::said(),
        whois::whois(),
        sources::sources(),
        help::help(),
        subscribe::subscribe(),
        unsubscribe::unsubscribe(),
        subscriptions::subscriptions(),
        moderation::command(),
    ]
}

/// Answer an interaction: refuse an invalid request or a member in cooldown (to them
/// alone), else defer, ask the engine and post the pages.
async fn answer(
    ctx: Context<'_>,
    request: Result<Request, Invalid>,
    with_cooldown: bool,
) -> Result<(), Error> {
    let poise::Context::Application(actx) = ctx else {
        return Ok(());
    };
    let interaction = actx.interaction;
    let span = tracing::info_span!(
        "question",
        user = %interaction.user.id,
        channel = %interaction.channel_id,
        command = %interaction.data.name,
        intent = field::Empty,
        statements = field::Empty,
        latency_ms = field::Empty,
    );
    async move {
        let started = Instant::now();
        let http = &ctx.serenity_context().http;
        let Some(_pass) = ctx.data().gate.enter() else {
            reply::ephemeral(http, &ctx.data().metrics, interaction, shutdown::STOPPING).await?;
            return Ok(());
        };
        let request = match request {
            Ok(r) => r,
            Err(invalid) => {
                reply::ephemeral(http, &ctx.data().metrics, interaction, &invalid.0).await?;
                return Ok(());
            }
        };
        let admitted = moderation::admit(
            ctx.data(),
            interaction.guild_id.map(|g| g.get()),
            interaction.channel_id.get(),
            interaction.user.id.get(),
            with_cooldown,
        );
        let (scope, server_cooldown) = match admitted {
            moderation::Admission::Answer {
                scope,
                cooldown_done,
            } => (scope, cooldown_done),
            moderation::Admission::Refuse(text) => {
                reply::ephemeral(http, &ctx.data().metrics, interaction, &text).await?;
                return Ok(());
            }
        };
        if with_cooldown && !server_cooldown {
            if let Err(wait) = ctx.data().cooldown.check(interaction.user.id.get()) {
                let secs = wait.as_millis().div_ceil(1000).max(1);
                tracing::info!(wait_secs = secs, "cooldown");
                let text = format!("Please wait {secs} s before asking again.");
                reply::ephemeral(http, &ctx.data().metrics, interaction, &text).await?;
                return Ok(());
            }
        }
        reply::defer(http, &ctx.data().metrics, interaction).await?;
        actx.has_sent_initial_response.store(true, Ordering::SeqCst);
        let data = ctx.data();
        let store = data.moderation.store();
        let guild = conversation::guild_key(interaction.guild_id.map(|g| g.get()));
        let channel = interaction.channel_id.get();
        // `/ask` in a thread started from an answer follows up on it; `/said` and
        // `/whois` name what they ask about, and start a conversation of their own.
        let following = match &request {
            Request::Ask { .. } => {
                conversation::in_thread(store, guild, channel, crate::store::now())
            }
            _ => None,
        };
        let previous = following.as_ref().and_then(|f| f.last());
        let answered =
            request::answer_turn(data.engine.clone(), request, previous, scope, &data.metrics)
                .await;
        let span = tracing::Span::current();
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
        let ids = reply::finish_token(
            http,
            &data.metrics,
            &interaction.token,
            answered.outcome,
            rows,
        )
        .await?;
        if let Some(turn) = answered.turn {
            let thread_id = following.as_ref().and_then(|f| f.thread_id);
            let conv = conversation::after(following.map(|f| f.conversation), turn);
            conversation::keep(
                store,
                &Posted {
                    guild,
                    channel,
                    messages: &ids,
                    thread_id,
                    asker: interaction.user.id,
                    nonce: &nonce,
                },
                &conv,
            );
        }
        span.record("latency_ms", started.elapsed().as_millis() as u64);
        tracing::info!("answered");
        Ok(())
    }
    .instrument(span)
    .await
}

/// Post pages that need no engine work beyond a quick look (help, sources).
async fn post(ctx: Context<'_>, outcome: Outcome) -> Result<(), Error> {
    let poise::Context::Application(actx) = ctx else {
        return Ok(());
    };
    let http = &ctx.serenity_context().http;
    let Some(_pass) = ctx.data().gate.enter() else {
        reply::ephemeral(
            http,
            &ctx.data().metrics,
            actx.interaction,
            shutdown::STOPPING,
        )
        .await?;
        return Ok(());
    };
    reply::defer(http, &ctx.data().metrics, actx.interaction).await?;
    actx.has_sent_initial_response.store(true, Ordering::SeqCst);
    reply::finish(http, &ctx.data().metrics, actx.interaction, outcome).await?;
    Ok(())
}

/// Framework errors: logged in full for operators, shown to the member without internals.
pub async fn on_error(error: poise::FrameworkError<'_, Data, Error>) {
    match error {
        poise::FrameworkError::Command { error, ctx, .. } => {
            tracing::error!(command = %ctx.command().name, error = %error, "command failed");
            let reply = poise::CreateReply::default()
                .content(request::INTERNAL_ERROR)
                .ephemeral(true)
                .allowed_mentions(reply::no_pings());
            if let Err(e) = ctx.send(reply).await {
                tracing::warn!(error = %e, "could not tell the member about the failure");
            }
        }
        poise::FrameworkError::ArgumentParse { error, ctx, .. } => {
            tracing::info!(command = %ctx.command().name, error = %error, "arguments not understood");
            let reply = poise::CreateReply::default()
                .content("I could not read the command's options; please try again, see /help.")
                .ephemeral(true)
                .allowed_mentions(reply::no_pings());
            if let Err(e) = ctx.send(reply).await {
                tracing::warn!(error = %e, "could not tell the member about the options");
            }
        }
        poise::FrameworkError::Setup { error, .. } => {
            tracing::error!(error = %error, "bot set-up failed");
        }
        poise::FrameworkError::EventHandler { error, event, .. } => {
            tracing::error!(event = event.snake_case_name(), error = %error, "event handler failed");
        }
        other => {
            tracing::warn!(error = %other, "framework error");
        }
    }
}
