//! A query for "these records, ranked by those words": the records matching a required
//! query, each scored by it plus the optional clauses it matches. What a tantivy
//! `BooleanQuery` of `Must` and `Should` clauses answers, in the same order with the same
//! scores, without its way of scoring the optional clauses: it merges them through a buffer
//! of 4,096 documents, which it clears and refills (scoring every optional match in the
//! next 4,096 documents) each time the required records jump further than that. A
//! speaker's records are few and far apart in a large index, so nearly every one of them
//! cost a refill: at 1M articles that was the most of a "when did X say Y" question.
//! Here each optional clause is moved to the required record and scored there alone.
//!
//! Used by `retrieve` (statements of a speaker, passages in a time window); knows nothing
//! of the schema.

use tantivy::query::{
    EmptyScorer, EnableScoring, Explanation, Query, RequiredOptionalScorer, Scorer, SumCombiner,
    Weight,
};
use tantivy::{DocId, DocSet, Score, SegmentReader, TantivyError, Term, TERMINATED};

/// The records matching `required`, scored as `BooleanQuery::new` scores `required` as its
/// `Must` clause (several of them: a `BooleanQuery` of them) beside `optional` as its
/// `Should` clauses: the required score, plus the sum of the optional clauses' scores
/// (added in their order) when any matches.
pub struct ScoredWithin {
    required: Box<dyn Query>,
    optional: Vec<Box<dyn Query>>,
}

impl ScoredWithin {
    pub fn new(required: Box<dyn Query>, optional: Vec<Box<dyn Query>>) -> Self {
        Self { required, optional }
    }
}

impl Clone for ScoredWithin {
    fn clone(&self) -> Self {
        Self {
            required: self.required.box_clone(),
            optional: self.optional.iter().map(|q| q.box_clone()).collect(),
        }
    }
}

impl std::fmt::Debug for ScoredWithin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ScoredWithin")
            .field("required", &self.required)
            .field("optional", &self.optional)
            .finish()
    }
}

impl Query for ScoredWithin {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(ScoredWithinWeight {
            required: self.required.weight(enable_scoring)?,
            optional: self
                .optional
                .iter()
                .map(|q| q.weight(enable_scoring))
                .collect::<tantivy::Result<_>>()?,
            scoring: enable_scoring.is_scoring_enabled(),
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.required.query_terms(visitor);
        for q in &self.optional {
            q.query_terms(visitor);
        }
    }
}

struct ScoredWithinWeight {
    required: Box<dyn Weight>,
    optional: Vec<Box<dyn Weight>>,
    /// Without scoring (records ordered by a fast field) the optional clauses change
    /// nothing and are not read.
    scoring: bool,
}

impl Weight for ScoredWithinWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let required = self.required.scorer(reader, boost)?;
        if !self.scoring || required.doc() == TERMINATED {
            return Ok(required);
        }
        let mut optional = Vec::with_capacity(self.optional.len());
        for weight in &self.optional {
            let scorer = weight.scorer(reader, boost)?;
            if scorer.doc() != TERMINATED {
                optional.push(scorer);
            }
        }
        if optional.is_empty() {
            return Ok(required);
        }
        Ok(Box::new(RequiredOptionalScorer::<_, _, SumCombiner>::new(
            required,
            SumUnion::new(optional),
        )))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        explain_by_scoring(
            self.scorer(reader, 1.0)?,
            doc,
            "required score plus the optional matches'",
        )
    }
}

/// The records matching any of `queries`, each scored by the sum of the scores of those it
/// matches (added in their order): what a `BooleanQuery` of `Should` clauses matches and
/// scores, through [`SumUnion`] instead of tantivy's buffered union. For a clause of a
/// conjunction that is moved far ahead at every step (a speaker's keys beside a topic
/// word). Only where the conjunction's sum does not depend on the order of its clauses
/// (two clauses): tantivy orders them by cost, and a buffered union's cost shrinks as it
/// drops exhausted postings, which [`SumUnion`] does not.
#[derive(Debug)]
pub struct AnyOf {
    queries: Vec<Box<dyn Query>>,
}

