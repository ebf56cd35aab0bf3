//! The Discord bot: serenity's client with poise's slash commands, translating between
//! Discord and the [`Engine`]. It owns no answering logic of its own.
//!
//! - [`run`]: start-up (HTTP client, gateway, command registration) and graceful shutdown;
//! - [`commands`]: one poise command per file (`/ask`, `/said`, `/whois`, `/sources`,
//!   `/help`), each thin: parse into a [`request::Request`], ask the engine, reply;
//! - [`events`]: gateway events: mentions (to [`mention`]: a message that mentions the
//!   bot gets the same answer as `/ask`) and deleted channels (their subscriptions paused);
//! - [`request`]: requests and answering them off the async runtime;
//! - [`conversation`]: follow-ups (a reply to an answer, a question in its thread) read
//!   against the answer's conversation, kept per answer in the state database;
//! - [`buttons`]: "More", "Timeline", "Sources" and 👍 / 👎 under answers, with checked ids;
//! - [`embed`]: answers laid out as embeds within Discord's limits;
//! - [`picture`]: the timeline chart attached to an answer about a person's statements;
//! - [`reply`]: all posting, with empty `allowed_mentions` everywhere;
//! - [`cooldown`]: one question per member per `ask_cooldown_secs`;
//! - [`shutdown`]: questions in flight are answered before the shards close;
//! - [`shards`]: which gateway shards this process runs (one node of several, or all);
//! - [`metrics`] and [`monitor`]: the numbers `serve` serves at `[metrics] listen`;
//! - [`permissions`]: the permissions the bot uses and the invite link asking for them;
//! - [`pauses`]: channels the bot may not post in, paused (their posts wait) and resumed
//!   as its permissions there change;
//! - [`feeds`]: the state database for `/subscribe`, and in `serve` the feed poller and
//!   the delivery of update posts through [`poster`];
//! - with a PostgreSQL store, [`crate::article_log::Tailer`] keeps the index up with the
//!   shared article log.
//!
//! The API base URL (`[discord] api_base`, `WHOSAID_DISCORD_API`) points the client at a
//! fake Discord in tests; serenity only honours it with its rate limiter off, so the rate
//! limiter stays on whenever the real Discord is used.

pub mod buttons;
pub mod commands;
pub mod conversation;
pub mod cooldown;
pub mod embed;
pub mod events;
pub mod feeds;
pub mod mention;
pub mod metrics;
pub mod monitor;
pub mod pauses;
pub mod permissions;
pub mod picture;
pub mod poster;
pub mod reply;
pub mod request;
pub mod shards;
pub mod shutdown;

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};
use serenity::all::{ClientBuilder, GatewayError, GatewayIntents, GuildId, HttpBuilder};

use crate::config::{BaseUrl, DiscordConfig};
use crate::engine::Engine;
use crate::moderation::Moderation;
use cooldown::Cooldown;
use shards::ShardPlan;
use shutdown::Gate;

/// How long a stopping bot waits for the questions in flight.
const DRAIN: Duration = Duration::from_secs(20);

/// The error type of commands and handlers (what poise passes to `on_error`).
pub type Error = Box<dyn std::error::Error + Send + Sync>;
/// The poise context of our commands.
pub type Context<'a> = poise::Context<'a, Data, Error>;

/// What every command and handler shares.
pub struct Data {
    pub engine: Arc<Engine>,
    pub cooldown: Cooldown,
    pub answer_mentions: bool,
    pub gate: Arc<Gate>,
    pub feeds: Arc<feeds::Feeds>,
    /// Each server's moderation state (`/mod`), consulted on every question.
    pub moderation: Arc<Moderation>,
    pub metrics: Arc<metrics::Metrics>,
    /// `[web] base_url`, for links to person pages in answers.
    pub web_base: Option<BaseUrl>,
}

/// What the bot needs from the configuration, checked.
pub struct Settings {
    token: SecretString,
    pub api_base: Option<String>,
    pub guild_id: Option<u64>,
    pub ask_cooldown: Duration,
    pub answer_mentions: bool,
    /// How often to pick up articles indexed by other processes (`whosaid ingest`, feeds);
    /// `None`: never.
    pub index_refresh: Option<Duration>,
    /// Subscriptions, feed polling and update posts.
    pub feeds: feeds::FeedSettings,
    /// `[store] url`: the PostgreSQL store; `None`: SQLite in the data directory.
    pub store_url: Option<SecretString>,
    /// The gateway shards this process runs.
    pub shards: ShardPlan,
    /// Serve `/metrics`, `/healthz` and `/readyz` here (`[metrics] listen`, bound by the
    /// caller so a taken port fails start-up).
    pub metrics_listener: Option<std::net::TcpListener>,
    /// `[web] base_url`: answers link to the person's page on the statement explorer.
    pub web_base: Option<BaseUrl>,
}

