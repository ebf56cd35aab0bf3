//! The handlers: each parses its path and query into typed values, asks the engine (on a
//! blocking thread: tantivy blocks), and renders a page or JSON. What a page shows is built
//! here as plain data ([`StatementView`] and friends), so templates only lay it out.

use std::collections::HashSet;
use std::sync::Arc;

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use serde::Serialize;

use super::params::{self, Params, ServerId};
use super::{html_headers, json, Refusal, Site};
use crate::chart::Timeline;
use crate::engine::EngineError;
use crate::qa::{self, Answer, CitedStatement, PersonFilter, StatementId};
use crate::render::pages::path_segment;

/// Statements on one page of a person's list: enough to browse, small enough for a phone
/// (and far under the 100 KB a page may weigh).
pub const PAGE_SIZE: usize = 20;

/// Run engine work on a blocking thread.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, Refusal> + Send + 'static,
) -> Result<T, Refusal> {
    tokio::task::spawn_blocking(f)
        .await
        .unwrap_or_else(|e| Err(Refusal::internal("the page could not be built", e)))
}

fn hidden(site: &Site, server: Option<ServerId>) -> Result<HashSet<String>, Refusal> {
    site.hidden(server)
        .map_err(|e| Refusal::internal("the hidden documents could not be read", e))
}

fn engine_refusal(e: EngineError) -> Refusal {
    match e {
        EngineError::EmptyQuestion | EngineError::QuestionTooLong(_) => Refusal::bad_request(e),
        other => Refusal::internal("the index could not answer", other),
    }
}

/// `?server=ID` for links, so a server's hidden documents stay hidden page after page.
fn server_query(server: Option<ServerId>) -> String {
    server.map_or_else(String::new, |ServerId(id)| format!("?server={id}"))
}

fn render(site: &Site, name: &str, data: &impl Serialize) -> Response {
    match site.pages.render(name, data) {
        Ok(html) => (StatusCode::OK, html_headers(), html).into_response(),
        Err(e) => Refusal::internal("the page template failed", e).page(site),
    }
}

/// One statement as a page lists it.
#[derive(Clone, Debug, Serialize)]
pub struct StatementView {
    pub id: Option<String>,
    pub speaker: Option<String>,
    pub role: Option<String>,
    /// "direct" (a quote) or "indirect" (reported).
    pub kind: &'static str,
    pub cue: Option<String>,
    pub content: String,
    pub antecedent: Option<String>,
    pub when_text: Option<String>,
    pub title: String,
    /// The article's address, only when it is http(s): a `javascript:` URL from a feed is
    /// never made a link.
    pub url: Option<String>,
    pub published: Option<String>,
}

impl From<&CitedStatement> for StatementView {
    fn from(s: &CitedStatement) -> Self {
        StatementView {
            id: s.id.as_ref().map(ToString::to_string),
            speaker: s.speaker.clone(),
            role: s.role.clone(),
            kind: s.kind.as_str(),
            cue: s.cue.clone(),
            content: s.content.clone(),
            antecedent: s.antecedent.clone(),
            when_text: s.when_text.clone(),
            title: s.document.title.clone(),
            url: web_url(s.document.url.as_deref()),
            published: s.document.published.map(|d| d.to_string()),
        }
    }
}

/// `url` when it is an absolute http(s) address, else `None`.
pub fn web_url(url: Option<&str>) -> Option<String> {
    let parsed = url::Url::parse(url?.trim()).ok()?;
    matches!(parsed.scheme(), "http" | "https").then(|| parsed.to_string())
}

/// `GET /` and `GET /?q=`.
pub async fn home(State(site): State<Arc<Site>>, RawQuery(raw): RawQuery) -> Response {
    match home_page(&site, raw).await {
        Ok(r) => r,
        Err(r) => r.page(&site),
    }
}

async fn home_page(site: &Arc<Site>, raw: Option<String>) -> Result<Response, Refusal> {
    let p = Params::parse(raw.as_deref()).map_err(Refusal::bad_request)?;
    let Some(question) = p.q.clone() else {
        let data = serde_json::json!({ "server": p.server.map(|s| s.0), "server_query": server_query(p.server) });
        return Ok(render(site, "home.html.j2", &data));
    };
    let answer = ask(site, question, p.server).await?;
    let data = AnswerPage::new(&answer, p.server);
    Ok(render(site, "home.html.j2", &data))
}

async fn ask(
    site: &Arc<Site>,
    question: String,
    server: Option<ServerId>,
) -> Result<Answer, Refusal> {
    let s = site.clone();
    blocking(move || {
        let hidden = hidden(&s, server)?;
        s.engine
            .ask_excluding(&question, &hidden)
            .map_err(engine_refusal)
    })
    .await
}

