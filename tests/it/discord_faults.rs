//! Discord misbehaving, end to end: the real bot against the fake Discord.
//! - The gateway connection is cut (TCP closed, no close frame): the bot reconnects,
//!   resumes its session and answers the next question.
//! - Update posts answered with 500: the delivery worker retries with backoff and each
//!   post lands exactly once.
//! - Update posts answered with 429: the post goes again only after Discord's
//!   `retry_after`, and lands exactly once.
//! - Interaction responses answered with 500 are not retried: Discord gives 3 s to
//!   answer, and a deferral that failed cannot be edited later. The command fails, the
//!   member is told privately (a new first response), and the next question is answered.

use std::time::Duration;

use crate::support::app::{Options, TestBot, DEADLINE};
use crate::support::fake_discord::{PostFault, Recorded};
use crate::support::state::{self, FollowingRutte};
use crate::support::wait;

/// The channel-message requests the bot made, in order.
fn message_posts(requests: &[Recorded]) -> Vec<&Recorded> {
    requests
        .iter()
        .filter(|r| r.is("POST", "/channels/", "/messages"))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cut_gateway_connection_is_resumed_and_the_next_question_answered() {
    let mut bot = TestBot::start(Options::default()).await;
    let before = bot.slash(1, "ask", &[("question", "What did Mayor Ann Lee say?")]);
    bot.answer_to(&before).await;
    bot.fake.drop_connection();
    bot.fake
        .wait_until("a resume after the cut", DEADLINE, |f| {
            f.drops() == 1 && f.resumes() >= 1
        })
        .await;
    let after = bot.slash(2, "ask", &[("question", "What did Mayor Ann Lee say?")]);
    let answer = bot.answer_to(&after).await;
    assert!(!answer.is_empty());
    assert_eq!(bot.fake.identifies(), 1, "resumed, not identified again");
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn update_posts_refused_with_500_are_retried_and_land_once() {
    let FollowingRutte { bot, server, .. } = state::following_rutte(Options::default()).await;
    let faults = [PostFault::ServerError; 3];
    bot.fake.fail_next_posts(&faults);
    let expected = server.publish_frigates(2);
    wait::until("both posts", DEADLINE, || bot.fake.posts().len() >= 2).await;
    // Let the worker run a few more passes: nothing is sent again.
    tokio::time::sleep(Duration::from_millis(2500)).await;
    bot.fake.assert_each_posted_once(&expected);
    let requests = bot.fake.requests();
    assert_eq!(
        message_posts(&requests).len(),
        expected.len() + faults.len(),
        "each refusal retried once, each success not at all"
    );
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_update_post_refused_with_429_goes_again_after_retry_after_and_lands_once() {
    let FollowingRutte { bot, server, .. } = state::following_rutte(Options::default()).await;
    let retry_after = 2.0;
    bot.fake
        .fail_next_posts(&[PostFault::RateLimited { retry_after }]);
    let expected = server.publish_frigates(1);
    wait::until("the post", DEADLINE, || !bot.fake.posts().is_empty()).await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    bot.fake.assert_each_posted_once(&expected);
    let requests = bot.fake.requests();
    let attempts = message_posts(&requests);
    assert_eq!(attempts.len(), 2, "refused once, sent once");
    let waited = attempts[1].at.duration_since(attempts[0].at);
    assert!(
        waited >= Duration::from_secs_f64(retry_after),
        "retried after {waited:?}, before Discord's retry_after of {retry_after} s"
    );
    // The outbox keeps whole seconds, so up to 2 s more; the rest is a slow machine.
    assert!(
        waited < Duration::from_secs_f64(retry_after + 8.0),
        "retried only after {waited:?}"
    );
    eprintln!("429 with retry_after {retry_after} s: retried after {waited:?}");
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_interaction_response_refused_with_500_is_not_retried_and_the_bot_goes_on() {
    let mut bot = TestBot::start(Options::default()).await;
    bot.fake.fail_next_callbacks(1);
    let failed = bot.slash(1, "ask", &[("question", "What did Mayor Ann Lee say?")]);
    let requests = bot
        .fake
        .wait_for("the member told of the failure", DEADLINE, |rs| {
            rs.iter()
                .filter(|r| r.path.ends_with(&format!("/{failed}/callback")))
                .count()
                >= 2
        })
        .await;
    let callbacks: Vec<&Recorded> = requests
        .iter()
        .filter(|r| r.path.ends_with(&format!("/{failed}/callback")))
        .collect();
    let kind = |r: &Recorded| r.body.as_ref().and_then(|b| b["type"].as_u64());
    assert_eq!(kind(callbacks[0]), Some(5), "the deferral, refused");
    assert_eq!(kind(callbacks[1]), Some(4), "then a private message");
    let flags = callbacks[1]
        .body
        .as_ref()
        .and_then(|b| b["data"]["flags"].as_u64());
    assert!(flags.is_some_and(|f| f & 64 != 0), "to the asker alone");
    let next = bot.slash(2, "ask", &[("question", "What did Mayor Ann Lee say?")]);
    bot.answer_to(&next).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let edits = bot
        .fake
        .requests()
        .iter()
        .filter(|r| r.path.contains(&format!("/{failed}/")) && r.method == "PATCH")
        .count();
    assert_eq!(edits, 0, "no answer edited into a refused deferral");
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn through_a_cut_500s_and_a_429_every_update_post_lands_once_and_questions_are_answered() {
    let FollowingRutte {
        mut bot, server, ..
    } = state::following_rutte(Options::default()).await;
    let retry_after = 1.0;
    bot.fake.fail_next_posts(&[
        PostFault::ServerError,
        PostFault::RateLimited { retry_after },
        PostFault::ServerError,
    ]);
    let expected = server.publish_frigates(5);
    bot.fake.drop_connection();
    let asked = bot.slash(1, "ask", &[("question", "What did Mayor Ann Lee say?")]);
    bot.answer_to(&asked).await;
    wait::until("all five posts", DEADLINE, || {
        bot.fake.posts().len() >= expected.len()
    })
    .await;
    tokio::time::sleep(Duration::from_millis(2500)).await;
    bot.fake.assert_each_posted_once(&expected);
    assert!(bot.fake.resumes() >= 1, "the bot resumed after the cut");
    // The post refused with 429 went again no sooner than Discord asked.
    let requests = bot.fake.requests();
    let attempts = message_posts(&requests);
    let limited = attempts[1];
    let nonce = |r: &Recorded| {
        r.body
            .as_ref()
            .and_then(|b| b["nonce"].as_str().map(String::from))
    };
    let retry = attempts[2..]
        .iter()
        .find(|r| nonce(r) == nonce(limited))
        .expect("the rate-limited post was sent again");
    let waited = retry.at.duration_since(limited.at);
    assert!(
        waited >= Duration::from_secs_f64(retry_after),
        "retried after {waited:?}"
    );
    bot.stop().await;
}
