//! Turning an analysed article into index records, and stored records back into typed
//! values. The only place that knows how our types map to tantivy fields.
//! Calls `corpus` and `nlp` types and `super::schema`.

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::rc::Rc;

use chrono::NaiveDate;
use rustc_hash::FxHashMap;
use tantivy::columnar::Column;
use tantivy::index::SegmentId;
use tantivy::schema::{Field, OwnedValue, Value};
use tantivy::{DateTime, DocAddress, Searcher, TantivyDocument};

use super::numbers::Numbers;
use super::schema::{Fields, DOC, ENT, POSITION, PUBLISHED, SENT, STMT};
use crate::corpus::Document;
use crate::nlp::lexicon::lexicon;
use crate::nlp::{names, Analysis, DateSpan, EntityKind, Span, Statement, StatementKind};

/// The keys an article replaces an earlier version by (besides its id): its
/// [`Document::text_hash`] and [`Document::url_key`]. Worked out once per article: the
/// index looks the earlier version up by them, and the article's record carries them.
pub struct ArticleKeys {
    pub hash: String,
    pub url_key: Option<String>,
}

impl ArticleKeys {
    pub fn of(doc: &Document) -> Self {
        ArticleKeys {
            hash: doc.text_hash(),
            url_key: doc.url_key(),
        }
    }
}

/// The records of one article, ready to add.
///
/// Each statement follows the record of its sentence (statements in their own order,
/// sentences in theirs), so the doc store compresses the statement's copy of the sentence
/// (its `context`) against the sentence just stored, usually in the same block. The order
/// within each kind of record, and so every search's tie-breaking, is as before.
pub fn build(
    doc: &Document,
    analysis: &Analysis,
    f: &Fields,
    keys: &ArticleKeys,
) -> Vec<TantivyDocument> {
    let base = Base::new(doc, f, keys);
    let mut out = Vec::with_capacity(
        1 + analysis.sentences.len() + analysis.statements.len() + analysis.entities.len(),
    );
    out.push(doc_record(&base));
    let mut keys = NameKeyMemo::default();
    let sentence_keys = entity_keys_by_sentence(analysis, &mut keys);
    let mut sentences = analysis.sentences.iter().enumerate().peekable();
    let sentence_record = |i: usize, sent: &Span, out: &mut Vec<TantivyDocument>| {
        let sentence_text = sent.text(&doc.text).trim();
        if sentence_text.is_empty() {
            return;
        }
        let mut d = base.record(SENT);
        d.add_text(f.text, sentence_text);
        d.add_u64(f.position, i as u64);
        for key in &sentence_keys[i] {
            d.add_text(f.entities, key);
        }
        let mut numbers = Numbers::default();
        if let Some(t) = analysis.times.iter().find(|t| t.sentence == i) {
            numbers.when = add_when(&mut d, f, &t.date);
        }
        add_numbers(&mut d, f, &numbers);
        out.push(d);
    };
    for st in &analysis.statements {
        while let Some((i, sent)) = sentences.next_if(|(i, _)| *i <= st.sentence) {
            sentence_record(i, sent, &mut out);
        }
        let none = BTreeSet::new();
        let mentions = sentence_keys.get(st.sentence).unwrap_or(&none);
        out.push(statement_record(&base, analysis, st, mentions, &mut keys));
    }
    for (i, sent) in sentences {
        sentence_record(i, sent, &mut out);
    }
    for ent in &analysis.entities {
        let mut d = base.record(ENT);
        let name = fold_space(&ent.name);
        add_keys(&mut d, f, f.name_key, &name, keys.of(&ent.name, ent.kind));
        d.add_text(f.name, name);
        for alias in &ent.aliases {
            d.add_text(f.aliases, fold_space(alias));
        }
        add_numbers(
            &mut d,
            f,
            &Numbers {
                entity_kind: Some(entity_kind_code(ent.kind)),
                ..Numbers::default()
            },
        );
        for role in &ent.roles {
            d.add_text(f.roles, fold_space(role));
        }
        out.push(d);
    }
    out
}

/// What every record of an article carries: its kind, the article's id and publication
/// date. The text hash and URL key are on the article's own record only (see
/// `Index::add`): on each of some forty records an article makes they were two more terms
/// to index, a twelfth of ingest's instructions with the id.
struct Base<'a> {
    doc: &'a Document,
    f: &'a Fields,
    keys: &'a ArticleKeys,
}

impl<'a> Base<'a> {
    fn new(doc: &'a Document, f: &'a Fields, keys: &'a ArticleKeys) -> Self {
        Base { doc, f, keys }
    }

    fn record(&self, record: &str) -> TantivyDocument {
        let f = self.f;
        let mut d = TantivyDocument::default();
        d.add_text(f.record, record);
        d.add_text(f.doc_id, self.doc.id.as_str());
        if let Some(p) = self.doc.published {
            d.add_date(f.published, date_value(p));
        }
        d
    }
}

