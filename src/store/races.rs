//! Several nodes on one store: each racer is a `Store` of its own on the same database (as
//! a `serve` process is), started together on a barrier. On both backends: feeds taken
//! with leases go to one node each and come back when a lease expires; case numbers and
//! the per-server subscription cap hold under a race; ids (so nonces) are never reused.

use std::collections::HashSet;
use std::sync::Barrier;

use super::testing::{on_both_backends, TestStore};
use super::*;

on_both_backends!(
    racing_nodes_take_disjoint_feeds,
    an_expired_feed_lease_is_taken_by_another_node,
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
    // Each node takes one feed at a time, as the poller does, until none is left.
    let taken = race(&nodes(store), |i, node| {
        let mut mine = Vec::new();
        while let Some(feed) = node
            .claim_due_feeds(lease(&name(i), 600), 10, 1)
            .expect("claim")
            .pop()
        {
            mine.push(feed.id);
        }
        mine
    });
    assert_eq!(assert_disjoint(&taken), all, "every due feed taken once");
    // And in batches, once the leases ended.
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
        a.next_feed_due().expect("next"),
        Some(160),
        "due when it ends"
    );
    // a died mid-poll: once its lease ends, b takes the feed and records the poll.
    assert_eq!(
        b.claim_due_feeds(lease("b", 60), 160, 10).expect("b")[0].id,
        id
    );
    b.record_poll(id, &FeedFetch::default(), &[], &[], 170)
        .expect("record");
    assert_eq!(b.next_feed_due().expect("next"), Some(170 + 300));
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
    assert_eq!(b.next_feed_due().expect("next"), Some(480 + 600));
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
