#!/usr/bin/env python3
"""Natural questions over PolNeAR (issue 14): who/what/none questions typed the way people type
in a Discord channel, made from the gold attributions of train.jsonl and dev.jsonl.

    python3 scripts/natural_questions.py                 # writes both fixtures
    python3 scripts/natural_questions.py candidates STYLE SPLIT [N]
                                                         # attributions to hand-write from

The articles are split FIRST: a random quarter of all articles of both splits (SPLIT_SEED) is
held back, and the held-back questions (tests/fixtures/natural-heldout.jsonl) come only from
those articles, the dev questions (tests/fixtures/natural-dev.jsonl) only from the others.

Only attributions whose source is a proper name (a person or an organisation, capitalised in the
article, no pronouns) with content of at least 6 words are used. Twelve styles are made here
from templates (several per style, chosen at random with a fixed seed); four are written by hand
in scripts/natural_questions_handwritten.jsonl, which this script reads and checks:

- paraphrase, which-role: {"style", "article", "attribution", "question"} (+ "role", a phrase
  that must occur in the article); speaker, key and content come from the gold attribution.
- none-person: {"style", "split", "name", "question"}; the surname must occur in no article.
- none-topic: {"style", "split", "speaker_key", "topic", "question"}; the speaker must be a
  source in the corpus and no topic word may occur in any article that mentions the speaker.

Standard library only; the output is the same on every run.
"""
import json
import os
import random
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
CORPUS = os.path.join(ROOT, "..", "shared", "corpora", "polnear")
HANDWRITTEN = os.path.join(HERE, "natural_questions_handwritten.jsonl")
OUT_DEV = os.path.join(ROOT, "tests", "fixtures", "natural-dev.jsonl")
OUT_HELD = os.path.join(ROOT, "tests", "fixtures", "natural-heldout.jsonl")

SPLIT_SEED = 14  # the number; never change it once the held-back set is in use
SEED = 1414
HELD_FRACTION = 4  # one article in four is held back

# Questions per style in each file (dev, held-back). The hand-written styles are counted from
# the hand-written file and checked against these.
PER_STYLE = (21, 7)
PER_NONE_STYLE = (24, 8)

TEMPLATED = [
    "did-x-say", "whats-take", "anyone-said", "who-was-it", "x-on-y", "lowercase", "typo",
    "who-said-plain", "what-about", "when", "latest", "position",
]
HAND = ["which-role", "paraphrase", "none-person", "none-topic"]
STYLES = HAND[:2] + TEMPLATED + HAND[2:]
KIND = {
    "which-role": "who", "did-x-say": "what", "whats-take": "what", "anyone-said": "who",
    "who-was-it": "who", "x-on-y": "what", "typo": "what", "paraphrase": "who",
    "who-said-plain": "who", "what-about": "what", "when": "what", "latest": "what",
    "position": "what", "none-person": "none", "none-topic": "none",
}  # lowercase: half who, half what

WORD = re.compile(r"[\w'’-]+")
TOK = re.compile(r"\w+")

