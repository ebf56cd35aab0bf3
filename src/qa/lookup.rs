//! The question reader's name dictionary over the index: whether a key is stored as an
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

impl NameLookup for IndexNames {
    fn is_name_key(&self, key: &str) -> bool {
        self.searcher.segment_readers().iter().any(|segment| {
            self.fields.iter().any(|&field| {
                let found = segment
                    .inverted_index(field)
                    .map_err(std::io::Error::other)
                    .and_then(|ii| ii.terms().get(key.as_bytes()));
                match found {
                    Ok(info) => info.is_some(),
                    Err(e) => {
                        // The name then goes to linking, which reports the failure.
                        tracing::warn!(error = %e, "name look-up failed");
                        false
                    }
                }
            })
        })
    }
}
