//! The indexing library's own cost for a corpus, as a floor under `whosaid ingest`: each
//! article's text split at sentence ends (a cheap split, no extraction) and indexed once as
//! records of one English field (our `en_stem`, with frequencies, stored), in commits of
//! 2,000 articles, with the service's writer budget and tantivy's default merge policy.
//! What `ingest` adds on top: extraction, the statements' copies of their sentences, names
//! and keys. Run it on one core and read the CPU time:
//! `taskset -c 0 /usr/bin/time -f '%U %S' target/release/examples/index_floor ARTICLES.jsonl DIR`
use tantivy::schema::{IndexRecordOption, Schema, TextFieldIndexing, TextOptions};
use tantivy::{doc, Index};

const COMMIT_ARTICLES: usize = 2_000;
const WRITER_BUDGET_BYTES: usize = 64 * 1024 * 1024;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(input), Some(dir)) = (args.next(), args.next()) else {
        return Err("usage: index_floor ARTICLES.jsonl EMPTY_DIR".into());
    };
    let mut schema = Schema::builder();
    let english = TextOptions::default()
        .set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer("en_stem")
                .set_index_option(IndexRecordOption::WithFreqs),
        )
        .set_stored();
    let text = schema.add_text_field("text", english);
    std::fs::create_dir_all(&dir)?;
    let index = Index::create_in_dir(&dir, schema.build())?;
    index
        .tokenizers()
        .register("en_stem", whosaid::index::en_stem());
    let mut writer = index.writer_with_num_threads(1, WRITER_BUDGET_BYTES)?;
    let (mut articles, mut bytes) = (0usize, 0usize);
    for line in std::fs::read_to_string(&input)?.lines() {
        let article: serde_json::Value = serde_json::from_str(line)?;
        let body = article["text"].as_str().unwrap_or_default();
        bytes += body.len();
        for sentence in body.split_inclusive(". ").filter(|s| !s.trim().is_empty()) {
            writer.add_document(doc!(text => sentence.trim()))?;
        }
        articles += 1;
        if articles % COMMIT_ARTICLES == 0 {
            writer.commit()?;
        }
    }
    writer.commit()?;
    writer.wait_merging_threads()?;
    println!("{articles} articles, {:.1} MB of text", bytes as f64 / 1e6);
    Ok(())
}
