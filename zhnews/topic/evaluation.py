"""Scoring a topic classifier and its TF-IDF peer on the same splits, and writing the report files:

    metrics.json                       every figure below, per model and split
    confusion_{model}_{split}.txt/.png confusion matrices
    reliability_{split}.png            calibration before/after temperature scaling
"""

import json
from pathlib import Path

import numpy as np
from datasets import DatasetDict

from zhnews.topic.baseline import predict_tfidf_svc
from zhnews.topic.calibration import expected_calibration_error, fit_temperature, softmax
from zhnews.topic.classification_metrics import classification_scores
from zhnews.topic.plots import confusion_matrix_text, save_confusion_matrix, save_reliability_diagram
from zhnews.topic.classifier import TopicClassifier
from zhnews.topic.trainer import SELECTION_SPLITS

EVAL_SPLITS = ("dev", "newspaper_dev", "ood_dev")


def calibrate_on_dev(classifier: TopicClassifier, splits: DatasetDict, batch_size: int = 64,
                     temperature: float | None = None) -> dict:
    """Fit the classifier's temperature on the selection splits (新闻联播 dev and newspaper dev together),
    or set the given one; returns the logits of each split (computed once)."""
    logits = {s: classifier.logits(splits[s]["text"], batch_size) for s in EVAL_SPLITS if s in splits}
    if temperature is not None:
        classifier.temperature = temperature
        return logits
    fitted = [s for s in SELECTION_SPLITS if s in logits]
    classifier.temperature = fit_temperature(np.concatenate([logits[s] for s in fitted]),
                                             np.concatenate([np.asarray(list(splits[s]["label"])) for s in fitted]))
    return logits


def score_model(classifier: TopicClassifier, logits: dict, splits: DatasetDict, output_dir: Path) -> dict:
    results = {}
    for split, split_logits in logits.items():
        references = np.asarray(list(splits[split]["label"]))
        # after: what predict() returns, temperature-scaled and, with an n-gram part, fused with it
        before, after = softmax(split_logits), classifier.calibrated(split_logits, splits[split]["text"])
        scores = classification_scores(after.argmax(axis=1), references, tuple(classifier.labels))
        scores["ece_before_temperature"] = expected_calibration_error(before, references)
        scores["ece_after_temperature"] = expected_calibration_error(after, references)
        results[split] = scores
        save_reliability_diagram({"raw": (before, references), f"T={classifier.temperature:.2f}": (after, references)},
                                 str(output_dir / f"reliability_{split}.png"))
    return results


def score_peer(peer, splits: DatasetDict, labels: list[str]) -> dict:
    return {split: classification_scores(predict_tfidf_svc(peer, splits[split]["text"]), splits[split]["label"],
                                         tuple(labels))
            for split in EVAL_SPLITS if split in splits}


def write_report(metrics: dict, labels: list[str], output_dir: Path) -> None:
    (output_dir / "metrics.json").write_text(json.dumps(metrics, indent=2, ensure_ascii=False), encoding="utf-8")
    for model in ("bert", "peer"):
        for split, scores in metrics.get(model, {}).items():
            stem = output_dir / f"confusion_{model}_{split}"
            Path(f"{stem}.txt").write_text(confusion_matrix_text(scores["confusion_matrix"], labels))
            save_confusion_matrix(scores["confusion_matrix"], labels, f"{model} · {split}", f"{stem}.png")


def side_by_side(metrics: dict, labels: list[str]) -> str:
    """A plain-text table: BERT and the peer per split and per class."""
    lines = [f"{'':24s}{'BERT':>10s}{'TF-IDF+SVC':>12s}"]
    for split, bert in metrics["bert"].items():
        peer = metrics.get("peer", {}).get(split)
        lines.append(f"[{split}]")
        for key in ("accuracy", "macro_f1"):
            lines.append(f"  {key:22s}{bert[key]:10.4f}" + (f"{peer[key]:12.4f}" if peer else ""))
        for label in labels:
            b = bert["per_class"][label]
            if b["support"]:
                p = peer["per_class"][label]["f1"] if peer else None
                lines.append(f"  F1 {label:19s}{b['f1']:10.4f}" + (f"{p:12.4f}" if peer else "")
                             + f"   (n={b['support']})")
        lines.append(f"  {'ECE raw -> calibrated':22s}{bert['ece_before_temperature']:10.4f}"
                     f" -> {bert['ece_after_temperature']:.4f}")
    return "\n".join(lines)
