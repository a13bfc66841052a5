"""scikit-learn's cross-validated pick, on the studio's split: 5-fold cross_val_score (stratified
for classification, shuffled KFold for regression, seed 42) of each family with default settings on
the studio's training rows; the family with the best mean CV score is fitted on the training rows and
scored on the test rows (accuracy / R², sklearn's default `score`).
Input: a JSON file written by bench/quality.ts. Output: {"picked", "cv", "score", "all": {name: {"cv", "sd", "test"}}}."""
import json
import sys
import warnings

import numpy as np
from sklearn.ensemble import (GradientBoostingClassifier, GradientBoostingRegressor, HistGradientBoostingClassifier,
                              HistGradientBoostingRegressor, RandomForestClassifier, RandomForestRegressor)
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.model_selection import KFold, StratifiedKFold, cross_val_score
from sklearn.neural_network import MLPClassifier, MLPRegressor

warnings.filterwarnings("ignore", category=ConvergenceWarning)
d = json.load(open(sys.argv[1]))
f = d["features"]
xtr = np.array(d["train"]["x"], dtype=np.float64).reshape(-1, f)
ytr = np.array(d["train"]["y"])
xte = np.array(d["test"]["x"], dtype=np.float64).reshape(-1, f)
yte = np.array(d["test"]["y"])
if d["task"] == "classification":
    cv = StratifiedKFold(n_splits=5, shuffle=True, random_state=42)
    models = {
        "logistic regression": LogisticRegression(max_iter=2000),
        "random forest": RandomForestClassifier(random_state=0),
        "gradient boosting": GradientBoostingClassifier(random_state=0),
        "hist gradient boosting": HistGradientBoostingClassifier(random_state=0),
        "mlp": MLPClassifier(max_iter=2000, random_state=0),
    }
else:
    cv = KFold(n_splits=5, shuffle=True, random_state=42)
    models = {
        "linear regression": LinearRegression(),
        "random forest": RandomForestRegressor(random_state=0),
        "gradient boosting": GradientBoostingRegressor(random_state=0),
        "hist gradient boosting": HistGradientBoostingRegressor(random_state=0),
        "mlp": MLPRegressor(max_iter=2000, random_state=0),
    }
out = {}
for name, m in models.items():
    s = cross_val_score(m, xtr, ytr, cv=cv)
    out[name] = {"cv": float(s.mean()), "sd": float(s.std(ddof=1)), "test": float(m.fit(xtr, ytr).score(xte, yte))}
picked = max(out, key=lambda n: out[n]["cv"])
print(json.dumps({"picked": picked, "cv": out[picked]["cv"], "score": out[picked]["test"], "all": out}))
