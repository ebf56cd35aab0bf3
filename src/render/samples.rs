//! Sample answers, one per template, for checking templates before they are used (at
//! start-up, and when a moderator sets a server's own template).
//! Calls `qa` and `nlp` types only.

use chrono::NaiveDate;

use crate::nlp::{DateSpan, StatementKind};
use crate::qa::{Answer, CitedPassage, CitedStatement, DocRef, EntityInfo, Intent, TimeWindow};
use crate::render::UpdatePost;

fn doc() -> DocRef {
    DocRef {
        id: "sample".to_string(),
        title: "A sample article with *markdown* and @everyone".to_string(),
        published: NaiveDate::from_ymd_opt(2025, 10, 22),
        url: Some("https://example.org/a".to_string()),
        source: Some("Example".to_string()),
    }
}

fn statement(kind: StatementKind, speaker: Option<&str>) -> CitedStatement {
    CitedStatement {
        id: None,
        speaker: speaker.map(str::to_string),
        role: speaker.map(|_| "Sample Role".to_string()),
        cue: Some(
            if speaker.is_some() {
                "said"
            } else {
                "was stated"
            }
            .to_string(),
        ),
        content: "the sample content of a statement".to_string(),
        antecedent: None,
        kind,
        when: Some(DateSpan {
            text: "last week".to_string(),
            start: NaiveDate::from_ymd_opt(2025, 10, 13),
            end: NaiveDate::from_ymd_opt(2025, 10, 19),
            basis: NaiveDate::from_ymd_opt(2025, 10, 22),
        }),
        when_text: Some("last week (the week of 13 October 2025)".to_string()),
        setting: speaker
            .is_none()
            .then(|| "a phone call between two people".to_string()),
        sentence: "Last week, someone said the sample content of a statement.".to_string(),
        document: doc(),
        score: 1.0,
    }
}

fn answer(intent: Intent) -> Answer {
    Answer {
        question: "A sample question?".to_string(),
        intent,
        subject: Some("Sample Person".to_string()),
        topic: Some("samples".to_string()),
        statements: vec![
            statement(StatementKind::Direct, Some("Sample Person")),
            statement(StatementKind::Indirect, Some("Sample Person")),
            statement(StatementKind::Indirect, None),
            // Content that points back, with what it stands for.
            CitedStatement {
                cue: Some("echoed".to_string()),
                content: "this sentiment".to_string(),
                antecedent: Some("that the sample content of a statement".to_string()),
                ..statement(StatementKind::Indirect, Some("Another Person"))
            },
        ],
        passages: vec![CitedPassage {
            text: "Last week, something happened.".to_string(),
            when: None,
            when_text: Some("last week".to_string()),
            document: doc(),
            score: 1.0,
        }],
        entity: Some(EntityInfo {
            name: "Sample Person".to_string(),
            kind: "person".to_string(),
            roles: vec!["Sample Role".to_string()],
            aliases: vec!["Person".to_string()],
            documents: 2,
            statements: 3,
            document: Some(doc()),
        }),
        yes_no: false,
        unresolved: None,
        outside_window: None,
    }
}

/// One sample answer per intent, an empty one per intent (for "nothing found"), and, for
/// the intents about one speaker, one offering their most recent statements when nothing
/// was said in the time asked.
pub fn answers() -> Vec<Answer> {
    let intents = [
        Intent::WhoSaid,
        Intent::WhatSaid,
        Intent::When,
        Intent::WhoIs,
        Intent::Position,
        Intent::Latest,
        Intent::Timeline,
        Intent::Search,
    ];
    let mut out: Vec<Answer> = intents.iter().map(|i| answer(*i)).collect();
    out.extend(intents.iter().map(|i| Answer {
        statements: Vec::new(),
        passages: Vec::new(),
        entity: None,
        ..answer(*i)
    }));
    // Yes/no questions answered and not, and a question that names no one ("he").
    out.push(Answer {
        yes_no: true,
        ..answer(Intent::WhatSaid)
    });
    out.push(Answer {
        yes_no: true,
        statements: Vec::new(),
        passages: Vec::new(),
        entity: None,
        ..answer(Intent::WhatSaid)
    });
    out.push(Answer {
        subject: None,
        unresolved: Some("he".to_string()),
        statements: Vec::new(),
        passages: Vec::new(),
        entity: None,
        ..answer(Intent::WhatSaid)
    });
    let about_a_speaker = [
        Intent::WhatSaid,
        Intent::Latest,
        Intent::Timeline,
        Intent::Position,
    ];
    out.extend(about_a_speaker.iter().map(|i| Answer {
        passages: Vec::new(),
        entity: None,
        outside_window: Some(TimeWindow {
            text: "in 2019".to_string(),
            start: NaiveDate::from_ymd_opt(2019, 1, 1),
            end: NaiveDate::from_ymd_opt(2019, 12, 31),
        }),
        ..answer(*i)
    }));
    out
}

/// A sample update post: two statements from one article, for a role to mention.
pub fn update_post() -> UpdatePost {
    UpdatePost {
        kind: "person".to_string(),
        value: "Sample Person".to_string(),
        role_mention: Some("<@&123456789012345678>".to_string()),
        document: doc(),
        statements: vec![
            statement(StatementKind::Direct, Some("Sample Person")),
            statement(StatementKind::Indirect, Some("Sample Person")),
        ],
        more: 1,
    }
}
