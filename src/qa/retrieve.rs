//! Retrieval: linking the question's names to the corpus's entities, and fetching candidate
//! statements and passages from the index with BM25 scores. Ranking beyond BM25 is in
//! [`super::rank`].
//! Calls `index` (search, schema, name keys) and `nlp::names`.
//!
//! Every function here fails with [`RetrieveError`] when tantivy does: a damaged or
//! unreadable index must never pass for one that holds nothing on the question.

use std::collections::{HashMap, HashSet};
use std::ops::Bound;

use tantivy::collector::TopDocs;
use tantivy::columnar::Column;
use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, EnableScoring, Occur, Query, RangeQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TokenStream;
use tantivy::{DocAddress, DocSet, Searcher, TantivyDocument, Term, TERMINATED};

use chrono::NaiveDate;

use crate::index::records::{date_value, keys_of_kind, name_keys, RecordReader};
use crate::index::schema::{self, Fields};
use crate::index::{
    Index, NameDictionary, StoredDoc, StoredEntity, StoredPassage, StoredStatement,
};
use crate::nlp::lexicon::lexicon;
use crate::nlp::{names, EntityKind};

use super::scored::{AnyOf, ScoredWithin};

/// How many candidates BM25 hands to the ranker.
pub const CANDIDATES: usize = 100;

/// The index failed while answering. It says what failed and what to do, since the only
/// remedy a user has for a damaged index is to build it again.
#[derive(Debug, thiserror::Error)]
pub enum RetrieveError {
    #[error(
        "the index could not be searched ({0}): run `whosaid ingest` again into a fresh --data-dir"
    )]
    Search(tantivy::TantivyError),
    #[error("the index could not be read ({0}): a stored record is damaged; run `whosaid ingest` again into a fresh --data-dir")]
    Read(tantivy::TantivyError),
    #[error("the index has no tokenizer for one of its fields ({0}): it was built by another version of whosaid; run `whosaid ingest` again into a fresh --data-dir")]
    Tokenizer(tantivy::TantivyError),
}

/// A question's name linked to the corpus.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Linked {
    /// The corpus's fullest name for them: "Volodymyr Zelensky".
    pub display: String,
    /// The keys their statements are stored under.
    pub keys: Vec<String>,
}

/// Words that carry no topic: the lexicon's one list, shared with the question reader,
/// ranking and subscriptions.
pub fn is_stopword(w: &str) -> bool {
    crate::nlp::lexicon::lexicon().is_stopword(w)
}

/// Link a name from a question to the corpus: exact keys first, then a one-letter-off
/// spelling, then roles ("the Ukrainian president"). `None` when the corpus has no one by
/// that name: the caller then says so and names nobody else.
pub fn link_name(index: &Index, name: &str) -> Result<Option<Linked>, RetrieveError> {
    let searcher = index.searcher();
    let f = index.fields();
    let dictionary = index.name_dictionary(&searcher);
    // "the Ukrainian president": a role phrase is looked up by role before by name, since
    // name keys drop titles ("President Trump" still falls through to the name).
    let by_role = entities_by_role_phrase(&searcher, f, name)?;
    if !by_role.is_empty() {
        return Ok(Some(summarise_link(by_role)));
    }
    let keys = name_keys(name);
    let Some(full) = keys.first().cloned() else {
        return Ok(None);
    };
    let multiword = full.contains(' ');
    // A full name must match in full; a single word matches full keys or surnames.
    let mut hits = entities_with_key(&searcher, f, &full)?;
    if hits.is_empty() {
        hits = speakers_with_key(&searcher, f, &full)?;
    }
    if hits.is_empty() && multiword {
        // "De Blasio" for "Bill de Blasio": the surname's holders whose names contain
        // every word asked.
        if let Some(surname) = keys.get(1) {
            hits = entities_with_key(&searcher, f, surname)?;
            hits.retain(|e| names::matches(name, &e.name));
        }
    }
    // "What has Bernie said?": a first name alone stands for the full name that starts with
    // it, when that full name is written more often than the first name alone.
    if !multiword && !hits.is_empty() && hits.iter().all(|e| e.kind == Some(EntityKind::Person)) {
        if let Some(linked) = full_name_for_first(&searcher, f, &dictionary, &full)? {
            return Ok(Some(linked));
        }
    }
    // "What did NATO say?", "What did the U.S. say?": its officials and spokespeople
    // speak for it.
    let org_like = hits
        .iter()
        .all(|e| matches!(e.kind, Some(EntityKind::Organisation | EntityKind::Place)));
    let voices = if org_like {
        let mut voices = org_voices(&searcher, f, &dictionary, &full)?;
        // Its officials speak for it when it says nothing itself: where the articles quote
        // the IMF, "what did the IMF say" is the IMF's words.
        let speaks_itself = searcher
            .search(
                &TermQuery::new(
                    Term::from_field_text(f.speaker_key, &full),
                    IndexRecordOption::Basic,
                ),
                &tantivy::collector::Count,
            )
            .map_err(RetrieveError::Search)?
            > 0;
        if !speaks_itself {
            voices.extend(role_voices(&searcher, f, &full)?);
        }
        voices
    } else {
        Vec::new()
    };
    if hits.is_empty() && !voices.is_empty() {
        let mut linked = summarise_link(voices);
        linked.display = name.trim().to_string();
        return Ok(Some(linked));
    }
    if !voices.is_empty() {
        let mut linked = summarise_link(hits);
        let extra = summarise_link(voices).keys;
        for k in extra {
            if !linked.keys.contains(&k) {
                linked.keys.push(k);
            }
        }
        return Ok(Some(linked));
    }
    if hits.is_empty() && full.len() >= 5 {
        hits = entities_fuzzy(
            &searcher,
            f,
            &dictionary,
            &full,
            if full.len() >= 8 { 2 } else { 1 },
        )?;
        if multiword {
            // A misspelt full name must still agree on the first name's initial.
            hits.retain(|e| same_initial(&e.name, name));
        }
    }
    if hits.is_empty() {
        return Ok(None);
    }
    Ok(Some(summarise_link(hits)))
}

/// The person a first name alone ("bernie") means: the commonest full name key that starts
/// with it ("bernie sanders"), when more records hold it than hold the first name alone.
/// Read from the term dictionaries only (counts, no stored record), so a surname ("trump",
/// the last word of thousands of names) costs a short walk and changes nothing.
fn full_name_for_first(
    searcher: &Searcher,
    f: &Fields,
    keys: &NameDictionary,
    first: &str,
) -> Result<Option<Linked>, RetrieveError> {
    let alone = keys.get(first).map_err(RetrieveError::Search)?.named;
    let full = keys
        .extending(&format!("{first} "))
        .map_err(RetrieveError::Search)?
        .into_iter()
        .map(|(key, counts)| (key, counts.named))
        .filter(|(_, named)| *named > 0);
    let Some((key, records)) = full
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
    else {
        return Ok(None);
    };
    if records <= alone {
        return Ok(None);
    }
    let people: Vec<StoredEntity> = entities_with_key(searcher, f, &key)?
        .into_iter()
        .filter(|e| e.kind == Some(EntityKind::Person))
        .collect();
    if people.is_empty() {
        return Ok(None);
    }
    let mut linked = summarise_link(people);
    linked.keys.push(first.to_string());
    Ok(Some(linked))
}

