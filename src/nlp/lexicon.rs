//! Word lists: cue verbs and nouns, titles, organisations, places, nationalities, group nouns, the
//! capitalised words that are not names, and the words of content that points back. The lists live as text files in `lexicon/` (one
//! entry a line, `#` comments) so they can be read and extended without touching the rules;
//! they are parsed once, on first use.

use std::sync::OnceLock;

use rustc_hash::{FxHashMap, FxHashSet};

/// A set of lowercase words. Looked up for nearly every token, so it uses a fast
/// non-cryptographic hash (the lists are ours, not attacker-chosen).
pub type WordSet = FxHashSet<String>;

/// The words that end a company's name as its legal form: "H.J. Heinz Co", "Exxon Corp".
const LEGAL_SUFFIXES: &[&str] = &[
    "inc",
    "corp",
    "co",
    "ltd",
    "llc",
    "plc",
    "corporation",
    "incorporated",
    "limited",
    "ag",
    "sa",
    "nv",
    "spa",
    "gmbh",
    "bv",
    "ab",
    "asa",
    "oyj",
    "pty",
    "bhd",
    "lp",
    "llp",
];

/// What a cue verb takes after it, which decides where its content ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CueClass {
    /// A clause: "said (that) the meeting was off".
    Clause,
    /// A noun phrase: "proposed a peace plan", "called for decisive action".
    Object,
    /// A clause, but only when introduced by "that" or a quote: "maintains that …".
    That,
    /// A noun phrase described after "as": "sees the deal as a betrayal", and passive "is
    /// widely seen as an outsider". A cue only when the "as" is there.
    As,
    /// A noun phrase, or with "as" after it a clause: "described the outburst as the
    /// emotions of a worried spouse".
    ObjectAs,
}

/// One cue: the words after the first one, the class of complement it takes, and its
/// lemma ("called for" → "call for").
#[derive(Clone, Debug)]
struct CueEntry {
    rest: Vec<String>,
    class: CueClass,
    lemma: String,
}

/// A verb found in a run of words: how many words it spans and its lemma.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VerbMatch<'a> {
    pub len: usize,
    pub lemma: &'a str,
    /// A speech or thought cue (from `cues.txt`), not an event verb.
    pub is_cue: bool,
}

/// The words of content that points back to an earlier statement ("this sentiment", "the
/// same"), from `anaphora.txt`; see there and `nlp::anaphora` for how they combine.
#[derive(Default)]
pub struct AnaphoraWords {
    /// Whole contents that only point back: "this", "the same", "as much" (words joined by
    /// one space).
    pub pronouns: WordSet,
    pub determiners: WordSet,
    /// Words that may stand between the determiner and the noun: "the same view".
    pub modifiers: WordSet,
    /// Nouns naming something said: "sentiment", "claim", "remarks".
    pub nouns: WordSet,
    /// Lemmas of noun-phrase cues whose bare pronoun object is a statement: "echoed this".
    pub statement_objects: WordSet,
    /// Lemmas of cues that answer someone else's statement: "echo", "reject".
    pub replies: WordSet,
}

/// What may follow a noun cue (`noun_cues.txt`): "her claim that …", "his call for …".
#[derive(Debug, Default)]
pub struct NounCue {
    /// A "that" clause, or "by"/"from" and a source before one.
    pub that: bool,
    /// An infinitive: "her promise to fight".
    pub infinitive: bool,
    /// Read with no possessor or article before "that": "amid concerns that …".
    pub bare: bool,
    /// The prepositions that take its object: "criticism" → "of".
    pub objects: Vec<String>,
}

