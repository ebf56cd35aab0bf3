//! Quotes with no cue word of their own, attached after the shapes have run.
//!
//! Owns three things the cue-driven shapes cannot see:
//! - **follow-on paragraphs**: a paragraph that is all quote, with no attribution of its
//!   own, goes on with the statement that ends the paragraph before (“We will not accept
//!   this,” the union's president said.¶“The families deserve better.”) when that statement
//!   has one speaker, its attribution reaches the paragraph's last sentence, and no other
//!   speaker is attributed there. The chain runs paragraph after paragraph and stops at one
//!   that is not a quote. A follow-on is one more content fragment of the statement it
//!   continues (as PolNeAR annotates it, and as `continuation_quote` in the shapes already
//!   does for `“A,” he said. “B.”`), so it shares its speaker, cue, kind and date.
//! - **introductions without a cue word**: a colon and a quote after a clause whose subject
//!   is a person, organisation, group or pronoun, or a plain noun phrase with an article
//!   ("A footnote in the audit makes that clear:"): "The director is more blunt: “…”", "X put
//!   it this way:", "X's verdict:", "Her answer:", "X issued the following statement:" with
//!   the quote opening the next paragraph. A cue the shapes found in that clause whose
//!   content stopped short of the quote ("called them on it:") takes the quote instead.
//! - **tags with a verb of speaking manner**: "“…,” Trump barked", "“…!” beamed X", "X
//!   barked “…”".
//!
//! The intro and manner words live in `lexicon/quote_intros.txt`. The pass adds statements
//! and content fragments and removes none. Each step walks the tokens or the statements
//! once (statements are looked up by binary search on their sorted cues), so it stays
//! linear in the text.

use std::ops::Range;

use super::quotes::{per_token, Quote};
use super::shapes::{Ctx, Cue};
use super::words::{is_function, FUNCTION_WORD};
use crate::nlp::lexicon::{lexicon, CueClass};
use crate::nlp::tokens::TokenKind;
use crate::nlp::{EntityKind, Span, Statement};

/// Words that may open a clause before its subject: "But X was blunt: …".
const CONNECTIVES: &[&str] = &["but", "and", "so", "then", "still", "yet", "now", "instead"];

/// The longest subject, in tokens, that [`Pass::plain_subject`] reads.
const MAX_SUBJECT: usize = 10;

/// Finite verbs that end a plain subject: "The election board was emphatic in its ruling:".
const FINITE_VERBS: &[&str] = &[
    "is", "was", "are", "were", "has", "had", "have", "makes", "made", "gives", "gave", "puts",
    "put", "offers", "could", "would", "will", "can", "did", "does", "ends", "ended", "sums",
    "summed",
];

/// Possessive pronouns of "Her answer: “…”".
const POSSESSIVES: &[&str] = &["his", "her", "their", "its"];

/// Pronouns that can be the subject of a tag: "“…,” he went on".
const PRONOUNS: &[&str] = &["he", "she", "they", "we", "i"];

/// Articles a subject may open with: "an angry Hollande", "The Clinton campaign".
const DETERMINERS: &[&str] = &["a", "an", "the"];

/// The longest predicate, in tokens, of a cue-less introduction: "X then listed the
/// qualities a nominee needs in 2016:".
const MAX_INTRO: usize = 16;

/// Attaches the quotes no cue claimed, to `out` (sorted by cue, as `extract` leaves it).
pub(super) fn attach(ctx: &Ctx, sentences: &[Range<usize>], out: &mut Vec<Statement>) {
    let pass = Pass::new(ctx, sentences);
    pass.uncued_quotes(out);
    pass.follow_on_paragraphs(out);
}

struct Pass<'c, 'a> {
    ctx: &'c Ctx<'a>,
    sentences: &'c [Range<usize>],
    /// For each token, the index of its sentence.
    sentence_of: Vec<usize>,
}

impl<'c, 'a> Pass<'c, 'a> {
    fn new(ctx: &'c Ctx<'a>, sentences: &'c [Range<usize>]) -> Self {
        let ranges = sentences.iter().enumerate();
        let sentence_of = per_token(ctx.toks.len(), 0, ranges.map(|(si, r)| (r.clone(), si)));
        Pass {
            ctx,
            sentences,
            sentence_of,
        }
    }

