//! Finding time expressions in text: one precompiled regex for every form, then context
//! rules that the regex alone cannot express (capitalisation, licensing prepositions).
//!
//! The regex is built without literal prefilters (`auto_prefilter(false)`): the forms start
//! with too many words and digits for one to help, and looking for them was most of the
//! regex's construction, which every process pays once (a tenth of extracting 300 articles).
//! The matches are the same; only the search strategy differs. A hit that is one word
//! alone (a year, a month or weekday name: most hits) has its groups set from the word
//! instead of by the regex's capture pass, a backtracker that cost 8,400 instructions a hit.
//!
//! Owns *recognition*, not meaning: each hit becomes a [`Found`] carrying an [`Expr`] that
//! [`super::calendar`] resolves. The regex is ASCII-only (`(?i-u)`) so it runs on the lazy
//! DFA whatever the text holds; all offsets come from regex matches or from scans over ASCII
//! bytes, so every span sits on a char boundary.

use super::calendar::{ymd, Expr, Unit, Which};
use crate::nlp::Span;
use chrono::Weekday;
use regex_automata::meta::{Config, Regex};
use regex_automata::util::captures::Captures;
use regex_automata::util::primitives::NonMaxUsize;
use regex_automata::{Anchored, Input, Match, PatternID};
use rustc_hash::FxHashMap;
use std::cell::RefCell;
use std::sync::LazyLock;

/// Where the text comes from: articles are edited prose, so capitalisation is evidence
/// ("May" the month vs "may" the verb); questions are typed by people, so it is not.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Mode {
    Article,
    Question,
}

/// One recognised expression: `span` is exactly what `text` of the `DateSpan` will hold,
/// a leading "in"/"on"/"during"/"over" included when the text has one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Found {
    pub span: Span,
    pub expr: Expr,
}

const MONTHS: &str =
    "january|february|march|april|may|june|july|august|september|october|november|december";
const MONTH_ABBREVIATIONS: &str = "jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec";

const WEEKDAY: &str = r"monday|tuesday|wednesday|thursday|friday|saturday|sunday";
const DAYS: &str = "yesterday|today|tonight|tomorrow";
const VAGUE_WORDS: &str = "recently|lately";
const PART: &str = r"morning|afternoon|evening|night";
const NUM: &str = r"[0-9]{1,3}|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-(?:one|two|three|four|five|six|seven|eight|nine))?|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a\s+few|a\s+couple\s+of|several|few|some";

/// Alternatives in priority order: at one position the first that matches wins, so the
/// longer forms ("Feb. 24, 2022") come before their prefixes ("Feb.").
static GRAMMAR: LazyLock<Grammar> = LazyLock::new(|| {
    let mon = format!(r"(?:(?:{MONTHS})\b|(?:{MONTH_ABBREVIATIONS})\b\.?)");
    let day = |g: &str| format!(r"(?P<{g}>[0-3]?[0-9])(?:st|nd|rd|th)?\b");
    let year = |g: &str| format!(r"(?P<{g}>(?:19|20)[0-9]{{2}})\b");
    let alts = [
        // An ISO date, with the time of an ISO date-time if one follows ("2016-10-21T10:00Z").
        r"(?P<iso>(?:19|20)[0-9]{2}-[01][0-9]-[0-3][0-9])(?:T[0-9:.]+(?:Z|[+-][0-9:]+)?\b|\b)"
            .to_string(),
        format!(
            r"(?P<mdy_m>{mon})\s+{}(?:,?\s+{})?",
            day("mdy_d"),
            year("mdy_y")
        ),
        format!(
            r"{}\s+(?:of\s+)?(?P<dmy_m>{mon})(?:,?\s+{})?",
            day("dmy_d"),
            year("dmy_y")
        ),
        format!(r"(?P<my_m>{mon}),?\s+{}", year("my_y")),
        format!(
            r"(?:(?P<wd_rel>last|this|next|coming|past)\s+)?(?P<wd>{WEEKDAY})\b(?:\s+(?P<wd_part>{PART})\b)?"
        ),
        r"(?P<rel>last|this\s+past|this|next|past|coming)\s+(?P<rel_u>week|weekend|month|year)\b"
            .to_string(),
        r"(?P<part>earlier|later)\s+this\s+(?P<part_u>week|month|year)\b".to_string(),
        format!(r"(?:(?P<ago_n>{NUM})\s+)?(?P<ago_u>day|week|month|year)s?\s+ago\b"),
        format!(r"(?P<day>{DAYS})\b(?:\s+(?P<day_part>{PART})\b)?"),
        r"(?P<lastnight>last\s+night)\b".to_string(),
        r"(?P<thispart>this\s+(?:morning|afternoon|evening))\b".to_string(),
        r"(?P<weekend>the\s+weekend)\b".to_string(),
        r"the\s+(?P<dec>(?:19|20)[0-9]0)'?s\b".to_string(),
        format!(r"(?P<vague>{VAGUE_WORDS}|in\s+recent\s+(?:days|weeks|months|years))\b"),
        format!(r"(?P<mon>{mon})"),
        year("year"),
    ];
    let pattern = format!(r"(?i-u)\b(?:{})", alts.join("|"));
    let re = Regex::builder()
        .configure(Config::new().auto_prefilter(false))
        .build(&pattern)
        .expect("the time grammar is a valid regex");
    let groups = Groups::of(&re);
    Grammar { re, groups }
});

