"""scikit-learn's cross-validated pick, on the studio's split and the studio's folds.

Like with like: the same k folds of the studio's training rows, each with the studio's encoders refitted
on the fold's training rows (bench/quality.ts dumps every fold's matrices from the app's fold-data job),
and the same families with default settings (logistic/linear regression, MLP, decision tree, random
forest, gradient boosting, HistGradientBoosting), listed in the studio's order. Each family's fold
scores give a mean and a sample sd (ddof=1). Two picks:
- "bestMean": the best mean, ties to the first listed: what GridSearchCV(refit=True) picks;
- "oneSe": the studio's rule, the simplest family (the studio's ranks) within one standard error
  (sd / sqrt(folds)) of the best mean.
Each pick is then fitted on the whole training split and scored on the test rows (accuracy / R²,
scikit-learn's default `score`).
Input: the JSON file bench/quality.ts writes. Output: {"bestMean", "oneSe", "all": {family: {"cv", "sd", "test"}}}."""
import json
import math
import sys
import warnings

import numpy as np
from sklearn.ensemble import (GradientBoostingClassifier, GradientBoostingRegressor, HistGradientBoostingClassifier,
                              HistGradientBoostingRegressor, RandomForestClassifier, RandomForestRegressor)
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor

warnings.filterwarnings("ignore", category=ConvergenceWarning)
d = json.load(open(sys.argv[1]))


def matrix(part, f):
    return np.array(part["x"], dtype=np.float64).reshape(-1, f), np.array(part["y"])


xtr, ytr = matrix(d["train"], d["features"])
xte, yte = matrix(d["test"], d["features"])
if d["task"] == "classification":
    make = {
        "logistic-regression": lambda: LogisticRegression(max_iter=2000),
        "mlp": lambda: MLPClassifier(max_iter=2000, random_state=0),
        "decision-tree": lambda: DecisionTreeClassifier(random_state=0),
        "random-forest": lambda: RandomForestClassifier(random_state=0),
        "gradient-boosting": lambda: GradientBoostingClassifier(random_state=0),
        "hist-gradient-boosting": lambda: HistGradientBoostingClassifier(random_state=0),
    }
else:
    make = {
        "linear-regression": lambda: LinearRegression(),
        "mlp": lambda: MLPRegressor(max_iter=2000, random_state=0),
        "decision-tree": lambda: DecisionTreeRegressor(random_state=0),
        "random-forest": lambda: RandomForestRegressor(random_state=0),
        "gradient-boosting": lambda: GradientBoostingRegressor(random_state=0),
        "hist-gradient-boosting": lambda: HistGradientBoostingRegressor(random_state=0),
    }
ranks = d["ranks"]  # the studio's families, in its order, with their simplicity ranks
out = {}
for family in ranks:
    if family not in make:
        continue
    scores = []
    for fold in d["folds"]:
        fx, fy = matrix(fold["train"], fold["features"])
        tx, ty = matrix(fold["test"], fold["features"])
        scores.append(make[family]().fit(fx, fy).score(tx, ty))
    s = np.array(scores)
    out[family] = {"cv": float(s.mean()), "sd": float(s.std(ddof=1)), "folds": len(scores), "test": float(make[family]().fit(xtr, ytr).score(xte, yte))}

best = max(out, key=lambda n: out[n]["cv"])  # max keeps the first of equal means, as GridSearchCV's rank 'min'
se = out[best]["sd"] / math.sqrt(out[best]["folds"])
within = [n for n in out if out[n]["cv"] >= out[best]["cv"] - se - 1e-12]
simple = min(within, key=lambda n: (ranks[n], -out[n]["cv"]))
pick = lambda n: {"family": n, "cv": out[n]["cv"], "score": out[n]["test"]}
print(json.dumps({"bestMean": pick(best), "oneSe": {**pick(simple), "se": se}, "all": out}))
