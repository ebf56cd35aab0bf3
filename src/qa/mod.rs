//! Answering questions: understanding the question ([`understand`]), retrieving candidates
//! from the index ([`retrieve`]), ranking them ([`rank`]) and assembling an [`Answer`] with
//! a citation for every statement.
//!
//! May call `corpus` (documents), `index` and `nlp` (names, time); knows nothing of
//! rendering or Discord. When nothing fits, the answer is empty and names what was looked
//! for: it never offers another speaker instead. When the index fails, the answer is a
//! [`QaError`], never an empty answer: "nobody said that" must mean the corpus was
//! searched.

pub mod answer;
pub mod followup;
mod lookup;
pub mod person;
pub mod rank;
pub mod retrieve;
mod scored;
pub mod statement;
pub mod statement_id;
pub mod synonyms;
pub mod understand;

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

pub use answer::{Answer, CitedPassage, CitedStatement, DocRef, EntityInfo, Intent, TimeWindow};
pub use followup::{Conversation, Form, LeaveOut, Resolution, Turn};
pub use person::{person_statements, PersonFilter, PersonStatements};
pub use statement::{statement_in_context, ContextSentence, OtherSpeaker, StatementInContext};
pub use statement_id::{StatementId, StatementIdError};
pub use understand::Question;

use crate::index::{Index, IndexError, StoredPassage, StoredStatement};
use crate::nlp::{time, DateSpan};
use retrieve::{names_one_person, Criteria, Linked, RetrieveError};

/// How many holders of a role a what-said question tries, the most recent first, until one
/// said something on its topic.
const ROLE_HOLDERS_TRIED: usize = 5;
/// How many statements a "what did X say" answer shows at most.
const MAX_STATEMENTS: usize = 5;
/// How many statements a timeline shows at most.
const MAX_TIMELINE: usize = 8;
/// How many recent statements an answer offers when none is from the time asked about.
const MAX_RECENT: usize = 3;
/// How many statements a "when did X say Y" answer shows at most (Y said more than once).
const MAX_WHEN_STATEMENTS: usize = 2;
/// How far from the time a question asks about a statement may be published and still be
/// looked at (see `Context::published_window`).
const REPORTED_WITHIN_DAYS: i64 = 31;
/// How much a statement with no named speaker counts in "who said" answers.
const UNNAMED_SPEAKER_WEIGHT: f32 = 0.8;

/// What holding the role a who-question asks for ("which pollster") adds to a statement's
/// rank: as much as three quarters of the topic's words.
const ROLE_HOLDER_BONUS: f32 = 3.0;