/// The grammar, and where each of its named groups sits, so that a hit is read by index
/// (reading a group by name hashes the name, on every hit).
struct Grammar {
    re: Regex,
    groups: Groups,
}

macro_rules! groups {
    ($($name:ident),* $(,)?) => {
        /// The index of each named group of the grammar.
        struct Groups {
            $($name: usize,)*
        }

        impl Groups {
            fn of(re: &Regex) -> Groups {
                let at = |name: &str| {
                    re.group_info()
                        .to_index(regex_automata::PatternID::ZERO, name)
                        .expect("every group is named in the grammar")
                };
                Groups {
                    $($name: at(stringify!($name)),)*
                }
            }
        }
    };
}

groups!(
    iso, mdy_m, dmy_m, my_m, wd_rel, wd, rel, rel_u, part, part_u, ago_n, ago_u, day, lastnight,
    thispart, weekend, dec, vague, mon, mdy_d, mdy_y, dmy_d, dmy_y, my_y, year
);

/// One hit of the grammar over `text`: the whole match (group 0) and its groups.
struct Hit<'t> {
    text: &'t str,
    caps: &'t Captures,
}

/// One group of a [`Hit`].
#[derive(Clone, Copy)]
struct Group<'t> {
    text: &'t str,
    start: usize,
    end: usize,
}

impl<'t> Group<'t> {
    fn start(&self) -> usize {
        self.start
    }

    fn end(&self) -> usize {
        self.end
    }

    fn as_str(&self) -> &'t str {
        self.text.get(self.start..self.end).unwrap_or("")
    }
}

impl<'t> Hit<'t> {
    fn get(&self, i: usize) -> Option<Group<'t>> {
        let span = self.caps.get_group(i)?;
        Some(Group {
            text: self.text,
            start: span.start,
            end: span.end,
        })
    }
}

/// Every time expression in `text`, in order, not overlapping.
pub(crate) fn scan(text: &str, mode: Mode) -> Vec<Found> {
    scan_with(text, mode, true)
}

/// [`scan`]; with `word_hits`, a hit that is one word alone has its groups set from the
/// word (see [`word_hit`]) instead of by the capture pass, which gives the same groups.
fn scan_with(text: &str, mode: Mode, word_hits: bool) -> Vec<Found> {
    let mut out: Vec<Found> = Vec::new();
    let mut pos = 0;
    // One set of groups for every hit, searched again from `pos` each time.
    let mut caps = GRAMMAR.re.create_captures();
    loop {
        let rest = Input::new(text).range(pos..);
        if word_hits {
            // Where the next hit is (the lazy DFA, forward then back), then its groups.
            let Some(m) = GRAMMAR.re.search(&rest) else {
                break;
            };
            if !word_hit(text, m.start(), m.end(), &mut caps) {
                capture_hit(text, m, &mut caps);
            }
        } else {
            GRAMMAR.re.search_captures(&rest, &mut caps);
        }
        let hit = Hit { text, caps: &caps };
        let Some(m) = hit.get(0) else { break };
        match accept(text, &hit, mode) {
            Some(found) => {
                merge_or_push(text, &mut out, found);
                pos = m.end().max(next_char(text, pos));
            }
            // A rejected hit ("May" the verb) may hide a good one that starts inside it.
            None => pos = next_char(text, m.start()),
        }
        if pos >= text.len() {
            break;
        }
    }
    out
}

