//! Table tests: sentences and the statements they must yield. When a rule fails on real
//! text, its sentence joins a table here.

use crate::nlp::{analyze, EntityKind, Statement, StatementKind};

const SEED: &str = include_str!("../../corpus/sample/seed-article.txt");

/// What one expected statement must show; `None` fields are not checked.
struct Want {
    speaker: Option<&'static str>,
    cue: &'static str,
    content: &'static str,
}

fn show(text: &str, st: &Statement) -> String {
    format!(
        "{:?} | {:?} | {:?} | {:?}",
        st.speaker.as_ref().map(|s| s.name.as_str()),
        st.source.map(|s| s.text(text)),
        st.cue.map(|s| s.text(text)),
        st.content_text(text)
    )
}

/// Asserts that `text` yields a statement with this speaker, a cue containing `cue`, and
/// this content.
fn assert_has(text: &str, want: &Want) {
    let a = analyze(text, None);
    let found = a.statements.iter().any(|st| {
        st.speaker.as_ref().map(|s| s.name.as_str()) == want.speaker
            && st.cue.is_some_and(|c| c.text(text).contains(want.cue))
            && st.content_text(text) == want.content
    });
    let all: Vec<String> = a.statements.iter().map(|s| show(text, s)).collect();
    assert!(
        found,
        "no {:?} / {:?} / {:?} in {text:?}:\n{}",
        want.speaker,
        want.cue,
        want.content,
        all.join("\n")
    );
}

fn w(speaker: Option<&'static str>, cue: &'static str, content: &'static str) -> Want {
    Want {
        speaker,
        cue,
        content,
    }
}

#[test]
fn seed_article_statements() {
    let table = [
        w(Some("U.S. officials"), "indicating", "there may not be immediate plans for the two leaders to convene"),
        w(None, "was stated", "an in-person meeting was unnecessary"),
        w(Some("Kremlin"), "stating", "there is no set timeline for a summit"),
        w(Some("Kremlin"), "echoed", "this sentiment"),
        w(Some("Donald Trump"), "expressed", "a desire to engage Putin"),
        w(Some("Donald Trump"), "claiming", "he could resolve the conflict swiftly due to their alleged rapport"),
        w(Some("Donald Trump"), "suggested", "accepting Putin’s conditions might be necessary to avoid further destruction from Russia"),
        w(Some("Reports"), "indicate", "the atmosphere during the discussions was tense"),
        w(Some("Volodymyr Zelensky"), "advocating", "military support"),
        w(Some("European leaders"), "worry about", "the potential for a negotiated settlement that undermines Ukraine’s territorial integrity"),
        w(Some("Volodymyr Zelensky"), "expressing", "confusion over Trump’s stance"),
        w(Some("Volodymyr Zelensky"), "asserting", "pressure and support from the international community are essential to countering Russian aggression"),
        w(Some("Volodymyr Zelensky"), "called for", "decisive action from the United States and European allies"),
        w(Some("Keir Starmer"), "proposed", "a collaborative peace plan"),
        w(Some("Mark Rutte"), "emphasized", "the need for urgent discussions among European security advisors"),
    ];
    for want in &table {
        assert_has(SEED, want);
    }
}

#[test]
fn seed_article_details() {
    let a = analyze(SEED, None);
    let by_cue = |cue: &str| {
        a.statements
            .iter()
            .find(|s| s.cue.is_some_and(|c| c.text(SEED) == cue))
            .unwrap_or_else(|| panic!("no statement with cue {cue:?}"))
    };
    let passive = by_cue("was stated");
    assert!(passive.speaker.is_none() && passive.source.is_none());
    assert_eq!(
        passive.setting.map(|s| s.text(SEED)),
        Some("a phone call between U.S.\n\nSecretary of State Marco Rubio and Russian Foreign Minister Sergei Lavrov")
    );
    let called = by_cue("called for");
    assert_eq!(called.source.map(|s| s.text(SEED)), Some("He"));
    let starmer = by_cue("proposed").speaker.clone().map(|s| (s.name, s.role));
    assert_eq!(
        starmer,
        Some(("Keir Starmer".into(), Some("British Prime Minister".into())))
    );
    let rutte = by_cue("emphasized").speaker.clone().and_then(|s| s.role);
    assert_eq!(rutte.as_deref(), Some("NATO Secretary General"));
    assert_eq!(
        by_cue("stating").speaker.as_ref().map(|s| s.kind),
        Some(EntityKind::Organisation)
    );
    assert_eq!(
        by_cue("indicating").speaker.as_ref().map(|s| s.kind),
        Some(EntityKind::Group)
    );
}

