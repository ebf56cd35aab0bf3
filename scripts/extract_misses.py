"""Error analysis of extraction against PolNeAR gold: every gold attribution our extraction
misses (no prediction with content token-F1 >= 0.5), sorted into kinds, with counts.

Usage: python3 scripts/extract_misses.py GOLD.jsonl PRED.jsonl [--show KIND] [--limit N]
PRED from `whosaid extract GOLD.jsonl`. Kinds:
  partial   a prediction overlaps the gold content, below the threshold (a boundary error)
  nocue     no prediction's cue touches the gold cue, and no overlap (the cue shape is missed)
  othercue  a prediction uses the gold cue but its content lies elsewhere
Each miss is also labelled direct/indirect as the reference scorer does.
"""
import collections, importlib.util, json, os, sys

here = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location(
    "sa", os.path.join(here, "..", "..", "shared", "eval", "score_attributions.py"))
sa = importlib.util.module_from_spec(spec)
sys.modules["sa"] = sa
spec.loader.exec_module(sa)

gold_rows = sa.load_jsonl(sys.argv[1])
preds = {r["id"]: r["attributions"] for r in sa.load_jsonl(sys.argv[2])}
show = sys.argv[sys.argv.index("--show") + 1] if "--show" in sys.argv else None
limit = int(sys.argv[sys.argv.index("--limit") + 1]) if "--limit" in sys.argv else 40
counts, cues, shown = collections.Counter(), collections.Counter(), 0
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
