//! whosaid's feed parsing against the test suite of Python's feedparser
//! (`../shared/corpora/feedparser-suite`), the reference for reading feeds leniently.
//!
//! Every file goes through `feeds::parse::parse` as a poll would hand it over: the `http`
//! files served on 127.0.0.1 with their `Header:` lines as HTTP headers (as feedparser's
//! harness serves them) and fetched by whosaid's fetcher, the others read from disk at the
//! address feedparser's harness gives them. Where an
//! `Expect:` line names entries (`entries[N]`, `len(entries) == N`), feedparser finds at
//! least that many, and whosaid should read as many items, except those with no text at
//! all (whosaid indexes text: "fewer by design"); where it names a title, the same title
//! (as text: whosaid keeps no markup). Prints one line per directory and the
//! overall figures; asserts the floors reached so far, so that a regression fails.
//!
//! `cargo test -j 1 --test it feedparser_suite -- --nocapture` prints the table.
//! Skips when `../shared` is absent.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use axum::extract::Path as UrlPath;
use axum::routing::get;
use regex::Regex;
use url::Url;
use whosaid::feeds::{decode, html, parse};
use whosaid::feeds::{AllowHosts, FeedUrl, FetchOptions, Fetched, Fetcher, Validators};

use crate::support::local::{serve, shared_or_skip};

// What the suite gives today: raise the floors (lower the ceiling) with each fix, so that
// a regression fails; never the other way. Panics, silent empties and refusals in a
// library's words are at zero and must stay there.
const MOST_LOSS: usize = 3;
const LEAST_READ: usize = 452;
const LEAST_SAME: usize = 452;
const LEAST_TITLES: usize = 384;
const LEAST_ENCODINGS: usize = 66;

/// Words of quick-xml's and feed-rs's own messages, which a moderator should never read.
const LIBRARY_WORDS: &[&str] = &[
    "Parser error",
    "syntax error",
    "ill-formed",
    "at position",
    "unable to parse",
    "content.inline",
];

/// One line of `expect.jsonl`.
#[derive(serde::Deserialize)]
struct Case {
    path: String,
    expect: Option<String>,
    headers: Option<BTreeMap<String, String>>,
    /// Served over HTTP by feedparser's harness (the path contains `http`).
    http: bool,
}

/// How one file was read, against feedparser's expectation.
#[derive(Default)]
struct Tally {
    files: usize,
    /// Files where feedparser finds entries.
    with_entries: usize,
    /// ... of which whosaid reads items from.
    read: usize,
    /// ... and as many as feedparser (at least the count the expectation implies).
    same_count: usize,
    /// ... fewer, every one left out with a reason, and feedparser has no text for them
    /// either (an entry that only carries an author, say): by design, whosaid indexes text.
    fewer_by_design: usize,
    /// ... fewer, each with a reason, but feedparser reads text whosaid does not.
    fewer_by_loss: usize,
    /// ... the feed refused with an error.
    refused: usize,
    /// ... parsed, no items, no reason: what must never happen.
    silent_empty: usize,
    /// Any file: the parser panicked (caught, but a bug).
    panics: usize,
    /// Any file: refused in a library's words rather than a moderator's.
    jargon: usize,
    titles_checked: usize,
    titles_same: usize,
    /// Files whose expectation names the encoding, and whosaid decodes them with it.
    encodings_checked: usize,
    encodings_same: usize,
}

impl Tally {
    fn add(&mut self, o: &Tally) {
        self.files += o.files;
        self.with_entries += o.with_entries;
        self.read += o.read;
        self.same_count += o.same_count;
        self.fewer_by_design += o.fewer_by_design;
        self.fewer_by_loss += o.fewer_by_loss;
        self.refused += o.refused;
        self.silent_empty += o.silent_empty;
        self.panics += o.panics;
        self.jargon += o.jargon;
        self.titles_checked += o.titles_checked;
        self.titles_same += o.titles_same;
        self.encodings_checked += o.encodings_checked;
        self.encodings_same += o.encodings_same;
    }

