//! The fixed question mix: 200 questions, 40 of each kind (who said, what did X say about,
//! when did X say, timeline or latest of X, and questions about people no article names),
//! drawn deterministically from the statements of the first generated articles. Article
//! `i` does not depend on the corpus size, so every size of one seed gets the same mix.

use std::fmt;

use super::generate::{Article, Pool};
use super::SplitMix64;
use crate::nlp::{self, EntityKind};

/// How many of the first articles the questions are drawn from.
pub const FROM_ARTICLES: u64 = 1000;
/// Questions of each kind.
pub const PER_KIND: usize = 40;
/// At most this many candidate statements are kept (memory stays small).
const MAX_CANDIDATES: usize = 5000;

/// Words too common to make a benchmark question's topic. Not the lexicon's stop words
/// (which serve reading questions and change with it): this list fixes the benchmark's
/// question set, and the latency figures in docs/performance.md are measured on that set.
const GENERIC_WORDS: &[&str] = &[
    "about",
    "after",
    "again",
    "against",
    "because",
    "before",
    "being",
    "between",
    "could",
    "during",
    "every",
    "their",
    "there",
    "these",
    "those",
    "through",
    "under",
    "until",
    "where",
    "which",
    "while",
    "would",
    "should",
    "other",
    "people",
    "percent",
    "already",
    "including",
    "without",
    "another",
    "whether",
    "saying",
    "said",
];

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Who,
    What,
    When,
    Timeline,
    NothingFound,
}

impl Kind {
    pub const ALL: [Kind; 5] = [
        Kind::Who,
        Kind::What,
        Kind::When,
        Kind::Timeline,
        Kind::NothingFound,
    ];

    pub fn as_str(&self) -> &'static str {
        match self {
            Kind::Who => "who",
            Kind::What => "what",
            Kind::When => "when",
            Kind::Timeline => "timeline",
            Kind::NothingFound => "nothing-found",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// One question of the mix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Question {
    pub kind: Kind,
    pub text: String,
}

impl fmt::Display for Question {
    /// One line: the kind, a tab, the question (the questions file format).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}\t{}", self.kind.as_str(), self.text)
    }
}

/// Read one line of a questions file.
pub fn parse_line(line: &str) -> Option<Question> {
    let (kind, text) = line.split_once('\t')?;
    Some(Question {
        kind: Kind::parse(kind)?,
        text: text.trim().to_string(),
    })
}

/// Collects candidate statements from generated articles, then draws the mix.
#[derive(Default)]
pub struct Collector {
    /// (speaker, topic words of the content), in corpus order.
    statements: Vec<(String, Vec<String>)>,
}

impl Collector {
    /// Look at one generated article (only the first [`FROM_ARTICLES`] matter).
    pub fn add(&mut self, i: u64, article: &Article) {
        if i >= FROM_ARTICLES || self.statements.len() >= MAX_CANDIDATES {
            return;
        }
        let published = crate::corpus::parse_published(&article.published).ok();
        let analysis = nlp::analyze(&article.text, published);
        for st in &analysis.statements {
            let Some(sp) = st.speaker.as_ref().filter(|s| s.kind == EntityKind::Person) else {
                continue;
            };
            let words = topic_words(&st.content_text(&article.text));
            if sp.name.split(' ').count() >= 2 && words.len() >= 4 {
                self.statements.push((sp.name.clone(), words));
            }
        }
    }

    /// The 200 questions, in a fixed order (kinds interleaved, as a chat would mix them).
    pub fn questions(&self, pool: &Pool, seed: u64) -> Vec<Question> {
        let mut rng = SplitMix64::new(seed ^ 0x5155_4553_5449_4f4e);
        let mut by_kind: Vec<Vec<Question>> = Vec::new();
        for kind in Kind::ALL {
            let qs = (0..PER_KIND)
                .filter_map(|_| self.one(kind, pool, &mut rng))
                .map(|text| Question { kind, text })
                .collect();
            by_kind.push(qs);
        }
        let mut out = Vec::new();
        for i in 0..PER_KIND {
            for qs in &by_kind {
                if let Some(q) = qs.get(i) {
                    out.push(q.clone());
                }
            }
        }
        out
    }

