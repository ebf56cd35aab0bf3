//! The statement explorer: `whosaid web` (and `serve` with `[web] listen`), read-only,
//! server-rendered HTML with no JavaScript, and the same as JSON for other tools.
//!
//! | route | shows |
//! | --- | --- |
//! | `/`, `/?q=…` | the question box; the answer, by the same engine and question reader as chat |
//! | `/people/{name}` | a person's names and roles, timeline chart, every statement newest first (`?about=`, `?since=`, `?until=`, `?page=`) |
//! | `/statements/{id}` | one statement in its article, who else spoke there |
//! | `/api/ask?q=`, `/api/people/{name}` | the same as JSON |
//! | `/style.css` | the stylesheet |
//!
//! Every page leaves out the documents the operator hid (`whosaid docs hide`); `?server=ID`
//! (on links from that server's answers) leaves out that server's hidden documents too.
//! Safe by default: article text is escaped by the templates, a Content-Security-Policy
//! forbids scripts outright, each address has a request budget ([`limit`]), and `whosaid
//! web` binds to 127.0.0.1 unless told otherwise.
//!
//! Owns the HTTP side only. Calls `engine` (answers, a person's statements, a statement in
//! context), `qa` types, `render::pages` (the templates) and `store` (hidden documents);
//! never `bot`.

mod limit;
mod pages;
pub mod params;

use std::collections::HashSet;
use std::net::SocketAddr;
use std::num::NonZeroU32;
use std::path::Path;
use std::sync::Arc;

use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use tracing::Instrument;

use crate::engine::Engine;
use crate::render::pages::PageRenderer;
use crate::render::TemplateError;
use crate::store::Store;
use params::ServerId;

/// The default address of `whosaid web`: this machine only.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:8080";

/// Scripts, frames, plugins and foreign resources are refused outright: the pages need none,
/// and an article that smuggled markup past the escaping still could not run anything.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// How the explorer runs.
#[derive(Clone, Debug)]
pub struct WebOptions {
    /// Requests one address may make per minute, on average.
    pub per_minute: NonZeroU32,
    /// Requests one address may make at once before the rate applies (a page and its
    /// stylesheet, a few tabs).
    pub burst: NonZeroU32,
}

impl Default for WebOptions {
    fn default() -> Self {
        WebOptions {
            per_minute: NonZeroU32::new(120).unwrap_or(NonZeroU32::MIN),
            burst: NonZeroU32::new(30).unwrap_or(NonZeroU32::MIN),
        }
    }
}