/// The index failed while answering.
#[derive(Debug, thiserror::Error)]
pub enum QaError {
    #[error(transparent)]
    Retrieve(#[from] RetrieveError),
    #[error(transparent)]
    Index(#[from] IndexError),
}

/// Build the word lists, grammars and tables that reading and ranking a question use, which
/// are made on first use: a fresh process's first question then costs what later ones do.
pub fn prepare() {
    let today = chrono::Utc::now().date_naive();
    let q = understand::read(
        "When did the mayor say the summit was cancelled last week?",
        today,
        &understand::NoNames,
    );
    std::hint::black_box(synonyms::expand(&rank::topic_words(&q.topic)));
}

/// Answer a question from the index. `today` anchors relative times in the question.
pub fn answer(index: &Index, raw: &str, today: NaiveDate) -> Result<Answer, QaError> {
    answer_excluding(index, raw, today, &HashSet::new())
}

/// [`answer`], never citing the documents whose ids are in `exclude` (documents a server's
/// moderators hid): they are left out before ranking, so the answer is what it would be
/// without them.
pub fn answer_excluding(
    index: &Index,
    raw: &str,
    today: NaiveDate,
    exclude: &HashSet<String>,
) -> Result<Answer, QaError> {
    // Relative times count back from the newest article when the corpus ends before today:
    // "last week" in an archive means the archive's last week.
    let basis = match index.date_range()? {
        (_, Some(latest)) if latest < today => latest,
        _ => today,
    };
    let q = understand::read(raw, basis, &lookup::IndexNames::new(index));
    answer_question(index, &q, exclude)
}

/// A question answered in a conversation: the answer, the turn to remember, and which
/// follow-up it was read as (`None`: as asked).
#[derive(Clone, Debug)]
pub struct Followed {
    pub answer: Answer,
    pub turn: Turn,
    pub form: Option<Form>,
}

/// Answer `raw` asked after `previous` (see [`followup`]): a follow-up is resolved against
/// it, anything else is answered as asked. Never cites the documents in `exclude` nor the
/// statements `demoted` names (a server's feedback).
pub fn answer_in_conversation(
    index: &Index,
    raw: &str,
    today: NaiveDate,
    exclude: &HashSet<String>,
    previous: Option<&Turn>,
    demoted: &LeaveOut,
) -> Result<Followed, QaError> {
    let basis = match index.date_range()? {
        (_, Some(latest)) if latest < today => latest,
        _ => today,
    };
    let q = understand::read(raw, basis, &lookup::IndexNames::new(index));
    let resolution = match previous {
        Some(p) => followup::resolve(p, raw, &q),
        None => Resolution::AsAsked,
    };
    match resolution {
        Resolution::AsAsked => {
            let answer = answer_question_leaving_out(index, &q, exclude, demoted)?;
            let turn = Turn::of(&q.text, &answer, Vec::new());
            Ok(Followed {
                answer,
                turn,
                form: None,
            })
        }
        Resolution::Ask {
            form,
            question,
            leave_out,
        } => {
            let leave = leave_out.clone().with(demoted);
            let answer = answer_question_leaving_out(index, &question, exclude, &leave)?;
            let mut turn = Turn::of(&question.text, &answer, leave_out.speakers);
            // What the conversation showed before stays shown: "what else did he say?"
            // after "and about Ukraine?" means besides everything cited so far.
            if let Some(p) = previous {
                let new = std::mem::take(&mut turn.shown);
                turn.shown = p.shown.clone();
                turn.shown
                    .extend(new.into_iter().filter(|k| !p.shown.contains(k)));
            }
            Ok(Followed {
                answer,
                turn,
                form: Some(form),
            })
        }
        Resolution::Previous { statement, subject } => {
            let statement = statement
                .map(|s| *s)
                .filter(|s| !exclude.contains(&s.document.id) && !demoted.drops(&s.key(), None));
            let text = match &subject {
                Some(s) => format!("When did {s} say that?"),
                None => "When was that said?".to_string(),
            };
            let answer = Answer {
                question: text.clone(),
                intent: Intent::When,
                subject,
                topic: previous.and_then(|p| p.topic.clone()),
                statements: statement.into_iter().collect(),
                passages: Vec::new(),
                entity: None,
                yes_no: false,
                unresolved: None,
                outside_window: None,
            };
            // The conversation goes on about the same question: "what else?" after "when
            // was that?" still means what else the person said, and "More" pages it; what
            // this answer cites is the one statement (its buttons vote on that).
            let turn = match previous {
                Some(p) => Turn {
                    statements: answer.statements.clone(),
                    ..p.clone()
                },
                None => Turn::of(&text, &answer, Vec::new()),
            };
            Ok(Followed {
                answer,
                turn,
                form: Some(Form::When),
            })
        }
    }
}

/// The next statements for the question of `turn` ("More"): asked again, leaving out what
/// it showed already; the turn that follows shows those too. An answer with no statement
/// means there is no more.
pub fn more(
    index: &Index,
    turn: &Turn,
    today: NaiveDate,
    exclude: &HashSet<String>,
    demoted: &LeaveOut,
) -> Result<Followed, QaError> {
    let basis = match index.date_range()? {
        (_, Some(latest)) if latest < today => latest,
        _ => today,
    };
    let q = understand::read(&turn.question, basis, &lookup::IndexNames::new(index));
    let leave = turn.seen().with(demoted);
    let answer = answer_question_leaving_out(index, &q, exclude, &leave)?;
    let mut next = turn.clone();
    next.statements = answer.statements.clone();
    next.shown
        .extend(answer.statements.iter().map(CitedStatement::key));
    Ok(Followed {
        answer,
        turn: next,
        form: None,
    })
}

/// Answer a question already read (from a chat question, or built from a slash command's
/// fields).
pub fn answer_question(
    index: &Index,
    q: &Question,
    exclude: &HashSet<String>,
) -> Result<Answer, QaError> {
    answer_question_leaving_out(index, q, exclude, &LeaveOut::default())
}

/// [`answer_question`], never citing the statements `leave_out` names: those shown before
/// ("what else?", "More"), those of a speaker ("who else?"), and those a server voted down.
pub fn answer_question_leaving_out(
    index: &Index,
    q: &Question,
    exclude: &HashSet<String>,
    leave_out: &LeaveOut,
) -> Result<Answer, QaError> {
    let window = q.when.clone().map(|t| window(&q.text, t));
    let mut ctx = Context::new(index, q, window, exclude, leave_out);
    let mut out = Answer {
        question: q.text.clone(),
        intent: q.intent,
        subject: q.subject.as_ref().map(|s| s.as_asked()),
        topic: (!q.topic.trim().is_empty()).then(|| q.topic.trim().to_string()),
        statements: Vec::new(),
        passages: Vec::new(),
        entity: None,
        yes_no: q.yes_no,
        unresolved: q.unresolved.clone(),
        outside_window: None,
    };
    if q.unresolved.is_some() && q.subject.is_none() {
        // "he" alone names no one: ask for the name rather than guess.
        return Ok(out);
    }
    match q.intent {
        Intent::WhoIs => ctx.who_is(&mut out)?,
        Intent::WhoSaid => ctx.who_said(&mut out)?,
        Intent::When => ctx.when(&mut out)?,
        Intent::Search => ctx.search(&mut out)?,
        Intent::WhatSaid | Intent::Latest | Intent::Timeline | Intent::Position => {
            ctx.what_said(&mut out)?
        }
    }
    if out.statements.is_empty() && q.intent == Intent::WhoSaid {
        // "who said the deal would close in may?": no one said it in May, but someone said
        // those words. The time is read again as words of the statement.
        if let Some(as_words) = time_as_words(q) {
            let again = answer_question_leaving_out(index, &as_words, exclude, leave_out)?;
            if !again.statements.is_empty() {
                return Ok(again);
            }
        }
    }
    Ok(out)
}

/// Who an answer's heading names when its statements are not all of the corpus's fullest
/// name for the person asked about: a surname several people share ("Reed") has found
/// another holder's words. The one speaker they all come from, or the name as asked when
/// they come from several; `None` when the heading is right as it is.
fn heading_name(statements: &[CitedStatement], display: &str, asked: &str) -> Option<String> {
    let mut speakers: Vec<&str> = Vec::new();
    for s in statements.iter().filter_map(|s| s.speaker.as_deref()) {
        if !speakers.iter().any(|k| names_one_person(k, s)) {
            speakers.push(s);
        }
    }
    match speakers.as_slice() {
        [] => None,
        [one] if names_one_person(one, display) => None,
        [one] => Some((*one).to_string()),
        _ if speakers.iter().all(|s| names_one_person(s, display)) => None,
        _ => Some(as_written(asked, display)),
    }
}

/// The asked name as the corpus writes it: "Clintton", matched to "Hillary Clinton" by one
/// typo, heads the answer as "Clinton"; a name asked rightly stays as asked.
fn as_written(asked: &str, display: &str) -> String {
    let fixed: Vec<&str> = asked
        .split_whitespace()
        .map(|w| {
            display
                .split_whitespace()
                .find(|d| {
                    !d.eq_ignore_ascii_case(w)
                        && w.chars().count() >= 5
                        && strsim::levenshtein(&d.to_lowercase(), &w.to_lowercase()) == 1
                })
                .unwrap_or(w)
        })
        .collect();
    fixed.join(" ")
}

/// The question with its time read as words of what was said, not as a time it was said.
fn time_as_words(q: &Question) -> Option<Question> {
    let t = q.when.as_ref()?;
    let norm = understand::normalise::normalise(&q.text);
    let words = norm.text.get(t.span.start..t.span.end)?.trim();
    Some(Question {
        topic: format!("{} {words}", q.topic.trim()).trim().to_string(),
        when: None,
        ..q.clone()
    })
}

/// The timeline of one person ("/said person [about] [since]").
pub fn said(
    index: &Index,
    person: &str,
    about: Option<&str>,
    since: Option<NaiveDate>,
) -> Result<Answer, QaError> {
    said_excluding(index, person, about, since, &HashSet::new())
}

/// [`said`], never citing the documents in `exclude`.
pub fn said_excluding(
    index: &Index,
    person: &str,
    about: Option<&str>,
    since: Option<NaiveDate>,
    exclude: &HashSet<String>,
) -> Result<Answer, QaError> {
    let q = Question::from_fields(Intent::WhatSaid, person, about);
    let mut a = answer_question(index, &q, exclude)?;
    if let Some(since) = since {
        a.statements.retain(|s| {
            s.when
                .as_ref()
                .and_then(|w| w.end)
                .is_none_or(|end| end >= since)
        });
    }
    Ok(a)
}

/// The time a question asks about, in its own words with the dates they mean.
fn window(raw: &str, t: time::QuestionTime) -> TimeWindow {
    let day = |d: NaiveDate| d.format("%-d %B %Y").to_string();
    let words = raw.get(t.span.start..t.span.end).unwrap_or("").trim();
    let text = match (t.range.start, t.range.end) {
        (Some(start), _) if t.since => format!("{words} (from {})", day(start)),
        (None, Some(end)) if t.before => format!("{words} (up to {})", day(end)),
        _ => time::describe(&t.range),
    };
    TimeWindow {
        text,
        start: t.range.start,
        end: t.range.end,
    }
}

/// Whether a when-question asks when someone said something ("when did the Kremlin say
/// …", "when did Starmer propose …"), rather than when something happened ("when did Trump
/// talk to Putin", "when did Russia invade"): it names a speaker, says about what (more than
/// whom to: "when did Trump speak to Putin" asks about a conversation), and its verb is
/// plain "say" or one the articles attribute statements with.
fn asks_for_statement(q: &Question) -> bool {
    let names: Vec<String> = q
        .others
        .iter()
        .flat_map(|n| rank::content_words(&n.text))
        .collect();
    let about_something = rank::topic_words(&q.topic)
        .iter()
        .any(|w| !names.contains(w));
    q.subject.is_some() && about_something && q.cue.as_deref().is_none_or(is_attribution_cue)
}

/// Whether the whole of a verb asked about ("propose", "call for") is one of the cues the
/// extractor attributes statements by; "talk" is not, "talk about" is.
fn is_attribution_cue(cue: &str) -> bool {
    let words: Vec<&str> = cue.split_whitespace().collect();
    crate::nlp::lexicon::lexicon()
        .cue_at(&words)
        .is_some_and(|(len, _)| len == words.len())
}

/// "What did Jack Reed say": the statements found under his surname's key include every
/// Reed's. Those by another full name ("Scott Reed") are someone else's: left out. The name
/// compared is the one the question was linked to, so a misspelt question still finds the
/// person's statements; a role ("the Ukrainian president") or a surname alone keeps all.
fn others_of_the_surname_out(
    found: Vec<(f32, StoredStatement)>,
    asked: &understand::NameRef,
    linked: &retrieve::Linked,
) -> Vec<(f32, StoredStatement)> {
    if asked.is_role || !linked.display.contains(' ') || !asked.text.contains(' ') {
        return found;
    }
    let someone_else = |st: &StoredStatement| {
        st.speaker.as_deref().is_some_and(|name| {
            name.split_whitespace().count() > 1
                && !crate::nlp::names::matches(&linked.display, name)
        })
    };
    found
        .into_iter()
        .filter(|(_, st)| !someone_else(st))
        .collect()
}

/// The keys of a full name asked ("Jack Reed") without its surname's ("reed"), which holds
/// every person of that surname; `None` when the question asks by surname or role, or the
/// keys hold no surname key.
fn own_keys(asked: &understand::NameRef, linked: &Linked) -> Option<Vec<String>> {
    if asked.is_role || !linked.display.contains(' ') || !asked.text.contains(' ') {
        return None;
    }
    let surname = crate::nlp::names::surname_key(&linked.display);
    let own: Vec<String> = linked
        .keys
        .iter()
        .filter(|k| **k != surname)
        .cloned()
        .collect();
    (own.len() < linked.keys.len() && !own.is_empty()).then_some(own)
}

/// Whether a statement's speaker is no one in particular: none, only a count ("many",
/// "others"), or only a document ("statement").
fn names_no_one(st: &StoredStatement) -> bool {
    let lex = crate::nlp::lexicon::lexicon();
    // "Others said …", "a statement said …".
    let counts_or_documents =
        |k: &String| lex.quantifiers.contains(k) || lex.document_nouns.contains(k);
    st.speaker.is_none()
        || (!st.speaker_keys.is_empty() && st.speaker_keys.iter().all(counts_or_documents))
}

struct Context<'a> {
    index: &'a Index,
    q: &'a Question,
    /// The time the question restricts itself to, if any.
    window: Option<TimeWindow>,
    docs: HashMap<String, DocRef>,
    /// Documents never to cite.
    exclude: &'a HashSet<String>,
    /// Statements never to cite.
    leave_out: &'a LeaveOut,
    /// How much each topic word tells apart, found once per question ([`Self::rank`]).
    topic_weights: Option<Vec<f32>>,
}

impl<'a> Context<'a> {
    fn new(
        index: &'a Index,
        q: &'a Question,
        window: Option<TimeWindow>,
        exclude: &'a HashSet<String>,
        leave_out: &'a LeaveOut,
    ) -> Self {
        Context {
            index,
            q,
            window,
            docs: HashMap::new(),
            exclude,
            leave_out,
            topic_weights: None,
        }
    }

