"""Decoding variants of the shipped summariser on the three eval sets, next to the peers, in one process.

    python bench/bench_summary.py [--model models/zhnews-summary] [--docs 300] [--int8]
                                  [--sets dev newspaper_dev lcsts_test] [--variants current span_copy …]
                                  [--output-dir runs/bench-summary] [--speed-repeats 3] [--threads 1]
                                  [--headline-lm runs/headline-lm]

On the first --docs pairs of each set (新闻联播 dev, People's Daily 2025, LCSTS PART_III; file order, not
a sample), with the same weights:
- quality of each decoding variant (DECODING_VARIANTS: the copy-bonus decoding shipped until issue 7,
  and the span constraints of zhnews/summary/span_copy.py added one by one): char ROUGE-L, mean length,
  novel bigrams and the garble measures of zhnews/summary/garble.py;
- the peers (Lead-1, Lead-1 cut to the first variant's length, lead clause, TextRank) and the human
  headlines' own length, novelty and garble rates.
Writes {output-dir}/decoding.json (after each set, so a stopped run keeps what it finished) and
{output-dir}/predictions_{set}.jsonl (id, text, reference, one column per variant; the input of
bench/make_rating_kit.py); with --every-beam also each variant's beams (`{variant}_beams`).
--speed-repeats N also times summaries/s (median of N) per variant on the
first set.
"""

import argparse
import json
import time
from pathlib import Path

import torch

from results_file import run_context
from timing import median_seconds
from zhnews.summary.extractive import peer_summaries
from zhnews.summary.headline_lm import HeadlineScorer
from zhnews.summary.garble import garble_scores, score_with_garble
from zhnews.int8 import quantize_models
from zhnews.paths import RUNS_DIR, SHIPPED_SUMMARY_MODEL
from zhnews.summary.rouge_metric import mean_length, novel_bigram_rate
from zhnews.summary.summarizer import Summarizer
from zhnews.summary.data import SUMMARY_EVAL_SPLITS, summary_eval_sets

# every variant is the model's own decoding, whatever the folder saved: bench/bench_clause_fallback.py adds the
# clause fallback to its predictions
_CURRENT = {"source_vocabulary_only": True, "copy_bonus": 2.0, "source_logits_only": False, "clause_fallback": False}
DECODING_VARIANTS = {
    "current": {**_CURRENT, "span_copy": False, "no_repeat_words": False, "end_at_phrase": False},
    "span_copy": {**_CURRENT, "span_copy": True, "no_repeat_words": False, "end_at_phrase": False},
    "span_copy_words": {**_CURRENT, "span_copy": True, "no_repeat_words": True, "end_at_phrase": False},
    "span_copy_words_phrase": {**_CURRENT, "span_copy": True, "no_repeat_words": True, "end_at_phrase": True},
    "words_phrase": {**_CURRENT, "span_copy": False, "no_repeat_words": True, "end_at_phrase": True},
    # the same constraints, the article-only vocabulary computed in the output layer (renormalised)
    "span_copy_words_phrase_source_logits": {**_CURRENT, "span_copy": True, "no_repeat_words": True,
                                             "end_at_phrase": True, "source_logits_only": True},
}
_SHIPPED = DECODING_VARIANTS["span_copy_words_phrase_source_logits"]
# …and a penalty on each new copied span after the first (fewer, longer spans)
DECODING_VARIANTS.update({f"few_spans_{penalty}": {**_SHIPPED, "new_span_penalty": float(penalty)}
                          for penalty in (1, 2, 4)})
# …and no ending where the article's phrase goes on with a noun or a name
DECODING_VARIANTS.update({f"{name}_nouns": {**DECODING_VARIANTS[name], "no_end_before_noun": True}
                          for name in ("span_copy_words_phrase_source_logits", "few_spans_1", "few_spans_2")})
# …and the beams reranked with a headline LM (--headline-lm; zhnews/summary/headline_lm.py), also from 8 beams
_FEW_SPANS = DECODING_VARIANTS["few_spans_2_nouns"]
# …and a penalty on new spans that go back in the article (100: never)
DECODING_VARIANTS.update({f"few_spans_2_nouns_back_{penalty}": {**_FEW_SPANS, "backward_span_penalty": float(penalty)}
                          for penalty in (1, 2, 4, 100)})
