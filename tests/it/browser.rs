//! The statement explorer in a real browser: Debian's headless Chromium, driven through
//! chromedriver (WebDriver, by fantoccini) against the `whosaid web` binary on 127.0.0.1.
//! A visitor asks a question in the box, finds the speaker and the source, opens the
//! person's page and pages through, opens a statement, and the article written to attack
//! the page runs nothing. Screenshots at desktop and phone widths go to
//! `target/screenshots/`.
//!
//! Where chromium or chromedriver is missing, each test says so and passes: the HTML
//! tests (`web.rs`) still check the same pages. `.ci/run` installs both.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::Child;

use crate::support::cli;
use crate::support::web::{ingest_for_binary, HOSTILE_GLOBAL, PERSON};

/// Desktop and phone window sizes for the screenshots and the layout check.
const DESKTOP: (u32, u32) = (1280, 900);
const PHONE: (u32, u32) = (390, 844);
const README: (u32, u32) = (760, 1000);

/// `name` on the PATH, if there.
fn on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
}

/// A free port on 127.0.0.1 (the listener is closed before chromedriver takes it).
fn free_port() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").expect("bind");
    l.local_addr().expect("addr").port()
}

/// chromedriver, a Chromium session, and `whosaid web` over the web tests' articles.
struct Browser {
    client: Client,
    /// `http://127.0.0.1:PORT`.
    base: String,
    _driver: Child,
    _web: Child,
    _data: tempfile::TempDir,
}

/// Start everything, or `None` (with the reason printed) where the browser cannot be had.
async fn browser(test: &str) -> Option<Browser> {
    let (Some(chromium), Some(driver)) = (on_path("chromium"), on_path("chromedriver")) else {
        eprintln!("skipping {test}: chromium or chromedriver is not installed (apt-get install chromium chromium-driver)");
        return None;
    };
    let data = tempfile::tempdir().expect("data dir");
    ingest_for_binary(data.path());
    let web = start_web(data.path()).await;
    let (web, base) = web;
    let port = free_port();
    let driver = tokio::process::Command::new(driver)
        .arg(format!("--port={port}"))
        .arg("--allowed-ips=127.0.0.1")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("start chromedriver");
    let driver_url = format!("http://127.0.0.1:{port}");
    let ready = driver_ready(&driver_url, Duration::from_secs(20)).await;
    if !ready {
        eprintln!("skipping {test}: chromedriver did not answer on {driver_url}");
        return None;
    }
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": chromium,
            // As root (CI) Chromium needs --no-sandbox; /dev/shm is small in containers.
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     format!("--window-size={},{}", DESKTOP.0, DESKTOP.1)],
        }),
    );
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    let client = match ClientBuilder::new(connector)
        .capabilities(caps)
        .connect(&driver_url)
        .await
    {
        Ok(c) => c,
        Err(e) => {
            eprintln!("skipping {test}: Chromium did not start through chromedriver: {e}");
            return None;
        }
    };
    Some(Browser {
        client,
        base,
        _driver: driver,
        _web: web,
        _data: data,
    })
}

