"""`zhnews label` as a whole process against plain transformers loops, in one run on the same stories,
at equal torch thread counts.

    python bench/bench_label.py [--topic-docs 2000] [--summary-docs 100] [--threads 1 2] [--fp16-docs 50]

- Topic: the first --topic-docs 新闻联播 dev stories (title + text, normalised as in training).
  Baseline: `transformers.pipeline("text-classification", model="models/zhnews-topic",
  truncation=True, batch_size=8)`. Loaded as written it computes in fp16 (the shipped weights' dtype),
  which is slow on CPU, so the baseline is also run with dtype=float32; ratios are against the faster
  one (fp16 on the first --fp16-docs stories only: it is too slow for all of them).
- Summaries: the first --summary-docs dev stories. Baseline: a plain `AutoModelForSeq2SeqLM.generate`
  loop in batches of 8 with the saved generation config (fp32 and fp16 as above).
- For each --threads N the baselines run in this process with torch.set_num_threads(N) (their model
  loading not timed), and
  `zhnews label --threads N` runs as a subprocess (start-up, model loading, reading and writing
  included) with its defaults (topic: bf16 where native; summaries: int8); at the first N also with
  --bf16 off and --int8 on (topic), and --int8 off (summaries: fp32).
  Macro-F1 (topic) and char ROUGE-L (summaries) come from the output files, so quality changes are
  measured on the same rows (bench/bench_topic_precision.py: on the whole dev splits).
Everything runs in /tmp; the figures go to bench/results/bench_label.json.
"""

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import torch

from results_file import run_context, save_results
from zhnews.topic.classification_metrics import classification_scores
from zhnews.hardware import bf16_is_fast
from zhnews.labels import LABEL2ID, TOPIC_LABELS
from zhnews.paths import REPO_ROOT, SHIPPED_SUMMARY_MODEL, SHIPPED_TOPIC_MODEL
from zhnews.summary.rouge_metric import score_summaries
from zhnews.summary.data import xwlb_pairs
from zhnews.topic.data import xwlb_topic_rows

PLAIN_BATCH_SIZE = 8


def write_jsonl(path: Path, rows: list[dict]) -> None:
    path.write_text("".join(json.dumps({"id": r["id"], "text": r["text"]}, ensure_ascii=False) + "\n"
                            for r in rows), encoding="utf-8")


def timed(fn):
    started = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - started


def plain_topic_pipeline(dtype):
    """The baseline classifier: a text-classification pipeline; returns texts -> labels."""
    from transformers import pipeline

    kwargs = {} if dtype is None else {"dtype": dtype}
    classify = pipeline("text-classification", model=str(SHIPPED_TOPIC_MODEL), truncation=True,
                        batch_size=PLAIN_BATCH_SIZE, **kwargs)
    return lambda texts: [p["label"] for p in classify(texts)]


def plain_generate_loop(dtype):
    """The baseline summariser: generate() in batches of 8 with the saved generation config; returns
    texts -> summaries."""
    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

    from zhnews.summary.summarizer import join_chinese

    kwargs = {} if dtype is None else {"dtype": dtype}
    model = AutoModelForSeq2SeqLM.from_pretrained(str(SHIPPED_SUMMARY_MODEL), use_safetensors=True, **kwargs)
    tokenizer = AutoTokenizer.from_pretrained(str(SHIPPED_SUMMARY_MODEL))

    def summarize(texts: list[str]) -> list[str]:
        summaries = []
        for start in range(0, len(texts), PLAIN_BATCH_SIZE):
            batch = tokenizer(texts[start:start + PLAIN_BATCH_SIZE], truncation=True, padding=True,
                              return_tensors="pt")
            output = model.generate(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"])
            summaries += [join_chinese(s) for s in tokenizer.batch_decode(output, skip_special_tokens=True)]
        return summaries
    return summarize


def zhnews_label(source: Path, output: Path, task: str, threads: int, *options: str) -> tuple[list[dict], float]:
    command = [sys.executable, "-m", "zhnews.cli", "label", str(source), "-o", str(output), "--tasks", task,
               "--threads", str(threads), "--quiet", "--overwrite", *options]
    _, seconds = timed(lambda: subprocess.run(command, check=True, cwd=REPO_ROOT, capture_output=True))
    rows = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]
    return rows, seconds


OTHER_PATHS = {"topic": {"zhnews label --bf16 off": ("--bf16", "off"), "zhnews label --int8 on": ("--int8", "on")},
               "summary": {"zhnews label --int8 off": ("--int8", "off")}}


def label_variants(task: str, other_paths: bool) -> dict[str, tuple[str, ...]]:
    """zhnews label runs at one thread count: its defaults, and with other_paths the other precisions."""
    return {"zhnews label": (), **(OTHER_PATHS[task] if other_paths else {})}


def at_threads(threads: int, baselines: dict, label_runs: dict) -> dict:
    """Baselines and zhnews label runs at one thread count; each zhnews run's ratio is its docs/s over
    the faster baseline's."""
    torch.set_num_threads(threads)
    result = {name: run() for name, run in baselines.items()}
    fastest = max(row["docs_per_s"] for row in result.values())
    for name, run in label_runs.items():
        result[name] = run()
        result[name]["ratio"] = result[name]["docs_per_s"] / fastest
    return result


