//! The tantivy index of documents, passages, statements and entities.
//!
//! Owns the on-disk index: its schema ([`schema`]), the mapping between our types and its
//! records ([`records`]), and the commit and reload policy. May call `corpus` and `nlp`
//! types; knows nothing of questions.
//!
//! Policy: one writer per index directory, created lazily by the first ingest (so `ask`
//! never takes the writer lock, and can run while another process ingests); the reader
//! reloads only after our own commits (`ReloadPolicy::Manual`), or when asked to.
//!
//! Every commit carries the payload last set ([`Index::set_payload`]; read back with
//! [`Index::payload`]): whoever commits, what the payload records (how far the article log
//! was applied) stays with the documents it describes.
//!
//! An index that cannot be written (read-only file system or directory) opens read-only
//! ([`readonly`]): it answers, and an ingest is refused with a clear error. A write that
//! fails for want of space says so and names the directory; what was committed stays.

mod merge;
mod name_keys;
mod numbers;
mod readonly;
pub mod records;
pub mod schema;
mod snapshot;
mod stem;

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex, MutexGuard};

use chrono::NaiveDate;
use tantivy::collector::Count;
use tantivy::indexer::UserOperation;
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use tantivy::{Index as TantivyIndex, IndexReader, IndexWriter, ReloadPolicy, Searcher, Term};

pub use name_keys::{KeyCounts, NameDictionary, NameKeys};
pub use records::{StoredDoc, StoredEntity, StoredPassage, StoredStatement};
pub use schema::Fields;
pub use snapshot::CommitCopy;
pub use stem::en_stem;

use crate::corpus::Document;
use crate::nlp::Analysis;

/// Merges at a time (see `writer_options`).
const MERGE_THREADS: usize = 1;

/// Doc store block size (see `open_reader`).
const DOCSTORE_BLOCK_BYTES: usize = 4096;

/// Decompressed doc store blocks kept per segment (tantivy's default is 100; see
/// `open_reader`).
const DOCSTORE_CACHE_BLOCKS: usize = 10;

/// Writer memory: tantivy's floor is 15 MB per indexing thread; 64 MB keeps segments few.
const WRITER_BUDGET_BYTES: usize = 64 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    #[error("cannot use the index at {path}: {source}")]
    Open {
        path: PathBuf,
        source: tantivy::TantivyError,
    },
    #[error(
        "the index at {0} is being written by another whosaid process; stop it (or wait for its ingest to finish) and try again"
    )]
    Locked(PathBuf),
    #[error(
        "the index at {0} was built by another version of whosaid (its fields differ from this version's): ingest your articles again into a new --data-dir, or delete that directory and ingest again"
    )]
    OtherVersion(PathBuf),
    #[error("index error: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    #[error("cannot create {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "cannot write the index at {0}: it is on a read-only file system or directory; questions are answered from it, but to add articles make it writable or use another --data-dir"
    )]
    ReadOnly(PathBuf),
    #[error(
        "no space left on device for the index at {0}: free some space or move the data directory (--data-dir); every document committed before is kept"
    )]
    NoSpace(PathBuf),
}

/// Counts of what the index holds.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct Counts {
    pub documents: u64,
    pub sentences: u64,
    pub statements: u64,
    pub entities: u64,
}

/// An open index.
pub struct Index {
    dir: PathBuf,
    index: TantivyIndex,
    reader: IndexReader,
    fields: Fields,
    writer: Mutex<Option<IndexWriter>>,
    read_only: bool,
    payload: Mutex<Payloads>,
    /// The merged name key dictionary (see [`Index::name_dictionary`]).
    name_keys: Arc<NameKeysShared>,
    /// The articles added since the last commit, by text hash and URL key.
    pending: Mutex<PendingKeys>,
}

/// The ids of the articles added since the last commit, by their text hash and URL key:
/// searches see only what is committed, and an article added later in the same batch must
/// still replace an earlier version with its text or URL.
#[derive(Default)]
struct PendingKeys {
    by_hash: HashMap<String, String>,
    by_url: HashMap<String, String>,
}

