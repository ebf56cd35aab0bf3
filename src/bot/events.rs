//! Gateway events other than interactions: sessions started and resumed (counted in the
//! metrics), new messages (questions asked by mentioning the
//! bot, see [`mention`]) and deleted channels, whose subscriptions are paused and pending
//! update posts dropped, so nothing waits on, or is sent to, a channel that is gone.
//! Calls `bot::mention` and `store`.

use serenity::all::FullEvent;

use crate::bot::{mention, Data, Error};

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
        FullEvent::ChannelDelete { channel, .. } => {
            channel_deleted(framework.user_data, channel.id.get());
            Ok(())
        }
        _ => mention::on_event(framework, event).await,
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
