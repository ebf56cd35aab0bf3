//! `/mod block|unblock USER [reason]`: a blocked member gets no answers in this server
//! (told once), and the subscriptions they created here are paused until unblocked.
//! Calls `moderation` (reasons, the server's view) and `store`.

use serenity::all::User;

use crate::bot::{Context, Error};
use crate::moderation::{self, Moderation};
use crate::store;
use crate::store::moderation::Block;

use super::{apply, done, made, Moderator, Told, View};

/// Stop answering a member in this server and pause their subscriptions.
#[poise::command(slash_command)]
pub async fn block(
    ctx: Context<'_>,
    #[description = "The member"] user: User,
    #[description = "Why (kept in the audit log)"]
    #[max_length = 300]
    reason: Option<String>,
) -> Result<(), Error> {
    change_member(ctx, &user, reason, |m, moderation, reason| {
        if user.bot {
            return Err("bots do not ask questions".to_string());
        }
        if user.id.get() == m.user_id {
            return Err("you cannot block yourself".to_string());
        }
        let block = Block {
            user_id: user.id.get(),
            reason,
        };
        made(
            moderation
                .store()
                .block(m.guild_id, &block, m.user_id, store::now()),
            format!(
                "<@{}> is blocked here; their subscriptions are paused.",
                user.id
            ),
            format!("<@{}> is blocked already", user.id),
        )
    })
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
    change_member(ctx, &user, reason, |m, moderation, _reason| {
        done(
            moderation.store().unblock(m.guild_id, user.id.get()),
            format!("<@{}> is no longer blocked here.", user.id),
        )
    })
    .await
}

/// A change about `user` (see [`apply`]): the case names them and keeps the moderator's
/// reason (trimmed and bounded), which `change` gets too.
async fn change_member(
    ctx: Context<'_>,
    user: &User,
    reason: Option<String>,
    change: impl FnOnce(&Moderator, &Moderation, Option<String>) -> Told,
) -> Result<(), Error> {
    let reason = moderation::reason(reason.as_deref());
    let target = Some(format!("<@{}>", user.id));
    apply(ctx, target, reason.as_deref(), View::Refresh, |m, mods| {
        change(m, mods, reason.clone())
    })
    .await
}
