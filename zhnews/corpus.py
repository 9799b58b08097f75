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


def read_topic_labels(data_dir: str | Path = SHARED_DATA_DIR,
                      labels_file: str = "xwlb/topic_labels.tsv") -> dict[str, dict]:
    """article id -> {label, conf, runner_up} from a label TSV (`id, label, conf, runner_up`)."""
    labels = {}
    with open(Path(data_dir) / labels_file, encoding="utf-8", newline="") as f:
        for row in csv.reader(f, delimiter="\t"):
            if row:
                story_id, label, conf, runner_up = (row + ["", "", ""])[:4]
                labels[story_id] = {"label": label, "conf": conf, "runner_up": runner_up}
    return labels


def article_text(title: str, body: str) -> str:
    """How a titled story is presented to the models: headline on the first line, then the body."""
    return f"{title}\n{body}" if title else body


# People's Daily (rmrb_archive): 2019–2020 editions train, the 2025 sample is the newspaper dev set.
RMRB_DIR = "rmrb_archive"
RMRB_TRAIN_YEARS = ("2019", "2020")
RMRB_DEV_YEARS = ("2025",)


def rmrb_split(date: str) -> str:
    """'train', 'dev' or 'heldout' for a People's Daily YYYY-MM-DD date (years never straddle splits)."""
    year = date[:4]
    if year in RMRB_TRAIN_YEARS:
        return "train"
    return "dev" if year in RMRB_DEV_YEARS else "heldout"


def read_rmrb_articles(data_dir: str | Path = SHARED_DATA_DIR, kind: str | None = "article") -> list[dict]:
    """People's Daily records (`kind`: 'article', 'caption' or None for both)."""
    records = read_jsonl_gz(Path(data_dir) / RMRB_DIR / "articles.jsonl.gz")
    return [r for r in records if kind is None or r["kind"] == kind]


def read_rmrb_topic_labels(data_dir: str | Path = SHARED_DATA_DIR, agreed_only: bool = True) -> dict[str, dict]:
    """article id -> label. With agreed_only, a dev (2025) article whose second annotator disagrees
    is left out: the newspaper dev set is the articles both annotators labelled alike."""
    labels = read_topic_labels(data_dir, f"{RMRB_DIR}/topic_labels.tsv")
    if agreed_only:
        second = read_topic_labels(data_dir, f"{RMRB_DIR}/topic_labels_second.tsv")
        labels = {i: l for i, l in labels.items() if i not in second or second[i]["label"] == l["label"]}
    return labels
