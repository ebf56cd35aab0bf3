//! The façade shared by the CLI and the bot: one data directory, its index and its
//! templates. Every user-facing operation (ingest, ask, said, who-is, stats) is a method
//! here, so the CLI and the bot behave the same and everything the bot does can be tried
//! from a terminal.
//!
//! `Engine` is `Send + Sync`: share it behind an `Arc`. Its methods block (tantivy, CPU
//! work): async callers run them in `spawn_blocking`.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::NaiveDate;
use tracing::{info, info_span};

use crate::corpus::{self, Document, LoadError};
use crate::index::{Index, IndexError};
use crate::nlp;
use crate::qa::{self, Answer};
use crate::render::{Renderer, TemplateError};

pub mod parallel;

/// When an ingest commits: after this many documents or this many bytes of text, whichever
/// comes first. Commits are slow and each makes a segment, so batch them; but a crash loses
/// what was added since the last commit (never part of a document: a commit falls between
/// documents, and tantivy makes it atomic).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CommitPolicy {
    pub documents: usize,
    pub bytes: u64,
}

impl Default for CommitPolicy {
    fn default() -> Self {
        CommitPolicy {
            documents: 2_000,
            bytes: 32_000_000,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error(transparent)]
    Index(#[from] IndexError),
    #[error(transparent)]
    Template(#[from] TemplateError),
    /// The index failed while answering (damaged or unreadable): never "nothing found".
    #[error(transparent)]
    Qa(#[from] qa::QaError),
    #[error("the index writer failed before these documents were committed: they are not in the index yet")]
    WriteLost,
    #[error("the question is empty: ask who said what, for example \"What did the Kremlin say about the summit?\"")]
    EmptyQuestion,
    #[error("the question is too long ({0} characters); keep it under {max} characters", max = qa::understand::MAX_QUESTION_CHARS)]
    QuestionTooLong(usize),
}

/// Where the engine keeps its data and how it starts.
#[derive(Clone, Debug)]
pub struct EngineOptions {
    pub data_dir: PathBuf,
    /// A directory of templates overriding the shipped ones (same file names).
    pub templates_dir: Option<PathBuf>,
    /// Index the bundled sample corpus when the index is empty.
    pub sample_if_empty: bool,
    /// Threads that analyse articles during ingest (default: one per core; 1 analyses on
    /// the calling thread).
    pub threads: usize,
}

impl EngineOptions {
    pub fn new(data_dir: impl Into<PathBuf>) -> Self {
        EngineOptions {
            data_dir: data_dir.into(),
            templates_dir: None,
            sample_if_empty: true,
            threads: parallel::default_threads(),
        }
    }
}

/// What an ingest did.
#[derive(Debug, Default, serde::Serialize)]
pub struct IngestReport {
    pub documents: usize,
    pub statements: usize,
    pub bytes: u64,
    pub failed: Vec<String>,
    /// Documents made durable so far: the first `committed` documents read (in input
    /// order) survive a crash from here on (or the later version that replaced one).
    pub committed: usize,
    /// The id of the last committed document.
    pub committed_through: Option<String>,
}

/// What was added since the last commit.
#[derive(Default)]
struct Batch {
    documents: usize,
    bytes: u64,
    last: Option<String>,
}

impl Batch {
    fn add(&mut self, doc: &Document) {
        self.documents += 1;
        self.bytes += doc.text.len() as u64;
        self.last = Some(doc.id.as_str().to_string());
    }

    fn is_full(&self, policy: CommitPolicy) -> bool {
        self.documents >= policy.documents.max(1) || self.bytes >= policy.bytes.max(1)
    }
}

/// What the corpus holds.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Stats {
    pub documents: u64,
    pub statements: u64,
    pub speakers: u64,
    pub index_bytes: u64,
    pub earliest: Option<NaiveDate>,
    pub latest: Option<NaiveDate>,
}

/// An open data directory.
pub struct Engine {
    data_dir: PathBuf,
    index: Index,
    renderer: Renderer,
    threads: usize,
}

impl Engine {
    /// Open (or create) the data directory. The templates are validated first, so a broken
    /// template stops start-up with its file and line.
    pub fn open(opts: EngineOptions) -> Result<Engine, EngineError> {
        let renderer = Renderer::new(opts.templates_dir.as_deref())?;
        let index = Index::open(&opts.data_dir.join("index"))?;
        let engine = Engine {
            data_dir: opts.data_dir,
            index,
            renderer,
            threads: opts.threads.max(1),
        };
        if opts.sample_if_empty && engine.is_empty()? {
            engine.ingest_sample(|_| {})?;
            engine.finish_ingest()?;
        }
        Ok(engine)
    }

    /// True when the index holds no document yet.
    pub fn is_empty(&self) -> Result<bool, EngineError> {
        Ok(self.index.counts()?.documents == 0)
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    pub fn renderer(&self) -> &Renderer {
        &self.renderer
    }

    /// Analyse and index documents, replacing earlier versions, committing in batches.
    /// `progress` is called after each document with the bytes of text done.
    pub fn ingest(
        &self,
        docs: impl IntoIterator<Item = Result<Document, LoadError>>,
        progress: impl FnMut(&IngestReport),
    ) -> Result<IngestReport, EngineError> {
        self.ingest_with(docs, CommitPolicy::default(), progress)
    }

    /// [`Engine::ingest`] committing by `policy`. `progress` is also called after each
    /// commit, with [`IngestReport::committed`] updated: that call acknowledges documents.
    pub fn ingest_with(
        &self,
        docs: impl IntoIterator<Item = Result<Document, LoadError>>,
        policy: CommitPolicy,
        mut progress: impl FnMut(&IngestReport),
    ) -> Result<IngestReport, EngineError> {
        let _span = info_span!("ingest", threads = self.threads).entered();
        let started = Instant::now();
        let mut report = IngestReport::default();
        let mut batch = Batch::default();
        parallel::analyse_in_order(docs, self.threads, |item| {
            match item {
                Ok((doc, analysis)) => {
                    self.index.add(&doc, &analysis)?;
                    report.documents += 1;
                    report.statements += analysis.statements.len();
                    report.bytes += doc.text.len() as u64;
                    batch.add(&doc);
                    if batch.is_full(policy) {
                        self.commit_batch(&mut batch, &mut report)?;
                    }
                }
                Err(e) => report.failed.push(e.to_string()),
            }
            progress(&report);
            Ok::<(), EngineError>(())
        })?;
        self.commit_batch(&mut batch, &mut report)?;
        progress(&report);
        info!(
            documents = report.documents,
            statements = report.statements,
            failed = report.failed.len(),
            secs = started.elapsed().as_secs_f64(),
            "ingest done"
        );
        Ok(report)
    }

    fn commit_batch(
        &self,
        batch: &mut Batch,
        report: &mut IngestReport,
    ) -> Result<(), EngineError> {
        self.index.commit()?;
        report.committed = report.documents;
        if let Some(last) = batch.last.take() {
            report.committed_through = Some(last);
        }
        *batch = Batch::default();
        Ok(())
    }

    /// Analyse and index documents as [`Engine::ingest`] does (replacing earlier versions),
    /// commit once, and hand back each document with its analysis: the feed poller matches
    /// the new statements against subscriptions without analysing twice.
    pub fn ingest_analyzed(
        &self,
        docs: Vec<Document>,
    ) -> Result<Vec<(Document, nlp::Analysis)>, EngineError> {
        let _span = info_span!("ingest_analyzed", documents = docs.len()).entered();
        let mut out = Vec::with_capacity(docs.len());
        parallel::analyse_in_order(docs.into_iter().map(Ok), self.threads, |item| {
            if let Ok((doc, analysis)) = item {
                self.index.add(&doc, &analysis)?;
                out.push((doc, analysis));
            }
            Ok::<(), EngineError>(())
        })?;
        self.index.commit()?;
        Ok(out)
    }

    /// Analyse and index documents (replacing earlier versions) and commit them with
    /// `payload`, which says what they complete (how far the article log is applied).
    /// Returns how many were indexed.
    pub fn ingest_with_payload(
        &self,
        docs: Vec<Document>,
        payload: String,
    ) -> Result<usize, EngineError> {
        let _span = info_span!("ingest_with_payload", documents = docs.len()).entered();
        let mut indexed = 0;
        parallel::analyse_in_order(docs.into_iter().map(Ok), self.threads, |item| {
            if let Ok((doc, analysis)) = item {
                self.index.add(&doc, &analysis)?;
                indexed += 1;
            }
            Ok::<(), EngineError>(())
        })?;
        // Only once every document is in the writer: see `Index::set_payload`.
        self.index.set_payload(payload.clone());
        self.index.commit()?;
        // A writer that failed meanwhile (another caller's write) took these documents
        // with it: say so, so that they are applied again.
        if self.index.committed_payload() != Some(payload) {
            return Err(EngineError::WriteLost);
        }
        Ok(indexed)
    }

    /// The payload of the index's last commit (see [`Engine::ingest_with_payload`]).
    pub fn commit_payload(&self) -> Option<String> {
        self.index.payload()
    }

    /// Index the bundled sample corpus.
    pub fn ingest_sample(
        &self,
        progress: impl FnMut(&IngestReport),
    ) -> Result<IngestReport, EngineError> {
        self.ingest(corpus::sample::documents().into_iter().map(Ok), progress)
    }

    /// Release the index writer so another process may write.
    pub fn finish_ingest(&self) -> Result<(), EngineError> {
        Ok(self.index.close_writer()?)
    }

    /// Answer a question.
    pub fn ask(&self, question: &str) -> Result<Answer, EngineError> {
        self.ask_on(question, chrono::Local::now().date_naive())
    }

    /// Answer a question as if asked on `today` (relative times in the question).
    pub fn ask_on(&self, question: &str, today: NaiveDate) -> Result<Answer, EngineError> {
        self.ask_excluding_on(question, today, &HashSet::new())
    }

    /// Answer a question without citing the documents in `hidden` (ids).
    pub fn ask_excluding(
        &self,
        question: &str,
        hidden: &HashSet<String>,
    ) -> Result<Answer, EngineError> {
        self.ask_excluding_on(question, chrono::Local::now().date_naive(), hidden)
    }

    fn ask_excluding_on(
        &self,
        question: &str,
        today: NaiveDate,
        hidden: &HashSet<String>,
    ) -> Result<Answer, EngineError> {
        let question = checked(question)?;
        let span = info_span!(
            "query",
            intent = tracing::field::Empty,
            statements = tracing::field::Empty
        );
        let _g = span.enter();
        let started = Instant::now();
        let answer = qa::answer_excluding(&self.index, question, today, hidden)?;
        span.record("intent", answer.intent.as_str());
        span.record("statements", answer.statements.len());
        info!(micros = started.elapsed().as_micros() as u64, "answered");
        Ok(answer)
    }

    /// Answer `question` asked after `previous` in a conversation (a follow-up is resolved
    /// against it; see [`qa::followup`]), without citing the documents in `hidden` nor the
    /// statements `demoted` names.
    pub fn ask_in_conversation(
        &self,
        question: &str,
        previous: Option<&qa::Turn>,
        hidden: &HashSet<String>,
        demoted: &qa::LeaveOut,
    ) -> Result<qa::Followed, EngineError> {
        let question = checked(question)?;
        let span = info_span!(
            "query",
            follow_up = previous.is_some(),
            form = tracing::field::Empty,
            intent = tracing::field::Empty,
            statements = tracing::field::Empty
        );
        let _g = span.enter();
        let started = Instant::now();
        let today = chrono::Local::now().date_naive();
        let followed =
            qa::answer_in_conversation(&self.index, question, today, hidden, previous, demoted)?;
        if let Some(form) = followed.form {
            span.record("form", form.as_str());
        }
        span.record("intent", followed.answer.intent.as_str());
        span.record("statements", followed.answer.statements.len());
        info!(micros = started.elapsed().as_micros() as u64, "answered");
        Ok(followed)
    }

    /// The next statements for the question of `turn` ("More"); none when there are no more.
    pub fn more(
        &self,
        turn: &qa::Turn,
        hidden: &HashSet<String>,
        demoted: &qa::LeaveOut,
    ) -> Result<qa::Followed, EngineError> {
        let _span = info_span!("more", shown = turn.shown.len()).entered();
        let today = chrono::Local::now().date_naive();
        Ok(qa::more(&self.index, turn, today, hidden, demoted)?)
    }

    /// What a person said over time, optionally about a topic and since a date.
    pub fn said(
        &self,
        person: &str,
        about: Option<&str>,
        since: Option<NaiveDate>,
    ) -> Result<Answer, EngineError> {
        self.said_excluding(person, about, since, &HashSet::new())
    }

    /// [`Engine::said`] without citing the documents in `hidden`.
    pub fn said_excluding(
        &self,
        person: &str,
        about: Option<&str>,
        since: Option<NaiveDate>,
        hidden: &HashSet<String>,
    ) -> Result<Answer, EngineError> {
        if person.trim().is_empty() {
            return Err(EngineError::EmptyQuestion);
        }
        Ok(qa::said_excluding(
            &self.index,
            person,
            about,
            since,
            hidden,
        )?)
    }

    /// Every statement of the person `name` links to (up to
    /// [`qa::person::MAX_PERSON_STATEMENTS`]), newest first, for a timeline chart or a
    /// person's page; `None` when the corpus knows no one by that name.
    pub fn person_statements(
        &self,
        name: &str,
        filter: &qa::PersonFilter,
        hidden: &HashSet<String>,
    ) -> Result<Option<qa::PersonStatements>, EngineError> {
        let name = name.trim();
        if name.is_empty() {
            return Err(EngineError::EmptyQuestion);
        }
        Ok(qa::person_statements(&self.index, name, filter, hidden)?)
    }

    /// The statement `id` names, with the sentences around it and the others who spoke
    /// in its article; `None` when the index holds no such statement or its article is
    /// in `hidden`.
    pub fn statement_in_context(
        &self,
        id: &qa::StatementId,
        hidden: &HashSet<String>,
    ) -> Result<Option<qa::StatementInContext>, EngineError> {
        let _span = info_span!("statement_in_context", doc = id.doc_id()).entered();
        Ok(qa::statement_in_context(&self.index, id, hidden)?)
    }

    /// Who someone is, from the articles.
    pub fn who_is(&self, name: &str) -> Result<Answer, EngineError> {
        self.who_is_excluding(name, &HashSet::new())
    }

    /// [`Engine::who_is`] without citing the documents in `hidden`.
    pub fn who_is_excluding(
        &self,
        name: &str,
        hidden: &HashSet<String>,
    ) -> Result<Answer, EngineError> {
        // Built from the command's field, never re-read as English: "/whois Hope Hicks" is
        // a name, not a question with the verb "hope".
        let name = name.trim().trim_end_matches('?').trim();
        if name.is_empty() {
            return Err(EngineError::EmptyQuestion);
        }
        let q = qa::Question::from_fields(qa::Intent::WhoIs, name, None);
        Ok(qa::answer_question(&self.index, &q, hidden)?)
    }

    /// Up to `limit` documents whose titles best match `words`, for a moderator's
    /// autocomplete. A failing index is logged and offers no title: the callers (the
    /// moderation commands) take a list, and the failure shows again on the next question.
    pub fn documents_by_title(&self, words: &str, limit: usize) -> Vec<qa::DocRef> {
        match qa::retrieve::documents_by_title(&self.index, words, limit) {
            Ok(docs) => docs.into_iter().map(qa::DocRef::from).collect(),
            Err(e) => {
                tracing::error!(error = %e, "looking up documents by title failed");
                Vec::new()
            }
        }
    }

    /// The document with this id, if the index holds it (title, date, link). A failing
    /// index is logged and reads as no such document, as in [`Engine::documents_by_title`].
    pub fn document(&self, id: &str) -> Option<qa::DocRef> {
        match qa::retrieve::document(&self.index, id) {
            Ok(doc) => doc.map(qa::DocRef::from),
            Err(e) => {
                tracing::error!(error = %e, "looking up a document failed");
                None
            }
        }
    }

    /// The answer as markdown, from the templates.
    pub fn render(&self, answer: &Answer) -> String {
        self.renderer.render(answer)
    }

    /// Get ready to answer: have the kernel read the index files every question touches,
    /// build the tables questions read, and start building the merged
    /// name key dictionary on a thread of its own (see `index::name_keys`). Serving calls
    /// this once at start; questions asked before the dictionary is ready read the
    /// segments' own dictionaries, with the same answers.
    pub fn warm(&self) {
        self.index.prefetch_hot_files();
        crate::qa::prepare();
        self.index.name_dictionary(&self.index.searcher());
    }

    /// [`Engine::warm`], and wait for the name key dictionary (benchmarks of a warm
    /// service).
    pub fn warm_fully(&self) -> Result<(), EngineError> {
        crate::qa::prepare();
        Ok(self.index.build_name_keys()?)
    }

    /// Pick up commits made by other processes, and start building the new generation's
    /// name key dictionary.
    pub fn refresh(&self) -> Result<(), EngineError> {
        self.index.reload()?;
        self.index.name_dictionary(&self.index.searcher());
        Ok(())
    }

    /// What the corpus holds.
    pub fn stats(&self) -> Result<Stats, EngineError> {
        let counts = self.index.counts()?;
        let (earliest, latest) = self.index.date_range()?;
        Ok(Stats {
            documents: counts.documents,
            statements: counts.statements,
            speakers: self.index.speaker_count()?,
            index_bytes: self.index.size_bytes(),
            earliest,
            latest,
        })
    }
}

/// A question trimmed, refused when empty or too long.
fn checked(question: &str) -> Result<&str, EngineError> {
    let question = question.trim();
    if question.is_empty() {
        return Err(EngineError::EmptyQuestion);
    }
    let chars = question.chars().count();
    if chars > qa::understand::MAX_QUESTION_CHARS {
        return Err(EngineError::QuestionTooLong(chars));
    }
    Ok(question)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::loader::parse_jsonl_line;

    #[test]
    fn each_commit_acknowledges_the_documents_read_so_far() {
        let dir = tempfile::tempdir().expect("dir");
        let engine = Engine::open(EngineOptions {
            sample_if_empty: false,
            threads: 1,
            ..EngineOptions::new(dir.path())
        })
        .expect("engine");
        let docs = (0..5).map(|i| {
            let line =
                format!(r#"{{"id":"d{i}","text":"Mayor Ann Lee said bridge {i} is safe."}}"#);
            parse_jsonl_line(&line, &Default::default()).map_err(|m| LoadError {
                path: "x".into(),
                line: Some(i),
                message: m,
            })
        });
        let policy = CommitPolicy {
            documents: 2,
            bytes: u64::MAX,
        };
        let mut acks = Vec::new();
        engine
            .ingest_with(docs, policy, |r| {
                if acks.last().map(|(n, _)| *n) != Some(r.committed) {
                    acks.push((r.committed, r.committed_through.clone()));
                }
            })
            .expect("ingest");
        let through = |id: &str| Some(id.to_string());
        assert_eq!(
            acks,
            [
                (0, None),
                (2, through("d1")),
                (4, through("d3")),
                (5, through("d4"))
            ]
        );
        assert_eq!(engine.stats().expect("stats").documents, 5);
    }

    /// Zero the start of every doc store in `index_dir`, as a disk fault would: the first
    /// block of stored records no longer decompresses, while the index still opens and
    /// searches (the store's footer and skip index, at its end, are intact).
    fn damage_doc_stores(index_dir: &Path) {
        use std::io::Write;
        let mut damaged = 0;
        for entry in std::fs::read_dir(index_dir).expect("index dir") {
            let path = entry.expect("entry").path();
            if path.extension().is_some_and(|e| e == "store") {
                let mut f = std::fs::OpenOptions::new()
                    .write(true)
                    .open(&path)
                    .expect("open store");
                f.write_all(&[0u8; 16]).expect("damage store");
                damaged += 1;
            }
        }
        assert!(damaged > 0, "no doc store in {}", index_dir.display());
    }

    #[test]
    fn a_damaged_index_is_an_error_not_nothing_found() {
        let dir = tempfile::tempdir().expect("dir");
        let open = || {
            Engine::open(EngineOptions {
                sample_if_empty: false,
                threads: 1,
                ..EngineOptions::new(dir.path())
            })
            .expect("engine")
        };
        let question = "What did Ann Lee say about the bridge?";
        let today = NaiveDate::from_ymd_opt(2025, 10, 22).expect("date");
        {
            let engine = open();
            let line = r#"{"id":"d1","published":"2025-10-20","text":"Mayor Ann Lee said the bridge is safe."}"#;
            let doc = parse_jsonl_line(line, &Default::default()).expect("doc");
            engine
                .ingest(std::iter::once(Ok(doc)), |_| {})
                .expect("ingest");
            engine.finish_ingest().expect("finish");
            let before = engine.ask_on(question, today).expect("answer");
            assert!(!before.is_empty(), "the intact index answers: {before:?}");
        }

        damage_doc_stores(&dir.path().join("index"));
        // A fresh engine, so no record read before the damage is cached.
        let engine = open();

        let asked = engine.ask_on(question, today);
        let err = asked.expect_err("a damaged index answered as if it held nothing");
        assert!(matches!(err, EngineError::Qa(_)), "{err:?}");
        assert!(err.to_string().contains("whosaid ingest"), "{err}");
        let said = engine.said("Ann Lee", Some("bridge"), None);
        assert!(said.is_err(), "said: {said:?}");
    }
}
