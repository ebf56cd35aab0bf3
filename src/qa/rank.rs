//! Ranking candidates beyond BM25: the verb asked about, the share of the question's topic
//! words a statement covers, direct quotes over paraphrase, and a time for "when"
//! questions. A statement whose content points back to nothing found ("The Kremlin echoed
//! this sentiment", with no statement before it) ranks below every statement that says
//! something, and stays out of an answer that has one. Ties are broken by date, article and
//! position, so answers are deterministic.
//! Calls `index` and `nlp` types, and `qa`'s question, synonyms and stop words.

use std::cmp::Ordering;

use super::retrieve::is_stopword;
use super::understand::Question;
use crate::index::{StoredPassage, StoredStatement};
use crate::nlp::StatementKind;

/// The question's topic words, lowercased, stop words dropped.
pub fn content_words(topic: &str) -> Vec<String> {
    topic
        .split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .map(str::to_lowercase)
        .filter(|w| !w.is_empty() && !is_stopword(w))
        .collect()
}

/// The words a candidate must share with a topic to be about it: its content words less
/// negations and modal verbs, which are in half the sentences of any corpus ("there was no
/// timeline" is about a timeline).
pub fn topic_words(topic: &str) -> Vec<String> {
    let lex = crate::nlp::lexicon::lexicon();
    content_words(topic)
        .into_iter()
        .filter(|w| !lex.modal_words.contains(w))
        .collect()
}

/// Whether `text` holds one of `words` (compared by stem).
pub fn shares_word(words: &[String], text: &str) -> bool {
    coverage(words, text) > 0.0
}

/// A crude stem for overlap counting: the first five letters ("meeting" ~ "meet").
fn stem(w: &str) -> String {
    w.chars().take(5).collect()
}

/// A text's content words, lowercased, in order ([`content_words`]), with their stems
/// ([`stem`]), kept in one buffer (ranking runs this over every candidate, so per-word
/// strings cost).
struct Stems {
    buf: String,
    /// Each word's span in `buf`, and where its stem ends.
    at: Vec<(usize, usize, usize)>,
}

impl Stems {
    fn of(text: &str) -> Stems {
        if !text.is_ascii() {
            let mut buf = String::new();
            let mut at = Vec::new();
            for w in content_words(text) {
                let start = buf.len();
                let stem_len = stem(&w).len();
                buf.push_str(&w);
                at.push((start, buf.len(), start + stem_len));
            }
            return Stems { buf, at };
        }
        // ASCII: lowercasing the whole text is lowercasing each word, and five letters
        // are five bytes.
        let buf = text.to_ascii_lowercase();
        let base = buf.as_ptr() as usize;
        let at = buf
            .split(|c: char| !(c.is_alphanumeric() || c == '-'))
            .filter(|w| !w.is_empty() && !is_stopword(w))
            .map(|w| {
                let start = w.as_ptr() as usize - base;
                (start, start + w.len(), start + w.len().min(5))
            })
            .collect();
        Stems { buf, at }
    }

    /// The stem of the `i`th word.
    fn get(&self, i: usize) -> &str {
        self.at.get(i).map_or("", |&(a, _, s)| &self.buf[a..s])
    }

    /// The `i`th word as written (lowercased).
    fn word(&self, i: usize) -> &str {
        self.at.get(i).map_or("", |&(a, b, _)| &self.buf[a..b])
    }

    fn contains(&self, stem: &str) -> bool {
        (0..self.at.len()).any(|i| self.get(i) == stem)
    }

    fn contains_word(&self, word: &str) -> bool {
        (0..self.at.len()).any(|i| self.word(i) == word)
    }
}

/// The share of `words` found in `text`.
fn coverage(words: &[String], text: &str) -> f32 {
    if words.is_empty() {
        return 0.0;
    }
    let have = Stems::of(text);
    let hit = words.iter().filter(|w| have.contains(&stem(w))).count();
    hit as f32 / words.len() as f32
}

/// How well a holder's roles fit the role asked for, 0.5 to 1: the head (the last word)
/// they hold already; each describing word they also hold ("renewable fuels association
/// director" against "executive director of the Iowa Renewable Fuels Association") adds
/// its share of the other half.
pub fn role_fit(asked: &str, roles: &str) -> f32 {
    let words = content_words(asked);
    match words.split_last() {
        Some((_, describing)) if !describing.is_empty() => 0.5 + 0.5 * coverage(describing, roles),
        _ => 1.0,
    }
}

