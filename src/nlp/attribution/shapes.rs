//! The attribution shapes, tried at each cue of a sentence.

use std::ops::Range;

use super::quotes::{quote_of_token, Quote};
use crate::nlp::lexicon::{lexicon, CueClass};
use crate::nlp::tokens::{Token, TokenKind};
use crate::nlp::{EntityKind, Mention, Span, Statement, StatementKind};

/// Auxiliaries and adverbs that may sit between a subject and its cue ("has also said").
pub(super) const AUX: &[&str] = &[
    "has",
    "have",
    "had",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "being",
    "will",
    "would",
    "could",
    "should",
    "may",
    "might",
    "must",
    "can",
    "did",
    "does",
    "do",
    "'s",
    "'re",
    "'ve",
    "'d",
    "'ll",
    "also",
    "previously",
    "now",
    "later",
    "then",
    "again",
    "repeatedly",
    "reportedly",
    "recently",
    "once",
    "often",
    "still",
    "already",
    "never",
    "not",
    "n't",
    "always",
    "just",
    "publicly",
    "privately",
    "first",
    "initially",
    "further",
    "even",
    "quickly",
    "immediately",
    "ever",
    "earlier",
    "since",
    "subsequently",
    "long",
    "too",
    "frequently",
    "openly",
    "explicitly",
    "specifically",
    "separately",
    "similarly",
];

const BE: &[&str] = &[
    "is", "are", "was", "were", "be", "been", "being", "'s", "'re",
];

/// Pronouns that can be a source where they stand.
const SUBJECT_PRONOUNS: &[&str] = &["he", "she", "they", "we", "i", "you", "it", "who", "which"];

/// Words that end a noun phrase walked leftwards, or start one walked rightwards.
pub(super) const FUNCTION: &[&str] = &[
    "to", "from", "with", "of", "for", "by", "about", "against", "at", "on", "in", "over", "among",
    "between", "into", "after", "before", "than", "under", "during", "without", "within",
    "through", "across", "toward", "towards", "upon", "via", "like", "and", "or", "but", "that",
    "which", "when", "as", "because", "while", "if", "so", "where", "whether", "not", "has",
    "have", "had", "is", "are", "was", "were", "be", "been", "will", "would", "could", "should",
    "may", "might", "must", "can", "did", "does", "do", "also", "there", "this", "what", "how",
    "why", "then", "it", "he", "she", "they", "we", "i", "you", "him", "them", "us", "me", "who",
    "whom", "said", "says",
];

/// Words after which a noun phrase may start (a clause or phrase boundary).
const NP_OPENERS: &[&str] = &[
    "and",
    "but",
    "that",
    "when",
    "as",
    "because",
    "while",
    "if",
    "so",
    "since",
    "where",
    "after",
    "before",
    "though",
    "although",
    "then",
    "now",
    "yet",
    "meanwhile",
    "also",
];

const DETS: &[&str] = &[
    "the", "a", "an", "this", "these", "those", "his", "her", "their", "its", "our", "my", "your",
    "some", "many", "most", "several", "all", "both", "each", "every", "other", "another", "few",
    "no", "any",
];

/// Verbs whose first object is the person told, not the content: "told reporters that".
const TELL: &[&str] = &[
    "tell",
    "tells",
    "told",
    "telling",
    "warn",
    "warns",
    "warned",
    "warning",
    "remind",
    "reminds",
    "reminded",
    "reminding",
    "assure",
    "assures",
    "assured",
    "assuring",
    "urge",
    "urges",
    "urged",
    "urging",
    "promise",
    "promised",
    "promises",
    "promising",
];

/// Cue words that can follow the quote they introduce, inverted: "“…,” said Trump".
const INVERTIBLE: &[&str] = &[
    "said",
    "asks",
    "explains",
    "continues",
    "recalls",
    "says",
    "says",
    "added",
    "asked",
    "wrote",
    "writes",
    "continued",
    "explained",
    "noted",
    "recalled",
    "replied",
    "responded",
    "declared",
    "insisted",
    "argued",
    "tweeted",
    "concluded",
    "warned",
    "remarked",
    "quipped",
    "joked",
    "adds",
    "notes",
];

/// Nouns naming an occasion where something can be said: the setting of a passive cue.
const OCCASIONS: &[&str] = &[
    "call",
    "meeting",
    "conversation",
    "interview",
    "speech",
    "conference",
    "statement",
    "summit",
    "talks",
    "hearing",
    "debate",
    "briefing",
    "rally",
    "session",
    "discussion",
    "discussions",
    "address",
    "event",
    "exchange",
    "report",
    "letter",
    "memo",
    "visit",
];