    /// [`rank::statements`], the topic's words weighed by how rare they are in the index.
    fn rank(
        &mut self,
        found: Vec<(f32, StoredStatement)>,
        others: &[String],
    ) -> Result<Vec<(f32, StoredStatement)>, QaError> {
        if self.topic_weights.is_none() {
            let words = rank::content_words(&self.q.topic);
            self.topic_weights = Some(retrieve::word_weights(self.index, &words)?);
        }
        let weights = self.topic_weights.as_deref().unwrap_or_default();
        Ok(rank::statements(found, self.q, others, weights))
    }

    /// Keep what falls in the question's time, judged by when it was said (or published).
    fn in_range(&self, when: Option<&DateSpan>, published: Option<NaiveDate>) -> bool {
        let Some(range) = &self.window else {
            return true;
        };
        let (start, end) = match when.and_then(|w| w.start.zip(w.end)) {
            Some(se) => se,
            None => match published {
                Some(p) => (p, p),
                None => return false,
            },
        };
        range.start.is_none_or(|s| end >= s) && range.end.is_none_or(|e| start <= e)
    }

    /// Publication dates that can hold what was said in the question's time: reports come
    /// out after the fact and previews before it, so a month's margin either side; then
    /// `in_range` judges by when it was said.
    fn published_window(&self) -> Option<retrieve::Published> {
        let range = self.window.as_ref()?;
        let margin = chrono::Duration::days(REPORTED_WITHIN_DAYS);
        Some(retrieve::Published {
            from: range.start.map(|d| d - margin),
            to: range.end.map(|d| d + margin),
        })
    }

