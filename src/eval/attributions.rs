//! Scoring predicted attributions (source, cue, content spans) against gold: an exact port of
//! `shared/eval/score_attributions.py` — same tokens, same greedy matching, same metrics,
//! same JSON keys and the same text table. Read the script's docstring for the definitions.
//! Calls `super::python` only.

use std::collections::{BTreeSet, HashMap, HashSet};

use anyhow::{bail, Result};
use serde::Serialize;
use serde_json::Value;

use super::python::{self, Row};

/// The double quotation marks that make a content "direct".
const DOUBLE_QUOTES: [char; 6] = ['"', '\u{201c}', '\u{201d}', '\u{201e}', '\u{ab}', '\u{bb}'];
/// The words a source is compared without, exactly as the reference scorer's
/// `SOURCE_STOPWORDS`: a port must score as the script does, so this is not the lexicon's
/// stop-word list.
const SOURCE_STOPWORDS: [&str; 12] = [
    "the",
    "a",
    "an",
    "mr",
    "mrs",
    "ms",
    "dr",
    "sen",
    "rep",
    "gov",
    "president",
    "s",
];

/// A file of JSON Lines rows and the name to report errors under.
pub struct Input<'a> {
    pub name: &'a str,
    pub rows: &'a [Row],
}

/// A span as token sets: word tokens, and word-and-punctuation tokens ("marks").
#[derive(Debug)]
struct Span {
    tokens: Vec<usize>,
    marks: Vec<usize>,
    text: String,
}

#[derive(Debug)]
struct Attribution {
    content: Span,
    source: Option<Span>,
    cue: Option<Span>,
    direct: bool,
}

/// An article's text with its tokens, all offsets in characters.
struct Tokenized<'t> {
    text: &'t str,
    /// byte offset of every character, plus the text's length at the end
    char_bytes: Vec<usize>,
    words: Vec<(usize, usize)>,
    marks: Vec<(usize, usize)>,
}

impl<'t> Tokenized<'t> {
    fn new(text: &'t str) -> Self {
        let mut char_bytes: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        char_bytes.push(text.len());
        let to_chars = |re: &regex::Regex| -> Vec<(usize, usize)> {
            re.find_iter(text)
                .map(|m| {
                    let s = char_bytes.partition_point(|b| *b < m.start());
                    let e = char_bytes.partition_point(|b| *b < m.end());
                    (s, e)
                })
                .collect()
        };
        let words = to_chars(&python::WORD);
        let marks = to_chars(&python::TOKEN);
        Tokenized {
            text,
            char_bytes,
            words,
            marks,
        }
    }

    fn len(&self) -> usize {
        self.char_bytes.len() - 1
    }

    /// `text[s:e]` in characters.
    fn slice(&self, s: usize, e: usize) -> &'t str {
        &self.text[self.char_bytes[s]..self.char_bytes[e]]
    }
}

/// The indexes of the tokens with `ts < e and te > s` (tokens are sorted and disjoint).
fn touched(tokens: &[(usize, usize)], s: usize, e: usize) -> std::ops::Range<usize> {
    let lo = tokens.partition_point(|t| t.1 <= s);
    let hi = tokens.partition_point(|t| t.0 < e);
    lo..hi.max(lo)
}

