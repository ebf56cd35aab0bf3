"""Triage of qa misses: for each wrong answer, is there an extracted statement in the question's
article by that speaker with content token-F1 >= 0.5 (then ranking), one with that content under
another speaker (speaker), or none (content: extraction)?

Usage: python3 scripts/qa_triage.py QUESTIONS.jsonl ANSWERS.jsonl EXTRACT.jsonl [who|what] [rank|speaker|content|all]
ANSWERS from `whosaid eval qa --write-answers`, EXTRACT from `whosaid extract ARTICLES.jsonl`.
"""
import json, re, sys, collections
W = re.compile(r"\w+")
def toks(s): return [t.lower() for t in W.findall(s or "")]
def f1(a, b):
    ta, tb = toks(a), toks(b)
    if not ta or not tb: return 0.0
    c = collections.Counter(ta); hit = 0
    for t in tb:
        if c[t] > 0: hit += 1; c[t] -= 1
    return 2 * hit / (len(ta) + len(tb))
qs = [json.loads(l) for l in open(sys.argv[1])]
ans = {json.loads(l)["id"]: json.loads(l) for l in open(sys.argv[2])}
ext = {}
for l in open(sys.argv[3]):
    d = json.loads(l); ext[d["id"]] = d["attributions"]
kind = sys.argv[4] if len(sys.argv) > 4 else "what"
cnt = collections.Counter()
for q in qs:
    if q["kind"] != kind: continue
    a = ans.get(q["id"], {}).get("statements", [])
    key = q["speaker_key"].lower()
    if kind == "what":
        ok = any(key in (s.get("speaker") or "").lower() and f1(s["content"], q["content"]) >= .5 for s in a[:3])
    else:
        ok = bool(a) and key in (a[0].get("speaker") or "").lower()
    if ok: cnt["ok"] += 1; continue
    arts = ext.get(q["article"], [])
    best = max(((f1(x["content"]["text"], q["content"]), x) for x in arts), key=lambda t: t[0], default=(0, None))
    good = [x for x in arts if f1(x["content"]["text"], q["content"]) >= .5 and key in (x.get("speaker") or "").lower()]
    if good: cat = "rank"
    elif best[0] >= .5: cat = "speaker"
    else: cat = "content"
    cnt[cat] += 1
    if len(sys.argv) > 5 and sys.argv[5] == cat or len(sys.argv) > 5 and sys.argv[5] == "all":
        print(f"== {q['id']} [{cat}] {q['question']}\n  gold: {q['speaker']}: {q['content'][:200]}")
        if best[1] and best[1].get("source"): print(f"  best {best[0]:.2f}: {best[1].get('speaker')} | {best[1]['source']['text']} | {best[1]['content']['text'][:200]}")
        for s in a[:3]: print(f"  ans: {s.get('speaker')}: {s['content'][:120]}")
print(dict(cnt))
