//! Cheap topic expansion: the nouns and near-synonyms of the verbs people ask about, so
//! "when did Russia invade" finds "Russia's invasion" and "talk to" finds "a phone
//! conversation". [`related`] is a short hand-made list by design: each entry is a common way
//! news words an event. [`of_word`] and [`expand`] cover the rest of the vocabulary with
//! WordNet's word families ("halt" for "stop", "injure" for "hurt", "warning" for "warn").
//! Calls nothing else in the crate.
//!
//! The word families come from Princeton WordNet 3.0 (WordNet 3.0 Copyright 2006 by
//! Princeton University; its licence is in `WORDNET-LICENSE` beside this file), distilled by
//! `scripts/build_synonyms.py` into `wordnet.tsv`: one line `word<TAB>rel1 rel2 ...` for
//! each of ~16k common single-word lemmas (up to 8 synonyms from the word's most frequent
//! senses and its derived forms, most useful first), then one line `form<TAB>=lemma` for
//! each irregular inflection ("went" -> "go"). To regenerate it, with Debian's
//! `wordnet-base` package installed:
//!
//! ```text
//! python3 scripts/build_synonyms.py /usr/share/wordnet > src/qa/synonyms/wordnet.tsv
//! ```

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

/// Words related to a question's verb (in base form), to search with a lower weight.
pub fn related(verb: Option<&str>) -> Vec<String> {
    let words: &[&str] = match verb.unwrap_or("") {
        "talk" | "speak" | "talk about" | "speak about" => &[
            "conversation",
            "call",
            "phone",
            "spoke",
            "talks",
            "discussed",
            "discussion",
        ],
        "meet" => &["meeting", "summit", "met", "talks"],
        "invade" => &["invasion", "invaded"],
        "attack" => &["attack", "strike", "assault"],
        "propose" => &["proposal", "plan"],
        "suggest" => &["suggestion"],
        "call for" => &["urge", "demand", "call"],
        "warn" | "warn about" => &["warning"],
        "promise" | "pledge" | "vow" => &["promise", "pledge", "vow"],
        "announce" => &["announcement"],
        "criticize" | "criticise" => &["criticism", "criticized"],
        "resign" => &["resignation"],
        "elect" => &["election", "elected"],
        "sign" => &["signed", "signing", "agreement", "deal"],
        "visit" => &["visit", "trip"],
        "die" => &["death", "died", "killed"],
        "decide" => &["decision"],
        _ => &[],
    };
    words.iter().map(|w| w.to_string()).collect()
}

/// The distilled WordNet table (see the module comment for its format).
const WORDNET: &str = include_str!("wordnet.tsv");

/// How many related words [`expand`] adds for each topic word.
const EXPAND_PER_WORD: usize = 3;

/// The parsed table: headword -> its related words (space-separated, as in the file), and
/// irregular form -> headword.
struct Table {
    related: FxHashMap<&'static str, &'static str>,
    irregular: FxHashMap<&'static str, &'static str>,
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut related = FxHashMap::default();
        let mut irregular = FxHashMap::default();
        for line in WORDNET.lines() {
            let Some((word, rest)) = line.split_once('\t') else {
                continue;
            };
            match rest.strip_prefix('=') {
                Some(lemma) => irregular.insert(word, lemma),
                None => related.insert(word, rest),
            };
        }
        Table { related, irregular }
    })
}

/// The WordNet words related to `word` (lowercase; an inflected form is first reduced to its
/// lemma: "warned" -> "warn", "countries" -> "country", "went" -> "go"): synonyms from its
/// most frequent senses and its derived forms, most useful first, at most 8. Empty for a word
/// WordNet doesn't know or that has none.
pub fn of_word(word: &str) -> Vec<&'static str> {
    let t = table();
    lemma(t, word)
        .and_then(|l| t.related.get(l))
        .map(|rest| rest.split(' ').collect())
        .unwrap_or_default()
}