    fn line(&self, name: &str) -> String {
        format!(
            "{name:<26} files {:>4}  entries {:>4}  read {:>4}  same {:>4}  fewer: design {:>3} loss {:>3}  refused {:>3}  silent {:>3}  panics {:>2}  titles {:>3}/{:<3}  encodings {:>2}/{:<2}",
            self.files,
            self.with_entries,
            self.read,
            self.same_count,
            self.fewer_by_design,
            self.fewer_by_loss,
            self.refused,
            self.silent_empty,
            self.panics,
            self.titles_same,
            self.titles_checked,
            self.encodings_same,
            self.encodings_checked,
        )
    }
}

fn re(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).expect("a valid pattern"))
}

/// The fewest entries feedparser must find for `expect` to hold (0: it names none).
fn entries_named(expect: &str) -> usize {
    static INDEX: OnceLock<Regex> = OnceLock::new();
    static LEN: OnceLock<Regex> = OnceLock::new();
    let indexed = re(&INDEX, r"\bentries\[(\d+)\]")
        .captures_iter(expect)
        .filter_map(|c| c[1].parse::<usize>().ok())
        .map(|n| n + 1)
        .max()
        .unwrap_or(0);
    let counted = re(&LEN, r"len\(entries\)\s*==\s*(\d+)")
        .captures(expect)
        .and_then(|c| c[1].parse().ok())
        .unwrap_or(0);
    indexed.max(counted)
}

/// The titles `expect` states: (entry index or `None` for the feed's, the title).
fn titles_named(expect: &str) -> Vec<(Option<usize>, String)> {
    static TITLE: OnceLock<Regex> = OnceLock::new();
    let pattern = r#"(?:entries\[(\d+)\]|feed)(?:\['title'\]|\.title)\s*==\s*u?('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")"#;
    re(&TITLE, pattern)
        .captures_iter(expect)
        .filter_map(|c| {
            let at = c.get(1).and_then(|m| m.as_str().parse().ok());
            python_string(&c[2]).map(|s| (at, s))
        })
        .collect()
}

/// Whether `expect` gives an entry some text (a title, description, summary or content
/// that is not empty once read as text).
fn text_named(expect: &str) -> bool {
    static TEXT: OnceLock<Regex> = OnceLock::new();
    let pattern = r#"entries\[\d+\](?:\['|\.)(?:title|description|summary|content)(?:'\])?(?:\[0\]\['value'\]|\[0\]\.value)?\s*==\s*u?('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")"#;
    re(&TEXT, pattern)
        .captures_iter(expect)
        .filter_map(|c| python_string(&c[1]))
        .any(|s| !as_text(&s).is_empty())
}

/// A Python string literal's value (the escapes the suite uses).
fn python_string(lit: &str) -> Option<String> {
    let inner = &lit[1..lit.len() - 1];
    let mut out = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let hex = |chars: &mut std::str::Chars<'_>, n: usize| {
            let digits: String = chars.take(n).collect();
            u32::from_str_radix(&digits, 16)
                .ok()
                .and_then(char::from_u32)
        };
        match chars.next()? {
            'n' => out.push('\n'),
            't' => out.push('\t'),
            'r' => out.push('\r'),
            'x' => out.push(hex(&mut chars, 2)?),
            'u' => out.push(hex(&mut chars, 4)?),
            'U' => out.push(hex(&mut chars, 8)?),
            other => out.push(other),
        }
    }
    Some(out)
}

/// The encoding `expect` names, by the name whosaid gives it (the WHATWG name, which
/// reads ISO-8859-1 as windows-1252; UTF-32, which WHATWG leaves out, as written).
fn encoding_named(expect: &str) -> Option<String> {
    static ENCODING: OnceLock<Regex> = OnceLock::new();
    let c = re(&ENCODING, r"\bencoding\s*==\s*'([^']+)'").captures(expect)?;
    let label = &c[1];
    Some(match encoding_rs::Encoding::for_label(label.as_bytes()) {
        Some(e) if label != "us-ascii" => e.name().to_string(),
        _ => label.to_ascii_uppercase(),
    })
}