    /// Cue-less introductions and manner tags, for every quote in the text.
    fn uncued_quotes(&self, out: &mut Vec<Statement>) {
        let owner = self.content_owner(out);
        let mut added = Vec::new();
        for &q in self.ctx.quotes {
            let claimed_by = owner.get(q.open + 1).copied().flatten();
            if let Some(colon) = self.intro_colon(q) {
                match self.statement_in_clause(out, colon) {
                    Some(s) if claimed_by.is_none_or(|o| o == s) => {
                        self.take_quote(&mut out[s], q, colon);
                    }
                    None if claimed_by.is_none() => added.extend(self.introduced(q, colon)),
                    _ => {}
                }
            } else if claimed_by.is_none() {
                added.extend(
                    self.tagged_after(q)
                        .or_else(|| self.tagged_before(q))
                        .or_else(|| self.outlet_after_headline(q)),
                );
            }
        }
        if !added.is_empty() {
            out.extend(added);
            out.sort_by_key(|s| s.cue.map_or(0, |c| c.start));
        }
    }

    /// Quote paragraphs with no attribution of their own, each added to the statement that
    /// ends the paragraph before (or continues the chain).
    fn follow_on_paragraphs(&self, out: &mut [Statement]) {
        let owner = self.content_owner(out);
        let mut next = 0;
        let mut current: Option<usize> = None;
        for p in self.paragraphs() {
            let first = next;
            while next < out.len() && self.cue_token(&out[next]) < p.end {
                next += 1;
            }
            let quoted = (first == next)
                .then(|| self.quote_paragraph(&p))
                .flatten()
                .filter(|_| !self.quote_runs_into_attribution(&p, out));
            let Some(fragment) = quoted else {
                current = self.ender(&p, first..next, out, &owner);
                continue;
            };
            if let Some(o) = owner[p.start + 1] {
                // Already continued by the shapes: the chain goes on with that statement.
                current = out[o].source.map(|_| o);
            } else if let Some(s) = current {
                let st = &mut out[s];
                st.content.push(fragment);
                st.kind = self.ctx.kind_of(&st.content);
            }
        }
    }

    /// Whether the quote that ends paragraph `p` is left open and the next paragraph, which
    /// goes on with it, has an attribution of its own: `“A …¶B,” X said.` is X's.
    fn quote_runs_into_attribution(&self, p: &Range<usize>, out: &[Statement]) -> bool {
        let ctx = self.ctx;
        let last = p.end - 1;
        let open_ended = ctx.in_quote[last].is_some() && !ctx.is_quote(last);
        let Some(next) = self.paragraph_after(p.end) else {
            return false;
        };
        let from = ctx.toks[next.start].span.start;
        let to = ctx.toks[next.end - 1].span.end;
        let first = out.partition_point(|s| s.cue.map_or(0, |c| c.start) < from);
        open_ended
            && out
                .get(first)
                .is_some_and(|s| s.cue.is_some_and(|c| c.start < to))
    }

    /// The paragraph that starts at token `start`, if one does.
    fn paragraph_after(&self, start: usize) -> Option<Range<usize>> {
        let toks = self.ctx.toks;
        let end = (start + 1..toks.len())
            .find(|&k| toks[k].para_before)
            .unwrap_or(toks.len());
        (start < toks.len()).then_some(start..end)
    }

    /// For each token, the last statement (index) whose content covers it.
    fn content_owner(&self, out: &[Statement]) -> Vec<Option<usize>> {
        let ranges = out.iter().enumerate().flat_map(|(i, st)| {
            st.content
                .iter()
                .map(move |frag| (self.ctx.token_range(*frag), Some(i)))
        });
        per_token(self.ctx.toks.len() + 1, None, ranges)
    }

    /// Token ranges of the paragraphs.
    fn paragraphs(&self) -> Vec<Range<usize>> {
        let toks = self.ctx.toks;
        let mut out = Vec::new();
        let mut start = 0;
        for (i, t) in toks.iter().enumerate().skip(1) {
            if t.para_before {
                out.push(start..i);
                start = i;
            }
        }
        if start < toks.len() {
            out.push(start..toks.len());
        }
        out
    }