def baselines_to_run(fp32, fp16, fp16_docs: int) -> dict:
    """The fp32 baseline, and the baseline as loaded (fp16) unless fp16_docs is 0."""
    return {"fp32": fp32, **({"as loaded (fp16)": fp16} if fp16_docs else {})}


def bench_topic(folder: Path, n_docs: int, fp16_docs: int, threads: list[int], other_paths: bool) -> dict:
    rows = xwlb_topic_rows()["dev"][:n_docs]
    texts, labels = [r["text"] for r in rows], [r["label"] for r in rows]
    write_jsonl(folder / "topic.jsonl", rows)

    def baseline(texts_run, dtype):
        classify = plain_topic_pipeline(dtype)  # loading is not timed: the baseline gets its best case
        predicted, seconds = timed(lambda: classify(texts_run))
        return {"docs": len(texts_run), "docs_per_s": len(texts_run) / seconds,
                "macro_f1": macro_f1([LABEL2ID[p] for p in predicted], labels[:len(texts_run)])}

    def label_run(t, options):
        out, seconds = zhnews_label(folder / "topic.jsonl", folder / "topic-out.jsonl", "topic", t, *options)
        return {"docs": len(out), "docs_per_s": len(out) / seconds,
                "macro_f1": macro_f1([LABEL2ID[r["topic"]] for r in out], labels)}

    result = {"docs": len(texts), "bf16_default_here": bf16_is_fast()}
    for t in threads:
        result[f"{t} threads"] = at_threads(
            t, {f"plain pipeline, {k}": run for k, run in baselines_to_run(
                lambda: baseline(texts, torch.float32), lambda: baseline(texts[:fp16_docs], None), fp16_docs).items()},
            {name: (lambda o=options, t=t: label_run(t, o)) for name, options in
             label_variants("topic", other_paths and t == threads[0]).items()})
    return result


def bench_summary(folder: Path, n_docs: int, fp16_docs: int, threads: list[int], other_paths: bool) -> dict:
    pairs = xwlb_pairs()["dev"][:n_docs]
    texts = [p["text"] for p in pairs]
    write_jsonl(folder / "summary.jsonl", pairs)

    def baseline(texts_run, dtype):
        summarize = plain_generate_loop(dtype)  # loading is not timed: the baseline gets its best case
        summaries, seconds = timed(lambda: summarize(texts_run))
        return {"docs": len(texts_run), "docs_per_s": len(texts_run) / seconds,
                "rougeL": rouge_l(summaries, pairs[:len(texts_run)])}

    def label_run(t, options):
        out, seconds = zhnews_label(folder / "summary.jsonl", folder / "summary-out.jsonl", "summary", t, *options)
        return {"docs": len(out), "docs_per_s": len(out) / seconds, "rougeL": rouge_l([r["summary"] for r in out], pairs)}

    result = {"docs": len(texts)}
    for t in threads:
        variants = label_variants("summary", other_paths and t == threads[0])
        result[f"{t} threads"] = at_threads(
            t, {f"plain generate loop, {k}": run for k, run in baselines_to_run(
                lambda: baseline(texts, torch.float32), lambda: baseline(texts[:fp16_docs], None), fp16_docs).items()},
            {name: (lambda o=options, t=t: label_run(t, o)) for name, options in variants.items()})
    return result


def macro_f1(predicted: list[int], labels: list[int]) -> float:
    return classification_scores(predicted, labels, TOPIC_LABELS)["macro_f1"]


def rouge_l(summaries: list[str], pairs: list[dict]) -> float:
    return score_summaries(summaries, [p["summary"] for p in pairs], [p["text"] for p in pairs])["rougeL"]


def print_table(report: dict) -> None:
    for task in ("topic", "summary"):
        for section, runs in report.get(task, {}).items():
            if isinstance(runs, dict):
                for name, row in runs.items():
                    print(f"{task:8s} {section:10s} {name:38s} " + "  ".join(f"{k} {v:.3f}" for k, v in row.items()))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--topic-docs", type=int, default=2000)
    parser.add_argument("--summary-docs", type=int, default=100)
    parser.add_argument("--fp16-docs", type=int, default=50, help="stories for the (slow) fp16 baselines; 0: skip them")
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2], help="torch threads, both sides")
    parser.add_argument("--tasks", nargs="+", default=["topic", "summary"])
    parser.add_argument("--no-other-paths", action="store_true",
                        help="skip the runs at other precisions (their quality: bench_topic_precision.py, "
                             "bench_summary.py --int8)")
    parser.add_argument("--results", default="bench_label", help="name of the file in bench/results/")
    args = parser.parse_args()

    context = run_context()
    report = {}
    with tempfile.TemporaryDirectory(prefix="bench-label-") as folder:
        if "topic" in args.tasks:
            report["topic"] = bench_topic(Path(folder), args.topic_docs, args.fp16_docs, args.threads,
                                          not args.no_other_paths)
        if "summary" in args.tasks:
            report["summary"] = bench_summary(Path(folder), args.summary_docs, args.fp16_docs, args.threads,
                                              not args.no_other_paths)
    print_table(report)
    save_results(args.results, context, report)


if __name__ == "__main__":
    main()
