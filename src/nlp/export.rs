//! The `whosaid extract` contract: an article's statements as JSON with character offsets
//! (as Python indexes strings), the format extraction quality is measured on.

use chrono::{Datelike, NaiveDate};
use serde::{Serialize, Serializer};

use super::offsets::CharOffsets;
use super::{Analysis, DateSpan, Span};

#[derive(Serialize)]
pub struct ExtractedArticle<'a> {
    pub id: &'a str,
    pub attributions: Vec<ExtractedAttribution>,
}

#[derive(Serialize)]
pub struct ExtractedAttribution {
    pub source: Option<CharSpan>,
    pub cue: Option<CharSpan>,
    pub content: CharSpan,
    pub speaker: Option<String>,
    pub kind: &'static str,
    #[serde(serialize_with = "write_when")]
    pub when: Option<DateSpan>,
}

/// `when` as [`DateSpan`]'s own `Serialize` writes it, but with the dates written directly:
/// formatting them through chrono took a large share of the export's time.
fn write_when<S: Serializer>(when: &Option<DateSpan>, s: S) -> Result<S::Ok, S::Error> {
    #[derive(Serialize)]
    #[serde(rename = "DateSpan")]
    struct When<'a> {
        text: &'a str,
        start: Option<IsoDate>,
        end: Option<IsoDate>,
        basis: Option<IsoDate>,
    }
    when.as_ref()
        .map(|w| When {
            text: &w.text,
            start: w.start.map(IsoDate),
            end: w.end.map(IsoDate),
            basis: w.basis.map(IsoDate),
        })
        .serialize(s)
}

/// A date serialised as chrono does ("2022-02-24"; a year outside 0–9999 is left to chrono).
struct IsoDate(NaiveDate);

impl Serialize for IsoDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let d = self.0;
        let Ok(year @ 0..=9999) = u32::try_from(d.year()) else {
            return d.serialize(s);
        };
        let mut buf = *b"0000-00-00";
        for (at, two) in [
            (0, year / 100),
            (2, year % 100),
            (5, d.month()),
            (8, d.day()),
        ] {
            buf[at] = b'0' + (two / 10) as u8;
            buf[at + 1] = b'0' + (two % 10) as u8;
        }
        s.serialize_str(std::str::from_utf8(&buf).unwrap_or_default())
    }
}

/// A span in characters, with its text and, for discontinuous content, its fragments.
#[derive(Serialize)]
pub struct CharSpan {
    pub start: usize,
    pub end: usize,
    pub text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fragments: Option<Vec<[usize; 2]>>,
}

/// The extract record of one analysed article.
pub fn article<'a>(id: &'a str, text: &str, analysis: &Analysis) -> ExtractedArticle<'a> {
    let map = CharOffsets::new(text);
    let fragments = Fragments::new(&analysis.statements);
    let span = |s: Span| CharSpan {
        start: map.char_of(s.start),
        end: map.char_of(s.end),
        text: s.text(text).to_string(),
        fragments: None,
    };
    let mut exported: Vec<&super::Statement> = analysis
        .statements
        .iter()
        .enumerate()
        .filter(|(i, st)| !st.content.is_empty() && !is_nested(*i, st, &fragments))
        .map(|(_, st)| st)
        .collect();
    drop_rereadings(text, &mut exported);
    let attributions = exported
        .into_iter()
        .map(|st| {
            let hull = st.content_hull();
            let mut content = span(hull);
            if st.content.len() > 1 {
                content.fragments = Some(
                    st.content
                        .iter()
                        .map(|f| [map.char_of(f.start), map.char_of(f.end)])
                        .collect(),
                );
            }
            ExtractedAttribution {
                source: st.source.map(span),
                cue: st.cue.map(span),
                content,
                speaker: st.speaker.as_ref().map(|s| s.name.clone()),
                kind: st.kind.as_str(),
                when: st.when.clone(),
            }
        })
        .collect();
    ExtractedArticle { id, attributions }
}

