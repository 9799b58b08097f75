"""How sure must an article's first window be to label the article alone? Dev macro-F1 and compute
of early-exit chunk reading (`exit_confidence`), for a range of thresholds, from one pass of the model.

    python bench/bench_topic_exit.py [--model models/zhnews-topic] [--thresholds 0.8 0.9 0.95 0.98]
                                     [--head-weights 2 3] [--results-name topic_exit]

Every window of every dev article is scored once (the model's own window settings); each threshold's
reading is then assembled from those logits with the rule `document_logits(..., exit_confidence=t)` uses
(`windows_read`; tests/test_topic.py checks that function against head and full chunk reading).
Compute is the share of window tokens run, weighted for attention (tokens × (1 + tokens / 768)),
against reading every window. Results: bench/results/topic_exit.json.
"""

import argparse

import numpy as np
import torch

from results_file import run_context, save_results
from zhnews.labels import TOPIC_LABELS
from zhnews.paths import SHIPPED_TOPIC_MODEL
from zhnews.text import normalize_text
from zhnews.topic.classification_metrics import classification_scores
from zhnews.topic.classifier import TopicClassifier
from zhnews.topic.data import build_topic_splits
from zhnews.topic.long_doc import lead_windows, make_windows, pool_by_document
from zhnews.topic.modeling import first_windows, window_logits, windows_read


def lead_logits(classifier: TopicClassifier, texts: list[str], lead_chars: int) -> tuple[np.ndarray, np.ndarray]:
    """Logits of one short window per text, its first lead_chars characters (headline and lead), and
    the windows' token counts."""
    ids = lead_windows(classifier.tokenizer, texts, lead_chars, classifier.max_length).input_ids
    with torch.inference_mode():
        return window_logits(classifier.model, classifier.tokenizer, ids, 32, True), np.array([len(i) for i in ids])


def readings(classifier: TopicClassifier, texts: list[str], references: np.ndarray, thresholds: list[float],
             head_weights: list[float], lead_chars: list[int], lead_weights: list[float]) -> dict:
    windows = make_windows(classifier.tokenizer, texts, classifier.max_length, classifier.long_document,
                           classifier.chunk_stride, classifier.max_chunks)
    with torch.inference_mode():
        logits = window_logits(classifier.model, classifier.tokenizer, windows.input_ids, 32, True)
    doc_index = np.asarray(windows.doc_index)
    lengths = np.array([len(ids) for ids in windows.input_ids])
    cost = lengths * (1 + lengths / 768)
    first_window_logits = logits[first_windows(doc_index)]

    def score(read: np.ndarray, head_weight: float = 1.0) -> dict:
        weights = np.where(first_windows(doc_index), head_weight, 1.0)[read]
        predicted = pool_by_document(logits[read], doc_index[read], weights).argmax(axis=1)
        return {"macro_f1": round(classification_scores(predicted, references, tuple(TOPIC_LABELS))["macro_f1"], 4),
                "compute": round(float(cost[read].sum() / cost.sum()), 3),
                "windows_read": int(read.sum()), "windows": len(read)}

    results = {"every window": score(np.ones(len(doc_index), bool))}
    for threshold in thresholds:
        results[str(threshold)] = score(windows_read(doc_index, first_window_logits, threshold))
    for head_weight in head_weights:  # the first window (headline and lead) counted head_weight times
        results[f"every window, head x{head_weight:g}"] = score(np.ones(len(doc_index), bool), head_weight)
        for threshold in thresholds:
            results[f"{threshold}, head x{head_weight:g}"] = score(
                windows_read(doc_index, first_window_logits, threshold), head_weight)
    for chars in lead_chars:  # a short extra window of the headline and lead, pooled with weight w
        lead, lead_lengths = lead_logits(classifier, texts, chars)
        lead_cost = (lead_lengths * (1 + lead_lengths / 768)).sum()
        for threshold in [None, *thresholds]:
            read = (np.ones(len(doc_index), bool) if threshold is None
                    else windows_read(doc_index, first_window_logits, threshold))
            for weight in lead_weights:  # pooled as document_logits(..., lead_chars=chars, lead_weight=weight)
                pooled = pool_by_document(np.concatenate([logits[read], lead]),
                                          np.concatenate([doc_index[read], np.arange(len(texts))]),
                                          np.r_[np.ones(int(read.sum())), np.full(len(texts), weight)])
                scores = classification_scores(pooled.argmax(axis=1), references, tuple(TOPIC_LABELS))
                name = "every window" if threshold is None else str(threshold)
                results[f"{name} + lead {chars} x{weight:g}"] = {
                    "macro_f1": round(scores["macro_f1"], 4),
                    "compute": round(float((cost[read].sum() + lead_cost) / cost.sum()), 3),
                    "windows_read": int(read.sum()), "windows": len(doc_index)}
    return results


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default=str(SHIPPED_TOPIC_MODEL))
    parser.add_argument("--thresholds", type=float, nargs="+", default=[0.7, 0.8, 0.9, 0.95, 0.98])
    parser.add_argument("--head-weights", type=float, nargs="*", default=[],
                        help="also pool with the first window counted this many times")
    parser.add_argument("--lead-chars", type=int, nargs="*", default=[],
                        help="also pool with an extra window of each article's first N characters")
    parser.add_argument("--lead-weights", type=float, nargs="*", default=[1.0],
                        help="how many windows the lead window counts as")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--results-name", default="topic_exit", help="bench/results/NAME.json")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)

    context = run_context()
    classifier = TopicClassifier.from_pretrained(args.model)
    splits = build_topic_splits(ood_source=None)
    report = {"model": args.model, "long_document": classifier.long_document, "max_chunks": classifier.max_chunks,
              "chunk_stride": classifier.chunk_stride, "splits": {}}
    for split in ("dev", "newspaper_dev"):
        texts = [normalize_text(t) for t in splits[split]["text"]]
        report["splits"][split] = readings(classifier, texts, np.asarray(splits[split]["label"]), args.thresholds,
                                            args.head_weights, args.lead_chars, args.lead_weights)
    print(f"{'exit_confidence':>22}  " + "  ".join(f"{s + ' F1':>18} {'compute':>8}" for s in report["splits"]))
    for reading in report["splits"]["dev"]:
        print(f"{reading:>22}  " + "  ".join(f"{r[reading]['macro_f1']:18.4f} {r[reading]['compute']:8.3f}"
                                            for r in report["splits"].values()))
    save_results(args.results_name, context, report)


if __name__ == "__main__":
    main()
