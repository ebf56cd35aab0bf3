//! A fake Discord on 127.0.0.1 for end-to-end tests: one axum server that speaks the
//! gateway over `ws://` (HELLO, IDENTIFY with a token check, READY, GUILD_CREATE, heartbeat
//! ACKs, RESUME, RECONNECT, close 4004 on a bad token, and the events a test pushes) and
//! answers the REST routes the bot uses, recording every request and checking each body
//! against Discord's OpenAPI schema and message limits. See `../shared/docs/fake-discord.md`.
//!
//! Channel messages are kept as Discord keeps them ([`FakeDiscord::posts`]): a message
//! with `enforce_nonce` and a nonce already used in that channel returns the first message
//! and creates none, as Discord documents. A channel can be made to fail (404, 403, …),
//! and message responses can be delayed (Discord has the message, the bot does not know yet).
//!
//! Faults on demand: [`FakeDiscord::drop_connection`] closes the gateway's TCP connection
//! without a close frame (a network cut); [`FakeDiscord::fail_next_posts`] answers the next
//! channel messages with 500 or with 429 and its wait (`retry_after` in the JSON body and
//! the `Retry-After` header, as Discord does), creating nothing. Every request and every
//! dispatched interaction carries the time it happened, for latency figures.
//!
//! Tests wait on what the fake observed ([`FakeDiscord::wait_for`]), never on fixed sleeps.

pub mod fixtures;
pub mod schema;
pub mod upload;

use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::ws::{CloseFrame, Message as WsMessage, WebSocket, WebSocketUpgrade};
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Value};
use tokio::sync::Notify;

use fixtures::{APP_ID, CHANNEL_ID};

/// The close code Discord uses for a rejected token.
pub const CLOSE_AUTHENTICATION_FAILED: u16 = 4004;

/// One REST request the bot made.
#[derive(Clone, Debug)]
pub struct Recorded {
    pub method: String,
    /// The path after `/api/v10`, without the query.
    pub path: String,
    pub body: Option<Value>,
    /// Files uploaded with a multipart request.
    pub files: Vec<Upload>,
    /// When the fake received it.
    pub at: Instant,
}

impl Recorded {
    /// True for `method` on a path starting with `prefix` and ending with `suffix`.
    pub fn is(&self, method: &str, prefix: &str, suffix: &str) -> bool {
        self.method == method && self.path.starts_with(prefix) && self.path.ends_with(suffix)
    }

    /// The message this request carries, if it carries one: a channel message, an
    /// interaction response's `data`, a followup, or an edit of one.
    pub fn message(&self) -> Option<&Value> {
        let body = self.body.as_ref()?;
        let m = self.method.as_str();
        if self.path.ends_with("/callback") {
            return matches!(body.get("type").and_then(Value::as_u64), Some(4 | 7))
                .then(|| body.get("data"))
                .flatten();
        }
        let carries = (m == "POST"
            && self.path.starts_with("/channels/")
            && self.path.ends_with("/messages"))
            || (m == "PATCH"
                && self.path.starts_with("/channels/")
                && self.path.contains("/messages/"))
            || (m == "POST" && self.path.starts_with("/webhooks/"))
            || (m == "PATCH"
                && self.path.starts_with("/webhooks/")
                && self.path.contains("/messages/"));
        carries.then_some(body)
    }
}

/// A message the fake created in a channel (a repeat with an enforced nonce is not one).
#[derive(Clone, Debug)]
pub struct Posted {
    pub channel_id: u64,
    /// The request body that created it.
    pub body: Value,
}

impl Posted {
    pub fn content(&self) -> &str {
        self.body
            .get("content")
            .and_then(Value::as_str)
            .unwrap_or_default()
    }

    pub fn nonce(&self) -> Option<String> {
        nonce_of(&self.body)
    }
}

/// A message the bot made, in a channel or as an interaction's response or followup, with
/// the id the fake gave it (what a reply to it, or a click on its buttons, names).
#[derive(Clone, Debug)]
pub struct Created {
    pub id: u64,
    pub channel_id: u64,
    /// The request path that made it (an interaction's token is in it).
    pub path: String,
    /// The request body that made it.
    pub body: Value,
}

impl Created {
    /// The `custom_id`s of the buttons it carries, in order.
    pub fn custom_ids(&self) -> Vec<String> {
        self.body
            .get("components")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .flat_map(|row| {
                row.get("components")
                    .and_then(Value::as_array)
                    .cloned()
                    .unwrap_or_default()
            })
            .filter_map(|b| {
                b.get("custom_id")
                    .and_then(Value::as_str)
                    .map(str::to_string)
            })
            .collect()
    }

    /// The Message Discord would deliver for it (in a click or a reply).
    pub fn message(&self) -> Value {
        let mut m = fixtures::message_from_request(self.id, self.channel_id, &self.body);
        if let Some(c) = self.body.get("components") {
            m["components"] = c.clone();
        }
        m
    }
}