#[test]
fn seed_article_entities() {
    let a = analyze(SEED, None);
    let role_of = |name: &str| {
        a.entities
            .iter()
            .find(|e| e.name == name)
            .map(|e| e.roles.clone())
            .unwrap_or_default()
    };
    assert_eq!(
        role_of("Marco Rubio"),
        vec!["U.S. Secretary of State".to_string()]
    );
    assert_eq!(
        role_of("Sergei Lavrov"),
        vec!["Russian Foreign Minister".to_string()]
    );
    assert_eq!(
        role_of("Vladimir Putin"),
        vec!["Russian President".to_string()]
    );
    assert_eq!(role_of("Donald Trump"), vec!["U.S. President".to_string()]);
    // "The Ukrainian leader faced pressure …" is Zelensky.
    let leader = SEED.find("The Ukrainian leader").unwrap_or(0);
    let m = a
        .mentions
        .iter()
        .find(|m| m.span.start == leader)
        .map(|m| m.name.clone());
    assert_eq!(m.as_deref(), Some("Ukrainian leader"));
    let text = format!("{SEED}\n\nThe Ukrainian leader said he would fight on.");
    assert_has(
        &text,
        &w(Some("Volodymyr Zelensky"), "said", "he would fight on"),
    );
}

#[test]
fn attribution_shapes() {
    let table = [
        (
            "Sen. Jane Doe said that taxes would rise.",
            w(Some("Jane Doe"), "said", "taxes would rise"),
        ),
        (
            "Taxes will rise, Jane Doe said.",
            w(Some("Jane Doe"), "said", "Taxes will rise"),
        ),
        (
            "“Taxes will rise,” Jane Doe said.",
            w(Some("Jane Doe"), "said", "“Taxes will rise,”"),
        ),
        (
            "“Taxes will rise,” said Jane Doe.",
            w(Some("Jane Doe"), "said", "“Taxes will rise,”"),
        ),
        (
            "“Taxes will rise,” Jane Doe said, “and soon.”",
            w(Some("Jane Doe"), "said", "“Taxes will rise,” … “and soon.”"),
        ),
        (
            "According to Jane Doe, taxes will rise.",
            w(Some("Jane Doe"), "According to", "taxes will rise"),
        ),
        (
            "Taxes will rise, according to Jane Doe.",
            w(Some("Jane Doe"), "according to", "Taxes will rise"),
        ),
        (
            "The plan, according to Jane Doe, is dead.",
            w(Some("Jane Doe"), "according to", "The plan … is dead"),
        ),
        (
            "Jane Doe left the stage by saying that taxes would rise.",
            w(Some("Jane Doe"), "saying", "taxes would rise"),
        ),
        (
            "Jane Doe issued a statement saying taxes would rise.",
            w(Some("Jane Doe"), "saying", "taxes would rise"),
        ),
        (
            "Jane Doe smiled when asked whether taxes would rise.",
            w(None, "asked", "whether taxes would rise"),
        ),
        (
            "Asked on television who would win, Jane Doe laughed.",
            w(None, "Asked", "who would win"),
        ),
        (
            "Voters doubted Jane Doe's claim that taxes would fall.",
            w(Some("Jane Doe"), "claim", "that taxes would fall"),
        ),
        (
            "“Taxes will rise,” Jane Doe said on “Meet the Press.” “They must.” “Soon.”",
            w(
                Some("Jane Doe"),
                "said",
                "“Taxes will rise,” … “They must.” “Soon.”",
            ),
        ),
        (
            "Jane Doe said: “Taxes will rise.” “They must.”",
            w(Some("Jane Doe"), "said", "“Taxes will rise.” “They must.”"),
        ),
        (
            "The sign read: “Taxes will rise.” Jane Doe's email reads, “Soon.”",
            w(Some("sign"), "read", "“Taxes will rise.”"),
        ),
        (
            "Crowds cheered. “We will win!” Jane Doe said as she left the stage.",
            w(Some("Jane Doe"), "said", "“We will win!”"),
        ),
        (
            "In a Gallup poll released Monday, most voters said taxes would rise.",
            w(Some("Gallup"), "In", "most voters said taxes would rise"),
        ),
        (
            "“Taxes will rise,” Jane Doe said.\n\n“They must.”\n\n“Soon.”",
            w(
                Some("Jane Doe"),
                "said",
                "“Taxes will rise,” … “They must.”\n\n“Soon.”",
            ),
        ),
        (
            "John Roe praised Mrs. Doe on Monday. She said taxes would rise.",
            w(Some("Doe"), "said", "taxes would rise"),
        ),
        (
            "Mary Doe met Senator John Roe. He said taxes would rise.",
            w(Some("John Roe"), "said", "taxes would rise"),
        ),
        (
            "Jane Doe's attacks on the mayor have alarmed her allies.",
            w(Some("Jane Doe"), "attacks on", "the mayor"),
        ),
        (
            "Jane Doe left the room, warning that taxes would rise, leaving everyone upset.",
            w(Some("Jane Doe"), "warning", "taxes would rise"),
        ),
        (
            "Voters cheered Jane Doe, who claimed that taxes would fall.",
            w(Some("Jane Doe"), "claimed", "taxes would fall"),
        ),
        (
            "It was over, with Jane Doe calling for calm.",
            w(Some("Jane Doe"), "calling for", "calm"),
        ),
        (
            "Jane Doe: “We will win.”",
            w(Some("Jane Doe"), ":", "“We will win.”"),
        ),
        (
            "Jane Doe said: “We will win. They will lose.” Then she left.",
            w(Some("Jane Doe"), "said", "“We will win. They will lose.”"),
        ),
        (
            "It was reported that taxes would rise.",
            w(None, "was reported", "taxes would rise"),
        ),
        (
            "Critics say the plan is flawed.",
            w(Some("Critics"), "say", "the plan is flawed"),
        ),
        (
            "Jane Doe told reporters on Tuesday that the plan was dead.",
            w(Some("Jane Doe"), "told", "the plan was dead"),
        ),
        (
            "Jane Doe said in a statement that the plan was dead.",
            w(Some("Jane Doe"), "said", "the plan was dead"),
        ),
        (
            "The senator believes the plan is dead.",
            w(Some("senator"), "believes", "the plan is dead"),
        ),
        (
            "Hillary Clinton won seven states. She declared “What a Super Tuesday!” and thanked her supporters.",
            w(Some("Hillary Clinton"), "declared", "“What a Super Tuesday!”"),
        ),
        (
            "Jane Doe said “We will win!” and left the stage.",
            w(Some("Jane Doe"), "said", "“We will win!”"),
        ),
        (
            "“If they did, they should be held accountable,” Sen. Chuck Schumer (D-N.Y.) said Tuesday.",
            w(Some("Chuck Schumer"), "said", "“If they did, they should be held accountable,”"),
        ),
        (
            "A man asked about the wall. “How big will it be?” Mike Pence said in response. “As big as it needs to be.”",
            w(
                Some("Mike Pence"),
                "said",
                "“How big will it be?” … “As big as it needs to be.”",
            ),
        ),
        (
            "Crowds cheered. “We will win!” Jane Doe said as she left the stage. “They will lose.”",
            w(Some("Jane Doe"), "said", "“We will win!” … “They will lose.”"),
        ),
    ];
    for (text, want) in &table {
        assert_has(text, want);
    }
}

