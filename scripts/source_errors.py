"""Error analysis of sources against PolNeAR gold: every matched content pair (content
token-F1 >= 0.5, as the reference scorer matches) whose source the scorer counts wrong,
sorted into categories, with counts.

Usage: python3 scripts/source_errors.py GOLD.jsonl PRED.jsonl [--show CAT] [--limit N]
PRED from `whosaid extract GOLD.jsonl`. Categories:
  both, differ   both have a source, and they disagree
  gold none      we give a source where the gold has none (often an annotation gap)
  pred none      the gold has a source, we give none
  pred pronoun   we keep a pronoun (or "who") the gold does not mark
Each is also labelled direct/indirect as the reference scorer does. --show CAT prints the
pairs whose label starts with CAT ("both, differ / indirect"), with the predicted cue and
the text around the content and both sources.
"""
import collections, os, sys

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, here)
import scorer  # noqa: E402

sa = scorer.load()

PRONOUNS = {"he", "she", "they", "it", "we", "i", "you", "who", "which", "that"}


def arg(name, default):
    return sys.argv[sys.argv.index(name) + 1] if name in sys.argv else default


def category(p, q):
    if p.source is None:
        c = "pred none"
    elif q.source is None:
        c = "gold none"
    elif p.source.text.lower().strip() in PRONOUNS:
        c = "pred pronoun"
    else:
        c = "both, differ"
    return c + " / " + ("direct" if q.direct else "indirect")


def context(text, words, spans):
    """The text from a little before the first span to a little after the last."""
    spans = [s for s in spans if s is not None and s.tokens]
    s = max(0, min(words[min(sp.tokens)][0] for sp in spans) - 60)
    e = min(len(text), max(words[max(sp.tokens)][1] for sp in spans) + 20)
    return text[s:e].replace("\n", " ")


def main():
    gold = sa.load_jsonl(sys.argv[1])
    preds = {str(r["id"]): r["attributions"] for r in sa.load_jsonl(sys.argv[2])}
    show, limit = arg("--show", None), int(arg("--limit", 30))
    counts, rows = collections.Counter(), []
    for g in gold:
        text = g["text"]
        toks = sa.tokenize(text)
        gs = sa.read_attributions(g["attributions"], text, toks, "g")
        ps = sa.read_attributions(preds.get(str(g["id"]), []), text, toks, "p")
        pairs = sa.match(ps, gs, lambda a, b: sa.overlap_f1(a.content.tokens, b.content.tokens), 0.5)
        for i, j in pairs:
            p, q = ps[i], gs[j]
            if sa.source_right(p.source, q.source):
                continue
            c = category(p, q)
            counts[c] += 1
            if show and c.startswith(show):
                said = lambda sp: repr(sp.text) if sp else None
                ctx = context(text, toks[0], [q.content, q.source, p.source])
                rows.append((g["id"], said(p.source), said(p.cue), said(q.source), ctx))
    for c, n in counts.most_common():
        print(f"{n:5d}  {c}")
    for doc, ps, pc, gs, ctx in rows[:limit]:
        print("---", doc, "| pred:", ps, "cue", pc, "| gold:", gs)
        print("   ", ctx)


main()