/// Sets `caps` for the hit `m` as the regex itself reads a hit's groups: anchored on the
/// hit's own span (the text around it still decides `\b`).
///
/// Remembered per thread: the groups depend only on the hit's bytes and on whether a word
/// byte stands just before and just after it (the grammar's one look-around is the ASCII
/// `\b`, which reads no further), and the same hits recur ("Feb 26", "last year") where
/// the capture pass costs thousands of instructions a hit.
fn capture_hit(text: &str, m: Match, caps: &mut Captures) {
    let (start, end) = (m.start(), m.end());
    let bytes = text.as_bytes();
    let word_byte = |b: Option<&u8>| b.is_some_and(|&b| b.is_ascii_alphanumeric() || b == b'_');
    let mut key = Vec::with_capacity(end - start + 6);
    key.extend_from_slice(&bytes[start..end]);
    key.push(u8::from(word_byte(
        start.checked_sub(1).and_then(|i| bytes.get(i)),
    )));
    key.push(u8::from(word_byte(bytes.get(end))));
    key.extend_from_slice(&m.pattern().as_u32().to_le_bytes());
    CAPTURES.with(|memo| {
        let mut memo = memo.borrow_mut();
        if let Some((pid, slots)) = memo.get(&key) {
            caps.set_pattern(*pid);
            for (slot, rel) in caps.slots_mut().iter_mut().zip(slots.iter()) {
                *slot = rel.and_then(|r| NonMaxUsize::new(start + r));
            }
            return;
        }
        let at = Input::new(text)
            .span(start..end)
            .anchored(Anchored::Pattern(m.pattern()));
        GRAMMAR.re.search_captures(&at, caps);
        let slots = caps
            .slots()
            .iter()
            .map(|s| s.map(|v| v.get() - start))
            .collect();
        if memo.len() >= REMEMBERED_HITS {
            memo.clear();
        }
        memo.insert(key, (caps.pattern(), slots));
    });
}

/// Hits whose groups a thread remembers ([`capture_hit`]) before starting afresh.
const REMEMBERED_HITS: usize = 4096;

/// A hit's bytes and what stands around it, and its groups: the pattern, each slot's offset
/// from the hit's start.
type CaptureMemo = FxHashMap<Vec<u8>, (Option<PatternID>, Box<[Option<usize>]>)>;

thread_local! {
    static CAPTURES: RefCell<CaptureMemo> = RefCell::default();
}

/// Sets `caps` for a hit `text[start..end]` that is one word alone, when the word tells
/// which form of the grammar matched it; false (and `caps` untouched) otherwise.
///
/// Most hits are such words: years ("1987", unlicensed ones rejected later), month names
/// (and "may" the verb) and weekdays. One word can only be matched whole by the forms
/// that are one name: `year` (four digits: the other forms with digits need a space, a
/// hyphen or "the"), `mon` (a month name, "Jan." with its dot), `wd` without its optional
/// parts, `day` without its part, and `vague`'s "recently" and "lately"; the word lists
/// of these forms share no word. So the form, and its one group (the whole hit), is the
/// one the capture pass would find.
/// Which list of one-word forms a lowercase word is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum NameForm {
    /// [`MONTHS`] and [`MONTH_ABBREVIATIONS`].
    Month,
    /// [`WEEKDAY`].
    Weekday,
    /// [`DAYS`].
    Day,
    /// [`VAGUE_WORDS`].
    Vague,
}

/// The list a lowercase word is in (the lists above, spelled out as a `match`: a test
/// checks that the two agree).
fn name_form(word: &[u8]) -> Option<NameForm> {
    Some(match word {
        b"january" | b"february" | b"march" | b"april" | b"may" | b"june" | b"july" | b"august"
        | b"september" | b"october" | b"november" | b"december" | b"jan" | b"feb" | b"mar"
        | b"apr" | b"jun" | b"jul" | b"aug" | b"sept" | b"sep" | b"oct" | b"nov" | b"dec" => {
            NameForm::Month
        }
        b"monday" | b"tuesday" | b"wednesday" | b"thursday" | b"friday" | b"saturday"
        | b"sunday" => NameForm::Weekday,
        b"yesterday" | b"today" | b"tonight" | b"tomorrow" => NameForm::Day,
        b"recently" | b"lately" => NameForm::Vague,
        _ => return None,
    })
}

