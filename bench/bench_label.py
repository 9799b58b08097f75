"""`zhnews label` as a whole process against plain transformers loops, in one run on the same stories.

    python bench/bench_label.py [--topic-docs 2000] [--summary-docs 200] [--threads 1 2] [--fp16-docs 200]

- Topic: the first --topic-docs 新闻联播 dev stories (title + text, normalised as in training).
  Baseline: `transformers.pipeline("text-classification", model="models/zhnews-topic",
  truncation=True, batch_size=8)`. Loaded as written it computes in fp16 (the shipped weights' dtype),
  which is slow on CPU, so the baseline is also run with dtype=float32; ratios are against the faster
  one (fp16 on the first --fp16-docs stories only: it is too slow for all of them).
- Summaries: the first --summary-docs dev stories. Baseline: a plain `AutoModelForSeq2SeqLM.generate`
  loop in batches of 8 with the saved generation config (fp32 and fp16 as above).
- `zhnews label` runs as a subprocess (start-up, model loading, reading and writing included) with
  each --threads, and with --int8. Macro-F1 (topic) and char ROUGE-L (summaries) come from its
  output files, so the int8 quality change is measured on the same rows.
Baselines use torch's default thread count. Everything runs in /tmp; nothing is written to the repo.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import torch

from zhnews.classification_metrics import classification_scores
from zhnews.labels import LABEL2ID, TOPIC_LABELS
from zhnews.paths import REPO_ROOT, SHIPPED_SUMMARY_MODEL, SHIPPED_TOPIC_MODEL
from zhnews.rouge_metric import score_summaries
from zhnews.summary_data import xwlb_pairs
from zhnews.topic_data import xwlb_topic_rows

PLAIN_BATCH_SIZE = 8


def write_jsonl(path: Path, rows: list[dict]) -> None:
    path.write_text("".join(json.dumps({"id": r["id"], "text": r["text"]}, ensure_ascii=False) + "\n"
                            for r in rows), encoding="utf-8")


def timed(fn):
    started = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - started


def plain_topic_pipeline(texts: list[str], dtype) -> list[str]:
    from transformers import pipeline

    kwargs = {} if dtype is None else {"dtype": dtype}
    classify = pipeline("text-classification", model=str(SHIPPED_TOPIC_MODEL), truncation=True,
                        batch_size=PLAIN_BATCH_SIZE, **kwargs)
    return [p["label"] for p in classify(texts)]


def plain_generate_loop(texts: list[str], dtype) -> list[str]:
    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

    from zhnews.summarizer import join_chinese

    kwargs = {} if dtype is None else {"dtype": dtype}
    model = AutoModelForSeq2SeqLM.from_pretrained(str(SHIPPED_SUMMARY_MODEL), use_safetensors=True, **kwargs)
    tokenizer = AutoTokenizer.from_pretrained(str(SHIPPED_SUMMARY_MODEL))
    summaries = []
    for start in range(0, len(texts), PLAIN_BATCH_SIZE):
        batch = tokenizer(texts[start:start + PLAIN_BATCH_SIZE], truncation=True, padding=True, return_tensors="pt")
        output = model.generate(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"])
        summaries += [join_chinese(s) for s in tokenizer.batch_decode(output, skip_special_tokens=True)]
    return summaries


def zhnews_label(source: Path, output: Path, task: str, threads: int, int8: bool) -> tuple[list[dict], float]:
    command = [sys.executable, "-m", "zhnews.cli", "label", str(source), "-o", str(output), "--tasks", task,
               "--threads", str(threads), "--quiet", "--overwrite"] + (["--int8"] if int8 else [])
    _, seconds = timed(lambda: subprocess.run(command, check=True, cwd=REPO_ROOT, capture_output=True))
    rows = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]
    return rows, seconds


def label_variants(threads: list[int]) -> list[tuple[str, int, bool]]:
    return [(f"zhnews label, {t} thread{'s' * (t > 1)}", t, False) for t in threads] + \
           [(f"zhnews label --int8, {threads[0]} thread{'s' * (threads[0] > 1)}", threads[0], True)]


def bench_topic(folder: Path, n_docs: int, fp16_docs: int, threads: list[int]) -> dict:
    rows = xwlb_topic_rows()["dev"][:n_docs]
    texts, labels = [r["text"] for r in rows], [r["label"] for r in rows]
    write_jsonl(folder / "topic.jsonl", rows)
    result = {"docs": len(texts)}
    predicted, seconds = timed(lambda: plain_topic_pipeline(texts, torch.float32))
    result["plain pipeline, fp32"] = {"docs_per_s": len(texts) / seconds,
                                      "macro_f1": macro_f1([LABEL2ID[p] for p in predicted], labels)}
    _, seconds = timed(lambda: plain_topic_pipeline(texts[:fp16_docs], None))
    result["plain pipeline as loaded (fp16)"] = {"docs_per_s": min(fp16_docs, len(texts)) / seconds}
    for name, t, int8 in label_variants(threads):
        out, seconds = zhnews_label(folder / "topic.jsonl", folder / "topic-out.jsonl", "topic", t, int8)
        result[name] = {"docs_per_s": len(out) / seconds, "macro_f1": macro_f1([LABEL2ID[r["topic"]] for r in out],
                                                                                labels)}
    return result


def bench_summary(folder: Path, n_docs: int, fp16_docs: int, threads: list[int]) -> dict:
    pairs = xwlb_pairs()["dev"][:n_docs]
    texts, references = [p["text"] for p in pairs], [p["summary"] for p in pairs]
    write_jsonl(folder / "summary.jsonl", pairs)
    result = {"docs": len(texts)}
    summaries, seconds = timed(lambda: plain_generate_loop(texts, torch.float32))
    result["plain generate loop, fp32"] = {"docs_per_s": len(texts) / seconds, "rougeL": rouge_l(summaries, pairs)}
    _, seconds = timed(lambda: plain_generate_loop(texts[:fp16_docs], None))
    result["plain generate loop as loaded (fp16)"] = {"docs_per_s": min(fp16_docs, len(texts)) / seconds}
    for name, t, int8 in label_variants(threads):
        out, seconds = zhnews_label(folder / "summary.jsonl", folder / "summary-out.jsonl", "summary", t, int8)
        result[name] = {"docs_per_s": len(out) / seconds, "rougeL": rouge_l([r["summary"] for r in out], pairs)}
    return result


def macro_f1(predicted: list[int], labels: list[int]) -> float:
    return classification_scores(predicted, labels, TOPIC_LABELS)["macro_f1"]


def rouge_l(summaries: list[str], pairs: list[dict]) -> float:
    return score_summaries(summaries, [p["summary"] for p in pairs], [p["text"] for p in pairs])["rougeL"]


def add_ratios(result: dict, baselines: list[str]) -> None:
    """docs/s of every zhnews variant over the faster baseline."""
    baseline = max(result[name]["docs_per_s"] for name in baselines)
    for name, row in result.items():
        if isinstance(row, dict) and name.startswith("zhnews"):
            row["ratio_vs_faster_baseline"] = row["docs_per_s"] / baseline


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--topic-docs", type=int, default=2000)
    parser.add_argument("--summary-docs", type=int, default=200)
    parser.add_argument("--fp16-docs", type=int, default=200, help="stories for the (slow) fp16 baselines")
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2], help="zhnews label --threads values")
    parser.add_argument("--tasks", nargs="+", default=["topic", "summary"])
    args = parser.parse_args()

    report = {"torch_default_threads": torch.get_num_threads(), "cpus": os.cpu_count()}
    with tempfile.TemporaryDirectory(prefix="bench-label-") as folder:
        if "topic" in args.tasks:
            report["topic"] = bench_topic(Path(folder), args.topic_docs, args.fp16_docs, args.threads)
            add_ratios(report["topic"], ["plain pipeline, fp32", "plain pipeline as loaded (fp16)"])
        if "summary" in args.tasks:
            report["summary"] = bench_summary(Path(folder), args.summary_docs, args.fp16_docs, args.threads)
            add_ratios(report["summary"], ["plain generate loop, fp32", "plain generate loop as loaded (fp16)"])
    for task in ("topic", "summary"):
        for name, row in report.get(task, {}).items():
            if isinstance(row, dict):
                print(f"{task:8s} {name:42s} " + "  ".join(f"{k} {v:.3f}" for k, v in row.items()))
    print(json.dumps(report, ensure_ascii=False))


if __name__ == "__main__":
    main()