/// The share of `words` found in `text`, a word found only through one of its synonyms
/// (`families[i]`, already stemmed, for `words[i]`) counting half, each word counting by its
/// weight (`weights[i]`; all alike when `weights` is empty).
fn coverage_in_other_words(
    words: &[String],
    families: &[Vec<String>],
    weights: &[f32],
    have: &Stems,
) -> f32 {
    if words.is_empty() {
        return 0.0;
    }
    let weight = |i: usize| weights.get(i).copied().unwrap_or(1.0);
    let hit: f32 = words
        .iter()
        .zip(families)
        .enumerate()
        .map(|(i, (w, family))| {
            let found = if have.contains(&stem(w)) {
                1.0
            } else if family.iter().any(|s| have.contains(s)) {
                0.5
            } else {
                0.0
            };
            found * weight(i)
        })
        .sum();
    let total: f32 = (0..words.len()).map(weight).sum();
    if total > 0.0 {
        hit / total
    } else {
        0.0
    }
}

/// Whether a statement's cue is the verb asked about.
fn cue_matches(asked: Option<&str>, cue: Option<&str>) -> bool {
    let (Some(asked), Some(cue)) = (asked, cue) else {
        return false;
    };
    let asked_base = asked.split_whitespace().next().unwrap_or("");
    let lex = crate::nlp::lexicon::lexicon();
    cue.split_whitespace()
        .filter_map(|w| lex.verb_lemma(&w.to_lowercase()))
        .any(|b| b == asked_base)
}

/// Whether any of `texts` says anything about the question's topic: one of its content
/// words in it. With no topic, everything does. Words related to the verb do not count: "did
/// Manafort talk about falconry" is not answered by his "conversations".
pub fn on_topic(q: &Question, texts: &[&str]) -> bool {
    // Names in the topic rank by who is mentioned (an article may spell them otherwise);
    // the other words decide what it is about.
    // Only names written as names: in a lowercase question a dictionary hit may be a common
    // noun the corpus once capitalised ("bridge").
    let names: Vec<String> = q
        .others
        .iter()
        .filter(|n| n.text.chars().next().is_some_and(char::is_uppercase))
        .flat_map(|n| content_words(&n.text))
        .collect();
    let words: Vec<String> = content_words(&q.topic)
        .into_iter()
        .filter(|w| !names.contains(w))
        .collect();
    words.is_empty() || texts.iter().any(|t| coverage(&words, t) > 0.0)
}

/// [`on_topic`] for a statement: its content or its sentence.
pub fn topical(q: &Question, st: &StoredStatement) -> bool {
    on_topic(q, &[&st.content, &st.sentence])
}

/// A content of at most this many words says next to nothing on its own.
const TOO_SHORT_TO_SAY: usize = 2;
/// What such a content loses in rank: as much as the BM25 share, so a statement that says
/// something and holds the words asked comes first.
const TOO_SHORT_PENALTY: f32 = 2.0;

