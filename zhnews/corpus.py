"""Readers for the raw corpora in ../shared/data (gzip JSONL and the topic label TSV)."""

import csv
import gzip
import json
from collections.abc import Iterator
from pathlib import Path

from zhnews.paths import SHARED_DATA_DIR

# Last day of the training period; later 新闻联播 stories are dev/test (2025-07-01 … 2025-12-31).
TRAIN_END_DATE = "20250630"
DEV_END_DATE = "20251231"


def read_jsonl_gz(path: str | Path) -> Iterator[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def xwlb_split(date: str) -> str:
    """'train', 'dev' or 'heldout' for a YYYYMMDD date. A date never straddles two splits."""
    if date <= TRAIN_END_DATE:
        return "train"
    return "dev" if date <= DEV_END_DATE else "heldout"


def read_xwlb_stories(data_dir: str | Path = SHARED_DATA_DIR) -> list[dict]:
    return list(read_jsonl_gz(Path(data_dir) / "xwlb" / "stories.jsonl.gz"))


def read_topic_labels(data_dir: str | Path = SHARED_DATA_DIR) -> dict[str, dict]:
    """story id -> {label, conf, runner_up} from xwlb/topic_labels.tsv."""
    labels = {}
    with open(Path(data_dir) / "xwlb" / "topic_labels.tsv", encoding="utf-8", newline="") as f:
        for row in csv.reader(f, delimiter="\t"):
            if row:
                story_id, label, conf, runner_up = (row + ["", "", ""])[:4]
                labels[story_id] = {"label": label, "conf": conf, "runner_up": runner_up}
    return labels


def article_text(title: str, body: str) -> str:
    """How a titled story is presented to the models: headline on the first line, then the body."""
    return f"{title}\n{body}" if title else body
