//! Channels the bot may not post in. At start (GUILD_CREATE) and whenever a channel, a
//! role or the bot's own member changes, the bot works out from serenity's cache (roles
//! and channel overwrites) its permissions in each channel of the server that has
//! subscriptions or is paused, and pauses the channel with the reason (its posts wait,
//! `/subscriptions` says why) or resumes it (its posts go out). Discord answering a post
//! 403 pauses it the same way (see `feeds::deliver`).
//!
//! A new pause is told once: a case in the audit log (so `/mod log` shows it) posted to the
//! modlog channel, when the server has one the bot may post in.
//! Calls `bot::permissions`, `bot::commands::moderation` (the case line), `bot::reply` and
//! `store`.

use serenity::all::{Cache, ChannelId, CreateMessage, GuildId, Http};

use crate::bot::commands::moderation::case_line;
use crate::bot::feeds::Feeds;
use crate::bot::{permissions, reply};
use crate::store::{self, ChannelPause, NewCase, Store, StoreError};

/// The audit log's action for a pause.
pub const ACTION: &str = "subscriptions paused";

/// Pause or resume each channel of `guild_id` with subscriptions or a pause, from the
/// bot's permissions there as the cache has them. A channel the cache does not know (a
/// thread, or one gone) is left as it is.
pub async fn check_guild(cache: &Cache, http: &Http, feeds: &Feeds, guild_id: GuildId) {
    let store = &feeds.store;
    let watched = match watched_channels(store, guild_id.get()) {
        Ok(w) => w,
        Err(e) => {
            tracing::warn!(guild = %guild_id, error = %e, "cannot read the channels to check");
            return;
        }
    };
    for (channel, missing) in lacking(cache, guild_id, &watched) {
        if let Err(e) = apply(http, feeds, guild_id.get(), channel, &missing).await {
            tracing::warn!(channel, error = %e, "cannot pause or resume a channel");
        }
    }
}

/// The channels of a guild that have subscriptions or are paused.
fn watched_channels(store: &Store, guild_id: u64) -> Result<Vec<u64>, StoreError> {
    let mut channels: Vec<u64> = store
        .subscriptions(Some(guild_id))?
        .iter()
        .map(|s| s.channel_id)
        .chain(
            store
                .channel_pauses(Some(guild_id))?
                .iter()
                .map(|p| p.channel_id),
        )
        .collect();
    channels.sort_unstable();
    channels.dedup();
    Ok(channels)
}

/// For each of `channels` the cache knows in `guild_id`: what the bot lacks to post there.
/// Nothing while the cache lacks the guild or the bot's member (nothing known yet).
fn lacking(cache: &Cache, guild_id: GuildId, channels: &[u64]) -> Vec<(u64, Vec<&'static str>)> {
    let me = cache.current_user().id;
    let Some(guild) = cache.guild(guild_id) else {
        return Vec::new();
    };
    let Some(member) = guild.members.get(&me) else {
        return Vec::new();
    };
    channels
        .iter()
        .filter_map(|id| {
            let channel = guild.channels.get(&ChannelId::new(*id))?;
            let granted = guild.user_permissions_in(channel, member);
            Some((*id, permissions::missing_to_post(granted)))
        })
        .collect()
}

/// Pause the channel when the bot lacks `missing` there (telling the moderators when the
/// pause is new), resume it otherwise.
async fn apply(
    http: &Http,
    feeds: &Feeds,
    guild_id: u64,
    channel_id: u64,
    missing: &[&str],
) -> Result<(), StoreError> {
    let store = &feeds.store;
    if missing.is_empty() {
        if store.resume_channel(channel_id)? {
            tracing::info!(
                channel = channel_id,
                "the bot may post again: channel resumed, its waiting posts go out"
            );
            feeds.post_wake.notify_one();
        }
        return Ok(());
    }
    let pause = ChannelPause {
        guild_id,
        channel_id,
        reason: format!("the bot lacks {} there", missing.join(", ")),
        since: store::now(),
    };
    if store.pause_channel(&pause)? {
        tracing::warn!(channel = channel_id, reason = %pause.reason, "channel paused: its update posts wait");
        tell(http, store, &pause).await;
    }
    Ok(())
}

/// Tell a server's moderators of a new pause: a case in the audit log, posted to the
/// modlog channel unless there is none or it is paused too (a notice Discord refuses
/// would only count against its limit on invalid requests).
pub async fn tell(http: &Http, store: &Store, pause: &ChannelPause) {
    let target = format!("<#{}>", pause.channel_id);
    let case = NewCase {
        guild_id: pause.guild_id,
        // A bot's user id is its application's id.
        actor_id: http.application_id().map_or(0, |a| a.get()),
        action: ACTION,
        target: Some(&target),
        reason: Some(&pause.reason),
        outcome: "update posts there wait, and go out once the bot may post again",
    };
    let case = match store.record_case(&case, store::now()) {
        Ok(c) => c,
        Err(e) => {
            tracing::warn!(error = %e, "cannot record a channel's pause");
            return;
        }
    };
    let modlog = store
        .guild_settings(pause.guild_id)
        .ok()
        .and_then(|s| s.modlog_channel_id);
    let paused = store
        .channel_pauses(Some(pause.guild_id))
        .unwrap_or_default();
    let Some(modlog) = modlog.filter(|m| !paused.iter().any(|p| p.channel_id == *m)) else {
        return;
    };
    let notice = CreateMessage::new()
        .content(case_line(&case))
        .allowed_mentions(reply::no_pings());
    if let Err(e) = ChannelId::new(modlog).send_message(http, notice).await {
        tracing::warn!(error = %e, channel = modlog, "could not post to the modlog channel");
    }
}
