"""Seed a fuzz target's corpus with real inputs: fuzz/seed.py TARGET CORPUS CORPORA ROOT.

Missing sources are skipped, so the fuzzers also run without the shared corpora."""
import json
import pathlib
import shutil
import sys

target, corpus, corpora, root = sys.argv[1:5]
corpus, corpora, root = pathlib.Path(corpus), pathlib.Path(corpora), pathlib.Path(root)
MAX = 8192


def put(name, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    (corpus / name).write_bytes(data[: 65536 if target == "feed" else MAX])


def jsonl(path, limit):
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for _, line in zip(range(limit), f) if line.strip()]


def questions():
    out = []
    seed = corpora / "seed" / "questions.json"
    if seed.exists():
        out += [c["question"] for c in json.loads(seed.read_text())["cases"] if "question" in c]
    return out + ["Who said the summit was off?", "What did Rubio say about Lavrov last week?",
                  "When did the Kremlin say it?", "who is Marco Rubio", "Latest from Zelensky"]


article = corpora / "seed" / "article.txt"
wiki = jsonl(corpora / "gum-wikinews" / "articles.jsonl", 20)
reuters = jsonl(corpora / "reuters21578" / "articles.jsonl", 10)
if target == "loaders":
    if article.exists():
        put("article.txt", article.read_bytes())
        put("article-front.md", "---\ntitle: 'Talks: day 2'\npublished: 2025-10-22\nurl: https://e.org/a\n---\n"
            + article.read_text()[:2000])
    for n, doc in enumerate(wiki + reuters):
        doc["text"] = doc.get("text", "")[:3000]
        put(f"line{n}.jsonl", json.dumps(doc, ensure_ascii=n % 2 == 0) + "\n")
elif target == "extract":
    if article.exists():
        put("article.txt", article.read_bytes())
    for n, doc in enumerate(wiki + jsonl(corpora / "polnear" / "dev.jsonl", 10)):
        put(f"text{n}.txt", doc.get("text", "")[:MAX])
elif target == "feed":
    feeds = corpora / "feeds"
    for f in sorted(feeds.glob("*")) if feeds.exists() else []:
        if f.suffix in (".xml", ".json"):
            put(f.name, f.read_bytes())
elif target == "question":
    for n, q in enumerate(questions()):
        put(f"q{n}", q)
elif target == "template":
    # The first byte picks the template, in the order of render::TEMPLATES.
    names = ["_macros.j2", "who_said.j2", "what_said.j2", "timeline.j2", "when.j2", "who_is.j2",
             "position.j2", "search.j2", "not_found.j2", "help.j2", "update_post.j2"]
    for n, name in enumerate(names):
        put(name, bytes([n]) + (root / "prompts" / name).read_bytes())

found = root / "tests" / "fuzz_regressions" / target
for f in sorted(found.glob("*")) if found.exists() else []:
    shutil.copy(f, corpus / f"regression-{f.name}")