/// The article's own record: title, URL and source, and the keys an article with the same
/// text or URL replaces it by.
fn doc_record(base: &Base<'_>) -> TantivyDocument {
    let (doc, f) = (base.doc, base.f);
    let mut d = base.record(DOC);
    d.add_text(f.text_hash, &base.keys.hash);
    if let Some(url_key) = &base.keys.url_key {
        d.add_text(f.url_key, url_key);
    }
    d.add_text(f.title, doc.display_title());
    if let Some(url) = &doc.url {
        d.add_text(f.url, url);
    }
    if let Some(source) = &doc.source {
        d.add_text(f.source, source);
    }
    d
}

/// A statement's record; `mentions` are the keys of the names its sentence mentions.
fn statement_record<'a>(
    base: &Base<'_>,
    analysis: &Analysis,
    st: &'a Statement,
    mentions: &BTreeSet<String>,
    keys: &mut NameKeyMemo<'a>,
) -> TantivyDocument {
    let (text, f) = (base.doc.text.as_str(), base.f);
    let mut d = base.record(STMT);
    let content = st.content_text(text);
    let sentence = analysis
        .sentences
        .get(st.sentence)
        .map(|s| s.text(text).trim());
    if let Some(sentence) = sentence {
        d.add_text(f.context, sentence);
    }
    // The content is nearly always in its sentence, stored already: stored again it was a
    // twentieth of the doc store.
    let mut numbers = Numbers::default();
    match sentence.and_then(|s| first_occurrence(s, &content)) {
        Some(at) if content.len() < 1 << 16 => {
            numbers.content_span = Some((at as u64) << 16 | content.len() as u64);
        }
        _ => d.add_text(f.own_content, &content),
    }
    d.add_text(f.content, content);
    d.add_u64(f.position, st.sentence as u64);
    for key in mentions {
        d.add_text(f.mentions, key);
    }
    if let Some(sp) = &st.speaker {
        let speaker = fold_space(&sp.name);
        add_keys(
            &mut d,
            f,
            f.speaker_key,
            &speaker,
            keys.of(&sp.name, sp.kind),
        );
        d.add_text(f.speaker, speaker);
        if let Some(role) = &sp.role {
            d.add_text(f.role, fold_space(role));
        }
    }
    if let Some(cue) = st.cue {
        d.add_text(f.cue, cue.text(text));
    }
    numbers.kind = Some(statement_kind_code(st.kind));
    if let Some(setting) = st.setting {
        let setting = setting.text(text).split_whitespace().collect::<Vec<_>>();
        d.add_text(f.setting, setting.join(" "));
    }
    if let Some(when) = &st.when {
        numbers.when = add_when(&mut d, f, when);
    }
    add_numbers(&mut d, f, &numbers);
    if st.anaphor.is_some() {
        d.add_u64(f.anaphor, 1);
        if let Some(antecedent) = st.antecedent_text(text) {
            d.add_text(f.antecedent, antecedent);
        }
    }
    d
}

/// Where `needle` first occurs in `haystack`, as `str::find` says, without building a
/// searcher for every needle (that set-up cost more than the search: a statement's content
/// is short and nearly always in its sentence): each place its first byte occurs is compared
/// in turn, until the bytes compared pass a few times the haystack's length, when memchr's
/// two-way search takes over, linear whatever the text.
fn first_occurrence(haystack: &str, needle: &str) -> Option<usize> {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    let Some(&first) = n.first() else {
        return Some(0);
    };
    let mut budget = 4 * h.len() + 256;
    for at in memchr::memchr_iter(first, h) {
        if h[at..].starts_with(n) {
            return Some(at);
        }
        budget = budget.saturating_sub(n.len());
        if budget == 0 {
            return memchr::memmem::find(&h[at..], n).map(|i| at + i);
        }
    }
    None
}

/// Index `keys` under `field`; store them (in `own_keys`) only when reading the record back
/// would not find them again as [`name_keys`] of the stored `name` (see [`stored_keys`]):
/// almost always it does (for a body, [`keys_of_kind`] may drop a last-word key, and then
/// they are stored), and keys stored for every entity and statement were a tenth of the doc
/// store.
fn add_keys(d: &mut TantivyDocument, f: &Fields, field: Field, name: &str, keys: &[String]) {
    for key in keys {
        d.add_text(field, key);
    }
    if !with_remembered_keys(name, EntityKind::Person, |known| known == keys) {
        if keys.is_empty() {
            d.add_text(f.own_keys, "");
        }
        for key in keys {
            d.add_text(f.own_keys, key);
        }
    }
}

/// A statement's content as [`statement_record`] indexed it: from its sentence, or as stored.
fn stored_content(s: &Stored<'_>, f: &Fields, numbers: &Numbers, sentence: Option<&str>) -> String {
    if let Some(own) = s.text(f.own_content) {
        return own;
    }
    let span = numbers.content_span.unwrap_or(0);
    let (at, len) = ((span >> 16) as usize, (span & 0xffff) as usize);
    sentence
        .and_then(|s| s.get(at..at + len))
        .unwrap_or_default()
        .to_string()
}

