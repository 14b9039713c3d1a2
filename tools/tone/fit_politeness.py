#!/usr/bin/env python3
"""Fits the politeness weights of the tone analyser (rules/tone/politeness_weights.json).

Usage:
  build/<dir>/plugins/tone/courtois-eval-tone ../shared --features /tmp/tone_features.tsv
  python3 tools/tone/fit_politeness.py /tmp/tone_features.tsv > rules/tone/politeness_weights.json

Data: the feature dump of courtois-eval-tone (one line per request: its politeness features as
the analyser sees them). Rows used for fitting: stanford_wikipedia.csv rows with an EVEN Id
that fall in the top or bottom quartile of the normalised score (the binary task of
Danescu-Niculescu-Mizil et al. 2013). Rows with an odd Id are never used here: the evaluation
reports them as the held-out half. TyDiP and the French rows are never used either.

Model: logistic regression P(polite) = sigmoid(bias + sum w_f x_f), fitted by Newton's method
(IRLS) with a Gaussian prior on each weight centred on the hand-set PRIOR below (L2 towards the
prior, strength LAMBDA chosen by 5-fold cross-validation inside the fitting half). Features the
Wikipedia requests seldom show (threats, insults) thus keep their hand-set value, common ones
move to what the data says. The analyser reports politeness = 2 * P(polite) - 1.

Python 3 standard library only.
"""
import math
import random
import sys
from collections import defaultdict

# Hand-set starting points (log-odds of polite), from the direction each strategy has in
# Danescu-Niculescu-Mizil et al. (2013): gratitude, deference, greetings, apologies, hedges,
# indirect requests and first person plural are polite; direct questions, "why", second-person
# and "so/but" openings, factuality and negative words impolite; aggression strongly impolite.
PRIOR = {
    "TONE_GREETING": 0.5, "TONE_GRATITUDE": 1.0, "TONE_DEFERENCE": 1.0, "TONE_PLEASE": 0.3,
    "TONE_PLEASE_START": -0.3, "TONE_APOLOGY": 0.5, "TONE_HEDGE": 0.3,
    "TONE_INDIRECT_REQUEST": 0.7, "TONE_DIRECT_REQUEST": 0.1, "TONE_SUBJUNCTIVE": 0.4,
    "TONE_BTW": 0.2, "TONE_FIRST_PERSON_PLURAL": 0.2, "TONE_FIRST_PERSON": 0.1,
    "TONE_FIRST_PERSON_START": 0.1, "TONE_SECOND_PERSON": 0.0, "TONE_SECOND_PERSON_START": -0.4,
    "TONE_DIRECT_QUESTION_WHY": -0.8, "TONE_DIRECT_QUESTION": -0.4, "TONE_DIRECT_START": -0.3,
    "TONE_FACTUALITY": -0.4, "TONE_POSITIVE_LEXICON": 0.3, "TONE_NEGATIVE_LEXICON": -0.4,
    "@insult": -2.5, "@contempt": -2.5, "@profanity": -2.5, "@threat": -2.0, "@sarcasm": -1.5,
    "@accusation": -1.0, "@frustration": -0.7, "@ultimatum": -1.0, "@pressure": -0.7,
    "@disparagement": -1.0, "@shouting": -0.7, "@punctuation": -0.5,
}
LAMBDAS = [1.0, 3.0, 10.0, 30.0, 100.0]
FOLDS = 5


