//! `/subscribe person:|topic:|feed: [channel] [role]`: post new statements in a channel.
//!
//! Subscribing makes the bot post in a channel, so it takes Manage Channels: the command is
//! registered with that default permission, and the member's permissions in the
//! interaction (and in the target channel, when another is named) are checked here too,
//! since server admins can override the default. A server holds at most
//! [`MAX_PER_SERVER`] subscriptions. Replies go to the member alone. Also the helpers the
//! other subscription commands share.
//! A new subscription's channel is checked at once (see `bot::pauses`).
//! Calls `feeds::subscribe` (targets parsed and stored), `bot::pauses`, `store` and
//! `render` (escaping).

use serenity::all::{CommandInteraction, GuildId, PartialChannel, Permissions, Role};

use crate::bot::{reply, shutdown, Context, Error};
use crate::feeds::subscribe::{self, Request, Target};
use crate::store::{StoreError, Subscription, MAX_SUBSCRIPTIONS_PER_GUILD as MAX_PER_SERVER};

/// What a member without the permission is told.
pub const NEEDS_MANAGE_CHANNELS: &str =
    "Only members who may manage channels can change what this server follows (it makes me post in a channel).";

/// Follow a person, a topic or a feed: new statements are posted in a channel.
#[poise::command(
    slash_command,
    guild_only,
    default_member_permissions = "MANAGE_CHANNELS"
)]
pub async fn subscribe(
    ctx: Context<'_>,
    #[description = "A person whose statements to post, e.g. Mark Rutte"]
    #[max_length = 200]
    person: Option<String>,
    #[description = "Words every posted statement contains, e.g. Ukraine sanctions"]
    #[max_length = 200]
    topic: Option<String>,
    #[description = "A news feed (RSS, Atom, JSON Feed) whose statements to post"]
    #[max_length = 500]
    feed: Option<String>,
    #[description = "Where to post (default: this channel)"]
    #[channel_types("Text", "News")]
    channel: Option<PartialChannel>,
    #[description = "A role to mention in each post"] role: Option<Role>,
) -> Result<(), Error> {
    let given: Vec<(&str, String)> = [("person", person), ("topic", topic), ("feed", feed)]
        .into_iter()
        .filter_map(|(k, v)| v.map(|v| (k, v)))
        .collect();
    answer_manager(ctx, |interaction, guild_id| {
        respond(ctx, interaction, guild_id, &given, channel, role)
    })
    .await?;
    // A channel the bot may not post in is paused now, not at its first post's 403.
    if let Some(guild) = ctx.guild_id() {
        let serenity = ctx.serenity_context();
        let feeds = &ctx.data().feeds;
        crate::bot::pauses::check_guild(&serenity.cache, &serenity.http, feeds, guild).await;
    }
    Ok(())
}

/// The part `/subscribe` and `/unsubscribe` share: refused while the bot stops, outside a
/// server, or to a member who may not manage channels; otherwise `respond` does the work
/// in the server and says what it did. The text goes to the member alone.
pub(super) async fn answer_manager(
    ctx: Context<'_>,
    respond: impl FnOnce(&CommandInteraction, GuildId) -> String,
) -> Result<(), Error> {
    let poise::Context::Application(actx) = ctx else {
        return Ok(());
    };
    let interaction = actx.interaction;
    let text = match (ctx.data().gate.enter(), interaction.guild_id) {
        (None, _) => shutdown::STOPPING.to_string(),
        (_, None) => "Subscriptions belong to a server: use this command in one.".to_string(),
        (Some(_pass), Some(_)) if !may_manage(interaction, None) => {
            NEEDS_MANAGE_CHANNELS.to_string()
        }
        (Some(_pass), Some(guild)) => respond(interaction, guild),
    };
    say(ctx, interaction, &text).await?;
    actx.has_sent_initial_response
        .store(true, std::sync::atomic::Ordering::SeqCst);
    Ok(())
}

