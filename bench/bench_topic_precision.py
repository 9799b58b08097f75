"""The topic model's quality in fp32, under bf16 autocast and with int8 linear layers, on the whole
dev splits, in one process.

    python bench/bench_topic_precision.py [--model models/zhnews-topic] [--threads 1]

Macro-F1 on 新闻联播 dev (2025-07…12) and newspaper dev (People's Daily 2025, both annotators agree),
the change against fp32 in points, how many predictions differ from fp32, and docs/s. `zhnews label`
uses bf16 by default only where the CPU computes it natively, and only if it costs at most 0.5 point
(MAX_F1_DROP_POINTS); int8 is opt-in under the same bar. Figures go to bench/results/topic_precision.json.
"""

import argparse
import copy
import time

import torch

from results_file import run_context, save_results
from zhnews.topic.classification_metrics import classification_scores
from zhnews.hardware import bf16_is_fast
from zhnews.int8 import quantize_linear_layers
from zhnews.paths import SHIPPED_TOPIC_MODEL
from zhnews.topic.classifier import TopicClassifier
from zhnews.topic.data import rmrb_topic_rows, xwlb_topic_rows

MAX_F1_DROP_POINTS = 0.5


def variants(classifier: TopicClassifier) -> dict[str, TopicClassifier]:
    bf16 = copy.copy(classifier)
    bf16.bf16 = True
    int8 = copy.copy(classifier)
    int8.model = quantize_linear_layers(copy.deepcopy(classifier.model))
    return {"fp32": classifier, "bf16 autocast": bf16, "int8 dynamic": int8}


def score_split(models: dict[str, TopicClassifier], texts: list[str], labels: list[int]) -> dict:
    result, fp32_predicted = {"n": len(texts)}, None
    for name, classifier in models.items():
        started = time.perf_counter()
        predicted = classifier.logits(texts).argmax(axis=1)
        seconds = time.perf_counter() - started
        fp32_predicted = predicted if fp32_predicted is None else fp32_predicted
        result[name] = {"macro_f1": classification_scores(predicted, labels)["macro_f1"],
                        "docs_per_s": len(texts) / seconds,
                        "predictions_changed": int((predicted != fp32_predicted).sum())}
    for name, row in result.items():
        if isinstance(row, dict):
            row["change_points"] = 100 * (row["macro_f1"] - result["fp32"]["macro_f1"])
    return result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default=str(SHIPPED_TOPIC_MODEL))
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()

    context = run_context()
    torch.set_num_threads(args.threads)
    models = variants(TopicClassifier.from_pretrained(args.model))
    splits = {"xwlb_dev": xwlb_topic_rows()["dev"], "newspaper_dev": rmrb_topic_rows()["newspaper_dev"]}
    report = {"model": args.model, "threads": args.threads, "bf16_native_here": bf16_is_fast(),
              "max_f1_drop_points": MAX_F1_DROP_POINTS, "splits": {}}
    for split, rows in splits.items():
        report["splits"][split] = score_split(models, [r["text"] for r in rows], [r["label"] for r in rows])
        for name, row in report["splits"][split].items():
            if isinstance(row, dict):
                print(f"{split:14s} {name:14s} macro-F1 {row['macro_f1']:.4f} ({row['change_points']:+.2f} points, "
                      f"{row['predictions_changed']} predictions changed)  {row['docs_per_s']:.1f} docs/s", flush=True)
    for name in models:
        worst = min(report["splits"][s][name]["change_points"] for s in splits)
        report[f"{name} within the bar"] = worst >= -MAX_F1_DROP_POINTS
    save_results("topic_precision", context, report)


if __name__ == "__main__":
    main()