fn same_initial(a: &str, b: &str) -> bool {
    let i = |s: &str| {
        s.trim()
            .chars()
            .next()
            .map(|c| c.to_lowercase().to_string())
    };
    i(a) == i(b)
}

/// Whether every word is capitalised, no possessive and no function word, as a name's are
/// ("Barack Obama", not a misread "According to the school's Facebook" or "From Bush's
/// Facebook").
fn name_shaped(name: &str) -> bool {
    name.split_whitespace().all(|w| {
        w.chars().next().is_some_and(char::is_uppercase)
            && !w.ends_with("'s")
            && !w.ends_with("’s")
            && !is_stopword(&w.to_lowercase())
    })
}

/// Whether two names can be one person: the words of one are all in the other ("Trump",
/// "Donald J. Trump"), case aside.
pub(crate) fn names_one_person(a: &str, b: &str) -> bool {
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.chars().count() > 1)
            .map(str::to_lowercase)
            .collect()
    };
    let (a, b) = (words(a), words(b));
    let (short, long) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    !short.is_empty() && short.iter().all(|w| long.contains(w))
}

fn summarise_link(hits: Vec<StoredEntity>) -> Linked {
    // The most named full name wins: a one-word name's mentions count toward every fuller
    // name that contains it ("Obama" toward "Barack Obama"), so a surname written alone more
    // often than the full name does not head the answer; among full names, their own count
    // decides ("Donald Trump" over a rarer "Donald J. Trump"). Keys are the union.
    let mut own: HashMap<&str, usize> = HashMap::new();
    for e in &hits {
        *own.entry(e.name.as_str()).or_default() += 1;
    }
    let counts: HashMap<&str, usize> = own
        .keys()
        .map(|&name| {
            let within = own
                .iter()
                .filter(|(part, _)| {
                    **part == name
                        || (!part.contains(' ')
                            && name_shaped(name)
                            && names_one_person(part, name))
                })
                .map(|(_, n)| n)
                .sum();
            (name, within)
        })
        .collect();
    let display = counts
        .iter()
        .max_by(|a, b| {
            a.1.cmp(b.1)
                .then(
                    a.0.split_whitespace()
                        .count()
                        .cmp(&b.0.split_whitespace().count()),
                )
                .then(b.0.cmp(a.0))
        })
        .map(|(n, _)| n.to_string())
        .unwrap_or_default();
    let kind = hits
        .iter()
        .find(|e| e.name == display)
        .and_then(|e| e.kind)
        .unwrap_or(EntityKind::Person);
    let mut keys: Vec<String> = keys_of_kind(&display, kind);
    for e in &hits {
        if let Some(k) = e.keys.first() {
            if !keys.contains(k) {
                keys.push(k.clone());
            }
        }
    }
    Linked { display, keys }
}

fn entities_with_key(
    searcher: &Searcher,
    f: &Fields,
    key: &str,
) -> Result<Vec<StoredEntity>, RetrieveError> {
    let q = TermQuery::new(
        Term::from_field_text(f.name_key, key),
        IndexRecordOption::Basic,
    );
    let found = fetch(searcher, &q, CANDIDATES, |d| StoredEntity::read(d, f))?;
    Ok(found.into_iter().map(|(_, e)| e).collect())
}

/// Speakers of statements stored under a key, as entities: the extractor may name a
/// speaker ("the I.R.S.") that no mention made into an entity.
fn speakers_with_key(
    searcher: &Searcher,
    f: &Fields,
    key: &str,
) -> Result<Vec<StoredEntity>, RetrieveError> {
    let q = TermQuery::new(
        Term::from_field_text(f.speaker_key, key),
        IndexRecordOption::Basic,
    );
    let found = fetch(searcher, &q, CANDIDATES, |d| StoredStatement::read(d, f))?;
    Ok(found
        .into_iter()
        .filter_map(|(_, st)| statement_speaker(st))
        .collect())
}

/// A statement's speaker as an entity record.
fn statement_speaker(st: StoredStatement) -> Option<StoredEntity> {
    Some(StoredEntity {
        name: st.speaker?,
        keys: st.speaker_keys,
        doc_id: st.doc_id,
        kind: None,
        roles: st.role.into_iter().collect(),
        aliases: Vec::new(),
        published: st.published,
    })
}

/// Entities and speakers whose key goes on from an organisation's or a place's: "nato
/// officials", "connecticut tax commissioner", "white house press office". Two searches, each
/// a walk of the key dictionary under the organisation's key.
fn org_voices(
    searcher: &Searcher,
    f: &Fields,
    keys: &NameDictionary,
    org_key: &str,
) -> Result<Vec<StoredEntity>, RetrieveError> {
    // Keys that extend "<org> ": "nato secretary general mark rutte" under "nato".
    let under = keys
        .extending(&format!("{org_key} "))
        .map_err(RetrieveError::Search)?;
    let named = any_key(
        f.name_key,
        under.iter().filter(|(_, c)| c.named > 0).map(|(k, _)| k),
    );
    let spoken_by = any_key(
        f.speaker_key,
        under.iter().filter(|(_, c)| c.spoken > 0).map(|(k, _)| k),
    );
    let mut out: Vec<StoredEntity> =
        fetch(searcher, &named, CANDIDATES, |d| StoredEntity::read(d, f))?
            .into_iter()
            .map(|(_, e)| e)
            .collect();
    out.extend(
        fetch(searcher, &spoken_by, CANDIDATES, |d| {
            StoredStatement::read(d, f)
        })?
        .into_iter()
        .filter_map(|(_, st)| statement_speaker(st)),
    );
    Ok(out)
}

/// The people whose role names the organisation `org_key` with an office that speaks for
/// it: "NATO Secretary General Mark Rutte" for NATO, "Kremlin spokesman Dmitry Peskov" for
/// the Kremlin, when the articles quote none of its statements as its own. Not a former holder, and not a role that only mentions it ("a NATO ally").
fn role_voices(
    searcher: &Searcher,
    f: &Fields,
    org_key: &str,
) -> Result<Vec<StoredEntity>, RetrieveError> {
    let org: Vec<String> = role_words(org_key);
    let terms = analyzed_terms(searcher, f.roles, org_key)?;
    if org.is_empty() || terms.is_empty() {
        return Ok(Vec::new());
    }
    let q = BooleanQuery::new(
        terms
            .into_iter()
            .map(|t| (Occur::Must, term_query(t)))
            .collect(),
    );
    let lex = crate::nlp::lexicon::lexicon();
    let speaks_for = |role: &str| {
        let words = role_words(role);
        let named = words.windows(org.len()).any(|w| w == org.as_slice());
        named
            && words.iter().any(|w| lex.voice_offices.contains(w.as_str()))
            && !words.iter().any(|w| w == "former" || w == "ex")
    };
    Ok(
        fetch(searcher, &q, CANDIDATES, |d| StoredEntity::read(d, f))?
            .into_iter()
            .map(|(_, e)| e)
            .filter(|e| e.kind == Some(EntityKind::Person) && e.roles.iter().any(|r| speaks_for(r)))
            .collect(),
    )
}

