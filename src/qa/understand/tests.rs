//! The phrasing table: questions as people type them, and the slots the reader must fill.
//! Names are looked up in a small set, as the index's key dictionary would answer.

use std::collections::HashSet;

use chrono::NaiveDate;

use super::*;
use Intent::*;

fn known() -> HashSet<String> {
    [
        "donald trump",
        "trump",
        "theresa may",
        "may",
        "vladimir putin",
        "putin",
        "kremlin",
        "treasury",
        "mark rutte",
        "rutte",
        "volodymyr zelensky",
        "zelensky",
        "hillary clinton",
        "clinton",
        "john podesta",
        "podesta",
        "kellyanne conway",
        "conway",
        "tim kaine",
        "kaine",
        "keir starmer",
        "starmer",
        "marco rubio",
        "rubio",
        "sergei lavrov",
        "lavrov",
        "nato",
        "barack obama",
        "obama",
        "hope hicks",
        "hicks",
        "nevada",
        "ukraine",
        "russia",
        "fbi",
        "james comey",
        "comey",
        "mike pence",
        "pence",
        "bernie sanders",
        "sanders",
        "white house",
        "european union",
        "paul ryan",
        "ryan",
        "robby mook",
        "mook",
        "new zealand",
        "bank of england",
        "england",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 10, 22).expect("a date")
}

fn read_q(q: &str) -> Question {
    read(q, today(), &known())
}

fn opt(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_string())
}

