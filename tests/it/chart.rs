//! The timeline picture from the command line: `whosaid chart` on a fresh data directory
//! holding a few dated articles quoting one person.

use std::path::Path;

use crate::support::cli::{self, stderr, stdout};

/// Articles quoting Mark Rutte on four days, as JSON Lines for `whosaid ingest`.
const RUTTE: [(&str, &str, &str); 5] = [
    (
        "2025-03-04",
        "Rutte on spending",
        "NATO Secretary General Mark Rutte said the allies must raise defence spending quickly.",
    ),
    (
        "2025-04-10",
        "Rutte on Ukraine",
        "Mark Rutte said Ukraine needed more air defence before the winter.",
    ),
    (
        "2025-06-25",
        "The Hague summit",
        "Mark Rutte said the summit in The Hague agreed on defence spending of five percent.",
    ),
    (
        "2025-09-12",
        "Rutte on drones",
        "Mark Rutte said the drones over Poland were a reckless attack on Ukraine's neighbour.",
    ),
    (
        "2025-09-30",
        "Rutte in Kyiv",
        "Mark Rutte said the alliance would keep supporting Ukraine with air defence.",
    ),
];

/// A data directory with the Rutte articles ingested.
fn with_rutte(data: &Path, scratch: &Path) {
    let jsonl = scratch.join("rutte.jsonl");
    let lines: Vec<String> = RUTTE
        .iter()
        .enumerate()
        .map(|(i, (published, title, text))| {
            serde_json::json!({"id": format!("rutte-{i}"), "title": title, "published": published, "text": text})
                .to_string()
        })
        .collect();
    std::fs::write(&jsonl, lines.join("\n")).expect("write articles");
    let o = cli::run(data, &["ingest", jsonl.to_str().expect("utf-8 path")]);
    assert!(o.status.success(), "{}", stderr(&o));
}

/// The PNG's width and height, after checking its signature and that it decodes.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert_eq!(
        bytes.get(..8),
        Some(&b"\x89PNG\r\n\x1a\n"[..]),
        "PNG signature"
    );
    let pixmap = resvg::tiny_skia::Pixmap::decode_png(bytes).expect("the PNG decodes");
    (pixmap.width(), pixmap.height())
}

