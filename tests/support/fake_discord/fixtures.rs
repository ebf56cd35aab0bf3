//! Fixture payloads of the fake Discord: gateway events (READY, GUILD_CREATE,
//! MESSAGE_CREATE, INTERACTION_CREATE) and REST responses (Message, Command, the current
//! user and application). Each is built by a function and each function is checked in
//! `tests/it/fake_discord.rs` by deserializing it into the serenity type, because serenity
//! silently drops a payload it cannot read.

use serde_json::{json, Value};

/// The application id; Discord gives a bot user the id of its application.
pub const APP_ID: u64 = 1_100_000_000_000_000_001;
/// The bot's user id.
pub const BOT_USER_ID: u64 = APP_ID;
pub const BOT_NAME: &str = "whosaid";
/// The one guild the bot is in.
pub const GUILD_ID: u64 = 1_200_000_000_000_000_001;
/// The guild's text channel.
pub const CHANNEL_ID: u64 = 1_300_000_000_000_000_001;
/// Ids of the members who ask: `USER_ID_BASE + n`.
pub const USER_ID_BASE: u64 = 1_400_000_000_000_000_000;
/// A role, for mention tests.
pub const ROLE_ID: u64 = 123;
/// A second guild, on shard 0 of 2 where the test guild is on shard 1 (Discord sends a
/// guild's events to shard `(guild_id >> 22) % num_shards`), and its channel: build its
/// events with [`in_guild`].
pub const SECOND_GUILD_ID: u64 = GUILD_ID + (1 << 22);
pub const SECOND_CHANNEL_ID: u64 = CHANNEL_ID + 10;
/// A second text channel of the guild (for posts elsewhere than where a command was used).
pub const OTHER_CHANNEL_ID: u64 = 1_300_000_000_000_000_002;
/// What an ordinary member may do: view, send, read history (no Manage Channels).
pub const MEMBER_PERMISSIONS: u64 = (1 << 10) | (1 << 11) | (1 << 16);
/// The permissions of the members who ask questions in [`slash_command`] (Discord's
/// defaults for @everyone: no Manage Channels either).
const ASKER_PERMISSIONS: u64 = 2_248_473_465_835_073;
/// A member who may also manage channels (bit 4).
pub const MANAGER_PERMISSIONS: u64 = MEMBER_PERMISSIONS | (1 << 4);

const TIMESTAMP: &str = "2025-10-22T10:00:00.000000+00:00";

fn user(id: u64, name: &str, bot: bool) -> Value {
    json!({
        "id": id.to_string(),
        "username": name,
        "global_name": name,
        "discriminator": "0",
        "avatar": null,
        "bot": bot,
    })
}

/// `payload` moved to another guild: every id of the test guild becomes `guild` (its
/// @everyone role too, whose id is the guild's) and the test channel becomes `channel`.
/// For events of a second guild (a guild on another gateway shard).
pub fn in_guild(payload: Value, guild: u64, channel: u64) -> Value {
    let (g, c) = (GUILD_ID.to_string(), CHANNEL_ID.to_string());
    match payload {
        Value::String(s) if s == g => Value::String(guild.to_string()),
        Value::String(s) if s == c => Value::String(channel.to_string()),
        Value::Array(items) => Value::Array(
            items
                .into_iter()
                .map(|v| in_guild(v, guild, channel))
                .collect(),
        ),
        Value::Object(fields) => Value::Object(
            fields
                .into_iter()
                .map(|(k, v)| (k, in_guild(v, guild, channel)))
                .collect(),
        ),
        other => other,
    }
}

/// A member asking questions: user `USER_ID_BASE + n`.
pub fn member_user(n: u64) -> Value {
    user(USER_ID_BASE + n, &format!("member{n}"), false)
}

/// The bot's own user.
pub fn bot_user() -> Value {
    user(BOT_USER_ID, BOT_NAME, true)
}

/// `GET /users/@me`.
pub fn current_user() -> Value {
    let mut u = bot_user();
    u["verified"] = json!(true);
    u["mfa_enabled"] = json!(false);
    u["flags"] = json!(0);
    u
}