/// A role's words as [`role_voices`] compares them: lower case, without periods ("U.S."
/// and "us" alike), split at anything but letters, digits and hyphens.
fn role_words(text: &str) -> Vec<String> {
    text.to_lowercase()
        .replace('.', "")
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

fn entities_fuzzy(
    searcher: &Searcher,
    f: &Fields,
    keys: &NameDictionary,
    key: &str,
    distance: u8,
) -> Result<Vec<StoredEntity>, RetrieveError> {
    let near = keys
        .fuzzy(key, distance)
        .map_err(RetrieveError::Search)?
        .into_iter()
        .filter(|(_, c)| c.named > 0)
        .map(|(k, _)| k)
        .collect::<Vec<_>>();
    let q = any_key(f.name_key, near.iter());
    let found = fetch(searcher, &q, CANDIDATES, |d| StoredEntity::read(d, f))?;
    Ok(found.into_iter().map(|(_, e)| e).collect())
}

/// Records whose `field` holds any of `keys`, all scored alike (as a range or fuzzy term
/// query scores them), so the best are chosen by [`cut_fairly`]'s rule alone.
fn any_key<'a>(field: Field, keys: impl Iterator<Item = &'a String>) -> ConstScoreQuery {
    let clauses: Vec<(Occur, Box<dyn Query>)> = keys
        .map(|k| {
            let q: Box<dyn Query> = Box::new(TermQuery::new(
                Term::from_field_text(field, k),
                IndexRecordOption::Basic,
            ));
            (Occur::Should, q)
        })
        .collect();
    ConstScoreQuery::new(Box::new(BooleanQuery::new(clauses)), 1.0)
}

/// Whether an entity of this kind can say something: a place speaks through its people.
fn speaks(kind: EntityKind) -> bool {
    kind != EntityKind::Place
}

/// Whether a word names an office or a role, so the phrase is a role rather than a name
/// ("the Ukrainian president"; not "the State Department").
fn is_role_word(w: &str) -> bool {
    crate::nlp::mentions::is_role_head(&w.to_lowercase())
}

/// A phrase that names someone by role, as a name might be written: "the Ukrainian
/// president", "Putin's foreign minister", "NATO's chief". A capitalised person before the
/// role words is whose role it is.
fn entities_by_role_phrase(
    searcher: &Searcher,
    f: &Fields,
    phrase: &str,
) -> Result<Vec<StoredEntity>, RetrieveError> {
    let words: Vec<&str> = phrase.split_whitespace().collect();
    if !words.iter().any(|w| is_role_word(w)) {
        return Ok(Vec::new());
    }
    let lead = words
        .iter()
        .take_while(|w| w.chars().next().is_some_and(char::is_uppercase) && !is_role_word(w))
        .count();
    if lead > 0 && lead < words.len() {
        let owner = words[..lead].join(" ");
        let found = entities_by_role(searcher, f, Some(&owner), &words[lead..].join(" "))?;
        if !found.is_empty() {
            return Ok(most_recent_holder(found));
        }
    }
    Ok(most_recent_holder(entities_by_role(
        searcher, f, None, phrase,
    )?))
}

/// The records of the first holder in `hits` (most recent first): a role names one person
/// at a time.
fn most_recent_holder(hits: Vec<StoredEntity>) -> Vec<StoredEntity> {
    by_holder(hits, 1).into_iter().next().unwrap_or_default()
}

/// `hits` (most recent first) grouped by who holds the role, the first `max` holders only,
/// in the order they appear.
fn by_holder(hits: Vec<StoredEntity>, max: usize) -> Vec<Vec<StoredEntity>> {
    let mut holders: Vec<(String, Vec<StoredEntity>)> = Vec::new();
    for e in hits {
        let key = names::speaker_key(&e.name);
        if let Some((_, same)) = holders.iter_mut().find(|(k, _)| *k == key) {
            same.push(e);
        } else if holders.len() < max {
            holders.push((key, vec![e]));
        }
    }
    holders.into_iter().map(|(_, hits)| hits).collect()
}

/// Link a role phrase the question reader found ("foreign minister" of "Putin", "the
/// ukrainian president") to the role's most recent holder.
pub fn link_role(
    index: &Index,
    of: Option<&str>,
    role: &str,
) -> Result<Option<Linked>, RetrieveError> {
    Ok(link_role_holders(index, of, role, 1)?.into_iter().next())
}

/// Up to `max` holders of a role, the most recent first: "what did the prime minister say
/// about the flag" means the prime minister who spoke of it, not the latest of all.
pub fn link_role_holders(
    index: &Index,
    of: Option<&str>,
    role: &str,
    max: usize,
) -> Result<Vec<Linked>, RetrieveError> {
    let searcher = index.searcher();
    let hits = entities_by_role(&searcher, index.fields(), of, role)?;
    Ok(by_holder(hits, max)
        .into_iter()
        .map(summarise_link)
        .collect())
}

/// Whether one of `e`'s roles names an owner (a place or body) by a word of its name
/// (`owner_words`, lowercase) or one that starts it: "Saudi Oil Minister" names Saudi
/// Arabia, and so does "Arabian".
fn role_names(e: &StoredEntity, owner_words: &[String]) -> bool {
    e.roles.iter().any(|r| {
        r.split_whitespace().map(str::to_lowercase).any(|w| {
            owner_words
                .iter()
                .any(|o| w.len().min(o.len()) >= 4 && (o.starts_with(&w) || w.starts_with(o)))
        })
    })
}

/// The speaker keys of everyone the corpus gives a role ("which pollster said …"): every
/// holder, not only the latest, since the topic decides among them; with their roles, by
/// which the caller judges how well each fits the description.
pub fn role_holders(index: &Index, role: &str) -> Result<Vec<RoleHolder>, RetrieveError> {
    let searcher = index.searcher();
    let f = index.fields();
    // The description's last word is its head ("insider" in "indiana GOP insider"): holders
    // must have it; the other words only rank them.
    let words: Vec<&str> = role.split_whitespace().collect();
    let Some((head, describing)) = words.split_last() else {
        return Ok(Vec::new());
    };
    let Some(head_q) = role_query(&searcher, f, head)? else {
        return Ok(Vec::new());
    };
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, Box::new(head_q))];
    for w in describing {
        for t in analyzed_terms(&searcher, f.roles, w)? {
            clauses.push((Occur::Should, term_query(t)));
        }
    }
    let q = BooleanQuery::new(clauses);
    let mut holders: Vec<RoleHolder> = Vec::new();
    for (_, e) in fetch(&searcher, &q, 1000, |d| StoredEntity::read(d, f))? {
        let Some(kind) = e.kind.filter(|k| speaks(*k)) else {
            continue;
        };
        let role = e.roles.join("; ");
        for key in keys_of_kind(&e.name, kind) {
            match holders.iter_mut().find(|h| h.key == key) {
                Some(h) => {
                    if !h.roles.contains(&role) {
                        h.roles.push_str("; ");
                        h.roles.push_str(&role);
                    }
                }
                None => holders.push(RoleHolder {
                    key,
                    roles: role.clone(),
                }),
            }
        }
    }
    Ok(holders)
}