/// What the shapes need about one article.
pub(crate) struct Ctx<'a> {
    pub toks: &'a [Token],
    pub quotes: &'a [Quote],
    pub in_quote: Vec<Option<usize>>,
    /// For each token, the mention (index) it belongs to.
    pub mention_of: Vec<Option<usize>>,
    pub mentions: &'a [Mention],
}

/// A cue found at a token: its token range and class.
#[derive(Clone, Copy, Debug)]
pub(super) struct Cue {
    pub from: usize,
    pub to: usize,
    pub class: CueClass,
}

impl<'a> Ctx<'a> {
    pub fn new(toks: &'a [Token], quotes: &'a [Quote], mentions: &'a [Mention]) -> Self {
        let mut mention_of = vec![None; toks.len()];
        let mut mi = 0;
        for (i, t) in toks.iter().enumerate() {
            while mi < mentions.len() && mentions[mi].span.end <= t.span.start {
                mi += 1;
            }
            if mentions.get(mi).is_some_and(|m| m.span.contains(t.span)) {
                mention_of[i] = Some(mi);
            }
        }
        Ctx {
            toks,
            quotes,
            in_quote: quote_of_token(toks.len(), quotes),
            mention_of,
            mentions,
        }
    }

    pub fn word(&self, i: usize) -> &str {
        self.toks.get(i).map_or("", |t| t.lower.as_str())
    }

    pub fn span(&self, from: usize, to: usize) -> Span {
        match (
            self.toks.get(from),
            to.checked_sub(1).and_then(|l| self.toks.get(l)),
        ) {
            (Some(a), Some(b)) if from < to => Span::new(a.span.start, b.span.end),
            _ => Span::new(0, 0),
        }
    }

    /// The token indices a byte span covers.
    pub fn token_range(&self, span: Span) -> Range<usize> {
        let from = self.toks.partition_point(|t| t.span.end <= span.start);
        let to = self.toks.partition_point(|t| t.span.start < span.end);
        from..to.max(from)
    }

    pub fn is_punct(&self, i: usize, p: &str) -> bool {
        self.toks
            .get(i)
            .is_some_and(|t| t.kind == TokenKind::Punct && t.lower == p)
    }

    pub fn is_quote(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(Token::is_quote)
    }

    /// The quote that opens at token `i`, if one does.
    pub fn quote_opening_at(&self, i: usize) -> Option<Quote> {
        let q = self.quotes[self.in_quote.get(i).copied().flatten()?];
        (q.open == i).then_some(q)
    }

    /// The quote that closes at token `i`, if one does.
    pub fn quote_closing_at(&self, i: usize) -> Option<Quote> {
        let q = self.quotes[self.in_quote.get(i).copied().flatten()?];
        (q.close == i && self.is_quote(i)).then_some(q)
    }

    /// The cue at token `i`, if a cue word starts there.
    fn cue_at(&self, i: usize, end: usize) -> Option<Cue> {
        let lex = lexicon();
        if !lex.may_start_cue(self.word(i))
            || self.toks[i].cap && i > 0 && !self.toks[i].all_caps && !self.is_sentence_start(i)
        {
            return None;
        }
        let words: Vec<&str> = (i..end.min(i + 4)).map(|k| self.word(k)).collect();
        let (n, class) = lex.cue_at(&words)?;
        Some(Cue {
            from: i,
            to: i + n,
            class,
        })
    }

    fn is_sentence_start(&self, i: usize) -> bool {
        i == 0 || self.toks[i - 1].is_quote() || self.is_punct(i - 1, ".")
    }

    /// All statements of sentence `si`.
    pub fn sentence_statements(&self, si: usize, range: Range<usize>) -> Vec<Statement> {
        let mut out = Vec::new();
        let mut i = range.start;
        while i < range.end {
            let st = if self.in_quote[i].is_some() {
                None
            } else if self.word(i) == "according" && self.word(i + 1) == "to" {
                self.according_to(si, i, &range)
            } else if self.is_punct(i, ":") {
                self.colon(si, i, &range)
            } else {
                self.cue_at(i, range.end)
                    .and_then(|cue| self.verb_cue(si, cue, &range))
            };
            match st {
                Some(st) => {
                    let next = st.cue.map_or(i + 1, |c| self.token_range(c).end);
                    out.push(st);
                    i = next.max(i + 1);
                }
                None => i += 1,
            }
        }
        out
    }

