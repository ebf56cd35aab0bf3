//! End to end: `/mod` against the fake Discord. Members without rights are refused for
//! every command and each attempt is a case; moderators (by Manage Server, and by a
//! moderator role) change what the bot does and every change shows in answers, in `/mod
//! log` and in the modlog channel; export, restart and import keep the configuration.

use serde_json::{json, Value};

use crate::support;
use crate::support::app::{embed_text, Options, TestBot, DEADLINE};
use crate::support::fake_discord::fixtures::{
    option, resolved, subcommand, BOT_USER_ID, CHANNEL_ID, GUILD_ID, MANAGE_GUILD,
    MEMBER_PERMISSIONS, OTHER_CHANNEL_ID, ROLE_ID, USER_ID_BASE,
};
use crate::support::fake_discord::Recorded;

const SEED_QUESTION: &str = "What did the Kremlin say about the summit?";
const SEED_TITLE: &str = "Plans for a Trump–Putin summit in Budapest in doubt";

/// True when every message among `requests` is ephemeral (flag 64).
fn all_ephemeral(requests: &[Recorded]) -> bool {
    requests.iter().filter_map(Recorded::message).all(|m| {
        m.get("flags")
            .and_then(Value::as_u64)
            .is_some_and(|f| f & 64 != 0)
    })
}

fn s(v: impl ToString) -> Value {
    json!(v.to_string())
}

/// The options of `/mod template set`: template `name` and its new `text`.
fn template_text(name: &str, text: &str) -> Vec<Value> {
    vec![
        option("name", 3, json!(name)),
        option("text", 3, json!(text)),
    ]
}

/// `/mod …` options and resolved data for each command, with a harmless target.
fn every_mod_command(file_url: &str) -> Vec<(Vec<&'static str>, Vec<Value>, Value)> {
    let member = USER_ID_BASE + 9;
    let none = Value::Null;
    let doc = || vec![option("document", 3, json!("sample-doc"))];
    let url = || vec![option("url", 3, json!("https://example.org/feed.xml"))];
    vec![
        (vec!["feed", "add"], url(), none.clone()),
        (vec!["feed", "remove"], url(), none.clone()),
        (vec!["feed", "list"], vec![], none.clone()),
        (vec!["feed", "test"], url(), none.clone()),
        (vec!["doc", "hide"], doc(), none.clone()),
        (vec!["doc", "unhide"], doc(), none.clone()),
        (vec!["doc", "list-hidden"], vec![], none.clone()),
        (
            vec!["block"],
            vec![
                option("user", 6, s(member)),
                option("reason", 3, json!("x")),
            ],
            resolved(&[member], &[], &[], &[]),
        ),
        (
            vec!["unblock"],
            vec![option("user", 6, s(member))],
            resolved(&[member], &[], &[], &[]),
        ),
        (vec!["channel", "enable"], vec![], none.clone()),
        (vec!["channel", "disable"], vec![], none.clone()),
        (
            vec!["channel", "default"],
            vec![option("enabled", 5, json!(false))],
            none.clone(),
        ),
        (
            vec!["cooldown", "set"],
            vec![option("seconds", 4, json!(30))],
            none.clone(),
        ),
        (
            vec!["limits", "set"],
            vec![option("posts-per-hour", 4, json!(5))],
            none.clone(),
        ),
        (
            vec!["template", "show"],
            vec![option("name", 3, json!("what_said"))],
            none.clone(),
        ),
        (
            vec!["template", "set"],
            template_text("what_said", "x"),
            none.clone(),
        ),
        (
            vec!["template", "reset"],
            vec![option("name", 3, json!("what_said"))],
            none.clone(),
        ),
        (vec!["log"], vec![], none.clone()),
        (vec!["feedback", "list"], vec![], none.clone()),
        (vec!["feedback", "clear"], vec![], none.clone()),
        (
            vec!["modlog", "channel"],
            vec![option("channel", 7, s(OTHER_CHANNEL_ID))],
            resolved(&[], &[OTHER_CHANNEL_ID], &[], &[]),
        ),
        (vec!["export"], vec![], none.clone()),
        (
            vec!["import"],
            vec![option("file", 11, json!("4242"))],
            resolved(&[], &[], &[], &[(4242, "c.json", 10, file_url)]),
        ),
        (
            vec!["roles", "add"],
            vec![option("role", 8, s(ROLE_ID))],
            resolved(&[], &[], &[ROLE_ID], &[]),
        ),
        (
            vec!["roles", "remove"],
            vec![option("role", 8, s(ROLE_ID))],
            resolved(&[], &[], &[ROLE_ID], &[]),
        ),
        (vec!["roles", "list"], vec![], none),
    ]
}

