//! End to end: the real bot (serenity + poise + the engine) against the fake Discord, each
//! test with a fresh fake and a fresh data directory. Tests wait on the requests the fake
//! recorded, with a deadline, never on fixed sleeps.

use serde_json::Value;

use crate::support;
use crate::support::app::{embed_text, Options, TestBot, DEADLINE};
use crate::support::fake_discord::fixtures::{APP_ID, GUILD_ID};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn start_up_registers_the_commands_in_the_guild() {
    let bot = TestBot::start(Options::default()).await;
    let requests = bot.fake.requests();
    let put = requests
        .iter()
        .find(|r| {
            r.method == "PUT"
                && r.path == format!("/applications/{APP_ID}/guilds/{GUILD_ID}/commands")
        })
        .expect("guild command registration");
    let names: Vec<&str> = put
        .body
        .as_ref()
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|c| c.get("name").and_then(Value::as_str))
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(
        names,
        [
            "ask",
            "said",
            "whois",
            "sources",
            "help",
            "subscribe",
            "unsubscribe",
            "subscriptions",
            "mod"
        ]
    );
    // GUILD_MEMBERS, GUILD_PRESENCES and MESSAGE_CONTENT need Discord's approval: a bot
    // asking for them unapproved is disconnected (close code 4014).
    let privileged = (1 << 1) | (1 << 8) | (1 << 15);
    let intents = bot.fake.intents().expect("identified");
    assert_eq!(
        intents & privileged,
        0,
        "privileged intents requested: {intents:#b}"
    );
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_guild_the_commands_are_registered_globally() {
    let bot = TestBot::start(Options {
        global_commands: true,
        ..Options::default()
    })
    .await;
    let requests = bot.fake.requests();
    let puts: Vec<&str> = requests
        .iter()
        .filter(|r| r.method == "PUT")
        .map(|r| r.path.as_str())
        .collect();
    assert_eq!(puts, [format!("/applications/{APP_ID}/commands")]);
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ask_answers_the_seed_question_with_statement_speaker_and_source() {
    let mut bot = TestBot::start(Options::default()).await;
    let token = bot.slash(
        1,
        "ask",
        &[("question", "What did the Kremlin say about the summit?")],
    );
    let requests = bot.answer_to(&token).await;
    let callback = requests
        .iter()
        .find(|r| r.path.ends_with("/callback"))
        .expect("a callback");
    assert_eq!(
        callback
            .body
            .as_ref()
            .and_then(|b| b.get("type"))
            .and_then(Value::as_u64),
        Some(5),
        "deferred first"
    );
    let text = embed_text(&requests);
    assert!(text.contains("Kremlin"), "{text}");
    assert!(text.contains("no set timeline"), "{text}");
    assert!(
        text.contains("Plans for a Trump–Putin summit in Budapest in doubt"),
        "{text}"
    );
    bot.stop().await;
}

/// With `[web] base_url`, an answer links to its speaker's page on the statement
/// explorer, carrying the server so the page hides what the server hid.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_a_base_url_an_answer_links_to_the_speakers_page() {
    let mut bot = TestBot::start(Options {
        web_base: Some("https://whosaid.example.org/".to_string()),
        ..Options::default()
    })
    .await;
    let token = bot.slash(
        1,
        "ask",
        &[("question", "What did the Kremlin say about the summit?")],
    );
    let text = embed_text(&bot.answer_to(&token).await);
    assert!(
        text.contains(&format!(
            "[All statements by Kremlin](https://whosaid.example.org/people/Kremlin?server={GUILD_ID})"
        )),
        "{text}"
    );
    bot.stop().await;
}

