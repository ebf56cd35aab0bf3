//! Word lists the attribution shapes consult: auxiliaries, function words, determiners,
//! verbs with special syntax. Kept apart from the rules so both stay readable.

use crate::nlp::mentions::WordLists;
pub(super) use crate::nlp::mentions::{AUX_WORD, BE_WORD, DET_WORD, FUNCTION_WORD, QUOTE_TAG_WORD};

/// The lists below that every token carries as bits ([`crate::nlp::tokens::Token::lists`]):
/// the rules ask [`crate::nlp::tokens::Token::in_lists`] of a token, or [`is_function`],
/// [`is_det`], [`is_aux`] of a word, where a scan of the list compared the word with each
/// of its words (most of a rule's time, in the longest lists).
pub(crate) const LISTED: [(&[&str], u32); 5] = [
    (FUNCTION, FUNCTION_WORD),
    (DETS, DET_WORD),
    (AUX, AUX_WORD),
    (BE, BE_WORD),
    (QUOTE_TAG_VERBS, QUOTE_TAG_WORD),
];

/// Whether `w` is in [`FUNCTION`].
pub(super) fn is_function(w: &str) -> bool {
    WordLists::get().of(w) & FUNCTION_WORD != 0
}

/// Whether `w` is in [`DETS`].
pub(super) fn is_det(w: &str) -> bool {
    WordLists::get().of(w) & DET_WORD != 0
}

/// Whether `w` is in [`AUX`].
pub(super) fn is_aux(w: &str) -> bool {
    WordLists::get().of(w) & AUX_WORD != 0
}

/// Auxiliaries and adverbs that may sit between a subject and its cue ("has also said").
pub(super) const AUX: &[&str] = &[
    "has",
    "have",
    "had",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "being",
    "will",
    "would",
    "could",
    "should",
    "may",
    "might",
    "must",
    "can",
    "did",
    "does",
    "do",
    "'s",
    "'re",
    "'ve",
    "'d",
    "'ll",
    "also",
    "previously",
    "now",
    "later",
    "then",
    "again",
    "repeatedly",
    "reportedly",
    "recently",
    "once",
    "often",
    "still",
    "already",
    "never",
    "not",
    "n't",
    // Negative contractions the tokenizer keeps whole ("Smith doesn't think …"), as
    // `lower` writes them (with "'").
    "don't",
    "doesn't",
    "didn't",
    "won't",
    "wouldn't",
    "can't",
    "couldn't",
    "shouldn't",
    "isn't",
    "aren't",
    "wasn't",
    "weren't",
    "hasn't",
    "haven't",
    "hadn't",
    "mustn't",
    "always",
    "just",
    "publicly",
    "privately",
    "first",
    "initially",
    "further",
    "even",
    "quickly",
    "immediately",
    "ever",
    "earlier",
    "since",
    "subsequently",
    "long",
    "too",
    "frequently",
    "openly",
    "explicitly",
    "specifically",
    "separately",
    "similarly",
];

pub(super) const BE: &[&str] = &[
    "is", "are", "was", "were", "be", "been", "being", "'s", "'re",
];

/// Verbs of seeming and expectation, attributed to no one in particular.
pub(super) const RAISING: &[&str] = &[
    "seem", "seems", "seemed", "appear", "appears", "appeared", "expected",
];

/// Quantifiers that stand alone as a subject: "Some say …", "Many believe …".
/// Words that end a noun phrase walked leftwards, or start one walked rightwards.
pub(super) const FUNCTION: &[&str] = &[
    "to", "from", "with", "of", "for", "by", "about", "against", "at", "on", "in", "over", "among",
    "between", "into", "after", "before", "than", "under", "during", "without", "within",
    "through", "across", "toward", "towards", "upon", "via", "like", "and", "or", "but", "that",
    "which", "when", "as", "because", "while", "whilst", "whereas", "if", "so", "where", "whether",
    "not", "has", "have", "had", "is", "are", "was", "were", "be", "been", "will", "would",
    "could", "should", "may", "might", "must", "can", "did", "does", "do", "also", "there", "this",
    "what", "how", "why", "then", "it", "he", "she", "they", "we", "i", "you", "him", "them", "us",
    "me", "who", "whom", "said", "says",
];

