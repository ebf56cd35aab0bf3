//! The fake Discord's own checks: every fixture payload deserializes into the serenity
//! type it stands for (serenity silently drops payloads it cannot read), and the schema
//! check refuses what Discord would refuse.

use serde_json::{json, Value};
use serenity::all::{
    Command, CurrentApplicationInfo, CurrentUser, GuildCreateEvent, Interaction, Message, Ready,
};

use crate::support::fake_discord::fixtures;
use crate::support::fake_discord::schema::{self, Schemas};

fn read<T: serde::de::DeserializeOwned>(what: &str, v: serde_json::Value) -> T {
    match serde_json::from_value(v) {
        Ok(t) => t,
        Err(e) => panic!("fixture {what} does not deserialize: {e}"),
    }
}

#[test]
fn ready_fixture_is_a_serenity_ready() {
    let ready: Ready = read("READY", fixtures::ready("s", "ws://127.0.0.1:1/gateway"));
    assert_eq!(ready.user.id.get(), fixtures::BOT_USER_ID);
    assert_eq!(ready.application.id.get(), fixtures::APP_ID);
}

#[test]
fn guild_create_fixture_is_a_serenity_guild() {
    let event: GuildCreateEvent = read("GUILD_CREATE", fixtures::guild_create());
    assert_eq!(event.guild.id.get(), fixtures::GUILD_ID);
    assert!(event
        .guild
        .members
        .keys()
        .any(|id| id.get() == fixtures::BOT_USER_ID));
    assert_eq!(event.guild.channels.len(), 2);
}

#[test]
fn permission_fixtures_are_serenity_events() {
    use serenity::all::{ChannelId, GuildChannel, GuildRoleUpdateEvent, UserId};
    let denied = fixtures::guild_create_denying(fixtures::CHANNEL_ID, fixtures::SEND_MESSAGES);
    let event: GuildCreateEvent = read("GUILD_CREATE denying", denied);
    let guild = &event.guild;
    let me = &guild.members[&UserId::new(fixtures::BOT_USER_ID)];
    let perms = |c: u64| guild.user_permissions_in(&guild.channels[&ChannelId::new(c)], me);
    assert!(!perms(fixtures::CHANNEL_ID).send_messages());
    assert!(perms(fixtures::OTHER_CHANNEL_ID).send_messages());
    let channel: GuildChannel = read(
        "CHANNEL_UPDATE",
        fixtures::channel_update(fixtures::CHANNEL_ID, "news"),
    );
    assert!(channel.permission_overwrites.is_empty());
    let role: GuildRoleUpdateEvent = read("GUILD_ROLE_UPDATE", fixtures::everyone_role_update());
    assert_eq!(role.role.guild_id.get(), fixtures::GUILD_ID);
}

#[test]
fn message_fixtures_are_serenity_messages() {
    let m: Message = read(
        "MESSAGE_CREATE",
        fixtures::message_create(7, 1, "hello", true),
    );
    assert_eq!(m.mentions.len(), 1);
    assert_eq!(m.guild_id.map(|g| g.get()), Some(fixtures::GUILD_ID));
    let own: Message = read("own MESSAGE_CREATE", fixtures::own_message_create(8, "hi"));
    assert!(own.author.bot);
    let reply: Message = read(
        "message response",
        fixtures::message_from_request(9, fixtures::CHANNEL_ID, &json!({"content": "x"})),
    );
    assert_eq!(reply.content, "x");
}

#[test]
fn reply_and_click_fixtures_are_serenity_types() {
    let answer = fixtures::message_from_request(
        9,
        fixtures::CHANNEL_ID,
        &json!({"embeds": [{"description": "x"}], "components": [{"type": 1, "components": [
            {"type": 2, "style": 1, "label": "More", "custom_id": "ws1:m:0123abcd"}
        ]}]}),
    );
    let mut answer = answer;
    answer["author"] = fixtures::bot_user();
    let reply: Message = read(
        "reply MESSAGE_CREATE",
        fixtures::reply_create(10, 1, "and about Ukraine?", &answer, false),
    );
    assert_eq!(
        reply
            .message_reference
            .and_then(|r| r.message_id)
            .map(|m| m.get()),
        Some(9)
    );
    assert_eq!(
        reply.referenced_message.map(|m| m.author.id.get()),
        Some(fixtures::BOT_USER_ID)
    );
    let i: Interaction = read(
        "component INTERACTION_CREATE",
        fixtures::button_click(
            11,
            "tok",
            1,
            fixtures::MEMBER_PERMISSIONS,
            "ws1:m:0123abcd",
            &answer,
        ),
    );
    let Interaction::Component(click) = i else {
        panic!("not a component interaction")
    };
    assert_eq!(click.data.custom_id, "ws1:m:0123abcd");
    assert_eq!(click.message.id.get(), 9);
    let thread: Message = read(
        "thread MESSAGE_CREATE",
        fixtures::message_in(9, 12, 1, "<@1> hi"),
    );
    assert_eq!(thread.channel_id.get(), 9);
}