fn span_tokens(raw: &Value, toks: &Tokenized, at: &str) -> Result<Span> {
    if !raw.is_object() {
        bail!("{at}: span must be an object, got {raw}");
    }
    let bad = |why: &str| anyhow::anyhow!("{at}: bad span {raw} ({why})");
    let frags_raw: Vec<Value> = match raw.get("fragments") {
        Some(f) if python::truthy(f) => match f {
            Value::Array(a) => a.clone(),
            _ => return Err(bad("\"fragments\" must be a list of [start, end]")),
        },
        _ => {
            let start = raw.get("start").ok_or_else(|| bad("no \"start\""))?;
            let end = raw.get("end").ok_or_else(|| bad("no \"end\""))?;
            vec![Value::Array(vec![start.clone(), end.clone()])]
        }
    };
    let mut frags = Vec::with_capacity(frags_raw.len());
    for f in &frags_raw {
        let pair = match f {
            Value::Array(p) if p.len() == 2 => (python::int(&p[0]), python::int(&p[1])),
            _ => return Err(bad("a fragment must be [start, end]")),
        };
        match pair {
            (Some(s), Some(e)) => frags.push((s, e)),
            _ => return Err(bad("offsets must be integers")),
        }
    }
    let n = toks.len();
    let (mut words, mut marks) = (BTreeSet::new(), BTreeSet::new());
    let mut pieces = Vec::with_capacity(frags.len());
    for (s, e) in frags {
        if !(0 <= s && s <= e && e <= n as i64) {
            bail!("{at}: span {s}-{e} outside text of length {n}");
        }
        let (s, e) = (s as usize, e as usize);
        words.extend(touched(&toks.words, s, e));
        marks.extend(touched(&toks.marks, s, e));
        pieces.push(toks.slice(s, e));
    }
    Ok(Span {
        tokens: words.into_iter().collect(),
        marks: marks.into_iter().collect(),
        text: pieces.join(" "),
    })
}

/// `file` and each item's line name the place of a bad span, `label` the article.
fn read_attributions(
    items: &[(Value, usize)],
    toks: &Tokenized,
    file: &str,
    label: &str,
) -> Result<Vec<Attribution>> {
    let mut out = Vec::new();
    for (n, (item, line)) in items.iter().enumerate() {
        let w = format!("{file}:{line}: {label} attribution {n}");
        let Some(obj) = item.as_object() else {
            continue;
        };
        let Some(content) = obj.get("content").filter(|c| python::truthy(c)) else {
            continue; // an attribution without content cannot be matched
        };
        let content = span_tokens(content, toks, &format!("{w} content"))?;
        if content.tokens.is_empty() {
            continue;
        }
        let optional = |key: &str| -> Result<Option<Span>> {
            match obj.get(key).filter(|v| python::truthy(v)) {
                Some(v) => Ok(Some(span_tokens(v, toks, &format!("{w} {key}"))?)),
                None => Ok(None),
            }
        };
        // a span that covers no token (e.g. start == end) means "none"
        let source = optional("source")?.filter(|s| !s.marks.is_empty());
        let cue = optional("cue")?.filter(|s| !s.marks.is_empty());
        let direct = content.text.contains(DOUBLE_QUOTES);
        out.push(Attribution {
            content,
            source,
            cue,
            direct,
        });
    }
    Ok(out)
}