fn word_hit(text: &str, start: usize, end: usize, caps: &mut Captures) -> bool {
    let Some(word) = text.get(start..end) else {
        return false;
    };
    let n = &GRAMMAR.groups;
    let group = if word.len() == 4 && word.bytes().all(|b| b.is_ascii_digit()) {
        n.year
    } else if !(3..=9).contains(&word.len()) {
        return false;
    } else {
        let mut lower = [0u8; 9];
        for (l, b) in lower.iter_mut().zip(word.bytes()) {
            *l = b.to_ascii_lowercase();
        }
        let lower = &lower[..word.len()];
        let bare = lower.strip_suffix(b".").unwrap_or(lower);
        match (name_form(bare), bare.len() < lower.len()) {
            (Some(NameForm::Month), _) => n.mon,
            (Some(NameForm::Weekday), false) => n.wd,
            (Some(NameForm::Day), false) => n.day,
            (Some(NameForm::Vague), false) => n.vague,
            _ => return false,
        }
    };
    let (Some(s), Some(e)) = (NonMaxUsize::new(start), NonMaxUsize::new(end)) else {
        return false;
    };
    let info = GRAMMAR.re.group_info();
    let (Some(whole), Some(named)) = (
        info.slots(PatternID::ZERO, 0),
        info.slots(PatternID::ZERO, group),
    ) else {
        return false;
    };
    caps.set_pattern(Some(PatternID::ZERO));
    let slots = caps.slots_mut();
    slots.fill(None);
    for (from, to) in [whole, named] {
        slots[from] = Some(s);
        slots[to] = Some(e);
    }
    true
}

fn next_char(text: &str, at: usize) -> usize {
    text[at..]
        .chars()
        .next()
        .map_or(text.len(), |c| at + c.len_utf8())
}

/// "Tuesday, Oct. 21": the weekday only restates the date, so the two are one expression
/// meaning the date.
fn merge_or_push(text: &str, out: &mut Vec<Found>, found: Found) {
    if let Some(last) = out.last_mut() {
        let gap = text.get(last.span.end..found.span.start).unwrap_or("x");
        let dated = matches!(found.expr, Expr::Date(_) | Expr::MonthDay(..));
        if matches!(last.expr, Expr::Weekday(_, Which::Recent)) && dated && is_comma_gap(gap) {
            last.span = last.span.join(found.span);
            last.expr = found.expr;
            return;
        }
    }
    out.push(found);
}

fn is_comma_gap(gap: &str) -> bool {
    gap.len() <= 3 && gap.chars().all(|c| c == ',' || c == ' ')
}

/// Turn one regex hit into a [`Found`], or reject it on context.
fn accept(text: &str, caps: &Hit<'_>, mode: Mode) -> Option<Found> {
    let m = caps.get(0)?;
    let expr = expr_of(text, caps, mode)?;
    let start = m.start();
    if mode == Mode::Article && !capitals_ok(text, caps, start) {
        return None;
    }
    // Even in a question, "the Sunday Times" is a name.
    let n = &GRAMMAR.groups;
    let bare_weekday = caps.get(n.wd).filter(|_| caps.get(n.wd_rel).is_none());
    if bare_weekday.is_some_and(|wd| in_capitalised_run(text, wd.start(), wd.end())) {
        return None;
    }
    let start = with_preposition(text, start, &expr);
    Some(Found {
        span: Span::new(start, m.end()),
        expr,
    })
}

/// The prepositions that belong with each kind of expression: "on Tuesday", "in 2016",
/// "over the weekend"; "weighed in Friday" must not make "in Friday".
fn prepositions(expr: &Expr) -> &'static [&'static str] {
    match expr {
        Expr::Date(_) | Expr::MonthDay(..) | Expr::Weekday(..) => &["on"],
        Expr::Month(..) | Expr::MonthOnly(_) | Expr::Year(_) | Expr::Decade(_) => &["in", "during"],
        Expr::Weekend(_) => &["over", "during", "on", "at"],
        _ => &[],
    }
}