/// The name key slot, and what wakes those waiting for a build under way when it ends.
#[derive(Default)]
struct NameKeysShared {
    slot: Mutex<NameKeysSlot>,
    done: std::sync::Condvar,
    /// Dictionaries built in this process, on either path.
    builds: std::sync::atomic::AtomicU64,
}

/// The newest merged name key dictionary, and the generation being built, if any.
#[derive(Default)]
struct NameKeysSlot {
    built: Option<Arc<NameKeys>>,
    building: Option<u64>,
}

impl NameKeysSlot {
    /// The dictionary built for `generation`, if any.
    fn of(&self, generation: u64) -> Option<Arc<NameKeys>> {
        self.built.clone().filter(|k| k.generation() == generation)
    }

    /// Keep `keys` unless a newer generation's dictionary is here already.
    fn offer(&mut self, keys: NameKeys) {
        if self
            .built
            .as_ref()
            .is_none_or(|k| k.generation() <= keys.generation())
        {
            self.built = Some(Arc::new(keys));
        }
    }
}

/// Marks the build of `generation` ended, and wakes those waiting for it, when dropped.
struct BuildEnded<'a> {
    shared: &'a NameKeysShared,
    generation: u64,
}

impl Drop for BuildEnded<'_> {
    fn drop(&mut self) {
        let mut slot = lock(&self.shared.slot);
        if slot.building == Some(self.generation) {
            slot.building = None;
        }
        drop(slot);
        self.shared.done.notify_all();
    }
}

/// The payload of the last commit, and the one the next commit records.
struct Payloads {
    committed: Option<String>,
    next: Option<String>,
}

