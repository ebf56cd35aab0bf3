//! Store tests: migrations, feeds state, items, subscriptions and the outbox, each on a
//! fresh database, on SQLite and on PostgreSQL (see `super::testing`).

use super::testing::{on_both_backends, TestStore, TEST_LEASE};
use super::*;

on_both_backends!(
    migrations_apply_once_and_reopen_keeps_data,
    a_newer_schema_is_refused,
    feed_failures_back_off_then_pause_with_reason,
    items_are_found_by_guid_then_link_then_hash,
    a_statement_is_queued_once_per_subscription_even_when_matched_twice,
    retry_then_send_records_the_post,
    dropped_posts_keep_their_reason_and_are_not_retried,
    rate_limit_defers_posts_over_the_hourly_budget,
    removing_a_subscription_removes_its_pending_posts,
    a_gone_channel_pauses_its_subscriptions_and_drops_its_pending_posts,
    a_paused_channels_posts_wait_and_go_once_it_resumes,
    a_transaction_that_fails_leaves_nothing_behind,
    racing_processes_queue_a_statement_once_and_send_a_post_once,
    conversations_are_kept_per_server_channel_and_message_and_expire_after_a_day,
    a_thread_follows_its_newest_answer_else_the_answer_it_started_from,
    votes_count_once_per_member_and_demote_or_leave_out_per_server,
    the_most_down_voted_come_first_and_clear_forgets_a_servers_votes,
    documents_the_operator_hides_are_listed_until_shown_again,
);

/// `https://example.org/feed`, polled every minute, added at time 0.
fn example_feed(store: &Store) -> Feed {
    store
        .add_feed(
            NewFeed {
                url: "https://example.org/feed",
                poll_interval_secs: 60,
            },
            0,
        )
        .expect("add")
}

fn sub(store: &Store, channel: u64, kind: SubKind, value: &str) -> Subscription {
    store
        .subscribe(
            &NewSubscription {
                guild_id: 1,
                channel_id: channel,
                kind,
                value: value.to_string(),
                mention_role_id: None,
                created_by: Some(7),
            },
            1000,
        )
        .expect("subscribe")
}

/// The channels of the subscriptions new statements are matched against, by id.
pub(crate) fn active_channels(store: &Store) -> Vec<u64> {
    store
        .active_subscriptions()
        .expect("subscriptions")
        .iter()
        .map(|s| s.channel_id)
        .collect()
}

fn post(s: &Subscription, keys: &[&str]) -> NewPost {
    NewPost {
        subscription_id: s.id,
        guild_id: s.guild_id,
        channel_id: s.channel_id,
        mention_role_id: None,
        doc_id: "doc-1".to_string(),
        content: format!("post with {}", keys.join(",")),
        statement_keys: keys.iter().map(|k| k.to_string()).collect(),
    }
}

fn migrations_apply_once_and_reopen_keeps_data(first: &TestStore) {
    assert_eq!(
        first.schema_version().expect("version"),
        MIGRATIONS.len() as i64
    );
    first
        .add_feed(
            NewFeed {
                url: "https://example.org/feed",
                poll_interval_secs: 300,
            },
            10,
        )
        .expect("add");
    let store = first.reopen().expect("reopen");
    assert_eq!(store.feeds().expect("feeds").len(), 1);
    assert_eq!(
        store.schema_version().expect("version"),
        MIGRATIONS.len() as i64
    );
    assert_eq!(store.instance, first.instance, "the instance tag is kept");
    let conn = store.conn().expect("conn");
    if let Some(sqlite) = conn.sqlite() {
        let journal: String = sqlite
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .expect("journal");
        assert_eq!(journal, "wal");
        let fk: i64 = sqlite
            .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
            .expect("fk");
        assert_eq!(fk, 1);
    }
}

fn a_newer_schema_is_refused(store: &TestStore) {
    let bump = if store.is_postgres() {
        "UPDATE schema_version SET version = 99"
    } else {
        "PRAGMA user_version = 99"
    };
    store.conn().expect("conn").batch(bump).expect("set");
    match store.reopen() {
        Err(StoreError::TooNew { found: 99, .. }) => {}
        other => panic!("expected TooNew, got {:?}", other.map(|_| ())),
    }
}

