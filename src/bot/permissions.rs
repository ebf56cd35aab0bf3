//! The permissions the bot uses, in one table, and the invite link built from it: the link
//! asks for exactly these, so what the bot is granted and what it needs never drift.
//! Calls nothing else in the crate.

use serenity::all::Permissions;

/// Every permission the bot uses in a channel, and why. Interaction responses (slash
/// commands, their followups and files) go through the interaction's own token and need
/// none of these; what the bot posts on its own (answers to mentions, update posts, the
/// modlog) needs them.
pub const NEEDED: &[(Permissions, &str)] = &[
    (
        Permissions::VIEW_CHANNEL,
        "see the channels it answers and posts in",
    ),
    (
        Permissions::SEND_MESSAGES,
        "answer mentions, send update posts and modlog notices, show it is typing",
    ),
    (
        Permissions::SEND_MESSAGES_IN_THREADS,
        "answer mentions asked inside threads",
    ),
    (
        Permissions::EMBED_LINKS,
        "answers are embeds (without it Discord strips them)",
    ),
    (
        Permissions::READ_MESSAGE_HISTORY,
        "an answer to a mention is a reply to that message",
    ),
];

/// What an update post needs in its channel, as Discord names it in the server settings.
/// A channel lacking any is paused (its posts wait) rather than posted into for a 403.
pub const TO_POST: &[(Permissions, &str)] = &[
    (Permissions::VIEW_CHANNEL, "View Channel"),
    (Permissions::SEND_MESSAGES, "Send Messages"),
    (Permissions::EMBED_LINKS, "Embed Links"),
];

/// What an answer to a mention needs in its channel: what a post needs, and Read Message
/// History, since the answer is a reply to the question. Lacking any, the bot stays
/// silent there rather than collect 403s (which count toward Discord's invalid-request
/// ban).
pub const TO_ANSWER: &[(Permissions, &str)] = &[
    (Permissions::VIEW_CHANNEL, "View Channel"),
    (Permissions::SEND_MESSAGES, "Send Messages"),
    (Permissions::EMBED_LINKS, "Embed Links"),
    (Permissions::READ_MESSAGE_HISTORY, "Read Message History"),
];

/// The names of what `granted` (the bot's permissions in a channel) lacks to post there;
/// empty when it may.
pub fn missing_to_post(granted: Permissions) -> Vec<&'static str> {
    missing(TO_POST, granted)
}

/// The names of what `granted` lacks to answer a mention there; empty when it may.
pub fn missing_to_answer(granted: Permissions) -> Vec<&'static str> {
    missing(TO_ANSWER, granted)
}

fn missing(table: &[(Permissions, &'static str)], granted: Permissions) -> Vec<&'static str> {
    table
        .iter()
        .filter(|(p, _)| !granted.contains(*p))
        .map(|(_, name)| *name)
        .collect()
}

/// The OAuth2 scopes of the invite: the bot user, and its slash commands.
pub const SCOPES: &str = "bot applications.commands";

/// The union of [`NEEDED`].
pub fn needed() -> Permissions {
    NEEDED
        .iter()
        .fold(Permissions::empty(), |all, (p, _)| all | *p)
}

/// The link that adds the application `client_id` to a server with [`SCOPES`] and
/// exactly the [`needed`] permissions.
pub fn invite_url(client_id: u64) -> String {
    format!(
        "https://discord.com/oauth2/authorize?client_id={client_id}&scope={}&permissions={}",
        SCOPES.replace(' ', "+"),
        needed().bits()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_invite_asks_for_both_scopes_and_the_tables_bits() {
        let url = url::Url::parse(&invite_url(42)).expect("a URL");
        let query: std::collections::HashMap<_, _> = url.query_pairs().into_owned().collect();
        assert_eq!(query["client_id"], "42");
        assert_eq!(query["scope"], "bot applications.commands");
        let bits: u64 = query["permissions"].parse().expect("a number");
        assert_eq!(Permissions::from_bits(bits), Some(needed()));
        assert_eq!(needed().iter().count(), NEEDED.len(), "no entry twice");
    }

    #[test]
    fn posting_needs_only_what_the_invite_asks_for() {
        for (p, _) in TO_POST {
            assert!(needed().contains(*p), "{p:?} is in the invite");
        }
        assert!(missing_to_post(needed()).is_empty());
        assert!(missing_to_post(Permissions::all()).is_empty());
        assert_eq!(
            missing_to_post(needed() - Permissions::SEND_MESSAGES - Permissions::EMBED_LINKS),
            vec!["Send Messages", "Embed Links"]
        );
    }

    #[test]
    fn nothing_administrative_is_asked_for() {
        let risky = Permissions::ADMINISTRATOR
            | Permissions::MENTION_EVERYONE
            | Permissions::MANAGE_MESSAGES
            | Permissions::MANAGE_GUILD;
        assert!((needed() & risky).is_empty());
    }
}