/// `GET /oauth2/applications/@me`.
pub fn application_info() -> Value {
    json!({
        "id": APP_ID.to_string(),
        "name": BOT_NAME,
        "icon": null,
        "description": "who said what, and when",
        "bot_public": false,
        "bot_require_code_grant": false,
        "verify_key": "0000000000000000000000000000000000000000000000000000000000000000",
        "owner": user(USER_ID_BASE, "owner", false),
        "team": null,
        "flags": 0,
    })
}

/// The READY dispatch data (`d`).
pub fn ready(session_id: &str, resume_url: &str) -> Value {
    json!({
        "v": 10,
        "user": bot_user(),
        "guilds": [{"id": GUILD_ID.to_string(), "unavailable": true}],
        "session_id": session_id,
        "resume_gateway_url": resume_url,
        "shard": [0, 1],
        "application": {"id": APP_ID.to_string(), "flags": 0},
        "private_channels": [],
    })
}

fn role(id: u64, name: &str, position: u64) -> Value {
    json!({
        "id": id.to_string(),
        "name": name,
        "color": 0,
        "colors": {"primary_color": 0},
        "hoist": false,
        "managed": false,
        "mentionable": true,
        "permissions": "2248473465835073",
        "position": position,
    })
}

/// The bot's member in the guild.
fn bot_member() -> Value {
    json!({
        "user": bot_user(),
        "roles": [],
        "joined_at": TIMESTAMP,
        "deaf": false,
        "mute": false,
        "flags": 0,
    })
}

pub fn text_channel(id: u64, name: &str) -> Value {
    json!({
        "id": id.to_string(),
        "type": 0,
        "guild_id": GUILD_ID.to_string(),
        "name": name,
        "position": 0,
        "permission_overwrites": [],
        "nsfw": false,
        "topic": null,
        "last_message_id": null,
        "rate_limit_per_user": 0,
        "parent_id": null,
    })
}

/// The GUILD_CREATE dispatch data for the guild of READY.
pub fn guild_create() -> Value {
    json!({
        "id": GUILD_ID.to_string(),
        "name": "newsroom",
        "icon": null,
        "owner_id": USER_ID_BASE.to_string(),
        "afk_channel_id": null,
        "afk_timeout": 300,
        "verification_level": 0,
        "default_message_notifications": 1,
        "explicit_content_filter": 0,
        "roles": [role(GUILD_ID, "@everyone", 0), role(ROLE_ID, "editors", 1)],
        "emojis": [],
        "features": [],
        "mfa_level": 0,
        "application_id": null,
        "system_channel_id": null,
        "system_channel_flags": 0,
        "rules_channel_id": null,
        "vanity_url_code": null,
        "description": null,
        "banner": null,
        "premium_tier": 0,
        "preferred_locale": "en-US",
        "public_updates_channel_id": null,
        "nsfw_level": 0,
        "stickers": [],
        "premium_progress_bar_enabled": false,
        "joined_at": TIMESTAMP,
        "large": false,
        "unavailable": false,
        "member_count": 2,
        "voice_states": [],
        "members": [bot_member()],
        "channels": [text_channel(CHANNEL_ID, "news"), text_channel(OTHER_CHANNEL_ID, "updates")],
        "threads": [],
        "presences": [],
        "stage_instances": [],
        "guild_scheduled_events": [],
    })
}

/// A MESSAGE_CREATE from member `n` in the guild channel; `mention_bot` adds the bot to
/// `mentions` (the content should then carry `<@BOT_USER_ID>`).
pub fn message_create(message_id: u64, n: u64, content: &str, mention_bot: bool) -> Value {
    let mentions = if mention_bot {
        vec![bot_user()]
    } else {
        vec![]
    };
    json!({
        "id": message_id.to_string(),
        "channel_id": CHANNEL_ID.to_string(),
        "guild_id": GUILD_ID.to_string(),
        "author": member_user(n),
        "member": {
            "roles": [],
            "joined_at": TIMESTAMP,
            "deaf": false,
            "mute": false,
            "flags": 0,
        },
        "content": content,
        "timestamp": TIMESTAMP,
        "edited_timestamp": null,
        "tts": false,
        "mention_everyone": false,
        "mentions": mentions,
        "mention_roles": [],
        "attachments": [],
        "embeds": [],
        "pinned": false,
        "type": 0,
        "flags": 0,
    })
}