/// All word lists, lowercase.
pub struct Lexicon {
    cues: FxHashMap<String, Vec<CueEntry>>,
    /// Verbs of events that questions ask about but that attribute nothing ("when did Russia
    /// invade …", "did they meet"), in the same format as the cues.
    events: FxHashMap<String, Vec<CueEntry>>,
    /// Words that carry no topic, for questions, retrieval and evaluation alike.
    pub stopwords: WordSet,
    /// Negations and modal verbs: searched, but never a topic on their own.
    pub modal_words: WordSet,
    /// Words that count people: "many", "others", "one", "two".
    pub quantifiers: WordSet,
    /// What a body speaks through: "statement", "report", "memo".
    pub document_nouns: WordSet,
    /// What shows or finds something without a voice of its own: "polls", "a survey".
    pub evidence_nouns: WordSet,
    /// Office words people use for the same post ("chief", "head", "leader"), a group a line.
    pub role_groups: Vec<Vec<String>>,
    /// Offices whose holder speaks for the organisation their role names ("NATO Secretary
    /// General", "Kremlin spokesman").
    pub voice_offices: WordSet,
    pub titles: WordSet,
    pub honorifics: WordSet,
    pub group_nouns: WordSet,
    pub orgs: WordSet,
    pub org_suffixes: WordSet,
    /// Plural words that open "X for Y" organisation names ("Americans for Prosperity").
    pub org_heads: WordSet,
    pub places: WordSet,
    pub nationalities: WordSet,
    pub common_caps: WordSet,
    pub abbreviations: WordSet,
    /// First names, courtesy titles and role words read as female or male.
    pub female_names: WordSet,
    pub male_names: WordSet,
    /// First names from the census that are often surnames too ("Clinton"): a first name,
    /// and a gender only as the first of several words.
    pub given_female: WordSet,
    pub given_male: WordSet,
    /// First words of the multi-word entries of every list (a cheap pre-check).
    pub phrase_starts: WordSet,
    pub anaphora: AnaphoraWords,
    /// Nouns that name a statement or stance, with what may follow each.
    pub noun_cues: FxHashMap<String, NounCue>,
    /// Words that introduce or tag a quote without being cues (`quote_intros.txt`): verbs
    /// of speaking manner ("barked"), and the adjectives ("blunt") and nouns ("verdict")
    /// of "X was blunt:" and "X's verdict:".
    intro_verbs: FxHashMap<String, Vec<CueEntry>>,
    pub intro_adjectives: WordSet,
    pub intro_nouns: WordSet,
}

/// The lexicon, built on first use.
pub fn lexicon() -> &'static Lexicon {
    static LEX: OnceLock<Lexicon> = OnceLock::new();
    LEX.get_or_init(Lexicon::build)
}

/// Non-comment, non-empty lines of a list, trimmed and lowercased.
fn lines(src: &str) -> impl Iterator<Item = String> + '_ {
    src.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_lowercase)
}

fn set(src: &str) -> WordSet {
    lines(src).collect()
}

impl Lexicon {
    fn build() -> Lexicon {
        let mut lex = Lexicon::read();
        lex.phrase_starts = [&lex.orgs, &lex.places, &lex.nationalities]
            .iter()
            .flat_map(|set| set.iter())
            .filter_map(|e| e.split_once(' ').map(|(first, _)| first.to_string()))
            .collect();
        lex
    }

    fn read() -> Lexicon {
        let intros = QuoteIntros::parse(include_str!("lexicon/quote_intros.txt"));
        Lexicon {
            cues: parse_cues(include_str!("lexicon/cues.txt")),
            events: parse_cues(include_str!("lexicon/event_verbs.txt")),
            stopwords: set(include_str!("lexicon/stopwords.txt")),
            modal_words: set(include_str!("lexicon/modal_words.txt")),
            quantifiers: set(include_str!("lexicon/quantifiers.txt")),
            document_nouns: set(include_str!("lexicon/document_nouns.txt")),
            evidence_nouns: set(include_str!("lexicon/evidence_nouns.txt")),
            role_groups: lines(include_str!("lexicon/role_groups.txt"))
                .map(|l| l.split_whitespace().map(str::to_string).collect())
                .collect(),
            voice_offices: set(include_str!("lexicon/voice_offices.txt")),
            titles: set(include_str!("lexicon/titles.txt")),
            honorifics: set(include_str!("lexicon/honorifics.txt")),
            group_nouns: set(include_str!("lexicon/group_nouns.txt")),
            orgs: set(include_str!("lexicon/orgs.txt")),
            org_suffixes: set(include_str!("lexicon/org_suffixes.txt")),
            org_heads: set(include_str!("lexicon/org_heads.txt")),
            places: set(include_str!("lexicon/places.txt")),
            nationalities: set(include_str!("lexicon/nationalities.txt")),
            common_caps: set(include_str!("lexicon/common_caps.txt")),
            abbreviations: set(include_str!("lexicon/abbreviations.txt")),
            female_names: set(include_str!("lexicon/female_names.txt")),
            male_names: set(include_str!("lexicon/male_names.txt")),
            given_female: set(include_str!("lexicon/given_names_female.txt")),
            given_male: set(include_str!("lexicon/given_names_male.txt")),
            phrase_starts: WordSet::default(),
            anaphora: parse_anaphora(include_str!("lexicon/anaphora.txt")),
            noun_cues: parse_noun_cues(include_str!("lexicon/noun_cues.txt")),
            intro_verbs: intros.verbs,
            intro_adjectives: intros.adjectives,
            intro_nouns: intros.nouns,
        }
    }

