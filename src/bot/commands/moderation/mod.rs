//! `/mod`: the moderator commands, one group per file, each reply ephemeral.
//!
//! Discord hides `/mod` from members without Manage Server (`default_member_permissions`),
//! and [`check`] decides again from the interaction's own data (its `member.permissions`
//! and roles, never the cache): Manage Server, or a moderator role of the server (`/mod
//! roles` needs Manage Server itself). A refused attempt changes nothing, is told why, and
//! is a case in the audit log like every action. Cases also go to the modlog channel.
//!
//! The commands translate Discord into [`crate::moderation`] and [`crate::store`] calls.
//! A command that changes something is written as [`apply`] (the change, the view
//! refreshed, the case recorded, the moderator told, the modlog posted); the subcommand
//! files hold only what differs.

mod block;
mod channel;
mod config;
mod doc;
mod feed;
mod feedback;
mod log;
mod roles;
mod settings;
mod template;

use serenity::all::{ChannelId, CommandInteraction, CreateMessage, ResolvedOption, ResolvedValue};

use crate::bot::request::{Scope, WebLink};
use crate::bot::{reply, Context, Data, Error};
use crate::moderation::{Actor, Moderation, Needs};
use crate::render::phrasing::escape_markdown;
use crate::store::{self, Case, NewCase};

/// What a member is told when `/mod` is not theirs to use.
pub const NOT_A_MODERATOR: &str = "Only moderators can use /mod here: you need the Manage Server permission or one of this server's moderator roles. Nothing was changed.";
/// What a member is told when `/mod roles` is not theirs to use.
pub const NOT_A_MANAGER: &str = "Only members with the Manage Server permission can change moderator roles. Nothing was changed.";
/// What a blocked member is told (once) when they ask.
pub const BLOCKED: &str =
    "The moderators of this server have blocked you from asking whosaid here.";

/// The `/mod` command group, for registration.
pub fn command() -> poise::Command<Data, Error> {
    moderation()
}

/// Moderator commands: feeds, documents, members, channels, templates, the audit log,
/// feedback.
#[poise::command(
    slash_command,
    rename = "mod",
    guild_only,
    default_member_permissions = "MANAGE_GUILD",
    check = "check",
    subcommand_required,
    subcommands(
        "feed::feed",
        "doc::doc",
        "block::block",
        "block::unblock",
        "channel::channel",
        "settings::cooldown",
        "settings::limits",
        "settings::modlog",
        "template::template",
        "log::log",
        "feedback::feedback",
        "config::export",
        "config::import",
        "roles::roles"
    )
)]
pub async fn moderation(_ctx: Context<'_>) -> Result<(), Error> {
    Ok(())
}

/// The action a `/mod` interaction asks for: "doc hide", "roles add", ….
fn action_of(ctx: Context<'_>) -> String {
    let name = &ctx.command().qualified_name;
    name.strip_prefix("mod ").unwrap_or(name).to_string()
}

/// Who runs the interaction, from its own data.
pub fn actor_of(interaction: &CommandInteraction) -> Actor {
    let member = interaction.member.as_deref();
    let manage_guild = member
        .and_then(|m| m.permissions)
        .is_some_and(|p| p.manage_guild() || p.administrator());
    Actor {
        user_id: interaction.user.id.get(),
        roles: member
            .map(|m| m.roles.iter().map(|r| r.get()).collect())
            .unwrap_or_default(),
        manage_guild,
    }
}

