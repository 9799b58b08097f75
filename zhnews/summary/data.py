"""Article → headline pairs from ../shared/data as `datasets` objects.

- train: 新闻联播 stories up to 2025-06-30 → their broadcast headline, People's Daily 2019–2020
  articles → their printed headline, LCSTS part 2 (Weibo posts → summaries; CLGE's test split and
  every text that also appears in PART_III left out) and SogouCS (Sohu articles → titles), mixed by
  the config's `data_mix` weights and caps.
- dev: 新闻联播 stories 2025-07-01 … 2025-12-31 (early stopping and the main evaluation).
- newspaper_dev: People's Daily 2025 articles → printed headline.
- lcsts_test: LCSTS PART_III pairs with human_label >= 3, the standard 725-pair public test set.

Rows keep the whole normalised article in `text` (peers and the novel-bigram rate look at all of
it); what a model reads is `lead_text(text, max_source_length)` (at inference `story_lead`, the story before a
leader's letter printed ahead of it).
"""

import json
import random
import re
from pathlib import Path

from datasets import Dataset, DatasetDict

from zhnews.corpus import read_jsonl_gz, read_rmrb_articles, read_xwlb_stories, rmrb_split, xwlb_split
from zhnews.paths import SHARED_DATA_DIR
from zhnews.summary.extractive import story_first
from zhnews.text import normalize_text

LCSTS_TEST_MIN_HUMAN_LABEL = 3
SUMMARY_EVAL_SPLITS = {"dev": "新闻联播 2025-07-01 … 2025-12-31 (story → broadcast headline)",
                       "newspaper_dev": "People's Daily 2025 (article → printed headline, column tag dropped)",
                       "lcsts_test": "LCSTS PART_III, human_label >= 3 (Weibo post → summary)"}
_LCSTS_HELD_OUT_SPLIT = "clge_lcsts_test"  # also kept out of pretraining text (zhnews.mlm_data)


def lead_text(text: str, max_chars: int) -> str:
    """The truncation strategy for long articles: normalise, then keep the first max_chars characters.

    News puts the substance first (the lead paragraph answers who/what/when), so the opening
    paragraphs are kept whole and the tail is dropped. For Chinese, characters ≈ tokens, so
    max_chars = the encoder's token budget; tokenizer truncation trims any rest."""
    return normalize_text(text)[:max_chars]


def story_lead(text: str, max_chars: int) -> str:
    """What the summariser reads of an article, and a rater sees: lead_text, with the news story first where a
    leader's letter is printed before it (extractive.story_first). Training reads lead_text, as the pairs were made."""
    return story_first(normalize_text(text))[:max_chars]


def target_novelty(row: dict, max_source_chars: int) -> float:
    """The share of the summary's characters (whitespace aside) absent from the model's input."""
    source = set(lead_text(row["text"], max_source_chars))
    chars = [ch for ch in row["summary"] if not ch.isspace()]
    return sum(ch not in source for ch in chars) / len(chars) if chars else 0.0


def _summary(text: str) -> str:
    return normalize_text(text).replace("\n", " ")


def make_pair(pair_id: str, text: str, summary: str, source: str) -> dict:
    """A row: normalised article and summary (a summary is one line)."""
    return {"id": pair_id, "text": normalize_text(text), "summary": _summary(summary), "source": source}


def read_pairs_file(path: str | Path, source: str) -> list[dict]:
    """Your own pairs: JSON lines with string fields `text` and `summary`, normalised like the shared data."""
    rows = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if line.strip():
                record = json.loads(line)
                if not (isinstance(record.get("text"), str) and isinstance(record.get("summary"), str)):
                    raise ValueError(f"{path}:{n}: needs string fields text and summary")
                rows.append(make_pair(f"{source}-{n}", record["text"], record["summary"], source))
    return rows


def body_without_headline(title: str, body: str) -> str:
    """Some scraped bodies open with the headline as their own first line: drop it, or the model
    would learn to copy its answer."""
    paragraphs = normalize_text(body).split("\n")
    if len(paragraphs) > 1 and paragraphs[0] == normalize_text(title):
        paragraphs = paragraphs[1:]
    return "\n".join(paragraphs)


def xwlb_pairs(data_dir: str | Path = SHARED_DATA_DIR) -> dict[str, list[dict]]:
    """Story body → headline by split (the headline is never a line of the input text)."""
    rows: dict[str, list[dict]] = {"train": [], "dev": []}
    for story in read_xwlb_stories(data_dir):
        split = xwlb_split(story["date"])
        body = body_without_headline(story["title"], story["text"])
        if split in rows and body and story["title"].strip():
            rows[split].append(make_pair(story["id"], body, story["title"], "xwlb"))
    return rows


# A trailing column or series name in brackets: 人民时评, 今日谈, 发展各具特色的县域经济 …
_COLUMN_TAG = re.compile(r"\s*（[^（）]*）$")


def rmrb_headline(title: str) -> str:
    """The printed headline as a reference summary: `title` alone (kicker and subtitle are separate
    fields), without a trailing column tag such as （人民时评）, which no article text supports."""
    headline = _COLUMN_TAG.sub("", title.strip())
    return headline or title.strip()


