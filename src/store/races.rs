//! Several nodes on one store: each racer is a `Store` of its own on the same database (as
//! a `serve` process is), started together on a barrier. On both backends: feeds and posts
//! taken with leases go to one node each and come back when a lease expires, or at once to
//! their own node; case numbers and the per-server subscription cap hold under a race; ids
//! (so nonces) are never reused.

use std::collections::HashSet;
use std::sync::Barrier;

use super::testing::{on_both_backends, TestStore};
use super::*;

on_both_backends!(
    racing_nodes_take_disjoint_feeds,
    an_expired_feed_lease_is_taken_by_another_node,
    racing_nodes_take_disjoint_posts_within_a_channels_limit,
    an_expired_post_lease_is_taken_by_another_node_with_the_same_nonce,
    a_node_takes_again_at_once_what_it_held,
    racing_cases_get_distinct_numbers_and_none_fails,
    racing_subscriptions_at_the_cap_let_exactly_the_room_through,
    the_id_of_a_deleted_newest_post_is_never_reused,
);

const RACERS: usize = 4;

/// Node `name`'s lease of `secs`.
fn lease(name: &str, secs: i64) -> Lease<'_> {
    Lease { node: name, secs }
}

/// The name of racer `i`.
fn name(i: usize) -> String {
    format!("node-{i}")
}

/// `RACERS` more stores (nodes) on `store`'s database.
fn nodes(store: &TestStore) -> Vec<Store> {
    (0..RACERS).map(|_| store.reopen().expect("open")).collect()
}

/// `f(i, node)` on every node at once; the results in node order.
fn race<T: Send>(nodes: &[Store], f: impl Fn(usize, &Store) -> T + Sync) -> Vec<T> {
    let start = Barrier::new(nodes.len());
    std::thread::scope(|scope| {
        let racers: Vec<_> = nodes
            .iter()
            .enumerate()
            .map(|(i, node)| {
                let (start, f) = (&start, &f);
                scope.spawn(move || {
                    start.wait();
                    f(i, node)
                })
            })
            .collect();
        racers
            .into_iter()
            .map(|r| r.join().expect("racer"))
            .collect()
    })
}

/// Every id once, or which came twice.
fn assert_disjoint(taken: &[Vec<i64>]) -> HashSet<i64> {
    let mut seen = HashSet::new();
    for id in taken.iter().flatten() {
        assert!(seen.insert(*id), "{id} taken twice: {taken:?}");
    }
    seen
}

fn add_feeds(store: &Store, n: usize) -> Vec<i64> {
    (0..n)
        .map(|i| {
            let url = format!("https://example.org/feed/{i}");
            let feed = NewFeed {
                url: &url,
                poll_interval_secs: 300,
            };
            store.add_feed(feed, 0).expect("add").id
        })
        .collect()
}

fn subscribe(store: &Store, guild: u64, channel: u64, value: &str) -> Result<Subscription> {
    store.subscribe(
        &NewSubscription {
            guild_id: guild,
            channel_id: channel,
            kind: SubKind::Topic,
            value: value.to_string(),
            mention_role_id: None,
            created_by: Some(7),
        },
        0,
    )
}

fn post_for(s: &Subscription, key: &str) -> NewPost {
    NewPost {
        subscription_id: s.id,
        guild_id: s.guild_id,
        channel_id: s.channel_id,
        mention_role_id: None,
        doc_id: format!("doc-{key}"),
        content: format!("post {key}"),
        statement_keys: vec![key.to_string()],
    }
}

fn racing_nodes_take_disjoint_feeds(store: &TestStore) {
    let all: HashSet<i64> = add_feeds(store, 24).into_iter().collect();
    // Each node takes one feed at a time and records its poll, as the poller does, until
    // none is left.
    let taken = race(&nodes(store), |i, node| {
        let mut mine = Vec::new();
        let name = name(i);
        while let Some(feed) = node
            .claim_due_feeds(lease(&name, 600), 10, 1)
            .expect("claim")
            .pop()
        {
            node.record_poll(feed.id, &FeedFetch::default(), &[], &[], 10)
                .expect("record");
            mine.push(feed.id);
        }
        mine
    });
    assert_eq!(assert_disjoint(&taken), all, "every due feed taken once");
    // And in batches, at the next interval.
    let taken = race(&nodes(store), |i, node| {
        let feeds = node
            .claim_due_feeds(lease(&name(i), 600), 700, 5)
            .expect("claim");
        feeds.iter().map(|f| f.id).collect::<Vec<_>>()
    });
    assert_eq!(assert_disjoint(&taken).len(), 20, "four nodes, five each");
}

