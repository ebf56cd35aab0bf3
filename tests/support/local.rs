//! Local plumbing: the shared corpora in `../shared` (which may be absent: the tests that
//! need them skip with a message), files a test writes, numbers a full run raises through
//! the environment, and an axum app served on a free port of 127.0.0.1.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

/// `../shared` (or `$WHOSAID_SHARED_DIR`), which may be absent.
pub fn shared_dir() -> PathBuf {
    std::env::var_os("WHOSAID_SHARED_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared"))
}

/// `../shared/PATH` when it exists; else `None`, after saying on stderr that the test
/// calling it is skipped and why.
pub fn shared_or_skip(path: &str) -> Option<PathBuf> {
    let full = shared_dir().join(path);
    if full.exists() {
        Some(full)
    } else {
        eprintln!(
            "skipped: ../shared/{path} is absent (set WHOSAID_SHARED_DIR to point elsewhere)"
        );
        None
    }
}

/// The fixture feeds, `../shared/corpora/feeds`, as [`shared_or_skip`] finds them.
pub fn fixture_feeds() -> Option<PathBuf> {
    shared_or_skip("corpora/feeds")
}

/// The seed article as a `.txt` file: `../shared/corpora/seed/article.txt`, else the copy
/// the sample corpus bundles (the same text), so a test on it never has to skip.
pub fn seed_article() -> PathBuf {
    let shared = shared_dir().join("corpora/seed/article.txt");
    if shared.is_file() {
        shared
    } else {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src/corpus/sample/seed-article.txt")
    }
}

/// Write `content` to `dir/name`; its path.
pub fn write_file(dir: &Path, name: &str, content: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, content).expect("write");
    path
}

/// The number in the environment variable `name` (a full run's trial count, say), else
/// `default`.
pub fn env_count(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default)
}

/// Serve `app` on 127.0.0.1 at a free port, in the background; its address.
pub async fn serve(app: axum::Router) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    addr
}