/// A speaker key of someone holding an asked role, with the roles the articles give them.
#[derive(Clone, Debug, PartialEq)]
pub struct RoleHolder {
    pub key: String,
    pub roles: String,
}

/// Records whose roles hold every role word (office words may be any of their group).
fn role_query(
    searcher: &Searcher,
    f: &Fields,
    role: &str,
) -> Result<Option<BooleanQuery>, RetrieveError> {
    let lex = lexicon();
    let mut must: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for w in role.split_whitespace() {
        let lower = w.to_lowercase();
        let alternatives: Vec<String> = lex
            .role_group(&lower)
            .map(<[String]>::to_vec)
            .unwrap_or_else(|| vec![lower.clone()]);
        let mut terms: Vec<Term> = Vec::new();
        for a in &alternatives {
            terms.extend(analyzed_terms(searcher, f.roles, a)?);
        }
        if terms.is_empty() {
            continue;
        }
        let any: Vec<(Occur, Box<dyn Query>)> = terms
            .into_iter()
            .map(|t| (Occur::Should, term_query(t)))
            .collect();
        must.push((Occur::Must, Box::new(BooleanQuery::new(any))));
    }
    Ok((!must.is_empty()).then(|| BooleanQuery::new(must)))
}

/// People whose roles hold every role word, narrowed by `of` (the person whose role it is:
/// only articles that also name them), the most recent first. Callers take the most recent
/// holder (a role names one person at a time) unless the topic decides among them.
fn entities_by_role(
    searcher: &Searcher,
    f: &Fields,
    of: Option<&str>,
    role: &str,
) -> Result<Vec<StoredEntity>, RetrieveError> {
    if !role.split_whitespace().any(is_role_word) {
        return Ok(Vec::new());
    }
    let possessor_docs: Option<Vec<String>> = match of {
        Some(owner) => {
            let people: Vec<String> = entities_with_key(searcher, f, &names::speaker_key(owner))?
                .into_iter()
                .filter(|e| e.kind == Some(EntityKind::Person))
                .map(|e| e.doc_id)
                .collect();
            if people.is_empty() {
                // "NATO's chief": an organisation's or a place's post names it in the role
                // itself ("NATO Secretary General").
                // Only holders whose role does name it: a word no role holds is left out of
                // the role query, and "Kuwait's oil minister" is not the Saudi one.
                let mut named = entities_by_role(searcher, f, None, &format!("{owner} {role}"))?;
                if named.is_empty() {
                    // "Saudi Arabia's oil minister" is written "Saudi Oil Minister".
                    named = entities_by_role(searcher, f, None, role)?;
                }
                let owner_words: Vec<String> = owner
                    .split_whitespace()
                    .map(str::to_lowercase)
                    .filter(|w| !is_stopword(w))
                    .collect();
                named.retain(|e| role_names(e, &owner_words));
                return Ok(named);
            }
            Some(people)
        }
        None => None,
    };
    let Some(q) = role_query(searcher, f, role)? else {
        return Ok(Vec::new());
    };
    let mut hits: Vec<StoredEntity> =
        fetch(searcher, &q, CANDIDATES, |d| StoredEntity::read(d, f))?
            .into_iter()
            .map(|(_, e)| e)
            .filter(|e| e.kind.is_some_and(speaks))
            .collect();
    if let Some(docs) = &possessor_docs {
        hits.retain(|e| docs.contains(&e.doc_id));
    }
    hits.sort_by_key(|e| std::cmp::Reverse(e.published));
    Ok(hits)
}

/// Every stored entity record under the given keys (for "who is").
pub fn entity_records(index: &Index, keys: &[String]) -> Result<Vec<StoredEntity>, RetrieveError> {
    let searcher = index.searcher();
    let f = index.fields();
    let q = any_term(f.name_key, keys);
    let found = fetch(&searcher, &q, 1000, |d| StoredEntity::read(d, f))?;
    Ok(found.into_iter().map(|(_, e)| e).collect())
}

/// Publication dates to keep, both ends inclusive, either open.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Published {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

/// What to look for.
#[derive(Clone, Copy, Default)]
pub struct Criteria<'a> {
    /// Only statements by these speaker keys.
    pub speaker_keys: Option<&'a [String]>,
    /// Records mentioning these entity keys score higher.
    pub entity_keys: &'a [String],
    /// Topic words (BM25 over content, sentence and setting).
    pub topic: &'a str,
    /// Extra topic words with a lower weight (synonyms).
    pub related: &'a [String],
    /// The cue asked about.
    pub cue: Option<&'a str>,
    /// Only records that mention one of `entity_keys` ("what was said in the call between
    /// Rubio and Lavrov" is about them, whoever spoke).
    pub require_entity: bool,
    /// Only records published within these dates: in a large corpus the best matches of all
    /// time may hold none from the time asked about.
    pub published: Option<Published>,
    /// The most recently published first, instead of the best matching: for a question with
    /// no topic, where every statement of the speaker matches alike.
    pub newest_first: bool,
}

/// Candidate statements with their BM25 scores. Every field searched is a statement's own,
/// so no record filter is needed, and without a speaker the query is a flat disjunction
/// that tantivy prunes (see [`schema`]).
pub fn statements(
    index: &Index,
    c: &Criteria<'_>,
    limit: usize,
) -> Result<Vec<(f32, StoredStatement)>, RetrieveError> {
    let searcher = index.searcher();
    let f = index.fields();
    let read = |d: &TantivyDocument| StoredStatement::read(d, f);
    let mut every_word = Vec::new();
    if c.speaker_keys.is_none_or(|keys| !keys.is_empty()) {
        let by = c.speaker_keys.map(|keys| (f.speaker_key, keys));
        match with_every_word(&searcher, f, c, (f.content, by), limit)? {
            EveryWord::Enough(hits) => return read_hits(&searcher, hits, read),
            EveryWord::Few(hits) => every_word = hits,
        }
    }
    let mut should = topic_clauses(
        &searcher,
        c,
        &[(f.content, 2.0), (f.context, 1.0), (f.setting, 1.0)],
    )?;
    if let Some(cue) = c.cue {
        for t in analyzed_terms(&searcher, f.cue, cue)? {
            should.push(boosted(term_query(t), 2.0));
        }
    }
    for key in c.entity_keys {
        should.push(boosted(
            term_query(Term::from_field_text(f.mentions, key)),
            1.5,
        ));
    }
    let mut required: Vec<Box<dyn Query>> = Vec::new();
    if let Some(keys) = c.speaker_keys {
        required.push(Box::new(any_term(f.speaker_key, keys)));
    }
    if c.require_entity && !c.entity_keys.is_empty() {
        required.push(Box::new(any_term(f.mentions, c.entity_keys)));
    }
    if required.is_empty() && should.is_empty() {
        return Ok(Vec::new());
    }
    let window = published_within(f, c);
    if c.newest_first {
        required.extend(window);
        fetch_newest(&searcher, &*ranked(required, should), limit, read)
    } else {
        let wide = best_ranked_hits(&searcher, required, window, should, limit)?;
        read_hits(&searcher, with_hits_of_every_word(wide, every_word), read)
    }
}