    /// One statement from a verb cue, by the first shape that fits.
    fn verb_cue(&self, si: usize, cue: Cue, range: &Range<usize>) -> Option<Statement> {
        if self.word(cue.to) == "by"
            || (self.word(cue.to) == "to" && BE.contains(&self.word(cue.from.wrapping_sub(1))))
        {
            // "was criticized by X", "is said to be": not the speaker's own statement here.
            return None;
        }
        if cue.class != CueClass::Object && self.word(cue.to) == "to" && !self.is_tell(cue.from) {
            // "continues to fight", "said to be": not a speech act here.
            return None;
        }
        if let Some(st) = self.passive(si, cue, range) {
            return Some(st);
        }
        let subject = self.subject_before(cue, range);
        if let Some((src, aux_be)) = subject {
            let ing = self.word(cue.from).ends_with("ing");
            let with_abs = matches!(self.word(src.start.wrapping_sub(1)), "with" | "without");
            if !ing || aux_be || with_abs {
                return self.build(
                    si,
                    cue,
                    Some(self.span(src.start, src.end)),
                    range,
                    src.start,
                );
            }
        }
        if let Some(st) = self.inverted(si, cue, range) {
            return Some(st);
        }
        self.participle(si, cue, range)
    }

    /// The subject ending just before the cue (auxiliaries and adverbs skipped): a mention, a
    /// pronoun, or a noun phrase at a phrase boundary. Also says whether a form of "be" was
    /// skipped (a progressive "are now indicating").
    fn subject_before(&self, cue: Cue, range: &Range<usize>) -> Option<(Range<usize>, bool)> {
        let mut j = cue.from;
        let mut be = false;
        while j > range.start && (AUX.contains(&self.word(j - 1)) || self.is_ly_adverb(j - 1)) {
            be |= BE.contains(&self.word(j - 1));
            j -= 1;
        }
        if j <= range.start {
            return None;
        }
        let head = j - 1;
        if self.in_quote[head].is_some() {
            return None;
        }
        if self.is_punct(head, ",") {
            return self
                .subject_before_apposition(head, range.start)
                .map(|r| (r, be));
        }
        if self.word(head) == "and" {
            // "X tweeted a photo and said …": the subject of the first verb.
            return self.main_subject(range.start, head).map(|r| (r, be));
        }
        self.subject_ending_at(head, range.start)
            .map(|from| (from..j, be))
    }

    /// The first token of the subject whose last token is `head`: a pronoun, a mention
    /// (not a place), or a plain noun phrase.
    fn subject_ending_at(&self, head: usize, start: usize) -> Option<usize> {
        if SUBJECT_PRONOUNS.contains(&self.word(head)) {
            return Some(head);
        }
        if let Some(mi) = self.mention_of[head] {
            let m = &self.mentions[mi];
            if m.kind != EntityKind::Place {
                return Some(self.token_range(m.span).start);
            }
        }
        self.np_before(head, start)
    }

    /// "X, a former adviser, said" / "X, who led the committee, said": the subject before an
    /// apposition or relative clause closed by the comma at `comma`.
    fn subject_before_apposition(&self, comma: usize, start: usize) -> Option<Range<usize>> {
        let floor = start.max(comma.saturating_sub(30));
        let open = (floor..comma)
            .rev()
            .take_while(|&k| self.in_quote[k].is_none())
            .find(|&k| self.is_punct(k, ","))?;
        if open <= start || comma - open < 2 {
            return None;
        }
        let first = self.word(open + 1);
        let t = &self.toks[open + 1];
        let appositive = DETS.contains(&first)
            || matches!(
                first,
                "who" | "whose" | "which" | "now" | "then" | "once" | "also"
            )
            || t.cap
            || t.kind == TokenKind::Number;
        if !appositive {
            return None;
        }
        let from = self.subject_ending_at(open - 1, start)?;
        Some(from..open)
    }

    fn is_ly_adverb(&self, i: usize) -> bool {
        let w = self.word(i);
        w.len() > 4
            && w.ends_with("ly")
            && !self.toks[i].cap
            && !matches!(w, "only" | "early" | "family" | "ally" | "rally" | "italy")
    }