/// What the answer page shows.
#[derive(Serialize)]
struct AnswerPage {
    question: String,
    intent: &'static str,
    subject: Option<String>,
    topic: Option<String>,
    empty: bool,
    unresolved: Option<String>,
    outside_window: Option<String>,
    entity: Option<qa::EntityInfo>,
    statements: Vec<StatementView>,
    passages: Vec<PassageView>,
    server: Option<u64>,
    server_query: String,
}

#[derive(Serialize)]
struct PassageView {
    text: String,
    when_text: Option<String>,
    title: String,
    url: Option<String>,
    published: Option<String>,
}

impl AnswerPage {
    fn new(a: &Answer, server: Option<ServerId>) -> Self {
        AnswerPage {
            question: a.question.clone(),
            intent: a.intent.as_str(),
            subject: a.subject.clone(),
            topic: a.topic.clone(),
            empty: a.is_empty(),
            unresolved: a.unresolved.clone(),
            outside_window: a.outside_window.as_ref().map(|w| w.text.clone()),
            entity: a.entity.clone(),
            statements: a.statements.iter().map(StatementView::from).collect(),
            passages: a
                .passages
                .iter()
                .map(|p| PassageView {
                    text: p.text.clone(),
                    when_text: p.when_text.clone(),
                    title: p.document.title.clone(),
                    url: web_url(p.document.url.as_deref()),
                    published: p.document.published.map(|d| d.to_string()),
                })
                .collect(),
            server: server.map(|s| s.0),
            server_query: server_query(server),
        }
    }
}

/// `GET /api/ask?q=`: the answer as JSON, with the text the bot would post.
pub async fn api_ask(State(site): State<Arc<Site>>, RawQuery(raw): RawQuery) -> Response {
    let run = async {
        let p = Params::parse(raw.as_deref()).map_err(Refusal::bad_request)?;
        let question = p.q.ok_or_else(|| {
            Refusal::bad_request("ask a question with ?q=, e.g. /api/ask?q=Who+said+it")
        })?;
        let answer = ask(&site, question, p.server).await?;
        let text = site.engine.render(&answer);
        Ok::<_, Refusal>(json(StatusCode::OK, &ApiAnswer { answer, text }))
    };
    run.await.unwrap_or_else(|r| r.json())
}

#[derive(Serialize)]
struct ApiAnswer {
    #[serde(flatten)]
    answer: Answer,
    /// The answer as the bot posts it (markdown).
    text: String,
}

/// A person's statements, one page of them, as both the page and the API give them.
struct PersonPage {
    statements: qa::PersonStatements,
    entity: Option<qa::EntityInfo>,
    /// The timeline of every statement listed (all pages), for the HTML page.
    chart: Option<ChartView>,
    page: usize,
    pages: usize,
}

/// The timeline chart as the person page shows it: inline SVG (its own title and
/// description inside, for screen readers) and the description in words.
#[derive(Serialize)]
struct ChartView {
    svg: String,
    description: String,
}

/// Whether to draw the timeline (the HTML page does; the JSON gives the statements).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Chart {
    Draw,
    Skip,
}

async fn person_statements(
    site: &Arc<Site>,
    name: Result<Path<String>, PathRejection>,
    p: &Params,
    chart: Chart,
) -> Result<PersonPage, Refusal> {
    let Path(name) = name.map_err(Refusal::bad_request)?;
    let name = params::person_name(&name).map_err(Refusal::bad_request)?;
    let filter = PersonFilter {
        about: p.about.clone(),
        since: p.since,
        until: p.until,
    };
    let (s, server, wanted) = (site.clone(), p.server, name.clone());
    let (found, entity, drawn) = blocking(move || {
        let hidden = hidden(&s, server)?;
        let found = s
            .engine
            .person_statements(&wanted, &filter, &hidden)
            .map_err(engine_refusal)?;
        let entity = match &found {
            Some(f) => {
                s.engine
                    .who_is_excluding(&f.name, &hidden)
                    .map_err(engine_refusal)?
                    .entity
            }
            None => None,
        };
        // Drawn here, on the blocking pool: a thousand statements take a few milliseconds.
        let drawn = match (&found, chart) {
            (Some(f), Chart::Draw) => {
                let timeline = Timeline::new(f, &filter);
                (!timeline.is_empty()).then(|| ChartView {
                    svg: timeline.svg(),
                    description: timeline.description(),
                })
            }
            _ => None,
        };
        Ok((found, entity, drawn))
    })
    .await?;
    let statements = found.ok_or_else(|| {
        Refusal::not_found(format!(
            "No one called “{name}” is quoted in the articles. Check the spelling, or ask a question on the first page."
        ))
    })?;
    let pages = statements.statements.len().div_ceil(PAGE_SIZE).max(1);
    let page = p.page.unwrap_or(1);
    if page > pages {
        return Err(Refusal::not_found(format!(
            "There is no page {page}: {} has {pages} page{} of statements{}.",
            statements.name,
            if pages == 1 { "" } else { "s" },
            if p.about.is_some() || p.since.is_some() || p.until.is_some() {
                " with these filters"
            } else {
                ""
            }
        )));
    }
    Ok(PersonPage {
        statements,
        entity,
        chart: drawn,
        page,
        pages,
    })
}