    fn statements(&self, c: &Criteria<'_>) -> Result<Vec<(f32, StoredStatement)>, QaError> {
        self.statements_up_to(c, retrieve::CANDIDATES)
    }

    fn statements_up_to(
        &self,
        c: &Criteria<'_>,
        limit: usize,
    ) -> Result<Vec<(f32, StoredStatement)>, QaError> {
        let c = Criteria {
            published: self.published_window(),
            ..*c
        };
        let mut found = retrieve::statements(self.index, &c, limit)?;
        let key = |st: &StoredStatement| answer::statement_key(&st.doc_id, &st.content);
        found.retain(|(_, st)| {
            !self.exclude.contains(&st.doc_id)
                && self.in_range(st.when.as_ref(), st.published)
                && (self.leave_out.is_empty()
                    || !self.leave_out.drops(&key(st), st.speaker.as_deref()))
        });
        // Demoted statements (voted down by a server's members) stay candidates only when
        // nothing else is one.
        let demoted = &self.leave_out.demoted;
        if !demoted.is_empty() && found.iter().any(|(_, st)| !demoted.contains(&key(st))) {
            found.retain(|(_, st)| !demoted.contains(&key(st)));
        }
        Ok(found)
    }

    /// The statements of the person `asked` was linked to. A full name ("Jack Reed") is
    /// searched under its own keys first: the surname's key ("reed") holds every Reed's
    /// statements, and in a large corpus another Reed's can fill every candidate place (all
    /// of them, newest first). The surname is searched too only while the full name leaves
    /// room, for statements an article attributes to the surname alone; another full name
    /// of that surname is then left out.
    fn speaker_statements(
        &self,
        c: &Criteria<'_>,
        asked: &understand::NameRef,
        linked: &Linked,
        limit: usize,
    ) -> Result<Vec<(f32, StoredStatement)>, QaError> {
        let Some(own) = own_keys(asked, linked) else {
            let all = self.statements_up_to(c, limit)?;
            return Ok(others_of_the_surname_out(all, asked, linked));
        };
        let own = Criteria {
            speaker_keys: Some(&own),
            ..*c
        };
        let first = self.statements_up_to(&own, limit)?;
        if first.len() >= limit {
            return Ok(first);
        }
        let all = self.statements_up_to(c, limit)?;
        let mut all = others_of_the_surname_out(all, asked, linked);
        for found in first {
            let same = |(_, st): &(f32, StoredStatement)| {
                st.doc_id == found.1.doc_id
                    && st.position == found.1.position
                    && st.content == found.1.content
            };
            if !all.iter().any(same) {
                all.push(found);
            }
        }
        Ok(all)
    }

    fn passages(&self, c: &Criteria<'_>) -> Result<Vec<(f32, StoredPassage)>, QaError> {
        let c = Criteria {
            published: self.published_window(),
            ..*c
        };
        let mut found = retrieve::passages(self.index, &c, retrieve::CANDIDATES)?;
        found.retain(|(_, p)| {
            !self.exclude.contains(&p.doc_id) && self.in_range(p.when.as_ref(), p.published)
        });
        Ok(found)
    }

