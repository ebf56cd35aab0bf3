//! Every entity name key and statement speaker key in the index, with how many records hold
//! it: [`NameDictionary`], read from one in-memory FST per searcher generation
//! ([`NameKeys`]) once it is built, and from each segment's term dictionaries until then.
//!
//! Why: the question reader looks up every word and word run of a question as a possible
//! name, and linking tries a one-typo match and the keys under an organisation's name. Done
//! on tantivy's term dictionaries, each look-up walks every segment's dictionary (25 of them
//! on a million articles), and a fuzzy match runs its automaton over each: ~10 ms for a
//! name the corpus lacks. One merged dictionary answers the same in microseconds, and the
//! records are then found by exact terms. The counts are the dictionaries' document
//! frequencies summed over segments, exactly what the per-segment look-ups add up, so an
//! answer is the same from either source.
//!
//! Building reads every key of every segment (about a second of CPU per 100k articles), so
//! it runs on a thread of its own when a question first needs a generation's keys: start-up
//! and reloads stay fast, and questions meanwhile read the segments.
//! Calls tantivy only.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap};
use std::sync::Arc;

use tantivy::query::FuzzyTermQuery;
use tantivy::schema::Field;
use tantivy::termdict::TermStreamer;
use tantivy::{InvertedIndexReader, Searcher, Term};
use tantivy_fst::{IntoStreamer, Map, MapBuilder, Streamer};

use super::schema::Fields;

/// In how many records a key is an entity's name key (`named`) and a statement's speaker
/// key (`spoken`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct KeyCounts {
    pub named: u32,
    pub spoken: u32,
}

impl KeyCounts {
    fn pack(self) -> u64 {
        (u64::from(self.named) << 32) | u64::from(self.spoken)
    }

    fn unpack(v: u64) -> Self {
        KeyCounts {
            named: (v >> 32) as u32,
            spoken: v as u32,
        }
    }

    fn add(&mut self, side: Side, freq: u32) {
        match side {
            Side::Named => self.named = self.named.saturating_add(freq),
            Side::Spoken => self.spoken = self.spoken.saturating_add(freq),
        }
    }

    pub fn records(self) -> u32 {
        self.named.saturating_add(self.spoken)
    }
}

/// The merged name and speaker key dictionary of one searcher generation.
pub struct NameKeys {
    generation: u64,
    map: Map<Vec<u8>>,
}

/// Which of the two key fields a term stream reads.
#[derive(Clone, Copy)]
enum Side {
    Named,
    Spoken,
}

impl NameKeys {
    /// Merge the name and speaker key dictionaries of every segment of `searcher`.
    pub fn build(searcher: &Searcher, f: &Fields) -> tantivy::Result<Self> {
        let readers = key_readers(searcher, f)?;
        let mut streams = Vec::with_capacity(readers.len());
        for (reader, side) in &readers {
            streams.push((reader.terms().stream()?, *side));
        }
        // A k-way merge of the sorted dictionaries: the heap holds each stream's next key.
        let mut heap = BinaryHeap::new();
        for (i, (stream, _)) in streams.iter_mut().enumerate() {
            if stream.advance() {
                heap.push(Reverse((stream.key().to_vec(), i)));
            }
        }
        let mut builder = MapBuilder::memory();
        let mut current: Option<(Vec<u8>, KeyCounts)> = None;
        while let Some(Reverse((key, i))) = heap.pop() {
            let (stream, side) = &mut streams[i];
            let freq = stream.value().doc_freq;
            if current.as_ref().is_some_and(|(k, _)| *k != key) {
                if let Some((k, counts)) = current.take() {
                    builder.insert(&k, counts.pack()).map_err(fst_error)?;
                }
            }
            current
                .get_or_insert_with(|| (key, KeyCounts::default()))
                .1
                .add(*side, freq);
            if stream.advance() {
                heap.push(Reverse((stream.key().to_vec(), i)));
            }
        }
        if let Some((k, counts)) = current {
            builder.insert(&k, counts.pack()).map_err(fst_error)?;
        }
        let mut bytes = builder.into_inner().map_err(fst_error)?;
        // The builder's buffer grew by doubling; the dictionary is kept for the process's life.
        bytes.shrink_to_fit();
        Ok(NameKeys {
            generation: searcher.generation().generation_id(),
            map: Map::from_bytes(bytes).map_err(fst_error)?,
        })
    }