    /// A plain noun phrase whose head is token `head`, walking left; its first token. Only
    /// accepted when it starts at a phrase boundary, so an object ("sparked fears") is not
    /// taken for a subject.
    fn np_before(&self, head: usize, start: usize) -> Option<usize> {
        let h = &self.toks[head];
        let hw = h.lower.as_str();
        let verbish = !h.cap && (hw.ends_with("ed") || hw.ends_with("ing") || hw.ends_with("ly"));
        if !h.is_word()
            || FUNCTION.contains(&hw)
            || DETS.contains(&hw)
            || verbish
            || h.kind == TokenKind::Number
        {
            return None;
        }
        let mut k = head;
        let mut len = 1;
        while k > start && len < 8 {
            let p = k - 1;
            let w = self.word(p);
            let t = &self.toks[p];
            if DETS.contains(&w) {
                k = p;
                if !matches!(self.word(p.wrapping_sub(1)), "of" | "for") || p == start {
                    break;
                }
            } else if w == "'s"
                || ((w == "of" || w == "for") && p > start)
                || (t.is_word()
                    && (t.cap || !FUNCTION.contains(&w))
                    && !self.is_ly_adverb(p)
                    && !w.ends_with("ed"))
            {
                k = p;
            } else {
                break;
            }
            len += 1;
        }
        if matches!(self.word(k), "of" | "for" | "'s") {
            return None;
        }
        let at_boundary = k == start
            || self.toks[k - 1].kind == TokenKind::Punct
            || self.is_quote(k - 1)
            || NP_OPENERS.contains(&self.word(k - 1));
        at_boundary.then_some(k)
    }

    /// "“…,” said X": the subject follows the cue; content is the quote or clause before.
    fn inverted(&self, si: usize, cue: Cue, range: &Range<usize>) -> Option<Statement> {
        if cue.to - cue.from != 1 || !INVERTIBLE.contains(&self.word(cue.from)) {
            return None;
        }
        let before = cue.from.checked_sub(1)?;
        if !(self.is_punct(before, ",") || self.quote_closing_at(before).is_some()) {
            return None;
        }
        let (from, to) = self.np_after(cue.to, range.end)?;
        let after_ok = to >= range.end
            || self.toks[to].kind == TokenKind::Punct
            || matches!(
                self.word(to),
                "in" | "on" | "at" | "during" | "after" | "before"
            );
        if !after_ok {
            return None;
        }
        let mut content = self.content_before(cue.from, range)?;
        // A quote resuming after ", " continues the content: "“…,” said X, “…”", as does
        // a quote opening the next sentence.
        content.extend(
            self.resumed_quote(to, range)
                .or_else(|| self.continuation_quote(to, range)),
        );
        Some(self.statement(si, cue, Some(self.span(from, to)), content, None))
    }

    /// A noun phrase starting at `i`: a mention, a pronoun, or up to six plain words.
    pub fn np_after(&self, i: usize, end: usize) -> Option<(usize, usize)> {
        if i >= end {
            return None;
        }
        if let Some(mi) = self.mention_of[i] {
            let r = self.token_range(self.mentions[mi].span);
            if r.start == i {
                return Some((i, r.end));
            }
        }
        if matches!(self.word(i), "he" | "she" | "they" | "it" | "we" | "i") {
            return Some((i, i + 1));
        }
        let mut k = i;
        while k < end
            && k < i + 8
            && self.toks[k].is_word()
            && (self.toks[k].cap
                || !FUNCTION.contains(&self.word(k))
                || (k > i && matches!(self.word(k), "of" | "for")))
        {
            k += 1;
        }
        (k > i && !matches!(self.word(k - 1), "of" | "for")).then_some((i, k))
    }

    /// "X did Y, stating that …": an -ing cue after a comma; the source is the main
    /// clause's subject.
    fn participle(&self, si: usize, cue: Cue, range: &Range<usize>) -> Option<Statement> {
        if !self.word(cue.from).ends_with("ing")
            || cue.from == range.start
            || !self.is_punct(cue.from - 1, ",")
        {
            return None;
        }
        let subj = self.main_subject(range.start, cue.from)?;
        let source = self.span(subj.start, subj.end);
        self.build(si, cue, Some(source), range, range.start)
            .map(|mut st| {
                st.source = Some(source);
                st
            })
    }

