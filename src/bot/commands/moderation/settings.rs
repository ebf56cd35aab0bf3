//! `/mod cooldown set SECONDS`, `/mod limits set posts-per-hour:N` and `/mod modlog
//! channel CHANNEL`: the server's own settings.
//! Calls `store` through `Moderation`.

use serenity::all::ChannelId;

use crate::bot::{Context, Error};
use crate::store::GuildSettings;

use super::{apply, done, View};

/// Change the server's settings and refresh its view; `describe` says what changed.
/// Also serves `/mod channel default`.
pub(super) async fn update(
    ctx: Context<'_>,
    target: String,
    change: impl FnOnce(&mut GuildSettings),
    describe: String,
) -> Result<(), Error> {
    apply(ctx, Some(target), None, View::Refresh, |m, moderation| {
        let store = moderation.store();
        let changed = store.guild_settings(m.guild_id).and_then(|mut s| {
            change(&mut s);
            store.set_guild_settings(m.guild_id, &s)
        });
        done(changed, describe)
    })
    .await
}

/// The server's cooldown on questions.
#[poise::command(slash_command, subcommands("cooldown_set"), subcommand_required)]
pub async fn cooldown(_ctx: Context<'_>) -> Result<(), Error> {
    Ok(())
}

/// Seconds a member waits between two questions in this server (0: no wait).
#[poise::command(slash_command, rename = "set")]
async fn cooldown_set(
    ctx: Context<'_>,
    #[description = "Seconds, 0 to 3600"]
    #[min = 0]
    #[max = 3600]
    seconds: u32,
) -> Result<(), Error> {
    update(
        ctx,
        format!("seconds={seconds}"),
        |s| s.ask_cooldown_secs = Some(u64::from(seconds)),
        format!("Members now wait {seconds} s between two questions here."),
    )
    .await
}

/// The server's limits.
#[poise::command(slash_command, subcommands("limits_set"), subcommand_required)]
pub async fn limits(_ctx: Context<'_>) -> Result<(), Error> {
    Ok(())
}

/// At most this many update posts per channel per hour (more wait, none is dropped).
#[poise::command(slash_command, rename = "set")]
async fn limits_set(
    ctx: Context<'_>,
    #[rename = "posts-per-hour"]
    #[description = "Posts per channel per hour, 1 to 600"]
    #[min = 1]
    #[max = 600]
    posts_per_hour: u32,
) -> Result<(), Error> {
    update(
        ctx,
        format!("posts-per-hour={posts_per_hour}"),
        |s| s.posts_per_hour = Some(posts_per_hour),
        format!("At most {posts_per_hour} update posts per channel per hour here."),
    )
    .await
}

/// Where moderator actions are also posted.
#[poise::command(slash_command, subcommands("modlog_channel"), subcommand_required)]
pub async fn modlog(_ctx: Context<'_>) -> Result<(), Error> {
    Ok(())
}

/// Also post every moderator action to this channel.
#[poise::command(slash_command, rename = "channel")]
async fn modlog_channel(
    ctx: Context<'_>,
    #[description = "The modlog channel"] channel: ChannelId,
) -> Result<(), Error> {
    update(
        ctx,
        format!("<#{channel}>"),
        |s| s.modlog_channel_id = Some(channel.get()),
        format!("Moderator actions are now also posted in <#{channel}>."),
    )
    .await
}
