//! Canonical keys for people's names, to merge one speaker's spellings across articles and
//! to match the names people type in questions: lowercase, no diacritics, no titles, no
//! middle initials, no possessive, and transliteration variants folded ("Zelenskyy",
//! "Zelenskiy" and "Zelensky" share a key).

use std::cell::RefCell;

use rustc_hash::FxHashMap;
use unicode_normalization::UnicodeNormalization;

/// Words dropped from names: courtesy titles and role words that often precede a name.
/// A `match` rather than a list scan: it runs for every word of every name.
fn is_title(w: &str) -> bool {
    matches!(
        w,
        "mr" | "mrs"
            | "ms"
            | "miss"
            | "dr"
            | "sir"
            | "dame"
            | "lord"
            | "lady"
            | "prof"
            | "professor"
            | "president"
            | "vice"
            | "sen"
            | "senator"
            | "rep"
            | "representative"
            | "gov"
            | "governor"
            | "gen"
            | "general"
            | "secretary"
            | "minister"
            | "prime"
            | "chancellor"
            | "mayor"
            | "judge"
            | "justice"
            | "rev"
            | "reverend"
            | "pope"
            | "king"
            | "queen"
            | "prince"
            | "princess"
            | "the"
            | "former"
            | "lt"
            | "col"
            | "capt"
            | "sgt"
            | "adm"
            | "hon"
            | "jr"
            | "sr"
    )
}

/// Lowercase, diacritics stripped, curly apostrophes straightened, dotted acronyms closed up.
fn fold(name: &str) -> String {
    // "Sen. Jack Reed (D-R.I.)": a parenthesis says party and state, never who.
    let name = match name.split_once('(') {
        Some((before, _)) if before.chars().any(char::is_alphabetic) => before,
        _ => name,
    };
    // ASCII (most names) decomposes to itself and has no curly apostrophe: lowercasing is
    // the whole fold, without the char-by-char normalisation.
    let folded = if name.is_ascii() {
        name.to_ascii_lowercase()
    } else {
        name.nfkd()
            .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
            .flat_map(char::to_lowercase)
            .map(|c| if c == '’' { '\'' } else { c })
            .collect()
    };
    if folded.contains('.') {
        close_acronyms(&folded)
    } else {
        folded
    }
}

/// A dotted acronym is one word ("u.s." → "us", "e.u.'s" → "eu's"), so "U.S. officials"
/// keeps its "U.S." instead of losing two one-letter words.
fn close_acronyms(folded: &str) -> String {
    let mut out = String::with_capacity(folded.len());
    for token in folded.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        let bare = token.trim_end_matches(',');
        let (bare, possessive) = match bare.strip_suffix("'s") {
            Some(b) => (b, "'s"),
            None => (bare, ""),
        };
        let letters: Vec<&str> = bare.split('.').filter(|p| !p.is_empty()).collect();
        if letters.len() >= 2 && letters.iter().all(|p| p.chars().count() == 1) {
            letters.iter().for_each(|l| out.push_str(l));
            out.push_str(possessive);
        } else {
            out.push_str(token);
        }
    }
    out
}

/// The words of a folded name, possessives removed, each with the ending
/// [`transliteration_stem`] gives it: `(stem, true)` stands for `stem` + "y".
fn raw_words(folded: &str) -> impl Iterator<Item = (&str, bool)> {
    folded
        .split(|c: char| c.is_whitespace() || c == '.' || c == ',')
        .map(|w| w.strip_suffix("'s").unwrap_or(w))
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .map(transliteration_stem)
}

/// Lowercase, diacritics stripped, possessives removed, split into words.
fn words(name: &str) -> Vec<String> {
    without_quantifier(raw_words(&fold(name)))
        .map(|(stem, y)| {
            if y {
                format!("{stem}y")
            } else {
                stem.to_string()
            }
        })
        .collect()
}

/// `words` less a leading quantifier (the lexicon's), unless it is the only word: "one West
/// Virginia official" and "two Pentagon officials" speak for West Virginia and the
/// Pentagon, and key as such.
fn without_quantifier<'a>(
    words: impl Iterator<Item = (&'a str, bool)>,
) -> impl Iterator<Item = (&'a str, bool)> {
    let quantifiers = &crate::nlp::lexicon::lexicon().quantifiers;
    let mut words = words.peekable();
    let mut first = true;
    std::iter::from_fn(move || {
        let w = words.next()?;
        if std::mem::take(&mut first) && quantifiers.contains(w.0) && words.peek().is_some() {
            return words.next();
        }
        Some(w)
    })
}

