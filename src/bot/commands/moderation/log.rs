//! `/mod log [user] [action] [page]`: the server's audit log, newest first.
//! Calls `store` through `Moderation`, `bot::embed` and `bot::reply`.

use serenity::all::{CreateEmbed, CreateEmbedFooter, UserId};

use crate::bot::{reply, Context, Error};

use super::{case_line, moderator, say};

/// Cases per page (each line is bounded, so a page fits one embed).
const PER_PAGE: u32 = 10;

/// The audit log, newest first.
#[poise::command(slash_command)]
pub async fn log(
    ctx: Context<'_>,
    #[description = "Only cases by this member"] user: Option<UserId>,
    #[description = "Only this action, e.g. doc hide"]
    #[max_length = 40]
    action: Option<String>,
    #[description = "Page, from 1"]
    #[min = 1]
    #[max = 100000]
    page: Option<u32>,
) -> Result<(), Error> {
    let m = moderator(ctx)?;
    let page = page.unwrap_or(1).max(1);
    let action = action
        .map(|a| a.trim().to_lowercase())
        .filter(|a| !a.is_empty());
    let (cases, total) = ctx.data().moderation.store().cases(
        m.guild_id,
        user.map(|u| u.get()),
        action.as_deref(),
        page,
        PER_PAGE,
    )?;
    if cases.is_empty() {
        return say(ctx, "No case matches.").await;
    }
    let pages = (total as u64).div_ceil(u64::from(PER_PAGE));
    let lines: Vec<String> = cases.iter().map(case_line).collect();
    let embed = CreateEmbed::new()
        .title("Audit log")
        .description(crate::bot::embed::shorten_words(&lines.join("\n"), 4_000))
        .footer(CreateEmbedFooter::new(format!(
            "page {page}/{pages} · {total} cases"
        )));
    let reply = poise::CreateReply::default()
        .embed(embed)
        .ephemeral(true)
        .allowed_mentions(reply::no_pings());
    ctx.send(reply).await?;
    Ok(())
}