#[test]
fn attribution_shapes_seen_in_news() {
    let table = [
        (
            "Jane Doe, a former aide to the governor, said the plan was dead.",
            w(Some("Jane Doe"), "said", "the plan was dead"),
        ),
        (
            "Jane Doe, 21, a student from Ohio, said she voted early.",
            w(Some("Jane Doe"), "said", "she voted early"),
        ),
        (
            "The plan, Jane Doe said, is dead.",
            w(Some("Jane Doe"), "said", "The plan … is dead"),
        ),
        (
            "“We won,” Jane Doe said. “They lost.” Then the music started.",
            w(Some("Jane Doe"), "said", "“We won,” … “They lost.”"),
        ),
        (
            "Six in 10 say the economy is weak.",
            w(Some("Six in 10"), "say", "the economy is weak"),
        ),
        (
            "About 42% say they will vote.",
            w(Some("About 42%"), "say", "they will vote"),
        ),
        (
            "Jane Doe Says She Will Run Again",
            w(Some("Jane Doe"), "Says", "She Will Run Again"),
        ),
        (
            "Jane Doe leaned in and boomed: “Let’s win.”",
            w(Some("Jane Doe"), "boomed", "“Let’s win.”"),
        ),
        (
            "Jane Doe seemed to hesitate.",
            w(None, "seemed", "Jane Doe … to hesitate"),
        ),
        (
            "People who have battled online threats say it could do more.",
            w(
                Some("People who have battled online threats"),
                "say",
                "it could do more",
            ),
        ),
        (
            "To Jane Doe, the vote was a warning.",
            w(Some("Jane Doe"), "To", "the vote was a warning"),
        ),
        (
            "When asked whom she supported, she smiled.",
            w(None, "asked", "whom she supported"),
        ),
        (
            "“We will win.” ― Jane Doe\n“So will we.” ― John Roe",
            w(Some("John Roe"), "―", "“So will we.”"),
        ),
        (
            "“It is over,” Sen. Jane Doe (R-Ohio) said Saturday.",
            w(Some("Jane Doe"), "said", "“It is over,”"),
        ),
        (
            "A source familiar with the talks said they had stalled.",
            w(
                Some("source familiar with the talks"),
                "said",
                "they had stalled",
            ),
        ),
        (
            "Jane Doe talked about the economy in her speech.",
            w(
                Some("Jane Doe"),
                "talked about",
                "the economy in her speech",
            ),
        ),
        (
            "Mr. Trump has also called for immediately deducting capital investments.",
            w(
                Some("Trump"),
                "called for",
                "immediately deducting capital investments",
            ),
        ),
        (
            "Mr. Trump has called for taxing so-called pass-through income, such as that generated by partnerships, at a new low rate.",
            w(
                Some("Trump"),
                "called for",
                "taxing so-called pass-through income, such as that generated by partnerships",
            ),
        ),
        (
            "Trump accused Rafael Cruz, who was born and raised in Cuba, of lying.",
            w(
                Some("Trump"),
                "accused",
                "Rafael Cruz, who was born and raised in Cuba",
            ),
        ),
        (
            "Bemoaning the \"phony system,\" Trump accused Holt of being unfair.",
            w(Some("Trump"), "accused", "Holt of being unfair"),
        ),
        (
            "\"I think Holt will be fair,\" Trump said during a rally in Kenansville, N.C., \"but people are watching. The reason is the same.\"",
            w(
                Some("Trump"),
                "said",
                "\"I think Holt will be fair,\" … \"but people are watching. The reason is the same.\"",
            ),
        ),
        (
            "\"Everyone got pushed along,\" Lynch said. \"You can't keep notions like 'I better get someone who reminds me of me.'\"",
            w(
                Some("Lynch"),
                "said",
                "\"Everyone got pushed along,\" … \"You can't keep notions like 'I better get someone who reminds me of me.'\"",
            ),
        ),
        (
            "Michael Mulgrew, president of the United Federation of Teachers, which represents city educators, said he hopes the strike ends.",
            w(
                Some("Michael Mulgrew"),
                "said",
                "he hopes the strike ends",
            ),
        ),
        (
            "The union, which represents teachers, said it would strike.",
            w(Some("union"), "said", "it would strike"),
        ),
        (
            "2:45 p.m.\n\nConnecticut’s tax commissioner says no one leaked the filings.",
            w(
                Some("Connecticut’s tax commissioner"),
                "says",
                "no one leaked the filings",
            ),
        ),
        (
            "Senator from Texas says he cannot allow Clinton to win the presidency.",
            w(
                Some("Senator from Texas"),
                "says",
                "he cannot allow Clinton to win the presidency",
            ),
        ),
        // A participle opening the sentence has the main clause's subject.
        (
            "Having announced that he would not jail her, Judge Jane Doe proceeded to sentence her.",
            w(Some("Jane Doe"), "announced", "he would not jail her"),
        ),
        // The possessor names where the person works; the person speaks.
        (
            "The Daily Ledger’s Jane Doe wrote a column, saying the plan was dead.",
            w(Some("Jane Doe"), "saying", "the plan was dead"),
        ),
        (
            "Fox News’ Jane Doe asked the question, saying the debate was over.",
            w(Some("Jane Doe"), "saying", "the debate was over"),
        ),
        (
            "Rattling off promises to cut taxes, fix roads and build schools, Jane Doe thanked the crowd.",
            w(Some("Jane Doe"), "promises", "to cut taxes, fix roads and build schools"),
        ),
        // A person "of", "from" or "at" an organisation speaks, not the organisation.
        (
            "Writing in a blog post, Matthew Ingram of The Globe and Mail dubbed the conflict \"a skirmish\".",
            w(Some("Matthew Ingram"), "dubbed", "the conflict \"a skirmish\""),
        ),
        (
            "Jane Doe of the Committee to Protect Journalists said the arrests were unlawful.",
            w(Some("Jane Doe"), "said", "the arrests were unlawful"),
        ),
        (
            "Mary Smith from Procter & Gamble said the recall was voluntary.",
            w(Some("Mary Smith"), "said", "the recall was voluntary"),
        ),
        // "The company said": the company that last spoke, or was last named, that fits.
        (
            "Ohio Mattress Co said profits may fall. The company said any decline would be due to the acquisition.",
            w(Some("Ohio Mattress Co"), "said", "any decline would be due to the acquisition"),
        ),
        (
            "Acme Holdings Inc said it agreed to buy Widget Corp. The company said the deal would close in May.",
            w(Some("Acme Holdings Inc"), "said", "the deal would close in May"),
        ),
        (
            "Credits were switched to white corn, the U.S. Agriculture Department said. The department said the action reduces coverage.",
            w(Some("U.S. Agriculture Department"), "said", "the action reduces coverage"),
        ),
    ];
    for (text, want) in &table {
        assert_has(text, want);
    }
}