impl Index {
    /// Open the index in `dir`, creating it when absent.
    pub fn open(dir: &Path) -> Result<Self, IndexError> {
        std::fs::create_dir_all(dir).map_err(|source| IndexError::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        let (schema, fields) = Fields::schema();
        // An index with other fields says what to do, whether it opens writable or not.
        let open_err = |source| match source {
            tantivy::TantivyError::SchemaError(_) => IndexError::OtherVersion(dir.to_path_buf()),
            source => IndexError::Open {
                path: dir.to_path_buf(),
                source,
            },
        };
        let mmap = open_mmap(dir).map_err(|e| open_err(tantivy::TantivyError::from(e)))?;
        let (index, reader, read_only) = match open_reader(mmap.clone(), schema.clone()) {
            Ok((index, reader)) => (index, reader, false),
            Err(e) if is_unwritable(&e) => {
                let (index, reader) =
                    open_reader(readonly::ReadOnlyDirectory(mmap), schema).map_err(open_err)?;
                (index, reader, true)
            }
            Err(e) => return Err(open_err(e)),
        };
        let payload = index.load_metas().map_err(open_err)?.payload;
        Ok(Index {
            dir: dir.to_path_buf(),
            index,
            reader,
            fields,
            writer: Mutex::new(None),
            read_only,
            payload: Mutex::new(Payloads {
                committed: payload.clone(),
                next: payload,
            }),
            name_keys: Arc::default(),
            pending: Mutex::default(),
        })
    }

    /// The error to report for a failed write: out of space and read-only said plainly.
    /// When tantivy lost the cause (a worker thread died: "an index writer was killed"),
    /// a small write next to the index finds it.
    fn write_error(&self, e: tantivy::TantivyError) -> IndexError {
        let code = os_error(&e).or_else(|| probe_write(&self.dir));
        match code {
            Some(28) => IndexError::NoSpace(self.dir.clone()),
            Some(30) => IndexError::ReadOnly(self.dir.clone()),
            _ => IndexError::Tantivy(e),
        }
    }

    pub fn fields(&self) -> &Fields {
        &self.fields
    }

    pub fn searcher(&self) -> Searcher {
        self.reader.searcher()
    }

    /// Every name and speaker key of `searcher`'s generation with its record counts: the
    /// merged dictionary when it is built for this generation, else the segments' own while
    /// a thread builds it (see [`name_keys`]).
    pub fn name_dictionary(&self, searcher: &Searcher) -> NameDictionary {
        let generation = searcher.generation().generation_id();
        let mut slot = lock(&self.name_keys.slot);
        if let Some(keys) = slot.of(generation) {
            return NameDictionary::Merged(keys);
        }
        if slot.building.is_none_or(|g| g < generation)
            && slot
                .built
                .as_ref()
                .is_none_or(|k| k.generation() < generation)
        {
            slot.building = Some(generation);
            self.build_name_keys_in_background(searcher.clone());
        }
        NameDictionary::Segments {
            searcher: searcher.clone(),
            fields: self.fields.clone(),
        }
    }

    fn build_name_keys_in_background(&self, searcher: Searcher) {
        let (shared, fields) = (Arc::clone(&self.name_keys), self.fields.clone());
        let generation = searcher.generation().generation_id();
        let spawned = std::thread::Builder::new()
            .name("name-keys".into())
            .spawn(move || {
                // Ends the build however the thread ends, a panic included: a waiter in
                // `build_name_keys` must not wait forever.
                let _ended = BuildEnded {
                    shared: &shared,
                    generation,
                };
                let started = std::time::Instant::now();
                let builds = shared.builds.fetch_add(1, Ordering::Relaxed) + 1;
                let built = NameKeys::build(&searcher, &fields);
                let mut slot = lock(&shared.slot);
                match built {
                    Ok(keys) => {
                        tracing::debug!(
                            generation,
                            keys = keys.len(),
                            bytes = keys.bytes(),
                            ms = started.elapsed().as_secs_f64() * 1e3,
                            builds,
                            "name key dictionary built"
                        );
                        slot.offer(keys);
                    }
                    // Questions go on reading the segments' dictionaries.
                    Err(e) => tracing::warn!(error = %e, "could not build the name key dictionary"),
                }
            });
        if let Err(e) = spawned {
            tracing::warn!(error = %e, "could not start building the name key dictionary");
            drop(BuildEnded {
                shared: &self.name_keys,
                generation,
            });
        }
    }

    /// Build the merged name key dictionary of the current searcher now, on this thread,
    /// unless it is built (tests, benchmarks). A build of the same generation already under
    /// way on its own thread is waited for, not done twice (at a million articles each build
    /// holds ~10 MB while it runs).
    pub fn build_name_keys(&self) -> Result<(), IndexError> {
        let searcher = self.searcher();
        let generation = searcher.generation().generation_id();
        let shared = &self.name_keys;
        let mut slot = lock(&shared.slot);
        while slot.building == Some(generation) && slot.of(generation).is_none() {
            slot = shared.done.wait(slot).unwrap_or_else(|p| p.into_inner());
        }
        if slot.of(generation).is_some() {
            return Ok(());
        }
        drop(slot);
        shared.builds.fetch_add(1, Ordering::Relaxed);
        let keys = NameKeys::build(&searcher, &self.fields)?;
        lock(&shared.slot).offer(keys);
        Ok(())
    }

    /// See what other processes have committed since we opened.
    pub fn reload(&self) -> Result<(), IndexError> {
        Ok(self.reader.reload()?)
    }

    fn writer(&self) -> Result<MutexGuard<'_, Option<IndexWriter>>, IndexError> {
        if self.read_only {
            return Err(IndexError::ReadOnly(self.dir.clone()));
        }
        let mut guard = lock(&self.writer);
        if guard.is_none() {
            let writer = self
                .index
                .writer_with_options(writer_options())
                .map_err(|e| match e {
                    ref lock @ tantivy::TantivyError::LockFailure(..) if is_unwritable(lock) => {
                        IndexError::ReadOnly(self.dir.clone())
                    }
                    tantivy::TantivyError::LockFailure(..) => IndexError::Locked(self.dir.clone()),
                    other => self.write_error(other),
                })?;
            writer.set_merge_policy(Box::new(merge::CappedMerges::default()));
            // A process killed inside a commit can leave files no commit refers to, such as
            // the ".del" file the next commit would create again (and then fail on): collect
            // them before writing.
            if let Err(e) = writer.garbage_collect_files().wait() {
                tracing::warn!(error = %e, "could not clear files left by an earlier write");
            }
            *guard = Some(writer);
        }
        Ok(guard)
    }

