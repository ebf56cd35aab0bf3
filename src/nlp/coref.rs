//! Coreference within one article: mentions merged into entities (fullest name, aliases,
//! roles in order), and each statement's source resolved to a speaker. Pronouns go to the
//! most recent compatible mention, role nouns ("the Ukrainian leader", "the president") to
//! the most recent person the article gave that role, surnames to the fullest name.

use std::cell::RefCell;

use rustc_hash::FxHashMap;

use super::lexicon::{lexicon, WordSet};
use super::mentions::is_role_only;
use super::names::speaker_key;
use super::{Entity, EntityKind, Mention, Span, Speaker, Statement, StatementKind};

/// The article's entities, in order of first mention.
pub fn entities(mentions: &[Mention]) -> Vec<Entity> {
    let mut out: Vec<Entity> = Vec::new();
    // Entity names are mention names: key each distinct name once, and let the entities'
    // keys borrow them (cloning every key of an entity at each merge cost more than
    // comparing them).
    let mut key_of: FxHashMap<&str, String> =
        FxHashMap::with_capacity_and_hasher(mentions.len(), Default::default());
    for m in mentions {
        key_of
            .entry(m.name.as_str())
            .or_insert_with(|| speaker_key(&m.name));
    }
    // Every name asked for is a mention's: the empty key (which finds nothing) is never
    // given.
    let key = |name: &str| key_of.get(name).map_or("", String::as_str);
    let mut keys: Vec<Vec<&str>> = Vec::new();
    for m in mentions.iter().filter(|m| !is_role_only(m)) {
        match find_entity(&out, &keys, key(&m.name), m.kind) {
            Some(ei) => {
                if merge(&mut out[ei], m) {
                    keys[ei] = entity_keys(&out[ei], key);
                }
            }
            None => {
                let e = Entity {
                    name: m.name.clone(),
                    kind: m.kind,
                    aliases: Vec::new(),
                    roles: m.role.iter().cloned().collect(),
                };
                keys.push(entity_keys(&e, key));
                out.push(e);
            }
        }
    }
    out
}

/// The entities of an article with their name keys computed once: keys are what every
/// lookup compares, and computing them per comparison dominated the analysis time.
/// The rules look the same mention names up again and again, so answers are remembered
/// too (the entities do not change while resolving).
struct Known<'a> {
    entities: &'a [Entity],
    keys: Vec<Vec<String>>,
    /// Per name, the answer for each [`EntityKind`] (by discriminant) once looked up.
    found: RefCell<FxHashMap<String, [Option<Option<usize>>; 4]>>,
}

impl<'a> Known<'a> {
    fn new(entities: &'a [Entity]) -> Self {
        Known {
            entities,
            keys: entities
                .iter()
                .map(|e| entity_keys(e, speaker_key))
                .collect(),
            found: RefCell::default(),
        }
    }

    fn find(&self, name: &str, kind: EntityKind) -> Option<usize> {
        let mut found = self.found.borrow_mut();
        if let Some(Some(hit)) = found.get(name).map(|k| k[kind as usize]) {
            return hit;
        }
        let hit = find_entity(self.entities, &self.keys, &speaker_key(name), kind);
        found.entry(name.to_string()).or_default()[kind as usize] = Some(hit);
        hit
    }
}

/// The keys of an entity's name (first) and of each alias, in order.
fn entity_keys<K>(e: &Entity, key: impl Fn(&str) -> K) -> Vec<K> {
    std::iter::once(&e.name)
        .chain(e.aliases.iter())
        .map(|n| key(n))
        .collect()
}

/// The entity a name (by its [`speaker_key`]) belongs to: the same key, or for people one
/// name's words contained in the other's ("Trump" in "Donald Trump"). `keys[i]` are the
/// [`entity_keys`] of `entities[i]`.
fn find_entity<K: AsRef<str>>(
    entities: &[Entity],
    keys: &[Vec<K>],
    key: &str,
    kind: EntityKind,
) -> Option<usize> {
    if key.is_empty() {
        return None;
    }
    let same = |i: usize| keys[i].iter().any(|k| k.as_ref() == key);
    if let Some(i) = (0..entities.len()).find(|&i| entities[i].kind == kind && same(i)) {
        return Some(i);
    }
    if kind != EntityKind::Person {
        return None;
    }
    // `contains_words` either way round asks first that the last words agree: the key's
    // is found once, and each entity's once for both.
    let key_last = last_word(key);
    (0..entities.len()).rev().find(|&i| {
        let ek = keys[i].first().map_or("", AsRef::as_ref);
        entities[i].kind == kind
            && last_word(ek) == key_last
            && (has_words(ek, key) || has_words(key, ek))
    })
}

/// Whether every word of the key `small` is in the key `big`, the last words agreeing (a
/// surname): what [`find_entity`] asks of a person's key and an entity's, either way round,
/// in its two parts ([`last_word`], [`has_words`]).
#[cfg(test)]
fn contains_words(big: &str, small: &str) -> bool {
    last_word(small) == last_word(big) && has_words(big, small)
}

