"""The floors of the fluency-steered fallback (zhnews.summary.fallback.fluency_fallback) against ROUGE-L (issue 7).

    python bench/bench_fluency_floors.py --variant few_spans_2_nouns_back_2_finish_jump_2_clause_1_verb_2 \
        --predictions dev=runs/X/predictions_dev.jsonl newspaper_dev=… lcsts_test=… \
        [--fluency-scorer models/zhnews-fluency] [--floors 0 0.2 0.3 0.4 0.5] [--clause-floors 0 0.5 0.6 0.7] \
        [--estimate-weights 0 0.5 1]

From the model's summaries (the --variant column of bench/bench_summary.py's predictions), per set and per pair of
floors (and, with --estimate-weights, per weight of the estimate in choosing the replacement clause,
fallback.ESTIMATE_WEIGHT; the shipped one otherwise): ROUGE-L, mean length, the share of summaries the fallback
replaces, and the mean fluency estimate of what it writes (the printed headlines' estimate beside it). A higher floor buys estimated fluency with ROUGE-L: the issue's
bar on 新闻联播 dev (45.9) sets how high it can go for a given model. The estimate is not a rating: pick floors here,
then rate the changed articles blind (bench/RATING.md). Saves bench/results/fluency_floors.json (--results-name).
"""

import argparse
import itertools

from make_rating_kit import read_predictions
from results_file import run_context, save_results
from zhnews.summary.fallback import ESTIMATE_WEIGHT, clause_fallback, fluency_fallback
from zhnews.summary.fluency import FluencyScorer
from zhnews.summary.rouge_metric import score_summaries


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--predictions", nargs="+", required=True, help="SET=predictions.jsonl ...")
    parser.add_argument("--variant", required=True, help="the model's column in the predictions files")
    parser.add_argument("--fluency-scorer", default="models/zhnews-fluency")
    parser.add_argument("--floors", nargs="+", type=float, default=[0.0, 0.2, 0.3, 0.4, 0.5])
    parser.add_argument("--clause-floors", nargs="+", type=float, default=[0.0, 0.5, 0.6, 0.7])
    parser.add_argument("--estimate-weights", nargs="+", type=float, default=[ESTIMATE_WEIGHT])
    parser.add_argument("--results-name", default="fluency_floors", help="bench/results/NAME.json")
    args = parser.parse_args()
    context = run_context()
    scorer = FluencyScorer.from_pretrained(args.fluency_scorer)
    report = {"variant": args.variant, "fluency_scorer": args.fluency_scorer, "sets": {},
              "estimate_weights": args.estimate_weights}
    for set_name, rows in read_predictions(args.predictions).items():
        articles, references = [row["text"] for row in rows], [row["reference"] for row in rows]
        model = [row[args.variant] for row in rows]
        results = {"printed_estimate": round(scorer.mean_score(references, articles), 4)}
        clauses = [clause_fallback(a, m) for a, m in zip(articles, model)]
        results["no_estimate"] = summary_row(scorer, clauses, model, references, articles)
        for floor, clause_floor, weight in itertools.product(args.floors, args.clause_floors, args.estimate_weights):
            if not floor and not clause_floor:
                continue  # that is clause_fallback: the row above
            written = [fluency_fallback(a, m, scorer, floor, clause_floor, estimate_weight=weight)
                       for a, m in zip(articles, model)]
            weighed = f"_weight_{weight:g}" if len(args.estimate_weights) > 1 else ""
            results[f"floor_{floor:g}_clause_{clause_floor:g}{weighed}"] = summary_row(scorer, written, model, references,
                                                                                    articles)
        report["sets"][set_name] = results
        print(f"[{set_name}] printed headlines estimated {results['printed_estimate']:.3f}")
        for name, row in results.items():
            if name != "printed_estimate":
                print(f"  {name:24s} ROUGE-L {row['rougeL']:6.2f}  length {row['mean_length']:5.1f}  "
                      f"replaced {row['replaced']:.3f}  estimated fluent {row['estimated_fluent']:.3f}", flush=True)
    save_results(args.results_name, context, report)


def summary_row(scorer, written: list[str], model: list[str], references: list[str], articles: list[str]) -> dict:
    scores = score_summaries(written, references, articles)
    return {"rougeL": round(scores["rougeL"], 2), "mean_length": round(scores["mean_length"], 1),
            "replaced": round(sum(w != m for w, m in zip(written, model)) / len(model), 4) if model else 0.0,
            "estimated_fluent": round(scorer.mean_score(written, articles), 4)}


if __name__ == "__main__":
    main()