#[test]
fn not_attributions() {
    let none = [
        "Trump’s tweet does not exist.",
        "The board continued to meet.",
        "It is a report on the state of the union.",
        "Reports of the meeting were wrong.",
        "I saw him as well as his wife.",
        "We see a rise in prices as soon as the rates change.",
        "She was seen leaving the building.",
        // Not the plan's statement ("The plan, denounced by critics, passed." is the
        // critics', a passive with its agent: `reported.tsv`).
    ];
    for text in none {
        let a = analyze(text, None);
        let all: Vec<String> = a.statements.iter().map(|s| show(text, s)).collect();
        assert!(all.is_empty(), "{text:?} yields {all:?}");
    }
}

#[test]
fn direct_quotes_are_direct() {
    let text = "“We will win,” Jane Doe said.";
    let a = analyze(text, None);
    assert_eq!(
        a.statements.first().map(|s| s.kind),
        Some(StatementKind::Direct)
    );
}

#[test]
fn never_panics_on_odd_text() {
    let odd = [
        "",
        "\0",
        "“",
        "”said",
        "said",
        "\"\"\"",
        "🙂 said “🙂”, 🙂 said.",
        "שלום, אמר דני.",
        "He said, “",
        "according to",
        "according to ,",
        ": “",
        "It was stated",
        "Mr.",
        "U.S.\n\n",
        "\u{202e}he said that\u{0} x",
        "Trump: ",
        "who said that",
    ];
    for text in odd {
        let a = analyze(text, None);
        for st in &a.statements {
            for c in &st.content {
                assert!(text.get(c.start..c.end).is_some());
            }
        }
    }
}

