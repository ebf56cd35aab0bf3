//! Starting the real bot in-process against a fresh fake Discord and a fresh data
//! directory (the sample corpus, plus any articles the test adds), and stopping it cleanly.

use std::sync::Arc;
use std::time::Duration;

use secrecy::SecretString;
use serde_json::Value;
use tokio::sync::oneshot;
use whosaid::bot::{self, BotError, Settings};
use whosaid::config::{DiscordConfig, ShardRange};
use whosaid::corpus::{DocId, Document};
use whosaid::store::Store;

use super::engine;
use super::fake_discord::fixtures::{self, APP_ID, GUILD_ID};
use super::fake_discord::{Created, FakeDiscord, Recorded};

/// A token shaped like Discord's (the fake only compares it).
pub const TOKEN: &str = "MTEwMDAwMDAwMDAwMDAwMDAwMQ.GfakeT.fake-token-for-tests-only_0123456789";

/// How long a test waits for the bot before failing.
pub const DEADLINE: Duration = Duration::from_secs(30);

/// How to start the bot under test: no cooldown, the sample corpus only, by default.
#[derive(Default)]
pub struct Options {
    pub ask_cooldown_secs: u64,
    /// Articles indexed besides the sample corpus.
    pub articles: Vec<Document>,
    /// The gateway heartbeat interval; Discord's (41.25 s) when `None`.
    pub heartbeat_ms: Option<u64>,
    /// Register the commands globally rather than in the test guild.
    pub global_commands: bool,
    /// Subscriptions, and the feed poller and delivery worker when `service` is set.
    pub feeds: Option<bot::feeds::FeedSettings>,
    /// Use this data directory (kept after the bot stops) instead of a fresh one.
    pub data_dir: Option<std::path::PathBuf>,
    /// Hosts `/mod feed` may reach despite the address policy (`[feeds] allow_hosts`).
    pub feed_allow_hosts: Vec<String>,
    /// Connect to this fake Discord (another node's) instead of a fresh one.
    pub fake: Option<Arc<FakeDiscord>>,
    /// Run these gateway shards (`[discord] shards`, `shard_count`); every recommended
    /// shard when `None`.
    pub shards: Option<(ShardRange, u32)>,
    /// Serve `/metrics`, `/healthz` and `/readyz` on a free port of 127.0.0.1.
    pub metrics: bool,
    /// `[store] url`: a PostgreSQL store (and its article log) instead of SQLite.
    pub store_url: Option<String>,
    /// `[web] base_url`: answers link to person pages on the statement explorer.
    pub web_base: Option<String>,
}

/// A running bot, its fake Discord and its data directory.
pub struct TestBot {
    pub fake: Arc<FakeDiscord>,
    /// The fresh data directory, when the test gave none.
    _temp_dir: Option<tempfile::TempDir>,
    data_dir: std::path::PathBuf,
    stop: Option<oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<Result<(), BotError>>,
    /// Where `/metrics` is served, when asked for.
    pub metrics_addr: Option<std::net::SocketAddr>,
    next: u64,
}

/// An article for a test.
pub fn article(title: &str, published: &str, text: &str) -> Document {
    Document {
        id: DocId::derive(Some("test"), None, text),
        source: Some("test".to_string()),
        title: Some(title.to_string()),
        url: Some(format!(
            "https://news.example/{}",
            title.to_lowercase().replace(' ', "-")
        )),
        published: chrono::NaiveDate::parse_from_str(published, "%Y-%m-%d").ok(),
        text: text.to_string(),
    }
}