/// Whether every word of the key `small` is in the key `big`. Keys are words joined by one
/// space; this runs for every mention and entity, so it compares in place rather than
/// collecting the words.
fn has_words(big: &str, small: &str) -> bool {
    small.split(' ').all(|w| big.split(' ').any(|b| b == w))
}

/// What follows a key's last space (the whole key when it has none): found by a scan of
/// bytes, as most pairs of keys differ there and `rsplit` set up a searcher for each.
fn last_word(key: &str) -> &str {
    let from = key.bytes().rposition(|b| b == b' ').map_or(0, |p| p + 1);
    // Just past an ASCII space: a char boundary.
    key.get(from..).unwrap_or(key)
}

/// Merges a mention into its entity; whether the entity's name or aliases changed (most
/// mentions repeat a name the entity has, and its keys then stay as they are).
fn merge(e: &mut Entity, m: &Mention) -> bool {
    let renamed = if m.name.split_whitespace().count() > e.name.split_whitespace().count() {
        let old = std::mem::replace(&mut e.name, m.name.clone());
        push_unique(&mut e.aliases, &old);
        true
    } else {
        m.name != e.name && push_unique(&mut e.aliases, &m.name)
    };
    if let Some(r) = &m.role {
        push_unique(&mut e.roles, r);
    }
    renamed
}

/// Adds `s` unless `v` holds it already (copied only then); whether it was added.
fn push_unique(v: &mut Vec<String>, s: &str) -> bool {
    let new = !v.iter().any(|w| w == s);
    if new {
        v.push(s.to_string());
    }
    new
}

/// Fills each statement's speaker from its source span.
pub fn resolve_speakers(
    text: &str,
    sentences: &[Span],
    mentions: &[Mention],
    entities: &[Entity],
    statements: &mut [Statement],
) {
    let known = Known::new(entities);
    let mut genders: Option<Vec<Option<Gender>>> = None;
    // Organisations that spoke so far, for "the company said".
    let mut spoke: Vec<Speaker> = Vec::new();
    // The sentence where an organisation last spoke, for "it said".
    let mut org_spoke_in: Option<usize> = None;
    // The last source, when it was a person the article does not name, for "he added".
    let mut unnamed: Option<Unnamed> = None;
    let contents: Vec<Span> = statements
        .iter()
        .flat_map(|s| s.content.iter().copied())
        .collect();
    for st in statements.iter_mut() {
        if let Some(src) = st.source {
            let lower = src.text(text).trim().to_lowercase();
            let here = sentences.partition_point(|s| s.end <= src.start);
            let want = match lower.as_str() {
                "he" | "him" | "his" => Some(Gender::Male),
                "she" | "her" => Some(Gender::Female),
                _ => None,
            };
            st.speaker = if let Some(want) = want {
                let genders = genders.get_or_insert_with(|| entity_genders(text, mentions, &known));
                // A name inside a quote is not who said it ("“If Donald Trump is elected …,”
                // he said"), nor a possessive inside reported words ("Besides Baker's
                // public statements, trade tensions had caused the fall, he said"). A
                // subject inside reported words may be: "Ms. LaBelle got a roar when she
                // added …" when the content was read too wide.
                let (content, direct) = (&st.content, st.kind == StatementKind::Direct);
                let outside = |m: &Mention| {
                    let possessive = text
                        .get(m.span.end..)
                        .is_some_and(|t| t.starts_with("'s") || t.starts_with("’s"));
                    !((direct || possessive) && content.iter().any(|c| c.contains(m.span)))
                };
                let fits = |m: &Mention| {
                    outside(m)
                        && known
                            .find(&m.name, m.kind)
                            .is_some_and(|ei| genders[ei].is_none_or(|g| g == want))
                };
                // A subject known to fit, or a full name, beats a nearer single word of
                // unknown gender (often a misread name: "Vermont", "Politics").
                let known_fit = |m: &Mention| {
                    outside(m)
                        && known
                            .find(&m.name, m.kind)
                            .is_some_and(|ei| match genders[ei] {
                                Some(g) => g == want,
                                None => entities[ei].name.split_whitespace().count() >= 2,
                            })
                };
                let goes_on = unnamed.as_ref().filter(|u| {
                    u.fits(want) && here.saturating_sub(u.sentence) <= 2 && {
                        let between = Span::new(u.source.end, src.start);
                        let said = |m: &Mention| {
                            u.content
                                .iter()
                                .chain(&st.content)
                                .any(|c| c.contains(m.span))
                        };
                        !mentions.iter().any(|m| {
                            m.kind == EntityKind::Person
                                && !is_role_only(m)
                                && between.contains(m.span)
                                && !said(m)
                        })
                    }
                });
                // "The former first lady and U.S. senator said …" may be the woman just
                // named; "a spokesman", "one analyst" bring someone new in.
                let sure = |m: &Mention| {
                    outside(m)
                        && known
                            .find(&m.name, m.kind)
                            .is_some_and(|ei| genders[ei] == Some(want))
                };
                goes_on
                    .filter(|u| {
                        u.indefinite
                            || subject_before(src, sentences, mentions, &known, &sure).is_none()
                    })
                    .map(|u| u.speaker.clone())
                    .or_else(|| subject_before(src, sentences, mentions, &known, &known_fit))
                    .or_else(|| subject_before(src, sentences, mentions, &known, &fits))
                    .or_else(|| resolve(text, src, mentions, &known, &fits))
            } else if matches!(lower.as_str(), "it" | "its")
                && org_spoke_in.is_some_and(|si| here.saturating_sub(si) <= ORG_SPEAKS_ON)
            {
                spoke.last().cloned()
            } else if let Some(u) = unnamed.as_ref().filter(|u| u.named_again_by(&lower)) {
                // "A ministry official said … The official said …": the same unnamed
                // person, not the last one named with any role.
                Some(u.speaker.clone())
            } else {
                organisation_meant(&lower, src, &spoke, mentions, &known)
                    .or_else(|| resolve(text, src, mentions, &known, &|_| true))
            };
            // Not a source inside what someone else said.
            unnamed = st
                .speaker
                .as_ref()
                .and_then(|sp| Unnamed::of(sp, &known).map(|gender| (sp, gender)))
                .filter(|_| {
                    !contents.iter().any(|c| c.contains(src)) && !in_apposition(text, src, mentions)
                })
                .map(|(sp, gender)| Unnamed {
                    speaker: sp.clone(),
                    gender,
                    indefinite: Unnamed::brought_in(text, src, sp, unnamed.as_ref()),
                    source: src,
                    content: st.content.clone(),
                    sentence: here,
                });
            if let Some(sp) = st.speaker.as_ref().filter(|s| {
                s.kind == EntityKind::Organisation && known.find(&s.name, s.kind).is_some()
            }) {
                spoke.push(sp.clone());
                org_spoke_in = Some(here);
            }
        }
    }
}