/// Leaves out a statement whose content is mostly the words of one before it (word
/// overlap F1 ≥ 0.7, as the scorer counts words): one stretch of text read by two cues ("“…,”
/// he tells hundreds of screaming supporters", a quote read by its tag and again by the
/// follow-on pass) is one attribution, each word playing one role. The first is kept,
/// unless only the later names a source. The analysis keeps both, as with nested ones.
/// Words are counted only where two contents meet, which is seldom.
fn drop_rereadings(text: &str, statements: &mut Vec<&super::Statement>) {
    let n = statements.len();
    if n < 2 {
        return;
    }
    let hulls: Vec<Span> = statements.iter().map(|st| st.content_hull()).collect();
    let mut sizes: Vec<Option<usize>> = vec![None; n];
    let mut size = |i: usize| -> usize {
        *sizes[i].get_or_insert_with(|| {
            statements[i]
                .content
                .iter()
                .map(|&c| words_in(text, c))
                .sum()
        })
    };
    let mut kept: Vec<usize> = Vec::new();
    for i in 0..n {
        let twin = kept.iter().position(|&j| {
            if hulls[i].end <= hulls[j].start || hulls[j].end <= hulls[i].start {
                return false;
            }
            let shared: usize = statements[i]
                .content
                .iter()
                .flat_map(|a| statements[j].content.iter().map(move |b| (a, b)))
                .map(|(a, b)| {
                    let (s, e) = (a.start.max(b.start), a.end.min(b.end));
                    if s < e {
                        words_in(text, Span::new(s, e))
                    } else {
                        0
                    }
                })
                .sum();
            let total = size(i) + size(j);
            total > 0 && 20 * shared >= 7 * total
        });
        match twin {
            Some(k) if statements[kept[k]].source.is_none() && statements[i].source.is_some() => {
                kept[k] = i;
            }
            Some(_) => {}
            None => kept.push(i),
        }
    }
    kept.sort_unstable();
    *statements = kept.into_iter().map(|i| statements[i]).collect();
}

/// The words a span touches: runs of letters, digits and "_", as the scorer's `\w+` (a word
/// cut by the span's edge counts).
fn words_in(text: &str, span: Span) -> usize {
    let Some(part) = text.get(span.start..span.end) else {
        return 0;
    };
    let mut in_word = false;
    let mut count = 0;
    for ch in part.chars() {
        let word = ch.is_alphanumeric() || ch == '_';
        count += usize::from(word && !in_word);
        in_word = word;
    }
    count
}

/// Whether a statement's cue lies inside another statement's content: "Trump said Clinton
/// claimed …" is one attribution as the annotation guidelines count them (each word plays
/// one role). The nested statement stays in the analysis, where questions can use it.
fn is_nested(index: usize, st: &super::Statement, fragments: &Fragments) -> bool {
    let Some(cue) = st.cue else { return false };
    if st.kind == super::StatementKind::Direct {
        return false;
    }
    // The whole attribution clause sits inside the other's content: its source too, when
    // it has one there ("said Clinton claimed"); a participle's subject stands outside.
    let head = st.source.map_or(cue, |s| s.join(cue));
    fragments.other_contains(head, index)
}

/// An end of a content fragment and the index of its statement.
type End = (usize, usize);

/// Every content fragment sorted by start, with, for each prefix of that order, the two
/// largest ends that belong to different statements. "Does another statement's content
/// contain this span" is then a binary search, so a long article's export stays
/// O(n log n) in its statements rather than O(n²).
struct Fragments {
    starts: Vec<usize>,
    best: Vec<[Option<End>; 2]>,
}

impl Fragments {
    fn new(statements: &[super::Statement]) -> Self {
        let mut frags: Vec<(usize, End)> = statements
            .iter()
            .enumerate()
            .flat_map(|(i, st)| st.content.iter().map(move |c| (c.start, (c.end, i))))
            .collect();
        frags.sort_unstable();
        let mut best = [None, None];
        let mut out = Fragments {
            starts: Vec::with_capacity(frags.len()),
            best: Vec::with_capacity(frags.len()),
        };
        for (start, end) in frags {
            best = keep_two_largest(best, end);
            out.starts.push(start);
            out.best.push(best);
        }
        out
    }

    /// Whether a fragment of a statement other than `index` contains `span`.
    fn other_contains(&self, span: Span, index: usize) -> bool {
        let before = self.starts.partition_point(|&s| s <= span.start);
        let Some(best) = before.checked_sub(1).and_then(|i| self.best.get(i)) else {
            return false;
        };
        best.iter()
            .flatten()
            .any(|&(end, owner)| owner != index && end >= span.end)
    }
}