/// The keys of a record whose stored name is `name`, as [`add_keys`] indexed them.
fn stored_keys(s: &Stored<'_>, f: &Fields, name: &str) -> Vec<String> {
    let mut own = s.texts(f.own_keys);
    if own.is_empty() {
        return remembered_name_keys(name);
    }
    own.retain(|k| !k.is_empty());
    own
}

/// Entity kinds by their code in the `entity_kind` fast field.
const ENTITY_KINDS: [EntityKind; 4] = [
    EntityKind::Person,
    EntityKind::Organisation,
    EntityKind::Group,
    EntityKind::Place,
];

fn entity_kind_code(kind: EntityKind) -> u64 {
    ENTITY_KINDS.iter().position(|k| *k == kind).unwrap_or(0) as u64
}

/// A statement's kind in the `kind` fast field: 0 direct, 1 indirect.
fn statement_kind_code(kind: StatementKind) -> u64 {
    match kind {
        StatementKind::Direct => 0,
        StatementKind::Indirect => 1,
    }
}

/// The keys a name is found by: its full key first, then its surname key when different.
pub fn name_keys(name: &str) -> Vec<String> {
    let full = names::speaker_key(name);
    let surname = names::surname_key(name);
    let mut keys = vec![full.clone()];
    if !surname.is_empty() && surname != full {
        keys.push(surname);
    }
    keys.retain(|k| !k.is_empty());
    keys
}

/// [`name_keys`] for a name of `kind`. A person is found by their surname too; anything
/// else by its last word only when that word names it rather than a kind of body ("advisers
/// to Mr. Obama" by "obama", not "State Department" by "department", "Exxon Corp" by
/// "corp" or "U.S. officials" by "officials"), and a company also without its legal suffix
/// and initials ("H.J. Heinz Co" by "heinz").
pub fn keys_of_kind(name: &str, kind: EntityKind) -> Vec<String> {
    let mut keys = name_keys(name);
    if kind == EntityKind::Person {
        // Someone named by a post in an organisation ("spokesman for Texaco Inc", "a
        // spokesman for the Bahrain Monetary Agency") is found by the organisation's name.
        if let Some(org) = role_organisation(name) {
            for key in keys_of_kind(org, EntityKind::Organisation) {
                if !keys.contains(&key) {
                    keys.push(key);
                }
            }
        }
        return keys;
    }
    let full = keys[..].first().cloned().unwrap_or_default();
    let mut words: Vec<&str> = full.split(' ').collect();
    let last = words.last().copied().unwrap_or("");
    let lex = lexicon();
    // People leave out a company's legal form: "H.J. Heinz Co" is "Heinz".
    let company = words.len() > 1 && lexicon().is_legal_suffix(last);
    if company
        || lex.org_suffixes.contains(last)
        || lex.group_nouns.contains(last)
        || lex.document_nouns.contains(last)
    {
        keys.retain(|k| *k == full);
    }
    // "House Republicans", "Senate Democrats": a party's members in a chamber are found by
    // the party's name too (a capitalised group noun after other words).
    let capitalised_head = name
        .rsplit(' ')
        .next()
        .is_some_and(|w| w.chars().next().is_some_and(char::is_uppercase));
    if kind == EntityKind::Group
        && words.len() > 1
        && capitalised_head
        && lex.group_nouns.contains(last)
    {
        keys.push(last.to_string());
    }
    if company {
        words.pop();
        // Initials before the name ("hj heinz"): people say "Heinz".
        let named = words
            .iter()
            .position(|w| w.chars().count() > 2)
            .unwrap_or(0);
        let short = words[named..].join(" ");
        if !short.is_empty() && short != full {
            keys.push(short);
        }
    }
    keys
}

/// The organisation a post's name is "for" or "of": capitalised words after the first
/// "for" or "of" (and "the") that the lexicon knows as an organisation, that end in an
/// organisation's word, or that are two or more ("Suiker Unie"). "Secretary of State" and
/// "Minister of Finance" name no organisation; "spokesman for Texaco" is found by its last
/// word already.
fn role_organisation(name: &str) -> Option<&str> {
    let at = [" for ", " of "]
        .iter()
        .filter_map(|c| name.find(c).map(|i| i + c.len()))
        .min()?;
    let rest = name.get(at..)?;
    let org = rest.strip_prefix("the ").unwrap_or(rest).trim();
    let words: Vec<&str> = org.split_whitespace().collect();
    let capitalised = words.iter().all(|w| {
        w.chars().next().is_some_and(|c| c.is_uppercase()) || matches!(*w, "and" | "&" | "of")
    });
    let last = words.last()?.to_lowercase();
    let lex = lexicon();
    let organisation = lex.orgs.contains(&org.to_lowercase())
        || lex.org_suffixes.contains(last.as_str())
        || lex.is_legal_suffix(&last)
        || words.len() >= 2;
    (capitalised && organisation).then_some(org)
}

