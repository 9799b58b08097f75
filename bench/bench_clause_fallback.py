"""Whole lead clauses in place of the model's words (issue 7): ROUGE and garble measures of a summariser's
predictions, of the clause runs they guide, and of hybrids of the two.

    python bench/bench_clause_fallback.py --variant few_spans_2_nouns \
        --predictions dev=runs/X/predictions_dev.jsonl newspaper_dev=… lcsts_test=… \
        [--output-dir runs/bench-clause-fallback] [--results-name clause_fallback] [--rated bench/rating-clause]
        [--rated-first 80] [--compare runs/bench-clause-fallback-tidy]

Rated outputs copied from one article span were fluent far more often than those stitched from four or
more (bench/rating*/). A run of whole clauses of the lead cannot stop mid-phrase or fuse two words. Per
set, from the predictions bench/bench_summary.py wrote (one column per decoding):
- `model`: the --variant column;
- `guided_clause`: zhnews.summary.fallback.guided_clause(article, model summary);
- `spans_le_K`: the model's summary when it is copied in at most K article spans, else the guided clause;
- `unless_garbled`: the model's summary unless the garble measures flag it, then the guided clause;
- `unless_garbled_or_cut`: … or unless it stops mid-clause before a verb or particle (garble.is_cut_off), or
  has a shape that cannot stand as a headline (headline_shape.has_headline_shape), or joins spans of two article
  sentences (garble.jumps_sentences): `Summarizer(clause_fallback=True)`;
- `unless_garbled_or_cut_any_sentences`: the same without the sentence check (the fallback shipped until 2026-12-01);
- `unless_garbled_or_cut_or_unfluent` (with --fluency-scorer): … or unless the fluency estimate puts it below
  --fluency-floor, the clauses estimated below --clause-fluency-floor passed over (fallback.fluency_fallback:
  `Summarizer(clause_fallback=True, fluency_floor=…, clause_fluency_floor=…)`);
- `unless_garbled_or_cut_or_unfluent_any_phrase`: the same, keeping a summary that is a noun phrase
  (headline_shape.is_noun_phrase; the fallback shipped until 2026-12-02);
- `next_beam_unless_garbled_or_cut` (predictions written with `bench_summary.py --every-beam`): the first beam those
  checks do not flag, else the guided clause of the best (not shipped: bench/rating-next-beam/);
- peers: Lead-1, and Lead-1 cut to the mean length of `unless_garbled_or_cut`.
Writes {output-dir}/predictions_{set}.jsonl (for bench/make_rating_kit.py) and bench/results/NAME.json.

--rated DIR: a blind rating of `model` and `guided_clause` (rating_sheet_rated.tsv + rating_key.jsonl,
protocol bench/RATING.md). Every hybrid gives, per article, one of those two headlines, so its rated yes-rates
follow from the same ratings (matched by text; a headline not on the sheet is counted as unrated): reported
per set under "rated"; with --rated-first N also for the first N rated articles and the rest apart (e.g. the
articles a rule was written from, and fresh ones). --compare DIR adds an earlier run's clauses and fallbacks
(`guided_clause_before`, `unless_garbled_before`, `unless_garbled_or_cut_before`,
`unless_garbled_or_cut_any_sentences_before`) to compare against.
"""

import argparse
import json
from pathlib import Path

import yaml

from make_rating_kit import read_predictions
from results_file import run_context, save_results
from zhnews.paths import REPO_ROOT
from zhnews.summary.extractive import lead_1, lead_1_cut
from zhnews.summary.fallback import clause_fallback, fluency_fallback, guided_clause, is_flagged
from zhnews.summary.fluency import FluencyScorer
from zhnews.summary.garble import copied_spans, score_with_garble
from zhnews.summary.rouge_metric import score_summaries
from zhnews.summary.rating import PRINTED, QUESTIONS, read_key, read_ratings

SPAN_LIMITS = (1, 2, 3)
SHIPPED_CONFIG = REPO_ROOT / "configs" / "summary" / "zhnews-summary.yaml"


def shipped_floors() -> tuple[float, float]:
    """fluency_floor and clause_fluency_floor of the shipped summariser's config."""
    config = yaml.safe_load(SHIPPED_CONFIG.read_text(encoding="utf-8"))
    return float(config["fluency_floor"]), float(config["clause_fluency_floor"])


def beam_fallback(article: str, beams: list[str]) -> str:
    """The first of the beams (best first) that fallback.is_flagged does not flag; the guided clause of the best
    one when all are. Rated blind against the shipped fallback, it was far less fluent and faithful
    (bench/rating-next-beam/): the next beams of a flagged summary are seldom better."""
    for summary in beams:
        if not is_flagged(article, summary):
            return summary
    return guided_clause(article, beams[0])


