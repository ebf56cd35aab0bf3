//! Leases: how nodes sharing a store do each piece of work once. A node takes a due feed
//! ([`Store::claim_due_feeds`]) or update post ([`Store::claim_due_posts`]) by writing
//! until when, and by whom, it holds it; other nodes leave it alone until then, and take it
//! when the node died before recording the outcome. Recording the outcome ends the lease.
//!
//! A node may take again what it holds itself: its poller and its delivery worker each
//! take work one pass after another, so nothing it holds is in hand when it takes more
//! (and what a pass left, a failed poll or posts it had no time for, goes in the next).
//! A node's name is kept in its data directory, so a node started again (after a crash, on
//! the same data directory) takes again at once what it held, instead of waiting for the
//! leases to run out. Times are the nodes' own clocks: the leases are far longer than the
//! clocks of servers kept in time (NTP) differ. Calls nothing outside `store`.

use std::path::Path;

/// The file in a node's data directory holding its name.
const NODE_FILE: &str = "node-id";

/// Who takes the work, and for how long.
#[derive(Clone, Copy, Debug)]
pub struct Lease<'a> {
    /// The node's name ([`node_id`]).
    pub node: &'a str,
    pub secs: i64,
}

impl Lease<'_> {
    /// When a lease taken at `now` ends.
    pub(super) fn until(&self, now: i64) -> i64 {
        now.saturating_add(self.secs.max(1))
    }
}

/// The name of the node whose data directory this is: read from `node-id` there, made and
/// written on first use. Where it cannot be written, a name for this run only (a restart
/// then waits for its old leases to run out). Two live nodes must not share one: copy no
/// data directory with this file in it to another node.
pub fn node_id(data_dir: &Path) -> String {
    let path = data_dir.join(NODE_FILE);
    if let Ok(name) = std::fs::read_to_string(&path) {
        let name = name.trim();
        if !name.is_empty() && name.len() <= 64 {
            return name.to_string();
        }
    }
    let name = random_node_id();
    if let Err(e) = std::fs::write(&path, format!("{name}\n")) {
        tracing::warn!(path = %path.display(), error = %e, "cannot keep this node's name: a restart will wait for the leases it held");
    }
    name
}

/// A name for a node that has no data directory of its own to keep one in.
pub fn random_node_id() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let seed = format!(
        "{:?} {} {}",
        std::time::SystemTime::now(),
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    );
    format!("node-{}", &blake3::hash(seed.as_bytes()).to_hex()[..12])
}