/// A nonce as sent: a string or an integer.
fn nonce_of(body: &Value) -> Option<String> {
    match body.get("nonce")? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Something the test asks the gateway session to send.
#[derive(Clone, Debug)]
enum Outgoing {
    Dispatch {
        t: String,
        d: Value,
    },
    Reconnect,
    /// Close the TCP connection without a close frame.
    Drop,
}

impl Outgoing {
    fn guild_event(guild_create: &Value) -> Outgoing {
        Outgoing::Dispatch {
            t: "GUILD_CREATE".to_string(),
            d: guild_create.clone(),
        }
    }

    /// The shard this goes to among `num_shards`: a guild's events to the guild's shard,
    /// anything else (direct messages, RECONNECT, a cut) to shard 0.
    fn shard(&self, num_shards: u32) -> u32 {
        let Outgoing::Dispatch { t, d } = self else {
            return 0;
        };
        let guild = if t.starts_with("GUILD_") && !t.starts_with("GUILD_MEMBER") {
            d.get("id").or_else(|| d.get("guild_id"))
        } else {
            d.get("guild_id")
        };
        guild
            .and_then(Value::as_str)
            .and_then(|g| g.parse::<u64>().ok())
            .map_or(0, |g| shard_of(g, num_shards))
    }
}

/// How the fake answers a channel message instead of creating it.
#[derive(Clone, Copy, Debug)]
pub enum PostFault {
    /// 500 Internal Server Error.
    ServerError,
    /// 429 with this wait in seconds (body `retry_after`, header `Retry-After` rounded up).
    RateLimited { retry_after: f64 },
}

/// One shard's gateway session.
struct ShardSession {
    session_id: String,
    num_shards: u32,
    /// The last sequence number sent.
    seq: u64,
    /// The connection that may send this shard's events.
    generation: u64,
}

/// Discord's window for `max_concurrency` identifies. serenity spaces its own identifies
/// 5 s apart measured from a little earlier, so the fake allows a second of slack: it
/// catches nodes identifying together, not clock jitter.
const IDENTIFY_WINDOW: Duration = Duration::from_secs(4);

/// The shard that receives a guild's events (Discord's formula).
pub fn shard_of(guild_id: u64, num_shards: u32) -> u32 {
    ((guild_id >> 22) % u64::from(num_shards.max(1))) as u32
}

#[derive(Default)]
struct Inner {
    requests: Vec<Recorded>,
    violations: Vec<String>,
    identifies: u32,
    /// The intents of the last IDENTIFY.
    intents: Option<u64>,
    resumes: u32,
    heartbeats: u32,
    rejected_tokens: u32,
    /// Each shard's session: the newest authenticated connection of that shard.
    sessions: HashMap<u32, ShardSession>,
    /// Connections authenticated so far (numbers each one).
    generation: u64,
    /// `[shard_id, num_shards]` of each IDENTIFY, in order.
    identified: Vec<[u32; 2]>,
    /// When each identify bucket (`shard_id % max_concurrency`) last identified.
    last_identify: HashMap<u32, Instant>,
    /// IDENTIFYs refused for coming faster than `max_concurrency` allows.
    refused_identifies: u32,
    /// What `GET /gateway/bot` recommends: shards, and identifies per 5 seconds.
    recommended_shards: u32,
    max_concurrency: u32,
    /// GUILD_CREATE payloads of guilds besides the test guild.
    other_guilds: Vec<Value>,
    /// The test guild's GUILD_CREATE when not [`fixtures::guild_create`].
    test_guild: Option<Value>,
    pending: VecDeque<Outgoing>,
    next_id: u64,
    /// Messages created in channels, in order.
    posts: Vec<Posted>,
    /// Every message the bot made (channel posts, interaction responses, followups).
    created: Vec<Created>,
    /// (channel, nonce) → the message it created.
    by_nonce: HashMap<(u64, String), Value>,
    /// Channels whose messages fail with this status.
    failing: HashMap<u64, u16>,
    /// How the next channel messages fail, in order.
    post_faults: VecDeque<PostFault>,
    /// When each interaction (by token) was sent to the bot.
    dispatched: HashMap<String, Instant>,
    /// Gateway connections cut by [`FakeDiscord::drop_connection`].
    drops: u32,
    /// Interaction callbacks still to answer with 500.
    failing_callbacks: u32,
    /// Files served at `/attachments/{id}/{name}`: uploaded by the bot or hosted by a test.
    attachments: Vec<(u64, String, Vec<u8>)>,
}

struct Shared {
    token: String,
    heartbeat_ms: u64,
    /// Milliseconds the fake waits before answering an interaction callback.
    callback_delay_ms: AtomicU64,
    /// Milliseconds the fake waits, after creating a channel message, before answering.
    message_delay_ms: AtomicU64,
    /// Gateway connections refused, as during an outage.
    gateway_down: AtomicBool,
    /// READY lists no guild and no GUILD_CREATE follows: the bot was invited nowhere yet.
    in_no_guild: AtomicBool,
    addr: SocketAddr,
    schemas: Option<Arc<schema::Schemas>>,
    inner: Mutex<Inner>,
    wake: Notify,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn next_id(&self) -> u64 {
        let mut inner = self.lock();
        inner.next_id += 1;
        1_600_000_000_000_000_000 + inner.next_id
    }
}

/// A running fake Discord. Dropping it stops the server.
pub struct FakeDiscord {
    shared: Arc<Shared>,
    server: tokio::task::JoinHandle<()>,
}

impl Drop for FakeDiscord {
    fn drop(&mut self) {
        self.server.abort();
    }
}

impl FakeDiscord {
    /// Start a fake that accepts `token` (without the `Bot ` prefix), with Discord's
    /// heartbeat interval (41.25 s: a short test never sees a heartbeat).
    pub async fn start(token: &str) -> FakeDiscord {
        FakeDiscord::start_with(token, 41_250).await
    }

    /// Start a fake asking for a heartbeat every `heartbeat_ms` milliseconds.
    pub async fn start_with(token: &str, heartbeat_ms: u64) -> FakeDiscord {
        let listener = match tokio::net::TcpListener::bind("127.0.0.1:0").await {
            Ok(l) => l,
            Err(e) => panic!("fake discord cannot bind 127.0.0.1:0: {e}"),
        };
        let addr = match listener.local_addr() {
            Ok(a) => a,
            Err(e) => panic!("fake discord has no local address: {e}"),
        };
        let shared = Arc::new(Shared {
            token: format!("Bot {token}"),
            heartbeat_ms,
            callback_delay_ms: AtomicU64::new(0),
            message_delay_ms: AtomicU64::new(0),
            gateway_down: AtomicBool::new(false),
            in_no_guild: AtomicBool::new(false),
            addr,
            schemas: schema::shared(),
            inner: Mutex::new(Inner::default()),
            wake: Notify::new(),
        });
        let app = Router::new()
            .route("/gateway", get(gateway))
            .route("/attachments/{id}/{name}", get(attachment))
            .fallback(rest)
            .with_state(shared.clone());
        let server = tokio::spawn(async move {
            if let Err(e) = axum::serve(listener, app).await {
                eprintln!("fake discord stopped: {e}");
            }
        });
        FakeDiscord { shared, server }
    }

    /// The API base URL to give the bot (`WHOSAID_DISCORD_API`).
    pub fn base_url(&self) -> String {
        format!("http://{}", self.shared.addr)
    }

    /// Queue a gateway dispatch; the connected session sends it with the next sequence.
    pub fn push(&self, t: &str, d: Value) {
        self.enqueue(Outgoing::Dispatch {
            t: t.to_string(),
            d,
        });
    }

    /// Queue an op 7 RECONNECT: the client must reconnect and RESUME.
    pub fn send_reconnect(&self) {
        self.enqueue(Outgoing::Reconnect);
    }

    /// Cut the gateway connection (no close frame), as a network failure would: the client
    /// must notice, reconnect and RESUME.
    pub fn drop_connection(&self) {
        self.enqueue(Outgoing::Drop);
    }

    /// An outage of the gateway (`down`): the connection is cut and new ones refused, until
    /// called again with `false`.
    pub fn set_gateway_down(&self, down: bool) {
        self.shared.gateway_down.store(down, Ordering::SeqCst);
        if down {
            self.drop_connection();
        }
    }

    /// From the next IDENTIFY on, the bot is in no server (READY lists none).
    pub fn leave_every_guild(&self) {
        self.shared.in_no_guild.store(true, Ordering::SeqCst);
    }

    /// Gateway connections cut so far.
    pub fn drops(&self) -> u32 {
        self.shared.lock().drops
    }

    /// Answer the next channel messages (any channel) with `faults`, in order, creating
    /// nothing.
    pub fn fail_next_posts(&self, faults: &[PostFault]) {
        self.shared
            .lock()
            .post_faults
            .extend(faults.iter().copied());
    }

    /// Answer the next `n` interaction callbacks with 500 (Discord did not take them).
    pub fn fail_next_callbacks(&self, n: u32) {
        self.shared.lock().failing_callbacks += n;
    }

    /// When the interaction with `token` was dispatched to the bot.
    pub fn dispatched_at(&self, token: &str) -> Option<Instant> {
        self.shared.lock().dispatched.get(token).copied()
    }

    fn enqueue(&self, out: Outgoing) {
        self.shared.lock().pending.push_back(out);
        self.shared.wake.notify_waiters();
    }

    /// Answer interaction callbacks only after `ms` milliseconds (a slow Discord), so that
    /// questions are still in flight when a test stops the bot.
    pub fn delay_callbacks(&self, ms: u64) {
        self.shared.callback_delay_ms.store(ms, Ordering::SeqCst);
    }

    /// Answer channel messages only `ms` milliseconds after creating them.
    pub fn delay_messages(&self, ms: u64) {
        self.shared.message_delay_ms.store(ms, Ordering::SeqCst);
    }

    /// Make messages to `channel` fail with `status` (404 Unknown Channel, 403 Missing
    /// Permissions, 400, 429, 5xx) until [`FakeDiscord::heal_channel`].
    pub fn fail_channel(&self, channel: u64, status: u16) {
        self.shared.lock().failing.insert(channel, status);
    }

    pub fn heal_channel(&self, channel: u64) {
        self.shared.lock().failing.remove(&channel);
    }

    /// The messages created in channels, in order (each once, whatever the retries).
    pub fn posts(&self) -> Vec<Posted> {
        self.shared.lock().posts.clone()
    }

    /// Every message the bot made, with its id, in order.
    pub fn created(&self) -> Vec<Created> {
        self.shared.lock().created.clone()
    }

    /// Host a file as Discord's CDN would (an attachment a member uploaded); returns its
    /// id and URL on 127.0.0.1.
    pub fn host_file(&self, name: &str, bytes: Vec<u8>) -> (u64, String) {
        let id = self.shared.next_id();
        self.shared
            .lock()
            .attachments
            .push((id, name.to_string(), bytes));
        (
            id,
            format!("http://{}/attachments/{id}/{name}", self.shared.addr),
        )
    }

    /// Every REST request so far.
    pub fn requests(&self) -> Vec<Recorded> {
        self.shared.lock().requests.clone()
    }

    /// Schema and limit violations so far.
    pub fn violations(&self) -> Vec<String> {
        self.shared.lock().violations.clone()
    }

    pub fn identifies(&self) -> u32 {
        self.shared.lock().identifies
    }

    /// Make `GET /gateway/bot` recommend `shards` shards and allow `max_concurrency`
    /// identifies per 5 seconds (Discord's `session_start_limit`); a faster IDENTIFY is
    /// answered with INVALID_SESSION, as Discord does.
    pub fn recommend_shards(&self, shards: u32, max_concurrency: u32) {
        let mut inner = self.shared.lock();
        inner.recommended_shards = shards;
        inner.max_concurrency = max_concurrency;
    }

    /// Send `guild_create` as the test guild's GUILD_CREATE from the next IDENTIFY on
    /// (the test guild as it is set up, e.g. with channel overwrites).
    pub fn set_guild(&self, guild_create: Value) {
        self.shared.lock().test_guild = Some(guild_create);
    }

    /// Put the bot in one more guild (its GUILD_CREATE payload): the shard that owns it
    /// receives it at IDENTIFY, after the test guild.
    pub fn add_guild(&self, guild_create: Value) {
        self.shared.lock().other_guilds.push(guild_create);
    }

    /// `[shard_id, num_shards]` of every accepted IDENTIFY, in order.
    pub fn identified(&self) -> Vec<[u32; 2]> {
        self.shared.lock().identified.clone()
    }

    /// IDENTIFYs refused for coming faster than `max_concurrency` allows.
    pub fn refused_identifies(&self) -> u32 {
        self.shared.lock().refused_identifies
    }

    /// The gateway intents the client identified with.
    pub fn intents(&self) -> Option<u64> {
        self.shared.lock().intents
    }

    pub fn resumes(&self) -> u32 {
        self.shared.lock().resumes
    }

    /// Heartbeats received (each was acknowledged).
    pub fn heartbeats(&self) -> u32 {
        self.shared.lock().heartbeats
    }

    pub fn rejected_tokens(&self) -> u32 {
        self.shared.lock().rejected_tokens
    }

    /// Poll the recorded requests until `done` holds, or panic naming `what` at the
    /// deadline (with the requests seen, to debug).
    pub async fn wait_for(
        &self,
        what: &str,
        deadline: Duration,
        done: impl Fn(&[Recorded]) -> bool,
    ) -> Vec<Recorded> {
        let start = Instant::now();
        loop {
            let requests = self.requests();
            if done(&requests) {
                return requests;
            }
            if start.elapsed() > deadline {
                let seen: Vec<String> = requests
                    .iter()
                    .map(|r| format!("{} {}", r.method, r.path))
                    .collect();
                panic!(
                    "timed out after {deadline:?} waiting for {what}; requests seen: {seen:#?}; violations: {:#?}",
                    self.violations()
                );
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Poll a condition on the fake's gateway counters until it holds or the deadline.
    pub async fn wait_until(
        &self,
        what: &str,
        deadline: Duration,
        done: impl Fn(&FakeDiscord) -> bool,
    ) {
        let start = Instant::now();
        while !done(self) {
            if start.elapsed() > deadline {
                panic!("timed out after {deadline:?} waiting for {what}");
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Whether every one of `said` is in some channel message.
    pub fn has_posted_all(&self, said: &[&str]) -> bool {
        let posts = self.posts();
        said.iter()
            .all(|s| posts.iter().any(|p| p.content().contains(s)))
    }

    /// Panic unless each of `expected` is in exactly one channel message, and no other
    /// message was posted.
    pub fn assert_each_posted_once(&self, expected: &[String]) {
        let posts = self.posts();
        for said in expected {
            let n = posts.iter().filter(|p| p.content().contains(said)).count();
            assert_eq!(n, 1, "{said:?} posted {n} times");
        }
        assert_eq!(posts.len(), expected.len(), "no other post");
    }

    /// Panic when any recorded body broke Discord's schema or limits.
    pub fn assert_no_violations(&self) {
        let v = self.violations();
        assert!(v.is_empty(), "Discord would refuse these requests: {v:#?}");
    }

    /// Panic unless every message the bot sent has empty `allowed_mentions` (no `parse`
    /// entries, no users, no roles, `replied_user` false or absent): nothing can ping.
    pub fn assert_nothing_pings(&self) {
        for r in self.requests() {
            if let Some(message) = r.message() {
                let Some(am) = message.get("allowed_mentions") else {
                    panic!("{} {} has no allowed_mentions: {message}", r.method, r.path);
                };
                let empty = |k: &str| {
                    am.get(k)
                        .and_then(Value::as_array)
                        .is_none_or(|a| a.is_empty())
                };
                assert!(
                    empty("parse")
                        && empty("users")
                        && (empty("roles") || update_post_role(&r, message).is_some())
                        && am.get("replied_user").and_then(Value::as_bool) != Some(true),
                    "{} {} may ping: allowed_mentions = {am}",
                    r.method,
                    r.path
                );
            }
        }
    }
}

/// The channel messages among `requests` that reply to message `message_id` (answers to a
/// mention).
pub fn replies_to(requests: &[Recorded], message_id: u64) -> usize {
    let id = message_id.to_string();
    requests
        .iter()
        .filter(|r| r.is("POST", "/channels/", "/messages"))
        .filter(|r| {
            r.body
                .as_ref()
                .and_then(|b| b.pointer("/message_reference/message_id"))
                .and_then(Value::as_str)
                == Some(id.as_str())
        })
        .count()
}

/// The one role an update post may ping: a channel message with an enforced nonce whose
/// `allowed_mentions.roles` is exactly one role, mentioned in its content.
pub fn update_post_role(r: &Recorded, message: &Value) -> Option<u64> {
    if !(r.method == "POST" && r.path.starts_with("/channels/") && r.path.ends_with("/messages")) {
        return None;
    }
    if message.get("enforce_nonce").and_then(Value::as_bool) != Some(true) {
        return None;
    }
    let roles = message.pointer("/allowed_mentions/roles")?.as_array()?;
    let [role] = roles.as_slice() else {
        return None;
    };
    let role: u64 = role.as_str()?.parse().ok()?;
    let content = message.get("content").and_then(Value::as_str)?;
    content.contains(&format!("<@&{role}>")).then_some(role)
}

// ---------------------------------------------------------------- gateway

async fn gateway(ws: WebSocketUpgrade, State(shared): State<Arc<Shared>>) -> Response {
    if shared.gateway_down.load(Ordering::SeqCst) {
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    }
    ws.on_upgrade(move |socket| session(socket, shared))
}

fn text(v: &Value) -> WsMessage {
    WsMessage::Text(v.to_string().into())
}

/// One gateway connection: HELLO, then IDENTIFY or RESUME, then events and heartbeats.
async fn session(mut ws: WebSocket, shared: Arc<Shared>) {
    let hello =
        json!({"op": 10, "s": null, "t": null, "d": {"heartbeat_interval": shared.heartbeat_ms}});
    if ws.send(text(&hello)).await.is_err() {
        return;
    }
    let Some((shard, generation)) = handshake(&mut ws, &shared).await else {
        return;
    };
    // Connected: forward this shard's queued events while this is its newest connection.
    loop {
        let next = {
            let mut inner = shared.lock();
            match inner.sessions.get(&shard) {
                Some(s) if s.generation == generation => {
                    let n = s.num_shards;
                    let at = inner.pending.iter().position(|o| o.shard(n) == shard);
                    at.and_then(|i| inner.pending.remove(i))
                }
                _ => None,
            }
        };
        if let Some(out) = next {
            if !forward(&mut ws, &shared, shard, out).await {
                return;
            }
            continue;
        }
        let wake = shared.wake.notified();
        tokio::select! {
            msg = ws.recv() => {
                let Some(Ok(msg)) = msg else { return };
                let heartbeat = parse(&msg).and_then(|p| p.get("op").and_then(Value::as_u64)) == Some(1);
                if heartbeat {
                    shared.lock().heartbeats += 1;
                    if ws.send(text(&json!({"op": 11}))).await.is_err() {
                        return;
                    }
                }
            }
            () = wake => {}
            () = tokio::time::sleep(Duration::from_millis(50)) => {}
        }
    }
}

/// Send one queued item on `shard`'s connection; false when the connection is over.
async fn forward(ws: &mut WebSocket, shared: &Shared, shard: u32, out: Outgoing) -> bool {
    if matches!(out, Outgoing::Drop) {
        shared.lock().drops += 1;
        // Dropping the socket closes the TCP stream with no close frame.
        return false;
    }
    if let Outgoing::Dispatch { t, d } = &out {
        if let (true, Some(token)) = (t == "INTERACTION_CREATE", d["token"].as_str()) {
            shared
                .lock()
                .dispatched
                .insert(token.to_string(), Instant::now());
        }
    }
    let frame = match &out {
        Outgoing::Dispatch { t, d } => {
            let seq = shared.lock().sessions.get_mut(&shard).map_or(0, |s| {
                s.seq += 1;
                s.seq
            });
            dispatch(t, seq, d.clone())
        }
        Outgoing::Reconnect => json!({"op": 7, "d": null}),
        Outgoing::Drop => return false,
    };
    if ws.send(text(&frame)).await.is_err() {
        shared.lock().pending.push_front(out);
        return false;
    }
    if matches!(out, Outgoing::Reconnect) {
        // This connection is over: the client reconnects and resumes on a new one.
        let mut inner = shared.lock();
        inner.generation += 1;
        let g = inner.generation;
        if let Some(s) = inner.sessions.get_mut(&shard) {
            s.generation = g;
        }
    }
    true
}

/// Wait for IDENTIFY or RESUME, answering heartbeats meanwhile; the shard and connection
/// number once authenticated, `None` when the connection ends first.
async fn handshake(ws: &mut WebSocket, shared: &Shared) -> Option<(u32, u64)> {
    loop {
        let Some(Ok(msg)) = ws.recv().await else {
            return None;
        };
        let Some(payload) = parse(&msg) else { continue };
        match payload.get("op").and_then(Value::as_u64) {
            Some(1) => {
                shared.lock().heartbeats += 1;
                ws.send(text(&json!({"op": 11}))).await.ok()?;
            }
            Some(2) => match identify(shared, &payload) {
                Identify::BadToken => {
                    let _ = ws
                        .send(WsMessage::Close(Some(CloseFrame {
                            code: CLOSE_AUTHENTICATION_FAILED,
                            reason: "Authentication failed.".into(),
                        })))
                        .await;
                    return None;
                }
                Identify::TooFast => {
                    // Discord answers an identify over its rate limit with INVALID_SESSION.
                    ws.send(text(&json!({"op": 9, "d": false}))).await.ok()?;
                }
                Identify::Ok {
                    shard,
                    generation,
                    frames,
                } => {
                    for frame in frames {
                        ws.send(text(&frame)).await.ok()?;
                    }
                    return Some((shard, generation));
                }
            },
            Some(6) => match resume(shared, &payload) {
                Some((shard, generation, seq)) => {
                    ws.send(text(&dispatch("RESUMED", seq, json!({}))))
                        .await
                        .ok()?;
                    return Some((shard, generation));
                }
                // Not resumable: the client must identify again.
                None => ws.send(text(&json!({"op": 9, "d": false}))).await.ok()?,
            },
            _ => {}
        }
    }
}

enum Identify {
    BadToken,
    TooFast,
    /// A new session for `shard`, and the frames that open it (READY, GUILD_CREATE).
    Ok {
        shard: u32,
        generation: u64,
        frames: Vec<Value>,
    },
}

/// Check an IDENTIFY and open its shard's session.
fn identify(shared: &Shared, payload: &Value) -> Identify {
    let token = payload.pointer("/d/token").and_then(Value::as_str);
    if token != Some(shared.token.as_str()) {
        shared.lock().rejected_tokens += 1;
        return Identify::BadToken;
    }
    let pair = |i: usize| {
        payload
            .pointer(&format!("/d/shard/{i}"))
            .and_then(Value::as_u64)
            .and_then(|v| u32::try_from(v).ok())
    };
    let (shard, num_shards) = (pair(0).unwrap_or(0), pair(1).unwrap_or(1).max(1));
    let session_id = format!("session-{}", shared.next_id());
    let mut inner = shared.lock();
    let bucket = shard % inner.max_concurrency.max(1);
    let now = Instant::now();
    if inner
        .last_identify
        .get(&bucket)
        .is_some_and(|t| now.duration_since(*t) < IDENTIFY_WINDOW)
    {
        inner.refused_identifies += 1;
        return Identify::TooFast;
    }
    inner.last_identify.insert(bucket, now);
    inner.identifies += 1;
    inner.identified.push([shard, num_shards]);
    inner.intents = payload.pointer("/d/intents").and_then(Value::as_u64);
    inner.generation += 1;
    let generation = inner.generation;
    inner.sessions.insert(
        shard,
        ShardSession {
            session_id: session_id.clone(),
            num_shards,
            seq: 2,
            generation,
        },
    );
    // This shard's guilds, each as READY lists it and then its GUILD_CREATE.
    let test_guild = inner
        .test_guild
        .clone()
        .unwrap_or_else(fixtures::guild_create);
    let guilds: Vec<Value> = std::iter::once(test_guild)
        .chain(inner.other_guilds.iter().cloned())
        .filter(|g| Outgoing::guild_event(g).shard(num_shards) == shard)
        .filter(|_| !shared.in_no_guild.load(Ordering::SeqCst))
        .collect();
    let resume_url = format!("ws://{}/gateway", shared.addr);
    let mut ready = fixtures::ready(&session_id, &resume_url);
    ready["shard"] = json!([shard, num_shards]);
    ready["guilds"] = guilds
        .iter()
        .map(|g| json!({"id": g["id"], "unavailable": true}))
        .collect();
    let mut frames = vec![dispatch("READY", 1, ready)];
    for (seq, guild) in (2..).zip(guilds) {
        frames.push(dispatch("GUILD_CREATE", seq, guild));
    }
    if let Some(s) = inner.sessions.get_mut(&shard) {
        s.seq = frames.len() as u64;
    }
    Identify::Ok {
        shard,
        generation,
        frames,
    }
}

/// Check a RESUME: its shard, connection number and the sequence of RESUMED, or `None`
/// when no session of that id is open.
fn resume(shared: &Shared, payload: &Value) -> Option<(u32, u64, u64)> {
    let token = payload.pointer("/d/token").and_then(Value::as_str);
    let session = payload.pointer("/d/session_id").and_then(Value::as_str)?;
    if token != Some(shared.token.as_str()) {
        return None;
    }
    let mut inner = shared.lock();
    inner.generation += 1;
    let generation = inner.generation;
    let (shard, s) = inner
        .sessions
        .iter_mut()
        .find(|(_, s)| s.session_id == session)?;
    s.generation = generation;
    s.seq += 1;
    let (shard, seq) = (*shard, s.seq);
    inner.resumes += 1;
    Some((shard, generation, seq))
}

fn dispatch(t: &str, s: u64, d: Value) -> Value {
    json!({"op": 0, "s": s, "t": t, "d": d})
}

fn parse(msg: &WsMessage) -> Option<Value> {
    match msg {
        WsMessage::Text(t) => serde_json::from_str(t.as_str()).ok(),
        WsMessage::Binary(b) => serde_json::from_slice(b).ok(),
        _ => None,
    }
}

// ---------------------------------------------------------------- REST

fn discord_error(status: StatusCode, code: u64, message: &str) -> Response {
    (status, Json(json!({"message": message, "code": code}))).into_response()
}

async fn rest(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let Some(path) = uri.path().strip_prefix("/api/v10") else {
        return discord_error(StatusCode::NOT_FOUND, 0, "404: Not Found");
    };
    let path = path.to_string();
    let method_s = method.as_str().to_string();
    let auth = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let mut violations = Vec::new();
    let content_type = headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let mut parts: Vec<upload::FilePart> = Vec::new();
    let json_body: Option<Value> = if body.is_empty() {
        None
    } else if let Some(boundary) = content_type
        .strip_prefix("multipart/form-data")
        .and_then(|rest| rest.split("boundary=").nth(1))
        .map(|b| b.trim_matches('"').to_string())
    {
        match multipart(&body, &boundary) {
            Ok((payload, uploaded)) => {
                parts = uploaded;
                payload
            }
            Err(e) => {
                violations.push(format!("{method_s} {path}: bad multipart body ({e})"));
                None
            }
        }
    } else {
        match serde_json::from_slice(&body) {
            Ok(v) => Some(v),
            Err(e) => {
                violations.push(format!("{method_s} {path}: body is not JSON ({e})"));
                None
            }
        }
    };
    // Interaction callbacks and webhook calls are authenticated by their token in the URL;
    // `GET /gateway` needs no authentication at all (Discord's docs), so a bad token is
    // found at IDENTIFY, as with the real Discord.
    let by_token =
        path.starts_with("/interactions/") || path.starts_with("/webhooks/") || path == "/gateway";
    if !by_token && auth.as_deref() != Some(shared.token.as_str()) {
        violations.push(format!(
            "{method_s} {path}: missing or wrong Authorization header"
        ));
    }
    violations.extend(upload::violations(
        &format!("{method_s} {path}"),
        json_body.as_ref(),
        &parts,
    ));
    let files: Vec<Upload> = parts.into_iter().map(|p| (p.filename, p.bytes)).collect();
    let record = Recorded {
        method: method_s.clone(),
        path: path.clone(),
        body: json_body.clone(),
        files: files.clone(),
        at: Instant::now(),
    };
    if let Some(b) = &json_body {
        if let Some(schemas) = &shared.schemas {
            violations.extend(schemas.check(&method_s, &path, b));
        }
        if let Some(m) = record.message() {
            violations.extend(
                schema::message_limit_violations(m)
                    .into_iter()
                    .map(|v| format!("{method_s} {path}: {v}")),
            );
        }
    }
    {
        let mut inner = shared.lock();
        inner.requests.push(record);
        inner.violations.extend(violations);
        for (name, bytes) in files {
            inner.next_id += 1;
            let id = 1_600_000_000_000_000_000 + inner.next_id;
            inner.attachments.push((id, name, bytes));
        }
    }
    if !by_token && auth.as_deref() != Some(shared.token.as_str()) {
        return discord_error(StatusCode::UNAUTHORIZED, 0, "401: Unauthorized");
    }
    let delay = shared.callback_delay_ms.load(Ordering::SeqCst);
    if delay > 0 && path.ends_with("/callback") {
        tokio::time::sleep(Duration::from_millis(delay)).await;
    }
    let response = answer(
        &shared,
        &method_s,
        &path,
        json_body.as_ref().unwrap_or(&Value::Null),
    );
    let delay = shared.message_delay_ms.load(Ordering::SeqCst);
    if delay > 0
        && method == Method::POST
        && path.starts_with("/channels/")
        && path.ends_with("/messages")
    {
        tokio::time::sleep(Duration::from_millis(delay)).await;
    }
    response
}

/// `POST /channels/{id}/messages`: fail as scripted, return the message an enforced nonce
/// already created, or create (and keep) a new one.
fn create_message(shared: &Shared, channel: u64, body: &Value) -> Response {
    let id = shared.next_id();
    let mut inner = shared.lock();
    if let Some(fault) = inner.post_faults.pop_front() {
        return fault_response(fault);
    }
    if let Some(status) = inner.failing.get(&channel).copied() {
        drop(inner);
        let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        return match status.as_u16() {
            404 => discord_error(status, 10003, "Unknown Channel"),
            403 => discord_error(status, 50013, "Missing Permissions"),
            429 => (
                status,
                Json(json!({"message": "You are being rate limited.", "retry_after": 1.0, "global": false, "code": 0})),
            )
                .into_response(),
            400 => discord_error(status, 50035, "Invalid Form Body"),
            401 => discord_error(status, 0, "401: Unauthorized"),
            _ => discord_error(status, 0, "Internal Server Error"),
        };
    }
    let enforced = body.get("enforce_nonce").and_then(Value::as_bool) == Some(true);
    let key = nonce_of(body).map(|n| (channel, n));
    if let (true, Some(key)) = (enforced, &key) {
        if let Some(first) = inner.by_nonce.get(key) {
            return Json(first.clone()).into_response();
        }
    }
    let message = fixtures::message_from_request(id, channel, body);
    inner.posts.push(Posted {
        channel_id: channel,
        body: body.clone(),
    });
    inner.created.push(Created {
        id,
        channel_id: channel,
        path: format!("/channels/{channel}/messages"),
        body: body.clone(),
    });
    if let Some(key) = key {
        inner.by_nonce.entry(key).or_insert_with(|| message.clone());
    }
    Json(message).into_response()
}

/// Discord's answer to a request it refuses with `fault`.
fn fault_response(fault: PostFault) -> Response {
    match fault {
        PostFault::ServerError => discord_error(
            StatusCode::INTERNAL_SERVER_ERROR,
            0,
            "500: Internal Server Error",
        ),
        PostFault::RateLimited { retry_after } => {
            let body = json!({"message": "You are being rate limited.", "retry_after": retry_after, "global": false, "code": 0});
            let mut response = (StatusCode::TOO_MANY_REQUESTS, Json(body)).into_response();
            let headers = response.headers_mut();
            let secs = (retry_after.ceil() as u64).to_string();
            for (name, value) in [
                ("retry-after", secs.as_str()),
                ("x-ratelimit-scope", "user"),
            ] {
                if let Ok(v) = axum::http::HeaderValue::from_str(value) {
                    headers.insert(name, v);
                }
            }
            response
        }
    }
}

/// The response Discord gives for each route the bot uses.
fn answer(shared: &Shared, method: &str, path: &str, body: &Value) -> Response {
    let parts: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let app = APP_ID.to_string();
    match (method, parts.as_slice()) {
        ("GET", ["gateway"]) => {
            Json(json!({"url": format!("ws://{}/gateway", shared.addr)})).into_response()
        }
        ("GET", ["gateway", "bot"]) => {
            let inner = shared.lock();
            Json(json!({
                "url": format!("ws://{}/gateway", shared.addr),
                "shards": inner.recommended_shards.max(1),
                "session_start_limit": {"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": inner.max_concurrency.max(1)},
            }))
            .into_response()
        }
        ("GET", ["oauth2", "applications", "@me"]) => {
            Json(fixtures::application_info()).into_response()
        }
        ("GET", ["users", "@me"]) => Json(fixtures::current_user()).into_response(),
        ("PUT", ["applications", a, "commands"]) if *a == app => commands(body, None),
        ("PUT", ["applications", a, "guilds", g, "commands"]) if *a == app => {
            commands(body, g.parse().ok())
        }
        ("POST", ["channels", c, "messages"]) => {
            create_message(shared, c.parse().unwrap_or(CHANNEL_ID), body)
        }
        ("POST", ["channels", _, "typing"]) => StatusCode::NO_CONTENT.into_response(),
        ("POST", ["interactions", _, _, "callback"]) => {
            let mut inner = shared.lock();
            if inner.failing_callbacks > 0 {
                inner.failing_callbacks -= 1;
                return fault_response(PostFault::ServerError);
            }
            StatusCode::NO_CONTENT.into_response()
        }
        ("PATCH", ["webhooks", a, _, "messages", _]) if *a == app => {
            Json(webhook_message(shared, path, body)).into_response()
        }
        ("DELETE", ["webhooks", a, _, "messages", _]) if *a == app => {
            StatusCode::NO_CONTENT.into_response()
        }
        ("POST", ["webhooks", a, _]) if *a == app => {
            Json(webhook_message(shared, path, body)).into_response()
        }
        _ => {
            shared.lock().violations.push(format!(
                "{method} {path}: the fake does not serve this route"
            ));
            discord_error(StatusCode::NOT_FOUND, 0, "404: Not Found")
        }
    }
}

/// The Message an interaction's response or followup becomes (in the test channel),
/// recorded among the messages the bot made.
fn webhook_message(shared: &Shared, path: &str, body: &Value) -> Value {
    let id = shared.next_id();
    shared.lock().created.push(Created {
        id,
        channel_id: CHANNEL_ID,
        path: path.to_string(),
        body: body.clone(),
    });
    fixtures::message_from_request(id, CHANNEL_ID, body)
}

/// A file uploaded in a multipart request: its name and bytes.
pub type Upload = (String, Vec<u8>);

/// A multipart/form-data body as serenity sends it with files: the `payload_json` part
/// (the request's JSON) and one part per file, with its field name and content type.
fn multipart(
    body: &[u8],
    boundary: &str,
) -> Result<(Option<Value>, Vec<upload::FilePart>), String> {
    let delimiter = format!("--{boundary}");
    let delimiter = delimiter.as_bytes();
    let mut payload = None;
    let mut files = Vec::new();
    let starts: Vec<usize> = (0..body.len().saturating_sub(delimiter.len()) + 1)
        .filter(|&i| body[i..].starts_with(delimiter))
        .collect();
    if starts.len() < 2 {
        return Err("no parts".to_string());
    }
    for pair in starts.windows(2) {
        let part = &body[pair[0] + delimiter.len()..pair[1]];
        let part = part.strip_prefix(b"\r\n").unwrap_or(part);
        let part = part.strip_suffix(b"\r\n").unwrap_or(part);
        let Some(split) = part.windows(4).position(|w| w == b"\r\n\r\n") else {
            return Err("a part without headers".to_string());
        };
        let head = String::from_utf8_lossy(&part[..split]).to_string();
        let content = part[split + 4..].to_vec();
        let disposition = head
            .lines()
            .find(|l| l.to_ascii_lowercase().starts_with("content-disposition"))
            .unwrap_or_default()
            .to_string();
        let field = |key: &str| {
            disposition
                .split(';')
                .map(str::trim)
                .find_map(|kv| kv.strip_prefix(&format!("{key}=\"")))
                .map(|v| v.trim_end_matches('"').to_string())
        };
        match (field("name").as_deref(), field("filename")) {
            (Some("payload_json"), _) => {
                payload = Some(serde_json::from_slice(&content).map_err(|e| e.to_string())?);
            }
            (name, Some(filename)) => files.push(upload::FilePart {
                field: name.unwrap_or_default().to_string(),
                filename,
                content_type: head
                    .lines()
                    .find_map(|l| {
                        l.split_once(':')
                            .filter(|(k, _)| k.trim().eq_ignore_ascii_case("content-type"))
                    })
                    .map(|(_, v)| v.trim().to_string()),
                bytes: content,
            }),
            (name, None) => return Err(format!("unexpected part {name:?}")),
        }
    }
    Ok((payload, files))
}

/// `GET /attachments/{id}/{name}`: a file uploaded to or hosted by the fake.
async fn attachment(
    State(shared): State<Arc<Shared>>,
    axum::extract::Path((id, name)): axum::extract::Path<(u64, String)>,
) -> Response {
    let found = shared
        .lock()
        .attachments
        .iter()
        .find(|(i, n, _)| *i == id && *n == name)
        .map(|(_, _, b)| b.clone());
    match found {
        Some(bytes) => (StatusCode::OK, bytes).into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

fn commands(body: &Value, guild: Option<u64>) -> Response {
    let defs = body.as_array().cloned().unwrap_or_default();
    let out: Vec<Value> = defs
        .iter()
        .map(|d| fixtures::command_from_definition(d, guild))
        .collect();
    Json(Value::Array(out)).into_response()
}
