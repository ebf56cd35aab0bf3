"""Held-out who/what questions from PolNeAR train, made the way qa-dev.jsonl is described
(README of corpora/polnear): "Who said that <first 16 words>?" and "What did <speaker> say about
<the three longest content words>?", for named sources of up to three capitalised words.

Usage: python3 scripts/heldout_qa.py ARTICLES.jsonl N SEED > QUESTIONS.jsonl
"""
import json, random, re, sys
WORD = re.compile(r"[\w'’-]+")
PRON = {"he","she","they","we","i","you","it","his","her","their"}
src, n, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(seed)
cands = []
for line in open(src, encoding="utf-8"):
    d = json.loads(line)
    for a in d["attributions"]:
        s = a.get("source"); c = a.get("content")
        if not s or not c: continue
        caps = [w for w in WORD.findall(s["text"]) if w[:1].isupper() and w.lower() not in PRON and w not in ("The","A","An")]
        if not caps or len(caps) > 3 or len(s["text"].split()) > 4: continue
        words = WORD.findall(c["text"])
        if len(words) < 6: continue
        cands.append((d["id"], " ".join(caps), caps[-1], c["text"]))
rng.shuffle(cands)
out = []
for i, (art, sp, key, content) in enumerate(cands[: 2 * n]):
    kind = "who" if i % 2 == 0 else "what"
    words = re.findall(r"[\w’'$-]+", content)
    if kind == "who":
        q = "Who said that " + " ".join(w.strip("“”\"") for w in content.replace("“","").replace("”","").replace('"',"").split()[:16]) + "?"
    else:
        ws = [w for w in dict.fromkeys(w.lower() for w in words) if len(w) > 3]
        ws = sorted(ws, key=lambda w: -len(w))[:3]
        q = f"What did {sp} say about {' '.join(ws)}?"
    out.append({"id": f"t{i:04d}", "article": art, "speaker": sp, "speaker_key": key, "content": content, "kind": kind, "question": q})
for o in out: print(json.dumps(o, ensure_ascii=False))
