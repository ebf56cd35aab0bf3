//! Which gateway shards this process runs: every shard Discord recommends (one process, the
//! default), all `shard_count` shards, or a range of them (one node of several; each node
//! runs its own range and they share the PostgreSQL store). Discord sends a guild's events
//! to shard `(guild_id >> 22) % shard_count`, and direct messages to shard 0.

use std::time::Duration;

use crate::config::{DiscordConfig, ShardRange};

/// The shards to start, checked against each other.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShardPlan {
    /// As many shards as `GET /gateway/bot` recommends, all in this process.
    Recommended,
    /// `range` of `count` shards.
    Range { range: ShardRange, count: u32 },
}

impl ShardPlan {
    /// From `[discord] shards` and `shard_count` (or `--shards`, `--shard-count`).
    pub fn from_config(discord: &DiscordConfig) -> Result<ShardPlan, String> {
        match (discord.shards, discord.shard_count) {
            (None, None) => Ok(ShardPlan::Recommended),
            (Some(range), None) => Err(format!(
                "shards {range} given without shard_count: say how many shards the bot runs in all (--shard-count N)"
            )),
            (_, Some(0)) => Err("shard_count must be at least 1".to_string()),
            (range, Some(count)) => {
                let range = range.unwrap_or(ShardRange {
                    first: 0,
                    last: count - 1,
                });
                if range.last >= count {
                    return Err(format!(
                        "shards {range} is outside 0-{} (shard ids start at 0, below shard_count {count})",
                        count - 1
                    ));
                }
                Ok(ShardPlan::Range { range, count })
            }
        }
    }

    /// Whether this process runs shard 0, the one whose node registers the slash commands
    /// (so several nodes register them once) and receives direct messages.
    pub fn runs_shard_zero(&self) -> bool {
        match self {
            ShardPlan::Recommended => true,
            ShardPlan::Range { range, .. } => range.first == 0,
        }
    }
}

impl std::fmt::Display for ShardPlan {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ShardPlan::Recommended => write!(f, "every shard Discord recommends"),
            ShardPlan::Range { range, count } => write!(f, "shards {range} of {count}"),
        }
    }
}

/// Discord allows `max_concurrency` identifies per 5 seconds across every process of a bot;
/// serenity spaces its own shards by 5 s but knows nothing of other nodes.
const IDENTIFY_SPACING: Duration = Duration::from_millis(5_500);

/// How long a node waits before identifying, so that nodes started together identify in
/// shard order, one rate-limit bucket after another: shard `first` waits its turn behind
/// the `first` shards before it (`max_concurrency` at a time). A node started alone waits
/// the same, which is harmless; an identify refused anyway is retried by serenity.
pub fn stagger(plan: &ShardPlan, max_concurrency: u32) -> Duration {
    match plan {
        ShardPlan::Recommended => Duration::ZERO,
        ShardPlan::Range { range, .. } => IDENTIFY_SPACING * (range.first / max_concurrency.max(1)),
    }
}

/// The shard that receives a guild's events among `count`.
pub fn shard_of(guild_id: u64, count: u32) -> u32 {
    ((guild_id >> 22) % u64::from(count.max(1))) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(shards: Option<&str>, count: Option<u32>) -> Result<ShardPlan, String> {
        let discord = DiscordConfig {
            shards: shards.map(|s| s.parse().expect("a range")),
            shard_count: count,
            ..DiscordConfig::default()
        };
        ShardPlan::from_config(&discord)
    }

    #[test]
    fn shard_settings_are_checked_together() {
        let range = |first, last| ShardRange { first, last };
        assert_eq!(plan(None, None), Ok(ShardPlan::Recommended));
        assert_eq!(
            plan(Some("2-3"), Some(4)),
            Ok(ShardPlan::Range {
                range: range(2, 3),
                count: 4
            })
        );
        assert_eq!(
            plan(Some("1"), Some(2)),
            Ok(ShardPlan::Range {
                range: range(1, 1),
                count: 2
            })
        );
        assert_eq!(
            plan(None, Some(3)),
            Ok(ShardPlan::Range {
                range: range(0, 2),
                count: 3
            })
        );
        for (shards, count, says) in [
            (Some("0-1"), None, "without shard_count"),
            (Some("0-4"), Some(4), "outside 0-3"),
            (None, Some(0), "at least 1"),
        ] {
            let e = plan(shards, count).expect_err("refused");
            assert!(e.contains(says), "{e}");
        }
        for bad in ["3-1", "a-b", "", "-1", "1-"] {
            assert!(bad.parse::<ShardRange>().is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn only_the_node_with_shard_zero_registers_commands() {
        assert!(plan(None, None).expect("ok").runs_shard_zero());
        assert!(plan(Some("0-1"), Some(4)).expect("ok").runs_shard_zero());
        assert!(!plan(Some("2-3"), Some(4)).expect("ok").runs_shard_zero());
    }

    #[test]
    fn later_shards_wait_their_turn_to_identify() {
        let range = |first, last, count| ShardPlan::Range {
            range: ShardRange { first, last },
            count,
        };
        assert_eq!(stagger(&ShardPlan::Recommended, 1), Duration::ZERO);
        assert_eq!(stagger(&range(0, 3, 8), 1), Duration::ZERO);
        assert_eq!(stagger(&range(4, 7, 8), 1), IDENTIFY_SPACING * 4);
        assert_eq!(
            stagger(&range(4, 7, 8), 16),
            Duration::ZERO,
            "one bucket each"
        );
        assert_eq!(stagger(&range(1, 1, 2), 0), IDENTIFY_SPACING, "0 read as 1");
    }

    #[test]
    fn guilds_go_to_shards_as_discord_sends_them() {
        // Discord's documented formula: (guild_id >> 22) % num_shards.
        let guild = 1_200_000_000_000_000_001u64;
        assert_eq!(shard_of(guild, 1), 0);
        assert_eq!(shard_of(guild, 2), ((guild >> 22) % 2) as u32);
        assert_eq!(shard_of(41_771_983_423_143_937, 2), 0);
    }
}
