//! The index schema, declared once, with typed field handles.
//!
//! One tantivy index holds four kinds of record, told apart by the `record` field:
//! - `doc`: one per article (title, URL, source, date, hashes used for replacement);
//! - `sent`: one per sentence (passages for "when" questions and the search fallback);
//! - `stmt`: one per statement (speaker, cue, content, kind, when, the sentence around it);
//! - `ent`: one per entity per article (name, kind, roles, aliases).
//!
//! Every record carries `doc_id`, `url_key` and `text_hash`, so re-ingesting an article
//! deletes all of its old records with three term deletions. Speaker and entity keys are
//! raw (untokenized) strings because the default tokenizer would split "U.S." apart.
//! Calls nothing else in the crate.

use tantivy::schema::{
    DateOptions, Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions,
    FAST, INDEXED, STORED, STRING,
};

/// The record kinds, as stored in the `record` field.
pub const DOC: &str = "doc";
pub const SENT: &str = "sent";
pub const STMT: &str = "stmt";
pub const ENT: &str = "ent";

/// The tokenizer for English text fields: lowercase, stemmed.
pub const EN_STEM: &str = "en_stem";

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
    pub text: Field,
    pub position: Field,
    pub entities: Field,
    pub when_text: Field,
    pub when_start: Field,
    pub when_end: Field,
    // stmt
    pub content: Field,
    pub speaker: Field,
    pub speaker_key: Field,
    pub role: Field,
    pub cue: Field,
    pub kind: Field,
    pub setting: Field,
    // ent
    pub name: Field,
    pub name_key: Field,
    pub entity_kind: Field,
    pub roles: Field,
    pub aliases: Field,
}

impl Fields {
    /// Build the schema and the handles to its fields.
    pub fn schema() -> (Schema, Fields) {
        let mut b = Schema::builder();
        let english = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(EN_STEM)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        );
        let english_stored = english.clone().set_stored();
        let date = DateOptions::default().set_indexed().set_stored().set_fast();
        let int = NumericOptions::default().set_stored().set_fast();
        let fields = Fields {
            record: b.add_text_field("record", STRING | FAST),
            doc_id: b.add_text_field("doc_id", STRING | STORED),
            url_key: b.add_text_field("url_key", STRING),
            text_hash: b.add_text_field("text_hash", STRING),
            title: b.add_text_field("title", english_stored.clone()),
            url: b.add_text_field("url", STORED),
            source: b.add_text_field("source", STORED),
            published: b.add_date_field("published", date.clone()),
            text: b.add_text_field("text", english_stored.clone()),
            position: b.add_u64_field("position", int | INDEXED),
            entities: b.add_text_field("entities", STRING),
            when_text: b.add_text_field("when_text", STORED),
            when_start: b.add_date_field("when_start", date.clone()),
            when_end: b.add_date_field("when_end", date),
            content: b.add_text_field("content", english_stored.clone()),
            speaker: b.add_text_field("speaker", english_stored.clone()),
            speaker_key: b.add_text_field("speaker_key", STRING | STORED),
            role: b.add_text_field("role", english_stored.clone()),
            cue: b.add_text_field("cue", english_stored.clone()),
            kind: b.add_text_field("kind", STRING | STORED),
            setting: b.add_text_field("setting", english_stored.clone()),
            name: b.add_text_field("name", english_stored.clone()),
            name_key: b.add_text_field("name_key", STRING | STORED),
            entity_kind: b.add_text_field("entity_kind", STRING | STORED),
            roles: b.add_text_field("roles", english_stored.clone()),
            aliases: b.add_text_field("aliases", english_stored),
        };
        (b.build(), fields)
    }
}
