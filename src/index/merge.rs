//! The merge policy: tantivy's log-structured one, with what each merge writes capped.
//!
//! A merge holds memory in proportion to the records it writes (doc id maps, column
//! indexes: about 30 bytes a record, measured from ingest peaks at 100k and 1M articles),
//! and the default policy goes on merging ever larger segments (a 21 M-record one at 1M
//! articles), so an ingest's peak grew with the corpus. With merges capped the peak stays
//! put; a million articles (about 36 M records) end in some 25 segments. Each question
//! visits every segment, which the fuzzy name lookup feels most (docs/performance.md).
//! Calls only tantivy.

use std::collections::HashMap;

use tantivy::index::SegmentId;
use tantivy::indexer::{LogMergePolicy, MergeCandidate, MergePolicy};
use tantivy::SegmentMeta;

/// The most records one merge may write.
pub const MAX_MERGED_RECORDS: u64 = 4_000_000;

/// [`LogMergePolicy`] choosing among segments under half the cap, with each of its merges
/// split into runs that stay within the cap.
#[derive(Debug)]
pub struct CappedMerges {
    inner: LogMergePolicy,
}

impl Default for CappedMerges {
    fn default() -> Self {
        let mut inner = LogMergePolicy::default();
        inner.set_max_docs_before_merge((MAX_MERGED_RECORDS / 2) as usize);
        CappedMerges { inner }
    }
}

impl MergePolicy for CappedMerges {
    fn compute_merge_candidates(&self, segments: &[SegmentMeta]) -> Vec<MergeCandidate> {
        let records: HashMap<SegmentId, u64> = segments
            .iter()
            .map(|s| (s.id(), u64::from(s.num_docs())))
            .collect();
        self.inner
            .compute_merge_candidates(segments)
            .into_iter()
            .flat_map(|c| within_cap(c, &records))
            .collect()
    }
}

/// A merge split into runs of at least two segments whose records stay within the cap; a
/// segment that fits in no run waits for a later merge.
fn within_cap(candidate: MergeCandidate, records: &HashMap<SegmentId, u64>) -> Vec<MergeCandidate> {
    let mut out = Vec::new();
    let (mut run, mut total) = (Vec::new(), 0u64);
    for id in candidate.0 {
        let n = records.get(&id).copied().unwrap_or(0);
        if total + n > MAX_MERGED_RECORDS && !run.is_empty() {
            if run.len() >= 2 {
                out.push(MergeCandidate(std::mem::take(&mut run)));
            }
            run.clear();
            total = 0;
        }
        run.push(id);
        total += n;
    }
    if run.len() >= 2 {
        out.push(MergeCandidate(run));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segments(sizes: &[u32]) -> Vec<SegmentMeta> {
        let (schema, _) = super::super::Fields::schema();
        let index = tantivy::Index::create_in_ram(schema);
        sizes
            .iter()
            .map(|&n| index.new_segment_meta(SegmentId::generate_random(), n))
            .collect()
    }

    #[test]
    fn no_merge_writes_more_than_the_cap() {
        // Ten segments of a million records each: the default policy merges them all at
        // once (10 M records); capped, in runs of at most four.
        let segs = segments(&[1_000_000; 10]);
        let uncapped = LogMergePolicy::default().compute_merge_candidates(&segs);
        assert!(uncapped.iter().any(|c| c.0.len() > 4));
        let capped = CappedMerges::default().compute_merge_candidates(&segs);
        assert!(!capped.is_empty());
        for c in &capped {
            assert!(c.0.len() >= 2 && c.0.len() <= 4, "{} segments", c.0.len());
        }
    }

    #[test]
    fn segments_over_half_the_cap_are_left_alone() {
        let segs = segments(&[3_000_000; 9]);
        assert!(CappedMerges::default()
            .compute_merge_candidates(&segs)
            .is_empty());
    }

    #[test]
    fn small_segments_still_merge() {
        let segs = segments(&[20_000; 12]);
        let capped = CappedMerges::default().compute_merge_candidates(&segs);
        assert_eq!(capped.iter().map(|c| c.0.len()).sum::<usize>(), 12);
    }
}