HONORIFICS = {
    "mr.", "mrs.", "ms.", "dr.", "sen.", "rep.", "gov.", "gen.", "rev.", "pres.", "president",
    "senator", "sen", "mr", "mrs", "ms", "dr", "judge", "admiral", "author", "hacker",
    "billionaire", "speaker", "rival", "democrat", "republican", "interim", "former", "co-moderator",
    "moderator", "secretary", "chairman", "chairwoman", "gov", "governor", "rep", "retired",
    "representative", "actress", "actor", "journalist", "filmmaker", "professor", "justice",
    "mayor", "chief", "del.", "general", "grandpa",
}
# Capitalised sources that are not a named person or organisation.
NOT_NAMES = set("""
he she they we i you it his her their him them who which that this those these there some many
others other one people voters officials experts critics polls poll police republicans democrats
americans millennials mexicans supporters analysts aides sources reports report documents data
studies survey surveys both most all several few neither either everyone nobody someone everybody
anyone each no none another somebody god sir mom dad tuesday monday wednesday thursday friday
saturday sunday today yesterday beltway senator congressman president conservatives liberals
progressives evangelicals independents republican democrat democratic gop trumpers trump's
clinton's muslims christians latinos hispanics blacks whites women men leaders lawmakers
delegates donors members staffers advocates observers pundits commentators researchers
scientists economists historians investigators prosecutors agents protesters activists
candidates governors senators presidents the a an my our your media press woman man newspaper
authorities allies mourners fact-checkers caucus-goers japanese palestinians african-americans
saudis two-thirds dems whigs constitution
""".split())
# Words that are no name on their own (but may be part of one: "the White House").
NOT_ALONE = set("""
state states united census email tide roll guide fact-check philadelphia cleveland news will law
day song hill white cross fields cook hurt mercury
""".split())
PLACES = set("""
puerto rico united british columbia inland empire grand central
alabama alaska arizona arkansas california colorado connecticut delaware florida georgia hawaii
idaho illinois indiana iowa kansas kentucky louisiana maine maryland massachusetts michigan
minnesota mississippi missouri montana nebraska nevada hampshire jersey mexico york carolina
dakota ohio oklahoma oregon pennsylvania rhode tennessee texas utah vermont virginia washington
wisconsin wyoming america u.s. us usa britain england germany france japan canada europe china
russia iran iraq israel syria cuba turkey ukraine india korea moscow beijing tehran mexico
""".split())
ORG_HEADS = set("""
house department press post times watch committee council center party network news journal
campaign institute foundation association agency bureau office court administration senate
congress commission group university college service project fund union club company corporation
inc inc. co. coalition alliance action pac board caucus review magazine tribune herald
journalism caller insider legion beast blaze street research bank globe observer star dealer
museum institution corp
""".split())
# First names that are a source on their own are people the article knows by first name only
# (or a nickname): not how anyone asks about them.
FIRST_NAMES = set("""
donald hillary bernie bill barack michelle ted jeb ben chris joe jim john mike tom bob david
michael mary susan sherry lou jack freddy henry francis patrick gil sarah paul george james
robert william richard charles thomas daniel matthew mark steven steve kevin brian jason jeff
ryan gary eric larry frank scott justin brandon raymond gregory samuel patrick jerry dennis
peter carl anna linda barbara jennifer maria nancy karen lisa betty sandra ashley emily donna
kim amy angela melissa rebecca laura helen sharon cynthia kathleen ruth anne rachel carol
""".split())

STOP = set("""
a an the and or but if then so than that this these those there here of in on at to for from by
with without about as into onto over under after before between through during against among
is are was were be been being am do does did doing done have has had having will would shall
should can could may might must not no nor only own same too very just also even still yet
i me my mine we us our ours you your yours he him his she her hers it its they them their theirs
what which who whom whose when where why how all any both each few more most other some such
again further once up down out off above below s t don now ever never said says say saying told
tell tells telling asked ask according going go goes went gone get gets got make makes made
want wants wanted think thinks thought know knows knew really lot lots way thing things
something anything nothing everything someone anyone everyone people time times year years
one two three four five six seven eight nine ten first last new much many well back like
because while since until unless though although whether let lets let's it's that's he's
she's i'm we're they're you're don't doesn't didn't isn't wasn't aren't weren't can't won't
wouldn't couldn't shouldn't we'll i'll he'll she'll they'll you'll i've we've they've
mr mrs ms mr. mrs. ms. dr. sen. rep. gov. yes ok okay oh per via able need needs
good great better best big bad worse worst right left next whole part point going day days
week weeks month months today yesterday tomorrow tonight
""".split())
# Words that read badly as a topic on their own (verbs and adverbs, mostly).
BAD_TOPIC_END = ("ed", "ly", "ing")


