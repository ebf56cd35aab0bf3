//! `/unsubscribe id`: stop a subscription of this server; its waiting posts go with it.
//! The id autocompletes from this server's subscriptions. Takes Manage Channels, like
//! `/subscribe`.
//! Calls `store` through `bot::feeds` and the helpers of `super::subscribe`.

use serenity::all::{AutocompleteChoice, CreateAutocompleteResponse};

use crate::bot::{Context, Error};
use crate::store::StoreError;

use super::subscribe::{answer_manager, describe};

/// Stop posting for one of this server's subscriptions.
#[poise::command(
    slash_command,
    guild_only,
    default_member_permissions = "MANAGE_CHANNELS"
)]
pub async fn unsubscribe(
    ctx: Context<'_>,
    #[description = "The subscription (see /subscriptions)"]
    #[autocomplete = "choices"]
    #[min = 1]
    id: i64,
) -> Result<(), Error> {
    answer_manager(ctx, |interaction, guild| {
        let store = &ctx.data().feeds.store;
        let found = store
            .subscriptions(Some(guild.get()))
            .map(|subs| subs.into_iter().find(|s| s.id == id));
        match found.and_then(|sub| store.unsubscribe(guild.get(), id).map(|()| sub)) {
            Ok(Some(sub)) => {
                tracing::info!(subscription = id, guild = %guild, by = %interaction.user.id, "unsubscribed");
                format!(
                    "Unsubscribed: {}. Nothing more is posted for it.",
                    describe(&sub)
                )
            }
            Ok(None) | Err(StoreError::NotFound(_)) => {
                format!("This server has no subscription {id}: see /subscriptions.")
            }
            Err(e) => {
                tracing::error!(error = %e, "unsubscribe failed");
                crate::bot::request::INTERNAL_ERROR.to_string()
            }
        }
    })
    .await
}

/// This server's subscriptions whose id or description contains what was typed (at most
/// 25, Discord's limit).
async fn choices(ctx: Context<'_>, partial: &str) -> CreateAutocompleteResponse {
    let Some(guild) = ctx.guild_id() else {
        return CreateAutocompleteResponse::new();
    };
    let typed = partial.trim().to_lowercase();
    let subs = ctx
        .data()
        .feeds
        .store
        .subscriptions(Some(guild.get()))
        .unwrap_or_default();
    let choices = subs
        .into_iter()
        .filter(|s| {
            typed.is_empty()
                || s.id.to_string().starts_with(&typed)
                || s.value.to_lowercase().contains(&typed)
        })
        .take(25)
        .map(|s| {
            let name: String = format!("{} · {} {}", s.id, s.kind.as_str(), s.value)
                .chars()
                .take(100)
                .collect();
            AutocompleteChoice::new(name, s.id)
        })
        .collect();
    CreateAutocompleteResponse::new().set_choices(choices)
}