/// Extends the start over a directly preceding preposition that belongs with `expr`.
fn with_preposition(text: &str, start: usize, expr: &Expr) -> usize {
    let (word, at) = prev_word(text, start);
    let gap = text.get(at + word.len()..start).unwrap_or("");
    let spaced = !gap.is_empty() && gap.bytes().all(|b| b == b' ');
    if spaced
        && prepositions(expr)
            .iter()
            .any(|p| word.eq_ignore_ascii_case(p))
    {
        at
    } else {
        start
    }
}

/// The ASCII word before `at` (skipping spaces and one hyphen: "mid-February") and its start.
pub(crate) fn prev_word(text: &str, at: usize) -> (&str, usize) {
    let bytes = text.as_bytes();
    let mut end = at.min(bytes.len());
    while end > 0 && bytes[end - 1].is_ascii_whitespace() {
        end -= 1;
    }
    if end > 0 && bytes[end - 1] == b'-' {
        end -= 1;
    }
    let mut start = end;
    while start > 0 && bytes[start - 1].is_ascii_alphabetic() {
        start -= 1;
    }
    // Both ends sit next to ASCII bytes (or the text's ends), so both are char boundaries.
    (text.get(start..end).unwrap_or(""), start)
}

/// Whether `at` begins a sentence: only spaces, opening quotes or brackets since the text's
/// start or since a sentence-ending mark or line break.
pub(crate) fn starts_sentence(text: &str, at: usize) -> bool {
    let before = text.get(..at).unwrap_or("");
    let trimmed =
        before.trim_end_matches(|c: char| c == ' ' || c == '\t' || "\"'“‘([«".contains(c));
    match trimmed.chars().next_back() {
        None => true,
        Some(c) => matches!(c, '.' | '!' | '?' | ':' | ';' | '\n' | '\r' | '—' | '–'),
    }
}

fn is_upper_at(text: &str, at: usize) -> bool {
    text.get(at..)
        .and_then(|s| s.chars().next())
        .is_some_and(|c| c.is_uppercase())
}

/// Article mode: month and weekday names are capitalised; other words are not, unless they
/// open a sentence ("Today" mid-sentence is "USA Today"); a weekday inside a capitalised run
/// is a name ("Super Tuesday", "Sunday Times").
fn capitals_ok(text: &str, caps: &Hit<'_>, start: usize) -> bool {
    let n = &GRAMMAR.groups;
    let names = [n.mdy_m, n.dmy_m, n.my_m, n.mon, n.wd];
    for g in names {
        if let Some(m) = caps.get(g) {
            if !is_upper_at(text, m.start()) {
                return false;
            }
        }
    }
    let name_first = names
        .iter()
        .any(|&g| caps.get(g).is_some_and(|m| m.start() == start));
    let first_digit = text
        .as_bytes()
        .get(start)
        .is_some_and(|b| b.is_ascii_digit());
    if !name_first && !first_digit && is_upper_at(text, start) && !starts_sentence(text, start) {
        return false;
    }
    match caps.get(n.wd) {
        Some(wd) if caps.get(n.wd_rel).is_none() => !in_capitalised_run(text, wd.start(), wd.end()),
        _ => true,
    }
}

fn in_capitalised_run(text: &str, start: usize, end: usize) -> bool {
    let (prev, prev_at) = prev_word(text, start);
    let prev_is_name = !prev.is_empty()
        && is_upper_at(text, prev_at)
        && !starts_sentence(text, prev_at)
        && !prev.eq_ignore_ascii_case("on");
    let rest = text.get(end..).unwrap_or("");
    let next = rest.trim_start_matches(' ');
    let spaced = next.len() < rest.len();
    let word_len = next.bytes().take_while(u8::is_ascii_alphabetic).count();
    let next_word = next.get(..word_len).unwrap_or("");
    let next_is_name = spaced
        && next.chars().next().is_some_and(|c| c.is_uppercase())
        && !is_month_word(next_word);
    let on = prev.eq_ignore_ascii_case("on");
    prev_is_name || (next_is_name && !on)
}