/// Sentence adverbs and conjunctions that may open a sentence before a leading "according
/// to" ("But, according to the poll, …", "Now, according to …").
pub(super) const SENTENCE_OPENERS: &[&str] = &[
    "but",
    "and",
    "yet",
    "so",
    "now",
    "still",
    "however",
    "also",
    "meanwhile",
    "overall",
    "instead",
    "today",
    "currently",
    "indeed",
    "moreover",
    "again",
];

/// Words that go on a leading "according to"'s source up to its comma: "According to
/// data from the FBI, …", "According to a poll released Tuesday, …".
pub(super) const SOURCE_TAILS: &[&str] = &[
    "from",
    "by",
    "of",
    "at",
    "in",
    "for",
    "with",
    "on",
    "among",
    "released",
    "published",
    "conducted",
    "obtained",
    "cited",
    "reviewed",
    "provided",
    "issued",
];

/// Words that open a subordinate clause: no name's lead-in runs back over one.
pub(super) const SUBORDINATORS: &[&str] = &[
    "although", "though", "because", "while", "whereas", "unless", "if", "when", "since", "until",
    "once", "after", "before", "whilst",
];

/// Words after which an anonymous source goes on with how it knows: "a person familiar
/// with the matter", "people briefed on the talks", "an official involved in the
/// negotiations", "a source close to the senator".
pub(super) const KNOWING_MODIFIERS: &[&str] = &[
    "familiar",
    "briefed",
    "involved",
    "close",
    "knowledgeable",
    "informed",
    "privy",
    "speaking",
];

/// Prepositions that open a phrase fronted before the main clause, closed by its comma:
/// "Despite assurances that the plan was safe, senators balked", "Amid fears that …, …".
pub(super) const FRONTED_PREPOSITIONS: &[&str] = &[
    "despite",
    "amid",
    "amidst",
    "following",
    "given",
    "notwithstanding",
    "with",
    "without",
];

/// Prepositions whose object is not the speaker of a quote after a colon ("He said of
/// Congress: “…”", "a message to Trump: “…”"); "by" and "from" name the speaker ("a
/// statement from the mayor: “…”") and are not here.
pub(super) const OBJECT_PREPOSITIONS: &[&str] = &[
    "to", "with", "of", "for", "about", "against", "at", "on", "in", "over", "among", "between",
    "into", "after", "before", "than", "under", "during", "without", "within", "through", "across",
    "toward", "towards", "upon", "via", "like", "despite", "amid", "unlike",
];

/// Words after which a noun phrase may start (a clause or phrase boundary).
pub(super) const NP_OPENERS: &[&str] = &[
    "than",
    "which",
    "nearly",
    "about",
    "roughly",
    "almost",
    "only",
    "and",
    "but",
    "that",
    "when",
    "as",
    "because",
    "while",
    "whilst",
    "whereas",
    "if",
    "so",
    "since",
    "where",
    "after",
    "before",
    "though",
    "although",
    "then",
    "now",
    "yet",
    "meanwhile",
    "also",
    // a focusing adverb: "Even his allies concede …", "especially the young say …"
    "even",
    "especially",
    "particularly",
];

pub(super) const DETS: &[&str] = &[
    "the", "a", "an", "this", "these", "those", "his", "her", "their", "its", "our", "my", "your",
    "some", "many", "most", "several", "all", "both", "each", "every", "other", "another", "few",
    "no", "any",
];

/// Verbs whose first object is the person told, not the content: "told reporters that".
pub(super) const TELL: &[&str] = &[
    "tell",
    "tells",
    "told",
    "telling",
    "warn",
    "warns",
    "warned",
    "warning",
    "remind",
    "reminds",
    "reminded",
    "reminding",
    "assure",
    "assures",
    "assured",
    "assuring",
    "urge",
    "urges",
    "urged",
    "urging",
    "promise",
    "promised",
    "promises",
    "promising",
];

