"""Reference values for src/core/metrics/fairness.test.ts: per-group confusion matrices and rates
from scikit-learn, and the gaps with Fairlearn's definitions (largest group value − smallest;
ratio: smallest / largest), on seeded random data. Fairlearn is not installed here; its
definitions are a few lines over sklearn's confusion matrices, written out below.
Run: /usr/bin/python3 scripts/reference/fairness.py > src/core/metrics/fairness.reference.json"""
import json

import numpy as np
from sklearn.metrics import confusion_matrix, mean_absolute_error, precision_score, accuracy_score


def case(seed, n, k, positive, group_sizes):
    rng = np.random.default_rng(seed)
    names = ["g%d" % i for i in range(len(group_sizes))]
    groups = np.repeat(names, group_sizes)
    rng.shuffle(groups)
    logits = rng.normal(size=(n, k))
    # Make the groups differ: group i leans towards the positive class by i * 0.4.
    for i, g in enumerate(names):
        logits[groups == g, positive] += 0.4 * i
    proba = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    y_true = np.array([rng.choice(k, p=p) for p in proba])
    y_pred = proba.argmax(axis=1)
    out = {"seed": seed, "k": k, "positive": positive, "groups": groups.tolist(),
           "yTrue": y_true.tolist(), "proba": proba.astype(np.float32).ravel().tolist(), "expected": {}}
    proba32 = proba.astype(np.float32)
    y_pred = proba32.argmax(axis=1)
    stats = {}
    for g in sorted(set(names)):
        m = groups == g
        t = y_true[m] == positive
        p = y_pred[m] == positive
        tn, fp, fn, tp = confusion_matrix(t, p, labels=[False, True]).ravel()
        stats[g] = {
            "count": int(m.sum()),
            "tp": int(tp), "fp": int(fp), "tn": int(tn), "fn": int(fn),
            "accuracy": accuracy_score(y_true[m], y_pred[m]),
            "precision": precision_score(t, p, zero_division=0) if (tp + fp) else None,
            "tpr": tp / (tp + fn) if (tp + fn) else None,
            "fpr": fp / (fp + tn) if (fp + tn) else None,
            "selectionRate": (tp + fp) / m.sum(),
            "baseRate": t.mean(),
            "meanProbability": float(proba32[m, positive].astype(np.float64).mean()),
        }
    sel = [s["selectionRate"] for s in stats.values()]
    tpr = [s["tpr"] for s in stats.values() if s["tpr"] is not None]
    fpr = [s["fpr"] for s in stats.values() if s["fpr"] is not None]
    out["expected"] = {
        "groups": {g: {k2: (float(v) if v is not None else None) for k2, v in s.items()} for g, s in stats.items()},
        "demographicParityDifference": max(sel) - min(sel),
        "demographicParityRatio": min(sel) / max(sel),
        "equalOpportunityDifference": max(tpr) - min(tpr),
        "equalizedOddsDifference": max(max(tpr) - min(tpr), max(fpr) - min(fpr)),
    }
    return out


def regression_case(seed, group_sizes):
    rng = np.random.default_rng(seed)
    names = ["g%d" % i for i in range(len(group_sizes))]
    groups = np.repeat(names, group_sizes)
    rng.shuffle(groups)
    y_true = rng.normal(10, 3, size=len(groups))
    bias = np.array([names.index(g) * 0.5 for g in groups])
    y_pred = y_true + rng.normal(0, 1, size=len(groups)) - bias
    y_true = y_true.astype(np.float32).astype(np.float64)
    y_pred = y_pred.astype(np.float32).astype(np.float64)
    exp = {}
    for g in sorted(names):
        m = groups == g
        exp[g] = {"count": int(m.sum()), "mae": mean_absolute_error(y_true[m], y_pred[m]), "meanResidual": float((y_true[m] - y_pred[m]).mean())}
    maes = [e["mae"] for e in exp.values()]
    res = [e["meanResidual"] for e in exp.values()]
    return {"seed": seed, "groups": groups.tolist(), "yTrue": y_true.tolist(), "yPred": y_pred.tolist(),
            "expected": {"groups": exp, "maeDifference": max(maes) - min(maes), "meanResidualDifference": max(res) - min(res)}}


print(json.dumps({
    "sklearn": __import__("sklearn").__version__,
    "classification": [case(1, 300, 2, 1, [150, 100, 50]), case(2, 400, 3, 2, [200, 120, 60, 20]), case(3, 120, 2, 0, [70, 50])],
    "regression": [regression_case(4, [80, 60, 25])],
}))