/// Why the bot stopped or could not start; each is one clear line for the operator.
#[derive(Debug, thiserror::Error)]
pub enum BotError {
    #[error("no Discord token: set DISCORD_TOKEN (or [discord] token in the configuration file)")]
    MissingToken,
    #[error("Discord rejected the bot token (authentication failed): check DISCORD_TOKEN, or reset the token in the Discord developer portal")]
    RejectedToken,
    #[error("Discord refused the requested gateway intents: {0}")]
    Intents(String),
    #[error("cannot run the Discord client: {0}")]
    Client(String),
    #[error("{0}")]
    State(String),
    #[error("gateway shards: {0}")]
    Shards(String),
}

impl Settings {
    pub fn from_config(discord: &DiscordConfig) -> Result<Settings, BotError> {
        let token = discord.token.clone().ok_or(BotError::MissingToken)?;
        if token.expose_secret().trim().is_empty() {
            return Err(BotError::MissingToken);
        }
        Ok(Settings {
            token,
            api_base: discord.api_base.clone(),
            guild_id: discord.guild_id,
            ask_cooldown: Duration::from_secs(discord.ask_cooldown_secs),
            answer_mentions: discord.answer_mentions,
            index_refresh: Some(Duration::from_secs(60)),
            feeds: feeds::FeedSettings::default(),
            store_url: None,
            shards: ShardPlan::from_config(discord).map_err(BotError::Shards)?,
            metrics_listener: None,
            web_base: None,
        })
    }
}

/// The gateway events the bot needs: guilds (for the cache) and messages (for mentions).
/// MESSAGE_CONTENT is privileged and not needed: Discord sends the content of messages that
/// mention the bot regardless.
fn intents() -> GatewayIntents {
    GatewayIntents::GUILDS | GatewayIntents::GUILD_MESSAGES | GatewayIntents::DIRECT_MESSAGES
}

/// Run the bot until `shutdown` completes (then close the shards cleanly) or the gateway
/// fails for good (a rejected token ends it at once).
pub async fn run(
    settings: Settings,
    engine: Arc<Engine>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), BotError> {
    let http = http_builder(&settings.token, settings.api_base.as_deref());
    let feeds = Arc::new(
        feeds::Feeds::open(
            &settings.feeds,
            settings.store_url.as_ref().map(|u| u.expose_secret()),
            &engine,
        )
        .map_err(|e| BotError::State(e.to_string()))?,
    );
    let http = http.build();
    let guild_id = settings.guild_id.map(GuildId::new);
    let gate = Arc::new(Gate::default());
    // One state database for subscriptions, feeds and moderation, opened once.
    let moderation = Arc::new(Moderation::new(
        feeds.store.clone(),
        engine.clone(),
        feeds.allow_hosts.clone(),
        feeds.poll_interval_secs,
    ));
    // With a PostgreSQL store, this node's index follows the shared article log.
    let (tail_stop, tail_stopped) = tokio::sync::watch::channel(false);
    let tailer = feeds.store.has_article_log().then(|| {
        let tailer = crate::article_log::Tailer::new(feeds.store.clone(), engine.clone());
        tokio::spawn(tailer.run(crate::article_log::FALLBACK_POLL, tail_stopped))
    });
    let refresher = settings
        .index_refresh
        .filter(|p| !p.is_zero())
        .map(|period| tokio::spawn(refresh_index(engine.clone(), period)));
    let purger = tokio::spawn(purge_conversations(feeds.store.clone()));
    let metrics = Arc::new(metrics::Metrics::new());
    let data = Data {
        metrics: metrics.clone(),
        feeds: feeds.clone(),
        moderation,
        engine: engine.clone(),
        cooldown: Cooldown::new(settings.ask_cooldown),
        answer_mentions: settings.answer_mentions,
        gate: gate.clone(),
        web_base: settings.web_base.clone(),
    };
    let framework = framework(data, guild_id, settings.shards.runs_shard_zero());
    let mut client = ClientBuilder::new_with_http(http, intents())
        .framework(framework)
        .await
        .map_err(|e| BotError::Client(e.to_string()))?;

    let monitor = settings.metrics_listener.map(|listener| {
        let monitor = monitor::Monitor {
            metrics: metrics.clone(),
            engine: engine.clone(),
            store: feeds.store.clone(),
            shards: client.shard_manager.clone(),
        };
        tokio::spawn(monitor::serve(listener, monitor))
    });
    let service = feeds::Service::start(
        &settings.feeds,
        &feeds,
        engine.clone(),
        client.http.clone(),
        metrics,
    )
    .map_err(BotError::State)?;
    let feed_stop = service.as_ref().map(feeds::Service::stopper);
    let shard_manager = client.shard_manager.clone();
    let stopper = tokio::spawn(async move {
        shutdown.await;
        if let Some(stop) = &feed_stop {
            let _ = stop.send(true);
        }
        let _ = tail_stop.send(true);
        tracing::info!("shutting down: answering the questions in flight");
        let left = gate.close(DRAIN).await;
        if left > 0 {
            tracing::warn!(questions = left, "stopping with questions still unanswered");
        }
        tracing::info!("closing the Discord shards");
        shard_manager.shutdown_all().await;
    });
    wait_to_identify(&client, &settings.shards).await;
    tracing::info!(shards = %settings.shards, "connecting to the Discord gateway");
    let result = match settings.shards {
        ShardPlan::Recommended => client.start_autosharded().await,
        // serenity 0.12 reads the end of this range as included: `first..last` starts
        // shards first to last.
        ShardPlan::Range { range, count } => {
            client
                .start_shard_range(range.first..range.last, count)
                .await
        }
    };
    stopper.abort();
    if let Some(s) = service {
        s.stop(DRAIN).await;
    }
    if let Some(task) = tailer {
        // It stops between batches: let the one in hand commit before the writer closes.
        if tokio::time::timeout(DRAIN, task).await.is_err() {
            tracing::warn!("stopping while the article log is still being applied");
        }
    }
    let writer = engine.clone();
    if let Ok(Err(e)) = tokio::task::spawn_blocking(move || writer.finish_ingest()).await {
        tracing::warn!(error = %e, "could not close the index writer");
    }
    for task in [refresher, monitor, Some(purger)].into_iter().flatten() {
        task.abort();
    }
    gateway_outcome(result)
}