def variants(rows: list[dict], column: str, earlier: list[dict] | None = None, fluency: tuple | None = None) -> dict[str, list[str]]:
    model = [row[column] for row in rows]
    guided = [guided_clause(row["text"], summary) for row, summary in zip(rows, model)]
    spans = [len(copied_spans(summary, row["text"])) for row, summary in zip(rows, model)]
    out = {"model": model, "guided_clause": guided}
    for limit in SPAN_LIMITS:
        out[f"spans_le_{limit}"] = [m if n <= limit else g for m, g, n in zip(model, guided, spans)]
    out["unless_garbled"] = [clause_fallback(row["text"], m, cut_offs=False, shapes=False) for row, m in zip(rows, model)]
    out["unless_garbled_or_cut"] = [clause_fallback(row["text"], m) for row, m in zip(rows, model)]  # the Summarizer option
    out["unless_garbled_or_cut_any_sentences"] = [clause_fallback(row["text"], m, sentence_jumps=False)
                                                  for row, m in zip(rows, model)]
    if fluency:  # (scorer, fluency_floor, clause_fluency_floor): Summarizer(fluency_floor=…, clause_fluency_floor=…)
        out["unless_garbled_or_cut_or_unfluent"] = [fluency_fallback(row["text"], m, *fluency) for row, m in zip(rows, model)]
        out["unless_garbled_or_cut_or_unfluent_any_phrase"] = [fluency_fallback(row["text"], m, *fluency, noun_phrases=False)
                                                              for row, m in zip(rows, model)]
    if f"{column}_beams" in rows[0]:  # bench_summary.py --every-beam
        out["next_beam_unless_garbled_or_cut"] = [beam_fallback(row["text"], [b for b, _ in row[f"{column}_beams"]])
                                                  for row in rows]
    if earlier:  # the clauses of an earlier run of this bench, on the same model summaries
        if [row["id"] for row in earlier] != [row["id"] for row in rows]:
            raise SystemExit("--compare: the earlier run's predictions are not the same articles")
        for name in ("guided_clause", "unless_garbled", "unless_garbled_or_cut", "unless_garbled_or_cut_any_sentences"):
            if name in earlier[0]:
                out[f"{name}_before"] = [row[name] for row in earlier]
    return out


def peer_scores(articles: list[str], references: list[str], cut_chars: int) -> dict:
    """ROUGE-L of Lead-1, and of Lead-1 cut to the shipped fallback's mean length (`lead_1_cut_N`)."""
    peers = {"lead_1": [lead_1(a) for a in articles], f"lead_1_cut_{cut_chars}": [lead_1_cut(a, cut_chars) for a in articles]}
    return {name: {"rougeL": round(score_summaries(summaries, references, articles)["rougeL"], 4)}
            for name, summaries in peers.items()}


