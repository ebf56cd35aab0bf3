//! The statement explorer over HTTP, without a browser: status codes, the security
//! headers, escaping of an article written to attack the page, links between the pages,
//! paging, hidden documents, the JSON API, the 400 and 404 pages, page weight, and the
//! per-address limit. The browser tests (`browser.rs`) check the same pages in Chromium.

use std::num::NonZeroU32;

use crate::support::web::{self as site, get, Page, HOSTILE_ID, PAGED_STATEMENTS, PERSON};
use whosaid::web::{WebOptions, CONTENT_SECURITY_POLICY};

/// Pages may weigh this much at most.
const MAX_PAGE_BYTES: usize = 100_000;

fn person_path() -> String {
    format!("/people/{}", PERSON.replace(' ', "%20"))
}

/// The page's links that start with `prefix`.
fn links_to(page: &Page, prefix: &str) -> Vec<String> {
    page.links()
        .into_iter()
        .filter(|l| l.starts_with(prefix))
        .collect()
}

/// The tags the explorer's own templates write: anything else is markup from an article.
const OUR_TAGS: &[&str] = &[
    "!doctype",
    "html",
    "head",
    "meta",
    "title",
    "link",
    "body",
    "header",
    "a",
    "form",
    "label",
    "input",
    "button",
    "main",
    "h1",
    "h2",
    "p",
    "ol",
    "ul",
    "li",
    "span",
    "blockquote",
    "mark",
    "div",
    "article",
    "section",
    "nav",
    "footer",
    "figure",
    "figcaption",
];

/// No markup from an article made it into the page as markup: every tag is one of ours,
/// no tag carries an event handler, and no link runs script.
fn assert_inert(page: &Page, what: &str) {
    let handler = regex::Regex::new(r"(?i)\son[a-z]+\s*=").expect("regex");
    for tag in page.body.split('<').skip(1) {
        let tag = tag.split('>').next().unwrap_or("");
        let name = tag
            .trim_start_matches('/')
            .split(|c: char| c.is_whitespace() || c == '/')
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        if name.starts_with("svg") || name.is_empty() {
            continue;
        }
        assert!(
            OUR_TAGS.contains(&name.as_str()) || name == "svg" || is_svg_part(&name),
            "{what}: a <{name}> tag from an article in the page:\n{}",
            page.body
        );
        assert!(
            !handler.is_match(tag),
            "{what}: an event handler in <{tag}>"
        );
    }
    assert!(
        !page.body.contains("href=\"javascript:"),
        "{what}: a javascript: link"
    );
}

/// Parts of the timeline chart's inline SVG.
fn is_svg_part(name: &str) -> bool {
    matches!(
        name,
        "g" | "rect"
            | "line"
            | "text"
            | "path"
            | "circle"
            | "title"
            | "desc"
            | "polyline"
            | "tspan"
    )
}