/// Why the explorer could not start.
#[derive(Debug, thiserror::Error)]
pub enum WebError {
    #[error(transparent)]
    Template(#[from] TemplateError),
    #[error("the statement explorer stopped: {0}")]
    Io(#[from] std::io::Error),
}

/// Everything a request reads.
pub struct Site {
    engine: Arc<Engine>,
    /// Hidden documents (the operator's and each server's); `None`: nothing is hidden.
    store: Option<Arc<Store>>,
    pages: PageRenderer,
    limiter: limit::Limiter,
}

impl Site {
    /// The explorer over `engine`, its pages from the shipped templates or `templates_dir`
    /// (`web/` in it), hidden documents from `store`.
    pub fn new(
        engine: Arc<Engine>,
        store: Option<Arc<Store>>,
        templates_dir: Option<&Path>,
        options: &WebOptions,
    ) -> Result<Site, WebError> {
        Ok(Site {
            engine,
            store,
            pages: PageRenderer::new(templates_dir)?,
            limiter: limit::Limiter::new(options),
        })
    }

    /// The documents a page must not show: the operator's hidden ones, and `server`'s.
    fn hidden(
        &self,
        server: Option<ServerId>,
    ) -> Result<HashSet<String>, crate::store::StoreError> {
        let Some(store) = &self.store else {
            return Ok(HashSet::new());
        };
        let mut hidden: HashSet<String> = store.operator_hidden_ids()?.into_iter().collect();
        if let Some(ServerId(id)) = server {
            hidden.extend(store.hidden_docs(id)?.into_iter().map(|d| d.doc_id));
        }
        Ok(hidden)
    }
}

/// The routes over `site`, with the security headers and the per-address limit.
pub fn router(site: Arc<Site>) -> Router {
    Router::new()
        .route("/", get(pages::home))
        .route("/people/{name}", get(pages::person))
        .route("/statements/{id}", get(pages::statement))
        .route("/api/ask", get(pages::api_ask))
        .route("/api/people/{name}", get(pages::api_person))
        .route("/style.css", get(pages::stylesheet))
        .fallback(pages::not_found)
        .layer(middleware::from_fn_with_state(
            site.clone(),
            limit::per_address,
        ))
        .layer(middleware::from_fn(security_headers))
        .with_state(site)
}

/// Serve the explorer on `listener` until `shutdown` completes.
pub async fn serve(
    listener: std::net::TcpListener,
    site: Arc<Site>,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<(), WebError> {
    listener.set_nonblocking(true)?;
    let listener = tokio::net::TcpListener::from_std(listener)?;
    let forget = limit::forget_idle(site.clone());
    let app = router(site).into_make_service_with_connect_info::<SocketAddr>();
    let served = axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await;
    forget.abort();
    Ok(served?)
}

/// The headers every answer carries, error pages included.
async fn security_headers(req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    let span = tracing::info_span!("web", %path);
    let mut res = next.run(req).instrument(span.clone()).await;
    let h = res.headers_mut();
    let fixed = [
        (header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::REFERRER_POLICY, "no-referrer"),
    ];
    for (name, value) in fixed {
        h.insert(name, HeaderValue::from_static(value));
    }
    tracing::debug!(parent: &span, status = res.status().as_u16(), "served");
    res
}

/// A page that could not be shown, and why, for the visitor.
#[derive(Debug)]
pub(crate) struct Refusal {
    pub status: StatusCode,
    pub title: &'static str,
    pub message: String,
}

impl Refusal {
    fn bad_request(message: impl ToString) -> Self {
        Refusal {
            status: StatusCode::BAD_REQUEST,
            title: "That request cannot be answered",
            message: message.to_string(),
        }
    }

    fn not_found(message: impl ToString) -> Self {
        Refusal {
            status: StatusCode::NOT_FOUND,
            title: "Not found",
            message: message.to_string(),
        }
    }

    /// Our failure: logged in full, said briefly.
    fn internal(what: &str, error: impl std::fmt::Display) -> Self {
        tracing::error!(%error, "{what}");
        Refusal {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            title: "Something went wrong",
            message: format!("{what}. The operators can find the reason in the logs."),
        }
    }

    /// As an HTML page (the error template), or plain text if even that fails.
    fn page(self, site: &Site) -> Response {
        let data = serde_json::json!({
            "title": self.title,
            "message": self.message,
            "status": self.status.as_u16(),
            "server_query": "",
        });
        match site.pages.render("error.html.j2", &data) {
            Ok(html) => (self.status, html_headers(), html).into_response(),
            Err(e) => {
                tracing::error!(error = %e, "the error page failed to render");
                (self.status, self.message).into_response()
            }
        }
    }

    /// As JSON: `{"error": …}`.
    fn json(self) -> Response {
        json(self.status, &serde_json::json!({ "error": self.message }))
    }
}

fn html_headers() -> [(header::HeaderName, &'static str); 1] {
    [(header::CONTENT_TYPE, "text/html; charset=utf-8")]
}

/// `value` as a JSON response (axum's `Json` needs a feature this crate leaves off).
fn json(status: StatusCode, value: &impl serde::Serialize) -> Response {
    match serde_json::to_string(value) {
        Ok(body) => (status, [(header::CONTENT_TYPE, "application/json")], body).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "a JSON answer could not be written");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