/// Cue words that are no speech act before "to": "continued to fight", "is said to be".
pub(super) const NOT_BEFORE_TO: &[&str] = &[
    "said",
    "say",
    "says",
    "continued",
    "reported",
    "known",
    "believed",
    "thought",
    "found",
    "shown",
    "showed",
    "seen",
    "expected",
    "added",
    "stated",
    "wrote",
    "noted",
    "posted",
    "responded",
    "replied",
    "called",
    "announced",
    "explained",
];

/// Cue words that can follow the quote they introduce, inverted: "“…,” said Trump".
pub(super) const INVERTIBLE: &[&str] = &[
    "said",
    "asks",
    "explains",
    "continues",
    "recalls",
    "says",
    "say",
    "added",
    "asked",
    "wrote",
    "writes",
    "continued",
    "explained",
    "noted",
    "recalled",
    "replied",
    "responded",
    "declared",
    "insisted",
    "argued",
    "tweeted",
    "concluded",
    "warned",
    "remarked",
    "quipped",
    "joked",
    "adds",
    "notes",
];

/// Nouns naming an occasion where something can be said: the setting of a passive cue.
pub(super) const OCCASIONS: &[&str] = &[
    "call",
    "meeting",
    "conversation",
    "interview",
    "speech",
    "conference",
    "statement",
    "summit",
    "talks",
    "hearing",
    "debate",
    "briefing",
    "rally",
    "session",
    "discussion",
    "discussions",
    "address",
    "event",
    "exchange",
    "report",
    "letter",
    "memo",
    "visit",
];

/// Nouns naming the occasion where a speaker said something ("at a rally", "in an
/// interview", "during the debate"): after an object cue's noun phrase the phrase tells
/// where the cue happened, not what was said.
pub(super) const SAYING_OCCASIONS: &[&str] = &[
    "rally",
    "conference",
    "hall",
    "debate",
    "event",
    "forum",
    "meeting",
    "hearing",
    "luncheon",
    "dinner",
    "breakfast",
    "speech",
    "briefing",
    "stop",
    "session",
    "interview",
    "statement",
    "tweet",
    "letter",
    "op-ed",
    "email",
    "post",
    "address",
    "appearance",
    "call",
    "conversation",
    "summit",
    "visit",
];

/// Words that open the noun phrase of an occasion after "at", "during" or "in".
pub(super) const OCCASION_OPENERS: &[&str] = &[
    "a", "an", "the", "his", "her", "their", "its", "this", "last",
];

/// Labels before a colon that introduce an editor's note or a link, not a speaker.
pub(super) const NEWSROOM_LABELS: &[&str] = &[
    "update",
    "updated",
    "correction",
    "byline",
    "contributing",
    "twitter",
    "facebook",
    "wow",
    "boom",
    "revealed",
    "latest",
    "watch",
    "video",
    "photos",
    "photo",
    "related",
    "read",
    "note",
    "source",
    "sources",
    "via",
    "breaking",
    "exclusive",
    "analysis",
    "opinion",
    "editor's",
    "full",
    "email",
    "follow",
    "credit",
    "subscribe",
    "listen",
];

/// Nouns for a written or spoken statement, as in "issued a statement saying …".
pub(super) const STATEMENT_NOUNS: &[&str] = &[
    "statement",
    "statements",
    "tweet",
    "tweets",
    "letter",
    "letters",
    "post",
    "message",
    "messages",
    "note",
    "email",
    "release",
    "memo",
    "video",
    "ad",
    "ads",
    "speech",
    "interview",
    "calls",
    "signs",
];

/// Words after which a bare plural noun is a noun, not a verb ("despite complaints that",
/// "there were numerous complaints that"): prepositions, conjunctions, forms of "be", and
/// adjectives of number or growth.
pub(super) const BEFORE_BARE_NOUN: &[&str] = &[
    "amid",
    "despite",
    "over",
    "about",
    "of",
    "on",
    "and",
    "or",
    "but",
    "to",
    "with",
    "by",
    "after",
    "following",
    "among",
    "against",
    "from",
    "into",
    "under",
    "are",
    "were",
    "is",
    "was",
    "numerous",
    "new",
    "growing",
    "mounting",
    "repeated",
    "persistent",
    "widespread",
    "renewed",
    "fresh",
    "public",
    "private",
    "unconfirmed",
    "unfounded",
    "baseless",
];