    /// Add an analysed article, replacing any earlier version of it (same id, same source
    /// and URL, or same text). Visible to searches after the next [`Index::commit`].
    pub fn add(&self, doc: &Document, analysis: &Analysis) -> Result<(), IndexError> {
        let keys = records::ArticleKeys::of(doc);
        let records = records::build(doc, analysis, &self.fields, &keys);
        let mut guard = self.writer()?;
        let Some(writer) = guard.as_mut() else {
            unreachable!("writer() always fills the slot");
        };
        // Every record carries the article's id, so an earlier version goes with one term
        // deletion per id: its own, and those of articles with the same text or URL.
        let mut ids = self.earlier_versions(&keys)?;
        ids.insert(doc.id.as_str().to_owned());
        // One batch: the article's records go to one indexing thread, and so into one
        // segment, in order (see `records::build` for why the order matters).
        let mut ops = Vec::with_capacity(records.len() + ids.len());
        ops.extend(
            ids.iter()
                .map(|id| UserOperation::Delete(Term::from_field_text(self.fields.doc_id, id))),
        );
        ops.extend(records.into_iter().map(UserOperation::Add));
        if let Err(e) = writer.run(ops) {
            // A failed add poisons the writer (tantivy #2540): drop it so the next call
            // starts afresh, and report.
            self.lose_writer(&mut guard);
            return Err(self.write_error(e));
        }
        let mut pending = lock(&self.pending);
        pending
            .by_hash
            .insert(keys.hash, doc.id.as_str().to_owned());
        if let Some(url_key) = keys.url_key {
            pending.by_url.insert(url_key, doc.id.as_str().to_owned());
        }
        Ok(())
    }

    /// The ids of the articles, committed or added since, with this text hash or URL key.
    /// Called with the writer held, so nothing is added or committed meanwhile.
    fn earlier_versions(
        &self,
        keys: &records::ArticleKeys,
    ) -> Result<BTreeSet<String>, IndexError> {
        let f = &self.fields;
        let mut terms = vec![Term::from_field_text(f.text_hash, &keys.hash)];
        terms.extend(
            keys.url_key
                .as_deref()
                .map(|k| Term::from_field_text(f.url_key, k)),
        );
        let mut ids = BTreeSet::new();
        let searcher = self.searcher();
        for term in &terms {
            committed_ids_with(&searcher, term, f.doc_id, &mut ids)?;
        }
        let pending = lock(&self.pending);
        ids.extend(pending.by_hash.get(&keys.hash).cloned());
        let by_url = keys.url_key.as_ref().and_then(|k| pending.by_url.get(k));
        ids.extend(by_url.cloned());
        Ok(ids)
    }