fn an_expired_feed_lease_is_taken_by_another_node(store: &TestStore) {
    let id = add_feeds(store, 1)[0];
    let (a, b) = (store.reopen().expect("a"), store.reopen().expect("b"));
    assert_eq!(
        a.claim_due_feeds(lease("a", 60), 100, 10).expect("a")[0].id,
        id
    );
    assert!(
        b.claim_due_feeds(lease("b", 60), 159, 10)
            .expect("b")
            .is_empty(),
        "leased"
    );
    assert_eq!(
        b.next_feed_due("b").expect("next"),
        Some(160),
        "due for b when it ends"
    );
    assert_eq!(
        a.next_feed_due("a").expect("next"),
        Some(0),
        "still due for a, which may take it again"
    );
    // a died mid-poll: once its lease ends, b takes the feed and records the poll.
    assert_eq!(
        b.claim_due_feeds(lease("b", 60), 160, 10).expect("b")[0].id,
        id
    );
    assert!(
        a.claim_due_feeds(lease("a", 60), 161, 10)
            .expect("a")
            .is_empty(),
        "b's now"
    );
    b.record_poll(id, &FeedFetch::default(), &[], &[], 170)
        .expect("record");
    assert_eq!(a.next_feed_due("a").expect("next"), Some(170 + 300));
    assert!(a
        .claim_due_feeds(lease("a", 60), 469, 10)
        .expect("a")
        .is_empty());
    assert_eq!(
        a.claim_due_feeds(lease("a", 60), 470, 10).expect("a")[0].id,
        id
    );
    // A failed poll ends the lease too (and backs off).
    a.feed_failed(id, "timeout", 480, 5).expect("failed");
    assert_eq!(b.next_feed_due("b").expect("next"), Some(480 + 600));
}

fn racing_nodes_take_disjoint_posts_within_a_channels_limit(store: &TestStore) {
    // 24 posts over six channels; channel 100 has 10 of them and a limit of 3 an hour.
    let subs: Vec<Subscription> = (0..6)
        .map(|c| subscribe(store, 1, 100 + c, "nato").expect("sub"))
        .collect();
    let mut posts: Vec<NewPost> = (0..10)
        .map(|k| post_for(&subs[0], &format!("a{k}")))
        .collect();
    for (i, s) in subs.iter().enumerate().skip(1) {
        posts.extend((0..3).map(|k| post_for(s, &format!("b{i}-{k}"))));
    }
    store.queue_posts(&posts, 0).expect("queue");
    // Each node takes two at a time and sends them, until none is left.
    let taken = race(&nodes(store), |i, node| {
        let mut mine = Vec::new();
        loop {
            let d = node
                .claim_due_posts(lease(&name(i), 60), 10, 3, 2)
                .expect("claim");
            if d.due.is_empty() {
                return mine;
            }
            for row in d.due {
                node.mark_sent(row.id, None, 10).expect("sent");
                mine.push((row.id, row.channel_id));
            }
        }
    });
    let ids: Vec<Vec<i64>> = taken
        .iter()
        .map(|t| t.iter().map(|(id, _)| *id).collect())
        .collect();
    assert_eq!(assert_disjoint(&ids).len(), 3 + 5 * 3);
    let in_100 = taken.iter().flatten().filter(|(_, c)| *c == 100).count();
    assert_eq!(
        in_100, 3,
        "the channel's limit counts the other nodes' posts"
    );
}

fn an_expired_post_lease_is_taken_by_another_node_with_the_same_nonce(store: &TestStore) {
    let s = subscribe(store, 1, 100, "nato").expect("sub");
    store.queue_posts(&[post_for(&s, "k")], 0).expect("queue");
    let (a, b) = (store.reopen().expect("a"), store.reopen().expect("b"));
    let first = a
        .claim_due_posts(lease("a", 60), 10, 20, 10)
        .expect("a")
        .due;
    assert_eq!(first.len(), 1);
    assert!(b
        .claim_due_posts(lease("b", 60), 69, 20, 10)
        .expect("b")
        .due
        .is_empty());
    assert_eq!(b.next_post_due("b").expect("next"), Some(70));
    // a died after posting, before recording it: b posts again with the same nonce,
    // which Discord answers with a's message.
    let again = b
        .claim_due_posts(lease("b", 60), 70, 20, 10)
        .expect("b")
        .due;
    assert_eq!(again.len(), 1);
    assert_eq!(
        (again[0].id, &again[0].nonce),
        (first[0].id, &first[0].nonce)
    );
    b.mark_sent(again[0].id, Some(5), 71).expect("sent");
    assert!(a
        .claim_due_posts(lease("a", 60), 1000, 20, 10)
        .expect("a")
        .due
        .is_empty());
    assert!(
        matches!(
            a.mark_sent(first[0].id, Some(5), 72),
            Err(StoreError::NotFound(_))
        ),
        "a late node finds it sent"
    );
    // A retried post's lease ends with the retry: it is due at its next attempt.
    store.queue_posts(&[post_for(&s, "r")], 100).expect("queue");
    let r = a
        .claim_due_posts(lease("a", 60), 100, 20, 10)
        .expect("a")
        .due[0]
        .id;
    a.mark_retry(r, "HTTP 502", 105).expect("retry");
    assert_eq!(
        b.claim_due_posts(lease("b", 60), 105, 20, 10)
            .expect("b")
            .due[0]
            .id,
        r
    );
}

