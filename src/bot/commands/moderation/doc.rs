//! `/mod doc hide|unhide DOCUMENT` and `/mod doc list-hidden`: documents this server's
//! answers never cite. DOCUMENT is an id or a URL (autocomplete offers titles). The
//! in-memory view is refreshed before the reply, so the next answer already leaves the
//! document out.
//! Calls `store` through `Moderation`, `qa` (document references), and `corpus` and
//! `render` for text helpers.

use serenity::all::{AutocompleteChoice, CreateAutocompleteResponse};

use crate::bot::{Context, Error};
use crate::qa::DocRef;
use crate::render::phrasing::escape_markdown;
use crate::store;
use crate::store::moderation::HiddenDoc;

use super::{apply, done, made, moderator, say, View};

/// Documents this server's answers never cite.
#[poise::command(
    slash_command,
    subcommands("hide", "unhide", "list_hidden"),
    subcommand_required
)]
pub async fn doc(_ctx: Context<'_>) -> Result<(), Error> {
    Ok(())
}

/// Titles matching what the moderator typed, with the document id as the value.
async fn titles(ctx: Context<'_>, partial: &str) -> CreateAutocompleteResponse {
    let engine = ctx.data().engine.clone();
    let words = crate::corpus::shorten(partial, 200);
    let docs = tokio::task::spawn_blocking(move || engine.documents_by_title(&words, 20))
        .await
        .unwrap_or_default();
    let choices = docs
        .into_iter()
        .map(|d| AutocompleteChoice::new(crate::corpus::shorten(&d.title, 100), d.id))
        .collect();
    CreateAutocompleteResponse::new().set_choices(choices)
}

/// The server's hidden documents matching what the moderator typed.
async fn hidden_titles(ctx: Context<'_>, partial: &str) -> CreateAutocompleteResponse {
    let Some(guild) = ctx.guild_id() else {
        return CreateAutocompleteResponse::new();
    };
    let partial = partial.to_lowercase();
    let choices = ctx
        .data()
        .moderation
        .store()
        .hidden_docs(guild.get())
        .unwrap_or_default()
        .into_iter()
        .filter(|d| d.title.to_lowercase().contains(&partial) || d.doc_id.starts_with(&partial))
        .take(25)
        .map(|d| AutocompleteChoice::new(crate::corpus::shorten(&d.title, 100), d.doc_id))
        .collect();
    CreateAutocompleteResponse::new().set_choices(choices)
}

/// The indexed document an id or URL names.
async fn find(ctx: Context<'_>, which: &str) -> Option<DocRef> {
    let engine = ctx.data().engine.clone();
    let which = which.trim().to_string();
    tokio::task::spawn_blocking(move || {
        if let Some(d) = engine.document(&which) {
            return Some(d);
        }
        let url = url::Url::parse(&which).ok()?;
        // A URL is found through the words of its path (news slugs carry the title),
        // then matched exactly.
        let words: String = url
            .path_segments()
            .map(|s| s.collect::<Vec<_>>().join(" "))
            .unwrap_or_default()
            .replace(['-', '_', '.'], " ");
        engine.documents_by_title(&words, 50).into_iter().find(|d| {
            d.url
                .as_deref()
                .is_some_and(|u| u.trim_end_matches('/') == which.trim_end_matches('/'))
        })
    })
    .await
    .ok()
    .flatten()
}

/// Never cite this document in this server's answers or update posts.
#[poise::command(slash_command)]
async fn hide(
    ctx: Context<'_>,
    #[description = "The document's id or URL (type to search titles)"]
    #[max_length = 500]
    #[autocomplete = "titles"]
    document: String,
) -> Result<(), Error> {
    let found = find(ctx, &document).await;
    let target = Some(document.clone());
    apply(ctx, target, None, View::Refresh, |m, moderation| {
        let d = found.ok_or_else(|| {
            format!(
                "no indexed document has the id or URL {:?}",
                crate::corpus::shorten(&document, 100)
            )
        })?;
        let hidden = HiddenDoc {
            doc_id: d.id.clone(),
            title: d.title.clone(),
        };
        made(
            moderation
                .store()
                .hide_doc(m.guild_id, &hidden, m.user_id, store::now()),
            format!(
                "Hidden: \"{}\" ({}) is no longer cited here.",
                escape_markdown(&d.title),
                d.id
            ),
            format!("\"{}\" is hidden already", escape_markdown(&d.title)),
        )
    })
    .await
}

/// Cite this document again.
#[poise::command(slash_command)]
async fn unhide(
    ctx: Context<'_>,
    #[description = "The hidden document's id (type to search)"]
    #[max_length = 500]
    #[autocomplete = "hidden_titles"]
    document: String,
) -> Result<(), Error> {
    let id = match find(ctx, &document).await {
        Some(d) => d.id,
        None => document.trim().to_string(),
    };
    apply(ctx, Some(document), None, View::Refresh, |m, moderation| {
        done(
            moderation.store().unhide_doc(m.guild_id, &id),
            format!("Document {id} may be cited here again."),
        )
    })
    .await
}

/// The documents hidden in this server.
#[poise::command(slash_command, rename = "list-hidden")]
async fn list_hidden(ctx: Context<'_>) -> Result<(), Error> {
    let m = moderator(ctx)?;
    let hidden = ctx.data().moderation.store().hidden_docs(m.guild_id)?;
    if hidden.is_empty() {
        return say(ctx, "No document is hidden in this server.").await;
    }
    let lines: Vec<String> = hidden
        .iter()
        .map(|d| format!("· {} (`{}`)", escape_markdown(&d.title), d.doc_id))
        .collect();
    say(ctx, &lines.join("\n")).await
}
