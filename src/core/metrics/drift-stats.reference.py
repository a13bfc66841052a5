"""Reference values for drift-stats.test.ts. Run once with /usr/bin/python3 (numpy 1.24, scipy 1.10):
    /usr/bin/python3 src/core/metrics/drift-stats.reference.py > src/core/metrics/drift-stats.reference.json
"""
import json
import numpy as np
from scipy import stats

EPS = 1e-4
rng = np.random.default_rng(7)


def psi_deciles(train, new):
    edges = np.unique(np.quantile(train, np.arange(1, 10) / 10))
    e = np.bincount(np.searchsorted(edges, train, side="left"), minlength=len(edges) + 1) / len(train)
    a = np.bincount(np.searchsorted(edges, new, side="left"), minlength=len(edges) + 1) / len(new)
    e = np.clip(e, EPS, None)
    a = np.clip(a, EPS, None)
    return edges.tolist(), float(np.sum((a - e) * np.log(a / e)))


numeric = []
pairs = [
    ("same normal", rng.normal(0, 1, 300), rng.normal(0, 1, 200)),
    ("shifted normal", rng.normal(0, 1, 400), rng.normal(0.5, 1, 250)),
    ("scaled x3 + 2", rng.normal(5, 1, 500), rng.normal(5, 1, 500) * 3 + 2),
    ("integers with ties", rng.integers(0, 5, 200).astype(float), rng.integers(1, 7, 150).astype(float)),
    ("large samples", rng.exponential(1, 5000), rng.exponential(1.1, 4000)),
]
for name, a, b in pairs:
    a, b = a.round(6), b.round(6)
    edges, p = psi_deciles(a, b)
    d = stats.ks_2samp(a, b).statistic
    en = len(a) * len(b) / (len(a) + len(b))
    numeric.append({
        "name": name,
        "train": a.tolist(),
        "new": b.tolist(),
        "edges": edges,
        "psi": p,
        "ks": float(d),
        "ksPKolmogorov": float(stats.kstwobign.sf(d * np.sqrt(en))),
        "ksPScipyAsymp": float(stats.ks_2samp(a, b, method="asymp").pvalue),
    })

tables = [
    [[10, 20, 30], [12, 18, 33]],
    [[50, 30, 20, 0], [10, 30, 40, 25]],
    [[5, 7], [9, 2]],
    [[100, 200, 300, 50, 25], [90, 220, 280, 70, 10]],
]
chi2 = []
for t in tables:
    s, p, dof, _ = stats.chi2_contingency(np.array(t), correction=False)
    chi2.append({"table": t, "statistic": float(s), "dof": int(dof), "pValue": float(p)})

sf = [{"x": x, "dof": k, "sf": float(stats.chi2.sf(x, k))} for x, k in [(0.5, 1), (3.84, 1), (10, 3), (50, 20), (200, 150), (1, 30)]]
print(json.dumps({"numeric": numeric, "chi2": chi2, "chi2Sf": sf, "kolmogorov": [{"x": x, "sf": float(stats.kstwobign.sf(x))} for x in [0.3, 0.5, 0.8, 1.0, 1.36, 2.0, 3.0]]}))
