//! A news feed on 127.0.0.1 for end-to-end tests: one RSS document the test rewrites
//! between polls, and a count of the requests that fetched it.

use std::sync::{Arc, Mutex};

use axum::http::StatusCode;
use axum::response::IntoResponse;

#[derive(Default)]
struct State {
    body: String,
    /// Requests that returned the current body.
    served_current: usize,
    /// Requests since the server started.
    served_total: usize,
}

/// A running feed server; dropping it stops the server.
pub struct FeedServer {
    pub url: String,
    state: Arc<Mutex<State>>,
    server: tokio::task::JoinHandle<()>,
}

impl Drop for FeedServer {
    fn drop(&mut self) {
        self.server.abort();
    }
}

/// One item: (guid, title, text).
pub type Item<'a> = (&'a str, &'a str, &'a str);

/// What Mark Rutte says in the first article of a feed a test follows him in.
pub const RUTTE_OLD: &str = "Mark Rutte said on Monday that the alliance would stand firm.";

/// Article `n` of the crash tests, and what its post must contain: Mark Rutte says the
/// alliance would order `n` new frigates.
pub fn frigates(n: usize) -> (String, String) {
    let said = format!("the alliance would order {n} new frigates");
    (format!("Mark Rutte said that {said}."), said)
}

/// An RSS 2.0 document holding `items`.
pub fn rss(items: &[Item<'_>]) -> String {
    let items: String = items
        .iter()
        .map(|(guid, title, text)| {
            format!(
                "<item><guid>{guid}</guid><title>{title}</title><link>https://news.example/{guid}</link>\
                 <pubDate>Wed, 22 Oct 2025 10:00:00 GMT</pubDate><description>&lt;p&gt;{text}&lt;/p&gt;</description></item>"
            )
        })
        .collect();
    format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>Test News</title>\
         <link>https://news.example/</link>{items}</channel></rss>"
    )
}

impl FeedServer {
    /// Serve `items` at `http://127.0.0.1:PORT/feed`.
    pub async fn start(items: &[Item<'_>]) -> FeedServer {
        let state = Arc::new(Mutex::new(State {
            body: rss(items),
            ..State::default()
        }));
        let served = state.clone();
        let app = axum::Router::new().route(
            "/feed",
            axum::routing::get(move || {
                let served = served.clone();
                async move {
                    let mut s = served.lock().unwrap_or_else(|e| e.into_inner());
                    s.served_current += 1;
                    s.served_total += 1;
                    (
                        StatusCode::OK,
                        [("content-type", "application/rss+xml")],
                        s.body.clone(),
                    )
                        .into_response()
                }
            }),
        );
        let listener = match tokio::net::TcpListener::bind("127.0.0.1:0").await {
            Ok(l) => l,
            Err(e) => panic!("feed server cannot bind: {e}"),
        };
        let addr = match listener.local_addr() {
            Ok(a) => a,
            Err(e) => panic!("feed server has no address: {e}"),
        };
        let server = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        FeedServer {
            url: format!("http://{addr}/feed"),
            state,
            server,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Serve `items` from now on.
    pub fn set(&self, items: &[Item<'_>]) {
        let mut s = self.lock();
        s.body = rss(items);
        s.served_current = 0;
    }

    /// Serve Rutte's first article (`a0`, [`RUTTE_OLD`]) and `n` new ones (`b1`…) in which
    /// he says the alliance would order 10, 20, … new frigates; what each post must contain.
    pub fn publish_frigates(&self, n: usize) -> Vec<String> {
        let said: Vec<String> = (1..=n)
            .map(|i| format!("the alliance would order {i}0 new frigates"))
            .collect();
        let items: Vec<(String, String)> = said
            .iter()
            .enumerate()
            .map(|(i, s)| (format!("b{}", i + 1), format!("Mark Rutte said that {s}.")))
            .collect();
        let mut served = vec![("a0", "Rutte speaks", RUTTE_OLD)];
        served.extend(
            items
                .iter()
                .map(|(g, t)| (g.as_str(), "Frigates", t.as_str())),
        );
        self.set(&served);
        said
    }

    /// Requests since the server started.
    pub fn served_total(&self) -> usize {
        self.lock().served_total
    }

    /// Serve trial `trial`'s two articles in place of what was served (`a{2t+1}`,
    /// `a{2t+2}`, in which Mark Rutte says the alliance would order that many new
    /// frigates); what each post must contain, in order.
    pub fn publish_trial(&self, trial: usize) -> [String; 2] {
        let (n1, n2) = (1 + 2 * trial, 2 + 2 * trial);
        let ((t1, s1), (t2, s2)) = (frigates(n1), frigates(n2));
        let (g1, g2) = (format!("a{n1}"), format!("a{n2}"));
        self.set(&[
            (g1.as_str(), "Frigates", t1.as_str()),
            (g2.as_str(), "More frigates", t2.as_str()),
        ]);
        [s1, s2]
    }

    /// Requests that got the body last [`FeedServer::set`].
    pub fn served_current(&self) -> usize {
        self.lock().served_current
    }
}