/// The bot posts what the engine renders (the text `whosaid ask` prints), whatever the
/// engine's answer is today.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ask_posts_the_engines_answer() {
    let mut bot = TestBot::start(Options::default()).await;
    let question = "When did Trump talk to Putin?";
    let token = bot.slash(1, "ask", &[("question", question)]);
    let requests = bot.answer_to(&token).await;
    let posted = embed_text(&requests);
    let dir = tempfile::tempdir().expect("temp dir");
    let engine = support::engine::with_sample(dir.path(), Vec::new());
    let answer = engine.ask(question).expect("answer");
    let (limited, _) = whosaid::bot::embed::limit_sources(&answer);
    let rendered = engine.render(&limited);
    let first_line = rendered.lines().next().unwrap_or_default().trim();
    assert!(!first_line.is_empty());
    let first_words: String = first_line.chars().take(200).collect();
    let first_words = first_words
        .rsplit_once(' ')
        .map_or(first_words.as_str(), |(a, _)| a);
    assert!(
        posted.contains(first_words),
        "posted:\n{posted}\nrendered:\n{rendered}"
    );
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mention_is_answered_and_other_messages_are_ignored() {
    let mut bot = TestBot::start(Options::default()).await;
    let plain = bot.message(1, "When did Trump talk to Putin?", false);
    let own_id = bot.next_id();
    bot.fake.push(
        "MESSAGE_CREATE",
        support::fake_discord::fixtures::own_message_create(own_id, "<@1100000000000000001> echo"),
    );
    let asked = bot.message(
        2,
        "<@1100000000000000001> When did Trump talk to Putin?",
        true,
    );
    let requests = bot
        .fake
        .wait_for("a reply in the channel", DEADLINE, |rs| {
            rs.iter()
                .any(|r| r.method == "POST" && r.path.ends_with("/messages"))
        })
        .await;
    let posts: Vec<_> = requests
        .iter()
        .filter(|r| {
            r.method == "POST" && r.path.starts_with("/channels/") && r.path.ends_with("/messages")
        })
        .collect();
    let first = posts[0].body.as_ref().expect("body");
    assert_eq!(
        first
            .pointer("/message_reference/message_id")
            .and_then(Value::as_str),
        Some(asked.to_string().as_str()),
        "a reply to the mention"
    );
    assert!(posts.iter().all(|p| {
        let refd = p
            .body
            .as_ref()
            .and_then(|b| b.pointer("/message_reference/message_id"))
            .and_then(Value::as_str);
        refd != Some(plain.to_string().as_str()) && refd != Some(own_id.to_string().as_str())
    }));
    assert!(!embed_text(&requests).is_empty());
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bare_mention_gets_an_example_question() {
    let mut bot = TestBot::start(Options::default()).await;
    let asked = bot.message(1, "<@1100000000000000001>", true);
    let requests = bot
        .fake
        .wait_for("a reply in the channel", DEADLINE, |rs| {
            rs.iter()
                .any(|r| r.method == "POST" && r.path.ends_with("/messages"))
        })
        .await;
    let reply = requests
        .iter()
        .find_map(|r| r.message().filter(|_| r.method == "POST"))
        .expect("a reply");
    assert_eq!(
        reply
            .pointer("/message_reference/message_id")
            .and_then(Value::as_str),
        Some(asked.to_string().as_str())
    );
    let text = reply
        .get("content")
        .and_then(Value::as_str)
        .unwrap_or_default();
    assert!(text.contains("for example"), "{text}");
    bot.stop().await;
}

/// Articles whose sentences are very long, so that any answer about them is long.
fn long_articles() -> Vec<whosaid::corpus::Document> {
    (0..7)
        .map(|i| {
            let clause = format!(
                "the flood defences along the river in district {i} had to be rebuilt before the winter, that the engineers needed more pumps, more sandbags and more trucks, and that the villages downstream would be evacuated if the water kept rising"
            );
            let sentence = format!(
                "Zelensky said that {}.",
                std::iter::repeat_n(clause.as_str(), 6).collect::<Vec<_>>().join(", and that ")
            );
            let text = format!(
                "{sentence} Later that day, Zelensky warned that district {i} would need help. {sentence}"
            );
            support::app::article(&format!("Flood report {i}"), &format!("2025-10-{:02}", 10 + i), &text)
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_long_answer_is_split_into_messages_within_discords_limits() {
    let mut bot = TestBot::start(Options {
        articles: long_articles(),
        ..Options::default()
    })
    .await;
    let said = bot.slash(1, "said", &[("person", "Zelensky"), ("about", "flood")]);
    let asked = bot.slash(
        2,
        "ask",
        &[(
            "question",
            "When were the flood defences along the river rebuilt?",
        )],
    );
    let mut most_pages = 0;
    let mut seen = String::new();
    for token in [said, asked] {
        let requests = bot.answer_to(&token).await;
        seen.push_str(&embed_text(&requests));
        let messages = requests.iter().filter(|r| r.message().is_some()).count();
        most_pages = most_pages.max(messages);
        for r in &requests {
            if let Some(m) = r.message() {
                assert_eq!(
                    m.get("content").and_then(Value::as_str).map_or(0, str::len),
                    0
                );
            }
        }
    }
    // Every message was checked against the limits as it arrived (see `stop`); at least
    // one answer must have needed several messages for this test to prove anything.
    assert!(
        most_pages >= 2,
        "no answer was long enough to need a second message:\n{seen}"
    );
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn everyone_in_a_question_and_a_role_mention_in_an_article_ping_nobody() {
    let text = "The mayor of Springfield said that <@&123> and @everyone must attend the town meeting about the dam. Residents said the dam meeting was <@&123> urgent.";
    let mut bot = TestBot::start(Options {
        articles: vec![support::app::article(
            "Springfield dam meeting *urgent*",
            "2025-10-20",
            text,
        )],
        ..Options::default()
    })
    .await;
    let token = bot.slash(
        1,
        "ask",
        &[(
            "question",
            "@everyone what about the Springfield dam meeting?",
        )],
    );
    let asked = bot.message(
        2,
        "<@1100000000000000001> @everyone <@&123> what about the dam meeting?",
        true,
    );
    let requests = bot.answer_to(&token).await;
    let replies = bot
        .fake
        .wait_for("the reply to the mention", DEADLINE, |rs| {
            rs.iter().any(|r| {
                r.body
                    .as_ref()
                    .and_then(|b| b.pointer("/message_reference/message_id"))
                    .and_then(Value::as_str)
                    == Some(asked.to_string().as_str())
            })
        })
        .await;
    let mut text = embed_text(&requests);
    text.push_str(&embed_text(&replies));
    assert!(
        text.contains("&123"),
        "the article's role mention was posted (escaped): {text}"
    );
    assert!(!text.contains("@everyone"), "{text}");
    assert!(!text.contains("<@&123>"), "{text}");
    bot.fake.assert_nothing_pings();
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_reconnect_the_bot_resumes_and_answers() {
    let mut bot = TestBot::start(Options::default()).await;
    bot.fake.send_reconnect();
    bot.fake
        .wait_until("a RESUME", DEADLINE, |f| f.resumes() >= 1)
        .await;
    let token = bot.slash(1, "ask", &[("question", "When did Trump talk to Putin?")]);
    let requests = bot.answer_to(&token).await;
    assert!(!embed_text(&requests).is_empty());
    assert_eq!(bot.fake.identifies(), 1, "resumed, not identified again");
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hundred_questions_at_once_are_all_answered_once() {
    let mut bot = TestBot::start(Options::default()).await;
    let tokens: Vec<String> = (0..100)
        .map(|n| {
            bot.slash(
                100 + n,
                "ask",
                &[("question", "When did Trump talk to Putin?")],
            )
        })
        .collect();
    let edit = |t: &str| format!("/webhooks/{APP_ID}/{t}/messages/@original");
    let requests = bot
        .fake
        .wait_for("100 answers", std::time::Duration::from_secs(120), |rs| {
            tokens
                .iter()
                .all(|t| rs.iter().any(|r| r.method == "PATCH" && r.path == edit(t)))
        })
        .await;
    for t in &tokens {
        let callbacks = requests
            .iter()
            .filter(|r| r.path.ends_with(&format!("/{t}/callback")))
            .count();
        let edits = requests
            .iter()
            .filter(|r| r.method == "PATCH" && r.path == edit(t))
            .count();
        assert_eq!((callbacks, edits), (1, 1), "interaction {t}");
    }
    bot.stop().await;
}

/// The message content of an interaction callback's body ("" when it has none).
fn callback_content(body: &Value) -> &str {
    body.pointer("/data/content")
        .and_then(Value::as_str)
        .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_ask_within_the_cooldown_is_refused_to_the_asker_alone() {
    let mut bot = TestBot::start(Options {
        ask_cooldown_secs: 60,
        ..Options::default()
    })
    .await;
    let first = bot.slash(1, "ask", &[("question", "When did Trump talk to Putin?")]);
    bot.answer_to(&first).await;
    let second = bot.slash(1, "ask", &[("question", "When did Trump talk to Putin?")]);
    let requests = bot.answer_to(&second).await;
    let body = requests[0].body.as_ref().expect("callback body");
    assert_eq!(body.get("type").and_then(Value::as_u64), Some(4));
    assert_eq!(
        body.pointer("/data/flags").and_then(Value::as_u64),
        Some(64),
        "ephemeral"
    );
    let text = callback_content(body);
    assert!(text.contains("wait"), "{text}");
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invalid_options_are_explained_to_the_asker_alone() {
    let mut bot = TestBot::start(Options::default()).await;
    let token = bot.slash(1, "said", &[("person", "Zelensky"), ("since", "last week")]);
    let requests = bot.answer_to(&token).await;
    let body = requests[0].body.as_ref().expect("callback body");
    assert_eq!(
        body.pointer("/data/flags").and_then(Value::as_u64),
        Some(64)
    );
    let text = callback_content(body);
    assert!(text.contains("YYYY-MM-DD"), "{text}");
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn help_sources_and_whois_answer() {
    let mut bot = TestBot::start(Options::default()).await;
    let help = bot.slash(1, "help", &[]);
    let sources = bot.slash(2, "sources", &[]);
    let whois = bot.slash(3, "whois", &[("name", "Marco Rubio")]);
    let help = embed_text(&bot.answer_to(&help).await);
    assert!(help.contains("/ask"), "{help}");
    // Follow-ups, the buttons and feedback are explained, with the threshold the store uses.
    for words in ["Follow-ups", "*More*", "Anyone may press", "/mod feedback"] {
        assert!(help.contains(words), "{words}: {help}");
    }
    let threshold = format!(
        "once {} more members vote it down",
        whosaid::store::MEMBER_DOWN_VOTES
    );
    assert!(help.contains(&threshold), "{help}");
    let sources = embed_text(&bot.answer_to(&sources).await);
    assert!(sources.contains("articles"), "{sources}");
    assert!(sources.contains("Last update:"), "{sources}");
    let whois = embed_text(&bot.answer_to(&whois).await);
    assert!(whois.contains("Rubio"), "{whois}");
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn heartbeats_are_acknowledged_and_the_session_stays_up() {
    let mut bot = TestBot::start(Options {
        heartbeat_ms: Some(150),
        ..Options::default()
    })
    .await;
    bot.fake
        .wait_until("three heartbeats", DEADLINE, |f| f.heartbeats() >= 3)
        .await;
    let token = bot.slash(1, "ask", &[("question", "Who proposed a peace plan?")]);
    assert!(!embed_text(&bot.answer_to(&token).await).is_empty());
    assert_eq!(bot.fake.identifies(), 1, "no restart");
    assert_eq!(bot.fake.resumes(), 0, "no reconnect");
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stopping_answers_every_question_already_deferred() {
    let mut bot = TestBot::start(Options::default()).await;
    bot.fake.delay_callbacks(500);
    let tokens: Vec<String> = (0..20)
        .map(|n| {
            bot.slash(
                300 + n,
                "ask",
                &[("question", "What did the Kremlin say about the summit?")],
            )
        })
        .collect();
    // Stop as soon as the first question is deferred: the others are in flight or queued.
    bot.fake
        .wait_for("a first deferral", DEADLINE, |rs| {
            rs.iter().any(|r| r.path.ends_with("/callback"))
        })
        .await;
    let fake = bot.stop().await;
    let requests = fake.requests();
    for t in &tokens {
        let deferred = requests.iter().any(|r| {
            r.path.ends_with(&format!("/{t}/callback"))
                && r.body
                    .as_ref()
                    .and_then(|b| b.get("type"))
                    .and_then(Value::as_u64)
                    == Some(5)
        });
        let edited = requests.iter().any(|r| {
            r.method == "PATCH" && r.path == format!("/webhooks/{APP_ID}/{t}/messages/@original")
        });
        assert!(
            !deferred || edited,
            "interaction {t} was deferred but never answered"
        );
    }
}
