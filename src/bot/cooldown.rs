//! The per-member cooldown on questions (`/ask` and mentions): one question per member per
//! `[discord] ask_cooldown_secs`, kept in memory with governor's keyed limiter.
//! Calls nothing else in the crate.

use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

/// Past this many members tracked, forget those whose cooldown has ended.
const RETAIN_AFTER: usize = 10_000;

/// A cooldown per member id; `None` inside when the cooldown is 0 (disabled).
pub struct Cooldown {
    limiter: Option<DefaultKeyedRateLimiter<u64>>,
    clock: DefaultClock,
}

impl Cooldown {
    pub fn new(period: Duration) -> Cooldown {
        Cooldown {
            limiter: Quota::with_period(period).map(RateLimiter::keyed),
            clock: DefaultClock::default(),
        }
    }

    /// `Ok` when `member` may ask now (and starts their cooldown), else how long to wait.
    pub fn check(&self, member: u64) -> Result<(), Duration> {
        let Some(limiter) = &self.limiter else {
            return Ok(());
        };
        if limiter.len() > RETAIN_AFTER {
            limiter.retain_recent();
        }
        limiter
            .check_key(&member)
            .map_err(|not_until| not_until.wait_time_from(self.clock.now()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn second_question_waits_other_members_do_not() {
        let c = Cooldown::new(Duration::from_secs(30));
        assert!(c.check(1).is_ok());
        let wait = c.check(1).expect_err("cooling down");
        assert!(wait > Duration::from_secs(25) && wait <= Duration::from_secs(30));
        assert!(c.check(2).is_ok());
    }

    #[test]
    fn zero_disables_the_cooldown() {
        let c = Cooldown::new(Duration::ZERO);
        for _ in 0..5 {
            assert!(c.check(1).is_ok());
        }
    }
}