fn intersection_len(a: &[usize], b: &[usize]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

fn overlap_f1(a: &[usize], b: &[usize]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    (2 * intersection_len(a, b)) as f64 / (a.len() + b.len()) as f64
}

/// One-to-one greedy matching by decreasing score, ties by (pred index, gold index); pairs
/// below `threshold` (or scoring 0) are dropped.
fn greedy_match<P, G>(
    preds: &[P],
    golds: &[G],
    score: impl Fn(&P, &G) -> f64,
    threshold: f64,
) -> Vec<(usize, usize)> {
    let mut pairs = Vec::new();
    for (i, p) in preds.iter().enumerate() {
        for (j, g) in golds.iter().enumerate() {
            let s = score(p, g);
            if s >= threshold && s > 0.0 {
                pairs.push((s, i, j));
            }
        }
    }
    pairs.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let (mut used_p, mut used_g, mut out) = (HashSet::new(), HashSet::new(), Vec::new());
    for (_, i, j) in pairs {
        if !used_p.contains(&i) && !used_g.contains(&j) {
            used_p.insert(i);
            used_g.insert(j);
            out.push((i, j));
        }
    }
    out
}

/// `re.sub(r"['\u2019]s\b", "", text.lower())`, then the `\w+` words minus the stopwords.
fn norm_words(text: &str) -> HashSet<String> {
    let lower = text.to_lowercase();
    let chars: Vec<char> = lower.chars().collect();
    let mut kept = String::with_capacity(lower.len());
    let mut i = 0;
    while i < chars.len() {
        let possessive = matches!(chars[i], '\'' | '\u{2019}')
            && chars.get(i + 1) == Some(&'s')
            && !chars.get(i + 2).is_some_and(|c| python::is_word_char(*c));
        if possessive {
            i += 2;
        } else {
            kept.push(chars[i]);
            i += 1;
        }
    }
    python::WORD
        .find_iter(&kept)
        .map(|m| m.as_str())
        .filter(|w| !SOURCE_STOPWORDS.contains(w))
        .map(str::to_string)
        .collect()
}

fn source_right(p: Option<&Span>, g: Option<&Span>) -> bool {
    let (Some(p), Some(g)) = (p, g) else {
        return p.is_none() && g.is_none();
    };
    if intersection_len(&p.tokens, &g.tokens) > 0
        || (p.tokens.is_empty() && intersection_len(&p.marks, &g.marks) > 0)
    {
        return true;
    }
    let (pw, gw) = (norm_words(&p.text), norm_words(&g.text));
    if pw.is_empty() || gw.is_empty() {
        return false;
    }
    let (small, big) = if pw.len() <= gw.len() {
        (&pw, &gw)
    } else {
        (&gw, &pw)
    };
    small.is_subset(big)
}

fn cue_right(p: Option<&Span>, g: Option<&Span>) -> bool {
    match (p, g) {
        (Some(p), Some(g)) => intersection_len(&p.marks, &g.marks) > 0,
        (p, g) => p.is_none() && g.is_none(),
    }
}

/// Precision, recall and F1 with their counts.
#[derive(Debug, Clone, Serialize)]
pub struct Prf {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub tp: u64,
    pub pred: u64,
    pub gold: u64,
}

impl Prf {
    fn new(tp: u64, pred: u64, gold: u64) -> Prf {
        let p = ratio(tp, pred);
        let r = ratio(tp, gold);
        let f1 = if p + r != 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        Prf {
            precision: p,
            recall: r,
            f1,
            tp,
            pred,
            gold,
        }
    }
}

fn ratio(a: u64, b: u64) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct SourceGivenContent {
    pub accuracy: f64,
    pub accuracy_where_gold_has_source: f64,
    pub pairs: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct CueGivenContent {
    pub accuracy: f64,
    pub pairs: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct TypeScore {
    pub gold: u64,
    pub recall: f64,
    pub pred: u64,
    pub precision: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct ByType {
    pub direct: TypeScore,
    pub indirect: TypeScore,
}

/// The script's result object, field for field and in its key order.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub articles: usize,
    pub unknown_pred_ids: Vec<String>,
    pub threshold: f64,
    pub content_exact: Prf,
    pub content_overlap: Prf,
    pub source_given_content: SourceGivenContent,
    pub cue_given_content: CueGivenContent,
    pub attribution_content_and_source: Prf,
    pub attribution_content_source_cue: Prf,
    pub cue_exact: Prf,
    pub cue_overlap: Prf,
    pub by_type: ByType,
}

#[derive(Default)]
struct Counts {
    gold: u64,
    pred: u64,
    gold_direct: u64,
    gold_indirect: u64,
    pred_direct: u64,
    pred_indirect: u64,
    gold_direct_tp: u64,
    gold_indirect_tp: u64,
    pred_direct_tp: u64,
    pred_indirect_tp: u64,
    content_exact_tp: u64,
    content_overlap_tp: u64,
    source_right: u64,
    attribution_tp: u64,
    full_tp: u64,
    cue_right: u64,
    pairs_gold_has_source: u64,
    source_right_gold_has_source: u64,
    cue_pred: u64,
    cue_gold: u64,
    cue_exact_tp: u64,
    cue_overlap_tp: u64,
}

fn len64<T>(v: &[T]) -> u64 {
    v.len() as u64
}

/// The rows' "id" (as Python's `str(row["id"])`); an error names the file and line.
fn row_id(input: &Input, row: &Row) -> Result<String> {
    match row.value.as_object().and_then(|o| o.get("id")) {
        Some(id) => Ok(python::str_of(id)),
        None => bail!(
            "{}:{}: expected an object with an \"id\"",
            input.name,
            row.line
        ),
    }
}

/// Score the predictions against the gold articles, as `score()` of the script does.
pub fn score(gold: Input, pred: Input, threshold: f64) -> Result<Report> {
    let preds_by_id = predictions_by_id(&pred)?;
    let mut gold_ids = HashSet::new();
    for row in gold.rows {
        gold_ids.insert(row_id(&gold, row)?);
    }
    let mut unknown: Vec<String> = preds_by_id
        .keys()
        .filter(|id| !gold_ids.contains(*id))
        .cloned()
        .collect();
    unknown.sort();

    let mut c = Counts::default();
    for row in gold.rows {
        let gid = row_id(&gold, row)?;
        let Some(text) = row.value.get("text").and_then(Value::as_str) else {
            bail!("{}:{}: gold article {gid}: no text", gold.name, row.line);
        };
        let toks = Tokenized::new(text);
        let gold_items = row.value.get("attributions").unwrap_or(&Value::Null);
        let Some(gold_items) = python::iter_or_empty(gold_items) else {
            bail!(
                "{}:{}: gold {gid}: \"attributions\" must be a list",
                gold.name,
                row.line
            );
        };
        let gold_items: Vec<(Value, usize)> =
            gold_items.into_iter().map(|v| (v, row.line)).collect();
        let golds = read_attributions(&gold_items, &toks, gold.name, &format!("gold {gid}"))?;
        let pred_items = preds_by_id.get(&gid).map(Vec::as_slice).unwrap_or(&[]);
        let preds = read_attributions(pred_items, &toks, pred.name, &format!("pred {gid}"))?;
        c.add_article(&preds, &golds, threshold);
    }
    Ok(c.report(gold.rows.len(), unknown, threshold))
}

/// Each predicted article's attributions with the line they came from, by article id.
fn predictions_by_id(pred: &Input) -> Result<HashMap<String, Vec<(Value, usize)>>> {
    let mut by_id: HashMap<String, Vec<(Value, usize)>> = HashMap::new();
    for row in pred.rows {
        let id = row_id(pred, row)?;
        let items = row.value.get("attributions").unwrap_or(&Value::Null);
        let Some(items) = python::iter_or_empty(items) else {
            bail!(
                "{}:{}: \"attributions\" must be a list",
                pred.name,
                row.line
            );
        };
        by_id
            .entry(id)
            .or_default()
            .extend(items.into_iter().map(|v| (v, row.line)));
    }
    Ok(by_id)
}

/// Adds 1 to `yes` or to `no`.
fn tally(direct: bool, yes: &mut u64, no: &mut u64) {
    *if direct { yes } else { no } += 1;
}

impl Counts {
    /// Count one article's predictions against its gold attributions.
    fn add_article(&mut self, preds: &[Attribution], golds: &[Attribution], threshold: f64) {
        let c = self;
        c.gold += len64(golds);
        c.pred += len64(preds);
        for a in golds {
            tally(a.direct, &mut c.gold_direct, &mut c.gold_indirect);
        }
        for a in preds {
            tally(a.direct, &mut c.pred_direct, &mut c.pred_indirect);
        }
        let same = |p: &Attribution, q: &Attribution| {
            if p.content.tokens == q.content.tokens {
                1.0
            } else {
                0.0
            }
        };
        c.content_exact_tp += len64(&greedy_match(preds, golds, same, 1.0));
        let pairs = greedy_match(
            preds,
            golds,
            |p, q| overlap_f1(&p.content.tokens, &q.content.tokens),
            threshold,
        );
        c.content_overlap_tp += len64(&pairs);
        for (i, j) in pairs {
            c.add_pair(&preds[i], &golds[j]);
        }
        c.add_cues(preds, golds, threshold);
    }

    /// Count a predicted attribution whose content matched a gold one's.
    fn add_pair(&mut self, p: &Attribution, q: &Attribution) {
        let c = self;
        tally(q.direct, &mut c.gold_direct_tp, &mut c.gold_indirect_tp);
        tally(p.direct, &mut c.pred_direct_tp, &mut c.pred_indirect_tp);
        let source_ok = source_right(p.source.as_ref(), q.source.as_ref());
        let cue_ok = cue_right(p.cue.as_ref(), q.cue.as_ref());
        if source_ok {
            c.source_right += 1;
            c.attribution_tp += 1;
            if cue_ok {
                c.full_tp += 1;
            }
        }
        if cue_ok {
            c.cue_right += 1;
        }
        if q.source.is_some() {
            c.pairs_gold_has_source += 1;
            if source_ok {
                c.source_right_gold_has_source += 1;
            }
        }
    }

    /// Count the cues on their own, matched exactly and by overlap.
    fn add_cues(&mut self, preds: &[Attribution], golds: &[Attribution], threshold: f64) {
        let pcues: Vec<&Span> = preds.iter().filter_map(|a| a.cue.as_ref()).collect();
        let gcues: Vec<&Span> = golds.iter().filter_map(|a| a.cue.as_ref()).collect();
        self.cue_pred += len64(&pcues);
        self.cue_gold += len64(&gcues);
        self.cue_exact_tp += len64(&greedy_match(
            &pcues,
            &gcues,
            |p, q| if p.marks == q.marks { 1.0 } else { 0.0 },
            1.0,
        ));
        self.cue_overlap_tp += len64(&greedy_match(
            &pcues,
            &gcues,
            |p, q| overlap_f1(&p.marks, &q.marks),
            threshold,
        ));
    }

    /// The report the counts make.
    fn report(self, articles: usize, unknown_pred_ids: Vec<String>, threshold: f64) -> Report {
        let c = self;
        let n_pairs = c.content_overlap_tp;
        let by_type = |gold, gold_tp, pred, pred_tp| TypeScore {
            gold,
            recall: ratio(gold_tp, gold),
            pred,
            precision: ratio(pred_tp, pred),
        };
        Report {
            articles,
            unknown_pred_ids,
            threshold,
            content_exact: Prf::new(c.content_exact_tp, c.pred, c.gold),
            content_overlap: Prf::new(c.content_overlap_tp, c.pred, c.gold),
            source_given_content: SourceGivenContent {
                accuracy: ratio(c.source_right, n_pairs),
                accuracy_where_gold_has_source: ratio(
                    c.source_right_gold_has_source,
                    c.pairs_gold_has_source,
                ),
                pairs: n_pairs,
            },
            cue_given_content: CueGivenContent {
                accuracy: ratio(c.cue_right, n_pairs),
                pairs: n_pairs,
            },
            attribution_content_and_source: Prf::new(c.attribution_tp, c.pred, c.gold),
            attribution_content_source_cue: Prf::new(c.full_tp, c.pred, c.gold),
            cue_exact: Prf::new(c.cue_exact_tp, c.cue_pred, c.cue_gold),
            cue_overlap: Prf::new(c.cue_overlap_tp, c.cue_pred, c.cue_gold),
            by_type: ByType {
                direct: by_type(
                    c.gold_direct,
                    c.gold_direct_tp,
                    c.pred_direct,
                    c.pred_direct_tp,
                ),
                indirect: by_type(
                    c.gold_indirect,
                    c.gold_indirect_tp,
                    c.pred_indirect,
                    c.pred_indirect_tp,
                ),
            },
        }
    }
}

/// The script's `render()`: the text table, without a trailing newline.
pub fn render(r: &Report) -> String {
    let mut lines = vec![format!(
        "articles: {}   overlap threshold: {}",
        r.articles,
        python::float_repr(r.threshold)
    )];
    if !r.unknown_pred_ids.is_empty() {
        let first: Vec<String> = r.unknown_pred_ids.iter().take(3).cloned().collect();
        lines.push(format!(
            "ignored {} prediction ids not in gold, e.g. {}",
            r.unknown_pred_ids.len(),
            python::list_repr(&first)
        ));
    }
    lines.push(format!(
        "{:<34}{:>7}{:>7}{:>7}{:>7}{:>7}{:>7}",
        "metric", "P", "R", "F1", "tp", "pred", "gold"
    ));
    for (key, m) in [
        ("content_exact", &r.content_exact),
        ("content_overlap", &r.content_overlap),
        (
            "attribution_content_and_source",
            &r.attribution_content_and_source,
        ),
        (
            "attribution_content_source_cue",
            &r.attribution_content_source_cue,
        ),
        ("cue_exact", &r.cue_exact),
        ("cue_overlap", &r.cue_overlap),
    ] {
        lines.push(format!(
            "{key:<34}{:7.1}{:7.1}{:7.1}{:7}{:7}{:7}",
            m.precision * 100.0,
            m.recall * 100.0,
            m.f1 * 100.0,
            m.tp,
            m.pred,
            m.gold
        ));
    }
    let s = &r.source_given_content;
    lines.push(format!(
        "source|content accuracy: {:.1}% of {} matched pairs ({:.1}% where gold has a source)",
        s.accuracy * 100.0,
        s.pairs,
        s.accuracy_where_gold_has_source * 100.0
    ));
    lines.push(format!(
        "cue|content accuracy:    {:.1}%",
        r.cue_given_content.accuracy * 100.0
    ));
    for (kind, m) in [
        ("direct", &r.by_type.direct),
        ("indirect", &r.by_type.indirect),
    ] {
        lines.push(format!(
            "{kind:<9} gold {:5} recall {:5.1}   pred {:5} precision {:5.1}",
            m.gold,
            m.recall * 100.0,
            m.pred,
            m.precision * 100.0
        ));
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn span(text: &str, frags: &[[usize; 2]]) -> Span {
        let toks = Tokenized::new(text);
        span_tokens(&json!({ "fragments": frags }), &toks, "test").expect("span")
    }

    #[test]
    fn offsets_are_characters_and_empty_fragments_touch_the_token_they_cut() {
        let text = "Zoë 😀 said “hi”";
        let toks = Tokenized::new(text);
        assert_eq!(toks.words, [(0, 3), (6, 10), (12, 14)]);
        let s = span(text, &[[6, 10]]);
        assert_eq!((s.tokens.as_slice(), s.text.as_str()), (&[1][..], "said"));
        // [8, 8] cuts "said": Python's `ts < e and te > s` counts it.
        assert_eq!(span(text, &[[8, 8]]).tokens, [1]);
        // [5, 5] is at a token boundary: it touches nothing.
        assert!(span(text, &[[5, 5]]).marks.is_empty());
        let d = span(text, &[[0, 3], [11, 15]]);
        assert_eq!(
            (d.tokens.as_slice(), d.text.as_str()),
            (&[0, 2][..], "Zoë “hi”")
        );
        assert_eq!(d.marks, [0, 3, 4, 5]);
    }

    #[test]
    fn greedy_matching_breaks_ties_by_pred_then_gold_index() {
        // every pred scores 1.0 with every gold: pairs (0,0), (1,1)
        let all = greedy_match(&[0, 1], &[0, 1, 2], |_, _| 1.0, 0.5);
        assert_eq!(all, [(0, 0), (1, 1)]);
        // higher scores first, whatever the index
        let scored = greedy_match(
            &[0usize, 1],
            &[0usize, 1],
            |p, g| [[0.6, 0.6], [0.9, 0.5]][*p][*g],
            0.5,
        );
        assert_eq!(scored, [(1, 0), (0, 1)]);
        assert!(greedy_match(&[0], &[0], |_, _| 0.4, 0.5).is_empty());
    }

    #[test]
    fn sources_match_on_tokens_or_normalized_words() {
        let text = "Mr. Trump's aide, Donald Trump, the president and he.";
        let at = |s: usize, e: usize| span(text, &[[s, e]]);
        let trump_s = at(0, 11); // "Mr. Trump's"
        let donald = at(18, 30); // "Donald Trump"
        let he = at(50, 52);
        assert!(source_right(Some(&trump_s), Some(&donald)));
        assert!(!source_right(Some(&donald), Some(&he)));
        assert!(source_right(None, None) && !source_right(Some(&he), None));
        assert_eq!(
            norm_words("The President’s Office's staff"),
            HashSet::from(["office".to_string(), "staff".to_string()])
        );
        // "'s" followed by a word character is not a possessive
        assert!(norm_words("it'sx").contains("sx"));
    }
}