    fn payloads(&self) -> MutexGuard<'_, Payloads> {
        lock(&self.payload)
    }

    /// The payload the next commit records (the last commit's, unless set since).
    pub fn payload(&self) -> Option<String> {
        self.payloads().next.clone()
    }

    /// The payload of the last commit.
    pub fn committed_payload(&self) -> Option<String> {
        self.payloads().committed.clone()
    }

    /// Record `payload` with the next commit, and every later one until set again. Set it
    /// after adding the documents it describes: a commit made in between (by another
    /// caller) keeps the previous payload, which undersells what is durable, never oversells.
    pub fn set_payload(&self, payload: String) {
        self.payloads().next = Some(payload);
    }

    /// Drop a failed writer: what was added since the last commit is gone with it, and so
    /// is a payload set for it.
    fn lose_writer(&self, guard: &mut MutexGuard<'_, Option<IndexWriter>>) {
        **guard = None;
        *lock(&self.pending) = PendingKeys::default();
        let mut payloads = self.payloads();
        payloads.next = payloads.committed.clone();
    }

    /// Make everything added so far durable and visible, with the payload.
    pub fn commit(&self) -> Result<(), IndexError> {
        let mut guard = lock(&self.writer);
        let payload = self.payload();
        if let Some(writer) = guard.as_mut() {
            let committed = writer.prepare_commit().and_then(|mut prepared| {
                if let Some(p) = &payload {
                    prepared.set_payload(p);
                }
                prepared.commit()
            });
            if let Err(e) = committed {
                self.lose_writer(&mut guard);
                return Err(self.write_error(e));
            }
            self.payloads().committed = payload;
        }
        // Searches see the commit before the next add asks them for earlier versions.
        self.reader.reload()?;
        *lock(&self.pending) = PendingKeys::default();
        drop(guard);
        Ok(())
    }

    /// Release the writer lock (after ingest), waiting for merges to finish.
    pub fn close_writer(&self) -> Result<(), IndexError> {
        let mut guard = lock(&self.writer);
        if let Some(writer) = guard.take() {
            writer.wait_merging_threads()?;
        }
        Ok(())
    }

    /// How many records of each kind are searchable.
    pub fn counts(&self) -> Result<Counts, IndexError> {
        let searcher = self.searcher();
        let count = |kind: &str| -> Result<u64, IndexError> {
            let q = TermQuery::new(
                Term::from_field_text(self.fields.record, kind),
                IndexRecordOption::Basic,
            );
            Ok(searcher.search(&q, &Count)? as u64)
        };
        Ok(Counts {
            documents: count(schema::DOC)?,
            sentences: count(schema::SENT)?,
            statements: count(schema::STMT)?,
            entities: count(schema::ENT)?,
        })
    }

    /// The distinct speakers (by full key) across the index.
    pub fn speaker_count(&self) -> Result<u64, IndexError> {
        let searcher = self.searcher();
        let mut keys = std::collections::HashSet::new();
        for segment in searcher.segment_readers() {
            let inverted = segment.inverted_index(self.fields.speaker_key)?;
            let mut stream = inverted
                .terms()
                .stream()
                .map_err(tantivy::TantivyError::from)?;
            while stream.advance() {
                if let Ok(k) = std::str::from_utf8(stream.key()) {
                    keys.insert(k.to_string());
                }
            }
        }
        // A multi-word name is also stored under its surname; count that key only when no
        // full name ends with it (one pass, not a scan of every key per key).
        let surnames: std::collections::HashSet<&str> = keys
            .iter()
            .filter_map(|k| k.rsplit_once(' ').map(|(_, last)| last))
            .collect();
        let count = keys
            .iter()
            .filter(|k| k.contains(' ') || !surnames.contains(k.as_str()))
            .count();
        Ok(count as u64)
    }

    /// The earliest and latest publication dates.
    pub fn date_range(&self) -> Result<(Option<NaiveDate>, Option<NaiveDate>), IndexError> {
        let searcher = self.searcher();
        let (mut lo, mut hi): (Option<NaiveDate>, Option<NaiveDate>) = (None, None);
        for segment in searcher.segment_readers() {
            let col = segment.fast_fields().date("published")?;
            // An empty column reports a default min and max: only trust a column with values.
            if col.values.num_vals() == 0 {
                continue;
            }
            if let (Some(min), Some(max)) = (
                records::naive_date(col.min_value()),
                records::naive_date(col.max_value()),
            ) {
                lo = Some(lo.map_or(min, |l| l.min(min)));
                hi = Some(hi.map_or(max, |h| h.max(max)));
            }
        }
        Ok((lo, hi))
    }

    /// Ask the kernel to read the files every question touches (term dictionaries, fast
    /// fields, field norms: 0.36 GB at 1M articles) into the page cache in the background.
    /// The index is mapped for random access, so without this a fresh process's first
    /// questions fault these pages in from disk one at a time. Nothing is mapped or held:
    /// the pages count against the process only when a question touches them.
    pub fn prefetch_hot_files(&self) {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return;
        };
        for entry in entries.filter_map(Result::ok) {
            let path = entry.path();
            let hot = path
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| matches!(e, "term" | "fast" | "fieldnorm"));
            if hot {
                if let Err(e) = advise_will_need(&path) {
                    tracing::debug!(path = %path.display(), error = %e, "read-ahead not advised");
                }
            }
        }
    }

    /// Bytes on disk.
    pub fn size_bytes(&self) -> u64 {
        dir_size(&self.dir)
    }
}