impl AnyOf {
    pub fn new(queries: Vec<Box<dyn Query>>) -> Self {
        Self { queries }
    }
}

impl Clone for AnyOf {
    fn clone(&self) -> Self {
        Self {
            queries: self.queries.iter().map(|q| q.box_clone()).collect(),
        }
    }
}

impl Query for AnyOf {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(AnyOfWeight {
            weights: self
                .queries
                .iter()
                .map(|q| q.weight(enable_scoring))
                .collect::<tantivy::Result<_>>()?,
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for q in &self.queries {
            q.query_terms(visitor);
        }
    }
}

struct AnyOfWeight {
    weights: Vec<Box<dyn Weight>>,
}

impl Weight for AnyOfWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let mut scorers = Vec::with_capacity(self.weights.len());
        for weight in &self.weights {
            let scorer = weight.scorer(reader, boost)?;
            if scorer.doc() != TERMINATED {
                scorers.push(scorer);
            }
        }
        Ok(match scorers.len() {
            0 => Box::new(EmptyScorer),
            1 => scorers.remove(0),
            _ => Box::new(SumUnion::new(scorers)),
        })
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        explain_by_scoring(
            self.scorer(reader, 1.0)?,
            doc,
            "sum of the matching clauses",
        )
    }
}

fn explain_by_scoring(
    mut scorer: Box<dyn Scorer>,
    doc: DocId,
    what: &'static str,
) -> tantivy::Result<Explanation> {
    if scorer.seek(doc) != doc {
        return Err(TantivyError::InvalidArgument(format!(
            "document {doc} does not match"
        )));
    }
    Ok(Explanation::new(what, scorer.score()))
}

/// The union of `scorers`, moved only on demand: no buffer, so a jump costs only the
/// scorers' own seeks. Its score is the sum of the scores of the scorers on the document,
/// added in their order from 0, as tantivy's buffered union adds them.
struct SumUnion {
    scorers: Vec<Box<dyn Scorer>>,
    doc: DocId,
}

impl SumUnion {
    fn new(scorers: Vec<Box<dyn Scorer>>) -> Self {
        let doc = scorers.iter().map(|s| s.doc()).min().unwrap_or(TERMINATED);
        Self { scorers, doc }
    }
}

impl DocSet for SumUnion {
    fn advance(&mut self) -> DocId {
        let current = self.doc;
        let mut next = TERMINATED;
        for s in &mut self.scorers {
            let d = if s.doc() == current {
                s.advance()
            } else {
                s.doc()
            };
            next = next.min(d);
        }
        self.doc = next;
        next
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        let mut next = TERMINATED;
        for s in &mut self.scorers {
            let d = if s.doc() < target {
                s.seek(target)
            } else {
                s.doc()
            };
            next = next.min(d);
        }
        self.doc = next;
        next
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.scorers
            .iter()
            .map(|s| s.size_hint())
            .max()
            .unwrap_or(0)
    }

    fn cost(&self) -> u64 {
        self.scorers.iter().map(|s| s.cost()).sum()
    }
}

impl Scorer for SumUnion {
    fn score(&mut self) -> Score {
        let doc = self.doc;
        let mut sum: Score = 0.0;
        for s in &mut self.scorers {
            if s.doc() == doc {
                sum += s.score();
            }
        }
        sum
    }
}

#[cfg(test)]
mod tests {
    use tantivy::collector::TopDocs;
    use tantivy::query::{BooleanQuery, BoostQuery, Occur, TermQuery};
    use tantivy::schema::{IndexRecordOption, Schema, STRING, TEXT};
    use tantivy::{doc, Index, IndexWriter};

    use super::*;