    /// The searcher generation these keys were read from.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// How many distinct keys there are.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.len() == 0
    }

    /// The size of the dictionary in memory.
    pub fn bytes(&self) -> usize {
        self.map.as_fst().size()
    }

    /// The counts of one key (zero when no record holds it).
    pub fn get(&self, key: &str) -> KeyCounts {
        self.map
            .get(key.as_bytes())
            .map_or_else(KeyCounts::default, KeyCounts::unpack)
    }

    /// The keys within `distance` edits of `key` (a transposition is one edit), as
    /// tantivy's `FuzzyTermQuery` matches terms.
    pub fn fuzzy(&self, key: &str, distance: u8) -> tantivy::Result<Vec<(String, KeyCounts)>> {
        // The field only carries the text to the automaton.
        let term = Term::from_field_text(Field::from_field_id(0), key);
        let automaton = FuzzyTermQuery::new(term, distance, true).automaton()?;
        Ok(collect(self.map.search(automaton).into_stream()))
    }

    /// The keys that start with `prefix` and are longer than it, in key order.
    pub fn extending(&self, prefix: &str) -> Vec<(String, KeyCounts)> {
        let Some(past) = past_extensions(prefix) else {
            return collect(self.map.stream());
        };
        collect(
            self.map
                .range()
                .gt(prefix.as_bytes())
                .lt(&past)
                .into_stream(),
        )
    }
}

/// Where a question's name look-ups read the keys from: the merged dictionary when it is
/// built for this generation, else every segment's own.
pub enum NameDictionary {
    Merged(Arc<NameKeys>),
    Segments { searcher: Searcher, fields: Fields },
}

impl NameDictionary {
    /// The counts of one key (zero when no record holds it).
    pub fn get(&self, key: &str) -> tantivy::Result<KeyCounts> {
        match self {
            NameDictionary::Merged(keys) => Ok(keys.get(key)),
            NameDictionary::Segments { searcher, fields } => {
                let mut counts = KeyCounts::default();
                for (reader, side) in key_readers(searcher, fields)? {
                    let freq = reader
                        .terms()
                        .get(key.as_bytes())?
                        .map_or(0, |t| t.doc_freq);
                    counts.add(side, freq);
                }
                Ok(counts)
            }
        }
    }

    /// [`NameKeys::fuzzy`].
    pub fn fuzzy(&self, key: &str, distance: u8) -> tantivy::Result<Vec<(String, KeyCounts)>> {
        match self {
            NameDictionary::Merged(keys) => keys.fuzzy(key, distance),
            NameDictionary::Segments { searcher, fields } => {
                let term = Term::from_field_text(fields.name_key, key);
                let query = FuzzyTermQuery::new(term, distance, true);
                let mut found = BTreeMap::new();
                for (reader, side) in key_readers(searcher, fields)? {
                    let terms = reader.terms().search(query.automaton()?).into_stream()?;
                    drain(terms, side, &mut found);
                }
                Ok(keyed(found))
            }
        }
    }

    /// [`NameKeys::extending`].
    pub fn extending(&self, prefix: &str) -> tantivy::Result<Vec<(String, KeyCounts)>> {
        match self {
            NameDictionary::Merged(keys) => Ok(keys.extending(prefix)),
            NameDictionary::Segments { searcher, fields } => {
                let past = past_extensions(prefix);
                let mut found = BTreeMap::new();
                for (reader, side) in key_readers(searcher, fields)? {
                    let range = reader.terms().range().gt(prefix.as_bytes());
                    let terms = match &past {
                        Some(past) => range.lt(past).into_stream()?,
                        None => range.into_stream()?,
                    };
                    drain(terms, side, &mut found);
                }
                Ok(keyed(found))
            }
        }
    }
}

