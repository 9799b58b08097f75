"""Fit the fluency estimate (zhnews/summary/fluency.py) on the blind ratings.

    python training/run_fluency_scorer.py configs/summary/fluency-scorer.yaml [key=value ...]

Reads every filled rating sheet under rating_dirs (bench/rating*/: headline, the lead the rater saw, and the
rater's fluent y/n), turns each headline into its binary features and fits a logistic regression. Before the
final fit, a held-out check: folds by article (no article's headlines on both sides), reporting ROC AUC over every
held-out headline and over the machine-written ones alone (the ones it has to rank), and the rated fluent rate
per fifth of the held-out estimates. Writes to output_dir fluency_scorer.json (weights as JSON), metrics.json,
README.md and run_config.yaml.
"""

import dataclasses
import glob
import json
import sys

import numpy as np
from datasets import Dataset
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import GroupKFold

from zhnews.config import start_run
from zhnews.run_record import finish_run, record_dataset
from zhnews.summary.fluency import FEATURES_VERSION, fit_fluency_scorer, rated_examples


@dataclasses.dataclass
class FluencyScorerConfig:
    output_dir: str
    rating_dirs: list[str] = dataclasses.field(default_factory=lambda: ["bench/rating*"])
    """Folders (glob patterns) of blind ratings: rating_key.jsonl and a filled rating_sheet_rated.tsv each."""
    regularization: float = 0.1
    """C of the logistic regression: smaller is a stronger L2 penalty."""
    min_count: int = 2
    """A feature seen on fewer rated headlines gets no weight."""
    folds: int = 5
    """Folds of the held-out check, by article."""
    seed: int = 42

    def __post_init__(self):
        if self.regularization <= 0:
            raise ValueError("regularization (C) must be positive")
        if self.min_count < 1 or self.folds < 2:
            raise ValueError("min_count must be >= 1 and folds >= 2")


def rated_dataset(patterns: list[str]) -> Dataset:
    folders = sorted({folder for pattern in patterns for folder in glob.glob(pattern)})
    rows = rated_examples(folders)
    if not rows:
        raise SystemExit(f"no rated headlines under {patterns}: fill a rating sheet first (bench/RATING.md)")
    keep = ("folder", "set", "id", "printed", "headline", "lead", "fluent", "features")
    return Dataset.from_list([{k: row[k] for k in keep} for row in rows])


def held_out_check(examples: Dataset, config: FluencyScorerConfig) -> dict:
    labels, features = np.array(examples["fluent"]), examples["features"]
    estimates = np.zeros(len(labels))
    for train, test in GroupKFold(config.folds).split(features, labels, examples["id"]):
        scorer = fit_fluency_scorer([features[i] for i in train], labels[train], config.regularization, config.min_count)
        estimates[test] = [scorer.probability(set(features[i])) for i in test]
    machine = ~np.array(examples["printed"])
    fifths = np.quantile(estimates[machine], [0.2, 0.4, 0.6, 0.8])
    bucket = np.searchsorted(fifths, estimates[machine])
    return {"held_out_auc": round(roc_auc_score(labels, estimates), 4),
            "held_out_auc_machine_written": round(roc_auc_score(labels[machine], estimates[machine]), 4),
            "machine_written_fluent_rate_by_fifth_of_estimate": [
                round(float(labels[machine][bucket == b].mean()), 3) if (bucket == b).any() else None for b in range(5)]}


def card(metrics: dict) -> str:
    fifths = " / ".join("–" if rate is None else f"{rate:.0%}"
                        for rate in metrics["machine_written_fluent_rate_by_fifth_of_estimate"])
    return f"""# zhnews fluency estimate

The chance that a blind rater calls a headline fluent (a well-formed headline: bench/RATING.md), from binary
features of the headline, of how it is copied from the article's lead and of where it sits in it (features version
{metrics["features_version"]}): a logistic regression, weights as JSON
(`fluency_scorer.json`; `zhnews.summary.fluency.FluencyScorer`). Fit on {metrics["rated_headlines"]} rated
headlines ({metrics["machine_written"]} machine-written, the rest printed) of {metrics["articles"]} articles in
{len(metrics["rating_folders"])} rating folders (bench/RATING.md: a whole-set rating can span two).

Held out by article ({metrics["folds"]} folds): ROC AUC {metrics["held_out_auc"]:.3f} over every headline,
{metrics["held_out_auc_machine_written"]:.3f} over the machine-written ones. Their rated fluent rate by fifth of
the held-out estimate, lowest first: {fifths}.

It ranks headlines; it does not replace a blind rating. `python bench/bench_fluency_scorer.py` checks it rating by
rating (fit without that rating's articles): how often it orders two rated decodings as the raters did. Its gaps
are smaller than the raters'. Use it to screen decodings and checkpoints before a rating, and in the summariser's
clause fallback (`fluency_floor`, `clause_fluency_floor`), not to report fluency.

Refit on the ratings this one saw: `python training/run_fluency_scorer.py run_config.yaml output_dir=…` (this
folder's run_config.yaml lists them).
"""


def main(argv: list[str]) -> dict:
    config, output_dir = start_run(argv, FluencyScorerConfig)
    examples = rated_dataset(config.rating_dirs)
    record_dataset("rated headlines", examples)
    metrics = {"rating_folders": sorted(set(examples["folder"])), "rated_headlines": len(examples),
               "machine_written": int(sum(not p for p in examples["printed"])), "articles": len(set(examples["id"])),
               "fluent_rate": round(float(np.mean(examples["fluent"])), 3), "folds": config.folds,
               "features_version": FEATURES_VERSION,
               **held_out_check(examples, config)}
    scorer = fit_fluency_scorer(examples["features"], np.array(examples["fluent"]), config.regularization,
                                config.min_count)
    metrics["features_with_weight"] = len(scorer.weights)
    scorer.facts = {k: metrics[k] for k in ("rated_headlines", "held_out_auc", "held_out_auc_machine_written")}
    scorer.save_pretrained(output_dir)
    (output_dir / "metrics.json").write_text(json.dumps(metrics, indent=2, ensure_ascii=False))
    (output_dir / "README.md").write_text(card(metrics), encoding="utf-8")
    finish_run(output_dir)
    print(json.dumps({k: v for k, v in metrics.items() if k != "rating_folders"}, indent=2), flush=True)
    return metrics


if __name__ == "__main__":
    main(sys.argv[1:])