fn feed_failures_back_off_then_pause_with_reason(store: &TestStore) {
    let feed = example_feed(store);
    assert!(store
        .add_feed(
            NewFeed {
                url: "https://example.org/feed",
                poll_interval_secs: 60
            },
            0
        )
        .is_err());
    let f1 = store.feed_failed(feed.id, "timeout", 100, 3).expect("fail");
    assert_eq!(f1.failures, 1);
    assert_eq!(f1.next_poll, 100 + 120);
    let f2 = store.feed_failed(feed.id, "timeout", 200, 3).expect("fail");
    assert_eq!(f2.next_poll, 200 + 240);
    assert!(!f2.paused);
    let f3 = store
        .feed_failed(feed.id, "HTTP 500", 300, 3)
        .expect("fail");
    assert!(f3.paused);
    assert!(f3
        .paused_reason
        .as_deref()
        .is_some_and(|r| r.contains("3 failures") && r.contains("HTTP 500")));
    assert!(store.due_feeds(i64::MAX).expect("due").is_empty());
    store.set_feed_paused(feed.id, None, 400).expect("resume");
    assert_eq!(store.due_feeds(400).expect("due").len(), 1);
}

fn items_are_found_by_guid_then_link_then_hash(store: &TestStore) {
    let feed = example_feed(store);
    let items = vec![
        ItemSeen {
            guid: Some("g1".into()),
            link: Some("https://e.org/1".into()),
            content_hash: "h1".into(),
            doc_id: "d1".into(),
        },
        ItemSeen {
            guid: None,
            link: Some("https://e.org/2".into()),
            content_hash: "h2".into(),
            doc_id: "d2".into(),
        },
        ItemSeen {
            guid: None,
            link: None,
            content_hash: "h3".into(),
            doc_id: "d3".into(),
        },
    ];
    store
        .record_poll(feed.id, &FeedFetch::default(), &items, &[], 5)
        .expect("record");
    let find = |guid, link, hash| {
        store
            .known_item(
                feed.id,
                &ItemKey {
                    guid,
                    link,
                    content_hash: hash,
                },
            )
            .expect("lookup")
            .map(|k| k.doc_id)
    };
    assert_eq!(find(Some("g1"), None, "x"), Some("d1".into()));
    assert_eq!(
        find(Some("new"), Some("https://e.org/2"), "x"),
        Some("d2".into())
    );
    assert_eq!(find(None, None, "h3"), Some("d3".into()));
    assert_eq!(find(Some("g9"), Some("https://e.org/9"), "h9"), None);
    assert!(store.feed(feed.id).expect("feed").polled);
}

fn a_statement_is_queued_once_per_subscription_even_when_matched_twice(store: &TestStore) {
    let a = sub(store, 100, SubKind::Person, "Mark Rutte");
    let b = sub(store, 200, SubKind::Topic, "nato");
    assert_eq!(
        store
            .queue_posts(&[post(&a, &["s1", "s2"]), post(&b, &["s1"])], 10)
            .expect("queue"),
        2
    );
    // The same statements matched again (a re-polled or edited item): nothing new.
    assert_eq!(
        store
            .queue_posts(&[post(&a, &["s1"]), post(&a, &["s2", "s1"])], 11)
            .expect("queue"),
        0
    );
    // A new statement alongside an old one: queued, once.
    assert_eq!(
        store
            .queue_posts(&[post(&a, &["s1", "s3"])], 12)
            .expect("queue"),
        1
    );
    assert_eq!(
        store
            .unclaimed(a.id, &["s3".into(), "s4".into()])
            .expect("u"),
        vec!["s4".to_string()]
    );
    let rows = store.outbox(Some(OutboxStatus::Pending)).expect("outbox");
    assert_eq!(rows.len(), 3);
    let mut nonces: Vec<&str> = rows.iter().map(|r| r.nonce.as_str()).collect();
    assert!(nonces.iter().all(|n| n.len() <= 25 && n.starts_with("ws")));
    nonces.dedup();
    assert_eq!(nonces.len(), 3);
}