/// Rank statements, best first, duplicates removed. Each topic word (of [`content_words`])
/// counts by its weight in `weights` (all alike when empty) in the share a statement covers.
pub fn statements(
    found: Vec<(f32, StoredStatement)>,
    q: &Question,
    other_keys: &[String],
    weights: &[f32],
) -> Vec<(f32, StoredStatement)> {
    let words = content_words(&q.topic);
    // Each topic word with its synonyms: a statement in other words covers it at half.
    let families: Vec<Vec<String>> = words
        .iter()
        .map(|w| {
            super::synonyms::expand(std::slice::from_ref(w))
                .iter()
                .map(|s| stem(s))
                .collect()
        })
        .collect();
    // The words asked about in their order: "who said I'm not satisfied, but a lot of
    // other people are" is best answered by the statement that says it in those words.
    let stems: Vec<String> = words.iter().map(|w| stem(w)).collect();
    let pairs: Vec<(&str, &str)> = stems
        .windows(2)
        .map(|p| (p[0].as_str(), p[1].as_str()))
        .collect();
    let top = max_score(found.iter().map(|(s, _)| *s));
    let mut scored: Vec<(f32, StoredStatement)> = found
        .into_iter()
        .map(|(bm25, st)| {
            let mut score = 2.0 * bm25 / top;
            // A content of a word or two ("Cruz blasted CNN": "CNN") says next to nothing,
            // and BM25's length norm puts it first for the word it is.
            if st.content.split_whitespace().count() <= TOO_SHORT_TO_SAY {
                score -= TOO_SHORT_PENALTY;
            }
            if !words.is_empty() {
                let content = Stems::of(&st.content);
                let covered = coverage_in_other_words(&words, &families, weights, &content);
                score += 4.0 * covered;
                // Word order, and the words as asked ("nominating a justice" over
                // "nominate justices"), only tell apart statements that hold most of them.
                if covered >= PAIRS_FROM_COVERAGE {
                    score += 2.0 * pair_share(&pairs, &content);
                    score += 1.0 * as_written_share(&words, &content);
                }
                let sentence = Stems::of(&st.sentence);
                score += 1.0 * coverage_in_other_words(&words, &families, weights, &sentence);
            }
            if cue_matches(q.cue.as_deref(), st.cue.as_deref()) {
                score += 3.0;
            }
            if st.kind == StatementKind::Direct {
                score += 0.3;
            }
            if !other_keys.is_empty() && st.speaker.is_none() {
                // An unattributed statement near the people asked about ("in the call
                // between Rubio and Lavrov") is what a passive question wants.
                score += 0.5;
            }
            (score, st)
        })
        .collect();
    scored.sort_by(best_first);
    let mut kept: Vec<(f32, StoredStatement)> = Vec::with_capacity(scored.len());
    for candidate in scored {
        if !kept.iter().any(|(_, k)| says_the_same(k, &candidate.1)) {
            kept.push(candidate);
        }
    }
    kept
}

/// Whether two statements are one said twice over: the same speaker in the same sentence,
/// one content holding the other ("said he believes redesigning the flag now has a strong
/// rationale" and the "believes" it nests). An answer cites it once: the one that fits the
/// question better. So is the same statement of the same speaker in two articles (a story
/// published again under another title).
fn says_the_same(a: &StoredStatement, b: &StoredStatement) -> bool {
    let same_speaker = match (&a.speaker, &b.speaker) {
        (Some(x), Some(y)) => x.eq_ignore_ascii_case(y),
        (None, None) => true,
        _ => false,
    };
    let nested = a.doc_id == b.doc_id
        && a.position == b.position
        && (a.content.contains(b.content.as_str()) || b.content.contains(a.content.as_str()));
    same_speaker && (nested || same_words(&a.content, &b.content))
}

/// Whether two texts are the same words, case and spacing aside.
fn same_words(a: &str, b: &str) -> bool {
    let mut a = a.split_whitespace();
    let mut b = b.split_whitespace();
    loop {
        match (a.next(), b.next()) {
            (None, None) => return true,
            (Some(x), Some(y)) if x.eq_ignore_ascii_case(y) => {}
            _ => return false,
        }
    }
}

/// Best first: a statement that says something before one whose content points back to
/// nothing found, then by score, then by date, article and position.
pub fn best_first(a: &(f32, StoredStatement), b: &(f32, StoredStatement)) -> Ordering {
    let says_nothing = |st: &StoredStatement| st.is_unresolved_anaphor();
    says_nothing(&a.1)
        .cmp(&says_nothing(&b.1))
        .then_with(|| compare_scored(a.0, b.0))
        .then_with(|| order_statements(&a.1, &b.1))
}

/// Leave out the statements whose content points back to nothing found when any other
/// says something: "The Kremlin echoed this sentiment" answers nothing beside a statement
/// that does. Alone, it stays: it is still what was found (and the index keeps it).
pub fn keep_out_unresolved(list: &mut Vec<(f32, StoredStatement)>) {
    if list.iter().any(|(_, st)| !st.is_unresolved_anaphor()) {
        list.retain(|(_, st)| !st.is_unresolved_anaphor());
    }
}