/// Pieces that stress the rules: quotes of every kind, abbreviation dots, speech verbs,
/// names, multi-byte and control characters.
const PIECES: &[&str] = &[
    "said",
    "Mr.",
    "U.S.",
    " ",
    "\n\n",
    "\n",
    "“",
    "”",
    "\"",
    "''",
    "‘",
    "’s",
    ",",
    ".",
    ":",
    "―",
    " - ",
    "(",
    ")",
    "Trump",
    "Jane Doe",
    "according to",
    "who",
    "that",
    "it was stated",
    "🙂",
    "שלום",
    "\u{0}",
    "e\u{301}",
    "\u{202e}",
    "told",
    "seemed",
    "To",
    "Asked why",
    "%",
    "6",
    "in",
    "10",
    "—",
    "the",
    "The Kremlin",
    "European leaders",
    "with",
    "calling for",
];

#[test]
fn random_text_never_panics_and_spans_stay_on_char_boundaries() {
    // A fixed linear congruential generator: the same cases on every run.
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = move || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) as usize
    };
    for _ in 0..2000 {
        let n = next() % 40;
        let text: String = (0..n).map(|_| PIECES[next() % PIECES.len()]).collect();
        let a = analyze(&text, None);
        let spans = a.statements.iter().flat_map(|s| {
            s.content
                .iter()
                .copied()
                .chain(s.source)
                .chain(s.cue)
                .chain(s.setting)
        });
        for sp in spans
            .chain(a.sentences.iter().copied())
            .chain(a.mentions.iter().map(|m| m.span))
        {
            assert!(
                text.get(sp.start..sp.end).is_some(),
                "bad span {sp:?} in {text:?}"
            );
        }
    }
}