/// question → (intent, subject, cue, topic); "" is none / empty.
const TABLE: &[(&str, Intent, &str, &str, &str)] = &[
    // The shapes the first reader knew still read the same.
    (
        "What did the Kremlin say about the summit?",
        WhatSaid,
        "Kremlin",
        "",
        "the summit",
    ),
    (
        "Who proposed a peace plan?",
        WhoSaid,
        "",
        "propose",
        "a peace plan",
    ),
    ("What did Mark Rutte say?", WhatSaid, "Mark Rutte", "", ""),
    (
        "What has Zelensky called for?",
        WhatSaid,
        "Zelensky",
        "call for",
        "",
    ),
    (
        "When did Trump talk to Putin?",
        When,
        "Trump",
        "talk",
        "Putin",
    ),
    (
        "What did Trump suggest to Zelensky?",
        WhatSaid,
        "Trump",
        "suggest",
        "Zelensky",
    ),
    ("Who is Marco Rubio?", WhoIs, "Marco Rubio", "", ""),
    (
        "What was said in the call between Rubio and Lavrov?",
        WhatSaid,
        "",
        "",
        "the call between Rubio and Lavrov",
    ),
    (
        "When did Russia invade Ukraine?",
        When,
        "Russia",
        "invade",
        "Ukraine",
    ),
    (
        "Who said an in-person meeting was unnecessary?",
        WhoSaid,
        "",
        "",
        "an in-person meeting was unnecessary",
    ),
    (
        "What is Trump's position on meeting Putin?",
        Position,
        "Trump",
        "",
        "meeting Putin",
    ),
    ("what did zelensky say", WhatSaid, "zelensky", "", ""),
    ("What is the latest from Rutte?", Latest, "Rutte", "", ""),
    // A role or description instead of a name.
    (
        "which pollster said the race is tightening?",
        WhoSaid,
        "",
        "",
        "the race is tightening",
    ),
    (
        "which senator warned about the deficit?",
        WhoSaid,
        "",
        "warn",
        "the deficit",
    ),
    (
        "What senator said the deficit was too high",
        WhoSaid,
        "",
        "",
        "the deficit was too high",
    ),
    (
        "which campaign manager predicted a win in ohio",
        WhoSaid,
        "",
        "predict",
        "a win in ohio",
    ),
    (
        "Which economist warned of a recession?",
        WhoSaid,
        "",
        "warn",
        "a recession",
    ),
    (
        "which spokesman denied the report?",
        WhoSaid,
        "",
        "deny",
        "the report",
    ),
    (
        "what did putin's foreign minister say",
        WhatSaid,
        "foreign minister",
        "",
        "",
    ),
    (
        "what did the ukrainian president say about the war?",
        WhatSaid,
        "ukrainian president",
        "",
        "the war",
    ),
    (
        "What did the Ukrainian president say?",
        WhatSaid,
        "Ukrainian president",
        "",
        "",
    ),
    (
        "What did NATO's chief say about air defence?",
        WhatSaid,
        "chief",
        "",
        "air defence",
    ),
    // Did X say / comment.
    (
        "did trump say anything about meeting putin?",
        WhatSaid,
        "trump",
        "",
        "meeting putin",
    ),
    (
        "did obama comment on the debate?",
        WhatSaid,
        "obama",
        "",
        "the debate",
    ),
    (
        "Did Clinton say anything about the emails?",
        WhatSaid,
        "Clinton",
        "",
        "the emails",
    ),
    (
        "has kaine commented on the polls",
        WhatSaid,
        "kaine",
        "",
        "the polls",
    ),
    (
        "Has Pence said anything about taxes?",
        WhatSaid,
        "Pence",
        "",
        "taxes",
    ),
    (
        "does comey think the investigation is over?",
        Position,
        "comey",
        "",
        "the investigation is over",
    ),
    (
        "did conway talk about the rally",
        WhatSaid,
        "conway",
        "talk about",
        "the rally",
    ),
    (
        "did Sanders endorse Clinton?",
        WhatSaid,
        "Sanders",
        "endorse",
        "Clinton",
    ),
    (
        "did podesta deny the leak",
        WhatSaid,
        "podesta",
        "deny",
        "the leak",
    ),
    (
        "Did the FBI comment on the emails?",
        WhatSaid,
        "FBI",
        "",
        "the emails",
    ),
    (
        "did rubio ever mention cuba",
        WhatSaid,
        "rubio",
        "mention",
        "cuba",
    ),
    // What's X's take / what's X saying.
    (
        "what's podesta's take on nevada?",
        Position,
        "podesta",
        "",
        "nevada",
    ),
    (
        "whats the kremlin saying about the summit",
        WhatSaid,
        "kremlin",
        "",
        "the summit",
    ),
    (
        "What’s Trump’s view on NATO?",
        Position,
        "Trump",
        "",
        "NATO",
    ),
    (
        "whats clinton's stance on trade",
        Position,
        "clinton",
        "",
        "trade",
    ),
    (
        "what's mook saying about turnout",
        WhatSaid,
        "mook",
        "",
        "turnout",
    ),
    (
        "What is Ryan's opinion of the nominee?",
        Position,
        "Ryan",
        "",
        "the nominee",
    ),
    (
        "where does kaine stand on abortion",
        Position,
        "kaine",
        "",
        "abortion",
    ),
    (
        "how does Obama feel about the election?",
        Position,
        "Obama",
        "",
        "the election",
    ),
    (
        "what does rutte think of the plan",
        Position,
        "rutte",
        "",
        "the plan",
    ),
    (
        "what are sanders' thoughts on wall street",
        Position,
        "sanders",
        "",
        "wall street",
    ),
    // Anyone / anybody.
    (
        "anyone say the summit was cancelled?",
        WhoSaid,
        "",
        "",
        "the summit was cancelled",
    ),
    (
        "has anybody said the race is over?",
        WhoSaid,
        "",
        "",
        "the race is over",
    ),
    (
        "did anyone claim the vote was rigged",
        WhoSaid,
        "",
        "claim",
        "the vote was rigged",
    ),
    (
        "Did somebody predict a landslide?",
        WhoSaid,
        "",
        "predict",
        "a landslide",
    ),
    (
        "anybody warn about a shutdown?",
        WhoSaid,
        "",
        "warn",
        "a shutdown",
    ),
    (
        "has anyone called for a recount",
        WhoSaid,
        "",
        "call for",
        "a recount",
    ),
    (
        "someone said the polls were wrong, who?",
        WhoSaid,
        "",
        "",
        "the polls were wrong",
    ),
    (
        "did anyone deny the report",
        WhoSaid,
        "",
        "deny",
        "the report",
    ),
    // Who was it / who's.
    (
        "who was it that said the meeting was unnecessary?",
        WhoSaid,
        "",
        "",
        "the meeting was unnecessary",
    ),
    (
        "who's saying turnout will decide it?",
        WhoSaid,
        "",
        "",
        "turnout will decide it",
    ),
    (
        "Who is claiming the election is rigged?",
        WhoSaid,
        "",
        "claim",
        "the election is rigged",
    ),
    (
        "who was it that called for a ceasefire",
        WhoSaid,
        "",
        "call for",
        "a ceasefire",
    ),
    (
        "whos been saying the economy is strong",
        WhoSaid,
        "",
        "",
        "the economy is strong",
    ),
    (
        "who has warned about inflation?",
        WhoSaid,
        "",
        "warn",
        "inflation",
    ),
    (
        "Who told reporters the deal was done?",
        WhoSaid,
        "",
        "",
        "reporters the deal was done",
    ),
    (
        "who promised to build a wall",
        WhoSaid,
        "",
        "promise",
        "build a wall",
    ),
    (
        "Who criticized the debate moderator?",
        WhoSaid,
        "",
        "criticize",
        "the debate moderator",
    ),
    (
        "who accused Trump of lying?",
        WhoSaid,
        "",
        "accuse",
        "Trump of lying",
    ),
    (
        "Who praised Clinton's speech?",
        WhoSaid,
        "",
        "praise",
        "Clinton speech",
    ),
    (
        "who described the plan as reckless",
        WhoSaid,
        "",
        "describe",
        "the plan as reckless",
    ),
    (
        "who urged voters to turn out?",
        WhoSaid,
        "",
        "urge",
        "voters to turn out",
    ),
    (
        "Who admitted the campaign made mistakes?",
        WhoSaid,
        "",
        "admit",
        "the campaign made mistakes",
    ),
    (
        "who suggested a second debate",
        WhoSaid,
        "",
        "suggest",
        "a second debate",
    ),
    (
        "Who announced the new policy?",
        WhoSaid,
        "",
        "announce",
        "the new policy",
    ),
    (
        "who argued the tax plan would help?",
        WhoSaid,
        "",
        "argue",
        "the tax plan would help",
    ),
    (
        "who insisted the emails were harmless",
        WhoSaid,
        "",
        "insist",
        "the emails were harmless",
    ),
    (
        "who vowed to repeal obamacare?",
        WhoSaid,
        "",
        "vow",
        "repeal obamacare",
    ),
    (
        "who pledged to cut taxes",
        WhoSaid,
        "",
        "pledge",
        "cut taxes",
    ),
    (
        "who defended the decision?",
        WhoSaid,
        "",
        "defend",
        "the decision",
    ),
    ("who rejected the offer", WhoSaid, "", "reject", "the offer"),
    ("Who endorsed Kaine?", WhoSaid, "", "endorse", "Kaine"),
    (
        "who tweeted about the debate?",
        WhoSaid,
        "",
        "tweet",
        "the debate",
    ),
    (
        "who wrote that the race was close?",
        WhoSaid,
        "",
        "write",
        "the race was close",
    ),
    (
        "who says the polls are rigged",
        WhoSaid,
        "",
        "",
        "the polls are rigged",
    ),
    ("who said \"no timeline\"?", WhoSaid, "", "", "no timeline"),
    (
        "Who said “a total disaster”?",
        WhoSaid,
        "",
        "",
        "a total disaster",
    ),
    // X on Y, any statements from X.
    ("rutte on air defence", WhatSaid, "rutte", "", "air defence"),
    (
        "rutte on the president's plan",
        WhatSaid,
        "rutte",
        "",
        "the president plan",
    ),
    ("any statements from starmer?", WhatSaid, "starmer", "", ""),
    ("any news from nato?", WhatSaid, "nato", "", ""),
    // Anyone from a body: the body's people, so the body is asked about.
    (
        "did anyone from nato comment on the summit",
        WhatSaid,
        "nato",
        "",
        "the summit",
    ),
    (
        "has anybody at the kremlin said anything about the summit?",
        WhatSaid,
        "kremlin",
        "",
        "the summit",
    ),
    (
        "who said there was no disclosure by anyone at the agency?",
        WhoSaid,
        "",
        "",
        "there was no disclosure by at the agency",
    ),
    (
        "any updates from rutte on ukraine",
        WhatSaid,
        "rutte",
        "",
        "ukraine",
    ),
    (
        "any reaction from the Kremlin?",
        WhatSaid,
        "Kremlin",
        "",
        "",
    ),
    ("Rutte on Ukraine?", WhatSaid, "Rutte", "", "Ukraine"),
    ("conway on the polls", WhatSaid, "conway", "", "the polls"),
    ("kaine on debates", WhatSaid, "kaine", "", "debates"),
    (
        "anything from comey on the emails?",
        WhatSaid,
        "comey",
        "",
        "the emails",
    ),
    (
        "Any comments from the White House about the leak?",
        WhatSaid,
        "White House",
        "",
        "the leak",
    ),
    ("trump about the wall", WhatSaid, "trump", "", "the wall"),
    ("statements by podesta", WhatSaid, "podesta", "", ""),
    ("any quotes from mook", WhatSaid, "mook", "", ""),
    ("Clinton on trade?", WhatSaid, "Clinton", "", "trade"),
    ("obama on the economy", WhatSaid, "obama", "", "the economy"),
    // Lower case, no question mark.
    (
        "what did trump say about the wall",
        WhatSaid,
        "trump",
        "",
        "the wall",
    ),
    (
        "what did the kremlin say about the summit",
        WhatSaid,
        "kremlin",
        "",
        "the summit",
    ),
    (
        "who said the summit was off",
        WhoSaid,
        "",
        "",
        "the summit was off",
    ),
    (
        "what did hillary clinton say about the fbi",
        WhatSaid,
        "hillary clinton",
        "",
        "the fbi",
    ),
    (
        "when did trump talk to putin",
        When,
        "trump",
        "talk",
        "putin",
    ),
    (
        "who proposed a peace plan",
        WhoSaid,
        "",
        "propose",
        "a peace plan",
    ),
    (
        "what has zelensky called for",
        WhatSaid,
        "zelensky",
        "call for",
        "",
    ),
    (
        "what did mark rutte say about air defence",
        WhatSaid,
        "mark rutte",
        "",
        "air defence",
    ),
    ("what did the fbi say", WhatSaid, "fbi", "", ""),
    (
        "what did paul ryan say about the nominee",
        WhatSaid,
        "paul ryan",
        "",
        "the nominee",
    ),
    // One typo in a name: read from its place, linked later by spelling.
    (
        "what did hilary clinton say about the emails",
        WhatSaid,
        "hilary clinton",
        "",
        "the emails",
    ),
    (
        "What did Trupm say about the wall?",
        WhatSaid,
        "Trupm",
        "",
        "the wall",
    ),
    (
        "what did podestra say about nevada",
        WhatSaid,
        "podestra",
        "",
        "nevada",
    ),
    (
        "What did Kellyane Conway say about the polls?",
        WhatSaid,
        "Kellyane Conway",
        "",
        "the polls",
    ),
    ("what did zelenksy say", WhatSaid, "zelenksy", "", ""),
    (
        "did obamma comment on the debate",
        WhatSaid,
        "obamma",
        "",
        "the debate",
    ),
    // When.
    (
        "When did the Kremlin say there was no timeline?",
        When,
        "Kremlin",
        "",
        "there was no timeline",
    ),
    (
        "when did clinton say she would release the transcripts",
        When,
        "clinton",
        "",
        "she would release the transcripts",
    ),
    ("When did Putin meet Trump?", When, "Putin", "meet", "Trump"),
    (
        "when did obama endorse clinton",
        When,
        "obama",
        "endorse",
        "clinton",
    ),
    (
        "When did Comey announce the investigation?",
        When,
        "Comey",
        "announce",
        "the investigation",
    ),
    ("when did sanders drop out", When, "sanders", "drop out", ""),
    // Latest, timeline.
    (
        "what's the latest from rutte about ukraine",
        Latest,
        "rutte",
        "",
        "ukraine",
    ),
    (
        "anything new from trump on taxes?",
        Latest,
        "trump",
        "",
        "taxes",
    ),
    ("What has Obama said recently?", Latest, "Obama", "", ""),
    ("the latest from the Kremlin", Latest, "Kremlin", "", ""),
    ("what did putin say lately", Latest, "putin", "", ""),
    ("Timeline of Mark Rutte", Timeline, "Mark Rutte", "", ""),
    ("trump timeline", Timeline, "trump", "", ""),
    (
        "show me the timeline for clinton",
        Timeline,
        "clinton",
        "",
        "",
    ),
    // Who is.
    ("who is hope hicks", WhoIs, "hope hicks", "", ""),
    ("Who's Robby Mook?", WhoIs, "Robby Mook", "", ""),
    ("who was james comey", WhoIs, "james comey", "", ""),
    ("Who is Jacinda Okafor?", WhoIs, "Jacinda Okafor", "", ""),
    ("who are the kremlin", WhoIs, "kremlin", "", ""),
    ("who is rutte", WhoIs, "rutte", "", ""),
    // A participle is no first name: no one is called "Pressuring Zelensky".
    (
        "who was pressuring zelensky",
        Search,
        "",
        "",
        "pressuring zelensky",
    ),
    ("who is Rutte?", WhoIs, "Rutte", "", ""),
    (
        "what did Hillary Clinton say about the president's plan",
        WhatSaid,
        "Hillary Clinton",
        "",
        "the president plan",
    ),
    // A bare title before a word in a name's place: a name the corpus lacks, not a role.
    (
        "did senator vestergaard say anything about the polls",
        WhatSaid,
        "senator vestergaard",
        "",
        "the polls",
    ),
    (
        "what did the senator say about the polls",
        WhatSaid,
        "senator",
        "",
        "the polls",
    ),
    // A word describing a known full name is not part of it; before a surname alone it
    // may be a first name the corpus lacks.
    (
        "What did Rival Hillary Clinton say about the microphone?",
        WhatSaid,
        "Hillary Clinton",
        "",
        "the microphone",
    ),
    (
        "What did Jacinda Clinton say about the microphone?",
        WhatSaid,
        "Jacinda Clinton",
        "",
        "the microphone",
    ),
    // Names the corpus lacks: still read as names, so "nothing found" can say whose.
    (
        "What did Jacinda Okafor say about the debate?",
        WhatSaid,
        "Jacinda Okafor",
        "",
        "the debate",
    ),
    (
        "what did jacinda okafor say about the debate",
        WhatSaid,
        "jacinda okafor",
        "",
        "the debate",
    ),
    (
        "did Priya Vantongeren comment on taxes?",
        WhatSaid,
        "Priya Vantongeren",
        "",
        "taxes",
    ),
    ("okafor on the debate", WhatSaid, "okafor", "", "the debate"),
    (
        "any statements from vantongeren?",
        WhatSaid,
        "vantongeren",
        "",
        "",
    ),
    (
        "What is Okafor's view on trade?",
        Position,
        "Okafor",
        "",
        "trade",
    ),
    (
        "did trump say anything about the whale migration?",
        WhatSaid,
        "trump",
        "",
        "the whale migration",
    ),
    (
        "What did Clinton say about the lunar colony?",
        WhatSaid,
        "Clinton",
        "",
        "the lunar colony",
    ),
    // Pronouns are never names.
    ("what else did he say?", WhatSaid, "", "", ""),
    (
        "what did she say about the debate",
        WhatSaid,
        "",
        "",
        "the debate",
    ),
    (
        "did they comment on the leak?",
        WhatSaid,
        "",
        "",
        "the leak",
    ),
    // Time words leave the topic.
    ("what did trump say last week?", WhatSaid, "trump", "", ""),
    (
        "What did Clinton say about trade in October?",
        WhatSaid,
        "Clinton",
        "",
        "trade",
    ),
    (
        "who said the race was close last month",
        WhoSaid,
        "",
        "",
        "the race was close",
    ),
    (
        "What did Obama say since Monday?",
        WhatSaid,
        "Obama",
        "",
        "",
    ),
    // Polite and chatty wrappers.
    (
        "hey bot, what did trump say about the wall?",
        WhatSaid,
        "trump",
        "",
        "the wall",
    ),
    (
        "can you tell me what clinton said about trade",
        WhatSaid,
        "clinton",
        "",
        "trade",
    ),
    (
        "please, who said the summit was cancelled?",
        WhoSaid,
        "",
        "",
        "the summit was cancelled",
    ),
    (
        "So what did Putin say about Ukraine?",
        WhatSaid,
        "Putin",
        "",
        "Ukraine",
    ),
    (
        "ok what's rutte saying about defence",
        WhatSaid,
        "rutte",
        "",
        "defence",
    ),
    (
        "yo who said the economy is rigged",
        WhoSaid,
        "",
        "",
        "the economy is rigged",
    ),
    ("tell me what podesta said", WhatSaid, "podesta", "", ""),
    (
        "i want to know what conway said about the polls",
        WhatSaid,
        "conway",
        "",
        "the polls",
    ),
    // Passives and topic-only questions.
    (
        "what was said about the summit?",
        Search,
        "",
        "",
        "the summit",
    ),
    (
        "What was said about Trump at the rally?",
        WhatSaid,
        "",
        "",
        "Trump at the rally",
    ),
    ("what has been said about nato", WhatSaid, "", "", "nato"),
    (
        "the summit cancelled?",
        Search,
        "",
        "",
        "the summit cancelled",
    ),
    ("peace plan", Search, "", "", "peace plan"),
    // Verbs in any form, with particles.
    (
        "What did Zelensky call for?",
        WhatSaid,
        "Zelensky",
        "call for",
        "",
    ),
    (
        "what is trump calling for",
        WhatSaid,
        "trump",
        "call for",
        "",
    ),
    ("What did Obama warn about?", WhatSaid, "Obama", "warn", ""),
    (
        "What did Clinton promise?",
        WhatSaid,
        "Clinton",
        "promise",
        "",
    ),
    (
        "what has sanders proposed",
        WhatSaid,
        "sanders",
        "propose",
        "",
    ),
    ("what did comey reveal", WhatSaid, "comey", "reveal", ""),
    ("What did Pence deny?", WhatSaid, "Pence", "deny", ""),
    (
        "What did Kaine criticize?",
        WhatSaid,
        "Kaine",
        "criticize",
        "",
    ),
    (
        "what did rubio tell reporters",
        WhatSaid,
        "rubio",
        "",
        "reporters",
    ),
    ("what did ryan urge", WhatSaid, "ryan", "urge", ""),
    // Rows added with the second round of rules.
    (
        "Which Sanders adviser said the process is eroding democracy?",
        WhoSaid,
        "",
        "",
        "the process is eroding democracy",
    ),
    (
        "which poli sci professor said turnout is up",
        WhoSaid,
        "",
        "",
        "turnout is up",
    ),
    (
        "did ppl say the polls were wrong?",
        WhoSaid,
        "",
        "",
        "the polls were wrong",
    ),
    (
        "did any1 say it's time for a change",
        WhoSaid,
        "",
        "",
        "it is time for a change",
    ),
    ("trump + opec?", WhatSaid, "trump", "", "opec"),
    (
        "ginsburg + hillary clinton?",
        WhatSaid,
        "ginsburg",
        "",
        "hillary clinton",
    ),
    (
        "whats tobias whitcombe's take on the border wall?",
        Position,
        "tobias whitcombe",
        "",
        "the border wall",
    ),
    (
        "what did trump say about people",
        WhatSaid,
        "trump",
        "",
        "people",
    ),
    // A name the corpus knows whole may hold "of", "for", "and".
    (
        "what did the bank of england say about rates",
        WhatSaid,
        "bank of england",
        "",
        "rates",
    ),
    (
        "What did the Bank of England say?",
        WhatSaid,
        "Bank of England",
        "",
        "",
    ),
    (
        "What did the Committee to Protect Journalists say?",
        WhatSaid,
        "Committee to Protect Journalists",
        "",
        "",
    ),
    // A common word after someone the articles quote is no part of their name.
    ("starmer peace plan?", WhatSaid, "starmer", "", "peace plan"),
    (
        "what was zelensky confused about",
        WhatSaid,
        "zelensky",
        "",
        "confused",
    ),
    (
        "what was Zelensky confused about?",
        WhatSaid,
        "Zelensky",
        "",
        "confused",
    ),
    (
        "What did President Obama say about Cuba?",
        WhatSaid,
        "President Obama",
        "",
        "Cuba",
    ),
    // "who is X and what did he say …" asks the second question of X.
    (
        "who is desmond okafor and what did he say about trump",
        WhatSaid,
        "desmond okafor",
        "",
        "trump",
    ),
    (
        "Who's Mark Rutte and what has he said about air defence?",
        WhatSaid,
        "Mark Rutte",
        "",
        "air defence",
    ),
    (
        "who is zelensky and what did his office announce",
        WhatSaid,
        "zelensky",
        "announce",
        "office",
    ),
    // A body the corpus does not know after "anyone from", "who at".
    (
        "did anyone from acme corp comment on the ruling",
        WhatSaid,
        "acme corp",
        "",
        "the ruling",
    ),
    (
        "who at the acme agency said the ruling was wrong",
        WhatSaid,
        "acme agency",
        "",
        "the ruling was wrong",
    ),
    // A body the corpus does not know, after its article.
    (
        "what did the harbour police say",
        WhatSaid,
        "harbour police",
        "",
        "",
    ),
    (
        "any statements from the acme board on the merger",
        WhatSaid,
        "acme board",
        "",
        "the merger",
    ),
    // A word after "which" describes the speaker, even when it can be a verb.
    (
        "which talk radio host said the move reeks of fear",
        WhoSaid,
        "",
        "",
        "the move reeks of fear",
    ),
];

