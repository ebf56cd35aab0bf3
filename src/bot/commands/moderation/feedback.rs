//! `/mod feedback list` and `/mod feedback clear`: the citations this server's members
//! voted down most (👎 under answers), with links, and forgetting the server's votes. A
//! statement a moderator voted down is left out of the server's answers, one enough
//! members did is demoted (cited only when nothing else answers); clearing brings every
//! one back. Clearing is a case in the audit log
//! like every change (each vote is one too).
//! Calls `store` through `Moderation` and `render` for escaping.

use serenity::all::{CreateEmbed, CreateEmbedFooter};

use crate::bot::{reply, Context, Error};
use crate::render::phrasing::escape_markdown;
use crate::store::MEMBER_DOWN_VOTES;

use super::{apply, moderator, say, View};

/// How many citations `/mod feedback list` shows.
const LISTED: u32 = 10;

/// Members' votes on the statements answers cite.
#[poise::command(slash_command, subcommands("list", "clear"), subcommand_required)]
pub async fn feedback(_ctx: Context<'_>) -> Result<(), Error> {
    Ok(())
}

/// The citations voted down most here, with links.
#[poise::command(slash_command)]
pub async fn list(ctx: Context<'_>) -> Result<(), Error> {
    let m = moderator(ctx)?;
    let store = ctx.data().moderation.store();
    let tallies = store.most_down_voted(m.guild_id, LISTED)?;
    if tallies.is_empty() {
        return say(ctx, "No citation has been voted down here.").await;
    }
    let effects = store.feedback_effects(m.guild_id)?;
    let lines: Vec<String> = tallies
        .iter()
        .map(|t| {
            let cited = escape_markdown(&crate::corpus::shorten(&t.cited, 160));
            let link = t
                .url
                .as_deref()
                .filter(|u| u.starts_with("http"))
                .map(|u| format!(" · <{u}>"))
                .unwrap_or_default();
            let out = if effects.removed.contains(&t.statement_key) {
                " · **left out**"
            } else if effects.demoted.contains(&t.statement_key) {
                " · **demoted**"
            } else {
                ""
            };
            format!(
                "👎 {} ({} by moderators) 👍 {} · “{cited}”{link}{out}\n  asked: {}",
                t.down,
                t.moderator_down,
                t.up,
                escape_markdown(&crate::corpus::shorten(&t.question, 100))
            )
        })
        .collect();
    let embed = CreateEmbed::new()
        .title("Citations voted down")
        .description(crate::bot::embed::shorten_words(&lines.join("\n"), 4_000))
        .footer(CreateEmbedFooter::new(format!(
            "A moderator's 👎 leaves a statement out of this server's answers; members' demote it (cited only when nothing else answers) once {MEMBER_DOWN_VOTES} more vote it down than up. /mod feedback clear forgets every vote."
        )));
    let reply = poise::CreateReply::default()
        .embed(embed)
        .ephemeral(true)
        .allowed_mentions(reply::no_pings());
    ctx.send(reply).await?;
    Ok(())
}

/// Forget every vote here: every statement left out is cited again.
#[poise::command(slash_command)]
pub async fn clear(ctx: Context<'_>) -> Result<(), Error> {
    apply(ctx, None, None, View::Refresh, |m, moderation| {
        moderation
            .store()
            .clear_feedback(m.guild_id)
            .map(|n| format!("Forgot {n} votes: every statement is cited again here."))
            .map_err(|e| e.to_string())
    })
    .await
}