fn retry_then_send_records_the_post(store: &TestStore) {
    let a = sub(store, 100, SubKind::Person, "Mark Rutte");
    store.queue_posts(&[post(&a, &["s1"])], 10).expect("queue");
    let due = store
        .claim_due_posts(TEST_LEASE, 10, 20, 10)
        .expect("due")
        .due;
    assert_eq!(due.len(), 1);
    let id = due[0].id;
    store.mark_retry(id, "HTTP 502", 70).expect("retry");
    assert!(store
        .claim_due_posts(TEST_LEASE, 20, 20, 10)
        .expect("due")
        .due
        .is_empty());
    let due = store
        .claim_due_posts(TEST_LEASE, 70, 20, 10)
        .expect("due")
        .due;
    assert_eq!(due.len(), 1);
    assert_eq!(due[0].attempts, 1);
    assert_eq!(
        due[0].nonce,
        store.outbox(None).expect("o")[0].nonce,
        "the nonce is stable"
    );
    store.mark_sent(id, Some(555), 71).expect("sent");
    assert!(store.mark_sent(id, Some(555), 72).is_err(), "sent once");
    assert_eq!(store.posted_count(Some(100)).expect("count"), 1);
    assert!(store
        .claim_due_posts(TEST_LEASE, 1000, 20, 10)
        .expect("due")
        .due
        .is_empty());
}

fn dropped_posts_keep_their_reason_and_are_not_retried(store: &TestStore) {
    let a = sub(store, 100, SubKind::Person, "Mark Rutte");
    store.queue_posts(&[post(&a, &["s1"])], 10).expect("queue");
    let id = store
        .claim_due_posts(TEST_LEASE, 10, 20, 10)
        .expect("due")
        .due[0]
        .id;
    store.mark_dropped(id, "channel gone (404)").expect("drop");
    let rows = store.outbox(Some(OutboxStatus::Dropped)).expect("o");
    assert_eq!(rows[0].last_error.as_deref(), Some("channel gone (404)"));
    assert!(store
        .claim_due_posts(TEST_LEASE, 10_000, 20, 10)
        .expect("due")
        .due
        .is_empty());
}

fn rate_limit_defers_posts_over_the_hourly_budget(store: &TestStore) {
    let a = sub(store, 100, SubKind::Person, "Mark Rutte");
    let b = sub(store, 200, SubKind::Person, "Mark Rutte");
    let posts: Vec<NewPost> = (0..5).map(|i| post(&a, &[&format!("s{i}")])).collect();
    store.queue_posts(&posts, 0).expect("queue");
    store.queue_posts(&[post(&b, &["s0"])], 0).expect("queue");
    let d = store.claim_due_posts(TEST_LEASE, 0, 2, 100).expect("due");
    assert_eq!(d.due.len(), 3, "two for channel 100, one for 200");
    assert_eq!(d.deferred, 3);
    for row in &d.due {
        store.mark_sent(row.id, None, 0).expect("sent");
    }
    // Within the hour: nothing more for channel 100.
    assert!(store
        .claim_due_posts(TEST_LEASE, 1800, 2, 100)
        .expect("due")
        .due
        .is_empty());
    // After the hour the waiting posts go, still two at a time; none was dropped.
    let d = store
        .claim_due_posts(TEST_LEASE, 3600, 2, 100)
        .expect("due");
    assert_eq!(d.due.len(), 2);
    assert!(store
        .outbox(Some(OutboxStatus::Dropped))
        .expect("o")
        .is_empty());
}

fn removing_a_subscription_removes_its_pending_posts(store: &TestStore) {
    let a = sub(store, 100, SubKind::Feed, "https://example.org/feed");
    store.queue_posts(&[post(&a, &["s1"])], 10).expect("queue");
    assert!(
        store.unsubscribe(2, a.id).is_err(),
        "another guild's subscription"
    );
    store.unsubscribe(1, a.id).expect("unsubscribe");
    assert!(store.outbox(None).expect("o").is_empty());
}

