//! End to end: conversations against the fake Discord. A reply to an answer, a mention in
//! a thread started from one, and `/ask` in that thread follow up on it ("and about
//! Ukraine?", "what else did he say?", "when was that?"); the buttons under answers (More,
//! Timeline, Sources, 👍 / 👎) with their checked ids; feedback that leaves a citation out
//! of one server's answers. Context never leaks between servers or channels, and survives
//! a restart.

use serde_json::{json, Value};

use crate::support::app::{article, embed_text, Options, TestBot, DEADLINE};
use crate::support::fake_discord::fixtures::{
    self, in_guild, option, resolved, subcommand, BOT_USER_ID, CHANNEL_ID, MANAGE_GUILD,
    MEMBER_PERMISSIONS, OTHER_CHANNEL_ID, SECOND_CHANNEL_ID, SECOND_GUILD_ID, USER_ID_BASE,
};
use crate::support::fake_discord::{Created, Recorded};
use whosaid::corpus::Document;

const AIR: &str = "What did Mark Rutte say about air defence?";
const FIRST_ON_AIR: &str = "air defence in Europe must be strengthened quickly";

/// Mark Rutte on air defence, on Ukraine, on the defence industry and after a summit; Dick
/// Schoof on air defence.
fn articles() -> Vec<Document> {
    vec![
        article(
            "Rutte on air defence",
            "2025-10-10",
            "NATO Secretary General Mark Rutte said air defence in Europe must be strengthened quickly. Rutte said the alliance would buy more Patriot batteries for air defence.",
        ),
        article(
            "Rutte on Ukraine",
            "2025-10-12",
            "Mark Rutte said Ukraine will get more support from the alliance this winter. Rutte also said Ukraine's energy grid needs protection from drones.",
        ),
        article(
            "Schoof on air defence",
            "2025-10-13",
            "Dutch Prime Minister Dick Schoof said air defence spending in the Netherlands is too low.",
        ),
        article(
            "Rutte on defence industry",
            "2025-10-01",
            "Mark Rutte said the defence industry must produce more shells. Rutte said defence budgets should keep rising next year. Rutte said Europe's defence industry needs long contracts. Rutte said defence cooperation with Canada is growing.",
        ),
        article(
            "Rutte after the summit",
            "2025-10-14",
            "Mark Rutte said the summit in The Hague was a success. Rutte said allies agreed to spend more on defence. Rutte said drones over airports are a growing threat. Rutte said the alliance must stay united.",
        ),
    ]
}

async fn start() -> TestBot {
    TestBot::start(Options {
        articles: articles(),
        ..Options::default()
    })
    .await
}

/// The text of one message the bot made (title, description, footer, content).
fn text_of(c: &Created) -> String {
    let r = Recorded {
        method: "POST".into(),
        path: "/channels/0/messages".into(),
        body: Some(c.body.clone()),
        files: Vec::new(),
        at: std::time::Instant::now(),
    };
    embed_text(&[r])
}

