//! Limits where input enters: each is a named constant, and going over it gives an error
//! that says the limit and what to do (or, where the input is only a window, keeps the
//! first part and says so). Limits tested elsewhere: the feed body (`feeds_http.rs`,
//! `oversized_feeds_and_failures_back_off_then_pause`), a server template's size and fuel
//! (`moderation.rs` unit test `a_broken_template_is_refused_with_its_line_and_a_good_one_is_used`)
//! and the bot's subscription cap (`subscriptions.rs`).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use url::Url;
use whosaid::corpus::{load_paths, LoadOptions, MAX_ARTICLE_BYTES, MAX_LINE_BYTES};
use whosaid::engine::EngineError;
use whosaid::feeds::parse::{parse, MAX_ITEMS};
use whosaid::feeds::AllowHosts;
use whosaid::moderation::{check_overrides, Moderation, MAX_TEMPLATE_BYTES};
use whosaid::qa::understand::MAX_QUESTION_CHARS;
use whosaid::render::Renderer;
use whosaid::store::moderation::{GuildConfig, SubscriptionConfig, MAX_PAGE};
use whosaid::store::{
    NewCase, NewSubscription, Store, StoreError, SubKind, MAX_SUBSCRIPTIONS_PER_GUILD,
};

use crate::support::engine;
use crate::support::local::write_file;

fn load(path: PathBuf) -> Vec<Result<String, String>> {
    load_paths(&[path], &LoadOptions::default())
        .map(|r| r.map(|d| d.text).map_err(|e| e.to_string()))
        .collect()
}

#[test]
fn an_article_file_over_the_size_limit_is_refused_and_told_to_split() {
    let dir = tempfile::tempdir().expect("dir");
    let big = write_file(dir.path(), "big.txt", &vec![b'a'; MAX_ARTICLE_BYTES + 1]);
    let items = load(big);
    let err = items[0].as_ref().expect_err("refused");
    assert!(err.contains("big.txt"), "{err}");
    assert!(
        err.contains(&format!(
            "articles over {MAX_ARTICLE_BYTES} bytes are refused"
        )),
        "{err}"
    );
    assert!(err.contains("split it"), "{err}");
}

#[test]
fn a_json_lines_article_over_the_size_limit_is_refused_and_the_next_one_read() {
    let dir = tempfile::tempdir().expect("dir");
    let text = "a".repeat(MAX_ARTICLE_BYTES + 1);
    let content = format!("{{\"text\":\"{text}\"}}\n{{\"text\":\"Small.\"}}\n");
    let items = load(write_file(dir.path(), "a.jsonl", content.as_bytes()));
    let err = items[0].as_ref().expect_err("refused");
    assert!(
        err.contains("a.jsonl:1:") && err.contains("split it"),
        "{err}"
    );
    assert_eq!(items[1].as_deref(), Ok("Small."));
}

#[test]
fn an_over_long_line_is_reported_with_its_number_and_the_next_line_read() {
    let dir = tempfile::tempdir().expect("dir");
    let mut content = vec![b'x'; MAX_LINE_BYTES + 10];
    content.extend_from_slice(b"\n{\"text\":\"After.\"}\n");
    let items = load(write_file(dir.path(), "long.jsonl", &content));
    assert_eq!(items.len(), 2, "{items:?}");
    let err = items[0].as_ref().expect_err("refused");
    assert!(
        err.contains("long.jsonl:1: line is longer than") && err.contains("one article per line"),
        "{err}"
    );
    assert_eq!(items[1].as_deref(), Ok("After."));
}

#[test]
fn a_feed_over_the_item_limit_keeps_the_first_items_and_says_so() {
    let items: String = (0..MAX_ITEMS + 3)
        .map(|i| format!("<item><guid>g{i}</guid><title>Item {i}</title></item>"))
        .collect();
    let body = format!("<rss version=\"2.0\"><channel><title>T</title>{items}</channel></rss>");
    let base = Url::parse("https://example.org/rss").expect("url");
    let feed = parse(body.as_bytes(), None, &base).expect("parsed");
    assert_eq!(feed.items.len(), MAX_ITEMS);
    assert_eq!(feed.items[0].title.as_deref(), Some("Item 0"));
    assert!(
        feed.skipped
            .iter()
            .any(|s| s.contains(&format!("after the first {MAX_ITEMS}"))),
        "{:?}",
        feed.skipped
    );
}

#[test]
fn a_question_over_the_limit_is_refused_in_characters_with_the_limit() {
    let dir = tempfile::tempdir().expect("dir");
    let engine = engine::open(dir.path());
    assert!(engine.ask(&"x".repeat(MAX_QUESTION_CHARS)).is_ok());
    // As many characters as Discord's max_length lets through, in 2-byte letters: answered.
    assert!(engine.ask(&"é".repeat(MAX_QUESTION_CHARS)).is_ok());
    // One character over, in 4-byte emoji: refused, counting characters.
    let emoji = "🙂".repeat(MAX_QUESTION_CHARS + 1);
    let err = engine.ask(&emoji).expect_err("too long");
    assert!(matches!(err, EngineError::QuestionTooLong(n) if n == MAX_QUESTION_CHARS + 1));
    let text = err.to_string();
    assert!(
        text.contains(&format!("keep it under {MAX_QUESTION_CHARS} characters")),
        "{text}"
    );
}