fn a_gone_channel_pauses_its_subscriptions_and_drops_its_pending_posts(store: &TestStore) {
    let gone = sub(store, 100, SubKind::Person, "Mark Rutte");
    let also_gone = sub(store, 100, SubKind::Topic, "ukraine");
    let other = sub(store, 200, SubKind::Person, "Mark Rutte");
    store
        .queue_posts(
            &[
                post(&gone, &["s1"]),
                post(&also_gone, &["s2"]),
                post(&other, &["s1"]),
            ],
            10,
        )
        .expect("queue");
    let first = store
        .claim_due_posts(TEST_LEASE, 10, 20, 10)
        .expect("due")
        .due[0]
        .id;
    store
        .mark_sent(first, None, 10)
        .expect("sent before the channel went");

    assert_eq!(
        store
            .channel_gone(100, "the channel is gone")
            .expect("gone"),
        (2, 1)
    );
    assert_eq!(active_channels(store), vec![200]);
    assert!(
        store.subscriptions(Some(1)).expect("subs")[0].paused,
        "kept, paused"
    );
    let due = store
        .claim_due_posts(TEST_LEASE, 10_000, 20, 10)
        .expect("due")
        .due;
    assert_eq!(
        due.iter().map(|r| r.channel_id).collect::<Vec<_>>(),
        vec![200]
    );
    let dropped = store.outbox(Some(OutboxStatus::Dropped)).expect("o");
    assert_eq!(dropped.len(), 1);
    assert_eq!(
        dropped[0].last_error.as_deref(),
        Some("the channel is gone")
    );
    assert_eq!(
        store.posted_count(Some(100)).expect("count"),
        1,
        "what was sent stays"
    );
    assert_eq!(store.channel_gone(100, "again").expect("gone"), (0, 0));
}

/// Several processes (each its own `Store` on the same database) queue the same statement
/// and then mark the same post sent, all at once: one queues it, one sends it; the others
/// find it done or roll back on a conflict, never a second row or a second post.
fn racing_processes_queue_a_statement_once_and_send_a_post_once(store: &TestStore) {
    use std::sync::Barrier;
    const RACERS: usize = 4;
    let a = sub(store, 100, SubKind::Person, "Mark Rutte");
    let others: Vec<Store> = (0..RACERS).map(|_| store.reopen().expect("open")).collect();
    let race = |f: &(dyn Fn(&Store) -> Result<usize> + Sync)| -> Vec<Result<usize>> {
        let start = Barrier::new(RACERS);
        std::thread::scope(|scope| {
            let racers: Vec<_> = others
                .iter()
                .map(|s| {
                    let start = &start;
                    scope.spawn(move || {
                        start.wait();
                        f(s)
                    })
                })
                .collect();
            racers
                .into_iter()
                .map(|r| r.join().expect("racer"))
                .collect()
        })
    };
    let queued = race(&|s| s.queue_posts(&[post(&a, &["s1"])], 10));
    let total: usize = queued.iter().filter_map(|r| r.as_ref().ok()).sum();
    assert_eq!(total, 1, "queued once: {queued:?}");
    assert!(
        queued
            .iter()
            .all(|r| matches!(r, Ok(_) | Err(StoreError::Conflict(_)))),
        "a loser is told of a conflict, not a raw error: {queued:?}"
    );
    let rows = store.outbox(None).expect("outbox");
    assert_eq!(rows.len(), 1);
    let id = rows[0].id;
    let sent = race(&|s| s.mark_sent(id, Some(9), 20).map(|()| 1));
    assert_eq!(
        sent.iter().filter(|r| r.is_ok()).count(),
        1,
        "sent once: {sent:?}"
    );
    assert_eq!(store.posted_count(Some(100)).expect("posted"), 1);
}

#[test]
fn a_path_with_uri_characters_is_escaped_for_a_file_uri() {
    assert_eq!(
        super::uri_path(Path::new("/data/50%?#/state.sqlite")),
        "/data/50%25%3F%23/state.sqlite"
    );
}

fn a_transaction_that_fails_leaves_nothing_behind(s: &TestStore) {
    let probes = |s: &Store| -> i64 {
        s.conn()
            .and_then(|c| {
                c.query_one(
                    "SELECT COUNT(*) FROM meta WHERE key = 'probe'",
                    args![],
                    |r| r.get(0),
                )
            })
            .expect("count")
    };
    let failed = s.in_transaction(|tx| {
        tx.execute(
            "INSERT INTO meta (key, value) VALUES ('probe', 'x')",
            args![],
        )?;
        Err::<(), _>(StoreError::Conflict("stop".to_string()))
    });
    assert!(matches!(failed, Err(StoreError::Conflict(_))));
    assert_eq!(probes(s), 0);
    s.in_transaction(|tx| {
        tx.execute(
            "INSERT INTO meta (key, value) VALUES ('probe', 'x')",
            args![],
        )?;
        Ok(())
    })
    .expect("commit");
    assert_eq!(probes(s), 1);
}

