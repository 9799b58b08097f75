"""Topic classification metrics as an `evaluate` metric.

The metric is defined here rather than fetched with `evaluate.load("f1")`, which downloads its
script from the Hugging Face Hub and so fails on offline machines (the CI and training hosts).
"""

import datasets
import evaluate
import numpy as np
from sklearn.metrics import confusion_matrix, precision_recall_fscore_support

from zhnews.labels import TOPIC_LABELS


class TopicClassificationMetric(evaluate.Metric):
    """accuracy, macro-F1, per-class precision/recall/F1/support and the confusion matrix."""

    def __init__(self, labels: tuple[str, ...] = TOPIC_LABELS, **kwargs):
        super().__init__(**kwargs)
        self.labels = list(labels)

    def _info(self):
        return evaluate.MetricInfo(
            description="Accuracy, macro-F1 and per-class scores for single-label topic classification.",
            citation="",
            inputs_description="predictions and references: label ids (int)",
            features=datasets.Features({"predictions": datasets.Value("int64"),
                                        "references": datasets.Value("int64")}),
        )

    def _compute(self, predictions, references):
        label_ids = list(range(len(self.labels)))
        predictions, references = np.asarray(predictions), np.asarray(references)
        precision, recall, f1, support = precision_recall_fscore_support(
            references, predictions, labels=label_ids, zero_division=0)
        present = support > 0  # macro-F1 over the classes that occur in the references
        return {
            "accuracy": float((predictions == references).mean()),
            "macro_f1": float(f1[present].mean()),
            "per_class": {
                name: {"precision": float(p), "recall": float(r), "f1": float(f), "support": int(s)}
                for name, p, r, f, s in zip(self.labels, precision, recall, f1, support)
            },
            "confusion_matrix": confusion_matrix(references, predictions, labels=label_ids).tolist(),
        }


def classification_scores(predictions, references, labels: tuple[str, ...] = TOPIC_LABELS) -> dict:
    return TopicClassificationMetric(labels).compute(predictions=list(map(int, predictions)),
                                                     references=list(map(int, references)))