/// The name and speaker key dictionaries of every segment.
fn key_readers(
    searcher: &Searcher,
    f: &Fields,
) -> tantivy::Result<Vec<(Arc<InvertedIndexReader>, Side)>> {
    let mut readers = Vec::new();
    for segment in searcher.segment_readers() {
        readers.push((segment.inverted_index(f.name_key)?, Side::Named));
        readers.push((segment.inverted_index(f.speaker_key)?, Side::Spoken));
    }
    Ok(readers)
}

/// Add what one segment's term stream yields to `found`.
fn drain<A: tantivy_fst::Automaton>(
    mut terms: TermStreamer<'_, A>,
    side: Side,
    found: &mut BTreeMap<Vec<u8>, KeyCounts>,
) {
    while terms.advance() {
        let freq = terms.value().doc_freq;
        found
            .entry(terms.key().to_vec())
            .or_default()
            .add(side, freq);
    }
}

fn keyed(found: BTreeMap<Vec<u8>, KeyCounts>) -> Vec<(String, KeyCounts)> {
    found
        .into_iter()
        .map(|(k, c)| (String::from_utf8_lossy(&k).into_owned(), c))
        .collect()
}

/// The smallest byte string after every extension of `prefix`: its last byte raised (a
/// prefix ending in 0xFF cannot occur in UTF-8). `None` for the empty prefix.
fn past_extensions(prefix: &str) -> Option<Vec<u8>> {
    let mut past = prefix.as_bytes().to_vec();
    let last = past.last_mut()?;
    *last = last.saturating_add(1);
    Some(past)
}