#[test]
fn the_phrasing_table() {
    assert!(TABLE.len() >= 150, "{} rows", TABLE.len());
    let mut wrong = Vec::new();
    for (q, intent, subject, cue, topic) in TABLE {
        let got = read_q(q);
        let got_slots = (
            got.intent,
            got.subject.as_ref().map(|s| s.text.clone()),
            got.cue.clone(),
            got.topic.clone(),
        );
        let want = (*intent, opt(subject), opt(cue), topic.to_string());
        if got_slots != want {
            wrong.push(format!("{q}\n   got  {got_slots:?}\n   want {want:?}"));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} rows wrong:\n{}",
        wrong.len(),
        TABLE.len(),
        wrong.join("\n")
    );
}

#[test]
fn roles_narrow_who_said_and_name_a_subject() {
    let q = read_q("which pollster said the race is tightening?");
    assert_eq!(q.role.as_deref(), Some("pollster"));
    let q = read_q("which senator warned about the deficit?");
    assert_eq!(q.role.as_deref(), Some("senator"));
    let q = read_q("which indiana GOP insider said Trump is his third choice");
    assert_eq!(q.role.as_deref(), Some("indiana GOP insider"));
    assert_eq!(
        q.others.iter().map(|n| n.text.as_str()).collect::<Vec<_>>(),
        ["Trump"]
    );
    // A portfolio alone is a body, not a post.
    let q = read_q("what did the treasury say");
    assert!(q.subject.as_ref().is_some_and(|s| !s.is_role), "{q:?}");
    let q = read_q("which talk radio host said Hillary's move reeks of fear");
    assert_eq!(q.intent, WhoSaid);
    assert_eq!(q.role.as_deref(), Some("talk radio host"));
    // A description of several words is read whole, its head last.
    let q =
        read_q("Which renewable fuels association director said Clinton has set herself apart?");
    assert_eq!(
        q.role.as_deref(),
        Some("renewable fuels association director")
    );
    let q = read_q("what did putin's foreign minister say");
    let s = q.subject.expect("a subject");
    assert!(s.is_role);
    assert_eq!(s.role_of.as_deref(), Some("putin"));
    // A place before the post is whose post it is, lower case or capitalised.
    for asked in [
        "what did the new zealand prime minister say about the flag",
        "What did the New Zealand prime minister say about the flag?",
    ] {
        let q = read_q(asked);
        let s = q.subject.expect("a subject");
        assert_eq!(
            (
                s.text.as_str(),
                s.is_role,
                s.role_of.map(|o| o.to_lowercase())
            ),
            ("prime minister", true, Some("new zealand".to_string())),
            "{asked}"
        );
        assert_eq!(q.topic, "the flag", "{asked}");
    }
    // A title before a name is part of the name, not a role.
    let q = read_q("what did senator kaine say about debates");
    let s = q.subject.expect("a subject");
    assert_eq!((s.text.as_str(), s.is_role), ("senator kaine", false));
    assert_eq!(read_q("who said the race is tightening?").role, None);
}

