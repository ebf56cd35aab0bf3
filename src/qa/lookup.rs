//! The question reader's name dictionary over the index: in how many records a key is an
//! entity's name key or a statement's speaker key, by exact look-up in each segment's term
//! dictionary (microseconds, no scoring, no stored record read).
//! Calls `index` only.

use tantivy::schema::Field;
use tantivy::Searcher;

use super::understand::NameLookup;
use crate::index::Index;

/// [`NameLookup`] over one searcher of the index.
pub struct IndexNames {
    searcher: Searcher,
    fields: [Field; 2],
}

impl IndexNames {
    pub fn new(index: &Index) -> Self {
        let f = index.fields();
        IndexNames {
            searcher: index.searcher(),
            fields: [f.name_key, f.speaker_key],
        }
    }
}

impl IndexNames {
    /// In how many records `field` holds the key.
    fn records_in(&self, field: Field, key: &str) -> u32 {
        let mut total = 0u32;
        for segment in self.searcher.segment_readers() {
            let found = segment
                .inverted_index(field)
                .map_err(std::io::Error::other)
                .and_then(|ii| ii.terms().get(key.as_bytes()));
            match found {
                Ok(info) => total = total.saturating_add(info.map_or(0, |i| i.doc_freq)),
                Err(e) => {
                    // The name then goes to linking, which reports the failure.
                    tracing::warn!(error = %e, "name look-up failed");
                }
            }
        }
        total
    }
}

impl NameLookup for IndexNames {
    fn records(&self, key: &str) -> u32 {
        self.fields
            .iter()
            .map(|&field| self.records_in(field, key))
            .fold(0u32, u32::saturating_add)
    }

    fn named_speaker(&self, key: &str) -> bool {
        self.fields
            .iter()
            .all(|&field| self.records_in(field, key) > 0)
    }
}