/// A MESSAGE_CREATE from member `n` replying to `replied` (a Message, e.g.
/// `Created::message`) in the guild channel: `message_reference` and `referenced_message`
/// as Discord sends them (type 19, a reply). `mention_bot` as in [`message_create`].
pub fn reply_create(
    message_id: u64,
    n: u64,
    content: &str,
    replied: &Value,
    mention_bot: bool,
) -> Value {
    let mut m = message_create(message_id, n, content, mention_bot);
    let channel = replied["channel_id"].clone();
    m["channel_id"] = channel.clone();
    m["type"] = json!(19);
    m["message_reference"] = json!({
        "type": 0,
        "message_id": replied["id"],
        "channel_id": channel,
        "guild_id": GUILD_ID.to_string(),
    });
    m["referenced_message"] = replied.clone();
    m
}

/// A MESSAGE_CREATE from member `n` in channel `channel` of the guild (a thread, say),
/// mentioning the bot.
pub fn message_in(channel: u64, message_id: u64, n: u64, content: &str) -> Value {
    let mut m = message_create(message_id, n, content, true);
    m["channel_id"] = json!(channel.to_string());
    m
}

/// An INTERACTION_CREATE for a click (type 3) by member `n` holding `permissions` on the
/// button `custom_id` of `message` (a Message, e.g. `Created::message`).
pub fn button_click(
    interaction_id: u64,
    token: &str,
    n: u64,
    permissions: u64,
    custom_id: &str,
    message: &Value,
) -> Value {
    let mut i = slash_command_as(interaction_id, token, n, permissions, "ask", &[]);
    i["type"] = json!(3);
    i["data"] = json!({"custom_id": custom_id, "component_type": 2});
    i["message"] = message.clone();
    if let Some(channel) = message.get("channel_id") {
        i["channel_id"] = channel.clone();
    }
    i
}

/// A message the bot itself posted, as a MESSAGE_CREATE echo (it mentions the bot too).
pub fn own_message_create(message_id: u64, content: &str) -> Value {
    let mut m = message_create(message_id, 0, content, true);
    m["author"] = bot_user();
    m
}

/// An INTERACTION_CREATE for slash command `name` with string options, from member `n`.
pub fn slash_command(
    interaction_id: u64,
    token: &str,
    n: u64,
    name: &str,
    options: &[(&str, &str)],
) -> Value {
    let options: Vec<Arg> = options.iter().map(|(k, v)| Arg::Text(k, v)).collect();
    slash_command_as(interaction_id, token, n, ASKER_PERMISSIONS, name, &options)
}