    /// The subject of the main clause in `[from, to)`: the first person, organisation or
    /// group mention, or subject pronoun, not governed by a preposition and not quoted.
    fn main_subject(&self, from: usize, to: usize) -> Option<Range<usize>> {
        let mut i = from;
        while i < to {
            let governed = i > from
                && FUNCTION.contains(&self.word(i - 1))
                && !NP_OPENERS.contains(&self.word(i - 1));
            if self.in_quote[i].is_none() && !governed {
                if let Some(mi) = self.mention_of[i] {
                    let m = &self.mentions[mi];
                    let r = self.token_range(m.span);
                    if m.kind != EntityKind::Place && r.start == i {
                        return Some(r);
                    }
                }
                if matches!(self.word(i), "he" | "she" | "they" | "we") {
                    return Some(i..i + 1);
                }
            }
            i += 1;
        }
        None
    }

    /// "it was stated that …": no source; the occasion named just before is the setting.
    fn passive(&self, si: usize, cue: Cue, range: &Range<usize>) -> Option<Statement> {
        let mut j = cue.from;
        while j > range.start
            && (BE.contains(&self.word(j - 1))
                || matches!(
                    self.word(j - 1),
                    "has" | "had" | "have" | "also" | "widely" | "previously"
                ))
        {
            j -= 1;
        }
        if j == cue.from || j == range.start || self.word(j - 1) != "it" {
            return None;
        }
        let it = j - 1;
        let cue_span = self.span(j, cue.to);
        let mut st = self.build(si, Cue { from: j, ..cue }, None, range, it)?;
        st.cue = Some(cue_span);
        st.source = None;
        st.setting = self.setting_before(it, range.start);
        Some(st)
    }

    /// The occasion phrase ending at ", where" / ", in which" before token `it`.
    fn setting_before(&self, it: usize, start: usize) -> Option<Span> {
        let mut k = it;
        while k > start
            && matches!(
                self.word(k - 1),
                "where" | "which" | "in" | "during" | "at" | "when"
            )
        {
            k -= 1;
        }
        if k == it || k == start || !self.is_punct(k - 1, ",") {
            return None;
        }
        let end = k - 1;
        let noun = (start..end)
            .rev()
            .take(40)
            .find(|&i| OCCASIONS.contains(&self.word(i)))?;
        let mut from = noun;
        while from > start && !DETS.contains(&self.word(from)) && noun - from < 4 {
            from -= 1;
        }
        if !DETS.contains(&self.word(from)) {
            from = noun;
        }
        Some(self.span(from, end))
    }

    /// "according to X, …" / "…, according to X".
    fn according_to(&self, si: usize, i: usize, range: &Range<usize>) -> Option<Statement> {
        let cue = Cue {
            from: i,
            to: i + 2,
            class: CueClass::Clause,
        };
        let (from, to) = self.np_after(i + 2, range.end)?;
        let source = Some(self.span(from, to));
        let leading = i == range.start || !self.is_punct(i - 1, ",");
        let content = if leading {
            let mut c = to;
            while c < range.end && self.is_punct(c, ",") {
                c += 1;
            }
            self.clause_from(c, range.end, CueClass::Clause)
        } else {
            self.content_before(i, range)
        }?;
        Some(self.statement(si, cue, source, content, None))
    }

    /// "Trump: “…”" or a heading "Trump: We will win".
    fn colon(&self, si: usize, i: usize, range: &Range<usize>) -> Option<Statement> {
        let mi = self.mention_of.get(i.checked_sub(1)?).copied().flatten()?;
        let m = &self.mentions[mi];
        let r = self.token_range(m.span);
        let heading = m.kind == EntityKind::Person && r.start <= range.start + 1;
        let quoted = m.kind != EntityKind::Place && self.quote_opening_at(i + 1).is_some();
        if r.end != i || !(heading || quoted) {
            return None;
        }
        let content = self.clause_from(i + 1, range.end, CueClass::Clause)?;
        let cue = Cue {
            from: i,
            to: i + 1,
            class: CueClass::Clause,
        };
        Some(self.statement(si, cue, Some(m.span), content, None))
    }