    /// Words searched at a lower weight: those related to the verb asked about. (The topic
    /// words' synonyms count in ranking, not in the search: as search terms they made every
    /// question's query twice as long for one answer more in 342.)
    fn related(&self) -> Vec<String> {
        synonyms::related(self.q.cue.as_deref())
    }

    fn link(&self, name: &understand::NameRef) -> Result<Option<Linked>, QaError> {
        if name.is_role {
            return Ok(retrieve::link_role(
                self.index,
                name.role_of.as_deref(),
                &name.text,
            )?);
        }
        Ok(retrieve::link_name(self.index, &name.text)?)
    }

    /// Keys of every name in the question that the corpus knows.
    fn other_keys(&self) -> Result<Vec<String>, QaError> {
        let mut keys = Vec::new();
        for name in &self.q.others {
            if let Some(linked) = self.link(name)? {
                keys.extend(linked.keys);
            }
        }
        Ok(keys)
    }

    fn who_is(&mut self, out: &mut Answer) -> Result<(), QaError> {
        let Some(subject) = &self.q.subject else {
            return Ok(());
        };
        let Some(linked) = self.link(subject)? else {
            return Ok(());
        };
        let mut records = retrieve::entity_records(self.index, &linked.keys)?;
        records.retain(|r| !self.exclude.contains(&r.doc_id));
        records.sort_by(|a, b| b.published.cmp(&a.published).then(a.doc_id.cmp(&b.doc_id)));
        let mut roles: Vec<String> = Vec::new();
        let mut aliases: Vec<String> = Vec::new();
        for r in &records {
            for role in &r.roles {
                if !roles.iter().any(|x| x.eq_ignore_ascii_case(role)) {
                    roles.push(role.clone());
                }
            }
            for alias in r.aliases.iter().chain(std::iter::once(&r.name)) {
                if alias != &linked.display
                    && !aliases.iter().any(|x| x.eq_ignore_ascii_case(alias))
                {
                    aliases.push(alias.clone());
                }
            }
        }
        let mut doc_ids: Vec<&str> = records.iter().map(|r| r.doc_id.as_str()).collect();
        doc_ids.sort_unstable();
        doc_ids.dedup();
        let cited = records
            .iter()
            .find(|r| !r.roles.is_empty())
            .or(records.first())
            .map(|r| r.doc_id.clone());
        let document = match cited {
            Some(id) => self.doc(&id)?,
            None => None,
        };
        out.subject = Some(linked.display.clone());
        out.entity = Some(EntityInfo {
            name: linked.display.clone(),
            kind: records
                .first()
                .and_then(|r| r.kind)
                .map_or("", |k| k.as_str())
                .to_string(),
            roles,
            aliases,
            documents: doc_ids.len(),
            statements: retrieve::statement_count(self.index, &linked.keys)?,
            document,
        });
        Ok(())
    }

    fn what_said(&mut self, out: &mut Answer) -> Result<(), QaError> {
        let others = self.other_keys()?;
        let related = self.related();
        let Some(subject) = &self.q.subject else {
            return self.said_near_others(out, &others, &related);
        };
        // "The latest from Rutte" keeps its words in the topic, but they say nothing of what.
        let name = rank::content_words(&subject.text);
        let focused = rank::content_words(&self.q.topic)
            .iter()
            .any(|w| !name.contains(w) && !understand::is_latest_word(w))
            || self.q.cue.is_some();
        let mut holders = if subject.is_role && focused {
            // A role has had several holders: the topic decides which one is meant.
            retrieve::link_role_holders(
                self.index,
                subject.role_of.as_deref(),
                &subject.text,
                ROLE_HOLDERS_TRIED,
            )?
        } else {
            self.link(subject)?.into_iter().collect()
        }
        .into_iter();
        let Some(latest) = holders.next() else {
            return Ok(());
        };
        let blank = out.clone();
        self.what_said_by(out, subject, &latest, focused, &others, &related)?;
        // Passages near the latest holder are no reason to stop: a statement is.
        for linked in holders {
            if !out.statements.is_empty() {
                break;
            }
            let mut tried = blank.clone();
            self.what_said_by(&mut tried, subject, &linked, focused, &others, &related)?;
            if !tried.statements.is_empty() {
                *out = tried;
            }
        }
        Ok(())
    }

    /// [`Self::what_said`] for one person the subject names.
    fn what_said_by(
        &mut self,
        out: &mut Answer,
        subject: &understand::NameRef,
        linked: &Linked,
        focused: bool,
        others: &[String],
        related: &[String],
    ) -> Result<(), QaError> {
        out.subject = Some(linked.display.clone());
        let topic = self.q.topic.as_str();
        let name = rank::content_words(&subject.text);
        // Nothing to match but the speaker: every statement of theirs scores alike, and a
        // timeline or "the latest" wants the recent ones.
        let newest_first = !focused && others.is_empty();
        let c = Criteria {
            speaker_keys: Some(&linked.keys),
            entity_keys: others,
            topic: if newest_first { "" } else { topic },
            related,
            cue: self.q.cue.as_deref(),
            newest_first,
            ..Criteria::default()
        };
        let found = self.speaker_statements(&c, subject, linked, retrieve::CANDIDATES)?;
        match self.q.intent {
            Intent::Latest => {
                let mut all = self.rank(found, others)?;
                if focused {
                    // "The latest from X about Y": the best few about Y, newest first.
                    all = all
                        .into_iter()
                        .filter(|(_, st)| rank::topical(self.q, st))
                        .take(3)
                        .collect();
                }
                rank::by_time(&mut all);
                all.reverse();
                out.statements = self.cite_all(all.into_iter().take(3))?;
            }
            Intent::Position => self.position(out, found, linked, others)?,
            _ if focused => {
                // A statement that shares no word with the topic does not answer it: "did
                // Trump say anything about whales" is "no", not his newest words.
                let on_topic = self
                    .rank(found, others)?
                    .into_iter()
                    .filter(|(_, st)| rank::topical(self.q, st));
                out.statements = self.cite_all(on_topic.take(MAX_STATEMENTS.min(3)))?;
            }
            _ => self.timeline(out, found, others)?,
        }
        if let Some(named) = heading_name(&out.statements, &linked.display, &subject.text) {
            out.subject = Some(named);
        }
        if out.is_empty() && self.window.is_some() {
            let words: Vec<String> = rank::topic_words(topic)
                .into_iter()
                .filter(|w| !name.contains(w) && !understand::is_latest_word(w))
                .collect();
            self.offer_most_recent(out, &c, others, &words)?;
        }
        Ok(())
    }

