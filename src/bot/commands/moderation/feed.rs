//! `/mod feed add|remove|list|test URL`: the feeds this server follows. Feeds are shared
//! by every server; a server's removal drops the feed only when nobody else follows it.
//! `test` fetches and parses a feed and shows what would be ingested, without indexing or
//! posting anything.
//! Calls `feeds` (addresses, fetching, parsing), `nlp` (the preview's statements) and
//! `store` through `Moderation`.

use crate::bot::{Context, Error};
use crate::feeds::{FeedUrl, FetchOptions, Fetched, Fetcher, Validators};
use crate::render::phrasing::escape_markdown;
use crate::store;

use super::{apply, done, made, moderator, say, View};

/// Feeds this server follows.
#[poise::command(
    slash_command,
    subcommands("add", "remove", "list", "test"),
    subcommand_required
)]
pub async fn feed(_ctx: Context<'_>) -> Result<(), Error> {
    Ok(())
}

/// Follow a feed (RSS, Atom or JSON Feed).
#[poise::command(slash_command)]
async fn add(
    ctx: Context<'_>,
    #[description = "The feed's address"]
    #[max_length = 500]
    url: String,
) -> Result<(), Error> {
    let target = Some(url.clone());
    apply(ctx, target, None, View::Keep, |m, moderation| {
        let feed = FeedUrl::parse(&url, moderation.allow_hosts())?;
        made(
            moderation.store().add_guild_feed(
                m.guild_id,
                feed.as_str(),
                moderation.feed_interval_secs(),
                m.user_id,
                store::now(),
            ),
            format!("This server now follows <{feed}>."),
            format!("this server already follows <{feed}>"),
        )
    })
    .await
}

/// Stop following a feed.
#[poise::command(slash_command)]
async fn remove(
    ctx: Context<'_>,
    #[description = "The feed's address"]
    #[max_length = 500]
    url: String,
) -> Result<(), Error> {
    let normal = url::Url::parse(url.trim())
        .map(|u| u.to_string())
        .unwrap_or_else(|_| url.trim().to_string());
    apply(ctx, Some(url), None, View::Keep, |m, moderation| {
        done(
            moderation.store().remove_guild_feed(m.guild_id, &normal),
            format!("This server no longer follows <{normal}>."),
        )
    })
    .await
}

/// The feeds this server follows, with their state.
#[poise::command(slash_command)]
async fn list(ctx: Context<'_>) -> Result<(), Error> {
    let m = moderator(ctx)?;
    let store = ctx.data().moderation.store();
    let urls = store.guild_feeds(m.guild_id)?;
    if urls.is_empty() {
        return say(
            ctx,
            "This server follows no feed. Add one with /mod feed add.",
        )
        .await;
    }
    let mut lines = Vec::new();
    for url in urls {
        let state = match store.feed_by_url(&url)? {
            Some(f) if f.paused => format!(
                "paused: {}",
                f.paused_reason.as_deref().unwrap_or("by a moderator")
            ),
            Some(f) if f.failures > 0 => format!(
                "failing ({} in a row): {}",
                f.failures,
                f.last_error.as_deref().unwrap_or("?")
            ),
            Some(f) if f.last_success.is_some() => match &f.last_error {
                Some(note) => format!("ok ({note})"),
                None => "ok".to_string(),
            },
            Some(_) => "not polled yet".to_string(),
            None => "not followed any more".to_string(),
        };
        lines.push(format!("<{url}> · {}", escape_markdown(&state)));
    }
    say(ctx, &lines.join("\n")).await
}

/// Fetch a feed and show what would be ingested, without indexing or posting.
#[poise::command(slash_command)]
async fn test(
    ctx: Context<'_>,
    #[description = "The feed's address"]
    #[max_length = 500]
    url: String,
) -> Result<(), Error> {
    ctx.defer_ephemeral().await?;
    let allow = ctx.data().moderation.allow_hosts().clone();
    let feed = match FeedUrl::parse(&url, &allow) {
        Ok(f) => f,
        Err(why) => return say(ctx, &format!("That feed cannot be followed: {why}")).await,
    };
    let fetcher = Fetcher::new(FetchOptions {
        allow_hosts: allow,
        ..FetchOptions::default()
    })?;
    let fetched = match fetcher.fetch(&feed, &Validators::default()).await {
        Ok(Fetched::Body { bytes, charset, .. }) => (bytes, charset),
        Ok(Fetched::NotModified) => return say(ctx, "The feed answered \"not modified\".").await,
        Err(e) => return say(ctx, &format!("The feed could not be fetched: {e}")).await,
    };
    let url_parsed = feed.url().clone();
    let report = tokio::task::spawn_blocking(move || {
        let parsed = crate::feeds::parse::parse(&fetched.0, fetched.1.as_deref(), &url_parsed)?;
        let mut lines = vec![format!(
            "**{}**: {} items would be read ({} skipped).",
            escape_markdown(parsed.title.as_deref().unwrap_or("untitled feed")),
            parsed.items.len(),
            parsed.skipped.len()
        )];
        if let Some(notes) = parsed.notes() {
            lines.push(escape_markdown(&crate::corpus::shorten(&notes, 400)));
        }
        for item in parsed.items.iter().take(5) {
            let analysis = crate::nlp::analyze(&item.text, item.published);
            let named = analysis
                .statements
                .iter()
                .filter(|s| s.speaker.is_some())
                .count();
            lines.push(format!(
                "· {} ({}): {named} statements by named speakers would be indexed and matched against subscriptions",
                escape_markdown(&crate::corpus::shorten(
                    item.title.as_deref().unwrap_or("untitled"),
                    100
                )),
                item.published
                    .map(crate::render::phrasing::date_words)
                    .unwrap_or_else(|| "no date".to_string())
            ));
        }
        Ok::<String, String>(lines.join("\n"))
    })
    .await?;
    match report {
        Ok(text) => say(ctx, &format!("{text}\nNothing was indexed or posted.")).await,
        Err(why) => say(ctx, &format!("The feed could not be read: {why}")).await,
    }
}
