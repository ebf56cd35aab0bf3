//! Load through the fake Discord, with the real bot:
//! - 1,000 `/ask` interactions dispatched within 10 s: each gets its first response (the
//!   deferral) within Discord's 3-second window of its dispatch, each is answered exactly
//!   once (one callback, one edit of the deferred response), none is lost. The time to
//!   first response is printed as p50 / p99 / max (`-- --nocapture`).
//! - 200 feed items arriving in one poll, each matching a subscription: every update post
//!   is delivered exactly once, and no channel gets more than its hourly limit.
//!
//! Both check the bot's `/metrics` against what happened and print its main lines.
//!
//! `WHOSAID_LOAD_ASKS` sets another number of questions (spread over the same 10 s).

use std::collections::HashMap;
use std::time::{Duration, Instant};

use whosaid::feeds::deliver::DeliveryOptions;
use whosaid::store::OutboxStatus;

use crate::support::app::{Options, TestBot};
use crate::support::fake_discord::fixtures::{APP_ID, GUILD_ID};
use crate::support::fake_discord::Recorded;
use crate::support::feed_server::FeedServer;
use crate::support::local;
use crate::support::metrics::{excerpt, scrape, value};
use crate::support::state;
use crate::support::wait;

/// Discord refuses an interaction response later than this after the interaction.
const WINDOW: Duration = Duration::from_secs(3);
/// The time over which the questions are dispatched.
const SPREAD: Duration = Duration::from_secs(10);
const QUESTIONS: [&str; 4] = [
    "When did Trump talk to Putin?",
    "What did Mayor Ann Lee say?",
    "Who said the bridge was safe?",
    "What did the Kremlin say about the summit?",
];

/// The `q`-quantile of sorted `values`.
fn quantile(sorted: &[Duration], q: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * q).round() as usize;
    sorted.get(i).copied().unwrap_or_default()
}

/// Per interaction token: its callbacks and its edits of the deferred response.
#[derive(Default)]
struct Responses<'a> {
    callbacks: Vec<&'a Recorded>,
    edits: Vec<&'a Recorded>,
}