    /// "What was said in the call between Rubio and Lavrov?": any speaker, near the people
    /// named (`others`).
    fn said_near_others(
        &mut self,
        out: &mut Answer,
        others: &[String],
        related: &[String],
    ) -> Result<(), QaError> {
        let c = Criteria {
            entity_keys: others,
            topic: &self.q.topic,
            related,
            require_entity: true,
            ..Criteria::default()
        };
        let found = self.statements(&c)?;
        let ranked = self.rank(found, others)?;
        out.statements = self.cite_all(ranked.into_iter().take(3))?;
        Ok(())
    }

    /// "What's X's stance on Y": X's best statements on Y, and the passages on Y that name
    /// X (or the others asked about).
    fn position(
        &mut self,
        out: &mut Answer,
        found: Vec<(f32, StoredStatement)>,
        linked: &Linked,
        others: &[String],
    ) -> Result<(), QaError> {
        let ranked = self.rank(found, others)?;
        let topical: Vec<_> = ranked
            .into_iter()
            .filter(|(_, st)| rank::topical(self.q, st))
            .take(3)
            .collect();
        out.statements = self.cite_all(topical)?;
        let mut keys = linked.keys.clone();
        keys.extend(others.iter().cloned());
        let pc = Criteria {
            entity_keys: &keys,
            topic: &self.q.topic,
            ..Criteria::default()
        };
        let mut passages = self.passages(&pc)?;
        passages.retain(|(_, p)| rank::on_topic(self.q, &[&p.text]));
        let ranked = rank::passages(passages, self.q, &keys, false);
        out.passages = self.cite_passages(ranked.into_iter().take(2))?;
        Ok(())
    }

    /// "What did X say" with nothing to match: X's most recent statements, oldest first, a
    /// timeline when there are several.
    fn timeline(
        &mut self,
        out: &mut Answer,
        found: Vec<(f32, StoredStatement)>,
        others: &[String],
    ) -> Result<(), QaError> {
        let mut all = self.rank(found, others)?;
        // Before the most recent are kept: a statement that says nothing would take the
        // place of one that does.
        rank::keep_out_unresolved(&mut all);
        all.truncate(MAX_TIMELINE * 4);
        rank::by_time(&mut all);
        if all.len() > MAX_TIMELINE {
            let drop = all.len() - MAX_TIMELINE;
            all.drain(..drop); // keep the most recent
        }
        if all.len() > 1 {
            out.intent = Intent::Timeline;
        }
        out.statements = self.cite_all(all)?;
        Ok(())
    }

    /// Nothing in the time asked: the speaker's most recent statements that `c` finds at
    /// any time (those sharing one of `words`, when there are any), newest first, with the
    /// window on the answer so that it says nothing came from then. A speaker with no such
    /// statement at all stays nothing found.
    fn offer_most_recent(
        &mut self,
        out: &mut Answer,
        c: &Criteria<'_>,
        others: &[String],
        words: &[String],
    ) -> Result<(), QaError> {
        // Taken, so that retrieval looks at every time.
        let Some(window) = self.window.take() else {
            return Ok(());
        };
        let found = self.statements(c)?;
        let mut found = self.rank(found, others)?;
        if !words.is_empty() {
            found.retain(|(_, st)| {
                rank::shares_word(words, &st.content) || rank::shares_word(words, &st.sentence)
            });
        }
        rank::by_time(&mut found);
        found.reverse();
        out.statements = self.cite_all(found.into_iter().take(MAX_RECENT))?;
        if !out.statements.is_empty() {
            out.outside_window = Some(window);
        }
        Ok(())
    }

