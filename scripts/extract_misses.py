"""Error analysis of extraction against PolNeAR gold: every gold attribution our extraction
misses (no prediction with content token-F1 >= 0.5), sorted into kinds, with counts.

Usage: python3 scripts/extract_misses.py GOLD.jsonl PRED.jsonl [--show KIND] [--limit N]
PRED from `whosaid extract GOLD.jsonl`. Kinds:
  partial   a prediction overlaps the gold content, below the threshold (a boundary error)
  nocue     no prediction's cue touches the gold cue, and no overlap (the cue shape is missed)
  othercue  a prediction uses the gold cue but its content lies elsewhere
Each miss is also labelled direct/indirect as the reference scorer does. The last table
sorts the misses with no overlapping prediction by their gold cue: a word the cue lexicon
lacks, a lexicon cue whose sentence shape is not read, a noun cue, a preposition, a colon.
"""
import collections, json, os, re, sys

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, here)
import scorer  # noqa: E402

sa = scorer.load()

gold_rows = sa.load_jsonl(sys.argv[1])
preds = {r["id"]: r["attributions"] for r in sa.load_jsonl(sys.argv[2])}
show = sys.argv[sys.argv.index("--show") + 1] if "--show" in sys.argv else None
limit = int(sys.argv[sys.argv.index("--limit") + 1]) if "--limit" in sys.argv else 40
counts, cues, shown = collections.Counter(), collections.Counter(), 0
by_cue = collections.Counter()
LEX = os.path.join(here, "..", "src", "nlp", "lexicon")
forms = set()
for name in ("cues.txt", "quote_intros.txt"):
    for line in open(os.path.join(LEX, name), encoding="utf-8"):
        line = line.strip()
        if not line or line[0] in "#[":
            continue
        if line.startswith("="):
            forms |= set(line.split(":", 1)[1].split())
            continue
        ws = line.split()
        w = ws[0]
        forms |= {w, w + "s", w + "ed", w + "d", w + "ing", w[:-1] + "ing", w + "es", w[:-1] + "ied"}
        # Listed forms: inflections, and irregular ones ("said", "told", "wrote"), which
        # share the lemma's first letter (a particle such as "about" does not).
        forms |= {x for x in ws[1:] if x.endswith(("ing", "ed", "s")) or x[0] == w[0]}
AUX = set("is are was were has have had will would also been be did does do not n't being "
          "could can may might should must already just still even then again".split())
DET = set("a an the his her their its our my this that these those".split())
PREP = set("according in to for of on about with by from as".split())


def cue_kind(cue_text):
    ws = [w for w in re.findall(r"[\w’']+|:", cue_text.lower()) if w not in AUX]
    if not ws:
        return "no cue word"
    if ws[0] == ":":
        return "colon"
    if ws[0] in DET or ws[0].endswith(("’s", "'s")):
        return "noun cue (a/the/his claim …)"
    if any(w in forms for w in ws):
        return "lexicon cue, shape not read"
    if ws[0] in PREP:
        return "preposition cue (in, to, for …)"
    return "cue word not in the lexicon"
for g in gold_rows:
    text = g["text"]
    toks = sa.tokenize(text)
    golds = sa.read_attributions(g["attributions"], text, toks, "gold")
    ps = sa.read_attributions(preds.get(g["id"], []), text, toks, "pred")
    pairs = sa.match(ps, golds, lambda p, q: sa.overlap_f1(p.content.tokens, q.content.tokens), 0.5)
    hit = {j for _, j in pairs}
    for j, q in enumerate(golds):
        if j in hit:
            continue
        best = max((sa.overlap_f1(p.content.tokens, q.content.tokens) for p in ps), default=0)
        if best > 0:
            kind = "partial"
        elif q.cue and any(p.cue and p.cue.marks & q.cue.marks for p in ps):
            kind = "othercue"
        else:
            kind = "nocue"
        d = "direct" if q.direct else "indirect"
        counts[(kind, d)] += 1
        by_cue[(d, "boundary: a prediction overlaps, below 0.5" if kind == "partial"
                else cue_kind(q.cue.text if q.cue else ""))] += 1
        cue = (q.cue.text if q.cue else "-").lower()
        cues[cue] += 1
        if show in (kind, d, f"{kind}/{d}") and shown < limit:
            shown += 1
            s = q.content.start if hasattr(q.content, "start") else 0
            src = q.source.text if q.source else "-"
            print(f"--- {kind}/{d} {g['id']}  src={src!r} cue={cue!r} best={best:.2f}")
            print("   ", q.content.text[:300].replace("\n", " "))
            near = [p for p in ps if sa.overlap_f1(p.content.tokens, q.content.tokens) == best and best > 0]
            for p in near[:1]:
                print("   PRED:", p.content.text[:300].replace("\n", " "))
for k, v in sorted(counts.items(), key=lambda t: -t[1]):
    print(f"{k[0]:9} {k[1]:8} {v}")
print("top missed cues:", ", ".join(f"{c} {n}" for c, n in cues.most_common(40)))
print("\nmisses by cue:")
for (d, k), v in sorted(by_cue.items(), key=lambda t: (t[0][0], -t[1])):
    print(f"{d:9} {k:45} {v}")
