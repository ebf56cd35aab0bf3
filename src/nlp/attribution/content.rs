//! Content boundaries: where what was said starts and ends around a cue.

use std::ops::Range;

use super::quotes::Quote;
use super::shapes::{Ctx, Cue};
use super::words::{
    is_function, is_main_verb, BE_WORD, BY_MEDIA, DET_WORD, FINITE_AUXILIARIES,
    FRONTED_PREPOSITIONS, FUNCTION_WORD, INVERTIBLE, OCCASIONS, OCCASION_OPENERS, PAST_VERBS,
    SAYING_OCCASIONS, SUBORDINATORS, WEEK,
};
use crate::nlp::lexicon::{lexicon, CueClass};
use crate::nlp::tokens::TokenKind;
use crate::nlp::Span;

/// Words after a list's "and" that open a clause of their own ("…, and he left", "…, and
/// there is no need", "…, and could help them"): the list has ended.
const LIST_CLAUSE_STARTS: &[&str] = &[
    "he", "she", "they", "it", "we", "i", "you", "there", "now", "this", "that", "these", "those",
    "who", "which", "could", "would", "will", "can", "may", "might", "should", "must", "is", "are",
    "was", "were", "has", "have", "had", "do", "does", "did", "said", "says", "then", "also",
];

/// Past tenses of cue verbs that do not end in "-ed" (besides [`PAST_VERBS`]).
const IRREGULAR_PAST_CUES: &[&str] = &[
    "said", "told", "wrote", "spoke", "thought", "knew", "felt", "heard", "saw", "meant", "found",
    "swore", "taught", "sought", "bid", "forecast", "read", "cast", "put", "set", "hit", "cut",
    "let", "spread", "taken", "given", "written", "spoken", "seen", "known", "shown", "done",
    "gone", "drawn", "chosen",
];

/// Cues whose "if" clause is the content itself ("asked if he had met Trump").
const QUESTION_CUES: &[&str] = &[
    "ask",
    "asks",
    "asked",
    "asking",
    "wonder",
    "wonders",
    "wondered",
    "wondering",
    "question",
    "questioned",
    "inquired",
    "inquire",
];

/// Objects of "told"/"warned" that are people, not content.
const HEARERS: &[&str] = &[
    "him",
    "her",
    "them",
    "us",
    "me",
    "you",
    "reporters",
    "supporters",
    "voters",
    "journalists",
    "lawmakers",
    "listeners",
    "viewers",
    "readers",
    "attendees",
    "students",
    "members",
    "donors",
    "delegates",
    "followers",
    "fans",
    "people",
    "everyone",
    "americans",
];

/// Nouns of "in a statement", "in an interview": where something was said, not what.
const MEDIA: &[&str] = &[
    "statement",
    "interview",
    "tweet",
    "email",
    "post",
    "speech",
    "release",
    "letter",
    "op-ed",
    "appearance",
    "video",
    "remarks",
    "response",
    "reply",
    "conference",
    "call",
    "memo",
    "message",
    "broadcast",
    "briefing",
    "radio",
    "television",
    "tv",
    "podcast",
    "town",
    "rally",
];

/// Words that start an adjunct after a cue rather than its content.
const ADJUNCT_STARTS: &[&str] = &[
    "as", "when", "while", "whilst", "because", "during", "until",
];

/// Words that open an adjunct ending a sentence after its cue: "…, X reported in 2014."
/// Not "with": "agreed with the analysis", "sided with Trump" take their object so.
const TAIL_ADJUNCT_OPENERS: &[&str] = &[
    "in", "at", "on", "during", "after", "before", "over", "from", "via", "last", "next",
];

/// The longest adjunct read so, in tokens ("in an interview with the Times last week").
const TAIL_ADJUNCT_WORDS: usize = 10;

/// Time adverbs after a cue, besides the days of the week ("said today", "said again").
const TIME_ADVERBS: &[&str] = &[
    "today",
    "yesterday",
    "tonight",
    "recently",
    "later",
    "earlier",
    "again",
    "also",
    "repeatedly",
    "previously",
    "once",
    "then",
    "now",
];

/// A day or a time adverb after a cue: "said Tuesday", "said today".
fn is_cue_time(w: &str) -> bool {
    WEEK.contains(&w) || TIME_ADVERBS.contains(&w)
}

/// A day after which a part of the day may follow ("Wednesday morning", "yesterday
/// afternoon").
fn is_weekday(w: &str) -> bool {
    WEEK.contains(&w) || matches!(w, "yesterday" | "tomorrow")
}

/// Parts of the day after a weekday: "said Tuesday night".
const PARTS_OF_DAY: &[&str] = &["morning", "afternoon", "evening", "night"];