/// The expression a hit means, checking numbers and licensing words.
fn expr_of(text: &str, caps: &Hit<'_>, mode: Mode) -> Option<Expr> {
    let n = &GRAMMAR.groups;
    let g = |i: usize| caps.get(i).map(|m| m.as_str());
    if let Some(iso) = g(n.iso) {
        return chrono::NaiveDate::parse_from_str(iso, "%Y-%m-%d")
            .ok()
            .map(Expr::Date);
    }
    if let Some(mon) = g(n.mdy_m) {
        return day_expr(mon, g(n.mdy_d)?, g(n.mdy_y));
    }
    if let Some(mon) = g(n.dmy_m) {
        return day_expr(mon, g(n.dmy_d)?, g(n.dmy_y));
    }
    if let Some(mon) = g(n.my_m) {
        return Some(Expr::Month(g(n.my_y)?.parse().ok()?, month_number(mon)?));
    }
    if let Some(wd) = g(n.wd) {
        return Some(Expr::Weekday(weekday(wd)?, which(g(n.wd_rel))));
    }
    if let Some(rel) = g(n.rel) {
        // "in the last week" is the seven days up to now, not the previous calendar week.
        let (prev, _) = prev_word(text, caps.get(0)?.start());
        let the_last = prev.eq_ignore_ascii_case("the") && rel.eq_ignore_ascii_case("last");
        return relative(if the_last { "past" } else { rel }, g(n.rel_u)?);
    }
    if let Some(part) = g(n.part) {
        return Some(Expr::Part(
            unit(g(n.part_u)?)?,
            part.eq_ignore_ascii_case("earlier"),
        ));
    }
    if let Some(u) = g(n.ago_u) {
        // "1,000 years ago" must not read as "000 years ago".
        let count = caps.get(n.ago_n);
        if count.is_some_and(|c| !clean_number(text, c.start(), c.end())) {
            return None;
        }
        return Some(ago(g(n.ago_n), unit(u)?));
    }
    expr_of_rest(text, caps, mode)
}

fn expr_of_rest(text: &str, caps: &Hit<'_>, mode: Mode) -> Option<Expr> {
    let n = &GRAMMAR.groups;
    let g = |i: usize| caps.get(i).map(|m| m.as_str());
    if let Some(day) = g(n.day) {
        let offset = match day.to_ascii_lowercase().as_str() {
            "yesterday" => -1,
            "tomorrow" => 1,
            _ => 0,
        };
        return Some(Expr::DayOffset(offset));
    }
    if g(n.lastnight).is_some() {
        return Some(Expr::DayOffset(-1));
    }
    if g(n.thispart).is_some() {
        return Some(Expr::DayOffset(0));
    }
    if g(n.vague).is_some() {
        return Some(Expr::Vague);
    }
    if let Some(dec) = g(n.dec) {
        return Some(Expr::Decade(dec.parse().ok()?));
    }
    let start = caps.get(0)?.start();
    let (prev, _) = prev_word(text, start);
    let prev = prev.to_ascii_lowercase();
    if g(n.weekend).is_some() {
        let lead = ["over", "during", "at", "on", "across", "through"];
        return (mode == Mode::Question || lead.contains(&prev.as_str()))
            .then_some(Expr::Weekend(Which::Recent));
    }
    if let Some(mon) = g(n.mon) {
        // A month alone needs a word that makes it a time ("in March", not "the March"),
        // and a full name or a period ("in Jan." but not "in Jan Smith's").
        let spelled = mon.len() >= 5 || mon.ends_with('.') || mon.eq_ignore_ascii_case("may");
        return (spelled && licenses_month(&prev)).then_some(Expr::MonthOnly(month_number(mon)?));
    }
    let m = caps.get(n.year)?;
    let clean = clean_number(text, m.start(), m.end());
    (clean && licenses_year(&prev)).then_some(Expr::Year(m.as_str().parse().ok()?))
}

const TIME_PREPS: [&str; 11] = [
    "in", "since", "by", "until", "till", "during", "before", "after", "through", "from", "of",
];

fn licenses_month(prev: &str) -> bool {
    TIME_PREPS.contains(&prev) || ["early", "late", "mid", "around"].contains(&prev)
}