/// The records matching every `required` query, ranked by it plus the `optional` ones they
/// match; with nothing required, those matching some `optional` query. The ranking of a
/// `BooleanQuery` of `Must` and `Should` clauses (see [`ScoredWithin`]).
fn ranked(mut required: Vec<Box<dyn Query>>, optional: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    let should = |qs: Vec<Box<dyn Query>>| qs.into_iter().map(|q| (Occur::Should, q)).collect();
    match required.len() {
        0 => Box::new(BooleanQuery::new(should(optional))),
        1 => Box::new(ScoredWithin::new(required.remove(0), optional)),
        _ => {
            let all = required.into_iter().map(|q| (Occur::Must, q)).collect();
            Box::new(ScoredWithin::new(
                Box::new(BooleanQuery::new(all)),
                optional,
            ))
        }
    }
}

/// What a record's being within the time window adds to its score: tantivy scores a range
/// query's records with a constant, the boost of 1 (also when the range holds every date of
/// a segment and it matches all of its records).
const WINDOW_SCORE: f32 = 1.0;

/// The addresses and scores of the `limit` best records of [`ranked`]`(required and the
/// time window, optional)`. With nothing but the window required, every record of the
/// window matches (those matching no optional clause score [`WINDOW_SCORE`], the least), and
/// finding them means reading the publication date of every record in the index. So the
/// records matching some optional clause are taken first, their dates read one by one:
/// when enough of them score above the window alone, they are the same best records with
/// the same scores. When all of them are too few, the places left go, as tantivy gives
/// them among equal scores, to the window's first records in index order: the window is
/// read from the start only until there are enough.
fn best_ranked_hits(
    searcher: &Searcher,
    required: Vec<Box<dyn Query>>,
    window: Option<Box<dyn Query>>,
    optional: Vec<Box<dyn Query>>,
    limit: usize,
) -> Result<Vec<(f32, DocAddress)>, RetrieveError> {
    if let Some(window) = window.as_ref().filter(|_| required.is_empty()) {
        if !optional.is_empty() {
            let wanted = limit + TIES_WINDOW;
            let any = optional
                .iter()
                .map(|q| (Occur::Should, q.box_clone()))
                .collect();
            // The window scored as a constant: a window holding every date of a segment is
            // otherwise left out of the sum (tantivy drops a clause matching everything
            // from a conjunction), where beside optional clauses it is not.
            let within = BooleanQuery::new(vec![
                (
                    Occur::Must,
                    Box::new(BooleanQuery::new(any)) as Box<dyn Query>,
                ),
                (
                    Occur::Must,
                    Box::new(ConstScoreQuery::new(window.box_clone(), WINDOW_SCORE)),
                ),
            ]);
            let best = TopDocs::with_limit(wanted).order_by_score();
            let mut hits = searcher
                .search(&within, &best)
                .map_err(RetrieveError::Search)?;
            if hits.len() == wanted && hits.last().is_some_and(|(score, _)| *score > WINDOW_SCORE) {
                return cut_fairly(searcher, hits, limit);
            }
            if hits.len() < wanted {
                let rest = window_alone(searcher, &**window, wanted + hits.len(), &hits)?;
                hits.extend(rest);
                // tantivy's order: the best first, equal scores by address.
                hits.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
                hits.truncate(wanted);
                return cut_fairly(searcher, hits, limit);
            }
        }
    }
    let mut required = required;
    required.extend(window);
    best_hits(searcher, &*ranked(required, optional), limit)
}

/// How many statements holding every topic word are enough to rank without the wider search.
const ENOUGH_WITH_EVERY_WORD: usize = 20;

/// The quick first try for a topic: records whose `field` holds every topic word (and, with
/// a name, that are stored under one of its keys: a statement stored under a variant of
/// the name, "hillary rodham clinton" for "hillary clinton", is as much the person's). A conjunction of terms, which
/// tantivy answers by block-max intersection however common the words are, where the
/// disjunction of every word over every field must score a large share of a big corpus.
/// When enough records hold every word they are the best candidates anyway: `Enough`. When
/// too few do, they are still the likeliest answers to a question that quotes the words
/// ("who said I'm not satisfied, but a lot of other people are satisfied"), whose many
/// common words can push them out of the wide search's best: `Few`, for the caller to add.
fn with_every_word(
    searcher: &Searcher,
    f: &Fields,
    c: &Criteria<'_>,
    (field, by): (Field, Option<(Field, &[String])>),
    limit: usize,
) -> Result<EveryWord, RetrieveError> {
    if c.newest_first || c.require_entity {
        return Ok(EveryWord::Few(Vec::new()));
    }
    let words = analyzed_terms(searcher, field, c.topic)?;
    if words.is_empty() {
        return Ok(EveryWord::Few(Vec::new()));
    }
    let window = published_within(f, c);
    // One word and the name: a conjunction of two, whose sum is the same whichever tantivy
    // takes first, so the name's keys can be the union that seeks without a buffer.
    let two = words.len() == 1 && window.is_none();
    let mut must: Vec<(Occur, Box<dyn Query>)> = words
        .into_iter()
        .map(|t| (Occur::Must, term_query(t)))
        .collect();
    if let Some((key_field, keys)) = by {
        let named: Box<dyn Query> = if two && keys.len() > 1 {
            Box::new(AnyOf::new(
                keys.iter()
                    .map(|k| term_query(Term::from_field_text(key_field, k)))
                    .collect(),
            ))
        } else {
            Box::new(any_term(key_field, keys))
        };
        must.push((Occur::Must, named));
    }
    must.extend(window.map(|q| (Occur::Must, q)));
    // Counted before any record is read from the store.
    let hits = best_hits(searcher, &BooleanQuery::new(must), limit)?;
    if hits.len() >= ENOUGH_WITH_EVERY_WORD {
        return Ok(EveryWord::Enough(hits));
    }
    Ok(EveryWord::Few(hits))
}

/// What [`with_every_word`] found.
enum EveryWord {
    Enough(Vec<(f32, DocAddress)>),
    Few(Vec<(f32, DocAddress)>),
}

/// `wide`'s hits, then those of `every_word` it lacks: they hold every word asked about.
fn with_hits_of_every_word(
    wide: Vec<(f32, DocAddress)>,
    every_word: Vec<(f32, DocAddress)>,
) -> Vec<(f32, DocAddress)> {
    let mut out = wide;
    for hit in every_word {
        if !out.iter().any(|(_, a)| *a == hit.1) {
            out.push(hit);
        }
    }
    out
}

