//! The shapes around a verb cue that find their source in their own way: passive (with or
//! without an agent), inverted ("said X"), participle ("…, stating"), a long subject, "seen
//! as", and raising verbs with no source.

use std::ops::Range;

use super::*;

/// The longest subject read from a sentence's start by [`Ctx::plain_subject`], in words.
const PLAIN_SUBJECT_WORDS: usize = 8;

/// Whether a cue word is a finite form: "said", "asked", "says" (not "say", "saying").
pub(super) fn is_finite_cue(w: &str) -> bool {
    w.ends_with("ed")
        || w.ends_with('s')
        || matches!(
            w,
            "said" | "told" | "wrote" | "thought" | "saw" | "knew" | "found" | "spoke" | "swore"
        )
}

impl Ctx<'_> {
    /// "People we spoke to in the capital say it could be doing more": a subject too
    /// long for the noun-phrase walk. Only for the plainest verbs of saying, or a cue with a
    /// "that" clause, which leave no doubt; the source runs back to the start of the clause.
    pub(super) fn long_subject(
        &self,
        si: usize,
        cue: Cue,
        range: &Range<usize>,
    ) -> Option<Statement> {
        let plain = matches!(
            self.word(cue.from),
            "say" | "says" | "said" | "told" | "tells"
        );
        let floor = cue.from.saturating_sub(20).max(range.start);
        let from = (floor..cue.from)
            .rev()
            .find(|&k| self.toks[k].kind == TokenKind::Punct || self.is_quote(k))
            .map_or(floor, |k| k + 1);
        // `“…,” a spokesman for committee Democrats wrote`: a quote closed by its comma
        // (or "?", "!") before the subject makes any verb of saying a tag.
        let np_from = from + usize::from(self.in_lists(from, DET_WORD));
        let after_tag = from > range.start
            && np_from < cue.from
            && self.is_tag_quote_end(from - 1)
            && self.reads_as_subject(np_from, cue.from);
        // "A poll released last week showed …", "A survey by the group in March found …":
        // what shows or finds speaks through a clause cue whatever else its noun phrase
        // holds (`evidence_nouns.txt`).
        let evidence = cue.class == CueClass::Clause
            && (from..cue.from).any(|k| lexicon().evidence_nouns.contains(self.word(k)));
        if !plain && !after_tag && !evidence && self.word(cue.to) != "that" {
            // Other verbs qualify only with a complementiser: "… agreed that …".
            return None;
        }
        let clean_start =
            from == range.start || self.toks[from - 1].kind == TokenKind::Punct || after_tag;
        if from + 2 > cue.from
            || !clean_start
            || (from..cue.from).any(|k| self.in_quote[k].is_some())
        {
            return None;
        }
        // What was said is clear even when who said it is not: a span that cannot be a
        // subject is no source, and the speaker stays unknown rather than invented.
        let source = self
            .reads_as_subject(from, cue.from)
            .then(|| self.span(from, cue.from));
        self.build(si, cue, source, range, from)
    }

    /// "Trump continued to portray immigrants as criminals", "The piece goes on to slam
    /// …", "Clinton is trying to paint him as …": a cue in an infinitive speaks for the
    /// subject of the verb its "to" follows (a finite or "-ing" verb, up to three words
    /// back, no punctuation between: "took to Twitter to call"). Not when that verb is a
    /// cue itself, whose statement holds the infinitive ("declined to comment", "urged
    /// him to condemn"), but for "continued" and "goes on".
    pub(super) fn infinitive(
        &self,
        si: usize,
        cue: Cue,
        range: &Range<usize>,
    ) -> Option<Statement> {
        if cue.from < range.start + 2 || self.word(cue.from - 1) != "to" {
            return None;
        }
        let to = cue.from - 1;
        if let Some(st) = self.causative_object(si, cue, to, range) {
            return Some(st);
        }
        let frame = self.catenative_verb(to, range.start);
        let verb = match frame {
            Some(v) => v,
            None => self.infinitive_verb(to, range.start)?,
        };
        let governing_cue = frame.is_none()
            && self.toks[verb].may_start_cue()
            && self.word(verb) != "continued"
            && !(verb + 1 < to && (verb + 1..to).all(|k| self.word(k) == "on"));
        if governing_cue {
            return None;
        }
        let at = Cue {
            from: verb,
            to: verb + 1,
            class: cue.class,
        };
        let (subject, _) = self.subject_before(at, range)?;
        if subject.end > verb || subject.start >= verb {
            return None;
        }
        let source = self.span(subject.start, subject.end);
        self.build(si, cue, Some(source), range, subject.start)
    }

    /// The finite or "-ing" verb an infinitive's "to" at `to` follows, up to three words
    /// back with no punctuation between ("took to Twitter to call").
    fn infinitive_verb(&self, to: usize, start: usize) -> Option<usize> {
        (to.saturating_sub(4).max(start + 1)..to)
            .rev()
            .take_while(|&k| self.toks[k].is_word() && self.in_quote[k].is_none())
            .find(|&k| {
                let t = &self.toks[k];
                let w = t.lower();
                !t.cap
                    && !FUNCTION.contains(&w)
                    && (w.ends_with("ed")
                        || w.ends_with("ing")
                        || (w.ends_with('s') && !w.ends_with("ss"))
                        || PAST_VERBS.contains(&w))
            })
    }

    /// "Women are more likely to say", "Critics were quick to point out", "Republicans
    /// continue to warn": the verb whose subject an infinitive's "to" at `to` speaks for,
    /// a form of "be" before an adjective of [`CATENATIVE_ADJECTIVES`] (words of degree
    /// between), or a plain verb of [`CATENATIVE_VERBS`].
    fn catenative_verb(&self, to: usize, start: usize) -> Option<usize> {
        let w = to.checked_sub(1).filter(|&k| k > start)?;
        if CATENATIVE_VERBS.contains(&self.word(w)) {
            return Some(w);
        }
        if !CATENATIVE_ADJECTIVES.contains(&self.word(w)) {
            return None;
        }
        let mut k = w;
        while k > start + 1 && w - k < 3 && CATENATIVE_DEGREE.contains(&self.word(k - 1)) {
            k -= 1;
        }
        (k > start + 1 && self.in_lists(k - 1, BE_WORD)).then(|| k - 1)
    }

    /// "The leak led the chairwoman to announce her resignation", "That prompted Rubio to
    /// make a joke": after a causative verb ([`CAUSATIVES`]) the object before "to" (at
    /// `to`) does what the infinitive says, and is its source: a mention opening right after
    /// the verb, an object pronoun, or a plain noun phrase filling the gap.
    fn causative_object(
        &self,
        si: usize,
        cue: Cue,
        to: usize,
        range: &Range<usize>,
    ) -> Option<Statement> {
        let verb = (to.saturating_sub(8).max(range.start)..to)
            .rev()
            .take_while(|&k| self.toks[k].is_word() && self.in_quote[k].is_none())
            .find(|&k| CAUSATIVES.contains(&self.word(k)))?;
        let from = verb + 1;
        if from >= to {
            return None;
        }
        let object = if let Some(mi) = self.mention_of[from] {
            let m = &self.mentions[mi];
            let r = self.token_range(m.span);
            (m.kind != EntityKind::Place && r.start == from && r.end <= to).then_some(r)?
        } else if to == from + 1
            && matches!(
                self.word(from),
                "him" | "her" | "them" | "us" | "me" | "many" | "some" | "others"
            )
        {
            from..to
        } else {
            (self.np_before(to - 1, from)? == from).then_some(from..to)?
        };
        self.build_spoken_by(si, cue, object, range, from)
    }

    /// Whether token `i` closes a quote that ends in a comma, "?" or "!": the quote a tag
    /// ("…,” X said") attributes.
    pub(in crate::nlp::attribution) fn is_tag_quote_end(&self, i: usize) -> bool {
        self.quote_closing_at(i).is_some_and(|q| {
            q.close > q.open + 1 && matches!(self.word(q.close - 1), "," | "?" | "!")
        })
    }

    /// "“…,” said X": the subject follows the cue; content is the quote or clause before.
    /// Right after a quote's closing comma any finite verb of saying inverts ("“…,” mused
    /// X", "“…,” declares X"); elsewhere only the common ones do.
    pub(super) fn inverted(&self, si: usize, cue: Cue, range: &Range<usize>) -> Option<Statement> {
        let w = self.word(cue.from);
        // "read" is its own past ("“…,” read the email.").
        let finite = w.ends_with("ed") || (w.ends_with('s') && !w.ends_with("ss")) || w == "read";
        // A cue that takes only "that" or a quote inverts after the quote it takes ("“…,”
        // charged Rep. Doe", "“…,” read the statement").
        let tag_class = matches!(cue.class, CueClass::Clause | CueClass::That);
        // The quote opens the sentence: not "X, who called it “toxic,” portrayed …".
        let after_tag = cue.from > 0
            && self.is_tag_quote_end(cue.from - 1)
            && self
                .quote_closing_at(cue.from - 1)
                .is_some_and(|q| q.open <= range.start);
        let lead = (range.start..cue.from)
            .all(|k| matches!(self.word(k), "but" | "and" | "," | "so" | "yet"));
        // "Stated Stone: “…”": any verb of saying fronted before its source and a quote.
        let fronted = lead && finite && tag_class && self.toks[cue.from].cap;
        if cue.to - cue.from != 1
            || !(INVERTIBLE.contains(&w) || (after_tag && finite && tag_class) || fronted)
        {
            return None;
        }
        if lead && w != "say" {
            // "Said Comey, “…”", "But, said Solovey, “…”": the verb fronted, the quote after.
            let (from, to) = self.np_after(cue.to, range.end)?;
            // "Said Jane Doe, who grew up nearby, “…”": past an aside after the source.
            let aside = self.quote_after_aside(to, range.end, true);
            let quote_next = |k: usize| {
                self.quote_opening_at(k).is_some()
                    || (matches!(self.word(k), ":" | ",") && self.quote_opening_at(k + 1).is_some())
            };
            if !INVERTIBLE.contains(&w) && aside.is_none() && !quote_next(to) {
                return None;
            }
            let content = match aside {
                Some(q) => {
                    let q = self.quote_opening_at(q)?;
                    let mut parts = vec![self.span(q.open, q.close + 1)];
                    parts.extend(self.continuation_quote(q.close + 1, range));
                    parts
                }
                None => self.content_after(cue, to, range)?,
            };
            return Some(self.statement(si, cue, Some(self.span(from, to)), content, None));
        }
        let before = cue.from.checked_sub(1)?;
        if !(self.is_punct(before, ",") || self.quote_closing_at(before).is_some()) {
            return None;
        }
        let (from, to) = self.np_after(cue.to, range.end)?;
        // "…, say some Democrats." inverts; "…, say 10 percent" is "for example".
        if w == "say" && self.toks[from].kind == TokenKind::Number {
            return None;
        }
        // "The contrast, said Doyle and others, would be clear": the source's "and others"
        // goes on to the comma.
        let to = self.past_source_tail(to, range.end);
        // After a closing quote the inversion is certain; after a comma the subject must end
        // where the clause does.
        let after_ok = self.is_quote(before)
            || self.is_quote(before.wrapping_sub(1))
            || to >= range.end
            || self.toks[to].kind == TokenKind::Punct
            || matches!(
                self.word(to),
                "in" | "on" | "at" | "during" | "after" | "before"
            );
        if !after_ok {
            return None;
        }
        // "Humphrey, who calls Trump a “sociopath,” said he doubts …", "The senator,
        // calling the bill “a disaster,” said she …": a quote closing a "who" or participle
        // aside after the subject is no tag; the words after the cue go on as its clause,
        // not as an inverted source.
        let in_aside = [before, before.wrapping_sub(1)].iter().any(|&k| {
            self.is_quote(k) && self.subject_before_quoted_aside(k, range.start).is_some()
        });
        let source_ends = to >= range.end
            || self.toks[to].kind == TokenKind::Punct
            || matches!(
                self.word(to),
                "in" | "on" | "at" | "during" | "after" | "before" | "of" | "who" | "from" | "with"
            );
        if in_aside && !source_ends {
            return None;
        }
        // "The plan, said Jane Doe, an aide to the mayor, is dead.": a clause that resumes
        // past the source (and its aside) with its verb goes on with the content before.
        let resumed = if !self.is_quote(before) && !self.is_quote(before.wrapping_sub(1)) {
            self.resumed_predicate(to, range)
        } else {
            None
        };
        let mut content = match self.content_before(cue.from, range) {
            Some(c) => c,
            None => self.subject_word_before(cue.from, range, resumed)?,
        };
        if let Some(r) = resumed {
            content.push(r);
        } else {
            // A quote resuming after ", " continues the content: "“…,” said X, “…”", as
            // does a quote opening the next sentence.
            content.extend(
                self.resumed_quote(to, range)
                    .or_else(|| self.continuation_quote(to, range)),
            );
        }
        Some(self.statement(si, cue, Some(self.span(from, to)), content, None))
    }

    /// "X did Y, stating that …": an -ing cue after a comma; the source is the main
    /// clause's subject.
    pub(super) fn participle(
        &self,
        si: usize,
        cue: Cue,
        range: &Range<usize>,
    ) -> Option<Statement> {
        let prev = self.word(cue.from.wrapping_sub(1));
        // ", saying …", "– saying …", "by saying …", "a statement saying …".
        let after_comma = cue.from > range.start + 1
            && (self.is_punct(cue.from - 1, ",")
                || matches!(prev, "—" | "–" | "by" | "while" | "before" | "after")
                || (self.word(cue.from) == "saying" && STATEMENT_NOUNS.contains(&prev))
                || (self.is_quote(cue.from - 1) && self.is_punct(cue.from.wrapping_sub(2), ","))
                // ", falsely suggesting …": an adverb of manner between.
                || (self.is_ly_adverb(cue.from - 1) && self.is_punct(cue.from.wrapping_sub(2), ","))
                // "… and adding, “…”", "a text message to supporters saying: “…”": a
                // participle that opens a quote right away.
                || ((self.is_punct(cue.to, ",") || self.is_punct(cue.to, ":"))
                    && self.quote_opening_at(cue.to + 1).is_some()));
        // "Trump summed up Clinton as “terrible,” denounced her record and said …": a
        // second past-tense verb of the subject in a list (not "…, denounced by critics").
        let listed_past = self.word(cue.from).ends_with("ed")
            && self.word(cue.to) != "by"
            && cue
                .from
                .checked_sub(1)
                .is_some_and(|p| self.is_punct(p, ",") || self.is_quote(p));
        // "Twitter reported flat growth, and said it was …": a finite cue joined by "and"
        // to the verb of the subject before.
        let after_and = prev == "and"
            && cue.from > range.start + 2
            && self.word(cue.to) != "by"
            && is_finite_cue(self.word(cue.from));
        let listed_past = listed_past || after_and;
        let ing = self.word(cue.from).ends_with("ing");
        if ing && self.opens_sentence_as_adjunct(cue.from, range) {
            return self.fronted_participle(si, cue, range);
        }
        let after_comma =
            after_comma || after_and || (ing && self.second_participle(cue.from, range));
        if !(ing || listed_past) || !after_comma {
            return None;
        }
        // "The governor will play the card, Fiorina said, adding that …": after a trailing
        // tag, the participle goes on with the tag's speaker.
        if let Some(subj) = self.tag_subject_before(cue.from, range) {
            return self.build_spoken_by(si, cue, subj, range, range.start);
        }
        // The first named subject, unless a plain noun phrase opens the sentence before it
        // ("The county board has praised Lee, calling him …"); not when the name is an
        // inverted tag's ("The layoffs are temporary, says Lopez, suggesting …").
        let named = self.main_subject(range.start, cue.from);
        let opening = self.opening_subject(range.start, cue.from).or_else(|| {
            // "On Tuesday, the company said …, warning that …": past a fronted adjunct.
            if !FUNCTION.contains(&self.word(range.start)) {
                return None;
            }
            let comma = (range.start + 1..cue.from.min(range.start + 8))
                .find(|&k| self.is_punct(k, ","))?;
            self.opening_subject(comma + 1, cue.from)
        });
        let subj = match (named, opening) {
            (Some(n), Some(o)) if o.end <= n.start && !self.is_inverted_tag(n.start - 1) => o,
            (n, o) => n.or(o)?,
        };
        self.build_spoken_by(si, cue, subj, range, range.start)
    }

    /// [`Ctx::build`] with its source `subj` whatever the reading finds: a participle's
    /// subject is the clause's it hangs on.
    fn build_spoken_by(
        &self,
        si: usize,
        cue: Cue,
        subj: Range<usize>,
        clause: &Range<usize>,
        left_limit: usize,
    ) -> Option<Statement> {
        let source = self.span(subj.start, subj.end);
        self.build(si, cue, Some(source), clause, left_limit)
            .map(|mut st| {
                st.source = Some(source);
                st
            })
    }

    /// The speaker of a trailing tag that ends at the comma before the participle at `i`:
    /// "…, a Chinese official said, adding", "“…,” Lewandowski added, saying".
    fn tag_subject_before(&self, i: usize, range: &Range<usize>) -> Option<Range<usize>> {
        if i < range.start + 4 || !self.is_punct(i - 1, ",") {
            return None;
        }
        let v = i - 2;
        let t = &self.toks[v];
        if !t.is_word() || t.cap || !t.may_start_cue() || !is_finite_cue(t.lower()) {
            return None;
        }
        let from = self.subject_ending_at(v - 1, range.start)?;
        let tag = from > range.start
            && self.in_quote[from].is_none()
            && (self.is_punct(from - 1, ",") || self.quote_closing_at(from - 1).is_some());
        tag.then_some(from..v)
    }

    /// "…, calling them rapists and vowing to build a wall": an -ing cue after "and" that
    /// joins it to an earlier participle of the sentence, itself after a comma; both say
    /// what the main subject said.
    fn second_participle(&self, i: usize, range: &Range<usize>) -> bool {
        if i < range.start + 3 || self.word(i - 1) != "and" {
            return false;
        }
        (range.start + 1..i - 1).any(|k| {
            self.is_punct(k - 1, ",")
                && self.in_quote[k].is_none()
                && self.word(k).ends_with("ing")
                && self.may_start_cue(k)
        })
    }

    /// Whether the participle at `i` opens its sentence, alone or after a preposition of
    /// time or manner: "Promising that …, the governor said", "After saying …, he left".
    fn opens_sentence_as_adjunct(&self, i: usize, range: &Range<usize>) -> bool {
        (range.start..i).all(|k| FRONTED_PARTICIPLE_LEADS.contains(&self.word(k)))
    }

    /// A participle clause fronted before its subject: "While saying that he respects her,
    /// Sanders kept up his attacks". The source is the mention opening the main clause,
    /// after the comma that ends the participle's; the content ends at that comma.
    fn fronted_participle(&self, si: usize, cue: Cue, range: &Range<usize>) -> Option<Statement> {
        let subj = self
            .subject_after_clause(cue.to, range.end)
            .or_else(|| self.plain_subject_after_clause(cue.to, range.end))?;
        let clause = range.start..subj.start - 1;
        self.build_spoken_by(si, cue, subj, &clause, cue.from)
    }

    /// "it was stated that …": no source; the occasion named just before is the setting.
    pub(super) fn passive(&self, si: usize, cue: Cue, range: &Range<usize>) -> Option<Statement> {
        let mut j = cue.from;
        while j > range.start
            && (self.in_lists(j - 1, BE_WORD)
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
    pub(super) fn setting_before(&self, it: usize, start: usize) -> Option<Span> {
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
        while from > start && !self.in_lists(from, DET_WORD) && noun - from < 4 {
            from -= 1;
        }
        if !self.in_lists(from, DET_WORD) {
            from = noun;
        }
        Some(self.span(from, end))
    }

    /// "Trump seemed to hesitate", "Clinton is expected to win": an impression or
    /// expectation with no source; the content is the subject and what follows the cue.
    pub(super) fn raising(&self, si: usize, i: usize, range: &Range<usize>) -> Option<Statement> {
        let expected = self.word(i) == "expected";
        let be = self.be_before(i, range.start);
        if expected && !(self.word(i + 1) == "to" && be.is_some()) {
            return None;
        }
        if matches!(
            self.word(i + 1),
            "on" | "at" | "in" | "with" | "before" | "alongside" | "for" | "as"
        ) {
            // "appeared on Fox News": showing up, not seeming.
            return None;
        }
        let from = match be {
            Some(be) if expected => be,
            _ => i,
        };
        let cue = Cue {
            from,
            to: i + 1,
            class: CueClass::Clause,
        };
        let subj = match self.subject_before(Cue { from: i, ..cue }, range) {
            Some((subj, _)) => subj,
            None => self.plain_subject(from, range)?,
        };
        let rest = self.clause_from(i + 1, range.end, CueClass::Clause)?;
        let mut content = vec![self.span(subj.start, subj.end)];
        content.extend(rest);
        Some(self.statement(si, cue, None, content, None))
    }

    /// The words from the sentence's start (past a leading "But", "And") to `to`, when they
    /// are a few plain words, no punctuation, quote, verb or relative pronoun among them
    /// ("people who spew what seems …" is no subject): the subject of "The final combined
    /// company is expected to …", "That was originally expected to …", which the subject
    /// reader (names, pronouns, short noun phrases) does not take.
    fn plain_subject(&self, to: usize, range: &Range<usize>) -> Option<Range<usize>> {
        let mut from = range.start;
        while from < to && SENTENCE_LEADS.contains(&self.word(from)) {
            from += 1;
        }
        let plain = (from..to).all(|k| {
            self.is_plain_word(k) && !matches!(self.word(k), "who" | "what" | "which" | "whom")
        });
        (plain && from < to && to - from <= PLAIN_SUBJECT_WORDS).then_some(from..to)
    }

    /// "Mr. Sanders is widely seen as an outsider": a view held by no one named; the content
    /// is the whole clause, as in PolNeAR.
    pub(super) fn seen_as(&self, si: usize, cue: Cue, range: &Range<usize>) -> Option<Statement> {
        let be = self.be_before(cue.from, range.start)?;
        let (subj, _) = self.subject_before(Cue { from: be, ..cue }, range)?;
        let rest = self.clause_from(cue.to, range.end, CueClass::Clause)?;
        let end = rest.last()?.end;
        let content = vec![Span::new(self.toks[subj.start].span.start, end)];
        let cue = Cue {
            from: be,
            to: cue.to,
            class: CueClass::Clause,
        };
        Some(self.statement(si, cue, None, content, None))
    }

    /// "It was announced by the ministry that the border would close": a passive whose
    /// agent is the source.
    pub(super) fn passive_with_agent(
        &self,
        si: usize,
        cue: Cue,
        range: &Range<usize>,
    ) -> Option<Statement> {
        let be = self.be_before(cue.from, range.start)?;
        if be == range.start || self.word(be - 1) != "it" {
            return None;
        }
        let (from, to) = self.np_after(cue.to + 1, range.end)?;
        if self.word(to) != "that" {
            return None;
        }
        let content = self.clause_from(to + 1, range.end, CueClass::Clause)?;
        let cue = Cue {
            from: be,
            to: cue.to,
            class: CueClass::Clause,
        };
        Some(self.statement(si, cue, Some(self.span(from, to)), content, None))
    }

    /// "Clinton's attacks were echoed by her campaign", "The bill, opposed by House
    /// Republicans, …", "Sanders was asked by host John Dickerson whether …": a cue of
    /// [`PASSIVE_AGENT_CUES`] in the passive names its speaker after "by". The content is a
    /// clause or quote after the agent when one opens there ("asked … whether"), else what
    /// the verb is said of: the subject before "be", or the noun the participle follows.
    pub(super) fn passive_by_agent(
        &self,
        si: usize,
        cue: Cue,
        range: &Range<usize>,
    ) -> Option<Statement> {
        if cue.to != cue.from + 1 || !PASSIVE_AGENT_CUES.contains(&self.word(cue.from)) {
            return None;
        }
        let (from, to) = self.np_after(cue.to + 1, range.end)?;
        let source = Some(self.span(from, to));
        let mut at = to;
        if self.is_punct(at, ",") && self.quote_opening_at(at + 1).is_some() {
            at += 1;
        }
        let opens = matches!(
            self.word(at),
            "whether" | "if" | "that" | "to" | "how" | "why"
        ) || self.quote_opening_at(at).is_some();
        if opens {
            let at = at + usize::from(self.word(at) == "that");
            let content = self.content_after(cue, at, range)?;
            return Some(self.statement(si, cue, source, content, None));
        }
        let object = self.passive_object(cue.from, range)?;
        let content = vec![self.span(object.start, object.end)];
        Some(self.statement(si, cue, source, content, None))
    }

    /// What a passive participle at `i` is said of: the subject before its "be" (adverbs
    /// such as "first" between), or the noun phrase it follows ("a practice criticized by",
    /// "The bill, opposed by"). No relative pronoun: "who was endorsed by" names no one.
    fn passive_object(&self, i: usize, range: &Range<usize>) -> Option<Range<usize>> {
        let mut j = i;
        while j > range.start
            && (self.is_ly_adverb(j - 1) || matches!(self.word(j - 1), "first" | "also" | "not"))
        {
            j -= 1;
        }
        let mut be = false;
        while j > range.start
            && (self.in_lists(j - 1, BE_WORD) || matches!(self.word(j - 1), "has" | "have" | "had"))
        {
            be |= self.in_lists(j - 1, BE_WORD);
            j -= 1;
        }
        if !be {
            j = i;
            if j > range.start + 1 && self.is_punct(j - 1, ",") {
                j -= 1;
            }
        }
        let head = j.checked_sub(1).filter(|&h| h >= range.start)?;
        if !self.toks[head].is_word() || self.in_quote[head].is_some() {
            return None;
        }
        if matches!(self.word(head), "who" | "which" | "that" | "whom") {
            return None;
        }
        let from = self.subject_ending_at(head, range.start)?;
        Some(from..head + 1)
    }
}
