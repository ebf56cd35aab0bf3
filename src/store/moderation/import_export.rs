//! A server's whole configuration as plain data ([`GuildConfig`]), for `/mod export` and
//! `/mod import`. Export reads through the tables' getters; import writes through the
//! tables' own statements (the setters' SQL), all in one transaction.
//! Calls the table modules beside it, `store::feeds` and `store::subscriptions`.

use serde::{Deserialize, Serialize};

use super::{blocks, channels, guild_feeds, hidden_docs, roles, settings, templates};
use super::{Block, ChannelSetting, GuildSettings, GuildTemplate, HiddenDoc};
use crate::store::db::args;
use crate::store::subscriptions::{self, OnDuplicate};
use crate::store::{feeds, id64};
use crate::store::{NewSubscription, Result, Store, SubKind};

/// A subscription as exported (without ids and times, which the importing side assigns).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubscriptionConfig {
    pub channel_id: u64,
    pub kind: SubKind,
    pub value: String,
    pub mention_role_id: Option<u64>,
    /// Who created it (a block pauses the subscriptions its member created).
    #[serde(default)]
    pub created_by: Option<u64>,
    pub paused: bool,
}

/// A server's whole configuration.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GuildConfig {
    pub settings: GuildSettings,
    pub roles: Vec<u64>,
    pub hidden: Vec<HiddenDoc>,
    pub blocks: Vec<Block>,
    pub channels: Vec<ChannelSetting>,
    pub templates: Vec<GuildTemplate>,
    pub feeds: Vec<String>,
    pub subscriptions: Vec<SubscriptionConfig>,
}

/// The tables a server's configuration replaces on import (subscriptions are added to).
const REPLACED: [&str; 7] = [
    "guild_settings",
    "mod_roles",
    "hidden_docs",
    "blocks",
    "channel_settings",
    "guild_templates",
    "guild_feeds",
];

impl Store {
    /// A server's whole configuration.
    pub fn guild_config(&self, guild_id: u64) -> Result<GuildConfig> {
        let subscriptions = self
            .subscriptions(Some(guild_id))?
            .into_iter()
            .map(|s| SubscriptionConfig {
                channel_id: s.channel_id,
                kind: s.kind,
                value: s.value,
                mention_role_id: s.mention_role_id,
                created_by: s.created_by,
                paused: s.paused,
            })
            .collect();
        Ok(GuildConfig {
            settings: self.guild_settings(guild_id)?,
            roles: self.mod_roles(guild_id)?,
            hidden: self.hidden_docs(guild_id)?,
            blocks: self.blocks(guild_id)?,
            channels: self.channel_settings(guild_id)?,
            templates: self.guild_templates(guild_id)?,
            feeds: self.guild_feeds(guild_id)?,
            subscriptions,
        })
    }

    /// Replace a server's configuration with `config`, in one transaction (all or
    /// nothing). Subscriptions are added to the server's (the same one twice is kept once);
    /// feeds not followed yet are added, polled every `interval_secs`.
    pub fn import_guild_config(
        &self,
        guild_id: u64,
        config: &GuildConfig,
        interval_secs: i64,
        by: u64,
        now: i64,
    ) -> Result<()> {
        let subs = config
            .subscriptions
            .iter()
            .map(|s| new_subscription(guild_id, s, by).map(|new| (new, s.paused)))
            .collect::<Result<Vec<_>>>()?;
        self.in_transaction(|tx| {
            for table in REPLACED {
                tx.execute(
                    &format!("DELETE FROM {table} WHERE guild_id = ?1"),
                    args![id64(guild_id)],
                )?;
            }
            settings::save(tx, guild_id, &config.settings)?;
            for role in &config.roles {
                roles::insert(tx, guild_id, *role, by, now)?;
            }
            for doc in &config.hidden {
                hidden_docs::insert(tx, guild_id, doc, by, now)?;
            }
            for block in &config.blocks {
                blocks::insert(tx, guild_id, block, by, now)?;
            }
            for c in &config.channels {
                channels::set(tx, guild_id, c.channel_id, c.enabled)?;
            }
            for t in &config.templates {
                templates::set(tx, guild_id, t, by, now)?;
            }
            for url in &config.feeds {
                guild_feeds::link(tx, guild_id, url, interval_secs, by, now)?;
            }
            for (sub, paused) in &subs {
                if sub.kind == SubKind::Feed {
                    feeds::add_if_new(tx, &sub.value, interval_secs, now)?;
                }
                subscriptions::insert(tx, sub, *paused, now, OnDuplicate::Skip)?;
            }
            // Imported subscriptions join the server's own: the total is what is capped.
            subscriptions::check_guild_count(tx, guild_id, 0)
        })
    }
}

/// An exported subscription to add to `guild_id`; one without a creator counts as `by`'s.
fn new_subscription(guild_id: u64, s: &SubscriptionConfig, by: u64) -> Result<NewSubscription> {
    Ok(NewSubscription {
        guild_id,
        channel_id: s.channel_id,
        kind: s.kind,
        value: s.value.clone(),
        mention_role_id: s.mention_role_id,
        created_by: Some(s.created_by.unwrap_or(by)),
    })
}