fn a_node_takes_again_at_once_what_it_held(store: &TestStore) {
    let feed = add_feeds(store, 1)[0];
    let s = subscribe(store, 1, 100, "nato").expect("sub");
    store.queue_posts(&[post_for(&s, "k")], 0).expect("queue");
    let (a, b) = (store.reopen().expect("a"), store.reopen().expect("b"));
    assert_eq!(
        a.claim_due_feeds(lease("a", 600), 10, 10).expect("a").len(),
        1
    );
    let post = a
        .claim_due_posts(lease("a", 60), 10, 20, 10)
        .expect("a")
        .due;
    assert!(b
        .claim_due_feeds(lease("b", 600), 11, 10)
        .expect("b")
        .is_empty());
    assert!(b
        .claim_due_posts(lease("b", 60), 11, 20, 10)
        .expect("b")
        .due
        .is_empty());
    // a died and starts again (its name kept in its data directory), or its poll failed
    // on its side: it takes both again at once, the post with its nonce.
    let a = store.reopen().expect("a again");
    assert_eq!(
        a.claim_due_feeds(lease("a", 600), 11, 10).expect("a")[0].id,
        feed
    );
    let again = a
        .claim_due_posts(lease("a", 60), 11, 20, 10)
        .expect("a")
        .due;
    assert_eq!(again[0].nonce, post[0].nonce);
}

fn racing_cases_get_distinct_numbers_and_none_fails(store: &TestStore) {
    const EACH: usize = 6;
    let numbers = race(&nodes(store), |i, node| {
        (0..EACH)
            .map(|k| {
                let target = format!("node {i} case {k}");
                let case = NewCase {
                    guild_id: 1,
                    actor_id: 9,
                    action: "doc hide",
                    target: Some(&target),
                    reason: None,
                    outcome: "done",
                };
                node.record_case(&case, 100).map(|c| c.case_no)
            })
            .collect::<Result<Vec<i64>>>()
            .expect("no case fails")
    });
    let mut all: Vec<i64> = numbers.into_iter().flatten().collect();
    all.sort();
    assert_eq!(all, (1..=(RACERS * EACH) as i64).collect::<Vec<_>>());
}

fn racing_subscriptions_at_the_cap_let_exactly_the_room_through(store: &TestStore) {
    const ROOM: usize = 2;
    for i in 0..MAX_SUBSCRIPTIONS_PER_GUILD - ROOM {
        subscribe(store, 1, 100, &format!("held {i}")).expect("under the cap");
    }
    for round in 0..3 {
        let results = race(&nodes(store), |i, node| {
            subscribe(node, 1, 200 + round, &format!("race {i}"))
        });
        let added = results.iter().filter(|r| r.is_ok()).count();
        assert_eq!(added, if round == 0 { ROOM } else { 0 }, "{results:?}");
        assert!(
            results
                .iter()
                .all(|r| matches!(r, Ok(_) | Err(StoreError::Limit(_)))),
            "refused by the cap, nothing else: {results:?}"
        );
    }
    // The same subscription from every node at once, with room for all: one adds it, the
    // others are told it is there.
    for sub in &store.subscriptions(Some(1)).expect("subs")[..RACERS] {
        store.unsubscribe(1, sub.id).expect("unsubscribe");
    }
    let results = race(&nodes(store), |_, node| subscribe(node, 1, 300, "same"));
    assert_eq!(
        results.iter().filter(|r| r.is_ok()).count(),
        1,
        "{results:?}"
    );
    assert!(
        results
            .iter()
            .all(|r| matches!(r, Ok(_) | Err(StoreError::Conflict(_)))),
        "{results:?}"
    );
}

fn the_id_of_a_deleted_newest_post_is_never_reused(store: &TestStore) {
    let a = subscribe(store, 1, 100, "nato").expect("a");
    let b = subscribe(store, 1, 200, "nato").expect("b");
    store.queue_posts(&[post_for(&a, "1")], 0).expect("queue");
    store.queue_posts(&[post_for(&b, "2")], 0).expect("queue");
    let gone = store.outbox(None).expect("outbox")[1].clone();
    store.unsubscribe(1, b.id).expect("unsubscribe");
    store.queue_posts(&[post_for(&a, "3")], 0).expect("queue");
    let rows = store.outbox(None).expect("outbox");
    assert!(rows[1].id > gone.id, "id {} reused", gone.id);
    assert_ne!(rows[1].nonce, gone.nonce);
}

#[test]
fn a_node_keeps_its_name_in_its_data_directory() {
    let (one, two) = (
        tempfile::tempdir().expect("one"),
        tempfile::tempdir().expect("two"),
    );
    let name = node_id(one.path());
    assert_eq!(node_id(one.path()), name, "the same after a restart");
    assert_ne!(node_id(two.path()), name, "another node, another name");
    assert_ne!(random_node_id(), random_node_id());
}