/// serenity's HTTP client for `token`, pointed at `api_base` when given (a fake Discord).
fn http_builder(token: &SecretString, api_base: Option<&str>) -> HttpBuilder {
    let http = HttpBuilder::new(token.expose_secret());
    match api_base {
        // serenity ignores the proxy while its rate limiter is on (serenity#1739).
        Some(base) => http.proxy(base).ratelimiter_disabled(true),
        None => http,
    }
}

/// The application id of the bot whose token the configuration holds, asked of Discord
/// (what `whosaid invite` needs when not given `--client-id`).
pub async fn application_id(discord: &DiscordConfig) -> Result<u64, BotError> {
    let token = discord.token.clone().ok_or(BotError::MissingToken)?;
    let http = http_builder(&token, discord.api_base.as_deref()).build();
    match http.get_current_application_info().await {
        Ok(info) => Ok(info.id.get()),
        Err(serenity::Error::Http(e)) if e.status_code().map(|s| s.as_u16()) == Some(401) => {
            Err(BotError::RejectedToken)
        }
        Err(e) => Err(BotError::Client(e.to_string())),
    }
}

/// The command framework: registers the slash commands once connected (in `guild_id`
/// only, or globally) when `register` (the node running shard 0: several nodes register
/// them once), then serves `data` to every command.
fn framework(
    data: Data,
    guild_id: Option<GuildId>,
    register: bool,
) -> poise::Framework<Data, Error> {
    poise::Framework::builder()
        .options(framework_options())
        // No owner-only commands: skip the application lookup at start-up (the builder's
        // setting overrides the option's).
        .initialize_owners(false)
        .setup(move |ctx, ready, framework| {
            Box::pin(async move {
                if ready.guilds.is_empty() {
                    let invite = permissions::invite_url(ready.application.id.get());
                    tracing::warn!(%invite, "the bot is in no server yet: open the link to add it to one");
                }
                let commands = &framework.options().commands;
                if !register {
                    tracing::info!("slash commands left to the node running shard 0");
                    return Ok(data);
                }
                let registered = match guild_id {
                    Some(guild) => poise::builtins::register_in_guild(ctx, commands, guild).await,
                    None => poise::builtins::register_globally(ctx, commands).await,
                };
                match registered {
                    Ok(()) => tracing::info!(
                        bot = %ready.user.name,
                        commands = commands.len(),
                        scope = guild_id.map_or("global".to_string(), |g| format!("guild {g}")),
                        "slash commands registered"
                    ),
                    Err(e) => tracing::error!(error = %e, "could not register the slash commands"),
                }
                Ok(data)
            })
        })
        .build()
}

