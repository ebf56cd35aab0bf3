//! Gateway sharding, end to end against the fake Discord (which routes a guild's events to
//! shard `(guild_id >> 22) % num_shards`, as Discord does, and refuses identifies faster
//! than `max_concurrency` allows):
//! - one process runs every shard `GET /gateway/bot` recommends, registers the commands
//!   once and answers in a guild that lives on shard 1;
//! - two nodes split the shards (`0 of 2` and `1 of 2`), with a guild on each shard: each
//!   node identifies its own shard, in turn (`max_concurrency` 1), only the node running
//!   shard 0 registers commands, and a mention in either guild is answered exactly once
//!   (the fake sends a guild's events only to the shard that owns it).

use std::sync::Arc;

use crate::support::app::{Options, TestBot, DEADLINE};
use crate::support::fake_discord::fixtures::{
    self, CHANNEL_ID, GUILD_ID, SECOND_CHANNEL_ID as CHANNEL_B, SECOND_GUILD_ID as GUILD_B,
};
use crate::support::fake_discord::{replies_to, shard_of, FakeDiscord, Recorded};
use whosaid::config::ShardRange;

const QUESTION: &str = "<@1100000000000000001> When did Trump talk to Putin?";

fn registrations(requests: &[Recorded]) -> usize {
    requests
        .iter()
        .filter(|r| r.method == "PUT" && r.path.ends_with("/commands"))
        .count()
}

/// Ask once by mention in `guild` and check the question is answered exactly once.
async fn answered_once(bot: &mut TestBot, guild: u64, channel: u64) {
    let asked = bot.next_id();
    let event = fixtures::message_create(asked, 2, QUESTION, true);
    bot.fake
        .push("MESSAGE_CREATE", fixtures::in_guild(event, guild, channel));
    bot.fake
        .wait_for("the answer to the mention", DEADLINE, |rs| {
            replies_to(rs, asked) > 0
        })
        .await;
    // Give a second node time to answer too, were it (wrongly) sent the event.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(replies_to(&bot.fake.requests(), asked), 1, "answered once");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_process_runs_every_recommended_shard() {
    assert_eq!(
        shard_of(GUILD_ID, 2),
        1,
        "the test guild lives on shard 1 of 2"
    );
    let fake = Arc::new(FakeDiscord::start(crate::support::app::TOKEN).await);
    fake.recommend_shards(2, 1);
    let mut bot = TestBot::start(Options {
        fake: Some(fake.clone()),
        ..Options::default()
    })
    .await;
    fake.wait_until("both shards to identify", DEADLINE, |f| {
        f.identified().len() == 2
    })
    .await;
    let mut shards = fake.identified();
    shards.sort_unstable();
    assert_eq!(shards, vec![[0, 2], [1, 2]]);
    assert_eq!(
        fake.refused_identifies(),
        0,
        "identifies spaced by max_concurrency"
    );
    answered_once(&mut bot, GUILD_ID, CHANNEL_ID).await;
    assert_eq!(
        registrations(&fake.requests()),
        1,
        "commands registered once"
    );
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_nodes_split_the_shards_and_register_commands_once() {
    assert_eq!(
        shard_of(GUILD_B, 2),
        0,
        "the second guild lives on shard 0 of 2"
    );
    let fake = Arc::new(FakeDiscord::start(crate::support::app::TOKEN).await);
    fake.recommend_shards(2, 1);
    fake.add_guild(fixtures::in_guild(
        fixtures::guild_create(),
        GUILD_B,
        CHANNEL_B,
    ));
    let node = |first: u32| Options {
        fake: Some(fake.clone()),
        shards: Some((ShardRange { first, last: first }, 2)),
        ..Options::default()
    };
    let zero = TestBot::start(node(0)).await;
    let mut one = TestBot::start(node(1)).await;
    let mut shards = fake.identified();
    shards.sort_unstable();
    assert_eq!(shards, vec![[0, 2], [1, 2]], "each node its own shard");
    assert_eq!(
        fake.refused_identifies(),
        0,
        "the second node waits its turn to identify (max_concurrency 1)"
    );
    // Each guild's events reach the node running its shard only.
    answered_once(&mut one, GUILD_ID, CHANNEL_ID).await;
    answered_once(&mut one, GUILD_B, CHANNEL_B).await;
    assert_eq!(
        registrations(&fake.requests()),
        1,
        "only the node running shard 0 registers the commands"
    );
    one.stop().await;
    zero.stop().await;
}