    /// Whether a lowercase word is a first name of any list.
    pub fn is_first_name(&self, w: &str) -> bool {
        [
            &self.male_names,
            &self.female_names,
            &self.given_male,
            &self.given_female,
        ]
        .iter()
        .any(|set| set.contains(w))
    }

    /// The longest cue starting at `words[0]` (lowercase words): its length in words and
    /// class.
    pub fn cue_at(&self, words: &[&str]) -> Option<(usize, CueClass)> {
        let first = words.first()?;
        let entries = self.cues.get(*first)?;
        entries
            .iter()
            .filter(|e| {
                e.rest.len() < words.len() && e.rest.iter().zip(&words[1..]).all(|(a, b)| a == b)
            })
            .max_by_key(|e| e.rest.len())
            .map(|e| (e.rest.len() + 1, e.class))
    }

    /// Whether a lowercase word (or first word) can start a cue at all: a cheap pre-check.
    pub fn may_start_cue(&self, word: &str) -> bool {
        self.cues.contains_key(word)
    }

    /// Every word [`Lexicon::may_start_cue`] accepts.
    pub fn cue_starts(&self) -> impl Iterator<Item = &str> {
        self.cues.keys().map(String::as_str)
    }

    /// The longest verb of speaking manner starting at `words[0]` (lowercase words) that is
    /// not a cue ("barked", "went on"): its length in words.
    pub fn intro_verb_at(&self, words: &[&str]) -> Option<usize> {
        longest_verb(&self.intro_verbs, words, false).map(|v| v.len)
    }

    pub fn is_title(&self, w: &str) -> bool {
        self.titles.contains(w)
    }

    /// Whether a lowercase word is a company's legal suffix ("inc", "corp", "co", "plc"),
    /// which people leave out of its name and "the company" stands for.
    pub fn is_legal_suffix(&self, w: &str) -> bool {
        LEGAL_SUFFIXES.contains(&w.trim_end_matches('.'))
    }

    /// Whether a lowercase phrase is a place or an organisation the lexicon names ("new
    /// zealand", "white house").
    pub fn is_place_or_org(&self, phrase: &str) -> bool {
        self.places.contains(phrase) || self.orgs.contains(phrase)
    }

    /// The longest speech cue or event verb starting at `words[0]` (lowercase words), with
    /// its lemma: "called for peace" → 2 words, "call for". Cues win over event verbs.
    pub fn verb_at(&self, words: &[&str]) -> Option<VerbMatch<'_>> {
        longest_verb(&self.cues, words, true).or_else(|| longest_verb(&self.events, words, false))
    }

    /// The lemma of one word if it is a form of a cue or event verb ("warned" → "warn"; for
    /// a multi-word cue, its first word's lemma: "calling" → "call").
    pub fn verb_lemma(&self, word: &str) -> Option<&str> {
        let entries = self.cues.get(word).or_else(|| self.events.get(word))?;
        let e = entries.first()?;
        e.lemma.split_whitespace().next()
    }

    pub fn is_stopword(&self, w: &str) -> bool {
        self.stopwords.contains(w)
    }

    /// A stop word, a negation or a modal verb: no part of a name, nor a topic alone.
    pub fn is_function_word(&self, w: &str) -> bool {
        self.stopwords.contains(w) || self.modal_words.contains(w)
    }

    /// The office words that mean the same post as `w`, `w` itself included.
    pub fn role_group(&self, w: &str) -> Option<&[String]> {
        self.role_groups
            .iter()
            .find(|g| g.iter().any(|x| x == w))
            .map(Vec::as_slice)
    }
}

/// The longest entry of `map` starting at `words[0]`.
fn longest_verb<'a>(
    map: &'a FxHashMap<String, Vec<CueEntry>>,
    words: &[&str],
    is_cue: bool,
) -> Option<VerbMatch<'a>> {
    let first = words.first()?;
    map.get(*first)?
        .iter()
        .filter(|e| {
            e.rest.len() < words.len() && e.rest.iter().zip(&words[1..]).all(|(a, b)| a == b)
        })
        .max_by_key(|e| e.rest.len())
        .map(|e| VerbMatch {
            len: e.rest.len() + 1,
            lemma: e.lemma.as_str(),
            is_cue,
        })
}

