"""Seed variance of a topic recipe: dev macro-F1 of each seed's model, and mean ± sd.

    python bench/topic_seeds.py RUN_DIR [RUN_DIR ...] [--exit-confidence 0.95] [--threads 1]

Each RUN_DIR is a trained model folder of the same recipe with a different `seed` (its run_config.yaml
says which). Every model is scored on 新闻联播 dev and newspaper dev with the reading given here (default:
the model's own), so all seeds are read alike. Results: bench/results/topic_seeds.json.
"""

import argparse
import statistics
from pathlib import Path

import numpy as np
import torch
import yaml

from results_file import run_context, save_results
from zhnews.labels import TOPIC_LABELS
from zhnews.run_record import RUN_CONFIG_FILE
from zhnews.topic.classification_metrics import classification_scores
from zhnews.topic.classifier import TopicClassifier
from zhnews.topic.data import build_topic_splits

SPLITS = ("dev", "newspaper_dev")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("runs", nargs="+")
    parser.add_argument("--exit-confidence", type=float, help="read with this exit_confidence (default: the model's)")
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)

    context = run_context()
    splits = build_topic_splits(ood_source=None)
    report = {"exit_confidence": args.exit_confidence, "seeds": {}}
    for run in args.runs:
        seed = yaml.safe_load((Path(run) / RUN_CONFIG_FILE).read_text(encoding="utf-8"))["seed"]
        classifier = TopicClassifier.from_pretrained(run)
        if args.exit_confidence is not None:
            classifier.exit_confidence = args.exit_confidence
        scores = {split: round(classification_scores(classifier.logits(splits[split]["text"]).argmax(axis=1),
                                                     np.asarray(splits[split]["label"]), tuple(TOPIC_LABELS))["macro_f1"], 4)
                  for split in SPLITS}
        report["seeds"][str(seed)] = {"run": run, **scores}
        print(f"seed {seed}: " + "  ".join(f"{s} {v:.4f}" for s, v in scores.items()), flush=True)
    for split in SPLITS:
        values = [r[split] for r in report["seeds"].values()]
        report[split] = {"mean": round(statistics.mean(values), 4),
                         "sd": round(statistics.stdev(values), 4) if len(values) > 1 else 0.0}
        print(f"{split}: {report[split]['mean']:.4f} ± {report[split]['sd']:.4f} over {len(values)} seeds")
    save_results("topic_seeds", context, report)


if __name__ == "__main__":
    main()
