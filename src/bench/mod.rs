//! Measuring ourselves at scale: a corpus generator, a fixed question mix, and the pure
//! parts of the performance report (`whosaid bench`, `scripts/bench.sh`).
//!
//! - [`generate`]: N realistic articles recombined at run time from real sentences, names
//!   and titles of the shared corpora (never copied into the repository), deterministic for
//!   a seed, with publication dates spread over 2014–2026;
//! - [`questions`]: 200 questions (who, what, when, timeline, nothing-found) drawn from the
//!   first generated articles, so every corpus size of one seed gets the same questions;
//! - [`measure`]: CPU time and peak memory read from `/proc`, percentiles;
//! - [`report`]: the results of one run, as JSON, turned into `docs/performance.md`.
//!
//! Calls `nlp` (to find attributions in the source sentences) and `corpus` types.

pub mod generate;
pub mod measure;
pub mod questions;
pub mod report;

/// A small, fast, deterministic random number generator (SplitMix64): the generator needs
/// reproducibility for a seed, not statistical strength.
#[derive(Clone, Debug)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    pub fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }

    /// A generator for item `i` of a stream: independent of every other item, so item `i`
    /// is the same whatever N is (a 10k corpus is the prefix of the 100k one).
    pub fn for_item(seed: u64, i: u64) -> Self {
        let mut g = SplitMix64(seed ^ i.wrapping_mul(0xD1B5_4A32_D192_ED03));
        g.next_u64();
        g
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        ((self.next_u64() as u128 * n as u128) >> 64) as usize
    }

    /// A number in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// One element, or `None` from an empty slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        items.get(self.below(items.len()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn below_stays_in_range_and_covers_it() {
        let mut g = SplitMix64::new(7);
        let mut seen = [false; 5];
        for _ in 0..1000 {
            let x = g.below(5);
            assert!(x < 5);
            seen[x] = true;
        }
        assert!(seen.iter().all(|s| *s));
        assert_eq!(g.below(0), 0);
    }

    #[test]
    fn items_do_not_depend_on_each_other() {
        let a = SplitMix64::for_item(1, 42).next_u64();
        let b = SplitMix64::for_item(1, 42).next_u64();
        let c = SplitMix64::for_item(1, 43).next_u64();
        let d = SplitMix64::for_item(2, 42).next_u64();
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_ne!(a, d);
    }
}