    /// A statement from a cue and its source; content from after the cue, else from before
    /// the source (`left_limit` is where the source starts).
    fn build(
        &self,
        si: usize,
        cue: Cue,
        source: Option<Span>,
        range: &Range<usize>,
        left_limit: usize,
    ) -> Option<Statement> {
        let after = self.skip_after_cue(cue, range.end);
        let mut content = self.content_after(cue, after, range);
        let mut cue_to = cue.to;
        let particle =
            after > cue.to && matches!(self.word(after - 1), "for" | "about" | "on" | "against");
        if content.is_some() && particle {
            // "advocating strongly for": the particle belongs to the cue.
            cue_to = after;
        }
        // "“…,” X said (, “…”)": the quote before the source is the content, and a quote
        // resuming after the cue, or opening the next sentence, continues it.
        let has_that = after > cue.to && self.word(after - 1) == "that";
        if let Some(left) = self.quote_before(left_limit, range).filter(|_| !has_that) {
            let mut parts = vec![left];
            parts.extend(
                self.resumed_quote(after, range)
                    .or_else(|| self.continuation_quote(after, range)),
            );
            return Some(self.statement(si, Cue { to: cue_to, ..cue }, source, parts, None));
        }
        // Content before the source only when the cue ends its clause: "…, X said."
        let cue_ends_clause = after >= range.end
            || self.toks[after].kind == TokenKind::Punct
            || self.quote_opening_at(after).is_some();
        if content.is_none() && cue.class != CueClass::Object && cue_ends_clause {
            // "…, X said." and "The plan, X said, is dead." (either half may be missing).
            let mut parts = self.content_before(left_limit, range).unwrap_or_default();
            parts.extend(self.resumed_clause(after, range));
            content = Some(parts).filter(|p| !p.is_empty());
        }
        let content = content?;
        Some(self.statement(si, Cue { to: cue_to, ..cue }, source, content, None))
    }

    pub fn statement(
        &self,
        si: usize,
        cue: Cue,
        source: Option<Span>,
        content: Vec<Span>,
        setting: Option<Span>,
    ) -> Statement {
        let kind = self.kind_of(&content);
        Statement {
            speaker: None,
            source,
            cue: Some(self.span(cue.from, cue.to)),
            content,
            kind,
            when: None,
            sentence: si,
            setting,
        }
    }

    /// Direct when most of the content's words lie inside quotation marks.
    fn kind_of(&self, content: &[Span]) -> StatementKind {
        let (mut quoted, mut all) = (0usize, 0usize);
        for c in content {
            for i in self.token_range(*c) {
                if self.toks[i].is_word() {
                    all += 1;
                    quoted += usize::from(self.in_quote[i].is_some());
                }
            }
        }
        if all > 0 && quoted * 2 > all {
            StatementKind::Direct
        } else {
            StatementKind::Indirect
        }
    }

    /// A clause that resumes the content after a parenthetical attribution: "The plan, he
    /// said, is dead." Not a participle clause (", adding that …").
    fn resumed_clause(&self, after: usize, range: &Range<usize>) -> Option<Span> {
        if !self.is_punct(after, ",") {
            return self.resumed_quote(after, range);
        }
        let next = self.toks.get(after + 1).filter(|_| after + 1 < range.end)?;
        if next.is_quote() {
            return self.resumed_quote(after, range);
        }
        let w = next.lower.as_str();
        if !next.is_word()
            || w.ends_with("ing")
            || matches!(w, "according" | "as" | "who" | "which")
        {
            return None;
        }
        self.clause_from(after + 1, range.end, CueClass::Clause)
            .and_then(|c| c.first().copied())
    }

    /// A quote opening the next sentence of the paragraph, when the cue's sentence ends
    /// soon after the cue: `“A,” he said. “B.”` quotes one speaker twice.
    fn continuation_quote(&self, after: usize, range: &Range<usize>) -> Option<Span> {
        let n = range.end;
        let tail_short = n.saturating_sub(after) <= 25 && (after..n).all(|k| !self.is_quote(k));
        let t = self.toks.get(n)?;
        if !tail_short || t.para_before {
            return None;
        }
        let q = self.quote_opening_at(n)?;
        let ends_sentence = q.close > q.open + 1
            && matches!(self.word(q.close - 1), "." | "?" | "!")
            && self.is_quote(q.close);
        let attributed_again = self
            .toks
            .get(q.close + 1)
            .is_some_and(|t| t.is_word() && !t.cap);
        (ends_sentence && !attributed_again).then(|| self.span(q.open, q.close + 1))
    }

    /// A quote that resumes the content after the source and cue: `, “…”`.
    fn resumed_quote(&self, after: usize, range: &Range<usize>) -> Option<Span> {
        if !(self.is_punct(after, ",") || self.is_punct(after, ":")) || after + 1 >= range.end {
            return None;
        }
        let q = self.quote_opening_at(after + 1)?;
        Some(self.span(q.open, q.close + 1))
    }

    /// Whether the token may be a capitalised word that is not a name, for callers.
    pub fn is_tell(&self, i: usize) -> bool {
        TELL.contains(&self.word(i))
    }
}
