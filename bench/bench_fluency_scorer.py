"""Does the fluency estimate (zhnews/summary/fluency.py) order decodings the way blind raters did? (issue 7)

    python bench/bench_fluency_scorer.py [bench/rating-verbs bench/rating-next-beam ...]   (default: every bench/rating*/)

For each rating folder: fit the scorer (fluency.fit_fluency_scorer, the settings of
configs/summary/fluency-scorer.yaml) on every other folder's rated headlines, leaving out the articles of this
folder, and estimate this folder's items. Reports per set and system the rated fluent rate beside the mean estimate,
the ROC AUC over the folder's machine-written items, and, over every pair of machine-written systems rated on the
same set of one folder (at least MIN_ITEMS items each), how often the estimate orders the pair as the raters did.
Saves bench/results/fluency_scorer.json.
"""

import argparse
import glob
from collections import defaultdict
from itertools import combinations
from pathlib import Path

import numpy as np
import yaml
from sklearn.metrics import roc_auc_score

from results_file import run_context, save_results
from zhnews.paths import REPO_ROOT
from zhnews.summary.fluency import FluencyScorer, fit_fluency_scorer, rated_examples

MIN_ITEMS = 15
SETTINGS = REPO_ROOT / "configs" / "summary" / "fluency-scorer.yaml"


def held_out_folder(rows: list[dict], folder: str, settings: dict, compared: FluencyScorer | None = None) -> dict:
    test = [row for row in rows if row["folder"] == folder]
    articles = {row["id"] for row in test}
    train = [row for row in rows if row["folder"] != folder and row["id"] not in articles]
    scorer = fit_fluency_scorer([row["features"] for row in train], [row["fluent"] for row in train],
                                settings["regularization"], settings["min_count"])
    estimates = [scorer.probability(set(row["features"])) for row in test]
    systems = defaultdict(list)
    for row, estimate in zip(test, estimates):
        systems[(row["set"], "+".join(row["systems"]))].append((row["fluent"], estimate))
    machine = [row for row in test if not row["printed"]]
    auc = machine_auc(machine, [e for row, e in zip(test, estimates) if not row["printed"]])
    compared_auc = {} if compared is None else {
        "auc_machine_written_compared": machine_auc(machine, [compared.probability(set(row["features"])) for row in machine])}
    return {"train_headlines": len(train), "items": len(test), "auc_machine_written": auc, **compared_auc,
            "systems": {f"{set_name} {system}": {"n": len(pairs), "rated_fluent": round(float(np.mean([p[0] for p in pairs])), 3),
                                                 "estimated_fluent": round(float(np.mean([p[1] for p in pairs])), 3)}
                        for (set_name, system), pairs in sorted(systems.items())}}


def machine_auc(machine: list[dict], estimates: list[float]) -> float | None:
    labels = [row["fluent"] for row in machine]
    return round(float(roc_auc_score(labels, estimates)), 3) if 0 < sum(labels) < len(labels) else None


def pair_agreement(report: dict) -> dict:
    """Over pairs of machine-written systems of one folder and set: the estimate orders them as the raters did."""
    agree, pairs = 0, []
    for folder, result in report.items():
        by_set = defaultdict(list)
        for name, scores in result["systems"].items():
            set_name, system = name.split(" ", 1)
            if system != "printed" and scores["n"] >= MIN_ITEMS:
                by_set[set_name].append((system, scores))
        for set_name, systems in by_set.items():
            for (a, sa), (b, sb) in combinations(systems, 2):
                if sa["rated_fluent"] == sb["rated_fluent"]:
                    continue
                same = bool((sa["rated_fluent"] > sb["rated_fluent"]) == (sa["estimated_fluent"] > sb["estimated_fluent"]))
                agree += same
                pairs.append({"folder": folder, "set": set_name, "systems": [a, b],
                              "rated": [sa["rated_fluent"], sb["rated_fluent"]],
                              "estimated": [sa["estimated_fluent"], sb["estimated_fluent"]], "same_order": same})
    return {"pairs": len(pairs), "same_order": agree, "detail": pairs}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("folders", nargs="*", default=sorted(glob.glob("bench/rating*/")))
    parser.add_argument("--held-out", nargs="+", metavar="FOLDER",
                        help="report only these folders (names), each held out from a fit on all the others")
    parser.add_argument("--compare-scorer", metavar="DIR",
                        help="a fitted estimate (models/zhnews-fluency) whose AUC on each held-out folder is reported beside")
    parser.add_argument("--results-name", default="fluency_scorer")
    args = parser.parse_args()
    context = run_context()
    settings = yaml.safe_load(SETTINGS.read_text(encoding="utf-8"))
    compared = FluencyScorer.from_pretrained(args.compare_scorer) if args.compare_scorer else None
    rows = rated_examples(args.folders)
    report = {}
    for folder in sorted({row["folder"] for row in rows} & set(args.held_out or {row["folder"] for row in rows})):
        report[folder] = held_out_folder(rows, folder, settings, compared)
        beside = f" (compared: {report[folder]['auc_machine_written_compared']})" if compared else ""
        print(f"{folder}: AUC {report[folder]['auc_machine_written']}{beside}  " + "; ".join(
            f"{name} {s['rated_fluent']:.2f}/{s['estimated_fluent']:.2f}" for name, s in report[folder]["systems"].items()
            if s["n"] >= MIN_ITEMS), flush=True)
    agreement = pair_agreement(report)
    print(f"pairs of systems ordered as the raters did: {agreement['same_order']} of {agreement['pairs']}")
    save_results(args.results_name, context, {"folders": [Path(f).name for f in args.folders], "min_items": MIN_ITEMS,
                                              "compared_scorer": args.compare_scorer, "held_out_folders": report,
                                              "agreement": agreement})


if __name__ == "__main__":
    main()
