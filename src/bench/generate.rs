//! The benchmark corpus: N articles built by recombining real sentences, names, titles and
//! outlets read at run time from `../shared/corpora` (Reuters-21578 and PolNeAR), so the
//! texts are never copied into the repository.
//!
//! The source sentences are analysed once (`nlp::analyze`): a sentence whose statement is
//! attributed to a named person becomes a *template* with a hole where the name was, and
//! the other sentences become filler. Each article gets one to three speakers (a real name,
//! favouring frequent ones as the news does, or a first name and surname recombined),
//! named in full at first mention and by surname after, like a news report. Article `i`
//! depends only on the seed and `i`, and its publication date is spread over 2014–2026.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use super::SplitMix64;
use crate::nlp::{self, EntityKind};

/// The source files, relative to the corpora directory.
pub const SOURCES: &[&str] = &[
    "reuters21578/articles.jsonl",
    "polnear/train.jsonl",
    "polnear/dev.jsonl",
];

/// The first and last publication dates of generated articles.
const FIRST_DAY: (i32, u32, u32) = (2014, 1, 1);
const LAST_DAY: (i32, u32, u32) = (2026, 10, 31);
/// Share of paragraphs that attribute a statement to one of the article's speakers.
const ATTRIBUTION_SHARE: f64 = 0.45;

#[derive(Debug, thiserror::Error)]
pub enum GenerateError {
    #[error(
        "cannot read {path}: {source} (the benchmark reads the shared corpora; pass --corpora DIR)"
    )]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}:{line}: not an article: {message}")]
    Parse {
        path: PathBuf,
        line: usize,
        message: String,
    },
    #[error("the source corpora gave too little to recombine ({0}); check --corpora")]
    TooLittle(&'static str),
    #[error("cannot write the corpus: {0}")]
    Write(#[from] std::io::Error),
}

/// One source article, as the shared corpora store it.
#[derive(Deserialize)]
struct SourceArticle {
    text: String,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    publisher: Option<String>,
    #[serde(default)]
    source: Option<String>,
}

/// A sentence that attributes a statement to a person, with the person's name cut out.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Template {
    before: String,
    after: String,
}

/// What articles are recombined from.
#[derive(Debug)]
pub struct Pool {
    templates: Vec<Template>,
    fillers: Vec<String>,
    /// Real speakers' names, the most often quoted first.
    names: Vec<String>,
    first_names: Vec<String>,
    surnames: Vec<String>,
    titles: Vec<String>,
    outlets: Vec<String>,
    /// Every lowercase word of the sources: a name made of words outside it is absent from
    /// any generated corpus.
    vocabulary: HashSet<String>,
}

/// One generated article, as `whosaid ingest` reads JSON Lines.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Article {
    pub id: String,
    pub source: String,
    pub published: String,
    pub title: String,
    pub url: String,
    pub text: String,
}

impl Pool {
    /// Read and analyse the source corpora under `corpora` (the `../shared/corpora` folder).
    pub fn load(corpora: &Path) -> Result<Pool, GenerateError> {
        let mut b = Builder::default();
        for rel in SOURCES {
            let path = corpora.join(rel);
            let file = std::fs::File::open(&path).map_err(|source| GenerateError::Read {
                path: path.clone(),
                source,
            })?;
            for (n, line) in BufReader::new(file).lines().enumerate() {
                let line = line.map_err(|source| GenerateError::Read {
                    path: path.clone(),
                    source,
                })?;
                if line.trim().is_empty() {
                    continue;
                }
                let a: SourceArticle =
                    serde_json::from_str(&line).map_err(|e| GenerateError::Parse {
                        path: path.clone(),
                        line: n + 1,
                        message: e.to_string(),
                    })?;
                b.add(&a);
            }
        }
        b.finish()
    }

    /// Build from source texts directly (tests).
    pub fn from_texts(texts: &[(&str, &str)]) -> Result<Pool, GenerateError> {
        let mut b = Builder::default();
        for (title, text) in texts {
            b.add(&SourceArticle {
                text: text.to_string(),
                title: Some(title.to_string()),
                publisher: Some("Test Wire".into()),
                source: None,
            });
        }
        b.finish()
    }

    /// Whether a lowercase word occurs anywhere in the sources.
    pub fn knows_word(&self, lower: &str) -> bool {
        self.vocabulary.contains(lower)
    }

    pub fn first_names(&self) -> &[String] {
        &self.first_names
    }

