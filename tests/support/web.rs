//! The statement explorer for tests: in-process on 127.0.0.1 (an engine over the test's own
//! articles, the state database in the same directory), the articles the web tests share
//! (one person quoted often enough to page through, and an article written to attack the
//! page), and a client that reads a page's status, headers and body.

use std::num::NonZeroU32;
use std::path::Path;
use std::sync::Arc;

use whosaid::corpus::loader::parse_jsonl_line;
use whosaid::corpus::Document;
use whosaid::store::Store;
use whosaid::web::{self, Site, WebOptions};

/// The person quoted in [`PAGED_STATEMENTS`] articles, one a day.
pub const PERSON: &str = "Ann Lee";
/// How many statements [`PERSON`] makes: three pages of 20.
pub const PAGED_STATEMENTS: usize = 45;
/// The id of the article written to attack the page.
pub const HOSTILE_ID: &str = "hostile-1";
/// What its script would set if it ran.
pub const HOSTILE_GLOBAL: &str = "whosaidPwned";

/// An article from its JSON line.
pub fn article(line: &str) -> Document {
    parse_jsonl_line(line, &Default::default()).unwrap_or_else(|e| panic!("{e}: {line}"))
}

/// [`PERSON`]'s articles, a council article where others speak too, and the hostile one.
pub fn articles() -> Vec<Document> {
    let mut docs: Vec<Document> = (0..PAGED_STATEMENTS)
        .map(|i| {
            let day = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).expect("day")
                + chrono::Days::new(i as u64);
            let topic = if i % 3 == 0 { "harbour" } else { "bridge" };
            article(&serde_json::json!({
                "id": format!("lee-{i:02}"),
                "published": day.to_string(),
                "title": format!("Council notes {i}"),
                "url": format!("https://news.example.org/lee/{i}"),
                "source": "Example News",
                "text": format!("The council met on Monday. Mayor Ann Lee said the {topic} repairs number {i} were finished on time. The work cost less than planned."),
            }).to_string())
        })
        .collect();
    docs.push(article(&serde_json::json!({
        "id": "council-1",
        "published": "2025-03-01",
        "title": "Council debates the budget",
        "url": "https://news.example.org/council/1",
        "source": "Example News",
        "text": "The council debated the budget on Friday. Mayor Ann Lee said the budget protects the libraries. Councillor Tom Reyes said the budget cuts the bus routes. The vote is next week.",
    }).to_string()));
    docs.push(article(&serde_json::json!({
        "id": HOSTILE_ID,
        "published": "2025-03-02",
        "title": "<script>window.whosaidPwned=1;alert(1)</script> Budget row",
        "url": "javascript:window.whosaidPwned=1",
        "source": "\"><img src=x onerror=alert(1)>",
        "text": "The council argued on Saturday. Councillor Tom Reyes said the plan was \"><img src=x onerror=\"window.whosaidPwned=1\"> a mistake <script>window.whosaidPwned=1;alert(1)</script> for the town. The meeting ended late.",
    }).to_string()));
    docs
}

/// A running explorer.
pub struct Explorer {
    /// `http://127.0.0.1:PORT`, no trailing slash.
    pub base: String,
    pub store: Arc<Store>,
    task: tokio::task::JoinHandle<()>,
    _dir: tempfile::TempDir,
}

impl Drop for Explorer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Budgets so large no test meets them, but the rate-limit test.
pub fn generous() -> WebOptions {
    WebOptions {
        per_minute: NonZeroU32::new(100_000).expect("nonzero"),
        burst: NonZeroU32::new(10_000).expect("nonzero"),
    }
}

/// The explorer over [`articles`] with `options`; `prepare` writes to the state database
/// first (hidden documents).
pub async fn start(options: WebOptions, prepare: impl FnOnce(&Store)) -> Explorer {
    let dir = tempfile::tempdir().expect("temp dir");
    let engine = super::engine::open(dir.path());
    engine
        .ingest(articles().into_iter().map(Ok), |_| {})
        .expect("ingest");
    engine.finish_ingest().expect("finish");
    let store = Arc::new(Store::open_in(dir.path()).expect("store"));
    prepare(&store);
    let site = Site::new(Arc::new(engine), Some(store.clone()), None, &options).expect("site");
    serve(site, store, dir).await
}

async fn serve(site: Site, store: Arc<Store>, dir: tempfile::TempDir) -> Explorer {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    let task = tokio::spawn(async move {
        if let Err(e) = web::serve(listener, Arc::new(site), std::future::pending()).await {
            panic!("the explorer stopped: {e}");
        }
    });
    Explorer {
        base: format!("http://{addr}"),
        store,
        task,
        _dir: dir,
    }
}

/// A page as the client got it.
pub struct Page {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub body: String,
}

impl Page {
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    /// Every `href="…"` of the page, as written (HTML-escaped).
    pub fn links(&self) -> Vec<String> {
        self.body
            .split("href=\"")
            .skip(1)
            .filter_map(|rest| rest.split('"').next())
            .map(|h| h.replace("&amp;", "&").replace("&#x2f;", "/"))
            .collect()
    }
}

/// GET `path` (with its query) from the explorer.
pub async fn get(explorer: &Explorer, path: &str) -> Page {
    let client = reqwest::Client::builder()
        .no_proxy()
        .build()
        .expect("client");
    let res = client
        .get(format!("{}{path}", explorer.base))
        .send()
        .await
        .unwrap_or_else(|e| panic!("GET {path}: {e}"));
    let status = res.status().as_u16();
    let headers = res.headers().clone();
    let body = res.text().await.expect("body");
    Page {
        status,
        headers,
        body,
    }
}

/// Put [`articles`] into the data directory `data` with `whosaid ingest`, as an operator
/// would, for the browser tests, which run the `whosaid web` binary.
pub fn ingest_for_binary(data: &Path) {
    let lines: String = articles()
        .iter()
        .map(|d| {
            serde_json::json!({
                "id": d.id.as_str(),
                "published": d.published.map(|p| p.to_string()),
                "title": d.title,
                "url": d.url,
                "source": d.source,
                "text": d.text,
            })
            .to_string()
                + "\n"
        })
        .collect();
    let file = data.join("articles.jsonl");
    std::fs::write(&file, lines).expect("write articles");
    let out = super::cli::run(data, &["ingest", &file.to_string_lossy()]);
    assert!(
        out.status.success(),
        "ingest failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}