/// The records among the first `n` of `window` in index order (deleted ones skipped) that
/// are not in `matched`, with the score `window` gives them alone.
fn window_alone(
    searcher: &Searcher,
    window: &dyn Query,
    n: usize,
    matched: &[(f32, DocAddress)],
) -> Result<Vec<(f32, DocAddress)>, RetrieveError> {
    let weight = window
        .weight(EnableScoring::enabled_from_searcher(searcher))
        .map_err(RetrieveError::Search)?;
    let matched: HashSet<DocAddress> = matched.iter().map(|(_, a)| *a).collect();
    let mut out = Vec::new();
    let mut seen = 0;
    for (ord, reader) in searcher.segment_readers().iter().enumerate() {
        if seen >= n {
            break;
        }
        let mut scorer = weight.scorer(reader, 1.0).map_err(RetrieveError::Search)?;
        let alive = reader.alive_bitset();
        let mut doc = scorer.doc();
        while doc != TERMINATED && seen < n {
            if alive.is_none_or(|a| a.is_alive(doc)) {
                seen += 1;
                let addr = DocAddress::new(ord as u32, doc);
                if !matched.contains(&addr) {
                    out.push((scorer.score(), addr));
                }
            }
            doc = scorer.advance();
        }
    }
    Ok(out)
}

/// The query of records published within `c.published`, if it is set.
fn published_within(f: &Fields, c: &Criteria<'_>) -> Option<Box<dyn Query>> {
    let window = c.published?;
    let bound = |d: Option<NaiveDate>| match d {
        Some(d) => Bound::Included(Term::from_field_date(f.published, date_value(d))),
        None => Bound::Unbounded,
    };
    Some(Box::new(RangeQuery::new(
        bound(window.from),
        bound(window.to),
    )))
}

/// Candidate sentences with their BM25 scores: a flat disjunction over the sentence's own
/// fields.
pub fn passages(
    index: &Index,
    c: &Criteria<'_>,
    limit: usize,
) -> Result<Vec<(f32, StoredPassage)>, RetrieveError> {
    let searcher = index.searcher();
    let f = index.fields();
    let read = |d: &TantivyDocument| StoredPassage::read(d, f);
    // The first name's full key: a passage naming the person the question names first.
    let named = c.entity_keys.get(..1).map(|first| (f.entities, first));
    let every_word = match with_every_word(&searcher, f, c, (f.text, named), limit)? {
        EveryWord::Enough(hits) => return read_hits(&searcher, hits, read),
        EveryWord::Few(hits) => hits,
    };
    let mut should = topic_clauses(&searcher, c, &[(f.text, 1.0)])?;
    for key in c.entity_keys {
        should.push(boosted(
            term_query(Term::from_field_text(f.entities, key)),
            2.0,
        ));
    }
    if should.is_empty() {
        return Ok(Vec::new());
    }
    let window = published_within(f, c);
    let wide = best_ranked_hits(&searcher, Vec::new(), window, should, limit)?;
    read_hits(&searcher, with_hits_of_every_word(wide, every_word), read)
}

/// The stored metadata of an article.
pub fn document(index: &Index, id: &str) -> Result<Option<StoredDoc>, RetrieveError> {
    let searcher = index.searcher();
    let f = index.fields();
    let q = BooleanQuery::new(vec![
        (Occur::Must, record(f, schema::DOC)),
        (Occur::Must, term_query(Term::from_field_text(f.doc_id, id))),
    ]);
    let found = fetch(&searcher, &q, 1, |d| StoredDoc::read(d, f))?;
    Ok(found.into_iter().next().map(|(_, d)| d))
}

/// The most records of one kind read from one article: far above any real article's
/// sentences or statements, a stop for a pathological one.
pub const MAX_RECORDS_PER_DOCUMENT: usize = 5_000;

/// The stored metadata of the articles `ids` (those the index holds), in one search.
pub fn documents(index: &Index, ids: &[String]) -> Result<Vec<StoredDoc>, RetrieveError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let searcher = index.searcher();
    let f = index.fields();
    let q = BooleanQuery::new(vec![
        (Occur::Must, record(f, schema::DOC)),
        (Occur::Must, Box::new(any_term(f.doc_id, ids))),
    ]);
    let found = fetch(&searcher, &q, ids.len(), |d| StoredDoc::read(d, f))?;
    Ok(found.into_iter().map(|(_, d)| d).collect())
}

/// Every statement and every sentence stored for the article `id`, in no set order.
pub fn document_records(
    index: &Index,
    id: &str,
) -> Result<(Vec<StoredStatement>, Vec<StoredPassage>), RetrieveError> {
    let searcher = index.searcher();
    let f = index.fields();
    let of = |kind: &str| {
        BooleanQuery::new(vec![
            (Occur::Must, record(f, kind)),
            (Occur::Must, term_query(Term::from_field_text(f.doc_id, id))),
        ])
    };
    let statements = fetch(
        &searcher,
        &of(schema::STMT),
        MAX_RECORDS_PER_DOCUMENT,
        |d| StoredStatement::read(d, f),
    )?;
    let sentences = fetch(
        &searcher,
        &of(schema::SENT),
        MAX_RECORDS_PER_DOCUMENT,
        |d| StoredPassage::read(d, f),
    )?;
    Ok((
        statements.into_iter().map(|(_, s)| s).collect(),
        sentences.into_iter().map(|(_, s)| s).collect(),
    ))
}

/// Articles whose titles best match `words` (for picking a document by its title).
pub fn documents_by_title(
    index: &Index,
    words: &str,
    limit: usize,
) -> Result<Vec<StoredDoc>, RetrieveError> {
    let searcher = index.searcher();
    let f = index.fields();
    let terms: Vec<(Occur, Box<dyn Query>)> = analyzed_terms(&searcher, f.title, words)?
        .into_iter()
        .map(|t| (Occur::Should, term_query(t)))
        .collect();
    if terms.is_empty() {
        return Ok(Vec::new());
    }
    let q = BooleanQuery::new(terms);
    let found = fetch(&searcher, &q, limit, |d| StoredDoc::read(d, f))?;
    Ok(found.into_iter().map(|(_, d)| d).collect())
}

/// How many statements are stored under these speaker keys.
pub fn statement_count(index: &Index, keys: &[String]) -> Result<usize, RetrieveError> {
    let searcher = index.searcher();
    let f = index.fields();
    searcher
        .search(&any_term(f.speaker_key, keys), &tantivy::collector::Count)
        .map_err(RetrieveError::Search)
}

/// The topic words (and, at half weight, related words) as terms of each weighted field.
fn topic_clauses(
    searcher: &Searcher,
    c: &Criteria<'_>,
    weighted: &[(Field, f32)],
) -> Result<Vec<Box<dyn Query>>, RetrieveError> {
    let mut out: Vec<Box<dyn Query>> = Vec::new();
    for &(field, weight) in weighted {
        for t in analyzed_terms(searcher, field, c.topic)? {
            out.push(boosted(term_query(t), weight));
        }
        for word in c.related {
            for t in analyzed_terms(searcher, field, word)? {
                out.push(boosted(term_query(t), weight * 0.5));
            }
        }
    }
    Ok(out)
}