/// Nodes started together identify one after another (see [`shards::stagger`]).
async fn wait_to_identify(client: &serenity::Client, plan: &ShardPlan) {
    if plan.runs_shard_zero() {
        return;
    }
    let max_concurrency = match client.http.get_bot_gateway().await {
        Ok(g) => u32::try_from(g.session_start_limit.max_concurrency).unwrap_or(u32::MAX),
        Err(e) => {
            tracing::warn!(error = %e, "cannot read the identify limit; assuming 1 at a time");
            1
        }
    };
    let wait = shards::stagger(plan, max_concurrency);
    tracing::info!(?wait, %plan, max_concurrency, "waiting for the earlier shards to identify");
    tokio::time::sleep(wait).await;
}

/// What the gateway's end means for `run`: a rejected token or intents are told apart.
fn gateway_outcome(result: Result<(), serenity::Error>) -> Result<(), BotError> {
    match result {
        Ok(()) => Ok(()),
        Err(serenity::Error::Gateway(GatewayError::InvalidAuthentication)) => {
            Err(BotError::RejectedToken)
        }
        // `GET /gateway/bot` (how many shards) is the first call made with the token.
        Err(serenity::Error::Http(e)) if e.status_code().map(|s| s.as_u16()) == Some(401) => {
            Err(BotError::RejectedToken)
        }
        Err(serenity::Error::Gateway(
            e @ (GatewayError::InvalidGatewayIntents | GatewayError::DisallowedGatewayIntents),
        )) => Err(BotError::Intents(e.to_string())),
        Err(e) => Err(BotError::Client(e.to_string())),
    }
}

/// How often expired conversations are deleted (reads ignore them already).
const PURGE_EVERY: Duration = Duration::from_secs(60 * 60);

/// Delete the conversations older than a day, at start and every [`PURGE_EVERY`].
async fn purge_conversations(store: Arc<crate::store::Store>) {
    let mut ticks = tokio::time::interval(PURGE_EVERY);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        let store = store.clone();
        let purged =
            tokio::task::spawn_blocking(move || store.purge_conversations(crate::store::now()))
                .await;
        match purged {
            Ok(Ok(0)) => {}
            Ok(Ok(n)) => tracing::info!(conversations = n, "expired conversations deleted"),
            Ok(Err(e)) => tracing::warn!(error = %e, "cannot delete expired conversations"),
            Err(e) => tracing::warn!(error = %e, "the conversation purge task failed"),
        }
    }
}

/// Pick up, every `period`, what other processes committed to the index.
async fn refresh_index(engine: Arc<Engine>, period: Duration) {
    let mut ticks = tokio::time::interval(period);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    ticks.tick().await;
    loop {
        ticks.tick().await;
        let engine = engine.clone();
        match tokio::task::spawn_blocking(move || engine.refresh()).await {
            Ok(Ok(())) => tracing::debug!("index reloaded"),
            Ok(Err(e)) => tracing::warn!(error = %e, "index reload failed"),
            Err(e) => tracing::warn!(error = %e, "index reload task failed"),
        }
    }
}

fn framework_options() -> poise::FrameworkOptions<Data, Error> {
    poise::FrameworkOptions {
        commands: commands::all(),
        on_error: |error| Box::pin(commands::on_error(error)),
        event_handler: |framework, event| Box::pin(events::on_event(framework, event)),
        allowed_mentions: Some(reply::no_pings()),
        prefix_options: poise::PrefixFrameworkOptions {
            prefix: None,
            mention_as_prefix: false,
            ..Default::default()
        },
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_or_blank_token_is_refused_before_connecting() {
        let mut discord = DiscordConfig::default();
        assert!(matches!(
            Settings::from_config(&discord),
            Err(BotError::MissingToken)
        ));
        discord.token = Some(SecretString::from(" ".to_string()));
        assert!(matches!(
            Settings::from_config(&discord),
            Err(BotError::MissingToken)
        ));
        discord.token = Some(SecretString::from("t".to_string()));
        discord.ask_cooldown_secs = 7;
        let settings = Settings::from_config(&discord).expect("valid");
        assert_eq!(settings.ask_cooldown, Duration::from_secs(7));
        assert!(settings.api_base.is_none(), "the real Discord by default");
    }

    #[test]
    fn errors_are_one_line_without_the_token() {
        for e in [BotError::MissingToken, BotError::RejectedToken] {
            let text = e.to_string();
            assert!(!text.contains('\n'));
            assert!(text.contains("DISCORD_TOKEN"), "{text}");
        }
    }
}