#[test]
fn an_unreachable_postgres_store_says_what_to_check_and_never_the_password() {
    let err = match Store::open_configured(
        Some("postgres://whosaid:sekrit-pw@127.0.0.1:1/whosaid?connect_timeout=5"),
        Path::new("/nonexistent"),
    ) {
        Err(e) => e.to_string(),
        Ok(_) => panic!("nothing listens on port 1"),
    };
    assert!(err.contains("whosaid@127.0.0.1:1/whosaid"), "{err}");
    assert!(err.contains("WHOSAID_STORE_URL"), "{err}");
    assert!(!err.contains("sekrit"), "{err}");
}

/// A database from before the leases (schema 2) with posts waiting: the outbox is rebuilt
/// with its rows and their claims (dropping the old table must not cascade), and new ids
/// start past every id used, including those of posts whose rows were deleted.
#[test]
fn a_version_2_sqlite_database_migrates_keeping_its_posts_and_claims() {
    let dir = tempfile::tempdir().expect("dir");
    let conn = Connection::open(dir.path().join("state.sqlite")).expect("open");
    conn.pragma_update(None, "foreign_keys", true).expect("fk");
    for (_, sql) in &MIGRATIONS[..2] {
        conn.execute_batch(sql).expect("migrate");
    }
    conn.execute_batch(
        "PRAGMA user_version = 2;
         INSERT INTO subscriptions (id, guild_id, channel_id, kind, value, created_at)
             VALUES (1, 1, 100, 'topic', 'nato', 0);
         INSERT INTO outbox (id, subscription_id, guild_id, channel_id, doc_id, content, nonce,
             next_attempt, created_at) VALUES
             (1, 1, 1, 100, 'd', 'one', 'n1', 0, 0), (2, 1, 1, 100, 'd', 'two', 'n2', 0, 0);
         INSERT INTO outbox_claims (subscription_id, statement_key, outbox_id)
             VALUES (1, 's1', 1), (1, 's2', 2);
         INSERT INTO posts (outbox_id, channel_id, doc_id, posted_at) VALUES (7, 100, 'd', 0);",
    )
    .expect("rows");
    drop(conn);
    let store = Store::open_in(dir.path()).expect("migrate");
    assert_eq!(store.schema_version().expect("v"), MIGRATIONS.len() as i64);
    assert_eq!(store.outbox(None).expect("outbox").len(), 2);
    assert_eq!(
        store.unclaimed(1, &["s1".into(), "s2".into()]).expect("u"),
        Vec::<String>::new()
    );
    let sub = &store.subscriptions(None).expect("subs")[0];
    store.queue_posts(&[post(sub, &["s3"])], 1).expect("queue");
    assert_eq!(
        store.outbox(None).expect("outbox")[2].id,
        8,
        "past the posted id 7"
    );
    store.unsubscribe(1, 1).expect("unsubscribe");
    assert!(
        store.outbox(None).expect("outbox").is_empty(),
        "still cascades"
    );
}

fn a_paused_channels_posts_wait_and_go_once_it_resumes(store: &TestStore) {
    let paused = sub(store, 100, SubKind::Person, "Mark Rutte");
    let other = sub(store, 200, SubKind::Person, "Mark Rutte");
    let pause = ChannelPause {
        guild_id: 1,
        channel_id: 100,
        reason: "the bot lacks Send Messages there".into(),
        since: 5,
    };
    assert!(store.pause_channel(&pause).expect("pause"), "new");
    let again = ChannelPause {
        reason: "the bot lacks View Channel there".into(),
        ..pause.clone()
    };
    assert!(!store.pause_channel(&again).expect("pause"), "not new");
    assert_eq!(
        store.channel_pauses(Some(1)).expect("pauses"),
        vec![again.clone()],
        "the reason brought up to date"
    );
    let subs = store.subscriptions(Some(1)).expect("subs");
    assert_eq!(
        subs[0].channel_paused.as_deref(),
        Some(again.reason.as_str())
    );
    assert_eq!(
        (subs[0].paused, subs[1].channel_paused.clone()),
        (false, None)
    );
    assert_eq!(active_channels(store), vec![100, 200], "still matched");

    store
        .queue_posts(&[post(&paused, &["s1"]), post(&other, &["s1"])], 10)
        .expect("queue");
    assert_eq!(store.paused_posts().expect("count"), 1);
    let due = store
        .claim_due_posts(TEST_LEASE, 10, 20, 10)
        .expect("due")
        .due;
    assert_eq!(
        due.iter().map(|r| r.channel_id).collect::<Vec<_>>(),
        vec![200]
    );
    store.mark_sent(due[0].id, None, 10).expect("sent");
    assert_eq!(store.next_post_due(TEST_LEASE.node).expect("next"), None);

    assert!(store.resume_channel(100).expect("resume"));
    assert!(!store.resume_channel(100).expect("resume"), "once");
    let due = store
        .claim_due_posts(TEST_LEASE, 11, 20, 10)
        .expect("due")
        .due;
    assert_eq!(
        due.iter().map(|r| r.channel_id).collect::<Vec<_>>(),
        vec![100]
    );
    assert_eq!(store.paused_posts().expect("count"), 0);
}