fn collect<S>(mut stream: S) -> Vec<(String, KeyCounts)>
where
    S: for<'a> Streamer<'a, Item = (&'a [u8], u64)>,
{
    let mut out = Vec::new();
    while let Some((k, v)) = stream.next() {
        out.push((
            String::from_utf8_lossy(k).into_owned(),
            KeyCounts::unpack(v),
        ));
    }
    out
}

fn fst_error(e: tantivy_fst::Error) -> tantivy::TantivyError {
    tantivy::TantivyError::InternalError(format!("building the name key dictionary: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::Index;

    /// An index of three segments (one commit each) naming overlapping people.
    fn three_segments() -> (tempfile::TempDir, Index) {
        let dir = tempfile::tempdir().expect("temp dir");
        let index = Index::open(dir.path()).expect("index");
        let batches = [
            "Mayor Ann Lee said the bridge is safe. Donald Trump said he would win.",
            "Ann Lee said the budget was fine. Anne Lee said nothing. NATO Secretary General Mark Rutte said the alliance stands.",
            "Donald Trump said the polls were wrong. Mark Rutte said talks will go on. NATO said it is ready.",
        ];
        for (i, text) in batches.iter().enumerate() {
            let line = serde_json::json!({"id": format!("a{i}"), "text": text}).to_string();
            let doc =
                crate::corpus::loader::parse_jsonl_line(&line, &Default::default()).expect("doc");
            index
                .add(&doc, &crate::nlp::analyze(&doc.text, doc.published))
                .expect("add");
            index.commit().expect("commit");
        }
        (dir, index)
    }

    #[test]
    fn the_merged_dictionary_answers_as_the_segments_do() {
        let (_dir, index) = three_segments();
        let searcher = index.searcher();
        assert!(
            searcher.segment_readers().len() > 1,
            "the test needs segments"
        );
        let segments = NameDictionary::Segments {
            searcher: searcher.clone(),
            fields: index.fields().clone(),
        };
        let merged = NameDictionary::Merged(Arc::new(
            NameKeys::build(&searcher, index.fields()).expect("build"),
        ));
        for key in [
            "ann lee",
            "lee",
            "donald trump",
            "trump",
            "mark rutte",
            "nato",
            "nobody",
        ] {
            assert_eq!(merged.get(key).ok(), segments.get(key).ok(), "{key}");
        }
        let ann = merged.get("ann lee").expect("get");
        assert_eq!((ann.named > 0, ann.spoken > 0), (true, true));
        assert_eq!(merged.get("nobody").expect("get"), KeyCounts::default());
        for (key, d) in [
            ("ann lee", 1),
            ("anne le", 2),
            ("donlad trump", 1),
            ("rute", 1),
        ] {
            let (m, s) = (
                merged.fuzzy(key, d).expect("fuzzy"),
                segments.fuzzy(key, d).expect("fuzzy"),
            );
            assert_eq!(m, s, "{key}");
        }
        assert!(merged
            .fuzzy("donlad trump", 1)
            .expect("fuzzy")
            .iter()
            .any(|(k, _)| k == "donald trump"));
        for prefix in ["nato ", "ann ", "mark ", "zz "] {
            assert_eq!(
                merged.extending(prefix).expect("range"),
                segments.extending(prefix).expect("range"),
                "{prefix}"
            );
        }
        let under_donald = merged.extending("donald ").expect("range");
        assert!(
            under_donald.iter().any(|(k, _)| k == "donald trump"),
            "{under_donald:?}"
        );
        assert!(merged.extending("donald trump").expect("range").is_empty());
    }

    #[test]
    fn a_question_reads_the_segments_until_the_merged_dictionary_is_built() {
        let (_dir, index) = three_segments();
        index.build_name_keys().expect("build");
        let searcher = index.searcher();
        assert!(matches!(
            index.name_dictionary(&searcher),
            NameDictionary::Merged(_)
        ));
        // A commit makes a new generation: its questions read the segments at first.
        let line = r#"{"id":"late","text":"Zoe Park said the vote was close."}"#;
        let doc = crate::corpus::loader::parse_jsonl_line(line, &Default::default()).expect("doc");
        index
            .add(&doc, &crate::nlp::analyze(&doc.text, doc.published))
            .expect("add");
        index.commit().expect("commit");
        let newer = index.searcher();
        let dictionary = index.name_dictionary(&newer);
        assert!(dictionary.get("zoe park").expect("get").records() > 0);
    }

    /// A build of the generation under way on its own thread is waited for: asked for the
    /// dictionary meanwhile, `build_name_keys` builds no second copy.
    #[test]
    fn a_build_under_way_is_waited_for_not_done_again() {
        let (_dir, index) = three_segments();
        let searcher = index.searcher();
        let generation = searcher.generation().generation_id();
        let shared = std::sync::Arc::clone(&index.name_keys);
        super::super::lock(&shared.slot).building = Some(generation);
        // Another thread's build, finishing after `build_name_keys` is called.
        let other = {
            let (shared, fields) = (std::sync::Arc::clone(&shared), index.fields().clone());
            std::thread::spawn(move || {
                std::thread::sleep(std::time::Duration::from_millis(50));
                let keys = NameKeys::build(&searcher, &fields).expect("build");
                let mut slot = super::super::lock(&shared.slot);
                slot.offer(keys);
                slot.building = None;
                drop(slot);
                shared.done.notify_all();
            })
        };
        index.build_name_keys().expect("build");
        other.join().expect("the other build");
        let builds = shared.builds.load(std::sync::atomic::Ordering::Relaxed);
        assert_eq!(builds, 0, "built again instead of waiting");
        assert!(matches!(
            index.name_dictionary(&index.searcher()),
            NameDictionary::Merged(_)
        ));
    }

    #[test]
    fn counts_pack_both_halves() {
        let c = KeyCounts {
            named: 7,
            spoken: u32::MAX,
        };
        assert_eq!(KeyCounts::unpack(c.pack()), c);
        assert_eq!(c.records(), u32::MAX);
    }
}
