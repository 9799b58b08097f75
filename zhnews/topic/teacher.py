"""The distillation teacher for the topic BERT: the fine-tuned BERT's calibrated probabilities fused
log-linearly with a char 1–3-gram TF-IDF + logistic-regression model (probabilities by construction).

    teacher(x) ∝ p_bert(x) ** w · p_ngram(x) ** (1 - w)

The BERT weight w is chosen on out-of-fold predictions (a holdout fold of train that neither model of
the fold saw), never on dev. The teacher is a training device: the shipped model is the student BERT.
"""

import numpy as np
from sklearn.model_selection import StratifiedKFold, cross_val_predict, train_test_split

from zhnews.topic.baseline import peer_texts
from zhnews.topic.classification_metrics import classification_scores
from zhnews.topic.ngram import EPSILON, fuse, ngram_logreg

WEIGHT_GRID = tuple(round(w, 2) for w in np.linspace(0, 1, 11))


def out_of_fold_ngram_probabilities(texts: list[str], labels: list[int], C: float = 10.0,
                                    folds: int = 5, seed: int = 0) -> np.ndarray:
    """Each text's n-gram probabilities from a model trained on the other folds."""
    return cross_val_predict(ngram_logreg(C), peer_texts(texts), list(labels), method="predict_proba",
                             cv=StratifiedKFold(folds, shuffle=True, random_state=seed))


def choose_bert_weight(bert_probabilities: np.ndarray, ngram_probabilities_: np.ndarray, labels: np.ndarray,
                       label_names: tuple[str, ...]) -> tuple[float, dict[float, float]]:
    """The weight with the best macro-F1 on these (out-of-fold) predictions, ties going to the lower log
    loss (the better soft labels), and macro-F1 per weight."""
    table, log_loss = {}, {}
    for w in WEIGHT_GRID:
        fused = fuse(bert_probabilities, ngram_probabilities_, w)
        table[w] = classification_scores(fused.argmax(axis=1), labels, label_names)["macro_f1"]
        log_loss[w] = -float(np.mean(np.log(fused[np.arange(len(labels)), labels] + EPSILON)))
    return max(WEIGHT_GRID, key=lambda w: (table[w], -log_loss[w])), table


def holdout_fold(labels: list[int], fraction: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Row indices of (fold train, holdout), stratified by label."""
    rows = np.arange(len(labels))
    return train_test_split(rows, test_size=fraction, stratify=labels, random_state=seed)