#[test]
fn statements_always_have_content() {
    for text in [
        "When asked, she smiled.",
        "He said.",
        "According to him.",
        "Trump: ",
        "“” ― Jane Doe",
    ] {
        let a = analyze(text, None);
        assert!(
            a.statements
                .iter()
                .all(|s| !s.content.is_empty() && s.content.iter().all(|c| !c.is_empty())),
            "{text:?}"
        );
    }
}

#[test]
fn he_is_the_recent_subject() {
    let text = "Jim Doe attacked John Roe on Monday. He said the plan was dead.";
    assert_has(text, &w(Some("Jim Doe"), "said", "the plan was dead"));
    // "He" skips a woman ("Jane"): the most recent man.
    let text = "Jane Doe attacked John Roe on Monday. He said the plan was dead.";
    assert_has(text, &w(Some("John Roe"), "said", "the plan was dead"));
}

/// Reported speech beyond "said that" (issue 15): each row failed before its rule.
#[test]
fn reported_speech_round_two() {
    let table = [
        (
            "As reported by the Associated Press, the senator will resign on Friday.",
            w(
                Some("Associated Press"),
                "As reported by",
                "the senator will resign on Friday",
            ),
        ),
        (
            "The senator will resign on Friday, as first reported by Politico.",
            w(
                Some("Politico"),
                "as first reported by",
                "The senator will resign on Friday",
            ),
        ),
        (
            "As The Washington Post reported, the senator will resign.",
            w(
                Some("Washington Post"),
                "reported",
                "the senator will resign",
            ),
        ),
        (
            "Senator Jane Smith agreed that the bill was flawed.",
            w(Some("Jane Smith"), "agreed", "the bill was flawed"),
        ),
        (
            "Senator Jane Smith agreed to debate her rival in October.",
            w(
                Some("Jane Smith"),
                "agreed",
                "to debate her rival in October",
            ),
        ),
        (
            "Senator Jane Smith sees the deal as a betrayal of workers.",
            w(
                Some("Jane Smith"),
                "sees",
                "the deal as a betrayal of workers",
            ),
        ),
        (
            "Governor Tom Jones views the tax plan as a giveaway to the rich.",
            w(
                Some("Tom Jones"),
                "views",
                "the tax plan as a giveaway to the rich",
            ),
        ),
        (
            "Many voters saw the debate as a turning point.",
            w(Some("voters"), "saw", "the debate as a turning point"),
        ),
        (
            "Mr. Sanders is widely seen as an outsider.",
            w(None, "seen", "Mr. Sanders is widely seen as an outsider"),
        ),
        (
            "Bill Clinton described his weekend outburst as the emotions of a worried spouse.",
            w(
                Some("Bill Clinton"),
                "described",
                "his weekend outburst as the emotions of a worried spouse",
            ),
        ),
        (
            "Senator Jane Smith touted the bill as a win for families.",
            w(
                Some("Jane Smith"),
                "touted",
                "the bill as a win for families",
            ),
        ),
        (
            "Senator Jane Smith made the case for a higher minimum wage.",
            w(
                Some("Jane Smith"),
                "made the case for",
                "a higher minimum wage",
            ),
        ),
        (
            "The deal is not expected to pass the Senate.",
            w(None, "expected", "The deal … to pass the Senate"),
        ),
        (
            "People with direct knowledge of the deal said that, during the talks, the party paid.",
            w(
                Some("People with direct knowledge of the deal"),
                "said",
                "during the talks, the party paid",
            ),
        ),
        (
            "Many black voters found it offensive, journalist Martha Raddatz said.",
            w(
                Some("Martha Raddatz"),
                "said",
                "Many black voters found it offensive",
            ),
        ),
        (
            "Voters want a change, people close to Clinton say.",
            w(
                Some("people close to Clinton"),
                "say",
                "Voters want a change",
            ),
        ),
        (
            "The ACLU plans to watch his case closely, dos Santos says.",
            w(
                Some("Santos"),
                "says",
                "The ACLU plans to watch his case closely",
            ),
        ),
        (
            "Said Comey, \"The thought is very painful to us.\"",
            w(
                Some("Comey"),
                "Said",
                "\"The thought is very painful to us.\"",
            ),
        ),
        (
            "“It's unusual,“ said Larry Noble, an attorney. “It's hard.”",
            w(
                Some("Larry Noble"),
                "said",
                "“It's unusual,“ … “It's hard.”",
            ),
        ),
        (
            "“You’ve got to be able to adapt,” Jane Smith said of Trump, “whether you’re a politician or not.”",
            w(
                Some("Jane Smith"),
                "said",
                "“You’ve got to be able to adapt,” … “whether you’re a politician or not.”",
            ),
        ),
        (
            "Voters in many states see immigrants as an economic burden.",
            w(
                Some("Voters in many states"),
                "see",
                "immigrants as an economic burden",
            ),
        ),
        (
            "Donald Trump summed up Hillary Clinton as “terrible,” denounced her record and said she should not run.",
            w(Some("Donald Trump"), "denounced", "her record"),
        ),
        (
            "Senator Jane Smith, a longtime critic of the bank, voted no.",
            w(Some("Jane Smith"), "critic of", "the bank"),
        ),
        (
            "There was a claim by the mayor that the budget was balanced.",
            w(Some("mayor"), "claim", "the budget was balanced"),
        ),
        (
            "Residents ignored the warning from officials that the dam could fail.",
            w(Some("officials"), "warning", "the dam could fail"),
        ),
        (
            "It was announced by the ministry that the border would close.",
            w(Some("ministry"), "announced", "the border would close"),
        ),
    ];
    for (text, want) in &table {
        assert_has(text, want);
    }
}

