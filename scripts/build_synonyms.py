#!/usr/bin/env python3
"""Build the word-family table of `src/qa/synonyms/` from Princeton WordNet 3.0.

Usage:
    python3 scripts/build_synonyms.py /usr/share/wordnet > src/qa/synonyms/wordnet.tsv

The WordNet database files come from Debian's `wordnet-base` package
(`apt-get install wordnet-base`, files in /usr/share/wordnet). Standard library only.

Output: one line per headword, sorted, `word<TAB>rel1 rel2 ...`, then one line per
irregular inflection, `form<TAB>=lemma` (from WordNet's *.exc lists), so that one file
carries both (plus EXTRA_INFLECTIONS below). The `=` cannot start a related word (those are [a-z]+).

What is kept:
- headwords: single lowercase alphabetic lemmas (length >= 2) that occur in lowercase in
  at least one synset (so "us" from "US" is out), either tagged at least once in WordNet's
  sense-tagged corpus counts (cntlist.rev) or with at least 3 senses; the most frequent
  MAX_HEADWORDS of those (by tagged count, then number of senses), and only those that
  end up with at least one related word;
- for each part of speech of a headword, its first SENSES senses in WordNet's order
  (most frequent first); from each, the other single-word lowercase members of the
  synset (most frequent first) and the derivationally related forms of the headword
  (`+` and `\\` pointers: "invade" -> "invasion", "warn" -> "warning"); for an adjective
  also up to 3 similar adjectives tagged in that sense ("strong" -> "powerful"), as
  WordNet keeps most adjectives' synonyms in satellite synsets;
- parts of speech in order of the headword's tagged count in each; senses interleaved
  by rank (every part of speech's first sense before any second sense);
- at most MAX_RELATED related words per headword, deduplicated.
"""

import os
import re
import sys
from collections import defaultdict

MAX_HEADWORDS = 20000
MAX_RELATED = 8
SENSES = 2
FREQUENT_SENSE_MIN = 3
SIMILAR_PER_SENSE = 3
# Lexical pointers to derived forms: derivationally related form ("invade" -> "invasion"),
# pertainym ("economic" -> "economy") and derived-from for adverbs ("quickly" -> "quick").
DERIVED = ("+", "\\")
WORD = re.compile(r"^[a-z]+$")
POS_FILES = {"n": "noun", "v": "verb", "a": "adj", "r": "adv"}
# Irregular forms missing from WordNet's lists whose regular reading is wrong
# ("does" would otherwise be the plural of "doe").
EXTRA_INFLECTIONS = {"does": "do"}
# cntlist.rev's ss_type digit -> index file part of speech (5 = adjective satellite).
SS_TYPE = {"1": "n", "2": "v", "3": "a", "4": "r", "5": "a"}


def same_stem(a, b):
    """Whether two words share their first 5 letters (all of the shorter one's, if less)."""
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n >= min(5, len(a), len(b))


def read_index(path):
    """(lemma) -> ordered synset offsets, from one index.<pos> file."""
    out = {}
    with open(path, encoding="latin-1") as f:
        for line in f:
            if line.startswith(" "):
                continue
            fields = line.split()
            lemma = fields[0]
            p_cnt = int(fields[3])
            sense_cnt = int(fields[4 + p_cnt])
            offsets = fields[6 + p_cnt : 6 + p_cnt + sense_cnt]
            out[lemma] = offsets
    return out


def read_data(path):
    """offset -> (words as written, [(symbol, target offset, target pos, src, dst)])."""
    out = {}
    with open(path, encoding="latin-1") as f:
        for line in f:
            if line.startswith(" "):
                continue
            fields = line.split(" | ")[0].split()
            offset = fields[0]
            w_cnt = int(fields[3], 16)
            words = []
            for i in range(w_cnt):
                word = fields[4 + 2 * i]
                word = re.sub(r"\([a-z]+\)$", "", word)  # adjective markers: big(a)
                words.append(word)
            at = 4 + 2 * w_cnt
            p_cnt = int(fields[at])
            ptrs = []
            for i in range(p_cnt):
                sym, tgt, tpos, st = fields[at + 1 + 4 * i : at + 5 + 4 * i]
                ptrs.append((sym, tgt, "a" if tpos == "s" else tpos, int(st[:2], 16), int(st[2:], 16)))
            out[offset] = (words, ptrs)
    return out