    fn cue_token(&self, st: &Statement) -> usize {
        st.cue.map_or(0, |c| self.ctx.token_range(c).start)
    }

    /// The span of a paragraph that is all quote and reads as speech: every word quoted,
    /// at least two words, and either a sentence end inside or four words or more (so a
    /// quoted title or "Related:" is no follow-on).
    fn quote_paragraph(&self, p: &Range<usize>) -> Option<Span> {
        let ctx = self.ctx;
        ctx.quote_opening_at(p.start)?;
        let mut words = 0;
        let mut last_quoted = p.start;
        for k in p.clone() {
            if ctx.in_quote[k].is_some() {
                last_quoted = k;
            }
            if ctx.toks[k].is_word() {
                ctx.in_quote[k]?;
                words += 1;
            }
        }
        let q = ctx.quotes[ctx.in_quote[last_quoted]?];
        let speech = words >= 4 || (words >= 2 && self.ends_sentence(q));
        speech.then(|| ctx.span(p.start, last_quoted + 1))
    }

    /// Whether the quote's words end with a sentence end: `“… now.”`, `“…?”`, or a quote
    /// left open at a paragraph break after one.
    fn ends_sentence(&self, q: Quote) -> bool {
        let ctx = self.ctx;
        let mut last = q.close;
        while last > q.open && (ctx.is_quote(last) || matches!(ctx.word(last), "'" | "’")) {
            last -= 1;
        }
        matches!(ctx.word(last), "." | "?" | "!" | "…")
    }

    /// A quote that reads as something said: three words or more, or two ending a sentence.
    fn speech_like(&self, q: Quote) -> bool {
        let words = (q.open..=q.close)
            .filter(|&k| self.ctx.toks[k].is_word())
            .count();
        words >= 3 || (words >= 2 && self.ends_sentence(q))
    }

    /// The statement that ends paragraph `p` and may go on in the next one: the last
    /// statement whose cue lies in `p` (`own`) and outside the others' contents, when it
    /// has a source, reaches the paragraph's last sentence, and every other such statement
    /// there has the same speaker. `owner` says which content covers each token.
    fn ender(
        &self,
        p: &Range<usize>,
        own: Range<usize>,
        out: &[Statement],
        owner: &[Option<usize>],
    ) -> Option<usize> {
        let ctx = self.ctx;
        let outer: Vec<usize> = own
            .filter(|&i| owner[self.cue_token(&out[i])].is_none_or(|o| o == i))
            .collect();
        let s = *outer.last()?;
        let st = &out[s];
        let source = st.source?;
        let last_word = p.clone().rev().find(|&k| ctx.toks[k].is_word())?;
        let last_sentence = self.sentence_of[last_word];
        let extent_end = st
            .content
            .iter()
            .chain(st.cue.iter())
            .map(|c| ctx.token_range(*c).end)
            .max()?;
        let reaches = extent_end > 0 && self.sentence_of[extent_end - 1] >= last_sentence;
        let one_speaker = self.one_speaker(source)
            && outer
                .iter()
                .all(|&i| out[i].source.is_none_or(|o| self.same_speaker(o, source)));
        (reaches && one_speaker).then_some(s)
    }

    /// Whether a source names one speaker: a single mention, or words without "and".
    fn one_speaker(&self, source: Span) -> bool {
        let ctx = self.ctx;
        let r = ctx.token_range(source);
        let single_mention = ctx.mention_of[r.start].is_some_and(|mi| {
            let m = ctx.token_range(ctx.mentions[mi].span);
            m.start <= r.start && r.end <= m.end
        });
        single_mention || !r.clone().any(|k| matches!(ctx.word(k), "and" | "&"))
    }

    /// Whether two sources of one paragraph name the same speaker: a pronoun stands for
    /// anyone, names must share their last word ("Jane Doe" and "Doe").
    fn same_speaker(&self, a: Span, b: Span) -> bool {
        let head = |s: Span| {
            let r = self.ctx.token_range(s);
            r.clone()
                .rev()
                .find(|&k| self.ctx.toks[k].is_word() && self.ctx.word(k) != "'s")
                .map(|k| self.ctx.word(k))
        };
        let pronoun = |s: Span| {
            let r = self.ctx.token_range(s);
            r.len() == 1
                && (PRONOUNS.contains(&self.ctx.word(r.start)) || self.ctx.word(r.start) == "who")
        };
        pronoun(a) || pronoun(b) || head(a) == head(b)
    }

