//! The shapes a word or mark starts, not a verb: "according to", "as X said", a leading "To
//! X," or "In a poll by X,", "Asked why …", noun cues ("his claim that …"), colons and dash
//! bylines.

use std::ops::Range;

use super::*;

impl Ctx<'_> {
    /// The length of a phrase at `i` that names a source after it: "according to", "as
    /// reported by", "as first reported by".
    pub(super) fn source_phrase_at(&self, i: usize) -> Option<usize> {
        match self.word(i) {
            "according" => (self.word(i + 1) == "to").then_some(2),
            "as" => {
                let adverb = usize::from(REPORTED_ADVERBS.contains(&self.word(i + 1)));
                let verb = i + 1 + adverb;
                (matches!(self.word(verb), "reported" | "first-reported")
                    && self.word(verb + 1) == "by")
                    .then_some(adverb + 3)
            }
            _ => None,
        }
    }

    /// "according to X, …" / "…, according to X" (and "as reported by X"); the phrase is
    /// `n` words long.
    pub(super) fn according_to(
        &self,
        si: usize,
        i: usize,
        n: usize,
        range: &Range<usize>,
    ) -> Option<Statement> {
        let cue = Cue {
            from: i,
            to: i + n,
            class: CueClass::Clause,
        };
        let (from, mut to) = self.np_after(i + n, range.end)?;
        let before = i.checked_sub(1).filter(|&p| p >= range.start);
        let after_comma =
            before.is_some_and(|p| self.is_punct(p, ",") || self.quote_closing_at(p).is_some());
        // "But, according to the poll, 46 percent …": only sentence adverbs before it.
        let opens = (range.start..i)
            .all(|k| self.is_punct(k, ",") || SENTENCE_OPENERS.contains(&self.word(k)));
        // "… robbery — according to the FBI.", "… 271 delegates according to a count by
        // the AP": after a dash or a content word it closes the clause before it.
        // Only a source that can speak: "priced according to a basket of currencies",
        // "according to plan" are manner, not attribution.
        let closes = !opens
            && before.is_some_and(|p| {
                matches!(self.word(p), "—" | "–" | "-" | "--")
                    || (self.toks[p].is_word() && !self.in_lists(p, FUNCTION_WORD))
            })
            && self.can_speak(from, to);
        let leading = opens || !(after_comma || closes);
        if !leading {
            // "…, according to a letter to Facebook from the chairman.": the source runs on
            // to the next comma or the end of the sentence.
            to = self.source_runs_to_comma(from, to, range.end);
        } else if SOURCE_TAILS.contains(&self.word(to)) {
            // "According to data from the FBI, crime fell": the source's own phrase runs to
            // the comma that opens the content.
            let end = self.source_runs_to_comma(from, to, range.end);
            if self.is_punct(end, ",") {
                to = end;
            }
        }
        let source = Some(self.span(from, to));
        let content = if leading {
            let mut c = to;
            while c < range.end && self.is_punct(c, ",") {
                c += 1;
            }
            self.clause_from(c, range.end, CueClass::Clause)
        } else if after_comma {
            // "The plan, according to X, is dead.": the clause resumes after the source.
            let mut parts = self.content_before(i, range).unwrap_or_default();
            if !parts.is_empty() {
                parts.extend(
                    self.resumed_clause(to, range)
                        .or_else(|| self.resumed_participle(to, range)),
                );
            } else {
                let resumed = self.resumed_clause(to, range);
                if let Some(subject) = self.subject_word_before(i, range, resumed) {
                    parts = subject;
                    parts.extend(resumed);
                }
            }
            Some(parts).filter(|p| !p.is_empty())
        } else {
            self.clause_closed_at(i, range)
        }?;
        Some(self.statement(si, cue, source, content, None))
    }

    /// Whether the noun phrase over tokens `from..to` can be a source: it holds a name
    /// (not a place's), a pronoun, or a noun of people, offices, documents or evidence
    /// ("a count by the AP", "figures from the sheriff", "officials").
    fn can_speak(&self, from: usize, to: usize) -> bool {
        let lex = lexicon();
        (from..to).any(|k| {
            let w = self.word(k);
            self.mention_of[k].is_some_and(|mi| self.mentions[mi].kind != EntityKind::Place)
                || OBJECT_PRONOUNS.contains(&w)
                || lex.evidence_nouns.contains(w)
                || lex.document_nouns.contains(w)
                || lex.group_nouns.contains(w)
                || lex.titles.contains(w)
                || matches!(w, "count" | "tally" | "estimate" | "estimates" | "accounts")
        })
    }

    /// The end of a source from `from` that runs on from `to` to the next comma or the end
    /// of the sentence, within 15 tokens.
    fn source_runs_to_comma(&self, from: usize, mut to: usize, end: usize) -> usize {
        while to < end && to < from + 15 && !self.is_punct(to, ",") && !self.is_trailing_end(to) {
            to += 1;
        }
        to
    }

    /// The clause from the sentence's start (past a conjunction) up to a cue at `cue`
    /// with no comma before it, dashes trimmed: "Ferguson had 115 crimes — according
    /// to …".
    fn clause_closed_at(&self, cue: usize, range: &Range<usize>) -> Option<Vec<Span>> {
        let from = self.past_conjunctions(range.start, cue);
        let mut end = cue;
        while end > from && self.is_trailing_punct(end - 1) {
            end -= 1;
        }
        (end > from + 1).then(|| vec![self.span(from, end)])
    }

    /// "Trump's claim that …", "his criticism of the plan", "their support for Cruz": a
    /// statement named by a noun, its source the possessor.
    pub(super) fn noun_cue(&self, si: usize, i: usize, range: &Range<usize>) -> Option<Statement> {
        let mut st = self.noun_cue_read(si, i, range)?;
        // "Despite assurances from the White House that the plan was safe, senators
        // balked": what a noun in a fronted phrase names ends with the phrase.
        self.end_subordinate_clause(Cue::word(i), range, &mut st.content);
        Some(st)
    }

    fn noun_cue_read(&self, si: usize, i: usize, range: &Range<usize>) -> Option<Statement> {
        let noun = lexicon().noun_cues.get(self.word(i))?;
        let next = self.word(i + 1);
        let (c, class) = match next {
            "by" | "from" if noun.that => {
                return self.noun_cue_by(si, i, range);
            }
            "that" if noun.that => (i + 1, CueClass::Clause),
            "to" if noun.infinitive
                && self
                    .toks
                    .get(i + 2)
                    .is_some_and(|t| t.is_word() && !t.cap && !t.in_lists(DET_WORD)) =>
            {
                (i + 1, CueClass::Clause)
            }
            "of" | "for" | "on" | "against" | "to" | "about"
                if noun.objects.iter().any(|p| p == next) =>
            {
                (i + 2, CueClass::Object)
            }
            _ => return None,
        };
        if c >= range.end || self.in_quote[c].is_some() {
            return None;
        }
        if class == CueClass::Clause && noun.bare && self.is_bare_noun_cue(i, c, range) {
            let content = self.clause_from(c + 1, range.end, class)?;
            return Some(self.statement(si, Cue::word(i), None, content, None));
        }
        // The possessor, perhaps past one adjective: "Trump's latest claim".
        let mut p = i.checked_sub(1).filter(|&p| p >= range.start)?;
        let adjective = |k: usize| {
            let t = &self.toks[k];
            t.is_word() && !t.cap && !t.in_lists(FUNCTION_WORD) && t.lower() != "'s"
        };
        if adjective(p) && !matches!(self.word(p), "his" | "her" | "their" | "its") {
            p = p.checked_sub(1).filter(|&p| p >= range.start)?;
        }
        let source = match self.word(p) {
            "his" | "her" | "their" | "its" => p..p + 1,
            // "Adelson, a fierce supporter of Israel": the apposition's head is the source.
            "a" | "an" if p > range.start + 1 && self.is_punct(p - 1, ",") => {
                let head = p - 2;
                let from = self.subject_ending_at(head, range.start)?;
                from..head + 1
            }
            "'s" => {
                let head = p.checked_sub(1).filter(|&h| h >= range.start)?;
                let mi = self.mention_of[head]?;
                let m = &self.mentions[mi];
                let r = self.token_range(m.span);
                if m.kind == EntityKind::Place || r.end != head + 1 {
                    return None;
                }
                r
            }
            _ => return None,
        };
        if self.in_quote[source.start].is_some() {
            return None;
        }
        let end = if class == CueClass::Object {
            self.noun_object_end(c, range)
        } else {
            range.end
        };
        let content = self.clause_from(c, end, class)?;
        let cue = Cue {
            from: i,
            to: if class == CueClass::Object { c } else { i + 1 },
            class,
        };
        Some(self.sourced(si, cue, source, content))
    }

    /// "amid concerns that the plant would close": a plural statement noun with no
    /// possessor or article, after a preposition, conjunction, "be", a past-tense verb
    /// ("raised concerns that") or an adjective of number, and before "that" opening a
    /// clause (a subject follows it; "complaints that were filed" is a relative clause).
    /// What was said is clear; who said it is not named. The caller has checked the noun
    /// is `bare` in `noun_cues.txt`.
    fn is_bare_noun_cue(&self, i: usize, that: usize, range: &Range<usize>) -> bool {
        if self.word(that) != "that" {
            return false;
        }
        let before_ok = i == range.start || {
            let t = &self.toks[i - 1];
            let w = t.lower();
            t.kind == TokenKind::Punct
                || BEFORE_BARE_NOUN.contains(&w)
                || (t.is_word() && !t.cap && w.ends_with("ed"))
        };
        let subject_next = self.toks.get(that + 1).is_some_and(|t| {
            let w = t.lower();
            t.cap
                || t.kind == TokenKind::Number
                || is_det(w)
                || matches!(
                    w,
                    "he" | "she" | "they" | "it" | "we" | "i" | "you" | "there"
                )
        });
        before_ok && subject_next && self.in_quote[i].is_none()
    }

    /// "Senator Jane Doe won the endorsement of the teachers' union", "The mayor has the
    /// full support of the council": backing given by the object of "of"/"from" (the
    /// source) to the subject of a finite verb of gaining (the content). `i` is the noun.
    pub(super) fn backing_received(
        &self,
        si: usize,
        i: usize,
        range: &Range<usize>,
    ) -> Option<Statement> {
        if !matches!(self.word(i + 1), "of" | "from") {
            return None;
        }
        // "the endorsement", "the full support", "an endorsement".
        let mut d = i.checked_sub(1).filter(|&d| d > range.start)?;
        if !matches!(self.word(d), "the" | "a" | "an") {
            let t = &self.toks[d];
            if !(t.is_word() && !t.cap && !t.in_lists(FUNCTION_WORD)) {
                return None;
            }
            d = d.checked_sub(1).filter(|&d| d > range.start)?;
        }
        if !matches!(self.word(d), "the" | "a" | "an") {
            return None;
        }
        let v = d - 1;
        // "picked up the endorsement of …".
        let verb = if self.word(v) == "up" && v > range.start && self.word(v - 1) == "picked" {
            v - 1
        } else if GAINING_VERBS.contains(&self.word(v)) {
            v
        } else {
            return None;
        };
        // "to win", "could not get": bare forms are not in the table; "not" before a
        // finite verb ("has not won") is no backing given.
        if verb > range.start && matches!(self.word(verb - 1), "not" | "n't" | "never") {
            return None;
        }
        let cue = Cue {
            from: verb,
            to: verb + 1,
            class: CueClass::Clause,
        };
        let (subject, _) = self.subject_before(cue, range)?;
        if subject.start >= subject.end || self.in_quote[subject.start].is_some() {
            return None;
        }
        // The backer runs to a comma, a clause or an adjunct after it.
        let from = i + 2;
        let mut to = from;
        while to < range.end
            && to < from + 14
            && self.in_quote[to].is_none()
            && !(self.toks[to].kind == TokenKind::Punct && self.word(to) != "'s")
            && !(to > from && BACKER_ENDS.contains(&self.word(to)))
        {
            to += 1;
        }
        if to == from {
            return None;
        }
        let cue = Cue {
            from: d,
            to: i + 2,
            class: CueClass::Object,
        };
        Some(self.sourced(
            si,
            cue,
            from..to,
            vec![self.span(subject.start, subject.end)],
        ))
    }

    /// "Trump leads Cruz by 9 points in the latest Fox News poll.": a clause of standings
    /// closed by "in a/the … poll" that ends the sentence; the poll is its source. `i` is
    /// "in".
    pub(super) fn in_poll_trailing(
        &self,
        si: usize,
        i: usize,
        range: &Range<usize>,
    ) -> Option<Statement> {
        if i < range.start + 3 {
            return None;
        }
        let poll = (i + 2..range.end.min(i + 12))
            .take_while(|&k| !self.is_punct(k, ",") && self.in_quote[k].is_none())
            .find(|&k| POLL_NOUNS.contains(&self.word(k)))?;
        // What follows the poll's name: a short tail ("released Sunday", ", taken July
        // 11-14") to the sentence's end.
        let mut end = range.end;
        while end > poll + 1 && self.toks[end - 1].kind == TokenKind::Punct {
            end -= 1;
        }
        if end > poll + 6
            || (poll + 1..end)
                .any(|k| NOT_POLL_FINDINGS.contains(&self.word(k)) || self.in_quote[k].is_some())
        {
            return None;
        }
        let mut c_end = i;
        while c_end > range.start && self.is_punct(c_end - 1, ",") {
            c_end -= 1;
        }
        if c_end < range.start + 3
            || (range.start..c_end).any(|k| {
                NOT_POLL_FINDINGS.contains(&self.word(k))
                    || self.in_quote[k].is_some()
                    || self.is_quote(k)
            })
        {
            return None;
        }
        let cue = Cue::word(i);
        Some(self.sourced(si, cue, i + 1..end, vec![self.span(range.start, c_end)]))
    }

    /// "a claim by the mayor that …", "the warning from officials that …": the source
    /// follows the noun.
    pub(super) fn noun_cue_by(
        &self,
        si: usize,
        i: usize,
        range: &Range<usize>,
    ) -> Option<Statement> {
        let (from, to) = self.np_after(i + 2, range.end)?;
        if self.word(to) != "that" || self.in_quote[from].is_some() {
            return None;
        }
        let content = self.clause_from(to + 1, range.end, CueClass::Clause)?;
        let cue = Cue::word(i);
        Some(self.statement(si, cue, Some(self.span(from, to)), content, None))
    }

    /// Where the object of a noun cue ends: the noun phrase often is the subject of what
    /// follows ("His attacks on Cruz have alarmed …").
    pub(super) fn noun_object_end(&self, c: usize, range: &Range<usize>) -> usize {
        (c + 1..range.end)
            .find(|&k| {
                let w = self.word(k);
                (is_aux(w) || BE.contains(&w)) && w != "'s"
            })
            .unwrap_or(range.end)
    }

    /// "As Politico reported, the talks had stalled", "But as the mayor put it: “…”", "The
    /// tax falls on renters, as economists have noted.": a clause of saying opened by "as",
    /// fronted or trailing, attributes the main clause to its subject. The cue takes no
    /// content of its own (only adjuncts such as "on Monday" or "in a statement" before the
    /// comma or the sentence's end); else the "as" is one of time ("as he urged voters to
    /// …", "as the mayor spoke about …"). A verb that answers someone ("as voters responded
    /// to …") or asks is no clause of saying here.
    pub(super) fn as_source_says(
        &self,
        si: usize,
        i: usize,
        range: &Range<usize>,
    ) -> Option<Statement> {
        let fronted = (range.start..i).all(|k| {
            self.is_punct(k, ",") || SENTENCE_LEADS.contains(&self.word(k)) || {
                // "Of course, as …".
                matches!(self.word(k), "of" | "course" | "indeed")
            }
        });
        let trailing = !fronted && i > range.start + 2 && self.is_punct(i - 1, ",");
        if !(fronted || trailing) {
            return None;
        }
        // The cue is the first word of saying after the subject that leaves the clause
        // complete: in "as the agency's own figures showed" the noun "figures" is no cue.
        let limit = range.end.min(i + 16);
        let (cue, src, after) = (i + 2..limit)
            .take_while(|&k| self.in_quote[k].is_none() && !self.is_quote(k))
            .filter(|&k| {
                !self.toks[k].cap && lexicon().may_start_cue(self.word(k)) && {
                    let lemma = lexicon().verb_lemma(self.word(k));
                    !matches!(
                        lemma,
                        Some("ask" | "answer" | "testify" | "respond" | "reply")
                    )
                }
            })
            .find_map(|c| {
                let cue = self.cue_at(c, range)?;
                if !matches!(cue.class, CueClass::Clause | CueClass::That) {
                    return None;
                }
                let (src, _) = self.subject_before(cue, &(i + 1..range.end))?;
                if src.start != i + 1 || self.in_quote[src.start].is_some() {
                    return None;
                }
                let (after, _) = self.skip_after_cue(cue, range.end);
                // Fronted, a comma or colon opens the main clause; trailing, "…, as X
                // noted." ends the sentence ("In Moscow, as X reported, the elite …" is an
                // aside within the clause it precedes).
                let fits = if fronted {
                    (self.is_punct(after, ",") || self.is_punct(after, ":"))
                        && after + 1 < range.end
                } else {
                    after >= range.end
                        || (after + 1 == range.end && self.toks[after].kind == TokenKind::Punct)
                        // "…, as X noted, and prices rose": the aside ends before a clause
                        // joined to the one it follows.
                        || (matches!(self.word(after), "," | "—" | "–")
                            && matches!(self.word(after + 1), "and" | "but"))
                };
                fits.then_some((cue, src, after))
            })?;
        let content = if !fronted {
            self.content_before(i, range)?
        } else if self.quote_opening_at(after + 1).is_some() || self.is_punct(after, ":") {
            self.content_after(cue, after, range)?
        } else {
            self.clause_from(after + 1, range.end, CueClass::Clause)?
        };
        Some(self.sourced(si, cue, src, content))
    }

    /// "In a CNN poll released Monday, 50 percent chose Clinton", "In Forbes' words, …": a
    /// finding or view attributed by a leading "in".
    pub(super) fn in_source(&self, si: usize, i: usize, range: &Range<usize>) -> Option<Statement> {
        let comma = (i + 1..range.end.min(i + 14)).find(|&k| self.is_punct(k, ","))?;
        let sourced = (i + 1..comma).any(|k| IN_SOURCES.contains(&self.word(k)))
            && (i + 1..comma).all(|k| self.in_quote[k].is_none());
        if !sourced || comma < i + 3 {
            return None;
        }
        // "In an opinion piece, Sanders wrote that …": a speaker with a cue of its own
        // after the comma says who; the phrase only says where.
        if self.speaker_and_cue_at(comma + 1, range) {
            return None;
        }
        let content = self.clause_from(comma + 1, range.end, CueClass::Clause)?;
        let cue = Cue::word(i);
        let source = self
            .own_words_subject(i, comma, range)
            .or_else(|| self.holder_after_of(i, comma))
            .unwrap_or(i + 1..comma);
        Some(self.sourced(si, cue, source, content))
    }

    /// "In the words of one aide, …", "In the view of most economists, …": the holder of
    /// the words or view is the object of its "of", not the phrase.
    fn holder_after_of(&self, i: usize, comma: usize) -> Option<Range<usize>> {
        let k = (i + 1..comma).find(|&k| HOLDER_NOUNS.contains(&self.word(k)))?;
        (self.word(k + 1) == "of" && k + 2 < comma).then_some(k + 2..comma)
    }

    /// "In his assessment of Trump, Calderon intimated …", "In other words, people were
    /// sick of …": a view that is the subject's own, or no source at all, leads in; the
    /// subject after the comma holds it. A noun phrase followed by its verb.
    fn own_words_subject(
        &self,
        i: usize,
        comma: usize,
        range: &Range<usize>,
    ) -> Option<Range<usize>> {
        let own = matches!(self.word(i + 1), "his" | "her" | "their" | "its");
        let other_words =
            comma == i + 3 && self.word(i + 1) == "other" && self.word(i + 2) == "words";
        if !own && !other_words {
            return None;
        }
        let from = comma + 1;
        let head = from + usize::from(is_det(self.word(from)));
        let (_, end) = self.np_after(head, range.end)?;
        let verb = self.toks.get(end)?;
        let w = verb.lower();
        let verb_follows = verb.is_word() && !verb.cap && (!is_function(w) || is_aux(w));
        let subject =
            verb_follows && self.in_quote[from].is_none() && self.reads_as_subject(from, end);
        // "In his view, the deal was a disaster": a subject that names no one does not
        // hold the view; the possessive does.
        let someone = SUBJECT_PRONOUNS.contains(&self.word(from))
            || self.mention_of[from].is_some_and(|mi| self.mentions[mi].kind != EntityKind::Place);
        match (subject, own) {
            (true, false) => Some(from..end),
            (true, true) if someone => Some(from..end),
            (_, true) => Some(i + 1..i + 2),
            (false, false) => None,
        }
    }

    /// Whether a clause opens at `from` with a speaker and a cue of its own: a mention of
    /// a person or group, or a subject pronoun, then (past auxiliaries and "-ly" adverbs)
    /// a cue word: "…, Sanders wrote that", "…, he said". Not a share of those asked
    /// ("In a poll, most voters said …", "…, 51 percent said"): the poll is the source.
    fn speaker_and_cue_at(&self, from: usize, range: &Range<usize>) -> bool {
        if lexicon().quantifiers.contains(self.word(from)) || self.is_numberish(from) {
            return false;
        }
        let after = if SUBJECT_PRONOUNS.contains(&self.word(from)) {
            from + 1
        } else {
            let Some(m) = self.mention_of.get(from).copied().flatten() else {
                return false;
            };
            let m = &self.mentions[m];
            let r = self.token_range(m.span);
            if r.start != from || m.kind == EntityKind::Place {
                return false;
            }
            r.end
        };
        let mut k = after;
        while k < range.end && k < after + 3 && (self.in_lists(k, AUX_WORD) || self.is_ly_adverb(k))
        {
            k += 1;
        }
        k < range.end && self.cue_at(k, range).is_some()
    }

    /// "The club is reportedly spending $1 million", "with Bloomberg reportedly weighing a
    /// run": a report with no source named. The content is the clause around the adverb,
    /// without it; not when a cue verb follows ("reportedly said" is read at the verb).
    pub(super) fn reportedly(
        &self,
        si: usize,
        i: usize,
        range: &Range<usize>,
    ) -> Option<Statement> {
        if self.cue_at(i + 1, range).is_some() {
            return None;
        }
        let floor = i.saturating_sub(25).max(range.start);
        let mut from = i;
        while from > floor {
            let p = from - 1;
            let w = self.word(p);
            let stop = self.toks[p].kind == TokenKind::Punct
                || self.is_quote(p)
                || self.in_quote[p].is_some()
                || matches!(
                    w,
                    "that"
                        | "with"
                        | "because"
                        | "while"
                        | "whilst"
                        | "whereas"
                        | "after"
                        | "since"
                        | "if"
                        | "when"
                        | "as"
                        | "but"
                        | "although"
                        | "though"
                        | "where"
                        | "whether"
                );
            // "Bristow said the plan was reportedly made": the clause ends at a cue verb
            // before it, whose content holds it; a passive or raising cue ("models
            // expected to be announced in May will reportedly …") is part of the clause.
            let cue_verb = || {
                let before = p.checked_sub(1).map_or("", |q| self.word(q));
                !matches!(before, "be" | "been" | "being" | "to")
                    && self
                        .cue_at(p, range)
                        .is_some_and(|c| self.word(c.to) != "to")
            };
            if stop || cue_verb() {
                break;
            }
            from = p;
        }
        if from == i || (from == floor && floor > range.start) {
            return None;
        }
        let mut rest = self.clause_from(i + 1, range.end, CueClass::Clause)?;
        if from > range.start && self.word(from - 1) == "with" {
            // "With X reportedly weighing a run, the party …": the absolute ends at its comma.
            if let (Some(last), Some(comma)) = (
                rest.last_mut(),
                (i + 1..range.end).find(|&k| self.is_punct(k, ",")),
            ) {
                let end = self.toks[comma - 1].span.end;
                if end > last.start && end < last.end {
                    last.end = end;
                }
            }
        }
        let mut content = vec![self.span(from, i)];
        content.extend(rest);
        Some(self.statement(si, Cue::word(i), None, content, None))
    }

    /// "To Ms. Gil, skateboarding is dissent": a view attributed by a leading "to".
    pub(super) fn to_someone(
        &self,
        si: usize,
        i: usize,
        range: &Range<usize>,
    ) -> Option<Statement> {
        let (from, to) = self.np_after(i + 1, range.end)?;
        let named =
            self.mention_of[from].is_some_and(|mi| self.mentions[mi].kind != EntityKind::Place);
        if !named || !self.is_punct(to, ",") {
            return None;
        }
        let content = self.clause_from(to + 1, range.end, CueClass::Clause)?;
        let cue = Cue::word(i);
        Some(self.statement(si, cue, Some(self.span(from, to)), content, None))
    }

    /// "Asked why he trailed" / "When asked whom she supported": the question, with no
    /// source of its own.
    pub(super) fn is_when_asked(&self, i: usize, range: &Range<usize>) -> bool {
        let lead = i == range.start || self.word(i.wrapping_sub(1)) == "when";
        lead && self.asked_what(i, range).is_some()
    }

    /// The question word after "asked", over a short phrase: "Asked on Fox News who …".
    pub(super) fn asked_what(&self, i: usize, range: &Range<usize>) -> Option<usize> {
        (i + 1..range.end.min(i + 6))
            .take_while(|&k| self.toks[k].is_word() && self.in_quote[k].is_none())
            .find(|&k| Self::is_question_word(self.word(k)))
    }

    pub(super) fn is_question_word(w: &str) -> bool {
        matches!(
            w,
            "why"
                | "what"
                | "whom"
                | "who"
                | "whether"
                | "if"
                | "how"
                | "which"
                | "about"
                | "where"
                | "when"
        )
    }

    pub(super) fn when_asked(
        &self,
        si: usize,
        i: usize,
        range: &Range<usize>,
    ) -> Option<Statement> {
        let q = self.asked_what(i, range)?;
        let mut end = (q..range.end)
            .find(|&k| self.is_punct(k, ",") || self.is_quote(k))
            .unwrap_or(range.end);
        while end > q + 1 && self.is_trailing_end(end - 1) {
            end -= 1;
        }
        if end <= q + 1 {
            return None;
        }
        let content = vec![self.span(q, end)];
        let cue = Cue::word(i);
        Some(self.statement(si, cue, None, content, None))
    }

    /// "“…” ― Jane Doe": a quote signed with a dash and a name, as in collected reactions.
    pub(super) fn dash_byline(
        &self,
        si: usize,
        i: usize,
        range: &Range<usize>,
    ) -> Option<Statement> {
        let q = self.quote_closing_at(i.checked_sub(1)?)?;
        let (from, to) = self.np_after(i + 1, range.end.max(i + 2))?;
        let signed = self.toks[from].cap
            && (to >= self.toks.len()
                || self.toks[to].para_before
                || self.toks[to].kind == TokenKind::Punct
                || self.quote_opening_at(to).is_some());
        if !signed {
            return None;
        }
        let cue = Cue::word(i);
        let content = vec![self.span(q.open, q.close + 1)];
        Some(self.statement(si, cue, Some(self.span(from, to)), content, None))
    }

    /// "Trump: “…”" or a heading "Trump: We will win"; also any verb before a colon and a
    /// quote, when it has a subject: "Trump leaned in and boomed: “…”".
    pub(super) fn colon(&self, si: usize, i: usize, range: &Range<usize>) -> Option<Statement> {
        let st = self
            .colon_after_name(si, i, range)
            .or_else(|| self.colon_after_verb(si, i, range))
            .or_else(|| self.colon_after_label(si, i, range))?;
        // "Clinton: 1,769": a figure in a table, not a statement.
        let figure = st.content.iter().all(|c| {
            self.token_range(*c)
                .all(|k| !self.toks[k].is_word() || self.toks[k].kind == TokenKind::Number)
        });
        // "The Latest:", read as a name.
        let label = st.source.is_some_and(|src| {
            let r = self.token_range(src);
            let lead_the = r.len() == 1 && r.start > range.start && self.word(r.start - 1) == "the";
            (r.len() == 1 || lead_the) && NEWSROOM_LABELS.contains(&self.word(r.end - 1))
        });
        (!(figure || label)).then_some(st)
    }

    /// "Poll: Trump leads in Ohio", "Q: And the wall?", "MATTHEWS: Well, …": a short
    /// capitalised label opening the sentence, as headlines and transcripts write them.
    pub(super) fn colon_after_label(
        &self,
        si: usize,
        i: usize,
        range: &Range<usize>,
    ) -> Option<Statement> {
        let label = range.start..i;
        let short = !label.is_empty() && label.len() <= 4;
        let capitalised = label
            .clone()
            .all(|k| self.toks[k].is_word() && self.toks[k].cap);
        let place = self.mention_of[range.start]
            .is_some_and(|mi| self.mentions[mi].kind == EntityKind::Place);
        // "Update:", "The Latest:".
        let lead_the = label.len() == 2 && self.word(label.start) == "the";
        let newsroom =
            (label.len() == 1 || lead_the) && NEWSROOM_LABELS.contains(&self.word(label.end - 1));
        if !short || !capitalised || place || newsroom {
            return None;
        }
        // A transcript turn runs to the end of its paragraph.
        let mut end = range.end;
        while end < self.toks.len() && !self.toks[end].para_before {
            end += 1;
        }
        let content = self.clause_from(i + 1, end, CueClass::Clause)?;
        let cue = Cue::word(i);
        Some(self.statement(
            si,
            cue,
            Some(self.span(label.start, label.end)),
            content,
            None,
        ))
    }

    pub(super) fn colon_after_verb(
        &self,
        si: usize,
        i: usize,
        range: &Range<usize>,
    ) -> Option<Statement> {
        let v = i.checked_sub(1).filter(|&v| v > range.start)?;
        let t = &self.toks[v];
        let verbish =
            t.is_word() && !t.cap && (t.lower().ends_with("ed") || t.lower().ends_with('s'));
        let q = self.quote_opening_at(i + 1)?;
        if !verbish || self.in_quote[v].is_some() {
            return None;
        }
        let cue = Cue {
            from: v,
            to: i + 1,
            class: CueClass::Clause,
        };
        let (src, _) = self.subject_before(Cue { to: v + 1, ..cue }, range)?;
        let content = vec![self.span(q.open, q.close + 1)];
        Some(self.sourced(si, cue, src, content))
    }

    /// Whether the mention starting at `k` is the object of a verb or a preposition ("He
    /// said of Congress:", "Priebus told Fox News:", "a message to Trump:"): not the
    /// speaker of what follows a colon. "by" and "from" name the speaker ("a statement by
    /// the mayor:").
    fn is_governed(&self, k: usize, range: &Range<usize>) -> bool {
        let Some(before) = k.checked_sub(1).filter(|&b| b >= range.start) else {
            return false;
        };
        let t = &self.toks[before];
        let w = t.lower();
        let preposition = OBJECT_PREPOSITIONS.contains(&w);
        let verb = t.is_word() && !t.cap && self.may_start_cue(before);
        preposition || verb
    }

    pub(super) fn colon_after_name(
        &self,
        si: usize,
        i: usize,
        range: &Range<usize>,
    ) -> Option<Statement> {
        let mi = self.mention_of.get(i.checked_sub(1)?).copied().flatten()?;
        let m = &self.mentions[mi];
        let r = self.token_range(m.span);
        let heading = m.kind == EntityKind::Person && r.start <= range.start + 1;
        let quoted = m.kind != EntityKind::Place && self.quote_opening_at(i + 1).is_some();
        if r.end != i || !(heading || quoted) || self.is_governed(r.start, range) {
            return None;
        }
        let content = self.clause_from(i + 1, range.end, CueClass::Clause)?;
        let cue = Cue::word(i);
        Some(self.statement(si, cue, Some(m.span), content, None))
    }
}
