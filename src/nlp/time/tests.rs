//! Table-driven tests of the time module's public functions.

use super::*;
use crate::nlp::{Statement, StatementKind};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn one(text: &str, basis: Option<&str>) -> Vec<(String, Option<NaiveDate>, Option<NaiveDate>)> {
    let sentences = [Span::new(0, text.len())];
    find_times(text, &sentences, basis.map(d))
        .into_iter()
        .map(|t| (t.date.text, t.date.start, t.date.end))
        .collect()
}

/// (text, basis, expected expression text, start, end)
const FOUND: &[(&str, &str, &str, &str, &str)] = &[
    (
        "Last week, Trump called Putin.",
        "2025-10-22",
        "Last week",
        "2025-10-13",
        "2025-10-19",
    ),
    (
        "He spoke last week.",
        "2025-01-02",
        "last week",
        "2024-12-23",
        "2024-12-29",
    ),
    (
        "He spoke last week.",
        "2025-10-19",
        "last week",
        "2025-10-06",
        "2025-10-12",
    ),
    (
        "He spoke last week.",
        "2025-10-20",
        "last week",
        "2025-10-13",
        "2025-10-19",
    ),
    (
        "They meet this week.",
        "2025-10-22",
        "this week",
        "2025-10-20",
        "2025-10-26",
    ),
    (
        "They meet next week.",
        "2025-10-22",
        "next week",
        "2025-10-27",
        "2025-11-02",
    ),
    (
        "It rose last month.",
        "2025-01-15",
        "last month",
        "2024-12-01",
        "2024-12-31",
    ),
    (
        "It rose earlier this month.",
        "2025-10-22",
        "earlier this month",
        "2025-10-01",
        "2025-10-22",
    ),
    (
        "It will rise later this month.",
        "2025-10-22",
        "later this month",
        "2025-10-22",
        "2025-10-31",
    ),
    (
        "It fell last year.",
        "2025-10-22",
        "last year",
        "2024-01-01",
        "2024-12-31",
    ),
    (
        "It fell this year.",
        "2025-10-22",
        "this year",
        "2025-01-01",
        "2025-12-31",
    ),
    (
        "He said so yesterday.",
        "2024-03-01",
        "yesterday",
        "2024-02-29",
        "2024-02-29",
    ),
    (
        "He said so today.",
        "2025-10-22",
        "today",
        "2025-10-22",
        "2025-10-22",
    ),
    (
        "He will speak tomorrow.",
        "2025-12-31",
        "tomorrow",
        "2026-01-01",
        "2026-01-01",
    ),
    (
        "He spoke on Tuesday.",
        "2025-10-22",
        "on Tuesday",
        "2025-10-21",
        "2025-10-21",
    ),
    (
        "He spoke on Wednesday.",
        "2025-10-22",
        "on Wednesday",
        "2025-10-22",
        "2025-10-22",
    ),
    (
        "He spoke Tuesday.",
        "2025-10-22",
        "Tuesday",
        "2025-10-21",
        "2025-10-21",
    ),
    (
        "He spoke Sunday morning.",
        "2025-10-22",
        "Sunday morning",
        "2025-10-19",
        "2025-10-19",
    ),
    (
        "He spoke Monday night.",
        "2025-10-20",
        "Monday night",
        "2025-10-20",
        "2025-10-20",
    ),
    (
        "He spoke Sunday.",
        "2025-10-20",
        "Sunday",
        "2025-10-19",
        "2025-10-19",
    ),
    (
        "It ended two days ago.",
        "2025-10-22",
        "two days ago",
        "2025-10-20",
        "2025-10-20",
    ),
    (
        "It ended three weeks ago.",
        "2025-10-22",
        "three weeks ago",
        "2025-09-29",
        "2025-10-05",
    ),
    (
        "It ended a year ago.",
        "2025-10-22",
        "a year ago",
        "2024-01-01",
        "2024-12-31",
    ),
    (
        "It began in February 2022.",
        "2025-10-22",
        "in February 2022",
        "2022-02-01",
        "2022-02-28",
    ),
    (
        "It began February 2022.",
        "2025-10-22",
        "February 2022",
        "2022-02-01",
        "2022-02-28",
    ),
    (
        "It began in February.",
        "2025-10-22",
        "in February",
        "2025-02-01",
        "2025-02-28",
    ),
    (
        "It began in December.",
        "2025-01-10",
        "in December",
        "2024-12-01",
        "2024-12-31",
    ),
    (
        "It began Feb. 24, 2022.",
        "2025-10-22",
        "Feb. 24, 2022",
        "2022-02-24",
        "2022-02-24",
    ),
    (
        "It began on February 24.",
        "2025-10-22",
        "on February 24",
        "2025-02-24",
        "2025-02-24",
    ),
    (
        "It began 24 February 2022.",
        "2025-10-22",
        "24 February 2022",
        "2022-02-24",
        "2022-02-24",
    ),
    (
        "Since Sept. 11 it changed.",
        "2025-10-22",
        "Sept. 11",
        "2025-09-11",
        "2025-09-11",
    ),
    (
        "Since Sept 11 it changed.",
        "2025-10-22",
        "Sept 11",
        "2025-09-11",
        "2025-09-11",
    ),
    (
        "It was Feb. 29.",
        "2025-10-22",
        "Feb. 29",
        "2024-02-29",
        "2024-02-29",
    ),
    (
        "It happened in 2016.",
        "2025-10-22",
        "in 2016",
        "2016-01-01",
        "2016-12-31",
    ),
    (
        "It happened in the 1990s.",
        "2025-10-22",
        "in the 1990s",
        "1990-01-01",
        "1999-12-31",
    ),
    (
        "Filed 2016-10-21 in court.",
        "2025-10-22",
        "2016-10-21",
        "2016-10-21",
        "2016-10-21",
    ),
    (
        "They met on Oct. 21 in Rome.",
        "2025-10-22",
        "on Oct. 21",
        "2025-10-21",
        "2025-10-21",
    ),
    (
        "They met earlier this week.",
        "2025-10-22",
        "earlier this week",
        "2025-10-20",
        "2025-10-22",
    ),
    (
        "They met last weekend.",
        "2025-10-22",
        "last weekend",
        "2025-10-18",
        "2025-10-19",
    ),
    (
        "They met over the weekend.",
        "2025-10-20",
        "over the weekend",
        "2025-10-18",
        "2025-10-19",
    ),
    (
        "They met on Tuesday, Oct. 14.",
        "2025-10-22",
        "on Tuesday, Oct. 14",
        "2025-10-14",
        "2025-10-14",
    ),
    (
        "Tuesday's vote was close.",
        "2025-10-22",
        "Tuesday",
        "2025-10-21",
        "2025-10-21",
    ),
    (
        "It grew in mid-2016.",
        "2025-10-22",
        "2016",
        "2016-01-01",
        "2016-12-31",
    ),
    (
        "Trump may win in May.",
        "2025-10-22",
        "in May",
        "2025-05-01",
        "2025-05-31",
    ),
    (
        "May 2025 may be hot.",
        "2025-10-22",
        "May 2025",
        "2025-05-01",
        "2025-05-31",
    ),
];