    /// The colon just before a quote that may be introduced by the clause before it.
    fn intro_colon(&self, q: Quote) -> Option<usize> {
        let colon = q.open.checked_sub(1)?;
        (self.ctx.is_punct(colon, ":") && self.ctx.in_quote[colon].is_none()).then_some(colon)
    }

    /// The last statement whose cue lies in the clause before `colon` (from its sentence's
    /// start).
    fn statement_in_clause(&self, out: &[Statement], colon: usize) -> Option<usize> {
        let start = self.sentences[self.sentence_of[colon]].start;
        let from = self.ctx.toks[start].span.start;
        let to = self.ctx.toks[colon].span.start;
        let cue_start = |s: &Statement| s.cue.map_or(0, |c| c.start);
        let end = out.partition_point(|s| cue_start(s) < to);
        end.checked_sub(1).filter(|&s| cue_start(&out[s]) >= from)
    }

    /// A statement whose cue lies before the colon takes the quote after it when its own
    /// content there is only a filler ("called them on it:", "put it this way:"); a clause
    /// that ends at the colon ("observed the stage itself was the winner:") goes on into
    /// the quote.
    fn take_quote(&self, st: &mut Statement, q: Quote, colon: usize) {
        let ctx = self.ctx;
        if !self.speech_like(q) || st.source.is_none() {
            return;
        }
        let colon_at = ctx.toks[colon].span.start;
        let quote = ctx.span(q.open, q.close + 1);
        let hull = st.content_hull();
        if hull.start >= colon_at {
            return;
        }
        let before: Vec<usize> = ctx
            .token_range(Span::new(hull.start, colon_at.min(hull.end)))
            .filter(|&k| ctx.toks[k].is_word())
            .collect();
        // A filler, not what was said: "them on it", "to rowdy applause", "this way", a
        // medium ("Twitter"). A noun phrase ("mass deportation") or a clause stays.
        let filler = before.len() <= 3
            && before.first().is_some_and(|&k| {
                let w = ctx.word(k);
                is_function(w) || matches!(w, "her" | "his" | "their" | "this" | "that")
            })
            || (!before.is_empty() && before.iter().all(|&k| ctx.toks[k].cap));
        // A clause that ends at the colon runs on into the quote.
        let runs_on = before.len() > 3
            && hull.end <= colon_at
            && ctx
                .token_range(Span::new(hull.end, colon_at))
                .all(|k| !ctx.toks[k].is_word());
        if filler {
            st.content = vec![Span::new(quote.start, hull.end.max(quote.end))];
        } else if runs_on {
            st.content.push(quote);
        } else {
            return;
        }
        st.kind = ctx.kind_of(&st.content);
    }

    /// A new statement for a quote after a colon, introduced by a clause with no cue: its
    /// subject is the source, the rest of the clause and the colon the cue.
    fn introduced(&self, q: Quote, colon: usize) -> Option<Statement> {
        if !self.speech_like(q) {
            return None;
        }
        let si = self.sentence_of[colon];
        let start = self.sentences[si].start;
        let (source, cue) = self.intro_subject(start, colon)?;
        let cue = Cue {
            from: cue.start,
            to: cue.end,
            class: CueClass::Clause,
        };
        let content = vec![self.ctx.span(q.open, q.close + 1)];
        let source = self.ctx.span(source.start, source.end);
        Some(self.ctx.statement(si, cue, Some(source), content, None))
    }

    /// The subject of an introduction before `colon` and its cue, the rest of the clause
    /// and the colon: "X is blunt:", "X's verdict:", "Her answer:". The clause opens the
    /// sentence (at `start`) or follows a lead-in that ends in a comma ("When Wallace died,
    /// Clinton issued the following statement:").
    fn intro_subject(&self, start: usize, colon: usize) -> Option<(Range<usize>, Range<usize>)> {
        let ctx = self.ctx;
        let floor = start.max(colon.saturating_sub(MAX_INTRO + 8));
        let after_commas = (floor..colon)
            .filter(|&i| ctx.is_punct(i, ",") && ctx.in_quote[i].is_none())
            .map(|i| i + 1);
        std::iter::once(start)
            .chain(after_commas)
            .find_map(|k| self.intro_clause(k, colon))
    }