    /// An index of `n` documents in one segment: every one has a speaker ("ana" and "cy"
    /// rare, thousands of documents apart; "ben" and "dee" every other one), some say some
    /// of the words, some several times.
    fn index(n: usize) -> (Index, tantivy::schema::Field, tantivy::schema::Field) {
        let mut b = Schema::builder();
        let who = b.add_text_field("who", STRING);
        let text = b.add_text_field("text", TEXT);
        let index = Index::create_in_ram(b.build());
        let mut w: IndexWriter = index.writer_with_num_threads(1, 20_000_000).unwrap();
        let words = ["budget", "tax", "war", "peace", "vote"];
        for i in 0..n {
            let speaker = match i {
                _ if i % 4_999 == 0 => "ana",
                _ if i % 3_001 == 0 => "cy",
                _ if i % 2 == 0 => "ben",
                _ => "dee",
            };
            let mut said = String::new();
            for (k, word) in words.iter().enumerate() {
                if (i * (k + 3) + k) % (k + 2) == 0 {
                    for _ in 0..(1 + (i + k) % 3) {
                        said.push_str(word);
                        said.push(' ');
                    }
                }
                said.push_str("filler ");
            }
            w.add_document(doc!(who => speaker, text => said)).unwrap();
        }
        w.commit().unwrap();
        (index, who, text)
    }

    fn term(field: tantivy::schema::Field, word: &str, boost: f32) -> Box<dyn Query> {
        Box::new(BoostQuery::new(
            Box::new(TermQuery::new(
                Term::from_field_text(field, word),
                IndexRecordOption::WithFreqs,
            )),
            boost,
        ))
    }

    #[test]
    fn ranks_as_a_boolean_query_of_must_and_should_clauses() {
        let (index, who, text) = index(30_000);
        let searcher = index.reader().unwrap().searcher();
        // Records thousands of documents apart, and records side by side.
        for names in [&["ana", "cy"][..], &["ben"], &["cy", "dee"]] {
            same_as_boolean(&searcher, names, who, text);
        }
    }

    fn same_as_boolean(
        searcher: &tantivy::Searcher,
        names: &[&str],
        who: tantivy::schema::Field,
        text: tantivy::schema::Field,
    ) {
        let speakers = || -> Box<dyn Query> {
            Box::new(BooleanQuery::new(
                names
                    .iter()
                    .map(|n| (Occur::Should, term(who, n, 1.0)))
                    .collect(),
            ))
        };
        let words = || -> Vec<Box<dyn Query>> {
            vec![
                term(text, "budget", 2.0),
                term(text, "war", 1.0),
                term(text, "vote", 0.5),
                term(text, "absent", 1.0),
            ]
        };
        let mut boolean: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, speakers())];
        boolean.extend(words().into_iter().map(|q| (Occur::Should, q)));
        let top = TopDocs::with_limit(500).order_by_score();
        let want = searcher.search(&BooleanQuery::new(boolean), &top).unwrap();
        let got = searcher
            .search(&ScoredWithin::new(speakers(), words()), &top)
            .unwrap();
        assert!(!want.is_empty());
        assert_eq!(got, want, "{names:?}");
    }

    #[test]
    fn any_of_matches_and_scores_as_a_boolean_query_of_should_clauses_beside_a_word() {
        let (index, who, text) = index(30_000);
        let searcher = index.reader().unwrap().searcher();
        let top = TopDocs::with_limit(500).order_by_score();
        for names in [&["ana", "cy"][..], &["ben", "dee"], &["cy", "dee", "ana"]] {
            let keys = || names.iter().map(|n| term(who, n, 1.0)).collect::<Vec<_>>();
            let should = keys().into_iter().map(|q| (Occur::Should, q)).collect();
            let with = |speaker: Box<dyn Query>| {
                BooleanQuery::new(vec![
                    (Occur::Must, term(text, "war", 1.0)),
                    (Occur::Must, speaker),
                ])
            };
            let want = searcher
                .search(&with(Box::new(BooleanQuery::new(should))), &top)
                .unwrap();
            let got = searcher
                .search(&with(Box::new(AnyOf::new(keys()))), &top)
                .unwrap();
            assert!(!want.is_empty());
            assert_eq!(got, want, "{names:?}");
        }
    }
}
