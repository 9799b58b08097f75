"""Reranking the summariser's beams with the headline LM: which score, which weight, how many beams.

    python bench/bench_headline_rerank.py [--model models/zhnews-summary] [--headline-lm runs/headline-lm]
        [--docs 300] [--sets newspaper_dev dev lcsts_test] [--num-beams 4 8] [--weights 0.5 1 2 4]
        [--results-name headline_rerank] [--output-dir runs/bench-headline-rerank]

Beam search runs once per set and beam count (`Summarizer.candidates`: every beam with its score, the
model's saved decoding); every reranking rule then picks from those same beams: beam score + w × the LM's
mean log-probability per token (`mean`), or + w × SLOR (`slor`: LM minus unigram log-probability per token,
which neither favours short headlines nor punishes rare names). Char ROUGE-L, length and the garble
measures per rule and set: bench/results/NAME.json; every rule's summaries:
{output-dir}/predictions_{set}.jsonl (the input of bench/make_rating_kit.py).
"""

import argparse
import json
from pathlib import Path

import torch

from results_file import run_context, save_results
from zhnews.paths import RUNS_DIR, SHIPPED_SUMMARY_MODEL
from zhnews.summary.data import SUMMARY_EVAL_SPLITS, summary_eval_sets
from zhnews.summary.garble import score_with_garble
from zhnews.summary.headline_lm import HeadlineScorer, rerank, score_beams
from zhnews.summary.summarizer import Summarizer

SHOWN = ("rougeL", "mean_length", "novel_bigram_rate", "garbled_share", "stitch_share", "novel_word_rate")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default=str(SHIPPED_SUMMARY_MODEL))
    parser.add_argument("--headline-lm", default=str(RUNS_DIR / "headline-lm"))
    parser.add_argument("--docs", type=int, default=300)
    parser.add_argument("--sets", nargs="*", default=list(SUMMARY_EVAL_SPLITS), choices=list(SUMMARY_EVAL_SPLITS))
    parser.add_argument("--num-beams", type=int, nargs="+", default=[4, 8])
    parser.add_argument("--weights", type=float, nargs="+", default=[0.5, 1.0, 2.0, 4.0])
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--results-name", default="headline_rerank")
    parser.add_argument("--output-dir", default=str(RUNS_DIR / "bench-headline-rerank"))
    args = parser.parse_args()
    torch.set_num_threads(args.threads)

    context = run_context()
    summarizer = Summarizer.from_pretrained(args.model)
    lm = HeadlineScorer.from_pretrained(args.headline_lm)
    slor, mean = lm, HeadlineScorer(lm.model, lm.tokenizer)  # the same LM, with and without its unigram table
    if slor.unigram is None:
        raise SystemExit(f"{args.headline_lm} has no unigram.safetensors (training/run_headline_lm.py writes it)")
    eval_sets = summary_eval_sets()
    output_dir = Path(args.output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    report = {"model": args.model, "headline_lm": args.headline_lm, "docs_per_set": args.docs, "sets": {}}
    for set_name in args.sets:
        rows = eval_sets[set_name][: args.docs]
        texts, references = [r["text"] for r in rows], [r["summary"] for r in rows]
        outputs = {}
        for num_beams in args.num_beams:
            beams = summarizer.candidates(texts, args.batch_size, num_beams=num_beams)
            outputs[f"beams{num_beams}"] = [candidates[0][0] for candidates in beams]
            for measure, scorer in (("mean", mean), ("slor", slor)):
                lm_scores = score_beams(scorer, beams)
                for weight in args.weights:
                    outputs[f"beams{num_beams}_{measure}_{weight:g}"] = rerank(beams, lm_scores, weight)
        report["sets"][set_name] = {name: {k: round(v, 3) for k, v in score_with_garble(
            summaries, references, texts).items() if k in SHOWN} for name, summaries in outputs.items()}
        print(f"[{set_name}] first {len(rows)} pairs\n{'':24s}" + "".join(f"{k[:9]:>10s}" for k in SHOWN))
        for name, scores in report["sets"][set_name].items():
            print(f"  {name:22s}" + "".join(f"{scores[k]:10.3f}" for k in SHOWN), flush=True)
        with open(output_dir / f"predictions_{set_name}.jsonl", "w", encoding="utf-8") as f:
            for i, row in enumerate(rows):
                f.write(json.dumps({"id": row["id"], "text": row["text"], "reference": row["summary"],
                                    **{name: summaries[i] for name, summaries in outputs.items()}},
                                   ensure_ascii=False) + "\n")
    save_results(args.results_name, context, report)


if __name__ == "__main__":
    main()