impl PersonPage {
    fn shown(&self) -> &[CitedStatement] {
        let all = &self.statements.statements;
        let start = (self.page - 1) * PAGE_SIZE;
        &all[start.min(all.len())..(start + PAGE_SIZE).min(all.len())]
    }
}

/// A role the person held, with the first and last day a statement shows it.
#[derive(Serialize, Debug, PartialEq)]
struct RoleSpan {
    role: String,
    from: Option<String>,
    to: Option<String>,
}

/// The roles the statements give the person, earliest first.
fn roles_over_time(statements: &[CitedStatement]) -> Vec<RoleSpan> {
    let mut spans: Vec<(String, Option<NaiveDate>, Option<NaiveDate>)> = Vec::new();
    for s in statements {
        let Some(role) = s.role.as_deref().map(str::trim).filter(|r| !r.is_empty()) else {
            continue;
        };
        let day = s
            .when
            .as_ref()
            .and_then(|w| w.start)
            .or(s.document.published);
        match spans
            .iter_mut()
            .find(|(r, _, _)| r.eq_ignore_ascii_case(role))
        {
            Some((_, from, to)) => {
                *from = min_opt(*from, day);
                *to = max_opt(*to, day);
            }
            None => spans.push((role.to_string(), day, day)),
        }
    }
    spans.sort_by_key(|(_, from, _)| *from);
    spans
        .into_iter()
        .map(|(role, from, to)| RoleSpan {
            role,
            from: from.map(|d| d.to_string()),
            to: to.map(|d| d.to_string()),
        })
        .collect()
}

fn min_opt(a: Option<NaiveDate>, b: Option<NaiveDate>) -> Option<NaiveDate> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

fn max_opt(a: Option<NaiveDate>, b: Option<NaiveDate>) -> Option<NaiveDate> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    }
}

/// The person page's query string for page `page`, keeping the filters and the server.
fn person_link(key: &str, p: &Params, page: usize) -> String {
    let mut q = url::form_urlencoded::Serializer::new(String::new());
    if let Some(about) = &p.about {
        q.append_pair("about", about);
    }
    if let Some(since) = p.since {
        q.append_pair("since", &since.to_string());
    }
    if let Some(until) = p.until {
        q.append_pair("until", &until.to_string());
    }
    if page > 1 {
        q.append_pair("page", &page.to_string());
    }
    if let Some(ServerId(id)) = p.server {
        q.append_pair("server", &id.to_string());
    }
    let q = q.finish();
    let path = format!("/people/{}", path_segment(key));
    if q.is_empty() {
        path
    } else {
        format!("{path}?{q}")
    }
}

/// `GET /people/{name}`.
pub async fn person(
    State(site): State<Arc<Site>>,
    name: Result<Path<String>, PathRejection>,
    RawQuery(raw): RawQuery,
) -> Response {
    let run = async {
        let p = Params::parse(raw.as_deref()).map_err(Refusal::bad_request)?;
        let found = person_statements(&site, name, &p, Chart::Draw).await?;
        let key = found.statements.name.clone();
        let shown: Vec<StatementView> = found.shown().iter().map(StatementView::from).collect();
        let data = serde_json::json!({
            "name": found.statements.name,
            "key": key,
            "aliases": found.entity.as_ref().map(|e| e.aliases.clone()).unwrap_or_default(),
            "roles": roles_over_time(&found.statements.statements),
            "chart": found.chart,
            "about": p.about,
            "since": p.since.map(|d| d.to_string()),
            "until": p.until.map(|d| d.to_string()),
            "total": found.statements.statements.len(),
            "truncated": found.statements.truncated,
            "page": found.page,
            "pages": found.pages,
            "first": (found.page - 1) * PAGE_SIZE + 1,
            "prev": (found.page > 1).then(|| person_link(&key, &p, found.page - 1)),
            "next": (found.page < found.pages).then(|| person_link(&key, &p, found.page + 1)),
            "statements": shown,
            "server": p.server.map(|s| s.0),
            "server_query": server_query(p.server),
        });
        Ok::<_, Refusal>(render(&site, "person.html.j2", &data))
    };
    let site2 = site.clone();
    run.await.unwrap_or_else(|r| r.page(&site2))
}