/// The largest end, and the largest end of another statement, among `best` and `new`.
fn keep_two_largest(best: [Option<End>; 2], new: End) -> [Option<End>; 2] {
    let mut all: Vec<End> = best.into_iter().flatten().chain([new]).collect();
    all.sort_unstable_by_key(|e| std::cmp::Reverse(e.0));
    let Some(&first) = all.first() else {
        return best;
    };
    let second = all.iter().copied().find(|e| e.1 != first.1);
    [Some(first), second]
}

#[cfg(test)]
mod tests {
    use super::super::{Statement, StatementKind};
    use super::*;

    fn statement(content: Vec<Span>) -> Statement {
        Statement {
            speaker: None,
            source: None,
            cue: None,
            content,
            kind: StatementKind::Indirect,
            when: None,
            sentence: 0,
            setting: None,
            anaphor: None,
        }
    }

    /// One stretch of text read by two cues is exported once; the analysis keeps both.
    #[test]
    fn a_content_read_twice_is_exported_once() {
        let text = "“Folks, let’s go, let’s have a big win in Nevada,” he tells hundreds of \
                    screaming supporters at a victory party.";
        let analysis = crate::nlp::analyze(text, None);
        assert!(analysis.statements.len() >= 2, "{:?}", analysis.statements);
        let record = article("t", text, &analysis);
        let cues: Vec<&str> = record
            .attributions
            .iter()
            .filter_map(|a| a.cue.as_ref().map(|c| c.text.as_str()))
            .collect();
        assert_eq!(cues, ["tells"]);
        // The same words in two places are two statements.
        let text = "Smith said the plan failed. Jones said the plan failed too, and more.";
        let record = article("t", text, &crate::nlp::analyze(text, None));
        assert_eq!(record.attributions.len(), 2);
    }

    /// Of two readings of one content, the one that names a source is kept.
    #[test]
    fn the_reading_with_a_source_is_kept() {
        let text = "Aides said the deal was off.";
        let mut first = statement(vec![Span::new(11, 27)]);
        first.cue = Some(Span::new(6, 10));
        let mut second = first.clone();
        second.source = Some(Span::new(0, 5));
        let (a, b) = (first, second);
        let mut both = vec![&a, &b];
        drop_rereadings(text, &mut both);
        assert_eq!(both.len(), 1);
        assert_eq!(both[0].source, Some(Span::new(0, 5)));
    }

    #[test]
    fn dates_are_written_as_chrono_writes_them() {
        for (y, m, d) in [
            (2022, 2, 24),
            (1987, 12, 1),
            (7, 1, 9),
            (0, 1, 1),
            (-3, 5, 6),
            (12345, 1, 1),
        ] {
            let date = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            assert_eq!(
                serde_json::to_string(&IsoDate(date)).unwrap(),
                serde_json::to_string(&date).unwrap()
            );
        }
        let when = Some(DateSpan {
            text: "in \"May\"".into(),
            start: NaiveDate::from_ymd_opt(2024, 5, 1),
            end: NaiveDate::from_ymd_opt(2024, 5, 31),
            basis: None,
        });
        let mut ours = Vec::new();
        write_when(&when, &mut serde_json::Serializer::new(&mut ours)).unwrap();
        assert_eq!(
            String::from_utf8(ours).unwrap(),
            serde_json::to_string(&when).unwrap()
        );
    }

    #[test]
    fn fragment_index_agrees_with_comparing_every_pair() {
        // A small linear congruential generator: varied overlapping spans, reproducibly.
        let mut seed = 7u64;
        let mut next = |m: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((seed >> 33) % m) as usize
        };
        let statements: Vec<Statement> = (0..60)
            .map(|_| {
                let frags = (0..1 + next(3))
                    .map(|_| {
                        let start = next(200);
                        Span::new(start, start + next(60))
                    })
                    .collect();
                statement(frags)
            })
            .collect();
        let index = Fragments::new(&statements);
        for _ in 0..2000 {
            let start = next(220);
            let span = Span::new(start, start + next(20));
            let me = next(60);
            let brute = statements
                .iter()
                .enumerate()
                .any(|(i, st)| i != me && st.content.iter().any(|c| c.contains(span)));
            assert_eq!(index.other_contains(span, me), brute, "{span:?} for {me}");
        }
    }
}