/// [`keys_of_kind`] of the names of one article, each worked out once: an article names the
/// same people again and again (and so does the news: see [`remembered_name_keys`]).
#[derive(Default)]
struct NameKeyMemo<'a> {
    known: FxHashMap<(&'a str, EntityKind), Vec<String>>,
}

impl<'a> NameKeyMemo<'a> {
    fn of(&mut self, name: &'a str, kind: EntityKind) -> &[String] {
        self.known
            .entry((name, kind))
            .or_insert_with(|| with_remembered_keys(name, kind, <[String]>::to_vec))
    }
}

/// Names whose keys each ingest thread remembers, per kind, before starting afresh.
const REMEMBERED_NAMES: usize = 50_000;

thread_local! {
    /// [`keys_of_kind`] by name, one map per kind (in [`ENTITY_KINDS`] order).
    static NAME_KEYS: RefCell<[FxHashMap<String, Vec<String>>; 4]> = RefCell::default();
}

/// [`name_keys`], remembered per thread: the same names recur across articles, and a key
/// costs a Unicode normalisation.
fn remembered_name_keys(name: &str) -> Vec<String> {
    with_remembered_keys(name, EntityKind::Person, <[String]>::to_vec)
}

/// `then` of [`keys_of_kind`] of `name`, remembered per thread and kind (the keys are not
/// copied out unless `then` does).
fn with_remembered_keys<R>(name: &str, kind: EntityKind, then: impl FnOnce(&[String]) -> R) -> R {
    NAME_KEYS.with(|memo| {
        let mut memo = memo.borrow_mut();
        let memo = &mut memo[entity_kind_code(kind) as usize];
        if let Some(keys) = memo.get(name) {
            return then(keys);
        }
        let keys = keys_of_kind(name, kind);
        if memo.len() >= REMEMBERED_NAMES {
            memo.clear();
        }
        let out = then(&keys);
        memo.insert(name.to_string(), keys);
        out
    })
}

/// The entity keys mentioned in each sentence, speakers resolved by coreference included.
fn entity_keys_by_sentence<'a>(
    analysis: &'a Analysis,
    names: &mut NameKeyMemo<'a>,
) -> Vec<BTreeSet<String>> {
    let mut keys = vec![BTreeSet::new(); analysis.sentences.len()];
    let sentence_of = |span: Span| {
        analysis
            .sentences
            .partition_point(|s| s.end <= span.start)
            .min(analysis.sentences.len().saturating_sub(1))
    };
    for m in &analysis.mentions {
        if let Some(set) = keys.get_mut(sentence_of(m.span)) {
            extend(set, names.of(&m.name, m.kind));
        }
    }
    for st in &analysis.statements {
        if let (Some(sp), Some(set)) = (&st.speaker, keys.get_mut(st.sentence)) {
            extend(set, names.of(&sp.name, sp.kind));
        }
    }
    keys
}

/// Add `keys` to `set`, copying only those it lacks.
fn extend(set: &mut BTreeSet<String>, keys: &[String]) {
    for k in keys {
        if !set.contains(k) {
            set.insert(k.clone());
        }
    }
}

/// Stores the words of `when`; its dates go into the record's numbers.
fn add_when(
    d: &mut TantivyDocument,
    f: &Fields,
    when: &DateSpan,
) -> Option<(NaiveDate, NaiveDate)> {
    d.add_text(f.when_text, &when.text);
    when.start.zip(when.end)
}

fn add_numbers(d: &mut TantivyDocument, f: &Fields, numbers: &Numbers) {
    if !numbers.is_empty() {
        d.add_bytes(f.numbers, &numbers.encode());
    }
}

/// Names and roles as stored: whitespace folded (a role can span a paragraph break) and
/// typographic apostrophes made straight, so "O’Neill" and "O'Neill" are written alike.
fn fold_space(s: &str) -> String {
    if is_folded(s) {
        return s.to_string();
    }
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace(['’', 'ʼ'], "'")
}

/// Whether `s` needs no folding (most names): single spaces between words, none at either
/// end, no other whitespace and no typographic apostrophe. One pass over the chars (a
/// substring search for two spaces set up a searcher for every name).
fn is_folded(s: &str) -> bool {
    if s.starts_with(' ') || s.ends_with(' ') {
        return false;
    }
    let mut after_space = false;
    for c in s.chars() {
        if c == ' ' {
            if after_space {
                return false;
            }
            after_space = true;
        } else if c.is_whitespace() || c == '’' || c == 'ʼ' {
            return false;
        } else {
            after_space = false;
        }
    }
    true
}

