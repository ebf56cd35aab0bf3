//! Moderation state per server, one table a module: [`settings`], moderator [`roles`],
//! [`hidden_docs`], [`blocks`] (blocked members), [`channels`] (channel switches), the
//! server's own [`templates`], the feeds it asked for ([`guild_feeds`]) and the append-only
//! [`audit_log`] (numbered cases per server). [`import_export`] reads and writes a server's
//! whole configuration as plain data ([`GuildConfig`]) through the tables' own statements;
//! [`outbox_policy`] is what moderation does to waiting update posts.
//!
//! Each table module owns its table's SQL: the [`Store`](crate::store::Store) methods
//! callers use, and the `pub(super)` statements that import reuses.
//! Calls nothing outside `store`.

mod audit_log;
mod blocks;
mod channels;
mod guild_feeds;
mod hidden_docs;
mod import_export;
mod outbox_policy;
mod roles;
mod settings;
mod templates;

pub use audit_log::{Case, NewCase, MAX_PAGE};
pub use blocks::Block;
pub use channels::ChannelSetting;
pub use hidden_docs::HiddenDoc;
pub use import_export::{GuildConfig, SubscriptionConfig};
pub(super) use outbox_policy::{drop_excluded_posts, posts_per_hour};
pub use settings::GuildSettings;
pub use templates::GuildTemplate;

#[cfg(test)]
mod tests;