fn licenses_year(prev: &str) -> bool {
    let seasons = [
        "early", "late", "mid", "spring", "summer", "autumn", "fall", "winter",
    ];
    TIME_PREPS.contains(&prev) || seasons.contains(&prev)
}

/// A year must stand alone: not "2,016", "2016,5", "$2016", "No. 2016" (no licence), "20165".
fn clean_number(text: &str, start: usize, end: usize) -> bool {
    let b = text.as_bytes();
    let before = text.get(..start).and_then(|s| s.chars().next_back());
    if before.is_some_and(|c| c.is_ascii_digit() || ",.$#£€".contains(c)) {
        return false;
    }
    let after = b.get(end).copied();
    let after2 = b.get(end + 1).copied();
    let digit_after = after2.is_some_and(|c| c.is_ascii_digit());
    !(after.is_some_and(|c| c.is_ascii_digit() || c == b'%')
        || (after.is_some_and(|c| c == b',' || c == b'.') && digit_after))
}

fn day_expr(mon: &str, day: &str, year: Option<&str>) -> Option<Expr> {
    let m = month_number(mon)?;
    let d: u32 = day.parse().ok()?;
    match year {
        Some(y) => ymd(y.parse().ok()?, m, d).map(Expr::Date),
        // 2000 is a leap year: "Feb. 29" is a real day, resolved to the last leap year.
        None => ymd(2000, m, d).map(|_| Expr::MonthDay(m, d)),
    }
}

/// A month or weekday name, which keeps its capital inside an answer.
pub(crate) fn is_calendar_name(word: &str) -> bool {
    let w = word.trim_end_matches('.');
    is_month_word(w) || WEEKDAY.split('|').any(|d| d.eq_ignore_ascii_case(w))
}

/// A month's name written whole ("May", not "Jan." or "Sept").
pub(crate) fn is_full_month_name(word: &str) -> bool {
    FULL_MONTHS[..12]
        .iter()
        .any(|m| m.eq_ignore_ascii_case(word))
}

/// The months written whole, then the one abbreviation written without a period.
const FULL_MONTHS: [&str; 13] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "sept",
];

fn is_month_word(word: &str) -> bool {
    let w = word.to_ascii_lowercase();
    FULL_MONTHS.contains(&w.as_str()) || (w.len() == 3 && month_number(&w).is_some())
}

pub(crate) fn month_number(mon: &str) -> Option<u32> {
    let key = mon.get(..3)?.to_ascii_lowercase();
    let months = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let i = months.iter().position(|m| *m == key)?;
    u32::try_from(i + 1).ok()
}

fn weekday(name: &str) -> Option<Weekday> {
    name.get(..3)?.to_ascii_lowercase().parse().ok()
}

fn which(rel: Option<&str>) -> Which {
    match rel.map(|r| r.to_ascii_lowercase()).as_deref() {
        Some("last") | Some("past") => Which::Last,
        Some("this") => Which::This,
        Some("next") | Some("coming") => Which::Next,
        _ => Which::Recent,
    }
}

fn unit(name: &str) -> Option<Unit> {
    match name.to_ascii_lowercase().as_str() {
        "day" => Some(Unit::Day),
        "week" => Some(Unit::Week),
        "month" => Some(Unit::Month),
        "year" => Some(Unit::Year),
        _ => None,
    }
}

fn relative(rel: &str, u: &str) -> Option<Expr> {
    let mut rel = rel.to_ascii_lowercase();
    if rel.ends_with("past") {
        // "this past week" is "the past week".
        rel = "past".to_string();
    }
    let which = which(Some(&rel));
    if u.eq_ignore_ascii_case("weekend") {
        let which = if rel == "past" { Which::Recent } else { which };
        return Some(Expr::Weekend(which));
    }
    let u = unit(u)?;
    if rel == "past" {
        let days = match u {
            Unit::Week => 7,
            Unit::Month => 30,
            _ => 365,
        };
        return Some(Expr::Past(days));
    }
    let n = match which {
        Which::Last => -1,
        Which::Next => 1,
        _ => 0,
    };
    Some(Expr::Shift(u, n))
}