#[test]
fn yes_no_questions_are_marked() {
    for q in [
        "did trump say anything about meeting putin?",
        "Has Pence said anything about taxes?",
        "did anyone claim the vote was rigged",
        "has anybody said the race is over?",
    ] {
        assert!(read_q(q).yes_no, "{q}");
    }
    for q in [
        "what did trump say about the wall",
        "who said the summit was off",
        "anyone say the summit was cancelled?",
    ] {
        assert!(!read_q(q).yes_no, "{q}");
    }
}

#[test]
fn pronouns_are_unresolved_never_names() {
    let q = read_q("what else did he say?");
    assert_eq!((q.subject, q.unresolved.as_deref()), (None, Some("he")));
    let q = read_q("what did she say about the debate");
    assert_eq!(q.unresolved.as_deref(), Some("she"));
    // A pronoun inside what was said is just a word.
    let q = read_q("who said he would win?");
    assert_eq!((q.intent, q.unresolved), (WhoSaid, None));
}

#[test]
fn other_names_are_found_anywhere() {
    let names = |q: &str| -> Vec<String> { read_q(q).others.into_iter().map(|n| n.text).collect() };
    assert_eq!(
        names("did trump say anything about meeting putin?"),
        ["putin"]
    );
    assert_eq!(
        names("What was said in the call between Rubio and Lavrov?"),
        ["Rubio", "Lavrov"]
    );
    assert_eq!(names("who accused Trump of lying?"), ["Trump"]);
    // A lowercase dictionary word beside capitalised names is a word, not a name.
    assert!(names("What did Trump say about the wall?").is_empty());
}