/// Folds common romanisation variants of one word: the endings -yy/-iy/-yi/-ii/-ij become -y
/// ("zelenskyy" → "zelensky"), and a doubled final consonant of a long word is kept as is.
/// Returns the stem and whether a "y" follows it.
fn transliteration_stem(w: &str) -> (&str, bool) {
    if w.chars().count() > 4 {
        for end in ["yy", "iy", "yi", "ii", "ij", "yj"] {
            if let Some(stem) = w.strip_suffix(end) {
                return (stem, true);
            }
        }
    }
    (w, false)
}

/// The words of a name that identify the person: no titles, no initials.
fn name_words(name: &str) -> Vec<String> {
    let all = words(name);
    let kept: Vec<String> = all
        .iter()
        .filter(|w| !is_title(w) && w.chars().count() > 1)
        .cloned()
        .collect();
    if kept.is_empty() {
        all
    } else {
        kept
    }
}

/// The key that merges spellings of one speaker: "Donald J. Trump" and "President Donald
/// Trump" both give "donald trump".
pub fn speaker_key(name: &str) -> String {
    // Remembered per thread: it runs for every mention and every coreference look-up, and
    // the same names recur within an article and across the news (a key costs a Unicode
    // normalisation and three buffers).
    if let Some(key) = KEYS.with(|keys| keys.borrow().get(name).cloned()) {
        return key;
    }
    let key = fresh_speaker_key(name);
    KEYS.with(|keys| {
        let mut keys = keys.borrow_mut();
        if keys.len() >= REMEMBERED_KEYS {
            keys.clear();
        }
        keys.insert(name.to_string(), key.clone());
    });
    key
}

/// Names whose keys each thread remembers before starting afresh (a few MB at most).
const REMEMBERED_KEYS: usize = 50_000;

thread_local! {
    static KEYS: RefCell<FxHashMap<String, String>> = RefCell::default();
}

/// [`speaker_key`] worked out.
fn fresh_speaker_key(name: &str) -> String {
    // [`name_words`] joined, built in one buffer.
    let folded = fold(name);
    // Sized once: no key is longer than the folded name plus a "y" per word.
    let cap = 2 * folded.len();
    let (mut kept, mut all, mut word) = (
        String::with_capacity(cap),
        String::with_capacity(cap),
        String::with_capacity(cap),
    );
    for (stem, y) in without_quantifier(raw_words(&folded)) {
        word.clear();
        word.push_str(stem);
        if y {
            word.push('y');
        }
        push_word(&mut all, &word);
        if !is_title(&word) && word.chars().count() > 1 {
            push_word(&mut kept, &word);
        }
    }
    if kept.is_empty() {
        all
    } else {
        kept
    }
}

fn push_word(out: &mut String, w: &str) {
    if !out.is_empty() {
        out.push(' ');
    }
    out.push_str(w);
}

/// The last word of the key: "trump" for "Donald J. Trump's".
pub fn surname_key(name: &str) -> String {
    name_words(name).pop().unwrap_or_default()
}

/// Whether two words are the same allowing one edit in words of six letters or more.
fn word_matches(a: &str, b: &str) -> bool {
    a == b
        || (a.chars().count() >= 6
            && b.chars().count() >= 6
            && strsim::damerau_levenshtein(a, b) <= 1)
}

/// How well a name typed in a question matches an entity's name, from 0 to 1: 1 for the
/// same key, 0.95 for keys one edit apart (six letters or more), 0.9 when every query word
/// matches a word of the entity in order ("Trump", "Donald Trump"; one typo allowed in
/// long words), else 0.8 times the normalised similarity of the keys.
pub fn similarity(query: &str, entity: &str) -> f64 {
    let q = name_words(query);
    let e = name_words(entity);
    if q.is_empty() || e.is_empty() {
        return 0.0;
    }
    if q == e {
        return 1.0;
    }
    let (qk, ek) = (q.join(" "), e.join(" "));
    if qk.chars().count() >= 6 && strsim::damerau_levenshtein(&qk, &ek) <= 1 {
        // One typo in the whole name: "Marko Rubio".
        return 0.95;
    }
    let mut it = e.iter();
    if q.iter().all(|w| it.any(|x| word_matches(w, x))) {
        return 0.9;
    }
    strsim::normalized_damerau_levenshtein(&qk, &ek) * 0.8
}

