"""Boundary misses of extraction against PolNeAR gold: gold contents a prediction overlaps
with token F1 below 0.5, sorted by direct/indirect, how they part (prediction inside the
gold: too short; gold inside the prediction: too long; crossing) and whether the prediction
already matches another gold ("taken") or none ("free").

Usage: python3 scripts/boundary_misses.py GOLD.jsonl PRED.jsonl
Env: SHOW="indirect|gold inside pred (too long)|free" (";"-separated keys) prints examples,
N how many (12), SEED the shuffle's seed (1).
"""
import collections, json, os, re, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
gold, pred = sys.argv[1], sys.argv[2]
sys.argv = ["x", gold, pred]
import io, contextlib
with contextlib.redirect_stdout(io.StringIO()):
    import extract_misses as em
sa = em.sa
kinds = collections.Counter(); ex = collections.defaultdict(list)
for g in em.gold_rows:
    text = g["text"]; toks = sa.tokenize(text)
    golds = sa.read_attributions(g["attributions"], text, toks, "gold")
    ps = sa.read_attributions(em.preds.get(g["id"], []), text, toks, "pred")
    pairs = sa.match(ps, golds, lambda p, q: sa.overlap_f1(p.content.tokens, q.content.tokens), 0.5)
    hit = {j for _, j in pairs}; used = {i for i, _ in pairs}
    for j, q in enumerate(golds):
        if j in hit: continue
        best = max((sa.overlap_f1(p.content.tokens, q.content.tokens) for p in ps), default=0)
        if best == 0: continue
        p = max(ps, key=lambda p: sa.overlap_f1(p.content.tokens, q.content.tokens))
        G = set(q.content.tokens); P = set(p.content.tokens)
        inter = len(G & P)
        d = "direct" if q.direct else "indirect"
        taken = "taken" if any(p is ps[i] for i in used) else "free"
        if P <= G: k = "pred inside gold (too short)"
        elif G <= P: k = "gold inside pred (too long)"
        else: k = "crossing"
        kinds[(d, k, taken)] += 1
        ex[(d,k,taken)].append((g["id"], q.content.text[:250], p.content.text[:250], len(G), len(P)))
for k, v in sorted(kinds.items(), key=lambda t:-t[1]): print(v, k)
want = sys.argv[3:] if False else None
import random
random.seed(int(os.environ.get("SEED","1")))
for key in os.environ.get("SHOW","").split(";"):
    if not key: continue
    d,k,t = key.split("|")
    items = ex[(d,k,t)]
    random.shuffle(items)
    for it in items[:int(os.environ.get("N","12"))]:
        print("---", it[0], it[3], it[4]); print("  G:", it[1].replace("\n"," ")); print("  P:", it[2].replace("\n"," "))