/// A source naming one person by a role only ("one dealer", "a spokeswoman for the
/// ministry", "the official"), and where it spoke. News goes on with "he added" for such a
/// source: "“…,” one dealer said. “…,” he added." is the dealer, not the last person named
/// (often one the dealer spoke of, or a word misread as a name).
struct Unnamed {
    speaker: Speaker,
    gender: Option<Gender>,
    /// Brought in by "a", "an" or "one" rather than "the".
    indefinite: bool,
    source: Span,
    content: Vec<Span>,
    sentence: usize,
}

impl Unnamed {
    /// For a speaker that is one person by role, the gender its words show (`Some(None)`
    /// when they show none); `None` for anyone else.
    fn of(sp: &Speaker, known: &Known) -> Option<Option<Gender>> {
        let lex = lexicon();
        if !matches!(sp.kind, EntityKind::Person | EntityKind::Organisation) {
            return None;
        }
        let head = role_head(&sp.name)?;
        let role_word =
            |w: &str| lex.is_title(w) || gender_in(&lex.female_names, &lex.male_names, w).is_some();
        let by_role = role_word(head) && known.find(&sp.name, sp.kind).is_none();
        by_role.then(|| {
            sp.name
                .split_whitespace()
                .find_map(|w| gender_in(&lex.female_names, &lex.male_names, &w.to_lowercase()))
        })
    }

    /// Whether the source brings its person in ("a spokesman", "one analyst"), or goes on
    /// from one who was ("He said", "The spokesman said" after "a spokesman").
    fn brought_in(text: &str, src: Span, sp: &Speaker, before: Option<&Unnamed>) -> bool {
        let first = src.text(text).split_whitespace().next().unwrap_or("");
        is_indefinite_opener(first)
            || before.is_some_and(|u| {
                u.indefinite
                    && (u.speaker == *sp || role_head(&u.speaker.name) == role_head(&sp.name))
            })
    }

    /// Whether a definite role (`source`, lowercased: "the official") names this person
    /// again, when they were brought in by an indefinite one ("a senior ministry
    /// official"): every word of it is one of theirs ("the ministry official", not "the
    /// Billiton spokesman" after "a spokesman for Dutch State Mines").
    fn named_again_by(&self, source: &str) -> bool {
        let Some(role) = source.strip_prefix("the ") else {
            return false;
        };
        let theirs = self.speaker.name.to_lowercase();
        let head = role_head(role);
        self.indefinite
            && head.is_some_and(|h| role.ends_with(h))
            && head == role_head(&theirs)
            && role
                .split_whitespace()
                .all(|w| theirs.split_whitespace().any(|t| t == w))
    }

    fn fits(&self, want: Gender) -> bool {
        self.gender.is_none_or(|g| g == want)
    }
}