/// Nouns of a source after a leading "in": "In a CNN poll, …", "In her words, …".
pub(super) const IN_SOURCES: &[&str] = &[
    "poll",
    "polls",
    "survey",
    "surveys",
    "study",
    "report",
    "analysis",
    "count",
    "tally",
    "estimate",
    "words",
    "view",
    "opinion",
    "assessment",
    "projection",
    "projections",
    "data",
];

/// Nouns of `IN_SOURCES` whose "of" names their holder: "in the words of one aide", "in the
/// view of most economists" (not "in a poll of voters": the poll is the source).
pub(super) const HOLDER_NOUNS: &[&str] = &["words", "view", "opinion", "assessment", "estimate"];

/// Adverbs of degree before a number or a quantifier ("nearly nine out of 10", "almost
/// half of respondents"): part of the subject they open.
pub(super) const DEGREE_ADVERBS: &[&str] =
    &["about", "nearly", "roughly", "almost", "only", "just"];

/// The days of the week.
pub(super) const WEEK: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Prepositions that open a phrase inside a subject, after its head noun: "a source
/// familiar with the investigation said", "many voters across the state believe".
pub(super) const SUBJECT_PREPOSITIONS: &[&str] = &[
    "with",
    "from",
    "in",
    "at",
    "on",
    "about",
    "to",
    "across",
    "within",
    "near",
    "around",
    "outside",
    "inside",
    "among",
    "throughout",
    "behind",
];

/// Words in "-ly" that are no adverbs ("at the rally", "a close ally", "in early
/// voting"): everywhere else a lowercase "-ly" word of five letters or more is read as one.
pub(super) const NOT_LY_ADVERBS: &[&str] = &[
    "only", "early", "family", "ally", "rally", "assembly", "supply", "reply", "monopoly",
    "anomaly", "bully", "homily", "italy",
];

/// Adverbs in "as first reported by X": the report's order, not its content.
pub(super) const REPORTED_ADVERBS: &[&str] = &["first", "originally", "previously", "earlier"];

/// Words that may open a sentence before a fronted participle clause of saying: "After
/// saying …, X", "But while insisting …, X", "Instead of calling …, X", "Despite
/// criticizing …, X".
pub(super) const FRONTED_PARTICIPLE_LEADS: &[&str] = &[
    "after", "while", "before", "by", "in", "upon", "instead", "of", "but", "and", "yet",
    "despite", "without", "though", "although",
];

/// Past participles of verbs of judging whose passive is a view held by no one named, read
/// like "is seen as": "is considered a favourite", "was deemed unsafe".
/// Media a statement goes by ("said by telephone"): "by" before one names no agent.
pub(super) const BY_MEDIA: &[&str] = &[
    "phone",
    "telephone",
    "email",
    "e-mail",
    "text",
    "video",
    "satellite",
    "letter",
    "mail",
    "fax",
];

pub(super) const PASSIVE_VIEWS: &[&str] = &["considered", "deemed"];

/// Irregular past tenses (and finite auxiliaries) that start a verb phrase: a second one
/// after "and", or the verb after a sentence's opening subject.
pub(super) const PAST_VERBS: &[&str] = &[
    "took", "made", "went", "gave", "left", "came", "got", "ran", "won", "lost", "was", "were",
    "has", "had", "is", "are", "did", "will", "would", "could", "can", "met", "sent", "put",
    "kept", "held", "brought", "began", "spent", "set",
];

/// Words that may open a sentence before its subject: "But the board said …".
pub(super) const SENTENCE_LEADS: &[&str] = &[
    "but",
    "and",
    "meanwhile",
    "instead",
    "still",
    "yet",
    "so",
    "now",
];

/// Finite auxiliaries and modals: "the measure could cost billions and would hurt morale".
pub(super) const FINITE_AUXILIARIES: &[&str] = &[
    "is", "are", "was", "were", "has", "have", "had", "will", "would", "could", "can", "may",
    "might", "should", "must",
];