fn title_of(c: &Created) -> String {
    c.body
        .pointer("/embeds/0/title")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

/// The custom id of the button of `answer` whose id has action `action` ("m", "t", …).
fn button(answer: &Created, action: &str) -> String {
    answer
        .custom_ids()
        .into_iter()
        .find(|id| id.split(':').nth(1) == Some(action))
        .unwrap_or_else(|| panic!("no {action} button on {:?}", answer.custom_ids()))
}

/// Whether interaction `token`'s replies are all ephemeral (flag 64) and one says `what`.
fn privately_says(requests: &[Recorded], what: &str) -> bool {
    let messages: Vec<&Value> = requests.iter().filter_map(Recorded::message).collect();
    !messages.is_empty()
        && messages.iter().all(|m| {
            m.get("flags")
                .and_then(Value::as_u64)
                .is_some_and(|f| f & 64 != 0)
        })
        && embed_text(requests).contains(what)
}

/// Wait until the bot kept the conversation of `answer` (it does right after posting it;
/// a member cannot reply faster, a test can).
async fn kept(bot: &TestBot, answer: &Created) {
    let store = bot.store();
    bot.fake
        .wait_until("the answer's conversation kept", DEADLINE, |_| {
            let guild = answer
                .body
                .pointer("/message_reference/guild_id")
                .and_then(Value::as_str)
                .and_then(|g| g.parse().ok())
                .unwrap_or(fixtures::GUILD_ID);
            store
                .conversation(guild, answer.channel_id, answer.id, whosaid::store::now())
                .is_ok_and(|c| c.is_some())
        })
        .await;
}

/// Ask `question` by `/ask` as member `n`; the answer's last message, its conversation
/// kept.
async fn ask(bot: &mut TestBot, n: u64, question: &str) -> Created {
    let token = bot.slash(n, "ask", &[("question", question)]);
    let answer = bot.answer_message(&token).await;
    kept(bot, &answer).await;
    answer
}

/// Reply `content` to `to` as member `n`; the bot's answer, its conversation kept.
async fn reply(bot: &mut TestBot, n: u64, content: &str, to: &Created) -> Created {
    let asked = bot.reply(n, content, to);
    let answer = bot.reply_message(asked).await;
    kept(bot, &answer).await;
    answer
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reply_follows_up_on_the_answer_it_replies_to() {
    let mut bot = start().await;
    let first = ask(&mut bot, 1, AIR).await;
    assert!(
        text_of(&first).contains(FIRST_ON_AIR),
        "{}",
        text_of(&first)
    );
    // The answer carries its buttons, checked against Discord's schema by the fake.
    assert_eq!(first.custom_ids().len(), 5, "{:?}", first.custom_ids());

    // "and about Ukraine?": the same person, the new topic.
    let ukraine = reply(&mut bot, 1, "and about Ukraine?", &first).await;
    assert_eq!(title_of(&ukraine), "What did Mark Rutte say about Ukraine?");
    let said = text_of(&ukraine);
    assert!(said.contains("Ukraine will get more support"), "{said}");
    assert!(!said.contains("Dick Schoof"), "{said}");

    // "what else did he say?": statements not cited before in the conversation.
    let more = text_of(&reply(&mut bot, 1, "what else did he say?", &ukraine).await);
    assert!(more.contains("summit in The Hague was a success"), "{more}");
    for before in [FIRST_ON_AIR, "Ukraine will get more support"] {
        assert!(!more.contains(before), "{before} cited again: {more}");
    }

    // "when was that?": the date of the previous answer's first statement.
    let when = text_of(&reply(&mut bot, 2, "when was that?", &first).await);
    assert!(when.contains("10 October 2025"), "{when}");
    assert!(when.contains(FIRST_ON_AIR), "{when}");

    // "who else said so?": the topic, another speaker.
    let others = text_of(&reply(&mut bot, 2, "who else said so?", &first).await);
    assert!(others.contains("Dick Schoof"), "{others}");
    assert!(!others.contains("Mark Rutte"), "{others}");
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thread_started_from_an_answer_follows_it_by_mention_and_by_ask() {
    let mut bot = start().await;
    let first = ask(&mut bot, 1, AIR).await;
    // A thread started from a message has the message's id.
    let thread = first.id;
    let id = bot.next_id();
    bot.fake.push(
        "MESSAGE_CREATE",
        fixtures::message_in(
            thread,
            id,
            1,
            &format!("<@{BOT_USER_ID}> and about Ukraine?"),
        ),
    );
    let in_thread = bot.reply_message(id).await;
    kept(&bot, &in_thread).await;
    assert_eq!(in_thread.channel_id, thread);
    assert_eq!(
        title_of(&in_thread),
        "What did Mark Rutte say about Ukraine?"
    );

    // `/ask` in the thread follows the thread's newest answer (about Ukraine).
    let token = bot.interaction(|id, token| {
        let mut i = fixtures::slash_command(id, token, 1, "ask", &[("question", "when was that?")]);
        i["channel_id"] = json!(thread.to_string());
        i
    });
    let when = embed_text(&bot.answer_to(&token).await);
    assert!(when.contains("When did Mark Rutte say that?"), "{when}");
    assert!(when.contains("12 October 2025"), "{when}");
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn context_never_leaks_between_servers_or_channels() {
    let mut bot = start().await;
    let first = ask(&mut bot, 1, AIR).await;
    let mut replied = first.message();
    replied["author"] = fixtures::bot_user();
    // The same reply, from another channel of the server and from another server.
    for (guild, channel) in [
        (fixtures::GUILD_ID, OTHER_CHANNEL_ID),
        (SECOND_GUILD_ID, SECOND_CHANNEL_ID),
    ] {
        let id = bot.next_id();
        // With the reply's mention on (Discord's default), as a question of its own would
        // be answered; without it, a reply to no answer of that place is ignored.
        let content = format!("<@{BOT_USER_ID}> and about Ukraine?");
        let mut m = fixtures::reply_create(id, 1, &content, &replied, true);
        m["channel_id"] = json!(channel.to_string());
        if guild != fixtures::GUILD_ID {
            m = in_guild(m, guild, channel);
        }
        bot.fake.push("MESSAGE_CREATE", m);
        let answer = bot.reply_message(id).await;
        assert_ne!(
            title_of(&answer),
            "What did Mark Rutte say about Ukraine?",
            "guild {guild} channel {channel} followed another's conversation"
        );
    }
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restart_between_question_and_follow_up_keeps_the_context() {
    let dir = tempfile::tempdir().expect("temp dir");
    let bot = TestBot::start(Options {
        articles: articles(),
        data_dir: Some(dir.path().to_path_buf()),
        ..Options::default()
    })
    .await;
    let mut bot = bot;
    let first = ask(&mut bot, 1, AIR).await;
    let fake = bot.stop().await;
    let mut bot = TestBot::start(Options {
        articles: articles(),
        data_dir: Some(dir.path().to_path_buf()),
        fake: Some(fake),
        ..Options::default()
    })
    .await;
    let ukraine = reply(&mut bot, 1, "and about Ukraine?", &first).await;
    assert_eq!(title_of(&ukraine), "What did Mark Rutte say about Ukraine?");
    // The buttons of the answer from before the restart still work.
    let token = bot.click(
        1,
        MEMBER_PERMISSIONS,
        &button(&first, "s"),
        &first.message(),
    );
    let sources = bot.reply_to(&token).await;
    assert!(
        privately_says(&sources, "Rutte on air defence"),
        "{}",
        embed_text(&sources)
    );
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn more_pages_to_the_end_then_says_there_is_no_more() {
    let mut bot = start().await;
    let mut page = ask(&mut bot, 1, "What did Mark Rutte say about defence?").await;
    let mut seen = vec![text_of(&page)];
    let mut pages = 1;
    loop {
        assert!(pages < 8, "More never ended");
        // Anyone may press More: member 2 here, not the asker.
        let token = bot.click(2, MEMBER_PERMISSIONS, &button(&page, "m"), &page.message());
        let requests = bot.answer_to(&token).await;
        if privately_says(&requests, "no more statements") {
            break;
        }
        page = bot.answer_message(&token).await;
        let text = text_of(&page);
        assert!(text.contains("Mark Rutte"), "{text}");
        seen.push(text);
        pages += 1;
    }
    assert!(pages >= 2, "More showed nothing new: {seen:?}");
    // No statement shows twice across the pages.
    let lines: Vec<&str> = seen
        .iter()
        .flat_map(|t| t.lines())
        .filter(|l| l.starts_with("**Mark Rutte**"))
        .collect();
    let mut unique = lines.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(lines.len(), unique.len(), "{lines:?}");
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn timeline_and_sources_answer_from_the_buttons() {
    let mut bot = start().await;
    let first = ask(&mut bot, 1, AIR).await;
    let token = bot.click(
        1,
        MEMBER_PERMISSIONS,
        &button(&first, "t"),
        &first.message(),
    );
    let timeline = embed_text(&bot.answer_to(&token).await);
    assert!(timeline.contains("What Mark Rutte said"), "{timeline}");
    assert!(
        timeline.contains("the alliance must stay united"),
        "{timeline}"
    );
    let token = bot.click(
        1,
        MEMBER_PERMISSIONS,
        &button(&first, "s"),
        &first.message(),
    );
    let sources = bot.reply_to(&token).await;
    assert!(
        privately_says(&sources, "(<https://news.example/rutte-on-air-defence>)"),
        "{}",
        embed_text(&sources)
    );
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stale_or_forged_button_is_refused_privately() {
    let mut bot = start().await;
    let first = ask(&mut bot, 1, AIR).await;
    let more = button(&first, "m");
    let other_nonce = format!(
        "ws1:m:{}",
        if more.ends_with('0') {
            "00000001"
        } else {
            "00000000"
        }
    );
    let cases = [
        (other_nonce.as_str(), "not one I can use"),
        ("ws1:m:zzzzzzzz", "not one I can use"),
        ("hello", "not one I can use"),
        (&more.replacen("ws1", "ws0", 1), "expired"),
    ];
    for (custom_id, said) in cases {
        let token = bot.click(1, MEMBER_PERMISSIONS, custom_id, &first.message());
        let replies = bot.reply_to(&token).await;
        assert!(
            privately_says(&replies, said),
            "{custom_id}: {}",
            embed_text(&replies)
        );
    }
    // A real button on a message with no conversation kept (another message) is stale.
    let mut elsewhere = first.message();
    elsewhere["id"] = json!("1234567890123");
    let token = bot.click(1, MEMBER_PERMISSIONS, &more, &elsewhere);
    assert!(privately_says(&bot.reply_to(&token).await, "expired"));
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_moderators_down_vote_removes_that_citation_in_that_server_only() {
    let mut bot = start().await;
    let first = ask(&mut bot, 1, AIR).await;
    assert!(text_of(&first).contains(FIRST_ON_AIR));
    // 👎 on an answer citing several statements asks which; the moderator picks the first.
    let token = bot.click(3, MANAGE_GUILD, &button(&first, "d"), &first.message());
    let picker = bot.reply_to(&token).await;
    let picker_body = picker
        .iter()
        .find_map(Recorded::message)
        .cloned()
        .expect("a picker");
    let pick = picker_body
        .pointer("/components/0/components/0/custom_id")
        .and_then(Value::as_str)
        .expect("a statement button")
        .to_string();
    let picker_message = fixtures::message_from_request(bot.next_id(), CHANNEL_ID, &picker_body);
    let token = bot.click(3, MANAGE_GUILD, &pick, &picker_message);
    let noted = bot.reply_to(&token).await;
    assert!(
        privately_says(&noted, "leaves this statement out"),
        "{}",
        embed_text(&noted)
    );

    // The same question in this server: that citation is gone, the others stay.
    let again = text_of(&ask(&mut bot, 1, AIR).await);
    assert!(!again.contains(FIRST_ON_AIR), "{again}");
    assert!(again.contains("Patriot batteries"), "{again}");
    // In another server it is still cited.
    let token = bot.interaction(|id, token| {
        in_guild(
            fixtures::slash_command(id, token, 1, "ask", &[("question", AIR)]),
            SECOND_GUILD_ID,
            SECOND_CHANNEL_ID,
        )
    });
    let there = embed_text(&bot.answer_to(&token).await);
    assert!(there.contains(FIRST_ON_AIR), "{there}");

    // /mod feedback lists it with its link; the vote is in the audit log and the export.
    let token = bot.command(
        3,
        MANAGE_GUILD,
        &[],
        "mod",
        subcommand(&["feedback", "list"], vec![]),
        Value::Null,
    );
    let listed = embed_text(&bot.reply_to(&token).await);
    assert!(listed.contains(FIRST_ON_AIR), "{listed}");
    assert!(
        listed.contains("https://news.example/rutte-on-air-defence"),
        "{listed}"
    );
    let cases = bot
        .store()
        .cases(fixtures::GUILD_ID, None, Some("feedback down"), 1, 10)
        .expect("cases")
        .0;
    assert_eq!(cases.len(), 1, "{cases:?}");
    let token = bot.command(
        3,
        MANAGE_GUILD,
        &[],
        "mod",
        subcommand(&["export"], vec![]),
        Value::Null,
    );
    let exported = bot.reply_to(&token).await;
    let file = exported
        .iter()
        .flat_map(|r| r.files.clone())
        .next()
        .expect("the export is a file attachment");
    let export = String::from_utf8_lossy(&file.1).to_string();
    assert!(export.contains("\"feedback\""), "{export}");
    assert!(export.contains(FIRST_ON_AIR), "{export}");

    // /mod feedback clear: the citation is back.
    let token = bot.command(
        3,
        MANAGE_GUILD,
        &[],
        "mod",
        subcommand(&["feedback", "clear"], vec![]),
        Value::Null,
    );
    bot.reply_to(&token).await;
    let back = text_of(&ask(&mut bot, 1, AIR).await);
    assert!(back.contains(FIRST_ON_AIR), "{back}");
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_blocked_members_clicks_are_refused() {
    let mut bot = start().await;
    let first = ask(&mut bot, 1, AIR).await;
    let blocked = USER_ID_BASE + 2;
    let token = bot.command(
        3,
        MANAGE_GUILD,
        &[],
        "mod",
        subcommand(
            &["block"],
            vec![option("user", 6, json!(blocked.to_string()))],
        ),
        resolved(&[blocked], &[], &[], &[]),
    );
    bot.reply_to(&token).await;
    let token = bot.click(
        2,
        MEMBER_PERMISSIONS,
        &button(&first, "m"),
        &first.message(),
    );
    let refused = bot.reply_to(&token).await;
    assert!(
        privately_says(&refused, "blocked"),
        "{}",
        embed_text(&refused)
    );
    assert!(
        !bot.fake
            .requests()
            .iter()
            .any(|r| r.path.contains(&format!("/{token}/messages/@original"))),
        "a blocked member's click posted an answer"
    );
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn more_never_shows_a_document_hidden_since_the_answer() {
    let mut bot = start().await;
    let first = ask(&mut bot, 1, "What did Mark Rutte say about defence?").await;
    let hidden = articles()
        .into_iter()
        .find(|d| d.title.as_deref() == Some("Rutte on defence industry"))
        .expect("the article");
    let token = bot.command(
        3,
        MANAGE_GUILD,
        &[],
        "mod",
        subcommand(
            &["doc", "hide"],
            vec![option("document", 3, json!(hidden.id.to_string()))],
        ),
        Value::Null,
    );
    let hid = embed_text(&bot.reply_to(&token).await);
    assert!(hid.contains("no longer cited"), "{hid}");
    let mut page = first;
    for _ in 0..8 {
        let token = bot.click(1, MEMBER_PERMISSIONS, &button(&page, "m"), &page.message());
        let requests = bot.answer_to(&token).await;
        if privately_says(&requests, "no more statements") {
            bot.stop().await;
            return;
        }
        page = bot.answer_message(&token).await;
        let text = text_of(&page);
        assert!(!text.contains("Rutte on defence industry"), "{text}");
    }
    panic!("More never ended");
}

/// Member `n` holding `permissions` votes 👎 on statement `which` of `answer` (through the
/// picker when it cites several); what they are told.
async fn vote_down(
    bot: &mut TestBot,
    n: u64,
    permissions: u64,
    answer: &Created,
    which: usize,
) -> String {
    let token = bot.click(n, permissions, &button(answer, "d"), &answer.message());
    let replies = bot.reply_to(&token).await;
    let body = replies
        .iter()
        .find_map(Recorded::message)
        .cloned()
        .expect("a reply");
    let Some(pick) = body
        .pointer(&format!("/components/0/components/{which}/custom_id"))
        .and_then(Value::as_str)
        .map(str::to_string)
    else {
        // One statement: the vote is recorded at once.
        return embed_text(&replies);
    };
    let picker = fixtures::message_from_request(bot.next_id(), CHANNEL_ID, &body);
    let token = bot.click(n, permissions, &pick, &picker);
    embed_text(&bot.reply_to(&token).await)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn members_down_votes_demote_a_citation_once_enough_agree() {
    let mut bot = start().await;
    let rutte = ask(&mut bot, 1, AIR).await;
    let schoof = ask(&mut bot, 1, "What did Dick Schoof say about air defence?").await;
    let only = "air defence spending in the Netherlands is too low";
    assert!(text_of(&schoof).contains(only), "{}", text_of(&schoof));
    let needed = whosaid::store::MEMBER_DOWN_VOTES as u64;
    for n in 0..needed {
        let member = 10 + n;
        let told = vote_down(&mut bot, member, MEMBER_PERMISSIONS, &rutte, 0).await;
        assert!(told.contains("Noted: 👎"), "{told}");
        vote_down(&mut bot, member, MEMBER_PERMISSIONS, &schoof, 0).await;
        // Voting again counts once.
        let again = vote_down(&mut bot, member, MEMBER_PERMISSIONS, &schoof, 0).await;
        assert!(again.contains("already voted"), "{again}");
        let now = text_of(&ask(&mut bot, 1, AIR).await);
        assert_eq!(
            now.contains(FIRST_ON_AIR),
            n + 1 < needed,
            "after {} members' 👎: {now}",
            n + 1
        );
    }
    // Demoted, not removed: the only statement that answers is still cited.
    let schoof = text_of(&ask(&mut bot, 1, "What did Dick Schoof say about air defence?").await);
    assert!(schoof.contains(only), "{schoof}");
    bot.stop().await;
}

#[test]
fn whosaid_chat_keeps_the_previous_turn() {
    use std::io::Write;
    let data = tempfile::tempdir().expect("dir");
    let jsonl = data.path().join("articles.jsonl");
    let lines: Vec<String> = articles()
        .iter()
        .map(|d| {
            json!({
                "id": d.id.to_string(),
                "title": d.title,
                "published": d.published.map(|p| p.to_string()),
                "url": d.url,
                "text": d.text,
            })
            .to_string()
        })
        .collect();
    std::fs::write(&jsonl, lines.join("\n")).expect("write articles");
    let path = jsonl.to_string_lossy().to_string();
    let o = crate::support::cli::run(data.path(), &["ingest", &path]);
    assert!(o.status.success(), "{}", crate::support::cli::stderr(&o));
    let mut child = crate::support::cli::in_dir(data.path())
        .arg("chat")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("whosaid chat");
    let questions = format!("{AIR}\nand about Ukraine?\nwhen was that?\nwho else said so?\n");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(questions.as_bytes())
        .expect("ask");
    let o = child.wait_with_output().expect("chat ends at end of input");
    assert!(o.status.success(), "{}", crate::support::cli::stderr(&o));
    let said = crate::support::cli::stdout(&o);
    for expected in [
        FIRST_ON_AIR,
        "(read as: What did Mark Rutte say about Ukraine?)",
        "Ukraine will get more support",
        "(read as: When did Mark Rutte say that?)",
        "12 October 2025",
        "(read as: Who else said something about Ukraine?)",
    ] {
        assert!(said.contains(expected), "{expected}: {said}");
    }
}