fn by_token(requests: &[Recorded]) -> HashMap<&str, Responses<'_>> {
    let edit_prefix = format!("/webhooks/{APP_ID}/");
    let mut out: HashMap<&str, Responses<'_>> = HashMap::new();
    for r in requests {
        if let Some(rest) = r.path.strip_prefix("/interactions/") {
            if let Some(token) = rest.split('/').nth(1) {
                out.entry(token).or_default().callbacks.push(r);
            }
        } else if r.method == "PATCH" {
            if let Some(token) = r
                .path
                .strip_prefix(edit_prefix.as_str())
                .and_then(|rest| rest.strip_suffix("/messages/@original"))
            {
                out.entry(token).or_default().edits.push(r);
            }
        }
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_questions_in_ten_seconds_are_each_acknowledged_within_three_seconds() {
    let mut bot = TestBot::start(Options {
        metrics: true,
        ..Options::default()
    })
    .await;
    let n = local::env_count("WHOSAID_LOAD_ASKS", 1_000);
    let started = Instant::now();
    let mut tokens = Vec::with_capacity(n);
    for i in 0..n {
        // Keep to the schedule: question i goes out at i/n of the spread.
        let due = SPREAD.mul_f64(i as f64 / n as f64);
        if let Some(ahead) = due.checked_sub(started.elapsed()) {
            tokio::time::sleep(ahead).await;
        }
        let question = QUESTIONS[i % QUESTIONS.len()];
        tokens.push(bot.slash(1_000 + i as u64, "ask", &[("question", question)]));
    }
    let pushed = started.elapsed();
    let deadline = Duration::from_secs(600);
    loop {
        let requests = bot.fake.requests();
        let seen = by_token(&requests);
        let done = tokens
            .iter()
            .filter(|t| seen.get(t.as_str()).is_some_and(|r| !r.edits.is_empty()))
            .count();
        if done == n {
            break;
        }
        assert!(
            started.elapsed() < deadline,
            "{done} of {n} questions answered after {deadline:?}"
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    let answered = started.elapsed();
    // Late duplicates would show up now.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let requests = bot.fake.requests();
    let seen = by_token(&requests);
    let (mut first, mut full) = (Vec::with_capacity(n), Vec::with_capacity(n));
    for t in &tokens {
        let r = &seen[t.as_str()];
        assert_eq!(
            (r.callbacks.len(), r.edits.len()),
            (1, 1),
            "interaction {t}: one deferral, one answer"
        );
        let dispatched = bot.fake.dispatched_at(t).expect("dispatched");
        first.push(r.callbacks[0].at.duration_since(dispatched));
        full.push(r.edits[0].at.duration_since(dispatched));
    }
    first.sort();
    full.sort();
    let (p50, p99, max) = (
        quantile(&first, 0.5),
        quantile(&first, 0.99),
        quantile(&first, 1.0),
    );
    eprintln!(
        "{n} /ask dispatched in {pushed:.2?}, all answered after {answered:.2?}; time to first response: p50 {p50:.1?}, p99 {p99:.1?}, max {max:.1?}; to the answer: p50 {:.1?}, p99 {:.1?}",
        quantile(&full, 0.5),
        quantile(&full, 0.99),
    );
    assert!(
        pushed <= SPREAD + Duration::from_secs(1),
        "dispatch took {pushed:?}"
    );
    assert!(
        max < WINDOW,
        "the slowest first response took {max:?}: Discord would have refused it"
    );
    let metrics = scrape(&bot).await;
    let asked: f64 = ["answered", "nothing_found"]
        .iter()
        .map(|o| {
            value(
                &metrics,
                &format!("whosaid_questions_total{{kind=\"ask\",outcome=\"{o}\"}}"),
            )
        })
        .sum();
    assert_eq!(asked, n as f64, "every question counted once");
    assert_eq!(value(&metrics, "whosaid_answer_seconds_count"), n as f64);
    let deferred = "whosaid_discord_responses_total{route=\"defer\",status=\"2xx\"}";
    assert_eq!(value(&metrics, deferred), n as f64);
    eprintln!("/metrics after the load:\n{}", excerpt(&bot).await);
    bot.stop().await;
}

/// Channels in the feed test, each following one person.
const CHANNELS: u64 = 4;
const ITEMS: usize = 200;
/// Each channel's hourly limit: lower than its share of the items, so some must wait.
const PER_HOUR: u32 = 30;

/// The statement of item `i`: said by the person channel `i % CHANNELS` follows.
fn item(i: usize) -> (String, String) {
    let said = format!("the council would repair {i} bridges");
    let speaker = ["Ann Lee", "Mark Rutte", "Keir Starmer", "Olaf Scholz"][i % 4];
    (
        format!("{speaker} said on Tuesday that {said}."),
        said.to_string(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_matching_items_at_once_are_each_posted_once_within_the_channel_limits() {
    let server = FeedServer::start(&[("old", "Old", "Nobody said anything.")]).await;
    let bot = TestBot::start(Options {
        feeds: Some(state::local_feeds(DeliveryOptions {
            per_channel_per_hour: PER_HOUR,
            ..DeliveryOptions::default()
        })),
        metrics: true,
        ..Options::default()
    })
    .await;
    let store = bot.store();
    let people = ["Ann Lee", "Mark Rutte", "Keir Starmer", "Olaf Scholz"];
    for (c, person) in people.iter().enumerate() {
        state::subscribe_person(&store, GUILD_ID, 500 + c as u64, person);
    }
    let feed = state::follow_feed(&store, &server.url, whosaid::store::now());
    wait::until("the first poll", Duration::from_secs(30), || {
        store.item_count(feed).unwrap_or(0) >= 1
    })
    .await;
    let items: Vec<(String, String, String)> = (0..ITEMS)
        .map(|i| (format!("n{i}"), format!("Bridges {i}"), item(i).0))
        .collect();
    let served: Vec<(&str, &str, &str)> = items
        .iter()
        .map(|(g, t, x)| (g.as_str(), t.as_str(), x.as_str()))
        .collect();
    let started = Instant::now();
    server.set(&served);
    let first_hour = CHANNELS as usize * PER_HOUR as usize;
    wait::until("the first hour's posts", Duration::from_secs(120), || {
        bot.fake.posts().len() >= first_hour
    })
    .await;
    let first_hour_in = started.elapsed();
    // The rest is held back, not dropped, and not posted within the hour.
    tokio::time::sleep(Duration::from_millis(2500)).await;
    let posts = bot.fake.posts();
    assert_eq!(posts.len(), first_hour, "the hourly limit holds");
    for c in 0..CHANNELS {
        let n = posts.iter().filter(|p| p.channel_id == 500 + c).count();
        assert_eq!(
            n, PER_HOUR as usize,
            "channel {c} got {n} posts in the hour"
        );
    }
    let pending = store.outbox(Some(OutboxStatus::Pending)).expect("outbox");
    assert_eq!(pending.len(), ITEMS - first_hour, "the rest waits");
    // Hours pass: the rest is posted, each once.
    let hours = ITEMS.div_ceil(first_hour);
    for _ in 1..hours {
        let before = bot.fake.posts().len();
        state::an_hour_passes(bot.data_dir());
        let expect = (before + first_hour).min(ITEMS);
        wait::until("the next hour's posts", Duration::from_secs(60), || {
            bot.fake.posts().len() >= expect
        })
        .await;
    }
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let posts = bot.fake.posts();
    assert_eq!(posts.len(), ITEMS, "every item posted");
    for i in 0..ITEMS {
        let (_, said) = item(i);
        let matching: Vec<_> = posts
            .iter()
            .filter(|p| p.content().contains(&said))
            .collect();
        assert_eq!(
            matching.len(),
            1,
            "{said:?} posted {} times",
            matching.len()
        );
        assert_eq!(
            matching[0].channel_id,
            500 + (i as u64 % CHANNELS),
            "{said:?} in its person's channel"
        );
    }
    eprintln!(
        "{ITEMS} items: the first {first_hour} posts ({PER_HOUR} per channel) in {first_hour_in:.2?}, all {ITEMS} once"
    );
    let metrics = scrape(&bot).await;
    let sent = value(&metrics, "whosaid_update_posts_total{result=\"sent\"}");
    assert_eq!(sent, ITEMS as f64, "every post counted once");
    assert_eq!(value(&metrics, "whosaid_outbox_pending"), 0.0);
    eprintln!("/metrics after the posts:\n{}", excerpt(&bot).await);
    bot.stop().await;
}