/// Whether the source is a role in apposition to the name before it: "Ortner, the bank's
/// senior economist, said" (but "… with Nigel Lawson, a Treasury spokesman said" brings a
/// new person in).
fn in_apposition(text: &str, src: Span, mentions: &[Mention]) -> bool {
    text.get(src.end..).is_some_and(|t| t.starts_with(','))
        && mentions.iter().any(|m| {
            m.kind == EntityKind::Person
                && !is_role_only(m)
                && m.span.end <= src.start
                && src.start - m.span.end <= 3
        })
}

/// The noun a role is named by, before any phrase that qualifies it: "spokeswoman" in
/// "ministry spokeswoman for trade". Only a word written in lowercase: a capitalised one
/// heads a name ("Trump", "Euroyen"), never a role.
fn role_head(name: &str) -> Option<&str> {
    let head = name
        .split(',')
        .next()?
        .split_whitespace()
        .take_while(|w| !matches!(*w, "for" | "of" | "at" | "with" | "from" | "in" | "to"))
        .last()?;
    head.bytes()
        .all(|b| !b.is_ascii_uppercase())
        .then_some(head)
}

/// How many sentences on "it said" still means the organisation that spoke last: "K mart
/// Corp said it agreed to sell the stores to McCrory Corp, a unit of Rapid American Corp.
/// It said …" is K mart, not the organisation named last.
const ORG_SPEAKS_ON: usize = 2;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Gender {
    Male,
    Female,
}

/// The gender a mention shows: its first name, a courtesy title ("Mrs."), or a role word
/// ("congresswoman"). A census first name counts only before a surname: "Clinton" alone is
/// a surname.
fn mention_gender(text: &str, m: &Mention) -> Option<Gender> {
    let lex = lexicon();
    let sure = |w: &str| gender_in(&lex.female_names, &lex.male_names, w);
    let mut words = m.name.split_whitespace();
    let first = words.next()?.to_lowercase();
    let before_surname = words.next().is_some();
    sure(&first)
        .or_else(|| {
            before_surname
                .then(|| gender_in(&lex.given_female, &lex.given_male, &first))
                .flatten()
        })
        .or_else(|| {
            m.span
                .text(text)
                .split_whitespace()
                .find_map(|w| sure(&w.to_lowercase()))
        })
}

/// The gender a word shows in one pair of name lists, the female list first.
fn gender_in(female: &WordSet, male: &WordSet, w: &str) -> Option<Gender> {
    if female.contains(w) {
        Some(Gender::Female)
    } else if male.contains(w) {
        Some(Gender::Male)
    } else {
        None
    }
}

/// Each entity's gender, from the first of its mentions that shows one.
fn entity_genders(text: &str, mentions: &[Mention], known: &Known) -> Vec<Option<Gender>> {
    let mut out = vec![None; known.entities.len()];
    for m in mentions.iter().filter(|m| m.kind == EntityKind::Person) {
        if let Some(ei) = known.find(&m.name, m.kind) {
            if out[ei].is_none() {
                out[ei] = mention_gender(text, m);
            }
        }
    }
    out
}

/// "He" is most often the subject of a recent sentence: the first named person of each of
/// the last three sentences (this one included, before the pronoun), latest first.
/// "Trump attacked Clinton. He said …" is Trump, not Clinton.
fn subject_before(
    src: Span,
    sentences: &[Span],
    mentions: &[Mention],
    known: &Known,
    fits: &dyn Fn(&Mention) -> bool,
) -> Option<Speaker> {
    let here = sentences.partition_point(|s| s.end <= src.start);
    let first = here.saturating_sub(2);
    (first..=here.min(sentences.len().saturating_sub(1)))
        .rev()
        .filter_map(|si| {
            let sent = sentences.get(si)?;
            mentions.iter().find(|m| {
                m.kind == EntityKind::Person
                    && !is_role_only(m)
                    && sent.contains(m.span)
                    && m.span.end <= src.start
                    && fits(m)
            })
        })
        .find_map(|m| {
            known
                .find(&m.name, m.kind)
                .map(|ei| speaker_of(&known.entities[ei], Some(m)))
        })
}

fn speaker_of(e: &Entity, m: Option<&Mention>) -> Speaker {
    Speaker {
        name: e.name.clone(),
        kind: e.kind,
        role: m
            .and_then(|m| m.role.clone())
            .or_else(|| e.roles.first().cloned()),
    }
}

/// The speaker a source span names.
/// Whether the mention at `m`, inside the source `src`, follows a preposition there
/// (articles skipped): "close to Clinton", "for the Trump campaign".
fn governed_by_preposition(text: &str, src: Span, m: Span) -> bool {
    let prev = text.get(src.start..m.start).and_then(word_before);
    prev.is_some_and(|w| {
        matches!(
            w.as_str(),
            "of" | "for" | "to" | "with" | "from" | "near" | "behind" | "under" | "at"
        )
    })
}