/// `/subscribe` for a member who may: `given` is the (kind, value) options the member
/// filled in, one of them when well asked.
fn respond(
    ctx: Context<'_>,
    interaction: &CommandInteraction,
    guild_id: GuildId,
    given: &[(&str, String)],
    channel: Option<PartialChannel>,
    role: Option<Role>,
) -> String {
    if let Some(c) = &channel {
        if !may_manage(interaction, c.permissions) {
            return format!(
                "You may not manage <#{}>, so I cannot post there for you.",
                c.id
            );
        }
    }
    if channel.is_none() && !bot_may_post(interaction) {
        return "I may not send messages in this channel: give me Send Messages here, or name another channel.".to_string();
    }
    let feeds = &ctx.data().feeds;
    let [(kind, value)] = given else {
        return "Say what to follow with exactly one of person:, topic: or feed:.".to_string();
    };
    let target = match Target::parse(&format!("{kind}: {value}"), &feeds.allow_hosts) {
        Ok(t) => t,
        Err(why) => return format!("I cannot follow that: {why}."),
    };
    if role.as_ref().is_some_and(|r| r.id.get() == guild_id.get()) {
        return "I do not mention @everyone: pick another role, or none.".to_string();
    }
    match feeds.store.subscriptions(Some(guild_id.get())) {
        Ok(subs) if subs.len() >= MAX_PER_SERVER => {
            return format!(
                "This server already has {MAX_PER_SERVER} subscriptions, the most it may have: /unsubscribe one first."
            );
        }
        Ok(_) => {}
        Err(e) => {
            tracing::error!(error = %e, "listing subscriptions failed");
            return crate::bot::request::INTERNAL_ERROR.to_string();
        }
    }
    let channel_id = channel.as_ref().map_or(interaction.channel_id, |c| c.id);
    let req = Request {
        guild_id: guild_id.get(),
        channel_id: channel_id.get(),
        mention_role_id: role.as_ref().map(|r| r.id.get()),
        created_by: Some(interaction.user.id.get()),
    };
    subscribed(ctx, interaction, &target, &req)
}

/// Store the subscription `req` asks for and say how that went.
fn subscribed(
    ctx: Context<'_>,
    interaction: &CommandInteraction,
    target: &Target,
    req: &Request,
) -> String {
    let feeds = &ctx.data().feeds;
    match subscribe::subscribe(&feeds.store, target, req, feeds.poll_interval_secs) {
        Ok(sub) => {
            tracing::info!(
                subscription = sub.id,
                guild = %req.guild_id,
                channel = %req.channel_id,
                kind = sub.kind.as_str(),
                by = %interaction.user.id,
                "subscribed"
            );
            format!(
                "Subscribed: {}. New statements in the articles I read from now on are posted there; `/unsubscribe {}` stops them.{}",
                describe(&sub),
                sub.id,
                match target {
                    Target::Feed(_) => " The feed's current articles are read first and not posted.",
                    _ => "",
                }
            )
        }
        Err(StoreError::Conflict(why)) => format!("Already done: {why}."),
        Err(StoreError::Limit(why)) => format!("I cannot follow more here: {why}."),
        Err(e) => {
            tracing::error!(error = %e, "subscribe failed");
            crate::bot::request::INTERNAL_ERROR.to_string()
        }
    }
}

/// Whether the member may manage channels: on the server (from the interaction), and in
/// the target channel when its computed permissions for the member are given.
fn may_manage(interaction: &CommandInteraction, in_channel: Option<Permissions>) -> bool {
    let member = interaction.member.as_ref().and_then(|m| m.permissions);
    let ok = |p: Permissions| p.administrator() || p.manage_channels();
    member.is_some_and(ok) && in_channel.is_none_or(ok)
}

/// Whether the bot may post in the channel of the interaction (Discord sends the bot's
/// permissions there; when it does not, delivery finds out and drops with the reason).
fn bot_may_post(interaction: &CommandInteraction) -> bool {
    interaction
        .app_permissions
        .is_none_or(|p| p.administrator() || p.send_messages())
}

/// One subscription in a line: `#id person **Mark Rutte** → #channel (mentions @role)`.
pub(super) fn describe(sub: &Subscription) -> String {
    let mut line = format!(
        "`{}` {} **{}** → <#{}>",
        sub.id,
        sub.kind.as_str(),
        crate::render::phrasing::escape_markdown(&sub.value),
        sub.channel_id
    );
    if let Some(role) = sub.mention_role_id {
        line.push_str(&format!(" (mentions <@&{role}>)"));
    }
    if sub.paused {
        line.push_str(" (paused)");
    }
    if let Some(why) = &sub.channel_paused {
        line.push_str(&format!(
            " (paused: {}; its posts wait)",
            crate::render::phrasing::escape_markdown(why)
        ));
    }
    line
}

/// Tell the member alone.
pub(super) async fn say(
    ctx: Context<'_>,
    interaction: &CommandInteraction,
    text: &str,
) -> Result<(), Error> {
    let http = &ctx.serenity_context().http;
    reply::ephemeral(http, &ctx.data().metrics, interaction, text).await?;
    Ok(())
}