/// Indexing threads share the writer budget as tantivy's own default does (one per core, at
/// least 15 MB each); merges run one at a time: each holds memory in proportion to the
/// segments it merges, so concurrent merges of large segments multiplied the peak.
fn writer_options() -> tantivy::indexer::IndexWriterOptions {
    const MIN_PER_THREAD: usize = 15_000_000;
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, (WRITER_BUDGET_BYTES / MIN_PER_THREAD).max(1));
    tantivy::indexer::IndexWriterOptions::builder()
        .num_worker_threads(threads)
        .memory_budget_per_thread(WRITER_BUDGET_BYTES / threads)
        .num_merge_threads(MERGE_THREADS)
        .build()
}

/// Adds to `ids` the stored `doc_id` of every live record holding `key`. The postings are
/// read straight from each segment: a search would build a query's weight and a
/// collector's set for what is nearly always nothing.
fn committed_ids_with(
    searcher: &Searcher,
    key: &Term,
    doc_id: tantivy::schema::Field,
    ids: &mut BTreeSet<String>,
) -> Result<(), IndexError> {
    use tantivy::schema::Value;
    use tantivy::DocSet;
    for (ord, segment) in searcher.segment_readers().iter().enumerate() {
        let inverted = segment.inverted_index(key.field())?;
        let postings = inverted.read_postings(key, IndexRecordOption::Basic);
        let Some(mut postings) = postings.map_err(tantivy::TantivyError::from)? else {
            continue;
        };
        while postings.doc() != tantivy::TERMINATED {
            let doc = postings.doc();
            postings.advance();
            if segment
                .alive_bitset()
                .is_some_and(|alive| alive.is_deleted(doc))
            {
                continue;
            }
            let record: tantivy::TantivyDocument =
                searcher.doc(tantivy::DocAddress::new(ord as u32, doc))?;
            if let Some(id) = record.get_first(doc_id).and_then(|v| v.as_str()) {
                ids.insert(id.to_owned());
            }
        }
    }
    Ok(())
}

/// A mutex's value, even if a thread panicked while holding it (the value is replaced
/// whole, never left half-written).
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// The index files, mapped for random access: a question touches scattered pages (posting
/// blocks, doc store blocks), and the kernel's read-ahead around each would bring in, and
/// keep resident, pages no question reads.
fn open_mmap(
    dir: &Path,
) -> Result<tantivy::directory::MmapDirectory, tantivy::directory::error::OpenDirectoryError> {
    #[cfg(unix)]
    return tantivy::directory::MmapDirectory::open_with_madvice(
        dir,
        tantivy::directory::Advice::Random,
    );
    #[cfg(not(unix))]
    tantivy::directory::MmapDirectory::open(dir)
}