/// The last word of `before`, lowercased, articles skipped.
fn word_before(before: &str) -> Option<String> {
    before
        .split_whitespace()
        .rev()
        .map(str::to_lowercase)
        .find(|w| !matches!(w.as_str(), "the" | "a" | "an"))
}

fn resolve(
    text: &str,
    src: Span,
    mentions: &[Mention],
    known: &Known,
    fits: &dyn Fn(&Mention) -> bool,
) -> Option<Speaker> {
    let raw = src.text(text).trim();
    let lower = raw.to_lowercase();
    // A group mention inside a longer source ("People who have battled threats") names
    // less than the source does: the source text is the better name.
    // So does a place inside a longer source ("Senator from Texas", "one West Virginia
    // official"): the place is where the speaker is from, not the speaker.
    // And a name governed by a preposition ("people close to Clinton", "a spokesman for
    // the Trump campaign") is whom the speaker speaks for, not the speaker.
    // Nor is a name inside a relative clause of the source ("People who know Smith well",
    // "Those who believed the Fed will intervene"): the clause says who the speakers are;
    // but an agent is ("figures that were released by Crowdpac").
    let names_speaker = |m: &&Mention| {
        let partial = m.span.len() < src.len();
        let governed = partial && governed_by_preposition(text, src, m.span);
        let in_clause = partial
            && text.get(src.start..m.span.start).is_some_and(|lead| {
                lead.split_whitespace()
                    .skip(1)
                    .any(|w| matches!(w.to_lowercase().as_str(), "who" | "that" | "which"))
                    && lead.split_whitespace().next_back() != Some("by")
            });
        // "Activists pushing to block the nominee": a name after a participle and its
        // object's first word is what the speakers act on.
        let in_participle = partial
            && text.get(src.start..m.span.start).is_some_and(|lead| {
                let ws = lead.split_whitespace().skip(1);
                ws.clone().zip(ws.skip(1)).any(|(w, next)| {
                    w.len() > 4
                        && w.ends_with("ing")
                        && w.chars().all(|c| c.is_lowercase())
                        && matches!(
                            next,
                            "the" | "a" | "an" | "to" | "his" | "her" | "their" | "its"
                        )
                })
            });
        // A possessor of the role that speaks is whose the speaker is ("The senator's
        // spokeswoman"); of a statement or a document it is the speaker ("the Fed's
        // report").
        let possessor = partial
            && text
                .get(m.span.end..)
                .is_some_and(|rest| rest.starts_with("'s ") || rest.starts_with("’s "))
            && raw
                .rsplit(char::is_whitespace)
                .next()
                .is_some_and(|w| super::mentions::is_role_head(&w.to_lowercase()));
        !(governed
            || in_clause
            || in_participle
            || possessor
            || (partial && matches!(m.kind, EntityKind::Group | EntityKind::Place)))
    };
    // A person ending the source heads it: "Ohio State University professor Paul Beck",
    // "Blaze co-host Stu Burguiere" (the organisation is where they work).
    let covering = mentions
        .iter()
        .filter(|m| m.span.overlaps(src))
        .filter(names_speaker)
        .find(|m| {
            // Not a name inside the organisation's ("Matthew Ingram of The Globe and Mail").
            let lead = text.get(src.start..m.span.start).unwrap_or("");
            let joined = lead.split_whitespace().any(|w| {
                matches!(
                    w.to_lowercase().as_str(),
                    "of" | "and" | "&" | "for" | "at" | "from" | "with" | "in"
                )
            });
            m.kind == EntityKind::Person
                && m.span.start > src.start
                && m.span.end == src.end
                && !joined
        })
        .or_else(|| {
            mentions
                .iter()
                .filter(|m| m.span.overlaps(src))
                .find(names_speaker)
        });
    if let Some(m) = covering {
        if !is_role_only(m) {
            let ei = known.find(&m.name, m.kind)?;
            return Some(speaker_of(&known.entities[ei], Some(m)));
        }
        return Some(role_holder(text, m, mentions, known));
    }
    let before = |pred: &dyn Fn(&Mention) -> bool| {
        mentions
            .iter()
            .rev()
            .filter(|m| m.span.end <= src.start && !is_role_only(m))
            .find(|m| pred(m))
            .and_then(|m| {
                known
                    .find(&m.name, m.kind)
                    .map(|ei| speaker_of(&known.entities[ei], Some(m)))
            })
    };
    if mentions.iter().any(|m| m.span.overlaps(src)) && covering.is_none() {
        return Some(common_noun_speaker(raw));
    }
    match lower.as_str() {
        "he" | "she" | "him" | "his" | "her" => {
            before(&|m| m.kind == EntityKind::Person && fits(m))
        }
        "they" | "them" | "their" => {
            before(&|m| matches!(m.kind, EntityKind::Group | EntityKind::Organisation))
        }
        "it" | "its" => before(&|m| m.kind == EntityKind::Organisation),
        "who" | "which" | "that" => {
            // What the relative pronoun follows: "Iraq, which said", "the spokesman, who
            // asked", "the company, which said" speak as they would as the subject.
            let near = |m: &Mention| src.start.saturating_sub(m.span.end) <= 3;
            // A place speaks as its government ("Iraq, which said"), not after a
            // preposition ("a company in Texas, which said") nor as "who".
            let place_fits = |m: &Mention| {
                lower != "who" && !follows_preposition(text.get(..m.span.start).unwrap_or(""))
            };
            // "which" never stands for a person ("a spokesman for Midland Bank, which").
            let kind_fits = |m: &Mention| match m.kind {
                EntityKind::Place => place_fits(m),
                EntityKind::Person => lower != "which",
                _ => true,
            };
            before(&|m| near(m) && kind_fits(m))
                .or_else(|| {
                    if lower == "which" {
                        return None;
                    }
                    let m = mentions
                        .iter()
                        .rev()
                        .find(|m| m.span.end <= src.start && near(m) && is_role_only(m))?;
                    Some(role_holder(text, m, mentions, known))
                })
                .or_else(|| {
                    let phrase = noun_phrase_before(text, src)?;
                    organisation_meant(&phrase.to_lowercase(), src, &[], mentions, known)
                        .or_else(|| Some(common_noun_speaker(phrase)))
                })
        }
        "i" | "we" | "you" => None,
        _ => Some(common_noun_speaker(raw)),
    }
}

