"""The text-classification baseline of bench/text-quality.ts: scikit-learn's TfidfVectorizer +
LogisticRegression on the raw texts, with the studio's split (the same row indices).

Input: a JSON file {"texts": [...], "labels": [...], "train": [i...], "validation": [i...],
"test": [i...]}. Two variants, both fitted on the training rows only:
- "unigrams": TfidfVectorizer() with its defaults (lower-cased words of 2+ characters, no
  vocabulary limit, smooth idf, L2 rows);
- "bigrams": TfidfVectorizer(ngram_range=(1, 2)), otherwise the same;
each followed by LogisticRegression() with its defaults (L2, C=1.0, lbfgs) but max_iter=1000 so
the solver converges (the default 100 can stop early; the model is the same).
The baseline is the variant with the better validation accuracy (unigrams on a tie), scored on
the test rows, as the studio picks its model.
Output: {"best": variant, "score": test accuracy, "variants": {name: {validation, test, features}}}.
"""
import json
import sys

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline

d = json.load(open(sys.argv[1], encoding="utf-8"))
texts, labels = d["texts"], d["labels"]


def part(name):
    rows = d[name]
    return [texts[i] for i in rows], [labels[i] for i in rows]


(xtr, ytr), (xva, yva), (xte, yte) = part("train"), part("validation"), part("test")
variants = {}
for name, ngrams in (("unigrams", (1, 1)), ("bigrams", (1, 2))):
    model = make_pipeline(TfidfVectorizer(ngram_range=ngrams), LogisticRegression(C=1.0, max_iter=1000))
    model.fit(xtr, ytr)
    variants[name] = {
        "validation": model.score(xva, yva),
        "test": model.score(xte, yte),
        "features": len(model[0].vocabulary_),
    }
best = max(variants, key=lambda k: (variants[k]["validation"], k == "unigrams"))
print(json.dumps({"best": best, "score": variants[best]["test"], "variants": variants}))
