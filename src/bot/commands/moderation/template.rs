//! `/mod template show|set|reset NAME`: the server's own version of an answer or
//! update-post template. `set` renders the text against the sample answers first and
//! refuses a broken template with its line and reason.
//! Calls `moderation` (template names, checks and the server's texts) and `store` through
//! it.

use serenity::all::{AutocompleteChoice, CreateAttachment, CreateAutocompleteResponse};

use crate::bot::{reply, Context, Error};
use crate::moderation::{ModError, TemplateName, MAX_TEMPLATE_BYTES};

use super::{apply, finish, made, moderator, say, View};

/// The server's own templates.
#[poise::command(
    slash_command,
    subcommands("show", "set", "reset"),
    subcommand_required
)]
pub async fn template(_ctx: Context<'_>) -> Result<(), Error> {
    Ok(())
}

async fn names(_ctx: Context<'_>, partial: &str) -> CreateAutocompleteResponse {
    let choices = TemplateName::all()
        .into_iter()
        .filter(|n| n.starts_with(partial))
        .map(|n| AutocompleteChoice::new(n, n))
        .collect();
    CreateAutocompleteResponse::new().set_choices(choices)
}

/// The text of a template as this server uses it.
#[poise::command(slash_command)]
async fn show(
    ctx: Context<'_>,
    #[description = "The template, e.g. who_said"]
    #[max_length = 40]
    #[autocomplete = "names"]
    name: String,
) -> Result<(), Error> {
    let m = moderator(ctx)?;
    let name = match TemplateName::parse(&name) {
        Ok(n) => n,
        Err(why) => return say(ctx, &why).await,
    };
    let text = ctx.data().moderation.template_text(m.guild_id, &name)?;
    let block = format!(
        "`{}`:\n```jinja\n{}\n```",
        name.as_str(),
        text.replace("```", "'''")
    );
    if block.chars().count() <= 1_900 {
        return say(ctx, &block).await;
    }
    let reply = poise::CreateReply::default()
        .content(format!("`{}` is attached.", name.as_str()))
        .attachment(CreateAttachment::bytes(text.into_bytes(), name.as_str()))
        .ephemeral(true)
        .allowed_mentions(reply::no_pings());
    ctx.send(reply).await?;
    Ok(())
}

/// Use this text for a template in this server (checked against sample answers first).
#[poise::command(slash_command)]
async fn set(
    ctx: Context<'_>,
    #[description = "The template, e.g. who_said"]
    #[max_length = 40]
    #[autocomplete = "names"]
    name: String,
    #[description = "The minijinja text; write \\n for a new line"]
    #[max_length = 6000]
    text: String,
) -> Result<(), Error> {
    let m = moderator(ctx)?;
    let target = name.clone();
    let result = match TemplateName::parse(&name) {
        Err(why) => Err(why),
        Ok(_) if text.len() > MAX_TEMPLATE_BYTES => Err(format!(
            "the template is longer than {MAX_TEMPLATE_BYTES} bytes"
        )),
        Ok(name) => {
            let moderation = ctx.data().moderation.clone();
            let text = text.replace("\\n", "\n");
            tokio::task::spawn_blocking(move || {
                moderation
                    .set_template(m.guild_id, &name, &text, m.user_id)
                    .map(|()| format!("This server's {} is set.", name.as_str()))
            })
            .await?
            .map_err(|e| match e {
                ModError::Invalid(why) => why,
                other => other.to_string(),
            })
        }
    };
    finish(ctx, Some(target), None, result).await
}

/// Go back to the shipped template.
#[poise::command(slash_command)]
async fn reset(
    ctx: Context<'_>,
    #[description = "The template, e.g. who_said"]
    #[max_length = 40]
    #[autocomplete = "names"]
    name: String,
) -> Result<(), Error> {
    let target = Some(name.clone());
    apply(ctx, target, None, View::Refresh, |m, moderation| {
        let name = TemplateName::parse(&name)?;
        made(
            moderation
                .store()
                .reset_guild_template(m.guild_id, name.as_str()),
            format!("{} is back to the shipped template.", name.as_str()),
            format!("this server has no {} of its own", name.as_str()),
        )
    })
    .await
}