/// Whether `w` is a finite verb that takes up a main clause again after an aside: "the
/// entities, which …, are still under his control" (an auxiliary, or "remain").
pub(super) fn is_main_verb(w: &str) -> bool {
    FINITE_AUXILIARIES.contains(&w) || matches!(w, "remain" | "remains" | "remained")
}

/// Cue verbs whose passive names the speaker after "by" ("were echoed by her campaign",
/// "a bill opposed by unions", "was asked by the host whether"). Chosen on PolNeAR train,
/// where these are gold cues 70 times in 100 before "by"; not "backed" or "supported"
/// (funding and votes more often than words).
pub(super) const PASSIVE_AGENT_CUES: &[&str] = &[
    "reported",
    "asked",
    "told",
    "warned",
    "opposed",
    "rejected",
    "criticized",
    "criticised",
    "condemned",
    "denounced",
    "decried",
    "derided",
    "mocked",
    "ridiculed",
    "echoed",
    "claimed",
    "accused",
    "concluded",
    "confirmed",
    "denied",
    "disputed",
    "questioned",
    "challenged",
    "dismissed",
    "described",
    "championed",
    "endorsed",
    "praised",
    "applauded",
    "lauded",
];

/// Lemmas of the verbs of naming that give their object a name in quotes without "as"
/// ("labeling the actions “an abuse of power”", "naming him the “enforcer”"): `[as]` cues
/// in `cues.txt`, whose forms the lexicon knows.
pub(super) const NAMING_LEMMAS: &[&str] = &["label", "brand", "name"];

/// Verbs that say nothing alone but make a statement of the noun they take ("made several
/// statements on …", "made no mention of …", "made the case that …"): read as one cue
/// with [`SPOKEN_NOUNS`] by `Ctx::light_verb_cue`. Only forms that already start a cue of
/// the lexicon ("make the case for"), so the cue pre-check stays as it is.
pub(super) const LIGHT_VERBS: &[&str] = &["make", "makes", "made", "making"];

/// Nouns of things said or argued that a light verb makes a statement of.
pub(super) const SPOKEN_NOUNS: &[&str] = &[
    "comment",
    "comments",
    "remark",
    "remarks",
    "statement",
    "statements",
    "mention",
    "reference",
    "references",
    "plea",
    "pleas",
    "appeal",
    "appeals",
    "case",
    "call",
    "promise",
    "promises",
    "prediction",
    "predictions",
    "accusation",
    "accusations",
    "allegation",
    "allegations",
    "claim",
    "claims",
    "argument",
    "arguments",
    "attack",
    "attacks",
    "joke",
    "jokes",
    "suggestion",
    "observation",
    "point",
    "commitment",
    "commitments",
    "pledge",
    "apology",
    "apologies",
];

/// Prepositions after a light verb's noun that take what the statement is about.
pub(super) const SPOKEN_NOUN_PREPOSITIONS: &[&str] =
    &["about", "on", "of", "to", "for", "against", "regarding"];

/// Short function words a headline in title case leaves in lowercase ("Pence Calls for
/// Special Prosecutor after Report Reveals …").
pub(super) const HEADLINE_SMALL_WORDS: &[&str] = &[
    "a", "an", "the", "and", "or", "but", "nor", "for", "to", "of", "in", "on", "at", "by", "from",
    "with", "as", "after", "over", "into", "vs", "'s", "’s",
];

/// Verbs whose object is made to do what the infinitive after it says: "The leak led the
/// chairwoman to resign", "That prompted Rubio to joke": the object speaks, not the
/// subject.
pub(super) const CAUSATIVES: &[&str] = &[
    "led",
    "leads",
    "leading",
    "prompted",
    "prompts",
    "prompting",
    "leaving",
    "drove",
    "drives",
    "spurred",
    "caused",
];

/// Base forms of object cues that `cues.txt` leaves out as nouns ("his call for", "a phone
/// call"), read as the verb before an object pronoun: "Critics call it a tax on the poor",
/// "64 percent call him competent".
pub(super) const BARE_OBJECT_VERBS: &[&str] = &["call"];