#[test]
fn a_quote_is_the_topic_unless_words_surround_it() {
    let q = read_q("who said \"see you in court\"?");
    assert_eq!(q.topic, "see you in court");
    let q = read_q(
        "Who said that the goal is not revenue; it's supposed to curb ''activist'' investors?",
    );
    assert!(
        q.topic.contains("revenue") && q.topic.contains("activist"),
        "{:?}",
        q.topic
    );
}

#[test]
fn time_is_read_and_kept_out_of_quotes() {
    let q = read_q("what did trump say last week?");
    assert!(q.when.is_some());
    let q = read_q("Who said that the debate on June 16th of last year was rigged?");
    assert!(
        q.when.is_none(),
        "a time inside the words said belongs to them"
    );
    let q = read_q("who said \"see you last week\"");
    assert!(q.when.is_none());
    // With the words said on both sides, or as their subject, a time is theirs; at the end,
    // or right after the verb, it frames the question.
    for (question, framed) in [
        (
            "who said unemployment dipped to 4.9 percent in january, with the economy adding",
            false,
        ),
        (
            "which governor said today is a day in virginia for celebration?",
            false,
        ),
        ("who said the summit was called off last week?", true),
        ("who said in january that the plant would close?", true),
        ("who said yesterday that the plant would close?", true),
    ] {
        let q = read_q(question);
        assert_eq!(q.when.is_some(), framed, "{question}");
        if !framed {
            assert!(
                ["january", "today"]
                    .iter()
                    .any(|w| q.topic.to_lowercase().contains(w)),
                "the time stays in the words looked for: {question} → {:?}",
                q.topic
            );
        }
    }
}

