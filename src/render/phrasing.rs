//! Small language helpers for templates: the past tense of a cue ("stating" → "stated"),
//! dates in words, and escaping article text for Discord markdown.
//! Calls nothing else in the crate.

use chrono::NaiveDate;

/// The cue as a past-tense report verb: "stating" → "stated", "has called for" → "called
/// for", "says" → "said", ":" → "said". Passives and "according to" stay as written.
pub fn cue_past(cue: &str) -> String {
    let lower = cue.trim().to_lowercase();
    if lower.is_empty() || lower == ":" {
        return "said".to_string();
    }
    let mut words: Vec<&str> = lower.split_whitespace().collect();
    if matches!(
        words.first(),
        Some(&("was" | "were" | "is" | "are" | "been"))
    ) || lower.starts_with("according")
    {
        return lower;
    }
    while words.len() > 1 && matches!(words[0], "has" | "have" | "had" | "also" | "would" | "will")
    {
        words.remove(0);
    }
    // "As reported by X, …" and "…, as first reported by X": X reported, first reported.
    if words.len() > 2 && words[0] == "as" && words.last() == Some(&"by") {
        return words[1..words.len() - 1].join(" ");
    }
    let first = past_of(words[0]);
    // "criticism of", "support for" read "criticized", "supported".
    if words.len() > 1
        && matches!(words[1], "of" | "for")
        && NOUN_CUES.iter().any(|(n, _)| *n == words[0])
    {
        words.remove(1);
    }
    std::iter::once(first.as_str())
        .chain(words[1..].iter().copied())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A noun cue ("his refusal to …", "her criticism of …") reads as its verb: suffix rules
/// would make "refusaled", and are wrong for verbs ending alike ("comment", "mention").
const NOUN_CUES: &[(&str, &str)] = &[
    ("decision", "decided"),
    ("opposition", "opposed"),
    ("proposal", "proposed"),
    ("criticism", "criticized"),
    ("refusal", "refused"),
    ("suggestion", "suggested"),
    ("statement", "stated"),
    ("endorsement", "endorsed"),
    ("insistence", "insisted"),
    ("accusation", "accused"),
    ("contention", "contended"),
    ("argument", "argued"),
    ("admission", "admitted"),
    ("denunciation", "denounced"),
    ("assertion", "asserted"),
    ("condemnation", "condemned"),
    ("denial", "denied"),
    ("announcement", "announced"),
    ("prediction", "predicted"),
    ("complaint", "complained"),
    ("acknowledgment", "acknowledged"),
    ("acknowledgement", "acknowledged"),
    ("recommendation", "recommended"),
    ("description", "described"),
    ("dismissal", "dismissed"),
    ("rejection", "rejected"),
    ("support", "supported"),
    ("praise", "praised"),
];

fn past_of(w: &str) -> String {
    const IRREGULAR: &[(&str, &str)] = &[
        ("say", "said"),
        ("says", "said"),
        ("saying", "said"),
        ("tell", "told"),
        ("tells", "told"),
        ("telling", "told"),
        ("think", "thought"),
        ("thinks", "thought"),
        ("thinking", "thought"),
        ("write", "wrote"),
        ("writes", "wrote"),
        ("writing", "wrote"),
        ("speak", "spoke"),
        ("speaks", "spoke"),
        ("speaking", "spoke"),
        ("know", "knew"),
        ("knows", "knew"),
        ("feel", "felt"),
        ("feels", "felt"),
        ("hold", "held"),
        ("holds", "held"),
        ("see", "saw"),
        ("sees", "saw"),
        ("find", "found"),
        ("finds", "found"),
        ("forecast", "forecast"),
        ("put", "put"),
        ("puts", "put"),
        // Participles after "has" ("has spoken out"): the suffix rules made "spokened".
        ("spoken", "spoke"),
        ("written", "wrote"),
        ("known", "knew"),
        ("seen", "saw"),
        ("shown", "showed"),
        ("given", "gave"),
        ("taken", "took"),
        ("sworn", "swore"),
        ("made", "made"),
    ];
    if let Some((_, past)) = IRREGULAR
        .iter()
        .chain(NOUN_CUES)
        .find(|(base, _)| *base == w)
    {
        return past.to_string();
    }
    if IRREGULAR.iter().any(|(_, past)| *past == w) {
        return w.to_string();
    }
    if w.ends_with("ed") || !w.chars().all(|c| c.is_alphabetic()) {
        return w.to_string();
    }
    if let Some(stem) = w.strip_suffix("ing") {
        return add_ed(stem);
    }
    if let Some(stem) = w.strip_suffix("ies") {
        return format!("{stem}ied");
    }
    if let Some(stem) = w
        .strip_suffix("sses")
        .or_else(|| w.strip_suffix("shes"))
        .or_else(|| w.strip_suffix("ches"))
    {
        return format!("{}ed", &w[..stem.len() + 2]);
    }
    if let Some(stem) = w.strip_suffix('s') {
        return add_ed(stem);
    }
    add_ed(w)
}

fn add_ed(stem: &str) -> String {
    if stem.ends_with('e') {
        format!("{stem}d")
    } else if let Some(s) = stem
        .strip_suffix('y')
        .filter(|s| !s.ends_with(['a', 'e', 'o', 'u']))
    {
        format!("{s}ied")
    } else {
        format!("{stem}ed")
    }
}

/// A date as people write it: "22 October 2025".
pub fn date_words(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

/// Escape text from articles so Discord shows it as written: markdown characters, and
/// mention syntax (`<@…>`, `@everyone`) broken with a zero-width space so it can never
/// render as a mention even where mentions are parsed.
/// A speaker as the subject that opens a sentence: a lone document the articles quote
/// ("statement") takes an article ("A statement said …"), and a speaker written in lower
/// case ("former officials") starts with a capital.
pub fn speaker_as_subject(speaker: &str) -> String {
    let lex = crate::nlp::lexicon::lexicon();
    let speaker = speaker.trim();
    if lex.document_nouns.contains(speaker) {
        return format!("A {speaker}");
    }
    let mut chars = speaker.chars();
    match chars.next() {
        Some(first) if first.is_lowercase() => first.to_uppercase().chain(chars).collect(),
        _ => speaker.to_string(),
    }
}

pub fn escape_markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\\' | '*' | '_' | '~' | '`' | '|' | '>' | '#' | '[' | ']' | '<' => {
                out.push('\\');
                out.push(c);
            }
            '@' => out.push_str("@\u{200b}"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_participle_cue_reads_in_the_past() {
        assert_eq!(cue_past("has spoken out"), "spoke out");
        assert_eq!(cue_past("had written"), "wrote");
        assert_eq!(cue_past("has shown"), "showed");
    }

    #[test]
    fn a_speaker_opens_a_sentence_as_a_subject() {
        assert_eq!(speaker_as_subject("statement"), "A statement");
        assert_eq!(speaker_as_subject("former officials"), "Former officials");
        assert_eq!(speaker_as_subject("Ann Lee"), "Ann Lee");
        assert_eq!(speaker_as_subject("de Blasio"), "De Blasio");
    }

    #[test]
    fn cues_become_past_tense_reports() {
        for (cue, past) in [
            ("stating", "stated"),
            ("has called for", "called for"),
            ("says", "said"),
            ("emphasized", "emphasized"),
            ("worry about", "worried about"),
            ("proposed", "proposed"),
            ("argues", "argued"),
            ("hopes", "hoped"),
            ("expressing", "expressed"),
            ("advocating for", "advocated for"),
            ("was stated", "was stated"),
            ("according to", "according to"),
            (":", "said"),
            ("believes", "believed"),
            ("pushes", "pushed"),
            ("warns", "warned"),
            ("told", "told"),
            // Noun cues read as their verb; verbs that end alike stay verbs.
            ("refusal", "refused"),
            ("criticism of", "criticized"),
            ("support for", "supported"),
            ("comment", "commented"),
            ("mention", "mentioned"),
            // A fronted "as … by" is the speaker's report.
            ("As reported by", "reported"),
            ("as first reported by", "first reported"),
        ] {
            assert_eq!(cue_past(cue), past, "{cue}");
        }
    }

    #[test]
    fn markdown_and_mentions_are_neutralised() {
        assert_eq!(
            escape_markdown("*bold* <@&123> @everyone"),
            "\\*bold\\* \\<@\u{200b}&123\\> @\u{200b}everyone"
        );
    }
}