#[test]
fn finds_and_resolves_each_form() {
    for (text, basis, expr, start, end) in FOUND {
        let got = one(text, Some(basis));
        let want = vec![(expr.to_string(), Some(d(start)), Some(d(end)))];
        assert_eq!(got, want, "{text:?} on {basis}");
    }
}

#[test]
fn vague_expressions_are_found_unresolved() {
    for text in [
        "He recently said so.",
        "It happened days ago.",
        "A few weeks ago it fell.",
    ] {
        let got = one(text, Some("2025-10-22"));
        assert_eq!(got.len(), 1, "{text:?}: {got:?}");
        assert_eq!(got[0].1, None, "{text:?}");
    }
}

#[test]
fn ignores_lookalikes() {
    let texts = [
        "Trump may win.",
        "May the best team win.",
        "Protesters march on Washington.",
        "The March on Washington was large.",
        "He read the Sunday Times.",
        "Voters on Super Tuesday turned out.",
        "He won by 2,016 votes.",
        "It was No. 2016 on the list.",
        "The 2016 election was close.",
        "She counted 20165 ballots.",
        "He earned $2016 in 2,020 hours.",
        "It sold 2016 copies.",
        "He told USA Today that he agreed.",
        "It rained on Feb. 30, 2024.",
        "He watched Last Week Tonight.",
        "Jan Smith said so.",
        "The weekend edition sold out.",
    ];
    for text in texts {
        assert_eq!(one(text, Some("2025-10-22")), vec![], "{text:?}");
    }
}

