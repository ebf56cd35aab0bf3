//! A statement that goes on past its attribution: the clause or quote resumed after "X
//! said," and quotes that continue one.

use std::ops::Range;

use super::*;

impl Ctx<'_> {
    /// A clause that resumes the content after a parenthetical attribution: "The plan, he
    /// said, is dead." Not a participle clause (", adding that …").
    pub(super) fn resumed_clause(&self, after: usize, range: &Range<usize>) -> Option<Span> {
        if !self.is_punct(after, ",") {
            return self.resumed_quote(after, range);
        }
        let next = self.toks.get(after + 1).filter(|_| after + 1 < range.end)?;
        if next.is_quote() {
            return self.resumed_quote(after, range);
        }
        let w = next.lower();
        // "The firm earned, he said, $5 million": an amount resumes the clause too.
        let amount = next.kind == TokenKind::Number || w == "$";
        if !(next.is_word() || amount)
            || w.ends_with("ing")
            || matches!(w, "according" | "as" | "who" | "which")
        {
            return None;
        }
        let resumed = self
            .clause_from(after + 1, range.end, CueClass::Clause)
            .and_then(|c| c.first().copied())?;
        // "After she complained, officials said, the school …": a tag of its own after
        // the comma attributes the clause; it resumes nothing.
        let r = self.token_range(resumed);
        self.tag_cue_from(r.start, range)
            .is_none()
            .then_some(resumed)
    }

    /// The cue of an attribution tag of its own opening at `from`, "police said" in "…,
    /// police said, …": a subject of one to four plain words, then a verb cue of a clause,
    /// then a comma or the sentence's end. ("it" is left out: "as bad as it seemed, …".)
    pub(in crate::nlp::attribution) fn tag_cue_from(
        &self,
        from: usize,
        range: &Range<usize>,
    ) -> Option<usize> {
        let end = (from + 5).min(range.end);
        let cue = (from + 1..end).find(|&k| self.may_start_cue(k) && !self.toks[k].cap)?;
        let closes = cue + 1 >= range.end || matches!(self.word(cue + 1), "," | "." | "?" | "!");
        let clause_cue = || {
            self.cue_at(cue, range)
                .is_some_and(|c| c.to == cue + 1 && c.class == CueClass::Clause)
        };
        // "police", "the two men", "he": not "After she" (a clause) nor "in Ohio".
        let subject_word = |k: usize| {
            let w = self.word(k);
            self.is_plain_word(k)
                && (!self.in_lists(k, FUNCTION_WORD)
                    || matches!(w, "he" | "she" | "they" | "we" | "i" | "you"))
        };
        (closes && (from..cue).all(subject_word) && clause_cue()).then_some(cue)
    }

    /// "The city is losing money, they say, cutting jobs across the board": after a tag set
    /// off by commas in the middle of a clause, a participle clause that goes on with the
    /// clause before (not one of the speaker's own acts: "citing", "adding").
    pub(super) fn resumed_participle(&self, after: usize, range: &Range<usize>) -> Option<Span> {
        if !self.is_punct(after, ",") || after + 1 >= range.end {
            return None;
        }
        let next = self.toks.get(after + 1)?;
        let w = next.lower();
        let doing = next.is_word()
            && !next.cap
            && w.len() > 5
            && w.ends_with("ing")
            && !next.may_start_cue()
            && !SPEAKER_PARTICIPLES.contains(&w)
            && !ING_PREPOSITIONS.contains(&w);
        if !doing {
            return None;
        }
        self.clause_from(after + 1, range.end, CueClass::Clause)
            .and_then(|c| c.first().copied())
    }

    /// Past "and others" after a source that ends at `to` ("said Doyle and others"), or
    /// past how an anonymous source knows ("said a person familiar with the matter"). Else
    /// `to`.
    pub(super) fn past_source_tail(&self, to: usize, end: usize) -> usize {
        if to + 2 <= end && self.word(to) == "and" && self.word(to + 1) == "others" {
            return to + 2;
        }
        // "said a person familiar with the matter", "said two people briefed on the
        // talks", "said an official with knowledge of the plans": who the anonymous source
        // is goes on over the phrase that says how they know.
        let knowing = to
            .checked_sub(1)
            .is_some_and(|k| KNOWING_MODIFIERS.contains(&self.word(k)))
            && matches!(self.word(to), "with" | "on" | "to" | "in" | "about");
        let with_knowledge = self.word(to) == "with"
            && (self.word(to + 1) == "knowledge"
                || (self.word(to + 1) == "direct" && self.word(to + 2) == "knowledge"));
        if !(knowing || with_knowledge) {
            return to;
        }
        self.np_after(to + 1, end).map_or(to, |(_, e)| e)
    }

    /// "The plan, said Jane Doe, is dead.", "…, said Jane Doe, an aide to the mayor, is
    /// dead.": the predicate that resumes the content after an inverted tag's source (at
    /// the comma `to`), past the source's aside, when it opens with a verb.
    pub(super) fn resumed_predicate(&self, to: usize, range: &Range<usize>) -> Option<Span> {
        if !self.is_punct(to, ",") || to + 1 >= range.end {
            return None;
        }
        // "doesn't", "won't": a negated auxiliary opens a predicate too.
        let opens = |k: usize| self.starts_main_verb(k) || self.word(k).ends_with("n't");
        let start = if opens(to + 1) {
            to + 1
        } else {
            let c = (to + 2..range.end.min(to + 30)).find(|&k| {
                self.is_quote(k) || matches!(self.word(k), "," | ";" | ":" | "(" | "—" | "–")
            })?;
            if !self.is_punct(c, ",") || !opens(c + 1) {
                return None;
            }
            c + 1
        };
        self.clause_from(start, range.end, CueClass::Clause)
            .and_then(|c| c.first().copied())
    }

    /// "Turnout, the campaign said, has surged.": a one-word subject before a tag set off
    /// by commas is content when the clause resumed after the tag opens with its verb.
    pub(super) fn subject_word_before(
        &self,
        left: usize,
        range: &Range<usize>,
        resumed: Option<Span>,
    ) -> Option<Vec<Span>> {
        let r = resumed?;
        let p = left
            .checked_sub(1)
            .filter(|&p| p > range.start && self.is_punct(p, ","))?;
        let from = self.past_conjunctions(range.start, p);
        let subject = p == from + 1
            && self.toks.get(from).is_some_and(|t| t.is_word())
            && !self.in_lists(from, FUNCTION_WORD)
            && !LEAD_ADVERBS.contains(&self.word(from))
            && !self.is_ly_adverb(from)
            && (self.starts_main_verb(self.token_range(r).start)
                || self.word(self.token_range(r).start).ends_with("n't"));
        subject.then(|| vec![self.span(from, p)])
    }

    /// A quote opening the next sentence of the paragraph, when the cue's sentence ends
    /// soon after the cue: `“A,” he said. “B.”` quotes one speaker twice.
    pub(in crate::nlp::attribution) fn continuation_quote(
        &self,
        after: usize,
        range: &Range<usize>,
    ) -> Option<Span> {
        let n = range.end;
        // A short quoted title in the tail ("on CNN’s “State of the Union”") is no new quote.
        let tail_short = n.saturating_sub(after) <= 45
            && (after..n).all(|k| {
                !self.is_quote(k)
                    || self.in_quote.get(k).copied().flatten().is_some_and(|qi| {
                        let q = self.quotes[qi];
                        q.close <= q.open + 6 || self.is_title_quote(q)
                    })
            });
        if !tail_short {
            return None;
        }
        // "“A,” X said, adding that …. “B.”": the quote after goes on with what the
        // participle adds, not with the tag's quote.
        if self.adds_on(after, n) {
            return None;
        }
        self.quotes_after_sentence(range)
    }

    /// Whether a participle that adds to what was said ("…, adding that …") stands after a
    /// comma between `from` and `to`.
    pub(in crate::nlp::attribution) fn adds_on(&self, from: usize, to: usize) -> bool {
        (from.max(1)..to)
            .any(|k| ADDING_PARTICIPLES.contains(&self.word(k)) && self.is_punct(k - 1, ","))
    }

    /// The unattributed quoted sentences that open the sentence after `range` (same
    /// paragraph, or paragraphs that are all quote), as one span.
    pub(in crate::nlp::attribution) fn quotes_after_sentence(
        &self,
        range: &Range<usize>,
    ) -> Option<Span> {
        let n = range.end;
        let t = self.toks.get(n)?;
        let first = self.unattributed_quote(n)?;
        if t.para_before && !self.toks.get(first.close + 1).is_none_or(|t| t.para_before) {
            // A quote opening the next paragraph continues only when it is the whole
            // paragraph.
            return None;
        }
        // Further quoted sentences of the same paragraph go on: `“A,” he said. “B.” “C.”`.
        // So do paragraphs that are all quote: news quotes one speaker on.
        let mut last = first;
        while let Some(q) = self.unattributed_quote(last.close + 1).filter(|q| {
            !self.toks[q.open].para_before
                || self.toks.get(q.close + 1).is_none_or(|t| t.para_before)
        }) {
            last = q;
        }
        Some(self.span(first.open, last.close + 1))
    }

    /// A quote opening at `i` that ends its sentence and is not attributed again after it.
    pub(in crate::nlp::attribution) fn unattributed_quote(&self, i: usize) -> Option<Quote> {
        let q = self.quote_opening_at(i)?;
        // A quote inside the quote may close just before it: `… reminds me of me.’”`.
        let mut last = q.close - 1;
        if last > q.open + 1 && matches!(self.word(last), "'" | "’") {
            last -= 1;
        }
        let closed = q.close > q.open + 1
            && matches!(self.word(last), "." | "?" | "!")
            && self.is_quote(q.close);
        // A quote left open at the paragraph's end goes on in the next paragraph (news
        // reopens it there): it ends a sentence too.
        // Not when the quote that takes it up is attributed after it: `… negotiable.¶“Well,
        // Israel's security is nonnegotiable!” she said.`
        let taken_up_by_tag = self.quote_opening_at(q.close + 1).is_some_and(|n| {
            self.toks
                .get(n.close + 1)
                .is_some_and(|t| t.is_word() && !t.cap)
        });
        let left_open = q.close > q.open + 1
            && !self.is_quote(q.close)
            && matches!(self.word(q.close), "." | "?" | "!")
            && self.toks.get(q.close + 1).is_none_or(|t| t.para_before)
            && !taken_up_by_tag;
        let ends_sentence = closed || left_open;
        let attributed_again = self
            .toks
            .get(q.close + 1)
            .is_some_and(|t| t.is_word() && !t.cap);
        (ends_sentence && !attributed_again).then_some(q)
    }

    /// A quote that resumes the content after the source and cue: `, “…”`.
    pub(in crate::nlp::attribution) fn resumed_quote(
        &self,
        after: usize,
        range: &Range<usize>,
    ) -> Option<Span> {
        let after = self.past_place(after, range.end);
        // "“A,” he said of Trump, “B.”": a short adjunct of plain words before the comma.
        let after = (after..range.end.min(after + 10))
            .find(|&k| !self.toks[k].is_word() || self.in_quote[k].is_some())
            .filter(|&k| self.is_punct(k, ","))
            .unwrap_or(after);
        // "“A,” said Sherman, speaking of politicians, “B.”": a participle clause of plain
        // words between commas (or before a colon) may stand before the resumed quote.
        let after = self.past_participle_clause(after, range.end);
        let after = self.past_apposition(after, range.end);
        if !(self.is_punct(after, ",") || self.is_punct(after, ":")) || after + 1 >= range.end {
            return None;
        }
        let q = self.quote_opening_at(after + 1)?;
        Some(self.span(q.open, q.close + 1))
    }

    /// "“The risk,” said Edward Leamer, an economist who directs the forecast, “is that
    /// …”": a quote opening on a lowercase word goes on with the sentence the first quote
    /// began, past the source's apposition (a comma, words with no quote, no clause of
    /// their own, a comma). Else `after`.
    fn past_apposition(&self, after: usize, end: usize) -> usize {
        if !self.is_punct(after, ",") || self.quote_opening_at(after + 1).is_some() {
            return after;
        }
        let stop = (after + 1..end.min(after + 40)).find(|&k| {
            self.is_quote(k) || matches!(self.word(k), "." | ";" | ":" | "that" | "if" | "whether")
        });
        let Some(k) = stop.filter(|&k| self.is_punct(k - 1, ",")) else {
            return after;
        };
        let lower = self
            .quote_opening_at(k)
            .and_then(|q| self.toks.get(q.open + 1))
            .is_some_and(|t| t.is_word() && !t.cap);
        if lower && k > after + 2 {
            k - 1
        } else {
            after
        }
    }

    /// Past a ", <participle> …," clause of plain words at the comma `after`, to the comma
    /// or colon that closes it when a quote opens right after; else `after`.
    fn past_participle_clause(&self, after: usize, end: usize) -> usize {
        let w = self.word(after + 1);
        if !(self.is_punct(after, ",") && w.len() > 5 && w.ends_with("ing")) {
            return after;
        }
        let stop = (after + 2..end.min(after + 12))
            .find(|&k| !self.toks[k].is_word() || self.in_quote[k].is_some());
        // "…, arguing that if …, “…”": a participle with a clause of its own says it.
        let own_clause = (after + 2..stop.unwrap_or(after + 2))
            .any(|k| matches!(self.word(k), "that" | "if" | "whether"));
        if own_clause {
            return after;
        }
        // "said, adding later, “…”" is a statement of its own: the participle needs an
        // object of two words or more ("speaking of politicians").
        match stop {
            Some(k)
                if k >= after + 4
                    && (self.is_punct(k, ",") || self.is_punct(k, ":"))
                    && self.quote_opening_at(k + 1).is_some() =>
            {
                k
            }
            _ => after,
        }
    }

    /// Past the rest of a place adjunct the cue's skip stopped inside: "said during a rally
    /// in Kenansville, N.C., “…”" resumes at the comma after "N.C.".
    pub(super) fn past_place(&self, after: usize, end: usize) -> usize {
        if !self.is_punct(after, ",") || self.quote_opening_at(after + 1).is_some() {
            return after;
        }
        let mut k = after + 1;
        while k < end.min(after + 5) && self.toks[k].cap && self.toks[k].is_word() {
            k += 1;
        }
        if k > after + 1 && self.is_punct(k, ",") && self.quote_opening_at(k + 1).is_some() {
            k
        } else {
            after
        }
    }
}
