"""Streaming: `zhnews label` keeps memory flat however large the input is.

    python bench/bench_label_memory.py [--sizes-mb 100 1000] [--row-chars 190000] [--folder /tmp]

Writes JSON-lines archives of each size to --folder (not the repo), every row a long article
(新闻联播 dev stories joined up to --row-chars characters, under the 200,000-character row limit:
each row is cut to its head and tail before tokenising, zhnews/text_cut.py), runs
`zhnews label FILE -o OUT --tasks topic` on each as a separate process, and reports rows, docs/s
and that process's peak RSS (os.wait4). The archives are deleted afterwards; the figures go to
bench/results/label_memory.json.
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from results_file import run_context, save_results
from zhnews.labeller import MAX_TEXT_CHARS
from zhnews.paths import REPO_ROOT
from zhnews.summary.data import xwlb_pairs


def long_rows(row_chars: int):
    """Endless rows of row_chars characters made of consecutive dev stories."""
    stories = [p["text"] for p in xwlb_pairs()["dev"]]
    joined = "\n".join(stories)
    n = 0
    while True:
        start = (n * 7919) % (len(joined) - row_chars)
        yield {"id": f"long-{n}", "text": joined[start:start + row_chars]}
        n += 1


def write_archive(path: Path, megabytes: int, row_chars: int) -> int:
    rows, target = 0, megabytes * 1_000_000
    with open(path, "w", encoding="utf-8") as f:
        for row in long_rows(row_chars):
            if f.tell() >= target:
                break
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
            rows += 1
    return rows


def label_and_measure(source: Path, output: Path, threads: int) -> dict:
    command = [sys.executable, "-m", "zhnews.cli", "label", str(source), "-o", str(output), "--tasks", "topic",
               "--threads", str(threads), "--quiet", "--overwrite"]
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=REPO_ROOT, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if status != 0:
        raise RuntimeError(process.stderr.read().decode())
    return {"seconds": round(seconds, 1), "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
            "closing_line": process.stderr.read().decode().strip().splitlines()[-1]}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes-mb", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--row-chars", type=int, default=190_000)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--folder", default="/tmp")
    args = parser.parse_args()
    if args.row_chars > MAX_TEXT_CHARS:
        parser.error(f"--row-chars over the row limit ({MAX_TEXT_CHARS})")

    context = run_context()
    report = {"row_chars": args.row_chars, "threads": args.threads, "runs": []}
    for megabytes in args.sizes_mb:
        source = Path(args.folder) / f"zhnews-label-{megabytes}mb.jsonl"
        output = source.with_name(source.stem + "-labels.jsonl")
        try:
            rows = write_archive(source, megabytes, args.row_chars)
            run = {"input_mb": round(source.stat().st_size / 1e6, 1), "rows": rows,
                   **label_and_measure(source, output, args.threads)}
        finally:
            source.unlink(missing_ok=True)
            output.unlink(missing_ok=True)
        run["docs_per_s"] = round(rows / run["seconds"], 2)
        report["runs"].append(run)
        print(f"{run['input_mb']:8.1f} MB  {rows:6d} rows  {run['docs_per_s']:6.2f} docs/s  "
              f"peak RSS {run['peak_rss_mb']:7.1f} MB  | {run['closing_line']}", flush=True)
        save_results("label_memory", context, report)  # after every size: a long run keeps what it measured


if __name__ == "__main__":
    main()