# …and beam search run until no unfinished beam can beat a finished one (early_stopping=False), instead of
# stopping at the first num_beams finished ones, which cut longer, better beams short
DECODING_VARIANTS.update({f"{name}_finish": {**DECODING_VARIANTS[name], "early_stopping": False}
                          for name in ("few_spans_2_nouns", "few_spans_2_nouns_back_2")})
# …with a higher penalty per new span (the longer finished beams are copied in more spans)
DECODING_VARIANTS.update({f"few_spans_{penalty}_nouns_back_2_finish": {**DECODING_VARIANTS["few_spans_2_nouns_back_2_finish"],
                                                                      "new_span_penalty": float(penalty)}
                          for penalty in (3, 4)})
# …with a penalty on new spans outside the previous span's sentence (100: never)
DECODING_VARIANTS.update({f"few_spans_2_nouns_back_2_finish_jump_{penalty}": {
    **DECODING_VARIANTS["few_spans_2_nouns_back_2_finish"], "sentence_jump_penalty": float(penalty)} for penalty in (1, 2, 4, 100)})
# …and on new spans outside the previous span's clause
DECODING_VARIANTS.update({f"few_spans_2_nouns_back_2_finish_jump_2_clause_{penalty}": {
    **DECODING_VARIANTS["few_spans_2_nouns_back_2_finish_jump_2"], "clause_jump_penalty": float(penalty)} for penalty in (1, 2)})
# …and on new spans that skip a verb of the article
DECODING_VARIANTS.update({f"few_spans_2_nouns_back_2_finish_jump_2_clause_1_verb_{penalty}": {
    **DECODING_VARIANTS["few_spans_2_nouns_back_2_finish_jump_2_clause_1"], "verb_skip_penalty": float(penalty)}
    for penalty in (1, 2)})
# …and on ending before the summary has a predicate
_VERB_2 = "few_spans_2_nouns_back_2_finish_jump_2_clause_1_verb_2"
DECODING_VARIANTS.update({f"{_VERB_2}_verbless_{penalty:g}": {
    **DECODING_VARIANTS[_VERB_2], "verbless_end_penalty": float(penalty)} for penalty in (1, 2, 3, 4)})
# …and from 8 beams
DECODING_VARIANTS["few_spans_2_nouns_back_2_finish_beams8"] = {**DECODING_VARIANTS["few_spans_2_nouns_back_2_finish"],
                                                                "num_beams": 8}
DECODING_VARIANTS.update({f"rerank_{weight:g}": {**_FEW_SPANS, "rerank_weight": weight}
                          for weight in (0.5, 1.0, 2.0, 4.0)})
DECODING_VARIANTS.update({f"rerank_{weight:g}_beams8": {**_FEW_SPANS, "rerank_weight": weight, "num_beams": 8}
                          for weight in (0.0, 1.0, 2.0, 4.0)})
# …or the headline LM's next-token scores added at every step (shallow fusion)
DECODING_VARIANTS.update({f"fusion_{weight:g}": {**_FEW_SPANS, "fusion_weight": weight} for weight in (0.2, 0.5, 1.0)})
SHOWN = ("rougeL", "mean_length", "novel_bigram_rate", "garbled_share", "stitch_share", "doubled_char_share",
         "novel_word_rate", "novel_trigram_rate")


def rounded(scores: dict) -> dict:
    return {key: round(scores[key], 3) for key in SHOWN if key in scores}


def bench_set(summarizer: Summarizer, rows: list[dict], variants: list[str], batch_size: int,
              every_beam: bool = False) -> tuple[dict, dict]:
    """Scores of every variant and peer on one set, and the outputs by name (with every_beam, also each
    variant's beams as `{name}_beams`: [summary, score] pairs, best first; the summary is the best beam)."""
    texts, references = [r["text"] for r in rows], [r["summary"] for r in rows]
    outputs, scores = {}, {"n": len(rows)}
    for name in variants:
        started = time.perf_counter()
        if every_beam:
            outputs[f"{name}_beams"] = summarizer.candidates(texts, batch_size, **DECODING_VARIANTS[name])
            outputs[name] = [beams[0][0] for beams in outputs[f"{name}_beams"]]
        else:
            outputs[name] = summarizer.summarize(texts, batch_size, **DECODING_VARIANTS[name])
        scores[name] = {**rounded(score_with_garble(outputs[name], references, texts)),
                        "seconds": round(time.perf_counter() - started, 1)}
        print(f"  {name:24s}" + "".join(f"{scores[name].get(k, 0):10.3f}" for k in SHOWN), flush=True)
    peers = peer_summaries(texts, cut_chars=max(1, round(scores[variants[0]]["mean_length"])))
    for name, summaries in peers.items():
        scores[name] = rounded(score_with_garble(summaries, references, texts))
        outputs[name] = summaries
    scores["reference"] = rounded({"mean_length": mean_length(references),
                                   "novel_bigram_rate": novel_bigram_rate(references, texts),
                                   **garble_scores(references, texts)})
    return scores, outputs