/// Who runs a command: member `n` with their permissions and roles.
#[derive(Clone, Copy)]
struct Member {
    n: u64,
    permissions: u64,
    roles: &'static [u64],
}

/// Member `n`, a moderator by the Manage Server permission.
fn by_manage_server(n: u64) -> Member {
    Member {
        n,
        permissions: MANAGE_GUILD,
        roles: &[],
    }
}

/// Member `n` with plain permissions and the role `ROLE_ID` (a moderator once that
/// role is configured).
fn by_mod_role(n: u64) -> Member {
    Member {
        n,
        permissions: MEMBER_PERMISSIONS,
        roles: &[ROLE_ID],
    }
}

/// Run `/mod path…` as `who` and return the requests made for it.
async fn run_mod(
    bot: &mut TestBot,
    who: Member,
    path: &[&str],
    leaf: Vec<Value>,
    resolved: Value,
) -> Vec<Recorded> {
    let token = bot.command(
        who.n,
        who.permissions,
        who.roles,
        "mod",
        subcommand(path, leaf),
        resolved,
    );
    bot.reply_to(&token).await
}

/// Run `/mod path…` without options as `who`.
async fn run_mod_bare(bot: &mut TestBot, who: Member, path: &[&str]) -> Vec<Recorded> {
    run_mod(bot, who, path, vec![], Value::Null).await
}