/// "May" and "Will" are names too: after the word a question's subject follows, after a
/// first name, or capitalised past the question's start; "in May" stays a time.
#[test]
fn a_name_a_month_or_a_modal_shares_is_a_name() {
    for (question, subject, topic, timed) in [
        (
            "What did May say about the European Union?",
            "May",
            "the European Union",
            false,
        ),
        (
            "What did Theresa May say about Brexit?",
            "Theresa May",
            "Brexit",
            false,
        ),
        (
            "what did theresa may say about brexit",
            "theresa may",
            "brexit",
            false,
        ),
        ("What did Trump say in May?", "Trump", "", true),
    ] {
        let q = read_q(question);
        assert_eq!(
            q.subject.as_ref().map(|s| s.text.as_str()),
            Some(subject),
            "{question}"
        );
        assert_eq!(q.topic, topic, "{question}");
        assert_eq!(q.when.is_some(), timed, "{question}");
    }
}

#[test]
fn slash_command_fields_are_never_reparsed() {
    let q = Question::from_fields(WhoIs, "Hope Hicks", None);
    assert_eq!(
        (q.intent, q.subject.map(|s| s.text)),
        (WhoIs, Some("Hope Hicks".into()))
    );
    let q = Question::from_fields(WhatSaid, "Mark Rutte", Some("air defence"));
    assert_eq!((q.cue, q.topic.as_str()), (None, "air defence"));
}

#[test]
fn the_reader_never_panics_on_odd_input() {
    for q in [
        "",
        "?",
        "\"",
        "who",
        "'s",
        "did",
        "‘’“”",
        "who said \"",
        "the the the",
        "🙂 who said 🙂?",
    ] {
        let _ = read_q(q);
    }
}

#[test]
fn a_lowercase_word_the_corpus_names_once_is_a_word() {
    // "Job" is the last word of one entity's name; "bernie" is named often.
    let counts: std::collections::HashMap<String, u32> =
        [("job".to_string(), 1), ("bernie".to_string(), 40)]
            .into_iter()
            .collect();
    let q = read("what has bernie said about job losses", today(), &counts);
    assert_eq!(q.subject.map(|s| s.text).as_deref(), Some("bernie"));
    assert!(q.others.is_empty(), "{:?}", q.others);
    assert_eq!(q.topic, "job losses");
}
