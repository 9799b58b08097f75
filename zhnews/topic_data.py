"""Topic classification splits from ../shared/data as `datasets` objects.

- train / dev: the labelled 新闻联播 stories split by date (train up to 2025-06-30, dev
  2025-07-01 … 2025-12-31); every story carries an annotator label.
- ood_dev: newspaper-style articles of another corpus (THUCNews by default), labels mapped in
  configs/data/topic_label_maps.yaml. Never used for training.
- extra training sources (Fudan, TNEWS, CSLDCP) join train through the same mapping file.
"""

from collections import Counter
from pathlib import Path

import yaml
from datasets import ClassLabel, Dataset, DatasetDict, Features, Value

from zhnews.corpus import article_text, read_jsonl_gz, read_topic_labels, read_xwlb_stories, xwlb_split
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


def xwlb_topic_rows(data_dir: str | Path = SHARED_DATA_DIR) -> dict[str, list[dict]]:
    """Labelled stories by split; a story without a label is an error, not a silent drop."""
    labels = read_topic_labels(data_dir)
    rows: dict[str, list[dict]] = {"train": [], "dev": []}
    for story in read_xwlb_stories(data_dir):
        split = xwlb_split(story["date"])
        if split not in rows:
            continue
        if story["id"] not in labels:
            raise ValueError(f"story {story['id']} has no topic label")
        rows[split].append({
            "id": story["id"],
            "text": normalize_text(article_text(story["title"], story["text"])),
            "label": LABEL2ID[labels[story["id"]]["label"]],
            "source": "xwlb",
        })
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
                       data_dir: str | Path = SHARED_DATA_DIR) -> DatasetDict:
    rows = xwlb_topic_rows(data_dir)
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
