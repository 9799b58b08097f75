"""The shipped summariser against Lead-1 on a dev sample: decoding variants, and generation speed on CPU.

    python bench/bench_summary.py [--model models/zhnews-summary] [--docs 256] [--repeats 3]
                                  [--copy-bonus 1 2 3] [--length-penalty 1.0 1.5]

On the first --docs 新闻联播 dev stories, in one process:
- quality (char ROUGE-L, mean length, novel-bigram rate) of plain beam search, of the source-vocabulary
  constraint, and of the constraint with each --copy-bonus × --length-penalty (zhnews/source_vocabulary.py),
  next to Lead-1 and Lead-1 cut to the constrained model's length;
- summaries/s (median of --repeats runs) with the decoding saved with the model: greedy against 4 beams,
  length-sorted against unsorted batches, and plain beam search (the cost of the source-side decoding).
"""

import argparse
import json

import torch

from timing import median_seconds
from zhnews.extractive import lead_1, lead_1_cut
from zhnews.paths import SHIPPED_SUMMARY_MODEL
from zhnews.rouge_metric import score_summaries
from zhnews.summarizer import Summarizer
from zhnews.summary_data import xwlb_pairs


def rounded(scores: dict) -> dict:
    return {"rougeL": round(scores["rougeL"], 2), "mean_length": round(scores["mean_length"], 1),
            "novel_bigram_rate": round(scores["novel_bigram_rate"], 3)}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default=str(SHIPPED_SUMMARY_MODEL))
    parser.add_argument("--docs", type=int, default=256)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--copy-bonus", type=float, nargs="*", default=[1.0, 2.0, 3.0])
    parser.add_argument("--length-penalty", type=float, nargs="*", default=[1.0, 1.5])
    args = parser.parse_args()

    dev = xwlb_pairs()["dev"][: args.docs]
    texts, references = [row["text"] for row in dev], [row["summary"] for row in dev]
    summarizer = Summarizer.from_pretrained(args.model)
    saved = {"source_vocabulary_only": summarizer.source_vocabulary_only, "copy_bonus": summarizer.copy_bonus}
    report = {"model": args.model, "docs": len(texts), "threads": torch.get_num_threads(), "saved_decoding": saved,
              "quality": {"lead_1": rounded(score_summaries([lead_1(t) for t in texts], references, texts))}}

    variants = {"plain beam search": {"source_vocabulary_only": False, "copy_bonus": 0.0},
                "source vocabulary only": {"source_vocabulary_only": True, "copy_bonus": 0.0}}
    variants.update({f"source vocabulary + copy bonus {b:g}, length penalty {p:g}":
                     {"source_vocabulary_only": True, "copy_bonus": b, "length_penalty": p}
                     for b in args.copy_bonus for p in args.length_penalty})
    for name, decoding in variants.items():
        summaries = summarizer.summarize(texts, args.batch_size, **decoding)
        report["quality"][name] = rounded(score_summaries(summaries, references, texts))
    cut = round(report["quality"]["source vocabulary only"]["mean_length"])
    report["quality"][f"lead_1 cut to {cut} chars"] = rounded(
        score_summaries([lead_1_cut(t, cut) for t in texts], references, texts))

    speed = {}
    for name, kwargs in (("as saved, 4 beams, length-sorted", {}),
                         ("as saved, 4 beams, unsorted", {"sort_by_length": False}),
                         ("as saved, greedy, length-sorted", {"num_beams": 1}),
                         ("plain beam search, length-sorted", {"source_vocabulary_only": False, "copy_bonus": 0.0})):
        seconds = median_seconds(lambda: summarizer.summarize(texts, args.batch_size, **kwargs), args.repeats)
        speed[name] = round(len(texts) / seconds, 1)
    speed["length_sorting_speedup"] = round(speed["as saved, 4 beams, length-sorted"]
                                            / speed["as saved, 4 beams, unsorted"], 2)
    report["summaries_per_second"] = speed

    for name, row in report["quality"].items():
        print(f"{name:56s} ROUGE-L {row['rougeL']:6.2f}  length {row['mean_length']:5.1f}  "
              f"novel bigrams {row['novel_bigram_rate']:.3f}")
    for name, value in speed.items():
        print(f"{name:56s} {value}")
    print(json.dumps(report, ensure_ascii=False))


if __name__ == "__main__":
    main()