#[test]
fn without_a_basis_only_absolute_resolve() {
    let text = "Last week he recalled Feb. 24, 2022, and in 2016.";
    let times = find_times(text, &[Span::new(0, text.len())], None);
    let got: Vec<_> = times
        .iter()
        .map(|t| (t.date.text.as_str(), t.date.start, t.date.basis))
        .collect();
    let want = vec![
        ("Last week", None, None),
        ("Feb. 24, 2022", Some(d("2022-02-24")), None),
        ("in 2016", Some(d("2016-01-01")), None),
    ];
    assert_eq!(got, want);
}

#[test]
fn seed_article_times() {
    let text = include_str!("../../corpus/sample/seed-article.txt");
    let times = find_times(text, &[Span::new(0, text.len())], Some(d("2025-10-22")));
    let got: Vec<_> = times
        .iter()
        .map(|t| (t.date.text.as_str(), t.date.start, t.date.end))
        .collect();
    assert!(
        got.contains(&(
            "in February 2022",
            Some(d("2022-02-01")),
            Some(d("2022-02-28"))
        )),
        "{got:?}"
    );
    assert!(
        got.contains(&("Last week", Some(d("2025-10-13")), Some(d("2025-10-19")))),
        "{got:?}"
    );
    // "days after announcing" and "may not" are not times.
    assert_eq!(got.len(), 2, "{got:?}");
}

#[test]
fn spans_match_text_and_sentences() {
    let text = "He spoke. Then on Tuesday he left. In 2016 too.";
    let sentences = [
        Span::new(0, 9),
        Span::new(10, 34),
        Span::new(35, text.len()),
    ];
    let times = find_times(text, &sentences, Some(d("2025-10-22")));
    let got: Vec<_> = times
        .iter()
        .map(|t| (t.span.text(text), t.sentence))
        .collect();
    assert_eq!(got, vec![("on Tuesday", 1), ("In 2016", 2)]);
    assert!(times.iter().all(|t| t.span.text(text) == t.date.text));
}

#[test]
fn never_panics_on_odd_text() {
    let texts = [
        "",
        "May",
        "in",
        "🎉 in 2016 🎉 on Tuesday‏ last week",
        "\u{200f}في February 2022\u{200f} mid-",
        "May 2025 may",
        "Feb. 31, 2022 and Feb 30 and 2016-02-30 and 2016-13-01",
        "in 2099 in 1900 in 1899 in 2100",
        "é2016 ünd in 2016é",
        "on",
        "last",
        "99999999999 days ago, 999 years ago",
        "the 1990'ss",
        "Tuesday,",
    ];
    for text in texts {
        for basis in [
            None,
            Some(d("2025-10-22")),
            Some(NaiveDate::MIN),
            Some(NaiveDate::MAX),
        ] {
            let times = find_times(text, &[], basis);
            for t in &times {
                assert_eq!(t.span.text(text), t.date.text);
                let _ = describe(&t.date);
            }
            let _ = question_time(text, basis.unwrap_or(d("2025-10-22")));
        }
    }
}

fn span_of(text: &str, part: &str) -> Span {
    let start = text.find(part).unwrap();
    Span::new(start, start + part.len())
}

fn statement(text: &str, cue: &str, content: &str) -> Statement {
    Statement {
        speaker: None,
        source: None,
        cue: Some(span_of(text, cue)),
        content: vec![span_of(text, content)],
        kind: StatementKind::Indirect,
        when: None,
        sentence: 0,
        setting: None,
        anaphor: None,
    }
}

