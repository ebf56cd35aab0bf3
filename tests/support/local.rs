//! Local plumbing for tests that run whosaid against servers on 127.0.0.1 or on shared
//! files: the shared fixture feeds and seed article, and an axum app served on a free port.

use std::net::SocketAddr;
use std::path::PathBuf;

/// `../shared` (or `$WHOSAID_SHARED_DIR`), which may be absent.
pub fn shared_dir() -> PathBuf {
    std::env::var_os("WHOSAID_SHARED_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared"))
}

/// `../shared/corpora/feeds` (or `$WHOSAID_SHARED_DIR/corpora/feeds`), when it exists.
pub fn fixture_feeds() -> Option<PathBuf> {
    let dir = shared_dir().join("corpora/feeds");
    dir.is_dir().then_some(dir)
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
