//! Gateway events other than commands: clicks on the buttons under answers (see
//! [`buttons`]), sessions started and resumed (counted in the
//! metrics), new messages (questions asked by mentioning the
//! bot, see [`mention`]), deleted channels, whose subscriptions are paused and pending
//! update posts dropped, so nothing waits on, or is sent to, a channel that is gone, and
//! what may change the bot's permissions (a server arriving, a channel, a role or the
//! bot's member changing), after which [`pauses`] checks the server's channels again.
//! Calls `bot::mention`, `bot::pauses` and `store`.

use serenity::all::{FullEvent, GuildId, Interaction};

use crate::bot::{buttons, mention, pauses, Data, Error};

/// poise's event handler.
pub async fn on_event(
    framework: poise::FrameworkContext<'_, Data, Error>,
    event: &FullEvent,
) -> Result<(), Error> {
    match event {
        FullEvent::Ready { .. } => {
            framework.user_data.metrics.session("identify");
            Ok(())
        }
        FullEvent::Resume { .. } => {
            framework.user_data.metrics.session("resume");
            Ok(())
        }
        // poise answers commands and autocomplete; clicks on buttons come here.
        FullEvent::InteractionCreate {
            interaction: Interaction::Component(click),
        } => {
            let ctx = framework.serenity_context;
            buttons::on_click(framework.user_data, &ctx.http, click).await
        }
        FullEvent::ChannelDelete { channel, .. } => {
            channel_deleted(framework.user_data, channel.id.get());
            Ok(())
        }
        _ => match permissions_changed_in(event, framework.bot_id()) {
            Some(guild) => {
                let ctx = framework.serenity_context;
                let feeds = &framework.user_data.feeds;
                pauses::check_guild(&ctx.cache, &ctx.http, feeds, guild).await;
                Ok(())
            }
            None => mention::on_event(framework, event).await,
        },
    }
}

/// The server in which `event` may have changed the bot's permissions (the cache holds
/// the change when handlers run), if any.
fn permissions_changed_in(event: &FullEvent, bot: serenity::all::UserId) -> Option<GuildId> {
    match event {
        FullEvent::GuildCreate { guild, .. } => Some(guild.id),
        FullEvent::ChannelCreate { channel } => Some(channel.guild_id),
        FullEvent::ChannelUpdate { new, .. } => Some(new.guild_id),
        FullEvent::GuildRoleCreate { new } => Some(new.guild_id),
        FullEvent::GuildRoleUpdate { new, .. } => Some(new.guild_id),
        FullEvent::GuildRoleDelete { guild_id, .. } => Some(*guild_id),
        FullEvent::GuildMemberUpdate { event, .. } if event.user.id == bot => Some(event.guild_id),
        _ => None,
    }
}

fn channel_deleted(data: &Data, channel_id: u64) {
    match data
        .feeds
        .store
        .channel_gone(channel_id, "the channel was deleted")
    {
        Ok((0, 0)) => {}
        Ok((paused, dropped)) => tracing::info!(
            channel = channel_id,
            subscriptions_paused = paused,
            posts_dropped = dropped,
            "channel deleted: its subscriptions are paused"
        ),
        Err(e) => {
            tracing::warn!(channel = channel_id, error = %e, "could not pause a deleted channel's subscriptions")
        }
    }
}