impl TestBot {
    /// Start a fake Discord and the bot, and wait until the bot has registered its commands
    /// (it is then connected, READY and set up).
    pub async fn start(options: Options) -> TestBot {
        let fake = match (options.fake, options.heartbeat_ms) {
            (Some(fake), _) => fake,
            (None, Some(ms)) => Arc::new(FakeDiscord::start_with(TOKEN, ms).await),
            (None, None) => Arc::new(FakeDiscord::start(TOKEN).await),
        };
        let (temp_dir, dir) = match options.data_dir {
            Some(dir) => (None, dir),
            None => match tempfile::tempdir() {
                Ok(d) => {
                    let path = d.path().to_path_buf();
                    (Some(d), path)
                }
                Err(e) => panic!("no temp dir: {e}"),
            },
        };
        let data_dir = dir.clone();
        let articles = options.articles;
        let engine =
            match tokio::task::spawn_blocking(move || engine::with_sample(&dir, articles)).await {
                Ok(e) => e,
                Err(e) => panic!("engine set-up panicked: {e}"),
            };
        let config = DiscordConfig {
            token: Some(SecretString::from(TOKEN.to_string())),
            api_base: Some(fake.base_url()),
            guild_id: (!options.global_commands).then_some(GUILD_ID),
            ask_cooldown_secs: options.ask_cooldown_secs,
            answer_mentions: true,
            shards: options.shards.map(|(range, _)| range),
            shard_count: options.shards.map(|(_, count)| count),
        };
        let mut settings = match Settings::from_config(&config) {
            Ok(s) => s,
            Err(e) => panic!("settings: {e}"),
        };
        if let Some(feeds) = options.feeds {
            settings.feeds = feeds;
        }
        settings.store_url = options.store_url.map(SecretString::from);
        settings.web_base = options
            .web_base
            .map(|b| b.parse().unwrap_or_else(|e| panic!("web_base: {e}")));
        if !options.feed_allow_hosts.is_empty() {
            settings.feeds.allow_hosts = whosaid::feeds::AllowHosts::new(&options.feed_allow_hosts);
        }
        let mut metrics_addr = None;
        if options.metrics {
            let listener = std::net::TcpListener::bind("127.0.0.1:0")
                .unwrap_or_else(|e| panic!("cannot bind 127.0.0.1:0: {e}"));
            metrics_addr = listener.local_addr().ok();
            settings.metrics_listener = Some(listener);
        }
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(bot::run(settings, Arc::new(engine), async move {
            let _ = stopped.await;
        }));
        let bot = TestBot {
            fake,
            _temp_dir: temp_dir,
            data_dir,
            stop: Some(stop),
            task,
            metrics_addr,
            next: 0,
        };
        match options.shards {
            // Only the node running shard 0 registers commands: wait for this node's first
            // shard instead.
            Some((range, _)) if range.first > 0 => {
                let what = format!("shard {} to identify", range.first);
                bot.fake
                    .wait_until(&what, DEADLINE, |f| {
                        f.identified().iter().any(|s| s[0] == range.first)
                    })
                    .await
            }
            _ => {
                bot.fake
                    .wait_for("command registration", DEADLINE, |rs| {
                        rs.iter()
                            .any(|r| r.method == "PUT" && r.path.ends_with("/commands"))
                    })
                    .await;
            }
        }
        bot
    }

    /// The bot's data directory (index and state database).
    pub fn data_dir(&self) -> &std::path::Path {
        &self.data_dir
    }

    /// The bot's state database, opened beside the bot as the operator's commands open it.
    pub fn store(&self) -> Store {
        Store::open_in(&self.data_dir).unwrap_or_else(|e| panic!("the bot's state database: {e}"))
    }

    /// Push an interaction for `/name` with nested options from member `n` holding
    /// `roles` with `permissions`; returns the interaction token.
    pub fn command(
        &mut self,
        n: u64,
        permissions: u64,
        roles: &[u64],
        name: &str,
        options: Value,
        resolved: Value,
    ) -> String {
        self.interaction(|id, token| {
            fixtures::command_interaction(id, token, n, permissions, roles, name, options, resolved)
        })
    }

    /// Push the interaction `event(id, token)` builds from a fresh id and token; returns the
    /// token.
    pub fn interaction(&mut self, event: impl FnOnce(u64, &str) -> Value) -> String {
        let id = self.next_id();
        let token = format!("itoken-{id}");
        self.fake.push("INTERACTION_CREATE", event(id, &token));
        token
    }

    /// Wait until interaction `token` got a message (an immediate response, a followup or
    /// an edit of the deferred response); returns the requests made for it.
    pub async fn reply_to(&self, token: &str) -> Vec<Recorded> {
        let requests = self
            .fake
            .wait_for(&format!("a reply to interaction {token}"), DEADLINE, |rs| {
                rs.iter()
                    .any(|r| r.path.contains(&format!("/{token}")) && r.message().is_some())
            })
            .await;
        requests
            .into_iter()
            .filter(|r| r.path.contains(&format!("/{token}")))
            .collect()
    }

    /// A fresh snowflake-like id for events.
    pub fn next_id(&mut self) -> u64 {
        self.next += 1;
        1_700_000_000_000_000_000 + self.next
    }

    /// Push `/name options…` from member `n`; returns the interaction token.
    pub fn slash(&mut self, n: u64, name: &str, options: &[(&str, &str)]) -> String {
        self.interaction(|id, token| fixtures::slash_command(id, token, n, name, options))
    }

