//! Questions as people ask them in chat, table by table: roles instead of names, spelling
//! variants, groups as speakers, relative time, timelines in order, and people the corpus
//! does not know. Answered through `Engine::ask_on` and the templates, as `whosaid ask`.

use chrono::NaiveDate;
use whosaid::corpus::{loader::parse_jsonl_line, LoadOptions};
use whosaid::engine::Engine;

use crate::support::engine::{self, fold};

/// A fixed "today" for relative times: the seed article's publication day, a Wednesday.
fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 10, 22).unwrap()
}

/// Three statements by one person on three days, for time and timeline questions.
const MAYOR: &[&str] = &[
    r#"{"id":"mayor-1","title":"Library plan","published":"2025-10-01","text":"Mayor Alicia Fernandez said the city would build a new library in the harbour district."}"#,
    r#"{"id":"mayor-2","title":"Fares frozen","published":"2025-10-15","text":"Fernandez told reporters that bus fares would stay frozen until spring."}"#,
    r#"{"id":"mayor-3","title":"Bridge repairs","published":"2025-10-20","text":"Alicia Fernandez announced that the old bridge will close for repairs."}"#,
    r#"{"id":"harbour-1","title":"Harbour Authority plans","published":"2025-10-18","text":"Several Harbour Authority officials said the ferry terminal would reopen in March."}"#,
    r#"{"id":"bridge-2","title":"Bridge","published":"2025-10-21","text":"It was claimed that the old bridge will close for repairs in the spring."}"#,
    r#"{"id":"ct-1","title":"Tax filings","published":"2025-10-17","text":"Connecticut’s tax commissioner says an internal review shows no one leaked the filings."}"#,
    r#"{"id":"eu-1","title":"Aid for the harbour","published":"2025-10-19","text":"Other E.U. leaders said the bloc would pay for the harbour dredging."}"#,
];

/// One governor's statements: one dated by the article itself ("On Monday"), one dated only
/// by its publication; and a sentence with a time that is no one's statement.
const GOVERNOR: &[&str] = &[
    r#"{"id":"port-1","title":"Port strike","published":"2025-10-22","text":"On Monday, Governor Maria Santos said the port strike would end within days."}"#,
    r#"{"id":"ferry-1","title":"Ferry fares","published":"2025-10-15","text":"Governor Maria Santos said ferry fares would fall."}"#,
    r#"{"id":"fair-1","title":"Harvest fair","published":"2025-10-21","text":"Last week, the harvest fair drew record crowds to the valley."}"#,
];

fn engine() -> (tempfile::TempDir, Engine) {
    engine_with(MAYOR)
}

/// The sample corpus, the seed article published `today()`, and `lines` (JSON Lines).
fn engine_with(lines: &[&str]) -> (tempfile::TempDir, Engine) {
    let articles = lines
        .iter()
        .map(|line| parse_jsonl_line(line, &LoadOptions::default()).unwrap())
        .collect();
    engine::with_seed(Some(today()), articles)
}