def rated_variants(rated_dir: Path, outputs_by_set: dict[str, dict[str, list[str]]], ids_by_set: dict) -> dict:
    """Per set and variant: the yes-rate of each question over the rated articles, each article taking the
    rating of the rated headline with the same text (the model's or a clause's). `unrated` counts the
    articles whose headline in that variant was not on the sheet (a clause the rating never saw)."""
    key = read_key(rated_dir / "rating_key.jsonl")
    ratings = read_ratings(rated_dir / "rating_sheet_rated.tsv", key)
    # the model's rating wins where a clause has the same text
    entries = sorted((e["system"] == "model", item) for item, e in key.items() if e["system"] != PRINTED)
    rated = {(key[item]["set"], key[item]["id"], key[item]["headline"]): ratings.get(item) for _, item in entries}
    rated_articles = {(e["set"], e["id"]) for e in key.values()}
    report = {}
    for set_name, outputs in outputs_by_set.items():
        rows = [i for i, article in enumerate(ids_by_set[set_name]) if (set_name, article) in rated_articles]
        if not rows:
            continue
        report[set_name] = {"n": len(rows)}
        for name, summaries in outputs.items():
            picked = [rated.get((set_name, ids_by_set[set_name][i], summaries[i])) for i in rows]
            answers = {q: [a[q] for a in picked if a and a[q] is not None] for q in QUESTIONS}
            report[set_name][name] = {q: round(sum(v) / len(v), 3) if v else None for q, v in answers.items()}
            report[set_name][name]["unrated"] = sum(a is None for a in picked)
    return report


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--predictions", nargs="+", required=True, help="SET=predictions.jsonl ...")
    parser.add_argument("--variant", required=True, help="the model's column in the predictions files")
    parser.add_argument("--output-dir", default="runs/bench-clause-fallback")
    parser.add_argument("--results-name", default="clause_fallback")
    parser.add_argument("--rated", help="a rating folder of `model` and `guided_clause` (see above)")
    parser.add_argument("--rated-first", type=int, help="also report the rated rates of the first N rated articles "
                        "of each set and of the rest apart")
    parser.add_argument("--fluency-scorer", help="a folder with fluency_scorer.json: adds the column "
                        "unless_garbled_or_cut_or_unfluent and every column's mean estimate (estimated_fluent)")
    fluency_floor, clause_fluency_floor = shipped_floors()
    parser.add_argument("--fluency-floor", type=float, default=fluency_floor)
    parser.add_argument("--clause-fluency-floor", type=float, default=clause_fluency_floor)
    parser.add_argument("--compare", help="the output folder of an earlier run: its guided_clause and unless_garbled* "
                        "columns are added with the suffix _before")
    args = parser.parse_args()

    context = run_context()
    output_dir = Path(args.output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    report = {"variant": args.variant, "predictions": args.predictions, "splits": {}}
    scorer = FluencyScorer.from_pretrained(args.fluency_scorer) if args.fluency_scorer else None
    fluency = (scorer, args.fluency_floor, args.clause_fluency_floor) if scorer else None
    if fluency:
        report.update(fluency_scorer=args.fluency_scorer, fluency_floor=args.fluency_floor,
                      clause_fluency_floor=args.clause_fluency_floor)
    outputs_by_set, ids_by_set = {}, {}
    for set_name, rows in read_predictions(args.predictions).items():
        earlier = read_predictions([f"{set_name}={args.compare}/predictions_{set_name}.jsonl"])[set_name] if args.compare else None
        outputs = outputs_by_set[set_name] = variants(rows, args.variant, earlier, fluency)
        ids_by_set[set_name] = [row["id"] for row in rows]
        references, articles = [row["reference"] for row in rows], [row["text"] for row in rows]
        scores = {name: {k: round(v, 4) for k, v in score_with_garble(summaries, references, articles).items()}
                  for name, summaries in outputs.items()}
        if scorer:
            for name, summaries in {**outputs, "reference": references}.items():
                scores.setdefault(name, {})["estimated_fluent"] = round(scorer.mean_score(summaries, articles), 4)
        replaced = {name: round(sum(a != b for a, b in zip(summaries, outputs["model"])) / len(rows), 4)
                    for name, summaries in outputs.items()}
        peers = peer_scores(articles, references, round(scores["unless_garbled_or_cut"]["mean_length"]))
        report["splits"][set_name] = {"n": len(rows), "scores": scores, "share_replaced": replaced, "peers": peers}
        with open(output_dir / f"predictions_{set_name}.jsonl", "w", encoding="utf-8") as out:
            for i, row in enumerate(rows):
                record = {"id": row["id"], "text": row["text"], "reference": row["reference"]}
                out.write(json.dumps({**record, **{name: s[i] for name, s in outputs.items()}}, ensure_ascii=False) + "\n")
        print(f"[{set_name}] n={len(rows)}")
        for name in outputs:
            s = scores[name]
            print(f"  {name:16s} ROUGE-L {s['rougeL']:6.2f}  length {s['mean_length']:5.1f}  garbled "
                  f"{s['garbled_share']:.3f}  replaced {replaced[name]:.2f}"
                  + (f"  estimated fluent {s['estimated_fluent']:.3f}" if "estimated_fluent" in s else ""))
        if "reference" in scores:
            print(f"  printed headlines: estimated fluent {scores['reference']['estimated_fluent']:.3f}")
        print("  peers: " + ", ".join(f"{name} ROUGE-L {p['rougeL']:.2f}" for name, p in peers.items()))
    if args.rated:
        report["rated"] = rated_variants(Path(args.rated), outputs_by_set, ids_by_set)
        if args.rated_first:
            for part, rows in (("first", slice(None, args.rated_first)), ("rest", slice(args.rated_first, None))):
                ids = {name: ids[rows] for name, ids in ids_by_set.items()}
                outputs = {name: {v: s[rows] for v, s in o.items()} for name, o in outputs_by_set.items()}
                report[f"rated_{part}_{args.rated_first}"] = rated_variants(Path(args.rated), outputs, ids)
        for set_name, scores in report["rated"].items():
            print(f"[{set_name}] rated blind, {scores['n']} articles: " + "; ".join(
                f"{name} " + "/".join(f"{scores[name][q]:.3f}" for q in QUESTIONS) + f" ({scores[name]['unrated']} unrated)"
                for name in outputs_by_set[set_name]) + f"  ({'/'.join(QUESTIONS)})")
    save_results(args.results_name, context, report)


if __name__ == "__main__":
    main()