def read(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        for line in f:
            cells = line.rstrip("\n").split("\t")
            if len(cells) < len(header):
                cells += [""] * (len(header) - len(cells))
            rec = dict(zip(header, cells))
            feats = {}
            for item in rec["features"].split(";"):
                if "=" in item:
                    k, v = item.split("=", 1)
                    feats[k] = float(v)
            rec["x"] = feats
            rec["label"] = int(rec["label"])
            rows.append(rec)
    return rows


def solve(a, b):
    """Gaussian elimination with partial pivoting: a x = b."""
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for c in range(n):
        p = max(range(c, n), key=lambda r: abs(m[r][c]))
        m[c], m[p] = m[p], m[c]
        if abs(m[c][c]) < 1e-12:
            continue
        for r in range(n):
            if r != c and m[r][c] != 0:
                f = m[r][c] / m[c][c]
                for k in range(c, n + 1):
                    m[r][k] -= f * m[c][k]
    return [m[i][n] / m[i][i] if abs(m[i][i]) > 1e-12 else 0.0 for i in range(n)]


def fit(rows, names, lam):
    """MAP logistic regression; weights[0] is the bias (no prior on it)."""
    prior = [0.0] + [PRIOR.get(n, 0.0) for n in names]
    w = prior[:]
    index = {n: i + 1 for i, n in enumerate(names)}
    data = [([(0, 1.0)] + [(index[k], v) for k, v in r["x"].items() if k in index],
             1.0 if r["label"] > 0 else 0.0) for r in rows]
    d = len(w)
    for _ in range(30):
        grad = [0.0] * d
        hess = [[0.0] * d for _ in range(d)]
        for x, y in data:
            z = sum(w[i] * v for i, v in x)
            p = 1 / (1 + math.exp(-max(-30, min(30, z))))
            for i, v in x:
                grad[i] += (p - y) * v
                for j, u in x:
                    hess[i][j] += p * (1 - p) * v * u
        for i in range(1, d):
            grad[i] += lam * (w[i] - prior[i])
            hess[i][i] += lam
        hess[0][0] += 1e-6
        step = solve(hess, grad)
        w = [w[i] - step[i] for i in range(d)]
        if max(abs(s) for s in step) < 1e-7:
            break
    return w


def accuracy(w, rows, names):
    index = {n: i + 1 for i, n in enumerate(names)}
    ok = 0
    for r in rows:
        z = w[0] + sum(w[index[k]] * v for k, v in r["x"].items() if k in index)
        ok += (z > 0) == (r["label"] > 0) and z != 0
    return ok / len(rows) if rows else 0.0


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: fit_politeness.py FEATURES.tsv > rules/tone/politeness_weights.json")
    rows = read(sys.argv[1])
    train = [r for r in rows if r["file"] == "stanford_wikipedia.csv" and r["split"] == "fit"
             and r["label"] != 0]
    held = [r for r in rows if r["file"] == "stanford_wikipedia.csv" and r["split"] == "held-out"
            and r["label"] != 0]
    if not train:
        sys.exit("no fitting rows (stanford_wikipedia.csv, even Id, top/bottom quartile)")
    # Features seen in the data, plus the aggressive categories (rare in Wikipedia requests,
    # they keep their prior). A strategy no row shows is left out: no rule may produce it.
    names = sorted({k for k in PRIOR if k.startswith("@")} | {k for r in rows for k in r["x"]})
    shuffled = train[:]
    random.Random(2013).shuffle(shuffled)
    best = None
    cv = {}
    for lam in LAMBDAS:
        scores = []
        for k in range(FOLDS):
            test = shuffled[k::FOLDS]
            fold_train = [r for i, r in enumerate(shuffled) if i % FOLDS != k]
            scores.append(accuracy(fit(fold_train, names, lam), test, names))
        cv[lam] = sum(scores) / len(scores)
        if best is None or cv[lam] > cv[best]:
            best = lam
    w = fit(train, names, best)
    counts = defaultdict(lambda: [0, 0])
    for r in train:
        for k in r["x"]:
            counts[k][0 if r["label"] > 0 else 1] += 1
    out = sys.stdout
    out.write("// Politeness model of the tone analyser: log-odds that a request is polite.\n")
    out.write("// GENERATED by tools/tone/fit_politeness.py (read its header); do not edit by\n")
    out.write("// hand, change the rules or the priors there and refit.\n//\n")
    out.write("// politeness = tanh((bias + sum of the weights of the features present) / 2),\n")
    out.write("// i.e. 2 * P(polite) - 1. A feature is a politeness strategy symbol, or\n")
    out.write("// \"@category\" for an aggressive category; its value is 1 (x1.5 intensified,\n")
    out.write("// x0.5 softened or negated).\n//\n")
    out.write(f"// Fitted on {len(train)} rows: stanford_wikipedia.csv, even Id, top or bottom\n")
    out.write("// quartile of the normalised score. Odd-Id rows, TyDiP and French rows unused.\n")
    out.write("// L2 pull towards the hand-set prior (see the script), strength chosen by 5-fold\n")
    out.write("// cross-validation on the fitting rows: " +
              ", ".join(f"{lam:g} -> {cv[lam]*100:.1f}%" for lam in LAMBDAS) +
              f"; chosen {best:g}.\n")
    out.write(f"// Accuracy (sign of the logit): fitting rows {accuracy(w, train, names)*100:.1f}%,"
              f" held-out odd-Id rows {accuracy(w, held, names)*100:.1f}% ({len(held)} rows).\n")
    out.write("{\n")
    out.write("  // The log-odds of a request with no feature at all.\n")
    out.write(f"  \"bias\": {w[0]:.3f},\n")
    out.write("  \"weights\": {\n")
    items = []
    for i, n in enumerate(names):
        pol, imp = counts[n]
        note = (f"in {pol} polite / {imp} impolite fitting rows; prior {PRIOR.get(n, 0.0):+.1f}")
        if pol + imp < 10:
            note += " (rare here: stays near the prior)"
        items.append((n, w[i + 1], note))
    for j, (n, val, note) in enumerate(items):
        comma = "," if j + 1 < len(items) else ""
        out.write(f"    // {note}\n    \"{n}\": {val:.3f}{comma}\n")
    out.write("  }\n}\n")


if __name__ == "__main__":
    main()