pub fn date_value(d: NaiveDate) -> DateTime {
    let secs = d
        .and_hms_opt(0, 0, 0)
        .map(|t| t.and_utc().timestamp())
        .unwrap_or(0);
    DateTime::from_timestamp_secs(secs)
}

pub fn naive_date(d: DateTime) -> Option<NaiveDate> {
    chrono::DateTime::from_timestamp(d.into_timestamp_secs(), 0).map(|t| t.date_naive())
}

/// Reads stored records back whole: `published` and `position`, kept in fast fields only,
/// are added from their columns (each segment's columns opened once), so a record reads
/// back as [`build`] made it, but for the fields that are indexed only.
pub struct RecordReader<'s> {
    searcher: &'s Searcher,
    published: Field,
    position: Field,
    columns: FxHashMap<u32, Rc<FastColumns>>,
}

/// One segment's `published` and `position` columns.
struct FastColumns {
    published: Column<DateTime>,
    position: Column<u64>,
}

thread_local! {
    /// Columns opened by this thread, by segment: opening one looks its name up in the
    /// segment's column directory, and a question reads records a dozen times over (in
    /// callgrind, opening seven columns per segment per read was 3% of `ask`). A segment's
    /// columns never change; those of segments the latest searcher no longer holds are let
    /// go at the next miss.
    static FAST_COLUMNS: RefCell<FxHashMap<SegmentId, Rc<FastColumns>>> =
        RefCell::new(FxHashMap::default());
}

/// The columns of the segment `ord` of `searcher`, opened once per thread.
fn fast_columns(searcher: &Searcher, ord: u32) -> tantivy::Result<Rc<FastColumns>> {
    let segment = searcher.segment_reader(ord);
    let id = segment.segment_id();
    FAST_COLUMNS.with(|cache| {
        let mut cache = cache.borrow_mut();
        if let Some(columns) = cache.get(&id) {
            return Ok(Rc::clone(columns));
        }
        let live: Vec<SegmentId> = searcher
            .segment_readers()
            .iter()
            .map(|s| s.segment_id())
            .collect();
        cache.retain(|id, _| live.contains(id));
        let fast = segment.fast_fields();
        let columns = Rc::new(FastColumns {
            published: fast.date(PUBLISHED)?,
            position: fast.u64(POSITION)?,
        });
        cache.insert(id, Rc::clone(&columns));
        Ok(columns)
    })
}

impl<'s> RecordReader<'s> {
    pub fn new(searcher: &'s Searcher) -> tantivy::Result<Self> {
        let schema = searcher.schema();
        Ok(RecordReader {
            searcher,
            published: schema.get_field(PUBLISHED)?,
            position: schema.get_field(POSITION)?,
            columns: FxHashMap::default(),
        })
    }

    pub fn read(&mut self, addr: DocAddress) -> tantivy::Result<TantivyDocument> {
        let mut doc: TantivyDocument = self.searcher.doc(addr)?;
        let columns = match self.columns.entry(addr.segment_ord) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(fast_columns(self.searcher, addr.segment_ord)?)
            }
        };
        if let Some(v) = columns.published.first(addr.doc_id) {
            doc.add_date(self.published, v);
        }
        if let Some(v) = columns.position.first(addr.doc_id) {
            doc.add_u64(self.position, v);
        }
        Ok(doc)
    }
}

/// Typed access to a stored record's fields.
pub struct Stored<'a> {
    pub doc: &'a TantivyDocument,
}

impl Stored<'_> {
    pub fn text(&self, field: tantivy::schema::Field) -> Option<String> {
        self.doc
            .get_first(field)
            .and_then(|v| v.as_str())
            .map(str::to_string)
    }

    pub fn texts(&self, field: tantivy::schema::Field) -> Vec<String> {
        self.doc
            .get_all(field)
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect()
    }

    pub fn u64(&self, field: tantivy::schema::Field) -> Option<u64> {
        self.doc.get_first(field).and_then(|v| v.as_u64())
    }

    /// The record's packed numbers (none for a record that has none).
    pub fn numbers(&self, f: &Fields) -> Numbers {
        self.doc
            .get_first(f.numbers)
            .and_then(|v| v.as_bytes())
            .and_then(Numbers::decode)
            .unwrap_or_default()
    }

    pub fn date(&self, field: tantivy::schema::Field) -> Option<NaiveDate> {
        match self.doc.get_first(field).map(OwnedValue::from) {
            Some(OwnedValue::Date(d)) => naive_date(d),
            _ => None,
        }
    }
}

/// A statement as stored.
#[derive(Clone, Debug)]
pub struct StoredStatement {
    pub doc_id: String,
    pub speaker: Option<String>,
    pub speaker_keys: Vec<String>,
    pub role: Option<String>,
    pub cue: Option<String>,
    pub content: String,
    pub sentence: String,
    pub kind: StatementKind,
    pub setting: Option<String>,
    pub when: Option<DateSpan>,
    pub position: u64,
    pub published: Option<NaiveDate>,
    /// The content points back ("this sentiment") rather than saying something itself.
    pub anaphor: bool,
    /// What content that points back stands for, as a noun phrase ("that an in-person
    /// meeting was unnecessary"); `None` when it stands alone or nothing was found.
    pub antecedent: Option<String>,
}