fn conversation(guild: u64, channel: u64, message: u64, at: i64) -> StoredConversation {
    StoredConversation {
        guild_id: guild,
        channel_id: channel,
        message_id: message,
        thread_id: None,
        asker_id: 7,
        nonce: format!("n{message}"),
        turns: format!("[\"turn of {message}\"]"),
        created_at: at,
    }
}

fn conversations_are_kept_per_server_channel_and_message_and_expire_after_a_day(store: &TestStore) {
    let c = conversation(1, 10, 100, 1_000);
    store.save_conversation(&c).expect("save");
    assert_eq!(
        store.conversation(1, 10, 100, 1_000).expect("read"),
        Some(c.clone())
    );
    // Another server, another channel: nothing.
    assert_eq!(store.conversation(2, 10, 100, 1_000).expect("read"), None);
    assert_eq!(store.conversation(1, 11, 100, 1_000).expect("read"), None);
    // Saving again replaces.
    let mut later = c.clone();
    later.turns = "[]".into();
    store.save_conversation(&later).expect("save again");
    assert_eq!(
        store.conversation(1, 10, 100, 1_001).expect("read"),
        Some(later)
    );
    // A restart keeps it.
    let reopened = store.reopen().expect("reopen");
    assert!(reopened
        .conversation(1, 10, 100, 1_002)
        .expect("read")
        .is_some());
    // A day later it is gone, and purged.
    let day_after = 1_000 + CONVERSATION_SECS;
    assert_eq!(
        store.conversation(1, 10, 100, day_after).expect("read"),
        None
    );
    store
        .save_conversation(&conversation(1, 10, 101, day_after))
        .expect("save");
    assert_eq!(store.purge_conversations(day_after).expect("purge"), 1);
    assert!(store
        .conversation(1, 10, 101, day_after)
        .expect("read")
        .is_some());
}

fn a_thread_follows_its_newest_answer_else_the_answer_it_started_from(store: &TestStore) {
    // Answer 100 in channel 10; a thread started from it has id 100.
    store
        .save_conversation(&conversation(1, 10, 100, 1_000))
        .expect("save");
    let found = |at| {
        store
            .thread_conversation(1, 100, at)
            .expect("read")
            .map(|c| c.message_id)
    };
    assert_eq!(found(1_000), Some(100));
    let mut in_thread = conversation(1, 100, 200, 1_010);
    in_thread.thread_id = Some(100);
    store.save_conversation(&in_thread).expect("save");
    assert_eq!(found(1_020), Some(200));
    // Not in another server, and a channel that is no such thread has none.
    assert_eq!(
        store.thread_conversation(2, 100, 1_020).expect("read"),
        None
    );
    assert_eq!(store.thread_conversation(1, 10, 1_020).expect("read"), None);
}

fn vote(guild: u64, key: &str, member: u64, up: bool, moderator: bool) -> Vote {
    Vote {
        guild_id: guild,
        statement_key: key.to_string(),
        member_id: member,
        up,
        moderator,
        question: "What did Rutte say?".into(),
        doc_id: "d1".into(),
        cited: format!("Rutte: {key}"),
        url: Some("https://news.example/a".into()),
        voted_at: 5,
    }
}

