//! Graceful shutdown: questions in flight are answered before the shards close, and
//! questions arriving meanwhile are turned away politely. Every answering path holds a
//! [`Pass`] while it works; on SIGTERM/Ctrl-C, `run` closes the [`Gate`], waits (bounded)
//! until no pass is left, then shuts the shards down.
//! Calls nothing else in the crate.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Notify;

/// What a member is told when they ask while the bot is stopping.
pub const STOPPING: &str = "I am restarting; please ask again in a minute.";

/// Counts questions in flight; closed when the bot stops.
#[derive(Default)]
pub struct Gate {
    closing: AtomicBool,
    in_flight: AtomicUsize,
    idle: Notify,
}

/// Held while a question is being answered.
pub struct Pass(Arc<Gate>);

impl Drop for Pass {
    fn drop(&mut self) {
        if self.0.in_flight.fetch_sub(1, Ordering::SeqCst) == 1 {
            self.0.idle.notify_waiters();
        }
    }
}

impl Gate {
    /// A pass to answer one question, or `None` once the bot is stopping.
    pub fn enter(self: &Arc<Self>) -> Option<Pass> {
        self.in_flight.fetch_add(1, Ordering::SeqCst);
        let pass = Pass(self.clone());
        if self.closing.load(Ordering::SeqCst) {
            return None;
        }
        Some(pass)
    }

    /// Turn new questions away and wait until those in flight are answered, at most `max`.
    /// Returns how many were still in flight when the wait ended.
    pub async fn close(&self, max: Duration) -> usize {
        self.closing.store(true, Ordering::SeqCst);
        let wait = async {
            loop {
                let idle = self.idle.notified();
                if self.in_flight.load(Ordering::SeqCst) == 0 {
                    return;
                }
                idle.await;
            }
        };
        let _ = tokio::time::timeout(max, wait).await;
        self.in_flight.load(Ordering::SeqCst)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn close_waits_for_questions_in_flight_and_refuses_new_ones() {
        let gate = Arc::new(Gate::default());
        let pass = gate.enter().expect("open");
        let closer = {
            let gate = gate.clone();
            tokio::spawn(async move { gate.close(Duration::from_secs(10)).await })
        };
        while !gate.closing.load(Ordering::SeqCst) {
            tokio::task::yield_now().await;
        }
        assert!(gate.enter().is_none(), "closed to new questions");
        drop(pass);
        assert_eq!(closer.await.expect("closer"), 0);
    }

    #[tokio::test]
    async fn close_gives_up_after_the_limit() {
        let gate = Arc::new(Gate::default());
        let _pass = gate.enter().expect("open");
        assert_eq!(gate.close(Duration::from_millis(20)).await, 1);
    }
}