/// Whether `word` (lowercase) is a common English word, in any inflection: one WordNet's
/// table knows. Names people invent or misspell rarely are ("whitcombe"), topic words are
/// ("confused", "peace").
pub fn is_common_word(word: &str) -> bool {
    lemma(table(), word).is_some()
}

/// Related words to search besides the question's topic words: for each topic word, up to
/// [`EXPAND_PER_WORD`] of [`of_word`]'s, skipping the word itself, forms of it a stemmer
/// finds anyway (sharing its first 5 letters, or its lemma's) and topic words, deduplicated,
/// in order.
pub fn expand(topic_words: &[String]) -> Vec<String> {
    let t = table();
    let topic: Vec<String> = topic_words.iter().map(|w| w.to_lowercase()).collect();
    let mut out: Vec<String> = Vec::new();
    for word in &topic {
        let Some(base) = lemma(t, word) else {
            continue;
        };
        let Some(rest) = t.related.get(base) else {
            continue;
        };
        let fresh = rest.split(' ').filter(|r| {
            !same_stem(r, word)
                && !same_stem(r, base)
                && !topic.iter().any(|w| w == r)
                && !out.iter().any(|o| o == r)
        });
        let picked: Vec<String> = fresh.take(EXPAND_PER_WORD).map(str::to_string).collect();
        out.extend(picked);
    }
    out
}

/// Whether two words share their first 5 letters (all of the shorter one's, if less).
fn same_stem(a: &str, b: &str) -> bool {
    let common = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    common >= 5.min(a.len()).min(b.len())
}

/// The headword of the table that `word` is a form of: the word itself, its irregular
/// lemma, or the first regular reading (plural, past, participle, comparative) that is one.
fn lemma(t: &Table, word: &str) -> Option<&'static str> {
    if let Some((key, _)) = t.related.get_key_value(word) {
        return Some(key);
    }
    if let Some(lemma) = t.irregular.get(word) {
        return Some(lemma);
    }
    regular_lemmas(word)
        .into_iter()
        .find_map(|c| t.related.get_key_value(c.as_str()).map(|(key, _)| *key))
}

/// The possible lemmas of a regularly inflected word, the likeliest first.
fn regular_lemmas(word: &str) -> Vec<String> {
    let mut out = Vec::new();
    if !word.is_ascii() || word.len() < 4 {
        return out;
    }
    for (suffix, lemma_end) in [
        ("ies", "y"),
        ("ied", "y"),
        ("men", "man"),
        ("iest", "y"),
        ("ier", "y"),
    ] {
        if let Some(stem) = word.strip_suffix(suffix) {
            out.push(format!("{stem}{lemma_end}"));
        }
    }
    if let Some(stem) = word.strip_suffix("es") {
        // "uses" -> "use" before "boxes" -> "box".
        out.push(format!("{stem}e"));
        out.push(stem.to_string());
    } else if let Some(stem) = word.strip_suffix('s') {
        if !stem.ends_with('s') {
            out.push(stem.to_string());
        }
    }
    for suffix in ["ing", "ed", "est", "er"] {
        if let Some(stem) = word.strip_suffix(suffix) {
            push_stem(&mut out, stem);
        }
    }
    out
}