#[test]
fn a_server_template_over_the_size_limit_is_refused_with_the_limit() {
    let renderer = Renderer::new(None).expect("renderer");
    let long = "x".repeat(MAX_TEMPLATE_BYTES + 1);
    let err = check_overrides(&renderer, &[("who_said.j2".to_string(), long)])
        .expect_err("too long")
        .to_string();
    assert!(
        err.contains(&format!("keep it under {MAX_TEMPLATE_BYTES}")),
        "{err}"
    );
}

#[test]
fn a_runaway_server_template_runs_out_of_fuel_instead_of_hanging() {
    let renderer = Renderer::new(None).expect("renderer");
    let runaway =
        "{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}";
    let err = check_overrides(&renderer, &[("who_said.j2".to_string(), runaway.into())])
        .expect_err("refused")
        .to_string();
    assert!(
        err.contains("who_said.j2") && err.contains("too much work") && err.contains("fewer"),
        "{err}"
    );
}

fn topic(guild_id: u64, i: usize) -> NewSubscription {
    NewSubscription {
        guild_id,
        channel_id: guild_id * 100,
        kind: SubKind::Topic,
        value: format!("topic {i}"),
        mention_role_id: None,
        created_by: None,
    }
}

#[test]
fn a_server_cannot_hold_more_subscriptions_than_the_limit() {
    let dir = tempfile::tempdir().expect("dir");
    let store = Store::open_in(dir.path()).expect("store");
    for i in 0..MAX_SUBSCRIPTIONS_PER_GUILD {
        store.subscribe(&topic(1, i), 0).expect("under the limit");
    }
    let err = store
        .subscribe(&topic(1, MAX_SUBSCRIPTIONS_PER_GUILD), 0)
        .expect_err("over the limit");
    assert!(matches!(err, StoreError::Limit(_)), "{err:?}");
    let text = err.to_string();
    assert!(
        text.contains(&format!("at most {MAX_SUBSCRIPTIONS_PER_GUILD}")) && text.contains("remove"),
        "{text}"
    );
    store
        .subscribe(&topic(2, 0), 0)
        .expect("another server is not affected");
}

fn moderation(dir: &Path) -> Moderation {
    let store = Store::open_in(dir).expect("store");
    Moderation::new(
        Arc::new(store),
        Arc::new(engine::open(dir)),
        AllowHosts::default(),
        300,
    )
}

fn config_with(n: usize) -> GuildConfig {
    GuildConfig {
        subscriptions: (0..n)
            .map(|i| SubscriptionConfig {
                channel_id: 20,
                kind: SubKind::Topic,
                value: format!("imported {i}"),
                mention_role_id: None,
                created_by: None,
                paused: false,
            })
            .collect(),
        ..GuildConfig::default()
    }
}

#[test]
fn an_import_cannot_take_a_server_over_the_subscription_limit() {
    let dir = tempfile::tempdir().expect("dir");
    let m = moderation(dir.path());
    let file = |config: &GuildConfig| {
        serde_json::json!({"format": "whosaid-server-config", "version": 1, "config": config})
            .to_string()
    };
    let err = m
        .parse_import(file(&config_with(MAX_SUBSCRIPTIONS_PER_GUILD + 1)).as_bytes())
        .expect_err("too many in the file")
        .to_string();
    assert!(
        err.contains(&format!("at most {MAX_SUBSCRIPTIONS_PER_GUILD}")),
        "{err}"
    );

    // Within the limit alone, over it with what the server already has: nothing changes.
    for i in 0..10 {
        m.store().subscribe(&topic(1, i), 0).expect("own");
    }
    let config = m
        .parse_import(file(&config_with(MAX_SUBSCRIPTIONS_PER_GUILD - 5)).as_bytes())
        .expect("a valid file");
    let err = m
        .import(1, &config, 7)
        .expect_err("over with the server's own");
    assert!(err.to_string().contains("would have"), "{err}");
    assert_eq!(m.store().subscriptions(Some(1)).expect("subs").len(), 10);
}

#[test]
fn an_audit_log_page_holds_at_most_the_page_limit() {
    let dir = tempfile::tempdir().expect("dir");
    let store = Store::open_in(dir.path()).expect("store");
    let over = MAX_PAGE as usize + 5;
    for _ in 0..over {
        let case = NewCase {
            guild_id: 1,
            actor_id: 2,
            action: "block",
            target: None,
            reason: None,
            outcome: "done",
        };
        store.record_case(&case, 0).expect("case");
    }
    let (page, total) = store.cases(1, None, None, 1, 10_000).expect("page");
    assert_eq!((page.len(), total), (MAX_PAGE as usize, over as i64));
    let (last, _) = store.cases(1, None, None, 2, 10_000).expect("page 2");
    assert_eq!(last.len(), 5);
}