    /// Push `/name` with typed options from member `n` holding `permissions`; returns the
    /// interaction token.
    pub fn slash_as(
        &mut self,
        n: u64,
        permissions: u64,
        name: &str,
        options: &[fixtures::Arg<'_>],
    ) -> String {
        self.interaction(|id, token| {
            fixtures::slash_command_as(id, token, n, permissions, name, options)
        })
    }

    /// Push a message from member `n`; returns its id.
    pub fn message(&mut self, n: u64, content: &str, mention_bot: bool) -> u64 {
        let id = self.next_id();
        self.fake.push(
            "MESSAGE_CREATE",
            fixtures::message_create(id, n, content, mention_bot),
        );
        id
    }

    /// The message the answer to interaction `token` ends with (its last page, where its
    /// buttons are), once answered in full.
    pub async fn answer_message(&self, token: &str) -> Created {
        self.answer_to(token).await;
        self.fake
            .created()
            .into_iter()
            .rev()
            .find(|c| c.path.contains(&format!("/{token}")))
            .unwrap_or_else(|| panic!("no message made for interaction {token}"))
    }

    /// Push a reply from member `n` to `to` (one of the bot's messages); returns its id.
    pub fn reply(&mut self, n: u64, content: &str, to: &Created) -> u64 {
        let id = self.next_id();
        let mut replied = to.message();
        replied["author"] = fixtures::bot_user();
        self.fake.push(
            "MESSAGE_CREATE",
            fixtures::reply_create(id, n, content, &replied, false),
        );
        id
    }

    /// Wait for the bot's answer to message `message_id` (its first page replies to it);
    /// returns the message made.
    pub async fn reply_message(&self, message_id: u64) -> Created {
        let wanted = message_id.to_string();
        let replies_to = |c: &Created| {
            c.body
                .pointer("/message_reference/message_id")
                .and_then(Value::as_str)
                == Some(wanted.as_str())
        };
        self.fake
            .wait_until(&format!("a reply to message {message_id}"), DEADLINE, |f| {
                f.created().iter().any(replies_to)
            })
            .await;
        self.fake
            .created()
            .into_iter()
            .find(replies_to)
            .unwrap_or_else(|| panic!("no reply to {message_id}"))
    }

    /// Push a click by member `n` holding `permissions` on button `custom_id` of `on`;
    /// returns the interaction token.
    pub fn click(&mut self, n: u64, permissions: u64, custom_id: &str, on: &Value) -> String {
        self.interaction(|id, token| {
            fixtures::button_click(id, token, n, permissions, custom_id, on)
        })
    }

    /// Wait until the interaction with `token` is answered in full (the deferred response
    /// edited and, when the footer says "page 1/N", the N-1 followups sent; or an immediate
    /// message); returns every request made for it.
    pub async fn answer_to(&self, token: &str) -> Vec<Recorded> {
        let requests = self
            .fake
            .wait_for(
                &format!("the answer to interaction {token}"),
                DEADLINE,
                |rs| answered(rs, token),
            )
            .await;
        requests
            .into_iter()
            .filter(|r| r.path.contains(&format!("/{token}")))
            .collect()
    }

    /// Shut the bot down as SIGTERM would, check it stopped cleanly and that Discord would
    /// have accepted everything it sent; returns the fake for a last look.
    pub async fn stop(mut self) -> Arc<FakeDiscord> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        match tokio::time::timeout(DEADLINE, &mut self.task).await {
            Ok(Ok(Ok(()))) => {}
            Ok(Ok(Err(e))) => panic!("the bot stopped with an error: {e}"),
            Ok(Err(e)) => panic!("the bot task failed: {e}"),
            Err(_) => panic!("the bot did not stop within {DEADLINE:?}"),
        }
        self.fake.assert_no_violations();
        self.fake.assert_nothing_pings();
        self.fake
    }
}

/// The embeds' text of the messages among `requests` (descriptions and titles).
pub fn embed_text(requests: &[Recorded]) -> String {
    let mut out = String::new();
    for r in requests {
        if let Some(m) = r.message() {
            for e in m
                .get("embeds")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                for key in ["title", "description"] {
                    if let Some(t) = e.get(key).and_then(Value::as_str) {
                        out.push_str(t);
                        out.push('\n');
                    }
                }
                if let Some(t) = e.pointer("/footer/text").and_then(Value::as_str) {
                    out.push_str(t);
                    out.push('\n');
                }
            }
            if let Some(c) = m.get("content").and_then(Value::as_str) {
                out.push_str(c);
                out.push('\n');
            }
        }
    }
    out
}

/// Pages an answer announced: N in "page 1/N" of its first embed's footer, else 1.
pub fn pages_announced(message: &Value) -> usize {
    let footer = message
        .pointer("/embeds/0/footer/text")
        .and_then(Value::as_str)
        .unwrap_or_default();
    footer
        .split("page 1/")
        .nth(1)
        .and_then(|rest| rest.split(|c: char| !c.is_ascii_digit()).next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(1)
}

/// True once interaction `token` has its whole answer among `requests`.
fn answered(requests: &[Recorded], token: &str) -> bool {
    let edit = format!("/webhooks/{APP_ID}/{token}/messages/@original");
    let followups = format!("/webhooks/{APP_ID}/{token}");
    let immediate = requests.iter().any(|r| {
        r.path.ends_with(&format!("/{token}/callback"))
            && r.body
                .as_ref()
                .and_then(|b| b.get("type"))
                .and_then(Value::as_u64)
                == Some(4)
    });
    if immediate {
        return true;
    }
    let Some(first) = requests
        .iter()
        .find(|r| r.method == "PATCH" && r.path == edit)
        .and_then(|r| r.body.as_ref())
    else {
        // A refusal after deferring: the "thinking" message deleted, an ephemeral followup.
        return requests
            .iter()
            .any(|r| r.method == "POST" && r.path == followups)
            && requests
                .iter()
                .any(|r| r.method == "DELETE" && r.path == edit);
    };
    let sent = requests
        .iter()
        .filter(|r| r.method == "POST" && r.path == followups)
        .count();
    sent + 1 >= pages_announced(first)
}