/// The lemmas a stem left by -ed, -ing, -er or -est may stand for: "hop" (from "hoped")
/// reads as "hope" first, "stopp" (from "stopped") as "stop", "want" as itself.
fn push_stem(out: &mut Vec<String>, stem: &str) {
    let b = stem.as_bytes();
    if b.is_empty() {
        return;
    }
    let vowel = |c: u8| b"aeiou".contains(&c);
    let n = b.len();
    // Consonant after a single vowel ("hop", "us"): most often a dropped silent e.
    let silent_e = !vowel(b[n - 1])
        && n >= 2
        && vowel(b[n - 2])
        && (n == 2 || !vowel(b[n - 3]))
        && !b"wxy".contains(&b[n - 1]);
    if silent_e {
        out.push(format!("{stem}e"));
        out.push(stem.to_string());
    } else {
        out.push(stem.to_string());
        out.push(format!("{stem}e"));
    }
    if n >= 2 && b[n - 1] == b[n - 2] && !vowel(b[n - 1]) {
        out.push(stem[..n - 1].to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_is_well_formed() {
        let mut headwords = 0;
        for (i, line) in WORDNET.lines().enumerate() {
            let (word, rest) = line
                .split_once('\t')
                .unwrap_or_else(|| panic!("line {} has no tab: {line:?}", i + 1));
            assert!(!rest.contains('\t'), "line {} has two tabs", i + 1);
            let alphabetic = |w: &str| !w.is_empty() && w.bytes().all(|c| c.is_ascii_lowercase());
            assert!(alphabetic(word), "line {}: headword {word:?}", i + 1);
            match rest.strip_prefix('=') {
                Some(lemma) => assert!(
                    table().related.contains_key(lemma),
                    "line {}: {word} -> {lemma}, not a headword",
                    i + 1
                ),
                None => {
                    headwords += 1;
                    let words: Vec<&str> = rest.split(' ').collect();
                    assert!(
                        (1..=8).contains(&words.len()),
                        "line {}: {} related",
                        i + 1,
                        words.len()
                    );
                    assert!(
                        words.iter().all(|w| alphabetic(w) && *w != word),
                        "line {}",
                        i + 1
                    );
                }
            }
        }
        assert_eq!(table().related.len(), headwords, "a headword is repeated");
        assert!(
            (10_000..=20_000).contains(&headwords),
            "{headwords} headwords"
        );
    }

    fn has_any(word: &str, any: &[&str]) -> bool {
        let related = of_word(word);
        any.iter().any(|w| related.contains(w))
    }

    #[test]
    fn verbs_of_news_events_have_their_families() {
        assert!(has_any("invade", &["invasion"]), "{:?}", of_word("invade"));
        assert!(
            has_any("warned", &["warning", "caution", "admonish"]),
            "{:?}",
            of_word("warned")
        );
        assert!(has_any("stop", &["halt", "end"]), "{:?}", of_word("stop"));
        assert!(
            has_any("hurt", &["damage", "injure"]),
            "{:?}",
            of_word("hurt")
        );
        assert!(
            has_any("complained", &["complaint"]),
            "{:?}",
            of_word("complained")
        );
        assert!(!of_word("transparency").is_empty());
    }

    #[test]
    fn unknown_words_have_none() {
        assert!(of_word("blorptastic").is_empty());
        assert!(of_word("").is_empty());
        assert!(of_word("zzz").is_empty());
    }

    #[test]
    fn inflections_reduce_to_their_lemma() {
        let t = table();
        for (form, expected) in [
            ("warned", "warn"),
            ("stopped", "stop"),
            ("hoped", "hope"),
            ("invading", "invade"),
            ("countries", "country"),
            ("boxes", "box"),
            ("uses", "use"),
            ("using", "use"),
            ("doing", "do"),
            ("does", "do"),
            ("went", "go"),
            ("wrecked", "wreck"),
            ("wider", "wide"),
            ("stronger", "strong"),
            ("angriest", "angry"),
        ] {
            assert_eq!(lemma(t, form), Some(expected), "{form}");
        }
    }

    #[test]
    fn expand_skips_forms_of_the_word_and_repeats() {
        let topic: Vec<String> = ["warned", "stop", "halt"]
            .iter()
            .map(|w| w.to_string())
            .collect();
        let out = expand(&topic);
        assert!(!out.iter().any(|w| w.starts_with("warn")), "{out:?}");
        assert!(!out.iter().any(|w| w == "halt"), "a topic word: {out:?}");
        let mut seen = out.clone();
        seen.sort();
        seen.dedup();
        assert_eq!(seen.len(), out.len(), "{out:?}");
        assert!(out.len() <= 3 * topic.len());
        assert!(out.iter().any(|w| w == "cease" || w == "quit"), "{out:?}");
        assert!(expand(&["invade".to_string()]).contains(&"invasion".to_string()));
        assert!(expand(&[]).is_empty());
    }
}