def write_predictions(path: Path, rows: list[dict], outputs: dict[str, list[str]]) -> None:
    with open(path, "w", encoding="utf-8") as f:
        for i, row in enumerate(rows):
            record = {"id": row["id"], "text": row["text"], "reference": row["summary"],
                      **{name: summaries[i] for name, summaries in outputs.items()}}
            f.write(json.dumps(record, ensure_ascii=False) + "\n")


def speed(summarizer: Summarizer, texts: list[str], variants: list[str], batch_size: int, repeats: int) -> dict:
    return {name: round(len(texts) / median_seconds(
        lambda: summarizer.summarize(texts, batch_size, **DECODING_VARIANTS[name]), repeats), 2)
        for name in variants}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default=str(SHIPPED_SUMMARY_MODEL))
    parser.add_argument("--docs", type=int, default=300)
    parser.add_argument("--sets", nargs="*", default=list(SUMMARY_EVAL_SPLITS), choices=list(SUMMARY_EVAL_SPLITS))
    parser.add_argument("--variants", nargs="*", default=["current", "span_copy", "span_copy_words_phrase"],
                        choices=list(DECODING_VARIANTS))
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--output-dir", default=str(RUNS_DIR / "bench-summary"))
    parser.add_argument("--speed-repeats", type=int, default=0)
    parser.add_argument("--threads", type=int, help="torch threads (1 is fastest on a shared, busy CPU)")
    parser.add_argument("--int8", action="store_true", help="dynamic int8 linear layers (zhnews/int8.py)")
    parser.add_argument("--every-beam", action="store_true",
                        help="also write each variant's beams ({variant}_beams: [summary, score], best first)")
    parser.add_argument("--headline-lm", help="a headline LM folder for the rerank_* and fusion_* variants "
                                              "(default: the model's own headline_lm/, if it has one)")
    args = parser.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)

    output_dir = Path(args.output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    eval_sets = summary_eval_sets()
    summarizer = Summarizer.from_pretrained(args.model)
    if args.headline_lm:
        summarizer.headline_scorer = HeadlineScorer.from_pretrained(args.headline_lm)
    if args.int8:
        quantize_models(summarizer=summarizer)
    report = {**run_context(), "model": args.model, "headline_lm": args.headline_lm, "int8": args.int8, "docs_per_set": args.docs,
              "threads": torch.get_num_threads(),
              "saved_decoding": summarizer.decoding_settings(),
              "variants": {name: DECODING_VARIANTS[name] for name in args.variants}, "sets": {}}
    print(f"{'':26s}" + "".join(f"{k[:9]:>10s}" for k in SHOWN))
    for name in args.sets:
        rows = eval_sets[name][: args.docs]
        print(f"[{name}] first {len(rows)} pairs", flush=True)
        report["sets"][name], outputs = bench_set(summarizer, rows, args.variants, args.batch_size,
                                                              args.every_beam)
        for peer in ("lead_1", "lead_1_cut", "lead_clause", "textrank", "reference"):
            print(f"  {peer:24s}" + "".join(f"{report['sets'][name][peer].get(k, 0):10.3f}" for k in SHOWN))
        write_predictions(output_dir / f"predictions_{name}.jsonl", rows, outputs)
        (output_dir / "decoding.json").write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
    if args.speed_repeats:
        texts = [r["text"] for r in eval_sets[args.sets[0]][: args.docs]]
        report["summaries_per_second"] = speed(summarizer, texts, args.variants, args.batch_size, args.speed_repeats)
        print(json.dumps(report["summaries_per_second"]))
    (output_dir / "decoding.json").write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
