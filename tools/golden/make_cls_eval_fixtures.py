#!/usr/bin/python3
"""Golden fixtures for the classification metrics of ``tools/test`` / ``EvalHook`` (mmcls 0.19
``BaseDataset.evaluate``): accuracy (top-k, thresholds), precision, recall, f1_score and support,
macro-averaged or per class.

The expected values are computed here with numpy/torch following mmcls 0.19's definitions:
- accuracy: per k, a sample counts when its label is among the k highest scores and that score is
  above ``thr`` (``accuracy_numpy``); percent of all samples;
- precision / recall / f1: each sample predicts its top-1 class when that score is above ``thr``
  (default 0); per class hits / max(predicted, 1) * 100 and hits / max(labelled, 1) * 100,
  f1 = 2 p r / max(p + r, float32 eps); ``average_mode='macro'`` is the mean over classes;
- support: labelled samples per class (the confusion matrix's row sums), summed for 'macro';
- keys: ``accuracy_top-k`` for a tuple ``topk``, ``accuracy`` for an int; a tuple ``thrs`` adds
  ``_thr_{thr:.2f}`` per threshold.

Writes mgd-cls/src/test/resources/io/mgd/cls/apis/cls_eval.json (scores, labels and the cases:
metrics, metric_options with tuples as lists, expected results).

Run from the repository root:  /usr/bin/python3 tools/golden/make_cls_eval_fixtures.py
"""
import json
import os
from numbers import Number

import numpy as np
import torch
import torch.nn.functional as F

OUT = os.path.join("mgd-cls", "src", "test", "resources", "io", "mgd", "cls", "apis", "cls_eval.json")


def accuracy(pred, target, topk, thrs):
    """[k][thr] percent."""
    maxk = max(topk)
    order = np.argsort(-pred, axis=1, kind="stable")[:, :maxk]
    score = np.take_along_axis(pred, order, axis=1)
    out = []
    for k in topk:
        correct = order[:, :k] == target.reshape(-1, 1)
        out.append([float((correct & (score[:, :k] > thr)).any(axis=1).sum() * 100.0 / len(pred))
                    for thr in thrs])
    return out


def precision_recall_f1(pred, target, thr):
    """Per-class arrays (float64)."""
    p = torch.from_numpy(pred)
    num_classes = p.size(1)
    score, label = torch.topk(p, k=1)
    score, label = score.flatten(), label.flatten()
    gt_positive = F.one_hot(torch.from_numpy(target), num_classes)
    pred_positive = F.one_hot(label, num_classes)
    pred_positive[score <= thr] = 0
    correct = (pred_positive & gt_positive).sum(0).double()
    precision = correct / torch.clamp(pred_positive.sum(0).double(), min=1.0) * 100
    recall = correct / torch.clamp(gt_positive.sum(0).double(), min=1.0) * 100
    f1 = 2 * precision * recall / torch.clamp(precision + recall, min=torch.finfo(torch.float32).eps)
    return precision.numpy(), recall.numpy(), f1.numpy()


def evaluate(pred, target, metrics, options):
    topk = options.get("topk", (1, 5))
    thrs = options.get("thrs")
    average_mode = options.get("average_mode", "macro")
    thr_list = (0.0,) if thrs is None else ((thrs,) if isinstance(thrs, Number) else thrs)
    suffixes = [f"_thr_{t:.2f}" for t in thr_list] if isinstance(thrs, tuple) else [""]
    out = {}
    if "accuracy" in metrics:
        ks = topk if isinstance(topk, tuple) else (topk,)
        acc = accuracy(pred, target, ks, thr_list)
        for k, per_thr in zip(ks, acc):
            key = f"accuracy_top-{k}" if isinstance(topk, tuple) else "accuracy"
            for suffix, v in zip(suffixes, per_thr):
                out[key + suffix] = v
    if "support" in metrics:
        counts = np.bincount(target, minlength=pred.shape[1])
        out["support"] = float(counts.sum()) if average_mode == "macro" else [int(c) for c in counts]
    keys = ["precision", "recall", "f1_score"]
    if set(metrics) & set(keys):
        per_thr = [precision_recall_f1(pred, target, t) for t in thr_list]
        for i, key in enumerate(keys):
            if key not in metrics:
                continue
            for suffix, values in zip(suffixes, per_thr):
                v = values[i]
                out[key + suffix] = float(v.mean()) if average_mode == "macro" else [float(x) for x in v]
    return out


def as_json_options(options):
    return {k: list(v) if isinstance(v, tuple) else v for k, v in options.items()}


def main():
    g = torch.Generator().manual_seed(0)
    n, c = 60, 6
    logits = torch.randn(n, c, generator=g) * 1.5
    logits[50:] *= 0.05  # near-uniform rows: their top score is below the 0.3 and 0.5 thresholds
    pred = F.softmax(logits, dim=1).numpy().astype(np.float32)
    target = torch.randint(0, c, (n,), generator=g).numpy().astype(np.int64)
    target[:5] = 5  # class 5 more often labelled than predicted
    cases = [
        (["accuracy"], {}),
        (["accuracy"], {"topk": 1}),
        (["accuracy"], {"topk": (1, 3)}),
        (["accuracy", "precision", "recall", "f1_score", "support"], {"topk": (1, 2), "thrs": (0.0, 0.3, 0.5)}),
        (["precision", "recall", "f1_score", "support"], {"average_mode": "none"}),
        (["accuracy", "f1_score"], {"topk": (1,), "thrs": 0.4}),
        (["recall", "precision"], {"average_mode": "none", "thrs": (0.25, 0.5)}),
    ]
    doc = {
        "scores": [[float(x) for x in row] for row in pred],
        "labels": [int(t) for t in target],
        "cases": [{"metrics": m, "metric_options": as_json_options(o), "expected": evaluate(pred, target, m, o)}
                  for m, o in cases],
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(doc, f, indent=1)
    print("wrote", OUT, "with", len(cases), "cases")


if __name__ == "__main__":
    main()
