//! The sample corpus shipped in the binary, indexed when a data directory is empty so the
//! first question works with no set-up: the seed article the product was conceived from,
//! and 24 Wikinews articles (CC BY 2.5, credited by their URLs; see the README).
//! Calls `super::loader` only.

use super::loader::{self, parse_text_article};
use super::{Document, LoadOptions};

const SEED_ARTICLE: &str = include_str!("sample/seed-article.txt");
const WIKINEWS: &str = include_str!("sample/wikinews.jsonl");

/// The id of the seed article in the sample corpus.
pub const SEED_ID: &str = "sample-seed-summit";

/// The seed article alone, with the given publication date (none by default).
pub fn seed_article(published: Option<chrono::NaiveDate>) -> Document {
    let mut doc = parse_text_article("seed", SEED_ARTICLE, &LoadOptions { published })
        .expect("the bundled seed article is valid");
    doc.id = super::DocId(SEED_ID.to_string());
    doc.title = Some("Plans for a Trump–Putin summit in Budapest in doubt".to_string());
    doc.source = Some("whosaid sample".to_string());
    doc
}

/// Every document of the sample corpus.
pub fn documents() -> Vec<Document> {
    let mut docs = vec![seed_article(None)];
    let opts = LoadOptions::default();
    docs.extend(WIKINEWS.lines().filter(|l| !l.trim().is_empty()).map(|l| {
        loader::parse_jsonl_line(l, &opts).expect("the bundled Wikinews lines are valid")
    }));
    docs
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_sample_corpus_loads() {
        let docs = super::documents();
        assert_eq!(docs.len(), 25);
        assert!(docs[1..]
            .iter()
            .all(|d| d.url.as_deref().is_some_and(|u| u.contains("wikinews.org"))));
    }
}