#[test]
fn slash_command_fixture_is_a_serenity_interaction() {
    let i: Interaction = read(
        "INTERACTION_CREATE",
        fixtures::slash_command(5, "tok", 1, "ask", &[("question", "Who?")]),
    );
    let Interaction::Command(cmd) = i else {
        panic!("not a command interaction")
    };
    assert_eq!(cmd.data.name, "ask");
    assert_eq!(cmd.data.options.len(), 1);
    assert!(cmd.member.is_some() && cmd.app_permissions.is_some());
}

#[test]
fn typed_options_resolve_channels_and_roles() {
    use fixtures::Arg;
    let i: Interaction = read(
        "INTERACTION_CREATE with typed options",
        fixtures::slash_command_as(
            6,
            "tok",
            1,
            fixtures::MANAGER_PERMISSIONS,
            "subscribe",
            &[
                Arg::Text("person", "Mark Rutte"),
                Arg::Integer("id", 3),
                Arg::Channel(
                    "channel",
                    fixtures::OTHER_CHANNEL_ID,
                    fixtures::MEMBER_PERMISSIONS,
                ),
                Arg::Role("role", fixtures::ROLE_ID),
            ],
        ),
    );
    let Interaction::Command(cmd) = i else {
        panic!("not a command interaction")
    };
    let resolved = cmd.data.options();
    assert_eq!(resolved.len(), 4);
    assert!(matches!(
        resolved[2].value,
        serenity::all::ResolvedValue::Channel(c) if c.id.get() == fixtures::OTHER_CHANNEL_ID
            && c.permissions.is_some_and(|p| !p.manage_channels())
    ));
    assert!(matches!(
        resolved[3].value,
        serenity::all::ResolvedValue::Role(r) if r.id.get() == fixtures::ROLE_ID
    ));
    let permissions = cmd.member.and_then(|m| m.permissions).expect("permissions");
    assert!(permissions.manage_channels());
}

#[test]
fn autocomplete_fixture_is_a_serenity_autocomplete() {
    let i: Interaction = read(
        "INTERACTION_CREATE autocomplete",
        fixtures::autocomplete(7, "tok", 1, "unsubscribe", "id", "ru"),
    );
    let Interaction::Autocomplete(a) = i else {
        panic!("not an autocomplete interaction")
    };
    let focused = a.data.autocomplete().expect("a focused option");
    assert_eq!((focused.name, focused.value), ("id", "ru"));
}

#[test]
fn moderator_command_fixture_resolves_users_roles_channels_and_attachments() {
    use fixtures::{option, resolved, subcommand};
    let user = fixtures::USER_ID_BASE + 4;
    let i: Interaction = read(
        "INTERACTION_CREATE /mod",
        fixtures::command_interaction(
            5,
            "tok",
            1,
            fixtures::MANAGE_GUILD,
            &[fixtures::ROLE_ID],
            "mod",
            subcommand(
                &["block"],
                vec![
                    option("user", 6, json!(user.to_string())),
                    option("file", 11, json!("77")),
                    option("channel", 7, json!(fixtures::OTHER_CHANNEL_ID.to_string())),
                    option("role", 8, json!(fixtures::ROLE_ID.to_string())),
                ],
            ),
            resolved(
                &[user],
                &[fixtures::OTHER_CHANNEL_ID],
                &[fixtures::ROLE_ID],
                &[(77, "c.json", 10, "http://127.0.0.1:1/attachments/77/c.json")],
            ),
        ),
    );
    let Interaction::Command(cmd) = i else {
        panic!("not a command interaction")
    };
    let options = cmd.data.options();
    let Some(serenity::all::ResolvedValue::SubCommand(leaf)) = options.first().map(|o| &o.value)
    else {
        panic!("no subcommand: {options:?}")
    };
    assert_eq!(leaf.len(), 4, "every option resolved: {leaf:?}");
    let member = cmd.member.as_deref().expect("member");
    assert!(member.permissions.is_some_and(|p| p.manage_guild()));
}

