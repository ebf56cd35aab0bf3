//! Cheap topic expansion: the nouns and near-synonyms of the verbs people ask about, so
//! "when did Russia invade" finds "Russia's invasion" and "talk to" finds "a phone
//! conversation". A short list by design: each entry is a common way news words an event.
//! Calls nothing else in the crate.

/// Words related to a question's verb (in base form), to search with a lower weight.
pub fn related(verb: Option<&str>) -> Vec<String> {
    let words: &[&str] = match verb.unwrap_or("") {
        "talk" | "speak" | "talk about" | "speak about" => &[
            "conversation",
            "call",
            "phone",
            "spoke",
            "talks",
            "discussed",
            "discussion",
        ],
        "meet" => &["meeting", "summit", "met", "talks"],
        "invade" => &["invasion", "invaded"],
        "attack" => &["attack", "strike", "assault"],
        "propose" => &["proposal", "plan"],
        "suggest" => &["suggestion"],
        "call for" => &["urge", "demand", "call"],
        "warn" | "warn about" => &["warning"],
        "promise" | "pledge" | "vow" => &["promise", "pledge", "vow"],
        "announce" => &["announcement"],
        "criticize" | "criticise" => &["criticism", "criticized"],
        "resign" => &["resignation"],
        "elect" => &["election", "elected"],
        "sign" => &["signed", "signing", "agreement", "deal"],
        "visit" => &["visit", "trip"],
        "die" => &["death", "died", "killed"],
        "decide" => &["decision"],
        _ => &[],
    };
    words.iter().map(|w| w.to_string()).collect()
}