fn votes_count_once_per_member_and_demote_or_leave_out_per_server(store: &TestStore) {
    assert_eq!(
        store
            .record_vote(&vote(1, "s1", 5, false, false))
            .expect("vote"),
        Voted::New
    );
    assert_eq!(
        store
            .record_vote(&vote(1, "s1", 5, false, false))
            .expect("vote"),
        Voted::Same
    );
    assert_eq!(store.votes(1).expect("votes").len(), 1);
    let effects = |guild| store.feedback_effects(guild).expect("effects");
    // Members: demoted once enough more vote it down than up.
    for m in 6..(5 + MEMBER_DOWN_VOTES as u64 - 1) {
        store
            .record_vote(&vote(1, "s1", m, false, false))
            .expect("vote");
    }
    assert_eq!(effects(1), FeedbackEffects::default());
    store
        .record_vote(&vote(1, "s1", 50, false, false))
        .expect("vote");
    assert_eq!(effects(1).demoted, ["s1"]);
    assert!(effects(1).removed.is_empty());
    // A member changing their mind counts once, the other way.
    assert_eq!(
        store
            .record_vote(&vote(1, "s1", 50, true, false))
            .expect("vote"),
        Voted::Changed
    );
    assert_eq!(effects(1), FeedbackEffects::default());
    // A moderator's 👎 leaves it out at once, in that server only.
    store
        .record_vote(&vote(1, "s2", 9, false, true))
        .expect("vote");
    assert_eq!(effects(1).removed, ["s2"]);
    assert_eq!(effects(2), FeedbackEffects::default());
}

fn the_most_down_voted_come_first_and_clear_forgets_a_servers_votes(store: &TestStore) {
    store
        .record_vote(&vote(1, "a", 5, false, false))
        .expect("vote");
    store
        .record_vote(&vote(1, "b", 5, false, false))
        .expect("vote");
    store
        .record_vote(&vote(1, "b", 6, false, false))
        .expect("vote");
    store
        .record_vote(&vote(1, "c", 6, true, false))
        .expect("vote");
    store
        .record_vote(&vote(1, "d", 9, false, true))
        .expect("vote");
    store
        .record_vote(&vote(2, "x", 5, false, false))
        .expect("vote");
    let list = store.most_down_voted(1, 10).expect("list");
    let keys: Vec<&str> = list.iter().map(|t| t.statement_key.as_str()).collect();
    assert_eq!(
        keys,
        ["d", "b", "a"],
        "moderators' first, then by count; none only up"
    );
    assert_eq!(
        (list[1].down, list[1].up, list[1].moderator_down),
        (2, 0, 0)
    );
    assert_eq!(list[0].url.as_deref(), Some("https://news.example/a"));
    assert_eq!(store.clear_feedback(1).expect("clear"), 5);
    assert!(store.votes(1).expect("votes").is_empty());
    assert_eq!(
        store.votes(2).expect("votes").len(),
        1,
        "another server's stay"
    );
}

fn documents_the_operator_hides_are_listed_until_shown_again(s: &TestStore) {
    assert!(s.operator_hidden_ids().expect("none").is_empty());
    assert!(s.hide_doc_everywhere("doc-2", "Second", 20).expect("hide"));
    assert!(s.hide_doc_everywhere("doc-1", "First", 10).expect("hide"));
    assert!(
        !s.hide_doc_everywhere("doc-1", "First again", 30)
            .expect("again"),
        "hiding twice changes nothing"
    );
    let listed = s.operator_hidden().expect("list");
    assert_eq!(
        listed
            .iter()
            .map(|h| (h.doc_id.as_str(), h.title.as_str(), h.hidden_at))
            .collect::<Vec<_>>(),
        [("doc-1", "First", 10), ("doc-2", "Second", 20)]
    );
    // Another server's hiding is its own: the operator's list is not touched by it.
    s.hide_doc(
        1,
        &moderation::HiddenDoc {
            doc_id: "doc-3".into(),
            title: "Third".into(),
        },
        5,
        40,
    )
    .expect("server hide");
    assert_eq!(s.operator_hidden_ids().expect("ids"), ["doc-1", "doc-2"]);
    s.unhide_doc_everywhere("doc-1").expect("unhide");
    assert_eq!(s.operator_hidden_ids().expect("ids"), ["doc-2"]);
    let err = s.unhide_doc_everywhere("doc-1").expect_err("not hidden");
    assert!(err.to_string().contains("doc-1 is not hidden"), "{err}");
}