/// Whether chromedriver answers `/status` within `within`.
async fn driver_ready(driver_url: &str, within: Duration) -> bool {
    let Ok(http) = reqwest::Client::builder().no_proxy().build() else {
        return false;
    };
    let deadline = tokio::time::Instant::now() + within;
    while tokio::time::Instant::now() < deadline {
        let answered = http.get(format!("{driver_url}/status")).send().await;
        if answered.is_ok_and(|r| r.status().is_success()) {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    false
}

/// `whosaid web --listen 127.0.0.1:0` on `data`, and the address it printed.
async fn start_web(data: &Path) -> (Child, String) {
    let mut cmd = tokio::process::Command::from(cli::in_dir(data));
    cmd.args(["web", "--listen", "127.0.0.1:0"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .kill_on_drop(true);
    let mut child = cmd.spawn().expect("start whosaid web");
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = BufReader::new(stdout).lines();
    let first = tokio::time::timeout(Duration::from_secs(60), lines.next_line())
        .await
        .expect("whosaid web printed its address in time")
        .expect("read stdout")
        .expect("whosaid web printed its address");
    (child, first.trim().trim_end_matches('/').to_string())
}

/// Where the screenshots go: `target/screenshots/`.
fn screenshot_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("target dir")
        .join("screenshots");
    std::fs::create_dir_all(&dir).expect("screenshot dir");
    dir
}

/// Save a screenshot of the page at `size` as `name`, and check the page fits that width
/// (no sideways scrolling).
async fn shoot(client: &Client, size: (u32, u32), name: &str) {
    client
        .set_window_size(size.0, size.1)
        .await
        .expect("window size");
    let png = client.screenshot().await.expect("screenshot");
    std::fs::write(screenshot_dir().join(name), png).expect("write screenshot");
    let fits = client
        .execute(
            "return document.documentElement.scrollWidth <= window.innerWidth;",
            vec![],
        )
        .await
        .expect("measure");
    assert_eq!(
        fits,
        serde_json::json!(true),
        "{name}: wider than the window"
    );
}

/// Wait until the page's address holds `part` (the form's page has replaced the last).
async fn wait_for_url(client: &Client, part: &str) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    loop {
        let url = client.current_url().await.expect("url");
        if url.as_str().contains(part) {
            return;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "still on {url}, waiting for {part}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Nothing the hostile article carried ran: its global is unset and no alert is open.
async fn assert_nothing_ran(client: &Client, what: &str) {
    let global = client
        .execute(&format!("return typeof window.{HOSTILE_GLOBAL};"), vec![])
        .await
        .expect("read global");
    assert_eq!(
        global,
        serde_json::json!("undefined"),
        "{what}: the script ran"
    );
    assert!(
        client.get_alert_text().await.is_err(),
        "{what}: an alert is open"
    );
    let images = client
        .find_all(Locator::Css("main img"))
        .await
        .expect("images");
    assert!(
        images.is_empty(),
        "{what}: an <img> from the article is in the page"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_visitor_asks_opens_the_person_pages_through_and_opens_a_statement() {
    let Some(b) = browser("a_visitor_asks…").await else {
        return;
    };
    let c = &b.client;
    c.goto(&format!("{}/", b.base)).await.expect("home");
    let input = c.find(Locator::Css("input[name=q]")).await.expect("box");
    input
        .send_keys("What did Ann Lee say about the budget?")
        .await
        .expect("type");
    c.find(Locator::Css("form.ask button[type=submit]"))
        .await
        .expect("button")
        .click()
        .await
        .expect("submit");
    wait_for_url(c, "?q=").await;
    let speaker = c
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css("li.statement a.speaker"))
        .await
        .expect("an answer with a speaker");
    assert_eq!(speaker.text().await.expect("text"), PERSON);
    assert!(c.current_url().await.expect("url").as_str().contains("?q="));
    let source = c
        .find(Locator::Css("li.statement a.source"))
        .await
        .expect("source link");
    assert_eq!(
        source.attr("href").await.expect("href").as_deref(),
        Some("https://news.example.org/council/1")
    );
    shoot(c, DESKTOP, "answer-desktop.png").await;
    shoot(c, PHONE, "answer-phone.png").await;
    c.set_window_size(DESKTOP.0, DESKTOP.1).await.expect("size");

    speaker.click().await.expect("open the person");
    wait_for_url(c, "/people/").await;
    c.wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css("ol.statements"))
        .await
        .expect("the person's statements");
    let h1 = c.find(Locator::Css("h1")).await.expect("h1");
    assert_eq!(h1.text().await.expect("name"), PERSON);
    let chart = c
        .find(Locator::Css("figure.chart svg"))
        .await
        .expect("the timeline chart");
    let shown = c
        .execute(
            "const r = arguments[0].getBoundingClientRect(); return r.width > 200 && r.height > 100;",
            vec![serde_json::to_value(&chart).expect("element")],
        )
        .await
        .expect("measure the chart");
    assert_eq!(shown, serde_json::json!(true), "the chart is drawn");
    let items = c
        .find_all(Locator::Css("ol.statements li.statement"))
        .await
        .expect("items");
    assert_eq!(items.len(), 20);
    shoot(c, DESKTOP, "person-desktop.png").await;
    shoot(c, PHONE, "person-phone.png").await;
    // The README's picture (docs/explorer.png, made smaller with pngquant).
    shoot(c, README, "person-readme.png").await;
    c.set_window_size(DESKTOP.0, DESKTOP.1).await.expect("size");

    let about = c
        .find(Locator::Css("form.filter input[name=about]"))
        .await
        .expect("the topic filter");
    about.send_keys("harbour").await.expect("type a topic");
    c.find(Locator::Css("form.filter button[type=submit]"))
        .await
        .expect("filter button")
        .click()
        .await
        .expect("filter");
    wait_for_url(c, "about=harbour").await;
    let count = c
        .find(Locator::Css("p.count"))
        .await
        .expect("the filtered count");
    let counted = count.text().await.expect("text");
    assert!(counted.contains("about harbour"), "{counted}");
    for item in c
        .find_all(Locator::Css("ol.statements li.statement p.content"))
        .await
        .expect("items")
    {
        let text = item.text().await.expect("text");
        assert!(text.contains("harbour"), "{text}");
    }
    c.back().await.expect("back to every statement");
    c.wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css("nav.pages a[rel=next]"))
        .await
        .expect("the unfiltered list again");

    c.find(Locator::Css("nav.pages a[rel=next]"))
        .await
        .expect("next page")
        .click()
        .await
        .expect("page 2");
    wait_for_url(c, "page=2").await;
    let nav = c
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css("nav.pages span"))
        .await
        .expect("page 2");
    assert_eq!(nav.text().await.expect("text"), "Page 2 of 3");

    c.find(Locator::Css("li.statement a.permalink"))
        .await
        .expect("a statement link")
        .click()
        .await
        .expect("open the statement");
    wait_for_url(c, "/statements/").await;
    let mark = c
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css("div.paragraph mark"))
        .await
        .expect("the statement highlighted");
    assert!(mark.text().await.expect("text").contains("Ann Lee said"));
    shoot(c, PHONE, "statement-phone.png").await;
    b.client.clone().close().await.expect("close");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_article_written_to_attack_the_page_runs_nothing() {
    let Some(b) = browser("the_article_written_to_attack…").await else {
        return;
    };
    let c = &b.client;
    c.goto(&format!("{}/?q=What+did+Tom+Reyes+say%3F", b.base))
        .await
        .expect("answer");
    let content = c
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css("li.statement"))
        .await
        .expect("an answer");
    assert!(content.text().await.expect("text").len() > 10);
    assert_nothing_ran(c, "answer").await;
    let page = c.source().await.expect("source");
    assert!(page.contains("whosaidPwned"), "the text is shown, as text");
    let links = c
        .find_all(Locator::Css("li.statement a.permalink"))
        .await
        .expect("links");
    let mut hrefs = Vec::new();
    for l in links {
        hrefs.extend(l.attr("href").await.expect("href"));
    }
    for href in hrefs {
        c.goto(&format!("{}{href}", b.base))
            .await
            .expect("statement");
        assert_nothing_ran(c, &href).await;
    }
    c.goto(&format!("{}/people/Tom%20Reyes", b.base))
        .await
        .expect("person");
    assert_nothing_ran(c, "person page").await;
    b.client.clone().close().await.expect("close");
}