#[test]
fn rest_fixtures_are_serenity_types() {
    let _: CurrentUser = read("users/@me", fixtures::current_user());
    let _: CurrentApplicationInfo = read("applications/@me", fixtures::application_info());
    let def = json!({"name": "ask", "description": "Ask", "type": 1, "options": [
        {"type": 3, "name": "question", "description": "q", "required": true}]});
    let c: Command = read(
        "command",
        fixtures::command_from_definition(&def, Some(fixtures::GUILD_ID)),
    );
    assert_eq!(c.name, "ask");
}

#[test]
fn limits_refuse_long_content_and_large_embeds() {
    let ok = json!({"content": "a".repeat(2000), "embeds": [{"title": "t", "description": "d"}]});
    assert!(schema::message_limit_violations(&ok).is_empty());
    let long = json!({"content": "a".repeat(2001)});
    assert_eq!(schema::message_limit_violations(&long).len(), 1);
    let big = json!({"embeds": [
        {"description": "a".repeat(4000)}, {"description": "a".repeat(2001)}]});
    assert_eq!(
        schema::message_limit_violations(&big).len(),
        1,
        "6000 in total"
    );
    let field = json!({"embeds": [{"fields": [{"name": "n", "value": "v".repeat(1025)}]}]});
    assert_eq!(schema::message_limit_violations(&field).len(), 1);
}

#[test]
fn schema_check_refuses_what_discord_refuses() {
    let Some(schemas) = Schemas::load() else {
        eprintln!("skipped: no ../shared/discord/openapi.json");
        return;
    };
    let path = format!("/channels/{}/messages", fixtures::CHANNEL_ID);
    assert_eq!(
        schemas.route_of(&path).as_deref(),
        Some("/channels/{channel_id}/messages")
    );
    assert_eq!(
        schemas
            .route_of("/webhooks/1/tok/messages/@original")
            .as_deref(),
        Some("/webhooks/{webhook_id}/{webhook_token}/messages/@original")
    );
    let good = json!({"content": "hi", "allowed_mentions": {"parse": [], "users": [], "roles": [], "replied_user": false}});
    assert_eq!(schemas.check("POST", &path, &good), Vec::<String>::new());
    let bad = json!({"content": "hi", "allowed_mentions": {"parse": ["nobody"]}});
    assert!(!schemas.check("POST", &path, &bad).is_empty());
    let bad_embed = json!({"embeds": [{"title": "t".repeat(257)}]});
    assert!(!schemas.check("POST", &path, &bad_embed).is_empty());
    assert!(!schemas.check("POST", "/no/such/route", &good).is_empty());
    let callback = "/interactions/1/tok/callback";
    assert!(schemas
        .check("POST", callback, &json!({"type": 5, "data": {}}))
        .is_empty());
    assert!(!schemas
        .check("POST", callback, &json!({"type": 99}))
        .is_empty());
    let commands = format!("/applications/{}/commands", fixtures::APP_ID);
    let ok = json!([{"name": "ask", "description": "Ask", "type": 1}]);
    assert_eq!(schemas.check("PUT", &commands, &ok), Vec::<String>::new());
    let long_name = json!([{"name": "a".repeat(40), "description": "Ask", "type": 1}]);
    assert!(!schemas.check("PUT", &commands, &long_name).is_empty());
    // Buttons under answers: a row of buttons passes; a custom_id over 100 characters, a
    // label over 80, or a button outside a row does not.
    let button = |custom_id: String, label: String| json!({"type": 2, "style": 2, "custom_id": custom_id, "label": label});
    let with =
        |components: Value| json!({"embeds": [{"description": "x"}], "components": components});
    let row = |b: Value| json!([{"type": 1, "components": [b]}]);
    let edit = "/webhooks/1/tok/messages/@original";
    let ok = with(row(button("ws1:m:0123abcd".into(), "More".into())));
    assert_eq!(schemas.check("PATCH", edit, &ok), Vec::<String>::new());
    assert_eq!(schemas.check("POST", &path, &ok), Vec::<String>::new());
    for bad in [
        with(row(button("x".repeat(101), "More".into()))),
        with(row(button("ws1:m:0123abcd".into(), "l".repeat(81)))),
        with(json!([button("ws1:m:0123abcd".into(), "More".into())])),
    ] {
        assert!(!schemas.check("PATCH", edit, &bad).is_empty(), "{bad}");
    }
}
