//! Leases: how nodes sharing a store do each piece of work once. A node takes a due feed
//! ([`Store::claim_due_feeds`]) or update post ([`Store::claim_due_posts`]) by writing
//! until when, and by whom, it holds it; other nodes leave it alone until then, and take it
//! when the node died before recording the outcome. Recording the outcome ends the lease.
//!
//! A node's name is kept in its data directory, so a node started again (after a crash, on
//! the same data directory) recognises what it held and frees it at once
//! ([`Store::release_leases`]) instead of waiting for the leases to run out. Times are the
//! nodes' own clocks: the leases are far longer than the clocks of servers kept in time
//! (NTP) differ. Calls nothing outside `store`.

use std::path::Path;

use super::db::args;
use super::{Result, Store};

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
/// then waits for its old leases to run out).
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

impl Store {
    /// End every lease `node` holds: called when a node starts, so what it held when it
    /// stopped (a poll or a post it never recorded) is taken again now. Returns the feeds
    /// and posts freed.
    pub fn release_leases(&self, node: &str) -> Result<(usize, usize)> {
        self.in_transaction(|tx| {
            let feeds = tx.execute(
                "UPDATE feeds SET lease_until = 0, leased_by = NULL WHERE leased_by = ?1",
                args![node],
            )?;
            let posts = tx.execute(
                "UPDATE outbox SET lease_until = 0, leased_by = NULL WHERE leased_by = ?1",
                args![node],
            )?;
            Ok((feeds, posts))
        })
    }
}