/// The follow-on and cue-less quote cases of `tests/fixtures/extraction/follow_on.tsv`
/// (its header explains the columns), each checked over the whole analysis, speaker
/// resolution included.
#[test]
fn follow_on_fixture() {
    const TABLE: &str = include_str!("../../../tests/fixtures/extraction/follow_on.tsv");
    run_fixture("follow_on.tsv", TABLE, 30);
}

/// The reported-speech shapes of `tests/fixtures/extraction/reported.tsv` (issue 15, item
/// 2), in the same columns as `follow_on.tsv`.
#[test]
fn reported_fixture() {
    const TABLE: &str = include_str!("../../../tests/fixtures/extraction/reported.tsv");
    run_fixture("reported.tsv", TABLE, 5);
}

/// The direct-quote shapes of `tests/fixtures/extraction/direct.tsv`, in the same columns
/// as `follow_on.tsv`.
#[test]
fn direct_fixture() {
    const TABLE: &str = include_str!("../../../tests/fixtures/extraction/direct.tsv");
    run_fixture("direct.tsv", TABLE, 10);
}

/// Who speaks for a relative pronoun or an unnamed role: `tests/fixtures/extraction/sources.tsv`,
/// in the same columns as `follow_on.tsv`.
#[test]
fn sources_fixture() {
    const TABLE: &str = include_str!("../../../tests/fixtures/extraction/sources.tsv");
    run_fixture("sources.tsv", TABLE, 12);
}

/// Runs a fixture table of `check speaker content text` lines (see `follow_on.tsv`).
fn run_fixture(name: &str, table: &str, min_cases: usize) {
    let mut failures = Vec::new();
    let mut cases = 0;
    for (n, line) in table.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let [check, speaker, content, text] = cols[..] else {
            panic!("{name}:{}: expected 4 tab-separated columns", n + 1);
        };
        cases += 1;
        let text = text.replace("\\n", "\n");
        let content = content.replace("\\n", "\n");
        let content = content.as_str();
        let a = analyze(&text, None);
        let of_speaker = |st: &&Statement| {
            speaker == "*" || st.speaker.as_ref().is_some_and(|s| s.name == speaker)
        };
        let mine = a.statements.iter().filter(of_speaker);
        let ok = match check {
            "is" => mine.clone().any(|st| st.content_text(&text) == content),
            "has" => mine
                .clone()
                .any(|st| st.content_text(&text).contains(content)),
            "not" => !mine
                .clone()
                .any(|st| st.content_text(&text).contains(content)),
            other => panic!("{name}:{}: unknown check {other:?}", n + 1),
        };
        if !ok {
            let all: Vec<String> = a.statements.iter().map(|s| show(&text, s)).collect();
            failures.push(format!(
                "{name}:{}: {check} {speaker:?} {content:?}\n  {}",
                n + 1,
                all.join("\n  ")
            ));
        }
    }
    assert!(cases >= min_cases, "{name}: only {cases} cases read");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_quoted_word_before_a_second_verb_is_not_the_content() {
    // The quote is part of a clause the cue cannot take whole ("and had …" starts the
    // subject's second verb): it is no statement of its own.
    let text = "Mr. Manafort was largely focused on “transparency” and had no desire to fight.";
    let a = analyze(text, None);
    let all: Vec<String> = a.statements.iter().map(|s| show(text, s)).collect();
    assert!(
        a.statements
            .iter()
            .all(|st| st.content_text(text) != "“transparency”"),
        "{all:?}"
    );
}

