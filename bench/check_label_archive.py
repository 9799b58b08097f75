"""The issue's acceptance run on real stories: 2,000 新闻联播 dev stories with the 7 kinds of bad row
mixed in, labelled once straight through and once killed with SIGKILL mid-way and resumed.

    python bench/check_label_archive.py [--stories 2000] [--tasks topic] [--kill-after-rows 600]

Checks (and prints): 2,007 output rows in input order, `error` on exactly the 7 bad rows, and the
killed-and-resumed output byte-identical to the uninterrupted one. Files live in a temporary folder;
the printed lines go to bench/results/label_archive_check.json.
"""

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from results_file import run_context, save_results
from zhnews.corpus import read_xwlb_stories, xwlb_split
from zhnews.paths import REPO_ROOT

BAD_LINES = [  # the seven kinds, in the order the issue lists them
    b'{"id": "bad-json", "text": ',
    b'"a JSON string, not an object"',
    b'{"id": "bad-utf8", "text": "\xb9\xfa\xbc\xd2 GBK bytes"}',
    b'{"id": "bad-missing", "title": "no text"}',
    b'{"id": "bad-empty", "text": ""}',
    b'{"id": "bad-type", "text": ["a", "list"]}',
    json.dumps({"id": "bad-long", "text": "长" * 200_001}).encode(),
]


def dev_stories(n_stories: int) -> list[dict]:
    return [s for s in read_xwlb_stories() if xwlb_split(s["date"]) == "dev"][:n_stories]


def write_archive(path: Path, n_stories: int) -> list[int]:
    """Dev stories with a bad line after every n_stories // 8 of them; returns the bad rows' indexes."""
    stories = dev_stories(n_stories)
    lines, bad_rows, every = [], [], max(1, n_stories // 8)
    bad = list(BAD_LINES)
    for i, story in enumerate(stories):
        row = {"id": story["id"], "title": story["title"], "text": story["text"]}
        lines.append(json.dumps(row, ensure_ascii=False).encode("utf-8"))
        if bad and (i + 1) % every == 0:
            bad_rows.append(len(lines))
            lines.append(bad.pop(0))
    path.write_bytes(b"\n".join(lines) + b"\n")
    return bad_rows


def label(source: Path, output: Path, tasks: str, *extra: str) -> subprocess.Popen:
    command = [sys.executable, "-m", "zhnews.cli", "label", str(source), "-o", str(output), "--tasks", tasks,
               "--title-field", "title", "--chunk-rows", "100", "--quiet", *extra]
    return subprocess.Popen(command, cwd=REPO_ROOT, stderr=subprocess.PIPE, text=True)


def committed_rows(partial: Path) -> int:
    try:
        return json.loads((partial / "manifest.json").read_text())["rows"]
    except (FileNotFoundError, json.JSONDecodeError):
        return 0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--stories", type=int, default=2000)
    parser.add_argument("--tasks", default="topic")
    parser.add_argument("--kill-after-rows", type=int, default=600)
    args = parser.parse_args()

    context, lines = run_context(), []

    def say(line: str) -> None:
        print(line, flush=True)
        lines.append(line)

    with tempfile.TemporaryDirectory(prefix="check-label-") as folder:
        source, whole, resumed = (Path(folder) / name for name in ("in.jsonl", "whole.jsonl", "resumed.jsonl"))
        bad_rows = write_archive(source, args.stories)
        straight = label(source, whole, args.tasks)
        assert straight.wait() == 0, straight.stderr.read()
        say("uninterrupted: " + straight.stderr.read().strip().splitlines()[-1])
        rows = [json.loads(line) for line in whole.read_text(encoding="utf-8").splitlines()]
        error_rows = [i for i, row in enumerate(rows) if "error" in row]
        rows_in_order = [row.get("id") for row in rows if "error" not in row] == \
                        [s["id"] for s in dev_stories(args.stories)]
        say(f"{len(rows)} output rows for {args.stories} stories + {len(BAD_LINES)} bad lines; errors on rows "
            f"{error_rows}, bad lines at {bad_rows}: {'OK' if error_rows == bad_rows else 'MISMATCH'}; "
            f"stories in input order: {rows_in_order}")

        killed = label(source, resumed, args.tasks)
        partial = resumed.with_name(resumed.name + ".partial")
        while committed_rows(partial) < args.kill_after_rows and killed.poll() is None:
            time.sleep(0.05)
        os.kill(killed.pid, signal.SIGKILL)
        killed.wait()
        say(f"killed with SIGKILL after {committed_rows(partial)} committed rows")
        again = label(source, resumed, args.tasks, "--resume")
        assert again.wait() == 0, again.stderr.read()
        say("resumed: " + again.stderr.read().strip().splitlines()[-1])
        same = resumed.read_bytes() == whole.read_bytes()
        say(f"killed + resumed output identical to the uninterrupted one: {same}")
    passed = error_rows == bad_rows and same and rows_in_order and len(rows) == args.stories + len(BAD_LINES)
    save_results("label_archive_check", context, {"passed": passed, "output": lines})
    if not passed:
        sys.exit(1)


if __name__ == "__main__":
    main()