/// "two days ago" is a day; "three weeks ago" is the week holding the day 21 days back;
/// "a few days ago", "days ago" say too little to resolve.
fn ago(n: Option<&str>, u: Unit) -> Expr {
    match (n.and_then(count), u) {
        (None, _) => Expr::Vague,
        (Some(c), Unit::Day) => Expr::DayOffset(-i64::from(c)),
        (Some(c), u) => Expr::Shift(u, -c),
    }
}

/// "3", "a", "an", "three", "twenty-two"; `None` for "a few", "several".
fn count(n: &str) -> Option<i32> {
    let units = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve",
    ];
    let tens = [
        "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    ];
    let n = n.to_ascii_lowercase();
    if n == "a" || n == "an" {
        return Some(1);
    }
    if let Ok(v) = n.parse::<i32>() {
        return Some(v);
    }
    let (ten, unit) = n.split_once('-').unwrap_or(("", n.as_str()));
    let ten_value = tens
        .iter()
        .position(|t| *t == ten)
        .map_or(0, |i| 20 + 10 * i);
    let position = |w: &str| units.iter().position(|u| *u == w);
    let value = match (
        ten.is_empty(),
        position(unit),
        tens.iter().position(|t| *t == unit),
    ) {
        (true, Some(u), _) => u,
        (true, None, Some(t)) => 20 + 10 * t,
        (false, Some(u), _) if ten_value > 0 => ten_value + u,
        _ => return None,
    };
    i32::try_from(value).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Sentences made of the grammar's words and their look-alikes, in every case and
    /// with the marks around them that its context rules read.
    fn sentences(n: usize) -> Vec<String> {
        const WORDS: &[&str] = &[
            "May",
            "may",
            "MAY",
            "March",
            "march",
            "Jan.",
            "jan",
            "Sept.",
            "Sept",
            "sep",
            "Dec",
            "June",
            "1987",
            "2016",
            "20165",
            "1,987",
            "$2016",
            "1999s",
            "12",
            "3rd",
            "24",
            "of",
            "in",
            "on",
            "since",
            "the",
            "The",
            "Monday",
            "monday",
            "Sunday",
            "Tuesday",
            "Super",
            "Times",
            "today",
            "Today",
            "USA",
            "yesterday",
            "tonight",
            "tomorrow",
            "morning",
            "night",
            "recently",
            "Recently",
            "lately",
            "recent",
            "weeks",
            "last",
            "this",
            "next",
            "past",
            "coming",
            "week",
            "weekend",
            "month",
            "year",
            "years",
            "ago",
            "two",
            "a",
            "few",
            "earlier",
            "later",
            "over",
            "1980s",
            "2016-10-21",
            "said",
            "He",
            "Smith",
            ",",
            ".",
            "-",
            "'",
            "\"",
            "mid-",
            "No.",
        ];
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        (0..n)
            .map(|_| {
                let len = 2 + next() % 12;
                let mut s = String::new();
                for _ in 0..len {
                    let w = WORDS[(next() % WORDS.len() as u64) as usize];
                    let glue = match next() % 6 {
                        0 => "",
                        1 => ", ",
                        _ => " ",
                    };
                    s.push_str(w);
                    s.push_str(glue);
                }
                s
            })
            .collect()
    }

    #[test]
    fn the_one_word_forms_are_the_grammars_lists() {
        let lists = [
            (MONTHS, NameForm::Month),
            (MONTH_ABBREVIATIONS, NameForm::Month),
            (WEEKDAY, NameForm::Weekday),
            (DAYS, NameForm::Day),
            (VAGUE_WORDS, NameForm::Vague),
        ];
        for (list, form) in lists {
            for word in list.split('|') {
                assert_eq!(name_form(word.as_bytes()), Some(form), "{word}");
            }
        }
        for word in [
            "mayor", "sun", "sat", "thu", "tonite", "recent", "week", "spring",
        ] {
            assert_eq!(name_form(word.as_bytes()), None, "{word}");
        }
    }

    #[test]
    fn word_hits_read_as_the_capture_pass_reads_them() {
        for text in sentences(20_000) {
            for mode in [Mode::Article, Mode::Question] {
                assert_eq!(
                    scan_with(&text, mode, true),
                    scan_with(&text, mode, false),
                    "{text:?} ({mode:?})"
                );
            }
        }
    }
}