fn open_reader<D: tantivy::directory::Directory>(
    dir: D,
    schema: tantivy::schema::Schema,
) -> Result<(TantivyIndex, IndexReader), tantivy::TantivyError> {
    // Answering reads a few hundred scattered records from the doc store, each a whole
    // block to decompress: blocks of 4 KiB instead of tantivy's 16 KiB cost a quarter of
    // that for a store a few percent larger. Settings are kept in the index's meta.json,
    // so this applies to indexes created from now on.
    let settings = tantivy::IndexSettings {
        docstore_blocksize: DOCSTORE_BLOCK_BYTES,
        ..tantivy::IndexSettings::default()
    };
    let index = tantivy::IndexBuilder::new()
        .schema(schema)
        .settings(settings)
        .open_or_create(dir)?;
    // The same terms as tantivy's own `en_stem`, made faster (see `stem`).
    index
        .tokenizers()
        .register(schema::EN_STEM, stem::en_stem());
    // A question reads a record's neighbours in its block (a statement follows its
    // sentence) while it answers; blocks are seldom read again by later questions over a
    // large index. 100 blocks a segment held ~10 MB of heap at a million articles.
    let reader = index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .doc_store_cache_num_blocks(DOCSTORE_CACHE_BLOCKS)
        .try_into()?;
    Ok((index, reader))
}

/// True for a lock that could not be taken because nothing can be written there.
fn is_unwritable(e: &tantivy::TantivyError) -> bool {
    use tantivy::directory::error::LockError;
    match e {
        tantivy::TantivyError::LockFailure(LockError::IoError(io), _) => matches!(
            io.kind(),
            std::io::ErrorKind::ReadOnlyFilesystem | std::io::ErrorKind::PermissionDenied
        ),
        _ => false,
    }
}

/// The OS error number behind a tantivy error. Tantivy often flattens I/O errors into
/// text ("Internal error: 'No space left on device (os error 28)'"), so read that too.
fn os_error(e: &tantivy::TantivyError) -> Option<i32> {
    if let tantivy::TantivyError::IoError(io) = e {
        if let Some(code) = io.raw_os_error() {
            return Some(code);
        }
    }
    let text = e.to_string();
    let at = text.find("(os error ")? + "(os error ".len();
    text[at..].split(')').next()?.parse().ok()
}

/// The OS error a small write in `dir` fails with, if it fails.
fn probe_write(dir: &Path) -> Option<i32> {
    use std::io::Write;
    let path = dir.join(".whosaid-write-probe");
    let result = std::fs::File::create(&path)
        .and_then(|mut f| f.write_all(&[0u8; 4096]).and_then(|()| f.sync_all()));
    let _ = std::fs::remove_file(&path);
    result.err().and_then(|e| e.raw_os_error())
}

/// `posix_fadvise(WILLNEED)` on a whole file: the kernel starts reading it and returns.
#[cfg(target_os = "linux")]
fn advise_will_need(path: &Path) -> std::io::Result<()> {
    use std::os::fd::AsRawFd;
    let file = std::fs::File::open(path)?;
    // SAFETY: the descriptor is open for the duration of the call; offset 0 and length 0
    // mean the whole file.
    let rc = unsafe { libc::posix_fadvise(file.as_raw_fd(), 0, 0, libc::POSIX_FADV_WILLNEED) };
    if rc == 0 {
        Ok(())
    } else {
        Err(std::io::Error::from_raw_os_error(rc))
    }
}

#[cfg(not(target_os = "linux"))]
fn advise_will_need(_path: &Path) -> std::io::Result<()> {
    Ok(())
}