/// A role mention's speaker: the person who holds the role, unless the text keeps them
/// unnamed. An indefinite article brings someone new in ("a senior official", "one
/// analyst"), and an anonymity clause says they are not named ("the official, who asked
/// not to be identified"): either way the role speaks as itself, never as the person last
/// named with it.
fn role_holder(text: &str, m: &Mention, mentions: &[Mention], known: &Known) -> Speaker {
    let unnamed = indefinite(text, m.span) || anonymous_after(text, m.span);
    (!unnamed)
        .then(|| resolve_role(m, mentions, known))
        .flatten()
        .unwrap_or_else(|| role_speaker(m))
}

/// Whether the phrase at `span` opens with an indefinite article or a count: "a senior
/// official", "one western official", "another analyst".
/// Not in an apposition, which names the person before it ("Robert Davis, a commissioner").
fn indefinite(text: &str, span: Span) -> bool {
    let before = text.get(..span.start).unwrap_or("").trim_end();
    let before = if span
        .text(text)
        .split_whitespace()
        .next()
        .is_some_and(is_indefinite_opener)
    {
        before
    } else {
        match before.rsplit_once(char::is_whitespace) {
            Some((rest, last)) if is_indefinite_opener(last) => rest.trim_end(),
            None if is_indefinite_opener(before) => "",
            _ => return false,
        }
    };
    !before.ends_with(',')
}

/// Words that bring someone new in: "a spokesman", "one analyst", "another official".
fn is_indefinite_opener(w: &str) -> bool {
    matches!(w.to_lowercase().as_str(), "a" | "an" | "one" | "another")
}

/// What an anonymity clause after a source says (after "who" or "speaking").
const ANONYMITY: &[&str] = &[
    "not to be named",
    "not to be identified",
    "declined to be named",
    "declined to be identified",
    "not be named",
    "not be identified",
    "anonymity",
    "anonymously",
];

/// Whether an anonymity clause follows the phrase at `span`: ", who asked not to be
/// named", "who requested anonymity", ", speaking on condition of anonymity".
fn anonymous_after(text: &str, span: Span) -> bool {
    let after = text.get(span.end..).unwrap_or("");
    let after = after.trim_start_matches([',', ' ']);
    let clause = after.split(['.', ';', '\n']).next().unwrap_or("");
    let clause = clause
        .get(..clause.len().min(80))
        .unwrap_or(clause)
        .to_lowercase();
    (clause.starts_with("who ") || clause.starts_with("speaking "))
        && ANONYMITY.iter().any(|a| clause.contains(a))
}

/// A role with no name to resolve to speaks as itself: "the spokesman".
fn role_speaker(m: &Mention) -> Speaker {
    Speaker {
        name: m.name.clone(),
        kind: EntityKind::Person,
        role: m.role.clone(),
    }
}

/// Prepositions that put a noun phrase inside another ("a company in Texas", "officials at
/// several firms"): the phrase after one is not what a relative pronoun after it follows.
const PREPOSITIONS: &[&str] = &[
    "of", "for", "to", "with", "from", "near", "behind", "under", "at", "in", "on", "by", "about",
    "against", "over", "among",
];

/// Whether `before` ends in a preposition (articles skipped).
fn follows_preposition(before: &str) -> bool {
    word_before(before).is_some_and(|w| PREPOSITIONS.contains(&w.as_str()))
}