/// Rank passages, best first; `want_time` favours sentences that say when.
pub fn passages(
    found: Vec<(f32, StoredPassage)>,
    q: &Question,
    _keys: &[String],
    want_time: bool,
) -> Vec<(f32, StoredPassage)> {
    let mut words = content_words(&q.topic);
    for n in q.names() {
        words.extend(content_words(&n.text));
    }
    let event = related_words(q);
    let top = max_score(found.iter().map(|(s, _)| *s));
    let mut scored: Vec<(f32, StoredPassage)> = found
        .into_iter()
        .map(|(bm25, p)| {
            let mut score = 2.0 * bm25 / top
                + 3.0 * coverage(&words, &p.text)
                + 2.0 * adjacency(&words, &p.text);
            if !event.is_empty() && coverage(&event, &p.text) > 0.0 {
                score += 2.0;
            }
            if want_time && p.when.as_ref().is_some_and(|w| !w.text.is_empty()) {
                score += 4.0;
            }
            (score, p)
        })
        .collect();
    scored.sort_by(|a, b| {
        compare_scored(a.0, b.0)
            .then_with(|| b.1.published.cmp(&a.1.published))
            .then_with(|| a.1.doc_id.cmp(&b.1.doc_id))
            .then_with(|| a.1.position.cmp(&b.1.position))
    });
    scored
}

/// The verb asked about and the words news uses for the same event.
fn related_words(q: &Question) -> Vec<String> {
    let mut words = super::synonyms::related(q.cue.as_deref());
    if let Some(cue) = &q.cue {
        words.extend(content_words(cue));
    }
    words
}

/// The largest score, for normalising BM25 against the other signals (never zero).
fn max_score(scores: impl Iterator<Item = f32>) -> f32 {
    scores.fold(f32::EPSILON, f32::max)
}

/// 1.0 when two consecutive question words stand next to each other in the text.
fn adjacency(words: &[String], text: &str) -> f32 {
    if words.len() < 2 {
        return 0.0;
    }
    let have = Stems::of(text);
    let pairs = words.windows(2).filter(|p| {
        let (a, b) = (stem(&p[0]), stem(&p[1]));
        (1..have.at.len()).any(|i| have.get(i - 1) == a && have.get(i) == b)
    });
    if pairs.count() > 0 {
        1.0
    } else {
        0.0
    }
}

/// The share of `words` (lowercased) that a text holds as written, not only by stem.
fn as_written_share(words: &[String], have: &Stems) -> f32 {
    if words.is_empty() {
        return 0.0;
    }
    let hit = words.iter().filter(|w| have.contains_word(w)).count();
    hit as f32 / words.len() as f32
}

/// The share of the topic's words a statement must hold before their order counts.
const PAIRS_FROM_COVERAGE: f32 = 0.5;

/// The share of `pairs` (consecutive question words, stemmed) that stand next to each other
/// among the text's content words.
fn pair_share(pairs: &[(&str, &str)], have: &Stems) -> f32 {
    if pairs.is_empty() {
        return 0.0;
    }
    let found = pairs
        .iter()
        .filter(|(a, b)| (1..have.at.len()).any(|i| have.get(i - 1) == *a && have.get(i) == *b))
        .count();
    found as f32 / pairs.len() as f32
}

/// Order by when said (or published), then article and position: a timeline.
pub fn by_time(list: &mut [(f32, StoredStatement)]) {
    list.sort_by(|a, b| {
        time_key(&a.1)
            .cmp(&time_key(&b.1))
            .then_with(|| a.1.doc_id.cmp(&b.1.doc_id))
            .then_with(|| a.1.position.cmp(&b.1.position))
    });
}

fn time_key(st: &StoredStatement) -> Option<chrono::NaiveDate> {
    st.when.as_ref().and_then(|w| w.start).or(st.published)
}

fn compare_scored(a: f32, b: f32) -> Ordering {
    b.partial_cmp(&a).unwrap_or(Ordering::Equal)
}