fn dir_size(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .filter_map(|e| e.metadata().ok())
                .filter(|m| m.is_file())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::DocSetCollector;

    #[test]
    fn a_lost_writer_takes_the_payload_it_had_not_committed_with_it() {
        let dir = tempfile::tempdir().expect("temp dir");
        let index = Index::open(dir.path()).expect("index");
        let add = |id: &str| {
            let line = format!(r#"{{"id":"{id}","text":"Mayor Ann Lee said {id} is safe."}}"#);
            let doc =
                crate::corpus::loader::parse_jsonl_line(&line, &Default::default()).expect("doc");
            let analysis = crate::nlp::analyze(&doc.text, doc.published);
            index.add(&doc, &analysis).expect("add");
        };
        add("one");
        index.set_payload("one".into());
        index.commit().expect("commit");
        add("two");
        index.set_payload("two".into());
        // As a failed add or commit does.
        index.lose_writer(&mut index.writer.lock().expect("lock"));
        index.commit().expect("nothing to commit");
        assert_eq!(index.payload().as_deref(), Some("one"));
        assert_eq!(index.committed_payload().as_deref(), Some("one"));
        drop(index);
        let index = Index::open(dir.path()).expect("reopen");
        assert_eq!(index.payload().as_deref(), Some("one"));
        assert_eq!(index.counts().expect("counts").documents, 1);
    }

    /// Adds articles given as JSON Lines fields, committing where a line is "commit"; the
    /// ids of the articles left, and the statements and entity records left.
    fn after_adding(lines: &[&str]) -> (Vec<String>, u64, u64) {
        let dir = tempfile::tempdir().expect("temp dir");
        let index = Index::open(dir.path()).expect("index");
        for line in lines {
            if *line == "commit" {
                index.commit().expect("commit");
                continue;
            }
            let doc = crate::corpus::loader::parse_jsonl_line(
                &format!("{{{line}}}"),
                &Default::default(),
            )
            .expect("doc");
            let analysis = crate::nlp::analyze(&doc.text, doc.published);
            index.add(&doc, &analysis).expect("add");
        }
        index.commit().expect("commit");
        let searcher = index.searcher();
        let query = TermQuery::new(
            Term::from_field_text(index.fields.record, schema::DOC),
            IndexRecordOption::Basic,
        );
        let mut ids: Vec<String> = searcher
            .search(&query, &DocSetCollector)
            .expect("search")
            .into_iter()
            .map(|addr| {
                let doc: tantivy::TantivyDocument = searcher.doc(addr).expect("doc");
                use tantivy::schema::Value;
                let id = doc.get_first(index.fields.doc_id).and_then(|v| v.as_str());
                id.expect("id").to_owned()
            })
            .collect();
        ids.sort();
        let counts = index.counts().expect("counts");
        (ids, counts.statements, counts.entities)
    }

    #[test]
    fn an_article_replaces_every_record_of_one_with_its_id_text_or_url() {
        let a = r#""id":"a","source":"Wire","url":"https://x.test/1","text":"Mayor Ann Lee said the bridge is safe.""#;
        let same_text = r#""id":"b","text":"Mayor Ann Lee said the bridge is safe.""#;
        let same_url = r#""id":"c","source":"Wire","url":"https://x.test/1","text":"Governor Bo Ray said the road is closed.""#;
        let same_id = r#""id":"a","text":"Governor Bo Ray said the road is closed.""#;
        let other = r#""id":"d","source":"Wire","url":"https://x.test/2","text":"Senator Cy Fox said the port is open.""#;
        // One article: one statement, one entity record.
        assert_eq!(after_adding(&[a]), (vec!["a".into()], 1, 1));
        for between in [&[][..], &["commit"][..]] {
            for (later, left) in [(same_text, "b"), (same_url, "c"), (same_id, "a")] {
                let lines: Vec<&str> = [a].iter().chain(between).chain([&later]).copied().collect();
                assert_eq!(after_adding(&lines), (vec![left.into()], 1, 1), "{lines:?}");
            }
            let lines: Vec<&str> = [a].iter().chain(between).chain([&other]).copied().collect();
            assert_eq!(
                after_adding(&lines),
                (vec!["a".into(), "d".into()], 2, 2),
                "{lines:?}"
            );
        }
        // A version replaced in the batch it came in, then replaced again by its text.
        let third = r#""id":"e","text":"Governor Bo Ray said the road is closed.""#;
        assert_eq!(
            after_adding(&[a, "commit", same_url, third]),
            (vec!["e".into()], 1, 1)
        );
    }

    #[test]
    fn an_index_with_other_fields_says_to_ingest_again() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut b = tantivy::schema::Schema::builder();
        b.add_text_field("text", tantivy::schema::TEXT);
        TantivyIndex::create_in_dir(dir.path(), b.build()).expect("older index");
        let err = Index::open(dir.path()).err().expect("refused");
        assert!(matches!(err, IndexError::OtherVersion(_)), "{err}");
        assert!(err.to_string().contains("ingest your articles again"));
    }
}
