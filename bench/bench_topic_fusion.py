"""Fusing the topic BERT with a char n-gram model (zhnews/topic/ngram.py): dev macro-F1 per BERT weight.

    python bench/bench_topic_fusion.py [--models runs/topic-chunks-exit-lead runs/topic-chunks-seed43 ...]
                                       [--max-features 0 300000] [--results-name topic_fusion]

Every model is a train-only BERT (dev never trained on), read the shipped way (chunks, exit 0.9, a lead
window of 80 characters × 0.5) with its temperature fitted on the two dev sets as run_topic.py does. The
n-gram model is fitted on the same training rows. The weight w of p ∝ p_bert^w · p_ngram^(1−w) is then
chosen by one rule fixed in advance: the best mean macro-F1 over the models × the two dev sets.
THUCNews (ood_dev) is never used to choose. Results: bench/results/NAME.json.
"""

import argparse
import time

import numpy as np
import torch

from results_file import run_context, save_results
from zhnews.labels import TOPIC_LABELS
from zhnews.topic.calibration import softmax
from zhnews.topic.classification_metrics import classification_scores
from zhnews.topic.classifier import TopicClassifier
from zhnews.topic.data import build_topic_splits
from zhnews.topic.evaluation import EVAL_SPLITS, calibrate_on_dev
from zhnews.topic.ngram import NgramTopicModel, fuse

CHOICE_SPLITS = ("dev", "newspaper_dev")
WEIGHTS = tuple(round(w, 2) for w in np.linspace(0, 1, 11))
TRAIN_ONLY_MODELS = ("runs/topic-chunks-exit-lead", "runs/topic-chunks-seed43", "runs/topic-chunks-seed44")


def macro_f1(probabilities: np.ndarray, references: np.ndarray) -> float:
    return round(classification_scores(probabilities.argmax(axis=1), references, tuple(TOPIC_LABELS))["macro_f1"], 4)


def bert_probabilities(model: str, splits, exit_confidence: float, lead_chars: int, lead_weight: float) -> dict:
    classifier = TopicClassifier.from_pretrained(model)
    classifier.exit_confidence, classifier.lead_chars, classifier.lead_weight = exit_confidence, lead_chars, lead_weight
    logits = calibrate_on_dev(classifier, splits)
    return {split: softmax(split_logits, classifier.temperature) for split, split_logits in logits.items()}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--models", nargs="+", default=list(TRAIN_ONLY_MODELS))
    parser.add_argument("--max-features", type=int, nargs="+", default=[0], help="0: every n-gram seen twice")
    parser.add_argument("--C", type=float, default=10.0)
    parser.add_argument("--exit-confidence", type=float, default=0.9)
    parser.add_argument("--lead-chars", type=int, default=80)
    parser.add_argument("--lead-weight", type=float, default=0.5)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--results-name", default="topic_fusion", help="bench/results/NAME.json")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)

    context = run_context()
    splits = build_topic_splits()
    references = {split: np.asarray(splits[split]["label"]) for split in EVAL_SPLITS}
    bert = {model: bert_probabilities(model, splits, args.exit_confidence, args.lead_chars, args.lead_weight)
            for model in args.models}
    report = {"models": args.models, "reading": {"exit_confidence": args.exit_confidence,
                                                 "lead_chars": args.lead_chars, "lead_weight": args.lead_weight},
              "C": args.C, "train_rows": len(splits["train"]), "ngram": {}}
    for max_features in args.max_features:
        started = time.time()
        ngram = NgramTopicModel.fit(splits["train"]["text"], splits["train"]["label"], len(TOPIC_LABELS),
                                    C=args.C, max_features=max_features or None)
        fit_seconds = round(time.time() - started, 1)
        ngram_p = {split: ngram.probabilities(splits[split]["text"]) for split in EVAL_SPLITS}
        table = {str(w): {model: {split: macro_f1(fuse(bert[model][split], ngram_p[split], w), references[split])
                                  for split in EVAL_SPLITS} for model in args.models} for w in WEIGHTS}
        mean = {w: round(float(np.mean([scores[s] for scores in table[w].values() for s in CHOICE_SPLITS])), 4)
                for w in table}
        chosen = max(mean, key=mean.get)
        report["ngram"][str(max_features or "all")] = {
            "features": len(ngram.vocabulary), "fit_seconds": fit_seconds, "macro_f1": table,
            "mean_dev_macro_f1": mean, "chosen_bert_weight": float(chosen),
            "gain_over_bert_alone": round(mean[chosen] - mean["1.0"], 4),
            "worst_model_split_gain": round(min(table[chosen][m][s] - table["1.0"][m][s]
                                                for m in args.models for s in CHOICE_SPLITS), 4)}
        print(f"n-gram features: {len(ngram.vocabulary)} (max_features={max_features or 'all'}), fit {fit_seconds}s")
        print(f"{'bert weight':>12} {'mean dev':>9}  " + "  ".join(f"{s:>14}" for s in EVAL_SPLITS))
        for w in table:
            per_split = [np.mean([table[w][m][s] for m in args.models]) for s in EVAL_SPLITS]
            print(f"{w:>12} {mean[w]:9.4f}  " + "  ".join(f"{v:14.4f}" for v in per_split))
        print(f"chosen bert weight: {chosen}")
    save_results(args.results_name, context, report)


if __name__ == "__main__":
    main()