    /// The subject and cue of an introduction whose clause starts at `k`.
    fn intro_clause(&self, mut k: usize, colon: usize) -> Option<(Range<usize>, Range<usize>)> {
        let ctx = self.ctx;
        while k < colon && CONNECTIVES.contains(&ctx.word(k)) {
            k += 1;
        }
        if POSSESSIVES.contains(&ctx.word(k)) {
            // "Her answer:", "His verdict on the deal:".
            let pred = k + 1..colon;
            let noun = pred.clone().take(3).any(|i| is_intro_noun(ctx.word(i)));
            return (noun && pred.len() <= 5).then_some((k..k + 1, k + 1..colon + 1));
        }
        let here = ctx.word(k) == "here" && matches!(ctx.word(k + 1), "'s" | "is");
        let mut s = if here { k + 2 } else { k };
        while s < colon && DETERMINERS.contains(&ctx.word(s)) {
            s += 1;
        }
        let subj = match ctx.main_subject(s, colon) {
            Some(subj) if subj.start == s => subj,
            _ if !here => self.plain_subject(k, s, colon)?,
            _ => return None,
        };
        let pred = subj.end..colon;
        let one_clause = !(subj.start..colon)
            .any(|i| ctx.in_quote[i].is_some() || matches!(ctx.word(i), "." | ";" | "?" | "!"));
        if !one_clause || pred.len() > MAX_INTRO {
            return None;
        }
        if here {
            // "Here's Clinton in 1992:": the colon is the cue.
            return Some((subj, colon..colon + 1));
        }
        if ctx.word(subj.end) == "'s" {
            // "X's verdict:".
            let noun = pred
                .clone()
                .skip(1)
                .take(3)
                .any(|i| is_intro_noun(ctx.word(i)));
            return (noun && pred.len() <= 5).then_some((subj.clone(), subj.end..colon + 1));
        }
        let qualifies = pred.clone().any(|i| {
            let w = ctx.word(i);
            self.is_verb(i) || lexicon().intro_adjectives.contains(w) || is_intro_noun(w)
        });
        qualifies.then_some((subj.clone(), subj.end..colon + 1))
    }

    /// "The election board was emphatic in its ruling:", "A footnote in the audit makes
    /// that clear:": a subject no mention reads, a noun phrase opened by an article (from
    /// `k`; its noun at `s`) or a name's possessive ("Smith's letter"), of plain words up
    /// to the first finite verb (or cue, not after an article: "the report").
    fn plain_subject(&self, k: usize, s: usize, colon: usize) -> Option<Range<usize>> {
        let ctx = self.ctx;
        let article = s > k;
        let possessive = ctx.toks[s].cap && matches!(ctx.word(s + 1), "'s" | "’s");
        if !(article || possessive) {
            return None;
        }
        let first = if possessive { s + 2 } else { s };
        let verb = (first + 1..colon.min(first + MAX_SUBJECT)).find(|&i| {
            !ctx.toks[i].is_word()
                || ctx.in_quote[i].is_some()
                || FINITE_VERBS.contains(&ctx.word(i))
                || (self.is_verb(i) && !DETERMINERS.contains(&ctx.word(i - 1)))
        })?;
        let plain = ctx.toks[verb].is_word() && ctx.in_quote[verb].is_none();
        plain.then_some(k..verb)
    }

    /// Whether a verb starts at token `i`: a cue, a verb of speaking manner, or a past
    /// tense ("issued", "listed").
    fn is_verb(&self, i: usize) -> bool {
        let ctx = self.ctx;
        let t = &ctx.toks[i];
        if !t.is_word() || ctx.in_quote[i].is_some() {
            return false;
        }
        let words: Vec<&str> = (i..(i + 4).min(ctx.toks.len()))
            .map(|k| ctx.word(k))
            .collect();
        let lex = lexicon();
        lex.cue_at(&words).is_some()
            || lex.intro_verb_at(&words).is_some()
            || (t.lower().len() > 4 && t.lower().ends_with("ed") && !t.all_caps)
    }

