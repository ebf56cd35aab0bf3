//! Finding the source before or after a cue: the subject's noun phrase, past appositions
//! ("Adelson, a fierce supporter of Israel, said") and lead-ins ("…, journalist X said").

use std::ops::Range;

use super::verb::is_finite_cue;
use super::*;

impl Ctx<'_> {
    /// Where a source starts when plain words lead into the name from a comma: "…,
    /// journalist Martha Raddatz said", "…, a spokesman for committee Democrats said",
    /// "…, people close to Clinton say". `from` itself when no comma is reached.
    pub(super) fn source_lead_in(&self, from: usize, start: usize) -> usize {
        let mut k = from;
        while k > start && from - k < 6 {
            let t = &self.toks[k - 1];
            let w = t.lower();
            let plain = t.is_word()
                && self.in_quote[k - 1].is_none()
                && !t.may_start_cue()
                && !matches!(w, "and" | "but" | "or" | "that" | "which" | "who" | "as")
                // "…, although it said": a subordinating word opens a clause, not the name.
                && !SUBORDINATORS.contains(&w);
            if !plain {
                break;
            }
            k -= 1;
        }
        // The lead-in opens a noun phrase, not an adjunct: "…, with Jane Doe calling for".
        let first = self.word(k);
        let opens_np = is_det(first) || !is_function(first);
        if k < from && k > start && self.is_punct(k - 1, ",") && opens_np {
            k
        } else {
            from
        }
    }

    /// Whether `[from, to)` can be a subject: it does not open with a function word or a
    /// participle ("where he appeared …", "Having …"), does not end in an infinitive's "to"
    /// ("daring him to say"), and holds a finite auxiliary only inside a relative clause.
    pub(super) fn reads_as_subject(&self, from: usize, to: usize) -> bool {
        let first = self.word(from);
        let opens_badly = (is_function(first)
            && !matches!(first, "this" | "it" | "they" | "he" | "she" | "we"))
            || first.ends_with("ing");
        let infinitive = self.word(to - 1) == "to";
        let relative =
            (from..to).any(|k| matches!(self.word(k), "who" | "that" | "which" | "whose"));
        let finite = (from..to).any(|k| {
            matches!(
                self.word(k),
                "has" | "had" | "have" | "was" | "were" | "is" | "are"
            )
        });
        !opens_badly && !infinitive && (!finite || relative)
    }

    /// The subject ending just before the cue (auxiliaries and adverbs skipped): a mention, a
    /// pronoun, or a noun phrase at a phrase boundary. Also says whether a form of "be" was
    /// skipped (a progressive "are now indicating").
    pub(super) fn subject_before(
        &self,
        cue: Cue,
        range: &Range<usize>,
    ) -> Option<(Range<usize>, bool)> {
        let mut j = cue.from;
        let mut be = false;
        // "Hillary Clinton on Tuesday said": a day between subject and cue.
        if j > range.start + 1 && is_day(self.word(j - 1)) {
            j -= if self.word(j - 2) == "on" { 2 } else { 1 };
        }
        // "The Republican National Committee this week announced".
        if j > range.start + 2
            && matches!(self.word(j - 2), "this" | "last")
            && matches!(self.word(j - 1), "week" | "month" | "year" | "weekend")
        {
            j -= 2;
        }
        // "The ministry in a statement said", "Critics have for years complained": a
        // prepositional adjunct of time or medium before the verb (or its auxiliary).
        if let Some(p) = self.adjunct_pp_before(j, range.start) {
            j = p;
        }
        if j > range.start && matches!(self.word(j - 1), "--" | "—" | "-" | "–") {
            // "The justice -- who has been in a scuffle -- said": skip the dashed aside.
            // A dash may be a run of tokens ("-" "-" for "--").
            let dash = self.word(j - 1).to_string();
            let run_start = |mut k: usize| {
                while k > range.start && self.word(k - 1) == dash {
                    k -= 1;
                }
                k
            };
            let close = run_start(j - 1);
            if let Some(open) = (j.saturating_sub(30).max(range.start)..close)
                .rev()
                .find(|&k| self.word(k) == dash)
            {
                j = run_start(open);
            }
        }
        // "Sen. Ted Cruz (R-Tex.) has said": auxiliaries after the parenthesis first.
        let aux_from = j;
        while j > range.start
            && self.mention_of[j - 1].is_none()
            && matches!(self.word(j - 1), "has" | "have" | "had" | "will")
        {
            j -= 1;
        }
        // "Sen. Jack Reed (D-R.I.), said": a stray comma after the parenthesis, when no
        // comma comes before it (then it closes an apposition: "Cruz, a senator (R), said").
        let stray_comma = j > range.start + 1
            && self.is_punct(j - 1, ",")
            && self.is_punct(j - 2, ")")
            && !(range.start..j - 1).any(|k| self.is_punct(k, ","));
        if stray_comma {
            j -= 1;
        }
        if j > range.start && self.is_punct(j - 1, ")") {
            // "Sen. Marco Rubio (R-Fla.) said": skip a short parenthesis.
            if let Some(open) = (j.saturating_sub(8).max(range.start)..j - 1)
                .rev()
                .find(|&k| self.is_punct(k, "("))
            {
                j = open;
            }
        } else {
            j = aux_from;
        }
        // An auxiliary is never part of a name: "Theresa May said", "“…,” Will said".
        while j > range.start
            && self.mention_of[j - 1].is_none()
            && (self.in_lists(j - 1, AUX_WORD) || self.is_ly_adverb(j - 1))
        {
            // "'s" is an auxiliary after a pronoun ("he's said"), a possessive after a name
            // ("Trump's tweet").
            let possessive = self.word(j - 1) == "'s"
                && !SUBJECT_PRONOUNS.contains(&self.word(j.saturating_sub(2)))
                && !matches!(self.word(j.saturating_sub(2)), "that" | "there");
            if possessive {
                return None;
            }
            be |= self.in_lists(j - 1, BE_WORD);
            j -= 1;
        }
        if j <= range.start {
            return None;
        }
        let head = j - 1;
        // "Humphrey, who calls Trump a “sociopath,” said": a quote closing a "who" aside,
        // its comma inside, before the cue; the subject is the name before the aside.
        if self.is_quote(head) {
            if let Some(src) = self.subject_before_quoted_aside(head, range.start) {
                return Some((src, be));
            }
        }
        if self.in_quote[head].is_some() {
            return None;
        }
        if self.is_punct(head, ",") {
            return self
                .subject_before_apposition(head, range.start)
                .map(|r| (r, be));
        }
        if matches!(self.word(head), "and" | "but") {
            // "X tweeted a photo and said …", "X did not name him, but told …": the
            // subject of the first verb.
            return self.main_subject(range.start, head).map(|r| (r, be));
        }
        // "polls that show him leading", "a study that suggests …": a relative "that" after
        // its noun is the subject of a clause cue (of a verb of deeds, "a PAC that backed
        // Rubio", it seldom is a statement).
        let clause_cue = !matches!(cue.class, CueClass::Object | CueClass::ObjectAs);
        if clause_cue && self.word(head) == "that" && self.relative_that(head, range.start) {
            return Some((head..j, be));
        }
        let plain = self.subject_ending_at(head, range.start);
        // "Unions that have endorsed the mayor say", "Senate Democrats supporting the bill
        // have said": the head a relative clause or participle modifies speaks.
        let bounded = plain.is_some_and(|f| self.opens_phrase(f, range.start));
        // The clause before the cue ends in a noun phrase: a name, a plain noun phrase or an
        // object pronoun ("Unions that have endorsed him say"), not a subject pronoun.
        let object_end = match plain {
            Some(f) => !SUBJECT_PRONOUNS.contains(&self.word(f)),
            None => {
                let t = &self.toks[head];
                let w = t.lower();
                let verbish = !t.cap && (w.ends_with("ed") || w.ends_with("ing"));
                matches!(w, "him" | "them" | "us" | "me")
                    || (t.is_word()
                        && !is_function(w)
                        && !is_det(w)
                        && !verbish
                        && !self.is_ly_adverb(head)
                        && !self.in_lists(head, AUX_WORD))
            }
        };
        let modified = (!bounded && object_end)
            .then(|| self.modified_subject(plain.unwrap_or(head), range.start))
            .flatten();
        let from = match modified {
            Some(f) => f,
            None => {
                let from = plain?;
                // "Voters who backed Trump said": a name ending a relative clause is its
                // object.
                self.relative_clause_head(from, range.start).unwrap_or(from)
            }
        };
        // "But media have said": a conjunction opening the subject is no part of it.
        let from = if from + 1 < j && matches!(self.word(from), "but" | "and" | "yet" | "or") {
            from + 1
        } else {
            from
        };
        // A comma before it only in a trailing tag ("…, current and former officials
        // said."): opening a clause it may end a list ("The pay, benefits and pension plan
        // are …").
        // "…, teachers and union officials told reporters.": a tag too, its hearer last.
        let ends_tag = |k: usize| !self.toks.get(k).is_some_and(|t| t.is_word());
        let tag = ends_tag(cue.to)
            || (self.is_tell(cue.from)
                && cue.to - cue.from == 1
                && ends_tag(self.skip_hearer(cue.to, range.end)));
        let from = self.joined_modifier(from, range.start, tag).unwrap_or(from);
        // "Both Bolton and Gorka said", "The senator and his aides insisted": the whole
        // coordination speaks.
        let from = self.coordinated_subject(from, range.start).unwrap_or(from);
        // "what scientists think is necessary": the object of a clause cue went before its
        // plain noun-phrase subject (not a name, pronoun or "most"), and what is left after the cue
        // is no content; "what critics describe as …" still is.
        let relative_object = from > range.start
            && matches!(self.word(from - 1), "what" | "whom")
            && self.mention_of[from].is_none()
            && !SUBJECT_PRONOUNS.contains(&self.word(from))
            && !lexicon().quantifiers.contains(self.word(from))
            && matches!(cue.class, CueClass::Clause | CueClass::That)
            && self.word(cue.to) != "as";
        if relative_object {
            return None;
        }
        if self.opens_participle_clause(from, j, range.start) {
            // "Having announced that he would not send me to prison, Judge Berman proceeded
            // …", "Rattling off promises to …, Clinton promised …": the participle's subject
            // is the main clause's, after the comma that closes it.
            if let Some(main) = self.subject_after_clause(cue.to, range.end) {
                return Some((main, be));
            }
        }
        Some((from..j, be))
    }

    /// Where a prepositional adjunct of time or medium ending at `j` starts ("for years",
    /// "in a statement", "in recent weeks", "at times"): a preposition of
    /// [`ADJUNCT_PP_OPENERS`], at most four words, the last one of [`ADJUNCT_PP_NOUNS`], all
    /// unquoted words, with a word before it (the subject or an auxiliary).
    fn adjunct_pp_before(&self, j: usize, start: usize) -> Option<usize> {
        let last = j.checked_sub(1)?;
        if last <= start || !ADJUNCT_PP_NOUNS.contains(&self.word(last)) {
            return None;
        }
        let p = (last.saturating_sub(4).max(start + 1)..last)
            .rev()
            .take_while(|&k| self.toks[k].is_word() && self.in_quote[k].is_none())
            .find(|&k| ADJUNCT_PP_OPENERS.contains(&self.word(k)))?;
        let before = &self.toks[p - 1];
        (before.is_word() && self.in_quote[p - 1].is_none()).then_some(p)
    }

    /// The subject before a "who" or participle aside whose last words are a quote closing
    /// at `close` with its comma inside (`X, who calls him a “fraud,”`, `X, calling it a
    /// “disaster,”`): X.
    pub(super) fn subject_before_quoted_aside(
        &self,
        close: usize,
        start: usize,
    ) -> Option<Range<usize>> {
        let q = self.quote_closing_at(close)?;
        if q.open <= start + 2 || !self.is_punct(close.checked_sub(1)?, ",") {
            return None;
        }
        let who = (q.open.saturating_sub(12).max(start + 1)..q.open)
            .rev()
            .take_while(|&k| self.in_quote[k].is_none() && !self.is_punct(k, ","))
            .last()
            .filter(|&k| self.opens_aside(k))?;
        let comma = who - 1;
        if !self.is_punct(comma, ",") || comma <= start {
            return None;
        }
        let from = self.subject_ending_at(comma - 1, start)?;
        Some(from..comma)
    }

    /// Whether the word at `k` opens an aside after a subject's comma: "who", or a
    /// participle ("The senator, calling the bill “a disaster,” said …").
    fn opens_aside(&self, k: usize) -> bool {
        let w = self.word(k);
        w == "who"
            || (w.len() > 4
                && w.ends_with("ing")
                && self.toks.get(k).is_some_and(|t| t.is_word() && !t.cap))
    }

    /// The noun phrase a relative clause ending at `from` follows, when a name at `from` is
    /// the clause's object: "Analysts who follow IBM said", "voters who backed Trump said"
    /// (the analysts and the voters speak, not IBM or Trump). The clause is "who" and a few
    /// lowercase words, its verb first. Not a pronoun ("a Republican who said he …": the
    /// clause's own subject), nor a "that" (as often a complement as a relative pronoun).
    fn relative_clause_head(&self, from: usize, start: usize) -> Option<usize> {
        self.mention_of[from]?;
        let rel = (from.saturating_sub(4).max(start + 1)..from.saturating_sub(1))
            .rev()
            .find(|&k| self.word(k) == "who")?;
        let plain =
            (rel + 1..from).all(|k| self.toks.get(k).is_some_and(|t| t.is_word() && !t.cap));
        if !plain || self.in_quote[rel].is_some() {
            return None;
        }
        self.subject_ending_at(rel - 1, start)
    }

    /// "Unions that have endorsed the mayor say", "Senate Democrats supporting the bill have
    /// said", "those who back the levy say": when the words before `from` (the subject the
    /// walk found, or the word before the cue) run back, with no punctuation, pronoun or
    /// finite cue, to a relative "who" or "that" or a participle after a plural noun or
    /// name, the noun phrase before that opener is the subject (it must open a phrase);
    /// its first token.
    fn modified_subject(&self, from: usize, start: usize) -> Option<usize> {
        const CLAUSE_WORDS: usize = 10;
        let mut r = from;
        while r > start + 1 && from - r < CLAUSE_WORDS {
            r -= 1;
            let t = &self.toks[r];
            let w = t.lower();
            if !t.is_word() || self.in_quote[r].is_some() {
                return None;
            }
            let next = self.toks.get(r + 1);
            let opener = match w {
                "who" => true,
                "that" => {
                    self.relative_that(r, start)
                        && next.is_some_and(|n| {
                            n.in_lists(AUX_WORD)
                                || (!n.cap
                                    && (n.lower().ends_with("ed") || n.lower().ends_with('s')))
                        })
                }
                _ => {
                    let prev = self.word(r - 1);
                    let plural_before = prev.len() > 3
                        && prev.ends_with('s')
                        && !prev.ends_with("ss")
                        && !prev.ends_with("'s");
                    !t.cap
                        && w.len() > 4
                        && w.ends_with("ing")
                        && !is_function(w)
                        && (plural_before || self.mention_of[r - 1].is_some())
                }
            };
            if opener {
                let h = r - 1;
                let f = if matches!(self.word(h), "those" | "anyone" | "everyone" | "someone") {
                    Some(h)
                } else {
                    self.subject_ending_at(h, start)
                        .filter(|&f| !SUBJECT_PRONOUNS.contains(&self.word(f)))
                };
                if let Some(f) = f.filter(|&f| self.opens_phrase(f, start)) {
                    return Some(f);
                }
            }
            let stops = SUBJECT_PRONOUNS.contains(&w)
                || matches!(
                    w,
                    "that" | "which" | "what" | "whether" | "if" | "because" | "and" | "or" | "but"
                );
            if stops {
                return None;
            }
        }
        None
    }

    /// "Both Bolton and Gorka said", "Neither Clinton nor Sanders said", "Warren, Sanders and
    /// Booker said", "The senator and his aides insisted": the first token of a
    /// coordination whose last conjunct starts at `from`. Each earlier conjunct is a name (a
    /// mention, not a place) or a noun phrase opened by a determiner; the first opens a
    /// phrase (or follows "both", "neither", "either"); a list's commas join names only.
    fn coordinated_subject(&self, from: usize, start: usize) -> Option<usize> {
        if from < start + 2 || !matches!(self.word(from - 1), "and" | "nor") {
            return None;
        }
        let conjunct = |end: usize| -> Option<(usize, bool)> {
            if !self.toks[end].is_word() || self.in_quote[end].is_some() {
                return None;
            }
            if let Some(mi) = self.mention_of[end] {
                let m = &self.mentions[mi];
                let r = self.token_range(m.span);
                return (m.kind != EntityKind::Place && r.end == end + 1)
                    .then_some((r.start, m.kind == EntityKind::Person));
            }
            let f = self.np_before(end, start)?;
            is_det(self.word(f)).then_some((f, false))
        };
        // A name is joined to a name, a noun phrase to a noun phrase ("as a whole and
        // Crandall reiterated" is two clauses).
        let last_named =
            self.mention_of[from].is_some_and(|mi| self.mentions[mi].kind != EntityKind::Place);
        let (mut first, person) = conjunct(from - 2)?;
        if last_named != self.mention_of[first].is_some() {
            return None;
        }
        // "Warren, Sanders and Booker": names before commas.
        while person && first > start + 2 && self.is_punct(first - 1, ",") {
            match conjunct(first - 2) {
                Some((f, true)) => first = f,
                _ => break,
            }
        }
        if first > start && matches!(self.word(first - 1), "both" | "neither" | "either") {
            first -= 1;
        }
        let opens = first == start
            || self.toks[first].para_before
            || self.toks[first - 1].kind == TokenKind::Punct
            || matches!(
                self.word(first - 1),
                "both" | "neither" | "either" | "but" | "and" | "that" | "when" | "while" | "so"
            );
        (first < from && opens).then_some(first)
    }

    /// "current and former officials", "campaign and corporate records": a noun phrase at
    /// `from` (no name) whose first modifier is joined to another by "and", when that one
    /// opens the phrase (the sentence's start, a determiner, or when `after_comma` a comma
    /// before it; not "The inquiry ended and former officials said", two clauses). Its
    /// first token.
    fn joined_modifier(&self, from: usize, start: usize, after_comma: bool) -> Option<usize> {
        // A group the mention reader took ("former officials") joins; a name does not.
        let name = self.mention_of[from].is_some() && self.toks[from].cap;
        if from < start + 2 || self.word(from - 1) != "and" || name {
            return None;
        }
        let m = from - 2;
        let t = &self.toks[m];
        let modifier = t.is_word()
            && self.in_quote[m].is_none()
            && self.mention_of[m].is_none()
            && !t.in_lists(FUNCTION_WORD | DET_WORD | AUX_WORD);
        if !modifier {
            return None;
        }
        if m == start || (after_comma && self.is_punct(m - 1, ",")) {
            return Some(m);
        }
        self.in_lists(m - 1, DET_WORD).then(|| m - 1)
    }

    /// Whether the subject `[from, to)` is the participle opening its sentence ("Having",
    /// "Rattling off"), capitalised only because it comes first.
    fn opens_participle_clause(&self, from: usize, to: usize, start: usize) -> bool {
        let w = self.word(from);
        from == start
            && w.len() > 4
            && w.ends_with("ing")
            && (from + 1..to).all(|k| !self.toks[k].cap)
    }

    /// The subject of the main clause after the clause that ends at a comma after `from`: a
    /// mention right after the comma, followed by a lowercase word (its verb).
    pub(super) fn subject_after_clause(&self, from: usize, end: usize) -> Option<Range<usize>> {
        (from..end)
            .filter(|&k| self.is_punct(k, ",") && self.in_quote[k].is_none())
            .find_map(|k| {
                let mi = self.mention_of.get(k + 1).copied().flatten()?;
                let m = &self.mentions[mi];
                let r = self.token_range(m.span);
                let speaks = m.kind != EntityKind::Place && r.start == k + 1;
                let verb_follows = self
                    .toks
                    .get(r.end)
                    .is_some_and(|t| t.kind == TokenKind::Word && !t.cap);
                (speaks && verb_follows).then_some(r)
            })
    }

    /// "While saying that he respects her, he kept up …", "In rejecting the challenge, the
    /// commission recognized …": the subject after a fronted clause's comma when it is no
    /// mention ([`Ctx::subject_after_clause`]): a subject pronoun before a lowercase word,
    /// or a plain noun phrase before its verb. The first comma that opens one.
    pub(super) fn plain_subject_after_clause(
        &self,
        from: usize,
        end: usize,
    ) -> Option<Range<usize>> {
        (from..end)
            .filter(|&k| self.is_punct(k, ",") && self.in_quote[k].is_none())
            .find_map(|k| {
                let s = k + 1;
                let pronoun = matches!(self.word(s), "he" | "she" | "they" | "we" | "i")
                    && self
                        .toks
                        .get(s + 1)
                        .is_some_and(|t| t.kind == TokenKind::Word && !t.cap);
                if pronoun {
                    return Some(s..s + 1);
                }
                self.opening_subject(s, end).filter(|r| r.start == s)
            })
    }

    /// The first token of the subject whose last token is `head`: a pronoun, a mention
    /// (not a place), or a plain noun phrase.
    pub(super) fn subject_ending_at(&self, head: usize, start: usize) -> Option<usize> {
        if let Some(q) = self.quantifier_phrase(head, start) {
            return Some(q);
        }
        if SUBJECT_PRONOUNS.contains(&self.word(head))
            || lexicon().quantifiers.contains(self.word(head))
        {
            return Some(head);
        }
        if self.is_numberish(head) || self.word(head) == "%" {
            // "Six in 10 say …", "42% say …", "nearly nine out of 10 say …"
            let mut k = head;
            while k > start
                && (self.is_numberish(k - 1)
                    || matches!(self.word(k - 1), "in" | "out" | "of" | "%" | "some")
                    || DEGREE_ADVERBS.contains(&self.word(k - 1)))
            {
                k -= 1;
            }
            return (k < head || self.word(head) == "%").then_some(k);
        }
        if self.word(head) == "'s" {
            // "Trump's tweet", "Clinton's remarks": a noun, not a verb, follows.
            return None;
        }
        if let Some(mi) = self.mention_of[head] {
            let m = &self.mentions[mi];
            if m.kind != EntityKind::Place {
                let from = self.token_range(m.span).start;
                if let Some(f) = self.person_before_affiliation(from, start) {
                    return Some(f);
                }
                return Some(self.common_head_before(from, start).unwrap_or(from));
            }
        }
        self.np_before(head, start)
    }

    /// "Many in the party believe …", "Few on either side think …", "Many of them think …":
    /// a quantifier at a phrase boundary and a short phrase of "of", "in", "on" or "among"
    /// ending at `head` (plain words, no verb of saying); the quantifier's token.
    fn quantifier_phrase(&self, head: usize, start: usize) -> Option<usize> {
        const PHRASE_WORDS: usize = 6;
        let q = (head.saturating_sub(PHRASE_WORDS + 1).max(start)..head)
            .rev()
            .find(|&k| lexicon().quantifiers.contains(self.word(k)))?;
        if !matches!(self.word(q + 1), "of" | "in" | "on" | "among") || q + 2 > head {
            return None;
        }
        // The head is a noun, a number ("One in three voters", "one in five") or an object
        // pronoun ("of them"), not "the", "his" or "to".
        let hw = self.word(head);
        let noun_head = matches!(hw, "them" | "us" | "you" | "those" | "these")
            || (!is_function(hw)
                && !is_det(hw)
                && !matches!(hw, "his" | "her" | "their" | "its" | "our" | "my" | "your"));
        // Plain words; a name after a common noun opens a relative clause ("one of the
        // jobs Perez remembers"), as does a pronoun ("one of the things he …").
        let plain = (q + 2..=head).all(|k| {
            let w = self.word(k);
            let name_after_noun = self.toks[k].cap
                && !self.toks[k - 1].cap
                && !matches!(self.word(k - 1), "of" | "in" | "on" | "among")
                && !is_det(self.word(k - 1));
            self.toks[k].is_word()
                && self.in_quote[k].is_none()
                && !self.may_start_cue(k)
                && !name_after_noun
                && !SUBJECT_PRONOUNS.contains(&w)
                && (!w.ends_with("ed") || is_det(self.word(k - 1)))
                && !matches!(
                    w,
                    "and" | "or" | "but" | "that" | "who" | "which" | "whom" | "what"
                )
                && !self.in_lists(k, AUX_WORD)
        });
        // "Almost half of respondents": an adverb of degree before the quantifier.
        let q = if q > start && DEGREE_ADVERBS.contains(&self.word(q - 1)) {
            q - 1
        } else {
            q
        };
        (noun_head && plain && self.opens_phrase(q, start)).then_some(q)
    }

    /// Whether "that" at `i` is a relative pronoun, the subject of the verb after it: it
    /// follows a noun ("a memo that shows"), not a verb, a cue or a function word ("said
    /// that", "so that", "now that").
    fn relative_that(&self, i: usize, start: usize) -> bool {
        if i <= start {
            return false;
        }
        let t = &self.toks[i - 1];
        let w = t.lower();
        t.is_word()
            && self.in_quote[i - 1].is_none()
            && !FUNCTION.contains(&w)
            && !DETS.contains(&w)
            && !t.may_start_cue()
            && !self.is_ly_adverb(i - 1)
            && !w.ends_with("ed")
            && !AUX.contains(&w)
            && t.kind != TokenKind::Number
    }

    /// "Matthew Ingram of The Globe and Mail dubbed", "Jane Doe of the Committee to Protect
    /// Journalists said": a person before "of", "from" or "at" and the name that starts at
    /// `org` (an organisation, or capitalised words the mention reader took for a person:
    /// "Globe", "Mail") is the subject; the organisation is only where they work. Walks
    /// back over the rest of the organisation's name ("The Globe and").
    fn person_before_affiliation(&self, org: usize, start: usize) -> Option<usize> {
        const ORG_NAME_WORDS: usize = 4;
        let mut k = org;
        while k > start
            && org - k < ORG_NAME_WORDS
            && (self.toks[k - 1].cap || matches!(self.word(k - 1), "and" | "&" | "the"))
            && self.in_quote[k - 1].is_none()
        {
            k -= 1;
        }
        if k < start + 2 || !matches!(self.word(k - 1), "of" | "from" | "at") {
            return None;
        }
        let person = &self.mentions[self.mention_of[k - 2]?];
        let range = self.token_range(person.span);
        // A full name with a first name the lexicon knows: "Society of Civil Engineers",
        // "Supervisor of Elections Susan Bucher" and "Freedom of Information Act" are names
        // with "of" inside, not a person and where they work.
        let lex = lexicon();
        let first = self.word(range.start);
        let full_name = range.len() >= 2 && lex.is_first_name(first);
        (person.kind == EntityKind::Person && full_name && range.end == k - 1)
            .then_some(range.start)
    }

    /// "Analysts at Goldman Sachs said", "Republicans in Congress say", "Most economists
    /// surveyed by Reuters expect": a name governed by a preposition of
    /// [`SUBJECT_PREPOSITIONS`] (or "by" after a participle in "-ed") that opens at `from`
    /// is where the speakers are; the noun phrase before it, at a phrase boundary, heads
    /// the subject. Its first token.
    fn common_head_before(&self, from: usize, start: usize) -> Option<usize> {
        let p = from.checked_sub(1).filter(|&p| p > start)?;
        let pw = self.word(p);
        let head = if pw == "by" {
            let v = p - 1;
            let vw = self.word(v);
            (v > start && !self.toks[v].cap && vw.ends_with("ed")).then(|| v - 1)?
        } else if SUBJECT_PREPOSITIONS.contains(&pw) || pw == "of" {
            p - 1
        } else {
            return None;
        };
        let t = &self.toks[head];
        // A group the mention reader took ("Republicans", "Analysts") heads it too.
        let group = self.mention_of[head].map(|mi| &self.mentions[mi]);
        if !t.is_word() || self.in_quote[head].is_some() {
            return None;
        }
        let f = match group {
            Some(m) if m.kind == EntityKind::Group && self.token_range(m.span).end == head + 1 => {
                self.token_range(m.span).start
            }
            Some(_) => return None,
            None => self.np_before(head, start)?,
        };
        self.opens_phrase(f, start).then_some(f)
    }

    /// "X, a former adviser, said" / "X, who led the committee, said": the subject before an
    /// apposition or relative clause closed by the comma at `comma`.
    pub(super) fn subject_before_apposition(
        &self,
        comma: usize,
        start: usize,
    ) -> Option<Range<usize>> {
        // Appositions may nest ("X, 21, a junior from Y, said"): try up to three commas back.
        let floor = start.max(comma.saturating_sub(40));
        let commas = (floor..comma)
            .rev()
            .take_while(|&k| self.in_quote[k].is_none() && !self.is_quote(k))
            .filter(|&k| self.is_punct(k, ","))
            .take(3);
        let mut fallback = None;
        for open in commas {
            if open <= start || comma - open < 2 {
                continue;
            }
            // "Rep. Elijah Cummings (D-Md.), chair of the committee, said": the name
            // before a short parenthesis.
            let mut name_end = open;
            if self.is_punct(open - 1, ")") {
                if let Some(paren) = (open.saturating_sub(8).max(start)..open - 1)
                    .rev()
                    .find(|&k| self.is_punct(k, "("))
                {
                    name_end = paren;
                }
            }
            if name_end <= start {
                continue;
            }
            // "The head of the Super PAC backing Bush, Mike Murphy, praised": a person's name
            // right after the comma names who holds the role before it. Not after a finite
            // cue or "by": "said the company, Chemokomplex, has asked" is inside what was
            // said, "by a former congressman, Orval Hansen, showed" an agent.
            let innermost = !(open + 1..comma).any(|k| self.is_punct(k, ","));
            let inside = (start..open).any(|k| {
                let t = &self.toks[k];
                t.lower() == "by" || (t.may_start_cue() && !t.cap && is_finite_cue(t.lower()))
            });
            if innermost && !inside {
                if let Some(name) = self.appositive_name(name_end, open, comma, start) {
                    return Some(name);
                }
            }
            let from = self.subject_ending_at(name_end - 1, start);
            let Some(from) = from.filter(|_| self.toks[name_end - 1].kind != TokenKind::Number)
            else {
                continue;
            };
            // "In nearby Decatur, the plant is struggling, said …": the object of a
            // sentence-opening preposition is a place or time, no subject.
            let opener =
                (start..from).find(|&k| !matches!(self.word(k), "but" | "and" | "yet" | "so"));
            if opener.is_some_and(|k| OBJECT_PREPOSITIONS.contains(&self.word(k)))
                && !(start..from).any(|k| self.is_punct(k, ","))
            {
                continue;
            }
            // A person or pronoun before the comma is strong evidence; a plain noun phrase
            // needs the segment to look like an apposition or a relative clause.
            // "…, which …" follows a thing, not a person: "X, president of the Federation of
            // Teachers, which represents educators, said" is X speaking.
            let which = self.word(open + 1) == "which";
            let named = !which
                && (self.mention_of[name_end - 1]
                    .is_some_and(|mi| self.mentions[mi].kind == EntityKind::Person)
                    || SUBJECT_PRONOUNS.contains(&self.word(name_end - 1)));
            if named {
                return Some(from..name_end);
            }
            if fallback.is_none() && self.looks_appositive(open + 1, comma) {
                fallback = Some(from..name_end);
                if !which {
                    break;
                }
            }
        }
        fallback.or_else(|| self.opening_subject_before_aside(comma, start))
    }

    /// "Tester, himself up for reelection in 2018, said …", "Hemsley, the co-author of
    /// “Going Viral,” about …, said …": the noun phrase that opens the sentence, up to its
    /// first comma, is the subject of a cue right after the aside that comma opens, whatever
    /// the aside holds (a quote, a pronoun, a preposition) when no apposition was read.
    fn opening_subject_before_aside(&self, comma: usize, start: usize) -> Option<Range<usize>> {
        let mut s = start;
        while s < comma && matches!(self.word(s), "but" | "and" | "yet" | "so") {
            s += 1;
        }
        let open = (s + 1..comma).find(|&k| self.is_punct(k, ",") && self.in_quote[k].is_none())?;
        let aside = open + 1..comma;
        if open - s > 6 || aside.len() < 2 || aside.len() > 30 {
            return None;
        }
        // One sentence, one clause: no stop or colon inside the aside.
        if aside.clone().any(|k| {
            self.in_quote[k].is_none()
                && (self.is_punct(k, ";") || self.is_punct(k, ":") || self.is_punct(k, "."))
        }) {
            return None;
        }
        let from = self.subject_ending_at(open - 1, s).filter(|&f| f == s)?;
        // "Meanwhile, …", "Separately, …", "On Monday, …": an adverb, no subject.
        let w = self.word(s);
        let adverb = is_day(w)
            || self.is_ly_adverb(s)
            || is_function(w)
            || self.in_lists(s, AUX_WORD)
            || SENTENCE_LEADS.contains(&w)
            || w == "however";
        (!adverb).then_some(from..open)
    }

    /// A person's name filling the apposition `[open + 1, comma)` (or followed there by
    /// "of", "from" or "at" and where they work), when what stands before `open` (ending
    /// at `name_end`) is a role rather than a name, or a name governed by a word before it
    /// ("One pastor supporting Mr. Cruz, Darran Whiting of …, said").
    fn appositive_name(
        &self,
        name_end: usize,
        open: usize,
        comma: usize,
        start: usize,
    ) -> Option<Range<usize>> {
        let mi = self.mention_of[open + 1]?;
        let m = &self.mentions[mi];
        let r = self.token_range(m.span);
        let fills =
            r.end == comma || (r.end < comma && matches!(self.word(r.end), "of" | "from" | "at"));
        if m.kind != EntityKind::Person || r.start != open + 1 || !fills {
            return None;
        }
        // After a quote the role is a trailing tag's ("“…,” the assailant, John McGraw,
        // told"): the quote before it is what was said, up to the role.
        if (start..open).any(|k| self.is_quote(k)) {
            return None;
        }
        let before = self.mention_of[name_end - 1]
            .filter(|&b| matches!(self.mentions[b].kind, EntityKind::Person))
            .map(|b| self.token_range(self.mentions[b].span));
        let role = match before {
            None => !SUBJECT_PRONOUNS.contains(&self.word(name_end - 1)),
            // "His campaign manager, Corey Lewandowski, said": a role the mention reader
            // took (its head in lowercase) is named by the apposition as any role is.
            Some(b) if !self.toks[b.end - 1].cap => true,
            Some(b) => {
                b.start > start && {
                    let g = self.word(b.start - 1);
                    self.toks[b.start - 1].is_word()
                        && !self.toks[b.start - 1].cap
                        && (g.ends_with("ing") || matches!(g, "of" | "for" | "with" | "to" | "by"))
                }
            }
        };
        role.then_some(r)
    }

    /// Whether `[from, to)` reads as an apposition or relative clause.
    pub(super) fn looks_appositive(&self, from: usize, to: usize) -> bool {
        let first = self.word(from);
        let t = &self.toks[from];
        is_det(first)
            || matches!(
                first,
                "who" | "whose" | "which" | "now" | "then" | "once" | "also"
            )
            || t.cap
            || t.kind == TokenKind::Number
            || first.ends_with("ed")
            || first.ends_with("ing")
            // "The hawks, like Rubio and Bush, say": examples of the noun before.
            || matches!(first, "like" | "such")
            || to - from <= 3
    }

    /// Whether token `p` is the apostrophe of a name's possessive ("Sanders' aides", "the
    /// Joneses' lawyers"): on a capitalised word that ends in "s", with no space between. A
    /// common noun's ("analysts' estimates") is left: its noun is as often the object.
    fn plural_possessive(&self, p: usize, start: usize) -> bool {
        if p <= start || !matches!(self.word(p), "'" | "’") {
            return false;
        }
        let name = &self.toks[p - 1];
        name.cap && name.lower().ends_with('s') && name.span.end == self.toks[p].span.start
    }

    /// Whether a noun phrase may start at token `k`: the sentence's or paragraph's start, or
    /// after punctuation or a word that opens one ([`NP_OPENERS`]).
    fn opens_phrase(&self, k: usize, start: usize) -> bool {
        k == start
            || self.toks[k].para_before
            || self.toks[k - 1].kind == TokenKind::Punct
            || NP_OPENERS.contains(&self.word(k - 1))
    }

    /// Whether token `w` is the "why" of a cleft ("That's why the team thinks …", "which is
    /// why critics say …"): after a form of "be", so the clause after it is no question.
    fn cleft_why(&self, w: usize) -> bool {
        if self.word(w) != "why" || w == 0 {
            return false;
        }
        let b = self.word(w - 1);
        matches!(b, "is" | "was") || b.ends_with("'s") || b.ends_with("’s")
    }

    /// A plain noun phrase whose head is token `head`, walking left; its first token. Only
    /// accepted when it starts at a phrase boundary, so an object ("sparked fears") is not
    /// taken for a subject.
    pub(super) fn np_before(&self, head: usize, start: usize) -> Option<usize> {
        let h = &self.toks[head];
        let hw = h.lower();
        let verbish =
            !h.cap && (hw.ends_with("ed") || hw.ends_with("ing")) || self.is_ly_adverb(head);
        if !h.is_word() || is_function(hw) || is_det(hw) || verbish || h.kind == TokenKind::Number {
            return None;
        }
        let mut k = head;
        let mut len = 1;
        // A subject starts its paragraph at the latest: "2:45 p.m.\n\nConnecticut's tax
        // commissioner says" is not spoken by "2:45 p.m. Connecticut's …".
        while k > start && len < 8 && !self.toks[k].para_before {
            let p = k - 1;
            let w = self.word(p);
            let t = &self.toks[p];
            if is_det(w) {
                k = p;
                // "The most recent poll", "Many other polls": determiners in a row.
                while k > start && self.in_lists(k - 1, DET_WORD) && !self.toks[k].para_before {
                    k -= 1;
                }
                if !matches!(self.word(k.wrapping_sub(1)), "of" | "for") || k == start {
                    break;
                }
            } else if w == "'s"
                || (w == "&"
                    && p > start
                    && self.toks[p - 1].cap
                    && self.toks[p - 1].is_word()
                    && self.toks[k].cap)
                || self.plural_possessive(p, start)
                || ((w == "of" || w == "for") && p > start)
                || (t.is_word()
                    && (t.cap || !is_function(w))
                    && !self.is_ly_adverb(p)
                    && (!w.ends_with("ed") || self.in_lists(p.wrapping_sub(1), DET_WORD)))
            {
                k = p;
            } else {
                break;
            }
            len += 1;
        }
        if matches!(self.word(k), "of" | "for" | "'s" | "'") {
            return None;
        }
        // "Not a single Republican has said", "Not one senator believes".
        let not_one = k > start
            && self.word(k - 1) == "not"
            && matches!(self.word(k), "a" | "one" | "every" | "all" | "many")
            && self.opens_phrase(k - 1, start);
        if not_one {
            return Some(k - 1);
        }
        // "what police called a hate crime", "whom one aide described as …": the subject
        // of a relative clause whose object is the pronoun before it.
        let at_boundary = self.opens_phrase(k, start)
            || self.is_quote(k - 1)
            || matches!(self.word(k - 1), "what" | "whom")
            || self.cleft_why(k - 1);
        if at_boundary {
            return Some(k);
        }
        // "a source familiar with the investigation said": the head noun lies before a
        // prepositional phrase; try once more from the word before the preposition.
        let prep = k - 1;
        let pp = SUBJECT_PREPOSITIONS.contains(&self.word(prep));
        if pp && prep > start && head - prep < 8 {
            return self
                .np_before(prep - 1, start)
                .filter(|&from| head - from <= 14);
        }
        None
    }

    /// A noun phrase starting at `i`: a mention, a pronoun, or up to six plain words.
    pub fn np_after(&self, i: usize, end: usize) -> Option<(usize, usize)> {
        let end = end.min(self.toks.len());
        if i >= end {
            return None;
        }
        if let Some(mi) = self.mention_of[i] {
            let r = self.token_range(self.mentions[mi].span);
            if r.start == i {
                return Some((
                    i,
                    self.person_after_affiliation(r.end, end).unwrap_or(r.end),
                ));
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
                || !self.in_lists(k, FUNCTION_WORD)
                || (k > i && matches!(self.word(k), "of" | "for")))
        {
            k += 1;
        }
        (k > i && !matches!(self.word(k - 1), "of" | "for")).then_some((i, k))
    }

    /// "Ohio State University professor Paul Beck": after an organisation's name, a role of
    /// up to three words and the person who holds it; the end of the person's name.
    fn person_after_affiliation(&self, from: usize, end: usize) -> Option<usize> {
        let person_at = |k: usize| {
            let mi = self.mention_of.get(k).copied().flatten()?;
            let m = &self.mentions[mi];
            let r = self.token_range(m.span);
            (m.kind == EntityKind::Person && r.start == k).then_some(r.end)
        };
        let mut k = from;
        while k < end.min(from + 3)
            && self.toks[k].is_word()
            && lexicon().titles.contains(self.word(k))
        {
            // The role may open the person's mention ("professor Paul Beck").
            if let Some(e) = person_at(k) {
                return Some(e);
            }
            k += 1;
        }
        if k == from {
            return None;
        }
        person_at(k)
    }

    /// The person a possessive mention introduces: "The Blaze's Matt Walsh", "Fox News'
    /// Chris Wallace" name the person, the possessor is where they work.
    fn person_of(&self, owner: Range<usize>) -> Option<Range<usize>> {
        let plural_possessive =
            self.word(owner.end) == "'" && self.word(owner.end - 1).ends_with('s');
        if self.word(owner.end) != "'s" && !plural_possessive {
            return None;
        }
        let mi = self.mention_of.get(owner.end + 1).copied().flatten()?;
        let m = &self.mentions[mi];
        let r = self.token_range(m.span);
        (m.kind == EntityKind::Person && r.start == owner.end + 1).then_some(r)
    }

    /// The noun phrase opening the sentence in `[from, to)` as its subject, up to its first
    /// verb: "The billionaire businessman began …", "“…,” the board said". Past a leading
    /// quote and a conjunction ("But …"); the verb is a finite auxiliary or adverb, a common
    /// past tense, a lowercase "-ed" word, or "said".
    pub(in crate::nlp::attribution) fn opening_subject(
        &self,
        from: usize,
        to: usize,
    ) -> Option<Range<usize>> {
        let mut start = from;
        if let Some(q) = self.quote_opening_at(start).filter(|q| q.close < to) {
            start = q.close + 1;
        }
        if SENTENCE_LEADS.contains(&self.word(start)) {
            start += 1 + usize::from(self.is_punct(start + 1, ","));
        }
        let verb = (start + 1..to.min(start + 10)).find(|&k| {
            let t = &self.toks[k];
            let w = t.lower();
            t.is_word()
                && !t.cap
                && self.in_quote[k].is_none()
                && ((is_aux(w) && w != "'s")
                    || PAST_VERBS.contains(&w)
                    || matches!(w, "said" | "says" | "told")
                    || (w.ends_with("ed") && !self.in_lists(k - 1, DET_WORD)))
        })?;
        let np = self.np_before(verb - 1, start)?;
        (np == start && self.reads_as_subject(start, verb)).then_some(start..verb)
    }

    /// Whether token `i` is the verb of an inverted tag, "“…,” said X" or "…, says X": its
    /// subject follows it.
    pub(super) fn is_inverted_tag(&self, i: usize) -> bool {
        matches!(self.word(i), "said" | "says")
            && i > 0
            && (self.is_punct(i - 1, ",") || self.quote_closing_at(i - 1).is_some())
    }

    /// The subject of the main clause in `[from, to)`: the first person, organisation or
    /// group mention, or subject pronoun, not governed by a preposition and not quoted.
    pub(in crate::nlp::attribution) fn main_subject(
        &self,
        from: usize,
        to: usize,
    ) -> Option<Range<usize>> {
        let mut i = from;
        while i < to {
            let governed = i > from
                && self.in_lists(i - 1, FUNCTION_WORD)
                && !NP_OPENERS.contains(&self.word(i - 1))
                && !self.is_inverted_tag(i - 1);
            if self.in_quote[i].is_none() && !governed {
                if let Some(mi) = self.mention_of[i] {
                    let m = &self.mentions[mi];
                    let r = self.token_range(m.span);
                    if m.kind != EntityKind::Place && r.start == i {
                        return Some(self.person_of(r.clone()).unwrap_or(r));
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
}