def load():
    arts = []
    for name in ("train", "dev"):
        with open(os.path.join(CORPUS, name + ".jsonl"), encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    arts.append(json.loads(line))
    return arts


def held_back_ids(arts):
    """The held-back quarter of articles, chosen before anything else looks at them."""
    ids = sorted(a["id"] for a in arts)
    rng = random.Random(SPLIT_SEED)
    return set(rng.sample(ids, len(ids) // HELD_FRACTION))


def name_of(source_text):
    """(display name, speaker key, is organisation) of a source span, or None if the span is
    not a proper name of a person or organisation."""
    s = re.sub(r"\([^)]*\)", " ", source_text).strip().strip(",:;")
    toks = s.split()
    if not toks or len(toks) > 5:
        return None
    if toks[0].lower() in ("the", "a", "an"):
        toks = toks[1:]
    while toks and (toks[0].lower() in HONORIFICS or (len(toks) > 1 and re.search(r"['’]s$", toks[0]))):
        toks = toks[1:]  # "Sen.", "CNN's Dana Bash"
    if not toks or len(toks) > 3:
        return None
    for t in toks:
        if not re.fullmatch(r"(?:[A-Z][\w'’.-]*|[A-Z]\.)", t):
            return None
        if t.lower() in NOT_NAMES or (len(toks) == 1 and t.lower() in NOT_ALONE):
            return None
        if t.lower() in PLACES and not (len(toks) >= 2 and toks[-1].lower() in ORG_HEADS):
            return None
    while len(toks) > 1 and toks[-1].rstrip(".") in ("Jr", "Sr", "II", "III", "IV"):
        toks = toks[:-1]
    if any(re.fullmatch(r"[A-Z]{6,}", t) for t in toks):
        return None  # a transcript's speaker label ("BENENSON:"), or shouting
    if any(re.search(r"['’]s$", t) for t in toks[1:]) or toks[0].lower() in ("two", "three"):
        return None
    last = toks[-1]
    if last.lower() in HONORIFICS or (len(toks) == 1 and last.lower() in FIRST_NAMES):
        return None
    if len(toks) == 1 and re.search(r"(?:ans|ers|ists|ese)$", last):
        return None  # a group: "Republicans", "Supporters"
    if last.endswith(("'s", "’s", "'", "’")) or len(last.strip(".")) < 2:
        return None
    acronym = re.fullmatch(r"[A-Z][A-Z.&-]+", last) is not None
    is_org = acronym or (len(toks) >= 2 and last.lower() in ORG_HEADS) or (
        len(toks) == 1 and last.lower() in ORG_HEADS
    )
    if len(toks) == 1 and last.lower() in ORG_HEADS:
        return None  # "House", "Campaign": too vague
    if is_org and len(toks) >= 2:
        key = " ".join(toks)
    else:
        key = last.rstrip(".") if not acronym else last
    display = " ".join(toks)
    if is_org and source_text.strip().lower().startswith("the "):
        display = "the " + display
    return display, key, is_org


def surname_like(key, text):
    """A one-word person source is a surname (or an organisation), not a first name, when the
    article puts a capitalised word before it ("Donald Trump", "Mr. Trump") at least as often as
    after it ("Bob Vander Plaats")."""
    before = len(re.findall(r"[A-Z][\w.’'-]*\s+" + re.escape(key) + r"\b", text))
    after = len(re.findall(r"\b" + re.escape(key) + r"\s+[A-Z][a-z]", text))
    return before >= after


def words(s):
    return WORD.findall(s)


def clean_quotes(s):
    return re.sub(r"[\"“”]", "", s).replace("‘", "'").replace("’", "'")


def common_words(arts):
    """Words that occur more often in lower case than capitalised after another word: common
    nouns and verbs, not names ("Companies", "Will", "Son")."""
    lower, upper = {}, {}
    for a in arts:
        for m in re.finditer(r"(?<=[a-z,;] )([A-Za-z][a-z]+)\b", a["text"]):
            w = m.group(1)
            d = upper if w[0].isupper() else lower
            d[w.lower()] = d.get(w.lower(), 0) + 1
    return {w for w, n in lower.items() if n > upper.get(w, 0)}


def candidates(arts, held):
    common = common_words(arts)
    out = []
    for a in arts:
        for at in a["attributions"]:
            src, con = at.get("source"), at.get("content")
            if not src or not con:
                continue
            named = name_of(src["text"])
            if not named:
                continue
            display, key, is_org = named
            if not is_org and key.lower() in common:
                continue
            if not re.search(r"\b" + re.escape(key) + r"\b", a["text"]):
                continue  # the key must appear capitalised in the article
            if not is_org and " " not in display and not surname_like(key, a["text"]):
                continue
            text = con["text"]
            if len(words(text)) < 6 or len(con.get("fragments", [[0, 0]])) != 1:
                continue
            if "\n" in text.strip():
                continue
            out.append({
                "article": a["id"], "attribution": at["id"], "speaker": src["text"],
                "key": key, "name": display, "org": is_org, "content": text,
                "split": "heldout" if a["id"] in held else "dev",
            })
    return out


def by_key_contents(cands):
    m = {}
    for c in cands:
        m.setdefault(c["key"].lower(), []).append(c)
    return m


DETS = {"the", "a", "an", "his", "her", "their", "its", "our", "my", "this", "these", "those",
        "your", "any", "no"}
SUBJ = {"he", "she", "they", "i", "we", "you", "it", "who", "to", "will", "would", "can", "could",
        "not", "never", "should", "did", "does", "do"}
# Nouns that say nothing as a topic.
VAGUE = set("""
example course section fact issue issues thing things part number percent kind sort lot side
case point reason idea question questions problem words word statement statements comments
comment story stories people person man woman men women others other times place places end
trillion billion million thousand hundred dozen percent dollars total bottom top
""".split())
CALENDAR = set("""
monday tuesday wednesday thursday friday saturday sunday january february march april may june
july august september october november december today tonight yesterday
""".split())
PHRASE_END = set("""
of in on for to and or is was are were that with from at by as has had will would but who which
""".split())
VERBS = set("""
is are was were be been has have had will would can could should must did does do said says
may might shall am
""".split())


class Stats:
    """How each lower-case word is used across the corpus: after a determiner and at the end of
    a phrase (a noun: "the wall."), or after a subject pronoun, "to" or a modal (a verb)."""

    def __init__(self, arts):
        self.det, self.end, self.verb, self.total = {}, {}, {}, {}
        for a in arts:
            toks = re.findall(r"[A-Za-z][a-z'’-]*|[^\sA-Za-z]", a["text"])
            for i, w in enumerate(toks):
                if not w[0].islower():
                    continue
                prev = toks[i - 1].lower() if i else ""
                nxt = toks[i + 1].lower() if i + 1 < len(toks) else "."
                self.total[w] = self.total.get(w, 0) + 1
                if prev in DETS:
                    self.det[w] = self.det.get(w, 0) + 1
                if prev in SUBJ:
                    self.verb[w] = self.verb.get(w, 0) + 1
                if not nxt[0].isalpha() or nxt in PHRASE_END:
                    self.end[w] = self.end.get(w, 0) + 1

    def noun(self, w, det=0.1):
        t = self.total.get(w, 0)
        return (t >= 3 and self.det.get(w, 0) >= det * t and self.end.get(w, 0) >= 0.35 * t
                and self.verb.get(w, 0) < 0.15 * t)

    def verb_like(self, w):
        t = self.total.get(w, 0)
        return w in VERBS or (t >= 3 and self.verb.get(w, 0) >= 0.25 * t)


def strip_poss(w):
    return re.sub(r"['’]s$", "", w)


NOT_STATEMENT_START = set("""
to whether if how why what when where who for of as by about on in with
""".split())


def clause_like(c, stats):
    """Content that reads as something said (it has a verb), not a bare noun phrase, an
    infinitive ("urged X to ...") or an embedded question ("asked whether ...")."""
    ws = words(clean_quotes(c["content"]))
    if not ws or ws[0].lower() in NOT_STATEMENT_START:
        return False
    return any(stats.verb_like(w.lower()) for w in words(clean_quotes(c["content"])))


def topics(c, same_key, stats):
    """Topic candidates of 1-3 words taken from the content, each with how many OTHER
    statements of the same speaker also contain every topic word (0 = the topic singles this
    statement out). Best first: names of things, then noun phrases, then single nouns."""
    name_toks = {strip_poss(t).lower() for t in re.split(r"\s+", c["name"])} | {
        w.lower() for w in words(c["key"])}
    chunks = re.split(r"[,;:!?()\[\]\"“”—–]|[.](?=\s|$)|--|\s-\s|''",
                      clean_quotes(c["content"]).replace("''", '"'))
    out = []
    for ci, chunk in enumerate(chunks):
        ws = words(chunk)
        # Runs of capitalised words not at the start of the content: "Nevada", "Supreme Court".
        i = 1 if ci == 0 else 0
        while i < len(ws):
            if ws[i][:1].isupper() and ws[i].lower() not in STOP:
                j = i
                while j + 1 < len(ws) and ws[j + 1][:1].isupper() and ws[j + 1].lower() not in STOP:
                    j += 1
                run = ws[i:j + 1]
                while len(run) > 1 and run[0].lower() in HONORIFICS | {"state", "of"}:
                    run = run[1:]
                base = [strip_poss(w) for w in run]
                if (len(run) <= 3 and not any(w.lower() in CALENDAR for w in base) and not any(w.lower() in name_toks for w in base)
                        and not run[-1].endswith(("'s", "’s"))
                        and all(len(w.strip(".")) >= 3 or (w.isupper() and len(w.strip(".")) >= 2)
                                for w in base)
                        and not any(re.match(r"[A-Z]-", w) for w in base)
                        and not (len(run) == 1 and (run[0].lower() in stats.total
                                 and stats.total[run[0].lower()] > 5 or run[0].lower() in NOT_NAMES
                                 or run[0].endswith(("an", "ish", "ic", "ern"))))):
                    out.append((0, run))
                i = j + 1
            else:
                i += 1
        low = [w.lower().replace("’", "'") for w in ws]
        ok = [w not in STOP and len(w) >= 3 and not w[0].isdigit() and strip_poss(w) not in name_toks
              and not stats.verb_like(w) and not w.endswith("ly") for w in low]
        for i in range(len(low) - 1):
            a, b = low[i], low[i + 1]
            if ok[i] and ok[i + 1] and not b.endswith("'s") and stats.noun(b) and b not in VAGUE:
                if ws[i][:1].isupper() and (ws[i + 1][:1].isupper() or (i and ws[i - 1][:1].isupper())):
                    continue  # a name, or the end of one ("New York home")
                if strip_poss(a) in CALENDAR:
                    continue
                out.append((1, [a, b]))
        for i, w in enumerate(low):
            if (ok[i] and len(w) >= 5 and not w.endswith("'s") and stats.noun(w, 0.2)
                    and w not in VAGUE and w not in CALENDAR):
                if not ws[i][:1].isupper():
                    out.append((2, [w]))
    res, seen = [], set()
    for tier, t in out:
        k = " ".join(x.lower() for x in t)
        if k in seen:
            continue
        seen.add(k)
        tl = [strip_poss(x.lower().replace("’", "'")) for x in t]
        others = 0
        for o in same_key:
            if o is c:
                continue
            ot = {strip_poss(x.lower().replace("’", "'")) for x in words(clean_quotes(o["content"]))}
            if all(x in ot for x in tl):
                others += 1
        res.append((others, tier, " ".join(t)))
    res.sort(key=lambda r: (r[0], r[1]))
    return res


ABBREV = re.compile(r"^(?:[A-Z]\.)+$|^(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|St|Jr|Sr|Lt|Col|No|vs)\.$")


def fragment(c, rng, lo=6, hi=12):
    """The first 6-12 words of the content, without quotation marks, ending on a word that is not
    a function word and within the first sentence when that is long enough."""
    text = clean_quotes(c["content"]).replace("''", "").replace("``", "")
    ws = [w.strip("'‘`") for w in text.split()]
    ws = [w for w in ws if TOK.search(w)]
    for i, w in enumerate(ws):
        if i >= 5 and w.endswith((".", "?", "!")) and not ABBREV.match(w):
            ws = ws[:i + 1]
            break
    k = min(len(ws), rng.randint(lo, hi))
    while k < len(ws) and ws[k - 1].lower().strip(",.;:") in STOP:
        k += 1
    frag = " ".join(ws[:k]).rstrip(",.;:!?-—–'")
    if frag.lower().startswith("that "):
        frag = frag[5:]
    return frag


def chat_start(frag, stats):
    """Lower-case the first letter as people do, unless the first word is a name."""
    first = frag.split()[0] if frag.split() else ""
    lw = first.lower()
    if first == "I" or first.startswith("I'") or first.startswith("I’"):
        return frag
    if lw in STOP or stats.total.get(lw.strip(",.;:"), 0) > 5:
        return lw + frag[len(first):]
    return frag


def cap1(s):
    return s[:1].upper() + s[1:]


def name_forms(c, rng):
    """How a person types the speaker's name: the surname or the full name as the article
    gives it, often in lower case; a well-known first name now and then."""
    name = c["name"]
    if c["org"]:
        forms = [name, name.lower()]
        if name.lower().startswith("the "):
            forms += [name[4:], name[4:].lower()]
        return rng.choice(forms)
    toks = name.split()
    first = toks[0] if len(toks) >= 2 else None
    nick = {"Hillary": "hillary", "Bernie": "bernie", "Jeb": "jeb"}
    if first in nick and rng.random() < 0.25:
        return nick[first]
    return rng.choice([name, toks[-1], name.lower(), toks[-1].lower(), toks[-1].lower()])


def start_cap(n):
    """The name at the start of a question: capitalised as written, or left in lower case."""
    return n if n.islower() else cap1(n)


def possessive(n):
    return n + "'" if n.endswith("s") else n + "'s"


def typo(name, rng):
    """Exactly one letter wrong, missing, doubled or swapped with its neighbour, in the name
    (never its first letter)."""
    toks = name.split()
    idx = len(toks) - 1
    if len(toks) > 1 and rng.random() < 0.3 and len(toks[0]) >= 5 and toks[0].isalpha():
        idx = 0
    w = toks[idx]
    letters = [i for i, ch in enumerate(w) if ch.isalpha()][1:]
    for _ in range(100):
        op = rng.choice(["sub", "del", "swap", "double"])
        i = rng.choice(letters)
        if op == "sub":
            near = "aeiou" if w[i].lower() in "aeiou" else "bcdfghklmnprstvz"
            ch = rng.choice([x for x in near if x != w[i].lower()])
            nw = w[:i] + (ch.upper() if w[i].isupper() else ch) + w[i + 1:]
        elif op == "del":
            nw = w[:i] + w[i + 1:]
        elif op == "double":
            nw = w[:i] + w[i] + w[i:]
        else:
            if i + 1 >= len(w) or w[i].lower() == w[i + 1].lower() or not w[i + 1].isalpha():
                continue
            nw = w[:i] + w[i + 1] + w[i] + w[i + 2:]
        if nw.lower() != w.lower():
            toks[idx] = nw
            return " ".join(toks)
    raise SystemExit(f"no typo for {name}")


def ask_who(style, c, rng, stats):
    frag = fragment(c, rng)
    lf = chat_start(frag, stats)
    if style == "anyone-said":
        t = rng.choice([
            "anyone say {f}?", "has anybody said {f}?", "did anyone claim {f}",
            "did someone say {f}?", "Anyone claiming {f}??", "has anyone said that {f}?",
            "did any1 say {f}", "is there anyone who said {f}?", "Did anybody say {f}?",
            "anyone said {f}?", "did somebody claim that {f}?", "did ppl say {f}?",
        ])
        return t.format(f=lf)
    if style == "who-was-it":
        t = rng.choice([
            "who was it that said {f}?", "who's saying {f}?", "who is claiming {f}?",
            "Who was it who said {f}", "whos the one saying {f}?", "who was that saying {f}??",
            "Who's been saying {f}?", "who was it that claimed {f}", "who is it that says {f}?",
            "Who was the one who said {f}?", "who was it again that said {f}?",
        ])
        return t.format(f=lf)
    if style == "who-said-plain":
        return "Who said that " + frag + "?"
    if style == "lowercase":
        t = rng.choice(["who said {f}", "who said that {f}", "who claimed {f}", "who says {f}"])
        return t.format(f=frag).lower()
    raise ValueError(style)


def ask_what(style, c, rng, topic, stats):
    n = name_forms(c, rng)
    N = start_cap(n)
    tp = topic if rng.random() < 0.35 and any(ch.isupper() for ch in topic) else topic.lower()
    if style == "did-x-say":
        t = rng.choice([
            "did {n} say anything about {t}?", "did {n} comment on {t}?", "Did {N} talk about {t}",
            "did {n} ever say something about {t}??", "has {n} said anything on {t}?",
            "did {n} mention {t} at all?", "Did {N} say smth about {t}?",
            "did {n} say anything on {t}", "Did {N} comment on {t}?",
            "did {n} say anything abt {t}?",
        ])
    elif style == "whats-take":
        t = rng.choice([
            "what's {p} take on {t}?", "whats {n} saying about {t}", "What is {P} take on {t}?",
            "whats {p} take on {t}", "what is {n} saying re {t}?", "What's {n} saying about {t}?",
            "what's {p} take on {t}??", "so whats {n} saying on {t}?",
        ])
    elif style == "x-on-y":
        t = rng.choice([
            "{n} on {t}", "{n} on {t}?", "any statements from {n} on {t}?", "{n} re {t}",
            "{N} on {t}?", "anything from {n} on {t}", "{n} about {t}?", "{N} + {t}?",
            "statements from {n} on {t}",
        ])
    elif style == "lowercase":
        t = rng.choice([
            "what did {n} say about {t}", "what has {n} said about {t}",
            "what was {n} saying about {t}", "what did {n} say on {t}",
        ])
        return t.format(n=n, t=tp).lower()
    elif style == "typo":
        n = typo(c["name"].removeprefix("the "), rng)
        n = n if rng.random() < 0.6 else n.lower()
        N = start_cap(n)
        t = rng.choice([
            "what did {n} say about {t}?", "What did {N} say about {t}?",
            "what has {n} said about {t}", "What did {N} say on {t}?",
            "what was {n} saying about {t}?", "What has {N} said about {t}?",
        ])
    elif style == "what-about":
        n = c["name"] if rng.random() < 0.6 or c["org"] else c["name"].split()[-1]
        return "What did {N} say about {t}?".format(N=cap1(n), t=tp)
    elif style == "latest":
        t = rng.choice([
            "what's the latest from {n} about {t}", "anything new from {n} on {t}?",
            "latest from {n} on {t}?", "any news from {n} about {t}",
            "What's new from {n} on {t}?", "has {n} said anything lately about {t}?",
            "whats the latest from {n} on {t}?", "Anything new from {n} about {t}",
        ])
    elif style == "position":
        t = rng.choice([
            "where does {n} stand on {t}?", "what's {p} view on {t}?", "{P} stance on {t}?",
            "What is {P} position on {t}?", "how does {n} feel about {t}?",
            "what does {n} think of {t}", "where does {N} stand on {t}", "{p} position on {t}??",
        ])
    elif style == "when":
        frag = chat_start(fragment(c, rng, 6, 10), stats)
        t = rng.choice([
            "when did {n} say {f}?", "When was it that {n} said {f}?", "when did {n} claim {f}",
            "when'd {n} say {f}?", "what day did {n} say {f}?", "When did {n} say {f}?",
            "when did {n} say that {f}", "when was {n} saying {f}?",
        ])
        return t.format(n=n, f=frag)
    else:
        raise ValueError(style)
    return t.format(n=n, N=N, p=possessive(n), P=start_cap(possessive(n)), t=tp)


def read_handwritten():
    rows = []
    if not os.path.exists(HANDWRITTEN):
        return rows
    with open(HANDWRITTEN, encoding="utf-8") as f:
        for i, line in enumerate(f, 1):
            if line.strip():
                r = json.loads(line)
                r["_line"] = i
                rows.append(r)
    return rows


def word_re(w):
    return re.compile(r"\b" + re.escape(w) + r"(?:s|es)?\b", re.I)


def check_none(r, arts, source_keys):
    at = f"{HANDWRITTEN}:{r['_line']}"
    if r.get("split") not in ("dev", "heldout"):
        raise SystemExit(f"{at}: split must be dev or heldout")
    if r["style"] == "none-person":
        surname = r["name"].split()[-1]
        pat = re.compile(r"\b" + re.escape(surname) + r"\b", re.I)
        for a in arts:
            if pat.search(a["text"]) or pat.search(a.get("title") or ""):
                raise SystemExit(f"{at}: {surname!r} occurs in {a['id']}")
        if surname.lower() not in r["question"].lower():
            raise SystemExit(f"{at}: the question does not name {surname!r}")
    else:
        key = r["speaker_key"]
        if key.lower() not in source_keys:
            raise SystemExit(f"{at}: {key!r} is no named source of the corpus")
        kpat = re.compile(r"\b" + re.escape(key) + r"\b", re.I)
        pats = [word_re(w) for w in r["topic"]]
        for a in arts:
            if kpat.search(a["text"]):
                for w, p in zip(r["topic"], pats):
                    if p.search(a["text"]):
                        raise SystemExit(f"{at}: {w!r} occurs in {a['id']}, which mentions {key}")


def row(style, kind, question, c):
    if kind == "none":
        return {"style": style, "kind": "none", "question": question, "speaker": None,
                "speaker_key": None, "content": None, "article": None}
    return {"style": style, "kind": kind, "question": question, "speaker": c["speaker"],
            "speaker_key": c["key"], "content": c["content"], "article": c["article"]}


def generate():
    arts = load()
    held = held_back_ids(arts)
    cands = candidates(arts, held)
    stats = Stats(arts)
    index = {(c["article"], c["attribution"]): c for c in cands}
    same = by_key_contents(cands)
    arts_by_id = {a["id"]: a for a in arts}
    source_keys = set(same)
    out = {"dev": [], "heldout": []}
    used = set()
    for r in read_handwritten():
        at = f"{HANDWRITTEN}:{r['_line']}"
        if r["style"] not in HAND:
            raise SystemExit(f"{at}: style {r['style']!r} is not hand-written")
        if r["style"] in ("none-person", "none-topic"):
            check_none(r, arts, source_keys)
            out[r["split"]].append(row(r["style"], "none", r["question"], None))
            continue
        c = index.get((r["article"], r["attribution"]))
        if c is None:
            raise SystemExit(f"{at}: no usable attribution {r['article']} {r['attribution']}")
        if (r["article"], r["attribution"]) in used:
            raise SystemExit(f"{at}: attribution used twice")
        if r["style"] == "which-role":
            if r["role"].lower() not in arts_by_id[r["article"]]["text"].lower():
                raise SystemExit(f"{at}: the article never says {r['role']!r}")
        used.add((r["article"], r["attribution"]))
        out[c["split"]].append(row(r["style"], "who", r["question"], c))

    for style in TEMPLATED:
        for split, n in zip(("dev", "heldout"), PER_STYLE):
            rng = random.Random(f"{SEED}/{style}/{split}")
            pool = [c for c in cands if c["split"] == split]
            rng.shuffle(pool)
            per_key, per_art, made = {}, set(), 0
            cap = max(2, n // 5)
            for c in pool:
                if made >= n:
                    break
                k = (c["article"], c["attribution"])
                if k in used or c["article"] in per_art or per_key.get(c["key"], 0) >= cap:
                    continue
                kind = KIND.get(style) or ("who" if made % 2 == 0 else "what")
                if not clause_like(c, stats):
                    continue
                if kind == "what":
                    ts = [t for t in topics(c, same[c["key"].lower()], stats) if t[0] == 0]
                    if not ts:
                        continue
                    best = min(t[1] for t in ts)
                    topic = rng.choice([t[2] for t in ts if t[1] == best])
                    if style == "typo" and (len(c["key"]) < 5 or c["org"] or not c["key"].isalpha()):
                        continue
                    q = ask_what(style, c, rng, topic, stats)
                else:
                    q = ask_who(style, c, rng, stats)
                used.add(k)
                per_art.add(c["article"])
                per_key[c["key"]] = per_key.get(c["key"], 0) + 1
                out[split].append(row(style, kind, q, c))
                made += 1
            if made < n:
                raise SystemExit(f"{style}/{split}: only {made} questions")

    for split, path, prefix in (("dev", OUT_DEV, "n"), ("heldout", OUT_HELD, "h")):
        rows = sorted(out[split], key=lambda r: STYLES.index(r["style"]))
        counts = {}
        for r in rows:
            counts[r["style"]] = counts.get(r["style"], 0) + 1
        for s in STYLES:
            want = (PER_NONE_STYLE if s.startswith("none") else PER_STYLE)[split == "heldout"]
            if counts.get(s, 0) != want:
                print(f"warning: {split} has {counts.get(s, 0)} {s} questions, not {want}",
                      file=sys.stderr)
        with open(path, "w", encoding="utf-8") as f:
            for i, r in enumerate(rows, 1):
                f.write(json.dumps({"id": f"{prefix}{i:04d}", **r}, ensure_ascii=False) + "\n")
        print(f"{path}: {len(rows)} questions " + ", ".join(f"{s} {counts.get(s, 0)}" for s in STYLES),
              file=sys.stderr)


def show_candidates(style, split, n):
    """Attributions to write hand-written questions from, with the text around the speaker's
    first mention (for which-role). Prints only what phrasing a question needs."""
    arts = load()
    held = held_back_ids(arts)
    stats = Stats(arts)
    cands = [c for c in candidates(arts, held)
             if c["split"] == split and not c["org"] and clause_like(c, stats)]
    arts_by_id = {a["id"]: a for a in arts}
    rng = random.Random(f"{SEED}/hand/{style}/{split}")
    rng.shuffle(cands)
    shown, per_key = 0, {}
    for c in cands:
        if shown >= n:
            break
        if per_key.get(c["key"], 0) >= 2:
            continue
        rec = {"article": c["article"], "attribution": c["attribution"], "speaker": c["speaker"],
               "content": c["content"]}
        if style == "which-role":
            text = arts_by_id[c["article"]]["text"]
            ctx = []
            for m in re.finditer(r"\b" + re.escape(c["key"]) + r"\b", text):
                ctx.append(text[max(0, m.start() - 70):m.end() + 50].replace("\n", " "))
                if len(ctx) >= 3:
                    break
            rec["around_name"] = ctx
        per_key[c["key"]] = per_key.get(c["key"], 0) + 1
        print(json.dumps(rec, ensure_ascii=False))
        shown += 1


def main():
    args = sys.argv[1:]
    if args and args[0] == "candidates":
        show_candidates(args[1], args[2], int(args[3]) if len(args) > 3 else 40)
    elif not args:
        generate()
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main()