def read_counts(path):
    """(lemma, pos, sense number) -> tagged count, from cntlist.rev."""
    out = defaultdict(int)
    with open(path, encoding="latin-1") as f:
        for line in f:
            fields = line.split()
            if len(fields) != 3:
                continue
            key, sense, count = fields
            lemma, rest = key.split("%", 1)
            pos = SS_TYPE.get(rest[:1])
            if pos:
                out[(lemma.lower(), pos, int(sense))] += int(count)
    return out


def main(root):
    index = {p: read_index(os.path.join(root, "index." + n)) for p, n in POS_FILES.items()}
    data = {p: read_data(os.path.join(root, "data." + n)) for p, n in POS_FILES.items()}
    counts = read_counts(os.path.join(root, "cntlist.rev"))

    def sense_count(word, pos, offset):
        """Tagged count of `word` in the synset at `offset` (0 when untagged)."""
        offsets = index[pos].get(word.lower(), [])
        if offset not in offsets:
            return 0
        return counts.get((word.lower(), pos, offsets.index(offset) + 1), 0)

    # Headword candidates: lowercase alphabetic lemmas seen in lowercase in some synset.
    freq = defaultdict(int)
    senses = defaultdict(int)
    per_pos = defaultdict(dict)
    for pos, idx in index.items():
        for lemma, offsets in idx.items():
            if not WORD.match(lemma):
                continue
            if not any(lemma in data[pos][o][0] for o in offsets):
                continue
            n = sum(counts.get((lemma, pos, i + 1), 0) for i in range(len(offsets)))
            freq[lemma] += n
            senses[lemma] += len(offsets)
            per_pos[lemma][pos] = n
    candidates = [w for w in senses if freq[w] > 0 or senses[w] >= 3]
    candidates.sort(key=lambda w: (-freq[w], -senses[w], w))
    candidates = candidates[:MAX_HEADWORDS]

    common = set(candidates)
    table = {}
    for lemma in candidates:
        order = sorted(per_pos[lemma], key=lambda p: (-per_pos[lemma][p], "nvar".index(p)))
        # The senses kept, most frequent first: the first SENSES of each part of speech
        # and any later one tagged at least half as often as that part's most frequent.
        groups = []
        for pos in order:
            offsets = index[pos][lemma]
            tagged = [counts.get((lemma, pos, i + 1), 0) for i in range(len(offsets))]
            top = max(tagged)
            for rank, offset in enumerate(offsets):
                if rank < SENSES or tagged[rank] >= max(FREQUENT_SENSE_MIN, top / 2):
                    groups.append((-tagged[rank], rank, order.index(pos), pos, offset))
        groups.sort()
        related = []
        family = []  # derived forms a stemmer already finds ("warn" -> "warning"): last

        def add(word, to):
            if len(word) < 3 or word == lemma or word not in common:
                return
            if word not in related and word not in family:
                to.append(word)

        for _, _, _, pos, offset in groups:
            words, ptrs = data[pos][offset]
            if lemma not in words:
                continue  # only a capitalised use (a name) in this sense
            others = sorted(
                (w for w in words if w != lemma),
                key=lambda w: -sense_count(w, pos, offset),
            )
            for w in others:
                add(w, related)
            src = words.index(lemma) + 1
            similar = []
            for sym, tgt, tpos, s, d in ptrs:
                if sym in DERIVED and s == src:
                    word = data[tpos][tgt][0][d - 1]
                    add(word, family if same_stem(word, lemma) else related)
                elif pos == "a" and sym == "&":  # similar adjective: "strong" -> "powerful"
                    for word in data[tpos][tgt][0]:
                        n = sense_count(word, tpos, tgt)
                        if n > 0:
                            similar.append((-n, word))
            for _, word in sorted(similar)[:SIMILAR_PER_SENSE]:
                add(word, related)
        related += family
        if related:
            table[lemma] = related[:MAX_RELATED]

    out = sys.stdout
    for lemma in sorted(table):
        out.write("%s\t%s\n" % (lemma, " ".join(table[lemma])))

    # Irregular inflections whose lemma is a headword (and which are not headwords).
    inflections = {}
    for name in ("noun", "verb", "adj", "adv"):
        with open(os.path.join(root, name + ".exc"), encoding="latin-1") as f:
            for line in f:
                fields = line.split()
                if len(fields) < 2:
                    continue
                form = fields[0]
                lemma = next((l for l in fields[1:] if l in table), None)
                if lemma and WORD.match(form) and form != lemma and form not in table:
                    inflections.setdefault(form, lemma)
    for form, lemma in EXTRA_INFLECTIONS.items():
        if lemma in table and form not in table:
            inflections[form] = lemma
    for form in sorted(inflections):
        out.write("%s\t=%s\n" % (form, inflections[form]))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