/// Parses `anaphora.txt`: a `[section]` header, then its entries; a phrase's words are
/// joined by one space.
fn parse_anaphora(src: &str) -> AnaphoraWords {
    let mut out = AnaphoraWords::default();
    let mut section = String::new();
    for line in lines(src) {
        if line.starts_with('[') {
            section = line;
            continue;
        }
        let set = match section.as_str() {
            "[pronouns]" => &mut out.pronouns,
            "[determiners]" => &mut out.determiners,
            "[modifiers]" => &mut out.modifiers,
            "[nouns]" => &mut out.nouns,
            "[statement objects]" => &mut out.statement_objects,
            "[replies]" => &mut out.replies,
            _ => continue,
        };
        set.insert(line.split_whitespace().collect::<Vec<_>>().join(" "));
    }
    out
}

/// Parses `noun_cues.txt`: a noun, then the words that say what may follow it.
fn parse_noun_cues(src: &str) -> FxHashMap<String, NounCue> {
    let mut out = FxHashMap::default();
    for line in lines(src) {
        let mut words = line.split_whitespace();
        let Some(noun) = words.next() else { continue };
        let mut cue = NounCue::default();
        for w in words {
            match w {
                "that" => cue.that = true,
                "to+verb" => cue.infinitive = true,
                "bare" => cue.bare = true,
                prep => cue.objects.push(prep.to_string()),
            }
        }
        out.insert(noun.to_string(), cue);
    }
    out
}

/// Parses `cues.txt`: `[clause]`/`[that]`/`[object]` headers, then `lemma [forms…]` lines.
fn parse_cues(src: &str) -> FxHashMap<String, Vec<CueEntry>> {
    let mut out: FxHashMap<String, Vec<CueEntry>> = FxHashMap::default();
    let mut class = CueClass::Clause;
    for line in lines(src) {
        match line.as_str() {
            "[clause]" => class = CueClass::Clause,
            "[object]" => class = CueClass::Object,
            "[that]" => class = CueClass::That,
            "[as]" => class = CueClass::As,
            "[object as]" => class = CueClass::ObjectAs,
            _ => add_cue_line(&mut out, &line, class),
        }
    }
    out
}

/// The three groups of `quote_intros.txt`.
struct QuoteIntros {
    verbs: FxHashMap<String, Vec<CueEntry>>,
    adjectives: WordSet,
    nouns: WordSet,
}

impl QuoteIntros {
    /// Parses `[verb]` lines as cue lines (inflected), `[adjective]` and `[noun]` lines as
    /// words.
    fn parse(src: &str) -> QuoteIntros {
        let mut out = QuoteIntros {
            verbs: FxHashMap::default(),
            adjectives: WordSet::default(),
            nouns: WordSet::default(),
        };
        let mut group = String::new();
        for line in lines(src) {
            if line.starts_with('[') {
                group = line;
                continue;
            }
            match group.as_str() {
                "[verb]" => add_cue_line(&mut out.verbs, &line, CueClass::Clause),
                "[adjective]" => {
                    out.adjectives.insert(line);
                }
                "[noun]" => {
                    out.nouns.insert(line);
                }
                _ => {}
            }
        }
        out
    }
}

/// Adds every inflection of one cue line.
fn add_cue_line(out: &mut FxHashMap<String, Vec<CueEntry>>, line: &str, class: CueClass) {
    if let Some(forms) = line.strip_prefix('=') {
        let (lemma, forms) = forms.split_once(':').unwrap_or(("", forms));
        for f in forms.split_whitespace() {
            let lemma = if lemma.trim().is_empty() {
                f
            } else {
                lemma.trim()
            };
            out.entry(f.to_string()).or_default().push(CueEntry {
                rest: Vec::new(),
                class,
                lemma: lemma.to_string(),
            });
        }
        return;
    }
    let words: Vec<&str> = line.split_whitespace().collect();
    let Some(lemma) = words.first() else { return };
    // A multi-word cue with explicit forms lists whole phrases ("make clear makes clear …"):
    // the lemma phrase's length tells how to chunk them.
    let (phrases, generated) = explicit_phrases(&words);
    let phrases = if generated {
        let tail: Vec<String> = words[1..].iter().map(|w| w.to_string()).collect();
        inflect(lemma)
            .into_iter()
            .map(|f| {
                let mut p = vec![f];
                p.extend(tail.iter().cloned());
                p
            })
            .collect()
    } else {
        phrases
    };
    // The lemma phrase is the first one: the line starts with it.
    let lemma = phrases.first().map(|p| p.join(" ")).unwrap_or_default();
    for p in &phrases {
        let Some((first, rest)) = p.split_first() else {
            continue;
        };
        let entries = out.entry(first.clone()).or_default();
        // "put it" is both the lemma and the past tense: one entry.
        if !entries.iter().any(|e| e.rest == rest && e.lemma == lemma) {
            entries.push(CueEntry {
                rest: rest.to_vec(),
                class,
                lemma: lemma.clone(),
            });
        }
    }
}