#[test]
fn dates_statements_outside_their_content() {
    // (text, cue, content, published, expected when-text, expected start)
    type Case<'a> = (
        &'a str,
        &'a str,
        &'a str,
        Option<&'a str>,
        Option<&'a str>,
        Option<&'a str>,
    );
    let cases: &[Case] = &[
        (
            "Zelensky said on Tuesday that the invasion in February 2022 was a crime.",
            "said",
            "the invasion in February 2022 was a crime",
            Some("2025-10-22"),
            Some("on Tuesday"),
            Some("2025-10-21"),
        ),
        (
            "Zelensky said the invasion in February 2022 was a crime.",
            "said",
            "the invasion in February 2022 was a crime",
            Some("2025-10-22"),
            Some(""),
            Some("2025-10-22"),
        ),
        (
            "Zelensky said the invasion in February 2022 was a crime.",
            "said",
            "the invasion in February 2022 was a crime",
            None,
            None,
            None,
        ),
        (
            "Last week, Trump said talks were over.",
            "said",
            "talks were over",
            None,
            Some("Last week"),
            None,
        ),
        (
            "In 2016, Trump, who met him on Monday, said talks were over.",
            "said",
            "talks were over",
            Some("2025-10-22"),
            Some("on Monday"),
            Some("2025-10-20"),
        ),
        (
            "Trump recently said talks were over.",
            "said",
            "talks were over",
            Some("2025-10-22"),
            Some(""),
            Some("2025-10-22"),
        ),
    ];
    for (text, cue, content, published, when_text, start) in cases {
        let published = published.map(d);
        let times = find_times(text, &[Span::new(0, text.len())], published);
        let mut sts = vec![statement(text, cue, content)];
        date_statements(&mut sts, &times, published);
        let when = sts[0].when.as_ref();
        assert_eq!(when.map(|w| w.text.as_str()), *when_text, "{text:?}");
        assert_eq!(when.and_then(|w| w.start), start.map(d), "{text:?}");
    }
}

fn ds(text: &str, start: Option<&str>, end: Option<&str>) -> DateSpan {
    DateSpan {
        text: text.to_string(),
        start: start.map(d),
        end: end.map(d),
        basis: Some(d("2025-10-22")),
    }
}

#[test]
fn describes_for_people() {
    let cases: &[(&str, Option<&str>, Option<&str>, &str)] = &[
        (
            "Last week",
            Some("2025-10-13"),
            Some("2025-10-19"),
            "last week (the week of 13 October 2025)",
        ),
        (
            "on Tuesday",
            Some("2025-10-21"),
            Some("2025-10-21"),
            "on Tuesday (21 October 2025)",
        ),
        (
            "Tuesday",
            Some("2025-10-21"),
            Some("2025-10-21"),
            "on Tuesday (21 October 2025)",
        ),
        (
            "in February 2022",
            Some("2022-02-01"),
            Some("2022-02-28"),
            "in February 2022",
        ),
        (
            "February 2022",
            Some("2022-02-01"),
            Some("2022-02-28"),
            "in February 2022",
        ),
        (
            "Feb. 24, 2022",
            Some("2022-02-24"),
            Some("2022-02-24"),
            "on 24 February 2022",
        ),
        ("in 2016", Some("2016-01-01"), Some("2016-12-31"), "in 2016"),
        (
            "in the 1990s",
            Some("1990-01-01"),
            Some("1999-12-31"),
            "in the 1990s",
        ),
        (
            "in February",
            Some("2025-02-01"),
            Some("2025-02-28"),
            "in February 2025",
        ),
        (
            "earlier this month",
            Some("2025-10-01"),
            Some("2025-10-22"),
            "earlier this month (1–22 October 2025)",
        ),
        (
            "Yesterday",
            Some("2025-10-21"),
            Some("2025-10-21"),
            "yesterday (21 October 2025)",
        ),
        (
            "last year",
            Some("2024-01-01"),
            Some("2024-12-31"),
            "last year (2024)",
        ),
        (
            "over the weekend",
            Some("2025-10-18"),
            Some("2025-10-19"),
            "over the weekend (18–19 October 2025)",
        ),
        ("Last week", None, None, "last week"),
        ("February 24", None, None, "February 24"),
        ("Tuesday", None, None, "Tuesday"),
        (
            "Last Tuesday",
            Some("2025-10-14"),
            Some("2025-10-14"),
            "last Tuesday (14 October 2025)",
        ),
        (
            "on Tuesday, Oct. 14",
            Some("2025-10-14"),
            Some("2025-10-14"),
            "on 14 October 2025",
        ),
        (
            "Sunday morning",
            Some("2025-10-19"),
            Some("2025-10-19"),
            "on Sunday morning (19 October 2025)",
        ),
        (
            "three weeks ago",
            Some("2025-09-29"),
            Some("2025-10-05"),
            "three weeks ago (the week of 29 September 2025)",
        ),
        (
            "earlier this week",
            Some("2025-10-20"),
            Some("2025-10-22"),
            "earlier this week (20–22 October 2025)",
        ),
        (
            "Dec. 30, 2024",
            Some("2024-12-30"),
            Some("2025-01-02"),
            "from 30 December 2024 to 2 January 2025",
        ),
        (
            "",
            Some("2025-10-22"),
            Some("2025-10-22"),
            "on 22 October 2025",
        ),
    ];
    for (text, start, end, want) in cases {
        assert_eq!(describe(&ds(text, *start, *end)), *want, "{text:?}");
    }
    assert_eq!(
        describe(&DateSpan::published(d("2025-10-22"))),
        "on 22 October 2025"
    );
}