impl StoredStatement {
    pub fn read(doc: &TantivyDocument, f: &Fields) -> Self {
        let s = Stored { doc };
        let published = s.date(f.published);
        let speaker = s.text(f.speaker);
        let sentence = s.text(f.context);
        let numbers = s.numbers(f);
        StoredStatement {
            doc_id: s.text(f.doc_id).unwrap_or_default(),
            speaker_keys: speaker
                .as_deref()
                .map_or_else(Vec::new, |name| stored_keys(&s, f, name)),
            speaker,
            role: s.text(f.role),
            cue: s.text(f.cue),
            content: stored_content(&s, f, &numbers, sentence.as_deref()),
            sentence: sentence.unwrap_or_default(),
            kind: match numbers.kind {
                Some(0) => StatementKind::Direct,
                _ => StatementKind::Indirect,
            },
            setting: s.text(f.setting),
            when: read_when(&s, f, &numbers, published),
            position: s.u64(f.position).unwrap_or(0),
            published,
            anaphor: s.u64(f.anaphor) == Some(1),
            antecedent: s.text(f.antecedent),
        }
    }

    /// Whether the content points back to nothing found: it says nothing on its own.
    pub fn is_unresolved_anaphor(&self) -> bool {
        self.anaphor && self.antecedent.is_none()
    }
}

/// A sentence as stored.
#[derive(Clone, Debug)]
pub struct StoredPassage {
    pub doc_id: String,
    pub text: String,
    pub when: Option<DateSpan>,
    pub position: u64,
    pub published: Option<NaiveDate>,
}

impl StoredPassage {
    pub fn read(doc: &TantivyDocument, f: &Fields) -> Self {
        let s = Stored { doc };
        let published = s.date(f.published);
        StoredPassage {
            doc_id: s.text(f.doc_id).unwrap_or_default(),
            text: s.text(f.text).unwrap_or_default(),
            when: read_when(&s, f, &s.numbers(f), published),
            position: s.u64(f.position).unwrap_or(0),
            published,
        }
    }
}

/// An entity as one article knows it.
#[derive(Clone, Debug)]
pub struct StoredEntity {
    pub doc_id: String,
    pub name: String,
    pub keys: Vec<String>,
    /// `None` for a speaker read from a statement, which stores no kind.
    pub kind: Option<EntityKind>,
    pub roles: Vec<String>,
    pub aliases: Vec<String>,
    pub published: Option<NaiveDate>,
}

impl StoredEntity {
    pub fn read(doc: &TantivyDocument, f: &Fields) -> Self {
        let s = Stored { doc };
        let name = s.text(f.name).unwrap_or_default();
        StoredEntity {
            doc_id: s.text(f.doc_id).unwrap_or_default(),
            keys: stored_keys(&s, f, &name),
            name,
            kind: s
                .numbers(f)
                .entity_kind
                .and_then(|c| ENTITY_KINDS.get(c as usize))
                .copied(),
            roles: s.texts(f.roles),
            aliases: s.texts(f.aliases),
            published: s.date(f.published),
        }
    }
}

/// An article's metadata as stored.
#[derive(Clone, Debug)]
pub struct StoredDoc {
    pub id: String,
    pub title: String,
    pub url: Option<String>,
    pub source: Option<String>,
    pub published: Option<NaiveDate>,
}

impl StoredDoc {
    pub fn read(doc: &TantivyDocument, f: &Fields) -> Self {
        let s = Stored { doc };
        StoredDoc {
            id: s.text(f.doc_id).unwrap_or_default(),
            title: s.text(f.title).unwrap_or_default(),
            url: s.text(f.url),
            source: s.text(f.source),
            published: s.date(f.published),
        }
    }
}

