//! The attribution shapes, tried at each token of a sentence: the tables [`SHAPES`] and
//! [`VERB_SHAPES`] and their dispatch, the context they read ([`Ctx`]) and how a statement
//! is built once its source and cue are found. The shapes themselves live by kind: `lead`
//! (started by a word or mark, not a verb), `verb` (around a verb cue), `subject` (finding
//! the source), `resumed` (content going on past its attribution).

use std::ops::Range;

mod lead;
mod resumed;
mod subject;
mod verb;

use super::quotes::{quote_of_token, Quote};
use super::words::*;
use crate::nlp::lexicon::{lexicon, CueClass};
use crate::nlp::tokens::{Token, TokenKind};
use crate::nlp::{EntityKind, Mention, Span, Statement, StatementKind};

/// Pronouns that can be a source where they stand.
const SUBJECT_PRONOUNS: &[&str] = &["he", "she", "they", "we", "i", "you", "it", "who", "which"];

/// A day named before or after a cue: "Hillary Clinton on Tuesday said", "said today".
fn is_day(w: &str) -> bool {
    WEEK.contains(&w) || matches!(w, "today" | "yesterday")
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
/// as a verb cue. Each but the last applies only at a word of `lead_shape_words`.
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
        applies: |c, i, r| {
            i > r.start && c.word(i) == "in" && matches!(c.word(i + 1), "a" | "an" | "the")
        },
        read: |c, si, i, r| named("in a poll", c.in_poll_trailing(si, i, r)),
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
        applies: |c, i, _| c.word(i) == "as",
        read: |c, si, i, r| named("as X said", c.as_source_says(si, i, r)),
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
            ) && (lexicon().noun_cues.contains_key(c.word(i)) || BACKING_NOUNS.contains(&c.word(i)))
        },
        // "won the endorsement of …"; "his claim that …"; else the noun is a verb ("she
        // claims that …").
        read: |c, si, i, r| {
            named("backing received", c.backing_received(si, i, r))
                .or_else(|| named("noun cue", c.noun_cue(si, i, r)))
                .or_else(|| c.cue_at(i, r).and_then(|cue| c.verb_cue(si, cue, r)))
        },
    },
    Shape {
        applies: |c, i, _| {
            matches!(
                c.word(i),
                "reportedly" | "allegedly" | "supposedly" | "purportedly"
            )
        },
        read: |c, si, i, r| named("reportedly", c.reportedly(si, i, r)),
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
        name: "participle after its noun",
        read: |c, at| Reading::when_read(c.noun_participle(at.si, at.cue, at.range)),
    },
    VerbShape {
        name: "infinitive",
        read: |c, at| Reading::when_read(c.infinitive(at.si, at.cue, at.range)),
    },
    VerbShape {
        name: "long subject",
        read: |c, at| Reading::Read(c.long_subject(at.si, at.cue, at.range)),
    },
];