/// Each shape of `shapes::SHAPES` and `shapes::VERB_SHAPES` reads its own example: (shape,
/// sentence, source, content).
#[rustfmt::skip]
const SHAPE_EXAMPLES: &[(&str, &str, Option<&str>, &str)] = &[
    ("to someone", "To Ms. Gil, skateboarding is dissent.", Some("Ms. Gil"), "skateboarding is dissent"),
    ("in source", "In a CNN poll released Monday, 50 percent chose Clinton.", Some("a CNN poll released Monday"), "50 percent chose Clinton"),
    ("when asked", "Asked why he trailed in Iowa, Trump blamed the media.", None, "why he trailed in Iowa"),
    ("according to", "According to the mayor, the bridge will reopen in May.", Some("the mayor"), "the bridge will reopen in May"),
    ("as X said", "As the Tribune reported, the council voted twice.", Some("the Tribune"), "the council voted twice"),
    ("colon", "Trump: “We will win the state.”", Some("Trump"), "“We will win the state.”"),
    ("dash byline", "“We will win the state.” ― Jane Doe", Some("Jane Doe"), "“We will win the state.”"),
    ("raising", "Clinton is expected to win Ohio.", None, "Clinton … to win Ohio"),
    ("noun cue", "Aides dismissed his criticism of the plan.", Some("his"), "the plan"),
    ("seen as", "Mr. Sanders is widely seen as an outsider.", None, "Mr. Sanders is widely seen as an outsider"),
    ("passive with agent", "It was announced by the ministry that the border would close.", Some("the ministry"), "the border would close"),
    ("passive by agent", "Clinton's attacks were echoed by her campaign.", Some("her campaign"), "Clinton's attacks"),
    ("passive", "It was stated that the meeting was unnecessary.", None, "the meeting was unnecessary"),
    ("subject before", "The senator said the bill was dead.", Some("The senator"), "the bill was dead"),
    ("inverted", "“The bill is dead,” said the senator.", Some("the senator"), "“The bill is dead,”"),
    ("participle", "The Kremlin issued a statement, stating that there is no timeline.", Some("The Kremlin"), "there is no timeline"),
    ("reportedly", "The club is reportedly spending $1 million on ads.", None, "The club is … spending $1 million on ads"),
    ("participle after its noun", "Donors gave $2 million to a group backing the governor.", Some("a group"), "the governor"),
    ("infinitive", "Trump continued to portray immigrants as criminals.", Some("Trump"), "immigrants as criminals"),
    ("long subject", "People we spoke to in the capital say it could be doing more.", Some("People we spoke to in the capital"), "it could be doing more"),
    ("in a poll", "The senator leads her rival by 9 points in the latest Quinnipiac poll.", Some("the latest Quinnipiac poll"), "The senator leads her rival by 9 points"),
    ("backing received", "Senator Jane Doe received the endorsement of Gov. Mike Pence on Friday.", Some("Gov. Mike Pence"), "Senator Jane Doe"),
];

#[test]
fn every_shape_reads_its_example() {
    for &(shape, text, source, content) in SHAPE_EXAMPLES {
        let read = super::statements_by_shape(text);
        let shown: Vec<String> = read
            .iter()
            .map(|(name, st)| format!("{name}: {}", show(text, st)))
            .collect();
        assert!(
            read.iter().any(|(name, st)| *name == shape
                && st.source.map(|s| s.text(text)) == source
                && st.content_text(text) == content),
            "{shape:?} did not read {source:?} / {content:?} in {text:?}:\n{}",
            shown.join("\n")
        );
    }
}

#[test]
fn every_shape_has_an_example() {
    let named: Vec<&str> = SHAPE_EXAMPLES.iter().map(|e| e.0).collect();
    for shape in super::shapes::VERB_SHAPES {
        assert!(
            named.contains(&shape.name),
            "no example of {:?}",
            shape.name
        );
    }
    // Every top-level shape is tried on the examples: each decides at least once.
    let mut decided = vec![false; super::shapes::SHAPES.len()];
    for &(_, text, _, _) in SHAPE_EXAMPLES {
        for k in super::shapes_applying(text) {
            decided[k] = true;
        }
    }
    assert!(
        decided.iter().all(|d| *d),
        "shapes never deciding: {decided:?}"
    );
}
