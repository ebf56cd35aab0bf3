//! Quotes with no cue word of their own, attached after the shapes have run.
//!
//! Owns **follow-on paragraphs**: a paragraph that is all quote, with no attribution of its
//! own, goes on with the statement that ends the paragraph before (“We will not accept
//! this,” the union's president said.¶“The families deserve better.”) when that statement
//! has one speaker, its attribution reaches the paragraph's last sentence, and no other
//! speaker is attributed there. The chain runs paragraph after paragraph and stops at one
//! that is not a quote. A follow-on is one more content fragment of the statement it
//! continues (as PolNeAR annotates it, and as `continuation_quote` in the shapes already
//! does for `“A,” he said. “B.”`), so it shares its speaker, cue, kind and date.
//!
//! The pass adds content fragments and removes none. Each step walks the tokens or the
//! statements once (statements are looked up by binary search on their sorted cues), so
//! it stays linear in the text.

use std::ops::Range;

use super::quotes::Quote;
use super::shapes::Ctx;
use crate::nlp::{Span, Statement};

/// Pronouns, which may stand for any speaker of a paragraph.
const PRONOUNS: &[&str] = &["he", "she", "they", "we", "i"];

/// Attaches the quote paragraphs no cue claimed, to `out` (sorted by cue, as `extract`
/// leaves it).
pub(super) fn attach(ctx: &Ctx, sentences: &[Range<usize>], out: &mut [Statement]) {
    Pass::new(ctx, sentences).follow_on_paragraphs(out);
}

struct Pass<'c, 'a> {
    ctx: &'c Ctx<'a>,
    /// For each token, the index of its sentence.
    sentence_of: Vec<usize>,
}

impl<'c, 'a> Pass<'c, 'a> {
    fn new(ctx: &'c Ctx<'a>, sentences: &'c [Range<usize>]) -> Self {
        let mut sentence_of = vec![0; ctx.toks.len()];
        for (si, r) in sentences.iter().enumerate() {
            for slot in &mut sentence_of[r.clone()] {
                *slot = si;
            }
        }
        Pass { ctx, sentence_of }
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
        let mut owner = vec![None; self.ctx.toks.len() + 1];
        for (i, st) in out.iter().enumerate() {
            for frag in &st.content {
                for slot in &mut owner[self.ctx.token_range(*frag)] {
                    *slot = Some(i);
                }
            }
        }
        owner
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
}