/// Ask the seed question as member `n`; the answer's text.
async fn ask(bot: &mut TestBot, n: u64, question: &str) -> String {
    let token = bot.slash(n, "ask", &[("question", question)]);
    embed_text(&bot.answer_to(&token).await)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn members_without_rights_are_refused_for_every_mod_command_and_each_attempt_is_a_case() {
    let mut bot = TestBot::start(Options::default()).await;
    let (_, file_url) = bot.fake.host_file("c.json", b"{}".to_vec());
    let before = bot.store().guild_config(GUILD_ID).expect("config");
    let commands = every_mod_command(&file_url);
    for (path, leaf, resolved) in commands.clone() {
        // A moderator role that is not configured does not help.
        let replies = run_mod(&mut bot, by_mod_role(1), &path, leaf, resolved).await;
        let said = embed_text(&replies);
        let why = if path[0] == "roles" {
            "Manage Server permission can change moderator roles"
        } else {
            "Only moderators can use /mod"
        };
        assert!(said.contains(why), "/mod {}: {said}", path.join(" "));
        assert!(
            all_ephemeral(&replies),
            "/mod {}: not ephemeral",
            path.join(" ")
        );
    }
    let store = bot.store();
    assert_eq!(
        store.guild_config(GUILD_ID).expect("config"),
        before,
        "nothing changed"
    );
    // Two pages of the log hold every attempt (a page has at most 25 cases).
    let (mut cases, total) = store
        .cases(GUILD_ID, Some(USER_ID_BASE + 1), None, 1, 25)
        .expect("cases");
    cases.extend(
        store
            .cases(GUILD_ID, Some(USER_ID_BASE + 1), None, 2, 25)
            .expect("cases")
            .0,
    );
    assert_eq!(total as usize, commands.len());
    assert!(
        cases.iter().all(|c| c.outcome.starts_with("refused")),
        "{cases:?}"
    );
    let mut actions: Vec<String> = cases.iter().map(|c| c.action.clone()).collect();
    actions.reverse();
    let expected: Vec<String> = commands.iter().map(|(p, _, _)| p.join(" ")).collect();
    assert_eq!(actions, expected);
    let block = cases
        .iter()
        .find(|c| c.action == "block")
        .expect("block case");
    assert_eq!(
        block.target.as_deref(),
        Some(format!("user=<@{}> reason=x", USER_ID_BASE + 9).as_str())
    );
    // No moderator is told of refusals unless a modlog channel is configured.
    assert!(!bot
        .fake
        .requests()
        .iter()
        .any(|r| r.path == format!("/channels/{OTHER_CHANNEL_ID}/messages")));
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn moderators_by_role_and_by_manage_server_change_what_members_get() {
    let mut bot = TestBot::start(Options::default()).await;
    let manager = 10;
    let moderator = 11;
    let member = 12;
    let blocked = 13;

    // Manage Server: a moderator role and the modlog channel.
    let r = run_mod(
        &mut bot,
        by_manage_server(manager),
        &["roles", "add"],
        vec![option("role", 8, s(ROLE_ID))],
        resolved(&[], &[], &[ROLE_ID], &[]),
    )
    .await;
    assert!(
        embed_text(&r).contains("is a moderator role"),
        "{}",
        embed_text(&r)
    );
    let r = run_mod(
        &mut bot,
        by_mod_role(moderator),
        &["roles", "add"],
        vec![option("role", 8, s(ROLE_ID + 1))],
        resolved(&[], &[], &[ROLE_ID + 1], &[]),
    )
    .await;
    assert!(
        embed_text(&r).contains("Manage Server"),
        "a role moderator cannot add roles: {}",
        embed_text(&r)
    );
    let r = run_mod(
        &mut bot,
        by_manage_server(manager),
        &["modlog", "channel"],
        vec![option("channel", 7, s(OTHER_CHANNEL_ID))],
        resolved(&[], &[OTHER_CHANNEL_ID], &[], &[]),
    )
    .await;
    assert!(embed_text(&r).contains("also posted"), "{}", embed_text(&r));

    // Hide the document the seed answer cites: the same question no longer cites it.
    let first = ask(&mut bot, member, SEED_QUESTION).await;
    assert!(first.contains(SEED_TITLE), "{first}");
    let dir = tempfile::tempdir().expect("dir");
    let engine = support::engine::with_sample(dir.path(), Vec::new());
    let answer = engine.ask(SEED_QUESTION).expect("answer");
    let cited = answer
        .statements
        .iter()
        .find(|st| st.document.title == SEED_TITLE)
        .map(|st| st.document.id.clone())
        .expect("the seed answer cites the seed document");
    // The template of the answer once the document is hidden: the one to change next.
    let hidden: std::collections::HashSet<String> = [cited.clone()].into();
    let later = engine
        .ask_excluding(SEED_QUESTION, &hidden)
        .expect("answer");
    let template = whosaid::render::template_for(&later)
        .trim_end_matches(".j2")
        .to_string();
    let r = run_mod(
        &mut bot,
        by_mod_role(moderator),
        &["doc", "hide"],
        vec![option("document", 3, json!(cited))],
        Value::Null,
    )
    .await;
    assert!(embed_text(&r).contains("Hidden"), "{}", embed_text(&r));
    assert!(all_ephemeral(&r));
    let after = ask(&mut bot, member, SEED_QUESTION).await;
    assert!(
        !after.contains(SEED_TITLE),
        "still cited after hiding:\n{after}"
    );
    let r = run_mod_bare(&mut bot, by_mod_role(moderator), &["doc", "list-hidden"]).await;
    assert!(embed_text(&r).contains(&cited), "{}", embed_text(&r));

    // A broken template is refused with its line; a good one shows in the next answer.
    let r = run_mod(
        &mut bot,
        by_mod_role(moderator),
        &["template", "set"],
        template_text(
            &template,
            "Fine line\n{% for s in statements %}\n{{ s.content \n",
        ),
        Value::Null,
    )
    .await;
    let refused = embed_text(&r);
    assert!(
        refused.contains("Nothing was changed") && refused.contains("line "),
        "{refused}"
    );
    let r = run_mod(
        &mut bot,
        by_mod_role(moderator),
        &["template", "set"],
        template_text(
            &template,
            "OUR SERVER SAYS: {{ statements | length }} statements",
        ),
        Value::Null,
    )
    .await;
    assert!(embed_text(&r).contains("is set"), "{}", embed_text(&r));
    let templated = ask(&mut bot, member, SEED_QUESTION).await;
    assert!(templated.contains("OUR SERVER SAYS:"), "{templated}");
    let r = run_mod(
        &mut bot,
        by_mod_role(moderator),
        &["template", "show"],
        vec![option("name", 3, json!(template))],
        Value::Null,
    )
    .await;
    assert!(
        embed_text(&r).contains("OUR SERVER SAYS:"),
        "{}",
        embed_text(&r)
    );

    // A blocked member is told once, then gets nothing; their mentions are ignored.
    let r = run_mod(
        &mut bot,
        by_manage_server(manager),
        &["block"],
        vec![
            option("user", 6, s(USER_ID_BASE + blocked)),
            option("reason", 3, json!("spam")),
        ],
        resolved(&[USER_ID_BASE + blocked], &[], &[], &[]),
    )
    .await;
    assert!(
        embed_text(&r).contains("is blocked here"),
        "{}",
        embed_text(&r)
    );
    let token = bot.slash(blocked, "ask", &[("question", SEED_QUESTION)]);
    let told = embed_text(&bot.reply_to(&token).await);
    assert!(told.contains("blocked you"), "{told}");
    let token = bot.slash(blocked, "ask", &[("question", SEED_QUESTION)]);
    let again = bot.reply_to(&token).await;
    assert!(!embed_text(&again).contains(SEED_TITLE) && all_ephemeral(&again));

    // A disabled channel ignores mentions; enabled again, it answers.
    let r = run_mod_bare(&mut bot, by_mod_role(moderator), &["channel", "disable"]).await;
    assert!(
        embed_text(&r).contains("no longer answers"),
        "{}",
        embed_text(&r)
    );
    let mention = format!("<@{BOT_USER_ID}> {SEED_QUESTION}");
    bot.message(blocked, &mention, true);
    bot.message(member, &mention, true);
    let token = bot.slash(member, "ask", &[("question", SEED_QUESTION)]);
    let off = embed_text(&bot.reply_to(&token).await);
    assert!(off.contains("switched off in this channel"), "{off}");
    // An ignored message leaves nothing to wait for: give its handler a moment.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let r = run_mod_bare(&mut bot, by_mod_role(moderator), &["channel", "enable"]).await;
    assert!(
        embed_text(&r).contains("answers and posts"),
        "{}",
        embed_text(&r)
    );
    let replies_in_channel = |rs: &[Recorded]| {
        rs.iter()
            .filter(|r| {
                r.method == "POST" && r.path.starts_with(&format!("/channels/{CHANNEL_ID}/"))
            })
            .count()
    };
    assert_eq!(
        replies_in_channel(&bot.fake.requests()),
        0,
        "mentions answered in a disabled channel"
    );
    bot.message(member, &mention, true);
    bot.fake
        .wait_for("the mention answered once enabled", DEADLINE, |rs| {
            replies_in_channel(rs) > 0
        })
        .await;

    // Every action is in /mod log with its actor and target, and in the modlog channel.
    let r = run_mod_bare(&mut bot, by_manage_server(manager), &["log"]).await;
    let log = embed_text(&r);
    for (action, actor) in [
        ("channel enable", moderator),
        ("channel disable", moderator),
        ("block", manager),
        ("template set", moderator),
        ("doc hide", moderator),
    ] {
        let line = log
            .lines()
            .find(|l| l.contains(&format!("`{action}`")))
            .unwrap_or_else(|| panic!("{action} missing from the log:\n{log}"));
        assert!(
            line.contains(&format!("<@{}>", USER_ID_BASE + actor)),
            "{line}"
        );
    }
    assert!(
        log.contains(&format!("<@{}>", USER_ID_BASE + blocked)),
        "block target: {log}"
    );
    let r = run_mod(
        &mut bot,
        by_manage_server(manager),
        &["log"],
        vec![
            option("action", 3, json!("roles")),
            option("user", 6, s(USER_ID_BASE + moderator)),
        ],
        resolved(&[USER_ID_BASE + moderator], &[], &[], &[]),
    )
    .await;
    let filtered = embed_text(&r);
    assert!(filtered.contains("refused: no Manage Server"), "{filtered}");
    assert!(!filtered.contains("`doc hide`"), "{filtered}");
    let modlog = bot
        .fake
        .wait_for("the modlog posts", DEADLINE, |rs| {
            rs.iter()
                .filter(|r| r.path == format!("/channels/{OTHER_CHANNEL_ID}/messages"))
                .count()
                >= 7
        })
        .await;
    let posted: String = modlog
        .iter()
        .filter(|r| r.path == format!("/channels/{OTHER_CHANNEL_ID}/messages"))
        .map(|r| embed_text(std::slice::from_ref(r)))
        .collect();
    for action in [
        "doc hide",
        "template set",
        "block",
        "channel disable",
        "channel enable",
    ] {
        assert!(
            posted.contains(&format!("`{action}`")),
            "{action} not in the modlog:\n{posted}"
        );
    }

    // Unblocked, the member is answered again; a removed role no longer makes a moderator.
    let r = run_mod(
        &mut bot,
        by_mod_role(moderator),
        &["unblock"],
        vec![option("user", 6, s(USER_ID_BASE + blocked))],
        resolved(&[USER_ID_BASE + blocked], &[], &[], &[]),
    )
    .await;
    assert!(
        embed_text(&r).contains("no longer blocked"),
        "{}",
        embed_text(&r)
    );
    let answered = ask(&mut bot, blocked, SEED_QUESTION).await;
    assert!(answered.contains("OUR SERVER SAYS:"), "{answered}");
    let r = run_mod(
        &mut bot,
        by_manage_server(manager),
        &["roles", "remove"],
        vec![option("role", 8, s(ROLE_ID))],
        resolved(&[], &[], &[ROLE_ID], &[]),
    )
    .await;
    assert!(
        embed_text(&r).contains("no longer a moderator role"),
        "{}",
        embed_text(&r)
    );
    let r = run_mod_bare(&mut bot, by_manage_server(manager), &["roles", "list"]).await;
    assert!(
        embed_text(&r).contains("No moderator role"),
        "{}",
        embed_text(&r)
    );
    let r = run_mod_bare(&mut bot, by_mod_role(moderator), &["doc", "list-hidden"]).await;
    assert!(
        embed_text(&r).contains("Only moderators"),
        "{}",
        embed_text(&r)
    );
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn configuration_survives_a_restart_and_export_then_import_reproduces_it() {
    let kept = tempfile::tempdir().expect("dir");
    let mut bot = TestBot::start(Options {
        data_dir: Some(kept.path().to_path_buf()),
        ..Options::default()
    })
    .await;
    let manager = 10;
    let steps: Vec<(Vec<&str>, Vec<Value>, Value)> = vec![
        (
            vec!["roles", "add"],
            vec![option("role", 8, s(ROLE_ID))],
            resolved(&[], &[], &[ROLE_ID], &[]),
        ),
        (
            vec!["channel", "disable"],
            vec![option("channel", 7, s(OTHER_CHANNEL_ID))],
            resolved(&[], &[OTHER_CHANNEL_ID], &[], &[]),
        ),
        (
            vec!["cooldown", "set"],
            vec![option("seconds", 4, json!(45))],
            Value::Null,
        ),
        (
            vec!["limits", "set"],
            vec![option("posts-per-hour", 4, json!(7))],
            Value::Null,
        ),
        (
            vec!["feed", "add"],
            vec![option("url", 3, json!("https://example.org/feed.xml"))],
            Value::Null,
        ),
        (
            vec!["block"],
            vec![
                option("user", 6, s(USER_ID_BASE + 20)),
                option("reason", 3, json!("spam")),
            ],
            resolved(&[USER_ID_BASE + 20], &[], &[], &[]),
        ),
        (
            vec!["template", "set"],
            template_text("who_is", "WHO: {{ subject }}"),
            Value::Null,
        ),
    ];
    for (path, leaf, res) in steps {
        let r = run_mod(&mut bot, by_manage_server(manager), &path, leaf, res).await;
        assert!(
            embed_text(&r).contains("case #"),
            "/mod {}: {}",
            path.join(" "),
            embed_text(&r)
        );
    }
    let configured = bot.store().guild_config(GUILD_ID).expect("config");
    bot.stop().await;

    // Restarted on the same data directory: the same state, still enforced.
    let mut bot = TestBot::start(Options {
        data_dir: Some(kept.path().to_path_buf()),
        ..Options::default()
    })
    .await;
    assert_eq!(
        bot.store().guild_config(GUILD_ID).expect("config"),
        configured
    );
    let token = bot.slash(20, "ask", &[("question", SEED_QUESTION)]);
    assert!(embed_text(&bot.reply_to(&token).await).contains("blocked you"));
    let r = run_mod_bare(&mut bot, by_mod_role(21), &["roles", "list"]).await;
    assert!(
        embed_text(&r).contains("Manage Server"),
        "roles list stays Manage Server only"
    );
    let r = run_mod_bare(&mut bot, by_mod_role(21), &["log"]).await;
    assert!(
        embed_text(&r).contains("`cooldown set`"),
        "the log survives: {}",
        embed_text(&r)
    );
    let r = run_mod_bare(&mut bot, by_manage_server(manager), &["export"]).await;
    let file = r
        .iter()
        .flat_map(|r| r.files.clone())
        .next()
        .expect("the export is a file attachment");
    assert!(file.0.ends_with(".json"), "{}", file.0);
    bot.stop().await;

    // Imported into a fresh data directory: the same configuration.
    let mut fresh = TestBot::start(Options::default()).await;
    let size = file.1.len() as u64;
    let (id, url) = fresh.fake.host_file(&file.0, file.1);
    let r = run_mod(
        &mut fresh,
        by_manage_server(manager),
        &["import"],
        vec![option("file", 11, s(id))],
        resolved(&[], &[], &[], &[(id, &file.0, size, &url)]),
    )
    .await;
    assert!(embed_text(&r).contains("Imported"), "{}", embed_text(&r));
    let imported = fresh.store().guild_config(GUILD_ID).expect("config");
    assert_eq!(imported, configured);
    // The imported cooldown applies.
    let first = ask(&mut fresh, 30, SEED_QUESTION).await;
    assert!(first.contains(SEED_TITLE), "{first}");
    let token = fresh.slash(30, "ask", &[("question", SEED_QUESTION)]);
    let wait = embed_text(&fresh.reply_to(&token).await);
    assert!(wait.contains("Please wait"), "{wait}");
    // A broken file changes nothing and says why.
    let (bad_id, bad_url) = fresh
        .fake
        .host_file("bad.json", b"{\"format\": \"other\"}".to_vec());
    let r = run_mod(
        &mut fresh,
        by_manage_server(manager),
        &["import"],
        vec![option("file", 11, s(bad_id))],
        resolved(&[], &[], &[], &[(bad_id, "bad.json", 20, &bad_url)]),
    )
    .await;
    assert!(
        embed_text(&r).contains("not a whosaid configuration"),
        "{}",
        embed_text(&r)
    );
    assert_eq!(
        fresh.store().guild_config(GUILD_ID).expect("config"),
        configured
    );
    fresh.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn feed_test_shows_what_would_be_read_without_indexing_and_autocomplete_offers_titles() {
    let mut bot = TestBot::start(Options {
        feed_allow_hosts: vec!["127.0.0.1".to_string()],
        ..Options::default()
    })
    .await;
    let feed = "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>Test News</title>\
        <item><title>Mayor speaks</title><link>https://news.example/mayor</link><guid>m1</guid>\
        <pubDate>Wed, 22 Oct 2025 10:00:00 GMT</pubDate>\
        <description>The mayor, Anna Berg, said on Tuesday that the bridge would reopen in May.</description></item>\
        </channel></rss>";
    let (_, url) = bot.fake.host_file("feed.xml", feed.as_bytes().to_vec());
    let documents = |bot: &TestBot| {
        let engine = whosaid::engine::Engine::open(support::engine::options(bot.data_dir()));
        engine.and_then(|e| e.stats()).map(|s| s.documents).ok()
    };
    let before = documents(&bot);
    let r = run_mod(
        &mut bot,
        by_manage_server(10),
        &["feed", "test"],
        vec![option("url", 3, json!(url))],
        Value::Null,
    )
    .await;
    let shown = embed_text(&r);
    assert!(
        shown.contains("Test News") && shown.contains("1 items"),
        "{shown}"
    );
    assert!(shown.contains("Mayor speaks"), "{shown}");
    assert!(shown.contains("Nothing was indexed or posted"), "{shown}");
    assert!(all_ephemeral(&r));
    assert_eq!(documents(&bot), before, "nothing indexed");

    // Followed, listed, and no longer followed.
    for (path, expect) in [
        (vec!["feed", "add"], "now follows"),
        (vec!["feed", "list"], "not polled yet"),
        (vec!["feed", "remove"], "no longer follows"),
        (vec!["feed", "list"], "follows no feed"),
    ] {
        let leaf = if path[1] == "list" {
            vec![]
        } else {
            vec![option("url", 3, json!(url))]
        };
        let r = run_mod(&mut bot, by_manage_server(10), &path, leaf, Value::Null).await;
        assert!(
            embed_text(&r).contains(expect),
            "/mod {}: {}",
            path.join(" "),
            embed_text(&r)
        );
    }

    // Autocomplete on document titles (an interaction of type 4, answered with type 8).
    let token = bot.interaction(|id, token| {
        let mut event = support::fake_discord::fixtures::command_interaction(
            id,
            token,
            10,
            MANAGE_GUILD,
            &[],
            "mod",
            json!([{"name": "doc", "type": 2, "options": [{"name": "hide", "type": 1, "options": [
                {"name": "document", "type": 3, "value": "Budapest summit", "focused": true}
            ]}]}]),
            Value::Null,
        );
        event["type"] = json!(4);
        event
    });
    let requests = bot
        .fake
        .wait_for("the autocomplete answer", DEADLINE, |rs| {
            rs.iter()
                .any(|r| r.path.contains(&format!("/{token}/callback")))
        })
        .await;
    let answer = requests
        .iter()
        .find(|r| r.path.contains(&format!("/{token}/callback")))
        .and_then(|r| r.body.clone())
        .expect("a callback body");
    assert_eq!(answer["type"], json!(8), "{answer}");
    let names: Vec<&str> = answer["data"]["choices"]
        .as_array()
        .map(|c| c.iter().filter_map(|c| c["name"].as_str()).collect())
        .unwrap_or_default();
    assert!(names.contains(&SEED_TITLE), "{names:?}");

    // A document named by its URL; unhidden by its id.
    let r = run_mod(
        &mut bot,
        by_manage_server(10),
        &["doc", "hide"],
        vec![option(
            "document",
            3,
            json!("https://en.wikinews.org/wiki/Hundreds_dead_in_Hajj_stampede"),
        )],
        Value::Null,
    )
    .await;
    assert!(
        embed_text(&r).contains("Hundreds dead in Hajj stampede"),
        "{}",
        embed_text(&r)
    );
    let r = run_mod(
        &mut bot,
        by_manage_server(10),
        &["doc", "unhide"],
        vec![option("document", 3, json!("gum-news-stampede"))],
        Value::Null,
    )
    .await;
    assert!(
        embed_text(&r).contains("may be cited here again"),
        "{}",
        embed_text(&r)
    );
    let r = run_mod_bare(&mut bot, by_manage_server(10), &["doc", "list-hidden"]).await;
    assert!(
        embed_text(&r).contains("No document is hidden"),
        "{}",
        embed_text(&r)
    );
    bot.stop().await;
}