/// Whether a name in a question refers to an entity's name: the same key, a subset of its
/// words (a surname alone), or the same with one typo in a long word.
pub fn matches(query: &str, entity: &str) -> bool {
    // `similarity(query, entity) >= 0.9`, without the edit distances when a cheaper rule
    // decides: ranking filters every candidate statement's speaker through this.
    let (q, e) = (name_words(query), name_words(entity));
    if q.is_empty() || e.is_empty() {
        return false;
    }
    let mut it = e.iter();
    if q == e || q.iter().all(|w| it.any(|x| word_matches(w, x))) {
        return true;
    }
    let (qk, ek) = (q.join(" "), e.join(" "));
    let (ql, el) = (qk.chars().count(), ek.chars().count());
    ql >= 6 && ql.abs_diff(el) <= 1 && strsim::damerau_levenshtein(&qk, &ek) <= 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_is_similarity_at_least_nine_tenths() {
        let names = [
            "Donald Trump",
            "Donald J. Trump",
            "Trump",
            "Sean Trump",
            "Marko Rubio",
            "Marco Rubio",
            "Rubio",
            "Bill de Blasio",
            "De Blasio",
            "Hillary Rodham Clinton",
            "Hillary Clinton",
            "Clinton",
            "Ann Lee",
            "Anne Lee",
            "Lee",
            "Jack Reed",
            "Scott Reed",
            "O'Neill",
            "ONeill",
            "Putin",
            "Vladimir Putin",
            "Vladimir Putn",
            "",
        ];
        for q in names {
            for e in names {
                assert_eq!(matches(q, e), similarity(q, e) >= 0.9, "{q:?} / {e:?}");
            }
        }
    }

    #[test]
    fn a_parenthesis_is_no_part_of_the_key() {
        assert_eq!(speaker_key("Sen. Jack Reed (D-R.I.)"), "jack reed");
        assert_eq!(surname_key("Sen. Bernie Sanders (I-Vt.)"), "sanders");
        assert_eq!(speaker_key("(AP)"), "ap");
    }

    #[test]
    fn keys_fold_variants() {
        for v in [
            "Zelensky",
            "Zelenskyy",
            "Zelenskiy",
            "Zelenskyi",
            "President Zelensky's",
        ] {
            assert_eq!(speaker_key(v), "zelensky", "{v}");
        }
        assert_eq!(speaker_key("Donald J. Trump"), "donald trump");
        assert_eq!(speaker_key("Mr. Donald Trump"), "donald trump");
        assert_eq!(speaker_key("Sen. Ted Cruz"), "ted cruz");
        assert_eq!(speaker_key("Rubio’s"), "rubio");
        assert_eq!(speaker_key("José Ramírez"), "jose ramirez");
        assert_eq!(surname_key("Donald J. Trump’s"), "trump");
        // Dotted acronyms are one word, so a group keeps its affiliation.
        assert_eq!(speaker_key("U.S. officials"), "us officials");
        assert_eq!(speaker_key("the E.U.'s"), "eu");
        assert_eq!(speaker_key("E.U."), speaker_key("EU"));
        assert_eq!(speaker_key("J. R. Smith"), "smith");
        // A group counted keys as what it speaks for.
        assert_eq!(
            speaker_key("one West Virginia official"),
            "west virginia official"
        );
        assert_eq!(speaker_key("two Pentagon officials"), "pentagon officials");
        assert_eq!(speaker_key("One"), "one");
    }

    #[test]
    fn the_key_is_the_name_words_joined() {
        for name in [
            "Donald J. Trump's",
            "Mr. Zelenskyy",
            "The President",
            "J. K.",
            "José  Ramírez,",
            "Dr. Ángela Müller-Lüdenscheidt",
            "Rubio’s",
            "U.S. Secretary of State Marco Rubio",
            "",
            "'s",
        ] {
            assert_eq!(speaker_key(name), name_words(name).join(" "), "{name}");
        }
    }

    #[test]
    fn matching_is_tolerant() {
        assert!(matches("Trump", "Donald Trump"));
        assert!(matches("Zelenskyy", "Volodymyr Zelensky"));
        assert!(matches("Marko Rubio", "Marco Rubio"));
        assert!(matches("Rubio", "Marco Rubio"));
        assert!(!matches("Ann", "Dan"));
        assert!(matches("Zelemsky", "Volodymyr Zelensky"));
        assert!(!matches("Angela Merkel", "Mark Rutte"));
        assert!(!matches("Trump", "Ivanka Trumpet"));
        assert_eq!(speaker_key(""), "");
        assert!(!matches("", "x"));
    }
}