/// `GET /api/people/{name}`: one page of the person's statements as JSON.
pub async fn api_person(
    State(site): State<Arc<Site>>,
    name: Result<Path<String>, PathRejection>,
    RawQuery(raw): RawQuery,
) -> Response {
    let run = async {
        let p = Params::parse(raw.as_deref()).map_err(Refusal::bad_request)?;
        let found = person_statements(&site, name, &p, Chart::Skip).await?;
        let data = serde_json::json!({
            "name": found.statements.name,
            "keys": found.statements.keys,
            "roles": roles_over_time(&found.statements.statements),
            "total": found.statements.statements.len(),
            "truncated": found.statements.truncated,
            "page": found.page,
            "pages": found.pages,
            "page_size": PAGE_SIZE,
            "statements": found.shown(),
        });
        Ok::<_, Refusal>(json(StatusCode::OK, &data))
    };
    run.await.unwrap_or_else(|r| r.json())
}

/// `GET /statements/{id}`.
pub async fn statement(
    State(site): State<Arc<Site>>,
    id: Result<Path<String>, PathRejection>,
    RawQuery(raw): RawQuery,
) -> Response {
    let run = async {
        let p = Params::parse(raw.as_deref()).map_err(Refusal::bad_request)?;
        let Path(raw_id) = id.map_err(Refusal::bad_request)?;
        let id: StatementId = raw_id.parse().map_err(Refusal::bad_request)?;
        let (s, server) = (site.clone(), p.server);
        let found = blocking(move || {
            let hidden = hidden(&s, server)?;
            s.engine
                .statement_in_context(&id, &hidden)
                .map_err(engine_refusal)
        })
        .await?
        .ok_or_else(|| {
            Refusal::not_found(
                "No statement has this id: its article may have changed, been removed or hidden.",
            )
        })?;
        let st = &found.statement;
        let data = serde_json::json!({
            "speaker": st.speaker,
            "role": st.role,
            "kind": st.kind.as_str(),
            "content": st.content,
            "antecedent": st.antecedent,
            "when_text": st.when_text,
            "title": found.document.title,
            "url": web_url(found.document.url.as_deref()),
            "source": found.document.source,
            "published": found.document.published.map(|d| d.to_string()),
            "paragraph": found.paragraph,
            "others": found.others,
            "server": p.server.map(|s| s.0),
            "server_query": server_query(p.server),
        });
        Ok::<_, Refusal>(render(&site, "statement.html.j2", &data))
    };
    let site2 = site.clone();
    run.await.unwrap_or_else(|r| r.page(&site2))
}

/// `GET /style.css`.
pub async fn stylesheet(State(site): State<Arc<Site>>) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        site.pages.stylesheet().to_string(),
    )
        .into_response()
}

/// Any other path: a 404 page that names the pages there are.
pub async fn not_found(State(site): State<Arc<Site>>, uri: Uri) -> Response {
    let path: String = uri.path().chars().take(200).collect();
    let r = Refusal::not_found(format!(
        "There is no page at {path}. The explorer has /, /people/NAME and /statements/ID (and /api/ask?q=, /api/people/NAME)."
    ));
    if uri.path().starts_with("/api/") {
        r.json()
    } else {
        r.page(&site)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_addresses_become_links() {
        assert_eq!(
            web_url(Some("https://example.org/a?b=1")).as_deref(),
            Some("https://example.org/a?b=1")
        );
        assert_eq!(web_url(Some("javascript:alert(1)")), None);
        assert_eq!(web_url(Some("data:text/html,<script>")), None);
        assert_eq!(web_url(Some("/relative")), None);
        assert_eq!(web_url(None), None);
    }

    #[test]
    fn paging_links_keep_the_filters_and_the_server() {
        let p = Params {
            about: Some("a & b".into()),
            since: NaiveDate::from_ymd_opt(2025, 1, 2),
            server: Some(ServerId(7)),
            ..Params::default()
        };
        assert_eq!(
            person_link("Mark Rutte", &p, 2),
            "/people/Mark%20Rutte?about=a+%26+b&since=2025-01-02&page=2&server=7"
        );
        assert_eq!(person_link("X", &Params::default(), 1), "/people/X");
    }
}
