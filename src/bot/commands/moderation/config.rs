//! `/mod export` and `/mod import FILE`: the server's configuration (feeds,
//! subscriptions, channels, roles, templates, blocks, settings, hidden documents) as a JSON
//! file, for moving or restoring a server's setup. An import is checked in full (format,
//! templates rendered, feed addresses, sizes) before anything changes, then applied at once.
//! Calls `moderation` (reading, checking and applying a file) and `store` through it.

use serenity::all::{Attachment, CreateAttachment};

use crate::bot::{reply, Context, Error};
use crate::moderation::{ModError, MAX_IMPORT_BYTES};

use super::{finish, moderator};

/// This server's configuration as a JSON file.
#[poise::command(slash_command)]
pub async fn export(ctx: Context<'_>) -> Result<(), Error> {
    let m = moderator(ctx)?;
    ctx.defer_ephemeral().await?;
    let json = match ctx.data().moderation.export(m.guild_id) {
        Ok(j) => j,
        Err(e) => return finish(ctx, None, None, Err(e.to_string())).await,
    };
    let file = format!("whosaid-{}.json", m.guild_id);
    let reply = poise::CreateReply::default()
        .content("This server's whosaid configuration; `/mod import` reads it back.")
        .attachment(CreateAttachment::bytes(json.into_bytes(), file.as_str()))
        .ephemeral(true)
        .allowed_mentions(reply::no_pings());
    ctx.send(reply).await?;
    let case = ctx.data().moderation.record(&crate::store::NewCase {
        guild_id: m.guild_id,
        actor_id: m.user_id,
        action: "export",
        target: Some(&file),
        reason: None,
        outcome: "done",
    })?;
    super::post_modlog(ctx, &case).await;
    Ok(())
}

/// Replace this server's configuration with an exported file.
#[poise::command(slash_command)]
pub async fn import(
    ctx: Context<'_>,
    #[description = "A file made by /mod export"] file: Attachment,
) -> Result<(), Error> {
    let m = moderator(ctx)?;
    ctx.defer_ephemeral().await?;
    let target = Some(file.filename.clone());
    if file.size as usize > MAX_IMPORT_BYTES {
        let why = format!("the file is larger than {} KB", MAX_IMPORT_BYTES / 1024);
        return finish(ctx, target, None, Err(why)).await;
    }
    let bytes = match file.download().await {
        Ok(b) => b,
        Err(e) => {
            tracing::warn!(error = %e, "attachment download failed");
            return finish(
                ctx,
                target,
                None,
                Err("the file could not be downloaded".into()),
            )
            .await;
        }
    };
    let moderation = ctx.data().moderation.clone();
    let result = tokio::task::spawn_blocking(move || {
        let config = moderation.parse_import(&bytes)?;
        moderation.import(m.guild_id, &config, m.user_id)?;
        Ok::<_, ModError>(format!(
            "Imported: {} feeds, {} subscriptions, {} channels, {} roles, {} templates, {} blocks, {} hidden documents.",
            config.feeds.len(),
            config.subscriptions.len(),
            config.channels.len(),
            config.roles.len(),
            config.templates.len(),
            config.blocks.len(),
            config.hidden.len()
        ))
    })
    .await?
    .map_err(|e| e.to_string());
    finish(ctx, target, None, result).await
}