    fn who_said(&mut self, out: &mut Answer) -> Result<(), QaError> {
        let others = self.other_keys()?;
        let related = self.related();
        let c = Criteria {
            entity_keys: &others,
            topic: &self.q.topic,
            related: &related,
            cue: self.q.cue.as_deref(),
            ..Criteria::default()
        };
        let mut found = self.statements(&c)?;
        // "Which pollster said …": the statements of the role's holders are candidates too,
        // and rank above anyone else's that fit as well. Not only theirs: the article that
        // quotes the right person may never have given them the role.
        let holders = match &self.q.role {
            Some(role) => retrieve::role_holders(self.index, role)?,
            None => Vec::new(),
        };
        // How well each holder's roles fit the description, judged once per holder.
        let asked = self.q.role.as_deref().unwrap_or_default();
        let fits: Vec<(String, f32)> = holders
            .into_iter()
            .map(|h| {
                let fit = rank::role_fit(asked, &h.roles);
                (h.key, fit)
            })
            .collect();
        if !fits.is_empty() {
            let keys: Vec<String> = fits.iter().map(|(key, _)| key.clone()).collect();
            found.extend(self.statements(&Criteria {
                speaker_keys: Some(&keys),
                ..c
            })?);
        }
        let mut ranked = self.rank(found, &others)?;
        for (score, st) in &mut ranked {
            // The better the speaker's role fits the description, the more it counts.
            let fit = fits
                .iter()
                .filter(|(key, _)| st.speaker_keys.contains(key))
                .map(|(_, fit)| *fit)
                .fold(0.0f32, f32::max);
            *score += ROLE_HOLDER_BONUS * fit;
            // "Who said …" asks for a speaker: a statement whose speaker the article leaves
            // unnamed ("it was said that …", "others said …") yields to a named one that
            // fits nearly as well.
            if names_no_one(st) {
                *score *= UNNAMED_SPEAKER_WEIGHT;
            }
        }
        ranked.sort_by(rank::best_first);
        // Only statements on the topic, judged lazily: most answers need the first few.
        let mut on_topic = ranked
            .into_iter()
            .filter(|(_, st)| rank::topical(self.q, st))
            .peekable();
        let Some(best) = on_topic.peek().map(|(s, _)| *s) else {
            return Ok(());
        };
        // Several speakers when several said it: the best first, then close seconds.
        let mut seen: Vec<Option<String>> = Vec::new();
        let mut chosen = Vec::new();
        for (score, st) in on_topic {
            if chosen.len() == 3 || score < best * 0.75 {
                break;
            }
            let who = st.speaker.as_ref().map(|s| s.to_lowercase());
            if !seen.contains(&who) {
                seen.push(who);
                chosen.push((score, st));
            }
        }
        out.statements = self.cite_all(chosen)?;
        Ok(())
    }

    /// "When did X say/propose … Y?" is answered by X's statement on Y, with when it was
    /// said. A question about an event ("when did Trump talk to Putin?"), with no speaker, or
    /// with no statement of the speaker's on Y, is answered from the sentences that say when.
    fn when(&mut self, out: &mut Answer) -> Result<(), QaError> {
        let Some(subject) = self
            .q
            .subject
            .as_ref()
            .filter(|_| asks_for_statement(self.q))
        else {
            return self.when_passages(out, &[]);
        };
        // A sentence the extractor did not read as the speaker's statement may still say
        // when they said it, but only a sentence that names them: never someone else's.
        let mut speaker_words = rank::content_words(&subject.text);
        if let Some(linked) = self.link(subject)? {
            let said = self.statements_on_topic(subject, &linked)?;
            let cited = self.cite_all(said)?;
            if !cited.is_empty() {
                out.subject = Some(linked.display.clone());
                out.statements = cited;
                return Ok(());
            }
            speaker_words.extend(rank::content_words(&linked.display));
        }
        self.when_passages(out, &speaker_words)
    }

    /// The speaker's statements on the question's topic, best first: the retrieval of "what
    /// did X say about Y", keeping only statements that share a topic word (in what was
    /// said, else in its sentence), since every statement of the speaker is a candidate.
    fn statements_on_topic(
        &mut self,
        asked: &understand::NameRef,
        linked: &Linked,
    ) -> Result<Vec<(f32, StoredStatement)>, QaError> {
        let others = self.other_keys()?;
        let related = self.related();
        let c = Criteria {
            speaker_keys: Some(&linked.keys),
            entity_keys: &others,
            topic: &self.q.topic,
            related: &related,
            cue: self.q.cue.as_deref(),
            ..Criteria::default()
        };
        let found = self.speaker_statements(&c, asked, linked, retrieve::CANDIDATES)?;
        let ranked = self.rank(found, &others)?;
        let words = rank::topic_words(&self.q.topic);
        let in_content: Vec<_> = ranked
            .iter()
            .filter(|(_, st)| rank::shares_word(&words, &st.content))
            .cloned()
            .collect();
        let chosen = if in_content.is_empty() {
            ranked
                .into_iter()
                .filter(|(_, st)| rank::shares_word(&words, &st.sentence))
                .collect()
        } else {
            in_content
        };
        Ok(chosen.into_iter().take(MAX_WHEN_STATEMENTS).collect())
    }

    /// The sentences that best say when what the question asks about happened. Each must
    /// share a topic word with the question (a sentence that only says a time, or only
    /// names the speaker, answers nothing) and, when `naming` is not empty, one of its
    /// words.
    fn when_passages(&mut self, out: &mut Answer, naming: &[String]) -> Result<(), QaError> {
        let mut keys: Vec<String> = Vec::new();
        let mut words = self.q.topic.clone();
        for name in self.q.names() {
            match self.link(name)? {
                Some(l) => keys.extend(l.keys),
                None => {
                    words.push(' ');
                    words.push_str(&name.text);
                }
            }
        }
        let mut related = self.related();
        if let Some(cue) = &self.q.cue {
            related.push(cue.clone());
        }
        let c = Criteria {
            entity_keys: &keys,
            topic: &words,
            related: &related,
            ..Criteria::default()
        };
        let found = self.passages(&c)?;
        let mut ranked = rank::passages(found, self.q, &keys, true);
        let mut topic = rank::topic_words(&self.q.topic);
        if topic.is_empty() {
            // "When did Rutte speak?": no topic but the verb and who.
            topic.extend(related.iter().flat_map(|w| rank::content_words(w)));
            topic.extend(self.q.names().flat_map(|n| rank::content_words(&n.text)));
        }
        ranked.retain(|(_, p)| {
            rank::shares_word(&topic, &p.text)
                && (naming.is_empty() || rank::shares_word(naming, &p.text))
        });
        for (score, p) in ranked.iter().take(5) {
            tracing::debug!(score, when = ?p.when, text = %p.text, "when candidate");
        }
        // When one sentence says when, sentences that do not are noise.
        let timed = |p: &StoredPassage| p.when.as_ref().is_some_and(|w| !w.text.is_empty());
        let any_timed = ranked.iter().any(|(_, p)| timed(p));
        let chosen = ranked
            .into_iter()
            .filter(|(_, p)| !any_timed || timed(p))
            .take(2);
        out.passages = self.cite_passages(chosen)?;
        Ok(())
    }

