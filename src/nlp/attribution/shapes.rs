//! The attribution shapes, tried at each cue of a sentence.

use std::ops::Range;

use super::quotes::{quote_of_token, Quote};
use super::words::*;
use crate::nlp::lexicon::{lexicon, CueClass};
use crate::nlp::tokens::{Token, TokenKind};
use crate::nlp::{EntityKind, Mention, Span, Statement, StatementKind};

/// Pronouns that can be a source where they stand.
const SUBJECT_PRONOUNS: &[&str] = &["he", "she", "they", "we", "i", "you", "it", "who", "which"];

fn is_day(w: &str) -> bool {
    matches!(
        w,
        "monday"
            | "tuesday"
            | "wednesday"
            | "thursday"
            | "friday"
            | "saturday"
            | "sunday"
            | "today"
            | "yesterday"
    )
}

/// A shape a statement takes in a sentence, known by the word or mark it starts at.
pub(super) struct Shape {
    /// Whether the shape applies at token `i` of the sentence's token `range`.
    applies: fn(&Ctx<'_>, usize, &Range<usize>) -> bool,
    /// The statement it reads there (`si` is the sentence), if the sentence fits, with the
    /// name of the shape that read it (a verb cue's is one of [`VERB_SHAPES`]).
    read: fn(&Ctx<'_>, usize, usize, &Range<usize>) -> Option<Named>,
}

/// A statement with the name of the shape that read it.
pub(super) type Named = (&'static str, Statement);

fn named(name: &'static str, st: Option<Statement>) -> Option<Named> {
    st.map(|st| (name, st))
}

/// The shapes, tried in order at each token outside quotes. The first that applies decides,
/// whether or not it reads a statement: a leading "To" that names no one is not then read
/// as a verb cue.
pub(super) const SHAPES: &[Shape] = &[
    Shape {
        applies: |c, i, r| i == r.start && c.word(i) == "to",
        read: |c, si, i, r| named("to someone", c.to_someone(si, i, r)),
    },
    Shape {
        applies: |c, i, r| i == r.start && c.word(i) == "in",
        read: |c, si, i, r| named("in source", c.in_source(si, i, r)),
    },
    Shape {
        applies: |c, i, r| c.word(i) == "asked" && c.is_when_asked(i, r),
        read: |c, si, i, r| named("when asked", c.when_asked(si, i, r)),
    },
    Shape {
        applies: |c, i, _| c.source_phrase_at(i).is_some(),
        read: |c, si, i, r| {
            named(
                "according to",
                c.according_to(si, i, c.source_phrase_at(i)?, r),
            )
        },
    },
    Shape {
        applies: |c, i, _| c.is_punct(i, ":"),
        read: |c, si, i, r| named("colon", c.colon(si, i, r)),
    },
    Shape {
        applies: |c, i, _| matches!(c.word(i), "―" | "—" | "–" | "-"),
        read: |c, si, i, r| named("dash byline", c.dash_byline(si, i, r)),
    },
    Shape {
        applies: |c, i, _| RAISING.contains(&c.word(i)),
        read: |c, si, i, r| named("raising", c.raising(si, i, r)),
    },
    Shape {
        applies: |c, i, _| {
            matches!(
                c.word(i + 1),
                "that" | "to" | "of" | "for" | "on" | "against" | "about" | "by" | "from"
            ) && is_noun_cue(c.word(i))
        },
        // "his claim that …"; else the noun is a verb ("she claims that …").
        read: |c, si, i, r| {
            named("noun cue", c.noun_cue(si, i, r))
                .or_else(|| c.cue_at(i, r).and_then(|cue| c.verb_cue(si, cue, r)))
        },
    },
    Shape {
        applies: |_, _, _| true,
        read: |c, si, i, r| c.cue_at(i, r).and_then(|cue| c.verb_cue(si, cue, r)),
    },
];

/// A verb cue where it stands: its sentence `si` and token `range`, and the subject found
/// before it (with whether a form of "be" comes between).
pub(super) struct VerbAt<'r> {
    si: usize,
    cue: Cue,
    range: &'r Range<usize>,
    subject: Option<(Range<usize>, bool)>,
}

/// A shape a statement around a verb cue takes.
pub(super) struct VerbShape {
    pub name: &'static str,
    read: fn(&Ctx<'_>, &VerbAt<'_>) -> Reading,
}

/// What a verb shape makes of a cue. (Made and matched at once, never stored: its size
/// does not matter.)
#[allow(clippy::large_enum_variant)]
pub(super) enum Reading {
    /// The shape does not fit: the next one is tried.
    Unfit,
    /// The shape fits, and decides: a statement, or none at all.
    Read(Option<Statement>),
}

impl Reading {
    /// A shape that fits only when it reads a statement.
    fn when_read(st: Option<Statement>) -> Reading {
        st.map_or(Reading::Unfit, |st| Reading::Read(Some(st)))
    }
}

/// The shapes of a verb cue, tried in order until one fits (after the cue is told apart
/// from "seen as", "was criticized by" and "continued to": see `Ctx::verb_cue`).
pub(super) const VERB_SHAPES: &[VerbShape] = &[
    VerbShape {
        name: "passive",
        read: |c, at| Reading::when_read(c.passive(at.si, at.cue, at.range)),
    },
    VerbShape {
        name: "subject before",
        read: |c, at| c.subject_speaks(at),
    },
    VerbShape {
        name: "inverted",
        read: |c, at| Reading::when_read(c.inverted(at.si, at.cue, at.range)),
    },
    VerbShape {
        name: "participle",
        read: |c, at| Reading::when_read(c.participle(at.si, at.cue, at.range)),
    },
    VerbShape {
        name: "long subject",
        read: |c, at| Reading::Read(c.long_subject(at.si, at.cue, at.range)),
    },
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

impl Cue {
    /// A one-word cue at token `i` taking a clause: "in", "to", "reportedly".
    fn word(i: usize) -> Cue {
        Cue {
            from: i,
            to: i + 1,
            class: CueClass::Clause,
        }
    }
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
    fn cue_at(&self, i: usize, range: &Range<usize>) -> Option<Cue> {
        let lex = lexicon();
        let end = range.end;
        let capitalised =
            self.toks[i].cap && i > 0 && !self.toks[i].all_caps && !self.is_sentence_start(i);
        if !lex.may_start_cue(self.word(i)) || (capitalised && !self.is_title_case(range)) {
            return None;
        }
        let words: Vec<&str> = (i..end.min(i + 6)).map(|k| self.word(k)).collect();
        let (n, class) = match lex.cue_at(&words)? {
            (n, CueClass::As) if self.as_after(i + n, end).is_none() => return None,
            (n, CueClass::ObjectAs) if self.as_after(i + n, end).is_some() => (n, CueClass::Clause),
            (n, CueClass::ObjectAs) => (n, CueClass::Object),
            found => found,
        };
        Some(Cue {
            from: i,
            to: i + n,
            class,
        })
    }

    /// The "as" of "sees the deal as a betrayal" or "is seen as an outsider": within a few
    /// plain words of the cue, not "as well as" or "as soon as", and not past the clause.
    fn as_after(&self, from: usize, end: usize) -> Option<usize> {
        let k = (from..end.min(from + 12)).find(|&k| {
            let w = self.word(k);
            w == "as" || !self.toks[k].is_word() || matches!(w, "that" | "if" | "whether" | "to")
        })?;
        let next = self.word(k + 1);
        let plain = self.word(k) == "as" && self.in_quote[k].is_none();
        (plain
            && !matches!(
                next,
                "well" | "soon" | "long" | "much" | "many" | "far" | "if"
            ))
        .then_some(k)
    }

    /// Whether a sentence is a headline in title case ("Trump Says He Will Win"), where a
    /// capitalised verb is still a verb.
    fn is_title_case(&self, range: &Range<usize>) -> bool {
        let words: Vec<&Token> = self.toks[range.clone()]
            .iter()
            .filter(|t| t.kind == TokenKind::Word)
            .collect();
        let caps = words.iter().filter(|t| t.cap).count();
        words.len() >= 4 && caps * 10 >= words.len() * 8
    }

    fn is_sentence_start(&self, i: usize) -> bool {
        i == 0 || self.toks[i - 1].is_quote() || self.is_punct(i - 1, ".")
    }

    /// All statements of sentence `si`.
    pub fn sentence_statements(&self, si: usize, range: Range<usize>) -> Vec<Statement> {
        self.statements_by_shape(si, range)
            .into_iter()
            .map(|(_, st)| st)
            .collect()
    }

    /// All statements of sentence `si`, each with the name of the shape that read it.
    pub(super) fn statements_by_shape(
        &self,
        si: usize,
        range: Range<usize>,
    ) -> Vec<(&'static str, Statement)> {
        let mut out = Vec::new();
        let mut i = range.start;
        while i < range.end {
            let st = self
                .shape_at(i, &range)
                .and_then(|shape| (shape.read)(self, si, i, &range));
            match st {
                Some((name, st)) => {
                    let next = st.cue.map_or(i + 1, |c| self.token_range(c).end);
                    out.push((name, st));
                    i = next.max(i + 1);
                }
                None => i += 1,
            }
        }
        out
    }

    /// The shape that decides at token `i`: the first of [`SHAPES`] that applies there.
    /// Nothing starts inside a quote.
    fn shape_at(&self, i: usize, range: &Range<usize>) -> Option<&'static Shape> {
        self.shape_index_at(i, range).map(|k| &SHAPES[k])
    }

    /// [`Ctx::shape_at`], as an index into [`SHAPES`].
    pub(super) fn shape_index_at(&self, i: usize, range: &Range<usize>) -> Option<usize> {
        if self.in_quote[i].is_some() {
            return None;
        }
        SHAPES
            .iter()
            .position(|shape| (shape.applies)(self, i, range))
    }

    /// One statement from a verb cue, by the first shape that fits.
    fn verb_cue(&self, si: usize, cue: Cue, range: &Range<usize>) -> Option<Named> {
        let cue = match cue.class {
            CueClass::As if self.be_before(cue.from, range.start).is_some() => {
                return named("seen as", self.seen_as(si, cue, range));
            }
            // "sees the deal as a betrayal": the content is the object and its description.
            CueClass::As => Cue {
                class: CueClass::Clause,
                ..cue
            },
            _ => cue,
        };
        if self.word(cue.to) == "by" {
            if let Some(st) = self.passive_with_agent(si, cue, range) {
                return Some(("passive with agent", st));
            }
        }
        if self.word(cue.to) == "by"
            || (self.word(cue.to) == "to" && BE.contains(&self.word(cue.from.wrapping_sub(1))))
        {
            // "was criticized by X", "is said to be": not the speaker's own statement here.
            return None;
        }
        let infinitive = self.word(cue.to) == "to"
            && self.toks.get(cue.to + 1).is_some_and(|t| {
                !t.cap && !DETS.contains(&t.lower.as_str()) && !FUNCTION.contains(&t.lower.as_str())
            });
        let subject = self.subject_before(cue, range);
        let after_quote = subject
            .as_ref()
            .is_some_and(|(src, _)| self.quote_before(src.start, range).is_some());
        if infinitive && NOT_BEFORE_TO.contains(&self.word(cue.from)) && !after_quote {
            // "continued to fight", "said to be": not a speech act here ("“…,” X said to
            // cheers" is one).
            return None;
        }
        let at = VerbAt {
            si,
            cue,
            range,
            subject,
        };
        VERB_SHAPES
            .iter()
            .find_map(|shape| match (shape.read)(self, &at) {
                Reading::Unfit => None,
                Reading::Read(st) => Some(named(shape.name, st)),
            })
            .flatten()
    }

    /// "X said …", "“…,” X said", "with X advocating …": the subject before the cue speaks.
    /// A participle ("X, stating …") only with "is" or "with" before it: else the subject is
    /// the participle clause's own.
    fn subject_speaks(&self, at: &VerbAt<'_>) -> Reading {
        let Some((src, aux_be)) = at.subject.clone() else {
            return Reading::Unfit;
        };
        let src = self.source_lead_in(src.start, at.range.start)..src.end;
        let ing = self.word(at.cue.from).ends_with("ing");
        let with_abs = matches!(self.word(src.start.wrapping_sub(1)), "with" | "without");
        if ing && !aux_be && !with_abs {
            return Reading::Unfit;
        }
        Reading::Read(self.build(
            at.si,
            at.cue,
            Some(self.span(src.start, src.end)),
            at.range,
            src.start,
        ))
    }

    /// Where a source starts when plain words lead into the name from a comma: "…,
    /// journalist Martha Raddatz said", "…, a spokesman for committee Democrats said",
    /// "…, people close to Clinton say". `from` itself when no comma is reached.
    fn source_lead_in(&self, from: usize, start: usize) -> usize {
        let mut k = from;
        while k > start && from - k < 6 {
            let t = &self.toks[k - 1];
            let w = t.lower.as_str();
            let plain = t.is_word()
                && self.in_quote[k - 1].is_none()
                && !lexicon().may_start_cue(w)
                && !matches!(w, "and" | "but" | "or" | "that" | "which" | "who" | "as");
            if !plain {
                break;
            }
            k -= 1;
        }
        // The lead-in opens a noun phrase, not an adjunct: "…, with Jane Doe calling for".
        let first = self.word(k);
        let opens_np = DETS.contains(&first) || !FUNCTION.contains(&first);
        if k < from && k > start && self.is_punct(k - 1, ",") && opens_np {
            k
        } else {
            from
        }
    }

    /// "People who have battled online threats say it could be doing more": a subject too
    /// long for the noun-phrase walk. Only for the plainest verbs of saying, or a cue with a
    /// "that" clause, which leave no doubt; the source runs back to the start of the clause.
    fn long_subject(&self, si: usize, cue: Cue, range: &Range<usize>) -> Option<Statement> {
        let plain = matches!(
            self.word(cue.from),
            "say" | "says" | "said" | "told" | "tells"
        );
        if !plain && self.word(cue.to) != "that" {
            // Other verbs qualify only with a complementiser: "… agreed that …".
            return None;
        }
        let floor = cue.from.saturating_sub(20).max(range.start);
        let from = (floor..cue.from)
            .rev()
            .find(|&k| self.toks[k].kind == TokenKind::Punct || self.is_quote(k))
            .map_or(floor, |k| k + 1);
        let clean_start = from == range.start || self.toks[from - 1].kind == TokenKind::Punct;
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

    /// Whether `[from, to)` can be a subject: it does not open with a function word or a
    /// participle ("where he appeared …", "Having …"), does not end in an infinitive's "to"
    /// ("daring him to say"), and holds a finite auxiliary only inside a relative clause.
    fn reads_as_subject(&self, from: usize, to: usize) -> bool {
        let first = self.word(from);
        let opens_badly = (FUNCTION.contains(&first)
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
    fn subject_before(&self, cue: Cue, range: &Range<usize>) -> Option<(Range<usize>, bool)> {
        let mut j = cue.from;
        let mut be = false;
        // "Hillary Clinton on Tuesday said": a day between subject and cue.
        if j > range.start + 1 && is_day(self.word(j - 1)) {
            j -= if self.word(j - 2) == "on" { 2 } else { 1 };
        }
        if j > range.start && matches!(self.word(j - 1), "--" | "—" | "-" | "–") {
            // "The justice -- who has been in a scuffle -- said": skip the dashed aside.
            let dash = self.word(j - 1).to_string();
            if let Some(open) = (j.saturating_sub(30).max(range.start)..j - 1)
                .rev()
                .find(|&k| self.word(k) == dash)
            {
                j = open;
            }
        }
        if j > range.start && self.is_punct(j - 1, ")") {
            // "Sen. Marco Rubio (R-Fla.) said": skip a short parenthesis.
            if let Some(open) = (j.saturating_sub(8).max(range.start)..j - 1)
                .rev()
                .find(|&k| self.is_punct(k, "("))
            {
                j = open;
            }
        }
        while j > range.start && (AUX.contains(&self.word(j - 1)) || self.is_ly_adverb(j - 1)) {
            // "'s" is an auxiliary after a pronoun ("he's said"), a possessive after a name
            // ("Trump's tweet").
            let possessive = self.word(j - 1) == "'s"
                && !SUBJECT_PRONOUNS.contains(&self.word(j.saturating_sub(2)))
                && !matches!(self.word(j.saturating_sub(2)), "that" | "there");
            if possessive {
                return None;
            }
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
                    || matches!(
                        self.word(k - 1),
                        "in" | "out"
                            | "of"
                            | "%"
                            | "about"
                            | "nearly"
                            | "roughly"
                            | "almost"
                            | "some"
                            | "only"
                            | "just"
                    ))
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
                return Some(self.token_range(m.span).start);
            }
        }
        self.np_before(head, start)
    }

    /// "X, a former adviser, said" / "X, who led the committee, said": the subject before an
    /// apposition or relative clause closed by the comma at `comma`.
    fn subject_before_apposition(&self, comma: usize, start: usize) -> Option<Range<usize>> {
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
            let from = self.subject_ending_at(open - 1, start);
            let Some(from) = from.filter(|_| self.toks[open - 1].kind != TokenKind::Number) else {
                continue;
            };
            // A person or pronoun before the comma is strong evidence; a plain noun phrase
            // needs the segment to look like an apposition or a relative clause.
            // "…, which …" follows a thing, not a person: "X, president of the Federation of
            // Teachers, which represents educators, said" is X speaking.
            let which = self.word(open + 1) == "which";
            let named = !which
                && (self.mention_of[open - 1]
                    .is_some_and(|mi| self.mentions[mi].kind == EntityKind::Person)
                    || SUBJECT_PRONOUNS.contains(&self.word(open - 1)));
            if named {
                return Some(from..open);
            }
            if fallback.is_none() && self.looks_appositive(open + 1, comma) {
                fallback = Some(from..open);
                if !which {
                    break;
                }
            }
        }
        fallback
    }

    /// Whether `[from, to)` reads as an apposition or relative clause.
    fn looks_appositive(&self, from: usize, to: usize) -> bool {
        let first = self.word(from);
        let t = &self.toks[from];
        DETS.contains(&first)
            || matches!(
                first,
                "who" | "whose" | "which" | "now" | "then" | "once" | "also"
            )
            || t.cap
            || t.kind == TokenKind::Number
            || first.ends_with("ed")
            || first.ends_with("ing")
            || to - from <= 3
    }

    fn is_numberish(&self, i: usize) -> bool {
        const NUMBER_WORDS: &[&str] = &[
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "dozen",
            "half",
            "third",
            "thirds",
            "quarter",
            "two-thirds",
            "three-quarters",
        ];
        self.toks.get(i).is_some_and(|t| {
            t.kind == TokenKind::Number || NUMBER_WORDS.contains(&t.lower.as_str())
        })
    }

    fn is_trailing_end(&self, i: usize) -> bool {
        matches!(self.word(i), "." | "?" | "!" | ";") || self.is_quote(i)
    }

    pub(super) fn is_ly_adverb(&self, i: usize) -> bool {
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
        // A subject starts its paragraph at the latest: "2:45 p.m.\n\nConnecticut's tax
        // commissioner says" is not spoken by "2:45 p.m. Connecticut's …".
        while k > start && len < 8 && !self.toks[k].para_before {
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
                    && (!w.ends_with("ed") || DETS.contains(&self.word(p.wrapping_sub(1)))))
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
            || self.toks[k].para_before
            || self.toks[k - 1].kind == TokenKind::Punct
            || self.is_quote(k - 1)
            || NP_OPENERS.contains(&self.word(k - 1));
        if at_boundary {
            return Some(k);
        }
        // "a source familiar with the investigation said": the head noun lies before a
        // prepositional phrase; try once more from the word before the preposition.
        let prep = k - 1;
        let pp = matches!(
            self.word(prep),
            "with" | "from" | "in" | "at" | "on" | "about" | "to"
        );
        if pp && prep > start && head - prep < 8 {
            return self
                .np_before(prep - 1, start)
                .filter(|&from| head - from <= 14);
        }
        None
    }

    /// "“…,” said X": the subject follows the cue; content is the quote or clause before.
    fn inverted(&self, si: usize, cue: Cue, range: &Range<usize>) -> Option<Statement> {
        if cue.to - cue.from != 1 || !INVERTIBLE.contains(&self.word(cue.from)) {
            return None;
        }
        let lead = (range.start..cue.from)
            .all(|k| matches!(self.word(k), "but" | "and" | "," | "so" | "yet"));
        if lead {
            // "Said Comey, “…”", "But, said Solovey, “…”": the verb fronted, the quote after.
            let (from, to) = self.np_after(cue.to, range.end)?;
            let content = self.content_after(cue, to, range)?;
            return Some(self.statement(si, cue, Some(self.span(from, to)), content, None));
        }
        let before = cue.from.checked_sub(1)?;
        if !(self.is_punct(before, ",") || self.quote_closing_at(before).is_some()) {
            return None;
        }
        let (from, to) = self.np_after(cue.to, range.end)?;
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
        let end = end.min(self.toks.len());
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
        let prev = self.word(cue.from.wrapping_sub(1));
        // ", saying …", "– saying …", "by saying …", "a statement saying …".
        let after_comma = cue.from > range.start + 1
            && (self.is_punct(cue.from - 1, ",")
                || matches!(prev, "—" | "–" | "by" | "while")
                || (self.word(cue.from) == "saying" && STATEMENT_NOUNS.contains(&prev))
                || (self.is_quote(cue.from - 1) && self.is_punct(cue.from.wrapping_sub(2), ",")));
        // "Trump summed up Clinton as “terrible,” denounced her record and said …": a
        // second past-tense verb of the subject in a list (not "…, denounced by critics").
        let listed_past = self.word(cue.from).ends_with("ed")
            && self.word(cue.to) != "by"
            && cue
                .from
                .checked_sub(1)
                .is_some_and(|p| self.is_punct(p, ",") || self.is_quote(p));
        if !(self.word(cue.from).ends_with("ing") || listed_past) || !after_comma {
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
    pub(super) fn main_subject(&self, from: usize, to: usize) -> Option<Range<usize>> {
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

    /// The length of a phrase at `i` that names a source after it: "according to", "as
    /// reported by", "as first reported by".
    fn source_phrase_at(&self, i: usize) -> Option<usize> {
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
    fn according_to(
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
        let leading = i == range.start
            || !(self.is_punct(i - 1, ",") || self.quote_closing_at(i - 1).is_some());
        if !leading {
            // "…, according to a letter to Facebook from the chairman.": the source runs on
            // to the next comma or the end of the sentence.
            while to < range.end
                && to < from + 15
                && !self.is_punct(to, ",")
                && !self.is_trailing_end(to)
            {
                to += 1;
            }
        }
        let source = Some(self.span(from, to));
        let content = if leading {
            let mut c = to;
            while c < range.end && self.is_punct(c, ",") {
                c += 1;
            }
            self.clause_from(c, range.end, CueClass::Clause)
        } else {
            // "The plan, according to X, is dead.": the clause resumes after the source.
            let mut parts = self.content_before(i, range).unwrap_or_default();
            if !parts.is_empty() {
                parts.extend(self.resumed_clause(to, range));
            }
            Some(parts).filter(|p| !p.is_empty())
        }?;
        Some(self.statement(si, cue, source, content, None))
    }

    /// "Trump's claim that …", "his criticism of the plan", "their support for Cruz": a
    /// statement named by a noun, its source the possessor.
    fn noun_cue(&self, si: usize, i: usize, range: &Range<usize>) -> Option<Statement> {
        let noun = self.word(i);
        let next = self.word(i + 1);
        let (c, class) = match next {
            "by" | "from" if NOUN_CUES_THAT.contains(&noun) => {
                return self.noun_cue_by(si, i, range);
            }
            "that" if NOUN_CUES_THAT.contains(&noun) => (i + 1, CueClass::Clause),
            "to" if NOUN_CUES_TO.contains(&noun)
                && self.toks.get(i + 2).is_some_and(|t| {
                    t.is_word() && !t.cap && !DETS.contains(&t.lower.as_str())
                }) =>
            {
                (i + 1, CueClass::Clause)
            }
            "of" | "for" | "on" | "against" | "to" | "about"
                if NOUN_CUES_OBJECT.contains(&(noun, next)) =>
            {
                (i + 2, CueClass::Object)
            }
            _ => return None,
        };
        if c >= range.end || self.in_quote[c].is_some() {
            return None;
        }
        // The possessor, perhaps past one adjective: "Trump's latest claim".
        let mut p = i.checked_sub(1).filter(|&p| p >= range.start)?;
        let adjective = |k: usize| {
            let t = &self.toks[k];
            t.is_word() && !t.cap && !FUNCTION.contains(&t.lower.as_str()) && t.lower != "'s"
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
        Some(self.statement(
            si,
            cue,
            Some(self.span(source.start, source.end)),
            content,
            None,
        ))
    }

    /// "a claim by the mayor that …", "the warning from officials that …": the source
    /// follows the noun.
    fn noun_cue_by(&self, si: usize, i: usize, range: &Range<usize>) -> Option<Statement> {
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
    fn noun_object_end(&self, c: usize, range: &Range<usize>) -> usize {
        (c + 1..range.end)
            .find(|&k| {
                let w = self.word(k);
                (AUX.contains(&w) || BE.contains(&w)) && w != "'s"
            })
            .unwrap_or(range.end)
    }

    /// "In a CNN poll released Monday, 50 percent chose Clinton", "In Forbes' words, …": a
    /// finding or view attributed by a leading "in".
    fn in_source(&self, si: usize, i: usize, range: &Range<usize>) -> Option<Statement> {
        let comma = (i + 1..range.end.min(i + 14)).find(|&k| self.is_punct(k, ","))?;
        let sourced = (i + 1..comma).any(|k| IN_SOURCES.contains(&self.word(k)))
            && (i + 1..comma).all(|k| self.in_quote[k].is_none());
        if !sourced || comma < i + 3 {
            return None;
        }
        let content = self.clause_from(comma + 1, range.end, CueClass::Clause)?;
        let cue = Cue::word(i);
        Some(self.statement(si, cue, Some(self.span(i + 1, comma)), content, None))
    }

    /// "To Ms. Gil, skateboarding is dissent": a view attributed by a leading "to".
    fn to_someone(&self, si: usize, i: usize, range: &Range<usize>) -> Option<Statement> {
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
    fn is_when_asked(&self, i: usize, range: &Range<usize>) -> bool {
        let lead = i == range.start || self.word(i.wrapping_sub(1)) == "when";
        lead && self.asked_what(i, range).is_some()
    }

    /// The question word after "asked", over a short phrase: "Asked on Fox News who …".
    fn asked_what(&self, i: usize, range: &Range<usize>) -> Option<usize> {
        (i + 1..range.end.min(i + 6))
            .take_while(|&k| self.toks[k].is_word() && self.in_quote[k].is_none())
            .find(|&k| Self::is_question_word(self.word(k)))
    }

    fn is_question_word(w: &str) -> bool {
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

    fn when_asked(&self, si: usize, i: usize, range: &Range<usize>) -> Option<Statement> {
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
    fn dash_byline(&self, si: usize, i: usize, range: &Range<usize>) -> Option<Statement> {
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

    /// "Trump seemed to hesitate", "Clinton is expected to win": an impression or
    /// expectation with no source; the content is the subject and what follows the cue.
    fn raising(&self, si: usize, i: usize, range: &Range<usize>) -> Option<Statement> {
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
        let (subj, _) = self.subject_before(Cue { from: i, ..cue }, range)?;
        let rest = self.clause_from(i + 1, range.end, CueClass::Clause)?;
        let mut content = vec![self.span(subj.start, subj.end)];
        content.extend(rest);
        Some(self.statement(si, cue, None, content, None))
    }

    /// The first token of "is (widely) " right before token `i`: a form of "be", perhaps with
    /// adverbs between.
    fn be_before(&self, i: usize, start: usize) -> Option<usize> {
        let mut j = i;
        while j > start
            && (self.is_ly_adverb(j - 1)
                || matches!(self.word(j - 1), "also" | "still" | "not" | "n't" | "now"))
        {
            j -= 1;
        }
        (j > start && BE.contains(&self.word(j - 1))).then(|| j - 1)
    }

    /// "Mr. Sanders is widely seen as an outsider": a view held by no one named; the content
    /// is the whole clause, as in PolNeAR.
    fn seen_as(&self, si: usize, cue: Cue, range: &Range<usize>) -> Option<Statement> {
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
    fn passive_with_agent(&self, si: usize, cue: Cue, range: &Range<usize>) -> Option<Statement> {
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

    /// "Trump: “…”" or a heading "Trump: We will win"; also any verb before a colon and a
    /// quote, when it has a subject: "Trump leaned in and boomed: “…”".
    fn colon(&self, si: usize, i: usize, range: &Range<usize>) -> Option<Statement> {
        self.colon_after_name(si, i, range)
            .or_else(|| self.colon_after_verb(si, i, range))
            .or_else(|| self.colon_after_label(si, i, range))
    }

    /// "Poll: Trump leads in Ohio", "Q: And the wall?", "MATTHEWS: Well, …": a short
    /// capitalised label opening the sentence, as headlines and transcripts write them.
    fn colon_after_label(&self, si: usize, i: usize, range: &Range<usize>) -> Option<Statement> {
        let label = range.start..i;
        let short = !label.is_empty() && label.len() <= 4;
        let capitalised = label
            .clone()
            .all(|k| self.toks[k].is_word() && self.toks[k].cap);
        let place = self.mention_of[range.start]
            .is_some_and(|mi| self.mentions[mi].kind == EntityKind::Place);
        let newsroom = label.len() == 1 && NEWSROOM_LABELS.contains(&self.word(label.start));
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

    fn colon_after_verb(&self, si: usize, i: usize, range: &Range<usize>) -> Option<Statement> {
        let v = i.checked_sub(1).filter(|&v| v > range.start)?;
        let t = &self.toks[v];
        let verbish = t.is_word() && !t.cap && (t.lower.ends_with("ed") || t.lower.ends_with('s'));
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
        Some(self.statement(si, cue, Some(self.span(src.start, src.end)), content, None))
    }

    fn colon_after_name(&self, si: usize, i: usize, range: &Range<usize>) -> Option<Statement> {
        let mi = self.mention_of.get(i.checked_sub(1)?).copied().flatten()?;
        let m = &self.mentions[mi];
        let r = self.token_range(m.span);
        let heading = m.kind == EntityKind::Person && r.start <= range.start + 1;
        let quoted = m.kind != EntityKind::Place && self.quote_opening_at(i + 1).is_some();
        if r.end != i || !(heading || quoted) {
            return None;
        }
        let content = self.clause_from(i + 1, range.end, CueClass::Clause)?;
        let cue = Cue::word(i);
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
        let (after, cue) = self.skip_after_cue(cue, range.end);
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
            // `“A?” X said. “B.”`: a quote that ended the sentence before goes on too.
            let quoted = parts
                .first()
                .is_some_and(|p| p.start < self.toks[range.start].span.start);
            parts.extend(self.resumed_clause(after, range).or_else(|| {
                quoted
                    .then(|| self.continuation_quote(after, range))
                    .flatten()
            }));
            content = Some(parts).filter(|p| !p.is_empty());
        }
        if content.is_none() && left_limit == range.start && range.start > 0 {
            // "“We will win!” Jane Doe said as she left": the quote's "!" ended the
            // sentence before the source.
            let q = self.quote_closing_at(range.start - 1);
            let same_para = !self.toks[range.start].para_before;
            content = q
                .filter(|q| same_para && q.close > q.open + 1 && source.is_some())
                .map(|q| {
                    let mut parts = vec![self.span(q.open, q.close + 1)];
                    parts.extend(self.continuation_quote(after, range));
                    parts
                });
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
        // An empty fragment (a cue at the very end of a sentence) says nothing.
        let content: Vec<Span> = content.into_iter().filter(|c| !c.is_empty()).collect();
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
            anaphor: None,
        }
    }

    /// Direct when most of the content's words lie inside quotation marks.
    pub(super) fn kind_of(&self, content: &[Span]) -> StatementKind {
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
    pub(super) fn continuation_quote(&self, after: usize, range: &Range<usize>) -> Option<Span> {
        let n = range.end;
        // A short quoted title in the tail ("on CNN’s “State of the Union”") is no new quote.
        let tail_short = n.saturating_sub(after) <= 45
            && (after..n).all(|k| {
                !self.is_quote(k)
                    || self
                        .in_quote
                        .get(k)
                        .copied()
                        .flatten()
                        .is_some_and(|qi| self.quotes[qi].close <= self.quotes[qi].open + 6)
            });
        let t = self.toks.get(n)?;
        if !tail_short {
            return None;
        }
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
    pub(super) fn unattributed_quote(&self, i: usize) -> Option<Quote> {
        let q = self.quote_opening_at(i)?;
        // A quote inside the quote may close just before it: `… reminds me of me.’”`.
        let mut last = q.close - 1;
        if last > q.open + 1 && matches!(self.word(last), "'" | "’") {
            last -= 1;
        }
        let ends_sentence = q.close > q.open + 1
            && matches!(self.word(last), "." | "?" | "!")
            && self.is_quote(q.close);
        let attributed_again = self
            .toks
            .get(q.close + 1)
            .is_some_and(|t| t.is_word() && !t.cap);
        (ends_sentence && !attributed_again).then_some(q)
    }

    /// A quote that resumes the content after the source and cue: `, “…”`.
    pub(super) fn resumed_quote(&self, after: usize, range: &Range<usize>) -> Option<Span> {
        let after = self.past_place(after, range.end);
        // "“A,” he said of Trump, “B.”": a short adjunct of plain words before the comma.
        let after = (after..range.end.min(after + 7))
            .find(|&k| !self.toks[k].is_word() || self.in_quote[k].is_some())
            .filter(|&k| self.is_punct(k, ","))
            .unwrap_or(after);
        if !(self.is_punct(after, ",") || self.is_punct(after, ":")) || after + 1 >= range.end {
            return None;
        }
        let q = self.quote_opening_at(after + 1)?;
        Some(self.span(q.open, q.close + 1))
    }

    /// Past the rest of a place adjunct the cue's skip stopped inside: "said during a rally
    /// in Kenansville, N.C., “…”" resumes at the comma after "N.C.".
    fn past_place(&self, after: usize, end: usize) -> usize {
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

    /// Whether the token may be a capitalised word that is not a name, for callers.
    pub fn is_tell(&self, i: usize) -> bool {
        TELL.contains(&self.word(i))
    }
}