/// The page's text with the escapes minijinja writes undone, for reading what it says.
fn text(page: &Page) -> String {
    page.body
        .replace("&#x2f;", "/")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_first_page_has_the_question_box_and_the_security_headers() {
    let explorer = site::start(site::generous(), |_| {}).await;
    let page = get(&explorer, "/").await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.header("content-type").starts_with("text/html"));
    assert_eq!(
        page.header("content-security-policy"),
        CONTENT_SECURITY_POLICY
    );
    assert!(CONTENT_SECURITY_POLICY.contains("default-src 'none'"));
    assert!(
        !CONTENT_SECURITY_POLICY.contains("script-src"),
        "no script is ever allowed"
    );
    assert_eq!(page.header("x-content-type-options"), "nosniff");
    assert_eq!(page.header("x-frame-options"), "DENY");
    assert_eq!(page.header("referrer-policy"), "no-referrer");
    assert!(page
        .body
        .contains("<form class=\"ask\" action=\"/\" method=\"get\""));
    assert!(page.body.contains("name=\"q\""));
    assert!(page.body.contains("name=\"viewport\""), "usable on a phone");
    let css = get(&explorer, "/style.css").await;
    assert_eq!(css.status, 200);
    assert!(css.header("content-type").starts_with("text/css"));
    assert_eq!(
        css.header("content-security-policy"),
        CONTENT_SECURITY_POLICY
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_answer_names_the_speaker_and_links_the_source_the_person_and_the_statement() {
    let explorer = site::start(site::generous(), |_| {}).await;
    let page = get(&explorer, "/?q=What+did+Ann+Lee+say+about+the+budget%3F").await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("Ann Lee"), "{}", page.body);
    assert!(page.body.contains("libraries"), "{}", page.body);
    assert!(
        page.links()
            .contains(&"https://news.example.org/council/1".to_string()),
        "the source link: {:?}",
        page.links()
    );
    assert!(
        !links_to(&page, &person_path()).is_empty(),
        "{:?}",
        page.links()
    );
    let statements = links_to(&page, "/statements/");
    assert!(!statements.is_empty(), "{:?}", page.links());
    let context = get(&explorer, &statements[0]).await;
    assert_eq!(context.status, 200, "{}", context.body);
    assert!(context.body.contains("<mark>"), "{}", context.body);
    assert!(
        context.body.contains("protects the libraries"),
        "{}",
        context.body
    );
    assert!(
        context.body.contains("Tom Reyes"),
        "who else spoke: {}",
        context.body
    );
    assert!(context
        .body
        .contains("The council debated the budget on Friday."));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn who_is_and_nothing_found_answer_in_words() {
    let explorer = site::start(site::generous(), |_| {}).await;
    let who = get(&explorer, "/?q=Who+is+Ann+Lee%3F").await;
    assert_eq!(who.status, 200, "{}", who.body);
    assert!(
        who.body.contains("section class=\"entity\""),
        "{}",
        who.body
    );
    assert!(text(&who).contains("Mayor"), "{}", who.body);
    assert!(
        !links_to(&who, &person_path()).is_empty(),
        "{:?}",
        who.links()
    );
    let nothing = get(&explorer, "/?q=What+did+Zorro+Quux+say+about+pirates%3F").await;
    assert_eq!(nothing.status, 200, "{}", nothing.body);
    assert!(
        text(&nothing).contains("Nothing in the articles answers that"),
        "{}",
        nothing.body
    );
    assert!(links_to(&nothing, "/statements/").is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn article_markup_is_shown_as_text_on_every_page_and_never_linked() {
    let explorer = site::start(site::generous(), |_| {}).await;
    let answer = get(&explorer, "/?q=What+did+Tom+Reyes+say%3F").await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert!(answer.body.contains("&lt;script&gt;"), "{}", answer.body);
    assert_inert(&answer, "answer");
    let person = get(&explorer, "/people/Tom%20Reyes").await;
    assert_eq!(person.status, 200, "{}", person.body);
    assert_inert(&person, "person page");
    let hostile: Vec<String> = links_to(&answer, "/statements/")
        .into_iter()
        .chain(links_to(&person, "/statements/"))
        .collect();
    assert!(!hostile.is_empty(), "{}", answer.body);
    for link in hostile {
        let page = get(&explorer, &link).await;
        assert_eq!(page.status, 200, "{link}: {}", page.body);
        assert_inert(&page, &link);
    }
    let question = get(&explorer, "/?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E").await;
    assert_inert(&question, "a question holding a script");
    let api = get(&explorer, "/api/ask?q=What+did+Tom+Reyes+say%3F").await;
    assert!(api.header("content-type").starts_with("application/json"));
    assert!(api.body.contains(HOSTILE_ID), "{}", api.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_persons_page_lists_every_statement_newest_first_page_by_page() {
    let explorer = site::start(site::generous(), |_| {}).await;
    let first = get(&explorer, &person_path()).await;
    assert_eq!(first.status, 200, "{}", first.body);
    let total = PAGED_STATEMENTS + 1;
    assert!(
        first.body.contains(&format!("{total} statements")),
        "{}",
        first.body
    );
    assert!(first.body.contains("Mayor"), "the role: {}", first.body);
    // The timeline, inline: an SVG with its own title and description, no script, no style
    // attribute the CSP would block.
    let chart = first
        .body
        .split("<figure class=\"chart\">")
        .nth(1)
        .and_then(|rest| rest.split("</figure>").next())
        .expect("the timeline chart");
    assert!(chart.trim_start().starts_with("<svg"), "{chart}");
    assert!(
        chart.contains("<title") && chart.contains("<desc"),
        "{chart}"
    );
    assert!(text(&first).contains("Timeline of statements by Ann Lee"));
    assert!(
        !chart.contains("<script") && !chart.contains("style="),
        "{chart}"
    );
    assert_eq!(links_to(&first, "/statements/").len(), 20);
    // Newest first: the council article (March) before January's notes.
    let budget = first.body.find("protects the libraries").expect("newest");
    let notes = first.body.find("number 44").expect("next");
    assert!(budget < notes);
    let next = links_to(&first, &format!("{}?page=2", person_path()));
    assert_eq!(next.len(), 1, "{:?}", first.links());
    let last = get(&explorer, &format!("{}?page=3", person_path())).await;
    assert_eq!(links_to(&last, "/statements/").len(), total - 40);
    assert!(
        last.body.contains("number 0 "),
        "the oldest on the last page"
    );
    let past = get(&explorer, &format!("{}?page=4", person_path())).await;
    assert_eq!(past.status, 404);
    assert!(past.body.contains("There is no page 4"), "{}", past.body);
    let filtered = get(
        &explorer,
        &format!(
            "{}?about=harbour&since=2025-01-10&until=2025-01-31",
            person_path()
        ),
    )
    .await;
    assert_eq!(filtered.status, 200, "{}", filtered.body);
    // Harbour every third day: 10 Jan (i=9) … 31 Jan (i=30): i = 9, 12, …, 30.
    assert_eq!(
        links_to(&filtered, "/statements/").len(),
        8,
        "{}",
        filtered.body
    );
    assert!(!filtered.body.contains("bridge repairs"));
    let json = get(&explorer, &format!("/api{}?page=2", person_path())).await;
    let v: serde_json::Value = serde_json::from_str(&json.body).expect("json");
    assert_eq!(v["name"], PERSON);
    assert_eq!(v["total"], total);
    assert_eq!(v["page"], 2);
    assert_eq!(v["statements"].as_array().map(Vec::len), Some(20));
    assert!(v["statements"][0]["id"].is_string());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_requests_and_missing_pages_say_what_was_wrong() {
    let explorer = site::start(site::generous(), |_| {}).await;
    let cases = [
        (
            format!("{}?since=yesterday", person_path()),
            400,
            "is not a date",
        ),
        (
            format!("{}?page=0", person_path()),
            400,
            "pages count from 1",
        ),
        ("/?server=abc".to_string(), 400, "not a Discord server id"),
        ("/statements/not-an-id".to_string(), 400, "three parts"),
        ("/statements/ZG9j.1.0000000".to_string(), 400, "hex digits"),
        (
            "/statements/ZG9j.1.00000000".to_string(),
            404,
            "No statement has this id",
        ),
        (
            "/people/Nobody%20Known".to_string(),
            404,
            "No one called “Nobody Known”",
        ),
        (
            "/no/such/page".to_string(),
            404,
            "There is no page at /no/such/page",
        ),
        ("/api/ask".to_string(), 400, "ask a question with ?q="),
    ];
    for (path, status, says) in cases {
        let page = get(&explorer, &path).await;
        assert_eq!(page.status, status, "{path}: {}", page.body);
        assert!(text(&page).contains(says), "{path}: {}", page.body);
        assert_eq!(
            page.header("content-security-policy"),
            CONTENT_SECURITY_POLICY
        );
        if path.starts_with("/api/") {
            let v: serde_json::Value = serde_json::from_str(&page.body).expect("json error");
            assert!(v["error"].is_string());
        } else {
            assert!(page.body.starts_with("<!doctype html>"), "{path}");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_weighs_under_100_kb() {
    let explorer = site::start(site::generous(), |_| {}).await;
    let mut paths = vec![
        "/".to_string(),
        "/?q=What+did+Ann+Lee+say%3F".to_string(),
        person_path(),
        format!("{}?page=2", person_path()),
        "/style.css".to_string(),
        format!("/api{}", person_path()),
    ];
    let first = get(&explorer, &person_path()).await;
    paths.extend(links_to(&first, "/statements/").into_iter().take(3));
    for path in paths {
        let page = get(&explorer, &path).await;
        assert_eq!(page.status, 200, "{path}");
        assert!(
            page.body.len() < MAX_PAGE_BYTES,
            "{path} weighs {} bytes",
            page.body.len()
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hidden_documents_stay_hidden_and_a_servers_link_keeps_its_own_hidden() {
    let explorer = site::start(site::generous(), |store| {
        store
            .hide_doc_everywhere("lee-44", "Council notes 44", 1)
            .expect("operator hide");
        store
            .hide_doc(
                7,
                &whosaid::store::moderation::HiddenDoc {
                    doc_id: "council-1".into(),
                    title: "Council debates the budget".into(),
                },
                1,
                1,
            )
            .expect("server hide");
    })
    .await;
    let everyone = get(&explorer, &person_path()).await;
    assert!(!everyone.body.contains("number 44 "), "the operator hid it");
    assert!(
        everyone.body.contains("protects the libraries"),
        "server 7 only hid it"
    );
    let server = get(&explorer, &format!("{}?server=7", person_path())).await;
    assert!(!server.body.contains("number 44 "));
    assert!(
        !server.body.contains("protects the libraries"),
        "{}",
        server.body
    );
    for link in links_to(&server, "/statements/") {
        assert!(link.ends_with("?server=7"), "{link}");
    }
    let answer = get(
        &explorer,
        "/?q=What+did+Ann+Lee+say+about+the+budget%3F&server=7",
    )
    .await;
    assert!(
        !answer.body.contains("protects the libraries"),
        "{}",
        answer.body
    );
    assert!(links_to(&answer, &format!("{}?server=7", person_path())).len() <= 1);
    let statement = links_to(&everyone, "/statements/")
        .into_iter()
        .next()
        .expect("a statement");
    let hidden_here = get(&explorer, &format!("{statement}?server=7")).await;
    assert_eq!(hidden_here.status, 404, "{}", hidden_here.body);
    explorer
        .store
        .unhide_doc_everywhere("lee-44")
        .expect("unhide");
    let again = get(&explorer, &person_path()).await;
    assert!(
        again.body.contains("number 44 "),
        "shown again once unhidden"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_address_over_its_budget_is_told_when_to_come_back() {
    let tight = WebOptions {
        per_minute: NonZeroU32::new(1).expect("nonzero"),
        burst: NonZeroU32::new(3).expect("nonzero"),
    };
    let explorer = site::start(tight, |_| {}).await;
    for _ in 0..3 {
        assert_eq!(get(&explorer, "/").await.status, 200);
    }
    let refused = get(&explorer, "/").await;
    assert_eq!(refused.status, 429, "{}", refused.body);
    assert!(refused.body.contains("try again in"), "{}", refused.body);
    let wait: u64 = refused.header("retry-after").parse().expect("Retry-After");
    assert!((1..=60).contains(&wait), "{wait}");
    assert_eq!(
        refused.header("content-security-policy"),
        CONTENT_SECURITY_POLICY
    );
    let api = get(&explorer, "/api/ask?q=x").await;
    assert_eq!(api.status, 429);
    assert!(api.body.contains("\"error\""), "{}", api.body);
}

#[test]
fn the_operator_hides_a_document_everywhere_and_shows_it_again() {
    let data = tempfile::tempdir().expect("data dir");
    site::ingest_for_binary(data.path());
    let run = |args: &[&str]| crate::support::cli::run(data.path(), args);
    let hidden = run(&["docs", "hide", "council-1"]);
    assert!(
        hidden.status.success(),
        "{}",
        String::from_utf8_lossy(&hidden.stderr)
    );
    let said = String::from_utf8_lossy(&hidden.stdout);
    assert!(said.contains("Council debates the budget"), "{said}");
    let listed = run(&["docs", "hidden", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&listed.stdout).expect("json");
    assert_eq!(v[0]["doc_id"], "council-1");
    let unknown = run(&["docs", "hide", "no-such-doc"]);
    assert!(!unknown.status.success());
    let err = String::from_utf8_lossy(&unknown.stderr);
    assert!(
        err.contains("no document with the id \"no-such-doc\""),
        "{err}"
    );
    let shown = run(&["docs", "unhide", "council-1"]);
    assert!(
        shown.status.success(),
        "{}",
        String::from_utf8_lossy(&shown.stderr)
    );
    let none = run(&["docs", "hidden"]);
    assert!(String::from_utf8_lossy(&none.stdout).contains("No document is hidden"));
    let again = run(&["docs", "unhide", "council-1"]);
    assert!(!again.status.success(), "not hidden any more");
}