/// The noun phrase just before a relative pronoun at `src`, comma or not: back over at most
/// five plain words to an article or a quantifier ("the official, who", "many local
/// traders who"), or to the start of the clause when the phrase opens it ("Officials,
/// who"). None across a preposition ("Officials at several firms, who": which noun the
/// pronoun follows is not clear), any other punctuation, or a word no noun phrase holds.
fn noun_phrase_before(text: &str, src: Span) -> Option<&str> {
    let before = text.get(..src.start)?.trim_end();
    let before = before.strip_suffix(',').unwrap_or(before);
    let at = |w: &str| w.as_ptr() as usize - before.as_ptr() as usize;
    let opener = |w: &str| {
        let lower = w.to_lowercase();
        matches!(lower.as_str(), "the" | "a" | "an" | "these" | "those")
            || lexicon().quantifiers.contains(&lower)
    };
    // The phrase's words, last first, and whether a clause or the phrase itself opens there.
    let mut words: Vec<&str> = Vec::new();
    let mut opened = true;
    for word in before.split_whitespace().rev() {
        if !word.chars().all(|c| c.is_alphabetic() || c == '-') {
            opened = word.ends_with(['.', '"', '\u{201d}', ':', ';']);
            break;
        }
        words.push(word);
        if opener(word) {
            // Not a phrase inside another: "an economist for a London broker, who".
            opened = !follows_preposition(&before[..at(word)]);
            break;
        }
        if words.len() == 5 {
            return None;
        }
    }
    let (&first, rest) = words.split_last()?;
    let fits = if opener(first) {
        !rest.is_empty()
    } else {
        // The clause opens with the phrase: "Officials, who", not "But there were skeptics".
        first.starts_with(char::is_uppercase) && !lexicon().is_function_word(&first.to_lowercase())
    };
    let noun_like = |w: &&str| {
        let lower = w.to_lowercase();
        !lexicon().is_function_word(&lower)
            && !PREPOSITIONS.contains(&lower.as_str())
            && lexicon().verb_lemma(&lower).is_none()
    };
    // "the study examined seven factors which": a past form after the phrase's second word
    // is a verb, not an adjective ("the embattled official").
    let verb_inside = rest
        .iter()
        .rev()
        .skip(1)
        .any(|w| w.ends_with("ed") && w.starts_with(char::is_lowercase));
    (opened && fits && rest.iter().all(noun_like) && !verb_inside)
        .then(|| before[at(first)..].trim_end())
}

/// Company words that a company's legal suffix stands for: "Ohio Mattress Co said … The
/// company said" is Ohio Mattress Co.
const COMPANY_NOUNS: &[&str] = &["company", "firm", "corporation"];

/// Whether "the `noun`" (an organisation word: "company", "bank", "department") can stand
/// for the organisation `name`: a word of the name, or a company's legal suffix.
fn noun_fits_name(noun: &str, name: &str) -> bool {
    let words: Vec<String> = name
        .split(|c: char| c.is_whitespace() || c == '-')
        .map(|w| w.trim_end_matches('.').to_lowercase())
        .collect();
    // A legal form alone ("AB" of "Telefon AB L.M. Ericsson") names no company.
    words.iter().any(|w| w == noun)
        || (COMPANY_NOUNS.contains(&noun)
            && words.len() > 1
            && words.last().is_some_and(|w| lexicon().is_legal_suffix(w)))
}

/// "The company said", "the department said", "the bank said": the organisation that last
/// spoke (`spoke`, latest last), else the one the article last named, that the noun fits,
/// so a question about the company finds its words. None for any other source.
fn organisation_meant(
    lower: &str,
    src: Span,
    spoke: &[Speaker],
    mentions: &[Mention],
    known: &Known,
) -> Option<Speaker> {
    let noun = lower.strip_prefix("the ")?;
    if !lexicon().org_suffixes.contains(noun) {
        return None;
    }
    if let Some(s) = spoke.iter().rev().find(|s| noun_fits_name(noun, &s.name)) {
        return Some(s.clone());
    }
    mentions
        .iter()
        .rev()
        .filter(|m| m.span.end <= src.start && m.kind == EntityKind::Organisation)
        .find(|m| noun_fits_name(noun, &m.name))
        .and_then(|m| {
            known
                .find(&m.name, m.kind)
                .map(|ei| speaker_of(&known.entities[ei], Some(m)))
        })
}