#[test]
fn seed_06_names_the_week() {
    let text = "Last week, Trump had a phone conversation with Putin.";
    let times = find_times(text, &[Span::new(0, text.len())], Some(d("2025-10-22")));
    assert!(describe(&times[0].date).contains("13 October 2025"));
}

#[test]
fn reads_question_times() {
    // (question, today, words covered, start, end, since, before)
    type Case = (
        &'static str,
        &'static str,
        &'static str,
        Option<&'static str>,
        &'static str,
        bool,
        bool,
    );
    let cases: &[Case] = &[
        (
            "What did Trump say last week?",
            "2025-10-22",
            "last week",
            Some("2025-10-13"),
            "2025-10-19",
            false,
            false,
        ),
        (
            "what did trump say in october",
            "2025-10-22",
            "in october",
            Some("2025-10-01"),
            "2025-10-31",
            false,
            false,
        ),
        (
            "What did Trump say in December?",
            "2025-01-05",
            "in December",
            Some("2024-12-01"),
            "2024-12-31",
            false,
            false,
        ),
        (
            "What has Zelensky said since Monday?",
            "2025-10-22",
            "since Monday",
            Some("2025-10-20"),
            "2025-10-22",
            true,
            false,
        ),
        (
            "What did Trump say in 2016?",
            "2025-10-22",
            "in 2016",
            Some("2016-01-01"),
            "2016-12-31",
            false,
            false,
        ),
        (
            "Who spoke yesterday?",
            "2025-10-22",
            "yesterday",
            Some("2025-10-21"),
            "2025-10-21",
            false,
            false,
        ),
        (
            "What was said this month?",
            "2025-10-22",
            "this month",
            Some("2025-10-01"),
            "2025-10-31",
            false,
            false,
        ),
        (
            "What did Putin say before 2020?",
            "2025-10-22",
            "before 2020",
            None,
            "2019-12-31",
            false,
            true,
        ),
        (
            "What did Putin say after 2020?",
            "2025-10-22",
            "after 2020",
            Some("2021-01-01"),
            "2025-10-22",
            true,
            false,
        ),
        (
            "What happened in February 2022?",
            "2025-10-22",
            "in February 2022",
            Some("2022-02-01"),
            "2022-02-28",
            false,
            false,
        ),
        (
            "What happened on 24 February?",
            "2025-10-22",
            "on 24 February",
            Some("2025-02-24"),
            "2025-02-24",
            false,
            false,
        ),
    ];
    for (q, today, words, start, end, since, before) in cases {
        let got = question_time(q, d(today)).unwrap_or_else(|| panic!("{q:?}"));
        assert_eq!(got.span.text(q), *words, "{q:?}");
        assert_eq!(got.range.start, start.map(d), "{q:?}");
        assert_eq!(got.range.end, Some(d(end)), "{q:?}");
        assert_eq!((got.since, got.before), (*since, *before), "{q:?}");
    }
    for q in [
        "When did Trump talk to Putin?",
        "What did Theresa May say?",
        "Who said Putin may come?",
        "What did he say recently?",
        "What did Trump say about Saturday's service in Washington?",
        "What did Cruz say about last week’s debate?",
    ] {
        assert_eq!(question_time(q, d("2025-10-22")), None, "{q:?}");
    }
}