    /// "“…,” Trump barked", "“…!” beamed Donald Hartley": a quote opening its sentence and
    /// ending in a comma, "?" or "!", then a subject and a verb of speaking in either order.
    fn tagged_after(&self, q: Quote) -> Option<Statement> {
        let ctx = self.ctx;
        if !ctx.is_quote(q.close) || q.close < q.open + 2 || !self.opens_sentence(q.open) {
            return None;
        }
        let comma = match ctx.word(q.close - 1) {
            "," => true,
            "?" | "!" => false,
            _ => return None,
        };
        let a = q.close + 1;
        let (source, verb) = match self.tag_subject_at(a) {
            Some(src) => {
                let mut v = src.end;
                while v < src.end + 2
                    && (ctx.is_ly_adverb(v) || matches!(ctx.word(v), "then" | "again"))
                {
                    v += 1;
                }
                (src, v..v + self.tag_verb_at(v, comma)?)
            }
            None => {
                let n = self.tag_verb_at(a, comma)?;
                (self.tag_subject_at(a + n)?, a..a + n)
            }
        };
        let tail = source.end.max(verb.end);
        if !self.tag_ends_at(tail) {
            return None;
        }
        let si = self.sentence_of[verb.start];
        let range = &self.sentences[si];
        let mut content = vec![ctx.span(q.open, q.close + 1)];
        content.extend(
            ctx.resumed_quote(tail, range)
                .or_else(|| ctx.continuation_quote(tail, range)),
        );
        let cue = Cue {
            from: verb.start,
            to: verb.end,
            class: CueClass::Clause,
        };
        let source = ctx.span(source.start, source.end);
        Some(ctx.statement(si, cue, Some(source), content, None))
    }

    /// "STOCKS SLIDE AGAIN “Investors sold …” [Reuters.]": a news digest's item, a headline
    /// in capitals opening the paragraph, a quote from the story, and the outlet in
    /// brackets after it. The outlet is the source, the bracket the cue.
    fn outlet_after_headline(&self, q: Quote) -> Option<Statement> {
        let ctx = self.ctx;
        let open_bracket = q.close + 1;
        if !ctx.is_quote(q.close) || !ctx.is_punct(open_bracket, "[") {
            return None;
        }
        let close_bracket = (open_bracket + 2..open_bracket + 7)
            .take_while(|&k| ctx.toks.get(k).is_some_and(|t| !t.para_before))
            .find(|&k| ctx.is_punct(k, "]"))?;
        let name_end = if ctx.is_punct(close_bracket - 1, ".") {
            close_bracket - 1
        } else {
            close_bracket
        };
        let outlet = open_bracket + 1..name_end;
        let named = !outlet.is_empty()
            && outlet.clone().all(|k| ctx.toks[k].is_word())
            && ctx.toks[outlet.start].cap;
        // The headline: from the paragraph's start to the quote, every word in capitals.
        let start = (q.open.saturating_sub(30)..=q.open)
            .rev()
            .find(|&k| k == 0 || ctx.toks[k].para_before)?;
        let headline = start..q.open;
        let words = headline.clone().filter(|&k| ctx.toks[k].is_word());
        let capitals = headline.clone().filter(|&k| ctx.toks[k].all_caps).count();
        let in_capitals = words.clone().all(|k| {
            let t = &ctx.toks[k];
            t.all_caps
                || t.kind == TokenKind::Number
                || !t.lower().chars().any(char::is_alphabetic)
                || t.lower().len() == 1
                || t.lower().starts_with('\'')
        });
        if !named || capitals < 2 || !in_capitals || start == q.open {
            return None;
        }
        let si = self.sentence_of[q.open];
        let cue = Cue {
            from: open_bracket,
            to: close_bracket + 1,
            class: CueClass::Clause,
        };
        let content = vec![ctx.span(q.open, q.close + 1)];
        let source = ctx.span(outlet.start, outlet.end);
        Some(ctx.statement(si, cue, Some(source), content, None))
    }