#[test]
fn chart_draws_a_persons_statements_as_png_and_svg() {
    let data = tempfile::tempdir().expect("temp dir");
    let scratch = tempfile::tempdir().expect("temp dir");
    with_rutte(data.path(), scratch.path());

    let png = scratch.path().join("rutte.png");
    let o = cli::run(
        data.path(),
        &["chart", "Mark Rutte", "--out", png.to_str().expect("utf-8")],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let said = stdout(&o);
    assert!(
        said.contains(
            "Timeline of statements by Mark Rutte, 4 March 2025 – 30 September 2025: 5 statements"
        ),
        "{said}"
    );
    let bytes = std::fs::read(&png).expect("the PNG was written");
    assert_eq!(png_size(&bytes), (800, 400));

    let svg = scratch.path().join("rutte.svg");
    let o = cli::run(
        data.path(),
        &[
            "chart",
            "Rutte",
            "--out",
            svg.to_str().expect("utf-8"),
            "--since",
            "2025-06-01",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let drawing = std::fs::read_to_string(&svg).expect("the SVG was written");
    assert!(drawing.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert!(
        drawing.contains("Mark Rutte · 25 June 2025 – 30 September 2025"),
        "the title has the name and the span since --since: {drawing}"
    );
    assert!(drawing.contains("3 statements"), "{drawing}");
}

#[test]
fn chart_of_someone_unknown_names_who_was_looked_for() {
    let data = tempfile::tempdir().expect("temp dir");
    let scratch = tempfile::tempdir().expect("temp dir");
    with_rutte(data.path(), scratch.path());
    let out = scratch.path().join("x.png");
    let o = cli::run(
        data.path(),
        &[
            "chart",
            "Jens Nobody",
            "--out",
            out.to_str().expect("utf-8"),
        ],
    );
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(
        err.contains("no one called \"Jens Nobody\" in the index"),
        "{err}"
    );
    assert!(!out.exists(), "no picture for no one");
}

#[test]
fn chart_with_nothing_in_range_says_so_and_writes_nothing() {
    let data = tempfile::tempdir().expect("temp dir");
    let scratch = tempfile::tempdir().expect("temp dir");
    with_rutte(data.path(), scratch.path());
    let out = scratch.path().join("x.svg");
    let o = cli::run(
        data.path(),
        &[
            "chart",
            "Mark Rutte",
            "--out",
            out.to_str().expect("utf-8"),
            "--until",
            "2024-12-31",
        ],
    );
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(
        err.contains("no dated statements by Mark Rutte to draw until 31 December 2024"),
        "{err}"
    );
    assert!(!out.exists(), "no empty picture");
}

#[test]
fn chart_refuses_an_output_it_cannot_write() {
    let data = tempfile::tempdir().expect("temp dir");
    let o = cli::run(data.path(), &["chart", "Mark Rutte", "--out", "rutte.jpg"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("must end in .png"), "{}", stderr(&o));
}

/// The Rutte articles as documents for the bot's data directory.
fn rutte_documents() -> Vec<whosaid::corpus::Document> {
    RUTTE
        .iter()
        .map(|(published, title, text)| crate::support::app::article(title, published, text))
        .collect()
}

/// The request that edited the deferred answer (the first page), and the files it uploaded.
fn first_page(
    requests: &[crate::support::fake_discord::Recorded],
) -> &crate::support::fake_discord::Recorded {
    requests
        .iter()
        .find(|r| r.method == "PATCH" && r.path.ends_with("/messages/@original"))
        .expect("the deferred answer edited")
}

/// `/said` attaches the chart: a multipart upload the fake Discord checks as Discord does
/// (`files[0]` named by an `attachments[]` entry with a description, PNG bytes, the embed
/// showing `attachment://timeline.png`), and nothing pings (`stop` asserts both).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn said_attaches_the_timeline_picture_with_a_description() {
    use crate::support::app::{embed_text, Options, TestBot};
    let mut bot = TestBot::start(Options {
        articles: rutte_documents(),
        ..Options::default()
    })
    .await;
    let token = bot.slash(1, "said", &[("person", "Mark Rutte")]);
    let requests = bot.answer_to(&token).await;
    assert!(
        embed_text(&requests).contains("Ukraine"),
        "the text answer too"
    );
    let page = first_page(&requests);
    assert_eq!(page.files.len(), 1, "one upload");
    let (name, bytes) = &page.files[0];
    assert_eq!(name, "timeline.png");
    assert_eq!(png_size(bytes), (800, 400));
    let body = page.body.as_ref().expect("payload_json");
    assert_eq!(
        body.pointer("/embeds/0/image/url").and_then(|v| v.as_str()),
        Some("attachment://timeline.png")
    );
    let description = body
        .pointer("/attachments/0/description")
        .and_then(|v| v.as_str())
        .unwrap_or_default();
    assert!(
        description.starts_with(
            "Timeline of statements by Mark Rutte, 4 March 2025 – 30 September 2025: 5 statements"
        ),
        "{description}"
    );
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_timeline_question_in_ask_attaches_the_picture_too() {
    use crate::support::app::{Options, TestBot};
    let mut bot = TestBot::start(Options {
        articles: rutte_documents(),
        ..Options::default()
    })
    .await;
    let token = bot.slash(1, "ask", &[("question", "Timeline of Mark Rutte")]);
    let requests = bot.answer_to(&token).await;
    let page = first_page(&requests);
    assert_eq!(page.files.len(), 1, "{:?}", page.body);
    assert_eq!(png_size(&page.files[0].1), (800, 400));
    // Any other question has no picture.
    let token = bot.slash(
        2,
        "ask",
        &[("question", "What did Mark Rutte say about drones?")],
    );
    let requests = bot.answer_to(&token).await;
    assert!(first_page(&requests).files.is_empty());
    bot.stop().await;
}

/// The sample corpus quotes Putin only in undated articles: no chart can be drawn, and the
/// answer goes out as text, without a picture.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_chart_that_cannot_be_drawn_never_loses_the_answer() {
    use crate::support::app::{embed_text, Options, TestBot};
    let mut bot = TestBot::start(Options::default()).await;
    let token = bot.slash(1, "said", &[("person", "Putin")]);
    let requests = bot.answer_to(&token).await;
    let page = first_page(&requests);
    assert!(page.files.is_empty());
    assert!(
        page.body
            .as_ref()
            .and_then(|b| b.pointer("/embeds/0/image"))
            .is_none(),
        "no image pointing at nothing"
    );
    assert!(
        embed_text(&requests).contains("Putin"),
        "{}",
        embed_text(&requests)
    );
    bot.stop().await;
}

/// A timeline question in a mention gets the picture with the reply, checked as an upload
/// to a channel.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_timeline_question_in_a_mention_gets_the_picture() {
    use crate::support::app::{Options, TestBot, DEADLINE};
    let mut bot = TestBot::start(Options {
        articles: rutte_documents(),
        ..Options::default()
    })
    .await;
    bot.message(1, "<@1100000000000000001> Timeline of Mark Rutte", true);
    let requests = bot
        .fake
        .wait_for("a reply in the channel", DEADLINE, |rs| {
            rs.iter()
                .any(|r| r.method == "POST" && r.path.ends_with("/messages"))
        })
        .await;
    let reply = requests
        .iter()
        .find(|r| r.method == "POST" && r.path.ends_with("/messages"))
        .expect("a reply");
    assert_eq!(reply.files.len(), 1, "{:?}", reply.body);
    assert_eq!(png_size(&reply.files[0].1), (800, 400));
    assert_eq!(
        reply
            .body
            .as_ref()
            .and_then(|b| b.pointer("/embeds/0/image/url"))
            .and_then(|v| v.as_str()),
        Some("attachment://timeline.png")
    );
    bot.stop().await;
}
