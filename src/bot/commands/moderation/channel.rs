//! `/mod channel enable|disable [channel]` and `/mod channel default enabled:BOOL`: where
//! the bot answers mentions and may post. Channels without their own switch follow the
//! server's default.
//! Calls `store` through `Moderation`, and `super::settings::update` for the default.

use serenity::all::ChannelId;

use crate::bot::{Context, Error};

use super::settings::update;
use super::{apply, done, View};

/// Where the bot answers mentions and may post.
#[poise::command(
    slash_command,
    subcommands("enable", "disable", "default"),
    subcommand_required
)]
pub async fn channel(_ctx: Context<'_>) -> Result<(), Error> {
    Ok(())
}

async fn switch(ctx: Context<'_>, channel: Option<ChannelId>, enabled: bool) -> Result<(), Error> {
    let channel = channel.unwrap_or(ctx.channel_id());
    let text = if enabled {
        format!("whosaid answers and posts in <#{channel}>.")
    } else {
        format!("whosaid no longer answers mentions or posts in <#{channel}>.")
    };
    let target = Some(format!("<#{channel}>"));
    apply(ctx, target, None, View::Refresh, |m, moderation| {
        done(
            moderation
                .store()
                .set_channel(m.guild_id, channel.get(), enabled),
            text,
        )
    })
    .await
}

/// Answer mentions and post in a channel (this one by default).
#[poise::command(slash_command)]
async fn enable(
    ctx: Context<'_>,
    #[description = "The channel (this one when left out)"] channel: Option<ChannelId>,
) -> Result<(), Error> {
    switch(ctx, channel, true).await
}

/// Stop answering mentions and posting in a channel (this one by default).
#[poise::command(slash_command)]
async fn disable(
    ctx: Context<'_>,
    #[description = "The channel (this one when left out)"] channel: Option<ChannelId>,
) -> Result<(), Error> {
    switch(ctx, channel, false).await
}

/// Whether channels without their own switch are enabled.
#[poise::command(slash_command)]
async fn default(
    ctx: Context<'_>,
    #[description = "True: new channels are enabled"] enabled: bool,
) -> Result<(), Error> {
    update(
        ctx,
        format!("default={enabled}"),
        |s| s.channels_default = enabled,
        format!(
            "Channels without their own switch are now {}.",
            if enabled { "enabled" } else { "disabled" }
        ),
    )
    .await
}
