"""Topic classification splits from ../shared/data as `datasets` objects.

- train / dev: the labelled 新闻联播 stories split by date (train up to `train_end_date`, dev
  2025-07-01 … 2025-12-31); every story carries an annotator label.
- newspaper_dev: the 2025 People's Daily articles on which both annotators agree; with
  `newspaper_train`, the labelled 2019–2020 People's Daily articles join train.
- ood_dev: newspaper-style articles of another corpus (THUCNews by default), labels mapped in
  configs/data/topic_label_maps.yaml. Never used for training.
- extra training sources (Fudan, TNEWS, CSLDCP) join train through the same mapping file.
"""

from collections import Counter
from pathlib import Path

import yaml
from datasets import ClassLabel, Dataset, DatasetDict, Features, Value

from zhnews.corpus import (article_text, read_jsonl_gz, read_rmrb_articles, read_rmrb_topic_labels,
                           read_topic_labels, read_xwlb_stories, rmrb_split, xwlb_split)
from zhnews.labels import LABEL2ID, TOPIC_LABELS
from zhnews.paths import REPO_ROOT, SHARED_DATA_DIR
from zhnews.text import normalize_text

DEFAULT_LABEL_MAPS = REPO_ROOT / "configs" / "data" / "topic_label_maps.yaml"
FEATURES = Features({
    "id": Value("string"),
    "text": Value("string"),
    "label": ClassLabel(names=list(TOPIC_LABELS)),
    "source": Value("string"),
})


# The newspaper dev articles are dated 2025-01 … 2025-10: training text must end before them.
TOPIC_TRAIN_END_DATE = "2024-12-31"


def _labelled_row(article: dict, labels: dict[str, dict], source: str) -> dict:
    if article["id"] not in labels:
        raise ValueError(f"{source} article {article['id']} has no topic label")
    return {
        "id": article["id"],
        "text": normalize_text(article_text(article["title"], article["text"])),
        "label": LABEL2ID[labels[article["id"]]["label"]],
        "source": source,
    }


def xwlb_topic_rows(data_dir: str | Path = SHARED_DATA_DIR,
                    train_end_date: str = TOPIC_TRAIN_END_DATE) -> dict[str, list[dict]]:
    """Labelled stories by split (train: up to train_end_date, YYYY-MM-DD); a story without a label is
    an error, not a silent drop."""
    labels = read_topic_labels(data_dir)
    train_end = train_end_date.replace("-", "")
    rows: dict[str, list[dict]] = {"train": [], "dev": []}
    for story in read_xwlb_stories(data_dir):
        split = xwlb_split(story["date"])
        if split == "train" and story["date"] > train_end:
            continue
        if split in rows:
            rows[split].append(_labelled_row(story, labels, "xwlb"))
    return rows


def rmrb_topic_rows(data_dir: str | Path = SHARED_DATA_DIR) -> dict[str, list[dict]]:
    """People's Daily articles by split: train (2019–2020) and newspaper_dev (2025, both annotators agree)."""
    labels = read_rmrb_topic_labels(data_dir, agreed_only=True)
    rows: dict[str, list[dict]] = {"train": [], "newspaper_dev": []}
    for article in read_rmrb_articles(data_dir, kind="article"):
        split = {"train": "train", "dev": "newspaper_dev"}.get(rmrb_split(article["date"]))
        if split == "newspaper_dev" and article["id"] not in labels:
            continue  # the annotators disagree: not a dev article
        if split:
            rows[split].append(_labelled_row(article, labels, "rmrb"))
    return rows


def mapped_rows(name: str, label_maps_file: str | Path = DEFAULT_LABEL_MAPS,
                data_dir: str | Path = SHARED_DATA_DIR) -> list[dict]:
    """Documents of corpus `name` whose source label maps to a topic."""
    with open(label_maps_file, encoding="utf-8") as f:
        spec = yaml.safe_load(f)[name]
    bad = {v for v in spec["labels"].values() if v is not None and v not in LABEL2ID}
    if bad:
        raise ValueError(f"{label_maps_file}: {name} maps to unknown topics {sorted(bad)}")
    rows = []
    for i, record in enumerate(read_jsonl_gz(Path(data_dir) / spec["path"])):
        topic = spec["labels"].get(record["source_label"])
        text = normalize_text(record[spec["text_field"]])[: spec.get("max_chars")]
        if topic is not None and text:
            rows.append({"id": f"{name}-{i}", "text": text, "label": LABEL2ID[topic], "source": name})
    return rows


def build_topic_splits(extra_sources: list[str] = (), ood_source: str | None = "thucnews",
                       label_maps_file: str | Path = DEFAULT_LABEL_MAPS,
                       data_dir: str | Path = SHARED_DATA_DIR, newspaper_train: bool = True,
                       train_end_date: str = TOPIC_TRAIN_END_DATE) -> DatasetDict:
    """train, dev, newspaper_dev and (with ood_source) ood_dev."""
    rows = xwlb_topic_rows(data_dir, train_end_date)
    newspaper = rmrb_topic_rows(data_dir)
    rows["newspaper_dev"] = newspaper["newspaper_dev"]
    if newspaper_train:
        rows["train"] += newspaper["train"]
    for name in extra_sources:
        rows["train"] += mapped_rows(name, label_maps_file, data_dir)
    if ood_source:
        rows["ood_dev"] = mapped_rows(ood_source, label_maps_file, data_dir)
    return DatasetDict({split: Dataset.from_list(r, features=FEATURES) for split, r in rows.items()})


def label_counts(splits: DatasetDict, labels: list[str] | tuple[str, ...] = TOPIC_LABELS) -> dict[str, dict[str, int]]:
    """Rows per label name in each split (labels: the names of the label ids, in order)."""
    return {
        split: {labels[k]: v for k, v in sorted(Counter(ds["label"]).items())}
        for split, ds in splits.items()
    }