    /// Article `i` of the corpus for `seed`.
    pub fn article(&self, seed: u64, i: u64) -> Article {
        let mut rng = SplitMix64::for_item(seed, i);
        let published = publication_date(&mut rng);
        let speakers: Vec<(String, String)> = (0..1 + rng.below(3))
            .map(|_| self.speaker(&mut rng))
            .collect();
        let mut named = vec![false; speakers.len()];
        let paragraphs = 5 + rng.below(11);
        let mut text = String::new();
        for p in 0..paragraphs {
            if p > 0 {
                text.push_str("\n\n");
            }
            // The lead paragraph attributes, as news leads do.
            let attribute = p == 0 || rng.chance(ATTRIBUTION_SHARE);
            match (attribute, rng.pick(&self.templates)) {
                (true, Some(t)) => {
                    let s = rng.below(speakers.len());
                    let (full, short) = &speakers[s];
                    let name = if named[s] { short } else { full };
                    named[s] = true;
                    text.push_str(&t.before);
                    text.push_str(name);
                    text.push_str(&t.after);
                }
                _ => text.push_str(rng.pick(&self.fillers).map_or("", String::as_str)),
            }
        }
        let title = rng.pick(&self.titles).cloned().unwrap_or_default();
        let source = rng.pick(&self.outlets).cloned().unwrap_or_default();
        Article {
            id: format!("bench-{seed}-{i}"),
            url: format!(
                "https://bench.whosaid.invalid/{}/{i}-{}",
                published.format("%Y/%m/%d"),
                slug(&title)
            ),
            source,
            published: published.format("%Y-%m-%d").to_string(),
            title,
            text,
        }
    }

    /// A speaker's full name and the name used after the first mention (the surname).
    fn speaker(&self, rng: &mut SplitMix64) -> (String, String) {
        let full = if rng.chance(0.6) && !self.names.is_empty() {
            // Skewed towards the front: a few names are in the news every day.
            let at = (self.names.len() as f64 * rng.unit().powi(3)) as usize;
            self.names[at.min(self.names.len() - 1)].clone()
        } else {
            let first = rng.pick(&self.first_names).cloned().unwrap_or_default();
            let last = rng.pick(&self.surnames).cloned().unwrap_or_default();
            format!("{first} {last}")
        };
        let short = full.rsplit(' ').next().unwrap_or(&full).to_string();
        (full, short)
    }
}

/// Write articles `0..n` of `seed` as JSON Lines, streaming. `each` sees every article
/// after it is written (the question mix is drawn from the first ones).
pub fn write_corpus(
    pool: &Pool,
    seed: u64,
    n: u64,
    out: &mut impl Write,
    mut each: impl FnMut(u64, &Article),
) -> Result<u64, GenerateError> {
    let mut bytes = 0u64;
    for i in 0..n {
        let a = pool.article(seed, i);
        bytes += a.text.len() as u64;
        serde_json::to_writer(&mut *out, &a).map_err(std::io::Error::from)?;
        out.write_all(b"\n")?;
        each(i, &a);
    }
    out.flush()?;
    Ok(bytes)
}

fn publication_date(rng: &mut SplitMix64) -> NaiveDate {
    let day = |(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
    let (first, last) = (day(FIRST_DAY), day(LAST_DAY));
    let span = (last - first).num_days().max(0) as usize + 1;
    first + Duration::days(rng.below(span) as i64)
}

/// The lowercase words of a title joined by dashes, at most 60 bytes.
fn slug(title: &str) -> String {
    let mut s = String::new();
    for w in title
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if s.len() + w.len() + 1 > 60 {
            break;
        }
        if !s.is_empty() {
            s.push('-');
        }
        s.push_str(&w.to_ascii_lowercase());
    }
    if s.is_empty() {
        s.push_str("article");
    }
    s
}

/// Collects the pool from source articles, in a deterministic order.
#[derive(Default)]
struct Builder {
    templates: BTreeSet<Template>,
    fillers: BTreeSet<String>,
    name_counts: BTreeMap<String, usize>,
    titles: BTreeSet<String>,
    outlets: BTreeSet<String>,
    vocabulary: HashSet<String>,
}