/// Ask each question; every `must` string appears, no `never` string does.
fn check(engine: &Engine, table: &[(&str, &[&str], &[&str])]) {
    let mut failures = Vec::new();
    for (question, must, never) in table {
        let text = fold(&engine.render(&engine.ask_on(question, today()).unwrap()));
        let missing: Vec<_> = must.iter().filter(|m| !text.contains(&fold(m))).collect();
        let present: Vec<_> = never.iter().filter(|m| text.contains(&fold(m))).collect();
        if !missing.is_empty() || !present.is_empty() {
            failures.push(format!(
                "{question}\n  missing {missing:?}, present {present:?}\n{text}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn people_are_found_by_role_spelling_and_group() {
    let (_dir, engine) = engine();
    check(
        &engine,
        &[
            // Roles instead of names.
            (
                "What did the Ukrainian president say?",
                &["Zelensky", "decisive action"],
                &["Starmer"],
            ),
            (
                "What did the British prime minister propose?",
                &["Keir Starmer", "peace plan"],
                &[],
            ),
            (
                "What did NATO's chief say?",
                &["Mark Rutte", "urgent discussions"],
                &[],
            ),
            (
                "Who is the Russian foreign minister?",
                &["Sergei Lavrov"],
                &[],
            ),
            (
                "What did President Trump suggest?",
                &["Donald Trump", "accepting Putin"],
                &[],
            ),
            // Spelling variants, lowercase and possessives.
            (
                "What did Zelenskyy say?",
                &["Volodymyr Zelensky", "confusion"],
                &[],
            ),
            (
                "what did zelenskiy say about military support",
                &["military support"],
                &[],
            ),
            ("What did Mark Rute say?", &["Mark Rutte"], &[]),
            ("Who is Rubio?", &["Marco Rubio", "Secretary of State"], &[]),
            (
                "What is Trump's position on meeting Putin?",
                &["non-committal"],
                &[],
            ),
            // Groups and organisations as speakers; an organisation speaks through the
            // offices its name is in ("NATO Secretary General Mark Rutte").
            (
                "What did NATO say?",
                &["Mark Rutte", "urgent discussions"],
                &[],
            ),
            (
                "any news from nato?",
                &["Mark Rutte", "urgent discussions"],
                &["news"],
            ),
            (
                "What did European leaders say?",
                &["European leaders", "negotiated settlement"],
                &[],
            ),
            (
                "What did U.S. officials say?",
                &["U.S. officials", "immediate plans"],
                &[],
            ),
            (
                "What did the Kremlin say?",
                &["Kremlin", "no set timeline"],
                &[],
            ),
            // An organisation speaks through its officials.
            (
                "What did the Harbour Authority say?",
                &["Harbour Authority", "ferry terminal"],
                &["nothing", "Several"],
            ),
            (
                "What did the E.U. say about the harbour?",
                &["E.U.", "dredging"],
                &["nothing"],
            ),
            (
                "What did Connecticut say about the filings?",
                &["tax commissioner", "internal review"],
                &["nothing"],
            ),
            (
                "What did the U.S. say?",
                &["U.S. officials", "immediate plans"],
                &["nothing"],
            ),
        ],
    );
}

#[test]
fn relative_times_restrict_the_answer() {
    let (_dir, engine) = engine();
    check(
        &engine,
        &[
            // Last week relative to Wednesday 22 October 2025 is 13–19 October.
            (
                "What did Alicia Fernandez say last week?",
                &["bus fares"],
                &["library", "bridge"],
            ),
            // Monday is 20 October.
            (
                "What did Fernandez say since Monday?",
                &["bridge"],
                &["library", "bus fares"],
            ),
            (
                "What did Fernandez say in October?",
                &["library", "bus fares", "bridge"],
                &[],
            ),
            // Nothing then: said so, and the most recent offered instead.
            (
                "What did Fernandez say in 2019?",
                &["nothing said by **Alicia Fernandez** in 2019", "bridge"],
                &[],
            ),
            // A possessive time names the thing asked about, not when it was said.
            (
                "What did Fernandez say about last week's bus fares?",
                &["bus fares"],
                &["nothing"],
            ),
        ],
    );
}

#[test]
fn a_timeline_is_in_the_order_things_were_said() {
    let (_dir, engine) = engine();
    let text = engine.render(
        &engine
            .ask_on("What did Alicia Fernandez say?", today())
            .unwrap(),
    );
    let at = |s: &str| {
        text.find(s)
            .unwrap_or_else(|| panic!("{s:?} missing from:\n{text}"))
    };
    assert!(
        at("library") < at("bus fares") && at("bus fares") < at("bridge"),
        "{text}"
    );

    let latest = engine
        .ask_on("What is the latest from Fernandez?", today())
        .unwrap();
    assert!(
        latest.statements[0].content.contains("bridge"),
        "{latest:?}"
    );
}

#[test]
fn someone_absent_gets_nothing_found_and_no_one_else() {
    let (_dir, engine) = engine();
    let absent = [
        "Angela Merkel",
        "Emmanuel Macron",
        "Olaf Scholz",
        "Giorgia Meloni",
        "Pedro Sanchez",
        "Justin Trudeau",
        "Narendra Modi",
        "Xi Jinping",
        "Recep Erdogan",
        "Viktor Orban",
        "Jacinda Ardern",
        "Antonio Guterres",
        "Ursula von der Leyen",
        "Kamala Harris",
        "Jens Stoltenberg",
        "Benjamin Netanyahu",
        "Anthony Albanese",
        "Fumio Kishida",
        "Lula da Silva",
        "Andrzej Duda",
        "Boris Johnson",
    ];
    let known = [
        "Zelensky",
        "Trump",
        "Kremlin",
        "Starmer",
        "Rutte",
        "Putin",
        "Rubio",
        "Lavrov",
        "Fernandez",
        "officials",
        "leaders",
    ];
    for name in absent {
        for question in [
            format!("What did {name} say?"),
            format!("What did {name} say about Ukraine?"),
        ] {
            let answer = engine.ask_on(&question, today()).unwrap();
            let text = engine.render(&answer);
            assert!(answer.statements.is_empty(), "{question}: {text}");
            assert!(
                text.contains(name),
                "{question}: names who was looked for: {text}"
            );
            for k in known {
                assert!(!text.contains(k), "{question}: mentions {k}: {text}");
            }
        }
    }
}

#[test]
fn who_said_prefers_a_named_speaker_to_an_unnamed_one() {
    let (_dir, engine) = engine();
    assert_first_speaker(
        &engine,
        "Who said that the old bridge will close for repairs in the spring?",
        "Alicia Fernandez",
    );
}

/// The answer's first statement is `speaker`'s.
fn assert_first_speaker(engine: &Engine, question: &str, speaker: &str) {
    let answer = engine.ask_on(question, today()).unwrap();
    let first = answer.statements.first().expect("an answer");
    assert_eq!(
        first.speaker.as_deref(),
        Some(speaker),
        "{question}\n{}",
        engine.render(&answer)
    );
}

/// "Which official said …": the role's holders rank first when they said it, but the
/// person who said it is still found when no article gave them the role, and the apposition
/// ("Tad Devine, a top adviser to Sanders,") gives a role.
#[test]
fn which_role_ranks_the_holders_first_and_finds_the_rest() {
    let lines = [
        r#"{"id":"imf-1","title":"Growth","published":"2025-10-10","text":"Eswar Prasad, a former official at the International Monetary Fund, said the conversation about growth was active."}"#,
        r#"{"id":"rjc-1","title":"RJC","published":"2025-10-12","text":"Ari Fleischer said there is an active conversation within the coalition about how to respond to the candidate."}"#,
        r#"{"id":"dev-1","title":"Delegates","published":"2025-10-12","text":"Tad Devine, a top adviser to Sanders, said the nominating process is eroding democracy. Mary Jones said the nominating process is eroding democracy in every state, from the smallest to the largest."}"#,
    ];
    let (_dir, engine) = engine_with(&lines);
    for (question, speaker) in [
        (
            "which former official said there's an active conversation about how to respond to the candidate?",
            "Ari Fleischer",
        ),
        (
            "which sanders adviser said the nominating process is eroding democracy?",
            "Tad Devine",
        ),
    ] {
        assert_first_speaker(&engine, question, speaker);
    }
}

/// A role has had several holders: with a topic, the one who spoke of it is meant; without
/// one, the latest. A place before the post says whose post it is. (Before this, every
/// question here named the latest holder, and the flag questions found nothing.)
#[test]
fn a_role_with_a_topic_finds_the_holder_who_spoke_of_it() {
    let lines = [
        r#"{"id":"nz-1","title":"Flag","published":"2015-05-07","text":"New Zealand's Prime Minister John Key said redesigning the flag now has a strong rationale."}"#,
        r#"{"id":"uk-1","title":"Asylum","published":"2023-02-23","text":"Prime Minister Rishi Sunak said the asylum backlog would be cleared by the end of the year."}"#,
    ];
    let (_dir, engine) = engine_with(&lines);
    for (question, speaker) in [
        (
            "what did the prime minister say about the flag?",
            "John Key",
        ),
        ("whats the pm's view on the flag", "John Key"),
        (
            "what did the prime minister say about asylum",
            "Rishi Sunak",
        ),
        // The seed article (22 October 2025) has the latest prime minister.
        ("what did the prime minister say?", "Keir Starmer"),
        ("what did the new zealand prime minister say", "John Key"),
    ] {
        assert_first_speaker(&engine, question, speaker);
    }
}

/// A country's post is written with the country's adjective ("Saudi Oil Minister"); another
/// country's holder is never meant ("Kuwait's oil minister" is not the Saudi one an article
/// about Kuwait quotes). A description of several words after "which" narrows by all of
/// them. A lone "statement" names no one.
#[test]
fn posts_are_matched_by_their_owner_and_every_describing_word() {
    let lines = [
        r#"{"id":"opec-1","title":"Saudi Arabia reiterates commitment","published":"1987-03-01","text":"Saudi Oil Minister Hisham Nazer said the kingdom would never sell its oil below the official prices. Kuwait said there were no plans for an emergency OPEC meeting."}"#,
        r#"{"id":"rfa-1","title":"Ethanol","published":"2015-11-24","text":"Monte Shaw, executive director of the Iowa Renewable Fuels Association, said Clinton has set herself apart from Obama on the renewable fuel standard."}"#,
        r#"{"id":"voa-1","title":"Broadcasts","published":"2016-09-19","text":"Elez Biberaj, director of the VOA Eurasian division, said Clinton has set an example on renewable fuel."}"#,
        r#"{"id":"ec-1","title":"EC warns","published":"1987-03-17","text":"A statement said ministers were very disturbed by moves towards protectionism. Trade commissioner Willy De Clercq warned against protectionism."}"#,
    ];
    let (_dir, engine) = engine_with(&lines);
    assert_first_speaker(
        &engine,
        "what did saudi arabia's oil minister say",
        "Hisham Nazer",
    );
    assert_first_speaker(
        &engine,
        "which renewable fuels association director said clinton has set herself apart",
        "Monte Shaw",
    );
    assert_first_speaker(&engine, "who warned about protectionism", "Willy De Clercq");
    check(
        &engine,
        &[(
            "what did kuwait's oil minister say about prices",
            &["nothing said by **kuwait's oil minister**"],
            &["Nazer"],
        )],
    );
}

/// "The company said", "the department said": the organisation's own words, found by its
/// name.
#[test]
fn the_company_said_is_the_company_speaking() {
    let lines = [
        r#"{"id":"acme-1","title":"Acme to buy Widget","published":"2025-10-20","text":"Acme Holdings Inc said it agreed to buy Widget Corp for 40 mln dlrs. The company said the deal would close in May, pending regulatory approval."}"#,
    ];
    let (_dir, engine) = engine_with(&lines);
    check(
        &engine,
        &[
            (
                "what did acme holdings say about the deal?",
                &["Acme Holdings", "close in May"],
                &["Widget Corp said"],
            ),
            // "in may" reads first as a time; no one said it in May, so it is searched as
            // the statement's words.
            (
                "who said the deal would close in may?",
                &["Acme Holdings"],
                &[],
            ),
        ],
    );
}

/// Two people share a surname: a question naming one in full never quotes the other.
#[test]
fn a_full_name_is_not_answered_with_another_of_the_surname() {
    let lines = [
        r#"{"id":"reed-1","title":"Plan","published":"2025-10-10","text":"Scott Reed, a strategist, said the president's plan for the base was smart."}"#,
        r#"{"id":"reed-2","title":"Budget","published":"2025-10-12","text":"Senator Jack Reed said the budget would pass next week."}"#,
    ];
    let (_dir, engine) = engine_with(&lines);
    check(
        &engine,
        &[
            (
                "What did Jack Reed say about the president's plan?",
                &["nothing"],
                &["Scott Reed", "smart"],
            ),
            (
                "What did Scott Reed say about the president's plan?",
                &["smart"],
                &[],
            ),
            ("What did Jack Reed say about the budget?", &["pass"], &[]),
        ],
    );
}

/// A surname two people share: the answer's heading names whose words it quotes, never
/// the other holder of the surname.
#[test]
fn a_shared_surname_is_headed_by_who_said_it() {
    let lines = [
        r#"{"id":"reed-a","title":"Plan","published":"2025-10-10","text":"Scott Reed, a strategist, said the president's plan for the base was smart. Scott Reed said the ads would run in October. Scott Reed said the polls were close."}"#,
        r#"{"id":"reed-b","title":"Budget","published":"2025-10-12","text":"Senator Jack Reed said the budget would pass next week. Jack Reed said the budget talks had gone well."}"#,
        r#"{"id":"reed-c","title":"Ads","published":"2025-10-13","text":"Scott Reed said the ads had worked. Scott Reed said the campaign had money left."}"#,
    ];
    let (_dir, engine) = engine_with(&lines);
    check(
        &engine,
        &[
            (
                "What did Reed say about the budget?",
                &["Jack Reed", "pass"],
                &["Scott"],
            ),
            (
                "reed's take on the budget",
                &["Jack Reed", "pass"],
                &["Scott"],
            ),
            (
                "What did Reed say about the ads?",
                &["Scott Reed", "October"],
                &["Jack"],
            ),
        ],
    );
}

/// A who-question that quotes many common words ("a lot of other people") finds the one
/// statement holding every word, even when more than a search's worth of statements share
/// the common words more densely.
#[test]
fn who_said_finds_the_statement_holding_every_word_quoted() {
    let crowd: Vec<String> = (0..150)
        .map(|i| {
            format!(
                r#"{{"id":"crowd-{i}","title":"Rally {i}","published":"2025-10-0{d}","text":"Organiser Sam Carter{i} said a lot of people are not here. A lot of other people are not here, other people said."}}"#,
                d = i % 9 + 1
            )
        })
        .collect();
    let quote = r#"{"id":"jobs-1","title":"Jobs report","published":"2025-10-10","text":"“I’m not satisfied, but a lot of other people are satisfied. And we shouldn’t be satisfied with that number, because the number of jobs added in the autumn months was far too low for the region’s families,” Governor Dana Whitfield said on Friday."}"#;
    let lines: Vec<&str> = crowd.iter().map(String::as_str).chain([quote]).collect();
    let (_dir, engine) = engine_with(&lines);
    assert_first_speaker(
        &engine,
        "who said I'm not satisfied, but a lot of other people are satisfied",
        "Dana Whitfield",
    );
}

/// A speaker with more statements than retrieval takes candidates (one a day for 400 days):
/// questions about a time, or about the latest, must look among the statements of that time,
/// not among the best matches of all time.
#[test]
fn a_prolific_speaker_is_answered_from_the_time_asked_and_the_latest() {
    let dir = tempfile::tempdir().unwrap();
    let engine = engine::open(dir.path());
    let first = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
    let days = 400;
    let docs = (0..days).map(|i| {
        let day = first + chrono::Duration::days(i);
        let line = format!(
            r#"{{"id":"okafor-{i}","title":"Council day {i}","published":"{day}","text":"Senator Ruth Okafor said the council approved budget line {i}."}}"#
        );
        Ok(parse_jsonl_line(&line, &LoadOptions::default()).unwrap())
    });
    engine.ingest(docs, |_| {}).unwrap();
    let last = first + chrono::Duration::days(days - 1);
    let today = last + chrono::Duration::days(1);
    let published = |a: &whosaid::qa::Answer| -> Vec<NaiveDate> {
        a.statements
            .iter()
            .filter_map(|s| s.document.published)
            .collect()
    };

    let december = engine
        .ask_on(
            "What did Ruth Okafor say about the budget in December 2024?",
            today,
        )
        .unwrap();
    let dates = published(&december);
    assert!(!dates.is_empty(), "nothing for December 2024");
    for d in &dates {
        assert_eq!(d.format("%Y-%m").to_string(), "2024-12", "{dates:?}");
    }

    let latest = engine
        .ask_on("What is the latest from Ruth Okafor?", today)
        .unwrap();
    assert_eq!(
        published(&latest).first(),
        Some(&last),
        "{:?}",
        published(&latest)
    );

    let timeline = engine.ask_on("What did Ruth Okafor say?", today).unwrap();
    let dates = published(&timeline);
    assert_eq!(dates.last(), Some(&last), "{dates:?}");
    assert!(dates.windows(2).all(|w| w[0] <= w[1]), "{dates:?}");
}

#[test]
fn a_when_question_answers_from_the_statement_and_when_it_was_said() {
    let (_dir, engine) = engine_with(GOVERNOR);
    check(
        &engine,
        &[
            // The statement's own time.
            (
                "When did Maria Santos say the port strike would end?",
                &["on Monday (20 October 2025)", "Maria Santos", "port strike"],
                &["does not say", "ferry", "harvest"],
            ),
            // Dated only by its article: said so, with the publication date.
            (
                "When did Maria Santos say ferry fares would fall?",
                &[
                    "does not say when",
                    "published on **15 October 2025**",
                    "ferry fares would fall",
                ],
                &["port strike", "harvest"],
            ),
            (
                "When did the Kremlin say there was no timeline?",
                &["Kremlin", "no set timeline", "22 October 2025"],
                &["lantern", "Taipei"],
            ),
            // The event asked about is no one's statement: the sentence that says when.
            (
                "When did Trump talk to Putin?",
                &["phone", "13 October 2025"],
                &["Afghan"],
            ),
            // "speak" reads as "say", but speaking to someone is a conversation.
            (
                "When did Trump speak to Putin?",
                &["phone", "13 October 2025"],
                &["accepting Putin", "Afghan"],
            ),
        ],
    );
}

#[test]
fn a_when_question_with_no_matching_statement_quotes_nothing_unrelated() {
    let (_dir, engine) = engine_with(GOVERNOR);
    check(
        &engine,
        &[
            (
                "When did Maria Santos say the marina would be sold?",
                &["nothing", "Maria Santos", "marina"],
                &["port strike", "ferry", "harvest", "lantern"],
            ),
            (
                "When did the Kremlin say there was no lantern?",
                &["nothing", "Kremlin"],
                &["Taipei", "timeline"],
            ),
            // No one by that name: no one else's words instead.
            (
                "When did Angela Merkel say there was no timeline?",
                &["nothing", "Angela Merkel"],
                &["Kremlin", "set timeline"],
            ),
            // No speaker: a sentence must share a word with the question, not just a time.
            (
                "When was the marina sold?",
                &["nothing"],
                &["harvest", "lantern", "Last week"],
            ),
        ],
    );
}

#[test]
fn an_empty_time_window_says_so_and_offers_the_most_recent() {
    let (_dir, engine) = engine();
    // Trump's statements in the seed article are dated by it (22 October 2025), not last week.
    let answer = engine
        .ask_on("what did trump say last week?", today())
        .unwrap();
    let text = engine.render(&answer);
    let window = answer.outside_window.as_ref().expect("the window asked");
    assert_eq!(
        (window.start, window.end),
        (
            NaiveDate::from_ymd_opt(2025, 10, 13),
            NaiveDate::from_ymd_opt(2025, 10, 19)
        ),
        "{text}"
    );
    assert!(
        text.starts_with(
            "I found nothing said by **Donald Trump** last week (the week of 13 October 2025). The most recent:"
        ),
        "{text}"
    );
    assert!((1..=3).contains(&answer.statements.len()), "{text}");
    assert!(answer
        .statements
        .iter()
        .all(|s| s.speaker.as_deref() == Some("Donald Trump")));
    assert!(text.contains("22 October 2025"), "dated: {text}");

    // Newest first, at most three.
    let answer = engine
        .ask_on("What did Alicia Fernandez say in 2019?", today())
        .unwrap();
    let contents: Vec<&str> = answer
        .statements
        .iter()
        .map(|s| s.content.as_str())
        .collect();
    assert_eq!(contents.len(), 3, "{contents:?}");
    assert!(contents[0].contains("bridge"), "{contents:?}");
    assert!(contents[2].contains("library"), "{contents:?}");

    // Said in the window: answered as before, with no window flagged.
    let answer = engine
        .ask_on("What did Alicia Fernandez say last week?", today())
        .unwrap();
    assert!(answer.outside_window.is_none(), "{answer:?}");

    // Someone with no statement at all stays nothing found, quoting no one.
    let answer = engine
        .ask_on("What did Angela Merkel say last week?", today())
        .unwrap();
    assert!(
        answer.is_empty() && answer.outside_window.is_none(),
        "{answer:?}"
    );
    assert!(engine.render(&answer).contains("Angela Merkel"));
}

/// The mayor's statements and one by a communications director whose first name is a verb.
const CHAT: &[&str] = &[
    MAYOR[0],
    MAYOR[1],
    MAYOR[2],
    r#"{"id":"hicks-1","title":"Travel plans","published":"2025-10-16","text":"Hope Hicks, the White House communications director, said the president would travel to Ohio next month."}"#,
];

#[test]
fn questions_typed_as_in_chat_are_answered() {
    let (_dir, engine) = engine_with(CHAT);
    check(
        &engine,
        &[
            // Yes/no, both ways.
            (
                "did fernandez say anything about the library?",
                &["Yes", "Alicia Fernandez", "new library"],
                &["No:"],
            ),
            (
                "Did Fernandez say anything about whales?",
                &["No: I found nothing **Alicia Fernandez** said about whales"],
                &["library", "bus fares"],
            ),
            // A role or description instead of a name, in lower case.
            (
                "which mayor said the city would build a library",
                &["Alicia Fernandez", "new library"],
                &[],
            ),
            (
                "anyone say bus fares would stay frozen?",
                &["Fernandez", "bus fares"],
                &[],
            ),
            (
                "who was it that said the president would travel to ohio?",
                &["Hope Hicks", "Ohio"],
                &[],
            ),
            ("fernandez on the bridge", &["old bridge"], &["library"]),
            (
                "whats fernandez saying about bus fares",
                &["bus fares"],
                &["library"],
            ),
            // A pronoun alone asks for the name, and quotes no one.
            (
                "what else did he say?",
                &["Who do you mean by “he”"],
                &["Fernandez", "Hicks"],
            ),
        ],
    );
}

#[test]
fn whois_builds_its_question_from_the_name() {
    let (_dir, engine) = engine_with(CHAT);
    // Re-read as English, "Who is Hope Hicks?" would meet the verb "hope".
    let answer = engine.who_is("Hope Hicks").unwrap();
    let entity = answer
        .entity
        .as_ref()
        .expect("Hope Hicks is in the articles");
    assert_eq!(entity.name, "Hope Hicks", "{answer:?}");
    assert_eq!(answer.intent, whosaid::qa::Intent::WhoIs);
    let text = engine.render(&answer);
    assert!(
        text.contains("**Hope Hicks**") && text.contains("Travel plans"),
        "{text}"
    );
}

#[test]
fn a_first_name_alone_means_the_full_name_written_most() {
    let lines = [
        r#"{"id":"wage-1","title":"Wages","published":"2025-10-10","text":"Bernie Sanders said the minimum wage should rise to fifteen dollars."}"#,
        r#"{"id":"wage-2","title":"Rally","published":"2025-10-11","text":"Bernie Sanders told the rally that trade deals had cost factory jobs."}"#,
        r#"{"id":"wage-3","title":"Senate","published":"2025-10-12","text":"Senator Bernie Sanders said the bill would fail."}"#,
        r#"{"id":"wage-4","title":"Fans","published":"2025-10-13","text":"Supporters chanted as Bernie waved. Bernie said the crowd was the largest yet."}"#,
    ];
    let (_dir, engine) = engine_with(&lines);
    check(
        &engine,
        &[(
            "what has bernie said about the minimum wage",
            &["Bernie Sanders", "fifteen dollars"],
            &["I found nothing"],
        )],
    );
}

#[test]
fn a_person_s_statements_are_listed_newest_first_and_filtered() {
    use std::collections::HashSet;
    use whosaid::qa::PersonFilter;
    let (_dir, engine) = engine();
    let list = |filter: PersonFilter, hidden: &HashSet<String>| {
        engine
            .person_statements("alicia fernandez", &filter, hidden)
            .unwrap()
            .expect("the mayor is known")
    };
    let contents = |filter: PersonFilter, hidden: &HashSet<String>| -> Vec<String> {
        list(filter, hidden)
            .statements
            .iter()
            .map(|s| fold(&s.content))
            .collect()
    };
    let none = HashSet::new();
    let all = list(PersonFilter::default(), &none);
    assert_eq!(all.name, "Alicia Fernandez");
    assert!(!all.truncated);
    let docs: Vec<&str> = all
        .statements
        .iter()
        .map(|s| s.document.id.as_str())
        .collect();
    assert_eq!(docs, ["mayor-3", "mayor-2", "mayor-1"], "newest first");

    let since = PersonFilter {
        since: NaiveDate::from_ymd_opt(2025, 10, 10),
        ..PersonFilter::default()
    };
    assert_eq!(list(since, &none).statements.len(), 2);
    let until = PersonFilter {
        until: NaiveDate::from_ymd_opt(2025, 10, 10),
        ..PersonFilter::default()
    };
    assert_eq!(list(until, &none).statements.len(), 1);

    let about = PersonFilter {
        about: Some("bus fares".into()),
        ..PersonFilter::default()
    };
    let fares = contents(about, &none);
    assert_eq!(fares.len(), 1, "{fares:?}");
    assert!(fares[0].contains("bus fares"), "{fares:?}");

    let hidden: HashSet<String> = ["mayor-2".to_string()].into();
    assert_eq!(list(PersonFilter::default(), &hidden).statements.len(), 2);

    let nobody = engine
        .person_statements("Zebulon Quartermaine", &PersonFilter::default(), &none)
        .unwrap();
    assert!(nobody.is_none(), "{nobody:?}");
}

/// One statement of Jack Reed's, and more of Scott Reed's, all newer, than a search keeps
/// candidates: both are stored under the surname's key "reed".
fn reeds() -> Vec<String> {
    let mut lines = vec![
        r#"{"id":"jack-1","title":"Defence bill","published":"2025-09-01","text":"Senator Jack Reed said the defence bill would pass before winter."}"#.to_string(),
    ];
    for i in 0..120 {
        let day = chrono::NaiveDate::from_ymd_opt(2025, 9, 2).unwrap() + chrono::Days::new(i);
        lines.push(format!(
            r#"{{"id":"scott-{i}","title":"Campaign note {i}","published":"{day}","text":"Strategist Scott Reed said the campaign would open office number {i} soon."}}"#
        ));
    }
    lines
}

#[test]
fn another_person_of_the_surname_never_crowds_out_the_one_asked_about() {
    let lines = reeds();
    let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
    let (_dir, engine) = engine_with(&lines);
    check(
        &engine,
        &[
            ("What did Jack Reed say?", &["defence bill"], &["campaign"]),
            (
                "When did Jack Reed say the defence bill would pass?",
                &["defence bill"],
                &["campaign"],
            ),
        ],
    );
    let listed = engine
        .person_statements(
            "Jack Reed",
            &whosaid::qa::PersonFilter::default(),
            &Default::default(),
        )
        .unwrap()
        .expect("Jack Reed is known");
    let docs: Vec<&str> = listed
        .statements
        .iter()
        .map(|s| s.document.id.as_str())
        .collect();
    assert_eq!(docs, ["jack-1"]);
}

#[test]
fn statements_under_a_variant_of_the_name_are_the_person_s() {
    let mut lines = vec![
        r#"{"id":"hrc-variant","title":"Harbour","published":"2016-05-01","text":"Hillary Rodham Clinton said tariffs on steel would ruin the harbour. Hillary Clinton has said so before."}"#.to_string(),
    ];
    for i in 0..25 {
        lines.push(format!(
            r#"{{"id":"hrc-{i}","title":"Steel {i}","published":"2016-04-{:02}","text":"Hillary Clinton said tariffs on steel would hurt farmers in county {i}."}}"#,
            i + 1
        ));
    }
    let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
    let (_dir, engine) = engine_with(&lines);
    let filter = whosaid::qa::PersonFilter {
        about: Some("tariffs".into()),
        ..Default::default()
    };
    let listed = engine
        .person_statements("Hillary Clinton", &filter, &Default::default())
        .unwrap()
        .expect("Hillary Clinton is known");
    let docs: Vec<&str> = listed
        .statements
        .iter()
        .map(|s| s.document.id.as_str())
        .collect();
    assert_eq!(docs.len(), 26, "{docs:?}");
    assert_eq!(docs[0], "hrc-variant", "newest first: {docs:?}");
}

#[test]
fn a_lowercase_name_the_articles_quote_is_a_name_however_few_the_articles() {
    // One article names and quotes her: two records know "valtersen", fewer than a
    // lowercase word otherwise needs ("job" ends one title), but she is quoted.
    let (_dir, engine) = engine_with(&[
        r#"{"id":"port-9","title":"Port reopens","published":"2025-10-20","text":"Harbour master Ingrid Valtersen said the port would reopen on Friday."}"#,
    ]);
    check(
        &engine,
        &[
            ("who is valtersen", &["Ingrid Valtersen", "1 article"], &[]),
            ("what did valtersen say", &["port would reopen"], &[]),
        ],
    );
}

/// Someone named only by a post in an organisation ("a spokesman for Texaco Inc") is
/// found by the organisation's name, and the post is shown once.
#[test]
fn a_spokesman_for_an_organisation_answers_for_it() {
    let lines = [
        r#"{"id":"tx-1","title":"Pipeline","published":"1987-04-09","text":"A spokesman for Texaco Inc said the pipeline reopened yesterday."}"#,
        r#"{"id":"bma-1","title":"Bills","published":"1987-04-06","text":"A spokesman for the Bahrain Monetary Agency said the bills were sold."}"#,
    ];
    let (_dir, engine) = engine_with(&lines);
    check(
        &engine,
        &[
            (
                "What did Texaco say about the pipeline?",
                &["Spokesman for Texaco Inc** said the pipeline reopened"],
                &["(spokesman for Texaco Inc)"],
            ),
            (
                "what did the bahrain monetary agency say",
                &["the bills were sold"],
                &["nothing"],
            ),
        ],
    );
}