fn order_statements(a: &StoredStatement, b: &StoredStatement) -> Ordering {
    b.published
        .cmp(&a.published)
        .then_with(|| a.doc_id.cmp(&b.doc_id))
        .then_with(|| a.position.cmp(&b.position))
        // Two statements of one sentence: any fixed order, not the index's layout.
        .then_with(|| a.content.cmp(&b.content))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_role_fits_by_the_describing_words_its_holder_has() {
        let asked = "renewable fuels association director";
        let shaw = "executive director of the Iowa Renewable Fuels Association";
        let other = "director of the VOA Eurasian division";
        assert_eq!(role_fit(asked, shaw), 1.0);
        assert_eq!(role_fit(asked, other), 0.5);
        assert!(role_fit(asked, "director of renewable energy") < 1.0);
        // A role of one word: every holder fits.
        assert_eq!(role_fit("pollster", "Republican pollster"), 1.0);
    }

    fn old_stems(text: &str) -> Vec<String> {
        content_words(text).iter().map(|w| stem(w)).collect()
    }

    #[test]
    fn stems_are_the_stemmed_content_words() {
        for text in [
            "The Meeting in Geneva was productive, officials said.",
            "U.S.-Russia talks: a re-set?",
            "Zelenskyy’s office said the ÉTATS meeting was postponed",
            "",
            "the of a",
        ] {
            let s = Stems::of(text);
            let got: Vec<&str> = (0..s.at.len()).map(|i| s.get(i)).collect();
            assert_eq!(got, old_stems(text), "{text}");
            let words: Vec<&str> = (0..s.at.len()).map(|i| s.word(i)).collect();
            assert_eq!(words, content_words(text), "{text}");
        }
    }

    #[test]
    fn words_as_written_count_beside_their_stems() {
        let asked = content_words("nominating a Supreme Court justice");
        let same = Stems::of("Nominating a Supreme Court justice is a legacy");
        let stemmed = Stems::of("he would nominate Supreme Court justices");
        assert_eq!(as_written_share(&asked, &same), 1.0);
        assert_eq!(as_written_share(&asked, &stemmed), 0.5);
        assert_eq!(
            coverage(&asked, "he would nominate Supreme Court justices"),
            1.0
        );
    }

    fn stored(content: &str, anaphor: bool, antecedent: Option<&str>) -> StoredStatement {
        StoredStatement {
            doc_id: "d1".to_string(),
            speaker: Some("Kremlin".to_string()),
            speaker_keys: Vec::new(),
            role: None,
            cue: Some("echoed".to_string()),
            content: content.to_string(),
            sentence: String::new(),
            kind: StatementKind::Indirect,
            setting: None,
            when: None,
            position: 0,
            published: None,
            anaphor,
            antecedent: antecedent.map(str::to_string),
        }
    }

    #[test]
    fn content_that_points_back_to_nothing_ranks_last_and_stays_out_beside_better() {
        let unresolved = stored("this sentiment", true, None);
        let resolved = stored("this sentiment", true, Some("that talks were needed"));
        let plain = stored("there is no set timeline for a summit", false, None);
        let mut list = vec![
            (9.0, unresolved.clone()),
            (1.0, plain.clone()),
            (2.0, resolved.clone()),
        ];
        list.sort_by(best_first);
        let order: Vec<(bool, Option<&str>)> = list
            .iter()
            .map(|(_, s)| (s.anaphor, s.antecedent.as_deref()))
            .collect();
        assert_eq!(
            order,
            [
                (true, Some("that talks were needed")),
                (false, None),
                (true, None)
            ]
        );
        keep_out_unresolved(&mut list);
        assert_eq!(list.len(), 2);
        assert!(list.iter().all(|(_, s)| !s.is_unresolved_anaphor()));
        // Alone, it is still what was found.
        let mut alone = vec![(1.0, unresolved)];
        keep_out_unresolved(&mut alone);
        assert_eq!(alone.len(), 1);
    }

    #[test]
    fn a_statement_nested_in_another_or_printed_again_is_cited_once() {
        let outer = stored(
            "he believes redesigning the flag now has a strong rationale",
            false,
            None,
        );
        let inner = stored(
            "redesigning the flag now has a strong rationale",
            false,
            None,
        );
        let later = StoredStatement {
            position: 4,
            content: "the old flag has served us well".to_string(),
            ..inner.clone()
        };
        // The same story published again under another title.
        let reprinted = StoredStatement {
            doc_id: "d2".to_string(),
            content: "He believes redesigning the flag  now has a strong rationale".to_string(),
            ..inner.clone()
        };
        let other_speaker = StoredStatement {
            speaker: Some("Helen Clark".to_string()),
            ..inner.clone()
        };
        let q = Question::from_fields(crate::qa::Intent::WhatSaid, "Kremlin", Some("flag"));
        let ranked = statements(
            vec![
                (1.0, outer),
                (1.0, inner.clone()),
                (1.0, later),
                (1.0, reprinted),
                (1.0, other_speaker),
            ],
            &q,
            &[],
            &[],
        );
        let kept: Vec<(u64, Option<&str>)> = ranked
            .iter()
            .map(|(_, s)| (s.position, s.speaker.as_deref()))
            .collect();
        assert_eq!(kept.len(), 3, "{kept:?}");
        assert!(kept.contains(&(4, Some("Kremlin"))));
        assert!(kept.contains(&(0, Some("Helen Clark"))));
    }

    #[test]
    fn a_content_of_a_word_or_two_yields_to_one_that_says_something() {
        let bare = stored("CNN", false, None);
        let full = StoredStatement {
            position: 2,
            ..stored(
                "his campaign had misinterpreted a CNN report about Carson",
                false,
                None,
            )
        };
        let q = Question::from_fields(crate::qa::Intent::WhatSaid, "Kremlin", Some("cnn"));
        // BM25's length norm scores the bare name higher.
        let ranked = statements(vec![(3.0, bare), (2.0, full)], &q, &[], &[]);
        assert_eq!(ranked[0].1.position, 2);
    }

    #[test]
    fn coverage_and_adjacency_count_stems() {
        let words = content_words("peace summit");
        assert_eq!(coverage(&words, "The summit on peace"), 1.0);
        assert_eq!(coverage(&words, "A summit"), 0.5);
        assert_eq!(adjacency(&words, "for the peace summits"), 1.0);
        assert_eq!(adjacency(&words, "summit for peace"), 0.0);
    }

    #[test]
    fn a_rare_word_covered_counts_for_more_than_a_common_one() {
        let words = content_words("waterboarding nothing");
        let families = vec![Vec::new(), Vec::new()];
        let rare = Stems::of("waterboarding is peanuts");
        let common = Stems::of("it will do nothing");
        assert_eq!(coverage_in_other_words(&words, &families, &[], &rare), 0.5);
        assert_eq!(
            coverage_in_other_words(&words, &families, &[], &common),
            0.5
        );
        let weights = [3.0, 1.0];
        assert_eq!(
            coverage_in_other_words(&words, &families, &weights, &rare),
            0.75
        );
        assert_eq!(
            coverage_in_other_words(&words, &families, &weights, &common),
            0.25
        );
    }

    #[test]
    fn a_rare_word_ranks_the_statement_that_says_it_first() {
        let q = Question::from_fields(
            crate::qa::Intent::WhoSaid,
            "",
            Some("waterboarding is nothing next to ISIS"),
        );
        let rare = stored(
            "waterboarding is peanuts compared to the Islamic State",
            false,
            None,
        );
        let common = stored("calling ISIS another name will do nothing", false, None);
        let found = || vec![(1.0, rare.clone()), (1.0, common.clone())];
        let first = |ranked: Vec<(f32, StoredStatement)>| ranked[0].1.content.clone();
        // Alike, two words of four beat one.
        assert_eq!(first(statements(found(), &q, &[], &[])), common.content);
        assert_eq!(
            first(statements(found(), &q, &[], &[8.0, 2.0, 3.0, 4.0])),
            rare.content
        );
    }

    #[test]
    fn pair_share_counts_question_words_standing_together() {
        let stems: Vec<String> = content_words("not satisfied, but a lot of other people are")
            .iter()
            .map(|w| stem(w))
            .collect();
        let pairs: Vec<(&str, &str)> = stems
            .windows(2)
            .map(|p| (p[0].as_str(), p[1].as_str()))
            .collect();
        let said = "I'm not satisfied, but a lot of other people are satisfied";
        assert_eq!(pair_share(&pairs, &Stems::of(said)), 1.0);
        let share = pair_share(&pairs, &Stems::of("other people are not satisfied a lot"));
        assert!(share > 0.0 && share < 1.0, "{share}");
        assert_eq!(pair_share(&[], &Stems::of(said)), 0.0);
    }
}
