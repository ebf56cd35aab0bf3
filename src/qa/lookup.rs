//! The question reader's name dictionary over the index: in how many records a key is an
//! entity's name key or a statement's speaker key, from the index's merged name key
//! dictionary (microseconds, no scoring, no stored record read).
//! Calls `index` only.

use super::understand::NameLookup;
use crate::index::{Index, KeyCounts, NameDictionary};

/// [`NameLookup`] over the newest searcher generation of the index.
pub struct IndexNames {
    keys: NameDictionary,
}

impl IndexNames {
    pub fn new(index: &Index) -> Self {
        IndexNames {
            keys: index.name_dictionary(&index.searcher()),
        }
    }

    fn counts(&self, key: &str) -> KeyCounts {
        self.keys.get(key).unwrap_or_else(|e| {
            // The name then goes to linking, which reports the failure.
            tracing::warn!(error = %e, "name look-up failed");
            KeyCounts::default()
        })
    }
}

impl NameLookup for IndexNames {
    fn records(&self, key: &str) -> u32 {
        self.counts(key).records()
    }

    fn named_speaker(&self, key: &str) -> bool {
        let counts = self.counts(key);
        counts.named > 0 && counts.spoken > 0
    }
}