fn read_when(
    s: &Stored<'_>,
    f: &Fields,
    numbers: &Numbers,
    published: Option<NaiveDate>,
) -> Option<DateSpan> {
    let text = s.text(f.when_text)?;
    let when = numbers.when;
    Some(DateSpan {
        text,
        start: when.map(|w| w.0),
        end: when.map(|w| w.1),
        basis: published,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{DocId, Document};
    use crate::nlp::analyze;

    #[test]
    fn a_name_needs_folding_as_the_substring_searches_said() {
        let searches = |s: &str| {
            !s.starts_with(' ')
                && !s.ends_with(' ')
                && !s.contains("  ")
                && !s.contains(|c: char| (c.is_whitespace() && c != ' ') || c == '’' || c == 'ʼ')
        };
        let names = [
            "",
            " ",
            "  ",
            "a",
            "Donald Trump",
            " Donald",
            "Trump ",
            "Donald  Trump",
            "Donald\tTrump",
            "Donald\nTrump",
            "O’Neill",
            "Oʼ Neill",
            "O'Neill",
            "a b c",
            "a \u{a0}b",
            "x\u{2009}y",
            "naïve café",
            "\u{b}",
            "senior adviser to Sanders",
        ];
        for name in names {
            assert_eq!(is_folded(name), searches(name), "{name:?}");
        }
    }

    #[test]
    fn a_content_is_found_where_str_find_finds_it() {
        let long = "ab".repeat(2000);
        let cases = [
            (
                "he said the talks were productive",
                "the talks were productive",
            ),
            ("the plan, the plan, the plan", "the plan"),
            ("naïve café – “quoted”", "“quoted”"),
            ("abc", ""),
            ("abc", "abcd"),
            ("", "a"),
            (long.as_str(), "abababababababababababababababababababc"),
            (long.as_str(), "babababa"),
        ];
        for (haystack, needle) in cases {
            assert_eq!(
                super::first_occurrence(haystack, needle),
                haystack.find(needle),
                "{needle:?} in {haystack:?}"
            );
        }
    }

    fn document(text: &str) -> Document {
        Document {
            id: DocId::derive(None, None, text),
            source: None,
            title: None,
            url: None,
            published: None,
            text: text.to_string(),
        }
    }

    #[test]
    fn a_body_is_found_by_its_name_a_person_by_surname_too() {
        use EntityKind::*;
        for (name, kind, keys) in [
            ("Donald J. Trump", Person, vec!["donald trump", "trump"]),
            ("State Department", Organisation, vec!["state department"]),
            ("Exxon Corp", Organisation, vec!["exxon corp", "exxon"]),
            ("H.J. Heinz Co", Organisation, vec!["hj heinz co", "heinz"]),
            (
                "Treasury statement",
                Organisation,
                vec!["treasury statement"],
            ),
            ("U.S. officials", Group, vec!["us officials"]),
            (
                "advisers to Mr. Obama",
                Group,
                vec!["advisers to obama", "obama"],
            ),
            ("Kremlin", Organisation, vec!["kremlin"]),
            (
                "spokesman for Texaco Inc",
                Person,
                vec!["spokesman for texaco inc", "inc", "texaco inc", "texaco"],
            ),
            (
                "spokesman for the Bahrain Monetary Agency",
                Person,
                vec![
                    "spokesman for bahrain monetary agency",
                    "agency",
                    "bahrain monetary agency",
                ],
            ),
            ("Secretary of State", Person, vec!["of state", "state"]),
            (
                "House Republicans",
                Group,
                vec!["house republicans", "republicans"],
            ),
            ("European leaders", Group, vec!["european leaders"]),
        ] {
            assert_eq!(keys_of_kind(name, kind), keys, "{name}");
        }
    }

    fn stored_statements(text: &str) -> Vec<StoredStatement> {
        let doc = document(text);
        let (_, f) = Fields::schema();
        build(&doc, &analyze(text, None), &f, &ArticleKeys::of(&doc))
            .iter()
            .filter(|d| Stored { doc: d }.text(f.record).as_deref() == Some(STMT))
            .map(|d| StoredStatement::read(d, &f))
            .collect()
    }

    /// A searcher over `records`, committed as one segment of an index in memory.
    fn searcher_over(records: Vec<TantivyDocument>) -> Searcher {
        let (schema, _) = Fields::schema();
        let index = tantivy::Index::create_in_ram(schema);
        index
            .tokenizers()
            .register(super::super::schema::EN_STEM, super::super::stem::en_stem());
        let mut writer: tantivy::IndexWriter = index
            .writer_with_num_threads(1, 15_000_000)
            .expect("writer");
        for record in records {
            writer.add_document(record).expect("add");
        }
        writer.commit().expect("commit");
        index.reader().expect("reader").searcher()
    }

    #[test]
    fn a_record_read_back_has_its_publication_date_from_the_fast_field() {
        let (_, f) = Fields::schema();
        let mut doc = document("Mayor Ann Lee said the bridge is safe.");
        let day = NaiveDate::from_ymd_opt(2026, 3, 1);
        doc.published = day;
        let searcher = searcher_over(build(
            &doc,
            &analyze(&doc.text, day),
            &f,
            &ArticleKeys::of(&doc),
        ));
        let stored: TantivyDocument = searcher.doc(DocAddress::new(0, 0)).expect("stored");
        assert_eq!(
            Stored { doc: &stored }.date(f.published),
            None,
            "not stored"
        );
        let mut records = RecordReader::new(&searcher).expect("reader");
        let read = records.read(DocAddress::new(0, 0)).expect("read");
        assert_eq!(StoredDoc::read(&read, &f).published, day);
        let statement = records.read(DocAddress::new(0, 2)).expect("read");
        assert_eq!(StoredStatement::read(&statement, &f).published, day);
    }

    #[test]
    fn every_record_reads_back_as_it_was_built() {
        let (_, f) = Fields::schema();
        let text = "Mayor Ann Lee said on Monday the bridge is safe. \"We are ready,\" \
                    Lee said. Acme Corp. said profits rose, Bob O\u{2019}Neill told Reuters.";
        let mut doc = document(text);
        doc.published = NaiveDate::from_ymd_opt(2026, 3, 4);
        let built = build(
            &doc,
            &analyze(text, doc.published),
            &f,
            &ArticleKeys::of(&doc),
        );
        let searcher = searcher_over(built.clone());
        let mut records = RecordReader::new(&searcher).expect("reader");
        let (mut statements, mut entities) = (0, 0);
        for (i, made) in built.iter().enumerate() {
            let read = records.read(DocAddress::new(0, i as u32)).expect("read");
            let both = [made, &read];
            let kind = Stored { doc: made }.text(f.record);
            let [a, b] = match kind.as_deref() {
                Some(STMT) => {
                    statements += 1;
                    both.map(|d| format!("{:?}", StoredStatement::read(d, &f)))
                }
                Some(ENT) => {
                    entities += 1;
                    both.map(|d| format!("{:?}", StoredEntity::read(d, &f)))
                }
                Some(SENT) => both.map(|d| format!("{:?}", StoredPassage::read(d, &f))),
                _ => both.map(|d| format!("{:?}", StoredDoc::read(d, &f))),
            };
            assert_eq!(a, b);
        }
        assert!(statements >= 3 && entities >= 3, "{statements} {entities}");
    }

    #[test]
    fn keys_are_stored_only_when_the_name_does_not_give_them_again() {
        let (_, f) = Fields::schema();
        let cases: [(&str, Vec<String>, usize); 3] = [
            ("Ann Lee", name_keys("Ann Lee"), 0),
            ("Ann Lee", vec!["someone else".into()], 1),
            ("Ann Lee", Vec::new(), 1),
        ];
        for (name, keys, own) in cases {
            let mut d = TantivyDocument::default();
            add_keys(&mut d, &f, f.name_key, name, &keys);
            let s = Stored { doc: &d };
            assert_eq!(s.texts(f.name_key), keys);
            assert_eq!(s.texts(f.own_keys).len(), own, "{keys:?}");
            assert_eq!(stored_keys(&s, &f, name), keys);
        }
    }

    #[test]
    fn content_that_points_back_is_stored_with_what_it_stands_for() {
        let stored = stored_statements(
            "Rubio said the talks were productive. Lavrov echoed this sentiment.",
        );
        let by_content = |c: &str| {
            stored
                .iter()
                .find(|s| s.content == c)
                .unwrap_or_else(|| panic!("no statement {c:?} in {stored:?}"))
        };
        let said = by_content("the talks were productive");
        assert!(!said.anaphor && said.antecedent.is_none());
        let echoed = by_content("this sentiment");
        assert!(echoed.anaphor);
        assert_eq!(
            echoed.antecedent.as_deref(),
            Some("that the talks were productive")
        );
        assert!(!echoed.is_unresolved_anaphor());
    }

    #[test]
    fn an_anaphor_with_nothing_before_it_is_stored_unresolved() {
        let stored = stored_statements(
            "The Kremlin echoed this sentiment, stating there is no set timeline.",
        );
        let echoed = stored
            .iter()
            .find(|s| s.content == "this sentiment")
            .expect("the echo is stored");
        assert!(echoed.is_unresolved_anaphor());
        // The content is stored as written, never dropped.
        assert_eq!(stored.len(), 2);
    }

    #[test]
    fn each_statement_follows_its_sentence_and_each_kind_keeps_its_order() {
        let text = "The weather was fine. Mayor Ann Lee said the bridge is safe. \
                    Nothing happened. Lee added that the road is open. Bob Hale said so too.";
        let doc = document(text);
        let (_, f) = Fields::schema();
        let analysis = analyze(text, None);
        assert!(analysis.statements.len() >= 2, "{:?}", analysis.statements);
        let records = build(&doc, &analysis, &f, &ArticleKeys::of(&doc));
        let mut last_sentence = None;
        let (mut sentences, mut statements) = (Vec::new(), Vec::new());
        for d in &records {
            let s = Stored { doc: d };
            if let Some(t) = s.text(f.text) {
                last_sentence = Some(t);
                sentences.push(s.u64(f.position));
            } else if s.text(f.content).is_some() {
                assert_eq!(
                    s.text(f.context),
                    last_sentence,
                    "a statement after its sentence"
                );
                statements.push(StoredStatement::read(d, &f).content);
            }
        }
        assert!(sentences.windows(2).all(|w| w[0] < w[1]), "{sentences:?}");
        let in_order: Vec<String> = analysis
            .statements
            .iter()
            .map(|st| st.content_text(text).to_string())
            .collect();
        assert_eq!(statements, in_order);
    }
}