    fn one(&self, kind: Kind, pool: &Pool, rng: &mut SplitMix64) -> Option<String> {
        let (speaker, words) = rng.pick(&self.statements)?;
        let topic = rng.pick(words)?;
        Some(match kind {
            Kind::Who => {
                let at = rng.below(words.len().saturating_sub(2));
                let end = (at + 3).min(words.len());
                format!("Who said {}?", words[at..end].join(" "))
            }
            Kind::What => format!("What did {speaker} say about {topic}?"),
            Kind::When => format!("When did {speaker} say {topic}?"),
            Kind::Timeline if rng.chance(0.5) => format!("Timeline of {speaker}"),
            Kind::Timeline => format!("What is the latest from {speaker}?"),
            Kind::NothingFound => format!(
                "What did {} {} say about {topic}?",
                rng.pick(pool.first_names())?,
                absent_surname(pool, rng)
            ),
        })
    }
}

/// Content words of a statement: lowercase words of five letters or more, no stopwords.
fn topic_words(content: &str) -> Vec<String> {
    content
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| w.len() >= 5 && w.chars().all(|c| c.is_ascii_lowercase()))
        .filter(|w| !GENERIC_WORDS.contains(w))
        .map(str::to_string)
        .collect()
}

/// A plausible surname that no source text contains, so no generated article names it.
fn absent_surname(pool: &Pool, rng: &mut SplitMix64) -> String {
    const ONSETS: &[&str] = &[
        "b", "d", "g", "k", "l", "m", "n", "r", "t", "v", "z", "br", "kr",
    ];
    const VOWELS: &[&str] = &["a", "e", "i", "o", "u", "ya"];
    loop {
        let mut s = String::new();
        for _ in 0..3 {
            s.push_str(rng.pick(ONSETS).copied().unwrap_or("b"));
            s.push_str(rng.pick(VOWELS).copied().unwrap_or("a"));
        }
        s.push_str(if rng.chance(0.5) { "vski" } else { "llen" });
        if !pool.knows_word(&s) {
            let mut c = s.chars();
            return c
                .next()
                .map(|f| f.to_uppercase().chain(c).collect())
                .unwrap_or(s);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bench::generate::write_corpus;

    fn pool() -> Pool {
        Pool::from_texts(&[
            (
                "Bank raises rates",
                "Governor Mary Okafor said the central bank would raise interest rates \
                 sharply next month.\n\nMarkets were calm on the news across the region.",
            ),
            (
                "Talks resume in Geneva",
                "Foreign Minister Anna Lindqvist told reporters that negotiators made \
                 serious progress toward a ceasefire agreement.\n\nThe talks resumed on Tuesday \
                 after a pause of three weeks.",
            ),
        ])
        .unwrap()
    }

    fn mix(seed: u64) -> Vec<Question> {
        let p = pool();
        let mut c = Collector::default();
        write_corpus(&p, seed, 300, &mut Vec::new(), |i, a| c.add(i, a)).unwrap();
        c.questions(&p, seed)
    }

    #[test]
    fn two_hundred_questions_forty_of_each_kind() {
        let qs = mix(1);
        assert_eq!(qs.len(), 200);
        for k in Kind::ALL {
            assert_eq!(qs.iter().filter(|q| q.kind == k).count(), PER_KIND, "{k:?}");
        }
    }

    #[test]
    fn the_mix_is_fixed_for_a_seed() {
        assert_eq!(mix(4), mix(4));
        assert_ne!(mix(4), mix(5));
    }

    #[test]
    fn nothing_found_names_are_absent_from_the_sources() {
        let p = pool();
        for q in mix(2).iter().filter(|q| q.kind == Kind::NothingFound) {
            let surname = q.text.split(' ').nth(3).unwrap().to_lowercase();
            assert!(!p.knows_word(&surname), "{}", q.text);
        }
    }

    #[test]
    fn lines_round_trip() {
        for q in mix(3) {
            assert_eq!(parse_line(&q.to_string()), Some(q));
        }
        assert_eq!(parse_line("no tab here"), None);
        assert_eq!(parse_line("bogus\tWho?"), None);
    }
}