/// What the shapes need about one article.
pub(crate) struct Ctx<'a> {
    pub toks: &'a [Token<'a>],
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
    pub fn new(toks: &'a [Token<'a>], quotes: &'a [Quote], mentions: &'a [Mention]) -> Self {
        // Collected in one pass (not a zeroed vector set again).
        let mut mi = 0;
        let mention_of = toks
            .iter()
            .map(|t| {
                while mi < mentions.len() && mentions[mi].span.end <= t.span.start {
                    mi += 1;
                }
                mentions
                    .get(mi)
                    .filter(|m| m.span.contains(t.span))
                    .map(|_| mi)
            })
            .collect();
        Ctx {
            toks,
            quotes,
            in_quote: quote_of_token(toks.len(), quotes),
            mention_of,
            mentions,
        }
    }

    pub fn word(&self, i: usize) -> &str {
        self.toks.get(i).map_or("", |t| t.lower())
    }

    /// Whether token `i` is in one of the word lists of `bits` (none past the end, as
    /// [`Ctx::word`] is then no word).
    pub fn in_lists(&self, i: usize, bits: u32) -> bool {
        self.toks.get(i).is_some_and(|t| t.in_lists(bits))
    }

    /// Whether a cue can start at token `i` (none past the end).
    pub fn may_start_cue(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(Token::may_start_cue)
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
            .is_some_and(|t| t.kind == TokenKind::Punct && t.lower() == p)
    }

    pub fn is_quote(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(Token::is_quote)
    }

    /// Whether token `i` is a plain word of the narration: a word, outside quotes, no
    /// auxiliary or form of "be" (which would make the words around it a clause).
    pub fn is_plain_word(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| {
            t.is_word() && self.in_quote[i].is_none() && !t.in_lists(AUX_WORD | BE_WORD)
        })
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
    pub(in crate::nlp::attribution) fn cue_at(
        &self,
        i: usize,
        range: &Range<usize>,
    ) -> Option<Cue> {
        // A bit of the token first: most tokens start no cue.
        if !self.may_start_cue(i) {
            return self.quote_tag_cue(i);
        }
        let lex = lexicon();
        let end = range.end;
        let capitalised =
            self.toks[i].cap && i > 0 && !self.toks[i].all_caps && !self.is_sentence_start(i);
        if capitalised && !self.is_title_case(range) {
            return None;
        }
        let mut words = [""; 6];
        let n = end.min(i + 6).saturating_sub(i);
        for (k, w) in words[..n].iter_mut().enumerate() {
            *w = self.word(i + k);
        }
        let found = lex.cue_at(&words[..n]).or_else(|| {
            // "Critics call it a tax on the poor": a bare form the lexicon leaves out as a
            // noun is the verb before an object pronoun.
            (BARE_OBJECT_VERBS.contains(&words[0])
                && OBJECT_PRONOUNS.contains(&self.word(i + 1))
                && i + 2 < end)
                .then_some((1, CueClass::Object))
        });
        let Some(found) = found else {
            return self.light_verb_cue(i, end);
        };
        let (n, class) = match found {
            (n, CueClass::As) if self.as_after(i + n, end).is_none() => {
                if self.names_with_quote(i, n, end) {
                    (n, CueClass::Object)
                } else {
                    return None;
                }
            }
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

    /// "“…,” the letter states.", "“…,” he continues": a verb the lexicon leaves out (a
    /// noun too, or no speech act on its own: "the states", "the war continues") is the
    /// cue of a tag after a closing quote, its subject a few plain words; "continues" also
    /// before the quote it opens ("The letter continues: “…”"). See [`QUOTE_TAG_VERBS`].
    #[inline(always)]
    fn quote_tag_cue(&self, i: usize) -> Option<Cue> {
        // Asked of most tokens: the token's bit here, the rule out of line.
        if self
            .toks
            .get(i)
            .is_some_and(|t| t.lists & QUOTE_TAG_WORD != 0)
        {
            self.quote_tag_verb_cue(i)
        } else {
            None
        }
    }

    #[inline(never)]
    fn quote_tag_verb_cue(&self, i: usize) -> Option<Cue> {
        let opens = QUOTE_OPENING_VERBS.contains(&self.word(i));
        // Not a name's or an office's "State" ("Iowa State", "secretary of state Kerry").
        let noun = self.toks.get(i).is_none_or(|t| t.cap)
            || self.word(i.wrapping_sub(1)) == "of"
            || self.toks.get(i + 1).is_some_and(|t| t.cap && t.is_word());
        if noun || self.in_quote.get(i).copied().flatten().is_some() {
            return None;
        }
        let cue = Cue {
            from: i,
            to: i + 1,
            class: CueClass::Clause,
        };
        if opens {
            let q = if matches!(self.word(i + 1), "," | ":") {
                i + 2
            } else {
                i + 1
            };
            if self.quote_opening_at(q).is_some() {
                return Some(cue);
            }
        }
        let start = i.saturating_sub(7);
        let k = (start..i).rev().find(|&k| !self.is_plain_word(k))?;
        let tagged = k + 1 < i
            && self.quote_closing_at(k).is_some()
            && matches!(self.word(k.wrapping_sub(1)), "," | "?" | "!");
        tagged.then_some(cue)
    }

    /// "made several statements on the matter", "made no mention of Bush", "made the case
    /// that …": a light verb ([`LIGHT_VERBS`]), up to three plain words, then a noun of
    /// things said ([`SPOKEN_NOUNS`]) and a preposition that takes what it is about (the
    /// cue runs to it, and its object is the content) or "that" (the cue ends at the noun).
    fn light_verb_cue(&self, i: usize, end: usize) -> Option<Cue> {
        if !LIGHT_VERBS.contains(&self.word(i)) {
            return None;
        }
        let noun = (i + 1..end.min(i + 5))
            .take_while(|&k| {
                let t = &self.toks[k];
                t.is_word()
                    && self.in_quote[k].is_none()
                    && !t.in_lists(AUX_WORD | BE_WORD)
                    && !OBJECT_PREPOSITIONS.contains(&t.lower())
                    && t.lower() != "that"
            })
            .find(|&k| SPOKEN_NOUNS.contains(&self.word(k)))?;
        let next = self.word(noun + 1);
        if next == "that" && noun + 2 < end {
            Some(Cue {
                from: i,
                to: noun + 1,
                class: CueClass::That,
            })
        } else if SPOKEN_NOUN_PREPOSITIONS.contains(&next) && noun + 2 < end {
            Some(Cue {
                from: i,
                to: noun + 2,
                class: CueClass::Object,
            })
        } else {
            None
        }
    }

    /// "is labeling Obama’s actions “a blatant abuse of power”", "naming him the “angry
    /// populist enforcer”": a verb of naming ([`NAMING_LEMMAS`]) gives its object a name in
    /// quotes without "as": a few plain words, then the quote.
    fn names_with_quote(&self, i: usize, n: usize, end: usize) -> bool {
        let naming = n == 1
            && lexicon()
                .verb_lemma(self.word(i))
                .is_some_and(|l| NAMING_LEMMAS.contains(&l));
        if !naming {
            return false;
        }
        let from = i + 1;
        (from + 1..end.min(from + 6))
            .find(|&k| !self.is_plain_word(k))
            .is_some_and(|k| self.quote_opening_at(k).is_some())
            && self.is_plain_word(from)
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
        // A headline leaves its short function words in lowercase ("Pence Calls for a
        // Special Prosecutor after Report Reveals …"): they do not count.
        let words: Vec<&Token> = self.toks[range.clone()]
            .iter()
            .filter(|t| t.kind == TokenKind::Word)
            .filter(|t| !HEADLINE_SMALL_WORDS.contains(&t.lower()))
            .collect();
        let caps = words.iter().filter(|t| t.cap).count();
        words.len() >= 4 && caps * 10 >= words.len() * 8
    }

    /// Whether quote `q` is a title of a few words in title case (`“This Week With George
    /// Stephanopoulos.”`, `“Face the Nation”`): each word capitalised or a headline's small
    /// word, the first capitalised, perhaps a closing stop.
    pub(in crate::nlp::attribution) fn is_title_quote(&self, q: Quote) -> bool {
        let inner = q.open + 1..q.close;
        if inner.is_empty() || inner.len() > 9 || !self.toks[q.open + 1].cap {
            return false;
        }
        inner.clone().all(|k| {
            let t = &self.toks[k];
            match t.kind {
                TokenKind::Word => t.cap || HEADLINE_SMALL_WORDS.contains(&t.lower()),
                TokenKind::Number => true,
                _ => matches!(t.lower(), "." | "," | "!" | "?" | "'s" | "’s" | "&" | ":"),
            }
        })
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
            let st = match self.shape_index_at(i, &range) {
                // The verb cue's shape, most tokens', reads nothing where no cue starts
                // (`cue_at` asks the token's bit first): asked here, without the call.
                Some(k)
                    if k == SHAPES.len() - 1
                        && !self.may_start_cue(i)
                        && self.quote_tag_cue(i).is_none() =>
                {
                    None
                }
                Some(k) => (SHAPES[k].read)(self, si, i, &range),
                None => None,
            };
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

    /// The shape that decides at token `i`, as an index into [`SHAPES`]: the first that
    /// applies there. Nothing starts inside a quote.
    pub(super) fn shape_index_at(&self, i: usize, range: &Range<usize>) -> Option<usize> {
        if self.in_quote[i].is_some() {
            return None;
        }
        // Most words open none of the shapes before the verb cue's (see
        // `lead_shape_words`): skip trying each.
        if !self.toks[i].opens_lead_shape() {
            return Some(SHAPES.len() - 1);
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
            // "Pigs are considered unclean": a view held by no one named, as "seen as".
            _ if PASSIVE_VIEWS.contains(&self.word(cue.from))
                && cue.to == cue.from + 1
                && self.word(cue.to) != "by"
                && self.be_before(cue.from, range.start).is_some() =>
            {
                return named("seen as", self.seen_as(si, cue, range));
            }
            // "sees the deal as a betrayal": the content is the object and its description.
            CueClass::As => Cue {
                class: CueClass::Clause,
                ..cue
            },
            _ => cue,
        };
        // "said by telephone": a medium, not an agent.
        let by_medium = self.word(cue.to) == "by" && BY_MEDIA.contains(&self.word(cue.to + 1));
        if self.word(cue.to) == "by" && !by_medium {
            if let Some(st) = self.passive_with_agent(si, cue, range) {
                return Some(("passive with agent", st));
            }
            if let Some(st) = self.passive_by_agent(si, cue, range) {
                return Some(("passive by agent", st));
            }
        }
        // "is promising to cut taxes": a progressive with its infinitive speaks, unlike a
        // raising verb ("is said to be").
        let progressive = self.word(cue.from).ends_with("ing")
            && self
                .toks
                .get(cue.to + 1)
                .is_some_and(|t| !t.cap && !t.in_lists(DET_WORD) && !t.in_lists(FUNCTION_WORD));
        if (self.word(cue.to) == "by" && !by_medium)
            || (self.word(cue.to) == "to"
                && self.in_lists(cue.from.wrapping_sub(1), BE_WORD)
                && !progressive)
        {
            // "was backed by X", "is said to be": not the speaker's own statement here.
            return None;
        }
        let infinitive = self.word(cue.to) == "to"
            && self
                .toks
                .get(cue.to + 1)
                .is_some_and(|t| !t.cap && !t.in_lists(DET_WORD) && !t.in_lists(FUNCTION_WORD));
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
        // "The deal is worrying, Smith said", "the talks were promising.": an "-ing" cue
        // after a form of "be" that ends its clause is an adjective, not a speech act.
        // A quote after the comma, or before the subject, is what it is saying ("she was
        // thinking, “…”").
        let adjective = || {
            let clause_ends = at.cue.to >= at.range.end
                || matches!(self.word(at.cue.to), "," | "." | ";" | "!" | "?");
            let quoted = || {
                self.is_quote(at.cue.to + 1)
                    || (at.range.start..src.start).any(|k| self.quote_closing_at(k).is_some())
            };
            clause_ends && !quoted()
        };
        if ing && aux_be && !with_abs && adjective() {
            return Reading::Read(None);
        }
        // A participle's subject after its clause ("Having announced that …, Judge Berman
        // proceeded"): what was said ends at the comma before it.
        let (range, left_limit) = if src.start > at.cue.from {
            (at.range.start..src.start - 1, at.cue.from)
        } else {
            (at.range.clone(), src.start)
        };
        Reading::Read(self.build(
            at.si,
            at.cue,
            Some(self.span(src.start, src.end)),
            &range,
            left_limit,
        ))
    }

    /// "a group backing Bush", "a new poll showing Trump ahead", "Democrats hoping to
    /// win": a participle right after its noun phrase, no comma between, is what the noun
    /// phrase says or does, wherever the noun phrase stands. The noun phrase is a name,
    /// opens with a determiner or ends in a plural ("instead claiming" is not); what
    /// follows opens a noun phrase, an infinitive or a clause ("a poor showing in the
    /// debate", "seeking refuge" are not read).
    pub(super) fn noun_participle(
        &self,
        si: usize,
        cue: Cue,
        range: &Range<usize>,
    ) -> Option<Statement> {
        if !self.word(cue.from).ends_with("ing") || cue.from <= range.start {
            return None;
        }
        let head = cue.from - 1;
        let hw = self.word(head);
        let t = &self.toks[head];
        if !t.is_word()
            || self.in_quote[head].is_some()
            || is_function(hw)
            || is_det(hw)
            || self.is_ly_adverb(head)
            || hw.ends_with("ing")
            || hw.ends_with("ed")
            || hw.contains(['\'', '’'])
        {
            return None;
        }
        let named = self.mention_of[head].filter(|&mi| self.mentions[mi].kind != EntityKind::Place);
        let from = match named {
            Some(mi) => self.token_range(self.mentions[mi].span).start,
            None => {
                let mut k = head;
                while k > range.start && head - k < 5 {
                    let w = self.word(k - 1);
                    if is_det(w) {
                        k -= 1;
                        break;
                    }
                    let plain = self.toks[k - 1].is_word()
                        && self.in_quote[k - 1].is_none()
                        && !is_function(w)
                        && !w.ends_with("ed")
                        && !self.toks[k - 1].may_start_cue();
                    if !plain {
                        break;
                    }
                    k -= 1;
                }
                k
            }
        };
        let plural =
            hw.len() > 3 && hw.ends_with('s') && !hw.ends_with("ss") && !hw.ends_with("'s");
        // "One pastor supporting Mr. Cruz": a number opens the noun phrase too.
        if from > head
            || !(named.is_some()
                || plural
                || self.in_lists(from, DET_WORD)
                || self.is_numberish(from))
        {
            return None;
        }
        let next = cue.to;
        let nw = self.word(next);
        // "a super PAC backing former Florida governor Jeb Bush": a name, with its role.
        let names_next = self
            .mention_of
            .get(next)
            .copied()
            .flatten()
            .is_some_and(|mi| {
                self.mentions[mi].kind != EntityKind::Place
                    && self.token_range(self.mentions[mi].span).start == next
            });
        let opens = names_next
            || self.toks.get(next).is_some_and(|n| {
                n.cap
                    || n.kind == TokenKind::Number
                    || self.quote_opening_at(next).is_some()
                    || is_det(nw)
                    || matches!(
                        nw,
                        "him"
                            | "her"
                            | "them"
                            | "us"
                            | "me"
                            | "it"
                            | "he"
                            | "she"
                            | "they"
                            | "we"
                            | "to"
                            | "that"
                            | "what"
                            | "how"
                            | "why"
                            | "whether"
                    )
            });
        if !opens {
            return None;
        }
        let mut st = self.build(si, cue, Some(self.span(from, cue.from)), range, from)?;
        if cue.class == CueClass::Object {
            self.end_at_main_verb(&mut st);
        }
        // "Despite polls showing her well behind, Clinton campaigned …": what the noun
        // phrase says ends at the comma that closes its phrase.
        if let Some(last) = st.content.last_mut() {
            let r = self.token_range(*last);
            if let Some(comma) =
                (r.start + 1..r.end).find(|&k| self.is_punct(k, ",") && self.in_quote[k].is_none())
            {
                *last = Span::new(last.start, self.toks[comma - 1].span.end);
            }
        }
        Some(st)
    }

    /// The noun-phrase content of a participle after its noun phrase ends where the
    /// sentence's own verb starts: "PACs backing Mr. Cruz began March with $20 million".
    fn end_at_main_verb(&self, st: &mut Statement) {
        let Some(last) = st.content.last_mut() else {
            return;
        };
        let r = self.token_range(*last);
        let verb = (r.start + 1..r.end).find(|&k| {
            let t = &self.toks[k];
            let w = t.lower();
            self.in_quote[k].is_none()
                && t.is_word()
                && !t.cap
                && ((is_aux(w) && BE.contains(&w) && w != "'s")
                    || matches!(
                        w,
                        "has" | "have" | "had" | "will" | "would" | "could" | "can"
                    )
                    // Irregular pasts and verbs of saying: "One pastor backing Mr. Cruz
                    // said …".
                    || matches!(
                        w,
                        "said" | "says" | "told" | "made" | "took" | "gave" | "won" | "spent"
                    )
                    || (w.ends_with("ed")
                        && !self.in_lists(k - 1, DET_WORD)
                        && !matches!(self.word(k + 1), "by" | "in" | "to")))
        });
        if let Some(k) = verb {
            *last = Span::new(last.start, self.toks[k - 1].span.end);
        }
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
        self.toks
            .get(i)
            .is_some_and(|t| t.kind == TokenKind::Number || NUMBER_WORDS.contains(&t.lower()))
    }

    fn is_trailing_end(&self, i: usize) -> bool {
        matches!(self.word(i), "." | "?" | "!" | ";") || self.is_quote(i)
    }

    pub(super) fn is_ly_adverb(&self, i: usize) -> bool {
        let w = self.word(i);
        w.len() > 4 && w.ends_with("ly") && !self.toks[i].cap && !NOT_LY_ADVERBS.contains(&w)
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
        (j > start && self.in_lists(j - 1, BE_WORD)).then(|| j - 1)
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
        // A "that" past a hearer or adjunct ("“…,” X told a crowd at Mary's that spilled
        // out …") opens a relative clause, not the content: the quote before stays it.
        let that_of_cue = has_that && after == cue.to + 1;
        // "On Tuesday’s episode of “The Steve Harvey Morning Show,” the nominee said she
        // wanted …": a clause of the cue's own after it is the content, not a quote before.
        // Not the object of a particle ("“…,” he said of the prospect of …").
        let after_particle = after > cue.to
            && matches!(
                self.word(after - 1),
                "of" | "about" | "for" | "on" | "against"
            );
        // Read only when a quote comes before (few cues have one).
        let own_clause = || {
            !self.is_tell(cue.from)
                && !after_particle
                && content
                    .as_ref()
                    .and_then(|c| c.first())
                    .is_some_and(|c| self.reads_as_clause(self.token_range(*c), cue.class))
        };
        // "“A,” he said, and then predicted: “B.”": a second verb of the subject, after
        // "and" or "but", leaves the quote before to the first verb's tag.
        let second_verb = (self.quote_opening_at(after).is_some()
            || (self.is_punct(after, ":") && self.quote_opening_at(after + 1).is_some()))
            && source.is_some_and(|s| {
                let src_end = self.token_range(s).end;
                src_end < cue.from
                    && (src_end..cue.from).any(|k| {
                        matches!(self.word(k), "and" | "but") && self.in_quote[k].is_none()
                    })
            });
        if let Some(left) = self
            .quote_before(left_limit, range)
            .filter(|_| !that_of_cue && !own_clause() && !second_verb)
        {
            let mut parts = vec![left];
            parts.extend(
                self.resumed_quote(after, range)
                    .or_else(|| self.continuation_quote(after, range)),
            );
            return Some(self.statement(si, Cue { to: cue_to, ..cue }, source, parts, None));
        }
        // `“Why not?” Trump told Reuters in May.`: a quoted sentence right before the
        // source, ended by its "?" or "!", is the content when no clause of the cue's own
        // follows ("of Apple", "Reuters in May" are adjuncts and hearers).
        if let Some(q) = self.tag_quote_before(left_limit, source, range) {
            // "Todd asked the real estate mogul": a hearer, not a clause.
            let clause_after = self.quote_opening_at(after).is_some()
                || content
                    .as_ref()
                    .and_then(|c| c.first())
                    .is_some_and(|c| self.reads_as_clause(self.token_range(*c), cue.class));
            if !has_that && !clause_after {
                let mut parts = vec![self.span(q.open, q.close + 1)];
                parts.extend(self.continuation_quote(after, range));
                return Some(self.statement(si, Cue { to: cue_to, ..cue }, source, parts, None));
            }
        }
        // "X said about the movement, “…”": the topic is an adjunct; the quote after it is
        // what was said.
        let topic = after_particle || matches!(self.word(cue.to.saturating_sub(1)), "about" | "of");
        if topic && matches!(self.word(cue.from), "said" | "says" | "say") {
            if let Some(q) = self.resumed_quote(cue.to, range) {
                let mut parts = vec![q];
                parts.extend(self.continuation_quote(self.token_range(q).end, range));
                return Some(self.statement(si, Cue { to: cue_to, ..cue }, source, parts, None));
            }
        }
        // "…, Politico reported in 2014.", "…, he told the court in his filing.": an adjunct
        // that ends the sentence after the cue is not what was said; the clause before is.
        let adjunct_tail = content.is_some()
            && cue.class != CueClass::Object
            && self.adjunct_ends_sentence(cue, after, range.end)
            && self.content_before(left_limit, range).is_some();
        if adjunct_tail {
            content = None;
        }
        // Content before the source only when the cue ends its clause: "…, X said."
        let cue_ends_clause = adjunct_tail
            || after >= range.end
            || self.toks[after].kind == TokenKind::Punct
            || self.quote_opening_at(after).is_some();
        if content.is_none() && cue.class != CueClass::Object && cue_ends_clause {
            // "…, X said." and "The plan, X said, is dead." (either half may be missing).
            let mut parts = self.content_before(left_limit, range).unwrap_or_default();
            // `“A?” X said. “B.”`, `“A” before the rally, she said. “B.”` and "Trump isn't
            // a conservative, he said. “He's a liberal!”": a quote opening the next sentence
            // of the paragraph goes on with what the tag attributes, quoted or not.
            let resumed = self
                .resumed_clause(after, range)
                .or_else(|| {
                    (!parts.is_empty())
                        .then(|| self.resumed_participle(after, range))
                        .flatten()
                })
                .or_else(|| self.continuation_quote(after, range));
            if parts.is_empty() {
                parts.extend(
                    self.subject_word_before(left_limit, range, resumed)
                        .into_iter()
                        .flatten(),
                );
            }
            parts.extend(resumed);
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
        let mut content = content?;
        self.quote_after_clause(cue, range, &mut content);
        self.end_at_epithet(cue, &mut content);
        self.end_relative_clause(cue, source, &mut content);
        self.end_subordinate_clause(cue, range, &mut content);
        Some(self.statement(si, Cue { to: cue_to, ..cue }, source, content, None))
    }

    /// "Sanders promised that he would stay in the race. “We are in till the last ballot
    /// is cast!”": a content after its cue that runs to the end of its sentence goes on
    /// with the unattributed quoted sentences that open the next one in its paragraph, as
    /// a trailing tag's does ([`Ctx::continuation_quote`]).
    fn quote_after_clause(&self, cue: Cue, range: &Range<usize>, content: &mut Vec<Span>) {
        let (Some(first), Some(last)) = (content.first(), content.last()) else {
            return;
        };
        if self.token_range(*first).start < cue.to {
            return;
        }
        // "“A,” X said, referring to …. “B.”": in a sentence with a tagged quote before the
        // cue (closed by ",", "?" or "!", or a comma after it), the quote after goes on with
        // the tag's content, not this one's. A quoted name or scare quotes ("The “Main
        // Street” plan failed, and the mayor said …") tag nothing. But a participle that
        // adds to what was said ("…, adding that …. “B.”") takes it: PolNeAR gives the
        // quote to the addition (5 times of 6 on train).
        let tagged_quote_closes_at = |k: usize| {
            self.quote_closing_at(k).is_some_and(|q| {
                q.close > q.open + 1
                    && (matches!(self.word(q.close - 1), "," | "?" | "!")
                        || self.is_punct(q.close + 1, ","))
            })
        };
        let adding = self.adds_on(cue.from, cue.from + 1);
        if !adding && (range.start..cue.from).any(tagged_quote_closes_at) {
            return;
        }
        let end = self.token_range(*last).end;
        let to_sentence_end = end <= range.end
            && (end..range.end)
                .all(|k| self.is_quote(k) || matches!(self.word(k), "." | "?" | "!"));
        if !to_sentence_end {
            return;
        }
        // In the same paragraph only: a quote that is a paragraph of its own is left to the
        // follow-on reading, which weighs who else spoke before it.
        let same_para = self.toks.get(range.end).is_some_and(|t| !t.para_before);
        if let Some(q) = self.quotes_after_sentence(range).filter(|_| same_para) {
            content.push(q);
        }
    }

    /// "called her “third-rate” and boycotted …", "called Palin a “clown” on his radio
    /// show": what a naming verb says ends with the quoted name, before an adjunct or a
    /// second verb after it.
    fn end_at_epithet(&self, cue: Cue, content: &mut [Span]) {
        let w = self.word(cue.from);
        let naming = ["call", "label", "dub", "brand"]
            .iter()
            .any(|v| w.starts_with(v))
            && !matches!(self.word(cue.to), "for" | "on" | "off" | "up");
        let Some(last) = content.last_mut().filter(|_| naming) else {
            return;
        };
        let r = self.token_range(*last);
        let Some(close) = r
            .clone()
            .rev()
            .find(|&k| self.quote_closing_at(k).is_some())
        else {
            return;
        };
        let next = self.word(close + 1);
        let adjunct = matches!(
            next,
            "on" | "in" | "at" | "during" | "when" | "while" | "after" | "before" | "and" | "but"
        );
        if close + 1 < r.end && adjunct {
            *last = Span::new(last.start, self.toks[close].span.end);
        }
    }

    /// The quoted sentence ending right before a source that opens the sentence
    /// (`“We will win!” Jane Doe said`), when it stands as a sentence of its own in the
    /// same paragraph: it opens the paragraph or follows a sentence's end.
    fn tag_quote_before(
        &self,
        left_limit: usize,
        source: Option<Span>,
        range: &Range<usize>,
    ) -> Option<Quote> {
        if source.is_none() || left_limit != range.start || range.start == 0 {
            return None;
        }
        if self.toks[range.start].para_before {
            return None;
        }
        let q = self.quote_closing_at(range.start - 1)?;
        let own_sentence = q.open == 0
            || self.toks[q.open].para_before
            || matches!(self.word(q.open - 1), "." | "?" | "!")
            || self.quote_closing_at(q.open - 1).is_some();
        (q.close > q.open + 1 && own_sentence).then_some(q)
    }

    /// Whether the tokens `r` read as what the cue takes: a question word's clause; for an
    /// object cue, a determiner's noun phrase; else a subject pronoun or a determiner's
    /// noun phrase, then a finite verb before any comma ("she wanted to speak", "his
    /// campaign was closing"; not "several months after her release, and …").
    fn reads_as_clause(&self, r: Range<usize>, class: CueClass) -> bool {
        let first = self.word(r.start);
        if matches!(first, "whether" | "if" | "how" | "what" | "why") {
            return true;
        }
        let opens = (SUBJECT_PRONOUNS.contains(&first) && !matches!(first, "who" | "which"))
            || matches!(
                first,
                "the" | "a" | "an" | "this" | "these" | "those" | "his" | "her" | "their" | "its"
            );
        if !opens || self.in_quote[r.start].is_some() {
            return false;
        }
        if class == CueClass::Object {
            // "expressed a desire to …": a noun phrase is what an object cue takes.
            return r.len() >= 2;
        }
        let end = r.end.min(r.start + 12);
        let comma = (r.start..end)
            .find(|&k| !self.toks[k].is_word() || self.in_quote[k].is_some())
            .unwrap_or(end);
        (r.start + 1..comma).any(|k| {
            let w = self.word(k);
            let t = &self.toks[k];
            !t.cap
                && (is_aux(w)
                    || BE.contains(&w)
                    || matches!(w, "will" | "would" | "could" | "can" | "should" | "must")
                    || (w.len() > 4 && w.ends_with("ed")))
        })
    }

    /// [`Ctx::statement`] with its source the tokens `source` and no setting.
    pub fn sourced(
        &self,
        si: usize,
        cue: Cue,
        source: Range<usize>,
        content: Vec<Span>,
    ) -> Statement {
        let source = self.span(source.start, source.end);
        self.statement(si, cue, Some(source), content, None)
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

    /// Whether the token may be a capitalised word that is not a name, for callers.
    pub fn is_tell(&self, i: usize) -> bool {
        TELL.contains(&self.word(i))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nlp::attribution::pair_quotes;
    use crate::nlp::tokens::sentence_ranges;

    /// Skipping the shapes before the verb cue's at words that open none of them decides
    /// as trying them all does, at every token of the samples and the extraction tables.
    #[test]
    fn the_lead_shapes_are_tried_only_where_they_can_apply() {
        let texts = [
            include_str!("../../../corpus/sample/seed-article.txt"),
            include_str!("../../../corpus/sample/wikinews.jsonl"),
            include_str!("../../../../tests/fixtures/extraction/follow_on.tsv"),
            include_str!("../../../../tests/fixtures/extraction/reported.tsv"),
            include_str!("../../../../tests/fixtures/extraction/direct.tsv"),
            include_str!("../../../../tests/fixtures/extraction/anaphora.tsv"),
            "To Smith, it was over. In a poll by Gallup, voters said no. Asked why, he \
             shrugged. According to police, it burned. As reported by AP, it fell. Trump: \
             “We win.” “It ends” — Jane Doe. Clinton is expected to win. His claim that it \
             was rigged. The club is reportedly spending.",
        ];
        let mut lead = 0;
        for text in texts {
            let mut lower = String::new();
            let (toks, sentences, mentions) = crate::nlp::read_for_tests(text, &mut lower);
            let quotes = pair_quotes(&toks);
            let ctx = Ctx::new(&toks, &quotes, &mentions);
            for range in sentence_ranges(&toks, &sentences) {
                for i in range.clone() {
                    let tried = (ctx.in_quote[i].is_none())
                        .then(|| SHAPES.iter().position(|s| (s.applies)(&ctx, i, &range)))
                        .flatten();
                    assert_eq!(ctx.shape_index_at(i, &range), tried, "{}", toks[i].lower());
                    lead += usize::from(tried.is_some_and(|k| k + 1 < SHAPES.len()));
                }
            }
        }
        assert!(lead >= 10, "{lead}");
    }
}