impl Builder {
    fn add(&mut self, a: &SourceArticle) {
        for w in a.text.split(|c: char| !c.is_alphanumeric()) {
            if !w.is_empty() {
                self.vocabulary.insert(w.to_lowercase());
            }
        }
        if let Some(t) = a.title.as_deref().map(str::trim).filter(|t| t.len() >= 10) {
            self.titles.insert(t.to_string());
        }
        if let Some(o) = a.publisher.as_deref().or(a.source.as_deref()) {
            self.outlets.insert(outlet_name(o));
        }
        let analysis = nlp::analyze(&a.text, None);
        let mut used = vec![false; analysis.sentences.len()];
        for st in &analysis.statements {
            let (Some(speaker), Some(src)) = (&st.speaker, st.source) else {
                continue;
            };
            let Some(sent) = analysis.sentences.get(st.sentence) else {
                continue;
            };
            // The source may carry a role before the name ("Foreign Minister Anna
            // Lindqvist"): cut out only the name, so the role stays in the template.
            let name = speaker.name.as_str();
            if speaker.kind != EntityKind::Person
                || used[st.sentence]
                || !sent.contains(src)
                || !src.text(&a.text).ends_with(name)
                || !is_full_name(name)
            {
                continue;
            }
            let name_start = src.end - name.len();
            used[st.sentence] = true;
            *self.name_counts.entry(name.to_string()).or_default() += 1;
            let before = one_line(a.text.get(sent.start..name_start).unwrap_or(""));
            let after = one_line(a.text.get(src.end..sent.end).unwrap_or(""));
            let whole = format!("{before}{name}{after}");
            if plausible_sentence(&whole) {
                self.templates.insert(Template { before, after });
            }
        }
        for (i, sent) in analysis.sentences.iter().enumerate() {
            let s = one_line(sent.text(&a.text)).trim().to_string();
            if !used[i] && plausible_sentence(&s) {
                self.fillers.insert(s);
            }
        }
    }

    fn finish(self) -> Result<Pool, GenerateError> {
        let mut names: Vec<(String, usize)> = self.name_counts.into_iter().collect();
        names.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let names: Vec<String> = names.into_iter().map(|(n, _)| n).collect();
        let first_names: BTreeSet<String> = names
            .iter()
            .filter_map(|n| n.split(' ').next().map(str::to_string))
            .collect();
        let surnames: BTreeSet<String> = names
            .iter()
            .filter_map(|n| n.rsplit(' ').next().map(str::to_string))
            .collect();
        let pool = Pool {
            templates: self.templates.into_iter().collect(),
            fillers: self.fillers.into_iter().collect(),
            names,
            first_names: first_names.into_iter().collect(),
            surnames: surnames.into_iter().collect(),
            titles: self.titles.into_iter().collect(),
            outlets: self.outlets.into_iter().collect(),
            vocabulary: self.vocabulary,
        };
        for (what, empty) in [
            (
                "no sentence attributed to a named person",
                pool.templates.is_empty(),
            ),
            ("no other sentence", pool.fillers.is_empty()),
            ("no title", pool.titles.is_empty()),
        ] {
            if empty {
                return Err(GenerateError::TooLittle(what));
            }
        }
        Ok(pool)
    }
}

/// "breitbart" → "Breitbart"; "Reuters" stays.
fn outlet_name(raw: &str) -> String {
    let mut c = raw.trim().chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// Two to four capitalised words of letters (and hyphens, apostrophes, dots) starting with
/// a known first name: "Hillary Clinton", "Jean-Claude Juncker". Excludes pronouns, groups,
/// titles and misread phrases ("Endorsed Ted Cruz").
fn is_full_name(s: &str) -> bool {
    let words: Vec<&str> = s.split(' ').collect();
    let lex = nlp::lexicon::lexicon();
    let first = words[0].to_lowercase();
    (2..=4).contains(&words.len())
        && (lex.female_names.contains(&first) || lex.male_names.contains(&first))
        && words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                && w.chars()
                    .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '.'))
        })
        && words
            .last()
            .is_some_and(|w| w.len() >= 3 && !w.contains('.'))
}

/// Text as one line: each whitespace run (paragraph breaks included) becomes one space,
/// at the ends too, so the pieces around a cut-out name keep their spacing.
fn one_line(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space {
            out.push(' ');
        }
        space = false;
        out.push(c);
    }
    if space {
        out.push(' ');
    }
    out
}