/// An option of a slash command as a member fills it in.
#[derive(Clone, Copy, Debug)]
pub enum Arg<'a> {
    Text(&'a str, &'a str),
    Integer(&'a str, i64),
    /// A channel of the guild; the member's computed permissions there.
    Channel(&'a str, u64, u64),
    /// A role of the guild.
    Role(&'a str, u64),
}

/// An INTERACTION_CREATE for `/name` from member `n` holding `permissions`, with typed
/// options (channels and roles resolved as Discord sends them).
pub fn slash_command_as(
    interaction_id: u64,
    token: &str,
    n: u64,
    permissions: u64,
    name: &str,
    options: &[Arg<'_>],
) -> Value {
    let mut channels = serde_json::Map::new();
    let mut roles = serde_json::Map::new();
    let options: Vec<Value> = options
        .iter()
        .map(|o| match *o {
            Arg::Text(k, v) => json!({"name": k, "type": 3, "value": v}),
            Arg::Integer(k, v) => json!({"name": k, "type": 4, "value": v}),
            Arg::Channel(k, id, perms) => {
                channels.insert(
                    id.to_string(),
                    json!({"id": id.to_string(), "name": "updates", "type": 0, "permissions": perms.to_string()}),
                );
                json!({"name": k, "type": 7, "value": id.to_string()})
            }
            Arg::Role(k, id) => {
                roles.insert(id.to_string(), role(id, "editors", 1));
                json!({"name": k, "type": 8, "value": id.to_string()})
            }
        })
        .collect();
    let mut data = json!({
        "id": command_id(name).to_string(),
        "name": name,
        "type": 1,
        "options": options,
    });
    if !channels.is_empty() || !roles.is_empty() {
        data["resolved"] = json!({"channels": channels, "roles": roles});
    }
    json!({
        "id": interaction_id.to_string(),
        "application_id": APP_ID.to_string(),
        "type": 2,
        "token": token,
        "version": 1,
        "locale": "en-US",
        "guild_locale": "en-US",
        "entitlements": [],
        "attachment_size_limit": 10_485_760,
        "authorizing_integration_owners": {"0": GUILD_ID.to_string()},
        "context": 0,
        "channel_id": CHANNEL_ID.to_string(),
        "guild_id": GUILD_ID.to_string(),
        "app_permissions": "2248473465835073",
        "member": {
            "user": member_user(n),
            "roles": [],
            "joined_at": TIMESTAMP,
            "deaf": false,
            "mute": false,
            "flags": 0,
            "permissions": permissions.to_string(),
        },
        "data": data,
    })
}

/// An INTERACTION_CREATE asking for autocomplete choices (type 4) for option `option`
/// of `/name`, where member `n` has typed `partial` so far.
pub fn autocomplete(
    interaction_id: u64,
    token: &str,
    n: u64,
    name: &str,
    option: &str,
    partial: &str,
) -> Value {
    let mut i = slash_command_as(interaction_id, token, n, MEMBER_PERMISSIONS, name, &[]);
    i["type"] = json!(4);
    i["data"]["options"] = json!([{"name": option, "type": 4, "value": partial, "focused": true}]);
    i
}

/// The id the fake gives a registered command: stable per name.
pub fn command_id(name: &str) -> u64 {
    let hash = name
        .bytes()
        .fold(0u64, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(b)));
    1_500_000_000_000_000_000 + hash % 1_000_000_000
}

/// The Command Discord returns for one registered definition.
pub fn command_from_definition(def: &Value, guild_id: Option<u64>) -> Value {
    let name = def.get("name").and_then(Value::as_str).unwrap_or("unnamed");
    json!({
        "id": command_id(name).to_string(),
        "type": def.get("type").cloned().unwrap_or(json!(1)),
        "application_id": APP_ID.to_string(),
        "guild_id": guild_id.map(|g| g.to_string()),
        "name": name,
        "description": def.get("description").cloned().unwrap_or(json!("")),
        "options": def.get("options").cloned().unwrap_or(json!([])),
        "default_member_permissions": def.get("default_member_permissions").cloned().unwrap_or(Value::Null),
        "nsfw": def.get("nsfw").cloned().unwrap_or(json!(false)),
        "version": "1",
    })
}

/// The Message Discord returns for a message the bot created: `body` is the request.
pub fn message_from_request(message_id: u64, channel_id: u64, body: &Value) -> Value {
    let mut m = json!({
        "id": message_id.to_string(),
        "channel_id": channel_id.to_string(),
        "author": bot_user(),
        "content": body.get("content").and_then(Value::as_str).unwrap_or(""),
        "timestamp": TIMESTAMP,
        "edited_timestamp": null,
        "tts": false,
        "mention_everyone": false,
        "mentions": [],
        "mention_roles": [],
        "attachments": [],
        "embeds": [],
        "pinned": false,
        "type": 0,
        "flags": body.get("flags").cloned().unwrap_or(json!(0)),
    });
    if let Some(nonce) = body.get("nonce") {
        m["nonce"] = nonce.clone();
    }
    if channel_id == CHANNEL_ID || channel_id == OTHER_CHANNEL_ID {
        m["guild_id"] = json!(GUILD_ID.to_string());
    }
    m
}

/// Permission bit: Manage Server.
pub const MANAGE_GUILD: u64 = 1 << 5;
/// Permission bit: Send Messages.
pub const SEND_MESSAGES: u64 = 1 << 11;
/// The role Discord gives the bot when it joins (its managed integration role).
pub const BOT_ROLE_ID: u64 = 1_200_000_000_000_000_101;

/// The GUILD_CREATE of [`guild_create`] where the bot holds [`BOT_ROLE_ID`] and `channel`
/// has an overwrite denying that role `deny` (a channel where the bot may not post).
pub fn guild_create_denying(channel: u64, deny: u64) -> Value {
    let mut g = guild_create();
    if let Some(roles) = g["roles"].as_array_mut() {
        roles.push(role(BOT_ROLE_ID, BOT_NAME, 2));
    }
    g["members"][0]["roles"] = json!([BOT_ROLE_ID.to_string()]);
    for c in g["channels"].as_array_mut().into_iter().flatten() {
        if c["id"] == json!(channel.to_string()) {
            c["permission_overwrites"] = json!([{
                "id": BOT_ROLE_ID.to_string(), "type": 0, "allow": "0", "deny": deny.to_string(),
            }]);
        }
    }
    g
}

/// A CHANNEL_UPDATE: `channel` of the guild as [`text_channel`] has it (no overwrites).
pub fn channel_update(channel: u64, name: &str) -> Value {
    text_channel(channel, name)
}

/// A GUILD_ROLE_UPDATE of the guild's @everyone role, with Discord's default permissions.
pub fn everyone_role_update() -> Value {
    json!({"guild_id": GUILD_ID.to_string(), "role": role(GUILD_ID, "@everyone", 0)})
}

/// An INTERACTION_CREATE for slash command `name` with nested `options` (subcommands and
/// typed options, see [`subcommand`] and [`option`]), from member `n` holding `roles`
/// with `permissions` in the channel; `resolved` as Discord sends it for user, role,
/// channel and attachment options.
#[allow(clippy::too_many_arguments)]
pub fn command_interaction(
    interaction_id: u64,
    token: &str,
    n: u64,
    permissions: u64,
    roles: &[u64],
    name: &str,
    options: Value,
    resolved: Value,
) -> Value {
    let mut v = slash_command(interaction_id, token, n, name, &[]);
    v["member"]["permissions"] = json!(permissions.to_string());
    v["member"]["roles"] = json!(roles.iter().map(|r| r.to_string()).collect::<Vec<_>>());
    v["data"]["options"] = options;
    if !resolved.is_null() {
        v["data"]["resolved"] = resolved;
    }
    v
}

/// The options of `/name a b …`: the subcommand group `a` (when `path` has two names) and
/// the subcommand holding `leaf`.
pub fn subcommand(path: &[&str], leaf: Vec<Value>) -> Value {
    match path {
        [] => Value::Array(leaf),
        [sub] => json!([{"name": sub, "type": 1, "options": leaf}]),
        [group, sub, ..] => json!([{"name": group, "type": 2, "options": [
            {"name": sub, "type": 1, "options": leaf}
        ]}]),
    }
}

/// One typed option: type 3 string, 4 integer, 5 boolean, 6 user, 7 channel, 8 role,
/// 11 attachment (ids as strings).
pub fn option(name: &str, kind: u8, value: Value) -> Value {
    json!({"name": name, "type": kind, "value": value})
}

/// `resolved` data for the ids a command's options name.
pub fn resolved(
    users: &[u64],
    channels: &[u64],
    roles: &[u64],
    attachments: &[(u64, &str, u64, &str)],
) -> Value {
    let mut r = json!({});
    if !users.is_empty() {
        r["users"] = users
            .iter()
            .map(|id| (id.to_string(), user(*id, &format!("user{id}"), false)))
            .collect::<serde_json::Map<_, _>>()
            .into();
    }
    if !channels.is_empty() {
        r["channels"] = channels
            .iter()
            .map(|id| {
                (
                    id.to_string(),
                    json!({"id": id.to_string(), "type": 0, "name": "news", "permissions": "2248473465835073"}),
                )
            })
            .collect::<serde_json::Map<_, _>>()
            .into();
    }
    if !roles.is_empty() {
        r["roles"] = roles
            .iter()
            .map(|id| (id.to_string(), role(*id, "editors", 1)))
            .collect::<serde_json::Map<_, _>>()
            .into();
    }
    if !attachments.is_empty() {
        r["attachments"] = attachments
            .iter()
            .map(|(id, name, size, url)| {
                (
                    id.to_string(),
                    json!({"id": id.to_string(), "filename": name, "size": size, "url": url, "proxy_url": url, "content_type": "application/json"}),
                )
            })
            .collect::<serde_json::Map<_, _>>()
            .into();
    }
    r
}