/// A title as whosaid keeps one: text, on one line.
fn as_text(s: &str) -> String {
    html::to_text(s)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Tally one file as whosaid read it; `notes` gets a line for each loss.
fn try_case(case: &Case, body: Result<Body, String>, notes: &mut Vec<String>) -> Tally {
    let mut t = Tally {
        files: 1,
        ..Tally::default()
    };
    let expect = case.expect.as_deref().unwrap_or("");
    let want = entries_named(expect);
    let (bytes, charset) = match &body {
        Ok(b) => (b.bytes.as_slice(), b.charset.as_deref()),
        Err(_) => (&[][..], None),
    };
    let result = match &body {
        Ok(b) => parse::parse(&b.bytes, b.charset.as_deref(), &b.url),
        Err(e) => Err(e.clone()),
    };
    match &result {
        Err(e) if e.contains("the parser failed on it") => {
            t.panics = 1;
            notes.push(format!("{}: panicked: {e}", case.path));
        }
        Err(e) if LIBRARY_WORDS.iter().any(|w| e.contains(w)) => {
            t.jargon = 1;
            notes.push(format!("{}: jargon: {e}", case.path));
        }
        _ => {}
    }
    if want > 0 {
        t.with_entries = 1;
        match &result {
            Err(e) => {
                t.refused = 1;
                notes.push(format!("{}: refused: {e}", case.path));
            }
            Ok(p) => {
                t.read = usize::from(!p.items.is_empty());
                if p.items.len() >= want {
                    t.same_count = 1;
                } else if p.skipped.is_empty() {
                    t.silent_empty = usize::from(p.items.is_empty());
                    notes.push(format!(
                        "{}: {} of {want}, no reason",
                        case.path,
                        p.items.len()
                    ));
                } else if text_named(expect) {
                    t.fewer_by_loss = 1;
                    notes.push(format!(
                        "{}: LOSS {} of {want}: {}",
                        case.path,
                        p.items.len(),
                        p.skipped.join("; ")
                    ));
                } else {
                    t.fewer_by_design = 1;
                    notes.push(format!(
                        "{}: {} of {want}: {}",
                        case.path,
                        p.items.len(),
                        p.skipped.join("; ")
                    ));
                }
            }
        }
    }
    if let Some(want) = encoding_named(expect) {
        t.encodings_checked = 1;
        let (_, used) = decode::to_utf8(bytes, charset);
        // ASCII bytes read the same in any ASCII-compatible encoding.
        let ascii = want == "US-ASCII" && bytes.is_ascii() && used != "UTF-16LE";
        if ascii || used.eq_ignore_ascii_case(&want) {
            t.encodings_same = 1;
        } else {
            notes.push(format!("{}: read as {used}, feedparser {want}", case.path));
        }
    }
    for (at, title) in titles_named(expect) {
        t.titles_checked += 1;
        let ours = result.as_ref().ok().and_then(|p| match at {
            None => p.title.clone(),
            Some(n) => p.items.get(n).and_then(|i| i.title.clone()),
        });
        if ours.as_deref().unwrap_or("") == as_text(&title) {
            t.titles_same += 1;
        } else {
            notes.push(format!(
                "{}: title {ours:?}, feedparser {title:?}",
                case.path
            ));
        }
    }
    t
}

/// The directory a file is summed under: `wellformed/atom`, `entities`, ...
fn category(path: &str) -> String {
    let parts: Vec<&str> = path.split('/').collect();
    match parts.as_slice() {
        [top @ ("wellformed" | "illformed"), sub, _, ..] => format!("{top}/{sub}"),
        [top, ..] => top.to_string(),
        [] => String::new(),
    }
}

/// A file as a poll gets it: the body, the `Content-Type` charset and the address.
struct Body {
    bytes: Vec<u8>,
    charset: Option<String>,
    url: Url,
}

/// Serve the suite's `http` files at `/tests/PATH` as feedparser's harness does: the
/// file's `Header:` lines as headers, `Content-Type: text/xml` when none gives one.
async fn serve_suite(dir: PathBuf, cases: &[Case]) -> std::net::SocketAddr {
    let headers: Arc<HashMap<String, BTreeMap<String, String>>> = Arc::new(
        cases
            .iter()
            .map(|c| (c.path.clone(), c.headers.clone().unwrap_or_default()))
            .collect(),
    );
    let app = axum::Router::new().route(
        "/tests/{*path}",
        get(move |UrlPath(path): UrlPath<String>| {
            let (dir, headers) = (dir.clone(), headers.clone());
            async move {
                let mut resp = axum::http::Response::builder();
                let given = headers.get(&path).cloned().unwrap_or_default();
                if !given.keys().any(|k| k.eq_ignore_ascii_case("content-type")) {
                    resp = resp.header("content-type", "text/xml");
                }
                for (name, value) in &given {
                    resp = resp.header(name.as_str(), value.as_str());
                }
                let body = std::fs::read(dir.join(&path)).unwrap_or_default();
                resp.body(axum::body::Body::from(body))
                    .unwrap_or_else(|_| axum::http::Response::new(axum::body::Body::empty()))
            }
        }),
    );
    serve(app).await
}

/// The `http` files fetched from `served` by whosaid's fetcher; the others read from disk,
/// at the address feedparser's harness would give them.
async fn body_of(dir: &Path, case: &Case, served: std::net::SocketAddr) -> Result<Body, String> {
    if !case.http {
        let bytes = std::fs::read(dir.join(&case.path)).map_err(|e| e.to_string())?;
        let url = Url::parse(&format!("http://127.0.0.1:8097/tests/{}", case.path))
            .map_err(|e| e.to_string())?;
        return Ok(Body {
            bytes,
            charset: None,
            url,
        });
    }
    let allow = AllowHosts::new(["127.0.0.1"]);
    let url = FeedUrl::parse(&format!("http://{served}/tests/{}", case.path), &allow)?;
    let fetcher = Fetcher::new(FetchOptions {
        allow_hosts: allow,
        ..FetchOptions::default()
    })
    .map_err(|e| e.to_string())?;
    match fetcher.fetch(&url, &Validators::default()).await {
        Ok(Fetched::Body {
            bytes,
            charset,
            url,
            ..
        }) => Ok(Body {
            bytes,
            charset,
            url,
        }),
        Ok(Fetched::NotModified) => Err("fetch: not modified".to_string()),
        Err(e) => Err(format!("fetch: {e}")),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn feedparser_suite_reads_what_feedparser_reads() {
    let Some(dir) = shared_or_skip("corpora/feedparser-suite") else {
        return;
    };
    let manifest = std::fs::read_to_string(dir.join("expect.jsonl")).expect("expect.jsonl");
    let cases: Vec<Case> = manifest
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("a manifest line"))
        .collect();
    let served = serve_suite(dir.clone(), &cases).await;
    let mut by_category: BTreeMap<String, Tally> = BTreeMap::new();
    let mut notes = Vec::new();
    for case in &cases {
        let body = body_of(&dir, case, served).await;
        let t = try_case(case, body, &mut notes);
        by_category.entry(category(&case.path)).or_default().add(&t);
    }
    let mut all = Tally::default();
    for (name, t) in &by_category {
        println!("{}", t.line(name));
        all.add(t);
    }
    println!("{}", all.line("all"));
    let readable = all.with_entries - all.fewer_by_design;
    println!(
        "feedparser finds entries in {}, whosaid reads items from {} (as many in {}); \
         of the {readable} with readable entries, {:.1}% read with the same count",
        all.with_entries,
        all.read,
        all.same_count,
        100.0 * all.same_count as f64 / readable.max(1) as f64
    );
    if std::env::var_os("WHOSAID_SUITE_NOTES").is_some() {
        notes.iter().for_each(|n| println!("  {n}"));
    }
    assert_eq!(all.panics, 0, "the parser panicked");
    assert_eq!(all.jargon, 0, "a refusal in a library's words");
    assert_eq!(all.silent_empty, 0, "a feed read as empty without a reason");
    assert!(
        all.fewer_by_loss <= MOST_LOSS,
        "more entries with text lost"
    );
    assert!(all.read >= LEAST_READ, "fewer feeds read");
    assert!(all.same_count >= LEAST_SAME, "fewer feeds read in full");
    assert!(
        all.titles_same >= LEAST_TITLES,
        "fewer titles read as feedparser reads them"
    );
    assert!(
        all.encodings_same >= LEAST_ENCODINGS,
        "fewer encodings read as feedparser names them"
    );
}

/// The real feeds of `../shared/corpora/feeds` as whosaid read them before the lenient
/// reading (issue 19): (file, items, bytes of text, items skipped). Leniency must not change
/// what already read well.
const FIXTURES: &[(&str, usize, usize, usize)] = &[
    ("ctvnews_bom_rss2.xml", 10, 1698, 0),
    ("dailymail_world_noitems_rss2.xml", 0, 0, 0),
    ("daringfireball_jsonfeed1.json", 2, 204, 0),
    ("golem_iso8859_rss1.xml", 1, 158, 0),
    ("guardian_us_rss2.xml", 55, 33585, 0),
    ("heise_developer_atom.xml", 15, 2997, 0),
    ("huffpostcanada_rss2.xml", 2, 7410, 0),
    ("ilgiornale_cronache_rss2.xml", 1, 153, 0),
    ("ilmessaggero_mondo_rss2.xml", 1, 183, 0),
    ("indianexpress_world_rss2.xml", 200, 12938, 0),
    ("inessential_jsonfeed1.json", 20, 42703, 0),
    ("influxdata_jsonfeed11_rfc2822dates.json", 3, 521, 0),
    ("intertwingly_xhtml_atom.xml", 20, 11914, 0),
    ("japantimes_nodates_rss2.xml", 118, 16430, 0),
    ("jornaldenoticias_iso8859_rss2.xml", 40, 7066, 0),
    ("lemonde_mojibake_rss2.xml", 18, 2906, 0),
    ("mirror_world_rss2.xml", 25, 3232, 0),
    ("nbcnewyork_rss2.xml", 1, 135, 0),
    ("nytimes_homepage_rss2.xml", 33, 4647, 0),
    ("oren_windows1251_rss2.xml", 10, 1851, 0),
    ("orf_news_bom_rss1.xml", 50, 2489, 0),
    ("pcmag_dvorak_nested_item_rss2.xml", 10, 982, 0),
    ("reuters_world_rss2.xml", 10, 2479, 0),
    ("techcrunch_leading_blankline_rss2.xml", 20, 51320, 0),
    ("theverge_frontpage_atom.xml", 10, 39405, 0),
    ("tjrs_iso8859_nodates_rss091.xml", 1, 311, 0),
    ("tpm_allnews_relative_atom.xml", 20, 47702, 0),
    ("uolnoticias_undeclared_latin1_rss2.xml", 15, 3042, 0),
    ("washingtonpost_wellness_rss2.xml", 29, 8955, 0),
];

#[test]
fn fixture_feeds_read_as_before() {
    let Some(dir) = crate::support::local::fixture_feeds() else {
        return;
    };
    for &(name, items, text, skipped) in FIXTURES {
        let bytes = std::fs::read(dir.join(name)).expect("a fixture feed");
        let url = Url::parse(&format!("http://127.0.0.1/{name}")).expect("url");
        let parsed = parse::parse(&bytes, None, &url).expect("a fixture feed parses");
        let got = (
            parsed.items.len(),
            parsed.items.iter().map(|i| i.text.len()).sum::<usize>(),
            parsed.skipped.len(),
        );
        assert_eq!(
            got,
            (items, text, skipped),
            "{name}: (items, text bytes, skipped)"
        );
    }
}