/// Splits a line into explicit phrases when it lists forms; returns `(phrases, false)` then,
/// or `([], true)` when the forms are to be generated.
///
/// A line lists its forms when it holds an -ing word after the lemma; each form then
/// carries the lemma's particles ("make clear makes clear made clear making clear"). The
/// -ing form comes last, so the words after it are the particles, and their number tells
/// the phrases apart. (Telling particles by spelling read "down" in "double down on …" as a
/// form of "double".)
fn explicit_phrases(words: &[&str]) -> (Vec<Vec<String>>, bool) {
    let Some(last_ing) = words
        .iter()
        .rposition(|w| w.ends_with("ing"))
        .filter(|&i| i > 0)
    else {
        return (Vec::new(), true);
    };
    let n = words.len() - last_ing;
    let phrases = words
        .chunks(n)
        .filter(|c| c.len() == n)
        .map(|c| c.iter().map(|w| w.to_string()).collect())
        .collect();
    (phrases, false)
}

/// Regular inflections of an English verb: base, -s, -ed, -ing.
pub fn inflect(lemma: &str) -> Vec<String> {
    let mut out = vec![lemma.to_string()];
    let stem = lemma.strip_suffix('e').filter(|s| !s.ends_with('e'));
    let consonant_y = lemma.ends_with('y')
        && !lemma
            .chars()
            .rev()
            .nth(1)
            .is_some_and(|c| "aeiou".contains(c));
    if consonant_y {
        let base = &lemma[..lemma.len() - 1];
        out.push(format!("{base}ies"));
        out.push(format!("{base}ied"));
        out.push(format!("{lemma}ing"));
    } else if lemma.ends_with("ee") {
        // "agree": "agreed", "agreeing".
        out.push(format!("{lemma}s"));
        out.push(format!("{lemma}d"));
        out.push(format!("{lemma}ing"));
    } else if let Some(stem) = stem {
        out.push(format!("{lemma}s"));
        out.push(format!("{lemma}d"));
        out.push(format!("{stem}ing"));
    } else {
        let sibilant = ["s", "sh", "ch", "x", "z", "o"]
            .iter()
            .any(|s| lemma.ends_with(s));
        out.push(if sibilant {
            format!("{lemma}es")
        } else {
            format!("{lemma}s")
        });
        out.push(format!("{lemma}ed"));
        out.push(format!("{lemma}ing"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inflects_regular_verbs() {
        assert!(inflect("suggest").contains(&"suggesting".to_string()));
        assert!(inflect("state").contains(&"stated".to_string()));
        assert!(inflect("state").contains(&"stating".to_string()));
        assert!(inflect("worry").contains(&"worries".to_string()));
        assert!(inflect("express").contains(&"expresses".to_string()));
        assert!(inflect("agree").contains(&"agreed".to_string()));
        assert!(inflect("agree").contains(&"agreeing".to_string()));
    }

    /// Every line that lists its forms gives phrases that carry the same particles, also
    /// when a particle starts as the verb does ("down" after "double").
    #[test]
    fn listed_forms_carry_the_lemma_s_particles() {
        let (phrases, generated) = explicit_phrases(&[
            "double", "down", "on", "doubles", "down", "on", "doubled", "down", "on", "doubling",
            "down", "on",
        ]);
        assert!(!generated);
        let firsts: Vec<&str> = phrases.iter().map(|p| p[0].as_str()).collect();
        assert_eq!(firsts, ["double", "doubles", "doubled", "doubling"]);
        let src = [
            include_str!("lexicon/cues.txt"),
            include_str!("lexicon/quote_intros.txt"),
        ];
        for line in src.into_iter().flat_map(lines) {
            if line.starts_with(['[', '=']) {
                continue;
            }
            let words: Vec<&str> = line.split_whitespace().collect();
            let (phrases, generated) = explicit_phrases(&words);
            if generated {
                continue;
            }
            let joined: usize = phrases.iter().map(Vec::len).sum();
            assert_eq!(joined, words.len(), "{line}: words left over");
            for p in &phrases {
                assert_eq!(p[1..], phrases[0][1..], "{line}: particles differ");
            }
        }
    }

    /// A form listed twice at one length has two classes, and the last one silently wins:
    /// "agree" under both [clause] and [object] lost every "agreed that …".
    #[test]
    fn no_cue_is_listed_twice() {
        for (form, entries) in &lexicon().cues {
            for (i, a) in entries.iter().enumerate() {
                let twice = entries[i + 1..].iter().any(|b| b.rest == a.rest);
                assert!(!twice, "cue {form:?} {:?} is listed twice", a.rest);
            }
        }
    }

    #[test]
    fn finds_single_and_multi_word_cues() {
        let lex = lexicon();
        assert_eq!(lex.cue_at(&["said", "that"]), Some((1, CueClass::Clause)));
        assert_eq!(lex.cue_at(&["told"]), Some((1, CueClass::Clause)));
        assert_eq!(
            lex.cue_at(&["called", "for", "action"]),
            Some((2, CueClass::Object))
        );
        assert_eq!(
            lex.cue_at(&["worry", "about", "it"]),
            Some((2, CueClass::Object))
        );
        assert_eq!(
            lex.cue_at(&["made", "clear", "that"]),
            Some((2, CueClass::Clause))
        );
        assert_eq!(lex.cue_at(&["table"]), None);
    }

    #[test]
    fn quote_intro_words_are_listed_apart_from_cues() {
        let lex = lexicon();
        assert_eq!(lex.intro_verb_at(&["barked"]), Some(1));
        assert_eq!(lex.intro_verb_at(&["went", "on", "to"]), Some(2));
        assert_eq!(lex.intro_verb_at(&["went", "even", "further"]), Some(3));
        assert_eq!(lex.intro_verb_at(&["said"]), None);
        assert!(lex.intro_adjectives.contains("blunt") && lex.intro_nouns.contains("verdict"));
        assert!(!lex.may_start_cue("barked"));
    }

    #[test]
    fn verbs_come_with_their_lemma() {
        let lex = lexicon();
        let lemma = |ws: &[&str]| lex.verb_at(ws).map(|v| (v.len, v.lemma));
        assert_eq!(lemma(&["said"]), Some((1, "say")));
        assert_eq!(lemma(&["proposing"]), Some((1, "propose")));
        assert_eq!(lemma(&["worried"]), Some((1, "worry")));
        assert_eq!(lemma(&["called", "for", "x"]), Some((2, "call for")));
        assert_eq!(lemma(&["stated"]), Some((1, "state")));
        assert_eq!(lemma(&["made", "clear"]), Some((2, "make clear")));
        assert_eq!(lemma(&["invaded"]), Some((1, "invade")));
        assert_eq!(lemma(&["met"]), Some((1, "meet")));
        assert_eq!(lemma(&["summit"]), None);
        assert_eq!(lex.verb_lemma("denied"), Some("deny"));
        assert_eq!(lex.verb_lemma("backed"), Some("support"));
        assert!(lex.is_stopword("the") && !lex.is_stopword("summit"));
        assert!(lex
            .role_group("head")
            .is_some_and(|g| g.iter().any(|w| w == "chief")));
    }

    #[test]
    fn noun_cues_come_with_what_follows_them() {
        let cues = &lexicon().noun_cues;
        let claim = &cues["claim"];
        assert!(claim.that && claim.infinitive && !claim.bare && claim.objects.is_empty());
        assert!(cues["concerns"].bare && cues["concerns"].that);
        assert_eq!(cues["attacks"].objects, ["on", "against"]);
        assert!(!cues["supporter"].that && cues["supporter"].objects == ["of"]);
        assert!(!cues.contains_key("table"));
    }

    #[test]
    fn anaphora_words_are_read_by_section() {
        let a = &lexicon().anaphora;
        assert!(a.pronouns.contains("the same") && a.pronouns.contains("this"));
        assert!(a.determiners.contains("those") && !a.determiners.contains("sentiment"));
        assert!(a.modifiers.contains("same"));
        assert!(a.nouns.contains("sentiment") && !a.nouns.contains("week"));
        assert!(a.replies.contains("echo") && !a.replies.contains("repeat"));
        assert!(a.statement_objects.contains("dispute") && !a.statement_objects.contains("reject"));
    }
}