/// Object pronouns: after a bare form of [`BARE_OBJECT_VERBS`], the verb's object.
pub(super) const OBJECT_PRONOUNS: &[&str] = &[
    "him",
    "her",
    "it",
    "this",
    "that",
    "them",
    "me",
    "us",
    "himself",
    "herself",
    "itself",
    "themselves",
];

/// Verbs that cue only a quote: as the verb of a tag after a closing quote ("“…,” the
/// ad states."); those of [`QUOTE_OPENING_VERBS`] also before the quote they open ("He
/// continues: “…”"). The tokenizer marks them (`QUOTE_TAG_WORD`), so
/// `Ctx::quote_tag_cue` asks a token's bit first.
pub(super) const QUOTE_TAG_VERBS: &[&str] = &["states", "state", "continues", "continue"];

/// Participles that add to what a tag before them attributes ("“A,” she said, adding that
/// …. “B.”"): the quote after their sentence goes on with what they add.
pub(super) const ADDING_PARTICIPLES: &[&str] = &["adding"];

/// Participles that tell what the speaker did while speaking ("he said, citing …"), not
/// what the clause before goes on with.
pub(super) const SPEAKER_PARTICIPLES: &[&str] = &[
    "adding",
    "citing",
    "referring",
    "speaking",
    "pointing",
    "declining",
    "asking",
    "responding",
    "reflecting",
    "echoing",
    "repeating",
    "reiterating",
    "noting",
    "answering",
    "looking",
    "sitting",
    "standing",
    "smiling",
    "laughing",
    "gesturing",
    "wearing",
    "using",
    "calling",
    "explaining",
    "arguing",
    "insisting",
    "describing",
    "recalling",
    "according",
    "writing",
    "making",
    "talking",
    "stressing",
    "acknowledging",
    "warning",
];

/// Prepositions in "-ing" ("…, he said, including …"): they open no participle clause.
pub(super) const ING_PREPOSITIONS: &[&str] = &[
    "including",
    "during",
    "according",
    "following",
    "regarding",
    "concerning",
    "excluding",
    "notwithstanding",
    "pending",
    "considering",
    "barring",
    "surrounding",
];

/// Words that open a sentence before its subject and are no subject of their own:
/// "Rather, he said, …", "Nor, she said, did …".
pub(super) const LEAD_ADVERBS: &[&str] = &[
    "rather",
    "nor",
    "instead",
    "still",
    "yet",
    "now",
    "then",
    "meanwhile",
    "however",
    "indeed",
    "moreover",
    "besides",
    "thus",
    "therefore",
    "also",
    "again",
    "later",
    "first",
    "finally",
    "today",
    "yesterday",
    "here",
    "there",
    "otherwise",
    "so",
    "or",
    "and",
    "but",
    "hence",
    "likewise",
    "similarly",
    "nonetheless",
    "nevertheless",
    "instead",
    "anyway",
];

/// Of [`QUOTE_TAG_VERBS`], those that also open a quote after them.
pub(super) const QUOTE_OPENING_VERBS: &[&str] = &["continues"];

/// Nouns of backing a person or group gives: "won the endorsement of the union", "has the
/// support of party leaders". With a verb of `GAINING_VERBS` before them, the one backed
/// is the subject and the backer the object of "of"/"from".
pub(super) const BACKING_NOUNS: &[&str] = &["endorsement", "endorsements", "backing", "support"];

/// Finite verbs of gaining or holding backing ("won the endorsement of …"); bare forms
/// ("to win the support of …", "could not get …") name backing not yet given.
pub(super) const GAINING_VERBS: &[&str] = &[
    "won", "earned", "received", "secured", "landed", "gained", "snagged", "garnered", "nabbed",
    "has", "had", "enjoys", "enjoyed",
];

/// Nouns that close a poll's name after "in a/the …": "in a new Fox News poll".
pub(super) const POLL_NOUNS: &[&str] = &["poll", "survey"];

/// Words that show a clause before a trailing "in a … poll" already has a cue of its own
/// or is no finding of the poll ("… said in the poll", "… percent of people in a poll").
pub(super) const NOT_POLL_FINDINGS: &[&str] = &[
    "said",
    "says",
    "say",
    "saying",
    "found",
    "finds",
    "shows",
    "showed",
    "show",
    "told",
    "according",
    "believe",
    "believes",
    "think",
    "thinks",
    "who",
    "which",
    "that",
    "surveyed",
    "polled",
    "asked",
    "respondents",
];