/// How much each of `words` tells apart, by BM25's inverse document frequency over the
/// statements' content: a rare word ("waterboarding") says more of what was said than a
/// common one ("nothing"). A word the index lacks weighs as the rarest.
pub fn word_weights(index: &Index, words: &[String]) -> Result<Vec<f32>, RetrieveError> {
    let searcher = index.searcher();
    let f = index.fields();
    let n = searcher.num_docs() as f32;
    let mut out = Vec::with_capacity(words.len());
    for w in words {
        let mut df = 0u64;
        for t in analyzed_terms(&searcher, f.content, w)? {
            df = df.max(searcher.doc_freq(&t).map_err(RetrieveError::Search)?);
        }
        let df = df as f32;
        out.push((1.0 + (n - df + 0.5) / (df + 0.5)).ln());
    }
    Ok(out)
}

/// Terms of `text` as the field's tokenizer makes them, stop words dropped.
pub fn analyzed_terms(
    searcher: &Searcher,
    field: Field,
    text: &str,
) -> Result<Vec<Term>, RetrieveError> {
    let mut tokenizer = searcher
        .index()
        .tokenizer_for_field(field)
        .map_err(RetrieveError::Tokenizer)?;
    let mut out = Vec::new();
    let words: Vec<&str> = text
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’' || c == '-'))
        .filter(|w| !w.is_empty() && !is_stopword(&w.to_lowercase()))
        .collect();
    let filtered = words.join(" ");
    let mut stream = tokenizer.token_stream(&filtered);
    while stream.advance() {
        let term = Term::from_field_text(field, &stream.token().text);
        if !out.contains(&term) {
            out.push(term);
        }
    }
    Ok(out)
}

fn record(f: &Fields, kind: &str) -> Box<dyn Query> {
    term_query(Term::from_field_text(f.record, kind))
}

fn term_query(t: Term) -> Box<dyn Query> {
    Box::new(TermQuery::new(t, IndexRecordOption::WithFreqs))
}

fn boosted(q: Box<dyn Query>, boost: f32) -> Box<dyn Query> {
    Box::new(BoostQuery::new(q, boost))
}

fn any_term(field: Field, keys: &[String]) -> BooleanQuery {
    BooleanQuery::new(
        keys.iter()
            .map(|k| (Occur::Should, term_query(Term::from_field_text(field, k))))
            .collect(),
    )
}

/// The `limit` most recently published records matching `q`, scored 0 (their order is
/// their date, not how well they match).
fn fetch_newest<T>(
    searcher: &Searcher,
    q: &dyn Query,
    limit: usize,
    read: impl Fn(&TantivyDocument) -> T,
) -> Result<Vec<(f32, T)>, RetrieveError> {
    let newest = TopDocs::with_limit(limit + TIES_WINDOW)
        .order_by_fast_field::<tantivy::DateTime>(schema::PUBLISHED, tantivy::Order::Desc);
    let hits = searcher.search(q, &newest).map_err(RetrieveError::Search)?;
    read_hits(
        searcher,
        cut_fairly(searcher, hits, limit)?
            .into_iter()
            .map(|(_, addr)| (0.0, addr)),
        read,
    )
}

/// The `limit` best-scoring records matching `q`.
fn fetch<T>(
    searcher: &Searcher,
    q: &dyn Query,
    limit: usize,
    read: impl Fn(&TantivyDocument) -> T,
) -> Result<Vec<(f32, T)>, RetrieveError> {
    read_hits(searcher, best_hits(searcher, q, limit)?, read)
}

/// The addresses and scores of the `limit` best-scoring records matching `q`, ties at the
/// cut broken by [`cut_fairly`].
fn best_hits(
    searcher: &Searcher,
    q: &dyn Query,
    limit: usize,
) -> Result<Vec<(f32, DocAddress)>, RetrieveError> {
    let best = TopDocs::with_limit(limit + TIES_WINDOW).order_by_score();
    let hits = searcher.search(q, &best).map_err(RetrieveError::Search)?;
    cut_fairly(searcher, hits, limit)
}

/// How many records past the limit a search looks at for those tied with the last one kept.
const TIES_WINDOW: usize = 100;

/// The first `limit` of `hits` (ordered best first), the records tied at the cut chosen by
/// when they were published (newest first) and where in their article they stand. Equal
/// scores are common (short records, lengths quantised to a byte), and tantivy breaks ties
/// by the record's place in its segment: which of them made the cut would depend on how
/// the index happened to be segmented (threads, commits, a resumed ingest), and so would
/// the answers. The date and position are read from fast fields, not the document store.
fn cut_fairly<K: PartialEq + Copy>(
    searcher: &Searcher,
    mut hits: Vec<(K, DocAddress)>,
    limit: usize,
) -> Result<Vec<(K, DocAddress)>, RetrieveError> {
    if hits.len() <= limit || limit == 0 {
        return Ok(hits);
    }
    let cut = hits[limit - 1].0;
    let first_tied = hits
        .iter()
        .position(|(k, _)| *k == cut)
        .unwrap_or(limit - 1);
    let last_tied = first_tied
        + hits[first_tied..]
            .iter()
            .take_while(|(k, _)| *k == cut)
            .count();
    hits.truncate(last_tied);
    let tied = hits.split_off(first_tied);
    let mut columns = HashMap::new();
    let mut placed = Vec::with_capacity(tied.len());
    for hit in tied {
        placed.push((place(searcher, &mut columns, hit.1)?, hit));
    }
    placed.sort_by_key(|p| p.0);
    let room = limit - first_tied;
    settle_by_article(searcher, &mut placed, room)?;
    hits.extend(placed.into_iter().take(room).map(|(_, hit)| hit));
    Ok(hits)
}

/// Records from the same day at the same place in their articles, some inside the first
/// `room` and some not, are taken in the order of their articles' ids: tantivy's order
/// among them is the order they happened to be indexed in (two ingest threads put them
/// in segments in either order), and which of them got in changed answers ("Barack Obama"
/// or "Obama" as the name the most records give). Their ids are read from the doc store,
/// for those few only.
fn settle_by_article<P: PartialEq + Copy, H: Copy>(
    searcher: &Searcher,
    placed: &mut [(P, (H, DocAddress))],
    room: usize,
) -> Result<(), RetrieveError> {
    if room == 0 || placed.len() <= room || placed[room - 1].0 != placed[room].0 {
        return Ok(());
    }
    let at_cut = placed[room - 1].0;
    let first = placed
        .iter()
        .position(|p| p.0 == at_cut)
        .unwrap_or(room - 1);
    let last = first + placed[first..].iter().take_while(|p| p.0 == at_cut).count();
    let doc_id = searcher
        .schema()
        .get_field(schema::DOC_ID)
        .map_err(RetrieveError::Search)?;
    let mut keyed = Vec::with_capacity(last - first);
    for p in &placed[first..last] {
        let addr = p.1 .1;
        let doc: TantivyDocument = searcher.doc(addr).map_err(RetrieveError::Read)?;
        let id = doc
            .get_first(doc_id)
            .and_then(|v| tantivy::schema::Value::as_str(&v))
            .unwrap_or_default()
            .to_string();
        keyed.push(((id, addr), *p));
    }
    keyed.sort_by(|a, b| a.0.cmp(&b.0));
    for (slot, (_, p)) in placed[first..last].iter_mut().zip(keyed) {
        *slot = p;
    }
    Ok(())
}

