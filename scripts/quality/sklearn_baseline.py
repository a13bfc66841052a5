"""scikit-learn's best of logistic/linear regression, random forest and gradient boosting, with
default settings, trained on the studio's train split and scored on its test split.
Input: a JSON file written by bench/quality.ts. Output: {"best": name, "score": its test score,
"picked": the model with the best validation score, "pickedScore": its test score, "all": ...}."""
import json
import sys

import numpy as np
from sklearn.ensemble import GradientBoostingClassifier, GradientBoostingRegressor, RandomForestClassifier, RandomForestRegressor
from sklearn.linear_model import LinearRegression, LogisticRegression

d = json.load(open(sys.argv[1]))
f = d["features"]
xtr = np.array(d["train"]["x"], dtype=np.float64).reshape(-1, f)
ytr = np.array(d["train"]["y"])
xte = np.array(d["test"]["x"], dtype=np.float64).reshape(-1, f)
yte = np.array(d["test"]["y"])
xva = np.array(d["validation"]["x"], dtype=np.float64).reshape(-1, f)
yva = np.array(d["validation"]["y"])
if d["task"] == "classification":
    models = {"logistic regression": LogisticRegression(max_iter=2000), "random forest": RandomForestClassifier(random_state=0), "gradient boosting": GradientBoostingClassifier(random_state=0)}
else:
    models = {"linear regression": LinearRegression(), "random forest": RandomForestRegressor(random_state=0), "gradient boosting": GradientBoostingRegressor(random_state=0)}
fitted = {name: m.fit(xtr, ytr) for name, m in models.items()}
scores = {name: m.score(xte, yte) for name, m in fitted.items()}
val = {name: m.score(xva, yva) for name, m in fitted.items()}
best = max(scores, key=scores.get)
picked = max(val, key=val.get)  # what a user would pick: the best validation score
print(json.dumps({"best": best, "score": scores[best], "picked": picked, "pickedScore": scores[picked], "all": scores}))
