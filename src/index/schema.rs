//! The index schema, declared once, with typed field handles.
//!
//! One tantivy index holds four kinds of record, told apart by the `record` field:
//! - `doc`: one per article (title, URL, source, date, hashes used for replacement);
//! - `sent`: one per sentence (passages for "when" questions and the search fallback);
//! - `stmt`: one per statement (speaker, cue, content, kind, when, the sentence around it;
//!   for content that points back, "this sentiment", whether it does and what it stands
//!   for, stored only);
//! - `ent`: one per entity per article (name, kind, roles, aliases).
//!
//! Every record carries `doc_id`, so re-ingesting an article deletes all of its old records
//! with one term deletion; `url_key` and `text_hash` are on the article's own record, where
//! an article with the same URL or text finds the id of the version it replaces.
//!
//! Each searched field belongs to one kind of record (a statement's sentence is `context`,
//! not `text`; its entity keys are `mentions`, not `entities`), so a search of one kind is a
//! flat disjunction of terms with no `record` filter: tantivy can then skip, by block-max
//! WAND, the postings that cannot reach the top candidates, which a `record AND (…)` nesting
//! prevents. No query needs word positions, so none are indexed.
//!
//! Field norms (a byte per record per field, for BM25's length normalisation) are kept only
//! where length says something: content, sentence text, titles and roles. Keys, the
//! cue (a word or two), the setting and a statement's sentence go without: every question
//! reads the norms of the records it scores, spread over the whole index, so each field's
//! norms are a resident byte per record (36 MB per field on 1M articles).
//!
//! Only what some question searches is indexed: a statement's speaker and role, an
//! entity's name and aliases and the dates a statement or sentence speaks of are read back,
//! never searched (people are found by their keys), so they cost neither postings nor a
//! second tokenisation at ingest.
//!
//! Nothing is kept twice, and numbers are not stored one by one (the doc store is most of
//! the index, and a stored number is a dozen bytes): `published` and `position`, which
//! searches order by, are fast fields only, added back to a record read
//! (`records::RecordReader`); the statement and entity kinds, the dates a statement or
//! sentence speaks of and where a statement's content is in its sentence are packed into
//! one stored value, `numbers` (`super::numbers`: a column each was a further page of the
//! index touched per record read). A statement's `content` is
//! indexed, not stored: it is nearly always a stretch of its stored sentence (`context`),
//! read back by its place there, and stored (`own_content`) only where it is not. Speaker
//! and entity keys are indexed, not stored: reading a record back works them out again from
//! the stored name, and they are stored (`own_keys`) only where the name would not give
//! them back.
//!
//! Speaker and entity keys are raw (untokenized) strings because the default tokenizer
//! would split "U.S." apart.
//! Calls nothing else in the crate.

use tantivy::schema::{
    DateOptions, Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions,
    STORED,
};

/// The record kinds, as stored in the `record` field.
pub const DOC: &str = "doc";
pub const SENT: &str = "sent";
pub const STMT: &str = "stmt";
pub const ENT: &str = "ent";

/// The tokenizer for English text fields: lowercase, stemmed.
pub const EN_STEM: &str = "en_stem";
/// The fast fields read by name (tantivy's fast-field readers take names, not `Field`s).
pub const PUBLISHED: &str = "published";
pub const POSITION: &str = "position";
/// The article a record belongs to, read by name where only a searcher is at hand.
pub const DOC_ID: &str = "doc_id";

/// Handles to every field, looked up once.
#[derive(Clone, Debug)]
pub struct Fields {
    pub record: Field,
    pub doc_id: Field,
    pub url_key: Field,
    pub text_hash: Field,
    // doc
    pub title: Field,
    pub url: Field,
    pub source: Field,
    pub published: Field,
    // sent and stmt
    pub position: Field,
    pub when_text: Field,
    // sent
    pub text: Field,
    pub entities: Field,
    // stmt
    pub context: Field,
    pub mentions: Field,
    /// Indexed only: read back from `context` by its place in `numbers`, or from
    /// `own_content`.
    pub content: Field,
    /// The content as stored where the sentence does not hold it.
    pub own_content: Field,
    pub speaker: Field,
    pub speaker_key: Field,
    pub role: Field,
    pub cue: Field,
    pub setting: Field,
    /// The speaker's or entity's keys as stored, only where they are not
    /// `records::name_keys` of the stored name (an empty value for no keys).
    pub own_keys: Field,
    /// 1 when the content points back ("this sentiment"), found or not.
    pub anaphor: Field,
    /// What content that points back stands for ("that an in-person meeting was
    /// unnecessary").
    pub antecedent: Field,
    // ent
    pub name: Field,
    pub name_key: Field,
    pub roles: Field,
    pub aliases: Field,
    /// A record's small numbers, packed (`super::numbers`): a statement's kind, where its
    /// content is in its sentence (`context`), the dates it or a sentence speaks of; an
    /// entity's kind.
    pub numbers: Field,
}

impl Fields {
    /// Build the schema and the handles to its fields.
    pub fn schema() -> (Schema, Fields) {
        let mut b = Schema::builder();
        // English text, stemmed, with or without field norms (see the module doc).
        let english = |norms: bool| {
            TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(EN_STEM)
                    .set_index_option(IndexRecordOption::WithFreqs)
                    .set_fieldnorms(norms),
            )
        };
        let (english_indexed, english_stored, unnormed) = (
            english(true),
            english(true).set_stored(),
            english(false).set_stored(),
        );
        let key = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer("raw")
                .set_index_option(IndexRecordOption::Basic)
                .set_fieldnorms(false),
        );
        // `published` is a fast field only (ordering, and date ranges, which tantivy answers
        // from the fast field when there is one; records read back get it from there too);
        // so is `position` (ordering). The other numbers are packed in `numbers`.
        let date = DateOptions::default().set_fast();
        let fast_int = NumericOptions::default().set_fast();
        let stored_int = NumericOptions::default().set_stored();
        let fields = Fields {
            record: b.add_text_field("record", key.clone()),
            doc_id: b.add_text_field(DOC_ID, key.clone() | STORED),
            url_key: b.add_text_field("url_key", key.clone()),
            text_hash: b.add_text_field("text_hash", key.clone()),
            title: b.add_text_field("title", english_stored.clone()),
            url: b.add_text_field("url", STORED),
            source: b.add_text_field("source", STORED),
            published: b.add_date_field(PUBLISHED, date.clone()),
            text: b.add_text_field("text", english_stored.clone()),
            position: b.add_u64_field(POSITION, fast_int),
            entities: b.add_text_field("entities", key.clone()),
            when_text: b.add_text_field("when_text", STORED),
            context: b.add_text_field("context", unnormed.clone()),
            mentions: b.add_text_field("mentions", key.clone()),
            content: b.add_text_field("content", english_indexed),
            own_content: b.add_text_field("own_content", STORED),
            speaker: b.add_text_field("speaker", STORED),
            speaker_key: b.add_text_field("speaker_key", key.clone()),
            role: b.add_text_field("role", STORED),
            cue: b.add_text_field("cue", unnormed.clone()),
            setting: b.add_text_field("setting", unnormed),
            own_keys: b.add_text_field("own_keys", STORED),
            anaphor: b.add_u64_field("anaphor", stored_int),
            antecedent: b.add_text_field("antecedent", STORED),
            name: b.add_text_field("name", STORED),
            name_key: b.add_text_field("name_key", key),
            numbers: b.add_bytes_field("numbers", STORED),
            roles: b.add_text_field("roles", english_stored),
            aliases: b.add_text_field("aliases", STORED),
        };
        (b.build(), fields)
    }
}
