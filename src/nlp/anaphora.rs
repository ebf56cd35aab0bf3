//! Content that does not stand alone. "The Kremlin echoed this sentiment" says nothing until
//! "this sentiment" is read as what was said before it ("… where it was stated that an
//! in-person meeting was unnecessary"). Owns deciding whether a statement's content is
//! such an anaphor and linking it to the statement it stands for; the link is kept on the
//! statement ([`Statement::anaphor`]) and the content spans are never changed (they are
//! what extraction is scored on, and what the article wrote).
//!
//! Runs after extraction, coreference and dating, since it compares resolved speakers and
//! looks past time expressions. Calls the lexicon (`anaphora.txt`, the cue lemmas and
//! classes) and reads the article's tokens; nothing else.
//!
//! - An anaphor is a whole content that is a determiner, at most two modifiers and a noun
//!   naming something said ("this sentiment", "the same view", "those remarks"), or one of
//!   the lexicon's pronoun phrases ("this", "it", "the same", "as much") after a cue that
//!   takes a clause ("denied it") or a statement ("echoed this"): after other noun-phrase
//!   cues a pronoun is as often a thing ("will probably reject it": the offer). A time
//!   expression may follow ("repeated the claim on Monday"); anything else after the noun
//!   makes the content say something itself ("the claim that taxes rose").
//! - Its antecedent is the nearest statement that ends before it begins, at most
//!   [`MAX_SENTENCES_BACK`] sentences back; a statement that is itself an anaphor lends its
//!   own antecedent, and one left unresolved is passed over. After a cue that answers
//!   someone else ("echoed", "rejected", "denied": the lexicon's replies), a statement by
//!   another speaker is preferred to the speaker's own.
//! - When another statement's content runs on over the anaphor's beginning ("AMR has said
//!   it is not interested … and Crandall reiterated that position"), extraction has run the
//!   anaphor's clause together with what it points back to, which cannot be told apart
//!   there; nothing further back is taken instead, and the anaphor stays unresolved.
//! - No antecedent found: the anaphor stays, unresolved; answers rank it below statements
//!   that say something.

use std::cmp::Reverse;

use super::lexicon::{lexicon, AnaphoraWords, CueClass, Lexicon};
use super::tokens::{Token, TokenKind};
use super::{Anaphor, Antecedent, Span, Statement, StatementKind, TimeMention};

/// How far back an antecedent may be, in sentences. News writes a reaction right after
/// what it reacts to: in the same sentence ("…, and Lavrov echoed this sentiment"), the
/// next ("… it was stated that X. The Kremlin echoed this sentiment"), or with one sentence
/// between. Further back, the nearest statement is as likely about something else; an
/// anaphor left unresolved only ranks lower, while a wrong link puts words in a speaker's
/// mouth.
pub const MAX_SENTENCES_BACK: usize = 2;

/// An anaphor has a determiner, two modifiers, a noun and a time expression at most; a
/// longer content is not looked at further.
const MAX_TOKENS: usize = 12;

/// Mark the statements whose content points back, and link each to its antecedent.
pub fn resolve(toks: &[Token], times: &[TimeMention], statements: &mut [Statement]) {
    let lex = lexicon();
    // In order of where each statement begins: an antecedent ends before its anaphor
    // begins, so it is resolved first, and a chain ("A said X. B echoed this sentiment. C
    // repeated the same view.") leads back to X.
    let mut order: Vec<usize> = (0..statements.len()).collect();
    order.sort_by_key(|&i| clause_start(&statements[i]));
    for i in order {
        if !is_anaphor(lex, toks, times, &statements[i]) {
            continue;
        }
        let antecedent = antecedent(lex, toks, statements, i);
        statements[i].anaphor = Some(Anaphor { antecedent });
    }
}

/// Where a statement begins: its source, cue or content, whichever comes first.
fn clause_start(st: &Statement) -> usize {
    [st.source, st.cue, st.content.first().copied()]
        .into_iter()
        .flatten()
        .map(|s| s.start)
        .min()
        .unwrap_or(0)
}

/// What kind of phrase only points back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Pointer {
    /// "this", "it", "the same".
    Pronoun,
    /// "this sentiment", "the same view".
    NounPhrase,
}

/// Whether the content only points back: a pronoun phrase after a cue that takes a
/// statement, or determiner + modifiers + statement noun; a time expression may follow.
fn is_anaphor(lex: &Lexicon, toks: &[Token], times: &[TimeMention], st: &Statement) -> bool {
    let words = &lex.anaphora;
    let [content] = st.content.as_slice() else {
        return false;
    };
    if st.kind == StatementKind::Direct {
        return false;
    }
    let from = toks.partition_point(|t| t.span.start < content.start);
    let to = toks.partition_point(|t| t.span.start < content.end);
    if to - from > MAX_TOKENS {
        return false;
    }
    // A time expression at the end says when, not what: "repeated the claim on Monday".
    let end = times
        .iter()
        .filter(|t| t.span.end == content.end && t.span.start > content.start)
        .map(|t| t.span.start)
        .min()
        .unwrap_or(content.end);
    let to = toks.partition_point(|t| t.span.start < end);
    let mut phrase: Vec<&str> = Vec::with_capacity(to - from + 1);
    // The extractor reads a "that" after the cue as a complementiser and leaves it out of
    // the content: "disputed that account" has the content "account".
    let before = from.checked_sub(1).and_then(|k| toks.get(k));
    if let (Some(det), Some(cue)) = (before, st.cue) {
        if det.span.start >= cue.end && words.determiners.contains(det.lower()) {
            phrase.push(det.lower());
        }
    }
    for t in &toks[from..to] {
        if t.kind != TokenKind::Word {
            return false;
        }
        phrase.push(t.lower());
    }
    match pointer(&phrase, words) {
        Some(Pointer::NounPhrase) => true,
        Some(Pointer::Pronoun) => takes_statement_pronoun(lex, toks, st),
        None => false,
    }
}