def rmrb_pairs(data_dir: str | Path = SHARED_DATA_DIR) -> dict[str, list[dict]]:
    """People's Daily article → printed headline by split: 2019–2020 train, 2025 dev (file order)."""
    rows: dict[str, list[dict]] = {"train": [], "dev": []}
    for article in read_rmrb_articles(data_dir, kind="article"):
        split = rmrb_split(article["date"])
        body = body_without_headline(article["title"], article["text"])
        if split in rows and body and article["title"].strip():
            rows[split].append(make_pair(article["id"], body, rmrb_headline(article["title"]), "rmrb"))
    return rows


def cap_repeated_summaries(rows: list[dict], max_repeats: int | None) -> list[dict]:
    """Keep at most max_repeats rows per identical summary (the earliest ones)."""
    if max_repeats is None:
        return rows
    seen: dict[str, int] = {}
    kept = []
    for row in rows:
        seen[row["summary"]] = seen.get(row["summary"], 0) + 1
        if seen[row["summary"]] <= max_repeats:
            kept.append(row)
    return kept


def lcsts_test_pairs(data_dir: str | Path = SHARED_DATA_DIR) -> list[dict]:
    """LCSTS PART_III with human_label >= 3: the 725-pair test set."""
    records = read_jsonl_gz(Path(data_dir) / "lcsts" / "part3.jsonl.gz")
    return [make_pair(f"lcsts3-{i}", r["text"], r["summary"], "lcsts_part3") for i, r in enumerate(records)
            if r["human_label"] >= LCSTS_TEST_MIN_HUMAN_LABEL]


def lcsts_train_pairs(data_dir: str | Path = SHARED_DATA_DIR) -> list[dict]:
    """LCSTS part 2 minus CLGE's test split and minus every text found in PART_III (any label)."""
    part3 = {normalize_text(r["text"]) for r in read_jsonl_gz(Path(data_dir) / "lcsts" / "part3.jsonl.gz")}
    rows = []
    for i, r in enumerate(read_jsonl_gz(Path(data_dir) / "lcsts" / "part2_subset.jsonl.gz")):
        pair = make_pair(f"lcsts2-{i}", r["text"], r["summary"], "lcsts")
        if r.get("split") != _LCSTS_HELD_OUT_SPLIT and pair["text"] not in part3:
            rows.append(pair)
    return rows


def sogoucs_pairs(data_dir: str | Path = SHARED_DATA_DIR) -> list[dict]:
    records = read_jsonl_gz(Path(data_dir) / "sogoucs" / "pairs.jsonl.gz")
    return [make_pair(f"sogoucs-{i}", r["text"], r["summary"], "sogoucs") for i, r in enumerate(records)]


def mix_sources(rows_by_source: dict[str, list[dict]], mix: dict[str, dict], seed: int) -> list[dict]:
    """Cap, then repeat each source by its weight (fractions as a seeded sample), then shuffle."""
    rng = random.Random(seed)
    mixed = []
    for name, spec in mix.items():
        rows = rows_by_source[name]
        cap = spec.get("cap")
        if cap is not None and len(rows) > cap:
            rows = [rows[i] for i in sorted(rng.sample(range(len(rows)), cap))]
        weight = float(spec.get("weight", 1.0))
        mixed.extend(rows * int(weight))
        mixed.extend(rng.sample(rows, round((weight - int(weight)) * len(rows))))
    rng.shuffle(mixed)
    return mixed


def summary_eval_sets(data_dir: str | Path = SHARED_DATA_DIR) -> dict[str, list[dict]]:
    """The three eval sets of SUMMARY_EVAL_SPLITS, rows in file order."""
    return {"dev": xwlb_pairs(data_dir)["dev"], "newspaper_dev": rmrb_pairs(data_dir)["dev"],
            "lcsts_test": lcsts_test_pairs(data_dir)}


def build_summary_splits(mix: dict[str, dict], max_headline_repeats: int | None = 3, seed: int = 42,
                         data_dir: str | Path = SHARED_DATA_DIR) -> DatasetDict:
    """train (mixed) and the eval sets (summary_eval_sets), each with id/text/summary/source."""
    xwlb, rmrb = xwlb_pairs(data_dir), rmrb_pairs(data_dir)
    readers = {
        "xwlb": lambda: cap_repeated_summaries(xwlb["train"], max_headline_repeats),
        "rmrb": lambda: rmrb["train"],
        "lcsts": lambda: lcsts_train_pairs(data_dir),
        "sogoucs": lambda: sogoucs_pairs(data_dir),
    }
    used = {name: spec for name, spec in mix.items() if float(spec.get("weight", 1.0)) > 0}
    train = mix_sources({name: readers[name]() for name in used}, used, seed)
    return DatasetDict({
        "train": Dataset.from_list(train),
        "dev": Dataset.from_list(xwlb["dev"]),
        "newspaper_dev": Dataset.from_list(rmrb["dev"]),
        "lcsts_test": Dataset.from_list(lcsts_test_pairs(data_dir)),
    })