/// A segment's publication-date and position columns.
type PlaceColumns = (Column<tantivy::DateTime>, Column<u64>);

/// Where a record stands, for breaking ties: newest first, then earlier in its article.
/// `columns` keeps each segment's columns once opened.
fn place(
    searcher: &Searcher,
    columns: &mut HashMap<u32, PlaceColumns>,
    addr: DocAddress,
) -> Result<(std::cmp::Reverse<i64>, u64), RetrieveError> {
    let (published, position) = match columns.entry(addr.segment_ord) {
        std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
        std::collections::hash_map::Entry::Vacant(e) => {
            let fast = searcher.segment_reader(addr.segment_ord).fast_fields();
            let published = fast
                .date(schema::PUBLISHED)
                .map_err(RetrieveError::Search)?;
            let position = fast.u64(schema::POSITION).map_err(RetrieveError::Search)?;
            e.insert((published, position))
        }
    };
    let published = published
        .first(addr.doc_id)
        .map_or(i64::MIN, |d| d.into_timestamp_secs());
    let position = position.first(addr.doc_id).unwrap_or(0);
    Ok((std::cmp::Reverse(published), position))
}

/// The stored records of `hits`, each with its score.
fn read_hits<T>(
    searcher: &Searcher,
    hits: impl IntoIterator<Item = (f32, DocAddress)>,
    read: impl Fn(&TantivyDocument) -> T,
) -> Result<Vec<(f32, T)>, RetrieveError> {
    let mut records = RecordReader::new(searcher).map_err(RetrieveError::Read)?;
    hits.into_iter()
        .map(|(score, addr)| {
            let doc = records.read(addr).map_err(RetrieveError::Read)?;
            Ok((score, read(&doc)))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use tantivy::doc;

    use super::*;

    fn hits(scores: &[f32]) -> Vec<(f32, DocAddress)> {
        (0..)
            .zip(scores)
            .map(|(d, &s)| (s, DocAddress::new(0, d)))
            .collect()
    }

    fn entity(name: &str) -> StoredEntity {
        StoredEntity {
            doc_id: "d".into(),
            name: name.into(),
            keys: vec![name.to_lowercase()],
            kind: Some(EntityKind::Person),
            roles: Vec::new(),
            aliases: Vec::new(),
            published: None,
        }
    }

    #[test]
    fn the_fullest_name_heads_a_link_even_when_the_surname_alone_is_written_more() {
        // Table: names as the entity records hold them, the name the answer is headed with.
        let cases: &[(&[&str], &str)] = &[
            (
                &["Obama", "Obama", "Obama", "Barack Obama", "Barack Obama"],
                "Barack Obama",
            ),
            (
                &[
                    "Obama",
                    "Obama",
                    "Michelle Obama",
                    "Barack Obama",
                    "Barack Obama",
                ],
                "Barack Obama",
            ),
            (&["Trump", "Trump"], "Trump"),
            // Among full names, their own mentions decide.
            (
                &[
                    "Trump",
                    "Trump",
                    "Donald Trump",
                    "Donald Trump",
                    "Donald J. Trump",
                ],
                "Donald Trump",
            ),
            (
                &["Rubio", "Marco Rubio", "Marco Rubio", "Marco Rubio Miss"],
                "Marco Rubio",
            ),
            // A misread phrase is no fuller name.
            (
                &["Facebook", "Facebook", "According to the school's Facebook"],
                "Facebook",
            ),
            (
                &["Facebook", "Facebook", "From Bush's Facebook"],
                "Facebook",
            ),
            // A different person is no fuller form: the most named one still wins.
            (
                &["Kaine", "Kaine", "Kaine", "Tim Kaine", "Tom Brady"],
                "Tim Kaine",
            ),
        ];
        for (names, want) in cases {
            let linked = summarise_link(names.iter().map(|n| entity(n)).collect());
            assert_eq!(linked.display, *want, "{names:?}");
        }
    }

    fn day(n: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, 1, 1).expect("date") + chrono::Duration::days(n.into())
    }

    /// Sentences published over 100 days, 40 a day in no order of date, some holding
    /// "budget" (one in seven) or "tax" (rarer, only in the first half); two segments.
    fn dated_index() -> (tantivy::Index, Fields) {
        let (schema, f) = Fields::schema();
        let index = tantivy::Index::create_in_ram(schema);
        let mut w: tantivy::IndexWriter = index
            .writer_with_num_threads(1, 20_000_000)
            .expect("writer");
        for i in 0..4_000u32 {
            let mut text = String::from("the minister spoke");
            if i % 7 == 0 {
                text.push_str(" about the budget");
            }
            if i % 11 == 3 && i < 2_000 {
                text.push_str(" and the tax, the tax");
            }
            w.add_document(doc!(
                f.text => text,
                f.published => date_value(day((i * 37) % 100)),
                f.position => u64::from(i % 5),
            ))
            .expect("add");
            if i == 2_500 {
                w.commit().expect("commit");
            }
        }
        w.commit().expect("commit");
        (index, f)
    }

    #[test]
    fn a_window_and_words_find_what_a_boolean_query_of_them_finds() {
        let (index, f) = dated_index();
        let searcher = index.reader().expect("reader").searcher();
        assert_eq!(searcher.segment_readers().len(), 2);
        // Many matches in the window, few (the window's first records fill the places
        // left), none.
        for (from, to, words, limit) in [
            (0, 99, &["budget"][..], 100),
            (0, 99, &["budget", "tax"][..], 20),
            (10, 20, &["budget"][..], 5),
            (10, 12, &["tax"][..], 100),
            (40, 60, &["tax", "budget"][..], 30),
            (50, 50, &["nowhere"][..], 10),
        ] {
            let bound = |d| Bound::Included(Term::from_field_date(f.published, date_value(day(d))));
            let window = || -> Box<dyn Query> { Box::new(RangeQuery::new(bound(from), bound(to))) };
            let optional = || -> Vec<Box<dyn Query>> {
                words
                    .iter()
                    .map(|w| term_query(Term::from_field_text(f.text, w)))
                    .collect()
            };
            let mut clauses: Vec<(Occur, Box<dyn Query>)> =
                optional().into_iter().map(|q| (Occur::Should, q)).collect();
            clauses.push((Occur::Must, window()));
            let want = best_hits(&searcher, &BooleanQuery::new(clauses), limit).expect("want");
            let got = best_ranked_hits(&searcher, Vec::new(), Some(window()), optional(), limit)
                .expect("got");
            assert!(!want.is_empty());
            assert_eq!(got, want, "{from}-{to} {words:?}");
        }
    }

    #[test]
    fn fewer_hits_than_the_limit_are_all_kept() {
        let index = tantivy::Index::create_in_ram(crate::index::schema::Fields::schema().0);
        let searcher = index.reader().expect("reader").searcher();
        assert_eq!(
            cut_fairly(&searcher, hits(&[3.0, 2.0]), 5)
                .expect("cut")
                .len(),
            2
        );
        assert_eq!(
            cut_fairly(&searcher, hits(&[3.0, 2.0]), 0)
                .expect("cut")
                .len(),
            2
        );
    }
}