/// Whether lowercase words make a phrase that only points back, and which kind.
fn pointer(phrase: &[&str], words: &AnaphoraWords) -> Option<Pointer> {
    if words.pronouns.contains(&phrase.join(" ")) {
        return Some(Pointer::Pronoun);
    }
    let [det, modifiers @ .., noun] = phrase else {
        return None;
    };
    let noun_phrase = words.determiners.contains(*det)
        && words.nouns.contains(*noun)
        && modifiers.len() <= 2
        && modifiers.iter().all(|m| words.modifiers.contains(*m));
    noun_phrase.then_some(Pointer::NounPhrase)
}

/// Whether a bare pronoun after this statement's cue is something said: the cue takes a
/// clause ("denied it", "said so"), or is a noun-phrase cue that takes a statement ("echoed
/// this", "disputed it").
fn takes_statement_pronoun(lex: &Lexicon, toks: &[Token], st: &Statement) -> bool {
    match cue_class(lex, toks, st) {
        Some(CueClass::Clause | CueClass::That) => true,
        Some(CueClass::Object | CueClass::ObjectAs | CueClass::As) => cue_lemma(lex, toks, st)
            .and_then(|l| l.split_whitespace().next())
            .is_some_and(|l| lex.anaphora.statement_objects.contains(l)),
        // A cue the lexicon does not class ("opposition to it") says nothing of its object.
        None => false,
    }
}

/// The antecedent of the anaphor `statements[i]`, if one fits (see the module doc).
fn antecedent(
    lex: &Lexicon,
    toks: &[Token],
    statements: &[Statement],
    i: usize,
) -> Option<Antecedent> {
    let st = &statements[i];
    let start = clause_start(st);
    // Another content runs on over the anaphor's beginning (see the module doc).
    let run_over = statements.iter().enumerate().any(|(j, c)| {
        let hull = c.content_hull();
        j != i && !c.content.is_empty() && hull.start < start && start < hull.end
    });
    if run_over {
        return None;
    }
    let mut candidates: Vec<&Statement> = statements
        .iter()
        .enumerate()
        .filter(|&(j, c)| {
            j != i
                && !c.content.is_empty()
                && !c.is_unresolved_anaphor()
                && c.content_hull().end <= start
                && c.sentence <= st.sentence
                && st.sentence - c.sentence <= MAX_SENTENCES_BACK
        })
        .map(|(_, c)| c)
        .collect();
    // Nearest first: the content that ends last. Of contents that end together (one
    // statement nested at the end of another's), the innermost reported clause ("he said …
    // bankers who insisted X": X), never a noun phrase nested in a clause ("said they would
    // vote for Clinton": not "Clinton").
    candidates.sort_by_key(|c| {
        let hull = c.content_hull();
        Reverse((hull.end, reads_as_clause(lex, toks, c), hull.start))
    });
    let replies = cue_lemma(lex, toks, st)
        .and_then(|l| l.split_whitespace().next())
        .is_some_and(|l| lex.anaphora.replies.contains(l));
    let someone_else = |c: &Statement| match (&st.speaker, &c.speaker) {
        (Some(me), Some(them)) => me.name != them.name,
        _ => true,
    };
    let chosen = if replies {
        candidates
            .iter()
            .find(|c| someone_else(c))
            .or(candidates.first())
    } else {
        candidates.first()
    }?;
    if let Some(ante) = chosen.anaphor.as_ref().and_then(|a| a.antecedent.clone()) {
        return Some(ante);
    }
    Some(Antecedent {
        content: chosen.content.clone(),
        clause: reads_as_clause(lex, toks, chosen),
    })
}

/// The lowercase words of the tokens in `span`.
fn words_in<'a>(toks: &[Token<'a>], span: Span) -> Vec<&'a str> {
    let from = toks.partition_point(|t| t.span.start < span.start);
    let to = toks.partition_point(|t| t.span.start < span.end);
    toks[from..to].iter().map(|t| t.lower()).collect()
}

/// The lemma of the statement's cue verb ("echoed" → "echo", "was stated" → "state").
fn cue_lemma<'a>(lex: &'a Lexicon, toks: &[Token], st: &Statement) -> Option<&'a str> {
    let words = words_in(toks, st.cue?);
    (0..words.len()).find_map(|k| lex.verb_at(&words[k..]).map(|v| v.lemma))
}

/// The class of the statement's cue: what it takes after it.
fn cue_class(lex: &Lexicon, toks: &[Token], st: &Statement) -> Option<CueClass> {
    let words = words_in(toks, st.cue?);
    (0..words.len()).find_map(|k| lex.cue_at(&words[k..]).map(|(_, c)| c))
}

/// Whether a statement's content is a reported clause, which reads after "that" in place
/// of a noun phrase: not a quote, and not the noun phrase a cue like "called for" takes.
fn reads_as_clause(lex: &Lexicon, toks: &[Token], st: &Statement) -> bool {
    st.kind != StatementKind::Direct && cue_class(lex, toks, st) != Some(CueClass::Object)
}

#[cfg(test)]
mod tests;