    /// A question of no known shape: the statements that best match its topic, as for "who
    /// said"; the passages only when no statement does.
    fn search(&mut self, out: &mut Answer) -> Result<(), QaError> {
        if !rank::content_words(&self.q.topic).is_empty() {
            self.who_said(out)?;
            if !out.statements.is_empty() {
                out.intent = Intent::WhoSaid;
                return Ok(());
            }
        }
        let keys = self.other_keys()?;
        let topic = if self.q.topic.trim().is_empty() {
            &self.q.text
        } else {
            &self.q.topic
        };
        let c = Criteria {
            entity_keys: &keys,
            topic,
            ..Criteria::default()
        };
        let found = self.passages(&c)?;
        let ranked = rank::passages(found, self.q, &keys, false);
        out.passages = self.cite_passages(ranked.into_iter().take(3))?;
        Ok(())
    }

    /// Read the articles of `ids` not read yet in one search, so citing a long list (a
    /// person's page: a thousand statements) does not search once per article.
    fn prefetch_docs<'i>(&mut self, ids: impl IntoIterator<Item = &'i str>) -> Result<(), QaError> {
        let mut wanted: Vec<String> = ids
            .into_iter()
            .filter(|id| !self.docs.contains_key(*id) && !self.exclude.contains(*id))
            .map(str::to_string)
            .collect();
        wanted.sort_unstable();
        wanted.dedup();
        for stored in retrieve::documents(self.index, &wanted)? {
            self.docs.insert(stored.id.clone(), DocRef::from(stored));
        }
        Ok(())
    }

    /// The article `id` as cited; `None` when it is excluded, or when the index holds no
    /// article of that id (a record left by a replaced article is then not cited).
    fn doc(&mut self, id: &str) -> Result<Option<DocRef>, QaError> {
        if self.exclude.contains(id) {
            return Ok(None);
        }
        if let Some(d) = self.docs.get(id) {
            return Ok(Some(d.clone()));
        }
        let Some(stored) = retrieve::document(self.index, id)? else {
            return Ok(None);
        };
        let d = DocRef::from(stored);
        self.docs.insert(id.to_string(), d.clone());
        Ok(Some(d))
    }

    /// The statements as the answer cites them; one whose content points back to nothing
    /// found ("echoed this sentiment") only when nothing better is among them.
    fn cite_all(
        &mut self,
        ranked: impl IntoIterator<Item = (f32, StoredStatement)>,
    ) -> Result<Vec<CitedStatement>, QaError> {
        let mut ranked: Vec<(f32, StoredStatement)> = ranked.into_iter().collect();
        rank::keep_out_unresolved(&mut ranked);
        let mut out = Vec::new();
        for (score, st) in ranked {
            out.extend(self.cite(score, st)?);
        }
        Ok(out)
    }

    fn cite(&mut self, score: f32, st: StoredStatement) -> Result<Option<CitedStatement>, QaError> {
        let Some(document) = self.doc(&st.doc_id)? else {
            return Ok(None);
        };
        Ok(Some(cite_stored(st, document, score)))
    }

    fn cite_passages(
        &mut self,
        ranked: impl IntoIterator<Item = (f32, StoredPassage)>,
    ) -> Result<Vec<CitedPassage>, QaError> {
        let mut out = Vec::new();
        for (score, p) in ranked {
            let Some(document) = self.doc(&p.doc_id)? else {
                continue;
            };
            let when_text = p
                .when
                .as_ref()
                .map(time::describe)
                .filter(|t| !t.is_empty());
            out.push(CitedPassage {
                text: p.text,
                when: p.when,
                when_text,
                document,
                score,
            });
        }
        Ok(out)
    }
}

/// A stored statement as an answer cites it, from its article `document`.
pub(crate) fn cite_stored(st: StoredStatement, document: DocRef, score: f32) -> CitedStatement {
    let when_text = st
        .when
        .as_ref()
        .map(time::describe)
        .filter(|t| !t.is_empty());
    // Someone named only by their post ("spokesman for Texaco Inc") has it as role too:
    // shown once, not again in brackets.
    let role = st.role.filter(|r| {
        st.speaker
            .as_deref()
            .is_none_or(|sp| !sp.eq_ignore_ascii_case(r))
    });
    CitedStatement {
        id: Some(StatementId::new(&st.doc_id, st.position, &st.content)),
        speaker: st.speaker,
        role,
        cue: st.cue,
        content: st.content,
        antecedent: st.antecedent,
        kind: st.kind,
        when: st.when,
        when_text,
        setting: st.setting,
        sentence: st.sentence,
        document,
        score,
    }
}

#[cfg(test)]
mod tests {
    use super::as_written;

    #[test]
    fn a_typed_name_heads_the_answer_as_the_corpus_writes_it() {
        for (asked, display, heading) in [
            ("Clintton", "Hillary Clinton", "Clinton"),
            ("hillary clintton", "Hillary Clinton", "hillary Clinton"),
            ("Clinton", "Hillary Clinton", "Clinton"),
            ("coleman", "Norm Coleman", "coleman"),
            // Short words and words two edits away stay as asked.
            ("Rubi", "Marco Rubio", "Rubi"),
            ("Klinten", "Hillary Clinton", "Klinten"),
        ] {
            assert_eq!(as_written(asked, display), heading, "{asked}");
        }
    }
}
