"""Which speakers change between two extraction runs over the same articles.

Usage: python3 scripts/speaker_diff.py OLD.jsonl NEW.jsonl [TOP]
OLD and NEW are `whosaid extract ARTICLES.jsonl` output of two builds. Statements are
matched by article, content start and cue start; prints how many appear in only one run,
how many changed speaker, source or content, and the TOP most frequent speaker changes.
"""
import collections
import json
import sys


def load(path):
    out = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            for a in row["attributions"]:
                key = (row["id"], a["content"]["start"], (a.get("cue") or {}).get("start"))
                out[key] = (a.get("speaker"), (a.get("source") or {}).get("text"), a["content"]["text"])
    return out


def main():
    old, new = load(sys.argv[1]), load(sys.argv[2])
    top = int(sys.argv[3]) if len(sys.argv) > 3 else 100
    print("only old", len(set(old) - set(new)), "only new", len(set(new) - set(old)))
    changed = [(old[k], new[k]) for k in old if k in new and old[k] != new[k]]
    print("changed", len(changed))
    counts = collections.Counter((o[0], n[0]) for o, n in changed if o[0] != n[0])
    for (o, n), v in counts.most_common(top):
        print(v, repr(o), "->", repr(n))


if __name__ == "__main__":
    main()