/// Words that end the backer's noun phrase after "the endorsement of": "… of Gov. Pence on
/// Friday", "… of the union as he sought …".
pub(super) const BACKER_ENDS: &[&str] = &[
    "on", "in", "at", "as", "after", "before", "during", "when", "while", "who", "which", "that",
    "to", "because", "since", "last", "this", "earlier", "behind", "but",
];

/// Nouns that end a prepositional adjunct between a subject (or its auxiliary) and its verb
/// of saying: "Critics have for years complained", "The ministry in a statement said",
/// "Officials have in recent weeks suggested": a time, a medium or a manner, no part of who
/// speaks.
pub(super) const ADJUNCT_PP_NOUNS: &[&str] = &[
    "years",
    "months",
    "weeks",
    "days",
    "decades",
    "hours",
    "time",
    "times",
    "past",
    "statement",
    "statements",
    "interview",
    "interviews",
    "letter",
    "letters",
    "filing",
    "filings",
    "release",
    "speech",
    "speeches",
    "email",
    "emails",
    "tweet",
    "tweets",
    "post",
    "op-ed",
    "editorial",
    "memo",
    "remarks",
    "call",
    "briefing",
    "testimony",
    "appearance",
    "video",
    "message",
    "private",
    "public",
    "particular",
    "response",
    "turn",
    "recent",
];

/// Prepositions that open such an adjunct.
pub(super) const ADJUNCT_PP_OPENERS: &[&str] = &[
    "for",
    "in",
    "at",
    "over",
    "during",
    "since",
    "on",
    "through",
    "throughout",
];

/// Adjectives after a form of "be" whose infinitive speaks for the subject: "Women are
/// more likely to say …", "Critics were quick to point out …".
pub(super) const CATENATIVE_ADJECTIVES: &[&str] = &[
    "likely",
    "unlikely",
    "quick",
    "eager",
    "willing",
    "unwilling",
    "ready",
    "able",
    "unable",
    "keen",
    "reluctant",
    "careful",
    "happy",
    "prepared",
    "determined",
    "anxious",
    "loath",
];

/// Plain verbs whose infinitive speaks for their subject: "Republicans continue to warn …",
/// "Voters want to know …" (the "-ed", "-ing", "-s" forms are found by their ending).
pub(super) const CATENATIVE_VERBS: &[&str] = &[
    "continue", "want", "need", "try", "plan", "intend", "seek", "fail", "tend", "begin", "choose",
    "prefer", "rush", "hurry",
];

/// Words of degree between "be" and such an adjective: "were far more likely to".
pub(super) const CATENATIVE_DEGREE: &[&str] = &[
    "more",
    "less",
    "most",
    "slightly",
    "much",
    "far",
    "very",
    "so",
    "too",
    "even",
    "as",
    "also",
    "all",
    "still",
    "not",
    "n't",
    "somewhat",
    "significantly",
    "increasingly",
    "twice",
    "least",
    "particularly",
    "especially",
];

#[cfg(test)]
mod tests {
    use super::*;

    /// A word's bits (of a token, or looked up) say what a scan of the lists says: for
    /// every word of every list, and words of none.
    #[test]
    fn the_listed_words_bits_are_the_lists() {
        let mut words: Vec<&str> = LISTED.iter().flat_map(|(l, _)| l.iter().copied()).collect();
        words.extend([
            "", "said", "The", "thee", "a.", "'s", "wa", "weres", "beings",
        ]);
        for w in words {
            assert_eq!(is_function(w), FUNCTION.contains(&w), "{w:?}");
            assert_eq!(is_det(w), DETS.contains(&w), "{w:?}");
            assert_eq!(is_aux(w), AUX.contains(&w), "{w:?}");
            let bits = WordLists::get().of(w);
            for (list, bit) in LISTED {
                assert_eq!(bits & bit != 0, list.contains(&w), "{w:?}");
            }
        }
    }
}