/// Throughput on real news text: `cargo test --lib time::tests::throughput -- --ignored
/// --nocapture` (a debug build understates it).
#[test]
#[ignore]
fn throughput() {
    let sample = include_str!("../../corpus/sample/wikinews.jsonl");
    let text = sample.repeat((20_000_000 / sample.len()).max(1));
    let started = std::time::Instant::now();
    let n = find_times(&text, &[], Some(d("2025-10-22"))).len();
    let secs = started.elapsed().as_secs_f64();
    let mb = text.len() as f64 / 1e6;
    println!("{n} times in {mb:.1} MB: {:.1} MB/s", mb / secs);
}

/// Prints every time found in a JSON Lines corpus with its context, for reading by eye:
/// `WHOSAID_TIME_CORPUS=path cargo test --lib time::tests::survey -- --ignored --nocapture`.
#[test]
#[ignore]
fn survey() {
    let Ok(path) = std::env::var("WHOSAID_TIME_CORPUS") else {
        return;
    };
    let data = std::fs::read_to_string(path).unwrap();
    for line in data.lines().take(200) {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let text = v["text"].as_str().unwrap_or("");
        let published = v["published"].as_str().and_then(|s| s.get(..10)).map(d);
        for t in find_times(text, &[], published) {
            let mut lo = t.span.start.saturating_sub(30);
            while !text.is_char_boundary(lo) {
                lo -= 1;
            }
            let mut hi = (t.span.end + 30).min(text.len());
            while !text.is_char_boundary(hi) {
                hi += 1;
            }
            let ctx = text[lo..hi].replace('\n', " ");
            println!(
                "{:?} {:?}..{:?} | {ctx}",
                t.date.text, t.date.start, t.date.end
            );
        }
    }
}

/// Random texts built from tricky pieces (multi-byte chars, partial dates, stray digits)
/// never panic and always yield spans on char boundaries that match their text.
#[test]
fn survives_random_texts() {
    let pieces = [
        "May",
        "may",
        " ",
        ", ",
        ".",
        "Feb.",
        "Sept",
        "24",
        "2016",
        "1,0",
        "-",
        "in",
        "on",
        "the",
        "1990s",
        "last",
        "week",
        "ago",
        "two",
        "Tuesday",
        "é",
        "🎉",
        "\u{200f}",
        "\n",
        "T10:00Z",
        "2016-02-29",
        "weekend",
        "since",
        "before",
        "'s",
        "twenty-",
        "of",
        "th",
    ];
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    for _ in 0..3000 {
        let mut text = String::new();
        for _ in 0..12 {
            // xorshift: deterministic, no dependency.
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            text.push_str(pieces[(seed % pieces.len() as u64) as usize]);
        }
        for t in find_times(&text, &[], Some(d("2025-10-22"))) {
            let bounds = text.is_char_boundary(t.span.start) && text.is_char_boundary(t.span.end);
            assert!(bounds && !t.span.is_empty(), "{text:?}");
            assert_eq!(t.span.text(&text), t.date.text, "{text:?}");
            let _ = describe(&t.date);
        }
        let _ = question_time(&text, d("2025-01-01"));
    }
}