    /// "Trump barked “…”", "Trump barked, “…”": a verb of speaking manner between a subject
    /// and a quote.
    fn tagged_before(&self, q: Quote) -> Option<Statement> {
        let ctx = self.ctx;
        if !self.speech_like(q) {
            return None;
        }
        let mut end = q.open;
        if end > 0 && ctx.is_punct(end - 1, ",") {
            end -= 1;
        }
        let lex = lexicon();
        let from = (end.saturating_sub(3)..end).find(|&v| {
            let words: Vec<&str> = (v..end).map(|k| ctx.word(k)).collect();
            lex.intro_verb_at(&words) == Some(end - v)
        })?;
        let mut s = from;
        while s > 0 && ctx.is_ly_adverb(s - 1) {
            s -= 1;
        }
        let head = s.checked_sub(1)?;
        let subj = if PRONOUNS.contains(&ctx.word(head)) {
            head..head + 1
        } else {
            let m = &ctx.mentions[ctx.mention_of[head]?];
            let r = ctx.token_range(m.span);
            (m.kind != EntityKind::Place && r.end == head + 1).then_some(r)?
        };
        let si = self.sentence_of[from];
        let cue = Cue {
            from,
            to: end,
            class: CueClass::Clause,
        };
        let content = vec![ctx.span(q.open, q.close + 1)];
        let source = ctx.span(subj.start, subj.end);
        Some(ctx.statement(si, cue, Some(source), content, None))
    }

    /// Whether a quote opens its sentence: at the start of the text or a paragraph, or
    /// after a sentence end.
    fn opens_sentence(&self, open: usize) -> bool {
        let ctx = self.ctx;
        open == 0
            || ctx.toks[open].para_before
            || matches!(ctx.word(open - 1), "." | "?" | "!")
            || ctx.quote_closing_at(open - 1).is_some()
    }

    /// The subject of a tag at `i`: a pronoun, or a person, organisation or group mention,
    /// perhaps after an article and an adjective ("an angry Hollande").
    fn tag_subject_at(&self, i: usize) -> Option<Range<usize>> {
        let ctx = self.ctx;
        if i >= ctx.toks.len() {
            return None;
        }
        if PRONOUNS.contains(&ctx.word(i)) {
            return Some(i..i + 1);
        }
        let mut k = i;
        if DETERMINERS.contains(&ctx.word(k)) {
            k += 1;
            if ctx.toks.get(k).is_some_and(|t| t.is_word() && !t.cap) {
                k += 1;
            }
        }
        let m = &ctx.mentions[ctx.mention_of.get(k).copied().flatten()?];
        let r = ctx.token_range(m.span);
        (m.kind != EntityKind::Place && r.start == k).then_some(i..r.end)
    }

    /// The length of a verb of speaking at `i`: one of the manner verbs, or, after a quote
    /// ending in a comma, any past tense ("“…,” he deadpanned"). Cues are the shapes' to
    /// take.
    fn tag_verb_at(&self, i: usize, comma: bool) -> Option<usize> {
        let ctx = self.ctx;
        let t = ctx.toks.get(i).filter(|t| t.is_word() && !t.cap)?;
        let words: Vec<&str> = (i..(i + 4).min(ctx.toks.len()))
            .map(|k| ctx.word(k))
            .collect();
        let lex = lexicon();
        if lex.cue_at(&words).is_some() {
            return None;
        }
        lex.intro_verb_at(&words)
            .or_else(|| (comma && t.lower().len() > 4 && t.lower().ends_with("ed")).then_some(1))
    }

    /// Whether a tag may end before token `k`: the text, the sentence or the clause ends,
    /// or an adjunct follows ("barked at the reporter", "barked and left"); not an object
    /// ("barked orders").
    fn tag_ends_at(&self, k: usize) -> bool {
        let ctx = self.ctx;
        let Some(t) = ctx.toks.get(k) else {
            return true;
        };
        t.para_before
            || t.kind == TokenKind::Punct
            || t.is_quote()
            || t.in_lists(FUNCTION_WORD)
            || ctx.is_ly_adverb(k)
            || matches!(t.lower(), "back" | "again" | "then")
    }
}

fn is_intro_noun(w: &str) -> bool {
    lexicon().intro_nouns.contains(w)
}
