"""Reference for permutation-importance.test.ts: scikit-learn's permutation_importance on two
fixed linear models (no fitting, so the TypeScript side predicts exactly the same), with the
shuffle indices scikit-learn draws written out so both sides shuffle identically.
Run: /usr/bin/python3 src/core/explain/permutation-importance.reference.py > src/core/explain/permutation-importance.reference.json
"""
import json
import numpy as np
import sklearn
from sklearn.inspection import permutation_importance
from sklearn.metrics import accuracy_score, r2_score
from sklearn.utils import check_random_state


class Linear:
    def __init__(self, W, b, task):
        self.W, self.b, self.task = W, b, task

    def fit(self, X, y):
        return self

    def raw(self, X):
        return X @ self.W + self.b

    def predict(self, X):
        s = self.raw(X)
        return s.argmax(axis=1) if self.task == 'classification' else s[:, 0]

    def score(self, X, y):
        p = self.predict(X)
        return accuracy_score(y, p) if self.task == 'classification' else r2_score(y, p)


def shuffles(n, repeats, seed):
    # permutation_importance: one seed drawn from random_state, the same for every column.
    rs = check_random_state(seed)
    random_seed = rs.randint(np.iinfo(np.int32).max + 1)
    col_rs = check_random_state(random_seed)
    idx = np.arange(n)
    out = []
    for _ in range(repeats):
        col_rs.shuffle(idx)
        out.append(idx.tolist())
    return out


def case(task, seed):
    rng = np.random.RandomState(seed)
    n, f = 40, 4
    X = np.round(rng.normal(size=(n, f)), 3).astype(np.float32)
    if task == 'classification':
        W = np.array([[2.0, -1.0, 0.0], [0.0, 1.5, -1.0], [0.3, 0.0, 0.2], [0.0, 0.0, 0.0]], dtype=np.float32)
        b = np.array([0.1, 0.0, -0.1], dtype=np.float32)
        y = (X @ W + b + rng.normal(scale=0.8, size=(n, 3))).argmax(axis=1)
    else:
        W = np.array([[3.0], [-1.0], [0.2], [0.0]], dtype=np.float32)
        b = np.array([0.5], dtype=np.float32)
        y = (X @ W + b)[:, 0] + rng.normal(scale=0.7, size=n)
    model = Linear(W, b, task)
    repeats, rs = 5, 7
    r = permutation_importance(model, X, y, n_repeats=repeats, random_state=rs)
    return {
        'task': task, 'x': X.ravel().tolist(), 'y': np.asarray(y, dtype=float).tolist(), 'n': n, 'f': f,
        'W': W.ravel().tolist(), 'b': b.tolist(), 'outputs': W.shape[1],
        'baseline': model.score(X, y), 'shuffles': shuffles(n, repeats, rs),
        'mean': r.importances_mean.tolist(), 'sd': r.importances_std.tolist(), 'drops': r.importances.tolist(),
    }


print(json.dumps({'sklearn': sklearn.__version__, 'cases': [case('classification', 0), case('regression', 1)]}))
