//! Update posts through the outbox, as the delivery workers of one or two nodes take
//! them: each iteration queues 200 posts over 10 channels, then the nodes claim them (ten
//! at a time, under a lease) and mark each sent, until none is left. Discord is left out:
//! this is what the store can carry, in posts per second (criterion's `elem/s`).
//!
//! SQLite (a temporary data directory; two nodes are two connections to one file) and,
//! when `WHOSAID_TEST_POSTGRES_URL` is set (`scripts/pg-throwaway.sh start`), PostgreSQL
//! in a schema of its own. Run: `cargo bench --bench outbox`.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use whosaid::store::{Lease, NewPost, NewSubscription, Store, SubKind, Subscription};

const POSTS: usize = 200;
const CHANNELS: u64 = 10;

/// Subscriptions of one guild, a channel each.
fn subscriptions(store: &Store) -> Vec<Subscription> {
    (0..CHANNELS)
        .map(|c| {
            let sub = NewSubscription {
                guild_id: 1,
                channel_id: 100 + c,
                kind: SubKind::Topic,
                value: "nato".into(),
                mention_role_id: None,
                created_by: None,
            };
            store.subscribe(&sub, 0).expect("subscription")
        })
        .collect()
}

/// 200 new posts (fresh statement keys each time) over the subscriptions.
fn posts(subs: &[Subscription], round: usize) -> Vec<NewPost> {
    (0..POSTS)
        .map(|i| {
            let s = &subs[i % subs.len()];
            let key = format!("r{round}-{i}");
            NewPost {
                subscription_id: s.id,
                guild_id: s.guild_id,
                channel_id: s.channel_id,
                mention_role_id: None,
                doc_id: format!("doc-{key}"),
                content: format!("post {key}"),
                statement_keys: vec![key],
            }
        })
        .collect()
}

/// One node's delivery loop at `now`, until nothing is due.
fn drain(store: &Store, node: &str, now: i64) -> usize {
    let lease = Lease { node, secs: 60 };
    let mut sent = 0;
    loop {
        let due = store
            .claim_due_posts(lease, now, u32::MAX, 10)
            .expect("claim")
            .due;
        if due.is_empty() {
            return sent;
        }
        for row in due {
            store.mark_sent(row.id, None, now).expect("sent");
            sent += 1;
        }
    }
}

fn bench_backend(c: &mut Criterion, name: &str, nodes: Vec<Store>) {
    let subs = subscriptions(&nodes[0]);
    let round = AtomicUsize::new(0);
    let mut group = c.benchmark_group(format!("outbox/{name}"));
    group.throughput(Throughput::Elements(POSTS as u64));
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(10));
    group.bench_function(format!("{} node(s)", nodes.len()), |b| {
        b.iter(|| {
            let r = round.fetch_add(1, Ordering::Relaxed);
            // Each round in an hour of its own, as posts spread over time are: the channels'
            // hourly windows stay the size a real hour's are.
            let now = (r as i64 + 1) * 7_200;
            nodes[0].queue_posts(&posts(&subs, r), now).expect("queue");
            let sent: usize = std::thread::scope(|s| {
                let workers: Vec<_> = nodes
                    .iter()
                    .enumerate()
                    .map(|(i, store)| s.spawn(move || drain(store, &format!("node-{i}"), now)))
                    .collect();
                workers.into_iter().map(|w| w.join().expect("worker")).sum()
            });
            assert_eq!(sent, POSTS, "every post sent once");
        })
    });
    group.finish();
}

/// A fresh schema on the test server, and its URL.
fn postgres_schema(server: &str, name: &str) -> String {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        let (client, connection) = tokio_postgres::connect(server, tokio_postgres::NoTls)
            .await
            .expect("connect to WHOSAID_TEST_POSTGRES_URL");
        let task = tokio::spawn(connection);
        client
            .batch_execute(&format!(
                "DROP SCHEMA IF EXISTS {name} CASCADE; CREATE SCHEMA {name}"
            ))
            .await
            .expect("schema");
        drop(client);
        let _ = task.await;
    });
    let sep = if server.contains('?') { '&' } else { '?' };
    format!("{server}{sep}options=-c%20search_path%3D{name}")
}

fn benches(c: &mut Criterion) {
    for n in [1, 2] {
        let dir = tempfile::tempdir().expect("temp dir");
        let nodes = (0..n)
            .map(|_| Store::open_in(dir.path()).expect("sqlite"))
            .collect();
        bench_backend(c, "sqlite", nodes);
    }
    match std::env::var("WHOSAID_TEST_POSTGRES_URL") {
        Ok(server) if !server.is_empty() => {
            for n in [1, 2] {
                let url = postgres_schema(&server, &format!("bench_outbox_{n}"));
                let nodes = (0..n)
                    .map(|_| Store::open_postgres(&url).expect("postgres"))
                    .collect();
                bench_backend(c, "postgres", nodes);
            }
        }
        _ => eprintln!("skipped PostgreSQL: WHOSAID_TEST_POSTGRES_URL is not set"),
    }
}

criterion_group!(outbox, benches);
criterion_main!(outbox);
