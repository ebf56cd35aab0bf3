//! `/mod block|unblock USER [reason]`: a blocked member gets no answers in this server
//! (told once), and the subscriptions they created here are paused until unblocked.
//! Calls `moderation` (reasons, the server's view) and `store`.

use serenity::all::User;

use crate::bot::{Context, Error};
use crate::moderation;
use crate::store;
use crate::store::moderation::Block;

use super::{finish, moderator, refreshed};

/// Stop answering a member in this server and pause their subscriptions.
#[poise::command(slash_command)]
pub async fn block(
    ctx: Context<'_>,
    #[description = "The member"] user: User,
    #[description = "Why (kept in the audit log)"]
    #[max_length = 300]
    reason: Option<String>,
) -> Result<(), Error> {
    let m = moderator(ctx)?;
    let reason = moderation::reason(reason.as_deref());
    let data = &ctx.data().moderation;
    let result = if user.bot {
        Err("bots do not ask questions".to_string())
    } else if user.id.get() == m.user_id {
        Err("you cannot block yourself".to_string())
    } else {
        let block = Block {
            user_id: user.id.get(),
            reason: reason.clone(),
        };
        match data
            .store()
            .block(m.guild_id, &block, m.user_id, store::now())
        {
            Ok(true) => refreshed(
                ctx,
                m.guild_id,
                format!(
                    "<@{}> is blocked here; their subscriptions are paused.",
                    user.id
                ),
            ),
            Ok(false) => Err(format!("<@{}> is blocked already", user.id)),
            Err(e) => Err(e.to_string()),
        }
    };
    finish(
        ctx,
        Some(format!("<@{}>", user.id)),
        reason.as_deref(),
        result,
    )
    .await
}

/// Answer a member again and resume their subscriptions.
#[poise::command(slash_command)]
pub async fn unblock(
    ctx: Context<'_>,
    #[description = "The member"] user: User,
    #[description = "Why (kept in the audit log)"]
    #[max_length = 300]
    reason: Option<String>,
) -> Result<(), Error> {
    let m = moderator(ctx)?;
    let reason = moderation::reason(reason.as_deref());
    let data = &ctx.data().moderation;
    let result = match data.store().unblock(m.guild_id, user.id.get()) {
        Ok(()) => refreshed(
            ctx,
            m.guild_id,
            format!("<@{}> is no longer blocked here.", user.id),
        ),
        Err(e) => Err(e.to_string()),
    };
    finish(
        ctx,
        Some(format!("<@{}>", user.id)),
        reason.as_deref(),
        result,
    )
    .await
}