/// A role mention resolved to the most recent person who has that role in the article:
/// "the president" → the last person called President; "the Ukrainian leader" → the last
/// person whose roles say Ukrainian (a generic head like "leader" fits any role).
fn resolve_role(m: &Mention, mentions: &[Mention], known: &Known) -> Option<Speaker> {
    let role = m.role.as_deref()?.to_lowercase();
    let words: Vec<&str> = role
        .split_whitespace()
        .filter(|w| !matches!(*w, "the" | "a" | "an" | "for" | "of"))
        .collect();
    let head = *words.last()?;
    // Not "official": news calls a named minister by a name or a title, and "the official"
    // mostly one it keeps unnamed ("The senior official said the Bank of Japan is hoping
    // Federal Reserve chairman Paul Volcker will be re-appointed. … the official said").
    let generic = matches!(
        head,
        "leader" | "politician" | "candidate" | "nominee" | "head"
    );
    let modifiers = &words[..words.len() - 1];
    let fits = |e: &Entity| {
        let roles: Vec<String> = e.roles.iter().map(|r| r.to_lowercase()).collect();
        let has = |w: &str| {
            roles
                .iter()
                .any(|r| r.split_whitespace().any(|x| x.trim_end_matches('.') == w))
        };
        e.kind == EntityKind::Person
            && !roles.is_empty()
            && (generic || has(head))
            && modifiers.iter().all(|w| {
                has(w)
                    || !w.chars().next().is_some_and(char::is_alphabetic)
                    || !role_word_is_affiliation(w)
            })
    };
    mentions
        .iter()
        .rev()
        .filter(|x| x.span.end <= m.span.start && !is_role_only(x))
        .filter_map(|x| {
            known
                .find(&x.name, x.kind)
                .map(|ei| (x, &known.entities[ei]))
        })
        .find(|(_, e)| fits(e))
        .map(|(_, e)| speaker_of(e, None))
}

/// Whether a role modifier narrows who is meant (a nationality, "ukrainian"), as opposed to
/// a descriptive word ("former", "top") that any holder of the role fits.
fn role_word_is_affiliation(w: &str) -> bool {
    let lex = super::lexicon::lexicon();
    lex.nationalities.contains(w) || lex.places.contains(w)
}

/// A source that is a plain noun phrase ("critics", "the report"): named as written,
/// without its determiner or count ("another analyst", "two officials": an answer quotes
/// them out of the sentence that counted).
fn common_noun_speaker(raw: &str) -> Speaker {
    let trimmed = ["the ", "The ", "a ", "A ", "an ", "An "]
        .iter()
        .find_map(|d| raw.strip_prefix(d))
        .unwrap_or(raw);
    let trimmed = without_count(trimmed);
    let plural = trimmed.ends_with('s') && !trimmed.ends_with("ss");
    Speaker {
        name: trimmed.to_string(),
        kind: if plural {
            EntityKind::Group
        } else {
            EntityKind::Organisation
        },
        role: None,
    }
}

/// Counts that only number the speakers: "another analyst" is an analyst, "two officials"
/// officials. "Most", "some" or "all" say how many of a group spoke, which an answer keeps.
const SPEAKER_COUNTS: &[&str] = &[
    "one", "another", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
];

/// A noun phrase without the count that opens it: "another analyst" → "analyst". A count
/// of something ("two of the dealers", "six in 10") or a count alone stays as written.
fn without_count(phrase: &str) -> &str {
    let Some((first, rest)) = phrase.split_once(' ') else {
        return phrase;
    };
    let counted = SPEAKER_COUNTS.contains(&first.to_lowercase().as_str());
    let next = rest.split_whitespace().next().unwrap_or("").to_lowercase();
    let grammar_word = lexicon().stopwords.contains(next.as_str());
    if counted && !next.is_empty() && !grammar_word {
        rest
    } else {
        phrase
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_keys_last_word_is_what_follows_its_last_space() {
        let keys = [
            "",
            " ",
            "trump",
            "donald trump",
            "donald j trump",
            "trump ",
            " trump",
            "a  b",
            "josé garcía",
            "garcía",
            "mary ann evans",
            "ann evans",
            "evans",
        ];
        for a in keys {
            assert_eq!(last_word(a), a.rsplit(' ').next().unwrap_or(""), "{a:?}");
            for b in keys {
                let by_split = b.rsplit(' ').next() == a.rsplit(' ').next()
                    && b.split(' ').all(|w| a.split(' ').any(|x| x == w));
                assert_eq!(contains_words(a, b), by_split, "{a:?} {b:?}");
            }
        }
    }

    fn m(name: &str, kind: EntityKind, role: Option<&str>, at: usize) -> Mention {
        Mention {
            span: Span::new(at, at + name.len()),
            name: name.into(),
            kind,
            role: role.map(str::to_string),
        }
    }

    #[test]
    fn surnames_merge_into_fullest_name() {
        let ms = vec![
            m("Trump", EntityKind::Person, None, 0),
            m(
                "Donald Trump",
                EntityKind::Person,
                Some("U.S. President"),
                10,
            ),
            m("Kremlin", EntityKind::Organisation, None, 30),
        ];
        let es = entities(&ms);
        assert_eq!(es.len(), 2);
        assert_eq!(es[0].name, "Donald Trump");
        assert_eq!(es[0].aliases, vec!["Trump".to_string()]);
        assert_eq!(es[0].roles, vec!["U.S. President".to_string()]);
    }
}