impl Ctx<'_> {
    /// The first token of the content after a cue: past the hearer of "told", adverbs, time
    /// and medium adjuncts ("on Tuesday", "in a statement"), the complementiser "that", and
    /// the particle of a noun-phrase cue ("advocating strongly for").
    ///
    /// Returns the cue with its effective class: a clause cue followed by "about", "of" or
    /// "against" ("talked about", "warned against") takes a noun phrase.
    pub(super) fn skip_after_cue(&self, cue: Cue, end: usize) -> (usize, Cue) {
        let mut c = cue.to;
        if self.is_tell(cue.from) && cue.to - cue.from == 1 {
            c = self.skip_hearer(c, end);
        }
        loop {
            let before = c;
            c = self.skip_adjunct(c, end);
            if c == before {
                break;
            }
        }
        // "said, in a rare interview, “…”", "joked, again using a Southern accent, “…”":
        // an aside between commas before the quote is no part of it.
        if let Some(q) = self.quote_after_aside(c, end, false) {
            c = q;
        }
        let complementiser = self.word(c) == "that" && c + 1 < end;
        let particle = match cue.class {
            CueClass::Object => matches!(self.word(c), "for" | "about" | "on" | "against"),
            _ => matches!(self.word(c), "about" | "of" | "against"),
        };
        let class = if particle {
            CueClass::Object
        } else {
            cue.class
        };
        (
            c + usize::from(complementiser || particle),
            Cue { class, ..cue },
        )
    }

    /// The opening quote after an aside set off by commas at `c` (", in a rare interview,
    /// “…”"): a few plain words outside quotes, the first lowercase and opening no cue.
    pub(super) fn quote_after_aside(&self, c: usize, end: usize, who: bool) -> Option<usize> {
        if !self.is_punct(c, ",") {
            return None;
        }
        let first = self.toks.get(c + 1)?;
        if !first.is_word() || first.cap || first.may_start_cue() {
            return None;
        }
        if matches!(first.lower(), "and" | "but" | "or" | "that" | "which")
            || (first.lower() == "who" && !who)
        {
            return None;
        }
        let comma = (c + 2..(c + 12).min(end))
            .take_while(|&k| self.toks[k].is_word() || self.is_punct(k, ","))
            .find(|&k| self.is_punct(k, ","))?;
        self.quote_opening_at(comma + 1).map(|q| q.open)
    }

    /// "told CNN’s “State of the Union”", "told NBC's Today": past an outlet's show after
    /// the outlet's "'s" at `k` (a quoted title, or capitalised words); else `k`.
    fn past_show(&self, k: usize, end: usize) -> usize {
        if !matches!(self.word(k), "'s" | "’s") {
            return k;
        }
        if let Some(q) = self
            .quote_opening_at(k + 1)
            .filter(|&q| self.is_title_quote(q) && q.close + 1 < end)
        {
            return q.close + 1;
        }
        let mut j = k + 1;
        while j < end && self.toks[j].cap && self.toks[j].is_word() {
            j += 1;
        }
        if j > k + 1 {
            j
        } else {
            k
        }
    }

    pub(super) fn skip_hearer(&self, c: usize, end: usize) -> usize {
        if c >= end {
            return c;
        }
        if let Some(mi) = self.mention_of[c] {
            let r = self.token_range(self.mentions[mi].span);
            if r.start == c {
                return self.past_show(r.end, end);
            }
        }
        if self.word(c) == "her" {
            // "told her supporters, “…”", "told her staff that …": "her" is the hearer's
            // determiner when a plain noun after it runs to a comma, colon, quote or "that".
            let noun = self
                .toks
                .get(c + 1)
                .is_some_and(|t| t.is_word() && !t.cap && !t.in_lists(FUNCTION_WORD | DET_WORD));
            if noun {
                let k = self.past_hearer_noun(c, end);
                if k < end
                    && (matches!(self.word(k), "," | ":" | "that")
                        || self.quote_opening_at(k).is_some())
                {
                    return k;
                }
            }
        }
        if HEARERS.contains(&self.word(c)) {
            return c + 1;
        }
        if self.toks[c].cap && self.toks[c].is_word() {
            // An outlet the lexicon does not know: "told POLITICO", "told Fox Business".
            let mut k = c;
            while k < end && self.toks[k].cap && self.toks[k].is_word() {
                k += 1;
            }
            return self.past_show(k, end);
        }
        if matches!(self.word(c), "the" | "a" | "an" | "his" | "her" | "their") {
            return self.past_hearer_noun(c, end);
        }
        c
    }

    /// Past the hearer's words after its determiner at `c`: up to three words that are no
    /// function word or determiner ("told the jury the documents were lost": a second
    /// determiner opens the content's subject).
    fn past_hearer_noun(&self, c: usize, end: usize) -> usize {
        let mut k = c + 1;
        while k < end
            && k < c + 4
            && self.toks[k].is_word()
            && !self.in_lists(k, FUNCTION_WORD | DET_WORD)
        {
            k += 1;
        }
        k
    }

    /// One adjunct at `c`, skipped; `c` itself when there is none.
    fn skip_adjunct(&self, c: usize, end: usize) -> usize {
        let w = self.word(c);
        if c >= end {
            return c;
        }
        let lower_word = self.toks[c].is_word() && !self.toks[c].cap;
        // An adverb of the cue ("said repeatedly that"), not of a gerund that is the
        // content ("called for immediately deducting …").
        let modifies_gerund = self.toks.get(c + 1).is_some_and(|t| {
            t.is_word() && !t.cap && t.lower().len() > 5 && t.lower().ends_with("ing")
        });
        let cue_adverb = lower_word && w.len() > 4 && w.ends_with("ly") && w != "only";
        if is_weekday(w) {
            // "said Wednesday morning that …", "said Tuesday night the plan …".
            return c + 1 + usize::from(PARTS_OF_DAY.contains(&self.word(c + 1)));
        }
        if matches!(w, "late" | "early")
            && (is_weekday(self.word(c + 1)) || matches!(self.word(c + 1), "last" | "this" | "on"))
        {
            // "said late Wednesday", "said early this week".
            return c + 1;
        }
        if is_cue_time(w) || (cue_adverb && !modifies_gerund) {
            return c + 1;
        }
        if let Some(after) = self.dash_aside_then_that(c, end) {
            return after;
        }
        if matches!(w, "last" | "this" | "next")
            && matches!(
                self.word(c + 1),
                "week" | "month" | "year" | "weekend" | "night" | "morning" | "evening"
            )
        {
            return c + 2;
        }
        if w == "on" && is_cue_time(self.word(c + 1)) {
            if is_weekday(self.word(c + 1)) {
                return c + 2 + usize::from(PARTS_OF_DAY.contains(&self.word(c + 2)));
            }
            return c + 2;
        }
        // "to reporters" is a hearer; "to fight her rival in October" is the content.
        let infinitive = w == "to"
            && self
                .toks
                .get(c + 1)
                .is_some_and(|t| t.is_word() && !t.cap && !t.in_lists(FUNCTION_WORD));
        // "said by telephone that …": a medium, as "on Twitter".
        let by_medium = w == "by" && BY_MEDIA.contains(&self.word(c + 1));
        let preposition =
            (matches!(w, "in" | "during" | "on" | "at" | "via" | "to") && !infinitive) || by_medium;
        if preposition || matches!(w, "for" | "after" | "before" | "with" | "over") {
            // "acknowledged for the first time Friday that …", "stating during the debate
            // that …": a few plain words, then the complementiser.
            if let Some(that) = self.plain_words_then_that(c + 1, end) {
                return that;
            }
        }
        if preposition {
            return self.skip_medium(c, end);
        }
        c
    }

    /// How many tokens the dash at `k` takes: "—" or "–" one, "--" (two hyphens) two, none 0.
    fn dash_len(&self, k: usize) -> usize {
        match self.word(k) {
            "—" | "–" | "--" => 1,
            "-" if self.word(k + 1) == "-" => 2,
            _ => 0,
        }
    }

    /// "said — on Twitter, as it happens — that …": an aside between dashes right after the
    /// cue, closed within a dozen tokens (no quote, no colon or semicolon), and "that" after
    /// it; the token of that "that".
    fn dash_aside_then_that(&self, c: usize, end: usize) -> Option<usize> {
        let open = self.dash_len(c);
        if open == 0 {
            return None;
        }
        let from = c + open;
        let limit = end.min(from + 12);
        let close = (from + 1..limit).find(|&k| {
            self.dash_len(k) > 0 || self.is_quote(k) || matches!(self.word(k), ":" | ";")
        })?;
        let len = self.dash_len(close);
        let that = close + len;
        (len > 0 && self.word(that) == "that" && that + 1 < end).then_some(that)
    }

    /// The "that" after a few plain words (no punctuation, quote or verb of saying) from
    /// `c`, when a clause follows it.
    fn plain_words_then_that(&self, c: usize, end: usize) -> Option<usize> {
        // A quoted title ("on MSNBC’s “Morning Joe” that") counts as plain words.
        let title = |k: usize| self.in_title_quote(k) || matches!(self.word(k), "'s" | "’s");
        let k = (c..end.min(c + 10)).find(|&k| {
            let t = &self.toks[k];
            !title(k) && (!t.is_word() || self.in_quote[k].is_some() || t.lower() == "that")
        })?;
        let plain = k <= c + 9 && (c..k).all(|j| !self.may_start_cue(j));
        if k > c && plain && self.is_punct(k, ",") {
            return self.relative_aside_then_that(k, end);
        }
        (k > c && plain && self.word(k) == "that" && k + 1 < end).then_some(k)
    }

    /// "said on CNN, where he is a paid contributor, that …", "wrote in a letter, which
    /// was released Sunday, that …": a relative clause set off by commas (at `comma`) after
    /// the cue's adjunct, then "that"; the token of that "that".
    fn relative_aside_then_that(&self, comma: usize, end: usize) -> Option<usize> {
        if !matches!(
            self.word(comma + 1),
            "where" | "which" | "who" | "whom" | "when"
        ) {
            return None;
        }
        let close = (comma + 2..end.min(comma + 16))
            .find(|&k| self.is_quote(k) || matches!(self.word(k), "," | ";" | ":" | "(" | "—"))?;
        let that = close + 1;
        (self.is_punct(close, ",") && self.word(that) == "that" && that + 1 < end).then_some(that)
    }

    /// "in a statement [released Tuesday]", "on Twitter", "to reporters": skipped when it is
    /// followed, within a few words, by "that", a comma or a colon.
    fn skip_medium(&self, c: usize, end: usize) -> usize {
        let mut limit = end.min(c + 9);
        let names_medium = (c + 1..limit).any(|k| {
            MEDIA.contains(&self.word(k))
                || OCCASIONS.contains(&self.word(k))
                || HEARERS.contains(&self.word(k))
                || self.toks[k].cap
        });
        if !names_medium {
            return c;
        }
        let mut k = c;
        while k + 1 < limit {
            k += 1;
            // "said on “Fox News Sunday” that …": a show's title is part of the medium.
            if let Some(q) = self.quote_opening_at(k).filter(|&q| self.is_title_quote(q)) {
                // `on MSNBC's “Morning Joe,” adding …`: a comma inside the closing mark
                // ends the clause there.
                if q.close + 1 >= end || self.word(q.close - 1) == "," {
                    return c;
                }
                limit = end.min(limit + q.close - q.open);
                k = q.close;
                continue;
            }
            if self.word(k) == "that" || self.is_punct(k, ",") || self.is_punct(k, ":") {
                if self.is_punct(k, ",") && self.word(k + 1) == "that" {
                    return k + 1;
                }
                return k;
            }
            let last_of_sentence = k + 1 == end || (k + 2 == end && self.is_punct(k + 1, "."));
            if last_of_sentence && self.toks[k].is_word() {
                // "said on Twitter." / "said at an event in New York.": nothing follows.
                return k + 1;
            }
            if self.toks[k].kind == TokenKind::Punct || self.is_quote(k) {
                return c;
            }
        }
        c
    }

    /// Whether the words from `c` to the sentence's `end` are an adjunct of the cue, not
    /// what was said: a time or place ("in 2014", "at the time", "over the weekend"), or,
    /// after the hearer of "told", what is left of it ("a Senate panel Wednesday"). A few
    /// plain words, no quote, comma, "that" or verb among them.
    pub(super) fn adjunct_ends_sentence(&self, cue: Cue, c: usize, end: usize) -> bool {
        let mut last = end;
        // "…, his aides said in interviews; rather, …": a semicolon ends the clause.
        if let Some(k) = (c..end).find(|&k| self.is_punct(k, ";") && self.in_quote[k].is_none()) {
            last = k;
        }
        while last > c && self.is_trailing_punct(last - 1) {
            last -= 1;
        }
        if last <= c || last - c > TAIL_ADJUNCT_WORDS {
            return false;
        }
        let w = self.word(c);
        // What is left after a hearer is a word or two ("panel Wednesday"), not a clause
        // ("he'd pay", "the truck drove into crowds").
        let hearer_rest = self.is_tell(cue.from)
            && c > cue.to
            && last - c <= 2
            && !matches!(w, "he" | "she" | "they" | "we" | "i" | "it" | "you");
        let opens = TAIL_ADJUNCT_OPENERS.contains(&w) || is_cue_time(w) || hearer_rest;
        opens
            && (c..last).all(|k| {
                let w = self.word(k);
                (self.is_plain_word(k) && w != "that" && !(w.len() > 4 && w.ends_with("ed")))
                    || self.in_title_quote(k)
                    || (matches!(w, "'s" | "’s") && self.in_quote[k].is_none())
            })
    }

    /// Content after the cue, starting at `c`: a quote, or a clause or noun phrase.
    pub(super) fn content_after(
        &self,
        cue: Cue,
        c: usize,
        range: &Range<usize>,
    ) -> Option<Vec<Span>> {
        if c >= range.end {
            return None;
        }
        if (self.is_punct(c, ",") || self.is_punct(c, ":"))
            && self.quote_opening_at(c + 1).is_some()
        {
            return self.quote_content(c + 1, range);
        }
        if self.is_punct(c, ":") {
            return self.clause_from(c + 1, range.end, CueClass::Clause);
        }
        if self.quote_opening_at(c).is_some() {
            return self.quote_content(c, range);
        }
        let has_that = c > cue.to && self.word(c - 1) == "that";
        if c == cue.to && self.word(c) == "as" && self.takes_object_as(cue) {
            // "whom one aide described as “his brother,”", "what he views as a threat": the
            // object went before the subject; the description after "as" is what was said
            // of it, up to the comma that ends the relative clause (inside a quote or not).
            let end = (c + 1..range.end)
                .find(|&k| self.is_punct(k, ","))
                .map_or(range.end, |k| {
                    if self.quote_closing_at(k + 1).is_some() {
                        k + 2
                    } else {
                        k
                    }
                });
            return self.clause_from(c + 1, end, CueClass::Object);
        }
        // A clause that starts with a subordinator or preposition is an adjunct of the
        // cue ("asks as a guard walks in", "reported from Washington"), not its content.
        if ADJUNCT_STARTS.contains(&self.word(c)) && !has_that {
            return None;
        }
        if cue.class == CueClass::That && !has_that {
            return None;
        }
        if has_that && self.is_punct(c, ",") {
            // "said that, during the period when …, the party paid": an adjunct opens the
            // clause.
            return self.clause_from(c + 1, range.end, cue.class);
        }
        if self.toks[c].kind == TokenKind::Punct {
            return None;
        }
        self.clause_from(c, range.end, cue.class)
    }

    /// Whether a cue describes its object "as" something ("described … as", "sees … as":
    /// a cue of the `[as]` or `[object as]` lists) and that object is a relative pronoun a
    /// few plain words before it ("whom one aide described as"; not "a claim dismissed as
    /// false", a participle after its noun).
    fn takes_object_as(&self, cue: Cue) -> bool {
        let relativised = (cue.from.saturating_sub(8)..cue.from)
            .rev()
            .take_while(|&k| self.toks[k].is_word() && self.in_quote[k].is_none())
            .any(|k| matches!(self.word(k), "what" | "whom" | "which"));
        let words: Vec<&str> = (cue.from..cue.to).map(|k| self.word(k)).collect();
        relativised
            && matches!(
                lexicon().cue_at(&words),
                Some((n, CueClass::As | CueClass::ObjectAs)) if n == words.len()
            )
    }

    /// A quote opening at `q_open`, continued by the clause when it is only part of it
    /// (`said "rigged" elections are a myth`).
    fn quote_content(&self, q_open: usize, range: &Range<usize>) -> Option<Vec<Span>> {
        let q = self.quote_opening_at(q_open)?;
        let after = q.close + 1;
        // A quoted sentence is all the content: `declared “What a night!” and left`.
        let last = (q.close > q.open + 1 && self.is_quote(q.close)).then(|| self.word(q.close - 1));
        let sentence = matches!(last, Some("." | "!" | "?"));
        // `argued that “there is precedent,” citing …`: the quote's comma ends the clause as
        // one inside a clause does.
        let comma_ends = last == Some(",") && self.ends_after_quote_comma(after, q.open, range.end);
        let continues = !sentence
            && !comma_ends
            && after < range.end
            && (self.toks[after].is_word() || self.quote_opening_at(after).is_some());
        if continues {
            match self.clause_from(after, range.end, CueClass::Clause) {
                Some(rest) => {
                    let end = rest.last().map_or(self.span(q.open, after).end, |s| s.end);
                    return Some(vec![Span::new(self.toks[q.open].span.start, end)]);
                }
                // `said “We will win,” and left`: the quote ends its clause.
                None if last == Some(",") => {}
                None => return None,
            }
        }
        // A quote that ends the sentence goes on through the quoted sentences after it in
        // the paragraph: `X said: “A.” “B.”`.
        let mut last = q;
        if after == range.end && self.unattributed_quote(q.open).is_some() {
            while let Some(next) = self
                .toks
                .get(last.close + 1)
                .filter(|t| !t.para_before)
                .and_then(|_| self.unattributed_quote(last.close + 1))
            {
                last = next;
            }
        }
        Some(vec![self.span(q.open, last.close + 1)])
    }

    /// A clause (or noun phrase, for object cues) from `c`, up to the first stopper: the end
    /// of the sentence, a semicolon, a ", <participle>" or ", according to" or ", with"
    /// clause, and for noun phrases also a comma or "but"/"while"/"as …".
    pub(super) fn clause_from(&self, c: usize, end: usize, class: CueClass) -> Option<Vec<Span>> {
        let mut k = c;
        let mut end = end;
        // "argued that although the suspect confessed, he showed no remorse": a reported
        // clause that opens with a subordinate clause goes on past the comma closing it.
        let mut opening_clause = self.opens_subordinate_clause(c, class);
        while k < end {
            if let Some(q) = self.quote_opening_at(k) {
                end = end.max(q.close + 1);
                k = q.close + 1;
                // `represents “New York values,” stating …`: the comma closing the quote
                // ends the clause before a participle of saying or another attribution,
                // and wherever a comma of the narration would end a clause (`called Cruz
                // the “ultimate hypocrite,” linking to …`, `the “Charleston loophole,”
                // which …`), not a noun phrase's (a list goes on).
                if q.close > q.open + 1
                    && self.is_quote(q.close)
                    && self.word(q.close - 1) == ","
                    && self.ends_after_quote_comma(k, c, end)
                {
                    break;
                }
                continue;
            }
            if opening_clause && self.is_punct(k, ",") && self.in_quote[k].is_none() {
                opening_clause = false;
                if self.starts_main_clause(k + 1) {
                    k += 1;
                    continue;
                }
            }
            if self.stops_clause(k, class)
                && !self.joins_subjects(c, k)
                && !self.quote_runs_on(k, end)
                && !self.and_goes_on_clause(c, k, class)
                && !self.and_present_goes_on(c, k)
                && !self.and_participle_goes_on(c, k)
            {
                break;
            }
            k += 1;
        }
        let mut last = k;
        while last > c && self.is_trailing_punct(last - 1) {
            last -= 1;
        }
        (last > c).then(|| vec![self.span(c, last)])
    }

    /// Whether the words at `k`, after a quote closed by its comma, end the clause that
    /// opened at `c` (before `end`): a participle of saying or another attribution, or
    /// wherever a comma of the narration would end a clause.
    fn ends_after_quote_comma(&self, k: usize, c: usize, end: usize) -> bool {
        let w = self.word(k);
        let speech_participle = w.ends_with("ing")
            && k < end
            && self.toks.get(k).is_some_and(|t| !t.cap)
            && self.cue_at(k, &(c..end)).is_some();
        speech_participle
            || matches!(w, "according" | "citing")
            || self.nested_attribution(k)
            || (k < end && self.stops_after_comma(k, CueClass::Clause))
    }

    /// Whether the comma at `k`, which would end the content, is followed in the sentence
    /// (before `end`) by a quote opened with no clause of its own before it: "described
    /// families playing in Central Park, restaurants packed with patrons, and a city of
    /// “honesty and straight talk.”", "three taxes were postponed, depriving the
    /// government of $35 billion, “which sounds like a lot of money.”": the quoted words
    /// are the speaker's, so the content runs on to them. Not past a cue (", calling him
    /// “a disgrace”" is a statement of its own), a subject pronoun or "but" (", but he
    /// would be “a friend”"), a colon or a semicolon.
    fn quote_runs_on(&self, k: usize, end: usize) -> bool {
        if !self.is_punct(k, ",") {
            return false;
        }
        for i in k + 1..end {
            if self.quote_opening_at(i).is_some() {
                return true;
            }
            if self.in_quote[i].is_some()
                || self.cue_at(i, &(i..end)).is_some()
                || self.is_punct(i, ":")
                || self.is_punct(i, ";")
                || matches!(
                    self.word(i),
                    "he" | "she" | "they" | "we" | "i" | "it" | "but"
                )
            {
                return false;
            }
        }
        false
    }

    /// Whether the "and" at `k`, in a clause that has its own subject and verb from `c`,
    /// joins a second verb of that clause's subject: "argued that the measure could cost
    /// billions and would hurt morale", "the inquiry is independent and is being run by
    /// career lawyers". An auxiliary or modal after the "and" goes on with the reported
    /// clause; a plain past ("and left the room") is the speaker's own second verb.
    fn and_goes_on_clause(&self, c: usize, k: usize, class: CueClass) -> bool {
        matches!(class, CueClass::Clause | CueClass::That)
            && self.word(k) == "and"
            && FINITE_AUXILIARIES.contains(&self.word(k + 1))
            && (c..k).any(|i| {
                self.toks[i].is_word() && !self.toks[i].cap && {
                    let w = self.word(i);
                    is_main_verb(w)
                        || PAST_VERBS.contains(&w)
                        || (w.len() > 3
                            && (w.ends_with("ed") || w.ends_with('s') && !w.ends_with("ss")))
                }
            })
    }

    /// Whether the "and" at `k` is followed by a verb in the present or the bare form while
    /// the cue before the content at `c` is in the past: "said the president is acting
    /// unlawfully and shows disregard for the law", "said they would expand the program
    /// and push for reform". The speaker's own second verb would share the cue's past
    /// ("said … and left"), so a verb of another form goes on with the reported clause.
    fn and_present_goes_on(&self, c: usize, k: usize) -> bool {
        if self.word(k) != "and" {
            return false;
        }
        let Some(n) = self.toks.get(k + 1).filter(|t| t.is_word() && !t.cap) else {
            return false;
        };
        let w = n.lower();
        let past = |w: &str| {
            w.ends_with("ed") || PAST_VERBS.contains(&w) || IRREGULAR_PAST_CUES.contains(&w)
        };
        // A present in "-s" may be the speaker's own again ("deemed … and says it does
        // not plan"), a noun ("and claims of momentum") or a participle ("and taken").
        let finite_s = w.ends_with('s') && !w.ends_with("ss");
        if past(w) || finite_s || w.ends_with("ing") || !n.may_start_cue() {
            return false;
        }
        // The cue: the nearest word before the content that may start one, a few words
        // back at most ("said that", "told reporters", "argued in a statement that").
        (c.saturating_sub(5)..c)
            .rev()
            .find(|&i| self.may_start_cue(i) && !self.toks[i].cap)
            .is_some_and(|i| past(self.word(i)))
    }

    /// Whether the "and" at `k` joins a second participle to a progressive in the reported
    /// clause from `c`: "said Obama is acting unlawfully and showing disregard for the
    /// law". The progressive's "be" lies inside the content, so the participle is not the
    /// speaker's own ("telling reporters … and promising to hire" stops).
    fn and_participle_goes_on(&self, c: usize, k: usize) -> bool {
        let ing = |i: usize| {
            self.toks.get(i).is_some_and(|t| {
                t.is_word() && !t.cap && t.lower().len() > 4 && t.lower().ends_with("ing")
            })
        };
        if self.word(k) != "and" || !ing(k + 1) {
            return false;
        }
        (c..k)
            .rev()
            .take_while(|&i| self.toks[i].is_word())
            .any(|i| {
                // Not a possessive's "'s" ("Trump's remaining rivals").
                self.in_lists(i, BE_WORD)
                    && self.word(i) != "'s"
                    && (ing(i + 1) || (self.is_ly_adverb(i + 1) && ing(i + 2)))
            })
    }

    /// Whether the clause content at `c` opens with a subordinate clause of its own: a
    /// subordinator right after "that" ("argued that although …, he …"), or "if",
    /// "although", "though", "unless", "once" right after a cue that is no question
    /// ("said if elected, she would …"; not "asked if he had met Trump, who …").
    fn opens_subordinate_clause(&self, c: usize, class: CueClass) -> bool {
        let w = self.word(c);
        if !matches!(class, CueClass::Clause | CueClass::That) || !SUBORDINATORS.contains(&w) {
            return false;
        }
        let before = self.word(c.wrapping_sub(1));
        before == "that"
            || (matches!(w, "if" | "although" | "though" | "unless" | "once")
                && !QUESTION_CUES.contains(&before))
    }

    /// Whether the content fragment `frag` opens with a subordinate clause (as in
    /// [`Ctx::clause_from`]) that the clause boundary `boundary` closes: its first comma
    /// outside quotes, before a main clause. A statement read in that main clause ("…
    /// that although the suspect confessed, he showed no remorse") does not end the content,
    /// unless its cue `inner_cue` is a verb of saying proper ("admitted that while …, he
    /// argued …": two statements).
    pub(crate) fn subordinate_clause_closes_at(
        &self,
        frag: Span,
        boundary: Span,
        inner_cue: Span,
    ) -> bool {
        let cue = self.token_range(inner_cue);
        if INVERTIBLE.contains(&self.word(cue.end.wrapping_sub(1))) {
            return false;
        }
        let s = self.toks.partition_point(|t| t.span.start < frag.start);
        if !self.opens_subordinate_clause(s, CueClass::Clause) {
            return false;
        }
        let first_comma =
            (s + 1..self.toks.len()).find(|&k| self.is_punct(k, ",") && self.in_quote[k].is_none());
        first_comma.is_some_and(|k| {
            let t = self.toks[k].span;
            t.start >= boundary.start && t.end <= boundary.end && self.starts_main_clause(k + 1)
        })
    }

    /// Whether a main clause starts at `i`, after the comma closing an opening
    /// subordinate clause: a subject pronoun, a name, or "the"/"a" (not a relative
    /// pronoun or a participle).
    fn starts_main_clause(&self, i: usize) -> bool {
        let Some(t) = self.toks.get(i).filter(|t| t.is_word()) else {
            return false;
        };
        matches!(
            t.lower(),
            "he" | "she" | "they" | "we" | "i" | "it" | "there" | "the" | "a" | "an" | "you"
        ) || (t.cap && !t.in_lists(FUNCTION_WORD))
    }

    /// Whether the "and" at `k` joins two subjects of the clause that opens at `c`: "former
    /// CIA operative and Marine John Tiegen found …" is one clause, not a second statement.
    /// The first subject is a short phrase of plain words ending in a post.
    fn joins_subjects(&self, c: usize, k: usize) -> bool {
        self.word(k) == "and"
            && k > c
            && k - c <= 4
            && crate::nlp::mentions::is_role_head(self.word(k - 1))
            && (c..k).all(|i| {
                self.toks[i].is_word() && !self.in_lists(i, FUNCTION_WORD) || self.word(i) == "the"
            })
    }

    pub(super) fn is_trailing_punct(&self, i: usize) -> bool {
        let t = &self.toks[i];
        t.kind == TokenKind::Punct
            && matches!(t.lower(), "," | "." | ":" | ";" | "—" | "–" | "-" | "(")
    }

    /// Whether token `k` is in a quoted title ([`Ctx::is_title_quote`]) after a preposition,
    /// a possessive or a name: "on MSNBC’s “Morning Joe”", "in The Atlantic’s “Ideas”
    /// section". Such a quote names a show or a column; it is no quote of speech.
    pub(super) fn in_title_quote(&self, k: usize) -> bool {
        let Some(q) = self
            .in_quote
            .get(k)
            .copied()
            .flatten()
            .map(|qi| self.quotes[qi])
        else {
            return false;
        };
        let before = q.open.checked_sub(1).and_then(|b| self.toks.get(b));
        let names = before.is_some_and(|b| {
            (b.cap && b.is_word())
                || matches!(
                    b.lower(),
                    "'s" | "’s" | "on" | "in" | "to" | "told" | "at" | "from"
                )
        });
        names && self.is_title_quote(q)
    }

    fn stops_clause(&self, k: usize, class: CueClass) -> bool {
        let w = self.word(k);
        if self.is_punct(k, ";") {
            return true;
        }
        if self.is_punct(k, ",") && self.stops_after_comma(k + 1, class) {
            return true;
        }
        // Not two subjects joined ("both he and Sarney denied"): a plain word before.
        // Both tests are read only after an "and" or "but" (most words are neither).
        let plain_before = || {
            k > 0
                && self.toks[k - 1].is_word()
                && !self.toks[k - 1].cap
                && !matches!(
                    self.word(k - 1),
                    "he" | "she" | "they" | "we" | "i" | "you" | "it" | "both" | "either"
                )
        };
        let cue_participle_next = || {
            self.toks.get(k + 1).is_some_and(|t| {
                t.is_word() && !t.cap && t.lower().ends_with("ing") && t.may_start_cue()
            })
        };
        if matches!(w, "and" | "but") && plain_before() && self.nested_attribution(k + 1) {
            // "said she will bring in terrorists and Trump says some will be worse": a
            // second statement, of its own speaker.
            return true;
        }
        if w == "and" && cue_participle_next() && !self.word(k.wrapping_sub(1)).ends_with("ing") {
            // "telling reporters the budget is balanced and promising to hire …": a second
            // participle of saying, a statement of its own.
            return true;
        }
        if w == "and" && self.starts_verb_phrase(k + 1) && !self.is_verb_like(k.wrapping_sub(1)) {
            // "echoed similar themes and took the stage": a second verb of the subject.
            return true;
        }
        let n = self.toks.get(k + 1);
        let cue_next = n.is_some_and(|t| t.is_word() && !t.cap && t.may_start_cue());
        if w == "but" && cue_next {
            // "says she respects his “passion” but argues that …": a second statement.
            return true;
        }
        if matches!(w, "before" | "after") && cue_next && self.word(k + 1).ends_with("ing") {
            // "said the deadlock has “kept us safe” before claiming that …".
            return true;
        }
        if class == CueClass::Object && self.saying_occasion_at(k) {
            // "endorsed Clinton at a rally in Hartford", "praised the plan in an
            // interview": the occasion of saying ends what was said.
            return true;
        }
        if class == CueClass::Object {
            let next_starts_np = matches!(
                self.word(k + 1),
                "the" | "a" | "an" | "he" | "she" | "they" | "it" | "we" | "his" | "her" | "their"
            ) || self.toks.get(k + 1).is_some_and(|t| t.cap);
            // "denounced the delay as a blow to Obamacare", "Jerusalem as the capital":
            // a description after "as" goes on with what was said ("as well as" too); not
            // a clause of time ("as the situation continues to unfold").
            let described = w == "as"
                && (self.word(k.wrapping_sub(1)) == "well"
                    || matches!(self.word(k + 1), "a" | "an" | "his" | "her" | "their")
                    || (self.word(k + 1) == "the" && !self.verb_in_phrase(k + 3)));
            return matches!(
                w,
                "but" | "while" | "whilst" | "because" | "whereas" | "although"
            ) || matches!(w, "though" | "despite")
                || (w == "even" && self.word(k + 1) == "though")
                || (matches!(w, "as" | "after" | "before" | "when" | "since")
                    && next_starts_np
                    && !described);
        }
        false
    }

    /// Whether the words at `k` name the occasion of saying: "at", "during" or "in", a
    /// determiner or a weekday's possessive, at most three words and a noun of
    /// [`SAYING_OCCASIONS`] ("at a Super Tuesday rally", "during Friday's debate", "in an
    /// interview"). Not when a "that" follows before the sentence's end ("refused to say
    /// in an interview that …": the clause is still to come).
    fn saying_occasion_at(&self, k: usize) -> bool {
        if !matches!(self.word(k), "at" | "during" | "in") {
            return false;
        }
        let d = self.word(k + 1);
        let from = if OCCASION_OPENERS.contains(&d) {
            k + 2
        } else if WEEK.contains(&d) && matches!(self.word(k + 2), "'s" | "’s") {
            k + 3
        } else {
            return false;
        };
        let Some(noun) = (from..from + 4)
            .take_while(|&i| self.toks.get(i).is_some_and(|t| t.is_word()))
            .find(|&i| SAYING_OCCASIONS.contains(&self.word(i)))
        else {
            return false;
        };
        !(noun + 1..noun + 40)
            .take_while(|&i| {
                i < self.toks.len() && !self.is_punct(i, ".") && !self.is_punct(i, ";")
            })
            .any(|i| self.word(i) == "that")
    }

    /// Whether a finite verb follows a short noun phrase from `from` on, before a mark or a
    /// function word: "(as the situation) continues", "(as the country's growth) slows";
    /// not "(as the key obstacle) in advancing gun measures".
    fn verb_in_phrase(&self, from: usize) -> bool {
        for i in from..from + 8 {
            let Some(t) = self.toks.get(i).filter(|t| t.is_word()) else {
                return false;
            };
            let w = t.lower();
            let verb = is_main_verb(w)
                || PAST_VERBS.contains(&w)
                || (w.len() > 4 && w.ends_with('s') && !w.ends_with("ss"));
            if !t.cap && verb {
                return true;
            }
            if t.in_lists(FUNCTION_WORD) {
                return false;
            }
        }
        false
    }

    /// Whether the words at `n`, right after a comma, start a clause of their own that
    /// ends the content: a participle (", saying …"; not ", including …"), ", according
    /// to", ", with", ", which", another attribution (", he said"), and for a noun phrase
    /// anything but its list.
    fn stops_after_comma(&self, n: usize, class: CueClass) -> bool {
        let w = self.word(n);
        // ", including …" and ", such as …" go on naming what was said.
        let participle = w.ends_with("ing")
            && w.len() > 5
            && w != "including"
            && !self.toks.get(n).is_some_and(|t| t.cap);
        participle
            || matches!(
                w,
                "according" | "with" | "citing" | "while" | "whilst" | "whereas"
            )
            || (w == "which" && !self.closes_aside_before_verb(n))
            || (class == CueClass::Object && !self.continues_list(n))
            || self.nested_attribution(n)
    }

    /// Whether a relative clause opening at `n` (", which …") is an aside that closes with a
    /// comma before the main clause's verb: "that the entities, which include structures in
    /// Liechtenstein, are still under his control" goes on after it.
    fn closes_aside_before_verb(&self, n: usize) -> bool {
        let Some(close) = (n + 1..self.toks.len())
            .take_while(|&k| !self.is_punct(k, ".") && !self.is_punct(k, ";"))
            .find(|&k| self.is_punct(k, ","))
        else {
            return false;
        };
        is_main_verb(self.word(close + 1))
    }

    /// The clause boundary just before byte `start` ("," or ";", or ", and" / ", but"),
    /// as the span from the boundary to `start`; content trimmed there ends on a word.
    pub(crate) fn clause_boundary_before(&self, start: usize) -> Option<Span> {
        let s = self.toks.partition_point(|t| t.span.start < start);
        let mut b = s.checked_sub(1)?;
        // ", and he said", ", though she acknowledged", ", even though they say".
        if matches!(self.word(b), "and" | "but") || SUBORDINATORS.contains(&self.word(b)) {
            b = b.checked_sub(1)?;
            if self.word(b) == "even" {
                b = b.checked_sub(1)?;
            }
        }
        if self.quote_closing_at(b).is_some() {
            // `“…,” but he said`: the comma sits inside the quote.
            b = b.checked_sub(1)?;
        }
        if !(self.is_punct(b, ",") || self.is_punct(b, ";")) {
            return None;
        }
        let mut last = b;
        while last > 0 && self.is_trailing_punct(last - 1) {
            last -= 1;
        }
        let end = self.toks.get(last.checked_sub(1)?)?.span.end;
        Some(Span::new(end, start))
    }

    /// Whether the words after a comma continue a noun phrase's list or relative clause
    /// ("problems in the Middle East, China and elsewhere", "the bill, which …").
    fn continues_list(&self, i: usize) -> bool {
        let Some(t) = self.toks.get(i) else {
            return false;
        };
        let next_comma_or_and = (i + 1..(i + 4).min(self.toks.len()))
            .any(|k| self.word(k) == "and" || self.word(k) == "or");
        (t.cap && next_comma_or_and)
            || matches!(t.lower(), "which" | "who" | "whose" | "including")
            || (t.lower() == "such" && self.word(i + 1) == "as")
            || self.list_runs_on(i)
    }

    /// Whether the words from `i`, after a comma that ends a noun phrase, go on with its
    /// list: short items, each closed by a comma, up to one joined by "and" or "or"
    /// ("questioned the plan's cost, its timing and its author", "proposals on jobs,
    /// education and criminal justice"). Not a clause after the "and" ("…, and he left",
    /// "…, and urged him to resign", "…, and there is no need"), nor past a quote, a
    /// stop, a colon, a semicolon or a dash.
    fn list_runs_on(&self, i: usize) -> bool {
        const ITEM: usize = 10;
        let mut words = 0;
        for k in i..(i + 4 * (ITEM + 3)).min(self.toks.len()) {
            let t = &self.toks[k];
            if (k > i && t.para_before) || self.in_quote[k].is_some() {
                return false;
            }
            if t.is_word() && matches!(t.lower(), "and" | "or") {
                let next = |n: usize| self.word(k + n);
                let clause =
                    |w: &str| LIST_CLAUSE_STARTS.contains(&w) || (w.len() > 3 && w.ends_with("ed"));
                if words == 0 && (clause(next(1)) || clause(next(2))) {
                    return false;
                }
                // "criticized the governor for vetoing the bill, and the backlash is
                // growing": a finite verb a few words after ", and" opens a clause.
                let finite = |w: &str| {
                    FINITE_AUXILIARIES.contains(&w)
                        || matches!(w, "do" | "does" | "did" | "said" | "says")
                };
                if words == 0 && (3..=4).any(|n| finite(next(n))) {
                    return false;
                }
                let rest = (k + 1..self.toks.len())
                    .take_while(|&n| self.in_list_item(n))
                    .count();
                return rest > 0 && words + rest <= ITEM + 2;
            }
            if self.is_punct(k, ",") {
                if words == 0 {
                    return false;
                }
                words = 0;
                continue;
            }
            if !self.in_list_item(k) {
                return false;
            }
            words += 1;
            if words > ITEM {
                return false;
            }
        }
        false
    }

    /// Whether token `i` is a word of a list's item, outside quotes (a possessive "'s" or
    /// an "&" too).
    fn in_list_item(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| {
            (t.is_word() || matches!(t.lower(), "'s" | "&")) && self.in_quote[i].is_none()
        })
    }

    /// A verb form before "and" that coordinates with the next ("born and raised",
    /// "tried and failed"): the "and" joins two verbs, it starts no new verb phrase.
    fn is_verb_like(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| {
            t.is_word()
                && !t.cap
                && (t.lower().ends_with("ed") || matches!(t.lower(), "born" | "made" | "done"))
        })
    }

    /// Whether an attribution clause starts at `i`: ", he said," inside other content.
    fn nested_attribution(&self, i: usize) -> bool {
        let subject_len = match self.mention_of.get(i).copied().flatten() {
            Some(mi) => self
                .token_range(self.mentions[mi].span)
                .end
                .saturating_sub(i),
            None if matches!(self.word(i), "he" | "she" | "they" | "we" | "i") => 1,
            None => 0,
        };
        subject_len > 0 && self.may_start_cue(i + subject_len)
    }

    /// Whether a verb phrase (not a noun phrase) starts at `i`: a cue verb or a common past
    /// tense.
    fn starts_verb_phrase(&self, i: usize) -> bool {
        let Some(t) = self.toks.get(i) else {
            return false;
        };
        let w = t.lower();
        !t.cap
            && (t.may_start_cue()
                || PAST_VERBS.contains(&w)
                || (w.ends_with("ed")
                    && !self
                        .toks
                        .get(i + 1)
                        .is_some_and(|n| n.is_word() && !n.in_lists(FUNCTION_WORD) && !n.cap)))
    }

    /// The quote that ends just before token `left` (`“…” X` or `“…,” X`).
    pub(super) fn quote_before(&self, left: usize, range: &Range<usize>) -> Option<Span> {
        // Role words the mention left out ("political scientist X", "Wyoming GOP chairman
        // X") may sit between.
        // So may the head of the noun phrase the mention ends ("a spokesman for committee
        // Democrats"): its article and prepositions.
        // Only a quote closed by a comma ("?", "!") is a tag's over such words.
        let floor = left.saturating_sub(7).max(range.start + 1);
        let source_start = left;
        let mut left = left;
        let mut np_words = false;
        while left > floor && self.toks[left - 1].is_word() {
            let w = self.word(left - 1);
            if matches!(w, "a" | "an" | "the" | "of" | "for" | "at" | "from") {
                np_words = true;
            } else if is_function(w) && w != "and" {
                break;
            }
            left -= 1;
        }
        let p = left.checked_sub(1).filter(|&p| p > range.start)?;
        if np_words && !self.is_tag_quote_end(p) {
            return None;
        }
        // "supports “health care” and the procedure called …": words between the source
        // and a quote closed by no tag's comma ("?", "!") make no tag.
        if left < source_start && !self.is_tag_quote_end(p) && !self.is_punct(p, ",") {
            return None;
        }
        // "stresses that she is a “lifelong Democrat” who wants …": a quote closed by no
        // tag's comma ("?", "!") before a lowercase word (a relative pronoun, a noun it
        // modifies) is part of a clause; no tag follows it.
        if left == source_start && self.quote_modifies_next(p, left) {
            return None;
        }
        let q = self.quote_closing_at(p).or_else(|| {
            let at_comma = self.is_punct(p, ",");
            p.checked_sub(1)
                .filter(|_| at_comma)
                .and_then(|pp| self.quote_closing_at(pp))
        })?;
        // A quote ending a clause that started before it ("Trump's plan is “strategic,”
        // she said") makes the whole clause the content.
        let inside_clause = q.open > range.start
            && self.in_quote[q.open - 1].is_none()
            && self.toks[q.open - 1].is_word();
        // 'Bemoaning the “phony system,” Trump accused …': a participle adjunct that
        // quotes a phrase is not what the cue says.
        let participle_adjunct = self.toks[range.start].cap
            && self.word(range.start).ends_with("ing")
            && self.word(range.start).len() > 5;
        // "In an interview with “60 Minutes,” Smith said …": a title quoted in a leading
        // adjunct is no tag's quote.
        let title_adjunct = matches!(
            self.word(range.start),
            "in" | "on" | "during" | "at" | "after" | "before" | "with" | "to"
        ) && self.is_title_quote(q);
        if inside_clause && (participle_adjunct || title_adjunct) {
            return None;
        }
        let from = if inside_clause { range.start } else { q.open };
        Some(self.span(from, q.close + 1))
    }

    /// Whether the quote closing at `p` is closed by no tag's comma ("?", "!") and the word
    /// at `left` right after it is lowercase and no subject pronoun: "she is a “proud
    /// Democrat” who wants …", "the “secret” plan was found" quote a phrase of a clause.
    fn quote_modifies_next(&self, p: usize, left: usize) -> bool {
        let Some(q) = self.quote_closing_at(p) else {
            return false;
        };
        // A quote inside the quote may close just before it: `… say, ‘Well done,’ ”`.
        let mut last = q.close.saturating_sub(1);
        if last > q.open + 1 && matches!(self.word(last), "'" | "’") {
            last -= 1;
        }
        let tag_end = last > q.open && matches!(self.word(last), "," | "?" | "!");
        left == p + 1
            && !tag_end
            && self.toks.get(left).is_some_and(|t| {
                t.is_word()
                    && !t.cap
                    && !t.may_start_cue()
                    && !matches!(t.lower(), "he" | "she" | "they" | "we" | "i" | "it" | "you")
            })
    }

    /// Where the content ending with quote `q` starts: the quote's own start, or the
    /// sentence's when the quote ends a clause begun before it ("Trump's plan may be
    /// “strategic,” said X"), past a leading "and"/"but".
    fn clause_start_of(&self, q: Quote, range: &Range<usize>) -> usize {
        let inside_clause = q.open > range.start
            && self.in_quote[q.open - 1].is_none()
            && self.toks[q.open - 1].is_word();
        if !inside_clause {
            return q.open;
        }
        let from = self.past_conjunctions(range.start, q.open);
        // 'Bemoaning the “phony system,” …': a participle adjunct is not what was said.
        let participle = self.toks[from].cap && self.word(from).ends_with("ing");
        if participle {
            q.open
        } else {
            from
        }
    }

    /// Content before the source: the quote or clause ending at the comma (or closing quote)
    /// just before token `left`.
    pub(super) fn content_before(&self, left: usize, range: &Range<usize>) -> Option<Vec<Span>> {
        let p = left
            .checked_sub(1)
            .filter(|&p| p >= range.start.saturating_sub(1))?;
        // "“…”¶¶Her colleague agreed.": a quote that ends the paragraph before is no
        // content of a cue whose sentence opens the next one.
        if p < range.start && self.toks.get(range.start).is_some_and(|t| t.para_before) {
            return None;
        }
        if let Some(q) = self.quote_closing_at(p) {
            return Some(vec![self.span(self.clause_start_of(q, range), q.close + 1)]);
        }
        if !self.is_punct(p, ",") || p == 0 {
            return None;
        }
        if let Some(q) = self.quote_closing_at(p - 1) {
            return Some(vec![self.span(self.clause_start_of(q, range), q.close + 1)]);
        }
        // A quote closing inside the sentence before the comma: `“…” she said, adding …` is
        // handled above; here the clause runs from the sentence start.
        let from = self.past_conjunctions(range.start, p);
        // "If it was as bad as she said, he said, she would have …": a clause ending in a
        // tag of its own is that tag's, not the content of a cue after it.
        let tag_from = (from..p)
            .rev()
            .find(|&k| self.is_punct(k, ","))
            .map_or(from, |c| c + 1);
        if self.tag_cue_from(tag_from, range) == Some(p - 1) {
            return None;
        }
        (p > from + 1).then(|| vec![self.span(from, p)])
    }

    /// "Sanders, who has long argued that the system is rigged, spoke …": what a relative
    /// clause's speaker said ends at the comma that closes the clause, where the main
    /// clause's verb follows. Only the content's first comma: a second one may close an
    /// aside inside it ("the two men, and Mr. Cruz in particular, must …").
    pub(super) fn end_relative_clause(&self, cue: Cue, source: Option<Span>, content: &mut [Span]) {
        let Some(src) = source.map(|s| self.token_range(s)) else {
            return;
        };
        let relative = src.len() == 1
            && matches!(self.word(src.start), "who" | "which")
            && src.start > 0
            && self.is_punct(src.start - 1, ",");
        // "Mr. Manafort, citing “the magic of Trump,” said …": a participle aside right
        // after its subject's comma closes the same way.
        let participle = src.end + 1 == cue.from
            && self.is_punct(src.end, ",")
            && self.word(cue.from).ends_with("ing")
            && self.toks.get(cue.from).is_some_and(|t| !t.cap);
        let relative = relative || participle;
        let Some(last) = content.last_mut().filter(|_| relative) else {
            return;
        };
        let r = self.token_range(*last);
        if r.start < src.end {
            return;
        }
        let Some(comma) = (r.start + 1..r.end).find(|&k| {
            self.is_punct(k, ",")
                && (self.in_quote[k].is_none() || self.quote_closing_at(k + 1).is_some())
        }) else {
            return;
        };
        // `were “in the seven figures,” described …`: the quote closes with the clause.
        let (last_tok, next) = match self.in_quote[comma] {
            Some(_) => (comma + 1, comma + 2),
            None => (comma - 1, comma + 1),
        };
        if next < r.end && self.starts_main_verb(next) {
            *last = Span::new(last.start, self.toks[last_tok].span.end);
        }
    }

    /// "While he said he would not criticize Cruz, he did not …", "If the debate seemed to
    /// confirm the critiques, the question was …": what is said inside a subordinate clause
    /// (or a fronted phrase: "Despite assurances that …, …") opening the sentence ends at
    /// the comma that closes it, before the main clause. Only when no comma comes between the subordinator and the cue (the clause is
    /// still open there), at the content's first comma outside quotes; not "as" (a clause of
    /// manner as often as of time).
    pub(super) fn end_subordinate_clause(
        &self,
        cue: Cue,
        range: &Range<usize>,
        content: &mut [Span],
    ) {
        let mut s = range.start;
        if matches!(self.word(s), "but" | "and" | "yet" | "so") {
            s += 1;
        }
        if self.word(s) == "even" {
            s += 1;
        }
        let opens =
            SUBORDINATORS.contains(&self.word(s)) || FRONTED_PREPOSITIONS.contains(&self.word(s));
        if s >= cue.from || !opens || (s..cue.from).any(|k| self.is_punct(k, ",")) {
            return;
        }
        let Some(last) = content.last_mut() else {
            return;
        };
        let r = self.token_range(*last);
        if r.start < cue.to {
            return;
        }
        let Some(comma) = (r.start + 1..r.end)
            .find(|&k| self.is_punct(k, ",") && self.in_quote[k].is_none() && !self.glued_comma(k))
        else {
            return;
        };
        let mut end = comma;
        while end > r.start && self.is_trailing_punct(end - 1) {
            end -= 1;
        }
        if end > r.start {
            *last = Span::new(last.start, self.toks[end - 1].span.end);
        }
    }

    /// The first token from `from` (before `limit`) past a leading "and", "but", "so",
    /// "yet": where a clause's content starts.
    pub(super) fn past_conjunctions(&self, mut from: usize, limit: usize) -> usize {
        while from < limit && matches!(self.word(from), "and" | "but" | "so" | "yet") {
            from += 1;
        }
        from
    }

    /// A comma with no space on either side: a figure's ("2,400").
    fn glued_comma(&self, k: usize) -> bool {
        let (Some(p), Some(t), Some(n)) = (
            k.checked_sub(1).and_then(|p| self.toks.get(p)),
            self.toks.get(k),
            self.toks.get(k + 1),
        ) else {
            return false;
        };
        p.span.end == t.span.start && t.span.end == n.span.start
    }

    /// Whether a finite verb starts at `i`, past an adverb or two: "spoke", "is", "will",
    /// "has also said", "later recounted".
    pub(in crate::nlp::attribution) fn starts_main_verb(&self, i: usize) -> bool {
        const ADVERBS: &[&str] = &["also", "then", "now", "later", "still", "never"];
        let mut j = i;
        while j < i + 2 && (self.is_ly_adverb(j) || ADVERBS.contains(&self.word(j))) {
            j += 1;
        }
        let Some(t) = self.toks.get(j).filter(|t| t.is_word() && !t.cap) else {
            return false;
        };
        let w = t.lower();
        is_main_verb(w)
            || PAST_VERBS.contains(&w)
            || matches!(w, "did" | "does" | "do")
            || (t.may_start_cue() && !w.ends_with("ing"))
            || (w.len() > 4 && w.ends_with("ed"))
    }
}