/// Prose, not a table row or a dateline: six words or more, starts and ends like a
/// sentence, quotes balanced, mostly lowercase letters.
fn plausible_sentence(s: &str) -> bool {
    let s = s.trim();
    let words = s.split_whitespace().count();
    let lower = s.chars().filter(|c| c.is_lowercase()).count();
    let upper = s.chars().filter(|c| c.is_uppercase()).count();
    let count = |c: char| s.matches(c).count();
    (6..=80).contains(&words)
        && s.starts_with(|c: char| c.is_uppercase() || c == '"' || c == '“')
        && s.ends_with(['.', '"', '”', '?', '!'])
        && count('"') % 2 == 0
        && count('“') == count('”')
        && lower > 4 * upper
        && !s.contains(" vs ")
}

#[cfg(test)]
mod tests {
    use super::*;

    const SOURCES: &[(&str, &str)] = &[
        (
            "Bank raises rates",
            "Governor Mary Okafor said the bank would raise rates next month.\n\n\
             Markets were calm on the news across the region.\n\n\
             \"We are watching inflation closely,\" said John Petrakis, the finance minister.",
        ),
        (
            "Talks resume in Geneva",
            "Negotiators met again on Tuesday after a pause of three weeks.\n\n\
             Foreign Minister Anna Lindqvist told reporters that progress had been made.",
        ),
    ];

    fn pool() -> Pool {
        Pool::from_texts(SOURCES).unwrap()
    }

    #[test]
    fn templates_keep_the_sentence_around_the_name() {
        let p = pool();
        assert!(
            p.names.contains(&"Mary Okafor".to_string()),
            "{:?}",
            p.names
        );
        assert!(p.templates.iter().any(|t| t.after.contains("raise rates")));
        assert!(p.fillers.iter().any(|f| f.starts_with("Markets were calm")));
    }

    #[test]
    fn the_same_seed_gives_the_same_corpus_and_another_seed_another() {
        let p = pool();
        let run = |seed| {
            let mut out = Vec::new();
            write_corpus(&p, seed, 50, &mut out, |_, _| {}).unwrap();
            out
        };
        assert_eq!(run(3), run(3));
        assert_ne!(run(3), run(4));
    }

    #[test]
    fn writes_n_lines_of_articles_with_unique_ids_and_urls() {
        let p = pool();
        let mut out = Vec::new();
        write_corpus(&p, 1, 200, &mut out, |_, _| {}).unwrap();
        let text = String::from_utf8(out).unwrap();
        let arts: Vec<Article> = text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(arts.len(), 200);
        let ids: HashSet<&str> = arts.iter().map(|a| a.id.as_str()).collect();
        let urls: HashSet<&str> = arts.iter().map(|a| a.url.as_str()).collect();
        assert_eq!((ids.len(), urls.len()), (200, 200));
        assert!(arts
            .iter()
            .all(|a| a.url.starts_with("https://bench.whosaid.invalid/")));
        // Each article is readable by the loader.
        let doc = crate::corpus::loader::parse_jsonl_line(
            text.lines().next().unwrap(),
            &Default::default(),
        )
        .unwrap();
        assert!(doc.published.is_some());
    }

    #[test]
    fn dates_spread_over_the_years() {
        let p = pool();
        let years: BTreeSet<String> = (0..500)
            .map(|i| p.article(9, i).published[..4].to_string())
            .collect();
        assert!(years.len() >= 12, "{years:?}");
        assert!(years
            .iter()
            .all(|y| ("2014"..="2026").contains(&y.as_str())));
    }

    #[test]
    fn a_speaker_is_named_in_full_first_and_the_analysis_finds_statements() {
        let p = pool();
        let a = p.article(5, 0);
        let analysis = nlp::analyze(&a.text, None);
        assert!(!analysis.statements.is_empty(), "{}", a.text);
    }

    #[test]
    fn article_i_does_not_depend_on_n() {
        let p = pool();
        let mut short = Vec::new();
        write_corpus(&p, 2, 10, &mut short, |_, _| {}).unwrap();
        let mut long = Vec::new();
        write_corpus(&p, 2, 30, &mut long, |_, _| {}).unwrap();
        assert!(long.starts_with(&short));
    }

    #[test]
    fn one_line_keeps_one_space_at_the_cut() {
        assert_eq!(one_line(" said the\n\nbank."), " said the bank.");
        assert_eq!(one_line("Governor "), "Governor ");
        assert_eq!(one_line(""), "");
    }

    #[test]
    fn slugs_are_short_and_plain() {
        assert_eq!(slug("BAHIA COCOA REVIEW"), "bahia-cocoa-review");
        assert_eq!(slug("¿?"), "article");
        assert!(slug(&"word ".repeat(40)).len() <= 60);
    }
}