/// The options as the audit log shows the target: `user=<@1> reason=spam`.
fn describe_options(options: &[ResolvedOption<'_>]) -> Option<String> {
    let parts: Vec<String> = options
        .iter()
        .filter_map(|o| {
            let v = match &o.value {
                ResolvedValue::String(s) => crate::corpus::shorten(s, 200),
                ResolvedValue::Integer(i) => i.to_string(),
                ResolvedValue::Number(n) => n.to_string(),
                ResolvedValue::Boolean(b) => b.to_string(),
                ResolvedValue::User(u, _) => format!("<@{}>", u.id),
                ResolvedValue::Role(r) => format!("<@&{}>", r.id),
                ResolvedValue::Channel(c) => format!("<#{}>", c.id),
                ResolvedValue::Attachment(a) => a.filename.clone(),
                _ => return None,
            };
            Some(format!("{}={v}", o.name))
        })
        .collect();
    (!parts.is_empty()).then(|| parts.join(" "))
}

/// poise check on `/mod` and every subcommand: moderators pass; anyone else is refused,
/// told why, and the attempt is recorded.
async fn check(ctx: Context<'_>) -> Result<bool, Error> {
    let poise::Context::Application(actx) = ctx else {
        return Ok(false);
    };
    let interaction = actx.interaction;
    let action = action_of(ctx);
    let needs = if action.starts_with("roles") {
        Needs::ManageGuild
    } else {
        Needs::Moderator
    };
    let Some(guild) = interaction.guild_id.map(|g| g.get()) else {
        say(ctx, "/mod works in a server only.").await?;
        return Ok(false);
    };
    let actor = actor_of(interaction);
    let moderation = &ctx.data().moderation;
    match moderation.allowed(guild, &actor, needs) {
        Ok(true) => return Ok(true),
        Ok(false) => {}
        Err(e) => {
            tracing::error!(error = %e, "moderator check failed");
            say(ctx, crate::bot::request::INTERNAL_ERROR).await?;
            return Ok(false);
        }
    }
    let why = match needs {
        Needs::ManageGuild => NOT_A_MANAGER,
        Needs::Moderator => NOT_A_MODERATOR,
    };
    let target = describe_options(actx.args);
    let outcome = match needs {
        Needs::ManageGuild => "refused: no Manage Server permission",
        Needs::Moderator => "refused: not a moderator",
    };
    tracing::info!(guild, user = actor.user_id, %action, "moderator command refused");
    let case = moderation.record(&NewCase {
        guild_id: guild,
        actor_id: actor.user_id,
        action: &action,
        target: target.as_deref(),
        reason: None,
        outcome,
    });
    say(ctx, why).await?;
    match case {
        Ok(case) => post_modlog(ctx, &case).await,
        Err(e) => tracing::error!(error = %e, "could not record a refused attempt"),
    }
    Ok(false)
}

/// The server and moderator of a checked `/mod` interaction.
struct Moderator {
    guild_id: u64,
    user_id: u64,
}

fn moderator(ctx: Context<'_>) -> Result<Moderator, Error> {
    let guild_id = ctx
        .guild_id()
        .map(|g| g.get())
        .ok_or("a /mod command outside a server")?;
    Ok(Moderator {
        guild_id,
        user_id: ctx.author().id.get(),
    })
}

/// What a `/mod` change came to, as the moderator is told: the reply when it was made, the
/// reason otherwise.
type Told = Result<String, String>;

/// A store change that may find nothing to do: `done` when it changed something,
/// `unchanged` as the reason when it did not (`false`), the store's error otherwise.
fn made(stored: store::Result<bool>, done: String, unchanged: String) -> Told {
    match stored {
        Ok(true) => Ok(done),
        Ok(false) => Err(unchanged),
        Err(e) => Err(e.to_string()),
    }
}

/// A store change: `done` when it went through, the store's error otherwise.
fn done(stored: store::Result<()>, done: String) -> Told {
    stored.map(|()| done).map_err(|e| e.to_string())
}

/// Whether a change shows in the server's in-memory view (see [`apply`]).
#[derive(Clone, Copy, PartialEq, Eq)]
enum View {
    /// Refresh the view before replying, so the next answer already follows the change.
    Refresh,
    /// The view holds nothing the change touches (feeds).
    Keep,
}

/// The shape of a changing `/mod` command: `change` runs for the checked moderator and
/// says what to reply or why nothing was changed; a change made is followed by the view
/// refresh `view` asks for; then [`finish`] records the case, tells the moderator and
/// posts to the modlog channel. A failed refresh is the reply (the change stays).
async fn apply(
    ctx: Context<'_>,
    target: Option<String>,
    reason: Option<&str>,
    view: View,
    change: impl FnOnce(&Moderator, &Moderation) -> Told,
) -> Result<(), Error> {
    let m = moderator(ctx)?;
    let moderation = &ctx.data().moderation;
    let told = change(&m, moderation).and_then(|text| match view {
        View::Refresh => moderation
            .refresh(m.guild_id)
            .map(|_| text)
            .map_err(|e| e.to_string()),
        View::Keep => Ok(text),
    });
    finish(ctx, target, reason, told).await
}

/// An ephemeral reply that pings no one.
async fn say(ctx: Context<'_>, text: &str) -> Result<(), Error> {
    let reply = poise::CreateReply::default()
        .content(crate::bot::embed::shorten_words(text, 1_900))
        .ephemeral(true)
        .allowed_mentions(reply::no_pings());
    ctx.send(reply).await?;
    Ok(())
}

/// Finish a changing action: record the case (done, or failed with the reason), tell the
/// moderator, post the case to the modlog channel.
async fn finish(
    ctx: Context<'_>,
    target: Option<String>,
    reason: Option<&str>,
    result: Told,
) -> Result<(), Error> {
    let m = moderator(ctx)?;
    let action = action_of(ctx);
    let outcome = match &result {
        Ok(_) => "done".to_string(),
        Err(why) => format!("failed: {}", crate::corpus::shorten(why, 300)),
    };
    let case = ctx.data().moderation.record(&NewCase {
        guild_id: m.guild_id,
        actor_id: m.user_id,
        action: &action,
        target: target.as_deref(),
        reason,
        outcome: &outcome,
    });
    let text = match (&result, &case) {
        (Ok(t), Ok(c)) => format!("{t} (case #{})", c.case_no),
        (Ok(t), Err(_)) => t.clone(),
        (Err(why), _) => format!("Nothing was changed: {why}"),
    };
    say(ctx, &text).await?;
    match case {
        Ok(case) => post_modlog(ctx, &case).await,
        Err(e) => tracing::error!(error = %e, "could not record a moderator action"),
    }
    Ok(())
}

/// Markdown escaped, except the mentions we wrote ourselves (`<@1>`, `<@&2>`, `<#3>`,
/// possibly after `name=`), so they show as names (they never ping: no allowed mentions).
fn escape_but_mentions(text: &str) -> String {
    let is_mention = |w: &str| {
        let w = w.split_once('=').map_or(w, |(_, v)| v);
        let inner = w
            .strip_prefix("<@&")
            .or_else(|| w.strip_prefix("<@"))
            .or_else(|| w.strip_prefix("<#"))
            .and_then(|r| r.strip_suffix('>'));
        inner.is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
    };
    text.split(' ')
        .map(|w| {
            if is_mention(w) {
                w.to_string()
            } else {
                escape_markdown(w)
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A case in one line, as `/mod log` and the modlog channel show it.
pub fn case_line(c: &Case) -> String {
    let target = c
        .target
        .as_deref()
        .map(|t| {
            format!(
                " · {}",
                escape_but_mentions(&crate::corpus::shorten(t, 100))
            )
        })
        .unwrap_or_default();
    let reason = c
        .reason
        .as_deref()
        .map(|r| {
            format!(
                " · reason: {}",
                escape_markdown(&crate::corpus::shorten(r, 60))
            )
        })
        .unwrap_or_default();
    format!(
        "**#{}** <t:{}:f> <@{}> `{}`{target}{reason} → {}",
        c.case_no,
        c.created_at,
        c.actor_id,
        c.action,
        escape_markdown(&crate::corpus::shorten(&c.outcome, 100))
    )
}

/// Post a case to the server's modlog channel, if it has one (no pings).
async fn post_modlog(ctx: Context<'_>, case: &Case) {
    post_case(&ctx.serenity_context().http, ctx.data(), case).await
}

/// Post a case to the server's modlog channel, if it has one (no pings): for cases made
/// outside `/mod` too (feedback buttons).
pub async fn post_case(http: &serenity::all::Http, data: &Data, case: &Case) {
    let Ok(view) = data.moderation.view(case.guild_id) else {
        return;
    };
    let Some(channel) = view.settings.modlog_channel_id else {
        return;
    };
    let post = CreateMessage::new()
        .content(case_line(case))
        .allowed_mentions(reply::no_pings());
    if let Err(e) = ChannelId::new(channel).send_message(http, post).await {
        tracing::warn!(error = %e, channel, "could not post to the modlog channel");
    }
}

/// What a question in `guild_id`/`channel_id` from `user_id` may get.
pub enum Admission {
    /// Answer within this scope; `cooldown_done` when the server's own cooldown was applied.
    Answer { scope: Scope, cooldown_done: bool },
    /// Say this to the asker alone (slash commands); mentions are ignored.
    Refuse(String),
}

/// Whether a question is answered in this server and channel, for this member.
/// A blocked member is told once in full, then briefly (a slash command needs a reply).
pub fn admit(
    data: &Data,
    guild_id: Option<u64>,
    channel_id: u64,
    user_id: u64,
    with_cooldown: bool,
) -> Admission {
    let Some(guild) = guild_id else {
        // A direct message: no server's moderation, but the operator's hidden documents.
        return match data.moderation.store().operator_hidden_ids() {
            Ok(hidden) => Admission::Answer {
                scope: Scope {
                    hidden: std::sync::Arc::new(hidden.into_iter().collect()),
                    feedback: Default::default(),
                    renderer: None,
                    web: data
                        .web_base
                        .clone()
                        .map(|base| WebLink { base, server: None }),
                },
                cooldown_done: false,
            },
            Err(e) => {
                tracing::error!(error = %e, "the operator's hidden documents are unavailable");
                Admission::Refuse(crate::bot::request::INTERNAL_ERROR.to_string())
            }
        };
    };
    let view = match data.moderation.view(guild) {
        Ok(v) => v,
        Err(e) => {
            tracing::error!(error = %e, "moderation state unavailable");
            return Admission::Refuse(crate::bot::request::INTERNAL_ERROR.to_string());
        }
    };
    if view.is_blocked(user_id) {
        return match data.moderation.store().block_noticed(guild, user_id) {
            Ok(true) => Admission::Refuse(BLOCKED.to_string()),
            _ => Admission::Refuse("Blocked here.".to_string()),
        };
    }
    if !view.channel_enabled(channel_id) {
        return Admission::Refuse(
            "whosaid is switched off in this channel by the server's moderators.".to_string(),
        );
    }
    let own_cooldown = if with_cooldown {
        data.moderation.cooldown(&view, guild, user_id)
    } else {
        None
    };
    let cooldown_done = match own_cooldown {
        Some(Err(wait)) => {
            let secs = wait.as_millis().div_ceil(1000).max(1);
            return Admission::Refuse(format!("Please wait {secs} s before asking again."));
        }
        Some(Ok(())) => true,
        None => false,
    };
    Admission::Answer {
        scope: Scope {
            hidden: view.hidden.clone(),
            feedback: view.feedback.clone(),
            renderer: view.renderer.clone(),
            web: data.web_base.clone().map(|base| WebLink {
                base,
                server: Some(guild),
            }),
        },
        cooldown_done,
    }
}
