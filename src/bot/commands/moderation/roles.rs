//! `/mod roles add|remove|list`: the server's moderator roles (Manage Server only).
//! Calls `store` through `Moderation`.

use serenity::all::RoleId;

use crate::bot::{Context, Error};
use crate::store;

use super::{apply, done, made, moderator, say, View};

/// Moderator roles (Manage Server only).
#[poise::command(
    slash_command,
    subcommands("add", "remove", "list"),
    subcommand_required
)]
pub async fn roles(_ctx: Context<'_>) -> Result<(), Error> {
    Ok(())
}

/// Members with this role may use /mod.
#[poise::command(slash_command)]
async fn add(ctx: Context<'_>, #[description = "The role"] role: RoleId) -> Result<(), Error> {
    let target = Some(format!("<@&{role}>"));
    apply(ctx, target, None, View::Refresh, |m, moderation| {
        made(
            moderation
                .store()
                .add_mod_role(m.guild_id, role.get(), m.user_id, store::now()),
            format!("<@&{role}> is a moderator role."),
            format!("<@&{role}> is a moderator role already"),
        )
    })
    .await
}

/// Members with this role no longer may use /mod (unless they have Manage Server).
#[poise::command(slash_command)]
async fn remove(ctx: Context<'_>, #[description = "The role"] role: RoleId) -> Result<(), Error> {
    let target = Some(format!("<@&{role}>"));
    apply(ctx, target, None, View::Refresh, |m, moderation| {
        done(
            moderation.store().remove_mod_role(m.guild_id, role.get()),
            format!("<@&{role}> is no longer a moderator role."),
        )
    })
    .await
}

/// The moderator roles.
#[poise::command(slash_command)]
async fn list(ctx: Context<'_>) -> Result<(), Error> {
    let m = moderator(ctx)?;
    let roles = ctx.data().moderation.store().mod_roles(m.guild_id)?;
    if roles.is_empty() {
        return say(
            ctx,
            "No moderator role: only members with Manage Server may use /mod.",
        )
        .await;
    }
    let list: Vec<String> = roles.iter().map(|r| format!("<@&{r}>")).collect();
    say(ctx, &format!("Moderator roles: {}", list.join(", "))).await
}
